//! Declarations compared field by field: the controller, contacts, parties,
//! purposes, joint uses and the rest, and the blocks without a name
//! (`rights`, `security`, `on`, top-level `retain`, commitments).
//!
//! What the flows do differently is [`super::flows`]'s: a party's new role
//! or an item now special care is reported here as a fact with no duty of
//! its own, and its consequences on the flows there.

use rustc_hash::FxHashMap;
use serde_json::Value;

use super::flows::{flow_ref, is_opt_out, retention_change, words};
use super::kinds::{self, Duty, Kind, duties};
use super::message::Message;
use super::names::{self, Entry, Names};
use super::people::People;
use super::{Change, Effect, FlowRef, Version};
use crate::ast::{EventKind, JointUseDecl, OnDecl, Retention, RightsDecl, SecurityDecl};
use crate::graph::{FlowId, Origin};
use crate::resolve::{Model, SymbolKind};
use crate::span::Span;

/// Which flows each name is used by, in one version.
struct Uses {
    by_name: FxHashMap<String, Vec<FlowId>>,
}

impl Uses {
    fn new(v: &Version) -> Uses {
        let mut by_name: FxHashMap<String, Vec<FlowId>> = FxHashMap::default();
        let mut add = |name: &str, id: FlowId| {
            let flows = by_name.entry(name.to_string()).or_default();
            if flows.last() != Some(&id) {
                flows.push(id);
            }
        };
        for flow in &v.graph.flows {
            for name in flow.item_names(v.model).chain(flow.purpose_names(v.model)) {
                add(name, flow.id());
            }
            for node in flow.from().chain([flow.to]) {
                if let Some(n) = v.graph.node(node) {
                    add(&n.name, flow.id());
                }
            }
            for e in flow.exceptions(v.model) {
                add(&e.name, flow.id());
            }
            if let Origin::JointUse(i) = flow.origin()
                && let Some(j) = v.model.joint_uses.get(i as usize)
            {
                add(&j.name.name, flow.id());
            }
        }
        Uses { by_name }
    }

    fn flows(&self, v: &Version, name: &str) -> Vec<FlowRef> {
        self.by_name
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|&id| flow_ref(v, v.graph.flow(id)?))
            .collect()
    }
}

/// One version with what the comparison looks up in it.
struct Side<'v, 'a> {
    v: &'v Version<'a>,
    people: &'v People<'a>,
    uses: Uses,
}

impl<'v, 'a> Side<'v, 'a> {
    fn new(v: &'v Version<'a>, people: &'v People<'a>) -> Self {
        Side {
            v,
            people,
            uses: Uses::new(v),
        }
    }

    /// A change located at `span` of this version, its effect and law
    /// from `duties` for the new version's regimes.
    fn change(
        &self,
        kind: Kind,
        duties: Option<&[Duty]>,
        regimes: &[crate::resolve::Regime],
        message: Message,
        span: Span,
    ) -> Change {
        let (effect, law) = duties.map_or((Effect::None, Vec::new()), |d| kinds::apply(d, regimes));
        // The notes that hold for every change of the class; a purpose's
        // note is only for a changed text, which sets it.
        let note = match kind {
            Kind::OptOutChanged | Kind::JointUseWidened => kind.note().map(str::to_string),
            _ => None,
        };
        Change {
            kind,
            effect,
            message,
            law,
            note,
            location: self.v.location(span),
            flows: Vec::new(),
            subjects: Vec::new(),
        }
    }
}

struct Compare<'v, 'a> {
    old: Side<'v, 'a>,
    new: Side<'v, 'a>,
    names: &'v Names,
    out: &'v mut Vec<Change>,
}

pub(super) fn compare<'a>(
    old: &Version<'a>,
    new: &Version<'a>,
    names: &Names,
    (old_people, new_people): &(People<'a>, People<'a>),
    out: &mut Vec<Change>,
) {
    let mut c = Compare {
        old: Side::new(old, old_people),
        new: Side::new(new, new_people),
        names,
        out,
    };
    c.named();
    c.policy();
    c.blocks();
}

