//! The human format: codespan-reporting's rich diagnostics.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, Config};

use crate::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::FileId;

fn to_codespan(d: &Diagnostic) -> cs::Diagnostic<FileId> {
    let info = d.code.info();
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let labels = d
        .labels
        .iter()
        .map(|l| {
            let style = if l.primary {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            cs::Label::new(style, l.span.file, l.span.range()).with_message(l.message.clone())
        })
        .collect();
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    notes.push(format!("see: lawful explain {} ({})", info.code, info.slug));
    cs::Diagnostic::new(severity)
        .with_code(info.code)
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// Plain text without colour: stable for snapshots and logs.
pub fn plain(report: &Report) -> String {
    let config = Config::default();
    let mut out = String::new();
    for error in &report.io_errors {
        out.push_str(&format!("error: {}: {}\n\n", error.path, error.message));
    }
    for d in &report.diagnostics {
        match term::emit_into_string(&config, &report.sources, &to_codespan(d)) {
            Ok(text) => out.push_str(&text),
            Err(e) => out.push_str(&format!(
                "{}: {} (could not show the source: {e})\n\n",
                d.code.info().code,
                d.message
            )),
        }
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// Writes the human format to a terminal, in colour when `colour` is set.
pub fn human(report: &Report, colour: bool) -> std::io::Result<()> {
    use term::termcolor::{ColorChoice, StandardStream};
    let choice = if colour {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    };
    let stream = StandardStream::stdout(choice);
    let config = Config::default();
    let mut lock = stream.lock();
    // Read errors come first, as in `plain`: colour must not move them.
    for error in &report.io_errors {
        use std::io::Write;
        writeln!(lock, "error: {}: {}\n", error.path, error.message)?;
    }
    for d in &report.diagnostics {
        if term::emit_to_write_style(&mut lock, &config, &report.sources, &to_codespan(d)).is_err()
        {
            use std::io::Write;
            writeln!(lock, "{}: {}\n", d.code.info().code, d.message)?;
        }
    }
    use std::io::Write;
    writeln!(lock, "{}", summary(report))?;
    Ok(())
}

/// "2 errors, 1 warning in 3 files".
pub fn summary(report: &Report) -> String {
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = report.diagnostics.len() - errors;
    let files = report.sources.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut text = if errors == 0 && warnings == 0 {
        format!("no findings in {}", plural(files, "file"))
    } else {
        format!(
            "{}, {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(files, "file")
        )
    };
    if !report.io_errors.is_empty() {
        text.push_str(&format!(
            "; {} could not be read",
            plural(report.io_errors.len(), "path")
        ));
    }
    text
}
