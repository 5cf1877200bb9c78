//! The resolved policy: every declaration of a policy set (a root file and
//! its imports) gathered by kind, with a symbol table. Later stages (graph,
//! rules, renderers) read this, never the per-file AST.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::Within;
use crate::ast::*;
use crate::span::Span;

/// A legal regime a policy declares itself `under`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Regime {
    #[serde(rename = "APPI")]
    Appi,
    #[serde(rename = "GDPR")]
    Gdpr,
}

impl Regime {
    pub const ALL: &'static [Regime] = &[Regime::Appi, Regime::Gdpr];

    pub fn name(self) -> &'static str {
        match self {
            Regime::Appi => "APPI",
            Regime::Gdpr => "GDPR",
        }
    }

    pub fn from_name(name: &str) -> Option<Regime> {
        Regime::ALL.iter().copied().find(|r| r.name() == name)
    }
}

/// The kinds of things a name can stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SymbolKind {
    Controller,
    Party,
    Contact,
    Subject,
    Source,
    Method,
    Data,
    Purpose,
    Exception,
    JointUse,
    Anonymous,
    Forbid,
}

impl SymbolKind {
    /// "a data item", "a purpose": for messages.
    pub fn describe(self) -> &'static str {
        match self {
            SymbolKind::Controller => "the controller",
            SymbolKind::Party => "a party",
            SymbolKind::Contact => "a contact",
            SymbolKind::Subject => "a data subject",
            SymbolKind::Source => "a source",
            SymbolKind::Method => "a method of acquisition",
            SymbolKind::Data => "a data item",
            SymbolKind::Purpose => "a purpose",
            SymbolKind::Exception => "an exception",
            SymbolKind::JointUse => "a joint use",
            SymbolKind::Anonymous => "anonymously processed information",
            SymbolKind::Forbid => "an organisation rule",
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Symbol {
    pub kind: SymbolKind,
    /// Index into the model's list for that kind.
    pub index: usize,
    pub span: Span,
}

/// A data item by its position in [`Model::data`]: the declaration the
/// symbol table kept for its name. Later stages key their tables by these
/// instead of by name, so that they neither hash nor copy names per flow.
pub type DataId = usize;

/// A purpose by its position in [`Model::purposes`] (the declaration the
/// symbol table kept for its name).
pub type PurposeId = usize;

/// Every declaration of one policy set, in declaration order (root file
/// first, then imports in the order they were imported).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Model {
    pub policy: Option<PolicyDecl>,
    pub regimes: Vec<Regime>,
    pub controller: Option<ControllerDecl>,
    pub parties: Vec<PartyDecl>,
    pub contacts: Vec<ContactDecl>,
    pub subjects: Vec<SubjectDecl>,
    pub sources: Vec<NamedText>,
    pub methods: Vec<NamedText>,
    /// Data items in boxes of their own, as purposes and flows: each takes
    /// the place the syntax tree's one-item list had just freed, where a
    /// list of all of them, reserved before the tree is taken apart, held
    /// the items twice at the peak (docs/performance.md "Memory").
    pub data: Vec<Box<DataItem>>,
    /// Purposes and flows stay in the boxes the syntax tree made: moving
    /// them out would free one block per declaration and leave the heap
    /// fragmented (docs/performance.md "Memory").
    pub purposes: Vec<Box<PurposeDecl>>,
    pub exceptions: Vec<ExceptionDecl>,
    pub flows: Vec<Box<FlowDecl>>,
    pub joint_uses: Vec<JointUseDecl>,
    pub anonymous: Vec<AnonymousDecl>,
    pub rights: Vec<RightsDecl>,
    pub security: Vec<SecurityDecl>,
    pub retention_defaults: Vec<RetainDecl>,
    pub events: Vec<OnDecl>,
    pub commitments: Vec<Text>,
    pub forbids: Vec<ForbidDecl>,
    #[serde(skip)]
    pub symbols: FxHashMap<Name, Symbol>,
    /// The day whose law the policy is checked against (`--as-of`); today
    /// when `None`.
    #[serde(skip)]
    pub checked_on: Option<crate::law::jurisdiction::Day>,
    /// Which purpose is within which, worked out once (cycles cut).
    #[serde(skip)]
    pub within: Within,
    /// For each purpose, the purpose whose retention applies to it: itself
    /// or the nearest wider one that states one.
    #[serde(skip)]
    pub(super) retention_from: Vec<Option<PurposeId>>,
}

impl Model {
    pub fn lookup(&self, name: &str) -> Option<&Symbol> {
        self.symbols.get(name)
    }

