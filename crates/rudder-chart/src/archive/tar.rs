//! Go's `archive/tar` reader, as far as chart archives need it: V7, USTAR, PAX, GNU and STAR
//! headers, PAX records (`path`, `linkpath`, `size`, `mtime`, ...), GNU long names, Go's
//! checksum and numeric-field rules, and its errors (`archive/tar: invalid tar header`).
//! Sparse files are refused (no chart tool writes them).

use super::gzip::{GzError, GzReader};

/// A tar stream error (or the underlying gzip one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TarError {
    /// From the gzip layer.
    Io(GzError),
    /// `tar.ErrHeader`.
    Header,
    /// `tar.ErrFieldTooLong`.
    FieldTooLong,
    /// A sparse entry.
    Sparse,
}

impl From<GzError> for TarError {
    fn from(e: GzError) -> Self {
        Self::Io(e)
    }
}

const BLOCK: usize = 512;
const MAX_SPECIAL_FILE: usize = 1 << 20;

/// The parts of `tar.Header` the chart loader looks at.
#[derive(Debug, Clone, Default)]
pub(super) struct Header {
    pub(super) name: String,
    pub(super) typeflag: u8,
    pub(super) size: i64,
    pub(super) mode: i64,
    pub(super) mtime_secs: i64,
    pub(super) mtime_nanos: i64,
}

impl Header {
    /// `hd.FileInfo().IsDir()`.
    pub(super) fn is_dir(&self) -> bool {
        self.typeflag == b'5' || ((self.mode as u32) & !0o7777) == 0o40000
    }
}

/// `isHeaderOnlyType`.
fn header_only(flag: u8) -> bool {
    matches!(flag, b'1' | b'2' | b'3' | b'4' | b'5' | b'6')
}

/// Go's tar `parser`: the first numeric error is remembered.
#[derive(Default)]
struct Parser {
    err: bool,
}

fn parse_string(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

impl Parser {
    fn numeric(&mut self, b: &[u8]) -> i64 {
        if let Some(&first) = b.first()
            && first & 0x80 != 0
        {
            let inv: u8 = if first & 0x40 != 0 { 0xff } else { 0 };
            let mut x: u64 = 0;
            for (i, &c) in b.iter().enumerate() {
                let mut c = c ^ inv;
                if i == 0 {
                    c &= 0x7f;
                }
                if x >> 56 > 0 {
                    self.err = true;
                    return 0;
                }
                x = (x << 8) | u64::from(c);
            }
            if x >> 63 > 0 {
                self.err = true;
                return 0;
            }
            return if inv == 0xff { !(x as i64) } else { x as i64 };
        }
        self.octal(b)
    }

    fn octal(&mut self, b: &[u8]) -> i64 {
        let trimmed = trim(b);
        if trimmed.is_empty() {
            return 0;
        }
        let s = parse_string(trimmed);
        match rudder_value::strconv::parse_uint(&s, 8, 64) {
            Ok(x) => x as i64,
            Err(e) => {
                self.err = true;
                // Go returns ParseUint's value on a range error (the maximum).
                if matches!(e.kind, rudder_value::strconv::NumErrorKind::Range) {
                    u64::MAX as i64
                } else {
                    0
                }
            }
        }
    }
}

/// `bytes.Trim(b, " \x00")`.
fn trim(b: &[u8]) -> &[u8] {
    let is = |c: &u8| *c == b' ' || *c == 0;
    let start = b.iter().position(|c| !is(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !is(c)).map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Unknown,
    V7,
    UstarPax,
    Gnu,
    Star,
}

fn checksums(blk: &[u8; BLOCK]) -> (i64, i64) {
    let (mut unsigned, mut signed) = (0i64, 0i64);
    for (i, &c) in blk.iter().enumerate() {
        let c = if (148..156).contains(&i) { b' ' } else { c };
        unsigned += i64::from(c);
        signed += i64::from(c as i8);
    }
    (unsigned, signed)
}

fn get_format(blk: &[u8; BLOCK]) -> Format {
    let mut p = Parser::default();
    let value = p.octal(&blk[148..156]);
    let (c1, c2) = checksums(blk);
    if p.err || (value != c1 && value != c2) {
        return Format::Unknown;
    }
    let magic = &blk[257..263];
    let version = &blk[263..265];
    let trailer = &blk[508..512];
    if magic == b"ustar\0" && trailer == b"tar\0" {
        Format::Star
    } else if magic == b"ustar\0" {
        Format::UstarPax
    } else if magic == b"ustar " && version == b" \0" {
        Format::Gnu
    } else {
        Format::V7
    }
}

/// `parsePAXTime`.
fn parse_pax_time(s: &str) -> Option<(i64, i64)> {
    let (ss, sn) = s.split_once('.').unwrap_or((s, ""));
    let secs = rudder_value::strconv::parse_int(ss, 10, 64).ok()?;
    if sn.is_empty() {
        return Some((secs, 0));
    }
    let mut digits = *b"000000000";
    for (i, c) in sn.bytes().enumerate() {
        if !c.is_ascii_digit() {
            return None;
        }
        if i < digits.len() {
            digits[i] = c;
        }
    }
    let nanos: i64 = std::str::from_utf8(&digits).ok()?.parse().ok()?;
    if ss.starts_with('-') {
        Some((secs, -nanos))
    } else {
        Some((secs, nanos))
    }
}

/// `parsePAXRecord`: one `"%d %s=%s\n"` record.
fn parse_pax_record(s: &[u8]) -> Option<(String, String, &[u8])> {
    let sp = s.iter().position(|&c| c == b' ')?;
    let n_str = std::str::from_utf8(&s[..sp]).ok()?;
    let n = rudder_value::strconv::parse_int(n_str, 10, 64).ok()?;
    if n < 5 || n > s.len() as i64 {
        return None;
    }
    let n = n as usize - (sp + 1);
    if n == 0 {
        return None;
    }
    let rest = &s[sp + 1..];
    let (rec, nl, rem) = (&rest[..n - 1], &rest[n - 1..n], &rest[n..]);
    if nl != b"\n" {
        return None;
    }
    let eq = rec.iter().position(|&c| c == b'=')?;
    let k = String::from_utf8_lossy(&rec[..eq]).into_owned();
    let v = String::from_utf8_lossy(&rec[eq + 1..]).into_owned();
    let valid = !k.is_empty()
        && !k.contains('=')
        && match k.as_str() {
            "path" | "linkpath" | "uname" | "gname" => !v.contains('\0'),
            _ => !k.contains('\0'),
        };
    valid.then_some((k, v, rem))
}

/// A tar reader over a gzip stream.
pub(super) struct TarReader<'a> {
    gz: GzReader<'a>,
    /// Bytes left in the current entry.
    remaining: i64,
    pad: i64,
    err: Option<TarError>,
}

impl std::fmt::Debug for TarReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TarReader").finish_non_exhaustive()
    }
}

