//! `lawful notice` and `lawful ropa`: snapshots of every format for the
//! flagship policy and for a small GDPR fixture, escaping, CSV quoting, and
//! the commands' exit codes.

use std::path::{Path, PathBuf};
use std::process::Command;

use lawful::render::{notice, ropa};

fn jcom() -> lawful::Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/jcom.policy");
    let report = lawful::check_paths(&[path]);
    assert!(
        report.io_errors.is_empty(),
        "cannot read policies/jcom.policy"
    );
    report
}

fn compile(source: &str) -> lawful::Report {
    let report = lawful::check_source("fixture.policy", source);
    let syntax: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == lawful::Code::SyntaxError)
        .map(|d| d.message.as_str())
        .collect();
    assert!(syntax.is_empty(), "fixture does not parse: {syntax:?}");
    report
}

/// What jcom lacks: GDPR, processors abroad (with and without safeguards),
/// retention durations, anonymously processed information with items, a
/// joint use with its scope, a rights contact, an authority, an onward
/// transfer, a succession, a provision on request.
const NORTHWIND: &str = r#"
policy "Northwind Library Privacy Notice" under APPI, GDPR {
  effective 2024-04-01
  revised 2024-10-01
  revised 2025-01-15
  note "This notice applies to all Northwind services."
  commitment "We never sell personal information."
}

controller northwind "Northwind Library Co., Ltd." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example" title "President"
  protection manager "Head of Legal"
  certified "PrivacyMark (JIS Q 15001)"
  complies with "JIS Q 15001"
  member of library_privacy_council
  country "JP"
  url "https://northwind.example/"
  dpo desk
  eu representative eu_rep
}

party eu_rep "Northwind EU Representative B.V." as third party {
  country "NL"
  address "1 Voorbeeldstraat, Amsterdam"
}
party library_privacy_council "Library Privacy Council" as protection organization {
  url "https://privacy-council.example/"
}
party mailer "Mailer Inc." as processor { country "US" }
party printer "Quick Print GmbH" as processor { country "DE" }
party bulk_sender "Bulk Sender LLC" as processor { country "US" }
party insurer "Example Insurance Co." as third party { country "JP" }
party new_owner "Northwind Holdings" as third party { country "JP" }
party partner "Partner Books K.K." as third party { country "JP" }
party northwind_group "Northwind Group companies" as joint users {
  scope "Northwind Library Co., Ltd. and its subsidiaries in Japan"
  country "JP"
}
party ppc "Personal Information Protection Commission" as authority {
  country "JP"
  url "https://www.ppc.go.jp/"
}

contact desk "Northwind Privacy Desk" {
  handles "requests and complaints about personal information"
  email "privacy@northwind.example"
  phone "0120-000-000"
  hours "Weekdays 9:00-18:00"
}

subject members "Library members"
subject past_members "Former members" treated as members
subject young_members "Members under 16" child under 16
source public_information "Publicly available information"
method web_form "Our web sign-up form"

data name "Name" in user.name,
     email "E-mail address" in user.contact.email,
     loan_history "Books borrowed" in user.behavior
data reading_disability "Reading disability" in user.health_and_medical : special care
data communication_secrets "Content of messages between members" in user.contact

purpose lending "To lend books and send due-date reminders" {
  basis contract
  requirement "Needed to enter the membership contract; without it we cannot lend books"
  automated decision logic "Accounts with a book overdue by 30 days are suspended"
    consequences "You cannot borrow until the book is returned; staff review a suspension on request"
  retain until contract ends + 1 year
  disclosable
}
purpose accessible_lending "To provide large-print and audio books" {
  basis consent
  within lending
}
purpose newsletter "To send our monthly newsletter" {
  basis consent
  retain 2 years
}
purpose claims "To handle insurance claims for damaged books" {
  basis contract
  retain as required by "Insurance Business Act" cites APPI 22
}
purpose partner_signup "To sign members up for partner offers they ask for"
purpose statistics "To publish borrowing statistics" {
  basis legitimate interests
  interests "Helping libraries plan which books to buy"
}

retain until purpose achieved

