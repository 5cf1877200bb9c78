//! The `lawful` command line. Everything it does lives in the library; this
//! binary only parses arguments (see `cli/`) and sets the exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