/// The top-level fields whose values differ, in name order.
fn changed_fields<'a>(old: &'a Value, new: &'a Value) -> Vec<&'a str> {
    let (Value::Object(a), Value::Object(b)) = (old, new) else {
        return Vec::new();
    };
    let mut keys: Vec<&str> = a.keys().chain(b.keys()).map(String::as_str).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .collect()
}

/// A field as the policy's keyword says it.
fn field_words(field: &str) -> &str {
    match field {
        "legal_name" => "legal name",
        "protection_manager" => "protection manager",
        "member_of" => "memberships",
        "complies_with" => "standards complied with",
        "remarks" => "notes",
        "treated_as" => "treated as",
        "special_care" => "special care",
        "acquired_via" => "acquisition methods",
        "provided_by" => "provider",
        "bases" => "lawful basis",
        "text" => "text",
        "matchers" => "matchers",
        other => other,
    }
}

fn fields_words(fields: &[&str]) -> String {
    let words_list: Vec<&str> = fields.iter().map(|f| field_words(f)).collect();
    words(&words_list)
}

impl<'a> Compare<'_, 'a> {
    fn regimes(&self) -> &[crate::resolve::Regime] {
        &self.new.v.model.regimes
    }

    fn push(&mut self, change: Change) {
        self.out.push(change);
    }

    fn named(&mut self) {
        let old_entries = names::entries(self.old.v.model);
        let new_entries = names::entries(self.new.v.model);
        let old_by_name: FxHashMap<&str, &Entry> =
            old_entries.iter().map(|e| (e.name, e)).collect();
        let mut seen_old: rustc_hash::FxHashSet<&str> = Default::default();
        for n in &new_entries {
            let old_name = self.names.old_name(n.name);
            match old_by_name.get(old_name).filter(|o| o.kind == n.kind) {
                Some(o) => {
                    seen_old.insert(o.name);
                    let translated = self.names.translate(&o.value);
                    if translated != n.value {
                        self.changed(o, &translated, n);
                    }
                }
                None => self.added(n),
            }
        }
        for o in old_entries.iter().filter(|o| !seen_old.contains(o.name)) {
            self.removed(o);
        }
    }

    fn everyone(&self) -> Vec<String> {
        self.new.people.everyone()
    }

    fn added(&mut self, n: &Entry) {
        let regimes = self.regimes().to_vec();
        let name = n.name;
        let declared = |what: &str| Message::new().words(format!("{what} ")).name(name);
        let opt_out = opt_out(self.new.v.model, name);
        let mut change = match (n.kind, duty_of(n.kind, opt_out, false)) {
            (SymbolKind::Purpose, _) => {
                let mut c = self.new.change(
                    Kind::PurposeChanged,
                    Some(duties::NEW_PURPOSE_DECLARED),
                    &regimes,
                    declared("purpose")
                        .words(" is declared: ")
                        .quote(text_of(&n.value)),
                    n.span,
                );
                c.subjects = self.new.people.of_purpose(name);
                c
            }
            (SymbolKind::JointUse, _) => {
                let joint = self
                    .new
                    .v
                    .model
                    .joint_uses
                    .iter()
                    .find(|j| j.name.name == name);
                let mut c = self.new.change(
                    Kind::JointUseWidened,
                    Some(duties::JOINT_USE_WIDENED),
                    &regimes,
                    declared("joint use")
                        .words(" is new")
                        .then(joint_scope(joint)),
                    n.span,
                );
                c.subjects = self.joint_subjects(joint);
                c
            }
            (_, Some((kind, duties, noun))) => self.new.change(
                kind,
                Some(duties),
                &regimes,
                declared(noun).words(" is declared"),
                n.span,
            ),
            (kind, None) => self.new.change(
                Kind::NoDuty,
                None,
                &regimes,
                declared(noun(kind)).words(" is declared"),
                n.span,
            ),
        };
        if matches!(n.kind, SymbolKind::Controller | SymbolKind::Contact) {
            change.subjects = self.everyone();
        }
        change.flows = self.new.uses.flows(self.new.v, name);
        self.push(change);
    }

    fn removed(&mut self, o: &Entry) {
        let regimes = self.regimes().to_vec();
        let opt_out = opt_out(self.old.v.model, o.name);
        let (kind, duties, noun) = match duty_of(o.kind, opt_out, true) {
            Some((kind, duties, noun)) => (kind, Some(duties), noun),
            None => (Kind::Narrowed, None, noun(o.kind)),
        };
        let message = Message::new()
            .words(format!("{noun} "))
            .name(o.name)
            .words(" is no longer declared");
        let mut change = self.old.change(kind, duties, &regimes, message, o.span);
        if matches!(o.kind, SymbolKind::Controller | SymbolKind::Contact) {
            change.subjects = self.everyone();
        }
        self.push(change);
    }

    /// A declaration in both versions whose content differs (`old` is the
    /// old content, translated to the new names).
    fn changed(&mut self, o: &Entry, old: &Value, n: &Entry) {
        let fields = changed_fields(old, &n.value);
        let regimes = self.regimes().to_vec();
        let name = n.name;
        let subject = |what: &str| Message::new().words(format!("{what} ")).name(name);
        let flows = self.new.uses.flows(self.new.v, name);
        match n.kind {
            SymbolKind::Controller => {
                let details = nested_fields(old, &n.value, "details");
                let mut all: Vec<&str> =
                    fields.iter().copied().filter(|f| *f != "details").collect();
                all.extend(details);
                let mut c = self.new.change(
                    Kind::ControllerChanged,
                    Some(duties::CONTROLLER),
                    &regimes,
                    Message::new()
                        .words(format!("the controller's {} changed", fields_words(&all))),
                    n.span,
                );
                c.subjects = self.everyone();
                self.push(c);
            }
            SymbolKind::Contact => {
                let mut c = self.new.change(
                    Kind::ContactChanged,
                    Some(duties::CONTACT),
                    &regimes,
                    subject("the").words(format!(" contact's {} changed", fields_words(&fields))),
                    n.span,
                );
                c.subjects = self.everyone();
                self.push(c);
            }
            SymbolKind::Purpose => self.purpose(o, old, n, &fields, flows),
            SymbolKind::JointUse => self.joint_use(old, n, &fields, flows),
            SymbolKind::Party => self.party(old, n, &fields, flows),
            SymbolKind::Data if fields.contains(&"special_care") => {
                let now = n
                    .value
                    .get("special_care")
                    .is_some_and(|v| v == &Value::Bool(true));
                let (kind, how) = if now {
                    (
                        Kind::NoDuty,
                        " is now special care; what that needs is reported on its flows",
                    )
                } else {
                    (Kind::Narrowed, " is no longer special care")
                };
                let mut c = self.new.change(
                    kind,
                    None,
                    &regimes,
                    subject("data item").words(how),
                    n.span,
                );
                c.flows = flows;
                c.subjects = self.new.people.of_items(self.new.v.model.data_id(name));
                self.push(c);
                let rest: Vec<&str> = fields
                    .into_iter()
                    .filter(|f| *f != "special_care")
                    .collect();
                if !rest.is_empty() {
                    self.no_duty(subject("data item"), &rest, n.span);
                }
            }
            SymbolKind::Exception
                if opt_out(self.new.v.model, name) || opt_out(self.old.v.model, o.name) =>
            {
                let mut c = self.new.change(
                    Kind::OptOutChanged,
                    Some(duties::OPT_OUT_CHANGED),
                    &regimes,
                    subject("opt-out exception")
                        .words(format!(": {} changed", fields_words(&fields))),
                    n.span,
                );
                c.flows = flows;
                self.push(c);
            }
            SymbolKind::Anonymous => {
                let c = self.new.change(
                    Kind::PublishedDetailsChanged,
                    Some(duties::ANONYMOUS),
                    &regimes,
                    subject("anonymously processed information")
                        .words(format!(": {} changed", fields_words(&fields))),
                    n.span,
                );
                self.push(c);
            }
            kind => self.no_duty(subject(noun(kind)), &fields, n.span),
        }
    }

    fn no_duty(&mut self, what: Message, fields: &[&str], span: Span) {
        let regimes = self.regimes().to_vec();
        let c = self.new.change(
            Kind::NoDuty,
            None,
            &regimes,
            what.words(format!(": {} changed", fields_words(fields))),
            span,
        );
        self.push(c);
    }

    fn purpose(&mut self, o: &Entry, old: &Value, n: &Entry, fields: &[&str], flows: Vec<FlowRef>) {
        let regimes = self.regimes().to_vec();
        let name = n.name;
        let subjects = self.new.people.of_purpose(name);
        let mut rest = Vec::new();
        for &field in fields {
            let change = match field {
                "text" => {
                    let mut c = self.new.change(
                        Kind::PurposeChanged,
                        Some(duties::PURPOSE_TEXT),
                        &regimes,
                        Message::new()
                            .words("the text of purpose ")
                            .name(name)
                            .words(" changed: now ")
                            .quote(text_of(&n.value))
                            .words(", was ")
                            .quote(text_of(old)),
                        n.span,
                    );
                    c.note = Kind::PurposeChanged.note().map(str::to_string);
                    c
                }
                "bases" => self.new.change(
                    Kind::PurposeChanged,
                    Some(duties::PURPOSE_BASIS),
                    &regimes,
                    Message::new()
                        .words("the lawful basis of purpose ")
                        .name(name)
                        .words(format!(
                            " changed: now {}, was {}",
                            bases(&n.value),
                            bases(old)
                        )),
                    n.span,
                ),
                "retention" => {
                    let what = Message::new().words("the retention of purpose ").name(name);
                    let (Some(p_old), Some(p_new)) = (
                        self.old.v.model.purpose(o.name),
                        self.new.v.model.purpose(name),
                    ) else {
                        continue;
                    };
                    match self.retention(
                        p_old.retention.as_deref(),
                        p_new.retention.as_deref(),
                        what,
                        n.span,
                    ) {
                        Some(c) => c,
                        None => continue,
                    }
                }
                other => {
                    rest.push(other);
                    continue;
                }
            };
            self.push(Change {
                flows: flows.clone(),
                subjects: subjects.clone(),
                ..change
            });
        }
        if !rest.is_empty() {
            self.no_duty(Message::new().words("purpose ").name(name), &rest, n.span);
        }
    }

    fn retention(
        &self,
        old: Option<&Retention>,
        new: Option<&Retention>,
        what: Message,
        span: Span,
    ) -> Option<Change> {
        let c = retention_change(self.new.v, old, new, what)?;
        Some(Change {
            location: self.new.v.location(span),
            ..c
        })
    }

    fn joint_subjects(&self, joint: Option<&JointUseDecl>) -> Vec<String> {
        let model = self.new.v.model;
        let items = joint
            .into_iter()
            .flat_map(|j| &j.items)
            .filter_map(|i| model.data_id(&i.name));
        self.new.people.of_items(items)
    }

    fn joint_use(&mut self, old: &Value, n: &Entry, fields: &[&str], flows: Vec<FlowRef>) {
        let regimes = self.regimes().to_vec();
        let name = n.name;
        let joint = self
            .new
            .v
            .model
            .joint_uses
            .iter()
            .find(|j| j.name.name == name);
        let subjects = self.joint_subjects(joint);
        let of = || Message::new().words(" of joint use ").name(name);
        let mut widened: Vec<Message> = Vec::new();
        let mut narrowed: Vec<&str> = Vec::new();
        let added = |field: &str| added_names(old, &n.value, field);
        let removed = |field: &str| added_names(&n.value, old, field);
        for (field, what) in [("items", "items"), ("acquired_via", "acquisition methods")] {
            let more = added(field);
            if !more.is_empty() {
                widened.push(Message::new().words(format!("{what} ")).names(&more));
            }
            if !removed(field).is_empty() {
                narrowed.push(what);
            }
        }
        let freed = removed("except");
        if !freed.is_empty() {
            widened.push(
                Message::new()
                    .words("items no longer excepted ")
                    .names(&freed),
            );
        }
        if !added("except").is_empty() {
            narrowed.push("items");
        }
        if fields.contains(&"users") {
            let users = n
                .value
                .get("users")
                .and_then(|u| u.get("name"))
                .and_then(Value::as_str);
            widened.push(match users {
                Some(u) => Message::new().words("users ").name(u),
                None => Message::new().words("users"),
            });
        }
        let push = |this: &mut Self, kind, duties: Option<&[Duty]>, message: Message| {
            let mut c = this.new.change(kind, duties, &regimes, message, n.span);
            c.flows = flows.clone();
            c.subjects = subjects.clone();
            this.push(c);
        };
        if !widened.is_empty() {
            let mut m = Message::new()
                .words("joint use ")
                .name(name)
                .words(" now covers ");
            for (i, w) in widened.into_iter().enumerate() {
                if i > 0 {
                    m = m.words("; ");
                }
                m = m.then(w);
            }
            push(
                self,
                Kind::JointUseWidened,
                Some(duties::JOINT_USE_WIDENED),
                m,
            );
        }
        if !narrowed.is_empty() {
            narrowed.dedup();
            let m = Message::new()
                .words(format!("fewer {}", words(&narrowed)))
                .then(of());
            push(self, Kind::Narrowed, None, m);
        }
        if fields.contains(&"purposes") {
            let more = added("purposes");
            let less = removed("purposes");
            let m = Message::new()
                .words("the purposes")
                .then(of())
                .words(" changed");
            let m = if more.is_empty() {
                m
            } else {
                m.words(": added ").names(&more)
            };
            let m = if less.is_empty() {
                m
            } else {
                m.words(if more.is_empty() {
                    ": removed "
                } else {
                    "; removed "
                })
                .names(&less)
            };
            if more.is_empty() {
                push(self, Kind::Narrowed, None, m);
            } else {
                let mut c = self.new.change(
                    Kind::JointUseChanged,
                    Some(duties::JOINT_USE_CHANGED),
                    &regimes,
                    m,
                    n.span,
                );
                c.note = Kind::PurposeChanged.note().map(str::to_string);
                c.flows = flows.clone();
                c.subjects = subjects.clone();
                self.push(c);
            }
        }
        if fields.contains(&"responsible") {
            let inner = nested_fields(old, &n.value, "responsible");
            let person = inner.contains(&"name");
            let details: Vec<&str> = inner.iter().copied().filter(|f| *f != "name").collect();
            if person || old.get("responsible").is_some_and(Value::is_null) {
                push(
                    self,
                    Kind::JointUseChanged,
                    Some(duties::JOINT_USE_CHANGED),
                    Message::new()
                        .words("the person responsible for joint use ")
                        .name(name)
                        .words(" changed"),
                );
            } else if !details.is_empty() {
                push(
                    self,
                    Kind::JointUseChanged,
                    Some(duties::JOINT_USE_DETAILS),
                    Message::new()
                        .words(format!(
                            "the {} of the person responsible for joint use ",
                            fields_words(&details)
                        ))
                        .name(name)
                        .words(" changed"),
                );
            }
        }
        if fields.contains(&"retention") {
            let old_joint = self
                .old
                .v
                .model
                .joint_uses
                .iter()
                .find(|j| j.name.name == self.names.old_name(name));
            let what = Message::new().words("the retention").then(of());
            if let Some(c) = self.retention(
                old_joint.and_then(|j| j.retention.as_ref()),
                joint.and_then(|j| j.retention.as_ref()),
                what,
                n.span,
            ) {
                self.push(Change {
                    flows: flows.clone(),
                    subjects: subjects.clone(),
                    ..c
                });
            }
        }
        let rest: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|f| {
                !matches!(
                    *f,
                    "items"
                        | "acquired_via"
                        | "except"
                        | "users"
                        | "purposes"
                        | "responsible"
                        | "retention"
                )
            })
            .collect();
        if !rest.is_empty() {
            self.no_duty(Message::new().words("joint use ").name(name), &rest, n.span);
        }
    }

    fn party(&mut self, old: &Value, n: &Entry, fields: &[&str], flows: Vec<FlowRef>) {
        let regimes = self.regimes().to_vec();
        let name = n.name;
        let receives = !flows.is_empty();
        let mut rest = Vec::new();
        for &field in fields {
            match field {
                "role" => {
                    let role = |v: &Value| {
                        v.get("role")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .replace('_', " ")
                    };
                    let mut c = self.new.change(
                        Kind::NoDuty,
                        None,
                        &regimes,
                        Message::new().name(name).words(format!(
                            " is now a {}, was a {}; what that needs is reported on its flows",
                            role(&n.value),
                            role(old)
                        )),
                        n.span,
                    );
                    c.flows = flows.clone();
                    self.push(c);
                }
                "scope" => {
                    let mut c = self.new.change(
                        Kind::JointUseWidened,
                        Some(duties::JOINT_USE_WIDENED),
                        &regimes,
                        Message::new()
                            .words("the scope of ")
                            .name(name)
                            .words(" changed, and lawful cannot tell whether it is wider"),
                        n.span,
                    );
                    c.flows = flows.clone();
                    self.push(c);
                }
                "legal_name" | "details" if receives => {
                    let mut c = self.new.change(
                        Kind::PublishedDetailsChanged,
                        Some(duties::RECIPIENT_DETAILS),
                        &regimes,
                        Message::new()
                            .words("the ")
                            .words(if field == "details" {
                                "details"
                            } else {
                                "legal name"
                            })
                            .words(" of recipient ")
                            .name(name)
                            .words(" changed"),
                        n.span,
                    );
                    c.flows = flows.clone();
                    self.push(c);
                }
                other => rest.push(other),
            }
        }
        if !rest.is_empty() {
            self.no_duty(Message::new().words("party ").name(name), &rest, n.span);
        }
    }

    /// The policy declaration and the regimes.
    fn policy(&mut self) {
        let (old, new) = (self.old.v.model, self.new.v.model);
        let regimes = self.regimes().to_vec();
        let value = |m: &Model| {
            m.policy
                .as_ref()
                .map(|p| names::content(serde_json::to_value(p).unwrap_or(Value::Null)))
                .unwrap_or(Value::Null)
        };
        let (a, b) = (value(old), value(new));
        let span = new
            .policy
            .as_ref()
            .map(|p| p.span)
            .or(old.policy.as_ref().map(|p| p.span));
        let in_new = new.policy.is_some();
        if old.regimes != new.regimes {
            let list = |m: &Model| {
                let names: Vec<&str> = m.regimes.iter().map(|r| r.name()).collect();
                names
            };
            let message = Message::new()
                .words("the policy is now under ")
                .then(regime_list(&list(new)))
                .words(", was under ")
                .then(regime_list(&list(old)))
                .words("; what that needs is reported on its flows");
            if let Some(span) = span {
                let side = if in_new { &self.new } else { &self.old };
                let c = side.change(Kind::NoDuty, None, &regimes, message, span);
                self.push(c);
            }
        }
        let mut fields: Vec<&str> = match (&a, &b) {
            (Value::Null, Value::Null) => Vec::new(),
            (Value::Null, _) | (_, Value::Null) => vec!["declaration"],
            _ => changed_fields(&a, &b),
        };
        fields.retain(|f| *f != "regimes");
        if let Some(span) = span
            && !fields.is_empty()
        {
            let side = if in_new { &self.new } else { &self.old };
            let c = side.change(
                Kind::NoDuty,
                None,
                &regimes,
                Message::new().words(format!("the policy's {} changed", fields_words(&fields))),
                span,
            );
            self.push(c);
        }
    }

    /// The blocks without a name.
    fn blocks(&mut self) {
        let (old, new) = (self.old.v.model, self.new.v.model);
        let complaints =
            |m: &'a Model| -> Vec<&'a OnDecl> { events(m, EventKind::Complaint).collect() };
        let blocks: [Block; 3] = [
            Block::of(
                &all(&old.rights),
                &all(&new.rights),
                |r: &RightsDecl| r.span,
                duties::RIGHTS,
                "how requests are made (`rights`) changed",
            ),
            Block::of(
                &all(&old.security),
                &all(&new.security),
                |s: &SecurityDecl| s.span,
                duties::SECURITY_OR_COMPLAINTS,
                "the security measures changed",
            ),
            Block::of(
                &complaints(old),
                &complaints(new),
                |e: &OnDecl| e.span,
                duties::SECURITY_OR_COMPLAINTS,
                "how complaints are handled changed",
            ),
        ];
        for block in blocks {
            if let Some(mut c) =
                self.block(&block, Kind::PublishedDetailsChanged, Some(block.duties))
            {
                c.subjects = self.everyone();
                self.push(c);
            }
        }
        // Other events and top-level commitments: no duty.
        let other = |m: &'_ Model| -> Vec<Value> {
            m.events
                .iter()
                .filter(|e| e.event != EventKind::Complaint)
                .map(content_of)
                .chain(m.commitments.iter().map(content_of))
                .collect()
        };
        let first = |m: &'_ Model| {
            m.events
                .iter()
                .filter(|e| e.event != EventKind::Complaint)
                .map(|e| e.span)
                .chain(m.commitments.iter().map(|c| c.span))
                .min()
        };
        let block = Block {
            old: other(old),
            new: other(new),
            spans: (first(old), first(new)),
            duties: &[],
            words: "the policy's commitments, or what it does on a leak or a change, changed",
        };
        if let Some(c) = self.block(&block, Kind::NoDuty, None) {
            self.push(c);
        }
        // Top-level retention, pairwise.
        let count = old
            .retention_defaults
            .len()
            .max(new.retention_defaults.len());
        for i in 0..count {
            let (a, b) = (old.retention_defaults.get(i), new.retention_defaults.get(i));
            let what = Message::new().words("the policy's retention");
            let Some(c) = retention_change(
                self.new.v,
                a.map(|r| &r.retention),
                b.map(|r| &r.retention),
                what,
            ) else {
                continue;
            };
            let location = match (a, b) {
                (_, Some(b)) => self.new.v.location(b.span),
                (Some(a), None) => self.old.v.location(a.span),
                (None, None) => None,
            };
            self.push(Change { location, ..c });
        }
    }

    /// A block without a name as a change, if its contents differ (the old
    /// ones translated to the new names), located in the new version when
    /// it has the block.
    fn block(&self, block: &Block, kind: Kind, duties: Option<&[Duty]>) -> Option<Change> {
        let sorted = |list: Vec<String>| {
            let mut list = list;
            list.sort();
            list
        };
        let a = sorted(
            block
                .old
                .iter()
                .map(|v| self.names.translate(v).to_string())
                .collect(),
        );
        let b = sorted(block.new.iter().map(Value::to_string).collect());
        if a == b {
            return None;
        }
        let (side, span) = match block.spans {
            (_, Some(span)) => (&self.new, span),
            (Some(span), None) => (&self.old, span),
            (None, None) => return None,
        };
        Some(side.change(
            kind,
            duties,
            self.regimes(),
            Message::new().words(block.words),
            span,
        ))
    }
}

