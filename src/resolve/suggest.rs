//! "Did you mean" suggestions by edit distance, in time bounded by the
//! policy's size however many names are undefined (issue 13).
//!
//! - A name is only compared with candidates whose length is within the
//!   distance allowed (an edit distance of `k` needs a length difference of
//!   at most `k`): candidates are sorted by length once per set of kinds,
//!   and only the lengths that can still beat the best match so far are
//!   read, nearest length first.
//! - The distance is computed in a band of width `2k + 1` and abandoned as
//!   soon as a whole row exceeds `k`, where `k` is the allowed distance or
//!   the best distance found so far, whichever is smaller.
//! - Each undefined name is looked up once per set of kinds (a name
//!   misspelt in a thousand flows costs one search).
//! - All searches together may fill at most [`BUDGET`] cells of the
//!   distance tables plus [`BUDGET_PER_BYTE`] per byte of the declared
//!   names (so the pass stays linear in the policy); past that, undefined
//!   names get no suggestion (their help still says how to declare them).
//!   A real policy uses a small share of it; a policy made of thousands of
//!   undefined names that all look alike stops there instead of taking
//!   minutes.

use rustc_hash::FxHashMap;

use super::model::{Model, SymbolKind};

/// The distance-table cells all suggestions of one policy set may fill, at
/// least (a cell is a few instructions: this is a few milliseconds)...
const BUDGET: u64 = 1_000_000;

/// ... and per byte of the names declared: enough for every name of a
/// thousand-name policy to be looked up dozens of times.
const BUDGET_PER_BYTE: u64 = 64;

/// Names longer than this get no suggestion: nobody mistypes a 200-letter
/// name, and the distance would cost its length squared.
const MAX_NAME: usize = 128;

/// The edit distance a name of `len` characters may be from a suggestion.
fn allowed(len: usize) -> usize {
    (len / 3).max(1)
}

/// The candidate closest to `name`, if it is close enough to be a likely
/// typo: for short fixed lists (regimes, rights).
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut list: Vec<(usize, &str)> = candidates.map(|c| (c.chars().count(), c)).collect();
    list.sort_unstable();
    let mut budget = BUDGET;
    search(name, &list, &mut budget, &mut Scratch::default())
}

