//! `missing-retention`: every holder of every item has a retention limit
//! reachable.

use std::collections::BTreeSet;

use petgraph::graph::NodeIndex;
use rustc_hash::FxHashSet;

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{EdgeKind, FlowId, list};
use crate::resolve::{DataId, Model, Regime};

pub const RULE: Rule = Rule {
    code: Code::MissingRetention,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That everyone who holds personal data — the controller, a party that
collects for it, and every recipient — has a retention limit for every item
it holds. A limit is reachable when one of these says how long:

- the flow that gives the holder the item (`retain` in its block);
- a purpose the holder holds the item for (`retain` in the purpose, or in a
  purpose it is `within`);
- a `use` of the item by the holder that has `retain`;
- the joint use the item comes through (`retain` in the joint use);
- for the controller only, a top-level `retain` default.

A recipient's retention is not the controller's: the top-level default does
not reach a processor or a third party. One finding per holder, listing the
items, at the flow that gives it the data.

## Why it matters

- APPI Art. 22: a business must endeavour to delete personal data without
  delay once it no longer needs it for its purposes of use.
- GDPR Art. 5(1)(e): personal data is kept in identifiable form no longer
  than its purposes need (storage limitation); Art. 13(2)(a) and 14(2)(a):
  the notice states the retention period, or how it is determined.

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
  handles disclosure, correction, deletion, cessation
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
  handles disclosure, correction, deletion, cessation
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

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let model = cx.model;
    let graph = cx.graph;
    let mut notes = Vec::new();
    if model.under(Regime::Appi) {
        notes.push("APPI Art. 22: personal data is to be deleted without delay once it is no longer needed for its purposes of use");
    }
    if model.under(Regime::Gdpr) {
        notes.push("GDPR Art. 5(1)(e): personal data is kept no longer than its purposes need, and Art. 13(2)(a) requires the notice to state for how long");
    }
    if notes.is_empty() {
        return;
    }
    let used = used_with_retention(cx);
    let retained = retained_purposes(model);
    for &holder in graph.holdings.holders() {
        let Some(node) = graph.node(holder) else {
            continue;
        };
        let controller = graph.is_controller(holder);
        if controller && !model.retention_defaults.is_empty() {
            continue;
        }
        // item -> the flows that gave it to this holder
        let mut lacking: Vec<(DataId, BTreeSet<FlowId>)> = Vec::new();
        for (item, grants) in graph.holdings.items_of(holder) {
            let by_purpose = grants.purposes().any(|p| retained[p]);
            let by_use = used.contains(&(holder, item));
            if by_purpose || by_use {
                continue;
            }
            let flows: BTreeSet<FlowId> = grants.values().map(|g| g.flow).collect();
            let by_flow = flows
                .iter()
                .filter_map(|&f| graph.flow(f))
                .any(|f| f.retention(model).is_some());
            if !by_flow {
                lacking.push((item, flows));
            }
        }
        if lacking.is_empty() {
            continue;
        }
        // Items in the order their first flow declares them.
        lacking.sort_by_cached_key(|(item, flows)| {
            let first = flows.iter().next().copied();
            let position = first
                .and_then(|f| graph.flow(f))
                .and_then(|f| f.item_ids.iter().position(|i| i == item));
            (first, position, model.data_name(*item))
        });
        let items: Vec<&str> = lacking
            .iter()
            .map(|(item, _)| model.data_name(*item))
            .collect();
        let mut by_flow: Vec<(FlowId, Vec<&str>)> = Vec::new();
        for (item, flows) in &lacking {
            let item = model.data_name(*item);
            for &f in flows {
                match by_flow.iter_mut().find(|(id, _)| *id == f) {
                    Some((_, items)) => items.push(item),
                    None => by_flow.push((f, vec![item])),
                }
            }
        }
        by_flow.sort_by_key(|(f, _)| *f);
        let Some((first, first_items)) = by_flow.first() else {
            continue;
        };
        let Some(first_flow) = graph.flow(*first) else {
            continue;
        };
        let who = if controller {
            "the controller".to_string()
        } else {
            node.display()
        };
        let mut d = Diagnostic::new(
            Code::MissingRetention,
            format!("{who} holds {} with no retention limit", list(&items)),
            first_flow.head,
            format!("gives {who} {} with no retention", list(first_items)),
        );
        for (f, flow_items) in by_flow.iter().skip(1) {
            if let Some(flow) = graph.flow(*f) {
                d = d.with_label(
                    flow.head,
                    format!("gives {who} {} with no retention", list(flow_items)),
                );
            }
        }
        for note in &notes {
            d = d.with_note(*note);
        }
        let help = if controller {
            "add `retain ...` to the purposes (or the flows), or a top-level `retain` default for everything the controller holds".to_string()
        } else {
            format!(
                "add `retain ...` to the flow that gives {who} the data, or to the purposes it holds it for"
            )
        };
        out.push(d.with_help(help));
    }
}

/// The (holder, item) pairs a `use` with a retention covers. Built once:
/// asking each flow for each holding would be quadratic in the policy size.
fn used_with_retention(cx: &Context) -> FxHashSet<(NodeIndex, DataId)> {
    cx.graph
        .flows
        .iter()
        .filter(|f| f.kind == EdgeKind::Use && f.retention(cx.model).is_some())
        .flat_map(|f| f.item_ids.iter().map(move |&i| (f.to, i)))
        .collect()
}

/// For each purpose, whether it or a purpose it is `within` states a
/// retention. Built once: holders ask it for every item they hold.
fn retained_purposes(model: &Model) -> Vec<bool> {
    (0..model.purposes.len())
        .map(|p| model.retention_source(p).is_some())
        .collect()
}
