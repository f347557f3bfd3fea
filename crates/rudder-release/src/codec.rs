//! The storage encoding of a release (`pkg/storage/driver/util.go`): JSON, gzip at
//! `BestCompression`, then standard base64; decoding accepts the uncompressed form older Helm
//! versions wrote (no gzip magic: plain base64 JSON).
//!
//! The gzip header is Go's byte for byte (no name, mtime 0, XFL 2, OS 255). The deflate stream
//! itself comes from a different compressor than Go's `compress/flate`, so the compressed bytes
//! differ from Helm's for the same JSON (COMPATIBILITY.md); both tools read either.

use std::io::{Read as _, Write as _};

use crate::release::{Depth, Release};

/// Why a stored record could not be decoded, with the text Go prints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(pub String);

/// Go's `encodeRelease`: `json.Marshal`, gzip (best compression), standard base64.
///
/// # Errors
/// The marshalling error (values holding a NaN or an infinity).
pub fn encode_release(release: &Release) -> Result<String, rudder_yaml::Error> {
    let json = release.to_json()?;
    Ok(encode_json(json.as_bytes()))
}

/// Gzip at best compression with Go's header, then standard base64.
pub fn encode_json(json: &[u8]) -> String {
    let mut gz = flate2::GzBuilder::new().operating_system(255).write(
        Vec::with_capacity(json.len() / 4 + 64),
        flate2::Compression::best(),
    );
    // Writing to a Vec cannot fail.
    let _ = gz.write_all(json);
    let compressed = gz.finish().unwrap_or_default();
    base64_encode(&compressed)
}

/// Go's `decodeRelease`: base64, gunzip when the gzip magic is there, then JSON.
///
/// # Errors
/// The first failing step's error, as Go words it.
pub fn decode_release(data: &[u8], depth: Depth) -> Result<Release, DecodeError> {
    let json = decode_to_json(data)?;
    Release::from_json(&json, depth).map_err(|e| DecodeError(e.0))
}

/// The JSON inside a stored record.
///
/// # Errors
/// Go's base64 or gzip error text.
pub fn decode_to_json(data: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let bytes = base64_decode(data)?;
    if bytes.len() > 3 && bytes[..3] == [0x1f, 0x8b, 0x08] {
        let mut out = Vec::with_capacity(bytes.len() * 4);
        let mut reader = flate2::read::MultiGzDecoder::new(&bytes[..]);
        reader
            .read_to_end(&mut out)
            .map_err(|e| DecodeError(gzip_error(&e)))?;
        return Ok(out);
    }
    Ok(bytes)
}

/// Go's texts for the gzip reader's errors (`compress/gzip`, `compress/flate`).
fn gzip_error(e: &std::io::Error) -> String {
    let text = e.to_string();
    if e.kind() == std::io::ErrorKind::UnexpectedEof || text.contains("unexpected end") {
        "unexpected EOF".into()
    } else if text.contains("checksum") || text.contains("crc") {
        "gzip: invalid checksum".into()
    } else if text.contains("header") {
        "gzip: invalid header".into()
    } else {
        "flate: corrupt input".into()
    }
}

/// `base64.StdEncoding.EncodeToString`.
pub fn base64_encode(data: &[u8]) -> String {
    rudder_value::base64::encode(data)
}

/// `base64.StdEncoding.DecodeString`, with Go's `illegal base64 data at input byte N` errors
/// (newlines and carriage returns are skipped, as Go does).
///
/// # Errors
/// Go's `CorruptInputError` text.
pub fn base64_decode(src: &[u8]) -> Result<Vec<u8>, DecodeError> {
    rudder_value::base64::decode(src).map_err(|e| DecodeError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_like_go() {
        for s in ["", "a", "ab", "abc", "abcd", "hello, world"] {
            let e = base64_encode(s.as_bytes());
            assert_eq!(base64_decode(e.as_bytes()).unwrap(), s.as_bytes(), "{e}");
        }
        assert_eq!(base64_encode(b"ab"), "YWI=");
        assert_eq!(base64_decode(b"YW\nI=").unwrap(), b"ab");
        assert_eq!(
            base64_decode(b"!").unwrap_err().0,
            "illegal base64 data at input byte 0"
        );
        assert_eq!(
            base64_decode(b"YWI").unwrap_err().0,
            "illegal base64 data at input byte 0"
        );
        assert_eq!(
            base64_decode(b"YWI=YWI=").unwrap_err().0,
            "illegal base64 data at input byte 4"
        );
        assert_eq!(
            base64_decode(b"YQ=").unwrap_err().0,
            "illegal base64 data at input byte 3"
        );
    }

    #[test]
    fn gzip_header_is_gos() {
        let encoded = encode_json(b"{}");
        let bytes = base64_decode(encoded.as_bytes()).unwrap();
        assert_eq!(&bytes[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
        assert_eq!(decode_to_json(encoded.as_bytes()).unwrap(), b"{}");
        // Records stored before compression: plain base64 JSON.
        assert_eq!(
            decode_to_json(base64_encode(b"{\"a\":1}").as_bytes()).unwrap(),
            b"{\"a\":1}"
        );
    }
}
