//! `missing-lawful-basis`: under the GDPR every processing operation needs
//! one of the Art. 6(1) grounds. A purpose states its ground with `basis`; a
//! flow can state consent itself with `with consent`.

use super::{Context, Rule, needs};
use crate::ast::{BasisKind, PurposeDecl};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::Flow;
use crate::law::{self, Need, Permit};
use crate::resolve::{Model, Regime};

pub const RULE: Rule = Rule {
    code: Code::MissingLawfulBasis,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

Under the GDPR, that every flow of personal data rests on a lawful basis.
A purpose states its basis with `basis`: consent, contract, legal
obligation, vital interests, public interest or legitimate interests (GDPR
Art. 6(1)(a)–(f)); a flow may instead state `with consent` itself. The rule
reports, once at the purpose, with the flows that rely on it:

- a purpose that has no Art. 6(1) basis (nor narrows, with `within`, a
  purpose that has one) and that some flow relies on without consent.
  `public health` is no Art. 6(1) basis: it is a condition for special
  categories (Art. 9(2)(i)), and alone leaves the purpose without one;
- a purpose whose only basis is consent, served by flows that show no
  consent: not `with consent` themselves, nor descending from a collection
  that obtained it for that purpose. A `basis consent` says what must be
  obtained, not that it was.

A flow that relies on an exception citing a GDPR Art. 6(1) point has its
basis in that exception.

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
  handles disclosure, correction, erasure, restriction, objection, portability, purpose_notification, third_party_records
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
  dpo desk
}

contact desk "Privacy Desk" {
  email "privacy@northwind.example"
  handles "requests and complaints about personal information"
}

data email "E-mail address"
subject members "Library members"

purpose reminders "To send due-date reminders for borrowed books" {
  basis contract
  requirement "Needed to lend books; without it we cannot remind you of due dates"
  retain until contract ends + 1 year
}

collect email from members for reminders

rights {
  handles disclosure, correction, erasure, restriction, objection, portability, purpose_notification, third_party_records
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
const CONSENT_NOTE: &str = "GDPR Art. 6(1)(a) and 7(1): where processing rests on consent, the controller must be able to demonstrate that the data subject consented";

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    if !model.under(Regime::Gdpr) {
        return;
    }
    let serving = Serving::new(cx);
    for (id, purpose) in model.purposes.iter().enumerate() {
        // Only the declaration the symbol table kept (duplicates were reported).
        if model.purpose_id(&purpose.name.name) != Some(id) {
            continue;
        }
        match bases(model, purpose) {
            Bases::None { public_health } => {
                let flows: Vec<&Flow> = serving
                    .of(cx, id)
                    .filter(|flow| !flow_states_basis(cx, flow))
                    .collect();
                if flows.is_empty() {
                    continue;
                }
                let (message, label) = if public_health {
                    (
                        format!(
                            "purpose `{}` has no GDPR Art. 6(1) basis: `public health` is not one",
                            purpose.name.name
                        ),
                        "`public health` is an Art. 9(2)(i) condition, not an Art. 6(1) basis",
                    )
                } else {
                    (
                        format!("purpose `{}` has no lawful basis", purpose.name.name),
                        "no `basis` declared for this purpose",
                    )
                };
                let mut d =
                    Diagnostic::new(Code::MissingLawfulBasis, message, purpose.name.span, label);
                for flow in flows {
                    d = d.with_label(
                        flow.head(cx.model),
                        format!("`{}` relies on it without consent", keyword(cx, flow)),
                    );
                }
                let help = if public_health {
                    format!(
                        "add an Art. 6(1) basis to purpose `{}` (for a public health task, `basis public interest`, Art. 6(1)(e)); special categories also need an exception citing GDPR Art. 9(2)(i)",
                        purpose.name.name
                    )
                } else {
                    format!(
                        "add a `basis` to purpose `{}` (e.g. `basis contract`), or add `with consent` to each flow that uses it",
                        purpose.name.name
                    )
                };
                out.push(d.with_note(NOTE).with_help(help));
            }
            Bases::ConsentOnly => {
                let flows: Vec<&Flow> = serving
                    .of(cx, id)
                    .filter(|flow| !flow_states_basis(cx, flow) && !cx.graph.consent(flow).given())
                    .collect();
                if flows.is_empty() {
                    continue;
                }
                let mut d = Diagnostic::new(
                    Code::MissingLawfulBasis,
                    format!(
                        "purpose `{}` rests on consent, but {} of its flows {} none",
                        purpose.name.name,
                        flows.len(),
                        if flows.len() == 1 {
                            "obtains"
                        } else {
                            "obtain"
                        }
                    ),
                    purpose.name.span,
                    "`basis consent`: consent must be obtained",
                );
                for flow in flows {
                    d = d.with_label(
                        flow.head(cx.model),
                        format!(
                            "`{}` shows no consent, here or at the collection",
                            keyword(cx, flow)
                        ),
                    );
                }
                out.push(
                    d.with_note(NOTE)
                        .with_note(CONSENT_NOTE)
                        .with_help("add `with consent` to the collection (or to each flow), or give the purpose another basis that applies"),
                );
            }
            Bases::Other => {}
        }
    }
}

