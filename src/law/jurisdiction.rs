//! Jurisdictions as data: which countries each regime treats as home, which
//! as adequate or designated, and from when.
//!
//! A transfer is cross-border when it leaves the legal area a regime cares
//! about — Japan for the APPI, the European Economic Area for the GDPR —
//! not when two country strings differ. Whether leaving it needs a ground
//! depends on the destination: a GDPR adequacy decision (Art. 45), or a
//! country the Personal Information Protection Commission designates under
//! APPI Art. 28(1) (the EEA and the United Kingdom).
//!
//! Every entry below carries, in its comment, its source and the date it
//! was read (a test checks that each does). The lists are as this catalogue
//! knows them on that date: a decision adopted, renewed or withdrawn since
//! is not here until the catalogue is updated.

use super::countries::COUNTRIES;
use crate::resolve::Regime;

/// A day, as (year, month, day).
pub type Day = (u16, u8, u8);

/// One country's membership of a list, from a date and possibly until one
/// (inclusive).
#[derive(Debug)]
pub struct Entry {
    pub code: &'static str,
    pub from: Day,
    pub until: Option<Day>,
    /// For an adequacy decision limited to some recipients: what the
    /// recipient must be certified under (`certified "..."` on the party).
    pub only_certified: Option<&'static str>,
    /// The instrument: a treaty, a Commission decision, a PPC notification.
    pub instrument: &'static str,
}

impl Entry {
    fn on(&self, day: Day) -> bool {
        day >= self.from && self.until.is_none_or(|until| day <= until)
    }
}

const fn member(code: &'static str, from: Day, instrument: &'static str) -> Entry {
    Entry {
        code,
        from,
        until: None,
        only_certified: None,
        instrument,
    }
}

