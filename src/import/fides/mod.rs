//! `lawful import fides`: Fides manifests (systems, datasets, policies,
//! organizations, custom taxonomy keys) to a lawful policy.
//!
//! Reading is strict: YAML that does not parse, a value of the wrong type,
//! or a key fideslang does not define is an [`ImportError`] naming the file
//! and the key's path. What is read but has no place in the policy is
//! reported as [`Unmapped`]. The mapping itself is in [`convert`]; the README
//! section "Coming from Fides" describes it for users.

mod convert;
pub mod manifest;

use std::cell::RefCell;
use std::path::Path;

use serde::{Deserialize, Deserializer};

use super::{ImportError, Imported, Unmapped};
use crate::load::walk::{self, FileKind, Found, WalkOptions};
pub use manifest::Manifest;

/// One manifest file, read.
pub struct ManifestFile {
    /// The file as the user named it (for messages).
    pub name: String,
    pub manifest: Manifest,
}

/// Imports a manifest file, or every `*.yml` / `*.yaml` below a directory
/// (in path order, so the result does not depend on the file system),
/// walked as `lawful check` walks policies.
pub fn import_path(path: &Path) -> Result<Imported, ImportError> {
    import_path_with(path, WalkOptions::default())
}

/// [`import_path`], with `--no-ignore`. The walk and the reads are
/// [`crate::load::walk`]'s: no link out of the directory is followed, no
/// FIFO or device opened, no file read past the size limit, so no error
/// can quote a file outside it. The first file refused is the error.
pub fn import_path_with(path: &Path, options: WalkOptions) -> Result<Imported, ImportError> {
    let config = crate::config::Config::default().with_walk(options);
    let walked = walk::walk(&[path.to_path_buf()], FileKind::Manifest, &config);
    if let Some(error) = walked.errors.into_iter().next() {
        return Err(ImportError {
            file: error.path,
            path: None,
            message: error.message,
        });
    }
    let files = read_all(&walked.files)?;
    Ok(import(&files))
}

/// Reads and parses each file; the first error in path order wins, as if
/// they were read one after the other. Reading YAML is most of an import's
/// time, so the files are shared out among threads (one per core, at most
/// one per file), each taking the largest file not yet taken.
fn read_all(paths: &[Found]) -> Result<Vec<ManifestFile>, ImportError> {
    let read = |found: &Found| -> Result<ManifestFile, ImportError> {
        let name = found.path.display().to_string();
        let text = walk::read_text(&found.canonical, FileKind::Manifest).map_err(|message| {
            ImportError {
                file: name.clone(),
                path: None,
                message,
            }
        })?;
        parse(&name, &text)
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(paths.len());
    if threads <= 1 {
        return paths.iter().map(read).collect();
    }
    // Largest first, so that no thread is left with a large file at the end.
    let mut order: Vec<(u64, usize)> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| (std::fs::metadata(&p.canonical).map_or(0, |m| m.len()), i))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Result<ManifestFile, ImportError>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&(_, i)) = order.get(at) else { break };
                        done.push((i, read(&paths[i])));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Converts read manifests.
///
/// The converter writes canonical layout itself, so formatting the result
/// (re-parsing it twice and comparing the trees, most of the import's time
/// on large manifests) is skipped whenever the converter vouches for its
/// layout: `lawful fmt` would return the text unchanged, or refuse it for a
/// syntax error and leave it unchanged too. Manifests with names or keys
/// that could upset that are formatted as before. `tests/fides.rs` checks
/// the claim on the committed and on generated, hostile manifests.
pub fn import(files: &[ManifestFile]) -> Imported {
    let converted = convert::convert(files);
    let policy = if converted.canonical {
        converted.source
    } else {
        format_converted(converted.source)
    };
    Imported {
        policy,
        unmapped: converted.reports,
    }
}

fn format_converted(source: String) -> String {
    crate::fmt::format_str(&source).unwrap_or(source)
}

/// The converter's text before formatting, and whether it vouches for its
/// layout. For tests of [`import`]'s shortcut.
#[doc(hidden)]
pub fn convert_unformatted(files: &[ManifestFile]) -> (String, bool) {
    let converted = convert::convert(files);
    (converted.source, converted.canonical)
}

thread_local! {
    /// The path of the last deserialization error: serde-saphyr takes a type,
    /// not a deserializer, so [`Tracked`] leaves the path here for [`parse`].
    static ERROR_PATH: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A manifest whose deserialization records the path of its first error.
struct Tracked(Manifest);

impl<'de> Deserialize<'de> for Tracked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_path_to_error::deserialize(deserializer)
            .map(Tracked)
            .map_err(|e| {
                ERROR_PATH.with(|p| *p.borrow_mut() = Some(e.path().to_string()));
                e.into_inner()
            })
    }
}

/// Reads one manifest file. An empty file is an empty manifest.
pub fn parse(name: &str, text: &str) -> Result<ManifestFile, ImportError> {
    if text.trim().is_empty() {
        return Ok(ManifestFile {
            name: name.to_string(),
            manifest: Manifest::default(),
        });
    }
    // Tracking the path costs an allocation per key: read without it, and
    // read again with it only to report an error (the same reader on the
    // same text fails the same way).
    if let Ok(manifest) = serde_saphyr::from_str::<Manifest>(text) {
        return Ok(ManifestFile {
            name: name.to_string(),
            manifest,
        });
    }
    ERROR_PATH.with(|p| p.borrow_mut().take());
    match serde_saphyr::from_str::<Tracked>(text) {
        Ok(Tracked(manifest)) => Ok(ManifestFile {
            name: name.to_string(),
            manifest,
        }),
        Err(e) => {
            let path = ERROR_PATH.with(|p| p.borrow_mut().take());
            let message = e.to_string().replace("<input>", name);
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            Err(ImportError {
                file: name.to_string(),
                path,
                message: message.to_string(),
            })
        }
    }
}

/// Where a construct is, for [`Unmapped`] reports.
pub(crate) fn unmapped(
    file: &str,
    path: impl Into<String>,
    message: impl Into<String>,
) -> Unmapped {
    Unmapped {
        file: file.to_string(),
        path: path.into(),
        message: message.into(),
    }
}
