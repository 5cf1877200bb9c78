//! The notice a company publishes (`lawful notice --for public`): what the
//! policy states, in plain words, in the order the law lists the matters,
//! with no remark of the tool's own. It is plain data ([`PublicNotice`])
//! that a template ([`super::templates`]) lays out as Markdown or HTML.
//!
//! The sections and the matters they carry:
//!
//! | section | APPI | GDPR |
//! |---|---|---|
//! | who we are | Art. 32(1)(i) | Art. 13(1)(a), (b) |
//! | what we collect and why, by purpose | Art. 21(1), 32(1)(ii) | Art. 13(1)(c), (d), 13(2)(e), (f), 14(1)(d), 14(2)(f) |
//! | special-care-required information | Art. 20(2) | Art. 9 |
//! | sharing: outsourcing, third parties, joint use, abroad | Art. 27(1), (5), 28 | Art. 13(1)(e), (f) |
//! | how long we keep it | — | Art. 13(2)(a) |
//! | security | Art. 32(1)(iv), Order Art. 10(i) | — |
//! | your requests | Art. 32(1)(iii), 33–35 | Art. 13(2)(b), (c) |
//! | anonymously processed information | Art. 43(3), (4) | — |
//! | questions and complaints | Art. 32(1)(iv), Order Art. 10(ii), (iii) | Art. 13(2)(d) |
//!
//! A matter the policy does not state is left out here: `lawful notice`
//! refuses to write the public notice while a required one is missing
//! ([`missing_matters`]), unless told to.
//!
//! Items are grouped by purpose and recipients by party, so a flow
//! statement repeated for several grounds is said once. Category keys
//! (`user.contact.email`) are said in words ([`category_words`]).

use std::collections::HashMap;

use serde::Serialize;

use super::super::describe::*;
use crate::ast::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::FlowGraph;
use crate::resolve::{Model, Regime};

/// The findings that name a required matter of the notice the policy does
/// not state: those of `missing-notice-item` (APPI Art. 32, 43(3); GDPR
/// Art. 13, 14) and of `joint-use-incomplete-notice` (APPI Art. 27(5)),
/// computed by those rules themselves.
pub fn missing_matters(model: &Model, graph: &FlowGraph) -> Vec<Diagnostic> {
    let cx = crate::rules::Context { model, graph };
    let mut found = Vec::new();
    for rule in crate::rules::RULES {
        if matches!(
            rule.code,
            Code::MissingNoticeItem | Code::JointUseIncompleteNotice
        ) {
            (rule.check)(&cx, &mut found);
        }
    }
    found
}

/// Everything the public notice says, for a template.
#[derive(Serialize, Default)]
pub struct PublicNotice {
    /// The page's language (`lang`): notices are generated in English.
    pub lang: &'static str,
    pub title: String,
    /// The laws the policy is under, by name.
    pub laws: Vec<String>,
    pub gdpr: bool,
    pub intro: Vec<String>,
    pub controller: Option<Controller>,
    /// The purposes, grouped by the information used for them and where
    /// it comes from; numbered in this order.
    pub uses: Vec<Use>,
    /// The items, grouped by category in words.
    pub categories: Vec<Category>,
    pub subjects: Vec<String>,
    pub special_care: Option<SpecialCare>,
    pub outsourcing: Vec<Recipient>,
    pub third_parties: Vec<Recipient>,
    pub joint_uses: Vec<JointUse>,
    pub abroad: Vec<Abroad>,
    pub retention: Vec<String>,
    pub security: Vec<Security>,
    pub rights: Vec<Rights>,
    pub anonymous: Vec<Anonymous>,
    pub complaints: Vec<String>,
    pub organizations: Vec<String>,
    pub authorities: Vec<String>,
    pub contacts: Vec<Contact>,
    pub leakage: Vec<String>,
    pub changes: Vec<String>,
    pub commitments: Vec<String>,
    pub restrictions: Vec<String>,
    pub effective: Option<String>,
    pub revised: Vec<String>,
}

