//! Turns pest errors into diagnostics in the language's own words: users
//! read "expected a lawful basis", never a grammar rule name.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};

/// Keywords that start a top-level declaration. When most of them are
/// expected at once, the message says "a declaration" instead of listing all.
const DECLARATION_KEYWORDS: &[Rule] = &[
    Rule::kw_policy,
    Rule::kw_import,
    Rule::kw_controller,
    Rule::kw_party,
    Rule::kw_contact,
    Rule::kw_subject,
    Rule::kw_source,
    Rule::kw_method,
    Rule::kw_data,
    Rule::kw_purpose,
    Rule::kw_exception,
    Rule::kw_collect,
    Rule::kw_use,
    Rule::kw_outsource,
    Rule::kw_provide,
    Rule::kw_joint_use,
    Rule::kw_anonymous,
    Rule::kw_rights,
    Rule::kw_security,
    Rule::kw_retain,
    Rule::kw_on,
    Rule::kw_commitment,
    Rule::kw_forbid,
];

const QUOTED_TEXT: &str = "a quoted text";
/// The escapes a quoted text may contain (grammar: `string_escape`).
const ESCAPES: &str =
    "`\\\"` (a quote), `\\\\` (a backslash), `\\n` (a line break) and `\\t` (a tab)";

/// `offset` is where the failed input started within `source`.
pub(super) fn to_diagnostic(
    file: FileId,
    source: &str,
    offset: usize,
    error: Error<Rule>,
) -> Diagnostic {
    build(file, source, offset, error, false)
}

/// For a bad line inside a block, where closing the block is also possible.
pub(super) fn to_diagnostic_in_block(
    file: FileId,
    source: &str,
    offset: usize,
    error: Error<Rule>,
) -> Diagnostic {
    build(file, source, offset, error, true)
}

fn build(
    file: FileId,
    source: &str,
    offset: usize,
    error: Error<Rule>,
    in_block: bool,
) -> Diagnostic {
    let position = offset
        + match error.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((start, _)) => start,
        };
    let position = position.min(source.len());
    let found = found_at(source, position);
    let span = Span::new(file, position, position + found.len);

    let mut expected = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => describe_all(positives),
        ErrorVariant::CustomError { message } => vec![message.clone()],
    };
    // A property was expected where the line starts: ending the block is the
    // other way to go on.
    if in_block && position == offset && !expected.iter().any(|e| e == "`}`") {
        expected.push("`}`".to_string());
    }

    if found.len == 0
        && let Some(quote) = unclosed_string(source, offset)
    {
        let span = Span::new(file, quote, quote + 1);
        return Diagnostic::new(
            Code::SyntaxError,
            "unterminated string",
            span,
            "this string is never closed",
        )
        .with_help("add the closing `\"`");
    }

    // A quoted text was expected and one starts here, so something inside
    // it is wrong: say what, rather than "expected a quoted text, found a
    // quoted text".
    if found.text == "\""
        && expected.iter().any(|e| e == QUOTED_TEXT)
        && let Some((at, escaped)) = unknown_escape(source, position)
    {
        let span = Span::new(file, at, at + 1 + escaped.len_utf8());
        return Diagnostic::new(
            Code::SyntaxError,
            format!("unknown escape `\\{escaped}` in a quoted text"),
            span,
            "not an escape",
        )
        .with_help(format!(
            "the escapes are {ESCAPES}; write `\\\\` for a backslash"
        ));
    }

    let message = if expected.is_empty() {
        format!("unexpected {}", found.describe())
    } else {
        format!(
            "expected {}, found {}",
            join_or(&expected),
            found.describe()
        )
    };
    let label = if found.len == 0 {
        "the file ends here".to_string()
    } else {
        format!("unexpected {}", found.describe())
    };
    let mut diagnostic = Diagnostic::new(Code::SyntaxError, message, span, label);
    if found.len == 0 && expected.iter().any(|e| e == "`}`") {
        diagnostic =
            diagnostic.with_help("a block opened with `{` is never closed; add the missing `}`");
    }
    diagnostic
}

/// The first unknown escape in the quoted text that opens at `quote`, if it
/// has one before its closing quote: where its `\\` is, and the character
/// after it.
fn unknown_escape(source: &str, quote: usize) -> Option<(usize, char)> {
    let rest = source.get(quote + 1..)?;
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next()? {
                (_, '"' | '\\' | 'n' | 't') => {}
                (_, other) => return Some((quote + 1 + i, other)),
            },
            _ => {}
        }
    }
    None
}

/// The opening quote of a string that runs to the end of the file, if any.
fn unclosed_string(source: &str, from: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut i = from;
    let mut open: Option<usize> = None;
    let mut in_comment = false;
    while i < bytes.len() {
        let b = bytes[i];
        match (open, in_comment) {
            (Some(_), _) if b == b'\\' => i += 1,
            (Some(_), _) if b == b'"' => open = None,
            (Some(_), _) => {}
            (None, true) => in_comment = b != b'\n',
            (None, false) if b == b'#' => in_comment = true,
            (None, false) if b == b'"' => open = Some(i),
            (None, false) => {}
        }
        i += 1;
    }
    open
}

