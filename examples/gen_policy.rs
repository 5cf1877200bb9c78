//! Generates a realistic policy set of N flows over several files, for
//! benchmarks (`benches/`, `scripts/bench.sh`) and determinism tests.
//!
//! ```sh
//! cargo run --release --example gen_policy -- --flows 100000 --files 12 --seed 1 --out /tmp/p100k
//! cargo run --release -- check /tmp/p100k/main.policy
//! ```
//!
//! The set is deterministic for a seed (a small built-in PRNG, no
//! dependency). Its shape follows a large group company: a root
//! `main.policy` (header, controller, rights, security, events, defaults,
//! organisation rules) importing `definitions.policy` (parties, contacts,
//! subjects, sources, methods, data, purposes, exceptions, joint use,
//! anonymous information) and `units/unit_NNN.policy`, one per business
//! unit, each of which imports `../definitions.policy` again (read once).
//! Every construct of the language appears. Names scale with N (about one
//! data item per 20 flows, one purpose per 50, one party per 100), and flows
//! come in chains that exercise the graph: collection → use → outsourcing
//! (with onward sub-processing) → provision to third parties (consent,
//! statutory exceptions, on request, by succession) → cross-border
//! transfers with safeguards. About one chain in 500 carries a deliberate
//! mistake (and the first unit always one), so the checker has findings to
//! report, as real policies do.

use std::fmt::Write as _;
use std::path::PathBuf;

/// splitmix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const CATEGORIES: &[&str] = &[
    "user.name",
    "user.contact.email",
    "user.contact.phone_number",
    "user.contact.address",
    "user.account.username",
    "user.behavior.browsing_history",
    "user.behavior.purchase_history",
    "user.device.ip_address",
    "user.device.cookie_id",
    "user.demographic.age_range",
    "user.location",
    "user.financial.bank_account",
];
const SPECIAL_CATEGORIES: &[&str] = &[
    "user.health_and_medical",
    "user.biometric",
    "user.demographic.religious_belief",
];
const PURPOSE_CATEGORIES: &[&str] = &[
    "service.provision",
    "service.support",
    "marketing.communications",
    "analytics.reporting",
    "essential.fraud_detection",
];
const BASES: &[&str] = &[
    "contract",
    "consent",
    "legal obligation",
    "legitimate interests",
    "contract, consent",
];
const RETENTIONS: &[&str] = &[
    "5 years",
    "for 90 days",
    "until purpose achieved",
    "until contract ends + 1 year",
    "until \"the warranty expires\" + 6 months",
    "as required by \"Companies Act\" cites APPI 22",
    "18 months",
];
const COUNTRIES: &[&str] = &["JP", "JP", "JP", "US", "DE"];

