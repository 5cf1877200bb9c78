//! `non-statutory-exception`: an exception a flow relies on must be one the
//! law lists.

use rustc_hash::FxHashMap;

use super::{Context, Rule};
use crate::ast::{Citation, ExceptionDecl, FlowDecl};
use crate::diagnostic::{Code, Diagnostic};
use crate::resolve::{Model, Regime};

pub const RULE: Rule = Rule {
    code: Code::NonStatutoryException,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That every exception a flow relies on (`under name`) cites an article that
lists statutory exceptions, of a regime the policy is under:

| regime | articles |
| --- | --- |
| APPI | 18(3)(i)–(vi), 20(2)(i)–(viii), 27(1)(i)–(vii), 28(1) |
| GDPR | 6(1)(a)–(f), 9(2)(a)–(j), 49(1)(a)–(g) |

An exception with no `cites`, one citing another article (`APPI 27(3)`), or
one citing a regime the policy is not under, is reported once, with the flows
that rely on it. It is a warning: the exception may be a genuine industry
rule, but the law does not excuse the flow because of it.

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
  handles disclosure, correction, deletion, cessation
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
  handles disclosure, correction, deletion, cessation
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

/// The articles that list statutory exceptions. A citation matches an entry
/// when it is the entry or a sub-item of it (`27(1)(ii)` matches
/// `27(1)(ii)`; `28(1)(a)` matches `28(1)`).
#[rustfmt::skip]
const STATUTORY: &[(Regime, &[&str])] = &[
    (
        Regime::Appi,
        &[
            "18(3)(i)", "18(3)(ii)", "18(3)(iii)", "18(3)(iv)", "18(3)(v)", "18(3)(vi)",
            "20(2)(i)", "20(2)(ii)", "20(2)(iii)", "20(2)(iv)", "20(2)(v)", "20(2)(vi)", "20(2)(vii)", "20(2)(viii)",
            "27(1)(i)", "27(1)(ii)", "27(1)(iii)", "27(1)(iv)", "27(1)(v)", "27(1)(vi)", "27(1)(vii)",
            "28(1)",
        ],
    ),
    (
        Regime::Gdpr,
        &[
            "6(1)(a)", "6(1)(b)", "6(1)(c)", "6(1)(d)", "6(1)(e)", "6(1)(f)",
            "9(2)(a)", "9(2)(b)", "9(2)(c)", "9(2)(d)", "9(2)(e)", "9(2)(f)", "9(2)(g)", "9(2)(h)", "9(2)(i)", "9(2)(j)",
            "49(1)(a)", "49(1)(b)", "49(1)(c)", "49(1)(d)", "49(1)(e)", "49(1)(f)", "49(1)(g)",
        ],
    ),
];

fn is_statutory(regime: Regime, article: &str) -> bool {
    let article: String = article
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    STATUTORY
        .iter()
        .filter(|(r, _)| *r == regime)
        .flat_map(|(_, entries)| entries.iter())
        .any(|entry| {
            article == *entry
                || article
                    .strip_prefix(entry)
                    .is_some_and(|rest| rest.starts_with('('))
        })
}

/// What is wrong with one citation, if anything.
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
    if !is_statutory(regime, &citation.article) {
        return Some((
            format!("cites {}, which lists no statutory exception", citation),
            "not a statutory exception".to_string(),
        ));
    }
    None
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let model = cx.model;
    if model.exceptions.is_empty() {
        return;
    }
    // exception name -> the flows relying on it (each once, in declaration
    // order): one pass over the flows, not one per exception.
    let mut relying_on: FxHashMap<&str, Vec<&FlowDecl>> = FxHashMap::default();
    for flow in &model.flows {
        for exception in &flow.exceptions {
            let flows = relying_on.entry(exception.name.as_str()).or_default();
            // A name listed twice in one flow adds the flow once.
            if flows.last().is_none_or(|last| !std::ptr::eq(*last, flow)) {
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
        let Some(mut d) = diagnose(model, exception) else {
            continue;
        };
        for flow in relying {
            d = d.with_label(
                flow.head,
                format!("`{}` relied on here", exception.name.name),
            );
        }
        for note in notes(model) {
            d = d.with_note(note);
        }
        out.push(d.with_help(
            "cite the statutory case the exception corresponds to (e.g. `cites APPI 27(1)(ii)`); if the law lists none, the flow needs consent instead",
        ));
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
    let ((_, (first, label)), rest) = problems.split_first()?;
    let mut d = Diagnostic::new(
        Code::NonStatutoryException,
        format!("exception `{name}` {first}"),
        exception.name.span,
        "relied on, but not a statutory exception",
    );
    if let Some((citation, _)) = problems.first() {
        d = d.with_label(citation.span, label.clone());
    }
    for (citation, (_, label)) in rest {
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
