//! Finding, reading and safely rewriting the files `lawful fmt` is given.
//! Finding and reading files is [`crate::load::walk`]'s, so `check`, `fmt`
//! and `import` walk the same files and refuse the same ones with the same
//! words; [`write_atomically`] is also how `lawful import -o` writes.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::load::walk::{self, FileKind, Found};
use crate::load::{LoadError, describe_io};

/// The files named, and the `*.policy` files below the directories named
/// (see [`walk::walk`]), each once, in a stable order; plus the paths that
/// could not be listed or were refused.
pub fn collect(paths: &[PathBuf], config: &Config) -> (Vec<Found>, Vec<LoadError>) {
    let walked = walk::walk(paths, FileKind::Policy, config);
    (walked.files, walked.errors)
}

/// Reads a file found as policy text, or says in plain words why it cannot
/// be (the same checks and words as `lawful check`).
pub fn read(file: &Found) -> Result<String, LoadError> {
    walk::read_text(&file.canonical, FileKind::Policy).map_err(|message| LoadError {
        path: file.path.display().to_string(),
        message,
    })
}

/// Writes `text` to `path`, or replaces its contents, so that a crash
/// leaves the old file or the new one, never half of one:
///
/// - the text goes to a temporary file created exclusively (`O_EXCL`, an
///   unpredictable name) in `path`'s directory, then renamed over `path`;
///   nothing planted there in advance can redirect the write;
/// - a symbolic link at `path` is refused, never written through: `fmt`
///   passes the file itself (checked to lie inside the directory it was
///   given), `import -o` the path the user named;
/// - a file with other hard links is refused: the rename would leave the
///   other names on the old text;
/// - the file keeps its permissions, and its owner and group where this
///   process can set them; where it cannot, the file is left as it is
///   rather than given to another owner.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), LoadError> {
    let error = |message: String| LoadError {
        path: path.display().to_string(),
        message,
    };
    let existing = match std::fs::symlink_metadata(path) {
        Ok(metadata) => Some(metadata),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(error(describe_io(&e))),
    };
    if let Some(metadata) = &existing {
        refuse_to_replace(metadata).map_err(error)?;
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let failed = |e: std::io::Error| error(format!("cannot write: {}", describe_io(&e)));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".lawful-").suffix(".tmp");
    #[cfg(unix)]
    if existing.is_none() {
        // A new file gets the permissions `std::fs::write` would give it
        // (0666 less the umask), not the temporary file's 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir).map_err(failed)?;
    temp.write_all(text.as_bytes()).map_err(failed)?;
    if let Some(metadata) = &existing {
        keep_owner_and_mode(temp.as_file(), metadata).map_err(error)?;
    }
    temp.as_file().sync_all().map_err(failed)?;
    // On failure the temporary file is removed when `temp` is dropped.
    temp.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

/// Why an existing file at the target is not replaced, if it is not.
fn refuse_to_replace(metadata: &std::fs::Metadata) -> Result<(), String> {
    if metadata.file_type().is_symlink() {
        return Err(
            "is a symbolic link; lawful writes no file through a link (name the file it points to)"
                .into(),
        );
    }
    if !metadata.is_file() {
        return Err("is not a regular file; not written".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if metadata.nlink() > 1 {
            return Err(format!(
                "has {} hard links; replacing it would leave its other names on the old text, \
                 so it was left as it is",
                metadata.nlink()
            ));
        }
    }
    Ok(())
}

/// Gives the temporary file the replaced file's owner, group and mode.
#[cfg(unix)]
fn keep_owner_and_mode(temp: &std::fs::File, original: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let mine = temp
        .metadata()
        .map_err(|e| format!("cannot write: {}", describe_io(&e)))?;
    if (mine.uid(), mine.gid()) != (original.uid(), original.gid())
        && std::os::unix::fs::fchown(temp, Some(original.uid()), Some(original.gid())).is_err()
    {
        return Err(
            "belongs to another user or group; rewriting it would change that, so it was left as it is"
                .into(),
        );
    }
    // After the owner: changing it clears the set-user-id bit.
    temp.set_permissions(original.permissions())
        .map_err(|e| format!("cannot write: {}", describe_io(&e)))
}

#[cfg(not(unix))]
fn keep_owner_and_mode(temp: &std::fs::File, original: &std::fs::Metadata) -> Result<(), String> {
    temp.set_permissions(original.permissions())
        .map_err(|e| format!("cannot write: {}", describe_io(&e)))
}
