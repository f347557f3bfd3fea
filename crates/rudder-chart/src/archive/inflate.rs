//! DEFLATE decompression with Go's `compress/flate` behaviour: the same Huffman-table
//! validation, the same stepping (output is produced a window at a time, everything decoded
//! is handed out before an error), and the same error offsets (`flate: corrupt input before
//! offset 10`), which Helm shows for a corrupt subchart archive.

use std::sync::LazyLock;

/// The bytes of the compressed stream and how many have been consumed.
#[derive(Debug)]
pub(super) struct Source<'a> {
    pub(super) data: &'a [u8],
    pub(super) pos: usize,
}

impl Source<'_> {
    pub(super) fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    /// `io.ReadFull`: `Ok` with all of `n` bytes, or how many there were.
    pub(super) fn take(&mut self, n: usize) -> Result<&[u8], usize> {
        let avail = self.data.len() - self.pos;
        if avail < n {
            self.pos = self.data.len();
            return Err(avail);
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
}

/// A DEFLATE stream error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FlateError {
    /// The stream ended normally (`io.EOF`).
    Eof,
    /// The input ended inside the stream (`io.ErrUnexpectedEOF`).
    UnexpectedEof,
    /// `flate.CorruptInputError`.
    Corrupt(i64),
}

const MAX_CODE_LEN: usize = 16;
const MAX_NUM_LIT: usize = 286;
const MAX_NUM_DIST: usize = 30;
const NUM_CODES: usize = 19;
const CHUNK_BITS: u32 = 9;
const NUM_CHUNKS: usize = 1 << CHUNK_BITS;
const COUNT_MASK: u32 = 15;
const VALUE_SHIFT: u32 = 4;
const WINDOW: usize = 1 << 15;
const END_BLOCK: usize = 256;

const CODE_ORDER: [usize; NUM_CODES] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Go's `huffmanDecoder`: a 9-bit primary table with overflow links.
#[derive(Clone)]
struct Huffman {
    min: u32,
    chunks: Box<[u32; NUM_CHUNKS]>,
    links: Vec<Vec<u32>>,
    link_mask: u32,
}

impl std::fmt::Debug for Huffman {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Huffman")
            .field("min", &self.min)
            .finish_non_exhaustive()
    }
}

impl Huffman {
    fn empty() -> Self {
        Self {
            min: 0,
            chunks: Box::new([0; NUM_CHUNKS]),
            links: Vec::new(),
            link_mask: 0,
        }
    }

    /// `huffmanDecoder.init`: false for an over-subscribed or incomplete code (one code of
    /// length 1 is allowed).
    fn init(&mut self, lengths: &[usize]) -> bool {
        if self.min != 0 {
            *self = Self::empty();
        }
        let mut count = [0usize; MAX_CODE_LEN];
        let (mut min, mut max) = (0usize, 0usize);
        for &n in lengths {
            if n == 0 {
                continue;
            }
            if min == 0 || n < min {
                min = n;
            }
            max = max.max(n);
            count[n] += 1;
        }
        if max == 0 {
            return true;
        }
        let mut code = 0usize;
        let mut nextcode = [0usize; MAX_CODE_LEN];
        for i in min..=max {
            code <<= 1;
            nextcode[i] = code;
            code += count[i];
        }
        if code != 1 << max && !(code == 1 && max == 1) {
            return false;
        }
        self.min = min as u32;
        if max > CHUNK_BITS as usize {
            let num_links = 1usize << (max - CHUNK_BITS as usize);
            self.link_mask = (num_links - 1) as u32;
            let link = nextcode[CHUNK_BITS as usize + 1] >> 1;
            self.links = vec![Vec::new(); NUM_CHUNKS - link];
            for j in link..NUM_CHUNKS {
                let reverse = (j as u16).reverse_bits() as usize >> (16 - CHUNK_BITS);
                let off = j - link;
                self.chunks[reverse] = ((off as u32) << VALUE_SHIFT) | (CHUNK_BITS + 1);
                self.links[off] = vec![0; num_links];
            }
        }
        for (i, &n) in lengths.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let code = nextcode[n];
            nextcode[n] += 1;
            let chunk = ((i as u32) << VALUE_SHIFT) | n as u32;
            let mut reverse = (code as u16).reverse_bits() as usize >> (16 - n);
            if n <= CHUNK_BITS as usize {
                let mut off = reverse;
                while off < NUM_CHUNKS {
                    self.chunks[off] = chunk;
                    off += 1 << n;
                }
            } else {
                let j = reverse & (NUM_CHUNKS - 1);
                let value = (self.chunks[j] >> VALUE_SHIFT) as usize;
                reverse >>= CHUNK_BITS;
                let linktab = &mut self.links[value];
                let mut off = reverse;
                while off < linktab.len() {
                    linktab[off] = chunk;
                    off += 1 << (n - CHUNK_BITS as usize);
                }
            }
        }
        true
    }
}

