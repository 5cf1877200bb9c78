//! The server's picture of the workspace: the open documents, and the last
//! check of the whole policy set with what it was made from. An edit marks
//! the check stale; the next request or a pause in the client's messages
//! runs it again, re-parsing only the files whose text changed
//! ([`crate::load::Overlay`]) and running the later stages on all.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use lsp_types::Uri;

use super::index::{self, Occurrence};
use super::position::{self, Encoding};
use crate::config::Config;
use crate::load::{Overlay, Workspace};
use crate::resolve::{Model, Symbol};
use crate::span::{FileId, Span};
use crate::{Report, check_workspace};

/// Everything the server knows.
pub struct State {
    /// The workspace folders (canonical). With none, each open document's
    /// directory stands for one.
    pub roots: Vec<PathBuf>,
    pub encoding: Encoding,
    /// The open documents' text is `overlay.buffers`.
    pub overlay: Overlay,
    /// The URI the client named each open document by.
    pub uris: HashMap<PathBuf, Uri>,
    pub versions: HashMap<PathBuf, i32>,
    /// Open documents refused for their size.
    pub refused: HashSet<PathBuf>,
    pub analysis: Option<Analysis>,
    /// Whether the documents or files changed since the last check.
    pub dirty: bool,
}

/// One check of the workspace.
pub struct Analysis {
    pub report: Report,
    pub paths: HashMap<FileId, PathBuf>,
    pub ids: HashMap<PathBuf, FileId>,
    units_of: HashMap<FileId, Vec<usize>>,
    /// Built on first use: most edits are followed by no navigation.
    occurrences: Option<HashMap<FileId, Vec<Occurrence>>>,
    /// Files that could not be read, a broken `lawful.toml`: for the log.
    pub problems: Vec<String>,
}

impl State {
    pub fn new(roots: Vec<PathBuf>, encoding: Encoding) -> State {
        State {
            roots,
            encoding,
            overlay: Overlay::default(),
            uris: HashMap::new(),
            versions: HashMap::new(),
            refused: HashSet::new(),
            analysis: None,
            dirty: true,
        }
    }

    /// The path a client's URI names, as the loader keys files (canonical
    /// when the file exists).
    pub fn path(uri: &Uri) -> Result<PathBuf, String> {
        let path = position::path_of(uri)?;
        Ok(path.canonicalize().unwrap_or(path))
    }

    /// Whether a path is inside the workspace.
    pub fn inside(&self, path: &Path) -> bool {
        if self.roots.is_empty() {
            self.overlay
                .buffers
                .keys()
                .any(|open| open.parent().is_some_and(|dir| path.starts_with(dir)))
        } else {
            self.roots.iter().any(|root| path.starts_with(root))
        }
    }

    /// The path of a request's document, or the error to answer with.
    pub fn document(&self, uri: &Uri) -> Result<PathBuf, String> {
        let path = State::path(uri)?;
        if !self.inside(&path) && !self.overlay.buffers.contains_key(&path) {
            return Err(format!(
                "`{}` is outside the workspace",
                position::clean(&path.display().to_string())
            ));
        }
        if self.refused.contains(&path) {
            return Err(format!(
                "`{}` is larger than {} MiB; lawful does not read it",
                position::clean(&path.display().to_string()),
                crate::load::MAX_FILE_BYTES / (1024 * 1024)
            ));
        }
        Ok(path)
    }

    /// The URI to report a file under: the client's own for open documents.
    pub fn uri(&self, path: &Path) -> Uri {
        self.uris
            .get(path)
            .cloned()
            .unwrap_or_else(|| position::uri_of(path))
    }

    /// What is checked: the workspace folders and the open documents in
    /// them (a document `.gitignore` hides is still checked while open).
    fn check_paths(&self) -> Vec<PathBuf> {
        let mut open: Vec<&PathBuf> = self
            .overlay
            .buffers
            .keys()
            .filter(|p| {
                p.extension().is_some_and(|e| e == "policy")
                    && p.is_file()
                    && (self.roots.is_empty() || self.inside(p))
            })
            .collect();
        open.sort();
        self.roots.iter().chain(open).cloned().collect()
    }

