//! A unified diff of two texts, line by line, for `lawful fmt --check`.
//!
//! The edit script is [`similar`]'s Myers diff: minimal on the differences
//! `fmt` makes (two one-token edits 4,000 lines apart give two small hunks,
//! as `diff -u` does), and bounded on hostile input by its deterministic
//! search limit (git's heuristic), never by a clock, so the output does not
//! depend on the machine. Lines are compared with their line endings, so a
//! change of `\r\n` to `\n` is a changed line, and every line is printed
//! through [`escape::terminal`]: a carriage return shows as `\r`, and no
//! control character of the policy reaches the terminal.

use similar::{Algorithm, DiffOp, capture_diff_slices, group_diff_ops};

use crate::render::escape;

/// Unchanged lines shown around each change, as `diff -u`.
const CONTEXT: usize = 3;

/// The diff from `old` to `new`, with `path` in the header; empty when the
/// texts are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    let path = escape::terminal(path);
    let mut out = format!("--- {path}\n+++ {path} (formatted)\n");
    for hunk in group_diff_ops(ops, CONTEXT) {
        let (Some(first), Some(last)) = (hunk.first(), hunk.last()) else {
            continue;
        };
        let old_lines = first.old_range().start..last.old_range().end;
        let new_lines = first.new_range().start..last.new_range().end;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(old_lines.start, old_lines.len()),
            range(new_lines.start, new_lines.len())
        ));
        for op in &hunk {
            let (old_range, new_range) = (op.old_range(), op.new_range());
            match op {
                DiffOp::Equal { .. } => push_lines(&mut out, ' ', &a[old_range]),
                DiffOp::Delete { .. } => push_lines(&mut out, '-', &a[old_range]),
                DiffOp::Insert { .. } => push_lines(&mut out, '+', &b[new_range]),
                DiffOp::Replace { .. } => {
                    // Deletions before insertions, as diff(1) shows them.
                    push_lines(&mut out, '-', &a[old_range]);
                    push_lines(&mut out, '+', &b[new_range]);
                }
            }
        }
    }
    out
}

/// Each line after `mark`, without its `\n` and escaped for a terminal; a
/// line with no `\n` (the last of a text) is marked as diff(1) marks it.
fn push_lines(out: &mut String, mark: char, lines: &[&str]) {
    for line in lines {
        let (text, newline) = match line.strip_suffix('\n') {
            Some(text) => (text, true),
            None => (*line, false),
        };
        out.push(mark);
        out.push_str(&escape::terminal(text));
        out.push('\n');
        if !newline {
            out.push_str("\\ No newline at end of file\n");
        }
    }
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
    fn marks_a_missing_final_newline() {
        assert_eq!(
            unified_diff("p", "a", "a\n"),
            "--- p\n+++ p (formatted)\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n"
        );
    }

    #[test]
    fn a_line_ending_change_is_visible() {
        assert_eq!(
            unified_diff("p", "data a\r\ndata b\n", "data a\ndata b\n"),
            "--- p\n+++ p (formatted)\n@@ -1,2 +1,2 @@\n-data a\\r\n+data a\n data b\n"
        );
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let diff = unified_diff("p\u{1b}]52;x\u{7}", "# \u{1b}[2J\n", "# \u{9b}2J x\n");
        assert!(!diff.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{diff:?}");
        assert!(diff.contains("-# \\u{1b}[2J\n+# \\u{9b}2J x\n"), "{diff}");
    }

    /// Two one-token edits 4,000 lines apart: two hunks of 7 lines, what
    /// `diff -u` prints (it printed 8,011 lines with the old table diff).
    #[test]
    fn distant_edits_give_small_hunks() {
        let old: String = (0..4_010).map(|i| format!("data item_{i}\n")).collect();
        let new = old
            .replacen("data item_3\n", "data item_three\n", 1)
            .replacen("data item_4003\n", "data item_4k3\n", 1);
        let diff = unified_diff("p", &old, &new);
        assert_eq!(diff.lines().count(), 2 + 2 * (1 + 3 + 2 + 3), "{diff}");
        assert!(diff.contains("@@ -1,7 +1,7 @@\n"), "{diff}");
        assert!(diff.contains("@@ -4001,7 +4001,7 @@\n"), "{diff}");
    }
}

#[cfg(test)]
mod timing {
    use super::unified_diff;
    use std::time::Instant;

    /// A text whose every other line changed (each `data` line reindented,
    /// the `}` lines shared: Myers' worst case, quadratic without a search
    /// limit), against a diff of the same size that shares no line (found
    /// at once): the search limit keeps the first near the second.
    #[test]
    fn a_diff_of_every_other_line_stays_near_linear() {
        let n = 20_000;
        let old: String = (0..n)
            .map(|i| {
                if i % 2 == 0 {
                    format!("data item_{i}\n")
                } else {
                    "}\n".to_string()
                }
            })
            .collect();
        let hostile: String = old.replace("data", "  data");
        let benign: String = hostile.replace('}', "} ");
        let time = |new: &str| {
            let started = Instant::now();
            let diff = unified_diff("p", &old, new);
            (started.elapsed(), diff.len())
        };
        let (fast, benign_size) = time(&benign);
        let (slow, size) = time(&hostile);
        assert!(size > old.len(), "every changed line is shown");
        assert!(benign_size > size, "the benign diff is as large");
        assert!(
            slow.as_secs_f64() < 10.0 * fast.as_secs_f64().max(0.001),
            "benign {fast:?}, hostile {slow:?}"
        );
    }
}
