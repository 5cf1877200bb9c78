//! `lawful graph PATH --format dot|mermaid|json`

use std::path::PathBuf;

use clap::ValueEnum;

use super::{EXIT_CLEAN, EXIT_ERROR, print};

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

#[derive(clap::Args)]
pub struct Args {
    /// A policy file (its imports are followed)
    path: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: Args) -> u8 {
    let report = lawful::check_paths(std::slice::from_ref(&args.path));
    for error in &report.io_errors {
        eprintln!(
            "error: {}",
            lawful::render::escape::terminal(&error.to_string())
        );
    }
    let Some(compiled) = report.compiled.first() else {
        if report.io_errors.is_empty() {
            eprintln!("error: {}: no policy found", args.path.display());
        }
        return EXIT_ERROR;
    };
    let text = match args.format {
        Format::Dot => lawful::graph::to_dot(&compiled.graph, &compiled.model),
        Format::Mermaid => lawful::graph::to_mermaid(&compiled.graph, &compiled.model),
        Format::Json => lawful::graph::to_json(&compiled.graph, &compiled.model),
    };
    if print(&text) { EXIT_CLEAN } else { EXIT_ERROR }
}
