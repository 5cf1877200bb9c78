//! The `within` relation between purposes, worked out once per policy set.
//!
//! `purpose claims "..." { within insurance }` makes `claims` a narrower
//! purpose of `insurance`: what is allowed for `insurance` is allowed for
//! `claims`, and `claims` takes its retention and category from the nearest
//! wider purpose that states one. Each purpose is within at most one other,
//! so the relation is a forest once its cycles (reported as `within-cycle`)
//! are cut. Later stages ask it in constant time whether one purpose is
//! within another, and build per-purpose tables in one pass
//! ([`Within::nearest`]), instead of walking chains purpose by purpose
//! (quadratic on a chain of thousands of purposes, issue 13).

use super::model::PurposeId;

/// Each purpose's wider purpose, with what answers questions about chains
/// in constant time. Purposes are [`PurposeId`]s of the model.
#[derive(Clone, Debug, Default)]
pub struct Within {
    /// The purpose each one is directly within: `None` when it names none,
    /// names something that is not a purpose, or closes a cycle.
    wider: Vec<Option<PurposeId>>,
    /// How many purposes each one is (transitively) within.
    depth: Vec<u32>,
    /// Position of each purpose in a depth-first walk of the forest, and
    /// the position after the last purpose within it: `q` is within `p`
    /// exactly when `enter[p] <= enter[q] < exit[p]`.
    enter: Vec<u32>,
    exit: Vec<u32>,
    /// Every purpose, each after the purpose it is within.
    order: Vec<PurposeId>,
}

/// A cycle of `within`: the purposes in it, starting with the one whose
/// `within` was cut (the first declared), each within the next, the last
/// within the first.
pub type Cycle = Vec<PurposeId>;

impl Within {
    /// Builds the relation from each purpose's direct `within` (already
    /// resolved to a purpose, or `None`). Cuts every cycle at the purpose of
    /// it declared first, and returns the cycles found.
    pub fn new(mut wider: Vec<Option<PurposeId>>) -> (Within, Vec<Cycle>) {
        let n = wider.len();
        for w in wider.iter_mut() {
            if w.is_some_and(|p| p >= n) {
                *w = None;
            }
        }
        let cycles = cut_cycles(&mut wider);

        // The forest, children listed per parent (in id order).
        let mut first_child = vec![usize::MAX; n];
        let mut next_sibling = vec![usize::MAX; n];
        for p in (0..n).rev() {
            if let Some(parent) = wider[p] {
                next_sibling[p] = first_child[parent];
                first_child[parent] = p;
            }
        }
        let mut depth = vec![0u32; n];
        let mut enter = vec![0u32; n];
        let mut exit = vec![0u32; n];
        let mut order = Vec::with_capacity(n);
        let mut stack: Vec<(PurposeId, bool)> = Vec::new();
        for root in (0..n).filter(|&p| wider[p].is_none()) {
            stack.push((root, false));
            while let Some((p, done)) = stack.pop() {
                if done {
                    exit[p] = order.len() as u32;
                    continue;
                }
                enter[p] = order.len() as u32;
                order.push(p);
                if let Some(parent) = wider[p] {
                    depth[p] = depth[parent] + 1;
                }
                stack.push((p, true));
                let mut child = first_child[p];
                while child != usize::MAX {
                    stack.push((child, false));
                    child = next_sibling[child];
                }
            }
        }
        let within = Within {
            wider,
            depth,
            enter,
            exit,
            order,
        };
        (within, cycles)
    }

    /// The purpose `purpose` is directly within, if any.
    pub fn wider(&self, purpose: PurposeId) -> Option<PurposeId> {
        self.wider.get(purpose).copied().flatten()
    }

    /// How many purposes `purpose` is (transitively) within.
    pub fn depth(&self, purpose: PurposeId) -> usize {
        self.depth.get(purpose).map_or(0, |d| *d as usize)
    }

