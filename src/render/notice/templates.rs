//! The public notice through a template: the shipped ones (`templates/` in
//! the repository, built in), or a user's directory (`--template DIR`),
//! rendered by minijinja.
//!
//! Every value a template prints is escaped here, once, by lawful's own
//! escape functions for the template's kind: HTML by the renderer of
//! [`super::super::doc`] (`html_escape`), Markdown by [`md_escape`]. A value
//! already marked safe (minijinja's own `|escape` or `|safe`) is written as
//! it is, so nothing is escaped twice. A template can neither include nor
//! extend another file (minijinja is built without those), and it runs on
//! a bounded amount of fuel, so a template cannot loop for ever.

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Error, Output, State};

use super::super::doc::{html_escape, md_escape};
use super::public::PublicNotice;

/// The formats a notice template is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Markdown,
    Html,
}

impl Kind {
    /// The file name of this kind's template, in `templates/` and in a
    /// user's `--template DIR`.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Markdown => "notice.md.j2",
            Kind::Html => "notice.html.j2",
        }
    }

    /// The template lawful ships for this kind.
    pub fn shipped(self) -> &'static str {
        match self {
            Kind::Markdown => include_str!("../../../templates/notice.md.j2"),
            Kind::Html => include_str!("../../../templates/notice.html.j2"),
        }
    }
}

/// How much work one rendering may do: far more than any notice needs
/// (the seed's takes under 20,000), far less than a loop that never ends.
const FUEL: u64 = 50_000_000;

/// The name of the Markdown escape in minijinja's auto-escape setting.
const MARKDOWN: &str = "markdown";

/// Renders the notice with `source`, a template of `kind`. The error is a
/// message for a person: the template's name, line and what went wrong.
pub fn render(notice: &PublicNotice, kind: Kind, source: &str) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(|e| describe(&e))?,
    );
    env.set_fuel(Some(FUEL));
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(move |_| match kind {
        Kind::Html => AutoEscape::Html,
        Kind::Markdown => AutoEscape::Custom(MARKDOWN.into()),
    });
    env.set_formatter(format);
    env.add_filter("sentence", sentence);
    env.add_template(kind.file_name(), source)
        .map_err(|e| describe(&e))?;
    let template = env
        .get_template(kind.file_name())
        .map_err(|e| describe(&e))?;
    let mut out = template
        .render(Value::from(Serde(notice)))
        .map_err(|e| describe(&e))?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// Writes one printed value: escaped for the template's kind unless marked
/// safe; nothing for `none`.
fn format(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    let text = value.to_string();
    let written = if value.is_safe() {
        text
    } else {
        match state.auto_escape() {
            AutoEscape::Html => html_escape(&text),
            AutoEscape::Custom(name) if name == MARKDOWN => md_escape(&text, true),
            _ => text,
        }
    };
    out.write_str(&written)
        .map_err(|e| Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
}

/// Text ending a sentence: a full stop added unless it ends with one (or
/// with `?`, `!`), so that a policy's own full stop is not doubled.
fn sentence(text: String) -> String {
    let trimmed = text.trim_end();
    if trimmed.ends_with(['.', '?', '!', '。']) {
        trimmed.to_string()
    } else {
        format!("{trimmed}.")
    }
}

/// A template error in one line: what, where.
fn describe(error: &Error) -> String {
    let mut message = error.to_string();
    if let Some(line) = error.line()
        && !message.contains("line")
    {
        message.push_str(&format!(" (line {line})"));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(title: &str) -> PublicNotice {
        PublicNotice {
            title: title.to_string(),
            ..PublicNotice::default()
        }
    }

    #[test]
    fn every_value_is_escaped_once() {
        let hostile = "<script>&\"'";
        let html = render(&notice(hostile), Kind::Html, "{{ title }}|{{ title|e }}").unwrap();
        assert_eq!(
            html,
            "&lt;script&gt;&amp;&quot;&#39;|&lt;script&gt;&amp;&quot;&#x27;\n"
        );
        let md = render(&notice("*x* | <b>"), Kind::Markdown, "{{ title }}").unwrap();
        assert_eq!(md, "\\*x\\* \\| \\<b>\n");
    }

    #[test]
    fn a_template_that_never_ends_runs_out_of_fuel() {
        let looping =
            "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}";
        let error = render(&notice("t"), Kind::Markdown, looping).unwrap_err();
        assert!(error.contains("fuel"), "{error}");
    }

    #[test]
    fn a_template_cannot_include_another_file() {
        let error = render(&notice("t"), Kind::Html, "{% include \"/etc/passwd\" %}").unwrap_err();
        assert!(!error.is_empty());
    }
}
