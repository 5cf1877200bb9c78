//! The compliance rules. One file per rule: its explanation (what `lawful
//! explain` prints) and its check. Rules read the resolved [`Model`] and the
//! data-flow [`FlowGraph`]; they never see syntax.

use crate::diagnostic::{Code, Diagnostic};
use crate::graph::FlowGraph;
use crate::resolve::Model;

mod cross_border_without_basis;
mod forbidden_processing;
mod indefinite_retention;
mod joint_use_incomplete_notice;
mod missing_lawful_basis;
mod missing_notice_item;
mod missing_retention;
mod non_statutory_exception;
mod onward_transfer;
mod processor_without_safeguards;
mod purpose_not_declared;
mod special_care_without_consent;
mod third_party_without_consent;
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
    pub check: fn(&Context, &mut Vec<Diagnostic>),
}

/// Every compliance rule, in code order.
pub const RULES: &[Rule] = &[
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
    missing_notice_item::RULE,
    forbidden_processing::RULE,
];

/// Runs every rule over a resolved policy set.
pub fn check(model: &Model, graph: &FlowGraph) -> Vec<Diagnostic> {
    let cx = Context { model, graph };
    let mut diagnostics = Vec::new();
    for rule in RULES {
        (rule.check)(&cx, &mut diagnostics);
    }
    diagnostics
}