/// What `io.ReadFull` returned.
enum Full {
    Ok,
    /// Nothing at all was read (`io.EOF`).
    Eof,
}

impl<'a> TarReader<'a> {
    pub(super) fn new(gz: GzReader<'a>) -> Self {
        Self {
            gz,
            remaining: 0,
            pad: 0,
            err: None,
        }
    }

    /// `io.ReadFull(tr.r, buf)` on the gzip stream.
    fn read_full(&mut self, buf: &mut [u8]) -> Result<Full, TarError> {
        let mut n = 0;
        while n < buf.len() {
            let (got, err) = self.gz.read(&mut buf[n..]);
            n += got;
            if let Some(e) = err {
                if n >= buf.len() {
                    return Ok(Full::Ok);
                }
                return match (e, n) {
                    (GzError::Eof, 0) => Ok(Full::Eof),
                    (GzError::Eof, _) => Err(TarError::Io(GzError::UnexpectedEof)),
                    (e, _) => Err(TarError::Io(e)),
                };
            }
        }
        Ok(Full::Ok)
    }

    /// `discard`: skips `n` bytes of the stream.
    fn discard(&mut self, mut n: i64) -> Result<(), TarError> {
        let mut buf = vec![0u8; 32 * 1024];
        while n > 0 {
            let want = (n as usize).min(buf.len());
            let (got, err) = self.gz.read(&mut buf[..want]);
            n -= got as i64;
            if let Some(e) = err {
                if n <= 0 {
                    return Ok(());
                }
                return Err(TarError::Io(match e {
                    GzError::Eof => GzError::UnexpectedEof,
                    e => e,
                }));
            }
        }
        Ok(())
    }

