//! The classes of change `lawful diff` reports, their legal effect and the
//! articles that give it, and what `lawful explain diff-…` prints for each.
//!
//! Articles are cited as numbered from 2022-04-01 for the APPI (as the
//! statute catalogue in [`crate::law`] is) and as in Regulation (EU)
//! 2016/679 for the GDPR. A class whose duty exists under one regime only
//! has no effect under the other: a lengthened retention period must be
//! told under the GDPR (Art. 13(2)(a)) and need not be under the APPI.

use serde::Serialize;

use crate::law::{Need, Permit};
use crate::resolve::Regime;

/// What a change obliges the company to do, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Ask the people concerned again.
    Consent,
    /// Tell them, or publish it, before the change takes effect.
    Notice,
    /// Update what is published or notified, without delay.
    NoticeOnly,
    /// Nothing.
    None,
}

impl Effect {
    pub const ALL: &'static [Effect] = &[
        Effect::Consent,
        Effect::Notice,
        Effect::NoticeOnly,
        Effect::None,
    ];

    /// `consent`, `notice`, `notice-only`, `none`: the JSON value.
    pub fn slug(self) -> &'static str {
        match self {
            Effect::Consent => "consent",
            Effect::Notice => "notice",
            Effect::NoticeOnly => "notice-only",
            Effect::None => "none",
        }
    }

    /// The heading a group of changes is shown under.
    pub fn title(self) -> &'static str {
        match self {
            Effect::Consent => "needs consent",
            Effect::Notice => "needs prior notice or publication",
            Effect::NoticeOnly => "notice only",
            Effect::None => "no legal effect",
        }
    }

    /// What `lawful explain` knows it by: `diff-needs-consent`.
    pub fn explain_slug(self) -> &'static str {
        match self {
            Effect::Consent => "diff-needs-consent",
            Effect::Notice => "diff-needs-notice",
            Effect::NoticeOnly => "diff-notice-only",
            Effect::None => "diff-no-effect",
        }
    }
}

/// What kind of change it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    NewPurpose,
    NewThirdParty,
    NewSpecialCare,
    NewForeignRecipient,
    JointUseWidened,
    PurposeChanged,
    JointUseChanged,
    RetentionLengthened,
    NewRecipient,
    OptOutChanged,
    ControllerChanged,
    ContactChanged,
    PublishedDetailsChanged,
    Renamed,
    Narrowed,
    Covered,
    NoDuty,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::NewPurpose,
        Kind::NewThirdParty,
        Kind::NewSpecialCare,
        Kind::NewForeignRecipient,
        Kind::JointUseWidened,
        Kind::PurposeChanged,
        Kind::JointUseChanged,
        Kind::RetentionLengthened,
        Kind::NewRecipient,
        Kind::OptOutChanged,
        Kind::ControllerChanged,
        Kind::ContactChanged,
        Kind::PublishedDetailsChanged,
        Kind::Renamed,
        Kind::Narrowed,
        Kind::Covered,
        Kind::NoDuty,
    ];

    /// The JSON value and the fixture folder: `new-third-party`.
    pub fn slug(self) -> &'static str {
        self.entry().slug
    }

    /// What `lawful explain` knows it by: `diff-new-third-party`.
    pub fn explain_slug(self) -> String {
        format!("diff-{}", self.slug())
    }

    /// The effect it has under a regime that attaches a duty to it.
    pub fn usual_effect(self) -> Effect {
        self.entry().effect
    }

    /// One line: what the class is.
    pub fn summary(self) -> &'static str {
        self.entry().summary
    }

    fn entry(self) -> &'static Entry {
        &ENTRIES[self as usize]
    }

    /// What the law leaves open for this class, said on every change of it.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Kind::NewPurpose => Some(
                "if the new purpose is reasonably related to the old one (APPI Art. 17(2)) or compatible with it (GDPR Art. 6(4)), prior notice or publication is enough (APPI Art. 21(3); GDPR Art. 13(3)); lawful cannot judge that: if it is part of a purpose the data is held for, declare it `within` that purpose",
            ),
            Kind::PurposeChanged => Some(
                "if the new purpose is not reasonably related to the old one, consent (APPI Art. 18(1)); under the GDPR, if it is not compatible with it, a new lawful basis (Art. 6(4)); lawful cannot judge that",
            ),
            Kind::OptOutChanged => Some(
                "notify the Personal Information Protection Commission as well as the people (APPI Art. 27(3)); the Commission publishes the notification",
            ),
            Kind::RetentionLengthened => Some(
                "the GDPR asks for the storage period in the notice (Art. 13(2)(a)); the APPI does not, so under the APPI alone the change needs no notice",
            ),
            Kind::JointUseWidened => Some(
                "APPI Art. 27(6) lets only the purposes and the person responsible change with prior notice; new items or joint users are a provision to third parties (Art. 27(1)) unless the people can be taken to have expected them",
            ),
            _ => None,
        }
    }
}

