//! `b64enc`, `b64dec`, `b32enc`, `b32dec`: Go's `base64.StdEncoding` and
//! `base32.StdEncoding` (padded), with Go's lenient decoding (line breaks ignored, unused
//! trailing bits accepted) and Go's error offsets. Sprig returns a decode error's *text* as
//! the result (`illegal base64 data at input byte 0`), so those texts are output, not errors.

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// `base64.StdEncoding.EncodeToString`.
pub(crate) fn base64_encode(data: &[u8]) -> String {
    rudder_value::base64::encode(data)
}

/// `base64.StdEncoding.DecodeString`: the bytes, or Go's error text.
pub(crate) fn base64_decode(src: &[u8]) -> Result<Vec<u8>, String> {
    rudder_value::base64::decode(src).map_err(|e| e.to_string())
}

/// `base32.StdEncoding.EncodeToString`.
pub(crate) fn base32_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(5) * 8);
    for chunk in data.chunks(5) {
        let mut b = [0u8; 5];
        b[..chunk.len()].copy_from_slice(chunk);
        let v = b.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
        // Symbols carrying data: ceil(bits / 5).
        let symbols = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < symbols {
                out.push(char::from(B32[(v >> (35 - 5 * i) & 31) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn b32_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'2'..=b'7' => Some(c - b'2' + 26),
        _ => None,
    }
}

fn b32_error(offset: usize) -> String {
    format!("illegal base32 data at input byte {offset}")
}

/// `base32.StdEncoding.DecodeString`: newlines are removed first, then the rest is decoded
/// in quanta of eight symbols; the bytes, or Go's error text.
pub(crate) fn base32_decode(input: &[u8]) -> Result<Vec<u8>, String> {
    let src: Vec<u8> = input
        .iter()
        .copied()
        .filter(|&c| c != b'\n' && c != b'\r')
        .collect();
    let olen = src.len();
    let mut rest: &[u8] = &src;
    let mut out = Vec::with_capacity(olen / 8 * 5);
    let mut end = false;
    while !rest.is_empty() && !end {
        let mut buf = [0u8; 8];
        let mut len = 8;
        let mut j = 0;
        while j < 8 {
            if rest.is_empty() {
                return Err(b32_error(olen - j));
            }
            let c = rest[0];
            rest = &rest[1..];
            if c == b'=' && j >= 2 && rest.len() < 8 {
                if rest.len() + j < 7 {
                    return Err(b32_error(olen));
                }
                for k in 0..7 - j {
                    if rest.len() > k && rest[k] != b'=' {
                        return Err(b32_error(olen - rest.len() + k - 1));
                    }
                }
                len = j;
                end = true;
                if matches!(len, 1 | 3 | 6) {
                    return Err(b32_error(olen - rest.len() - 1));
                }
                break;
            }
            let Some(v) = b32_value(c) else {
                return Err(b32_error(olen - rest.len() - 1));
            };
            buf[j] = v;
            j += 1;
        }
        let v = buf.iter().fold(0u64, |acc, &x| acc << 5 | u64::from(x));
        let bytes = v.to_be_bytes();
        let n = match len {
            8 => 5,
            7 => 4,
            5 => 3,
            4 => 2,
            2 => 1,
            _ => 0,
        };
        out.extend_from_slice(&bytes[3..3 + n]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for s in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            let e = base64_encode(s.as_bytes());
            assert_eq!(base64_decode(e.as_bytes()).unwrap(), s.as_bytes());
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
    }

    #[test]
    fn base64_go_errors() {
        assert_eq!(
            base64_decode(b"!!").unwrap_err(),
            "illegal base64 data at input byte 0"
        );
        assert_eq!(
            base64_decode(b"Zm9").unwrap_err(),
            "illegal base64 data at input byte 0"
        );
        assert_eq!(
            base64_decode(b"Zm8=x").unwrap_err(),
            "illegal base64 data at input byte 4"
        );
        assert_eq!(base64_decode(b"Zm\n8=").unwrap(), b"fo");
        // Unused trailing bits are accepted (StdEncoding is not strict).
        assert_eq!(base64_decode(b"Zm9=").unwrap(), b"fo");
    }

    #[test]
    fn base32_round_trip() {
        for s in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            let e = base32_encode(s.as_bytes());
            assert_eq!(base32_decode(e.as_bytes()).unwrap(), s.as_bytes(), "{e}");
        }
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI======");
        assert_eq!(
            base32_decode(b"MZXW6YT").unwrap_err(),
            "illegal base32 data at input byte 0"
        );
    }
}
