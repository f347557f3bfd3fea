//! Just enough DER and PEM for Sprig's keys and certificates: a writer producing what Go's
//! `encoding/asn1` produces for the same structures, a reader for the few structures Sprig
//! parses (keys, the parts of a CA certificate it uses), and Go's PEM encoding.

/// Universal tags.
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const OID: u8 = 0x06;
pub(crate) const UTF8_STRING: u8 = 0x0c;
pub(crate) const PRINTABLE_STRING: u8 = 0x13;
pub(crate) const UTC_TIME: u8 = 0x17;
pub(crate) const GENERALIZED_TIME: u8 = 0x18;
pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const SET: u8 = 0x31;
pub(crate) const BOOLEAN: u8 = 0x01;

/// A TLV with definite length.
pub(crate) fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 6);
    out.push(tag);
    let n = body.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(body);
    out
}

/// A SEQUENCE of already-encoded parts.
pub(crate) fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(SEQUENCE, &parts.concat())
}

/// An INTEGER from unsigned big-endian bytes (minimal, with a leading zero when the top
/// bit is set).
pub(crate) fn uint(bytes: &[u8]) -> Vec<u8> {
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    let mut body: Vec<u8> = bytes[skip..].to_vec();
    if body.is_empty() {
        body.push(0);
    } else if body[0] & 0x80 != 0 {
        body.insert(0, 0);
    }
    tlv(INTEGER, &body)
}

/// A small non-negative INTEGER.
pub(crate) fn small_int(v: u64) -> Vec<u8> {
    uint(&v.to_be_bytes())
}

/// An OBJECT IDENTIFIER from its arcs.
pub(crate) fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut push = |mut v: u64| {
        let mut tmp = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        tmp.reverse();
        body.extend(tmp);
    };
    push(arcs[0] * 40 + arcs[1]);
    for &a in &arcs[2..] {
        push(a);
    }
    tlv(OID, &body)
}

/// A BIT STRING with no unused bits.
pub(crate) fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(bytes.len() + 1);
    body.push(0);
    body.extend_from_slice(bytes);
    tlv(BIT_STRING, &body)
}

/// A context-specific tag (`[n]`), constructed or primitive.
pub(crate) fn context(n: u8, constructed: bool, body: &[u8]) -> Vec<u8> {
    tlv(0x80 | if constructed { 0x20 } else { 0 } | n, body)
}

/// One parsed element.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Element<'a> {
    pub(crate) tag: u8,
    pub(crate) body: &'a [u8],
    /// The whole encoding (tag, length, body).
    pub(crate) raw: &'a [u8],
}

/// Reads one element from the start of `data`: the element and the rest.
pub(crate) fn read(data: &[u8]) -> Option<(Element<'_>, &[u8])> {
    let tag = *data.first()?;
    let first = *data.get(1)?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 8 {
            return None;
        }
        let mut len = 0usize;
        for &b in data.get(2..2 + n)? {
            len = len.checked_mul(256)? + usize::from(b);
        }
        (len, 2 + n)
    };
    let end = header.checked_add(len)?;
    let body = data.get(header..end)?;
    Some((
        Element {
            tag,
            body,
            raw: &data[..end],
        },
        &data[end..],
    ))
}

/// The elements inside a constructed body.
pub(crate) fn children(body: &[u8]) -> Option<Vec<Element<'_>>> {
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (e, r) = read(rest)?;
        out.push(e);
        rest = r;
    }
    Some(out)
}

/// The unsigned big-endian bytes of a non-negative INTEGER body (leading zeros dropped).
pub(crate) fn uint_bytes(body: &[u8]) -> &[u8] {
    let skip = body.iter().take_while(|&&b| b == 0).count();
    &body[skip..]
}

/// Go's `pem.EncodeToMemory`: the type line, base64 in 64-column lines, the end line.
pub(crate) fn pem_encode(kind: &str, der: &[u8]) -> String {
    let b64 = crate::encoding::base64_encode(der);
    let mut out = format!("-----BEGIN {kind}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(kind);
    out.push_str("-----\n");
    out
}

/// A decoded PEM block: its type and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub(crate) kind: String,
    pub(crate) bytes: Vec<u8>,
}

/// Go's `pem.Decode` (the first well-formed block; headers skipped).
pub(crate) fn pem_decode(data: &str) -> Option<Block> {
    let mut rest = data;
    loop {
        let start = if rest.starts_with("-----BEGIN ") {
            0
        } else {
            rest.find("\n-----BEGIN ")? + 1
        };
        rest = &rest[start + "-----BEGIN ".len()..];
        let (type_line, after) = match rest.find('\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let type_line = type_line.trim_end_matches([' ', '\t', '\r']);
        let Some(kind) = type_line.strip_suffix("-----") else {
            continue;
        };
        let end_marker = format!("-----END {kind}-----");
        let Some(end) = after.find(&end_marker) else {
            continue;
        };
        let body = &after[..end];
        // Header lines ("Key: value") come first, then a blank line.
        let body = if body.lines().next().is_some_and(|l| l.contains(':')) {
            body.split_once("\n\n").map_or("", |(_, b)| b)
        } else {
            body
        };
        let cleaned: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        if let Ok(bytes) = crate::encoding::base64_decode(cleaned.as_bytes()) {
            return Some(Block {
                kind: kind.to_owned(),
                bytes,
            });
        }
        rest = &after[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(
            oid(&[1, 2, 840, 113_549, 1, 1, 11]),
            [6, 9, 42, 134, 72, 134, 247, 13, 1, 1, 11]
        );
        assert_eq!(uint(&[0x80]), [2, 2, 0, 0x80]);
        assert_eq!(uint(&[0, 0, 5]), [2, 1, 5]);
        assert_eq!(tlv(4, &[0; 200])[..3], [4, 0x81, 200]);
        let p = pem_encode("X", &[1, 2, 3]);
        assert_eq!(p, "-----BEGIN X-----\nAQID\n-----END X-----\n");
        assert_eq!(pem_decode(&format!("junk\n{p}")).unwrap().bytes, [1, 2, 3]);
    }
}
