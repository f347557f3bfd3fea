//! Loading charts: `pkg/chart/loader` (which picks the loader by `apiVersion`) and the v2 and
//! v3 loaders behind it.
//!
//! * [`load`]: a directory or a `.tgz` file, as `helm template ./chart` loads it.
//! * [`load_dir`], [`load_file`]: one or the other.
//! * [`load_archive`]: a `.tgz` already in memory (Helm's `LoadArchive`, used by SDK users).
//! * [`load_v2`], [`load_dir_v2`], [`load_file_v2`]: the same through `pkg/chart/v2/loader`,
//!   which is what most commands call (`template`, `install`, `show`, `lint`'s template rule,
//!   `dependency`): no `apiVersion` sniffing first, and an archive's own error instead of
//!   `unable to load chart archive` (`chart illegally references parent directory`,
//!   `Chart.yaml file is missing`). `package` and `pull` use the generic loader ([`load`]).
//! * [`load_files`]: a chart from files already read.
//!
//! Directory loads honour `.helmignore` and skip dot files in `templates/`; archives do not
//! (Helm evaluates `.helmignore` only when packaging). Every file has a UTF-8 BOM removed.
//! Subcharts come from `charts/<name>/` directories and `charts/*.tgz` archives; names that
//! start with `_` or `.` are skipped.
//!
//! ```no_run
//! let mut warnings = Vec::new();
//! let chart = rudder_chart::loader::load("./mychart", &mut warnings).unwrap();
//! println!("{} {}", chart.name(), chart.metadata.version);
//! ```

mod dir;
mod error;
mod files;

pub use error::LoadError;
pub use files::load_files;

use crate::archive::{self, ArchiveError};
use crate::chart::{CHART_BASE, Chart, ChartApi, File};
use crate::goerr;

/// Messages Helm logs while loading (`Warning: Dependencies are handled in Chart.yaml since
/// apiVersion "v2". ...`); the loader collects them for the caller to print.
pub type Warnings = Vec<String>;

/// The loader `apiVersion` selects (`chartBase` decode, then the switch in
/// `pkg/chart/loader`).
fn api_of(chart_yaml: &[u8]) -> Result<ChartApi, LoadError> {
    let base = rudder_yaml::sigs::unmarshal_typed(
        chart_yaml,
        &rudder_yaml::sigs::GoType::Struct(&CHART_BASE),
    )
    .map_err(|e| LoadError::Decode {
        file: "Chart.yaml",
        message: e.to_string(),
    })?;
    let version = base
        .as_map()
        .and_then(|m| m.get("APIVersion"))
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    match version.as_str() {
        "v1" | "v2" | "" => Ok(ChartApi::V2),
        "v3" => Ok(ChartApi::V3),
        _ => Err(LoadError::UnsupportedVersion),
    }
}

/// `loader.Load`: a chart directory or a chart archive file.
///
/// # Errors
/// `stat <path>: no such file or directory`, and the errors of [`load_dir`] and
/// [`load_file`].
pub fn load(path: &str, warnings: &mut Warnings) -> Result<Chart, LoadError> {
    let meta = goerr::stat(path)?;
    if meta.is_dir() {
        load_dir(path, warnings)
    } else {
        load_file(path, warnings)
    }
}

/// `loader.LoadDir`: a chart directory.
///
/// # Errors
/// `unable to detect chart at <dir>/Chart.yaml: ...`, `cannot load Chart.yaml: ...`,
/// `unsupported chart version`, `.helmignore` errors, walk errors (irregular files, files
/// over 5 MiB, unresolvable symbolic links) and [`load_files`]' errors.
pub fn load_dir(dir: &str, warnings: &mut Warnings) -> Result<Chart, LoadError> {
    let topdir = dir::abs(dir)?;
    let name = crate::gopath::join(&topdir, "Chart.yaml");
    let data = goerr::read_file(&name).map_err(|source| LoadError::NoChartYaml {
        path: name.clone(),
        source,
    })?;
    let api = api_of(&data)?;
    // The chosen loader starts again from the path, as Helm's does.
    let meta = goerr::stat(dir)?;
    if !meta.is_dir() {
        return Err(LoadError::IsDirectory);
    }
    let files = dir::dir_files(dir, warnings)?;
    load_files(files, api, warnings)
}

