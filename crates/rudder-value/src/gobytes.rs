//! Go strings whose bytes are not UTF-8.
//!
//! A Go `string` holds any bytes; a [`Str`] holds UTF-8. Where a chart hands the engine bytes
//! that are not UTF-8 as a string (`.Files.Get` of a binary file, then `b64enc`), rudder
//! keeps both: the string is its text form, each invalid byte read as U+FFFD (Go's
//! `utf8.DecodeRune` rule, which is what `encoding/json`, `range` and Sprig's rune functions
//! see), and the original bytes are remembered beside that very `Str` allocation.
//! [`with_go_bytes`] gives a function whose result depends on the bytes (`b64enc`,
//! `sha256sum`, `len`) the original bytes for as long as the same `Str` reaches it, through
//! variables, pipelines and arguments. A string built from it (`trim`, `printf`, template
//! output) is built from the text form.
//!
//! The table is keyed by the allocation's address. It holds a [`Weak`] to the allocation, so
//! the address cannot be reused while the entry exists, and entries whose string is gone are
//! dropped when the next one is added. A program that never meets such bytes pays one atomic
//! load per lookup.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use crate::Str;
use crate::unicode::utf8_decode;

struct Entry {
    text: Weak<str>,
    addr: usize,
    len: usize,
    bytes: Arc<[u8]>,
}

static TABLE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());
static ENTRIES: AtomicUsize = AtomicUsize::new(0);

/// Go's `string(bytes)`: a plain `Str` when `bytes` are UTF-8; otherwise the text form
/// ([`go_lossy`]) with `bytes` remembered for [`with_go_bytes`].
pub fn from_go_bytes(bytes: &[u8]) -> Str {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Str::from(text);
    }
    let text = Str::from(go_lossy(bytes));
    let mut table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    table.retain(|e| e.text.strong_count() > 0);
    table.push(Entry {
        text: Arc::downgrade(&text),
        addr: text.as_ptr() as usize,
        len: text.len(),
        bytes: Arc::from(bytes),
    });
    ENTRIES.store(table.len(), Ordering::Release);
    text
}

/// Calls `f` with the Go bytes of `s`: the original bytes when `s` is (a borrow of) a string
/// [`from_go_bytes`] made from bytes that are not UTF-8, else `s`'s own bytes.
pub fn with_go_bytes<R>(s: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    match original_bytes(s) {
        Some(bytes) => f(&bytes),
        None => f(s.as_bytes()),
    }
}

/// Go's `len` of the string: the number of its Go bytes.
pub fn go_len(s: &str) -> usize {
    original_bytes(s).map_or(s.len(), |b| b.len())
}

fn original_bytes(s: &str) -> Option<Arc<[u8]>> {
    if ENTRIES.load(Ordering::Acquire) == 0 || s.is_empty() {
        return None;
    }
    let addr = s.as_ptr() as usize;
    let table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    table
        .iter()
        .find(|e| e.addr == addr && e.len == s.len() && e.text.strong_count() > 0)
        .map(|e| Arc::clone(&e.bytes))
}

/// The text Go reads from `bytes` rune by rune (`encoding/json`, `for range`): every byte
/// that does not start a valid UTF-8 sequence becomes U+FFFD on its own (Go's
/// `utf8.DecodeRune` rule, not Rust's "maximal subpart" one, which can give fewer).
pub fn go_lossy(bytes: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    let mut i = 0;
    while i < bytes.len() {
        if let Some((c, width)) = utf8_decode(&bytes[i..]) {
            out.push(c);
            i += width;
        } else {
            out.push('\u{FFFD}');
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bad_byte_is_replaced() {
        assert_eq!(go_lossy(b"a\xe2\x82b"), "a\u{FFFD}\u{FFFD}b");
        assert_eq!(go_lossy(b"\xff\xfe"), "\u{FFFD}\u{FFFD}");
        assert_eq!(go_lossy("héllo".as_bytes()), "héllo");
        // A surrogate's encoding is invalid in Go too: three bytes, three replacements.
        assert_eq!(go_lossy(b"\xed\xa0\x80"), "\u{FFFD}\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn the_same_string_keeps_its_bytes() {
        let raw: &[u8] = b"BZh\x00\xff\xfe\xe2\x82A";
        let s = from_go_bytes(raw);
        assert_eq!(&*s, "BZh\0\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}A");
        let copy = Str::clone(&s);
        assert_eq!(with_go_bytes(&copy, <[u8]>::to_vec), raw);
        assert_eq!(go_len(&s), raw.len());
        // Equal text in another allocation is text.
        let other = Str::from(&*s);
        assert_eq!(with_go_bytes(&other, <[u8]>::to_vec), other.as_bytes());
        // A part of it is text.
        assert_eq!(go_len(&s[..3]), 3);
    }

    #[test]
    fn utf8_bytes_are_a_plain_string() {
        let s = from_go_bytes("plain ✓".as_bytes());
        assert_eq!(&*s, "plain ✓");
        assert_eq!(go_len(&s), "plain ✓".len());
    }

    #[test]
    fn entries_go_with_their_strings() {
        for i in 0..100u8 {
            let s = from_go_bytes(&[0xff, i]);
            assert_eq!(with_go_bytes(&s, <[u8]>::to_vec), vec![0xff, i]);
        }
        let kept = from_go_bytes(b"\xc3(");
        let table = TABLE.lock().unwrap();
        // Every earlier string was dropped; other tests may hold a few of their own.
        assert!(table.len() < 10, "{}", table.len());
        drop(table);
        assert_eq!(go_len(&kept), 2);
    }
}
