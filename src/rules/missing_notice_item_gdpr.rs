//! The GDPR Art. 13/14 matters of `missing-notice-item` that only some
//! policies must state: the data protection officer, the representative in
//! the Union, the legitimate interests pursued, the right to withdraw
//! consent, whether data must be provided, automated decisions, the source
//! of indirectly obtained data, and a child's consent. Each is checked only
//! where the model shows it applies, and where lawful cannot tell (Art. 37,
//! Art. 27(2), Art. 8 for information society services) the note says so.
//!
//! Kept beside the rule (not in a folder of its own) so that the test that
//! every article a rule names is in the statute catalogue reads it too.

use super::{join, notes};
use crate::ast::{BasisKind, FlowKind, PurposeDecl};
use crate::diagnostic::{Code, Diagnostic};
use crate::law::jurisdiction;
use crate::resolve::Model;
use crate::rules::MAX_PATH_LABELS;
use crate::span::Span;

const DPO: &str = "GDPR Art. 13(1)(b): the contact details of the data protection officer must be given, where applicable";
const DPO_WHEN: &str = "GDPR Art. 37(1): a controller must designate one when it is a public authority, or when its core activities are regular and systematic monitoring of people, or special categories of data, on a large scale; lawful cannot tell whether this applies, so the policy must say either way";
const REPRESENTATIVE: &str = "GDPR Art. 27(1): a controller not established in the Union whose processing the GDPR covers (Art. 3(2)) designates in writing a representative in the Union, and GDPR Art. 13(1)(a) requires its identity and contact details to be given";
const REPRESENTATIVE_WHEN: &str = "where applicable: GDPR Art. 27(2) exempts a public authority, and processing that is occasional, does not include special categories on a large scale and is unlikely to result in a risk; a controller with an establishment in the Union needs none, which lawful cannot see";
const REPRESENTATIVE_WHERE: &str = "GDPR Art. 27(3): the representative is established in one of the Member States where the data subjects are";
const INTERESTS: &str = "GDPR Art. 13(1)(d) and 14(2)(b): where processing rests on legitimate interests (Art. 6(1)(f)), the interests pursued by the controller or a third party must be given";
const WITHDRAWAL: &str = "GDPR Art. 13(2)(c) and 14(2)(d): where processing rests on consent, the data subject must be told of the right to withdraw it at any time (Art. 7(3))";
const REQUIREMENT: &str = "GDPR Art. 13(2)(e): when data is collected from the data subject, they must be told whether providing it is a statutory or contractual requirement or needed to enter into a contract, whether they are obliged to provide it, and the possible consequences of not providing it";
const AUTOMATED: &str = "GDPR Art. 13(2)(f) and 14(2)(g): the existence of automated decision-making, including profiling (GDPR Art. 22(1) and (4)), must be given with meaningful information about the logic involved and the significance and envisaged consequences for the data subject";
const SOURCE: &str = "GDPR Art. 14(2)(f): where data is not obtained from the data subject, the source it originates from, and whether it came from publicly accessible sources, must be given";
const CHILD: &str = "GDPR Art. 8(1): where consent is the basis for an information society service offered directly to a child under 16 (or the lower age, not below 13, a Member State sets), it is lawful only if given or authorised by the holder of parental responsibility";
const CHILD_WHEN: &str = "where applicable: Art. 8(1) concerns information society services offered directly to children, which lawful cannot tell from the policy";

/// The GDPR matters that apply only to some policies. `push` drops a
/// finding with no note, so every note here is unconditional.
pub(super) fn check(model: &Model, push: &mut impl FnMut(Diagnostic, Vec<String>)) {
    controller(model, push);
    interests(model, push);
    requirement(model, push);
    automated_decisions(model, push);
    sources(model, push);
    children(model, push);
}

