//! The conventions users of ruff and clippy expect of `lawful check`, one
//! test each (README lists them): --output-file, --quiet, --statistics,
//! --exit-zero, --select/--ignore, standard input, --fix, baselines,
//! completions and the man page, FORCE_COLOR/CLICOLOR_FORCE, the --deny
//! message, labels cut to the terminal's width; and `notice`, `ropa` and
//! `graph` on directories and with `-o`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const MINIMAL: &str = include_str!("../examples/minimal.policy");

/// A policy with a misspelt name (error, fixable), a purpose with no
/// retention (warning, fixable) and an unused item (warning, no fix), with
/// comments everywhere a fix could disturb them.
const FIXABLE: &str = r#"# head comment
policy "Fixable" under APPI

subject members "Members"  # trailing
data email "E-mail address"
data   unused_item

# before the purpose
purpose news "For other purposes"  # lawful: allow(vague-purpose) reason: "kept"

collect email from membres for news with consent  # the typo
"#;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lawful"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let output: Output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, None, &[])
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lawful-conv-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A directory holding `p.policy` with `text`.
fn with_policy(name: &str, text: &str) -> PathBuf {
    let dir = temp_dir(name);
    write(&dir.join("p.policy"), text);
    dir
}

#[test]
fn output_file_is_written_atomically_and_stdout_stays_empty() {
    let dir = with_policy("output-file", FIXABLE);
    let printed = run(&dir, &["check", "--format", "json", "p.policy"]);
    let written = run(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--output-file",
            "out.json",
            "p.policy",
        ],
    );
    assert_eq!(written.code, 1, "{}", written.stderr);
    assert_eq!(written.stdout, "");
    assert_eq!(
        std::fs::read_to_string(dir.join("out.json")).unwrap(),
        printed.stdout
    );
    // Human output to a file: never coloured, even when forced.
    let human = run_in(
        &dir,
        &["check", "-o", "out.txt", "p.policy"],
        None,
        &[("FORCE_COLOR", "1")],
    );
    assert_eq!(human.stdout, "");
    let text = std::fs::read_to_string(dir.join("out.txt")).unwrap();
    assert!(
        text.contains("error[L002]") && !text.contains('\u{1b}'),
        "{text}"
    );
    // No temporary file is left; a link at the target is refused.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".lawful-")),
        "{names:?}"
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join("link.json")).unwrap();
        let refused = run(&dir, &["check", "-o", "link.json", "p.policy"]);
        assert_eq!(refused.code, 2);
        assert!(
            refused.stderr.contains("symbolic link"),
            "{}",
            refused.stderr
        );
        assert!(!dir.join("elsewhere").exists());
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn quiet_prints_the_findings_only() {
    let dir = with_policy("quiet", FIXABLE);
    let loud = run(&dir, &["check", "p.policy"]);
    let quiet = run(&dir, &["check", "--quiet", "p.policy"]);
    assert!(loud.stdout.contains("1 error, "), "{}", loud.stdout);
    assert!(!quiet.stdout.contains("1 error, "), "{}", quiet.stdout);
    assert!(quiet.stdout.contains("error[L002]"));
    assert_eq!(quiet.code, 1);
    let short = run(&dir, &["check", "-q", "--format", "short", "p.policy"]);
    assert!(
        short.stdout.lines().all(|l| l.starts_with("p.policy:")),
        "{}",
        short.stdout
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn statistics_count_each_code() {
    let dir = with_policy("statistics", FIXABLE);
    let text = run(
        &dir,
        &[
            "check",
            "--statistics",
            "--select",
            "L002,unused-definition,L201",
            "p.policy",
        ],
    );
    assert_eq!(text.code, 1);
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "     1  L002  undefined-reference (fixable)",
            "     1  L004  unused-definition",
            "     1  L201  missing-retention (fixable)",
            "1 error, 2 warnings in 1 file",
        ],
        "{}",
        text.stdout
    );
    let json = run(
        &dir,
        &["check", "--statistics", "--format", "json", "p.policy"],
    );
    let list: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let total: u64 = list
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["count"].as_u64().unwrap())
        .sum();
    let all = run(&dir, &["check", "--format", "json", "p.policy"]);
    let report: serde_json::Value = serde_json::from_str(&all.stdout).unwrap();
    assert_eq!(
        total as usize,
        report["diagnostics"].as_array().unwrap().len()
    );
    assert_eq!(
        run(
            &dir,
            &["check", "--statistics", "--format", "sarif", "p.policy"]
        )
        .code,
        2
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn exit_zero_passes_findings_but_not_errors_of_lawful() {
    let dir = with_policy("exit-zero", FIXABLE);
    assert_eq!(run(&dir, &["check", "p.policy"]).code, 1);
    assert_eq!(run(&dir, &["check", "--exit-zero", "p.policy"]).code, 0);
    assert_eq!(
        run(&dir, &["check", "--exit-zero", "missing.policy"]).code,
        2
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn select_and_ignore_by_code_or_slug() {
    let dir = with_policy("select", FIXABLE);
    let codes = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push("p.policy");
        let out = run(&dir, &all);
        let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let mut codes: Vec<String> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect();
        codes.dedup();
        codes
    };
    assert_eq!(codes(&["--select", "undefined-reference"]), ["L002"]);
    let mut both = codes(&["--select", "L002,missing-retention"]);
    both.sort();
    assert_eq!(both, ["L002", "L201"]);
    let ignored = codes(&["--ignore", "L002", "--ignore", "missing-notice-item"]);
    assert!(!ignored.contains(&"L002".to_string()), "{ignored:?}");
    assert!(!ignored.contains(&"L501".to_string()), "{ignored:?}");
    assert!(ignored.contains(&"L201".to_string()), "{ignored:?}");
    // Ignoring the only error: the run passes.
    assert_eq!(
        run(&dir, &["check", "--ignore", "L002", "p.policy"]).code,
        0
    );
    // The inline suppression of vague-purpose still finds its finding when
    // vague-purpose is left out: it is not called unused.
    assert!(!codes(&["--ignore", "vague-purpose"]).contains(&"L009".to_string()));
    // The command line wins over lawful.toml.
    write(
        &dir.join("lawful.toml"),
        "[rules]\nunused-definition = \"allow\"\n",
    );
    assert!(!codes(&[]).contains(&"L004".to_string()));
    assert_eq!(codes(&["--select", "L004"]), ["L004"]);
    let unknown = run(&dir, &["check", "--select", "no-such-rule", "p.policy"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no such code or slug"),
        "{}",
        unknown.stderr
    );
    assert_eq!(
        run(&dir, &["check", "--ignore", "syntax-error", "p.policy"]).code,
        2
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn standard_input_is_checked_as_the_file_it_stands_for() {
    let dir = temp_dir("stdin");
    write(
        &dir.join("sub/parts/names.policy"),
        "subject members \"Members\"\n",
    );
    write(&dir.join("outside.policy"), "data outside_item\n");
    let main = MINIMAL
        .replace("subject members \"Library members\"\n", "")
        .replacen("\npolicy ", "\nimport \"parts/names.policy\"\npolicy ", 1);
    let checked = run_in(
        &dir,
        &["check", "-", "--stdin-filename", "sub/main.policy"],
        Some(&main),
        &[],
    );
    assert_eq!(checked.code, 0, "{}{}", checked.stdout, checked.stderr);
    assert!(
        checked.stdout.contains("no findings in 2 files"),
        "{}",
        checked.stdout
    );
    // Named as given; imports never leave the current directory.
    let escaping = "import \"../../outside.policy\"\nimport \"../outside.policy\"\ndata x\n";
    let inner = dir.join("sub");
    let refused = run_in(
        &inner,
        &[
            "check",
            "-",
            "--stdin-filename",
            "main.policy",
            "--format",
            "short",
        ],
        Some(escaping),
        &[],
    );
    assert!(
        refused.stdout.contains(
            "main.policy:1:8: error[L005] `../../outside.policy` is outside the policy root"
        ) || refused.stdout.contains("main.policy:1:8: error[L005]"),
        "{}",
        refused.stdout
    );
    assert!(
        refused.stdout.contains("main.policy:2:8: error[L005]"),
        "{}",
        refused.stdout
    );
    // Without a name: <stdin>.
    let anonymous = run_in(
        &dir,
        &["check", "-", "--format", "short"],
        Some("data x\n"),
        &[],
    );
    assert!(
        anonymous.stdout.starts_with("<stdin>:1:6: warning[L004]"),
        "{}",
        anonymous.stdout
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// The codes that carry fixes (README's list). Nothing that asserts a fact
/// is among them.
const FIXABLE_CODES: [lawful::Code; 2] = [
    lawful::Code::UndefinedReference,
    lawful::Code::MissingRetention,
];

#[test]
fn fix_applies_mechanical_fixes_and_keeps_every_comment() {
    let dir = with_policy("fix", FIXABLE);
    let fixed = run(&dir, &["check", "--fix", "--format", "short", "p.policy"]);
    let text = std::fs::read_to_string(dir.join("p.policy")).unwrap();
    assert_eq!(
        text,
        FIXABLE.replace("from membres", "from members").replace(
            "\"For other purposes\"",
            "\"For other purposes\" { retain until purpose achieved }"
        ),
        "the file was not in the canonical layout, so only the fixes change it"
    );
    assert!(
        fixed.stderr.contains("fixed 2 findings in 1 file"),
        "{}",
        fixed.stderr
    );
    // What remains: the unused item (a warning, no fix), the notice items.
    assert_eq!(fixed.code, 0, "{}", fixed.stdout);
    assert!(
        fixed.stdout.contains("unused-definition"),
        "{}",
        fixed.stdout
    );
    assert!(!fixed.stdout.contains("L002") && !fixed.stdout.contains("L201"));
    // Fixing again changes nothing.
    let again = run(&dir, &["check", "--fix", "p.policy"]);
    assert!(!again.stderr.contains("fixed"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(dir.join("p.policy")).unwrap(), text);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fix_keeps_a_formatted_file_formatted_and_stays_inside_the_root() {
    let dir = temp_dir("fix-root");
    let policy = MINIMAL
        .replace(" {\n  retain until purpose achieved\n}", "")
        .replace("from members", "from membres");
    write(&dir.join("policies/main.policy"), &policy);
    let fmt = run(&dir, &["fmt", "--check", "policies"]);
    assert_eq!(fmt.code, 0, "{}", fmt.stdout);
    let fixed = run(&dir, &["check", "--fix", "policies"]);
    assert_eq!(fixed.code, 0, "{}{}", fixed.stdout, fixed.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("policies/main.policy")).unwrap(),
        MINIMAL
    );
    assert_eq!(run(&dir, &["fmt", "--check", "policies"]).code, 0);

    // Standard input: the fixed policy goes to stdout, the report to
    // stderr, and no file is written, not even one it imports.
    write(
        &dir.join("part.policy"),
        "data unused_part\ndata other\ncollect other from membres for nothing\n",
    );
    let stdin = "import \"part.policy\"\ndata email\ncollect email from membres for news\n";
    let piped = run_in(
        &dir,
        &["check", "-", "--fix", "--format", "short"],
        Some(stdin),
        &[],
    );
    assert_eq!(
        piped.stdout, "import \"part.policy\"\ndata email\ncollect email from membres for news\n",
        "no subject is declared, so there is no did-you-mean and nothing to fix"
    );
    let stdin = "policy \"P\" under APPI\nsubject members \"M\"\ndata email\npurpose news \"N\"\ncollect email from membres for news with consent\n";
    let piped = run_in(
        &dir,
        &["check", "-", "--fix", "--format", "short"],
        Some(stdin),
        &[],
    );
    assert_eq!(
        piped.stdout,
        "policy \"P\" under APPI\nsubject members \"M\"\ndata email\npurpose news \"N\" {\n  retain until purpose achieved\n}\ncollect email from members for news with consent\n",
        "a fix reveals the next (the name corrected, the purpose has a flow); the input was canonical, so is the output"
    );
    assert!(
        piped.stderr.contains("fixed 2 findings in 1 file"),
        "{}",
        piped.stderr
    );
    assert!(
        piped.stderr.contains("<stdin>:"),
        "the report goes to stderr: {}",
        piped.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("part.policy")).unwrap(),
        "data unused_part\ndata other\ncollect other from membres for nothing\n"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Every fixture: only the documented codes carry fixes, every fix applies
/// and leaves a policy that parses as well, and its finding is gone after.
#[test]
fn only_mechanical_fixes_and_each_one_resolves_its_finding() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let report = lawful::check_paths(&[PathBuf::from("tests/fixtures"), PathBuf::from("policies")]);
    let mut fixed_any = 0;
    for d in &report.diagnostics {
        if d.fixes.is_empty() {
            continue;
        }
        assert!(
            FIXABLE_CODES.contains(&d.code),
            "{:?} has a fix: {d:?}",
            d.code
        );
        let span = d.primary_span().unwrap();
        let text = report.sources.text(span.file);
        let (new, applied) = lawful::diagnostic::apply_fixes(text, span.file, &d.fixes);
        assert_eq!(applied, d.fixes.len(), "{d:?}");
        let name = report.sources.name(span.file);
        let syntax = |r: &lawful::Report| {
            r.diagnostics
                .iter()
                .filter(|d| d.code == lawful::Code::SyntaxError)
                .count()
        };
        let before = lawful::check_source(name, text);
        let after = lawful::check_source(name, &new);
        assert!(syntax(&after) <= syntax(&before), "{name}: {new}");
        // The finding fixed is gone: one fewer of its code.
        let count = |r: &lawful::Report| r.diagnostics.iter().filter(|x| x.code == d.code).count();
        assert!(
            count(&after) < count(&before),
            "{name}: {:?} not resolved by {:?}",
            d.message,
            d.fixes
        );
        fixed_any += 1;
    }
    assert!(fixed_any >= 3, "the fixtures exercise fixes ({fixed_any})");
}

#[test]
fn a_baseline_reports_only_new_findings_and_survives_moved_lines() {
    let dir = with_policy("baseline", FIXABLE);
    let written = run(
        &dir,
        &[
            "check",
            "--write-baseline",
            "lawful-baseline.json",
            "p.policy",
        ],
    );
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert!(written.stderr.contains("recorded "), "{}", written.stderr);
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("lawful-baseline.json")).unwrap())
            .unwrap();
    assert_eq!(baseline["version"], 1);
    let recorded = baseline["findings"].as_array().unwrap().len();
    assert!(recorded >= 3);

    let args = [
        "check",
        "--baseline",
        "lawful-baseline.json",
        "--format",
        "short",
        "p.policy",
    ];
    let clean = run(&dir, &args);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    assert!(
        clean.stdout.contains("no findings in 1 file"),
        "{}",
        clean.stdout
    );
    assert!(
        clean.stderr.contains(&format!(
            "note: {recorded} findings recorded in the baseline"
        )),
        "{}",
        clean.stderr
    );

    // Lines move: still recorded. A new finding: reported alone.
    write(
        &dir.join("p.policy"),
        &format!("# a new first line\n\n{FIXABLE}data another_unused\n"),
    );
    let moved = run(&dir, &args);
    let lines: Vec<&str> = moved.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", moved.stdout);
    assert!(lines[0].contains("`another_unused`"), "{}", moved.stdout);
    assert_eq!(moved.code, 0);

    // A finding fixed: the baseline says it is gone.
    write(
        &dir.join("p.policy"),
        &FIXABLE.replace("data   unused_item\n", ""),
    );
    let gone = run(&dir, &args);
    assert!(
        gone.stderr
            .contains("1 finding recorded in the baseline lawful-baseline.json no longer occurs"),
        "{}",
        gone.stderr
    );

    // A file that is not a baseline is an error.
    write(
        &dir.join("bad.json"),
        "{\"version\": 7, \"tool\": \"lawful\", \"findings\": []}",
    );
    let bad = run(&dir, &["check", "--baseline", "bad.json", "p.policy"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("baseline version 7"), "{}", bad.stderr);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn completions_and_the_man_page_cover_every_command() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(here, &["completions", shell]);
        assert_eq!(out.code, 0, "{shell}");
        assert!(out.stdout.contains("lawful"), "{shell}");
        assert!(
            out.stdout.contains("stdin-filename"),
            "{shell}: options of check"
        );
    }
    let bash = run(here, &["completions", "bash"]).stdout;
    for command in [
        "check",
        "fmt",
        "notice",
        "ropa",
        "graph",
        "import",
        "explain",
        "rules",
        "completions",
        "man",
    ] {
        assert!(bash.contains(command), "{command}");
    }
    let man = run(here, &["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq") || man.stdout.contains(".TH lawful"),
        "{}",
        man.stdout
    );
    assert!(man.stdout.contains(".TH lawful 1"), "{}", man.stdout);
    assert!(man.stdout.contains("lawful\\-check"), "{}", man.stdout);
    assert_eq!(run(here, &["completions", "tcsh"]).code, 2);
}

#[test]
fn colour_is_forced_by_the_environment_and_no_color_wins() {
    let dir = with_policy("colour", FIXABLE);
    let coloured = |env: &[(&str, &str)]| {
        run_in(&dir, &["check", "p.policy"], None, env)
            .stdout
            .contains('\u{1b}')
    };
    assert!(!coloured(&[]), "a pipe is not a terminal");
    assert!(coloured(&[("FORCE_COLOR", "1")]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(&[("FORCE_COLOR", "0")]));
    assert!(!coloured(&[("FORCE_COLOR", "")]));
    assert!(!coloured(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    // The flag is stronger than the environment.
    let never = run_in(
        &dir,
        &["check", "--color", "never", "p.policy"],
        None,
        &[("FORCE_COLOR", "1")],
    );
    assert!(!never.stdout.contains('\u{1b}'));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn deny_warnings_says_why_it_fails() {
    let dir = with_policy(
        "deny",
        &format!("{MINIMAL}\ndata never_used\ndata nor_this\n"),
    );
    let passed = run(&dir, &["check", "p.policy"]);
    assert_eq!(passed.code, 0);
    assert_eq!(passed.stderr, "");
    let denied = run(&dir, &["check", "--deny", "warnings", "p.policy"]);
    assert_eq!(denied.code, 1);
    assert_eq!(denied.stderr, "error: 2 warnings and --deny warnings\n");
    std::fs::remove_dir_all(dir).unwrap();
}

/// A 199-character name, so a 199-character underline.
fn long_label_policy() -> String {
    format!("{MINIMAL}\ndata {}\n", "n".repeat(199))
}

#[test]
fn long_labels_are_cut_to_the_terminal_width_only_on_a_terminal() {
    let report = lawful::check_source("p.policy", &long_label_policy());
    let wide = lawful::render::plain(&report);
    assert!(
        wide.contains(&"^".repeat(199)),
        "piped output keeps its fixed limits"
    );
    let options = lawful::render::Options {
        width: Some(80),
        ..Default::default()
    };
    let narrow = lawful::render::plain_with(&report, &options);
    // The source lines and their underlines (the message, which quotes the
    // name, wraps as any text does).
    let widest = |text: &str| {
        text.lines()
            .filter(|l| l.contains('│'))
            .map(|l| l.chars().count())
            .max()
            .unwrap()
    };
    let longest = widest(&narrow);
    assert!(longest <= 80, "{longest} columns:\n{narrow}");
    assert!(narrow.contains('…') && narrow.contains("^^^"), "{narrow}");
    assert!(
        narrow.contains("never referred to"),
        "the label's message stays: {narrow}"
    );

    // The binary, on a terminal 80 columns wide (`script` gives it one).
    let dir = with_policy("width", &long_label_policy());
    let Ok(out) = Command::new("script")
        .args([
            "-qec",
            &format!(
                "stty rows 24 cols 80; {} check --color never p.policy",
                env!("CARGO_BIN_EXE_lawful")
            ),
            "/dev/null",
        ])
        .current_dir(&dir)
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .output()
    else {
        eprintln!("`script` is not installed: the terminal run is not checked here");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(text.contains("never referred to"), "{text}");
    let longest = widest(&text);
    assert!(longest <= 80, "{longest} columns:\n{text}");
    // Piped, the same run keeps the full underline.
    assert!(
        run(&dir, &["check", "p.policy"])
            .stdout
            .contains(&"^".repeat(199))
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_and_fmt_default_to_the_current_directory() {
    let dir = with_policy("default-path", MINIMAL);
    let checked = run(&dir, &["check"]);
    assert_eq!(checked.code, 0);
    assert!(
        checked.stdout.contains("no findings in 1 file"),
        "{}",
        checked.stdout
    );
    assert_eq!(run(&dir, &["fmt", "--check"]).code, 0);
    // A file found in the current directory is named as it would be on
    // the command line: `a.policy`, not `./a.policy`.
    std::fs::write(dir.join("b.policy"), "data unused\n").unwrap();
    for args in [
        &["check", "--format", "short"][..],
        &["check", "--format", "short", "."],
    ] {
        let found = run(&dir, args);
        assert!(
            found.stdout.starts_with("b.policy:1:6: "),
            "{args:?}: {}",
            found.stdout
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn generation_writes_one_output_per_policy_set_or_says_why_not() {
    let dir = temp_dir("generate");
    write(&dir.join("policies/a.policy"), MINIMAL);
    write(&dir.join("policies/sub/b.policy"), MINIMAL);
    for command in ["notice", "ropa", "graph"] {
        let refused = run(&dir, &[command, "policies"]);
        assert_eq!(refused.code, 2, "{command}");
        assert!(
            refused.stderr.contains(
                "2 policy sets found (policies/a.policy, policies/sub/b.policy); give `-o DIR`"
            ),
            "{command}: {}",
            refused.stderr
        );
        assert_eq!(refused.stdout, "");
        let out = format!("out-{command}/");
        let written = run(&dir, &[command, "policies", "-o", &out]);
        assert_eq!(written.code, 0, "{command}: {}", written.stderr);
        let extension = if command == "graph" { "dot" } else { "md" };
        for name in ["a", "sub/b"] {
            assert!(
                dir.join(format!("{out}{name}.{extension}")).is_file(),
                "{command} {name}"
            );
        }
    }
    // A directory of one policy set needs no -o DIR.
    write(&dir.join("one/main.policy"), MINIMAL);
    assert_eq!(run(&dir, &["notice", "one"]).code, 0);

    // The format from the extension.
    let formats = [
        ("notice", "n.html", "<!DOCTYPE html>"),
        ("notice", "n.md", "# "),
        ("ropa", "r.csv", "controller,"),
        ("ropa", "r.md", "# "),
        ("graph", "g.dot", "digraph"),
        ("graph", "g.mmd", "flowchart"),
        ("graph", "g.json", "{"),
    ];
    for (command, file, start) in formats {
        let out = run(&dir, &[command, "one", "-o", file]);
        assert_eq!(out.code, 0, "{command} {file}: {}", out.stderr);
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(
            text.starts_with(start),
            "{command} -o {file}: {}",
            &text[..text.len().min(80)]
        );
    }
    // `--format` wins; an extension the command does not write is refused.
    assert_eq!(
        run(&dir, &["notice", "one", "-o", "x.txt", "--format", "html"]).code,
        0
    );
    assert!(
        std::fs::read_to_string(dir.join("x.txt"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let refused = run(&dir, &["notice", "one", "-o", "x.csv"]);
    assert_eq!(refused.code, 2);
    assert!(
        refused
            .stderr
            .contains("not written as .csv, only as .md or .html"),
        "{}",
        refused.stderr
    );
    std::fs::remove_dir_all(dir).unwrap();
}
