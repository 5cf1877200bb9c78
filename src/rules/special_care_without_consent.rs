//! `special-care-without-consent`: sensitive data moves only with consent or
//! a named exception.

use super::{Context, Rule};
use crate::ast::Role;
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{EdgeKind, Flow, FlowGraph, list, verb};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::SpecialCareWithoutConsent,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That every flow carrying special-care data (`data x : special care`) has the
person's consent (`with consent`, `on request`, or consent as the basis of
every purpose it serves) or relies on an exception (`under ...`).

Under APPI the rule looks at acquisition (`collect`, and a joint use's own
acquisition) and at provision to third parties (`provide` to a party that is
not a processor or joint users); outsourcing and joint use are not provision
to a third party. Under GDPR it looks at every flow, since any processing of
special categories needs a condition.

## Why it matters

- APPI Art. 20(2): special-care-required personal information (race, creed,
  social status, medical history, criminal record …) may not be acquired
  without the person's prior consent, except in the cases the article lists.
- APPI Art. 27(1) and (2): personal data may not go to a third party without
  prior consent, and special-care data can never go by opt-out; Art. 27(5)
  says outsourcing and joint use are not provision to a third party.
- GDPR Art. 9(1) and (2): processing special categories of personal data is
  prohibited unless one of the conditions of Art. 9(2) applies, the first of
  which is explicit consent.

## Example

```policy
policy "Northwind Clinic" under APPI

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

data medical_history "Medical history" : special care
subject patients "Patients"

purpose treatment "To diagnose and treat patients" {
  retain 5 years
}

collect medical_history from patients for treatment
```

## Fix

Obtain consent (or name the statutory exception the flow relies on).

```policy
policy "Northwind Clinic" under APPI

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

data medical_history "Medical history" : special care
subject patients "Patients"

purpose treatment "To diagnose and treat patients" {
  retain 5 years
}

collect medical_history from patients for treatment with consent
```
"#;

/// Whether APPI's special-care rules reach this flow, and with which note.
fn appi_note(graph: &FlowGraph, flow: &Flow) -> Option<&'static str> {
    match flow.kind {
        EdgeKind::Collect => Some(
            "APPI Art. 20(2): special-care-required personal information may not be acquired without the person's prior consent, except in the cases the article lists",
        ),
        EdgeKind::Provide
            if !matches!(
                graph.role(flow.to),
                Some(Role::Processor | Role::JointUsers)
            ) =>
        {
            Some(
                "APPI Art. 27(1): personal data may not be provided to a third party without the person's prior consent, and special-care data may not be provided by opt-out (Art. 27(2))",
            )
        }
        _ => None,
    }
}

const GDPR_NOTE: &str = "GDPR Art. 9(2): processing special categories of personal data is prohibited unless a condition of Art. 9(2) applies, such as explicit consent";

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let model = cx.model;
    let graph = cx.graph;
    for flow in &graph.flows {
        if !flow.has_special_care(model) {
            continue;
        }
        if flow.has_consent(model)
            || flow.on_request.is_some()
            || !flow.exceptions(model).is_empty()
        {
            continue;
        }
        let mut notes = Vec::new();
        if model.under(Regime::Appi)
            && let Some(note) = appi_note(graph, flow)
        {
            notes.push(note);
        }
        if model.under(Regime::Gdpr) {
            notes.push(GDPR_NOTE);
        }
        if notes.is_empty() {
            continue;
        }
        let items: Vec<&str> = flow.special_care(model).collect();
        let mut d = Diagnostic::new(
            Code::SpecialCareWithoutConsent,
            format!(
                "special-care data {} {} {} without consent or an exception",
                list(&items),
                verb(items.len()),
                graph.action(flow)
            ),
            flow.head,
            "no consent and no exception",
        );
        for item in &items {
            if let Some(span) = model.data_item(item).and_then(|d| d.special_care) {
                d = d.with_label(span, format!("`{item}` is declared special care here"));
            }
        }
        for note in notes {
            d = d.with_note(note);
        }
        let help = if flow.kind == EdgeKind::JointUse {
            "give every purpose of the joint use consent as its basis (`basis consent`), or leave the special-care items out of it (`except ...`)".to_string()
        } else {
            "add `with consent`, or `under` an exception that cites the statutory case the flow relies on".to_string()
        };
        out.push(d.with_help(help));
    }
}
