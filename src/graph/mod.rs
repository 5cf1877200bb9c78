//! The data-flow graph of a policy set, built from the resolved [`Model`].
//!
//! Nodes are the data subjects, sources, the controller and every party (plus
//! the acquisition methods a joint use names). Edges are flows: `collect`
//! (each `from` → the collector), `use` (a self-loop on the holder),
//! `outsource` and `provide` (sender → recipient), and each joint use (the
//! controller → the joint users, and each `acquired via` method → the joint
//! users). Every statement becomes one [`Flow`], which keeps the edges it
//! drew; rules that report once per statement iterate [`FlowGraph::flows`].
//!
//! On top of the edges the graph computes *holdings*: which holder holds
//! which item for which purposes, and through which flow it got it. That is
//! purpose limitation propagated along the graph (see [`holdings`]).

mod build;
pub mod holdings;
mod render;
#[cfg(test)]
mod tests;
mod view;

use std::borrow::Cow;
use std::ops::Range;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use serde::Serialize;

use crate::ast::{FlowDecl, Ident, JointUseDecl, Retention, Role, Text};
use crate::resolve::{DataId, Model, PurposeId};
use crate::span::Span;

pub use build::build;
pub use holdings::{Grant, Holdings, Source};
pub use render::{to_dot, to_json, to_mermaid};
pub use view::{MAX_LABEL, View, view_dot, view_mermaid};

/// Index of a [`Flow`] in [`FlowGraph::flows`].
pub type FlowId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Controller,
    Subject,
    Source,
    /// A method of acquisition named by a joint use's `acquired via`.
    Method,
    Party,
}

/// Someone or something data comes from or goes to.
#[derive(Clone, Debug, Serialize)]
pub struct Node {
    /// The name in the policy; empty for a controller the policy never declares.
    pub name: String,
    pub kind: NodeKind,
    pub role: Option<Role>,
    /// Legal name or description.
    pub label: String,
    pub country: Option<String>,
    /// The ISO 3166-1 code `country` stands for, when it is one lawful
    /// knows (an unknown country is `invalid-value`).
    pub country_code: Option<&'static str>,
    /// A party outside the legal area of a regime the policy is under
    /// (Japan for the APPI, the EEA for the GDPR) on the day checked; never
    /// guessed: false when its country is unknown.
    pub cross_border: bool,
    pub span: Option<Span>,
}

