//! Fides resources → lawful policy text.
//!
//! | Fides | lawful |
//! |---|---|
//! | organization | the `controller`; its `data_protection_officer` a contact named by `dpo`, its `representative` a party named by `eu representative` (GDPR Art. 27), its `controller` details a contact |
//! | data subject key | a `subject` (named by its key, so `subject` matchers can name it) |
//! | data category key | a `data` item `in` that category; special categories `: special care` |
//! | data use (+ legal basis + retention) | a `purpose` with `category <use>`, `basis`, `retain` |
//! | system | a `party … as processor` |
//! | privacy declaration | `collect ITEMS from SUBJECTS by SYSTEM for PURPOSE` |
//! | referenced dataset (and its collections and fields) | one more `collect` for each part that decides a policy rule, and one with special-category data ([`chosen_parts`]) |
//! | legal_basis_for_processing `Consent` | `basis consent` on the purpose and `with consent` on the declaration's flows |
//! | special_category_legal_basis | `with explicit consent` or `under` an exception citing GDPR Art. 9(2) |
//! | third parties | a `party … as third party` and a `provide` |
//! | egress / ingress | `outsource … from SYSTEM to SYSTEM` (systems are the controller's processors) |
//! | does_international_transfers | a `provide` to a party `outside the EEA`, with each legal basis for transfers as a `safeguard` |
//! | policy rule | a `forbid` rule with one matcher per dimension |

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::manifest::*;
use super::{ManifestFile, unmapped};
use crate::import::Unmapped;
use crate::import::source::{Names, comment, is_path, string};
use crate::import::taxonomy::{Keys, default_taxonomy, is_special};

/// Manifests converted to policy source.
pub struct Converted {
    pub source: String,
    pub reports: Vec<Unmapped>,
}

/// Converts manifests to policy source and reports.
pub fn convert(files: &[ManifestFile]) -> Converted {
    let mut cx = Cx::default();
    cx.run(files);
    Converted {
        source: cx.out,
        reports: cx.reports,
    }
}

#[derive(Default)]
struct Cx {
    out: String,
    reports: Vec<Unmapped>,
    /// Every name given, so that no two declarations share one.
    names: Names,
    /// Fides key → lawful name, per kind.
    subjects: BTreeMap<String, String>,
    /// Subjects that only policy rules name (none is declared).
    rule_subjects: BTreeMap<String, String>,
    items: BTreeMap<String, String>,
    systems: BTreeMap<String, String>,
    /// Custom taxonomy keys declared in the manifests.
    custom_categories: Keys,
    custom_uses: Keys,
    custom_subjects: Keys,
}

/// A purpose: one per distinct (data use, legal basis, retention).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct PurposeKey {
    data_use: String,
    basis: Option<&'static str>,
    retention: Option<String>,
}

/// A policy rule as it is written: `forbid NAME "TITLE" { MATCHERS NOTES }`.
struct Rule {
    /// The Fides rule name, which the lawful name is made from.
    key: String,
    title: String,
    /// `data`, `purpose` or `subject`, how, and the values (for subjects,
    /// Fides keys).
    matchers: Vec<(&'static str, Matches, Vec<String>)>,
    notes: Vec<String>,
}

impl Rule {
    /// Whether the rule's data matcher (if it has one) matches a flow of
    /// items in these categories, as `forbidden-processing` (and Fides)
    /// evaluates it: a category is matched when it lies at or below a
    /// listed path. Categories that are no dotted path give their item no
    /// category, so they are not counted.
    fn data_matches(&self, categories: &[String]) -> bool {
        let Some((_, how, listed)) = self.matchers.iter().find(|m| m.0 == "data") else {
            return true;
        };
        let (mut matched, mut unmatched) = (false, false);
        for c in categories.iter().filter(|c| is_path(c)) {
            let hit = listed.iter().any(|l| {
                c.strip_prefix(l.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            });
            matched |= hit;
            unmatched |= !hit;
        }
        match how {
            Matches::Any => matched,
            Matches::All => matched && !unmatched,
            Matches::None => !matched && unmatched,
            Matches::Other => unmatched,
        }
    }
}

/// A dataset, its parts, and the parts its references import.
struct DatasetParts<'a> {
    file: &'a str,
    index: usize,
    dataset: &'a Dataset,
    /// Filled in when a declaration first references the dataset.
    parts: Vec<(String, Vec<String>)>,
    chosen: Vec<usize>,
    referenced: bool,
}

/// The parts of a dataset (indexes into `parts`, in order) that a
/// declaration referencing it imports as flows of its own.
///
/// Fides evaluates a declaration with each part's categories in turn, so a
/// rule is violated when some part matches it. Writing every part for every
/// declaration that references the dataset would make the policy grow with
/// their product (689 KB of manifests made 754 MB), and the language has no
/// name for a set of flows to refer to instead. What decides Fides'
/// verdicts is, for each rule, whether some part matches its data matcher
/// (the rest of the rule is the declaration's): so for each rule, the first
/// part that matches it. Each part taken is a real part, so it matches no
/// rule that no part matches, and the findings are Fides' violations
/// exactly. One part with special-category data is taken too (when none
/// taken has any), so that processing it without a special-category legal
/// basis is still found. So a reference costs at most one part per rule
/// and one more, whatever the size of the dataset.
///
/// A rule whose data matcher is `ANY` (Fides' usual one) finds its part
/// through an index of the dataset's categories and their ancestors, in
/// time linear in its values; `ALL`, `NONE` and `OTHER` read the parts in
/// order up to the first that matches.
fn chosen_parts(parts: &[(String, Vec<String>)], rules: &[Rule]) -> Vec<usize> {
    // Each category path and each of its ancestors (`user`, `user.contact`
    // for `user.contact.email`): the first part with a category at or below it.
    let mut first_below: HashMap<&str, usize> = HashMap::new();
    for (i, (_, categories)) in parts.iter().enumerate() {
        for c in categories.iter().filter(|c| is_path(c)) {
            let ends = c.match_indices('.').map(|(at, _)| at).chain([c.len()]);
            for end in ends {
                first_below.entry(&c[..end]).or_insert(i);
            }
        }
    }
    let mut chosen = vec![false; parts.len()];
    for rule in rules {
        let first = match rule.matchers.iter().find(|m| m.0 == "data") {
            Some((_, Matches::Any, listed)) => listed
                .iter()
                .filter_map(|l| first_below.get(l.as_str()).copied())
                .min(),
            _ => parts.iter().position(|p| rule.data_matches(&p.1)),
        };
        if let Some(i) = first {
            chosen[i] = true;
        }
    }
    let special = |i: &usize| parts[*i].1.iter().any(|c| is_special(c));
    if !(0..parts.len()).any(|i| chosen[i] && special(&i))
        && let Some(i) = (0..parts.len()).find(special)
    {
        chosen[i] = true;
    }
    (0..parts.len()).filter(|&i| chosen[i]).collect()
}

fn legal_basis(text: &str) -> Option<&'static str> {
    match text.trim().to_ascii_lowercase().as_str() {
        "consent" => Some("consent"),
        "contract" => Some("contract"),
        "legal obligation" | "legal obligations" => Some("legal obligation"),
        "vital interest" | "vital interests" => Some("vital interests"),
        "public interest" => Some("public interest"),
        "legitimate interest" | "legitimate interests" => Some("legitimate interests"),
        _ => None,
    }
}

