//! `sha1sum`, `sha256sum`, `sha512sum` (lower-case hex) and `adler32sum` (decimal), over a
//! string's Go bytes.

use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// `sha1sum`.
pub(crate) fn sha1sum(s: &[u8]) -> String {
    hex(&Sha1::digest(s))
}

/// `sha256sum`.
pub(crate) fn sha256sum(s: &[u8]) -> String {
    hex(&Sha256::digest(s))
}

/// `sha512sum`.
pub(crate) fn sha512sum(s: &[u8]) -> String {
    hex(&Sha512::digest(s))
}

/// `adler32sum`: Go's `hash/adler32` checksum in decimal.
pub(crate) fn adler32sum(s: &[u8]) -> String {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 bytes is the most that can be summed before the 32-bit sums may overflow.
    for chunk in s.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16 | a).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums() {
        assert_eq!(
            sha256sum(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(sha1sum(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(adler32sum(b"Wikipedia"), "300286872");
    }
}
