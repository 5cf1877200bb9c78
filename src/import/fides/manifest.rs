//! The Fides manifest format (fideslang's resource models), as serde types.
//!
//! Only the keys the import maps are typed here: a value of the wrong type
//! for one of them is an error naming its path. Every other key is read
//! and set aside, as fideslang itself does (its models ignore keys they do
//! not define), and reported as a note: [`FIELDS`] tells a fideslang field
//! with no place in a lawful policy ("not imported") from a key fideslang
//! never defined (a typo, another tool's field: "not a fideslang field",
//! with the field meant when one is close).
//!
//! [`FIELDS`] lists every field of fideslang's models as of fideslang
//! 3.1.4a1 (ethyca/fideslang `src/fideslang/models.py`, commit 40394c4),
//! and the fields earlier versions had since April 2022 (`data_qualifier`,
//! `fidesops_meta`, `third_country_transfers` …).
//! So do `active` (taxonomy entries) and a declaration's `id`, which
//! Fides' own exports add. `tests/fides/schema/` sets every one of them.

use serde::{Deserialize, Deserializer};

// A blank text in a manifest states nothing, and a policy string that
// states nothing is refused (invalid-value): a blank value is read as
// absent, so the import never writes `safeguard ""` or `note ""`.

/// An optional text, `None` when blank.
fn stated<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.filter(|t| !t.trim().is_empty()))
}

/// A text, empty when blank.
fn stated_or_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.filter(|t| !t.trim().is_empty()).unwrap_or_default())
}

/// A list of texts, without the blank ones.
fn stated_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let mut texts = Option::<Vec<String>>::deserialize(deserializer)?.unwrap_or_default();
    texts.retain(|t| !t.trim().is_empty());
    Ok(texts)
}

/// One manifest file: lists of resources by type.
#[derive(Debug, Default, Deserialize)]
pub struct Manifest {
    #[serde(default)]
    pub system: Vec<System>,
    #[serde(default)]
    pub dataset: Vec<Dataset>,
    #[serde(default)]
    pub policy: Vec<Policy>,
    #[serde(default)]
    pub organization: Vec<Organization>,
    #[serde(default)]
    pub data_category: Vec<TaxonomyEntry>,
    #[serde(default)]
    pub data_use: Vec<TaxonomyEntry>,
    #[serde(default)]
    pub data_subject: Vec<TaxonomyEntry>,
}