/// A special-category legal basis: `None` for explicit consent (a flow
/// `with explicit consent`), else the exception's name and GDPR Art. 9(2) point.
#[allow(clippy::type_complexity)]
fn special_basis(text: &str) -> Option<Option<(&'static str, &'static str)>> {
    let t = text.trim().to_ascii_lowercase();
    let found = [
        ("explicit consent", None),
        ("consent", None),
        (
            "employment",
            Some(("special_category_employment", "9(2)(b)")),
        ),
        (
            "vital interest",
            Some(("special_category_vital_interests", "9(2)(c)")),
        ),
        (
            "not-for-profit",
            Some(("special_category_not_for_profit", "9(2)(d)")),
        ),
        (
            "non-profit",
            Some(("special_category_not_for_profit", "9(2)(d)")),
        ),
        (
            "made public",
            Some(("special_category_made_public", "9(2)(e)")),
        ),
        (
            "public by data subject",
            Some(("special_category_made_public", "9(2)(e)")),
        ),
        (
            "legal claims",
            Some(("special_category_legal_claims", "9(2)(f)")),
        ),
        (
            "substantial public interest",
            Some(("special_category_public_interest", "9(2)(g)")),
        ),
        (
            "health or social care",
            Some(("special_category_health_care", "9(2)(h)")),
        ),
        ("medical", Some(("special_category_health_care", "9(2)(h)"))),
        (
            "public health",
            Some(("special_category_public_health", "9(2)(i)")),
        ),
        ("archiving", Some(("special_category_research", "9(2)(j)"))),
    ];
    found
        .iter()
        .find(|(prefix, _)| t.starts_with(prefix) || (prefix.len() > 8 && t.contains(prefix)))
        .map(|(_, v)| *v)
}

/// Reads a duration out of free text: `retain` syntax, or `None`.
/// "5 years" → `5 years`; "30 days after account closure" →
/// `until "account closure" + 30 days`; "indefinitely" → `indefinitely`.
pub(crate) fn retention(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| {
        matches!(
            *w,
            "indefinite" | "indefinitely" | "forever" | "permanently"
        )
    }) {
        return Some("indefinitely".into());
    }
    const NUMBERS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    for (i, pair) in words.windows(2).enumerate() {
        let amount = pair[0]
            .parse::<u32>()
            .ok()
            .or_else(|| NUMBERS.iter().position(|n| *n == pair[0]).map(|n| n as u32));
        let unit = match pair[1] {
            "day" | "days" => "day",
            "week" | "weeks" => "week",
            "month" | "months" => "month",
            "year" | "years" | "yr" | "yrs" => "year",
            _ => continue,
        };
        let Some(amount) = amount.filter(|a| *a > 0) else {
            continue;
        };
        let duration = format!("{amount} {unit}{}", if amount == 1 { "" } else { "s" });
        let rest = &words[i + 2..];
        if rest.first() == Some(&"after") && rest.len() > 1 {
            let event = rest[1..].join(" ");
            return Some(format!("until {} + {duration}", string(&event)));
        }
        return Some(duration);
    }
    None
}

impl Cx {
    fn report(&mut self, file: &str, path: impl Into<String>, message: impl Into<String>) {
        self.reports.push(unmapped(file, path, message));
    }

    /// A declaration's name, made from a Fides key (see [`Names::fresh`]).
    fn alloc(&mut self, base: &str) -> String {
        self.names.fresh(base)
    }

    fn line(&mut self, line: impl AsRef<str>) {
        self.out.push_str(line.as_ref());
        self.out.push('\n');
    }

    fn category_name(&self, key: &str) -> Option<String> {
        self.custom_categories
            .get(key)
            .or_else(|| default_taxonomy().data_categories.get(key))
            .map(|(n, _)| n.clone())
    }

    fn use_name(&self, key: &str) -> Option<String> {
        self.custom_uses
            .get(key)
            .or_else(|| default_taxonomy().data_uses.get(key))
            .map(|(n, _)| n.clone())
    }

    fn subject_name(&self, key: &str) -> Option<String> {
        self.custom_subjects
            .get(key)
            .or_else(|| default_taxonomy().data_subjects.get(key))
            .map(|(n, _)| n.clone())
    }

