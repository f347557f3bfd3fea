//! Implicit typing of scalars: go-yaml's `resolve` (YAML 1.1 for v2, mostly 1.2 for v3).

use rudder_value::strconv::{parse_float, parse_int, parse_uint};

use super::timestamp::is_timestamp;

/// The long form of the standard tags.
pub(crate) const STR_TAG: &str = "tag:yaml.org,2002:str";
pub(crate) const BOOL_TAG: &str = "tag:yaml.org,2002:bool";
pub(crate) const INT_TAG: &str = "tag:yaml.org,2002:int";
pub(crate) const FLOAT_TAG: &str = "tag:yaml.org,2002:float";
pub(crate) const NULL_TAG: &str = "tag:yaml.org,2002:null";
pub(crate) const TIMESTAMP_TAG: &str = "tag:yaml.org,2002:timestamp";
pub(crate) const BINARY_TAG: &str = "tag:yaml.org,2002:binary";
pub(crate) const MERGE_TAG: &str = "tag:yaml.org,2002:merge";

const LONG_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// `!!name` for a standard long tag, the tag itself otherwise.
pub(crate) fn short_tag(tag: &str) -> String {
    match tag.strip_prefix(LONG_TAG_PREFIX) {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_owned(),
    }
}

/// The typed result of resolving a scalar (Go's dynamic types in `interface{}`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Resolved {
    Null,
    Bool(bool),
    /// Go's `int`.
    Int(i64),
    /// Go's `uint64` (integers above `int64`'s range).
    Uint(u64),
    Float(f64),
    /// The input text: a string, a timestamp (kept as its text), the merge key, a binary
    /// value before decoding or a value with an unknown tag.
    Text,
}

/// Which go-yaml's resolver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// yaml.v2: YAML 1.1 booleans (`yes`, `on`, `y`, ...).
    V2,
    /// yaml.v3: YAML 1.2 booleans, plus `0o` octal.
    V3,
}

fn resolvable(tag: &str) -> bool {
    matches!(
        tag,
        "" | STR_TAG | BOOL_TAG | INT_TAG | FLOAT_TAG | NULL_TAG | TIMESTAMP_TAG
    )
}

/// The table lookup of go-yaml's resolver.
fn lookup(flavor: Flavor, s: &str) -> Option<(&'static str, Resolved)> {
    let v2 = flavor == Flavor::V2;
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" if v2 => {
            (BOOL_TAG, Resolved::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" if v2 => {
            (BOOL_TAG, Resolved::Bool(false))
        }
        "true" | "True" | "TRUE" => (BOOL_TAG, Resolved::Bool(true)),
        "false" | "False" | "FALSE" => (BOOL_TAG, Resolved::Bool(false)),
        "" | "~" | "null" | "Null" | "NULL" => (NULL_TAG, Resolved::Null),
        ".nan" | ".NaN" | ".NAN" => (FLOAT_TAG, Resolved::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            (FLOAT_TAG, Resolved::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => (FLOAT_TAG, Resolved::Float(f64::NEG_INFINITY)),
        "<<" => (MERGE_TAG, Resolved::Text),
        _ => return None,
    })
}

