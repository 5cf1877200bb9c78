//! A unified diff of two texts, line by line, for `lawful fmt --check`.
//! Hand-written to avoid a dependency. The lines both texts share at the
//! start and end are set aside; what is left is cut at lines that occur
//! once in each text and match (as patience diff does), and each piece is
//! solved with a longest-common-subsequence table when it is small enough
//! (a formatted policy rarely differs in more than a few hundred lines
//! between two such lines); a larger piece is shown as one replaced block.
//! Time and memory are near linear in the texts (issue 13): the tables
//! together never exceed a few cells per line.

use std::collections::HashMap;

/// A piece is solved with a table of at most this many cells, or
/// [`CELLS_PER_LINE`] per line of the two texts if that is more.
const MIN_CELLS: usize = 1 << 16;
const CELLS_PER_LINE: usize = 16;
/// How many times a piece may be cut again at lines unique within it.
const MAX_DEPTH: usize = 16;
/// Unchanged lines shown around each change.
const CONTEXT: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same,
    Delete,
    Insert,
}

/// The diff from `old` to `new`, with `path` in the header; empty when the
/// texts are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = edit_script(&a, &b);

    let mut out = format!("--- {path}\n+++ {path} (formatted)\n");
    // Index into `ops`, with the line numbers in `a` and `b` it starts at.
    let mut positions = Vec::with_capacity(ops.len() + 1);
    let (mut i, mut j) = (0, 0);
    for op in &ops {
        positions.push((i, j));
        match op {
            Op::Same => (i, j) = (i + 1, j + 1),
            Op::Delete => i += 1,
            Op::Insert => j += 1,
        }
    }
    positions.push((i, j));

    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k] != Op::Same).collect();
    let mut k = 0;
    while k < changed.len() {
        // Grow the hunk while the next change is near enough to share context.
        let start = changed[k].saturating_sub(CONTEXT);
        let mut last = changed[k];
        while k + 1 < changed.len() && changed[k + 1] <= last + 2 * CONTEXT + 1 {
            k += 1;
            last = changed[k];
        }
        k += 1;
        let end = (last + 1 + CONTEXT).min(ops.len());
        let (a0, b0) = positions[start];
        let (a1, b1) = positions[end];
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(a0, a1 - a0),
            range(b0, b1 - b0)
        ));
        let (mut i, mut j) = (a0, b0);
        for op in &ops[start..end] {
            let (mark, line) = match op {
                Op::Same => {
                    i += 1;
                    j += 1;
                    (' ', a[i - 1])
                }
                Op::Delete => {
                    i += 1;
                    ('-', a[i - 1])
                }
                Op::Insert => {
                    j += 1;
                    ('+', b[j - 1])
                }
            };
            out.push(mark);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// `start,count` as unified diffs write it (1-based; `start` is the line
/// before an empty range).
fn range(start: usize, count: usize) -> String {
    let first = if count == 0 { start } else { start + 1 };
    if count == 1 {
        format!("{first}")
    } else {
        format!("{first},{count}")
    }
}

fn edit_script(a: &[&str], b: &[&str]) -> Vec<Op> {
    let mut ops = Vec::with_capacity(a.len().max(b.len()));
    let max_cells = MIN_CELLS.max(CELLS_PER_LINE * (a.len() + b.len()));
    diff_into(a, b, &mut ops, 0, max_cells);
    ops
}

/// The edit script from `a` to `b`, appended to `ops`.
fn diff_into(a: &[&str], b: &[&str], ops: &mut Vec<Op>, depth: usize, max_cells: usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    ops.extend(std::iter::repeat_n(Op::Same, prefix));
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    middle(a_mid, b_mid, ops, depth, max_cells);
    ops.extend(std::iter::repeat_n(Op::Same, suffix));
}

/// The edit script of two texts that differ in their first and last line.
fn middle(a: &[&str], b: &[&str], ops: &mut Vec<Op>, depth: usize, max_cells: usize) {
    let (n, m) = (a.len(), b.len());
    if n > 0 && m > 0 && n.saturating_mul(m) <= max_cells {
        return table(a, b, ops);
    }
    if n > 0 && m > 0 && depth < MAX_DEPTH {
        let anchors = anchors(a, b);
        if !anchors.is_empty() {
            let (mut i0, mut j0) = (0, 0);
            for (i, j) in anchors {
                diff_into(&a[i0..i], &b[j0..j], ops, depth + 1, max_cells);
                ops.push(Op::Same);
                (i0, j0) = (i + 1, j + 1);
            }
            return diff_into(&a[i0..], &b[j0..], ops, depth + 1, max_cells);
        }
    }
    ops.extend(std::iter::repeat_n(Op::Delete, n));
    ops.extend(std::iter::repeat_n(Op::Insert, m));
}

/// Lines that occur exactly once in `a` and once in `b`, as (index in `a`,
/// index in `b`): the longest run of them in the same order in both.
fn anchors(a: &[&str], b: &[&str]) -> Vec<(usize, usize)> {
    // Per line: (times in a, index in a, times in b, index in b).
    let mut seen: HashMap<&str, (u32, usize, u32, usize)> = HashMap::new();
    for (i, line) in a.iter().enumerate() {
        let entry = seen.entry(line).or_insert((0, i, 0, 0));
        entry.0 += 1;
    }
    for (j, line) in b.iter().enumerate() {
        if let Some(entry) = seen.get_mut(line) {
            entry.2 += 1;
            entry.3 = j;
        }
    }
    let mut pairs: Vec<(usize, usize)> = seen
        .values()
        .filter(|(in_a, _, in_b, _)| *in_a == 1 && *in_b == 1)
        .map(|&(_, i, _, j)| (i, j))
        .collect();
    pairs.sort_unstable();
    longest_increasing(&pairs)
}

/// The longest subsequence of `pairs` (sorted by their first) whose seconds
/// increase too (patience sorting, `n log n`).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[k]: the pair ending the best run of length k + 1 found so far.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < j);
        before[k] = at.checked_sub(1).map(|p| tails[p]);
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(k) = at {
        run.push(pairs[k]);
        at = before[k];
    }
    run.reverse();
    run
}

/// The edit script of a small piece, from a longest-common-subsequence
/// table.
fn table(a: &[&str], b: &[&str], ops: &mut Vec<Op>) {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push(Op::Same);
            i += 1;
            j += 1;
        } else if j == m || (i < n && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
            // Deletions before insertions, as diff(1) shows them.
            ops.push(Op::Delete);
            i += 1;
        } else {
            ops.push(Op::Insert);
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unified_diff;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified_diff("p", "a\n", "a\n"), "");
    }

    #[test]
    fn shows_a_change_with_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified_diff("p", old, new),
            "--- p\n+++ p (formatted)\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn a_large_text_is_cut_at_unique_lines() {
        // Every other line changes, 20,000 lines: far beyond one table.
        let old: String = (0..20_000).map(|i| format!("line {i}\nx,y\n")).collect();
        let new: String = (0..20_000).map(|i| format!("line {i}\nx, y\n")).collect();
        let diff = unified_diff("p", &old, &new);
        // Each change is shown as itself, with its context.
        assert_eq!(diff.matches("\n-x,y\n").count(), 20_000);
        assert_eq!(diff.matches("\n+x, y\n").count(), 20_000);
        assert!(!diff.contains("-line"));
    }

    #[test]
    fn marks_a_missing_final_newline() {
        assert_eq!(
            unified_diff("p", "a", "a\n"),
            "--- p\n+++ p (formatted)\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n"
        );
    }
}