/// The data protection officer and the representative in the Union.
fn controller(model: &Model, push: &mut impl FnMut(Diagnostic, Vec<String>)) {
    // Without a controller, "the policy does not name its controller" is
    // the one finding.
    let Some(controller) = &model.controller else {
        return;
    };
    let name = &controller.name;
    if controller.dpo.is_none() {
        push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                format!(
                    "the policy does not say whether controller `{}` has a data protection officer",
                    name.name
                ),
                name.span,
                "no `dpo`",
            )
            .with_help(
                "add `dpo <contact>` naming the contact that reaches the officer, or `dpo none \"...\"` saying why none is designated",
            ),
            notes(&[(true, DPO), (true, DPO_WHEN)]),
        );
    }

    let outside = model.controller_country_outside_eea();
    match (&controller.eu_representative, outside) {
        (None, Some(country)) => push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                format!(
                    "controller `{}` is established outside the EEA and names no representative in the Union",
                    name.name
                ),
                name.span,
                "no `eu representative`",
            )
            .with_label(country.span, "outside the EEA")
            .with_help(
                "declare the representative as a party with its `country` and `address`, and add `eu representative <party>` to the controller",
            ),
            notes(&[(true, REPRESENTATIVE), (true, REPRESENTATIVE_WHEN)]),
        ),
        (Some(representative), _) => {
            let Some(party) = model.party(&representative.name) else {
                return;
            };
            let Some(country) = party.details.country.as_ref() else {
                return;
            };
            if jurisdiction::resolve(&country.value).is_none_or(|c| jurisdiction::in_eea(c, model.day())) {
                return;
            }
            push(
                Diagnostic::new(
                    Code::MissingNoticeItem,
                    format!(
                        "the representative in the Union, party `{}`, is not established in the EEA",
                        party.name.name
                    ),
                    representative.span,
                    "the representative",
                )
                .with_label(country.span, "outside the EEA")
                .with_help("name a representative established in a Member State where the people whose data you process are"),
                notes(&[(true, REPRESENTATIVE_WHERE)]),
            );
        }
        (None, None) => {}
    }
}

/// The purposes the symbol table kept: a second declaration of a name is
/// `duplicate-definition`, not a second purpose to report on.
fn kept_purposes(model: &Model) -> impl Iterator<Item = &PurposeDecl> {
    model
        .purposes
        .iter()
        .enumerate()
        .filter(|(i, p)| model.purpose_id(&p.name.name) == Some(*i))
        .map(|(_, p)| &**p)
}

/// Art. 13(1)(d): each purpose resting on legitimate interests says what
/// they are.
fn interests(model: &Model, push: &mut impl FnMut(Diagnostic, Vec<String>)) {
    for purpose in kept_purposes(model).filter(|p| p.interests.is_none()) {
        let Some(basis) = purpose
            .bases
            .iter()
            .find(|b| b.kind == BasisKind::LegitimateInterests)
        else {
            continue;
        };
        push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                format!(
                    "purpose `{}` rests on legitimate interests but does not say what they are",
                    purpose.name.name
                ),
                basis.span,
                "no `interests`",
            )
            .with_help(format!(
                "add `interests \"...\"` to purpose `{}`, stating the interests pursued",
                purpose.name.name
            )),
            notes(&[(true, INTERESTS)]),
        );
    }
}

/// Art. 13(2)(c): the right to withdraw consent, where processing rests on
/// consent. With no `rights` block at all, the finding that there is none
/// carries this note too ([`withdrawal_note`]).
pub(super) fn withdrawal(
    model: &Model,
    handled: &[&str],
    rights: Span,
    push: &mut impl FnMut(Diagnostic, Vec<String>),
) {
    let Some(consent) = consent_shown(model) else {
        return;
    };
    if handled.contains(&"withdrawal") {
        return;
    }
    push(
        Diagnostic::new(
            Code::MissingNoticeItem,
            "the `rights` block does not mention the right to withdraw consent",
            rights,
            "no `withdrawal`",
        )
        .with_label(consent, "processing rests on consent here")
        .with_help("add `withdrawal` to `handles`"),
        notes(&[(true, WITHDRAWAL)]),
    );
}

/// The note on the right to withdraw consent, for the finding that the
/// policy has no `rights` block, when processing rests on consent.
pub(super) fn withdrawal_note(model: &Model) -> Option<&'static str> {
    consent_shown(model).map(|_| WITHDRAWAL)
}

