//! `lawful graph PATH [--format dot|mermaid|json] [-o FILE|DIR]`: the
//! data-flow graph. Exit codes: see [`super::generate`].

use std::path::PathBuf;

use clap::ValueEnum;

use super::generate::{self, OutputFormat};

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Format {
    /// Graphviz (render with `dot -Tsvg`)
    #[default]
    Dot,
    /// Mermaid flowchart
    Mermaid,
    /// JSON nodes and edges
    Json,
}

impl OutputFormat for Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Mermaid => "mmd",
            Format::Json => "json",
        }
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// A policy file (its imports are followed), or a directory of policy sets
    path: PathBuf,
    /// The format (default: from the extension of `-o FILE`, else dot)
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to FILE instead of stdout (atomically), or to one file per
    /// policy set in DIR (an existing directory, or a path ending in `/`)
    #[arg(short, long, value_name = "FILE|DIR")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    generate::run(
        "a graph",
        &args.path,
        args.format,
        args.output.as_deref(),
        |format, compiled| match format {
            Format::Dot => lawful::graph::to_dot(&compiled.graph, &compiled.model),
            Format::Mermaid => lawful::graph::to_mermaid(&compiled.graph, &compiled.model),
            Format::Json => lawful::graph::to_json(&compiled.graph, &compiled.model),
        },
    )
}
