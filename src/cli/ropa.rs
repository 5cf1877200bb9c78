//! `lawful ropa PATH [--format md|csv] [-o FILE|DIR]`: the GDPR Art. 30
//! record of processing activities generated from a policy. Exit codes: see
//! [`super::generate`].

use std::path::PathBuf;

use clap::ValueEnum;

use super::generate::{self, OutputFormat};

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Format {
    /// Markdown
    #[default]
    Md,
    /// CSV (RFC 4180, CRLF line endings), one row per processing activity
    Csv,
}

impl OutputFormat for Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Csv => "csv",
        }
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// A policy file (its imports are followed), or a directory of policy sets
    path: PathBuf,
    /// The format (default: from the extension of `-o FILE`, else md)
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to FILE instead of stdout (atomically), or to one file per
    /// policy set in DIR (an existing directory, or a path ending in `/`)
    #[arg(short, long, value_name = "FILE|DIR")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    generate::run(
        "a record of processing",
        &args.path,
        args.format,
        args.output.as_deref(),
        |format, compiled| match format {
            Format::Md => lawful::render::ropa::to_markdown(&compiled.model, &compiled.graph),
            Format::Csv => lawful::render::ropa::to_csv(&compiled.model, &compiled.graph),
        },
    )
}
