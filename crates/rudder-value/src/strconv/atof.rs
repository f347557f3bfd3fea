//! `strconv.ParseFloat`.

use super::{NumError, NumErrorKind, underscore_ok};

/// What Go's `readFloat` extracted from the literal.
struct Literal {
    neg: bool,
    hex: bool,
    /// Up to 19 decimal (16 hex) significant digits.
    mantissa: u64,
    /// Decimal (or binary, for hex) exponent applying to `mantissa`.
    exp: i64,
    /// Non-zero digits were dropped from the mantissa.
    trunc: bool,
    /// Bytes consumed.
    len: usize,
}

/// Go's `readFloat`: the syntax of a decimal or hexadecimal float literal, with `_` separators.
fn read_float(s: &[u8]) -> Option<Literal> {
    let mut i = 0;
    let mut neg = false;
    let mut underscores = false;
    match s.first()? {
        b'+' => i += 1,
        b'-' => {
            i += 1;
            neg = true;
        }
        _ => {}
    }
    let mut base: u64 = 10;
    let mut max_mant_digits = 19;
    let mut exp_char = b'e';
    let mut hex = false;
    if i + 2 < s.len() && s[i] == b'0' && s[i + 1] | 0x20 == b'x' {
        base = 16;
        max_mant_digits = 16;
        i += 2;
        exp_char = b'p';
        hex = true;
    }
    let mut saw_dot = false;
    let mut saw_digits = false;
    let mut nd: i64 = 0;
    let mut nd_mant: i64 = 0;
    let mut dp: i64 = 0;
    let mut mantissa: u64 = 0;
    let mut trunc = false;
    while i < s.len() {
        let c = s[i];
        if c == b'_' {
            underscores = true;
        } else if c == b'.' {
            if saw_dot {
                break;
            }
            saw_dot = true;
            dp = nd;
        } else if c.is_ascii_digit() {
            saw_digits = true;
            if c == b'0' && nd == 0 {
                dp -= 1;
            } else {
                nd += 1;
                if nd_mant < max_mant_digits {
                    mantissa = mantissa * base + u64::from(c - b'0');
                    nd_mant += 1;
                } else if c != b'0' {
                    trunc = true;
                }
            }
        } else if base == 16 && (b'a'..=b'f').contains(&(c | 0x20)) {
            saw_digits = true;
            nd += 1;
            if nd_mant < max_mant_digits {
                mantissa = mantissa * 16 + u64::from((c | 0x20) - b'a' + 10);
                nd_mant += 1;
            } else {
                trunc = true;
            }
        } else {
            break;
        }
        i += 1;
    }
    if !saw_digits {
        return None;
    }
    if !saw_dot {
        dp = nd;
    }
    if base == 16 {
        dp *= 4;
        nd_mant *= 4;
    }
    if i < s.len() && s[i] | 0x20 == exp_char {
        i += 1;
        if i >= s.len() {
            return None;
        }
        let mut esign = 1;
        match s[i] {
            b'+' => i += 1,
            b'-' => {
                i += 1;
                esign = -1;
            }
            _ => {}
        }
        if i >= s.len() || !s[i].is_ascii_digit() {
            return None;
        }
        let mut e: i64 = 0;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
            if s[i] == b'_' {
                underscores = true;
            } else if e < 10000 {
                e = e * 10 + i64::from(s[i] - b'0');
            }
            i += 1;
        }
        dp += e * esign;
    } else if base == 16 {
        return None;
    }
    let exp = if mantissa == 0 { 0 } else { dp - nd_mant };
    if underscores && !underscore_ok(&s[..i]) {
        return None;
    }
    Some(Literal {
        neg,
        hex,
        mantissa,
        exp,
        trunc,
        len: i,
    })
}

/// Go's `special`: `inf`, `infinity`, `nan` with any case, signed infinities.
fn special(s: &[u8]) -> Option<(f64, usize)> {
    let lower_prefix = |s: &[u8], word: &[u8]| {
        s.iter()
            .zip(word)
            .take_while(|(a, b)| a.to_ascii_lowercase() == **b)
            .count()
    };
    let (sign, nsign, rest) = match s.first()? {
        b'+' => (1.0, 1, &s[1..]),
        b'-' => (-1.0, 1, &s[1..]),
        _ => (1.0, 0, s),
    };
    match rest.first().map(u8::to_ascii_lowercase) {
        Some(b'i') => {
            let mut n = lower_prefix(rest, b"infinity");
            if 3 < n && n < 8 {
                n = 3;
            }
            (n == 3 || n == 8).then_some((sign * f64::INFINITY, nsign + n))
        }
        Some(b'n') if nsign == 0 => (lower_prefix(rest, b"nan") == 3).then_some((f64::NAN, 3)),
        _ => None,
    }
}

