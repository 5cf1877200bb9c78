//! The statute catalogue: every provision lawful's rules rely on, as data.
//!
//! A provision is a regime and an article path (`APPI 27(1)(ii)`), with a
//! short title, what it permits a flow to do without the person's consent
//! ([`Permit`]), the statutory conditions it attaches to that permission
//! ([`Condition`]), whether it reaches special-care-required data, and the
//! date from which it is in force as numbered here.
//!
//! Rules never compare article strings: they ask the catalogue whether the
//! provisions an exception cites cover what a flow needs ([`Need`]). A
//! citation that is not in the catalogue is `unknown-citation`; one that is,
//! but permits nothing (a duty, a definition, a list heading), is
//! `non-statutory-exception` when an exception relies on it.
//!
//! Sources, as read for this catalogue:
//! - APPI: Act on the Protection of Personal Information (Act No. 57 of
//!   2003) as amended by Act No. 37 of 2021, which renumbered the articles
//!   from 2022-04-01 (before then, third-party provision was Art. 23 and
//!   special-care acquisition Art. 17(2)); English wording from the
//!   Japanese Law Translation database's translation of that text. The
//!   numbering here is the one in force from 2022-04-01.
//! - GDPR: Regulation (EU) 2016/679, OJ L 119, 4.5.2016, applicable from
//!   2018-05-25.
//!
//! Titles are lawful's own short paraphrases, not the statutes' words.

pub mod amendments;
mod appi;
mod countries;
mod gdpr;
pub mod jurisdiction;

use crate::resolve::Regime;
use crate::span::Span;

/// What a provision allows without the person's consent. Each rule that
/// an exception can excuse asks for one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permit {
    /// Handling data beyond the purposes it was obtained for (APPI 18(3);
    /// GDPR 6(4)).
    UseBeyondPurpose,
    /// Acquiring special-care-required personal information (APPI 20(2)).
    AcquireSpecialCare,
    /// Providing personal data to a third party (APPI 27(1), 27(2)); under
    /// the GDPR, a processor disclosing data beyond the controller's
    /// instructions because a law requires it (28(3)(a)).
    ThirdPartyProvision,
    /// The recipient is not a third party: outsourcing, succession, joint
    /// use (APPI 27(5)).
    NotThirdParty,
    /// Providing personal data to a third party in a foreign country
    /// (APPI 28(1), which refers to the 27(1) items).
    ForeignProvision,
    /// A lawful basis for processing (GDPR 6(1)).
    LawfulBasis,
    /// Processing special categories of personal data (GDPR 9(2)).
    SpecialCategory,
    /// A transfer to a third country (GDPR 45, 46, 47, 49(1)).
    Transfer,
    /// Keeping data because the law requires it (GDPR 17(3)(b)).
    RetentionDuty,
    /// Providing or receiving personal data with no record of provision or
    /// receipt and no confirmation of its source (APPI 29(1) and 30(1),
    /// provisos: the cases of Art. 27(1) and 27(5)).
    RecordExempt,
    /// Providing pseudonymously processed information to a third party,
    /// which only laws and regulations allow (APPI 41(6), 42(1)).
    PseudonymousProvision,
}

