//! `opt-out-incomplete`: an opt-out provision states the matters APPI
//! Art. 27(2) requires to be notified.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::EdgeKind;
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::OptOutIncomplete,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That a `provide ... by opt out` states, in its block, the matters APPI
Art. 27(2) requires to be notified to the person and to the Personal
Information Protection Commission in advance, beyond the provider's name,
address and representative (the `controller`), the items (the flow's items)
and that the purpose is provision to third parties (the flow's purposes):

- `acquired via METHODS`: how the data was acquired;
- `provided by "..."`: how it is provided;
- `stops on request via CONTACTS`: that provision stops at the person's
  request, and where the request goes;
- `notified DATE`: when the Commission was notified.

## Why it matters

APPI Art. 27(2): provision to a third party without consent is lawful only
if the business stops it at the person's request and, in advance, notified
these matters to the person (or made them easily accessible) and to the
Commission, which publishes them (Art. 27(4)). An opt-out that does not say
them is a provision without consent.

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
method postcard "Postcards customers send us"
party list_broker "Example List Broker K.K." as third party

purpose list_sales "To provide customer lists to direct-mail companies" {
  retain 1 year
}

collect name, address from customers via postcard for list_sales with consent
provide name, address to list_broker for list_sales by opt out
```

## Fix

State the matters.

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
method postcard "Postcards customers send us"
party list_broker "Example List Broker K.K." as third party

purpose list_sales "To provide customer lists to direct-mail companies" {
  retain 1 year
}

collect name, address from customers via postcard for list_sales with consent
provide name, address to list_broker for list_sales by opt out {
  acquired via postcard
  provided by "an encrypted file sent monthly"
  stops on request via desk
  notified 2024-04-01
}
```
"#;

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    if !model.under(Regime::Appi) {
        return;
    }
    for flow in cx
        .graph
        .flows
        .iter()
        .filter(|f| f.kind == EdgeKind::Provide && f.opt_out())
    {
        let Some(decl) = flow.statement(model) else {
            continue;
        };
        let matters = &decl.opt_out_matters();
        let mut missing = Vec::new();
        if matters.acquired_via.is_empty() {
            missing.push(("the method of acquisition", "acquired via METHODS"));
        }
        if matters.provided_by.is_none() {
            missing.push(("the method of provision", "provided by \"...\""));
        }
        if matters.stops_via.is_empty() {
            missing.push((
                "where a request to stop the provision goes",
                "stops on request via CONTACTS",
            ));
        }
        if matters.notified.is_none() {
            missing.push(("when the Commission was notified", "notified DATE"));
        }
        if missing.is_empty() {
            continue;
        }
        let what: Vec<&str> = missing.iter().map(|(w, _)| *w).collect();
        let add: Vec<String> = missing.iter().map(|(_, p)| format!("`{p}`")).collect();
        out.push(
            Diagnostic::new(
                Code::OptOutIncomplete,
                format!(
                    "the opt-out provision to {} does not state {}",
                    cx.graph.display(flow.to),
                    join(&what)
                ),
                flow.head(cx.model),
                "incomplete opt-out",
            )
            .with_note("APPI Art. 27(2): the matters of an opt-out provision are notified to the person and to the Personal Information Protection Commission in advance")
            .with_help(format!("add {} to the flow's block", add.join(", "))),
        );
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
