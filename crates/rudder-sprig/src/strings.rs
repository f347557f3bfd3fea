//! Sprig's string functions (`strings.go` and the `genericMap` closures), with goutils'
//! and Go's `strings` semantics.
//!
//! Several are byte based in Go (`trunc`, `substr`, `abbrev`, `wrap`, `nospace`, `initials`)
//! and can cut a multi-byte character in two; rudder's strings are UTF-8, so such a cut piece
//! becomes U+FFFD (see `COMPATIBILITY.md`). `nospace` and `initials` read each *byte* as a
//! Latin-1 rune, exactly as goutils does, so `nospace "é x"` is `Ã©x`.

use rudder_value::Value;

use crate::cast::strval;
use crate::error::{Error, Result};
use crate::text;

/// `s[a..b]` as Go slices a string: byte offsets, the pieces of a cut character replaced.
pub(crate) fn byte_slice(s: &str, a: usize, b: usize) -> String {
    let bytes = &s.as_bytes()[a..b];
    String::from_utf8_lossy(bytes).into_owned()
}

/// `trunc c s`.
pub(crate) fn trunc(c: i64, s: &str) -> String {
    let len = s.len() as i64;
    if c < 0 && len + c > 0 {
        return byte_slice(s, (len + c) as usize, s.len());
    }
    if c >= 0 && len > c {
        return byte_slice(s, 0, c as usize);
    }
    s.to_owned()
}

/// Go's runtime text for `s[:end]` out of range.
fn bounds_to(end: i64, len: usize) -> Error {
    if end < 0 {
        Error::runtime(format!("slice bounds out of range [:{end}]"))
    } else {
        Error::runtime(format!(
            "slice bounds out of range [:{end}] with length {len}"
        ))
    }
}

/// `substr start end s`: `s[:end]` when start < 0, `s[start:]` when end < 0 or past the end,
/// else `s[start:end]`; out-of-range offsets panic as Go's slicing does.
pub(crate) fn substr(start: i64, end: i64, s: &str) -> Result<String> {
    let len = s.len();
    if start < 0 {
        if end < 0 || end as u64 > len as u64 {
            return Err(bounds_to(end, len));
        }
        return Ok(byte_slice(s, 0, end as usize));
    }
    if end < 0 || end as u64 > len as u64 {
        if start as u64 > len as u64 {
            return Err(Error::runtime(format!(
                "slice bounds out of range [{start}:{len}]"
            )));
        }
        return Ok(byte_slice(s, start as usize, len));
    }
    if start > end {
        return Err(Error::runtime(format!(
            "slice bounds out of range [{start}:{end}]"
        )));
    }
    Ok(byte_slice(s, start as usize, end as usize))
}

/// goutils' `AbbreviateFull`, byte based. `Err` carries goutils' error (which Sprig drops).
fn abbreviate_full(s: &str, offset: i64, max_width: i64) -> Option<String> {
    if s.is_empty() {
        return Some(String::new());
    }
    if max_width < 4 {
        return None;
    }
    let len = s.len() as i64;
    if len <= max_width {
        return Some(s.to_owned());
    }
    let mut offset = offset.min(len);
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    if offset <= 4 {
        return Some(byte_slice(s, 0, (max_width - 3) as usize) + "...");
    }
    if max_width < 7 {
        return None;
    }
    if offset + max_width - 3 < len {
        let rest = byte_slice(s, offset as usize, s.len());
        let inner = abbreviate_full(&rest, 0, max_width - 3)?;
        return Some(format!("...{inner}"));
    }
    Some(format!(
        "...{}",
        byte_slice(s, (len - (max_width - 3)) as usize, s.len())
    ))
}

/// `abbrev width s`.
pub(crate) fn abbrev(width: i64, s: &str) -> String {
    if width < 4 {
        return s.to_owned();
    }
    abbreviate_full(s, 0, width).unwrap_or_default()
}

/// `abbrevboth left right s`.
pub(crate) fn abbrevboth(left: i64, right: i64, s: &str) -> String {
    if right < 4 || left > 0 && right < 7 {
        return s.to_owned();
    }
    abbreviate_full(s, left, right).unwrap_or_default()
}

/// `strings.TrimSpace`.
pub(crate) fn trim_space(s: &str) -> &str {
    s.trim_matches(text::is_space)
}

/// `strings.Trim(s, cutset)`.
pub(crate) fn trim_cutset<'a>(s: &'a str, cutset: &str) -> &'a str {
    if s.is_empty() || cutset.is_empty() {
        return s;
    }
    s.trim_matches(|c| cutset.contains(c))
}

