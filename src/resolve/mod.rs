//! Name resolution: gathers the declarations of a policy set into a
//! [`Model`], and reports `duplicate-definition`, `undefined-reference`
//! (with a did-you-mean) and `unused-definition`.

mod model;
mod suggest;
mod within;

pub use model::{DataId, Model, PurposeId, Regime, Symbol, SymbolKind};
pub use suggest::Suggester;
pub use within::Within;

use crate::ast::{self, Decl, Ident};
use crate::diagnostic::{Code, Diagnostic, Fix, Sink};

/// The rights a `rights` block may list under `handles` and `fee ... for`.
pub const RIGHT_KINDS: &[&str] = &[
    "disclosure",
    "correction",
    "addition",
    "deletion",
    "cessation",
    "purpose_notification",
    "third_party_records",
    "erasure",
    "restriction",
    "portability",
    "objection",
    "withdrawal",
];

/// Builds the model of one policy set from its parsed files (root first).
/// The files are moved into the model, not copied: a large policy set is
/// held in memory once.
pub fn resolve(files: Vec<ast::File>, diagnostics: &mut dyn Sink) -> Model {
    let mut model = Model::default();
    reserve(&mut model, &files);
    for file in files {
        for decl in file.decls {
            gather(&mut model, decl, diagnostics);
        }
    }
    let mut resolver = Resolver {
        model: &model,
        used: Used::default(),
        suggester: None,
        diagnostics,
    };
    resolver.check_references();
    let used = resolver.used;
    report_unused(&model, &used, diagnostics);
    resolve_within(&mut model, diagnostics);
    model
}

/// Works out the `within` relation once (see [`Within`]) and reports its
/// cycles as `within-cycle`.
fn resolve_within(model: &mut Model, diagnostics: &mut dyn Sink) {
    let wider = model
        .purposes
        .iter()
        .map(|p| p.within.as_ref().and_then(|w| model.purpose_id(&w.name)))
        .collect();
    let (within, cycles) = Within::new(wider);
    for cycle in &cycles {
        diagnostics.push(within_cycle(model, cycle));
    }
    model.retention_from = within.nearest(|p| model.purposes[p].retention.is_some());
    model.within = within;
}

/// How many purposes of a cycle a `within-cycle` diagnostic names and
/// points at: a cycle of thousands is reported in a few lines.
const CYCLE_SHOWN: usize = 4;

fn within_cycle(model: &Model, cycle: &[PurposeId]) -> Diagnostic {
    let name = |p: PurposeId| model.purpose_name(p);
    let within_span = |p: PurposeId| {
        let purpose = &model.purposes[p];
        purpose
            .within
            .as_ref()
            .map_or(purpose.name.span, |w| w.span)
    };
    let first = cycle[0];
    let message = if cycle.len() == 1 {
        format!("purpose `{}` is within itself", name(first))
    } else {
        let shown: Vec<String> = cycle
            .iter()
            .take(CYCLE_SHOWN)
            .map(|&p| format!("`{}`", name(p)))
            .collect();
        let names = match shown.split_last() {
            _ if cycle.len() > CYCLE_SHOWN => {
                format!(
                    "{} and {} more",
                    shown.join(", "),
                    cycle.len() - CYCLE_SHOWN
                )
            }
            Some((last, init)) => format!("{} and {last}", init.join(", ")),
            None => String::new(),
        };
        format!("purposes {names} are within each other in a cycle")
    };
    let next = |i: usize| name(cycle[(i + 1) % cycle.len()]);
    let mut diagnostic = Diagnostic::new(
        Code::WithinCycle,
        message,
        within_span(first),
        format!("`{}` is within `{}`", name(first), next(0)),
    );
    for (i, &p) in cycle.iter().enumerate().skip(1).take(CYCLE_SHOWN - 1) {
        diagnostic = diagnostic.with_label(
            within_span(p),
            format!("`{}` is within `{}`", name(p), next(i)),
        );
    }
    diagnostic.with_help(format!(
        "a purpose is within a wider one: remove the `within` that leads back (lawful checks the rest as if `{}` were within nothing)",
        name(first)
    ))
}

