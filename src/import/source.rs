//! Policy source from text the importer did not choose.
//!
//! Everything an importer takes from its input (Fides keys, names,
//! descriptions, field names: free text, possibly hostile) reaches the
//! policy it writes through this module, and only in three shapes:
//!
//! - a **string literal** ([`string`]): escaped exactly as the grammar's
//!   `string` rule reads it back (`\"`, `\\`, `\n`, `\t`; nothing else is
//!   an escape), so the literal ends where the importer ends it;
//! - a **name** ([`Names::fresh`]): letters, digits and `_` only, never a
//!   word of the grammar, never a name given before: a key can neither
//!   close a declaration nor make two declarations one;
//! - a **comment** ([`comment`]): one line, with nothing a suppression
//!   could be read from (`lawful:`).
//!
//! Category paths are written only when [`is_path`] accepts them. The
//! fuzz target `import_fides` and `tests/fides.rs` check that an import
//! parses to exactly the declarations the importer meant, whatever the
//! manifest says.

use std::collections::{HashMap, HashSet};

/// Characters that change how text is displayed rather than what it says:
/// bidirectional embeddings, overrides, isolates and marks ("Trojan
/// Source", CVE-2021-42574). They are replaced by U+FFFD.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// A string literal whose value is `text`, with three changes the policy
/// language needs: a carriage return (alone or before a line feed) becomes
/// a line break, and control characters other than line feed and tab, and
/// bidirectional controls, become U+FFFD (the grammar has no escape for
/// them, and written as they are they would reach a terminal or an editor).
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string(&mut out, text);
    out
}

/// [`string`], appended to `out`.
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            c if c.is_control() || is_bidi_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// What [`string`]'s literal reads back as: `text` with the changes it
/// makes. For tests.
#[doc(hidden)]
pub fn string_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() || is_bidi_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A comment line (`# …`, without its line break) saying `text`. Line
/// breaks, tabs and other control characters become spaces or U+FFFD, and
/// `lawful:` (in any case, with any space before the colon), which would
/// start a suppression, becomes `lawful_:`.
pub fn comment(text: &str) -> String {
    let mut body = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => body.push(' '),
            c if c.is_control() || is_bidi_control(c) => body.push('\u{FFFD}'),
            c => body.push(c),
        }
    }
    let mut out = String::with_capacity(body.len() + 2);
    out.push_str("# ");
    let mut rest = body.as_str();
    while let Some(at) = find_ascii_ci(rest, "lawful") {
        let after = &rest[at + "lawful".len()..];
        out.push_str(&rest[..at + "lawful".len()]);
        if after.trim_start().starts_with(':') {
            out.push('_');
        }
        rest = after;
    }
    out.push_str(rest);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// The first position of `needle` (ASCII) in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The comments of `policy` a suppression could be read from: those whose
/// text starts with `lawful`, in any case, then a colon (spaces allowed
/// between). Comments are found where the grammar finds them: between its
/// tokens, from a `#` to the end of the line. `None` when `policy` has a
/// syntax error. For the fuzz target and tests.
#[doc(hidden)]
pub fn suppressions(policy: &str) -> Option<Vec<String>> {
    let tokens = crate::syntax::tokens(crate::span::FileId(0), policy).ok()?;
    let mut found = Vec::new();
    let mut gap_start = 0;
    let ends = tokens.iter().map(|t| (t.start(), t.end()));
    for (start, end) in ends.chain([(policy.len(), policy.len())]) {
        let mut gap = &policy[gap_start..start];
        while let Some(hash) = gap.find('#') {
            let line_end = gap[hash..].find('\n').map_or(gap.len(), |n| hash + n);
            let body = gap[hash + 1..line_end].trim_start();
            if body.len() >= 6
                && body.as_bytes()[..6].eq_ignore_ascii_case(b"lawful")
                && body[6..].trim_start().starts_with(':')
            {
                found.push(gap[hash..line_end].to_string());
            }
            gap = &gap[line_end..];
        }
        gap_start = end;
    }
    Some(found)
}

