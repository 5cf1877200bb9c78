//! A change's message as segments, so that each output escapes what is the
//! user's (names, quoted text) for where it goes, and never lawful's own
//! words by accident.

use serde::Serialize;

/// One piece of a message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Seg {
    /// lawful's words.
    Words(String),
    /// A name from the policy, shown in backticks.
    Name(String),
    /// Free text from the policy, shown in quotes.
    Quote(String),
}

/// A message: lower case, no full stop, names in backticks.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Message(pub Vec<Seg>);

impl Message {
    pub fn new() -> Message {
        Message::default()
    }

    pub fn words(mut self, words: impl Into<String>) -> Message {
        let words = words.into();
        if let Some(Seg::Words(last)) = self.0.last_mut() {
            last.push_str(&words);
        } else if !words.is_empty() {
            self.0.push(Seg::Words(words));
        }
        self
    }

    pub fn name(mut self, name: impl Into<String>) -> Message {
        self.0.push(Seg::Name(name.into()));
        self
    }

    pub fn quote(mut self, text: impl Into<String>) -> Message {
        self.0.push(Seg::Quote(text.into()));
        self
    }

    /// `a`, `a` and `b`, `a`, `b` and `c`.
    pub fn names<S: AsRef<str>>(mut self, names: &[S]) -> Message {
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                self = self.words(if i + 1 == names.len() { " and " } else { ", " });
            }
            self = self.name(name.as_ref());
        }
        self
    }

    /// Appends another message.
    pub fn then(mut self, other: Message) -> Message {
        for seg in other.0 {
            self = match seg {
                Seg::Words(w) => self.words(w),
                seg => {
                    self.0.push(seg);
                    self
                }
            };
        }
        self
    }

    /// Reads a message the graph wrote with names in backticks ("provided
    /// to `acme`"): names are identifiers, which hold no backtick.
    pub fn backticked(text: &str) -> Message {
        let mut message = Message::new();
        for (i, part) in text.split('`').enumerate() {
            message = if i % 2 == 1 {
                message.name(part)
            } else {
                message.words(part)
            };
        }
        message
    }

    /// The message as plain text: names in backticks, quotes in quotes.
    pub fn plain(&self) -> String {
        self.render(
            |s| s.to_string(),
            |n| format!("`{n}`"),
            |q| format!("\"{q}\""),
        )
    }

    /// Renders each kind of segment with its own function.
    pub fn render(
        &self,
        words: impl Fn(&str) -> String,
        name: impl Fn(&str) -> String,
        quote: impl Fn(&str) -> String,
    ) -> String {
        let mut out = String::new();
        for seg in &self.0 {
            out.push_str(&match seg {
                Seg::Words(w) => words(w),
                Seg::Name(n) => name(n),
                Seg::Quote(q) => quote(q),
            });
        }
        out
    }
}

/// "is" or "are" for a list of this length.
pub fn is(count: usize) -> &'static str {
    if count == 1 { "is" } else { "are" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_backticks() {
        let m = Message::new()
            .names(&["a", "b", "c"])
            .words(" ")
            .then(Message::backticked("provided to `acme`"));
        assert_eq!(m.plain(), "`a`, `b` and `c` provided to `acme`");
        assert_eq!(m.0.iter().filter(|s| matches!(s, Seg::Name(_))).count(), 4);
    }
}
