//! The syntax tree of one policy file. Every node carries the [`Span`] of the
//! source that declared it; pest types never reach this module.

use serde::Serialize;
use std::borrow::Cow;

pub use crate::name::Name;
use crate::span::Span;

/// A name written in the policy, such as `customers`.
#[derive(Clone, Debug, Serialize)]
pub struct Ident {
    pub name: Name,
    pub span: Span,
}

impl AsRef<str> for Ident {
    fn as_ref(&self) -> &str {
        &self.name
    }
}

/// A string literal with its escapes already decoded.
#[derive(Clone, Debug, Serialize)]
pub struct Text {
    pub value: Name,
    pub span: Span,
}

impl Text {
    /// Whether it states nothing: empty or only white space (refused by
    /// the parser as `invalid-value`; docs/language.md, "Strings").
    pub fn is_blank(&self) -> bool {
        self.value.trim().is_empty()
    }
}

/// One parsed file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct File {
    pub decls: Vec<Decl>,
}

/// A declaration. The kinds larger than a few words are boxed, so that the
/// enum is 64 bytes, not the size of a flow: most lines of a large policy
/// are small declarations (see the test below).
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decl {
    Policy(Box<PolicyDecl>),
    Import(ImportDecl),
    Controller(Box<ControllerDecl>),
    Party(Box<PartyDecl>),
    Contact(Box<ContactDecl>),
    Subject(Box<SubjectDecl>),
    Source(Box<NamedText>),
    Method(Box<NamedText>),
    Data(DataDecl),
    Purpose(Box<PurposeDecl>),
    Exception(Box<ExceptionDecl>),
    Flow(Box<FlowDecl>),
    JointUse(Box<JointUseDecl>),
    Anonymous(Box<AnonymousDecl>),
    Rights(Box<RightsDecl>),
    Security(Box<SecurityDecl>),
    Retain(Box<RetainDecl>),
    On(Box<OnDecl>),
    Commitment(Text),
    Forbid(Box<ForbidDecl>),
}

impl Decl {
    /// The source the whole declaration covers.
    pub fn span(&self) -> Span {
        match self {
            Decl::Policy(d) => d.span,
            Decl::Import(d) => d.span,
            Decl::Controller(d) => d.span,
            Decl::Party(d) => d.span,
            Decl::Contact(d) => d.span,
            Decl::Subject(d) => d.span,
            Decl::Source(d) | Decl::Method(d) => d.span,
            Decl::Data(d) => d.span,
            Decl::Purpose(d) => d.span,
            Decl::Exception(d) => d.span,
            Decl::Flow(d) => d.span,
            Decl::JointUse(d) => d.span,
            Decl::Anonymous(d) => d.span,
            Decl::Rights(d) => d.span,
            Decl::Security(d) => d.span,
            Decl::Retain(d) => d.span,
            Decl::On(d) => d.span,
            Decl::Commitment(d) => d.span,
            Decl::Forbid(d) => d.span,
        }
    }
}

