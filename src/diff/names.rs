//! Matching the declarations of two versions: by name, and by content for a
//! declaration renamed.
//!
//! A declaration's *content* is its syntax tree without positions and
//! without its own name, with the names it refers to translated from the
//! old version's to the new one's (so that a purpose `within` a renamed
//! purpose is still the same content). A declaration found in the old
//! version only and one of the same kind found in the new version only,
//! with the same content, are one declaration renamed. References are
//! translated with the renames found so far, so renames are found in a few
//! rounds (a rename that makes another visible); the rounds are capped, so
//! the whole stays linear.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use serde_json::Value;

use crate::resolve::{Model, SymbolKind};
use crate::span::Span;

/// How many rounds renames are looked for in.
const ROUNDS: usize = 8;

/// One named declaration: its kind, name, where its name is, and its
/// content.
pub struct Entry<'m> {
    pub kind: SymbolKind,
    pub name: &'m str,
    pub span: Span,
    pub value: Value,
}

/// The renames between two versions.
#[derive(Default)]
pub struct Names {
    /// old name → new name
    to_new: FxHashMap<String, String>,
    /// new name → old name
    to_old: FxHashMap<String, String>,
    /// (old, new, where the new name is declared), in the new version's
    /// declaration order.
    renamed: Vec<(String, String, Span)>,
}

impl Names {
    /// An old name as the new version calls it.
    pub fn new_name<'a>(&'a self, old: &'a str) -> &'a str {
        self.to_new.get(old).map_or(old, String::as_str)
    }

    /// A new name as the old version called it.
    pub fn old_name<'a>(&'a self, new: &'a str) -> &'a str {
        self.to_old.get(new).map_or(new, String::as_str)
    }

    pub fn renamed(&self) -> impl Iterator<Item = (&str, &str, Span)> {
        self.renamed
            .iter()
            .map(|(o, n, s)| (o.as_str(), n.as_str(), *s))
    }

    /// The old version's content translated to the new version's names.
    pub fn translate(&self, value: &Value) -> Value {
        let mut value = value.clone();
        rename_references(&mut value, &self.to_new);
        value
    }
}

/// Every named declaration of a model: the one its name resolves to (a
/// duplicate was reported by the checker and is left out), in declaration
/// order, kinds in the order of [`SymbolKind`].
pub fn entries(model: &Model) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    if let Some(c) = &model.controller {
        out.push(Entry {
            kind: SymbolKind::Controller,
            name: &c.name.name,
            span: c.name.span,
            value: content(to_value(c)),
        });
    }
    add(&mut out, model, SymbolKind::Party, &model.parties, |d| {
        &d.name
    });
    add(&mut out, model, SymbolKind::Contact, &model.contacts, |d| {
        &d.name
    });
    add(&mut out, model, SymbolKind::Subject, &model.subjects, |d| {
        &d.name
    });
    add(&mut out, model, SymbolKind::Source, &model.sources, |d| {
        &d.name
    });
    add(&mut out, model, SymbolKind::Method, &model.methods, |d| {
        &d.name
    });
    add(&mut out, model, SymbolKind::Data, &model.data, |d| &d.name);
    add(&mut out, model, SymbolKind::Purpose, &model.purposes, |d| {
        &d.name
    });
    add(
        &mut out,
        model,
        SymbolKind::Exception,
        &model.exceptions,
        |d| &d.name,
    );
    add(
        &mut out,
        model,
        SymbolKind::JointUse,
        &model.joint_uses,
        |d| &d.name,
    );
    add(
        &mut out,
        model,
        SymbolKind::Anonymous,
        &model.anonymous,
        |d| &d.name,
    );
    add(&mut out, model, SymbolKind::Forbid, &model.forbids, |d| {
        &d.name
    });
    out
}

/// Adds the declarations of one kind that their names resolve to.
fn add<'m, T: Serialize>(
    out: &mut Vec<Entry<'m>>,
    model: &Model,
    kind: SymbolKind,
    list: &'m [T],
    name: impl Fn(&'m T) -> &'m crate::ast::Ident,
) {
    for (index, decl) in list.iter().enumerate() {
        let ident = name(decl);
        let resolves = model
            .lookup(&ident.name)
            .is_some_and(|s| s.kind == kind && s.index == index);
        if resolves {
            out.push(Entry {
                kind,
                name: &ident.name,
                span: ident.span,
                value: content(to_value(decl)),
            });
        }
    }
}

