//! `onward-transfer`: a recipient passing data on beyond what it was given.

use petgraph::graph::NodeIndex;

use super::{Context, Rule};
use crate::ast::Role;
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{EdgeKind, Flow, list, verb};
use crate::resolve::DataId;
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::OnwardTransfer,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

Flows that start at a recipient (`provide ... from mailer to ...`,
`outsource ... from mailer to ...`):

- the recipient passes on an item it was never given;
- it passes an item on for a purpose beyond those it received the item for
  (a purpose `within` one of them is fine), unless the flow is made `with
  consent` (consent to this flow: a purpose whose `basis` is consent is not
  consent given);
- a processor passes data to anyone but another processor (a third party,
  an authority …).

A flow `under` an exception is judged by `exception-does-not-apply`: the
exception must cite a provision that covers what the flow does (an APPI
Art. 27(1) item for a provision to a third party; Art. 18(3) for a new
purpose; under the GDPR, Art. 28(3)(a): a law that requires the processor
to disclose).

The finding shows the path the data took to the recipient.

## Why it matters

- APPI Art. 25: a business that outsources must supervise its contractors so
  the data is handled only for the work entrusted; a contractor that hands it
  on is providing it to a third party, which Art. 27(1) (and Art. 28(1) for a
  recipient abroad) allows only with consent or a statutory exception.
- GDPR Art. 28(2) and (4): a processor engages another processor only with
  the controller's authorisation and under the same obligations; Art. 28(3)(a):
  it processes only on the controller's instructions. Art. 44: onward
  transfers must not undermine the protection of Chapter V.

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
party mailer "Example Mailer K.K." as processor
party ad_network "Example Ads K.K." as third party

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}
purpose advertising "To show advertisements for partner shops" {
  retain 1 year
}

collect email from customers for newsletter with consent
outsource email to mailer for newsletter {
  contract "data processing agreement 2024-03"
  selected by "vendor selection criteria v2"
}
provide email from mailer to ad_network for advertising
```

## Fix

The processor keeps to its task; if the data must go further, the
controller provides it itself, for purposes it collected it for.

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
party mailer "Example Mailer K.K." as processor
party ad_network "Example Ads K.K." as third party

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}
purpose advertising "To show advertisements for partner shops" {
  retain 1 year
}

collect email from customers for newsletter, advertising with consent
outsource email to mailer for newsletter {
  contract "data processing agreement 2024-03"
  selected by "vendor selection criteria v2"
}
provide email to ad_network for advertising with consent
```
"#;

const APPI_ONWARD: &str = "APPI Art. 25 and 27(1): a recipient may handle the data only within what it was entrusted or given; passing it further is provision to a third party, which needs consent";
const GDPR_ONWARD: &str = "GDPR Art. 28(2) and (4): a processor passes personal data to another processor only with the controller's authorisation and under the same obligations; Art. 44: onward transfers keep the protection of Chapter V";
const APPI_PROCESSOR: &str = "APPI Art. 25: data entrusted to a contractor is handled only for the entrusted work, under the controller's supervision; handing it to a third party is a provision under Art. 27(1)";
const GDPR_PROCESSOR: &str = "GDPR Art. 28(3)(a): a processor processes personal data only on the controller's documented instructions, and Art. 28(2) and (4) bind any further processor it engages";

fn check(cx: &Context, out: &mut dyn Sink) {
    let appi = cx.model.under(Regime::Appi);
    let gdpr = cx.model.under(Regime::Gdpr);
    if !appi && !gdpr {
        return;
    }
    let onward_notes: Vec<&str> = [(appi, APPI_ONWARD), (gdpr, GDPR_ONWARD)]
        .into_iter()
        .filter_map(|(on, note)| on.then_some(note))
        .collect();
    let processor_notes: Vec<&str> = [(appi, APPI_PROCESSOR), (gdpr, GDPR_PROCESSOR)]
        .into_iter()
        .filter_map(|(on, note)| on.then_some(note))
        .collect();
    for flow in &cx.graph.flows {
        if !flow.onward() || !matches!(flow.kind, EdgeKind::Provide | EdgeKind::Outsource) {
            continue;
        }
        // Each sender once (a repeat next to itself is the same sender).
        let mut previous = None;
        for sender in flow.from() {
            if previous.replace(sender) == Some(sender) {
                continue;
            }
            if cx.graph.is_controller(sender) || !is_recipient(cx, sender) {
                continue;
            }
            not_given(cx, flow, sender, &onward_notes, out);
            // A processor may pass nothing to a non-processor, whatever the
            // purpose: that finding says it all.
            if !processor_to_third_party(cx, flow, sender, &processor_notes, out) {
                beyond_purposes(cx, flow, sender, &onward_notes, out);
            }
        }
    }
}