/// One regime's duty for a class: its effect and its articles.
#[derive(Clone, Copy, Debug)]
pub struct Duty {
    pub regime: Regime,
    pub effect: Effect,
    pub articles: &'static [&'static str],
}

const fn appi(effect: Effect, articles: &'static [&'static str]) -> Duty {
    Duty {
        regime: Regime::Appi,
        effect,
        articles,
    }
}

const fn gdpr(effect: Effect, articles: &'static [&'static str]) -> Duty {
    Duty {
        regime: Regime::Gdpr,
        effect,
        articles,
    }
}

/// The effect and articles of a set of duties, for the regimes a policy is
/// under: the strongest effect, every article. No duty applies: no effect.
pub fn apply(duties: &[Duty], regimes: &[Regime]) -> (Effect, Vec<String>) {
    let mut effect = Effect::None;
    let mut law = Vec::new();
    for duty in duties.iter().filter(|d| regimes.contains(&d.regime)) {
        effect = effect.min(duty.effect);
        for article in duty.articles {
            if !law.iter().any(|a: &String| a == article) {
                law.push((*article).to_string());
            }
        }
    }
    (effect, law)
}

/// The duties of each class that does not come from a flow's needs.
pub mod duties {
    use super::*;

    pub const NEW_PURPOSE_DECLARED: &[Duty] = &[
        appi(Effect::Notice, &["APPI Art. 21(1)", "APPI Art. 32(1)(ii)"]),
        gdpr(
            Effect::Notice,
            &["GDPR Art. 13(1)(c)", "GDPR Art. 14(1)(c)"],
        ),
    ];
    pub const PURPOSE_TEXT: &[Duty] = &[
        appi(Effect::Notice, &["APPI Art. 17(2)", "APPI Art. 21(3)"]),
        gdpr(Effect::Notice, &["GDPR Art. 13(3)", "GDPR Art. 14(4)"]),
    ];
    pub const PURPOSE_BASIS: &[Duty] = &[gdpr(
        Effect::Notice,
        &["GDPR Art. 13(1)(c)", "GDPR Art. 14(1)(c)"],
    )];
    pub const JOINT_USE_WIDENED: &[Duty] = &[appi(
        Effect::Consent,
        &["APPI Art. 27(5)(iii)", "APPI Art. 27(6)", "APPI Art. 27(1)"],
    )];
    /// Joint users' purposes or the person responsible: in advance.
    pub const JOINT_USE_CHANGED: &[Duty] = &[appi(Effect::Notice, &["APPI Art. 27(6)"])];
    /// The responsible person's address or representative: without delay.
    pub const JOINT_USE_DETAILS: &[Duty] = &[appi(Effect::NoticeOnly, &["APPI Art. 27(6)"])];
    pub const RETENTION_LENGTHENED: &[Duty] = &[gdpr(
        Effect::Notice,
        &["GDPR Art. 13(2)(a)", "GDPR Art. 14(2)(a)"],
    )];
    pub const NEW_RECIPIENT: &[Duty] = &[gdpr(
        Effect::Notice,
        &["GDPR Art. 13(1)(e)", "GDPR Art. 14(1)(e)"],
    )];
    /// Items, method or recipients of an opt-out provision: in advance,
    /// to the people and to the Commission.
    pub const OPT_OUT_CHANGED: &[Duty] = &[appi(
        Effect::Notice,
        &["APPI Art. 27(2)", "APPI Art. 27(3)"],
    )];
    /// An opt-out provision that stops: without delay.
    pub const OPT_OUT_STOPPED: &[Duty] = &[appi(Effect::NoticeOnly, &["APPI Art. 27(3)"])];
    pub const CONTROLLER: &[Duty] = &[
        appi(Effect::NoticeOnly, &["APPI Art. 32(1)(i)"]),
        gdpr(
            Effect::NoticeOnly,
            &["GDPR Art. 13(1)(a)", "GDPR Art. 14(1)(a)"],
        ),
    ];
    pub const CONTACT: &[Duty] = &[
        appi(Effect::NoticeOnly, &["APPI Art. 32(1)(iv)"]),
        gdpr(
            Effect::NoticeOnly,
            &["GDPR Art. 13(1)(a)", "GDPR Art. 13(1)(b)"],
        ),
    ];
    pub const RIGHTS: &[Duty] = &[
        appi(Effect::NoticeOnly, &["APPI Art. 32(1)(iii)"]),
        gdpr(Effect::NoticeOnly, &["GDPR Art. 13(2)(b)"]),
    ];
    /// Security measures and where to complain: Cabinet Order matters.
    pub const SECURITY_OR_COMPLAINTS: &[Duty] =
        &[appi(Effect::NoticeOnly, &["APPI Art. 32(1)(iv)"])];
    pub const ANONYMOUS: &[Duty] = &[appi(Effect::NoticeOnly, &["APPI Art. 43(3)"])];
    pub const RECIPIENT_DETAILS: &[Duty] = &[gdpr(
        Effect::NoticeOnly,
        &["GDPR Art. 13(1)(e)", "GDPR Art. 14(1)(e)"],
    )];
}

