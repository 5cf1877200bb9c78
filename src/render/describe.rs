//! Facts about a policy in its own words, shared by the notice and the
//! record of processing activities: labels of declared names, retention,
//! exceptions, rights.

use crate::ast::*;
use crate::graph::{Flow, FlowGraph, Origin};
use crate::resolve::{Model, SymbolKind};

use super::doc::{Block, Line, text};

/// What a declared name stands for, in the policy's own words: a party's
/// legal name, a subject's or source's description, a purpose's text. Names
/// that do not resolve are shown as written.
pub(super) fn label(model: &Model, name: &str) -> String {
    let Some(symbol) = model.lookup(name) else {
        return name.to_string();
    };
    let i = symbol.index;
    let found = match symbol.kind {
        SymbolKind::Controller => model
            .controller
            .as_ref()
            .map(|c| c.legal_name.value.to_string()),
        SymbolKind::Party => model.parties.get(i).map(|p| p.legal_name.value.to_string()),
        SymbolKind::Contact => model.contacts.get(i).map(|c| c.title.value.to_string()),
        SymbolKind::Subject => model
            .subjects
            .get(i)
            .map(|s| s.description.value.to_string()),
        SymbolKind::Source => model
            .sources
            .get(i)
            .map(|s| s.description.value.to_string()),
        SymbolKind::Method => model
            .methods
            .get(i)
            .map(|m| m.description.value.to_string()),
        SymbolKind::Data => model.data.get(i).map(|item| item_label(item)),
        SymbolKind::Purpose => model.purposes.get(i).map(|p| p.text.value.to_string()),
        SymbolKind::Exception => model.exceptions.get(i).map(|e| e.text.value.to_string()),
        SymbolKind::JointUse | SymbolKind::Anonymous | SymbolKind::Forbid => None,
    };
    found.unwrap_or_else(|| name.to_string())
}

/// A data item's description, or its name when it has none.
pub(super) fn item_label(item: &DataItem) -> String {
    item.description
        .as_ref()
        .map_or_else(|| item.name.name.to_string(), |d| d.value.to_string())
}

/// A party's legal name and role: "Mailer Inc. (processor)".
pub(super) fn party_label(model: &Model, name: &str) -> String {
    match model.party(name) {
        Some(p) => format!("{} ({})", p.legal_name.value, p.role.describe()),
        None => label(model, name),
    }
}

/// A retention as a reader would say it.
pub(super) fn describe_retention(retention: &Retention) -> String {
    match &retention.kind {
        RetentionKind::Duration { duration } => duration.to_string(),
        RetentionKind::Until { event, plus } => {
            let event = match event {
                RetentionEvent::PurposeAchieved => {
                    "until the purpose of use is achieved".to_string()
                }
                RetentionEvent::ContractEnds => "until the contract ends".to_string(),
                RetentionEvent::Described(t) => format!("until {}", t.value),
            };
            match plus {
                Some(plus) => format!("{event}, plus {plus}"),
                None => event,
            }
        }
        RetentionKind::RequiredByLaw { law, citations } => {
            let cites: Vec<String> = citations.iter().map(ToString::to_string).collect();
            if cites.is_empty() {
                format!("as required by {}", law.value)
            } else {
                format!("as required by {} ({})", law.value, cites.join(", "))
            }
        }
        RetentionKind::Indefinite => "indefinitely".to_string(),
    }
}

/// The retention of a purpose: its own, or the nearest wider purpose's
/// (`within`), with the wider purpose's name.
pub(super) fn purpose_retention<'m>(
    model: &'m Model,
    purpose: &str,
) -> Option<(&'m Retention, Option<&'m str>)> {
    let id = model.purpose_id(purpose)?;
    let from = model.retention_source(id)?;
    let retention = model.purposes[from].retention.as_ref()?;
    let wider = (from != id).then(|| model.purpose_name(from));
    Some((retention, wider))
}

/// The policy's default retention (`retain` at the top level), as text.
pub(super) fn default_retention(model: &Model) -> Option<String> {
    let all: Vec<String> = model
        .retention_defaults
        .iter()
        .map(|r| describe_retention(&r.retention))
        .collect();
    (!all.is_empty()).then(|| all.join("; "))
}

/// "An exception's text (APPI Art. 27(1)(i): cases based on laws and
/// regulations)", or "… (no statutory citation)". The provision's title
/// comes from the statute catalogue; it is given once when every citation
/// has the same one (the parallel items of APPI Art. 18(3), 20(2), 27(1)).
pub(super) fn describe_exception(model: &Model, name: &str) -> String {
    match model.exception(name) {
        Some(e) if e.citations.is_empty() => format!("“{}” (no statutory citation)", e.text.value),
        Some(e) => {
            let cites: Vec<String> = e.citations.iter().map(ToString::to_string).collect();
            let titles: Vec<&str> = e
                .citations
                .iter()
                .map(|c| crate::law::find_citation(c).map_or("", |p| p.title))
                .collect();
            match titles.first() {
                Some(first) if !first.is_empty() && titles.iter().all(|t| t == first) => {
                    format!("“{}” ({}: {first})", e.text.value, cites.join(", "))
                }
                _ => format!("“{}” ({})", e.text.value, cites.join(", ")),
            }
        }
        None => format!("“{name}” (not defined in the policy)"),
    }
}

