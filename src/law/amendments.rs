//! Amendments: what each added, and from when, so that a policy written
//! against the law before an amendment is told what the amendment added
//! that it does not address.
//!
//! The APPI amendments of 2020 and 2021 (Act No. 44 of 2020, "the 2020
//! amendment"; Act No. 37 of 2021) took effect for private businesses on
//! 2022-04-01 (Personal Information Protection Commission, "令和２年改正個人
//! 情報保護法について", ppc.go.jp, as of 2025-06-01). The matters below are
//! the ones every business's policy must now address. Matters that apply
//! only to some businesses — personal-related information (Art. 31, the
//! `: personal related` flag) and pseudonymously processed information
//! (Arts. 41–42, the `: pseudonymous` flag, `pseudonymous-provision`) — are
//! checked where a policy declares such data, and are not listed: a policy
//! that handles none has nothing to address.

use super::jurisdiction::Day;
use crate::resolve::{Model, Regime};

/// One amendment.
#[derive(Debug)]
pub struct Amendment {
    pub regime: Regime,
    pub in_force: Day,
    /// "the APPI amendments in force from 2022-04-01 (Act No. 44 of 2020)".
    pub name: &'static str,
    pub matters: &'static [Matter],
}

/// One thing an amendment added that a policy must address.
#[derive(Debug)]
pub struct Matter {
    /// A stable name: `leakage-report`.
    pub slug: &'static str,
    /// The article as numbered since the amendment.
    pub article: &'static str,
    /// What the policy must address, for messages.
    pub what: &'static str,
}

pub const APPI_2022: Amendment = Amendment {
    regime: Regime::Appi,
    in_force: (2022, 4, 1),
    name: "the APPI amendments in force from 2022-04-01 (Act No. 44 of 2020)",
    matters: &[
        Matter {
            slug: "leakage-report",
            article: "26",
            what: "reporting a leakage to the Personal Information Protection Commission and notifying the persons concerned",
        },
        Matter {
            slug: "provision-records",
            article: "33(5)",
            what: "disclosing, on request, the records of provision to and receipt from third parties",
        },
    ],
};

/// Every amendment lawful knows, oldest first.
pub const AMENDMENTS: &[&Amendment] = &[&APPI_2022];

/// Whether the policy was written against the law before `amendment` took
/// effect, and is checked against the law after it: then what the amendment
/// added and the policy does not address is reported as such.
pub fn predates(model: &Model, amendment: &Amendment) -> bool {
    model.under(amendment.regime)
        && model.day() >= amendment.in_force
        && model
            .written_on()
            .is_some_and(|written| written < amendment.in_force)
}

/// Whether `amendment` is part of the law the policy is checked against.
pub fn in_force(model: &Model, amendment: &Amendment) -> bool {
    model.under(amendment.regime) && model.day() >= amendment.in_force
}

/// `2022-04-01`.
pub fn day_text(day: Day) -> String {
    format!("{:04}-{:02}-{:02}", day.0, day.1, day.2)
}
