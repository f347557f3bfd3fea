//! Go's `base64.StdEncoding` (padded, not strict): the one encoder and decoder behind Sprig's
//! `b64enc`/`b64dec`, `.Files.AsSecrets`, release records and HTTP basic credentials.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Go's `base64.CorruptInputError`: the offset of the first bad input byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorruptInput(pub usize);

impl std::fmt::Display for CorruptInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "illegal base64 data at input byte {}", self.0)
    }
}

impl std::error::Error for CorruptInput {}

/// `base64.StdEncoding.EncodeToString`.
pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn symbol(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

fn skip_newlines(src: &[u8], mut at: usize) -> usize {
    while at < src.len() && (src[at] == b'\n' || src[at] == b'\r') {
        at += 1;
    }
    at
}

/// `base64.StdEncoding.DecodeString`, quantum by quantum as Go decodes: line breaks are
/// skipped, padding is required, unused trailing bits are accepted, and the error is the
/// offset Go reports.
///
/// # Errors
/// [`CorruptInput`] at the first byte Go rejects.
pub fn decode(src: &[u8]) -> Result<Vec<u8>, CorruptInput> {
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    while si < src.len() {
        let mut quantum = [0u8; 4];
        let mut len = 4;
        let mut j = 0;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(CorruptInput(si - j));
            }
            let c = src[si];
            si += 1;
            if let Some(v) = symbol(c) {
                quantum[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' {
                return Err(CorruptInput(si - 1));
            }
            match j {
                0 | 1 => return Err(CorruptInput(si - 1)),
                // `xx=` must be followed by a second `=`.
                2 => {
                    si = skip_newlines(src, si);
                    if si == src.len() {
                        return Err(CorruptInput(src.len()));
                    }
                    if src[si] != b'=' {
                        return Err(CorruptInput(si - 1));
                    }
                    si += 1;
                }
                _ => {}
            }
            // Nothing but line breaks may follow the padding.
            si = skip_newlines(src, si);
            if si < src.len() {
                return Err(CorruptInput(si));
            }
            len = j;
            break;
        }
        let n = (u32::from(quantum[0]) << 18)
            | (u32::from(quantum[1]) << 12)
            | (u32::from(quantum[2]) << 6)
            | u32::from(quantum[3]);
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..len - 1]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for s in [
            "",
            "f",
            "fo",
            "foo",
            "foob",
            "fooba",
            "foobar",
            "hello, world",
        ] {
            let e = encode(s.as_bytes());
            assert_eq!(decode(e.as_bytes()).unwrap(), s.as_bytes(), "{e}");
        }
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode(b"fo"), "Zm8=");
        assert_eq!(encode(b"ab"), "YWI=");
    }

    #[test]
    fn gos_offsets() {
        let err = |s: &[u8]| decode(s).unwrap_err().to_string();
        assert_eq!(err(b"!"), "illegal base64 data at input byte 0");
        assert_eq!(err(b"!!"), "illegal base64 data at input byte 0");
        assert_eq!(err(b"Zm9"), "illegal base64 data at input byte 0");
        assert_eq!(err(b"Zm8=x"), "illegal base64 data at input byte 4");
        assert_eq!(err(b"Zm=x"), "illegal base64 data at input byte 2");
        assert_eq!(err(b"Zm="), "illegal base64 data at input byte 3");
        assert_eq!(decode(b"Zm\n8=").unwrap(), b"fo");
        assert_eq!(decode(b"YW\r\nI=\n").unwrap(), b"ab");
        // Unused trailing bits are accepted (StdEncoding is not strict).
        assert_eq!(decode(b"Zm9=").unwrap(), b"fo");
    }
}
