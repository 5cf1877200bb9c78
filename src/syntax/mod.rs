//! Source text to AST. pest stays inside this module: its pairs are lowered
//! to [`crate::ast`] nodes with owned spans, and its errors become
//! diagnostics that speak the language's own words.

mod expected;
mod lower;

use pest::Parser;
use pest_derive::Parser;

use crate::ast;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};

#[derive(Parser)]
#[grammar = "../grammar/policy.pest"]
struct PolicyParser;

/// Words that cannot be names because they start a declaration (the
/// grammar's `reserved_word`).
pub const RESERVED_WORDS: &[&str] = &[
    "policy",
    "import",
    "controller",
    "party",
    "contact",
    "subject",
    "source",
    "method",
    "data",
    "purpose",
    "exception",
    "collect",
    "use",
    "outsource",
    "provide",
    "rights",
    "security",
    "on",
    "forbid",
    "commitment",
    "retain",
];

/// At most this many syntax errors are reported for one file; the rest are
/// counted in a final diagnostic so that a garbage file cannot flood CI logs.
pub const MAX_SYNTAX_ERRORS: usize = 50;

/// The result of parsing one file: what could be read, and what could not.
#[derive(Debug, Default)]
pub struct Parsed {
    pub file: ast::File,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one policy file. Never fails: unreadable parts become diagnostics
/// and the declarations around them are still returned.
///
/// Large files are read by several threads (see [`parse_threads`]); the
/// result is the same as reading them with one.
pub fn parse(file: FileId, source: &str) -> Parsed {
    let threads = parse_threads();
    if threads < 2 || source.len() < MIN_SPLIT_BYTES {
        return parse_split(file, source, &[]);
    }
    let boundaries: Vec<usize> = (1..threads)
        .filter_map(|i| guess_declaration_start(source, source.len() / threads * i))
        .collect();
    parse_split(file, source, &boundaries)
}

/// [`parse`] with the text cut into pieces at `boundaries` (any byte
/// offsets; ones that are not character boundaries are ignored), each read
/// on a thread of its own. For the fuzzer, which checks that the result is
/// that of one reading wherever the cuts fall.
#[doc(hidden)]
pub fn parse_in_pieces(file: FileId, source: &str, boundaries: &[usize]) -> Parsed {
    parse_split(file, source, boundaries)
}

/// Below this size a file is read by one thread: starting another costs more
/// than it saves.
const MIN_SPLIT_BYTES: usize = 256 * 1024;

/// How many threads read a large file, and imported files ahead of their
/// turn (`load`): `LAWFUL_THREADS` if set (1: everything on one thread),
/// else the machine's parallelism, at most 8.
pub fn parse_threads() -> usize {
    std::env::var("LAWFUL_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .min(8)
}

/// Reads `source` in pieces that start at `boundaries`, one thread each, and
/// joins them. A boundary is only a guess at where a declaration starts: a
/// piece is kept only if the reading before it stopped exactly at its
/// boundary with no syntax error pending, so that it began in the state a
/// single reading would have been in there. Otherwise the reading goes on
/// from where it stopped and the piece is thrown away. Either way the result
/// is exactly that of one reading from the start.
pub(crate) fn parse_split(file: FileId, source: &str, boundaries: &[usize]) -> Parsed {
    let mut bounds: Vec<usize> = boundaries
        .iter()
        .copied()
        .filter(|b| *b > 0 && *b < source.len() && source.is_char_boundary(*b))
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut ends = bounds.clone();
    ends.push(source.len());

    let mut whole = Reader::new(file, source);
    std::thread::scope(|scope| {
        let pieces: Vec<_> = bounds
            .iter()
            .zip(ends.iter().skip(1))
            .map(|(&from, &until)| {
                let handle = scope.spawn(move || {
                    let mut reader = Reader::new(file, source);
                    let stopped = reader.read(from, until);
                    (reader, stopped)
                });
                (from, until, handle)
            })
            .collect();
        let mut at = whole.read(0, ends[0]);
        for (from, until, handle) in pieces {
            match handle.join() {
                Ok((piece, stopped)) if at == from && whole.is_fresh() => {
                    whole.append(piece);
                    at = stopped;
                }
                // A declaration ran across the boundary, an error is
                // pending, or the thread failed: read this piece again.
                _ => at = whole.read(at, until),
            }
        }
        if at < source.len() {
            whole.read(at, source.len());
        }
    });
    whole.finish()
}

/// Reads a file a few items at a time: pest parses a batch (`Rule::items`,
/// up to 32 declarations or unreadable lines, from the first byte of the
/// first), the pairs are lowered and dropped, so pest's token queue never
/// holds more than one batch. A line where no declaration starts is `junk`
/// up to its end, as in the grammar's recovering `file` rule.
struct Reader<'s> {
    file: FileId,
    source: &'s str,
    parsed: Parsed,
    /// Whether the last thing read was an unreadable line.
    in_junk: bool,
    syntax_errors: usize,
    suppressed: usize,
    /// The end of the last broken declaration: declarations that start
    /// before it were inside its broken block.
    last_error_end: usize,
    /// Whether declarations are lowered to the syntax tree; without, only
    /// syntax errors are reported (for `lawful fmt`, see [`tokens`]).
    lower: bool,
}

impl<'s> Reader<'s> {
    fn new(file: FileId, source: &'s str) -> Reader<'s> {
        Reader {
            file,
            source,
            parsed: Parsed::default(),
            in_junk: false,
            syntax_errors: 0,
            suppressed: 0,
            last_error_end: 0,
            lower: true,
        }
    }

    /// Reads from `from` until a declaration starts at or after `until` or
    /// the text ends; returns where it stopped (after white space and
    /// comments, so at a declaration or the end).
    fn read(&mut self, from: usize, until: usize) -> usize {
        let mut at = skip_trivia(self.source, from);
        while at < until {
            let items = next_items(self.source, at);
            if items.is_empty() {
                break;
            }
            for item in items {
                if item.start >= until {
                    return item.start;
                }
                match item.declaration {
                    Some(pair) => self.declaration(item.start, item.base, pair),
                    None => self.junk(item.start),
                }
                at = item.end;
            }
            at = skip_trivia(self.source, at);
        }
        at
    }

    /// `base` is where the text given to pest started: the pair's spans
    /// count from there.
    fn declaration(&mut self, start: usize, base: usize, pair: pest::iterators::Pair<Rule>) {
        // Declarations inside a broken block belong to it: `retain 5 years`
        // is a valid line on its own, but not the end of the broken block.
        if start < self.last_error_end {
            return;
        }
        self.in_junk = false;
        if self.syntax_errors >= MAX_SYNTAX_ERRORS {
            // Past the cap, only count: re-parsing a bad line to say what was
            // expected costs pest a scan of the rest of the file.
            self.suppressed += broken_block_lines(pair.clone());
        } else {
            for diagnostic in block_errors(self.file, self.source, base, pair.clone()) {
                self.syntax_error(diagnostic);
            }
        }
        if !self.lower {
            return;
        }
        let mut lowerer = lower::Lowerer::new(self.file, base, &mut self.parsed.diagnostics);
        if let Some(decl) = lowerer.decl(pair) {
            self.parsed.file.decls.push(decl);
        }
    }

    /// One error per run of unreadable lines: the first line says what was
    /// expected; the lines after it are most likely its consequence, unless
    /// a line starts a declaration of its own.
    fn junk(&mut self, start: usize) {
        if start < self.last_error_end {
            return;
        }
        if self.in_junk && !starts_declaration(&self.source[start..]) {
            return;
        }
        self.in_junk = true;
        if self.syntax_errors >= MAX_SYNTAX_ERRORS {
            self.suppressed += 1;
            return;
        }
        let diagnostic = strict_error(self.file, self.source, start);
        // From the error on, the next line may be read again: it can be a
        // declaration of its own that the broken one ran into.
        let error_at = diagnostic
            .primary_span()
            .map(|s| s.start as usize)
            .unwrap_or(start);
        self.last_error_end = broken_extent(self.source, start, error_at);
        self.syntax_error(diagnostic);
    }

    fn syntax_error(&mut self, diagnostic: Diagnostic) {
        if self.syntax_errors >= MAX_SYNTAX_ERRORS {
            self.suppressed += 1;
        } else {
            self.syntax_errors += 1;
            self.parsed.diagnostics.push(diagnostic);
        }
    }

    /// Whether this reader is in the state it started in, so that a reading
    /// that started fresh where it stopped would go on exactly as it would.
    fn is_fresh(&self) -> bool {
        !self.in_junk && self.syntax_errors == 0 && self.suppressed == 0
    }

    fn append(&mut self, piece: Reader<'s>) {
        // Exactly the room needed: a list grown by doubling here held up to
        // half a file's declarations (64 bytes each) unused until the
        // resolver took the tree apart (memory, issue 13).
        let decls = &mut self.parsed.file.decls;
        decls.reserve_exact(piece.parsed.file.decls.len());
        decls.extend(piece.parsed.file.decls);
        self.parsed.diagnostics.extend(piece.parsed.diagnostics);
        self.in_junk = piece.in_junk;
        self.syntax_errors = piece.syntax_errors;
        self.suppressed = piece.suppressed;
        self.last_error_end = piece.last_error_end;
    }

    fn finish(mut self) -> Parsed {
        if self.suppressed > 0 {
            let len = self.source.len();
            let at = Span::new(self.file, len, len);
            let suppressed = self.suppressed;
            self.parsed.diagnostics.push(
                Diagnostic::new(
                    Code::SyntaxError,
                    format!("{suppressed} more syntax errors not shown"),
                    at,
                    "the file ends here",
                )
                .with_help(format!(
                    "only the first {MAX_SYNTAX_ERRORS} syntax errors of a file are reported; fix those first"
                )),
            );
        }
        self.parsed
    }
}

/// One top-level item of a file: a declaration, or a line where none starts.
struct Item<'s> {
    /// Where the text given to pest started; `declaration`'s spans count
    /// from there.
    base: usize,
    start: usize,
    end: usize,
    /// `None` for a line where no declaration starts.
    declaration: Option<pest::iterators::Pair<'s, Rule>>,
}

/// The next few items from `at`, which must be where one starts (after white
/// space and comments), as the grammar's `items` rule reads them; none at
/// the end of the text.
fn next_items(source: &str, at: usize) -> Vec<Item<'_>> {
    let Some(rest) = source.get(at..).filter(|rest| !rest.is_empty()) else {
        return Vec::new();
    };
    let pairs = match PolicyParser::parse(Rule::items, rest) {
        Ok(pairs) => pairs,
        // `items` accepts any text that is not empty; were it to fail, the
        // line is still reported, not lost.
        Err(_) => {
            return vec![Item {
                base: at,
                start: at,
                end: rest.find('\n').map_or(source.len(), |n| at + n),
                declaration: None,
            }];
        }
    };
    pairs
        .map(|pair| {
            let span = pair.as_span();
            Item {
                base: at,
                start: at + span.start(),
                end: at + span.end(),
                declaration: (pair.as_rule() != Rule::junk).then_some(pair),
            }
        })
        .collect()
}

