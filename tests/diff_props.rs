//! Property tests of `lawful diff` over generated policies whose names all
//! resolve: a policy compared with itself, or with its formatted and
//! commented self, has no change; a declaration renamed everywhere is one
//! rename with no legal effect and nothing else. Also: arbitrary text on
//! either side never panics, and the comparison does not grow faster than
//! the policy.

use lawful::diff::{self, Diff, Effect, Kind, Side, Version};
use proptest::prelude::*;

/// The names a generated policy declares, each once; none occurs in any
/// string of the policy, so a rename can replace whole words.
const DECLARED: &[&str] = &[
    "northwind",
    "s0",
    "s1",
    "d0",
    "d1",
    "d2",
    "d3",
    "p0",
    "p1",
    "p2",
    "u0",
    "u1",
    "u2",
    "e0",
    "c0",
    "j0",
];

fn pick(from: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::subsequence(from, 1..=from.len()).prop_map(|v| v.join(", "))
}

fn one(from: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(from)
}

const ITEMS: &[&str] = &["d0", "d1", "d2", "d3"];
const PURPOSES: &[&str] = &["u0", "u1", "u2"];
const SUBJECTS: &[&str] = &["s0", "s1"];

/// One flow statement, with an optional comment before it.
fn flow() -> impl Strategy<Value = String> {
    let consent = prop::sample::select(vec!["", " with consent", " with explicit consent"]);
    prop_oneof![
        (pick(ITEMS), pick(SUBJECTS), pick(PURPOSES), consent.clone())
            .prop_map(|(i, s, p, c)| format!("collect {i} from {s} for {p}{c}")),
        (pick(ITEMS), pick(PURPOSES), consent.clone())
            .prop_map(|(i, p, c)| format!("use {i} for {p}{c}")),
        (pick(ITEMS), one(&["p0", "p2"]), pick(PURPOSES), consent, any::<bool>()).prop_map(
            |(i, to, p, c, under)| format!(
                "provide {i} to {to} for {p}{c}{}",
                if under { " under e0" } else { "" }
            )
        ),
        (pick(ITEMS), pick(PURPOSES)).prop_map(|(i, p)| format!(
            "outsource {i} to p1 for {p} {{\n  contract \"processing agreement\"\n  selected by \"criteria\"\n}}"
        )),
    ]
}

/// A policy where every name is declared once and every reference resolves.
fn policy() -> impl Strategy<Value = String> {
    (
        one(&["APPI", "GDPR", "APPI, GDPR"]),
        prop::collection::vec(any::<bool>(), 4),
        one(&["Japan", "France"]),
        one(&["APPI 27(1)(i)", "APPI 27(2)", "APPI 20(2)(i), APPI 27(1)(i)", "GDPR 9(2)(h)"]),
        any::<bool>(),
        prop::collection::vec(flow(), 0..8),
        (pick(ITEMS), pick(PURPOSES), any::<bool>()),
        prop::sample::select(vec![
            "retain 5 years",
            "retain until purpose achieved",
            "retain until contract ends + 1 year",
        ]),
        any::<bool>(),
    )
        .prop_map(
            |(regimes, special, country, cites, within, flows, joint, retention, comments)| {
                let comment = |text: &str| {
                    if comments {
                        format!("# {text}\n")
                    } else {
                        String::new()
                    }
                };
                let mut p = format!(
                    "policy \"Northwind\" under {regimes}\n\n{}controller northwind \"Northwind Ltd\" {{\n  address \"Example street\"\n  country \"Japan\"\n}}\n",
                    comment("who we are")
                );
                p.push_str("subject s0 \"Members\"\nsubject s1 \"Visitors\"\n");
                for (i, special) in special.iter().enumerate() {
                    let care = if *special { " : special care" } else { "" };
                    p.push_str(&format!("data d{i} \"Item\"{care}\n"));
                }
                p.push_str(&format!(
                    "party p0 \"Acme\" as third party\nparty p1 \"Mailer\" as processor {{\n  country \"{country}\"\n}}\nparty p2 \"Group\" as joint users\n"
                ));
                p.push_str(&format!(
                    "purpose u0 \"Lending\" {{\n  basis contract\n  {retention}\n}}\npurpose u1 \"Reminders\" {{\n  basis consent\n}}\npurpose u2 \"Offers\"{}\n",
                    if within { " {\n  within u0\n}" } else { "" }
                ));
                p.push_str(&format!(
                    "exception e0 cites {cites} \"when a law requires it, notified to the Personal Information Protection Commission\"\n"
                ));
                p.push_str("contact c0 \"Desk\" {\n  phone \"000\"\n}\n");
                p.push_str(&comment("flows"));
                for f in flows {
                    p.push_str(&f);
                    p.push('\n');
                }
                let (items, purposes, responsible) = joint;
                p.push_str(&format!(
                    "joint use j0 {{\n  users p2\n  items {items}\n  purposes {purposes}\n{}}}\n",
                    if responsible {
                        "  responsible \"Northwind Ltd\" {\n    address \"Example street\"\n  }\n"
                    } else {
                        ""
                    }
                ));
                p
            },
        )
}

