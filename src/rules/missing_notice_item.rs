//! `missing-notice-item`: the matters a privacy policy must publish, per
//! regime. Each missing matter is its own finding, so that fixing one makes
//! exactly one finding go away.
//!
//! Only matters the model can show to be missing are checked. Choices:
//! - APPI fees: a fee need only be published if one is charged, and a policy
//!   that lists none may simply charge none, so a missing fee is not reported.
//! - APPI Art. 43(4) (method of providing anonymously processed information):
//!   the language records provision only by `provided by` itself, so a
//!   missing method cannot be told apart from no provision at all.
//! - GDPR recipients (Art. 13(1)(e)) are named by the flows that reach them,
//!   and transfers (Art. 13(1)(f)) by the flows to parties in other
//!   countries; whether those have a basis is `cross-border-without-basis`.
//! - GDPR rights: objection is required only where a purpose rests on public
//!   or legitimate interests, portability only where processing rests on
//!   consent or contract, as Art. 20(1) and 21(1) limit those rights.
//! - The GDPR Art. 13/14 matters that apply only to some policies (the data
//!   protection officer, the representative in the Union, legitimate
//!   interests, withdrawal of consent, whether data must be provided,
//!   automated decisions, the source, a child's consent) are in
//!   `missing_notice_item_gdpr.rs`.

// The GDPR matters that apply only to some policies (Art. 13/14).
#[path = "missing_notice_item_gdpr.rs"]
mod gdpr;

use super::{Context, Rule};
use crate::ast::{BasisKind, EventKind, Role};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::law::amendments::{self, APPI_2022};
use crate::resolve::{Model, Regime};
use crate::span::Span;

