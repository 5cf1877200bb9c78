//! Diagnostics as plain data: what went wrong, where, why and how to fix it.
//! Every renderer (human, short, JSON, and later SARIF) reads this one type.

pub mod codes;
pub mod explain;

use std::borrow::Cow;

use serde::Serialize;

use crate::span::{FileId, Span};
pub use codes::{Code, Family};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Label {
    pub span: Span,
    /// Most labels are fixed texts: borrowed, not copied per finding.
    pub message: Cow<'static, str>,
    pub primary: bool,
}

/// A change of the source that resolves a finding, as plain data: `lawful
/// check --fix` applies it, the JSON and SARIF outputs carry it for editors
/// and code review. Only mechanical changes are fixes: correcting a name to
/// the one declared, adding what the finding names. Nothing that asserts a
/// fact about the company (that a person consented, that a condition holds)
/// is ever a fix: only its author can say so.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Fix {
    /// What the fix does, in the words of a `help:` line.
    pub description: String,
    /// Applied together or not at all; they do not overlap.
    pub edits: Vec<Edit>,
}

/// Replace the text of `span` with `replacement` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Fix {
    /// A fix of one edit.
    pub fn replace(
        description: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
    ) -> Fix {
        Fix {
            description: description.into(),
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The primary label first, then secondary labels in source order of
    /// the path they describe.
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    /// Most helps are fixed texts: borrowed, not copied per finding.
    pub help: Option<Cow<'static, str>>,
    /// Mechanical changes that resolve the finding (usually none).
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and a primary label.
    pub fn new(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<Cow<'static, str>>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.info().severity,
            message: message.into(),
            labels: vec![Label {
                span,
                message: label.into(),
                primary: true,
            }],
            notes: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }

    pub fn with_label(mut self, span: Span, message: impl Into<Cow<'static, str>>) -> Diagnostic {
        // Most findings have one or two labels: no room for four.
        self.labels.reserve_exact(1);
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.reserve_exact(1);
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    /// The span of the primary label.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .map(|l| l.span)
    }

    /// The order diagnostics are reported in: by file, position, then code.
    pub fn sort_key(&self) -> (Option<Span>, &'static str, &str) {
        (
            self.primary_span(),
            self.code.info().code,
            self.message.as_str(),
        )
    }
}

/// Where a stage puts its findings: a plain list, or a check's
/// [`crate::Findings`], which filters them as they come and, when a report
/// shows only some findings of each code, keeps only those (memory on
/// inputs dense with findings, issue 13).
pub trait Sink {
    fn push(&mut self, diagnostic: Diagnostic);

    fn extend_from(&mut self, diagnostics: Vec<Diagnostic>) {
        for d in diagnostics {
            self.push(d);
        }
    }
}

impl Sink for Vec<Diagnostic> {
    fn push(&mut self, diagnostic: Diagnostic) {
        Vec::push(self, diagnostic);
    }

    fn extend_from(&mut self, diagnostics: Vec<Diagnostic>) {
        self.extend(diagnostics);
    }
}

/// Puts diagnostics in their reporting order and drops exact duplicates.
///
/// The order is that of a stable sort by [`Diagnostic::sort_key`]; the sort
/// moves positions, not diagnostics, so that its scratch space is a few
/// bytes per finding rather than a copy of half of them (memory, issue 13).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by(|&a, &b| diagnostics[a].sort_key().cmp(&diagnostics[b].sort_key()));
    // Position k takes the diagnostic at order[k]: each cycle of the
    // permutation is one run of swaps.
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            diagnostics.swap(at, from);
            at = from;
        }
    }
    drop_duplicates(diagnostics);
}

/// Drops every exact duplicate of an earlier diagnostic in `sorted` (in
/// report order, so duplicates share a sort key, though other diagnostics
/// with that key may lie between them).
fn drop_duplicates(sorted: &mut Vec<Diagnostic>) {
    let mut keep = vec![true; sorted.len()];
    let mut start = 0;
    while start < sorted.len() {
        let key = sorted[start].sort_key();
        let end = start + sorted[start..].partition_point(|d| d.sort_key() == key);
        if end - start > 1 {
            let mut seen = std::collections::HashSet::with_capacity(end - start);
            for (i, d) in sorted[start..end].iter().enumerate() {
                keep[start + i] = seen.insert(d);
            }
        }
        start = end;
    }
    let mut index = 0;
    sorted.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}

