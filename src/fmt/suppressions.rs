//! Inline suppressions (`# lawful: allow(...)`, see `crate::suppress`) point
//! at source *lines*: a suppression at the end of a line covers what comes
//! before it on that line; one on a line of its own covers the next line
//! that is not blank or a comment, or the whole declaration that starts
//! there. Moving a token onto or off such a line would change which findings
//! are suppressed, so the layout keeps those lines as they are.

use crate::syntax::Token;

/// What one suppression covers, as token indices.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// The declaration whose first token this is: every line of it.
    Declaration(usize),
    /// These tokens, which must stay alone together on one line.
    Line(std::ops::Range<usize>),
}

/// The suppressions of `source`, in order, with what each covers.
pub(super) fn targets(source: &str, tokens: &[Token]) -> Vec<Target> {
    if !source.contains("lawful:") {
        return Vec::new();
    }
    let declaration_starts = declaration_starts(source, tokens);
    let mut out = Vec::new();
    for gap in 0..=tokens.len() {
        let from = if gap == 0 { 0 } else { tokens[gap - 1].end };
        let to = tokens.get(gap).map_or(source.len(), |t| t.start);
        let mut at = from;
        while let Some(hash) = source[at..to].find('#').map(|n| at + n) {
            let end = source[hash..to].find('\n').map_or(to, |n| hash + n);
            at = end;
            if !source[hash + 1..end].trim().starts_with("lawful:") {
                continue;
            }
            out.push(target(source, tokens, &declaration_starts, hash));
        }
    }
    out
}

/// Indices of the tokens that start a top-level declaration.
fn declaration_starts(source: &str, tokens: &[Token]) -> Vec<usize> {
    let mut depth = 0usize;
    let mut starts = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match &source[token.start..token.end] {
            "{" => depth += 1,
            "}" => depth = depth.saturating_sub(1),
            _ if depth == 0 && token.starts_line => starts.push(i),
            _ => {}
        }
    }
    starts
}

/// Mirrors `crate::suppress`'s reading of the comment at `hash`.
fn target(source: &str, tokens: &[Token], declaration_starts: &[usize], hash: usize) -> Target {
    let line_start = source[..hash].rfind('\n').map_or(0, |n| n + 1);
    let line_end = |from: usize| source[from..].find('\n').map_or(source.len(), |n| from + n);
    let starting_in = |a: usize, b: usize| {
        let first = tokens.partition_point(|t| t.start < a);
        let last = tokens.partition_point(|t| t.start < b);
        first..last
    };
    if !source[line_start..hash].trim().is_empty() {
        return Target::Line(starting_in(line_start, hash));
    }
    let mut next = line_end(hash) + 1;
    while next < source.len() {
        let end = line_end(next);
        let line = source[next..end].trim_start();
        if !line.is_empty() && !line.starts_with('#') {
            let first = next + (source[next..end].len() - line.len());
            let index = tokens.partition_point(|t| t.start < first);
            if declaration_starts.binary_search(&index).is_ok() && tokens[index].start == first {
                return Target::Declaration(index);
            }
            return Target::Line(starting_in(next, end));
        }
        next = end + 1;
    }
    Target::Line(tokens.len()..tokens.len())
}

/// Per token: `glued` — it stays on the line of the token before it;
/// `keep_break` — it stays at the start of a line if it was at one.
pub(super) struct Constraints {
    pub glued: Vec<bool>,
    pub keep_break: Vec<bool>,
}

pub(super) fn constraints(source: &str, tokens: &[Token]) -> Constraints {
    let mut c = Constraints {
        glued: vec![false; tokens.len()],
        keep_break: vec![false; tokens.len()],
    };
    for target in targets(source, tokens) {
        let Target::Line(range) = target else {
            continue;
        };
        if range.is_empty() {
            continue;
        }
        for i in range.start + 1..range.end {
            c.glued[i] = true;
        }
        let first = range.start;
        let gap_start = if first == 0 { 0 } else { tokens[first - 1].end };
        if source[gap_start..tokens[first].start].contains('\n') || first == 0 {
            c.keep_break[first] = true;
        } else {
            // The line starts inside a string that spans lines.
            c.glued[first] = true;
        }
        if let Some(keep) = c.keep_break.get_mut(range.end) {
            *keep = true;
        }
    }
    c
}
