//! What `notice`, `ropa` and `graph` share: a path that may hold several
//! policy sets (a directory), `-o` that names a file (its extension gives
//! the format) or a directory (one file per policy set), and their exit
//! codes.
//!
//! Exit codes: 2 when a file cannot be read, no policy is found, several
//! policy sets are found with no directory to write them to, or the output
//! cannot be written; 1 when a policy has syntax errors, which go to
//! stderr (the output is still written, from what could be parsed); 0
//! otherwise, even when `lawful check` would report findings: generation
//! shows what the policy states, missing matters included.

use std::path::{Path, PathBuf};

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, print};
use lawful::render::escape::terminal;

/// A format one of the commands writes.
pub trait OutputFormat: Copy + Default + clap::ValueEnum {
    /// The file extension of this format (`md`, without the dot).
    fn extension(self) -> &'static str;
}

/// Every extension `-o` infers a format from, of any command.
const KNOWN: &[&str] = &["html", "md", "csv", "dot", "json", "mmd"];

/// The format to write: `--format` when given, else the one `-o FILE`'s
/// extension names, else the command's default. An extension lawful knows
/// that this command does not write (`notice -o x.csv`) is a usage error.
pub fn format_for<F: OutputFormat>(
    what: &str,
    given: Option<F>,
    output: Option<&Path>,
) -> Result<F, String> {
    if let Some(format) = given {
        return Ok(format);
    }
    let Some(file) = output.filter(|p| !is_directory(p)) else {
        return Ok(F::default());
    };
    let Some(extension) = file.extension().and_then(|e| e.to_str()) else {
        return Ok(F::default());
    };
    let extension = extension.to_ascii_lowercase();
    if let Some(format) = F::value_variants()
        .iter()
        .find(|f| f.extension() == extension)
    {
        return Ok(*format);
    }
    if KNOWN.contains(&extension.as_str()) {
        let written: Vec<&str> = F::value_variants().iter().map(|f| f.extension()).collect();
        return Err(format!(
            "`{}`: {what} is not written as .{extension}, only as .{}; give `--format` to write another format there",
            terminal(&file.display().to_string()),
            written.join(" or .")
        ));
    }
    Ok(F::default())
}

/// Whether `-o` names a directory: one that exists, or a path ending in `/`.
fn is_directory(path: &Path) -> bool {
    path.is_dir() || path.as_os_str().to_string_lossy().ends_with(['/', '\\'])
}

/// A command's run: the format (see [`format_for`]), then [`generate`]
/// with `render` in that format.
pub fn run<F: OutputFormat>(
    what: &str,
    path: &Path,
    format: Option<F>,
    output: Option<&Path>,
    render: impl Fn(F, &lawful::Compiled) -> String,
) -> u8 {
    try_run(what, path, format, output, |format, compiled| {
        Ok(render(format, compiled))
    })
}

/// Why a policy set's output is not written: the exit code and what to
/// print on stderr (whole lines, already escaped).
pub struct Refused {
    pub code: u8,
    pub message: String,
}

/// [`run`] for a command that may refuse to write a policy set's output
/// (`notice --for public` with a required matter missing).
pub fn try_run<F: OutputFormat>(
    what: &str,
    path: &Path,
    format: Option<F>,
    output: Option<&Path>,
    render: impl Fn(F, &lawful::Compiled) -> Result<String, Refused>,
) -> u8 {
    match format_for(what, format, output) {
        Ok(format) => generate(path, output, what, format.extension(), |compiled| {
            render(format, compiled)
        }),
        Err(message) => super::usage(&message),
    }
}

/// Loads and compiles `path`, renders each policy set with `render` and
/// writes the result to stdout, to `output`, or to one file per set in the
/// directory `output`. `what` names the output in messages ("a notice").
/// A set `render` refuses is not written; the run then exits with the
/// highest code refused.
pub fn generate(
    path: &Path,
    output: Option<&Path>,
    what: &str,
    extension: &str,
    render: impl Fn(&lawful::Compiled) -> Result<String, Refused>,
) -> u8 {
    let refused = std::cell::Cell::new(EXIT_CLEAN);
    let render = |compiled: &lawful::Compiled| match render(compiled) {
        Ok(text) => Some(text),
        Err(r) => {
            eprint!("{}", r.message);
            refused.set(refused.get().max(r.code));
            None
        }
    };
    let mut report = lawful::check_paths(&[path.to_path_buf()]);
    for error in &report.io_errors {
        eprintln!("error: {}", terminal(&error.to_string()));
    }
    if !report.io_errors.is_empty() {
        return EXIT_ERROR;
    }
    let shown = terminal(&path.display().to_string()).into_owned();
    if report.compiled.is_empty() {
        eprintln!("error: {shown}: no policy found");
        return EXIT_ERROR;
    }
    let written = match output {
        Some(dir) if is_directory(dir) => write_each(&report, path, dir, extension, &render),
        _ if report.compiled.len() > 1 => {
            let roots: Vec<String> = report
                .compiled
                .iter()
                .map(|c| terminal(report.sources.name(c.root)).into_owned())
                .collect();
            eprintln!(
                "error: {shown}: {} policy sets found ({}); give `-o DIR` to write {what} for each, or name one root file",
                roots.len(),
                roots.join(", ")
            );
            return EXIT_ERROR;
        }
        Some(file) => render(&report.compiled[0]).is_none_or(|text| write_file(file, &text)),
        None => render(&report.compiled[0]).is_none_or(|text| print(&text)),
    };
    if !written {
        return EXIT_ERROR;
    }
    if refused.get() != EXIT_CLEAN {
        return refused.get();
    }
    report
        .diagnostics
        .retain(|d| d.code == lawful::Code::SyntaxError);
    if report.diagnostics.is_empty() {
        EXIT_CLEAN
    } else {
        eprint!("{}", lawful::render::plain(&report));
        EXIT_FINDINGS
    }
}

/// Writes `text` to `file` atomically, saying why not on stderr.
fn write_file(file: &Path, text: &str) -> bool {
    match lawful::fmt::write_atomically(file, text) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("error: {}", terminal(&e.to_string()));
            false
        }
    }
}

/// One file per policy set in `dir`, named after its root file: its path
/// below the directory checked (or its name), with the format's extension.
fn write_each(
    report: &lawful::Report,
    input: &Path,
    dir: &Path,
    extension: &str,
    render: &impl Fn(&lawful::Compiled) -> Option<String>,
) -> bool {
    let mut ok = true;
    for compiled in &report.compiled {
        let root = Path::new(report.sources.name(compiled.root));
        let relative: PathBuf = match root.strip_prefix(input) {
            Ok(relative) if input.is_dir() && !relative.as_os_str().is_empty() => {
                relative.to_path_buf()
            }
            _ => root.file_name().map(PathBuf::from).unwrap_or_default(),
        };
        let target = dir.join(relative.with_extension(extension));
        if let Some(parent) = target.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            eprintln!(
                "error: {}: cannot create the directory: {}",
                terminal(&parent.display().to_string()),
                lawful::load::describe_io(&e)
            );
            ok = false;
            continue;
        }
        if let Some(text) = render(compiled) {
            ok &= write_file(&target, &text);
        }
    }
    ok
}
