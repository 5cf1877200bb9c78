//! Text leaving the program, escaped for where it goes. Every string in a
//! policy, a file name or a Fides manifest may be hostile, so user text is
//! escaped by one function per destination, where it enters a rendered
//! string:
//!
//! | destination | function |
//! |---|---|
//! | a terminal or CI log (`human`, `short`, stderr) | [`terminal`]; source lines in snippets char by char with [`Visible`] |
//! | GitHub workflow commands (`github`) | [`github_data`], [`github_property`] |
//! | JSON and SARIF | [`json_pretty`] |
//! | a CSV cell (`ropa --format csv`) | [`csv_cell`] |
//! | a SARIF artifact URI | [`uri_path`] |
//!
//! Markdown and HTML are escaped in `render::doc`, Graphviz dot and Mermaid
//! labels in `graph::render`.

use std::borrow::Cow;
use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

/// Unicode bidirectional controls: they make text display in another order
/// than it is read ("Trojan Source", CVE-2021-42574).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// The Unicode name of a bidirectional control, in lower case.
pub fn bidi_name(c: char) -> &'static str {
    match c {
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{061C}' => "arabic letter mark",
        _ => "not a bidirectional control",
    }
}

/// Characters never written as they are to a terminal or a log: the C0
/// controls but tab (ESC starts terminal sequences such as OSC 52, which
/// writes the clipboard; CR rewrites the line; LF starts a new one), DEL,
/// the C1 controls (U+009B is a one-character CSI), the bidirectional
/// controls, and the Unicode line and paragraph separators.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\t') || is_bidi_control(c) || c == '\u{2028}' || c == '\u{2029}'
}

/// Writes text with every [hidden](is_hidden) character as a visible escape
/// (`\n`, `\r`, `\u{1b}`), and with the GitHub runner's legacy command
/// prefix `##[` broken (`##\u{5b}`): unlike `::`, the runner obeys it
/// anywhere in a line. Char by char, so that a renderer can note where each
/// character of the input lands.
#[derive(Default)]
pub struct Visible {
    /// How many `#` were written last, in a row.
    hashes: usize,
}

impl Visible {
    pub fn push(&mut self, out: &mut String, c: char) {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '[' if self.hashes >= 2 => out.push_str("\\u{5b}"),
            c if is_hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
        self.hashes = if c == '#' { self.hashes + 1 } else { 0 };
    }
}

/// The most characters of one piece of user text shown on a terminal; the
/// rest is cut (`…`), so one 10 MB name cannot make every message that
/// quotes it 10 MB long.
pub const MAX_TEXT_CHARS: usize = 2000;

/// User text (a name, a string, a file name, a Fides value) as it may be
/// written to a terminal or a CI log: hidden characters visible, `##[`
/// broken, no more than [`MAX_TEXT_CHARS`], and never beginning with `::`
/// (after spaces), which would make a line that starts with it a GitHub
/// workflow command (`::error`, `::add-mask`, `::stop-commands`).
pub fn terminal(text: &str) -> Cow<'_, str> {
    let plain = !text.contains(is_hidden)
        && !text.contains("##[")
        && !text.trim_start().starts_with("::")
        && text.len() <= MAX_TEXT_CHARS;
    if plain {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(MAX_TEXT_CHARS * 4) + 8);
    let mut visible = Visible::default();
    let mut chars = text.chars();
    for c in chars.by_ref().take(MAX_TEXT_CHARS) {
        visible.push(&mut out, c);
    }
    if chars.next().is_some() {
        out.push('…');
    }
    let spaces = out.len() - out.trim_start().len();
    if out[spaces..].starts_with("::") {
        out.replace_range(spaces..spaces + 1, "\\u{3a}");
    }
    Cow::Owned(out)
}

