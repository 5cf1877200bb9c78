//! Any bytes as a Fides manifest: the import never panics, and whenever it
//! makes a policy, that policy parses with no syntax error, has no comment
//! a suppression could be read from (`# lawful: …`), and is in canonical
//! layout. `tests/fides.rs` checks the same property
//! (`lawful::import::fides::import_property`) on the committed manifests
//! and on generated hostile ones.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // `lawful import fides` refuses a file that is not UTF-8 before reading it.
    if let Ok(text) = std::str::from_utf8(data)
        && let Err(problem) = lawful::import::fides::import_property(text)
    {
        panic!("{problem}");
    }
});
