//! `third-party-without-consent`: APPI's consent rule for provision to
//! third parties.

use super::{Context, Rule};
use crate::ast::Role;
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{EdgeKind, list, verb};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::ThirdPartyWithoutConsent,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

Under APPI, that every `provide` to a party that is not a processor or joint
users (a third party, an authority, an entrusting company, a protection
organization) has one of:

- the person's consent: `with consent`, or consent as the basis of every
  purpose it serves;
- a statutory exception: `under` an exception (see `non-statutory-exception`
  for whether the law lists it);
- the person's own request: `on request`;
- a business succession: `by succession`.

Outsourcing and joint use are not provision to a third party, and are
checked by other rules.

## Why it matters

APPI Art. 27(1) forbids providing personal data to a third party without the
person's prior consent, except in the cases it lists (laws and regulations,
protecting life or property, public health, cooperation with authorities,
academic research). Art. 27(5) says who is not a third party: contractors
(outsourcing), successors in a merger or business transfer, and joint users
that were notified.

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

data name "Name", address "Postal address"
subject customers "Customers"
party courier "Example Courier K.K." as third party

purpose delivery "To deliver ordered books" {
  retain until purpose achieved
}

collect name, address from customers for delivery with consent
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
  handles disclosure, correction, deletion, cessation
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

collect name, address from customers for delivery with consent
provide name, address to courier for delivery with consent
```
"#;

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let model = cx.model;
    let graph = cx.graph;
    if !model.under(Regime::Appi) {
        return;
    }
    for flow in graph.flows.iter().filter(|f| f.kind == EdgeKind::Provide) {
        let Some(role) = graph.role(flow.to) else {
            continue;
        };
        if matches!(role, Role::Processor | Role::JointUsers) {
            continue;
        }
        if flow.has_consent(model)
            || flow.on_request.is_some()
            || flow.succession.is_some()
            || !flow.exceptions(model).is_empty()
        {
            continue;
        }
        let items: Vec<&str> = flow.item_names(model).collect();
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
            flow.head,
            "provided without consent or an exception",
        );
        if let Some(span) = graph.node(flow.to).and_then(|n| n.span) {
            d = d.with_label(span, format!("{to} is declared as {} here", describe(role)));
        }
        out.push(
            d.with_note(
                "APPI Art. 27(1): personal data may not be provided to a third party without the person's prior consent, except in the cases the article lists",
            )
            .with_help(format!(
                "add `with consent`, `on request` or `by succession`, or `under` an APPI Art. 27(1) exception; if {to} handles the data on your behalf, `outsource` it instead"
            )),
        );
    }
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
