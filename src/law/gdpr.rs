//! The GDPR provisions lawful relies on (Regulation (EU) 2016/679, OJ L 119,
//! 4.5.2016, applicable from 2018-05-25). Titles are short paraphrases.
//!
//! Conditions: lawful asks an exception to state only the conditions an
//! item adds to its own ground in so many words (9(2)(c) and 49(1)(f): the
//! data subject is incapable of giving consent; 49(1)(a): informed of the
//! risks; 6(4): compatibility). Items whose ground itself is a condition
//! ("necessary for reasons of substantial public interest, on the basis of
//! Union or Member State law") are not parsed further: that judgement is
//! the author's and the lawyer's, not a text check's.

use super::Condition::*;
use super::Permit::*;
use super::{Condition, Permit, Provision};
use crate::resolve::Regime;

/// The GDPR applies from 2018-05-25 (Art. 99(2)).
const APPLIES: (u16, u8, u8) = (2018, 5, 25);

const fn duty(article: &'static str, title: &'static str) -> Provision {
    Provision {
        regime: Regime::Gdpr,
        article,
        title,
        permits: &[],
        conditions: &[],
        excludes_special_care: false,
        in_force_from: APPLIES,
    }
}

const fn item(
    article: &'static str,
    title: &'static str,
    permits: &'static [Permit],
    conditions: &'static [Condition],
) -> Provision {
    Provision {
        regime: Regime::Gdpr,
        article,
        title,
        permits,
        conditions,
        excludes_special_care: false,
        in_force_from: APPLIES,
    }
}