    fn run(&mut self, files: &[ManifestFile]) {
        self.read_taxonomy(files);
        let rules = self.read_rules(files);

        // Each referenced dataset's parts, and those its references import
        // (see `chosen_parts`), worked out once per dataset.
        let mut datasets: BTreeMap<&str, DatasetParts> = BTreeMap::new();
        for f in files {
            for (i, d) in f.manifest.dataset.iter().enumerate() {
                datasets.insert(
                    d.fides_key.as_str(),
                    DatasetParts {
                        file: f.name.as_str(),
                        index: i,
                        dataset: d,
                        parts: Vec::new(),
                        chosen: Vec::new(),
                        referenced: false,
                    },
                );
            }
        }

        // Everything a declaration names, so names are allocated in a fixed
        // order: subjects first (they keep their Fides key when they can).
        let mut subject_keys: BTreeSet<&str> = BTreeSet::new();
        let mut category_keys: BTreeSet<&str> = BTreeSet::new();
        for f in files {
            for system in &f.manifest.system {
                for decl in &system.privacy_declarations {
                    subject_keys.extend(decl.data_subjects.iter().map(String::as_str));
                    category_keys.extend(decl.data_categories.iter().map(String::as_str));
                    category_keys.extend(decl.shared_categories.iter().map(String::as_str));
                    for key in decl.dataset_references.iter().flatten() {
                        if let Some(d) = datasets.get_mut(key.as_str())
                            && !d.referenced
                        {
                            d.referenced = true;
                            d.parts = dataset_parts(d.dataset);
                            d.chosen = chosen_parts(&d.parts, &rules);
                        }
                    }
                }
                for flow in system.egress.iter().chain(&system.ingress).flatten() {
                    category_keys.extend(flow.data_categories.iter().flatten().map(String::as_str));
                }
            }
        }
        for d in datasets.values() {
            for &i in &d.chosen {
                category_keys.extend(d.parts[i].1.iter().map(String::as_str));
            }
        }
        for key in subject_keys {
            let name = self.alloc(key);
            self.subjects.insert(key.to_string(), name);
        }
        for f in files {
            for system in &f.manifest.system {
                let name = self.alloc(&system.fides_key);
                self.systems.entry(system.fides_key.clone()).or_insert(name);
            }
        }
        for key in category_keys {
            let name = self.alloc(key);
            self.items.insert(key.to_string(), name);
        }
        // Subjects only rules name: a name of their own, so that a rule
        // cannot come to match a declared subject by a name it shares.
        for rule in &rules {
            for (target, _, values) in &rule.matchers {
                if *target != "subject" {
                    continue;
                }
                for key in values {
                    if !self.subjects.contains_key(key) && !self.rule_subjects.contains_key(key) {
                        let name = self.alloc(key);
                        self.rule_subjects.insert(key.clone(), name);
                    }
                }
            }
        }

        self.header(files);
        self.declare_subjects(files);
        self.declare_items(files);
        let body = self.systems_and_flows(files, &datasets);
        self.write_rules(&rules);
        // One blank line between sections, none at the end.
        if !body.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        self.out.push_str(&body);
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.report_datasets(files, &datasets);
    }

    fn read_taxonomy(&mut self, files: &[ManifestFile]) {
        for f in files {
            let m = &f.manifest;
            for (kind, list) in [
                ("data_category", &m.data_category),
                ("data_use", &m.data_use),
                ("data_subject", &m.data_subject),
            ] {
                for (i, entry) in list.iter().enumerate() {
                    let path = format!("{kind}[{i}]");
                    let prefix = entry.fides_key.rsplit_once('.').map(|(p, _)| p.to_string());
                    if kind != "data_subject" && entry.parent_key != prefix {
                        self.report(
                            &f.name,
                            format!("{path}.parent_key"),
                            format!(
                                "`{}` is not the dotted prefix of `{}`: lawful matches categories by their dotted path, so this parent is not imported",
                                entry.parent_key.as_deref().unwrap_or("(none)"),
                                entry.fides_key
                            ),
                        );
                    }
                    let name = entry
                        .name
                        .clone()
                        .unwrap_or_else(|| entry.fides_key.clone());
                    let keys = match kind {
                        "data_category" => &mut self.custom_categories,
                        "data_use" => &mut self.custom_uses,
                        _ => &mut self.custom_subjects,
                    };
                    keys.insert(entry.fides_key.clone(), (name, entry.parent_key.clone()));
                }
            }
        }
    }

