//! `forbidden-processing`: a flow that an organisation rule (`forbid`)
//! forbids — restrictions a company sets itself beyond the law, as Fides
//! policy rules and Legalease DENY clauses express them.
//!
//! The matchers follow Fides' `evaluate` exactly (fides/core/evaluate.py,
//! `compare_rule_to_declaration`), so an imported Fides manifest yields the
//! violations Fides reports. For each dimension a flow has a set of values;
//! a value is *matched* when it lies at or below a listed path (for
//! subjects: when it or a subject it is `treated as` is listed):
//!
//! - `any`: some value is matched;
//! - `all`: there are values and every one is matched;
//! - `none`: there are values and none is matched;
//! - `other`: some value is not matched.
//!
//! A rule forbids a flow when every matcher matches; a rule with no matcher
//! forbids nothing.

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Context, Rule};
use crate::ast::{FlowKind, ForbidDecl, MatchKind, MatchTarget, Matcher};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{EdgeKind, Flow, Origin, list};
use crate::resolve::{DataId, Model};

pub const RULE: Rule = Rule {
    code: Code::ForbiddenProcessing,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That no flow (`collect`, `use`, `outsource`, `provide`, joint use) matches an
organisation rule declared with `forbid`. Each matcher looks at one dimension
of a flow:

- `data`: the categories (`in …`) of the flow's data items;
- `purpose`: the categories (`category …`) of its purposes (a purpose with
  no category takes the category of the purpose it is `within`);
- `subject`: the data subjects — for a `collect`, those it names in `from`
  and `about`; for other flows, the subjects their items were collected
  from. A subject also counts as every subject it is `treated as`.

A value is matched when it lies at or below a listed path (`user.contact.email`
is within `user.contact`). `any` matches when some value is matched; `all`
when there are values and all are matched; `none` when there are values and
none is matched; `other` when some value is not matched. A rule forbids a
flow when all its matchers match. These are the semantics of Fides' policy
rules (ANY, ALL, NONE, OTHER), so a policy imported with `lawful import
fides` reports the violations `fides evaluate` reports.

## Why it matters

No statute is involved: an organisation rule is a promise the company made
to itself, its customers or its regulator ("we never use biometric data for
marketing"). Stating it next to the flows lets the checker prove it is kept,
on every change, instead of finding out in an audit. Keeping such promises
is also part of the accountability principle (GDPR Art. 5(2)) and of the
handling rules a JIS Q 15001 management system requires.

## Example

```policy
policy "Example Shop" under APPI

controller shop "Example Shop K.K." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}
contact desk "Privacy Desk" {
  email "privacy@shop.example"
}

subject customers "Customers"
data face_image "Face image" in user.biometric : special care

purpose ads "To show personalised advertisements" {
  retain 1 year
  category marketing.advertising
}

collect face_image from customers for ads with consent

forbid no_biometric_marketing "No biometric data for marketing" {
  data any user.biometric
  purpose any marketing
}

rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}
security {
  measure technical "Access to customer data is limited to the staff who need it"
}
on complaint via desk "We answer complaints within 14 days"
```

## Fix

Stop the processing the rule forbids (here: no face images for advertising),
or, if the organisation has decided to allow it, change the rule:

```policy
policy "Example Shop" under APPI

controller shop "Example Shop K.K." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}
contact desk "Privacy Desk" {
  email "privacy@shop.example"
}

subject customers "Customers"
data face_image "Face image" in user.biometric : special care

purpose entry "To let members into the store by face recognition" {
  retain 1 year
  category essential.service.authentication
}

collect face_image from customers for entry with consent

forbid no_biometric_marketing "No biometric data for marketing" {
  data any user.biometric
  purpose any marketing
}

rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}
security {
  measure technical "Access to customer data is limited to the staff who need it"
}
on complaint via desk "We answer complaints within 14 days"
```
"#;

/// Whether `path` is `ancestor` or below it (`user.contact.email` is within
/// `user.contact`; `user.contacts` is not): what [`PathTree::covers`] says
/// of each listed path at once.
#[cfg(test)]
fn within(path: &str, ancestor: &str) -> bool {
    path == ancestor
        || path
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// A flow's values in the three dimensions, each sorted and without repeats
/// (the order notes list them in). Each is worked out when a matcher first
/// asks for it: most flows fail a rule's first matcher, and a flow's
/// subjects (those of every collection of its items) cost the most. One
/// `Values` serves every flow in turn ([`Values::reset`]), so that its
/// lists are allocated once per check, not once per flow.
struct Values<'f, 'm> {
    tables: &'f Tables<'m>,
    model: &'m Model,
    flow: Option<&'f Flow>,
    /// Category paths, by their index in [`Tables::categories`] (so in name
    /// order).
    data: Option<Vec<u32>>,
    purposes: Option<Vec<u32>>,
    /// By rank.
    subjects: Option<Vec<usize>>,
    /// The lists of earlier flows, kept for their capacity.
    spare_paths: Vec<Vec<u32>>,
    spare_ranks: Option<Vec<usize>>,
}

/// What the check looks up for every flow, computed once per check: with
/// a hundred thousand flows, walking `within` and `treated as` chains (or
/// the collections of each item) flow by flow is what would cost.
struct Tables<'m> {
    /// Every category path an item or a purpose is in, sorted: a path is
    /// known by its position here, so that whether a matcher lists it is
    /// worked out once per path, not once per flow.
    categories: Vec<&'m str>,
    /// Each item's category, by id.
    data_category: Vec<Option<u32>>,
    /// Each purpose's category (or the nearest one along `within`), by id.
    purpose_category: Vec<Option<u32>>,
    /// Every declared subject's name, sorted: a subject is known by its
    /// position here (its rank), so sets of subjects are bit sets.
    subject_names: Vec<&'m str>,
    subject_rank: FxHashMap<&'m str, usize>,
    /// What each subject (by rank) is `treated as`: a declared subject, by
    /// rank, or a name nothing declares.
    treated_as: Vec<Option<TreatedAs<'m>>>,
    /// Each item's subjects: those it is collected from or about.
    subjects_of: FxHashMap<DataId, SubjectSet>,
}

/// A set of subjects, by rank: one bit each.
#[derive(Clone, Default)]
struct SubjectSet(Vec<u64>);

impl SubjectSet {
    fn insert(&mut self, rank: usize) {
        let (word, bit) = (rank / 64, rank % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }

    fn union(&mut self, other: &SubjectSet) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            *mine |= theirs;
        }
    }

    /// The ranks in the set, ascending (so: the names in sorted order).
    fn ranks(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(word, bits)| {
            (0..64)
                .filter(move |bit| bits & (1 << bit) != 0)
                .map(move |bit| word * 64 + bit)
        })
    }
}

