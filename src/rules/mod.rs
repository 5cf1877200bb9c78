//! The compliance rules. One file per rule: its explanation (what `lawful
//! explain` prints) and its check. Rules read the resolved [`Model`] and the
//! data-flow [`FlowGraph`]; they never see syntax.

use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::findings::Findings;
use crate::graph::{EdgeKind, Flow, FlowGraph};
use crate::resolve::Model;

mod amendment_not_addressed;
mod breach_response_incomplete;
mod cross_border_without_basis;
mod exception_condition_missing;
mod exception_does_not_apply;
mod forbidden_processing;
mod indefinite_retention;
mod joint_use_incomplete_notice;
mod missing_lawful_basis;
mod missing_notice_item;
mod missing_retention;
pub mod needs;
mod non_statutory_exception;
mod onward_transfer;
mod opt_out_barred;
mod opt_out_incomplete;
mod processor_without_safeguards;
mod provision_record_missing;
mod pseudonymous_provision;
mod purpose_not_declared;
mod role_mismatch;
mod special_care_without_consent;
mod third_party_without_consent;
mod unknown_citation;
mod vague_purpose;

/// What a rule sees.
pub struct Context<'a> {
    pub model: &'a Model,
    pub graph: &'a FlowGraph,
}

/// A compliance rule: its code, its explanation, and its check.
pub struct Rule {
    pub code: Code,
    /// Markdown with the sections "What it checks", "Why it matters",
    /// "Example" (a failing policy in a ```policy block) and "Fix" (the
    /// same policy, passing, in a ```policy block).
    pub explanation: &'static str,
    pub check: fn(&Context, &mut dyn Sink),
}

/// Every compliance rule, in code order.
pub const RULES: &[Rule] = &[
    unknown_citation::RULE,
    missing_lawful_basis::RULE,
    purpose_not_declared::RULE,
    vague_purpose::RULE,
    missing_retention::RULE,
    indefinite_retention::RULE,
    special_care_without_consent::RULE,
    third_party_without_consent::RULE,
    non_statutory_exception::RULE,
    joint_use_incomplete_notice::RULE,
    processor_without_safeguards::RULE,
    onward_transfer::RULE,
    cross_border_without_basis::RULE,
    exception_does_not_apply::RULE,
    exception_condition_missing::RULE,
    role_mismatch::RULE,
    opt_out_barred::RULE,
    opt_out_incomplete::RULE,
    provision_record_missing::RULE,
    pseudonymous_provision::RULE,
    missing_notice_item::RULE,
    amendment_not_addressed::RULE,
    breach_response_incomplete::RULE,
    forbidden_processing::RULE,
];

/// Runs every rule over a resolved policy set.
pub fn check(model: &Model, graph: &FlowGraph) -> Vec<Diagnostic> {
    let config = crate::config::Config::default();
    let suppressions = crate::suppress::Suppressions::default();
    let mut found = Findings::new(&config, &suppressions);
    check_into(model, graph, &mut found);
    found.finish().0
}

/// Runs every rule, putting the findings into `findings` rule by rule in
/// [`RULES`] order, whatever the threads.
pub fn check_into<'a>(model: &Model, graph: &FlowGraph, findings: &mut Findings<'a>) {
    let cx = Context { model, graph };
    let threads = crate::syntax::parse_threads();
    if threads < 2 || graph.flows.len() < MIN_PARALLEL_FLOWS {
        for rule in RULES {
            (rule.check)(&cx, findings);
        }
        return;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let template = &*findings;
    let found: Vec<Vec<(usize, Findings<'a>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(RULES.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(rule) = RULES.get(i) else { break };
                        let mut out = template.child();
                        (rule.check)(&cx, &mut out);
                        mine.push((i, out));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut by_rule: Vec<Option<Findings<'a>>> = RULES.iter().map(|_| None).collect();
    for (i, out) in found.into_iter().flatten() {
        by_rule[i] = Some(out);
    }
    for out in by_rule.into_iter().flatten() {
        findings.absorb(out);
    }
}

const MIN_PARALLEL_FLOWS: usize = 2_000;

/// Labels the hops that brought a flow's items to the holder it starts
/// from — collection first, then each transfer in order — so that a finding
/// about a chain shows the whole chain. A collection has no such path.
pub(crate) fn with_path(cx: &Context, mut d: Diagnostic, flow: &Flow) -> Diagnostic {
    if flow.kind == EdgeKind::Collect {
        return d;
    }
    let items: Vec<(crate::resolve::DataId, &str)> = flow.item_ids_and_names(cx.model).collect();
    let Some(holder) = flow
        .from()
        .find(|&h| items.iter().any(|&(id, _)| cx.graph.holdings.holds(h, id)))
    else {
        return d;
    };
    let mut path = cx.graph.path_labels(cx.model, holder, &items, &[flow.id()]);
    // A long chain is shown by its first hops; the rest adds nothing new.
    path.truncate(MAX_PATH_LABELS);
    for (span, label) in path {
        d = d.with_label(span, label);
    }
    d
}

/// The most hops a finding labels.
pub(crate) const MAX_PATH_LABELS: usize = 8;

/// Every retention the policy states: top-level defaults, purposes, flows
/// and joint uses, in that order.
pub(crate) fn retentions(
    model: &Model,
) -> impl Iterator<Item = std::borrow::Cow<'_, crate::ast::Retention>> {
    use std::borrow::Cow;
    model
        .retention_defaults
        .iter()
        .map(|r| Cow::Borrowed(&r.retention))
        .chain(
            model
                .purposes
                .iter()
                .filter_map(|p| p.retention.as_deref().map(Cow::Borrowed)),
        )
        .chain(model.flows.iter().filter_map(|f| f.retention()))
        .chain(
            model
                .joint_uses
                .iter()
                .filter_map(|j| j.retention.as_ref().map(Cow::Borrowed)),
        )
}
