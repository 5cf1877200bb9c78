//! Building the graph from the resolved model.

use petgraph::graph::NodeIndex;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Edge, EdgeKind, Flow, FlowGraph, Node, NodeKind, OriginKind, Said, holdings};
use crate::ast::{FlowKind, Ident, Retention, RetentionEvent, RetentionKind};
use crate::resolve::{DataId, Model, PurposeId, SymbolKind};

/// Builds the data-flow graph of a resolved policy set.
pub fn build(model: &Model) -> FlowGraph {
    let mut b = Builder {
        model,
        graph: FlowGraph::default(),
        names: FxHashMap::default(),
    };
    b.graph
        .flows
        .reserve_exact(model.flows.len() + 2 * model.joint_uses.len());
    b.nodes();
    for (index, flow) in model.flows.iter().enumerate() {
        b.statement(index, flow);
    }
    for (index, _) in model.joint_uses.iter().enumerate() {
        b.joint_use(index);
    }
    b.graph.holdings = holdings::compute(model, &b.graph);
    b.graph
}

struct Builder<'m> {
    model: &'m Model,
    graph: FlowGraph,
    names: FxHashMap<String, NodeIndex>,
}

/// Tells first occurrences from repeats: a scan of what was seen so far
/// for the few names a flow usually lists (no allocation), a set past that
/// (so that a statement listing thousands of names is not quadratic).
struct Seen<T> {
    set: FxHashSet<T>,
}

impl<T: Copy + Eq + std::hash::Hash> Seen<T> {
    const SCAN: usize = 16;

    fn new() -> Self {
        Seen {
            set: FxHashSet::default(),
        }
    }

    /// Whether `value` is not among `before`, every value seen so far (the
    /// caller's list: each call must see the previous calls' values in it).
    fn first(&mut self, before: &[T], value: T) -> bool {
        if before.len() < Self::SCAN {
            return !before.contains(&value);
        }
        if self.set.is_empty() {
            self.set.extend(before.iter().copied());
        }
        self.set.insert(value)
    }
}

