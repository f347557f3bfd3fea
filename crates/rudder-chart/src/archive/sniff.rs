//! Go's `http.DetectContentType` (the WHATWG sniffing table), which Helm uses to say what a
//! chart argument is when it is not a gzip file.

fn is_ws(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

fn html(data: &[u8], sig: &[u8]) -> bool {
    if data.len() < sig.len() + 1 {
        return false;
    }
    for (i, &b) in sig.iter().enumerate() {
        let mut db = data[i];
        if b.is_ascii_uppercase() {
            db &= 0xDF;
        }
        if b != db {
            return false;
        }
    }
    matches!(data[sig.len()], b' ' | b'>')
}

fn masked(data: &[u8], mask: &[u8], pat: &[u8]) -> bool {
    data.len() >= pat.len()
        && pat
            .iter()
            .zip(mask)
            .zip(data)
            .all(|((p, m), d)| d & m == *p)
}

fn mp4(data: &[u8]) -> bool {
    if data.len() < 12 {
        return false;
    }
    let box_size = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as usize;
    if data.len() < box_size || !box_size.is_multiple_of(4) || &data[4..8] != b"ftyp" {
        return false;
    }
    let mut st = 8;
    while st < box_size {
        if st != 12 && &data[st..st + 3] == b"mp4" {
            return true;
        }
        st += 4;
    }
    false
}

/// The HTML signatures (matched case-insensitively after white space).
const HTML: [&[u8]; 17] = [
    b"<!DOCTYPE HTML",
    b"<HTML",
    b"<HEAD",
    b"<SCRIPT",
    b"<IFRAME",
    b"<H1",
    b"<DIV",
    b"<FONT",
    b"<TABLE",
    b"<A",
    b"<STYLE",
    b"<TITLE",
    b"<B",
    b"<BODY",
    b"<BR",
    b"<P",
    b"<!--",
];

/// `http.DetectContentType` on at most the first 512 bytes.
pub(crate) fn detect_content_type(data: &[u8]) -> &'static str {
    let data = &data[..data.len().min(512)];
    let first = data.iter().position(|&b| !is_ws(b)).unwrap_or(data.len());
    let trimmed = &data[first..];
    if HTML.iter().any(|s| html(trimmed, s)) {
        return "text/html; charset=utf-8";
    }
    if masked(trimmed, b"\xFF\xFF\xFF\xFF\xFF", b"<?xml") {
        return "text/xml; charset=utf-8";
    }
    let exact: &[(&[u8], &str)] = &[
        (b"%PDF-", "application/pdf"),
        (b"%!PS-Adobe-", "application/postscript"),
    ];
    for (sig, ct) in exact {
        if data.starts_with(sig) {
            return ct;
        }
    }
    let boms: &[(&[u8], &[u8], &str)] = &[
        (
            b"\xFF\xFF\x00\x00",
            b"\xFE\xFF\x00\x00",
            "text/plain; charset=utf-16be",
        ),
        (
            b"\xFF\xFF\x00\x00",
            b"\xFF\xFE\x00\x00",
            "text/plain; charset=utf-16le",
        ),
        (
            b"\xFF\xFF\xFF\x00",
            b"\xEF\xBB\xBF\x00",
            "text/plain; charset=utf-8",
        ),
    ];
    for (mask, pat, ct) in boms {
        if masked(data, mask, pat) {
            return ct;
        }
    }
    let images: &[(&[u8], &str)] = &[
        (b"\x00\x00\x01\x00", "image/x-icon"),
        (b"\x00\x00\x02\x00", "image/x-icon"),
        (b"BM", "image/bmp"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
    ];
    for (sig, ct) in images {
        if data.starts_with(sig) {
            return ct;
        }
    }
    if masked(
        data,
        b"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF\xFF\xFF",
        b"RIFF\x00\x00\x00\x00WEBPVP",
    ) {
        return "image/webp";
    }
    if data.starts_with(b"\x89PNG\x0D\x0A\x1A\x0A") {
        return "image/png";
    }
    if data.starts_with(b"\xFF\xD8\xFF") {
        return "image/jpeg";
    }
    let av: &[(&[u8], &[u8], &str)] = &[
        (
            b"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF",
            b"FORM\x00\x00\x00\x00AIFF",
            "audio/aiff",
        ),
        (b"\xFF\xFF\xFF", b"ID3", "audio/mpeg"),
        (b"\xFF\xFF\xFF\xFF\xFF", b"OggS\x00", "application/ogg"),
        (
            b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF",
            b"MThd\x00\x00\x00\x06",
            "audio/midi",
        ),
        (
            b"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF",
            b"RIFF\x00\x00\x00\x00AVI ",
            "video/avi",
        ),
        (
            b"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF",
            b"RIFF\x00\x00\x00\x00WAVE",
            "audio/wave",
        ),
    ];
    for (mask, pat, ct) in av {
        if masked(data, mask, pat) {
            return ct;
        }
    }
    if mp4(data) {
        return "video/mp4";
    }
    if data.starts_with(b"\x1A\x45\xDF\xA3") {
        return "video/webm";
    }
    let mut eot_mask = [0u8; 36];
    eot_mask[34] = 0xFF;
    eot_mask[35] = 0xFF;
    let mut eot_pat = [0u8; 36];
    eot_pat[34] = b'L';
    eot_pat[35] = b'P';
    if masked(data, &eot_mask, &eot_pat) {
        return "application/vnd.ms-fontobject";
    }
    let rest: &[(&[u8], &str)] = &[
        (b"\x00\x01\x00\x00", "font/ttf"),
        (b"OTTO", "font/otf"),
        (b"ttcf", "font/collection"),
        (b"wOFF", "font/woff"),
        (b"wOF2", "font/woff2"),
        (b"\x1F\x8B\x08", "application/x-gzip"),
        (b"PK\x03\x04", "application/zip"),
        (b"Rar!\x1A\x07\x00", "application/x-rar-compressed"),
        (b"Rar!\x1A\x07\x01\x00", "application/x-rar-compressed"),
        (b"\x00\x61\x73\x6D", "application/wasm"),
    ];
    for (sig, ct) in rest {
        if data.starts_with(sig) {
            return ct;
        }
    }
    let binary = trimmed.iter().any(|&b| {
        b <= 0x08 || b == 0x0B || (0x0E..=0x1A).contains(&b) || (0x1C..=0x1F).contains(&b)
    });
    if binary {
        "application/octet-stream"
    } else {
        "text/plain; charset=utf-8"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs() {
        let mut buf = [0u8; 512];
        buf[..6].copy_from_slice(b"a: b\n\n");
        assert_eq!(detect_content_type(&buf), "application/octet-stream");
        assert_eq!(detect_content_type(b"a: b\n"), "text/plain; charset=utf-8");
        assert_eq!(
            detect_content_type(b"\x1f\x8b\x08\x00"),
            "application/x-gzip"
        );
        assert_eq!(detect_content_type(b"  <html>"), "text/html; charset=utf-8");
        assert_eq!(detect_content_type(b"PK\x03\x04"), "application/zip");
    }
}
