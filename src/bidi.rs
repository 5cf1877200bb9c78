//! `bidi-control` (L010): Unicode bidirectional control characters in a
//! policy file. They are invisible and reorder how a line is displayed, so
//! a reviewer can read something other than what `lawful` checks ("Trojan
//! Source", CVE-2021-42574). One finding per line, naming the characters.

use crate::diagnostic::{Code, Diagnostic};
use crate::render::escape::{bidi_name, is_bidi_control};
use crate::span::{FileId, SourceMap, Span};

/// The findings in every loaded file, in file order.
pub fn check(sources: &SourceMap) -> Vec<Diagnostic> {
    sources
        .ids()
        .flat_map(|id| check_file(sources, id))
        .collect()
}

/// A line's bidirectional controls: from the first to the end of the last,
/// and which ones, in the order they first appear.
struct Line {
    index: usize,
    start: usize,
    end: usize,
    kinds: Vec<char>,
}

fn check_file(sources: &SourceMap, file: FileId) -> Vec<Diagnostic> {
    let text = sources.text(file);
    let mut lines: Vec<Line> = Vec::new();
    // Every bidirectional control is encoded starting with 0xD8 (U+061C) or
    // 0xE2 (U+200E..U+2069): only there is a character decoded.
    for (at, byte) in text.bytes().enumerate() {
        if byte != 0xD8 && byte != 0xE2 {
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        if !is_bidi_control(c) {
            continue;
        }
        let end = at + c.len_utf8();
        let index = sources.line_index(file, at);
        match lines.last_mut() {
            Some(line) if line.index == index => {
                line.end = end;
                if !line.kinds.contains(&c) {
                    line.kinds.push(c);
                }
            }
            _ => lines.push(Line {
                index,
                start: at,
                end,
                kinds: vec![c],
            }),
        }
    }
    lines.into_iter().map(|line| finding(file, &line)).collect()
}

fn finding(file: FileId, line: &Line) -> Diagnostic {
    let names: Vec<String> = line
        .kinds
        .iter()
        .map(|c| format!("U+{:04X} ({})", *c as u32, bidi_name(*c)))
        .collect();
    let (noun, list) = match names.as_slice() {
        [one] => ("character", one.clone()),
        [init @ .., last] => ("characters", format!("{} and {last}", init.join(", "))),
        [] => ("character", String::new()),
    };
    Diagnostic::new(
        Code::BidiControl,
        format!("this line contains the bidirectional control {noun} {list}"),
        Span::new(file, line.start, line.end),
        "may display in another order than it is read",
    )
    .with_note(
        "invisible controls can make a line show other text than the checker reads (\"Trojan Source\", CVE-2021-42574)",
    )
    .with_help(
        "remove them: right-to-left text displays correctly without them; if one is really meant, allow `bidi-control` on this line with a reason",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_finding_per_line_naming_each_character() {
        let mut sources = SourceMap::new();
        let id = sources.add(
            "t",
            "data a # \u{202E}x\u{2066}y\u{202E}\ndata b\rnote \u{061C}\u{200F}\n",
        );
        let found = check(&sources);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].message,
            "this line contains the bidirectional control characters U+202E (right-to-left override) and U+2066 (left-to-right isolate)"
        );
        assert_eq!(sources.line_col(id, found[1].labels[0].span.start).line, 3);
        assert!(
            found[1]
                .message
                .contains("U+061C (arabic letter mark) and U+200F")
        );
        let clean = sources.add("u", "data é → “x”\n");
        assert!(check_file(&sources, clean).is_empty());
    }
}