exception life_or_property cites APPI 27(1)(ii), GDPR 9(2)(c)
  "necessary to protect the life, body or property of a person"

collect name, email, loan_history from members, past_members via web_form for lending, newsletter, claims, partner_signup
collect name from public_information about members for lending
collect reading_disability from members via web_form for accessible_lending with consent
collect email from young_members via web_form for newsletter with parental consent
use loan_history for statistics

outsource email to mailer for newsletter {
  contract "data processing agreement 2024-03"
  selected by "vendor selection criteria v2"
  safeguard "standard contractual clauses (2021/914)"
  retain 30 days
}
outsource email from mailer to bulk_sender for newsletter {
  contract "sub-processing agreement"
}
outsource name to printer for lending
provide name, loan_history to insurer for claims with consent
provide reading_disability to insurer for accessible_lending under life_or_property
provide name, email to partner for partner_signup on request
provide name, email, loan_history to new_owner for lending by succession

joint use group_lending {
  users northwind_group
  items name, email, loan_history except communication_secrets
  purposes lending
  acquired via web_form
  responsible "Northwind Library Co., Ltd." {
    address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
    representative "Hanako Example" title "President"
  }
  retain 1 year
}

anonymous information loan_statistics "Anonymised borrowing statistics" {
  items loan_history
  provided by "published reports"
  measure technical "k-anonymity (k >= 10) and removal of member identifiers"
}

rights {
  handles disclosure, correction, deletion, cessation, erasure, portability, objection, withdrawal
  identity "driver's license" note "a copy is enough"
  fee 1,000 yen (1,100 yen with tax) per request for disclosure
  refuse when "disclosure would harm the rights of a third party"
  contact desk
}

security {
  measure organizational "A protection manager supervises handling."
  measure physical, technical "Locked storage and access control."
}

on leakage via desk "We notify affected members and the authorities without delay."
on change "We announce changes on our website 30 days in advance."
on complaint via desk "We answer complaints within two weeks. You may also complain to a supervisory authority."

forbid no_health_marketing "No health data for marketing" {
  data any user.health_and_medical
  purpose any marketing
}
"#;

#[test]
fn jcom_notice_markdown() {
    let report = jcom();
    let c = &report.compiled[0];
    insta::assert_snapshot!("jcom_notice_md", notice::to_markdown(&c.model, &c.graph));
}

#[test]
fn jcom_notice_html() {
    let report = jcom();
    let c = &report.compiled[0];
    insta::assert_snapshot!("jcom_notice_html", notice::to_html(&c.model, &c.graph));
}

#[test]
fn jcom_ropa_markdown() {
    let report = jcom();
    let c = &report.compiled[0];
    insta::assert_snapshot!("jcom_ropa_md", ropa::to_markdown(&c.model, &c.graph));
}

#[test]
fn jcom_ropa_csv() {
    let report = jcom();
    let c = &report.compiled[0];
    insta::assert_snapshot!("jcom_ropa_csv", ropa::to_csv(&c.model, &c.graph));
}

#[test]
fn northwind_notice_markdown() {
    let report = compile(NORTHWIND);
    let c = &report.compiled[0];
    insta::assert_snapshot!(
        "northwind_notice_md",
        notice::to_markdown(&c.model, &c.graph)
    );
}

#[test]
fn northwind_notice_html() {
    let report = compile(NORTHWIND);
    let c = &report.compiled[0];
    insta::assert_snapshot!("northwind_notice_html", notice::to_html(&c.model, &c.graph));
}

#[test]
fn northwind_ropa_markdown() {
    let report = compile(NORTHWIND);
    let c = &report.compiled[0];
    insta::assert_snapshot!("northwind_ropa_md", ropa::to_markdown(&c.model, &c.graph));
}

#[test]
fn northwind_ropa_csv() {
    let report = compile(NORTHWIND);
    let c = &report.compiled[0];
    insta::assert_snapshot!("northwind_ropa_csv", ropa::to_csv(&c.model, &c.graph));
}

