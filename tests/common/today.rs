//! An amendment finding's note names the day a policy is checked against,
//! today unless `--as-of` (or the config's `as_of`) says otherwise, so
//! snapshots of it would change every day. Shared by tests/cli.rs and
//! tests/fixtures.rs.

use lawful::law::jurisdiction::Day;

/// `text` with today's date in "checked against the law of <date>" written
/// `[today]`. Only the dates in `days` (today read before and after the run,
/// either side of a midnight it may cross) are replaced, so a wrong day still
/// fails the snapshot.
pub fn redacted(text: &str, days: [Day; 2]) -> String {
    days.iter().fold(text.to_string(), |text, &day| {
        let said = format!(
            "checked against the law of {}",
            lawful::law::amendments::day_text(day)
        );
        text.replace(&said, "checked against the law of [today]")
    })
}
