//! Go's `*fs.PathError` texts (`open /x/Chart.yaml: no such file or directory`) for the
//! file-system calls the loader makes. Calls go through `fs-err`; the errno inside its error
//! is mapped to Go's text for it (Go's `syscall` table is glibc's `strerror` with a
//! lowercase first letter).

use std::io;
use std::path::Path;

/// A failed file-system call, shown as Go's `*fs.PathError`: `<op> <path>: <errno text>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{op} {path}: {text}")]
pub struct PathError {
    /// Go's operation name: `open`, `stat`, `lstat`, `readlink`, `read`.
    pub op: &'static str,
    /// The path as Go had it.
    pub path: String,
    /// The errno text.
    pub text: String,
}

/// The OS error number inside an `io::Error`, looking through `fs-err`'s wrapper.
pub(crate) fn errno(e: &io::Error) -> Option<i32> {
    if let Some(n) = e.raw_os_error() {
        return Some(n);
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|r| r as _);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<io::Error>()
            && let Some(n) = io.raw_os_error()
        {
            return Some(n);
        }
        source = s.source();
    }
    None
}

/// Go's text for an errno.
pub(crate) fn errno_text(e: &io::Error) -> String {
    let Some(n) = errno(e) else {
        return e.to_string();
    };
    let text = io::Error::from_raw_os_error(n).to_string();
    let text = text
        .strip_suffix(&format!(" (os error {n})"))
        .unwrap_or(&text)
        .to_owned();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

impl PathError {
    pub(crate) fn new(op: &'static str, path: impl AsRef<Path>, e: &io::Error) -> Self {
        Self {
            op,
            path: path.as_ref().to_string_lossy().into_owned(),
            text: errno_text(e),
        }
    }
}

/// `os.Lstat`.
pub(crate) fn lstat(path: &str) -> Result<std::fs::Metadata, PathError> {
    std::fs::symlink_metadata(path).map_err(|e| PathError::new("lstat", path, &e))
}

/// `os.Stat`.
pub(crate) fn stat(path: &str) -> Result<std::fs::Metadata, PathError> {
    std::fs::metadata(path).map_err(|e| PathError::new("stat", path, &e))
}

/// `os.ReadFile` (`open` errors as Go reports them; a directory fails at `read`).
pub(crate) fn read_file(path: &str) -> Result<Vec<u8>, PathError> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| PathError::new("open", path, &e))?;
    let mut out = Vec::new();
    f.read_to_end(&mut out)
        .map_err(|e| PathError::new("read", path, &e))?;
    Ok(out)
}

/// `os.Readlink`.
pub(crate) fn readlink(path: &str) -> Result<String, PathError> {
    std::fs::read_link(path)
        .map(|p| p.to_string_lossy().into_owned())
        .map_err(|e| PathError::new("readlink", path, &e))
}

/// The names in a directory, sorted (`sympath.readDirNames`): `open` errors as Go's.
pub(crate) fn read_dir_names(path: &str) -> Result<Vec<String>, PathError> {
    let entries = std::fs::read_dir(path).map_err(|e| PathError::new("open", path, &e))?;
    let mut names = Vec::new();
    for e in entries {
        let e = e.map_err(|e| PathError::new("readdirent", path, &e))?;
        names.push(e.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_gos() {
        let e = lstat("/definitely/not/here").unwrap_err();
        assert_eq!(
            e.to_string(),
            "lstat /definitely/not/here: no such file or directory"
        );
        let e = read_file("/").unwrap_err();
        assert_eq!(e.to_string(), "read /: is a directory");
    }
}
