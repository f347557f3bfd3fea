//! The input side of the YAML parser: encoding detection (BOM, UTF-8, UTF-16), decoding to
//! UTF-8, and the character checks go-yaml's reader makes.
//!
//! go-yaml decodes its input lazily, 512 raw bytes at a time, and only when the scanner asks for
//! characters it does not have yet. That is observable: a decoding error (invalid UTF-8, a
//! control character) is reported only once the scanner reaches the chunk that holds it, so a
//! syntax error earlier in the document wins, and a bad byte in a later document of the stream
//! that is never scanned is never reported at all. The whole input is decoded here up front,
//! and the chunk boundaries are recorded so that the scanner can replay go-yaml's timing
//! exactly (see [`Input::boundaries`]).

/// The raw buffer size of go-yaml's reader (`input_raw_buffer_size`).
const RAW_CHUNK: usize = 512;

/// Zero bytes after the decoded text: the scanner looks up to four characters ahead, and reads
/// past the end see NUL, as in go-yaml's zero-padded buffer.
pub(crate) const PADDING: usize = 16;

/// A decoding error of go-yaml's reader (`yaml_READER_ERROR`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReaderError {
    /// go-yaml's problem text, e.g. `control characters are not allowed`.
    pub problem: &'static str,
    /// Byte offset in the raw input.
    pub offset: usize,
}

/// The input encoding, from the byte order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// A decoded input.
#[derive(Debug)]
pub(crate) struct Input {
    /// The decoded text (UTF-8) up to the first decoding error, then [`PADDING`] zero bytes.
    pub buf: Vec<u8>,
    /// The number of characters in `buf` before the padding.
    pub chars: usize,
    /// The number of decoded characters after each raw chunk that decodes without error, in
    /// order: what go-yaml's buffer holds after 1, 2, ... reads.
    pub boundaries: Vec<usize>,
    /// The decoding error in the chunk after the last boundary, if any.
    pub error: Option<ReaderError>,
    /// The encoding.
    #[cfg_attr(not(test), expect(dead_code, reason = "kept for diagnostics"))]
    pub encoding: Encoding,
}

impl Input {
    /// Decodes `raw` as go-yaml's reader does.
    pub(crate) fn decode(raw: &[u8]) -> Self {
        let (encoding, start) = if raw.starts_with(&[0xFF, 0xFE]) {
            (Encoding::Utf16Le, 2)
        } else if raw.starts_with(&[0xFE, 0xFF]) {
            (Encoding::Utf16Be, 2)
        } else if raw.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (Encoding::Utf8, 3)
        } else {
            (Encoding::Utf8, 0)
        };
        if encoding == Encoding::Utf8
            && let Some(input) = Self::fast_utf8(raw, start)
        {
            return input;
        }
        let mut d = Decoder {
            raw,
            pos: start,
            chunk_end: raw.len().min(RAW_CHUNK),
            buf: Vec::with_capacity(raw.len() + PADDING),
            chars: 0,
            boundaries: Vec::new(),
        };
        let error = d.run(encoding);
        let Decoder {
            mut buf,
            chars,
            boundaries,
            ..
        } = d;
        buf.resize(buf.len() + PADDING, 0);
        Self {
            buf,
            chars,
            boundaries,
            error,
            encoding,
        }
    }

    /// The chunk boundaries of valid UTF-8 text.
    fn count_chunks(
        raw: &[u8],
        pos: &mut usize,
        chunk_end: &mut usize,
        chars: &mut usize,
        boundaries: &mut Vec<usize>,
    ) {
        loop {
            // The chunk decodes every character that ends inside it; a character cut by the
            // chunk end is carried over to the next read.
            let mut end = *chunk_end;
            while end > *pos && end < raw.len() && raw[end] & 0xC0 == 0x80 {
                end -= 1;
            }
            *chars += count_chars(&raw[*pos..end]);
            *pos = end;
            if *chunk_end == raw.len() {
                break;
            }
            boundaries.push(*chars);
            *chunk_end = raw.len().min(*pos + RAW_CHUNK);
        }
    }

    /// The common case: UTF-8 without a single character the reader rejects. The text is the
    /// input itself; only the chunk boundaries need computing.
    fn fast_utf8(raw: &[u8], start: usize) -> Option<Self> {
        let text = std::str::from_utf8(&raw[start..]).ok()?;
        if !all_allowed(text.as_bytes()) {
            return None;
        }
        let mut boundaries = Vec::with_capacity(raw.len() / RAW_CHUNK + 1);
        let mut chars = 0;
        let mut pos = start;
        let mut chunk_end = raw.len().min(RAW_CHUNK);
        if text.is_ascii() {
            // One character per byte: the chunks are plain 512-byte reads.
            while chunk_end < raw.len() {
                boundaries.push(chunk_end - start);
                chunk_end = raw.len().min(chunk_end + RAW_CHUNK);
            }
            chars = raw.len() - start;
        } else {
            Self::count_chunks(raw, &mut pos, &mut chunk_end, &mut chars, &mut boundaries);
        }
        let mut buf = Vec::with_capacity(raw.len() - start + PADDING);
        buf.extend_from_slice(&raw[start..]);
        buf.resize(buf.len() + PADDING, 0);
        Some(Self {
            buf,
            chars,
            boundaries,
            error: None,
            encoding: Encoding::Utf8,
        })
    }
}

