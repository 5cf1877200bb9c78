//! Fixture policies with their rendered diagnostics snapshotted beside them.
//!
//! - Every `tests/fixtures/**/*.policy` is checked on its own (files whose
//!   name starts with `_` are only imported by others) and its plain
//!   rendering is compared with `<name>.snap` in the same folder.
//! - Under a folder named after a diagnostic slug, `valid*.policy` must yield
//!   no diagnostic at all, and every other fixture must yield that slug.

#[path = "common/today.rs"]
mod today;

use std::path::{Path, PathBuf};

use lawful::Code;

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "policy")
            && !path.file_name().unwrap().to_string_lossy().starts_with('_')
        {
            out.push(path);
        }
    }
}

fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_path_buf()
}

#[test]
fn fixtures_match_their_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    fixtures(&root, &mut files);
    assert!(!files.is_empty());
    for path in files {
        let shown = relative(&path);
        // Paths in the output are relative to the crate, as a user types them.
        let before = lawful::law::today();
        let report = lawful::check_paths(std::slice::from_ref(&shown));
        let after = lawful::law::today();
        let source = std::fs::read_to_string(&path).unwrap();
        let rendered = today::redacted(&lawful::render::plain(&report), [before, after]);

        let folder = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if let Some(code) = Code::find(&folder) {
            if stem.starts_with("valid") {
                assert!(
                    report.diagnostics.is_empty() && report.io_errors.is_empty(),
                    "{} must pass, but:\n{rendered}",
                    shown.display()
                );
            } else {
                assert!(
                    report.diagnostics.iter().any(|d| d.code == code),
                    "{} must trigger {folder}, but:\n{rendered}",
                    shown.display()
                );
            }
        }

        let snapshot = format!("# Source\n{source}\n# Diagnostics\n{rendered}");
        insta::with_settings!({
            snapshot_path => path.parent().unwrap(),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            input_file => &path,
        }, {
            insta::assert_snapshot!(stem, snapshot);
        });
    }
}

#[test]
fn every_code_has_a_fixture_that_triggers_it_and_one_that_passes_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut missing = Vec::new();
    for code in Code::ALL {
        let slug = code.info().slug;
        let dir = ["names", "rules"]
            .iter()
            .map(|family| root.join(family).join(slug))
            .find(|d| d.is_dir());
        let Some(dir) = dir else {
            missing.push(format!("{slug}: no folder"));
            continue;
        };
        let stems: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "policy"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
            .collect();
        if !stems.iter().any(|s| s.starts_with("valid")) {
            missing.push(format!("{slug}: no valid*.policy"));
        }
        if !stems
            .iter()
            .any(|s| !s.starts_with("valid") && !s.starts_with('_'))
        {
            missing.push(format!("{slug}: no invalid*.policy"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
