//! `lawful lsp`: the language server, on stdin and stdout.

#[derive(clap::Args)]
pub struct Args {
    /// Accepted for clients that pass it; stdio is the only transport
    #[arg(long)]
    stdio: bool,
}

pub fn run(_args: Args) -> u8 {
    u8::try_from(lawful::lsp::serve_stdio()).unwrap_or(1)
}
