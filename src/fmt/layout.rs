//! The canonical layout: tokens from [`crate::syntax::tokens`], joined by
//! the spacing rules of `docs/fmt.md`, with every comment put back.

use super::suppressions;
use crate::syntax::Token;

/// Spaces per block level.
const INDENT: usize = 2;
/// Extra indent of a continuation line: a declaration or property that the
/// author broke across lines, or that a comment breaks.
const CONTINUATION: usize = 2;

/// What lies between two tokens, in order. Spaces and tabs are dropped.
#[derive(Debug)]
enum Piece<'s> {
    Newline,
    /// White space that is neither a space, a tab nor a newline: a lone
    /// carriage return or a byte order mark. Like a newline, it cannot
    /// separate the words of a keyword, so it is laid out as a line break.
    OtherSpace,
    Comment(&'s str),
}

fn pieces(gap: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = gap;
    while let Some(c) = rest.chars().next() {
        match c {
            '\n' => {
                out.push(Piece::Newline);
                rest = &rest[1..];
            }
            '#' => {
                let end = rest.find('\n').unwrap_or(rest.len());
                out.push(Piece::Comment(rest[..end].trim_end()));
                rest = &rest[end..];
            }
            ' ' | '\t' => rest = &rest[1..],
            '\r' if rest.as_bytes().get(1) == Some(&b'\n') => rest = &rest[1..],
            // The grammar allows nothing else here: other white space.
            other => {
                out.push(Piece::OtherSpace);
                rest = &rest[other.len_utf8()..];
            }
        }
    }
    out
}

/// A comment, or the token after the gap, with what separated it from the
/// thing before it.
struct Placed<'s> {
    comment: Option<&'s str>,
    newline_before: bool,
    blank_before: bool,
}

fn place(gap: &str) -> Vec<Placed<'_>> {
    let mut out = Vec::new();
    let mut newlines = 0;
    let mut broken = false;
    for piece in pieces(gap) {
        match piece {
            Piece::Newline => newlines += 1,
            Piece::OtherSpace => broken = true,
            Piece::Comment(text) => {
                // A comment after a byte order mark is still at the end of
                // its line.
                out.push(Placed {
                    comment: Some(text),
                    newline_before: newlines > 0,
                    blank_before: newlines > 1,
                });
                newlines = 0;
                broken = false;
            }
        }
    }
    // What follows the gap: the next token, or the end of the file.
    out.push(Placed {
        comment: None,
        newline_before: newlines > 0 || broken,
        blank_before: newlines > 1,
    });
    out
}

