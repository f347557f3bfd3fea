//! `strconv.Quote`, `QuoteToASCII`, `QuoteRune`, `CanBackquote`, `Unquote`, `UnquoteChar`.

use super::SyntaxError;
use crate::unicode::{is_print, utf8_decode};

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// Go's `strconv.Quote`: a double-quoted Go string literal, with `\a \b \f \n \r \t \v \\ \"`,
/// `\xNN` for other control bytes and invalid UTF-8, `\uNNNN`/`\UNNNNNNNN` for non-printable
/// runes; printable Unicode is kept.
pub fn quote(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 2);
    append_quote(&mut out, s.as_bytes());
    String::from_utf8(out).unwrap_or_default()
}

/// Go's `strconv.QuoteToASCII`: like [`quote`] but every non-ASCII rune is escaped.
pub fn quote_to_ascii(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 2);
    append_quote_to_ascii(&mut out, s.as_bytes());
    String::from_utf8(out).unwrap_or_default()
}

/// Go's `strconv.QuoteRune`: a single-quoted character literal.
pub fn quote_rune(r: i64) -> String {
    let mut out = Vec::new();
    append_quote_rune(&mut out, r);
    String::from_utf8(out).unwrap_or_default()
}

/// [`quote`] over Go bytes (which need not be UTF-8), appending to `dst`.
pub fn append_quote(dst: &mut Vec<u8>, s: &[u8]) {
    quote_with(dst, s, b'"', false);
}

/// [`quote_to_ascii`] over Go bytes, appending to `dst`.
pub fn append_quote_to_ascii(dst: &mut Vec<u8>, s: &[u8]) {
    quote_with(dst, s, b'"', true);
}

/// [`quote_rune`] appending to `dst`. Values that are not valid runes quote as U+FFFD.
pub fn append_quote_rune(dst: &mut Vec<u8>, r: i64) {
    quote_rune_with(dst, r, false);
}

/// Go's `strconv.QuoteRuneToASCII` appending to `dst`.
pub fn append_quote_rune_to_ascii(dst: &mut Vec<u8>, r: i64) {
    quote_rune_with(dst, r, true);
}

fn quote_with(dst: &mut Vec<u8>, s: &[u8], quote: u8, ascii_only: bool) {
    dst.push(quote);
    let mut rest = s;
    while !rest.is_empty() {
        if let Some((c, width)) = utf8_decode(rest) {
            escaped_rune(dst, c, quote, ascii_only);
            rest = &rest[width..];
        } else {
            dst.extend_from_slice(b"\\x");
            dst.push(LOWER_HEX[usize::from(rest[0] >> 4)]);
            dst.push(LOWER_HEX[usize::from(rest[0] & 0xF)]);
            rest = &rest[1..];
        }
    }
    dst.push(quote);
}

fn quote_rune_with(dst: &mut Vec<u8>, r: i64, ascii_only: bool) {
    dst.push(b'\'');
    let c = u32::try_from(r)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{FFFD}');
    escaped_rune(dst, c, b'\'', ascii_only);
    dst.push(b'\'');
}

fn escaped_rune(dst: &mut Vec<u8>, c: char, quote: u8, ascii_only: bool) {
    if c == char::from(quote) || c == '\\' {
        dst.push(b'\\');
        dst.push(c as u8);
        return;
    }
    if ascii_only {
        if c.is_ascii() && is_print(c) {
            dst.push(c as u8);
            return;
        }
    } else if is_print(c) {
        let mut buf = [0u8; 4];
        dst.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        return;
    }
    match c {
        '\u{7}' => dst.extend_from_slice(b"\\a"),
        '\u{8}' => dst.extend_from_slice(b"\\b"),
        '\u{c}' => dst.extend_from_slice(b"\\f"),
        '\n' => dst.extend_from_slice(b"\\n"),
        '\r' => dst.extend_from_slice(b"\\r"),
        '\t' => dst.extend_from_slice(b"\\t"),
        '\u{b}' => dst.extend_from_slice(b"\\v"),
        _ => {
            let r = u32::from(c);
            if r < 0x20 || r == 0x7f {
                dst.extend_from_slice(b"\\x");
                dst.push(LOWER_HEX[(r >> 4) as usize & 0xF]);
                dst.push(LOWER_HEX[r as usize & 0xF]);
            } else if r < 0x10000 {
                dst.extend_from_slice(b"\\u");
                for shift in [12, 8, 4, 0] {
                    dst.push(LOWER_HEX[(r >> shift) as usize & 0xF]);
                }
            } else {
                dst.extend_from_slice(b"\\U");
                for shift in [28, 24, 20, 16, 12, 8, 4, 0] {
                    dst.push(LOWER_HEX[(r >> shift) as usize & 0xF]);
                }
            }
        }
    }
}

