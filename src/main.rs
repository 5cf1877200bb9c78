//! The `lawful` command line. Everything it does lives in the library; this
//! binary only parses arguments (see `cli/`) and sets the exit code.

mod cli;

/// jemalloc instead of glibc's malloc on Linux, where it was measured (Cargo.toml says
/// why: a large check's peak memory).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