impl Permit {
    pub const ALL: &'static [Permit] = &[
        Permit::UseBeyondPurpose,
        Permit::AcquireSpecialCare,
        Permit::ThirdPartyProvision,
        Permit::NotThirdParty,
        Permit::ForeignProvision,
        Permit::LawfulBasis,
        Permit::SpecialCategory,
        Permit::Transfer,
        Permit::RetentionDuty,
        Permit::RecordExempt,
        Permit::PseudonymousProvision,
    ];

    /// What the permission allows, for messages: "providing data to a third
    /// party without consent".
    pub fn describe(self) -> &'static str {
        match self {
            Permit::UseBeyondPurpose => "handling data beyond its purposes of use",
            Permit::AcquireSpecialCare => "acquiring special-care data without consent",
            Permit::ThirdPartyProvision => "providing data to a third party without consent",
            Permit::NotThirdParty => {
                "treating a recipient as no third party (outsourcing, succession, joint use)"
            }
            Permit::ForeignProvision => "providing data to a third party abroad without consent",
            Permit::LawfulBasis => "processing on a lawful basis",
            Permit::SpecialCategory => "processing special categories of data",
            Permit::Transfer => "transferring data to a third country",
            Permit::RetentionDuty => "keeping data the law requires to be kept",
            Permit::RecordExempt => {
                "providing or receiving data with no record of provision or receipt"
            }
            Permit::PseudonymousProvision => {
                "providing pseudonymously processed information to a third party"
            }
        }
    }

    /// A stable name, for the JSON of `lawful explain` and for tests.
    pub fn slug(self) -> &'static str {
        match self {
            Permit::UseBeyondPurpose => "use-beyond-purpose",
            Permit::AcquireSpecialCare => "acquire-special-care",
            Permit::ThirdPartyProvision => "third-party-provision",
            Permit::NotThirdParty => "not-a-third-party",
            Permit::ForeignProvision => "foreign-provision",
            Permit::LawfulBasis => "lawful-basis",
            Permit::SpecialCategory => "special-category",
            Permit::Transfer => "transfer",
            Permit::RetentionDuty => "retention-duty",
            Permit::RecordExempt => "record-exempt",
            Permit::PseudonymousProvision => "provide-pseudonymous",
        }
    }
}

/// A condition the statute attaches to a permission, beyond the ground
/// itself: APPI 27(1)(ii) excuses a provision to protect life, body or
/// property *and* only "when it is difficult to obtain the consent of the
/// person". An exception citing such a provision must state it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Condition {
    ConsentDifficult,
    ConsentWouldImpede,
    NoUnjustInfringement,
    OptOutNotified,
    JointUseNotified,
    EquivalentSystem,
    CompatiblePurpose,
    SubjectIncapable,
    InformedOfRisks,
}

impl Condition {
    pub const ALL: &'static [Condition] = &[
        Condition::ConsentDifficult,
        Condition::ConsentWouldImpede,
        Condition::NoUnjustInfringement,
        Condition::OptOutNotified,
        Condition::JointUseNotified,
        Condition::EquivalentSystem,
        Condition::CompatiblePurpose,
        Condition::SubjectIncapable,
        Condition::InformedOfRisks,
    ];

    /// The name an exception states it by: `condition consent_difficult`.
    pub fn name(self) -> &'static str {
        match self {
            Condition::ConsentDifficult => "consent_difficult",
            Condition::ConsentWouldImpede => "consent_would_impede",
            Condition::NoUnjustInfringement => "no_unjust_infringement",
            Condition::OptOutNotified => "opt_out_notified",
            Condition::JointUseNotified => "joint_use_notified",
            Condition::EquivalentSystem => "equivalent_system",
            Condition::CompatiblePurpose => "compatible_purpose",
            Condition::SubjectIncapable => "subject_incapable",
            Condition::InformedOfRisks => "informed_of_risks",
        }
    }

    pub fn from_name(name: &str) -> Option<Condition> {
        Condition::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The condition in the statute's sense, for messages.
    pub fn statement(self) -> &'static str {
        match self {
            Condition::ConsentDifficult => "it is difficult to obtain the person's consent",
            Condition::ConsentWouldImpede => {
                "obtaining the person's consent is likely to impede the performance of the affairs"
            }
            Condition::NoUnjustInfringement => {
                "there is no risk of unjustly infringing the person's rights and interests"
            }
            Condition::OptOutNotified => {
                "the matters of APPI Art. 27(2) were notified to the person (or made easily accessible) and to the Personal Information Protection Commission in advance, and provision stops at the person's request"
            }
            Condition::JointUseNotified => {
                "the joint use, its items, the scope of joint users, their purposes and the person responsible were notified to the person or made easily accessible in advance"
            }
            Condition::EquivalentSystem => {
                "the recipient is in a country the Commission designates as having an equivalent system, or has established a system meeting the Commission's standards"
            }
            Condition::CompatiblePurpose => {
                "the new purpose is compatible with the purpose of collection (GDPR Art. 6(4)(a)–(e))"
            }
            Condition::SubjectIncapable => {
                "the data subject is physically or legally incapable of giving consent"
            }
            Condition::InformedOfRisks => {
                "the data subject was informed of the possible risks of the transfer before consenting"
            }
        }
    }

    /// Word groups that state the condition in an exception's own text: the
    /// text states it when every word of some group occurs in it (case is
    /// ignored). Deliberately narrow: a text that only gestures at the
    /// condition should name it with `condition`.
    pub fn markers(self) -> &'static [&'static [&'static str]] {
        match self {
            Condition::ConsentDifficult => &[&["difficult", "consent"]],
            Condition::ConsentWouldImpede => &[
                &["consent", "impede"],
                &["consent", "interfere"],
                &["consent", "hinder"],
            ],
            Condition::NoUnjustInfringement => &[&["unjust"], &["unduly infring"]],
            Condition::OptOutNotified => &[
                &["personal information protection commission"],
                &["notified", "ppc"],
            ],
            Condition::JointUseNotified => &[
                &["joint use", "notified"],
                &["joint use", "easily accessible"],
            ],
            Condition::EquivalentSystem => &[&["equivalent"], &["commission's standards"]],
            Condition::CompatiblePurpose => &[&["compatib"]],
            Condition::SubjectIncapable => &[&["incapable"]],
            Condition::InformedOfRisks => &[&["risk"]],
        }
    }

    /// Whether `text` states the condition (see [`Condition::markers`]).
    pub fn stated_in(self, text: &str) -> bool {
        let text = text.to_lowercase();
        self.markers()
            .iter()
            .any(|group| group.iter().all(|word| text.contains(word)))
    }
}

