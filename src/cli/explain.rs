//! `lawful explain CODE` and `lawful rules`.

use clap::ValueEnum;
use serde::Serialize;

use super::{EXIT_CLEAN, EXIT_ERROR, print};
use lawful::Code;
use lawful::diagnostic::explain::explanation;

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// A code such as L401, or a slug such as third-party-without-consent
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
}

pub fn explain(args: ExplainArgs) -> u8 {
    let Some(code) = Code::find(args.code.trim()) else {
        eprintln!(
            "error: `{}` is not a lawful code or slug; `lawful rules` lists them all",
            args.code
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

pub fn rules(args: RulesArgs) -> u8 {
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
