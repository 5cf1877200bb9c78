//! Inline suppressions: `# lawful: allow(vague-purpose) reason: "..."`.
//!
//! A suppression on a line of its own applies to the next line that is not
//! blank or a comment, and when a declaration starts there, to the whole
//! declaration; a suppression at the end of a line applies to that line.
//! The reason is mandatory: a suppression without one still applies but is
//! itself reported, and so is one that suppresses nothing.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, SourceMap, Span};

struct Suppression {
    comment: Span,
    codes: Vec<Code>,
    /// The byte range whose findings it suppresses.
    target: std::ops::Range<u32>,
    has_reason: bool,
    used: bool,
}

/// Removes suppressed findings and reports bad or unused suppressions.
pub fn apply(
    sources: &SourceMap,
    declarations: &HashMap<FileId, Vec<Span>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut suppressions: Vec<(FileId, Suppression)> = Vec::new();
    let mut problems = Vec::new();
    for file in sources.ids() {
        let text = sources.text(file);
        if !text.contains("lawful:") {
            continue;
        }
        let decls = declarations.get(&file).map(Vec::as_slice).unwrap_or(&[]);
        for (start, end) in comments(text) {
            let body = text[start + 1..end].trim();
            let Some(rest) = body.strip_prefix("lawful:") else {
                continue;
            };
            let comment = Span::new(file, start, end);
            match parse(rest.trim()) {
                Ok((names, has_reason)) => {
                    let mut codes = Vec::new();
                    for name in names {
                        match Code::find(&name) {
                            Some(code) => codes.push(code),
                            None => problems.push(
                                Diagnostic::new(
                                    Code::InvalidSuppression,
                                    format!("`{name}` is not a lawful code or slug"),
                                    comment,
                                    "this suppression",
                                )
                                .with_help("`lawful rules` lists every code and slug"),
                            ),
                        }
                    }
                    let target = target(text, start, decls);
                    suppressions.push((
                        file,
                        Suppression {
                            comment,
                            codes,
                            target,
                            has_reason,
                            used: false,
                        },
                    ));
                }
                Err(message) => problems.push(
                    Diagnostic::new(
                        Code::InvalidSuppression,
                        message,
                        comment,
                        "cannot read this suppression",
                    )
                    .with_help(
                        "write `# lawful: allow(<slug>, ...) reason: \"why this is acceptable\"`",
                    ),
                ),
            }
        }
    }
    if suppressions.is_empty() && problems.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        let Some(span) = d.primary_span() else {
            return true;
        };
        let mut keep = true;
        for (file, suppression) in suppressions.iter_mut() {
            if *file == span.file
                && suppression.target.contains(&span.start)
                && suppression.codes.contains(&d.code)
            {
                suppression.used = true;
                keep = false;
            }
        }
        keep
    });
    for (_, suppression) in &suppressions {
        if !suppression.has_reason {
            problems.push(
                Diagnostic::new(
                    Code::InvalidSuppression,
                    "suppression without a reason",
                    suppression.comment,
                    "no `reason:`",
                )
                .with_help("say why the finding is acceptable: `reason: \"...\"`"),
            );
        }
        if !suppression.used && !suppression.codes.is_empty() {
            problems.push(
                Diagnostic::new(
                    Code::UnusedSuppression,
                    "this suppression suppresses nothing",
                    suppression.comment,
                    "no such finding here",
                )
                .with_help("remove it, or move it onto the line of the finding"),
            );
        }
    }
    diagnostics.extend(problems);
}

/// Parses `allow(a, b) reason: "..."`: the names, and whether a non-empty
/// reason is given.
fn parse(text: &str) -> Result<(Vec<String>, bool), String> {
    let rest = text
        .strip_prefix("allow")
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix('('))
        .ok_or("expected `allow(...)` after `lawful:`")?;
    let close = rest.find(')').ok_or("`allow(` is never closed")?;
    let names: Vec<String> = rest[..close]
        .split(',')
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Err("`allow()` names no code".into());
    }
    let after = rest[close + 1..].trim();
    let has_reason = match after.strip_prefix("reason:") {
        Some(reason) => {
            let reason = reason.trim().trim_matches('"').trim();
            !reason.is_empty()
        }
        None if after.is_empty() => false,
        None => {
            return Err(format!(
                "expected `reason: \"...\"` after `allow(...)`, found `{after}`"
            ));
        }
    };
    Ok((names, has_reason))
}

/// The byte ranges of `#` comments (from `#` to the end of the line),
/// skipping `#` inside strings.
fn comments(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'#' if !in_string => {
                let end = text[i..].find('\n').map(|n| i + n).unwrap_or(text.len());
                found.push((i, end));
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// What the comment at `start` covers.
fn target(text: &str, start: usize, decls: &[Span]) -> std::ops::Range<u32> {
    let line_start = text[..start].rfind('\n').map(|n| n + 1).unwrap_or(0);
    let line_end = |from: usize| {
        text[from..]
            .find('\n')
            .map(|n| from + n)
            .unwrap_or(text.len())
    };
    let as_range = |a: usize, b: usize| (a as u32)..(b as u32).max(a as u32 + 1);
    if !text[line_start..start].trim().is_empty() {
        return as_range(line_start, start);
    }
    // The next line that is not blank or a comment.
    let mut next = line_end(start) + 1;
    while next < text.len() {
        let end = line_end(next);
        let line = text[next..end].trim_start();
        if !line.is_empty() && !line.starts_with('#') {
            let first = next + (text[next..end].len() - line.len());
            if let Some(span) = decls.iter().find(|d| d.start as usize == first) {
                return as_range(span.start as usize, span.end as usize);
            }
            return as_range(next, end);
        }
        next = end + 1;
    }
    as_range(start, start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_suppressions() {
        assert_eq!(
            parse("allow(vague-purpose) reason: \"x\"").unwrap(),
            (vec!["vague-purpose".into()], true)
        );
        assert!(!parse("allow(L103, L201)").unwrap().1);
        assert!(parse("allow vague").is_err());
        assert!(parse("allow()").is_err());
        assert!(parse("allow(x) because").is_err());
    }

    #[test]
    fn finds_comments_outside_strings() {
        let text = "data a \"# not\" # yes\n# line\n";
        let found: Vec<&str> = comments(text).iter().map(|(a, b)| &text[*a..*b]).collect();
        assert_eq!(found, vec!["# yes", "# line"]);
    }
}
