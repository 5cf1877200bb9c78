//! Hostile input, what leaves the program (issue 13): user text is escaped
//! for every destination — terminal, CI log, GitHub annotations, JSON,
//! Mermaid, dot (CSV: tests/generate.rs) — and the output is bounded by the input, in size and
//! in time. Every hostile input is made here, small.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use lawful::render::{self, Options, escape};

/// Everything a terminal or a CI runner could obey: a line starting a
/// workflow command, CR, ESC with OSC 52 (writes the clipboard), BEL, a C1
/// CSI, a right-to-left override and the runner's legacy `##[` commands.
const PAYLOAD: &str = "x\n::error file=README.md,line=1::INJECTED\r\u{1b}]52;c;aGk=\u{7}\u{9b}[31m\u{202e}##[add-mask]y";

/// A policy string literal holding `text`.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The payload in every place a policy carries free text that reaches a
/// message: an import path, a policy title, names of parties, a country,
/// a forbid rule's text.
fn hostile_policy() -> String {
    let p = quoted(PAYLOAD);
    format!(
        "policy {p} under APPI, GDPR\n\
         import {p}\n\
         controller c {p} {{ country \"JP\" }}\n\
         party abroad {p} as third party {{ country {p} }}\n\
         subject s \"s\"\n\
         data email in user.contact\n\
         purpose mk \"marketing\" {{ basis consent category marketing retain 1 year }}\n\
         collect email from s for mk with consent\n\
         provide email to abroad for mk\n\
         forbid f {p} {{\n  data any user.contact\n}}\n"
    )
}

/// A hidden character other than a line break.
fn raw_control(text: &str) -> bool {
    text.contains(|c| escape::is_hidden(c) && c != '\n')
}

/// What a terminal or CI log may receive: no hidden character but the line
/// breaks, no line a runner reads as a workflow command.
fn assert_terminal_safe(what: &str, text: &str) {
    for (n, line) in text.lines().enumerate() {
        assert!(
            !line.contains(escape::is_hidden),
            "{what}, line {}: a control character reaches the terminal: {line:?}",
            n + 1
        );
        assert!(
            !line.trim_start().starts_with("::"),
            "{what}, line {}: starts a workflow command: {line:?}",
            n + 1
        );
        assert!(
            !line.contains("##["),
            "{what}, line {}: a legacy workflow command: {line:?}",
            n + 1
        );
    }
    assert!(!text.contains('\r'), "{what}: a raw CR");
}

