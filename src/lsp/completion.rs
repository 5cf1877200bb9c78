//! Completion: the keywords valid at the cursor, the names of the kind the
//! clause expects (data after `collect`, purposes after `for`, parties
//! after `to`, exceptions after `under`, ...), citations from the statute
//! catalogue after `cites`, and the catalogue's condition names.
//!
//! The clause is read from the text before the cursor, not from the syntax
//! tree: while a line is being typed it does not parse yet.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Range, TextEdit,
};

use super::Failure;
use super::analysis::State;
use super::index::{
    COLLECTED_FROM, CONTACT, DATA, EXCEPTION, HOLDER, METHOD, PARTY, PURPOSE, SUBJECT,
};
use super::navigate::locate;
use super::position;
use crate::law::{self, Condition};
use crate::resolve::{RIGHT_KINDS, SymbolKind};

/// The most names one answer lists; more are marked incomplete, so that
/// the client asks again as the word grows.
const MAX_ITEMS: usize = 1000;

const DECLARATIONS: &[&str] = &[
    "policy",
    "import",
    "controller",
    "party",
    "contact",
    "subject",
    "source",
    "method",
    "data",
    "purpose",
    "exception",
    "collect",
    "use",
    "outsource",
    "provide",
    "joint use",
    "anonymous information",
    "rights",
    "security",
    "retain",
    "on",
    "commitment",
    "forbid",
];

/// The first words of top-level declarations, as they start a line.
const STATEMENT_WORDS: &[&str] = &[
    "policy",
    "import",
    "controller",
    "party",
    "contact",
    "subject",
    "source",
    "method",
    "data",
    "purpose",
    "exception",
    "collect",
    "use",
    "outsource",
    "provide",
    "joint",
    "anonymous",
    "rights",
    "security",
    "retain",
    "on",
    "commitment",
    "forbid",
];

const ROLES: &[&str] = &[
    "processor",
    "third party",
    "joint users",
    "entrusting company",
    "authority",
    "protection organization",
];
const BASES: &[&str] = &[
    "consent",
    "contract",
    "legal obligation",
    "vital interests",
    "public interest",
    "public health",
    "legitimate interests",
];
const RETENTIONS: &[&str] = &[
    "until purpose achieved",
    "until contract ends",
    "indefinitely",
    "as required by",
];
const MEASURES: &[&str] = &[
    "policy",
    "rules",
    "organizational",
    "personnel",
    "physical",
    "technical",
];
const EVENTS: &[&str] = &["leakage", "change", "complaint"];
const MATCHES: &[&str] = &["any", "all", "none", "other"];
const CONSENTS: &[&str] = &["consent", "explicit consent"];
const FLOW_CONDITIONS: &[&str] = &[
    "with consent",
    "with explicit consent",
    "under",
    "on request",
    "by succession",
];

/// The properties a block takes, by the word that opened it.
fn properties(owner: &str) -> &'static [&'static str] {
    match owner {
        "policy" => &["effective", "revised", "note", "commitment"],
        "controller" => &[
            "address",
            "representative",
            "protection manager",
            "certified",
            "member of",
            "complies with",
            "country",
            "url",
            "note",
            "commitment",
        ],
        "party" => &[
            "address",
            "representative",
            "country",
            "url",
            "phone",
            "scope",
            "note",
            "commitment",
        ],
        "contact" => &[
            "phone",
            "hours",
            "address",
            "url",
            "email",
            "person",
            "handles",
            "note",
            "commitment",
        ],
        "purpose" => &[
            "basis",
            "retain",
            "within",
            "category",
            "disclosable",
            "note",
            "commitment",
        ],
        "exception" => &["condition", "note", "commitment"],
        "collect" | "use" | "outsource" | "provide" => &[
            "contract",
            "selected by",
            "safeguard",
            "retain",
            "note",
            "commitment",
        ],
        "joint" => &[
            "items",
            "users",
            "purposes",
            "acquired via",
            "responsible",
            "retain",
            "note",
            "commitment",
        ],
        "responsible" => &["address", "representative", "note", "commitment"],
        "anonymous" => &["items", "provided by", "measure", "note", "commitment"],
        "rights" => &[
            "handles",
            "identity",
            "fee",
            "refuse when",
            "contact",
            "note",
            "commitment",
        ],
        "security" => &["measure", "complies with", "note", "commitment"],
        "forbid" => &["data", "purpose", "subject", "note", "commitment"],
        _ => &["note", "commitment"],
    }
}

