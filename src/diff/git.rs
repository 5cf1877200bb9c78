//! Reading the old version of a policy from git (`lawful diff --base REV`).
//!
//! The `git` command reads the repository; nothing is checked out and
//! nothing is written into it. The `*.policy` files git tracks under the
//! path at the revision are copied into a private temporary directory
//! (created exclusively, removed when done) and checked from there, so
//! imports, the walk and every limit are `lawful check`'s own.
//!
//! Revision names and paths come from pull requests: no shell is ever
//! involved, a revision starting with `-` is refused (it would be read as
//! an option), the revision is resolved to a commit id before any other
//! use, paths are passed as literal pathspecs, and a path from the tree
//! that is not a plain relative path (`..`, an absolute path, an empty
//! component) is refused rather than written. Links and submodules in the
//! tree are not followed.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::config::Config;
use crate::load::walk::FileKind;
use crate::load::{LoadError, MAX_FILE_BYTES};

/// The most bytes of policy files read from one revision in all.
pub const MAX_TOTAL_BYTES: u64 = 4 * MAX_FILE_BYTES;

/// The old version, copied out of git.
pub struct Revision {
    dir: tempfile::TempDir,
    /// The path given, inside the copy.
    pub path: PathBuf,
    /// Whether the path exists at the revision at all.
    pub exists: bool,
    /// The revision as the user named it.
    pub label: String,
    /// Files that could not be copied (too large).
    pub errors: Vec<LoadError>,
}

impl Revision {
    /// A file name of the copy as the user knows it: `main:policies/a.policy`.
    pub fn display(&self, name: &str) -> String {
        let root = self.dir.path().to_string_lossy();
        match name.strip_prefix(root.as_ref()) {
            Some(rest) => format!(
                "{}:{}",
                self.label,
                rest.trim_start_matches(['/', '\\']).replace('\\', "/")
            ),
            None => name.to_string(),
        }
    }
}

/// Runs git with `args` in `dir`, reading nothing from stdin; its stdout,
/// or its first line of error.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_LITERAL_PATHSPECS", "1")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run `git`: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr
            .lines()
            .next()
            .unwrap_or("git failed")
            .trim()
            .to_string())
    }
}

fn line(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes)
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

/// Whether a revision name is one lawful passes to git.
pub fn check_revision(rev: &str) -> Result<(), String> {
    if rev.is_empty() {
        return Err("the revision is empty".into());
    }
    if rev.starts_with('-') {
        return Err(format!(
            "`{}` is not a revision lawful reads: it starts with `-`",
            rev.escape_debug()
        ));
    }
    if rev.chars().any(|c| c.is_control()) {
        return Err(format!(
            "`{}` is not a revision lawful reads: it holds a control character",
            rev.escape_debug()
        ));
    }
    Ok(())
}

/// One file of the tree at the revision.
struct Blob {
    object: String,
    size: u64,
    path: PathBuf,
    shown: String,
}

/// Copies the `*.policy` files git tracks at `rev` under `path` (a file's
/// directory, for a file) into a temporary directory. `config`'s
/// `exclude` applies as it would to the working tree.
pub fn read(rev: &str, path: &Path, config: &Config) -> Result<Revision, String> {
    check_revision(rev)?;
    let canonical = path
        .canonicalize()
        .map_err(|e| format!("{}: {}", path.display(), crate::load::describe_io(&e)))?;
    let is_dir = canonical.is_dir();
    let dir = if is_dir {
        canonical.clone()
    } else {
        canonical
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    };
    let top = line(
        git(&dir, &["rev-parse", "--show-toplevel"])
            .map_err(|e| format!("{} is not in a git repository: {e}", path.display()))?,
    );
    let top = PathBuf::from(top)
        .canonicalize()
        .map_err(|e| format!("the git repository: {}", crate::load::describe_io(&e)))?;
    let relative = canonical
        .strip_prefix(&top)
        .map_err(|_| format!("{} is not inside its git repository", path.display()))?
        .to_path_buf();
    let spec = format!("{}^{{commit}}", rev);
    let commit = line(
        git(
            &top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
        )
        .map_err(|_| {
            format!(
                "`{}` is not a commit of this repository",
                rev.escape_debug()
            )
        })?,
    );
    if commit.is_empty() || !commit.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!(
            "`{}` is not a commit of this repository",
            rev.escape_debug()
        ));
    }
    let tree_dir = if is_dir {
        relative.clone()
    } else {
        relative.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let mut args = vec!["ls-tree", "-r", "-z", "-l", "--full-tree", commit.as_str()];
    let spec = slashed(&tree_dir);
    if !spec.is_empty() {
        args.push("--");
        args.push(&spec);
    }
    let listing = git(&top, &args)?;
    let temp = tempfile::Builder::new()
        .prefix("lawful-diff-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let mut revision = Revision {
        path: temp.path().join(&relative),
        dir: temp,
        exists: false,
        label: rev.to_string(),
        errors: Vec::new(),
    };
    let mut blobs = Vec::new();
    let mut total = 0u64;
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let Some(blob) = parse_entry(entry) else {
            continue;
        };
        if !(blob.path.starts_with(&tree_dir) && FileKind::Policy.matches(blob.path.as_os_str()))
            || config.excludes(&top.join(&blob.path))
        {
            continue;
        }
        let shown = format!("{rev}:{}", blob.shown);
        if blob.size > MAX_FILE_BYTES {
            revision.errors.push(LoadError {
                path: shown,
                message: format!(
                    "is larger than {} MiB; not read",
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            });
            continue;
        }
        total += blob.size;
        if total > MAX_TOTAL_BYTES {
            return Err(format!(
                "the policy files at `{}` are larger than {} MiB in all; not read",
                rev.escape_debug(),
                MAX_TOTAL_BYTES / (1024 * 1024)
            ));
        }
        blobs.push(blob);
    }
    copy_blobs(&top, &blobs, revision.dir.path())?;
    revision.exists = revision.path.exists();
    Ok(revision)
}

