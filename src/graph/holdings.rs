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
//!
//! Items and purposes are keyed by their ids in the model ([`DataId`],
//! [`PurposeId`]), not by name: a large policy set has hundreds of thousands
//! of holdings, and the rules look each one up several times.

use petgraph::graph::NodeIndex;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{EdgeKind, Flow, FlowGraph, FlowId};
use crate::resolve::{DataId, Model, PurposeId, Within};

/// How a holder came to hold an item for a purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// It collected the item for that purpose.
    Collected,
    /// A sender that held the item for `purpose` (the same purpose, or one
    /// it is within) passed it on.
    From { node: NodeIndex, purpose: PurposeId },
    /// A sender passed it on without holding it for a purpose that allows it.
    Ungrounded,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// The purposes one holder holds one item for, each with the grant that gave
/// it. Kept in purpose-name order (as a map keyed by name would be), so
/// that walks over it, and ties between grants, come out as they always did.
#[derive(Clone, Copy, Debug)]
pub struct Grants<'h> {
    /// Sorted by the purposes' rank by name.
    entries: &'h [Entry],
}

/// One purpose's grant as stored: ids as `u32` and the source in two of
/// them, so that an entry is 16 bytes (40 with `usize` ids and an enum).
#[derive(Clone, Copy, Debug)]
struct Entry {
    purpose: u32,
    flow: u32,
    /// The sender's node for [`Source::From`]; [`NOT_FROM`] otherwise.
    sender: u32,
    /// The sender's purpose for [`Source::From`]; otherwise [`COLLECTED`]
    /// or [`UNGROUNDED`].
    held: u32,
}

const _: () = assert!(std::mem::size_of::<Entry>() == 16);

/// `Entry::sender` of a grant that did not come from a sender: no node has
/// this index (it is petgraph's `NodeIndex::end()`).
const NOT_FROM: u32 = u32::MAX;
/// `Entry::flow` of a holding of several purposes, whose `purpose` is then
/// the index of its list in `Holdings::lists` (no flow has this id).
const LIST: u32 = u32::MAX;
const COLLECTED: u32 = 0;
const UNGROUNDED: u32 = 1;

/// An id as stored in holdings (ids are indices into vectors in memory, so
/// far below `u32::MAX`).
fn narrow(id: usize) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

impl Entry {
    /// The slot of a holding whose entries are `Holdings::lists[index]`.
    fn list(index: u32) -> Entry {
        Entry {
            purpose: index,
            flow: LIST,
            sender: NOT_FROM,
            held: COLLECTED,
        }
    }

    fn new(purpose: PurposeId, grant: Grant) -> Entry {
        let (sender, held) = match grant.source {
            Source::Collected => (NOT_FROM, COLLECTED),
            Source::From { node, purpose } => (narrow(node.index()), narrow(purpose)),
            Source::Ungrounded => (NOT_FROM, UNGROUNDED),
        };
        Entry {
            purpose: narrow(purpose),
            flow: narrow(grant.flow),
            sender,
            held,
        }
    }

    fn purpose(&self) -> PurposeId {
        self.purpose as PurposeId
    }

    fn grant(&self) -> Grant {
        Grant {
            flow: self.flow as FlowId,
            source: match (self.sender, self.held) {
                (NOT_FROM, COLLECTED) => Source::Collected,
                (NOT_FROM, _) => Source::Ungrounded,
                (node, purpose) => Source::From {
                    node: NodeIndex::new(node as usize),
                    purpose: purpose as PurposeId,
                },
            },
        }
    }
}

/// Where `entries` holds `purpose`'s entry, or would.
fn find(entries: &[Entry], purpose: PurposeId, rank: &PurposeRank) -> Result<usize, usize> {
    let key = rank.of(purpose);
    entries.binary_search_by_key(&key, |e| rank.of(e.purpose()))
}

