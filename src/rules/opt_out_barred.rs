//! `opt-out-barred`: an opt-out provision (APPI Art. 27(2)) of data the law
//! keeps out of it.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{EdgeKind, Flow, list, verb};
use crate::law::jurisdiction::Day;
use crate::resolve::{DataId, Regime};

pub const RULE: Rule = Rule {
    code: Code::OptOutBarred,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That a provision made `by opt out` — to a third party, without consent,
stopped when the person asks (APPI Art. 27(2)) — carries only data the law
lets go that way:

- never special-care-required personal information;
- never data the business itself received by another's opt-out provision
  (`collect ... by opt out`), from 2022-04-01;
- only on a `provide` to a third party: outsourcing, use and joint use are
  not provision by opt-out.

Data acquired by deceit or other improper means is barred too (Art. 20(1));
the language cannot say how data was acquired that badly, so lawful cannot
check it. Whether the opt-out's matters were notified is
`opt-out-incomplete`'s.

## Why it matters

APPI Art. 27(2): a business may provide personal data to a third party
without consent if it stops doing so at the person's request and notified
the prescribed matters to the person and to the Personal Information
Protection Commission in advance — "except for special care-required
personal information", data acquired in violation of Art. 20(1), and data
itself provided by opt-out (the last two since the 2020 amendment, in force
2022-04-01).

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
data health "Health condition" : special care
subject customers "Customers"
method postcard "Postcards customers send us"
party list_broker "Example List Broker K.K." as third party

purpose list_sales "To provide customer lists to direct-mail companies" {
  retain 1 year
}

collect name, address, health from customers via postcard for list_sales with consent
provide name, address, health to list_broker for list_sales by opt out {
  acquired via postcard
  provided by "an encrypted file sent monthly"
  stops on request via desk
  notified 2024-04-01
}
```

## Fix

Provide only what the opt-out may carry; special-care data needs the
person's consent.

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

/// From the 2020 amendment: data received by opt-out is not provided by
/// opt-out again.
const RECEIVED_BY_OPT_OUT: Day = (2022, 4, 1);

const NOTE: &str = "APPI Art. 27(2): provision by opt-out excludes special-care-required personal information, data acquired improperly, and data itself received by opt-out";

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    if !model.under(Regime::Appi) {
        return;
    }
    let graph = cx.graph;
    for flow in graph.flows.iter().filter(|f| f.opt_out()) {
        let Some(at) = flow.statement(cx.model).and_then(|d| d.opt_out()) else {
            continue;
        };
        if flow.kind == EdgeKind::Collect {
            continue;
        }
        if flow.kind != EdgeKind::Provide {
            out.push(
                Diagnostic::new(
                    Code::OptOutBarred,
                    format!(
                        "`by opt out` on {}: opt-out is a way to provide data to a third party",
                        match flow.kind {
                            EdgeKind::Outsource => "an `outsource`",
                            EdgeKind::Use => "a `use`",
                            _ => "a joint use",
                        }
                    ),
                    at,
                    "not a provision",
                )
                .with_note(NOTE)
                .with_help("remove `by opt out`; outsourcing and joint use are not provision to a third party (APPI Art. 27(5))"),
            );
            continue;
        }
        let special: Vec<&str> = flow.special_care(model).collect();
        let received: Vec<&str> = if model.day() >= RECEIVED_BY_OPT_OUT {
            flow.item_ids_and_names(model)
                .filter(|&(id, _)| received_by_opt_out(cx, flow, id))
                .map(|(_, name)| name)
                .collect()
        } else {
            Vec::new()
        };
        if special.is_empty() && received.is_empty() {
            continue;
        }
        let mut reasons = Vec::new();
        if !special.is_empty() {
            reasons.push(format!(
                "{} {} special-care data",
                list(&special),
                verb(special.len())
            ));
        }
        if !received.is_empty() {
            reasons.push(format!(
                "{} {} received by opt-out",
                list(&received),
                verb(received.len())
            ));
        }
        let mut d = Diagnostic::new(
            Code::OptOutBarred,
            format!(
                "{} by opt-out, which the law bars: {}",
                graph.action(flow),
                reasons.join(", and ")
            )
            .replacen("provided", "data is provided", 1),
            at,
            "opt-out barred for this data",
        )
        .with_label(flow.head(cx.model), "the provision");
        for item in &special {
            if let Some(span) = model.data_item(item).and_then(|d| d.special_care) {
                d = d.with_label(span, format!("`{item}` is declared special care here"));
            }
        }
        d = super::with_path(cx, d, flow);
        out.push(d.with_note(NOTE).with_help(
            "leave these items out of the opt-out provision, and provide them with the person's consent (`with consent`) if at all",
        ));
    }
}

/// Whether the sender got `item` from a collection `by opt out`.
fn received_by_opt_out(cx: &Context, flow: &Flow, item: DataId) -> bool {
    flow.from().any(|holder| {
        cx.graph
            .holdings
            .grants(holder, item)
            .into_iter()
            .flat_map(|g| g.values())
            .filter_map(|g| cx.graph.flow(g.flow))
            .any(|origin| origin.kind == EdgeKind::Collect && origin.opt_out())
    })
}
