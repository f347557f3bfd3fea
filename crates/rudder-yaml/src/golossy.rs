//! Go's treatment of invalid UTF-8 when a string becomes JSON text.

use rudder_value::unicode::utf8_decode;

/// The text `encoding/json` writes for `bytes`: every byte that does not start a valid UTF-8
/// sequence becomes U+FFFD on its own (Go's `utf8.DecodeRune` rule, not Rust's "maximal
/// subpart" one).
pub(crate) fn json_lossy(bytes: &[u8]) -> String {
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
    #[test]
    fn each_bad_byte_is_replaced() {
        assert_eq!(super::json_lossy(b"a\xe2\x82b"), "a\u{FFFD}\u{FFFD}b");
        assert_eq!(
            super::json_lossy(b"\xed\xa0\x80"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(super::json_lossy("é".as_bytes()), "é");
    }
}