/// GitHub annotations: every line is one of ours, nothing else is a command.
fn assert_github_safe(text: &str) {
    for line in text.lines() {
        assert!(
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|c| line.starts_with(c)),
            "a line that is not an annotation of lawful's: {line:?}"
        );
        assert!(!line.contains(escape::is_hidden), "{line:?}");
        assert!(!line.contains("##["), "{line:?}");
        // Only lawful's own properties: a file name cannot add one.
        let (_, rest) = line[2..].split_once(' ').unwrap();
        let properties = rest.split("::").next().unwrap();
        for property in properties.split(',') {
            assert!(
                ["file=", "line=", "col=", "endLine=", "endColumn=", "title="]
                    .iter()
                    .any(|key| property.starts_with(key)),
                "{property:?} in {line:?}"
            );
        }
    }
    assert!(!text.contains('\r'));
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lawful-output-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn user_text_reaches_no_terminal_or_ci_log_raw() {
    let report = lawful::check_source("hostile.policy", &hostile_policy());
    assert!(report.diagnostics.len() > 5);
    let all = Options {
        max_per_code: None,
        ..Options::default()
    };
    let plain = render::plain_with(&report, &all);
    assert_terminal_safe("human", &plain);
    assert_terminal_safe("short", &render::short_with(&report, &all));
    assert_github_safe(&render::github_with(&report, &all));
    // Escaped, not dropped: the reader still sees what the policy says.
    assert!(
        plain.contains("cannot import `x\\n::error file=README.md,line=1::INJECTED\\r\\u{1b}]52;c;aGk=\\u{7}\\u{9b}[31m\\u{202e}##\\u{5b}add-mask]y`"),
        "{plain}"
    );
    // JSON and SARIF: the same text, every hidden character \u-escaped.
    for (format, text) in [
        ("json", render::json(&report)),
        ("sarif", render::sarif(&report)),
    ] {
        assert!(!raw_control(&text), "{format}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(value.to_string().contains("##[add-mask]"), "{format}");
    }
}

/// `text` without the SGR colour sequences (`ESC [ ... m`) lawful writes.
fn without_colour(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after.find(|c: char| !(c.is_ascii_digit() || c == ';')) {
            Some(end) if after[end..].starts_with('m') => rest = &after[end + 1..],
            _ => {
                // Not a colour: keep the ESC, which the check below rejects.
                out.push('\u{1b}');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn in_colour_only_lawfuls_own_sequences_reach_the_terminal() {
    let dir = temp_dir("colour");
    let path = dir.join("hostile.policy");
    std::fs::write(&path, hostile_policy()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(["check", "--color", "always"])
        .arg(&path)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("\u{1b}["), "colour is on");
    assert_terminal_safe("human in colour", &without_colour(&stdout));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn notices_and_records_printed_in_a_log_carry_no_command_or_control() {
    // A purpose description alone on a line of the notice, starting `::`.
    let text = format!(
        "{}purpose first \"::warning::{}\" {{ basis consent retain 1 year }}\n",
        hostile_policy(),
        PAYLOAD.replace('\\', "\\\\").replace('"', "\\\"")
    );
    let report = lawful::check_source("hostile.policy", &text);
    let c = report.compiled.first().expect("a policy");
    for (what, document) in [
        ("notice md", render::notice::to_markdown(&c.model, &c.graph)),
        ("notice html", render::notice::to_html(&c.model, &c.graph)),
        ("ropa md", render::ropa::to_markdown(&c.model, &c.graph)),
    ] {
        assert!(document.contains("INJECTED"), "{what}");
        assert_terminal_safe(what, &document);
    }
}

#[test]
fn file_names_reach_no_terminal_or_ci_log_raw() {
    let dir = temp_dir("names");
    let name = "a\n::error file=README.md::INJECTED\u{1b}[2J.policy";
    std::fs::write(dir.join(name), "data unused\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(["check", "--format", "short"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("unused-definition"), "{stdout}");
    assert_terminal_safe("short", &stdout);
    let report = lawful::check_paths(std::slice::from_ref(&dir));
    assert_terminal_safe("human", &render::plain(&report));
    assert_github_safe(&render::github(&report));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fides_values_reach_no_terminal_raw() {
    let dir = temp_dir("fides");
    // A retention period that states no duration is named in a note,
    // quoted: here with ESC, BEL, LF, CR and `##[` in it (YAML escapes).
    std::fs::write(
        dir.join("system.yml"),
        "system:\n  - fides_key: s\n    name: S\n    system_type: Service\n    privacy_declarations:\n      \
         - name: P\n        data_categories: [user.contact.email]\n        \
         data_use: marketing.communications.email\n        data_subjects: [customer]\n        \
         legal_basis_for_processing: Consent\n        \
         retention_period: \"as long as \\e]52;c;aGk=\\a needed\\n::error file=README.md::INJECTED\\r##[add-mask]x\"\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(["import", "fides"])
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("states no duration"), "{stderr}");
    assert_terminal_safe("import", &stderr);
    std::fs::remove_dir_all(dir).unwrap();
}

/// `count` unused data items, separated by `separator`.
fn declarations(count: usize, separator: &str) -> String {
    padded_declarations(count, 0, separator)
}

/// `count` unused data items, each followed by `padding` spaces and
/// `separator`.
fn padded_declarations(count: usize, padding: usize, separator: &str) -> String {
    let pad = " ".repeat(padding);
    (0..count)
        .map(|i| format!("data item_{i:05}{pad}{separator}"))
        .collect()
}

#[test]
fn a_long_line_prints_a_window_around_each_finding() {
    // ~30 KB on one line, a finding on every item: each used to print the
    // whole line (60 MB here; 881 MB for the 88 KB of the issue).
    let text = declarations(2000, " ");
    let report = lawful::check_source("long.policy", &text);
    assert_eq!(report.diagnostics.len(), 2000);
    let all = Options {
        max_per_code: None,
        ..Options::default()
    };
    let plain = render::plain_with(&report, &all);
    assert!(
        plain.len() < text.len() + 2000 * 1200,
        "{} bytes for {} bytes of input",
        plain.len(),
        text.len()
    );
    let longest = plain.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 2 * 120 + 40, "a line of {longest} characters");
    // The window is around the finding, cut with an ellipsis on both sides.
    let shown = plain
        .lines()
        .skip_while(|l| !l.contains("`item_01000`"))
        .find(|l| l.starts_with("1 │ "))
        .unwrap();
    assert!(
        shown.starts_with("1 │ …") && shown.ends_with('…'),
        "{shown}"
    );
    assert!(
        shown.contains("data item_00999 data item_01000 data item_01001"),
        "{shown}"
    );
}

/// The best of three runs of `f`.
fn fastest(f: impl Fn() -> String) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(f());
            started.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn line_and_column_lookup_is_linear_on_long_and_cr_only_lines() {
    // The same declarations, the same findings at the same offsets: one per
    // line (benign), all on one line, and one per line with old Mac CR line
    // endings. Locating each finding used to count from the start of its
    // line, which is the whole file in the last two.
    let (count, padding) = (4000, 250);
    let all = Options {
        max_per_code: None,
        ..Options::default()
    };
    let make = |separator| {
        lawful::check_source("a.policy", &padded_declarations(count, padding, separator))
    };
    let (benign, one_line, cr_only) = (make("\n"), make(" "), make("\r"));
    for report in [&benign, &one_line, &cr_only] {
        assert_eq!(report.diagnostics.len(), count);
    }
    // CR ends a line like LF: the same lines and columns.
    let (cr, lf) = (
        render::short_with(&cr_only, &all),
        render::short_with(&benign, &all),
    );
    let first_difference = cr.lines().zip(lf.lines()).find(|(a, b)| a != b);
    assert!(cr == lf, "CR-only: {first_difference:?}");
    let base = fastest(|| render::short_with(&benign, &all));
    for (what, report) in [("one line", &one_line), ("CR-only", &cr_only)] {
        let time = fastest(|| render::short_with(report, &all));
        let ratio = time.as_secs_f64() / base.as_secs_f64().max(1e-4);
        assert!(
            ratio < 4.0,
            "short on {what}: {time:?}, {ratio:.1}× the {base:?} of one declaration per line"
        );
    }
}

#[test]
fn findings_are_capped_per_code_with_a_count_of_the_rest() {
    let report = lawful::check_source("many.policy", &declarations(150, "\n"));
    assert_eq!(report.diagnostics.len(), 150);
    let note = "note: 50 more L004 (unused-definition) findings not shown; `--max-per-code 0` shows them all";
    let plain = render::plain(&report);
    assert_eq!(plain.matches("warning[L004]").count(), 100);
    assert!(plain.contains(note), "{plain}");
    assert!(plain.ends_with("0 errors, 150 warnings in 1 file\n"));
    let short = render::short(&report);
    assert_eq!(short.matches("[L004]").count(), 100);
    assert!(short.contains(note));
    let github = render::github(&report);
    assert_eq!(
        github
            .lines()
            .filter(|l| l.starts_with("::warning"))
            .count(),
        100
    );
    assert!(github.ends_with("::notice title=lawful::50 more L004 (unused-definition) findings not shown; `--max-per-code 0` shows them all\n"));
    // Machine formats keep every finding.
    let json: serde_json::Value = serde_json::from_str(&render::json(&report)).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 150);
    let sarif: serde_json::Value = serde_json::from_str(&render::sarif(&report)).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 150);
    // No cap, and a cap from the command line.
    let all = render::plain_with(
        &report,
        &Options {
            max_per_code: None,
            ..Options::default()
        },
    );
    assert_eq!(all.matches("warning[L004]").count(), 150);
    assert!(!all.contains("more L004"));
    let dir = temp_dir("cap");
    let path = dir.join("many.policy");
    std::fs::write(&path, declarations(150, "\n")).unwrap();
    for (cap, shown) in [("0", 150), ("7", 7)] {
        let output = Command::new(env!("CARGO_BIN_EXE_lawful"))
            .args(["check", "--format", "short", "--max-per-code", cap])
            .arg(&path)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(stdout.matches("[L004]").count(), shown, "{stdout}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn graph_labels_cannot_carry_mermaid_directives_or_dot_escapes() {
    let text = "policy \"P\" under GDPR\n\
                controller c \"C %%{init: {'theme':'base','themeVariables':{'lineColor':'#fff'}}}%%\"\n\
                party x \"X\\n%% comment\\n\\\\N \\u{202e}\" as third party\n\
                subject s \"s\"\n\
                data health : special care\n\
                purpose p \"p\" { basis consent retain 1 year }\n\
                collect health from s for p with consent\n\
                provide health to x for p with consent\n"
        .replace("\\u{202e}", "\u{202e}");
    let report = lawful::check_source("graph.policy", &text);
    let compiled = report.compiled.first().expect("a policy");
    let mermaid = lawful::graph::to_mermaid(&compiled.graph, &compiled.model);
    assert!(!mermaid.contains("%%"), "{mermaid}");
    assert!(!raw_control(&mermaid), "{mermaid}");
    assert!(mermaid.contains("#37;#37;{init"), "{mermaid}");
    assert!(
        mermaid.contains("linkStyle"),
        "the special-care marking is kept"
    );
    let dot = lawful::graph::to_dot(&compiled.graph, &compiled.model);
    assert!(!raw_control(&dot), "{dot}");
    assert!(dot.contains("\\\\N \\\\u{202e}"), "{dot}");
}

#[test]
fn an_unknown_escape_is_named() {
    let report = lawful::check_source("q.policy", "controller c \"a\\q\"\n");
    let error = report
        .diagnostics
        .iter()
        .find(|d| d.code == lawful::Code::SyntaxError)
        .expect("a syntax error");
    assert_eq!(error.message, "unknown escape `\\q` in a quoted text");
    let help = error.help.as_deref().unwrap_or("");
    for escape in ["`\\\"`", "`\\\\`", "`\\n`", "`\\t`"] {
        assert!(help.contains(escape), "{help}");
    }
    // It points at the escape, not at the opening quote.
    let at = report
        .sources
        .line_col(error.labels[0].span.file, error.labels[0].span.start);
    assert_eq!((at.line, at.column), (1, 16));
}

#[test]
fn a_finding_with_many_places_shows_ten_and_counts_the_rest() {
    // A purpose with no basis that 25 flows rely on: one finding, 26 labels.
    let mut policy = String::from(
        "policy \"P\" under GDPR\nsubject s \"S\"\ndata d\npurpose p \"To do things\" { retain 1 year }\n",
    );
    for i in 0..25 {
        policy.push_str(&format!("data d{i}\ncollect d{i} from s for p\n"));
    }
    let report = lawful::check_source("many.policy", &policy);
    let finding = report
        .diagnostics
        .iter()
        .find(|d| d.code.info().slug == "missing-lawful-basis")
        .expect("missing-lawful-basis");
    assert_eq!(finding.labels.len(), 26);
    let plain = render::plain(&report);
    let shown = plain
        .split("error[L101]")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap();
    // The primary label and nine secondary ones, then a note for the rest.
    assert_eq!(shown.matches("│ collect").count(), 9, "{shown}");
    assert!(
        shown.contains("= note: 16 more places not shown; `--format json` lists them all"),
        "{shown}"
    );
    // JSON keeps every place.
    let json: serde_json::Value = serde_json::from_str(&render::json(&report)).unwrap();
    let in_json = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "L101")
        .unwrap();
    assert_eq!(in_json["labels"].as_array().unwrap().len(), 26);
}
