//! Go to definition, find references and rename, across the files of every
//! policy set a name is used in.

use std::collections::HashMap;

use lsp_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Location, Position, PrepareRenameResponse,
    ReferenceParams, RenameParams, TextDocumentPositionParams, TextEdit, Uri, WorkspaceEdit,
};

use super::analysis::{Analysis, State};
use super::index::{self, Occurrence};
use super::position::{self, clean};
use super::{Failure, failed};
use crate::span::{FileId, Span};

/// Where a request points: the file and byte offset, once the workspace is
/// checked and indexed.
pub(super) fn locate(
    state: &mut State,
    uri: &Uri,
    at: Position,
) -> Result<Option<(FileId, usize)>, Failure> {
    let path = state.document(uri).map_err(super::invalid_params)?;
    let encoding = state.encoding;
    state.index();
    let Some(analysis) = state.analysis.as_ref() else {
        return Ok(None);
    };
    let Some(file) = analysis.file(&path) else {
        return Ok(None);
    };
    let offset = position::file_offset(&analysis.report.sources, file, at, encoding);
    Ok(Some((file, offset)))
}

/// The name under the cursor.
pub(super) fn name_at(analysis: &Analysis, file: FileId, offset: usize) -> Option<Occurrence> {
    index::at(analysis.occurrences(file), offset).filter(Occurrence::is_name)
}

fn location(state: &State, analysis: &Analysis, span: Span) -> Option<Location> {
    let path = analysis.paths.get(&span.file)?;
    Some(Location::new(
        state.uri(path),
        position::range(&analysis.report.sources, span, state.encoding),
    ))
}

pub fn definition(
    state: &mut State,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>, Failure> {
    let TextDocumentPositionParams {
        text_document,
        position,
    } = params.text_document_position_params;
    let Some((file, offset)) = locate(state, &text_document.uri, position)? else {
        return Ok(None);
    };
    let Some(analysis) = state.analysis.as_ref() else {
        return Ok(None);
    };
    let Some(occurrence) = name_at(analysis, file, offset) else {
        return Ok(None);
    };
    let locations: Vec<Location> = analysis
        .definitions(file, occurrence)
        .iter()
        .filter_map(|(symbol, _)| location(state, analysis, symbol.span))
        .collect();
    Ok(match locations.len() {
        0 => None,
        1 => locations
            .into_iter()
            .next()
            .map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(locations)),
    })
}

/// The declaration a name at the cursor stands for.
fn declared_at(analysis: &Analysis, file: FileId, offset: usize) -> Option<Span> {
    let occurrence = name_at(analysis, file, offset)?;
    analysis
        .definitions(file, occurrence)
        .first()
        .map(|(symbol, _)| symbol.span)
}

