//! `lawful fmt`: idempotent, keeps every comment, never changes meaning.
//!
//! Every policy in the repository (policies/, examples/, the ```policy blocks
//! of docs/*.md, the fixtures without syntax errors) and a few hundred
//! generated ones are formatted, and the result must
//! (a) format to itself, (b) have the same tokens and comments,
//! (c) give the same diagnostics and (d) compile to the same model.
//! Nothing here writes to the repository: the CLI tests work on copies.

use std::path::{Path, PathBuf};
use std::process::Command;

use lawful::fmt::{FormatError, format_str, strip_spans};
use lawful::span::FileId;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn policy_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            policy_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "policy") {
            out.push(path);
        }
    }
}

/// The ```policy blocks of a Markdown file.
fn policy_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim_start().starts_with("```policy") => current = Some(String::new()),
            Some(block) if line.trim_start().starts_with("```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// Every policy of the repository that has no syntax error, by name.
fn corpus() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for dir in ["policies", "examples", "tests/fixtures"] {
        policy_files(&root().join(dir), &mut files);
    }
    let mut out: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            let name = p.strip_prefix(root()).unwrap().display().to_string();
            (name, std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let mut docs = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root().join("docs")) {
        docs = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
    }
    docs.sort();
    for doc in docs {
        let text = std::fs::read_to_string(&doc).unwrap();
        for (i, block) in policy_blocks(&text).into_iter().enumerate() {
            out.push((format!("{} block {}", doc.display(), i + 1), block));
        }
    }
    out.retain(|(_, text)| lawful::syntax::tokens(FileId(0), text).is_ok());
    out
}

/// The text outside strings and comments with all white space removed,
/// then each string, then each comment (trimmed at the end).
fn characters(source: &str) -> (String, Vec<String>, Vec<String>) {
    let (mut code, mut strings, mut comments) = (String::new(), Vec::new(), Vec::new());
    let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let mut end = source.len();
                while let Some((j, c)) = chars.next() {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        end = j + 1;
                        break;
                    }
                }
                strings.push(source[i..end].to_string());
                code.push('"');
            }
            '#' => {
                let end = source[i..].find('\n').map_or(source.len(), |n| i + n);
                comments.push(source[i..end].trim_end().to_string());
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            c if c.is_whitespace() || c == '\u{FEFF}' => {}
            c => code.push(c),
        }
    }
    (code, strings, comments)
}

/// The grammar's tokens, with multi-word keywords' spacing made single.
fn grammar_tokens(source: &str) -> Vec<(String, bool)> {
    let tokens = lawful::syntax::tokens(FileId(0), source).unwrap();
    tokens
        .iter()
        .map(|t| {
            let raw = &source[t.start()..t.end()];
            let text = if raw.starts_with('"') {
                raw.to_string()
            } else {
                raw.split_whitespace().collect::<Vec<_>>().join(" ")
            };
            (text, t.starts_line)
        })
        .collect()
}

/// One label, without its position: whether it is primary, its message,
/// the grammar token it starts at, its text without white space, and
/// whether it runs to the end of a line.
#[derive(Debug)]
struct Label {
    primary: bool,
    message: String,
    first_token: usize,
    text: String,
    to_line_end: bool,
}

impl PartialEq for Label {
    /// A label that runs to the end of a line (the head of a flow is its
    /// first line) covers more or less of a declaration whose line breaks
    /// moved; it still starts at the same token and reads the same.
    fn eq(&self, other: &Label) -> bool {
        let same_text = if self.to_line_end || other.to_line_end {
            self.text.starts_with(&other.text) || other.text.starts_with(&self.text)
        } else {
            self.text == other.text
        };
        self.primary == other.primary
            && self.message == other.message
            && self.first_token == other.first_token
            && same_text
    }
}

