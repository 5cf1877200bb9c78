//! `lawful notice PATH --format md|html [-o FILE]`: the privacy notice
//! generated from a policy. Exit codes: see `super::ropa::generate`.

use std::path::PathBuf;

use clap::ValueEnum;

use super::ropa::generate;

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Format {
    /// Markdown (CommonMark with tables)
    #[default]
    Md,
    /// A self-contained HTML page
    Html,
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
            Format::Md => lawful::render::notice::to_markdown(&compiled.model, &compiled.graph),
            Format::Html => lawful::render::notice::to_html(&compiled.model, &compiled.graph),
        }
    })
}