/// Go's `strconv.ParseFloat(s, bits)` (`bits` 32 or 64): decimal and hexadecimal literals with
/// `_` separators, `inf`/`infinity`/`nan`; the nearest value, rounded to even.
///
/// # Errors
/// `invalid syntax`, or `value out of range` for a finite literal too large for the type.
pub fn parse_float(s: &str, bits: u32) -> Result<f64, NumError> {
    const FUNC: &str = "ParseFloat";
    let err = |kind| NumError::new(FUNC, s, kind);
    let bytes = s.as_bytes();
    if let Some((v, n)) = special(bytes) {
        return if n == bytes.len() {
            Ok(v)
        } else {
            Err(err(NumErrorKind::Syntax))
        };
    }
    let lit = read_float(bytes).ok_or(err(NumErrorKind::Syntax))?;
    if lit.len != bytes.len() {
        return Err(err(NumErrorKind::Syntax));
    }
    let value = if lit.hex {
        hex_float(&lit, bits)
    } else {
        // The syntax is Go's (checked above); the digits are converted by Rust's correctly
        // rounded parser, which agrees with Go's on every decimal input.
        let cleaned: String = s.chars().filter(|&c| c != '_').collect();
        if bits == 32 {
            cleaned.parse::<f32>().map(f64::from).ok()
        } else {
            cleaned.parse::<f64>().ok()
        }
        .ok_or(err(NumErrorKind::Syntax))?
    };
    if value.is_infinite() {
        return Err(err(NumErrorKind::Range));
    }
    Ok(value)
}

/// Go's `atofHex`: a hexadecimal mantissa and binary exponent, rounded to even.
fn hex_float(lit: &Literal, bits: u32) -> f64 {
    let (mant_width, exp_width, exp_offset): (u32, u32, i64) = if bits == 32 {
        (23, 8, -127)
    } else {
        (52, 11, -1023)
    };
    let max_exp = (1i64 << exp_width) + exp_offset - 2;
    let min_exp = exp_offset + 1;
    let mut mantissa = lit.mantissa;
    let mut exp = lit.exp + i64::from(mant_width);
    while mantissa != 0 && mantissa >> (mant_width + 2) == 0 {
        mantissa <<= 1;
        exp -= 1;
    }
    if lit.trunc {
        mantissa |= 1;
    }
    while mantissa >> (1 + mant_width + 2) != 0 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    while mantissa > 1 && exp < min_exp - 2 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exp += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (1 + mant_width) {
            mantissa >>= 1;
            exp += 1;
        }
    }
    if mantissa >> mant_width == 0 {
        exp = exp_offset;
    }
    if exp > max_exp {
        return if lit.neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let mut out = mantissa & ((1u64 << mant_width) - 1);
    out |= (((exp - exp_offset) as u64) & ((1u64 << exp_width) - 1)) << mant_width;
    if bits == 32 {
        let mut b = out as u32;
        if lit.neg {
            b |= 1 << 31;
        }
        f64::from(f32::from_bits(b))
    } else {
        if lit.neg {
            out |= 1 << 63;
        }
        f64::from_bits(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_float_syntax() {
        assert_eq!(parse_float("1_000.5", 64), Ok(1000.5));
        assert_eq!(parse_float("0x1.ep+2", 64), Ok(7.5));
        assert_eq!(parse_float("+0x_1.e_0p+0_2", 64), Ok(7.5));
        assert_eq!(parse_float("0x_1p-4", 64), Ok(1.0 / 16.0));
        assert_eq!(parse_float(".5", 64), Ok(0.5));
        assert_eq!(parse_float("5.", 64), Ok(5.0));
        assert_eq!(parse_float("-Inf", 64), Ok(f64::NEG_INFINITY));
        assert!(parse_float("NaN", 64).unwrap().is_nan());
        assert!(parse_float("0x1.8", 64).is_err()); // hex needs p
        assert!(parse_float("1e", 64).is_err());
        assert!(parse_float("1__0", 64).is_err());
        assert!(parse_float(".", 64).is_err());
        assert_eq!(parse_float("1e-400", 64), Ok(0.0));
        assert_eq!(
            parse_float("1e400", 64).unwrap_err().to_string(),
            "strconv.ParseFloat: parsing \"1e400\": value out of range"
        );
        assert_eq!(parse_float("0x1p-1074", 64), Ok(f64::from_bits(1)));
        assert_eq!(parse_float("0x1.fffffffffffff8p0", 64), Ok(2.0));
    }
}
