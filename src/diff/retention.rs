//! Whether a retention period got longer or shorter.

use crate::ast::{Duration, Retention, RetentionEvent, RetentionKind, TimeUnit};

/// How a retention period changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compared {
    Same,
    Longer,
    Shorter,
    /// Newly stated where none was: bounded where it was not.
    Stated,
    /// No longer stated.
    Dropped,
    /// Of another form or event: lawful cannot tell which is longer.
    Incomparable,
}

/// A duration in months, when it is counted in months or years.
fn months(d: &Duration) -> Option<u64> {
    match d.unit {
        TimeUnit::Month => Some(u64::from(d.amount)),
        TimeUnit::Year => Some(u64::from(d.amount) * 12),
        TimeUnit::Day | TimeUnit::Week => None,
    }
}

/// The shortest and longest number of days a duration can be.
fn days(d: &Duration) -> (u64, u64) {
    let (low, high) = match d.unit {
        TimeUnit::Day => (1, 1),
        TimeUnit::Week => (7, 7),
        TimeUnit::Month => (28, 31),
        TimeUnit::Year => (365, 366),
    };
    (u64::from(d.amount) * low, u64::from(d.amount) * high)
}

/// Compares two durations: exactly within a family (months and years, days
/// and weeks), by their bounds across families.
fn durations(old: &Duration, new: &Duration) -> Compared {
    if let (Some(a), Some(b)) = (months(old), months(new)) {
        return ordered(b.cmp(&a));
    }
    let ((old_low, old_high), (new_low, new_high)) = (days(old), days(new));
    if old_low == old_high && new_low == new_high {
        ordered(new_low.cmp(&old_low))
    } else if new_low > old_high {
        Compared::Longer
    } else if new_high < old_low {
        Compared::Shorter
    } else {
        Compared::Incomparable
    }
}

fn ordered(o: std::cmp::Ordering) -> Compared {
    match o {
        std::cmp::Ordering::Less => Compared::Shorter,
        std::cmp::Ordering::Equal => Compared::Same,
        std::cmp::Ordering::Greater => Compared::Longer,
    }
}

fn event_key(event: &RetentionEvent) -> String {
    match event {
        RetentionEvent::PurposeAchieved => "purpose achieved".into(),
        RetentionEvent::ContractEnds => "contract ends".into(),
        RetentionEvent::Described(t) => format!("\"{}\"", t.value),
    }
}

/// Compares two retention periods.
pub fn compare(old: Option<&Retention>, new: Option<&Retention>) -> Compared {
    match (old.map(|r| &r.kind), new.map(|r| &r.kind)) {
        (None, None) => Compared::Same,
        (None, Some(_)) => Compared::Stated,
        (Some(_), None) => Compared::Dropped,
        (Some(a), Some(b)) => match (a, b) {
            (RetentionKind::Indefinite, RetentionKind::Indefinite) => Compared::Same,
            (RetentionKind::Indefinite, _) => Compared::Shorter,
            (_, RetentionKind::Indefinite) => Compared::Longer,
            (RetentionKind::Duration { duration: x }, RetentionKind::Duration { duration: y }) => {
                durations(x, y)
            }
            (
                RetentionKind::Until {
                    event: e1,
                    plus: p1,
                },
                RetentionKind::Until {
                    event: e2,
                    plus: p2,
                },
            ) if event_key(e1) == event_key(e2) => match (p1, p2) {
                (None, None) => Compared::Same,
                (None, Some(_)) => Compared::Longer,
                (Some(_), None) => Compared::Shorter,
                (Some(x), Some(y)) => durations(x, y),
            },
            (
                RetentionKind::RequiredByLaw { law: l1, .. },
                RetentionKind::RequiredByLaw { law: l2, .. },
            ) if l1.value == l2.value => Compared::Same,
            _ => Compared::Incomparable,
        },
    }
}

/// A retention period in the policy's words: `5 years`, `until contract
/// ends + 1 year`.
pub fn describe(retention: Option<&Retention>) -> String {
    match retention.map(|r| &r.kind) {
        None => "none stated".into(),
        Some(RetentionKind::Duration { duration }) => duration.to_string(),
        Some(RetentionKind::Until { event, plus }) => {
            let mut text = format!("until {}", event_key(event));
            if let Some(plus) = plus {
                text.push_str(&format!(" + {plus}"));
            }
            text
        }
        Some(RetentionKind::RequiredByLaw { law, .. }) => {
            format!("as required by \"{}\"", law.value)
        }
        Some(RetentionKind::Indefinite) => "indefinitely".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::{FileId, Span};

    fn r(kind: RetentionKind) -> Retention {
        Retention {
            kind,
            span: Span::new(FileId(0), 0, 0),
        }
    }

    fn years(amount: u32) -> RetentionKind {
        RetentionKind::Duration {
            duration: Duration {
                amount,
                unit: TimeUnit::Year,
            },
        }
    }

    #[test]
    fn periods_compare_by_length() {
        assert_eq!(
            compare(Some(&r(years(1))), Some(&r(years(5)))),
            Compared::Longer
        );
        assert_eq!(
            compare(Some(&r(years(5))), Some(&r(years(1)))),
            Compared::Shorter
        );
        assert_eq!(
            compare(Some(&r(years(5))), Some(&r(RetentionKind::Indefinite))),
            Compared::Longer
        );
        let until = RetentionKind::Until {
            event: RetentionEvent::ContractEnds,
            plus: None,
        };
        assert_eq!(
            compare(Some(&r(years(5))), Some(&r(until))),
            Compared::Incomparable
        );
        assert_eq!(compare(None, Some(&r(years(1)))), Compared::Stated);
        let twelve_months = RetentionKind::Duration {
            duration: Duration {
                amount: 12,
                unit: TimeUnit::Month,
            },
        };
        assert_eq!(
            compare(Some(&r(years(1))), Some(&r(twelve_months))),
            Compared::Same
        );
        let days = |amount| RetentionKind::Duration {
            duration: Duration {
                amount,
                unit: TimeUnit::Day,
            },
        };
        assert_eq!(
            compare(Some(&r(years(1))), Some(&r(days(400)))),
            Compared::Longer
        );
        assert_eq!(
            compare(Some(&r(years(1))), Some(&r(days(365)))),
            Compared::Incomparable
        );
    }
}