struct Args {
    flows: usize,
    files: usize,
    seed: u64,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        flows: 1000,
        files: 8,
        seed: 1,
        out: PathBuf::from("target/gen-policy"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = || {
            value
                .replace('_', "")
                .parse::<u64>()
                .map_err(|e| format!("{flag}: {e}"))
        };
        match flag.as_str() {
            "--flows" => args.flows = number()? as usize,
            "--files" => args.files = (number()? as usize).max(3),
            "--seed" => args.seed = number()?,
            "--out" => args.out = PathBuf::from(&value),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

/// The sizes of the name pools for N flows.
struct Sizes {
    data: usize,
    purposes: usize,
    processors: usize,
    third_parties: usize,
    subjects: usize,
    sources: usize,
    methods: usize,
    units: usize,
}

impl Sizes {
    fn for_flows(flows: usize, files: usize) -> Sizes {
        Sizes {
            // A multiple of 4: items travel in groups of four.
            data: (flows / 80).max(3) * 4,
            // At most one per group, so that every purpose is used.
            purposes: (flows / 160).max(3),
            processors: (flows / 200).max(3),
            third_parties: (flows / 200).max(3),
            subjects: (flows / 2000).max(3),
            sources: (flows / 5000).max(2),
            methods: (flows / 5000).max(2),
            units: files - 2,
        }
    }
}

/// A group of data items that travel together, with the purposes they are
/// collected for: flows of one chain pick from one group, so that what is
/// passed on is held for the purpose it is passed on for.
fn group_items(sizes: &Sizes, group: usize) -> Vec<usize> {
    let groups = sizes.data / 4;
    let g = group % groups;
    (0..4).map(|k| g * 4 + k).collect()
}

fn group_purposes(sizes: &Sizes, group: usize) -> [usize; 2] {
    let g = group % (sizes.data / 4);
    [g % sizes.purposes, (g * 7 + 3) % sizes.purposes]
}

/// About one item in 24 is special-care data.
fn is_special(i: usize) -> bool {
    i % 24 == 3
}

fn item(i: usize) -> String {
    format!("item_{i:05}")
}
fn purpose(i: usize) -> String {
    format!("purpose_{i:04}")
}
fn processor(i: usize) -> String {
    format!("processor_{i:04}")
}
fn sub_processor(i: usize) -> String {
    format!("subprocessor_{i:04}")
}
fn third_party(i: usize) -> String {
    format!("partner_{i:04}")
}
fn subject(i: usize) -> String {
    format!("subjects_{i:03}")
}
fn source(i: usize) -> String {
    format!("source_{i:03}")
}
fn method(i: usize) -> String {
    format!("method_{i:03}")
}

fn list(names: impl IntoIterator<Item = String>) -> String {
    names.into_iter().collect::<Vec<_>>().join(", ")
}

fn main_file(sizes: &Sizes, seed: u64) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Generated by `cargo run --example gen_policy` (seed {seed}). Do not edit."
    );
    s.push_str(
        r#"policy "Example Group Privacy Policy" under APPI, GDPR {
  effective 2020-04-01
  revised 2022-04-01
  revised 2024-04-01
  note "This policy applies to every service of the Example Group."
  commitment "We handle personal information only as far as our purposes need."
}

import "definitions.policy"
"#,
    );
    for unit in 0..sizes.units {
        let _ = writeln!(s, "import \"units/unit_{unit:03}.policy\"");
    }
    s.push_str(
        r#"
controller example "Example Group Holdings Co., Ltd." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example" title "President, Representative Director"
  protection manager "General Manager of Risk Management Department"
  certified "PrivacyMark (JIS Q 15001)"
  member of privacy_council
  complies with "JIS Q 15001 Personal Information Protection Management System Requirements"
  country "JP"
  url "https://example.invalid/"
  note "Listed on the Tokyo Stock Exchange."
  commitment "We review this policy every year."
}

retain until purpose achieved {
  note "After the retention period, data is deleted without delay."
  commitment "Backups are overwritten within 90 days."
}

rights {
  handles disclosure, correction, addition, deletion, cessation, purpose_notification, third_party_records, erasure, restriction, portability, objection
  identity "driver's license"
  identity "health insurance card" note "black out the insurer number"
  fee 1,000 yen (1,100 yen with tax) per request for disclosure, third_party_records
  refuse when "it would harm the life, body or property of a person"
  contact privacy_desk
  note "Requests are answered within two weeks."
  commitment "We never charge for correction or deletion."
}

security "Security control measures" {
  complies with "ISO/IEC 27001"
  measure policy "A basic policy for handling personal data."
  measure rules "Handling rules for each stage of the data life cycle."
  measure organizational, personnel "A protection manager and yearly training."
  measure physical, technical "Entry control, locked storage, access control and malware protection."
  note "Audited every year."
  commitment "We report incidents to the board within 24 hours."
}

on leakage via privacy_desk "We notify affected people and the authorities without delay."
on change "We announce changes on our website 30 days in advance."
on complaint via privacy_desk, complaints_desk "We answer complaints within two weeks. You may also complain to a supervisory authority."

commitment "We never sell personal information."

forbid no_biometric_marketing "No biometric data for marketing" {
  data any user.biometric
  purpose any marketing
  note "Set by the board; stricter than the law."
}
forbid no_health_outside_service "Health data only for the service" {
  data any user.health_and_medical
  purpose other service, essential
  subject none subjects_000
}
"#,
    );
    s
}

