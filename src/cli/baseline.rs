//! Baselines: adopting lawful on a policy that already has findings.
//! `lawful check --write-baseline FILE` records today's findings;
//! `lawful check --baseline FILE` then reports only the findings not
//! recorded, so a pull request is judged by what it adds.
//!
//! A finding is recorded by its code and the fingerprint SARIF gives it
//! ([`render::fingerprint`]: code, file, message and the text under its
//! primary label, not line numbers), so it stays recorded when lines move
//! above it. Several findings with one fingerprint are counted: a baseline
//! holding two absorbs two.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{EXIT_CLEAN, EXIT_ERROR};
use lawful::load::walk::{self, FileKind};
use lawful::{Report, render};

/// The version of the baseline file's format.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    tool: String,
    findings: Vec<Entry>,
}

/// One finding recorded. `file` and `message` are for the people who read
/// the baseline in review; matching uses the code and the fingerprint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    code: String,
    file: String,
    fingerprint: String,
    message: String,
}

/// A baseline read: how many findings of each (code, fingerprint).
pub struct Baseline {
    counts: BTreeMap<(String, String), usize>,
}

/// What a baseline took out of a report.
pub struct LeftOut {
    /// Findings recorded in the baseline and not reported.
    pub known: usize,
    /// Recorded findings that no longer occur.
    pub gone: usize,
}

fn entries(report: &Report) -> Vec<Entry> {
    let mut entries: Vec<Entry> = report
        .diagnostics
        .iter()
        .map(|d| Entry {
            code: d.code.info().code.to_string(),
            file: d
                .primary_span()
                .map(|s| report.sources.name(s.file).to_string())
                .unwrap_or_default(),
            fingerprint: render::fingerprint(report, d),
            message: d.message.clone(),
        })
        .collect();
    entries.sort();
    entries
}

/// `--write-baseline FILE`: records the report's findings, atomically.
pub fn write(path: &Path, report: &Report, quiet: bool) -> u8 {
    for error in &report.io_errors {
        eprintln!("error: {}", render::escape::terminal(&error.to_string()));
    }
    if !report.io_errors.is_empty() {
        eprintln!("error: some files could not be read; no baseline written");
        return EXIT_ERROR;
    }
    let file = File {
        version: VERSION,
        tool: "lawful".to_string(),
        findings: entries(report),
    };
    let text = match render::escape::json_pretty(&file, 0) {
        Ok(text) => text + "\n",
        Err(e) => {
            eprintln!("error: cannot write the baseline: {e}");
            return EXIT_ERROR;
        }
    };
    if let Err(e) = lawful::fmt::write_atomically(path, &text) {
        eprintln!("error: {}", render::escape::terminal(&e.to_string()));
        return EXIT_ERROR;
    }
    if !quiet {
        eprintln!(
            "recorded {} finding{} in {}",
            file.findings.len(),
            if file.findings.len() == 1 { "" } else { "s" },
            render::escape::terminal(&path.display().to_string())
        );
    }
    EXIT_CLEAN
}

impl Baseline {
    /// Reads a baseline written by `--write-baseline`, or says why not.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let shown = render::escape::terminal(&path.display().to_string()).into_owned();
        let text = walk::read_text(path, FileKind::Config).map_err(|e| format!("{shown}: {e}"))?;
        let file: File = serde_json::from_str(&text).map_err(|e| {
            format!("{shown}: not a baseline written by `lawful check --write-baseline`: {e}")
        })?;
        if file.version != VERSION {
            return Err(format!(
                "{shown}: baseline version {} is not one this lawful reads ({VERSION}); write it again with `--write-baseline`",
                file.version
            ));
        }
        let mut counts = BTreeMap::new();
        for entry in file.findings {
            *counts.entry((entry.code, entry.fingerprint)).or_default() += 1;
        }
        Ok(Baseline { counts })
    }

    /// Removes from `report` the findings the baseline records.
    pub fn filter(&self, report: &mut Report) -> LeftOut {
        let mut counts = self.counts.clone();
        let keep: Vec<bool> = report
            .diagnostics
            .iter()
            .map(|d| {
                let key = (
                    d.code.info().code.to_string(),
                    render::fingerprint(report, d),
                );
                match counts.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect();
        let before = report.diagnostics.len();
        let mut keep = keep.into_iter();
        report.diagnostics.retain(|_| keep.next().unwrap_or(true));
        LeftOut {
            known: before - report.diagnostics.len(),
            gone: counts.values().sum(),
        }
    }
}

impl LeftOut {
    /// The note on stderr: what the baseline hid, and what it records that
    /// is gone (so that it can be written again).
    pub fn tell(&self, path: &Path) {
        let shown = render::escape::terminal(&path.display().to_string()).into_owned();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        if self.known > 0 {
            eprintln!(
                "note: {} finding{} recorded in the baseline {shown} not reported",
                self.known,
                plural(self.known)
            );
        }
        if self.gone > 0 {
            eprintln!(
                "note: {} finding{} recorded in the baseline {shown} no longer occur{}; `--write-baseline {shown}` records today's",
                self.gone,
                plural(self.gone),
                if self.gone == 1 { "s" } else { "" }
            );
        }
    }
}
