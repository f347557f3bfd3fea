//! Chart archives: `LoadArchiveFiles` (`pkg/chart/loader/archive`) with the checks Helm makes
//! on every entry, and `EnsureArchive`'s content sniffing.
//!
//! The gzip, DEFLATE and tar readers are ports of Go's (`compress/gzip`, `compress/flate`,
//! `archive/tar`), so that corrupt or hostile archives fail with the same texts at the same
//! points (`flate: corrupt input before offset 1033`, `archive/tar: invalid tar header`,
//! `gzip: invalid checksum`), and data after the end of the tar stream is never looked at.
//! Decompression is streamed: memory stays at the DEFLATE window plus the files kept (at
//! most [`MAX_CHART_SIZE`] of content).
//!
//! Nothing is ever written to disk here; every entry name is checked before its data is
//! read: absolute paths, paths that leave the chart (`..`), Windows drive paths and a
//! `Chart.yaml` outside the chart's directory are refused. Links and other special entries
//! load as empty files, as in Helm.

mod gzip;
mod inflate;
mod sniff;
mod tar;

use std::sync::Arc;

use crate::chart::{File, Timestamp};
use gzip::{GzError, GzReader};
use tar::{ReadEnd, TarError, TarReader};

pub use sniff_api::detect_content_type;

mod sniff_api {
    /// Go's `http.DetectContentType` of the first 512 bytes.
    pub fn detect_content_type(data: &[u8]) -> &'static str {
        super::sniff::detect_content_type(data)
    }
}

/// `MaxDecompressedChartSize`: the most bytes an archive may decompress to (100 MiB).
pub const MAX_CHART_SIZE: u64 = 100 * 1024 * 1024;

/// `MaxDecompressedFileSize`: the largest file a chart may contain (5 MiB).
pub const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// An archive that cannot be read, or that Helm refuses. `Display` is Helm's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ArchiveError {
    /// `io.EOF` (an empty stream).
    #[error("EOF")]
    Eof,
    /// `io.ErrUnexpectedEOF` (a truncated stream).
    #[error("unexpected EOF")]
    UnexpectedEof,
    /// `gzip.ErrHeader`.
    #[error("gzip: invalid header")]
    GzipHeader,
    /// `gzip.ErrChecksum`.
    #[error("gzip: invalid checksum")]
    GzipChecksum,
    /// `flate.CorruptInputError`.
    #[error("flate: corrupt input before offset {0}")]
    Flate(i64),
    /// `tar.ErrHeader`.
    #[error("archive/tar: invalid tar header")]
    TarHeader,
    /// `tar.ErrFieldTooLong` (a PAX or GNU long-name record over 1 MiB).
    #[error("archive/tar: header field too long")]
    TarFieldTooLong,
    /// A sparse file entry (Go expands them; rudder refuses them, see COMPATIBILITY.md).
    #[error("archive/tar: sparse files are not supported")]
    Sparse,
    /// An entry with an absolute path.
    #[error("chart illegally contains absolute paths")]
    AbsolutePath,
    /// An entry at the archive's top level (outside the chart's directory).
    #[error("chart illegally contains content outside the base directory: {}", rudder_value::strconv::quote(.0))]
    OutsideBase(String),
    /// An entry under `..`.
    #[error("chart illegally references parent directory")]
    ParentDirectory,
    /// An entry named like a Windows drive path (`c:/...`).
    #[error("chart contains illegally named files")]
    IllegalName,
    /// `Chart.yaml` at the archive's top level.
    #[error("chart yaml not in base directory")]
    ChartYamlNotInBase,
    /// More than [`MAX_CHART_SIZE`] bytes of content.
    #[error("decompressed chart is larger than the maximum size {MAX_CHART_SIZE}")]
    TooLarge,
    /// A file over [`MAX_FILE_SIZE`].
    #[error("decompressed chart file {} is larger than the maximum file size {MAX_FILE_SIZE}", rudder_value::strconv::quote(.0))]
    FileTooLarge(String),
    /// An archive without files.
    #[error("no files in chart archive")]
    NoFiles,
}

impl From<GzError> for ArchiveError {
    fn from(e: GzError) -> Self {
        match e {
            GzError::Eof => Self::Eof,
            GzError::UnexpectedEof => Self::UnexpectedEof,
            GzError::Header => Self::GzipHeader,
            GzError::Checksum => Self::GzipChecksum,
            GzError::Corrupt(n) => Self::Flate(n),
        }
    }
}

