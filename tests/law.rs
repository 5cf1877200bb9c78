//! The statute catalogue decides what an exception excuses.
//!
//! - For every kind of permission in the catalogue, `tests/fixtures/law/<kind>/`
//!   holds a policy where the right exception excuses a flow (`right*`: no
//!   diagnostic at all) and one where a wrong one does not (`wrong*`: the
//!   flow is reported). Their rendered diagnostics are snapshotted by
//!   `tests/fixtures.rs` like every fixture.
//! - Every provision a rule's message, note or explanation names is in the
//!   catalogue, so that what lawful tells people is what it checks.

use std::path::{Path, PathBuf};

use lawful::Code;
use lawful::law::{self, Permit};
use lawful::resolve::Regime;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn policies(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_permission_has_a_right_and_a_wrong_exception() {
    for permit in Permit::ALL {
        let dir = root().join("tests/fixtures/law").join(permit.slug());
        assert!(
            dir.is_dir(),
            "no fixtures for `{}` in {}",
            permit.slug(),
            dir.display()
        );
        let files = policies(&dir);
        let stem = |p: &PathBuf| p.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            files.iter().any(|p| stem(p).starts_with("right")),
            "{}: no right*.policy",
            permit.slug()
        );
        assert!(
            files.iter().any(|p| stem(p).starts_with("wrong")),
            "{}: no wrong*.policy",
            permit.slug()
        );
        for file in files {
            let shown = file.strip_prefix(root()).unwrap().to_path_buf();
            let report = lawful::check_paths(std::slice::from_ref(&shown));
            let rendered = lawful::render::plain(&report);
            if stem(&file).starts_with("right") {
                assert!(
                    report.diagnostics.is_empty() && report.io_errors.is_empty(),
                    "{} must pass, but:\n{rendered}",
                    shown.display()
                );
            } else {
                // A wrong citation is reported as such; a GDPR basis that is
                // not one leaves the purpose without a basis.
                // A provision the records proviso does not cover must be
                // recorded.
                let expected = match permit {
                    Permit::LawfulBasis => Code::MissingLawfulBasis,
                    Permit::RecordExempt => Code::ProvisionRecordMissing,
                    _ => Code::ExceptionDoesNotApply,
                };
                assert!(
                    report.diagnostics.iter().any(|d| d.code == expected),
                    "{} must report {}, but:\n{rendered}",
                    shown.display(),
                    expected.info().slug
                );
            }
        }
    }
}

/// Every `APPI Art. …` / `GDPR Art. …` reference in `text`, expanded:
/// `APPI Art. 18(3), 20(2) and 27(1)`, `GDPR Art. 28(2) and (4)` (the same
/// article) and `GDPR Art. 44–49` (a range of articles).
fn references(text: &str) -> Vec<(Regime, String)> {
    let mut out = Vec::new();
    for regime in [Regime::Appi, Regime::Gdpr] {
        let marker = format!("{} Art. ", regime.name());
        let mut rest = text;
        while let Some(at) = rest.find(&marker) {
            rest = &rest[at + marker.len()..];
            let mut article = String::new();
            let mut cursor = rest;
            loop {
                let (reference, after) = take_reference(cursor);
                let Some(reference) = reference else { break };
                let full = if reference.starts_with('(') {
                    // "(4)" after "28(2)": the same article.
                    let base: String = article.chars().take_while(char::is_ascii_digit).collect();
                    format!("{base}{reference}")
                } else {
                    reference
                };
                if let Some(range) = after.strip_prefix('–') {
                    let (end, after_range) = take_reference(range);
                    let (Ok(from), Some(Ok(to))) =
                        (full.parse::<u32>(), end.map(|e| e.parse::<u32>()))
                    else {
                        panic!("unreadable range after {marker}{full}");
                    };
                    for n in from..=to {
                        out.push((regime, n.to_string()));
                    }
                    article = to.to_string();
                    cursor = after_range;
                } else {
                    out.push((regime, full.clone()));
                    article = full;
                    cursor = after;
                }
                let next = [", ", " and "]
                    .iter()
                    .find_map(|sep| cursor.strip_prefix(sep))
                    .filter(|n| n.starts_with(|c: char| c.is_ascii_digit() || c == '('));
                match next {
                    Some(n) => cursor = n,
                    None => break,
                }
            }
        }
    }
    out
}