#[derive(Clone, Copy)]
enum TreatedAs<'m> {
    Subject(usize),
    Undeclared(&'m str),
}

/// A `forbid` rule with what its matchers list, gathered once.
struct ForbidRule<'m> {
    decl: &'m ForbidDecl,
    /// Per matcher, the values it lists.
    listed: Vec<Listed<'m>>,
}

/// What one matcher lists, in the forms its checks look it up in. Both
/// lookups cost the length of the value looked up, not the length of the
/// list: a policy from a pull request may list thousands of paths, chain
/// thousands of subjects with `treated as`, and have a hundred thousand
/// flows (issue 13).
struct Listed<'m> {
    /// As written, for notes: `a`, `b` and `c` (the same in every note).
    names: String,
    /// The listed paths, as a tree of their segments.
    paths: PathTree<'m>,
    /// For subjects: the listed names.
    subjects: FxHashSet<&'m str>,
    /// For subjects: whether a subject (by rank), or a subject it is
    /// `treated as`, is listed — each found once.
    subject_hits: FxHashMap<usize, bool>,
    /// For paths: whether a category path (by its index in
    /// [`Tables::categories`]) is at or below a listed one — each found
    /// once.
    path_hits: FxHashMap<u32, bool>,
}

impl<'m> Listed<'m> {
    fn new(names: Vec<&'m str>) -> Self {
        let mut paths = PathTree::default();
        for name in &names {
            paths.insert(name);
        }
        Listed {
            subjects: names.iter().copied().collect(),
            names: list(&names),
            paths,
            subject_hits: FxHashMap::default(),
            path_hits: FxHashMap::default(),
        }
    }

