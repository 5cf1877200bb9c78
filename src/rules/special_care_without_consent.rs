//! `special-care-without-consent`: sensitive data moves only with consent or
//! a named exception.

use super::{Context, Rule, needs};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{ConsentShown, EdgeKind, list, verb};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::SpecialCareWithoutConsent,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That every flow carrying special-care data (`data x : special care`) has a
ground the law accepts for it, shown where it is given:

- Under the APPI, acquiring it (`collect`, and a joint use's own
  acquisition) needs the person's consent on the collection (`with
  consent`), and providing it to a third party (`provide` to a party that is
  not a processor, or to joint users beyond their joint use) needs consent
  on the provision or on the collection it descends from, for that purpose.
  Outsourcing and joint use are not provision to a third party.
- Under the GDPR, every flow needs *explicit* consent (`with explicit
  consent`, on the flow or on the collection it descends from, for that
  purpose) or an Art. 9(2) condition. Plain consent is not enough.

A purpose whose `basis` is consent shows nothing: it says what must be
obtained, not that it was. A flow that relies on an exception (`under`) is
judged by `exception-does-not-apply` and `non-statutory-exception` instead:
the exception must cite a provision that covers the flow.

## Why it matters

- APPI Art. 20(2): special-care-required personal information may not be
  acquired without the person's prior consent, except in the cases the
  article lists.
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
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
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
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
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

const APPI_ACQUIRE: &str = "APPI Art. 20(2): special-care-required personal information may not be acquired without the person's prior consent, except in the cases the article lists";
const APPI_PROVIDE: &str = "APPI Art. 27(1): personal data may not be provided to a third party without the person's prior consent, except in the cases the article lists, and special-care data may not be provided by opt-out (Art. 27(2))";
const GDPR_NOTE: &str = "GDPR Art. 9(1) and (2): processing special categories of personal data is prohibited unless a condition of Art. 9(2) applies, such as explicit consent (Art. 9(2)(a))";

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    let graph = cx.graph;
    let appi = model.under(Regime::Appi);
    let gdpr = model.under(Regime::Gdpr);
    if !appi && !gdpr {
        return;
    }
    for flow in &graph.flows {
        if !flow.has_special_care(model) || !flow.exceptions(model).is_empty() {
            continue;
        }
        let consent = graph.consent(flow);
        let requested = flow.on_request();
        let mut notes = Vec::new();
        if appi && !requested {
            if needs::acquires_special_care(cx, flow) && !flow.consent() {
                notes.push(APPI_ACQUIRE);
            }
            // An opt-out provision of special-care data is `opt-out-barred`'s.
            if needs::to_third_party(cx, flow) && !consent.given() && !flow.opt_out() {
                notes.push(APPI_PROVIDE);
            }
        }
        let plain_only = consent.given() && !consent.explicit();
        // Plain consent inherited from the collection: the collection is
        // reported for it (one root cause, one finding).
        let inherited_plain = plain_only && matches!(consent, ConsentShown::AtCollection(_));
        if gdpr && !consent.explicit() && !inherited_plain {
            notes.push(GDPR_NOTE);
        }
        if notes.is_empty() {
            continue;
        }
        let items: Vec<&str> = flow.special_care(model).collect();
        // Under the GDPR alone, a flow with plain consent lacks only its
        // explicitness: say so.
        let only_explicitness = plain_only && notes == [GDPR_NOTE];
        let (message, label) = if only_explicitness {
            (
                format!(
                    "special-care data {} {} {} with consent, but not explicit consent",
                    list(&items),
                    verb(items.len()),
                    graph.action(flow)
                ),
                "consent, not explicit consent",
            )
        } else {
            (
                format!(
                    "special-care data {} {} {} without consent or an exception",
                    list(&items),
                    verb(items.len()),
                    graph.action(flow)
                ),
                "no consent and no exception",
            )
        };
        let mut d = Diagnostic::new(
            Code::SpecialCareWithoutConsent,
            message,
            flow.head(cx.model),
            label,
        );
        for item in &items {
            if let Some(span) = model.data_item(item).and_then(|d| d.special_care) {
                d = d.with_label(span, format!("`{item}` is declared special care here"));
            }
        }
        d = super::with_path(cx, d, flow);
        for note in notes {
            d = d.with_note(note);
        }
        let help = if flow.kind == EdgeKind::JointUse || flow.has_acquisition() {
            "collect the special-care items with consent before they are used jointly, or leave them out of the joint use (`except ...`)".to_string()
        } else if only_explicitness || (gdpr && !appi) {
            "add `with explicit consent` (here or on the collection it descends from, for this purpose), or `under` an exception citing the GDPR Art. 9(2) condition the flow relies on".to_string()
        } else {
            "add `with consent` (`with explicit consent` under the GDPR), or `under` an exception that cites the statutory case the flow relies on".to_string()
        };
        out.push(d.with_help(help));
    }
}