    /// `purpose` and every purpose it is (transitively) within, narrowest
    /// first. Walking it costs its length: to ask about many purposes, use
    /// [`Within::is_within`] or [`Within::nearest`].
    pub fn chain(&self, purpose: PurposeId) -> impl Iterator<Item = PurposeId> + '_ {
        std::iter::successors(Some(purpose), |&p| self.wider(p))
    }

    /// Whether `narrow` is `wide` or (transitively) within it.
    pub fn is_within(&self, narrow: PurposeId, wide: PurposeId) -> bool {
        match (
            self.enter.get(narrow),
            self.enter.get(wide),
            self.exit.get(wide),
        ) {
            (Some(&at), Some(&start), Some(&end)) => start <= at && at < end,
            _ => narrow == wide,
        }
    }

    /// For every purpose, the nearest purpose of its chain (itself first)
    /// for which `has` holds, in one pass over all purposes.
    pub fn nearest(&self, has: impl Fn(PurposeId) -> bool) -> Vec<Option<PurposeId>> {
        let mut nearest = vec![None; self.wider.len()];
        for &p in &self.order {
            nearest[p] = if has(p) {
                Some(p)
            } else {
                self.wider[p].and_then(|w| nearest[w])
            };
        }
        nearest
    }
}

/// Finds the cycles of `wider` (each purpose points at one other at most, so
/// every cycle is found by following the pointers once) and cuts each at
/// its smallest id.
fn cut_cycles(wider: &mut [Option<PurposeId>]) -> Vec<Cycle> {
    const UNSEEN: usize = usize::MAX;
    const DONE: usize = usize::MAX - 1;
    // For each purpose: UNSEEN, DONE, or the walk that is visiting it.
    let mut state = vec![UNSEEN; wider.len()];
    let mut cycles = Vec::new();
    for start in 0..wider.len() {
        if state[start] != UNSEEN {
            continue;
        }
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(p) = at {
            if state[p] == start {
                // Back at a purpose of this walk: the path from it is a cycle.
                let from = path.iter().position(|&q| q == p).unwrap_or(0);
                let mut cycle: Cycle = path[from..].to_vec();
                let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                cycle.rotate_left(first);
                cycles.push(cycle);
                break;
            }
            if state[p] != UNSEEN {
                break;
            }
            state[p] = start;
            path.push(p);
            at = wider[p];
        }
        for p in path {
            state[p] = DONE;
        }
    }
    for cycle in &cycles {
        if let Some(&first) = cycle.first() {
            wider[first] = None;
        }
    }
    cycles.sort_unstable();
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_and_questions() {
        // 0 within 1 within 2; 3 within 1; 4 stands alone.
        let (w, cycles) = Within::new(vec![Some(1), Some(2), None, Some(1), None]);
        assert!(cycles.is_empty());
        assert_eq!(w.chain(0).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(w.depth(0), 2);
        assert!(w.is_within(0, 2) && w.is_within(3, 1) && w.is_within(2, 2));
        assert!(!w.is_within(2, 0) && !w.is_within(0, 3) && !w.is_within(4, 2));
        let retained = w.nearest(|p| p == 1);
        assert_eq!(retained, vec![Some(1), Some(1), None, Some(1), None]);
    }

    #[test]
    fn cycles_are_found_once_and_cut_at_their_first_purpose() {
        // 5 -> 3 -> 4 -> 2 -> 3 (a cycle of 3, 4, 2), 0 -> 0, 1 -> 6.
        let (w, cycles) = Within::new(vec![
            Some(0),
            Some(6),
            Some(3),
            Some(4),
            Some(2),
            Some(3),
            None,
        ]);
        assert_eq!(cycles, vec![vec![0], vec![2, 3, 4]]);
        assert_eq!(w.wider(2), None);
        assert_eq!(w.chain(5).collect::<Vec<_>>(), vec![5, 3, 4, 2]);
        assert_eq!(w.chain(0).collect::<Vec<_>>(), vec![0]);
        assert!(w.is_within(1, 6));
    }

    #[test]
    fn a_long_chain_and_a_long_cycle_are_linear() {
        let n = 200_000;
        let (w, cycles) = Within::new((0..n).map(|p| (p + 1 < n).then_some(p + 1)).collect());
        assert!(cycles.is_empty());
        assert_eq!(w.depth(0), n - 1);
        assert!(w.is_within(0, n - 1));
        let (w, cycles) = Within::new((0..n).map(|p| Some((p + 1) % n)).collect());
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), n);
        assert_eq!(w.depth(1), n - 1);
    }
}
