//! A check that keeps only the first findings of each code (what the
//! formats people read show, `--max-per-code`) and counts the rest reports
//! exactly what a check that keeps them all does: the same findings shown,
//! the same counts, summary, statistics and exit code (issue 13: memory on
//! inputs dense with findings).

use std::path::{Path, PathBuf};

#[allow(dead_code)]
mod common;

use lawful::config::Config;
use lawful::render::{self, Options};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lawful-kept-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Two policy sets importing one shared file (whose findings each set
/// reports: exact duplicates), with findings of several codes, errors
/// among them, used, unused and reason-less suppressions, and a
/// `lawful.toml` that changes severities.
fn policy_set(dir: &Path, items: usize) {
    let mut shared = String::new();
    for i in 0..items {
        shared.push_str(&format!("data shared{i:04} \"Shared {i}\"\n"));
    }
    std::fs::write(dir.join("_shared.policy"), shared).unwrap();
    for unit in ["a", "b"] {
        let mut text = format!("policy \"{unit}\" under APPI\nimport \"_shared.policy\"\n");
        for i in 0..items {
            text.push_str(&format!("data {unit}{i:04} \"Item {i}\"\n"));
            if i % 7 == 0 {
                text.push_str("# lawful: allow(vague-purpose) reason: \"kept on purpose\"\n");
            }
            if i % 11 == 0 {
                text.push_str("# lawful: allow(missing-retention)\n");
            }
            text.push_str(&format!(
                "purpose {unit}p{i:04} \"For other purposes\" {{ basis contract }}\n"
            ));
            if i % 5 == 0 {
                // Defined twice: an error.
                text.push_str(&format!("data {unit}{i:04}\n"));
            }
        }
        std::fs::write(dir.join(format!("{unit}.policy")), text).unwrap();
    }
    std::fs::write(
        dir.join("lawful.toml"),
        "[rules]\nvague-purpose = \"deny\"\n",
    )
    .unwrap();
}

fn check(dir: &Path, kept: Option<usize>) -> lawful::Report {
    let config = Config::discover(dir).unwrap().with_kept_per_code(kept);
    lawful::check_paths_with(&[dir.to_path_buf()], &config)
}

#[test]
fn keeping_the_first_of_each_code_reports_what_keeping_all_does() {
    let dir = temp_dir("library");
    policy_set(&dir, 60);
    let all = check(&dir, None);
    assert!(all.counted.per_code.is_empty());
    let (errors, warnings) = render::counts(&all);
    assert!(
        errors > 20 && warnings > 100,
        "{errors} errors, {warnings} warnings"
    );
    for cap in [1, 2, 3, 10, 50, 1000] {
        let kept = check(&dir, Some(cap));
        let options = Options {
            max_per_code: Some(cap),
            ..Options::default()
        };
        assert_eq!(render::counts(&kept), (errors, warnings), "cap {cap}");
        assert_eq!(kept.has_errors(), all.has_errors());
        assert_eq!(
            render::short_with(&kept, &options),
            render::short_with(&all, &options),
            "cap {cap}"
        );
        assert_eq!(
            render::plain_with(&kept, &options),
            render::plain_with(&all, &options),
            "cap {cap}"
        );
        assert_eq!(
            render::github_with(&kept, &options),
            render::github_with(&all, &options),
            "cap {cap}"
        );
        assert_eq!(render::summary(&kept), render::summary(&all));
        // Only the first `cap` of each code are held.
        let mut per_code = std::collections::BTreeMap::new();
        for d in &kept.diagnostics {
            *per_code.entry(d.code).or_insert(0usize) += 1;
        }
        assert!(
            per_code.values().all(|n| *n <= cap),
            "cap {cap}: {per_code:?}"
        );
        if cap < 10 {
            assert!(!kept.counted.per_code.is_empty());
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// The exit code and standard output of `lawful ARGS`.
fn run(args: &[&str]) -> (i32, String) {
    let run = common::run(args, std::time::Duration::from_secs(120));
    (run.code, run.stdout)
}

#[test]
fn the_command_line_counts_what_it_does_not_show() {
    let dir = temp_dir("cli");
    // Over the default 100 findings per code.
    policy_set(&dir, 130);
    let path = dir.to_str().unwrap();
    for format in ["human", "short", "github"] {
        let (code, capped) = run(&["check", path, "--format", format]);
        let (code_all, all) = run(&["check", path, "--format", format, "--max-per-code", "0"]);
        assert_eq!(code, 1);
        assert_eq!(code, code_all);
        assert!(capped.contains("findings not shown"), "{format}: {capped}");
        if format != "github" {
            assert_eq!(
                capped.lines().last(),
                all.lines().last(),
                "{format}: the summary counts every finding"
            );
        }
    }
    let (_, statistics) = run(&["check", path, "--statistics"]);
    let (_, statistics_all) = run(&["check", path, "--statistics", "--max-per-code", "0"]);
    assert_eq!(statistics, statistics_all);
    let (_, json) = run(&["check", path, "--statistics", "--format", "json"]);
    assert!(json.contains("\"count\""));
    std::fs::remove_dir_all(dir).unwrap();
}