/// Where the policy first rests processing on consent: a purpose's `basis
/// consent` or a flow's `with consent`.
fn consent_shown(model: &Model) -> Option<Span> {
    let basis = model
        .purposes
        .iter()
        .flat_map(|p| &p.bases)
        .find(|b| b.kind == BasisKind::Consent)
        .map(|b| b.span);
    let flow = model.flows.iter().find_map(|f| f.consent);
    match (basis, flow) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Art. 13(2)(e): the purposes data is collected for from the people
/// themselves say whether it must be provided. One finding lists them all:
/// the root cause is one, the notice lacks the matter.
fn requirement(model: &Model, push: &mut impl FnMut(Diagnostic, Vec<String>)) {
    let lacking = model
        .purposes
        .iter()
        .zip(model.collected_from_subjects())
        .filter(|(p, from_subjects)| *from_subjects && p.requirement.is_none())
        .map(|(p, _)| &**p)
        .collect::<Vec<&PurposeDecl>>();
    let Some(first) = lacking.first() else {
        return;
    };
    let names: Vec<String> = lacking
        .iter()
        .take(if lacking.len() > SHOWN + 1 {
            SHOWN
        } else {
            SHOWN + 1
        })
        .map(|p| format!("`{}`", p.name.name))
        .collect();
    // "and 1 more" would be longer than the name.
    let listed = if lacking.len() > SHOWN + 1 {
        format!("{}, and {} more", names.join(", "), lacking.len() - SHOWN)
    } else {
        join(&names.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let (noun, verb) = match lacking.len() {
        1 => ("purpose", "does"),
        _ => ("purposes", "do"),
    };
    let mut diagnostic = Diagnostic::new(
        Code::MissingNoticeItem,
        format!(
            "{noun} {listed} {verb} not say whether people must provide their data and what follows if they do not"
        ),
        first.name.span,
        "no `requirement`",
    );
    for p in lacking.iter().skip(1).take(MAX_PATH_LABELS) {
        diagnostic = diagnostic.with_label(p.name.span, "no `requirement`");
    }
    let target = match lacking.len() {
        1 => format!("purpose `{}`", first.name.name),
        _ => "each".to_string(),
    };
    push(
        diagnostic.with_help(format!(
            "add `requirement \"...\"` to {target}, e.g. `requirement \"needed to enter the membership contract; without it we cannot lend books\"`"
        )),
        notes(&[(true, REQUIREMENT)]),
    );
}

/// How many names a message lists before "and N more".
const SHOWN: usize = 5;

/// Art. 13(2)(f), 14(2)(g): a purpose that makes automated decisions
/// explains their logic and consequences.
fn automated_decisions(model: &Model, push: &mut impl FnMut(Diagnostic, Vec<String>)) {
    for purpose in kept_purposes(model) {
        let Some(decision) = &purpose.automated_decision else {
            continue;
        };
        let missing: Vec<(&str, &str)> = [
            (decision.logic.is_none(), "the logic involved", "logic"),
            (
                decision.consequences.is_none(),
                "its consequences for the person",
                "consequences",
            ),
        ]
        .into_iter()
        .filter(|(absent, _, _)| *absent)
        .map(|(_, what, word)| (what, word))
        .collect();
        if missing.is_empty() {
            continue;
        }
        let what: Vec<&str> = missing.iter().map(|(w, _)| *w).collect();
        let (label, help) = match missing.as_slice() {
            [(_, one)] => (
                format!("no `{one}`"),
                format!("add `{one} \"...\"` to `automated decision`"),
            ),
            _ => (
                "no `logic` or `consequences`".to_string(),
                "write `automated decision logic \"...\" consequences \"...\"`".to_string(),
            ),
        };
        push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                format!(
                    "purpose `{}` makes automated decisions but does not explain {}",
                    purpose.name.name,
                    join(&what)
                ),
                decision.span,
                label,
            )
            .with_help(help),
            notes(&[(true, AUTOMATED)]),
        );
    }
}

/// Art. 14(2)(f): a source data is collected from is described. A source
/// always has a description in the grammar; an empty one says nothing.
fn sources(model: &Model, push: &mut impl FnMut(Diagnostic, Vec<String>)) {
    let mut reported = vec![false; model.sources.len()];
    for flow in model.flows.iter().filter(|f| f.kind == FlowKind::Collect) {
        for from in flow.from() {
            let Some(symbol) = model.lookup(&from.name) else {
                continue;
            };
            if symbol.kind != crate::resolve::SymbolKind::Source {
                continue;
            }
            let Some(source) = model.sources.get(symbol.index) else {
                continue;
            };
            if !source.description.is_blank() || reported[symbol.index] {
                continue;
            }
            reported[symbol.index] = true;
            push(
                Diagnostic::new(
                    Code::MissingNoticeItem,
                    format!("source `{}` does not say where the data comes from", source.name.name),
                    source.description.span,
                    "empty description",
                )
                .with_label(flow.head(), "data is collected from it here")
                .with_help(format!(
                    "describe the source, e.g. `source {} \"Publicly available business directories\"`",
                    source.name.name
                )),
                notes(&[(true, SOURCE)]),
            );
        }
    }
}

/// Art. 8(1): a collection from children that rests on consent rests on
/// the consent of the holder of parental responsibility.
fn children(model: &Model, push: &mut impl FnMut(Diagnostic, Vec<String>)) {
    if model.subjects.iter().all(|s| s.child.is_none()) {
        return;
    }
    let consent_basis = along_within(model, |p| {
        p.bases.iter().any(|b| b.kind == BasisKind::Consent)
    });
    for flow in model.flows.iter().filter(|f| f.kind == FlowKind::Collect) {
        if flow.parental_consent().is_some() {
            continue;
        }
        let Some((subject, age)) = flow
            .from()
            .iter()
            .chain(flow.about())
            .filter_map(|s| model.subject(&s.name))
            .find_map(|s| s.child.map(|age| (s, age)))
        else {
            continue;
        };
        let on_consent = flow.consent.is_some()
            || flow
                .purposes()
                .iter()
                .filter_map(|p| model.purpose_id(&p.name))
                .any(|id| consent_basis.get(id).copied().unwrap_or(false));
        if !on_consent {
            continue;
        }
        let help = match flow.explicit_consent() {
            Some(_) => {
                "write `with explicit parental consent` instead, if the holder of parental responsibility gives or authorises the consent"
            }
            None if flow.consent.is_some() => {
                "write `with parental consent` instead, if the holder of parental responsibility gives or authorises the consent"
            }
            None => {
                "add `with parental consent`, if the holder of parental responsibility gives or authorises the consent"
            }
        };
        push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                format!(
                    "a collection from children (`{}`) rests on consent, but not on the consent of the holder of parental responsibility",
                    subject.name.name
                ),
                flow.head(),
                "no `with parental consent`",
            )
            .with_label(age.span, format!("children under {}", age.under))
            .with_help(help),
            notes(&[(true, CHILD), (true, CHILD_WHEN)]),
        );
    }
}