/// Skips white space and comments from `at`: the grammar's `WHITESPACE` and
/// `COMMENT`, which pest skips between declarations in the `file` rule.
fn skip_trivia(source: &str, mut at: usize) -> usize {
    let bytes = source.as_bytes();
    while at < bytes.len() {
        match bytes[at] {
            b' ' | b'\t' | b'\r' | b'\n' => at += 1,
            b'#' => {
                at = source[at..].find('\n').map_or(bytes.len(), |n| at + n);
            }
            _ if source[at..].starts_with('\u{FEFF}') => at += '\u{FEFF}'.len_utf8(),
            _ => break,
        }
    }
    at
}

/// A guess at where a declaration starts at or after `near`: the start of
/// the next line that begins with a declaration keyword.
fn guess_declaration_start(source: &str, near: usize) -> Option<usize> {
    let mut at = near;
    while let Some(newline) = source.get(at..)?.find('\n') {
        let line = at + newline + 1;
        if starts_declaration(source.get(line..)?) {
            return Some(line);
        }
        at = line;
    }
    None
}
/// One token of a policy file as the formatter sees it: a keyword, name,
/// literal or punctuation mark (`{ } , : ( ) +`); never white space or a
/// comment. `starts_line` marks the first token of a top-level declaration,
/// of a block property, and every closing `}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    // Byte offsets as `u32` (files are read only up to 64 MiB, and
    // [`tokens`] refuses a text of 4 GiB): a token list is the largest
    // thing the formatter holds.
    start: u32,
    end: u32,
    pub starts_line: bool,
}