    fn header(&mut self, files: &[ManifestFile]) {
        let orgs: Vec<(&str, usize, &Organization)> = files
            .iter()
            .flat_map(|f| {
                f.manifest
                    .organization
                    .iter()
                    .enumerate()
                    .map(move |(i, o)| (f.name.as_str(), i, o))
            })
            .collect();
        let org = orgs.first().copied();
        for (file, i, o) in orgs.iter().skip(1) {
            self.report(
                file,
                format!("organization[{i}]"),
                format!(
                    "not imported: a policy has one controller, `{}` was taken from the first organization",
                    o.fides_key
                ),
            );
        }
        let title = org
            .and_then(|(_, _, o)| o.name.clone())
            .unwrap_or_else(|| "Imported Fides manifests".to_string());
        self.line(format!(
            "# Imported from Fides manifests by `lawful import fides` (fideslang default taxonomy {}).",
            default_taxonomy().fideslang
        ));
        self.line("# Fides keys are kept as comments; constructs with no place here were reported when importing.");
        self.line(format!("policy {} under GDPR", string(&title)));
        self.line("");

        let key = org.map_or("default_organization", |(_, _, o)| o.fides_key.as_str());
        let name = self.alloc(key);
        let legal = org
            .and_then(|(_, _, o)| o.name.clone())
            .unwrap_or_else(|| key.to_string());
        let transfers = files
            .iter()
            .flat_map(|f| &f.manifest.system)
            .any(|s| s.does_international_transfers);
        let mut props = Vec::new();
        // Fides' `data_protection_officer` is the controller's `dpo` (a
        // contact), its `representative` the GDPR Art. 27 representative in
        // the Union (a party), not the company's own representative (the
        // APPI's 代表者, `representative` in lawful), which Fides does not
        // record.
        let stated = |d: &Option<ContactDetails>| {
            d.as_ref().is_some_and(|d| {
                [&d.name, &d.address, &d.email, &d.phone]
                    .iter()
                    .any(|f| !f.is_empty())
            })
        };
        let dpo = org
            .filter(|(_, _, o)| stated(&o.data_protection_officer))
            .map(|(_, _, o)| self.alloc(&format!("{}_data_protection_officer", o.fides_key)));
        let eu_representative = org
            .filter(|(_, _, o)| stated(&o.representative))
            .map(|(_, _, o)| self.alloc(&format!("{}_representative", o.fides_key)));
        if let Some((_, _, o)) = org {
            if let Some(c) = &o.controller
                && !c.address.is_empty()
            {
                props.push(format!("address {}", string(&c.address)));
            }
            if let Some(dpo) = &dpo {
                props.push(format!("dpo {dpo}"));
            }
            if let Some(party) = &eu_representative {
                props.push(format!("eu representative {party}"));
            }
            if let Some(d) = &o.description {
                props.push(format!("note {}", string(d)));
            }
        }
        if transfers {
            props.push("note \"Fides states no countries: a system's international transfers go to a party `outside the EEA` (Fides' legal bases are the GDPR's)\"".to_string());
        }
        self.block(&format!("controller {name} {}", string(&legal)), &props);

        if let Some((_, _, o)) = org {
            if let (Some(party), Some(r)) = (&eu_representative, &o.representative) {
                let title = if r.name.is_empty() {
                    "Representative in the Union (GDPR Art. 27)"
                } else {
                    &r.name
                };
                let mut props = Vec::new();
                if !r.address.is_empty() {
                    props.push(format!("address {}", string(&r.address)));
                }
                if !r.phone.is_empty() {
                    props.push(format!("phone {}", string(&r.phone)));
                }
                if !r.email.is_empty() {
                    props.push(format!("note {}", string(&format!("Email: {}", r.email))));
                }
                props.push("note \"Fides states no country for the representative: add `country` (GDPR Art. 27(3): a member state where the people concerned are)\"".to_string());
                self.block(
                    &format!("party {party} {} as third party", string(title)),
                    &props,
                );
            }
            let contacts = [
                (
                    "controller_contact",
                    "Controller contact",
                    &o.controller,
                    None,
                ),
                (
                    "data_protection_officer",
                    "Data protection officer",
                    &o.data_protection_officer,
                    dpo.as_deref(),
                ),
            ];
            for (suffix, title, details, allocated) in contacts {
                let Some(d) = details else { continue };
                let mut props = Vec::new();
                if !d.name.is_empty() {
                    props.push(format!("person {}", string(&d.name)));
                }
                if !d.address.is_empty() {
                    props.push(format!("address {}", string(&d.address)));
                }
                if !d.email.is_empty() {
                    props.push(format!("email {}", string(&d.email)));
                }
                if !d.phone.is_empty() {
                    props.push(format!("phone {}", string(&d.phone)));
                }
                if props.is_empty() {
                    continue;
                }
                let contact = match allocated {
                    Some(name) => name.to_string(),
                    None => self.alloc(&format!("{}_{suffix}", o.fides_key)),
                };
                props.insert(0, format!("handles {}", string(title)));
                self.block(&format!("contact {contact} {}", string(title)), &props);
            }
            if let Some(url) = &o.security_policy {
                self.line("security {");
                self.line(format!(
                    "  measure policy {}",
                    string(&format!("Security policy: {url}"))
                ));
                self.line("}");
            }
        }
        self.line("");
    }

    fn block(&mut self, head: &str, props: &[String]) {
        if props.is_empty() {
            self.line(head);
            return;
        }
        self.line(format!("{head} {{"));
        for p in props {
            self.line(format!("  {p}"));
        }
        self.line("}");
    }

    fn declare_subjects(&mut self, files: &[ManifestFile]) {
        if self.subjects.is_empty() {
            return;
        }
        self.line("# Fides data subjects");
        let subjects = self.subjects.clone();
        for (key, name) in &subjects {
            let title = self.subject_name(key).unwrap_or_else(|| {
                self.report_unknown_key(files, "data subject", key);
                key_title(key)
            });
            self.line(format!("subject {name} {}", string(&title)));
        }
        self.line("");
    }

    fn report_unknown_key(&mut self, files: &[ManifestFile], kind: &str, key: &str) {
        let file = files.first().map_or("", |f| f.name.as_str()).to_string();
        self.report(
            &file,
            key.to_string(),
            format!("{kind} `{key}` is neither in the fideslang default taxonomy nor declared in the manifests (Fides would refuse it); imported as written"),
        );
    }

    fn declare_items(&mut self, files: &[ManifestFile]) {
        if self.items.is_empty() {
            return;
        }
        self.line("# Fides data categories");
        let items = self.items.clone();
        for (key, name) in &items {
            let title = self.category_name(key).unwrap_or_else(|| {
                self.report_unknown_key(files, "data category", key);
                key_title(key)
            });
            let category = if is_path(key) {
                format!(" in {key}")
            } else {
                self.report_unknown_key(files, "data category (not a dotted path)", key);
                String::new()
            };
            let special = if is_special(key) {
                " : special care"
            } else {
                ""
            };
            self.line(format!("data {name} {}{category}{special}", string(&title)));
        }
        self.line("");
    }

    fn item_list(&self, keys: &[String]) -> String {
        let names: BTreeSet<&str> = keys
            .iter()
            .filter_map(|k| self.items.get(k).map(String::as_str))
            .collect();
        names.into_iter().collect::<Vec<_>>().join(", ")
    }

    fn subject_list(&self, keys: &[String]) -> String {
        let names: BTreeSet<&str> = keys
            .iter()
            .filter_map(|k| self.subjects.get(k).map(String::as_str))
            .collect();
        names.into_iter().collect::<Vec<_>>().join(", ")
    }