/// The text of a token as written canonically: strings byte for byte,
/// multi-word keywords (`special   care`) with single spaces.
pub(super) fn text<'s>(source: &'s str, token: &Token) -> std::borrow::Cow<'s, str> {
    let raw = &source[token.start()..token.end()];
    if raw.starts_with('"') || !raw.contains([' ', '\t']) {
        return raw.into();
    }
    raw.split([' ', '\t'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .into()
}

struct Writer {
    out: String,
    /// Block depth: how many `{` are open.
    depth: usize,
    /// The last line written opened a block (possibly with a trailing
    /// comment after its `{`): no blank line may follow it.
    opened_block: bool,
}

impl Writer {
    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    fn end_line(&mut self) {
        if !self.at_line_start() {
            self.out.push('\n');
        }
    }

    fn start_line(&mut self, indent: usize, blank: bool) {
        self.end_line();
        if blank && !self.out.is_empty() && !self.opened_block {
            self.out.push('\n');
        }
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    fn trailing_comment(&mut self, comment: &str) {
        self.out.push_str("  ");
        self.out.push_str(comment);
        self.out.push('\n');
    }
}

/// Lays out `source`, whose tokens are `tokens`.
pub(super) fn layout(source: &str, tokens: &[Token]) -> String {
    let mut w = Writer {
        out: String::with_capacity(source.len() + source.len() / 8),
        depth: 0,
        opened_block: false,
    };
    let keep = suppressions::constraints(source, tokens);
    let mut previous: Option<std::borrow::Cow<'_, str>> = None;
    for (i, token) in tokens.iter().enumerate() {
        let gap_start = if i == 0 { 0 } else { tokens[i - 1].end() };
        let gap = &source[gap_start..token.start()];
        let current = text(source, token);
        let placed = place(gap);
        let (before, next) = placed.split_at(placed.len() - 1);
        let next = &next[0];
        let prev_text = previous.as_deref();

        // A byte order mark or lone carriage return between two words on a
        // kept line becomes a space, unless that would make a keyword; then
        // the line is broken and the check in `super::verify` refuses it.
        let glued = keep.glued[i] && before.is_empty() && !w.at_line_start();
        let glued = glued
            && !(next.newline_before && forms_keyword(prev_text.unwrap_or_default(), &current));
        if glued {
            // A line an inline suppression points at stays as it is.
            let prev = prev_text.unwrap_or_default();
            if current == "}" {
                w.depth = w.depth.saturating_sub(1);
            }
            if !(matches!(current.as_ref(), "," | ")")
                || prev == "("
                || (prev == "{" && current == "}"))
            {
                w.out.push(' ');
            }
            w.out.push_str(&current);
            // A block opened and closed on a kept line (`{ basis contract }`)
            // is no longer the last thing opened: a blank line may follow.
            w.opened_block = false;
        } else if token.starts_line || previous.is_none() {
            let closing = current == "}";
            // Comments before a `}` belong to the block's inside.
            let indent = INDENT * w.depth;
            for p in before {
                let comment = p.comment.unwrap_or_default();
                if !p.newline_before && !w.at_line_start() {
                    w.trailing_comment(comment);
                } else {
                    w.start_line(indent, p.blank_before);
                    w.out.push_str(comment);
                    w.out.push('\n');
                    w.opened_block = false;
                }
            }
            if closing
                && before.is_empty()
                && prev_text == Some("{")
                && !(keep.keep_break[i] && next.newline_before)
            {
                // An empty block: `{}`.
                w.out.push('}');
                w.depth = w.depth.saturating_sub(1);
                w.opened_block = false;
            } else {
                if closing {
                    w.depth = w.depth.saturating_sub(1);
                }
                let blank = next.blank_before && !closing;
                w.start_line(INDENT * w.depth, blank);
                w.out.push_str(&current);
                w.opened_block = false;
            }
        } else {
            let continuation = INDENT * w.depth + CONTINUATION;
            for p in before {
                let comment = p.comment.unwrap_or_default();
                if !p.newline_before && !w.at_line_start() {
                    w.trailing_comment(comment);
                } else {
                    w.start_line(continuation, false);
                    w.out.push_str(comment);
                    w.out.push('\n');
                }
            }
            let prev = prev_text.unwrap_or_default();
            if w.at_line_start() {
                w.start_line(continuation, false);
            } else if next.newline_before && (keep.keep_break[i] || !joins_up(prev, &current)) {
                // Keep the author's line break: joining two words can make a
                // different keyword (`by` + `succession` is `by succession`).
                w.start_line(continuation, false);
            } else if !(matches!(current.as_ref(), "," | ")") || prev == "(") {
                w.out.push(' ');
            }
            w.out.push_str(&current);
        }
        if current == "{" {
            w.depth += 1;
            w.opened_block = true;
        }
        previous = Some(current);
    }

    // Comments after the last token.
    let gap = &source[tokens.last().map_or(0, |t| t.end())..];
    for p in place(gap) {
        let Some(comment) = p.comment else { continue };
        if !p.newline_before && !w.at_line_start() {
            w.trailing_comment(comment);
        } else {
            w.start_line(INDENT * w.depth, p.blank_before);
            w.out.push_str(comment);
            w.out.push('\n');
            w.opened_block = false;
        }
    }
    w.end_line();
    w.out
}

/// Punctuation that is pulled up to the end of the previous line when the
/// author started a line with it; after `(` nothing starts a line.
fn joins_up(previous: &str, current: &str) -> bool {
    matches!(current, "," | ")" | ":" | "{") || previous == "("
}

/// Pairs of words that the grammar reads as one keyword when only spaces or
/// tabs separate them (`grammar/policy.pest`; a test keeps this in step).
const KEYWORD_PAIRS: &[(&str, &str)] = &[
    ("acquired", "via"),
    ("anonymous", "information"),
    ("automated", "decision"),
    ("child", "under"),
    ("eu", "representative"),
    ("as", "of"),
    ("as", "required"),
    ("required", "by"),
    ("by", "succession"),
    ("by", "opt"),
    ("opt", "out"),
    ("stops", "on"),
    ("complies", "with"),
    ("confirms", "source"),
    ("contract", "ends"),
    ("entrusting", "company"),
    ("joint", "use"),
    ("joint", "users"),
    ("legal", "obligation"),
    ("legitimate", "interests"),
    ("member", "of"),
    ("notify", "affected"),
    ("on", "request"),
    ("per", "request"),
    ("personal", "related"),
    ("protection", "manager"),
    ("protection", "organization"),
    ("provided", "by"),
    ("public", "health"),
    ("public", "interest"),
    ("purpose", "achieved"),
    ("records", "kept"),
    ("refuse", "when"),
    ("report", "to"),
    ("selected", "by"),
    ("special", "care"),
    ("third", "party"),
    ("treated", "as"),
    ("vital", "interests"),
    ("with", "consent"),
    ("with", "explicit"),
    ("explicit", "consent"),
    ("with", "parental"),
    ("explicit", "parental"),
    ("parental", "consent"),
    ("with", "tax"),
];

/// Whether `previous` and `current` joined by a space would start a keyword.
fn forms_keyword(previous: &str, current: &str) -> bool {
    let last = previous.rsplit(' ').next().unwrap_or_default();
    let first = current.split(' ').next().unwrap_or_default();
    KEYWORD_PAIRS.contains(&(last, first))
}

#[cfg(test)]
mod tests {
    use super::KEYWORD_PAIRS;

    #[test]
    fn knows_every_keyword_of_several_words() {
        let grammar = include_str!("../../grammar/policy.pest");
        let separator = "\" ~ (\" \" | \"\\t\")+ ~ \"";
        let mut found = 0;
        for line in grammar.lines() {
            let mut rest = line;
            while let Some(at) = rest.find(separator) {
                let before = &rest[..at];
                let first = &before[before.rfind('"').map_or(0, |n| n + 1)..];
                let after = &rest[at + separator.len()..];
                let second = &after[..after.find('"').unwrap_or(after.len())];
                assert!(
                    KEYWORD_PAIRS.contains(&(first, second)),
                    "({first:?}, {second:?}) is missing"
                );
                found += 1;
                rest = after;
            }
        }
        assert!(
            found >= KEYWORD_PAIRS.len(),
            "only {found} pairs in the grammar"
        );
    }
}