impl Token {
    fn new(start: usize, end: usize, starts_line: bool) -> Token {
        // `tokens` refuses texts whose offsets do not fit.
        Token {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
            starts_line,
        }
    }

    /// Where the token starts, in bytes.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the token ends, in bytes.
    pub fn end(&self) -> usize {
        self.end as usize
    }
}

/// The tokens of a file in source order, for `lawful fmt`; or the file's
/// syntax errors, since a file that does not parse is not formatted. The
/// tokens are the grammar's own (a multi-word keyword such as `special care`,
/// a number such as `1,000` and an article such as `27(1)(ii)` are one token
/// each), so everything between two tokens is white space and comments.
///
/// Read a batch of declarations at a time, as [`parse`] reads, without
/// building the syntax tree: the formatter's memory stays a small multiple
/// of the file (issue 13).
pub fn tokens(file: FileId, source: &str) -> Result<Vec<Token>, Vec<Diagnostic>> {
    if u32::try_from(source.len()).is_err() {
        let at = Span::new(file, 0, 0);
        let message = "a text of 4 GiB or more cannot be formatted";
        return Err(vec![Diagnostic::new(
            Code::SyntaxError,
            message,
            at,
            "this text",
        )]);
    }
    let mut tokens = Vec::new();
    let mut leaves = Vec::new();
    // The end of the last token: punctuation is looked for from there.
    let mut last_end = 0;
    let mut errors_checked = false;
    let mut at = skip_trivia(source, 0);
    loop {
        let items = next_items(source, at);
        if items.is_empty() {
            break;
        }
        for item in items {
            at = item.end;
            let Some(pair) = item.declaration else {
                // An unreadable line: say why, as `parse` does.
                let mut errors = syntax_errors(file, source);
                if errors.is_empty() {
                    errors.push(strict_error(file, source, item.start));
                }
                return Err(errors);
            };
            leaves.clear();
            let junk = declaration_leaves(pair, item.base, &mut leaves);
            if junk && !errors_checked {
                // A line of a block was not understood: report the file's
                // syntax errors, if that makes one (as `parse` decides).
                let errors = syntax_errors(file, source);
                if !errors.is_empty() {
                    return Err(errors);
                }
                errors_checked = true;
            }
            for leaf in leaves.drain(..) {
                punctuation(source, last_end, leaf.start(), &mut tokens);
                tokens.push(leaf);
                last_end = leaf.end();
            }
        }
        at = skip_trivia(source, at);
    }
    Ok(tokens)
}