    /// `readSpecialFile`: the body of a PAX or GNU long-name entry (at most 1 MiB).
    fn special_file(&mut self) -> Result<Vec<u8>, TarError> {
        let mut out = Vec::new();
        let mut buf = vec![0u8; 32 * 1024];
        loop {
            if out.len() > MAX_SPECIAL_FILE {
                return Err(TarError::FieldTooLong);
            }
            let limit = (MAX_SPECIAL_FILE + 1 - out.len()).min(buf.len());
            let (n, err) = self.read(&mut buf[..limit]);
            out.extend_from_slice(&buf[..n]);
            match err {
                None => {}
                Some(ReadEnd::Eof) => break,
                Some(ReadEnd::Err(e)) => {
                    if out.len() > MAX_SPECIAL_FILE {
                        return Err(TarError::FieldTooLong);
                    }
                    return Err(e);
                }
            }
        }
        if out.len() > MAX_SPECIAL_FILE {
            return Err(TarError::FieldTooLong);
        }
        Ok(out)
    }

    /// `readHeader`: `Ok(None)` at the end of the archive.
    fn read_header(&mut self) -> Result<Option<([u8; BLOCK], Header, Format)>, TarError> {
        let mut blk = [0u8; BLOCK];
        if let Full::Eof = self.read_full(&mut blk)? {
            return Ok(None);
        }
        if blk.iter().all(|&b| b == 0) {
            if let Full::Eof = self.read_full(&mut blk)? {
                return Ok(None);
            }
            if blk.iter().all(|&b| b == 0) {
                return Ok(None);
            }
            return Err(TarError::Header);
        }
        let format = get_format(&blk);
        if format == Format::Unknown {
            return Err(TarError::Header);
        }
        let mut p = Parser::default();
        let mut hdr = Header {
            typeflag: blk[156],
            name: parse_string(&blk[0..100]),
            size: p.numeric(&blk[124..136]),
            mode: p.numeric(&blk[100..108]),
            ..Header::default()
        };
        p.numeric(&blk[108..116]);
        p.numeric(&blk[116..124]);
        hdr.mtime_secs = p.numeric(&blk[136..148]);
        if format != Format::V7 {
            p.numeric(&blk[329..337]);
            p.numeric(&blk[337..345]);
            let prefix = match format {
                Format::UstarPax => parse_string(&blk[345..500]),
                Format::Star => {
                    p.numeric(&blk[476..488]);
                    p.numeric(&blk[488..500]);
                    parse_string(&blk[345..476])
                }
                _ => {
                    // GNU: access and change times, whose errors only demote the format.
                    let mut p2 = Parser::default();
                    if blk[345] != 0 {
                        p2.numeric(&blk[345..357]);
                    }
                    if blk[357] != 0 {
                        p2.numeric(&blk[357..369]);
                    }
                    let s = parse_string(&blk[345..500]);
                    if p2.err && s.is_ascii() && !s.contains('\0') {
                        s
                    } else {
                        String::new()
                    }
                }
            };
            if !prefix.is_empty() {
                hdr.name = format!("{prefix}/{}", hdr.name);
            }
        }
        if p.err {
            return Err(TarError::Header);
        }
        Ok(Some((blk, hdr, format)))
    }

    /// `handleRegularFile`.
    fn start_entry(&mut self, hdr: &Header) -> Result<(), TarError> {
        let nb = if header_only(hdr.typeflag) {
            0
        } else {
            hdr.size
        };
        if nb < 0 {
            return Err(TarError::Header);
        }
        self.pad = (BLOCK as i64 - nb % BLOCK as i64) % BLOCK as i64;
        self.remaining = nb;
        Ok(())
    }

    /// `Reader.Next`: the next entry, `Ok(None)` at the end. Errors are sticky.
    pub(super) fn next(&mut self) -> Result<Option<Header>, TarError> {
        if let Some(e) = self.err {
            return Err(e);
        }
        let r = self.next_inner();
        if let Err(e) = r {
            self.err = Some(e);
        }
        r
    }

