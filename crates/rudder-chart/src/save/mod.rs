//! Saving charts: `chartutil.Save` (a `.tgz` archive, what `helm package` writes),
//! `chartutil.SaveDir` (a chart directory, what `helm create --starter` writes) and
//! `SaveChartfile`, with Helm v4.2.4's layout and texts.
//!
//! The archive is built as Helm builds it: `<name>/Chart.yaml` (the metadata marshalled
//! again, not the original file), `Chart.lock` (apiVersion v2 only), `values.yaml` (the
//! original bytes), `values.schema.json`, the templates and the other files in load order,
//! then each subchart the same way under `<name>/charts/<subchart>/` (a subchart that was a
//! `.tgz` is written unpacked). Every entry is a regular file with mode `0644`, owner 0/0,
//! and the file's modification time rounded to the second (`Chart.lock` gets its
//! `generated` time; a file without a time gets the current time), in Go's tar format
//! choices ([`tar`]). The gzip member has Helm's header: the `Extra` field Helm always sets,
//! the comment `Helm`, no name, no time, OS 255.
//!
//! Not byte-identical: the DEFLATE stream. Go's `compress/flate` level 6 chooses its blocks
//! and matches differently from `flate2`; the decompressed tar stream is identical (tested
//! against `helm package`).

mod tar;
mod time;

use std::path::{Path, PathBuf};

use rudder_value::{ElemType, Map, MapType, Value};

use crate::chart::{Chart, Dependency, Lock, Metadata, Timestamp};

pub use time::{format_rfc3339_nano, now};

/// Helm's gzip `Extra` field (`headerBytes` in `pkg/chart/v2/util/save.go`): an RFC 1952
/// subfield `rr` of 40 bytes.
const GZIP_EXTRA: &[u8] = b"rr\x28\x00aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=";

