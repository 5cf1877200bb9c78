//! `exception-does-not-apply`: an exception excuses only what the
//! provisions it cites cover.

use super::{Context, Rule, needs};
use crate::ast::{ExceptionDecl, RetentionKind};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{Flow, list, verb};
use crate::law::{self, Need, Permit, Provision};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::ExceptionDoesNotApply,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That every statutory exception a flow relies on (`under name`) covers what
the flow needs, as lawful's statute catalogue reads the provisions it cites:

| the flow | needs, under the APPI | under the GDPR |
| --- | --- | --- |
| collects special-care data | an Art. 20(2) item | an Art. 9(2) point |
| provides data to a third party | an Art. 27(1) item (or 27(2) opt-out, never for special-care data) | — |
| uses or passes on data beyond its purposes | an Art. 18(3) item | Art. 6(4) |
| sends data abroad | an Art. 27(1) item or Art. 28(1) | Art. 45, 46, 47 or an Art. 49(1) point |
| a processor passing data to a non-processor | an Art. 27(1) item | Art. 28(3)(a) (a law requires it) |
| any flow with special-care data | — | an Art. 9(2) point |

Each exception a flow relies on is an alternative ground: each must cover
every need the flow has that consent (on the flow or the collection it
descends from), the person's request, a succession or a safeguard does not
already meet. The finding says what the flow needs and what the cited
provisions cover, and where the lists of 18(3), 20(2) and 27(1) run in
parallel it names the item that would.

It also checks `retain as required by "..." cites ...`: the provision cited
must be one that makes keeping the data lawful (GDPR Art. 17(3)(b), 6(1)(c));
APPI Art. 22, say, is a duty to endeavour to delete, not to keep.

An exception that cites nothing statutory is `non-statutory-exception`'s; a
GDPR lawful basis missing for a purpose is `missing-lawful-basis`'s.

## Why it matters

Each exception to consent excuses one act: APPI Art. 20(2) acquiring
special-care data, Art. 27(1) providing data to a third party, Art. 18(3)
handling data beyond its purposes; GDPR Art. 6(1) gives a lawful basis but
no condition for special categories (Art. 9(2)) and no ground for a transfer
abroad (Art. 44–49). A citation of the wrong article excuses nothing: a
checker satisfied by it would certify an unlawful flow.

## Example

```policy
policy "Northwind Pharmacy" under APPI

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
party hospital "Example Hospital" as third party

purpose emergency_care "To get emergency care for a patient who collapses in our shop" {
  retain until purpose achieved
}

exception protect_life cites APPI 20(2)(ii)
  "to protect a person's life, body or property, when it is difficult to obtain the person's consent"

collect medical_history from patients for emergency_care under protect_life
provide medical_history to hospital for emergency_care under protect_life
```

## Fix

Cite the item of each list the flows rely on: acquiring is APPI
Art. 20(2)(ii), providing is Art. 27(1)(ii).

```policy
policy "Northwind Pharmacy" under APPI

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
party hospital "Example Hospital" as third party

purpose emergency_care "To get emergency care for a patient who collapses in our shop" {
  retain until purpose achieved
}

exception protect_life cites APPI 20(2)(ii), APPI 27(1)(ii)
  "to protect a person's life, body or property, when it is difficult to obtain the person's consent"

collect medical_history from patients for emergency_care under protect_life
provide medical_history to hospital for emergency_care under protect_life
```
"#;

fn check(cx: &Context, out: &mut dyn Sink) {
    retention_citations(cx, out);
    for flow in &cx.graph.flows {
        let written = flow.exceptions(cx.model);
        if written.is_empty() {
            continue;
        }
        let unmet = needs::unmet(cx, flow);
        if unmet.is_empty() {
            continue;
        }
        for exception in needs::relied_on(cx, flow) {
            if !statutory(cx, exception) {
                continue;
            }
            let uncovered: Vec<Need> = unmet
                .iter()
                .copied()
                .filter(|&n| !law::exception_covers(cx.model, exception, n))
                .collect();
            if uncovered.is_empty() {
                continue;
            }
            let at = written
                .iter()
                .find(|w| w.name == exception.name.name)
                .map_or(flow.head(cx.model), |w| w.span);
            out.push(diagnose(cx, flow, exception, at, &uncovered));
        }
    }
}