    /// Parties, purposes, exceptions and flows. Returns the flows (written
    /// after the organisation rules); declarations go to `self.out`.
    #[allow(clippy::too_many_lines)]
    fn systems_and_flows(
        &mut self,
        files: &[ManifestFile],
        datasets: &BTreeMap<&str, DatasetParts>,
    ) -> String {
        let mut purposes: BTreeMap<PurposeKey, String> = BTreeMap::new();
        let mut purpose_decls = Vec::new();
        // By the exception's kind: its name, GDPR point and Fides text.
        let mut exceptions: BTreeMap<&'static str, (String, &'static str, String)> =
            BTreeMap::new();
        let mut parties = Vec::new();
        let mut flows = Vec::new();
        let mut unknown_uses = BTreeSet::new();
        // The source of declarations that state no data subjects.
        let mut unstated: Option<String> = None;
        // Purposes each system serves, for its system-level flows.
        let mut system_purposes: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        let mut system_items: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let all_systems: BTreeSet<String> = self.systems.keys().cloned().collect();
        let mut seen_transfers: BTreeSet<(String, String)> = BTreeSet::new();

        for f in files {
            // The keys of the file's systems so far.
            let mut seen: HashSet<&str> = HashSet::new();
            for (si, system) in f.manifest.system.iter().enumerate() {
                let spath = format!("system[{si}]");
                let sname = self.systems[&system.fides_key].clone();
                // `systems` maps a duplicated key to its first system.
                if !seen.insert(system.fides_key.as_str()) {
                    self.report(&f.name, &spath, format!("system `{}` is declared twice: its declarations are imported under the first one's party", system.fides_key));
                }
                let mut props = Vec::new();
                if let Some(a) = &system.legal_address {
                    props.push(format!("address {}", string(a)));
                }
                if let Some(u) = &system.privacy_policy {
                    props.push(format!("url {}", string(u)));
                }
                props.push(format!(
                    "note {}",
                    string(&format!(
                        "Fides system `{}`{}",
                        system.fides_key,
                        system
                            .system_type
                            .as_ref()
                            .map(|t| format!(" (system_type: {t})"))
                            .unwrap_or_default()
                    ))
                ));
                if let Some(d) = &system.description {
                    props.push(format!("note {}", string(d)));
                }
                if !system.responsibility.is_empty() {
                    props.push(format!(
                        "note {}",
                        string(&format!(
                            "Fides responsibility: {}",
                            system.responsibility.join(", ")
                        ))
                    ));
                }
                if let Some(p) = &system.data_security_practices {
                    props.push(format!(
                        "note {}",
                        string(&format!("Data security practices: {p}"))
                    ));
                }
                let legal = system
                    .legal_name
                    .clone()
                    .or_else(|| system.name.clone())
                    .unwrap_or_else(|| system.fides_key.clone());
                parties.push((
                    format!("party {sname} {} as processor", string(&legal)),
                    props,
                ));
                self.report_system(&f.name, &spath, system);

                for (di, decl) in system.privacy_declarations.iter().enumerate() {
                    let dpath = format!("{spath}.privacy_declarations[{di}]");
                    let basis = match &decl.legal_basis_for_processing {
                        Some(b) => {
                            let mapped = legal_basis(b);
                            if mapped.is_none() {
                                self.report(
                                    &f.name,
                                    format!("{dpath}.legal_basis_for_processing"),
                                    format!("`{b}` is not a Fides legal basis: not imported"),
                                );
                            }
                            mapped
                        }
                        None => None,
                    };
                    let retention_text = decl.retention_period.clone();
                    let key = PurposeKey {
                        data_use: decl.data_use.clone(),
                        basis,
                        retention: retention_text.clone(),
                    };
                    let purpose = match purposes.get(&key) {
                        Some(p) => p.clone(),
                        None => {
                            let name = self.alloc(&decl.data_use);
                            let title = self.use_name(&decl.data_use).unwrap_or_else(|| {
                                unknown_uses.insert(decl.data_use.clone());
                                key_title(&decl.data_use)
                            });
                            let mut props = Vec::new();
                            if let Some(b) = basis {
                                props.push(format!("basis {b}"));
                            }
                            if let Some(text) = &retention_text {
                                match retention(text) {
                                    Some(r) => props.push(format!("retain {r}")),
                                    None => self.report(
                                        &f.name,
                                        format!("{dpath}.retention_period"),
                                        format!(
                                            "\"{text}\" states no duration: kept as a note only"
                                        ),
                                    ),
                                }
                            }
                            if is_path(&decl.data_use) {
                                props.push(format!("category {}", decl.data_use));
                            } else {
                                self.report(
                                    &f.name,
                                    format!("{dpath}.data_use"),
                                    format!(
                                        "`{}` is not a dotted path: the purpose has no category",
                                        decl.data_use
                                    ),
                                );
                            }
                            if let Some(text) = &retention_text {
                                props.push(format!(
                                    "note {}",
                                    string(&format!("Fides retention_period: {text}"))
                                ));
                            }
                            purpose_decls
                                .push((format!("purpose {name} {}", string(&title)), props));
                            purposes.insert(key, name.clone());
                            name
                        }
                    };
                    system_purposes
                        .entry(system.fides_key.as_str())
                        .or_default()
                        .insert(purpose.clone());
                    system_items
                        .entry(system.fides_key.as_str())
                        .or_default()
                        .extend(decl.data_categories.iter().map(String::as_str));

                    // Conditions: consent (explicit for special categories),
                    // or an Art. 9(2) exception. A declaration whose basis is
                    // consent states that the system processes on consent
                    // obtained: in lawful that is consent on the flow, since
                    // a purpose's `basis consent` only says it must be.
                    let mut conditions = String::new();
                    let explicit = decl
                        .special_category_legal_basis
                        .as_deref()
                        .is_some_and(|t| matches!(special_basis(t), Some(None)));
                    if explicit {
                        conditions.push_str(" with explicit consent");
                    } else if basis == Some("consent") {
                        conditions.push_str(" with consent");
                    }
                    if let Some(text) = &decl.special_category_legal_basis {
                        match special_basis(text) {
                            Some(None) => {}
                            Some(Some((kind, point))) => {
                                let name = match exceptions.get(kind) {
                                    Some((name, _, _)) => name.clone(),
                                    None => {
                                        let name = self.alloc(kind);
                                        exceptions.insert(kind, (name.clone(), point, text.clone()));
                                        name
                                    }
                                };
                                conditions.push_str(&format!(" under {name}"));
                            }
                            None => self.report(&f.name, format!("{dpath}.special_category_legal_basis"), format!("`{text}` is not a Fides special-category legal basis: not imported")),
                        }
                    }
                    let has_special = decl.data_categories.iter().any(|c| is_special(c));
                    if decl.processes_special_category_data && !has_special {
                        self.report(&f.name, format!("{dpath}.processes_special_category_data"), "true, but none of the declaration's data categories is a special category: lawful marks special care per data item, so this flag is not imported");
                    }

                    let label = decl.name.clone().unwrap_or_default();
                    let from = if decl.data_subjects.is_empty() {
                        self.report(
                            &f.name,
                            format!("{dpath}.data_subjects"),
                            "no data subjects: collected from `unstated_subjects`",
                        );
                        match &unstated {
                            Some(name) => name.clone(),
                            None => {
                                let name = self.alloc("unstated_subjects");
                                unstated = Some(name.clone());
                                name
                            }
                        }
                    } else {
                        self.subject_list(&decl.data_subjects)
                    };
                    let mut emitted: HashSet<BTreeSet<&str>> = HashSet::new();
                    let own: BTreeSet<&str> =
                        decl.data_categories.iter().map(String::as_str).collect();
                    let mut text = String::new();
                    let tag = format!("{} {dpath} {}", system.fides_key, string(&label));
                    text.push_str(&comment(&tag));
                    text.push('\n');
                    if own.is_empty() {
                        self.report(
                            &f.name,
                            format!("{dpath}.data_categories"),
                            "empty: no flow imported",
                        );
                    } else {
                        text.push_str(&format!(
                            "collect {} from {from} by {sname} for {purpose}{conditions}\n",
                            self.item_list(&decl.data_categories)
                        ));
                        emitted.insert(own);
                    }
                    for key in decl.dataset_references.iter().flatten() {
                        let Some(d) = datasets.get(key.as_str()) else {
                            self.report(&f.name, format!("{dpath}.dataset_references"), format!("dataset `{key}` is not in the manifests (Fides would refuse it): not imported"));
                            continue;
                        };
                        for &i in &d.chosen {
                            let (where_, cats) = &d.parts[i];
                            let set: BTreeSet<&str> = cats.iter().map(String::as_str).collect();
                            if !emitted.insert(set) {
                                continue;
                            }
                            text.push_str(&comment(&format!("{tag}: dataset `{key}` {where_}")));
                            text.push('\n');
                            text.push_str(&format!(
                                "collect {} from {from} by {sname} for {purpose}{conditions}\n",
                                self.item_list(cats)
                            ));
                        }
                    }

                    // Third parties.
                    if decl.data_shared_with_third_parties || decl.third_parties.is_some() {
                        let who = decl.third_parties.clone().unwrap_or_else(|| {
                            format!(
                                "Third parties of {}",
                                system.name.clone().unwrap_or(system.fides_key.clone())
                            )
                        });
                        let tp = self.alloc(&format!("{}_third_parties", system.fides_key));
                        parties.push((
                            format!("party {tp} {} as third party", string(&who)),
                            vec![format!(
                                "note {}",
                                string(&format!("Fides {dpath}.third_parties"))
                            )],
                        ));
                        let shared = if decl.shared_categories.is_empty() {
                            &decl.data_categories
                        } else {
                            &decl.shared_categories
                        };
                        if !shared.is_empty() {
                            text.push_str(&format!(
                                "provide {} from {sname} to {tp} for {purpose}{conditions}\n",
                                self.item_list(shared)
                            ));
                        }
                    }
                    // Declaration-level egress and ingress name system-level flows.
                    for (dir, keys) in [("egress", &decl.egress), ("ingress", &decl.ingress)] {
                        for other in keys.iter().flatten() {
                            let Some(other_name) = self.systems.get(other).cloned() else {
                                self.report(&f.name, format!("{dpath}.{dir}"), format!("`{other}` is not a system in the manifests (a dataset or the user): not imported as a flow"));
                                continue;
                            };
                            let (a, b) = if dir == "egress" {
                                (sname.clone(), other_name)
                            } else {
                                (other_name, sname.clone())
                            };
                            let pair = if dir == "egress" {
                                (system.fides_key.clone(), other.clone())
                            } else {
                                (other.clone(), system.fides_key.clone())
                            };
                            seen_transfers.insert(pair);
                            if decl.data_categories.is_empty() {
                                self.report(
                                    &f.name,
                                    format!("{dpath}.{dir}"),
                                    format!("`{other}`: the declaration has no data categories to pass on: no flow imported"),
                                );
                                continue;
                            }
                            text.push_str(&format!(
                                "outsource {} from {a} to {b} for {purpose}{conditions}\n",
                                self.item_list(&decl.data_categories)
                            ));
                        }
                    }
                    flows.push(text);
                }
            }
        }

