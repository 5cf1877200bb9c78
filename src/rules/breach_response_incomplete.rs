//! `breach-response-incomplete`: the policy's response to a leakage makes
//! the report and the notice the law requires.

use super::{Context, Rule};
use crate::ast::{EventKind, OnDecl, Role};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::law::amendments::{self, APPI_2022};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::BreachResponseIncomplete,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That a policy that says how it responds to a leakage of personal data
(`on leakage "..." { ... }`) includes the report and the notice the law
requires (a policy that says nothing of leakages is not reported: the duty
applies whether or not the policy states it):

- `report to NAME [within "..."]`: the authority a leakage is reported to
  — a party declared `as authority` (the Personal Information Protection
  Commission; a supervisory authority);
- `notify affected [within "..."]`: the people whose data leaked are told;
- `trigger "..."` (optional): which leakages are reportable.

Under the APPI (from 2022-04-01) a report to an authority and a notice to
the people concerned; under the GDPR a report to a supervisory authority
whose `within` says 72 hours, and a notice to the people concerned. A
policy written against the APPI before 2022-04-01 is told of the report
by `amendment-not-addressed` instead.

## Why it matters

- APPI Art. 26(1) and (2) (in force from 2022-04-01): a leakage that is
  likely to harm people's rights — special-care data, data that may be
  misused for financial gain, an unlawful purpose, or more than 1,000
  people — is reported to the Personal Information Protection Commission
  and notified to the people concerned.
- GDPR Art. 33(1): a personal data breach is notified to the supervisory
  authority without undue delay and, where feasible, within 72 hours;
  Art. 34(1): a breach likely to result in a high risk is communicated to
  the data subjects without undue delay.

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

data email "E-mail address"
subject customers "Customers"

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from customers for newsletter with consent

on leakage via desk "We will respond promptly to any leakage of personal data."
```

## Fix

Say to whom a leakage is reported and that the people affected are told.

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
  trigger "a leakage of special-care data, of data that may cause financial loss, by an unlawful purpose, or of more than 1,000 people"
}
```
"#;

const APPI_NOTE: &str = "APPI Art. 26(1) and (2): a leakage likely to harm people's rights is reported to the Personal Information Protection Commission and notified to the people concerned";
const GDPR_NOTE: &str = "GDPR Art. 33(1) and 34(1): a breach is notified to the supervisory authority within 72 hours where feasible, and a breach likely to result in a high risk to the data subjects";

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    // Before 2022-04-01 the APPI had no duty to report; a policy written
    // before it is `amendment-not-addressed`'s.
    let appi = amendments::in_force(model, &APPI_2022) && !amendments::predates(model, &APPI_2022);
    let gdpr = model.under(Regime::Gdpr);
    if !appi && !gdpr {
        return;
    }
    let leakages: Vec<&OnDecl> = model
        .events
        .iter()
        .filter(|e| e.event == EventKind::Leakage)
        .collect();
    let to_authority = |e: &&OnDecl| {
        e.reports.iter().any(|r| {
            model
                .party(&r.to.name)
                .is_some_and(|p| p.role == Role::Authority)
        })
    };
    let reported = leakages.iter().any(to_authority);
    let notified = leakages.iter().any(|e| e.notify_affected.is_some());
    let in_72_hours = leakages.iter().filter(|e| to_authority(e)).any(|e| {
        e.reports
            .iter()
            .filter_map(|r| r.within.as_ref())
            .any(|w| w.value.contains("72"))
    });
    let mut missing = Vec::new();
    if !reported {
        missing.push("no `report to` an authority");
    } else if gdpr && !in_72_hours {
        missing.push("no report within 72 hours (`within \"72 hours\"`)");
    }
    if !notified {
        missing.push("no `notify affected`");
    }
    if missing.is_empty() {
        return;
    }
    // A policy silent on leakages makes no claim to judge.
    let Some(first) = leakages.first() else {
        return;
    };
    let (span, label) = (first.span, "the response to a leakage");
    let message = format!("the response to a leakage has {}", missing.join(" and "));
    let mut d = Diagnostic::new(Code::BreachResponseIncomplete, message, span, label);
    if appi {
        d = d.with_note(APPI_NOTE);
    }
    if gdpr {
        d = d.with_note(GDPR_NOTE);
    }
    out.push(d.with_help(
        "add `report to <authority party> within \"...\"` and `notify affected` in an `on leakage \"...\" { ... }` block",
    ));
}