/// Makes room in the model for exactly the declarations of `files`: the
/// lists hold large structs, and a list grown by doubling is up to twice
/// the size it needs (flows are most of a large policy set; a policy made
/// of purposes or data items fills those lists instead).
fn reserve(model: &mut Model, files: &[ast::File]) {
    let mut counts = [0usize; 8];
    for decl in files.iter().flat_map(|f| &f.decls) {
        match decl {
            Decl::Flow(_) => counts[0] += 1,
            Decl::Data(data) => counts[1] += data.items.len(),
            Decl::Purpose(_) => counts[2] += 1,
            Decl::Party(_) => counts[3] += 1,
            Decl::Subject(_) => counts[4] += 1,
            Decl::Source(_) => counts[5] += 1,
            Decl::Method(_) => counts[6] += 1,
            Decl::Exception(_) => counts[7] += 1,
            _ => {}
        }
    }
    model.flows.reserve_exact(counts[0]);
    model.data.reserve_exact(counts[1]);
    model.purposes.reserve_exact(counts[2]);
    model.parties.reserve_exact(counts[3]);
    model.subjects.reserve_exact(counts[4]);
    model.sources.reserve_exact(counts[5]);
    model.methods.reserve_exact(counts[6]);
    model.exceptions.reserve_exact(counts[7]);
    let names: usize = counts.iter().skip(1).sum();
    model.symbols.reserve(names);
}

fn gather(model: &mut Model, decl: Decl, diagnostics: &mut dyn Sink) {
    match decl {
        Decl::Policy(policy) => {
            if let Some(first) = &model.policy {
                diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateDefinition,
                        "a policy set has one `policy` header",
                        policy.span,
                        "second header",
                    )
                    .with_label(first.span, "first header"),
                );
                return;
            }
            for regime in &policy.regimes {
                match Regime::from_name(&regime.name) {
                    Some(r) if !model.regimes.contains(&r) => model.regimes.push(r),
                    Some(_) => {}
                    None => diagnostics.push(unknown_regime(regime)),
                }
            }
            model.policy = Some(*policy);
        }
        Decl::Import(_) => {}
        Decl::Controller(controller) => {
            if let Some(first) = &model.controller {
                diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateDefinition,
                        "a policy set has one controller",
                        controller.name.span,
                        "second controller",
                    )
                    .with_label(first.name.span, "first controller")
                    .with_help("declare other companies with `party ... as ...`"),
                );
                return;
            }
            define(
                model,
                diagnostics,
                &controller.name,
                SymbolKind::Controller,
                0,
            );
            model.controller = Some(*controller);
        }
        Decl::Party(party) => {
            define(
                model,
                diagnostics,
                &party.name,
                SymbolKind::Party,
                model.parties.len(),
            );
            model.parties.push(*party);
        }
        Decl::Contact(contact) => {
            define(
                model,
                diagnostics,
                &contact.name,
                SymbolKind::Contact,
                model.contacts.len(),
            );
            model.contacts.push(*contact);
        }
        Decl::Subject(subject) => {
            define(
                model,
                diagnostics,
                &subject.name,
                SymbolKind::Subject,
                model.subjects.len(),
            );
            model.subjects.push(*subject);
        }
        Decl::Source(source) => {
            define(
                model,
                diagnostics,
                &source.name,
                SymbolKind::Source,
                model.sources.len(),
            );
            model.sources.push(*source);
        }
        Decl::Method(method) => {
            define(
                model,
                diagnostics,
                &method.name,
                SymbolKind::Method,
                model.methods.len(),
            );
            model.methods.push(*method);
        }
        Decl::Data(data) => {
            for item in data.items {
                define(
                    model,
                    diagnostics,
                    &item.name,
                    SymbolKind::Data,
                    model.data.len(),
                );
                model.data.push(Box::new(item));
            }
        }
        Decl::Purpose(purpose) => {
            define(
                model,
                diagnostics,
                &purpose.name,
                SymbolKind::Purpose,
                model.purposes.len(),
            );
            model.purposes.push(purpose);
        }
        Decl::Exception(exception) => {
            for citation in &exception.citations {
                if Regime::from_name(&citation.regime.name).is_none() {
                    diagnostics.push(unknown_regime(&citation.regime));
                }
            }
            define(
                model,
                diagnostics,
                &exception.name,
                SymbolKind::Exception,
                model.exceptions.len(),
            );
            model.exceptions.push(*exception);
        }
        Decl::Flow(flow) => model.flows.push(flow),
        Decl::JointUse(joint) => {
            define(
                model,
                diagnostics,
                &joint.name,
                SymbolKind::JointUse,
                model.joint_uses.len(),
            );
            model.joint_uses.push(*joint);
        }
        Decl::Anonymous(anonymous) => {
            define(
                model,
                diagnostics,
                &anonymous.name,
                SymbolKind::Anonymous,
                model.anonymous.len(),
            );
            model.anonymous.push(*anonymous);
        }
        Decl::Rights(rights) => model.rights.push(*rights),
        Decl::Security(security) => model.security.push(*security),
        Decl::Retain(retain) => {
            if let ast::RetentionKind::RequiredByLaw { citations, .. } = &retain.retention.kind {
                for citation in citations {
                    if Regime::from_name(&citation.regime.name).is_none() {
                        diagnostics.push(unknown_regime(&citation.regime));
                    }
                }
            }
            model.retention_defaults.push(*retain)
        }
        Decl::On(on) => model.events.push(*on),
        Decl::Commitment(text) => model.commitments.push(text),
        Decl::Forbid(forbid) => {
            define(
                model,
                diagnostics,
                &forbid.name,
                SymbolKind::Forbid,
                model.forbids.len(),
            );
            model.forbids.push(*forbid);
        }
    }
}