/// Whether every character of valid UTF-8 `b` is one the reader accepts, checked on the bytes:
/// C0 controls but TAB, LF and CR, DEL, C1 controls but NEL (`C2 80`..`C2 9F`), U+FFFE and
/// U+FFFF (`EF BF BE`, `EF BF BF`) are refused.
fn all_allowed(b: &[u8]) -> bool {
    // Each byte can be judged alone (with two bytes of lookahead for lead bytes), so blocks of
    // printable ASCII are skipped in bulk and only the others are looked at byte by byte.
    let byte_ok = |i: usize| -> bool {
        let c = b[i];
        match c {
            0xC2 => !(b[i + 1] < 0xA0 && b[i + 1] != 0x85),
            0xEF => !(b[i + 1] == 0xBF && b[i + 2] >= 0xBE),
            0x20..=0x7E | b'\t' | b'\n' | b'\r' | 0x80.. => true,
            _ => false,
        }
    };
    let mut i = 0;
    while i + 32 <= b.len() {
        let block: &[u8; 32] = b[i..i + 32].try_into().unwrap_or(&[0; 32]);
        let plain = block.iter().fold(true, |ok, &c| {
            ok & ((0x20..0x7F).contains(&c) || c == b'\n')
        });
        if !plain && !(i..i + 32).all(byte_ok) {
            return false;
        }
        i += 32;
    }
    (i..b.len()).all(byte_ok)
}

/// The number of UTF-8 characters in `b`: the bytes that are not continuation bytes
/// (`10xxxxxx`), counted eight at a time.
fn count_chars(b: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact(8);
    let mut continuation = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        // Bit 7 set and bit 6 clear.
        continuation += (x & !(x << 1) & HIGH).count_ones() as usize;
    }
    let rest = chunks.remainder();
    continuation += rest.iter().filter(|&&c| c & 0xC0 == 0x80).count();
    b.len() - continuation
}

/// Whether the reader accepts code point `c` (YAML's printable set plus TAB, LF, CR, NEL).
fn allowed(c: u32) -> bool {
    matches!(c, 0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF)
}

struct Decoder<'a> {
    raw: &'a [u8],
    pos: usize,
    chunk_end: usize,
    buf: Vec<u8>,
    chars: usize,
    boundaries: Vec<usize>,
}

/// What decoding one character gave.
enum Step {
    Char(u32, usize),
    /// The character is cut by the end of the raw chunk.
    Partial,
    Error(ReaderError),
    /// The input ends inside a character. go-yaml learns about the end of its input only from
    /// a read that returns nothing, so the characters of the last chunk are handed out first.
    Truncated(ReaderError),
}