pub const RULE: Rule = Rule {
    code: Code::MissingNoticeItem,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That the policy publishes every matter the law requires of it. Each missing
matter is its own finding, pointed at the `policy` header or at the
declaration that is incomplete.

Under the APPI:

- the controller, with its `address` and its `representative` (Art.
  32(1)(i));
- at least one `purpose` (Art. 32(1)(ii));
- a `rights` block saying which requests are handled (`handles`) and where to
  send them (`contact`) (Art. 32(1)(iii));
- a complaint contact: an `on complaint` or a `contact` (Art. 32(1)(iv) and
  Cabinet Order Art. 10(ii));
- security control measures: a `security` block with at least one `measure`
  (Cabinet Order Art. 10(i));
- for an authorized personal information protection organization the
  controller is a `member of`, a way to reach it (`url`, `phone` or
  `address`) (Cabinet Order Art. 10(iii));
- for each `anonymous information`, the `items` it contains (Art. 43(3)).

A fee is not required: a policy that charges nothing need not say so.

Under the GDPR:

- the controller, with contact details: an `address`, `phone` or `url` on it,
  or a `contact` with an `email`, `phone`, `address` or `url` (Art. 13(1)(a));
- at least one `purpose` (Art. 13(1)(c); the basis of each is checked by
  `missing-lawful-basis`);
- a retention period somewhere (`retain ...`) (Art. 13(2)(a));
- a `rights` block handling access (`disclosure`), rectification
  (`correction`), erasure (`erasure` or `deletion`) and `restriction`; also
  `objection` when a purpose rests on public or legitimate interests, and
  `portability` when processing rests on consent or contract (Art. 13(2)(b));
- the right to complain to a supervisory authority: a party `as authority`,
  or an `on complaint` whose text or contact mentions a supervisory (or data
  protection) authority (Art. 13(2)(d));
- the data protection officer: `dpo <contact>`, or `dpo none "..."` saying
  why none is designated (Art. 13(1)(b), "where applicable"). Art. 37(1)
  decides whether one must be designated, which lawful cannot tell, so the
  finding is a warning that asks the policy to say either way;
- where the controller's `country` is outside the EEA, a representative in
  the Union, `eu representative <party>`, itself in the EEA (Art. 27,
  13(1)(a)); the note says where applicable: Art. 27(2) exempts public
  authorities and occasional processing unlikely to result in a risk, and a
  controller established in the Union needs none;
- for each purpose whose `basis` includes `legitimate interests`, the
  interests pursued: `interests "..."` (Art. 13(1)(d));
- where a purpose's `basis` or a flow rests on consent, the right to
  withdraw it: `withdrawal` in `handles` (Art. 13(2)(c));
- for the purposes data is collected for from the people themselves (a
  `collect ... from <subject>`), whether they must provide it and what
  follows if they do not: `requirement "..."` (Art. 13(2)(e)); one finding
  lists every such purpose without one;
- for each `automated decision`, the logic involved (`logic "..."`) and its
  significance and consequences (`consequences "..."`) (Art. 13(2)(f),
  14(2)(g)); a policy that declares no automated decision is not asked;
- for each `source` a `collect` names, a description that is not empty: it
  is the source the notice gives (Art. 14(2)(f));
- for each `collect` from or about a subject declared `child under N` that
  rests on consent, `with parental consent` (Art. 8(1)); where applicable:
  Art. 8(1) concerns information society services offered directly to
  children, which lawful cannot tell.

Recipients and transfers abroad are stated by the flows themselves; whether a
transfer has a basis is checked by `cross-border-without-basis`.

## Why it matters

- APPI Art. 32(1): a business must keep the person able to know its name,
  address and representative, the purposes of use of all retained personal
  data, how to make requests for disclosure, correction, cessation and the
  like (and the fee, if it charges one), and the matters set by Cabinet
  Order. Cabinet Order Art. 10 adds the security control measures taken, where
  to complain, and the authorized protection organization the business
  belongs to with its complaint contact.
- APPI Art. 43(3): a business that creates anonymously processed information
  must publish the items of information about individuals it contains.
- GDPR Art. 13(1) and (2): when collecting data, the controller must give its
  identity and contact details (and its representative's), the data
  protection officer's contact details, the purposes and their legal basis,
  the legitimate interests pursued, how long data is kept, the data
  subject's rights, the right to withdraw consent, the right to lodge a
  complaint with a supervisory authority, whether providing the data is a
  statutory or contractual requirement and what follows if it is not
  provided, and the existence of automated decision-making with the logic
  involved and its consequences. GDPR Art. 14 asks the same where data is
  not obtained from the person, and the source it comes from.
- GDPR Art. 8(1): a child's consent to an information society service
  below the age of 16 (or the lower age a Member State sets) is given or
  authorised by the holder of parental responsibility.

## Example

```policy
policy "Northwind Library" under APPI

controller northwind "Northwind Library Co., Ltd." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}

contact desk "Privacy Desk" {
  email "privacy@northwind.example"
  handles "requests and complaints about personal information"
}

data email "E-mail address"
subject members "Library members"

purpose newsletter "To send the monthly newsletter about new books" {
  basis consent
  retain until purpose achieved
}

collect email from members for newsletter with consent

rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}

on complaint via desk "We answer complaints within 14 days"
```

## Fix

Publish the security control measures:

```policy
policy "Northwind Library" under APPI

controller northwind "Northwind Library Co., Ltd." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}

contact desk "Privacy Desk" {
  email "privacy@northwind.example"
  handles "requests and complaints about personal information"
}

data email "E-mail address"
subject members "Library members"

purpose newsletter "To send the monthly newsletter about new books" {
  basis consent
  retain until purpose achieved
}

collect email from members for newsletter with consent

rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}

security {
  measure organizational "A privacy officer supervises every use of member data"
  measure technical "Access to member records is limited to library staff"
}

on complaint via desk "We answer complaints within 14 days"
```
"#;

const APPI_IDENTITY: &str = "APPI Art. 32(1)(i): the name and address of the business and, for a corporation, \
     the name of its representative must be made known";
const APPI_PURPOSES: &str =
    "APPI Art. 32(1)(ii): the purposes of use of all retained personal data must be made known";
const APPI_REQUESTS: &str = "APPI Art. 32(1)(iii): the procedure for requests for disclosure, correction, \
     cessation and the like must be made known";
const APPI_COMPLAINTS: &str = "APPI Art. 32(1)(iv) and Cabinet Order Art. 10(ii): where to complain about \
     the handling of retained personal data must be made known";
const APPI_SECURITY: &str = "APPI Art. 32(1)(iv) and Cabinet Order Art. 10(i): the security control measures taken must be made known";
const APPI_ORGANIZATION: &str = "APPI Art. 32(1)(iv) and Cabinet Order Art. 10(iii): the authorized personal \
     information protection organization and its contact for resolving complaints must be made known";
const APPI_ANONYMOUS: &str = "APPI Art. 43(3): a business that creates anonymously processed information must \
     publish the items of information about individuals it contains";
const APPI_ANONYMOUS_PROVIDED: &str = "APPI Art. 43(4): before providing it to a third party, the items it \
     contains must be published with the method of provision";
const GDPR_IDENTITY: &str =
    "GDPR Art. 13(1)(a): the identity and contact details of the controller must be given";
const GDPR_PURPOSES: &str =
    "GDPR Art. 13(1)(c): the purposes of the processing and their legal basis must be given";
const GDPR_RETENTION: &str = "GDPR Art. 13(2)(a): the period for which personal data will be stored, or the \
     criteria used to decide it, must be given";
const GDPR_RIGHTS: &str = "GDPR Art. 13(2)(b): the data subject must be told of the rights of access, \
     rectification, erasure, restriction, objection and data portability";
const GDPR_COMPLAINT: &str = "GDPR Art. 13(2)(d): the data subject must be told of the right to lodge a complaint with a supervisory authority";

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    let appi = model.under(Regime::Appi);
    let gdpr = model.under(Regime::Gdpr);
    // Regimes are declared only by the `policy` header, so with any regime
    // there is a header to point at.
    let Some(anchor) = anchor(model) else { return };
    if !appi && !gdpr {
        return;
    }
    let mut push = |diagnostic: Diagnostic, notes: Vec<String>| {
        if notes.is_empty() {
            return;
        }
        let mut diagnostic = diagnostic;
        for note in notes {
            diagnostic = diagnostic.with_note(note);
        }
        out.push(diagnostic);
    };

    // The controller's identity.
    match &model.controller {
        None => push(
            Diagnostic::new(Code::MissingNoticeItem, "the policy does not name its controller", anchor, "no `controller`")
                .with_help("add `controller <name> \"<legal name>\" { address \"...\" representative \"...\" }`"),
            notes(&[(appi, APPI_IDENTITY), (gdpr, GDPR_IDENTITY)]),
        ),
        Some(controller) => {
            let name = &controller.name;
            if controller.details.address.is_none() {
                push(
                    Diagnostic::new(
                        Code::MissingNoticeItem,
                        format!("controller `{}` has no address", name.name),
                        name.span,
                        "no `address`",
                    )
                    .with_help("add `address \"...\"` to the controller"),
                    notes(&[(appi, APPI_IDENTITY)]),
                );
            }
            if controller.details.representative.is_none() {
                push(
                    Diagnostic::new(
                        Code::MissingNoticeItem,
                        format!("controller `{}` names no representative", name.name),
                        name.span,
                        "no `representative`",
                    )
                    .with_help("add `representative \"...\"` to the controller"),
                    notes(&[(appi, APPI_IDENTITY)]),
                );
            }
            let details = &controller.details;
            let reachable = details.address.is_some()
                || details.phone.is_some()
                || details.url.is_some()
                || model.contacts.iter().any(|c| {
                    c.email.is_some() || c.phone.is_some() || c.address.is_some() || c.url.is_some()
                });
            if !reachable {
                push(
                    Diagnostic::new(
                        Code::MissingNoticeItem,
                        format!("the policy gives no contact details for controller `{}`", name.name),
                        name.span,
                        "no way to reach this controller",
                    )
                    .with_help(
                        "add `address \"...\"` to the controller, or declare a `contact` with an `email`, `phone` or `address`",
                    ),
                    notes(&[(gdpr, GDPR_IDENTITY)]),
                );
            }
        }
    }

    // Purposes.
    if model.purposes.is_empty() {
        push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                "the policy states no purpose of use",
                anchor,
                "no `purpose`",
            )
            .with_help(
                "declare each purpose of use: `purpose <name> \"...\" { basis ... retain ... }`",
            ),
            notes(&[(appi, APPI_PURPOSES), (gdpr, GDPR_PURPOSES)]),
        );
    }

    // Retention (GDPR only: the APPI does not require a period to be published).
    let states_retention = !model.retention_defaults.is_empty()
        || model.purposes.iter().any(|p| p.retention.is_some())
        || model.flows.iter().any(|f| f.retention().is_some())
        || model.joint_uses.iter().any(|j| j.retention.is_some());
    // Where the controller or a processor holds data, `missing-retention`
    // reports the missing limit at its root, the purpose: one finding.
    let reported_elsewhere = cx.graph.holdings.holders().iter().any(|&h| {
        cx.graph.is_controller(h) || cx.graph.role(h) == Some(crate::ast::Role::Processor)
    });
    if !states_retention && !reported_elsewhere {
        push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                "the policy does not say how long personal data is kept",
                anchor,
                "no `retain`",
            )
            .with_help("add `retain ...` to each purpose, or a policy-wide default such as `retain until purpose achieved`"),
            notes(&[(gdpr, GDPR_RETENTION)]),
        );
    }

    // Requests from data subjects.
    check_rights(model, anchor, appi, gdpr, &mut push);

    // Complaints (APPI: a contact; GDPR: the supervisory authority).
    let complaints: Vec<_> = model
        .events
        .iter()
        .filter(|e| e.event == EventKind::Complaint)
        .collect();
    if complaints.is_empty() && model.contacts.is_empty() {
        push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                "the policy does not say where to complain",
                anchor,
                "no `on complaint` and no `contact`",
            )
            .with_help(
                "add `on complaint via <contact> \"...\"` naming a `contact` that takes complaints",
            ),
            notes(&[(appi, APPI_COMPLAINTS)]),
        );
    }
    let mentions_authority = |text: &str| {
        let text = text.to_lowercase();
        text.contains("supervisory authority") || text.contains("data protection authority")
    };
    let authority_named = model.parties.iter().any(|p| p.role == Role::Authority)
        || complaints.iter().any(|event| {
            mentions_authority(&event.text.value)
                || event
                    .via
                    .iter()
                    .filter_map(|v| model.contact(&v.name))
                    .any(|c| {
                        mentions_authority(&c.title.value)
                            || c.handles
                                .iter()
                                .chain(&c.remarks.notes)
                                .any(|t| mentions_authority(&t.value))
                    })
        });
    if !authority_named {
        push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                "the policy does not mention the right to complain to a supervisory authority",
                anchor,
                "no supervisory authority",
            )
            .with_help("add `on complaint \"...\"` telling people they may complain to a supervisory authority"),
            notes(&[(gdpr, GDPR_COMPLAINT)]),
        );
    }

    // Security control measures.
    match model.security.first() {
        None => push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                "the policy does not describe its security control measures",
                anchor,
                "no `security` block",
            )
            .with_help("add `security { measure organizational, personnel, physical, technical \"...\" }`"),
            notes(&[(appi, APPI_SECURITY)]),
        ),
        Some(first) if model.security.iter().all(|s| s.measures.is_empty()) => push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                "the `security` block lists no security control measure",
                keyword(first.span, "security"),
                "no `measure`",
            )
            .with_help("add `measure organizational|personnel|physical|technical \"...\"` for each measure taken"),
            notes(&[(appi, APPI_SECURITY)]),
        ),
        Some(_) => {}
    }

    // The authorized protection organization the controller belongs to.
    if let Some(controller) = &model.controller {
        for member in &controller.member_of {
            let Some(party) = model.party(&member.name) else {
                continue;
            };
            let details = &party.details;
            if party.role != Role::ProtectionOrganization
                || details.url.is_some()
                || details.phone.is_some()
                || details.address.is_some()
            {
                continue;
            }
            push(
                Diagnostic::new(
                    Code::MissingNoticeItem,
                    format!(
                        "the policy does not say how to reach protection organization `{}`",
                        party.name.name
                    ),
                    member.span,
                    "member of this organization",
                )
                .with_label(party.name.span, "no `url`, `phone` or `address`")
                .with_help(format!(
                    "add the contact for complaints, e.g. `url \"...\"`, to party `{}`",
                    party.name.name
                )),
                notes(&[(appi, APPI_ORGANIZATION)]),
            );
        }
    }

    if gdpr {
        gdpr::check(model, &mut push);
    }

    // Anonymously processed information.
    for anonymous in &model.anonymous {
        if !anonymous.items.is_empty() {
            continue;
        }
        push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                format!(
                    "anonymous information `{}` does not list the items it contains",
                    anonymous.name.name
                ),
                anonymous.name.span,
                "no `items`",
            )
            .with_help("add `items ...` naming the data about individuals it contains"),
            notes(&[
                (appi, APPI_ANONYMOUS),
                (
                    appi && anonymous.provided_by.is_some(),
                    APPI_ANONYMOUS_PROVIDED,
                ),
            ]),
        );
    }
}