/// The clauses a statement takes after its first list, by its keyword.
fn clauses(statement: &str) -> &'static [&'static str] {
    match statement {
        "collect" => &[
            "from",
            "about",
            "via",
            "by",
            "for",
            "with consent",
            "with explicit consent",
            "under",
            "on request",
            "by succession",
        ],
        "use" => &[
            "for",
            "by",
            "with consent",
            "with explicit consent",
            "under",
            "on request",
            "by succession",
        ],
        "outsource" | "provide" => &[
            "from",
            "to",
            "for",
            "with consent",
            "with explicit consent",
            "under",
            "on request",
            "by succession",
        ],
        "policy" => &["under"],
        "party" => &["as"],
        "subject" => &["treated as"],
        "exception" => &["cites"],
        "data" => &["in", ": special care", ": pseudonymous"],
        _ => &[],
    }
}

/// What the clause at the cursor expects.
#[derive(Debug, PartialEq)]
enum Expect {
    Names(&'static [SymbolKind]),
    Words(Vec<&'static str>),
    Citations,
    Conditions,
    Regimes,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Token<'t> {
    Word(&'t str),
    Text,
    Punct(char),
}

/// The text before the cursor, read as far as completion needs.
struct Context<'t> {
    /// The top-level statement's first word, when inside one.
    statement: Option<&'t str>,
    /// The words that opened each enclosing block, outermost first.
    blocks: Vec<&'t str>,
    /// The tokens of the clause or property being written.
    tokens: Vec<Token<'t>>,
    /// Whether the cursor's line has nothing before it (and the line
    /// before does not end in a comma).
    fresh_line: bool,
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '(' || c == ')'
}

/// Reads `text[from..to]` (`from` is where a top-level declaration
/// starts, or 0).
fn read(text: &str, from: usize, to: usize) -> Context<'_> {
    let mut cx = Context {
        statement: None,
        blocks: Vec::new(),
        tokens: Vec::new(),
        fresh_line: false,
    };
    let bytes = text.as_bytes();
    let mut i = from;
    let mut line_start = true;
    while i < to {
        let c = bytes[i];
        match c {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' => {
                i = text[i..to].find('\n').map_or(to, |n| i + n);
            }
            b'"' => {
                let mut j = i + 1;
                while j < to && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                cx.tokens.push(Token::Text);
                line_start = false;
                i = (j + 1).min(to.max(i + 1));
            }
            b'{' => {
                let owner = cx
                    .tokens
                    .iter()
                    .find_map(|t| match t {
                        Token::Word(w) => Some(*w),
                        _ => None,
                    })
                    .or(cx.statement)
                    .unwrap_or("");
                cx.blocks.push(owner);
                cx.tokens.clear();
                line_start = false;
                i += 1;
            }
            b'}' => {
                cx.blocks.pop();
                if cx.blocks.is_empty() {
                    cx.statement = None;
                }
                cx.tokens.clear();
                line_start = false;
                i += 1;
            }
            _ if is_word(c as char) => {
                let end = text[i..to]
                    .find(|c: char| !is_word(c))
                    .map_or(to, |n| i + n);
                let word = &text[i..end];
                let continues = matches!(cx.tokens.last(), Some(Token::Punct(',')));
                if line_start && !continues {
                    if cx.blocks.is_empty() && STATEMENT_WORDS.contains(&word) {
                        cx.statement = Some(word);
                        cx.tokens.clear();
                    } else if !cx.blocks.is_empty() {
                        cx.tokens.clear();
                    }
                }
                cx.tokens.push(Token::Word(word));
                line_start = false;
                i = end;
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or(' ');
                cx.tokens.push(Token::Punct(ch));
                line_start = false;
                i += ch.len_utf8();
            }
        }
    }
    cx.fresh_line = line_start && !matches!(cx.tokens.last(), Some(Token::Punct(',')));
    cx
}