impl Builder<'_> {
    fn add(&mut self, node: Node) -> NodeIndex {
        let name = node.name.clone();
        let index = self.graph.graph.add_node(node);
        self.names.insert(name, index);
        index
    }

    fn nodes(&mut self) {
        let model = self.model;
        let day = model.day();
        let code = |text: &Option<crate::ast::Text>| {
            text.as_ref()
                .and_then(|t| crate::law::jurisdiction::resolve(&t.value))
        };
        if let Some(c) = &model.controller {
            let index = self.add(Node {
                name: c.name.name.to_string(),
                kind: NodeKind::Controller,
                role: None,
                label: c.legal_name.value.to_string(),
                country: c.details.country.as_ref().map(|t| t.value.to_string()),
                country_code: code(&c.details.country),
                cross_border: false,
                span: Some(c.name.span),
            });
            self.graph.controller = Some(index);
        }
        for s in &model.subjects {
            self.declared(
                &s.name,
                NodeKind::Subject,
                None,
                &s.description.value,
                None,
                None,
            );
        }
        for s in &model.sources {
            self.declared(
                &s.name,
                NodeKind::Source,
                None,
                &s.description.value,
                None,
                None,
            );
        }
        // Abroad, for people reading the graph and the notice: in another
        // country than the controller's, when both are known; otherwise
        // outside the area a regime protects (Japan, the EEA). The rules
        // judge each regime on its own (`rules::needs::abroad`).
        let home = model
            .controller
            .as_ref()
            .and_then(|c| code(&c.details.country))
            .filter(|c| !matches!(*c, "XE" | "XN"));
        for p in &model.parties {
            let country = p.details.country.as_ref().map(|t| t.value.to_string());
            let country_code = code(&p.details.country);
            let cross = country_code.is_some_and(|c| match home {
                Some(home) if !matches!(c, "XE" | "XN") => home != c,
                _ => model
                    .regimes
                    .iter()
                    .any(|&r| crate::law::jurisdiction::outside(r, c, day)),
            });
            self.declared(
                &p.name,
                NodeKind::Party,
                Some(p.role),
                &p.legal_name.value,
                country.map(|c| (c, country_code)),
                Some(cross),
            );
        }
    }

    /// Adds a declared node unless its name is taken (duplicates were reported).
    fn declared(
        &mut self,
        name: &Ident,
        kind: NodeKind,
        role: Option<crate::ast::Role>,
        label: &str,
        country: Option<(String, Option<&'static str>)>,
        cross_border: Option<bool>,
    ) {
        if name.name.is_empty() || self.names.contains_key(name.name.as_str()) {
            return;
        }
        // Only the declaration the symbol table kept becomes a node.
        if self
            .model
            .lookup(&name.name)
            .is_some_and(|s| s.span != name.span)
        {
            return;
        }
        self.add(Node {
            name: name.name.to_string(),
            kind,
            role,
            label: label.to_string(),
            country_code: country.as_ref().and_then(|c| c.1),
            country: country.map(|c| c.0),
            cross_border: cross_border.unwrap_or(false),
            span: Some(name.span),
        });
    }

    /// The controller, created on first need when the policy declares none.
    fn controller(&mut self) -> NodeIndex {
        if let Some(index) = self.graph.controller {
            return index;
        }
        let index = self.add(Node {
            name: String::new(),
            kind: NodeKind::Controller,
            role: None,
            label: "the controller".to_string(),
            country: None,
            country_code: None,
            cross_border: false,
            span: None,
        });
        self.graph.controller = Some(index);
        index
    }

    fn method(&mut self, name: &Ident) -> Option<NodeIndex> {
        if let Some(&index) = self.names.get(name.name.as_str()) {
            return (self.graph.graph[index].kind == NodeKind::Method).then_some(index);
        }
        let symbol = self.model.lookup(&name.name)?;
        if symbol.kind != SymbolKind::Method {
            return None;
        }
        let method = self.model.methods.get(symbol.index)?;
        Some(self.add(Node {
            name: name.name.to_string(),
            kind: NodeKind::Method,
            role: None,
            label: method.description.value.to_string(),
            country: None,
            country_code: None,
            cross_border: false,
            span: Some(method.name.span),
        }))
    }

    /// The node of a name used in a flow: the controller, a subject, a source
    /// or a party. `None` for names that do not resolve to one of `kinds`.
    fn resolve(&mut self, name: &Ident, kinds: &[SymbolKind]) -> Option<NodeIndex> {
        let symbol = self.model.lookup(&name.name)?;
        if !kinds.contains(&symbol.kind) {
            return None;
        }
        if symbol.kind == SymbolKind::Controller {
            return Some(self.controller());
        }
        self.names.get(name.name.as_str()).copied()
    }

    /// The ids of the items that resolve, deduplicated, in the order
    /// written, less the `except`ed ones.
    fn items(&self, names: &[Ident], except: &[Ident]) -> Box<[DataId]> {
        let mut seen = Seen::new();
        let mut ids = Vec::new();
        for name in names {
            let Some(id) = self.model.data_id(&name.name) else {
                continue;
            };
            if except.iter().any(|e| e.name == name.name) || !seen.first(&ids, id) {
                continue;
            }
            ids.push(id);
        }
        ids.into_boxed_slice()
    }

    /// The ids of the purposes that resolve, deduplicated, in the order written.
    fn purposes(&self, names: &[Ident]) -> Box<[PurposeId]> {
        let mut seen = Seen::new();
        let mut ids = Vec::new();
        for name in names {
            let Some(id) = self.model.purpose_id(&name.name) else {
                continue;
            };
            if seen.first(&ids, id) {
                ids.push(id);
            }
        }
        ids.into_boxed_slice()
    }

    fn statement(&mut self, index: usize, decl: &crate::ast::FlowDecl) {
        use SymbolKind as K;
        let holder_kinds = [K::Party, K::Controller];
        let (kind, from, to, onward) = match decl.kind {
            FlowKind::Collect => {
                let to = match decl.by() {
                    Some(by) => self.resolve(by, &holder_kinds),
                    None => Some(self.controller()),
                };
                let from: Vec<NodeIndex> = decl
                    .from()
                    .iter()
                    .filter_map(|f| {
                        self.resolve(f, &[K::Subject, K::Source, K::Party, K::Controller])
                    })
                    .collect();
                (EdgeKind::Collect, from, to, false)
            }
            FlowKind::Use => {
                let to = match decl.by() {
                    Some(by) => self.resolve(by, &holder_kinds),
                    None => Some(self.controller()),
                };
                (EdgeKind::Use, to.into_iter().collect(), to, false)
            }
            FlowKind::Outsource | FlowKind::Provide => {
                let kind = if decl.kind == FlowKind::Outsource {
                    EdgeKind::Outsource
                } else {
                    EdgeKind::Provide
                };
                let to = decl.to.as_ref().and_then(|t| self.resolve(t, &[K::Party]));
                let (from, onward) = if decl.from().is_empty() {
                    (vec![self.controller()], false)
                } else {
                    let from: Vec<NodeIndex> = decl
                        .from()
                        .iter()
                        .filter_map(|f| self.resolve(f, &holder_kinds))
                        .collect();
                    let onward = from
                        .iter()
                        .any(|&f| self.graph.graph[f].kind == NodeKind::Party);
                    (from, onward)
                };
                (kind, from, to, onward)
            }
        };
        let Some(to) = to else { return };
        let (ids, items_len, purposes_len) = Flow::ids_of(
            &self.items(decl.items(), &[]),
            &self.purposes(decl.purposes()),
            &from,
        );
        let said = Said {
            consent: decl.consent.is_some(),
            explicit_consent: decl.explicit_consent().is_some(),
            opt_out: decl.opt_out().is_some(),
            on_request: decl.on_request().is_some(),
            succession: decl.succession().is_some(),
            onward,
            acquisition: false,
        };
        let flow = Flow {
            ids,
            id: self.graph.flows.len() as u32,
            items_len,
            purposes_len,
            to,
            edge_range: 0..0,
            origin_index: index as u32,
            origin_kind: OriginKind::Statement,
            kind,
            said: said.bits(),
        };
        self.push(flow);
    }

    fn joint_use(&mut self, index: usize) {
        let model = self.model;
        let Some(joint) = model.joint_uses.get(index) else {
            return;
        };
        let Some(users) = joint
            .users
            .as_ref()
            .and_then(|u| self.resolve(u, &[SymbolKind::Party]))
        else {
            return;
        };
        let items = self.items(&joint.items, &joint.except);
        let purposes = self.purposes(&joint.purposes);
        let methods: Vec<NodeIndex> = joint
            .acquired_via
            .iter()
            .filter_map(|m| self.method(m))
            .collect();
        let side = |id: usize, kind, origin_kind, from: &[NodeIndex], acquisition| {
            let (ids, items_len, purposes_len) = Flow::ids_of(&items, &purposes, from);
            let said = Said {
                acquisition,
                ..Said::default()
            };
            Flow {
                ids,
                id: id as u32,
                items_len,
                purposes_len,
                to: users,
                edge_range: 0..0,
                origin_index: index as u32,
                origin_kind,
                kind,
                said: said.bits(),
            }
        };
        // The acquisition goes first, so that the joint use finds it as the
        // flow before it.
        let acquisition = !methods.is_empty();
        if acquisition {
            let id = self.graph.flows.len();
            let origin = OriginKind::JointAcquisition;
            self.push(side(id, EdgeKind::Collect, origin, &methods, false));
        }
        let id = self.graph.flows.len();
        let from = [self.controller()];
        self.push(side(
            id,
            EdgeKind::JointUse,
            OriginKind::JointUse,
            &from,
            acquisition,
        ));
    }

    fn push(&mut self, mut flow: Flow) {
        let edge = Edge::new(flow.id(), flow.kind);
        // The edges of one flow are added one after another, so their
        // indices are a range.
        let first = self.graph.graph.edge_count() as u32;
        let mut seen = Seen::new();
        let senders = flow.sender_ids();
        for (k, &from) in senders.iter().enumerate() {
            if seen.first(&senders[..k], from) {
                let from = NodeIndex::new(from as usize);
                self.graph.graph.add_edge(from, flow.to, edge);
            }
        }
        flow.edge_range = first..self.graph.graph.edge_count() as u32;
        self.graph.flows.push(flow);
    }
}

/// A retention as the policy would say it: `5 years`, `until purpose achieved`.
pub fn describe_retention(retention: &Retention) -> String {
    match &retention.kind {
        RetentionKind::Duration { duration } => duration.to_string(),
        RetentionKind::Until { event, plus } => {
            let event = match event {
                RetentionEvent::PurposeAchieved => "purpose achieved".to_string(),
                RetentionEvent::ContractEnds => "contract ends".to_string(),
                RetentionEvent::Described(text) => text.value.to_string(),
            };
            match plus {
                Some(plus) => format!("until {event} + {plus}"),
                None => format!("until {event}"),
            }
        }
        RetentionKind::RequiredByLaw { law, .. } => format!("as required by {}", law.value),
        RetentionKind::Indefinite => "indefinitely".to_string(),
    }
}