/// The syntax errors of a file, read without building its tree.
fn syntax_errors(file: FileId, source: &str) -> Vec<Diagnostic> {
    let mut reader = Reader::new(file, source);
    reader.lower = false;
    reader.read(0, source.len());
    reader.finish().diagnostics
}

/// The tokens of one declaration that are pairs of their own (every token
/// but punctuation), depth first; `base` is where its spans count from.
/// Says whether it holds a line of a block that was not understood.
fn declaration_leaves(
    pair: pest::iterators::Pair<Rule>,
    base: usize,
    leaves: &mut Vec<Token>,
) -> bool {
    let mut junk = false;
    // (pair, whether its first token starts a line)
    let mut todo = vec![(pair, true)];
    while let Some((pair, starts_line)) = todo.pop() {
        junk |= pair.as_rule() == Rule::prop_junk;
        let span = pair.as_span();
        let block = property_rule(pair.as_rule()).is_some();
        let children: Vec<_> = pair.clone().into_inner().collect();
        if pair.as_rule() == Rule::string || children.is_empty() {
            if span.start() < span.end() {
                leaves.push(Token::new(
                    base + span.start(),
                    base + span.end(),
                    starts_line,
                ));
            }
            continue;
        }
        for (i, child) in children.into_iter().enumerate().rev() {
            // The first child inherits; in a block, every property and the
            // closing brace start a line.
            let line = if i == 0 {
                starts_line
            } else {
                block && child.as_rule() != Rule::open_brace
            };
            todo.push((child, line));
        }
    }
    junk
}

