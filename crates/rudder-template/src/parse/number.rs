//! Number literals (Go's `newNumber`): the value under every type that can represent it,
//! simulating Go's untyped constants.

use rudder_value::strconv::{Unquoted, parse_float, parse_int, parse_uint, unquote_char};

use super::node::{Number, Pos};
use crate::lex::ItemKind;

/// Builds the number node for a `Number`, `Complex` or `CharConstant` item.
///
/// # Errors
/// Go's message: `illegal number syntax: "x"`, `integer overflow: "x"`, `invalid syntax`,
/// `malformed character constant: x`, or a `strconv` error for complex literals.
#[expect(clippy::float_cmp, reason = "Go's exact float64(int64(f)) == f test")]
pub(super) fn new_number(pos: Pos, text: &str, kind: ItemKind) -> Result<Number, String> {
    let mut n = Number {
        pos,
        text: text.into(),
        ..Number::default()
    };
    match kind {
        ItemKind::CharConstant => {
            let body = &text[1..];
            let (c, tail) = unquote_char(body, b'\'').map_err(|e| e.to_string())?;
            if tail != "'" {
                return Err(format!("malformed character constant: {text}"));
            }
            let r = match c {
                Unquoted::Char(c) => i64::from(u32::from(c)),
                Unquoted::Byte(b) => i64::from(b),
            };
            n.int64 = r;
            n.is_int = true;
            n.uint64 = r as u64;
            n.is_uint = true;
            n.float64 = r as f64;
            n.is_float = true;
            return Ok(n);
        }
        ItemKind::Complex => {
            let (re, im) = scan_complex(text)?;
            n.is_complex = true;
            n.complex = (re, im);
            simplify_complex(&mut n);
            return Ok(n);
        }
        _ => {}
    }
    // Imaginary constants can only be complex unless they are zero.
    if let Some(body) = text.strip_suffix('i')
        && let Ok(f) = parse_float(body, 64)
    {
        n.is_complex = true;
        n.complex = (0.0, f);
        simplify_complex(&mut n);
        return Ok(n);
    }
    let u = parse_uint(text, 0, 64);
    if let Ok(u) = u {
        n.is_uint = true;
        n.uint64 = u;
    }
    if let Ok(i) = parse_int(text, 0, 64) {
        n.is_int = true;
        n.int64 = i;
        if i == 0 {
            // -0 is a uint too.
            n.is_uint = true;
            n.uint64 = u.unwrap_or(0);
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float64 = n.int64 as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float64 = n.uint64 as f64;
    } else if let Ok(f) = parse_float(text, 64) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!(
                "integer overflow: {}",
                rudder_value::strconv::quote(text)
            ));
        }
        n.is_float = true;
        n.float64 = f;
        if !n.is_int && go_f64_to_i64(f) as f64 == f {
            n.is_int = true;
            n.int64 = go_f64_to_i64(f);
        }
        if !n.is_uint && go_f64_to_u64(f) as f64 == f {
            n.is_uint = true;
            n.uint64 = go_f64_to_u64(f);
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!(
            "illegal number syntax: {}",
            rudder_value::strconv::quote(text)
        ));
    }
    Ok(n)
}

/// Go's `int64(f)` on amd64 (the platform of the reference binaries): out-of-range values and
/// NaN become `math.MinInt64` (the `CVTTSD2SI` "integer indefinite"), where Rust saturates.
pub(crate) fn go_f64_to_i64(f: f64) -> i64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
    if f.is_nan() || !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// Go's `uint64(f)` on amd64: below 2^63 a signed conversion, above it a conversion of
/// `f - 2^63` with the top bit flipped.
pub(crate) fn go_f64_to_u64(f: f64) -> u64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if f < LIMIT {
        go_f64_to_i64(f) as u64
    } else {
        (go_f64_to_i64(f - LIMIT) as u64) ^ (1 << 63)
    }
}

/// The int/uint/float values a complex number with a zero imaginary part also has.
#[expect(clippy::float_cmp, reason = "Go's exact float64(int64(f)) == f test")]
fn simplify_complex(n: &mut Number) {
    n.is_float = n.complex.1 == 0.0;
    if n.is_float {
        let f = n.complex.0;
        n.float64 = f;
        n.is_int = go_f64_to_i64(f) as f64 == f;
        if n.is_int {
            n.int64 = go_f64_to_i64(f);
        }
        n.is_uint = go_f64_to_u64(f) as f64 == f;
        if n.is_uint {
            n.uint64 = go_f64_to_u64(f);
        }
    }
}

