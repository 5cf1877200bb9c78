//! Every pass is linear or n log n in its input (issue 13): each hostile
//! input below, made by the test, is checked (or formatted) in at most
//! [`RATIO`] times what a benign input of the same size takes. The
//! inputs are a few hundred kilobytes; before the fixes each of them took
//! from seconds to minutes (a quadratic or cubic step), and the test stops
//! waiting at three times its bound.

use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How much slower than the benign input a hostile one of the same size
/// may be. Generous: the machine is shared, and the hostile inputs also
/// make more findings to render.
const RATIO: u32 = 6;

/// Times `work` on `text`.
fn time(work: fn(&str), text: &str) -> Duration {
    let started = Instant::now();
    work(text);
    started.elapsed()
}

/// Asserts that `work` takes at most [`RATIO`] times as long on `hostile`
/// as on `benign`, which must be about the same size.
fn assert_scales(what: &str, work: fn(&str), benign: String, hostile: String) {
    let (b, h) = (benign.len() as f64, hostile.len() as f64);
    assert!(
        (0.8..=1.25).contains(&(h / b)),
        "{what}: the inputs differ in size ({b} and {h} bytes)"
    );
    work(&benign);
    let base = (0..2).map(|_| time(work, &benign)).min().unwrap();
    let limit = base * RATIO;
    let mut took = Vec::new();
    // A hostile run slowed by the machine gets two more chances; one that
    // has not finished at three times the bound has failed.
    for _ in 0..3 {
        let (send, receive) = mpsc::channel();
        let text = hostile.clone();
        std::thread::spawn(move || {
            let _ = send.send(time(work, &text));
        });
        match receive.recv_timeout(limit * 3) {
            Ok(spent) if spent <= limit => return,
            Ok(spent) => took.push(spent),
            Err(_) => panic!(
                "{what}: not done after {:?}, {}× the {base:?} a benign input of the same size takes",
                limit * 3,
                RATIO * 3
            ),
        }
    }
    panic!(
        "{what}: took {took:?}, more than {RATIO}× the {base:?} of a benign input of the same size"
    );
}

fn check(text: &str) {
    let report = lawful::check_source("policy.policy", text);
    std::hint::black_box(lawful::render::short(&report));
}

fn format(text: &str) {
    let formatted = lawful::fmt::format_str(text);
    assert!(formatted.is_ok(), "{formatted:?}");
}

const HEADER: &str = "policy \"P\" under APPI\ncontroller c \"C\" { address \"a\" representative \"r\" }\nsubject s \"S\"\npurpose p \"To do things\" { basis contract retain 1 year }\n";

/// `n` data items, and `n` collections of items named `prefix_NNNNNN`.
fn references(n: usize, prefix: &str) -> String {
    let mut text = HEADER.to_string();
    for i in 0..n {
        text.push_str(&format!("data item_{i:06}\n"));
    }
    for i in 0..n {
        text.push_str(&format!("collect {prefix}_{i:06} from s for p\n"));
    }
    text
}

#[test]
fn did_you_mean_is_bounded() {
    // Every undefined name is one letter from a declared one, and all
    // declared names have the same length: the worst case for a search
    // that compares a name with every candidate of a close length.
    assert_scales(
        "undefined names",
        check,
        references(1_500, "item"),
        references(1_500, "itex"),
    );
}

