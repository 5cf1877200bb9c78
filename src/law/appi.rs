//! The APPI provisions lawful relies on (Act No. 57 of 2003, as amended by
//! Act No. 37 of 2021; articles as numbered from 2022-04-01). Titles are
//! short paraphrases; the conditions are the ones each item states after
//! its ground ("and when it is difficult to obtain the principal's
//! consent").

use super::Condition::*;
use super::Permit::*;
use super::{Condition, Permit, Provision};
use crate::resolve::Regime;

/// When a provision's substance applies (under its earlier number before
/// 2022-04-01): the Act's full enforcement (2005-04-01), the 2015 amendment
/// (2017-05-30: special-care data, transfers abroad, records of provision and
/// receipt, anonymously processed information), the 2020 and 2021 amendments (2022-04-01: leakage reports,
/// the academic-research items, Art. 28(2), 31, 33(5), 41–42). An exception
/// not yet in force on the day checked (`--as-of`) excuses nothing.
const ENFORCED: (u16, u8, u8) = (2005, 4, 1);
const AMENDED_2017: (u16, u8, u8) = (2017, 5, 30);
const AMENDED_2022: (u16, u8, u8) = (2022, 4, 1);

/// A provision whose substance applies from `day`.
const fn since(day: (u16, u8, u8), provision: Provision) -> Provision {
    Provision {
        in_force_from: day,
        ..provision
    }
}

/// A provision that permits nothing: a duty, a definition, a list heading.
const fn duty(article: &'static str, title: &'static str) -> Provision {
    Provision {
        regime: Regime::Appi,
        article,
        title,
        permits: &[],
        conditions: &[],
        excludes_special_care: false,
        in_force_from: ENFORCED,
    }
}

/// An exception: what it permits and the conditions it attaches.
const fn item(
    article: &'static str,
    title: &'static str,
    permits: &'static [Permit],
    conditions: &'static [Condition],
) -> Provision {
    Provision {
        regime: Regime::Appi,
        article,
        title,
        permits,
        conditions,
        excludes_special_care: false,
        in_force_from: ENFORCED,
    }
}

// The items of Art. 27(1) are the cases Art. 28(1) refers to ("except in
// those cases set forth in the items of paragraph (1) of the preceding
// Article"), so each permits a foreign provision too.
// And a provision under them needs no record (Art. 29(1), proviso), nor a
// receipt a confirmation or record (Art. 30(1), proviso).
const PROVIDE: &[Permit] = &[ThirdPartyProvision, ForeignProvision, RecordExempt];

// A recipient Art. 27(5) names is not a third party, so Art. 27(1) does not
// apply to it: a provision to it needs no consent. Not abroad: Art. 28(1)
// excludes Art. 27(5) for a recipient in a foreign country ("the provisions
// of the preceding Article do not apply").
const NOT_A_THIRD_PARTY: &[Permit] = &[NotThirdParty, ThirdPartyProvision, RecordExempt];

// Arts. 41(6) and 42(1): pseudonymously processed information is provided to
// a third party only "based on laws and regulations" — consent, opt-out and
// the other items of Art. 27(1) do not apply to it (Art. 27(5) does, through
// Arts. 41(6) and 42(2)). Art. 41(6) reads the provisos of Arts. 29(1) and
// 30(1) as "based on laws and regulations or under Art. 27(5)", so such a
// provision needs no record; information that is not personal information
// (Art. 42) is no personal data, which Arts. 29 and 30 are about.
const PSEUDONYMOUS_BY_LAW: &[Permit] = &[PseudonymousProvision, RecordExempt];