fn to_value<T: Serialize>(decl: &T) -> Value {
    serde_json::to_value(decl).unwrap_or(Value::Null)
}

/// A declaration's content: no positions, no name of its own.
pub fn content(mut value: Value) -> Value {
    strip_positions(&mut value);
    if let Value::Object(map) = &mut value {
        map.remove("name");
    }
    value
}

/// A syntax tree value without positions: `span` and `head` fields are
/// dropped, and a span that marks a keyword (`: special care`,
/// `disclosable`, `with consent`) becomes `true`.
pub fn strip_positions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("span");
            map.remove("head");
            for field in map.values_mut() {
                if is_span(field) {
                    *field = Value::Bool(true);
                } else {
                    strip_positions(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_positions),
        _ => {}
    }
}

fn is_span(value: &Value) -> bool {
    matches!(value, Value::Object(map)
        if map.len() == 3 && map.contains_key("file") && map.contains_key("start") && map.contains_key("end"))
}

/// Replaces every name (a string `name` field: an identifier; a text's
/// field is `value`) found in `renames`.
fn rename_references(value: &mut Value, renames: &FxHashMap<String, String>) {
    if renames.is_empty() {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                match field {
                    Value::String(s) if key == "name" => {
                        if let Some(new) = renames.get(s.as_str()) {
                            *s = new.clone();
                        }
                    }
                    _ => rename_references(field, renames),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_references(v, renames)),
        _ => {}
    }
}

/// Finds the renames between two versions.
pub fn match_declarations(old: &Model, new: &Model) -> Names {
    let old_entries = entries(old);
    let new_entries = entries(new);
    let old_names: FxHashSet<&str> = old_entries.iter().map(|e| e.name).collect();
    let new_names: FxHashSet<&str> = new_entries.iter().map(|e| e.name).collect();
    let mut names = Names::default();
    let mut taken: FxHashSet<&str> = FxHashSet::default();
    for _ in 0..ROUNDS {
        // The new version's unmatched declarations by kind and content.
        let mut by_content: BTreeMap<(u8, String), Vec<&Entry>> = BTreeMap::new();
        for e in new_entries
            .iter()
            .filter(|e| !old_names.contains(e.name) && !taken.contains(e.name))
        {
            by_content
                .entry((e.kind as u8, e.value.to_string()))
                .or_default()
                .push(e);
        }
        if by_content.is_empty() {
            break;
        }
        by_content.values_mut().for_each(|v| v.reverse());
        let mut found = Vec::new();
        for e in old_entries
            .iter()
            .filter(|e| !new_names.contains(e.name) && !names.to_new.contains_key(e.name))
        {
            let key = (e.kind as u8, names.translate(&e.value).to_string());
            // Candidates are kept last first, so that taking the first in
            // declaration order is a pop, not a shift of the rest.
            if let Some(target) = by_content.get_mut(&key).and_then(Vec::pop) {
                found.push((e.name, target.name, target.span));
            }
        }
        if found.is_empty() {
            break;
        }
        for (old_name, new_name, span) in found {
            taken.insert(new_name);
            names
                .to_new
                .insert(old_name.to_string(), new_name.to_string());
            names
                .to_old
                .insert(new_name.to_string(), old_name.to_string());
            names
                .renamed
                .push((old_name.to_string(), new_name.to_string(), span));
        }
    }
    names.renamed.sort_by_key(|(_, _, span)| *span);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(text: &str) -> Model {
        let report = crate::check_source("p.policy", text);
        report.compiled.into_iter().next().unwrap().model
    }

    #[test]
    fn a_rename_is_found_through_a_reference_to_another() {
        let old =
            model("purpose wide \"All of it\"\npurpose narrow \"Part of it\" { within wide }\n");
        let new =
            model("purpose broad \"All of it\"\npurpose small \"Part of it\" { within broad }\n");
        let names = match_declarations(&old, &new);
        let found: Vec<(&str, &str)> = names.renamed().map(|(o, n, _)| (o, n)).collect();
        assert_eq!(found, [("wide", "broad"), ("narrow", "small")]);
    }

    #[test]
    fn a_changed_declaration_is_no_rename() {
        let old = model("data a \"A\"\n");
        let new = model("data b \"B\"\n");
        assert_eq!(match_declarations(&old, &new).renamed().count(), 0);
    }
}
