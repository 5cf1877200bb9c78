//! `lawful diff`'s outputs: for people (grouped by effect), for machines
//! (versioned JSON, docs/output.md), and Markdown for a pull-request
//! comment. User text is escaped for each: shown visibly on a terminal,
//! escaped for Markdown with [`crate::render::md_escape`], and left to
//! serde in JSON.

use serde::Serialize;

use super::{Change, Diff, Effect, FlowRef, Location, Message};
use crate::load::LoadError;
use crate::render::md_escape;

/// The version of the JSON document's schema.
pub const SCHEMA_VERSION: u32 = 1;

/// The most flows a change lists in the human and Markdown outputs; JSON
/// lists them all.
const SHOWN_FLOWS: usize = 5;

/// Policy text for the terminal or a CI log, through the one terminal
/// escape (control and bidirectional characters shown as escapes, no
/// workflow commands).
fn visible(text: &str) -> String {
    crate::render::escape::terminal(text).into_owned()
}

fn human_message(m: &Message) -> String {
    m.render(
        visible,
        |n| format!("`{}`", visible(n)),
        |q| format!("\"{}\"", visible(q)),
    )
}

fn location(l: &Location) -> String {
    format!("{}:{}", visible(&l.file), l.line)
}

/// One count per effect: "2 need consent, 1 needs prior notice or
/// publication, no notice only, 3 with no legal effect".
pub fn summary(diff: &Diff) -> String {
    if diff.is_empty() {
        return "no changes".to_string();
    }
    let parts: Vec<String> = Effect::ALL
        .iter()
        .map(|&e| {
            let n = diff.count(e);
            match e {
                Effect::Consent => format!("{n} {} consent", if n == 1 { "needs" } else { "need" }),
                Effect::Notice => format!(
                    "{n} {} prior notice or publication",
                    if n == 1 { "needs" } else { "need" }
                ),
                Effect::NoticeOnly => format!("{n} notice only"),
                Effect::None => format!("{n} with no legal effect"),
            }
        })
        .collect();
    format!(
        "{} {}: {}",
        diff.changes.len(),
        if diff.changes.len() == 1 {
            "change"
        } else {
            "changes"
        },
        parts.join(", ")
    )
}

/// Flows past the first few, as "and N more".
fn more(flows: &[FlowRef]) -> Option<String> {
    (flows.len() > SHOWN_FLOWS).then(|| format!("and {} more", flows.len() - SHOWN_FLOWS))
}

/// For people: the changes grouped by effect, strongest first.
pub fn human(diff: &Diff, errors: &[LoadError]) -> String {
    let mut out = String::new();
    for error in errors {
        out.push_str(&format!(
            "error: {}: {}\n",
            visible(&error.path),
            visible(&error.message)
        ));
    }
    for &effect in Effect::ALL {
        let changes: Vec<&Change> = diff.with_effect(effect).collect();
        if changes.is_empty() {
            continue;
        }
        out.push_str(&format!("{} ({})\n", effect.title(), changes.len()));
        for c in changes {
            out.push_str(&format!(
                "  {}: {}\n",
                c.kind.slug(),
                human_message(&c.message)
            ));
            if let Some(l) = &c.location {
                out.push_str(&format!("    at: {}\n", location(l)));
            }
            if !c.law.is_empty() {
                out.push_str(&format!("    law: {}\n", c.law.join(", ")));
            }
            if let Some(note) = &c.note {
                out.push_str(&format!("    note: {note}\n"));
            }
            for f in c.flows.iter().take(SHOWN_FLOWS) {
                if Some(&f.location) == c.location.as_ref() {
                    out.push_str(&format!("    flow: {}\n", visible(&f.statement)));
                } else {
                    out.push_str(&format!(
                        "    flow: {} ({})\n",
                        visible(&f.statement),
                        location(&f.location)
                    ));
                }
            }
            if let Some(more) = more(&c.flows) {
                out.push_str(&format!("    flow: {more}\n"));
            }
            if !c.subjects.is_empty() {
                let people: Vec<String> = c
                    .subjects
                    .iter()
                    .map(|s| format!("`{}`", visible(s)))
                    .collect();
                out.push_str(&format!("    people: {}\n", people.join(", ")));
            }
        }
        out.push('\n');
    }
    out.push_str(&format!("lawful diff: {}\n", summary(diff)));
    out
}

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: &'static str,
    tool_version: &'static str,
    summary: Summary,
    changes: Vec<JsonChange<'a>>,
    unreadable: Vec<Unreadable<'a>>,
}

#[derive(Serialize)]
struct Summary {
    consent: usize,
    notice: usize,
    notice_only: usize,
    none: usize,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    class: super::Kind,
    effect: Effect,
    message: String,
    law: &'a [String],
    note: Option<&'a str>,
    location: Option<&'a Location>,
    flows: &'a [FlowRef],
    subjects: &'a [String],
    explain: String,
}

#[derive(Serialize)]
struct Unreadable<'a> {
    path: &'a str,
    message: &'a str,
}

