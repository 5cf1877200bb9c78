//! The Fides manifest format (fideslang's resource models), as serde types.
//!
//! Every key fideslang defines is listed, so that a key that is not Fides
//! (a typo, another tool's field) is an error naming its path. Keys the
//! import maps are typed; keys with no place in a lawful policy are kept as
//! [`Unmapped`] so the import can report each one it meets instead of
//! dropping it silently. Older fideslang keys (`data_qualifier`,
//! `fidesops_meta`, `third_country_transfers` …) are accepted and reported
//! like the others.

use serde::Deserialize;
use serde::de::IgnoredAny;

/// A key that was present but has no place in the policy.
pub type Unmapped = Option<IgnoredAny>;

/// One manifest file: lists of resources by type.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
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
    pub data_qualifier: Unmapped,
    pub registry: Unmapped,
    pub evaluation: Unmapped,
}

/// A custom `data_category`, `data_use` or `data_subject`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyEntry {
    pub fides_key: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub organization_fides_key: Unmapped,
    pub tags: Unmapped,
    pub parent_key: Option<String>,
    pub is_default: Unmapped,
    pub version_added: Unmapped,
    pub version_deprecated: Unmapped,
    pub replaced_by: Unmapped,
    pub active: Unmapped,
    pub rights: Unmapped,
    pub automated_decisions_or_profiling: Unmapped,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactDetails {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub fides_key: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub organization_fides_key: Unmapped,
    pub tags: Unmapped,
    pub controller: Option<ContactDetails>,
    pub data_protection_officer: Option<ContactDetails>,
    pub representative: Option<ContactDetails>,
    pub security_policy: Option<String>,
    pub organization_parent_key: Unmapped,
    pub fidesctl_meta: Unmapped,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub fides_key: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub organization_fides_key: Unmapped,
    pub tags: Unmapped,
    pub rules: Vec<PolicyRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyRule {
    pub name: String,
    pub data_categories: PrivacyRule,
    pub data_uses: PrivacyRule,
    pub data_subjects: PrivacyRule,
    pub data_qualifier: Unmapped,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct System {
    pub fides_key: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub organization_fides_key: Unmapped,
    pub tags: Unmapped,
    pub system_type: Option<String>,
    pub privacy_declarations: Vec<PrivacyDeclaration>,
    pub egress: Option<Vec<DataFlow>>,
    pub ingress: Option<Vec<DataFlow>>,
    #[serde(default)]
    pub does_international_transfers: bool,
    #[serde(default)]
    pub legal_basis_for_transfers: Vec<String>,
    pub legal_name: Option<String>,
    pub legal_address: Option<String>,
    pub privacy_policy: Option<String>,
    #[serde(default)]
    pub responsibility: Vec<String>,
    pub data_security_practices: Option<String>,
    pub meta: Unmapped,
    pub fidesctl_meta: Unmapped,
    pub administrating_department: Unmapped,
    pub vendor_id: Unmapped,
    pub previous_vendor_id: Unmapped,
    pub vendor_deleted_date: Unmapped,
    pub dataset_references: Unmapped,
    pub processes_personal_data: Unmapped,
    pub exempt_from_privacy_regulations: Unmapped,
    pub reason_for_exemption: Unmapped,
    pub uses_profiling: Unmapped,
    pub legal_basis_for_profiling: Unmapped,
    pub requires_data_protection_assessments: Unmapped,
    pub dpa_location: Unmapped,
    pub dpa_progress: Unmapped,
    pub dpo: Unmapped,
    pub joint_controller_info: Unmapped,
    pub cookie_max_age_seconds: Unmapped,
    pub uses_cookies: Unmapped,
    pub cookie_refresh: Unmapped,
    pub uses_non_cookie_access: Unmapped,
    pub legitimate_interest_disclosure_url: Unmapped,
    pub cookies: Unmapped,
    pub data_responsibility_title: Unmapped,
    pub joint_controller: Unmapped,
    pub third_country_transfers: Unmapped,
    pub data_protection_impact_assessment: Unmapped,
    pub organization_parent_key: Unmapped,
}

/// A system's `egress` or `ingress` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataFlow {
    pub fides_key: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data_categories: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyDeclaration {
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
    pub retention_period: Option<String>,
    #[serde(default)]
    pub data_shared_with_third_parties: bool,
    pub third_parties: Option<String>,
    #[serde(default)]
    pub shared_categories: Vec<String>,
    pub features: Unmapped,
    pub flexible_legal_basis_for_processing: Unmapped,
    pub impact_assessment_location: Unmapped,
    pub cookies: Unmapped,
    pub data_qualifier: Unmapped,
    pub id: Unmapped,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub fides_key: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub organization_fides_key: Unmapped,
    pub tags: Unmapped,
    pub data_categories: Option<Vec<String>>,
    pub collections: Vec<Collection>,
    pub meta: Unmapped,
    pub data_uses: Unmapped,
    pub data_purposes: Unmapped,
    pub data_subjects: Unmapped,
    pub fides_meta: Unmapped,
    pub fidesops_meta: Unmapped,
    pub data_qualifier: Unmapped,
    pub retention: Unmapped,
    pub third_country_transfers: Unmapped,
    pub joint_controller: Unmapped,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    pub name: String,
    pub description: Option<String>,
    pub data_categories: Option<Vec<String>>,
    pub fields: Vec<Field>,
    pub data_uses: Unmapped,
    pub data_purposes: Unmapped,
    pub data_subjects: Unmapped,
    pub fides_meta: Unmapped,
    pub fidesops_meta: Unmapped,
    pub data_qualifier: Unmapped,
    pub retention: Unmapped,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    pub description: Option<String>,
    pub data_categories: Option<Vec<String>>,
    pub fields: Option<Vec<Field>>,
    pub data_uses: Unmapped,
    pub data_purposes: Unmapped,
    pub data_subjects: Unmapped,
    pub fides_meta: Unmapped,
    pub fidesops_meta: Unmapped,
    pub data_qualifier: Unmapped,
    pub retention: Unmapped,
}
