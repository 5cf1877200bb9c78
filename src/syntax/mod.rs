//! Source text to AST. pest stays inside this module: its pairs are lowered
//! to [`crate::ast`] nodes with owned spans, and its errors become
//! diagnostics that speak the language's own words.

mod expected;
mod lower;

use pest::Parser;
use pest_derive::Parser;

use crate::ast;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};

#[derive(Parser)]
#[grammar = "../grammar/policy.pest"]
struct PolicyParser;

/// At most this many syntax errors are reported for one file; the rest are
/// counted in a final diagnostic so that a garbage file cannot flood CI logs.
pub const MAX_SYNTAX_ERRORS: usize = 50;

/// The result of parsing one file: what could be read, and what could not.
#[derive(Debug, Default)]
pub struct Parsed {
    pub file: ast::File,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one policy file. Never fails: unreadable parts become diagnostics
/// and the declarations around them are still returned.
pub fn parse(file: FileId, source: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let pairs = match PolicyParser::parse(Rule::file, source) {
        Ok(pairs) => pairs,
        Err(error) => {
            // The recovering grammar accepts any text, so this is not expected;
            // report it rather than lose the file silently.
            parsed.diagnostics.push(expected::to_diagnostic(file, source, 0, error));
            return parsed;
        }
    };
    let mut lowerer = lower::Lowerer::new(file, &mut parsed.diagnostics);
    let mut in_junk = false;
    let mut syntax_errors = 0usize;
    let mut suppressed = 0usize;
    let mut last_error_end = 0usize;
    for pair in pairs.flat_map(|file| file.into_inner()) {
        if pair.as_rule() == Rule::EOI {
            continue;
        }
        if pair.as_rule() != Rule::junk {
            in_junk = false;
            if let Some(decl) = lowerer.decl(pair) {
                parsed.file.decls.push(decl);
            }
            continue;
        }
        // One error per run of unreadable lines: the first line says what
        // was expected; the lines after it are most likely its consequence.
        let start = pair.as_span().start();
        if in_junk || start < last_error_end {
            continue;
        }
        in_junk = true;
        if syntax_errors >= MAX_SYNTAX_ERRORS {
            suppressed += 1;
            continue;
        }
        syntax_errors += 1;
        let diagnostic = strict_error(file, source, start);
        last_error_end = diagnostic
            .primary_span()
            .map(|s| s.end as usize)
            .unwrap_or(start);
        lowerer.diagnostics.push(diagnostic);
    }
    if suppressed > 0 {
        let at = Span::new(file, source.len(), source.len());
        lowerer.diagnostics.push(
            Diagnostic::new(
                Code::SyntaxError,
                format!("{suppressed} more syntax errors not shown"),
                at,
                "the file ends here",
            )
            .with_help(format!(
                "only the first {MAX_SYNTAX_ERRORS} syntax errors of a file are reported; fix those first"
            )),
        );
    }
    parsed
}

/// Re-parses a single declaration at `start` to learn exactly what went wrong.
fn strict_error(file: FileId, source: &str, start: usize) -> Diagnostic {
    let rest = source.get(start..).unwrap_or("");
    match PolicyParser::parse(Rule::decl, rest) {
        Err(error) => expected::to_diagnostic(file, source, start, error),
        // The recovering parse disagreed with the strict one; still report
        // the line rather than drop it.
        Ok(_) => {
            let end = rest.find('\n').map(|n| start + n).unwrap_or(source.len());
            Diagnostic::new(
                Code::SyntaxError,
                "this line is not a declaration",
                Span::new(file, start, end),
                "not understood",
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(source: &str) -> Vec<String> {
        parse(FileId(0), source)
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn parses_the_brief_example() {
        let source = r#"
            policy "Northwind Library" under APPI, GDPR
            controller northwind "Northwind Library Co., Ltd." {
              address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
              representative "Hanako Example"
            }
            data name, email, loan_history
            data reading_disability : special care   # health-related
            purpose lending "To lend books" {
              basis contract
              retain until contract ends + 1 year
            }
            collect name, email from members via web_form for lending
            outsource loan_history to mailer_inc for lending {
              contract "data processing agreement 2024-03"
              selected by "vendor selection criteria v2"
            }
            exception life_or_property cites APPI 20(2)(ii) "necessary to protect life"
        "#;
        let parsed = parse(FileId(0), source);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.file.decls.len(), 8);
    }

    #[test]
    fn never_names_pest_rules() {
        for source in [
            "purpose p \"x\" { basis contrat }",
            "data",
            "collect a from b for",
            "policy",
            "}",
            "purpose p \"unterminated",
            "controller c \"C\" { address }",
        ] {
            for message in errors(source) {
                assert!(!message.contains('_'), "{source:?} gave {message:?}");
                assert!(!message.contains("EOI"), "{source:?} gave {message:?}");
            }
        }
    }

    #[test]
    fn recovers_to_report_several_errors() {
        let source = "data a\npurpose p \"x\" { bsis contract }\ndata b\ncollect a from\ndata c\n";
        let parsed = parse(FileId(0), source);
        assert_eq!(parsed.diagnostics.len(), 2, "{:?}", parsed.diagnostics);
        // The good declarations around the errors are kept.
        assert_eq!(parsed.file.decls.len(), 3);
    }

    #[test]
    fn caps_the_number_of_errors() {
        let source = "!\n".repeat(MAX_SYNTAX_ERRORS * 3);
        // Separate the lines with valid declarations so each is its own run.
        let source = source.replace('\n', "\ndata x\n");
        let parsed = parse(FileId(0), &source);
        assert_eq!(parsed.diagnostics.len(), MAX_SYNTAX_ERRORS + 1);
        assert!(parsed.diagnostics.last().unwrap().message.contains("more syntax errors"));
    }
}
