//! `lawful check PATH...`

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{ColorChoice, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, print};
use lawful::config::Config;
use lawful::load::walk::WalkOptions;
use lawful::{Severity, render};

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Format {
    /// Rich diagnostics with source excerpts
    #[default]
    Human,
    /// One line per finding: path:line:col: severity[code] message (slug)
    Short,
    /// Versioned JSON (docs/output.md)
    Json,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// GitHub Actions annotations (::error file=...)
    Github,
}

#[derive(clap::Args)]
pub struct Args {
    /// Policy files, or directories searched recursively for *.policy
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Treat warnings as findings that fail the run (exit 1)
    #[arg(long, value_name = "warnings")]
    deny: Option<Deny>,
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
    /// Use this lawful.toml instead of the one found above the first path
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Also walk hidden files and those `.gitignore` and `.ignore` leave out
    #[arg(long)]
    no_ignore: bool,
    /// Apply lawful.toml's `exclude` to files named on the command line too
    #[arg(long)]
    force_exclude: bool,
    /// Print at most N findings of each code (human, short and github), then
    /// one line counting the rest; 0 prints them all. JSON and SARIF always
    /// list every finding
    #[arg(long, value_name = "N", default_value_t = render::DEFAULT_MAX_PER_CODE)]
    max_per_code: usize,
    /// Check against the law in force on this date (YYYY-MM-DD) instead of
    /// today's: amendments in force later are not applied
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    as_of: Option<lawful::law::jurisdiction::Day>,
}

/// `2020-04-01`, a real calendar date.
fn parse_day(text: &str) -> Result<lawful::law::jurisdiction::Day, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let bad = || format!("`{}` is not a date such as 2020-04-01", text.escape_debug());
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u16>(), m.parse::<u8>(), d.parse::<u8>()) else {
        return Err(bad());
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d == 0 || d > days[usize::from(m - 1)] {
        return Err(bad());
    }
    Ok((y, m, d))
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Deny {
    Warnings,
}

pub fn run(args: Args) -> u8 {
    let walk = WalkOptions {
        no_ignore: args.no_ignore,
        force_exclude: args.force_exclude,
    };
    let report = match &args.config {
        Some(path) => match Config::load(path) {
            Ok(config) => lawful::check_paths_with(
                &args.paths,
                &config.with_walk(walk).with_as_of(args.as_of),
            ),
            Err(message) => {
                eprintln!("error: {}", render::escape::terminal(&message));
                return EXIT_ERROR;
            }
        },
        None => match Config::discover(args.paths.first().map_or(Path::new("."), |p| p)) {
            Ok(config) => lawful::check_paths_with(
                &args.paths,
                &config.with_walk(walk).with_as_of(args.as_of),
            ),
            // A broken lawful.toml: `check_paths` reports it in the format
            // asked for.
            Err(_) => lawful::check_paths(&args.paths),
        },
    };
    let options = render::Options {
        max_per_code: Some(args.max_per_code).filter(|n| *n > 0),
    };
    let written = match args.format {
        Format::Human => {
            if args.color.enabled() {
                render::human_with(&report, true, &options).is_ok()
            } else {
                print(&render::plain_with(&report, &options))
            }
        }
        Format::Short => {
            let mut text = render::short_with(&report, &options);
            text.push_str(&render::summary(&report));
            text.push('\n');
            print(&text)
        }
        Format::Json => {
            // Machine formats keep stdout pure: read errors also go to stderr.
            unreadable_to_stderr(&report);
            print(&render::json(&report))
        }
        Format::Sarif => {
            unreadable_to_stderr(&report);
            print(&render::sarif(&report))
        }
        Format::Github => print(&render::github_with(&report, &options)),
    };
    let fails = report.diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (d.severity == Severity::Warning && args.deny.is_some())
    });
    let code = if !written || !report.io_errors.is_empty() {
        EXIT_ERROR
    } else if fails {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    // The process ends next: freeing a large policy's AST, model and graph
    // one allocation at a time would only delay the exit.
    std::mem::forget(report);
    code
}

fn unreadable_to_stderr(report: &lawful::Report) {
    for error in &report.io_errors {
        eprintln!(
            "error: {}: {}",
            render::escape::terminal(&error.path),
            render::escape::terminal(&error.message)
        );
    }
}