/// Every heading of the seed document has its content in the notice. Each
/// pair is a seed heading and a phrase of the notice that carries it.
#[test]
fn jcom_notice_covers_every_seed_section() {
    let report = jcom();
    let c = &report.compiled[0];
    let md = notice::to_markdown(&c.model, &c.graph);
    let sections = [
        ("Privacy policy", "# JCOM Co., Ltd. Privacy Policy"),
        (
            "(declaration)",
            "in order to widely provide various services and information to its customers",
        ),
        (
            "Basic policy",
            "We will continuously improve the personal information protection management system",
        ),
        (
            "Basic policy: leakage",
            "## 10. Response to leakage\n\nIn the event of a leakage",
        ),
        (
            "Basic policy: retention",
            "**Default retention:** until the purpose of use is achieved",
        ),
        (
            "Basic policy: changes",
            "We may change the contents of this privacy policy as necessary.",
        ),
        (
            "Basic policy: signature",
            "**Representative:** Yoichi Iwaki, President, Representative Director",
        ),
        (
            "Basic policy: dates",
            "- **Effective:** 2004-12-01\n- **Revised:** 2020-04-01",
        ),
        (
            "Inquiries about personal information protection policy",
            "inquiries regarding our personal information protection policy",
        ),
        (
            "Acquisition and use of personal information",
            "for the purpose of overall operation of J:COM service",
        ),
        (
            "Acquisition and use: main purposes",
            "To confirm registration for various membership services and to provide services",
        ),
        (
            "Acquisition and use: recorded calls",
            "over the phone (the call may be recorded)",
        ),
        (
            "Acquisition and use: questionnaires",
            "for the purpose of improving existing services or developing new services",
        ),
        (
            "Acquisition and use: public information",
            "publicly available information",
        ),
        (
            "Provision of personal information to third parties",
            "### Provision to third parties",
        ),
        (
            "Provision: outsourcing",
            "the contractor selection criteria established by our company",
        ),
        (
            "Provision: entrusted to us",
            "use it within the scope of the contract",
        ),
        (
            "Shared use of personal information",
            "#### Joint use with J:COM Group companies",
        ),
        (
            "Shared use: 1. items",
            "**Items jointly used:** Name; address; phone number",
        ),
        (
            "Shared use: 3. purposes",
            "To display recommended information based on viewing information",
        ),
        (
            "Shared use: 4. acquisition",
            "**Acquisition method:** application forms; the Internet; postcards",
        ),
        (
            "Shared use: 5. responsible person",
            "**Person responsible for management:** JCOM Co., Ltd. Personal Information Protection Manager",
        ),
        (
            "Management of personal information",
            "### Management of personal information",
        ),
        (
            "Reporting and writing purposes",
            "must not use personal information for such purposes",
        ),
        ("Security control measures", "### Security control measures"),
        (
            "Security control measures: personnel",
            "**Personnel:** We regularly provide employees with education",
        ),
        (
            "Disclosure, Correction, Addition, Deletion",
            "## 9. Your rights",
        ),
        (
            "Disclosure: identity documents",
            "Health insurance card — (When sending a copy",
        ),
        (
            "Disclosure: fee",
            "1,000 yen (1,100 yen with tax) per request",
        ),
        (
            "About insurance agency business",
            "insurance agency services entrusted by insurance companies",
        ),
        (
            "Insurance agency: special care",
            "## 5. Special-care-required personal information",
        ),
        (
            "Insurance agency: statutory exceptions",
            "APPI Art. 20(2)(iv)",
        ),
        (
            "Insurance agency: biometrics",
            "biometric authentication information",
        ),
        (
            "Handling of anonymously processed information",
            "## 7. Anonymously processed information",
        ),
        (
            "Inquiries about personal information",
            "inquiries regarding personal information managed by the Company",
        ),
        (
            "About Authorized Personal Information Protection Organization",
            "Personal Information Protection Center (Broadcasting Security Center)",
        ),
        (
            "Authorized organization: contact",
            "http://www.sarc.or.jp/hogo/kaiketu.html",
        ),
    ];
    let absent: Vec<&str> = sections
        .iter()
        .filter(|(_, phrase)| !md.contains(phrase))
        .map(|(h, _)| *h)
        .collect();
    assert!(
        absent.is_empty(),
        "seed sections missing from the notice: {absent:?}"
    );
}

