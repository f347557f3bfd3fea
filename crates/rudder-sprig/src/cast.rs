//! spf13/cast v1.7.0's conversions as Sprig calls them (`int`, `int64`, `float64`, the integer
//! math functions, `round`, `slice` indices), and Sprig's `strval` (`toString`, `quote`,
//! `dict` keys, `join`).
//!
//! cast swallows every error as 0. Strings go through `strconv.ParseInt(s, 0, 0)` after
//! dropping a zero fraction (`"1.0"` → 1, `"1.50"` → 0, `"010"` → 8, `"0x1F"` → 31), and
//! floats are truncated toward zero the way Go converts them on amd64 (NaN and out-of-range
//! values give the minimum int64).

use rudder_value::{Value, fmt, strconv};

/// Go's `int64(f)` on amd64: truncation toward zero; NaN and values outside the int64 range
/// give `0x8000000000000000` (the CPU's "integer indefinite"), not Rust's saturation.
pub(crate) fn float_to_i64(f: f64) -> i64 {
    // 2^63 is exactly representable; every float below it and at or above -2^63 converts.
    if f.is_nan() || !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// cast's `trimZeroDecimal`: `"10.00"` → `"10"`, `"1.50"` and `"1."` unchanged.
fn trim_zero_decimal(s: &str) -> &str {
    let mut found_zero = false;
    for (i, b) in s.bytes().enumerate().rev() {
        match b {
            b'.' if found_zero => return &s[..i],
            b'.' => {}
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// `cast.ToInt64`.
pub(crate) fn to_int64(v: &Value) -> i64 {
    match v {
        Value::Int(i, _) => *i,
        Value::Uint(u, _) => *u as i64,
        Value::Float(f, _) => float_to_i64(*f),
        Value::String(s) => strconv::parse_int(trim_zero_decimal(s), 0, 64).unwrap_or(0),
        Value::Bool(b) => i64::from(*b),
        _ => 0,
    }
}

/// `cast.ToInt` (Go's `int` is 64 bits wide on every platform Helm ships for).
pub(crate) fn to_int(v: &Value) -> i64 {
    to_int64(v)
}

/// `cast.ToFloat64`.
pub(crate) fn to_float64(v: &Value) -> f64 {
    match v {
        Value::Int(i, _) => *i as f64,
        Value::Uint(u, _) => *u as f64,
        Value::Float(f, _) => *f,
        Value::String(s) => strconv::parse_float(s, 64).unwrap_or(0.0),
        Value::Bool(b) => f64::from(u8::from(*b)),
        _ => 0.0,
    }
}

/// Sprig's `strval`: a string as is, `[]byte` as text, a `fmt.Stringer` through `String()`,
/// anything else as `fmt.Sprintf("%v", v)`.
pub(crate) fn strval(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Object(o) => o.to_go_string().unwrap_or_else(|| fmt::to_string(v)),
        other => fmt::to_string(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_parse_like_go() {
        let s = |t: &str| to_int64(&Value::string(t));
        assert_eq!(s("010"), 8);
        assert_eq!(s("0x1F"), 31);
        assert_eq!(s("1.0"), 1);
        assert_eq!(s("10.00"), 10);
        assert_eq!(s("1.50"), 0);
        assert_eq!(s("1."), 0);
        assert_eq!(s("08"), 0);
        assert_eq!(s("1_000"), 1000);
        assert_eq!(s(" 1"), 0);
    }

    #[test]
    fn floats_truncate_like_amd64() {
        assert_eq!(to_int64(&Value::float64(2.9)), 2);
        assert_eq!(to_int64(&Value::float64(-2.9)), -2);
        assert_eq!(to_int64(&Value::float64(f64::NAN)), i64::MIN);
        assert_eq!(to_int64(&Value::float64(1e19)), i64::MIN);
        assert_eq!(to_int64(&Value::float64(-1e19)), i64::MIN);
    }

    #[test]
    fn floats() {
        assert!((to_float64(&Value::string("1e3")) - 1000.0).abs() < f64::EPSILON);
        assert!(to_float64(&Value::string("x")).abs() < f64::EPSILON);
        assert!((to_float64(&Value::Bool(true)) - 1.0).abs() < f64::EPSILON);
    }
}
