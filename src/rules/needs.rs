//! What a flow needs that the person's consent (or another ground the flow
//! states) would give, regime by regime: the one place that decides it, so
//! that the rule reporting a flow with no ground, and the rules judging the
//! exceptions a flow relies on, agree on what it needs.
//!
//! Each need is the law's: acquiring special-care data (APPI Art. 20(2)),
//! providing data to a third party (Art. 27(1)), handling data beyond its
//! purposes (Art. 18(1); GDPR Art. 5(1)(b), 6(4)), a foreign provision
//! (APPI Art. 28(1); GDPR Ch. V), special categories (GDPR Art. 9). A flow
//! relying on exceptions (`under`) has its needs judged by
//! `exception-does-not-apply` and `non-statutory-exception`; the rules for
//! each need report only flows that rely on none.

use super::Context;
use crate::ast::{ExceptionDecl, Role};
use crate::graph::{Consent, EdgeKind, Flow};
use crate::law::{Need, Permit, jurisdiction};
use crate::resolve::Regime;

/// Whether the flow acquires special-care data (a collection, or a joint
/// use's own acquisition).
pub fn acquires_special_care(cx: &Context, flow: &Flow) -> bool {
    flow.kind == EdgeKind::Collect && flow.has_special_care(cx.model)
}

/// Whether a provision goes to a third party under the APPI: a `provide`
/// (not by succession) to anyone but a processor, or to joint users beyond
/// what a declared joint use with them covers (Art. 27(5)).
pub fn to_third_party(cx: &Context, flow: &Flow) -> bool {
    if flow.kind != EdgeKind::Provide || flow.succession() {
        return false;
    }
    match cx.graph.role(flow.to) {
        None | Some(Role::Processor) => false,
        Some(Role::JointUsers) => !within_joint_use(cx, flow),
        Some(_) => true,
    }
}

/// APPI Arts. 41 and 42 (the 2020 amendment) apply from 2022-04-01.
pub const PSEUDONYMOUS_IN_FORCE: jurisdiction::Day = (2022, 4, 1);

/// The items of a flow declared `: pseudonymous` (none before Arts. 41–42
/// applied: the flag then changes nothing).
pub fn pseudonymous<'m>(cx: &Context<'m>, flow: &'m Flow) -> Vec<&'m str> {
    if cx.model.day() < PSEUDONYMOUS_IN_FORCE {
        return Vec::new();
    }
    flow.item_ids_and_names(cx.model)
        .filter(|&(id, _)| cx.model.data[id].pseudonymous.is_some())
        .map(|(_, name)| name)
        .collect()
}

/// Whether every item and purpose of a `provide` to joint users lies within
/// a joint use declared with those users (APPI Art. 27(5)(iii): only the
/// notified items, users and purposes are not provision to a third party).
pub fn within_joint_use(cx: &Context, flow: &Flow) -> bool {
    let model = cx.model;
    let users = cx.graph.node(flow.to).map(|n| n.name.as_str());
    model.joint_uses.iter().any(|joint| {
        joint.users.as_ref().map(|u| u.name.as_str()) == users
            && flow.item_names(model).all(|item| {
                joint.items.iter().any(|i| i.name == item)
                    && !joint.except.iter().any(|e| e.name == item)
            })
            && flow
                .purpose_names(model)
                .all(|purpose| joint.purposes.iter().any(|p| p.name == purpose))
    })
}

/// Whether a recipient's flow is a processor passing data to someone who
/// is not a processor.
pub fn processor_discloses(cx: &Context, flow: &Flow) -> bool {
    flow.onward()
        && matches!(flow.kind, EdgeKind::Provide | EdgeKind::Outsource)
        && cx.graph.role(flow.to) != Some(Role::Processor)
        && flow
            .from()
            .any(|s| cx.graph.role(s) == Some(Role::Processor))
}

/// The recipient's country code, when it lies outside the legal area
/// `regime` protects on the day checked (Japan for the APPI, the EEA for
/// the GDPR). Only transfers go abroad; a recipient with no known country
/// is never guessed to be abroad.
pub fn abroad(cx: &Context, flow: &Flow, regime: Regime) -> Option<&'static str> {
    if !flow.kind.is_transfer() {
        return None;
    }
    let code = cx.graph.node(flow.to)?.country_code?;
    jurisdiction::outside(regime, code, cx.model.day()).then_some(code)
}

/// Whether APPI Art. 28(1) reaches the flow: a recipient abroad, in a
/// country the Commission has not designated.
pub fn appi_foreign(cx: &Context, flow: &Flow) -> bool {
    abroad(cx, flow, Regime::Appi)
        .is_some_and(|code| jurisdiction::appi_designation(code, cx.model.day()).is_none())
}

/// Whether GDPR Chapter V reaches the flow: a recipient outside the EEA
/// that no adequacy decision covers (the U.S. decision covers only
/// recipients `certified` under the Data Privacy Framework).
pub fn gdpr_transfer(cx: &Context, flow: &Flow) -> bool {
    abroad(cx, flow, Regime::Gdpr).is_some_and(|code| {
        let certifications: Vec<&str> = cx
            .graph
            .node(flow.to)
            .and_then(|n| cx.model.party(&n.name))
            .map(|p| p.certifications.iter().map(|c| c.value.as_str()).collect())
            .unwrap_or_default();
        jurisdiction::gdpr_adequacy(code, cx.model.day(), &certifications).is_none()
    })
}