/// Whether `s` matches `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Whether `s` is a YAML 1.1 base 60 float (`^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`),
/// which the encoders quote for the benefit of other parsers.
pub(crate) fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if !(first == b'+' || first == b'-' || first.is_ascii_digit()) || !s.contains(':') {
        return false;
    }
    let mut i = usize::from(first == b'+' || first == b'-');
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        // [0-5]?[0-9]
        match (b.get(i), b.get(i + 1)) {
            (Some(d0 @ b'0'..=b'5'), Some(d1)) if d1.is_ascii_digit() => {
                let _ = d0;
                i += 2;
            }
            (Some(d), _) if d.is_ascii_digit() => i += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// yaml.v3's `isOldBool`: YAML 1.1 booleans that v3 reads as strings but still quotes.
pub(crate) fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// An integer parsed by `ParseInt`/`ParseUint`: Go's `int` when it fits, else `uint64`.
fn int_or_uint(s: &str, base: u32) -> Option<Resolved> {
    if let Ok(i) = parse_int(s, base, 64) {
        return Some(Resolved::Int(i));
    }
    parse_uint(s, base, 64).ok().map(Resolved::Uint)
}

/// go-yaml's `resolve(tag, in)`: the resolved tag and value.
///
/// # Errors
/// go-yaml's `cannot decode !!str `x` as a !!int` (without the `yaml: ` prefix) when an explicit
/// standard tag does not fit the text.
pub(crate) fn resolve(
    flavor: Flavor,
    tag: &str,
    input: &str,
) -> Result<(&'static str, Resolved), String> {
    if !resolvable(tag) {
        // Unknown and non-resolvable tags keep the text; `!!binary` is decoded by the caller.
        let rtag = if tag == BINARY_TAG { BINARY_TAG } else { "" };
        return Ok((rtag, Resolved::Text));
    }
    let (rtag, out) = resolve_untyped(flavor, tag, input);
    if tag.is_empty() || tag == rtag || tag == STR_TAG || tag == BINARY_TAG {
        return Ok((rtag, out));
    }
    if tag == FLOAT_TAG
        && rtag == INT_TAG
        && let Resolved::Int(i) = out
    {
        return Ok((FLOAT_TAG, Resolved::Float(i as f64)));
    }
    Err(format!(
        "cannot decode {} `{}` as a {}",
        short_tag(rtag),
        input,
        short_tag(tag)
    ))
}

fn resolve_untyped(flavor: Flavor, tag: &str, input: &str) -> (&'static str, Resolved) {
    let hint = match input.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint == 0 || tag == STR_TAG || tag == BINARY_TAG {
        return (STR_TAG, Resolved::Text);
    }
    if let Some(found) = lookup(flavor, input) {
        return found;
    }
    match hint {
        b'.' => {
            if let Ok(f) = parse_float(input, 64) {
                return (FLOAT_TAG, Resolved::Float(f));
            }
        }
        b'D' | b'S' => {
            if (tag.is_empty() || tag == TIMESTAMP_TAG) && is_timestamp(input) {
                return (TIMESTAMP_TAG, Resolved::Text);
            }
            let plain = input.replace('_', "");
            if let Some(r) = int_or_uint(&plain, 0) {
                return (INT_TAG, r);
            }
            if yaml_style_float(&plain)
                && let Ok(f) = parse_float(&plain, 64)
            {
                return (FLOAT_TAG, Resolved::Float(f));
            }
            if let Some(digits) = plain.strip_prefix("0b") {
                if let Some(r) = int_or_uint(digits, 2) {
                    return (INT_TAG, r);
                }
            } else if let Some(digits) = plain.strip_prefix("-0b")
                && let Ok(i) = parse_int(&format!("-{digits}"), 2, 64)
            {
                return (INT_TAG, Resolved::Int(i));
            }
            if flavor == Flavor::V3 {
                if let Some(digits) = plain.strip_prefix("0o") {
                    if let Some(r) = int_or_uint(digits, 8) {
                        return (INT_TAG, r);
                    }
                } else if let Some(digits) = plain.strip_prefix("-0o")
                    && let Ok(i) = parse_int(&format!("-{digits}"), 8, 64)
                {
                    return (INT_TAG, Resolved::Int(i));
                }
            }
        }
        _ => {}
    }
    (STR_TAG, Resolved::Text)
}

/// Whether a plain scalar with this text would read back as a string (`resolve("", s)` gives
/// `!!str`).
pub(crate) fn is_plain_string(flavor: Flavor, s: &str) -> bool {
    resolve_untyped(flavor, "", s).0 == STR_TAG
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v2(s: &str) -> Resolved {
        resolve(Flavor::V2, "", s).unwrap().1
    }

    #[test]
    fn yaml_1_1_scalars() {
        assert_eq!(v2("yes"), Resolved::Bool(true));
        assert_eq!(v2("Off"), Resolved::Bool(false));
        assert_eq!(v2("yEs"), Resolved::Text);
        assert_eq!(v2("~"), Resolved::Null);
        assert_eq!(v2(""), Resolved::Null);
        assert_eq!(v2("0777"), Resolved::Int(511));
        assert_eq!(v2("0x1F"), Resolved::Int(31));
        assert_eq!(v2("0o17"), Resolved::Int(15));
        assert_eq!(v2("0b101"), Resolved::Int(5));
        assert_eq!(v2("-0b101"), Resolved::Int(-5));
        assert_eq!(v2("1_000"), Resolved::Int(1000));
        assert_eq!(v2("09"), Resolved::Float(9.0));
        assert_eq!(v2("1."), Resolved::Float(1.0));
        assert_eq!(v2(".5"), Resolved::Float(0.5));
        assert_eq!(v2("+5"), Resolved::Int(5));
        assert_eq!(v2("1e400"), Resolved::Text);
        assert_eq!(v2("1e-400"), Resolved::Float(0.0));
        assert_eq!(v2("18446744073709551615"), Resolved::Uint(u64::MAX));
        assert_eq!(v2("2021-01-01"), Resolved::Text);
        assert_eq!(
            resolve(Flavor::V2, "", "2021-01-01").unwrap().0,
            TIMESTAMP_TAG
        );
        assert_eq!(v2("1:20"), Resolved::Text);
        assert!(matches!(v2(".nan"), Resolved::Float(f) if f.is_nan()));
        assert_eq!(v2("-.inf"), Resolved::Float(f64::NEG_INFINITY));
    }

    #[test]
    fn v3_differs() {
        let v3 = |s: &str| resolve(Flavor::V3, "", s).unwrap().1;
        assert_eq!(v3("yes"), Resolved::Text);
        assert_eq!(v3("true"), Resolved::Bool(true));
    }

    #[test]
    fn explicit_tags() {
        assert_eq!(
            resolve(Flavor::V2, INT_TAG, "foo").unwrap_err(),
            "cannot decode !!str `foo` as a !!int"
        );
        assert_eq!(
            resolve(Flavor::V2, FLOAT_TAG, "1").unwrap(),
            (FLOAT_TAG, Resolved::Float(1.0))
        );
        assert_eq!(resolve(Flavor::V2, STR_TAG, "1").unwrap().1, Resolved::Text);
    }

    #[test]
    fn base60() {
        assert!(is_base60_float("1:20"));
        assert!(is_base60_float("-1_0:59:00.5"));
        assert!(!is_base60_float("1:60"));
        assert!(!is_base60_float("1:2:"));
        assert!(!is_base60_float("a:1"));
    }
}
