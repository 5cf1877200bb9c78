//! `pseudonymous-provision`: pseudonymously processed information goes to a
//! third party only as a law provides (APPI Art. 41(6), 42(1)).

use super::{Context, Rule, needs};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{EdgeKind, list, verb};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::PseudonymousProvision,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That data items declared `: pseudonymous` — pseudonymously processed
information (APPI Art. 2(5)) — are not provided to a third party, whatever
the ground the flow states: the person's consent (`with consent`), a
request (`on request`) and an opt-out (`by opt out`) do not allow it. A
provision that a law provides for relies on an exception citing `APPI
41(6)` (or `APPI 42(1)` for pseudonymously processed information that is
not personal information); a flow `under` an exception citing anything
else is `exception-does-not-apply`. Outsourcing, succession and joint use
are not provision to a third party (Art. 27(5), applied by Arts. 41(6) and
42(2)) and are not reported.

What lawful does not check about pseudonymously processed information: that
it is created to the Commission's standards and its deleted descriptions
kept safe (Art. 41(1), (2)); that it is not collated with other
information to identify the person, nor its contact details used to reach
the person (Art. 41(7), (8)) — the language cannot say what a use does;
and the purposes (Art. 41(3), (4)): consent does not allow a use beyond
them, but since Art. 17(2) does not apply (Art. 41(9)) the purposes may be
changed, the changed purpose published — lawful reports a use beyond the
purposes the data was collected for as for any item
(`purpose-not-declared`) and cannot tell a purpose published as changed.
Leakage reports (Art. 26) and the requests of Arts. 32–39 do not apply to
it (Art. 41(9)); lawful asks for them of the policy as a whole, never of an
item.

## Why it matters

APPI Art. 41(6): a business must not provide pseudonymously processed
information that is personal data to a third party "except based on laws
and regulations", notwithstanding Arts. 27(1), 27(2) and 28(1); Art.
42(1) says the same of the information that is not personal information.
Both apply from 2022-04-01 (the 2020 amendment). The information is
exempt from much of the Act (Art. 41(9)) because it stays inside the
business; passing it on would undo that.

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

data purchase_history "Books bought"
data purchase_pattern "Purchase history with names replaced by random IDs" : pseudonymous
subject customers "Customers"
party analytics "Example Analytics K.K." as third party

purpose demand_analysis "To analyse demand for new titles" {
  retain 1 year
}

collect purchase_history, purchase_pattern from customers for demand_analysis with consent
use purchase_pattern for demand_analysis
provide purchase_pattern to analytics for demand_analysis with consent
```

## Fix

Have the analysis done on your behalf (outsourcing is no provision to a
third party), or keep the information in the business.

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

data purchase_history "Books bought"
data purchase_pattern "Purchase history with names replaced by random IDs" : pseudonymous
subject customers "Customers"
party analytics "Example Analytics K.K." as processor

purpose demand_analysis "To analyse demand for new titles" {
  retain 1 year
}

collect purchase_history, purchase_pattern from customers for demand_analysis with consent
use purchase_pattern for demand_analysis
outsource purchase_pattern to analytics for demand_analysis {
  contract "data processing agreement 2024-03"
  selected by "vendor selection criteria v2"
}
```
"#;

const NOTE: &str = "APPI Art. 41(6) and 42(1): pseudonymously processed information is provided to a third party only based on laws and regulations; consent and opt-out do not allow it";

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    if !model.under(Regime::Appi) {
        return;
    }
    for flow in cx
        .graph
        .flows
        .iter()
        .filter(|f| f.kind == EdgeKind::Provide)
    {
        // A flow relying on exceptions is judged by the rules on exceptions.
        if !flow.exceptions(model).is_empty() || !needs::to_third_party(cx, flow) {
            continue;
        }
        let items = needs::pseudonymous(cx, flow);
        if items.is_empty() {
            continue;
        }
        let ground = if flow.consent() {
            " with consent, which does not allow it"
        } else if flow.opt_out() {
            " by opt-out, which does not allow it"
        } else if flow.on_request() {
            " on request, which does not allow it"
        } else {
            ""
        };
        let mut d = Diagnostic::new(
            Code::PseudonymousProvision,
            format!(
                "{} {} pseudonymously processed information and {} {}{ground}",
                list(&items),
                verb(items.len()),
                verb(items.len()),
                cx.graph.action(flow)
            ),
            flow.head(cx.model),
            "provided to a third party",
        );
        for item in &items {
            if let Some(span) = model.data_item(item).and_then(|d| d.pseudonymous) {
                d = d.with_label(span, format!("`{item}` is declared pseudonymous here"));
            }
        }
        out.push(d.with_note(NOTE).with_help(
            "leave these items out, outsource the work to a processor, or rely `under` an exception citing `APPI 41(6)` and naming the law the provision is based on",
        ));
    }
}