static FIXED: LazyLock<Huffman> = LazyLock::new(|| {
    let mut bits = [0usize; 288];
    bits[..144].fill(8);
    bits[144..256].fill(9);
    bits[256..280].fill(7);
    bits[280..].fill(8);
    let mut h = Huffman::empty();
    h.init(&bits);
    h
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    NextBlock,
    /// Decoding a Huffman block; `true` when a copy is pending.
    Huffman(bool),
    CopyData,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tables {
    Fixed,
    Dynamic,
}

/// Go's `decompressor` over a [`Source`] (which the caller shares with the gzip layer).
#[derive(Debug)]
pub(super) struct Inflater {
    roffset: i64,
    b: u32,
    nb: u32,
    h1: Huffman,
    h2: Huffman,
    bits: Vec<usize>,
    codebits: [usize; NUM_CODES],
    hist: Vec<u8>,
    wr_pos: usize,
    rd_pos: usize,
    full: bool,
    step: Step,
    final_block: bool,
    err: Option<FlateError>,
    /// Decoded bytes not yet handed out: `hist[to_read.0..to_read.1]`.
    to_read: (usize, usize),
    tables: Tables,
    copy_len: usize,
    copy_dist: usize,
}

impl Inflater {
    pub(super) fn new() -> Self {
        Self {
            roffset: 0,
            b: 0,
            nb: 0,
            h1: Huffman::empty(),
            h2: Huffman::empty(),
            bits: vec![0; MAX_NUM_LIT + MAX_NUM_DIST],
            codebits: [0; NUM_CODES],
            hist: vec![0; WINDOW],
            wr_pos: 0,
            rd_pos: 0,
            full: false,
            step: Step::NextBlock,
            final_block: false,
            err: None,
            to_read: (0, 0),
            tables: Tables::Fixed,
            copy_len: 0,
            copy_dist: 0,
        }
    }

    fn corrupt(&self) -> FlateError {
        FlateError::Corrupt(self.roffset)
    }

    // --- the dictionary (Go's dictDecoder) ---

    fn hist_size(&self) -> usize {
        if self.full { WINDOW } else { self.wr_pos }
    }

    fn avail_write(&self) -> usize {
        WINDOW - self.wr_pos
    }

    fn read_flush(&mut self) -> (usize, usize) {
        let out = (self.rd_pos, self.wr_pos);
        self.rd_pos = self.wr_pos;
        if self.wr_pos == WINDOW {
            self.wr_pos = 0;
            self.rd_pos = 0;
            self.full = true;
        }
        out
    }

    /// `writeCopy`: `length` bytes from `distance` back (overlapping copies repeat).
    fn write_copy(&mut self, distance: usize, length: usize) -> usize {
        let base = self.wr_pos;
        let mut to = base;
        let end = (to + length).min(WINDOW);
        // The source wraps around the window when the distance reaches before its start.
        let mut from = if to >= distance {
            to - distance
        } else {
            to + WINDOW - distance
        };
        while to < end {
            if from == WINDOW {
                from = 0;
            }
            self.hist[to] = self.hist[from];
            to += 1;
            from += 1;
        }
        self.wr_pos = to;
        to - base
    }

    // --- bits ---

    fn more_bits(&mut self, src: &mut Source<'_>) -> Result<(), FlateError> {
        let c = src.byte().ok_or(FlateError::UnexpectedEof)?;
        self.roffset += 1;
        self.b |= u32::from(c) << self.nb;
        self.nb += 8;
        Ok(())
    }

    fn need(&mut self, src: &mut Source<'_>, n: u32) -> Result<(), FlateError> {
        while self.nb < n {
            self.more_bits(src)?;
        }
        Ok(())
    }

    fn take_bits(&mut self, n: u32) -> u32 {
        let v = self.b & ((1u32 << n) - 1);
        self.b >>= n;
        self.nb -= n;
        v
    }

    fn huff_sym(&mut self, src: &mut Source<'_>, which: u8) -> Result<usize, FlateError> {
        let h: &Huffman = match which {
            0 => &FIXED,
            1 => &self.h1,
            _ => &self.h2,
        };
        let mut n = h.min;
        let (mut nb, mut b) = (self.nb, self.b);
        loop {
            while nb < n {
                let Some(c) = src.byte() else {
                    self.b = b;
                    self.nb = nb;
                    return Err(FlateError::UnexpectedEof);
                };
                self.roffset += 1;
                b |= u32::from(c) << (nb & 31);
                nb += 8;
            }
            let mut chunk = h.chunks[(b as usize) & (NUM_CHUNKS - 1)];
            n = chunk & COUNT_MASK;
            if n > CHUNK_BITS {
                chunk = h.links[(chunk >> VALUE_SHIFT) as usize]
                    [((b >> CHUNK_BITS) & h.link_mask) as usize];
                n = chunk & COUNT_MASK;
            }
            if n <= nb {
                if n == 0 {
                    self.b = b;
                    self.nb = nb;
                    let e = FlateError::Corrupt(self.roffset);
                    self.err = Some(e);
                    return Err(e);
                }
                self.b = b >> (n & 31);
                self.nb = nb - n;
                return Ok((chunk >> VALUE_SHIFT) as usize);
            }
        }
    }

    // --- blocks ---

    fn next_block(&mut self, src: &mut Source<'_>) {
        if let Err(e) = self.need(src, 3) {
            self.err = Some(e);
            return;
        }
        self.final_block = self.b & 1 == 1;
        self.b >>= 1;
        let typ = self.b & 3;
        self.b >>= 2;
        self.nb -= 3;
        match typ {
            0 => self.data_block(src),
            1 => {
                self.tables = Tables::Fixed;
                self.huffman_block(src, false);
            }
            2 => {
                if let Err(e) = self.read_huffman(src) {
                    self.err = Some(e);
                } else {
                    self.tables = Tables::Dynamic;
                    self.huffman_block(src, false);
                }
            }
            _ => self.err = Some(self.corrupt()),
        }
    }

    fn read_huffman(&mut self, src: &mut Source<'_>) -> Result<(), FlateError> {
        self.need(src, 14)?;
        let nlit = self.take_bits(5) as usize + 257;
        if nlit > MAX_NUM_LIT {
            return Err(self.corrupt());
        }
        let ndist = self.take_bits(5) as usize + 1;
        if ndist > MAX_NUM_DIST {
            return Err(self.corrupt());
        }
        let nclen = self.take_bits(4) as usize + 4;
        for &i in &CODE_ORDER[..nclen] {
            self.need(src, 3)?;
            self.codebits[i] = self.take_bits(3) as usize;
        }
        for &i in &CODE_ORDER[nclen..] {
            self.codebits[i] = 0;
        }
        let codebits = self.codebits;
        if !self.h1.init(&codebits) {
            return Err(self.corrupt());
        }
        let n = nlit + ndist;
        let mut i = 0;
        while i < n {
            let x = self.huff_sym(src, 1)?;
            if x < 16 {
                self.bits[i] = x;
                i += 1;
                continue;
            }
            let (rep, nb, b) = match x {
                16 => {
                    if i == 0 {
                        return Err(self.corrupt());
                    }
                    (3, 2, self.bits[i - 1])
                }
                17 => (3, 3, 0),
                _ => (11, 7, 0),
            };
            self.need(src, nb)?;
            let rep = rep + self.take_bits(nb) as usize;
            if i + rep > n {
                return Err(self.corrupt());
            }
            self.bits[i..i + rep].fill(b);
            i += rep;
        }
        let lit = self.bits[..nlit].to_vec();
        let dist = self.bits[nlit..n].to_vec();
        if !self.h1.init(&lit) || !self.h2.init(&dist) {
            return Err(self.corrupt());
        }
        if (self.h1.min as usize) < self.bits[END_BLOCK] {
            self.h1.min = self.bits[END_BLOCK] as u32;
        }
        Ok(())
    }

    fn huffman_block(&mut self, src: &mut Source<'_>, mut copying: bool) {
        let lit_table = u8::from(self.tables != Tables::Fixed);
        loop {
            if !copying {
                let v = match self.huff_sym(src, lit_table) {
                    Ok(v) => v,
                    Err(e) => {
                        self.err = Some(e);
                        return;
                    }
                };
                let (mut length, n) = match v {
                    0..=255 => {
                        self.hist[self.wr_pos] = v as u8;
                        self.wr_pos += 1;
                        if self.avail_write() == 0 {
                            self.to_read = self.read_flush();
                            self.step = Step::Huffman(false);
                            return;
                        }
                        continue;
                    }
                    256 => {
                        self.finish_block();
                        return;
                    }
                    257..=264 => (v - 254, 0),
                    265..=268 => (v * 2 - (265 * 2 - 11), 1),
                    269..=272 => (v * 4 - (269 * 4 - 19), 2),
                    273..=276 => (v * 8 - (273 * 8 - 35), 3),
                    277..=280 => (v * 16 - (277 * 16 - 67), 4),
                    281..=284 => (v * 32 - (281 * 32 - 131), 5),
                    285 => (258, 0),
                    _ => {
                        self.err = Some(self.corrupt());
                        return;
                    }
                };
                if n > 0 {
                    if let Err(e) = self.need(src, n) {
                        self.err = Some(e);
                        return;
                    }
                    length += self.take_bits(n) as usize;
                }
                let mut dist = if self.tables == Tables::Fixed {
                    if let Err(e) = self.need(src, 5) {
                        self.err = Some(e);
                        return;
                    }
                    let d = ((self.b & 0x1F) << 3) as u8;
                    self.b >>= 5;
                    self.nb -= 5;
                    d.reverse_bits() as usize
                } else {
                    match self.huff_sym(src, 2) {
                        Ok(d) => d,
                        Err(e) => {
                            self.err = Some(e);
                            return;
                        }
                    }
                };
                match dist {
                    0..4 => dist += 1,
                    4..MAX_NUM_DIST => {
                        let nb = ((dist - 2) >> 1) as u32;
                        let mut extra = (dist & 1) << nb;
                        if let Err(e) = self.need(src, nb) {
                            self.err = Some(e);
                            return;
                        }
                        extra |= self.take_bits(nb) as usize;
                        dist = (1 << (nb + 1)) + 1 + extra;
                    }
                    _ => {
                        self.err = Some(self.corrupt());
                        return;
                    }
                }
                if dist > self.hist_size() {
                    self.err = Some(self.corrupt());
                    return;
                }
                self.copy_len = length;
                self.copy_dist = dist;
            }
            copying = false;
            let cnt = self.write_copy(self.copy_dist, self.copy_len);
            self.copy_len -= cnt;
            if self.avail_write() == 0 || self.copy_len > 0 {
                self.to_read = self.read_flush();
                self.step = Step::Huffman(true);
                return;
            }
        }
    }

    fn data_block(&mut self, src: &mut Source<'_>) {
        self.nb = 0;
        self.b = 0;
        let header = match src.take(4) {
            Ok(h) => [h[0], h[1], h[2], h[3]],
            Err(got) => {
                self.roffset += got as i64;
                self.err = Some(FlateError::UnexpectedEof);
                return;
            }
        };
        self.roffset += 4;
        let n = usize::from(header[0]) | (usize::from(header[1]) << 8);
        let nn = u16::from(header[2]) | (u16::from(header[3]) << 8);
        if nn != !(n as u16) {
            self.err = Some(self.corrupt());
            return;
        }
        if n == 0 {
            self.to_read = self.read_flush();
            self.finish_block();
            return;
        }
        self.copy_len = n;
        self.copy_data(src);
    }

    fn copy_data(&mut self, src: &mut Source<'_>) {
        let want = self.avail_write().min(self.copy_len);
        let avail = (src.data.len() - src.pos).min(want);
        self.hist[self.wr_pos..self.wr_pos + avail]
            .copy_from_slice(&src.data[src.pos..src.pos + avail]);
        src.pos += avail;
        self.roffset += avail as i64;
        self.copy_len -= avail;
        self.wr_pos += avail;
        if avail < want {
            self.err = Some(FlateError::UnexpectedEof);
            return;
        }
        if self.avail_write() == 0 || self.copy_len > 0 {
            self.to_read = self.read_flush();
            self.step = Step::CopyData;
            return;
        }
        self.finish_block();
    }

    fn finish_block(&mut self) {
        if self.final_block {
            if self.wr_pos > self.rd_pos {
                self.to_read = self.read_flush();
            }
            self.err = Some(FlateError::Eof);
        }
        self.step = Step::NextBlock;
    }

    /// `decompressor.Read`: up to `out.len()` decoded bytes, and the stream's error once
    /// everything before it has been handed out.
    pub(super) fn read(
        &mut self,
        src: &mut Source<'_>,
        out: &mut [u8],
    ) -> (usize, Option<FlateError>) {
        loop {
            let (start, end) = self.to_read;
            if end > start {
                let n = out.len().min(end - start);
                out[..n].copy_from_slice(&self.hist[start..start + n]);
                self.to_read.0 += n;
                if self.to_read.0 == end {
                    return (n, self.err);
                }
                return (n, None);
            }
            if let Some(e) = self.err {
                return (0, Some(e));
            }
            match self.step {
                Step::NextBlock => self.next_block(src),
                Step::Huffman(copying) => self.huffman_block(src, copying),
                Step::CopyData => self.copy_data(src),
            }
            if self.err.is_some() && self.to_read.0 == self.to_read.1 {
                // Flush what is left in case of error.
                self.to_read = self.read_flush();
            }
        }
    }
}