/// Punctuation is not a pair of its own: it is what remains between two
/// pairs once white space and comments are skipped.
fn punctuation(source: &str, from: usize, to: usize, tokens: &mut Vec<Token>) {
    let mut chars = source[from..to].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' | '\u{FEFF}' => {}
            '#' => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            _ => tokens.push(Token::new(from + i, from + i + c.len_utf8(), false)),
        }
    }
}

/// Whether a line begins with a keyword that starts a declaration.
fn starts_declaration(line: &str) -> bool {
    let word_end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    let word = &line[..word_end];
    RESERVED_WORDS.contains(&word) || word == "joint" || word == "anonymous"
}

/// The property rule of each kind of block, to re-parse a bad line in it.
fn property_rule(block: Rule) -> Option<Rule> {
    Some(match block {
        Rule::policy_block => Rule::policy_prop,
        Rule::controller_block => Rule::controller_prop,
        Rule::party_block => Rule::party_prop,
        Rule::contact_block => Rule::contact_prop,
        Rule::purpose_block => Rule::purpose_prop,
        Rule::note_block => Rule::note_block_prop,
        Rule::flow_block => Rule::flow_prop,
        Rule::joint_use_block => Rule::joint_use_prop,
        Rule::responsible_block => Rule::responsible_block_prop,
        Rule::anonymous_block => Rule::anonymous_prop,
        Rule::rights_block => Rule::rights_prop,
        Rule::security_block => Rule::security_prop,
        Rule::forbid_block => Rule::forbid_prop,
        Rule::exception_block => Rule::exception_prop,
        Rule::on_block => Rule::on_prop,
        _ => return None,
    })
}

/// One error per run of unreadable lines inside the blocks of `pair`.
fn block_errors(
    file: FileId,
    source: &str,
    offset: usize,
    pair: pest::iterators::Pair<Rule>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut todo = vec![pair];
    while let Some(pair) = todo.pop() {
        let block = pair.as_rule();
        let mut previous_was_junk = false;
        for child in pair.into_inner() {
            if child.as_rule() != Rule::prop_junk {
                previous_was_junk = false;
                // Only blocks hold `prop_junk`; a joint use's `responsible`
                // property is the one property with a block of its own.
                let rule = child.as_rule();
                if property_rule(rule).is_some() || rule == Rule::responsible_prop {
                    todo.push(child);
                }
                continue;
            }
            if previous_was_junk {
                continue;
            }
            previous_was_junk = true;
            let Some(rule) = property_rule(block) else {
                continue;
            };
            let start = offset + child.as_span().start();
            let rest = source.get(start..).unwrap_or("");
            if let Err(error) = PolicyParser::parse(rule, rest) {
                errors.push(expected::to_diagnostic_in_block(file, source, start, error));
            }
        }
    }
    errors.sort_by_key(|d| d.primary_span());
    errors
}

/// How many runs of unreadable lines the blocks of `pair` hold: the number
/// of errors [`block_errors`] would report.
fn broken_block_lines(pair: pest::iterators::Pair<Rule>) -> usize {
    let mut runs = 0;
    let mut todo = vec![pair];
    while let Some(pair) = todo.pop() {
        let block = property_rule(pair.as_rule()).is_some();
        let mut previous_was_junk = false;
        for child in pair.into_inner() {
            let rule = child.as_rule();
            if rule == Rule::prop_junk {
                if block && !previous_was_junk {
                    runs += 1;
                }
                previous_was_junk = true;
            } else {
                previous_was_junk = false;
                if property_rule(rule).is_some() || rule == Rule::responsible_prop {
                    todo.push(child);
                }
            }
        }
    }
    runs
}