impl Node {
    /// `acme`, or "the controller" for an undeclared one: for messages.
    pub fn display(&self) -> String {
        if self.name.is_empty() {
            "the controller".to_string()
        } else {
            format!("`{}`", self.name)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    Collect,
    Use,
    Outsource,
    Provide,
    JointUse,
}

impl EdgeKind {
    pub fn keyword(self) -> &'static str {
        match self {
            EdgeKind::Collect => "collect",
            EdgeKind::Use => "use",
            EdgeKind::Outsource => "outsource",
            EdgeKind::Provide => "provide",
            EdgeKind::JointUse => "joint use",
        }
    }

    /// Whether the flow hands data to another holder.
    pub fn is_transfer(self) -> bool {
        matches!(
            self,
            EdgeKind::Outsource | EdgeKind::Provide | EdgeKind::JointUse
        )
    }
}

/// The declaration a flow comes from (an index into the model's list, which
/// holds fewer declarations than a policy set has bytes, so it fits a `u32`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "declared_by", content = "index", rename_all = "snake_case")]
pub enum Origin {
    /// `model.flows[i]`.
    Statement(u32),
    /// `model.joint_uses[i]`: the controller → users edge.
    JointUse(u32),
    /// `model.joint_uses[i]`: the users' own acquisition (`acquired via`).
    JointAcquisition(u32),
}

/// One flow statement (or one side of a joint use), with the edges it drew.
/// Names that do not resolve were reported by the resolver and are left out.
///
/// A flow is a row of ids that points at its declaration (a large policy
/// has one flow per statement; issue 17): the names, spans, exceptions,
/// retention, contract and safeguards are read from the declaration in the
/// [`Model`] that [`Flow::origin`] points to, through the methods taking a
/// model. Its items, purposes and senders are one boxed slice of `u32`s, and
/// of the clauses of its first line it keeps whether they are given.
#[derive(Clone, Debug)]
pub struct Flow {
    /// Data items, then purposes, each deduplicated, in the order written,
    /// then the senders ([`Flow::item_ids`], [`Flow::purpose_ids`],
    /// [`Flow::from`]).
    ids: Box<[u32]>,
    id: u32,
    items_len: u32,
    purposes_len: u32,
    /// The collector, user or recipient.
    pub to: NodeIndex,
    /// The indices of the edges it drew, which are consecutive (one per
    /// distinct `from`): [`Flow::edges`] for them as edge indices.
    pub edge_range: Range<u32>,
    /// [`Flow::origin`]: the declaration's index and which list it is in.
    origin_index: u32,
    origin_kind: OriginKind,
    pub kind: EdgeKind,
    /// What its first line says besides names, one bit each ([`Said`]).
    said: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OriginKind {
    Statement,
    JointUse,
    JointAcquisition,
}

/// What a flow's first line says besides its names, as [`Flow`] keeps it:
/// one bit each.
#[derive(Clone, Copy, Debug, Default)]
struct Said {
    /// `with consent` (or explicit or parental consent) on the flow itself.
    consent: bool,
    /// `with explicit consent`.
    explicit_consent: bool,
    /// `by opt out` (APPI Art. 27(2)).
    opt_out: bool,
    /// `on request`.
    on_request: bool,
    /// `by succession`.
    succession: bool,
    /// A transfer whose `from` names a party: an onward flow.
    onward: bool,
    /// A joint use with `acquired via`: its acquisition is the flow before it.
    acquisition: bool,
}

impl Said {
    const CONSENT: u8 = 1;
    const EXPLICIT_CONSENT: u8 = 1 << 1;
    const OPT_OUT: u8 = 1 << 2;
    const ON_REQUEST: u8 = 1 << 3;
    const SUCCESSION: u8 = 1 << 4;
    const ONWARD: u8 = 1 << 5;
    const ACQUISITION: u8 = 1 << 6;

    fn bits(self) -> u8 {
        [
            (self.consent, Said::CONSENT),
            (self.explicit_consent, Said::EXPLICIT_CONSENT),
            (self.opt_out, Said::OPT_OUT),
            (self.on_request, Said::ON_REQUEST),
            (self.succession, Said::SUCCESSION),
            (self.onward, Said::ONWARD),
            (self.acquisition, Said::ACQUISITION),
        ]
        .iter()
        .filter(|(said, _)| *said)
        .fold(0, |bits, (_, bit)| bits | bit)
    }
}

/// The ids of a flow's items or purposes ([`Flow::item_ids`]).
pub type Ids<'a> = std::iter::Map<std::slice::Iter<'a, u32>, fn(&u32) -> usize>;

fn widen(id: &u32) -> usize {
    *id as usize
}

impl Flow {
    /// Data items, deduplicated, in the order written, as ids: what holdings
    /// and rules key their tables by ([`Flow::item_names`] for the names).
    pub fn item_ids(&self) -> Ids<'_> {
        self.ids[..self.items_len as usize]
            .iter()
            .map(widen as fn(&u32) -> usize)
    }

    /// Purposes, deduplicated, in the order written, as ids
    /// ([`Flow::purposes_with_ids`] for the names as written).
    pub fn purpose_ids(&self) -> Ids<'_> {
        self.ids[self.items_len as usize..self.items_len as usize + self.purposes_len as usize]
            .iter()
            .map(widen as fn(&u32) -> usize)
    }

    /// The flow's place in [`FlowGraph::flows`].
    pub fn id(&self) -> FlowId {
        self.id as FlowId
    }

    /// The declaration it comes from.
    pub fn origin(&self) -> Origin {
        match self.origin_kind {
            OriginKind::Statement => Origin::Statement(self.origin_index),
            OriginKind::JointUse => Origin::JointUse(self.origin_index),
            OriginKind::JointAcquisition => Origin::JointAcquisition(self.origin_index),
        }
    }

