//! `lawful fmt [--check] PATH...` and `lawful fmt --stdin`

use std::path::PathBuf;

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, print};
use lawful::config::Config;
use lawful::fmt::{self, FormatError};
use lawful::load::LoadError;
use lawful::load::walk::{self, FileKind, WalkOptions};
use lawful::span::{FileId, SourceMap};
use lawful::{Diagnostic, Report, render};

#[derive(clap::Args)]
pub struct Args {
    /// Policy files, or directories searched recursively for *.policy
    /// (default: the current directory)
    paths: Vec<PathBuf>,
    /// Write nothing: print a diff for each file that is not formatted and
    /// exit 1 if there is any
    #[arg(long)]
    check: bool,
    /// Format standard input to standard output
    #[arg(long, conflicts_with = "paths")]
    stdin: bool,
    /// Also walk hidden files and those `.gitignore` and `.ignore` leave out
    #[arg(long)]
    no_ignore: bool,
    /// Apply lawful.toml's `exclude` to files named on the command line too
    #[arg(long)]
    force_exclude: bool,
}

/// What happened to the files of one run, for the exit code and summary.
#[derive(Default)]
struct Outcome {
    unchanged: usize,
    changed: usize,
    io_errors: Vec<LoadError>,
    /// Files with syntax errors, shown together at the end.
    sources: SourceMap,
    syntax: Vec<Diagnostic>,
    /// The formatter refused its own result (a bug): path and reason.
    unsafe_layout: Vec<String>,
}

pub fn run(args: Args) -> u8 {
    let mut outcome = Outcome::default();
    if args.stdin {
        let text = match walk::read_stream(std::io::stdin().lock(), FileKind::Policy) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: standard input {e}");
                return EXIT_ERROR;
            }
        };
        if let Some(formatted) = format_one("<stdin>", &text, &mut outcome) {
            let shown = if args.check {
                fmt::unified_diff("<stdin>", &text, &formatted)
            } else {
                formatted
            };
            if !print(&shown) {
                return EXIT_ERROR;
            }
        }
    } else {
        // `exclude` comes from the lawful.toml `check` would read.
        let start = args
            .paths
            .first()
            .map_or(std::path::Path::new("."), |p| p.as_path());
        let config = match Config::discover(start) {
            Ok(config) => config.with_walk(WalkOptions {
                no_ignore: args.no_ignore,
                force_exclude: args.force_exclude,
            }),
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_ERROR;
            }
        };
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        };
        let (files, errors) = fmt::collect(&paths, &config);
        outcome.io_errors = errors;
        for file in files {
            let shown = file.path.display().to_string();
            let text = match fmt::read(&file) {
                Ok(text) => text,
                Err(e) => {
                    outcome.io_errors.push(e);
                    continue;
                }
            };
            let Some(formatted) = format_one(&shown, &text, &mut outcome) else {
                continue;
            };
            if formatted == text {
                continue;
            }
            if args.check {
                if !print(&fmt::unified_diff(&shown, &text, &formatted)) {
                    return EXIT_ERROR;
                }
            } else if let Err(mut e) = fmt::write_atomically(&file.canonical, &formatted) {
                // The file itself is written, never a link to it; the
                // message names it as the user reached it.
                e.path = shown;
                outcome.changed -= 1;
                outcome.io_errors.push(e);
            }
        }
    }
    finish(&args, outcome)
}

/// Formats one text; `None` (and the reason recorded) when it cannot be.
fn format_one(shown: &str, text: &str, outcome: &mut Outcome) -> Option<String> {
    match fmt::format(FileId(0), text) {
        Ok(formatted) => {
            if formatted == text {
                outcome.unchanged += 1;
            } else {
                outcome.changed += 1;
            }
            Some(formatted)
        }
        Err(FormatError::Syntax(_)) => {
            // Parse again with the id the rendered errors will point into;
            // only broken files are kept, so the summary counts only them.
            let id = outcome.sources.add(shown, text);
            if let Err(FormatError::Syntax(diagnostics)) = fmt::format(id, outcome.sources.text(id))
            {
                outcome.syntax.extend(diagnostics);
            }
            None
        }
        Err(FormatError::Unsafe(reason)) => {
            outcome.unsafe_layout.push(format!("{shown}: {reason}"));
            None
        }
    }
}

fn finish(args: &Args, outcome: Outcome) -> u8 {
    let Outcome {
        unchanged,
        changed,
        io_errors,
        sources,
        syntax,
        unsafe_layout,
    } = outcome;
    let syntax_failed = !syntax.is_empty();
    let broken = sources.len();
    if syntax_failed {
        let report = Report {
            sources,
            diagnostics: syntax,
            counted: Default::default(),
            io_errors: Vec::new(),
            compiled: Vec::new(),
        };
        eprint!("{}", render::plain(&report));
    }
    for error in &io_errors {
        eprintln!("error: {error}");
    }
    for reason in &unsafe_layout {
        eprintln!(
            "error: {reason}\n  the formatted text would not mean the same as the original, so the file was \
             left as it is; please report this as a bug in `lawful fmt`"
        );
    }
    let plural = |n: usize| if n == 1 { "file" } else { "files" };
    if !args.stdin {
        let mut summary = match (args.check, changed) {
            (true, 0) => format!("{unchanged} {} already formatted", plural(unchanged)),
            (true, _) => format!(
                "{changed} {} would be reformatted, {unchanged} already formatted",
                plural(changed)
            ),
            (false, _) => format!(
                "{changed} {} reformatted, {unchanged} already formatted",
                plural(changed)
            ),
        };
        if broken > 0 {
            summary.push_str(&format!(", {broken} not formatted (syntax errors)"));
        }
        eprintln!("{summary}");
    }
    if !io_errors.is_empty() || !unsafe_layout.is_empty() {
        EXIT_ERROR
    } else if syntax_failed || (args.check && changed > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
