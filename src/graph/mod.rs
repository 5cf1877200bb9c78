//! PLACEHOLDER: the data-flow graph (issue 3) is being written.

use crate::resolve::Model;

/// The data-flow graph of a policy set.
#[derive(Debug, Default)]
pub struct FlowGraph {}

/// Builds the data-flow graph of a resolved policy set.
pub fn build(_model: &Model) -> FlowGraph {
    FlowGraph {}
}
