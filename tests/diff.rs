//! `lawful diff`: a before/after fixture pair for every class of change with
//! its output snapshotted beside it, the output formats and exit codes,
//! reading the old version from git, `lawful explain` for each class, and
//! the README's worked example on the seed, kept in sync.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lawful::diff::{Effect, Kind};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn lawful_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the lawful binary runs")
}

fn lawful(args: &[&str]) -> Output {
    lawful_in(root(), args)
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

const FIXTURES: &str = "tests/fixtures/diff";

/// Every fixture folder, in name order.
fn fixture_folders() -> Vec<String> {
    let mut folders: Vec<String> = std::fs::read_dir(root().join(FIXTURES))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    folders
}

fn json(args: &[&str]) -> serde_json::Value {
    let output = lawful(args);
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

#[test]
fn every_class_has_a_fixture_that_shows_it() {
    let folders = fixture_folders();
    for kind in Kind::ALL {
        assert!(
            folders.iter().any(|f| f == kind.slug()),
            "no fixture pair for `{}` under {FIXTURES}",
            kind.slug()
        );
    }
    for folder in &folders {
        let old = format!("{FIXTURES}/{folder}/old.policy");
        let new = format!("{FIXTURES}/{folder}/new.policy");
        let output = lawful(&["diff", &old, &new]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        let value = json(&["diff", "--format", "json", &old, &new]);
        let classes: Vec<&str> = value["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["class"].as_str().unwrap())
            .collect();
        if folder == "formatting" {
            assert!(classes.is_empty(), "formatting and comments: {classes:?}");
        } else {
            assert!(
                classes.contains(&folder.as_str()),
                "{folder} must show `{folder}`, but shows {classes:?}"
            );
        }
        let snapshot = format!("$ lawful diff {old} {new}\n{}", stdout(&output));
        insta::with_settings!({
            snapshot_path => root().join(FIXTURES).join(folder),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!("diff", snapshot);
        });
    }
}

#[test]
fn each_class_has_the_effect_the_law_gives_it() {
    // (fixture, class, effect): the regimes of each fixture decide.
    let expected = [
        ("new-purpose", "new-purpose", "consent"),
        ("new-third-party", "new-third-party", "consent"),
        ("new-special-care", "new-special-care", "consent"),
        ("new-foreign-recipient", "new-foreign-recipient", "consent"),
        ("joint-use-widened", "joint-use-widened", "consent"),
        ("purpose-changed", "purpose-changed", "notice"),
        ("joint-use-changed", "joint-use-changed", "notice"),
        ("retention-lengthened", "retention-lengthened", "notice"),
        ("new-recipient", "new-recipient", "notice"),
        ("opt-out-changed", "opt-out-changed", "notice"),
        ("controller-changed", "controller-changed", "notice-only"),
        ("contact-changed", "contact-changed", "notice-only"),
        (
            "published-details-changed",
            "published-details-changed",
            "notice-only",
        ),
        ("renamed", "renamed", "none"),
        ("narrowed", "narrowed", "none"),
        ("covered", "covered", "none"),
        ("no-duty", "no-duty", "none"),
    ];
    for (folder, class, effect) in expected {
        let old = format!("{FIXTURES}/{folder}/old.policy");
        let new = format!("{FIXTURES}/{folder}/new.policy");
        let value = json(&["diff", "--format", "json", &old, &new]);
        let found = value["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["class"] == class)
            .unwrap_or_else(|| panic!("{folder}: no `{class}`"));
        assert_eq!(found["effect"], effect, "{folder}: {found}");
        if effect != "none" {
            assert!(
                !found["law"].as_array().unwrap().is_empty(),
                "{folder}: an effect names its articles"
            );
        }
    }
}

#[test]
fn a_new_flow_already_excused_is_not_consent() {
    // Consent at collection for the purpose covers the new provision.
    let value = json(&[
        "diff",
        "--format",
        "json",
        "tests/fixtures/diff/covered/old.policy",
        "tests/fixtures/diff/covered/new.policy",
    ]);
    assert_eq!(value["summary"]["consent"], 0, "{value}");
    let change = &value["changes"][0];
    assert_eq!(change["class"], "covered");
    assert!(
        change["message"]
            .as_str()
            .unwrap()
            .contains("consent was obtained at collection"),
        "{change}"
    );
}

#[test]
fn a_new_provision_of_pseudonymous_data_says_consent_does_not_allow_it() {
    let value = json(&[
        "diff",
        "--format",
        "json",
        "tests/fixtures/rules/pseudonymous-provision/valid.policy",
        "tests/fixtures/rules/pseudonymous-provision/invalid.policy",
    ]);
    let to_analytics = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["message"]
                .as_str()
                .unwrap_or("")
                .contains("to `analytics`")
        })
        .unwrap_or_else(|| panic!("{value}"));
    // The flow has `with consent`: the reason is not missing consent.
    assert!(
        to_analytics["message"]
            .as_str()
            .unwrap()
            .ends_with("it is pseudonymously processed information, and no law that allows the provision is shown"),
        "{to_analytics}"
    );
    assert_eq!(to_analytics["law"][0], "APPI Art. 41(6)", "{to_analytics}");
    assert!(
        to_analytics["note"]
            .as_str()
            .unwrap()
            .contains("even with consent (APPI Art. 41(6))"),
        "{to_analytics}"
    );
}

#[test]
fn the_unclear_law_is_said_with_both_articles() {
    let value = json(&[
        "diff",
        "--format",
        "json",
        "tests/fixtures/diff/purpose-changed/old.policy",
        "tests/fixtures/diff/purpose-changed/new.policy",
    ]);
    let change = &value["changes"][0];
    assert_eq!(change["effect"], "notice");
    let law: Vec<&str> = change["law"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(law, ["APPI Art. 17(2)", "APPI Art. 21(3)"]);
    let note = change["note"].as_str().unwrap();
    assert!(
        note.contains("not reasonably related") && note.contains("APPI Art. 18(1)"),
        "{note}"
    );
}

#[test]
fn json_is_versioned_and_matches_the_documented_schema() {
    let value = json(&[
        "diff",
        "--format",
        "json",
        "tests/fixtures/diff/joint-use-changed/old.policy",
        "tests/fixtures/diff/joint-use-changed/new.policy",
    ]);
    assert_eq!(value["version"], 1);
    assert_eq!(value["tool"], "lawful");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join(FIXTURES).join("schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{value}");
    // The documentation shows the same fields.
    let docs = std::fs::read_to_string(root().join("docs/output.md")).unwrap();
    for field in [
        "\"class\"",
        "\"effect\"",
        "\"law\"",
        "\"note\"",
        "\"flows\"",
        "\"subjects\"",
        "\"explain\"",
    ] {
        assert!(docs.contains(field), "docs/output.md does not show {field}");
    }
}

#[test]
fn markdown_is_snapshotted_and_escapes_policy_text() {
    let output = lawful(&[
        "diff",
        "--format",
        "markdown",
        "tests/fixtures/diff/joint-use-widened/old.policy",
        "tests/fixtures/diff/joint-use-widened/new.policy",
    ]);
    assert_eq!(code(&output), 0);
    insta::assert_snapshot!("markdown", stdout(&output));

    let dir = tempfile::tempdir().unwrap();
    let old = "policy \"P\" under APPI\npurpose p \"Plain\"\n";
    let new = "policy \"P\" under APPI\npurpose p \"<img src=x onerror=alert(1)> [click](https://evil.example) | ## heading\"\n";
    std::fs::write(dir.path().join("old.policy"), old).unwrap();
    std::fs::write(dir.path().join("new.policy"), new).unwrap();
    let output = lawful_in(
        dir.path(),
        &["diff", "--format", "markdown", "old.policy", "new.policy"],
    );
    let md = stdout(&output);
    // Every character that would start HTML, a link or a table cell is
    // escaped.
    let unescaped = md.replace("\\<", "").replace("\\[", "").replace("\\|", "");
    assert!(md.contains("\\<img") && !unescaped.contains("<img"), "{md}");
    assert!(!unescaped.contains("[click]("), "{md}");
    assert!(!unescaped.contains(" | ##"), "{md}");
}

#[test]
fn fail_on_sets_the_exit_code() {
    let pair = |folder: &str| {
        [
            format!("{FIXTURES}/{folder}/old.policy"),
            format!("{FIXTURES}/{folder}/new.policy"),
        ]
    };
    let run = |fail_on: &str, folder: &str| {
        let [old, new] = pair(folder);
        code(&lawful(&["diff", "--fail-on", fail_on, &old, &new]))
    };
    assert_eq!(run("consent", "new-third-party"), 1);
    assert_eq!(run("consent", "purpose-changed"), 0);
    assert_eq!(run("notice", "purpose-changed"), 1);
    assert_eq!(run("notice", "contact-changed"), 1);
    assert_eq!(run("notice", "renamed"), 0);
    assert_eq!(run("any", "renamed"), 1);
    assert_eq!(run("any", "formatting"), 0);
    // Without --fail-on, changes never fail the run.
    let [old, new] = pair("new-third-party");
    assert_eq!(code(&lawful(&["diff", &old, &new])), 0);
}

#[test]
fn unreadable_input_and_usage_errors_exit_2() {
    let output = lawful(&[
        "diff",
        "tests/fixtures/diff/renamed/old.policy",
        "no/such.policy",
    ]);
    assert_eq!(code(&output), 2);
    assert!(
        stdout(&output).contains("no/such.policy"),
        "{}",
        stdout(&output)
    );
    let output = lawful(&["diff", "examples/minimal.policy"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("give OLD and NEW"),
        "{}",
        stderr(&output)
    );
    let output = lawful(&["diff", "--base", "HEAD", "a.policy", "b.policy"]);
    assert_eq!(code(&output), 2);
}

/// A throwaway git repository: `git` with a fixed identity and no user
/// configuration.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .args([
                "-c",
                "user.name=lawful tests",
                "-c",
                "user.email=tests@lawful.invalid",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    fn write(&self, path: &str, text: &str) -> PathBuf {
        let path = self.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn commit(&self) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", "policy"]);
    }
}

#[test]
fn the_old_version_is_read_from_git_without_touching_the_repository() {
    let repo = Repo::new();
    let fixture = |name: &str| std::fs::read_to_string(root().join(FIXTURES).join(name)).unwrap();
    repo.write(
        "policies/library.policy",
        &fixture("new-third-party/old.policy"),
    );
    repo.write(
        "policies/other/unchanged.policy",
        &fixture("renamed/old.policy"),
    );
    repo.commit();
    repo.write(
        "policies/library.policy",
        &fixture("new-third-party/new.policy"),
    );
    let status_before = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(repo.path())
        .output()
        .unwrap()
        .stdout;

    let output = lawful_in(
        repo.path(),
        &["diff", "--base", "main", "policies", "--fail-on", "consent"],
    );
    assert_eq!(code(&output), 1, "{}{}", stdout(&output), stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("new-third-party"), "{out}");
    assert!(out.contains("policies/library.policy:10"), "{out}");
    // The unchanged policy set is paired with its old version: no change.
    assert!(!out.contains("unchanged.policy"), "{out}");

    // Old locations name the revision.
    let output = lawful_in(
        repo.path(),
        &["diff", "--base", "main", "policies/library.policy"],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    repo.write("policies/library.policy", &fixture("narrowed/old.policy"));
    repo.commit();
    repo.write("policies/library.policy", &fixture("narrowed/new.policy"));
    let out = stdout(&lawful_in(
        repo.path(),
        &["diff", "--base", "HEAD", "policies"],
    ));
    assert!(out.contains("at: HEAD:policies/library.policy:11"), "{out}");

    // Nothing was written into the repository.
    let status_after = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(repo.path())
        .output()
        .unwrap()
        .stdout;
    assert_ne!(status_before, Vec::<u8>::new());
    let after = String::from_utf8(status_after).unwrap();
    assert_eq!(after.trim(), "M policies/library.policy");
}

#[test]
fn hostile_revisions_are_refused_and_a_new_path_is_all_new() {
    let repo = Repo::new();
    repo.write("README", "a repository\n");
    repo.commit();
    let fixture =
        std::fs::read_to_string(root().join(FIXTURES).join("new-third-party/new.policy")).unwrap();
    repo.write("policies/library.policy", &fixture);
    for rev in ["--output=/tmp/lawful-pwned", "-p", "main\n--all"] {
        let output = lawful_in(repo.path(), &["diff", &format!("--base={rev}"), "policies"]);
        assert_eq!(code(&output), 2, "{rev}: {}", stderr(&output));
        assert!(!Path::new("/tmp/lawful-pwned").exists());
    }
    let output = lawful_in(
        repo.path(),
        &["diff", "--base", "no-such-branch", "policies"],
    );
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("is not a commit"),
        "{}",
        stderr(&output)
    );
    // The directory is new since the base: everything in it is.
    let output = lawful_in(
        repo.path(),
        &["diff", "--base", "main", "policies", "--format", "json"],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("does not exist at `main`"),
        "{}",
        stderr(&output)
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["summary"]["consent"], 1, "{value}");
}

#[test]
fn every_class_and_effect_is_explained() {
    for slug in lawful::diff::kinds::explain_slugs() {
        let output = lawful(&["explain", &slug]);
        assert_eq!(code(&output), 0, "{slug}");
        let text = stdout(&output);
        assert!(text.starts_with(&format!("# {slug}\n")), "{text}");
    }
    let text = stdout(&lawful(&["explain", "diff-needs-consent"]));
    for kind in Kind::ALL
        .iter()
        .filter(|k| k.usual_effect() == Effect::Consent)
    {
        assert!(text.contains(&kind.explain_slug()), "{text}");
    }
    assert!(text.contains("APPI") || text.contains("consent"), "{text}");
}

/// Applies an edit written as a diff (`␠` context, `-` removed, `+` added
/// lines; `@@` lines separate hunks) to a text.
fn apply_edit(text: &str, edit: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut at = 0;
    let find = |wanted: &str, at: &mut usize, out: &mut Vec<String>| {
        let found = lines[*at..]
            .iter()
            .position(|l| *l == wanted)
            .unwrap_or_else(|| panic!("the edit's line is not in the file: {wanted}"));
        out.extend(lines[*at..*at + found].iter().map(|l| l.to_string()));
        *at += found;
    };
    for line in edit.lines() {
        if let Some(context) = line.strip_prefix(' ') {
            find(context, &mut at, &mut out);
            out.push(lines[at].to_string());
            at += 1;
        } else if let Some(removed) = line.strip_prefix('-') {
            find(removed, &mut at, &mut out);
            at += 1;
        } else if let Some(added) = line.strip_prefix('+') {
            out.push(added.to_string());
        }
    }
    out.extend(lines[at..].iter().map(|l| l.to_string()));
    out.join("\n") + "\n"
}

/// The fenced block of `language` after `marker` in `text`.
fn block<'a>(text: &'a str, marker: &str, language: &str) -> &'a str {
    let after = text
        .split(marker)
        .nth(1)
        .unwrap_or_else(|| panic!("README has no `{marker}`"));
    let fence = format!("```{language}\n");
    let start = after.find(&fence).expect("the block") + fence.len();
    let end = after[start..].find("```").expect("the block's end");
    &after[start..start + end]
}

#[test]
fn the_readme_worked_example_is_what_lawful_diff_says() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let edit = block(&readme, "<!-- diff example: the edit -->", "diff");
    let shown = block(&readme, "<!-- diff example: the output -->", "text");
    let seed = std::fs::read_to_string(root().join("policies/jcom.policy")).unwrap();
    let repo = Repo::new();
    repo.write("policies/jcom.policy", &seed);
    repo.commit();
    repo.write("policies/jcom.policy", &apply_edit(&seed, edit));
    let output = lawful_in(
        repo.path(),
        &["diff", "--base", "HEAD", "policies/jcom.policy"],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said == shown,
        "README's worked example is out of date; `lawful diff` now says:\n{said}"
    );
    // It shows each effect but `no legal effect` at least once.
    for effect in [
        "needs consent",
        "needs prior notice or publication",
        "notice only",
    ] {
        assert!(said.contains(effect), "{said}");
    }
}

#[test]
fn policy_sets_are_paired_by_path_then_by_title() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let fixture = |name: &str| std::fs::read_to_string(root().join(FIXTURES).join(name)).unwrap();
    let library = fixture("new-third-party/old.policy");
    let pharmacy = fixture("new-special-care/old.policy");
    write("old/library.policy", &library);
    write("old/pharmacy.policy", &pharmacy);
    write("new/library.policy", &library);
    // Moved to another file: paired by its title, so no change.
    write("new/shop/pharmacy-policy.policy", &pharmacy);
    let output = lawful_in(dir.path(), &["diff", "old", "new"]);
    assert_eq!(
        stdout(&output),
        "lawful diff: no changes\n",
        "{}",
        stderr(&output)
    );
    // A policy set with no partner: all of it new.
    write("new/maps.policy", &fixture("opt-out-changed/old.policy"));
    let output = lawful_in(dir.path(), &["diff", "--format", "json", "old", "new"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let files: Vec<&str> = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["location"]["file"].as_str())
        .collect();
    assert!(
        !files.is_empty() && files.iter().all(|f| f.ends_with("maps.policy")),
        "{value}"
    );
    assert!(value["summary"]["notice"].as_u64().unwrap() > 0, "{value}");
}
