//! Output is byte-for-byte the same on every run: the same policy set
//! checked again, in every check format, whatever the thread settings of
//! the environment (`LAWFUL_THREADS` sets how many threads read a large
//! file; the others must change nothing) and whatever order the hash maps
//! inside happen to iterate in (each run of the binary gets a fresh hash
//! seed).

use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)] // the generator's `main` is not used here
#[path = "../examples/gen_policy.rs"]
mod gen_policy;

/// A generated multi-file policy set (root, definitions, several units with
/// imports), with findings of several kinds.
/// Written once per test binary: the tests run in parallel.
fn policy_set() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("determinism-policy");
        let files = gen_policy::generate(800, 6, 7);
        gen_policy::write(&dir, &files).expect("write the generated policy");
        dir
    })
    .clone()
}

fn run(args: &[&str], dir: &Path, threads: &str) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let output = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("LAWFUL_THREADS", threads)
        .env("RAYON_NUM_THREADS", threads)
        .env("TOKIO_WORKER_THREADS", threads)
        .env_remove("LAWFUL_TIMINGS")
        .output()
        .expect("run lawful");
    (output.stdout, output.stderr, output.status.code())
}

#[test]
fn check_output_is_identical_across_runs_for_every_format() {
    let dir = policy_set();
    for format in ["human", "short", "json", "sarif", "github"] {
        let args = [
            "check",
            "main.policy",
            "--format",
            format,
            "--color",
            "never",
        ];
        let first = run(&args, &dir, "1");
        assert_eq!(first.2, Some(1), "{format}: the generated set has findings");
        assert!(!first.0.is_empty(), "{format}: no output");
        for (i, threads) in ["2", "64"].iter().enumerate() {
            let again = run(&args, &dir, threads);
            assert!(
                again == first,
                "{format}: run {} (threads {threads}) differs from the first",
                i + 2
            );
        }
    }
}

#[test]
fn checking_the_directory_is_identical_across_runs() {
    let dir = policy_set();
    let args = ["check", ".", "--format", "json"];
    let first = run(&args, &dir, "1");
    for threads in ["2", "16"] {
        assert!(run(&args, &dir, threads) == first, "threads {threads}");
    }
}

#[test]
fn graph_output_is_identical_across_runs() {
    let dir = policy_set();
    for format in ["dot", "mermaid", "json"] {
        let args = ["graph", "main.policy", "--format", format];
        let first = run(&args, &dir, "1");
        assert!(!first.0.is_empty(), "{format}: no output");
        for threads in ["2", "16"] {
            assert!(
                run(&args, &dir, threads) == first,
                "{format}: threads {threads}"
            );
        }
    }
}

#[test]
fn large_files_read_by_several_threads_give_the_same_output() {
    // Files above 256 KiB are read in pieces, one thread each.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("determinism-large");
    let files = gen_policy::generate(6_000, 3, 11);
    gen_policy::write(&dir, &files).expect("write the generated policy");
    let largest = files.iter().map(|(_, text)| text.len()).max().unwrap_or(0);
    assert!(
        largest > 256 * 1024,
        "no file is large enough to be split: {largest} bytes"
    );
    let args = ["check", "main.policy", "--format", "json"];
    let first = run(&args, &dir, "1");
    assert_eq!(first.2, Some(1), "the generated set has findings");
    for threads in ["2", "3", "8"] {
        assert!(run(&args, &dir, threads) == first, "threads {threads}");
    }
}

#[test]
fn files_read_ahead_under_a_wrong_guess_are_read_again() {
    // Imports are read on several threads, each under the file id it gets if
    // no imported file imports a new one. Here `a` imports `x`, so `b` and
    // `c` get other ids than guessed and must be parsed again: the output
    // must not show it.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("determinism-read-ahead");
    std::fs::create_dir_all(&dir).expect("create the policy directory");
    let files = [
        (
            "main.policy",
            "policy \"P\" under APPI\nimport \"a.policy\"\nimport \"b.policy\"\nimport \"c.policy\"\ncollect unknown_main from members for p\n",
        ),
        (
            "a.policy",
            "import \"x.policy\"\ndata a_item\ncollect a_item from members for p\n",
        ),
        (
            "x.policy",
            "data x_item\nsubject members \"Members\"\ncollect x_item from nobody for p\n",
        ),
        (
            "b.policy",
            "data b_item\npurpose p \"P\"\ncollect b_item from members for q\n",
        ),
        (
            "c.policy",
            "data c_item : special care\ncollect c_item from members for p\nbroken line\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write a policy file");
    }
    let args = ["check", "main.policy", "--format", "json"];
    let first = run(&args, &dir, "1");
    assert_eq!(first.2, Some(1), "the set has findings");
    let json = String::from_utf8_lossy(&first.0);
    for name in [
        "main.policy",
        "a.policy",
        "x.policy",
        "b.policy",
        "c.policy",
    ] {
        assert!(json.contains(name), "no finding in {name}: {json}");
    }
    for threads in ["2", "3", "8"] {
        assert!(run(&args, &dir, threads) == first, "threads {threads}");
    }
}
