//! The CI examples as they run: the GitHub workflow's steps, with and
//! without findings (examples/ci/lawful.yml), and the pre-commit hooks
//! (.pre-commit-hooks.yaml) run by pre-commit itself on a policy split with
//! `import`. actionlint and `pre-commit validate-manifest` run in .ci/run.

use std::path::{Path, PathBuf};
use std::process::Command;

const MINIMAL: &str = include_str!("../examples/minimal.policy");

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lawful-ci-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `PATH` with the directory of the lawful binary first.
fn path_with_lawful() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_lawful")).parent().unwrap();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

fn yaml(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

// ------------------------------------------------------------ workflow --

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Success,
    Failure,
    Skipped,
}

/// The few GitHub expressions the workflow's `if:`s use, joined by `&&`:
/// `success()`, `always()`, `!cancelled()`, `failure()`,
/// `steps.ID.outcome == 'VALUE'`, `hashFiles('FILE') != ''`. Anything else
/// fails the test, so a new condition gets evaluated here too.
fn condition(
    expression: Option<&str>,
    failed: bool,
    outcomes: &[(String, Outcome)],
    dir: &Path,
) -> bool {
    let expression = expression.unwrap_or("success()").trim();
    let expression = expression
        .strip_prefix("${{")
        .and_then(|e| e.strip_suffix("}}"))
        .unwrap_or(expression);
    expression.split("&&").all(|term| {
        let term = term.trim();
        if term == "success()" {
            return !failed;
        }
        if term == "always()" || term == "!cancelled()" {
            return true;
        }
        if term == "failure()" {
            return failed;
        }
        // The runs here stand for a push: the pull-request steps (`lawful
        // diff` and its comment, tested in tests/diff.rs) are skipped.
        if term == "github.event_name == 'pull_request'" {
            return false;
        }
        if let Some(rest) = term.strip_prefix("steps.") {
            let (id, rest) = rest.split_once(".outcome == ").unwrap();
            let wanted = rest.trim_matches('\'');
            let outcome = outcomes
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, o)| *o)
                .unwrap();
            return format!("{outcome:?}").eq_ignore_ascii_case(wanted);
        }
        if let Some(rest) = term.strip_prefix("hashFiles('") {
            let (file, rest) = rest.split_once("')").unwrap();
            assert_eq!(rest.trim(), "!= ''", "{term}");
            return dir.join(file).exists();
        }
        panic!("the workflow test does not evaluate `{term}`");
    })
}

/// Runs the workflow's steps in `dir` as the runner would: `run:` steps
/// with lawful on PATH (the install step stands for the binary built
/// here), `uses:` steps as succeeding (the SARIF upload only when its file
/// exists). Returns each step's name and outcome, and whether the job
/// failed.
fn run_workflow(dir: &Path) -> (Vec<(String, Outcome)>, bool) {
    let workflow = yaml("examples/ci/lawful.yml");
    let steps = workflow["jobs"]["policies"]["steps"].as_array().unwrap();
    let mut by_id: Vec<(String, Outcome)> = Vec::new();
    let mut named = Vec::new();
    let mut failed = false;
    for step in steps {
        let name = step["name"]
            .as_str()
            .or(step["uses"].as_str())
            .unwrap()
            .to_string();
        let runs = condition(step["if"].as_str(), failed, &by_id, dir);
        let outcome = if !runs {
            Outcome::Skipped
        } else if let Some(command) = step["run"].as_str() {
            if command.starts_with("cargo install") {
                assert_eq!(command, "cargo install --locked --path .lawful");
                Outcome::Success
            } else {
                let status = Command::new("bash")
                    .args(["-eo", "pipefail", "-c", command])
                    .current_dir(dir)
                    .env("PATH", path_with_lawful())
                    .env_remove("NO_COLOR")
                    .output()
                    .unwrap();
                if status.status.success() {
                    Outcome::Success
                } else {
                    Outcome::Failure
                }
            }
        } else if step["uses"].as_str().unwrap().contains("upload-sarif") {
            let file = step["with"]["sarif_file"].as_str().unwrap();
            let log: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap())
                    .expect("the SARIF uploaded is JSON");
            assert_eq!(log["version"], "2.1.0");
            Outcome::Success
        } else {
            Outcome::Success
        };
        failed |= outcome == Outcome::Failure;
        if let Some(id) = step["id"].as_str() {
            by_id.push((id.to_string(), outcome));
        }
        named.push((name, outcome));
    }
    (named, failed)
}

