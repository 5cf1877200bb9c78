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
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};

use super::{ImportError, Imported, Unmapped};
pub use manifest::Manifest;

/// One manifest file, read.
pub struct ManifestFile {
    /// The file as the user named it (for messages).
    pub name: String,
    pub manifest: Manifest,
}

/// Imports a manifest file, or every `*.yml` / `*.yaml` below a directory
/// (in path order, so the result does not depend on the file system).
pub fn import_path(path: &Path) -> Result<Imported, ImportError> {
    let mut paths = Vec::new();
    if path.is_dir() {
        yaml_files(path, &mut paths).map_err(|e| ImportError {
            file: path.display().to_string(),
            path: None,
            message: format!("cannot read the directory: {e}"),
        })?;
        if paths.is_empty() {
            return Err(ImportError {
                file: path.display().to_string(),
                path: None,
                message: "no Fides manifests (*.yml, *.yaml) in this directory".into(),
            });
        }
    } else {
        paths.push(path.to_path_buf());
    }
    let mut files = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| ImportError {
            file: name.clone(),
            path: None,
            message: format!("cannot read the file: {e}"),
        })?;
        files.push(parse(&name, &text)?);
    }
    Ok(import(&files))
}

/// Imports manifests given as text: `(file name, YAML)` pairs.
pub fn import_sources(sources: &[(&str, &str)]) -> Result<Imported, ImportError> {
    let files = sources
        .iter()
        .map(|(name, text)| parse(name, text))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(import(&files))
}

/// Converts read manifests.
pub fn import(files: &[ManifestFile]) -> Imported {
    let (source, unmapped) = convert::convert(files);
    let policy = crate::fmt::format_str(&source).unwrap_or(source);
    Imported { policy, unmapped }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(path);
        }
    }
    Ok(())
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
