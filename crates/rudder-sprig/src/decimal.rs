//! shopspring/decimal v1.4.0 as Sprig's `addf`, `add1f`, `subf`, `mulf` and `divf` use it:
//! each float64 operand becomes the decimal of its *shortest* representation
//! (`NewFromFloat(0.1)` is exactly 0.1), sums and products are exact, a quotient is rounded
//! half away from zero to 16 digits **after the decimal point** (`DivisionPrecision`), and the
//! result is converted back to the nearest float64.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, Zero};

use crate::error::{Error, Result};

/// shopspring's `DivisionPrecision`.
const DIVISION_PRECISION: i32 = 16;

/// `value × 10^exp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decimal {
    value: BigInt,
    exp: i32,
}

fn pow10(n: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u8), n as usize)
}

impl Decimal {
    fn new(value: BigInt, exp: i32) -> Self {
        Self { value, exp }
    }

    /// `decimal.NewFromFloat`: the shortest decimal that round-trips to `f`; NaN and
    /// infinities panic with shopspring's text.
    pub(crate) fn from_f64(f: f64) -> Result<Self> {
        if f.is_nan() || f.is_infinite() {
            let shown = rudder_value::fmt::to_string(&rudder_value::Value::float64(f));
            return Err(Error::msg(format!("Cannot create a Decimal from {shown}")));
        }
        if f == 0.0 {
            return Ok(Self::new(BigInt::zero(), 0));
        }
        // "d.ddde±x": the shortest digits and the exponent of the first one.
        let text = rudder_value::strconv::format_float(f, b'e', -1, 64);
        let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let negative = mantissa.starts_with('-');
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        let nd = digits.len() as i32;
        let mut value: BigInt = digits.parse().unwrap_or_default();
        if negative {
            value = -value;
        }
        // The decimal point sits after the first digit: dp = exp + 1, exponent dp - nd.
        Ok(Self::new(value, exp + 1 - nd))
    }

    /// The pair rescaled to the smaller exponent.
    fn rescale_pair(&self, other: &Self) -> (BigInt, BigInt, i32) {
        match self.exp.cmp(&other.exp) {
            std::cmp::Ordering::Equal => (self.value.clone(), other.value.clone(), self.exp),
            std::cmp::Ordering::Less => {
                let scale = pow10((other.exp - self.exp) as u32);
                (self.value.clone(), &other.value * scale, self.exp)
            }
            std::cmp::Ordering::Greater => {
                let scale = pow10((self.exp - other.exp) as u32);
                (&self.value * scale, other.value.clone(), other.exp)
            }
        }
    }

    pub(crate) fn add(&self, other: &Self) -> Self {
        let (a, b, exp) = self.rescale_pair(other);
        Self::new(a + b, exp)
    }

    pub(crate) fn sub(&self, other: &Self) -> Self {
        let (a, b, exp) = self.rescale_pair(other);
        Self::new(a - b, exp)
    }

    pub(crate) fn mul(&self, other: &Self) -> Result<Self> {
        let exp = i64::from(self.exp) + i64::from(other.exp);
        let exp = i32::try_from(exp)
            .map_err(|_| Error::msg(format!("exponent {exp} overflows an int32!")))?;
        Ok(Self::new(&self.value * &other.value, exp))
    }

    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b, _) = self.rescale_pair(other);
        a.cmp(&b)
    }

    /// `QuoRem(d2, precision)`: a truncated quotient that is a multiple of 10^-precision.
    #[expect(clippy::many_single_char_names, reason = "shopspring's names")]
    fn quo_rem(&self, other: &Self, precision: i32) -> Result<(Self, Self)> {
        if other.value.is_zero() {
            return Err(Error::msg("decimal division by 0"));
        }
        let scale = -precision;
        let e = i64::from(self.exp) - i64::from(other.exp) - i64::from(scale);
        if e > i64::from(i32::MAX) || e < i64::from(i32::MIN) {
            return Err(Error::msg("overflow in decimal QuoRem"));
        }
        let (a, b, rest_exp) = if e < 0 {
            (
                self.value.clone(),
                &other.value * pow10((-e) as u32),
                self.exp,
            )
        } else {
            (
                &self.value * pow10(e as u32),
                other.value.clone(),
                scale + other.exp,
            )
        };
        let (q, r) = a.div_rem(&b);
        Ok((Self::new(q, scale), Self::new(r, rest_exp)))
    }

    /// `Div`: `DivRound(d2, 16)`, halves rounded away from zero.
    pub(crate) fn div(&self, other: &Self) -> Result<Self> {
        let precision = DIVISION_PRECISION;
        let (q, r) = self.quo_rem(other, precision)?;
        let r2 = Self::new(r.value.abs() * 2u8, r.exp + precision);
        let divisor = Self::new(other.value.abs(), other.exp);
        if r2.cmp(&divisor) == std::cmp::Ordering::Less {
            return Ok(q);
        }
        let ulp = Self::new(BigInt::from(1u8), -precision);
        let negative = (self.value.sign() == Sign::Minus) != (other.value.sign() == Sign::Minus)
            && !self.value.is_zero();
        Ok(if negative { q.sub(&ulp) } else { q.add(&ulp) })
    }

    /// `Float64`: the float64 nearest to the exact value (ties to even).
    pub(crate) fn to_f64(&self) -> f64 {
        // Rust's float parsing is correctly rounded for any number of digits.
        format!("{}e{}", self.value, self.exp)
            .parse()
            .unwrap_or(0.0)
    }
}

#[cfg(test)]
#[expect(
    clippy::float_cmp,
    clippy::unreadable_literal,
    reason = "exact Go results"
)]
mod tests {
    use super::*;

    fn d(f: f64) -> Decimal {
        Decimal::from_f64(f).unwrap()
    }

    #[test]
    fn sums_are_exact_in_decimal() {
        assert!((d(1.1).add(&d(2.2)).to_f64() - 3.3).abs() < f64::EPSILON);
        assert_eq!(d(0.1).add(&d(0.2)).to_f64(), 0.3);
        assert_eq!(d(3.0).mul(&d(0.1)).unwrap().to_f64(), 0.3);
    }

    #[test]
    fn division_rounds_to_sixteen_places() {
        assert_eq!(d(1.0).div(&d(3.0)).unwrap().to_f64(), 0.3333333333333333);
        assert_eq!(d(2.0).div(&d(3.0)).unwrap().to_f64(), 0.6666666666666667);
        assert_eq!(d(-2.0).div(&d(3.0)).unwrap().to_f64(), -0.6666666666666667);
        assert_eq!(d(1e-20).div(&d(3.0)).unwrap().to_f64(), 0.0);
        assert_eq!(
            d(1.0).div(&d(0.0)).unwrap_err().to_string(),
            "decimal division by 0"
        );
    }

    #[test]
    fn special_floats_panic() {
        assert_eq!(
            Decimal::from_f64(f64::NAN).unwrap_err().to_string(),
            "Cannot create a Decimal from NaN"
        );
    }
}
