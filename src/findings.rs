//! Where a check's findings go, from every stage (the load's syntax errors,
//! the resolver's, the rules', the bidi-control scan's). Each is filtered
//! as it comes: `[rules]` levels ([`Config::set_level`]), inline
//! suppressions ([`Suppressions::hides`]), then `--select` / `--ignore`
//! ([`Config::selects`]); the bad or unused suppressions are added at the
//! end, subject to `--select` / `--ignore` only.
//!
//! What passes is kept whole, unless the report will show only some
//! findings of each code ([`Config::with_kept_per_code`]: the formats
//! people read, `--max-per-code`). Then only the first findings of each
//! code in report order are kept, and every finding leaves a 16-byte trace
//! from which [`Counted`] tells how many there were: on an input with a
//! finding on every line, memory no longer grows by a few hundred bytes per
//! finding (issue 13, docs/performance.md "Memory").

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use crate::config::Config;
use crate::diagnostic::{self, Code, Diagnostic, Severity, Sink};
use crate::suppress::{Seen, Suppressions};

/// Findings a check counted but did not keep whole, per code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counted {
    pub per_code: BTreeMap<Code, CountedCode>,
}

/// The findings of one code beyond those a report keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CountedCode {
    pub findings: usize,
    pub errors: usize,
    /// Whether a finding of this code, kept or not, offers a fix.
    pub fixable: bool,
}

impl Counted {
    pub fn findings(&self) -> usize {
        self.per_code.values().map(|c| c.findings).sum()
    }

    pub fn errors(&self) -> usize {
        self.per_code.values().map(|c| c.errors).sum()
    }
}

/// What is left of a finding that was only counted. Two findings with the
/// same trace count once: exact duplicates (a file imported by two policy
/// sets is checked in both) are reported once. Two different findings of
/// one code and severity whose 64-bit hashes collide would also count once.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Trace {
    hash: u64,
    code: Code,
    severity: Severity,
    fixable: bool,
}

impl Trace {
    fn of(d: &Diagnostic) -> Trace {
        // SipHash with fixed keys: the same on every run.
        let mut hasher = std::hash::DefaultHasher::new();
        d.hash(&mut hasher);
        Trace {
            hash: hasher.finish(),
            code: d.code,
            severity: d.severity,
            fixable: !d.fixes.is_empty(),
        }
    }
}

/// A check's findings as they come: see the module's documentation.
pub struct Findings<'a> {
    config: &'a Config,
    suppressions: &'a Suppressions,
    /// Keep whole at most this many of each code (`None`: all).
    cap: Option<usize>,
    /// Without a cap: every finding, in the order they came.
    all: Vec<Diagnostic>,
    /// With a cap: per code, at most twice the cap between compactions.
    first: BTreeMap<Code, Vec<Diagnostic>>,
    /// With a cap: one per finding.
    traces: Vec<Trace>,
    /// Where the findings a suppression could hide lie.
    seen: Vec<Seen>,
}

impl<'a> Findings<'a> {
    pub fn new(config: &'a Config, suppressions: &'a Suppressions) -> Findings<'a> {
        Findings {
            config,
            suppressions,
            cap: config.kept_per_code(),
            all: Vec::new(),
            first: BTreeMap::new(),
            traces: Vec::new(),
            seen: Vec::new(),
        }
    }

    /// An empty sink with the same filters, for one rule on a thread of
    /// its own; its findings come back through [`Findings::absorb`], rule
    /// by rule in a fixed order, so that the report does not depend on the
    /// threads.
    pub fn child(&self) -> Findings<'a> {
        Findings::new(self.config, self.suppressions)
    }

    /// Takes `child`'s findings, as if they had been pushed here.
    pub fn absorb(&mut self, child: Findings<'a>) {
        self.all.extend(child.all);
        self.traces.extend(child.traces);
        self.seen.extend(child.seen);
        for (_, found) in child.first {
            for d in found {
                self.keep_first(d);
            }
        }
    }

    fn keep(&mut self, d: Diagnostic) {
        if self.cap.is_none() {
            self.all.push(d);
            return;
        }
        self.traces.push(Trace::of(&d));
        self.keep_first(d);
    }

    fn keep_first(&mut self, d: Diagnostic) {
        let cap = self.cap.unwrap_or(usize::MAX).max(1);
        let found = self.first.entry(d.code).or_default();
        found.push(d);
        if found.len() >= cap.saturating_mul(2) {
            first_in_order(found, cap);
        }
    }

    /// The findings kept, in report order, and those only counted. The
    /// suppressions that hid nothing are reported here.
    pub fn finish(mut self) -> (Vec<Diagnostic>, Counted) {
        for problem in self.suppressions.finish(&mut self.seen) {
            if self.config.selects(problem.code) {
                self.keep(problem);
            }
        }
        let Some(cap) = self.cap else {
            let mut all = self.all;
            diagnostic::sort(&mut all);
            return (all, Counted::default());
        };
        let mut kept = Vec::new();
        for (_, mut found) in std::mem::take(&mut self.first) {
            first_in_order(&mut found, cap.max(1));
            kept.append(&mut found);
        }
        diagnostic::sort(&mut kept);
        let mut traces = self.traces;
        traces.sort_unstable();
        traces.dedup();
        let mut counted = Counted::default();
        for trace in &traces {
            let entry = counted.per_code.entry(trace.code).or_default();
            entry.findings += 1;
            entry.errors += usize::from(trace.severity == Severity::Error);
            entry.fixable |= trace.fixable;
        }
        // What is kept is not counted again.
        for d in &kept {
            if let Some(entry) = counted.per_code.get_mut(&d.code) {
                entry.findings = entry.findings.saturating_sub(1);
                if d.severity == Severity::Error {
                    entry.errors = entry.errors.saturating_sub(1);
                }
            }
        }
        counted.per_code.retain(|_, c| c.findings > 0);
        (kept, counted)
    }
}

