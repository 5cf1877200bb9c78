//! `amendment-not-addressed`: a policy written against the law before an
//! amendment is told what the amendment added that it does not address.

use super::{Context, Rule};
use crate::ast::{EventKind, Role};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::law::amendments::{self, AMENDMENTS, Matter};
use crate::resolve::Model;
use crate::span::Span;

pub const RULE: Rule = Rule {
    code: Code::AmendmentNotAddressed,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

Which law a policy was written against: `under APPI as of 2020-04-01`, or
else its latest `revised` date, or else its `effective` date. When that
predates an amendment in force on the day checked (today, or `--as-of
DATE`), each matter the amendment added that every policy must address and
the policy does not is reported once, citing the amendment:

| amendment | matter | addressed by |
| --- | --- | --- |
| APPI, in force 2022-04-01 (Act No. 44 of 2020) | reporting a leakage to the Commission and notifying the persons (Art. 26) | `on leakage "..." { report to <authority> notify affected }` |
| | disclosing the records of provision to and receipt from third parties (Art. 33(5)) | `handles third_party_records` in `rights` |

`--as-of 2020-04-01` checks against the law the policy was written for:
nothing is reported then. A policy written after the amendment that misses
the same matters is told by `breach-response-incomplete` and
`missing-notice-item`.

## Why it matters

A privacy policy states what a business does under the law in force. The
2020 amendment of the APPI (in force from 2022-04-01) made leakage reports
to the Personal Information Protection Commission and notices to the people
concerned mandatory (Art. 26), and let people ask for the records of
provision to third parties (Art. 33(5)); it also widened the requests for
cessation and erasure (Art. 35), added personal-related information
(Art. 31) and pseudonymously processed information (Arts. 41–42). A policy
last revised before then says nothing of them.

## Example

```policy
policy "Northwind Books" under APPI as of 2020-04-01

controller northwind "Northwind Books K.K." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}
contact desk "Privacy Desk" {
  email "privacy@northwind.example"
}
rights {
  handles disclosure, correction, deletion, cessation, purpose_notification
  contact desk
}
on complaint via desk "We answer complaints within 14 days"
security {
  measure technical "Access to customer data is limited to the staff who need it"
}

data email "E-mail address"
subject customers "Customers"

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from customers for newsletter with consent
```

## Fix

Address what the amendment added, and say which law the policy now
follows.

```policy
policy "Northwind Books" under APPI as of 2022-04-01

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

data email "E-mail address"
subject customers "Customers"

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from customers for newsletter with consent

party ppc "Personal Information Protection Commission" as authority {
  country "JP"
}

on leakage via desk "We report leakages to the Commission and tell the people affected." {
  report to ppc within "a preliminary report in 3 to 5 days, a full report in 30 days"
  notify affected within "promptly"
}
```
"#;

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    for amendment in AMENDMENTS {
        if !amendments::predates(model, amendment) {
            continue;
        }
        let Some((anchor, written)) = written_anchor(model) else {
            continue;
        };
        for matter in amendment.matters {
            let Some(at) = unaddressed(model, matter) else {
                continue;
            };
            let mut d = Diagnostic::new(
                Code::AmendmentNotAddressed,
                format!(
                    "the policy predates {} and does not address {} ({} Art. {})",
                    amendment.name,
                    matter.what,
                    amendment.regime.name(),
                    matter.article
                ),
                anchor,
                format!("written against the law of {written}"),
            );
            if let Some((span, label)) = at {
                d = d.with_label(span, label);
            }
            out.push(
                d.with_note(format!(
                    "{} Art. {}: in force from {}; checked against the law of {} (`--as-of {written}` checks against the law the policy was written for)",
                    amendment.regime.name(),
                    matter.article,
                    amendments::day_text(amendment.in_force),
                    amendments::day_text(model.day())
                ))
                .with_help(help(matter)),
            );
        }
    }
}

/// The date the policy says it follows, and where it says it.
fn written_anchor(model: &Model) -> Option<(Span, String)> {
    let policy = model.policy.as_ref()?;
    let written = amendments::day_text(model.written_on()?);
    let span = policy
        .as_of
        .map(|d| d.span)
        .or_else(|| policy.revised.iter().max().map(|d| d.span))
        .or_else(|| policy.effective.map(|d| d.span))
        .unwrap_or(policy.span);
    Some((span, written))
}

/// `None` when the policy addresses the matter; otherwise where it falls
/// short, if anywhere, with a label.
fn unaddressed(model: &Model, matter: &Matter) -> Option<Option<(Span, String)>> {
    match matter.slug {
        "leakage-report" => {
            let leakages: Vec<_> = model
                .events
                .iter()
                .filter(|e| e.event == EventKind::Leakage)
                .collect();
            let reported = leakages.iter().any(|e| {
                e.reports.iter().any(|r| {
                    model
                        .party(&r.to.name)
                        .is_some_and(|p| p.role == Role::Authority)
                })
            });
            let notified = leakages.iter().any(|e| e.notify_affected.is_some());
            if reported && notified {
                return None;
            }
            let what = match (reported, notified) {
                (false, false) => "no report to an authority and no notice to the people affected",
                (false, true) => "no report to an authority",
                _ => "no notice to the people affected",
            };
            Some(leakages.first().map(|e| (e.span, what.to_string())))
        }
        "provision-records" => {
            let handled = model
                .rights
                .iter()
                .flat_map(|r| &r.handles)
                .any(|h| h.name == "third_party_records");
            if handled {
                return None;
            }
            Some(model.rights.first().map(|r| {
                (
                    Span::new(
                        r.span.file,
                        r.span.start as usize,
                        r.span.start as usize + "rights".len(),
                    ),
                    "no `third_party_records` among the requests handled".to_string(),
                )
            }))
        }
        _ => None,
    }
}

fn help(matter: &Matter) -> &'static str {
    match matter.slug {
        "leakage-report" => {
            "add `report to <the Commission, declared as authority>` and `notify affected` to `on leakage \"...\" { ... }`, or check `--as-of` the date the policy was written for"
        }
        "provision-records" => {
            "add `third_party_records` to the `rights` block's `handles`, or check `--as-of` the date the policy was written for"
        }
        _ => "address the matter, or check `--as-of` the date the policy was written for",
    }
}