    fn says(&self, bit: u8) -> bool {
        self.said & bit != 0
    }

    /// `with consent` (or explicit or parental consent) on the flow itself.
    pub fn consent(&self) -> bool {
        self.says(Said::CONSENT)
    }

    /// `with explicit consent`.
    pub fn explicit_consent(&self) -> bool {
        self.says(Said::EXPLICIT_CONSENT)
    }

    /// `by opt out` (APPI Art. 27(2)).
    pub fn opt_out(&self) -> bool {
        self.says(Said::OPT_OUT)
    }

    /// `on request`.
    pub fn on_request(&self) -> bool {
        self.says(Said::ON_REQUEST)
    }

    /// `by succession`.
    pub fn succession(&self) -> bool {
        self.says(Said::SUCCESSION)
    }

    /// A transfer whose `from` names a party: an onward flow.
    pub fn onward(&self) -> bool {
        self.says(Said::ONWARD)
    }

    /// A joint use with `acquired via`, whose users' own acquisition is the
    /// flow before it.
    pub fn has_acquisition(&self) -> bool {
        self.says(Said::ACQUISITION)
    }

    /// Where the data comes from: the collection's `from`s, the sender of a
    /// transfer, the holder itself for a use (the order written, repeats
    /// kept; [`Flow::edges`] has one edge per distinct sender).
    pub fn from(&self) -> impl ExactSizeIterator<Item = NodeIndex> + Clone + '_ {
        self.sender_ids()
            .iter()
            .map(|&n| NodeIndex::new(n as usize))
    }

    /// [`Flow::from`] as stored.
    fn sender_ids(&self) -> &[u32] {
        &self.ids[self.items_len as usize + self.purposes_len as usize..]
    }

    /// The ids in the one block the accessors read. Ids index the model's
    /// lists and the graph's nodes, which hold fewer entries than a policy
    /// set has bytes (files are capped below 4 GiB), so they fit a `u32`.
    fn ids_of(
        items: &[DataId],
        purposes: &[PurposeId],
        from: &[NodeIndex],
    ) -> (Box<[u32]>, u32, u32) {
        let ids = items
            .iter()
            .chain(purposes)
            .map(|&id| id as u32)
            .chain(from.iter().map(|n| n.index() as u32))
            .collect();
        (ids, items.len() as u32, purposes.len() as u32)
    }

    /// The edges the flow drew, one per distinct `from`.
    pub fn edges(&self) -> impl ExactSizeIterator<Item = EdgeIndex> + use<> {
        self.edge_range.clone().map(|i| EdgeIndex::new(i as usize))
    }

    /// The flow statement this flow comes from (`None` for a joint use's).
    pub fn statement<'m>(&self, model: &'m Model) -> Option<&'m FlowDecl> {
        match self.origin() {
            Origin::Statement(i) => model.flows.get(i as usize).map(|f| &**f),
            Origin::JointUse(_) | Origin::JointAcquisition(_) => None,
        }
    }

    /// The joint use this flow is a side of (`None` for a statement's).
    pub fn joint_use<'m>(&self, model: &'m Model) -> Option<&'m JointUseDecl> {
        match self.origin() {
            Origin::Statement(_) => None,
            Origin::JointUse(i) | Origin::JointAcquisition(i) => model.joint_uses.get(i as usize),
        }
    }

    /// The whole declaration (for either side of a joint use, the whole
    /// joint use). The graph is built from `model`, so the declaration is
    /// there; an empty span stands in should it not be.
    pub fn span(&self, model: &Model) -> Span {
        match self.origin() {
            Origin::Statement(_) => self.statement(model).map(|d| d.span),
            Origin::JointUse(_) | Origin::JointAcquisition(_) => {
                self.joint_use(model).map(|j| j.span)
            }
        }
        .unwrap_or_default()
    }

    /// A one-line span to label: the statement's first line, a joint use's
    /// name, or for its acquisition the `acquired via` methods.
    pub fn head(&self, model: &Model) -> Span {
        match self.origin() {
            Origin::Statement(_) => self.statement(model).map(|d| d.head()),
            Origin::JointUse(_) => self.joint_use(model).map(|j| j.name.span),
            Origin::JointAcquisition(_) => self.joint_use(model).and_then(|j| {
                let (first, last) = (j.acquired_via.first()?, j.acquired_via.last()?);
                Some(if first.span.file == last.span.file {
                    first.span.to(last.span)
                } else {
                    first.span
                })
            }),
        }
        .unwrap_or_default()
    }

    /// The item names, in the order written (as declared: a name resolves
    /// to its item only when spelled as declared).
    pub fn item_names<'a>(&'a self, model: &'a Model) -> impl Iterator<Item = &'a str> + 'a {
        self.item_ids().map(move |id| model.data_name(id))
    }

    /// Each item as (id, name), in the order written.
    pub fn item_ids_and_names<'a>(
        &'a self,
        model: &'a Model,
    ) -> impl Iterator<Item = (DataId, &'a str)> + 'a {
        self.item_ids().map(move |id| (id, model.data_name(id)))
    }

    /// The special-care items among the items, in the order written.
    pub fn special_care<'a>(&'a self, model: &'a Model) -> impl Iterator<Item = &'a str> + 'a {
        self.item_ids()
            .filter(move |&id| model.data[id].special_care.is_some())
            .map(move |id| model.data_name(id))
    }

    /// Whether any item needs special care.
    pub fn has_special_care(&self, model: &Model) -> bool {
        self.special_care(model).next().is_some()
    }

    /// The purpose names, in the order written.
    pub fn purpose_names<'a>(&'a self, model: &'a Model) -> impl Iterator<Item = &'a str> + 'a {
        self.purpose_ids().map(move |id| model.purpose_name(id))
    }

    /// Each purpose as written (the first time it is) with its id, in the
    /// order written.
    pub fn purposes_with_ids<'a>(
        &'a self,
        model: &'a Model,
    ) -> impl Iterator<Item = (&'a Ident, PurposeId)> + 'a {
        let written: &[Ident] = match self.origin() {
            Origin::Statement(i) => model.flows.get(i as usize).map_or(&[], |d| d.purposes()),
            Origin::JointUse(i) | Origin::JointAcquisition(i) => model
                .joint_uses
                .get(i as usize)
                .map_or(&[], |j| &j.purposes),
        };
        // `purpose_ids` are the first occurrences of the names that resolve,
        // in order; a name resolves to a purpose id exactly when it is that
        // purpose's declared name, so a walk comparing names finds them.
        let mut next = self.purpose_ids().peekable();
        written.iter().filter_map(move |name| {
            let &id = next.peek()?;
            (model.purpose_name(id) == name.name).then(|| {
                next.next();
                (name, id)
            })
        })
    }

    /// Exception names as written (undefined ones included: the author meant
    /// to rely on an exception, and the resolver has already reported them).
    pub fn exceptions<'m>(&self, model: &'m Model) -> &'m [Ident] {
        self.statement(model).map_or(&[], |d| d.exceptions())
    }

    /// The statement's or joint use's retention.
    pub fn retention<'m>(&self, model: &'m Model) -> Option<Cow<'m, Retention>> {
        match self.origin() {
            Origin::Statement(_) => self.statement(model)?.retention(),
            Origin::JointUse(_) | Origin::JointAcquisition(_) => {
                self.joint_use(model)?.retention.as_ref().map(Cow::Borrowed)
            }
        }
    }

    pub fn contract<'m>(&self, model: &'m Model) -> Option<&'m Text> {
        self.statement(model)?.contract()
    }

    pub fn selected_by<'m>(&self, model: &'m Model) -> Option<&'m Text> {
        self.statement(model)?.selected_by()
    }

    pub fn safeguards<'m>(&self, model: &'m Model) -> &'m [Text] {
        self.statement(model).map_or(&[], |d| d.safeguards())
    }
}

