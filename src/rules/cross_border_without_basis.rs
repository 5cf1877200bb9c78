//! `cross-border-without-basis`: data going abroad needs consent, an
//! exception or a safeguard.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{Consent, list, verb};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::CrossBorderWithoutBasis,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That every outsourcing, provision or joint use to a party in another country
than the controller's (`country` on both) has a ground for leaving the
country:

- under the APPI, the person's consent (`with consent` on the transfer, or
  on the collection the data descends from, for that purpose) or a
  safeguard (`safeguard "..."`: a system meeting the Commission's
  standards);
- under the GDPR, a safeguard (an adequacy decision, standard contractual
  clauses …) or explicit consent to the transfer itself (`with explicit
  consent` on the transfer, GDPR Art. 49(1)(a)).

A purpose whose `basis` is consent shows no consent. A transfer `under` an
exception is judged by `exception-does-not-apply`: the exception must cite
an APPI Art. 27(1) item or Art. 28(1), or a GDPR Art. 45–49 ground.

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

const APPI_NOTE: &str = "APPI Art. 28(1): personal data may go to a third party in a foreign country only with the person's prior consent, unless the country or the recipient's system meets the standards the article sets, or an Art. 27(1) item applies";
const GDPR_NOTE: &str = "GDPR Art. 44–49: a transfer to a third country needs an adequacy decision (Art. 45), appropriate safeguards (Art. 46, 47) or a derogation of Art. 49(1), such as explicit consent to the transfer";

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let model = cx.model;
    let graph = cx.graph;
    let appi = model.under(Regime::Appi);
    let gdpr = model.under(Regime::Gdpr);
    if !appi && !gdpr {
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
        if !node.cross_border
            || !flow.exceptions(model).is_empty()
            || !flow.safeguards(model).is_empty()
        {
            continue;
        }
        let mut notes = Vec::new();
        if appi && !graph.consent(flow).given() {
            notes.push(APPI_NOTE);
        }
        if gdpr && flow.own_consent() != Consent::Explicit {
            notes.push(GDPR_NOTE);
        }
        if notes.is_empty() {
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
        d = super::with_path(cx, d, flow);
        for note in &notes {
            d = d.with_note(*note);
        }
        let help = if flow.kind == crate::graph::EdgeKind::JointUse {
            "collect the data with consent to this joint use abroad, or keep this party out of the joint use and transfer with a `safeguard`"
        } else if gdpr {
            "add a `safeguard \"...\"` naming the transfer mechanism, `with explicit consent` to the transfer, or `under` an exception citing the GDPR Art. 45–49 ground"
        } else {
            "add `with consent`, a `safeguard \"...\"` naming the recipient's system, or `under` an exception citing the APPI Art. 27(1) item that applies"
        };
        out.push(d.with_help(help));
    }
}