/// APPI Art. 28(2) (from 2022-04-01): consent to a provision abroad counts
/// only after the person was given the country, its system for protecting
/// personal information and the recipient's measures: `informed` on the
/// flow.
pub const INFORMED_CONSENT_ABROAD: jurisdiction::Day = (2022, 4, 1);

/// Whether consent grounds a provision abroad under the APPI.
pub fn appi_consent_abroad(cx: &Context, flow: &Flow) -> bool {
    cx.graph.consent(flow).given()
        && (cx.model.day() < INFORMED_CONSENT_ABROAD || informed(cx, flow))
}

/// Whether consent grounds a transfer under the GDPR (Art. 49(1)(a)):
/// explicit consent to the transfer itself, after being told its risks.
pub fn gdpr_consent_abroad(cx: &Context, flow: &Flow) -> bool {
    flow.own_consent() == Consent::Explicit && informed(cx, flow)
}

/// Whether the flow says what the person was told (`informed "..."`).
pub fn informed(cx: &Context, flow: &Flow) -> bool {
    flow.statement(cx.model)
        .is_some_and(|d| d.informed().is_some())
}

/// Whether the flow handles some item it holds for a purpose it does not
/// hold it for (purpose limitation; onward transfers included).
pub fn uses_beyond_purpose(cx: &Context, flow: &Flow) -> bool {
    let checked = matches!(
        flow.kind,
        EdgeKind::Use | EdgeKind::Provide | EdgeKind::Outsource | EdgeKind::JointUse
    );
    if !checked || flow.has_acquisition() {
        return false;
    }
    let holdings = &cx.graph.holdings;
    flow.from().any(|holder| {
        flow.purpose_ids().any(|purpose| {
            flow.item_ids().any(|item| {
                holdings.holds(holder, item) && holdings.allowing(holder, item, purpose).is_none()
            })
        })
    })
}

/// What the flow needs that neither consent, the person's request, a
/// succession nor a safeguard it states gives it, under the regimes the
/// policy is under. Exceptions are not consulted: this is what they must
/// cover.
pub fn unmet(cx: &Context, flow: &Flow) -> Vec<Need> {
    let model = cx.model;
    let appi = model.under(Regime::Appi);
    let gdpr = model.under(Regime::Gdpr);
    let special = flow.has_special_care(model);
    let consent = cx.graph.consent(flow);
    let requested = flow.on_request();
    let own_consent = flow.consent();
    let mut needs = Vec::new();
    let mut need = |regime: Regime, permit: Permit, special_care: bool| {
        let n = Need::new(regime, permit, special_care);
        if !needs.contains(&n) {
            needs.push(n);
        }
    };

    let beyond = !own_consent && !requested && uses_beyond_purpose(cx, flow);
    // Pseudonymously processed information goes to a third party only as a
    // law provides (Arts. 41(6), 42(1)): consent, a request or an opt-out do
    // not allow it, and Arts. 27(1) and 28(1) give way for those items.
    let pseudonymous = if appi && to_third_party(cx, flow) {
        pseudonymous(cx, flow).len()
    } else {
        0
    };
    let ordinary = pseudonymous == 0 || pseudonymous < flow.item_ids().len();
    if pseudonymous > 0 {
        need(Regime::Appi, Permit::PseudonymousProvision, special);
    }
    if appi {
        if acquires_special_care(cx, flow) && !own_consent && !requested {
            need(Regime::Appi, Permit::AcquireSpecialCare, true);
        }
        // An opt-out provision is a ground of its own (Art. 27(2)); whether
        // it may be used, and is complete, is `opt-out-barred`'s and
        // `opt-out-incomplete`'s.
        if ordinary && to_third_party(cx, flow) && !consent.given() && !requested && !flow.opt_out()
        {
            need(Regime::Appi, Permit::ThirdPartyProvision, special);
        }
        if processor_discloses(cx, flow) {
            need(Regime::Appi, Permit::ThirdPartyProvision, special);
        }
        if beyond {
            need(Regime::Appi, Permit::UseBeyondPurpose, special);
        }
        if ordinary
            && appi_foreign(cx, flow)
            && !appi_consent_abroad(cx, flow)
            && flow.safeguards(model).is_empty()
        {
            need(Regime::Appi, Permit::ForeignProvision, special);
        }
    }
    if gdpr {
        if special && !consent.explicit() {
            need(Regime::Gdpr, Permit::SpecialCategory, true);
        }
        if processor_discloses(cx, flow) {
            need(Regime::Gdpr, Permit::ThirdPartyProvision, special);
        }
        if beyond {
            need(Regime::Gdpr, Permit::UseBeyondPurpose, special);
        }
        if gdpr_transfer(cx, flow)
            && !gdpr_consent_abroad(cx, flow)
            && flow.safeguards(model).is_empty()
        {
            need(Regime::Gdpr, Permit::Transfer, special);
        }
    }
    needs
}

/// The exceptions a flow relies on that are declared (undefined names were
/// reported by the resolver), each once, in the order written.
pub fn relied_on<'m>(cx: &Context<'m>, flow: &Flow) -> Vec<&'m ExceptionDecl> {
    let mut out: Vec<&ExceptionDecl> = Vec::new();
    for name in flow.exceptions(cx.model) {
        if let Some(e) = cx.model.exception(&name.name)
            && !out.iter().any(|o| std::ptr::eq(*o, e))
        {
            out.push(e);
        }
    }
    out
}
