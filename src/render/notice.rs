//! The privacy notice, for two audiences ([`Audience`]).
//!
//! The public notice ([`to_public`], `lawful notice --for public`) is what a
//! company publishes: plain words in the order the law lists the matters,
//! no remark of lawful's own, laid out by a template (module `public`,
//! module `templates`).
//!
//! The review notice ([`to_markdown`], [`to_html`], `--for review`) is the
//! audit view: the policy rendered in the order a reader asks about it
//! (who, what, why, to whom, how long, what can I do, whom do I ask), as
//! Markdown or a self-contained HTML page. It shows what the policy states and nothing else. A matter a
//! notice should contain that the policy does not state is printed as
//! **Not stated in the policy.**, never filled in; matters that are optional
//! (a certification, an outsourcing the controller may not do) say "None
//! stated" in plain text.
//!
//! Both formats render one [`Doc`], so they always say the same thing; the
//! record of processing activities ([`super::ropa`]) reuses it for Markdown.
//! User text is escaped by the renderer, never by the builder. Whitespace
//! that contains a line break or a tab is folded into one space (a policy
//! string's line breaks are layout, not meaning).

mod public;
mod templates;

use std::collections::HashMap;

pub use public::{PublicNotice, category_words, missing_matters};
pub use templates::Kind as TemplateKind;

use crate::ast::*;
use crate::graph::{EdgeKind, Flow, FlowGraph, Origin};
use crate::resolve::{Model, Regime};

/// What a notice prints where a required matter is missing.
pub const NOT_STATED: &str = "Not stated in the policy.";

/// Who a notice is written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Audience {
    /// What the company publishes: plain words, no remark of lawful's own.
    #[default]
    Public,
    /// The audit view: every matter, the missing ones marked.
    Review,
}

/// The public notice (see [`public`]) rendered by `template`, a template
/// of `kind` (a user's), or by the one lawful ships. The error says what
/// in the template went wrong, and where.
pub fn to_public(
    model: &Model,
    graph: &FlowGraph,
    kind: TemplateKind,
    template: Option<&str>,
) -> Result<String, String> {
    let notice = public::build(model, graph);
    templates::render(&notice, kind, template.unwrap_or(kind.shipped()))
}

/// The notice's title: the policy's, else the controller's name.
fn title(model: &Model) -> String {
    model
        .policy
        .as_ref()
        .map(|p| p.title.value.to_string())
        .or_else(|| {
            model
                .controller
                .as_ref()
                .map(|c| format!("{} Privacy Notice", c.legal_name.value))
        })
        .unwrap_or_else(|| "Privacy Notice".to_string())
}

/// Purpose numbers as a reader writes them: "(1)–(7)", "(3), (5)".
fn ranges(mut numbers: Vec<usize>) -> String {
    numbers.sort_unstable();
    numbers.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        if j >= i + 2 {
            parts.push(format!("({})–({})", numbers[i], numbers[j]));
        } else {
            parts.extend((i..=j).map(|k| format!("({})", numbers[k])));
        }
        i = j + 1;
    }
    parts.join(", ")
}

/// The privacy notice as Markdown (CommonMark with GitHub tables).
pub fn to_markdown(model: &Model, graph: &FlowGraph) -> String {
    build(model, graph).markdown()
}

/// The privacy notice as one self-contained HTML page: no scripts, no
/// external style sheets, fonts or images.
pub fn to_html(model: &Model, graph: &FlowGraph) -> String {
    build(model, graph).html()
}

use super::describe::*;
use super::doc::*;

/// A flow that shows no consent itself but passes on or uses data collected
/// with consent for the purpose it serves.
const CONSENT_AT_COLLECTION: &str =
    "with consent (obtained when the data was collected for this purpose)";

const PERSON_CONSENT: &str = "with the person's consent";
/// `with parental consent` (GDPR Art. 8(1)).
const PARENTAL_CONSENT: &str =
    "with consent given or authorised by the holder of parental responsibility";

struct Notice<'a> {
    model: &'a Model,
    graph: &'a FlowGraph,
    /// Purpose name → its number in the purposes section.
    numbers: HashMap<&'a str, usize>,
    blocks: Vec<Block>,
}

fn build(model: &Model, graph: &FlowGraph) -> Doc {
    let numbers = model
        .purposes
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.name.as_str(), i + 1))
        .collect();
    let mut n = Notice {
        model,
        graph,
        numbers,
        blocks: Vec::new(),
    };
    n.intro();
    n.who_we_are();
    n.collection();
    n.purposes();
    n.provision();
    n.special_care();
    n.retention();
    n.anonymous();
    n.security();
    n.rights();
    n.event(10, "Response to leakage", EventKind::Leakage);
    n.event(11, "Changes to this policy", EventKind::Change);
    n.complaints();
    n.contacts();
    n.restrictions();
    n.commitments();
    n.dates();
    Doc {
        title: title(model),
        blocks: n.blocks,
    }
}

impl<'a> Notice<'a> {
    fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    fn heading(&mut self, level: u8, title: &str) {
        self.push(Block::Heading(level, title.to_string()));
    }

    fn para(&mut self, line: Line) {
        self.push(Block::Para(line));
    }

    fn list(&mut self, items: Vec<Item>) {
        if !items.is_empty() {
            self.push(Block::List(items));
        }
    }

    fn none_stated(&mut self, what: &str) {
        self.para(vec![text(format!("None stated in the policy: {what}."))]);
    }

    fn not_stated(&mut self, what: &str) {
        let mut line = missing();
        line.push(text(format!(" ({what})")));
        self.para(line);
    }

    /// "(1)–(7)" or "(3), (5)": references to numbered purposes.
    fn refs<S: AsRef<str>>(&self, purposes: &[S]) -> String {
        let names: Vec<&str> = purposes.iter().map(|p| p.as_ref()).collect();
        self.refs_to(&names)
    }

    fn refs_to(&self, purposes: &[&str]) -> String {
        let mut numbers: Vec<usize> = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        for &p in purposes {
            match self.numbers.get(p) {
                Some(&n) => numbers.push(n),
                None => unknown.push(format!("“{p}” (not declared)")),
            }
        }
        let mut parts = vec![ranges(numbers)];
        parts.retain(|p| !p.is_empty());
        parts.extend(unknown);
        parts.join(", ")
    }

