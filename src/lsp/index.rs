//! Where names, citations and other catalogue words occur in one file: the
//! index go-to-definition, references, rename and hover search. Built from
//! the file's syntax tree, so it covers every file of the workspace, also
//! the parts a policy set shares.

use crate::ast::{Citation, Decl, FlowKind, Ident, Retention, RetentionKind};
use crate::resolve::SymbolKind;
use crate::span::Span;

use SymbolKind as K;

/// What a word at some place is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// A name being declared, as this kind.
    Definition(SymbolKind),
    /// A name referred to, where one of these kinds is expected.
    Reference(&'static [SymbolKind]),
    /// `APPI 27(1)(ii)`.
    Citation,
    /// A statutory condition of an exception (`condition consent_difficult`).
    Condition,
    /// A data-subject right of a `rights` block.
    Right,
    /// A regime of the `policy` header.
    Regime,
}

#[derive(Clone, Copy, Debug)]
pub struct Occurrence {
    pub span: Span,
    pub what: What,
}

impl Occurrence {
    pub fn is_name(&self) -> bool {
        matches!(self.what, What::Definition(_) | What::Reference(_))
    }
}

pub const DATA: &[SymbolKind] = &[K::Data];
pub const PURPOSE: &[SymbolKind] = &[K::Purpose];
pub const PARTY: &[SymbolKind] = &[K::Party];
pub const SUBJECT: &[SymbolKind] = &[K::Subject];
pub const METHOD: &[SymbolKind] = &[K::Method];
pub const CONTACT: &[SymbolKind] = &[K::Contact];
pub const EXCEPTION: &[SymbolKind] = &[K::Exception];
pub const HOLDER: &[SymbolKind] = &[K::Party, K::Controller];
pub const COLLECTED_FROM: &[SymbolKind] = &[K::Subject, K::Source, K::Party, K::Controller];

/// The kinds a flow's `from` expects: what the resolver accepts there.
pub fn from_kinds(kind: FlowKind) -> &'static [SymbolKind] {
    match kind {
        FlowKind::Collect => COLLECTED_FROM,
        _ => HOLDER,
    }
}

/// Every occurrence in a file's declarations, in source order.
pub fn occurrences(decls: &[Decl]) -> Vec<Occurrence> {
    let mut out = Index(Vec::new());
    for decl in decls {
        out.decl(decl);
    }
    let mut found = out.0;
    found.sort_by_key(|o| (o.span.start, o.span.end));
    found
}

/// The occurrence at `offset` (a cursor just after a word is on it).
pub fn at(occurrences: &[Occurrence], offset: usize) -> Option<Occurrence> {
    let offset = u32::try_from(offset).ok()?;
    let after = occurrences.partition_point(|o| o.span.start <= offset);
    occurrences[..after]
        .iter()
        .rev()
        .take(4)
        .find(|o| o.span.start <= offset && offset <= o.span.end)
        .copied()
}

struct Index(Vec<Occurrence>);

impl Index {
    fn push(&mut self, span: Span, what: What) {
        self.0.push(Occurrence { span, what });
    }

    fn define(&mut self, name: &Ident, kind: SymbolKind) {
        if !name.name.is_empty() {
            self.push(name.span, What::Definition(kind));
        }
    }

    fn refer(&mut self, names: &[Ident], kinds: &'static [SymbolKind]) {
        for name in names {
            self.push(name.span, What::Reference(kinds));
        }
    }

    fn citations(&mut self, citations: &[Citation]) {
        for citation in citations {
            self.push(citation.span, What::Citation);
        }
    }

    fn retention(&mut self, retention: Option<&Retention>) {
        if let Some(Retention {
            kind: RetentionKind::RequiredByLaw { citations, .. },
            ..
        }) = retention
        {
            self.citations(citations);
        }
    }

