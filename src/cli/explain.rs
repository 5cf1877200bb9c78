//! `lawful explain CODE` and `lawful rules`.

use clap::ValueEnum;
use serde::Serialize;

use super::{EXIT_CLEAN, EXIT_ERROR, print};
use lawful::Code;
use lawful::diagnostic::explain::explanation;
use lawful::law;
use lawful::resolve::Regime;

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// A code such as L401, a slug such as third-party-without-consent, or
    /// a provision of the statute catalogue such as "APPI 27(1)(ii)"
    code: String,
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
}

#[derive(clap::Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// List the statute catalogue (every provision the rules rely on)
    /// instead of the codes
    #[arg(long)]
    catalogue: bool,
}

pub fn explain(args: ExplainArgs) -> u8 {
    match explain_provision(args.code.trim()) {
        Some(Ok(text)) => return if print(&text) { EXIT_CLEAN } else { EXIT_ERROR },
        Some(Err(message)) => {
            eprint!("error: {message}");
            return EXIT_ERROR;
        }
        None => {}
    }
    // The classes of change `lawful diff` reports: not codes, no findings.
    if let Some(text) = lawful::diff::kinds::explain(args.code.trim()) {
        return if print(&text) { EXIT_CLEAN } else { EXIT_ERROR };
    }
    let Some(code) = Code::find(args.code.trim()) else {
        eprintln!(
            "error: `{}` is not a lawful code, slug or catalogued provision; `lawful rules` lists the codes, `lawful rules --catalogue` the provisions",
            args.code.escape_debug()
        );
        return EXIT_ERROR;
    };
    let info = code.info();
    let text = format!(
        "# {} {}\n\n{} (severity: {}, family: {:?})\n\n{}",
        info.code,
        info.slug,
        capitalize(info.summary),
        info.severity.as_str(),
        info.family,
        explanation(code)
    );
    if print(&text) { EXIT_CLEAN } else { EXIT_ERROR }
}

#[derive(Serialize)]
struct RuleEntry {
    code: &'static str,
    slug: &'static str,
    family: lawful::diagnostic::Family,
    severity: lawful::Severity,
    summary: &'static str,
    explanation: &'static str,
}

/// `APPI 27(1)(ii)`, `GDPR Art. 9(2)(a)`: what the catalogue says of it.
fn explain_provision(query: &str) -> Option<Result<String, String>> {
    let (regime, article) = query.split_once(char::is_whitespace)?;
    let regime = Regime::from_name(regime)?;
    let article = article.trim().trim_start_matches("Art.").trim();
    let Some(provision) = law::find(regime, article) else {
        let mut text = format!(
            "{} Art. {} is not in lawful's statute catalogue; `lawful rules --catalogue` lists it\n",
            regime.name(),
            article.escape_debug()
        );
        if let Some(near) = law::closest(regime, article) {
            text.push_str(&format!(
                "help: did you mean {} ({})?\n",
                near.cite(),
                near.title
            ));
        }
        return Some(Err(text));
    };
    Some(Ok(law::describe(provision)))
}

#[derive(Serialize)]
struct ProvisionEntry {
    regime: &'static str,
    article: &'static str,
    title: &'static str,
    permits: Vec<&'static str>,
    conditions: Vec<&'static str>,
    excludes_special_care: bool,
    in_force_from: String,
}

fn catalogue(format: Format) -> String {
    match format {
        Format::Human => {
            let mut text = String::new();
            for p in law::catalogue() {
                let permits: Vec<&str> = p.permits.iter().map(|p| p.slug()).collect();
                text.push_str(&format!(
                    "{:<22} {}{}\n",
                    p.cite(),
                    p.title,
                    if permits.is_empty() {
                        String::new()
                    } else {
                        format!(" [permits: {}]", permits.join(", "))
                    }
                ));
            }
            text
        }
        Format::Json => {
            let entries: Vec<ProvisionEntry> = law::catalogue()
                .map(|p| ProvisionEntry {
                    regime: p.regime.name(),
                    article: p.article,
                    title: p.title,
                    permits: p.permits.iter().map(|p| p.slug()).collect(),
                    conditions: p.conditions.iter().map(|c| c.name()).collect(),
                    excludes_special_care: p.excludes_special_care,
                    in_force_from: format!(
                        "{:04}-{:02}-{:02}",
                        p.in_force_from.0, p.in_force_from.1, p.in_force_from.2
                    ),
                })
                .collect();
            serde_json::to_string_pretty(&entries).unwrap_or_default() + "\n"
        }
    }
}

pub fn rules(args: RulesArgs) -> u8 {
    if args.catalogue {
        let text = catalogue(args.format);
        return if print(&text) { EXIT_CLEAN } else { EXIT_ERROR };
    }
    let text = match args.format {
        Format::Human => {
            let mut text = String::new();
            for code in Code::ALL {
                let info = code.info();
                text.push_str(&format!(
                    "{}  {:<30} {:<8} {}\n",
                    info.code,
                    info.slug,
                    info.severity.as_str(),
                    info.summary
                ));
            }
            text
        }
        Format::Json => {
            let entries: Vec<RuleEntry> = Code::ALL
                .iter()
                .map(|code| {
                    let info = code.info();
                    RuleEntry {
                        code: info.code,
                        slug: info.slug,
                        family: info.family,
                        severity: info.severity,
                        summary: info.summary,
                        explanation: explanation(*code),
                    }
                })
                .collect();
            serde_json::to_string_pretty(&entries).unwrap_or_default() + "\n"
        }
    };
    if print(&text) { EXIT_CLEAN } else { EXIT_ERROR }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
