//! `lawful completions SHELL` and `lawful man`: generated from the clap
//! definition of the commands, so they list exactly the commands and
//! options this binary has.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{EXIT_CLEAN, EXIT_ERROR, print};

#[derive(clap::Args)]
pub struct CompletionsArgs {
    /// The shell: source the output from its start-up file (bash:
    /// `lawful completions bash > ~/.local/share/bash-completion/completions/lawful`)
    #[arg(value_enum)]
    shell: Shell,
}

pub fn completions<C: CommandFactory>(args: CompletionsArgs) -> u8 {
    let mut command = C::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "lawful", &mut out);
    written(out)
}

pub fn man<C: CommandFactory>() -> u8 {
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(C::command()).render(&mut out) {
        eprintln!("error: cannot write the manual page: {e}");
        return EXIT_ERROR;
    }
    written(out)
}

fn written(out: Vec<u8>) -> u8 {
    match String::from_utf8(out) {
        Ok(text) if print(&text) => EXIT_CLEAN,
        _ => EXIT_ERROR,
    }
}
