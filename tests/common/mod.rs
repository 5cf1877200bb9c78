//! Running the binary on hostile input, shared by tests/hostile.rs and
//! tests/walk.rs: a hang is a failure, and so is a panic or an overflow.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary, killing it if it outlives `limit`.
pub fn run(args: &[&str], limit: Duration) -> Run {
    run_with_stdin(args, Stdio::null(), limit)
}

/// [`run`] with standard input from `stdin`.
pub fn run_with_stdin(args: &[&str], stdin: Stdio, limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(args)
        .stdin(stdin)
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

/// A fresh directory for one test, in the system's temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lawful-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
