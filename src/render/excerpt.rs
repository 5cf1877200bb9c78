//! What codespan-reporting shows of the sources for one diagnostic: only
//! the lines its labels touch, each cut to windows around the labels when
//! it is long, with control characters made visible. codespan prints every
//! line it is given whole, so it is given an excerpt instead of the files:
//! an 88 KB one-line policy printed its whole line for every finding.
//!
//! An excerpt is a small text per file holding the shown lines in order,
//! two empty lines standing for each run of lines left out (so that
//! codespan draws its `·` break there), and it answers codespan's questions
//! with the real line numbers and columns.

use std::ops::Range;

use codespan_reporting::files::{self, Files, Location};

use super::escape::{self, Visible};
use crate::diagnostic::Label;
use crate::span::{FileId, LineCol, SourceMap, floor_char_boundary};

/// Lines up to this many characters are shown whole.
pub const WHOLE_LINE_CHARS: usize = 600;
/// Of a longer line, this many characters are shown on each side of where
/// a label starts or ends.
pub const WINDOW_CHARS: usize = 120;
/// Lines shown after the first line of a label spanning several lines, and
/// before its last line: codespan's defaults, which it applies to the
/// excerpt's lines in the same way.
const START_CONTEXT_LINES: usize = 3;
const END_CONTEXT_LINES: usize = 1;

/// How much of a long line is shown: lines of up to `whole` characters
/// whole, of longer ones `window` characters on each side of each label
/// start and end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub whole: usize,
    pub window: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            whole: WHOLE_LINE_CHARS,
            window: WINDOW_CHARS,
        }
    }
}

impl Limits {
    /// The limits for a terminal `columns` wide: a line that would wrap is
    /// cut, and so is the underline of a label longer than the terminal
    /// (about half its width is left for the underline and its message).
    pub fn for_width(columns: usize) -> Limits {
        // codespan's gutter: the line number, ` │ `, and some margin.
        let usable = columns.saturating_sub(12).max(40);
        Limits {
            whole: usable.min(WHOLE_LINE_CHARS),
            window: (usable / 4).min(WINDOW_CHARS),
        }
    }
}

/// One diagnostic's view of the sources.
pub struct Excerpt {
    files: Vec<ExcerptFile>,
}

struct ExcerptFile {
    id: FileId,
    name: String,
    text: String,
    /// Per line of `text`: where it starts, and its number in the real file.
    lines: Vec<(usize, usize)>,
    /// Where each label end in the real file landed in `text`, sorted.
    points: Vec<(usize, usize)>,
    /// The real line and column of each label start, by its offset in `text`.
    locations: Vec<(usize, LineCol)>,
}

impl Excerpt {
    /// The excerpt for `labels`, and each label's file (an index into the
    /// excerpt) and range within it, in the order given.
    /// Long lines are cut as `limits` say.
    pub fn new(
        sources: &SourceMap,
        labels: &[Label],
        limits: Limits,
    ) -> (Excerpt, Vec<(usize, Range<usize>)>) {
        let mut files: Vec<ExcerptFile> = Vec::new();
        // Per file: the shown lines (0-based) and the label ends on each.
        let mut shown: Vec<std::collections::BTreeMap<usize, Vec<usize>>> = Vec::new();
        let mut ranges = Vec::with_capacity(labels.len());
        for label in labels {
            let file = label.span.file;
            let index = match files.iter().position(|f| f.id == file) {
                Some(index) => index,
                None => {
                    files.push(ExcerptFile {
                        id: file,
                        name: escape::terminal(sources.name(file)).into_owned(),
                        text: String::new(),
                        lines: Vec::new(),
                        points: Vec::new(),
                        locations: Vec::new(),
                    });
                    shown.push(Default::default());
                    files.len() - 1
                }
            };
            let text = sources.text(file);
            let start = floor_char_boundary(text, label.span.start as usize);
            let end = floor_char_boundary(text, label.span.end as usize).max(start);
            ranges.push((index, start..end));
            let lines = &mut shown[index];
            let first = sources.line_index(file, start);
            let last = sources.line_index(file, end);
            lines.entry(first).or_default().push(start);
            lines.entry(last).or_default().push(end);
            if last > first {
                let context = (first + 1..=(first + START_CONTEXT_LINES).min(last - 1))
                    .chain(last.saturating_sub(END_CONTEXT_LINES).max(first + 1)..last);
                for line in context {
                    lines.entry(line).or_default();
                }
            }
        }
        for (file, lines) in files.iter_mut().zip(shown) {
            file.build(sources, lines, limits);
        }
        for (index, range) in &mut ranges {
            let file = &files[*index];
            let start = file.point(range.start);
            let end = file.point(range.end);
            let real_start = range.start;
            let file = &mut files[*index];
            file.locations
                .push((start, sources.line_col(file.id, real_start as u32)));
            *range = start..end;
        }
        for file in &mut files {
            file.locations.sort_by_key(|(at, _)| *at);
        }
        (Excerpt { files }, ranges)
    }
}