fn diff(old: &str, new: &str) -> Diff {
    let a = lawful::check_source("old.policy", old);
    let b = lawful::check_source("new.policy", new);
    match (a.compiled.first(), b.compiled.first()) {
        (Some(x), Some(y)) => diff::compare(
            Version::new(Side::Old, &a.sources, x),
            Version::new(Side::New, &b.sources, y),
        ),
        _ => Diff::default(),
    }
}

/// Replaces the identifier `from` by `to` wherever it stands as a whole word.
fn rename(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(if word == from { to } else { word });
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn shown(d: &Diff) -> String {
    lawful::diff::render::human(d, &[])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_policy_has_no_change_from_itself(text in policy()) {
        let d = diff(&text, &text);
        prop_assert!(d.is_empty(), "{}\n{}", text, shown(&d));
    }

    #[test]
    fn formatting_and_comments_are_no_change(text in policy()) {
        let formatted = lawful::fmt::format_str(&text).expect("generated policies format");
        let commented = formatted.replace("\n\n", "\n\n# a comment added in review\n");
        let d = diff(&text, &commented);
        prop_assert!(d.is_empty(), "{}\n{}", commented, shown(&d));
    }

    #[test]
    fn a_rename_everywhere_is_one_rename_with_no_legal_effect(
        text in policy(),
        name in prop::sample::select(DECLARED),
    ) {
        let renamed = rename(&text, name, "renamed_name");
        let d = diff(&text, &renamed);
        prop_assert_eq!(d.changes.len(), 1, "{}\n{}", renamed, shown(&d));
        let change = &d.changes[0];
        prop_assert_eq!(change.kind, Kind::Renamed);
        prop_assert_eq!(change.effect, Effect::None);
        prop_assert_eq!(
            change.message.plain(),
            format!("`{name}` is renamed `renamed_name`")
        );
    }

    #[test]
    fn arbitrary_versions_never_panic(old in "\\PC{0,300}", new in policy()) {
        let d = diff(&old, &new);
        let _ = lawful::diff::render::json(&d, &[]);
        let _ = lawful::diff::render::markdown(&d, &[]);
        let d = diff(&new, &old);
        let _ = shown(&d);
    }
}

/// `n` statements, each of its own item and purpose, possibly repeated.
fn large(n: usize, repeat: bool) -> String {
    let mut p = String::from(
        "policy \"Large\" under APPI, GDPR\ncontroller c \"C\" { country \"Japan\" }\nsubject s \"S\"\nparty acme \"Acme\" as third party\n",
    );
    for i in 0..n {
        let k = if repeat { 0 } else { i };
        p.push_str(&format!("data d{i} \"D\"\npurpose u{i} \"U\"\n"));
        p.push_str(&format!(
            "collect d{k} from s for u{k}\nprovide d{k} to acme for u{k}\n"
        ));
    }
    p
}

/// How long comparing a policy with itself takes (the check not counted).
fn time(text: &str) -> std::time::Duration {
    let a = lawful::check_source("p.policy", text);
    let start = std::time::Instant::now();
    let d = diff::compare(
        Version::new(Side::Old, &a.sources, &a.compiled[0]),
        Version::new(Side::New, &a.sources, &a.compiled[0]),
    );
    let spent = start.elapsed();
    assert!(d.count(Effect::Consent) == 0, "a policy against itself");
    spent
}

#[test]
fn comparing_grows_linearly() {
    // A ratio to a benign input of the same size: the same statement
    // repeated 1,200 times (matching statements by shared items must not be
    // quadratic) against 1,200 distinct statements, and 1,200 against 300.
    let distinct = large(1200, false);
    let repeated = large(1200, true);
    let small = large(300, false);
    let benign = time(&distinct).max(std::time::Duration::from_millis(1));
    let hostile = time(&repeated);
    assert!(
        hostile < benign * 8,
        "repeated statements: {hostile:?} against {benign:?}"
    );
    let quarter = time(&small).max(std::time::Duration::from_micros(200));
    assert!(
        benign < quarter * 12,
        "4x the statements: {benign:?} against {quarter:?}"
    );
}

#[test]
fn many_renames_of_the_same_content_stay_linear() {
    // Declarations alike but for their names, all renamed: each is paired
    // in one look-up, not by a search among the others.
    let items = |prefix: &str, n: usize| -> String {
        (0..n)
            .map(|i| format!("data {prefix}{i} \"Same\"\n"))
            .collect()
    };
    let time = |old: &str, new: &str| {
        let a = lawful::check_source("old.policy", old);
        let b = lawful::check_source("new.policy", new);
        let start = std::time::Instant::now();
        let d = diff::compare(
            Version::new(Side::Old, &a.sources, &a.compiled[0]),
            Version::new(Side::New, &b.sources, &b.compiled[0]),
        );
        (start.elapsed(), d)
    };
    let (same, _) = time(&items("a", 3000), &items("a", 3000));
    let (renamed, d) = time(&items("a", 3000), &items("b", 3000));
    assert_eq!(d.count(Effect::None), 3000);
    assert!(d.changes.iter().all(|c| c.kind == Kind::Renamed));
    assert!(
        renamed < same.max(std::time::Duration::from_millis(2)) * 10,
        "renames: {renamed:?} against {same:?}"
    );
}
