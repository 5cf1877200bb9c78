//! The one file walk of `lawful check`, `lawful fmt` and `lawful import
//! fides`, and the one way they read a file.
//!
//! Directories come from pull requests by anyone, so the walk assumes the
//! worst of them:
//! - `.gitignore` (in a git repository), `.ignore` and hidden files and
//!   folders are honoured (the `ignore` crate, git's own matching rules),
//!   unless `--no-ignore`; an
//!   ignore file that is not a small regular file stops the walk of its
//!   directory, since reading it could block or never end;
//! - links are followed only while they stay inside the *root* (the
//!   directory given, or a named file's directory), each directory is walked
//!   once however many links lead to it, so loops end;
//! - FIFOs, sockets and devices are refused by name and never opened, and a
//!   file's size is checked before it is read and again while it is read;
//! - nothing of a refused file is read, so no error can echo its text.
//!
//! `exclude` (lawful.toml) leaves files out of walks, and files named on the
//! command line only with `--force-exclude` (ruff's convention). A run that
//! finds no file of the kind asked for is an error.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::{LoadError, MAX_FILE_BYTES, describe_io};
use crate::config::Config;

/// What a walk looks for, and how messages name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `*.policy`
    Policy,
    /// Fides manifests: `*.yml`, `*.yaml`
    Manifest,
    /// `lawful.toml` (only read, never walked for)
    Config,
}

impl FileKind {
    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Policy => &["policy"],
            FileKind::Manifest => &["yml", "yaml"],
            FileKind::Config => &["toml"],
        }
    }

    /// Whether a file of this name is one the walk looks for.
    pub fn matches(self, name: &OsStr) -> bool {
        Path::new(name)
            .extension()
            .is_some_and(|e| self.extensions().iter().any(|x| e == *x))
    }

    fn noun(self) -> &'static str {
        match self {
            FileKind::Policy => "a policy file",
            FileKind::Manifest => "a Fides manifest",
            FileKind::Config => "a configuration file",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            FileKind::Policy => "no policy files (`*.policy`)",
            FileKind::Manifest => "no Fides manifests (`*.yml`, `*.yaml`)",
            FileKind::Config => "no configuration files",
        }
    }

    fn too_large_help(self) -> &'static str {
        match self {
            FileKind::Policy => " (split it with `import`)",
            FileKind::Manifest => " (split it into several manifests)",
            FileKind::Config => "",
        }
    }
}

/// How a walk treats ignore files and `exclude`: set from the command line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WalkOptions {
    /// Walk hidden files and those `.gitignore` and `.ignore` leave out.
    pub no_ignore: bool,
    /// Apply `exclude` to files named on the command line too.
    pub force_exclude: bool,
}

/// A file the walk found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// As the user reaches it: the path given, or below the directory given.
    pub path: PathBuf,
    /// The file itself, no link on the way: what is read and written.
    pub canonical: PathBuf,
    /// The directory it may not leave (canonical): the directory given, or
    /// the directory of the file named.
    pub root: PathBuf,
}

/// What a walk found, and what it refused.
#[derive(Debug, Default)]
pub struct Walked {
    /// Each file once, in a stable order: the paths in the order given,
    /// each directory's files sorted by name.
    pub files: Vec<Found>,
    pub errors: Vec<LoadError>,
}

/// The refusal words, shared by the walk and the readers.
const NOT_REGULAR: &str = "is not a regular file (a pipe, socket or device); not read";
const OUTSIDE_DIRECTORY: &str = "is a link to a directory outside the directory walked; not walked";

/// Finds the files of `kind` in `paths` (files, or directories walked
/// recursively), with `config`'s `exclude` and walk options.
pub fn walk(paths: &[PathBuf], kind: FileKind, config: &Config) -> Walked {
    let mut walker = Walker {
        kind,
        config,
        options: config.walk,
        seen: HashSet::new(),
        candidates: 0,
        walked: Walked::default(),
    };
    for path in paths {
        walker.path(path);
    }
    let Walker {
        candidates,
        mut walked,
        options,
        ..
    } = walker;
    if candidates == 0 && walked.errors.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let hint = if options.no_ignore {
            ""
        } else {
            "; hidden files and those `.gitignore` or `.ignore` name are skipped (`--no-ignore` walks them)"
        };
        walked.errors.push(LoadError {
            path: shown.join(", "),
            message: format!("{} found here{hint}", kind.plural()),
        });
    }
    walked
}

struct Walker<'a> {
    kind: FileKind,
    config: &'a Config,
    options: WalkOptions,
    /// Canonical paths of the files found, so each is listed once.
    seen: HashSet<PathBuf>,
    /// Files of the kind met, before `exclude` and the checks.
    candidates: usize,
    walked: Walked,
}