/// The class of a need a new flow has that nothing shown meets.
pub fn need_kind(need: Need) -> Kind {
    match need.permit {
        Permit::UseBeyondPurpose => Kind::NewPurpose,
        Permit::AcquireSpecialCare | Permit::SpecialCategory => Kind::NewSpecialCare,
        Permit::ThirdPartyProvision if need.special_care => Kind::NewSpecialCare,
        Permit::ForeignProvision | Permit::Transfer => Kind::NewForeignRecipient,
        _ => Kind::NewThirdParty,
    }
}

/// The article that makes a need one of consent.
pub fn need_article(need: Need) -> &'static str {
    match (need.regime, need.permit) {
        (Regime::Appi, Permit::UseBeyondPurpose) => "APPI Art. 18(1)",
        (Regime::Appi, Permit::AcquireSpecialCare) => "APPI Art. 20(2)",
        (Regime::Appi, Permit::ForeignProvision) => "APPI Art. 28(1)",
        // Barred even with consent (L413 says so in `check`); the diff
        // names the article that bars it.
        (Regime::Appi, Permit::PseudonymousProvision) => "APPI Art. 41(6)",
        (Regime::Appi, _) => "APPI Art. 27(1)",
        (Regime::Gdpr, Permit::UseBeyondPurpose) => "GDPR Art. 6(4)",
        (Regime::Gdpr, Permit::SpecialCategory) => "GDPR Art. 9(1)",
        (Regime::Gdpr, Permit::Transfer) => "GDPR Art. 44–49",
        (Regime::Gdpr, Permit::ThirdPartyProvision) => "GDPR Art. 28(3)(a)",
        (Regime::Gdpr, _) => "GDPR Art. 6(1)",
    }
}

/// A class and what `lawful explain` prints for it.
pub struct Entry {
    pub slug: &'static str,
    pub effect: Effect,
    pub summary: &'static str,
    pub explanation: &'static str,
}

