//! The `lawful` binary as CI and people use it: output formats, exit codes
//! (0 clean, 1 findings, 2 usage or I/O error) and colour handling.

#[path = "common/today.rs"]
mod today;

use std::path::Path;
use std::process::{Command, Output};

fn lawful(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("the lawful binary runs")
}

fn code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("exited normally, not by a signal")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// What a snapshot of one run records: the command, its exit code, its output.
fn transcript(args: &[&str]) -> String {
    let output = lawful(args);
    format!(
        "$ lawful {}\nexit code: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        code(&output),
        stdout(&output),
        stderr(&output)
    )
}

const MISSPELT: &str = "tests/fixtures/names/undefined-reference/invalid.policy";
const CUT_OFF: &str = "tests/fixtures/names/syntax-error/invalid_cut_off.policy";
const MINIMAL: &str = "examples/minimal.policy";

#[test]
fn a_clean_policy_exits_0() {
    let output = lawful(&["check", MINIMAL]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert!(stdout(&output).contains("no findings in 1 file"));
}

#[test]
fn a_misspelt_reference_exits_1_with_a_suggestion() {
    let output = lawful(&["check", MISSPELT]);
    assert_eq!(code(&output), 1);
    let out = stdout(&output);
    assert!(out.contains("error[L002]"), "{out}");
    assert!(out.contains("did you mean `members`?"), "{out}");
    insta::assert_snapshot!("check_human", transcript(&["check", MISSPELT]));
}

#[test]
fn every_format_is_snapshotted() {
    insta::assert_snapshot!(
        "check_short",
        transcript(&["check", "--format", "short", MISSPELT])
    );
    insta::assert_snapshot!(
        "check_json",
        transcript(&["check", "--format", "json", MISSPELT])
    );
}

#[test]
fn json_output_is_valid_and_versioned() {
    let output = lawful(&["check", "--format", "json", MISSPELT]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(value["version"], 1);
    let slugs: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["slug"].as_str().unwrap())
        .collect();
    assert!(slugs.contains(&"undefined-reference"));
    let summary = &value["summary"];
    let counted = summary["errors"].as_u64().unwrap() + summary["warnings"].as_u64().unwrap();
    assert_eq!(counted as usize, slugs.len());
}

#[test]
fn a_file_cut_off_half_way_exits_1_with_a_plain_syntax_error() {
    let output = lawful(&["check", CUT_OFF]);
    assert_eq!(code(&output), 1);
    let out = stdout(&output);
    assert!(out.contains("error[L001]: unterminated string"), "{out}");
    for pest_word in ["EOI", "_decl", "_prop", "_block", "kw_"] {
        assert!(
            !out.contains(pest_word),
            "grammar rule name `{pest_word}` leaked: {out}"
        );
    }
}

#[test]
fn a_missing_file_exits_2_naming_it() {
    let output = lawful(&["check", "no/such/file.policy"]);
    assert_eq!(code(&output), 2);
    let all = stdout(&output) + &stderr(&output);
    assert!(
        all.contains("no/such/file.policy: no such file or directory"),
        "{all}"
    );
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lawful-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn binary_and_non_utf8_files_exit_2_with_a_clear_message() {
    let dir = temp_dir("binary");
    let binary = dir.join("binary.policy");
    std::fs::write(&binary, b"policy \0\x01\x02").unwrap();
    let latin1 = dir.join("latin1.policy");
    std::fs::write(&latin1, b"policy \"Caf\xe9\"").unwrap();
    for (path, words) in [
        (&binary, "is a binary file"),
        (&latin1, "is not UTF-8 text"),
    ] {
        let output = lawful(&["check", path.to_str().unwrap()]);
        assert_eq!(code(&output), 2);
        let all = stdout(&output) + &stderr(&output);
        assert!(all.contains(words), "{all}");
        assert!(all.contains(path.to_str().unwrap()), "{all}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_unreadable_file_does_not_stop_the_others() {
    let dir = temp_dir("mixed");
    std::fs::copy(MISSPELT_ABS(), dir.join("a.policy")).unwrap();
    std::fs::write(dir.join("b.policy"), b"\xff\xfe").unwrap();
    let output = lawful(&["check", "--format", "short", dir.to_str().unwrap()]);
    assert_eq!(code(&output), 2, "an unreadable file fails the run");
    assert!(
        stdout(&output).contains("undefined-reference"),
        "a.policy is still checked"
    );
    assert!(stdout(&output).contains("b.policy: error: is not UTF-8 text"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[allow(non_snake_case)]
fn MISSPELT_ABS() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(MISSPELT)
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&lawful(&["check", "--select", "L999", MINIMAL])), 2);
    assert_eq!(code(&lawful(&["check", "-", MINIMAL])), 2);
    assert_eq!(code(&lawful(&["check", "--format", "xml", MINIMAL])), 2);
    assert_eq!(code(&lawful(&["frobnicate"])), 2);
    assert_eq!(code(&lawful(&["explain", "L999"])), 2);
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let dir = temp_dir("warnings");
    let minimal =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(MINIMAL)).unwrap();
    let path = dir.join("warning.policy");
    std::fs::write(
        &path,
        format!("{minimal}\ndata never_collected \"Never collected\"\n"),
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let warned = lawful(&["check", path]);
    assert!(
        stdout(&warned).contains("unused-definition"),
        "{}",
        stdout(&warned)
    );
    assert_eq!(code(&warned), 0, "warnings alone pass");
    assert_eq!(code(&lawful(&["check", "--deny", "warnings", path])), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    // stdout is a pipe here, so `auto` means no colour.
    let plain = lawful(&["check", MISSPELT]);
    assert!(!stdout(&plain).contains('\u{1b}'));
    let forced = lawful(&["check", "--color", "always", MISSPELT]);
    assert!(stdout(&forced).contains('\u{1b}'));
    let no_color = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(["check", MISSPELT])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&no_color).contains('\u{1b}'));
}

#[test]
fn explain_works_for_every_listed_code() {
    let output = lawful(&["rules", "--format", "json"]);
    assert_eq!(code(&output), 0);
    let rules: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(rules.len() >= 20);
    for rule in rules {
        for key in [
            rule["code"].as_str().unwrap(),
            rule["slug"].as_str().unwrap(),
        ] {
            let explained = lawful(&["explain", key]);
            assert_eq!(code(&explained), 0, "explain {key}");
            let text = stdout(&explained);
            assert!(text.contains("## What it checks"), "explain {key}:\n{text}");
            assert!(text.contains("## Fix"), "explain {key}:\n{text}");
        }
    }
}

#[test]
fn the_seed_policy_has_no_syntax_or_name_findings() {
    let output = lawful(&["check", "--format", "json", "policies/jcom.policy"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for d in value["diagnostics"].as_array().unwrap() {
        let slug = d["slug"].as_str().unwrap();
        assert!(
            ![
                "syntax-error",
                "undefined-reference",
                "duplicate-definition",
                "invalid-import",
                "import-cycle",
                "invalid-value"
            ]
            .contains(&slug),
            "jcom.policy: {d}"
        );
    }
}

#[test]
fn the_seed_policy_check_is_snapshotted() {
    let before = lawful::law::today();
    let run = transcript(&["check", "policies/jcom.policy"]);
    let after = lawful::law::today();
    insta::assert_snapshot!("jcom_check", today::redacted(&run, [before, after]));
}

#[test]
fn the_readme_lists_exactly_what_lawful_finds_in_the_seed() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("## What lawful finds in the seed")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has the section");
    let mut listed: Vec<(String, String)> = section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            // "`slug` (L402)" or "`slug` (L402, an error here)".
            let code = cells[1].split(['(', ')', ',']).nth(1).unwrap().to_string();
            let line = cells[2].trim_start_matches("line ").to_string();
            (code, line)
        })
        .collect();
    let output = lawful(&["check", "--format", "short", "policies/jcom.policy"]);
    let mut found: Vec<(String, String)> = stdout(&output)
        .lines()
        .filter(|l| l.starts_with("policies/jcom.policy:"))
        .map(|l| {
            let line = l.split(':').nth(1).unwrap().to_string();
            let code = l
                .split('[')
                .nth(1)
                .unwrap()
                .split(']')
                .next()
                .unwrap()
                .to_string();
            (code, line)
        })
        .collect();
    listed.sort();
    found.sort();
    assert_eq!(
        listed, found,
        "README's table of seed findings is out of date"
    );
}

#[test]
fn every_shipped_policy_is_formatted() {
    let output = lawful(&["fmt", "--check", "policies", "examples"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}
