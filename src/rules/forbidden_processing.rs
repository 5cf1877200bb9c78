//! `forbidden-processing`: a flow that an organisation rule (`forbid`)
//! forbids — restrictions a company sets itself beyond the law, as Fides
//! policy rules and Legalease DENY clauses express them.
//!
//! The matchers follow Fides' `evaluate` exactly (fides/core/evaluate.py,
//! `compare_rule_to_declaration`), so an imported Fides manifest yields the
//! violations Fides reports. For each dimension a flow has a set of values;
//! a value is *matched* when it lies at or below a listed path (for
//! subjects: when it or a subject it is `treated as` is listed):
//!
//! - `any`: some value is matched;
//! - `all`: there are values and every one is matched;
//! - `none`: there are values and none is matched;
//! - `other`: some value is not matched.
//!
//! A rule forbids a flow when every matcher matches; a rule with no matcher
//! forbids nothing.

use std::collections::{BTreeSet, HashMap};

use super::{Context, Rule};
use crate::ast::{FlowKind, ForbidDecl, MatchKind, MatchTarget, Matcher};
use crate::diagnostic::{Code, Diagnostic};
use crate::graph::{EdgeKind, Flow, Origin, list};
use crate::resolve::Model;

pub const RULE: Rule = Rule {
    code: Code::ForbiddenProcessing,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That no flow (`collect`, `use`, `outsource`, `provide`, joint use) matches an
organisation rule declared with `forbid`. Each matcher looks at one dimension
of a flow:

- `data`: the categories (`in …`) of the flow's data items;
- `purpose`: the categories (`category …`) of its purposes (a purpose with
  no category takes the category of the purpose it is `within`);
- `subject`: the data subjects — for a `collect`, those it names in `from`
  and `about`; for other flows, the subjects their items were collected
  from. A subject also counts as every subject it is `treated as`.

A value is matched when it lies at or below a listed path (`user.contact.email`
is within `user.contact`). `any` matches when some value is matched; `all`
when there are values and all are matched; `none` when there are values and
none is matched; `other` when some value is not matched. A rule forbids a
flow when all its matchers match. These are the semantics of Fides' policy
rules (ANY, ALL, NONE, OTHER), so a policy imported with `lawful import
fides` reports the violations `fides evaluate` reports.

## Why it matters

No statute is involved: an organisation rule is a promise the company made
to itself, its customers or its regulator ("we never use biometric data for
marketing"). Stating it next to the flows lets the checker prove it is kept,
on every change, instead of finding out in an audit. Keeping such promises
is also part of the accountability principle (GDPR Art. 5(2)) and of the
handling rules a JIS Q 15001 management system requires.

## Example

```policy
policy "Example Shop" under APPI

controller shop "Example Shop K.K." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}
contact desk "Privacy Desk" {
  email "privacy@shop.example"
}

subject customers "Customers"
data face_image "Face image" in user.biometric : special care

purpose ads "To show personalised advertisements" {
  retain 1 year
  category marketing.advertising
}

collect face_image from customers for ads with consent

forbid no_biometric_marketing "No biometric data for marketing" {
  data any user.biometric
  purpose any marketing
}

rights {
  handles disclosure, correction, deletion, cessation
  contact desk
}
security {
  measure technical "Access to customer data is limited to the staff who need it"
}
on complaint via desk "We answer complaints within 14 days"
```

## Fix

Stop the processing the rule forbids (here: no face images for advertising),
or, if the organisation has decided to allow it, change the rule:

```policy
policy "Example Shop" under APPI

controller shop "Example Shop K.K." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}
contact desk "Privacy Desk" {
  email "privacy@shop.example"
}

subject customers "Customers"
data face_image "Face image" in user.biometric : special care

purpose entry "To let members into the store by face recognition" {
  retain 1 year
  category essential.service.authentication
}

collect face_image from customers for entry with consent

forbid no_biometric_marketing "No biometric data for marketing" {
  data any user.biometric
  purpose any marketing
}

rights {
  handles disclosure, correction, deletion, cessation
  contact desk
}
security {
  measure technical "Access to customer data is limited to the staff who need it"
}
on complaint via desk "We answer complaints within 14 days"
```
"#;

/// Whether `path` is `ancestor` or below it (`user.contact.email` is within
/// `user.contact`; `user.contacts` is not).
fn within(path: &str, ancestor: &str) -> bool {
    path == ancestor
        || path
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// A flow's values in the three dimensions.
struct Values {
    data: BTreeSet<String>,
    purposes: BTreeSet<String>,
    subjects: BTreeSet<String>,
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let model = cx.model;
    let rules: Vec<&ForbidDecl> = model
        .forbids
        .iter()
        .filter(|f| !f.matchers.is_empty())
        .collect();
    if rules.is_empty() {
        return;
    }
    let subjects_of = subjects_by_item(model);
    for flow in &cx.graph.flows {
        // A joint use's own acquisition repeats the joint use.
        if matches!(flow.origin, Origin::JointAcquisition(_)) {
            continue;
        }
        let values = values(model, flow, &subjects_of);
        for rule in &rules {
            let Some(reasons) = matches_rule(model, rule, &values) else {
                continue;
            };
            let items: Vec<&str> = flow.item_names().collect();
            let purposes: Vec<&str> = flow.purposes.iter().map(|p| p.name.as_str()).collect();
            let what = if items.is_empty() {
                "data".to_string()
            } else {
                list(&items)
            };
            let mut message = format!(
                "organisation rule `{}` forbids {what} {}",
                rule.name.name,
                cx.graph.action(flow)
            );
            if !purposes.is_empty() {
                message.push_str(&format!(" for {}", list(&purposes)));
            }
            let mut d = Diagnostic::new(
                Code::ForbiddenProcessing,
                message,
                flow.head,
                format!("forbidden by `{}`", rule.name.name),
            )
            .with_label(rule.name.span, format!("\"{}\"", rule.text.value));
            for reason in reasons {
                d = d.with_note(reason);
            }
            out.push(d.with_help(format!(
                "stop this {} or change what it handles, or, if the organisation now allows it, change rule `{}`",
                flow_word(flow),
                rule.name.name
            )));
        }
    }
}

fn flow_word(flow: &Flow) -> &'static str {
    match flow.kind {
        EdgeKind::Collect => "collection",
        EdgeKind::Use => "use",
        EdgeKind::Outsource => "outsourcing",
        EdgeKind::Provide => "provision",
        EdgeKind::JointUse => "joint use",
    }
}

/// Why every matcher matched, one note each; `None` when one does not.
fn matches_rule(model: &Model, rule: &ForbidDecl, values: &Values) -> Option<Vec<String>> {
    rule.matchers
        .iter()
        .map(|m| matches(model, m, values))
        .collect()
}

/// Fides' `compare_rule_to_declaration`: `Some(why)` when the matcher matches.
fn matches(model: &Model, matcher: &Matcher, values: &Values) -> Option<String> {
    let listed: Vec<&str> = matcher.values.iter().map(|v| v.name.as_str()).collect();
    let (dimension, set) = match matcher.target {
        MatchTarget::Data => ("data categories", &values.data),
        MatchTarget::Purpose => ("purpose categories", &values.purposes),
        MatchTarget::Subject => ("data subjects", &values.subjects),
    };
    let hit = |value: &str| match matcher.target {
        MatchTarget::Subject => subject_chain(model, value)
            .iter()
            .any(|s| listed.contains(&s.as_str())),
        _ => listed.iter().any(|l| within(value, l)),
    };
    let (matched, unmatched): (Vec<&str>, Vec<&str>) =
        set.iter().map(String::as_str).partition(|v| hit(v));
    let (ok, shown, how) = match matcher.kind {
        MatchKind::Any => (!matched.is_empty(), &matched, "fall under"),
        MatchKind::All => (
            !matched.is_empty() && unmatched.is_empty(),
            &matched,
            "all fall under",
        ),
        MatchKind::None => (
            matched.is_empty() && !unmatched.is_empty(),
            &unmatched,
            "fall under none of",
        ),
        MatchKind::Other => (!unmatched.is_empty(), &unmatched, "fall outside"),
    };
    ok.then(|| format!("{dimension} {} {how} {}", list(shown), list(&listed)))
}

/// A subject and every subject it is `treated as`, transitively.
fn subject_chain(model: &Model, name: &str) -> Vec<String> {
    let mut chain = vec![name.to_string()];
    let mut current = name.to_string();
    while let Some(next) = model
        .subject(&current)
        .and_then(|s| s.treated_as.as_ref())
        .map(|t| t.name.clone())
    {
        if chain.contains(&next) {
            break;
        }
        chain.push(next.clone());
        current = next;
    }
    chain
}

fn values(model: &Model, flow: &Flow, subjects_of: &SubjectsByItem) -> Values {
    let data = flow
        .items
        .iter()
        .filter_map(|i| model.data_item(&i.name)?.category.as_ref())
        .map(|c| c.name.clone())
        .collect();
    let purposes = flow
        .purposes
        .iter()
        .filter_map(|p| purpose_category(model, &p.name))
        .collect();
    let own = match flow.origin {
        Origin::Statement(i) => model
            .flows
            .get(i)
            .filter(|f| f.kind == FlowKind::Collect)
            .map(|f| {
                f.from
                    .iter()
                    .chain(&f.about)
                    .filter(|n| model.subject(&n.name).is_some())
                    .map(|n| n.name.clone())
                    .collect::<BTreeSet<_>>()
            }),
        _ => None,
    };
    let subjects = own.unwrap_or_else(|| {
        flow.item_names()
            .filter_map(|item| subjects_of.get(item))
            .flatten()
            .cloned()
            .collect()
    });
    Values {
        data,
        purposes,
        subjects,
    }
}

/// A purpose's category, or the nearest one along `within`.
fn purpose_category(model: &Model, name: &str) -> Option<String> {
    let mut seen = Vec::new();
    let mut current = model.purpose(name)?;
    loop {
        if let Some(c) = &current.category {
            return Some(c.name.clone());
        }
        seen.push(current.name.name.clone());
        let next = current.within.as_ref()?;
        if seen.contains(&next.name) {
            return None;
        }
        current = model.purpose(&next.name)?;
    }
}

/// Each item's subjects: those it is collected from or about.
type SubjectsByItem<'m> = HashMap<&'m str, BTreeSet<String>>;

/// Built once per check: looking up the collections of each flow's items
/// flow by flow would be quadratic in the number of flows.
fn subjects_by_item(model: &Model) -> SubjectsByItem<'_> {
    let mut map = SubjectsByItem::new();
    for flow in model.flows.iter().filter(|f| f.kind == FlowKind::Collect) {
        let subjects: Vec<&str> = flow
            .from
            .iter()
            .chain(&flow.about)
            .filter(|n| model.subject(&n.name).is_some())
            .map(|n| n.name.as_str())
            .collect();
        if subjects.is_empty() {
            continue;
        }
        for item in &flow.items {
            let set = map.entry(item.name.as_str()).or_default();
            for subject in &subjects {
                if !set.contains(*subject) {
                    set.insert(subject.to_string());
                }
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn hierarchy_is_by_whole_segments() {
        assert!(within("user.contact.email", "user.contact"));
        assert!(within("user", "user"));
        assert!(!within("user.contacts", "user.contact"));
        assert!(!within("user", "user.contact"));
    }
}