        // System-level egress / ingress no declaration named, and transfers.
        for f in files {
            for (si, system) in f.manifest.system.iter().enumerate() {
                let spath = format!("system[{si}]");
                let sname = self.systems[&system.fides_key].clone();
                let own_purposes: Vec<String> = system_purposes
                    .get(system.fides_key.as_str())
                    .map(|p| p.iter().cloned().collect())
                    .unwrap_or_default();
                for (dir, list) in [("egress", &system.egress), ("ingress", &system.ingress)] {
                    for (i, flow) in list.iter().flatten().enumerate() {
                        let fpath = format!("{spath}.{dir}[{i}]");
                        if flow.kind != "system" || !all_systems.contains(&flow.fides_key) {
                            self.report(
                                &f.name,
                                &fpath,
                                format!(
                                    "a flow with {} `{}`: only flows between systems are imported",
                                    flow.kind, flow.fides_key
                                ),
                            );
                            continue;
                        }
                        let (from_key, to_key) = if dir == "egress" {
                            (system.fides_key.clone(), flow.fides_key.clone())
                        } else {
                            (flow.fides_key.clone(), system.fides_key.clone())
                        };
                        if !seen_transfers.insert((from_key.clone(), to_key.clone())) {
                            continue;
                        }
                        let sender_purposes: Vec<String> = system_purposes
                            .get(from_key.as_str())
                            .map(|p| p.iter().cloned().collect())
                            .unwrap_or_default();
                        let purposes = if sender_purposes.is_empty() {
                            own_purposes.clone()
                        } else {
                            sender_purposes
                        };
                        let cats: Vec<String> = match &flow.data_categories {
                            Some(c) if !c.is_empty() => c.clone(),
                            _ => system_items
                                .get(from_key.as_str())
                                .map(|s| s.iter().map(|c| c.to_string()).collect())
                                .unwrap_or_default(),
                        };
                        if purposes.is_empty() || cats.is_empty() {
                            self.report(&f.name, &fpath, "no privacy declaration gives this flow data or a purpose: not imported");
                            continue;
                        }
                        let (a, b) = (
                            self.systems[&from_key].clone(),
                            self.systems[&to_key].clone(),
                        );
                        flows.push(format!(
                            "{}\noutsource {} from {a} to {b} for {}\n",
                            comment(&format!("{} {fpath}", system.fides_key)),
                            self.item_list(&cats),
                            purposes.join(", ")
                        ));
                    }
                }
                if system.does_international_transfers {
                    let items: Vec<String> = system_items
                        .get(system.fides_key.as_str())
                        .map(|s| s.iter().map(|c| c.to_string()).collect())
                        .unwrap_or_default();
                    if items.is_empty() || own_purposes.is_empty() {
                        self.report(&f.name, format!("{spath}.does_international_transfers"), "no privacy declaration gives the transfer data or a purpose: not imported");
                        continue;
                    }
                    let abroad = self.alloc(&format!("{}_abroad", system.fides_key));
                    parties.push((
                        format!(
                            "party {abroad} {} as third party",
                            string(&format!(
                                "Recipients of {} outside the EEA",
                                system.name.clone().unwrap_or(system.fides_key.clone())
                            ))
                        ),
                        vec![
                            "country \"outside the EEA\"".to_string(),
                            format!(
                                "note {}",
                                string(&format!("Fides {spath}.does_international_transfers"))
                            ),
                        ],
                    ));
                    let mut text = format!(
                        "{}\nprovide {} from {sname} to {abroad} for {}",
                        comment(&format!(
                            "{} {spath}.does_international_transfers",
                            system.fides_key
                        )),
                        self.item_list(&items),
                        own_purposes.join(", ")
                    );
                    if system.legal_basis_for_transfers.is_empty() {
                        text.push('\n');
                    } else {
                        text.push_str(" {\n");
                        for b in &system.legal_basis_for_transfers {
                            text.push_str(&format!("  safeguard {}\n", string(b)));
                        }
                        text.push_str("}\n");
                    }
                    flows.push(text);
                }
            }
        }

