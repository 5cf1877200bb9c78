//! Positions and addresses: LSP counts columns in UTF-16 code units unless
//! the client and server agree on UTF-8 (`positionEncoding`), where lawful
//! counts bytes; documents are `file:` URIs, lawful's files paths.

use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use codespan_reporting::files::Files;
use lsp_types::{Position, Range, Uri};

use crate::span::{FileId, SourceMap, Span};

/// How columns are counted, as negotiated at `initialize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// The encoding to use: UTF-8 when the client offers it (no conversion
    /// at all), else UTF-16, which every client must support.
    pub fn negotiate(offered: &[lsp_types::PositionEncodingKind]) -> Encoding {
        if offered.contains(&lsp_types::PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> lsp_types::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp_types::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp_types::PositionEncodingKind::UTF16,
        }
    }

    /// The width of `text` in this encoding's units.
    fn width(self, text: &str) -> usize {
        match self {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 => text.encode_utf16().count(),
        }
    }
}

/// The largest character boundary at or before `offset`.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The position of a byte offset in a loaded file.
pub fn position(sources: &SourceMap, file: FileId, offset: usize, encoding: Encoding) -> Position {
    let text = sources.text(file);
    let offset = floor_boundary(text, offset);
    let line = sources.line_index(file, offset);
    let start = sources
        .line_range(file, line)
        .map(|r| r.start)
        .unwrap_or(0)
        .min(offset);
    Position::new(to_u32(line), to_u32(encoding.width(&text[start..offset])))
}

/// The range a span covers.
pub fn range(sources: &SourceMap, span: Span, encoding: Encoding) -> Range {
    Range::new(
        position(sources, span.file, span.start as usize, encoding),
        position(sources, span.file, span.end as usize, encoding),
    )
}

/// The byte offset of a position in `text`: a column past the end of its
/// line is the line's end, a line past the end of the text is its end (as
/// the protocol asks).
pub fn offset(text: &str, position: Position, encoding: Encoding) -> usize {
    let mut start = 0;
    for _ in 0..position.line {
        match text[start..].find('\n') {
            Some(n) => start += n + 1,
            None => return text.len(),
        }
    }
    column_offset(text, start, position.character, encoding)
}

/// [`offset`] in a loaded file, using its line index.
pub fn file_offset(
    sources: &SourceMap,
    file: FileId,
    position: Position,
    encoding: Encoding,
) -> usize {
    let text = sources.text(file);
    match sources.line_range(file, position.line as usize) {
        Ok(range) => column_offset(text, range.start, position.character, encoding),
        Err(_) => text.len(),
    }
}

fn column_offset(text: &str, start: usize, character: u32, encoding: Encoding) -> usize {
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let line = line.strip_suffix('\r').unwrap_or(line);
    let wanted = character as usize;
    match encoding {
        Encoding::Utf8 => start + floor_boundary(line, wanted),
        Encoding::Utf16 => {
            let mut units = 0;
            for (i, c) in line.char_indices() {
                // At the character, or inside it (half a surrogate pair):
                // its start.
                if units + c.len_utf16() > wanted {
                    return start + i;
                }
                units += c.len_utf16();
            }
            start + line.len()
        }
    }
}

/// The end of `text` as a position.
pub fn end(text: &str, encoding: Encoding) -> Position {
    let line_start = text.rfind('\n').map_or(0, |n| n + 1);
    Position::new(
        to_u32(text.matches('\n').count()),
        to_u32(encoding.width(&text[line_start..])),
    )
}

/// The path a `file:` URI names, or why it names none.
pub fn path_of(uri: &Uri) -> Result<PathBuf, String> {
    let text = uri.as_str();
    let rest = text
        .strip_prefix("file://")
        .ok_or_else(|| format!("`{}` is not a `file:` URI", clean(text)))?;
    let path = rest
        .strip_prefix("localhost")
        .unwrap_or(rest)
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    if !path.starts_with('/') {
        return Err(format!("`{}` names no local file", clean(text)));
    }
    let bytes = decode(path).ok_or_else(|| format!("`{}` is not a valid URI", clean(text)))?;
    let decoded =
        String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8", clean(text)))?;
    if decoded.contains('\0') {
        return Err(format!("`{}` is not a valid path", clean(text)));
    }
    Ok(normalize(Path::new(&decoded)))
}

/// The `file:` URI of a path.
pub fn uri_of(path: &Path) -> Uri {
    let mut text = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            text.push(byte as char);
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&text).unwrap_or_else(|_| Uri::from_str("file:///").expect("a valid URI"))
}

fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Removes `.` and resolves `..` lexically.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Text from a client made safe for a log line: no control characters.
pub fn clean(text: &str) -> String {
    text.chars()
        .take(200)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        let mut sources = SourceMap::new();
        let text = "note “a” 𝄞x\nb";
        let file = sources.add("t", text);
        let x = text.find('x').unwrap();
        // “ and ” are one UTF-16 unit each, 𝄞 two.
        assert_eq!(
            position(&sources, file, x, Encoding::Utf16),
            Position::new(0, 11)
        );
        assert_eq!(
            position(&sources, file, x, Encoding::Utf8),
            Position::new(0, x as u32)
        );
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let at = position(&sources, file, x, encoding);
            assert_eq!(offset(text, at, encoding), x);
            assert_eq!(file_offset(&sources, file, at, encoding), x);
        }
        // Past the end of a line, or of the text: clamped.
        assert_eq!(
            offset(text, Position::new(0, 999), Encoding::Utf16),
            text.find('\n').unwrap()
        );
        assert_eq!(
            offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
        // Inside a surrogate pair: the character's start.
        let clef = text.find('𝄞').unwrap();
        assert_eq!(offset(text, Position::new(0, 10), Encoding::Utf16), clef);
        assert_eq!(end(text, Encoding::Utf16), Position::new(1, 1));
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/a b/“q”.policy");
        let uri = uri_of(path);
        assert_eq!(uri.as_str(), "file:///tmp/a%20b/%E2%80%9Cq%E2%80%9D.policy");
        assert_eq!(path_of(&uri).unwrap(), path);
        let other = Uri::from_str("untitled:Untitled-1").unwrap();
        assert!(path_of(&other).is_err());
        let dots = Uri::from_str("file:///w/x/../../etc/passwd").unwrap();
        assert_eq!(path_of(&dots).unwrap(), Path::new("/etc/passwd"));
    }
}