/// Where the broken declaration starting at `start` ends: after the `}`
/// that closes the block the error is in, or at the error when the error is
/// not inside a block or the block is never closed.
fn broken_extent(source: &str, start: usize, error_at: usize) -> usize {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut opened = false;
    let mut in_string = false;
    let mut in_comment = false;
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if in_comment {
            in_comment = b != b'\n';
        } else if in_string {
            if b == b'\\' {
                i += 1;
            } else if b == b'"' {
                in_string = false;
            }
        } else {
            match b {
                b'#' => in_comment = true,
                b'"' => in_string = true,
                b'{' => {
                    if i >= error_at && !opened {
                        return error_at;
                    }
                    opened = true;
                    depth += 1;
                }
                b'}' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        return (i + 1).max(error_at);
                    }
                }
                _ => {}
            }
        }
        if !opened && i >= error_at {
            return error_at;
        }
        i += 1;
    }
    error_at
}

/// Re-parses a single declaration at `start` to learn exactly what went wrong.
fn strict_error(file: FileId, source: &str, start: usize) -> Diagnostic {
    let rest = source.get(start..).unwrap_or("");
    match PolicyParser::parse(Rule::decl, rest) {
        Err(error) => expected::to_diagnostic(file, source, start, error),
        // The recovering parse disagreed with the strict one; still report
        // the line rather than drop it.
        Ok(_) => {
            let end = rest.find('\n').map(|n| start + n).unwrap_or(source.len());
            Diagnostic::new(
                Code::SyntaxError,
                "this line is not a declaration",
                Span::new(file, start, end),
                "not understood",
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(source: &str) -> Vec<String> {
        parse(FileId(0), source)
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn parses_the_brief_example() {
        let source = r#"
            policy "Northwind Library" under APPI, GDPR
            controller northwind "Northwind Library Co., Ltd." {
              address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
              representative "Hanako Example"
            }
            data name, email, loan_history
            data reading_disability : special care   # health-related
            purpose lending "To lend books" {
              basis contract
              retain until contract ends + 1 year
            }
            collect name, email from members via web_form for lending
            outsource loan_history to mailer_inc for lending {
              contract "data processing agreement 2024-03"
              selected by "vendor selection criteria v2"
            }
            exception life_or_property cites APPI 20(2)(ii) "necessary to protect life"
        "#;
        let parsed = parse(FileId(0), source);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.file.decls.len(), 8);
    }

    #[test]
    fn never_names_pest_rules() {
        for source in [
            "purpose p \"x\" { basis contrat }",
            "data",
            "collect a from b for",
            "policy",
            "}",
            "purpose p \"unterminated",
            "controller c \"C\" { address }",
        ] {
            for message in errors(source) {
                assert!(!message.contains('_'), "{source:?} gave {message:?}");
                assert!(!message.contains("EOI"), "{source:?} gave {message:?}");
            }
        }
    }

    #[test]
    fn recovers_to_report_several_errors() {
        let source = "data a\npurpose p \"x\" { bsis contract }\ndata b\ncollect a from\ndata c\n";
        let parsed = parse(FileId(0), source);
        assert_eq!(parsed.diagnostics.len(), 2, "{:?}", parsed.diagnostics);
        // The good declarations around the errors are kept, including the
        // one the cut-off `collect` ran into.
        assert_eq!(parsed.file.decls.len(), 4);
    }

    /// Every policy in the repository (seed, examples, rule fixtures), each
    /// also cut short and with a brace dropped, plus a few broken texts.
    fn corpus() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = std::collections::BTreeSet::new();
        let mut errors = Vec::new();
        for dir in ["policies", "examples", "tests/fixtures"] {
            let mut seen = std::collections::HashSet::new();
            crate::load::find_policies(&root.join(dir), &mut found, &mut seen, &mut errors);
        }
        let mut texts: Vec<String> = found
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .collect();
        assert!(texts.len() > 20, "the corpus was not found");
        let mut variants = Vec::new();
        for text in &texts {
            for cut in [text.len() / 3, text.len() / 2, text.len() * 4 / 5] {
                let cut = (cut..=text.len())
                    .find(|i| text.is_char_boundary(*i))
                    .unwrap_or(text.len());
                variants.push(text[..cut].to_string());
            }
            if let Some(brace) = text.rfind('}') {
                variants.push(format!("{}{}", &text[..brace], &text[brace + 1..]));
            }
        }
        texts.extend(variants);
        texts.extend(
            [
                "",
                "# only a comment",
                "\u{FEFF}data a\n",
                "data a\n!!\n!!\ndata b\ncollect a from\n",
                "purpose p \"x\" {\n basis contrat\n retain 5 years\n}\ndata c",
                "contact c \"multi\nline\" {\ndata x\n}\nprovide",
                "data \"unterminated\ndata b\n",
            ]
            .map(String::from),
        );
        texts
    }

    #[test]
    fn reading_item_by_item_is_the_file_rule() {
        for source in corpus() {
            let file = PolicyParser::parse(Rule::file, &source).expect("`file` accepts any text");
            let expected: Vec<(Rule, usize, usize)> = file
                .flat_map(|f| f.into_inner())
                .filter(|p| p.as_rule() != Rule::EOI)
                .map(|p| (p.as_rule(), p.as_span().start(), p.as_span().end()))
                .collect();
            let mut items = Vec::new();
            let mut at = skip_trivia(&source, 0);
            loop {
                let batch = next_items(&source, at);
                let Some(last) = batch.last() else { break };
                at = skip_trivia(&source, last.end);
                for item in batch {
                    let rule = item.declaration.map_or(Rule::junk, |p| p.as_rule());
                    items.push((rule, item.start, item.end));
                }
            }
            assert_eq!(items, expected, "{source:?}");
        }
    }

    #[test]
    fn declarations_read_in_batches_are_those_of_the_whole_file() {
        let mut checked = 0;
        for source in corpus() {
            let parsed = parse_split(FileId(1), &source, &[]);
            if parsed
                .diagnostics
                .iter()
                .any(|d| d.code == Code::SyntaxError)
            {
                continue;
            }
            let mut diagnostics = Vec::new();
            let mut lowerer = lower::Lowerer::new(FileId(1), 0, &mut diagnostics);
            let whole: Vec<ast::Decl> = PolicyParser::parse(Rule::file, &source)
                .expect("`file` accepts any text")
                .flat_map(|f| f.into_inner())
                .filter_map(|pair| lowerer.decl(pair))
                .collect();
            assert_eq!(
                format!("{:?}", parsed.file.decls),
                format!("{whole:?}"),
                "{source:?}"
            );
            checked += 1;
        }
        assert!(checked > 20, "only {checked} texts without syntax errors");
    }

    #[test]
    fn reading_in_pieces_is_reading_whole() {
        let mut seed = 7u64;
        let mut random = |below: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % below.max(1)
        };
        for source in corpus() {
            let whole = format!("{:?}", parse_split(FileId(3), &source, &[]));
            let line_starts: Vec<usize> = source.match_indices('\n').map(|(i, _)| i + 1).collect();
            let mut cases = vec![
                line_starts.clone(),
                line_starts.iter().copied().step_by(3).collect(),
                (1..4)
                    .filter_map(|i| guess_declaration_start(&source, source.len() / 4 * i))
                    .collect::<Vec<_>>(),
            ];
            for _ in 0..4 {
                cases.push((0..random(6)).map(|_| random(source.len() + 1)).collect());
            }
            for boundaries in cases {
                let pieces = format!("{:?}", parse_split(FileId(3), &source, &boundaries));
                assert!(
                    pieces == whole,
                    "{source:?} read in pieces at {boundaries:?} differs"
                );
            }
        }
    }

    #[test]
    fn caps_the_number_of_errors() {
        let source = "!\n".repeat(MAX_SYNTAX_ERRORS * 3);
        // Separate the lines with valid declarations so each is its own run.
        let source = source.replace('\n', "\ndata x\n");
        let parsed = parse(FileId(0), &source);
        assert_eq!(parsed.diagnostics.len(), MAX_SYNTAX_ERRORS + 1);
        assert!(
            parsed
                .diagnostics
                .last()
                .unwrap()
                .message
                .contains("more syntax errors")
        );
    }
}
