//! Renderers of a [`Report`]: for people (`human`, `short`) and machines
//! (`json`). None depends on the terminal's width; colour is only used when
//! the caller asks for it.

mod describe;
mod doc;
mod github;
mod human;
mod json;
pub mod notice;
pub mod ropa;
mod sarif;

pub use doc::md_escape;
pub use github::github;
pub use human::{human, plain, summary};
pub use json::json;
pub use sarif::sarif;

use crate::Report;

/// `path:line:col: severity[CODE] message (slug)`, one line per finding.
pub fn short(report: &Report) -> String {
    let mut out = String::new();
    for error in &report.io_errors {
        out.push_str(&format!("{}: error: {}\n", error.path, error.message));
    }
    for d in &report.diagnostics {
        let info = d.code.info();
        let location = match d.primary_span() {
            Some(span) => {
                let at = report.sources.line_col(span.file, span.start);
                format!(
                    "{}:{}:{}",
                    report.sources.name(span.file),
                    at.line,
                    at.column
                )
            }
            None => "<unknown>".to_string(),
        };
        out.push_str(&format!(
            "{location}: {}[{}] {} ({})\n",
            d.severity.as_str(),
            info.code,
            d.message,
            info.slug
        ));
    }
    out
}