/// What the seed does not state is shown as missing, not filled in.
#[test]
fn jcom_notice_shows_what_is_missing() {
    let report = jcom();
    let c = &report.compiled[0];
    let md = notice::to_markdown(&c.model, &c.graph);
    for missing in [
        "**Scope of joint users:** **Not stated in the policy.**",
        "**Where to send requests:** **Not stated in the policy.**",
        "**Items it contains:** **Not stated in the policy.**",
        "**Method of provision:** **Not stated in the policy.**",
    ] {
        assert!(md.contains(missing), "expected {missing:?}");
    }
}

/// The GDPR Art. 13/14 matters the policy states are shown, and those it
/// leaves out where they apply are marked missing.
#[test]
fn northwind_notice_shows_the_gdpr_notice_matters() {
    let report = compile(NORTHWIND);
    let c = &report.compiled[0];
    let md = notice::to_markdown(&c.model, &c.graph);
    for shown in [
        "**Data protection officer:** Northwind Privacy Desk, 0120-000-000, privacy@northwind.example",
        "**Representative in the Union:** Northwind EU Representative B.V., 1 Voorbeeldstraat, Amsterdam, NL",
        "**Legitimate interests pursued:** Helping libraries plan which books to buy",
        "**Whether you must provide the data:** Needed to enter the membership contract",
        "**Automated decision-making, including profiling: the logic involved:** Accounts with a book overdue",
        "**Automated decision-making: its significance and consequences for you:** You cannot borrow",
        "Withdrawal of consent, at any time (GDPR Art. 7(3))",
        "Members under 16 (children under 16)",
        "**Conditions:** with consent given or authorised by the holder of parental responsibility",
        // `newsletter` is collected from members and states no requirement.
        "**Whether you must provide the data:** **Not stated in the policy.**",
    ] {
        assert!(md.contains(shown), "expected {shown:?} in:\n{md}");
    }
    let record = ropa::to_markdown(&c.model, &c.graph);
    for shown in [
        "| Representative in the Union (Art. 27) | Northwind EU Representative B.V.",
        "| Data protection officer | Northwind Privacy Desk",
        "legitimate interests: Helping libraries plan which books to buy",
        "Members under 16 (children under 16)",
        // A controller in the EEA needs no representative, and `dpo none`
        // is shown with its reason (the second policy below).
    ] {
        assert!(record.contains(shown), "expected {shown:?} in:\n{record}");
    }
    let report = compile(
        "policy \"P\" under GDPR\n\
         controller c \"Example GmbH\" { country \"DE\" dpo none \"Art. 37(1) does not apply\" }\n",
    );
    let c = &report.compiled[0];
    let record = ropa::to_markdown(&c.model, &c.graph);
    let md = notice::to_markdown(&c.model, &c.graph);
    assert!(
        record.contains("| Representative in the Union (Art. 27) | none needed (the controller is established in the EEA) |")
            && record.contains("| Data protection officer | none designated (Art. 37(1) does not apply) |"),
        "{record}"
    );
    assert!(
        md.contains("**Data protection officer:** none designated (Art. 37(1) does not apply)")
            && !md.contains("Representative in the Union"),
        "{md}"
    );
}

const HOSTILE: &str = r##"
policy "Acme <script>alert(1)</script> & Co" under GDPR
controller acme "Acme <b>Corp</b> & Sons | *Ltd* _x_ `y` [z](http://evil) &amp;" {
  address "# Not a heading"
  url "javascript:alert(1)"
}
contact desk "1. Desk" { url "https://acme.example/?a=1&b=<2>" }
subject people "- people"
data name "> quoted" in user.name
purpose p "Send \"news\", offers
and more" { basis consent }
collect name from people for p
on complaint via desk "Write to us"
"##;

