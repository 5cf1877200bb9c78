//! `role-mismatch`: outsourcing goes to a processor, and a processor
//! receives data by outsourcing.

use super::{Context, Rule};
use crate::ast::Role;
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{EdgeKind, list, verb};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::RoleMismatch,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That a flow's kind fits its recipient's declared role:

- `outsource` hands data to a processor (`as processor`): the contractor
  handles it on the controller's behalf. Outsourcing to a third party,
  joint users, an entrusting company, an authority or a protection
  organization is reported.
- A processor receives data by `outsource`. A `provide` to a processor is
  reported: providing is handing data to someone who uses it for their own
  purposes, which a processor by definition does not.

The roles decide which duties apply — a processor's retention and contract
are the controller's to state, an independent recipient's are its own — so
a flow and a role that disagree leave the policy saying two things at once.

## Why it matters

- APPI Art. 27(5)(i): a person entrusted with handling personal data within
  the purposes of use is not a third party, and Art. 25 makes the business
  supervise it; anyone else who receives the data is a third party, which
  needs consent or an Art. 27(1) exception.
- GDPR Art. 28(1) and (3): a processor processes on the controller's behalf
  and under a contract; a recipient that decides the purposes is a
  controller in its own right (Art. 4(7), 26).

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
party ad_network "Example Ads K.K." as third party

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from customers for newsletter with consent
outsource email to ad_network for newsletter {
  contract "data processing agreement 2024-03"
  selected by "vendor selection criteria v2"
}
```

## Fix

Outsource to a processor (or, if the recipient uses the data for its own
purposes, `provide` it with consent or an exception).

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

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from customers for newsletter with consent
outsource email to mailer for newsletter {
  contract "data processing agreement 2024-03"
  selected by "vendor selection criteria v2"
}
```
"#;

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    let graph = cx.graph;
    let appi = model.under(Regime::Appi);
    let gdpr = model.under(Regime::Gdpr);
    if !appi && !gdpr {
        return;
    }
    for flow in &graph.flows {
        let Some(role) = graph.role(flow.to) else {
            continue;
        };
        let outsourced_to_other = flow.kind == EdgeKind::Outsource && role != Role::Processor;
        let provided_to_processor = flow.kind == EdgeKind::Provide && role == Role::Processor;
        if !outsourced_to_other && !provided_to_processor {
            continue;
        }
        let items: Vec<&str> = flow.item_names(model).collect();
        let what = if items.is_empty() {
            "data".to_string()
        } else {
            list(&items)
        };
        let to = graph.display(flow.to);
        let (message, label, help) = if outsourced_to_other {
            (
                format!(
                    "{what} {} outsourced to {to}, which is declared {}, not a processor",
                    verb(items.len().max(1)),
                    article(role)
                ),
                "outsourcing is for processors".to_string(),
                format!(
                    "if {to} handles the data on your behalf, declare it `as processor`; if it uses the data for its own purposes, `provide` it (with consent or an exception)"
                ),
            )
        } else {
            (
                format!(
                    "{what} {} provided to {to}, which is declared a processor",
                    verb(items.len().max(1))
                ),
                "a processor receives data by `outsource`".to_string(),
                format!(
                    "if {to} handles the data on your behalf, `outsource` it (with a contract and selection criteria); if it uses the data for its own purposes, declare it `as third party`"
                ),
            )
        };
        let mut d = Diagnostic::new(Code::RoleMismatch, message, flow.head(cx.model), label);
        if let Some(span) = graph.node(flow.to).and_then(|n| n.span) {
            d = d.with_label(span, format!("{to} is declared {} here", article(role)));
        }
        if appi {
            d = d.with_note("APPI Art. 27(5)(i) and 25: only a person entrusted with handling the data on the business's behalf is not a third party, and the business supervises it");
        }
        if gdpr {
            d = d.with_note("GDPR Art. 28(1) and (3): a processor processes personal data on the controller's behalf, under a contract");
        }
        out.push(d.with_help(help));
    }
}

/// "a third party", "joint users", "an authority".
fn article(role: Role) -> String {
    match role {
        Role::JointUsers => "joint users".to_string(),
        Role::Authority | Role::EntrustingCompany => format!("an {}", role.describe()),
        _ => format!("a {}", role.describe()),
    }
}
