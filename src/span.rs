//! Source locations as plain data, and the set of loaded source files.

use codespan_reporting::files::{self, Files, SimpleFile};
use serde::Serialize;

/// Identifies one loaded source file within a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

/// A byte range in one file. Cheap to copy; carried by every AST node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
    files: Vec<SimpleFile<String, String>>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file under the name shown in diagnostics.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SimpleFile::new(name.into(), text.into()));
        id
    }

    pub fn name(&self, file: FileId) -> &str {
        self.files
            .get(file.0 as usize)
            .map(|f| f.name().as_str())
            .unwrap_or("<unknown>")
    }

    pub fn text(&self, file: FileId) -> &str {
        self.files
            .get(file.0 as usize)
            .map(|f| f.source().as_str())
            .unwrap_or("")
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
    /// A binary search over the file's line starts (computed once, when the
    /// file is added): scanning from the start of the file for every
    /// diagnostic made rendering quadratic in large files.
    pub fn line_col(&self, file: FileId, offset: u32) -> LineCol {
        let text = self.text(file);
        let offset = (offset as usize).min(text.len());
        let Some(simple) = self.files.get(file.0 as usize) else {
            return LineCol { line: 1, column: 1 };
        };
        if !text.is_char_boundary(offset) {
            return LineCol { line: 1, column: 1 };
        }
        let index = simple.line_index((), offset).unwrap_or(0);
        let line_start = simple.line_range((), index).map(|r| r.start).unwrap_or(0);
        let column = text.get(line_start..offset).unwrap_or("").chars().count() + 1;
        LineCol {
            line: index + 1,
            column,
        }
    }
}

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files
            .get(id.0 as usize)
            .map(|f| f.name().as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files
            .get(id.0 as usize)
            .map(|f| f.source().as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        self.files
            .get(id.0 as usize)
            .ok_or(files::Error::FileMissing)?
            .line_index((), byte_index)
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, files::Error> {
        self.files
            .get(id.0 as usize)
            .ok_or(files::Error::FileMissing)?
            .line_range((), line_index)
    }
}