fn outcome_of(steps: &[(String, Outcome)], prefix: &str) -> Outcome {
    steps
        .iter()
        .find(|(name, _)| name.starts_with(prefix))
        .map(|(_, o)| *o)
        .unwrap_or_else(|| panic!("no step `{prefix}`: {steps:?}"))
}

#[test]
fn the_workflow_uploads_sarif_and_fails_at_the_end_on_findings() {
    // Clean: every step succeeds (but the pull-request ones, skipped on a
    // push).
    let clean = temp_dir("workflow-clean");
    write(&clean.join("policies/minimal.policy"), MINIMAL);
    let (steps, failed) = run_workflow(&clean);
    assert!(!failed, "{steps:?}");
    assert!(
        steps
            .iter()
            .all(|(_, o)| *o == Outcome::Success || *o == Outcome::Skipped),
        "{steps:?}"
    );
    assert_eq!(
        outcome_of(&steps, "Comment on the pull request"),
        Outcome::Skipped
    );

    // A warning (with --deny warnings) and an error: the SARIF is still
    // written and uploaded, and the last step fails the job.
    let findings = temp_dir("workflow-findings");
    write(
        &findings.join("policies/minimal.policy"),
        &format!(
            "{MINIMAL}\ndata never_collected\ncollect email from membres for newsletter with consent\n"
        ),
    );
    let (steps, failed) = run_workflow(&findings);
    assert!(failed, "{steps:?}");
    assert_eq!(outcome_of(&steps, "Formatting"), Outcome::Success);
    assert_eq!(
        outcome_of(&steps, "Check for code scanning"),
        Outcome::Success
    );
    assert_eq!(outcome_of(&steps, "Upload SARIF"), Outcome::Success);
    assert_eq!(outcome_of(&steps, "Annotate"), Outcome::Failure);
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(findings.join("lawful.sarif")).unwrap())
            .unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 2);

    // Not formatted: formatting fails, the rest still runs and reports.
    let unformatted = temp_dir("workflow-unformatted");
    write(
        &unformatted.join("policies/minimal.policy"),
        &MINIMAL.replace("subject members", "subject   members"),
    );
    let (steps, failed) = run_workflow(&unformatted);
    assert!(failed, "{steps:?}");
    assert_eq!(outcome_of(&steps, "Formatting"), Outcome::Failure);
    assert_eq!(outcome_of(&steps, "Upload SARIF"), Outcome::Success);
    assert_eq!(outcome_of(&steps, "Annotate"), Outcome::Success);

    // lawful cannot run (an unreadable policy): the SARIF step fails too,
    // and what it wrote is still uploaded.
    let broken = temp_dir("workflow-broken");
    write(&broken.join("policies/minimal.policy"), MINIMAL);
    std::fs::write(broken.join("policies/binary.policy"), [0u8, 159, 146, 150]).unwrap();
    let (steps, failed) = run_workflow(&broken);
    assert!(failed, "{steps:?}");
    assert_eq!(
        outcome_of(&steps, "Check for code scanning"),
        Outcome::Failure
    );
    assert_eq!(outcome_of(&steps, "Upload SARIF"), Outcome::Success);

    for dir in [clean, findings, unformatted, broken] {
        std::fs::remove_dir_all(dir).unwrap();
    }
}

// ---------------------------------------------------------- pre-commit --