/// `n` lines: a purpose with a finding, then `n` suppressions (or plain
/// comments of the same length) above a second one.
fn suppressions(n: usize, comment: &str) -> String {
    let mut text = HEADER.to_string();
    text.push_str("data d\ncollect d from s for p, q\n");
    for _ in 0..n {
        text.push_str(comment);
    }
    text.push_str("purpose q \"For other purposes\" { basis contract retain 1 year }\n");
    // And as many purposes with a finding and a suppression at the end of
    // their line: every finding meets every suppression.
    for i in 0..n / 4 {
        text.push_str(&format!(
            "purpose v{i:06} \"For other purposes\" {{ basis contract retain 1 year }}  {comment}"
        ));
    }
    text.push_str(&format!(
        "collect d from s for {}\n",
        (0..n / 4)
            .map(|i| format!("v{i:06}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    text
}

const SUPPRESSION: &str = "# lawful: allow(vague-purpose) reason: \"x\"\n";
const PLAIN_COMMENT: &str = "# not a suppression, only a comment ......\n";

#[test]
fn suppressions_are_matched_in_n_log_n() {
    assert_eq!(SUPPRESSION.len(), PLAIN_COMMENT.len());
    let hostile = suppressions(4_000, SUPPRESSION);
    // The hostile file's findings are all suppressed, and every
    // suppression is used.
    let report = lawful::check_source("policy.policy", &hostile);
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| matches!(d.code.info().slug, "vague-purpose" | "unused-suppression")),
        "{}",
        lawful::render::short(&report)
    );
    let benign = suppressions(4_000, PLAIN_COMMENT);
    assert_scales("suppressions (check)", check, benign, hostile);
}

#[test]
fn fmt_finds_what_suppressions_cover_in_linear_time() {
    // A run of suppression lines above one declaration (and one more
    // suppression in the benign file, so that both are searched).
    let file = |n: usize, comment: &str| {
        let mut text = format!("{HEADER}purpose q \"For other purposes\"  {SUPPRESSION}");
        text.push_str(&comment.repeat(n));
        text.push_str("data d\ncollect d from s for p, q\n");
        text
    };
    let (benign, hostile) = (file(8_000, PLAIN_COMMENT), file(8_000, SUPPRESSION));
    assert_scales("suppressions (fmt)", format, benign, hostile);
}

/// `n` purposes, each within the next (the last within the first in a
/// `cycle`), or all within the first (`flat`); the item is used for each.
fn within(n: usize, shape: &str) -> String {
    let mut text = HEADER.to_string();
    // Collected for the widest purpose, which every purpose is within.
    let widest = if shape == "chain" { n - 1 } else { 0 };
    text.push_str(&format!("data d\ncollect d from s for w_{widest}\n"));
    for i in 0..n {
        let wider = match shape {
            "chain" if i + 1 < n => format!(" within w_{}", i + 1),
            "cycle" => format!(" within w_{}", (i + 1) % n),
            "flat" if i > 0 => " within w_0".to_string(),
            _ => String::new(),
        };
        text.push_str(&format!(
            "purpose w_{i} \"To do {i}\" {{ basis contract{wider} }}\nuse d for w_{i}\n"
        ));
    }
    text
}

#[test]
fn a_within_chain_is_linear() {
    let n = 1_500;
    assert_scales(
        "a chain of within",
        check,
        within(n, "flat"),
        within(n, "chain"),
    );
}

#[test]
fn a_within_cycle_is_linear_and_reported_once() {
    let n = 1_500;
    assert_scales(
        "a cycle of within",
        check,
        within(n, "flat"),
        within(n, "cycle"),
    );
    let report = lawful::check_source("policy.policy", &within(n, "cycle"));
    let cycles: Vec<&lawful::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.info().slug == "within-cycle")
        .collect();
    assert_eq!(cycles.len(), 1, "{}", lawful::render::short(&report));
    assert_eq!(
        cycles[0].message,
        "purposes `w_0`, `w_1`, `w_2`, `w_3` and 1496 more are within each other in a cycle"
    );
    assert!(cycles[0].labels.len() <= 4);
}

/// `n` subjects, each `treated as` the next (`chain`, or the last as the
/// first: `cycle`) or all as the first (`flat`), and an organisation rule
/// on subjects: every collection asks whether its subject, or one it is
/// treated as, is listed.
fn treated_as(n: usize, shape: &str) -> String {
    let mut text = HEADER.to_string();
    text.push_str("data d\nforbid f \"F\" { subject any listed }\nsubject listed \"L\"\n");
    for i in 0..n {
        let next = match shape {
            "chain" if i + 1 < n => format!(" treated as t_{}", i + 1),
            "cycle" => format!(" treated as t_{}", (i + 1) % n),
            "flat" if i > 0 => " treated as t_0".to_string(),
            _ => String::new(),
        };
        text.push_str(&format!(
            "subject t_{i} \"T {i}\"{next}\ncollect d from t_{i} for p\n"
        ));
    }
    text
}

#[test]
fn treated_as_chains_and_cycles_are_linear() {
    let n = 1_500;
    for shape in ["chain", "cycle"] {
        assert_scales(
            &format!("a {shape} of treated as"),
            check,
            treated_as(n, "flat"),
            treated_as(n, shape),
        );
    }
}
