//! `processor-without-safeguards`: outsourcing needs selection criteria and
//! a contract.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{EdgeKind, list, verb};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::ProcessorWithoutSafeguards,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That every `outsource` says how the contractor was chosen (`selected by
"..."`) and what binds it (`contract "..."`).

Under APPI both are needed: choosing a suitable contractor and binding it by
contract are how a business supervises it. Under GDPR the contract is what
the law requires; a policy under GDPR only is reported when the contract is
missing.

## Why it matters

- APPI Art. 25: a business that entrusts the handling of personal data to a
  contractor must supervise it as needed to keep the data safe; the
  Commission's guidelines spell this out as choosing the contractor
  appropriately, concluding a contract, and checking how it handles the data.
- GDPR Art. 28(1): a controller uses only processors that give sufficient
  guarantees; Art. 28(3): processing by a processor is governed by a binding
  contract setting out its subject matter, duration, purposes and obligations.

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

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from customers for newsletter with consent
outsource email to mailer for newsletter
```

## Fix

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
    let appi = cx.model.under(Regime::Appi);
    let gdpr = cx.model.under(Regime::Gdpr);
    for flow in cx
        .graph
        .flows
        .iter()
        .filter(|f| f.kind == EdgeKind::Outsource)
    {
        let no_contract = flow.contract(cx.model).is_none();
        let no_selection = flow.selected_by(cx.model).is_none();
        // GDPR asks for the contract; APPI supervision needs both.
        let missing_contract = no_contract && (appi || gdpr);
        let missing_selection = no_selection && appi;
        if !missing_contract && !missing_selection {
            continue;
        }
        let what = match (missing_selection, missing_contract) {
            (true, true) => "without selection criteria or a contract",
            (true, false) => "without selection criteria",
            _ => "without a contract",
        };
        let items: Vec<&str> = flow.item_names(cx.model).collect();
        let to = cx.graph.display(flow.to);
        let mut d = Diagnostic::new(
            Code::ProcessorWithoutSafeguards,
            format!(
                "{} {} outsourced to {to} {what}",
                if items.is_empty() {
                    "data".to_string()
                } else {
                    list(&items)
                },
                verb(items.len().max(1))
            ),
            flow.head(cx.model),
            format!("outsourced {what}"),
        );
        if appi {
            d = d.with_note(
                "APPI Art. 25: a business that entrusts personal data to a contractor must supervise it, which means choosing it appropriately and binding it by contract",
            );
        }
        if gdpr && missing_contract {
            d = d.with_note(
                "GDPR Art. 28(3): processing by a processor is governed by a binding contract; Art. 28(1): only processors with sufficient guarantees may be used",
            );
        }
        let mut add = Vec::new();
        if missing_selection {
            add.push("`selected by \"...\"` (how the contractor was chosen)");
        }
        if missing_contract {
            add.push("`contract \"...\"` (the agreement that binds it)");
        }
        out.push(d.with_help(format!("add {} to the flow's block", add.join(" and "))));
    }
}
