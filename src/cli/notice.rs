//! `lawful notice PATH [--for public|review] [--format md|html] [-o FILE|DIR]`:
//! the privacy notice generated from a policy. Exit codes: see
//! [`super::generate`]; also 1 when the public notice lacks a required
//! matter (without `--allow-missing`), and 2 when a `--template` directory
//! or its template cannot be read or rendered.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::generate::{self, OutputFormat, Refused};
use super::{EXIT_ERROR, EXIT_FINDINGS};
use lawful::render::escape::terminal;
use lawful::render::notice::{self, TemplateKind};

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Format {
    /// Markdown (CommonMark with tables)
    #[default]
    Md,
    /// A self-contained HTML page
    Html,
}

impl OutputFormat for Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
        }
    }
}

impl Format {
    fn kind(self) -> TemplateKind {
        match self {
            Format::Md => TemplateKind::Markdown,
            Format::Html => TemplateKind::Html,
        }
    }
}

/// Who the notice is for.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum For {
    /// What the company publishes: plain words, no audit remark; refused
    /// while a required matter is missing
    #[default]
    Public,
    /// The audit view: every matter, the missing ones marked
    Review,
}

#[derive(clap::Args)]
pub struct Args {
    /// A policy file (its imports are followed), or a directory of policy sets
    path: PathBuf,
    /// Who the notice is for
    #[arg(long = "for", value_enum, default_value_t = For::Public)]
    audience: For,
    /// The format (default: from the extension of `-o FILE`, else md)
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write to FILE instead of stdout (atomically), or to one file per
    /// policy set in DIR (an existing directory, or a path ending in `/`)
    #[arg(short, long, value_name = "FILE|DIR")]
    output: Option<PathBuf>,
    /// Write the public notice even when a required matter is missing
    #[arg(long)]
    allow_missing: bool,
    /// Lay the public notice out with the template in DIR
    /// (`notice.md.j2` or `notice.html.j2`, as lawful's own in templates/)
    #[arg(long, value_name = "DIR")]
    template: Option<PathBuf>,
}

/// The largest template read from `--template DIR`.
const MAX_TEMPLATE: u64 = 1 << 20;

pub fn run(args: Args) -> u8 {
    if args.template.is_some() && matches!(args.audience, For::Review) {
        return super::usage(
            "`--template` lays out the public notice only; leave out `--for review` or `--template`",
        );
    }
    let format = match generate::format_for("a notice", args.format, args.output.as_deref()) {
        Ok(format) => format,
        Err(message) => return super::usage(&message),
    };
    let template = match &args.template {
        Some(dir) => match read_template(dir, format.kind()) {
            Ok(text) => Some(text),
            Err(message) => return super::usage(&message),
        },
        None => None,
    };
    let audience = args.audience;
    let allow_missing = args.allow_missing;
    generate::try_run(
        "a notice",
        &args.path,
        Some(format),
        args.output.as_deref(),
        |format, compiled| match audience {
            For::Review => Ok(match format {
                Format::Md => notice::to_markdown(&compiled.model, &compiled.graph),
                Format::Html => notice::to_html(&compiled.model, &compiled.graph),
            }),
            For::Public => public(compiled, format, template.as_deref(), allow_missing),
        },
    )
}

/// The public notice of one policy set, or why it is not written.
fn public(
    compiled: &lawful::Compiled,
    format: Format,
    template: Option<&str>,
    allow_missing: bool,
) -> Result<String, Refused> {
    let missing = notice::missing_matters(&compiled.model, &compiled.graph);
    if !missing.is_empty() && !allow_missing {
        let mut message = String::new();
        for d in &missing {
            message.push_str(&format!(
                "error: the notice lacks a required matter: {}\n",
                terminal(&d.message)
            ));
        }
        message.push_str(&format!(
            "  = help: state {} in the policy (`lawful check` shows where), or give `--allow-missing` to write the notice without {}\n",
            if missing.len() == 1 { "it" } else { "them" },
            if missing.len() == 1 { "it" } else { "them" },
        ));
        return Err(Refused {
            code: EXIT_FINDINGS,
            message,
        });
    }
    notice::to_public(&compiled.model, &compiled.graph, format.kind(), template).map_err(|e| {
        Refused {
            code: EXIT_ERROR,
            message: format!("error: the notice template: {}\n", terminal(&e)),
        }
    })
}

/// The template of `kind` in the user's directory `dir`: only the file named
/// as lawful's own, a regular file (not a link), at most [`MAX_TEMPLATE`].
fn read_template(dir: &Path, kind: TemplateKind) -> Result<String, String> {
    let shown = terminal(&dir.display().to_string()).into_owned();
    if !dir.is_dir() {
        return Err(format!(
            "`{shown}`: no such template directory; give a directory holding `{}`",
            kind.file_name()
        ));
    }
    let file = dir.join(kind.file_name());
    let metadata = std::fs::symlink_metadata(&file).map_err(|_| {
        format!(
            "`{shown}` holds no `{}`; copy lawful's own from templates/ to start from",
            kind.file_name()
        )
    })?;
    if !metadata.file_type().is_file() {
        return Err(format!(
            "`{shown}/{}` is not a regular file (a link or a directory is not followed)",
            kind.file_name()
        ));
    }
    if metadata.len() > MAX_TEMPLATE {
        return Err(format!(
            "`{shown}/{}` is larger than 1 MiB",
            kind.file_name()
        ));
    }
    let bytes = std::fs::read(&file).map_err(|e| {
        format!(
            "`{shown}/{}`: cannot read it: {}",
            kind.file_name(),
            lawful::load::describe_io(&e)
        )
    })?;
    String::from_utf8(bytes).map_err(|_| format!("`{shown}/{}` is not UTF-8", kind.file_name()))
}
