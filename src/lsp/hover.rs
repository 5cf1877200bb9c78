//! Hover: a declaration's text and properties on a name, a provision's
//! title and permissions on a citation, a condition's statement, and a
//! code's explanation in a suppression comment.

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::Failure;
use super::analysis::{Analysis, State};
use super::index::{self, What};
use super::navigate::locate;
use super::position;
use crate::diagnostic::Code;
use crate::diagnostic::explain::explanation;
use crate::law::{self, Condition};
use crate::resolve::{Model, Regime, Symbol, SymbolKind};
use crate::span::{FileId, Span};

/// Declarations longer than this are shown cut.
const MAX_LINES: usize = 25;

pub fn hover(state: &mut State, params: HoverParams) -> Result<Option<Hover>, Failure> {
    let at = params.text_document_position_params;
    let Some((file, offset)) = locate(state, &at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let Some(analysis) = state.analysis.as_ref() else {
        return Ok(None);
    };
    let (span, text) = match index::at(analysis.occurrences(file), offset) {
        Some(occurrence) => {
            let text = match occurrence.what {
                What::Definition(_) | What::Reference(_) => analysis
                    .definitions(file, occurrence)
                    .first()
                    .map(|(symbol, model)| declaration(analysis, model, *symbol)),
                What::Citation => Some(citation(analysis.text(occurrence.span))),
                What::Condition => Condition::from_name(analysis.text(occurrence.span)).map(|c| {
                    format!(
                        "**condition** `{}`\n\nThe statute's condition: {}.",
                        c.name(),
                        c.statement()
                    )
                }),
                What::Right | What::Regime => None,
            };
            (Some(occurrence.span), text)
        }
        None => match suppressed_code(analysis, file, offset) {
            Some((span, code)) => (Some(span), Some(explain(code))),
            None => (None, None),
        },
    };
    Ok(text.map(|value| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: span.map(|s| position::range(&analysis.report.sources, s, state.encoding)),
    }))
}

/// The span a declaration covers (a data item: the item alone).
pub(super) fn declaration_span(model: &Model, symbol: Symbol) -> Span {
    let i = symbol.index;
    let span = match symbol.kind {
        SymbolKind::Controller => model.controller.as_ref().map(|d| d.span),
        SymbolKind::Party => model.parties.get(i).map(|d| d.span),
        SymbolKind::Contact => model.contacts.get(i).map(|d| d.span),
        SymbolKind::Subject => model.subjects.get(i).map(|d| d.span),
        SymbolKind::Source => model.sources.get(i).map(|d| d.span),
        SymbolKind::Method => model.methods.get(i).map(|d| d.span),
        SymbolKind::Data => model.data.get(i).map(|d| d.span),
        SymbolKind::Purpose => model.purposes.get(i).map(|d| d.span),
        SymbolKind::Exception => model.exceptions.get(i).map(|d| d.span),
        SymbolKind::JointUse => model.joint_uses.get(i).map(|d| d.span),
        SymbolKind::Anonymous => model.anonymous.get(i).map(|d| d.span),
        SymbolKind::Forbid => model.forbids.get(i).map(|d| d.span),
    };
    // The table's own entry, or the name alone for a second declaration.
    span.filter(|s| s.file == symbol.span.file && s.start <= symbol.span.start)
        .unwrap_or(symbol.span)
}

/// What a hover on a name shows: the kind, where it is declared, its
/// source, and what the checker derives from it.
fn declaration(analysis: &Analysis, model: &Model, symbol: Symbol) -> String {
    let sources = &analysis.report.sources;
    let name = analysis.text(symbol.span);
    let span = declaration_span(model, symbol);
    let at = sources.line_col(span.file, span.start);
    let mut text = format!(
        "{} `{}` — {}:{}\n\n",
        symbol.kind.describe(),
        name,
        sources.name(span.file),
        at.line
    );
    let source = analysis.text(span);
    let lines: Vec<&str> = source.lines().collect();
    text.push_str("```policy\n");
    for line in lines.iter().take(MAX_LINES) {
        text.push_str(line);
        text.push('\n');
    }
    if lines.len() > MAX_LINES {
        text.push_str(&format!("# … {} more lines\n", lines.len() - MAX_LINES));
    }
    text.push_str("```\n");
    let facts = properties(model, symbol);
    if !facts.is_empty() {
        text.push('\n');
        for fact in facts {
            text.push_str(&format!("- {fact}\n"));
        }
    }
    text
}

