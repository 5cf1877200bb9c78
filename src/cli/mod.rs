//! clap commands, one file per subcommand. Exit codes: 0 clean, 1 findings,
//! 2 usage or I/O error.

mod baseline;
mod check;
mod completions;
mod diff;
mod explain;
mod fix;
mod fmt;
mod generate;
mod graph;
mod import;
mod lsp;
mod notice;
mod ropa;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "lawful",
    version,
    about = "Compile and check privacy policies written as code"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check policy files or directories (recursively, *.policy)
    Check(check::Args),
    /// What a policy change means for consent and notice (OLD NEW, or --base GIT_REV NEW)
    Diff(diff::Args),
    /// Print the data-flow graph of a policy
    Graph(graph::Args),
    /// Format policy files canonically, keeping every comment
    Fmt(fmt::Args),
    /// Generate the human-readable privacy notice from a policy
    Notice(notice::Args),
    /// Generate the GDPR Art. 30 record of processing activities
    Ropa(ropa::Args),
    /// Convert other formats to a lawful policy (`lawful import fides DIR`)
    Import(import::Args),
    /// Explain a diagnostic code (e.g. L401) or slug (e.g. third-party-without-consent)
    Explain(explain::ExplainArgs),
    /// List every diagnostic code
    Rules(explain::RulesArgs),
    /// Serve the Language Server Protocol on stdin and stdout (editors/README.md)
    Lsp(lsp::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), e.g. `lawful man > lawful.1`
    Man,
}

/// When to colour human output.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal, or FORCE_COLOR or CLICOLOR_FORCE is set;
    /// never when NO_COLOR is set
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
                let forced =
                    |name: &str| set(name) && std::env::var_os(name).is_some_and(|v| v != "0");
                if set("NO_COLOR") {
                    false
                } else {
                    forced("FORCE_COLOR")
                        || forced("CLICOLOR_FORCE")
                        || std::io::stdout().is_terminal()
                }
            }
        }
    }
}

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Notice(args) => notice::run(args),
        Command::Ropa(args) => ropa::run(args),
        Command::Import(args) => import::run(args),
        Command::Explain(args) => explain::explain(args),
        Command::Rules(args) => explain::rules(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Completions(args) => completions::completions::<Cli>(args),
        Command::Man => completions::man::<Cli>(),
    };
    ExitCode::from(code)
}

/// A usage error: the message on stderr, exit code 2.
pub fn usage(message: &str) -> u8 {
    eprintln!("error: {message}");
    EXIT_ERROR
}

/// Writes to stdout, treating a closed pipe (`lawful ... | head`) as success.
pub fn print(text: &str) -> bool {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            eprintln!("error: cannot write the output: {e}");
            false
        }
    }
}
