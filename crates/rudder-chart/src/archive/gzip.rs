//! Go's `compress/gzip` reader: header checks, multistream (concatenated members are one
//! stream), CRC-32 and size checked at the end of each member, errors sticky.

use super::inflate::{FlateError, Inflater, Source};

/// A gzip stream error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GzError {
    /// `io.EOF`: the end of the stream (or an empty input where a header was expected).
    Eof,
    /// `io.ErrUnexpectedEOF`.
    UnexpectedEof,
    /// `gzip.ErrHeader`.
    Header,
    /// `gzip.ErrChecksum`.
    Checksum,
    /// `flate.CorruptInputError`.
    Corrupt(i64),
}

impl From<FlateError> for GzError {
    fn from(e: FlateError) -> Self {
        match e {
            FlateError::Eof => Self::Eof,
            FlateError::UnexpectedEof => Self::UnexpectedEof,
            FlateError::Corrupt(n) => Self::Corrupt(n),
        }
    }
}

/// CRC-32 (IEEE), table-driven.
pub(super) fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    static TABLE: std::sync::LazyLock<[u32; 256]> = std::sync::LazyLock::new(|| {
        let mut t = [0u32; 256];
        for (i, e) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *e = c;
        }
        t
    });
    let mut c = !crc;
    for &b in data {
        c = TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

const FLAG_HDR_CRC: u8 = 1 << 1;
const FLAG_EXTRA: u8 = 1 << 2;
const FLAG_NAME: u8 = 1 << 3;
const FLAG_COMMENT: u8 = 1 << 4;

/// A gzip reader over bytes in memory.
#[derive(Debug)]
pub(super) struct GzReader<'a> {
    src: Source<'a>,
    inflater: Inflater,
    digest: u32,
    size: u32,
    err: Option<GzError>,
}

impl<'a> GzReader<'a> {
    /// `gzip.NewReader`: reads the first header.
    pub(super) fn new(data: &'a [u8]) -> Result<Self, GzError> {
        let mut z = Self {
            src: Source { data, pos: 0 },
            inflater: Inflater::new(),
            digest: 0,
            size: 0,
            err: None,
        };
        z.read_header()?;
        Ok(z)
    }

    /// `io.ReadFull` for the header: `EOF` when nothing was there, else `UnexpectedEof`.
    fn full(&mut self, n: usize, eof_ok: bool) -> Result<Vec<u8>, GzError> {
        match self.src.take(n) {
            Ok(b) => Ok(b.to_vec()),
            Err(0) if eof_ok => Err(GzError::Eof),
            Err(_) => Err(GzError::UnexpectedEof),
        }
    }

    fn read_string(&mut self) -> Result<(), GzError> {
        let mut taken = Vec::new();
        loop {
            if taken.len() >= 512 {
                return Err(GzError::Header);
            }
            let b = self.src.byte().ok_or(GzError::UnexpectedEof)?;
            taken.push(b);
            if b == 0 {
                self.digest = crc32_update(self.digest, &taken);
                return Ok(());
            }
        }
    }

    fn read_header(&mut self) -> Result<(), GzError> {
        let h = self.full(10, true)?;
        if h[0] != 0x1f || h[1] != 0x8b || h[2] != 8 {
            return Err(GzError::Header);
        }
        let flg = h[3];
        self.digest = crc32_update(0, &h);
        if flg & FLAG_EXTRA != 0 {
            let n = self.full(2, false)?;
            self.digest = crc32_update(self.digest, &n);
            let len = usize::from(n[0]) | (usize::from(n[1]) << 8);
            let extra = self.full(len, false)?;
            self.digest = crc32_update(self.digest, &extra);
        }
        if flg & FLAG_NAME != 0 {
            self.read_string()?;
        }
        if flg & FLAG_COMMENT != 0 {
            self.read_string()?;
        }
        if flg & FLAG_HDR_CRC != 0 {
            let c = self.full(2, false)?;
            let digest = u16::from(c[0]) | (u16::from(c[1]) << 8);
            if digest != self.digest as u16 {
                return Err(GzError::Header);
            }
        }
        self.digest = 0;
        self.inflater = Inflater::new();
        Ok(())
    }

    /// `Reader.Read`.
    pub(super) fn read(&mut self, p: &mut [u8]) -> (usize, Option<GzError>) {
        if let Some(e) = self.err {
            return (0, Some(e));
        }
        let mut n = 0;
        while n == 0 {
            let (got, err) = self.inflater.read(&mut self.src, p);
            n = got;
            self.digest = crc32_update(self.digest, &p[..n]);
            self.size = self.size.wrapping_add(n as u32);
            match err {
                Some(FlateError::Eof) => {}
                other => {
                    self.err = other.map(GzError::from);
                    return (n, self.err);
                }
            }
            // The member is done: check its trailer.
            let Ok(t) = self.src.take(8) else {
                self.err = Some(GzError::UnexpectedEof);
                return (n, self.err);
            };
            let trailer = [t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]];
            let digest = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
            let size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
            if digest != self.digest || size != self.size {
                self.err = Some(GzError::Checksum);
                return (n, self.err);
            }
            self.digest = 0;
            self.size = 0;
            if let Err(e) = self.read_header() {
                self.err = Some(e);
                return (n, self.err);
            }
        }
        (n, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_known_value() {
        assert_eq!(crc32_update(0, b"123456789"), 0xCBF4_3926);
    }
}
