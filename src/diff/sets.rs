//! Pairing the policy sets of two runs: a directory may hold several root
//! files, each its own policy set. Sets are paired by their root file's
//! path below the path given, then by policy title, then — one left on
//! each side — with each other; a set with no partner is compared with
//! nothing (all of it new, or all of it gone).

use rustc_hash::FxHashMap;

use super::{Diff, Side, Version};
use crate::{Compiled, Report};

/// One side of a comparison: a run and the path it was given (what root
/// file names are relative to).
pub struct Run<'a> {
    pub report: &'a Report,
    pub base: &'a str,
}

impl<'a> Run<'a> {
    /// Each policy set by its root's path below the base ("" for a file
    /// given itself).
    fn keyed(&self) -> Vec<(String, &'a Compiled)> {
        self.report
            .compiled
            .iter()
            .map(|c| {
                let name = self.report.sources.name(c.root);
                let key = name
                    .strip_prefix(self.base)
                    .map_or(name, |rest| rest.trim_start_matches(['/', '\\']));
                (key.to_string(), c)
            })
            .collect()
    }
}

fn title(c: &Compiled) -> Option<&str> {
    c.model.policy.as_ref().map(|p| p.title.value.as_str())
}

/// Compares every policy set of two runs.
pub fn compare<'a>(old: &Run<'a>, new: &Run<'a>) -> Diff {
    let old_sets = old.keyed();
    let new_sets = new.keyed();
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    let mut old_left: Vec<usize> = Vec::new();
    let by_key: FxHashMap<&str, usize> = new_sets
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.as_str(), i))
        .collect();
    let mut new_taken = vec![false; new_sets.len()];
    for (i, (key, _)) in old_sets.iter().enumerate() {
        match by_key.get(key.as_str()) {
            Some(&j) if !new_taken[j] => {
                new_taken[j] = true;
                pairs.push((Some(i), Some(j)));
            }
            _ => old_left.push(i),
        }
    }
    let mut new_left: Vec<usize> = (0..new_sets.len()).filter(|&j| !new_taken[j]).collect();
    // By title, when a title is unique among the sets left on both sides.
    let titles = |sets: &[(String, &'a Compiled)], left: &[usize]| {
        let mut by: FxHashMap<&'a str, Vec<usize>> = FxHashMap::default();
        for &i in left {
            if let Some(t) = title(sets[i].1) {
                by.entry(t).or_default().push(i);
            }
        }
        by
    };
    let old_titles = titles(&old_sets, &old_left);
    let new_titles = titles(&new_sets, &new_left);
    let mut paired_new = vec![false; new_sets.len()];
    let mut still_old = Vec::new();
    for &i in &old_left {
        let partner = title(old_sets[i].1).and_then(|t| {
            match (old_titles.get(t)?.as_slice(), new_titles.get(t)?.as_slice()) {
                ([_], [j]) => Some(*j),
                _ => None,
            }
        });
        match partner {
            Some(j) => {
                paired_new[j] = true;
                pairs.push((Some(i), Some(j)));
            }
            None => still_old.push(i),
        }
    }
    new_left.retain(|&j| !paired_new[j]);
    if let ([i], [j]) = (still_old.as_slice(), new_left.as_slice()) {
        pairs.push((Some(*i), Some(*j)));
    } else {
        pairs.extend(still_old.into_iter().map(|i| (Some(i), None)));
        pairs.extend(new_left.into_iter().map(|j| (None, Some(j))));
    }
    let mut diff = Diff::default();
    for (i, j) in pairs {
        let o = i.map(|i| Version::new(Side::Old, &old.report.sources, old_sets[i].1));
        let n = j.map(|j| Version::new(Side::New, &new.report.sources, new_sets[j].1));
        let part = match (o, n) {
            (Some(o), Some(n)) => super::compare(o, n),
            (Some(o), None) => super::against_empty(o, false),
            (None, Some(n)) => super::against_empty(n, true),
            (None, None) => continue,
        };
        diff.changes.extend(part.changes);
    }
    diff.finish();
    diff
}
