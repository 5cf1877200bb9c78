//! Property tests over generated and mutated policies: the checker never
//! panics, its spans stay inside the file, output is deterministic, valid
//! generated policies parse cleanly, and `fmt` is idempotent and keeps the
//! findings.

use proptest::prelude::*;

const NAMES: &[&str] = &[
    "email", "phone", "members", "billing", "mailer", "acme", "law", "web", "desk", "health",
];

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES).prop_map(str::to_string)
}

fn names() -> impl Strategy<Value = String> {
    prop::collection::vec(name(), 1..4).prop_map(|v| v.join(", "))
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,.()#{}]{0,24}".prop_map(|s| format!("\"{s}\""))
}

/// One syntactically valid declaration (names may or may not resolve).
fn declaration() -> impl Strategy<Value = String> {
    prop_oneof![
        (text(), prop::sample::select(vec!["APPI", "GDPR", "APPI, GDPR"]))
            .prop_map(|(t, r)| format!("policy {t} under {r} {{\n  effective 2024-02-29\n}}")),
        (name(), text()).prop_map(|(n, t)| format!(
            "controller {n} {t} {{\n  address {t}\n  representative {t} title {t}\n}}"
        )),
        (name(), text(), prop::sample::select(vec!["processor", "third party", "joint users", "authority"]))
            .prop_map(|(n, t, r)| format!("party {n} {t} as {r} {{ country {t} }}")),
        (name(), text()).prop_map(|(n, t)| format!("subject {n} {t}")),
        (name(), text(), any::<bool>()).prop_map(|(n, t, s)| {
            format!("data {n} {t} in user.contact{}", if s { " : special care" } else { "" })
        }),
        (name(), text(), prop::sample::select(vec![
            "retain 5 years", "retain until purpose achieved", "retain until contract ends + 1 year",
            "retain indefinitely", "retain as required by \"Tax law\" cites APPI 22",
        ]), prop::sample::select(vec!["consent", "contract", "legal obligation", "legitimate interests"]))
            .prop_map(|(n, t, r, b)| format!("purpose {n} {t} {{\n  basis {b}\n  {r}\n}}")),
        (name(), text()).prop_map(|(n, t)| format!("exception {n} cites APPI 27(1)(ii) {t}")),
        (names(), names(), names(), any::<bool>()).prop_map(|(i, f, p, c)| {
            format!("collect {i} from {f} for {p}{}", if c { " with consent" } else { "" })
        }),
        (names(), name(), names(), name()).prop_map(|(i, to, p, e)| format!("provide {i} to {to} for {p} under {e}")),
        (names(), name(), names(), text())
            .prop_map(|(i, to, p, t)| format!("outsource {i} to {to} for {p} {{\n  contract {t}\n  selected by {t}\n}}")),
        (names(), names()).prop_map(|(i, p)| format!("use {i} for {p}")),
        (name(), names(), name(), names(), text()).prop_map(|(n, i, u, p, t)| format!(
            "joint use {n} {{\n  items {i}\n  users {u}\n  purposes {p}\n  responsible {t} {{ address {t} }}\n}}"
        )),
        (name(), names()).prop_map(|(c, r)| format!(
            "rights {{\n  handles disclosure, correction\n  fee 1,000 yen (1,100 yen with tax) per request\n  contact {c}\n  refuse when \"{r}\"\n}}"
        )),
        text().prop_map(|t| format!("security {{\n  measure physical, technical {t}\n}}")),
        text().prop_map(|t| format!("on complaint {t}")),
        text().prop_map(|t| format!("# a comment {}\ncommitment {t}", t.len())),
    ]
}

fn policy() -> impl Strategy<Value = String> {
    prop::collection::vec(declaration(), 0..14).prop_map(|decls| decls.join("\n") + "\n")
}

/// A valid policy with part of it cut, repeated or replaced.
fn mutated() -> impl Strategy<Value = String> {
    (
        policy(),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        "[ -~\n{}\"#]{0,8}",
        0..3u8,
    )
        .prop_map(|(text, a, b, insert, kind)| {
            let chars: Vec<char> = text.chars().collect();
            if chars.is_empty() {
                return insert;
            }
            let (mut x, mut y) = (a.index(chars.len()), b.index(chars.len()));
            if x > y {
                std::mem::swap(&mut x, &mut y);
            }
            let (head, middle, tail): (String, String, String) = (
                chars[..x].iter().collect(),
                chars[x..y].iter().collect(),
                chars[y..].iter().collect(),
            );
            match kind {
                0 => format!("{head}{tail}"),
                1 => format!("{head}{middle}{middle}{tail}"),
                _ => format!("{head}{insert}{tail}"),
            }
        })
}

fn rendered(text: &str) -> (String, String) {
    let report = lawful::check_source("p.policy", text);
    (
        lawful::render::plain(&report),
        lawful::render::json(&report),
    )
}

fn check_invariants(text: &str) {
    let report = lawful::check_source("p.policy", text);
    for d in &report.diagnostics {
        assert!(!d.labels.is_empty(), "{d:?}");
        for label in &d.labels {
            assert!(label.span.start <= label.span.end, "{d:?}");
            let length = report.sources.text(label.span.file).len() as u32;
            assert!(
                label.span.end <= length,
                "label past the end of the file: {d:?}"
            );
        }
    }
    // Deterministic: the same input renders the same bytes.
    assert_eq!(rendered(text), rendered(text));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check_invariants(&text);
    }

    #[test]
    fn generated_policies_have_no_syntax_errors(text in policy()) {
        let report = lawful::check_source("p.policy", &text);
        let syntax: Vec<&lawful::Diagnostic> =
            report.diagnostics.iter().filter(|d| d.code == lawful::Code::SyntaxError).collect();
        prop_assert!(syntax.is_empty(), "{}\n{:?}", text, syntax);
        check_invariants(&text);
    }

    #[test]
    fn mutated_policies_never_panic(text in mutated()) {
        check_invariants(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn fmt_is_idempotent_and_keeps_the_findings(text in policy()) {
        let once = lawful::fmt::format_str(&text).expect("generated policies format");
        let twice = lawful::fmt::format_str(&once).expect("formatted policies format");
        prop_assert_eq!(&once, &twice);
        let findings = |t: &str| -> Vec<(lawful::Code, String)> {
            lawful::check_source("p.policy", t).diagnostics.iter().map(|d| (d.code, d.message.clone())).collect()
        };
        prop_assert_eq!(findings(&text), findings(&once));
    }

    #[test]
    fn fmt_never_panics_on_mutated_input(text in mutated()) {
        if let Ok(once) = lawful::fmt::format_str(&text) {
            prop_assert_eq!(lawful::fmt::format_str(&once).ok(), Some(once.clone()));
        }
    }
}
