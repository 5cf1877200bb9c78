//! Flows compared item by item.
//!
//! Each `collect`, `use`, `outsource` and `provide` statement is cut into
//! *atoms*: one item, from one node, to one node, for one purpose, named as
//! the new version names them. For each atom, what it needs that nothing
//! the flow shows gives it is decided as `lawful check` decides it:
//! [`needs::unmet`] (consent on the flow or at the collection the data
//! descends from, the person's request, a succession, a safeguard), less
//! what an exception the flow relies on covers ([`law::exception_covers`]).
//! A need an atom has in the new version and did not have in the old (or a
//! new atom's every need) is a change that needs consent.
//!
//! One thing the new version alone cannot show: data already held, put to a
//! purpose it was not held for, when the new version also widens the
//! collection (so that the new model holds it for the new purpose). That is
//! found against the old version's holdings ([`Repurposing`]).
//!
//! Joint uses are compared as declarations ([`super::decls`]).

use rustc_hash::{FxHashMap, FxHashSet};

use super::kinds::{self, Kind, duties, need_article, need_kind};
use super::message::{Message, is};
use super::names::Names;
use super::people::People;
use super::retention::{self, Compared};
use super::{Change, Effect, FlowRef, Version};
use crate::ast::{ExceptionDecl, FlowDecl, Retention};
use crate::graph::{EdgeKind, Flow, FlowId, Origin};
use crate::law::{self, Need, Permit};
use crate::resolve::{DataId, PurposeId, Regime};
use crate::rules::needs;

/// One item of one statement, from one node to one node, for one purpose
/// ([`NONE`] when the statement names none), its names numbered by the
/// [`Interner`] (the old version's translated to the new names first), so
/// that atoms hash and compare as integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Atom {
    kind: EdgeKind,
    from: u32,
    to: u32,
    item: u32,
    purpose: u32,
}

/// The number of no purpose.
const NONE: u32 = u32::MAX;

/// Numbers for names, shared by both versions.
#[derive(Default)]
struct Interner<'a> {
    ids: FxHashMap<&'a str, u32>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, name: &'a str) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(NONE - 1);
        *self.ids.entry(name).or_insert(next)
    }
}

/// The numbers of one version's nodes, items and purposes, by index.
struct Numbered {
    nodes: Vec<u32>,
    items: Vec<u32>,
    purposes: Vec<u32>,
}

impl Numbered {
    fn new<'a>(
        v: &Version<'a>,
        name: impl Fn(&'a str) -> &'a str,
        interner: &mut Interner<'a>,
    ) -> Numbered {
        let graph = &v.graph.graph;
        Numbered {
            nodes: graph
                .node_indices()
                .map(|i| interner.id(name(&graph[i].name)))
                .collect(),
            items: v
                .model
                .data
                .iter()
                .map(|d| interner.id(name(&d.name.name)))
                .collect(),
            purposes: v
                .model
                .purposes
                .iter()
                .map(|p| interner.id(name(&p.name.name)))
                .collect(),
        }
    }

    fn node(&self, i: petgraph::graph::NodeIndex) -> u32 {
        self.nodes.get(i.index()).copied().unwrap_or(NONE)
    }

    fn item(&self, i: DataId) -> u32 {
        self.items.get(i).copied().unwrap_or(NONE)
    }

    fn purpose(&self, p: PurposeId) -> u32 {
        self.purposes.get(p).copied().unwrap_or(NONE)
    }
}

/// A set of needs, as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Needs(u64);

const REGIMES: [Regime; 2] = [Regime::Appi, Regime::Gdpr];

impl Needs {
    fn bit(need: Need) -> u64 {
        let regime = REGIMES.iter().position(|&r| r == need.regime).unwrap_or(0);
        let permit = Permit::ALL
            .iter()
            .position(|&p| p == need.permit)
            .unwrap_or(0);
        1 << (regime * 2 * Permit::ALL.len() + permit * 2 + usize::from(need.special_care))
    }

    fn insert(&mut self, need: Need) {
        self.0 |= Needs::bit(need);
    }

    fn minus(self, other: Needs) -> Needs {
        Needs(self.0 & !other.0)
    }

    fn and(self, other: Needs) -> Needs {
        Needs(self.0 & other.0)
    }

    fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn iter(self) -> impl Iterator<Item = Need> {
        REGIMES
            .into_iter()
            .flat_map(|r| {
                Permit::ALL
                    .iter()
                    .flat_map(move |&p| [false, true].map(|s| Need::new(r, p, s)))
            })
            .filter(move |&n| self.0 & Needs::bit(n) != 0)
    }
}

/// What one flow of one version shows and needs, once per flow.
struct FlowFacts<'m> {
    unmet: Vec<Need>,
    relied: Vec<&'m ExceptionDecl>,
    opt_out: Option<&'m str>,
}

fn facts<'m>(v: &Version<'m>, flow: &Flow) -> FlowFacts<'m> {
    let cx = v.cx();
    let relied = needs::relied_on(&cx, flow);
    let opt_out = relied
        .iter()
        .find(|e| is_opt_out(e))
        .map(|e| e.name.name.as_str());
    FlowFacts {
        unmet: needs::unmet(&cx, flow),
        relied,
        opt_out,
    }
}

/// Whether an exception relies on an opt-out provision (APPI Art. 27(2)).
pub(super) fn is_opt_out(exception: &ExceptionDecl) -> bool {
    law::cited(exception)
        .any(|c| c.provision.regime == Regime::Appi && c.provision.article == "27(2)")
}

/// What an atom needs that nothing shown gives: the flow's needs that
/// concern this item and purpose, less what its exceptions cover.
fn atom_needs(
    v: &Version,
    facts: &FlowFacts,
    item: DataId,
    purpose: Option<PurposeId>,
    holder: petgraph::graph::NodeIndex,
) -> Needs {
    let special = v
        .model
        .data
        .get(item)
        .is_some_and(|d| d.special_care.is_some());
    let holdings = &v.graph.holdings;
    let mut out = Needs::default();
    for need in &facts.unmet {
        let applies = match need.permit {
            Permit::AcquireSpecialCare | Permit::SpecialCategory => special,
            Permit::UseBeyondPurpose => purpose.is_some_and(|p| {
                holdings.holds(holder, item) && holdings.allowing(holder, item, p).is_none()
            }),
            _ => true,
        };
        if !applies {
            continue;
        }
        let need = Need::new(need.regime, need.permit, special);
        if !covered(v, facts, need) {
            out.insert(need);
        }
    }
    out
}

fn covered(v: &Version, facts: &FlowFacts, need: Need) -> bool {
    facts
        .relied
        .iter()
        .any(|e| law::exception_covers(v.model, e, need))
}

/// One atom with where it comes from.
struct Placed {
    atom: Atom,
    flow: FlowId,
    item: DataId,
    purpose: Option<PurposeId>,
    holder: petgraph::graph::NodeIndex,
}

/// The atoms of every statement of a version, in flow order.
fn atoms(v: &Version, numbers: &Numbered) -> Vec<Placed> {
    let mut out = Vec::new();
    for flow in v.graph.flows.iter().filter(|f| f.origin_is_statement()) {
        let mut froms: Vec<petgraph::graph::NodeIndex> = flow.from().collect();
        froms.dedup();
        let purposes: Vec<Option<PurposeId>> = if flow.purpose_ids().len() == 0 {
            vec![None]
        } else {
            flow.purpose_ids().map(Some).collect()
        };
        for &from in &froms {
            for item in flow.item_ids() {
                for &purpose in &purposes {
                    out.push(Placed {
                        atom: Atom {
                            kind: flow.kind,
                            from: numbers.node(from),
                            to: numbers.node(flow.to),
                            item: numbers.item(item),
                            purpose: purpose.map_or(NONE, |p| numbers.purpose(p)),
                        },
                        flow: flow.id(),
                        item,
                        purpose,
                        holder: from,
                    });
                }
            }
        }
    }
    out
}

/// How many old statements with the same atom are kept to match new
/// statements with: a policy repeating one statement thousands of times
/// would otherwise make matching quadratic.
const MAX_STATEMENTS_PER_ATOM: usize = 32;

/// What the old version knew of each atom.
struct Known {
    /// What it needed (over several statements with the atom: what all
    /// of them needed).
    needs: Needs,
    /// The statements with it.
    flows: Vec<FlowId>,
}

