//! `unknown-citation`: every citation names a provision of lawful's statute
//! catalogue, and every `condition` an exception states is one the
//! catalogue knows.

use super::{Context, Rule};
use crate::ast::{Citation, RetentionKind};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::law::{self, Condition, jurisdiction};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::UnknownCitation,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That every citation — in an `exception ... cites` and in a `retain as
required by "..." cites` — names a provision of lawful's statute catalogue:
the provisions of the APPI and the GDPR that lawful's rules rely on, each
with its title, what it permits without consent, the statutory conditions
it attaches and the date it is in force. A citation outside the catalogue
is reported with the nearest catalogued provision as a did-you-mean.

It also checks the names an exception gives its statutory conditions
(`condition consent_difficult`) and the `country` of the controller and of
every party (an ISO 3166-1 code or English name, or `the EEA` / `outside
the EEA`): an unknown one is `invalid-value`, with a did-you-mean.

`lawful explain "APPI 27(1)(ii)"` prints what the catalogue says of a
provision; `lawful rules --catalogue` lists it all.

## Why it matters

A rule can only judge what it can read: an exception citing `APPI 27(1)(x)`
excuses nothing, and a typo in a citation must not pass silently for a
statutory ground. The catalogue cites APPI articles as numbered from
2022-04-01 (Act No. 37 of 2021) and the GDPR (Regulation (EU) 2016/679).

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

exception based_on_law cites APPI 27(1)(x) "when the provision is based on laws and regulations"

collect name from customers for delivery with consent
provide name to partner for delivery under based_on_law
```

## Fix

Cite the provision as the catalogue numbers it.

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

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    for exception in &model.exceptions {
        for citation in &exception.citations {
            report(citation, "cited by an exception", out);
        }
        for name in &exception.conditions {
            if Condition::from_name(&name.name).is_some() {
                continue;
            }
            let known: Vec<&str> = Condition::ALL.iter().map(|c| c.name()).collect();
            let suggestion = closest_name(&name.name, &known);
            let mut d = Diagnostic::new(
                Code::InvalidValue,
                format!("`{}` is not a statutory condition lawful knows", name.name),
                name.span,
                "unknown condition",
            );
            d = match suggestion {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help(format!("the conditions are {}", known.join(", "))),
            };
            out.push(d);
        }
    }
    let countries = model
        .controller
        .iter()
        .filter_map(|c| c.details.country.as_ref())
        .chain(
            model
                .parties
                .iter()
                .filter_map(|p| p.details.country.as_ref()),
        );
    for country in countries {
        if jurisdiction::resolve(&country.value).is_some() {
            continue;
        }
        let d = Diagnostic::new(
            Code::InvalidValue,
            format!(
                "`{}` is not a country lawful knows",
                country.value.chars().take(80).collect::<String>()
            ),
            country.span,
            "unknown country",
        );
        out.push(match jurisdiction::closest(&country.value) {
            Some(code) => d.with_help(format!(
                "did you mean `{code}` ({})?",
                jurisdiction::name(code)
            )),
            None => d.with_help(
                "write an ISO 3166-1 code (`JP`, `US`) or an English country name, or `the EEA` / `outside the EEA` when only the side of the EEA's border is known",
            ),
        });
    }
    for retention in super::retentions(model) {
        if let RetentionKind::RequiredByLaw { citations, .. } = &retention.kind {
            for citation in citations {
                report(citation, "cited for a retention", out);
            }
        }
    }
}

fn report(citation: &Citation, context: &str, out: &mut dyn Sink) {
    // An unknown regime is `invalid-value`'s (the resolver reports it).
    let Some(regime) = Regime::from_name(&citation.regime.name) else {
        return;
    };
    if law::find(regime, &citation.article).is_some() {
        return;
    }
    let mut d = Diagnostic::new(
        Code::UnknownCitation,
        format!(
            "{} Art. {} is not in lawful's statute catalogue",
            regime.name(),
            citation.article
        ),
        citation.span,
        format!("unknown provision, {context}"),
    );
    d = match law::closest(regime, &citation.article) {
        Some(p) => d.with_help(format!(
            "did you mean `{} {}` ({})?",
            regime.name(),
            p.article,
            p.title
        )),
        None => d.with_help(
            "cite the provision as the catalogue numbers it (`lawful rules --catalogue` lists it)",
        ),
    };
    out.push(d.with_note(
        "lawful's rules can only judge provisions they know: a citation outside the catalogue excuses nothing",
    ));
}

/// The closest name within a third of its length (names are short: the
/// list is fixed and small).
fn closest_name<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    if name.len() > 64 {
        return None;
    }
    known
        .iter()
        .map(|k| (law::edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= (name.len().max(k.len()) / 3).max(1))
        .min()
        .map(|(_, k)| k)
}
