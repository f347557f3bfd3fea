//! huandu/xstrings v1.5.0's case conversions: `snakecase` (`ToSnakeCase`), `kebabcase`
//! (`ToKebabCase`) and `camelcase` (**`ToPascalCase`**: Sprig kept upper camel case when
//! xstrings changed `ToCamelCase`).
//!
//! The snake/kebab conversion splits the text into words (upper-case runs, lower-case runs,
//! numbers, connectors `_ - space`, punctuation, other) and joins them lower-cased with the
//! connector, with xstrings' special cases for numbers (`HTTP20xOK` → `http_20x_ok`,
//! `Bld4Floor3rd` → `bld4_floor_3rd`).

use crate::text;

const RUNE_ERROR: char = '\u{FFFD}';

fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || text::is_space(c)
}

/// xstrings' `isAlphabet`: a letter that is not a common CJK ideograph.
fn is_alphabet(c: char) -> bool {
    if !text::is_letter(c) {
        return false;
    }
    !matches!(c,
        '\u{4E00}'..='\u{9FCC}' | '\u{3400}'..='\u{4D85}' | '\u{20000}'..='\u{2B81D}')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// No word (end of text) or undecodable text.
    Invalid,
    Number,
    Upper,
    Alphabet,
    Connector,
    Punct,
    Other,
}

/// xstrings' `nextValidRune`: the next rune that is not U+FFFD (which Go cannot tell from an
/// invalid byte) and the bytes up to and including it; `prev` when there is none.
fn next_valid(s: &str, prev: char) -> (char, usize) {
    let mut size = 0;
    for c in s.chars() {
        size += c.len_utf8();
        if c != RUNE_ERROR {
            return (c, size);
        }
    }
    (prev, size)
}

/// Consumes runes of `rest` while `keep` holds for them; returns the bytes consumed and the
/// last rune looked at.
fn run_while(rest: &mut &str, mut r: char, keep: impl Fn(char) -> bool) -> (usize, char) {
    let mut used = 0;
    while !rest.is_empty() {
        let (next, size) = next_valid(rest, r);
        r = next;
        if !keep(r) {
            break;
        }
        used += size;
        *rest = &rest[size..];
    }
    (used, r)
}

/// xstrings' `nextWord`: the type of the next word, the word, and the rest of the text.
fn next_word(s: &str) -> (Word, &str, &str) {
    if s.is_empty() {
        return (Word::Invalid, "", "");
    }
    let (r, size) = next_valid(s, RUNE_ERROR);
    let mut offset = size;
    if r == RUNE_ERROR {
        return (Word::Invalid, &s[..offset], &s[offset..]);
    }
    let mut rest = &s[size..];
    let kind = if is_connector(r) {
        offset += run_while(&mut rest, r, is_connector).0;
        Word::Connector
    } else if text::is_punct(r) {
        offset += run_while(&mut rest, r, text::is_punct).0;
        Word::Punct
    } else if text::is_upper(r) {
        if !rest.is_empty() {
            let (second, size) = next_valid(rest, r);
            if text::is_upper(second) {
                // An upper-case run; its last letter starts the next word when a lower-case
                // letter follows ("HTTPServer" → "HTTP", "Server").
                offset += size;
                rest = &rest[size..];
                let mut last_size = size;
                let mut last = second;
                while !rest.is_empty() {
                    let (c, size) = next_valid(rest, last);
                    last = c;
                    if !text::is_upper(c) {
                        break;
                    }
                    last_size = size;
                    offset += size;
                    rest = &rest[size..];
                }
                if !rest.is_empty() && is_alphabet(last) {
                    offset -= last_size;
                    rest = &s[offset..];
                }
            } else if is_alphabet(second) {
                offset += size;
                rest = &rest[size..];
                offset += run_while(&mut rest, second, |c| is_alphabet(c) && !text::is_upper(c)).0;
            }
        }
        Word::Upper
    } else if is_alphabet(r) {
        offset += run_while(&mut rest, r, |c| is_alphabet(c) && !text::is_upper(c)).0;
        Word::Alphabet
    } else if text::is_number(r) {
        offset += run_while(&mut rest, r, text::is_number).0;
        Word::Number
    } else {
        offset += run_while(&mut rest, r, |c| {
            !(is_connector(c) || is_alphabet(c) || text::is_number(c) || text::is_punct(c))
        })
        .0;
        Word::Other
    };
    (kind, &s[..offset], rest)
}