/// The purposes the old version held data for, in the new version's names,
/// to find data already held put to a new purpose.
struct Repurposing<'a> {
    /// (holder, item) → purposes
    held: FxHashMap<(u32, u32), FxHashSet<u32>>,
    /// (from, collector, item) → purposes of the old collections
    collected: FxHashMap<(u32, u32, u32), FxHashSet<u32>>,
    /// The new version's `within` table.
    within: &'a crate::resolve::Within,
}

impl<'a> Repurposing<'a> {
    fn new(old: &Version, new: &Version<'a>, numbers: &Numbered, atoms: &[Placed]) -> Self {
        let mut held: FxHashMap<(u32, u32), FxHashSet<u32>> = FxHashMap::default();
        let holdings = &old.graph.holdings;
        for &holder in holdings.holders() {
            for (item, grants) in holdings.items_of(holder) {
                held.entry((numbers.node(holder), numbers.item(item)))
                    .or_default()
                    .extend(grants.purposes().map(|p| numbers.purpose(p)));
            }
        }
        let mut collected: FxHashMap<(u32, u32, u32), FxHashSet<u32>> = FxHashMap::default();
        for a in atoms.iter().filter(|a| a.atom.kind == EdgeKind::Collect) {
            collected
                .entry((a.atom.from, a.atom.to, a.atom.item))
                .or_default()
                .insert(a.atom.purpose);
        }
        Repurposing {
            held,
            collected,
            within: &new.model.within,
        }
    }

    /// Whether a new atom puts data the old version already held (or
    /// collected from the same source) to a purpose it did not hold it
    /// for, nor for one the new purpose is within.
    fn repurposes(&self, numbers: &Numbered, placed: &Placed) -> bool {
        let Some(purpose) = placed.purpose else {
            return false;
        };
        let a = &placed.atom;
        let old = if a.kind == EdgeKind::Collect {
            self.collected.get(&(a.from, a.to, a.item))
        } else {
            self.held.get(&(a.from, a.item))
        };
        let Some(old) = old.filter(|p| !p.is_empty()) else {
            return false;
        };
        !self
            .within
            .chain(purpose)
            .any(|p| old.contains(&numbers.purpose(p)))
    }
}

