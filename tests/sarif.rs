//! SARIF and GitHub annotation output: the SARIF log validates against the
//! official SARIF 2.1.0 JSON schema (tests/schemas/sarif-2.1.0.json, as
//! published by OASIS), and GitHub output has one annotation per finding.

use std::path::PathBuf;

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/schemas/sarif-2.1.0.json"
    ))
    .unwrap();
    let mut schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    // The published schema's pattern for `language` (on `run` and
    // `toolComponent`) has a stray `]` that the meta-schema's `regex` format
    // check rejects, so the schema would not compile. lawful never emits
    // `language`; those patterns are dropped in memory and everything else
    // is used as published.
    let dropped = drop_pattern(&mut schema, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
    assert_eq!(dropped, 2);
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn drop_pattern(value: &mut serde_json::Value, bad: &str) -> usize {
    match value {
        serde_json::Value::Object(map) => {
            let mut dropped = 0;
            if map.get("pattern").and_then(|p| p.as_str()) == Some(bad) {
                map.remove("pattern");
                dropped += 1;
            }
            dropped
                + map
                    .values_mut()
                    .map(|v| drop_pattern(v, bad))
                    .sum::<usize>()
        }
        serde_json::Value::Array(items) => items.iter_mut().map(|v| drop_pattern(v, bad)).sum(),
        _ => 0,
    }
}

fn assert_valid(path: &str) -> serde_json::Value {
    let report = lawful::check_paths(&[PathBuf::from(path)]);
    let log: serde_json::Value = serde_json::from_str(&lawful::render::sarif(&report)).unwrap();
    let validator = schema();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{path}: SARIF does not validate:\n{}",
        errors.join("\n")
    );
    log
}

#[test]
fn sarif_for_the_seed_validates_against_the_schema() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let log = assert_valid("policies/jcom.policy");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), lawful::Code::ALL.len());
    let results = run["results"].as_array().unwrap();
    let report = lawful::check_paths(&[PathBuf::from("policies/jcom.policy")]);
    assert_eq!(results.len(), report.diagnostics.len());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at the rule"
        );
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert_eq!(
            uri, "policies/jcom.policy",
            "relative to the repository root"
        );
        assert!(
            result["partialFingerprints"]["lawfulFindingHash/v1"]
                .as_str()
                .unwrap()
                .len()
                == 16
        );
    }
}

#[test]
fn sarif_for_every_fixture_validates() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let log = assert_valid("tests/fixtures");
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn fingerprints_are_stable_when_lines_move() {
    let body = "policy \"P\" under APPI\ndata email\n";
    let before = lawful::check_source("p.policy", body);
    let after = lawful::check_source("p.policy", &format!("\n\n# moved down\n{body}"));
    let fingerprints = |r: &lawful::Report| -> Vec<String> {
        let log: serde_json::Value = serde_json::from_str(&lawful::render::sarif(r)).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["lawfulFindingHash/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert!(!fingerprints(&before).is_empty());
    assert_eq!(fingerprints(&before), fingerprints(&after));
}

#[test]
fn github_prints_one_annotation_per_finding() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let report = lawful::check_paths(&[PathBuf::from("policies/jcom.policy")]);
    let text = lawful::render::github(&report);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), report.diagnostics.len());
    for (line, d) in lines.iter().zip(&report.diagnostics) {
        let prefix = match d.severity {
            lawful::Severity::Error => "::error file=policies/jcom.policy,line=",
            lawful::Severity::Warning => "::warning file=policies/jcom.policy,line=",
        };
        assert!(line.starts_with(prefix), "{line}");
        assert!(
            line.contains(&format!(
                "title={} {}::",
                d.code.info().code,
                d.code.info().slug
            )),
            "{line}"
        );
    }
}

#[test]
fn the_schema_check_can_fail() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let report = lawful::check_paths(&[PathBuf::from("policies/jcom.policy")]);
    let mut log: serde_json::Value = serde_json::from_str(&lawful::render::sarif(&report)).unwrap();
    log["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(
        !schema().is_valid(&log),
        "an invalid level must not validate"
    );
}

/// Decodes `%HH` sequences; `None` if a `%` is not followed by two hex digits.
fn percent_decode(uri: &str) -> Option<Vec<u8>> {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[test]
fn file_uris_are_percent_encoded() {
    let dir = std::env::temp_dir().join(format!("lawful-sarif-uri-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // A space, `#` (a fragment), `%` (an escape), `?` (a query), non-ASCII
    // and a newline: none may appear raw in a URI (RFC 3986).
    let path = dir.join("a b#%?日\n.policy");
    std::fs::write(&path, "data unused\n").unwrap();
    let report = lawful::check_paths(std::slice::from_ref(&path));
    assert!(!report.diagnostics.is_empty());
    let log: serde_json::Value = serde_json::from_str(&lawful::render::sarif(&report)).unwrap();
    let errors: Vec<String> = schema().iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap();
    assert!(
        uri.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)),
        "not a URI reference: {uri:?}"
    );
    assert!(uri.ends_with("/a%20b%23%25%3F%E6%97%A5%0A.policy"), "{uri}");
    let decoded = percent_decode(uri).expect("well-formed escapes");
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        path.to_string_lossy().replace('\\', "/")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fixes_are_sarif_fixes_that_validate() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let log = assert_valid("tests/fixtures/names/undefined-reference/invalid.policy");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let fixes: Vec<&serde_json::Value> = results
        .iter()
        .filter_map(|r| r.get("fixes"))
        .flat_map(|f| f.as_array().unwrap())
        .collect();
    assert_eq!(fixes.len(), 2, "`membres` and `newsleter`");
    let fix = fixes[0];
    assert_eq!(
        fix["description"]["text"],
        "replace `membres` with `members`"
    );
    let change = &fix["artifactChanges"][0];
    assert_eq!(
        change["artifactLocation"]["uri"],
        "tests/fixtures/names/undefined-reference/invalid.policy"
    );
    let replacement = &change["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "members");
    assert_eq!(
        replacement["deletedRegion"],
        serde_json::json!({ "startLine": 10, "startColumn": 20, "endLine": 10, "endColumn": 27 })
    );

    // An insertion (missing-retention): an empty region.
    let dir = std::env::temp_dir().join(format!("lawful-sarif-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("p.policy");
    std::fs::write(
        &path,
        "policy \"P\" under APPI\ndata email\nsubject s \"S\"\npurpose p \"P\"\ncollect email from s for p with consent\n",
    )
    .unwrap();
    let log = assert_valid(path.to_str().unwrap());
    let inserted = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "L201")
        .unwrap()["fixes"][0]["artifactChanges"][0]["replacements"][0]
        .clone();
    assert_eq!(
        inserted["deletedRegion"],
        serde_json::json!({ "startLine": 4, "startColumn": 14, "endLine": 4, "endColumn": 14 })
    );
    assert_eq!(
        inserted["insertedContent"]["text"],
        " { retain until purpose achieved }"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
