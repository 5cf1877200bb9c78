//! `cross-border-without-basis`: data going abroad needs consent, an
//! exception or a safeguard.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{list, verb};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::CrossBorderWithoutBasis,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That every outsourcing, provision or joint use to a party in another country
than the controller's (`country` on both) has consent (`with consent`, or
consent as the basis of every purpose), an exception (`under ...`), or a
safeguard (`safeguard "..."`: standard contractual clauses, an adequacy
decision, a system meeting the regulator's standards …).

When the controller declares no country, the rule does not guess and says
nothing.

## Why it matters

- APPI Art. 28(1): personal data may go to a third party in a foreign country
  only with the person's prior consent, unless the country has an equivalent
  system or the recipient keeps a system meeting the Commission's standards;
  this applies to outsourcing and joint use too.
- GDPR Art. 44–49: a transfer to a third country needs an adequacy decision
  (Art. 45) or appropriate safeguards (Art. 46, 47), or else one of the
  derogations of Art. 49, such as explicit consent.

## Example

```policy
policy "Northwind Books" under APPI

controller northwind "Northwind Books K.K." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
  country "JP"
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
party mailer "Example Mailer Inc." as processor {
  country "US"
}

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from customers for newsletter
outsource email to mailer for newsletter {
  contract "data processing agreement 2024-03"
  selected by "vendor selection criteria v2"
  retain until purpose achieved
}
```

## Fix

Name the safeguard the recipient keeps (or obtain consent to the transfer).

```policy
policy "Northwind Books" under APPI

controller northwind "Northwind Books K.K." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
  country "JP"
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
party mailer "Example Mailer Inc." as processor {
  country "US"
}

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from customers for newsletter
outsource email to mailer for newsletter {
  contract "data processing agreement 2024-03"
  selected by "vendor selection criteria v2"
  safeguard "a system conforming to APPI Art. 28(1) standards (contract clauses 2024-03)"
  retain until purpose achieved
}
```
"#;

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let model = cx.model;
    let graph = cx.graph;
    let mut notes = Vec::new();
    if model.under(Regime::Appi) {
        notes.push(
            "APPI Art. 28(1): personal data may go to a third party in a foreign country only with the person's prior consent, unless the country or the recipient's system meets the standards the article sets",
        );
    }
    if model.under(Regime::Gdpr) {
        notes.push(
            "GDPR Art. 44–49: a transfer to a third country needs an adequacy decision (Art. 45), appropriate safeguards (Art. 46, 47) or a derogation of Art. 49",
        );
    }
    if notes.is_empty() {
        return;
    }
    let home = model
        .controller
        .as_ref()
        .and_then(|c| c.details.country.as_ref());
    for flow in graph.flows.iter().filter(|f| f.kind.is_transfer()) {
        let Some(node) = graph.node(flow.to) else {
            continue;
        };
        if !node.cross_border {
            continue;
        }
        if flow.has_consent(model)
            || !flow.exceptions(model).is_empty()
            || !flow.safeguards(model).is_empty()
        {
            continue;
        }
        let items: Vec<&str> = flow.item_names(model).collect();
        let country = node.country.clone().unwrap_or_default();
        let mut d = Diagnostic::new(
            Code::CrossBorderWithoutBasis,
            format!(
                "{} {} {} in `{country}` without consent, an exception or a safeguard",
                if items.is_empty() {
                    "data".to_string()
                } else {
                    list(&items)
                },
                verb(items.len().max(1)),
                graph.action(flow)
            ),
            flow.head,
            format!("transfer to `{country}`"),
        );
        if let Some(party) = model.party(&node.name)
            && let Some(there) = &party.details.country
        {
            d = d.with_label(
                there.span,
                format!("{} is in `{}`", node.display(), there.value),
            );
        }
        if let Some(here) = home {
            d = d.with_label(here.span, format!("the controller is in `{}`", here.value));
        }
        for note in &notes {
            d = d.with_note(*note);
        }
        let help = if flow.kind == crate::graph::EdgeKind::JointUse {
            "give every purpose of the joint use consent as its basis, or keep this party out of the joint use and transfer with a `safeguard`"
        } else {
            "add `with consent`, a `safeguard \"...\"` naming the transfer mechanism, or `under` an exception"
        };
        out.push(d.with_help(help));
    }
}
