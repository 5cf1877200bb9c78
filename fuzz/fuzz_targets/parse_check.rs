//! Parse, resolve, graph and check arbitrary input, then render it: nothing
//! may panic, hang or overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let report = lawful::check_source("fuzz.policy", text);
        let _ = lawful::render::plain(&report);
        let _ = lawful::render::json(&report);
        let _ = lawful::render::sarif(&report);
    }
});