/// For machines: version 1 of the schema in docs/output.md.
pub fn json(diff: &Diff, errors: &[LoadError]) -> String {
    let output = Output {
        version: SCHEMA_VERSION,
        tool: "lawful",
        tool_version: env!("CARGO_PKG_VERSION"),
        summary: Summary {
            consent: diff.count(Effect::Consent),
            notice: diff.count(Effect::Notice),
            notice_only: diff.count(Effect::NoticeOnly),
            none: diff.count(Effect::None),
        },
        changes: diff
            .changes
            .iter()
            .map(|c| JsonChange {
                class: c.kind,
                effect: c.effect,
                message: c.message.plain(),
                law: &c.law,
                note: c.note.as_deref(),
                location: c.location.as_ref(),
                flows: &c.flows,
                subjects: &c.subjects,
                explain: c.kind.explain_slug(),
            })
            .collect(),
        unreadable: errors
            .iter()
            .map(|e| Unreadable {
                path: &e.path,
                message: &e.message,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&output).unwrap_or_default() + "\n"
}

/// A name as Markdown: a code span when it holds only characters a code
/// span shows as they are, escaped text otherwise.
fn md_code(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ' ' | ',' | '…'));
    if plain && !text.starts_with(' ') && !text.ends_with(' ') {
        format!("`{text}`")
    } else {
        md_escape(text, false)
    }
}

fn md_message(m: &Message) -> String {
    m.render(
        |w| md_escape(w, false),
        md_code,
        |q| format!("\"{}\"", md_escape(q, false)),
    )
}

fn md_location(l: &Location) -> String {
    format!("{} line {}", md_escape(&l.file, false), l.line)
}

/// The marker the comment starts with, so that a workflow can find and
/// replace its own comment.
pub const MARKDOWN_MARKER: &str = "<!-- lawful-diff -->";

/// For a pull-request comment: a summary, then each effect's changes, those
/// with no legal effect folded away.
pub fn markdown(diff: &Diff, errors: &[LoadError]) -> String {
    let mut out = format!(
        "{MARKDOWN_MARKER}\n### lawful diff: what this change means for consent and notice\n\n"
    );
    for error in errors {
        out.push_str(&format!(
            "> **error**: {}: {}\n\n",
            md_escape(&error.path, false),
            md_escape(&error.message, false)
        ));
    }
    if diff.is_empty() {
        out.push_str("No change to what the policy means: nothing needs consent or notice.\n");
        return out;
    }
    let counts: Vec<String> = Effect::ALL
        .iter()
        .map(|&e| format!("{}: **{}**", e.title(), diff.count(e)))
        .collect();
    out.push_str(&format!("{}\n\n", counts.join(" · ")));
    for &effect in Effect::ALL {
        let changes: Vec<&Change> = diff.with_effect(effect).collect();
        if changes.is_empty() {
            continue;
        }
        let folded = effect == Effect::None;
        if folded {
            out.push_str(&format!(
                "<details><summary>{} ({})</summary>\n\n",
                effect.title(),
                changes.len()
            ));
        } else {
            let mut title = effect.title().to_string();
            title[..1].make_ascii_uppercase();
            out.push_str(&format!("#### {title} ({})\n\n", changes.len()));
        }
        for c in changes {
            out.push_str(&format!("- {}\n", md_message(&c.message)));
            if !c.law.is_empty() {
                out.push_str(&format!("  - law: {}\n", c.law.join(", ")));
            }
            if let Some(note) = &c.note {
                out.push_str(&format!("  - note: {}\n", md_escape(note, false)));
            }
            if let Some(l) = &c.location {
                out.push_str(&format!("  - where: {}\n", md_location(l)));
            }
            for f in c.flows.iter().take(SHOWN_FLOWS) {
                out.push_str(&format!(
                    "  - flow: {} ({})\n",
                    md_code(&f.statement),
                    md_location(&f.location)
                ));
            }
            if let Some(more) = more(&c.flows) {
                out.push_str(&format!("  - flow: {more}\n"));
            }
            if !c.subjects.is_empty() {
                let people: Vec<String> = c.subjects.iter().map(|s| md_code(s)).collect();
                out.push_str(&format!("  - people: {}\n", people.join(", ")));
            }
            out.push_str(&format!(
                "  - class: `{}` (`lawful explain {}`)\n",
                c.kind.slug(),
                c.kind.explain_slug()
            ));
        }
        out.push('\n');
        if folded {
            out.push_str("</details>\n\n");
        }
    }
    out.push_str(&format!("lawful diff: {}\n", summary(diff)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_visible_on_a_terminal_and_escaped_in_markdown() {
        assert_eq!(
            visible("a\u{1b}]52;c\u{7}b\u{202e}"),
            "a\\u{1b}]52;c\\u{7}b\\u{202e}"
        );
        assert_eq!(md_code("email_address"), "`email_address`");
        assert_eq!(md_code("a`b"), "a\\`b");
        let m = Message::new().quote("<img src=x> [link](y) | cell");
        let md = md_message(&m);
        assert!(md.starts_with("\"\\<img"), "{md}");
        assert!(md.contains("\\[link]"), "{md}");
        assert!(md.contains("\\|"), "{md}");
    }
}
