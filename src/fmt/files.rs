//! Finding, reading and safely rewriting the files `lawful fmt` is given.
//! The checks mirror [`crate::load`], so both commands refuse the same files
//! with the same words.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::load::{LoadError, MAX_FILE_BYTES};

/// The files named, and the `*.policy` files below the directories named,
/// each once, in a stable order; plus the paths that could not be listed.
pub fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(LoadError {
                    path: path.display().to_string(),
                    message: describe_io(&e),
                });
                continue;
            }
        };
        let mut found = BTreeSet::new();
        if metadata.is_dir() {
            walk(path, &mut found, &mut HashSet::new(), &mut errors);
        } else {
            found.insert(path.clone());
        }
        for file in found {
            let key = file.canonicalize().unwrap_or_else(|_| file.clone());
            if seen.insert(key) {
                files.push(file);
            }
        }
    }
    (files, errors)
}

fn walk(
    dir: &Path,
    found: &mut BTreeSet<PathBuf>,
    seen: &mut HashSet<PathBuf>,
    errors: &mut Vec<LoadError>,
) {
    let Ok(canonical) = dir.canonicalize() else {
        return;
    };
    if !seen.insert(canonical) {
        return; // a directory symlink loop
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(LoadError {
                path: dir.display().to_string(),
                message: describe_io(&e),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, found, seen, errors);
        } else if path.extension().is_some_and(|e| e == "policy") {
            found.insert(path);
        }
    }
}

/// Reads a file as policy text, or says in plain words why it cannot be.
pub fn read(path: &Path) -> Result<String, LoadError> {
    let error = |message: String| LoadError {
        path: path.display().to_string(),
        message,
    };
    let metadata = std::fs::metadata(path).map_err(|e| error(describe_io(&e)))?;
    if metadata.is_dir() {
        return Err(error("is a directory, not a policy file".into()));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(error(format!(
            "is {} MiB; policy files larger than {} MiB are not read (split it with `import`)",
            metadata.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| error(describe_io(&e)))?;
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(error(format!(
            "is a binary file (a NUL byte at offset {at}), not a policy"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        error(format!(
            "is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Replaces the file's contents through a temporary file in the same
/// directory and a rename, so that a crash leaves the old policy or the new
/// one, never half of one. A symbolic link keeps pointing at the file it
/// named; the file keeps its permissions.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), LoadError> {
    let error = |message: String| LoadError {
        path: path.display().to_string(),
        message,
    };
    let target = path.canonicalize().map_err(|e| error(describe_io(&e)))?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.lawful-fmt-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let permissions = std::fs::metadata(&target)?.permissions();
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.set_permissions(permissions)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, &target)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        error(format!(
            "cannot write the formatted file: {}",
            describe_io(&e)
        ))
    })
}

fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}
