//! `provision-record-missing`: a provision to a third party says its record
//! is kept, and a receipt from one that its source is confirmed and its
//! record kept (APPI Art. 29, 30).

use super::{Context, Rule, needs};
use crate::ast::{Duration, RecordsPeriod, Role, TimeUnit};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{EdgeKind, Flow};
use crate::law::{self, Need, Permit, jurisdiction::Day};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::ProvisionRecordMissing,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

Records of provision and receipt, in a policy that describes them:

- a `provide` to a third party says, in its block, that a record of the
  provision is kept and for how long: `records kept 3 years` (or `records
  kept "..."` in words);
- a `collect` of data received from a third party (a party `as third
  party`, or data received `by opt out`) says how the provider and its
  acquisition of the data are confirmed — `confirms source "..."` — and
  that a record of the receipt is kept (`records kept ...`);
- a period stated as a duration is at least one year.

No record is needed, and none is asked for, where the provision falls
under an item of APPI Art. 27(1) or 27(5) — a flow `under` an exception
citing one, `by succession`, a joint use, outsourcing — nor for a
provision to a public body (a party `as authority`: Art. 29(1) leaves out
the bodies of Art. 16(2)), nor for a recipient passing data on (its own
record).

**Only a policy that describes its records is checked.** The records are a
duty of the business (Arts. 29 and 30 say "must"), but not a matter a
privacy notice must publish: Art. 32 does not list them. A policy that
says nothing about records tells nothing about whether they are kept, so
it is not reported (the seed, `policies/jcom.policy`, is such a policy).
Once a policy states a record or a confirmation on any flow, it is
describing them, and a provision or receipt it leaves out is reported: a
warning, because the policy is not the record itself. The disclosure of
the records on request (Art. 33(5)) is a notice matter: `rights { handles
third_party_records }`, checked by `missing-notice-item` and
`amendment-not-addressed`.

**The period.** Arts. 29(2) and 30(4) leave it to the Commission's
Enforcement Rules, which (as lawful reads them) set one year from the last
provision when the contract or other document of a provision made in
connection with supplying goods or services to the person serves as the
record, and three years otherwise. lawful reports only a period shorter
than one year, which is short in every case; whether one year is enough
for a given provision, it cannot tell. The matters a record holds (the
date, the recipient, the person, the items, and for a provision with
consent that consent was given) are the Rules' and are not checked.

## Why it matters

APPI Art. 29(1): a business that provides personal data to a third party
must make a record of the date, the recipient and the other matters the
Commission's rules prescribe — except where the provision falls under
Art. 27(1) or 27(5) — and keep it for the prescribed period (29(2)).
Art. 30(1): on receiving personal data from a third party it must confirm
the provider's name, address and representative and how the provider
acquired the data; 30(3) and (4): record the receipt and keep the record.
Both apply since 2017-05-30 (then Arts. 25 and 26).

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
party publisher "Example Publisher K.K." as third party

purpose delivery "To deliver ordered books" {
  retain until purpose achieved
}

collect name, address from customers for delivery with consent
collect name, address from publisher about customers for delivery
provide name, address to courier for delivery {
  records kept 3 years
}
```

## Fix

State the confirmation and the record of the receipt.

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
party publisher "Example Publisher K.K." as third party

purpose delivery "To deliver ordered books" {
  retain until purpose achieved
}

collect name, address from customers for delivery with consent
collect name, address from publisher about customers for delivery {
  confirms source "the publisher's registry entry, and its written account of how it obtained the orders"
  records kept 3 years
}
provide name, address to courier for delivery {
  records kept 3 years
}
```
"#;

/// Arts. 29 and 30 (then Arts. 25 and 26) came with the 2015 amendment.
const IN_FORCE: Day = (2017, 5, 30);