#[derive(Serialize, Default)]
pub struct Controller {
    pub name: String,
    pub address: Option<String>,
    pub representative: Option<String>,
    pub protection_manager: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub dpo: Option<String>,
    pub eu_representative: Option<String>,
    pub complies_with: Vec<String>,
    pub certifications: Vec<String>,
    pub member_of: Vec<String>,
}

/// Purposes that use the same items from the same sources.
#[derive(Serialize)]
pub struct Use {
    /// The items used, once each, special care marked.
    pub items: Vec<Item>,
    /// Where the items come from: people, sources, companies, methods.
    pub from: Vec<String>,
    pub purposes: Vec<Purpose>,
}

#[derive(Serialize)]
pub struct Purpose {
    pub number: usize,
    pub text: String,
    /// GDPR: the lawful basis, in words.
    pub basis: Option<String>,
    pub interests: Option<String>,
    pub requirement: Option<String>,
    pub automated_logic: Option<String>,
    pub automated_consequences: Option<String>,
    pub retention: Option<String>,
    pub notes: Vec<String>,
}

#[derive(Serialize, Clone, PartialEq)]
pub struct Item {
    pub name: String,
    pub special_care: bool,
    /// Pseudonymously processed information (APPI Art. 41): its purposes
    /// are published (41(4)) like any other, and readers are told which
    /// items are held that way.
    pub pseudonymous: bool,
}

#[derive(Serialize)]
pub struct Category {
    pub name: String,
    pub items: Vec<Item>,
}

#[derive(Serialize)]
pub struct SpecialCare {
    pub items: Vec<Item>,
    /// One line per purpose: what is done, for which purpose, on what ground.
    pub cases: Vec<SpecialCase>,
}

#[derive(Serialize)]
pub struct SpecialCase {
    pub purpose: String,
    pub actions: String,
    pub items: Vec<Item>,
    pub grounds: Vec<String>,
}

#[derive(Serialize)]
pub struct Recipient {
    pub name: String,
    pub items: Vec<Item>,
    /// "(1)–(7)": the purposes, by number.
    pub purposes: String,
    pub conditions: Vec<String>,
    pub details: Vec<String>,
}