/// In [`Kind`] order.
const ENTRIES: &[Entry] = &[
    Entry {
        slug: "new-purpose",
        effect: Effect::Consent,
        summary: "data already held is used or provided for a purpose it was not held for",
        explanation: "A flow uses or passes on an item for a purpose that, in the old version, \
the holder did not hold it for (nor for a purpose it is `within`), or a collection names a \
new purpose for an item it already collected from the same people: the data already collected \
is put to a new purpose. Consent is not needed when the new version shows it for this purpose \
(on the flow, or on the collection the data descends from) or relies on an exception whose \
provisions cover it (APPI Art. 18(3)).\n\nLaw: APPI Art. 18(1) (no handling beyond the \
purposes of use without prior consent); GDPR Art. 6(4) (further processing for another \
purpose needs consent, a law, or a compatible purpose) and Art. 13(3) (tell people first).\n\n\
Open question: a purpose reasonably related to the old one may be changed with notice \
(APPI Art. 17(2), 21(3)); lawful cannot judge relatedness, and says so. Declare a purpose \
that is part of an old one `within` it.",
    },
    Entry {
        slug: "new-third-party",
        effect: Effect::Consent,
        summary: "data is provided to a third party it was not provided to",
        explanation: "A `provide` gives an item to a third party (any recipient but a \
processor, or joint users beyond a declared joint use) and no consent on the flow or at \
collection, no request of the person and no exception whose provisions cover it is shown. A \
processor passing data to someone who is not a processor is caught too.\n\nLaw: APPI Art. \
27(1) (prior consent, unless an item of 27(1) or an opt-out under 27(2) applies); GDPR \
Art. 28(3)(a) for a processor disclosing beyond its instructions.",
    },
    Entry {
        slug: "new-special-care",
        effect: Effect::Consent,
        summary: "special-care data is newly acquired or provided without a ground",
        explanation: "A flow newly collects or provides special-care-required data (a data \
item declared `: special care`), or an item becomes special care, and neither consent \
(explicit consent under the GDPR) nor an exception whose provisions cover special-care \
data is shown.\n\nLaw: APPI Art. 20(2) (acquisition), Art. 27(1) (provision; no opt-out, \
27(2)); GDPR Art. 9(1) (processing special categories needs a 9(2) condition).",
    },
    Entry {
        slug: "new-foreign-recipient",
        effect: Effect::Consent,
        summary: "data goes to a recipient abroad without consent, safeguard or exception",
        explanation: "A transfer reaches a party in another country than the controller's \
(both countries stated), and neither consent, a `safeguard` nor an exception whose \
provisions cover it is shown.\n\nLaw: APPI Art. 28(1) (consent to provision to a third \
party in a foreign country, unless the recipient has an equivalent system); GDPR Art. 44–49 \
(adequacy, appropriate safeguards, or a derogation such as explicit consent).",
    },
    Entry {
        slug: "joint-use-widened",
        effect: Effect::Consent,
        summary: "a joint use covers new items, new users or new acquisition methods",
        explanation: "A joint use is new, or names items, users or acquisition methods its \
old version did not (or excepts fewer items).\n\nLaw: APPI Art. 27(5)(iii) makes joint use \
no provision to a third party only for the items, users and purposes notified in advance; \
Art. 27(6) allows only the purposes and the person responsible to change with notice. \
Anything wider is a provision to third parties (Art. 27(1)): consent.",
    },
    Entry {
        slug: "purpose-changed",
        effect: Effect::Notice,
        summary: "a purpose is new, or its text or lawful basis changes",
        explanation: "A purpose's text changes, a new purpose is declared, or (under the GDPR) \
its lawful basis changes.\n\nLaw: APPI Art. 17(2) (a purpose may be changed only within what \
is reasonably related to the old one) and Art. 21(3) (the changed purpose must be notified \
or published); Art. 21(1) and 32(1)(ii) for a new purpose; GDPR Art. 13(3), 14(4) (tell \
people before further processing) and 13(1)(c) (purposes and basis).\n\nOpen question: \
whether the new text is reasonably related to the old one (or, under the GDPR, compatible \
with it) is a judgement lawful does not make: if it is not, the change needs consent \
(APPI Art. 18(1)) or a new basis (GDPR Art. 6(4)). The change says both.",
    },
    Entry {
        slug: "joint-use-changed",
        effect: Effect::Notice,
        summary: "a joint use's purposes or person responsible change",
        explanation: "A joint use's purposes change, or the person responsible for it \
does.\n\nLaw: APPI Art. 27(6): a change of the joint users' purposes or of the person \
responsible must be notified (or made easily accessible) in advance; a change of the \
responsible person's name, address or representative, without delay (notice only). New \
purposes must stay reasonably related to the old ones (Art. 17(2)).",
    },
    Entry {
        slug: "retention-lengthened",
        effect: Effect::Notice,
        summary: "data is kept longer, or for a period lawful cannot compare",
        explanation: "A retention period (top-level, of a purpose, of a flow or of a joint \
use) becomes longer, stops being stated, or changes to one lawful cannot compare with the \
old (another event, a law's requirement). A shorter period is `narrowed`.\n\nLaw: GDPR \
Art. 13(2)(a), 14(2)(a) (the storage period must be told). The APPI asks no retention \
period in the notice: under the APPI alone the change has no legal effect.",
    },
    Entry {
        slug: "new-recipient",
        effect: Effect::Notice,
        summary: "data goes to a recipient it did not go to, on a ground already shown",
        explanation: "An `outsource` or `provide` reaches a recipient the item did not reach \
before, and what the flow needs is met (a processor, consent already shown, an exception \
that covers it).\n\nLaw: GDPR Art. 13(1)(e), 14(1)(e) (the recipients or categories of \
recipients must be told). The APPI requires supervision of processors (Art. 25), not \
notice: under the APPI alone the change has no legal effect.",
    },
    Entry {
        slug: "opt-out-changed",
        effect: Effect::Notice,
        summary: "what is provided under an opt-out (APPI Art. 27(2)) changes",
        explanation: "A provision relying on an exception that cites APPI Art. 27(2) (opt-out) \
is new or covers new items, the exception changes, or such a provision stops.\n\nLaw: APPI \
Art. 27(2) (the matters must be notified to the people, or made easily accessible, and \
notified to the Personal Information Protection Commission before providing) and Art. 27(3) \
(a change of the items, the method of acquisition or provision, or of how requests are \
taken: in advance; the provision stopping: without delay, both to the people and to the \
Commission).",
    },
    Entry {
        slug: "controller-changed",
        effect: Effect::NoticeOnly,
        summary: "the controller's name, address, representative or other details change",
        explanation: "The controller's legal name, address, representative, country, \
contact details or other stated facts change.\n\nLaw: APPI Art. 32(1)(i) (name, address and \
representative must be kept accessible to the people); GDPR Art. 13(1)(a), 14(1)(a) \
(identity and contact details of the controller).",
    },
    Entry {
        slug: "contact-changed",
        effect: Effect::NoticeOnly,
        summary: "a contact point is added, removed or changes its details",
        explanation: "A `contact` is new, removed, or changes its phone, address, hours, \
e-mail or what it handles.\n\nLaw: APPI Art. 32(1)(iv) (where to send complaints, a matter \
of the Cabinet Order); GDPR Art. 13(1)(a), 13(1)(b) (contact details of the controller and \
of the data protection officer).",
    },
    Entry {
        slug: "published-details-changed",
        effect: Effect::NoticeOnly,
        summary: "a matter the notice must state changes: rights, security, complaints, anonymised data, recipients' details",
        explanation: "The `rights` block (how requests are made, fees), the security measures, \
how complaints are handled, what anonymously processed information contains, or a \
recipient's details change.\n\nLaw: APPI Art. 32(1)(iii) (procedures for requests), \
32(1)(iv) (security measures and complaints, Cabinet Order matters), 43(3) (items of \
anonymously processed information); GDPR Art. 13(2)(b) (rights), 13(1)(e) (recipients).",
    },
    Entry {
        slug: "renamed",
        effect: Effect::None,
        summary: "a declaration is renamed everywhere, its content unchanged",
        explanation: "A declaration disappears under one name and appears under another with \
the same content, and every reference follows. Names are the policy's own: no law attaches \
to them.",
    },
    Entry {
        slug: "narrowed",
        effect: Effect::None,
        summary: "less is collected, used, provided or kept",
        explanation: "A flow, an item of a flow, a purpose, a recipient or a declaration is \
removed, or a retention period is shortened. Doing less needs neither consent nor notice \
(the published notice should still be brought up to date).",
    },
    Entry {
        slug: "covered",
        effect: Effect::None,
        summary: "a new flow whose ground the policy already shows",
        explanation: "A flow is new, or its grounds change, and everything it needs is met by \
what the new version shows: consent on the flow or at the collection its data descends from \
for this purpose, the person's request, an exception whose provisions cover it, or purposes \
the data is already held for. lawful judges it as `lawful check` does.",
    },
    Entry {
        slug: "no-duty",
        effect: Effect::None,
        summary: "a change no provision lawful knows attaches a duty to",
        explanation: "A new declaration no flow uses yet, a description, a note or \
commitment, an organisation rule, a party's role or country (what it changes for the flows \
is reported on the flows), the policy's title or dates.",
    },
];

