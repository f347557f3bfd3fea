//! A tar writer that produces the bytes Go's `archive/tar` Writer produces for the headers
//! Helm's `writeToTar` writes: regular files, mode `0644`, owner 0/0 without names, the
//! modification time rounded to the second.
//!
//! Go picks the format per entry: USTAR when every field fits (a name over 100 bytes is split
//! into USTAR's prefix and name at a `/` when it can be), otherwise a PAX extended header
//! (`PaxHeaders.0/<name>` with sorted `key=value` records) before a USTAR-shaped main header
//! whose string fields keep only their ASCII bytes. The archive ends with two zero blocks
//! and is not padded to a record size.

const BLOCK: usize = 512;
const NAME_SIZE: usize = 100;
const PREFIX_SIZE: usize = 155;

/// An entry to write.
pub(crate) struct Entry<'a> {
    pub(crate) name: &'a str,
    pub(crate) data: &'a [u8],
    /// Seconds since the Unix epoch (already rounded as Go rounds `ModTime`).
    pub(crate) mtime: i64,
}

/// `fitsInOctal`: an octal field of `n` bytes holds `n-1` digits and a NUL.
fn fits_in_octal(n: usize, x: i64) -> bool {
    let octal_bits = (n as u32 - 1) * 3;
    x >= 0 && (n >= 22 || x < (1i64 << octal_bits))
}

/// `formatString`: copies `s`, NUL-terminates when room is left; a too-long path whose cut
/// ends in `/` gets that slash replaced as Go does.
fn put_str(b: &mut [u8], s: &[u8]) {
    let n = s.len().min(b.len());
    b[..n].copy_from_slice(&s[..n]);
    if s.len() < b.len() {
        b[s.len()] = 0;
    }
    if s.len() > b.len() && b[b.len() - 1] == b'/' {
        let cut = &s[..b.len() - 1];
        let trimmed = cut.iter().rposition(|&c| c != b'/').map_or(0, |i| i + 1);
        b[trimmed] = 0;
    }
}

/// `formatOctal`: zero-padded octal leaving room for a NUL; zero when it does not fit.
fn put_octal(b: &mut [u8], x: i64) {
    let x = if fits_in_octal(b.len(), x) { x } else { 0 };
    let s = format!("{x:o}");
    let pad = b.len().saturating_sub(s.len() + 1);
    let text = format!("{}{s}", "0".repeat(pad));
    put_str(b, text.as_bytes());
}

fn is_ascii(s: &str) -> bool {
    s.is_ascii()
}

/// `toASCII`: the string without its non-ASCII characters.
fn to_ascii(s: &str) -> String {
    s.chars().filter(char::is_ascii).collect()
}

/// `splitUSTARPath`: a name over 100 bytes split at a `/` into a prefix of at most 155 bytes
/// and a non-empty name of at most 100.
fn split_ustar_path(name: &str) -> Option<(&str, &str)> {
    let len = name.len();
    if len <= NAME_SIZE || !is_ascii(name) {
        return None;
    }
    let mut len = len;
    if len > PREFIX_SIZE + 1 {
        len = PREFIX_SIZE + 1;
    } else if name.ends_with('/') {
        len -= 1;
    }
    let i = name[..len].rfind('/')?;
    let nlen = name.len() - i - 1;
    if i == 0 || nlen == 0 || nlen > NAME_SIZE {
        return None;
    }
    Some((&name[..i], &name[i + 1..]))
}

/// `formatPAXRecord`: `<size> <key>=<value>\n`, the size counting itself.
fn pax_record(key: &str, value: &str) -> String {
    let mut size = key.len() + value.len() + 3;
    size += size.to_string().len();
    let mut record = format!("{size} {key}={value}\n");
    if record.len() != size {
        size = record.len();
        record = format!("{size} {key}={value}\n");
    }
    record
}

/// The tar stream being built.
#[derive(Debug, Default)]
pub(crate) struct TarWriter {
    out: Vec<u8>,
}

impl TarWriter {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Sets magic, version and the checksum (`setFormat` for USTAR and PAX).
    fn finish_block(blk: &mut [u8; BLOCK]) {
        blk[257..263].copy_from_slice(b"ustar\0");
        blk[263..265].copy_from_slice(b"00");
        blk[148..156].copy_from_slice(b"        ");
        let sum: i64 = blk.iter().map(|&b| i64::from(b)).sum();
        put_octal(&mut blk[148..155], sum);
        blk[155] = b' ';
    }

