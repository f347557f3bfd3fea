//! `strconv.ParseUint` and `strconv.ParseInt`.

use super::{NumError, NumErrorKind, underscore_ok};

/// Go's `strconv.ParseUint(s, base, bits)`. Base 0 reads Go's prefixes (`0x`, `0o`, `0b`, and a
/// leading `0` for octal) and allows `_` between digits. `bits` is 0 (meaning 64) to 64.
///
/// # Errors
/// `invalid syntax` for anything that is not such a number, `value out of range` when it does not
/// fit (the error's value is then the type's maximum, as in Go, but only the error is returned).
pub fn parse_uint(s: &str, base: u32, bits: u32) -> Result<u64, NumError> {
    const FUNC: &str = "ParseUint";
    parse_uint_inner(s, base, bits).map_err(|kind| NumError::new(FUNC, s, kind))
}

fn parse_uint_inner(s0: &str, base: u32, bits: u32) -> Result<u64, NumErrorKind> {
    let bytes = s0.as_bytes();
    if bytes.is_empty() {
        return Err(NumErrorKind::Syntax);
    }
    let base_zero = base == 0;
    let mut s = bytes;
    let base = if base_zero {
        if s[0] == b'0' {
            if s.len() >= 3 && matches!(s[1] | 0x20, b'b' | b'o' | b'x') {
                let b = match s[1] | 0x20 {
                    b'b' => 2,
                    b'o' => 8,
                    _ => 16,
                };
                s = &s[2..];
                b
            } else {
                s = &s[1..];
                8
            }
        } else {
            10
        }
    } else {
        base
    };
    let bits = if bits == 0 { 64 } else { bits };
    let max_val: u64 = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in s {
        let d = match c {
            b'_' if base_zero => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u32::from(c - b'0'),
            b'a'..=b'z' | b'A'..=b'Z' => u32::from((c | 0x20) - b'a') + 10,
            _ => return Err(NumErrorKind::Syntax),
        };
        if d >= base {
            return Err(NumErrorKind::Syntax);
        }
        let Some(m) = n.checked_mul(u64::from(base)) else {
            return Err(NumErrorKind::Range);
        };
        let Some(n1) = m.checked_add(u64::from(d)) else {
            return Err(NumErrorKind::Range);
        };
        if n1 > max_val {
            return Err(NumErrorKind::Range);
        }
        n = n1;
    }
    if underscores && !underscore_ok(bytes) {
        return Err(NumErrorKind::Syntax);
    }
    Ok(n)
}

/// Go's `strconv.ParseInt(s, base, bits)`: an optional sign, then [`parse_uint`]'s syntax.
///
/// # Errors
/// As [`parse_uint`], reported as `ParseInt`.
pub fn parse_int(s: &str, base: u32, bits: u32) -> Result<i64, NumError> {
    const FUNC: &str = "ParseInt";
    let err = |kind| NumError::new(FUNC, s, kind);
    if s.is_empty() {
        return Err(err(NumErrorKind::Syntax));
    }
    let (neg, rest) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let bits = if bits == 0 { 64 } else { bits };
    let un = parse_uint_inner(rest, base, 64).map_err(err)?;
    let cutoff = 1u64 << (bits - 1);
    if !neg && un >= cutoff {
        return Err(err(NumErrorKind::Range));
    }
    if neg && un > cutoff {
        return Err(err(NumErrorKind::Range));
    }
    Ok(if neg {
        (un as i64).wrapping_neg()
    } else {
        un as i64
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_zero_prefixes() {
        assert_eq!(parse_uint("0x1_23", 0, 64), Ok(0x123));
        assert_eq!(parse_uint("0377", 0, 64), Ok(255));
        assert_eq!(parse_uint("0o377", 0, 64), Ok(255));
        assert_eq!(parse_uint("0b_1_0_1", 0, 64), Ok(5));
        assert_eq!(parse_uint("0", 0, 64), Ok(0));
        assert!(parse_uint("08", 0, 64).is_err());
        assert!(parse_uint("0x", 0, 64).is_err());
        assert!(parse_uint("1__0", 0, 64).is_err());
        assert!(parse_uint("-1", 0, 64).is_err());
        assert_eq!(parse_int("-0x10", 0, 64), Ok(-16));
        assert_eq!(parse_int("-9223372036854775808", 0, 64), Ok(i64::MIN));
        let e = parse_int("9223372036854775808", 0, 64).unwrap_err();
        assert_eq!(
            e.to_string(),
            "strconv.ParseInt: parsing \"9223372036854775808\": value out of range"
        );
        assert_eq!(
            parse_int("x", 10, 64).unwrap_err().to_string(),
            "strconv.ParseInt: parsing \"x\": invalid syntax"
        );
    }
}
