//! `third-party-without-consent`: APPI's consent rule for provision to
//! third parties.

use super::{Context, Rule, needs};
use crate::ast::Role;
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{EdgeKind, list, verb};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::ThirdPartyWithoutConsent,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

Under APPI, that every `provide` to a third party — a party that is not a
processor, or joint users beyond the items and purposes of a joint use
declared with them — has one of:

- the person's consent: `with consent` on the provision, or on the
  collection the data descends from, for the purpose it is provided for;
- the person's own request: `on request`;
- a business succession: `by succession`;
- a statutory exception: `under` an exception citing the item of APPI
  Art. 27(1) (or the opt-out of Art. 27(2)) that covers it — which
  `exception-does-not-apply` and `non-statutory-exception` check.

A purpose whose `basis` is consent is not consent to the provision: it says
what must be obtained, not that it was. Special-care items are reported by
`special-care-without-consent`; this rule reports the others. Items declared
`: personal related` (cookie IDs and the like, APPI Art. 2(7)) are not the
provider's personal data: their provision is a warning under Art. 31 (from
2022-04-01), since it applies only where the recipient will use them as
personal data, which the policy does not say. Outsourcing and
joint use are not provision to a third party, and are checked by other rules.

## Why it matters

APPI Art. 27(1) forbids providing personal data to a third party without the
person's prior consent, except in the cases it lists (laws and regulations,
protecting life or property, public health, cooperation with authorities,
academic research). Art. 27(5) says who is not a third party: contractors
(outsourcing), successors in a merger or business transfer, and joint users
that were notified (Art. 27(5)(iii)) — for the items and purposes notified.

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

data name "Name", address "Postal address"
subject customers "Customers"
party courier "Example Courier K.K." as third party

purpose delivery "To deliver ordered books" {
  retain until purpose achieved
}

collect name, address from customers for delivery
provide name, address to courier for delivery
```

## Fix

Provide with consent (or on the person's request, by succession, or under a
statutory exception).

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

data name "Name", address "Postal address"
subject customers "Customers"
party courier "Example Courier K.K." as third party

purpose delivery "To deliver ordered books" {
  retain until purpose achieved
}

collect name, address from customers for delivery
provide name, address to courier for delivery with consent
```
"#;

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    let graph = cx.graph;
    if !model.under(Regime::Appi) {
        return;
    }
    for flow in graph.flows.iter().filter(|f| f.kind == EdgeKind::Provide) {
        if !needs::to_third_party(cx, flow)
            || flow.on_request()
            || flow.opt_out()
            || !flow.exceptions(model).is_empty()
            || graph.consent(flow).given()
        {
            continue;
        }
        let Some(role) = graph.role(flow.to) else {
            continue;
        };
        // Special-care items are `special-care-without-consent`'s;
        // personal-related information is not personal data of the provider
        // and falls under Art. 31, below; pseudonymously processed
        // information is `pseudonymous-provision`'s (consent would not do).
        let pseudonymous = needs::pseudonymous(cx, flow);
        let items: Vec<&str> = flow
            .item_ids_and_names(model)
            .filter(|&(id, _)| {
                model.data[id].special_care.is_none()
                    && model.data[id].personal_related.is_none()
                    && !pseudonymous.contains(&model.data_name(id))
            })
            .map(|(_, name)| name)
            .collect();
        let related: Vec<&str> = flow
            .item_ids_and_names(model)
            .filter(|&(id, _)| {
                model.data[id].special_care.is_none() && model.data[id].personal_related.is_some()
            })
            .map(|(_, name)| name)
            .collect();
        if !related.is_empty() && model.day() >= PERSONAL_RELATED_IN_FORCE {
            out.push(personal_related(cx, flow, &related));
        }
        if items.is_empty() {
            continue;
        }
        let to = graph.display(flow.to);
        let mut d = Diagnostic::new(
            Code::ThirdPartyWithoutConsent,
            format!(
                "{} {} {} without consent",
                if items.is_empty() {
                    "data".to_string()
                } else {
                    list(&items)
                },
                verb(items.len().max(1)),
                graph.action(flow)
            ),
            flow.head(cx.model),
            "provided without consent or an exception",
        );
        if let Some(span) = graph.node(flow.to).and_then(|n| n.span) {
            let label = if role == Role::JointUsers {
                format!(
                    "{to} are joint users, but no joint use with them covers these items and purposes"
                )
            } else {
                format!("{to} is declared as {} here", describe(role))
            };
            d = d.with_label(span, label);
        }
        d = super::with_path(cx, d, flow);
        d = d.with_note(
            "APPI Art. 27(1): personal data may not be provided to a third party without the person's prior consent, except in the cases the article lists",
        );
        if role == Role::JointUsers {
            d = d.with_note("APPI Art. 27(5)(iii): joint users are not third parties only for the items, purposes and users notified for the joint use");
        }
        out.push(d.with_help(format!(
            "add `with consent` (here, or on the collection for this purpose), `on request` or `by succession`, or `under` an APPI Art. 27(1) exception; if {to} handles the data on your behalf, `outsource` it instead"
        )));
    }
}

/// APPI Art. 31 (the 2020 amendment) applies from 2022-04-01.
const PERSONAL_RELATED_IN_FORCE: crate::law::jurisdiction::Day = (2022, 4, 1);

/// Personal-related information provided to a third party: a warning,
/// since lawful cannot tell whether the recipient will use it as personal
/// data, which is when Art. 31 applies.
fn personal_related(cx: &Context, flow: &crate::graph::Flow, items: &[&str]) -> Diagnostic {
    let graph = cx.graph;
    let mut d = Diagnostic::new(
        Code::ThirdPartyWithoutConsent,
        format!(
            "personal-related information {} {} {} without the recipient's consent confirmed",
            list(items),
            verb(items.len()),
            graph.action(flow)
        ),
        flow.head(cx.model),
        "no consent confirmed",
    );
    d.severity = crate::diagnostic::Severity::Warning;
    for item in items {
        if let Some(span) = cx.model.data_item(item).and_then(|d| d.personal_related) {
            d = d.with_label(span, format!("`{item}` is declared personal related here"));
        }
    }
    d.with_note("APPI Art. 31(1): where the recipient is expected to acquire personal-related information as personal data, the provider must first confirm that the recipient obtained the person's consent")
        .with_help("if the recipient will link it to a person, add `with consent` (the consent it obtained, which you confirmed) or `under` an APPI Art. 27(1) exception; if it will not, say so in a `note`")
}

fn describe(role: Role) -> &'static str {
    match role {
        Role::ThirdParty => "a third party",
        Role::Authority => "an authority",
        Role::EntrustingCompany => "an entrusting company",
        Role::ProtectionOrganization => "a protection organization",
        Role::Processor => "a processor",
        Role::JointUsers => "joint users",
    }
}
