//! Hostile input: CI feeds `lawful` whatever a pull request contains. Each
//! case must end in a clear message (exit 2: the input is unusable) or in
//! findings (exit 1), never a panic, hang, stack overflow or runaway memory.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, run, run_with_stdin, temp_dir};

fn check(path: &Path) -> Run {
    run(
        &["check", "--format", "short", path.to_str().unwrap()],
        Duration::from_secs(60),
    )
}

#[test]
fn non_utf8_and_nul_bytes_exit_2() {
    let dir = temp_dir("bytes");
    for (name, bytes, words) in [
        (
            "latin1.policy",
            &b"policy \"Caf\xe9\" under APPI\n"[..],
            "is not UTF-8 text",
        ),
        (
            "nul.policy",
            &b"policy \"A\" under APPI\n\0data x\n"[..],
            "is a binary file",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let result = check(&path);
        assert_eq!(result.code, 2, "{name}");
        assert!(result.stdout.contains(words), "{name}: {}", result.stdout);
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_100_mb_file_is_refused_with_a_reason() {
    let dir = temp_dir("huge");
    let path = dir.join("huge.policy");
    // A sparse file: 100 MB long without writing 100 MB to disk.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    drop(file);
    let result = check(&path);
    assert_eq!(result.code, 2);
    assert!(
        result
            .stdout
            .contains("files larger than 64 MiB are not read"),
        "{}",
        result.stdout
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn nesting_100000_deep_is_a_syntax_error_not_a_stack_overflow() {
    let dir = temp_dir("nesting");
    let path = dir.join("deep.policy");
    let deep = format!(
        "purpose p \"x\" {}{}\n",
        "{".repeat(100_000),
        "}".repeat(100_000)
    );
    std::fs::write(&path, deep).unwrap();
    let result = check(&path);
    assert_eq!(result.code, 1);
    assert!(
        result.stdout.contains("error[L001]"),
        "{}",
        &result.stdout[..result.stdout.len().min(2000)]
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_10_mb_string_literal_is_read() {
    let dir = temp_dir("string");
    let path = dir.join("long.policy");
    let text = format!(
        "data email\ncommitment \"{}\"\npurpose \"unterminated\n",
        "a".repeat(10 * 1024 * 1024)
    );
    std::fs::write(&path, text).unwrap();
    let result = check(&path);
    assert_eq!(
        result.code,
        1,
        "{}",
        &result.stdout[..result.stdout.len().min(2000)]
    );
    assert!(result.stdout.contains("syntax-error"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn ten_thousand_errors_are_capped_with_a_count() {
    let dir = temp_dir("errors");
    let path = dir.join("errors.policy");
    let text: String = (0..10_000)
        .map(|i| format!("nonsense line {i}\ndata item_{i}\n"))
        .collect();
    std::fs::write(&path, text).unwrap();
    let result = check(&path);
    assert_eq!(result.code, 1);
    let syntax_errors = result
        .stdout
        .lines()
        .filter(|l| l.contains("[L001]"))
        .count();
    assert_eq!(
        syntax_errors,
        lawful::syntax::MAX_SYNTAX_ERRORS + 1,
        "50 errors and one line counting the rest"
    );
    assert!(
        result.stdout.contains("9950 more syntax errors not shown"),
        "{}",
        result.stdout
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_cycles_and_escapes_are_findings() {
    let dir = temp_dir("imports");
    std::fs::create_dir_all(dir.join("root")).unwrap();
    std::fs::write(dir.join("outside.policy"), "data secret\n").unwrap();
    std::fs::write(
        dir.join("root/a.policy"),
        "import \"b.policy\"\nimport \"../outside.policy\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("root/b.policy"), "import \"a.policy\"\n").unwrap();
    let result = check(&dir.join("root/a.policy"));
    assert_eq!(result.code, 1);
    assert!(result.stdout.contains("import-cycle"), "{}", result.stdout);
    assert!(
        result.stdout.contains("outside the policy root"),
        "{}",
        result.stdout
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_chain_of_imports_deeper_than_the_limit_is_cut() {
    let dir = temp_dir("chain");
    let depth = lawful::load::MAX_IMPORT_DEPTH + 20;
    for i in 0..depth {
        std::fs::write(
            dir.join(format!("f{i}.policy")),
            format!("import \"f{}.policy\"\n", i + 1),
        )
        .unwrap();
    }
    std::fs::write(dir.join(format!("f{depth}.policy")), "data end\n").unwrap();
    let result = check(&dir.join("f0.policy"));
    assert_eq!(result.code, 1);
    assert!(
        result.stdout.contains("nested more than"),
        "{}",
        result.stdout
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn links_outside_the_root_pipes_and_dangling_links_do_not_stop_the_others() {
    let dir = temp_dir("links");
    std::fs::create_dir_all(dir.join("policies")).unwrap();
    std::fs::write(dir.join("secret.policy"), "data secret\n").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.policy"), dir.join("policies/link.policy"))
        .unwrap();
    std::os::unix::fs::symlink(
        dir.join("missing.policy"),
        dir.join("policies/dangling.policy"),
    )
    .unwrap();
    let fifo = dir.join("policies/fifo.policy");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    std::fs::write(dir.join("policies/good.policy"), "data email\n").unwrap();
    let result = check(&dir.join("policies"));
    assert_eq!(result.code, 2, "{}", result.stdout);
    assert!(
        result
            .stdout
            .contains("link.policy: error: is a link to a file outside"),
        "{}",
        result.stdout
    );
    assert!(
        result
            .stdout
            .contains("dangling.policy: error: no such file"),
        "{}",
        result.stdout
    );
    if made {
        assert!(
            result
                .stdout
                .contains("fifo.policy: error: is not a regular file"),
            "{}",
            result.stdout
        );
    }
    assert!(
        result.stdout.contains("good.policy:"),
        "the readable file is still checked: {}",
        result.stdout
    );
    // `fmt` reads files the same way: it must not block on the pipe either.
    let formatted = run(
        &["fmt", "--check", dir.join("policies").to_str().unwrap()],
        Duration::from_secs(60),
    );
    assert_eq!(
        formatted.code, 2,
        "{}{}",
        formatted.stdout, formatted.stderr
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// `--config /dev/zero` and `fmt --stdin < /dev/zero` read up to the
/// policies' size limit, then stop with a reason (they read without end).
#[cfg(unix)]
#[test]
fn config_and_standard_input_are_read_up_to_the_size_limit() {
    let dir = temp_dir("zero");
    let policy = dir.join("p.policy");
    std::fs::write(&policy, "data email\n").unwrap();
    let config = run(
        &["check", "--config", "/dev/zero", policy.to_str().unwrap()],
        Duration::from_secs(60),
    );
    assert_eq!(config.code, 2, "{}", config.stderr);
    assert!(
        config
            .stderr
            .contains("/dev/zero: is larger than 64 MiB; configuration files larger"),
        "{}",
        config.stderr
    );
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let stdin = run_with_stdin(
        &["fmt", "--stdin"],
        Stdio::from(zero),
        Duration::from_secs(60),
    );
    assert_eq!(stdin.code, 2, "{}", stdin.stderr);
    assert!(
        stdin
            .stderr
            .contains("standard input is larger than 64 MiB"),
        "{}",
        stdin.stderr
    );
    assert!(stdin.stdout.is_empty(), "nothing formatted is printed");
    std::fs::remove_dir_all(dir).unwrap();
}

/// A manifest over the size limit is refused before it is read, with the
/// same limit as policies.
#[test]
fn a_100_mb_manifest_is_refused_before_it_is_read() {
    let dir = temp_dir("huge-manifest");
    let file = std::fs::File::create(dir.join("huge.yml")).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    drop(file);
    let result = run(
        &["import", "fides", dir.to_str().unwrap()],
        Duration::from_secs(60),
    );
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(
        result
            .stderr
            .contains("huge.yml: is 100 MiB; manifests larger than 64 MiB are not read"),
        "{}",
        result.stderr
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// The fastest of two runs of `lawful check` on `path`.
fn best_time(path: &Path) -> Duration {
    // The best of three: a loaded machine (CI runs test binaries in
    // parallel) slows single runs, rarely all of them.
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let result = check(path);
            assert!(result.code < 2, "{}", result.stdout);
            started.elapsed()
        })
        .min()
        .unwrap()
}

/// Thousands of `import` lines in one file cost what the same files cost
/// given as a directory. The read-ahead searched its queue for each import,
/// so 3,000 imports took three times as long (40,000: 46 s against 6 s).
#[test]
fn many_imports_in_one_file_cost_what_a_directory_costs() {
    let dir = temp_dir("many-imports");
    let parts = dir.join("parts");
    std::fs::create_dir_all(&parts).unwrap();
    let n = 3000;
    let mut main = String::new();
    for i in 0..n {
        std::fs::write(parts.join(format!("p{i}.policy")), "").unwrap();
        main.push_str(&format!("import \"parts/p{i}.policy\"\n"));
    }
    std::fs::write(dir.join("main.policy"), main).unwrap();
    let imports = best_time(&dir.join("main.policy"));
    let directory = best_time(&parts);
    let ratio = imports.as_secs_f64() / directory.as_secs_f64();
    // About 1× now; 3.2× when the read-ahead was quadratic.
    assert!(
        ratio < 2.5,
        "{n} imports took {imports:?}, the same files as a directory {directory:?} ({ratio:.1}×)"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_oversized_duration_is_one_finding_that_names_no_particular_period() {
    for (source, message) in [
        (
            "purpose p \"P\" { retain 99999999999999999999999 years }\n",
            "`99999999999999999999999` is too large a number",
        ),
        (
            "purpose p \"P\" { retain 5000000000 years }\n",
            "this duration is too long",
        ),
        (
            "data d\nparty t \"T\" as third party\npurpose p \"P\" { retain 1 year }\nprovide d to t for p { records kept 5000000000 months }\n",
            "this duration is too long",
        ),
    ] {
        let report = lawful::check_source("d.policy", source);
        let invalid: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.code.info().slug == "invalid-value")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(invalid, vec![message], "{source}");
    }
}
