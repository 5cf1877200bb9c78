//! `lawful check [PATH...]`, and `lawful check -` for standard input.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{ColorChoice, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, baseline, fix, print, usage};
use lawful::config::Config;
use lawful::load::walk::{self, FileKind, WalkOptions};
use lawful::{Report, render};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
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
    /// (default: the current directory); `-` reads standard input
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
    /// Write the output to FILE instead of stdout (atomically, no colour)
    #[arg(long, short = 'o', value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Print the findings only: no summary line, no notes on stderr
    #[arg(long, short)]
    quiet: bool,
    /// Print how many findings there are of each code instead of the
    /// findings (human, short or json)
    #[arg(long)]
    statistics: bool,
    /// Exit 0 even when there are findings (2 still means an error)
    #[arg(long)]
    exit_zero: bool,
    /// Report only these codes (codes or slugs, comma-separated); syntax
    /// errors are always reported
    #[arg(long, value_delimiter = ',', value_name = "CODE,...")]
    select: Vec<String>,
    /// Do not report these codes (codes or slugs, comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "CODE,...")]
    ignore: Vec<String>,
    /// The file standard input (`-`) stands for: findings name it, its
    /// imports are read from its directory (never outside the current
    /// directory), lawful.toml is found above it
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// Apply the mechanical fixes of the findings (README lists the codes
    /// that have them), then report what remains; with `-`, print the fixed
    /// policy and report on stderr
    #[arg(long)]
    fix: bool,
    /// Record today's findings in FILE (a baseline), then exit 0
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "fix"])]
    write_baseline: Option<PathBuf>,
    /// Report only the findings not recorded in FILE by `--write-baseline`
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
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

/// A fix can reveal a finding (a name corrected joins a flow to the graph,
/// and its purpose may state no retention): fixes are applied and the
/// policy checked again until no fix applies, at most this many times.
const MAX_FIX_PASSES: usize = 8;

/// What is checked: files and directories, or standard input.
enum Input {
    Paths(Vec<PathBuf>),
    Stdin { name: String, text: String },
}

/// Where the rendered output goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sink<'a> {
    Stdout,
    /// With `--fix` on standard input, stdout carries the fixed policy.
    Stderr,
    File(&'a Path),
}

pub fn run(args: Args) -> u8 {
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        return usage("`-` (standard input) cannot be checked together with other paths");
    }
    if args.stdin_filename.is_some() && !stdin {
        return usage("`--stdin-filename` names standard input: give `-` as the path");
    }
    if args.statistics && matches!(args.format, Format::Sarif | Format::Github) {
        return usage("`--statistics` prints counts as human, short or json, not sarif or github");
    }
    let mut input = if stdin {
        let text = match walk::read_stream(std::io::stdin().lock(), FileKind::Policy) {
            Ok(text) => text,
            Err(e) => return usage(&format!("standard input {}", render::escape::terminal(&e))),
        };
        let name = args
            .stdin_filename
            .as_ref()
            .map_or("<stdin>".to_string(), |p| p.display().to_string());
        Input::Stdin { name, text }
    } else if args.paths.is_empty() {
        Input::Paths(vec![PathBuf::from(".")])
    } else {
        Input::Paths(args.paths.clone())
    };
    let start = match &input {
        Input::Paths(paths) => paths[0].clone(),
        Input::Stdin { name, .. } => Path::new(name)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or(PathBuf::from("."), Path::to_path_buf),
    };
    // `None`: a lawful.toml found above the paths is broken, and the
    // report says so in the format asked for.
    let config = match configuration(&args, &start, stdin) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let mut report = check(&input, config.as_ref());

    if let Some(path) = &args.write_baseline {
        return baseline::write(path, &report, args.quiet);
    }
    let recorded = match &args.baseline {
        Some(path) => match baseline::Baseline::read(path) {
            Ok(recorded) => Some(recorded),
            Err(message) => return usage(&message),
        },
        None => None,
    };
    let mut left_out = recorded.as_ref().map(|b| b.filter(&mut report));

    let mut sink = match &args.output_file {
        Some(path) => Sink::File(path),
        None => Sink::Stdout,
    };
    if args.fix {
        let mut fixed = fix::Fixed::default();
        for _ in 0..MAX_FIX_PASSES {
            let pass = match &input {
                Input::Stdin { text, .. } => fix::fix_text(&report, text),
                Input::Paths(paths) => fix::fix_files(&report, paths),
            };
            let applied = pass.fixes;
            if let (Input::Stdin { text, .. }, Some(new)) = (&mut input, &pass.text) {
                text.clone_from(new);
            }
            fixed.absorb(pass);
            if applied == 0 {
                break;
            }
            report = check(&input, config.as_ref());
            left_out = recorded.as_ref().map(|b| b.filter(&mut report));
        }
        if let Input::Stdin { text, .. } = &input {
            // The fixed policy on stdout, as a filter; the report on stderr.
            if !print(text) {
                return EXIT_ERROR;
            }
            if sink == Sink::Stdout {
                sink = Sink::Stderr;
            }
        }
        fixed.tell(args.quiet);
    }
    if let (Some(left_out), Some(path)) = (&left_out, &args.baseline)
        && !args.quiet
    {
        left_out.tell(path);
    }

    // What is left needs the sources and the findings only. The syntax
    // trees and graphs go first, so that the line index rendering builds
    // does not add to the peak memory (issue 17).
    drop(std::mem::take(&mut report.compiled));
    let written = output(&args, &report, sink);
    let code = exit_code(&args, &report, written);
    // The process ends next: freeing a large policy's AST, model and graph
    // one allocation at a time would only delay the exit.
    std::mem::forget(report);
    code
}

