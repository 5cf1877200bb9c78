//! `lawful import fides`: Fides manifests (systems, datasets, policies,
//! organizations, custom taxonomy keys) to a lawful policy.
//!
//! YAML that does not parse, or a value of the wrong type for a key the
//! import maps, is an [`ImportError`] naming the file and the key's path.
//! Every other key is accepted, as fideslang accepts it, and reported as
//! [`Unmapped`]: a fideslang field with no place in the policy, or a key
//! fideslang does not define (see [`manifest::FIELDS`]); so is what the
//! conversion could only approximate. The mapping itself is in [`convert`];
//! the README section "Coming from Fides" describes it for users. Text from
//! the manifests reaches the policy only through [`crate::import::source`].

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
    /// The keys read and set aside, each reported.
    pub ignored: Vec<Unmapped>,
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
/// The converter writes canonical layout itself (one declaration, property
/// or comment per line, single spaces, blocks indented by two): what the
/// manifests contribute is written only as string literals, plain names
/// and one-line comments ([`crate::import::source`]), which cannot change
/// the layout. So the result is not formatted again (re-parsing it twice
/// and comparing the trees was most of an import's time on large
/// manifests); `tests/fides.rs` and the fuzz target `import_fides` check
/// that `lawful fmt` leaves it unchanged, whatever the manifests say.
pub fn import(files: &[ManifestFile]) -> Imported {
    let converted = convert::convert(files);
    let mut unmapped: Vec<Unmapped> = files.iter().flat_map(|f| f.ignored.clone()).collect();
    unmapped.extend(converted.reports);
    Imported {
        policy: converted.source,
        unmapped,
    }
}

/// The property the fuzz target `import_fides` and `tests/fides.rs` check
/// on any text read as a manifest: the import does not panic, and when the
/// text is a manifest, the policy it makes has no syntax error, no comment
/// a suppression could be read from, and is in canonical layout (so that
/// not formatting it is sound). Says what went wrong.
#[doc(hidden)]
pub fn import_property(text: &str) -> Result<(), String> {
    let Ok(file) = parse("fuzz.yml", text) else {
        return Ok(());
    };
    let policy = import(&[file]).policy;
    let Some(found) = crate::import::source::suppressions(&policy) else {
        return Err(format!("the import has a syntax error:\n{policy}"));
    };
    if !found.is_empty() {
        return Err(format!("the import has suppressions {found:?}:\n{policy}"));
    }
    match crate::fmt::format_str(&policy) {
        Ok(formatted) if formatted == policy => Ok(()),
        Ok(formatted) => Err(format!(
            "the import is not canonical:\n{policy}\nformatted:\n{formatted}"
        )),
        Err(e) => Err(format!("the import does not format ({e:?}):\n{policy}")),
    }
}

thread_local! {
    /// The path of the last deserialization error: serde-saphyr takes a type,
    /// not a deserializer, so [`Tracked`] leaves the path here for [`parse`].
    static ERROR_PATH: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A manifest read only for the path of its first error, which its
/// deserialization records.
struct Tracked;

impl<'de> Deserialize<'de> for Tracked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_path_to_error::deserialize::<_, Manifest>(deserializer)
            .map(|_| Tracked)
            .map_err(|e| {
                ERROR_PATH.with(|p| *p.borrow_mut() = Some(e.path().to_string()));
                e.into_inner()
            })
    }
}

/// One step of a path into a manifest.
enum Step {
    Key(String),
    Index(usize),
}

/// A manifest, and the path of each key it set aside.
struct Read {
    manifest: Manifest,
    ignored: Vec<Vec<Step>>,
}

impl<'de> Deserialize<'de> for Read {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut ignored = Vec::new();
        let manifest = serde_ignored::deserialize(deserializer, |path| {
            let mut steps = Vec::new();
            steps_of(&path, &mut steps);
            ignored.push(steps);
        })?;
        Ok(Read { manifest, ignored })
    }
}

fn steps_of(path: &serde_ignored::Path, steps: &mut Vec<Step>) {
    use serde_ignored::Path;
    match path {
        Path::Root => {}
        Path::Seq { parent, index } => {
            steps_of(parent, steps);
            steps.push(Step::Index(*index));
        }
        Path::Map { parent, key } => {
            steps_of(parent, steps);
            steps.push(Step::Key(key.clone()));
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => steps_of(parent, steps),
    }
}

/// The note for a key set aside: `system[0].privacy_declarations[1].features`.
fn ignored_note(file: &str, steps: &[Step]) -> Unmapped {
    let mut path = String::new();
    let mut keys: Vec<&str> = Vec::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                keys.push(key);
            }
            Step::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    let Some((key, parents)) = keys.split_last() else {
        return unmapped(file, ".", "not imported: not a Fides resource list");
    };
    let model = manifest::model_at(parents);
    let known = model.is_some_and(|m| manifest::fields_of(m).any(|f| f == *key));
    let message = if *key == "data_qualifier" && known {
        "not imported: data qualifiers are gone from current Fides, and lawful has none".to_string()
    } else if known {
        "not imported: a lawful policy has no place for it".to_string()
    } else {
        let meant = model.and_then(|m| closest(key, manifest::fields_of(m)));
        let model = model.unwrap_or("resource");
        match meant {
            Some(f) => format!(
                "not a field of a fideslang {model}: ignored, as Fides ignores it (did you mean `{f}`?)"
            ),
            None => format!("not a field of a fideslang {model}: ignored, as Fides ignores it"),
        }
    };
    unmapped(file, path, message)
}

/// The candidate closest to `key` by edit distance, when it is close: a
/// typo's correction. Keys longer than 64 bytes are no typo of a field.
fn closest(key: &str, candidates: impl Iterator<Item = &'static str>) -> Option<&'static str> {
    if key.len() > 64 {
        return None;
    }
    let key: Vec<char> = key.chars().collect();
    let limit = (key.len() / 3).max(1);
    candidates
        .map(|c| (edit_distance(&key, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &[char], b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Reads one manifest file. An empty file is an empty manifest.
pub fn parse(name: &str, text: &str) -> Result<ManifestFile, ImportError> {
    if text.trim().is_empty() {
        return Ok(ManifestFile {
            name: name.to_string(),
            manifest: Manifest::default(),
            ignored: Vec::new(),
        });
    }
    // Tracking the path costs an allocation per key: read without it, and
    // read again with it only to report an error (the same reader on the
    // same text fails the same way; should it not, the first error is the
    // one reported).
    let first = match serde_saphyr::from_str::<Read>(text) {
        Ok(read) => {
            return Ok(ManifestFile {
                name: name.to_string(),
                manifest: read.manifest,
                ignored: read.ignored.iter().map(|s| ignored_note(name, s)).collect(),
            });
        }
        Err(e) => e,
    };
    ERROR_PATH.with(|p| p.borrow_mut().take());
    let error = serde_saphyr::from_str::<Tracked>(text)
        .err()
        .unwrap_or(first);
    let path = ERROR_PATH.with(|p| p.borrow_mut().take());
    let message = error.to_string().replace("<input>", name);
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    Err(ImportError {
        file: name.to_string(),
        path,
        message: message.to_string(),
    })
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
