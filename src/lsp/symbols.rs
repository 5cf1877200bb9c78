//! The outline of a file (document symbols) and the declarations of the
//! whole workspace by name (workspace symbols).

use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, Location, SymbolInformation,
    SymbolKind as Kind, WorkspaceSymbolParams,
};

use super::Failure;
use super::analysis::State;
use super::index::What;
use super::position;
use crate::ast::Decl;
use crate::resolve::SymbolKind;
use crate::span::{SourceMap, Span};

/// The most workspace symbols one answer lists.
const MAX_WORKSPACE_SYMBOLS: usize = 1000;

fn kind(symbol: SymbolKind) -> Kind {
    match symbol {
        SymbolKind::Controller => Kind::CLASS,
        SymbolKind::Party => Kind::CLASS,
        SymbolKind::Contact => Kind::INTERFACE,
        SymbolKind::Subject => Kind::STRUCT,
        SymbolKind::Source | SymbolKind::Method => Kind::ENUM_MEMBER,
        SymbolKind::Data => Kind::FIELD,
        SymbolKind::Purpose => Kind::FUNCTION,
        SymbolKind::Exception => Kind::CONSTANT,
        SymbolKind::JointUse => Kind::NAMESPACE,
        SymbolKind::Anonymous => Kind::OBJECT,
        SymbolKind::Forbid => Kind::OPERATOR,
    }
}

struct Outline<'a> {
    sources: &'a SourceMap,
    state: &'a State,
}

impl Outline<'_> {
    #[allow(deprecated)] // `deprecated`: a field the protocol keeps for old clients
    fn symbol(
        &self,
        name: String,
        detail: Option<String>,
        kind: Kind,
        span: Span,
        selection: Span,
    ) -> DocumentSymbol {
        DocumentSymbol {
            name: if name.is_empty() { "?".into() } else { name },
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: position::range(self.sources, span, self.state.encoding),
            selection_range: position::range(self.sources, selection, self.state.encoding),
            children: None,
        }
    }

    fn named(&self, name: &crate::ast::Ident, symbol: SymbolKind, span: Span) -> DocumentSymbol {
        let detail = symbol.describe().to_string();
        self.symbol(
            name.name.to_string(),
            Some(detail),
            kind(symbol),
            span,
            name.span,
        )
    }

    fn decl(&self, decl: &Decl) -> Vec<DocumentSymbol> {
        let plain = |name: &str, kind: Kind, span: Span| {
            vec![self.symbol(name.to_string(), None, kind, span, span)]
        };
        match decl {
            Decl::Policy(d) => vec![self.symbol(
                d.title.value.to_string(),
                Some("policy".into()),
                Kind::FILE,
                d.span,
                d.title.span,
            )],
            Decl::Import(d) => vec![self.symbol(
                d.path.value.to_string(),
                Some("import".into()),
                Kind::MODULE,
                d.span,
                d.path.span,
            )],
            Decl::Controller(d) => vec![self.named(&d.name, SymbolKind::Controller, d.span)],
            Decl::Party(d) => vec![self.named(&d.name, SymbolKind::Party, d.span)],
            Decl::Contact(d) => vec![self.named(&d.name, SymbolKind::Contact, d.span)],
            Decl::Subject(d) => vec![self.named(&d.name, SymbolKind::Subject, d.span)],
            Decl::Source(d) => vec![self.named(&d.name, SymbolKind::Source, d.span)],
            Decl::Method(d) => vec![self.named(&d.name, SymbolKind::Method, d.span)],
            Decl::Data(d) => d
                .items
                .iter()
                .map(|item| self.named(&item.name, SymbolKind::Data, item.span))
                .collect(),
            Decl::Purpose(d) => vec![self.named(&d.name, SymbolKind::Purpose, d.span)],
            Decl::Exception(d) => vec![self.named(&d.name, SymbolKind::Exception, d.span)],
            Decl::Flow(d) => {
                let items: Vec<&str> = d.items().iter().map(|i| i.name.as_str()).collect();
                let mut name = format!("{} {}", d.kind.keyword(), items.join(", "));
                if let Some(to) = &d.to {
                    name.push_str(&format!(" to {}", to.name));
                }
                let purposes: Vec<&str> = d.purposes().iter().map(|p| p.name.as_str()).collect();
                if !purposes.is_empty() {
                    name.push_str(&format!(" for {}", purposes.join(", ")));
                }
                vec![self.symbol(name, Some("flow".into()), Kind::EVENT, d.span, d.head())]
            }
            Decl::JointUse(d) => vec![self.named(&d.name, SymbolKind::JointUse, d.span)],
            Decl::Anonymous(d) => vec![self.named(&d.name, SymbolKind::Anonymous, d.span)],
            Decl::Rights(d) => plain("rights", Kind::PROPERTY, d.span),
            Decl::Security(d) => plain("security", Kind::PROPERTY, d.span),
            Decl::Retain(d) => plain("retain", Kind::PROPERTY, d.span),
            Decl::On(d) => plain("on", Kind::EVENT, d.span),
            Decl::Commitment(d) => plain("commitment", Kind::STRING, d.span),
            Decl::Forbid(d) => vec![self.named(&d.name, SymbolKind::Forbid, d.span)],
        }
    }
}

pub fn document(
    state: &mut State,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>, Failure> {
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
    let outline = Outline {
        sources: &analysis.report.sources,
        state,
    };
    let symbols = state
        .decls(file)
        .iter()
        .flat_map(|d| outline.decl(d))
        .collect();
    Ok(Some(DocumentSymbolResponse::Nested(symbols)))
}

#[allow(deprecated)] // `SymbolInformation::deprecated`, kept for old clients
pub fn workspace(
    state: &mut State,
    params: WorkspaceSymbolParams,
) -> Result<Option<Vec<SymbolInformation>>, Failure> {
    let query = params.query.to_lowercase();
    state.index();
    let Some(analysis) = state.analysis.as_ref() else {
        return Ok(None);
    };
    let mut files: Vec<_> = analysis.paths.iter().collect();
    files.sort();
    let mut found = Vec::new();
    'files: for (&file, path) in files {
        for occurrence in analysis.occurrences(file) {
            let What::Definition(symbol) = occurrence.what else {
                continue;
            };
            let name = analysis.text(occurrence.span);
            if !name.to_lowercase().contains(&query) {
                continue;
            }
            found.push(SymbolInformation {
                name: name.to_string(),
                kind: kind(symbol),
                tags: None,
                deprecated: None,
                location: Location::new(
                    state.uri(path),
                    position::range(&analysis.report.sources, occurrence.span, state.encoding),
                ),
                container_name: Some(symbol.describe().to_string()),
            });
            if found.len() >= MAX_WORKSPACE_SYMBOLS {
                break 'files;
            }
        }
    }
    Ok(Some(found))
}
