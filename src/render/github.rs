//! GitHub Actions workflow commands: one `::error` or `::warning` line per
//! finding, which GitHub shows as an annotation on the pull request. User
//! text goes through [`escape::github_data`] and [`escape::github_property`].

use super::{Options, escape, left_out_message, shown};
use crate::Report;
use crate::diagnostic::Severity;

/// The annotations, the default number of findings per code.
pub fn github(report: &Report) -> String {
    github_with(report, &Options::default())
}

/// [`github`], with a number of findings per code.
pub fn github_with(report: &Report, options: &Options) -> String {
    let mut out = String::new();
    for error in &report.io_errors {
        out.push_str(&format!(
            "::error file={},title={}::{}\n",
            escape::github_property(&error.path),
            escape::github_property("lawful: cannot read"),
            escape::github_data(&error.message)
        ));
    }
    let shown = shown(report, options);
    for d in &shown.diagnostics {
        let info = d.code.info();
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = escape::github_data(&d.message);
        if let Some(help) = &d.help {
            // An escaped line break: the annotation shows the help on a
            // line of its own.
            message.push_str("%0Ahelp: ");
            message.push_str(&escape::github_data(help));
        }
        let location = match d.primary_span() {
            Some(span) => {
                let start = report.sources.line_col(span.file, span.start);
                let end = report.sources.line_col(span.file, span.end);
                format!(
                    "file={},line={},col={},endLine={},endColumn={},",
                    escape::github_property(report.sources.name(span.file)),
                    start.line,
                    start.column,
                    end.line,
                    end.column
                )
            }
            None => String::new(),
        };
        out.push_str(&format!(
            "::{command} {location}title={}::{message}\n",
            escape::github_property(&format!("{} {}", info.code, info.slug)),
        ));
    }
    for (code, n) in &shown.left_out {
        out.push_str(&format!(
            "::notice title=lawful::{}\n",
            escape::github_data(&left_out_message(*code, *n))
        ));
    }
    out
}
