//! Go's rune classes (`unicode.IsLetter`, `unicode.IsDigit`, `strconv.IsPrint`, ...) at the
//! Unicode version Go 1.26 ships (15.0.0).
//!
//! Rust's `char::is_alphabetic` is a different property (it includes `Nl` and
//! `Other_Alphabetic`) and `char::is_numeric` includes `No`; the template lexer decides what an
//! identifier is with Go's definitions, so those are reproduced here from generated tables.

mod tables;

pub use tables::UNICODE_VERSION;

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Go's `unicode.IsLetter`.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_table(tables::LETTER, c)
}

/// Go's `unicode.IsDigit` (category Nd).
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(tables::DIGIT, c)
}

/// Go's `strconv.IsPrint`, which is `unicode.IsPrint`: letters, marks, numbers, punctuation,
/// symbols and the ASCII space.
pub fn is_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    in_table(tables::PRINT, c)
}

/// Go's `unicode.IsGraphic`: like [`is_print`] but with every `Zs` space.
pub fn is_graphic(c: char) -> bool {
    in_table(tables::GRAPHIC, c)
}

/// Go's `unicode.IsSpace`.
pub fn is_space(c: char) -> bool {
    in_table(tables::SPACE, c)
}

/// Go's `utf8.DecodeRune`: the first rune of `s` and its width, or `None` where Go returns
/// `(RuneError, 1)` (an invalid or truncated sequence; Go then skips one byte). `s` must not be
/// empty.
pub fn utf8_decode(s: &[u8]) -> Option<(char, usize)> {
    let first = *s.first()?;
    let width = match first {
        0x00..=0x7f => return Some((char::from(first), 1)),
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let chunk = s.get(..width)?;
    let text = std::str::from_utf8(chunk).ok()?;
    text.chars().next().map(|c| (c, width))
}

/// Bytes as text, each invalid sequence (Rust's "maximal subpart" rule) replaced by U+FFFD:
/// for results Go would print as raw bytes, where no Go rule can be matched anyway. Where Go
/// itself reads the bytes as runes (`encoding/json`, `range`) use
/// [`crate::gobytes::go_lossy`]; for a Go `string(bytes)` that keeps its bytes, use
/// [`crate::gobytes::from_go_bytes`].
pub fn lossy(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_go() {
        assert!(is_letter('a') && is_letter('é') && is_letter('パ') && !is_letter('1'));
        // U+2160 ROMAN NUMERAL ONE is Nl: alphabetic in Rust, not a letter in Go.
        assert!('\u{2160}'.is_alphabetic() && !is_letter('\u{2160}'));
        assert!(is_digit('7') && is_digit('٣') && !is_digit('½'));
        assert!(is_print(' ') && is_print('é') && !is_print('\u{7f}') && !is_print('\u{a0}'));
        assert!(!is_print('\u{FFFE}'));
        assert!(is_graphic('\u{a0}'));
        assert!(is_space('\u{85}') && is_space(' ') && !is_space('x'));
    }
}