/// How far consent is shown for a flow, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    /// Neither the flow nor the collection it descends from obtains it.
    None,
    /// `with consent`.
    Given,
    /// `with explicit consent` (GDPR Art. 9(2)(a), 49(1)(a)).
    Explicit,
}

/// Where the consent a flow relies on was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentShown {
    /// On the flow itself.
    OnFlow(Consent),
    /// On the collection each item descends from, for the purpose the flow
    /// serves (the weakest over its items and purposes).
    AtCollection(Consent),
    None,
}

impl ConsentShown {
    pub fn level(self) -> Consent {
        match self {
            ConsentShown::OnFlow(c) | ConsentShown::AtCollection(c) => c,
            ConsentShown::None => Consent::None,
        }
    }

    /// Whether consent is shown at all.
    pub fn given(self) -> bool {
        self.level() >= Consent::Given
    }

    pub fn explicit(self) -> bool {
        self.level() == Consent::Explicit
    }
}

impl Flow {
    /// Whether the flow is a `collect`, `use`, `outsource` or `provide`
    /// statement (not a side of a joint use).
    pub fn origin_is_statement(&self) -> bool {
        matches!(self.origin(), Origin::Statement(_))
    }

    /// The consent written on the flow itself.
    pub fn own_consent(&self) -> Consent {
        if self.explicit_consent() {
            Consent::Explicit
        } else if self.consent() {
            Consent::Given
        } else {
            Consent::None
        }
    }
}