    fn write_block_and_data(&mut self, blk: &[u8; BLOCK], data: &[u8]) {
        self.out.extend_from_slice(blk);
        self.out.extend_from_slice(data);
        let rem = data.len() % BLOCK;
        if rem != 0 {
            self.out.resize(self.out.len() + BLOCK - rem, 0);
        }
    }

    /// `templateV7Plus` for a regular file with Helm's fields.
    fn main_header(name: &[u8], size: usize, mtime: i64) -> [u8; BLOCK] {
        let mut blk = [0u8; BLOCK];
        put_str(&mut blk[0..100], name);
        put_octal(&mut blk[100..108], 0o644);
        put_octal(&mut blk[108..116], 0);
        put_octal(&mut blk[116..124], 0);
        put_octal(&mut blk[124..136], size as i64);
        put_octal(&mut blk[136..148], mtime);
        blk[156] = b'0';
        put_octal(&mut blk[329..337], 0);
        put_octal(&mut blk[337..345], 0);
        blk
    }

    /// `WriteHeader` + `Write` of one regular file.
    pub(crate) fn append(&mut self, e: &Entry<'_>) {
        let mut pax: Vec<(&str, String)> = Vec::new();
        let mut ustar = true;
        // verifyString(Name, 100, paxPath)
        if !is_ascii(e.name) || e.name.len() > NAME_SIZE {
            if split_ustar_path(e.name).is_none() {
                ustar = false;
            }
            pax.push(("path", e.name.to_owned()));
        }
        // verifyTime(ModTime, 12, paxMtime): whole seconds, so only range matters.
        if !fits_in_octal(12, e.mtime) {
            ustar = false;
            pax.push(("mtime", e.mtime.to_string()));
        }
        if ustar {
            let (prefix, name) = split_ustar_path(e.name).unwrap_or(("", e.name));
            let mut blk = Self::main_header(name.as_bytes(), e.data.len(), e.mtime);
            put_str(&mut blk[345..500], prefix.as_bytes());
            Self::finish_block(&mut blk);
            self.write_block_and_data(&blk, e.data);
            return;
        }
        pax.sort_by(|a, b| a.0.cmp(b.0));
        let records: String = pax.iter().map(|(k, v)| pax_record(k, v)).collect();
        let (dir, file) = match e.name.rfind('/') {
            Some(i) => (&e.name[..=i], &e.name[i + 1..]),
            None => ("", e.name),
        };
        let pax_name = crate::gopath::clean(&format!("{dir}PaxHeaders.0/{file}"));
        let mut pax_name = to_ascii(&pax_name);
        if pax_name.len() > NAME_SIZE {
            pax_name.truncate(NAME_SIZE);
        }
        let pax_name = pax_name.trim_end_matches('/');
        let mut blk = [0u8; BLOCK];
        blk[156] = b'x';
        put_str(&mut blk[0..100], pax_name.as_bytes());
        put_octal(&mut blk[100..108], 0);
        put_octal(&mut blk[108..116], 0);
        put_octal(&mut blk[116..124], 0);
        put_octal(&mut blk[124..136], records.len() as i64);
        put_octal(&mut blk[136..148], 0);
        Self::finish_block(&mut blk);
        self.write_block_and_data(&blk, records.as_bytes());
        let mut blk = Self::main_header(to_ascii(e.name).as_bytes(), e.data.len(), e.mtime);
        Self::finish_block(&mut blk);
        self.write_block_and_data(&blk, e.data);
    }

    /// `Close`: two zero blocks.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.out.resize(self.out.len() + 2 * BLOCK, 0);
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_paths_as_go() {
        let long = format!("{}/{}", "a".repeat(60), "b".repeat(60));
        assert_eq!(
            split_ustar_path(&long),
            Some(("a".repeat(60).as_str(), "b".repeat(60).as_str()))
        );
        assert_eq!(split_ustar_path("short"), None);
        assert_eq!(split_ustar_path(&"c".repeat(101)), None);
        assert_eq!(pax_record("path", "x"), "9 path=x\n");
        assert_eq!(
            pax_record("path", &"y".repeat(92)),
            "102 path=".to_owned() + &"y".repeat(92) + "\n"
        );
    }

    #[test]
    fn octal_fields() {
        let mut b = [0u8; 8];
        put_octal(&mut b, 0o644);
        assert_eq!(&b, b"0000644\0");
        let mut b = [0u8; 12];
        put_octal(&mut b, -1);
        assert_eq!(&b, b"00000000000\0");
    }
}
