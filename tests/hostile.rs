//! Hostile input: CI feeds `lawful` whatever a pull request contains. Each
//! case must end in a clear message (exit 2: the input is unusable) or in
//! findings (exit 1), never a panic, hang, stack overflow or runaway memory.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary, killing it if it outlives `limit` (a hang is a failure).
fn run(args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = Vec::new();
        stdout.read_to_end(&mut text).unwrap();
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = Vec::new();
        stderr.read_to_end(&mut text).unwrap();
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("lawful {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "lawful {args:?} panicked:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("overflow"),
        "lawful {args:?}:\n{}",
        run.stderr
    );
    run
}

fn check(path: &Path) -> Run {
    run(
        &["check", "--format", "short", path.to_str().unwrap()],
        Duration::from_secs(60),
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lawful-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
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
