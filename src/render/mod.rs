//! Renderers of a [`Report`]: for people (`human`, `short`) and machines
//! (`json`, `sarif`, `github`). None depends on the terminal's width unless
//! the caller gives one ([`Options::width`], for a terminal only); colour
//! is only used when the caller asks for it. User text is escaped for each
//! destination in [`escape`].
//!
//! The formats people read (`human`, `short`, `github`) print at most
//! [`Options::max_per_code`] findings of each code, then one line counting
//! the rest, so that their size is bounded by the number of codes rather
//! than by the input; `json` and `sarif` list every finding.

mod describe;
mod doc;
pub mod escape;
mod excerpt;
mod github;
mod human;
mod json;
pub mod notice;
pub mod ropa;
mod sarif;

use std::collections::BTreeMap;

pub use doc::md_escape;
pub use github::{github, github_with};
pub use human::{counts, human, human_with, plain, plain_with, summary};
pub use json::json;
pub use sarif::{fingerprint, sarif};

use crate::Report;
use crate::diagnostic::{Code, Diagnostic};

/// How many findings of one code `human`, `short` and `github` print by
/// default.
pub const DEFAULT_MAX_PER_CODE: usize = 100;

/// How a report is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// At most this many findings of each code are printed, the first ones
    /// in report order; `None` prints them all.
    pub max_per_code: Option<usize>,
    /// The summary line (`2 errors, 1 warning in 3 files`) ends `human`
    /// output; `--quiet` leaves it out.
    pub summary: bool,
    /// The terminal's width in columns, when `human` output goes to one:
    /// source lines and label underlines longer than it are cut with `…`.
    /// `None` (files, pipes, snapshots): fixed limits, the same everywhere.
    pub width: Option<usize>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_per_code: Some(DEFAULT_MAX_PER_CODE),
            summary: true,
            width: None,
        }
    }
}

/// The findings a format for people prints, and how many of each code it
/// leaves out.
struct Shown<'a> {
    diagnostics: Vec<&'a Diagnostic>,
    left_out: BTreeMap<Code, usize>,
}

fn shown<'a>(report: &'a Report, options: &Options) -> Shown<'a> {
    let max = options.max_per_code.unwrap_or(usize::MAX);
    let mut printed: BTreeMap<Code, usize> = BTreeMap::new();
    let mut shown = Shown {
        diagnostics: Vec::new(),
        left_out: BTreeMap::new(),
    };
    for d in &report.diagnostics {
        let count = printed.entry(d.code).or_default();
        if *count < max {
            *count += 1;
            shown.diagnostics.push(d);
        } else {
            *shown.left_out.entry(d.code).or_default() += 1;
        }
    }
    // Findings the check only counted (it kept the first of each code).
    for (code, counted) in &report.counted.per_code {
        *shown.left_out.entry(*code).or_default() += counted.findings;
    }
    shown
}

impl Shown<'_> {
    /// "note: 12 more L201 (missing-retention) findings not shown; ...",
    /// one per code, in code order.
    fn left_out_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.left_out
            .iter()
            .map(|(code, n)| format!("note: {}", left_out_message(*code, *n)))
    }
}

fn left_out_message(code: Code, n: usize) -> String {
    let info = code.info();
    format!(
        "{n} more {} ({}) finding{} not shown; `--max-per-code 0` shows them all",
        info.code,
        info.slug,
        if n == 1 { "" } else { "s" }
    )
}

/// `path:line:col: severity[CODE] message (slug)`, one line per finding,
/// the default number of findings per code.
pub fn short(report: &Report) -> String {
    short_with(report, &Options::default())
}

/// [`short`], with a number of findings per code.
pub fn short_with(report: &Report, options: &Options) -> String {
    let mut out = String::new();
    for error in &report.io_errors {
        out.push_str(&format!(
            "{}: error: {}\n",
            escape::terminal(&error.path),
            escape::terminal(&error.message)
        ));
    }
    let shown = shown(report, options);
    for d in &shown.diagnostics {
        let info = d.code.info();
        let location = match d.primary_span() {
            Some(span) => {
                let at = report.sources.line_col(span.file, span.start);
                format!(
                    "{}:{}:{}",
                    escape::terminal(report.sources.name(span.file)),
                    at.line,
                    at.column
                )
            }
            None => "<unknown>".to_string(),
        };
        out.push_str(&format!(
            "{location}: {}[{}] {} ({})\n",
            d.severity.as_str(),
            info.code,
            escape::terminal(&d.message),
            info.slug
        ));
    }
    for line in shown.left_out_lines() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
