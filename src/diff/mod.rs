//! `lawful diff`: what a change of policy means for consent and notice.
//!
//! Two versions of a policy set are compared as compiled models, never as
//! text, so formatting and comments make no difference:
//!
//! - declarations are matched by name; one that disappears under one name
//!   and appears with the same content under another is a rename
//!   ([`names`]);
//! - flows are compared item by item: each `collect`, `use`, `outsource`
//!   and `provide` statement is cut into *atoms* (one item, from one node,
//!   to one node, for one purpose), and what each new atom needs that
//!   nothing shown gives it is decided by the checker's own
//!   [`crate::rules::needs`] and the statute catalogue ([`flows`]);
//! - the other declarations are compared field by field ([`decls`]).
//!
//! Every change is classified by its legal effect ([`Effect`]) with the
//! articles that give it, the flows it concerns and the people whose data
//! it is. Where the law leaves a question open (whether a new purpose is
//! "reasonably related" to the old one under APPI Art. 17(2)) the change
//! says so in its note rather than guess. [`kinds`] has the classes and
//! their explanations; [`render`] the output formats; [`sets`] pairs the
//! policy sets of two runs; [`git`] reads an old version from git.

mod decls;
mod flows;
pub mod git;
pub mod kinds;
mod message;
mod names;
mod people;
pub mod render;
mod retention;
pub mod sets;

use serde::Serialize;

use crate::Compiled;
use crate::graph::FlowGraph;
use crate::resolve::Model;
use crate::span::{SourceMap, Span};

pub use kinds::{Effect, Kind};
pub use message::{Message, Seg};

/// Which version a location is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Old,
    New,
}

/// A line of a file of one version.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub side: Side,
    pub file: String,
    pub line: usize,
}

/// A flow a change concerns: where it is and what it says, in one line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FlowRef {
    #[serde(flatten)]
    pub location: Location,
    /// `provide email to acme for marketing`
    pub statement: String,
}

/// One change and its legal effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    pub effect: Effect,
    pub message: Message,
    /// The articles that give the effect (`APPI Art. 27(1)`), for the
    /// regimes the new version is under.
    pub law: Vec<String>,
    /// What the law leaves open, or what lawful cannot judge.
    pub note: Option<String>,
    pub location: Option<Location>,
    pub flows: Vec<FlowRef>,
    /// The data subjects whose data the change concerns, by name, sorted.
    pub subjects: Vec<String>,
}

/// Every change between two versions, strongest effect first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    pub changes: Vec<Change>,
}

impl Diff {
    /// How many changes have this effect.
    pub fn count(&self, effect: Effect) -> usize {
        self.changes.iter().filter(|c| c.effect == effect).count()
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The changes with this effect, in order.
    pub fn with_effect(&self, effect: Effect) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.effect == effect)
    }

    /// Renames the files of one side's locations (the copy of a git
    /// revision shown as `main:policies/a.policy`).
    pub fn map_files(&mut self, side: Side, name: impl Fn(&str) -> String) {
        for change in &mut self.changes {
            let flows = change.flows.iter_mut().map(|f| &mut f.location);
            for location in change.location.iter_mut().chain(flows) {
                if location.side == side {
                    location.file = name(&location.file);
                }
            }
        }
    }

    /// Sorts by effect (strongest first), then location, then message, and
    /// drops exact repeats: the order does not depend on hashing.
    fn finish(&mut self) {
        self.changes.sort_by(|a, b| {
            (a.effect, &a.location, a.kind, a.message.plain()).cmp(&(
                b.effect,
                &b.location,
                b.kind,
                b.message.plain(),
            ))
        });
        self.changes.dedup();
    }
}

/// One version of one policy set, with the sources its spans point into.
#[derive(Clone, Copy)]
pub struct Version<'a> {
    pub side: Side,
    pub sources: &'a SourceMap,
    pub model: &'a Model,
    pub graph: &'a FlowGraph,
}

impl<'a> Version<'a> {
    pub fn new(side: Side, sources: &'a SourceMap, compiled: &'a Compiled) -> Version<'a> {
        Version {
            side,
            sources,
            model: &compiled.model,
            graph: &compiled.graph,
        }
    }

    pub(crate) fn location(&self, span: Span) -> Option<Location> {
        if (span.file.0 as usize) >= self.sources.len() {
            return None;
        }
        Some(Location {
            side: self.side,
            file: self.sources.name(span.file).to_string(),
            line: self.sources.line_col(span.file, span.start).line,
        })
    }

    pub(crate) fn cx(&self) -> crate::rules::Context<'a> {
        crate::rules::Context {
            model: self.model,
            graph: self.graph,
        }
    }
}

/// Compares two versions of one policy set.
pub fn compare(old: Version, new: Version) -> Diff {
    let names = names::match_declarations(old.model, new.model);
    let mut diff = Diff::default();
    for (old_name, new_name, span) in names.renamed() {
        diff.changes.push(Change {
            kind: Kind::Renamed,
            effect: Effect::None,
            message: Message::new()
                .name(old_name)
                .words(" is renamed ")
                .name(new_name),
            law: Vec::new(),
            note: None,
            location: new.location(span),
            flows: Vec::new(),
            subjects: Vec::new(),
        });
    }
    let people = (
        people::People::new(old.model, &old.graph.flows),
        people::People::new(new.model, &new.graph.flows),
    );
    flows::compare(&old, &new, &names, &people, &mut diff.changes);
    decls::compare(&old, &new, &names, &people, &mut diff.changes);
    diff.finish();
    diff
}

/// Compares a policy set with nothing: everything in it is new (`added`
/// true) or gone.
pub fn against_empty(version: Version, added: bool) -> Diff {
    let model = Model::default();
    let graph = crate::graph::build(&model);
    let sources = SourceMap::new();
    let empty = Version {
        side: if added { Side::Old } else { Side::New },
        sources: &sources,
        model: &model,
        graph: &graph,
    };
    if added {
        compare(empty, version)
    } else {
        compare(version, empty)
    }
}