/// The configuration to check with: `--config`, or the lawful.toml found
/// above `start`, with the command line's choices. `Ok(None)`: the file
/// found is broken (the report will say so); `Err`: the exit code.
fn configuration(args: &Args, start: &Path, stdin: bool) -> Result<Option<Config>, u8> {
    let walk = WalkOptions {
        no_ignore: args.no_ignore,
        force_exclude: args.force_exclude,
    };
    let config = match &args.config {
        Some(path) => {
            Config::load(path).map_err(|message| usage(&render::escape::terminal(&message)))?
        }
        None => match Config::discover(start) {
            Ok(config) => config,
            Err(message) if stdin => return Err(usage(&render::escape::terminal(&message))),
            Err(_) => return Ok(None),
        },
    };
    config
        .with_walk(walk)
        .with_as_of(args.as_of)
        .with_selection(&args.select, &args.ignore)
        .map(|config| Some(config.with_kept_per_code(kept_per_code(args))))
        .map_err(|message| usage(&message))
}

/// How many findings of each code the check keeps whole: as many as the
/// output shows, when it shows only some (`human`, `short`, `github`,
/// `--statistics`); all of them when every finding is written out (`json`,
/// `sarif`) or used (`--fix`, baselines). The rest are only counted, so
/// that memory does not grow with the findings (issue 13).
fn kept_per_code(args: &Args) -> Option<usize> {
    let shows_some =
        args.statistics || matches!(args.format, Format::Human | Format::Short | Format::Github);
    let uses_all = args.fix || args.baseline.is_some() || args.write_baseline.is_some();
    (shows_some && !uses_all && args.max_per_code > 0).then_some(args.max_per_code)
}

fn check(input: &Input, config: Option<&Config>) -> Report {
    match (input, config) {
        (Input::Paths(paths), Some(config)) => lawful::check_paths_with(paths, config),
        // `check_paths` reports the broken lawful.toml.
        (Input::Paths(paths), None) => lawful::check_paths(paths),
        (Input::Stdin { name, text }, Some(config)) => {
            lawful::check_source_with(name, text, config)
        }
        // A broken lawful.toml ends a check of standard input before this.
        (Input::Stdin { name, text }, None) => lawful::check_source(name, text),
    }
}

/// The terminal's width, when human output goes to one.
fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size()
        .map(|(terminal_size::Width(w), _)| usize::from(w))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .filter(|w| *w > 0)
}

