//! Finding, reading and parsing policy files, and following their imports.
//!
//! A *policy set* is a root file and the files it imports, transitively.
//! Imports are relative to the importing file and may not leave the *policy
//! root*: the directory given on the command line, or the directory of the
//! file given. Finding files and reading them safely is [`walk`]'s, shared
//! with `lawful fmt` and `lawful import fides`.

pub mod walk;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::ast::{self, Decl};
use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, SourceMap, Span};
use crate::syntax;

/// Files larger than this are refused rather than parsed: a policy of
/// 100,000 flows is about 15 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Imports nested deeper than this are refused, so that a chain of files
/// cannot exhaust the stack.
pub const MAX_IMPORT_DEPTH: usize = 128;

/// A file that could not be read as text at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A root file and its imports, root first.
pub struct Unit {
    pub files: Vec<FileId>,
}

#[derive(Default)]
pub struct Workspace {
    pub sources: SourceMap,
    pub files: HashMap<FileId, ast::File>,
    pub units: Vec<Unit>,
    /// Syntax and import diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<LoadError>,
}

struct Loader<'o> {
    ws: Workspace,
    by_path: HashMap<PathBuf, FileId>,
    imports: HashMap<FileId, Vec<FileId>>,
    overlay: Option<&'o mut Overlay>,
}

/// What an editor (`lawful lsp`) lays over the files on disk, by canonical
/// path: unsaved buffers, which win over the files, and the files parsed by
/// the last load, reused when their text and id are the same, so that an
/// edit re-parses only the file edited.
#[derive(Default)]
pub struct Overlay {
    pub buffers: HashMap<PathBuf, String>,
    /// The text each file was parsed from, the id it was parsed under, and
    /// the result.
    pub parsed: HashMap<PathBuf, (String, FileId, syntax::Parsed)>,
    /// Filled by the load: the canonical path of each file it read.
    pub paths: HashMap<FileId, PathBuf>,
}

/// Where an import points: the path joined to the importing file's
/// directory, and the file that resolves to.
struct ImportTarget {
    joined: PathBuf,
    canonical: PathBuf,
}

/// The target of `import "path"` in a file of `dir`, or what is wrong with it.
fn import_target(dir: &Path, path: &str) -> Result<ImportTarget, String> {
    let relative = Path::new(path);
    if relative.is_absolute() {
        return Err("imports are relative to the importing file; this path is absolute".into());
    }
    let joined = normalize(&dir.join(relative));
    match joined.canonicalize() {
        Ok(canonical) => Ok(ImportTarget { joined, canonical }),
        Err(e) => Err(format!(
            "cannot import `{}`: {}",
            joined.display(),
            describe_io(&e)
        )),
    }
}

/// A file read, and parsed if it could be read, before its turn.
struct ReadAhead {
    text: Result<String, String>,
    parsed: Option<(FileId, syntax::Parsed)>,
}

impl Workspace {
    /// A workspace of one in-memory file. Its imports are read from disk,
    /// relative to the current directory, which is also its policy root.
    pub fn from_source(name: &str, text: &str) -> Workspace {
        Workspace::from_source_in(name, text, Path::new(""))
    }

    /// [`Workspace::from_source`], its imports resolved from `dir`
    /// (relative to the current directory), still inside the current
    /// directory.
    pub fn from_source_in(name: &str, text: &str, dir: &Path) -> Workspace {
        let mut loader = Loader::new();
        let root = std::env::current_dir()
            .ok()
            .and_then(|d| d.canonicalize().ok());
        let id = loader.add(name.to_string(), None, text.to_string());
        if let Some(root) = root {
            let mut stack = vec![id];
            loader.follow_imports(id, dir, &root, &mut stack);
        }
        loader.finish(&[id])
    }

    /// Loads files and directories given on the command line.
    pub fn load(paths: &[PathBuf]) -> Workspace {
        Workspace::load_with(paths, &Config::default())
    }

