//! Finding, reading and safely rewriting the files `lawful fmt` is given.
//! Reading and finding files is [`crate::load`]'s, so both commands refuse
//! the same files with the same words.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::load::{self, LoadError, describe_io};

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
            load::find_policies(path, &mut found, &mut HashSet::new(), &mut errors);
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

/// Reads a file as policy text, or says in plain words why it cannot be
/// (the same checks and words as `lawful check`).
pub fn read(path: &Path) -> Result<String, LoadError> {
    load::read_text(path).map_err(|message| LoadError {
        path: path.display().to_string(),
        message,
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
