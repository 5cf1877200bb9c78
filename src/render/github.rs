//! GitHub Actions workflow commands: one `::error` or `::warning` line per
//! finding, which GitHub shows as an annotation on the pull request.

use crate::Report;
use crate::diagnostic::Severity;

/// Escapes a message (data) of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`) of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for error in &report.io_errors {
        out.push_str(&format!(
            "::error file={},title={}::{}\n",
            escape_property(&error.path),
            escape_property("lawful: cannot read"),
            escape_data(&error.message)
        ));
    }
    for d in &report.diagnostics {
        let info = d.code.info();
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let location = match d.primary_span() {
            Some(span) => {
                let start = report.sources.line_col(span.file, span.start);
                let end = report.sources.line_col(span.file, span.end);
                format!(
                    "file={},line={},col={},endLine={},endColumn={},",
                    escape_property(report.sources.name(span.file)),
                    start.line,
                    start.column,
                    end.line,
                    end.column
                )
            }
            None => String::new(),
        };
        out.push_str(&format!(
            "::{command} {location}title={}::{}\n",
            escape_property(&format!("{} {}", info.code, info.slug)),
            escape_data(&message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_would_end_a_command() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }
}
