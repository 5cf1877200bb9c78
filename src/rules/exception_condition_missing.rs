//! `exception-condition-missing`: an exception citing a provision with a
//! statutory condition states that condition.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::law::{self, Cited, Condition};

pub const RULE: Rule = Rule {
    code: Code::ExceptionConditionMissing,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That an exception citing a provision whose ground comes with a statutory
condition states that condition, either in its text or with a `condition`
clause naming it:

| condition | attached by | stated in the text when it says |
| --- | --- | --- |
| `consent_difficult` | APPI 18(3), 20(2), 27(1) items (ii) and (iii) | "difficult" and "consent" |
| `consent_would_impede` | APPI 18(3), 20(2), 27(1) items (iv) | "consent" and "impede", "interfere" or "hinder" |
| `no_unjust_infringement` | APPI academic-research items (18(3)(v)–(vi), 20(2)(v)–(vi), 27(1)(v)–(vii)) | "unjust" or "unduly infring" |
| `opt_out_notified` | APPI 27(2) | "Personal Information Protection Commission", or "notified" and "PPC" |
| `joint_use_notified` | APPI 27(5)(iii) | "joint use" and "notified" or "easily accessible" |
| `equivalent_system` | APPI 28(1) | "equivalent" or "Commission's standards" |
| `compatible_purpose` | GDPR 6(4) | "compatib" |
| `subject_incapable` | GDPR 9(2)(c), 49(1)(f) | "incapable" |
| `informed_of_risks` | GDPR 49(1)(a) | "risk" |

The text check is deliberately narrow; an exception whose text states the
condition in other words names it with `condition`.

## Why it matters

The exceptions are conditional: APPI Art. 27(1)(ii) lets data go to a third
party to protect a person's life, body or property *and only when it is
difficult to obtain the person's consent*; item (iv) only when obtaining
consent is likely to impede the authorities' affairs. A policy that drops
the condition tells people the business will act without consent in more
cases than the law allows.

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
party hospital "Example Hospital" as third party

purpose treatment "To diagnose and treat patients" {
  retain 5 years
}

exception protect_life cites APPI 27(1)(ii) "when it is necessary to protect human life, body or property"

collect medical_history from patients for treatment with consent
provide medical_history to hospital for treatment under protect_life
```

## Fix

State the condition (in the text, or with `condition`).

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
party hospital "Example Hospital" as third party

purpose treatment "To diagnose and treat patients" {
  retain 5 years
}

exception protect_life cites APPI 27(1)(ii) "when it is necessary to protect human life, body or property" {
  condition consent_difficult
}

collect medical_history from patients for treatment with consent
provide medical_history to hospital for treatment under protect_life
```
"#;

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    for exception in &model.exceptions {
        if model
            .lookup(&exception.name.name)
            .is_none_or(|s| s.span != exception.name.span)
        {
            continue;
        }
        let missing: Vec<(Condition, Vec<Cited>)> = law::unstated_conditions(exception)
            .into_iter()
            .map(|(c, by)| {
                let by: Vec<Cited> = by
                    .into_iter()
                    .filter(|cited| model.under(cited.provision.regime))
                    .collect();
                (c, by)
            })
            .filter(|(_, by)| !by.is_empty())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let message = match missing.as_slice() {
            [(condition, by)] => format!(
                "exception `{}` omits the statutory condition of {}: {}",
                exception.name.name,
                cite_all(by),
                condition.statement()
            ),
            _ => {
                let clauses: Vec<String> = missing
                    .iter()
                    .map(|(condition, by)| format!("{} ({})", condition.statement(), cite_all(by)))
                    .collect();
                format!(
                    "exception `{}` omits the statutory conditions of what it cites: {}",
                    exception.name.name,
                    clauses.join("; ")
                )
            }
        };
        let mut d = Diagnostic::new(
            Code::ExceptionConditionMissing,
            message,
            exception.name.span,
            "the statutory condition is not stated",
        );
        for (condition, by) in &missing {
            // One label over the citations that attach the condition.
            let (Some(first), Some(last)) = (by.first(), by.last()) else {
                continue;
            };
            let span = if first.span.file == last.span.file {
                first.span.to(last.span)
            } else {
                first.span
            };
            d = d.with_label(span, format!("applies only when {}", condition.statement()));
        }
        d = d.with_label(exception.text.span, "the text does not say so");
        for (condition, by) in &missing {
            d = d.with_note(format!(
                "{}: the exception applies only when {}",
                cite_all(by),
                condition.statement()
            ));
        }
        let names: Vec<&str> = missing.iter().map(|(c, _)| c.name()).collect();
        out.push(d.with_help(format!(
            "state the condition in the exception's text, or add `{{ condition {} }}` if the policy meets it",
            names.join(", ")
        )));
    }
}

/// "APPI Art. 18(3)(ii), 20(2)(ii) and 27(1)(ii)".
fn cite_all(by: &[Cited]) -> String {
    let mut out = String::new();
    for (i, cited) in by.iter().enumerate() {
        let p = cited.provision;
        let same_regime = i > 0 && by[i - 1].provision.regime == p.regime;
        let separator = match i {
            0 => "",
            _ if i + 1 == by.len() => " and ",
            _ => ", ",
        };
        out.push_str(separator);
        if same_regime {
            out.push_str(p.article);
        } else {
            out.push_str(&p.cite());
        }
    }
    out
}