/// goutils' `Uncapitalize`: the first rune of each whitespace-separated word lower-cased.
pub(crate) fn untitle(s: &str) -> String {
    let mut next = true;
    s.chars()
        .map(|c| {
            if text::is_space(c) {
                next = true;
                c
            } else if next {
                next = false;
                text::to_lower(c)
            } else {
                c
            }
        })
        .collect()
}

/// goutils' `SwapCase`: upper and title case to lower; lower case to title case at the start
/// of a word, else to upper case.
pub(crate) fn swapcase(s: &str) -> String {
    let mut word_start = true;
    s.chars()
        .map(|c| {
            if text::is_upper(c) || text::is_title(c) {
                word_start = false;
                text::to_lower(c)
            } else if text::is_lower(c) {
                if word_start {
                    word_start = false;
                    text::to_title(c)
                } else {
                    text::to_upper(c)
                }
            } else {
                word_start = text::is_space(c);
                c
            }
        })
        .collect()
}

/// Each byte of `s` as goutils sees it: a Latin-1 rune.
fn latin1(s: &str) -> impl Iterator<Item = char> + '_ {
    s.bytes().map(char::from)
}

/// goutils' `DeleteWhiteSpace`: byte by byte; if nothing was removed the string is returned
/// as is, otherwise every kept byte is re-encoded as a Latin-1 rune.
pub(crate) fn nospace(s: &str) -> String {
    let kept: String = latin1(s).filter(|&c| !text::is_space(c)).collect();
    if kept.chars().count() == s.len() {
        return s.to_owned();
    }
    kept
}

/// goutils' `Initials`: the first byte (as a Latin-1 rune) of each whitespace-separated word.
pub(crate) fn initials(s: &str) -> String {
    let mut out = String::new();
    let mut gap = true;
    for c in latin1(s) {
        if text::is_space(c) {
            gap = true;
        } else if gap {
            out.push(c);
            gap = false;
        }
    }
    out
}

/// goutils' `WrapCustom(s, width, sep, long)`, byte based.
pub(crate) fn wrap_custom(s: &str, width: i64, sep: &str, wrap_long: bool) -> String {
    if s.is_empty() {
        return String::new();
    }
    let sep = if sep.is_empty() { "\n" } else { sep };
    let width = width.max(1) as usize;
    let b = s.as_bytes();
    let len = b.len();
    let mut offset = 0;
    let mut out: Vec<u8> = Vec::with_capacity(len + len / width);
    while len - offset > width {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = width + offset + 1;
        let space = b[offset..end].iter().rposition(|&c| c == b' ');
        if let Some(at) = space {
            out.extend_from_slice(&b[offset..offset + at]);
            out.extend_from_slice(sep.as_bytes());
            offset += at + 1;
        } else if wrap_long {
            out.extend_from_slice(&b[offset..width + offset]);
            out.extend_from_slice(sep.as_bytes());
            offset += width;
        } else {
            let end = width + offset;
            match b[end..].iter().position(|&c| c == b' ') {
                None => {
                    out.extend_from_slice(&b[offset..]);
                    offset = len;
                }
                Some(i) => {
                    out.extend_from_slice(&b[offset..end + i]);
                    out.extend_from_slice(sep.as_bytes());
                    offset = end + i + 1;
                }
            }
        }
    }
    out.extend_from_slice(&b[offset..]);
    rudder_value::unicode::lossy(out)
}

/// `strings.Repeat`, with Go's panics.
pub(crate) fn repeat(count: i64, s: &str) -> Result<String> {
    if count < 0 {
        return Err(Error::msg("strings: negative Repeat count"));
    }
    if (s.len() as u128) * (count as u128) > i64::MAX as u128 {
        return Err(Error::msg("strings: Repeat output length overflow"));
    }
    Ok(s.repeat(count as usize))
}

/// `quote args…`: `%q` of `strval` of every non-nil argument, joined by spaces.
pub(crate) fn quote(args: &[Value]) -> String {
    let parts: Vec<String> = args
        .iter()
        .filter(|v| !v.is_nil())
        .map(|v| rudder_value::strconv::quote(&strval(v)))
        .collect();
    parts.join(" ")
}

/// `squote args…`: `'%v'` of every non-nil argument, joined by spaces.
pub(crate) fn squote(args: &[Value]) -> String {
    let parts: Vec<String> = args
        .iter()
        .filter(|v| !v.is_nil())
        .map(|v| format!("'{}'", rudder_value::fmt::to_string(v)))
        .collect();
    parts.join(" ")
}

