//! `vague-purpose`: a purpose whose text is a catch-all ("for other
//! purposes", "for any purpose") instead of saying what the data is used for.
//!
//! The list of catch-all phrases is short on purpose: every finding must be
//! one a lawyer would defend. A phrase is on it only if it stands for
//! purposes in general, not if it merely leaves a list of examples open:
//! "etc.", "and so on" and "including but not limited to" usually qualify a
//! list of channels or services inside an otherwise specific purpose
//! ("usage of services, websites, etc."), and "as necessary" or "as needed"
//! qualify how often, not what for, so none of these is reported.

use super::{Context, Rule};
use crate::ast::Text;
use crate::diagnostic::{Code, Diagnostic, Sink};
use crate::resolve::Regime;
use crate::span::Span;

pub const RULE: Rule = Rule {
    code: Code::VaguePurpose,
    explanation: EXPLANATION,
    check,
};

const EXPLANATION: &str = r#"## What it checks

That no purpose of use is stated as a catch-all. The rule looks in the text
of every `purpose` for a phrase that stands for purposes in general, matched
without regard to case and on whole words:

- "other purposes", "other purpose", "such other purposes"
- "any purpose", "any purposes", "any other purpose", "any other purposes",
  "any lawful purpose", "any lawful purposes"
- "all purposes", "various purposes", "whatever purpose", "whatever purposes"
- "business purposes", "business purpose"