impl Walker<'_> {
    fn error(&mut self, path: &Path, message: impl Into<String>) {
        self.walked.errors.push(LoadError {
            path: path.display().to_string(),
            message: message.into(),
        });
    }

    fn path(&mut self, path: &Path) {
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => return self.error(path, describe_io(&e)),
        };
        if metadata.is_dir() {
            return self.directory(path);
        }
        self.candidates += 1;
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let Ok(root) = parent.canonicalize() else {
            return self.error(path, "cannot resolve the directory of this file");
        };
        match path.canonicalize() {
            Ok(canonical) => self.accept(path, canonical, root, &metadata, true),
            Err(e) => self.error(path, describe_io(&e)),
        }
    }

    /// Keeps a file of the kind unless it is refused or excluded.
    fn accept(
        &mut self,
        path: &Path,
        canonical: PathBuf,
        root: PathBuf,
        metadata: &std::fs::Metadata,
        named: bool,
    ) {
        if !canonical.starts_with(&root) {
            let whose = if named {
                "its own directory"
            } else {
                "the directory walked"
            };
            return self.error(
                path,
                format!("is a link to a file outside {whose}; not read"),
            );
        }
        if metadata.is_dir() {
            return self.error(path, format!("is a directory, not {}", self.kind.noun()));
        }
        if !metadata.is_file() {
            return self.error(path, NOT_REGULAR);
        }
        if (!named || self.options.force_exclude) && self.config.excludes(&canonical) {
            return;
        }
        if self.seen.insert(canonical.clone()) {
            self.walked.files.push(Found {
                path: path.to_path_buf(),
                canonical,
                root,
            });
        }
    }

    fn directory(&mut self, dir: &Path) {
        let root = match dir.canonicalize() {
            Ok(root) => root,
            Err(e) => return self.error(dir, describe_io(&e)),
        };
        if !self.options.no_ignore {
            // The walker reads the ignore files of the root and of every
            // directory above it before the first entry.
            let above = root.ancestors().skip(1);
            for ancestor in std::iter::once(dir).chain(above) {
                if let Err(error) = ignore_files_readable(ancestor) {
                    self.walked.errors.push(error);
                    return;
                }
            }
        }
        let shared = Arc::new(Mutex::new(Shared {
            visited: HashSet::from([root.clone()]),
            errors: Vec::new(),
        }));
        let mut builder = ignore::WalkBuilder::new(dir);
        builder
            .standard_filters(!self.options.no_ignore)
            // `.gitignore` applies inside a git repository, as for git;
            // `.ignore` anywhere. The global excludes file and
            // `.git/info/exclude` are not read, so a walk lists the same
            // files on every machine (and `.git` is only looked at, never
            // opened).
            .require_git(true)
            .git_global(false)
            .git_exclude(false)
            .follow_links(true)
            .sort_by_file_name(|a, b| a.cmp(b));
        let filter_root = root.clone();
        let filter_shared = Arc::clone(&shared);
        let no_ignore = self.options.no_ignore;
        builder.filter_entry(move |entry| {
            enter_directory(entry, &filter_root, no_ignore, &filter_shared)
        });
        for item in builder.build() {
            self.walked.errors.append(&mut lock(&shared).errors);
            let entry = match item {
                Ok(entry) => entry,
                Err(error) => {
                    if let Some(error) = walk_error(&error, self.kind, &root) {
                        self.walked.errors.push(error);
                    }
                    continue;
                }
            };
            if entry.depth() == 0
                || entry.file_type().is_none_or(|t| t.is_dir())
                || !self.kind.matches(entry.file_name())
            {
                continue;
            }
            self.candidates += 1;
            // Found under `.`, a file is shown as `a.policy`, not
            // `./a.policy`, as it is named on the command line.
            let path = match dir == Path::new(".") {
                true => entry.path().strip_prefix(".").unwrap_or(entry.path()),
                false => entry.path(),
            };
            let found = path
                .canonicalize()
                .and_then(|canonical| Ok((canonical, std::fs::metadata(path)?)));
            match found {
                Ok((canonical, metadata)) => {
                    self.accept(path, canonical, root.clone(), &metadata, false)
                }
                Err(e) => self.error(path, describe_io(&e)),
            }
        }
        self.walked.errors.append(&mut lock(&shared).errors);
    }
}