impl Context<'_> {
    fn words(&self) -> Vec<&str> {
        self.tokens
            .iter()
            .filter_map(|t| match t {
                Token::Word(w) => Some(*w),
                _ => None,
            })
            .collect()
    }

    /// What a keyword expects after it, here.
    fn after(&self, word: &str, before: Option<&str>, first: bool) -> Option<Expect> {
        let block = self.blocks.last().copied();
        let flow = self
            .statement
            .filter(|s| ["collect", "use", "outsource", "provide"].contains(s));
        Some(match (word, block) {
            ("from", None) => Expect::Names(match flow {
                Some("collect") => COLLECTED_FROM,
                _ => HOLDER,
            }),
            ("about", None) => Expect::Names(SUBJECT),
            ("via", _) => Expect::Names(match (before, block) {
                (Some("acquired"), _) => METHOD,
                (_, None) if flow.is_some() => METHOD,
                _ => CONTACT,
            }),
            ("by", None) if flow.is_some() => Expect::Names(HOLDER),
            ("to", None) => Expect::Names(PARTY),
            ("for", None) if flow.is_some() => Expect::Names(PURPOSE),
            ("for", Some("rights")) => Expect::Words(RIGHT_KINDS.to_vec()),
            ("under", None) if flow.is_some() => Expect::Names(EXCEPTION),
            ("under", None) => Expect::Regimes,
            ("within", _) => Expect::Names(PURPOSE),
            ("items" | "except", _) => Expect::Names(DATA),
            ("users", _) => Expect::Names(PARTY),
            ("purposes", _) => Expect::Names(PURPOSE),
            ("of", _) if before == Some("member") => Expect::Names(PARTY),
            ("as", None) if before == Some("treated") => Expect::Names(SUBJECT),
            ("as", None) if self.statement == Some("party") => Expect::Words(ROLES.to_vec()),
            ("contact", Some("rights")) => Expect::Names(CONTACT),
            ("handles", Some("rights")) => Expect::Words(RIGHT_KINDS.to_vec()),
            ("condition", _) => Expect::Conditions,
            ("cites", _) => Expect::Citations,
            ("basis", _) => Expect::Words(BASES.to_vec()),
            ("retain", _) => Expect::Words(RETENTIONS.to_vec()),
            ("measure", _) => Expect::Words(MEASURES.to_vec()),
            ("on", None) if self.statement == Some("on") => Expect::Words(EVENTS.to_vec()),
            ("with", _) => Expect::Words(CONSENTS.to_vec()),
            ("data" | "purpose" | "subject", Some("forbid")) => Expect::Words(MATCHES.to_vec()),
            (w, None) if Some(w) == flow && first => Expect::Names(DATA),
            _ => return None,
        })
    }

    fn expect(&self) -> Option<Expect> {
        let last = match self.tokens.last() {
            Some(last) if !self.fresh_line => last,
            // At the start of a line: a declaration or a property, or a
            // flow's next clause.
            _ => {
                return Some(Expect::Words(match self.blocks.last() {
                    None => {
                        let mut words = DECLARATIONS.to_vec();
                        let flow = self
                            .statement
                            .filter(|s| ["collect", "use", "outsource", "provide"].contains(s));
                        if let Some(statement) = flow.filter(|_| !self.tokens.is_empty()) {
                            words.extend(clauses(statement));
                        }
                        words
                    }
                    Some(owner) => properties(owner).to_vec(),
                }));
            }
        };
        let words = self.words();
        match last {
            // After a keyword, or a comma in its list: what the keyword
            // expects.
            Token::Punct(',') | Token::Word(_) => {
                for (i, word) in words.iter().enumerate().rev() {
                    let before = i.checked_sub(1).and_then(|j| words.get(j)).copied();
                    let expect = self.after(word, before, i == 0);
                    let at_end = i + 1 == words.len();
                    match (expect, last) {
                        (Some(expect), Token::Punct(',')) => return Some(expect),
                        (Some(expect), Token::Word(_)) if at_end => return Some(expect),
                        _ if at_end && matches!(last, Token::Word(_)) => break,
                        _ => {}
                    }
                }
                // After a complete name: the clauses that may follow.
                if self.blocks.is_empty() && matches!(last, Token::Word(_)) {
                    return self.statement.map(|s| Expect::Words(clauses(s).to_vec()));
                }
                None
            }
            Token::Text if self.blocks.is_empty() => match self.statement {
                Some("collect" | "use" | "outsource" | "provide") => {
                    Some(Expect::Words(FLOW_CONDITIONS.to_vec()))
                }
                Some(s) => Some(Expect::Words(clauses(s).to_vec())),
                None => None,
            },
            _ => None,
        }
    }
}

