//! Go's rune classes and one-to-one case mappings (`unicode.IsUpper`, `unicode.ToUpper`,
//! `strings.ToUpper`, `strings.Title`, ...) at Go 1.26's Unicode version, from generated
//! tables.
//!
//! Rust's `char::to_uppercase` applies *full* case mappings (`ß` → `SS`) at a newer Unicode
//! version; Go maps every rune to exactly one rune with `unicode.CaseRanges`, which is what
//! Sprig's `upper`, `lower`, `title`, `swapcase`, `camelcase`, ... produce.

mod tables;

pub(crate) use tables::{CATEGORIES, SCRIPTS};

use rudder_value::unicode as gou;

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

/// `unicode.IsUpper`.
pub(crate) fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    in_table(tables::UPPER, c)
}

/// `unicode.IsLower`.
pub(crate) fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    in_table(tables::LOWER, c)
}

/// `unicode.IsTitle`.
pub(crate) fn is_title(c: char) -> bool {
    in_table(tables::TITLE, c)
}

/// `unicode.IsPunct`.
pub(crate) fn is_punct(c: char) -> bool {
    in_table(tables::PUNCT, c)
}

/// `unicode.IsNumber`.
pub(crate) fn is_number(c: char) -> bool {
    in_table(tables::NUMBER, c)
}

/// `unicode.IsLetter`.
pub(crate) fn is_letter(c: char) -> bool {
    gou::is_letter(c)
}

/// `unicode.IsDigit`.
pub(crate) fn is_digit(c: char) -> bool {
    gou::is_digit(c)
}

/// `unicode.IsSpace`.
pub(crate) fn is_space(c: char) -> bool {
    gou::is_space(c)
}

#[derive(Clone, Copy)]
enum Case {
    Upper = 0,
    Lower = 1,
    Title = 2,
}

/// `unicode.To`: the rune mapped through `unicode.CaseRanges`.
fn to(case: Case, c: char) -> char {
    let r = u32::from(c);
    let table = tables::CASE_RANGES;
    let Ok(i) = table.binary_search_by(|&(lo, hi, _)| {
        if hi < r {
            std::cmp::Ordering::Less
        } else if lo > r {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) else {
        return c;
    };
    let (lo, _, delta) = table[i];
    let d = delta[case as usize];
    let mapped = if d > 0x10_FFFF {
        // An upper/lower alternation starting with an upper-case rune: even offsets are
        // upper case, odd ones lower case (title case maps like upper case).
        lo + (((r - lo) & !1) | (case as u32 & 1))
    } else {
        r.wrapping_add_signed(d)
    };
    char::from_u32(mapped).unwrap_or(c)
}

/// `unicode.ToUpper`.
pub(crate) fn to_upper(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    to(Case::Upper, c)
}

/// `unicode.ToLower`.
pub(crate) fn to_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    to(Case::Lower, c)
}

/// `unicode.ToTitle`.
pub(crate) fn to_title(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    to(Case::Title, c)
}

/// `strings.ToUpper`.
pub(crate) fn upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    s.chars().map(to_upper).collect()
}

/// `strings.ToLower`.
pub(crate) fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(to_lower).collect()
}

/// `strings.Title`'s word separators: everything but ASCII alphanumerics and `_`, letters and
/// digits, and among non-ASCII runes only spaces.
fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    if is_letter(c) || is_digit(c) {
        return false;
    }
    is_space(c)
}

/// `strings.Title` (deprecated in Go, still what Sprig's `title` calls).
pub(crate) fn title(s: &str) -> String {
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let out = if is_separator(prev) { to_title(c) } else { c };
            prev = c;
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rune_mappings() {
        // Go keeps ß (no single-rune upper case); Rust's full mapping would give "SS".
        assert_eq!(upper("straße"), "STRAßE");
        assert_eq!(lower("ÀÉÎ"), "àéî");
        // Title case differs from upper case for the digraphs.
        assert_eq!(to_title('ǆ'), 'ǅ');
        assert_eq!(to_upper('ǆ'), 'Ǆ');
        assert_eq!(to_lower('Ǆ'), 'ǆ');
        // An UpperLower alternation (Latin Extended-A).
        assert_eq!(to_upper('ā'), 'Ā');
        assert_eq!(to_lower('Ā'), 'ā');
        assert_eq!(to_upper('K'), 'K');
        assert_eq!(to_lower('\u{212A}'), 'k');
    }

    #[test]
    fn title_words() {
        assert_eq!(title("hello wORLD o'neil"), "Hello WORLD O'Neil");
        assert_eq!(title("snake_case x-y"), "Snake_case X-Y");
    }

    #[test]
    fn classes() {
        assert!(is_upper('É') && !is_upper('é') && is_lower('é'));
        assert!(is_title('ǅ') && !is_title('Ǆ'));
        assert!(is_punct('!') && is_punct('¿') && !is_punct('+'));
        assert!(is_number('½') && is_number('7') && !is_number('x'));
    }
}