#[rustfmt::skip]
pub(super) const PROVISIONS: &[Provision] = &[
    duty("4", "definitions"),
    duty("4(11)", "consent: freely given, specific, informed and unambiguous"),
    duty("5", "principles relating to processing of personal data"),
    duty("5(1)", "the principles"),
    duty("5(1)(a)", "lawfulness, fairness and transparency"),
    duty("5(1)(b)", "purpose limitation: no further processing incompatible with the purposes of collection"),
    duty("5(1)(c)", "data minimisation"),
    duty("5(1)(d)", "accuracy"),
    duty("5(1)(e)", "storage limitation: kept no longer than the purposes need"),
    duty("5(1)(f)", "integrity and confidentiality"),
    duty("5(2)", "accountability: the controller can demonstrate compliance"),
    duty("6", "lawfulness of processing"),
    duty("6(1)", "processing is lawful only on one of the grounds listed"),
    item("6(1)(a)", "the data subject has consented to processing for specific purposes", &[LawfulBasis], &[]),
    item("6(1)(b)", "necessary for a contract with the data subject, or steps at their request before one", &[LawfulBasis], &[]),
    item("6(1)(c)", "necessary for compliance with a legal obligation of the controller", &[LawfulBasis, RetentionDuty], &[]),
    item("6(1)(d)", "necessary to protect the vital interests of the data subject or another person", &[LawfulBasis], &[]),
    item("6(1)(e)", "necessary for a task in the public interest or in the exercise of official authority", &[LawfulBasis], &[]),
    item("6(1)(f)", "necessary for legitimate interests not overridden by the data subject's interests or rights", &[LawfulBasis], &[]),
    item("6(4)", "processing for another purpose than that of collection, compatible with it", &[UseBeyondPurpose], &[CompatiblePurpose]),
    duty("7", "conditions for consent"),
    duty("7(1)", "where processing rests on consent, the controller can demonstrate that the data subject consented"),
    duty("7(3)", "consent can be withdrawn at any time, as easily as it was given"),
    duty("8", "a child's consent in relation to information society services"),
    duty("9", "processing of special categories of personal data"),
    duty("9(1)", "processing special categories of personal data is prohibited"),
    duty("9(2)", "cases in which Art. 9(1) does not apply"),
    item("9(2)(a)", "explicit consent for one or more specified purposes", &[SpecialCategory], &[]),
    item("9(2)(b)", "obligations and rights in employment, social security and social protection law", &[SpecialCategory], &[]),
    item("9(2)(c)", "vital interests, where the data subject is incapable of giving consent", &[SpecialCategory], &[SubjectIncapable]),
    item("9(2)(d)", "a not-for-profit body's legitimate activities, about its members", &[SpecialCategory], &[]),
    item("9(2)(e)", "data manifestly made public by the data subject", &[SpecialCategory], &[]),
    item("9(2)(f)", "legal claims, or courts acting in their judicial capacity", &[SpecialCategory], &[]),
    item("9(2)(g)", "substantial public interest, on the basis of Union or Member State law", &[SpecialCategory], &[]),
    item("9(2)(h)", "preventive or occupational medicine, medical diagnosis, health or social care", &[SpecialCategory], &[]),
    item("9(2)(i)", "public interest in the area of public health", &[SpecialCategory], &[]),
    item("9(2)(j)", "archiving in the public interest, scientific or historical research, or statistics (Art. 89(1))", &[SpecialCategory], &[]),
    duty("12", "transparent information and communication"),
    duty("13", "information to be provided where data is collected from the data subject"),
    duty("13(1)", "information given at the time of collection"),
    duty("13(1)(a)", "the identity and contact details of the controller and its representative"),
    duty("13(1)(b)", "the contact details of the data protection officer"),
    duty("13(1)(c)", "the purposes and the legal basis of the processing"),
    duty("13(1)(d)", "the legitimate interests pursued"),
    duty("13(1)(e)", "the recipients or categories of recipients"),
    duty("13(1)(f)", "transfers to a third country and their safeguards"),
    duty("13(2)", "further information for fair and transparent processing"),
    duty("13(2)(a)", "the storage period, or the criteria used to determine it"),
    duty("13(2)(b)", "the rights of access, rectification, erasure, restriction, objection and portability"),
    duty("13(2)(c)", "the right to withdraw consent"),
    duty("13(2)(d)", "the right to lodge a complaint with a supervisory authority"),
    duty("13(2)(e)", "whether providing the data is a statutory or contractual requirement, and the consequences of not providing it"),
    duty("13(2)(f)", "automated decision-making, including profiling"),
    duty("13(3)", "information before further processing for another purpose"),
    duty("14", "information to be provided where data has not been obtained from the data subject"),
    duty("14(2)", "further information where data is not obtained from the data subject"),
    duty("14(2)(a)", "the storage period, or the criteria used to determine it"),
    duty("14(2)(f)", "the source of the data"),
    duty("15", "right of access"),
    duty("16", "right to rectification"),
    duty("17", "right to erasure"),
    duty("17(3)", "cases in which the right to erasure does not apply"),
    item("17(3)(b)", "compliance with a legal obligation that requires processing", &[RetentionDuty], &[]),
    duty("18", "right to restriction of processing"),
    duty("20", "right to data portability"),
    duty("21", "right to object"),
    duty("22", "automated individual decision-making, including profiling"),
    duty("26", "joint controllers"),
    duty("27", "representatives of controllers not established in the Union"),
    duty("28", "processor"),
    duty("28(1)", "only processors providing sufficient guarantees"),
    duty("28(2)", "no other processor engaged without the controller's authorisation"),
    duty("28(3)", "processing by a processor is governed by a contract or legal act"),
    item("28(3)(a)", "the processor acts only on the controller's documented instructions, unless Union or Member State law requires it to process otherwise", &[ThirdPartyProvision], &[]),
    duty("28(3)(g)", "at the end of the services the processor deletes or returns the data"),
    duty("28(4)", "a sub-processor is bound by the same data protection obligations"),
    duty("30", "records of processing activities"),
    duty("30(1)", "the controller's record"),
    duty("32", "security of processing"),
    duty("33", "notification of a personal data breach to the supervisory authority"),
    duty("33(1)", "a breach is notified to the supervisory authority without undue delay and, where feasible, within 72 hours"),
    duty("34", "communication of a personal data breach to the data subject"),
    duty("34(1)", "a breach likely to result in a high risk is communicated to the data subjects without undue delay"),
    duty("37", "designation of the data protection officer"),
    duty("44", "general principle for transfers"),
    duty("45", "transfers on the basis of an adequacy decision"),
    item("45(1)", "a transfer to a country, territory, sector or international organisation the Commission has decided ensures an adequate level of protection", &[Transfer], &[]),
    duty("46", "transfers subject to appropriate safeguards"),
    item("46(1)", "a transfer with appropriate safeguards, enforceable rights and effective remedies", &[Transfer], &[]),
    duty("46(2)", "appropriate safeguards without the supervisory authority's authorisation"),
    item("46(2)(a)", "a legally binding instrument between public authorities", &[Transfer], &[]),
    item("46(2)(b)", "binding corporate rules (Art. 47)", &[Transfer], &[]),
    item("46(2)(c)", "standard data protection clauses adopted by the Commission", &[Transfer], &[]),
    item("46(2)(d)", "standard data protection clauses adopted by a supervisory authority", &[Transfer], &[]),
    item("46(2)(e)", "an approved code of conduct with binding commitments of the recipient", &[Transfer], &[]),
    item("46(2)(f)", "an approved certification mechanism with binding commitments of the recipient", &[Transfer], &[]),
    item("47", "binding corporate rules", &[Transfer], &[]),
    duty("48", "a foreign judgment or decision requiring a transfer is recognised only on an international agreement"),
    duty("49", "derogations for specific situations"),
    duty("49(1)", "transfers without adequacy or safeguards, only in the cases listed"),
    item("49(1)(a)", "explicit consent to the proposed transfer, after being informed of its possible risks", &[Transfer], &[InformedOfRisks]),
    item("49(1)(b)", "necessary for a contract with the data subject, or steps at their request before one", &[Transfer], &[]),
    item("49(1)(c)", "necessary for a contract concluded in the interest of the data subject", &[Transfer], &[]),
    item("49(1)(d)", "necessary for important reasons of public interest", &[Transfer], &[]),
    item("49(1)(e)", "necessary for legal claims", &[Transfer], &[]),
    item("49(1)(f)", "vital interests, where the data subject is incapable of giving consent", &[Transfer], &[SubjectIncapable]),
    item("49(1)(g)", "a transfer from a public register", &[Transfer], &[]),
    duty("89", "safeguards for archiving, research and statistics"),
    duty("89(1)", "appropriate safeguards, such as pseudonymisation, for archiving, research and statistics"),
];