/// A party that received data from someone, or whose role means it only
/// ever holds data it was given. An entrusting company or an authority
/// passing on data of its own is not an onward transfer.
fn is_recipient(cx: &Context, party: NodeIndex) -> bool {
    matches!(
        cx.graph.role(party),
        Some(Role::Processor | Role::JointUsers | Role::ThirdParty)
    ) || cx.graph.holdings.is_holder(party)
}

fn not_given(cx: &Context, flow: &Flow, sender: NodeIndex, notes: &[&str], out: &mut dyn Sink) {
    let missing: Vec<&str> = flow
        .item_ids_and_names(cx.model)
        .filter(|&(id, _)| !cx.graph.holdings.holds(sender, id))
        .map(|(_, name)| name)
        .collect();
    if missing.is_empty() {
        return;
    }
    let who = cx.graph.display(sender);
    let mut d = Diagnostic::new(
        Code::OnwardTransfer,
        format!(
            "{} {} {} but {who} was never given {}",
            list(&missing),
            verb(missing.len()),
            cx.graph.action(flow),
            pronoun(missing.len())
        ),
        flow.head(cx.model),
        format!("{who} passes on data it never received"),
    );
    for note in notes {
        d = d.with_note(*note);
    }
    out.push(d.with_help(format!(
        "provide or outsource {} to {who} first, or have the controller provide it directly",
        list(&missing)
    )));
}

fn beyond_purposes(
    cx: &Context,
    flow: &Flow,
    sender: NodeIndex,
    notes: &[&str],
    out: &mut dyn Sink,
) {
    // Consent to this onward flow is consent to the new purpose; consent
    // given for the purposes the data was collected for is not.
    if flow.consent() || !flow.exceptions(cx.model).is_empty() || flow.on_request() {
        return;
    }
    let holdings = &cx.graph.holdings;
    let who = cx.graph.display(sender);
    for (purpose, purpose_id) in flow.purposes_with_ids(cx.model) {
        let beyond_ids: Vec<(DataId, &str)> = flow
            .item_ids_and_names(cx.model)
            .filter(|&(id, _)| {
                holdings.holds(sender, id) && holdings.allowing(sender, id, purpose_id).is_none()
            })
            .collect();
        if beyond_ids.is_empty() {
            continue;
        }
        let beyond: Vec<&str> = beyond_ids.iter().map(|(_, name)| *name).collect();
        let mut d = Diagnostic::new(
            Code::OnwardTransfer,
            format!(
                "{} {} {} for `{}`, beyond the purposes {who} received {} for",
                list(&beyond),
                verb(beyond.len()),
                cx.graph.action(flow),
                purpose.name,
                pronoun(beyond.len())
            ),
            purpose.span,
            format!(
                "{who} did not receive {} for `{}`",
                list(&beyond),
                purpose.name
            ),
        );
        for (span, label) in cx
            .graph
            .path_labels(cx.model, sender, &beyond_ids, &[flow.id()])
        {
            d = d.with_label(span, label);
        }
        for note in notes {
            d = d.with_note(*note);
        }
        out.push(d.with_help(format!(
            "pass {} on only for purposes {who} received {} for, or add `with consent`",
            list(&beyond),
            pronoun(beyond.len())
        )));
    }
}

fn processor_to_third_party(
    cx: &Context,
    flow: &Flow,
    sender: NodeIndex,
    notes: &[&str],
    out: &mut dyn Sink,
) -> bool {
    if cx.graph.role(sender) != Some(Role::Processor)
        || cx.graph.role(flow.to) == Some(Role::Processor)
    {
        return false;
    }
    if !flow.exceptions(cx.model).is_empty() {
        return true;
    }
    // Items it was never given are reported as such.
    let held: Vec<(DataId, &str)> = flow
        .item_ids_and_names(cx.model)
        .filter(|&(id, _)| cx.graph.holdings.holds(sender, id))
        .collect();
    if held.is_empty() {
        return true;
    }
    let items: Vec<&str> = held.iter().map(|(_, name)| *name).collect();
    let who = cx.graph.display(sender);
    let to = cx.graph.display(flow.to);
    let mut d = Diagnostic::new(
        Code::OnwardTransfer,
        format!(
            "processor {who} passes {} on to {to}, which is not a processor",
            list(&items)
        ),
        flow.head(cx.model),
        format!("{who} acts only on the controller's behalf"),
    );
    let mut path = cx.graph.path_labels(cx.model, sender, &held, &[flow.id()]);
    path.truncate(8);
    for (span, label) in path {
        d = d.with_label(span, label);
    }
    if let Some(span) = cx.graph.node(sender).and_then(|n| n.span) {
        d = d.with_label(span, format!("{who} is declared as a processor here"));
    }
    for note in notes {
        d = d.with_note(*note);
    }
    out.push(d.with_help(format!(
        "have the controller provide the data to {to} itself (with consent or an exception), or remove this flow"
    )));
    true
}

fn pronoun(count: usize) -> &'static str {
    if count == 1 { "it" } else { "them" }
}
