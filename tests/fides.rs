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

/// The import has no syntax error and no undefined or duplicated name.
fn assert_no_name_errors(policy: &str, report: &lawful::Report) {
    let names: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.info().family == Family::Names)
        .collect();
    assert!(
        names.is_empty(),
        "the imported policy has name or syntax errors: {names:#?}\n{policy}"
    );
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
    assert_no_name_errors(&imported.policy, &report);
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
fn malformed_yaml_is_an_error_and_unknown_keys_are_notes() {
    let tmp = std::env::temp_dir().join(format!("lawful-fides-bad-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    // fideslang ignores keys its models do not define, and so does the
    // import, with a note (and the field meant, for a typo).
    std::fs::write(
        tmp.join("unknown.yml"),
        "system:\n  - fides_key: a\n    system_type: Service\n    privacy_declarations:\n      - data_categories: [user]\n        data_use: marketing\n        data_sujbects: [customer]\n        x_our_tool: {a: [1, 2]}\n",
    )
    .unwrap();
    let o = lawful(&["import", "fides", "unknown.yml"], &tmp);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("note: unknown.yml: system[0].privacy_declarations[0].data_sujbects: not a field of a fideslang privacy declaration: ignored, as Fides ignores it (did you mean `data_subjects`?)"), "{stderr}");
    assert!(stderr.contains("note: unknown.yml: system[0].privacy_declarations[0].x_our_tool: not a field of a fideslang privacy declaration: ignored, as Fides ignores it\n"), "{stderr}");

    // A value of the wrong type for a key the import maps is an error.
    std::fs::write(
        tmp.join("wrong.yml"),
        "system:\n  - fides_key: a\n    privacy_declarations:\n      - data_categories: {a: b}\n        data_use: marketing\n",
    )
    .unwrap();
    let o = lawful(&["import", "fides", "wrong.yml"], &tmp);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.starts_with(
            "error: wrong.yml: at `system[0].privacy_declarations[0].data_categories`: line 4"
        ),
        "{stderr}"
    );

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

/// Whether the import of `files` is what `lawful fmt` makes of it: the
/// import is not formatted again (see `lawful::import::fides::import`).
fn is_canonical(files: &[lawful::import::fides::ManifestFile]) -> Result<(), String> {
    let policy = lawful::import::fides::import(files).policy;
    match lawful::fmt::format_str(&policy) {
        Ok(formatted) if formatted == policy => Ok(()),
        Ok(formatted) => Err(format!("not canonical:\n{policy}\nformatted:\n{formatted}")),
        Err(e) => Err(format!("{e:?}:\n{policy}")),
    }
}

#[test]
fn import_is_canonical() {
    for dir in [
        "tests/fides/demo",
        "tests/fides/generated/n10",
        "tests/fides/generated/n30",
    ] {
        if let Err(e) = is_canonical(&read_dir(dir)) {
            panic!("{dir}: {e}");
        }
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
        "lawful: allow(L301) reason: \"x\"",
        "\n# lawful: allow(L301)\n",
        "\u{202E}x",
        "\u{1b}[0m",
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

/// The property of the fuzz target `import_fides`, on every manifest
/// committed under `tests/fides/` and on generated hostile ones: when the
/// text reads as a manifest, its import has no syntax error, no comment a
/// suppression could be read from, and is in canonical layout.
#[test]
fn import_property_holds_on_committed_and_hostile_manifests() {
    fn yaml_below(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                yaml_below(&path, out);
            } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                out.push(path);
            }
        }
    }
    let mut committed = Vec::new();
    yaml_below(&root().join("tests/fides"), &mut committed);
    assert!(committed.len() >= 10, "{committed:?}");
    for path in &committed {
        let text = std::fs::read_to_string(path).unwrap();
        if let Err(e) = lawful::import::fides::import_property(&text) {
            panic!("{}: {e}", path.display());
        }
    }
    for i in 0..HOSTILE.len() {
        let shifted = |slot: usize| format!("{} {slot}", HOSTILE[(slot + i) % HOSTILE.len()]);
        let yaml = manifest_with(&shifted);
        assert!(lawful::import::fides::parse("m.yml", &yaml).is_ok());
        if let Err(e) = lawful::import::fides::import_property(&yaml) {
            panic!("{e}");
        }
    }

    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    let read = std::cell::Cell::new(0);
    runner
        .run(&hostile_manifest(), |yaml| {
            if lawful::import::fides::parse("m.yml", &yaml).is_ok() {
                read.set(read.get() + 1);
            }
            let result = lawful::import::fides::import_property(&yaml);
            proptest::prop_assert!(result.is_ok(), "{}", result.unwrap_err());
            Ok(())
        })
        .unwrap();
    let read = read.get();
    assert!(read > 220, "only {read} of 300 manifests read");
}

