//! `lawful fmt`: the canonical layout of a policy file (`docs/fmt.md`).
//!
//! Formatting only changes the white space between the grammar's tokens and
//! keeps every comment. Each result is checked before it is returned: the
//! formatted text must parse to the same tokens, the same declarations and
//! the same non-syntax diagnostics as the original, or it is refused (as
//! `black` and `rustfmt` do), so a formatter bug can never change a policy.

mod diff;
mod files;
mod layout;
mod meaning;
mod suppressions;

pub use diff::unified_diff;
pub use files::{collect, read, write_atomically};

use crate::diagnostic::Diagnostic;
use crate::span::FileId;
use crate::syntax::{self, Token};

/// Why a file was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The file has syntax errors; it is left as it is.
    Syntax(Vec<Diagnostic>),
    /// The layout would have changed what the file means: a bug in the
    /// formatter, never the user's fault. Says what differed.
    Unsafe(String),
}

/// Formats one policy. `file` is the id the syntax diagnostics point into.
pub fn format(file: FileId, source: &str) -> Result<String, FormatError> {
    let tokens = syntax::tokens(file, source).map_err(FormatError::Syntax)?;
    let formatted = layout::layout(source, &tokens);
    verify(source, &tokens, &formatted).map_err(FormatError::Unsafe)?;
    Ok(formatted)
}

/// Formats a string whose syntax diagnostics need no file: the convenience
/// entry point for tests and editors.
pub fn format_str(source: &str) -> Result<String, FormatError> {
    format(FileId(0), source)
}

/// Whether `formatted` means what `original` means: same tokens (multi-word
/// keywords compared with single spaces, strings byte for byte), same line
/// structure, inline suppressions covering the same tokens, same syntax tree
/// and same diagnostics from parsing.
///
/// Memory stays a small multiple of the file: tokens are compared in place,
/// and the trees are compared a few declarations at a time.
fn verify(original: &str, tokens: &[Token], formatted: &str) -> Result<(), String> {
    let Ok(after) = syntax::tokens(FileId(0), formatted) else {
        return Err("the formatted text does not parse".into());
    };
    let word = |source: &str, token: &Token| layout::text(source, token).into_owned();
    let differs = |a: &Token, b: &Token| {
        a.starts_line != b.starts_line || layout::text(original, a) != layout::text(formatted, b)
    };
    if let Some(at) =
        (0..tokens.len().max(after.len())).find(|&i| match (tokens.get(i), after.get(i)) {
            (Some(a), Some(b)) => differs(a, b),
            _ => true,
        })
    {
        let shown =
            |source: &str, token: Option<&Token>| token.map(|t| (word(source, t), t.starts_line));
        return Err(format!(
            "token {at} differs: {:?} became {:?}",
            shown(original, tokens.get(at)),
            shown(formatted, after.get(at))
        ));
    }
    if suppressions::targets(original, tokens) != suppressions::targets(formatted, &after) {
        return Err("an inline suppression would cover other tokens".into());
    }
    // The same declarations start at the same tokens in both texts: compare
    // the trees a chunk of declarations at a time.
    let starts = suppressions::declaration_starts(original, tokens);
    let mut chunk_start = 0;
    for &index in starts.iter().skip(1) {
        if tokens[index].start() - tokens[chunk_start].start() >= CHUNK {
            let (a, b) = (
                &original[tokens[chunk_start].start()..tokens[index].start()],
                &formatted[after[chunk_start].start()..after[index].start()],
            );
            if meaning::meaning(a) != meaning::meaning(b) {
                return Err("the syntax tree differs".into());
            }
            chunk_start = index;
        }
    }
    let (from_a, from_b) = match (tokens.get(chunk_start), after.get(chunk_start)) {
        (Some(a), Some(b)) => (a.start(), b.start()),
        _ => (0, 0),
    };
    if meaning::meaning(&original[from_a..]) != meaning::meaning(&formatted[from_b..]) {
        return Err("the syntax tree differs".into());
    }
    Ok(())
}

/// Source bytes of declarations compared at a time by [`verify`]: the tree of
/// a chunk is about ten times its size.
const CHUNK: usize = 64 * 1024;

/// Removes every span (an object of `file`, `start` and `end`) from `value`.
pub fn strip_spans(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|_, v| !is_span(v));
            map.values_mut().for_each(strip_spans);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}

fn is_span(value: &serde_json::Value) -> bool {
    value.as_object().is_some_and(|m| {
        m.len() == 3 && m.contains_key("file") && m.contains_key("start") && m.contains_key("end")
    })
}