#[rustfmt::skip]
pub(super) const PROVISIONS: &[Provision] = &[
    duty("2", "definitions"),
    since(AMENDED_2022, duty("2(7)", "personal-related information: information about a living individual that is none of personal information, pseudonymously or anonymously processed information")),
    since(AMENDED_2017, duty("2(3)", "special-care-required personal information: race, creed, social status, medical history, criminal record, having suffered damage by a crime, and other descriptions the Cabinet Order prescribes")),
    since(AMENDED_2022, duty("2(5)", "pseudonymously processed information: information about an individual, processed from personal information so that the individual cannot be identified unless it is collated with other information")),
    duty("17", "specifying the purpose of use"),
    duty("17(1)", "the purpose of use is to be specified as explicitly as possible"),
    duty("17(2)", "a purpose of use may be changed only within what is reasonably related to the purpose before the change"),
    duty("18", "restriction by the purpose of use"),
    duty("18(1)", "no handling beyond what the purpose of use needs without the person's prior consent"),
    duty("18(2)", "a successor handles data within the predecessor's purposes of use without the person's prior consent"),
    duty("18(3)", "cases in which Art. 18(1) and (2) do not apply"),
    item("18(3)(i)", "cases based on laws and regulations", &[UseBeyondPurpose], &[]),
    item("18(3)(ii)", "to protect a person's life, body or property, when it is difficult to obtain the person's consent", &[UseBeyondPurpose], &[ConsentDifficult]),
    item("18(3)(iii)", "specially needed to improve public health or promote the sound growth of children, when it is difficult to obtain the person's consent", &[UseBeyondPurpose], &[ConsentDifficult]),
    item("18(3)(iv)", "to cooperate with a national or local government body (or a person it entrusts) performing affairs prescribed by laws and regulations, when obtaining consent is likely to impede them", &[UseBeyondPurpose], &[ConsentWouldImpede]),
    since(AMENDED_2022, item("18(3)(v)", "an academic research institution handling data for academic research", &[UseBeyondPurpose], &[NoUnjustInfringement])),
    since(AMENDED_2022, item("18(3)(vi)", "data provided to an academic research institution that needs it for academic research", &[UseBeyondPurpose], &[NoUnjustInfringement])),
    duty("19", "no use that may encourage or induce illegal or unjust acts"),
    duty("20", "proper acquisition"),
    duty("20(1)", "no acquisition by deceit or other improper means"),
    since(AMENDED_2017, duty("20(2)", "no acquisition of special-care-required personal information without the person's prior consent, except in the cases listed")),
    since(AMENDED_2017, item("20(2)(i)", "cases based on laws and regulations", &[AcquireSpecialCare], &[])),
    since(AMENDED_2017, item("20(2)(ii)", "to protect a person's life, body or property, when it is difficult to obtain the person's consent", &[AcquireSpecialCare], &[ConsentDifficult])),
    since(AMENDED_2017, item("20(2)(iii)", "specially needed to improve public health or promote the sound growth of children, when it is difficult to obtain the person's consent", &[AcquireSpecialCare], &[ConsentDifficult])),
    since(AMENDED_2017, item("20(2)(iv)", "to cooperate with a national or local government body (or a person it entrusts) performing affairs prescribed by laws and regulations, when obtaining consent is likely to impede them", &[AcquireSpecialCare], &[ConsentWouldImpede])),
    since(AMENDED_2022, item("20(2)(v)", "an academic research institution acquiring the data for academic research", &[AcquireSpecialCare], &[NoUnjustInfringement])),
    since(AMENDED_2022, item("20(2)(vi)", "acquiring from an academic research institution for research conducted jointly with it", &[AcquireSpecialCare], &[NoUnjustInfringement])),
    since(AMENDED_2017, item("20(2)(vii)", "the data is made public by the person, a national or local government body, a person listed in Art. 57(1), or another person the Commission's rules prescribe", &[AcquireSpecialCare], &[])),
    since(AMENDED_2017, item("20(2)(viii)", "other cases the Cabinet Order prescribes as equivalent (among them, receiving the data through outsourcing, succession or joint use under Art. 27(5))", &[AcquireSpecialCare], &[])),
    duty("21", "notice of the purpose of use on acquisition"),
    duty("21(1)", "the purpose of use is notified to the person or published promptly after acquisition, unless published in advance"),
    duty("21(3)", "a changed purpose of use is notified to the person or published"),
    since(AMENDED_2017, duty("22", "a duty to endeavour to keep personal data accurate and up to date, and to endeavour to delete it without delay once it is no longer needed")),
    duty("23", "security control measures"),
    duty("24", "supervision of employees"),
    duty("25", "supervision of a person entrusted with the handling of personal data (outsourcing)"),
    since(AMENDED_2022, duty("26", "reporting a leakage")),
    since(AMENDED_2022, duty("26(1)", "a leakage likely to harm people's rights is reported to the Commission")),
    since(AMENDED_2022, duty("26(2)", "the persons concerned are notified of such a leakage")),
    duty("27", "restriction of provision to third parties"),
    duty("27(1)", "no provision of personal data to a third party without the person's prior consent, except in the cases listed"),
    item("27(1)(i)", "cases based on laws and regulations", PROVIDE, &[]),
    item("27(1)(ii)", "to protect a person's life, body or property, when it is difficult to obtain the person's consent", PROVIDE, &[ConsentDifficult]),
    item("27(1)(iii)", "specially needed to improve public health or promote the sound growth of children, when it is difficult to obtain the person's consent", PROVIDE, &[ConsentDifficult]),
    item("27(1)(iv)", "to cooperate with a national or local government body (or a person it entrusts) performing affairs prescribed by laws and regulations, when obtaining consent is likely to impede them", PROVIDE, &[ConsentWouldImpede]),
    since(AMENDED_2022, item("27(1)(v)", "an academic research institution providing the data as unavoidable for publishing or teaching research results", PROVIDE, &[NoUnjustInfringement])),
    since(AMENDED_2022, item("27(1)(vi)", "an academic research institution providing the data for research conducted jointly with the third party", PROVIDE, &[NoUnjustInfringement])),
    since(AMENDED_2022, item("27(1)(vii)", "the third party is an academic research institution that needs the data for academic research", PROVIDE, &[NoUnjustInfringement])),
    Provision {
        excludes_special_care: true,
        ..item("27(2)", "provision by opt-out: stopped at the person's request, with the prescribed matters notified to the person and to the Commission in advance; never for special-care data, data acquired improperly, or data itself received by opt-out", &[ThirdPartyProvision], &[OptOutNotified])
    },
    duty("27(3)", "changes to the opt-out matters are notified to the person and to the Commission"),
    duty("27(5)", "recipients that are not third parties"),
    item("27(5)(i)", "a person entrusted with handling personal data within what the purpose of use needs (outsourcing)", NOT_A_THIRD_PARTY, &[]),
    item("27(5)(ii)", "a successor in a merger or other business succession", NOT_A_THIRD_PARTY, &[]),
    item("27(5)(iii)", "joint use, with the fact, the items, the scope of joint users, their purposes, and the name, address and representative of the person responsible notified to the person or made easily accessible in advance", NOT_A_THIRD_PARTY, &[JointUseNotified]),
    duty("27(6)", "changes to a joint use's responsible person or purposes are notified in advance"),
    since(AMENDED_2017, duty("28", "restriction of provision to a third party in a foreign country")),
    since(AMENDED_2017, item("28(1)", "provision abroad without consent to a recipient in a country the Commission designates, or one that has established a system meeting the Commission's standards", &[ForeignProvision], &[EquivalentSystem])),
    since(AMENDED_2022, duty("28(2)", "before consent to provision abroad, the person is given the country, its system for protecting personal information, and the recipient's measures")),
    since(AMENDED_2022, duty("28(3)", "a provider relying on the recipient's system takes measures to ensure it continues, and informs the person on request")),
    // Arts. 29 and 30 came with the 2015 amendment (then Arts. 25 and 26).
    since(AMENDED_2017, duty("29", "keeping a record of provision to third parties")),
    since(AMENDED_2017, duty("29(1)", "a record of the date, the recipient and the other matters the Commission's rules prescribe is made on providing personal data to a third party, unless the provision falls under Art. 27(1) or 27(5) (or is to a public body of Art. 16(2))")),
    since(AMENDED_2017, duty("29(2)", "the record is kept for the period the Commission's rules prescribe")),
    since(AMENDED_2017, duty("30", "confirming the source when receiving personal data from a third party")),
    since(AMENDED_2017, duty("30(1)", "on receiving personal data from a third party, its name, address and representative and how it acquired the data are confirmed, unless the provision falls under Art. 27(1) or 27(5)")),
    since(AMENDED_2017, duty("30(3)", "a record of the date of receipt, the matters confirmed and the other matters the Commission's rules prescribe is made")),
    since(AMENDED_2017, duty("30(4)", "the record is kept for the period the Commission's rules prescribe")),
    since(AMENDED_2022, duty("31", "personal-related information provided to a third party that will use it as personal data needs the person's consent, confirmed by the provider")),
    since(AMENDED_2022, duty("31(1)", "before providing personal-related information a recipient is expected to acquire as personal data, the provider confirms the recipient obtained the person's consent")),
    duty("32", "public matters about retained personal data"),
    duty("32(1)", "matters put where the person can know them"),
    duty("32(1)(i)", "the business's name, address and, for a corporation, its representative"),
    duty("32(1)(ii)", "the purposes of use of all retained personal data"),
    duty("32(1)(iii)", "the procedure for requests for notice of purposes, disclosure, correction and cessation, with the fee"),
    duty("32(1)(iv)", "the security control measures, and the other matters the Cabinet Order prescribes (where to send complaints; the authorised personal information protection organisation)"),
    duty("33", "disclosure of retained personal data"),
    duty("33(1)", "a person may request disclosure of retained personal data identifying them"),
    since(AMENDED_2022, duty("33(5)", "records of provision to or receipt from third parties are disclosed on request")),
    duty("34", "correction, addition or deletion of retained personal data"),
    duty("35", "cessation of use and erasure, and cessation of provision to third parties"),
    duty("38", "fees for notice of purposes and disclosure"),
    duty("40", "handling of complaints"),
    since(AMENDED_2022, duty("41", "pseudonymously processed information")),
    since(AMENDED_2022, duty("41(1)", "pseudonymously processed information is created to the Commission's standards")),
    since(AMENDED_2022, duty("41(2)", "security measures for the deleted descriptions and the processing method")),
    since(AMENDED_2022, duty("41(3)", "pseudonymously processed information is handled only within the purposes of use specified under Art. 17(1), except based on laws and regulations (Art. 18 does not apply)")),
    since(AMENDED_2022, duty("41(4)", "its purposes of use are published (Art. 21 applies with publication in place of notice)")),
    since(AMENDED_2022, duty("41(5)", "a duty to endeavour to erase it, and the deleted descriptions, once no longer needed")),
    since(AMENDED_2022, item("41(6)", "pseudonymously processed information that is personal data is provided to a third party only based on laws and regulations (not under Art. 27(1), 27(2) or 28(1)); entrustment, succession and joint use under Art. 27(5) remain", PSEUDONYMOUS_BY_LAW, &[])),
    since(AMENDED_2022, duty("41(7)", "no collation with other information to identify the person")),
    since(AMENDED_2022, duty("41(8)", "no use of contact details in it to call, write to, e-mail or visit the person")),
    since(AMENDED_2022, duty("41(9)", "Arts. 17(2), 26 and 32 to 39 do not apply to it")),
    since(AMENDED_2022, duty("42", "provision of pseudonymously processed information")),
    since(AMENDED_2022, item("42(1)", "pseudonymously processed information that is not personal information is provided to a third party only based on laws and regulations", PSEUDONYMOUS_BY_LAW, &[])),
    since(AMENDED_2022, duty("42(2)", "Art. 27(5) and (6) apply to its recipients: entrustment, succession and joint use")),
    since(AMENDED_2022, duty("42(3)", "Arts. 23 to 25, 40 and 41(7) and (8) apply to its handling")),
    since(AMENDED_2017, duty("43", "anonymously processed information")),
    since(AMENDED_2017, duty("43(1)", "anonymously processed information is created to the Commission's standards")),
    since(AMENDED_2017, duty("43(2)", "security measures for the deleted descriptions and the processing method")),
    since(AMENDED_2017, duty("43(3)", "the items of information about individuals it contains are published")),
    since(AMENDED_2017, duty("43(4)", "on provision to a third party, the items and the method of provision are published, and the recipient is told it is anonymously processed information")),
    since(AMENDED_2017, duty("43(6)", "security measures and complaint handling for anonymously processed information")),
    duty("57", "exemptions"),
    duty("57(1)", "the duties of Chapter IV do not apply to the press, writers, academic research, religious and political bodies handling data for those purposes"),
];