        for key in unknown_uses {
            self.report_unknown_key(files, "data use", &key);
        }
        if let Some(name) = unstated {
            self.line(format!(
                "source {name} \"Data subjects the Fides manifests do not state\""
            ));
            self.line("");
        }
        if !purpose_decls.is_empty() {
            self.line("# Fides data uses");
            for (head, props) in purpose_decls {
                self.block(&head, &props);
            }
            self.line("");
        }
        if !exceptions.is_empty() {
            self.line("# Fides special-category legal bases");
            for (name, point, text) in exceptions.into_values() {
                self.line(format!(
                    "exception {name} cites GDPR {point} {}",
                    string(&text)
                ));
            }
            self.line("");
        }
        if !parties.is_empty() {
            self.line("# Fides systems and the parties they share data with");
            for (head, props) in parties {
                self.block(&head, &props);
            }
            self.line("");
        }
        let mut body = String::new();
        if !flows.is_empty() {
            body.push_str("# Fides privacy declarations\n");
            for f in flows {
                body.push_str(&f);
            }
        }
        body
    }

    fn report_system(&mut self, file: &str, path: &str, s: &System) {
        if s.name.is_some() && s.legal_name.is_some() {
            self.report(
                file,
                format!("{path}.name"),
                "not imported: the party is named by its legal_name",
            );
        }
        if !s.does_international_transfers && !s.legal_basis_for_transfers.is_empty() {
            self.report(
                file,
                format!("{path}.legal_basis_for_transfers"),
                "not imported: does_international_transfers is false",
            );
        }
    }

    /// The policy rules, as they will be written: values that are no
    /// dotted path left out (reported), rules that can never match in Fides
    /// left out (reported). Subjects stay Fides keys until written.
    fn read_rules(&mut self, files: &[ManifestFile]) -> Vec<Rule> {
        let mut rules = Vec::new();
        for f in files {
            for (pi, policy) in f.manifest.policy.iter().enumerate() {
                for (ri, rule) in policy.rules.iter().enumerate() {
                    let rpath = format!("policy[{pi}].rules[{ri}]");
                    let mut matchers = Vec::new();
                    let mut never = false;
                    for (target, dim, m) in [
                        ("data", "data_categories", &rule.data_categories),
                        ("purpose", "data_uses", &rule.data_uses),
                        ("subject", "data_subjects", &rule.data_subjects),
                    ] {
                        let mut values = Vec::new();
                        for v in &m.values {
                            // Subjects are written as names, always valid.
                            if target == "subject" || is_path(v) {
                                values.push(v.clone());
                            } else {
                                self.report(
                                    &f.name,
                                    format!("{rpath}.{dim}.values"),
                                    format!("`{v}` is not a dotted path: left out of the matcher"),
                                );
                            }
                        }
                        if values.is_empty() {
                            if matches!(m.matches, Matches::Any | Matches::All) {
                                never = true;
                            }
                            self.report(
                                &f.name,
                                format!("{rpath}.{dim}"),
                                format!(
                                    "{} with no values cannot be written as a matcher: left out",
                                    m.matches.keyword().to_uppercase()
                                ),
                            );
                            continue;
                        }
                        matchers.push((target, m.matches, values));
                    }
                    if never {
                        self.report(&f.name, &rpath, "an ANY or ALL matcher with no values never matches in Fides: the rule is not imported");
                        continue;
                    }
                    let mut notes = vec![format!(
                        "Fides policy `{}`, rule `{}`",
                        policy.fides_key, rule.name
                    )];
                    notes.extend(policy.description.iter().cloned());
                    rules.push(Rule {
                        key: rule.name.clone(),
                        title: format!(
                            "{}: {}",
                            policy.name.as_deref().unwrap_or(&policy.fides_key),
                            rule.name
                        ),
                        matchers,
                        notes,
                    });
                }
            }
        }
        rules
    }

    fn write_rules(&mut self, rules: &[Rule]) {
        if rules.is_empty() {
            return;
        }
        self.line("# Fides policy rules");
        for rule in rules {
            let name = self.alloc(&rule.key);
            let mut props = Vec::new();
            for (target, matches, values) in &rule.matchers {
                let values: Vec<&str> = if *target == "subject" {
                    values
                        .iter()
                        .map(|v| {
                            self.subjects
                                .get(v)
                                .or_else(|| self.rule_subjects.get(v))
                                .map_or("", String::as_str)
                        })
                        .collect()
                } else {
                    values.iter().map(String::as_str).collect()
                };
                props.push(format!(
                    "{target} {} {}",
                    matches.keyword(),
                    values.join(", ")
                ));
            }
            props.extend(rule.notes.iter().map(|n| format!("note {}", string(n))));
            self.block(&format!("forbid {name} {}", string(&rule.title)), &props);
        }
    }

    fn report_datasets(&mut self, files: &[ManifestFile], datasets: &BTreeMap<&str, DatasetParts>) {
        let referenced: BTreeSet<&str> = files
            .iter()
            .flat_map(|f| &f.manifest.system)
            .flat_map(|s| &s.privacy_declarations)
            .flat_map(|d| d.dataset_references.iter().flatten())
            .map(String::as_str)
            .collect();
        for f in files {
            for (i, d) in f.manifest.dataset.iter().enumerate() {
                if !referenced.contains(d.fides_key.as_str()) {
                    self.report(&f.name, format!("dataset[{i}]"), format!("dataset `{}` is referenced by no privacy declaration: its categories are in no flow, so nothing is imported from it", d.fides_key));
                }
            }
        }
        for (key, d) in datasets {
            if d.referenced && d.chosen.len() < d.parts.len() {
                self.report(
                    d.file,
                    format!("dataset[{}]", d.index),
                    format!(
                        "dataset `{key}`: {} of its {} parts with data categories are imported, in the flows of each declaration that references it: those that decide the manifests' policy rules (and one with special-category data); the others would repeat its categories for every declaration",
                        d.chosen.len(),
                        d.parts.len()
                    ),
                );
            }
        }
    }
}