pub fn references(
    state: &mut State,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>, Failure> {
    let TextDocumentPositionParams {
        text_document,
        position,
    } = params.text_document_position;
    let Some((file, offset)) = locate(state, &text_document.uri, position)? else {
        return Ok(None);
    };
    let Some(analysis) = state.analysis.as_ref() else {
        return Ok(None);
    };
    let Some(declared) = declared_at(analysis, file, offset) else {
        return Ok(None);
    };
    let found = analysis
        .references(declared)
        .into_iter()
        .filter(|span| params.context.include_declaration || *span != declared)
        .filter_map(|span| location(state, analysis, span))
        .collect();
    Ok(Some(found))
}

pub fn prepare_rename(
    state: &mut State,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, Failure> {
    let Some((file, offset)) = locate(state, &params.text_document.uri, params.position)? else {
        return Ok(None);
    };
    let Some(analysis) = state.analysis.as_ref() else {
        return Ok(None);
    };
    let Some(occurrence) = name_at(analysis, file, offset) else {
        return Err(failed("only a declared name can be renamed"));
    };
    if declared_at(analysis, file, offset).is_none() {
        let name = analysis.text(occurrence.span);
        return Err(failed(format!(
            "`{}` is not declared; nothing to rename",
            clean(name)
        )));
    }
    Ok(Some(PrepareRenameResponse::Range(position::range(
        &analysis.report.sources,
        occurrence.span,
        state.encoding,
    ))))
}

/// Why `name` cannot be the new name of what is declared at `declared` and
/// referred to in `files`, if it cannot.
fn refuse(analysis: &Analysis, declared: Span, files: &[FileId], name: &str) -> Option<String> {
    let mut chars = name.chars();
    let well_formed = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !well_formed {
        return Some(format!(
            "`{}` is not a name: a name is a letter or `_`, then letters, digits or `_`",
            clean(name)
        ));
    }
    if crate::syntax::RESERVED_WORDS.contains(&name) {
        return Some(format!(
            "`{name}` is a reserved word: it starts a declaration"
        ));
    }
    // Every policy set the name is used in must be free of the new one.
    let models = files
        .iter()
        .chain([&declared.file])
        .flat_map(|&file| analysis.models_of(file));
    for model in models {
        if let Some(symbol) = model.lookup(name) {
            if symbol.span == declared {
                continue;
            }
            let at = analysis
                .report
                .sources
                .line_col(symbol.span.file, symbol.span.start);
            return Some(format!(
                "`{name}` is already declared as {} ({}:{})",
                symbol.kind.describe(),
                clean(analysis.report.sources.name(symbol.span.file)),
                at.line
            ));
        }
    }
    None
}

// lsp-types keys a workspace edit's changes by `Uri`, whose parsed-form
// cache is a `Cell` that never changes its hash or equality (both use the
// text).
#[allow(clippy::mutable_key_type)]
pub fn rename(state: &mut State, params: RenameParams) -> Result<Option<WorkspaceEdit>, Failure> {
    let TextDocumentPositionParams {
        text_document,
        position,
    } = params.text_document_position;
    let Some((file, offset)) = locate(state, &text_document.uri, position)? else {
        return Ok(None);
    };
    let Some(analysis) = state.analysis.as_ref() else {
        return Ok(None);
    };
    let Some(declared) = declared_at(analysis, file, offset) else {
        return Err(failed("only a declared name can be renamed"));
    };
    let new_name = params.new_name;
    if analysis.text(declared) == new_name {
        return Ok(Some(WorkspaceEdit::default()));
    }
    let spans = analysis.references(declared);
    let mut by_file: HashMap<FileId, Vec<Span>> = HashMap::new();
    for span in spans {
        by_file.entry(span.file).or_default().push(span);
    }
    let files: Vec<FileId> = by_file.keys().copied().collect();
    if let Some(why) = refuse(analysis, declared, &files, &new_name) {
        return Err(failed(format!("cannot rename: {why}")));
    }
    // The new name must read as a name wherever it goes: a word the
    // grammar gives a meaning in some clause (`with`, `under`) would change
    // how the file parses.
    for (&file, spans) in &by_file {
        let text = analysis.report.sources.text(file);
        let mut edited = String::with_capacity(text.len());
        let mut at = 0;
        for span in spans {
            edited.push_str(&text[at..span.start as usize]);
            edited.push_str(&new_name);
            at = span.end as usize;
        }
        edited.push_str(&text[at..]);
        let errors = |t: &str| {
            crate::syntax::parse(file, t)
                .diagnostics
                .iter()
                .filter(|d| d.code == crate::Code::SyntaxError)
                .count()
        };
        if errors(&edited) > errors(text) {
            return Err(failed(format!(
                "cannot rename: `{new_name}` would not read as a name in {}",
                clean(analysis.report.sources.name(file))
            )));
        }
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (file, spans) in by_file {
        let Some(path) = analysis.paths.get(&file) else {
            continue;
        };
        let edits = spans
            .into_iter()
            .map(|span| TextEdit {
                range: position::range(&analysis.report.sources, span, state.encoding),
                new_text: new_name.clone(),
            })
            .collect();
        changes.insert(state.uri(path), edits);
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}
