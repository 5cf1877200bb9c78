//! `fmt` on arbitrary input: when it formats, formatting again changes
//! nothing and the findings stay the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(once) = lawful::fmt::format_str(text) else { return };
    let twice = lawful::fmt::format_str(&once).expect("formatted output parses");
    assert_eq!(once, twice, "fmt is not idempotent");
    let codes = |t: &str| -> Vec<_> {
        lawful::check_source("fuzz.policy", t).diagnostics.iter().map(|d| (d.code, d.message.clone())).collect()
    };
    assert_eq!(codes(text), codes(&once), "fmt changed the findings");
});