    fn purposes_field<S: AsRef<str>>(&self, purposes: &[S]) -> Line {
        if purposes.is_empty() {
            field("Purposes", missing())
        } else {
            field("Purposes", vec![text(self.refs(purposes))])
        }
    }

    /// Data items with their special-care mark, separated by semicolons.
    fn items<S: AsRef<str>>(&self, names: &[S]) -> Line {
        let mut line = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let name = name.as_ref();
            if i > 0 {
                line.push(text("; "));
            }
            line.push(text(label(self.model, name)));
            if self
                .model
                .data_item(name)
                .is_some_and(|d| d.special_care.is_some())
            {
                line.push(text(" ("));
                line.push(Run::Strong("special care".to_string()));
                line.push(text(")"));
            }
            if self
                .model
                .data_item(name)
                .is_some_and(|d| d.pseudonymous.is_some())
            {
                line.push(text(" (pseudonymously processed)"));
            }
        }
        line
    }

    /// The grounds a flow states: consent, exceptions, request, succession.
    fn grounds(
        &self,
        consent: bool,
        exceptions: &[Ident],
        on_request: bool,
        succession: bool,
    ) -> Vec<String> {
        let mut grounds = Vec::new();
        if consent {
            grounds.push(PERSON_CONSENT.to_string());
        }
        for e in exceptions {
            grounds.push(format!(
                "under the exception {}",
                describe_exception(self.model, &e.name)
            ));
        }
        if on_request {
            grounds.push("at the person's request".to_string());
        }
        if succession {
            grounds.push(
                "on a business succession (merger, company split or transfer of business)"
                    .to_string(),
            );
        }
        grounds
    }

    /// The grounds a flow statement states, parental consent (GDPR Art.
    /// 8(1)) named as such.
    fn statement_grounds(&self, flow: &FlowDecl, request_and_succession: bool) -> Vec<String> {
        let mut grounds = self.grounds(
            flow.consent.is_some(),
            flow.exceptions(),
            request_and_succession && flow.on_request().is_some(),
            request_and_succession && flow.succession().is_some(),
        );
        if flow.parental_consent().is_some()
            && let Some(first) = grounds.first_mut()
        {
            *first = PARENTAL_CONSENT.to_string();
        }
        grounds
    }

    fn intro(&mut self) {
        let model = self.model;
        let mut line = vec![text(
            "This notice is generated from the policy by lawful. Each section states only what the policy states; a matter a privacy notice should contain that the policy does not state is marked ",
        )];
        line.push(Run::Missing(NOT_STATED.to_string()));
        self.para(line);
        let regimes: Vec<&str> = model.regimes.iter().map(|r| r.name()).collect();
        if regimes.is_empty() {
            self.para(field("Applicable law", missing()));
        } else {
            self.para(field("Applicable law", vec![text(regimes.join(", "))]));
        }
        if let Some(p) = &model.policy {
            let notes = remark_lines(&Remarks {
                notes: p.remarks.notes.clone(),
                commitments: Vec::new(),
            });
            for line in notes {
                self.para(line);
            }
        }
    }

    fn who_we_are(&mut self) {
        let model = self.model;
        self.heading(2, "1. Who we are");
        let Some(c) = &model.controller else {
            self.not_stated("the policy declares no controller");
            return;
        };
        let d = &c.details;
        let mut items = vec![
            Item::new(field(
                "Controller",
                vec![text(c.legal_name.value.to_string())],
            )),
            Item::new(required(
                "Address",
                d.address.as_ref().map(|a| a.value.as_str()),
            )),
        ];
        let representative = d.representative.as_ref().map(|r| match &r.title {
            Some(t) => format!("{}, {}", r.name.value, t.value),
            None => r.name.value.to_string(),
        });
        items.push(Item::new(required(
            "Representative",
            representative.as_deref(),
        )));
        items.push(Item::new(required(
            "Person responsible for the protection of personal information",
            c.protection_manager.as_ref().map(|t| t.value.as_str()),
        )));
        let gdpr = model.under(Regime::Gdpr);
        match &c.dpo {
            Some(dpo) => items.push(Item::new(field(
                "Data protection officer",
                vec![text(describe_dpo(model, dpo))],
            ))),
            None if gdpr => {
                let mut line = field("Data protection officer", missing());
                line.push(text(" (where one is designated: GDPR Art. 13(1)(b), 37)"));
                items.push(Item::new(line));
            }
            None => {}
        }
        match &c.eu_representative {
            Some(r) => items.push(Item::new(field(
                "Representative in the Union",
                vec![text(describe_party(model, &r.name))],
            ))),
            None if gdpr && model.controller_country_outside_eea().is_some() => {
                let mut line = field("Representative in the Union", missing());
                line.push(text(
                    " (the controller is established outside the EEA: GDPR Art. 27)",
                ));
                items.push(Item::new(line));
            }
            None => {}
        }
        if let Some(country) = &d.country {
            items.push(Item::new(field(
                "Country",
                vec![text(country.value.to_string())],
            )));
        }
        if let Some(phone) = &d.phone {
            items.push(Item::new(field(
                "Phone",
                vec![text(phone.value.to_string())],
            )));
        }
        if let Some(url) = &d.url {
            items.push(Item::new(field(
                "Website",
                vec![Run::Link(url.value.to_string())],
            )));
        }
        let texts = |list: &[Text]| -> Vec<Line> {
            list.iter()
                .map(|t| vec![text(t.value.to_string())])
                .collect()
        };
        items.push(match c.certifications.is_empty() {
            true => Item::new(field("Certifications", vec![text("none stated")])),
            false => Item::with(field("Certifications", vec![]), texts(&c.certifications)),
        });
        items.push(match c.complies_with.is_empty() {
            true => Item::new(field(
                "Laws, standards and guidelines we comply with",
                vec![text("none stated")],
            )),
            false => Item::with(
                field("Laws, standards and guidelines we comply with", vec![]),
                texts(&c.complies_with),
            ),
        });
        let members: Vec<Line> = c
            .member_of
            .iter()
            .map(|m| {
                let mut line = vec![text(label(model, &m.name))];
                if let Some(url) = model.party(&m.name).and_then(|p| p.details.url.as_ref()) {
                    line.push(text(": "));
                    line.push(Run::Link(url.value.to_string()));
                }
                line
            })
            .collect();
        items.push(match members.is_empty() {
            true => Item::new(field(
                "Member of an authorized personal information protection organization",
                vec![text("none stated")],
            )),
            false => Item::with(
                field(
                    "Member of an authorized personal information protection organization",
                    vec![],
                ),
                members,
            ),
        });
        self.list(items);
        let paras: Vec<Block> = remark_paras(&c.remarks).collect();
        self.blocks.extend(paras);
        for m in &c.member_of {
            if let Some(p) = model.party(&m.name) {
                let paras: Vec<Block> = remark_paras(&p.remarks).collect();
                self.blocks.extend(paras);
            }
        }
    }

    fn collection(&mut self) {
        let model = self.model;
        self.heading(2, "2. What we collect and how");
        self.heading(3, "Personal information we handle");
        if model.data.is_empty() {
            self.not_stated("the policy declares no data items");
        } else {
            // By category, then in the order declared.
            let mut data: Vec<&DataItem> = model.data.iter().map(|d| &**d).collect();
            data.sort_by_key(|d| (d.category.is_none(), d.category.as_ref().map(|c| c.name)));
            let rows = data
                .iter()
                .map(|d| {
                    let special = match d.special_care {
                        Some(_) => vec![Run::Strong("special care".to_string())],
                        None => vec![],
                    };
                    let category = d
                        .category
                        .as_ref()
                        .map_or("(no category)".to_string(), |c| c.name.to_string());
                    vec![vec![text(category)], vec![text(item_label(d))], special]
                })
                .collect();
            self.push(Block::Table {
                head: vec!["Category".into(), "Item".into(), "Special care".into()],
                rows,
            });
            let excluded: Vec<Ident> = model
                .joint_uses
                .iter()
                .flat_map(|j| j.except.iter().cloned())
                .fold(Vec::new(), |mut acc, e| {
                    if !acc.iter().any(|a: &Ident| a.name == e.name) {
                        acc.push(e);
                    }
                    acc
                });
            if !excluded.is_empty() {
                self.para(field("Excluded from joint use", self.items(&excluded)));
            }
        }

        self.heading(3, "Whose information");
        let subjects: Vec<Item> = model
            .subjects
            .iter()
            .map(|s| {
                let mut line = vec![text(subject_label(s))];
                if let Some(t) = &s.treated_as {
                    line.push(text(format!(
                        " (handled in the same manner as: {})",
                        label(model, &t.name)
                    )));
                }
                Item::new(line)
            })
            .collect();
        if subjects.is_empty() {
            self.not_stated("the policy declares no data subjects");
        }
        self.list(subjects);

        self.heading(3, "Sources and methods of acquisition");
        // An empty description says nothing of where data comes from
        // (GDPR Art. 14(2)(f)).
        let describe = |list: &[NamedText]| -> Vec<Line> {
            list.iter()
                .map(|s| match s.description.is_blank() {
                    true => {
                        let mut line = missing();
                        line.push(text(format!(" ({})", s.name.name)));
                        line
                    }
                    false => vec![text(s.description.value.to_string())],
                })
                .collect()
        };
        let sources = describe(&model.sources);
        let methods = describe(&model.methods);
        let items = vec![
            fields(
                "Sources other than the person",
                sources,
                vec![text("none stated")],
            ),
            fields("Methods of acquisition", methods, vec![text("none stated")]),
        ];
        self.list(items);

        self.heading(3, "How we acquire it");
        let mut items = Vec::new();
        for flow in model.flows.iter().filter(|f| f.kind == FlowKind::Collect) {
            let mut children = Vec::new();
            let from: Vec<String> = flow
                .from()
                .iter()
                .map(|f| party_label(model, &f.name))
                .collect();
            children.push(field("From", vec![text(from.join("; "))]));
            if !flow.about().is_empty() {
                children.push(field("About", vec![text(join_labels(model, flow.about()))]));
            }
            if !flow.via().is_empty() {
                children.push(field("How", vec![text(join_labels(model, flow.via()))]));
            }
            if let Some(by) = flow.by() {
                children.push(field("Acquired by", vec![text(label(model, &by.name))]));
            }
            children.push(self.purposes_field(flow.purposes()));
            let grounds = self.statement_grounds(flow, true);
            if !grounds.is_empty() {
                children.push(field("Conditions", vec![text(grounds.join("; "))]));
            }
            self.flow_block(flow, &mut children);
            items.push(Item::with(self.items(flow.items()), children));
        }
        if items.is_empty() {
            self.not_stated("the policy states no collection");
        }
        self.list(items);
    }

    /// A flow block's contract, selection, safeguards, retention and remarks.
    fn flow_block(&self, flow: &FlowDecl, children: &mut Vec<Line>) {
        if let Some(s) = flow.selected_by() {
            children.push(field("Selected by", vec![text(s.value.to_string())]));
        }
        if let Some(c) = flow.contract() {
            children.push(field("Contract", vec![text(c.value.to_string())]));
        }
        for s in flow.safeguards() {
            children.push(field("Safeguard", vec![text(s.value.to_string())]));
        }
        if let Some(i) = flow.informed() {
            children.push(field(
                "What people are told first",
                vec![text(i.value.to_string())],
            ));
        }
        if flow.opt_out().is_some() {
            children.extend(self.opt_out_lines(flow));
        }
        if let Some(r) = flow.retention() {
            children.push(field("Kept", vec![text(describe_retention(&r))]));
        }
        // APPI Arts. 29-30: the record of a provision or receipt, and how
        // a receipt's provider was confirmed.
        if let Some(r) = flow.records() {
            children.push(field("Record kept", vec![text(r.period.to_string())]));
        }
        if let Some(c) = flow.confirms_source() {
            children.push(field("Provider confirmed", vec![text(c.value.to_string())]));
        }
        children.extend(remark_lines(flow.remarks()));
    }

    /// The matters of an opt-out provision (APPI Art. 27(2)), each stated
    /// or marked missing.
    fn opt_out_lines(&self, flow: &FlowDecl) -> Vec<Line> {
        let m = &flow.opt_out_matters();
        let names = |idents: &[Ident]| -> Vec<Run> {
            if idents.is_empty() {
                missing()
            } else {
                let labels: Vec<String> =
                    idents.iter().map(|i| label(self.model, &i.name)).collect();
                vec![text(labels.join("; "))]
            }
        };
        vec![
            field(
                "Provided by opt-out",
                vec![text(
                    "without consent; provision stops when the person asks (APPI Art. 27(2))",
                )],
            ),
            field("How the data was acquired", names(&m.acquired_via)),
            field(
                "How it is provided",
                m.provided_by
                    .as_ref()
                    .map_or_else(missing, |t| vec![text(t.value.to_string())]),
            ),
            field("Where to ask to stop", names(&m.stops_via)),
            field(
                "Notified to the Personal Information Protection Commission",
                m.notified
                    .as_ref()
                    .map_or_else(missing, |d| vec![text(d.to_string())]),
            ),
        ]
    }

    fn purposes(&mut self) {
        let model = self.model;
        self.heading(2, "3. Purposes of use");
        let default = default_retention(model);
        let gdpr = model.under(Regime::Gdpr);
        let from_subjects = model.collected_from_subjects();
        let mut items = Vec::new();
        for (i, p) in model.purposes.iter().enumerate() {
            let line = vec![
                Run::Strong(format!("({})", i + 1)),
                text(" "),
                text(p.text.value.to_string()),
            ];
            let mut children = Vec::new();
            if p.bases.is_empty() && model.under(Regime::Gdpr) {
                children.push(field("Lawful basis", missing()));
            } else if p.bases.is_empty() {
                children.push(field(
                    "Lawful basis",
                    vec![text("not stated (the APPI does not require one)")],
                ));
            } else {
                let bases: Vec<&str> = p.bases.iter().map(|b| b.kind.describe()).collect();
                children.push(field("Lawful basis", vec![text(bases.join(", "))]));
            }
            let legitimate = p
                .bases
                .iter()
                .any(|b| b.kind == BasisKind::LegitimateInterests);
            match &p.interests {
                Some(t) => children.push(field(
                    "Legitimate interests pursued",
                    vec![text(t.value.to_string())],
                )),
                None if gdpr && legitimate => {
                    children.push(field("Legitimate interests pursued", missing()))
                }
                None => {}
            }
            match &p.requirement {
                Some(t) => children.push(field(
                    "Whether you must provide the data",
                    vec![text(t.value.to_string())],
                )),
                None if gdpr && from_subjects.get(i).copied().unwrap_or(false) => {
                    children.push(field("Whether you must provide the data", missing()))
                }
                None => {}
            }
            if let Some(a) = &p.automated_decision {
                let stated = |t: &Option<Text>| {
                    t.as_ref()
                        .map_or_else(missing, |t| vec![text(t.value.to_string())])
                };
                children.push(field(
                    "Automated decision-making, including profiling: the logic involved",
                    stated(&a.logic),
                ));
                children.push(field(
                    "Automated decision-making: its significance and consequences for you",
                    stated(&a.consequences),
                ));
            }
            children.push(field(
                "Retention",
                self.retention_of(&p.name.name, default.as_deref()),
            ));
            if let Some(w) = &p.within {
                children.push(field(
                    "Part of purpose",
                    vec![text(self.refs(std::slice::from_ref(w)))],
                ));
            }
            if p.disclosable.is_some() {
                children.push(vec![text(
                    "Personal information held for this purpose is subject to disclosure requests.",
                )]);
            }
            if let Some(remarks) = &p.remarks {
                children.extend(remark_lines(remarks));
            }
            items.push(Item::with(line, children));
        }
        if items.is_empty() {
            self.not_stated("the policy declares no purposes of use");
        }
        self.list(items);

        let uses: Vec<&FlowDecl> = model
            .flows
            .iter()
            .filter(|f| f.kind == FlowKind::Use)
            .map(|f| &**f)
            .collect();
        if !uses.is_empty() {
            self.heading(3, "How we use it");
            let mut items = Vec::new();
            for flow in uses {
                let mut children = vec![self.purposes_field(flow.purposes())];
                if let Some(by) = flow.by() {
                    children.push(field("Used by", vec![text(label(model, &by.name))]));
                }
                let grounds = self.statement_grounds(flow, false);
                if !grounds.is_empty() {
                    children.push(field("Conditions", vec![text(grounds.join("; "))]));
                }
                self.flow_block(flow, &mut children);
                items.push(Item::with(self.items(flow.items()), children));
            }
            self.list(items);
        }
    }

    fn retention_of(&self, purpose: &str, default: Option<&str>) -> Line {
        match purpose_retention(self.model, purpose) {
            Some((r, None)) => vec![text(describe_retention(r))],
            Some((r, Some(wider))) => vec![text(format!(
                "{} (as for purpose {})",
                describe_retention(r),
                self.refs_to(&[wider])
            ))],
            None => match default {
                Some(d) => vec![text(format!("{d} (the policy's default)"))],
                None => missing(),
            },
        }
    }

    fn provision(&mut self) {
        let model = self.model;
        self.heading(2, "4. Provision to others");

        self.heading(3, "Outsourcing");
        let mut items = Vec::new();
        for (i, flow) in model
            .flows
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == FlowKind::Outsource)
        {
            let mut children = self.recipient_lines(i, flow);
            children.push(self.purposes_field(flow.purposes()));
            if flow.selected_by().is_none() {
                children.push(field("Selection criteria", missing()));
            }
            if flow.contract().is_none() {
                children.push(field("Contract", missing()));
            }
            self.flow_block(flow, &mut children);
            items.push(Item::with(self.transfer_line(flow), children));
        }
        if items.is_empty() {
            self.none_stated("no outsourcing");
        }
        self.list(items);

        self.heading(3, "Joint use");
        if model.joint_uses.is_empty() {
            self.none_stated("no joint use");
        }
        for (index, joint) in model.joint_uses.iter().enumerate() {
            self.joint_use(index, joint);
        }

        self.heading(3, "Provision to third parties");
        let mut items = Vec::new();
        for (i, flow) in model
            .flows
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == FlowKind::Provide)
        {
            let mut children = self.recipient_lines(i, flow);
            children.push(self.purposes_field(flow.purposes()));
            let mut grounds = self.statement_grounds(flow, true);
            let implied = flow.consent.is_none()
                && graph_flow(self.graph, Origin::Statement(i as u32))
                    .is_some_and(|f| self.graph.consent(f).given());
            if implied {
                grounds.insert(0, CONSENT_AT_COLLECTION.to_string());
            }
            if flow.opt_out().is_some() {
                grounds.push("by opt-out (see below)".to_string());
            }
            if grounds.is_empty() {
                let mut line = field("Conditions", missing());
                line.push(text(" (no consent, exception, request or succession)"));
                children.push(line);
            } else {
                children.push(field("Conditions", vec![text(grounds.join("; "))]));
            }
            self.flow_block(flow, &mut children);
            items.push(Item::with(self.transfer_line(flow), children));
        }
        if items.is_empty() {
            self.none_stated("no provision to third parties");
        }
        self.list(items);

        self.cross_border();
    }

    /// "Recipient — items" for an outsource or provide statement.
    fn transfer_line(&self, flow: &FlowDecl) -> Line {
        let to = flow.to.as_ref().map_or_else(
            || "(no recipient)".to_string(),
            |t| label(self.model, &t.name),
        );
        let mut line = vec![Run::Strong(to), text(": ")];
        line.extend(self.items(flow.items()));
        line
    }

    fn recipient_lines(&self, index: usize, flow: &FlowDecl) -> Vec<Line> {
        let model = self.model;
        let mut lines = Vec::new();
        if let Some(party) = flow.to.as_ref().and_then(|t| model.party(&t.name)) {
            lines.push(field("Recipient's role", vec![text(party.role.describe())]));
            if let Some(country) = &party.details.country {
                let abroad = graph_flow(self.graph, Origin::Statement(index as u32))
                    .and_then(|f| self.graph.node(f.to))
                    .is_some_and(|n| n.cross_border);
                let suffix = if abroad { " (abroad)" } else { "" };
                lines.push(field(
                    "Country",
                    vec![text(format!("{}{suffix}", country.value))],
                ));
            }
        }
        if !flow.from().is_empty() {
            lines.push(field(
                "Passed on by",
                vec![text(join_labels(model, flow.from()))],
            ));
        }
        lines
    }

    fn joint_use(&mut self, index: usize, joint: &JointUseDecl) {
        let model = self.model;
        let users = joint.users.as_ref().map(|u| label(model, &u.name));
        let title = match &users {
            Some(u) => format!("Joint use with {u}"),
            None => format!("Joint use {}", joint.name.name),
        };
        self.heading(4, &title);
        let mut items = Vec::new();
        items.push(match joint.items.is_empty() {
            true => Item::new(field("Items jointly used", missing())),
            false => Item::new(field("Items jointly used", self.items(&joint.items))),
        });
        if !joint.except.is_empty() {
            items.push(Item::new(field("Excluded", self.items(&joint.except))));
        }
        items.push(Item::new(required("Joint users", users.as_deref())));
        let scope = joint
            .users
            .as_ref()
            .and_then(|u| model.party(&u.name))
            .and_then(|p| p.scope.as_ref());
        items.push(Item::new(required(
            "Scope of joint users",
            scope.map(|s| s.value.as_str()),
        )));
        let purposes: Vec<Line> = joint
            .purposes
            .iter()
            .map(|p| {
                vec![text(format!(
                    "{} {}",
                    self.refs(std::slice::from_ref(p)),
                    label(model, &p.name)
                ))]
            })
            .collect();
        items.push(match purposes.is_empty() {
            true => Item::new(field("Purposes of the joint users", missing())),
            false => Item::with(field("Purposes of the joint users", vec![]), purposes),
        });
        items.push(match joint.acquired_via.is_empty() {
            true => Item::new(field("Acquisition method", missing())),
            false => Item::new(field(
                "Acquisition method",
                vec![text(join_labels(model, &joint.acquired_via))],
            )),
        });
        let responsible = joint.responsible.as_ref();
        let mut children = vec![
            required(
                "Address",
                responsible
                    .and_then(|r| r.address.as_ref())
                    .map(|a| a.value.as_str()),
            ),
            required(
                "Representative",
                responsible
                    .and_then(|r| r.representative.as_ref())
                    .map(|r| r.name.value.as_str()),
            ),
        ];
        if let Some(title) = responsible
            .and_then(|r| r.representative.as_ref())
            .and_then(|r| r.title.as_ref())
        {
            children.push(field(
                "Representative's title",
                vec![text(title.value.to_string())],
            ));
        }
        if let Some(r) = responsible {
            children.extend(remark_lines(&r.remarks));
        }
        items.push(Item::with(
            required(
                "Person responsible for management",
                responsible.map(|r| r.name.value.as_str()),
            ),
            children,
        ));
        if let Some(r) = &joint.retention {
            items.push(Item::new(field("Kept", vec![text(describe_retention(r))])));
        }
        let abroad = graph_flow(self.graph, Origin::JointUse(index as u32))
            .and_then(|f| self.graph.node(f.to))
            .filter(|n| n.cross_border)
            .and_then(|n| n.country.clone());
        if let Some(country) = abroad {
            items.push(Item::new(field(
                "Country of the joint users",
                vec![text(format!("{country} (abroad)"))],
            )));
        }
        self.list(items);
        let paras: Vec<Block> = remark_paras(&joint.remarks).collect();
        self.blocks.extend(paras);
    }

    fn cross_border(&mut self) {
        let model = self.model;
        let graph = self.graph;
        self.heading(3, "Provision abroad");
        let transfers: Vec<&Flow> = graph
            .flows
            .iter()
            .filter(|f| f.kind.is_transfer())
            .collect();
        let abroad: Vec<&Flow> = transfers
            .iter()
            .copied()
            .filter(|f| graph.node(f.to).is_some_and(|n| n.cross_border))
            .collect();
        if !abroad.is_empty() {
            let mut items = Vec::new();
            for flow in abroad {
                let Some(node) = graph.node(flow.to) else {
                    continue;
                };
                let mut line = vec![Run::Strong(node.label.clone())];
                if let Some(c) = &node.country {
                    line.push(text(format!(" ({c})")));
                }
                line.push(text(": "));
                let names: Vec<&str> = flow.item_names(model).collect();
                line.extend(self.items(&names));
                let how = match flow.kind {
                    EdgeKind::Outsource => "outsourcing",
                    EdgeKind::JointUse => "joint use",
                    _ => "provision",
                };
                let mut children = vec![field("How", vec![text(how)])];
                let mut grounds = self.grounds(
                    flow.consent(),
                    flow.exceptions(model),
                    flow.on_request(),
                    flow.succession(),
                );
                if !flow.consent() && self.graph.consent(flow).given() {
                    grounds.insert(0, CONSENT_AT_COLLECTION.to_string());
                }
                grounds.extend(
                    flow.safeguards(model)
                        .iter()
                        .map(|s| format!("safeguard: {}", s.value)),
                );
                if grounds.is_empty() {
                    let mut l = field("Basis for the transfer", missing());
                    l.push(text(" (no consent, exception or safeguard)"));
                    children.push(l);
                } else {
                    children.push(field(
                        "Basis for the transfer",
                        vec![text(grounds.join("; "))],
                    ));
                }
                items.push(Item::with(line, children));
            }
            self.list(items);
            return;
        }
        if transfers.is_empty() {
            self.none_stated("no provision to others, so none abroad");
            return;
        }
        let home = model
            .controller
            .as_ref()
            .and_then(|c| c.details.country.as_ref());
        let Some(home) = home else {
            self.not_stated("the controller's country is not stated, so whether any recipient is abroad cannot be told");
            return;
        };
        let mut unknown: Vec<String> = transfers
            .iter()
            .filter_map(|f| graph.node(f.to))
            .filter(|n| n.country.is_none())
            .map(|n| n.label.clone())
            .collect();
        unknown.dedup();
        if unknown.is_empty() {
            self.para(vec![text(format!(
                "None: every recipient is in the controller's country ({}).",
                home.value
            ))]);
        } else {
            self.not_stated(&format!(
                "the country of {} is not stated",
                unknown.join("; ")
            ));
        }
    }

    fn special_care(&mut self) {
        let model = self.model;
        let graph = self.graph;
        self.heading(2, "5. Special-care-required personal information");
        let special: Vec<Ident> = model
            .data
            .iter()
            .filter(|d| d.special_care.is_some())
            .map(|d| d.name.clone())
            .collect();
        if special.is_empty() {
            self.none_stated("no special-care-required personal information");
            return;
        }
        self.para(field("Items", self.items(&special)));
        let mut items = Vec::new();
        for flow in graph.flows.iter().filter(|f| f.has_special_care(model)) {
            if matches!(flow.origin(), Origin::JointAcquisition(_)) {
                continue;
            }
            let to = graph
                .node(flow.to)
                .map_or_else(String::new, |n| n.label.clone());
            let by = if graph.is_controller(flow.to) {
                String::new()
            } else {
                format!(" by {to}")
            };
            let action = match flow.kind {
                EdgeKind::Collect => {
                    let from: Vec<String> = flow
                        .from()
                        .filter_map(|f| graph.node(f))
                        .map(|n| n.label.clone())
                        .collect();
                    format!("Acquired from {}{by}", from.join("; "))
                }
                EdgeKind::Use => format!("Used{by}"),
                EdgeKind::Outsource => format!("Entrusted to {to}"),
                EdgeKind::Provide => format!("Provided to {to}"),
                EdgeKind::JointUse => format!("Jointly used with {to}"),
            };
            let names: Vec<&str> = flow.special_care(model).collect();
            let mut line = vec![Run::Strong(action), text(": ")];
            line.extend(self.items(&names));
            let purposes: Vec<&str> = flow.purpose_names(model).collect();
            let mut children = vec![self.purposes_field(&purposes)];
            let mut grounds = self.grounds(
                flow.consent(),
                flow.exceptions(model),
                flow.on_request(),
                flow.succession(),
            );
            if !flow.consent() && self.graph.consent(flow).given() {
                grounds.insert(0, CONSENT_AT_COLLECTION.to_string());
            }
            if grounds.is_empty() {
                let mut l = field("Consent or exception", missing());
                l.push(text(" (neither consent nor an exception is stated)"));
                children.push(l);
            } else {
                children.push(field(
                    "Consent or exception",
                    vec![text(grounds.join("; "))],
                ));
            }
            items.push(Item::with(line, children));
        }
        self.list(items);
    }

    fn retention(&mut self) {
        let model = self.model;
        self.heading(2, "6. Retention");
        if model.retention_defaults.is_empty() {
            self.para(field("Default retention", missing()));
        }
        for r in &model.retention_defaults {
            self.para(field(
                "Default retention",
                vec![text(describe_retention(&r.retention))],
            ));
            let paras: Vec<Block> = remark_paras(&r.remarks).collect();
            self.blocks.extend(paras);
        }
        let default = default_retention(model);
        // Purposes with a retention of their own (or of a wider purpose) get
        // a row; the rest are summed up by reference.
        let mut rows = Vec::new();
        let mut by_default = Vec::new();
        let mut without = Vec::new();
        for (i, p) in model.purposes.iter().enumerate() {
            if purpose_retention(model, &p.name.name).is_some() {
                let retention = self.retention_of(&p.name.name, None);
                rows.push(vec![
                    vec![text(format!("({}) {}", i + 1, p.text.value))],
                    retention,
                ]);
            } else if default.is_some() {
                by_default.push(p.name.clone());
            } else {
                without.push(p.name.clone());
            }
        }
        if !rows.is_empty() {
            self.push(Block::Table {
                head: vec!["Purpose".into(), "Retention".into()],
                rows,
            });
        }
        if let Some(d) = &default
            && !by_default.is_empty()
        {
            let which = if by_default.len() == model.purposes.len() {
                "All purposes"
            } else {
                "Every other purpose"
            };
            self.para(vec![text(format!(
                "{which}, {}: {d} (the policy's default).",
                self.refs(&by_default)
            ))]);
        }
        if !without.is_empty() {
            let mut line = field(
                &format!("Retention for purposes {}", self.refs(&without)),
                missing(),
            );
            line.push(text(" (no retention of their own and no default)"));
            self.para(line);
        }
        let mut kept = Vec::new();
        for flow in model.flows.iter() {
            if let Some(r) = flow.retention() {
                let holder = flow
                    .to
                    .as_ref()
                    .or(flow.by())
                    .map_or_else(|| label_controller(model), |n| label(model, &n.name));
                let mut line = vec![Run::Strong(holder), text(": ")];
                line.extend(self.items(flow.items()));
                line.push(text(format!(": {}", describe_retention(&r))));
                kept.push(Item::new(line));
            }
        }
        for joint in &model.joint_uses {
            if let Some(r) = &joint.retention {
                let holder = joint
                    .users
                    .as_ref()
                    .map_or_else(|| joint.name.name.to_string(), |u| label(model, &u.name));
                kept.push(Item::new(vec![
                    Run::Strong(holder),
                    text(format!(" (joint use): {}", describe_retention(r))),
                ]));
            }
        }
        let open = recipients_without_retention(model, self.graph, None);
        if !kept.is_empty() || !open.missing.is_empty() || !open.own.is_empty() {
            self.heading(3, "Retention by recipients");
            self.list(kept);
        }
        if !open.missing.is_empty() {
            let mut line = field("How long processors keep the data", missing());
            line.push(text(format!(" ({})", open.missing.join("; "))));
            self.para(line);
        }
        if !open.own.is_empty() {
            self.para(field(
                "Independent recipients",
                vec![text(format!(
                    "keep the data under their own retention: {}",
                    open.own.join("; ")
                ))],
            ));
        }
    }

    fn anonymous(&mut self) {
        let model = self.model;
        self.heading(2, "7. Anonymously processed information");
        if model.anonymous.is_empty() {
            self.none_stated("no anonymously processed information");
            return;
        }
        for a in &model.anonymous {
            self.heading(3, &a.description.value);
            let mut items = vec![match a.items.is_empty() {
                true => Item::new(field("Items it contains", missing())),
                false => Item::new(field("Items it contains", self.items(&a.items))),
            }];
            items.push(Item::new(required(
                "Method of provision",
                a.provided_by.as_ref().map(|t| t.value.as_str()),
            )));
            if !a.measures.is_empty() {
                items.push(Item::with(
                    field("Measures", vec![]),
                    a.measures.iter().map(measure_line).collect(),
                ));
            }
            self.list(items);
            let paras: Vec<Block> = remark_paras(&a.remarks).collect();
            self.blocks.extend(paras);
        }
    }

    fn security(&mut self) {
        let model = self.model;
        self.heading(2, "8. Security control measures");
        if model.security.is_empty() {
            self.not_stated("the policy states no security control measures");
            return;
        }
        for s in &model.security {
            if let Some(t) = &s.title {
                self.heading(3, &t.value);
            }
            if !s.complies_with.is_empty() {
                let list: Vec<&str> = s.complies_with.iter().map(|t| t.value.as_str()).collect();
                self.para(field("Complies with", vec![text(list.join("; "))]));
            }
            let paras: Vec<Block> = remark_paras(&s.remarks).collect();
            self.blocks.extend(paras);
            let items = s
                .measures
                .iter()
                .map(|m| Item::new(measure_line(m)))
                .collect();
            self.list(items);
        }
        let all = [
            MeasureKind::Policy,
            MeasureKind::Rules,
            MeasureKind::Organizational,
            MeasureKind::Personnel,
            MeasureKind::Physical,
            MeasureKind::Technical,
        ];
        let absent: Vec<&str> = all
            .iter()
            .filter(|k| {
                !model
                    .security
                    .iter()
                    .flat_map(|s| &s.measures)
                    .any(|m| m.kinds.contains(k))
            })
            .map(|k| k.describe())
            .collect();
        if !absent.is_empty() {
            let mut line = field("Kinds of measures", missing());
            line.push(text(format!(" ({})", absent.join(", "))));
            self.para(line);
        }
    }

    fn rights(&mut self) {
        let model = self.model;
        self.heading(2, "9. Your rights");
        if model.rights.is_empty() {
            self.not_stated("the policy states no rights or request procedures");
            return;
        }
        for r in &model.rights {
            let mut items = Vec::new();
            let rights: Vec<Line> = r
                .handles
                .iter()
                .map(|h| vec![text(describe_right(&h.name))])
                .collect();
            items.push(fields("Requests we handle", rights, missing()));
            let contacts: Vec<Line> = r
                .contacts
                .iter()
                .map(|c| contact_summary(model, &c.name))
                .collect();
            items.push(match contacts.is_empty() {
                true => {
                    let mut line = field("Where to send requests", missing());
                    line.push(text(" (see also Contacts below)"));
                    Item::new(line)
                }
                false => Item::with(field("Where to send requests", vec![]), contacts),
            });
            let identity: Vec<Line> = r
                .identity
                .iter()
                .map(|d| match &d.note {
                    Some(n) => vec![text(format!("{} — {}", d.document.value, n.value))],
                    None => vec![text(d.document.value.to_string())],
                })
                .collect();
            items.push(fields("Identity documents", identity, missing()));
            let fees: Vec<Line> = r
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
                        s.push_str(&format!(", for {}", to.join(", ")));
                    }
                    vec![text(s)]
                })
                .collect();
            items.push(fields("Fees", fees, vec![text("no fee is stated")]));
            let grounds: Vec<Line> = r
                .refusal_grounds
                .iter()
                .map(|g| vec![text(g.value.to_string())])
                .collect();
            items.push(fields(
                "Grounds for refusal",
                grounds,
                vec![text("none stated")],
            ));
            self.list(items);
            let paras: Vec<Block> = remark_paras(&r.remarks).collect();
            self.blocks.extend(paras);
        }
    }

    fn event(&mut self, number: u8, title: &str, kind: EventKind) {
        let model = self.model;
        self.heading(2, &format!("{number}. {title}"));
        let events: Vec<&OnDecl> = model.events.iter().filter(|e| e.event == kind).collect();
        if events.is_empty() {
            self.not_stated("the policy says nothing about this");
        }
        for e in events {
            self.para(vec![text(e.text.value.to_string())]);
            let mut items: Vec<Item> = e
                .via
                .iter()
                .map(|c| Item::new(contact_summary(model, &c.name)))
                .collect();
            for r in &e.reports {
                let mut line = field("Reported to", vec![text(label(model, &r.to.name))]);
                if let Some(w) = &r.within {
                    line.push(text(format!(" (when: {})", w.value)));
                }
                items.push(Item::new(line));
            }
            if let Some(n) = &e.notify_affected {
                let when = n.within.as_ref().map_or("yes", |w| w.value.as_str());
                items.push(Item::new(field(
                    "The people affected are told",
                    vec![text(when.to_string())],
                )));
            }
            for t in &e.triggers {
                items.push(Item::new(field("When", vec![text(t.value.to_string())])));
            }
            if !items.is_empty() {
                self.list(items);
            }
        }
    }

    fn complaints(&mut self) {
        let model = self.model;
        self.event(12, "Complaints", EventKind::Complaint);
        let members: Vec<Item> = model
            .controller
            .iter()
            .flat_map(|c| &c.member_of)
            .filter_map(|m| model.party(&m.name))
            .map(|p| {
                let mut line = vec![text(p.legal_name.value.to_string())];
                for t in [&p.details.address, &p.details.phone].into_iter().flatten() {
                    line.push(text(format!(", {}", t.value)));
                }
                if let Some(url) = &p.details.url {
                    line.push(text(", "));
                    line.push(Run::Link(url.value.to_string()));
                }
                Item::new(line)
            })
            .collect();
        if !members.is_empty() {
            self.para(field(
                "Authorized personal information protection organization",
                vec![],
            ));
            self.list(members);
        }
        if model.under(Regime::Gdpr) {
            let authorities: Vec<&PartyDecl> = model
                .parties
                .iter()
                .filter(|p| p.role == Role::Authority)
                .collect();
            let mentioned = model.events.iter().any(|e| {
                e.event == EventKind::Complaint
                    && e.text
                        .value
                        .to_lowercase()
                        .contains("supervisory authority")
            });
            if authorities.is_empty() && !mentioned {
                self.para(field(
                    "Right to lodge a complaint with a supervisory authority",
                    missing(),
                ));
            }
            for a in authorities {
                let mut line = field(
                    "Supervisory authority",
                    vec![text(a.legal_name.value.to_string())],
                );
                if let Some(url) = &a.details.url {
                    line.push(text(", "));
                    line.push(Run::Link(url.value.to_string()));
                }
                self.para(line);
            }
        }
    }

    fn contacts(&mut self) {
        let model = self.model;
        self.heading(2, "13. Contacts");
        if model.contacts.is_empty() {
            self.not_stated("the policy declares no contact");
            return;
        }
        let mut items = Vec::new();
        for c in &model.contacts {
            let mut children = Vec::new();
            for h in &c.handles {
                children.push(field("For", vec![text(h.value.to_string())]));
            }
            for (name, value) in [
                ("Phone", &c.phone),
                ("Hours", &c.hours),
                ("Address", &c.address),
                ("E-mail", &c.email),
            ] {
                if let Some(v) = value {
                    children.push(field(name, vec![text(v.value.to_string())]));
                }
            }
            if let Some(url) = &c.url {
                children.push(field("Website", vec![Run::Link(url.value.to_string())]));
            }
            for p in &c.person {
                children.push(field("Person", vec![text(p.value.to_string())]));
            }
            if c.phone.is_none() && c.address.is_none() && c.email.is_none() && c.url.is_none() {
                let mut line = field("How to reach it", missing());
                line.push(text(" (no phone, address, e-mail or website)"));
                children.push(line);
            }
            children.extend(remark_lines(&c.remarks));
            items.push(Item::with(
                vec![Run::Strong(c.title.value.to_string())],
                children,
            ));
        }
        self.list(items);
    }

    fn restrictions(&mut self) {
        let model = self.model;
        self.heading(2, "14. Restrictions we set ourselves");
        if model.forbids.is_empty() {
            self.none_stated("no organisation rules");
            return;
        }
        let items = model
            .forbids
            .iter()
            .map(|f| {
                Item::with(
                    vec![text(f.text.value.to_string())],
                    remark_lines(&f.remarks),
                )
            })
            .collect();
        self.list(items);
    }

    fn commitments(&mut self) {
        let model = self.model;
        self.heading(2, "15. Our commitments");
        let header = model.policy.iter().flat_map(|p| &p.remarks.commitments);
        let items: Vec<Item> = header
            .chain(&model.commitments)
            .map(|c| Item::new(vec![text(c.value.to_string())]))
            .collect();
        if items.is_empty() {
            self.none_stated("no general commitments");
        }
        self.list(items);
    }

    fn dates(&mut self) {
        let model = self.model;
        self.heading(2, "16. Effective date and revisions");
        let policy = model.policy.as_ref();
        let effective = policy.and_then(|p| p.effective).map(|d| d.to_string());
        let mut items = vec![Item::new(required("Effective", effective.as_deref()))];
        let revised: Vec<String> = policy
            .iter()
            .flat_map(|p| &p.revised)
            .map(ToString::to_string)
            .collect();
        items.push(match revised.is_empty() {
            true => Item::new(field("Revised", vec![text("no revision stated")])),
            false => Item::new(field("Revised", vec![text(revised.join(", "))])),
        });
        self.list(items);
    }
}

fn label_controller(model: &Model) -> String {
    model.controller.as_ref().map_or_else(
        || "the controller".to_string(),
        |c| c.legal_name.value.to_string(),
    )
}

fn measure_line(m: &Measure) -> Line {
    let kinds: Vec<&str> = m.kinds.iter().map(|k| k.describe()).collect();
    let mut kinds = kinds.join(", ");
    if let Some(first) = kinds.get(..1) {
        kinds = first.to_uppercase() + &kinds[1..];
    }
    field(&kinds, vec![text(m.text.value.to_string())])
}

/// A contact's title with its phone, hours, address, e-mail and website.
fn contact_summary(model: &Model, name: &str) -> Line {
    let Some(c) = model.contact(name) else {
        return vec![text(label(model, name))];
    };
    let mut line = vec![text(c.title.value.to_string())];
    for v in [&c.phone, &c.hours, &c.address, &c.email]
        .into_iter()
        .flatten()
    {
        line.push(text(format!(", {}", v.value)));
    }
    if let Some(url) = &c.url {
        line.push(text(", "));
        line.push(Run::Link(url.value.to_string()));
    }
    line
}