/// Renders the report as asked and writes it; whether it was written.
fn output(args: &Args, report: &Report, sink: Sink) -> bool {
    let options = render::Options {
        max_per_code: Some(args.max_per_code).filter(|n| *n > 0),
        summary: !args.quiet,
        width: if sink == Sink::Stdout && args.format == Format::Human {
            terminal_width()
        } else {
            None
        },
    };
    if matches!(args.format, Format::Json | Format::Sarif) && sink != Sink::Stderr {
        // Machine formats keep their output pure: read errors also go to stderr.
        unreadable_to_stderr(report);
    }
    let text = if args.statistics {
        statistics(report, args.format, !args.quiet)
    } else {
        match args.format {
            Format::Human => {
                if sink == Sink::Stdout && args.color.enabled() {
                    return render::human_with(report, true, &options).is_ok();
                }
                render::plain_with(report, &options)
            }
            Format::Short => {
                let mut text = render::short_with(report, &options);
                if !args.quiet {
                    text.push_str(&render::summary(report));
                    text.push('\n');
                }
                text
            }
            Format::Json => render::json(report),
            Format::Sarif => render::sarif(report),
            Format::Github => render::github_with(report, &options),
        }
    };
    match sink {
        Sink::Stdout => print(&text),
        Sink::Stderr => {
            eprint!("{text}");
            true
        }
        Sink::File(path) => match lawful::fmt::write_atomically(path, &text) {
            Ok(()) => true,
            Err(e) => {
                eprintln!("error: {}", render::escape::terminal(&e.to_string()));
                false
            }
        },
    }
}

/// `--statistics`: one line per code with findings, the most frequent
/// first (as ruff prints them), then the summary; or a JSON list.
fn statistics(report: &Report, format: Format, summary: bool) -> String {
    let mut counts: std::collections::BTreeMap<lawful::Code, (usize, bool)> = Default::default();
    for d in &report.diagnostics {
        let entry = counts.entry(d.code).or_default();
        entry.0 += 1;
        entry.1 |= !d.fixes.is_empty();
    }
    for (code, counted) in &report.counted.per_code {
        let entry = counts.entry(*code).or_default();
        entry.0 += counted.findings;
        entry.1 |= counted.fixable;
    }
    let mut rows: Vec<(lawful::Code, usize, bool)> =
        counts.into_iter().map(|(c, (n, f))| (c, n, f)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if format == Format::Json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|(code, count, fixable)| {
                serde_json::json!({
                    "code": code.info().code,
                    "slug": code.info().slug,
                    "count": count,
                    "fixable": fixable,
                })
            })
            .collect();
        return serde_json::to_string_pretty(&list).unwrap_or_default() + "\n";
    }
    let mut text: String = rows
        .iter()
        .map(|(code, count, fixable)| {
            format!(
                "{count:>6}  {}  {}{}\n",
                code.info().code,
                code.info().slug,
                if *fixable { " (fixable)" } else { "" }
            )
        })
        .collect();
    if summary {
        text.push_str(&render::summary(report));
        text.push('\n');
    }
    text
}

fn exit_code(args: &Args, report: &Report, written: bool) -> u8 {
    let (errors, warnings) = render::counts(report);
    if !written || !report.io_errors.is_empty() {
        return EXIT_ERROR;
    }
    if args.exit_zero {
        return EXIT_CLEAN;
    }
    if errors > 0 {
        return EXIT_FINDINGS;
    }
    if warnings > 0 && args.deny.is_some() {
        // Nothing else says why a run with warnings only failed.
        eprintln!(
            "error: {warnings} warning{} and --deny warnings",
            if warnings == 1 { "" } else { "s" }
        );
        return EXIT_FINDINGS;
    }
    EXIT_CLEAN
}

fn unreadable_to_stderr(report: &Report) {
    for error in &report.io_errors {
        eprintln!(
            "error: {}: {}",
            render::escape::terminal(&error.path),
            render::escape::terminal(&error.message)
        );
    }
}
