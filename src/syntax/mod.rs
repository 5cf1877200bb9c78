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
pub fn parse(file: FileId, source: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let pairs = match PolicyParser::parse(Rule::file, source) {
        Ok(pairs) => pairs,
        Err(error) => {
            // The recovering grammar accepts any text, so this is not expected;
            // report it rather than lose the file silently.
            parsed
                .diagnostics
                .push(expected::to_diagnostic(file, source, 0, error));
            return parsed;
        }
    };
    let mut lowerer = lower::Lowerer::new(file, &mut parsed.diagnostics);
    let mut in_junk = false;
    let mut syntax_errors = 0usize;
    let mut suppressed = 0usize;
    let mut last_error_end = 0usize;
    for pair in pairs.flat_map(|file| file.into_inner()) {
        if pair.as_rule() == Rule::EOI {
            continue;
        }
        // Declarations inside a broken block belong to it: `retain 5 years`
        // is a valid line on its own, but not the end of the broken block.
        if pair.as_span().start() < last_error_end {
            continue;
        }
        if pair.as_rule() != Rule::junk {
            in_junk = false;
            for diagnostic in block_errors(file, source, pair.clone()) {
                if syntax_errors >= MAX_SYNTAX_ERRORS {
                    suppressed += 1;
                } else {
                    syntax_errors += 1;
                    lowerer.diagnostics.push(diagnostic);
                }
            }
            if let Some(decl) = lowerer.decl(pair) {
                parsed.file.decls.push(decl);
            }
            continue;
        }
        // One error per run of unreadable lines: the first line says what
        // was expected; the lines after it are most likely its consequence,
        // unless a line starts a declaration of its own.
        let start = pair.as_span().start();
        if in_junk && !starts_declaration(pair.as_str()) {
            continue;
        }
        in_junk = true;
        if syntax_errors >= MAX_SYNTAX_ERRORS {
            suppressed += 1;
            continue;
        }
        syntax_errors += 1;
        let diagnostic = strict_error(file, source, start);
        // From the error on, the next line may be read again: it can be a
        // declaration of its own that the broken one ran into.
        let error_at = diagnostic
            .primary_span()
            .map(|s| s.start as usize)
            .unwrap_or(start);
        last_error_end = broken_extent(source, start, error_at);
        lowerer.diagnostics.push(diagnostic);
    }
    if suppressed > 0 {
        let at = Span::new(file, source.len(), source.len());
        lowerer.diagnostics.push(
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
    parsed
}

/// One token of a policy file as the formatter sees it: a keyword, name,
/// literal or punctuation mark (`{ } , : ( ) +`); never white space or a
/// comment. `starts_line` marks the first token of a top-level declaration,
/// of a block property, and every closing `}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub starts_line: bool,
}

/// The tokens of a file in source order, for `lawful fmt`; or the file's
/// syntax errors, since a file that does not parse is not formatted. The
/// tokens are the grammar's own (a multi-word keyword such as `special care`,
/// a number such as `1,000` and an article such as `27(1)(ii)` are one token
/// each), so everything between two tokens is white space and comments.
pub fn tokens(file: FileId, source: &str) -> Result<Vec<Token>, Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = parse(file, source)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == Code::SyntaxError)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let pairs = match PolicyParser::parse(Rule::file, source) {
        Ok(pairs) => pairs,
        Err(error) => return Err(vec![expected::to_diagnostic(file, source, 0, error)]),
    };
    // (pair, whether its first token starts a line), depth first.
    let mut todo: Vec<(pest::iterators::Pair<Rule>, bool)> = pairs
        .flat_map(|f| f.into_inner())
        .filter(|p| p.as_rule() != Rule::EOI)
        .map(|p| (p, true))
        .collect();
    todo.reverse();
    let mut leaves: Vec<Token> = Vec::new();
    while let Some((pair, starts_line)) = todo.pop() {
        let span = pair.as_span();
        let block = property_rule(pair.as_rule()).is_some();
        let children: Vec<_> = pair.clone().into_inner().collect();
        if pair.as_rule() == Rule::string || children.is_empty() {
            if span.start() < span.end() {
                leaves.push(Token {
                    start: span.start(),
                    end: span.end(),
                    starts_line,
                });
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
    // Punctuation is not a pair of its own: it is what remains between two
    // pairs once white space and comments are skipped.
    let mut tokens = Vec::with_capacity(leaves.len() * 2);
    let mut at = 0;
    for leaf in leaves {
        let mut chars = source[at..leaf.start].char_indices();
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
                _ => tokens.push(Token {
                    start: at + i,
                    end: at + i + c.len_utf8(),
                    starts_line: false,
                }),
            }
        }
        tokens.push(leaf);
        at = leaf.end;
    }
    Ok(tokens)
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
        _ => return None,
    })
}

/// One error per run of unreadable lines inside the blocks of `pair`.
fn block_errors(file: FileId, source: &str, pair: pest::iterators::Pair<Rule>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut todo = vec![pair];
    while let Some(pair) = todo.pop() {
        let block = pair.as_rule();
        let mut previous_was_junk = false;
        for child in pair.into_inner() {
            if child.as_rule() != Rule::prop_junk {
                previous_was_junk = false;
                todo.push(child);
                continue;
            }
            if previous_was_junk {
                continue;
            }
            previous_was_junk = true;
            let Some(rule) = property_rule(block) else {
                continue;
            };
            let start = child.as_span().start();
            let rest = source.get(start..).unwrap_or("");
            if let Err(error) = PolicyParser::parse(rule, rest) {
                errors.push(expected::to_diagnostic_in_block(file, source, start, error));
            }
        }
    }
    errors.sort_by_key(|d| d.primary_span());
    errors
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