/// The European Economic Area, where the GDPR applies: the EU member states
/// and Iceland, Liechtenstein and Norway. The United Kingdom counts until the
/// end of the withdrawal agreement's transition period, when EU law stopped
/// applying there.
#[rustfmt::skip]
pub const EEA: &[Entry] = &[
    member("AT", (1995, 1, 1), "EU accession"), // Treaty of Accession 1994 (OJ C 241, 29.8.1994); EU, "Country profiles", european-union.europa.eu, as of 2025-06-01
    member("BE", (1958, 1, 1), "EEC founding member"), // Treaty of Rome 1957; EU, "Country profiles", as of 2025-06-01
    member("BG", (2007, 1, 1), "EU accession"), // Treaty of Accession 2005 (OJ L 157, 21.6.2005); EU, "Country profiles", as of 2025-06-01
    member("CY", (2004, 5, 1), "EU accession"), // Treaty of Accession 2003 (OJ L 236, 23.9.2003); EU, "Country profiles", as of 2025-06-01
    member("CZ", (2004, 5, 1), "EU accession"), // Treaty of Accession 2003 (OJ L 236, 23.9.2003); EU, "Country profiles", as of 2025-06-01
    member("DE", (1958, 1, 1), "EEC founding member"), // Treaty of Rome 1957; EU, "Country profiles", as of 2025-06-01
    member("DK", (1973, 1, 1), "EU accession"), // Treaty of Accession 1972 (OJ L 73, 27.3.1972); EU, "Country profiles", as of 2025-06-01
    member("EE", (2004, 5, 1), "EU accession"), // Treaty of Accession 2003 (OJ L 236, 23.9.2003); EU, "Country profiles", as of 2025-06-01
    member("ES", (1986, 1, 1), "EU accession"), // Treaty of Accession 1985 (OJ L 302, 15.11.1985); EU, "Country profiles", as of 2025-06-01
    member("FI", (1995, 1, 1), "EU accession"), // Treaty of Accession 1994 (OJ C 241, 29.8.1994); EU, "Country profiles", as of 2025-06-01
    member("FR", (1958, 1, 1), "EEC founding member"), // Treaty of Rome 1957; EU, "Country profiles", as of 2025-06-01
    Entry { until: Some((2020, 12, 31)), ..member("GB", (1973, 1, 1), "EU member until the end of the transition period") }, // Withdrawal Agreement (OJ L 29, 31.1.2020), Art. 126–127; as of 2025-06-01
    member("GR", (1981, 1, 1), "EU accession"), // Treaty of Accession 1979 (OJ L 291, 19.11.1979); EU, "Country profiles", as of 2025-06-01
    member("HR", (2013, 7, 1), "EU accession"), // Treaty of Accession 2012 (OJ L 112, 24.4.2012); EU, "Country profiles", as of 2025-06-01
    member("HU", (2004, 5, 1), "EU accession"), // Treaty of Accession 2003 (OJ L 236, 23.9.2003); EU, "Country profiles", as of 2025-06-01
    member("IE", (1973, 1, 1), "EU accession"), // Treaty of Accession 1972 (OJ L 73, 27.3.1972); EU, "Country profiles", as of 2025-06-01
    member("IS", (1994, 1, 1), "EEA Agreement"), // EEA Agreement (OJ L 1, 3.1.1994); the GDPR incorporated by EEA Joint Committee Decision 154/2018, in force 2018-07-20; as of 2025-06-01
    member("IT", (1958, 1, 1), "EEC founding member"), // Treaty of Rome 1957; EU, "Country profiles", as of 2025-06-01
    member("LI", (1995, 5, 1), "EEA Agreement"), // EEA Agreement, in force for Liechtenstein 1995-05-01; EEA Joint Committee Decision 154/2018; as of 2025-06-01
    member("LT", (2004, 5, 1), "EU accession"), // Treaty of Accession 2003 (OJ L 236, 23.9.2003); EU, "Country profiles", as of 2025-06-01
    member("LU", (1958, 1, 1), "EEC founding member"), // Treaty of Rome 1957; EU, "Country profiles", as of 2025-06-01
    member("LV", (2004, 5, 1), "EU accession"), // Treaty of Accession 2003 (OJ L 236, 23.9.2003); EU, "Country profiles", as of 2025-06-01
    member("MT", (2004, 5, 1), "EU accession"), // Treaty of Accession 2003 (OJ L 236, 23.9.2003); EU, "Country profiles", as of 2025-06-01
    member("NL", (1958, 1, 1), "EEC founding member"), // Treaty of Rome 1957; EU, "Country profiles", as of 2025-06-01
    member("NO", (1994, 1, 1), "EEA Agreement"), // EEA Agreement (OJ L 1, 3.1.1994); EEA Joint Committee Decision 154/2018; as of 2025-06-01
    member("PL", (2004, 5, 1), "EU accession"), // Treaty of Accession 2003 (OJ L 236, 23.9.2003); EU, "Country profiles", as of 2025-06-01
    member("PT", (1986, 1, 1), "EU accession"), // Treaty of Accession 1985 (OJ L 302, 15.11.1985); EU, "Country profiles", as of 2025-06-01
    member("RO", (2007, 1, 1), "EU accession"), // Treaty of Accession 2005 (OJ L 157, 21.6.2005); EU, "Country profiles", as of 2025-06-01
    member("SE", (1995, 1, 1), "EU accession"), // Treaty of Accession 1994 (OJ C 241, 29.8.1994); EU, "Country profiles", as of 2025-06-01
    member("SI", (2004, 5, 1), "EU accession"), // Treaty of Accession 2003 (OJ L 236, 23.9.2003); EU, "Country profiles", as of 2025-06-01
    member("SK", (2004, 5, 1), "EU accession"), // Treaty of Accession 2003 (OJ L 236, 23.9.2003); EU, "Country profiles", as of 2025-06-01
];