fn definitions_file(sizes: &Sizes, rng: &mut Rng) -> String {
    let mut s = String::new();
    s.push_str("# Shared declarations of the Example Group.\n\n");
    s.push_str(
        r#"party privacy_council "Broadcasting Privacy Council" as protection organization {
  url "https://council.example.invalid/"
}
party regulator "Personal Information Protection Commission" as authority { country "JP" }
party group_companies "Example Group companies" as joint users {
  scope "Example Group Holdings and its consolidated subsidiaries in Japan"
  country "JP"
}
party insurer "Example Life Insurance Co." as entrusting company {
  address "4-5-6 Example-cho, Minato-ku, Tokyo"
  representative "Taro Example" title "President"
  phone "03-0000-0000"
}
party successor "Example Successor Co." as third party { country "JP" }

contact privacy_desk "Example Privacy Desk" {
  handles "requests about personal information"
  phone "0120-000-000"
  hours "Weekdays 9:00-18:00"
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  url "https://example.invalid/privacy"
  email "privacy@example.invalid"
  person "Personal Information Protection Manager"
  note "Closed on public holidays."
}
contact complaints_desk "Example Complaints Desk" { email "complaints@example.invalid" }

exception based_on_law cites APPI 27(1)(i), GDPR 6(1)(c) "when based on laws and regulations"
exception life_or_property cites APPI 20(2)(ii), APPI 27(1)(ii), GDPR 9(2)(c)
  "when necessary to protect the life, body or property of a person and consent is difficult to obtain"
exception public_health cites APPI 27(1)(iii) "when especially necessary for improving public health"
exception state_affairs cites APPI 27(1)(iv) "when cooperating with a state organ performing affairs prescribed by laws"

"#,
    );
    for i in 0..sizes.processors {
        let country = rng.pick(COUNTRIES);
        let _ = writeln!(
            s,
            "party {} \"Processor {i} K.K.\" as processor {{ country \"{country}\" url \"https://p{i}.example.invalid/\" }}",
            processor(i)
        );
        let _ = writeln!(
            s,
            "party {} \"Sub-processor {i} Inc.\" as processor {{ country \"{country}\" }}",
            sub_processor(i)
        );
    }
    for i in 0..sizes.third_parties {
        let country = rng.pick(COUNTRIES);
        let _ = writeln!(
            s,
            "party {} \"Partner {i} Co., Ltd.\" as third party {{\n  country \"{country}\"\n  representative \"Partner {i} representative\"\n}}",
            third_party(i)
        );
    }
    s.push('\n');
    for i in 0..sizes.subjects {
        if i == 0 {
            let _ = writeln!(s, "subject {} \"Customers\"", subject(i));
        } else {
            let _ = writeln!(
                s,
                "subject {} \"Customer segment {i}\" treated as {}",
                subject(i),
                subject(0)
            );
        }
    }
    for i in 0..sizes.sources {
        let _ = writeln!(s, "source {} \"External data source {i}\"", source(i));
    }
    for i in 0..sizes.methods {
        let _ = writeln!(s, "method {} \"Acquisition channel {i}\"", method(i));
    }
    s.push('\n');
    // Data items, a few per declaration, about one in 25 special care.
    let mut i = 0;
    while i < sizes.data {
        let n = (1 + rng.below(4)).min(sizes.data - i);
        let mut parts = Vec::new();
        for k in i..i + n {
            if is_special(k) {
                parts.push(format!(
                    "{} \"Sensitive item {k}\" in {} : special care",
                    item(k),
                    rng.pick(SPECIAL_CATEGORIES)
                ));
            } else if rng.chance(3) {
                parts.push(item(k));
            } else {
                parts.push(format!(
                    "{} \"Data item {k}\" in {}",
                    item(k),
                    rng.pick(CATEGORIES)
                ));
            }
        }
        let _ = writeln!(s, "data {}", parts.join(",\n     "));
        i += n;
    }
    s.push('\n');
    for p in 0..sizes.purposes {
        let _ = writeln!(
            s,
            "purpose {} \"To run business process {p} of the group\" {{",
            purpose(p)
        );
        let _ = writeln!(s, "  basis {}", rng.pick(BASES));
        if !rng.chance(4) {
            let _ = writeln!(s, "  retain {}", rng.pick(RETENTIONS));
        }
        if p > 0 && rng.chance(8) {
            let _ = writeln!(s, "  within {}", purpose(rng.below(p)));
        }
        let _ = writeln!(s, "  category {}", rng.pick(PURPOSE_CATEGORIES));
        if rng.chance(2) {
            s.push_str("  disclosable\n");
        }
        if rng.chance(5) {
            s.push_str("  note \"Reviewed by the data protection officer.\"\n");
        }
        s.push_str("}\n");
    }
    s.push('\n');
    let items = list((0..4.min(sizes.data)).map(item));
    let _ = write!(
        s,
        r#"joint use group_sharing {{
  users group_companies
  items {items} except {except}
  purposes {p0}, {p1}
  acquired via {m0}
  responsible "Example Group Holdings Co., Ltd." {{
    address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
    representative "Hanako Example" title "President"
    note "Manages jointly used data for the whole group."
  }}
  retain until purpose achieved
  note "Shared within the group only."
  commitment "Joint users follow this policy."
}}

