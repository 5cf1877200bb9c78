//! `cross-border-without-basis`: data going abroad needs consent, an
//! exception or a safeguard.

use super::{Context, Rule, needs};
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::graph::{Consent, list, verb};
use crate::law::jurisdiction;
use crate::resolve::Regime;

pub const RULE: Rule = Rule {
    code: Code::CrossBorderWithoutBasis,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That every outsourcing, provision or joint use that takes data out of the
legal area a regime protects has a ground for leaving it. Where a party is
is its `country`: an ISO 3166-1 code or English name (`"JP"`, `"Japan"`,
`"United States"`), or the regions `"the EEA"` and `"outside the EEA"`
when that is all a policy knows. An unknown country is `invalid-value`; a
party with no `country` is never guessed to be abroad.

- **APPI** (Art. 28(1)): a recipient outside Japan, in a country the
  Personal Information Protection Commission has not designated (the EEA
  and the United Kingdom are), needs the person's consent — on the
  transfer, or on the collection its data descends from, for that purpose —
  given after the information of Art. 28(2) (the country, its system for
  protecting personal information, the recipient's measures: `informed
  "..."` on the transfer, required from 2022-04-01); or a `safeguard`
  naming the recipient's system meeting the Commission's standards; or an
  Art. 27(1) exception.
- **GDPR** (Art. 44–49): a recipient outside the EEA that no adequacy
  decision covers (the U.S. decision covers only recipients `certified
  "EU-U.S. Data Privacy Framework"`) needs a `safeguard` (standard
  contractual clauses, binding corporate rules …), or explicit consent to
  the transfer itself after being told its risks (`with explicit consent`
  and `informed "..."` on the transfer, Art. 49(1)(a)), or an exception
  citing an Art. 49(1) derogation.

A transfer between EEA countries, or from Japan to an EEA country under the
APPI, is no finding. The lists of EEA members, adequacy decisions and APPI
designations are dated data in `src/law/jurisdiction.rs`, each entry with
its source; `--as-of DATE` judges them as they stood on that date. A
purpose whose `basis` is consent shows no consent. A transfer `under` an
exception is judged by `exception-does-not-apply`.

## Why it matters

- APPI Art. 28(1): personal data may go to a third party in a foreign country
  only with the person's prior consent, unless the country has a system the
  Commission designates as equivalent or the recipient keeps a system
  meeting its standards; Art. 28(2): before that consent, the person is
  given the country, its system and the recipient's measures. Outsourcing
  and joint use abroad are provision abroad too.
- GDPR Art. 44–49: a transfer to a third country needs an adequacy decision
  (Art. 45) or appropriate safeguards (Art. 46, 47), or else one of the
  derogations of Art. 49(1), such as explicit consent after being informed
  of the risks.

## Example

```policy
policy "Northwind Books" under APPI

controller northwind "Northwind Books K.K." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
  country "JP"
}
contact desk "Privacy Desk" {
  email "privacy@northwind.example"
}
rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}
on complaint via desk "We answer complaints within 14 days"
security {
  measure technical "Access to customer data is limited to the staff who need it"
}

data email "E-mail address"
subject customers "Customers"
party mailer "Example Mailer Inc." as processor {
  country "US"
}

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from customers for newsletter
outsource email to mailer for newsletter {
  contract "data processing agreement 2024-03"
  selected by "vendor selection criteria v2"
  retain until purpose achieved
}
```

## Fix

Name the safeguard the recipient keeps (or obtain consent to the transfer).

```policy
policy "Northwind Books" under APPI

controller northwind "Northwind Books K.K." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
  country "JP"
}
contact desk "Privacy Desk" {
  email "privacy@northwind.example"
}
rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}
on complaint via desk "We answer complaints within 14 days"
security {
  measure technical "Access to customer data is limited to the staff who need it"
}

data email "E-mail address"
subject customers "Customers"
party mailer "Example Mailer Inc." as processor {
  country "US"
}

purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from customers for newsletter
outsource email to mailer for newsletter {
  contract "data processing agreement 2024-03"
  selected by "vendor selection criteria v2"
  safeguard "a system conforming to APPI Art. 28(1) standards (contract clauses 2024-03)"
  retain until purpose achieved
}
```
"#;

const APPI_NOTE: &str = "APPI Art. 28(1): personal data may go to a third party in a foreign country only with the person's prior consent, unless the country or the recipient's system meets the standards the article sets, or an Art. 27(1) item applies";
const APPI_INFORMED_NOTE: &str = "APPI Art. 28(2): before consenting to provision abroad, the person is given the country, its system for protecting personal information, and the recipient's measures";
const GDPR_NOTE: &str = "GDPR Art. 44–49: a transfer to a third country needs an adequacy decision (Art. 45), appropriate safeguards (Art. 46, 47) or a derogation of Art. 49(1), such as explicit consent to the transfer after being informed of its risks";

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    let graph = cx.graph;
    let appi = model.under(Regime::Appi);
    let gdpr = model.under(Regime::Gdpr);
    if !appi && !gdpr {
        return;
    }
    for flow in graph.flows.iter().filter(|f| f.kind.is_transfer()) {
        if !flow.exceptions(model).is_empty() || !flow.safeguards(model).is_empty() {
            continue;
        }
        let Some(node) = graph.node(flow.to) else {
            continue;
        };
        let appi_unmet =
            appi && needs::appi_foreign(cx, flow) && !needs::appi_consent_abroad(cx, flow);
        let gdpr_unmet =
            gdpr && needs::gdpr_transfer(cx, flow) && !needs::gdpr_consent_abroad(cx, flow);
        if !appi_unmet && !gdpr_unmet {
            continue;
        }
        // Consent given, but not as the law asks for a transfer: say which.
        let consent = graph.consent(flow);
        let uninformed = !needs::informed(cx, flow);
        let appi_consent_uninformed = appi_unmet && consent.given() && uninformed;
        let gdpr_consent_short =
            gdpr_unmet && flow.own_consent() == Consent::Explicit && uninformed;
        let items: Vec<&str> = flow.item_names(model).collect();
        let country = node.country.clone().unwrap_or_default();
        let what = if items.is_empty() {
            "data".to_string()
        } else {
            list(&items)
        };
        let message = if appi_consent_uninformed || gdpr_consent_short {
            format!(
                "{what} {} {} in `{country}` with consent, but the policy does not say the person was told what the law requires first",
                verb(items.len().max(1)),
                graph.action(flow)
            )
        } else {
            format!(
                "{what} {} {} in `{country}` without consent, an exception or a safeguard",
                verb(items.len().max(1)),
                graph.action(flow)
            )
        };
        let mut d = Diagnostic::new(
            Code::CrossBorderWithoutBasis,
            message,
            flow.head(cx.model),
            format!("transfer to `{country}`"),
        );
        if let Some(party) = model.party(&node.name)
            && let Some(there) = &party.details.country
        {
            let place = match node.country_code {
                Some(code) if !jurisdiction::name(code).is_empty() => {
                    format!("{} is in {}", node.display(), jurisdiction::name(code))
                }
                _ => format!("{} is in `{}`", node.display(), there.value),
            };
            d = d.with_label(there.span, place);
        }
        d = super::with_path(cx, d, flow);
        if appi_unmet {
            d = d.with_note(APPI_NOTE);
            if appi_consent_uninformed {
                d = d.with_note(APPI_INFORMED_NOTE);
            }
        }
        if gdpr_unmet {
            d = d.with_note(GDPR_NOTE);
        }
        let help = if appi_consent_uninformed || gdpr_consent_short {
            "add `informed \"...\"` to the transfer saying what the person was told (APPI: the country, its system, the recipient's measures; GDPR: the risks of the transfer)"
        } else if flow.kind == crate::graph::EdgeKind::JointUse {
            "collect the data with consent to this joint use abroad, or keep this party out of the joint use and transfer with a `safeguard`"
        } else if gdpr {
            "add a `safeguard \"...\"` naming the transfer mechanism, `with explicit consent` and `informed \"...\"` (the risks told), or `under` an exception citing the GDPR Art. 45–49 ground"
        } else {
            "add `with consent` and `informed \"...\"` (what the person was told), a `safeguard \"...\"` naming the recipient's system, or `under` an exception citing the APPI Art. 27(1) item that applies"
        };
        out.push(d.with_help(help));
    }
}