struct Found<'a> {
    text: &'a str,
    len: usize,
}

impl Found<'_> {
    fn describe(&self) -> String {
        if self.len == 0 {
            "the end of the file".to_string()
        } else if self.text == "\"" {
            "a quoted text".to_string()
        } else {
            format!("`{}`", self.text)
        }
    }
}

/// The token at `position`: a word, or one character.
fn found_at(source: &str, position: usize) -> Found<'_> {
    let rest = source.get(position..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return Found { text: "", len: 0 };
    };
    let word_len: usize = if first.is_alphanumeric() || first == '_' {
        rest.char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '.'))
            .map(|(i, _)| i)
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    // Keep messages short even when a "word" is a 10 MB run of letters.
    let shown = rest
        .char_indices()
        .take(30)
        .last()
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0)
        .min(word_len);
    Found {
        text: &rest[..shown],
        len: word_len,
    }
}

fn describe_all(rules: &[Rule]) -> Vec<String> {
    let declarations = rules
        .iter()
        .filter(|r| DECLARATION_KEYWORDS.contains(r))
        .count();
    let collapse = declarations >= 8;
    let mut descriptions: Vec<String> = rules
        .iter()
        .filter(|r| !(collapse && DECLARATION_KEYWORDS.contains(r)))
        .map(|r| describe(*r))
        .filter(|d| !d.is_empty())
        .collect();
    descriptions.sort();
    descriptions.dedup();
    if collapse {
        descriptions.insert(
            0,
            "a declaration (such as `data`, `purpose`, `collect` or `provide`)".to_string(),
        );
    }
    // The closing brace reads best last: "expected `basis`, `retain` or `}`".
    if let Some(i) = descriptions.iter().position(|d| d == "`}`") {
        let brace = descriptions.remove(i);
        descriptions.push(brace);
    }
    descriptions
}

fn describe(rule: Rule) -> String {
    let fixed = match rule {
        Rule::ident | Rule::ident_list => "a name",
        Rule::string | Rule::string_inner => QUOTED_TEXT,
        Rule::string_escape => "an escape (`\\\"`, `\\\\`, `\\n` or `\\t`)",
        Rule::date => "a date such as `2024-04-01`",
        Rule::number => "a number",
        Rule::regime | Rule::regime_list => "a regime such as `APPI` or `GDPR`",
        Rule::article => "an article such as `27(1)(ii)`",
        Rule::citation | Rule::citation_list => "a citation such as `APPI 27(1)`",
        Rule::category_path | Rule::category_list => "a category such as `user.contact`",
        Rule::open_brace => "`{`",
        Rule::close_brace => "`}`",
        Rule::role => {
            "a role (`processor`, `third party`, `joint users`, `entrusting company`, `authority` or `protection organization`)"
        }
        Rule::basis => {
            "a lawful basis (`consent`, `contract`, `legal obligation`, `vital interests`, `public interest`, `public health` or `legitimate interests`)"
        }
        Rule::retention_duration
        | Rule::retention_until
        | Rule::retention_law
        | Rule::retention_indefinite => {
            "a retention (a duration, `until ...`, `as required by ...` or `indefinitely`)"
        }
        Rule::retention_event => "`purpose achieved`, `contract ends` or a quoted event",
        Rule::duration => "a duration such as `5 years`",
        Rule::time_unit => "a time unit (`days`, `weeks`, `months` or `years`)",
        Rule::measure_kind => {
            "a kind of measure (`policy`, `rules`, `organizational`, `personnel`, `physical` or `technical`)"
        }
        Rule::event_kind => "`leakage`, `change` or `complaint`",
        Rule::matcher | Rule::matcher_target => "`data`, `purpose` or `subject`",
        Rule::matcher_kind => "`any`, `all`, `none` or `other`",
        Rule::money => "an amount such as `1,000 yen`",
        Rule::special_care => "`: special care`",
        Rule::pseudonymous => "`: pseudonymous`",
        Rule::dpo_none => "`none`",
        Rule::for_clause => "`for`",
        Rule::with_consent => "`with consent`",
        Rule::under_exceptions => "`under`",
        Rule::EOI => "the end of the file",
        // Recovery rules are not something a user could write.
        Rule::junk | Rule::prop_junk => return String::new(),
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_string();
    }
    // Keywords, roles, bases, properties and declarations are named by the
    // words a user writes: `kw_protection_manager` reads `protection manager`.
    let name = format!("{rule:?}");
    let words = ["kw_", "role_", "basis_", "event_"]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .or_else(|| name.strip_suffix("_prop"))
        .or_else(|| name.strip_suffix("_decl"))
        .or_else(|| name.strip_suffix("_block").map(|_| "{"))
        .unwrap_or(&name);
    format!("`{}`", words.replace('_', " "))
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}