/// Reports the changes of the flows.
pub(super) fn compare<'a>(
    old: &Version<'a>,
    new: &Version<'a>,
    names: &'a Names,
    (old_people, new_people): &(People, People),
    out: &mut Vec<Change>,
) {
    let mut interner = Interner::default();
    let new_numbers = Numbered::new(new, |n| n, &mut interner);
    let old_numbers = Numbered::new(old, |n| names.new_name(n), &mut interner);
    drop(interner);
    let old_atoms = atoms(old, &old_numbers);
    let new_atoms = atoms(new, &new_numbers);
    let old_facts: Vec<Option<FlowFacts>> = old
        .graph
        .flows
        .iter()
        .map(|f| f.origin_is_statement().then(|| facts(old, f)))
        .collect();
    let new_facts: Vec<Option<FlowFacts>> = new
        .graph
        .flows
        .iter()
        .map(|f| f.origin_is_statement().then(|| facts(new, f)))
        .collect();
    let mut known: FxHashMap<Atom, Known> = FxHashMap::default();
    for p in &old_atoms {
        let Some(Some(f)) = old_facts.get(p.flow) else {
            continue;
        };
        let needs = atom_needs(old, f, p.item, p.purpose, p.holder);
        let k = known.entry(p.atom).or_insert(Known {
            needs,
            flows: Vec::new(),
        });
        k.needs = k.needs.and(needs);
        if k.flows.last() != Some(&p.flow) && k.flows.len() < MAX_STATEMENTS_PER_ATOM {
            k.flows.push(p.flow);
        }
    }
    let repurposing = Repurposing::new(old, new, &old_numbers, &old_atoms);
    let old_transfers: FxHashSet<(u32, u32)> = old_atoms
        .iter()
        .filter(|p| p.atom.kind.is_transfer())
        .map(|p| (p.atom.to, p.atom.item))
        .collect();

    // What each new atom needs: like the old version's, what every
    // statement with it needs (one that shows a ground is enough).
    let mut now: FxHashMap<Atom, Needs> = FxHashMap::default();
    for p in &new_atoms {
        let (Some(flow), Some(Some(f))) = (new.graph.flow(p.flow), new_facts.get(p.flow)) else {
            continue;
        };
        let mut needs = atom_needs(new, f, p.item, p.purpose, p.holder);
        if !known.contains_key(&p.atom) && repurposing.repurposes(&new_numbers, p) {
            needs.0 |= repurposed_needs(new, flow, f, p.item).0;
        }
        now.entry(p.atom)
            .and_modify(|n| *n = n.and(needs))
            .or_insert(needs);
    }

    // Each new atom, reported once, on the first statement with it.
    let mut groups: Vec<Group> = Vec::new();
    let mut matched: FxHashMap<FlowId, FxHashMap<FlowId, usize>> = FxHashMap::default();
    let mut present: FxHashSet<Atom> = FxHashSet::default();
    for p in &new_atoms {
        let first = present.insert(p.atom);
        let before = known.get(&p.atom);
        if let Some(k) = before {
            let counts = matched.entry(p.flow).or_default();
            for &old_flow in &k.flows {
                *counts.entry(old_flow).or_default() += 1;
            }
        }
        let (Some(flow), Some(Some(f)), Some(&needs)) = (
            new.graph.flow(p.flow),
            new_facts.get(p.flow),
            now.get(&p.atom),
        ) else {
            continue;
        };
        if !first {
            continue;
        }
        let fresh = needs.minus(before.map_or(Needs::default(), |k| k.needs));
        let is_new = before.is_none();
        if !fresh.is_empty() {
            for need in fresh.iter() {
                group(&mut groups, p, need_kind(need), is_new)
                    .needs
                    .insert(need);
            }
        } else if is_new {
            let kind = if f.opt_out.is_some() && flow.kind == EdgeKind::Provide {
                Kind::OptOutChanged
            } else if flow.kind.is_transfer()
                && new.model.under(Regime::Gdpr)
                && !old_transfers.contains(&(p.atom.to, p.atom.item))
            {
                // Only the GDPR asks for the recipients to be told; under
                // the APPI alone a new recipient on a ground shown is
                // covered.
                Kind::NewRecipient
            } else {
                Kind::Covered
            };
            group(&mut groups, p, kind, true);
        }
    }
    for g in &groups {
        out.push(g.change(new, &new_facts, new_people));
    }

    // The old version's atoms that are gone, statement by statement.
    let mut gone: Vec<Group> = Vec::new();
    for p in old_atoms.iter().filter(|p| !present.contains(&p.atom)) {
        let opt_out = old_facts
            .get(p.flow)
            .and_then(Option::as_ref)
            .is_some_and(|f| f.opt_out.is_some());
        let kind = if opt_out && p.atom.kind == EdgeKind::Provide {
            Kind::OptOutChanged
        } else {
            Kind::Narrowed
        };
        group(&mut gone, p, kind, false);
    }
    for g in &gone {
        out.push(g.gone(old, &old_facts, old_people));
    }

    // Statements that carry on, compared clause by clause: each with the
    // old statement it shares most atoms with, then the one with fewest
    // atoms besides, then one whose clauses are the same, then the nearest
    // in the file.
    let mut old_sizes: FxHashMap<FlowId, usize> = FxHashMap::default();
    for p in &old_atoms {
        *old_sizes.entry(p.flow).or_default() += 1;
    }
    let mut pairs: Vec<(FlowId, FlowId)> = matched
        .into_iter()
        .filter_map(|(new_flow, counts)| {
            let counts: Vec<(FlowId, usize)> = counts.into_iter().collect();
            let key = |&(old_flow, shared): &(FlowId, usize)| {
                let extra = old_sizes
                    .get(&old_flow)
                    .map_or(0, |&n| n.saturating_sub(shared));
                (std::cmp::Reverse(shared), extra)
            };
            let best = counts.iter().map(key).min()?;
            let tied: Vec<FlowId> = counts
                .iter()
                .filter(|c| key(c) == best)
                .map(|c| c.0)
                .collect();
            let chosen = match tied.as_slice() {
                [one] => *one,
                _ => tied.into_iter().min_by_key(|&old_flow| {
                    let same =
                        Clauses::of(old, new, names, old_flow, new_flow).is_some_and(|c| c.same());
                    (!same, old_flow.abs_diff(new_flow), old_flow)
                })?,
            };
            Some((new_flow, chosen))
        })
        .collect();
    pairs.sort_unstable();
    for (new_flow, old_flow) in pairs {
        let consent_changes = groups
            .iter()
            .any(|g| g.flow == new_flow && g.kind.usual_effect() == Effect::Consent);
        let differ = Clauses::of(old, new, names, old_flow, new_flow);
        clauses(new, new_people, new_flow, consent_changes, differ, out);
    }
}

