//! The human format: codespan-reporting's rich diagnostics, shown on an
//! [`Excerpt`] of the sources rather than the sources themselves, with
//! every piece of user text through [`escape::terminal`].

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, Config};

use super::excerpt::{Excerpt, Limits};
use super::{Options, escape, shown};
use crate::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::SourceMap;

/// The labels a finding shows at most: the primary one and the first
/// secondary ones in source order. A purpose with no basis relied on by
/// thousands of flows is one finding; its other places are counted in a
/// note (`--format json` lists them all).
const MAX_LABELS: usize = 10;

fn to_codespan(
    d: &Diagnostic,
    ranges: Vec<(usize, std::ops::Range<usize>)>,
) -> cs::Diagnostic<usize> {
    let info = d.code.info();
    let shown = ranges.len();
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let labels = d
        .labels
        .iter()
        .zip(ranges)
        .map(|(l, (file, range))| {
            let style = if l.primary {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            cs::Label::new(style, file, range).with_message(escape::terminal(&l.message))
        })
        .collect();
    let mut notes: Vec<String> = d
        .notes
        .iter()
        .map(|n| format!("note: {}", escape::terminal(n)))
        .collect();
    // `prepare` gave ranges for the labels shown only.
    let hidden = d.labels.len().saturating_sub(shown);
    if hidden > 0 {
        let places = if hidden == 1 { "place" } else { "places" };
        notes.push(format!(
            "note: {hidden} more {places} not shown; `--format json` lists them all"
        ));
    }
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", escape::terminal(help)));
    }
    notes.push(format!("see: lawful explain {} ({})", info.code, info.slug));
    cs::Diagnostic::new(severity)
        .with_code(info.code)
        .with_message(escape::terminal(&d.message))
        .with_labels(labels)
        .with_notes(notes)
}

/// A diagnostic as codespan shows it, with the excerpt it is shown on: long
/// lines cut to fit `width` columns when given (a terminal), else to the
/// fixed limits that keep files and snapshots independent of any terminal.
fn prepare(
    sources: &SourceMap,
    d: &Diagnostic,
    width: Option<usize>,
) -> (Excerpt, cs::Diagnostic<usize>) {
    let limits = width.map_or_else(Limits::default, Limits::for_width);
    let shown = &d.labels[..d.labels.len().min(MAX_LABELS)];
    let (excerpt, ranges) = Excerpt::new(sources, shown, limits);
    (excerpt, to_codespan(d, ranges))
}

fn fallback(d: &Diagnostic, error: impl std::fmt::Display) -> String {
    format!(
        "{}: {} (could not show the source: {error})\n\n",
        d.code.info().code,
        escape::terminal(&d.message)
    )
}

fn unreadable(report: &Report) -> String {
    report
        .io_errors
        .iter()
        .map(|e| {
            format!(
                "error: {}: {}\n\n",
                escape::terminal(&e.path),
                escape::terminal(&e.message)
            )
        })
        .collect()
}

/// Plain text without colour, the default number of findings per code:
/// stable for snapshots and logs.
pub fn plain(report: &Report) -> String {
    plain_with(report, &Options::default())
}

/// Plain text without colour.
pub fn plain_with(report: &Report, options: &Options) -> String {
    let width = options.width;
    let config = Config::default();
    let mut out = unreadable(report);
    let shown = shown(report, options);
    for d in &shown.diagnostics {
        let (excerpt, diagnostic) = prepare(&report.sources, d, width);
        match term::emit_into_string(&config, &excerpt, &diagnostic) {
            Ok(text) => out.push_str(&text),
            Err(e) => out.push_str(&fallback(d, e)),
        }
    }
    for line in shown.left_out_lines() {
        out.push_str(&line);
        out.push_str("\n\n");
    }
    if options.summary {
        out.push_str(&summary(report));
        out.push('\n');
    }
    out
}

