//! `lawful check --fix`: applies the mechanical fixes the findings carry
//! ([`lawful::diagnostic::Fix`]) to the files checked.
//!
//! A file is rewritten only when
//! - it lies inside a directory given on the command line, or is in the
//!   directory of a file given (the policy root imports may not leave);
//! - it still holds the text that was checked (a file changed meanwhile is
//!   left alone);
//! - the fixed text has no more syntax errors than the text checked;
//!
//! and it is written as `lawful fmt` writes: atomically, never through a
//! link. Fixes only insert or replace tokens, so every comment stays; a file
//! in the canonical layout is laid out again after the fix, so it stays so.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use lawful::diagnostic::{Fix, apply_fixes};
use lawful::load::walk::{self, FileKind};
use lawful::render::escape::terminal;
use lawful::span::FileId;
use lawful::{Code, Report};

/// What `--fix` did.
#[derive(Default)]
pub struct Fixed {
    pub fixes: usize,
    /// The files fixed, by name.
    pub files: BTreeSet<String>,
    /// The fixed text, for standard input.
    pub text: Option<String>,
    /// Files left as they were, and why.
    pub refused: Vec<String>,
}

impl Fixed {
    /// Adds what another pass did.
    pub fn absorb(&mut self, pass: Fixed) {
        self.fixes += pass.fixes;
        self.files.extend(pass.files);
        self.text = pass.text.or(self.text.take());
        self.refused.extend(pass.refused);
    }

    /// What was fixed and what was not, on stderr.
    pub fn tell(&self, quiet: bool) {
        for reason in &self.refused {
            eprintln!("warning: {reason}");
        }
        if !quiet && self.fixes > 0 {
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            eprintln!(
                "fixed {} in {}",
                plural(self.fixes, "finding"),
                plural(self.files.len(), "file")
            );
        }
    }
}

/// The fixes offered for `file`, each touching only it.
fn fixes_of(report: &Report, file: FileId) -> Vec<&Fix> {
    report
        .diagnostics
        .iter()
        .flat_map(|d| &d.fixes)
        .filter(|f| f.edits.iter().all(|e| e.span.file == file))
        .collect()
}

fn syntax_errors(text: &str) -> usize {
    lawful::syntax::parse(FileId(0), text)
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::SyntaxError)
        .count()
}

/// `text` with `fixes` applied, laid out again if it was in the canonical
/// layout; `Err` when the result would not parse as well as the original.
fn fixed(text: &str, file: FileId, fixes: &[&Fix]) -> Result<(String, usize), String> {
    let (new, applied) = apply_fixes(text, file, fixes.iter().copied());
    if applied == 0 {
        return Ok((text.to_string(), 0));
    }
    if syntax_errors(&new) > syntax_errors(text) {
        return Err(
            "the fixed text would not parse; not fixed (please report this as a bug)".into(),
        );
    }
    let canonical = matches!(lawful::fmt::format_str(text), Ok(ref f) if f == text);
    let new = match lawful::fmt::format_str(&new) {
        Ok(formatted) if canonical => formatted,
        _ => new,
    };
    Ok((new, applied))
}

/// `--fix` on standard input: the fixed text (the file is the first).
pub fn fix_text(report: &Report, text: &str) -> Fixed {
    let file = FileId(0);
    let mut outcome = Fixed::default();
    let fixes = fixes_of(report, file);
    if fixes.is_empty() || report.sources.text(file) != text {
        return outcome;
    }
    match fixed(text, file, &fixes) {
        Ok((new, applied)) if applied > 0 => {
            outcome.fixes = applied;
            outcome.files.insert(report.sources.name(file).to_string());
            outcome.text = Some(new);
        }
        Ok(_) => {}
        Err(reason) => outcome
            .refused
            .push(format!("{}: {reason}", terminal(report.sources.name(file)))),
    }
    outcome
}

/// The directories files may be fixed in: each directory given, and the
/// directory of each file given (canonical).
fn roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .filter_map(|p| {
            let canonical = p.canonicalize().ok()?;
            if canonical.is_dir() {
                Some(canonical)
            } else {
                canonical.parent().map(Path::to_path_buf)
            }
        })
        .collect()
}

/// `--fix` on the files of `report`, checked from `paths`.
pub fn fix_files(report: &Report, paths: &[PathBuf]) -> Fixed {
    let roots = roots(paths);
    let mut outcome = Fixed::default();
    for file in report.sources.ids() {
        let fixes = fixes_of(report, file);
        if fixes.is_empty() {
            continue;
        }
        let name = report.sources.name(file);
        let shown = terminal(name);
        let checked = report.sources.text(file);
        let Ok(canonical) = Path::new(name).canonicalize() else {
            outcome
                .refused
                .push(format!("{shown}: cannot be found again; not fixed"));
            continue;
        };
        if !roots.iter().any(|root| canonical.starts_with(root)) {
            outcome.refused.push(format!(
                "{shown}: is outside the directories given; not fixed"
            ));
            continue;
        }
        match walk::read_text(&canonical, FileKind::Policy) {
            Ok(now) if now == checked => {}
            _ => {
                outcome
                    .refused
                    .push(format!("{shown}: changed while it was checked; not fixed"));
                continue;
            }
        }
        let (new, applied) = match fixed(checked, file, &fixes) {
            Ok(result) => result,
            Err(reason) => {
                outcome.refused.push(format!("{shown}: {reason}"));
                continue;
            }
        };
        if applied == 0 {
            continue;
        }
        match lawful::fmt::write_atomically(&canonical, &new) {
            Ok(()) => {
                outcome.fixes += applied;
                outcome.files.insert(name.to_string());
            }
            Err(e) => outcome
                .refused
                .push(format!("{shown}: {}; not fixed", terminal(&e.message))),
        }
    }
    outcome
}