impl<'h> Grants<'h> {
    fn get(&self, purpose: PurposeId, rank: &PurposeRank) -> Option<Grant> {
        let i = find(self.entries, purpose, rank).ok()?;
        self.entries.get(i).map(Entry::grant)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    /// (purpose, grant), in purpose-name order.
    pub fn iter(self) -> impl Iterator<Item = (PurposeId, Grant)> + 'h {
        self.entries.iter().map(|e| (e.purpose(), e.grant()))
    }

    pub fn purposes(self) -> impl Iterator<Item = PurposeId> + 'h {
        self.entries.iter().map(Entry::purpose)
    }

    pub fn values(self) -> impl Iterator<Item = Grant> + 'h {
        self.entries.iter().map(Entry::grant)
    }
}

/// Each purpose's position among all purposes sorted by name.
#[derive(Clone, Debug, Default)]
struct PurposeRank(Vec<u32>);

impl PurposeRank {
    fn new(model: &Model) -> Self {
        let mut by_name: Vec<PurposeId> = (0..model.purposes.len()).collect();
        by_name.sort_by(|&a, &b| model.purpose_name(a).cmp(model.purpose_name(b)));
        let mut rank = vec![0; by_name.len()];
        for (position, purpose) in by_name.into_iter().enumerate() {
            rank[purpose] = position as u32;
        }
        PurposeRank(rank)
    }

    fn of(&self, purpose: PurposeId) -> u32 {
        self.0.get(purpose).copied().unwrap_or(u32::MAX)
    }
}

/// Who holds which item for which purposes.
#[derive(Clone, Debug, Default)]
pub struct Holdings {
    /// Keyed by (holder, item id as `u32`): the one entry of a holding of
    /// one purpose in place (most are), or a [`LIST`] entry pointing into
    /// `lists` — 24 bytes a holding with its key, no heap block of its own
    /// (issue 17).
    map: FxHashMap<(NodeIndex, u32), Entry>,
    /// The entries of holdings of two purposes or more, each sorted by rank
    /// (vectors: a holding given many purposes one by one grows in place).
    lists: Vec<Vec<Entry>>,
    /// Every (holder, item) that holds something, sorted: for walks in a
    /// deterministic order.
    keys: Vec<(NodeIndex, u32)>,
    /// Every holder, in node order.
    holders: Vec<NodeIndex>,
    rank: PurposeRank,
    /// The model's `within` relation.
    within: Within,
}

/// The purpose and every purpose it is (transitively) `within`, narrowest
/// first ([`crate::resolve::Within::chain`], by name).
pub fn widening(model: &Model, purpose: &str) -> Vec<String> {
    let Some(id) = model.purpose_id(purpose) else {
        return vec![purpose.to_string()];
    };
    model
        .within
        .chain(id)
        .map(|p| model.purpose_name(p).to_string())
        .collect()
}