#[cfg(test)]
mod tests {
    use super::format_str;

    fn fmt(source: &str) -> String {
        match format_str(source) {
            Ok(text) => text,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn breaks_one_line_blocks() {
        assert_eq!(
            fmt("purpose p \"x\" { basis contract retain 5 years }"),
            "purpose p \"x\" {\n  basis contract\n  retain 5 years\n}\n"
        );
    }

    #[test]
    fn canonical_spacing() {
        assert_eq!(
            fmt("data a,b ,c\ndata x:special   care"),
            "data a, b, c\ndata x : special care\n"
        );
        assert_eq!(
            fmt("rights { fee 1,000 yen( 1,100 yen with tax )per request }"),
            "rights {\n  fee 1,000 yen (1,100 yen with tax) per request\n}\n"
        );
        assert_eq!(
            fmt("exception e cites APPI 27(1)(ii),GDPR 6 \"x\""),
            "exception e cites APPI 27(1)(ii), GDPR 6 \"x\"\n"
        );
        assert_eq!(
            fmt("purpose p \"x\" { retain until contract ends+1 year }"),
            "purpose p \"x\" {\n  retain until contract ends + 1 year\n}\n"
        );
    }

    #[test]
    fn keeps_comments() {
        let source = "# head\n\n\n\ndata a   # trailing\n  # own line\ndata b\n# end\n";
        assert_eq!(
            fmt(source),
            "# head\n\ndata a  # trailing\n# own line\ndata b\n# end\n"
        );
    }

    #[test]
    fn keeps_a_line_break_that_separates_a_keyword() {
        // `by succession` is a condition; `by` then `succession` names a party.
        let source = "use x for p by\nsuccession\n";
        assert_eq!(fmt(source), "use x for p by\n  succession\n");
    }

    #[test]
    fn drops_bom_and_crlf_but_not_inside_strings() {
        assert_eq!(
            fmt("\u{FEFF}data a\r\n\r\ndata b\r\n"),
            "data a\n\ndata b\n"
        );
        assert_eq!(fmt("commitment \"a\r\nb\"\r\n"), "commitment \"a\r\nb\"\n");
    }

    #[test]
    fn empty_blocks_and_blank_lines_at_braces() {
        assert_eq!(fmt("purpose p \"x\" {\n\n}"), "purpose p \"x\" {}\n");
        assert_eq!(
            fmt("purpose p \"x\" {  # c\n\n  basis contract\n\n}\n"),
            "purpose p \"x\" {  # c\n  basis contract\n}\n"
        );
    }

    #[test]
    fn empty_and_comment_only_files() {
        assert_eq!(fmt(""), "");
        assert_eq!(fmt("\n\n  \n"), "");
        assert_eq!(fmt("  # only\n\n# two  \n\n"), "# only\n\n# two\n");
    }

    #[test]
    fn keeps_the_lines_inline_suppressions_point_at() {
        // At the end of a line: the line keeps its tokens.
        let source =
            "purpose p \"x\" { retain 5 years }   # lawful: allow(vague-purpose) reason: \"y\"\n";
        assert_eq!(
            fmt(source),
            "purpose p \"x\" { retain 5 years }  # lawful: allow(vague-purpose) reason: \"y\"\n"
        );
        // The blank line after such a line stays.
        let source = "purpose p \"x\" { retain 5 years }  # lawful: allow(vague-purpose) reason: \"y\"\n\ndata d\n";
        assert_eq!(fmt(source), source);
        // On its own line before a property: the next line keeps its tokens.
        let source = "rights {\n  # lawful: allow(L002) reason: \"y\"\n  contact a handles b\n}\n";
        assert_eq!(fmt(source), source);
        // The next line is not joined to it.
        let source = "data a  # lawful: allow(L002) reason: \"y\"\n, b\n";
        assert_eq!(
            fmt(source),
            "data a  # lawful: allow(L002) reason: \"y\"\n  , b\n"
        );
        // Before a declaration it covers the whole declaration, so the
        // declaration is laid out as usual.
        let source =
            "# lawful: allow(vague-purpose) reason: \"y\"\npurpose p \"x\" { retain 5 years }\n";
        assert_eq!(
            fmt(source),
            "# lawful: allow(vague-purpose) reason: \"y\"\npurpose p \"x\" {\n  retain 5 years\n}\n"
        );
    }

    #[test]
    fn refuses_files_with_syntax_errors() {
        assert!(matches!(
            format_str("purpose p \"x\" { bsis contract }"),
            Err(super::FormatError::Syntax(_))
        ));
    }
}
