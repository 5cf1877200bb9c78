//! Inline suppressions: `# lawful: allow(vague-purpose) reason: "..."`.
//!
//! A suppression on a line of its own applies to the next line that is not
//! blank or a comment, and when a declaration starts there, to the whole
//! declaration; a suppression at the end of a line applies to that line.
//! The reason is mandatory: a suppression without one still applies but is
//! itself reported, and so is one that suppresses nothing.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, SourceMap, Span};

struct Suppression {
    file: FileId,
    comment: Span,
    codes: Vec<Code>,
    /// The byte range whose findings it suppresses.
    target: Range<u32>,
    has_reason: bool,
}

/// The suppressions of a set of files, ready to be asked about one finding
/// at a time ([`Suppressions::hides`]) as a check produces them, and to
/// report, at the end, the bad ones and those that suppressed nothing
/// ([`Suppressions::finish`]).
///
/// In time `O((s + d) log(s + d))` for `s` suppressions and `d` findings:
/// a file made of suppressions took minutes when every finding was tried
/// against every suppression (issue 13).
#[derive(Default)]
pub struct Suppressions {
    list: Vec<Suppression>,
    /// Unreadable suppressions and unknown codes, found while reading.
    problems: Vec<Diagnostic>,
    /// (file, code, target start, target end, suppression), sorted.
    targets: Vec<(FileId, Code, u32, u32, usize)>,
    /// For each target, the furthest end among the targets of its file and
    /// code up to it: a finding is hidden when a target that starts at or
    /// before it ends after it.
    reach: Vec<u32>,
}

/// Where a finding that some suppression of its code could hide lies: its
/// file, code and the start of its primary span. Gathered while a check
/// runs, so that [`Suppressions::finish`] can tell which suppressions
/// suppressed something.
pub type Seen = (FileId, Code, u32);

