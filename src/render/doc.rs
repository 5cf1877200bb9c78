//! A small document tree (headings, paragraphs, lists, tables of fields)
//! and its two renderers, Markdown and self-contained HTML. The notice and
//! the record of processing activities build one [`Doc`] and render it
//! twice, so both formats always say the same thing. User text is escaped
//! here, by the renderer, never by the builders.

use super::escape;
use super::notice::NOT_STATED;

/// A generated document: a title and its blocks.
pub(super) struct Doc {
    pub title: String,
    pub blocks: Vec<Block>,
}

pub(super) enum Block {
    /// Level 2 or more (the title is level 1).
    Heading(u8, String),
    Para(Line),
    List(Vec<Item>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<Line>>,
    },
}

/// A list entry with at most one level of sub-entries.
pub(super) struct Item {
    pub line: Line,
    pub children: Vec<Line>,
}

pub(super) type Line = Vec<Run>;

pub(super) enum Run {
    Text(String),
    /// Bold: a field label or a marker such as "special care".
    Strong(String),
    /// A required matter the policy does not state.
    Missing(String),
    /// A URL: a link in HTML when it is http(s), text otherwise.
    Link(String),
}

pub(super) fn text(s: impl Into<String>) -> Run {
    Run::Text(s.into())
}

pub(super) fn missing() -> Line {
    vec![Run::Missing(NOT_STATED.to_string())]
}

/// `**Label:** value`.
pub(super) fn field(label: &str, value: Line) -> Line {
    let mut line = vec![Run::Strong(format!("{label}:"))];
    if !value.is_empty() {
        line.push(text(" "));
        line.extend(value);
    }
    line
}

/// A field, or the missing marker when the value is absent.
pub(super) fn required(label: &str, value: Option<&str>) -> Line {
    match value {
        Some(v) => field(label, vec![text(v)]),
        None => field(label, missing()),
    }
}

/// A label with one sub-entry per line, or with `empty` when there are none.
pub(super) fn fields(label: &str, lines: Vec<Line>, empty: Line) -> Item {
    if lines.is_empty() {
        Item::new(field(label, empty))
    } else {
        Item::with(field(label, Vec::new()), lines)
    }
}

impl Item {
    pub(super) fn new(line: Line) -> Item {
        Item {
            line,
            children: Vec::new(),
        }
    }

    pub(super) fn with(line: Line, children: Vec<Line>) -> Item {
        Item { line, children }
    }
}