/// Free text a manifest may hold, each meant to break out of where the
/// importer writes it: the issue's field name (a suppression of L301),
/// string ends, comment ends, declarations, keywords, escapes, carriage
/// returns, terminal controls, bidirectional controls, line separators.
const HOSTILE: &[&str] = &[
    "health\n# lawful: allow(special-care-without-consent, missing-retention) reason: \"ok\"\n#",
    "x\" }\ncollect user_name from customer for p\n# \"",
    "}\n\nforbid f \"t\" {\n  data any user\n}\n",
    "lawful: allow(L301) reason: \"x\"",
    "LAWFUL :allow(L301)",
    "\r\n# lawful: allow(L301) reason: \"r\"\r",
    "back\\slash\\",
    "\\\"\\n",
    "by succession",
    "data",
    "# lawful: allow(L301)",
    "\u{1b}[2J\u{7}\u{0}",
    "\u{202E}drow\u{2066}",
    "tab\there",
    "é 日本",
];

/// The hostile text of slot `i`, and the benign text standing for it. Both
/// contain a space, so that neither is a dotted path: the two manifests
/// differ only in their text.
fn hostile(i: usize) -> String {
    // The dataset field's name is the issue's.
    let text = if i == 32 { 0 } else { i % HOSTILE.len() };
    format!("{} {i}", HOSTILE[text])
}

fn benign(i: usize) -> String {
    format!("t {i}")
}

/// A manifest with every kind of resource, whose free text (keys, names,
/// descriptions, field names …) is `text(0)`, `text(1)` …
fn manifest_with(text: &dyn Fn(usize) -> String) -> String {
    let t = |i: usize| serde_json::to_string(&text(i)).unwrap();
    format!(
        "organization:
  - fides_key: {0}
    name: {1}
    description: {2}
    controller: {{name: {3}, address: {4}, email: {5}, phone: {6}}}
    data_protection_officer: {{name: {7}}}
    security_policy: {8}
data_category:
  - fides_key: {9}
    name: {10}
    parent_key: user
data_subject:
  - fides_key: {11}
    name: {12}
system:
  - fides_key: {13}
    name: {14}
    description: {15}
    system_type: {16}
    legal_name: {17}
    legal_address: {18}
    privacy_policy: {19}
    responsibility: [{20}]
    data_security_practices: {21}
    does_international_transfers: true
    legal_basis_for_transfers: [{22}]
    egress: [{{fides_key: {23}, type: system}}]
    privacy_declarations:
      - name: {24}
        data_categories: [user.contact.email, {9}]
        data_use: marketing.advertising
        data_subjects: [{11}, customer]
        dataset_references: [{25}]
        retention_period: {26}
        data_shared_with_third_parties: true
        third_parties: {27}
        egress: [{23}]
  - fides_key: {23}
    name: {28}
    system_type: Service
    privacy_declarations:
      - name: {29}
        data_categories: [user.name]
        data_use: {30}
        data_subjects: [customer]
dataset:
  - fides_key: {25}
    collections:
      - name: {31}
        fields:
          - name: {32}
            data_categories: [user.health_and_medical]
          - name: {33}
            data_categories: [user.contact]
policy:
  - fides_key: {34}
    name: {35}
    description: {36}
    rules:
      - name: {37}
        data_categories: {{matches: ANY, values: [user.contact]}}
        data_uses: {{matches: ANY, values: [marketing]}}
        data_subjects: {{matches: ANY, values: [{11}]}}
",
        t(0),
        t(1),
        t(2),
        t(3),
        t(4),
        t(5),
        t(6),
        t(7),
        t(8),
        t(9),
        t(10),
        t(11),
        t(12),
        t(13),
        t(14),
        t(15),
        t(16),
        t(17),
        t(18),
        t(19),
        t(20),
        t(21),
        t(22),
        t(23),
        t(24),
        t(25),
        t(26),
        t(27),
        t(28),
        t(29),
        t(30),
        t(31),
        t(32),
        t(33),
        t(34),
        t(35),
        t(36),
        t(37),
    )
}

