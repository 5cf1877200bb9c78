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

/// The manifests of a directory, read as `lawful import fides` reads them.
fn read_dir(dir: &str) -> Vec<lawful::import::fides::ManifestFile> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            lawful::import::fides::parse(&p.display().to_string(), &text).unwrap()
        })
        .collect()
}

/// What `import` returns without formatting is what `lawful fmt` makes of
/// it: formatting it changes nothing (or it has a syntax error, which
/// formatting leaves as it is too). True of every text the converter
/// vouches for; `None` when it does not vouch.
fn shortcut_is_sound(files: &[lawful::import::fides::ManifestFile]) -> Option<bool> {
    let (source, canonical) = lawful::import::fides::convert_unformatted(files);
    if !canonical {
        return None;
    }
    Some(match lawful::fmt::format_str(&source) {
        Ok(formatted) => formatted == source,
        Err(lawful::fmt::FormatError::Syntax(_)) => true,
        Err(lawful::fmt::FormatError::Unsafe(_)) => false,
    })
}

#[test]
fn import_skips_formatting_only_when_already_canonical() {
    for dir in [
        "tests/fides/demo",
        "tests/fides/generated/n10",
        "tests/fides/generated/n30",
    ] {
        let files = read_dir(dir);
        assert_eq!(
            shortcut_is_sound(&files),
            Some(true),
            "{dir}: the import is not canonical as written"
        );
        let (source, _) = lawful::import::fides::convert_unformatted(&files);
        assert_eq!(lawful::fmt::format_str(&source).ok(), Some(source));
    }
}

