//! [`LoadError`]: why a chart did not load, with Helm's exact texts.

use crate::PathError;
use crate::archive::ArchiveError;
use crate::chart::ValidationError;
use crate::ignore::IgnoreError;

/// A chart that cannot be loaded. `Display` is Helm's message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// A file-system call failed (`stat chart: no such file or directory`).
    #[error(transparent)]
    Path(#[from] PathError),
    /// A directory without a readable `Chart.yaml`.
    #[error("unable to detect chart at {path}: {source}")]
    NoChartYaml {
        /// `<dir>/Chart.yaml`, absolute.
        path: String,
        /// Why it could not be read.
        source: PathError,
    },
    /// A YAML file of the chart does not decode: `cannot load Chart.yaml: error converting
    /// YAML to JSON: yaml: line 2: ...`. `file` is `Chart.yaml`, `Chart.lock`,
    /// `values.yaml`, `requirements.yaml` or `requirements.lock`.
    #[error("cannot load {file}: {message}")]
    Decode {
        /// The file.
        file: &'static str,
        /// The decoder's message.
        message: String,
    },
    /// `apiVersion` is not `v1`, `v2`, `v3` or empty.
    #[error("unsupported chart version")]
    UnsupportedVersion,
    /// No `Chart.yaml` among the files.
    #[error("Chart.yaml file is missing")]
    ChartYamlMissing,
    /// An archive without a `Chart.yaml` at its top.
    #[error("unable to detect chart version, no Chart.yaml found")]
    NoChartYamlInArchive,
    /// `Chart.yaml` fails validation.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// `charts/x.tgz` is a directory in the archive.
    #[error("error unpacking subchart tar in {parent}: expected {expected}, got {got}")]
    SubchartTar {
        /// The parent chart's name.
        parent: String,
        /// The subchart file name.
        expected: String,
        /// What was found.
        got: String,
    },
    /// A subchart failed to load.
    #[error("error unpacking subchart {name} in {parent}: {source}")]
    Subchart {
        /// The entry under `charts/`.
        name: String,
        /// The parent chart's name.
        parent: String,
        /// Why.
        source: Box<LoadError>,
    },
    /// `.helmignore` does not parse.
    #[error(transparent)]
    Ignore(#[from] IgnoreError),
    /// A symbolic link that does not resolve.
    #[error("error evaluating symlink {path}: {message}")]
    Symlink {
        /// The link.
        path: String,
        /// `filepath.EvalSymlinks`'s error.
        message: String,
    },
    /// A device, socket or pipe in the chart directory.
    #[error("cannot load irregular file {0} as it has file mode type bits set")]
    Irregular(String),
    /// A chart file over [`crate::archive::MAX_FILE_SIZE`].
    #[error("chart file {} is larger than the maximum file size {max}", rudder_value::strconv::quote(.name))]
    FileTooLarge {
        /// The file's base name.
        name: String,
        /// The limit.
        max: u64,
    },
    /// A file that cannot be read.
    #[error("error reading {name}: {source}")]
    Read {
        /// The path relative to the chart.
        name: String,
        /// Why.
        source: PathError,
    },
    /// `loader.Load` on a directory given as a file.
    #[error("cannot load a directory")]
    IsDirectory,
    /// A bad archive (`SDK` and subchart paths show the cause).
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// The first bytes are not gzip's (`file 'x' does not appear to be a gzipped archive;
    /// got 'text/plain; charset=utf-8'`, `file 'x' seems to be a YAML file, but expected a
    /// gzipped archive`).
    #[error("{0}")]
    NotGzip(String),
    /// A gzip header error on a chart file.
    #[error("file '{name}' does not appear to be a valid chart file (details: {source})")]
    InvalidChartFile {
        /// The file as given.
        name: String,
        /// The gzip error.
        source: ArchiveError,
    },
    /// Any other archive error on a chart file (Helm drops the cause).
    #[error("unable to load chart archive")]
    UnreadableArchive(#[source] ArchiveError),
    /// An archive stream with a gzip header error (`LoadArchive`).
    #[error("stream does not appear to be a valid chart file (details: {0})")]
    InvalidStream(ArchiveError),
    /// Any other archive stream error (`LoadArchive`).
    #[error("unable to load chart archive: {0}")]
    StreamUnreadable(ArchiveError),
}
