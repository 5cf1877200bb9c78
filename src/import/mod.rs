//! Importers: other formats turned into lawful policies. Each writes policy
//! source text (so the result is reviewed, formatted and checked like any
//! hand-written policy) and reports what it could not carry over.

pub mod fides;
pub mod source;
pub mod taxonomy;

/// Something in the input that has no place in the policy, or that the
/// import could only approximate: reported, never dropped silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmapped {
    /// The input file, as the user named it.
    pub file: String,
    /// The key inside the file, e.g. `system[0].privacy_declarations[1].features`.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Unmapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.path, self.message)
    }
}

/// An input that cannot be imported: unreadable, malformed, or with a key
/// the format does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    /// The key the error is at, when known (`.` for the whole document).
    pub path: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}: at `{}`: {}", self.file, path, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// An imported policy and what the import reported about it.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The policy source, formatted canonically.
    pub policy: String,
    pub unmapped: Vec<Unmapped>,
}
