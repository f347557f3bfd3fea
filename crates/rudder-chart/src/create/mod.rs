//! `helm create`: the scaffold of `chartutil.Create` byte for byte, and `CreateFrom` (a
//! chart made from a starter chart, `--starter`).
//!
//! The scaffold's texts are Helm v4.2.4's (`pkg/chart/v2/util/create.go`), kept as data
//! files in `scaffold/`; `Chart.yaml` and `values.yaml` get the chart name where Helm's
//! `fmt.Appendf` puts it, the templates wherever they say `<CHARTNAME>`. The crate's
//! `create_vs_helm` test compares the result with `helm create`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::chart::{Chart, Metadata};
use crate::save::SaveError;

/// Helm's `maxChartNameLength`.
pub const MAX_CHART_NAME_LENGTH: usize = 250;

/// The scaffold: each file's path inside the chart and its text, in the order Helm writes
/// them; `%s` (Chart.yaml, values.yaml) or `<CHARTNAME>` (templates) stand for the name.
const SCAFFOLD: &[(&str, &str, Placeholder)] = &[
    (
        "Chart.yaml",
        include_str!("scaffold/chartfile.yaml"),
        Placeholder::Format,
    ),
    (
        "values.yaml",
        include_str!("scaffold/values.yaml"),
        Placeholder::Format,
    ),
    (
        ".helmignore",
        include_str!("scaffold/helmignore"),
        Placeholder::None,
    ),
    (
        "templates/ingress.yaml",
        include_str!("scaffold/ingress.yaml"),
        Placeholder::Name,
    ),
    (
        "templates/httproute.yaml",
        include_str!("scaffold/httproute.yaml"),
        Placeholder::Name,
    ),
    (
        "templates/deployment.yaml",
        include_str!("scaffold/deployment.yaml"),
        Placeholder::Name,
    ),
    (
        "templates/service.yaml",
        include_str!("scaffold/service.yaml"),
        Placeholder::Name,
    ),
    (
        "templates/serviceaccount.yaml",
        include_str!("scaffold/serviceaccount.yaml"),
        Placeholder::Name,
    ),
    (
        "templates/hpa.yaml",
        include_str!("scaffold/hpa.yaml"),
        Placeholder::Name,
    ),
    (
        "templates/NOTES.txt",
        include_str!("scaffold/NOTES.txt"),
        Placeholder::Name,
    ),
    (
        "templates/_helpers.tpl",
        include_str!("scaffold/_helpers.tpl"),
        Placeholder::Name,
    ),
    (
        "templates/tests/test-connection.yaml",
        include_str!("scaffold/test-connection.yaml"),
        Placeholder::Name,
    ),
];

#[derive(Clone, Copy)]
enum Placeholder {
    /// `fmt.Appendf(nil, text, name)`: the one `%s`.
    Format,
    /// `transform`: every `<CHARTNAME>`.
    Name,
    /// Written as is.
    None,
}

/// Why a chart could not be created. `Display` is Helm's text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CreateError {
    /// An empty or too long name.
    #[error("chart name must be between 1 and {MAX_CHART_NAME_LENGTH} characters")]
    NameLength,
    /// A name with characters outside `[a-zA-Z0-9._-]`.
    #[error("chart name must match the regular expression \"^[a-zA-Z0-9._-]+$\"")]
    NameCharacters,
    /// The parent directory is a file.
    #[error("no such directory {0}")]
    NoSuchDirectory(String),
    /// The chart's directory exists as a file.
    #[error("file {0} already exists and is not a directory")]
    FileExists(String),
    /// A file-system call failed (`stat /x: no such file or directory`).
    #[error(transparent)]
    Path(#[from] crate::PathError),
    /// The starter does not load.
    #[error("could not load {path}: {source}")]
    Starter {
        /// The starter's path.
        path: String,
        /// Why.
        source: Box<crate::loader::LoadError>,
    },
    /// Writing the chart made from a starter failed.
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// `validateChartName`.
///
/// # Errors
/// [`CreateError::NameLength`], [`CreateError::NameCharacters`].
pub fn validate_chart_name(name: &str) -> Result<(), CreateError> {
    if name.is_empty() || name.len() > MAX_CHART_NAME_LENGTH {
        return Err(CreateError::NameLength);
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err(CreateError::NameCharacters);
    }
    Ok(())
}

/// `transform`: `<CHARTNAME>` replaced by `name`.
pub fn transform(text: &[u8], name: &str) -> Vec<u8> {
    const KEY: &[u8] = b"<CHARTNAME>";
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(KEY) {
            out.extend_from_slice(name.as_bytes());
            i += KEY.len();
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

/// The scaffold files for a chart named `name`: paths inside the chart and contents, in
/// Helm's order.
pub fn scaffold(name: &str) -> Vec<(&'static str, Vec<u8>)> {
    SCAFFOLD
        .iter()
        .map(|(path, text, ph)| {
            let data = match ph {
                Placeholder::Format => text.replacen("%s", name, 1).into_bytes(),
                Placeholder::Name => transform(text.as_bytes(), name),
                Placeholder::None => text.as_bytes().to_vec(),
            };
            (*path, data)
        })
        .collect()
}

fn abs(dir: &Path) -> PathBuf {
    let joined = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(dir)
    };
    PathBuf::from(crate::gopath::clean(&joined.to_string_lossy()))
}

fn write_file(path: &Path, data: &[u8]) -> Result<(), crate::PathError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| crate::PathError::new("mkdir", parent, &e))?;
    }
    std::fs::write(path, data).map_err(|e| crate::PathError::new("open", path, &e))
}

