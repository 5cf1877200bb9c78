//! Source locations as plain data, and the set of loaded source files.

use std::sync::OnceLock;

use codespan_reporting::files::{self, Files};
use serde::Serialize;

/// Identifies one loaded source file within a [`SourceMap`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

/// A byte range in one file. Cheap to copy; carried by every AST node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        // Files are capped well below 4 GiB when loaded, so offsets fit.
        Span {
            file,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both (same file assumed).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// 1-based line and column of a byte offset, as editors count them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// All source files of one run, addressed by [`FileId`].
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

/// One loaded file with what locating an offset in it needs, computed the
/// first time a line or column is asked for: a check that finds nothing in
/// a file never builds it, and `lawful check` builds it only to render, after
/// the syntax tree and graph are freed (a large policy set's index is
/// megabytes; issue 17).
struct SourceFile {
    name: String,
    text: String,
    index: OnceLock<LineIndex>,
}

struct LineIndex {
    /// Where each line starts. A line ends at `\n`, at `\r\n`, and at a `\r`
    /// not followed by `\n` (old Mac line endings), as editors count lines;
    /// every renderer counts lines from this one table.
    line_starts: Vec<u32>,
    /// How many characters come before each [`CHAR_MARK`]-th byte, so that
    /// a column is counted from the nearest mark instead of from the start
    /// of its line, which may be megabytes long.
    char_marks: Vec<u32>,
}

/// The distance in bytes between two entries of `char_marks`.
const CHAR_MARK: usize = 256;

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        // Offsets are u32 (see `Span`): files are capped far below 4 GiB
        // when loaded, and a larger text saturates rather than wraps.
        let offset = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(offset(i + 1));
            }
        }
        let mut char_marks = Vec::with_capacity(bytes.len() / CHAR_MARK + 1);
        let mut chars = 0usize;
        for chunk in bytes.chunks(CHAR_MARK) {
            char_marks.push(offset(chars));
            chars += count_chars(chunk);
        }
        char_marks.push(offset(chars));
        LineIndex {
            line_starts,
            char_marks,
        }
    }
}

impl SourceFile {
    fn new(name: String, text: String) -> SourceFile {
        SourceFile {
            name,
            text,
            index: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[u32] {
        &self.index().line_starts
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.text))
    }

    /// The index of the line an offset is on: a binary search.
    fn line_index(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|start| *start as usize <= offset)
            .saturating_sub(1)
    }

    /// The bytes of a line, its line ending included.
    fn line_range(&self, index: usize) -> Option<std::ops::Range<usize>> {
        let line_starts = self.line_starts();
        let start = *line_starts.get(index)? as usize;
        let end = line_starts
            .get(index + 1)
            .map_or(self.text.len(), |s| *s as usize);
        Some(start..end)
    }

    /// How many characters come before `offset`, counted from the mark
    /// before it: at most [`CHAR_MARK`] bytes are read.
    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let mark = offset / CHAR_MARK;
        let from = mark * CHAR_MARK;
        self.index().char_marks.get(mark).map_or(0, |c| *c as usize)
            + count_chars(&self.text.as_bytes()[from..offset])
    }

    fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let index = self.line_index(offset);
        let line_start = self.line_starts().get(index).map_or(0, |s| *s as usize);
        let chars = if offset - line_start <= CHAR_MARK {
            count_chars(&self.text.as_bytes()[line_start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(line_start)
        };
        LineCol {
            line: index + 1,
            column: chars + 1,
        }
    }
}

/// Characters in a run of UTF-8 bytes that may start or end inside a
/// character: the bytes that are not continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b as i8) >= -0x40).count()
}