/// A flow edge. Everything else about it is its [`Flow`]'s: an edge keeps
/// no copy of the flow's names (a large policy has one edge per flow).
#[derive(Clone, Copy, Debug)]
pub struct Edge {
    /// The flow's id as a `u32` ([`Edge::flow`]): an edge of 8 bytes.
    flow: u32,
    pub kind: EdgeKind,
}

impl Edge {
    pub fn new(flow: FlowId, kind: EdgeKind) -> Edge {
        Edge {
            flow: flow as u32,
            kind,
        }
    }

    /// The flow that drew the edge.
    pub fn flow(&self) -> FlowId {
        self.flow as FlowId
    }
}

/// The data-flow graph of a policy set.
#[derive(Debug, Default)]
pub struct FlowGraph {
    pub graph: DiGraph<Node, Edge>,
    /// The controller's node (an implicit one when the policy declares none
    /// but has flows).
    pub controller: Option<NodeIndex>,
    /// Every flow, in declaration order (statements, then joint uses).
    pub flows: Vec<Flow>,
    pub holdings: Holdings,
}

impl FlowGraph {
    pub fn node(&self, index: NodeIndex) -> Option<&Node> {
        self.graph.node_weight(index)
    }

    /// The node of a declared name.
    pub fn find(&self, name: &str) -> Option<NodeIndex> {
        self.graph
            .node_indices()
            .find(|&i| self.graph[i].name == name)
    }

    pub fn flow(&self, id: FlowId) -> Option<&Flow> {
        self.flows.get(id)
    }

    /// `acme` / "the controller": for messages.
    pub fn display(&self, index: NodeIndex) -> String {
        self.node(index)
            .map(Node::display)
            .unwrap_or_else(|| "?".to_string())
    }

    pub fn role(&self, index: NodeIndex) -> Option<Role> {
        self.node(index).and_then(|n| n.role)
    }

    pub fn is_controller(&self, index: NodeIndex) -> bool {
        self.controller == Some(index)
    }
}