/// A chart that cannot be saved. `Display` is Helm's text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SaveError {
    /// `c.Validate()` failed: `chart validation: validation: chart.metadata.version is
    /// required`.
    #[error("chart validation: {0}")]
    Validation(#[from] crate::chart::ValidationError),
    /// A chart name that is not a single path element.
    #[error("{} is not a valid chart name", rudder_value::strconv::quote(.0))]
    InvalidName(String),
    /// `values.schema.json` is not JSON.
    #[error("invalid JSON in values.schema.json")]
    InvalidSchema,
    /// Marshalling `Chart.yaml` or `Chart.lock` failed.
    #[error("{0}")]
    Marshal(String),
    /// The destination is a file.
    #[error("is not a directory: {0}")]
    NotADirectory(String),
    /// `SaveDir`'s output directory exists as a file.
    #[error("file {0} already exists and is not a directory")]
    FileExists(String),
    /// A file-system call failed.
    #[error(transparent)]
    Path(#[from] crate::PathError),
    /// Saving a subchart as an archive under `charts/` failed (`SaveDir`).
    #[error("saving {path}: {source}")]
    Subchart {
        /// The subchart's full path (`parent/charts/child`).
        path: String,
        /// Why.
        source: Box<SaveError>,
    },
}

fn strings(items: &[String]) -> Value {
    Value::list(
        items
            .iter()
            .map(|s| Value::string(s.as_str()))
            .collect::<Vec<_>>(),
    )
}

fn put_str(m: &Map, key: &str, v: &str) {
    if !v.is_empty() {
        m.insert(key, Value::string(v));
    }
}

fn put_list(m: &Map, key: &str, v: &[String]) {
    if !v.is_empty() {
        m.insert(key, strings(v));
    }
}

/// `chart.Dependency` as `encoding/json` sees it (its `json` tags).
fn dependency_value(d: &Dependency) -> Value {
    let m = Map::new();
    m.insert("name", Value::string(d.name.as_str()));
    put_str(&m, "version", &d.version);
    m.insert("repository", Value::string(d.repository.as_str()));
    put_str(&m, "condition", &d.condition);
    put_list(&m, "tags", &d.tags);
    if d.enabled {
        m.insert("enabled", Value::Bool(true));
    }
    if !d.import_values.is_empty() {
        m.insert("import-values", Value::list(d.import_values.clone()));
    }
    put_str(&m, "alias", &d.alias);
    Value::Map(m)
}

/// `chart.Metadata` as `encoding/json` sees it (every field `omitempty`).
fn metadata_value(md: &Metadata, with_dependencies: bool) -> Value {
    let m = Map::new();
    put_str(&m, "name", &md.name);
    put_str(&m, "home", &md.home);
    put_list(&m, "sources", &md.sources);
    put_str(&m, "version", &md.version);
    put_str(&m, "description", &md.description);
    put_list(&m, "keywords", &md.keywords);
    if !md.maintainers.is_empty() {
        let list: Vec<Value> = md
            .maintainers
            .iter()
            .map(|mt| {
                let x = Map::new();
                put_str(&x, "name", &mt.name);
                put_str(&x, "email", &mt.email);
                put_str(&x, "url", &mt.url);
                Value::Map(x)
            })
            .collect();
        m.insert("maintainers", Value::list(list));
    }
    put_str(&m, "icon", &md.icon);
    put_str(&m, "apiVersion", &md.api_version);
    put_str(&m, "condition", &md.condition);
    put_str(&m, "tags", &md.tags);
    put_str(&m, "appVersion", &md.app_version);
    if md.deprecated {
        m.insert("deprecated", Value::Bool(true));
    }
    if let Some(a) = md.annotations.as_ref().filter(|a| !a.is_empty()) {
        let ty = MapType {
            name: None,
            elem: ElemType::String,
        };
        let entries = a
            .iter()
            .map(|(k, v)| (k.as_str().into(), Value::string(v.as_str())))
            .collect();
        m.insert("annotations", Value::Map(Map::from_entries(ty, entries)));
    }
    put_str(&m, "kubeVersion", &md.kube_version);
    if with_dependencies {
        let deps: Vec<Value> = md.dependencies().map(dependency_value).collect();
        if !deps.is_empty() {
            m.insert("dependencies", Value::list(deps));
        }
    }
    put_str(&m, "type", &md.chart_type);
    Value::Map(m)
}

/// `yaml.Marshal(metadata)` as `SaveChartfile` and `Save` write it: keys sorted, empty
/// fields left out, and no `dependencies` for an apiVersion v1 chart (they belong in
/// `requirements.yaml` there).
///
/// # Errors
/// The marshaller's errors (none for ordinary metadata).
///
/// ```
/// let mut md = rudder_chart::chart::Metadata::default();
/// md.name = "demo".into();
/// md.version = "0.1.0".into();
/// md.api_version = "v2".into();
/// assert_eq!(
///     rudder_chart::save::chartfile_yaml(&md).unwrap(),
///     "apiVersion: v2\nname: demo\nversion: 0.1.0\n"
/// );
/// ```
pub fn chartfile_yaml(md: &Metadata) -> Result<String, SaveError> {
    let value = metadata_value(md, md.api_version != "v1");
    rudder_yaml::sigs::marshal(&value).map_err(|e| SaveError::Marshal(e.to_string()))
}

/// `yaml.Marshal(c.Metadata)` with every field, as `helm show chart` prints it: unlike
/// [`chartfile_yaml`], an apiVersion v1 chart keeps the dependencies its `requirements.yaml`
/// gave it.
///
/// # Errors
/// The marshaller's errors (none for ordinary metadata).
pub fn metadata_yaml(md: &Metadata) -> Result<String, SaveError> {
    rudder_yaml::sigs::marshal(&metadata_value(md, true))
        .map_err(|e| SaveError::Marshal(e.to_string()))
}

/// `yaml.Marshal(lock)`: `generated` as Go marshals a `time.Time` (RFC 3339 with the
/// nanoseconds that are not zero), `digest`, `dependencies`.
///
/// # Errors
/// The marshaller's errors; a `generated` that is not an RFC 3339 time.
pub fn lock_yaml(lock: &Lock) -> Result<String, SaveError> {
    let m = Map::new();
    let generated = if lock.generated.is_empty() {
        "0001-01-01T00:00:00Z".to_owned()
    } else {
        time::reformat(&lock.generated)
            .ok_or_else(|| SaveError::Marshal(format!("bad time {}", lock.generated)))?
    };
    m.insert("generated", Value::string(generated));
    m.insert("digest", Value::string(lock.digest.as_str()));
    let deps: Vec<Value> = lock.dependencies.iter().map(dependency_value).collect();
    m.insert(
        "dependencies",
        if deps.is_empty() {
            Value::Nil
        } else {
            Value::list(deps)
        },
    );
    rudder_yaml::sigs::marshal(&Value::Map(m)).map_err(|e| SaveError::Marshal(e.to_string()))
}

/// `validateName`: the chart name must be one path element.
fn validate_name(name: &str) -> Result<(), SaveError> {
    if crate::gopath::base(name) != name {
        return Err(SaveError::InvalidName(name.to_owned()));
    }
    Ok(())
}

/// Go's `ModTime.Round(time.Second)`, or the current time for a file without one.
fn tar_time(t: Option<Timestamp>, now: Timestamp) -> i64 {
    let t = t.unwrap_or(now);
    t.secs + i64::from(t.nanos >= 500_000_000)
}

fn write_chart(
    tw: &mut tar::TarWriter,
    c: &Chart,
    prefix: &str,
    now: Timestamp,
) -> Result<(), SaveError> {
    validate_name(c.name())?;
    let base = if prefix.is_empty() {
        c.name().to_owned()
    } else {
        format!("{prefix}/{}", c.name())
    };
    let mut put = |name: &str, data: &[u8], t: Option<Timestamp>| {
        let name = crate::gopath::clean(&format!("{base}/{name}"));
        tw.append(&tar::Entry {
            name: &name,
            data,
            mtime: tar_time(t, now),
        });
    };
    put(
        "Chart.yaml",
        chartfile_yaml(&c.metadata)?.as_bytes(),
        c.mod_time,
    );
    if c.metadata.api_version == "v2"
        && let Some(lock) = &c.lock
    {
        let generated = time::parse(&lock.generated);
        put("Chart.lock", lock_yaml(lock)?.as_bytes(), generated);
    }
    for f in c.raw.iter().filter(|f| f.name == "values.yaml") {
        put("values.yaml", &f.data, f.mod_time);
    }
    if let Some(schema) = &c.schema {
        if !crate::schema::json_valid(schema) {
            return Err(SaveError::InvalidSchema);
        }
        put("values.schema.json", schema, c.schema_mod_time);
    }
    for f in c.templates.iter().chain(&c.files) {
        put(&f.name, &f.data, f.mod_time);
    }
    for d in &c.dependencies {
        write_chart(tw, d, &format!("{base}/charts"), now)?;
    }
    Ok(())
}

/// The `.tgz` bytes `chartutil.Save` writes for `chart`. Files without a modification time
/// get `now`.
///
/// # Errors
/// `chart validation: ...`, `"x/y" is not a valid chart name`, `invalid JSON in
/// values.schema.json`.
pub fn archive(chart: &Chart, now: Timestamp) -> Result<Vec<u8>, SaveError> {
    // `c.Validate()` sanitises the metadata it checks; the archive has the sanitised text.
    let mut chart = chart.clone();
    chart.metadata.validate()?;
    let mut tw = tar::TarWriter::new();
    write_chart(&mut tw, &chart, "", now)?;
    let data = tw.finish();
    Ok(gzip(&data))
}

/// A gzip member with Helm's header (`Extra`, comment `Helm`) around the DEFLATE stream of
/// `data` at Go's default level (6).
fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut out = vec![0x1f, 0x8b, 8, 0x04 | 0x10, 0, 0, 0, 0, 0, 255];
    out.extend_from_slice(&(GZIP_EXTRA.len() as u16).to_le_bytes());
    out.extend_from_slice(GZIP_EXTRA);
    out.extend_from_slice(b"Helm\0");
    let mut enc = flate2::write::DeflateEncoder::new(out, flate2::Compression::new(6));
    enc.write_all(data).expect("writing to memory");
    let mut out = enc.finish().expect("writing to memory");
    let mut crc = flate2::Crc::new();
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// `chartutil.Save`: writes `<out_dir>/<name>-<version>.tgz` (creating `out_dir` if needed)
/// and returns its path. On failure, nothing is left behind.
///
/// # Errors
/// As [`archive`], and `is not a directory: <dir>`, file-system errors.
pub fn save(chart: &Chart, out_dir: &Path) -> Result<PathBuf, SaveError> {
    let mut md = chart.metadata.clone();
    md.validate()?;
    let filename = out_dir.join(format!("{}-{}.tgz", chart.name(), md.version));
    let dir = filename.parent().unwrap_or(Path::new("."));
    let dir_text = dir.to_string_lossy().into_owned();
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => return Err(SaveError::NotADirectory(dir_text)),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| crate::PathError::new("mkdir", dir, &e))?;
        }
        Err(e) => return Err(crate::PathError::new("stat", dir, &e).into()),
    }
    let bytes = archive(chart, now())?;
    std::fs::write(&filename, bytes).map_err(|e| crate::PathError::new("open", &filename, &e))?;
    Ok(filename)
}

