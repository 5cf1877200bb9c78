//! `purpose-not-declared`: purpose limitation, along the data-flow graph.
//!
//! Every use, provision, outsourcing or joint use by the controller, and
//! every use by a recipient, must serve a purpose its holder got the item
//! for (or a purpose `within` one of those). Onward transfers by recipients
//! are `onward-transfer`'s.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{EdgeKind, Flow, FlowGraph, holdings::Source, list, verb};
use crate::resolve::{DataId, Model, Regime};

pub const RULE: Rule = Rule {
    code: Code::PurposeNotDeclared,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That data is used, provided, outsourced or jointly used only for a purpose it
was collected for. The check follows the data-flow graph: a recipient may
use an item only for the purposes it was given it for, which in turn must be
purposes the controller collected it for. A purpose declared `within` another
counts as part of it. Using an item the holder never collected or received is
reported too.

A flow made `with consent` or `on request` is not reported: the person
agreed to the new use. A flow `under` an exception is judged by
`exception-does-not-apply`: the exception must cite a provision that allows
handling data beyond its purposes (APPI Art. 18(3); GDPR Art. 6(4)). A new
purpose whose `basis` is consent does not excuse the flow: data received for
one purpose and used or provided for another is a new use, whatever the new
purpose rests on, and the consent must be obtained for it.

The finding shows the whole path: where the item was collected and for what,
each hop it took, and the flow that steps outside those purposes.

## Why it matters

- APPI Art. 18(1): a business may handle personal information only as far as
  needed for the purposes of use it specified, unless the person consents in
  advance; Art. 18(3) lists the exceptions.
- GDPR Art. 5(1)(b): personal data is collected for specified, explicit
  purposes and may not be processed further in a way incompatible with them
  (Art. 6(4) says how compatibility is judged).

## Example

```policy
policy "Northwind Library" under APPI

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
subject members "Library members"

purpose lending "To lend books and send due-date reminders" {
  retain until purpose achieved
}
purpose marketing "To advertise book fairs by e-mail" {
  retain 1 year
}

collect email from members for lending
use email for marketing
```

## Fix

Collect the item for the purpose too (the notice then tells people), or ask
for consent to the new purpose.

```policy
policy "Northwind Library" under APPI

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
subject members "Library members"

purpose lending "To lend books and send due-date reminders" {
  retain until purpose achieved
}
purpose marketing "To advertise book fairs by e-mail" {
  retain 1 year
}

collect email from members for lending, marketing
use email for marketing
```
"#;

fn notes(model: &Model) -> Vec<&'static str> {
    let mut notes = Vec::new();
    if model.under(Regime::Appi) {
        notes.push(
            "APPI Art. 18(1): personal information may be handled only within the purposes of use specified, unless the person consents in advance",
        );
    }
    if model.under(Regime::Gdpr) {
        notes.push(
            "GDPR Art. 5(1)(b): personal data collected for specified purposes may not be processed further in a way incompatible with them",
        );
    }
    notes
}

fn check(cx: &Context, out: &mut dyn Sink) {
    let notes = notes(cx.model);
    if notes.is_empty() {
        return;
    }
    for flow in &cx.graph.flows {
        let checked = matches!(
            flow.kind,
            EdgeKind::Use | EdgeKind::Provide | EdgeKind::Outsource | EdgeKind::JointUse
        );
        // Onward transfers are `onward-transfer`'s; a joint use that acquires
        // its own items (`acquired via`) holds them for its own purposes.
        if !checked || flow.onward() || flow.has_acquisition() {
            continue;
        }
        if flow.consent() || flow.on_request() || !flow.exceptions(cx.model).is_empty() {
            continue;
        }
        // Each holder once (a repeat next to itself is the same holder).
        let mut previous = None;
        for holder in flow.from() {
            if previous.replace(holder) == Some(holder) {
                continue;
            }
            check_holder(cx, flow, holder, &notes, out);
        }
    }
}

fn check_holder(
    cx: &Context,
    flow: &Flow,
    holder: petgraph::graph::NodeIndex,
    notes: &[&str],
    out: &mut dyn Sink,
) {
    let graph = cx.graph;
    let holdings = &graph.holdings;
    // Built only for a finding: most flows have none.
    let action = || graph.action(flow);
    let controller = graph.is_controller(holder);

    let missing: Vec<&str> = flow
        .item_ids_and_names(cx.model)
        .filter(|&(id, _)| !holdings.holds(holder, id))
        .map(|(_, name)| name)
        .collect();
    if !missing.is_empty() {
        let action = action();
        let (message, label, help) = if controller {
            (
                format!(
                    "{} {} {action} but never collected",
                    list(&missing),
                    verb(missing.len())
                ),
                "the controller never collects it".to_string(),
                format!(
                    "add a `collect` of {} for the purposes it serves",
                    list(&missing)
                ),
            )
        } else {
            let holder = graph.display(holder);
            (
                format!(
                    "{} {} {action} but never given to {holder}",
                    list(&missing),
                    verb(missing.len())
                ),
                format!("{holder} never receives it"),
                format!(
                    "provide or outsource {} to {holder} first, for the purposes it serves",
                    list(&missing)
                ),
            )
        };
        let mut d = Diagnostic::new(
            Code::PurposeNotDeclared,
            message,
            flow.head(cx.model),
            label,
        );
        for note in notes {
            d = d.with_note(*note);
        }
        out.push(d.with_help(help));
    }

    for (purpose, purpose_id) in flow.purposes_with_ids(cx.model) {
        let outside_ids: Vec<(DataId, &str)> = flow
            .item_ids_and_names(cx.model)
            .filter(|&(id, _)| {
                holdings.holds(holder, id) && holdings.allowing(holder, id, purpose_id).is_none()
            })
            .collect();
        if outside_ids.is_empty() {
            continue;
        }
        let outside: Vec<&str> = outside_ids.iter().map(|(_, name)| *name).collect();
        let action = action();
        let received = received_word(graph, holder, &outside_ids);
        let message = format!(
            "{} {} {action} for `{}`, a purpose {} not {received} for",
            list(&outside),
            verb(outside.len()),
            purpose.name,
            if outside.len() == 1 {
                "it was"
            } else {
                "they were"
            },
        );
        let mut d = Diagnostic::new(
            Code::PurposeNotDeclared,
            message,
            purpose.span,
            format!(
                "`{}` is outside the purposes {} {} {received} for",
                purpose.name,
                list(&outside),
                if outside.len() == 1 { "was" } else { "were" }
            ),
        );
        for (span, label) in graph.path_labels(cx.model, holder, &outside_ids, &[flow.id()]) {
            d = d.with_label(span, label);
        }
        for note in notes {
            d = d.with_note(*note);
        }
        let help = if controller {
            format!(
                "collect {} for `{}` too, declare `{}` `within` a purpose it was collected for, or add `with consent`",
                list(&outside),
                purpose.name,
                purpose.name
            )
        } else {
            format!(
                "give {} to {} for `{}` too, or declare `{}` `within` a purpose it received it for",
                list(&outside),
                graph.display(holder),
                purpose.name,
                purpose.name
            )
        };
        out.push(d.with_help(help));
    }
}

/// "collected" when the holder collected all of these items itself,
/// "received" when any came from another holder.
fn received_word(
    graph: &FlowGraph,
    holder: petgraph::graph::NodeIndex,
    items: &[(DataId, &str)],
) -> &'static str {
    let collected = items.iter().all(|&(item, _)| {
        graph
            .holdings
            .grants(holder, item)
            .is_some_and(|grants| grants.values().all(|g| g.source == Source::Collected))
    });
    if collected { "collected" } else { "received" }
}
