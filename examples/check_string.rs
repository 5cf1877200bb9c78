//! Using `lawful` as a library: check a policy held in a string, walk the
//! diagnostics as data, and render them as plain text (no colour, no
//! terminal width) for a snapshot test of your own.
//!
//! Run with `cargo run --example check_string`.

fn main() {
    let policy = r#"
policy "Northwind Library" under APPI

data email "E-mail address"
subject members "Library members"
purpose newsletter "To send the monthly newsletter" {
  retain until purpose achieved
}

collect email from membres for newsletter with consent
"#;

    let report = lawful::check_source("northwind.policy", policy);

    // Diagnostics are plain data: code, slug, severity, message, labels, notes, help.
    for diagnostic in &report.diagnostics {
        let info = diagnostic.code.info();
        let line = diagnostic
            .primary_span()
            .map(|span| report.sources.line_col(span.file, span.start).line)
            .unwrap_or(0);
        println!(
            "{} {} at line {line}: {}",
            info.code, info.slug, diagnostic.message
        );
        if let Some(help) = &diagnostic.help {
            println!("    help: {help}");
        }
    }

    // The same findings rendered as a person reads them; stable for snapshots
    // (e.g. `insta::assert_snapshot!(lawful::render::plain(&report))`).
    println!("\n{}", lawful::render::plain(&report));

    let found_typo = report.diagnostics.iter().any(|d| {
        d.code == lawful::Code::UndefinedReference
            && d.help.as_deref() == Some("did you mean `members`?")
    });
    assert!(
        found_typo,
        "the misspelt subject is reported with a suggestion"
    );
}