fn write_file(path: &Path, data: &[u8]) -> Result<(), SaveError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| crate::PathError::new("mkdir", parent, &e))?;
    }
    std::fs::write(path, data).map_err(|e| crate::PathError::new("open", path, &e))?;
    Ok(())
}

/// `chartutil.SaveChartfile`: writes [`chartfile_yaml`] to `path`.
///
/// # Errors
/// Marshal and file-system errors.
pub fn save_chartfile(path: &Path, md: &Metadata) -> Result<(), SaveError> {
    write_file(path, chartfile_yaml(md)?.as_bytes())
}

/// `chartutil.SaveDir`: the chart as a directory `<dest>/<name>/` (`Chart.yaml` marshalled,
/// `values.yaml` as loaded, the schema, templates and files; subcharts as archives under
/// `charts/`).
///
/// # Errors
/// `"x/y" is not a valid chart name`, `file <dir> already exists and is not a directory`,
/// `saving <parent>/charts/<child>: ...` and file-system errors.
pub fn save_dir(chart: &Chart, dest: &Path) -> Result<(), SaveError> {
    validate_name(chart.name())?;
    let outdir = dest.join(chart.name());
    if let Ok(m) = std::fs::metadata(&outdir)
        && !m.is_dir()
    {
        return Err(SaveError::FileExists(outdir.to_string_lossy().into_owned()));
    }
    std::fs::create_dir_all(&outdir).map_err(|e| crate::PathError::new("mkdir", &outdir, &e))?;
    save_chartfile(&outdir.join("Chart.yaml"), &chart.metadata)?;
    for f in chart.raw.iter().filter(|f| f.name == "values.yaml") {
        write_file(&outdir.join("values.yaml"), &f.data)?;
    }
    if let Some(schema) = &chart.schema {
        write_file(&outdir.join("values.schema.json"), schema)?;
    }
    for f in chart.templates.iter().chain(&chart.files) {
        write_file(&outdir.join(&f.name), &f.data)?;
    }
    let base = outdir.join("charts");
    for d in &chart.dependencies {
        save(d, &base).map_err(|e| SaveError::Subchart {
            path: format!("{}/charts/{}", chart.name(), d.name()),
            source: Box::new(e),
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