/// The needs of data already held put to a new purpose, for each regime the
/// new version is under, unless consent, the person's request or an
/// exception is shown for it.
fn repurposed_needs(new: &Version, flow: &Flow, facts: &FlowFacts, item: DataId) -> Needs {
    let consent = if flow.kind == EdgeKind::Collect {
        flow.own_consent() > crate::graph::Consent::None
    } else {
        new.graph.consent(flow).given()
    };
    let mut out = Needs::default();
    if consent || flow.on_request() {
        return out;
    }
    let special = new
        .model
        .data
        .get(item)
        .is_some_and(|d| d.special_care.is_some());
    for &regime in &new.model.regimes {
        let need = Need::new(regime, Permit::UseBeyondPurpose, special);
        if !covered(new, facts, need) {
            out.insert(need);
        }
    }
    out
}

/// The atoms of one statement that make one change.
struct Group {
    flow: FlowId,
    kind: Kind,
    needs: Needs,
    items: Vec<DataId>,
    purposes: Vec<PurposeId>,
    /// Whether some atom is new (not only newly needing something).
    new: bool,
}

fn group<'g>(groups: &'g mut Vec<Group>, p: &Placed, kind: Kind, new: bool) -> &'g mut Group {
    // Atoms come statement by statement, so a statement's groups are among
    // the last few: the search is bounded by the number of kinds.
    let from = groups.len().saturating_sub(Kind::ALL.len());
    let at = groups[from..]
        .iter()
        .rposition(|g| g.flow == p.flow && g.kind == kind)
        .map(|i| from + i);
    let g = match at {
        Some(i) => &mut groups[i],
        None => {
            groups.push(Group {
                flow: p.flow,
                kind,
                needs: Needs::default(),
                items: Vec::new(),
                purposes: Vec::new(),
                new: false,
            });
            let last = groups.len() - 1;
            &mut groups[last]
        }
    };
    g.new |= new;
    if !g.items.contains(&p.item) {
        g.items.push(p.item);
    }
    if let Some(purpose) = p.purpose
        && !g.purposes.contains(&purpose)
    {
        g.purposes.push(purpose);
    }
    g
}

impl Group {
    /// "`email` is now provided to `acme` for `ads`".
    fn what(&self, v: &Version, flow: &Flow, tense: &str) -> Message {
        let items: Vec<&str> = self.items.iter().map(|&i| v.model.data_name(i)).collect();
        let mut m = Message::new()
            .names(&items)
            .words(format!(" {} {tense}", is(items.len())))
            .then(Message::backticked(&v.graph.action(flow)));
        if !self.purposes.is_empty() {
            let purposes: Vec<&str> = self
                .purposes
                .iter()
                .map(|&p| v.model.purpose_name(p))
                .collect();
            m = m.words(" for ").names(&purposes);
        }
        m
    }

    /// The class's note; for a provision of pseudonymously processed
    /// information, that consent does not make it lawful.
    fn note(&self) -> Option<String> {
        let barred = self
            .needs
            .iter()
            .any(|need| need.permit == Permit::PseudonymousProvision);
        if barred {
            return Some(
                "pseudonymously processed information may not be provided to a third party even with consent (APPI Art. 41(6)): only based on laws and regulations, or to a processor, a successor or joint users".to_string(),
            );
        }
        self.kind.note().map(str::to_string)
    }