    /// Checks the workspace again if anything changed; returns whether it
    /// did.
    pub fn refresh(&mut self) -> bool {
        if !self.dirty && self.analysis.is_some() {
            return false;
        }
        self.dirty = false;
        let paths = self.check_paths();
        let mut problems = Vec::new();
        let config = match paths.first().map(|p| Config::discover(p)) {
            Some(Ok(config)) => config,
            Some(Err(message)) => {
                problems.push(message);
                Config::default()
            }
            None => Config::default(),
        };
        let workspace = if paths.is_empty() {
            Workspace::default()
        } else {
            Workspace::load_overlaid(&paths, &config, Some(&mut self.overlay))
        };
        let units: Vec<Vec<FileId>> = workspace.units.iter().map(|u| u.files.clone()).collect();
        let report = check_workspace(workspace, &config);
        let paths = std::mem::take(&mut self.overlay.paths);
        // Files no longer loaded leave the cache.
        self.overlay
            .parsed
            .retain(|path, (_, id, _)| paths.get(id) == Some(path));
        problems.extend(report.io_errors.iter().map(|e| e.to_string()));
        // `report.compiled` is in the order of the units.
        let mut units_of: HashMap<FileId, Vec<usize>> = HashMap::new();
        for (i, unit) in units.iter().enumerate() {
            for file in unit {
                units_of.entry(*file).or_default().push(i);
            }
        }
        let ids = paths.iter().map(|(id, path)| (path.clone(), *id)).collect();
        self.analysis = Some(Analysis {
            report,
            paths,
            ids,
            units_of,
            occurrences: None,
            problems,
        });
        true
    }

    /// Checks if needed and builds the index of every file, once per check.
    pub fn index(&mut self) {
        self.refresh();
        let Some(analysis) = self.analysis.as_mut() else {
            return;
        };
        if analysis.occurrences.is_none() {
            let mut all = HashMap::new();
            for (path, (_, id, parsed)) in &self.overlay.parsed {
                if analysis.paths.get(id) == Some(path) {
                    all.insert(*id, index::occurrences(&parsed.file.decls));
                }
            }
            analysis.occurrences = Some(all);
        }
    }

    /// The declarations of a loaded file, as parsed.
    pub fn decls(&self, file: FileId) -> &[crate::ast::Decl] {
        let analysis = self.analysis.as_ref();
        analysis
            .and_then(|a| a.paths.get(&file))
            .and_then(|path| self.overlay.parsed.get(path))
            .filter(|(_, id, _)| *id == file)
            .map_or(&[], |(_, _, parsed)| parsed.file.decls.as_slice())
    }
}

impl Analysis {
    pub fn file(&self, path: &Path) -> Option<FileId> {
        self.ids.get(path).copied()
    }

    /// The models of the policy sets a file belongs to.
    pub fn models_of(&self, file: FileId) -> impl Iterator<Item = &Model> {
        self.units_of
            .get(&file)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.report.compiled.get(i))
            .map(|c| &c.model)
    }

    /// The models a file's completions come from: its policy sets', or
    /// every one when it is in none.
    pub fn models_for_names(&self, file: Option<FileId>) -> Vec<&Model> {
        let own: Vec<&Model> = file
            .map(|f| self.models_of(f).collect())
            .unwrap_or_default();
        if own.is_empty() {
            self.report.compiled.iter().map(|c| &c.model).collect()
        } else {
            own
        }
    }

    pub fn occurrences(&self, file: FileId) -> &[Occurrence] {
        self.occurrences
            .as_ref()
            .and_then(|all| all.get(&file))
            .map_or(&[], Vec::as_slice)
    }

    pub fn text(&self, span: Span) -> &str {
        self.report.sources.snippet(span)
    }

    /// The declarations a name at `occurrence` stands for, each with the
    /// model that declares it.
    pub fn definitions(&self, file: FileId, occurrence: Occurrence) -> Vec<(Symbol, &Model)> {
        let name = self.text(occurrence.span);
        let mut found: Vec<(Symbol, &Model)> = Vec::new();
        for model in self.models_of(file) {
            let Some(symbol) = model.lookup(name) else {
                continue;
            };
            // A name declared twice stands for itself where it is declared.
            let symbol = match occurrence.what {
                index::What::Definition(kind) if symbol.span != occurrence.span => Symbol {
                    kind,
                    index: usize::MAX,
                    span: occurrence.span,
                },
                _ => *symbol,
            };
            if !found.iter().any(|(s, _)| s.span == symbol.span) {
                found.push((symbol, model));
            }
        }
        if found.is_empty()
            && let index::What::Definition(kind) = occurrence.what
        {
            // In a file no policy set reaches (none), it is its own.
            if let Some(model) = self.report.compiled.first().map(|c| &c.model) {
                found.push((
                    Symbol {
                        kind,
                        index: usize::MAX,
                        span: occurrence.span,
                    },
                    model,
                ));
            }
        }
        found
    }

    /// Every occurrence of the name declared at `definition`, across the
    /// workspace, in file and source order.
    pub fn references(&self, definition: Span) -> Vec<Span> {
        let name = self.text(definition);
        let mut files: Vec<FileId> = self.paths.keys().copied().collect();
        files.sort();
        let mut found = Vec::new();
        for file in files {
            for occurrence in self.occurrences(file) {
                if !occurrence.is_name() || self.text(occurrence.span) != name {
                    continue;
                }
                let here = occurrence.span == definition
                    || self
                        .definitions(file, *occurrence)
                        .iter()
                        .any(|(s, _)| s.span == definition);
                if here {
                    found.push(occurrence.span);
                }
            }
        }
        found
    }
}