/// A path with `/` between its components, as git writes them.
fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `<mode> <type> <object> <size>\t<path>`, for a regular file of the tree
/// whose path is a plain relative path.
fn parse_entry(entry: &[u8]) -> Option<Blob> {
    let tab = entry.iter().position(|&b| b == b'\t')?;
    let head = std::str::from_utf8(&entry[..tab]).ok()?;
    let mut fields = head.split_whitespace();
    let mode = fields.next()?;
    let kind = fields.next()?;
    let object = fields.next()?;
    let size: u64 = fields.next()?.parse().ok()?;
    if kind != "blob" || !matches!(mode, "100644" | "100755") {
        return None;
    }
    if !object.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let raw = &entry[tab + 1..];
    let path = safe_path(raw)?;
    Some(Blob {
        object: object.to_string(),
        size,
        shown: String::from_utf8_lossy(raw).into_owned(),
        path,
    })
}

/// A path from the tree if every component is a plain name.
fn safe_path(raw: &[u8]) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for part in raw.split(|&b| b == b'/') {
        if part.is_empty() || part == b"." || part == b".." || part.contains(&b'\\') {
            return None;
        }
        let name = os_name(part)?;
        let mut components = Path::new(&name).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(_)), None) => path.push(name),
            _ => return None,
        }
    }
    (!path.as_os_str().is_empty()).then_some(path)
}

#[cfg(unix)]
fn os_name(bytes: &[u8]) -> Option<std::ffi::OsString> {
    use std::os::unix::ffi::OsStrExt;
    Some(std::ffi::OsStr::from_bytes(bytes).to_os_string())
}

#[cfg(not(unix))]
fn os_name(bytes: &[u8]) -> Option<std::ffi::OsString> {
    std::str::from_utf8(bytes).ok().map(Into::into)
}

/// Reads the blobs with one `git cat-file --batch` and writes each below
/// `into`.
fn copy_blobs(top: &Path, blobs: &[Blob], into: &Path) -> Result<(), String> {
    if blobs.is_empty() {
        return Ok(());
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run `git`: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("cannot write to `git cat-file`")?;
    let request: String = blobs.iter().map(|b| format!("{}\n", b.object)).collect();
    // Written on its own thread: git answers while it reads, and a full
    // pipe each way would block both.
    let writer = std::thread::spawn(move || {
        let written = stdin.write_all(request.as_bytes());
        drop(stdin);
        written
    });
    let stdout = child
        .stdout
        .take()
        .ok_or("cannot read from `git cat-file`")?;
    let mut reader = BufReader::new(stdout);
    let result = (|| {
        for blob in blobs {
            let mut header = String::new();
            reader
                .read_line(&mut header)
                .map_err(|e| format!("reading from `git cat-file`: {e}"))?;
            let mut fields = header.split_whitespace();
            let (Some(_), Some("blob"), Some(size)) = (fields.next(), fields.next(), fields.next())
            else {
                return Err(format!("git could not read {}", blob.shown));
            };
            let size: u64 = size
                .parse()
                .map_err(|_| "git answered in an unknown format")?;
            if size > MAX_FILE_BYTES {
                return Err(format!("{} changed size while being read", blob.shown));
            }
            let mut content = Vec::new();
            (&mut reader)
                .take(size)
                .read_to_end(&mut content)
                .map_err(|e| format!("reading from `git cat-file`: {e}"))?;
            let mut newline = [0u8; 1];
            reader
                .read_exact(&mut newline)
                .map_err(|e| format!("reading from `git cat-file`: {e}"))?;
            let target = into.join(&blob.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot write a temporary file: {e}"))?;
            }
            std::fs::write(&target, &content)
                .map_err(|e| format!("cannot write a temporary file: {e}"))?;
        }
        Ok(())
    })();
    drop(reader);
    let _ = writer.join();
    let _ = child.wait();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_revisions_and_paths_are_refused() {
        assert!(check_revision("--output=/tmp/x").is_err());
        assert!(check_revision("-p").is_err());
        assert!(check_revision("main\nx").is_err());
        assert!(check_revision("").is_err());
        assert!(check_revision("origin/main").is_ok());
        assert!(safe_path(b"../etc/passwd.policy").is_none());
        assert!(safe_path(b"a//b.policy").is_none());
        assert!(safe_path(b"/abs.policy").is_none());
        assert!(safe_path(b"a/./b.policy").is_none());
        assert_eq!(
            safe_path(b"policies/a.policy"),
            Some(PathBuf::from("policies").join("a.policy"))
        );
    }

    #[test]
    fn tree_entries_are_parsed_and_links_skipped() {
        let blob = parse_entry(b"100644 blob 0123abcd     42\tpolicies/a.policy").unwrap();
        assert_eq!(blob.size, 42);
        assert_eq!(blob.object, "0123abcd");
        assert!(parse_entry(b"120000 blob 0123abcd     42\tlink.policy").is_none());
        assert!(parse_entry(b"160000 commit 0123abcd       -\tsub").is_none());
    }
}
