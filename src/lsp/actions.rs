//! Formatting (`lawful fmt`) and code actions: the did-you-mean
//! replacement, a suppression comment with a reason to fill in, and the
//! fixes that are mechanical (a `retain` on a purpose that states none, the
//! statutory conditions an exception leaves unstated, a reason for a
//! suppression that gives none, removing a suppression that suppresses
//! nothing).

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DocumentFormattingParams,
    Range, TextEdit, Uri, WorkspaceEdit,
};

use super::analysis::{Analysis, State};
use super::position;
use super::{Failure, failed};
use crate::diagnostic::{Code, Diagnostic};
use crate::fmt::FormatError;
use crate::span::Span;

pub fn format(
    state: &mut State,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>, Failure> {
    let path = state
        .document(&params.text_document.uri)
        .map_err(super::invalid_params)?;
    state.refresh();
    let text = match state.overlay.buffers.get(&path) {
        Some(text) => text.as_str(),
        None => {
            let analysis = state.analysis.as_ref();
            match analysis.and_then(|a| a.file(&path).map(|f| a.report.sources.text(f))) {
                Some(text) => text,
                None => return Ok(None),
            }
        }
    };
    match crate::fmt::format_str(text) {
        Ok(formatted) if formatted == text => Ok(Some(Vec::new())),
        Ok(formatted) => Ok(Some(vec![TextEdit {
            range: Range::new(
                lsp_types::Position::new(0, 0),
                position::end(text, state.encoding),
            ),
            new_text: formatted,
        }])),
        Err(FormatError::Syntax(errors)) => Err(failed(format!(
            "cannot format: the file has {} syntax error{}; fix {} first",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            if errors.len() == 1 { "it" } else { "them" },
        ))),
        Err(FormatError::Unsafe(why)) => Err(failed(format!(
            "cannot format: the layout would change the policy's meaning ({}); please report this",
            position::clean(&why)
        ))),
    }
}

/// An edit of one file, as a quick fix.
struct Fix {
    title: String,
    edits: Vec<(Span, String)>,
    preferred: bool,
    diagnostic: usize,
}

pub fn code_actions(
    state: &mut State,
    params: CodeActionParams,
) -> Result<Option<Vec<CodeActionOrCommand>>, Failure> {
    let path = state
        .document(&params.text_document.uri)
        .map_err(super::invalid_params)?;
    state.refresh();
    let Some(analysis) = state.analysis.as_ref() else {
        return Ok(None);
    };
    let Some(file) = analysis.file(&path) else {
        return Ok(None);
    };
    let sources = &analysis.report.sources;
    let encoding = state.encoding;
    let wanted = params.range;
    let overlaps = |r: Range| r.start <= wanted.end && wanted.start <= r.end;
    let here: Vec<(&Diagnostic, Span)> = analysis
        .report
        .diagnostics
        .iter()
        .filter_map(|d| d.primary_span().map(|s| (d, s)))
        .filter(|(_, s)| s.file == file && overlaps(position::range(sources, *s, encoding)))
        .collect();
    let mut fixes = Vec::new();
    for (i, (d, span)) in here.iter().enumerate() {
        fixes.extend(fixes_for(analysis, d, *span, i));
    }
    let uri: Uri = state.uri(&path);
    let lsp_diagnostics = super::diagnostics::by_file(state, analysis)
        .remove(&path)
        .unwrap_or_default();
    let actions = fixes
        .into_iter()
        .map(|fix| {
            let edits = fix
                .edits
                .into_iter()
                .map(|(span, new_text)| TextEdit {
                    range: position::range(sources, span, encoding),
                    new_text,
                })
                .collect();
            let (d, span) = here[fix.diagnostic];
            let range = position::range(sources, span, encoding);
            let diagnostic = lsp_diagnostics
                .iter()
                .find(|l| l.range == range && l.message == super::diagnostics::message(d))
                .cloned();
            CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: diagnostic.map(|d| vec![d]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..Default::default()
                }),
                is_preferred: fix.preferred.then_some(true),
                ..Default::default()
            })
        })
        .collect();
    Ok(Some(actions))
}

/// `did you mean `x`?`: the name suggested.
fn suggestion(help: &str) -> Option<&str> {
    let rest = help.split("did you mean `").nth(1)?;
    Some(&rest[..rest.find('`')?])
}

/// The start of the line `offset` is on, and its indentation.
fn line_of(text: &str, offset: usize) -> (usize, &str) {
    let start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let rest = &text[start..];
    let indent = &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()];
    (start, indent)
}

/// An edit that adds a property line to a declaration's block, opening one
/// if it has none.
fn add_property(text: &str, decl: Span, property: &str) -> (Span, String) {
    let body = &text[decl.range()];
    let (_, indent) = line_of(text, decl.start as usize);
    if body.ends_with('}') {
        let close = decl.end as usize - 1;
        let (close_line, close_indent) = line_of(text, close);
        if text[close_line..close].trim().is_empty() {
            let at = Span::new(decl.file, close_line, close_line);
            return (at, format!("{close_indent}  {property}\n"));
        }
        let at = Span::new(decl.file, close, close);
        return (at, format!("\n{indent}  {property}\n{indent}"));
    }
    let end = decl.end as usize;
    (
        Span::new(decl.file, end, end),
        format!(" {{\n{indent}  {property}\n{indent}}}"),
    )
}

