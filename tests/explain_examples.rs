//! The contract of every rule's explanation (what `lawful explain` prints):
//! exactly the sections "What it checks", "Why it matters", "Example" and
//! "Fix"; every ```policy block under "Example" triggers the rule; every
//! ```policy block under "Fix" yields no diagnostic at all.

use lawful::rules::RULES;

const SECTIONS: &[&str] = &["What it checks", "Why it matters", "Example", "Fix"];

/// The `## ` headings of a Markdown text, in order.
fn headings(markdown: &str) -> Vec<&str> {
    let mut in_fence = false;
    let mut headings = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence && let Some(heading) = line.strip_prefix("## ") {
            headings.push(heading.trim());
        }
    }
    headings
}

/// The ```policy blocks under the `## {section}` heading.
fn policy_blocks(markdown: &str, section: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current_section = "";
    let mut block: Option<String> = None;
    for line in markdown.lines() {
        match &mut block {
            Some(text) if line.trim_start().starts_with("```") => {
                if current_section == section {
                    blocks.push(std::mem::take(text));
                }
                block = None;
            }
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
            None if line.trim_start().starts_with("```policy") => block = Some(String::new()),
            None => {
                if let Some(heading) = line.strip_prefix("## ") {
                    current_section = heading.trim();
                }
            }
        }
    }
    blocks
}

#[test]
fn explanations_have_their_sections_and_their_examples_hold() {
    let mut failures = Vec::new();
    for rule in RULES {
        let info = rule.code.info();
        let name = format!("{} ({})", info.slug, info.code);
        let found = headings(rule.explanation);
        if found != SECTIONS {
            failures.push(format!(
                "{name}: sections are {found:?}, expected {SECTIONS:?}"
            ));
            continue;
        }
        let examples = policy_blocks(rule.explanation, "Example");
        let fixes = policy_blocks(rule.explanation, "Fix");
        if examples.is_empty() {
            failures.push(format!("{name}: no ```policy block under \"## Example\""));
        }
        if fixes.is_empty() {
            failures.push(format!("{name}: no ```policy block under \"## Fix\""));
        }
        for example in &examples {
            let report = lawful::check_source("example.policy", example);
            if !report.diagnostics.iter().any(|d| d.code == rule.code) {
                failures.push(format!(
                    "{name}: the Example does not trigger it, but:\n{}",
                    lawful::render::plain(&report)
                ));
            }
        }
        for fix in &fixes {
            let report = lawful::check_source("fix.policy", fix);
            if !report.diagnostics.is_empty() || !report.io_errors.is_empty() {
                failures.push(format!(
                    "{name}: the Fix must produce no diagnostics, but:\n{}",
                    lawful::render::plain(&report)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