    fn change(&self, v: &Version, facts: &[Option<FlowFacts>], people: &People) -> Change {
        let Some(flow) = v.graph.flow(self.flow) else {
            return Change::empty(self.kind);
        };
        let facts = facts.get(self.flow).and_then(Option::as_ref);
        let what = if self.new {
            self.what(v, flow, "now ")
        } else {
            self.what(v, flow, "still ")
        };
        let joiner = if self.new { "; " } else { ", and now " };
        let reason = self.reason(v, flow, facts);
        let (effect, law) = match self.kind.usual_effect() {
            Effect::Consent => {
                let mut law: Vec<String> = Vec::new();
                for need in self.needs.iter() {
                    let article = need_article(need).to_string();
                    if !law.contains(&article) {
                        law.push(article);
                    }
                }
                (Effect::Consent, law)
            }
            _ => match self.kind {
                Kind::NewRecipient => kinds::apply(duties::NEW_RECIPIENT, &v.model.regimes),
                Kind::OptOutChanged => kinds::apply(duties::OPT_OUT_CHANGED, &v.model.regimes),
                _ => (Effect::None, Vec::new()),
            },
        };
        Change {
            kind: self.kind,
            effect,
            message: what.words(joiner).then(reason),
            law,
            note: self.note(),
            location: v.location(flow.head(v.model)),
            flows: flow_ref(v, flow).into_iter().collect(),
            subjects: people.of_flow(flow, self.items.iter().copied()),
        }
    }

    fn reason(&self, v: &Version, flow: &Flow, facts: Option<&FlowFacts>) -> Message {
        let m = Message::new();
        match self.kind {
            Kind::NewPurpose if flow.kind == EdgeKind::Collect => {
                m.words("the data already collected from them was held for other purposes")
            }
            Kind::NewPurpose => m.words(if self.purposes.len() == 1 {
                "the data was not held for that purpose"
            } else {
                "the data was not held for these purposes"
            }),
            Kind::NewThirdParty
                if self.needs.iter().next().is_some()
                    && self
                        .needs
                        .iter()
                        .all(|n| n.permit == Permit::PseudonymousProvision) =>
            {
                m.words("it is pseudonymously processed information, and no law that allows the provision is shown")
            }
            Kind::NewThirdParty => {
                m.words("no consent or exception that covers the provision to a third party is shown")
            }
            Kind::NewSpecialCare => {
                let explicit = self.needs.iter().any(|n| n.permit == Permit::SpecialCategory);
                m.words(if explicit {
                    "it is special-care data, and no explicit consent or exception that covers it is shown"
                } else {
                    "it is special-care data, and no consent or exception that covers it is shown"
                })
            }
            Kind::NewForeignRecipient => m.words(
                "the recipient is abroad, and no consent, safeguard or exception that covers it is shown",
            ),
            Kind::NewRecipient => m.words("a recipient the data did not go to before"),
            Kind::OptOutChanged => m
                .words("it relies on the opt-out ")
                .name(facts.and_then(|f| f.opt_out).unwrap_or("")),
            _ => ground(v, flow, facts),
        }
    }

    fn gone(&self, v: &Version, facts: &[Option<FlowFacts>], people: &People) -> Change {
        let Some(flow) = v.graph.flow(self.flow) else {
            return Change::empty(self.kind);
        };
        let mut message = self.what(v, flow, "no longer ");
        let (effect, law) = if self.kind == Kind::OptOutChanged {
            let opt_out = facts
                .get(self.flow)
                .and_then(Option::as_ref)
                .and_then(|f| f.opt_out)
                .unwrap_or("");
            message = message.words(" under the opt-out ").name(opt_out);
            kinds::apply(duties::OPT_OUT_STOPPED, &v.model.regimes)
        } else {
            (Effect::None, Vec::new())
        };
        Change {
            kind: self.kind,
            effect,
            message,
            law,
            note: (self.kind == Kind::OptOutChanged)
                .then(|| self.kind.note().map(str::to_string))
                .flatten(),
            location: v.location(flow.head(v.model)),
            flows: flow_ref(v, flow).into_iter().collect(),
            subjects: people.of_flow(flow, self.items.iter().copied()),
        }
    }
}

/// Why a new flow needs nothing more: what it shows.
fn ground(v: &Version, flow: &Flow, facts: Option<&FlowFacts>) -> Message {
    let m = Message::new();
    if flow.own_consent() > crate::graph::Consent::None {
        return m.words("consent is shown on the flow");
    }
    if flow.kind != EdgeKind::Collect && v.graph.consent(flow).given() {
        return m.words("consent was obtained at collection for this purpose");
    }
    if flow.on_request() {
        return m.words("it is made at the person's request");
    }
    if let Some(f) = facts
        && !f.unmet.is_empty()
        && !f.relied.is_empty()
    {
        let names: Vec<&str> = f.relied.iter().map(|e| e.name.name.as_str()).collect();
        return m
            .words("it relies on ")
            .names(&names)
            .words(", which covers what it needs");
    }
    m.words("nothing it does needs consent under the regimes the policy is under")
}