    fn decl(&mut self, decl: &Decl) {
        match decl {
            Decl::Policy(d) => {
                for regime in &d.regimes {
                    self.push(regime.span, What::Regime);
                }
            }
            Decl::Import(_) | Decl::Security(_) | Decl::Commitment(_) => {}
            Decl::Controller(d) => {
                self.define(&d.name, K::Controller);
                self.refer(&d.member_of, PARTY);
            }
            Decl::Party(d) => self.define(&d.name, K::Party),
            Decl::Contact(d) => self.define(&d.name, K::Contact),
            Decl::Subject(d) => {
                self.define(&d.name, K::Subject);
                self.refer(d.treated_as.as_slice(), SUBJECT);
            }
            Decl::Source(d) => self.define(&d.name, K::Source),
            Decl::Method(d) => self.define(&d.name, K::Method),
            Decl::Data(d) => {
                for item in &d.items {
                    self.define(&item.name, K::Data);
                }
            }
            Decl::Purpose(d) => {
                self.define(&d.name, K::Purpose);
                self.refer(d.within.as_slice(), PURPOSE);
                self.retention(d.retention.as_deref());
            }
            Decl::Exception(d) => {
                self.define(&d.name, K::Exception);
                self.citations(&d.citations);
                for condition in &d.conditions {
                    self.push(condition.span, What::Condition);
                }
            }
            Decl::Flow(d) => {
                self.refer(d.items(), DATA);
                self.refer(d.from(), from_kinds(d.kind));
                self.refer(d.about(), SUBJECT);
                self.refer(d.via(), METHOD);
                self.refer(d.by().map(std::slice::from_ref).unwrap_or_default(), HOLDER);
                self.refer(d.to.as_slice(), PARTY);
                self.refer(d.purposes(), PURPOSE);
                self.refer(d.exceptions(), EXCEPTION);
                self.retention(d.retention().as_deref());
            }
            Decl::JointUse(d) => {
                self.define(&d.name, K::JointUse);
                self.refer(&d.items, DATA);
                self.refer(&d.except, DATA);
                self.refer(d.users.as_slice(), PARTY);
                self.refer(&d.purposes, PURPOSE);
                self.refer(&d.acquired_via, METHOD);
                self.retention(d.retention.as_ref());
            }
            Decl::Anonymous(d) => {
                self.define(&d.name, K::Anonymous);
                self.refer(&d.items, DATA);
            }
            Decl::Rights(d) => {
                for right in d
                    .handles
                    .iter()
                    .chain(d.fees.iter().flat_map(|f| &f.applies_to))
                {
                    self.push(right.span, What::Right);
                }
                self.refer(&d.contacts, CONTACT);
            }
            Decl::Retain(d) => self.retention(Some(&d.retention)),
            Decl::On(d) => self.refer(&d.via, CONTACT),
            Decl::Forbid(d) => self.define(&d.name, K::Forbid),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;

    #[test]
    fn finds_definitions_references_and_citations() {
        let text = "data email\npurpose p \"P\"\nexception e cites APPI 27(1)(ii) \"x\" { condition consent_difficult }\ncollect email from members for p under e\n";
        let parsed = crate::syntax::parse(FileId(0), text);
        let found = occurrences(&parsed.file.decls);
        let words: Vec<(&str, What)> = found
            .iter()
            .map(|o| (&text[o.span.range()], o.what))
            .collect();
        assert!(words.contains(&("email", What::Definition(K::Data))));
        assert!(words.contains(&("email", What::Reference(DATA))));
        assert!(words.contains(&("members", What::Reference(COLLECTED_FROM))));
        assert!(words.contains(&("APPI 27(1)(ii)", What::Citation)));
        assert!(words.contains(&("consent_difficult", What::Condition)));
        let p = text.rfind(" p ").unwrap() + 1;
        assert_eq!(
            at(&found, p + 1).map(|o| o.what),
            Some(What::Reference(PURPOSE))
        );
        assert_eq!(at(&found, 3).map(|o| o.what), None);
    }
}
