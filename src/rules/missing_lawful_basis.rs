//! `missing-lawful-basis`: under the GDPR every processing operation needs
//! one of the Art. 6(1) grounds. A purpose states its ground with `basis`; a
//! flow can state consent itself with `with consent`.

use rustc_hash::FxHashMap;

use super::{Context, Rule};
use crate::ast::{FlowDecl, PurposeDecl};
use crate::diagnostic::{Code, Diagnostic};
use crate::resolve::{Model, Regime};

pub const RULE: Rule = Rule {
    code: Code::MissingLawfulBasis,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

Under the GDPR, that every flow of personal data rests on a lawful basis.
A purpose states its basis with `basis` (consent, contract, legal
obligation, vital interests, public interest, public health, legitimate
interests); a flow may instead state `with consent` itself. The rule reports
each purpose that has no `basis` (and does not narrow, with `within`, a
purpose that has one) and that some `collect`, `use`, `outsource` or
`provide` flow relies on without consent. The flows that rely on it are
shown beside it. A flow that names an exception citing GDPR Art. 6(1) has
its basis in that exception.

The APPI has no general lawful-basis requirement: it regulates purposes
(Art. 17, 18), special-care data (Art. 20(2)) and provision to others
(Art. 27) instead, which other rules check. Under the APPI alone this rule
finds nothing. The special-category conditions of GDPR Art. 9(2) are checked
by `special-care-without-consent`.

## Why it matters

- GDPR Art. 6(1): processing is lawful only if, and to the extent that, at
  least one of the listed grounds applies: consent, performance of a
  contract, a legal obligation, vital interests, a task in the public
  interest, or legitimate interests. A controller that cannot name the
  ground for a purpose cannot show the processing is lawful (Art. 5(2)), and
  must tell people the ground when it collects their data (Art. 13(1)(c)).

## Example

```policy
policy "Northwind Library" under GDPR

controller northwind "Northwind Library Ltd." {
  address "1 Example Street, Dublin"
  representative "Hanako Example"
}

contact desk "Privacy Desk" {
  email "privacy@northwind.example"
  handles "requests and complaints about personal information"
}

data email "E-mail address"
subject members "Library members"

purpose reminders "To send due-date reminders for borrowed books" {
  retain until contract ends + 1 year
}

collect email from members for reminders

rights {
  handles disclosure, correction, erasure, restriction, objection, portability
  contact desk
}

security {
  measure technical "Access to member records is limited to library staff"
}

on complaint via desk "You may also complain to your supervisory authority"
```

## Fix

State the ground on the purpose (or collect `with consent`):

```policy
policy "Northwind Library" under GDPR

controller northwind "Northwind Library Ltd." {
  address "1 Example Street, Dublin"
  representative "Hanako Example"
}

contact desk "Privacy Desk" {
  email "privacy@northwind.example"
  handles "requests and complaints about personal information"
}

data email "E-mail address"
subject members "Library members"

purpose reminders "To send due-date reminders for borrowed books" {
  basis contract
  retain until contract ends + 1 year
}

collect email from members for reminders

rights {
  handles disclosure, correction, erasure, restriction, objection, portability
  contact desk
}

security {
  measure technical "Access to member records is limited to library staff"
}

on complaint via desk "You may also complain to your supervisory authority"
```
"#;

const NOTE: &str = "GDPR Art. 6(1): processing is lawful only if at least one ground applies \
     (consent, contract, legal obligation, vital interests, public interest or legitimate interests)";

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let model = cx.model;
    if !model.under(Regime::Gdpr) {
        return;
    }
    let lacking: Vec<&PurposeDecl> = model
        .purposes
        .iter()
        .filter(|p| !has_basis(model, p))
        .collect();
    if lacking.is_empty() {
        return;
    }
    // purpose name -> the flows serving it (each once, in declaration
    // order): one pass over the flows, not one per purpose.
    let mut serving: FxHashMap<&str, Vec<&FlowDecl>> = FxHashMap::default();
    for flow in &model.flows {
        for purpose in &flow.purposes {
            let flows = serving.entry(purpose.name.as_str()).or_default();
            // A name listed twice in one flow adds the flow once.
            if flows.last().is_none_or(|last| !std::ptr::eq(*last, flow)) {
                flows.push(flow);
            }
        }
    }
    for purpose in lacking {
        let flows: Vec<&FlowDecl> = serving
            .get(purpose.name.name.as_str())
            .into_iter()
            .flatten()
            .copied()
            .filter(|flow| !flow_states_basis(model, flow))
            .collect();
        if flows.is_empty() {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            Code::MissingLawfulBasis,
            format!("purpose `{}` has no lawful basis", purpose.name.name),
            purpose.name.span,
            "no `basis` declared for this purpose",
        );
        for flow in flows {
            diagnostic = diagnostic.with_label(
                flow.head,
                format!("`{}` relies on it without consent", flow.kind.keyword()),
            );
        }
        out.push(diagnostic.with_note(NOTE).with_help(format!(
            "add a `basis` to purpose `{}` (e.g. `basis contract`), or add `with consent` to each flow that uses it",
            purpose.name.name
        )));
    }
}

/// Whether the purpose, or a purpose it narrows with `within`, states a basis.
fn has_basis(model: &Model, purpose: &PurposeDecl) -> bool {
    let mut current = purpose;
    // Bounded so that a `within` cycle cannot loop.
    for _ in 0..=model.purposes.len() {
        if !current.bases.is_empty() {
            return true;
        }
        match current.within.as_ref().and_then(|w| model.purpose(&w.name)) {
            Some(parent) => current = parent,
            None => return false,
        }
    }
    false
}

/// Consent on the flow, or an exception citing a GDPR Art. 6(1) ground.
fn flow_states_basis(model: &Model, flow: &FlowDecl) -> bool {
    flow.consent.is_some()
        || flow
            .exceptions
            .iter()
            .filter_map(|e| model.exception(&e.name))
            .any(|e| {
                e.citations.iter().any(|c| {
                    c.regime.name == Regime::Gdpr.name()
                        && (c.article == "6" || c.article.starts_with("6("))
                })
            })
}
