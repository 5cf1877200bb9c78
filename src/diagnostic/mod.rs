//! Diagnostics as plain data: what went wrong, where, why and how to fix it.
//! Every renderer (human, short, JSON, and later SARIF) reads this one type.

pub mod codes;
pub mod explain;

use std::borrow::Cow;

use serde::Serialize;

use crate::span::Span;
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    /// Most labels are fixed texts: borrowed, not copied per finding.
    pub message: Cow<'static, str>,
    pub primary: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    diagnostics.dedup();
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
        sort(&mut list);
        assert_eq!(list, expected);
        // The two `c` meet and are one; the `a`s keep their order.
        assert_eq!(list.len(), 6);
        assert_eq!(list[2].help.as_deref(), Some("second"));
        // Many, in a scrambled order.
        let mut many: Vec<Diagnostic> = (0..1000).map(|i| d(i * 7919 % 1000, "m")).collect();
        sort(&mut many);
        assert!(many.windows(2).all(|w| w[0].sort_key() <= w[1].sort_key()));
        assert_eq!(many.len(), 1000);
    }
}