    /// Whether the category path of index `path` lies at or below a listed
    /// path.
    fn path_hit(&mut self, tables: &Tables<'m>, path: u32) -> bool {
        let paths = &self.paths;
        *self
            .path_hits
            .entry(path)
            .or_insert_with(|| paths.covers(tables.categories[path as usize]))
    }

    /// Whether the subject of rank `rank`, or one along its `treated as`
    /// chain, is listed. Walks the chain until a subject already answered,
    /// a listed one, the end or a repeat, and records the answer for every
    /// subject walked: each subject is walked once per matcher.
    fn subject_hit(&mut self, tables: &Tables<'m>, rank: usize) -> bool {
        if let Some(&hit) = self.subject_hits.get(&rank) {
            return hit;
        }
        let mut walked: Vec<usize> = Vec::new();
        let mut on_walk: FxHashSet<usize> = FxHashSet::default();
        let mut hit = false;
        let mut at = Some(rank);
        while let Some(r) = at {
            if let Some(&known) = self.subject_hits.get(&r) {
                hit = known;
                break;
            }
            if !on_walk.insert(r) {
                break;
            }
            walked.push(r);
            if self.subjects.contains(tables.subject_names[r]) {
                hit = true;
                break;
            }
            at = match tables.treated_as[r] {
                Some(TreatedAs::Subject(next)) => Some(next),
                Some(TreatedAs::Undeclared(name)) => {
                    hit = self.subjects.contains(name);
                    None
                }
                None => None,
            };
        }
        for r in walked {
            self.subject_hits.insert(r, hit);
        }
        hit
    }
}

/// Category paths as a tree of their dot-separated segments: whether a
/// path lies at or below a listed one is one walk down the tree.
#[derive(Default)]
struct PathTree<'m> {
    /// (parent node, segment) → child node; the root is node 0.
    children: FxHashMap<(usize, &'m str), usize>,
    /// Per node after the root (node n at n - 1): whether a listed path
    /// ends there.
    ends: Vec<bool>,
}

impl<'m> PathTree<'m> {
    fn insert(&mut self, path: &'m str) {
        let mut node = 0;
        for segment in path.split('.') {
            let next = self.ends.len() + 1;
            node = *self.children.entry((node, segment)).or_insert(next);
            if node == next {
                self.ends.push(false);
            }
        }
        self.ends[node - 1] = true;
    }