/// One provision of the catalogue.
#[derive(Debug)]
pub struct Provision {
    pub regime: Regime,
    /// `27(1)(ii)`: article, paragraphs and items, lower case, no spaces.
    pub article: &'static str,
    pub title: &'static str,
    /// What it allows without consent; empty for duties, definitions and
    /// the headings of lists (cite the item instead).
    pub permits: &'static [Permit],
    pub conditions: &'static [Condition],
    /// Whether the permission stops short of special-care-required data
    /// (APPI 27(2): no opt-out provision of special-care data).
    pub excludes_special_care: bool,
    /// When its substance applies (year, month, day), whatever its number
    /// then: citations use today's numbering.
    pub in_force_from: (u16, u8, u8),
}

impl Provision {
    /// `APPI Art. 27(1)(ii)`.
    pub fn cite(&self) -> String {
        format!("{} Art. {}", self.regime.name(), self.article)
    }

    /// Whether the provision excuses `need`.
    pub fn covers(&self, need: Need) -> bool {
        self.regime == need.regime
            && self.permits.contains(&need.permit)
            && !(need.special_care && self.excludes_special_care)
    }

    /// Whether some provision below this one permits something: a list
    /// heading (`27(1)`) whose items are the exceptions.
    pub fn heads_a_list(&self) -> bool {
        catalogue().any(|p| {
            p.regime == self.regime
                && !p.permits.is_empty()
                && p.article
                    .strip_prefix(self.article)
                    .is_some_and(|rest| rest.starts_with('('))
        })
    }
}

/// What a flow needs that consent would otherwise give: a permission, under
/// a regime, for data that is or is not special care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Need {
    pub regime: Regime,
    pub permit: Permit,
    pub special_care: bool,
}

impl Need {
    pub fn new(regime: Regime, permit: Permit, special_care: bool) -> Need {
        Need {
            regime,
            permit,
            special_care,
        }
    }

