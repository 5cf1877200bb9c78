//! `missing-retention`: every holder of every item has a retention limit
//! reachable.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Context, Rule};
use crate::ast::PurposeDecl;
use crate::ast::Role;
use crate::diagnostic::{Code, Diagnostic, Fix, Severity, Sink};
use crate::graph::{EdgeKind, FlowId, list};
use crate::resolve::{DataId, Model, PurposeId, Regime};
use crate::span::Span;

pub const RULE: Rule = Rule {
    code: Code::MissingRetention,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That the data the controller answers for has a retention limit: what the
controller holds, and what its processors (`as processor`) hold on its
behalf. A limit is reachable when one of these says how long:

- a purpose the data is held for (`retain` in the purpose, or in a purpose
  it is `within`);
- the flow that gives the holder the item (`retain` in its block);
- a `use` of the item by the holder that has `retain`;
- the joint use the item comes through (`retain` in the joint use);
- a top-level `retain` default (it covers what processors hold for the
  controller too: they hold it on the controller's behalf).

Third parties, joint users, entrusting companies and authorities are not
checked: what an independent recipient keeps is its own duty to state, not
the controller's (the notice and the record of processing say "the
recipient's own").

A missing limit is reported once, at the purpose that states none, with
every flow that gives the data to a holder for it. Under the GDPR it is an
error; under the APPI alone it is a warning, because Art. 22 is a duty to
*endeavour* to delete.

## Why it matters

- APPI Art. 22: a business must endeavour to delete personal data without
  delay once it no longer needs it for its purposes of use.
- GDPR Art. 5(1)(e): personal data is kept in identifiable form no longer
  than its purposes need (storage limitation); Art. 13(2)(a) and 14(2)(a):
  the notice states the retention period, or how it is determined; Art.
  28(3)(g): a processor deletes or returns the data when its service ends.

## Example

```policy
policy "Northwind Books" under APPI

controller northwind "Northwind Books K.K." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}
contact desk "Privacy Desk" {
  email "privacy@northwind.example"
}
rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}
on complaint via desk "We answer complaints within 14 days"
security {
  measure technical "Access to customer data is limited to the staff who need it"
}

data email "E-mail address"
subject customers "Customers"

purpose newsletter "To send the monthly newsletter"

collect email from customers for newsletter with consent
```

## Fix

Say how long, on the purpose (or on the flow).

```policy
policy "Northwind Books" under APPI

controller northwind "Northwind Books K.K." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}
contact desk "Privacy Desk" {
  email "privacy@northwind.example"
}
rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}
on complaint via desk "We answer complaints within 14 days"
security {
  measure technical "Access to customer data is limited to the staff who need it"
}

data email "E-mail address"
subject customers "Customers"

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from customers for newsletter with consent
```
"#;

const APPI_NOTE: &str = "APPI Art. 22: a business must endeavour to delete personal data without delay once it is no longer needed for its purposes of use";
const GDPR_NOTE: &str = "GDPR Art. 5(1)(e): personal data is kept no longer than its purposes need, and Art. 13(2)(a) requires the notice to state for how long";

/// The most flows a finding labels; the message counts the rest.
const MAX_LABELS: usize = 16;

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    let graph = cx.graph;
    let appi = model.under(Regime::Appi);
    let gdpr = model.under(Regime::Gdpr);
    if !appi && !gdpr {
        return;
    }
    if !model.retention_defaults.is_empty() {
        // The default covers everything the controller and its processors hold.
        return;
    }
    let used = used_with_retention(cx);
    let retained = retained_purposes(model);
    // purpose -> (holder, item, the flows that gave it), for each holding
    // with no limit, charged to the first purpose (by declaration) it is
    // held for: one finding per purpose, the root cause.
    let mut charged: BTreeMap<PurposeId, Vec<(NodeIndex, DataId, Vec<FlowId>)>> = BTreeMap::new();
    for &holder in graph.holdings.holders() {
        let answers_for =
            graph.is_controller(holder) || graph.role(holder) == Some(Role::Processor);
        if !answers_for {
            continue;
        }
        for (item, grants) in graph.holdings.items_of(holder) {
            if grants.purposes().any(|p| retained[p]) || used.contains(&(holder, item)) {
                continue;
            }
            // Ascending, without repeats (most holdings have one grant).
            let mut flows: Vec<FlowId> = grants.values().map(|g| g.flow).collect();
            flows.sort_unstable();
            flows.dedup();
            let by_flow = flows
                .iter()
                .filter_map(|&f| graph.flow(f))
                .any(|f| f.retention(model).is_some());
            if by_flow {
                continue;
            }
            let Some(first) = grants.purposes().min() else {
                continue;
            };
            charged
                .entry(first)
                .or_default()
                .push((holder, item, flows));
        }
    }
    // Each holder's name, worked out once: a holder is listed under every
    // purpose it holds something for.
    let mut names: FxHashMap<NodeIndex, String> = FxHashMap::default();
    for (holder, _, _) in charged.values().flatten() {
        names
            .entry(*holder)
            .or_insert_with(|| holder_name(cx, *holder));
    }
    for (purpose, holdings) in charged {
        out.push(diagnose(cx, &names, purpose, &holdings, appi, gdpr));
    }
}

fn diagnose(
    cx: &Context,
    names: &FxHashMap<NodeIndex, String>,
    purpose: PurposeId,
    holdings: &[(NodeIndex, DataId, Vec<FlowId>)],
    appi: bool,
    gdpr: bool,
) -> Diagnostic {
    let model = cx.model;
    let graph = cx.graph;
    let declared = &model.purposes[purpose];
    // Each list in order of first appearance, without repeats. The sets
    // keep that linear: a purpose of an imported Fides policy is held by
    // thousands of systems.
    let mut items: Vec<&str> = Vec::new();
    let mut seen_items: FxHashSet<&str> = FxHashSet::default();
    let mut holders: Vec<&str> = Vec::new();
    let mut seen_holders: FxHashSet<NodeIndex> = FxHashSet::default();
    let mut seen_names: FxHashSet<&str> = FxHashSet::default();
    // flow -> (holder, items it gave that holder), in flow order.
    let mut by_flow: BTreeMap<FlowId, (NodeIndex, Vec<&str>)> = BTreeMap::new();
    let mut given: FxHashSet<(FlowId, &str)> = FxHashSet::default();
    for (holder, item, flows) in holdings {
        let name = model.data_name(*item);
        if seen_items.insert(name) {
            items.push(name);
        }
        // Two holders may be named alike ("the controller"): the names
        // are what is listed once.
        if seen_holders.insert(*holder) {
            let who = names.get(holder).map_or("", String::as_str);
            if seen_names.insert(who) {
                holders.push(who);
            }
        }
        for &flow in flows {
            let entry = by_flow.entry(flow).or_insert((*holder, Vec::new()));
            if given.insert((flow, name)) {
                entry.1.push(name);
            }
        }
    }
    let keep = if holders.len() == 1 { "keeps" } else { "keep" };
    let mut d = Diagnostic::new(
        Code::MissingRetention,
        format!(
            "purpose `{}` states no retention, and nothing else limits how long {} {keep} {}",
            declared.name.name,
            join(&holders),
            list(&items)
        ),
        declared.name.span,
        "no `retain`",
    );
    if !gdpr {
        d.severity = Severity::Warning;
    }
    let total = by_flow.len();
    for (&flow, (holder, flow_items)) in by_flow.iter().take(MAX_LABELS) {
        if let Some(f) = graph.flow(flow) {
            d = d.with_label(
                f.head(cx.model),
                format!(
                    "gives {} {} for `{}`",
                    names.get(holder).map_or("", String::as_str),
                    list(flow_items),
                    declared.name.name
                ),
            );
        }
    }
    if total > MAX_LABELS {
        d = d.with_note(format!(
            "{} more flows give data for `{}` with no retention",
            total - MAX_LABELS,
            declared.name.name
        ));
    }
    if appi {
        d = d.with_note(APPI_NOTE);
    }
    if gdpr {
        d = d.with_note(GDPR_NOTE);
    }
    d.with_help(format!(
        "add `retain ...` to purpose `{}` (or to the flows), or a top-level `retain` default",
        declared.name.name
    ))
    .with_fix(retain_fix(declared))
}

/// The fix `--fix` applies: `retain until purpose achieved` (delete the
/// data once the purpose is achieved, what APPI Art. 22 and GDPR Art.
/// 5(1)(e) ask at the least) as the first property of the purpose, on the
/// line of its `{` (or in a new block on the line of its text), so that no
/// line break and no comment moves; `lawful fmt` lays it out.
fn retain_fix(declared: &PurposeDecl) -> Fix {
    const RETAIN: &str = "retain until purpose achieved";
    let (at, text) = match declared.block {
        Some(block) => (block.start as usize + 1, format!(" {RETAIN}")),
        None => (declared.text.span.end as usize, format!(" {{ {RETAIN} }}")),
    };
    Fix::replace(
        format!("add `{RETAIN}` to purpose `{}`", declared.name.name),
        Span::new(declared.span.file, at, at),
        text,
    )
}

/// "the controller" or `` `mailer` ``.
fn holder_name(cx: &Context, holder: NodeIndex) -> String {
    if cx.graph.is_controller(holder) {
        "the controller".to_string()
    } else {
        cx.graph.display(holder)
    }
}

/// "a", "a and b", "a, b and c".
fn join(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The (holder, item) pairs a `use` with a retention covers. Built once:
/// asking each flow for each holding would be quadratic in the policy size.
fn used_with_retention(cx: &Context) -> FxHashSet<(NodeIndex, DataId)> {
    cx.graph
        .flows
        .iter()
        .filter(|f| f.kind == EdgeKind::Use && f.retention(cx.model).is_some())
        .flat_map(|f| f.item_ids().map(move |i| (f.to, i)))
        .collect()
}

/// For each purpose, whether it or a purpose it is `within` states a
/// retention. Built once: holders ask it for every item they hold.
fn retained_purposes(model: &Model) -> Vec<bool> {
    (0..model.purposes.len())
        .map(|p| model.retention_source(p).is_some())
        .collect()
}
