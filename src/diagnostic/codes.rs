//! The registry of diagnostic codes. A code is never reused or renumbered:
//! retire it instead. Numbers are grouped by family (the hundreds digit).

use serde::{Serialize, Serializer};

use super::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// L0xx: the file could not be read as a policy, or names do not resolve.
    Names,
    /// L1xx: lawful basis and purpose limitation.
    Purpose,
    /// L2xx: retention limits.
    Retention,
    /// L3xx: special-care-required (sensitive) data.
    SpecialCare,
    /// L4xx: provision to others.
    Provision,
    /// L5xx: what the published notice must contain.
    Notice,
    /// L6xx: restrictions the organisation sets itself (`forbid`).
    Organisation,
}

/// Static facts about one code.
#[derive(Debug)]
pub struct CodeInfo {
    pub code: &'static str,
    pub slug: &'static str,
    pub family: Family,
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $slug:literal, $family:ident, $severity:ident, $summary:literal;)*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn info(self) -> &'static CodeInfo {
                match self {
                    $(Code::$variant => &CodeInfo {
                        code: $code,
                        slug: $slug,
                        family: Family::$family,
                        severity: Severity::$severity,
                        summary: $summary,
                    }),*
                }
            }
        }
    };
}

codes! {
    SyntaxError = "L001", "syntax-error", Names, Error,
        "the file is not a well-formed policy";
    UndefinedReference = "L002", "undefined-reference", Names, Error,
        "a name is used that no declaration defines, or defines as something else";
    DuplicateDefinition = "L003", "duplicate-definition", Names, Error,
        "a name or a single-valued property is declared twice";
    UnusedDefinition = "L004", "unused-definition", Names, Warning,
        "a declaration is never referred to";
    InvalidImport = "L005", "invalid-import", Names, Error,
        "an import names a file that cannot be read or lies outside the policy root";
    ImportCycle = "L006", "import-cycle", Names, Error,
        "files import each other in a cycle";
    InvalidValue = "L007", "invalid-value", Names, Error,
        "a value is not one the language accepts (date, regime, right, number)";
    InvalidSuppression = "L008", "invalid-suppression", Names, Warning,
        "an inline suppression cannot be read, names no code, or gives no reason";
    UnusedSuppression = "L009", "unused-suppression", Names, Warning,
        "an inline suppression suppresses nothing";
    BidiControl = "L010", "bidi-control", Names, Warning,
        "a Unicode bidirectional control character can make a line display differently than it reads";
    UnknownCitation = "L011", "unknown-citation", Names, Error,
        "a citation names a provision that is not in lawful's statute catalogue";
    WithinCycle = "L012", "within-cycle", Names, Error,
        "purposes are `within` each other in a cycle";
    MissingLawfulBasis = "L101", "missing-lawful-basis", Purpose, Error,
        "a flow or purpose has no lawful basis under a regime that requires one";
    PurposeNotDeclared = "L102", "purpose-not-declared", Purpose, Error,
        "data is used or provided for a purpose it was not collected for";
    VaguePurpose = "L103", "vague-purpose", Purpose, Warning,
        "a purpose is a catch-all rather than as specific as possible";
    MissingRetention = "L201", "missing-retention", Retention, Error,
        "a party holds data with no retention limit reachable";
    IndefiniteRetention = "L202", "indefinite-retention", Retention, Error,
        "data is kept indefinitely";
    SpecialCareWithoutConsent = "L301", "special-care-without-consent", SpecialCare, Error,
        "special-care data is acquired, used or provided without consent or a named exception";
    ThirdPartyWithoutConsent = "L401", "third-party-without-consent", Provision, Error,
        "data is provided to a third party without consent or an exception";
    NonStatutoryException = "L402", "non-statutory-exception", Provision, Warning,
        "a flow relies on an exception that no law lists";
    JointUseIncompleteNotice = "L403", "joint-use-incomplete-notice", Provision, Error,
        "a joint use lacks an item the law requires to be notified";
    ProcessorWithoutSafeguards = "L404", "processor-without-safeguards", Provision, Error,
        "outsourcing without selection criteria or a contract";
    OnwardTransfer = "L405", "onward-transfer", Provision, Error,
        "a recipient passes data on beyond what it was given it for";
    CrossBorderWithoutBasis = "L406", "cross-border-without-basis", Provision, Error,
        "data goes abroad without consent, an exception or a safeguard";
    ExceptionDoesNotApply = "L407", "exception-does-not-apply", Provision, Error,
        "a flow relies on an exception whose cited provisions do not cover what the flow needs";
    ExceptionConditionMissing = "L408", "exception-condition-missing", Provision, Warning,
        "an exception cites a provision with a statutory condition it does not state";
    RoleMismatch = "L409", "role-mismatch", Provision, Error,
        "a flow's kind does not fit its recipient's role (outsourcing to a non-processor, providing to a processor)";
    OptOutBarred = "L410", "opt-out-barred", Provision, Error,
        "data the law keeps out of an opt-out provision is provided by opt-out";
    OptOutIncomplete = "L411", "opt-out-incomplete", Provision, Error,
        "an opt-out provision does not state the matters APPI Art. 27(2) requires";
    ProvisionRecordMissing = "L412", "provision-record-missing", Provision, Warning,
        "a provision to or receipt from a third party does not say that its record is kept or its source confirmed";
    PseudonymousProvision = "L413", "pseudonymous-provision", Provision, Error,
        "pseudonymously processed information is provided to a third party other than as a law provides";
    MissingNoticeItem = "L501", "missing-notice-item", Notice, Warning,
        "a matter the law requires a policy to publish is missing";
    AmendmentNotAddressed = "L502", "amendment-not-addressed", Notice, Warning,
        "the policy predates an amendment and does not address what it added";
    BreachResponseIncomplete = "L503", "breach-response-incomplete", Notice, Warning,
        "the policy's response to a leakage leaves out a report or a notice the law requires";
    ForbiddenProcessing = "L601", "forbidden-processing", Organisation, Error,
        "a flow matches an organisation rule (`forbid`) that forbids it";
}

impl Code {
    /// Looks a code up by its number (`L101`) or slug (`missing-lawful-basis`).
    pub fn find(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| {
            let info = c.info();
            info.code.eq_ignore_ascii_case(name) || info.slug == name
        })
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.info().code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_slugs_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut slugs = HashSet::new();
        for code in Code::ALL {
            let info = code.info();
            assert!(codes.insert(info.code), "code {} reused", info.code);
            assert!(slugs.insert(info.slug), "slug {} reused", info.slug);
            assert!(
                info.slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-')
            );
            assert_eq!(Code::find(info.slug), Some(*code));
        }
    }
}