/// A message of several lines (an import error quoting a manifest) for a
/// terminal or CI log: each line as [`terminal`] makes it, so that no line
/// can start a workflow command, and the line breaks kept.
pub fn terminal_lines(text: &str) -> String {
    text.split('\n')
        .map(terminal)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The message (data) of a GitHub workflow command: [`terminal`] text,
/// then `%` encoded as the runner expects, so nothing in it can end the
/// command or start another.
pub fn github_data(text: &str) -> String {
    terminal(text).replace('%', "%25")
}

/// A property value (`file=`, `title=`) of a workflow command: also no `:`
/// or `,`, which end a property.
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One CSV field (RFC 4180), safe to open in a spreadsheet: a field that a
/// spreadsheet would read as a formula — starting with `=`, `+`, `-`, `@`,
/// tab or CR, OWASP's list for CSV injection — is prefixed with `'` and
/// quoted; a field containing a comma, a double quote, CR or LF is quoted,
/// its quotes doubled.
pub fn csv_cell(value: &str) -> Cow<'_, str> {
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula {
        Cow::Owned(format!("\"'{}\"", value.replace('"', "\"\"")))
    } else if value.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", value.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(value)
    }
}

/// A relative path as a URI reference (RFC 3986): `/` separates segments,
/// unreserved characters stay, every other byte of its UTF-8 is
/// percent-encoded (a space, `#`, `%`, `?`, a newline, non-ASCII letters).
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Pretty-printed JSON with every [hidden](is_hidden) character escaped
/// (`\u202e`): serde_json escapes only what JSON requires (below U+0020),
/// and JSON is often read on a terminal. The document is the same JSON.
pub fn json_pretty<T: Serialize + ?Sized>(
    value: &T,
    capacity: usize,
) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(capacity);
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, SafeFormatter(PrettyFormatter::new()));
    value.serialize(&mut serializer)?;
    // The serializer writes only valid UTF-8.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// serde_json's pretty formatter, but string contents go through
/// [`is_hidden`].
struct SafeFormatter(PrettyFormatter<'static>);

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_hidden(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                // All hidden characters are in the Basic Multilingual Plane.
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_has_no_control_character_and_no_command() {
        let hostile = "x\n::error file=README.md::INJECTED\r\u{1b}]52;c;aGk=\u{7}\u{9b}\u{202e}";
        let shown = terminal(hostile);
        assert!(!shown.contains(|c: char| is_hidden(c)), "{shown}");
        assert_eq!(
            shown,
            "x\\n::error file=README.md::INJECTED\\r\\u{1b}]52;c;aGk=\\u{7}\\u{9b}\\u{202e}"
        );
        assert_eq!(terminal("  ::add-mask::x"), "  \\u{3a}:add-mask::x");
        assert_eq!(terminal("a ##[error]b"), "a ##\\u{5b}error]b");
        assert_eq!(terminal("plain `name`"), "plain `name`");
        assert_eq!(
            terminal_lines("a\n::error::x\r\n ok"),
            "a\n\\u{3a}:error::x\\r\n ok"
        );
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
        let long = terminal(&"é".repeat(MAX_TEXT_CHARS + 5)).into_owned();
        assert_eq!(long.chars().count(), MAX_TEXT_CHARS + 1);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn github_escapes_what_would_end_a_command() {
        assert_eq!(github_data("50% done\nnext"), "50%25 done\\nnext");
        assert_eq!(github_property("a,b:c"), "a%2Cb%3Ac");
        assert!(!github_data("a\r\n::warning::x").contains(['\r', '\n']));
    }

    #[test]
    fn csv_cells_that_start_a_formula_are_neutralised() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for start in ["+", "-", "@", "\t", "\r"] {
            let cell = csv_cell(&format!("{start}1+1")).into_owned();
            assert!(cell.starts_with("\"'"), "{cell:?}");
        }
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("plain text"), "plain text");
        assert_eq!(csv_cell("1-2"), "1-2");
    }

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(uri_path("a b/#%?.policy"), "a%20b/%23%25%3F.policy");
        assert_eq!(uri_path("日\n"), "%E6%97%A5%0A");
        assert_eq!(uri_path("ok/a-b_c.~d"), "ok/a-b_c.~d");
    }

    #[test]
    fn json_strings_escape_hidden_characters() {
        let text = json_pretty(&["\u{202e}\u{9b}\u{1b}é"], 0).unwrap();
        assert_eq!(text, "[\n  \"\\u202e\\u009b\\u001bé\"\n]");
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, ["\u{202e}\u{9b}\u{1b}é"]);
    }
}