impl Holdings {
    /// The purposes `holder` holds `item` for, with how it got each.
    pub fn grants(&self, holder: NodeIndex, item: DataId) -> Option<Grants<'_>> {
        let slot = self.map.get(&(holder, narrow(item)))?;
        Some(self.grants_of(slot))
    }

    fn grants_of<'h>(&'h self, slot: &'h Entry) -> Grants<'h> {
        let entries = if slot.flow == LIST {
            self.lists
                .get(slot.purpose as usize)
                .map_or(&[][..], |l| &l[..])
        } else {
            std::slice::from_ref(slot)
        };
        Grants { entries }
    }

    /// Gives the holder the item for `purpose` through `grant`, replacing
    /// the grant it had for that purpose.
    fn insert(&mut self, key: (NodeIndex, u32), purpose: PurposeId, grant: Grant) {
        let entry = Entry::new(purpose, grant);
        let rank = &self.rank;
        let slot = match self.map.entry(key) {
            std::collections::hash_map::Entry::Vacant(vacant) => {
                vacant.insert(entry);
                return;
            }
            std::collections::hash_map::Entry::Occupied(occupied) => occupied.into_mut(),
        };
        if slot.flow != LIST {
            if slot.purpose == entry.purpose {
                *slot = entry;
                return;
            }
            let mut two = vec![*slot, entry];
            two.sort_by_key(|e| rank.of(e.purpose()));
            let index = narrow(self.lists.len());
            self.lists.push(two);
            *slot = Entry::list(index);
            return;
        }
        let Some(list) = self.lists.get_mut(slot.purpose as usize) else {
            return;
        };
        match find(list, purpose, rank) {
            Ok(i) => list[i] = entry,
            Err(i) => list.insert(i, entry),
        }
    }

    /// The grant for one purpose, if the holder holds the item for it.
    pub fn grant(&self, holder: NodeIndex, item: DataId, purpose: PurposeId) -> Option<Grant> {
        self.grants(holder, item)?.get(purpose, &self.rank)
    }

    /// Whether the item reached the holder at all.
    pub fn holds(&self, holder: NodeIndex, item: DataId) -> bool {
        self.grants(holder, item).is_some_and(|g| !g.is_empty())
    }

    /// The purpose the holder holds the item for that allows using it for
    /// `purpose` (the purpose itself or one it is within), if any.
    pub fn allowing(
        &self,
        holder: NodeIndex,
        item: DataId,
        purpose: PurposeId,
    ) -> Option<PurposeId> {
        self.allowing_where(holder, item, purpose, |_| true)
    }

    /// [`Holdings::allowing`], counting only grants that trace back to a
    /// collection.
    pub fn allowing_grounded(
        &self,
        holder: NodeIndex,
        item: DataId,
        purpose: PurposeId,
    ) -> Option<PurposeId> {
        self.allowing_where(holder, item, purpose, Grant::grounded)
    }

    fn allowing_where(
        &self,
        holder: NodeIndex,
        item: DataId,
        purpose: PurposeId,
        accept: impl Fn(&Grant) -> bool,
    ) -> Option<PurposeId> {
        let grants = self.grants(holder, item)?;
        // The narrowest held purpose that `purpose` is within: up the chain
        // when it is shorter than the list of grants, else through the
        // grants (purposes of one chain have different depths).
        if self.within.depth(purpose) < grants.len() {
            self.within
                .chain(purpose)
                .find(|&p| grants.get(p, &self.rank).is_some_and(|g| accept(&g)))
        } else {
            grants
                .iter()
                .filter(|(p, g)| accept(g) && self.within.is_within(purpose, *p))
                .max_by_key(|(p, _)| self.within.depth(*p))
                .map(|(p, _)| p)
        }
    }

    /// Every node that holds something, in node order.
    pub fn holders(&self) -> &[NodeIndex] {
        &self.holders
    }

    /// Whether the node holds anything.
    pub fn is_holder(&self, node: NodeIndex) -> bool {
        self.holders.binary_search(&node).is_ok()
    }

    /// The items a holder holds, in id order, with their grants.
    pub fn items_of(&self, holder: NodeIndex) -> impl Iterator<Item = (DataId, Grants<'_>)> {
        let start = self.keys.partition_point(|&(n, _)| n < holder);
        self.keys[start..]
            .iter()
            .take_while(move |(n, _)| *n == holder)
            .filter_map(|&key| Some((key.1 as DataId, self.grants_of(self.map.get(&key)?))))
    }

    /// The flows that brought `item` to `holder`, from its collection to the
    /// last hop. With `purpose`, follows the grant for that purpose when there
    /// is one; otherwise the best: grounded first, then the earliest flow
    /// (then the purpose first by name).
    pub fn path(&self, holder: NodeIndex, item: DataId, purpose: Option<PurposeId>) -> Vec<FlowId> {
        let mut path = Vec::new();
        let mut seen = FxHashSet::default();
        let mut at = (holder, purpose);
        while let Some(grants) = self.grants(at.0, item) {
            let chosen =
                at.1.and_then(|p| grants.get(p, &self.rank).map(|g| (p, g)))
                    .or_else(|| {
                        // Grants iterate in name order: the first of equal
                        // keys is the one first by name.
                        grants.iter().min_by_key(|(_, g)| (!g.grounded(), g.flow))
                    });
            let Some((held, grant)) = chosen else { break };
            if !seen.insert((at.0, held)) || path.len() > 64 {
                break;
            }
            if !path.contains(&grant.flow) {
                path.push(grant.flow);
            }
            match grant.source {
                Source::From { node, purpose } => at = (node, Some(purpose)),
                Source::Collected | Source::Ungrounded => break,
            }
        }
        path.reverse();
        path
    }
}