const SLOTS: usize = 38;

/// What a parsed policy declares, whatever its names and texts say: per
/// declaration, its kind and how many names and texts it has; and every
/// text, sorted.
fn declarations(policy: &str) -> (Vec<(String, usize, usize)>, Vec<String>) {
    fn walk(v: &serde_json::Value, names: &mut usize, texts: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                let keys: BTreeSet<&str> = o.keys().map(String::as_str).collect();
                if keys == BTreeSet::from(["name", "span"]) {
                    *names += 1;
                } else if keys == BTreeSet::from(["value", "span"])
                    && let Some(s) = o["value"].as_str()
                {
                    texts.push(s.to_string());
                } else {
                    o.values().for_each(|v| walk(v, names, texts));
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, names, texts)),
            _ => {}
        }
    }
    let parsed = lawful::syntax::parse(lawful::span::FileId(0), policy);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:#?}\n{policy}",
        parsed.diagnostics
    );
    let mut all_texts = Vec::new();
    let decls = parsed
        .file
        .decls
        .iter()
        .map(|d| {
            let v = serde_json::to_value(d).unwrap();
            let (mut names, mut texts) = (0, Vec::new());
            walk(&v, &mut names, &mut texts);
            let kind = v["kind"].as_str().unwrap().to_string();
            let count = texts.len();
            all_texts.extend(texts);
            (kind, names, count)
        })
        .collect();
    all_texts.sort();
    (decls, all_texts)
}

fn import_text(yaml: &str) -> lawful::import::Imported {
    let file = lawful::import::fides::parse("m.yml", yaml).expect("the manifest reads");
    lawful::import::fides::import(&[file])
}

fn codes(policy: &str) -> Vec<&'static str> {
    let mut codes: Vec<&str> = lawful::check_source("imported.policy", policy)
        .diagnostics
        .iter()
        .map(|d| d.code.info().slug)
        .collect();
    codes.sort_unstable();
    codes
}

#[test]
fn manifest_text_is_written_only_as_text() {
    let hostile_policy = import_text(&manifest_with(&hostile)).policy;
    let benign_policy = import_text(&manifest_with(&benign)).policy;

    // The same declarations, each with as many names and texts …
    let (hostile_decls, hostile_texts) = declarations(&hostile_policy);
    let (benign_decls, benign_texts) = declarations(&benign_policy);
    assert_eq!(hostile_decls, benign_decls, "{hostile_policy}");
    // … and the same texts, each hostile text read back whole where the
    // benign one stands.
    let mut slots: Vec<usize> = (0..SLOTS).collect();
    slots.sort_by_key(|&i| std::cmp::Reverse(hostile(i).len()));
    let mut read_back: Vec<String> = hostile_texts
        .iter()
        .map(|t| {
            slots.iter().fold(t.clone(), |t, &i| {
                t.replace(
                    &lawful::import::source::string_value(&hostile(i)),
                    &benign(i),
                )
            })
        })
        .collect();
    read_back.sort();
    assert_eq!(read_back, benign_texts);

    // No comment a suppression could be read from, and the same findings:
    // among them L301 for the health data of the field whose name is the
    // issue's suppression.
    assert_eq!(
        lawful::import::source::suppressions(&hostile_policy),
        Some(vec![])
    );
    let findings = codes(&hostile_policy);
    assert!(
        findings.contains(&"special-care-without-consent"),
        "{findings:?}"
    );
    assert_eq!(findings, codes(&benign_policy));
    assert!(
        hostile_policy.contains("# lawful_: allow(special-care-without-consent"),
        "{hostile_policy}"
    );
}

