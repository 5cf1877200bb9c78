//! Purpose limitation, propagated along the graph.
//!
//! A collection gives its collector the items for the purposes it names. A
//! transfer (`outsource`, `provide`, joint use) gives the recipient the items
//! for the purposes the transfer names, and records which purpose the sender
//! held each item for that allowed it ([`Source::From`]); when the sender held
//! the item for no such purpose the grant is [`Source::Ungrounded`] — that flow
//! is the one a rule reports, and its recipient is still taken to hold what it
//! was given, so one bad hop is reported once and not again at every later hop.
//!
//! A purpose `within` another is allowed wherever the wider one is: data held
//! for `insurance_agency` may be used for `claim_payment within
//! insurance_agency`.

use std::collections::{BTreeMap, HashSet};

use petgraph::graph::NodeIndex;

use super::{EdgeKind, FlowGraph, FlowId};
use crate::resolve::Model;

/// How a holder came to hold an item for a purpose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// It collected the item for that purpose.
    Collected,
    /// A sender that held the item for `purpose` (the same purpose, or one
    /// it is within) passed it on.
    From { node: NodeIndex, purpose: String },
    /// A sender passed it on without holding it for a purpose that allows it.
    Ungrounded,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// The flow that gave it.
    pub flow: FlowId,
    pub source: Source,
}

impl Grant {
    pub fn grounded(&self) -> bool {
        self.source != Source::Ungrounded
    }
}

/// Who holds which item for which purposes. Ordered maps throughout, so
/// every walk over it is deterministic.
#[derive(Clone, Debug, Default)]
pub struct Holdings {
    map: BTreeMap<(NodeIndex, String), BTreeMap<String, Grant>>,
}

/// The purpose and every purpose it is (transitively) `within`, narrowest first.
pub fn widening(model: &Model, purpose: &str) -> Vec<String> {
    let mut chain = vec![purpose.to_string()];
    let mut seen: HashSet<String> = chain.iter().cloned().collect();
    let mut current = purpose.to_string();
    while let Some(wider) = model.purpose(&current).and_then(|p| p.within.as_ref()) {
        if !seen.insert(wider.name.clone()) {
            break; // a `within` cycle: stop rather than loop
        }
        chain.push(wider.name.clone());
        current = wider.name.clone();
    }
    chain
}

impl Holdings {
    /// The purposes `holder` holds `item` for, with how it got each.
    pub fn grants(&self, holder: NodeIndex, item: &str) -> Option<&BTreeMap<String, Grant>> {
        self.map.get(&(holder, item.to_string()))
    }

    /// Whether the item reached the holder at all.
    pub fn holds(&self, holder: NodeIndex, item: &str) -> bool {
        self.grants(holder, item).is_some_and(|g| !g.is_empty())
    }

    /// The purpose the holder holds the item for that allows using it for
    /// `purpose` (the purpose itself or one it is within), if any.
    pub fn allowing(
        &self,
        model: &Model,
        holder: NodeIndex,
        item: &str,
        purpose: &str,
    ) -> Option<String> {
        self.allowing_where(model, holder, item, purpose, |_| true)
    }

    fn allowing_where(
        &self,
        model: &Model,
        holder: NodeIndex,
        item: &str,
        purpose: &str,
        accept: impl Fn(&Grant) -> bool,
    ) -> Option<String> {
        let grants = self.grants(holder, item)?;
        widening(model, purpose)
            .into_iter()
            .find(|p| grants.get(p).is_some_and(&accept))
    }

    /// Every node that holds something, in node order.
    pub fn holders(&self) -> Vec<NodeIndex> {
        let mut holders: Vec<NodeIndex> = self.map.keys().map(|(n, _)| *n).collect();
        holders.dedup();
        holders
    }

    /// The items a holder holds, by name, with their grants.
    pub fn items_of(
        &self,
        holder: NodeIndex,
    ) -> impl Iterator<Item = (&str, &BTreeMap<String, Grant>)> {
        self.map
            .range((holder, String::new())..)
            .take_while(move |((n, _), _)| *n == holder)
            .map(|((_, item), grants)| (item.as_str(), grants))
    }

    /// The flows that brought `item` to `holder`, from its collection to the
    /// last hop. With `purpose`, follows the grant for that purpose when there
    /// is one; otherwise the best: grounded first, then the earliest flow.
    pub fn path(&self, holder: NodeIndex, item: &str, purpose: Option<&str>) -> Vec<FlowId> {
        let mut path = Vec::new();
        let mut seen = HashSet::new();
        let mut at = (holder, purpose.map(str::to_string));
        while let Some(grants) = self.grants(at.0, item) {
            let chosen =
                at.1.as_ref()
                    .and_then(|p| grants.get(p).map(|g| (p.clone(), g)))
                    .or_else(|| {
                        grants
                            .iter()
                            .min_by_key(|(p, g)| (!g.grounded(), g.flow, p.as_str()))
                            .map(|(p, g)| (p.clone(), g))
                    });
            let Some((held, grant)) = chosen else { break };
            if !seen.insert((at.0, held.clone())) || path.len() > 64 {
                break;
            }
            if !path.contains(&grant.flow) {
                path.push(grant.flow);
            }
            match &grant.source {
                Source::From { node, purpose } => at = (*node, Some(purpose.clone())),
                Source::Collected | Source::Ungrounded => break,
            }
        }
        path.reverse();
        path
    }
}

/// Computes the holdings of every holder.
pub fn compute(model: &Model, graph: &FlowGraph) -> Holdings {
    let mut h = Holdings::default();
    for flow in graph.flows.iter().filter(|f| f.kind == EdgeKind::Collect) {
        for item in &flow.items {
            let grants = h.map.entry((flow.to, item.name.clone())).or_default();
            for purpose in &flow.purposes {
                grants.entry(purpose.name.clone()).or_insert(Grant {
                    flow: flow.id,
                    source: Source::Collected,
                });
            }
        }
    }
    // Each round either adds a grant or grounds an ungrounded one, and
    // neither is ever undone, so this ends; the cap is a second guard.
    for _ in 0..10_000 {
        let mut changed = false;
        for flow in graph.flows.iter().filter(|f| f.kind.is_transfer()) {
            for item in &flow.items {
                for purpose in &flow.purposes {
                    // Only a grounded holding justifies passing on, so that a
                    // cycle of transfers cannot ground itself.
                    let justified = flow.from.iter().find_map(|&sender| {
                        h.allowing_where(model, sender, &item.name, &purpose.name, Grant::grounded)
                            .map(|held| (sender, held))
                    });
                    let grants = h.map.entry((flow.to, item.name.clone())).or_default();
                    let source = match justified {
                        Some((node, purpose)) => Source::From { node, purpose },
                        None => Source::Ungrounded,
                    };
                    match grants.get(&purpose.name) {
                        None => {
                            grants.insert(
                                purpose.name.clone(),
                                Grant {
                                    flow: flow.id,
                                    source,
                                },
                            );
                            changed = true;
                        }
                        Some(g) if !g.grounded() && source != Source::Ungrounded => {
                            grants.insert(
                                purpose.name.clone(),
                                Grant {
                                    flow: flow.id,
                                    source,
                                },
                            );
                            changed = true;
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    h.map.retain(|_, grants| !grants.is_empty());
    h
}