/// `a`, `a` and `b`, `a`, `b` and `c`: names in backticks for messages.
pub fn list<S: AsRef<str>>(names: &[S]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{}`", n.as_ref())).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "is" or "are" for a list of this length.
pub fn verb(count: usize) -> &'static str {
    if count == 1 { "is" } else { "are" }
}

impl FlowGraph {
    /// What a flow does, for messages: "collected", "used by `mailer`",
    /// "provided to `acme`", "provided by `mailer` to `acme`".
    pub fn action(&self, flow: &Flow) -> String {
        let to = self.display(flow.to);
        let by = if self.is_controller(flow.to) {
            String::new()
        } else {
            format!(" by {to}")
        };
        let sender = match flow.from().next() {
            Some(from) if flow.onward() => format!(" by {}", self.display(from)),
            _ => String::new(),
        };
        match (flow.kind, flow.origin()) {
            (EdgeKind::Collect, Origin::JointAcquisition(_)) => format!("acquired by {to}"),
            (EdgeKind::Collect, _) => format!("collected{by}"),
            (EdgeKind::Use, _) => format!("used{by}"),
            (EdgeKind::Outsource, _) => format!("outsourced{sender} to {to}"),
            (EdgeKind::Provide, _) => format!("provided{sender} to {to}"),
            (EdgeKind::JointUse, _) => format!("jointly used with {to}"),
        }
    }

    /// A label for one hop of a path: "`x` collected here for `lending`".
    pub fn hop_label<S: AsRef<str>>(&self, model: &Model, flow: &Flow, items: &[S]) -> String {
        let purposes: Vec<&str> = flow.purpose_names(model).collect();
        let mut label = format!("{} {} here", list(items), self.action(flow));
        if !purposes.is_empty() {
            label.push_str(&format!(" for {}", list(&purposes)));
        }
        label
    }

    /// Labels for the flows that brought `items` to `holder`, from their
    /// collection to the last hop (in path order, then declaration order).
    /// Flows in `skip` are left out (the caller labels them itself).
    pub fn path_labels(
        &self,
        model: &Model,
        holder: NodeIndex,
        items: &[(DataId, &str)],
        skip: &[FlowId],
    ) -> Vec<(Span, String)> {
        // flow -> (depth along the path, the items it carried there)
        let mut hops: std::collections::BTreeMap<FlowId, (usize, Vec<&str>)> = Default::default();
        for &(id, item) in items {
            for (depth, flow) in self.holdings.path(holder, id, None).into_iter().enumerate() {
                let entry = hops.entry(flow).or_insert((depth, Vec::new()));
                entry.0 = entry.0.min(depth);
                if !entry.1.contains(&item) {
                    entry.1.push(item);
                }
            }
        }
        let mut ordered: Vec<(usize, FlowId, Vec<&str>)> = hops
            .into_iter()
            .map(|(flow, (depth, items))| (depth, flow, items))
            .collect();
        ordered.sort();
        ordered
            .into_iter()
            .filter(|(_, id, _)| !skip.contains(id))
            .filter_map(|(_, id, items)| {
                self.flow(id)
                    .map(|f| (f.head(model), self.hop_label(model, f, &items)))
            })
            .collect()
    }
}

impl FlowGraph {
    /// Where consent is shown for a flow: on the flow, or — for a flow that
    /// passes on or uses data it holds — on the collection every item it
    /// carries descends from, for the purpose the flow serves (or one that
    /// purpose is `within`). A purpose whose `basis` is consent shows
    /// nothing: it says what must be obtained, not that it was.
    pub fn consent(&self, flow: &Flow) -> ConsentShown {
        let own = flow.own_consent();
        if own > Consent::None {
            return ConsentShown::OnFlow(own);
        }
        if flow.kind == EdgeKind::Collect
            || flow.item_ids().len() == 0
            || flow.purpose_ids().len() == 0
        {
            return ConsentShown::None;
        }
        let mut weakest = Consent::Explicit;
        for item in flow.item_ids() {
            for purpose in flow.purpose_ids() {
                let best = flow
                    .from()
                    .map(|sender| self.collection_consent(sender, item, purpose))
                    .max()
                    .unwrap_or(Consent::None);
                weakest = weakest.min(best);
                if weakest == Consent::None {
                    return ConsentShown::None;
                }
            }
        }
        ConsentShown::AtCollection(weakest)
    }

    /// The consent obtained by the collection that gave `holder` the item
    /// for `purpose` (or a purpose it is within), following the grants back
    /// through every hop.
    pub fn collection_consent(
        &self,
        holder: NodeIndex,
        item: DataId,
        purpose: PurposeId,
    ) -> Consent {
        let Some(held) = self.holdings.allowing_grounded(holder, item, purpose) else {
            return Consent::None;
        };
        let path = self.holdings.path(holder, item, Some(held));
        path.first()
            .and_then(|&id| self.flow(id))
            .filter(|f| f.kind == EdgeKind::Collect)
            .map_or(Consent::None, Flow::own_consent)
    }
}