/// Whether `key` can be written as a category path: dot-separated
/// segments of letters, digits and `_`, none starting with a digit.
pub fn is_path(key: &str) -> bool {
    !key.is_empty()
        && key.split('.').all(|seg| {
            seg.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// Whether `name` is a word the grammar spells out (`grammar/policy.pest`,
/// compared without case): a keyword, a reserved word, half of a keyword
/// of several words (`by succession`, `required by`) … Such a name could
/// read as something else next to the words around it.
fn grammar_word(name: &str) -> bool {
    static WORDS: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    WORDS
        .get_or_init(|| {
            // Every `"word"` of the grammar, wherever it is: taking a few
            // words too many (from comments) only makes this more careful.
            let grammar = include_str!("../../grammar/policy.pest");
            let mut words: HashSet<String> = crate::syntax::RESERVED_WORDS
                .iter()
                .map(|w| w.to_string())
                .collect();
            for (at, _) in grammar.match_indices('"') {
                let rest = &grammar[at + 1..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                if end > 0 && rest[end..].starts_with('"') {
                    words.insert(rest[..end].to_ascii_lowercase());
                }
            }
            words
        })
        .contains(&name.to_ascii_lowercase())
}

/// The names of one policy: each made from a base text (a Fides key) and
/// different from every other.
#[derive(Default)]
pub struct Names {
    used: HashSet<String>,
    /// For each base, the suffix to try next: a base given many times (or
    /// many keys that make the same base) costs one try each, not one per
    /// name given before.
    next: HashMap<String, u64>,
}

impl Names {
    /// A new name for `text`: its letters, digits and `_`, every other
    /// character `_`, `x_` in front when it would start with a digit or be
    /// empty, `_` after when it is a word of the grammar, and `_2`, `_3` …
    /// after when it is taken. The same calls in the same order give the
    /// same names.
    pub fn fresh(&mut self, text: &str) -> String {
        let mut base: String = text
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert_str(0, "x_");
        }
        if grammar_word(&base) {
            base.push('_');
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let name = format!("{base}_{n}");
            *n += 1;
            if self.used.insert(name.clone()) {
                return name;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `literal` as the policy grammar does, through the real parser.
    fn read_back(literal: &str) -> String {
        let source = format!("policy {literal}\n");
        let parsed = crate::syntax::parse(crate::span::FileId(0), &source);
        assert!(parsed.diagnostics.is_empty(), "{source:?}");
        match &parsed.file.decls[..] {
            [crate::ast::Decl::Policy(p)] => p.title.value.to_string(),
            other => panic!("{source:?} read as {other:?}"),
        }
    }

    #[test]
    fn strings_read_back_as_written() {
        for text in [
            "plain",
            "a \"quote\"",
            "back\\slash\\",
            "\\\"",
            "line\nbreak",
            "crlf\r\nand cr\r",
            "tab\there",
            "# not a comment",
            "\"\n# lawful: allow(vague-purpose) reason: \"x\"\n\"",
            "esc \u{1b}[31m bell \u{7} nul \u{0} del \u{7f} nel \u{85}",
            "bidi \u{202E}abc\u{2066}",
            "é 日本 \u{FEFF}",
        ] {
            assert_eq!(read_back(&string(text)), string_value(text), "{text:?}");
        }
    }

    /// The import never writes a blank string (the manifest reader drops
    /// blank values), as the policy grammar refuses one.
    #[test]
    fn a_blank_string_is_refused() {
        for literal in [string(""), string(" \t ")] {
            let source = format!("policy {literal}\n");
            let parsed = crate::syntax::parse(crate::span::FileId(0), &source);
            let codes: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
            assert_eq!(codes, [crate::diagnostic::Code::InvalidValue], "{source:?}");
        }
    }

    #[test]
    fn comments_stay_on_their_line_and_suppress_nothing() {
        let c = comment("health\n# lawful: allow(x) reason: \"ok\"\r\n#");
        assert!(!c.contains('\n') && !c.contains('\r'));
        assert_eq!(c, "# health # lawful_: allow(x) reason: \"ok\"  #");
        assert_eq!(comment("LAWFUL :x Lawful"), "# LAWFUL_ :x Lawful");
        assert_eq!(comment("a\u{2028}b\u{202E}"), "# a b\u{FFFD}");
    }

    #[test]
    fn names_are_plain_distinct_and_no_keyword() {
        let mut names = Names::default();
        let got: Vec<String> = [
            "user.contact",
            "user_contact",
            "user-contact",
            "by",
            "succession",
            "Data",
            "9lives",
            "",
            "user_contact_2",
            "user.contact",
            "é",
        ]
        .iter()
        .map(|t| names.fresh(t))
        .collect();
        assert_eq!(
            got,
            [
                "user_contact",
                "user_contact_2",
                "user_contact_3",
                "by_",
                "succession_",
                "Data_",
                "x_9lives",
                "x_",
                "user_contact_2_2",
                "user_contact_4",
                // `_` is spelled out in the grammar too.
                "__",
            ]
        );
    }
}
