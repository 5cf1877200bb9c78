//! `lawful import fides DIR_OR_FILE [-o OUT.policy]`: converts Fides
//! manifests to a policy. What has no place in the policy is reported on
//! stderr (`note:` lines, file and key); a manifest that cannot be read is an
//! error with exit code 2.

use std::path::PathBuf;

use clap::Subcommand;
use lawful::load::walk::WalkOptions;
use lawful::render::escape::{terminal, terminal_lines};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    format: Format,
}

#[derive(Subcommand)]
enum Format {
    /// Fides manifests: systems, datasets, policies, organizations (YAML)
    Fides(FidesArgs),
}

#[derive(clap::Args)]
struct FidesArgs {
    /// A manifest file, or a directory searched recursively for *.yml and *.yaml
    path: PathBuf,
    /// Write the policy here instead of to stdout (atomically; a link or a
    /// file with other hard links there is refused)
    #[arg(short, long, value_name = "OUT.policy")]
    output: Option<PathBuf>,
    /// Also walk hidden files and those `.gitignore` and `.ignore` leave out
    #[arg(long)]
    no_ignore: bool,
}

pub fn run(args: Args) -> u8 {
    match args.format {
        Format::Fides(args) => fides(args),
    }
}

fn fides(args: FidesArgs) -> u8 {
    let options = WalkOptions {
        no_ignore: args.no_ignore,
        force_exclude: false,
    };
    let imported = match lawful::import::fides::import_path_with(&args.path, options) {
        Ok(imported) => imported,
        Err(e) => {
            eprintln!("error: {}", terminal_lines(&e.to_string()));
            return super::EXIT_ERROR;
        }
    };
    for u in &imported.unmapped {
        // Manifest text is hostile like any other: no control characters
        // or workflow commands reach the terminal or the CI log.
        eprintln!("note: {}", terminal(&u.to_string()));
    }
    if !imported.unmapped.is_empty() {
        eprintln!(
            "{} Fides construct{} not imported as written (see the notes above)",
            imported.unmapped.len(),
            if imported.unmapped.len() == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    match &args.output {
        Some(path) => match lawful::fmt::write_atomically(path, &imported.policy) {
            Ok(()) => super::EXIT_CLEAN,
            Err(e) => {
                eprintln!("error: {e}");
                super::EXIT_ERROR
            }
        },
        None => {
            if super::print(&imported.policy) {
                super::EXIT_CLEAN
            } else {
                super::EXIT_ERROR
            }
        }
    }
}
