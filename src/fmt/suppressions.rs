//! Inline suppressions (`# lawful: allow(...)`, see `crate::suppress`) point
//! at source *lines*: a suppression at the end of a line covers what comes
//! before it on that line; one on a line of its own covers the next line
//! that is not blank or a comment, or the whole declaration that starts
//! there. Moving a token onto or off such a line would change which findings
//! are suppressed, so the layout keeps those lines as they are.

use crate::suppress::{Cover, Covers};
use crate::syntax::Token;

/// What one suppression covers, as token indices.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// The declaration whose first token this is: every line of it.
    Declaration(usize),
    /// These tokens, which must stay alone together on one line.
    Line(std::ops::Range<usize>),
}

/// The suppressions of `source`, in order, with what each covers (by
/// `crate::suppress`'s rule, [`Covers`]).
pub(super) fn targets(source: &str, tokens: &[Token]) -> Vec<Target> {
    if !source.contains("lawful:") {
        return Vec::new();
    }
    let declaration_starts = declaration_starts(source, tokens);
    let mut covers = Covers::new(source);
    let mut out = Vec::new();
    for gap in 0..=tokens.len() {
        let from = if gap == 0 { 0 } else { tokens[gap - 1].end() };
        let to = tokens.get(gap).map_or(source.len(), |t| t.start());
        let mut at = from;
        while let Some(hash) = source[at..to].find('#').map(|n| at + n) {
            let end = source[hash..to].find('\n').map_or(to, |n| hash + n);
            at = end;
            if !source[hash + 1..end].trim().starts_with("lawful:") {
                continue;
            }
            let cover = covers.cover(hash);
            out.push(target(tokens, &declaration_starts, cover, hash));
        }
    }
    out
}

/// Indices of the tokens that start a top-level declaration.
pub(super) fn declaration_starts(source: &str, tokens: &[Token]) -> Vec<usize> {
    let mut depth = 0usize;
    let mut starts = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match &source[token.start()..token.end()] {
            "{" => depth += 1,
            "}" => depth = depth.saturating_sub(1),
            _ if depth == 0 && token.starts_line => starts.push(i),
            _ => {}
        }
    }
    starts
}

/// `cover`, from bytes to tokens.
fn target(tokens: &[Token], declaration_starts: &[usize], cover: Cover, hash: usize) -> Target {
    let starting_in = |a: usize, b: usize| {
        let first = tokens.partition_point(|t| t.start() < a);
        let last = tokens.partition_point(|t| t.start() < b);
        first..last
    };
    match cover {
        Cover::Before { line_start } => Target::Line(starting_in(line_start, hash)),
        Cover::NextLine { start, first, end } => {
            let index = tokens.partition_point(|t| t.start() < first);
            let starts_declaration = declaration_starts.binary_search(&index).is_ok()
                && tokens.get(index).is_some_and(|t| t.start() == first);
            if starts_declaration {
                Target::Declaration(index)
            } else {
                Target::Line(starting_in(start, end))
            }
        }
        Cover::Nothing => Target::Line(tokens.len()..tokens.len()),
    }
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
    // How many covered lines each token is inside of (not first): counted
    // with a difference per line, as many suppressions may cover one long
    // line.
    let mut inside = vec![0i32; tokens.len() + 1];
    for target in targets(source, tokens) {
        let Target::Line(range) = target else {
            continue;
        };
        if range.is_empty() {
            continue;
        }
        inside[range.start + 1] += 1;
        inside[range.end] -= 1;
        let first = range.start;
        let gap_start = if first == 0 {
            0
        } else {
            tokens[first - 1].end()
        };
        if source[gap_start..tokens[first].start()].contains('\n') || first == 0 {
            c.keep_break[first] = true;
        } else {
            // The line starts inside a string that spans lines.
            c.glued[first] = true;
        }
        if let Some(keep) = c.keep_break.get_mut(range.end) {
            *keep = true;
        }
    }
    let mut depth = 0;
    for (glued, change) in c.glued.iter_mut().zip(&inside) {
        depth += change;
        *glued |= depth > 0;
    }
    c
}