    /// Loads files and directories, walked as [`walk::walk`] does with
    /// `config`'s `exclude` and walk options.
    pub fn load_with(paths: &[PathBuf], config: &Config) -> Workspace {
        Workspace::load_overlaid(paths, config, None)
    }

    /// [`Workspace::load_with`], reading `overlay`'s buffers instead of
    /// their files and reusing its parsed files; the files parsed are put
    /// back into it.
    pub fn load_overlaid(
        paths: &[PathBuf],
        config: &Config,
        overlay: Option<&mut Overlay>,
    ) -> Workspace {
        let mut loader = Loader::new();
        loader.overlay = overlay;
        if let Some(overlay) = loader.overlay.as_deref_mut() {
            overlay.paths.clear();
        }
        let walked = walk::walk(paths, walk::FileKind::Policy, config);
        loader.ws.errors = walked.errors;
        let mut roots = Vec::new();
        for file in &walked.files {
            roots.extend(loader.load_root(file));
        }
        loader.finish(&roots)
    }
}

impl Loader<'_> {
    fn new() -> Loader<'static> {
        Loader {
            ws: Workspace::default(),
            by_path: HashMap::new(),
            imports: HashMap::new(),
            overlay: None,
        }
    }

    /// The text of a file: the editor's buffer if it has one.
    fn read(&self, canonical: &Path) -> Result<String, String> {
        match self.overlay.as_ref().and_then(|o| o.buffers.get(canonical)) {
            Some(text) => Ok(text.clone()),
            None => read_text(canonical),
        }
    }

    fn error(&mut self, path: String, message: String) {
        self.ws.errors.push(LoadError { path, message });
    }

    /// Loads a root file found by the walk, and its imports; returns its id
    /// if it could be read.
    fn load_root(&mut self, file: &walk::Found) -> Option<FileId> {
        if let Some(id) = self.by_path.get(&file.canonical) {
            return Some(*id);
        }
        let display = file.path.display().to_string();
        let text = match self.read(&file.canonical) {
            Ok(text) => text,
            Err(message) => {
                self.error(display, message);
                return None;
            }
        };
        let id = self.add(display, Some(file.canonical.clone()), text);
        let mut stack = vec![id];
        let dir = file.path.parent().unwrap_or(Path::new("")).to_path_buf();
        self.follow_imports(id, &dir, &file.root, &mut stack);
        Some(id)
    }

    fn add(&mut self, display: String, canonical: Option<PathBuf>, text: String) -> FileId {
        self.add_parsed(display, canonical, text, None)
    }

    /// `ahead` is the file parsed in advance under the id it was expected to
    /// get; it is used only if that is the id it gets.
    fn add_parsed(
        &mut self,
        display: String,
        canonical: Option<PathBuf>,
        text: String,
        ahead: Option<(FileId, syntax::Parsed)>,
    ) -> FileId {
        let id = self.ws.sources.add(display, text);
        let text = self.ws.sources.text(id);
        let cached = match (&self.overlay, &canonical) {
            (Some(overlay), Some(path)) => overlay
                .parsed
                .get(path)
                .filter(|(was, at, _)| *at == id && was == text)
                .map(|(_, _, parsed)| copy(parsed)),
            _ => None,
        };
        let parsed = match (cached, ahead) {
            (Some(parsed), _) => parsed,
            (None, Some((expected, parsed))) if expected == id => parsed,
            _ => syntax::parse(id, text),
        };
        if let (Some(overlay), Some(path)) = (self.overlay.as_deref_mut(), &canonical) {
            overlay.paths.insert(id, path.clone());
            let fresh = overlay
                .parsed
                .get(path)
                .is_none_or(|(was, at, _)| *at != id || was != text);
            if fresh {
                overlay
                    .parsed
                    .insert(path.clone(), (text.to_string(), id, copy(&parsed)));
            }
        }
        if let Some(canonical) = canonical {
            self.by_path.insert(canonical, id);
        }
        self.ws.diagnostics.extend(parsed.diagnostics);
        self.ws.files.insert(id, parsed.file);
        id
    }

    /// Loads the files `id` imports, depth first. `stack` is the chain of
    /// files being imported, to report cycles.
    fn follow_imports(&mut self, id: FileId, dir: &Path, root: &Path, stack: &mut Vec<FileId>) {
        let imports: Vec<ast::ImportDecl> = self
            .ws
            .files
            .get(&id)
            .map(|f| {
                f.decls
                    .iter()
                    .filter_map(|d| {
                        if let Decl::Import(i) = d {
                            Some(i.clone())
                        } else {
                            None
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let targets: Vec<Result<ImportTarget, String>> = imports
            .iter()
            .map(|import| import_target(dir, &import.path.value))
            .collect();
        let mut ahead = if stack.len() < MAX_IMPORT_DEPTH {
            self.read_ahead(&targets, root)
        } else {
            HashMap::new()
        };
        for (import, target) in imports.into_iter().zip(targets) {
            let span = import.path.span;
            let ImportTarget { joined, canonical } = match target {
                Ok(target) => target,
                Err(message) => {
                    self.import_error(span, &message);
                    continue;
                }
            };
            if !canonical.starts_with(root) {
                self.ws.diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidImport,
                        format!("`{}` is outside the policy root", import.path.value),
                        span,
                        "cannot import this",
                    )
                    .with_help(
                        "imports stay inside the policy root: the directory given to `lawful check`, or the directory of the file given",
                    ),
                );
                continue;
            }
            if let Some(&existing) = self.by_path.get(&canonical) {
                if stack.contains(&existing) {
                    let from = stack.iter().position(|f| *f == existing).unwrap_or(0);
                    let mut chain: Vec<&str> = stack[from..]
                        .iter()
                        .map(|f| self.ws.sources.name(*f))
                        .collect();
                    chain.push(self.ws.sources.name(existing));
                    self.ws.diagnostics.push(
                        Diagnostic::new(
                            Code::ImportCycle,
                            format!("import cycle: {}", chain.join(" → ")),
                            span,
                            "this import closes the cycle",
                        )
                        .with_help("move the shared declarations into a file that both import"),
                    );
                } else {
                    self.imports.entry(id).or_default().push(existing);
                }
                continue;
            }
            let (read, parsed) = match ahead.remove(&canonical) {
                Some(file) => (file.text, file.parsed),
                None => (self.read(&canonical), None),
            };
            let text = match read {
                Ok(text) => text,
                Err(message) => {
                    self.import_error(
                        span,
                        &format!("cannot import `{}`: {message}", joined.display()),
                    );
                    continue;
                }
            };
            if stack.len() >= MAX_IMPORT_DEPTH {
                self.import_error(
                    span,
                    &format!("imports are nested more than {MAX_IMPORT_DEPTH} files deep; `{}` is not read", import.path.value),
                );
                continue;
            }
            let child =
                self.add_parsed(joined.display().to_string(), Some(canonical), text, parsed);
            self.imports.entry(id).or_default().push(child);
            stack.push(child);
            let child_dir = joined.parent().unwrap_or(Path::new("")).to_path_buf();
            self.follow_imports(child, &child_dir, root, stack);
            stack.pop();
        }
    }

    /// Reads and parses, on several threads, the files `imports` will load
    /// (those not loaded yet), each under the id it gets if none of them
    /// imports a new file of its own, which is how policy sets are usually
    /// laid out. `follow_imports` then takes them in order and parses again
    /// any whose id turned out different, so the result does not depend on
    /// the guess or on the number of threads.
    fn read_ahead(
        &self,
        targets: &[Result<ImportTarget, String>],
        root: &Path,
    ) -> HashMap<PathBuf, ReadAhead> {
        let threads = syntax::parse_threads();
        let mut todo: Vec<&PathBuf> = Vec::new();
        // A set, not a search of `todo`: that was quadratic in the number
        // of imports of one file (40,000 imports took 46 s).
        let mut queued: HashSet<&PathBuf> = HashSet::new();
        for ImportTarget { canonical, .. } in targets.iter().flatten() {
            // An editor's buffers and the files parsed before are not
            // read ahead: they are (or are about to be) in memory.
            let overlaid = self.overlay.as_ref().is_some_and(|o| {
                o.buffers.contains_key(canonical) || o.parsed.contains_key(canonical)
            });
            if canonical.starts_with(root)
                && !overlaid
                && !self.by_path.contains_key(canonical)
                && queued.insert(canonical)
            {
                todo.push(canonical);
            }
        }
        if threads < 2 || todo.len() < 2 {
            return HashMap::new();
        }
        let first_id = self.ws.sources.len();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let done = std::sync::Mutex::new(HashMap::new());
        std::thread::scope(|scope| {
            for _ in 0..threads.min(todo.len()) {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&canonical) = todo.get(i) else {
                            break;
                        };
                        let text = read_text(canonical);
                        let parsed = match (&text, u32::try_from(first_id + i)) {
                            (Ok(text), Ok(id)) => {
                                Some((FileId(id), syntax::parse(FileId(id), text)))
                            }
                            _ => None,
                        };
                        if let Ok(mut done) = done.lock() {
                            done.insert(canonical.clone(), ReadAhead { text, parsed });
                        }
                    }
                });
            }
        });
        done.into_inner().unwrap_or_default()
    }

    fn import_error(&mut self, span: Span, message: &str) {
        self.ws.diagnostics.push(Diagnostic::new(
            Code::InvalidImport,
            message.to_string(),
            span,
            "cannot import this",
        ));
    }

    /// Makes one unit per root that no other file imports; then, for roots
    /// only imported within a cycle, one unit each unless already covered.
    fn finish(mut self, roots: &[FileId]) -> Workspace {
        let imported: HashSet<FileId> = self.imports.values().flatten().copied().collect();
        let mut covered = HashSet::new();
        let first = roots.iter().filter(|r| !imported.contains(r));
        let second = roots.iter().filter(|r| imported.contains(r));
        for &root in first.chain(second) {
            if covered.contains(&root) {
                continue;
            }
            let mut files = Vec::new();
            let mut todo = vec![root];
            let mut visited = HashSet::new();
            while let Some(file) = todo.pop() {
                if !visited.insert(file) {
                    continue;
                }
                files.push(file);
                if let Some(children) = self.imports.get(&file) {
                    todo.extend(children.iter().rev());
                }
            }
            covered.extend(files.iter().copied());
            self.ws.units.push(Unit { files });
        }
        self.ws
    }
}

fn copy(parsed: &syntax::Parsed) -> syntax::Parsed {
    syntax::Parsed {
        file: parsed.file.clone(),
        diagnostics: parsed.diagnostics.clone(),
    }
}

/// Collects the `*.policy` files below `dir`, in a stable order, as
/// [`walk::walk`] finds them with the default options; directories that
/// cannot be listed and files refused are errors.
pub fn find_policies(
    dir: &Path,
    found: &mut BTreeSet<PathBuf>,
    _seen: &mut HashSet<PathBuf>,
    errors: &mut Vec<LoadError>,
) {
    let walked = walk::walk(
        &[dir.to_path_buf()],
        walk::FileKind::Policy,
        &Config::default(),
    );
    found.extend(walked.files.into_iter().map(|f| f.path));
    errors.extend(walked.errors);
}

/// Reads a file as policy text, or says in plain words why it cannot be:
/// [`walk::read_text`] for policies.
pub fn read_text(path: &Path) -> Result<String, String> {
    walk::read_text(path, walk::FileKind::Policy)
}

/// An I/O error in plain words.
pub fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

/// Removes `.` and resolves `..` lexically, for display.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
