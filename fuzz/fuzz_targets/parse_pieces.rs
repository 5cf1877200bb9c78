//! Reading a file in pieces on several threads gives exactly what one
//! reading gives, wherever the pieces are cut: the first four bytes choose
//! two cuts, the rest is the policy text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lawful::span::FileId;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let Ok(text) = std::str::from_utf8(&data[4..]) else {
        return;
    };
    let cut = |hi: u8, lo: u8| (usize::from(hi) << 8 | usize::from(lo)) % (text.len() + 1);
    let boundaries = [cut(data[0], data[1]), cut(data[2], data[3])];
    let whole = format!("{:?}", lawful::syntax::parse_in_pieces(FileId(0), text, &[]));
    let pieces = format!("{:?}", lawful::syntax::parse_in_pieces(FileId(0), text, &boundaries));
    assert!(pieces == whole, "cut at {boundaries:?}");
});