/// A retention kept "as required by" a law may cite the provision that makes
/// keeping lawful despite storage limitation (GDPR Art. 17(3)(b), 6(1)(c));
/// a provision that imposes no duty to keep data does not.
fn retention_citations(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    for retention in super::retentions(model) {
        let RetentionKind::RequiredByLaw {
            law: text,
            citations,
        } = &retention.kind
        else {
            continue;
        };
        for citation in citations {
            let Some(provision) = law::find_citation(citation) else {
                continue;
            };
            if !model.under(provision.regime) || provision.permits.contains(&Permit::RetentionDuty)
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::ExceptionDoesNotApply,
                    format!(
                        "a retention \"as required by\" {} cites {}, which imposes no duty to keep data",
                        quoted(&text.value),
                        provision.cite()
                    ),
                    citation.span,
                    format!("{} ({})", provision.cite(), provision.title),
                )
                .with_label(retention.span, "kept as required by law")
                .with_note(
                    "GDPR Art. 5(1)(e) and 17(3)(b): data may be kept beyond its purposes only where a legal obligation requires it",
                )
                .with_help(
                    "name the law that requires keeping the data in the text; cite `GDPR 17(3)(b)` or `GDPR 6(1)(c)` under the GDPR, or no article",
                ),
            );
        }
    }
}

/// A policy's text for a message, shortened: it may be long.
fn quoted(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!("“{short}”")
}

/// Whether the exception cites something statutory the policy is under;
/// otherwise `non-statutory-exception` reports it.
fn statutory(cx: &Context, exception: &ExceptionDecl) -> bool {
    law::cited(exception)
        .any(|c| cx.model.under(c.provision.regime) && !c.provision.permits.is_empty())
}

fn diagnose(
    cx: &Context,
    flow: &Flow,
    exception: &ExceptionDecl,
    at: crate::span::Span,
    uncovered: &[Need],
) -> Diagnostic {
    let name = &exception.name.name;
    let actions: Vec<&str> = uncovered.iter().map(|n| n.action()).collect();
    let items: Vec<&str> = flow.item_names(cx.model).collect();
    let mut d = Diagnostic::new(
        Code::ExceptionDoesNotApply,
        format!(
            "{} {} {} under `{name}`, which does not cover {}",
            if items.is_empty() {
                "data".to_string()
            } else {
                list(&items)
            },
            verb(items.len().max(1)),
            cx.graph.action(flow),
            actions.join(" or ")
        ),
        at,
        format!("`{name}` relied on for {}", actions.join(" and ")),
    );
    for cited in law::cited(exception) {
        let permits: Vec<&str> = cited
            .provision
            .permits
            .iter()
            .map(|p| p.describe())
            .collect();
        let covers = if permits.is_empty() {
            "which permits nothing".to_string()
        } else {
            format!("which covers {}", permits.join(", "))
        };
        d = d.with_label(
            cited.span,
            format!(
                "{} ({}), {covers}",
                cited.provision.cite(),
                cited.provision.title
            ),
        );
    }
    for need in uncovered {
        d = d.with_note(format!("{} needs {}", need.action(), need.remedy()));
    }
    let suggestions: Vec<String> = uncovered
        .iter()
        .filter_map(|&need| parallel_item(exception, need))
        .map(|p| format!("`{} {}`", p.regime.name(), p.article))
        .collect();
    let help = if uncovered
        .iter()
        .any(|n| n.permit == Permit::PseudonymousProvision)
    {
        "if a law provides for the provision, name it in the exception's text and cite `APPI 41(6)` (`APPI 42(1)` for information that is not personal information); otherwise leave the pseudonymously processed information out: consent does not allow providing it".to_string()
    } else if suggestions.is_empty() {
        "cite a provision that covers what the flow does, rely on another exception, or obtain consent (`with consent`)".to_string()
    } else {
        format!(
            "cite {} (the same case in the list that covers this flow), or obtain consent (`with consent`)",
            suggestions.join(" and ")
        )
    };
    d.with_help(help)
}

/// The lists of APPI Art. 18(3), 20(2) and 27(1) name the same cases in the
/// same items (i)–(iv): an exception citing 20(2)(ii) on a provision means
/// 27(1)(ii). The item of the list that covers `need`, when the exception
/// cites the same item of another list.
fn parallel_item(exception: &ExceptionDecl, need: Need) -> Option<&'static Provision> {
    if need.regime != Regime::Appi {
        return None;
    }
    let wanted = match need.permit {
        Permit::UseBeyondPurpose => "18(3)",
        Permit::AcquireSpecialCare => "20(2)",
        Permit::ThirdPartyProvision | Permit::ForeignProvision => "27(1)",
        _ => return None,
    };
    law::cited(exception).find_map(|c| {
        let article = c.provision.article;
        ["18(3)", "20(2)", "27(1)"].iter().find_map(|list| {
            let item = article.strip_prefix(list)?;
            if !matches!(item, "(i)" | "(ii)" | "(iii)" | "(iv)") {
                return None;
            }
            let candidate = law::find(Regime::Appi, &format!("{wanted}{item}"))?;
            candidate.covers(need).then_some(candidate)
        })
    })
}