#[test]
fn html_escapes_every_user_string() {
    let report = compile(HOSTILE);
    let c = &report.compiled[0];
    let html = notice::to_html(&c.model, &c.graph);
    assert!(!html.contains("<script>"), "unescaped script tag");
    assert!(!html.contains("<b>"), "unescaped markup");
    assert!(html.contains("<title>Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</title>"));
    assert!(html.contains(
        "Acme &lt;b&gt;Corp&lt;/b&gt; &amp; Sons | *Ltd* _x_ `y` [z](http://evil) &amp;amp;"
    ));
    // Only http(s) URLs become links, and their text is escaped too.
    assert!(!html.contains("href=\"javascript:"));
    assert!(html.contains("<a href=\"https://acme.example/?a=1&amp;b=&lt;2&gt;\">"));
    // No external assets.
    for external in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!html.contains(external), "external asset: {external}");
    }
    insta::assert_snapshot!("hostile_notice_html", html);
}

#[test]
fn markdown_escapes_what_would_break_it() {
    let report = compile(HOSTILE);
    let c = &report.compiled[0];
    let md = notice::to_markdown(&c.model, &c.graph);
    assert!(md.starts_with("# Acme \\<script>alert(1)\\</script> & Co\n"));
    assert!(md.contains(
        "Acme \\<b>Corp\\</b> & Sons \\| \\*Ltd\\* \\_x\\_ \\`y\\` \\[z](http://evil) \\&amp;"
    ));
    // Block markers at the start of a line are escaped; inside a line they are not.
    assert!(md.contains("**Address:** # Not a heading"));
    assert!(md.contains("- **1. Desk**"));
    assert!(md.contains("- \\- people"));
    // A table cell never breaks its row: pipes are escaped, line breaks folded.
    assert!(md.contains("| user.name | > quoted |  |"), "{md}");
    assert!(md.contains("Send \"news\", offers and more"));
    let ropa = ropa::to_markdown(&c.model, &c.graph);
    assert!(ropa.contains("| Name | Acme \\<b>Corp\\</b> & Sons \\| \\*Ltd\\* \\_x\\_ \\`y\\` \\[z](http://evil) \\&amp; |"));
    insta::assert_snapshot!("hostile_notice_md", md);
}

/// Splits RFC 4180 CSV into records of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "quote inside an unquoted field");
                quoted = true;
            }
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CR without LF"),
            (false, '\n') => panic!("record not ended by CRLF"),
            (false, c) => field.push(c),
        }
        if !quoted && c == '\r' {
            record.push(std::mem::take(&mut field));
            records.push(std::mem::take(&mut record));
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(
        field.is_empty() && record.is_empty(),
        "last record not ended by CRLF"
    );
    records
}

#[test]
fn csv_quotes_commas_quotes_and_newlines() {
    let report = compile(HOSTILE);
    let c = &report.compiled[0];
    let csv = ropa::to_csv(&c.model, &c.graph);
    assert!(
        csv.contains(",\"Send \"\"news\"\", offers\nand more\","),
        "{csv}"
    );
    let records = parse_csv(&csv);
    assert_eq!(records.len(), 2, "a header and one activity");
    assert_eq!(records[0].len(), records[1].len());
    let column = |name: &str| records[0].iter().position(|h| h == name).unwrap();
    assert_eq!(
        records[1][column("purposes")],
        "Send \"news\", offers\nand more"
    );
    assert_eq!(
        records[1][column("controller")],
        "Acme <b>Corp</b> & Sons | *Ltd* _x_ `y` [z](http://evil) &amp;"
    );
    assert_eq!(
        records[1][column("recipients")],
        "none (no outsourcing, provision or joint use for this purpose)"
    );
    assert_eq!(records[1][column("erasure_time_limits")], "not stated");
}

/// Issue 13: a cell a spreadsheet would run as a formula (OWASP: starting
/// with `=`, `+`, `-`, `@`, tab or CR) is written as text.
#[test]
fn csv_cells_never_start_a_formula() {
    let text = "policy \"P\" under GDPR\n\
                controller c \"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\n\
                subject s \"@SUM(1+1)\"\n\
                data email \"+cmd|' /C calc'!A0\"\n\
                purpose p \"-2+3\" { basis consent retain 1 year }\n\
                collect email from s for p with consent\n"
        .replace("\"\"", "\\\"");
    let report = compile(&text);
    let c = &report.compiled[0];
    let csv = ropa::to_csv(&c.model, &c.graph);
    let fields: Vec<String> = parse_csv(&csv).concat();
    assert!(fields.iter().any(|f| f.contains("HYPERLINK")), "{csv}");
    for field in &fields {
        assert!(
            !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell a spreadsheet reads as a formula: {field:?}\n{csv}"
        );
    }
    assert!(fields.iter().any(|f| f.starts_with("'=HYPERLINK(\"http")));
}