impl Block {
    /// The blocks of one kind in both versions.
    fn of<T: serde::Serialize>(
        old: &[&T],
        new: &[&T],
        span: fn(&T) -> Span,
        duties: &'static [Duty],
        words: &'static str,
    ) -> Block {
        Block {
            old: old.iter().map(|b| content_of(*b)).collect(),
            new: new.iter().map(|b| content_of(*b)).collect(),
            spans: (old.first().map(|b| span(b)), new.first().map(|b| span(b))),
            duties,
            words,
        }
    }
}

/// The contents of a kind of block in both versions.
struct Block {
    old: Vec<Value>,
    new: Vec<Value>,
    /// The first block of each version.
    spans: (Option<Span>, Option<Span>),
    duties: &'static [Duty],
    words: &'static str,
}

/// A declaration's content, as [`names::content`] makes it.
fn content_of<T: serde::Serialize>(decl: &T) -> Value {
    names::content(serde_json::to_value(decl).unwrap_or(Value::Null))
}

fn events(model: &Model, kind: EventKind) -> impl Iterator<Item = &crate::ast::OnDecl> {
    model.events.iter().filter(move |e| e.event == kind)
}

/// References to every element, for [`Block::of`].
fn all<T>(list: &[T]) -> Vec<&T> {
    list.iter().collect()
}