    /// Whether `path` is a listed path or below one (what [`within`] says
    /// of each listed path).
    fn covers(&self, path: &str) -> bool {
        let mut node = 0;
        for segment in path.split('.') {
            match self.children.get(&(node, segment)) {
                Some(&child) if self.ends[child - 1] => return true,
                Some(&child) => node = child,
                None => return false,
            }
        }
        false
    }
}

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    let mut rules: Vec<ForbidRule> = model
        .forbids
        .iter()
        .filter(|f| !f.matchers.is_empty())
        .map(|decl| ForbidRule {
            decl,
            listed: decl
                .matchers
                .iter()
                .map(|m| Listed::new(m.values.iter().map(|v| v.name.as_str()).collect()))
                .collect(),
        })
        .collect();
    if rules.is_empty() {
        return;
    }
    let tables = Tables::new(model);
    let mut values = Values::new(model, &tables);
    for flow in &cx.graph.flows {
        // A joint use's own acquisition repeats the joint use.
        if matches!(flow.origin(), Origin::JointAcquisition(_)) {
            continue;
        }
        values.reset(flow);
        for rule in &mut rules {
            let matched = rule
                .decl
                .matchers
                .iter()
                .zip(&mut rule.listed)
                .all(|(m, listed)| matches(&tables, m, listed, &mut values));
            if !matched {
                continue;
            }
            let rule_name = &rule.decl.name;
            let items: Vec<&str> = flow.item_names(model).collect();
            let purposes: Vec<&str> = flow.purpose_names(model).collect();
            let what = if items.is_empty() {
                "data".to_string()
            } else {
                list(&items)
            };
            let mut message = format!(
                "organisation rule `{}` forbids {what} {}",
                rule_name.name,
                cx.graph.action(flow)
            );
            if !purposes.is_empty() {
                message.push_str(&format!(" for {}", list(&purposes)));
            }
            let mut d = Diagnostic::new(
                Code::ForbiddenProcessing,
                message,
                flow.head(cx.model),
                format!("forbidden by `{}`", rule_name.name),
            )
            .with_label(rule_name.span, format!("\"{}\"", rule.decl.text.value));
            for (matcher, listed) in rule.decl.matchers.iter().zip(&mut rule.listed) {
                d = d.with_note(reason(&tables, matcher, listed, &mut values));
            }
            out.push(d.with_help(format!(
                "stop this {} or change what it handles, or, if the organisation now allows it, change rule `{}`",
                flow_word(flow),
                rule_name.name
            )));
        }
    }
}

fn flow_word(flow: &Flow) -> &'static str {
    match flow.kind {
        EdgeKind::Collect => "collection",
        EdgeKind::Use => "use",
        EdgeKind::Outsource => "outsourcing",
        EdgeKind::Provide => "provision",
        EdgeKind::JointUse => "joint use",
    }
}

/// Calls `f` with each value of a matcher's dimension, in sorted order, and
/// whether it is matched: lies at or below a listed path, or (for subjects)
/// it or a subject it is `treated as` is listed.
fn for_each_value<'m>(
    tables: &Tables<'m>,
    matcher: &Matcher,
    listed: &mut Listed<'m>,
    values: &mut Values<'_, 'm>,
    mut f: impl FnMut(&'m str, bool),
) {
    let paths = match matcher.target {
        MatchTarget::Data => values.data(),
        MatchTarget::Purpose => values.purposes(),
        MatchTarget::Subject => {
            for &rank in values.subjects() {
                let hit = listed.subject_hit(tables, rank);
                f(tables.subject_names[rank], hit);
            }
            return;
        }
    };
    for &path in paths {
        f(
            tables.categories[path as usize],
            listed.path_hit(tables, path),
        );
    }
}

/// Fides' `compare_rule_to_declaration`: whether the matcher matches.
fn matches<'m>(
    tables: &Tables<'m>,
    matcher: &Matcher,
    listed: &mut Listed<'m>,
    values: &mut Values<'_, 'm>,
) -> bool {
    let (mut matched, mut unmatched) = (0, 0);
    for_each_value(tables, matcher, listed, values, |_, hit| {
        if hit {
            matched += 1;
        } else {
            unmatched += 1;
        }
    });
    match matcher.kind {
        MatchKind::Any => matched > 0,
        MatchKind::All => matched > 0 && unmatched == 0,
        MatchKind::None => matched == 0 && unmatched > 0,
        MatchKind::Other => unmatched > 0,
    }
}

/// Why a matcher matched, for a note: "data categories `a` fall under `b`".
fn reason<'m>(
    tables: &Tables<'m>,
    matcher: &Matcher,
    listed: &mut Listed<'m>,
    values: &mut Values<'_, 'm>,
) -> String {
    let dimension = match matcher.target {
        MatchTarget::Data => "data categories",
        MatchTarget::Purpose => "purpose categories",
        MatchTarget::Subject => "data subjects",
    };
    // `any` and `all` show the values matched; `none` and `other` the rest.
    let (show_matched, how) = match matcher.kind {
        MatchKind::Any => (true, "fall under"),
        MatchKind::All => (true, "all fall under"),
        MatchKind::None => (false, "fall under none of"),
        MatchKind::Other => (false, "fall outside"),
    };
    let mut shown: Vec<&str> = Vec::new();
    for_each_value(tables, matcher, listed, values, |value, hit| {
        if hit == show_matched {
            shown.push(value);
        }
    });
    format!("{dimension} {} {how} {}", list(&shown), listed.names)
}

