//! The pipeline, end to end: load → parse → resolve → graph → rules.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::span::{FileId, Span};

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic, Sink};
use crate::findings::{Counted, Findings};
use crate::graph::{self, FlowGraph};
use crate::load;
use crate::resolve::{self, Model};
use crate::rules;
use crate::span::SourceMap;
use crate::suppress::Suppressions;

/// One compiled policy set: a root file and everything it imports.
pub struct Compiled {
    pub root: crate::span::FileId,
    pub model: Model,
    pub graph: FlowGraph,
}

/// Everything a check found, with the sources the diagnostics point into.
pub struct Report {
    pub sources: SourceMap,
    /// Sorted by file and position; exact duplicates removed. All the
    /// findings, or when the check kept only some of each code
    /// ([`Config::with_kept_per_code`]), the first ones; `counted` has the
    /// rest.
    pub diagnostics: Vec<Diagnostic>,
    /// The findings not in `diagnostics`, per code: none unless the check
    /// kept only some of each code.
    pub counted: Counted,
    /// Files that could not be read at all (missing, unreadable, binary,
    /// too large). These make the run fail with exit code 2.
    pub io_errors: Vec<load::LoadError>,
    pub compiled: Vec<Compiled>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.counted.errors() > 0
            || self
                .diagnostics
                .iter()
                .any(|d| d.severity == diagnostic::Severity::Error)
    }
}

/// Checks a policy given as a string. Imports are resolved against the
/// current directory.
pub fn check_source(name: &str, text: &str) -> Report {
    let workspace = load::Workspace::from_source(name, text);
    run(workspace, &Config::default())
}

/// Checks a policy given as a string, standing for the file `name` (what
/// `lawful check -` reads, `--stdin-filename`), with a configuration. Its
/// imports are resolved from `name`'s directory and may not leave the
/// current directory.
pub fn check_source_with(name: &str, text: &str, config: &Config) -> Report {
    let dir = std::path::Path::new(name)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let workspace = load::Workspace::from_source_in(name, text, dir);
    run(workspace, config)
}

/// Checks files and directories (recursively, `*.policy`), with the
/// `lawful.toml` found above the first path, if any.
pub fn check_paths(paths: &[PathBuf]) -> Report {
    let start = paths
        .first()
        .map(PathBuf::as_path)
        .unwrap_or(std::path::Path::new("."));
    match Config::discover(start) {
        Ok(config) => check_paths_with(paths, &config),
        Err(message) => {
            let mut report = run(load::Workspace::default(), &Config::default());
            let path = Config::discover_path(start)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            // The configuration's messages name the file themselves; the
            // error is printed as "path: message", so say it once.
            let message = message
                .strip_prefix(&format!("{path}: "))
                .map(str::to_string)
                .unwrap_or(message);
            report.io_errors.push(load::LoadError { path, message });
            report
        }
    }
}

/// Checks files and directories with a given configuration.
pub fn check_paths_with(paths: &[PathBuf], config: &Config) -> Report {
    let mut timings = Timings::start();
    let workspace = load::Workspace::load_with(paths, config);
    timings.lap(Stage::Parse);
    run_timed(workspace, config, timings)
}

/// Checks a workspace already loaded (by `lawful lsp`, from its buffers
/// and the files parsed before) with a given configuration.
pub fn check_workspace(workspace: load::Workspace, config: &Config) -> Report {
    run(workspace, config)
}

/// The pipeline's stages, as `LAWFUL_TIMINGS=1` reports them.
#[derive(Clone, Copy)]
enum Stage {
    /// Reading files, parsing them and following imports.
    Parse,
    Resolve,
    Graph,
    Rules,
    /// Configuration, suppressions and sorting.
    Finish,
}

