//! A check's findings as LSP diagnostics, one list per file: the same
//! findings, messages and places as `lawful check --format json`, with a
//! link to each code's explanation and the secondary labels as related
//! information.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Uri,
};

use super::analysis::{Analysis, State};
use super::position;
use crate::diagnostic::{Code, Diagnostic, Severity};

/// Where a code's explanation is published: what SARIF's `helpUri` says.
pub fn explanation_uri(code: Code) -> Option<Uri> {
    Uri::from_str(&format!(
        "{}rules/{}",
        env!("CARGO_PKG_HOMEPAGE"),
        code.info().slug
    ))
    .ok()
}

/// The message an editor shows: the finding, then its notes and help, as
/// the human format prints them under it.
pub fn message(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    for note in &d.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// Every loaded file's diagnostics (an empty list for a file with none).
pub fn by_file(
    state: &State,
    analysis: &Analysis,
) -> BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> {
    let mut out: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> = analysis
        .paths
        .values()
        .map(|p| (p.clone(), Vec::new()))
        .collect();
    let sources = &analysis.report.sources;
    for d in &analysis.report.diagnostics {
        let Some(span) = d.primary_span() else {
            continue;
        };
        let Some(path) = analysis.paths.get(&span.file) else {
            continue;
        };
        let info = d.code.info();
        let related: Vec<DiagnosticRelatedInformation> = d
            .labels
            .iter()
            .filter(|l| !l.primary)
            .filter_map(|l| {
                let path = analysis.paths.get(&l.span.file)?;
                Some(DiagnosticRelatedInformation {
                    location: Location::new(
                        state.uri(path),
                        position::range(sources, l.span, state.encoding),
                    ),
                    message: l.message.to_string(),
                })
            })
            .collect();
        let diagnostic = lsp_types::Diagnostic {
            range: position::range(sources, span, state.encoding),
            severity: Some(match d.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
            }),
            code: Some(NumberOrString::String(info.code.to_string())),
            code_description: explanation_uri(d.code).map(|href| CodeDescription { href }),
            source: Some("lawful".to_string()),
            message: message(d),
            related_information: (!related.is_empty()).then_some(related),
            tags: (d.code == Code::UnusedDefinition || d.code == Code::UnusedSuppression)
                .then(|| vec![lsp_types::DiagnosticTag::UNNECESSARY]),
            data: None,
        };
        out.entry(path.clone()).or_default().push(diagnostic);
    }
    out
}