impl<'m> Tables<'m> {
    fn new(model: &'m Model) -> Self {
        let purpose_category: Vec<Option<&str>> = model
            .within
            .nearest(|p| model.purposes[p].category.is_some())
            .into_iter()
            .map(|from| {
                let category = from.and_then(|p| model.purposes[p].category.as_ref());
                category.map(|c| c.name.as_str())
            })
            .collect();
        let data_category: Vec<Option<&str>> = model
            .data
            .iter()
            .map(|d| d.category.as_ref().map(|c| c.name.as_str()))
            .collect();
        let mut categories: Vec<&str> = data_category
            .iter()
            .chain(&purpose_category)
            .flatten()
            .copied()
            .collect();
        sort_set(&mut categories);
        let index: FxHashMap<&str, u32> = categories
            .iter()
            .enumerate()
            .map(|(i, path)| (*path, i as u32))
            .collect();
        let index_of = |path: Option<&str>| path.and_then(|p| index.get(p).copied());
        let mut subject_names: Vec<&str> = model
            .subjects
            .iter()
            .map(|s| s.name.name.as_str())
            .filter(|name| model.subject(name).is_some())
            .collect();
        subject_names.sort_unstable();
        subject_names.dedup();
        let subject_rank: FxHashMap<&str, usize> = subject_names
            .iter()
            .enumerate()
            .map(|(rank, name)| (*name, rank))
            .collect();
        let treated_as = subject_names
            .iter()
            .map(|name| {
                let next = model.subject(name)?.treated_as.as_ref()?.name.as_str();
                Some(match subject_rank.get(next) {
                    Some(&rank) => TreatedAs::Subject(rank),
                    None => TreatedAs::Undeclared(next),
                })
            })
            .collect();
        let subjects_of = subjects_by_item(model, &subject_rank);
        Tables {
            data_category: data_category.into_iter().map(index_of).collect(),
            purpose_category: purpose_category.into_iter().map(index_of).collect(),
            categories,
            subject_names,
            subject_rank,
            treated_as,
            subjects_of,
        }
    }
}

/// Sorted, without repeats: what a set of the values would iterate.
fn sort_set(values: &mut Vec<&str>) {
    values.sort_unstable();
    values.dedup();
}

impl<'f, 'm> Values<'f, 'm> {
    fn new(model: &'m Model, tables: &'f Tables<'m>) -> Self {
        Values {
            tables,
            model,
            flow: None,
            data: None,
            purposes: None,
            subjects: None,
            spare_paths: Vec::new(),
            spare_ranks: None,
        }
    }

    /// Forgets the values of the last flow; the next asked for are `flow`'s.
    fn reset(&mut self, flow: &'f Flow) {
        self.flow = Some(flow);
        for mut list in [self.data.take(), self.purposes.take()]
            .into_iter()
            .flatten()
        {
            list.clear();
            self.spare_paths.push(list);
        }
        if let Some(mut ranks) = self.subjects.take() {
            ranks.clear();
            self.spare_ranks = Some(ranks);
        }
    }