    /// "providing special-care data to a third party": what the flow does.
    pub fn action(self) -> &'static str {
        match (self.permit, self.special_care) {
            (Permit::UseBeyondPurpose, _) => {
                "handling data beyond the purposes it was obtained for"
            }
            (Permit::AcquireSpecialCare, _) => "acquiring special-care data",
            (Permit::ThirdPartyProvision, true) => "providing special-care data to a third party",
            (Permit::ThirdPartyProvision, false) => "providing data to a third party",
            (Permit::NotThirdParty, _) => "handing data to a recipient that is not a third party",
            (Permit::ForeignProvision, _) => "providing data to a third party in a foreign country",
            (Permit::LawfulBasis, _) => "processing personal data",
            (Permit::SpecialCategory, _) => "processing special categories of personal data",
            (Permit::Transfer, _) => "transferring personal data to a third country",
            (Permit::RetentionDuty, _) => "keeping personal data",
            (Permit::RecordExempt, _) => "providing or receiving data with no record",
            (Permit::PseudonymousProvision, _) => {
                "providing pseudonymously processed information to a third party"
            }
        }
    }

    /// What would make the flow lawful, for messages: "consent or an APPI
    /// Art. 27(1) exception that covers special care".
    pub fn remedy(self) -> &'static str {
        match (self.regime, self.permit, self.special_care) {
            (Regime::Appi, Permit::UseBeyondPurpose, _) => {
                "the person's prior consent or an APPI Art. 18(3) exception"
            }
            (Regime::Appi, Permit::AcquireSpecialCare, _) => {
                "the person's prior consent or an APPI Art. 20(2) exception"
            }
            (Regime::Appi, Permit::ThirdPartyProvision, true) => {
                "the person's prior consent or an APPI Art. 27(1) exception (opt-out under Art. 27(2) is barred for special-care data)"
            }
            (Regime::Appi, Permit::ThirdPartyProvision, false) => {
                "the person's prior consent, an APPI Art. 27(1) exception or an opt-out provision under Art. 27(2)"
            }
            (Regime::Appi, Permit::ForeignProvision, _) => {
                "the person's prior consent to provision abroad, a recipient system under APPI Art. 28(1), or an Art. 27(1) exception"
            }
            (Regime::Gdpr, Permit::UseBeyondPurpose, _) => {
                "consent, a compatible purpose (GDPR Art. 6(4)) or a law"
            }
            (Regime::Appi, Permit::PseudonymousProvision, _) => {
                "a law or regulation that provides for it (APPI Art. 41(6), 42(1)): the person's consent does not allow it"
            }
            (Regime::Gdpr, Permit::LawfulBasis, _) => "a GDPR Art. 6(1) basis",
            (Regime::Gdpr, Permit::ThirdPartyProvision, _) => {
                "the controller's documented instructions, or a law that requires the processor to disclose (GDPR Art. 28(3)(a))"
            }
            (Regime::Gdpr, Permit::SpecialCategory, _) => {
                "explicit consent or a GDPR Art. 9(2) condition"
            }
            (Regime::Gdpr, Permit::Transfer, _) => {
                "an adequacy decision (GDPR Art. 45), appropriate safeguards (Art. 46, 47) or an Art. 49(1) derogation"
            }
            _ => "a provision that permits it",
        }
    }
}

/// Today's date (UTC), from the system clock.
pub fn today() -> jurisdiction::Day {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((seconds / 86_400) as i64)
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> jurisdiction::Day {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year.clamp(0, 9999) as u16, month as u8, day as u8)
}

/// Every provision, APPI first, each regime in article order.
pub fn catalogue() -> impl Iterator<Item = &'static Provision> {
    appi::PROVISIONS.iter().chain(gdpr::PROVISIONS.iter())
}

/// An article as written, normalised for lookup: no white space, lower case
/// (`27(1)(II)` is `27(1)(ii)`).
pub fn normalise(article: &str) -> String {
    article
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The provision a citation names, if the catalogue has it.
pub fn find(regime: Regime, article: &str) -> Option<&'static Provision> {
    let article = normalise(article);
    catalogue().find(|p| p.regime == regime && p.article == article)
}

/// The provision a citation names, if its regime is one lawful knows.
pub fn find_citation(citation: &crate::ast::Citation) -> Option<&'static Provision> {
    find(Regime::from_name(&citation.regime.name)?, &citation.article)
}

/// The catalogued article of `regime` nearest to `article`, for a
/// did-you-mean. Bounded: an article longer than any in the catalogue by
/// more than a few characters gets no suggestion, so hostile input costs
/// no more than a comparison with each entry's length.
pub fn closest(regime: Regime, article: &str) -> Option<&'static Provision> {
    let article = normalise(article);
    if article.len() > 24 {
        return None;
    }
    let mut best: Option<((usize, usize), &'static Provision)> = None;
    for provision in catalogue().filter(|p| p.regime == regime) {
        let distance = edit_distance(&article, provision.article);
        let limit = (article.len().max(provision.article.len()) / 3).max(1);
        let key = (distance, article.len().abs_diff(provision.article.len()));
        if distance <= limit && best.is_none_or(|(k, _)| key < k) {
            best = Some((key, provision));
        }
    }
    best.map(|(_, p)| p)
}

