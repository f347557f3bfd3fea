//! Character classes and escapes of Go's RE2 syntax, translated: Perl classes (`\d`) to
//! ASCII sets, POSIX classes, `\p{..}` names resolved with Go 1.26's rules (canonicalised,
//! `Assigned`, `Ascii`, the category aliases), bracket classes, and single-rune escapes.

use std::fmt::Write;

use super::syntax::{Code, Flags, SyntaxError, err, is_alnum};
use crate::text::{CATEGORIES, SCRIPTS};

/// Go's Perl classes, as ASCII class bodies (`\d` → `0-9`), and whether negated.
pub(super) fn perl_class(c: char) -> Option<(&'static str, bool)> {
    match c {
        'd' => Some(("0-9", false)),
        'D' => Some(("0-9", true)),
        's' => Some(("\\t\\n\\x0C\\r ", false)),
        'S' => Some(("\\t\\n\\x0C\\r ", true)),
        'w' => Some(("0-9A-Za-z_", false)),
        'W' => Some(("0-9A-Za-z_", true)),
        _ => None,
    }
}

/// Go's POSIX class names.
const POSIX: &[&str] = &[
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
    "space", "upper", "word", "xdigit",
];

/// Go 1.26's `canonicalName`: `_`, `-` and spaces dropped, first letter upper case, the rest
/// lower case.
fn canonical_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut first = true;
    for c in name.chars() {
        match c {
            '_' | '-' | ' ' => {}
            _ if first => {
                out.push(c.to_ascii_uppercase());
                first = false;
            }
            _ => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

/// `unicode.CategoryAliases`, keyed by canonical name.
const CATEGORY_ALIASES: &[(&str, &str)] = &[
    ("Casedletter", "LC"),
    ("Closepunctuation", "Pe"),
    ("Combiningmark", "M"),
    ("Connectorpunctuation", "Pc"),
    ("Control", "Cc"),
    ("Currencysymbol", "Sc"),
    ("Dashpunctuation", "Pd"),
    ("Decimalnumber", "Nd"),
    ("Enclosingmark", "Me"),
    ("Finalpunctuation", "Pf"),
    ("Format", "Cf"),
    ("Initialpunctuation", "Pi"),
    ("Letter", "L"),
    ("Letternumber", "Nl"),
    ("Lineseparator", "Zl"),
    ("Lowercaseletter", "Ll"),
    ("Mark", "M"),
    ("Mathsymbol", "Sm"),
    ("Modifierletter", "Lm"),
    ("Modifiersymbol", "Sk"),
    ("Nonspacingmark", "Mn"),
    ("Number", "N"),
    ("Openpunctuation", "Ps"),
    ("Other", "C"),
    ("Otherletter", "Lo"),
    ("Othernumber", "No"),
    ("Otherpunctuation", "Po"),
    ("Othersymbol", "So"),
    ("Paragraphseparator", "Zp"),
    ("Privateuse", "Co"),
    ("Punctuation", "P"),
    ("Separator", "Z"),
    ("Spaceseparator", "Zs"),
    ("Spacingmark", "Mc"),
    ("Surrogate", "Cs"),
    ("Symbol", "S"),
    ("Titlecaseletter", "Lt"),
    ("Unassigned", "Cn"),
    ("Uppercaseletter", "Lu"),
    ("Cntrl", "Cc"),
    ("Digit", "Nd"),
    ("Punct", "P"),
];

/// Go's `unicodeTable`: the Rust class for a `\p{name}` (positive form) and whether Go
/// inverts it (`Assigned` is "not Cn").
fn unicode_class(name: &str) -> Option<(String, bool)> {
    let name = canonical_name(name);
    match name.as_str() {
        "Any" => return Some(("\\p{Any}".into(), false)),
        "Assigned" => return Some(("\\p{Cn}".into(), true)),
        "Ascii" => return Some(("\\x00-\\x7F".into(), false)),
        "Lc" => return Some(("\\p{LC}".into(), false)),
        _ => {}
    }
    if CATEGORIES.contains(&name.as_str()) || SCRIPTS.contains(&name.as_str()) {
        // The `regex` crate knows every Unicode general category and script Go does.
        let rust = match name.as_str() {
            // Rust has no `\p{Cs}` in UTF-8 mode (surrogates are not chars): empty in Go too.
            "Cs" => "[^\\x00-\\x{10FFFF}]".to_owned(),
            _ => format!("\\p{{{name}}}"),
        };
        return Some((rust, false));
    }
    CATEGORY_ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map(|(_, actual)| (format!("\\p{{{actual}}}"), false))
}

/// The result of a `\p`/`\P` at the start of `s`: the consumed length and the class text
/// (usable inside a class), or `None` when `s` is not one.
pub(super) fn parse_unicode_class(s: &str) -> Result<Option<(usize, String)>, SyntaxError> {
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b'\\' || (b[1] != b'p' && b[1] != b'P') {
        return Ok(None);
    }
    let mut negate = b[1] == b'P';
    let rest = &s[2..];
    let c = rest.chars().next();
    let (seq_len, name) = if c == Some('{') {
        let Some(end) = s.find('}') else {
            return err(Code::InvalidCharRange, s);
        };
        (end + 1, &s[3..end])
    } else {
        // A one-letter name (none at the end of the pattern: Go then looks up "").
        let len = 2 + c.map_or(0, char::len_utf8);
        (len, &s[2..len])
    };
    let seq = &s[..seq_len];
    let mut name = name;
    if let Some(n) = name.strip_prefix('^') {
        negate = !negate;
        name = n;
    }
    let Some((class, inverted)) = unicode_class(name) else {
        return err(Code::InvalidCharRange, seq);
    };
    if inverted {
        negate = !negate;
    }
    let text = if negate {
        format!("[^{}]", strip_brackets(&class))
    } else {
        format!("[{}]", strip_brackets(&class))
    };
    Ok(Some((seq_len, text)))
}

/// A class body from a class text (`[…]` stripped; a `\p{..}` kept as is).
fn strip_brackets(class: &str) -> &str {
    if class.starts_with('[') {
        &class[1..class.len() - 1]
    } else {
        class
    }
}

/// Go's `parseEscape` for a single rune: `s` starts with `\`. Returns the rune and the
/// bytes consumed.
#[expect(clippy::many_single_char_names, reason = "Go's names")]
pub(super) fn parse_escape(s: &str) -> Result<(char, usize), SyntaxError> {
    let mut it = s[1..].char_indices();
    let Some((_, c)) = it.next() else {
        return err(Code::TrailingBackslash, "");
    };
    let after = 1 + c.len_utf8();
    let rest = &s[after..];
    let bad = |len: usize| err(Code::InvalidEscape, &s[..len]);
    match c {
        '1'..='7' if !rest.starts_with(|d: char| ('0'..='7').contains(&d)) => bad(after),
        '0'..='7' => {
            let mut r = c as u32 - '0' as u32;
            let mut used = after;
            for d in rest.bytes().take(2) {
                if !(b'0'..=b'7').contains(&d) {
                    break;
                }
                r = r * 8 + u32::from(d - b'0');
                used += 1;
            }
            Ok((char::from_u32(r).unwrap_or('\u{FFFD}'), used))
        }
        'x' => {
            let mut chars = rest.char_indices();
            let Some((_, first)) = chars.next() else {
                return bad(after);
            };
            if first == '{' {
                let mut r: u32 = 0;
                for (n, (i, d)) in chars.enumerate() {
                    if d == '}' {
                        if n == 0 {
                            return bad(after + i + 1);
                        }
                        return Ok((char::from_u32(r).unwrap_or('\u{FFFD}'), after + i + 1));
                    }
                    let Some(v) = d.to_digit(16) else {
                        return bad(after + i + d.len_utf8());
                    };
                    r = r * 16 + v;
                    if r > 0x10_FFFF {
                        return bad(after + i + d.len_utf8());
                    }
                }
                return bad(s.len());
            }
            let Some((j, second)) = chars.next() else {
                return bad(s.len());
            };
            let len = after + j + second.len_utf8();
            match (first.to_digit(16), second.to_digit(16)) {
                (Some(x), Some(y)) => Ok((char::from_u32(x * 16 + y).unwrap_or('\u{FFFD}'), len)),
                _ => bad(len),
            }
        }
        'a' => Ok(('\u{7}', after)),
        'f' => Ok(('\u{C}', after)),
        'n' => Ok(('\n', after)),
        'r' => Ok(('\r', after)),
        't' => Ok(('\t', after)),
        'v' => Ok(('\u{B}', after)),
        _ if c.is_ascii() && !is_alnum(c) => Ok((c, after)),
        _ => bad(after),
    }
}

/// Go's `parseClass`: `s` starts with `[`. Returns the Rust class and the bytes consumed.
pub(super) fn parse_class(s: &str, flags: Flags) -> Result<(String, usize), SyntaxError> {
    let mut t = 1;
    let mut negated = false;
    if s[t..].starts_with('^') {
        negated = true;
        t += 1;
    }
    let mut body = String::new();
    let mut first = true;
    loop {
        let rest = &s[t..];
        if rest.starts_with(']') && !first {
            t += 1;
            break;
        }
        first = false;
        if rest.len() > 2
            && rest.starts_with("[:")
            && let Some(end) = rest[2..].find(":]")
        {
            let name = &rest[..end + 4];
            let inner = &rest[2..end + 2];
            let (neg, base) = match inner.strip_prefix('^') {
                Some(b) => (true, b),
                None => (false, inner),
            };
            if !POSIX.contains(&base) {
                return err(Code::InvalidCharRange, name);
            }
            let _ = write!(body, "[:{}{base}:]", if neg { "^" } else { "" });
            t += name.len();
            continue;
        }
        if let Some((len, class)) = parse_unicode_class(rest)? {
            body.push_str(&class);
            t += len;
            continue;
        }
        if let Some(c) = rest.strip_prefix('\\').and_then(|r| r.chars().next())
            && let Some((set, neg)) = perl_class(c)
        {
            if neg {
                let _ = write!(body, "[^{set}]");
            } else {
                body.push_str(set);
            }
            t += 2;
            continue;
        }
        let range_start = t;
        let (lo, used) = class_char(&s[t..], s)?;
        t += used;
        let mut hi = lo;
        let rest = &s[t..];
        if rest.len() >= 2 && rest.starts_with('-') && !rest[1..].starts_with(']') {
            t += 1;
            let (h, used) = class_char(&s[t..], s)?;
            t += used;
            hi = h;
            if hi < lo {
                return err(Code::InvalidCharRange, &s[range_start..t]);
            }
        }
        if lo == hi {
            body.push_str(&class_char_text(lo));
        } else {
            let _ = write!(body, "{}-{}", class_char_text(lo), class_char_text(hi));
        }
    }
    let class = if negated {
        format!("[^{body}]")
    } else if body.is_empty() {
        "[^\\x00-\\x{10FFFF}]".to_owned()
    } else {
        format!("[{body}]")
    };
    Ok((flags.wrap(&class, true, false, false), t))
}

/// Go's `parseClassChar`: an escape or a rune; the whole class text on a missing `]`.
fn class_char(s: &str, whole: &str) -> Result<(char, usize), SyntaxError> {
    if s.is_empty() {
        return err(Code::MissingBracket, whole);
    }
    if s.starts_with('\\') {
        return parse_escape(s);
    }
    let c = s.chars().next().unwrap_or('\0');
    Ok((c, c.len_utf8()))
}

fn class_char_text(c: char) -> String {
    if is_alnum(c) || !c.is_ascii() && !c.is_whitespace() {
        c.to_string()
    } else {
        format!("\\x{{{:X}}}", u32::from(c))
    }
}