fn item(
    label: String,
    kind: CompletionItemKind,
    detail: Option<String>,
    range: Range,
) -> CompletionItem {
    CompletionItem {
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range,
            new_text: label.clone(),
        })),
        filter_text: Some(label.clone()),
        label,
        kind: Some(kind),
        detail,
        ..Default::default()
    }
}

fn symbol_kind(kind: SymbolKind) -> CompletionItemKind {
    match kind {
        SymbolKind::Data => CompletionItemKind::FIELD,
        SymbolKind::Purpose => CompletionItemKind::FUNCTION,
        SymbolKind::Party | SymbolKind::Controller => CompletionItemKind::CLASS,
        SymbolKind::Exception => CompletionItemKind::CONSTANT,
        SymbolKind::Subject => CompletionItemKind::STRUCT,
        _ => CompletionItemKind::VARIABLE,
    }
}

pub fn complete(
    state: &mut State,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>, Failure> {
    let at = params.text_document_position;
    let Some((file, offset)) = locate(state, &at.text_document.uri, at.position)? else {
        return Ok(None);
    };
    let from = state
        .decls(file)
        .iter()
        .map(|d| d.span().start as usize)
        .take_while(|start| *start <= offset)
        .last()
        .unwrap_or(0);
    let Some(analysis) = state.analysis.as_ref() else {
        return Ok(None);
    };
    let sources = &analysis.report.sources;
    let text = sources.text(file);
    let offset = offset.min(text.len());
    // The word being typed, which the answer replaces.
    let start = text[..offset]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |n| n + 1);
    // A citation has spaces and brackets: what is written of it is read
    // as one word, and replaced whole.
    let cite_start = citation_start(text, offset);
    let (expect, start) = match read(text, from.min(cite_start), cite_start).expect() {
        Some(Expect::Citations) => (Expect::Citations, cite_start),
        _ => match read(text, from.min(start), start).expect() {
            Some(expect) => (expect, start),
            None => return Ok(None),
        },
    };
    let encoding = state.encoding;
    let range = |from: usize| {
        Range::new(
            position::position(sources, file, from, encoding),
            position::position(sources, file, offset, encoding),
        )
    };
    let typed = text[start..offset].to_lowercase();
    let mut items = Vec::new();
    let mut incomplete = false;
    match expect {
        Expect::Words(words) => {
            for word in words {
                items.push(item(
                    word.to_string(),
                    CompletionItemKind::KEYWORD,
                    None,
                    range(start),
                ));
            }
        }
        Expect::Regimes => {
            for regime in crate::resolve::Regime::ALL {
                items.push(item(
                    regime.name().into(),
                    CompletionItemKind::ENUM_MEMBER,
                    None,
                    range(start),
                ));
            }
        }
        Expect::Conditions => {
            for condition in Condition::ALL {
                let detail = Some(condition.statement().to_string());
                items.push(item(
                    condition.name().into(),
                    CompletionItemKind::ENUM_MEMBER,
                    detail,
                    range(start),
                ));
            }
        }
        Expect::Citations => {
            // A citation has spaces and brackets: replace what is written of it.
            let cite_start = citation_start(text, offset);
            for provision in law::catalogue() {
                let label = format!("{} {}", provision.regime.name(), provision.article);
                let detail = Some(provision.title.to_string());
                items.push(item(
                    label,
                    CompletionItemKind::REFERENCE,
                    detail,
                    range(cite_start),
                ));
            }
        }
        Expect::Names(kinds) => {
            let mut names: Vec<(&str, SymbolKind)> = Vec::new();
            for model in analysis.models_for_names(Some(file)) {
                for (name, symbol) in &model.symbols {
                    if kinds.contains(&symbol.kind) && name.to_lowercase().contains(&typed) {
                        names.push((name.as_str(), symbol.kind));
                    }
                }
            }
            names.sort_unstable_by_key(|(name, _)| *name);
            names.dedup_by_key(|(name, _)| *name);
            if names.len() > MAX_ITEMS {
                names.truncate(MAX_ITEMS);
                incomplete = true;
            }
            for (name, kind) in names {
                let detail = Some(kind.describe().to_string());
                items.push(item(
                    name.to_string(),
                    symbol_kind(kind),
                    detail,
                    range(start),
                ));
            }
        }
    }
    Ok(Some(CompletionResponse::List(lsp_types::CompletionList {
        is_incomplete: incomplete,
        items,
    })))
}