#[derive(Serialize, Default)]
pub struct JointUse {
    pub users: Option<String>,
    pub items: Vec<Item>,
    pub except: Vec<Item>,
    pub scope: Option<String>,
    pub purposes: Vec<String>,
    pub acquired_via: Vec<String>,
    pub responsible: Option<String>,
    pub responsible_address: Option<String>,
    pub responsible_representative: Option<String>,
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub struct Abroad {
    pub recipient: String,
    pub country: String,
    pub safeguards: Vec<String>,
}

#[derive(Serialize)]
pub struct Security {
    pub title: Option<String>,
    pub measures: Vec<Measure>,
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub struct Measure {
    pub kind: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct Rights {
    pub handles: Vec<String>,
    pub contacts: Vec<String>,
    pub identity: Vec<String>,
    pub fees: Vec<String>,
    pub refusal: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub struct Anonymous {
    pub description: String,
    pub items: Vec<Item>,
    pub provided_by: Option<String>,
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub struct Contact {
    pub title: String,
    pub handles: Vec<String>,
    pub details: Vec<String>,
    pub url: Option<String>,
}

/// Builds the public notice of a policy.
pub fn build(model: &Model, graph: &FlowGraph) -> PublicNotice {
    let mut notice = PublicNotice {
        lang: "en",
        title: super::title(model),
        laws: model.regimes.iter().map(|r| law_name(*r)).collect(),
        gdpr: model.under(Regime::Gdpr),
        ..PublicNotice::default()
    };
    if let Some(p) = &model.policy {
        notice.intro = texts(&p.remarks.notes);
        notice.effective = p.effective.map(|d| d.to_string());
        notice.revised = p.revised.iter().map(ToString::to_string).collect();
        notice.commitments = texts(&p.remarks.commitments);
    }
    notice.controller = controller(model);
    let (uses, numbers) = purposes(model);
    notice.uses = uses;
    notice.categories = categories(model);
    notice.subjects = model.subjects.iter().map(subject_label).collect();
    notice.special_care = special_care(model, &numbers);
    notice.outsourcing = recipients(model, &numbers, FlowKind::Outsource);
    notice.third_parties = recipients(model, &numbers, FlowKind::Provide);
    notice.joint_uses = model
        .joint_uses
        .iter()
        .map(|j| joint_use(model, j))
        .collect();
    notice.abroad = abroad(model, graph);
    notice.retention = retention(model);
    notice.security = model.security.iter().map(security).collect();
    notice.rights = model.rights.iter().map(|r| rights(model, r)).collect();
    notice.anonymous = model
        .anonymous
        .iter()
        .map(|a| Anonymous {
            description: a.description.value.to_string(),
            items: items(model, &a.items),
            provided_by: a.provided_by.as_ref().map(|t| t.value.to_string()),
            notes: texts(&a.remarks.commitments),
        })
        .collect();
    let events = |kind: EventKind| -> Vec<String> {
        model
            .events
            .iter()
            .filter(|e| e.event == kind)
            .map(|e| e.text.value.to_string())
            .collect()
    };
    notice.complaints = events(EventKind::Complaint);
    notice.leakage = events(EventKind::Leakage);
    notice.changes = events(EventKind::Change);
    notice.organizations = model
        .controller
        .iter()
        .flat_map(|c| &c.member_of)
        .map(|m| describe_party(model, &m.name))
        .collect();
    notice.authorities = model
        .parties
        .iter()
        .filter(|p| p.role == Role::Authority)
        .map(|p| describe_party(model, &p.name.name))
        .collect();
    notice.contacts = model.contacts.iter().map(contact).collect();
    notice.commitments.extend(texts(&model.commitments));
    notice.restrictions = model
        .forbids
        .iter()
        .map(|f| f.text.value.to_string())
        .collect();
    notice
}

fn law_name(regime: Regime) -> String {
    match regime {
        Regime::Appi => "the Act on the Protection of Personal Information (Japan)".to_string(),
        Regime::Gdpr => "the General Data Protection Regulation (EU) 2016/679".to_string(),
    }
}

fn texts(list: &[Text]) -> Vec<String> {
    list.iter().map(|t| t.value.to_string()).collect()
}

fn controller(model: &Model) -> Option<Controller> {
    let c = model.controller.as_ref()?;
    let d = &c.details;
    let value = |t: &Option<Text>| t.as_ref().map(|t| t.value.to_string());
    Some(Controller {
        name: c.legal_name.value.to_string(),
        address: value(&d.address),
        representative: d.representative.as_ref().map(|r| match &r.title {
            Some(t) => format!("{}, {}", r.name.value, t.value),
            None => r.name.value.to_string(),
        }),
        protection_manager: value(&c.protection_manager),
        phone: value(&d.phone),
        url: value(&d.url),
        dpo: c.dpo.as_ref().map(|dpo| describe_dpo(model, dpo)),
        eu_representative: c
            .eu_representative
            .as_ref()
            .map(|r| describe_party(model, &r.name)),
        complies_with: texts(&c.complies_with),
        certifications: texts(&c.certifications),
        member_of: c.member_of.iter().map(|m| label(model, &m.name)).collect(),
    })
}

/// Data items in words, once each, in the order given.
fn items(model: &Model, names: &[Ident]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for name in names {
        push_item(model, &mut out, &name.name);
    }
    out
}

fn push_item(model: &Model, out: &mut Vec<Item>, name: &str) {
    let item = Item {
        name: label(model, name),
        special_care: model
            .data_item(name)
            .is_some_and(|d| d.special_care.is_some()),
        pseudonymous: model
            .data_item(name)
            .is_some_and(|d| d.pseudonymous.is_some()),
    };
    if !out.contains(&item) {
        out.push(item);
    }
}

fn push_unique(out: &mut Vec<String>, value: String) {
    if !out.contains(&value) {
        out.push(value);
    }
}

/// The number each purpose has in the notice, by its index in the policy.
type Numbers = HashMap<usize, usize>;

/// The purposes the controller's own flows serve, or that no joint use
/// claims (the joint users' purposes are listed with the joint use),
/// grouped by the items used for them and where those come from, and
/// numbered in the order shown.
fn purposes(model: &Model) -> (Vec<Use>, Numbers) {
    let joint_only = |name: &str| {
        model
            .joint_uses
            .iter()
            .any(|j| j.purposes.iter().any(|p| p.name == name))
            && !model
                .flows
                .iter()
                .any(|f| f.purposes().iter().any(|p| p.name == name))
    };
    // Every statement once per purpose it names: linear in the policy.
    let mut used: HashMap<&str, (Vec<Item>, Vec<String>)> = HashMap::new();
    for flow in &model.flows {
        for p in flow.purposes() {
            let (items, from) = used.entry(p.name.as_str()).or_default();
            for item in flow.items() {
                push_item(model, items, &item.name);
            }
            if flow.kind == FlowKind::Collect {
                for f in flow.from().iter().chain(flow.via()) {
                    push_unique(from, label(model, &f.name));
                }
            }
        }
    }
    let gdpr = model.under(Regime::Gdpr);
    let mut uses: Vec<Use> = Vec::new();
    let mut order: Vec<(usize, usize)> = Vec::new();
    for (i, p) in model.purposes.iter().enumerate() {
        let name = p.name.name.as_str();
        if joint_only(name) {
            continue;
        }
        let (items, from) = used.remove(name).unwrap_or_default();
        let purpose = Purpose {
            number: 0,
            text: p.text.value.to_string(),
            basis: (gdpr && !p.bases.is_empty()).then(|| {
                p.bases
                    .iter()
                    .map(|b| b.kind.describe())
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
            interests: p.interests.as_ref().map(|t| t.value.to_string()),
            requirement: p.requirement.as_ref().map(|t| t.value.to_string()),
            automated_logic: p
                .automated_decision
                .as_ref()
                .and_then(|a| a.logic.as_ref())
                .map(|t| t.value.to_string()),
            automated_consequences: p
                .automated_decision
                .as_ref()
                .and_then(|a| a.consequences.as_ref())
                .map(|t| t.value.to_string()),
            retention: purpose_retention(model, name).map(|(r, _)| describe_retention(r)),
            notes: Vec::new(),
        };
        let group = match uses.iter().position(|u| u.items == items && u.from == from) {
            Some(g) => g,
            None => {
                uses.push(Use {
                    items,
                    from,
                    purposes: Vec::new(),
                });
                uses.len() - 1
            }
        };
        order.push((i, group));
        uses[group].purposes.push(purpose);
    }
    // Number in the order shown: group by group.
    let mut numbers = Numbers::new();
    let mut next = 0;
    let mut by_group: Vec<Vec<usize>> = vec![Vec::new(); uses.len()];
    for &(i, group) in &order {
        by_group[group].push(i);
    }
    for (group, indices) in by_group.iter().enumerate() {
        for (k, &i) in indices.iter().enumerate() {
            next += 1;
            numbers.insert(i, next);
            uses[group].purposes[k].number = next;
        }
    }
    // A note several purposes repeat (the seed's "(3), (4) and (5) above")
    // is said once, under the last of them.
    let mut said: Vec<&str> = Vec::new();
    for (i, p) in model.purposes.iter().enumerate().rev() {
        let Some(&number) = numbers.get(&i) else {
            continue;
        };
        for note in p.remarks.iter().flat_map(|r| &r.notes) {
            if said.contains(&note.value.as_str()) {
                continue;
            }
            said.push(&note.value);
            if let Some(purpose) = uses
                .iter_mut()
                .flat_map(|u| u.purposes.iter_mut())
                .find(|q| q.number == number)
            {
                purpose.notes.insert(0, note.value.to_string());
            }
        }
    }
    (uses, numbers)
}

/// "(1)–(7)": the notice's numbers of the purposes named.
fn purpose_refs(model: &Model, numbers: &Numbers, names: &[Ident]) -> String {
    super::ranges(
        names
            .iter()
            .filter_map(|p| model.purpose_id(&p.name))
            .filter_map(|id| numbers.get(&id).copied())
            .collect(),
    )
}

/// A category key in words: `user.contact.email` is "Contact details",
/// `user.health_and_medical` "Health and medical information". Keys of
/// Fides' taxonomy are said by their second part; other keys by their
/// parts, underscores as spaces.
pub fn category_words(key: &str) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    let group = match parts.as_slice() {
        ["user"] => return "Personal information".to_string(),
        ["user", group, ..] => *group,
        _ => return humanise(&parts.join(" ")),
    };
    match group {
        "contact" => "Contact details".to_string(),
        "name" => "Name".to_string(),
        "demographic" => "Demographic information".to_string(),
        "behavior" => "Usage and behaviour".to_string(),
        "financial" => "Financial information".to_string(),
        "health_and_medical" => "Health and medical information".to_string(),
        "biometric" => "Biometric information".to_string(),
        "location" => "Location".to_string(),
        "device" => "Device information".to_string(),
        "government_id" => "Government identifiers".to_string(),
        "criminal_history" => "Criminal history".to_string(),
        "authorization" => "Sign-in information".to_string(),
        "content" => "Content you provide".to_string(),
        "workplace" | "job_title" => "Work information".to_string(),
        other => humanise(other),
    }
}

fn humanise(key: &str) -> String {
    let words = key.replace(['_', '.'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn categories(model: &Model) -> Vec<Category> {
    let mut out: Vec<Category> = Vec::new();
    for d in &model.data {
        let name = d.category.as_ref().map_or_else(
            || "Other personal information".to_string(),
            |c| category_words(&c.name),
        );
        let item = Item {
            name: item_label(d),
            special_care: d.special_care.is_some(),
            pseudonymous: d.pseudonymous.is_some(),
        };
        match out.iter_mut().find(|c| c.name == name) {
            Some(c) if !c.items.contains(&item) => c.items.push(item),
            Some(_) => {}
            None => out.push(Category {
                name,
                items: vec![item],
            }),
        }
    }
    out
}

/// What a flow's grounds are, in words a customer reads.
fn grounds(model: &Model, flow: &FlowDecl) -> Vec<String> {
    let mut out = Vec::new();
    if flow.parental_consent().is_some() {
        out.push("with the consent of the holder of parental responsibility".to_string());
    } else if flow.consent.is_some() {
        out.push("with your consent".to_string());
    }
    if flow.on_request().is_some() {
        out.push("at your request".to_string());
    }
    if flow.succession().is_some() {
        out.push("on a merger or other succession of business".to_string());
    }
    if flow.opt_out().is_some() {
        out.push("unless you ask us to stop (opt-out)".to_string());
    }
    for e in flow.exceptions() {
        let text = model
            .exception(&e.name)
            .map_or_else(|| e.name.to_string(), |x| x.text.value.to_string());
        out.push(text.trim_end_matches('.').to_string());
    }
    out
}

fn special_care(model: &Model, numbers: &Numbers) -> Option<SpecialCare> {
    let special: Vec<Ident> = model
        .data
        .iter()
        .filter(|d| d.special_care.is_some())
        .map(|d| d.name.clone())
        .collect();
    if special.is_empty() {
        return None;
    }
    let mut cases: Vec<(usize, SpecialCase)> = Vec::new();
    for flow in &model.flows {
        let names: Vec<Ident> = flow
            .items()
            .iter()
            .filter(|i| special.iter().any(|s| s.name == i.name))
            .cloned()
            .collect();
        if names.is_empty() {
            continue;
        }
        let action = match flow.kind {
            FlowKind::Collect => "acquire".to_string(),
            FlowKind::Use => "use".to_string(),
            FlowKind::Outsource => "entrust to others".to_string(),
            FlowKind::Provide => format!(
                "provide to {}",
                flow.to
                    .as_ref()
                    .map_or_else(String::new, |t| label(model, &t.name))
            ),
        };
        for p in flow.purposes() {
            let number = model
                .purpose_id(&p.name)
                .and_then(|id| numbers.get(&id).copied())
                .unwrap_or(usize::MAX);
            let index = match cases.iter().position(|(n, _)| *n == number) {
                Some(index) => index,
                None => {
                    cases.push((
                        number,
                        SpecialCase {
                            purpose: match number {
                                usize::MAX => label(model, &p.name),
                                n => format!("({n}) {}", label(model, &p.name)),
                            },
                            actions: String::new(),
                            items: Vec::new(),
                            grounds: Vec::new(),
                        },
                    ));
                    cases.len() - 1
                }
            };
            let case = &mut cases[index].1;
            if !case.actions.split(", ").any(|a| a == action) {
                if !case.actions.is_empty() {
                    case.actions.push_str(", ");
                }
                case.actions.push_str(&action);
            }
            for name in &names {
                push_item(model, &mut case.items, &name.name);
            }
            for g in grounds(model, flow) {
                push_unique(&mut case.grounds, g);
            }
        }
    }
    cases.sort_by_key(|(n, _)| *n);
    // Every item here is special care: the section says so once.
    let plain = |mut items: Vec<Item>| {
        for item in &mut items {
            item.special_care = false;
        }
        items
    };
    Some(SpecialCare {
        items: plain(items(model, &special)),
        cases: cases
            .into_iter()
            .map(|(_, mut c)| {
                c.items = plain(c.items);
                c
            })
            .collect(),
    })
}

/// The recipients of one kind of flow, each once: what they receive, for
/// which purposes, on what grounds. Special-care items are left to their
/// own section, which says to whom they go and on what ground.
fn recipients(model: &Model, numbers: &Numbers, kind: FlowKind) -> Vec<Recipient> {
    let special = |name: &str| {
        model
            .data_item(name)
            .is_some_and(|d| d.special_care.is_some())
    };
    let mut out: Vec<(String, Vec<Ident>, Recipient)> = Vec::new();
    for flow in model.flows.iter().filter(|f| f.kind == kind) {
        let Some(to) = &flow.to else { continue };
        if flow.items().iter().all(|i| special(&i.name)) {
            continue;
        }
        let index = match out.iter().position(|(n, _, _)| *n == to.name) {
            Some(i) => i,
            None => {
                out.push((
                    to.name.to_string(),
                    Vec::new(),
                    Recipient {
                        name: label(model, &to.name),
                        items: Vec::new(),
                        purposes: String::new(),
                        conditions: Vec::new(),
                        details: Vec::new(),
                    },
                ));
                out.len() - 1
            }
        };
        let (_, purposes, r) = &mut out[index];
        for item in flow.items().iter().filter(|i| !special(&i.name)) {
            push_item(model, &mut r.items, &item.name);
        }
        purposes.extend(flow.purposes().iter().cloned());
        for g in grounds(model, flow) {
            push_unique(&mut r.conditions, g);
        }
        if let Some(s) = flow.selected_by() {
            push_unique(&mut r.details, format!("Selected by {}", s.value));
        }
        for s in flow.safeguards() {
            push_unique(&mut r.details, s.value.to_string());
        }
        if let Some(ret) = flow.retention() {
            push_unique(
                &mut r.details,
                format!("Kept for {}", describe_retention(&ret)),
            );
        }
    }
    out.into_iter()
        .map(|(_, purposes, mut r)| {
            r.purposes = purpose_refs(model, numbers, &purposes);
            r
        })
        .collect()
}

fn joint_use(model: &Model, joint: &JointUseDecl) -> JointUse {
    let party = joint.users.as_ref().and_then(|u| model.party(&u.name));
    let responsible = joint.responsible.as_ref();
    JointUse {
        users: joint.users.as_ref().map(|u| label(model, &u.name)),
        items: items(model, &joint.items),
        except: items(model, &joint.except),
        scope: party
            .and_then(|p| p.scope.as_ref())
            .map(|s| s.value.to_string()),
        purposes: joint
            .purposes
            .iter()
            .map(|p| label(model, &p.name))
            .collect(),
        acquired_via: joint
            .acquired_via
            .iter()
            .map(|m| label(model, &m.name))
            .collect(),
        responsible: responsible.map(|r| r.name.value.to_string()),
        responsible_address: responsible
            .and_then(|r| r.address.as_ref())
            .map(|a| a.value.to_string()),
        responsible_representative: responsible
            .and_then(|r| r.representative.as_ref())
            .map(|r| r.name.value.to_string()),
        notes: texts(&joint.remarks.notes)
            .into_iter()
            .chain(texts(&joint.remarks.commitments))
            .collect(),
    }
}

fn abroad(model: &Model, graph: &FlowGraph) -> Vec<Abroad> {
    let mut out: Vec<Abroad> = Vec::new();
    for flow in graph.flows.iter().filter(|f| f.kind.is_transfer()) {
        let Some(node) = graph.node(flow.to).filter(|n| n.cross_border) else {
            continue;
        };
        let safeguards: Vec<String> = flow
            .safeguards(model)
            .iter()
            .map(|s| s.value.to_string())
            .collect();
        match out.iter_mut().find(|a| a.recipient == node.label) {
            Some(a) => {
                for s in safeguards {
                    push_unique(&mut a.safeguards, s);
                }
            }
            None => out.push(Abroad {
                recipient: node.label.clone(),
                country: node.country.clone().unwrap_or_default(),
                safeguards,
            }),
        }
    }
    out
}

fn retention(model: &Model) -> Vec<String> {
    let mut out = Vec::new();
    for r in &model.retention_defaults {
        out.push(format!(
            "We keep personal information {}.",
            describe_retention(&r.retention)
        ));
        out.extend(texts(&r.remarks.notes));
    }
    out
}

fn security(s: &SecurityDecl) -> Security {
    Security {
        title: s.title.as_ref().map(|t| t.value.to_string()),
        measures: s
            .measures
            .iter()
            .map(|m| {
                let kinds: Vec<&str> = m.kinds.iter().map(|k| k.describe()).collect();
                Measure {
                    kind: humanise(&kinds.join(", ")),
                    text: m.text.value.to_string(),
                }
            })
            .collect(),
        notes: texts(&s.remarks.commitments),
    }
}

fn rights(model: &Model, r: &RightsDecl) -> Rights {
    Rights {
        handles: r.handles.iter().map(|h| describe_right(&h.name)).collect(),
        contacts: r
            .contacts
            .iter()
            .map(|c| match model.contact(&c.name) {
                Some(c) => contact_line(c),
                None => label(model, &c.name),
            })
            .collect(),
        identity: r
            .identity
            .iter()
            .map(|d| match &d.note {
                Some(n) => format!("{} {}", d.document.value, n.value),
                None => d.document.value.to_string(),
            })
            .collect(),
        fees: r
            .fees
            .iter()
            .map(|f| {
                let mut s = money(&f.amount);
                if let Some(t) = &f.with_tax {
                    s.push_str(&format!(" ({} with tax)", money(t)));
                }
                s.push_str(" per request");
                if !f.applies_to.is_empty() {
                    let to: Vec<String> = f
                        .applies_to
                        .iter()
                        .map(|a| describe_right(&a.name).to_lowercase())
                        .collect();
                    s.push_str(&format!(", for {}", to.join(" and ")));
                }
                s
            })
            .collect(),
        refusal: texts(&r.refusal_grounds),
        notes: texts(&r.remarks.commitments),
    }
}

fn contact_line(c: &ContactDecl) -> String {
    let mut parts = vec![c.title.value.to_string()];
    for v in [&c.phone, &c.hours, &c.address, &c.email, &c.url]
        .into_iter()
        .flatten()
    {
        parts.push(v.value.to_string());
    }
    parts.join(", ")
}

fn contact(c: &ContactDecl) -> Contact {
    let mut details = Vec::new();
    for (name, value) in [
        ("Phone", &c.phone),
        ("Hours", &c.hours),
        ("Address", &c.address),
        ("E-mail", &c.email),
    ] {
        if let Some(v) = value {
            details.push(format!("{name}: {}", v.value));
        }
    }
    // Only a web address is a link; anything else is shown as text.
    let url = c.url.as_ref().map(|u| u.value.trim().to_string());
    let web = url.as_ref().is_some_and(|u| {
        let lower = u.to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    });
    if let Some(u) = url.as_ref().filter(|_| !web) {
        details.push(format!("Website: {u}"));
    }
    Contact {
        title: c.title.value.to_string(),
        handles: texts(&c.handles),
        details,
        url: url.filter(|_| web),
    }
}