/// `loader.LoadFile`: a chart archive (`.tgz`) on disk.
///
/// # Errors
/// `cannot load a directory`, the gzip sniffing errors (`file 'x' does not appear to be a
/// gzipped archive; got 'text/plain; charset=utf-8'`), `file 'x' does not appear to be a
/// valid chart file (details: gzip: invalid header)`, `unable to load chart archive` (Helm
/// drops the cause; it is the error's `source`), `unable to detect chart version, no
/// Chart.yaml found`, and [`load_files`]' errors.
pub fn load_file(name: &str, warnings: &mut Warnings) -> Result<Chart, LoadError> {
    let meta = goerr::stat(name)?;
    if meta.is_dir() {
        return Err(LoadError::IsDirectory);
    }
    let raw = goerr::read_file(name)?;
    archive::ensure_archive(name, &raw).map_err(LoadError::NotGzip)?;
    let files = archive::load_archive_files(&raw).map_err(|e| match e {
        ArchiveError::GzipHeader => LoadError::InvalidChartFile {
            name: name.to_owned(),
            source: e,
        },
        e => LoadError::UnreadableArchive(e),
    })?;
    let api = api_from_files(&files)?;
    load_files(files, api, warnings)
}

/// `pkg/chart/v2/loader.Load`: a chart directory or archive, with the v2 loader's errors.
///
/// # Errors
/// `stat <path>: ...`, [`load_dir_v2`]'s and [`load_file_v2`]'s.
pub fn load_v2(path: &str, warnings: &mut Warnings) -> Result<Chart, LoadError> {
    let meta = goerr::stat(path)?;
    if meta.is_dir() {
        load_dir_v2(path, warnings)
    } else {
        load_file_v2(path, warnings)
    }
}

/// `pkg/chart/v2/loader.LoadDir`: the directory's files (`.helmignore` applied) loaded as
/// an apiVersion v1/v2 chart, without reading `Chart.yaml` first.
///
/// # Errors
/// `.helmignore` and walk errors, `Chart.yaml file is missing` and [`load_files`]' errors.
pub fn load_dir_v2(dir: &str, warnings: &mut Warnings) -> Result<Chart, LoadError> {
    let files = dir::dir_files(dir, warnings)?;
    load_files(files, ChartApi::V2, warnings)
}

/// `pkg/chart/v2/loader.LoadFile`: an archive, with the archive reader's own errors.
///
/// # Errors
/// `cannot load a directory`, the gzip sniffing errors, `file 'x' does not appear to be a
/// valid chart file (details: gzip: invalid header)`, every [`ArchiveError`] as it is
/// (`chart illegally references parent directory`, `unexpected EOF`, ...), and
/// [`load_files`]' errors.
pub fn load_file_v2(name: &str, warnings: &mut Warnings) -> Result<Chart, LoadError> {
    let meta = goerr::stat(name)?;
    if meta.is_dir() {
        return Err(LoadError::IsDirectory);
    }
    let raw = goerr::read_file(name)?;
    archive::ensure_archive(name, &raw).map_err(LoadError::NotGzip)?;
    let files = archive::load_archive_files(&raw).map_err(|e| match e {
        ArchiveError::GzipHeader => LoadError::InvalidChartFile {
            name: name.to_owned(),
            source: e,
        },
        e => LoadError::Archive(e),
    })?;
    load_files(files, ChartApi::V2, warnings)
}

fn api_from_files(files: &[File]) -> Result<ChartApi, LoadError> {
    let chart_yaml = files
        .iter()
        .find(|f| f.name == "Chart.yaml")
        .ok_or(LoadError::NoChartYamlInArchive)?;
    api_of(&chart_yaml.data)
}

/// `loader.LoadArchive`: a chart archive in memory.
///
/// # Errors
/// `stream does not appear to be a valid chart file (details: gzip: invalid header)`,
/// `unable to load chart archive: <cause>`, and as [`load_file`].
pub fn load_archive(data: &[u8], warnings: &mut Warnings) -> Result<Chart, LoadError> {
    let files = archive::load_archive_files(data).map_err(|e| match e {
        ArchiveError::GzipHeader => LoadError::InvalidStream(e),
        e => LoadError::StreamUnreadable(e),
    })?;
    let api = api_from_files(&files)?;
    load_files(files, api, warnings)
}