/// Purpose id -> the statements' flows serving it (each once, in
/// declaration order), made in one pass over the flows, not one per
/// purpose: one block of flow ids with each purpose's start, counted first
/// (a large policy has a flow per statement; issue 17).
struct Serving {
    starts: Vec<u32>,
    flows: Vec<u32>,
}

impl Serving {
    fn new(cx: &Context) -> Serving {
        let statements = || cx.graph.flows.iter().filter(|f| f.origin_is_statement());
        let mut starts = vec![0u32; cx.model.purposes.len() + 1];
        for flow in statements() {
            for purpose in flow.purpose_ids() {
                if let Some(count) = starts.get_mut(purpose + 1) {
                    *count += 1;
                }
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut flows = vec![0u32; starts.last().copied().unwrap_or(0) as usize];
        for flow in statements() {
            // Ids index the model's purposes; `next` has one more entry.
            let purposes = next.len() - 1;
            for purpose in flow.purpose_ids().filter(|&p| p < purposes) {
                if let Some(slot) = flows.get_mut(next[purpose] as usize) {
                    *slot = flow.id() as u32;
                }
                next[purpose] += 1;
            }
        }
        Serving { starts, flows }
    }

    fn of<'g>(&self, cx: &Context<'g>, purpose: usize) -> impl Iterator<Item = &'g Flow> {
        let start = self.starts.get(purpose).copied().unwrap_or(0) as usize;
        let end = self.starts.get(purpose + 1).copied().unwrap_or(0) as usize;
        let graph = cx.graph;
        self.flows
            .get(start..end)
            .unwrap_or(&[])
            .iter()
            .filter_map(move |&id| graph.flows.get(id as usize))
    }
}

/// The `collect`, `use`, `outsource` or `provide` keyword of a flow.
fn keyword(cx: &Context, flow: &Flow) -> &'static str {
    flow.statement(cx.model)
        .map_or("joint use", |d| d.kind.keyword())
}

enum Bases {
    /// No Art. 6(1) basis; `public_health` when the purpose names only that.
    None {
        public_health: bool,
    },
    ConsentOnly,
    Other,
}

/// The Art. 6(1) bases of a purpose, or of the nearest purpose it narrows
/// with `within` that states any.
fn bases(model: &Model, purpose: &PurposeDecl) -> Bases {
    let mut current = purpose;
    let mut public_health = false;
    // Bounded so that a `within` cycle cannot loop.
    for _ in 0..=model.purposes.len() {
        let lawful: Vec<BasisKind> = current
            .bases
            .iter()
            .map(|b| b.kind)
            .filter(|k| *k != BasisKind::PublicHealth)
            .collect();
        public_health |= current
            .bases
            .iter()
            .any(|b| b.kind == BasisKind::PublicHealth);
        if !lawful.is_empty() {
            return if lawful.iter().all(|k| *k == BasisKind::Consent) {
                Bases::ConsentOnly
            } else {
                Bases::Other
            };
        }
        match current.within.as_ref().and_then(|w| model.purpose(&w.name)) {
            Some(parent) => current = parent,
            None => break,
        }
    }
    Bases::None { public_health }
}

/// Consent on the flow, or an exception citing a GDPR Art. 6(1) ground.
fn flow_states_basis(cx: &Context, flow: &Flow) -> bool {
    flow.consent()
        || needs::relied_on(cx, flow).iter().any(|e| {
            law::exception_covers(
                cx.model,
                e,
                Need::new(Regime::Gdpr, Permit::LawfulBasis, false),
            )
        })
}