impl Holdings {
    /// One step of propagation: `flow` passes `item` on for `purpose`.
    /// Returns whether a grant was added or grounded; pushes the step onto
    /// `unsettled` when the recipient's grant is left ungrounded.
    fn transfer<'g>(
        &mut self,
        flow: &'g Flow,
        item: DataId,
        purpose: PurposeId,
        unsettled: &mut Vec<(&'g Flow, DataId, PurposeId)>,
    ) -> bool {
        // A grounded grant is final: nothing below could change it.
        if self
            .grant(flow.to, item, purpose)
            .is_some_and(|g| g.grounded())
        {
            return false;
        }
        // Only a grounded holding justifies passing on, so that a cycle of
        // transfers cannot ground itself.
        let justified = flow.from().find_map(|sender| {
            self.allowing_where(sender, item, purpose, Grant::grounded)
                .map(|held| (sender, held))
        });
        let source = match justified {
            Some((node, purpose)) => Source::From { node, purpose },
            None => Source::Ungrounded,
        };
        let replace = match self.grant(flow.to, item, purpose) {
            None => true,
            Some(g) => !g.grounded() && source != Source::Ungrounded,
        };
        if replace {
            let grant = Grant {
                flow: flow.id(),
                source,
            };
            self.insert((flow.to, narrow(item)), purpose, grant);
        }
        if !(replace && source != Source::Ungrounded) {
            unsettled.push((flow, item, purpose));
        }
        replace
    }
}

/// Computes the holdings of every holder.
pub fn compute(model: &Model, graph: &FlowGraph) -> Holdings {
    let mut h = Holdings {
        rank: PurposeRank::new(model),
        within: model.within.clone(),
        ..Holdings::default()
    };
    for flow in graph.flows.iter().filter(|f| f.kind == EdgeKind::Collect) {
        for item in flow.item_ids() {
            for purpose in flow.purpose_ids() {
                if h.grant(flow.to, item, purpose).is_none() {
                    let grant = Grant {
                        flow: flow.id(),
                        source: Source::Collected,
                    };
                    h.insert((flow.to, narrow(item)), purpose, grant);
                }
            }
        }
    }
    // A round visits every (transfer, item, purpose) in declaration order.
    // Each round either adds a grant or grounds an ungrounded one, and
    // neither is ever undone, so this ends; the cap is a second guard. A
    // grounded grant is final, so a round after the first needs to visit
    // only what the round before left ungrounded: the rest it would skip.
    let mut unsettled: Vec<(&Flow, DataId, PurposeId)> = Vec::new();
    let mut changed = false;
    for flow in graph.flows.iter().filter(|f| f.kind.is_transfer()) {
        for item in flow.item_ids() {
            for purpose in flow.purpose_ids() {
                changed |= h.transfer(flow, item, purpose, &mut unsettled);
            }
        }
    }
    for _ in 1..10_000 {
        if !changed {
            break;
        }
        changed = false;
        let visits = std::mem::take(&mut unsettled);
        for (flow, item, purpose) in visits {
            changed |= h.transfer(flow, item, purpose, &mut unsettled);
        }
    }
    // Every key was made by an insertion: no holding is empty.
    h.keys = h.map.keys().copied().collect();
    h.keys.sort_unstable();
    h.holders = h.keys.iter().map(|(n, _)| *n).collect();
    h.holders.dedup();
    h
}