/// The `rights` matters: APPI request procedure, GDPR list of rights.
fn check_rights(
    model: &Model,
    anchor: Span,
    appi: bool,
    gdpr: bool,
    push: &mut impl FnMut(Diagnostic, Vec<String>),
) {
    let Some(first) = model.rights.first() else {
        push(
            Diagnostic::new(
                Code::MissingNoticeItem,
                "the policy does not say how to make requests about personal data",
                anchor,
                "no `rights` block",
            )
            .with_help("add a `rights` block saying which requests are handled (`handles ...`) and where to send them (`contact ...`)"),
            notes(&[
                (appi, APPI_REQUESTS),
                (gdpr, GDPR_RIGHTS),
                (gdpr, gdpr::withdrawal_note(model).unwrap_or_default()),
            ]),
        );
        return;
    };
    let at = keyword(first.span, "rights");
    let handled: Vec<&str> = model
        .rights
        .iter()
        .flat_map(|r| r.handles.iter().map(|h| h.name.as_str()))
        .collect();
    if handled.is_empty() {
        push(
            Diagnostic::new(Code::MissingNoticeItem, "the `rights` block does not say which requests it handles", at, "no `handles`")
                .with_help("add `handles disclosure, correction, deletion, cessation` (the requests you accept)"),
            notes(&[(appi, APPI_REQUESTS)]),
        );
    }
    if model.rights.iter().all(|r| r.contacts.is_empty()) {
        push(
            Diagnostic::new(Code::MissingNoticeItem, "the `rights` block does not say where to send requests", at, "no `contact`")
                .with_help("add `contact <name>` to the `rights` block, naming the `contact` that receives requests"),
            notes(&[(appi, APPI_REQUESTS)]),
        );
    }

    if appi && !handled.is_empty() {
        // Art. 33(5) came with the 2022 amendments: a policy written before
        // them is told by `amendment-not-addressed`.
        let records =
            amendments::in_force(model, &APPI_2022) && !amendments::predates(model, &APPI_2022);
        // (the request, the words that handle it, whether it applies)
        let expected: [(&str, &[&str], bool); 5] = [
            (
                "notification of the purpose of use (Art. 32(2))",
                &["purpose_notification"],
                true,
            ),
            ("disclosure (Art. 33(1))", &["disclosure"], true),
            (
                "correction, addition or deletion (Art. 34)",
                &["correction", "addition", "deletion"],
                true,
            ),
            (
                "cessation of use or erasure (Art. 35)",
                &["cessation", "erasure"],
                true,
            ),
            (
                "disclosure of the records of provision to third parties (Art. 33(5))",
                &["third_party_records"],
                records,
            ),
        ];
        let missing: Vec<(&str, &str)> = expected
            .iter()
            .filter(|(_, words, applies)| *applies && !words.iter().any(|w| handled.contains(w)))
            .map(|(request, words, _)| (*request, words[0]))
            .collect();
        if !missing.is_empty() {
            let requests: Vec<&str> = missing.iter().map(|(r, _)| *r).collect();
            let words: Vec<&str> = missing.iter().map(|(_, w)| *w).collect();
            push(
                Diagnostic::new(
                    Code::MissingNoticeItem,
                    format!(
                        "the `rights` block does not handle requests for {}",
                        join(&requests)
                    ),
                    at,
                    "incomplete list of requests",
                )
                .with_help(format!("add `{}` to `handles`", words.join(", "))),
                notes(&[(appi, APPI_REQUESTS)]),
            );
        }
    }

    if !gdpr {
        return;
    }
    gdpr::withdrawal(model, &handled, at, push);
    let bases = || {
        model
            .purposes
            .iter()
            .flat_map(|p| p.bases.iter().map(|b| b.kind))
    };
    let objection_applies = bases().any(|b| {
        matches!(
            b,
            BasisKind::LegitimateInterests | BasisKind::PublicInterest | BasisKind::PublicHealth
        )
    });
    let portability_applies = bases()
        .any(|b| matches!(b, BasisKind::Consent | BasisKind::Contract))
        || model.flows.iter().any(|f| f.consent.is_some());
    // (right, the words that grant it, whether it applies)
    let expected: [(&str, &[&str], bool); 6] = [
        ("access", &["disclosure"], true),
        ("rectification", &["correction"], true),
        ("erasure", &["erasure", "deletion"], true),
        ("restriction of processing", &["restriction"], true),
        ("objection", &["objection"], objection_applies),
        ("data portability", &["portability"], portability_applies),
    ];
    let missing: Vec<(&str, &str)> = expected
        .iter()
        .filter(|(_, words, applies)| *applies && !words.iter().any(|w| handled.contains(w)))
        .map(|(right, words, _)| (*right, words.first().copied().unwrap_or("")))
        .collect();
    if missing.is_empty() {
        return;
    }
    let rights: Vec<&str> = missing.iter().map(|(right, _)| *right).collect();
    let words: Vec<&str> = missing.iter().map(|(_, word)| *word).collect();
    push(
        Diagnostic::new(
            Code::MissingNoticeItem,
            format!(
                "the `rights` block does not mention the right to {}",
                join(&rights)
            ),
            at,
            "incomplete list of rights",
        )
        .with_help(format!("add `{}` to `handles`", words.join(", "))),
        notes(&[(gdpr, GDPR_RIGHTS)]),
    );
}

/// The notes of the regimes a matter applies under.
fn notes(pairs: &[(bool, &str)]) -> Vec<String> {
    pairs
        .iter()
        .filter(|(applies, note)| *applies && !note.is_empty())
        .map(|(_, note)| note.to_string())
        .collect()
}

/// Where whole-policy findings point: the `policy` header up to its title
/// and regimes, so that the label does not cover the header's block.
fn anchor(model: &Model) -> Option<Span> {
    if let Some(policy) = &model.policy {
        let end = policy
            .regimes
            .iter()
            .map(|r| r.span.end)
            .chain([policy.title.span.end])
            .max();
        let mut head = policy.span;
        if let Some(end) = end.filter(|e| *e > head.start && *e <= head.end) {
            head.end = end;
        }
        return Some(head);
    }
    model.controller.as_ref().map(|c| c.name.span)
}

/// The leading keyword of a declaration whose span starts with it.
fn keyword(span: Span, keyword: &str) -> Span {
    let end = (span.start as usize + keyword.len()).min(span.end as usize);
    Span::new(span.file, span.start as usize, end)
}

/// "a", "a and b", "a, b and c".
fn join(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