/// What the checker reads from a declaration, in words.
fn properties(model: &Model, symbol: Symbol) -> Vec<String> {
    let i = symbol.index;
    let mut facts = Vec::new();
    match symbol.kind {
        SymbolKind::Data => {
            if let Some(item) = model.data.get(i) {
                if item.special_care.is_some() {
                    facts.push("special-care-required data".to_string());
                }
                if let Some(category) = &item.category {
                    facts.push(format!("category `{}`", category.name));
                }
            }
        }
        SymbolKind::Purpose => {
            if let Some(purpose) = model.purposes.get(i) {
                let bases: Vec<&str> = purpose.bases.iter().map(|b| b.kind.describe()).collect();
                facts.push(if bases.is_empty() {
                    "no lawful basis stated".to_string()
                } else {
                    format!("basis: {}", bases.join(", "))
                });
                if purpose.retention.is_none() {
                    facts.push("no retention stated".to_string());
                }
                let flows = model
                    .flows
                    .iter()
                    .filter(|f| f.purposes().iter().any(|p| p.name == purpose.name.name))
                    .count();
                facts.push(format!("{flows} flows for it"));
            }
        }
        SymbolKind::Party => {
            if let Some(party) = model.parties.get(i) {
                facts.push(format!("role: {}", party.role.describe()));
            }
        }
        SymbolKind::Exception => {
            if let Some(exception) = model.exceptions.get(i) {
                for citation in &exception.citations {
                    facts.push(match law::find_citation(citation) {
                        Some(p) => format!("cites {}: {}", p.cite(), p.title),
                        None => format!("cites {citation}: not in lawful's statute catalogue"),
                    });
                }
                for (condition, _) in law::unstated_conditions(exception) {
                    facts.push(format!(
                        "does not state the condition `{}`",
                        condition.name()
                    ));
                }
            }
        }
        _ => {}
    }
    facts
}

/// A citation as written (`APPI 27(1)(ii)`) explained from the catalogue.
fn citation(written: &str) -> String {
    let mut words = written.split_whitespace();
    let regime = words.next().and_then(Regime::from_name);
    let article: String = words.collect();
    match regime {
        Some(regime) => match law::find(regime, &article) {
            Some(provision) => law::describe(provision),
            None => {
                let mut text = format!(
                    "{} Art. {} is not in lawful's statute catalogue",
                    regime.name(),
                    article
                );
                if let Some(near) = law::closest(regime, &article) {
                    text.push_str(&format!("; did you mean {} ({})?", near.cite(), near.title));
                }
                text
            }
        },
        None => format!("`{written}` names no regime lawful knows"),
    }
}

fn explain(code: Code) -> String {
    let info = code.info();
    format!(
        "# {} {}\n\n{} (severity: {})\n\n{}",
        info.code,
        info.slug,
        info.summary,
        info.severity.as_str(),
        explanation(code)
    )
}

/// The code or slug under the cursor in a `# lawful: allow(...)` comment.
fn suppressed_code(analysis: &Analysis, file: FileId, offset: usize) -> Option<(Span, Code)> {
    let text = analysis.report.sources.text(file);
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |n| offset + n);
    let line = &text[line_start..line_end];
    let allow = line.find("lawful:")?;
    let hash = line[..allow].rfind('#')?;
    if line_start + hash > offset {
        return None;
    }
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let start = text[..offset]
        .rfind(|c: char| !word(c))
        .map_or(0, |n| n + 1);
    let end = text[offset..]
        .find(|c: char| !word(c))
        .map_or(text.len(), |n| offset + n);
    let code = Code::find(&text[start..end])?;
    Some((Span::new(file, start, end), code))
}