/// Levenshtein distance over bytes (articles and condition names are
/// ASCII; callers bound the lengths).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.as_bytes().iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// What `lawful explain "APPI 27(1)(ii)"` prints: the provision, what it
/// permits and on what condition, and the items under it.
pub fn describe(provision: &Provision) -> String {
    let mut text = format!(
        "# {}\n\n{}.\n\n",
        provision.cite(),
        capitalised(provision.title)
    );
    if provision.permits.is_empty() {
        text.push_str(
            "Permits nothing without consent: a duty, a definition or the heading of a list.\n",
        );
    } else {
        let permits: Vec<&str> = provision.permits.iter().map(|p| p.describe()).collect();
        text.push_str(&format!("Permits: {}.\n", permits.join("; ")));
        if provision.excludes_special_care {
            text.push_str("Not for special-care-required personal information.\n");
        }
        if provision.conditions.is_empty() {
            text.push_str("Conditions: none beyond its ground.\n");
        } else {
            text.push_str("Conditions (an exception citing it must state them):\n");
            for c in provision.conditions {
                text.push_str(&format!("- `{}`: {}\n", c.name(), c.statement()));
            }
        }
    }
    let (y, m, d) = provision.in_force_from;
    let numbering = match provision.regime {
        Regime::Appi => " (cited as numbered since 2022-04-01)",
        Regime::Gdpr => "",
    };
    text.push_str(&format!("Applies from {y:04}-{m:02}-{d:02}{numbering}.\n"));
    let items: Vec<&Provision> = catalogue()
        .filter(|p| {
            p.regime == provision.regime
                && p.article
                    .strip_prefix(provision.article)
                    .is_some_and(|rest| rest.starts_with('(') && rest.matches('(').count() == 1)
        })
        .collect();
    if !items.is_empty() {
        text.push_str("\nItems:\n");
        for item in items {
            text.push_str(&format!("- {}: {}\n", item.article, item.title));
        }
    }
    text
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A citation written in a policy, resolved against the catalogue.
#[derive(Clone, Copy, Debug)]
pub struct Cited {
    pub provision: &'static Provision,
    pub span: Span,
}

/// The catalogued provisions an exception cites (unknown citations, and
/// citations of regimes lawful does not know, are left out: other
/// diagnostics report them).
pub fn cited(exception: &crate::ast::ExceptionDecl) -> impl Iterator<Item = Cited> + '_ {
    exception.citations.iter().filter_map(|c| {
        find_citation(c).map(|provision| Cited {
            provision,
            span: c.span,
        })
    })
}

/// Whether an exception covers a need: some provision it cites does, and
/// the policy is under that provision's regime.
pub fn exception_covers(
    model: &crate::resolve::Model,
    exception: &crate::ast::ExceptionDecl,
    need: Need,
) -> bool {
    let day = model.day();
    model.under(need.regime)
        && cited(exception).any(|c| c.provision.covers(need) && day >= c.provision.in_force_from)
}

