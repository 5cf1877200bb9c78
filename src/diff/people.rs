//! Whose data a change concerns: the data subjects each item is collected
//! from or about, as `forbidden-processing` reads them.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::ast::FlowKind;
use crate::graph::Flow;
use crate::resolve::{DataId, Model, PurposeId};

/// The subjects of each item and of each purpose of one version.
pub struct People<'m> {
    model: &'m Model,
    by_item: FxHashMap<DataId, BTreeSet<&'m str>>,
    /// The items handled for each purpose.
    by_purpose: FxHashMap<PurposeId, FxHashSet<DataId>>,
}

impl<'m> People<'m> {
    pub fn new(model: &'m Model, flows: &[Flow]) -> People<'m> {
        let mut by_item: FxHashMap<DataId, BTreeSet<&'m str>> = FxHashMap::default();
        for decl in model.flows.iter().filter(|f| f.kind == FlowKind::Collect) {
            let subjects: Vec<&str> = decl
                .from()
                .iter()
                .chain(decl.about())
                .filter(|n| model.subject(&n.name).is_some())
                .map(|n| n.name.as_str())
                .collect();
            if subjects.is_empty() {
                continue;
            }
            for item in decl.items().iter().filter_map(|i| model.data_id(&i.name)) {
                by_item.entry(item).or_default().extend(&subjects);
            }
        }
        let mut by_purpose: FxHashMap<PurposeId, FxHashSet<DataId>> = FxHashMap::default();
        for flow in flows {
            for purpose in flow.purpose_ids() {
                by_purpose
                    .entry(purpose)
                    .or_default()
                    .extend(flow.item_ids());
            }
        }
        People {
            model,
            by_item,
            by_purpose,
        }
    }

    /// The subjects of these items, sorted.
    pub fn of_items(&self, items: impl IntoIterator<Item = DataId>) -> Vec<String> {
        let mut set: BTreeSet<&str> = BTreeSet::new();
        for item in items {
            if let Some(subjects) = self.by_item.get(&item) {
                set.extend(subjects);
            }
        }
        set.into_iter().map(str::to_string).collect()
    }

    /// The subjects of the items of a flow: for a collection, those it
    /// names; for other flows, those the items were collected from.
    pub fn of_flow(&self, flow: &Flow, items: impl IntoIterator<Item = DataId>) -> Vec<String> {
        if let Some(decl) = flow.statement(self.model)
            && decl.kind == FlowKind::Collect
        {
            let own: BTreeSet<&str> = decl
                .from()
                .iter()
                .chain(decl.about())
                .filter(|n| self.model.subject(&n.name).is_some())
                .map(|n| n.name.as_str())
                .collect();
            return own.into_iter().map(str::to_string).collect();
        }
        self.of_items(items)
    }

    /// The subjects of the data handled for a purpose, sorted.
    pub fn of_purpose(&self, purpose: &str) -> Vec<String> {
        let items = self
            .model
            .purpose_id(purpose)
            .and_then(|id| self.by_purpose.get(&id));
        self.of_items(items.into_iter().flatten().copied())
    }

    /// Every subject the policy declares (a change to what is published
    /// concerns everyone), in name order.
    pub fn everyone(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self
            .model
            .subjects
            .iter()
            .map(|s| s.name.name.as_str())
            .collect();
        set.into_iter().map(str::to_string).collect()
    }
}