/// `fmt.Sscan` of a complex literal `N+Ni` (how Go parses `itemComplex`).
fn scan_complex(text: &str) -> Result<(f64, f64), String> {
    const ERR_COMPLEX: &str = "syntax error scanning complex number";
    let bytes = text.as_bytes();
    let mut i = 0;
    let parens = bytes.first() == Some(&b'(');
    if parens {
        i += 1;
    }
    let (real, next) = float_token(bytes, i);
    i = next;
    let Some(&sign) = bytes.get(i) else {
        return Err(ERR_COMPLEX.into());
    };
    if sign != b'+' && sign != b'-' {
        return Err(ERR_COMPLEX.into());
    }
    i += 1;
    let (imag, next) = float_token(bytes, i);
    i = next;
    if bytes.get(i) != Some(&b'i') {
        return Err(ERR_COMPLEX.into());
    }
    let re = convert_float(&text[real])?;
    let mut imag_text = String::with_capacity(imag.len() + 1);
    imag_text.push(char::from(sign));
    imag_text.push_str(&text[imag]);
    let im = convert_float(&imag_text)?;
    Ok((re, im))
}

/// `fmt`'s `floatToken`: the longest prefix at `start` that looks like a float.
fn float_token(s: &[u8], start: usize) -> (std::ops::Range<usize>, usize) {
    let mut i = start;
    let accept = |i: &mut usize, set: &[u8]| {
        if *i < s.len() && set.contains(&s[*i]) {
            *i += 1;
            true
        } else {
            false
        }
    };
    // NaN? Inf? As in Go, the characters of a partial match stay consumed.
    if accept(&mut i, b"nN") && accept(&mut i, b"aA") && accept(&mut i, b"nN") {
        return (start..i, i);
    }
    accept(&mut i, b"+-");
    if accept(&mut i, b"iI") && accept(&mut i, b"nN") && accept(&mut i, b"fF") {
        return (start..i, i);
    }
    let mut digits: &[u8] = b"0123456789_";
    let mut exp: &[u8] = b"eEpP";
    if accept(&mut i, b"0") && accept(&mut i, b"xX") {
        digits = b"0123456789aAbBcCdDeEfF_";
        exp = b"pP";
    }
    while accept(&mut i, digits) {}
    if accept(&mut i, b".") {
        while accept(&mut i, digits) {}
    }
    if accept(&mut i, exp) {
        accept(&mut i, b"+-");
        while accept(&mut i, b"0123456789_") {}
    }
    (start..i, i)
}

/// `fmt`'s `convertFloat`: `strconv.ParseFloat`, plus a decimal mantissa with a `p` exponent.
fn convert_float(s: &str) -> Result<f64, String> {
    if let Some(p) = s.find('p')
        && !s.contains(['x', 'X'])
    {
        let f = parse_float(&s[..p], 64).map_err(|mut e| {
            s.clone_into(&mut e.num);
            e.to_string()
        })?;
        let m = parse_int(&s[p + 1..], 10, 64).map_err(|_| {
            rudder_value::strconv::NumError {
                func: "Atoi",
                num: s.to_owned(),
                kind: rudder_value::strconv::NumErrorKind::Syntax,
            }
            .to_string()
        })?;
        return Ok(ldexp(f, m));
    }
    parse_float(s, 64).map_err(|e| e.to_string())
}

