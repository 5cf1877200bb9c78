//! `lawful.toml`: severities, regimes and exclusions, found by walking up
//! from the checked path or given with `--config`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lawful-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    dir
}

/// A clean policy with one vague purpose: one `vague-purpose` warning.
fn policy_with_vague_purpose() -> String {
    let minimal = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/minimal.policy"),
    )
    .unwrap();
    format!(
        "{minimal}\npurpose other \"For other purposes\" {{\n  retain until purpose achieved\n}}\ncollect email from members for other with consent\n"
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn severities_from_the_nearest_lawful_toml() {
    let dir = temp_dir("levels");
    let file = dir.join("nested/p.policy");
    std::fs::write(&file, policy_with_vague_purpose()).unwrap();
    let file = file.to_str().unwrap();

    let (code, out, _) = run(&["check", "--format", "short", file]);
    assert_eq!(code, 0, "a warning alone passes: {out}");
    assert!(out.contains("warning[L103]"), "{out}");

    std::fs::write(
        dir.join("lawful.toml"),
        "[rules]\nvague-purpose = \"deny\"\n",
    )
    .unwrap();
    let (code, out, _) = run(&["check", "--format", "short", file]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[L103]"), "{out}");

    std::fs::write(dir.join("lawful.toml"), "[rules]\nL103 = \"allow\"\n").unwrap();
    let (code, out, _) = run(&["check", "--format", "short", file]);
    assert_eq!(code, 0);
    assert!(!out.contains("L103"), "{out}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn regimes_limit_which_rules_run() {
    let dir = temp_dir("regimes");
    let file = dir.join("p.policy");
    // Under GDPR this purpose lacks a lawful basis; under APPI alone it does not need one.
    let text = policy_with_vague_purpose()
        .replace("under APPI", "under APPI, GDPR")
        .replace("for other with consent", "for other");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    let (_, out, _) = run(&["check", "--format", "short", file]);
    assert!(out.contains("missing-lawful-basis"), "{out}");
    std::fs::write(dir.join("lawful.toml"), "regimes = [\"APPI\"]\n").unwrap();
    let (_, out, _) = run(&["check", "--format", "short", file]);
    assert!(!out.contains("missing-lawful-basis"), "{out}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn excluded_paths_are_skipped_in_directories() {
    let dir = temp_dir("exclude");
    std::fs::write(dir.join("nested/draft.policy"), "this is not a policy\n").unwrap();
    std::fs::write(dir.join("lawful.toml"), "exclude = [\"nested/**\"]\n").unwrap();
    let (code, out, _) = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no findings in 0 files"), "{out}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_bad_config_exits_2_naming_file_and_key() {
    let dir = temp_dir("bad");
    let file = dir.join("p.policy");
    std::fs::write(&file, policy_with_vague_purpose()).unwrap();
    std::fs::write(
        dir.join("lawful.toml"),
        "[rules]\nvage-purpose = \"allow\"\n",
    )
    .unwrap();
    let (code, out, err) = run(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    let all = out + &err;
    assert!(
        all.contains("lawful.toml") && all.contains("`rules.vage-purpose`"),
        "{all}"
    );

    let explicit = dir.join("nested/other.toml");
    std::fs::write(&explicit, "[rules]\nvague-purpose = \"deny\"\n").unwrap();
    let (code, _, _) = run(&[
        "check",
        "--config",
        explicit.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "--config replaces the discovered file");
    std::fs::remove_dir_all(dir).unwrap();
}
