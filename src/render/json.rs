//! The JSON format. Its schema is versioned: fields are only ever added
//! within a version (see docs/output.md).

use serde::Serialize;

use super::escape;
use crate::Report;
use crate::diagnostic::Severity;
use crate::span::Span;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: &'static str,
    tool_version: &'static str,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    unreadable: Vec<Unreadable<'a>>,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    files: usize,
}

#[derive(Serialize)]
struct Location<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

/// Written as the location's fields followed by `message` and `primary`:
/// what `#[serde(flatten)]` writes, without its detour through a map
/// (a quarter of the rendering time with thousands of labels).
struct JsonLabel<'a> {
    location: Location<'a>,
    message: &'a str,
    primary: bool,
}

impl Serialize for JsonLabel<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let l = &self.location;
        let mut s = serializer.serialize_struct("JsonLabel", 7)?;
        s.serialize_field("file", l.file)?;
        s.serialize_field("line", &l.line)?;
        s.serialize_field("column", &l.column)?;
        s.serialize_field("end_line", &l.end_line)?;
        s.serialize_field("end_column", &l.end_column)?;
        s.serialize_field("message", self.message)?;
        s.serialize_field("primary", &self.primary)?;
        s.end()
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    slug: &'static str,
    severity: Severity,
    message: &'a str,
    location: Option<Location<'a>>,
    labels: Vec<JsonLabel<'a>>,
    notes: &'a [String],
    help: Option<&'a str>,
    /// Added in version 1 (fields are only added within a version); empty
    /// when the finding has no mechanical fix.
    fixes: Vec<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

/// Where the replaced text is (an empty range inserts), as a location and
/// as byte offsets into the file's UTF-8 text, and what replaces it.
#[derive(Serialize)]
struct JsonEdit<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start_byte: u32,
    end_byte: u32,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Unreadable<'a> {
    path: &'a str,
    message: &'a str,
}

fn location<'a>(report: &'a Report, span: Span) -> Location<'a> {
    let start = report.sources.line_col(span.file, span.start);
    let end = report.sources.line_col(span.file, span.end);
    Location {
        file: report.sources.name(span.file),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// The report as pretty-printed JSON.
pub fn json(report: &Report) -> String {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| {
            let info = d.code.info();
            JsonDiagnostic {
                code: info.code,
                slug: info.slug,
                severity: d.severity,
                message: &d.message,
                location: d.primary_span().map(|s| location(report, s)),
                labels: d
                    .labels
                    .iter()
                    .map(|l| JsonLabel {
                        location: location(report, l.span),
                        message: &l.message,
                        primary: l.primary,
                    })
                    .collect(),
                notes: &d.notes,
                help: d.help.as_deref(),
                fixes: d
                    .fixes
                    .iter()
                    .map(|f| JsonFix {
                        description: &f.description,
                        edits: f
                            .edits
                            .iter()
                            .map(|e| {
                                let at = location(report, e.span);
                                JsonEdit {
                                    file: at.file,
                                    line: at.line,
                                    column: at.column,
                                    end_line: at.end_line,
                                    end_column: at.end_column,
                                    start_byte: e.span.start,
                                    end_byte: e.span.end,
                                    replacement: &e.replacement,
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect();
    let (errors, warnings) = super::counts(report);
    let output = Output {
        version: SCHEMA_VERSION,
        tool: "lawful",
        tool_version: env!("CARGO_PKG_VERSION"),
        summary: Summary {
            errors,
            warnings,
            files: report.sources.len(),
        },
        diagnostics,
        unreadable: report
            .io_errors
            .iter()
            .map(|e| Unreadable {
                path: &e.path,
                message: &e.message,
            })
            .collect(),
    };
    // About 1.3 kB per diagnostic: one allocation instead of a dozen
    // doublings of a multi-megabyte buffer.
    match escape::json_pretty(&output, 1024 + 1536 * report.diagnostics.len()) {
        Ok(text) => text + "\n",
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}