fn ldexp(f: f64, exp: i64) -> f64 {
    let exp = exp.clamp(-2200, 2200) as i32;
    // Scale in steps so intermediate powers of two stay finite.
    let mut v = f;
    let mut e = exp;
    while e > 1000 {
        v *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        v *= 2f64.powi(-1000);
        e += 1000;
    }
    v * 2f64.powi(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> Result<Number, String> {
        let kind = if text.starts_with('\'') {
            ItemKind::CharConstant
        } else if scan_complex(text).is_ok() && !text.ends_with(['.']) {
            ItemKind::Complex
        } else {
            ItemKind::Number
        };
        new_number(0, text, kind)
    }

    /// Go's `numberTests` (`parse_test.go`): text, isInt, isUint, isFloat, isComplex, values.
    #[test]
    fn number_table() {
        type Row = (
            &'static str,
            bool,
            bool,
            bool,
            bool,
            i64,
            u64,
            f64,
            (f64, f64),
        );
        let rows: &[Row] = &[
            ("0", true, true, true, false, 0, 0, 0.0, (0.0, 0.0)),
            ("-0", true, true, true, false, 0, 0, 0.0, (0.0, 0.0)),
            ("73", true, true, true, false, 73, 73, 73.0, (0.0, 0.0)),
            ("7_3", true, true, true, false, 73, 73, 73.0, (0.0, 0.0)),
            (
                "0b10_010_01",
                true,
                true,
                true,
                false,
                73,
                73,
                73.0,
                (0.0, 0.0),
            ),
            ("073", true, true, true, false, 59, 59, 59.0, (0.0, 0.0)),
            ("0o73", true, true, true, false, 59, 59, 59.0, (0.0, 0.0)),
            (
                "0x73",
                true,
                true,
                true,
                false,
                0x73,
                0x73,
                115.0,
                (0.0, 0.0),
            ),
            (
                "0x7_3",
                true,
                true,
                true,
                false,
                0x73,
                0x73,
                115.0,
                (0.0, 0.0),
            ),
            ("-73", true, false, true, false, -73, 0, -73.0, (0.0, 0.0)),
            ("+73", true, false, true, false, 73, 0, 73.0, (0.0, 0.0)),
            (
                "1e9",
                true,
                true,
                true,
                false,
                1_000_000_000,
                1_000_000_000,
                1e9,
                (0.0, 0.0),
            ),
            (
                "-1e9",
                true,
                false,
                true,
                false,
                -1_000_000_000,
                0,
                -1e9,
                (0.0, 0.0),
            ),
            ("-1.2", false, false, true, false, 0, 0, -1.2, (0.0, 0.0)),
            (
                "1e19",
                false,
                true,
                true,
                false,
                0,
                10_000_000_000_000_000_000,
                1e19,
                (0.0, 0.0),
            ),
            (
                "1e1_9",
                false,
                true,
                true,
                false,
                0,
                10_000_000_000_000_000_000,
                1e19,
                (0.0, 0.0),
            ),
            ("-1e19", false, false, true, false, 0, 0, -1e19, (0.0, 0.0)),
            ("0x_1p4", true, true, true, false, 16, 16, 16.0, (0.0, 0.0)),
            (
                "0x_1p-4",
                false,
                false,
                true,
                false,
                0,
                0,
                0.0625,
                (0.0, 0.0),
            ),
            ("4i", false, false, false, true, 0, 0, 0.0, (0.0, 4.0)),
            (
                "-1.2+4.2i",
                false,
                false,
                false,
                true,
                0,
                0,
                0.0,
                (-1.2, 4.2),
            ),
            ("073i", false, false, false, true, 0, 0, 0.0, (0.0, 73.0)),
            ("0i", true, true, true, true, 0, 0, 0.0, (0.0, 0.0)),
            ("-1.2+0i", false, false, true, true, 0, 0, -1.2, (-1.2, 0.0)),
            (
                "-12+0i",
                true,
                false,
                true,
                true,
                -12,
                0,
                -12.0,
                (-12.0, 0.0),
            ),
            ("13+0i", true, true, true, true, 13, 13, 13.0, (13.0, 0.0)),
            ("0123", true, true, true, false, 83, 83, 83.0, (0.0, 0.0)),
            ("-0x0", true, true, true, false, 0, 0, 0.0, (0.0, 0.0)),
            (
                "0xdeadbeef",
                true,
                true,
                true,
                false,
                0xdead_beef,
                0xdead_beef,
                3_735_928_559.0,
                (0.0, 0.0),
            ),
            ("'a'", true, true, true, false, 97, 97, 97.0, (0.0, 0.0)),
            ("'\\n'", true, true, true, false, 10, 10, 10.0, (0.0, 0.0)),
            ("'\\\\'", true, true, true, false, 92, 92, 92.0, (0.0, 0.0)),
            ("'\\''", true, true, true, false, 39, 39, 39.0, (0.0, 0.0)),
            (
                "'\\xFF'",
                true,
                true,
                true,
                false,
                255,
                255,
                255.0,
                (0.0, 0.0),
            ),
            (
                "'パ'",
                true,
                true,
                true,
                false,
                0x30d1,
                0x30d1,
                12497.0,
                (0.0, 0.0),
            ),
            (
                "'\\u30d1'",
                true,
                true,
                true,
                false,
                0x30d1,
                0x30d1,
                12497.0,
                (0.0, 0.0),
            ),
            (
                "'\\U000030d1'",
                true,
                true,
                true,
                false,
                0x30d1,
                0x30d1,
                12497.0,
                (0.0, 0.0),
            ),
            (
                "0xef",
                true,
                true,
                true,
                false,
                0xef,
                0xef,
                239.0,
                (0.0, 0.0),
            ),
        ];
        for &(text, is_int, is_uint, is_float, is_complex, i, u, f, c) in rows {
            let n = num(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(
                (n.is_int, n.is_uint, n.is_float, n.is_complex),
                (is_int, is_uint, is_float, is_complex),
                "{text}"
            );
            if is_int {
                assert_eq!(n.int64, i, "{text}");
            }
            if is_uint {
                assert_eq!(n.uint64, u, "{text}");
            }
            if is_float {
                assert_eq!(n.float64.to_bits(), f.to_bits(), "{text}");
            }
            if is_complex {
                assert_eq!(n.complex, c, "{text}");
            }
        }
        for bad in [
            "+-2",
            "0x123.",
            "1e.",
            "0xi.",
            "1+2.",
            "'x",
            "'xx'",
            "'433937734937734969526500969526500'",
        ] {
            assert!(num(bad).is_err(), "{bad}");
        }
    }
}