/// Notes and commitments: free text that any block may carry.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Remarks {
    pub notes: Vec<Text>,
    pub commitments: Vec<Text>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PolicyDecl {
    pub title: Text,
    pub regimes: Vec<Ident>,
    /// `under APPI as of 2020-04-01`: the law the policy was written against.
    pub as_of: Option<Date>,
    pub effective: Option<Date>,
    pub revised: Vec<Date>,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    #[serde(skip)]
    pub span: Span,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ImportDecl {
    pub path: Text,
    pub span: Span,
}

/// Address, representative and the other facts about an organisation.
#[derive(Clone, Debug, Default, Serialize)]
pub struct OrgDetails {
    pub address: Option<Text>,
    pub representative: Option<Representative>,
    pub country: Option<Text>,
    pub url: Option<Text>,
    pub phone: Option<Text>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Representative {
    pub name: Text,
    pub title: Option<Text>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ControllerDecl {
    pub name: Ident,
    pub legal_name: Text,
    pub details: OrgDetails,
    pub protection_manager: Option<Text>,
    pub certifications: Vec<Text>,
    pub member_of: Vec<Ident>,
    pub complies_with: Vec<Text>,
    /// `dpo NAME` or `dpo none "..."` (GDPR Art. 13(1)(b), 37).
    pub dpo: Option<Dpo>,
    /// `eu representative NAME`: the party that represents a controller
    /// established outside the Union (GDPR Art. 27).
    pub eu_representative: Option<Ident>,
    pub remarks: Remarks,
    pub span: Span,
}

/// The data protection officer a controller states.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Dpo {
    /// `dpo NAME`: the contact through which the officer is reached.
    Contact(Ident),
    /// `dpo none "why"`: no officer is designated, and why (GDPR Art. 37(1)
    /// does not require one).
    NotDesignated(Text),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Processor,
    ThirdParty,
    JointUsers,
    EntrustingCompany,
    Authority,
    ProtectionOrganization,
}

impl Role {
    pub fn describe(self) -> &'static str {
        match self {
            Role::Processor => "processor",
            Role::ThirdParty => "third party",
            Role::JointUsers => "joint users",
            Role::EntrustingCompany => "entrusting company",
            Role::Authority => "authority",
            Role::ProtectionOrganization => "protection organization",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PartyDecl {
    pub name: Ident,
    pub legal_name: Text,
    pub role: Role,
    pub details: OrgDetails,
    pub scope: Option<Text>,
    /// `certified "EU-U.S. Data Privacy Framework"`: schemes the party is
    /// certified under (a GDPR adequacy decision may cover only these).
    pub certifications: Vec<Text>,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct ContactDecl {
    pub name: Ident,
    pub title: Text,
    pub phone: Option<Text>,
    pub hours: Option<Text>,
    pub address: Option<Text>,
    pub url: Option<Text>,
    pub email: Option<Text>,
    pub person: Vec<Text>,
    pub handles: Vec<Text>,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct SubjectDecl {
    pub name: Ident,
    pub description: Text,
    /// `child under N`: the subjects are children (GDPR Art. 8(1)).
    pub child: Option<ChildAge>,
    pub treated_as: Option<Ident>,
    pub span: Span,
}

/// `child under N`: the age below which the subjects are children.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ChildAge {
    pub under: u8,
    pub span: Span,
}

/// `source` and `method` declarations: a name and what it stands for.
#[derive(Clone, Debug, Serialize)]
pub struct NamedText {
    pub name: Ident,
    pub description: Text,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct DataDecl {
    pub items: Vec<DataItem>,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct DataItem {
    pub name: Ident,
    pub description: Option<Text>,
    pub category: Option<Ident>,
    pub special_care: Option<Span>,
    /// `: personal related` (APPI Art. 2(7), 31).
    pub personal_related: Option<Span>,
    /// `: pseudonymous`: pseudonymously processed information (APPI
    /// Art. 2(5), 41, 42).
    pub pseudonymous: Option<Span>,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct PurposeDecl {
    pub name: Ident,
    pub text: Text,
    pub bases: Vec<Basis>,
    /// Boxed: a retention is 80 bytes, and many purposes state theirs on
    /// a wider purpose or a default (docs/performance.md "Memory").
    pub retention: Option<Box<Retention>>,
    pub within: Option<Ident>,
    pub category: Option<Ident>,
    pub disclosable: Option<Span>,
    /// `interests "..."`: the legitimate interests pursued (GDPR Art.
    /// 13(1)(d)).
    /// Rarely given properties are boxed: a purpose is held for the whole
    /// check (docs/performance.md "Memory").
    pub interests: Option<Box<Text>>,
    /// `requirement "..."`: whether providing the data is required by law
    /// or contract, and what follows if it is not provided (GDPR Art.
    /// 13(2)(e)).
    pub requirement: Option<Box<Text>>,
    /// `automated decision ...` (GDPR Art. 13(2)(f), 22).
    pub automated_decision: Option<Box<AutomatedDecision>>,
    /// Boxed: most purposes have no remarks (48 bytes of empty lists).
    pub remarks: Option<Box<Remarks>>,
    /// The block `{ ... }`, braces included, if the purpose has one: where a
    /// fix adds a property.
    pub block: Option<Span>,
    pub span: Span,
}

/// `automated decision [logic "..."] [consequences "..."]`: the purpose
/// involves decisions based solely on automated processing, including
/// profiling.
#[derive(Clone, Debug, Serialize)]
pub struct AutomatedDecision {
    /// Meaningful information about the logic involved.
    pub logic: Option<Text>,
    /// The significance and the envisaged consequences for the person.
    pub consequences: Option<Text>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BasisKind {
    Consent,
    Contract,
    LegalObligation,
    VitalInterests,
    PublicInterest,
    PublicHealth,
    LegitimateInterests,
}

impl BasisKind {
    pub fn describe(self) -> &'static str {
        match self {
            BasisKind::Consent => "consent",
            BasisKind::Contract => "contract",
            BasisKind::LegalObligation => "legal obligation",
            BasisKind::VitalInterests => "vital interests",
            BasisKind::PublicInterest => "public interest",
            BasisKind::PublicHealth => "public health",
            BasisKind::LegitimateInterests => "legitimate interests",
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Basis {
    pub kind: BasisKind,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct Retention {
    pub kind: RetentionKind,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum RetentionKind {
    Duration {
        duration: Duration,
    },
    Until {
        event: RetentionEvent,
        plus: Option<Duration>,
    },
    RequiredByLaw {
        law: Text,
        citations: Vec<Citation>,
    },
    Indefinite,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RetentionEvent {
    PurposeAchieved,
    ContractEnds,
    Described(Text),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Duration {
    pub amount: u32,
    pub unit: TimeUnit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    Day,
    Week,
    Month,
    Year,
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            TimeUnit::Day => "day",
            TimeUnit::Week => "week",
            TimeUnit::Month => "month",
            TimeUnit::Year => "year",
        };
        let plural = if self.amount == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.amount)
    }
}

/// `APPI 27(1)(ii)`: a regime and an article reference.
#[derive(Clone, Debug, Serialize)]
pub struct Citation {
    pub regime: Ident,
    pub article: String,
    pub span: Span,
}

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} Art. {}", self.regime.name, self.article)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ExceptionDecl {
    pub name: Ident,
    pub citations: Vec<Citation>,
    pub text: Text,
    /// The statutory conditions the exception states it meets
    /// (`condition consent_difficult`), by their catalogue names.
    pub conditions: Vec<Ident>,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    Collect,
    Use,
    Outsource,
    Provide,
}

impl FlowKind {
    pub fn keyword(self) -> &'static str {
        match self {
            FlowKind::Collect => "collect",
            FlowKind::Use => "use",
            FlowKind::Outsource => "outsource",
            FlowKind::Provide => "provide",
        }
    }
}

/// `collect`, `use`, `outsource` and `provide` statements.
///
/// A flow is the most common declaration of a large policy and is held for
/// the whole check, so only what nearly every flow states is kept inline:
/// its items, where they come from and go to, its purposes and `with
/// consent`. Everything else (the other clauses of its first line and its
/// block) is kept as a list of the properties it states (gathered in a
/// [`FlowExtras`] by the parser), absent when the flow states none of them;
/// read them through the methods below, which give the empty value for what
/// is not stated (docs/performance.md "Memory").
#[derive(Clone, Debug)]
pub struct FlowDecl {
    pub kind: FlowKind,
    /// Its items, then where they come from, then its purposes, in one
    /// list ([`FlowDecl::items`], [`FlowDecl::from`],
    /// [`FlowDecl::purposes`]): one allocation instead of three.
    names: Box<[Ident]>,
    items_len: u32,
    from_len: u32,
    pub to: Option<Ident>,
    /// `with consent` or `with explicit consent`.
    pub consent: Option<Span>,
    pub span: Span,
    /// Where its first line ends ([`FlowDecl::head`]; it starts where the
    /// statement does): an offset, not a second span.
    head_end: u32,
    /// What few flows state, one entry per property stated; `None` when
    /// the flow states none of it. Set with [`FlowDecl::set_extras`], read
    /// through the methods below.
    extras: Option<Box<[Extra]>>,
}

/// The properties of a flow that most flows do not state (see [`FlowDecl`]),
/// as the parser gathers them; [`FlowDecl::set_extras`] keeps only those
/// stated, as a list of [`Extra`]s (a struct with a slot for each took 304
/// bytes for a flow that stated three of them; issue 17).
#[derive(Clone, Debug, Default)]
pub struct FlowExtras {
    pub about: Box<[Ident]>,
    pub via: Box<[Ident]>,
    /// Who collects or uses, when not the controller.
    pub by: Option<Ident>,
    /// `with explicit consent` (GDPR Art. 9(2)(a), 49(1)(a)); `consent` is
    /// set too.
    pub explicit_consent: Option<Span>,
    /// `with parental consent` (or `with explicit parental consent`):
    /// consent given or authorised by the holder of parental responsibility
    /// (GDPR Art. 8(1)); `consent` is set too.
    pub parental_consent: Option<Span>,
    pub exceptions: Box<[Ident]>,
    pub on_request: Option<Span>,
    pub succession: Option<Span>,
    pub contract: Option<Text>,
    pub selected_by: Option<Text>,
    pub safeguards: Box<[Text]>,
    /// `informed "..."`: what the person was told before consenting to a
    /// transfer abroad.
    pub informed: Option<Box<Text>>,
    /// `by opt out`: a provision under APPI Art. 27(2), or (on a
    /// `collect`) data received through another business's.
    pub opt_out: Option<Span>,
    /// The matters of an opt-out provision (APPI Art. 27(2)); boxed, as
    /// `records` and `confirms_source`: only opt-out flows state them.
    pub opt_out_matters: Option<Box<OptOutMatters>>,
    /// `records kept ...`: the record of a provision or receipt is kept,
    /// and for how long (APPI Art. 29, 30(3)-(4)).
    pub records: Option<Box<RecordsKept>>,
    /// `confirms source "..."`: how a receipt's provider and its
    /// acquisition of the data are confirmed (APPI Art. 30(1)).
    pub confirms_source: Option<Box<Text>>,
    pub retention: Option<Retention>,
    pub remarks: Option<Box<Remarks>>,
}

/// One stated property of [`FlowExtras`]: 24 bytes, the larger ones boxed.
#[derive(Clone, Debug)]
enum Extra {
    // A list of one, the usual case, is kept in place: no heap block of its
    // own for each flow that names one subject or one safeguard (issue 17).
    About(Box<[Ident]>),
    OneAbout(Ident),
    Via(Box<[Ident]>),
    OneVia(Ident),
    By(Ident),
    ExplicitConsent(Span),
    ParentalConsent(Span),
    Exceptions(Box<[Ident]>),
    OneException(Ident),
    OnRequest(Span),
    Succession(Span),
    Contract(Text),
    SelectedBy(Text),
    Safeguards(Box<[Text]>),
    OneSafeguard(Text),
    Informed(Text),
    OptOut(Span),
    OptOutMatters(Box<OptOutMatters>),
    Records(Box<RecordsKept>),
    ConfirmsSource(Text),
    Retention(Box<Retention>),
    /// `retain 30 days`, the usual retention, in place (issue 17).
    RetainFor(Duration, Span),
    Remarks(Box<Remarks>),
}

impl FlowExtras {
    /// The stated properties, in the order of the fields (every field is
    /// named, so that a new one cannot be forgotten here).
    fn into_entries(self) -> Vec<Extra> {
        let FlowExtras {
            about,
            via,
            by,
            explicit_consent,
            parental_consent,
            exceptions,
            on_request,
            succession,
            contract,
            selected_by,
            safeguards,
            informed,
            opt_out,
            opt_out_matters,
            records,
            confirms_source,
            retention,
            remarks,
        } = self;
        let mut entries = Vec::new();
        entries.extend(listed(about, Extra::OneAbout, Extra::About));
        entries.extend(listed(via, Extra::OneVia, Extra::Via));
        entries.extend(by.map(Extra::By));
        entries.extend(explicit_consent.map(Extra::ExplicitConsent));
        entries.extend(parental_consent.map(Extra::ParentalConsent));
        entries.extend(listed(exceptions, Extra::OneException, Extra::Exceptions));
        entries.extend(on_request.map(Extra::OnRequest));
        entries.extend(succession.map(Extra::Succession));
        entries.extend(contract.map(Extra::Contract));
        entries.extend(selected_by.map(Extra::SelectedBy));
        entries.extend(listed(safeguards, Extra::OneSafeguard, Extra::Safeguards));
        entries.extend(informed.map(|t| Extra::Informed(*t)));
        entries.extend(opt_out.map(Extra::OptOut));
        entries.extend(opt_out_matters.map(Extra::OptOutMatters));
        entries.extend(records.map(Extra::Records));
        entries.extend(confirms_source.map(|t| Extra::ConfirmsSource(*t)));
        entries.extend(retention.map(|r| match r.kind {
            RetentionKind::Duration { duration } => Extra::RetainFor(duration, r.span),
            _ => Extra::Retention(Box::new(r)),
        }));
        entries.extend(remarks.map(Extra::Remarks));
        entries
    }
}

/// A stated list as an entry: none for an empty one, the one element in
/// place for a list of one.
fn listed<T>(list: Box<[T]>, one: fn(T) -> Extra, many: fn(Box<[T]>) -> Extra) -> Option<Extra> {
    match list.len() {
        0 => None,
        1 => list.into_vec().pop().map(one),
        _ => Some(many(list)),
    }
}

static NO_REMARKS: Remarks = Remarks {
    notes: Vec::new(),
    commitments: Vec::new(),
};

static NO_OPT_OUT_MATTERS: OptOutMatters = OptOutMatters {
    acquired_via: Vec::new(),
    provided_by: None,
    stops_via: Vec::new(),
    notified: None,
};

impl FlowDecl {
    /// A flow stating only its kind, with empty lists and no properties.
    /// `head` is the statement's first line: it starts where `span` does.
    pub fn new(kind: FlowKind, span: Span, head: Span) -> FlowDecl {
        FlowDecl {
            kind,
            names: Box::new([]),
            items_len: 0,
            from_len: 0,
            to: None,
            consent: None,
            span,
            // Within the statement (never `clamp`, which panics on a reversed span).
            head_end: head.end.min(span.end).max(span.start),
            extras: None,
        }
    }

    /// The first line of the statement, for labels that should not cover a
    /// block.
    pub fn head(&self) -> Span {
        Span {
            end: self.head_end,
            ..self.span
        }
    }

    /// The data items it moves.
    pub fn items(&self) -> &[Ident] {
        self.names.get(..self.items_len as usize).unwrap_or(&[])
    }

    /// Where the data comes from: subjects, sources or parties for
    /// `collect`; the holding party for an onward `provide`/`outsource`.
    pub fn from(&self) -> &[Ident] {
        let start = self.items_len as usize;
        self.names
            .get(start..start + self.from_len as usize)
            .unwrap_or(&[])
    }

    /// The purposes after `for`.
    pub fn purposes(&self) -> &[Ident] {
        let start = self.items_len as usize + self.from_len as usize;
        self.names.get(start..).unwrap_or(&[])
    }

    /// Sets its items, where they come from and its purposes.
    pub fn set_names(&mut self, items: Vec<Ident>, from: Vec<Ident>, purposes: Vec<Ident>) {
        // A list is at most one name per two bytes of a file, and files are
        // capped below 4 GiB when loaded: the lengths fit.
        self.items_len = u32::try_from(items.len()).unwrap_or(u32::MAX);
        self.from_len = u32::try_from(from.len()).unwrap_or(u32::MAX);
        // One allocation of exactly the names' room.
        let mut names = Vec::with_capacity(items.len() + from.len() + purposes.len());
        names.extend(items);
        names.extend(from);
        names.extend(purposes);
        self.names = names.into_boxed_slice();
    }

    /// Sets the rarely stated properties, keeping only those stated.
    pub fn set_extras(&mut self, extras: FlowExtras) {
        let entries = extras.into_entries();
        self.extras = (!entries.is_empty()).then(|| entries.into_boxed_slice());
    }

    /// The first stated property `get` picks out (each is stated once).
    fn extra<'a, T: ?Sized>(
        &'a self,
        get: impl FnMut(&'a Extra) -> Option<&'a T>,
    ) -> Option<&'a T> {
        self.extras.as_deref()?.iter().find_map(get)
    }

    fn extra_span(&self, get: impl FnMut(&Extra) -> Option<Span>) -> Option<Span> {
        self.extras.as_deref()?.iter().find_map(get)
    }

    pub fn about(&self) -> &[Ident] {
        self.extra(|e| match e {
            Extra::About(v) => Some(&**v),
            Extra::OneAbout(one) => Some(std::slice::from_ref(one)),
            _ => None,
        })
        .unwrap_or(&[])
    }

    pub fn via(&self) -> &[Ident] {
        self.extra(|e| match e {
            Extra::Via(v) => Some(&**v),
            Extra::OneVia(one) => Some(std::slice::from_ref(one)),
            _ => None,
        })
        .unwrap_or(&[])
    }

    /// Who collects or uses, when not the controller.
    pub fn by(&self) -> Option<&Ident> {
        self.extra(|e| match e {
            Extra::By(v) => Some(v),
            _ => None,
        })
    }

    pub fn explicit_consent(&self) -> Option<Span> {
        self.extra_span(|e| match e {
            Extra::ExplicitConsent(s) => Some(*s),
            _ => None,
        })
    }

    pub fn parental_consent(&self) -> Option<Span> {
        self.extra_span(|e| match e {
            Extra::ParentalConsent(s) => Some(*s),
            _ => None,
        })
    }

    pub fn exceptions(&self) -> &[Ident] {
        self.extra(|e| match e {
            Extra::Exceptions(v) => Some(&**v),
            Extra::OneException(one) => Some(std::slice::from_ref(one)),
            _ => None,
        })
        .unwrap_or(&[])
    }

    pub fn on_request(&self) -> Option<Span> {
        self.extra_span(|e| match e {
            Extra::OnRequest(s) => Some(*s),
            _ => None,
        })
    }

    pub fn succession(&self) -> Option<Span> {
        self.extra_span(|e| match e {
            Extra::Succession(s) => Some(*s),
            _ => None,
        })
    }

    pub fn contract(&self) -> Option<&Text> {
        self.extra(|e| match e {
            Extra::Contract(t) => Some(t),
            _ => None,
        })
    }

    pub fn selected_by(&self) -> Option<&Text> {
        self.extra(|e| match e {
            Extra::SelectedBy(t) => Some(t),
            _ => None,
        })
    }

    pub fn safeguards(&self) -> &[Text] {
        self.extra(|e| match e {
            Extra::Safeguards(v) => Some(&**v),
            Extra::OneSafeguard(one) => Some(std::slice::from_ref(one)),
            _ => None,
        })
        .unwrap_or(&[])
    }

    pub fn informed(&self) -> Option<&Text> {
        self.extra(|e| match e {
            Extra::Informed(t) => Some(t),
            _ => None,
        })
    }

    pub fn opt_out(&self) -> Option<Span> {
        self.extra_span(|e| match e {
            Extra::OptOut(s) => Some(*s),
            _ => None,
        })
    }

    pub fn opt_out_matters(&self) -> &OptOutMatters {
        self.extra(|e| match e {
            Extra::OptOutMatters(m) => Some(&**m),
            _ => None,
        })
        .unwrap_or(&NO_OPT_OUT_MATTERS)
    }

    pub fn records(&self) -> Option<&RecordsKept> {
        self.extra(|e| match e {
            Extra::Records(r) => Some(&**r),
            _ => None,
        })
    }

    pub fn confirms_source(&self) -> Option<&Text> {
        self.extra(|e| match e {
            Extra::ConfirmsSource(t) => Some(t),
            _ => None,
        })
    }

    /// Its retention: borrowed, or for `retain <duration>` (kept in place)
    /// made from what is kept.
    pub fn retention(&self) -> Option<Cow<'_, Retention>> {
        self.extras.as_deref()?.iter().find_map(|e| match e {
            Extra::Retention(r) => Some(Cow::Borrowed(&**r)),
            Extra::RetainFor(duration, span) => Some(Cow::Owned(Retention {
                kind: RetentionKind::Duration {
                    duration: *duration,
                },
                span: *span,
            })),
            _ => None,
        })
    }

    pub fn remarks(&self) -> &Remarks {
        self.extra(|e| match e {
            Extra::Remarks(r) => Some(&**r),
            _ => None,
        })
        .unwrap_or(&NO_REMARKS)
    }
}

/// A flow is written out as it was before its rare properties were boxed:
/// every property, in the order of the language reference (the JSON of
/// declarations that `lawful diff` compares, and `lawful fmt`'s check that a
/// layout keeps the meaning, read it).
impl Serialize for FlowDecl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename = "FlowDecl")]
        struct Written<'a> {
            kind: FlowKind,
            items: &'a [Ident],
            from: &'a [Ident],
            about: &'a [Ident],
            via: &'a [Ident],
            by: Option<&'a Ident>,
            to: Option<&'a Ident>,
            purposes: &'a [Ident],
            consent: Option<Span>,
            explicit_consent: Option<Span>,
            parental_consent: Option<Span>,
            exceptions: &'a [Ident],
            on_request: Option<Span>,
            succession: Option<Span>,
            contract: Option<&'a Text>,
            selected_by: Option<&'a Text>,
            safeguards: &'a [Text],
            informed: Option<&'a Text>,
            opt_out: Option<Span>,
            opt_out_matters: &'a OptOutMatters,
            records: Option<&'a RecordsKept>,
            confirms_source: Option<&'a Text>,
            retention: Option<Cow<'a, Retention>>,
            remarks: &'a Remarks,
            span: Span,
            head: Span,
        }
        Written {
            kind: self.kind,
            items: self.items(),
            from: self.from(),
            about: self.about(),
            via: self.via(),
            by: self.by(),
            to: self.to.as_ref(),
            purposes: self.purposes(),
            consent: self.consent,
            explicit_consent: self.explicit_consent(),
            parental_consent: self.parental_consent(),
            exceptions: self.exceptions(),
            on_request: self.on_request(),
            succession: self.succession(),
            contract: self.contract(),
            selected_by: self.selected_by(),
            safeguards: self.safeguards(),
            informed: self.informed(),
            opt_out: self.opt_out(),
            opt_out_matters: self.opt_out_matters(),
            records: self.records(),
            confirms_source: self.confirms_source(),
            retention: self.retention(),
            remarks: self.remarks(),
            span: self.span,
            head: self.head(),
        }
        .serialize(serializer)
    }
}

/// What an opt-out provision must have notified (APPI Art. 27(2)).
#[derive(Clone, Debug, Default, Serialize)]
pub struct OptOutMatters {
    /// `acquired via METHODS`: how the data was acquired.
    pub acquired_via: Vec<Ident>,
    /// `provided by "..."`: how it is provided.
    pub provided_by: Option<Text>,
    /// `stops on request via CONTACTS`: where a request to stop goes.
    pub stops_via: Vec<Ident>,
    /// `notified DATE`: when the Commission was notified.
    pub notified: Option<Date>,
}

/// `records kept 3 years` or `records kept "..."`.
#[derive(Clone, Debug, Serialize)]
pub struct RecordsKept {
    pub period: RecordsPeriod,
    pub span: Span,
}

/// How long a record of provision or receipt is kept.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordsPeriod {
    Duration(Duration),
    Described(Text),
}

impl std::fmt::Display for RecordsPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordsPeriod::Duration(d) => write!(f, "{d}"),
            RecordsPeriod::Described(t) => f.write_str(&t.value),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct JointUseDecl {
    pub name: Ident,
    pub items: Vec<Ident>,
    pub except: Vec<Ident>,
    pub users: Option<Ident>,
    pub purposes: Vec<Ident>,
    pub acquired_via: Vec<Ident>,
    pub responsible: Option<Responsible>,
    pub retention: Option<Retention>,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct Responsible {
    pub name: Text,
    pub address: Option<Text>,
    pub representative: Option<Representative>,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct AnonymousDecl {
    pub name: Ident,
    pub description: Text,
    pub items: Vec<Ident>,
    pub provided_by: Option<Text>,
    pub measures: Vec<Measure>,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct RightsDecl {
    pub handles: Vec<Ident>,
    pub identity: Vec<IdentityDocument>,
    pub fees: Vec<Fee>,
    pub refusal_grounds: Vec<Text>,
    pub contacts: Vec<Ident>,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct IdentityDocument {
    pub document: Text,
    pub note: Option<Text>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Fee {
    pub amount: Money,
    pub with_tax: Option<Money>,
    pub applies_to: Vec<Ident>,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct Money {
    pub amount: u64,
    pub currency: Ident,
}

#[derive(Clone, Debug, Serialize)]
pub struct SecurityDecl {
    pub title: Option<Text>,
    pub measures: Vec<Measure>,
    pub complies_with: Vec<Text>,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    Policy,
    Rules,
    Organizational,
    Personnel,
    Physical,
    Technical,
}

impl MeasureKind {
    pub fn describe(self) -> &'static str {
        match self {
            MeasureKind::Policy => "policy",
            MeasureKind::Rules => "rules",
            MeasureKind::Organizational => "organizational",
            MeasureKind::Personnel => "personnel",
            MeasureKind::Physical => "physical",
            MeasureKind::Technical => "technical",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Measure {
    pub kinds: Vec<MeasureKind>,
    pub text: Text,
}

#[derive(Clone, Debug, Serialize)]
pub struct RetainDecl {
    pub retention: Retention,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Leakage,
    Change,
    Complaint,
}

#[derive(Clone, Debug, Serialize)]
pub struct OnDecl {
    pub event: EventKind,
    pub via: Vec<Ident>,
    pub text: Text,
    /// `report to NAME [within "..."]`: to whom a leakage is reported
    /// (APPI Art. 26(1); GDPR Art. 33).
    pub reports: Vec<Report>,
    /// `notify affected [within "..."]`: the people concerned are told
    /// (APPI Art. 26(2); GDPR Art. 34).
    pub notify_affected: Option<Notify>,
    /// `trigger "..."`: what makes a leakage reportable.
    pub triggers: Vec<Text>,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub to: Ident,
    pub within: Option<Text>,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct Notify {
    pub within: Option<Text>,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct ForbidDecl {
    pub name: Ident,
    pub text: Text,
    pub matchers: Vec<Matcher>,
    pub remarks: Remarks,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchTarget {
    Data,
    Purpose,
    Subject,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    Any,
    All,
    None,
    Other,
}

#[derive(Clone, Debug, Serialize)]
pub struct Matcher {
    pub target: MatchTarget,
    pub kind: MatchKind,
    pub values: Vec<Ident>,
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file holds its declarations in one `Vec<Decl>`, an enum as large as
    /// its largest kind: the large kinds are boxed so that a one-line `data`
    /// does not take the room of a flow (736 bytes before; docs/performance.md
    /// "Memory").
    #[test]
    fn declarations_are_small() {
        assert!(
            std::mem::size_of::<Decl>() <= 40,
            "Decl is {} bytes",
            std::mem::size_of::<Decl>()
        );
        // A purpose is held for the whole check; its rarely given
        // properties are boxed (536 bytes before, then 384 until its
        // retention and remarks were boxed, 272 until names were
        // interned).
        assert!(
            std::mem::size_of::<PurposeDecl>() <= 184,
            "PurposeDecl is {} bytes",
            std::mem::size_of::<PurposeDecl>()
        );
        // A flow likewise (736 bytes before its rare properties were boxed,
        // 168 before names were interned, 152 with three lists of names, 104
        // with its first line as a second span: 96 is an allocator size
        // class, 104 took 112);
        // what it rarely states is a list of the properties stated, each 24
        // bytes (a struct with a slot for every one took 304 bytes).
        assert!(
            std::mem::size_of::<FlowDecl>() <= 96,
            "FlowDecl is {} bytes",
            std::mem::size_of::<FlowDecl>()
        );
        assert_eq!(std::mem::size_of::<Extra>(), 24);
        // A name or a string is an interned id and a span (40 bytes and a
        // heap string each before, issue 17).
        assert_eq!(std::mem::size_of::<Ident>(), 16);
        assert_eq!(std::mem::size_of::<Text>(), 16);
    }
}