/// GDPR Art. 45 adequacy decisions of the European Commission, by the date
/// each was adopted. Canada's covers commercial organisations under PIPEDA
/// only, which lawful cannot tell apart: it treats the decision as covering
/// Canada. The United States' covers only organisations certified under the
/// EU-U.S. Data Privacy Framework.
#[rustfmt::skip]
pub const GDPR_ADEQUACY: &[Entry] = &[
    member("AD", (2010, 10, 19), "Commission Decision 2010/625/EU"), // European Commission, "Adequacy decisions" (commission.europa.eu), as of 2025-06-01
    member("AR", (2003, 6, 30), "Commission Decision 2003/490/EC"), // European Commission, "Adequacy decisions", as of 2025-06-01
    member("CA", (2001, 12, 20), "Commission Decision 2002/2/EC (commercial organisations)"), // European Commission, "Adequacy decisions", as of 2025-06-01
    member("CH", (2000, 7, 26), "Commission Decision 2000/518/EC"), // European Commission, "Adequacy decisions", as of 2025-06-01
    member("FO", (2010, 3, 5), "Commission Decision 2010/146/EU"), // European Commission, "Adequacy decisions", as of 2025-06-01
    member("GB", (2021, 6, 28), "Commission Implementing Decision (EU) 2021/1772"), // European Commission, "Adequacy decisions", as of 2025-06-01; its sunset date was extended in 2025 and a renewal proposed: check the Commission's page for its current status
    member("GG", (2003, 11, 21), "Commission Decision 2003/821/EC"), // European Commission, "Adequacy decisions", as of 2025-06-01
    member("IL", (2011, 1, 31), "Commission Decision 2011/61/EU"), // European Commission, "Adequacy decisions", as of 2025-06-01
    member("IM", (2004, 4, 28), "Commission Decision 2004/411/EC"), // European Commission, "Adequacy decisions", as of 2025-06-01
    member("JE", (2008, 5, 8), "Commission Decision 2008/393/EC"), // European Commission, "Adequacy decisions", as of 2025-06-01
    member("JP", (2019, 1, 23), "Commission Implementing Decision (EU) 2019/419"), // European Commission, "Adequacy decisions", as of 2025-06-01
    member("KR", (2021, 12, 17), "Commission Implementing Decision (EU) 2022/254"), // European Commission, "Adequacy decisions", as of 2025-06-01
    member("NZ", (2012, 12, 19), "Commission Implementing Decision 2013/65/EU"), // European Commission, "Adequacy decisions", as of 2025-06-01
    Entry { only_certified: Some("Data Privacy Framework"), ..member("US", (2023, 7, 10), "Commission Implementing Decision (EU) 2023/1795 (EU-U.S. Data Privacy Framework)") }, // European Commission, "Adequacy decisions", as of 2025-06-01
    member("UY", (2012, 8, 21), "Commission Implementing Decision 2012/484/EU"), // European Commission, "Adequacy decisions", as of 2025-06-01
];

/// The countries the Personal Information Protection Commission designates
/// under APPI Art. 28(1) as having a system equivalent to Japan's: the EEA
/// member states and the United Kingdom, from 2019-01-23.
#[rustfmt::skip]
pub const APPI_DESIGNATED: &[Entry] = &[
    member("EEA", (2019, 1, 23), "PPC Notification No. 1 of 2019"), // Personal Information Protection Commission, designation of foreign countries under Art. 24 (now 28) of the APPI, effective 2019-01-23; ppc.go.jp, as of 2025-06-01
    member("GB", (2019, 1, 23), "PPC Notification No. 1 of 2019, as amended"), // Personal Information Protection Commission: the United Kingdom remains designated after leaving the EU; ppc.go.jp, as of 2025-06-01
];

/// Two regions for a policy that knows only which side of the EEA's border
/// a recipient is on (a Fides manifest's `does_international_transfers`
/// says no more), under ISO 3166-1's user-assigned codes: `XE` somewhere in
/// the EEA, `XN` somewhere outside it. Neither is judged under the APPI
/// unless it must be: the EEA is outside Japan and designated; outside the
/// EEA may or may not be Japan, so it is not guessed.
const REGIONS: &[(&str, &str, &[&str])] = &[
    (
        "XE",
        "XEE",
        &[
            "somewhere in the EEA",
            "the EEA",
            "EEA",
            "European Economic Area",
        ],
    ),
    (
        "XN",
        "XNE",
        &["outside the EEA", "a third country", "third country"],
    ),
];

/// The country code a policy's `country` stands for: an ISO 3166-1 alpha-2
/// or alpha-3 code, or an English name, compared without case or
/// surrounding space ("JP", "jpn", "Japan"); or a [region](REGIONS).
pub fn resolve(text: &str) -> Option<&'static str> {
    let wanted = text.trim();
    COUNTRIES
        .iter()
        .chain(REGIONS)
        .find(|(a2, a3, names)| {
            a2.eq_ignore_ascii_case(wanted)
                || a3.eq_ignore_ascii_case(wanted)
                || names.iter().any(|n| n.eq_ignore_ascii_case(wanted))
        })
        .map(|(a2, _, _)| *a2)
}

/// The ISO short name of a code.
pub fn name(code: &str) -> &'static str {
    COUNTRIES
        .iter()
        .chain(REGIONS)
        .find(|(a2, _, _)| *a2 == code)
        .map_or("", |(_, _, names)| names[0])
}

/// The country whose code or name is nearest to `text`, for a did-you-mean.
/// Bounded: a text much longer than any name gets none.
pub fn closest(text: &str) -> Option<&'static str> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() || wanted.len() > 60 {
        return None;
    }
    let mut best: Option<(usize, &'static str)> = None;
    for (a2, _, names) in COUNTRIES {
        for name in *names {
            let name = name.to_lowercase();
            if name.len().abs_diff(wanted.len()) > 3 {
                continue;
            }
            let distance = super::edit_distance(&wanted, &name);
            if distance <= (wanted.len() / 3).max(1) && best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, *a2));
            }
        }
    }
    best.map(|(_, code)| code)
}