/// Go's `strconv.CanBackquote`: whether `s` can be written as a raw string literal.
pub fn can_backquote(s: &[u8]) -> bool {
    let mut rest = s;
    while !rest.is_empty() {
        let Some((c, width)) = utf8_decode(rest) else {
            return false;
        };
        rest = &rest[width..];
        if width > 1 {
            if c == '\u{FEFF}' {
                return false;
            }
            continue;
        }
        if (c < ' ' && c != '\t') || c == '`' || c == '\u{7f}' {
            return false;
        }
    }
    true
}

fn unhex(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'a'..=b'f' => Some(u32::from(b - b'a') + 10),
        b'A'..=b'F' => Some(u32::from(b - b'A') + 10),
        _ => None,
    }
}

/// One decoded character of a quoted literal: a rune, or a single raw byte (`\xNN`, `\NNN`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unquoted {
    /// A Unicode character.
    Char(char),
    /// A byte written with an octal or `\x` escape (not necessarily valid UTF-8 on its own).
    Byte(u8),
}

/// Go's `strconv.UnquoteChar(s, quote)`: decodes the first character or escape of `s`,
/// returning it and the rest of `s`.
///
/// # Errors
/// `invalid syntax` for a bad escape, an unescaped `quote`, or an empty input.
#[expect(
    clippy::many_single_char_names,
    reason = "the names of Go's UnquoteChar"
)]
pub fn unquote_char(s: &str, quote: u8) -> Result<(Unquoted, &str), SyntaxError> {
    let bytes = s.as_bytes();
    let Some(&c) = bytes.first() else {
        return Err(SyntaxError);
    };
    if c == quote && (quote == b'\'' || quote == b'"') {
        return Err(SyntaxError);
    }
    if c >= 0x80 {
        let ch = s.chars().next().ok_or(SyntaxError)?;
        return Ok((Unquoted::Char(ch), &s[ch.len_utf8()..]));
    }
    if c != b'\\' {
        return Ok((Unquoted::Char(char::from(c)), &s[1..]));
    }
    if bytes.len() <= 1 {
        return Err(SyntaxError);
    }
    let e = bytes[1];
    if e >= 0x80 {
        // Go looks at the byte after the backslash: no escape starts with a non-ASCII one.
        return Err(SyntaxError);
    }
    let rest = &s[2..];
    let simple = |ch: char| Ok((Unquoted::Char(ch), rest));
    match e {
        b'a' => simple('\u{7}'),
        b'b' => simple('\u{8}'),
        b'f' => simple('\u{c}'),
        b'n' => simple('\n'),
        b'r' => simple('\r'),
        b't' => simple('\t'),
        b'v' => simple('\u{b}'),
        b'\\' => simple('\\'),
        b'\'' | b'"' => {
            if e == quote {
                simple(char::from(e))
            } else {
                Err(SyntaxError)
            }
        }
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let digits = rest.as_bytes();
            if digits.len() < n {
                return Err(SyntaxError);
            }
            let mut v: u32 = 0;
            for &d in &digits[..n] {
                v = (v << 4) | unhex(d).ok_or(SyntaxError)?;
            }
            let rest = &rest[n..];
            if e == b'x' {
                return Ok((Unquoted::Byte(v as u8), rest));
            }
            let ch = char::from_u32(v).ok_or(SyntaxError)?;
            Ok((Unquoted::Char(ch), rest))
        }
        b'0'..=b'7' => {
            let digits = rest.as_bytes();
            if digits.len() < 2 {
                return Err(SyntaxError);
            }
            let mut v = u32::from(e - b'0');
            for &d in &digits[..2] {
                if !(b'0'..=b'7').contains(&d) {
                    return Err(SyntaxError);
                }
                v = (v << 3) | u32::from(d - b'0');
            }
            if v > 255 {
                return Err(SyntaxError);
            }
            Ok((Unquoted::Byte(v as u8), &rest[2..]))
        }
        _ => Err(SyntaxError),
    }
}