A phrase is not reported when a negation comes just before it ("and for no
other purpose", "not for any other purpose"), or when "the", "these" or
"those" refers back to purposes already listed ("the other purposes above").

The list is deliberately conservative. "etc.", "and so on" and "including but
not limited to" are not on it: they usually leave a list of examples open
inside a purpose that is otherwise specific. Neither are "as necessary" and
"as needed", which say how often, not what for.

## Why it matters

- APPI Art. 17(1): a business must specify the purpose of use as
  specifically as possible. The Personal Information Protection Commission's
  guidelines give "for use in our business activities" as an example of a
  purpose that is not specific enough; a person must be able to tell from the
  purpose what will be done with their data.
- GDPR Art. 5(1)(b): personal data may only be collected for specified,
  explicit and legitimate purposes. A catch-all defeats purpose limitation,
  because every later use would fit it.

## Example

```policy
policy "Northwind Library" under APPI

controller northwind "Northwind Library Co., Ltd." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}

contact desk "Privacy Desk" {
  email "privacy@northwind.example"
  handles "requests and complaints about personal information"
}

data email "E-mail address"
subject members "Library members"

purpose newsletter "To send the monthly newsletter and for other purposes" {
  basis consent
  retain until purpose achieved
}

collect email from members for newsletter with consent

rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}

security {
  measure technical "Access to member records is limited to library staff"
}

on complaint via desk "We answer complaints within 14 days"
```

## Fix

Say what the other uses are, each as its own purpose, or drop them:

```policy
policy "Northwind Library" under APPI

controller northwind "Northwind Library Co., Ltd." {
  address "1-2-3 Example-cho, Chiyoda-ku, Tokyo"
  representative "Hanako Example"
}

contact desk "Privacy Desk" {
  email "privacy@northwind.example"
  handles "requests and complaints about personal information"
}

data email "E-mail address"
subject members "Library members"

purpose newsletter "To send the monthly newsletter about new books" {
  basis consent
  retain until purpose achieved
}

collect email from members for newsletter with consent

rights {
  handles disclosure, correction, deletion, cessation, purpose_notification, third_party_records
  contact desk
}

security {
  measure technical "Access to member records is limited to library staff"
}

on complaint via desk "We answer complaints within 14 days"
```
"#;

/// Catch-all phrases, as lower-case words.
const PHRASES: &[&[&str]] = &[
    &["such", "other", "purposes"],
    &["any", "other", "purposes"],
    &["any", "other", "purpose"],
    &["any", "lawful", "purposes"],
    &["any", "lawful", "purpose"],
    &["other", "purposes"],
    &["other", "purpose"],
    &["any", "purposes"],
    &["any", "purpose"],
    &["all", "purposes"],
    &["various", "purposes"],
    &["whatever", "purposes"],
    &["whatever", "purpose"],
    &["business", "purposes"],
    &["business", "purpose"],
];

/// Words that, just before a phrase, negate it.
const NEGATIONS: &[&str] = &["no", "not", "never", "nor", "without"];

/// Words that, just before a phrase, make it refer back to listed purposes.
const BACK_REFERENCES: &[&str] = &["the", "these", "those"];

const APPI_NOTE: &str =
    "APPI Art. 17(1): the purpose of use must be specified as specifically as possible";
const GDPR_NOTE: &str = "GDPR Art. 5(1)(b): personal data may only be collected for specified, explicit and legitimate purposes";

fn check(cx: &Context, out: &mut dyn Sink) {
    let model = cx.model;
    let appi = model.under(Regime::Appi);
    let gdpr = model.under(Regime::Gdpr);
    if !appi && !gdpr {
        return;
    }
    for purpose in &model.purposes {
        let found = catch_alls(&purpose.text.value);
        let Some((first, rest)) = found.split_first() else {
            continue;
        };
        let quoted = |range: &std::ops::Range<usize>| {
            purpose
                .text
                .value
                .get(range.clone())
                .unwrap_or("")
                .to_string()
        };
        let mut diagnostic = Diagnostic::new(
            Code::VaguePurpose,
            format!("purpose `{}` is stated as a catch-all", purpose.name.name),
            sub_span(&purpose.text, first),
            format!(
                "\"{}\" does not say what the data is used for",
                quoted(first)
            ),
        );
        for range in rest {
            diagnostic = diagnostic.with_label(
                sub_span(&purpose.text, range),
                format!("\"{}\" is a catch-all too", quoted(range)),
            );
        }
        if appi {
            diagnostic = diagnostic.with_note(APPI_NOTE);
        }
        if gdpr {
            diagnostic = diagnostic.with_note(GDPR_NOTE);
        }
        out.push(diagnostic.with_help(
            "say what the data is used for: declare each use as its own `purpose`, or drop the catch-all",
        ));
    }
}

/// A word of the text and its byte range.
struct Word {
    lower: String,
    start: usize,
    end: usize,
}

fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(Word {
                    lower: text[s..i].to_lowercase(),
                    start: s,
                    end: i,
                });
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// The byte ranges of the catch-all phrases in `text`, in text order.
fn catch_alls(text: &str) -> Vec<std::ops::Range<usize>> {
    let words = words(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let matched = PHRASES
            .iter()
            .find(|phrase| matches_at(text, &words, i, phrase));
        match matched {
            Some(phrase) if !excluded(&words, i) => {
                let last = &words[i + phrase.len() - 1];
                found.push(words[i].start..last.end);
                i += phrase.len();
            }
            Some(phrase) => i += phrase.len(),
            None => i += 1,
        }
    }
    found
}

/// Whether `phrase` starts at word `i`, its words separated by white space only.
fn matches_at(text: &str, words: &[Word], i: usize, phrase: &[&str]) -> bool {
    let Some(window) = words.get(i..i + phrase.len()) else {
        return false;
    };
    window.iter().zip(phrase.iter()).all(|(w, p)| w.lower == *p)
        && window.windows(2).all(|pair| {
            text.get(pair[0].end..pair[1].start)
                .is_some_and(|gap| gap.chars().all(char::is_whitespace))
        })
}

/// A negation among the two words before, or a back reference just before.
fn excluded(words: &[Word], i: usize) -> bool {
    let before = |n: usize| {
        i.checked_sub(n)
            .and_then(|j| words.get(j))
            .map(|w| w.lower.as_str())
    };
    let negated = [before(1), before(2)]
        .iter()
        .flatten()
        .any(|w| NEGATIONS.contains(w));
    let back = before(1).is_some_and(|w| BACK_REFERENCES.contains(&w));
    negated || back
}

/// The span of `range` of the text's value inside its quoted literal. When
/// the literal has escapes, offsets in the value do not match offsets in the
/// source, so the whole literal is labelled instead.
fn sub_span(text: &Text, range: &std::ops::Range<usize>) -> Span {
    let literal = text.span.end.saturating_sub(text.span.start) as usize;
    if literal != text.value.len() + 2 {
        return text.span;
    }
    let start = text.span.start as usize + 1 + range.start;
    let end = text.span.start as usize + 1 + range.end;
    Span::new(text.span.file, start, end)
}

#[cfg(test)]
mod tests {
    use super::catch_alls;

    fn phrases(text: &str) -> Vec<&str> {
        catch_alls(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_catch_alls_on_word_boundaries() {
        assert_eq!(
            phrases("For other purposes, per the terms"),
            ["other purposes"]
        );
        assert_eq!(phrases("For ANY\n purpose at all"), ["ANY\n purpose"]);
        assert_eq!(phrases("for any other purpose"), ["any other purpose"]);
        assert_eq!(phrases("mother purposes"), Vec::<&str>::new());
        assert_eq!(phrases("other, purposes"), Vec::<&str>::new());
    }

    #[test]
    fn skips_negations_back_references_and_open_lists() {
        assert!(phrases("To send newsletters, and for no other purpose").is_empty());
        assert!(phrases("To send newsletters, not for any other purpose").is_empty());
        assert!(phrases("In support of the other purposes above").is_empty());
        assert!(phrases("Usage of services, websites, etc., as necessary").is_empty());
        assert!(phrases("Other services including but not limited to books").is_empty());
    }
}