/// `cat args…`: `%v` of every non-nil argument, joined by single spaces.
pub(crate) fn cat(args: &[Value]) -> String {
    let parts: Vec<String> = args
        .iter()
        .filter(|v| !v.is_nil())
        .map(rudder_value::fmt::to_string)
        .collect();
    parts.join(" ")
}

/// `indent n s`: every line prefixed with n spaces (blank lines too); a negative count
/// panics in `strings.Repeat`.
pub(crate) fn indent(spaces: i64, s: &str) -> Result<String> {
    let pad = repeat(spaces, " ")?;
    let mut out = String::with_capacity(s.len() + pad.len() * (1 + s.len() / 16));
    out.push_str(&pad);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    Ok(out)
}

/// `plural one many n`.
pub(crate) fn plural(one: String, many: String, count: i64) -> String {
    if count == 1 { one } else { many }
}

/// `strconv.Atoi` with the error dropped: 0 for bad syntax, the clamped value when out of
/// range (Go returns it alongside the error).
pub(crate) fn atoi(s: &str) -> i64 {
    match rudder_value::strconv::parse_int(s, 10, 64) {
        Ok(i) => i,
        Err(e) if e.kind == rudder_value::strconv::NumErrorKind::Range => {
            if s.starts_with('-') {
                i64::MIN
            } else {
                i64::MAX
            }
        }
        Err(_) => 0,
    }
}

/// `toDecimal v`: `strconv.ParseInt(fmt.Sprint(v), 8, 64)`, 0 on any error.
pub(crate) fn to_decimal(v: &Value) -> i64 {
    rudder_value::strconv::parse_int(&rudder_value::fmt::to_string(v), 8, 64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_is_byte_based() {
        assert_eq!(trunc(5, "hello world"), "hello");
        assert_eq!(trunc(-5, "hello world"), "world");
        assert_eq!(trunc(20, "hello"), "hello");
        assert_eq!(trunc(-20, "hello"), "hello");
        assert_eq!(trunc(1, "é"), "\u{FFFD}");
    }

    #[test]
    fn substr_panics_like_go() {
        assert_eq!(substr(0, 3, "hello").unwrap(), "hel");
        assert_eq!(substr(-1, 3, "hello").unwrap(), "hel");
        assert_eq!(substr(2, -1, "hello").unwrap(), "llo");
        assert_eq!(substr(2, 99, "hello").unwrap(), "llo");
        assert_eq!(
            substr(-1, 9, "abc").unwrap_err().to_string(),
            "runtime error: slice bounds out of range [:9] with length 3"
        );
        assert_eq!(
            substr(5, -1, "abc").unwrap_err().to_string(),
            "runtime error: slice bounds out of range [5:3]"
        );
        assert_eq!(
            substr(3, 2, "abcd").unwrap_err().to_string(),
            "runtime error: slice bounds out of range [3:2]"
        );
    }

    #[test]
    fn abbreviations() {
        assert_eq!(abbrev(5, "hello world"), "he...");
        assert_eq!(abbrev(3, "hello world"), "hello world");
        assert_eq!(abbrevboth(5, 10, "1234 5678 9123"), "...5678...");
        assert_eq!(abbrevboth(0, 10, "1234 5678 9123"), "1234 56...");
    }

    #[test]
    fn goutils_words() {
        assert_eq!(swapcase("This Is A.Test"), "tHIS iS a.tEST");
        assert_eq!(untitle("Hello World"), "hello world");
        assert_eq!(initials("First Try"), "FT");
        assert_eq!(nospace("h e l l o"), "hello");
        assert_eq!(nospace("é x"), "Ã©x");
        assert_eq!(nospace("é"), "é");
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrap_custom("Hello World", 5, "", false), "Hello\nWorld");
        assert_eq!(
            wrap_custom("Hello World", 5, "<br>", true),
            "Hello<br>World"
        );
    }

    #[test]
    fn indentation() {
        assert_eq!(indent(2, "a\n\nb").unwrap(), "  a\n  \n  b");
        assert_eq!(
            indent(-1, "a").unwrap_err().to_string(),
            "strings: negative Repeat count"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(atoi("42"), 42);
        assert_eq!(atoi("x"), 0);
        assert_eq!(atoi("99999999999999999999"), i64::MAX);
        assert_eq!(to_decimal(&Value::string("0777")), 511);
        assert_eq!(to_decimal(&Value::float64(1e6)), 0);
    }
}
