//! Sprig's numeric functions (`numeric.go` and the `genericMap` closures): integer math on
//! `cast.ToInt64` of every argument (wrapping on overflow, panicking on division by zero),
//! float math through shopspring/decimal, `round`, `floor`, `ceil`, `min`/`max`, and the
//! integer sequences `until`, `untilStep` and `seq`.

use rudder_value::{ElemType, List, Value};

use crate::cast::{to_float64, to_int64};
use crate::decimal::Decimal;
use crate::error::{Error, Result};
use crate::gomath;

fn divide_by_zero() -> Error {
    Error::runtime("integer divide by zero")
}

/// `add a…`.
pub(crate) fn add(args: &[Value]) -> i64 {
    args.iter()
        .fold(0i64, |acc, v| acc.wrapping_add(to_int64(v)))
}

/// `mul a b…`.
pub(crate) fn mul(a: &Value, rest: &[Value]) -> i64 {
    rest.iter()
        .fold(to_int64(a), |acc, v| acc.wrapping_mul(to_int64(v)))
}

/// `div a b` (Go's truncated division; `MinInt64 / -1` wraps).
pub(crate) fn div(a: &Value, b: &Value) -> Result<i64> {
    let b = to_int64(b);
    if b == 0 {
        return Err(divide_by_zero());
    }
    Ok(to_int64(a).wrapping_div(b))
}

/// `mod a b` (the remainder has the dividend's sign).
pub(crate) fn modulo(a: &Value, b: &Value) -> Result<i64> {
    let b = to_int64(b);
    if b == 0 {
        return Err(divide_by_zero());
    }
    Ok(to_int64(a).wrapping_rem(b))
}

/// `max a b…` / `biggest`.
pub(crate) fn max(a: &Value, rest: &[Value]) -> i64 {
    rest.iter().fold(to_int64(a), |acc, v| acc.max(to_int64(v)))
}

/// `min a b…`.
pub(crate) fn min(a: &Value, rest: &[Value]) -> i64 {
    rest.iter().fold(to_int64(a), |acc, v| acc.min(to_int64(v)))
}

/// `maxf a b…` (`math.Max`).
pub(crate) fn maxf(a: &Value, rest: &[Value]) -> f64 {
    rest.iter()
        .fold(to_float64(a), |acc, v| gomath::max(acc, to_float64(v)))
}

/// `minf a b…` (`math.Min`).
pub(crate) fn minf(a: &Value, rest: &[Value]) -> f64 {
    rest.iter()
        .fold(to_float64(a), |acc, v| gomath::min(acc, to_float64(v)))
}

/// The decimal operations of the `*f` functions.
#[derive(Debug, Clone, Copy)]
pub(crate) enum DecimalOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// Sprig's `execDecimalOp`: folds the operands with `op` in decimal arithmetic.
pub(crate) fn decimal_op(first: &Value, rest: &[Value], op: DecimalOp) -> Result<f64> {
    let mut acc = Decimal::from_f64(to_float64(first))?;
    for v in rest {
        let x = Decimal::from_f64(to_float64(v))?;
        acc = match op {
            DecimalOp::Add => acc.add(&x),
            DecimalOp::Sub => acc.sub(&x),
            DecimalOp::Mul => acc.mul(&x)?,
            DecimalOp::Div => acc.div(&x)?,
        };
    }
    Ok(acc.to_f64())
}

/// `round v places [roundOn]`: `v × 10^places`, ceiling when the fractional part reaches
/// `roundOn` (0.5 by default), else floor, divided back. The fractional part of a negative
/// number is negative, so negatives always round down.
pub(crate) fn round(v: &Value, places: i64, round_on: &[f64]) -> f64 {
    let round_on = round_on.first().copied().unwrap_or(0.5);
    let value = to_float64(v);
    let pow = gomath::pow(10.0, places as f64);
    let digit = pow * value;
    let frac = digit - digit.trunc();
    let rounded = if frac >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    rounded / pow
}

/// `untilStep start stop step`.
#[expect(clippy::similar_names, reason = "Sprig's parameter names")]
pub(crate) fn until_step(start: i64, stop: i64, step: i64) -> Vec<i64> {
    let mut out = Vec::new();
    if stop < start {
        if step >= 0 {
            return out;
        }
        let mut i = start;
        while i > stop {
            out.push(i);
            i = match i.checked_add(step) {
                Some(n) => n,
                None => break,
            };
        }
        return out;
    }
    if step <= 0 {
        return out;
    }
    let mut i = start;
    while i < stop {
        out.push(i);
        i = match i.checked_add(step) {
            Some(n) => n,
            None => break,
        };
    }
    out
}

/// `until n`: 0..n, counting down for a negative n.
pub(crate) fn until(count: i64) -> Vec<i64> {
    until_step(0, count, if count < 0 { -1 } else { 1 })
}

/// A `[]int`.
pub(crate) fn ints(items: Vec<i64>) -> Value {
    Value::List(List::typed(
        ElemType::Int,
        items.into_iter().map(Value::int).collect::<Vec<_>>(),
    ))
}

/// `seq [start [step]] end`: the numbers as one space-separated string.
pub(crate) fn seq(params: &[i64]) -> String {
    let numbers = match *params {
        [end] => {
            let inc = if end < 1 { -1 } else { 1 };
            until_step(1, end.wrapping_add(inc), inc)
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            until_step(start, end.wrapping_add(step), step)
        }
        [start, step, end] => {
            let mut inc = 1;
            if end < start {
                inc = -1;
                if step > 0 {
                    return String::new();
                }
            }
            until_step(start, end.wrapping_add(inc), step)
        }
        _ => return String::new(),
    };
    numbers
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    clippy::unreadable_literal,
    clippy::approx_constant,
    reason = "exact Go results"
)]
mod tests {
    use super::*;

    #[test]
    fn integer_math_casts() {
        let args = [Value::int(1), Value::float64(2.7), Value::string("3")];
        assert_eq!(add(&args), 6);
        assert_eq!(mul(&Value::int(2), &[Value::float64(3.9)]), 6);
        assert_eq!(
            div(&Value::int(1), &Value::int(0)).unwrap_err().to_string(),
            "runtime error: integer divide by zero"
        );
        assert_eq!(modulo(&Value::int(-7), &Value::int(3)).unwrap(), -1);
    }

    #[test]
    fn rounding() {
        assert_eq!(round(&Value::float64(2.5), 0, &[]), 3.0);
        assert_eq!(round(&Value::float64(-2.4), 0, &[]), -3.0);
        assert_eq!(round(&Value::float64(1.005), 2, &[]), 1.0);
        assert_eq!(round(&Value::float64(3.14159), 3, &[]), 3.142);
    }

    #[test]
    fn sequences() {
        assert_eq!(seq(&[5]), "1 2 3 4 5");
        assert_eq!(seq(&[1, 2, 10]), "1 3 5 7 9");
        assert_eq!(seq(&[5, 1]), "5 4 3 2 1");
        assert_eq!(seq(&[0]), "1 0");
        assert_eq!(seq(&[]), "");
        assert_eq!(until(-3), [0, -1, -2]);
        assert_eq!(until_step(0, 10, 3), [0, 3, 6, 9]);
    }

    #[test]
    fn decimals() {
        let f = decimal_op(&Value::float64(1.0), &[Value::int(3)], DecimalOp::Div).unwrap();
        assert_eq!(f, 0.3333333333333333);
    }
}