/// `27(1)(ii)` or `(4)` at the start of `text`, and what follows it.
fn take_reference(text: &str) -> (Option<String>, &str) {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let mut end = digits;
    let bytes = text.as_bytes();
    while bytes.get(end) == Some(&b'(') {
        let Some(close) = text[end..].find(')') else {
            break;
        };
        let inner = &text[end + 1..end + close];
        if inner.is_empty() || !inner.chars().all(|c| c.is_ascii_alphanumeric()) {
            break;
        }
        end += close + 1;
    }
    if end == 0 {
        (None, text)
    } else {
        (Some(text[..end].to_string()), &text[end..])
    }
}

#[test]
fn the_reference_reader_reads_lists_and_ranges() {
    let found = references(
        "see APPI Art. 18(3), 20(2) and 27(1)(ii): x; GDPR Art. 28(2) and (4); GDPR Art. 44–46.",
    );
    let articles: Vec<String> = found
        .iter()
        .map(|(r, a)| format!("{} {a}", r.name()))
        .collect();
    assert_eq!(
        articles,
        [
            "APPI 18(3)",
            "APPI 20(2)",
            "APPI 27(1)(ii)",
            "GDPR 28(2)",
            "GDPR 28(4)",
            "GDPR 44",
            "GDPR 45",
            "GDPR 46"
        ]
    );
}

#[test]
fn every_provision_the_rules_name_is_in_the_catalogue() {
    let mut sources = Vec::new();
    for dir in ["src/rules", "src/diagnostic", "src/render"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                sources.push(path);
            }
        }
    }
    sources.sort();
    let mut missing = Vec::new();
    let mut checked = 0;
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        // Rust string continuations (`\` + newline + indent) join lines.
        let text = text.replace("\\\n", " ");
        for (regime, article) in references(&text) {
            checked += 1;
            if law::find(regime, &article).is_none() {
                missing.push(format!(
                    "{}: {} Art. {article}",
                    path.display(),
                    regime.name()
                ));
            }
        }
    }
    assert!(checked > 50, "only {checked} references found");
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "not in the catalogue:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_consent_basis_on_a_purpose_does_not_silence_a_provision_of_the_seed() {
    // The reviewer's case: the seed, with a data broker and a purpose whose
    // basis is consent, and a provision that obtains none.
    let seed = std::fs::read_to_string(root().join("policies/jcom.policy")).unwrap();
    let text = format!(
        "{seed}\nparty data_broker \"Example Data Broker K.K.\" as third party\n\
         purpose broker_sales \"To sell customer lists\" {{\n  basis consent\n  retain 1 year\n}}\n\
         provide entrusted_service_information to data_broker for broker_sales\n"
    );
    let report = lawful::check_source("jcom.policy", &text);
    for code in [Code::ThirdPartyWithoutConsent, Code::PurposeNotDeclared] {
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code == code && d.message.contains("data_broker")),
            "{} is not reported:\n{}",
            code.info().slug,
            lawful::render::plain(&report)
        );
    }
}

/// The codes a policy's check reports, sorted (spans and wording aside).
fn codes_of(text: &str) -> Vec<&'static str> {
    let report = lawful::check_source("policy.policy", text);
    let mut codes: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.code.info().code)
        .collect();
    codes.sort();
    codes
}

#[test]
fn countries_written_as_codes_or_names_are_judged_alike() {
    let policy = |home: &str, there: &str| {
        format!(
            "policy \"P\" under APPI, GDPR\n\
             controller c \"C\" {{ address \"A\" representative \"R\" country \"{home}\" }}\n\
             data email \"E-mail\"\nsubject customers \"Customers\"\n\
             party mailer \"M\" as processor {{ country \"{there}\" }}\n\
             purpose news \"News\" {{ basis consent retain 1 year }}\n\
             collect email from customers for news with consent\n\
             outsource email to mailer for news {{ contract \"DPA\" selected by \"criteria\" }}\n"
        )
    };
    for (a, b) in [
        (("JP", "US"), ("Japan", "United States of America")),
        (("JP", "FR"), ("jpn", "France")),
        (("DE", "US"), ("Germany", "USA")),
        (("JP", "JP"), ("Japan", "jp")),
    ] {
        assert_eq!(
            codes_of(&policy(a.0, a.1)),
            codes_of(&policy(b.0, b.1)),
            "{a:?} and {b:?} are judged differently"
        );
    }
    // Leaving Japan for the United States needs a ground under both; for
    // France, under neither (designated under the APPI, in the EEA).
    assert!(codes_of(&policy("JP", "US")).contains(&"L406"));
    assert!(!codes_of(&policy("JP", "FR")).contains(&"L406"));
    // Germany to France stays in the EEA; Germany to Japan is covered by an
    // adequacy decision (and the APPI is indifferent to where a processor
    // in Japan is).
    assert!(!codes_of(&policy("DE", "FR")).contains(&"L406"));
    assert!(!codes_of(&policy("DE", "JP")).contains(&"L406"));
}

