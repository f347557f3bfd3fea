//! The random functions: `randAlphaNum`, `randAlpha`, `randAscii`, `randNumeric` (goutils'
//! `CryptoRandom*`, from the operating system's CSPRNG), `randInt` and `shuffle` (Go's
//! `math/rand`, randomly seeded), `randBytes`. Their outputs cannot be compared with Go's;
//! tests check lengths and alphabets.

use rand::Rng;
use rand::seq::SliceRandom;

use crate::error::{Error, Result};

/// `rand.Intn(n)`: a uniform value in `[0, n)`; Go panics for `n <= 0`.
pub(crate) fn int_n(n: i64) -> Result<i64> {
    if n <= 0 {
        return Err(Error::msg("invalid argument to Intn"));
    }
    Ok(rand::thread_rng().gen_range(0..n))
}

/// `randInt min max`: `rand.Intn(max-min) + min`.
pub(crate) fn rand_int(min: i64, max: i64) -> Result<i64> {
    Ok(int_n(max.wrapping_sub(min))?.wrapping_add(min))
}

/// The alphabets of goutils' `CryptoRandom` as Sprig calls it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Alphabet {
    /// Letters and digits: `[0-9A-Za-z]`.
    AlphaNum,
    /// Letters: `[A-Za-z]`.
    Alpha,
    /// Printable ASCII: 32..=126.
    Ascii,
    /// Digits.
    Numeric,
}

impl Alphabet {
    fn chars(self) -> &'static [u8] {
        match self {
            Self::AlphaNum => b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            Self::Alpha => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            Self::Ascii => b" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
            Self::Numeric => b"0123456789",
        }
    }
}

/// `randAlphaNum n` and friends: `n` characters drawn uniformly from the alphabet with the
/// OS CSPRNG (goutils draws from a range and rejects the characters outside the alphabet,
/// which is uniform over the alphabet too); a negative `n` gives `""` (goutils' error,
/// dropped by Sprig).
pub(crate) fn random_string(count: i64, alphabet: Alphabet) -> String {
    if count <= 0 {
        return String::new();
    }
    let chars = alphabet.chars();
    let mut rng = rand::rngs::OsRng;
    (0..count)
        .map(|_| char::from(chars[rng.gen_range(0..chars.len())]))
        .collect()
}

/// `randBytes n`: base64 of `n` random bytes; Go's `make` panics for a negative `n`.
pub(crate) fn rand_bytes(count: i64) -> Result<String> {
    if count < 0 {
        return Err(Error::runtime("makeslice: len out of range"));
    }
    let mut buf = vec![0u8; count as usize];
    rand::rngs::OsRng.fill(&mut buf[..]);
    Ok(crate::encoding::base64_encode(&buf))
}

/// `shuffle s`: the runes of `s` in random order.
pub(crate) fn shuffle(s: &str) -> String {
    let mut runes: Vec<char> = s.chars().collect();
    runes.shuffle(&mut rand::thread_rng());
    runes.into_iter().collect()
}

/// `uuidv4`: a random (version 4, RFC 4122 variant) UUID in canonical form.
pub(crate) fn uuid_v4() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = b.iter().fold(String::with_capacity(32), |mut s, x| {
        let _ = std::fmt::Write::write_fmt(&mut s, format_args!("{x:02x}"));
        s
    });
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabets_and_lengths() {
        let s = random_string(200, Alphabet::AlphaNum);
        assert_eq!(s.len(), 200);
        assert!(s.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert!(
            random_string(50, Alphabet::Numeric)
                .bytes()
                .all(|c| c.is_ascii_digit())
        );
        assert!(
            random_string(50, Alphabet::Alpha)
                .bytes()
                .all(|c| c.is_ascii_alphabetic())
        );
        assert!(
            random_string(500, Alphabet::Ascii)
                .bytes()
                .all(|c| (32..=126).contains(&c))
        );
        assert_eq!(random_string(-1, Alphabet::Alpha), "");
        assert_eq!(Alphabet::Ascii.chars().len(), 95);
    }

    #[test]
    fn uuid_shape() {
        let u = uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn intn() {
        assert_eq!(
            int_n(0).unwrap_err().to_string(),
            "invalid argument to Intn"
        );
        assert!((5..10).contains(&rand_int(5, 10).unwrap()));
    }
}