/// Whether a country is in the EEA on a day.
pub fn in_eea(code: &str, day: Day) -> bool {
    code == "XE" || EEA.iter().any(|e| e.code == code && e.on(day))
}

/// Whether data in `code` is outside the legal area `regime` protects on
/// `day`: Japan for the APPI, the EEA for the GDPR. "Outside the EEA" is
/// not judged under the APPI: it may be Japan.
pub fn outside(regime: Regime, code: &str, day: Day) -> bool {
    match regime {
        Regime::Appi => code != "JP" && code != "XN",
        Regime::Gdpr => !in_eea(code, day),
    }
}

/// The adequacy decision that covers a recipient in `code` on `day`, given
/// the certifications the recipient states.
pub fn gdpr_adequacy(code: &str, day: Day, certifications: &[&str]) -> Option<&'static Entry> {
    GDPR_ADEQUACY.iter().find(|e| {
        e.code == code
            && e.on(day)
            && e.only_certified.is_none_or(|needed| {
                certifications
                    .iter()
                    .any(|c| c.to_lowercase().contains(&needed.to_lowercase()))
            })
    })
}

/// The designation that covers `code` under APPI Art. 28(1) on `day`.
pub fn appi_designation(code: &str, day: Day) -> Option<&'static Entry> {
    APPI_DESIGNATED
        .iter()
        .find(|e| e.on(day) && (e.code == code || (e.code == "EEA" && in_eea(code, day))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_resolve_alike() {
        for written in ["JP", "jp", "JPN", "Japan", " japan "] {
            assert_eq!(resolve(written), Some("JP"), "{written}");
        }
        assert_eq!(resolve("United Kingdom"), Some("GB"));
        assert_eq!(resolve("UK"), Some("GB"));
        assert_eq!(resolve("United States of America"), Some("US"));
        assert_eq!(resolve("Atlantis"), None);
        assert_eq!(closest("Jpan"), Some("JP"));
        assert_eq!(closest("Germnay"), Some("DE"));
        assert!(closest(&"x".repeat(10_000)).is_none());
    }

    #[test]
    fn every_list_names_real_countries() {
        for entry in EEA.iter().chain(GDPR_ADEQUACY).chain(APPI_DESIGNATED) {
            assert!(
                entry.code == "EEA" || !name(entry.code).is_empty(),
                "{} is no ISO code",
                entry.code
            );
        }
    }

    #[test]
    fn every_entry_states_its_source_and_when_it_was_read() {
        let text = include_str!("jurisdiction.rs");
        let mut entries = 0;
        for line in text.lines() {
            let line = line.trim();
            let is_entry = (line.starts_with("member(\"") || line.starts_with("Entry {"))
                && line.contains("),");
            if !is_entry {
                continue;
            }
            entries += 1;
            let comment = line.split_once("// ").map(|(_, c)| c).unwrap_or("");
            assert!(
                comment.contains("as of 20") && comment.len() > 20,
                "no source and date: {line}"
            );
        }
        assert_eq!(
            entries,
            EEA.len() + GDPR_ADEQUACY.len() + APPI_DESIGNATED.len(),
            "every entry is one line"
        );
    }

    #[test]
    fn areas_and_decisions_by_date() {
        let today = (2026, 1, 1);
        assert!(!outside(Regime::Gdpr, "FR", today));
        assert!(outside(Regime::Gdpr, "GB", today));
        assert!(!outside(Regime::Gdpr, "GB", (2019, 6, 1)));
        assert!(gdpr_adequacy("GB", today, &[]).is_some());
        assert!(gdpr_adequacy("US", today, &[]).is_none());
        assert!(gdpr_adequacy("US", today, &["EU-U.S. Data Privacy Framework"]).is_some());
        assert!(gdpr_adequacy("US", (2022, 1, 1), &["EU-U.S. Data Privacy Framework"]).is_none());
        assert!(appi_designation("FR", today).is_some());
        assert!(appi_designation("GB", today).is_some());
        assert!(appi_designation("US", today).is_none());
        assert!(appi_designation("FR", (2018, 1, 1)).is_none());
        assert!(outside(Regime::Appi, "FR", today));
        assert_eq!(resolve("outside the EEA"), Some("XN"));
        assert!(outside(Regime::Gdpr, "XN", today) && !outside(Regime::Appi, "XN", today));
        assert!(!outside(Regime::Gdpr, "XE", today) && appi_designation("XE", today).is_some());
    }
}