anonymous information usage_statistics "Anonymised usage statistics" {{
  items {items}
  provided by "reports published on our website"
  measure technical "k-anonymity (k >= 10) and removal of identifiers"
  note "Published quarterly."
  commitment "We never try to re-identify anyone."
}}
"#,
        except = item(3),
        p0 = purpose(0),
        p1 = purpose(1),
        m0 = method(0),
    );
    s
}

/// One business unit: a run of flow chains.
fn unit_file(sizes: &Sizes, unit: usize, flows: usize, rng: &mut Rng) -> String {
    let mut s = String::with_capacity(flows * 160);
    let _ = writeln!(
        s,
        "# Business unit {unit}.\nimport \"../definitions.policy\"\n"
    );
    let mut written = 0;
    if unit == 0 && flows >= 4 {
        // Statutory reporting to the regulator.
        let [pa, pb] = group_purposes(sizes, 0);
        let _ = writeln!(
            s,
            "collect {} from {} for {}, {} with consent\nprovide {} to regulator for {} under based_on_law {{ retain 1 year }}\nprovide {} to successor for {} by succession {{ retain until contract ends }}\noutsource {} to {} for {}\n",
            list(group_items(sizes, 0).into_iter().map(item)),
            subject(0),
            purpose(pa),
            purpose(pb),
            item(0),
            purpose(pa),
            item(1),
            purpose(pb),
            // Always one finding: an outsourcing with no contract.
            item(0),
            processor(0),
            purpose(pa)
        );
        written += 4;
    }
    let mut chain = unit * 1_000_003;
    while written < flows {
        chain += 1;
        let group = rng.below(sizes.data / 4);
        let items = group_items(sizes, group);
        let [pa, pb] = group_purposes(sizes, group);
        let some = |rng: &mut Rng, from: usize| -> String {
            let n = from + rng.below(items.len() - from);
            list(items[..n.max(1)].iter().map(|&i| item(i)))
        };
        let subj = subject(rng.below(sizes.subjects));
        let meth = method(rng.below(sizes.methods));
        let mistake = rng.chance(500);
        // Collection: everything in the group, for both of its purposes.
        let special = items.iter().any(|&i| is_special(i));
        let consent = if special { " with consent" } else { "" };
        match rng.below(6) {
            0 => {
                let src = source(rng.below(sizes.sources));
                let _ = writeln!(
                    s,
                    "collect {} from {src} about {subj} via {meth} for {}, {}{consent}",
                    list(items.iter().map(|&i| item(i))),
                    purpose(pa),
                    purpose(pb)
                );
            }
            1 => {
                let _ = writeln!(
                    s,
                    "collect {} from {subj} via {meth} for {}, {}{consent} {{\n  note \"Collected at sign-up (chain {chain}).\"\n}}",
                    list(items.iter().map(|&i| item(i))),
                    purpose(pa),
                    purpose(pb)
                );
            }
            2 => {
                let _ = writeln!(
                    s,
                    "collect {} from insurer about {subj} by example for {}, {}{consent}",
                    list(items.iter().map(|&i| item(i))),
                    purpose(pa),
                    purpose(pb)
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "collect {} from {subj} via {meth} for {}, {}{consent}",
                    list(items.iter().map(|&i| item(i))),
                    purpose(pa),
                    purpose(pb)
                );
            }
        }
        written += 1;
        if written >= flows {
            break;
        }
        // Use, sometimes for a purpose it was not collected for.
        let use_purpose = if mistake {
            (pa + 1) % sizes.purposes
        } else {
            pa
        };
        let _ = writeln!(
            s,
            "use {} for {}{consent}",
            some(rng, 1),
            purpose(use_purpose)
        );
        written += 1;
        if written >= flows {
            break;
        }
        // Outsourcing to a processor, and onward to its sub-processor.
        let r = rng.below(sizes.processors);
        if mistake && rng.chance(2) {
            let _ = writeln!(
                s,
                "outsource {} to {} for {}",
                some(rng, 1),
                processor(r),
                purpose(pa)
            );
        } else {
            let _ = writeln!(
                s,
                "outsource {} to {} for {}{consent} {{\n  contract \"data processing agreement {chain}\"\n  selected by \"vendor selection criteria v2\"\n  safeguard \"standard contractual clauses\"\n  retain 30 days\n}}",
                some(rng, 1),
                processor(r),
                purpose(pa)
            );
        }
        written += 1;
        if written >= flows {
            break;
        }
        if rng.chance(3) {
            let _ = writeln!(
                s,
                "outsource {} from {} to {} for {}{consent} {{\n  contract \"sub-processing agreement\"\n  selected by \"processor {r} criteria\"\n  safeguard \"standard contractual clauses\"\n  retain 30 days\n}}",
                item(items[0]),
                processor(r),
                sub_processor(r),
                purpose(pa)
            );
            written += 1;
            if written >= flows {
                break;
            }
        }
        // Provision to a third party on some ground.
        let t = third_party(rng.below(sizes.third_parties));
        let provided = some(rng, 1);
        let line = match rng.below(5) {
            0 | 1 => format!(
                "provide {provided} to {t} for {} with consent {{\n  safeguard \"equivalent measures under APPI Art. 28(1)\"\n  retain 1 year\n}}",
                purpose(pb)
            ),
            2 => format!(
                "provide {provided} to {t} for {} under {} {{\n  safeguard \"adequacy decision\"\n  retain 6 months\n}}",
                purpose(pb),
                rng.pick(&[
                    "based_on_law",
                    "life_or_property",
                    "public_health",
                    "state_affairs"
                ])
            ),
            3 => format!(
                "provide {provided} to {t} for {} on request with consent {{\n  safeguard \"consent to the transfer abroad\"\n  retain 2 years\n}}",
                purpose(pb)
            ),
            _ => format!("use {provided} for {} by example", purpose(pa)),
        };
        s.push_str(&line);
        s.push('\n');
        written += 1;
        if rng.chance(200) && written < flows {
            let _ = writeln!(
                s,
                "provide {} to successor for {} by succession {{ retain until contract ends }}",
                item(items[0]),
                purpose(pa)
            );
            written += 1;
        }
        s.push('\n');
    }
    s
}