/// Wall time per stage, printed to stderr when `LAWFUL_TIMINGS=1`: how
/// `scripts/bench.sh` splits a run without a profiler. Off, it costs one
/// environment lookup per check.
struct Timings {
    enabled: bool,
    last: std::time::Instant,
    spent: [std::time::Duration; 5],
    /// Peak resident memory (kB) at the end of each stage, where the system
    /// tells it (Linux).
    peak_kb: [Option<u64>; 5],
}

impl Timings {
    fn start() -> Timings {
        Timings {
            enabled: std::env::var_os("LAWFUL_TIMINGS").is_some_and(|v| v == "1"),
            last: std::time::Instant::now(),
            spent: Default::default(),
            peak_kb: Default::default(),
        }
    }

    fn lap(&mut self, stage: Stage) {
        if self.enabled {
            let now = std::time::Instant::now();
            self.spent[stage as usize] += now - self.last;
            self.peak_kb[stage as usize] = peak_resident_kb();
            self.last = now;
        }
    }

    fn report(&self) {
        if self.enabled {
            let ms = |i: usize| self.spent[i].as_secs_f64() * 1000.0;
            eprintln!(
                "lawful timings (ms): parse {:.1} resolve {:.1} graph {:.1} rules {:.1} finish {:.1}",
                ms(0),
                ms(1),
                ms(2),
                ms(3),
                ms(4)
            );
            let mb = |i: usize| {
                self.peak_kb[i].map_or("?".to_string(), |kb| format!("{:.1}", kb as f64 / 1024.0))
            };
            eprintln!(
                "lawful peak memory (MB) after: parse {} resolve {} graph {} rules {} finish {}",
                mb(0),
                mb(1),
                mb(2),
                mb(3),
                mb(4)
            );
        }
    }
}

/// The process's peak resident memory so far (`VmHWM`), on Linux.
fn peak_resident_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn run(workspace: load::Workspace, config: &Config) -> Report {
    run_timed(workspace, config, Timings::start())
}

fn run_timed(workspace: load::Workspace, config: &Config, mut timings: Timings) -> Report {
    let load::Workspace {
        sources,
        mut files,
        units,
        diagnostics: loaded,
        errors,
    } = workspace;
    // Suppressions need only where each declaration starts and ends; the
    // files themselves move into the models below.
    let declaration_spans: HashMap<FileId, Vec<Span>> = files
        .iter()
        .map(|(id, file)| (*id, file.decls.iter().map(|d| d.span()).collect()))
        .collect();
    let suppressions = Suppressions::find(&sources, &declaration_spans);
    drop(declaration_spans);
    let mut findings = Findings::new(config, &suppressions);
    findings.extend_from(loaded);
    // A file imported by several policy sets is copied for all but the last.
    let mut uses: HashMap<FileId, usize> = HashMap::new();
    for unit in &units {
        for id in &unit.files {
            *uses.entry(*id).or_default() += 1;
        }
    }
    let mut compiled = Vec::new();
    for unit in &units {
        let parsed: Vec<crate::ast::File> = unit
            .files
            .iter()
            .filter_map(|id| {
                let left = uses.get_mut(id)?;
                *left -= 1;
                if *left == 0 {
                    files.remove(id)
                } else {
                    files.get(id).cloned()
                }
            })
            .collect();
        let mut model = resolve::resolve(parsed, &mut findings);
        model.checked_on = config.as_of;
        // Rules run only for the regimes both the policy and the config name.
        model.regimes.retain(|r| config.checks(*r));
        timings.lap(Stage::Resolve);
        let graph = graph::build(&model);
        timings.lap(Stage::Graph);
        rules::check_into(&model, &graph, &mut findings);
        timings.lap(Stage::Rules);
        compiled.push(Compiled {
            root: unit.files[0],
            model,
            graph,
        });
    }
    findings.extend_from(crate::bidi::check(&sources));
    let (diagnostics, counted) = findings.finish();
    timings.lap(Stage::Finish);
    timings.report();
    Report {
        sources,
        diagnostics,
        counted,
        io_errors: errors,
        compiled,
    }
}
