//! Exact decimal expansion of a binary floating-point value, for formats with an explicit
//! precision. Every finite `f64` is `mant × 2^exp`, whose decimal expansion is finite (at most
//! ~770 significant digits), so the digits are computed exactly with a small big-integer and
//! rounded half-to-even: the correctly rounded result Go's `fixedFtoa`/`bigFtoa` produce.

/// Decimal digits `0.d1d2d3... × 10^dp` (ASCII digits, no trailing zeros; empty means zero).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Decimal {
    pub(super) digits: Vec<u8>,
    pub(super) dp: i32,
}

impl Decimal {
    /// The exact value of `mant × 2^exp`.
    pub(super) fn exact(mant: u64, exp: i32) -> Self {
        if mant == 0 {
            return Self::default();
        }
        // Little-endian base-1e9 limbs.
        let mut limbs: Vec<u32> = vec![(mant % 1_000_000_000) as u32];
        let mut rest = mant / 1_000_000_000;
        while rest > 0 {
            limbs.push((rest % 1_000_000_000) as u32);
            rest /= 1_000_000_000;
        }
        let mut dp_shift: i32 = 0;
        if exp >= 0 {
            // Multiply by 2^exp, up to 2^29 at a time so the products fit in u64.
            let mut e = exp;
            while e > 0 {
                let step = e.min(29);
                mul_small(&mut limbs, 1u64 << step);
                e -= step;
            }
        } else {
            // mant × 2^-k = mant × 5^k / 10^k.
            let mut k = -exp;
            dp_shift = exp;
            while k > 0 {
                let step = k.min(13); // 5^13 < 2^31
                mul_small(&mut limbs, 5u64.pow(step as u32));
                k -= step;
            }
        }
        // To decimal text.
        let mut text = String::new();
        let last = limbs.len() - 1;
        text.push_str(&limbs[last].to_string());
        for limb in limbs[..last].iter().rev() {
            let digits = limb.to_string();
            text.extend(std::iter::repeat_n('0', 9 - digits.len()));
            text.push_str(&digits);
        }
        let mut digits: Vec<u8> = text.into_bytes();
        let int_len = digits.len() as i32;
        let dp = int_len + dp_shift;
        // Leading zeros cannot occur (the top limb is non-zero); trim trailing zeros.
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Self { digits, dp }
    }

    /// Rounds to `nd` significant digits, half to even (exact ties only: every digit is
    /// known). `nd <= 0` rounds to zero digits, which may carry into a new leading `1`.
    pub(super) fn round(&mut self, nd: i32) {
        if nd < 0 {
            self.digits.clear();
            return;
        }
        let nd = nd as usize;
        if nd >= self.digits.len() {
            return;
        }
        let up = match self.digits[nd] {
            b'5' if nd + 1 == self.digits.len() => nd > 0 && (self.digits[nd - 1] - b'0') % 2 == 1,
            d => d >= b'5',
        };
        self.digits.truncate(nd);
        if up {
            let mut i = nd;
            loop {
                if i == 0 {
                    self.digits.insert(0, b'1');
                    self.dp += 1;
                    self.digits.truncate(nd.max(1));
                    break;
                }
                i -= 1;
                if self.digits[i] == b'9' {
                    self.digits[i] = b'0';
                } else {
                    self.digits[i] += 1;
                    break;
                }
            }
        }
        while self.digits.last() == Some(&b'0') {
            self.digits.pop();
        }
    }
}

fn mul_small(limbs: &mut Vec<u32>, m: u64) {
    let mut carry: u64 = 0;
    for limb in limbs.iter_mut() {
        let v = u64::from(*limb) * m + carry;
        *limb = (v % 1_000_000_000) as u32;
        carry = v / 1_000_000_000;
    }
    while carry > 0 {
        limbs.push((carry % 1_000_000_000) as u32);
        carry /= 1_000_000_000;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_expansions() {
        let d = Decimal::exact(1, -3);
        assert_eq!(
            (String::from_utf8(d.digits).unwrap(), d.dp),
            ("125".into(), 0)
        );
        let d = Decimal::exact(3, 4);
        assert_eq!(
            (String::from_utf8(d.digits).unwrap(), d.dp),
            ("48".into(), 2)
        );
        let mut d = Decimal::exact(1, -3); // 0.125
        d.round(2);
        assert_eq!(
            (String::from_utf8(d.digits.clone()).unwrap(), d.dp),
            ("12".into(), 0)
        );
        let mut d = Decimal::exact(3, -3); // 0.375
        d.round(2);
        assert_eq!(String::from_utf8(d.digits.clone()).unwrap(), "38");
        let mut d = Decimal::exact(999, 0);
        d.round(2);
        assert_eq!(
            (String::from_utf8(d.digits.clone()).unwrap(), d.dp),
            ("1".into(), 4)
        );
    }
}