/// The parts of a dataset Fides evaluates on their own, each with its data
/// categories: the dataset, each collection, each field at every level.
/// Parts with no categories are skipped, as Fides skips them.
fn dataset_parts(d: &Dataset) -> Vec<(String, Vec<String>)> {
    let mut parts = Vec::new();
    if let Some(c) = d.data_categories.as_ref().filter(|c| !c.is_empty()) {
        parts.push(("(dataset level)".to_string(), c.clone()));
    }
    for c in &d.collections {
        if let Some(cats) = c.data_categories.as_ref().filter(|c| !c.is_empty()) {
            parts.push((format!("collection `{}`", c.name), cats.clone()));
        }
        fields(&c.name, &c.fields, &mut parts);
    }
    parts
}

fn fields(prefix: &str, list: &[Field], parts: &mut Vec<(String, Vec<String>)>) {
    for f in list {
        let name = format!("{prefix}.{}", f.name);
        if let Some(cats) = f.data_categories.as_ref().filter(|c| !c.is_empty()) {
            parts.push((format!("field `{name}`"), cats.clone()));
        }
        if let Some(sub) = &f.fields {
            fields(&name, sub, parts);
        }
    }
}

/// The title of a taxonomy key the manifests do not name: the key itself,
/// or, for a blank key, words saying so (a blank title is refused by the
/// policy grammar).
fn key_title(key: &str) -> String {
    if key.trim().is_empty() {
        "(a blank key in the Fides manifests)".to_string()
    } else {
        key.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::retention;

    #[test]
    fn reads_durations_from_free_text() {
        assert_eq!(retention("5 years").as_deref(), Some("5 years"));
        assert_eq!(
            retention("Retained for one year").as_deref(),
            Some("1 year")
        );
        assert_eq!(
            retention("30 days after account closure").as_deref(),
            Some("until \"account closure\" + 30 days")
        );
        assert_eq!(
            retention("Kept indefinitely").as_deref(),
            Some("indefinitely")
        );
        assert_eq!(retention("until the user asks"), None);
        assert_eq!(retention("0 days"), None);
    }
}
