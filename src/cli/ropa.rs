//! `lawful ropa PATH --format md|csv [-o FILE]`: the GDPR Art. 30 record of
//! processing activities generated from a policy.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, print};

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Format {
    /// Markdown
    #[default]
    Md,
    /// CSV (RFC 4180, CRLF line endings), one row per processing activity
    Csv,
}

#[derive(clap::Args)]
pub struct Args {
    /// A policy file (its imports are followed)
    path: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Write to FILE instead of stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    generate(&args.path, args.output.as_deref(), |compiled| {
        match args.format {
            Format::Md => lawful::render::ropa::to_markdown(&compiled.model, &compiled.graph),
            Format::Csv => lawful::render::ropa::to_csv(&compiled.model, &compiled.graph),
        }
    })
}

/// Loads and compiles `path`, renders it and writes the result, for both
/// `notice` and `ropa`. Exit codes: 2 when the file cannot be read (or the
/// output cannot be written); 1 when it has syntax errors, which go to
/// stderr (the output is still written, from what could be parsed); 0
/// otherwise, even when `lawful check` would report findings: generation
/// shows what the policy states, missing matters included.
pub fn generate(
    path: &Path,
    output: Option<&Path>,
    render: impl FnOnce(&lawful::Compiled) -> String,
) -> u8 {
    let mut report = lawful::check_paths(&[path.to_path_buf()]);
    for error in &report.io_errors {
        eprintln!(
            "error: {}",
            lawful::render::escape::terminal(&error.to_string())
        );
    }
    if !report.io_errors.is_empty() {
        return EXIT_ERROR;
    }
    let Some(compiled) = report.compiled.first() else {
        eprintln!("error: {}: no policy found", path.display());
        return EXIT_ERROR;
    };
    let text = render(compiled);
    let written = match output {
        Some(file) => match std::fs::write(file, &text) {
            Ok(()) => true,
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", file.display());
                false
            }
        },
        None => print(&text),
    };
    if !written {
        return EXIT_ERROR;
    }
    report
        .diagnostics
        .retain(|d| d.code == lawful::Code::SyntaxError);
    if report.diagnostics.is_empty() {
        EXIT_CLEAN
    } else {
        eprint!("{}", lawful::render::plain(&report));
        EXIT_FINDINGS
    }
}
