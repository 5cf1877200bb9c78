//! The fideslang default taxonomy: the names and hierarchy of Fides' data
//! categories, data uses and data subjects.
//!
//! `taxonomy.json` is generated from fideslang (the version is recorded in
//! the file) by `tests/fides/gen_taxonomy.py`:
//!
//! ```text
//! /tmp/fidesvenv/bin/python tests/fides/gen_taxonomy.py > src/import/taxonomy.json
//! ```
//!
//! In the default taxonomy every key's parent is its dotted prefix
//! (`user.contact.email` → `user.contact`), which is the hierarchy lawful's
//! category paths have, so `forbid` matchers agree with Fides' on it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Deserialize)]
struct Raw {
    fideslang: String,
    data_category: Vec<(String, String, Option<String>)>,
    data_use: Vec<(String, String, Option<String>)>,
    data_subject: Vec<(String, String, Option<String>)>,
}

/// One kind of taxonomy key: key → (name, parent).
pub type Keys = BTreeMap<String, (String, Option<String>)>;

/// The default taxonomy.
pub struct Taxonomy {
    /// The fideslang version it was generated from.
    pub fideslang: String,
    pub data_categories: Keys,
    pub data_uses: Keys,
    pub data_subjects: Keys,
}

fn keys(rows: Vec<(String, String, Option<String>)>) -> Keys {
    rows.into_iter()
        .map(|(key, name, parent)| (key, (name, parent)))
        .collect()
}

/// The default taxonomy, parsed once.
pub fn default_taxonomy() -> &'static Taxonomy {
    static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
    TAXONOMY.get_or_init(|| {
        let raw: Raw = serde_json::from_str(include_str!("taxonomy.json"))
            .expect("src/import/taxonomy.json is valid (generated)");
        Taxonomy {
            fideslang: raw.fideslang,
            data_categories: keys(raw.data_category),
            data_uses: keys(raw.data_use),
            data_subjects: keys(raw.data_subject),
        }
    })
}

/// Data categories that are special categories of personal data (GDPR
/// Art. 9(1), and Art. 10 for criminal records) and special-care-required
/// personal information (APPI Art. 2(3)): a key at or below one of these is
/// imported as `: special care`.
pub const SPECIAL_CATEGORIES: &[&str] = &[
    "user.biometric",
    "user.authorization.biometric",
    "user.health_and_medical",
    "user.criminal_history",
    "user.demographic.race_ethnicity",
    "user.demographic.religious_belief",
    "user.demographic.political_opinion",
    "user.demographic.sexual_orientation",
];

/// Whether `path` is `ancestor` or lies below it (`user.contact.email` is
/// within `user.contact`, `user.contacts` is not).
pub fn within(path: &str, ancestor: &str) -> bool {
    path == ancestor
        || path
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Whether a data category is special-category data.
pub fn is_special(category: &str) -> bool {
    SPECIAL_CATEGORIES.iter().any(|s| within(category, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_parents_are_dotted_prefixes() {
        let t = default_taxonomy();
        assert!(t.data_categories.len() > 50 && t.data_uses.len() > 30);
        for keys in [&t.data_categories, &t.data_uses, &t.data_subjects] {
            for (key, (_, parent)) in keys {
                let prefix = key.rsplit_once('.').map(|(p, _)| p.to_string());
                assert_eq!(parent, &prefix, "{key}");
            }
        }
    }

    #[test]
    fn special_categories() {
        assert!(is_special("user.biometric.fingerprint"));
        assert!(is_special("user.health_and_medical.genetic"));
        assert!(!is_special("user.contact.email"));
        assert!(!is_special("user.biometrics"));
    }
}