    fn item_ids(&self) -> impl Iterator<Item = DataId> + use<'f> {
        self.flow.into_iter().flat_map(|f| f.item_ids())
    }

    /// The categories of the flow's items.
    fn data(&mut self) -> &[u32] {
        if self.data.is_none() {
            let tables = self.tables;
            let mut data = self.spare_paths.pop().unwrap_or_default();
            data.extend(self.item_ids().filter_map(|i| tables.data_category[i]));
            data.sort_unstable();
            data.dedup();
            self.data = Some(data);
        }
        self.data.as_deref().unwrap_or_default()
    }

    /// The categories of the flow's purposes.
    fn purposes(&mut self) -> &[u32] {
        if self.purposes.is_none() {
            let tables = self.tables;
            let mut purposes = self.spare_paths.pop().unwrap_or_default();
            let ids = self.flow.into_iter().flat_map(|f| f.purpose_ids());
            purposes.extend(ids.filter_map(|p| tables.purpose_category[p]));
            purposes.sort_unstable();
            purposes.dedup();
            self.purposes = Some(purposes);
        }
        self.purposes.as_deref().unwrap_or_default()
    }

    /// For a collection, the subjects it names; for other flows, those its
    /// items were collected from or about. By rank: in name order.
    fn subjects(&mut self) -> &[usize] {
        if self.subjects.is_none() {
            let mut ranks = self.spare_ranks.take().unwrap_or_default();
            self.collect_subjects(&mut ranks);
            self.subjects = Some(ranks);
        }
        self.subjects.as_deref().unwrap_or_default()
    }

    fn collect_subjects(&self, ranks: &mut Vec<usize>) {
        let model = self.model;
        let tables = self.tables;
        let own = match self.flow.map(|f| f.origin()) {
            Some(Origin::Statement(i)) => model
                .flows
                .get(i as usize)
                .filter(|f| f.kind == FlowKind::Collect),
            _ => None,
        };
        if let Some(collect) = own {
            ranks.extend(
                collect
                    .from()
                    .iter()
                    .chain(collect.about())
                    .filter_map(|n| tables.subject_rank.get(n.name.as_str()).copied()),
            );
            ranks.sort_unstable();
            ranks.dedup();
            return;
        }
        let mut set = SubjectSet::default();
        for item in self.item_ids() {
            if let Some(subjects) = tables.subjects_of.get(&item) {
                set.union(subjects);
            }
        }
        ranks.extend(set.ranks());
    }
}

/// Each item's subjects: those it is collected from or about. Built once
/// per check: looking up the collections of each flow's items flow by flow
/// would be quadratic in the number of flows.
fn subjects_by_item(
    model: &Model,
    subject_rank: &FxHashMap<&str, usize>,
) -> FxHashMap<DataId, SubjectSet> {
    let mut map: FxHashMap<DataId, SubjectSet> = FxHashMap::default();
    for flow in model.flows.iter().filter(|f| f.kind == FlowKind::Collect) {
        let subjects: Vec<usize> = flow
            .from()
            .iter()
            .chain(flow.about())
            .filter_map(|n| subject_rank.get(n.name.as_str()).copied())
            .collect();
        if subjects.is_empty() {
            continue;
        }
        for item in flow.items().iter().filter_map(|i| model.data_id(&i.name)) {
            let set = map.entry(item).or_default();
            for &subject in &subjects {
                set.insert(subject);
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::{PathTree, within};

    #[test]
    fn hierarchy_is_by_whole_segments() {
        assert!(within("user.contact.email", "user.contact"));
        assert!(within("user", "user"));
        assert!(!within("user.contacts", "user.contact"));
        assert!(!within("user", "user.contact"));
    }

    #[test]
    fn the_path_tree_says_what_within_says_of_each_listed_path() {
        let paths = [
            "",
            ".",
            "a",
            "a.",
            ".a",
            "a..b",
            "a.b",
            "a.b.c",
            "a.bc",
            "ab",
            "a.b.",
            "user",
            "user.contact",
            "user.contacts",
            "user.contact.email",
            "b.a",
        ];
        // Every subset of a few listed paths, against every path.
        for mask in 0u32..(1 << 6) {
            let listed: Vec<&str> = (0..6)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| paths[i * 2 + 1])
                .collect();
            let mut tree = PathTree::default();
            for l in &listed {
                tree.insert(l);
            }
            for path in paths {
                let expected = listed.iter().any(|l| within(path, l));
                assert_eq!(tree.covers(path), expected, "{path:?} under {listed:?}");
            }
        }
    }
}