impl Decoder<'_> {
    fn run(&mut self, encoding: Encoding) -> Option<ReaderError> {
        loop {
            if self.pos == self.chunk_end {
                if self.chunk_end == self.raw.len() {
                    return None;
                }
                self.next_chunk();
                continue;
            }
            let step = match encoding {
                Encoding::Utf8 => self.utf8(),
                Encoding::Utf16Le => self.utf16(0, 1),
                Encoding::Utf16Be => self.utf16(1, 0),
            };
            match step {
                Step::Char(value, width) => {
                    if !allowed(value) {
                        return Some(ReaderError {
                            problem: "control characters are not allowed",
                            offset: self.pos,
                        });
                    }
                    let c = char::from_u32(value).unwrap_or('\u{FFFD}');
                    let mut tmp = [0; 4];
                    self.buf
                        .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                    self.chars += 1;
                    self.pos += width;
                }
                Step::Partial => self.next_chunk(),
                Step::Error(e) => return Some(e),
                Step::Truncated(e) => {
                    // An input shorter than three bytes is read to its end while looking for
                    // a byte order mark, so there the end is known from the start.
                    if self.raw.len() >= 3 {
                        self.boundaries.push(self.chars);
                    }
                    return Some(e);
                }
            }
        }
    }

    fn next_chunk(&mut self) {
        self.boundaries.push(self.chars);
        self.chunk_end = self.raw.len().min(self.pos + RAW_CHUNK);
    }

    fn eof(&self) -> bool {
        self.chunk_end == self.raw.len()
    }

    fn err(problem: &'static str, offset: usize) -> Step {
        Step::Error(ReaderError { problem, offset })
    }

    fn truncated(&self, problem: &'static str) -> Step {
        Step::Truncated(ReaderError {
            problem,
            offset: self.pos,
        })
    }

    fn utf8(&self) -> Step {
        let lead = self.raw[self.pos];
        let (width, mut value) = match lead {
            0x00..=0x7F => return Step::Char(u32::from(lead), 1),
            _ if lead & 0xE0 == 0xC0 => (2, u32::from(lead & 0x1F)),
            _ if lead & 0xF0 == 0xE0 => (3, u32::from(lead & 0x0F)),
            _ if lead & 0xF8 == 0xF0 => (4, u32::from(lead & 0x07)),
            _ => return Self::err("invalid leading UTF-8 octet", self.pos),
        };
        if self.pos + width > self.chunk_end {
            if self.eof() {
                return self.truncated("incomplete UTF-8 octet sequence");
            }
            return Step::Partial;
        }
        for k in 1..width {
            let octet = self.raw[self.pos + k];
            if octet & 0xC0 != 0x80 {
                return Self::err("invalid trailing UTF-8 octet", self.pos + k);
            }
            value = (value << 6) + u32::from(octet & 0x3F);
        }
        let shortest = match width {
            2 => value >= 0x80,
            3 => value >= 0x800,
            _ => value >= 0x1_0000,
        };
        if !shortest {
            return Self::err("invalid length of a UTF-8 sequence", self.pos);
        }
        if (0xD800..=0xDFFF).contains(&value) || value > 0x10_FFFF {
            return Self::err("invalid Unicode character", self.pos);
        }
        Step::Char(value, width)
    }

    fn utf16(&self, low: usize, high: usize) -> Step {
        let unit =
            |at: usize| u32::from(self.raw[at + low]) + (u32::from(self.raw[at + high]) << 8);
        if self.pos + 2 > self.chunk_end {
            if self.eof() {
                return self.truncated("incomplete UTF-16 character");
            }
            return Step::Partial;
        }
        let value = unit(self.pos);
        if value & 0xFC00 == 0xDC00 {
            return Self::err("unexpected low surrogate area", self.pos);
        }
        if value & 0xFC00 != 0xD800 {
            return Step::Char(value, 2);
        }
        if self.pos + 4 > self.chunk_end {
            if self.eof() {
                return self.truncated("incomplete UTF-16 surrogate pair");
            }
            return Step::Partial;
        }
        let value2 = unit(self.pos + 2);
        if value2 & 0xFC00 != 0xDC00 {
            return Self::err("expected low surrogate area", self.pos + 2);
        }
        Step::Char(0x1_0000 + ((value & 0x3FF) << 10) + (value2 & 0x3FF), 4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_utf8_is_taken_as_is() {
        let input = Input::decode("a: é\n".as_bytes());
        assert_eq!(&input.buf[..input.buf.len() - PADDING], "a: é\n".as_bytes());
        assert_eq!(input.chars, 5);
        assert!(input.error.is_none());
        assert!(input.boundaries.is_empty());
    }

    #[test]
    fn counts_characters() {
        for text in ["", "a", "é", "aé😀bcdefghijé", "éééééééééééééééééé"] {
            assert_eq!(count_chars(text.as_bytes()), text.chars().count(), "{text}");
        }
    }

    #[test]
    fn bom_is_dropped() {
        let input = Input::decode(b"\xEF\xBB\xBFa");
        assert_eq!(input.chars, 1);
        assert_eq!(input.buf[0], b'a');
    }

    #[test]
    fn chunks_carry_cut_characters() {
        // 511 ASCII bytes, then a two-byte character cut by the 512-byte chunk end.
        let mut raw = vec![b'a'; 511];
        raw.extend_from_slice("é".as_bytes());
        raw.extend_from_slice(b"bc");
        let fast = Input::decode(&raw);
        assert_eq!(fast.boundaries, vec![511]);
        assert_eq!(fast.chars, 514);
        // The slow decoder (forced by a control character at the end) agrees.
        raw.push(1);
        let slow = Input::decode(&raw);
        assert_eq!(slow.boundaries, vec![511]);
        assert_eq!(slow.chars, 514);
        assert_eq!(
            slow.error.map(|e| e.problem),
            Some("control characters are not allowed")
        );
    }

    #[test]
    fn reader_errors() {
        let problem = |raw: &[u8]| Input::decode(raw).error.map(|e| e.problem);
        assert_eq!(problem(b"a\xFF"), Some("invalid leading UTF-8 octet"));
        assert_eq!(problem(b"a\xC3"), Some("incomplete UTF-8 octet sequence"));
        assert_eq!(problem(b"a\xC3a"), Some("invalid trailing UTF-8 octet"));
        assert_eq!(
            problem(b"a\xC0\x80"),
            Some("invalid length of a UTF-8 sequence")
        );
        assert_eq!(problem(b"a\xED\xA0\x80"), Some("invalid Unicode character"));
        assert_eq!(problem(b"\x7f"), Some("control characters are not allowed"));
        assert_eq!(
            problem("\u{FFFE}".as_bytes()),
            Some("control characters are not allowed")
        );
        assert_eq!(problem("\u{85}\u{FEFF}".as_bytes()), None);
    }

    #[test]
    fn utf16() {
        let input = Input::decode(b"\xFF\xFEa\x00:\x00 \x00\x3D\xD8\x00\xDE");
        assert_eq!(input.encoding, Encoding::Utf16Le);
        assert_eq!(&input.buf[..input.buf.len() - PADDING], "a: 😀".as_bytes());
        let input = Input::decode(b"\xFE\xFF\x00a\xDC\x00");
        assert_eq!(
            input.error.map(|e| e.problem),
            Some("unexpected low surrogate area")
        );
    }
}