/// `n` systems whose declarations all reference one dataset of `n` fields,
/// each field in a category of its own, and policy rules that some fields
/// decide.
fn shared_dataset_manifest(n: usize) -> String {
    let mut y = String::from("system:\n");
    for s in 0..n {
        y.push_str(&format!(
            "  - fides_key: system_{s}\n    system_type: Service\n    privacy_declarations:\n      - name: decl_{s}\n        data_categories: [user.contact.email]\n        data_use: {}\n        data_subjects: [customer]\n        dataset_references: [big]\n",
            if s % 2 == 0 { "marketing.advertising" } else { "analytics.reporting" }
        ));
    }
    y.push_str(
        "dataset:\n  - fides_key: big\n    collections:\n      - name: c\n        fields:\n",
    );
    for f in 0..n {
        let category = match f {
            3 => "user.biometric.fingerprint".to_string(),
            _ => format!("user.custom.f{f}"),
        };
        y.push_str(&format!(
            "          - name: f{f}\n            data_categories: [{category}]\n"
        ));
    }
    y.push_str(
        "policy:
  - fides_key: p
    rules:
      - name: no_custom_marketing
        data_categories: {matches: ALL, values: [user.custom]}
        data_uses: {matches: ANY, values: [marketing]}
        data_subjects: {matches: ANY, values: [customer]}
      - name: no_f7_analytics
        data_categories: {matches: ANY, values: [user.custom.f7]}
        data_uses: {matches: ANY, values: [analytics]}
        data_subjects: {matches: ANY, values: [customer]}
      - name: nothing_but_custom
        data_categories: {matches: NONE, values: [user.custom, user.biometric, user.contact]}
        data_uses: {matches: ANY, values: [marketing, analytics]}
        data_subjects: {matches: ANY, values: [customer]}
",
    );
    y
}

/// Dataset references are not written out for every declaration: the
/// policy grows with the manifests (689 KB of them made a 754 MB policy
/// when each reference repeated the whole dataset), and the findings are
/// still Fides' violations.
#[test]
fn dataset_references_grow_the_policy_linearly() {
    let small = shared_dataset_manifest(200);
    let large = shared_dataset_manifest(400);
    let (small_policy, large_policy) = (import_text(&small).policy, import_text(&large).policy);
    let input = large.len() as f64 / small.len() as f64;
    let output = large_policy.len() as f64 / small_policy.len() as f64;
    assert!(
        output < input * 1.3,
        "input grew {input:.2}x, the policy {output:.2}x ({} -> {} bytes)",
        small_policy.len(),
        large_policy.len()
    );
    assert!(large_policy.len() < 4 * large.len());

    // Every declaration violates what Fides says it violates: marketing ones
    // `no_custom_marketing` (every field but f3 is all custom), analytics
    // ones `no_f7_analytics`; none `nothing_but_custom` (every part is in
    // one of its categories). The fingerprint of field f3 is special-category data processed
    // without a special-category legal basis.
    let report = lawful::check_source("imported.policy", &small_policy);
    let found = lawful_violations(&small_policy, &report);
    let expected: BTreeSet<(String, String, String)> = (0..200)
        .map(|s| {
            let rule = if s % 2 == 0 {
                "no_custom_marketing"
            } else {
                "no_f7_analytics"
            };
            (rule.to_string(), format!("system_{s}"), format!("decl_{s}"))
        })
        .collect();
    assert!(
        found == expected,
        "unexpected: {:?}; missing: {:?}",
        found.difference(&expected).take(5).collect::<Vec<_>>(),
        expected.difference(&found).take(5).collect::<Vec<_>>()
    );
    let special = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::SpecialCareWithoutConsent)
        .count();
    assert_eq!(special, 200);
}