/// The fields of a nested object (`details`, `responsible`) that differ.
fn nested_fields<'a>(old: &'a Value, new: &'a Value, field: &str) -> Vec<&'a str> {
    match (old.get(field), new.get(field)) {
        (Some(a @ Value::Object(_)), Some(b @ Value::Object(_))) => changed_fields(a, b),
        (a, b) if a != b => vec![field_from(field)],
        _ => Vec::new(),
    }
}

fn field_from(field: &str) -> &'static str {
    match field {
        "details" => "details",
        "responsible" => "name",
        _ => "declaration",
    }
}

/// The names in `new`'s list field that `old`'s does not have, in order.
fn added_names<'a>(old: &'a Value, new: &'a Value, field: &str) -> Vec<&'a str> {
    let names = |v: &'a Value| -> Vec<&'a str> {
        v.get(field)
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|i| i.get("name").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = names(old);
    names(new)
        .into_iter()
        .filter(|n| !before.contains(n))
        .collect()
}

/// A purpose's text, from its content.
fn text_of(value: &Value) -> String {
    value
        .get("text")
        .and_then(|t| t.get("value"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// A purpose's bases, in the policy's words: `contract and consent`.
fn bases(value: &Value) -> String {
    let list: Vec<String> = value
        .get("bases")
        .and_then(Value::as_array)
        .map(|b| {
            b.iter()
                .filter_map(|b| b.get("kind").and_then(Value::as_str))
                .map(|k| k.replace('_', " "))
                .collect()
        })
        .unwrap_or_default();
    if list.is_empty() {
        "none stated".into()
    } else {
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        words(&refs)
    }
}

/// `APPI and GDPR`, or "no regime".
fn regime_list(names: &[&str]) -> Message {
    if names.is_empty() {
        Message::new().words("no regime")
    } else {
        Message::new().names(names)
    }
}

/// The class, duties and noun of a declaration added or `removed` that the
/// law attaches a duty to by itself (an opt-out exception: `opt_out`);
/// `None` for the others, whose flows say what they change.
fn duty_of(
    kind: SymbolKind,
    opt_out: bool,
    removed: bool,
) -> Option<(Kind, &'static [Duty], &'static str)> {
    Some(match kind {
        SymbolKind::Controller => (
            Kind::ControllerChanged,
            duties::CONTROLLER,
            "the controller",
        ),
        SymbolKind::Contact => (Kind::ContactChanged, duties::CONTACT, "contact"),
        SymbolKind::Exception if opt_out => (
            Kind::OptOutChanged,
            if removed {
                duties::OPT_OUT_STOPPED
            } else {
                duties::OPT_OUT_CHANGED
            },
            "opt-out exception",
        ),
        SymbolKind::Anonymous => (
            Kind::PublishedDetailsChanged,
            duties::ANONYMOUS,
            "anonymously processed information",
        ),
        _ => return None,
    })
}

/// A kind of declaration without its article: "data item", "party".
fn noun(kind: SymbolKind) -> &'static str {
    let described = kind.describe();
    ["a ", "an ", "the "]
        .iter()
        .find_map(|article| described.strip_prefix(article))
        .unwrap_or(described)
}

/// Whether the declaration named is an opt-out exception in this model.
fn opt_out(model: &Model, name: &str) -> bool {
    model.exception(name).is_some_and(is_opt_out)
}

/// "`a` and `b` jointly used with `users`", for a new joint use.
fn joint_scope(joint: Option<&JointUseDecl>) -> Message {
    let Some(j) = joint else {
        return Message::new();
    };
    let items: Vec<&str> = j.items.iter().map(|i| i.name.as_str()).collect();
    let mut m = Message::new();
    if !items.is_empty() {
        m = m.words(": ").names(&items);
        if let Some(u) = &j.users {
            m = m.words(" jointly used with ").name(u.name.as_str());
        }
    }
    m
}
