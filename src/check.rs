//! The pipeline, end to end: load → parse → resolve → graph → rules.

use std::path::PathBuf;

use crate::diagnostic::{self, Diagnostic};
use crate::graph::{self, FlowGraph};
use crate::load;
use crate::resolve::{self, Model};
use crate::rules;
use crate::span::SourceMap;

/// One compiled policy set: a root file and everything it imports.
pub struct Compiled {
    pub root: crate::span::FileId,
    pub model: Model,
    pub graph: FlowGraph,
}

/// Everything a check found, with the sources the diagnostics point into.
pub struct Report {
    pub sources: SourceMap,
    /// Sorted by file and position; exact duplicates removed.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be read at all (missing, unreadable, binary,
    /// too large). These make the run fail with exit code 2.
    pub io_errors: Vec<load::LoadError>,
    pub compiled: Vec<Compiled>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == diagnostic::Severity::Error)
    }
}

/// Checks a policy given as a string. Imports are resolved against the
/// current directory.
pub fn check_source(name: &str, text: &str) -> Report {
    let workspace = load::Workspace::from_source(name, text);
    run(workspace)
}

/// Checks files and directories (recursively, `*.policy`).
pub fn check_paths(paths: &[PathBuf]) -> Report {
    run(load::Workspace::load(paths))
}

fn run(workspace: load::Workspace) -> Report {
    let load::Workspace {
        sources,
        files,
        units,
        mut diagnostics,
        errors,
    } = workspace;
    let mut compiled = Vec::new();
    for unit in &units {
        let parsed: Vec<&crate::ast::File> =
            unit.files.iter().filter_map(|id| files.get(id)).collect();
        let model = resolve::resolve(&parsed, &mut diagnostics);
        let graph = graph::build(&model);
        diagnostics.extend(rules::check(&model, &graph));
        compiled.push(Compiled {
            root: unit.files[0],
            model,
            graph,
        });
    }
    diagnostic::sort(&mut diagnostics);
    Report {
        sources,
        diagnostics,
        io_errors: errors,
        compiled,
    }
}