#[test]
fn the_law_on_a_date_decides_what_applies() {
    let seed = std::fs::read_to_string(root().join("policies/jcom.policy")).unwrap();
    let today = lawful::check_source("jcom.policy", &seed);
    let amendment = |r: &lawful::Report| {
        r.diagnostics
            .iter()
            .filter(|d| d.code == Code::AmendmentNotAddressed)
            .count()
    };
    assert_eq!(amendment(&today), 2, "{}", lawful::render::plain(&today));
    let config = lawful::config::Config::default().with_as_of(Some((2020, 4, 1)));
    let then = lawful::check_paths_with(&[root().join("policies/jcom.policy")], &config);
    assert_eq!(amendment(&then), 0, "{}", lawful::render::plain(&then));
    // An adequacy decision counts from its date: the EU-U.S. Data Privacy
    // Framework from 2023-07-10.
    let policy = "policy \"P\" under GDPR\n\
        controller c \"C\" { address \"A\" representative \"R\" country \"DE\" }\n\
        data email \"E-mail\"\nsubject customers \"Customers\"\n\
        party mailer \"M\" as processor { country \"US\" certified \"EU-U.S. Data Privacy Framework\" }\n\
        purpose news \"News\" { basis consent retain 1 year }\n\
        collect email from customers for news with consent\n\
        outsource email to mailer for news { contract \"DPA\" }\n";
    let dir = std::env::temp_dir().join(format!("lawful-as-of-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("p.policy");
    std::fs::write(&file, policy).unwrap();
    let cross = |day| {
        let config = lawful::config::Config::default().with_as_of(Some(day));
        lawful::check_paths_with(std::slice::from_ref(&file), &config)
            .diagnostics
            .iter()
            .any(|d| d.code == Code::CrossBorderWithoutBasis)
    };
    assert!(cross((2023, 1, 1)));
    assert!(!cross((2024, 1, 1)));
    // An exception excuses only from when its provision applies: the
    // academic-research items of APPI Art. 27(1) came in 2022.
    let research = "policy \"P\" under APPI\n\
        data name \"Name\"\nsubject customers \"Customers\"\n\
        party lab \"University Lab\" as third party\n\
        purpose study \"Joint research\" { retain 1 year }\n\
        exception research cites APPI 27(1)(vii) \"the lab needs it for academic research, with no risk of unjustly infringing anyone's rights\"\n\
        collect name from customers for study\n\
        provide name to lab for study under research\n";
    std::fs::write(&file, research).unwrap();
    let excused = |day| {
        let config = lawful::config::Config::default().with_as_of(Some(day));
        !lawful::check_paths_with(std::slice::from_ref(&file), &config)
            .diagnostics
            .iter()
            .any(|d| d.code == Code::ExceptionDoesNotApply)
    };
    assert!(!excused((2021, 12, 31)));
    assert!(excused((2022, 4, 1)));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_language_reference_complete_example_has_no_findings() {
    let doc = std::fs::read_to_string(root().join("docs/language.md")).unwrap();
    let section = doc
        .split("## 24. A complete example")
        .nth(1)
        .expect("docs/language.md has its complete example");
    let start = section.find("```policy\n").expect("a policy block") + "```policy\n".len();
    let end = section[start..].find("```").expect("its end");
    let report = lawful::check_source("example.policy", &section[start..start + end]);
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        lawful::render::plain(&report)
    );
}