fn fixes_for(analysis: &Analysis, d: &Diagnostic, span: Span, index: usize) -> Vec<Fix> {
    let text = analysis.report.sources.text(span.file);
    let mut fixes = Vec::new();
    let mut fix = |title: String, edits: Vec<(Span, String)>, preferred: bool| {
        fixes.push(Fix {
            title,
            edits,
            preferred,
            diagnostic: index,
        })
    };
    if let Some(name) = d.help.as_deref().and_then(suggestion) {
        fix(
            format!("Replace with `{name}`"),
            vec![(span, name.to_string())],
            true,
        );
    }
    match d.code {
        Code::MissingRetention => {
            if let Some(purpose) = purpose_named_at(analysis, span) {
                let stub = "retain until purpose achieved";
                fix(
                    format!("Add `{stub}` to purpose `{}`", analysis.text(span)),
                    vec![add_property(text, purpose, stub)],
                    false,
                );
            }
        }
        Code::ExceptionConditionMissing => {
            if let Some((decl, conditions)) = unstated_at(analysis, span) {
                let property = format!("condition {}", conditions.join(", "));
                fix(
                    format!("State `{property}` (only if it holds)"),
                    vec![add_property(text, decl, &property)],
                    false,
                );
            }
        }
        Code::UnusedSuppression => {
            let (line_start, _) = line_of(text, span.start as usize);
            let whole_line = text[line_start..span.start as usize].trim().is_empty();
            let end = span.end as usize;
            let removed = if whole_line {
                let next = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
                Span::new(span.file, line_start, next)
            } else {
                let before = text[..span.start as usize]
                    .trim_end_matches([' ', '\t'])
                    .len();
                Span::new(span.file, before, end)
            };
            fix(
                "Remove the unused suppression".into(),
                vec![(removed, String::new())],
                true,
            );
        }
        Code::InvalidSuppression if d.message == "suppression without a reason" => {
            let end = Span::new(span.file, span.end as usize, span.end as usize);
            fix(
                "Give the suppression a reason".into(),
                vec![(end, format!(" reason: \"{REASON}\""))],
                true,
            );
        }
        _ => {}
    }
    let suppressible = !matches!(
        d.code,
        Code::SyntaxError | Code::InvalidSuppression | Code::UnusedSuppression
    );
    if suppressible {
        let (line_start, indent) = line_of(text, span.start as usize);
        let slug = d.code.info().slug;
        let at = Span::new(span.file, line_start, line_start);
        fix(
            format!("Suppress `{slug}` here, with a reason"),
            vec![(
                at,
                format!("{indent}# lawful: allow({slug}) reason: \"{REASON}\"\n"),
            )],
            false,
        );
    }
    fixes
}

/// The reason a new suppression is given, for the author to replace.
const REASON: &str = "<why this finding is acceptable>";

/// The purpose whose name is at `span`, without a retention.
fn purpose_named_at(analysis: &Analysis, span: Span) -> Option<Span> {
    analysis
        .report
        .compiled
        .iter()
        .flat_map(|c| &c.model.purposes)
        .find(|p| p.name.span == span && p.retention.is_none())
        .map(|p| p.span)
}

/// The exception whose name is at `span`, and the conditions it does not
/// state.
fn unstated_at(analysis: &Analysis, span: Span) -> Option<(Span, Vec<&'static str>)> {
    let exception = analysis
        .report
        .compiled
        .iter()
        .flat_map(|c| &c.model.exceptions)
        .find(|e| e.name.span == span)?;
    let missing: Vec<&'static str> = crate::law::unstated_conditions(exception)
        .into_iter()
        .map(|(c, _)| c.name())
        .collect();
    (!missing.is_empty()).then_some((exception.span, missing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;

    #[test]
    fn adds_a_property_inside_or_with_a_block() {
        let file = FileId(0);
        let text = "purpose p \"P\" {\n  basis contract\n}\n";
        let decl = Span::new(file, 0, text.trim_end().len());
        let (at, new) = add_property(text, decl, "retain 1 year");
        let mut edited = text.to_string();
        edited.replace_range(at.range(), &new);
        assert_eq!(
            edited,
            "purpose p \"P\" {\n  basis contract\n  retain 1 year\n}\n"
        );

        let text = "purpose p \"P\"\n";
        let decl = Span::new(file, 0, text.trim_end().len());
        let (at, new) = add_property(text, decl, "retain 1 year");
        let mut edited = text.to_string();
        edited.replace_range(at.range(), &new);
        assert_eq!(edited, "purpose p \"P\" {\n  retain 1 year\n}\n");

        let text = "  purpose p \"P\" { basis contract }";
        let decl = Span::new(file, 2, text.len());
        let (at, new) = add_property(text, decl, "retain 1 year");
        let mut edited = text.to_string();
        edited.replace_range(at.range(), &new);
        assert_eq!(
            edited,
            "  purpose p \"P\" { basis contract \n    retain 1 year\n  }"
        );
    }

    #[test]
    fn reads_the_suggestion() {
        assert_eq!(suggestion("did you mean `members`?"), Some("members"));
        assert_eq!(
            suggestion("did you mean `APPI 27(1)(ii)` (a title)?"),
            Some("APPI 27(1)(ii)")
        );
        assert_eq!(suggestion("declare it"), None);
    }
}
