//! `lawful import fides`: Fides manifests in, a checked policy out.
//!
//! - The oracle: manifests made by `../shared/bench/peers/gen_fides.py` (and
//!   the hand-written demo) are committed under `tests/fides/` with the
//!   violations Fides itself reported for them (`*.violations`, written by
//!   `tests/fides/fides_violations.py`, which runs Fides' own `evaluate`
//!   code). The imported policy's `forbidden-processing` findings on the
//!   declarations' flows must be exactly that list. Fides is not needed here.
//! - The demo (`tests/fides/demo/`: an organization, systems with several
//!   declarations, a dataset with collections and fields, a policy with
//!   rules): snapshots of the imported policy, of what was reported as not
//!   imported, and of the findings — among them what `fides evaluate` never
//!   checks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use lawful::Code;
use lawful::diagnostic::Family;
use lawful::import::fides::import_path;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Imports a manifest directory (named relative to the crate, as a user
/// would) and checks the policy.
fn import_and_check(dir: &str) -> (lawful::import::Imported, lawful::Report) {
    let imported = import_path(&root().join(dir)).expect("the manifests import");
    let report = lawful::check_source("imported.policy", &imported.policy);
    (imported, report)
}

/// `(rule, system, declaration)` of each `forbidden-processing` finding on a
/// `collect` that stands for a declaration (or a dataset it references):
/// what `fides evaluate` evaluates. The importer writes
/// `# SYSTEM system[i].privacy_declarations[j] "NAME"` above those flows.
fn lawful_violations(policy: &str, report: &lawful::Report) -> BTreeSet<(String, String, String)> {
    let mut found = BTreeSet::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::ForbiddenProcessing)
    {
        let span = d.primary_span().unwrap();
        let start = span.start as usize;
        let line_start = policy[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = policy[line_start..].lines().next().unwrap();
        if !line.starts_with("collect ") {
            continue;
        }
        let rule = d.message.split('`').nth(1).unwrap().to_string();
        let comment = policy[..line_start]
            .lines()
            .rev()
            .find(|l| l.starts_with("# ") && l.contains(".privacy_declarations["))
            .expect("a declaration comment above the flow");
        let system = comment[2..].split(' ').next().unwrap().to_string();
        let name = comment.split('"').nth(1).unwrap().to_string();
        found.insert((rule, system, name));
    }
    found
}

fn fides_violations(file: &str) -> BTreeSet<(String, String, String)> {
    std::fs::read_to_string(root().join(file))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect()
}

fn assert_oracle(dir: &str, violations: &str) {
    let (imported, report) = import_and_check(dir);
    let expected = fides_violations(violations);
    assert!(!expected.is_empty());
    let got = lawful_violations(&imported.policy, &report);
    assert_eq!(
        got, expected,
        "lawful's forbidden-processing findings differ from Fides' evaluation of {dir}"
    );
    let names: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.info().family == Family::Names)
        .collect();
    assert!(
        names.is_empty(),
        "the imported policy has name or syntax errors: {names:#?}"
    );
}

#[test]
fn generated_manifests_violate_what_fides_says_n10() {
    assert_oracle(
        "tests/fides/generated/n10",
        "tests/fides/generated/n10.violations",
    );
}

#[test]
fn generated_manifests_violate_what_fides_says_n30() {
    assert_oracle(
        "tests/fides/generated/n30",
        "tests/fides/generated/n30.violations",
    );
}

#[test]
fn demo_manifests_violate_what_fides_says() {
    assert_oracle("tests/fides/demo", "tests/fides/demo.violations");
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(root().join("tests/fides/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

#[test]
fn demo_import_snapshot() {
    let (imported, report) = import_and_check("tests/fides/demo");
    let unmapped: Vec<String> = imported
        .unmapped
        .iter()
        .map(|u| u.to_string().replace(&format!("{}/", root().display()), ""))
        .collect();
    settings().bind(|| {
        insta::assert_snapshot!("demo_policy", imported.policy);
        insta::assert_snapshot!("demo_unmapped", unmapped.join("\n"));
        insta::assert_snapshot!("demo_findings", lawful::render::plain(&report));
    });
}

#[test]
fn demo_finds_what_fides_evaluate_does_not_check() {
    let (_, report) = import_and_check("tests/fides/demo");
    let codes: BTreeSet<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.code.info().slug)
        .collect();
    // A declaration with no legal basis, special-category data with no
    // special-category legal basis, a transfer abroad with no safeguard,
    // and a system that keeps data with no retention period.
    for slug in [
        "missing-lawful-basis",
        "special-care-without-consent",
        "cross-border-without-basis",
        "missing-retention",
    ] {
        assert!(codes.contains(slug), "{slug} not found in {codes:?}");
    }
}

#[test]
fn import_is_deterministic_and_formatted() {
    let a = import_path(&root().join("tests/fides/demo"))
        .unwrap()
        .policy;
    let b = import_path(&root().join("tests/fides/demo"))
        .unwrap()
        .policy;
    assert_eq!(a, b);
    let formatted = lawful::fmt::format_str(&a).expect("the imported policy formats");
    assert_eq!(
        formatted, a,
        "the imported policy is not in canonical layout"
    );
}

fn lawful(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn cli_imports_formats_and_checks_in_one_pipeline() {
    let tmp = std::env::temp_dir().join(format!("lawful-fides-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let out = tmp.join("demo.policy");
    let o = lawful(
        &[
            "import",
            "fides",
            "tests/fides/demo",
            "-o",
            out.to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(
            "tests/fides/demo/systems.yml: system[0].privacy_declarations[1].features: not imported"
        ),
        "{stderr}"
    );
    let o = lawful(&["fmt", "--check", out.to_str().unwrap()], &root());
    assert_eq!(
        o.status.code(),
        Some(0),
        "fmt --check: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let o = lawful(
        &["check", out.to_str().unwrap(), "--format", "short"],
        &root(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("forbidden-processing"));
    std::fs::remove_dir_all(&tmp).ok();
}

#[test]
fn malformed_yaml_and_unknown_keys_are_errors_naming_file_and_path() {
    let tmp = std::env::temp_dir().join(format!("lawful-fides-bad-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(
        tmp.join("unknown.yml"),
        "system:\n  - fides_key: a\n    system_type: Service\n    privacy_declarations:\n      - data_categories: [user]\n        data_use: marketing\n        data_sujbects: [customer]\n",
    )
    .unwrap();
    let o = lawful(&["import", "fides", "unknown.yml"], &tmp);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.starts_with("error: unknown.yml: at `system[0].privacy_declarations[0].data_sujbects`: line 7 column 9: unknown field `data_sujbects`"), "{stderr}");

    std::fs::write(tmp.join("broken.yml"), "system:\n  - fides_key: [a\n").unwrap();
    let o = lawful(&["import", "fides", "broken.yml"], &tmp);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.starts_with("error: broken.yml: "), "{stderr}");
    assert!(stderr.contains("line 2"), "{stderr}");
    std::fs::remove_dir_all(&tmp).ok();
}