impl ExcerptFile {
    fn build(
        &mut self,
        sources: &SourceMap,
        mut lines: std::collections::BTreeMap<usize, Vec<usize>>,
        limits: Limits,
    ) {
        // A single line left out is shown, as codespan would show it: a
        // break would take as much room.
        let gaps: Vec<usize> = lines
            .keys()
            .zip(lines.keys().skip(1))
            .filter(|(a, b)| **b == **a + 2)
            .map(|(a, _)| a + 1)
            .collect();
        for line in gaps {
            lines.entry(line).or_default();
        }
        let mut previous: Option<usize> = None;
        for (line, mut points) in lines {
            if let Some(previous) = previous
                && line > previous + 1
            {
                for _ in 0..2 {
                    self.lines.push((self.text.len(), previous + 2));
                    self.text.push('\n');
                }
            }
            previous = Some(line);
            self.lines.push((self.text.len(), line + 1));
            let Some(range) = sources.line_text_range(self.id, line) else {
                self.text.push('\n');
                continue;
            };
            let text = sources.text(self.id);
            points.sort_unstable();
            points.dedup();
            let offset = range.start;
            let local: Vec<usize> = points
                .iter()
                .map(|p| p.clamp(&range.start, &range.end) - offset)
                .collect();
            let placed = window(&text[range.clone()], &local, limits, &mut self.text);
            for (point, at) in points.iter().zip(placed) {
                self.points.push((*point, at));
            }
            self.text.push('\n');
        }
        self.points.sort_unstable();
    }

    /// Where a label end (an offset in the real file) is in `text`.
    fn point(&self, offset: usize) -> usize {
        match self.points.binary_search_by_key(&offset, |(p, _)| *p) {
            Ok(i) => self.points[i].1,
            Err(_) => 0,
        }
    }

    fn line_index(&self, at: usize) -> usize {
        self.lines
            .partition_point(|(start, _)| *start <= at)
            .saturating_sub(1)
    }
}