/// For each purpose, whether `holds` is true of it or of a purpose it is
/// `within`, directly or through others. Linear: each purpose is settled
/// once, and a `within` cycle ends the walk.
fn along_within(model: &Model, holds: impl Fn(&PurposeDecl) -> bool) -> Vec<bool> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unknown,
        Visiting,
        Known(bool),
    }
    let mut state = vec![State::Unknown; model.purposes.len()];
    let mut chain = Vec::new();
    for start in 0..model.purposes.len() {
        chain.clear();
        let mut current = start;
        let result = loop {
            match state[current] {
                State::Known(known) => break known,
                State::Visiting => break false,
                State::Unknown => {}
            }
            state[current] = State::Visiting;
            chain.push(current);
            let purpose = &model.purposes[current];
            if holds(purpose) {
                break true;
            }
            match purpose
                .within
                .as_ref()
                .and_then(|w| model.purpose_id(&w.name))
            {
                Some(wider) => current = wider,
                None => break false,
            }
        };
        for &id in &chain {
            state[id] = State::Known(result);
        }
    }
    state
        .into_iter()
        .map(|s| matches!(s, State::Known(true)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::along_within;

    /// The resolved model alone: the rules are not run.
    fn model(text: &str) -> crate::resolve::Model {
        let parsed = crate::syntax::parse(crate::span::FileId(0), text);
        crate::resolve::resolve(vec![parsed.file], &mut Vec::new())
    }

    #[test]
    fn a_purpose_inherits_what_a_wider_one_holds() {
        let m = model(
            "purpose a \"A\" { basis consent }\n\
             purpose b \"B\" { within a }\n\
             purpose c \"C\" { within b }\n\
             purpose d \"D\" { basis contract }\n\
             purpose e \"E\" { within f }\n\
             purpose f \"F\" { within e }\n\
             purpose g \"G\" { within missing }\n",
        );
        let consent = along_within(&m, |p| {
            p.bases
                .iter()
                .any(|b| b.kind == crate::ast::BasisKind::Consent)
        });
        // a, b and c rest on consent; d does not; the cycle e–f and the
        // unknown wider purpose of g end their walks.
        assert_eq!(consent, [true, true, true, false, false, false, false]);
    }

    #[test]
    fn a_long_within_chain_is_settled_once() {
        // Each purpose within the previous one: every walk after the first
        // stops at a settled purpose, so this is linear, not quadratic.
        let mut text = String::from("purpose p0 \"P\" { basis consent }\n");
        for i in 1..20_000 {
            text.push_str(&format!("purpose p{i} \"P\" {{ within p{} }}\n", i - 1));
        }
        let m = model(&text);
        let consent = along_within(&m, |p| {
            p.bases
                .iter()
                .any(|b| b.kind == crate::ast::BasisKind::Consent)
        });
        assert_eq!(consent.len(), 20_000);
        assert!(consent.iter().all(|&c| c));
    }
}