/// The conditions an exception's cited provisions attach that neither its
/// `condition` clause nor its text states, each with every cited provision
/// that attaches it (conditions and provisions in citation order).
pub fn unstated_conditions(exception: &crate::ast::ExceptionDecl) -> Vec<(Condition, Vec<Cited>)> {
    let mut out: Vec<(Condition, Vec<Cited>)> = Vec::new();
    for cited in cited(exception) {
        for &condition in cited.provision.conditions {
            let stated = exception
                .conditions
                .iter()
                .any(|c| c.name == condition.name())
                || condition.stated_in(&exception.text.value);
            if stated {
                continue;
            }
            match out.iter_mut().find(|(c, _)| *c == condition) {
                Some((_, by)) => by.push(cited),
                None => out.push((condition, vec![cited])),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_unique_normalised_and_ordered_by_regime() {
        let mut seen = std::collections::HashSet::new();
        for p in catalogue() {
            assert!(seen.insert((p.regime, p.article)), "{} twice", p.cite());
            assert_eq!(normalise(p.article), p.article, "{}", p.cite());
            assert!(!p.title.is_empty(), "{} has no title", p.cite());
            // A provision's parent is catalogued too, so that a citation of
            // a paragraph finds its heading.
            if let Some(cut) = p.article.rfind('(') {
                let parent = &p.article[..cut];
                assert!(
                    find(p.regime, parent).is_some(),
                    "{} has no parent {parent}",
                    p.cite()
                );
            }
            assert!(
                p.conditions.is_empty() || !p.permits.is_empty(),
                "{}: a condition on nothing",
                p.cite()
            );
        }
    }

    #[test]
    fn lists_of_exceptions_permit_nothing_themselves() {
        for article in ["18(3)", "20(2)", "27(1)", "27(5)"] {
            let p = find(Regime::Appi, article).unwrap();
            assert!(p.permits.is_empty() && p.heads_a_list(), "APPI {article}");
        }
        for article in ["6(1)", "9(2)", "49(1)"] {
            let p = find(Regime::Gdpr, article).unwrap();
            assert!(p.permits.is_empty() && p.heads_a_list(), "GDPR {article}");
        }
    }

    #[test]
    fn the_statute_decides_what_an_item_covers() {
        let appi = |a| find(Regime::Appi, a).unwrap();
        let gdpr = |a| find(Regime::Gdpr, a).unwrap();
        let provide_special = Need::new(Regime::Appi, Permit::ThirdPartyProvision, true);
        let provide = Need::new(Regime::Appi, Permit::ThirdPartyProvision, false);
        let acquire = Need::new(Regime::Appi, Permit::AcquireSpecialCare, true);
        assert!(appi("27(1)(ii)").covers(provide_special));
        assert!(!appi("20(2)(ii)").covers(provide_special));
        assert!(appi("20(2)(ii)").covers(acquire));
        assert!(!appi("27(1)(ii)").covers(acquire));
        // Opt-out: ordinary data only.
        assert!(appi("27(2)").covers(provide));
        assert!(!appi("27(2)").covers(provide_special));
        // A GDPR basis is no APPI exception, nor an Art. 9(2) condition.
        assert!(!gdpr("6(1)(f)").covers(provide_special));
        assert!(!gdpr("6(1)(f)").covers(Need::new(Regime::Gdpr, Permit::SpecialCategory, true)));
        assert!(gdpr("9(2)(h)").covers(Need::new(Regime::Gdpr, Permit::SpecialCategory, true)));
        // The items of 27(1) are what Art. 28(1) refers to.
        assert!(appi("27(1)(i)").covers(Need::new(Regime::Appi, Permit::ForeignProvision, false)));
        assert_eq!(appi("27(1)(ii)").conditions, &[Condition::ConsentDifficult]);
        assert_eq!(
            appi("20(2)(iv)").conditions,
            &[Condition::ConsentWouldImpede]
        );
        assert!(appi("27(1)(i)").conditions.is_empty());
    }

    #[test]
    fn conditions_are_read_from_the_text_only_when_stated() {
        let c = Condition::ConsentDifficult;
        assert!(c.stated_in("protect life, and consent is difficult to obtain"));
        assert!(!c.stated_in("When it is necessary to protect human life, body or property"));
        assert!(Condition::ConsentWouldImpede.stated_in(
            "where obtaining consent is likely to impede the performance of those affairs"
        ));
        for condition in Condition::ALL {
            assert_eq!(Condition::from_name(condition.name()), Some(*condition));
        }
    }

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_083), (2022, 4, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert!(today() >= (2026, 1, 1));
    }

    #[test]
    fn suggestions_are_near_and_bounded() {
        assert_eq!(
            closest(Regime::Appi, "27(1)(iii)").unwrap().article,
            "27(1)(iii)"
        );
        assert_eq!(
            closest(Regime::Appi, "27(l)(ii)").unwrap().article,
            "27(1)(ii)"
        );
        // Ties go to the provision of the same length: a typo, not a cut.
        assert_eq!(
            closest(Regime::Appi, "27(1)(ij)").unwrap().article,
            "27(1)(ii)"
        );
        assert!(closest(Regime::Appi, &"9".repeat(10_000)).is_none());
        assert!(closest(Regime::Gdpr, "999").is_none());
    }
}