/// The recipients of transfers for which the policy states no retention
/// (neither the flow nor a purpose it serves has one), in two lists: the
/// processors, whose retention is the controller's to state (the top-level
/// default covers them: they hold data on the controller's behalf), and the
/// independent recipients — third parties, joint users, entrusting
/// companies, authorities — whose retention is their own. With `purpose`,
/// only transfers for that purpose.
pub(super) struct OpenRetention {
    /// Processors the policy states no limit for.
    pub missing: Vec<String>,
    /// Independent recipients: their retention is their own.
    pub own: Vec<String>,
}

pub(super) fn recipients_without_retention(
    model: &Model,
    graph: &FlowGraph,
    purpose: Option<&str>,
) -> OpenRetention {
    let mut out = OpenRetention {
        missing: Vec::new(),
        own: Vec::new(),
    };
    for flow in graph
        .flows
        .iter()
        .filter(|f| f.kind.is_transfer() && f.retention(model).is_none())
    {
        if purpose.is_some_and(|p| !flow.purpose_names(model).any(|q| q == p)) {
            continue;
        }
        if flow
            .purpose_names(model)
            .any(|p| purpose_retention(model, p).is_some())
        {
            continue;
        }
        let Some(node) = graph.node(flow.to) else {
            continue;
        };
        let list = if node.role == Some(crate::ast::Role::Processor) {
            if !model.retention_defaults.is_empty() {
                continue;
            }
            &mut out.missing
        } else {
            &mut out.own
        };
        if !list.contains(&node.label) {
            list.push(node.label.clone());
        }
    }
    out
}

/// The graph flow drawn by a declaration.
pub(super) fn graph_flow(graph: &FlowGraph, origin: Origin) -> Option<&Flow> {
    graph.flows.iter().find(|f| f.origin() == origin)
}

/// How a right kind reads in a notice.
pub(super) fn describe_right(name: &str) -> String {
    match name {
        "disclosure" => "Disclosure",
        "correction" => "Correction",
        "addition" => "Addition",
        "deletion" => "Deletion",
        "cessation" => "Cessation of use or of provision to third parties",
        "purpose_notification" => "Notification of the purpose of use",
        "third_party_records" => "Disclosure of records of provision to third parties",
        "erasure" => "Erasure (GDPR Art. 17)",
        "restriction" => "Restriction of processing (GDPR Art. 18)",
        "portability" => "Data portability (GDPR Art. 20)",
        "objection" => "Objection (GDPR Art. 21)",
        "withdrawal" => "Withdrawal of consent, at any time (GDPR Art. 7(3))",
        other => other,
    }
    .to_string()
}

/// A subject's description, with "(children under N)" when it is one.
pub(super) fn subject_label(subject: &SubjectDecl) -> String {
    match subject.child {
        Some(age) => format!(
            "{} (children under {})",
            subject.description.value, age.under
        ),
        None => subject.description.value.to_string(),
    }
}

/// The data protection officer as stated: the contact's title and how to
/// reach it, or that none is designated and why.
pub(super) fn describe_dpo(model: &Model, dpo: &Dpo) -> String {
    match dpo {
        Dpo::Contact(name) => match model.contact(&name.name) {
            Some(c) => with_details(&c.title, &[&c.phone, &c.address, &c.email, &c.url]),
            None => label(model, &name.name),
        },
        Dpo::NotDesignated(reason) => format!("none designated ({})", reason.value),
    }
}

/// A party's legal name with its address, country, phone and website.
pub(super) fn describe_party(model: &Model, name: &str) -> String {
    match model.party(name) {
        Some(p) => {
            let d = &p.details;
            with_details(&p.legal_name, &[&d.address, &d.country, &d.phone, &d.url])
        }
        None => label(model, name),
    }
}

/// "Name, detail, detail": the details that are stated, in order.
fn with_details(name: &Text, details: &[&Option<Text>]) -> String {
    let mut parts = vec![name.value.as_str()];
    parts.extend(
        details
            .iter()
            .filter_map(|t| t.as_ref())
            .map(|t| t.value.as_str()),
    );
    parts.join(", ")
}

pub(super) fn money(m: &Money) -> String {
    let digits = m.amount.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped} {}", m.currency.name)
}

pub(super) fn join_labels(model: &Model, names: &[Ident]) -> String {
    names
        .iter()
        .map(|n| label(model, &n.name))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The remarks of a block as list lines: notes, then commitments.
pub(super) fn remark_lines(remarks: &Remarks) -> Vec<Line> {
    remarks
        .notes
        .iter()
        .chain(&remarks.commitments)
        .map(|t| vec![text(t.value.to_string())])
        .collect()
}

pub(super) fn remark_paras(remarks: &Remarks) -> impl Iterator<Item = Block> + '_ {
    remark_lines(remarks).into_iter().map(Block::Para)
}