impl From<TarError> for ArchiveError {
    fn from(e: TarError) -> Self {
        match e {
            TarError::Io(g) => g.into(),
            TarError::Header => Self::TarHeader,
            TarError::FieldTooLong => Self::TarFieldTooLong,
            TarError::Sparse => Self::Sparse,
        }
    }
}

/// `^[a-zA-Z]:/`.
fn is_drive_path(n: &str) -> bool {
    let b = n.as_bytes();
    b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/'
}

/// `archive.LoadArchiveFiles`: the files of a gzipped tar archive, names relative to the
/// chart directory (the first path element is dropped; `\` separators are accepted), a
/// UTF-8 BOM removed from each.
///
/// # Errors
/// See [`ArchiveError`].
pub fn load_archive_files(data: &[u8]) -> Result<Vec<File>, ArchiveError> {
    let gz = GzReader::new(data)?;
    let mut tr = TarReader::new(gz);
    let mut files = Vec::new();
    let mut remaining = MAX_CHART_SIZE as i64;
    let mut buf = vec![0u8; 32 * 1024];
    while let Some(hd) = tr.next()? {
        if hd.is_dir() || hd.typeflag == b'x' || hd.typeflag == b'g' {
            continue;
        }
        let delimiter = if hd.name.contains('\\') { '\\' } else { '/' };
        let parts: Vec<&str> = hd.name.split(delimiter).collect();
        let n = parts[1..]
            .join(&delimiter.to_string())
            .replace(delimiter, "/");
        if n.starts_with('/') {
            return Err(ArchiveError::AbsolutePath);
        }
        let n = crate::gopath::clean(&n);
        if n == "." {
            return Err(ArchiveError::OutsideBase(hd.name));
        }
        if n.starts_with("..") {
            return Err(ArchiveError::ParentDirectory);
        }
        if is_drive_path(&n) {
            return Err(ArchiveError::IllegalName);
        }
        if parts[0] == "Chart.yaml" {
            return Err(ArchiveError::ChartYamlNotInBase);
        }
        if hd.size > remaining {
            return Err(ArchiveError::TooLarge);
        }
        if hd.size > MAX_FILE_SIZE as i64 {
            return Err(ArchiveError::FileTooLarge(hd.name));
        }
        // io.Copy(b, io.LimitReader(tr, remainingSize))
        let mut content = Vec::new();
        let mut limit = remaining;
        while limit > 0 {
            let want = (limit as usize).min(buf.len());
            let (got, end) = tr.read(&mut buf[..want]);
            content.extend_from_slice(&buf[..got]);
            limit -= got as i64;
            match end {
                None => {}
                Some(ReadEnd::Eof) => break,
                Some(ReadEnd::Err(e)) => return Err(e.into()),
            }
        }
        let written = content.len() as i64;
        remaining -= written;
        if written < hd.size || remaining <= 0 {
            return Err(ArchiveError::TooLarge);
        }
        if content.starts_with(b"\xEF\xBB\xBF") {
            content.drain(..3);
        }
        files.push(File {
            name: n,
            data: Arc::from(content),
            mod_time: Some(Timestamp {
                secs: hd.mtime_secs + hd.mtime_nanos.div_euclid(1_000_000_000),
                nanos: hd.mtime_nanos.rem_euclid(1_000_000_000) as u32,
            }),
        });
    }
    if files.is_empty() {
        return Err(ArchiveError::NoFiles);
    }
    Ok(files)
}

/// `archive.EnsureArchive`: a helpful error when a chart argument is not gzip (a values
/// file given in the chart's place, say). `data` is the file's content; like Helm, only
/// its first 512 bytes (zero-padded) are sniffed.
///
/// # Errors
/// `file '<name>' seems to be a YAML file, but expected a gzipped archive` for `.yml` and
/// `.yaml` names, else `file '<name>' does not appear to be a gzipped archive; got
/// '<content type>'`.
pub fn ensure_archive(name: &str, data: &[u8]) -> Result<(), String> {
    let mut buffer = [0u8; 512];
    let n = data.len().min(512);
    buffer[..n].copy_from_slice(&data[..n]);
    let content_type = sniff::detect_content_type(&buffer);
    if content_type != "application/x-gzip" && !buffer.starts_with(b"\x1F\x8B\x08") {
        // Go's `strings.HasSuffix`: case-sensitive.
        let is_yaml = [".yml", ".yaml"]
            .iter()
            .any(|ext| name.as_bytes().ends_with(ext.as_bytes()));
        if is_yaml {
            return Err(format!(
                "file '{name}' seems to be a YAML file, but expected a gzipped archive"
            ));
        }
        return Err(format!(
            "file '{name}' does not appear to be a gzipped archive; got '{content_type}'"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