const PROVISION_NOTE: &str = "APPI Art. 29(1) and (2): a provision of personal data to a third party is recorded, unless it falls under Art. 27(1) or 27(5), and the record is kept for the period the Commission's rules prescribe";
const RECEIPT_NOTE: &str = "APPI Art. 30(1), (3) and (4): on receiving personal data from a third party, its name, address and representative and how it acquired the data are confirmed, and the receipt is recorded and the record kept";
const PERIOD_NOTE: &str = "APPI Art. 29(2) and 30(4): the Commission's Enforcement Rules set three years, or one year from the last provision where the contract documents serve as the record (lawful's reading of the Rules)";

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    if !model.under(Regime::Appi) || model.day() < IN_FORCE {
        return;
    }
    let described = model
        .flows
        .iter()
        .any(|f| f.records().is_some() || f.confirms_source().is_some());
    for flow in &cx.graph.flows {
        let Some(decl) = flow.statement(model) else {
            continue;
        };
        if let Some(records) = decl.records()
            && let RecordsPeriod::Duration(period) = records.period
            && shorter_than_a_year(period)
        {
            out.push(
                Diagnostic::new(
                    Code::ProvisionRecordMissing,
                    format!("records kept for {period}: the Commission's rules set at least one year"),
                    records.span,
                    "shorter than any period the rules set",
                )
                .with_note(PERIOD_NOTE)
                .with_help("keep the records for at least one year, three years unless the contract documents serve as the record"),
            );
        }
        if !described {
            continue;
        }
        let to = cx.graph.display(flow.to);
        if provision_recorded(cx, flow) && decl.records().is_none() {
            out.push(
                Diagnostic::new(
                    Code::ProvisionRecordMissing,
                    format!("the provision to {to} does not say that a record of it is kept"),
                    flow.head(cx.model),
                    "no `records kept`",
                )
                .with_note(PROVISION_NOTE)
                .with_help(
                    "add `records kept DURATION` (or `records kept \"...\"`) to the flow's block",
                ),
            );
        }
        if receipt_confirmed(cx, flow) {
            let mut missing = Vec::new();
            if decl.confirms_source().is_none() {
                missing.push("how its source is confirmed (`confirms source \"...\"`)");
            }
            if decl.records().is_none() {
                missing.push("that a record of it is kept (`records kept ...`)");
            }
            if missing.is_empty() {
                continue;
            }
            let from: Vec<String> = flow.from().map(|f| cx.graph.display(f)).collect();
            out.push(
                Diagnostic::new(
                    Code::ProvisionRecordMissing,
                    format!(
                        "the receipt of data from {} does not say {}",
                        from.join(", "),
                        missing.join(" or ")
                    ),
                    flow.head(cx.model),
                    "data received from a third party",
                )
                .with_note(RECEIPT_NOTE)
                .with_help(
                    "add `confirms source \"...\"` and `records kept DURATION` to the flow's block",
                ),
            );
        }
    }
}

/// Whether the controller's provision needs a record (Art. 29(1)): to a
/// third party that is no public body, under no Art. 27(1) or 27(5) item.
fn provision_recorded(cx: &Context, flow: &Flow) -> bool {
    flow.kind == EdgeKind::Provide
        && !flow.onward()
        && needs::to_third_party(cx, flow)
        && cx.graph.role(flow.to) != Some(Role::Authority)
        && !exempt(cx, flow)
}

/// Whether the controller receives the data from a third party (Art.
/// 30(1)): a party `as third party`, or another business's opt-out.
fn receipt_confirmed(cx: &Context, flow: &Flow) -> bool {
    flow.kind == EdgeKind::Collect
        && cx.graph.is_controller(flow.to)
        && !flow.succession()
        && (flow.opt_out()
            || flow
                .from()
                .any(|from| cx.graph.role(from) == Some(Role::ThirdParty)))
        && !exempt(cx, flow)
}

/// Whether an exception the flow relies on cites an item of Art. 27(1) or
/// 27(5) (or another provision the catalogue frees of records).
fn exempt(cx: &Context, flow: &Flow) -> bool {
    let need = Need::new(Regime::Appi, Permit::RecordExempt, false);
    needs::relied_on(cx, flow)
        .into_iter()
        .any(|e| law::exception_covers(cx.model, e, need))
}

fn shorter_than_a_year(period: Duration) -> bool {
    match period.unit {
        TimeUnit::Day => period.amount < 365,
        TimeUnit::Week => period.amount < 53,
        TimeUnit::Month => period.amount < 12,
        TimeUnit::Year => period.amount < 1,
    }
}