    fn get<'a, T>(&self, name: &str, kind: SymbolKind, list: &'a [T]) -> Option<&'a T> {
        let symbol = self.symbols.get(name)?;
        if symbol.kind == kind {
            list.get(symbol.index)
        } else {
            None
        }
    }

    fn id(&self, name: &str, kind: SymbolKind) -> Option<usize> {
        let symbol = self.symbols.get(name)?;
        (symbol.kind == kind).then_some(symbol.index)
    }

    pub fn data_item(&self, name: &str) -> Option<&DataItem> {
        self.get(name, SymbolKind::Data, &self.data).map(|d| &**d)
    }

    /// The id of the data item `name` stands for, if it is one.
    pub fn data_id(&self, name: &str) -> Option<DataId> {
        self.id(name, SymbolKind::Data)
    }

    pub fn purpose(&self, name: &str) -> Option<&PurposeDecl> {
        self.get(name, SymbolKind::Purpose, &self.purposes)
            .map(|p| &**p)
    }

    /// The id of the purpose `name` stands for, if it is one.
    pub fn purpose_id(&self, name: &str) -> Option<PurposeId> {
        self.id(name, SymbolKind::Purpose)
    }

    /// The purpose whose retention applies to `purpose`: the purpose itself
    /// or the nearest purpose it is `within` that states one.
    pub fn retention_source(&self, purpose: PurposeId) -> Option<PurposeId> {
        self.retention_from.get(purpose).copied().flatten()
    }

    /// The name of a data item, by id (as declared).
    pub fn data_name(&self, id: DataId) -> &str {
        self.data.get(id).map_or("", |d| d.name.name.as_str())
    }

    /// The name of a purpose, by id (as declared).
    pub fn purpose_name(&self, id: PurposeId) -> &str {
        self.purposes.get(id).map_or("", |p| p.name.name.as_str())
    }

    pub fn party(&self, name: &str) -> Option<&PartyDecl> {
        self.get(name, SymbolKind::Party, &self.parties)
    }

    pub fn exception(&self, name: &str) -> Option<&ExceptionDecl> {
        self.get(name, SymbolKind::Exception, &self.exceptions)
    }

    pub fn subject(&self, name: &str) -> Option<&SubjectDecl> {
        self.get(name, SymbolKind::Subject, &self.subjects)
    }

    pub fn contact(&self, name: &str) -> Option<&ContactDecl> {
        self.get(name, SymbolKind::Contact, &self.contacts)
    }

    /// Whether `name` is the controller's own name.
    pub fn is_controller(&self, name: &str) -> bool {
        self.controller
            .as_ref()
            .is_some_and(|c| c.name.name == name)
    }

    pub fn under(&self, regime: Regime) -> bool {
        self.regimes.contains(&regime)
    }

    /// The day whose law applies: `--as-of`, or today.
    pub fn day(&self) -> crate::law::jurisdiction::Day {
        self.checked_on.unwrap_or_else(crate::law::today)
    }

    /// The controller's `country`, when it lies outside the EEA on the day
    /// whose law applies: such a controller needs a representative in the
    /// Union (GDPR Art. 27). None when the country is not stated.
    pub fn controller_country_outside_eea(&self) -> Option<&Text> {
        use crate::law::jurisdiction;
        let day = self.day();
        self.controller
            .as_ref()
            .and_then(|c| c.details.country.as_ref())
            .filter(|country| {
                jurisdiction::resolve(&country.value)
                    .is_some_and(|code| !jurisdiction::in_eea(code, day))
            })
    }

    /// For each purpose (by id), whether a `collect` acquires data for it
    /// from the data subjects themselves (GDPR Art. 13, not Art. 14).
    pub fn collected_from_subjects(&self) -> Vec<bool> {
        let mut from_subjects = vec![false; self.purposes.len()];
        for flow in self.flows.iter().filter(|f| f.kind == FlowKind::Collect) {
            if !flow.from().iter().any(|f| self.subject(&f.name).is_some()) {
                continue;
            }
            for id in flow
                .purposes()
                .iter()
                .filter_map(|p| self.purpose_id(&p.name))
            {
                if let Some(slot) = from_subjects.get_mut(id) {
                    *slot = true;
                }
            }
        }
        from_subjects
    }

    /// The day of the law the policy says it was written against: `under
    /// ... as of DATE`, else its latest `revised` date, else its `effective`
    /// date; `None` when it states none.
    pub fn written_on(&self) -> Option<crate::law::jurisdiction::Day> {
        let policy = self.policy.as_ref()?;
        let day = |d: &Date| (d.year, d.month, d.day);
        policy
            .as_of
            .as_ref()
            .map(day)
            .or_else(|| policy.revised.iter().map(day).max())
            .or_else(|| policy.effective.as_ref().map(day))
    }
}
