//! `non-statutory-exception`: an exception a flow relies on must be one the
//! law lists.

use rustc_hash::FxHashMap;

use super::{Context, Rule, needs};
use crate::ast::{Citation, ExceptionDecl};
use crate::diagnostic::{Code, Diagnostic, Severity, Sink};
use crate::graph::Flow;
use crate::law::{self, Permit};
use crate::resolve::{Model, Regime};

pub const RULE: Rule = Rule {
    code: Code::NonStatutoryException,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That every exception a flow relies on (`under name`) cites a provision that
is an exception to consent, in lawful's statute catalogue, of a regime the
policy is under:

| regime | provisions that permit something without consent |
| --- | --- |
| APPI | 18(3)(i)–(vi), 20(2)(i)–(viii), 27(1)(i)–(vii), 27(2), 27(5)(i)–(iii), 28(1) |
| GDPR | 6(1)(a)–(f), 6(4), 9(2)(a)–(j), 17(3)(b), 28(3)(a), 45(1), 46(1), 46(2)(a)–(f), 47, 49(1)(a)–(g) |

An exception with no `cites`, one citing a provision that permits nothing
(a duty such as `APPI 27(3)`, or the heading of a list such as `APPI 27(1)`
instead of its item), or one citing a regime the policy is not under, is
reported once, with the flows that rely on it. It is an error when a flow
relies on it to acquire or process special-care data or to provide data to a
third party — the law allows those only with consent or a listed exception —
and a warning otherwise: the exception may be a genuine industry rule, but
the law does not excuse the flow because of it.

Whether a statutory exception covers the flows that rely on it is
`exception-does-not-apply`'s; a citation lawful does not know is
`unknown-citation`'s.

## Why it matters

The exceptions to consent are closed lists: APPI Art. 18(3) (use beyond the
purposes), Art. 20(2) (acquiring special-care data), Art. 27(1) (provision to
third parties) and Art. 28(1) (transfers abroad); GDPR Art. 6(1) (lawful
bases), Art. 9(2) (special categories) and Art. 49(1) (derogations for
transfers). A policy cannot add to them: a flow that relies on something else
needs the person's consent.

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

data name "Name"
subject customers "Customers"
party partner "Example Partner K.K." as third party

purpose delivery "To deliver ordered books" {
  retain until purpose achieved
}

exception partner_terms "when the partner's terms of service require it"

collect name from customers for delivery with consent
provide name to partner for delivery under partner_terms
```

## Fix

Rely on a statutory exception, cited (or obtain consent instead).

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

data name "Name"
subject customers "Customers"
party partner "Example Partner K.K." as third party

purpose delivery "To deliver ordered books" {
  retain until purpose achieved
}

exception based_on_law cites APPI 27(1)(i) "when the provision is based on laws and regulations"

collect name from customers for delivery with consent
provide name to partner for delivery under based_on_law
```
"#;

/// What is wrong with one citation, if anything. `None` also for a citation
/// `unknown-citation` reports (the root cause is the citation itself).
fn problem(model: &Model, citation: &Citation) -> Option<(String, String)> {
    let Some(regime) = Regime::from_name(&citation.regime.name) else {
        return Some((
            format!(
                "cites `{}`, which is not a regime lawful knows",
                citation.regime.name
            ),
            "unknown regime".to_string(),
        ));
    };
    if !model.under(regime) {
        return Some((
            format!(
                "cites {}, but the policy is not under {}",
                citation,
                regime.name()
            ),
            format!("the policy is not under {}", regime.name()),
        ));
    }
    let provision = law::find(regime, &citation.article)?;
    if !provision.permits.is_empty() {
        return None;
    }
    if provision.heads_a_list() {
        return Some((
            format!(
                "cites {}, the heading of a list: not an exception until an item is named",
                provision.cite()
            ),
            format!("cite the item of {} that applies", provision.cite()),
        ));
    }
    Some((
        format!(
            "cites {} ({}), which is no exception to consent",
            provision.cite(),
            provision.title
        ),
        "not a statutory exception".to_string(),
    ))
}

/// Whether some citation names a catalogued provision, of a regime the
/// policy is under, that permits something.
fn is_statutory(model: &Model, exception: &ExceptionDecl) -> bool {
    law::cited(exception)
        .any(|c| model.under(c.provision.regime) && !c.provision.permits.is_empty())
}

/// Whether a citation is one `unknown-citation` reports.
fn unknown(citation: &Citation) -> bool {
    Regime::from_name(&citation.regime.name).is_some() && law::find_citation(citation).is_none()
}

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    if model.exceptions.is_empty() {
        return;
    }
    // exception name -> the flows relying on it (each once, in declaration
    // order): one pass over the flows, not one per exception.
    let mut relying_on: FxHashMap<&str, Vec<&Flow>> = FxHashMap::default();
    for flow in &cx.graph.flows {
        for exception in flow.exceptions(model) {
            let flows = relying_on.entry(exception.name.as_str()).or_default();
            // A name listed twice in one flow adds the flow once.
            if flows.last().is_none_or(|last| last.id() != flow.id()) {
                flows.push(flow);
            }
        }
    }
    for exception in &model.exceptions {
        // Only the declaration the symbol table kept (duplicates were reported).
        if model
            .lookup(&exception.name.name)
            .is_none_or(|s| s.span != exception.name.span)
        {
            continue;
        }
        let Some(relying) = relying_on.get(exception.name.name.as_str()) else {
            continue;
        };
        if is_statutory(model, exception) || exception.citations.iter().any(unknown) {
            continue;
        }
        let Some(mut d) = diagnose(model, exception) else {
            continue;
        };
        let mut serious = false;
        for flow in relying {
            let needs = needs::unmet(cx, flow);
            let grave = needs.iter().any(|n| {
                n.special_care
                    || matches!(
                        n.permit,
                        Permit::AcquireSpecialCare
                            | Permit::ThirdPartyProvision
                            | Permit::PseudonymousProvision
                            | Permit::SpecialCategory
                    )
            });
            serious |= grave;
            let label = if grave {
                format!(
                    "`{}` relied on here, for {}",
                    exception.name.name,
                    needs
                        .iter()
                        .map(|n| n.action())
                        .collect::<Vec<_>>()
                        .join(" and ")
                )
            } else {
                format!("`{}` relied on here", exception.name.name)
            };
            d = d.with_label(flow.head(cx.model), label);
        }
        if serious {
            d.severity = Severity::Error;
        }
        for note in notes(model) {
            d = d.with_note(note);
        }
        let help = if serious {
            "cite the statutory case the exception corresponds to (e.g. `cites APPI 27(1)(ii)`); if the law lists none, special-care data and provision to third parties need the person's consent instead"
        } else {
            "cite the statutory case the exception corresponds to (e.g. `cites APPI 27(1)(ii)`); if the law lists none, the flow needs consent instead"
        };
        out.push(d.with_help(help));
    }
}