/// Writes the human format to a terminal, in colour when `colour` is set.
pub fn human(report: &Report, colour: bool) -> std::io::Result<()> {
    human_with(report, colour, &Options::default())
}

/// [`human`], with a number of findings per code.
pub fn human_with(report: &Report, colour: bool, options: &Options) -> std::io::Result<()> {
    let width = options.width;
    use std::io::Write;
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
    write!(lock, "{}", unreadable(report))?;
    let shown = shown(report, options);
    for d in &shown.diagnostics {
        let (excerpt, diagnostic) = prepare(&report.sources, d, width);
        if let Err(e) = term::emit_to_write_style(&mut lock, &config, &excerpt, &diagnostic) {
            write!(lock, "{}", fallback(d, e))?;
        }
    }
    for line in shown.left_out_lines() {
        writeln!(lock, "{line}\n")?;
    }
    if options.summary {
        writeln!(lock, "{}", summary(report))?;
    }
    Ok(())
}

/// How many errors and how many warnings a report has.
pub fn counts(report: &Report) -> (usize, usize) {
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
        + report.counted.errors();
    let all = report.diagnostics.len() + report.counted.findings();
    (errors, all - errors)
}

/// "2 errors, 1 warning in 3 files".
pub fn summary(report: &Report) -> String {
    let (errors, warnings) = counts(report);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::span::Span;

    /// On lines of ordinary length the excerpt shows exactly what codespan
    /// shows of the whole file: the same lines, context, breaks and labels.
    #[test]
    fn an_excerpt_renders_as_the_whole_file_would() {
        let mut sources = SourceMap::new();
        let text: String = (1..=40).map(|i| format!("line {i} text\n")).collect();
        let a = sources.add("a.policy", text.clone());
        let b = sources.add("b.policy", text.clone());
        let at = |line: usize, column: usize| {
            text.lines()
                .take(line - 1)
                .map(|l| l.len() + 1)
                .sum::<usize>()
                + column
                - 1
        };
        let cases = [
            vec![(a, at(3, 1), at(20, 4), true)],
            vec![
                (a, at(3, 1), at(20, 4), true),
                (a, at(5, 6), at(5, 7), false),
            ],
            vec![
                (a, at(10, 1), at(10, 5), true),
                (a, at(12, 1), at(12, 5), false),
                (a, at(30, 1), at(33, 2), false),
                (b, at(2, 1), at(2, 5), false),
                (a, at(41, 1), at(41, 1), false),
            ],
            vec![
                (b, at(1, 1), at(40, 1), true),
                (b, at(1, 1), at(3, 1), false),
            ],
        ];
        for labels in cases {
            let mut d = Diagnostic::new(Code::SyntaxError, "m", Span::new(a, 0, 0), "l");
            d.labels.clear();
            for (file, start, end, primary) in labels {
                d = d.with_label(Span::new(file, start, end), "here");
                d.labels.last_mut().unwrap().primary = primary;
            }
            let config = Config::default();
            let (excerpt, shown) = prepare(&sources, &d, None);
            let via_excerpt = term::emit_into_string(&config, &excerpt, &shown).unwrap();
            let whole: Vec<(usize, std::ops::Range<usize>)> = d
                .labels
                .iter()
                .map(|l| (l.span.file.0 as usize, l.span.range()))
                .collect();
            let direct = to_codespan(&d, whole);
            let direct = cs::Diagnostic {
                labels: direct
                    .labels
                    .into_iter()
                    .map(|l| cs::Label {
                        file_id: crate::span::FileId(l.file_id as u32),
                        style: l.style,
                        range: l.range,
                        message: l.message,
                    })
                    .collect(),
                severity: direct.severity,
                code: direct.code,
                message: direct.message,
                notes: direct.notes,
            };
            let via_files = term::emit_into_string(&config, &sources, &direct).unwrap();
            assert_eq!(via_excerpt, via_files);
        }
    }
}
