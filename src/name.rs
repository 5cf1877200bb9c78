//! Interned strings: the names and string literals of the syntax tree.
//!
//! A [`Name`] is a 4-byte id of a string kept once for the whole process, so
//! that the hundreds of thousands of names a large policy set writes (the
//! same few thousand, over and over) cost no allocation each, and an
//! [`crate::ast::Ident`] is 16 bytes instead of 40 plus its string (issue 17:
//! the names and their allocations were a quarter of the peak memory).
//!
//! As rustc's symbols, interned strings live until the process ends: the
//! table only grows. A `check` reads its input once; the language server
//! keeps every distinct name it has seen, which is bounded by what was
//! typed. Ids are given in the order strings are first seen, which threads
//! make unpredictable, so nothing observable depends on them: a name
//! compares, orders and hashes as its text.

use std::cell::RefCell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Mutex, OnceLock};

use hashbrown::HashTable;
use rustc_hash::FxHasher;
use serde::{Serialize, Serializer};

/// An interned string (see the module's documentation).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Name(u32);

impl Name {
    /// The name of `text`, interning it if it is new.
    pub fn new(text: &str) -> Name {
        // Each thread keeps the names it made last in a small table, one
        // per hash, so that a name written again (nearly all of them) takes
        // no lock; a table of fixed size, so that a file of distinct names
        // does not keep each one twice.
        thread_local! {
            static RECENT: RefCell<Box<[Recent]>> =
                RefCell::new(vec![None; RECENT_SLOTS].into_boxed_slice());
        }
        let hash = hash_text(text);
        let slot = hash as usize % RECENT_SLOTS;
        RECENT.with(|recent| {
            if let Some((kept, name)) = recent.borrow()[slot]
                && kept == text
            {
                return name;
            }
            let name = Name::intern(text, hash);
            recent.borrow_mut()[slot] = Some((name.as_str(), name));
            name
        })
    }

    /// `hash` is [`hash_text`] of `text`.
    fn intern(text: &str, hash: u64) -> Name {
        let table = table();
        let mut ids = table
            .ids
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(&id) = ids.find(hash, |&id| Name(id).as_str() == text) {
            return Name(id);
        }
        let Ok(id) = u32::try_from(ids.len()) else {
            // More than 4 billion distinct strings cannot come from files
            // that are each capped below 4 GiB and read by one process in
            // any realistic number; refuse loudly rather than alias.
            panic!("more than 2^32 distinct names interned");
        };
        let kept: &'static str = Box::leak(text.into());
        let (chunk, slot) = position(id);
        let slots = table.chunks[chunk].get_or_init(|| {
            (0..chunk_len(chunk))
                .map(|_| OnceLock::new())
                .collect::<Vec<_>>()
                .into_boxed_slice()
        });
        // Set under the lock, before the id is handed out: whoever holds
        // the id finds its text.
        let _ = slots[slot].set(kept);
        ids.insert_unique(hash, id, |&id| hash_text(Name(id).as_str()));
        Name(id)
    }

    pub fn as_str(&self) -> &'static str {
        let (chunk, slot) = position(self.0);
        table().chunks[chunk]
            .get()
            .and_then(|slots| slots[slot].get())
            .copied()
            // Every id was made by `new`, which fills its slot first.
            .unwrap_or("")
    }
}

/// A slot of a thread's table of the names it made last: the text and its
/// name.
type Recent = Option<(&'static str, Name)>;

/// The size of each thread's table of the names it made last.
const RECENT_SLOTS: usize = 1 << 14;

/// Slots are kept in chunks that double in size, so that a slot never moves
/// once written and reading one takes no lock.
const FIRST_CHUNK: usize = 1024;
const CHUNKS: usize = 23;

fn chunk_len(chunk: usize) -> usize {
    FIRST_CHUNK << chunk
}

/// The chunk and slot of an id: chunk `k` holds ids from
/// `FIRST_CHUNK * (2^k - 1)` on.
fn position(id: u32) -> (usize, usize) {
    let n = id as usize / FIRST_CHUNK + 1;
    let chunk = (usize::BITS - 1 - n.leading_zeros()) as usize;
    let start = FIRST_CHUNK * ((1 << chunk) - 1);
    (chunk, id as usize - start)
}

/// The hash the interner files a text under.
fn hash_text(text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

struct Table {
    /// Every id, filed by the hash of its text (which its slot in `chunks`
    /// holds): 4 bytes a name.
    ids: Mutex<HashTable<u32>>,
    chunks: [OnceLock<Box<[OnceLock<&'static str>]>>; CHUNKS],
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table {
        ids: Mutex::new(HashTable::new()),
        chunks: std::array::from_fn(|_| OnceLock::new()),
    })
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Default for Name {
    fn default() -> Name {
        Name::new("")
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::new(&text)
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Name {
        Name::new(text)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.as_str().to_string()
    }
}

/// As its text, so that maps keyed by names can be searched by `&str`.
impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        if self.0 == other.0 {
            return std::cmp::Ordering::Equal;
        }
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

/// As its text, as a `String` would be.
impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_cover_every_id_once() {
        // Chunk boundaries and the last id.
        assert_eq!(position(0), (0, 0));
        assert_eq!(position(1023), (0, 1023));
        assert_eq!(position(1024), (1, 0));
        assert_eq!(position(3071), (1, 2047));
        assert_eq!(position(3072), (2, 0));
        let (chunk, slot) = position(u32::MAX);
        assert!(chunk < CHUNKS && slot < chunk_len(chunk));
        let mut expected = (0, 0);
        for id in 0..200_000u32 {
            assert_eq!(position(id), expected, "id {id}");
            expected.1 += 1;
            if expected.1 == chunk_len(expected.0) {
                expected = (expected.0 + 1, 0);
            }
        }
    }

    #[test]
    fn equal_texts_are_one_name_and_compare_as_text() {
        let a = Name::new("name_test_b");
        let b = Name::from(String::from("name_test_b"));
        let c = Name::new("name_test_a");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(&*a, "name_test_b");
        assert!(c < a, "ordered by text, not by id");
        assert_eq!(format!("{a:?}"), format!("{:?}", "name_test_b"));
        let mut set = std::collections::HashSet::new();
        set.insert(a);
        assert!(set.contains("name_test_b"));
    }

    #[test]
    fn threads_agree_on_names() {
        let names: Vec<Vec<Name>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        (0..3000)
                            .map(|i| Name::new(&format!("name_test_thread_{i}")))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for other in &names[1..] {
            assert_eq!(&names[0], other);
        }
        for (i, name) in names[0].iter().enumerate() {
            assert_eq!(name.as_str(), format!("name_test_thread_{i}"));
        }
    }
}
