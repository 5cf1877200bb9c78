//! The open documents: their text wins over the file on disk until they
//! are closed. Each change marks the check stale.

use lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
};

use super::Failure;
use super::analysis::State;
use super::position::{self, clean};
use crate::load::MAX_FILE_BYTES;

/// A warning for the user, when a document is refused.
type Outcome = Result<Option<String>, Failure>;

fn too_large(path: &std::path::Path) -> String {
    format!(
        "`{}` is larger than {} MiB; lawful does not check it",
        clean(&path.display().to_string()),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

pub fn open(state: &mut State, params: DidOpenTextDocumentParams) -> Outcome {
    let document = params.text_document;
    let path = State::path(&document.uri).map_err(super::invalid_params)?;
    if !state.roots.is_empty() && !state.inside(&path) {
        return Err(super::invalid_params(format!(
            "`{}` is outside the workspace; it is not checked",
            clean(&path.display().to_string())
        )));
    }
    state.uris.insert(path.clone(), document.uri);
    state.versions.insert(path.clone(), document.version);
    state.dirty = true;
    if document.text.len() as u64 > MAX_FILE_BYTES {
        state.overlay.buffers.remove(&path);
        state.refused.insert(path.clone());
        return Ok(Some(too_large(&path)));
    }
    state.refused.remove(&path);
    state.overlay.buffers.insert(path, document.text);
    Ok(None)
}

pub fn change(state: &mut State, params: DidChangeTextDocumentParams) -> Outcome {
    let path = State::path(&params.text_document.uri).map_err(super::invalid_params)?;
    if state.refused.contains(&path) {
        return Ok(None);
    }
    let Some(text) = state.overlay.buffers.get_mut(&path) else {
        return Err(super::invalid_params(format!(
            "`{}` was changed but never opened",
            clean(&path.display().to_string())
        )));
    };
    for change in params.content_changes {
        match change.range {
            None => *text = change.text,
            Some(range) => {
                let start = position::offset(text, range.start, state.encoding);
                let end = position::offset(text, range.end, state.encoding).max(start);
                text.replace_range(start..end, &change.text);
            }
        }
        if text.len() as u64 > MAX_FILE_BYTES {
            state.overlay.buffers.remove(&path);
            state.refused.insert(path.clone());
            state.dirty = true;
            return Ok(Some(too_large(&path)));
        }
    }
    state.versions.insert(path, params.text_document.version);
    state.dirty = true;
    Ok(None)
}

pub fn close(state: &mut State, params: DidCloseTextDocumentParams) -> Outcome {
    let path = State::path(&params.text_document.uri).map_err(super::invalid_params)?;
    state.overlay.buffers.remove(&path);
    state.refused.remove(&path);
    state.uris.remove(&path);
    state.versions.remove(&path);
    state.dirty = true;
    Ok(None)
}
