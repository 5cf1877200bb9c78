//! PLACEHOLDER: being written (issue 3). Reports nothing yet.

use super::{Context, Rule};
use crate::diagnostic::{Code, Diagnostic};

pub const RULE: Rule = Rule {
    code: Code::IndefiniteRetention,
    explanation: "",
    check,
};

fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