/// The largest character boundary at or before `offset`.
pub(crate) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file under the name shown in diagnostics.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(name.into(), text.into()));
        id
    }

    fn file(&self, file: FileId) -> Option<&SourceFile> {
        self.files.get(file.0 as usize)
    }

    pub fn name(&self, file: FileId) -> &str {
        self.file(file).map_or("<unknown>", |f| f.name.as_str())
    }

    pub fn text(&self, file: FileId) -> &str {
        self.file(file).map_or("", |f| f.text.as_str())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn ids(&self) -> impl Iterator<Item = FileId> + '_ {
        (0..self.files.len()).map(|i| FileId(i as u32))
    }

    /// The text a span covers ("" when out of range).
    pub fn snippet(&self, span: Span) -> &str {
        self.text(span.file).get(span.range()).unwrap_or("")
    }

    /// Line and column (1-based, column counted in characters) of an offset.
    /// The line is found by a binary search over the file's line starts and
    /// the column counted from the nearest of marks set every few hundred
    /// bytes, both computed once, the first time they are needed: counting from the
    /// start of the file, or of a megabyte-long line, for every diagnostic
    /// made rendering quadratic.
    pub fn line_col(&self, file: FileId, offset: u32) -> LineCol {
        self.file(file).map_or(LineCol { line: 1, column: 1 }, |f| {
            f.line_col(offset as usize)
        })
    }

    /// The 0-based index of the line an offset is on.
    pub fn line_index(&self, file: FileId, offset: usize) -> usize {
        self.file(file).map_or(0, |f| f.line_index(offset))
    }

    /// The bytes of a line (0-based index) without its line ending; `None`
    /// past the last line.
    pub fn line_text_range(&self, file: FileId, index: usize) -> Option<std::ops::Range<usize>> {
        let f = self.file(file)?;
        let range = f.line_range(index)?;
        let line = &f.text[range.clone()];
        let ending = line.len() - line.trim_end_matches(['\n', '\r']).len();
        // Only one line ending can end a line: `\n`, `\r` or `\r\n`.
        Some(range.start..range.end - ending.min(2))
    }
}

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.file(id)
            .map(|f| f.name.as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.file(id)
            .map(|f| f.text.as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        Ok(self
            .file(id)
            .ok_or(files::Error::FileMissing)?
            .line_index(byte_index))
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, files::Error> {
        let f = self.file(id).ok_or(files::Error::FileMissing)?;
        f.line_range(line_index).ok_or(files::Error::LineTooLarge {
            given: line_index,
            max: f.line_starts().len().saturating_sub(1),
        })
    }

    fn column_number(
        &'a self,
        id: FileId,
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        Ok(self
            .file(id)
            .ok_or(files::Error::FileMissing)?
            .line_col(byte_index)
            .column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, offset: u32) -> (usize, usize) {
        let mut map = SourceMap::new();
        let id = map.add("t", text);
        let at = map.line_col(id, offset);
        (at.line, at.column)
    }

    #[test]
    fn every_line_ending_ends_a_line() {
        assert_eq!(at("a\nb", 2), (2, 1));
        assert_eq!(at("a\r\nb", 3), (2, 1));
        assert_eq!(at("a\rb", 2), (2, 1));
        assert_eq!(at("a\r\n\rb", 4), (3, 1));
        // The `\n` of a `\r\n` is still on the first line.
        assert_eq!(at("a\r\nb", 2), (1, 3));
    }

    #[test]
    fn columns_count_characters_across_marks() {
        let line = "é".repeat(1000);
        let text = format!("x\n{line}z");
        let z = text.len() as u32 - 1;
        assert_eq!(at(&text, z), (2, 1001));
        // Inside a character: the character it is in.
        assert_eq!(at(&text, 3), (2, 1));
        assert_eq!(at(&text, 4), (2, 2));
        assert_eq!(at(&text, u32::MAX), (2, 1002));
    }

    #[test]
    fn line_text_leaves_out_the_line_ending() {
        let mut map = SourceMap::new();
        let id = map.add("t", "ab\r\ncd\ref\n");
        let lines: Vec<&str> = (0..5)
            .filter_map(|i| map.line_text_range(id, i))
            .map(|r| &map.text(id)[r])
            .collect();
        assert_eq!(lines, ["ab", "cd", "ef", ""]);
    }
}