/// Manifests whose keys, names and texts come from `WORDS`: ordinary keys,
/// the grammar's keywords (halves of keywords of several words among
/// them), and characters that matter to the layout (quotes, `#`, line
/// breaks, tabs, carriage returns, a byte order mark, braces, commas).
fn hostile_manifest() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    const ORDINARY: &[&str] = &[
        "system_a",
        "system_b",
        "customer",
        "employee",
        "user.contact.email",
        "user.device.ip_address",
        "user.biometric",
        "marketing.advertising",
        "functional.storage",
        "essential",
        "x.y_z",
        "5 years",
        "30 days after closure",
        "indefinitely",
        "Consent",
        "Legitimate interests",
        "explicit consent",
        "Employment",
        "DPA",
    ];
    const HOSTILE: &[&str] = &[
        "by",
        "succession",
        "required",
        "with",
        "complies",
        "special",
        "care",
        "data",
        "collect",
        "from",
        "third",
        "party",
        "joint",
        "public",
        "interest",
        "until",
        "consent",
        "a b",
        "a  b",
        "a\nb",
        "a\r\nb",
        "a\rb",
        "a\tb",
        "#c",
        "a # b",
        "\"q\"",
        "back\\slash",
        "{",
        "}",
        "a,b",
        "(x)",
        "\u{FEFF}k",
        "é",
        "",
        " ",
    ];
    let word = || {
        prop_oneof![
            6 => prop::sample::select(ORDINARY),
            1 => prop::sample::select(HOSTILE),
        ]
        .prop_map(|w| serde_json::to_string(w).unwrap())
    };
    let words =
        move || prop::collection::vec(word(), 0..3).prop_map(|v| format!("[{}]", v.join(", ")));
    let declaration = (
        word(),
        words(),
        word(),
        words(),
        prop::option::of(word()),
        prop::option::of(word()),
        prop::option::of(word()),
        (any::<bool>(), words(), words(), words()),
    )
        .prop_map(|(name, cats, data_use, subjects, basis, retention, special, (shared, refs, egress, ingress))| {
            let mut d = format!(
                "      - name: {name}\n        data_categories: {cats}\n        data_use: {data_use}\n        data_subjects: {subjects}\n        dataset_references: {refs}\n        egress: {egress}\n        ingress: {ingress}\n        data_shared_with_third_parties: {shared}\n"
            );
            for (key, value) in [
                ("legal_basis_for_processing", basis),
                ("retention_period", retention),
                ("special_category_legal_basis", special),
            ] {
                if let Some(v) = value {
                    d.push_str(&format!("        {key}: {v}\n"));
                }
            }
            d
        });
    let flow = (
        word(),
        prop::sample::select(vec!["system", "dataset", "user"]),
        words(),
    )
        .prop_map(|(key, kind, cats)| {
            format!(
                "      - fides_key: {key}\n        type: {kind}\n        data_categories: {cats}\n"
            )
        });
    let system = (
        word(),
        word(),
        prop::collection::vec(declaration, 0..3),
        prop::collection::vec(flow, 0..2),
        any::<bool>(),
        words(),
    )
        .prop_map(|(key, name, decls, flows, abroad, bases)| {
            format!(
                "  - fides_key: {key}\n    name: {name}\n    privacy_declarations:\n{}    egress:\n{}    does_international_transfers: {abroad}\n    legal_basis_for_transfers: {bases}\n",
                if decls.is_empty() { "      []\n".to_string() } else { decls.concat() },
                if flows.is_empty() { "      []\n".to_string() } else { flows.concat() },
            )
        });
    let dataset = (word(), word(), words(), word(), words()).prop_map(|(key, collection, cats, field, field_cats)| {
        format!(
            "  - fides_key: {key}\n    data_categories: {cats}\n    collections:\n      - name: {collection}\n        fields:\n          - name: {field}\n            data_categories: {field_cats}\n"
        )
    });
    let rule = (word(), words(), words(), words()).prop_map(|(name, cats, uses, subjects)| {
        format!(
            "      - name: {name}\n        data_categories:\n          matches: ANY\n          values: {cats}\n        data_uses:\n          matches: ANY\n          values: {uses}\n        data_subjects:\n          matches: ANY\n          values: {subjects}\n"
        )
    });
    (
        prop::collection::vec(system, 1..4),
        prop::collection::vec(dataset, 0..2),
        prop::collection::vec(rule, 0..3),
        prop::option::of((word(), word())),
        prop::collection::vec((word(), word()), 0..2),
    )
        .prop_map(|(systems, datasets, rules, org, subjects)| {
            let mut y = format!("system:\n{}", systems.concat());
            if !datasets.is_empty() {
                y.push_str(&format!("dataset:\n{}", datasets.concat()));
            }
            if !rules.is_empty() {
                y.push_str(&format!(
                    "policy:\n  - fides_key: p\n    rules:\n{}",
                    rules.concat()
                ));
            }
            if let Some((key, name)) = org {
                y.push_str(&format!(
                    "organization:\n  - fides_key: {key}\n    name: {name}\n"
                ));
            }
            if !subjects.is_empty() {
                y.push_str("data_subject:\n");
                for (key, name) in subjects {
                    y.push_str(&format!("  - fides_key: {key}\n    name: {name}\n"));
                }
            }
            y
        })
}

#[test]
fn import_skips_formatting_only_when_already_canonical_on_hostile_manifests() {
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new(Config {
        cases: 2000,
        failure_persistence: None,
        ..Config::default()
    });
    let (read, vouched) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    runner
        .run(&hostile_manifest(), |yaml| {
            let Ok(file) = lawful::import::fides::parse("m.yml", &yaml) else {
                return Ok(());
            };
            read.set(read.get() + 1);
            let files = [file];
            if let Some(sound) = shortcut_is_sound(&files) {
                vouched.set(vouched.get() + 1);
                proptest::prop_assert!(
                    sound,
                    "not canonical:\n{}",
                    lawful::import::fides::convert_unformatted(&files).0
                );
            }
            Ok(())
        })
        .unwrap();
    // Most manifests are read, and the converter vouches for many of them.
    let (read, vouched) = (read.get(), vouched.get());
    assert!(read > 1500, "only {read} of 2000 manifests read");
    assert!(
        vouched > 200,
        "the shortcut taken for only {vouched} of {read}"
    );
}