impl Doc {
    pub(super) fn markdown(&self) -> String {
        let mut out = format!("# {}\n\n", md_escape(&self.title, false));
        for block in &self.blocks {
            match block {
                Block::Heading(level, title) => {
                    let hashes = "#".repeat(usize::from((*level).clamp(2, 6)));
                    out.push_str(&format!("{hashes} {}\n\n", md_escape(title, false)));
                }
                Block::Para(line) => {
                    out.push_str(&md_line(line));
                    out.push_str("\n\n");
                }
                Block::List(items) => {
                    for item in items {
                        out.push_str(&format!("- {}\n", md_line(&item.line)));
                        for child in &item.children {
                            out.push_str(&format!("  - {}\n", md_line(child)));
                        }
                    }
                    out.push('\n');
                }
                Block::Table { head, rows } => {
                    let cells: Vec<String> = head.iter().map(|h| md_escape(h, false)).collect();
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                    for row in rows {
                        let cells: Vec<String> = row.iter().map(|c| md_runs(c, false)).collect();
                        out.push_str(&format!("| {} |\n", cells.join(" | ")));
                    }
                    out.push('\n');
                }
            }
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }

    pub(super) fn html(&self) -> String {
        let mut out = String::new();
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.push_str(&format!("<title>{}</title>\n", html_escape(&self.title)));
        out.push_str(STYLE);
        out.push_str("</head>\n<body>\n<main>\n");
        out.push_str(&format!("<h1>{}</h1>\n", html_escape(&self.title)));
        for block in &self.blocks {
            match block {
                Block::Heading(level, title) => {
                    let level = (*level).clamp(2, 6);
                    out.push_str(&format!("<h{level}>{}</h{level}>\n", html_escape(title)));
                }
                Block::Para(line) => out.push_str(&format!("<p>{}</p>\n", html_line(line))),
                Block::List(items) => {
                    out.push_str("<ul>\n");
                    for item in items {
                        out.push_str(&format!("<li>{}", html_line(&item.line)));
                        if !item.children.is_empty() {
                            out.push_str("\n<ul>\n");
                            for child in &item.children {
                                out.push_str(&format!("<li>{}</li>\n", html_line(child)));
                            }
                            out.push_str("</ul>\n");
                        }
                        out.push_str("</li>\n");
                    }
                    out.push_str("</ul>\n");
                }
                Block::Table { head, rows } => {
                    out.push_str("<table>\n<thead>\n<tr>");
                    for h in head {
                        out.push_str(&format!("<th>{}</th>", html_escape(h)));
                    }
                    out.push_str("</tr>\n</thead>\n<tbody>\n");
                    for row in rows {
                        out.push_str("<tr>");
                        for cell in row {
                            out.push_str(&format!("<td>{}</td>", html_line(cell)));
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
            }
        }
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }
}

const STYLE: &str = "<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; color: #1a1a1a; }
main { max-width: 56rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.missing { color: #a40000; }
</style>
";

/// Folds whitespace that contains a line break or a tab into one space.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = String::new();
    for c in s.chars() {
        if c.is_whitespace() {
            pending.push(c);
            continue;
        }
        flush(&mut out, &mut pending);
        out.push(c);
    }
    flush(&mut out, &mut pending);
    out
}

fn flush(out: &mut String, pending: &mut String) {
    if pending.is_empty() {
        return;
    }
    if pending.contains(['\n', '\r', '\t']) {
        out.push(' ');
    } else {
        out.push_str(pending);
    }
    pending.clear();
}

fn md_line(line: &Line) -> String {
    md_runs(line, true)
}

fn md_runs(line: &Line, line_start: bool) -> String {
    let mut out = String::new();
    for (i, run) in line.iter().enumerate() {
        let start = line_start && i == 0;
        match run {
            Run::Text(s) | Run::Link(s) => out.push_str(&md_escape(s, start)),
            Run::Strong(s) | Run::Missing(s) => {
                out.push_str(&format!("**{}**", md_escape(s.trim(), false)));
            }
        }
    }
    out
}

/// Escapes user text for Markdown: the characters that start emphasis, code,
/// links, raw HTML or a table cell anywhere, and the block markers (`#`,
/// `>`, `-`, `+`, `1.`) when the text starts a line. Underscores inside a
/// word and ampersands that cannot start an entity are left alone, so that
/// ordinary text stays readable.
pub fn md_escape(s: &str, line_start: bool) -> String {
    let folded = fold(s);
    let body = if line_start {
        folded.trim_start()
    } else {
        folded.as_str()
    };
    let chars: Vec<char> = body.chars().collect();
    let mut marker = None;
    if line_start {
        let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        if (1..=9).contains(&digits) && matches!(chars.get(digits), Some('.' | ')')) {
            marker = Some(digits);
        }
    }
    let mut out = String::with_capacity(body.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let word = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        let escape = match c {
            '\\' | '`' | '*' | '[' | '<' | '|' | '~' => true,
            '_' => !(word(i.checked_sub(1)) && word(Some(i + 1))),
            '&' => entity_like(&chars[i + 1..]),
            // `:` too: a line starting `::` is a GitHub workflow command
            // when the document is printed in a CI log.
            '#' | '>' | '-' | '+' | ':' => line_start && i == 0,
            _ => marker == Some(i),
        };
        if escape {
            out.push('\\');
        }
        if escape::is_hidden(c) {
            // A control character is shown, not obeyed, wherever the
            // document is read (`\u{1b}`: `\u` is no Markdown escape).
            escape::Visible::default().push(&mut out, c);
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether the text after an `&` would be read as a character reference.
fn entity_like(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name > 0 && rest.get(name) == Some(&';')
}

fn html_line(line: &Line) -> String {
    let mut out = String::new();
    for run in line {
        match run {
            Run::Text(s) => out.push_str(&html_escape(s)),
            Run::Strong(s) => out.push_str(&format!("<strong>{}</strong>", html_escape(s))),
            Run::Missing(s) => out.push_str(&format!(
                "<strong class=\"missing\">{}</strong>",
                html_escape(s)
            )),
            Run::Link(url) => {
                let lower = url.trim().to_ascii_lowercase();
                if lower.starts_with("http://") || lower.starts_with("https://") {
                    let url = html_escape(url.trim());
                    out.push_str(&format!("<a href=\"{url}\">{url}</a>"));
                } else {
                    out.push_str(&html_escape(url));
                }
            }
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub(super) fn html_escape(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    // Control characters shown, not obeyed, and no `##[` (a GitHub runner
    // command anywhere in a line) when the page is printed in a CI log.
    let mut visible = escape::Visible::default();
    for c in folded.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => visible.push(&mut out, c),
        }
    }
    out
}