/// Diagnostics without positions: code, message, notes, help and labels;
/// and the compiled model without spans, as JSON.
fn diagnostics(name: &str, source: &str) -> (Vec<(String, Vec<Label>)>, String) {
    let report = lawful::check_source(name, source);
    let starts: Vec<usize> = lawful::syntax::tokens(FileId(0), source)
        .unwrap()
        .iter()
        .map(|t| t.start())
        .collect();
    let shown = report
        .diagnostics
        .iter()
        .map(|d| {
            let labels = d
                .labels
                .iter()
                .map(|l| {
                    let file = report.sources.text(l.span.file);
                    let text = file.get(l.span.range()).unwrap_or("");
                    let after = file.get(l.span.end as usize..).unwrap_or("");
                    Label {
                        primary: l.primary,
                        message: l.message.to_string(),
                        first_token: starts.partition_point(|&s| s < l.span.start as usize),
                        text: text
                            .chars()
                            .filter(|c| !c.is_whitespace() && *c != '\u{FEFF}')
                            .collect(),
                        to_line_end: after
                            .trim_start_matches([' ', '\t'])
                            .starts_with(['\n', '\r', '\u{FEFF}', '#'])
                            || after.is_empty(),
                    }
                })
                .collect();
            let head = format!(
                "{} {} | {:?} {:?}",
                d.code.info().code,
                d.message,
                d.notes,
                d.help
            );
            (head, labels)
        })
        .collect();
    let model = report
        .compiled
        .first()
        .map(|c| {
            let mut value = serde_json::to_value(&c.model).unwrap();
            strip_spans(&mut value);
            value.to_string()
        })
        .unwrap_or_default();
    (shown, model)
}

fn assert_formats_faithfully(name: &str, source: &str) {
    let formatted = match format_str(source) {
        Ok(text) => text,
        Err(e) => panic!("{name}: {e:?}\n{source}"),
    };
    let context = || format!("{name}\n--- source ---\n{source}\n--- formatted ---\n{formatted}");
    // (a) idempotent
    let again = format_str(&formatted).unwrap_or_else(|e| panic!("{e:?}: {}", context()));
    assert_eq!(again, formatted, "not idempotent: {}", context());
    // (b) only white space changed: same characters, strings, comments and tokens
    assert_eq!(
        characters(source),
        characters(&formatted),
        "text changed: {}",
        context()
    );
    assert_eq!(
        grammar_tokens(source),
        grammar_tokens(&formatted),
        "tokens changed: {}",
        context()
    );
    // (c) and (d): same diagnostics, same model
    let (before, model_before) = diagnostics(name, source);
    let (after, model_after) = diagnostics(name, &formatted);
    assert_eq!(before, after, "diagnostics changed: {}", context());
    assert_eq!(model_before, model_after, "model changed: {}", context());
    // The layout rules that are easy to state line by line.
    if !formatted.is_empty() {
        assert!(
            formatted.ends_with('\n') && !formatted.ends_with("\n\n"),
            "{}",
            context()
        );
    }
    assert!(
        !formatted.starts_with('\n') && !formatted.contains("\n\n\n"),
        "{}",
        context()
    );
    assert!(
        !formatted.contains("{\n\n") && !formatted.contains("\n\n}"),
        "{}",
        context()
    );
}

#[test]
fn every_policy_in_the_repository_formats_faithfully() {
    let corpus = corpus();
    assert!(corpus.len() > 20, "only {} policies found", corpus.len());
    assert!(
        corpus
            .iter()
            .any(|(name, _)| name == "policies/jcom.policy")
    );
    for (name, source) in &corpus {
        assert_formats_faithfully(name, source);
    }
}

#[test]
fn files_with_syntax_errors_are_not_formatted() {
    let mut files = Vec::new();
    policy_files(
        &root().join("tests/fixtures/names/syntax-error"),
        &mut files,
    );
    let broken: Vec<_> = files
        .iter()
        .filter(|p| {
            p.file_stem()
                .unwrap()
                .to_string_lossy()
                .starts_with("invalid")
        })
        .collect();
    assert!(!broken.is_empty());
    for path in broken {
        let source = std::fs::read_to_string(path).unwrap();
        assert!(
            matches!(format_str(&source), Err(FormatError::Syntax(d)) if !d.is_empty()),
            "{}",
            path.display()
        );
    }
}

// ------------------------------------------------------------ generated --

