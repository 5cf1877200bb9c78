//! SARIF 2.1.0, as GitHub code scanning ingests it. Validated against the
//! official schema in `tests/sarif.rs`.

use serde_json::{Value, json};

use super::escape;
use crate::Report;
use crate::diagnostic::explain::explanation;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::span::Span;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A path as GitHub expects it: relative to the repository root (we take the
/// current directory), with forward slashes, percent-encoded (RFC 3986).
fn artifact_uri(name: &str) -> String {
    let path = std::path::Path::new(name);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.to_path_buf()))
        .unwrap_or_else(|| path.to_path_buf());
    let text = relative.to_string_lossy().replace('\\', "/");
    escape::uri_path(text.strip_prefix("./").unwrap_or(&text))
}

fn artifact_location(report: &Report, span: Span) -> Value {
    json!({ "uri": artifact_uri(report.sources.name(span.file)), "uriBaseId": "%SRCROOT%" })
}

/// A region by line and column (an empty one is an insertion point).
fn region(report: &Report, span: Span) -> Value {
    let start = report.sources.line_col(span.file, span.start);
    let end = report.sources.line_col(span.file, span.end);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn physical_location(report: &Report, span: Span) -> Value {
    json!({
        "artifactLocation": artifact_location(report, span),
        "region": region(report, span),
    })
}

/// A finding's fixes as SARIF `fix` objects: one artifact change per file,
/// its edits as replacements in order.
fn fixes(report: &Report, d: &Diagnostic) -> Vec<Value> {
    d.fixes
        .iter()
        .map(|fix| {
            let mut files: Vec<crate::span::FileId> = Vec::new();
            for edit in &fix.edits {
                if !files.contains(&edit.span.file) {
                    files.push(edit.span.file);
                }
            }
            let changes: Vec<Value> = files
                .iter()
                .map(|&file| {
                    let replacements: Vec<Value> = fix
                        .edits
                        .iter()
                        .filter(|e| e.span.file == file)
                        .map(|e| {
                            json!({
                                "deletedRegion": region(report, e.span),
                                "insertedContent": { "text": e.replacement },
                            })
                        })
                        .collect();
                    json!({
                        "artifactLocation": artifact_location(report, Span::new(file, 0, 0)),
                        "replacements": replacements,
                    })
                })
                .collect();
            json!({
                "description": { "text": fix.description },
                "artifactChanges": changes,
            })
        })
        .collect()
}

/// FNV-1a: a stable hash with no dependency, for fingerprints.
fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Stable across edits that move the finding: code, file, message and the
/// text under the primary label, not line numbers. SARIF's
/// `partialFingerprints`, and what `lawful check --baseline` matches.
pub fn fingerprint(report: &Report, d: &Diagnostic) -> String {
    let (file, snippet) = match d.primary_span() {
        Some(span) => (report.sources.name(span.file), report.sources.snippet(span)),
        None => ("", ""),
    };
    let key = format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        d.code.info().code,
        artifact_uri(file),
        d.message,
        snippet
    );
    format!("{:016x}", fnv1a(&key))
}

fn rule(code: Code, homepage: &str) -> Value {
    let info = code.info();
    let help = explanation(code);
    json!({
        "id": info.code,
        "name": info.slug,
        "shortDescription": { "text": info.summary },
        "fullDescription": { "text": format!("{} ({})", info.summary, info.slug) },
        "help": { "text": help, "markdown": help },
        "helpUri": format!("{homepage}rules/{}", info.slug),
        "defaultConfiguration": { "level": level(info.severity) },
        "properties": { "tags": [format!("{:?}", info.family).to_lowercase()] }
    })
}

/// The report as a SARIF 2.1.0 log with one run.
pub fn sarif(report: &Report) -> String {
    let homepage = env!("CARGO_PKG_HOMEPAGE");
    let rules: Vec<Value> = Code::ALL.iter().map(|c| rule(*c, homepage)).collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let info = d.code.info();
            let index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            for note in &d.notes {
                message.push_str("\nnote: ");
                message.push_str(note);
            }
            let locations: Vec<Value> = d
                .primary_span()
                .map(|span| json!({ "physicalLocation": physical_location(report, span) }))
                .into_iter()
                .collect();
            let related: Vec<Value> = d
                .labels
                .iter()
                .filter(|l| !l.primary)
                .enumerate()
                .map(|(i, l)| {
                    json!({
                        "id": i,
                        "physicalLocation": physical_location(report, l.span),
                        "message": { "text": l.message },
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": info.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": message },
                "locations": locations,
                "partialFingerprints": { "lawfulFindingHash/v1": fingerprint(report, d) },
                "properties": { "slug": info.slug },
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            let fixes = fixes(report, d);
            if !fixes.is_empty() {
                result["fixes"] = Value::Array(fixes);
            }
            result
        })
        .collect();
    let notifications: Vec<Value> = report
        .io_errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": e.to_string() } }))
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "lawful",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": homepage,
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": report.io_errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "the directory lawful was run from" } } },
            "results": results,
        }]
    });
    escape::json_pretty(&log, 0).unwrap_or_default() + "\n"
}