/// What the directory filter, called from inside the walk, shares with it.
struct Shared {
    /// Canonical directories entered: each is walked once, so links cannot
    /// loop or multiply the walk.
    visited: HashSet<PathBuf>,
    errors: Vec<LoadError>,
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether the walk goes into `entry` (always, for anything but a
/// directory): not out of the root, not twice, not past an ignore file that
/// cannot be read safely.
fn enter_directory(
    entry: &ignore::DirEntry,
    root: &Path,
    no_ignore: bool,
    shared: &Mutex<Shared>,
) -> bool {
    if !entry.file_type().is_some_and(|t| t.is_dir()) {
        return true;
    }
    let path = entry.path();
    let mut shared = lock(shared);
    let error = |message: String| LoadError {
        path: path.display().to_string(),
        message,
    };
    let canonical = match path.canonicalize() {
        Ok(canonical) => canonical,
        Err(e) => {
            shared.errors.push(error(describe_io(&e)));
            return false;
        }
    };
    if !canonical.starts_with(root) {
        shared.errors.push(error(OUTSIDE_DIRECTORY.into()));
        return false;
    }
    if !shared.visited.insert(canonical) {
        return false; // reached already, through a link or as itself
    }
    if !no_ignore && let Err(e) = ignore_files_readable(path) {
        shared.errors.push(e);
        return false;
    }
    true
}

/// The ignore files the walker would read in `dir` must be regular files of
/// a bounded size: it reads them line by line without a limit, so a FIFO
/// would block it and a link to `/dev/zero` would fill memory.
fn ignore_files_readable(dir: &Path) -> Result<(), LoadError> {
    for name in [".gitignore", ".ignore"] {
        let file = dir.join(name);
        // Absent or dangling: not read. A directory: read fails at once.
        let Ok(metadata) = std::fs::metadata(&file) else {
            continue;
        };
        let problem = if metadata.is_dir() {
            continue;
        } else if !metadata.is_file() {
            "is not a regular file (a pipe, socket or device)".to_string()
        } else if metadata.len() > MAX_FILE_BYTES {
            format!("is larger than {} MiB", MAX_FILE_BYTES / (1024 * 1024))
        } else {
            continue;
        };
        return Err(LoadError {
            path: file.display().to_string(),
            message: format!(
                "{problem}, so `{}` was not walked (`--no-ignore` reads no ignore file)",
                dir.display()
            ),
        });
    }
    Ok(())
}

/// A walk error worth reporting: a file of the kind (a dangling link), a
/// directory that could not be read, or a link to a directory above the
/// root (`/`). Other loops are not errors (each directory is walked once),
/// nor are problems in ignore files (git skips bad lines).
fn walk_error(error: &ignore::Error, kind: FileKind, root: &Path) -> Option<LoadError> {
    if let Some(child) = loop_child(error) {
        let inside = child.canonicalize().is_ok_and(|c| c.starts_with(root));
        return (!inside).then(|| LoadError {
            path: child.display().to_string(),
            message: OUTSIDE_DIRECTORY.into(),
        });
    }
    let (path, io) = path_and_io(error, None)?;
    let path = path?;
    let relevant = path.file_name().is_some_and(|n| kind.matches(n))
        || std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    relevant.then(|| LoadError {
        path: path.display().to_string(),
        message: describe_io(io),
    })
}

fn loop_child(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            loop_child(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

fn path_and_io<'a>(
    error: &'a ignore::Error,
    path: Option<&'a Path>,
) -> Option<(Option<&'a Path>, &'a std::io::Error)> {
    match error {
        ignore::Error::WithPath { path, err } => path_and_io(err, Some(path)),
        ignore::Error::WithDepth { err, .. } => path_and_io(err, path),
        ignore::Error::Io(io) => Some((path, io)),
        _ => None,
    }
}

/// Reads a file of `kind` as UTF-8 text, or says in plain words why it
/// cannot be. Only regular files are opened; the size is checked before the
/// read and bounds it, so a file that grows cannot exhaust memory either.
pub fn read_text(path: &Path, kind: FileKind) -> Result<String, String> {
    let metadata = std::fs::metadata(path).map_err(|e| describe_io(&e))?;
    if metadata.is_dir() {
        return Err(format!("is a directory, not {}", kind.noun()));
    }
    // A FIFO or device would block or never end: only regular files are read.
    if !metadata.is_file() {
        return Err(NOT_REGULAR.into());
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(Some(metadata.len()), kind));
    }
    let file = open_nonblocking(path).map_err(|e| describe_io(&e))?;
    // Checked again on what was opened: the path may have changed since.
    let opened = file.metadata().map_err(|e| describe_io(&e))?;
    if !opened.is_file() {
        return Err(NOT_REGULAR.into());
    }
    let capacity = usize::try_from(opened.len()).unwrap_or(0);
    text(read_bounded(file, capacity, kind)?, kind)
}

/// Reads a stream (standard input, a `--config` given as a pipe) as UTF-8
/// text, up to [`MAX_FILE_BYTES`]: `/dev/zero` ends in an error, not in
/// running out of memory.
pub fn read_stream(reader: impl Read, kind: FileKind) -> Result<String, String> {
    text(read_bounded(reader, 0, kind)?, kind)
}

fn read_bounded(reader: impl Read, capacity: usize, kind: FileKind) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(capacity.min(MAX_FILE_BYTES as usize) + 1);
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| describe_io(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(None, kind));
    }
    Ok(bytes)
}

fn too_large(len: Option<u64>, kind: FileKind) -> String {
    let mib = MAX_FILE_BYTES / (1024 * 1024);
    let size = match len {
        Some(len) => format!("is {} MiB", len / (1024 * 1024)),
        None => format!("is larger than {mib} MiB"),
    };
    let noun = match kind {
        FileKind::Policy => "policy files",
        FileKind::Manifest => "manifests",
        FileKind::Config => "configuration files",
    };
    format!(
        "{size}; {noun} larger than {mib} MiB are not read{}",
        kind.too_large_help()
    )
}

fn text(bytes: Vec<u8>, kind: FileKind) -> Result<String, String> {
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(format!(
            "is a binary file (a NUL byte at offset {at}), not {}",
            kind.noun()
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Opens for reading without blocking: a FIFO put in a regular file's
/// place after the check opens at once, and is then refused.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}