impl Sink for Findings<'_> {
    fn push(&mut self, mut d: Diagnostic) {
        if !self.config.set_level(&mut d) {
            return;
        }
        if let Some((seen, hidden)) = self.suppressions.hides(&d) {
            self.seen.push(seen);
            if hidden {
                return;
            }
        }
        if self.config.selects(d.code) {
            self.keep(d);
        }
    }
}

/// Leaves the first `cap` findings of `found` in report order (a stable
/// sort by [`Diagnostic::sort_key`], exact duplicates next to each other
/// dropped, as [`diagnostic::sort`] does): those a report showing `cap`
/// per code prints. The order among equal keys is the order they came in.
fn first_in_order(found: &mut Vec<Diagnostic>, cap: usize) {
    diagnostic::sort(found);
    found.truncate(cap);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::{FileId, Span};

    /// Findings of three codes at pseudo-random places, in an order that is
    /// not the report's, with exact duplicates and findings that share a
    /// place, a code and a message but not their labels.
    fn findings() -> Vec<Diagnostic> {
        let codes = [
            Code::UnusedDefinition,
            Code::VaguePurpose,
            Code::DuplicateDefinition,
        ];
        let mut state = 0x2545_f491_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut found = Vec::new();
        for i in 0..600 {
            let code = codes[next(3) as usize];
            let at = next(40) as usize * 10;
            let span = Span::new(FileId(next(2) as u32), at, at + 3);
            let mut d = Diagnostic::new(code, format!("m{}", next(3)), span, "here");
            if next(2) == 0 {
                d = d.with_label(Span::new(span.file, 0, 1), format!("l{i}"));
            }
            if next(4) == 0 {
                d.severity = Severity::Error;
            }
            if next(5) == 0 {
                found.push(d.clone());
            }
            found.push(d);
        }
        found
    }

    #[test]
    fn the_first_of_each_code_are_those_of_the_whole_report() {
        let config = Config::default();
        let suppressions = Suppressions::default();
        let mut all = Findings::new(&config, &suppressions);
        all.extend_from(findings());
        let (all, none) = all.finish();
        assert_eq!(none, Counted::default());
        for cap in [1, 2, 3, 7, 50, 400, 10_000] {
            let config = Config::default().with_kept_per_code(Some(cap));
            let mut kept = Findings::new(&config, &suppressions);
            // Through children too, as the rules' threads hand them over.
            let mut child = kept.child();
            let mut list = findings();
            let second_half = list.split_off(list.len() / 2);
            kept.extend_from(list);
            child.extend_from(second_half);
            kept.absorb(child);
            let (kept, counted) = kept.finish();
            let mut expected = Vec::new();
            let mut per_code: BTreeMap<Code, CountedCode> = BTreeMap::new();
            for d in &all {
                let entry = per_code.entry(d.code).or_default();
                if entry.findings < cap {
                    expected.push(d.clone());
                } else {
                    entry.errors += usize::from(d.severity == Severity::Error);
                }
                entry.findings += 1;
                entry.fixable |= !d.fixes.is_empty();
            }
            assert_eq!(kept, expected, "cap {cap}");
            for entry in per_code.values_mut() {
                entry.findings = entry.findings.saturating_sub(cap);
            }
            per_code.retain(|_, c| c.findings > 0);
            assert_eq!(counted.per_code, per_code, "cap {cap}");
        }
    }
}