/// The files of a generated policy set, relative to its directory, root
/// (`main.policy`) first. `files` is at least 3: the root, the shared
/// definitions and one business unit.
pub fn generate(flows: usize, files: usize, seed: u64) -> Vec<(PathBuf, String)> {
    let sizes = Sizes::for_flows(flows, files.max(3));
    let mut rng = Rng(seed);
    let mut out = vec![
        (PathBuf::from("main.policy"), main_file(&sizes, seed)),
        (
            PathBuf::from("definitions.policy"),
            definitions_file(&sizes, &mut rng),
        ),
    ];
    for unit in 0..sizes.units {
        let share = flows / sizes.units + usize::from(unit < flows % sizes.units);
        out.push((
            PathBuf::from(format!("units/unit_{unit:03}.policy")),
            unit_file(&sizes, unit, share, &mut rng),
        ));
    }
    out
}

/// Writes a generated policy set under `dir`; returns its size in bytes.
pub fn write(dir: &std::path::Path, files: &[(PathBuf, String)]) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir.join("units"))?;
    let mut bytes = 0;
    for (path, text) in files {
        bytes += text.len();
        std::fs::write(dir.join(path), text)?;
    }
    Ok(bytes)
}

fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("usage: gen_policy --flows N [--files F (>= 3)] [--seed S] [--out DIR]");
            std::process::exit(2);
        }
    };
    let files = generate(args.flows, args.files, args.seed);
    match write(&args.out, &files) {
        Ok(bytes) => println!(
            "{} flows, {} files, {bytes} bytes in {}",
            args.flows,
            files.len(),
            args.out.display()
        ),
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", args.out.display());
            std::process::exit(2);
        }
    }
}
