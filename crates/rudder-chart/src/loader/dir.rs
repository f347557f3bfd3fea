//! `LoadDir`: the files of a chart directory, as Helm's `sympath.Walk` visits them (sorted,
//! following symbolic links), filtered by `.helmignore`.

use std::os::unix::fs::MetadataExt;
use std::sync::Arc;

use super::{LoadError, Warnings};
use crate::archive::MAX_FILE_SIZE;
use crate::chart::{File, Timestamp};
use crate::goerr::{self, PathError};
use crate::gopath;
use crate::ignore::{HELM_IGNORE, Rules};

/// `filepath.Abs`: joins a relative path to the working directory (Go's `os.Getwd`, which
/// prefers `$PWD` when it names the same directory), and cleans it.
pub(crate) fn abs(path: &str) -> Result<String, PathError> {
    if path.starts_with('/') {
        return Ok(gopath::clean(path));
    }
    Ok(gopath::join(&getwd()?, path))
}

fn getwd() -> Result<String, PathError> {
    let dot = goerr::stat(".")?;
    if let Ok(pwd) = std::env::var("PWD")
        && pwd.starts_with('/')
        && let Ok(m) = goerr::stat(&pwd)
        && m.dev() == dot.dev()
        && m.ino() == dot.ino()
    {
        return Ok(pwd);
    }
    std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .map_err(|e| PathError::new("getwd", ".", &e))
}

/// A file's modification time as Go's `FileInfo.ModTime`.
pub(crate) fn mod_time(m: &std::fs::Metadata) -> Option<Timestamp> {
    Some(Timestamp {
        secs: m.mtime(),
        nanos: u32::try_from(m.mtime_nsec()).ok()?,
    })
}

/// `filepath.EvalSymlinks` (Go's `walkSymlinks`), with Go's error texts.
pub(crate) fn eval_symlinks(path: &str) -> Result<String, String> {
    let mut path = path.to_owned();
    let mut vol_len = usize::from(path.starts_with('/'));
    let mut dest = path[..vol_len].to_owned();
    let mut links = 0;
    let mut start = vol_len;
    while start < path.len() {
        let bytes = path.as_bytes();
        while start < bytes.len() && bytes[start] == b'/' {
            start += 1;
        }
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'/' {
            end += 1;
        }
        let component = &path[start..end];
        if component.is_empty() {
            break;
        }
        if component == "." {
            start = end;
            continue;
        }
        if component == ".." {
            let r = dest[vol_len..].rfind('/').map(|i| i + vol_len);
            match r {
                Some(r) if &dest[r + 1..] != ".." => dest.truncate(r),
                _ => {
                    if dest.len() > vol_len {
                        dest.push('/');
                    }
                    dest.push_str("..");
                }
            }
            start = end;
            continue;
        }
        if !dest.is_empty() && !dest.ends_with('/') {
            dest.push('/');
        }
        dest.push_str(component);
        let fi = goerr::lstat(&dest).map_err(|e| e.to_string())?;
        if !fi.file_type().is_symlink() {
            if !fi.is_dir() && end < path.len() {
                return Err("not a directory".to_owned());
            }
            start = end;
            continue;
        }
        links += 1;
        if links > 255 {
            return Err("EvalSymlinks: too many links".to_owned());
        }
        let link = goerr::readlink(&dest).map_err(|e| e.to_string())?;
        path = format!("{link}{}", &path[end..]);
        if link.starts_with('/') {
            "/".clone_into(&mut dest);
            vol_len = 1;
            start = 1;
        } else {
            match dest[vol_len..].rfind('/') {
                Some(r) => dest.truncate(r + vol_len),
                None => dest.truncate(vol_len),
            }
            start = 0;
        }
    }
    Ok(gopath::clean(&dest))
}

/// What the walk callback tells the walker.
enum Stop {
    SkipDir,
    Fail(LoadError),
}

impl From<LoadError> for Stop {
    fn from(e: LoadError) -> Self {
        Self::Fail(e)
    }
}

struct Walker<'a> {
    topdir: String,
    rules: &'a Rules,
    files: Vec<File>,
}

/// A file's `FileInfo`: its metadata and `Name()` (the base name of the path `lstat`ed).
struct Info {
    meta: std::fs::Metadata,
    name: String,
}