    fn next_inner(&mut self) -> Result<Option<Header>, TarError> {
        let mut pax: Option<Vec<(String, String)>> = None;
        let mut long_name = String::new();
        loop {
            self.discard(self.remaining)?;
            self.remaining = 0;
            if self.pad > 0 {
                // `tryReadFull`: the stream may end inside the padding (a normal end).
                let mut pad = vec![0u8; self.pad as usize];
                let mut n = 0;
                while n < pad.len() {
                    let (got, err) = self.gz.read(&mut pad[n..]);
                    n += got;
                    match err {
                        Some(_) if n >= pad.len() => break,
                        Some(GzError::Eof) => return Ok(None),
                        Some(e) => return Err(TarError::Io(e)),
                        None => {}
                    }
                }
            }
            self.pad = 0;
            let Some((_, mut hdr, format)) = self.read_header()? else {
                return Ok(None);
            };
            self.start_entry(&hdr)?;
            match hdr.typeflag {
                b'x' | b'g' => {
                    let records = self.parse_pax()?;
                    if hdr.typeflag == b'g' {
                        merge_pax(&mut hdr, &records)?;
                        return Ok(Some(Header {
                            name: hdr.name,
                            typeflag: b'g',
                            ..Header::default()
                        }));
                    }
                    pax = Some(records);
                }
                b'L' | b'K' => {
                    let real = self.special_file()?;
                    if hdr.typeflag == b'L' {
                        long_name = parse_string(&real);
                    }
                }
                _ => {
                    if let Some(records) = &pax {
                        merge_pax(&mut hdr, records)?;
                        if records.iter().any(|(k, _)| k.starts_with("GNU.sparse.")) {
                            return Err(TarError::Sparse);
                        }
                    }
                    if !long_name.is_empty() {
                        hdr.name = long_name;
                    }
                    if hdr.typeflag == 0 {
                        hdr.typeflag = if hdr.name.ends_with('/') { b'5' } else { b'0' };
                    }
                    self.start_entry(&hdr)?;
                    if hdr.typeflag == b'S' {
                        if format != Format::Gnu {
                            return Err(TarError::Header);
                        }
                        return Err(TarError::Sparse);
                    }
                    return Ok(Some(hdr));
                }
            }
        }
    }

    /// `parsePAX`.
    fn parse_pax(&mut self) -> Result<Vec<(String, String)>, TarError> {
        let buf = self.special_file()?;
        let mut rest: &[u8] = &buf;
        let mut records: Vec<(String, String)> = Vec::new();
        let mut sparse = 0usize;
        while !rest.is_empty() {
            let (k, v, r) = parse_pax_record(rest).ok_or(TarError::Header)?;
            rest = r;
            if k == "GNU.sparse.offset" || k == "GNU.sparse.numbytes" {
                let want = if sparse.is_multiple_of(2) {
                    "GNU.sparse.offset"
                } else {
                    "GNU.sparse.numbytes"
                };
                if k != want || v.contains(',') {
                    return Err(TarError::Header);
                }
                sparse += 1;
                records.push(("GNU.sparse.map".to_owned(), String::new()));
                continue;
            }
            // A later record with the same key replaces an earlier one (Go's map).
            records.retain(|(rk, _)| rk != &k);
            records.push((k, v));
        }
        Ok(records)
    }

    /// Reads entry data: `(n, None)`, or the end (`Eof`) or an error.
    pub(super) fn read(&mut self, b: &mut [u8]) -> (usize, Option<ReadEnd>) {
        if let Some(e) = self.err {
            return (0, Some(ReadEnd::Err(e)));
        }
        let want = (b.len() as i64).min(self.remaining) as usize;
        let (n, err) = if want > 0 {
            self.gz.read(&mut b[..want])
        } else {
            (0, None)
        };
        self.remaining -= n as i64;
        let end = match err {
            Some(GzError::Eof) if self.remaining > 0 => {
                Some(ReadEnd::Err(TarError::Io(GzError::UnexpectedEof)))
            }
            Some(GzError::Eof) => Some(ReadEnd::Eof),
            Some(e) => Some(ReadEnd::Err(TarError::Io(e))),
            None if self.remaining == 0 => Some(ReadEnd::Eof),
            None => None,
        };
        if let Some(ReadEnd::Err(e)) = end {
            self.err = Some(e);
        }
        (n, end)
    }
}

/// How an entry read ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ReadEnd {
    Eof,
    Err(TarError),
}

/// `mergePAX`: applies the records Helm's loader can observe; malformed numbers are
/// `ErrHeader`.
fn merge_pax(hdr: &mut Header, records: &[(String, String)]) -> Result<(), TarError> {
    for (k, v) in records {
        if v.is_empty() {
            continue;
        }
        let ok = match k.as_str() {
            "path" => {
                hdr.name.clone_from(v);
                true
            }
            "uid" | "gid" => rudder_value::strconv::parse_int(v, 10, 64).is_ok(),
            "atime" | "ctime" => parse_pax_time(v).is_some(),
            "mtime" => match parse_pax_time(v) {
                Some((s, n)) => {
                    hdr.mtime_secs = s;
                    hdr.mtime_nanos = n;
                    true
                }
                None => false,
            },
            "size" => match rudder_value::strconv::parse_int(v, 10, 64) {
                Ok(n) => {
                    hdr.size = n;
                    true
                }
                Err(_) => false,
            },
            _ => true,
        };
        if !ok {
            return Err(TarError::Header);
        }
    }
    Ok(())
}