/// pre-commit, from `LAWFUL_PRE_COMMIT` (set by .ci/run) or PATH.
fn pre_commit() -> Option<PathBuf> {
    let program = std::env::var_os("LAWFUL_PRE_COMMIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("pre-commit"));
    Command::new(&program)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| program)
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

/// The repository's hooks as a `repo: local` configuration, run with the
/// binary built here (`language: system`) and everything else as the
/// manifest says; `change` edits each hook first.
fn local_config(change: impl Fn(&mut serde_json::Value)) -> String {
    let mut hooks = yaml(".pre-commit-hooks.yaml");
    for hook in hooks.as_array_mut().unwrap() {
        assert_eq!(hook["language"], "rust");
        hook["language"] = "system".into();
        let entry = hook["entry"].as_str().unwrap().to_string();
        let rest = entry.strip_prefix("lawful").unwrap();
        hook["entry"] = format!("{}{rest}", env!("CARGO_BIN_EXE_lawful")).into();
        change(hook);
    }
    // YAML reads JSON.
    serde_json::json!({ "repos": [{ "repo": "local", "hooks": hooks }] }).to_string()
}

/// Runs `pre-commit run --color never FILES` in `dir` with `config`:
/// `--all-files`, or `--files` and the files a commit would stage.
fn run_hooks(pre_commit: &Path, dir: &Path, config: &str, files: &[&str]) -> (bool, String) {
    std::fs::write(dir.join(".pre-commit-config.yaml"), config).unwrap();
    git(dir, &["add", "-A"]);
    let output = Command::new(pre_commit)
        .args(["run", "--color", "never"])
        .args(files)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", dir.join(".cache"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn the_pre_commit_hook_checks_a_policy_split_with_import_whole() {
    let Some(pre_commit) = pre_commit() else {
        assert!(
            std::env::var_os("LAWFUL_REQUIRE_PRE_COMMIT").is_none(),
            "pre-commit is required (LAWFUL_REQUIRE_PRE_COMMIT) but not found"
        );
        eprintln!("pre-commit is not installed: the hook is not run here (.ci/run installs it)");
        return;
    };
    let dir = temp_dir("pre-commit");
    git(&dir, &["init", "-q"]);
    // The minimal policy in three files: the parts use each other's names,
    // so either checked alone has undefined names.
    let (head, rest) = MINIMAL.split_once("subject members").unwrap();
    let (names, flows) = rest.split_once("purpose newsletter").unwrap();
    write(
        &dir.join("policies/main.policy"),
        &format!("import \"parts/names.policy\"\nimport \"parts/flows.policy\"\n\n{head}"),
    );
    write(
        &dir.join("policies/parts/names.policy"),
        &format!("subject members{names}"),
    );
    write(
        &dir.join("policies/parts/flows.policy"),
        &format!("purpose newsletter{flows}"),
    );
    // In the canonical layout, so that the fmt hook passes too.
    let formatted = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(["fmt", "policies"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(formatted.status.success(), "{formatted:?}");

    let all = ["--all-files"];
    let one_part = ["--files", "policies/parts/flows.policy"];
    let hooks = local_config(|_| {});
    for files in [&all[..], &one_part[..]] {
        let (passed, output) = run_hooks(&pre_commit, &dir, &hooks, files);
        assert!(passed, "{files:?}: {output}");
        assert!(!output.contains("L002"), "{output}");
        assert!(output.contains("lawful check....."), "{output}");
    }

    // What the hook used to do: pass the files staged (in parallel
    // batches). A part staged alone is checked alone: its names are
    // undefined.
    let per_file = local_config(|hook| {
        hook["pass_filenames"] = true.into();
        hook["require_serial"] = false.into();
    });
    let (passed, output) = run_hooks(&pre_commit, &dir, &per_file, &one_part);
    assert!(!passed, "{output}");
    assert!(output.contains("undefined-reference"), "{output}");

    // A real error in a part is still reported.
    write(
        &dir.join("policies/parts/flows.policy"),
        &format!(
            "purpose newsletter{}",
            flows.replace("from members", "from membres")
        ),
    );
    let (passed, output) = run_hooks(&pre_commit, &dir, &hooks, &one_part);
    assert!(!passed, "{output}");
    assert!(output.contains("`membres` is not defined"), "{output}");
    assert_eq!(output.matches("error[L002]").count(), 1, "{output}");

    std::fs::remove_dir_all(dir).unwrap();
}