fn define(
    model: &mut Model,
    diagnostics: &mut dyn Sink,
    name: &Ident,
    kind: SymbolKind,
    index: usize,
) {
    if name.name.is_empty() {
        return;
    }
    if let Some(previous) = model.symbols.get(name.name.as_str()) {
        diagnostics.push(
            Diagnostic::new(
                Code::DuplicateDefinition,
                format!("`{}` is defined more than once", name.name),
                name.span,
                format!("defined again here as {}", kind.describe()),
            )
            .with_label(
                previous.span,
                format!("first defined here as {}", previous.kind.describe()),
            )
            .with_help("rename one of them; every name in a policy set is unique"),
        );
        return;
    }
    model.symbols.insert(
        name.name,
        Symbol {
            kind,
            index,
            span: name.span,
        },
    );
}

fn unknown_regime(regime: &Ident) -> Diagnostic {
    let names: Vec<&str> = Regime::ALL.iter().map(|r| r.name()).collect();
    let mut diagnostic = Diagnostic::new(
        Code::InvalidValue,
        format!("`{}` is not a regime lawful knows", regime.name),
        regime.span,
        "unknown regime",
    );
    diagnostic = match suggest::closest(&regime.name, names.iter().copied()) {
        Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
        None => diagnostic.with_help(format!("the known regimes are {}", names.join(", "))),
    };
    diagnostic
}

struct Resolver<'m, 'd> {
    model: &'m Model,
    /// The symbols referred to, each by its kind and index (which tell
    /// symbols apart without hashing their names again).
    used: Used,
    /// Made at the first undefined name: most policies have none.
    suggester: Option<suggest::Suggester<'m>>,
    diagnostics: &'d mut dyn Sink,
}

use SymbolKind as K;

