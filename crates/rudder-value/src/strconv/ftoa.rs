//! `strconv.FormatFloat`.

use super::bigdec::Decimal;

/// Go's `strconv.FormatFloat(f, fmt, prec, bits)`.
///
/// `fmt` is one of `b e E f g G x X`; `prec` is the precision (`-1` for the shortest
/// representation that round-trips); `bits` is 32 or 64 (a `float32` value is held in an `f64`).
/// An unknown format yields `%` followed by the format byte, as Go does.
///
/// ```
/// use rudder_value::strconv::format_float;
/// assert_eq!(format_float(1_000_000.0, b'g', -1, 64), "1e+06");
/// assert_eq!(format_float(123_456_789.0, b'g', -1, 64), "1.23456789e+08");
/// assert_eq!(format_float(0.125, b'f', 2, 64), "0.12");
/// assert_eq!(format_float(1.5, b'x', -1, 64), "0x1.8p+00");
/// ```
pub fn format_float(f: f64, fmt: u8, prec: i32, bits: u32) -> String {
    let mut out = Vec::with_capacity(24);
    append_float(&mut out, f, fmt, prec, bits);
    // Every byte written is ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// [`format_float`] appending to a byte buffer.
pub fn append_float(dst: &mut Vec<u8>, f: f64, fmt: u8, prec: i32, bits: u32) {
    let (mant_width, exp_width, exp_offset): (u32, u32, i32) = if bits == 32 {
        (23, 8, -127)
    } else {
        (52, 11, -1023)
    };
    let raw: u64 = if bits == 32 {
        u64::from((f as f32).to_bits())
    } else {
        f.to_bits()
    };
    let neg = raw >> (exp_width + mant_width) != 0;
    let mut exp = ((raw >> mant_width) & ((1 << exp_width) - 1)) as i32;
    let mut mant = raw & ((1u64 << mant_width) - 1);
    if exp == (1 << exp_width) - 1 {
        dst.extend_from_slice(if mant != 0 {
            b"NaN"
        } else if neg {
            b"-Inf"
        } else {
            b"+Inf"
        });
        return;
    }
    if exp == 0 {
        exp += 1;
    } else {
        mant |= 1u64 << mant_width;
    }
    exp += exp_offset;

    match fmt {
        b'b' => return fmt_b(dst, neg, mant, exp - mant_width as i32),
        b'x' | b'X' => return fmt_x(dst, prec, fmt, neg, mant, exp, mant_width),
        b'e' | b'E' | b'f' | b'g' | b'G' => {}
        _ => {
            dst.push(b'%');
            dst.push(fmt);
            return;
        }
    }

    let shortest = prec < 0;
    let mut prec = prec;
    let digits = if mant == 0 {
        Decimal::default()
    } else if shortest {
        let d = shortest_digits(f, bits);
        prec = match fmt {
            b'e' | b'E' => (d.digits.len() as i32 - 1).max(0),
            b'f' => (d.digits.len() as i32 - d.dp).max(0),
            _ => d.digits.len() as i32,
        };
        d
    } else {
        let mut d = Decimal::exact(mant, exp - mant_width as i32);
        match fmt {
            b'e' | b'E' => d.round(prec + 1),
            b'f' => d.round(d.dp + prec),
            _ => {
                if prec == 0 {
                    prec = 1;
                }
                d.round(prec);
            }
        }
        d
    };
    format_digits(dst, shortest, neg, &digits, prec, fmt);
}

/// The shortest decimal digits that read back as `f` (at `bits` precision). Rust's `{:e}`
/// formatting produces exactly those (shortest, and nearest among the shortest), so the digits
/// and exponent are taken from it.
fn shortest_digits(f: f64, bits: u32) -> Decimal {
    let text = if bits == 32 {
        format!("{:e}", (f as f32).abs())
    } else {
        format!("{:e}", f.abs())
    };
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    let shortest = Decimal {
        digits,
        dp: exponent + 1,
    };
    break_tie_to_even(f, bits, shortest)
}

/// When the value lies exactly halfway between two shortest candidates, Go's shortest
/// formatting picks the even one (if it round-trips), Rust's the upper one. A tie needs the
/// exact value to have one more significant digit than the shortest form, ending in 5; that
/// is only possible for `m × 2^e` (m odd) with `-25 <= e <= 21`, where the exact digits fit in
/// a `u128`.
fn break_tie_to_even(f: f64, bits: u32, shortest: Decimal) -> Decimal {
    let (mut m, mut e) = if bits == 32 {
        let b = (f as f32).abs().to_bits();
        let exp = ((b >> 23) & 0xff) as i32;
        let frac = u64::from(b & 0x7f_ffff);
        if exp == 0 {
            (frac, -149)
        } else {
            (frac | 0x80_0000, exp - 150)
        }
    } else {
        let b = f.abs().to_bits();
        let exp = ((b >> 52) & 0x7ff) as i32;
        let frac = b & 0xf_ffff_ffff_ffff;
        if exp == 0 {
            (frac, -1074)
        } else {
            (frac | 0x10_0000_0000_0000, exp - 1075)
        }
    };
    if m == 0 {
        return shortest;
    }
    while m & 1 == 0 {
        m >>= 1;
        e += 1;
    }
    if !(-25..=21).contains(&e) {
        return shortest;
    }
    // The exact value is n × 10^shift.
    let (n, shift): (u128, i32) = if e >= 0 {
        (u128::from(m) << e, 0)
    } else {
        (u128::from(m) * 5u128.pow((-e) as u32), e)
    };
    let text = n.to_string();
    let trimmed = text.trim_end_matches('0');
    let exact_dp = text.len() as i32 + shift;
    let nd = shortest.digits.len();
    if trimmed.len() != nd + 1 || !trimmed.ends_with('5') {
        return shortest;
    }
    let lo = Decimal {
        digits: trimmed.as_bytes()[..nd].to_vec(),
        dp: exact_dp,
    };
    let mut hi = lo.clone();
    hi.digits.push(b'9');
    hi.round(nd as i32); // adds one unit in the last place, carrying
    let trim = |mut d: Decimal| {
        while d.digits.last() == Some(&b'0') {
            d.digits.pop();
        }
        d
    };
    let lo = trim(lo);
    let lo_even = lo
        .digits
        .last()
        .is_none_or(|d| (d - b'0').is_multiple_of(2));
    let (preferred, other) = if lo_even { (lo, hi) } else { (hi, lo) };
    if round_trips(&preferred, f, bits) {
        preferred
    } else {
        other
    }
}

fn round_trips(d: &Decimal, f: f64, bits: u32) -> bool {
    if d.digits.is_empty() {
        return false;
    }
    let text = format!(
        "0.{}e{}",
        std::str::from_utf8(&d.digits).unwrap_or("0"),
        d.dp
    );
    if bits == 32 {
        text.parse::<f32>()
            .is_ok_and(|v| v.to_bits() == (f as f32).abs().to_bits())
    } else {
        text.parse::<f64>()
            .is_ok_and(|v| v.to_bits() == f.abs().to_bits())
    }
}

fn format_digits(dst: &mut Vec<u8>, shortest: bool, neg: bool, d: &Decimal, prec: i32, fmt: u8) {
    let nd = d.digits.len() as i32;
    match fmt {
        b'e' | b'E' => fmt_e(dst, neg, d, prec, fmt),
        b'f' => fmt_f(dst, neg, d, prec),
        _ => {
            let mut eprec = prec;
            if eprec > nd && nd >= d.dp {
                eprec = nd;
            }
            if shortest {
                eprec = 6;
            }
            let exp = d.dp - 1;
            if exp < -4 || exp >= eprec {
                let prec = prec.min(nd);
                fmt_e(dst, neg, d, prec - 1, fmt + b'e' - b'g');
            } else {
                let prec = if prec > d.dp { nd } else { prec };
                fmt_f(dst, neg, d, (prec - d.dp).max(0));
            }
        }
    }
}

fn fmt_e(dst: &mut Vec<u8>, neg: bool, d: &Decimal, prec: i32, fmt: u8) {
    if neg {
        dst.push(b'-');
    }
    dst.push(d.digits.first().copied().unwrap_or(b'0'));
    if prec > 0 {
        dst.push(b'.');
        let prec = prec as usize;
        let avail = d.digits.len().min(prec + 1);
        if avail > 1 {
            dst.extend_from_slice(&d.digits[1..avail]);
        }
        for _ in avail.max(1)..=prec {
            dst.push(b'0');
        }
    }
    dst.push(fmt);
    let mut exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
    if exp < 0 {
        dst.push(b'-');
        exp = -exp;
    } else {
        dst.push(b'+');
    }
    if exp < 10 {
        dst.push(b'0');
    }
    dst.extend_from_slice(exp.to_string().as_bytes());
}

fn fmt_f(dst: &mut Vec<u8>, neg: bool, d: &Decimal, prec: i32) {
    if neg {
        dst.push(b'-');
    }
    if d.dp > 0 {
        let m = (d.dp as usize).min(d.digits.len());
        dst.extend_from_slice(&d.digits[..m]);
        for _ in m..d.dp as usize {
            dst.push(b'0');
        }
    } else {
        dst.push(b'0');
    }
    if prec > 0 {
        dst.push(b'.');
        for i in 0..prec {
            let j = d.dp + i;
            let ch = if j >= 0 && (j as usize) < d.digits.len() {
                d.digits[j as usize]
            } else {
                b'0'
            };
            dst.push(ch);
        }
    }
}

fn fmt_b(dst: &mut Vec<u8>, neg: bool, mant: u64, exp: i32) {
    if neg {
        dst.push(b'-');
    }
    dst.extend_from_slice(mant.to_string().as_bytes());
    dst.push(b'p');
    if exp >= 0 {
        dst.push(b'+');
    }
    dst.extend_from_slice(exp.to_string().as_bytes());
}

fn fmt_x(dst: &mut Vec<u8>, prec: i32, fmt: u8, neg: bool, mant: u64, exp: i32, mant_width: u32) {
    let mut mant = mant;
    let mut exp = if mant == 0 { 0 } else { exp };
    // Leading 1 (if any) at bit 60.
    mant <<= 60 - mant_width;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & ((1u64 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let hex: &[u8; 16] = if fmt == b'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    if neg {
        dst.push(b'-');
    }
    dst.push(b'0');
    dst.push(fmt);
    dst.push(b'0' + ((mant >> 60) & 1) as u8);
    mant <<= 4;
    if prec < 0 && mant != 0 {
        dst.push(b'.');
        while mant != 0 {
            dst.push(hex[((mant >> 60) & 15) as usize]);
            mant <<= 4;
        }
    } else if prec > 0 {
        dst.push(b'.');
        for _ in 0..prec {
            dst.push(hex[((mant >> 60) & 15) as usize]);
            mant <<= 4;
        }
    }
    dst.push(if fmt == b'X' { b'P' } else { b'p' });
    if exp < 0 {
        dst.push(b'-');
        exp = -exp;
    } else {
        dst.push(b'+');
    }
    if exp < 10 {
        dst.push(b'0');
    }
    dst.extend_from_slice(exp.to_string().as_bytes());
}

#[cfg(test)]
mod tests {
    use super::format_float as ff;

    #[test]
    fn shortest_g_matches_go() {
        for (v, want) in [
            (1_000_000.0, "1e+06"),
            (100_000.0, "100000"),
            (999_999.0, "999999"),
            (123_456_789.0, "1.23456789e+08"),
            (123_456.7, "123456.7"),
            (1_234_567.5, "1.2345675e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.000_12, "0.00012"),
            (0.000_012, "1.2e-05"),
            (1.5, "1.5"),
            (3.0, "3"),
            (-0.0, "-0"),
            (0.0, "0"),
            (9_007_199_254_740_993.0, "9.007199254740992e+15"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (-2.5e-7, "-2.5e-07"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
        ] {
            assert_eq!(ff(v, b'g', -1, 64), want, "{v}");
        }
    }

    #[test]
    fn explicit_precisions() {
        assert_eq!(ff(3.5, b'e', 6, 64), "3.500000e+00");
        assert_eq!(ff(0.0, b'e', -1, 64), "0e+00");
        assert_eq!(ff(0.0, b'e', 3, 64), "0.000e+00");
        assert_eq!(ff(123.456, b'f', 6, 64), "123.456000");
        assert_eq!(ff(2.5, b'f', 0, 64), "2");
        assert_eq!(ff(3.5, b'f', 0, 64), "4");
        assert_eq!(ff(0.05, b'f', 1, 64), "0.1");
        assert_eq!(ff(1e-10, b'f', 3, 64), "0.000");
        assert_eq!(ff(123_456.0, b'g', 3, 64), "1.23e+05");
        assert_eq!(ff(100.0, b'g', 3, 64), "100");
        assert_eq!(ff(1e100, b'e', 3, 64), "1.000e+100");
        assert_eq!(ff(1.0, b'b', -1, 64), "4503599627370496p-52");
        assert_eq!(ff(1.0, b'x', -1, 64), "0x1p+00");
        assert_eq!(ff(3.0, b'X', 3, 64), "0X1.800P+01");
        assert_eq!(ff(0.1, b'g', -1, 32), "0.1");
        assert_eq!(ff(16_777_216.0, b'g', -1, 32), "1.6777216e+07");
        assert_eq!(ff(1.0, b'q', -1, 64), "%q");
    }
}