impl Suppressions {
    /// Reads the suppressions of every file. `declarations` holds each
    /// file's declaration spans in source order.
    pub fn find(sources: &SourceMap, declarations: &HashMap<FileId, Vec<Span>>) -> Suppressions {
        let mut found = Suppressions::default();
        for file in sources.ids() {
            let text = sources.text(file);
            if !text.contains("lawful:") {
                continue;
            }
            let decls = declarations.get(&file).map(Vec::as_slice).unwrap_or(&[]);
            found.read_file(file, text, decls);
        }
        found.targets = found
            .list
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                s.codes
                    .iter()
                    .map(move |&code| (s.file, code, s.target.start, s.target.end, i))
            })
            .collect();
        found.targets.sort_unstable();
        let mut reach = Vec::with_capacity(found.targets.len());
        let mut furthest = 0;
        for (i, t) in found.targets.iter().enumerate() {
            let first_of_group =
                i == 0 || (found.targets[i - 1].0, found.targets[i - 1].1) != (t.0, t.1);
            furthest = if first_of_group {
                t.3
            } else {
                furthest.max(t.3)
            };
            reach.push(furthest);
        }
        found.reach = reach;
        found
    }

    fn read_file(&mut self, file: FileId, text: &str, decls: &[Span]) {
        let mut covers = Covers::new(text);
        for (start, end) in comments(text) {
            let body = text[start + 1..end].trim();
            let Some(rest) = body.strip_prefix("lawful:") else {
                continue;
            };
            let comment = Span::new(file, start, end);
            match parse(rest.trim()) {
                Ok((names, has_reason)) => {
                    let mut codes = Vec::new();
                    for name in names {
                        match Code::find(&name) {
                            Some(code) => codes.push(code),
                            None => self.problems.push(
                                Diagnostic::new(
                                    Code::InvalidSuppression,
                                    format!("`{name}` is not a lawful code or slug"),
                                    comment,
                                    "this suppression",
                                )
                                .with_help("`lawful rules` lists every code and slug"),
                            ),
                        }
                    }
                    codes.sort_unstable();
                    codes.dedup();
                    let target = target(covers.cover(start), start, decls);
                    self.list.push(Suppression {
                        file,
                        comment,
                        codes,
                        target,
                        has_reason,
                    });
                }
                Err(message) => self.problems.push(
                    Diagnostic::new(
                        Code::InvalidSuppression,
                        message,
                        comment,
                        "cannot read this suppression",
                    )
                    .with_help(
                        "write `# lawful: allow(<slug>, ...) reason: \"why this is acceptable\"`",
                    ),
                ),
            }
        }
    }

    /// Whether a suppression hides `finding`: `None` when no suppression of
    /// its code is in its file (nothing to remember about it), else where
    /// it lies and whether one covers the start of its primary span.
    pub fn hides(&self, finding: &Diagnostic) -> Option<(Seen, bool)> {
        let span = finding.primary_span()?;
        let key = (span.file, finding.code);
        let group = |t: &(FileId, Code, u32, u32, usize)| (t.0, t.1);
        let lo = self.targets.partition_point(|t| group(t) < key);
        let len = self.targets[lo..].partition_point(|t| group(t) == key);
        if len == 0 {
            return None;
        }
        let before = self.targets[lo..lo + len].partition_point(|t| t.2 <= span.start);
        let hidden = before > 0 && self.reach[lo + before - 1] > span.start;
        Some(((span.file, finding.code, span.start), hidden))
    }

    /// The bad suppressions and those that suppressed nothing, given where
    /// the findings they could hide lie ([`Seen`], in any order).
    pub fn finish(&self, seen: &mut [Seen]) -> Vec<Diagnostic> {
        seen.sort_unstable();
        let mut used = vec![false; self.list.len()];
        let key3 = |t: &(FileId, Code, u32, u32, usize)| (t.0, t.1);
        let mut rest = &seen[..];
        for group in self.targets.chunk_by(|a, b| key3(a) == key3(b)) {
            let key = key3(&group[0]);
            // The findings of this file and code: sorted by position.
            rest = &rest[rest.partition_point(|f| (f.0, f.1) < key)..];
            let same = &rest[..rest.partition_point(|f| (f.0, f.1) == key)];
            // A suppression is used when some finding lies in its target.
            for &(_, _, start, end, s) in group {
                let first = same.partition_point(|f| f.2 < start);
                if same.get(first).is_some_and(|f| f.2 < end) {
                    used[s] = true;
                }
            }
        }
        let mut problems = self.problems.clone();
        for (suppression, used) in self.list.iter().zip(used) {
            if !suppression.has_reason {
                problems.push(
                    Diagnostic::new(
                        Code::InvalidSuppression,
                        "suppression without a reason",
                        suppression.comment,
                        "no `reason:`",
                    )
                    .with_help("say why the finding is acceptable: `reason: \"...\"`"),
                );
            }
            if !used && !suppression.codes.is_empty() {
                problems.push(
                    Diagnostic::new(
                        Code::UnusedSuppression,
                        "this suppression suppresses nothing",
                        suppression.comment,
                        "no such finding here",
                    )
                    .with_help("remove it, or move it onto the line of the finding"),
                );
            }
        }
        problems
    }
}

/// Parses `allow(a, b) reason: "..."`: the names, and whether a non-empty
/// reason is given.
fn parse(text: &str) -> Result<(Vec<String>, bool), String> {
    let rest = text
        .strip_prefix("allow")
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix('('))
        .ok_or("expected `allow(...)` after `lawful:`")?;
    let close = rest.find(')').ok_or("`allow(` is never closed")?;
    let names: Vec<String> = rest[..close]
        .split(',')
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Err("`allow()` names no code".into());
    }
    let after = rest[close + 1..].trim();
    let has_reason = match after.strip_prefix("reason:") {
        Some(reason) => {
            let reason = reason.trim().trim_matches('"').trim();
            !reason.is_empty()
        }
        None if after.is_empty() => false,
        None => {
            return Err(format!(
                "expected `reason: \"...\"` after `allow(...)`, found `{after}`"
            ));
        }
    };
    Ok((names, has_reason))
}