impl<'m> Resolver<'m, '_> {
    fn mark_used(&mut self, symbol: &Symbol) {
        self.used.insert(symbol);
    }

    /// Checks that `name` is one of `kinds` and records it as used.
    fn expect(&mut self, name: &'m Ident, kinds: &[SymbolKind], role: &str) {
        let model = self.model;
        match model.lookup(&name.name) {
            Some(symbol) if kinds.contains(&symbol.kind) => self.mark_used(symbol),
            Some(symbol) => {
                // Still counts as a use: the name is there, only misplaced.
                self.mark_used(symbol);
                let symbol = *symbol;
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::UndefinedReference,
                        format!(
                            "`{}` is {}, not {}",
                            name.name,
                            symbol.kind.describe(),
                            describe_kinds(kinds)
                        ),
                        name.span,
                        format!("expected {} here ({role})", describe_kinds(kinds)),
                    )
                    .with_label(symbol.span, format!("`{}` is defined here", name.name)),
                );
            }
            None => {
                let suggestion = self
                    .suggester
                    .get_or_insert_with(|| suggest::Suggester::new(model))
                    .closest(&name.name, kinds);
                let mut diagnostic = Diagnostic::new(
                    Code::UndefinedReference,
                    format!("`{}` is not defined", name.name),
                    name.span,
                    "not declared",
                );
                diagnostic = match suggestion {
                    Some(best) => {
                        // The author meant `best`: do not also call it unused.
                        let best_symbol = model.lookup(best);
                        if let Some(symbol) = best_symbol {
                            self.mark_used(symbol);
                        }
                        let span = best_symbol.map(|s| s.span);
                        // The name declared replaces the one written: a
                        // fix (`--fix`), as it asserts nothing new.
                        let d = diagnostic
                            .with_help(format!("did you mean `{best}`?"))
                            .with_fix(Fix::replace(
                                format!("replace `{}` with `{best}`", name.name),
                                name.span,
                                best,
                            ));
                        match span {
                            Some(span) => d.with_label(span, format!("`{best}` is defined here")),
                            None => d,
                        }
                    }
                    None => diagnostic.with_help(format!(
                        "declare it, e.g. `{} {} ...`",
                        declaration_keyword(kinds[0]),
                        name.name
                    )),
                };
                self.diagnostics.push(diagnostic);
            }
        }
    }

    fn expect_all(&mut self, names: &'m [Ident], kinds: &[SymbolKind], role: &str) {
        for name in names {
            self.expect(name, kinds, role);
        }
    }

    fn right_kinds(&mut self, names: &[Ident]) {
        for name in names {
            if RIGHT_KINDS.contains(&name.name.as_str()) {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                Code::InvalidValue,
                format!("`{}` is not a data-subject right lawful knows", name.name),
                name.span,
                "unknown right",
            );
            diagnostic = match suggest::closest(&name.name, RIGHT_KINDS.iter().copied()) {
                Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
                None => {
                    diagnostic.with_help(format!("the known rights are {}", RIGHT_KINDS.join(", ")))
                }
            };
            self.diagnostics.push(diagnostic);
        }
    }

    fn check_references(&mut self) {
        let model = self.model;
        if let Some(controller) = &model.controller {
            self.expect_all(&controller.member_of, &[K::Party], "member of");
            if let Some(ast::Dpo::Contact(contact)) = &controller.dpo {
                self.expect(contact, &[K::Contact], "dpo");
            }
            if let Some(representative) = &controller.eu_representative {
                self.expect(representative, &[K::Party], "eu representative");
            }
        }
        for subject in &model.subjects {
            if let Some(target) = &subject.treated_as {
                self.expect(target, &[K::Subject], "treated as");
            }
        }
        for purpose in &model.purposes {
            if let Some(within) = &purpose.within {
                self.expect(within, &[K::Purpose], "within");
            }
        }
        for flow in &model.flows {
            use ast::FlowKind::*;
            self.expect_all(flow.items(), &[K::Data], "data");
            let from_kinds: &[SymbolKind] = match flow.kind {
                Collect => &[K::Subject, K::Source, K::Party, K::Controller],
                _ => &[K::Party, K::Controller],
            };
            self.expect_all(flow.from(), from_kinds, "from");
            self.expect_all(flow.about(), &[K::Subject], "about");
            self.expect_all(flow.via(), &[K::Method], "via");
            if let Some(by) = flow.by() {
                self.expect(by, &[K::Party, K::Controller], "by");
            }
            if let Some(to) = &flow.to {
                self.expect(to, &[K::Party], "to");
            }
            self.expect_all(flow.purposes(), &[K::Purpose], "for");
            self.expect_all(flow.exceptions(), &[K::Exception], "under");
            self.expect_all(
                &flow.opt_out_matters().acquired_via,
                &[K::Method],
                "acquired via",
            );
            self.expect_all(
                &flow.opt_out_matters().stops_via,
                &[K::Contact],
                "stops on request via",
            );
        }
        for joint in &model.joint_uses {
            self.expect_all(&joint.items, &[K::Data], "items");
            self.expect_all(&joint.except, &[K::Data], "except");
            if let Some(users) = &joint.users {
                self.expect(users, &[K::Party], "users");
            }
            self.expect_all(&joint.purposes, &[K::Purpose], "purposes");
            self.expect_all(&joint.acquired_via, &[K::Method], "acquired via");
        }
        for anonymous in &model.anonymous {
            self.expect_all(&anonymous.items, &[K::Data], "items");
        }
        for rights in &model.rights {
            self.right_kinds(&rights.handles);
            for fee in &rights.fees {
                self.right_kinds(&fee.applies_to);
            }
            self.expect_all(&rights.contacts, &[K::Contact], "contact");
        }
        for event in &model.events {
            self.expect_all(&event.via, &[K::Contact], "via");
            for report in &event.reports {
                self.expect(&report.to, &[K::Party], "report to");
            }
        }
    }
}