/// A deterministic pseudo-random sequence (Knuth's MMIX LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// One token of a generated declaration.
enum T {
    /// A word or a multi-word keyword (its words joined by `space` below).
    Word(String),
    Str(String),
    Punct(&'static str),
    /// A word never preceded by a byte order mark alone: `by` + mark +
    /// `succession` on a line an inline suppression covers can be laid out
    /// neither as a keyword nor across lines, so `lawful fmt` refuses it.
    NoMarkBefore(&'static str),
}

fn w(s: &str) -> T {
    T::Word(s.to_string())
}

const NAMES: &[&str] = &[
    "a",
    "b",
    "name",
    "email",
    "x_1",
    "data_base",
    "members",
    "web",
    "p",
    "q",
    "group",
];
const COMMENTS: &[&str] = &[
    "# c",
    "# a {comment} with \"quotes\" and , : ( ) +",
    "#",
    "# 日本語のコメント",
    "## x  ",
    // Inline suppressions point at lines: the layout must not move tokens
    // onto or off the line they cover.
    "# lawful: allow(undefined-reference) reason: \"generated\"",
    "# lawful: allow(L002, missing-retention) reason: \"x\"",
    "# lawful: allow(vague-purpose)",
];

fn name(r: &mut Lcg) -> T {
    w(r.pick(NAMES))
}

fn string(r: &mut Lcg) -> T {
    let body = r.pick(&[
        "x",
        "",
        "a \\\"quoted\\\" word",
        "back\\\\slash",
        "tab\\tnew\\nline",
        "two\nlines",
        "# not a comment { }",
        "日本",
    ]);
    T::Str(format!("\"{body}\""))
}

fn list(r: &mut Lcg, out: &mut Vec<T>) {
    out.push(name(r));
    for _ in 0..r.below(3) {
        out.push(T::Punct(","));
        out.push(name(r));
    }
}

fn property(r: &mut Lcg, block: &str) -> Vec<T> {
    let mut p = Vec::new();
    match (block, r.below(4)) {
        (_, 0) => p.extend([w(r.pick(&["note", "commitment"])), string(r)]),
        ("purpose", 1) => {
            p.push(w("basis"));
            p.push(w(r.pick(&[
                "consent",
                "contract",
                "legal obligation",
                "vital\tinterests",
            ])));
            if r.chance(40) {
                p.extend([T::Punct(","), w("public   health")]);
            }
        }
        ("purpose", 2) | ("flow", 2) => {
            p.push(w("retain"));
            match r.below(5) {
                0 => p.extend([
                    w("for"),
                    w(r.pick(&["5", "1,000", "12,345,678"])),
                    w(r.pick(&["years", "day"])),
                ]),
                1 => p.extend([
                    w("until"),
                    w("contract ends"),
                    T::Punct("+"),
                    w("1"),
                    w("year"),
                ]),
                2 => p.extend([w("until"), w("purpose achieved")]),
                3 => {
                    p.extend([w("as required by"), string(r)]);
                    if r.chance(50) {
                        p.extend([
                            w("cites"),
                            w("APPI"),
                            w("27(1)(ii)"),
                            T::Punct(","),
                            w("GDPR"),
                            w("6"),
                        ]);
                    }
                }
                _ => p.push(w("indefinitely")),
            }
        }
        ("purpose", _) => p.extend([w("within"), name(r)]),
        ("flow", _) => p.extend([
            w(r.pick(&["contract", "selected by", "safeguard"])),
            string(r),
        ]),
        ("rights", 1) => {
            p.extend([w("fee"), w(r.pick(&["1,000", "300"])), w("yen")]);
            if r.chance(60) {
                p.extend([
                    T::Punct("("),
                    w("1,100"),
                    w("yen"),
                    w("with tax"),
                    T::Punct(")"),
                ]);
            }
            p.push(w("per  request"));
            if r.chance(50) {
                p.push(w("for"));
                list(r, &mut p);
            }
        }
        ("rights", 2) => {
            p.extend([w("identity"), string(r)]);
            if r.chance(50) {
                p.extend([w("note"), string(r)]);
            }
        }
        ("rights", _) => {
            p.push(w("handles"));
            list(r, &mut p);
        }
        (_, _) => p.extend([w(r.pick(&["address", "url", "country"])), string(r)]),
    }
    p
}

fn block(r: &mut Lcg, kind: &str, d: &mut Vec<T>) {
    d.push(T::Punct("{"));
    for _ in 0..r.below(4) {
        d.extend(property(r, kind));
    }
    d.push(T::Punct("}"));
}

fn declaration(r: &mut Lcg) -> Vec<T> {
    let mut d = Vec::new();
    match r.below(9) {
        0 => {
            d.extend([w("policy"), string(r)]);
            if r.chance(50) {
                d.extend([w("under"), w("APPI"), T::Punct(","), w("GDPR")]);
            }
            if r.chance(50) {
                d.extend([
                    T::Punct("{"),
                    w("effective"),
                    w("2024-02-29"),
                    T::Punct("}"),
                ]);
            }
        }
        1 => {
            d.push(w("data"));
            for i in 0..=r.below(3) {
                if i > 0 {
                    d.push(T::Punct(","));
                }
                d.push(name(r));
                if r.chance(50) {
                    d.push(string(r));
                }
                if r.chance(50) {
                    d.extend([w("in"), w("user.contact.email")]);
                }
                if r.chance(40) {
                    d.extend([T::Punct(":"), w("special \t care")]);
                }
            }
        }
        2 => {
            d.extend([w("purpose"), name(r), string(r)]);
            if r.chance(80) {
                block(r, "purpose", &mut d);
            }
        }
        3 => {
            d.push(w("collect"));
            list(r, &mut d);
            d.push(w("from"));
            list(r, &mut d);
            d.push(w("for"));
            list(r, &mut d);
            if r.chance(50) {
                d.push(w("with consent"));
            }
            if r.chance(50) {
                block(r, "flow", &mut d);
            }
        }
        4 => {
            // `by` and `succession` as two tokens: a line break between them
            // must survive, or they would become the `by succession` keyword.
            d.push(w("use"));
            list(r, &mut d);
            d.extend([w("for"), name(r), w("by"), T::NoMarkBefore("succession")]);
        }
        5 => {
            d.extend([w("provide"), name(r), w("to"), name(r), w("for"), name(r)]);
            d.push(w(r.pick(&["by succession", "on request", "with consent"])));
            if r.chance(50) {
                d.extend([w("under"), name(r)]);
            }
        }
        6 => {
            d.push(w("rights"));
            block(r, "rights", &mut d);
        }
        7 => {
            d.extend([w("controller"), name(r), string(r)]);
            block(r, "controller", &mut d);
        }
        _ => {
            d.extend([w("joint use"), name(r), T::Punct("{"), w("items")]);
            list(r, &mut d);
            d.extend([w("responsible"), string(r)]);
            if r.chance(50) {
                d.extend([T::Punct("{"), w("address"), string(r), T::Punct("}")]);
            }
            d.push(T::Punct("}"));
        }
    }
    d
}

/// White space and comments between two tokens; `may_be_empty` when one
/// of them is punctuation or a string.
fn gap(r: &mut Lcg, may_be_empty: bool, newline: &str) -> String {
    let options: &[&str] = &[
        "", " ", "   ", "\t", "\n", "\n\n\n", "  \n    ", "C", "\nC\n\n", "\u{FEFF}",
    ];
    let mut choice = if r.chance(60) { " " } else { r.pick(options) };
    if choice.is_empty() && !may_be_empty {
        choice = " ";
    }
    let mut out = String::new();
    for c in choice.chars() {
        match c {
            'C' => {
                out.push(' ');
                out.push_str(r.pick(COMMENTS));
                out.push_str(newline);
            }
            '\n' => out.push_str(newline),
            c => out.push(c),
        }
    }
    out
}

fn generate(seed: u64) -> String {
    let mut r = Lcg(seed);
    let newline = if r.chance(20) { "\r\n" } else { "\n" };
    let mut out = String::new();
    if r.chance(10) {
        // On the first line, a byte order mark before a suppression makes
        // `crate::suppress` read it as a trailing one; `fmt` drops the mark.
        out.push('\u{FEFF}');
        out.push_str(newline);
    }
    for _ in 0..r.below(8) {
        let tokens = declaration(&mut r);
        out.push_str(&gap(&mut r, false, newline));
        let mut previous_word = false;
        for token in tokens {
            let no_mark = matches!(token, T::NoMarkBefore(_));
            let (text, word) = match token {
                T::Word(s) => {
                    let space = r.pick(&[" ", "  ", "\t"]);
                    (
                        s.split(' ')
                            .filter(|x| !x.is_empty())
                            .collect::<Vec<_>>()
                            .join(space),
                        true,
                    )
                }
                T::Str(s) => (s, false),
                T::Punct(p) => (p.to_string(), false),
                T::NoMarkBefore(s) => (s.to_string(), true),
            };
            let mut between = gap(&mut r, !(previous_word && word), newline);
            if no_mark {
                between = between.replace('\u{FEFF}', " ");
            }
            out.push_str(&between);
            out.push_str(&text);
            previous_word = word;
        }
        if r.chance(30) {
            out.push_str(&gap(&mut r, false, newline));
        }
    }
    if r.chance(50) {
        out.push_str(newline);
    }
    // `crate::suppress` does not take a byte order mark for white space, so
    // one that starts a line's text can change which line a suppression
    // covers once `fmt` drops it; keep marks inside lines.
    let mut kept = String::with_capacity(out.len());
    for (n, line) in out.split_inclusive('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '\t', '\r', '\u{FEFF}']).len();
        let (head, rest) = line.split_at(indent);
        if n == 0 && line.trim_end() == "\u{FEFF}" {
            kept.push_str(head); // the leading mark, on a line of its own
        } else {
            kept.push_str(&head.replace('\u{FEFF}', " "));
        }
        kept.push_str(rest);
    }
    kept
}

#[test]
fn generated_policies_format_faithfully() {
    // LAWFUL_FMT_SEEDS=100000 cargo test --release --test fmt generated
    // searches further.
    let seeds: u64 = std::env::var("LAWFUL_FMT_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400);
    for seed in 0..seeds {
        let source = generate(seed);
        if let Err(errors) = lawful::syntax::tokens(FileId(0), &source) {
            panic!("generated policy {seed} does not parse: {errors:?}\n{source}");
        }
        assert_formats_faithfully(&format!("generated {seed}"), &source);
    }
}

// ------------------------------------------------------------------ CLI --

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lawful-fmt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    dir
}

fn lawful(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const UGLY: &str = "purpose p \"x\" { basis contract }   # done\n\n\n\ndata a,b\n";
const PRETTY: &str = "purpose p \"x\" {\n  basis contract\n}  # done\n\ndata a, b\n";

#[test]
fn cli_rewrites_files_and_directories() {
    let dir = scratch("write");
    std::fs::write(dir.join("sub/one.policy"), UGLY).unwrap();
    std::fs::write(dir.join("sub/two.policy"), PRETTY).unwrap();
    std::fs::write(dir.join("sub/notes.txt"), UGLY).unwrap();
    let (code, _, stderr) = lawful(&["fmt", "."], &dir);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("sub/one.policy")).unwrap(),
        PRETTY
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("sub/two.policy")).unwrap(),
        PRETTY
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("sub/notes.txt")).unwrap(),
        UGLY
    );
    assert!(
        stderr.contains("1 file reformatted, 1 already formatted"),
        "{stderr}"
    );
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(dir.join("sub"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn cli_check_prints_a_diff_and_writes_nothing() {
    let dir = scratch("check");
    std::fs::write(dir.join("one.policy"), UGLY).unwrap();
    let (code, stdout, _) = lawful(&["fmt", "--check", "one.policy"], &dir);
    assert_eq!(code, 1);
    assert_eq!(
        std::fs::read_to_string(dir.join("one.policy")).unwrap(),
        UGLY
    );
    assert!(
        stdout.starts_with("--- one.policy\n+++ one.policy (formatted)\n@@ "),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n-purpose p \"x\" { basis contract }   # done\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\n+  basis contract\n"), "{stdout}");
    std::fs::write(dir.join("one.policy"), PRETTY).unwrap();
    let (code, stdout, _) = lawful(&["fmt", "--check", "one.policy"], &dir);
    assert_eq!((code, stdout.as_str()), (0, ""));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn cli_leaves_files_with_syntax_errors_alone() {
    let dir = scratch("syntax");
    let broken = "purpose p \"x\" {  bsis contract }\n";
    std::fs::write(dir.join("bad.policy"), broken).unwrap();
    std::fs::write(dir.join("good.policy"), UGLY).unwrap();
    let (code, _, stderr) = lawful(&["fmt", "bad.policy", "good.policy"], &dir);
    assert_eq!(code, 1);
    assert!(stderr.contains("error[L"), "{stderr}");
    assert!(stderr.contains("bad.policy:1:"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("bad.policy")).unwrap(),
        broken
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("good.policy")).unwrap(),
        PRETTY
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn cli_reports_unreadable_files_with_exit_2() {
    let dir = scratch("unreadable");
    std::fs::write(dir.join("binary.policy"), b"data a\0").unwrap();
    let (code, _, stderr) = lawful(&["fmt", "missing.policy", "binary.policy"], &dir);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("missing.policy: no such file or directory"),
        "{stderr}"
    );
    assert!(
        stderr.contains("binary.policy: is a binary file (a NUL byte at offset 6), not a policy"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn cli_formats_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_lawful"))
        .args(["fmt", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(UGLY.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), PRETTY);
}

#[test]
fn the_before_and_after_of_the_documentation_agree() {
    let doc = std::fs::read_to_string(root().join("docs/fmt.md")).unwrap();
    let (_, section) = doc.split_once("## Before and after").unwrap();
    let blocks = policy_blocks(section);
    let [before, after, ..] = blocks.as_slice() else {
        panic!("docs/fmt.md should show a policy before and after")
    };
    assert_eq!(format_str(before).unwrap(), *after);
    // Every other example in it is formatted already.
    for block in policy_blocks(&doc).iter().filter(|b| *b != before) {
        assert_eq!(format_str(block).unwrap(), *block);
    }
}