/// xstrings' `toLower`: upper-case and connector words are lower-cased (connectors become
/// `connector`), every other word is written as is.
fn write_lower(out: &mut String, kind: Word, word: &str, connector: char) {
    if kind != Word::Upper && kind != Word::Connector {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        if is_connector(c) {
            out.push(connector);
        } else if text::is_upper(c) {
            out.push(text::to_lower(c));
        } else {
            out.push(c);
        }
    }
}

/// xstrings' `camelCaseToLowerCase`.
fn to_lower_case(s: &str, connector: char) -> String {
    if s.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(s.len() + 4);
    let (mut kind, mut word, mut rest) = next_word(s);
    while !rest.is_empty() {
        if kind != Word::Connector {
            write_lower(&mut out, kind, word, connector);
        }
        let (prev, last) = (kind, word);
        (kind, word, rest) = next_word(rest);
        match prev {
            Word::Number => {
                while matches!(kind, Word::Alphabet | Word::Number) {
                    write_lower(&mut out, kind, word, connector);
                    (kind, word, rest) = next_word(rest);
                }
                if !matches!(kind, Word::Invalid | Word::Punct | Word::Connector) {
                    out.push(connector);
                }
            }
            Word::Connector => write_lower(&mut out, prev, last, connector),
            Word::Punct => {}
            _ => {
                if kind != Word::Number {
                    if kind != Word::Connector && kind != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                if rest.is_empty() {
                    continue;
                }
                let number = word;
                (kind, word, rest) = next_word(rest);
                // A number followed by something other than letters belongs to the previous
                // word ("Bld4Floor" → "bld4_floor").
                if kind != Word::Alphabet {
                    write_lower(&mut out, Word::Number, number, connector);
                    if kind != Word::Connector && kind != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                // Letters after a number: the number starts a new word ("HTTP2xx" → "http_2xx").
                out.push(connector);
                write_lower(&mut out, Word::Number, number, connector);
                while matches!(kind, Word::Alphabet | Word::Number) {
                    write_lower(&mut out, kind, word, connector);
                    (kind, word, rest) = next_word(rest);
                }
                if !matches!(kind, Word::Invalid | Word::Connector | Word::Punct) {
                    out.push(connector);
                }
            }
        }
    }
    write_lower(&mut out, kind, word, connector);
    out
}

/// `snakecase`.
pub(crate) fn snakecase(s: &str) -> String {
    to_lower_case(s, '_')
}

/// `kebabcase`.
pub(crate) fn kebabcase(s: &str) -> String {
    to_lower_case(s, '-')
}

/// `camelcase`: xstrings' `ToPascalCase`. Leading connectors are kept; a connector is
/// dropped before the letter it capitalises; runs of connectors keep all but the last; an
/// all-upper-case word is lower-cased after its first letter.
pub(crate) fn camelcase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    let mut first_upper = false;
    let mut r0 = '\0';
    let mut seen = false;
    for c in chars.by_ref() {
        seen = true;
        r0 = c;
        if !is_connector(c) {
            first_upper = text::is_upper(c);
            r0 = text::to_upper(c);
            break;
        }
        out.push(c);
    }
    let rest = chars.as_str();
    if rest.is_empty() {
        if seen {
            out.push(r0);
        }
        return out;
    }
    for c in rest.chars() {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            out.push(r1);
            continue;
        }
        if is_connector(r1) {
            first_upper = text::is_upper(r0);
            r0 = text::to_upper(r0);
        } else {
            if first_upper {
                if text::is_upper(r0) {
                    r0 = text::to_lower(r0);
                } else {
                    first_upper = false;
                }
            }
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_and_kebab() {
        for (input, want) in [
            ("FirstName", "first_name"),
            ("HTTPServer", "http_server"),
            ("NoHTTPS", "no_https"),
            ("GO_PATH", "go_path"),
            ("GO PATH", "go_path"),
            ("GO-PATH", "go_path"),
            ("http2xx", "http_2xx"),
            ("HTTP20xOK", "http_20x_ok"),
            ("Duration2m3s", "duration_2m3s"),
            ("Bld4Floor3rd", "bld4_floor_3rd"),
            ("FirstName HTTPServer", "first_name_http_server"),
        ] {
            assert_eq!(snakecase(input), want, "{input}");
        }
        assert_eq!(kebabcase("HTTPServer"), "http-server");
    }

    #[test]
    fn pascal() {
        for (input, want) in [
            ("some_words", "SomeWords"),
            ("http_server", "HttpServer"),
            ("no_https", "NoHttps"),
            ("_complex__case_", "_Complex_Case_"),
            ("some words", "SomeWords"),
            ("GOLANG_IS_GREAT", "GolangIsGreat"),
            ("a", "A"),
            ("", ""),
        ] {
            assert_eq!(camelcase(input), want, "{input}");
        }
    }
}
