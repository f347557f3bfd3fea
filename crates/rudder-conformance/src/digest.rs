//! Content hashes (SHA-256, hex) of files, directory trees and cache keys.

use std::path::Path;

use anyhow::Result;
use sha2::{Digest as _, Sha256};

/// Builds a key from labelled parts; each part is length-prefixed, so no two different lists of
/// parts hash alike.
#[derive(Debug, Default)]
pub(crate) struct KeyBuilder(Sha256);

impl KeyBuilder {
    pub(crate) fn new(purpose: &str) -> Self {
        let mut builder = Self::default();
        builder.part("purpose", purpose.as_bytes());
        builder
    }

    pub(crate) fn part(&mut self, label: &str, bytes: &[u8]) -> &mut Self {
        for piece in [label.as_bytes(), bytes] {
            self.0.update((piece.len() as u64).to_le_bytes());
            self.0.update(piece);
        }
        self
    }

    pub(crate) fn finish(self) -> String {
        format!("{:x}", self.0.finalize())
    }
}

/// The hash of a file's bytes, or of a directory tree: every entry's relative path, type and
/// content (a symbolic link by its target), in sorted order.
///
/// # Errors
///
/// An unreadable file or directory.
pub(crate) fn tree(path: &Path) -> Result<String> {
    fn walk(root: &Path, dir: &Path, key: &mut KeyBuilder) -> Result<()> {
        let mut entries: Vec<_> = fs_err::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(fs_err::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            let relative = path.strip_prefix(root)?.to_string_lossy().into_owned();
            let kind = entry.file_type()?;
            if kind.is_symlink() {
                key.part("link", relative.as_bytes());
                key.part(
                    "target",
                    fs_err::read_link(&path)?.to_string_lossy().as_bytes(),
                );
            } else if kind.is_dir() {
                key.part("dir", relative.as_bytes());
                walk(root, &path, key)?;
            } else {
                key.part("file", relative.as_bytes());
                key.part("content", &fs_err::read(&path)?);
            }
        }
        Ok(())
    }
    let mut key = KeyBuilder::new("tree");
    if path.is_dir() {
        walk(path, path, &mut key)?;
    } else {
        key.part("content", &fs_err::read(path)?);
    }
    Ok(key.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_hash_by_content_and_names() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        fs_err::create_dir_all(a.join("sub")).unwrap();
        fs_err::write(a.join("sub/x"), "1").unwrap();
        let first = tree(&a).unwrap();
        assert_eq!(first, tree(&a).unwrap());
        fs_err::write(a.join("sub/x"), "2").unwrap();
        let second = tree(&a).unwrap();
        assert_ne!(first, second);
        fs_err::rename(a.join("sub/x"), a.join("sub/y")).unwrap();
        assert_ne!(second, tree(&a).unwrap());
        let mut one = KeyBuilder::new("k");
        one.part("a", b"bc");
        let mut two = KeyBuilder::new("k");
        two.part("ab", b"c");
        assert_ne!(one.finish(), two.finish());
    }
}
