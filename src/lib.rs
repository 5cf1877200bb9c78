//! `lawful`: a compiler and static checker for privacy policies written as
//! code. The pipeline runs one way, one module per stage:
//!
//! [`load`] (files, imports) → [`syntax`] (pest → [`ast`]) → [`resolve`]
//! (names → [`resolve::Model`]) → [`graph`] (data flows) → [`rules`] →
//! [`diagnostic`] → [`render`].
//!
//! ```
//! let report = lawful::check_source("example.policy", "data name\n");
//! let text = lawful::render::plain(&report);
//! assert!(text.contains("unused-definition"));
//! ```

pub mod ast;
mod bidi;
mod check;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod findings;
pub mod fmt;
pub mod graph;
pub mod import;
pub mod law;
pub mod load;
pub mod lsp;
pub mod name;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod span;
pub mod suppress;
pub mod syntax;

pub use check::{
    Compiled, Report, check_paths, check_paths_with, check_source, check_source_with,
    check_workspace,
};
pub use diagnostic::{Code, Diagnostic, Severity};