impl Walker<'_> {
    /// `LoadDir`'s walk function.
    fn visit(&mut self, name: &str, info: Result<&Info, PathError>) -> Result<(), Stop> {
        let n = name.strip_prefix(self.topdir.as_str()).unwrap_or(name);
        if n.is_empty() {
            return Ok(());
        }
        let info = info.map_err(|e| Stop::Fail(e.into()))?;
        if info.meta.is_dir() {
            if self.rules.ignore(n, true) {
                return Err(Stop::SkipDir);
            }
            return Ok(());
        }
        if self.rules.ignore(n, false) {
            return Ok(());
        }
        if !info.meta.file_type().is_file() {
            return Err(LoadError::Irregular(name.to_owned()).into());
        }
        if info.meta.len() > MAX_FILE_SIZE {
            return Err(LoadError::FileTooLarge {
                name: info.name.clone(),
                max: MAX_FILE_SIZE,
            }
            .into());
        }
        let data = goerr::read_file(name).map_err(|source| LoadError::Read {
            name: n.to_owned(),
            source,
        })?;
        let data = data
            .strip_prefix(b"\xEF\xBB\xBF")
            .map_or(data.clone(), <[u8]>::to_vec);
        self.files.push(File {
            name: n.to_owned(),
            data: Arc::from(data),
            mod_time: mod_time(&info.meta),
        });
        Ok(())
    }

    /// `symwalk`.
    fn symwalk(&mut self, path: &str, info: &Info) -> Result<(), Stop> {
        crate::deep(|| self.symwalk_inner(path, info))
    }

    fn symwalk_inner(&mut self, path: &str, info: &Info) -> Result<(), Stop> {
        if info.meta.file_type().is_symlink() {
            let resolved = eval_symlinks(path).map_err(|message| LoadError::Symlink {
                path: path.to_owned(),
                message,
            })?;
            let meta = goerr::lstat(&resolved).map_err(|e| Stop::Fail(e.into()))?;
            let target = Info {
                meta,
                name: gopath::base(&resolved),
            };
            return match self.symwalk(path, &target) {
                Err(Stop::SkipDir) | Ok(()) => Ok(()),
                Err(e) => Err(e),
            };
        }
        self.visit(path, Ok(info))?;
        if !info.meta.is_dir() {
            return Ok(());
        }
        let names = match goerr::read_dir_names(path) {
            Ok(n) => n,
            Err(e) => return self.visit(path, Err(e)),
        };
        for name in names {
            let filename = gopath::join(path, &name);
            match goerr::lstat(&filename) {
                Err(e) => match self.visit(&filename, Err(e)) {
                    Ok(()) | Err(Stop::SkipDir) => {}
                    Err(f) => return Err(f),
                },
                Ok(meta) => {
                    let is_dir_or_link = meta.is_dir() || meta.file_type().is_symlink();
                    let child = Info {
                        meta,
                        name: name.clone(),
                    };
                    match self.symwalk(&filename, &child) {
                        Ok(()) => {}
                        Err(Stop::SkipDir) if is_dir_or_link => {}
                        Err(f) => return Err(f),
                    }
                }
            }
        }
        Ok(())
    }
}

/// The files `LoadDir` hands to `LoadFiles`.
pub(crate) fn dir_files(dir: &str, _warnings: &mut Warnings) -> Result<Vec<File>, LoadError> {
    let topdir = abs(dir)?;
    let mut rules = Rules::empty();
    let ifile = gopath::join(&topdir, HELM_IGNORE);
    if goerr::stat(&ifile).is_ok() {
        rules = Rules::parse(&goerr::read_file(&ifile)?)?;
    }
    rules.add_defaults();
    let root = format!("{topdir}/");
    let mut walker = Walker {
        topdir: root.clone(),
        rules: &rules,
        files: Vec::new(),
    };
    let result = match goerr::lstat(&root) {
        Err(e) => walker.visit(&root, Err(e)),
        Ok(meta) => {
            let info = Info {
                meta,
                name: gopath::base(&root),
            };
            walker.symwalk(&root, &info)
        }
    };
    match result {
        Ok(()) | Err(Stop::SkipDir) => Ok(walker.files),
        Err(Stop::Fail(e)) => Err(e),
    }
}