/// Every field of fideslang's models (as of fideslang 3.1.4a1, and those
/// of earlier versions) is accepted: the schema fixtures set each one, the
/// import reads them without an error, and reports each field with no
/// place in a policy as a note — never one as unknown.
#[test]
fn every_fideslang_field_is_accepted() {
    use lawful::import::fides::manifest::{FIELDS, fields_of, model_at};
    fn walk<'a>(
        value: &'a serde_json::Value,
        keys: &mut Vec<&'a str>,
        seen: &mut BTreeSet<(&'static str, String)>,
    ) {
        match value {
            serde_json::Value::Array(list) => {
                list.iter().for_each(|v| walk(v, keys, seen));
            }
            serde_json::Value::Object(map) => {
                let model = model_at(keys).expect("a fideslang model");
                for (key, value) in map {
                    seen.insert((model, key.clone()));
                    keys.push(key);
                    if model_at(keys).is_some() {
                        walk(value, keys, seen);
                    }
                    keys.pop();
                }
            }
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    for file in ["fideslang_3_1_4.yml", "earlier_fields.yml"] {
        let text = std::fs::read_to_string(root().join("tests/fides/schema").join(file)).unwrap();
        let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        walk(&value, &mut Vec::new(), &mut seen);
    }
    let all: BTreeSet<(&'static str, String)> = FIELDS
        .iter()
        .flat_map(|(model, _)| fields_of(model).map(|f| (*model, f.to_string())))
        .collect();
    assert_eq!(
        all.difference(&seen).collect::<Vec<_>>(),
        Vec::<&(&str, String)>::new(),
        "fields the fixtures do not set"
    );
    assert_eq!(
        seen.difference(&all).collect::<Vec<_>>(),
        Vec::<&(&str, String)>::new(),
        "fields the fixtures set that fideslang does not define"
    );

    let (imported, report) = import_and_check("tests/fides/schema");
    let notes: Vec<String> = imported.unmapped.iter().map(|u| u.to_string()).collect();
    assert!(
        notes.iter().all(|n| !n.contains("not a field of")),
        "{notes:#?}"
    );
    for expected in [
        "fideslang_3_1_4.yml: system[0].uses_cookies: not imported",
        "fideslang_3_1_4.yml: system[0].privacy_declarations[0].features: not imported",
        "fideslang_3_1_4.yml: dataset[0].collections[0].fields[0].fides_meta: not imported",
        "fideslang_3_1_4.yml: organization[0].fidesctl_meta: not imported",
        "fideslang_3_1_4.yml: data_subject[0].rights: not imported",
        "earlier_fields.yml: policy[0].rules[0].data_qualifier: not imported: data qualifiers are gone",
        "earlier_fields.yml: evaluation: not imported",
    ] {
        assert!(
            notes.iter().any(|n| n.contains(expected)),
            "no note `{expected}` in {notes:#?}"
        );
    }
    assert_no_name_errors(&imported.policy, &report);
    // The organization's DPO is the controller's `dpo`; its representative
    // the Art. 27 representative in the Union, not the company's own
    // representative (which Fides does not record).
    let controller = imported
        .policy
        .split("\ncontroller ")
        .nth(1)
        .and_then(|rest| rest.split("\n}").next())
        .unwrap();
    assert!(
        controller.contains("\n  dpo schema_org_data_protection_officer"),
        "{controller}"
    );
    assert!(
        controller.contains("\n  eu representative schema_org_representative"),
        "{controller}"
    );
    assert!(!controller.contains("\n  representative "), "{controller}");
    assert!(
        imported
            .policy
            .contains("party schema_org_representative \"Rep Resentative\" as third party {"),
        "{}",
        imported.policy
    );
}

/// A blank text in a manifest is read as absent: the import writes no blank
/// string, which the policy grammar refuses (invalid-value), and no
/// `safeguard ""` that would stand in for a transfer's safeguard.
#[test]
fn blank_manifest_text_is_not_written() {
    // Keys stay; every free text (names, descriptions, contacts, the
    // transfer's legal basis …) is blank or spaces.
    let keys = manifest_with(&benign);
    let blanked = manifest_with(&|i| {
        let key = benign(i);
        if keys.contains(&format!("fides_key: \"{key}\"")) {
            key
        } else {
            " ".repeat(i % 3)
        }
    });
    let policy = import_text(&blanked).policy;
    for line in policy.lines().filter(|l| !l.trim_start().starts_with('#')) {
        assert!(
            !line.contains("\"\"") && !line.contains("\" \"") && !line.contains("\"  \""),
            "a blank string written: {line}"
        );
    }
    assert!(!codes(&policy).contains(&"invalid-value"), "{policy}");
}