impl Change {
    fn empty(kind: Kind) -> Change {
        Change {
            kind,
            effect: Effect::None,
            message: Message::new(),
            law: Vec::new(),
            note: None,
            location: None,
            flows: Vec::new(),
            subjects: Vec::new(),
        }
    }
}

/// The most names of one list a statement's summary shows.
const SHOWN: usize = 6;

fn list(names: &[crate::ast::Ident]) -> String {
    let mut shown: Vec<&str> = names.iter().take(SHOWN).map(|n| n.name.as_str()).collect();
    if names.len() > SHOWN {
        shown.push("…");
    }
    shown.join(", ")
}

/// `provide email to acme for marketing`: a statement in one line.
pub(super) fn statement(decl: &FlowDecl) -> String {
    let mut s = format!("{} {}", decl.kind.keyword(), list(decl.items()));
    if !decl.from().is_empty() {
        s.push_str(&format!(" from {}", list(decl.from())));
    }
    if let Some(by) = decl.by() {
        s.push_str(&format!(" by {}", by.name));
    }
    if let Some(to) = &decl.to {
        s.push_str(&format!(" to {}", to.name));
    }
    if !decl.purposes().is_empty() {
        s.push_str(&format!(" for {}", list(decl.purposes())));
    }
    s
}

/// A flow as a [`FlowRef`]: a statement, or a joint use by its name.
pub(super) fn flow_ref(v: &Version, flow: &Flow) -> Option<FlowRef> {
    let statement = match flow.origin() {
        Origin::Statement(i) => statement(v.model.flows.get(i as usize)?),
        Origin::JointUse(i) | Origin::JointAcquisition(i) => {
            format!(
                "joint use {}",
                v.model.joint_uses.get(i as usize)?.name.name
            )
        }
    };
    Some(FlowRef {
        location: v.location(flow.head(v.model))?,
        statement,
    })
}

/// How two statements' clauses differ.
struct Clauses<'m> {
    /// Consent, exceptions, request, succession, safeguards.
    grounds: Vec<&'static str>,
    /// Contract, selection criteria, notes.
    terms: Vec<&'static str>,
    retention: (
        Option<std::borrow::Cow<'m, Retention>>,
        Option<std::borrow::Cow<'m, Retention>>,
    ),
}

impl<'m> Clauses<'m> {
    fn of(
        old: &Version<'m>,
        new: &Version<'m>,
        names: &Names,
        old_flow: FlowId,
        new_flow: FlowId,
    ) -> Option<Clauses<'m>> {
        let (of, nf) = (old.graph.flow(old_flow)?, new.graph.flow(new_flow)?);
        let (od, nd) = (of.statement(old.model)?, nf.statement(new.model)?);
        let texts = |a: &[crate::ast::Text], b: &[crate::ast::Text]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.value == y.value)
        };
        let exceptions = od.exceptions().len() == nd.exceptions().len()
            && od
                .exceptions()
                .iter()
                .zip(nd.exceptions())
                .all(|(o, n)| names.new_name(&o.name) == n.name);
        let mut grounds = Vec::new();
        if of.own_consent() != nf.own_consent() {
            grounds.push("consent");
        }
        if !exceptions {
            grounds.push("exceptions");
        }
        if od.on_request().is_some() != nd.on_request().is_some() {
            grounds.push("request");
        }
        if od.succession().is_some() != nd.succession().is_some() {
            grounds.push("succession");
        }
        if !texts(od.safeguards(), nd.safeguards()) {
            grounds.push("safeguards");
        }
        let mut terms = Vec::new();
        let value = |t: Option<&'m crate::ast::Text>| t.map(|t| t.value.as_str());
        if value(od.contract()) != value(nd.contract()) {
            terms.push("contract");
        }
        if value(od.selected_by()) != value(nd.selected_by()) {
            terms.push("selection criteria");
        }
        if !texts(&od.remarks().notes, &nd.remarks().notes)
            || !texts(&od.remarks().commitments, &nd.remarks().commitments)
        {
            terms.push("notes");
        }
        Some(Clauses {
            grounds,
            terms,
            retention: (od.retention(), nd.retention()),
        })
    }

    fn same(&self) -> bool {
        self.grounds.is_empty()
            && self.terms.is_empty()
            && retention::compare(self.retention.0.as_deref(), self.retention.1.as_deref())
                == Compared::Same
    }
}