/// `chartutil.Create`: the scaffold in `<dir>/<name>/`, overwriting files that exist (with
/// a `WARNING: File "<path>" already exists. Overwriting.` line on `warn` for each) and
/// leaving other files alone; returns the chart's absolute directory.
///
/// # Errors
/// The name errors, `stat <dir>: no such file or directory`, `no such directory <dir>`,
/// `file <dir>/<name> already exists and is not a directory`, write errors.
pub fn create(name: &str, dir: &Path, warn: &mut dyn Write) -> Result<PathBuf, CreateError> {
    validate_chart_name(name)?;
    let path = abs(dir);
    let meta = std::fs::metadata(&path).map_err(|e| crate::PathError::new("stat", &path, &e))?;
    if !meta.is_dir() {
        return Err(CreateError::NoSuchDirectory(
            path.to_string_lossy().into_owned(),
        ));
    }
    let cdir = path.join(name);
    if let Ok(m) = std::fs::metadata(&cdir)
        && !m.is_dir()
    {
        return Err(CreateError::FileExists(cdir.to_string_lossy().into_owned()));
    }
    for (file, data) in scaffold(name) {
        let p = cdir.join(file);
        if std::fs::metadata(&p).is_ok() {
            let quoted = rudder_value::strconv::quote(&p.to_string_lossy());
            let _ = writeln!(warn, "WARNING: File {quoted} already exists. Overwriting.");
        }
        write_file(&p, &data)?;
    }
    let charts = cdir.join("charts");
    std::fs::create_dir_all(&charts).map_err(|e| crate::PathError::new("mkdir", &charts, &e))?;
    Ok(cdir)
}

/// The metadata `helm create` gives a chart made from a starter.
pub fn starter_metadata(name: &str) -> Metadata {
    Metadata {
        name: name.to_owned(),
        description: "A Helm chart for Kubernetes".to_owned(),
        chart_type: "application".to_owned(),
        version: "0.1.0".to_owned(),
        app_version: "0.1.0".to_owned(),
        api_version: "v2".to_owned(),
        ..Metadata::default()
    }
}

/// `chartutil.CreateFrom`: loads the starter chart at `src`, gives it `metadata`, replaces
/// `<CHARTNAME>` in its templates and its `values.yaml` with the new name, and saves it as
/// `<dest>/<name>/` ([`crate::save::save_dir`]).
///
/// Helm loads the starter with its v2 loader (`Chart.yaml file is missing` for a directory
/// without one); what that loader logs (`Warning: Dependencies are handled in Chart.yaml
/// ...`) is pushed to `warnings` for the caller to print.
///
/// # Errors
/// `could not load <src>: ...` and [`crate::save::save_dir`]'s errors.
pub fn create_from(
    metadata: Metadata,
    dest: &Path,
    src: &str,
    warnings: &mut crate::loader::Warnings,
) -> Result<(), CreateError> {
    let mut chart: Chart =
        crate::loader::load_v2(src, warnings).map_err(|e| CreateError::Starter {
            path: src.to_owned(),
            source: Box::new(e),
        })?;
    chart.metadata = metadata;
    let name = chart.name().to_owned();
    chart.templates = chart
        .templates
        .iter()
        .map(|t| {
            let mut f = (**t).clone();
            f.data = transform(&t.data, &name).into();
            std::sync::Arc::new(f)
        })
        .collect();
    chart.raw = chart
        .raw
        .iter()
        .map(|r| {
            if r.name == "values.yaml" {
                let mut f = (**r).clone();
                f.data = transform(&r.data, &name).into();
                std::sync::Arc::new(f)
            } else {
                r.clone()
            }
        })
        .collect();
    crate::save::save_dir(&chart, dest)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(validate_chart_name("a.b_c-1").is_ok());
        assert_eq!(
            validate_chart_name("a b").unwrap_err().to_string(),
            "chart name must match the regular expression \"^[a-zA-Z0-9._-]+$\""
        );
        assert!(validate_chart_name(&"x".repeat(251)).is_err());
        assert!(validate_chart_name(&"x".repeat(250)).is_ok());
        assert_eq!(
            transform(b"<CHARTNAME>.x <CHARTNAME", "n"),
            b"n.x <CHARTNAME"
        );
    }
}