fn diagnose(model: &Model, exception: &ExceptionDecl) -> Option<Diagnostic> {
    let name = &exception.name.name;
    if exception.citations.is_empty() {
        return Some(Diagnostic::new(
            Code::NonStatutoryException,
            format!("exception `{name}` cites no article of law"),
            exception.name.span,
            "relied on, but cites no statutory exception",
        ));
    }
    let problems: Vec<(&Citation, (String, String))> = exception
        .citations
        .iter()
        .filter_map(|c| problem(model, c).map(|p| (c, p)))
        .collect();
    let ((_, (first, _)), _) = problems.split_first()?;
    let mut d = Diagnostic::new(
        Code::NonStatutoryException,
        format!("exception `{name}` {first}"),
        exception.name.span,
        "relied on, but not a statutory exception",
    );
    for (citation, (_, label)) in &problems {
        d = d.with_label(citation.span, label.clone());
    }
    Some(d)
}

fn notes(model: &Model) -> Vec<String> {
    let mut notes = Vec::new();
    if model.under(Regime::Appi) {
        notes.push(
            "APPI Art. 18(3), 20(2), 27(1), 28(1): the exceptions to consent are the cases these articles list, and no others".to_string(),
        );
    }
    if model.under(Regime::Gdpr) {
        notes.push(
            "GDPR Art. 6(1), 9(2), 49(1): processing, special categories and transfers are lawful only on the grounds these articles list".to_string(),
        );
    }
    if notes.is_empty() {
        notes.push(
            "the policy is under no regime, so no exception it relies on is statutory".to_string(),
        );
    }
    notes
}