/// `text` (the text of `file`) with the fixes of `diagnostics` that touch
/// only `file` applied, and how many were applied. Fixes are taken in the
/// order of their first edit; one that overlaps a fix already taken (or
/// starts where it does), or whose edits do not fall on the text's
/// character boundaries, is left out, whole. The same fix offered by two
/// findings is applied once.
pub fn apply_fixes<'a>(
    text: &str,
    file: FileId,
    fixes: impl IntoIterator<Item = &'a Fix>,
) -> (String, usize) {
    let valid = |e: &Edit| {
        e.span.file == file
            && e.span.start <= e.span.end
            && text.is_char_boundary(e.span.start as usize)
            && text.is_char_boundary(e.span.end as usize)
    };
    let mut candidates: Vec<&Fix> = fixes
        .into_iter()
        .filter(|f| !f.edits.is_empty() && f.edits.iter().all(valid))
        .collect();
    candidates.sort_by_key(|f| {
        f.edits
            .iter()
            .map(|e| (e.span.start, e.span.end))
            .min()
            .unwrap_or_default()
    });
    candidates.dedup();
    // Edits taken so far, as (start, end) in `text`.
    let mut taken: Vec<(u32, u32, &str)> = Vec::new();
    let mut applied = 0;
    for fix in candidates {
        let mut edits: Vec<(u32, u32, &str)> = fix
            .edits
            .iter()
            .map(|e| (e.span.start, e.span.end, e.replacement.as_str()))
            .collect();
        edits.sort_unstable();
        // Overlapping ranges, or two edits starting at one point (which
        // goes first would be a guess).
        let clash =
            |a: &(u32, u32, &str), b: &(u32, u32, &str)| (a.0 < b.1 && b.0 < a.1) || a.0 == b.0;
        let inside = edits.windows(2).any(|w| clash(&w[0], &w[1]));
        if inside || edits.iter().any(|e| taken.iter().any(|t| clash(e, t))) {
            continue;
        }
        taken.extend(edits);
        applied += 1;
    }
    taken.sort_unstable();
    let mut out = String::with_capacity(text.len() + 64 * taken.len());
    let mut at = 0usize;
    for (start, end, replacement) in taken {
        out.push_str(&text[at..start as usize]);
        out.push_str(replacement);
        at = end as usize;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;

    #[test]
    fn sorting_is_stable_and_drops_duplicates() {
        let at = |start: usize| Span::new(FileId(0), start, start + 1);
        let d = |start: usize, message: &str| {
            Diagnostic::new(Code::UnusedDefinition, message.to_string(), at(start), "x")
        };
        let mut list = vec![
            d(5, "e"),
            d(1, "a").with_help("first"),
            d(3, "c"),
            d(1, "a").with_help("second"),
            d(3, "c"),
            d(0, "z"),
            d(1, "a").with_help("first"),
        ];
        let mut expected = list.clone();
        expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        expected.dedup();
        // The second `a` "first" is a duplicate of the first, though the
        // `a` "second" lies between them (a check that keeps only some
        // findings of each code counts duplicates the same way).
        expected.remove(3);
        sort(&mut list);
        assert_eq!(list, expected);
        // The two `c` meet and are one; the `a`s keep their order.
        assert_eq!(list.len(), 5);
        assert_eq!(list[1].help.as_deref(), Some("first"));
        assert_eq!(list[2].help.as_deref(), Some("second"));
        // Many, in a scrambled order.
        let mut many: Vec<Diagnostic> = (0..1000).map(|i| d(i * 7919 % 1000, "m")).collect();
        sort(&mut many);
        assert!(many.windows(2).all(|w| w[0].sort_key() <= w[1].sort_key()));
        assert_eq!(many.len(), 1000);
    }

    fn fix(start: usize, end: usize, to: &str) -> Fix {
        Fix::replace("f", Span::new(FileId(0), start, end), to)
    }

    #[test]
    fn applies_fixes_that_do_not_overlap() {
        let text = "data membres\ncollect x from membres\n";
        let fixes = [
            fix(5, 12, "members"),
            fix(28, 35, "members"),
            fix(5, 12, "members"),
        ];
        assert_eq!(
            apply_fixes(text, FileId(0), &fixes),
            ("data members\ncollect x from members\n".to_string(), 2)
        );
    }

    #[test]
    fn leaves_out_overlapping_and_foreign_fixes() {
        let text = "purpose p \"x\"\n";
        let other_file = Fix::replace("f", Span::new(FileId(1), 0, 1), "y");
        let fixes = [
            fix(8, 9, "q"),
            fix(8, 13, "no"),
            fix(13, 13, " {}"),
            fix(13, 13, " { }"),
            fix(3, 100, "out of range"),
            other_file,
        ];
        assert_eq!(
            apply_fixes(text, FileId(0), &fixes),
            ("purpose q \"x\" {}\n".to_string(), 2)
        );
    }

    #[test]
    fn never_cuts_a_character() {
        let text = "data é\n";
        assert_eq!(apply_fixes(text, FileId(0), &[fix(5, 6, "e")]).1, 0);
    }
}