/// A custom `data_category`, `data_use` or `data_subject`.
#[derive(Debug, Deserialize)]
pub struct TaxonomyEntry {
    pub fides_key: String,
    #[serde(default, deserialize_with = "stated")]
    pub name: Option<String>,
    pub parent_key: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ContactDetails {
    #[serde(default, deserialize_with = "stated_or_empty")]
    pub name: String,
    #[serde(default, deserialize_with = "stated_or_empty")]
    pub address: String,
    #[serde(default, deserialize_with = "stated_or_empty")]
    pub email: String,
    #[serde(default, deserialize_with = "stated_or_empty")]
    pub phone: String,
}

#[derive(Debug, Deserialize)]
pub struct Organization {
    pub fides_key: String,
    #[serde(default, deserialize_with = "stated")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "stated")]
    pub description: Option<String>,
    pub controller: Option<ContactDetails>,
    pub data_protection_officer: Option<ContactDetails>,
    pub representative: Option<ContactDetails>,
    #[serde(default, deserialize_with = "stated")]
    pub security_policy: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Policy {
    pub fides_key: String,
    #[serde(default, deserialize_with = "stated")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "stated")]
    pub description: Option<String>,
    pub rules: Vec<PolicyRule>,
}

#[derive(Debug, Deserialize)]
pub struct PolicyRule {
    pub name: String,
    pub data_categories: PrivacyRule,
    pub data_uses: PrivacyRule,
    pub data_subjects: PrivacyRule,
}

#[derive(Debug, Deserialize)]
pub struct PrivacyRule {
    pub matches: Matches,
    pub values: Vec<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum Matches {
    #[serde(rename = "ANY")]
    Any,
    #[serde(rename = "ALL")]
    All,
    #[serde(rename = "NONE")]
    None,
    #[serde(rename = "OTHER")]
    Other,
}

impl Matches {
    pub fn keyword(self) -> &'static str {
        match self {
            Matches::Any => "any",
            Matches::All => "all",
            Matches::None => "none",
            Matches::Other => "other",
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct System {
    pub fides_key: String,
    #[serde(default, deserialize_with = "stated")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "stated")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "stated")]
    pub system_type: Option<String>,
    pub privacy_declarations: Vec<PrivacyDeclaration>,
    pub egress: Option<Vec<DataFlow>>,
    pub ingress: Option<Vec<DataFlow>>,
    #[serde(default)]
    pub does_international_transfers: bool,
    #[serde(default, deserialize_with = "stated_list")]
    pub legal_basis_for_transfers: Vec<String>,
    #[serde(default, deserialize_with = "stated")]
    pub legal_name: Option<String>,
    #[serde(default, deserialize_with = "stated")]
    pub legal_address: Option<String>,
    #[serde(default, deserialize_with = "stated")]
    pub privacy_policy: Option<String>,
    #[serde(default, deserialize_with = "stated_list")]
    pub responsibility: Vec<String>,
    #[serde(default, deserialize_with = "stated")]
    pub data_security_practices: Option<String>,
}

/// A system's `egress` or `ingress` entry.
#[derive(Debug, Deserialize)]
pub struct DataFlow {
    pub fides_key: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data_categories: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct PrivacyDeclaration {
    #[serde(default, deserialize_with = "stated")]
    pub name: Option<String>,
    pub data_categories: Vec<String>,
    pub data_use: String,
    #[serde(default)]
    pub data_subjects: Vec<String>,
    pub dataset_references: Option<Vec<String>>,
    pub egress: Option<Vec<String>>,
    pub ingress: Option<Vec<String>>,
    pub legal_basis_for_processing: Option<String>,
    pub special_category_legal_basis: Option<String>,
    #[serde(default)]
    pub processes_special_category_data: bool,
    #[serde(default, deserialize_with = "stated")]
    pub retention_period: Option<String>,
    #[serde(default)]
    pub data_shared_with_third_parties: bool,
    #[serde(default, deserialize_with = "stated")]
    pub third_parties: Option<String>,
    #[serde(default)]
    pub shared_categories: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Dataset {
    pub fides_key: String,
    pub data_categories: Option<Vec<String>>,
    pub collections: Vec<Collection>,
}

#[derive(Debug, Deserialize)]
pub struct Collection {
    pub name: String,
    pub data_categories: Option<Vec<String>>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Deserialize)]
pub struct Field {
    pub name: String,
    pub data_categories: Option<Vec<String>>,
    pub fields: Option<Vec<Field>>,
}

/// The fields of `FidesModel`, the base of fideslang's top-level resources.
const FIDES_MODEL: &[&str] = &[
    "fides_key",
    "organization_fides_key",
    "tags",
    "name",
    "description",
];
/// The fields of `DefaultModel`, the base of the taxonomy's entries.
const DEFAULT_MODEL: &[&str] = &[
    "version_added",
    "version_deprecated",
    "replaced_by",
    "is_default",
];

/// The fields of a `DatasetCollection` and of a `DatasetField` (which
/// share `DatasetFieldBase`'s and add the same ones).
const DATASET_PART: &[&str] = &[
    "name",
    "description",
    "data_categories",
    "fields",
    "fides_meta",
    "fidesops_meta",
    "data_qualifier",
    "retention",
];

/// Every field of each fideslang model a manifest contains, by model: the
/// models' own fields and those of their bases (`FidesModel`,
/// `DefaultModel`, `DatasetFieldBase`), current and earlier.
pub const FIELDS: &[(&str, &[&[&str]])] = &[
    (
        "manifest",
        &[&[
            "data_category",
            "data_subject",
            "data_use",
            "dataset",
            "system",
            "policy",
            "organization",
            "data_qualifier",
            "registry",
            "evaluation",
        ]],
    ),
    (
        "data_category",
        &[FIDES_MODEL, DEFAULT_MODEL, &["parent_key", "active"]],
    ),
    (
        "data_use",
        &[
            FIDES_MODEL,
            DEFAULT_MODEL,
            &[
                "parent_key",
                "active",
                "legal_basis",
                "special_category",
                "recipients",
                "legitimate_interest",
                "legitimate_interest_impact_assessment",
            ],
        ],
    ),
    (
        "data_subject",
        &[
            FIDES_MODEL,
            DEFAULT_MODEL,
            &["rights", "automated_decisions_or_profiling", "active"],
        ],
    ),
    (
        "dataset",
        &[
            FIDES_MODEL,
            &[
                "meta",
                "data_categories",
                "fides_meta",
                "fidesops_meta",
                "fidesctl_meta",
                "collections",
                "data_qualifier",
                "retention",
                "third_country_transfers",
                "joint_controller",
            ],
        ],
    ),
    ("collection", &[DATASET_PART]),
    ("field", &[DATASET_PART]),
    (
        "organization",
        &[
            FIDES_MODEL,
            &[
                "organization_parent_key",
                "controller",
                "data_protection_officer",
                "fidesctl_meta",
                "representative",
                "security_policy",
            ],
        ],
    ),
    ("contact", &[&["name", "address", "email", "phone"]]),
    ("policy", &[FIDES_MODEL, &["rules"]]),
    (
        "policy rule",
        &[&[
            "name",
            "data_categories",
            "data_uses",
            "data_subjects",
            "data_qualifier",
        ]],
    ),
    ("privacy rule", &[&["matches", "values"]]),
    (
        "system",
        &[
            FIDES_MODEL,
            &[
                "meta",
                "fidesctl_meta",
                "system_type",
                "egress",
                "ingress",
                "privacy_declarations",
                "administrating_department",
                "vendor_id",
                "previous_vendor_id",
                "vendor_deleted_date",
                "dataset_references",
                "processes_personal_data",
                "exempt_from_privacy_regulations",
                "reason_for_exemption",
                "uses_profiling",
                "legal_basis_for_profiling",
                "does_international_transfers",
                "legal_basis_for_transfers",
                "requires_data_protection_assessments",
                "dpa_location",
                "dpa_progress",
                "privacy_policy",
                "legal_name",
                "legal_address",
                "responsibility",
                "dpo",
                "joint_controller_info",
                "data_security_practices",
                "cookie_max_age_seconds",
                "uses_cookies",
                "cookie_refresh",
                "uses_non_cookie_access",
                "legitimate_interest_disclosure_url",
                "cookies",
                "registry_id",
                "system_dependencies",
                "data_responsibility_title",
                "joint_controller",
                "third_country_transfers",
                "data_protection_impact_assessment",
            ],
        ],
    ),
    ("data flow", &[&["fides_key", "type", "data_categories"]]),
    (
        "privacy declaration",
        &[&[
            "name",
            "data_categories",
            "data_use",
            "data_subjects",
            "dataset_references",
            "egress",
            "ingress",
            "features",
            "flexible_legal_basis_for_processing",
            "legal_basis_for_processing",
            "impact_assessment_location",
            "retention_period",
            "processes_special_category_data",
            "special_category_legal_basis",
            "data_shared_with_third_parties",
            "third_parties",
            "shared_categories",
            "cookies",
            "data_qualifier",
            "id",
        ]],
    ),
];

/// The model whose field the key after `keys` is: `keys` are the map keys
/// of a path, list positions left out (`system`, `privacy_declarations`).
pub fn model_at(keys: &[&str]) -> Option<&'static str> {
    let model = match keys {
        [] => "manifest",
        ["system"] => "system",
        ["system", "privacy_declarations"] => "privacy declaration",
        ["system", "egress" | "ingress"] => "data flow",
        ["dataset"] => "dataset",
        ["dataset", "collections"] => "collection",
        ["dataset", "collections", "fields", nested @ ..]
            if nested.iter().all(|k| *k == "fields") =>
        {
            "field"
        }
        ["policy"] => "policy",
        ["policy", "rules"] => "policy rule",
        [
            "policy",
            "rules",
            "data_categories" | "data_uses" | "data_subjects",
        ] => "privacy rule",
        ["organization"] => "organization",
        [
            "organization",
            "controller" | "data_protection_officer" | "representative",
        ] => "contact",
        ["data_category"] => "data_category",
        ["data_use"] => "data_use",
        ["data_subject"] => "data_subject",
        _ => return None,
    };
    Some(model)
}

/// The fields of a model of [`FIELDS`].
pub fn fields_of(model: &str) -> impl Iterator<Item = &'static str> {
    FIELDS
        .iter()
        .filter(move |(m, _)| *m == model)
        .flat_map(|(_, lists)| lists.iter().copied().flatten().copied())
}
