//! `lawful diff OLD NEW` and `lawful diff --base GIT_REV PATH`: what a
//! change of policy means for consent and notice (docs/diff.md).

use std::path::PathBuf;

use clap::ValueEnum;

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, print};
use lawful::config::Config;
use lawful::diff::{self, Diff, Effect, Side, git, sets};
use lawful::load::LoadError;
use lawful::{Code, Report};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The changes grouped by effect
    #[default]
    Human,
    /// Versioned JSON (docs/output.md)
    Json,
    /// Markdown for a pull-request comment
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A change needs consent
    Consent,
    /// A change needs consent, prior notice or publication, or a notice update
    Notice,
    /// There is any change at all
    Any,
}

#[derive(clap::Args)]
pub struct Args {
    /// OLD and NEW: policy files or directories; with --base, NEW only
    #[arg(required = true, num_args = 1..=2, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Read the old version from git at this revision (a branch, tag or commit)
    #[arg(long, value_name = "GIT_REV")]
    base: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Exit 1 when a change has this effect or a stronger one (default: never)
    #[arg(long, value_enum, value_name = "EFFECT")]
    fail_on: Option<FailOn>,
    /// Use this lawful.toml instead of the one found above NEW
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The old version, from a path or from git.
enum Old {
    Path(PathBuf),
    Git(git::Revision),
}

pub fn run(args: Args) -> u8 {
    let (old, new) = match (&args.base, args.paths.as_slice()) {
        (None, [old, new]) => (old.clone(), new.clone()),
        (Some(_), [new]) => (PathBuf::new(), new.clone()),
        (None, _) => {
            eprintln!(
                "error: `lawful diff` compares two versions: give OLD and NEW, or --base GIT_REV and NEW"
            );
            return EXIT_ERROR;
        }
        (Some(_), _) => {
            eprintln!(
                "error: with --base, give only the new version's path: the old one is read from git"
            );
            return EXIT_ERROR;
        }
    };
    let config = match &args.config {
        Some(path) => Config::load(path),
        None => Config::discover(&new),
    };
    let config = match config {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERROR;
        }
    };
    let old = match &args.base {
        Some(rev) => match git::read(rev, &new, &config) {
            Ok(revision) => Old::Git(revision),
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_ERROR;
            }
        },
        None => Old::Path(old),
    };
    let new_report = lawful::check_paths_with(std::slice::from_ref(&new), &config);
    let (old_report, old_base) = match &old {
        Old::Path(path) => (
            lawful::check_paths_with(std::slice::from_ref(path), &config),
            path.display().to_string(),
        ),
        Old::Git(revision) if !revision.exists => {
            eprintln!(
                "note: {} does not exist at `{}`: everything in it is new",
                new.display(),
                revision.label.escape_debug()
            );
            (empty_report(), String::new())
        }
        Old::Git(revision) => (
            lawful::check_paths_with(std::slice::from_ref(&revision.path), &config),
            revision.path.display().to_string(),
        ),
    };
    let new_base = new.display().to_string();
    let mut diff = sets::compare(
        &sets::Run {
            report: &old_report,
            base: &old_base,
        },
        &sets::Run {
            report: &new_report,
            base: &new_base,
        },
    );
    let mut errors: Vec<LoadError> = Vec::new();
    match &old {
        Old::Git(revision) => {
            diff.map_files(Side::Old, |name| revision.display(name));
            errors.extend(revision.errors.iter().cloned());
            errors.extend(old_report.io_errors.iter().map(|e| LoadError {
                path: revision.display(&e.path),
                message: e.message.clone(),
            }));
        }
        Old::Path(_) => errors.extend(old_report.io_errors.iter().cloned()),
    }
    errors.extend(new_report.io_errors.iter().cloned());
    warn_syntax("old", &old_report);
    warn_syntax("new", &new_report);
    let text = match args.format {
        Format::Human => diff::render::human(&diff, &errors),
        Format::Json => diff::render::json(&diff, &errors),
        Format::Markdown => diff::render::markdown(&diff, &errors),
    };
    if args.format != Format::Human {
        for error in &errors {
            eprintln!("error: {error}");
        }
    }
    let written = print(&text);
    let code = if !written || !errors.is_empty() {
        EXIT_ERROR
    } else if args.fail_on.is_some_and(|f| fails(&diff, f)) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    // The process ends next: freeing two large policies' models and graphs
    // one allocation at a time would only delay the exit (as `check`).
    std::mem::forget((old_report, new_report));
    code
}

/// Whether `--fail-on` fails the run.
fn fails(diff: &Diff, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Consent => diff.count(Effect::Consent) > 0,
        FailOn::Notice => diff.changes.iter().any(|c| c.effect != Effect::None),
        FailOn::Any => !diff.is_empty(),
    }
}

/// A run that found nothing: the old version of a path git does not have.
fn empty_report() -> Report {
    Report {
        sources: Default::default(),
        diagnostics: Vec::new(),
        counted: Default::default(),
        io_errors: Vec::new(),
        compiled: Vec::new(),
    }
}

/// Syntax errors make a version's model partial: say so, once per version.
fn warn_syntax(version: &str, report: &Report) {
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::SyntaxError)
        .count();
    if errors > 0 {
        eprintln!(
            "warning: the {version} version has {errors} syntax error{}: the comparison covers what parsed",
            if errors == 1 { "" } else { "s" }
        );
    }
}