fn describe_kinds(kinds: &[SymbolKind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.describe()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

fn declaration_keyword(kind: SymbolKind) -> &'static str {
    match kind {
        K::Controller => "controller",
        K::Party => "party",
        K::Contact => "contact",
        K::Subject => "subject",
        K::Source => "source",
        K::Method => "method",
        K::Data => "data",
        K::Purpose => "purpose",
        K::Exception => "exception",
        K::JointUse => "joint use",
        K::Anonymous => "anonymous information",
        K::Forbid => "forbid",
    }
}

/// Declarations nobody refers to. Contacts, the controller, joint uses,
/// anonymous information and organisation rules stand on their own: they
/// are published or enforced without being referred to.
/// The symbols referred to: a flag per declaration of each kind (a byte
/// each, where a set of (kind, index) took 16 bytes and a table's slack per
/// name).
#[derive(Default)]
struct Used {
    by_kind: Vec<Vec<bool>>,
}

impl Used {
    fn insert(&mut self, symbol: &Symbol) {
        let kind = symbol.kind as usize;
        if self.by_kind.len() <= kind {
            self.by_kind.resize_with(kind + 1, Vec::new);
        }
        let flags = &mut self.by_kind[kind];
        if flags.len() <= symbol.index {
            flags.resize(symbol.index + 1, false);
        }
        flags[symbol.index] = true;
    }

    fn contains(&self, symbol: &Symbol) -> bool {
        self.by_kind
            .get(symbol.kind as usize)
            .and_then(|flags| flags.get(symbol.index))
            .copied()
            .unwrap_or(false)
    }
}

fn report_unused(model: &Model, used: &Used, diagnostics: &mut dyn Sink) {
    let mut unused: Vec<(&crate::name::Name, &Symbol)> = model
        .symbols
        .iter()
        .filter(|(_, symbol)| {
            !used.contains(symbol)
                && matches!(
                    symbol.kind,
                    K::Party
                        | K::Subject
                        | K::Source
                        | K::Method
                        | K::Data
                        | K::Purpose
                        | K::Exception
                )
        })
        .collect();
    unused.sort_by_key(|(_, symbol)| symbol.span);
    for (name, symbol) in unused {
        diagnostics.push(
            Diagnostic::new(
                Code::UnusedDefinition,
                format!("{} `{name}` is declared but never used", noun(symbol.kind)),
                symbol.span,
                "never referred to",
            )
            .with_help("refer to it from a flow, or remove it if the policy no longer needs it"),
        );
    }
}

/// "data item", "purpose": the kind without its article.
fn noun(kind: SymbolKind) -> &'static str {
    let text = kind.describe();
    ["a ", "an ", "the "]
        .iter()
        .find_map(|a| text.strip_prefix(a))
        .unwrap_or(text)
}
