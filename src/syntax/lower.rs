//! pest pairs to AST nodes. One `lower_<construct>` function per
//! declaration. Keywords are not kept: where the meaning of a child depends
//! on the keyword before it (`from x` vs `to x`), the walk remembers the last
//! keyword seen.

use pest::iterators::Pair;

use super::Rule;
use crate::ast::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};

pub(super) struct Lowerer<'d> {
    file: FileId,
    /// Where the text pest was given starts within the file: each
    /// declaration is parsed on its own, from its first byte.
    offset: usize,
    pub(super) diagnostics: &'d mut Vec<Diagnostic>,
}

type P<'i> = Pair<'i, Rule>;

impl<'d> Lowerer<'d> {
    pub(super) fn new(
        file: FileId,
        offset: usize,
        diagnostics: &'d mut Vec<Diagnostic>,
    ) -> Lowerer<'d> {
        Lowerer {
            file,
            offset,
            diagnostics,
        }
    }

    fn span(&self, pair: &P) -> Span {
        let s = pair.as_span();
        Span::new(self.file, self.offset + s.start(), self.offset + s.end())
    }

    fn ident(&self, pair: &P) -> Ident {
        Ident {
            name: Name::new(pair.as_str()),
            span: self.span(pair),
        }
    }

    fn idents(&self, pair: P) -> Vec<Ident> {
        let mut idents = self.ident_list(pair);
        // Most lists name one or two things; a collected list has room for
        // four (memory, issue 13).
        idents.shrink_to_fit();
        idents
    }

    /// The names of a list, for a caller that copies them on
    /// ([`FlowDecl::set_names`]), so not shrunk first.
    fn ident_list(&self, pair: P) -> Vec<Ident> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::ident)
            .map(|p| self.ident(&p))
            .collect()
    }

    fn categories(&self, pair: P) -> Vec<Ident> {
        let mut categories: Vec<Ident> = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::category_path)
            .map(|p| self.ident(&p))
            .collect();
        categories.shrink_to_fit();
        categories
    }

    /// Decodes a `string` pair (the grammar only admits the four escapes)
    /// and refuses a blank one.
    fn text(&mut self, pair: &P) -> Text {
        let text = self.decode(pair);
        if text.is_blank() {
            self.blank_text(text.span);
        }
        text
    }

    /// Every string of the language states a fact: a name, a contract, a
    /// safeguard, how a source was confirmed. A blank one states none, yet
    /// its mere presence would satisfy a rule that asks for the fact
    /// (`contract ""` for APPI Art. 25 / GDPR Art. 28(3)), so it is an
    /// error wherever it is written.
    fn blank_text(&mut self, span: Span) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::InvalidValue,
                "this string is blank: it states nothing".to_string(),
                span,
                "blank string",
            )
            .with_help(
                "write what it stands for (the contract, the safeguard, the name...), or remove the line",
            ),
        );
    }

    fn decode(&self, pair: &P) -> Text {
        let raw = pair
            .clone()
            .into_inner()
            .next()
            .map(|p| p.as_str())
            .unwrap_or("");
        if !raw.contains('\\') {
            // Most strings have no escape: interned as written, no copy.
            return Text {
                value: Name::new(raw),
                span: self.span(pair),
            };
        }
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => value.push('\n'),
                Some('t') => value.push('\t'),
                Some(other) => value.push(other),
                None => {}
            }
        }
        Text {
            value: Name::new(&value),
            span: self.span(pair),
        }
    }

    fn invalid(&mut self, span: Span, message: String, label: &'static str) {
        self.diagnostics
            .push(Diagnostic::new(Code::InvalidValue, message, span, label));
    }

    /// Reports a second value for a property that takes one.
    fn set_once<T>(&mut self, slot: &mut Option<T>, value: T, span: Span, property: &str) {
        if slot.is_some() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateDefinition,
                    format!("`{property}` is given more than once"),
                    span,
                    "given again here",
                )
                .with_help(format!(
                    "keep one `{property}`; this block takes a single value"
                )),
            );
        } else {
            *slot = Some(value);
        }
    }

    pub(super) fn decl(&mut self, pair: P) -> Option<Decl> {
        Some(match pair.as_rule() {
            Rule::policy_decl => Decl::Policy(Box::new(self.policy(pair))),
            Rule::import_decl => {
                let span = self.span(&pair);
                let path = pair.into_inner().find(|p| p.as_rule() == Rule::string)?;
                Decl::Import(ImportDecl {
                    path: self.text(&path),
                    span,
                })
            }
            Rule::controller_decl => Decl::Controller(Box::new(self.controller(pair))),
            Rule::party_decl => Decl::Party(Box::new(self.party(pair))),
            Rule::contact_decl => Decl::Contact(Box::new(self.contact(pair))),
            Rule::subject_decl => Decl::Subject(Box::new(self.subject(pair))),
            Rule::source_decl => Decl::Source(Box::new(self.named_text(pair))),
            Rule::method_decl => Decl::Method(Box::new(self.named_text(pair))),
            Rule::data_decl => Decl::Data(self.data(pair)),
            Rule::purpose_decl => Decl::Purpose(Box::new(self.purpose(pair))),
            Rule::exception_decl => Decl::Exception(Box::new(self.exception(pair))),
            Rule::collect_decl => Decl::Flow(Box::new(self.flow(FlowKind::Collect, pair))),
            Rule::use_decl => Decl::Flow(Box::new(self.flow(FlowKind::Use, pair))),
            Rule::outsource_decl => Decl::Flow(Box::new(self.flow(FlowKind::Outsource, pair))),
            Rule::provide_decl => Decl::Flow(Box::new(self.flow(FlowKind::Provide, pair))),
            Rule::joint_use_decl => Decl::JointUse(Box::new(self.joint_use(pair))),
            Rule::anonymous_decl => Decl::Anonymous(Box::new(self.anonymous(pair))),
            Rule::rights_decl => Decl::Rights(Box::new(self.rights(pair))),
            Rule::security_decl => Decl::Security(Box::new(self.security(pair))),
            Rule::retain_decl => Decl::Retain(Box::new(self.retain_decl(pair)?)),
            Rule::on_decl => Decl::On(Box::new(self.on(pair))),
            Rule::commitment_decl => {
                let text = pair.into_inner().find(|p| p.as_rule() == Rule::string)?;
                Decl::Commitment(self.text(&text))
            }
            Rule::forbid_decl => Decl::Forbid(Box::new(self.forbid(pair))),
            _ => return None,
        })
    }

    /// Handles `note` and `commitment`, which every block accepts.
    fn remark(&mut self, pair: &P, remarks: &mut Remarks) -> bool {
        let target = match pair.as_rule() {
            Rule::note_prop => &mut remarks.notes,
            Rule::commitment_prop => &mut remarks.commitments,
            _ => return false,
        };
        if let Some(s) = pair
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::string)
        {
            target.push(self.text(&s));
        }
        true
    }

    /// [`Lowerer::remark`] for a declaration that keeps its remarks boxed
    /// (made at its first remark).
    fn remark_boxed(&mut self, pair: &P, remarks: &mut Option<Box<Remarks>>) -> bool {
        if !matches!(pair.as_rule(), Rule::note_prop | Rule::commitment_prop) {
            return false;
        }
        self.remark(pair, remarks.get_or_insert_with(Default::default))
    }

    /// The string of a property, `None` when there is none or it is blank
    /// (reported by [`Lowerer::text`]): a blank `contract ""` or
    /// `safeguard ""` is not stated, so the rules that ask for it still
    /// see it missing.
    fn first_string(&mut self, pair: &P) -> Option<Text> {
        pair.clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::string)
            .map(|p| self.text(&p))
            .filter(|text| !text.is_blank())
    }

    fn policy(&mut self, pair: P) -> PolicyDecl {
        let span = self.span(&pair);
        let mut decl = PolicyDecl {
            title: Text {
                value: Name::default(),
                span,
            },
            regimes: Vec::new(),
            as_of: None,
            effective: None,
            revised: Vec::new(),
            remarks: Remarks::default(),
            span,
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::string => decl.title = self.text(&child),
                Rule::regime_list => {
                    decl.regimes = child.into_inner().map(|p| self.ident(&p)).collect();
                }
                Rule::date => decl.as_of = self.date(&child),
                Rule::policy_block => {
                    for prop in child.into_inner() {
                        if self.remark(&prop, &mut decl.remarks) {
                            continue;
                        }
                        let prop_span = self.span(&prop);
                        let date = prop
                            .clone()
                            .into_inner()
                            .find(|p| p.as_rule() == Rule::date);
                        let Some(date) = date.and_then(|d| self.date(&d)) else {
                            continue;
                        };
                        match prop.as_rule() {
                            Rule::effective_prop => {
                                self.set_once(&mut decl.effective, date, prop_span, "effective")
                            }
                            Rule::revised_prop => decl.revised.push(date),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        decl
    }

    fn date(&mut self, pair: &P) -> Option<Date> {
        let span = self.span(pair);
        let text = pair.as_str();
        let year: u16 = text.get(0..4)?.parse().ok()?;
        let month: u8 = text.get(5..7)?.parse().ok()?;
        let day: u8 = text.get(8..10)?.parse().ok()?;
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        if day == 0 || day > days_in_month {
            self.invalid(
                span,
                format!("`{text}` is not a calendar date"),
                "no such day",
            );
            return None;
        }
        Some(Date {
            year,
            month,
            day,
            span,
        })
    }

    fn details_prop(&mut self, prop: &P, details: &mut OrgDetails) -> Option<(Span, &'static str)> {
        let span = self.span(prop);
        let (slot, name) = match prop.as_rule() {
            Rule::address_prop => (&mut details.address, "address"),
            Rule::country_prop => (&mut details.country, "country"),
            Rule::url_prop => (&mut details.url, "url"),
            Rule::phone_prop => (&mut details.phone, "phone"),
            Rule::representative_prop => {
                let value = self.representative(prop);
                if details.representative.is_some() {
                    return Some((span, "representative"));
                }
                details.representative = value;
                return None;
            }
            _ => return None,
        };
        if slot.is_some() {
            return Some((span, name));
        }
        *slot = self.first_string(prop);
        None
    }

    fn is_details_prop(rule: Rule) -> bool {
        matches!(
            rule,
            Rule::address_prop
                | Rule::country_prop
                | Rule::url_prop
                | Rule::phone_prop
                | Rule::representative_prop
        )
    }

    fn representative(&mut self, prop: &P) -> Option<Representative> {
        let mut strings = prop
            .clone()
            .into_inner()
            .filter(|p| p.as_rule() == Rule::string);
        let name = self.text(&strings.next()?);
        let title = strings.next().map(|t| self.text(&t));
        Some(Representative { name, title })
    }

    fn duplicate(&mut self, span: Span, property: &str) {
        let mut none: Option<()> = Some(());
        self.set_once(&mut none, (), span, property);
    }

    fn controller(&mut self, pair: P) -> ControllerDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
        let name = inner.next().map(|p| self.ident(&p));
        let legal_name = inner.next().map(|p| self.text(&p));
        let mut decl = ControllerDecl {
            name: name.unwrap_or_else(|| Ident {
                name: Name::default(),
                span,
            }),
            legal_name: legal_name.unwrap_or_else(|| Text {
                value: Name::default(),
                span,
            }),
            details: OrgDetails::default(),
            protection_manager: None,
            certifications: Vec::new(),
            member_of: Vec::new(),
            complies_with: Vec::new(),
            dpo: None,
            eu_representative: None,
            remarks: Remarks::default(),
            span,
        };
        for block in inner {
            for prop in block.into_inner() {
                let prop_span = self.span(&prop);
                if self.remark(&prop, &mut decl.remarks) {
                    continue;
                }
                if Self::is_details_prop(prop.as_rule()) {
                    if let Some((span, name)) = self.details_prop(&prop, &mut decl.details) {
                        self.duplicate(span, name);
                    }
                    continue;
                }
                match prop.as_rule() {
                    Rule::protection_manager_prop => {
                        if let Some(text) = self.first_string(&prop) {
                            self.set_once(
                                &mut decl.protection_manager,
                                text,
                                prop_span,
                                "protection manager",
                            );
                        }
                    }
                    Rule::certified_prop => decl.certifications.extend(self.first_string(&prop)),
                    Rule::complies_with_prop => decl.complies_with.extend(self.first_string(&prop)),
                    Rule::member_of_prop => decl.member_of.extend(
                        prop.into_inner()
                            .filter(|p| p.as_rule() == Rule::ident)
                            .map(|p| self.ident(&p)),
                    ),
                    Rule::dpo_prop => {
                        let dpo = prop.into_inner().find_map(|p| match p.as_rule() {
                            Rule::ident => Some(Dpo::Contact(self.ident(&p))),
                            Rule::string => Some(Dpo::NotDesignated(self.text(&p))),
                            _ => None,
                        });
                        if let Some(dpo) = dpo {
                            self.set_once(&mut decl.dpo, dpo, prop_span, "dpo");
                        }
                    }
                    Rule::eu_representative_prop => {
                        if let Some(id) = prop.into_inner().find(|p| p.as_rule() == Rule::ident) {
                            let id = self.ident(&id);
                            self.set_once(
                                &mut decl.eu_representative,
                                id,
                                prop_span,
                                "eu representative",
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        decl
    }

    fn party(&mut self, pair: P) -> PartyDecl {
        let span = self.span(&pair);
        let mut decl = PartyDecl {
            name: Ident {
                name: Name::default(),
                span,
            },
            legal_name: Text {
                value: Name::default(),
                span,
            },
            role: Role::ThirdParty,
            details: OrgDetails::default(),
            scope: None,
            certifications: Vec::new(),
            remarks: Remarks::default(),
            span,
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => decl.name = self.ident(&child),
                Rule::string => decl.legal_name = self.text(&child),
                Rule::role => {
                    if let Some(role) = child.into_inner().next() {
                        decl.role = match role.as_rule() {
                            Rule::role_processor => Role::Processor,
                            Rule::role_third_party => Role::ThirdParty,
                            Rule::role_joint_users => Role::JointUsers,
                            Rule::role_entrusting_company => Role::EntrustingCompany,
                            Rule::role_authority => Role::Authority,
                            _ => Role::ProtectionOrganization,
                        };
                    }
                }
                Rule::party_block => {
                    for prop in child.into_inner() {
                        if self.remark(&prop, &mut decl.remarks) {
                            continue;
                        }
                        if Self::is_details_prop(prop.as_rule()) {
                            if let Some((span, name)) = self.details_prop(&prop, &mut decl.details)
                            {
                                self.duplicate(span, name);
                            }
                        } else if prop.as_rule() == Rule::scope_prop {
                            let prop_span = self.span(&prop);
                            if let Some(text) = self.first_string(&prop) {
                                self.set_once(&mut decl.scope, text, prop_span, "scope");
                            }
                        } else if prop.as_rule() == Rule::certified_prop {
                            decl.certifications.extend(self.first_string(&prop));
                        }
                    }
                }
                _ => {}
            }
        }
        decl
    }

    fn contact(&mut self, pair: P) -> ContactDecl {
        let span = self.span(&pair);
        let mut decl = ContactDecl {
            name: Ident {
                name: Name::default(),
                span,
            },
            title: Text {
                value: Name::default(),
                span,
            },
            phone: None,
            hours: None,
            address: None,
            url: None,
            email: None,
            person: Vec::new(),
            handles: Vec::new(),
            remarks: Remarks::default(),
            span,
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => decl.name = self.ident(&child),
                Rule::string => decl.title = self.text(&child),
                Rule::contact_block => {
                    for prop in child.into_inner() {
                        if self.remark(&prop, &mut decl.remarks) {
                            continue;
                        }
                        let prop_span = self.span(&prop);
                        let Some(text) = self.first_string(&prop) else {
                            continue;
                        };
                        let (slot, name) = match prop.as_rule() {
                            Rule::phone_prop => (&mut decl.phone, "phone"),
                            Rule::hours_prop => (&mut decl.hours, "hours"),
                            Rule::address_prop => (&mut decl.address, "address"),
                            Rule::url_prop => (&mut decl.url, "url"),
                            Rule::email_prop => (&mut decl.email, "email"),
                            Rule::person_prop => {
                                decl.person.push(text);
                                continue;
                            }
                            Rule::handles_prop => {
                                decl.handles.push(text);
                                continue;
                            }
                            _ => continue,
                        };
                        if slot.is_some() {
                            self.duplicate(prop_span, name);
                        } else {
                            *slot = Some(text);
                        }
                    }
                }
                _ => {}
            }
        }
        decl
    }

    fn subject(&mut self, pair: P) -> SubjectDecl {
        let span = self.span(&pair);
        let mut idents = Vec::new();
        let mut description = Text {
            value: Name::default(),
            span,
        };
        let mut child_age = None;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => idents.push(self.ident(&child)),
                Rule::string => description = self.text(&child),
                Rule::number => child_age = self.child_age(&child),
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        SubjectDecl {
            name: idents.next().unwrap_or(Ident {
                name: Name::default(),
                span,
            }),
            description,
            child: child_age,
            treated_as: idents.next(),
            span,
        }
    }

    /// The age of `child under N`: a child is someone below the age of
    /// majority, so 1 to 18.
    fn child_age(&mut self, pair: &P) -> Option<ChildAge> {
        let span = self.span(pair);
        let age = self.number(pair)?;
        match u8::try_from(age) {
            Ok(under @ 1..=18) => Some(ChildAge { under, span }),
            _ => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("`child under {}` is not an age of childhood", pair.as_str()),
                        span,
                        "not between 1 and 18",
                    )
                    .with_help(
                        "give the age below which the subjects are children, e.g. `child under 16` (GDPR Art. 8(1))",
                    ),
                );
                None
            }
        }
    }

    fn named_text(&mut self, pair: P) -> NamedText {
        let span = self.span(&pair);
        let mut decl = NamedText {
            name: Ident {
                name: Name::default(),
                span,
            },
            description: Text {
                value: Name::default(),
                span,
            },
            span,
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => decl.name = self.ident(&child),
                Rule::string => decl.description = self.text(&child),
                _ => {}
            }
        }
        decl
    }

    fn data(&mut self, pair: P) -> DataDecl {
        let span = self.span(&pair);
        let mut items = Vec::new();
        for item in pair.into_inner().filter(|p| p.as_rule() == Rule::data_item) {
            let item_span = self.span(&item);
            let mut data = DataItem {
                name: Ident {
                    name: Name::default(),
                    span: item_span,
                },
                description: None,
                category: None,
                special_care: None,
                personal_related: None,
                pseudonymous: None,
                span: item_span,
            };
            for child in item.into_inner() {
                match child.as_rule() {
                    Rule::ident => data.name = self.ident(&child),
                    Rule::string => data.description = Some(self.text(&child)),
                    Rule::category_path => data.category = Some(self.ident(&child)),
                    Rule::special_care => data.special_care = Some(self.span(&child)),
                    Rule::personal_related => data.personal_related = Some(self.span(&child)),
                    Rule::pseudonymous => data.pseudonymous = Some(self.span(&child)),
                    _ => {}
                }
            }
            items.push(data);
        }
        items.shrink_to_fit();
        DataDecl { items, span }
    }

    fn purpose(&mut self, pair: P) -> PurposeDecl {
        let span = self.span(&pair);
        let mut decl = PurposeDecl {
            name: Ident {
                name: Name::default(),
                span,
            },
            text: Text {
                value: Name::default(),
                span,
            },
            bases: Vec::new(),
            retention: None,
            within: None,
            category: None,
            disclosable: None,
            interests: None,
            requirement: None,
            automated_decision: None,
            remarks: None,
            block: None,
            span,
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => decl.name = self.ident(&child),
                Rule::string => decl.text = self.text(&child),
                Rule::purpose_block => {
                    decl.block = Some(self.span(&child));
                    for prop in child.into_inner() {
                        if self.remark_boxed(&prop, &mut decl.remarks) {
                            continue;
                        }
                        let prop_span = self.span(&prop);
                        match prop.as_rule() {
                            Rule::basis_prop => {
                                for basis in
                                    prop.into_inner().filter(|p| p.as_rule() == Rule::basis)
                                {
                                    decl.bases.extend(self.basis(basis));
                                }
                            }
                            Rule::retain_prop => {
                                if let Some(retention) = self.retention(prop) {
                                    self.set_once(
                                        &mut decl.retention,
                                        Box::new(retention),
                                        prop_span,
                                        "retain",
                                    );
                                }
                            }
                            Rule::within_prop => {
                                if let Some(id) =
                                    prop.into_inner().find(|p| p.as_rule() == Rule::ident)
                                {
                                    let id = self.ident(&id);
                                    self.set_once(&mut decl.within, id, prop_span, "within");
                                }
                            }
                            Rule::category_prop => {
                                if let Some(c) = prop
                                    .into_inner()
                                    .find(|p| p.as_rule() == Rule::category_path)
                                {
                                    let c = self.ident(&c);
                                    self.set_once(&mut decl.category, c, prop_span, "category");
                                }
                            }
                            Rule::disclosable_prop => self.set_once(
                                &mut decl.disclosable,
                                prop_span,
                                prop_span,
                                "disclosable",
                            ),
                            Rule::interests_prop => {
                                if let Some(t) = self.first_string(&prop) {
                                    self.set_once(
                                        &mut decl.interests,
                                        Box::new(t),
                                        prop_span,
                                        "interests",
                                    );
                                }
                            }
                            Rule::requirement_prop => {
                                if let Some(t) = self.first_string(&prop) {
                                    self.set_once(
                                        &mut decl.requirement,
                                        Box::new(t),
                                        prop_span,
                                        "requirement",
                                    );
                                }
                            }
                            Rule::automated_decision_prop => {
                                let decision = self.automated_decision(prop);
                                self.set_once(
                                    &mut decl.automated_decision,
                                    Box::new(decision),
                                    prop_span,
                                    "automated decision",
                                );
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        decl
    }

    fn automated_decision(&mut self, prop: P) -> AutomatedDecision {
        let mut decision = AutomatedDecision {
            logic: None,
            consequences: None,
            span: self.span(&prop),
        };
        // The property's own span runs on over the white space its
        // optional clauses looked past: end it at its last word.
        if let Some(last) = prop.clone().into_inner().last() {
            decision.span.end = self.span(&last).end;
        }
        let mut last_keyword = None;
        for child in prop.into_inner() {
            match child.as_rule() {
                Rule::string if last_keyword == Some(Rule::kw_logic) => {
                    decision.logic = Some(self.text(&child))
                }
                Rule::string => decision.consequences = Some(self.text(&child)),
                rule => last_keyword = Some(rule),
            }
        }
        decision
    }

    fn basis(&self, pair: P) -> Option<Basis> {
        let inner = pair.into_inner().next()?;
        let kind = match inner.as_rule() {
            Rule::basis_consent => BasisKind::Consent,
            Rule::basis_contract => BasisKind::Contract,
            Rule::basis_legal_obligation => BasisKind::LegalObligation,
            Rule::basis_vital_interests => BasisKind::VitalInterests,
            Rule::basis_public_interest => BasisKind::PublicInterest,
            Rule::basis_public_health => BasisKind::PublicHealth,
            _ => BasisKind::LegitimateInterests,
        };
        Some(Basis {
            kind,
            span: self.span(&inner),
        })
    }

    /// Lowers a `retain_prop` pair.
    fn retention(&mut self, pair: P) -> Option<Retention> {
        let form = pair.into_inner().find(|p| !is_keyword(p.as_rule()))?;
        let span = self.span(&form);
        let kind = match form.as_rule() {
            Rule::retention_duration => {
                let duration = form.into_inner().find(|p| p.as_rule() == Rule::duration)?;
                RetentionKind::Duration {
                    duration: self.duration(duration)?,
                }
            }
            Rule::retention_until => {
                let mut event = RetentionEvent::PurposeAchieved;
                let mut plus = None;
                for child in form.into_inner() {
                    match child.as_rule() {
                        Rule::retention_event => {
                            let Some(e) = child.into_inner().next() else {
                                continue;
                            };
                            event = match e.as_rule() {
                                Rule::event_purpose_achieved => RetentionEvent::PurposeAchieved,
                                Rule::event_contract_ends => RetentionEvent::ContractEnds,
                                _ => RetentionEvent::Described(self.text(&e)),
                            };
                        }
                        Rule::duration => plus = self.duration(child),
                        _ => {}
                    }
                }
                RetentionKind::Until { event, plus }
            }
            Rule::retention_law => {
                let mut law = Text {
                    value: Name::default(),
                    span,
                };
                let mut citations = Vec::new();
                for child in form.into_inner() {
                    match child.as_rule() {
                        Rule::string => law = self.text(&child),
                        Rule::citation_list => citations = self.citations(child),
                        _ => {}
                    }
                }
                RetentionKind::RequiredByLaw { law, citations }
            }
            _ => RetentionKind::Indefinite,
        };
        Some(Retention { kind, span })
    }

    fn duration(&mut self, pair: P) -> Option<Duration> {
        let span = self.span(&pair);
        let mut amount = None;
        // A number too large to read at all was reported by `number`.
        let mut unreadable = false;
        let mut unit = TimeUnit::Year;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::number => {
                    let number = self.number(&child);
                    unreadable = number.is_none();
                    amount = number.and_then(|n| u32::try_from(n).ok());
                }
                Rule::time_unit => {
                    unit = match child.as_str().trim_end_matches('s') {
                        "day" => TimeUnit::Day,
                        "week" => TimeUnit::Week,
                        "month" => TimeUnit::Month,
                        _ => TimeUnit::Year,
                    }
                }
                _ => {}
            }
        }
        match amount {
            Some(amount) => Some(Duration { amount, unit }),
            None => {
                // Durations are retention periods, record periods and more:
                // the message names none of them.
                if !unreadable {
                    self.invalid(span, "this duration is too long".into(), "too large");
                }
                None
            }
        }
    }

    fn number(&mut self, pair: &P) -> Option<u64> {
        let digits: String = pair.as_str().chars().filter(|c| *c != ',').collect();
        let value = digits.parse::<u64>().ok();
        if value.is_none() {
            let span = self.span(pair);
            self.invalid(
                span,
                format!("`{}` is too large a number", pair.as_str()),
                "too large",
            );
        }
        value
    }

    fn citations(&self, pair: P) -> Vec<Citation> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::citation)
            .filter_map(|c| {
                let span = self.span(&c);
                let mut inner = c.into_inner();
                let regime = self.ident(&inner.next()?);
                let article = inner.next()?.as_str().to_string();
                Some(Citation {
                    regime,
                    article,
                    span,
                })
            })
            .collect()
    }

    fn retain_decl(&mut self, pair: P) -> Option<RetainDecl> {
        let span = self.span(&pair);
        let mut retention = None;
        let mut remarks = Remarks::default();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::retain_prop => retention = self.retention(child),
                Rule::note_block => {
                    for prop in child.into_inner() {
                        self.remark(&prop, &mut remarks);
                    }
                }
                _ => {}
            }
        }
        Some(RetainDecl {
            retention: retention?,
            remarks,
            span,
        })
    }

    fn exception(&mut self, pair: P) -> ExceptionDecl {
        let span = self.span(&pair);
        let mut decl = ExceptionDecl {
            name: Ident {
                name: Name::default(),
                span,
            },
            citations: Vec::new(),
            text: Text {
                value: Name::default(),
                span,
            },
            conditions: Vec::new(),
            remarks: Remarks::default(),
            span,
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => decl.name = self.ident(&child),
                Rule::citation_list => decl.citations = self.citations(child),
                Rule::string => decl.text = self.text(&child),
                Rule::exception_block => {
                    for prop in child.into_inner() {
                        if self.remark(&prop, &mut decl.remarks) {
                            continue;
                        }
                        if prop.as_rule() == Rule::condition_prop
                            && let Some(list) =
                                prop.into_inner().find(|p| p.as_rule() == Rule::ident_list)
                        {
                            decl.conditions.extend(self.idents(list));
                        }
                    }
                }
                _ => {}
            }
        }
        decl
    }

    fn flow(&mut self, kind: FlowKind, pair: P) -> FlowDecl {
        let span = self.span(&pair);
        let text = pair.as_str();
        let head_len = text.find(['{', '\n']).unwrap_or(text.len());
        let head = Span::new(
            self.file,
            span.start as usize,
            span.start as usize + text[..head_len].trim_end().len(),
        );
        let mut flow = FlowDecl::new(kind, span, head);
        let mut extras = FlowExtras::default();
        let (mut items, mut from, mut purposes) = (Vec::new(), Vec::new(), Vec::new());
        let mut last_keyword = None;
        for child in pair.into_inner() {
            let rule = child.as_rule();
            if is_keyword(rule) {
                last_keyword = Some(rule);
                continue;
            }
            let child_span = self.span(&child);
            match (rule, last_keyword) {
                (Rule::ident_list, Some(Rule::kw_from)) => from = self.ident_list(child),
                (Rule::ident_list, Some(Rule::kw_about)) => {
                    extras.about = self.idents(child).into_boxed_slice()
                }
                (Rule::ident_list, Some(Rule::kw_via)) => {
                    extras.via = self.idents(child).into_boxed_slice()
                }
                (Rule::ident_list, _) => items = self.ident_list(child),
                (Rule::ident, Some(Rule::kw_from)) => from = vec![self.ident(&child)],
                (Rule::ident, Some(Rule::kw_by)) => extras.by = Some(self.ident(&child)),
                (Rule::ident, Some(Rule::kw_to)) => flow.to = Some(self.ident(&child)),
                (Rule::for_clause, _) => {
                    if let Some(list) = child.into_inner().find(|p| p.as_rule() == Rule::ident_list)
                    {
                        purposes = self.ident_list(list);
                    }
                }
                (Rule::with_consent, _) => {
                    let kind = child.clone().into_inner().next().map(|k| k.as_rule());
                    let explicit = matches!(
                        kind,
                        Some(
                            Rule::kw_with_explicit_consent
                                | Rule::kw_with_explicit_parental_consent
                        )
                    );
                    let parental = matches!(
                        kind,
                        Some(
                            Rule::kw_with_parental_consent
                                | Rule::kw_with_explicit_parental_consent
                        )
                    );
                    if explicit && extras.explicit_consent.is_none() {
                        extras.explicit_consent = Some(child_span);
                    }
                    if parental && extras.parental_consent.is_none() {
                        extras.parental_consent = Some(child_span);
                    }
                    self.set_once(&mut flow.consent, child_span, child_span, "with consent")
                }
                (Rule::on_request, _) => {
                    self.set_once(&mut extras.on_request, child_span, child_span, "on request")
                }
                (Rule::by_opt_out, _) => {
                    self.set_once(&mut extras.opt_out, child_span, child_span, "by opt out")
                }
                (Rule::by_succession, _) => self.set_once(
                    &mut extras.succession,
                    child_span,
                    child_span,
                    "by succession",
                ),
                (Rule::under_exceptions, _) => {
                    if let Some(list) = child.into_inner().find(|p| p.as_rule() == Rule::ident_list)
                    {
                        let mut exceptions = std::mem::take(&mut extras.exceptions).into_vec();
                        exceptions.extend(self.idents(list));
                        extras.exceptions = exceptions.into_boxed_slice();
                    }
                }
                (Rule::flow_block, _) => self.flow_block(child, &mut extras),
                _ => {}
            }
        }
        flow.set_names(items, from, purposes);
        flow.set_extras(extras);
        flow
    }

    fn flow_block(&mut self, block: P, flow: &mut FlowExtras) {
        // Notes, commitments and safeguards are gathered here and boxed at
        // the end (FlowExtras keeps them at exactly their length).
        let mut remarks = flow.remarks.take().map_or_else(Remarks::default, |r| *r);
        let mut safeguards = std::mem::take(&mut flow.safeguards).into_vec();
        for prop in block.into_inner() {
            if self.remark(&prop, &mut remarks) {
                continue;
            }
            let prop_span = self.span(&prop);
            match prop.as_rule() {
                Rule::contract_prop => {
                    if let Some(t) = self.first_string(&prop) {
                        self.set_once(&mut flow.contract, t, prop_span, "contract");
                    }
                }
                Rule::selected_by_prop => {
                    if let Some(t) = self.first_string(&prop) {
                        self.set_once(&mut flow.selected_by, t, prop_span, "selected by");
                    }
                }
                Rule::safeguard_prop => safeguards.extend(self.first_string(&prop)),
                Rule::acquired_via_prop => {
                    if let Some(list) = prop.into_inner().find(|p| p.as_rule() == Rule::ident_list)
                    {
                        flow.opt_out_matters
                            .get_or_insert_with(Default::default)
                            .acquired_via
                            .extend(self.idents(list));
                    }
                }
                Rule::provided_by_prop => {
                    if let Some(t) = self.first_string(&prop) {
                        self.set_once(
                            &mut flow
                                .opt_out_matters
                                .get_or_insert_with(Default::default)
                                .provided_by,
                            t,
                            prop_span,
                            "provided by",
                        );
                    }
                }
                Rule::stops_on_request_prop => {
                    if let Some(list) = prop.into_inner().find(|p| p.as_rule() == Rule::ident_list)
                    {
                        flow.opt_out_matters
                            .get_or_insert_with(Default::default)
                            .stops_via
                            .extend(self.idents(list));
                    }
                }
                Rule::notified_prop => {
                    if let Some(date) = prop.into_inner().find(|p| p.as_rule() == Rule::date)
                        && let Some(date) = self.date(&date)
                    {
                        self.set_once(
                            &mut flow
                                .opt_out_matters
                                .get_or_insert_with(Default::default)
                                .notified,
                            date,
                            prop_span,
                            "notified",
                        );
                    }
                }
                Rule::informed_prop => {
                    if let Some(t) = self.first_string(&prop) {
                        self.set_once(&mut flow.informed, Box::new(t), prop_span, "informed");
                    }
                }
                Rule::records_kept_prop => {
                    let mut period = None;
                    for child in prop.into_inner() {
                        match child.as_rule() {
                            Rule::duration => {
                                period = self.duration(child).map(RecordsPeriod::Duration);
                            }
                            Rule::string => {
                                period = Some(RecordsPeriod::Described(self.text(&child)))
                            }
                            _ => {}
                        }
                    }
                    if let Some(period) = period {
                        let records = Box::new(RecordsKept {
                            period,
                            span: prop_span,
                        });
                        self.set_once(&mut flow.records, records, prop_span, "records kept");
                    }
                }
                Rule::confirms_source_prop => {
                    if let Some(t) = self.first_string(&prop) {
                        self.set_once(
                            &mut flow.confirms_source,
                            Box::new(t),
                            prop_span,
                            "confirms source",
                        );
                    }
                }
                Rule::retain_prop => {
                    if let Some(r) = self.retention(prop) {
                        self.set_once(&mut flow.retention, r, prop_span, "retain");
                    }
                }
                _ => {}
            }
        }
        flow.safeguards = safeguards.into_boxed_slice();
        if !remarks.notes.is_empty() || !remarks.commitments.is_empty() {
            flow.remarks = Some(Box::new(remarks));
        }
    }

    fn items_prop(&self, prop: P, items: &mut Vec<Ident>, except: &mut Vec<Ident>) {
        let mut last_keyword = None;
        for child in prop.into_inner() {
            if is_keyword(child.as_rule()) {
                last_keyword = Some(child.as_rule());
            } else if child.as_rule() == Rule::ident_list {
                if last_keyword == Some(Rule::kw_except) {
                    except.extend(self.idents(child));
                } else {
                    items.extend(self.idents(child));
                }
            }
        }
    }

    fn joint_use(&mut self, pair: P) -> JointUseDecl {
        let span = self.span(&pair);
        let mut decl = JointUseDecl {
            name: Ident {
                name: Name::default(),
                span,
            },
            items: Vec::new(),
            except: Vec::new(),
            users: None,
            purposes: Vec::new(),
            acquired_via: Vec::new(),
            responsible: None,
            retention: None,
            remarks: Remarks::default(),
            span,
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => decl.name = self.ident(&child),
                Rule::joint_use_block => {
                    for prop in child.into_inner() {
                        if self.remark(&prop, &mut decl.remarks) {
                            continue;
                        }
                        let prop_span = self.span(&prop);
                        match prop.as_rule() {
                            Rule::items_prop => {
                                self.items_prop(prop, &mut decl.items, &mut decl.except)
                            }
                            Rule::users_prop => {
                                if let Some(id) =
                                    prop.into_inner().find(|p| p.as_rule() == Rule::ident)
                                {
                                    let id = self.ident(&id);
                                    self.set_once(&mut decl.users, id, prop_span, "users");
                                }
                            }
                            Rule::purposes_prop => {
                                if let Some(list) =
                                    prop.into_inner().find(|p| p.as_rule() == Rule::ident_list)
                                {
                                    decl.purposes.extend(self.idents(list));
                                }
                            }
                            Rule::acquired_via_prop => {
                                if let Some(list) =
                                    prop.into_inner().find(|p| p.as_rule() == Rule::ident_list)
                                {
                                    decl.acquired_via.extend(self.idents(list));
                                }
                            }
                            Rule::responsible_prop => {
                                let responsible = self.responsible(prop);
                                if let Some(r) = responsible {
                                    self.set_once(
                                        &mut decl.responsible,
                                        r,
                                        prop_span,
                                        "responsible",
                                    );
                                }
                            }
                            Rule::retain_prop => {
                                if let Some(r) = self.retention(prop) {
                                    self.set_once(&mut decl.retention, r, prop_span, "retain");
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        decl
    }

    fn responsible(&mut self, prop: P) -> Option<Responsible> {
        let span = self.span(&prop);
        let mut name = None;
        let mut details = OrgDetails::default();
        let mut remarks = Remarks::default();
        for child in prop.into_inner() {
            match child.as_rule() {
                Rule::string => name = Some(self.text(&child)),
                Rule::responsible_block => {
                    for p in child.into_inner() {
                        if self.remark(&p, &mut remarks) {
                            continue;
                        }
                        if let Some((span, name)) = self.details_prop(&p, &mut details) {
                            self.duplicate(span, name);
                        }
                    }
                }
                _ => {}
            }
        }
        Some(Responsible {
            name: name?,
            address: details.address,
            representative: details.representative,
            remarks,
            span,
        })
    }

    fn measure(&mut self, prop: P) -> Option<Measure> {
        let mut kinds = Vec::new();
        let mut text = None;
        for child in prop.into_inner() {
            match child.as_rule() {
                Rule::measure_kind => kinds.push(match child.as_str() {
                    "policy" => MeasureKind::Policy,
                    "rules" => MeasureKind::Rules,
                    "organizational" => MeasureKind::Organizational,
                    "personnel" => MeasureKind::Personnel,
                    "physical" => MeasureKind::Physical,
                    _ => MeasureKind::Technical,
                }),
                Rule::string => text = Some(self.text(&child)),
                _ => {}
            }
        }
        Some(Measure { kinds, text: text? })
    }

    fn anonymous(&mut self, pair: P) -> AnonymousDecl {
        let span = self.span(&pair);
        let mut decl = AnonymousDecl {
            name: Ident {
                name: Name::default(),
                span,
            },
            description: Text {
                value: Name::default(),
                span,
            },
            items: Vec::new(),
            provided_by: None,
            measures: Vec::new(),
            remarks: Remarks::default(),
            span,
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => decl.name = self.ident(&child),
                Rule::string => decl.description = self.text(&child),
                Rule::anonymous_block => {
                    for prop in child.into_inner() {
                        if self.remark(&prop, &mut decl.remarks) {
                            continue;
                        }
                        let prop_span = self.span(&prop);
                        match prop.as_rule() {
                            Rule::anonymous_items_prop => {
                                if let Some(list) =
                                    prop.into_inner().find(|p| p.as_rule() == Rule::ident_list)
                                {
                                    decl.items.extend(self.idents(list));
                                }
                            }
                            Rule::provided_by_prop => {
                                if let Some(t) = self.first_string(&prop) {
                                    self.set_once(
                                        &mut decl.provided_by,
                                        t,
                                        prop_span,
                                        "provided by",
                                    );
                                }
                            }
                            Rule::measure_prop => decl.measures.extend(self.measure(prop)),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        decl
    }

    fn rights(&mut self, pair: P) -> RightsDecl {
        let span = self.span(&pair);
        let mut decl = RightsDecl {
            handles: Vec::new(),
            identity: Vec::new(),
            fees: Vec::new(),
            refusal_grounds: Vec::new(),
            contacts: Vec::new(),
            remarks: Remarks::default(),
            span,
        };
        for block in pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::rights_block)
        {
            for prop in block.into_inner() {
                if self.remark(&prop, &mut decl.remarks) {
                    continue;
                }
                match prop.as_rule() {
                    Rule::handles_rights_prop => {
                        if let Some(list) =
                            prop.into_inner().find(|p| p.as_rule() == Rule::ident_list)
                        {
                            decl.handles.extend(self.idents(list));
                        }
                    }
                    Rule::identity_prop => {
                        let mut strings = prop.into_inner().filter(|p| p.as_rule() == Rule::string);
                        if let Some(document) = strings.next() {
                            decl.identity.push(IdentityDocument {
                                document: self.text(&document),
                                note: strings.next().map(|n| self.text(&n)),
                            });
                        }
                    }
                    Rule::fee_prop => {
                        if let Some(fee) = self.fee(prop) {
                            decl.fees.push(fee);
                        }
                    }
                    Rule::refuse_when_prop => decl.refusal_grounds.extend(self.first_string(&prop)),
                    Rule::contact_ref_prop => decl.contacts.extend(
                        prop.into_inner()
                            .filter(|p| p.as_rule() == Rule::ident)
                            .map(|p| self.ident(&p)),
                    ),
                    _ => {}
                }
            }
        }
        decl
    }

    fn fee(&mut self, prop: P) -> Option<Fee> {
        let span = self.span(&prop);
        let mut amounts = Vec::new();
        let mut applies_to = Vec::new();
        for child in prop.into_inner() {
            match child.as_rule() {
                Rule::money => {
                    let mut inner = child.into_inner();
                    let number = inner.next()?;
                    let amount = self.number(&number)?;
                    let currency = self.ident(&inner.next()?);
                    amounts.push(Money { amount, currency });
                }
                Rule::ident_list => applies_to = self.idents(child),
                _ => {}
            }
        }
        let mut amounts = amounts.into_iter();
        Some(Fee {
            amount: amounts.next()?,
            with_tax: amounts.next(),
            applies_to,
            span,
        })
    }

    fn security(&mut self, pair: P) -> SecurityDecl {
        let span = self.span(&pair);
        let mut decl = SecurityDecl {
            title: None,
            measures: Vec::new(),
            complies_with: Vec::new(),
            remarks: Remarks::default(),
            span,
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::string => decl.title = Some(self.text(&child)),
                Rule::security_block => {
                    for prop in child.into_inner() {
                        if self.remark(&prop, &mut decl.remarks) {
                            continue;
                        }
                        match prop.as_rule() {
                            Rule::measure_prop => decl.measures.extend(self.measure(prop)),
                            Rule::complies_with_prop => {
                                decl.complies_with.extend(self.first_string(&prop))
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        decl
    }

    fn on(&mut self, pair: P) -> OnDecl {
        let span = self.span(&pair);
        let mut decl = OnDecl {
            event: EventKind::Change,
            via: Vec::new(),
            text: Text {
                value: Name::default(),
                span,
            },
            reports: Vec::new(),
            notify_affected: None,
            triggers: Vec::new(),
            remarks: Remarks::default(),
            span,
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::on_block => self.on_block(child, &mut decl),
                Rule::event_kind => {
                    decl.event = match child.as_str() {
                        "leakage" => EventKind::Leakage,
                        "complaint" => EventKind::Complaint,
                        _ => EventKind::Change,
                    }
                }
                Rule::ident_list => decl.via = self.idents(child),
                Rule::string => decl.text = self.text(&child),
                _ => {}
            }
        }
        decl
    }

    fn on_block(&mut self, block: P, decl: &mut OnDecl) {
        for prop in block.into_inner() {
            if self.remark(&prop, &mut decl.remarks) {
                continue;
            }
            let prop_span = self.span(&prop);
            let within = prop
                .clone()
                .into_inner()
                .find(|p| p.as_rule() == Rule::string)
                .map(|s| self.text(&s));
            match prop.as_rule() {
                Rule::report_to_prop => {
                    if let Some(to) = prop.into_inner().find(|p| p.as_rule() == Rule::ident) {
                        decl.reports.push(Report {
                            to: self.ident(&to),
                            within,
                            span: prop_span,
                        });
                    }
                }
                Rule::notify_affected_prop => self.set_once(
                    &mut decl.notify_affected,
                    Notify {
                        within,
                        span: prop_span,
                    },
                    prop_span,
                    "notify affected",
                ),
                Rule::trigger_prop => decl.triggers.extend(within),
                _ => {}
            }
        }
    }

    fn forbid(&mut self, pair: P) -> ForbidDecl {
        let span = self.span(&pair);
        let mut decl = ForbidDecl {
            name: Ident {
                name: Name::default(),
                span,
            },
            text: Text {
                value: Name::default(),
                span,
            },
            matchers: Vec::new(),
            remarks: Remarks::default(),
            span,
        };
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => decl.name = self.ident(&child),
                Rule::string => decl.text = self.text(&child),
                Rule::forbid_block => {
                    for prop in child.into_inner() {
                        if self.remark(&prop, &mut decl.remarks) {
                            continue;
                        }
                        if prop.as_rule() != Rule::matcher {
                            continue;
                        }
                        let matcher_span = self.span(&prop);
                        let mut target = MatchTarget::Data;
                        let mut kind = MatchKind::Any;
                        let mut values = Vec::new();
                        for part in prop.into_inner() {
                            match part.as_rule() {
                                Rule::matcher_target => {
                                    target = match part.as_str() {
                                        "purpose" => MatchTarget::Purpose,
                                        "subject" => MatchTarget::Subject,
                                        _ => MatchTarget::Data,
                                    }
                                }
                                Rule::matcher_kind => {
                                    kind = match part.as_str() {
                                        "all" => MatchKind::All,
                                        "none" => MatchKind::None,
                                        "other" => MatchKind::Other,
                                        _ => MatchKind::Any,
                                    }
                                }
                                Rule::category_list => values = self.categories(part),
                                _ => {}
                            }
                        }
                        decl.matchers.push(Matcher {
                            target,
                            kind,
                            values,
                            span: matcher_span,
                        });
                    }
                }
                _ => {}
            }
        }
        decl
    }
}

/// Keywords and punctuation: structure, not content.
fn is_keyword(rule: Rule) -> bool {
    use Rule::*;
    matches!(
        rule,
        kw_policy
            | kw_under
            | kw_effective
            | kw_revised
            | kw_import
            | kw_controller
            | kw_address
            | kw_representative
            | kw_title
            | kw_protection_manager
            | kw_certified
            | kw_member_of
            | kw_complies_with
            | kw_country
            | kw_dpo
            | kw_eu_representative
            | kw_note
            | kw_commitment
            | kw_party
            | kw_as
            | kw_scope
            | kw_contact
            | kw_phone
            | kw_hours
            | kw_url
            | kw_email
            | kw_person
            | kw_handles
            | kw_subject
            | kw_treated_as
            | kw_child_under
            | kw_source
            | kw_method
            | kw_data
            | kw_in
            | kw_special_care
            | kw_personal_related
            | kw_pseudonymous
            | kw_records_kept
            | kw_confirms_source
            | kw_purpose
            | kw_basis
            | kw_within
            | kw_category
            | kw_disclosable
            | kw_interests
            | kw_requirement
            | kw_automated_decision
            | kw_logic
            | kw_consequences
            | kw_retain
            | kw_for
            | kw_until
            | kw_as_required_by
            | kw_indefinitely
            | kw_exception
            | kw_cites
            | kw_collect
            | kw_use
            | kw_outsource
            | kw_provide
            | kw_from
            | kw_to
            | kw_about
            | kw_via
            | kw_by
            | kw_with_consent
            | kw_with_explicit_consent
            | kw_with_parental_consent
            | kw_with_explicit_parental_consent
            | kw_condition
            | kw_informed
            | kw_report_to
            | kw_notify_affected
            | kw_trigger
            | kw_by_opt_out
            | kw_stops_on_request
            | kw_notified
            | kw_as_of
            | kw_on_request
            | kw_by_succession
            | kw_contract
            | kw_selected_by
            | kw_safeguard
            | kw_joint_use
            | kw_items
            | kw_except
            | kw_users
            | kw_purposes
            | kw_acquired_via
            | kw_responsible
            | kw_anonymous
            | kw_provided_by
            | kw_measure
            | kw_rights
            | kw_identity
            | kw_fee
            | kw_with_tax
            | kw_per_request
            | kw_refuse_when
            | kw_security
            | kw_on
            | kw_forbid
            | open_brace
            | close_brace
    )
}