/// Suggestions for the undefined names of one model.
pub struct Suggester<'m> {
    model: &'m Model,
    /// Per set of kinds (a bit per [`SymbolKind`]): the names of that kind,
    /// sorted by length in characters, then by name.
    candidates: FxHashMap<u16, Vec<(usize, &'m str)>>,
    /// What each (kinds, name) was answered, so that a name misspelt many
    /// times is searched for once.
    answered: FxHashMap<(u16, &'m str), Option<&'m str>>,
    /// Distance-table cells left for all searches.
    budget: u64,
    scratch: Scratch,
}

impl<'m> Suggester<'m> {
    pub fn new(model: &'m Model) -> Suggester<'m> {
        Suggester {
            model,
            candidates: FxHashMap::default(),
            answered: FxHashMap::default(),
            budget: model.symbols.keys().fold(BUDGET, |budget, name| {
                budget.saturating_add(BUDGET_PER_BYTE.saturating_mul(name.len() as u64))
            }),
            scratch: Scratch::default(),
        }
    }

    /// The declared name of one of `kinds` closest to `name`, if any is
    /// close enough (ties go to the alphabetically first name).
    pub fn closest(&mut self, name: &'m str, kinds: &[SymbolKind]) -> Option<&'m str> {
        let mask = kinds.iter().fold(0u16, |m, k| m | 1 << (*k as u16));
        if let Some(answer) = self.answered.get(&(mask, name)) {
            return *answer;
        }
        let model = self.model;
        let list = self.candidates.entry(mask).or_insert_with(|| {
            let mut list: Vec<(usize, &str)> = model
                .symbols
                .iter()
                .filter(|(_, s)| kinds.contains(&s.kind))
                .map(|(n, _)| (n.chars().count(), n.as_str()))
                .collect();
            list.sort_unstable();
            list
        });
        let answer = search(name, list, &mut self.budget, &mut self.scratch);
        self.answered.insert((mask, name), answer);
        answer
    }
}

/// The best match for `name` in `list` (sorted by length, then name).
fn search<'a>(
    name: &str,
    list: &[(usize, &'a str)],
    budget: &mut u64,
    scratch: &mut Scratch,
) -> Option<&'a str> {
    let wanted: Vec<char> = name.chars().collect();
    let ascii = name.is_ascii();
    let len = wanted.len();
    if len == 0 || len > MAX_NAME {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    // Lengths nearest `len` first: a closer length can have a smaller
    // distance, and the best distance so far bounds the lengths still worth
    // reading (a tie can still win by name, so the bound is inclusive).
    for offset in 0..=allowed(len) {
        if best.is_some_and(|(d, _)| offset > d) {
            break;
        }
        let mut lengths = vec![len + offset];
        if offset > 0 && offset < len {
            lengths.push(len - offset);
        }
        for length in lengths {
            let from = list.partition_point(|(l, _)| *l < length);
            for &(_, candidate) in list[from..].iter().take_while(|(l, _)| *l == length) {
                let limit = best.map_or(allowed(len), |(d, _)| d);
                let Scratch {
                    candidate: chars,
                    previous,
                    current,
                } = &mut *scratch;
                // Names are ASCII (the grammar's); bytes spare decoding.
                let found = if ascii && candidate.is_ascii() {
                    let (a, b) = (name.as_bytes(), candidate.as_bytes());
                    bounded_distance(a, b, limit, budget, previous, current)
                } else {
                    chars.clear();
                    chars.extend(candidate.chars());
                    bounded_distance(&wanted, chars, limit, budget, previous, current)
                };
                let Some(distance) = found else {
                    if *budget == 0 {
                        return None;
                    }
                    continue;
                };
                let better = match best {
                    None => true,
                    Some((d, b)) => distance < d || (distance == d && candidate < b),
                };
                if better {
                    best = Some((distance, candidate));
                }
            }
        }
    }
    best.map(|(_, c)| c)
}

/// Takes `cells` from the budget; empties it and says no when it has fewer.
fn charge(budget: &mut u64, cells: u64) -> bool {
    match budget.checked_sub(cells) {
        Some(left) => {
            *budget = left;
            true
        }
        None => {
            *budget = 0;
            false
        }
    }
}

/// Reusable buffers for [`bounded_distance`]: a search compares one name
/// with thousands of candidates.
#[derive(Default)]
struct Scratch {
    candidate: Vec<char>,
    previous: Vec<usize>,
    current: Vec<usize>,
}

/// The edit distance between `a` and `b` if it is at most `limit`. Only the
/// band of cells within `limit` of the diagonal is computed, and the
/// computation stops as soon as a row has no cell within `limit`. Charges
/// the cells computed to `budget`; `None` when the budget runs out.
fn bounded_distance<T: PartialEq>(
    a: &[T],
    b: &[T],
    limit: usize,
    budget: &mut u64,
    previous: &mut Vec<usize>,
    current: &mut Vec<usize>,
) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > limit {
        return None;
    }
    // Setting up the rows costs a cell each.
    if !charge(budget, m as u64 + 1) {
        return None;
    }
    let far = limit + 1;
    // previous[j]: distance between a[..i] and b[..j]; `far` stands for
    // anything beyond the limit.
    previous.clear();
    previous.extend((0..=m).map(|j| j.min(far)));
    current.clear();
    current.resize(m + 1, far);
    for i in 1..=n {
        let low = i.saturating_sub(limit).max(1);
        let high = (i + limit).min(m);
        if !charge(budget, (high + 1).saturating_sub(low) as u64 + 1) {
            return None;
        }
        current[0] = i.min(far);
        if low > 1 {
            current[low - 1] = far;
        }
        let mut row_min = current[0];
        for j in low..=high {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let value = substitution
                .min(previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(far);
            current[j] = value;
            row_min = row_min.min(value);
        }
        if high < m {
            current[high + 1] = far;
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(previous, current);
    }
    let distance = previous[m];
    (distance <= limit).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut previous: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut current = vec![i; b.len() + 1];
            for j in 1..=b.len() {
                current[j] = (previous[j - 1] + usize::from(a[i - 1] != b[j - 1]))
                    .min(previous[j] + 1)
                    .min(current[j - 1] + 1);
            }
            previous = current;
        }
        previous[b.len()]
    }

    #[test]
    fn suggests_near_names_only() {
        let names = ["customers", "contract", "lending"];
        assert_eq!(
            closest("custmers", names.iter().copied()),
            Some("customers")
        );
        assert_eq!(closest("lendng", names.iter().copied()), Some("lending"));
        assert_eq!(closest("zebra", names.iter().copied()), None);
        assert_eq!(closest("", names.iter().copied()), None);
    }

    #[test]
    fn ties_go_to_the_first_name() {
        let names = ["cat", "bat", "hat"];
        assert_eq!(closest("xat", names.iter().copied()), Some("bat"));
        // A shorter name at the same distance still wins by name.
        assert_eq!(closest("abcd", ["abcde", "abc"].into_iter()), Some("abc"));
    }

    #[test]
    fn the_banded_distance_is_the_distance_within_its_limit() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "kitten",
            "sitting",
            "saturday",
            "sunday",
            "lending",
            "lendng",
            "é",
            "ée",
            "customers",
            "custmers",
            "xyzxyzxyz",
            "zyxzyxzyx",
        ];
        for a in words {
            for b in words {
                let exact = full(a, b);
                let ac: Vec<char> = a.chars().collect();
                let bc: Vec<char> = b.chars().collect();
                for limit in 0..10 {
                    let mut budget = u64::MAX;
                    let (mut p, mut c) = (Vec::new(), Vec::new());
                    let got = bounded_distance(&ac, &bc, limit, &mut budget, &mut p, &mut c);
                    let expected = (exact <= limit).then_some(exact);
                    assert_eq!(got, expected, "{a:?} {b:?} limit {limit}");
                }
            }
        }
    }

    #[test]
    fn a_spent_budget_gives_no_suggestion() {
        let list = vec![(9, "customers")];
        let mut budget = 5;
        assert_eq!(
            search("custmers", &list, &mut budget, &mut Scratch::default()),
            None
        );
        let mut budget = BUDGET;
        assert_eq!(
            search("custmers", &list, &mut budget, &mut Scratch::default()),
            Some("customers")
        );
    }
}