/// A statement that carries on: its clauses compared (grounds, contract,
/// safeguards, retention, notes).
/// `consent_changes`: whether a change of this statement already needs
/// consent (then a change of its grounds says nothing more).
fn clauses(
    new: &Version,
    people: &People,
    new_flow: FlowId,
    consent_changes: bool,
    clauses: Option<Clauses>,
    out: &mut Vec<Change>,
) {
    let Some(Clauses {
        grounds,
        terms,
        retention: (old_retention, new_retention),
    }) = clauses
    else {
        return;
    };
    let Some(nf) = new.graph.flow(new_flow) else {
        return;
    };
    let Some(nd) = nf.statement(new.model) else {
        return;
    };
    let retention = retention_change(
        new,
        old_retention.as_deref(),
        new_retention.as_deref(),
        Message::new().words(format!("the retention of this {}", nd.kind.keyword())),
    );
    let ground_change = !grounds.is_empty() && !consent_changes;
    if !ground_change && terms.is_empty() && retention.is_none() {
        return;
    }
    let flows: Vec<FlowRef> = flow_ref(new, nf).into_iter().collect();
    let subjects = people.of_flow(nf, nf.item_ids());
    let change = |kind, message: Message| Change {
        kind,
        effect: Effect::None,
        message,
        law: Vec::new(),
        note: None,
        location: new.location(nf.head(new.model)),
        flows: flows.clone(),
        subjects: subjects.clone(),
    };
    if ground_change {
        out.push(change(
            Kind::Covered,
            Message::new().words(format!(
                "the {} of this {} changed, and what it needs is still met",
                words(&grounds),
                nd.kind.keyword()
            )),
        ));
    }
    if !terms.is_empty() {
        out.push(change(
            Kind::NoDuty,
            Message::new().words(format!(
                "the {} of this {} changed",
                words(&terms),
                nd.kind.keyword()
            )),
        ));
    }
    if let Some(c) = retention {
        out.push(Change {
            location: new.location(nf.head(new.model)),
            flows,
            subjects,
            ..c
        });
    }
}

/// `a`, `a and b`, `a, b and c`: lawful's own words.
pub(super) fn words(list: &[&str]) -> String {
    match list {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A retention change as a change, if the period changed: `what` names
/// whose retention it is ("the retention of purpose `x`").
pub(super) fn retention_change(
    v: &Version,
    old: Option<&crate::ast::Retention>,
    new: Option<&crate::ast::Retention>,
    what: Message,
) -> Option<Change> {
    let compared = retention::compare(old, new);
    let (kind, how) = match compared {
        Compared::Same => return None,
        Compared::Longer => (Kind::RetentionLengthened, "is longer"),
        Compared::Dropped => (Kind::RetentionLengthened, "is no longer stated"),
        Compared::Incomparable => (
            Kind::RetentionLengthened,
            "changed, and lawful cannot tell whether it is longer",
        ),
        Compared::Shorter => (Kind::Narrowed, "is shorter"),
        Compared::Stated => (Kind::Narrowed, "is now stated"),
    };
    let (effect, law) = if kind == Kind::RetentionLengthened {
        kinds::apply(duties::RETENTION_LENGTHENED, &v.model.regimes)
    } else {
        (Effect::None, Vec::new())
    };
    let note = (kind == Kind::RetentionLengthened)
        .then(|| kind.note().map(str::to_string))
        .flatten();
    let message = what
        .words(format!(" {how}: "))
        .quote(retention::describe(new))
        .words(", was ")
        .quote(retention::describe(old));
    Some(Change {
        kind,
        effect,
        message,
        law,
        note,
        location: None,
        flows: Vec::new(),
        subjects: Vec::new(),
    })
}
