//! `lawful graph PATH [--view flows|parties|purposes|full] [--focus NAME]
//! [--format dot|mermaid|json] [-o FILE|DIR]`: the data-flow graph. Exit
//! codes: see [`super::generate`]; an unknown `--focus` name is 2.

use std::path::PathBuf;

use clap::ValueEnum;

use super::EXIT_ERROR;
use super::generate::{self, OutputFormat, Refused};
use lawful::graph::View;

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

/// What the graph shows (`--view`).
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum ViewArg {
    /// Everyone data comes from or goes to, one edge per (from, to, kind),
    /// parties grouped by role, with a legend
    #[default]
    Flows,
    /// The controller and the parties: what passes between them
    Parties,
    /// Which holder uses data for which purpose
    Purposes,
    /// Every flow statement as its own edge, uses as self-loops
    Full,
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
    /// What to show (dot and mermaid; json is always the whole graph)
    #[arg(long, value_enum, default_value_t = ViewArg::Flows)]
    view: ViewArg,
    /// Only what touches NAME: an item, a purpose, a party, a subject or a source
    #[arg(long, value_name = "NAME")]
    focus: Option<String>,
}

pub fn run(args: Args) -> u8 {
    let view = match args.view {
        ViewArg::Flows => View::Flows,
        ViewArg::Parties => View::Parties,
        ViewArg::Purposes => View::Purposes,
        ViewArg::Full => View::Full,
    };
    let focus = args.focus.as_deref();
    generate::try_run(
        "a graph",
        &args.path,
        args.format,
        args.output.as_deref(),
        |format, compiled| {
            let (graph, model) = (&compiled.graph, &compiled.model);
            match format {
                Format::Dot => lawful::graph::view_dot(graph, model, view, focus),
                Format::Mermaid => lawful::graph::view_mermaid(graph, model, view, focus),
                Format::Json => Ok(lawful::graph::to_json(graph, model)),
            }
            .map_err(|message| Refused {
                code: EXIT_ERROR,
                message: format!(
                    "error: {message}\n  = help: name an item, purpose, party, subject or source as the policy declares it\n"
                ),
            })
        },
    )
}
