//! `lawful notice PATH [--format md|html] [-o FILE|DIR]`: the privacy notice
//! generated from a policy. Exit codes: see [`super::generate`].

use std::path::PathBuf;

use clap::ValueEnum;

use super::generate::{self, OutputFormat};

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Format {
    /// Markdown (CommonMark with tables)
    #[default]
    Md,
    /// A self-contained HTML page
    Html,
}

impl OutputFormat for Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
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
        "a notice",
        &args.path,
        args.format,
        args.output.as_deref(),
        |format, compiled| match format {
            Format::Md => lawful::render::notice::to_markdown(&compiled.model, &compiled.graph),
            Format::Html => lawful::render::notice::to_html(&compiled.model, &compiled.graph),
        },
    )
}