/// Appends `line` to `out` as it is shown — whole, or windows of it around
/// `points` (offsets in `line`, sorted) joined by `…` — with hidden
/// characters escaped. Returns where each point landed in `out`.
fn window(line: &str, points: &[usize], limits: Limits, out: &mut String) -> Vec<usize> {
    let whole = line.len() <= limits.whole || line.char_indices().nth(limits.whole).is_none();
    // With no label end on the line (a context line), its start is shown.
    let anchors: Vec<usize> = if points.is_empty() {
        vec![0]
    } else {
        points.to_vec()
    };
    let mut windows: Vec<Range<usize>> = Vec::new();
    if whole {
        windows.push(0..line.len());
    } else {
        for &at in &anchors {
            let from = line[..at]
                .char_indices()
                .rev()
                .take(limits.window)
                .last()
                .map_or(at, |(i, _)| i);
            let to = line[at..]
                .char_indices()
                .nth(limits.window)
                .map_or(line.len(), |(i, _)| at + i);
            match windows.last_mut() {
                Some(last) if from <= last.end => last.end = last.end.max(to),
                _ => windows.push(from..to),
            }
        }
    }
    let mut placed = vec![0; points.len()];
    let mut next = 0;
    let mut visible = Visible::default();
    for (n, range) in windows.iter().enumerate() {
        if range.start > 0 || n > 0 {
            out.push('…');
        }
        for (i, c) in line[range.clone()].char_indices() {
            while next < points.len() && points[next] <= range.start + i {
                placed[next] = out.len();
                next += 1;
            }
            visible.push(out, c);
        }
        while next < points.len() && points[next] <= range.end {
            placed[next] = out.len();
            next += 1;
        }
    }
    if windows.last().is_some_and(|w| w.end < line.len()) {
        out.push('…');
    }
    placed
}

impl<'a> Files<'a> for Excerpt {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(self.file(id)?.name.as_str())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(self.file(id)?.text.as_str())
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, files::Error> {
        Ok(self.file(id)?.line_index(byte_index))
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, files::Error> {
        let file = self.file(id)?;
        file.lines
            .get(line_index)
            .map(|(_, number)| *number)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: file.lines.len().saturating_sub(1),
            })
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, files::Error> {
        let file = self.file(id)?;
        let (start, _) = file
            .lines
            .get(line_index)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: file.lines.len().saturating_sub(1),
            })?;
        let end = file
            .lines
            .get(line_index + 1)
            .map_or(file.text.len(), |(s, _)| *s);
        Ok(*start..end)
    }

    fn location(&'a self, id: usize, byte_index: usize) -> Result<Location, files::Error> {
        let file = self.file(id)?;
        match file
            .locations
            .binary_search_by_key(&byte_index, |(at, _)| *at)
        {
            Ok(i) => Ok(Location {
                line_number: file.locations[i].1.line,
                column_number: file.locations[i].1.column,
            }),
            Err(_) => Ok(Location {
                line_number: self.line_number(id, file.line_index(byte_index))?,
                column_number: 1,
            }),
        }
    }
}

impl Excerpt {
    fn file(&self, id: usize) -> Result<&ExcerptFile, files::Error> {
        self.files.get(id).ok_or(files::Error::FileMissing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(line: &str, points: &[usize]) -> (String, Vec<usize>) {
        let mut out = String::new();
        let placed = window(line, points, Limits::default(), &mut out);
        (out, placed)
    }

    #[test]
    fn short_lines_are_shown_whole_and_escaped() {
        let (out, placed) = shown("data \u{1b}]52;x\u{7} y", &[5, 12]);
        assert_eq!(out, "data \\u{1b}]52;x\\u{7} y");
        assert_eq!(placed, [5, 21]);
    }

    #[test]
    fn long_lines_are_cut_around_the_points() {
        let line = format!("{}target{}", "a".repeat(5000), "b".repeat(5000));
        let (out, placed) = shown(&line, &[5000, 5006]);
        assert_eq!(out.chars().count(), 2 * WINDOW_CHARS + 6 + 2);
        assert!(out.starts_with('…') && out.ends_with('…'));
        assert_eq!(&out[placed[0]..placed[1]], "target");
        // Two points far apart: two windows.
        let (out, placed) = shown(&line, &[10, 9000]);
        assert_eq!(out.matches('…').count(), 2);
        assert!(placed[1] > placed[0]);
        assert_eq!(&out[placed[1]..placed[1] + 1], "b");
    }

    #[test]
    fn a_context_line_shows_its_start() {
        let line = "c".repeat(10_000);
        let (out, _) = shown(&line, &[]);
        assert_eq!(out.chars().count(), WINDOW_CHARS + 1);
    }
}