/// What `lawful explain` prints for a class of change or an effect
/// (`diff-new-third-party`, `diff-needs-consent`), if `slug` is one.
pub fn explain(slug: &str) -> Option<String> {
    if let Some(&effect) = Effect::ALL.iter().find(|e| e.explain_slug() == slug) {
        let mut text = format!(
            "# {slug}\n\nA `lawful diff` effect: {}.\n\n{}\n\nThe classes with this effect:\n",
            effect.title(),
            effect_explanation(effect)
        );
        for kind in Kind::ALL.iter().filter(|k| k.usual_effect() == effect) {
            text.push_str(&format!(
                "- `{}`: {}\n",
                kind.explain_slug(),
                kind.summary()
            ));
        }
        return Some(text);
    }
    let kind = Kind::ALL.iter().find(|k| k.explain_slug() == slug)?;
    let entry = kind.entry();
    Some(format!(
        "# {slug}\n\nA `lawful diff` change: {} (usually: {}).\n\n{}\n",
        entry.summary,
        entry.effect.title(),
        entry.explanation
    ))
}

fn effect_explanation(effect: Effect) -> &'static str {
    match effect {
        Effect::Consent => {
            "The change makes a flow do what needs the person's consent, and the new version shows no consent or exception that gives it. Ask the people concerned before the change takes effect, or show the ground the policy relies on."
        }
        Effect::Notice => {
            "The change must be notified to the people concerned, or published, before it takes effect (and, for an opt-out, notified to the Personal Information Protection Commission)."
        }
        Effect::NoticeOnly => {
            "What is published or notified must be updated, without delay; nothing needs to happen first."
        }
        Effect::None => {
            "No provision lawful knows attaches a duty to the change. Formatting and comments are not changes at all and are never listed."
        }
    }
}

/// Every slug `lawful explain` takes for `diff`: the effects, then the classes.
pub fn explain_slugs() -> Vec<String> {
    Effect::ALL
        .iter()
        .map(|e| e.explain_slug().to_string())
        .chain(Kind::ALL.iter().map(|k| k.explain_slug()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_follow_the_kinds() {
        assert_eq!(ENTRIES.len(), Kind::ALL.len());
        for (i, kind) in Kind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i);
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.slug(), "serde and the table agree");
        }
        for slug in explain_slugs() {
            assert!(explain(&slug).is_some(), "{slug}");
        }
        assert!(explain("diff-nothing").is_none());
    }

    #[test]
    fn the_strongest_duty_of_the_regimes_applies() {
        let (effect, law) = apply(duties::RETENTION_LENGTHENED, &[Regime::Appi]);
        assert_eq!(effect, Effect::None);
        assert!(law.is_empty());
        let (effect, law) = apply(duties::CONTROLLER, &[Regime::Appi, Regime::Gdpr]);
        assert_eq!(effect, Effect::NoticeOnly);
        assert_eq!(law.len(), 3);
    }
}
