//! `lawful notice --for public|review`: the notice a company publishes is
//! no longer than 1.3× the seed, carries no audit remark, follows the
//! law's order, is refused while a required matter is missing, and is
//! escaped once; `--template DIR` reads only the file it names. Snapshots of
//! both audiences on the seed.

use std::path::{Path, PathBuf};
use std::process::Command;

const JCOM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/jcom.policy");

fn lawful(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run lawful");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn public(format: &str) -> String {
    let (code, stdout, stderr) = lawful(&["notice", JCOM, "--allow-missing", "--format", format]);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lawful-notice-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Words as `wc -w` counts them: runs of characters between whitespace.
fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The seed document (a copy of `../shared/seed/000_7cd431dbdef47188.txt`,
/// kept beside this test so that it runs anywhere).
fn seed() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/notice/seed.txt"))
        .unwrap()
}

#[test]
fn the_public_notice_is_at_most_1_3_times_the_seed() {
    let seed_words = words(&seed());
    assert_eq!(
        seed_words, 3083,
        "the seed's own count, as the issue gives it"
    );
    let notice_words = words(&public("md"));
    let ratio = notice_words as f64 / seed_words as f64;
    assert!(
        ratio <= 1.3,
        "the public notice has {notice_words} words, {ratio:.2}× the seed's {seed_words}"
    );
    // The review notice is the long audit view: the public one must not be.
    let (_, review, _) = lawful(&["notice", JCOM, "--for", "review"]);
    assert!(words(&review) > notice_words * 2);
}

#[test]
fn the_public_notice_carries_no_audit_remark() {
    for (format, text) in [("md", public("md")), ("html", public("html"))] {
        for remark in [
            "Not stated in the policy",
            "not stated",
            "no statutory citation",
            "Lawful basis",
            "None stated",
            "generated",
            "lawful",
            "user.contact.email",
            "user.demographic",
        ] {
            assert!(!text.contains(remark), "{format} contains {remark:?}");
        }
        // Category keys are said in words.
        assert!(text.contains("Contact details"), "{format}");
    }
    let (_, review, _) = lawful(&["notice", JCOM, "--for", "review"]);
    assert!(review.contains("Not stated in the policy."));
}

#[test]
fn the_sections_follow_the_law_s_order() {
    let md = public("md");
    let order = [
        "## Who we are",
        "## What we collect and why",
        "## Special-care-required personal information",
        "## Sharing your information",
        "### Joint use with J:COM Group companies",
        "## How long we keep it",
        "## How we protect it",
        "## Your requests",
        "## Anonymously processed information",
        "## Questions and complaints",
        "## Changes to this notice",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|h| md.find(h).unwrap_or_else(|| panic!("no {h:?}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn items_are_grouped_by_purpose_not_repeated_per_flow() {
    let md = public("md");
    // The seed's seven purposes of registered information are one group.
    let registered = "**Information used:** registered personal information (customers' personal information); **obtained from:**";
    assert_eq!(md.matches(registered).count(), 1, "{md}");
    let purposes = md
        .lines()
        .filter(|l| l.starts_with(char::is_numeric))
        .count();
    let groups = md.matches("**Information used:**").count();
    assert!(groups < purposes, "{groups} groups for {purposes} purposes");
}

#[test]
fn missing_matters_are_refused_by_name() {
    let report = lawful::check_paths(&[PathBuf::from(JCOM)]);
    let c = &report.compiled[0];
    let missing = lawful::render::notice::missing_matters(&c.model, &c.graph);
    assert_eq!(missing.len(), 4, "the seed lacks four notice matters");
    for format in ["md", "html"] {
        let (code, stdout, stderr) = lawful(&["notice", JCOM, "--format", format]);
        assert_eq!(code, 1, "{stderr}");
        assert!(stdout.is_empty(), "nothing is written: {stdout:.80}");
        for d in &missing {
            assert!(stderr.contains(&d.message), "{stderr}");
        }
        assert!(stderr.contains("--allow-missing"), "{stderr}");
    }
    // Written to a file, the refused notice leaves no file.
    let dir = temp_dir("refused");
    let out = dir.join("notice.html");
    let (code, _, _) = lawful(&["notice", JCOM, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(!out.exists());
    // A complete policy is written with exit 0.
    let (code, stdout, stderr) = lawful(&["notice", "examples/minimal.policy"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("# Northwind Library\n"));
}

#[test]
fn jcom_public_markdown() {
    insta::assert_snapshot!("jcom_public_md", public("md"));
}

#[test]
fn jcom_public_html() {
    insta::assert_snapshot!("jcom_public_html", public("html"));
}

#[test]
fn jcom_review_markdown_is_the_audit_view() {
    let (code, stdout, stderr) = lawful(&["notice", JCOM, "--for", "review"]);
    assert_eq!(code, 0, "{stderr}");
    let report = lawful::check_paths(&[PathBuf::from(JCOM)]);
    let c = &report.compiled[0];
    assert_eq!(
        stdout.trim_end(),
        lawful::render::notice::to_markdown(&c.model, &c.graph).trim_end()
    );
    insta::assert_snapshot!("jcom_review_md", stdout);
}

const HOSTILE: &str = r#"policy "P <script>&\"'" under APPI
controller acme "<script>alert(1)</script>&\"'" {
  address "1 <b>Main</b> & Co"
  representative "R"
}
contact desk "Desk" {
  phone "1"
  url "javascript:alert(1)"
}
subject people "People"
data email "E-mail <img src=x onerror=alert(1)>" in user.contact.email
purpose p "To <i>send</i> mail & \"news\"" { retain until purpose achieved }
collect email from people for p with consent
rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}
security { measure technical "T" }
on complaint via desk "C"
"#;

#[test]
fn every_policy_string_is_escaped_once_in_html() {
    let dir = temp_dir("hostile");
    let path = dir.join("hostile.policy");
    std::fs::write(&path, HOSTILE).unwrap();
    let (code, html, stderr) = lawful(&["notice", path.to_str().unwrap(), "--format", "html"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>Main"), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"),
        "{html}"
    );
    assert!(
        !html.contains("&amp;lt;") && !html.contains("&amp;amp;"),
        "escaped twice: {html}"
    );
    let (_, md, _) = lawful(&["notice", path.to_str().unwrap()]);
    assert!(md.contains("\\<script>alert(1)\\</script>&\"'"), "{md}");
}

#[test]
fn the_html_notice_is_accessible_and_printable() {
    let html = public("html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<title>JCOM Co., Ltd. Privacy Policy</title>"));
    assert!(html.contains("@media print"));
    assert_eq!(html.matches("<h1>").count(), 1);
    // Headings never skip a level.
    let mut level = 1;
    for (i, _) in html.match_indices("<h") {
        let Some(d) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        assert!(d <= level + 1, "h{d} after h{level} at {i}");
        level = d;
    }
    // Every header cell says what it heads.
    assert_eq!(html.matches("<th>").count(), 0);
    assert_eq!(
        html.matches("<th ").count(),
        html.matches("<th scope=").count()
    );
    assert!(html.contains("<th scope=\"col\">"));
}

#[test]
fn a_template_directory_supplies_the_named_file_only() {
    let dir = temp_dir("template");
    std::fs::write(
        dir.join("notice.md.j2"),
        "Notice of {{ controller.name }} ({{ uses|length }} groups)\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let (code, stdout, stderr) = lawful(&["notice", JCOM, "--allow-missing", "--template", d]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "Notice of JCOM Co., Ltd. (11 groups)\n");
    // No notice.html.j2 there: a clear error, exit 2.
    let (code, _, stderr) = lawful(&[
        "notice",
        JCOM,
        "--allow-missing",
        "--template",
        d,
        "--format",
        "html",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("holds no `notice.html.j2`"), "{stderr}");
    // Not a directory.
    let (code, _, stderr) = lawful(&["notice", JCOM, "--template", "no/such/dir"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no such template directory"), "{stderr}");
    // A template error names the problem; nothing is written.
    std::fs::write(dir.join("notice.md.j2"), "{{ nothing_like_this }}").unwrap();
    let (code, stdout, stderr) = lawful(&["notice", JCOM, "--allow-missing", "--template", d]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("error: the notice template:"), "{stderr}");
    // A link is not followed, even to a template.
    #[cfg(unix)]
    {
        let linked = temp_dir("linked");
        std::os::unix::fs::symlink(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/notice.md.j2"),
            linked.join("notice.md.j2"),
        )
        .unwrap();
        let (code, _, stderr) = lawful(&["notice", JCOM, "--template", linked.to_str().unwrap()]);
        assert_eq!(code, 2);
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
    // The shipped templates render as the built-in ones.
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let (_, stdout, _) = lawful(&[
        "notice",
        JCOM,
        "--allow-missing",
        "--template",
        shipped.to_str().unwrap(),
    ]);
    assert_eq!(stdout, public("md"));
}

#[test]
fn category_keys_are_said_in_words() {
    use lawful::render::notice::category_words;
    assert_eq!(category_words("user.contact.email"), "Contact details");
    assert_eq!(
        category_words("user.health_and_medical"),
        "Health and medical information"
    );
    assert_eq!(category_words("user"), "Personal information");
    assert_eq!(category_words("user.custom_thing.x"), "Custom thing");
    assert_eq!(category_words("loyalty_points"), "Loyalty points");
}

#[test]
fn records_and_pseudonymous_items_are_shown() {
    // APPI Arts. 29-30 in the audit view: the record of each provision or
    // receipt, and how a receipt's provider was confirmed.
    let (code, review, stderr) = lawful(&[
        "notice",
        "--for",
        "review",
        "tests/fixtures/rules/provision-record-missing/valid.policy",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(review.contains("**Record kept:** 3 years"), "{review}");
    assert!(
        review.contains("**Record kept:** three years from the last delivery"),
        "{review}"
    );
    assert!(
        review.contains("**Provider confirmed:** the publisher's commercial registry entry"),
        "{review}"
    );
    // APPI Art. 41: readers are told which items are pseudonymously
    // processed, in both audiences and both formats.
    let fixture = "tests/fixtures/rules/pseudonymous-provision/valid.policy";
    for args in [
        &["notice", "--allow-missing", fixture][..],
        &["notice", "--allow-missing", "--format", "html", fixture],
        &["notice", "--for", "review", fixture],
    ] {
        let (code, notice, stderr) = lawful(args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(
            notice.contains("(pseudonymously processed)"),
            "{args:?}: {notice}"
        );
    }
}
