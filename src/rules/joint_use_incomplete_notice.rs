//! `joint-use-incomplete-notice`: a `joint use` must tell people everything
//! APPI Art. 27(5)(iii) lists, or it is not a joint use the law recognises
//! and the sharing is a provision to third parties.

use super::{Context, Rule};
use crate::ast::JointUseDecl;
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::resolve::{Model, Regime};
use crate::span::Span;

pub const RULE: Rule = Rule {
    code: Code::JointUseIncompleteNotice,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

Under the APPI, that every `joint use` states each matter the law requires
people to be told about joint use:

- the items of personal data used jointly (`items`);
- the scope of the joint users: a `users` party whose `scope` says who
  they are;
- the purposes of use of the joint users (`purposes`);
- the person responsible for managing the data, with a name, an `address`
  and a `representative` (`responsible "..." { ... }`).

The rule reports one finding per joint use, listing every matter that is
missing. The method of acquisition (`acquired via`) is not a matter of Art.
27(5)(iii) and is not required. The GDPR has no equivalent notice of joint
use (joint controllers arrange their duties under Art. 26), so the rule finds
nothing under the GDPR alone.

## Why it matters

- APPI Art. 27(5)(iii): data shared with a specified group of joint users is
  not a provision to a third party only if, in advance, the person is told
  (or can easily learn) that it is shared, which items are shared, who the
  joint users are, what they use it for, and the name and address of the
  person responsible for managing it and, for a corporation, its
  representative. If any of these is missing, the sharing is a provision to
  third parties and needs consent under Art. 27(1).

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

party group "Northwind Group companies" as joint users

data email "E-mail address"
subject members "Library members"

purpose newsletter "To send the monthly newsletter about new books" {
  basis consent
  retain until purpose achieved
}

collect email from members for newsletter with consent

joint use group_newsletter {
  users group
  items email
  purposes newsletter
  responsible "Northwind Library Co., Ltd."
  retain until purpose achieved
}

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

Say who the joint users are and give the responsible person's address and
representative:

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

party group "Northwind Group companies" as joint users {
  scope "Northwind Library Co., Ltd. and its subsidiaries listed on our website"
}

data email "E-mail address"
subject members "Library members"

purpose newsletter "To send the monthly newsletter about new books" {
  basis consent
  retain until purpose achieved
}

collect email from members for newsletter with consent

joint use group_newsletter {
  users group
  items email
  purposes newsletter
  responsible "Northwind Library Co., Ltd." {
    address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
    representative "Hanako Example"
  }
  retain until purpose achieved
}

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

const NOTE: &str = "APPI Art. 27(5)(iii): joint use must be notified with the items used jointly, \
     the scope of joint users, their purposes, and the name, address and representative of the person responsible";

/// One matter the joint use leaves out.
struct Missing {
    /// What is missing, for the message.
    what: &'static str,
    /// What to add, for the help line: a clause starting with "add".
    add: String,
    /// Where to point besides the joint use itself.
    at: Option<(Span, &'static str)>,
}

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    if !model.under(Regime::Appi) {
        return;
    }
    for joint in &model.joint_uses {
        let missing = missing_matters(model, joint);
        if missing.is_empty() {
            continue;
        }
        let whats: Vec<&str> = missing.iter().map(|m| m.what).collect();
        let adds: Vec<&str> = missing.iter().map(|m| m.add.as_str()).collect();
        let mut diagnostic = Diagnostic::new(
            Code::JointUseIncompleteNotice,
            format!(
                "joint use `{}` does not state {}",
                joint.name.name,
                join(&whats)
            ),
            joint.name.span,
            "incomplete notice of joint use",
        );
        for (span, label) in missing.iter().filter_map(|m| m.at) {
            diagnostic = diagnostic.with_label(span, label);
        }
        out.push(diagnostic.with_note(NOTE).with_help(adds.join("; ")));
    }
}

fn missing_matters(model: &Model, joint: &JointUseDecl) -> Vec<Missing> {
    let mut missing = Vec::new();
    if joint.items.is_empty() {
        missing.push(Missing {
            what: "the items used jointly",
            add: "add `items ...` naming the data used jointly".to_string(),
            at: None,
        });
    }
    match &joint.users {
        None => missing.push(Missing {
            what: "the scope of joint users",
            add: "add `users ...` naming a party `as joint users` whose `scope` says who they are"
                .to_string(),
            at: None,
        }),
        // An undefined party was reported by the resolver.
        Some(users) => {
            if let Some(party) = model.party(&users.name)
                && party.scope.as_ref().is_none_or(crate::ast::Text::is_blank)
            {
                missing.push(Missing {
                    what: "the scope of joint users",
                    add: format!(
                        "add `scope \"...\"` to party `{}` saying who the joint users are",
                        party.name.name
                    ),
                    at: Some((party.name.span, "no `scope` says who these joint users are")),
                });
            }
        }
    }
    if joint.purposes.is_empty() {
        missing.push(Missing {
            what: "the purposes of the joint users",
            add: "add `purposes ...` naming what the joint users use the data for".to_string(),
            at: None,
        });
    }
    match &joint.responsible {
        None => missing.push(Missing {
            what: "the person responsible for managing the data",
            add: "add `responsible \"...\" { address \"...\" representative \"...\" }`".to_string(),
            at: None,
        }),
        Some(responsible) => {
            if responsible.name.is_blank() {
                missing.push(Missing {
                    what: "the name of the person responsible",
                    add: "add the name of the person responsible after `responsible`".to_string(),
                    at: Some((responsible.span, "no name")),
                });
            }
            let lacks = match (
                responsible.address.is_none(),
                responsible.representative.is_none(),
            ) {
                (true, true) => Some((
                    "the responsible person's address and representative",
                    "`address \"...\"` and `representative \"...\"`",
                    "no `address` and no `representative`",
                )),
                (true, false) => Some((
                    "the responsible person's address",
                    "`address \"...\"`",
                    "no `address`",
                )),
                (false, true) => Some((
                    "the responsible person's representative",
                    "`representative \"...\"`",
                    "no `representative`",
                )),
                (false, false) => None,
            };
            if let Some((what, add, label)) = lacks {
                missing.push(Missing {
                    what,
                    add: format!("add {add} to the `responsible` block"),
                    at: Some((responsible.name.span, label)),
                });
            }
        }
    }
    missing
}

/// "a", "a and b", "a, b and c".
fn join(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