#[test]
fn every_csv_row_has_every_column() {
    for report in [jcom(), compile(NORTHWIND)] {
        let c = &report.compiled[0];
        let records = parse_csv(&ropa::to_csv(&c.model, &c.graph));
        assert_eq!(
            records.len(),
            c.model.purposes.len() + 1,
            "one row per purpose"
        );
        assert!(records.iter().all(|r| r.len() == records[0].len()));
    }
}

#[test]
fn output_is_deterministic() {
    let a = compile(NORTHWIND);
    let b = compile(NORTHWIND);
    let (a, b) = (&a.compiled[0], &b.compiled[0]);
    assert_eq!(
        notice::to_markdown(&a.model, &a.graph),
        notice::to_markdown(&b.model, &b.graph)
    );
    assert_eq!(
        notice::to_html(&a.model, &a.graph),
        notice::to_html(&b.model, &b.graph)
    );
    assert_eq!(
        ropa::to_csv(&a.model, &a.graph),
        ropa::to_csv(&b.model, &b.graph)
    );
}

// --- The commands ----------------------------------------------------------

fn lawful(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(args)
        .output()
        .expect("run lawful");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lawful-generate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn commands_generate_despite_findings() {
    let jcom = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/jcom.policy");
    for (command, format, start) in [
        ("notice", "md", "# JCOM Co., Ltd. Privacy Policy\n"),
        ("notice", "html", "<!DOCTYPE html>\n"),
        (
            "ropa",
            "md",
            "# Record of processing activities: JCOM Co., Ltd.\n",
        ),
        ("ropa", "csv", "controller,controller_contact,activity,"),
    ] {
        // The review notice: the public one is refused while the seed
        // lacks required matters (tests/notice.rs).
        let audience: &[&str] = if command == "notice" {
            &["--for", "review"]
        } else {
            &[]
        };
        let (code, stdout, stderr) =
            lawful(&[&[command, jcom, "--format", format], audience].concat());
        assert_eq!(code, 0, "{command} {format}: {stderr}");
        assert!(
            stdout.starts_with(start),
            "{command} {format}: {stdout:.80}"
        );
        assert!(stderr.is_empty(), "{command} {format}: {stderr}");
    }
}

#[test]
fn commands_write_to_a_file() {
    let out = temp("notice.html", "");
    let jcom = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/jcom.policy");
    let (code, stdout, _) = lawful(&[
        "notice",
        jcom,
        "--for",
        "review",
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(stdout.is_empty());
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn commands_exit_1_on_syntax_errors_and_still_generate() {
    let path = temp(
        "broken.policy",
        "policy \"Broken\" under APPI\ncontroller acme \"Acme\"\ndata name\npurpose p \"To do things\"\ncollect name from )( for p\n",
    );
    for command in ["notice", "ropa"] {
        let audience: &[&str] = if command == "notice" {
            &["--for", "review"]
        } else {
            &[]
        };
        let (code, stdout, stderr) =
            lawful(&[&[command, path.to_str().unwrap()], audience].concat());
        assert_eq!(code, 1, "{command}: {stderr}");
        assert!(
            stdout.starts_with('#'),
            "{command} still generates: {stdout:.80}"
        );
        assert!(stderr.contains("syntax-error"), "{command}: {stderr}");
    }
}

#[test]
fn commands_exit_2_on_unreadable_files() {
    for command in ["notice", "ropa"] {
        let (code, stdout, stderr) = lawful(&[command, "does/not/exist.policy"]);
        assert_eq!(code, 2, "{command}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("error:"), "{command}: {stderr}");
    }
}
