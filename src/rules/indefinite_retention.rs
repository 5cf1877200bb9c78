//! `indefinite-retention`: `retain indefinitely` anywhere it can be written
//! (a purpose, a flow, a joint use, or the policy-wide default).

use super::{Context, Rule};
use crate::ast::{Retention, RetentionKind};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::IndefiniteRetention,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That no personal data is kept without limit. Every `retain indefinitely` is
reported, wherever it is written: on a `purpose`, on a flow (`collect`,
`use`, `outsource`, `provide`), on a `joint use`, or as the policy-wide
default (`retain indefinitely` on its own line). The language lets a policy
say it, so that a policy which does keep data forever says so honestly and
the checker can report it.

## Why it matters

- APPI Art. 22: a business must endeavour to erase personal data without
  delay once it no longer needs to use it. Keeping data with no end means the
  point at which it is no longer needed is never reached.
- GDPR Art. 5(1)(e): personal data may be kept in a form that identifies
  people no longer than the purposes need (storage limitation), and Art.
  13(2)(a) requires the policy to tell people how long that is, or the
  criteria used to decide it.

## Example

```policy
policy "Northwind Library" under APPI

controller northwind "Northwind Library Co., Ltd." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}

contact desk "Privacy Desk" {
  email "privacy@northwind.example"
  handles "requests and complaints about personal information"
}

data email "E-mail address"
subject members "Library members"

purpose newsletter "To send the monthly newsletter about new books" {
  basis consent
  retain indefinitely
}

collect email from members for newsletter with consent

rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}

security {
  measure technical "Access to member records is limited to library staff"
}

on complaint via desk "We answer complaints within 14 days"
```

## Fix

Give the retention a limit: a duration, an event, or the law that requires
keeping the data:

```policy
policy "Northwind Library" under APPI

controller northwind "Northwind Library Co., Ltd." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}

contact desk "Privacy Desk" {
  email "privacy@northwind.example"
  handles "requests and complaints about personal information"
}

data email "E-mail address"
subject members "Library members"

purpose newsletter "To send the monthly newsletter about new books" {
  basis consent
  retain until purpose achieved
}

collect email from members for newsletter with consent

rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}

security {
  measure technical "Access to member records is limited to library staff"
}

on complaint via desk "We answer complaints within 14 days"
```
"#;

const APPI_NOTE: &str = "APPI Art. 22: a business must endeavour to erase personal data without delay once it no longer needs to use it";
const GDPR_NOTE: &str = "GDPR Art. 5(1)(e): personal data may be kept no longer than the purposes need (storage limitation)";
const HELP: &str = "replace `retain indefinitely` with a limit: a duration (`retain 5 years`), an event \
     (`retain until purpose achieved`) or a law (`retain as required by \"...\"`)";

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    let appi = model.under(Regime::Appi);
    let gdpr = model.under(Regime::Gdpr);
    if !appi && !gdpr {
        return;
    }
    let mut report = |retention: Option<&Retention>, message: String| {
        let Some(retention) = retention else { return };
        if !matches!(retention.kind, RetentionKind::Indefinite) {
            return;
        }
        let mut diagnostic = Diagnostic::new(
            Code::IndefiniteRetention,
            message,
            retention.span,
            "kept with no limit",
        );
        if appi {
            diagnostic = diagnostic.with_note(APPI_NOTE);
        }
        if gdpr {
            diagnostic = diagnostic.with_note(GDPR_NOTE);
        }
        out.push(diagnostic.with_help(HELP));
    };
    for retain in &model.retention_defaults {
        report(
            Some(&retain.retention),
            "the policy keeps personal data indefinitely by default".to_string(),
        );
    }
    for purpose in &model.purposes {
        report(
            purpose.retention.as_deref(),
            format!(
                "data used for purpose `{}` is kept indefinitely",
                purpose.name.name
            ),
        );
    }
    for flow in &model.flows {
        report(
            flow.retention().as_deref(),
            format!(
                "data in this `{}` flow is kept indefinitely",
                flow.kind.keyword()
            ),
        );
    }
    for joint in &model.joint_uses {
        report(
            joint.retention.as_ref(),
            format!(
                "data in joint use `{}` is kept indefinitely",
                joint.name.name
            ),
        );
    }
}