/// Go's `strconv.Unquote` for `"…"`, `` `…` `` and `'…'` literals. The result is Go bytes: a
/// `\xNN` or octal escape can make it invalid UTF-8.
///
/// # Errors
/// `invalid syntax` for anything that is not exactly one well-formed literal.
pub fn unquote(s: &str) -> Result<Vec<u8>, SyntaxError> {
    let bytes = s.as_bytes();
    if bytes.len() < 2 {
        return Err(SyntaxError);
    }
    let quote = bytes[0];
    let Some(end) = bytes[1..].iter().position(|&b| b == quote) else {
        return Err(SyntaxError);
    };
    let end = end + 2;
    match quote {
        b'`' => {
            if end != bytes.len() {
                return Err(SyntaxError);
            }
            Ok(bytes[1..end - 1]
                .iter()
                .copied()
                .filter(|&b| b != b'\r')
                .collect())
        }
        b'"' | b'\'' => {
            let body = &bytes[..end];
            if !body.contains(&b'\\') && !body.contains(&b'\n') {
                let inner = &s[1..end - 1];
                let valid = if quote == b'"' {
                    true
                } else {
                    inner.chars().count() == 1
                };
                if valid {
                    if end != bytes.len() {
                        return Err(SyntaxError);
                    }
                    return Ok(inner.as_bytes().to_vec());
                }
            }
            let mut out = Vec::with_capacity(end);
            let mut rest = &s[1..];
            while let Some(&c) = rest.as_bytes().first() {
                if c == quote {
                    break;
                }
                if c == b'\n' {
                    return Err(SyntaxError);
                }
                let (u, tail) = unquote_char(rest, quote)?;
                rest = tail;
                match u {
                    Unquoted::Char(ch) => {
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    }
                    Unquoted::Byte(b) => out.push(b),
                }
                if quote == b'\'' {
                    break;
                }
            }
            if rest.as_bytes().first() != Some(&quote) {
                return Err(SyntaxError);
            }
            if rest.len() != 1 {
                return Err(SyntaxError);
            }
            Ok(out)
        }
        _ => Err(SyntaxError),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(
            quote("a\"b\\\n\u{1}é\u{7f}\u{FFFE}😀"),
            r#""a\"b\\\n\x01é\x7f\ufffe😀""#
        );
        assert_eq!(quote_to_ascii("é😀"), r#""\u00e9\U0001f600""#);
        let mut v = Vec::new();
        append_quote(&mut v, b"a\xffb");
        assert_eq!(v, br#""a\xffb""#);
        assert_eq!(quote_rune(i64::from(b'\'')), r"'\''");
        assert_eq!(quote_rune(0x11_0000), "'�'");
        assert!(can_backquote(b"a\tb") && !can_backquote(b"a`b") && !can_backquote(b"\n"));
    }

    #[test]
    fn unquoting() {
        assert_eq!(unquote(r#""a\tb""#).unwrap(), b"a\tb");
        assert_eq!(unquote(r#""\xff""#).unwrap(), b"\xff");
        assert_eq!(unquote(r#""\u00e9""#).unwrap(), "é".as_bytes());
        assert_eq!(unquote("`a\r\nb`").unwrap(), b"a\nb");
        assert_eq!(unquote("'x'").unwrap(), b"x");
        assert!(unquote(r#""\q""#).is_err());
        assert!(unquote(r#""\ud800""#).is_err());
        assert!(unquote("'xx'").is_err());
        assert!(unquote(r#""\'""#).is_err());
        assert_eq!(unquote(r"'\''").unwrap(), b"'");
        assert!(unquote("\"\\本\"").is_err());
    }
}