/// Where a citation being typed starts: `APPI 27(1` or `27(1`.
fn citation_start(text: &str, offset: usize) -> usize {
    let start = text[..offset]
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '(' || c == ')'))
        .map_or(0, |n| n + 1);
    let before = text[..start].trim_end_matches([' ', '\t']);
    let word_start = before
        .rfind(|c: char| !c.is_ascii_alphanumeric())
        .map_or(0, |n| n + 1);
    let word = &before[word_start..];
    if word != "cites" && crate::resolve::Regime::from_name(word).is_some() && before.len() < start
    {
        word_start
    } else {
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expect_at_end(text: &str) -> Option<Expect> {
        let start = text
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |n| n + 1);
        read(text, 0, start).expect()
    }

    #[test]
    fn reads_what_the_clause_expects() {
        let top = Some(Expect::Words(DECLARATIONS.to_vec()));
        assert_eq!(expect_at_end(""), top);
        assert_eq!(expect_at_end("data a\ncol"), top);
        assert_eq!(expect_at_end("collect em"), Some(Expect::Names(DATA)));
        assert_eq!(
            expect_at_end("collect email, na"),
            Some(Expect::Names(DATA))
        );
        assert_eq!(
            expect_at_end("collect email from "),
            Some(Expect::Names(COLLECTED_FROM))
        );
        assert_eq!(
            expect_at_end("collect email from m for p"),
            Some(Expect::Names(PURPOSE))
        );
        assert_eq!(
            expect_at_end("provide email to x"),
            Some(Expect::Names(PARTY))
        );
        assert_eq!(
            expect_at_end("provide email to x for p under e"),
            Some(Expect::Names(EXCEPTION))
        );
        assert_eq!(
            expect_at_end("use email\n  for p, "),
            Some(Expect::Names(PURPOSE))
        );
        assert_eq!(
            expect_at_end("collect email from m "),
            Some(Expect::Words(clauses("collect").to_vec()))
        );
        assert_eq!(
            expect_at_end("purpose p \"P\" {\n  ba"),
            Some(Expect::Words(properties("purpose").to_vec()))
        );
        assert_eq!(
            expect_at_end("purpose p \"P\" {\n  basis contract\n  re"),
            Some(Expect::Words(properties("purpose").to_vec()))
        );
        assert_eq!(
            expect_at_end("purpose p \"P\" {\n  basis "),
            Some(Expect::Words(BASES.to_vec()))
        );
        assert_eq!(
            expect_at_end("purpose p \"P\" {\n  within q"),
            Some(Expect::Names(PURPOSE))
        );
        assert_eq!(expect_at_end("exception e cites "), Some(Expect::Citations));
        assert_eq!(
            expect_at_end("exception e cites APPI 27(1)(ii) \"x\" {\n  condition "),
            Some(Expect::Conditions)
        );
        assert_eq!(expect_at_end("policy \"P\" under "), Some(Expect::Regimes));
        assert_eq!(
            expect_at_end("rights {\n  contact "),
            Some(Expect::Names(CONTACT))
        );
        assert_eq!(
            expect_at_end("joint use j {\n  acquired via "),
            Some(Expect::Names(METHOD))
        );
        assert_eq!(
            expect_at_end("party p \"P\" as "),
            Some(Expect::Words(ROLES.to_vec()))
        );
        // A block closed: top level again.
        assert_eq!(expect_at_end("purpose p \"P\" { basis contract }\n"), top);
        // Braces and hashes inside strings and comments do not count.
        assert_eq!(expect_at_end("purpose p \"{#\" # {\n"), top);
        // A flow's next line may go on with a clause.
        let mut go_on = DECLARATIONS.to_vec();
        go_on.extend(clauses("collect"));
        assert_eq!(
            expect_at_end("collect a from m\n  "),
            Some(Expect::Words(go_on))
        );
    }

    #[test]
    fn a_citation_is_replaced_whole() {
        let text = "exception e cites APPI 27(1";
        assert_eq!(citation_start(text, text.len()), text.find("APPI").unwrap());
        let text = "exception e cites 27(";
        assert_eq!(citation_start(text, text.len()), text.find("27").unwrap());
    }
}