/// The byte ranges of `#` comments (from `#` to the end of the line),
/// skipping `#` inside strings.
fn comments(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'#' if !in_string => {
                let end = text[i..].find('\n').map(|n| i + n).unwrap_or(text.len());
                found.push((i, end));
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// What a suppression comment covers, in bytes of its file: the one rule
/// [`apply`] and the formatter (`crate::fmt`, which keeps covered lines as
/// they are) both follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cover {
    /// The comment ends a line: what comes before it on that line
    /// (`line_start..comment`).
    Before { line_start: usize },
    /// The comment is on a line of its own: the next line that is not blank
    /// or a comment, `start..end` (without its newline), whose first
    /// non-blank byte is `first`. When a declaration starts at `first`, the
    /// whole declaration is covered.
    NextLine {
        start: usize,
        first: usize,
        end: usize,
    },
    /// On a line of its own with nothing but blank lines and comments after
    /// it: nothing.
    Nothing,
}

/// Works out what comments cover, for comments met in source order: the
/// search for the next line that is not a comment is shared by a run of
/// comment lines, so a file of a million suppression lines is read once
/// (it was read once per comment).
pub(crate) struct Covers<'t> {
    text: &'t str,
    /// The last search for a next line: where it started and what it found.
    last: Option<(usize, Cover)>,
}

impl<'t> Covers<'t> {
    pub(crate) fn new(text: &'t str) -> Covers<'t> {
        Covers { text, last: None }
    }

    /// What the comment whose `#` is at byte `comment` covers.
    pub(crate) fn cover(&mut self, comment: usize) -> Cover {
        let text = self.text;
        let line_start = text[..comment].rfind('\n').map_or(0, |n| n + 1);
        if !text[line_start..comment].trim().is_empty() {
            return Cover::Before { line_start };
        }
        let from = line_end(text, comment) + 1;
        // Every line from the last search's start to the line it found is
        // blank or a comment: a search from within that stretch ends there.
        if let Some((started, found)) = self.last {
            let reached = match found {
                Cover::NextLine { start, .. } => start,
                _ => text.len(),
            };
            if started <= from && from <= reached {
                return found;
            }
        }
        let found = next_line(text, from);
        self.last = Some((from, found));
        found
    }
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |n| from + n)
}

/// The first line at or after `from` (a line start) that is not blank or a
/// comment.
fn next_line(text: &str, from: usize) -> Cover {
    let mut next = from;
    while next < text.len() {
        let end = line_end(text, next);
        let line = text[next..end].trim_start();
        if !line.is_empty() && !line.starts_with('#') {
            let first = next + (text[next..end].len() - line.len());
            return Cover::NextLine {
                start: next,
                first,
                end,
            };
        }
        next = end + 1;
    }
    Cover::Nothing
}

/// The byte range a comment at `comment` covering `cover` suppresses in;
/// `decls` are the file's declaration spans, in source order.
fn target(cover: Cover, comment: usize, decls: &[Span]) -> Range<u32> {
    let as_range = |a: usize, b: usize| (a as u32)..(b as u32).max(a as u32 + 1);
    match cover {
        Cover::Before { line_start } => as_range(line_start, comment),
        Cover::NextLine { start, first, end } => {
            let at = decls.partition_point(|d| (d.start as usize) < first);
            match decls.get(at) {
                Some(span) if span.start as usize == first => {
                    as_range(span.start as usize, span.end as usize)
                }
                _ => as_range(start, end),
            }
        }
        Cover::Nothing => as_range(comment, comment),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_suppressions() {
        assert_eq!(
            parse("allow(vague-purpose) reason: \"x\"").unwrap(),
            (vec!["vague-purpose".into()], true)
        );
        assert!(!parse("allow(L103, L201)").unwrap().1);
        assert!(parse("allow vague").is_err());
        assert!(parse("allow()").is_err());
        assert!(parse("allow(x) because").is_err());
    }

    #[test]
    fn finds_comments_outside_strings() {
        let text = "data a \"# not\" # yes\n# line\n";
        let found: Vec<&str> = comments(text).iter().map(|(a, b)| &text[*a..*b]).collect();
        assert_eq!(found, vec!["# yes", "# line"]);
    }
}
