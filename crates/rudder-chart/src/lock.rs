//! `Chart.lock` bookkeeping for `helm dependency`: the lock digest (`resolver.HashReq`,
//! `HashV2Req`), `file://` paths (`resolver.GetLocalPath`) and writing the lock file
//! (`writeLock`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::Digest as _;

use crate::chart::{Dependency, Lock};

/// A Go JSON string (`encoding/json`, HTML characters escaped).
fn json_string(s: &str) -> String {
    rudder_yaml::json::marshal(&rudder_value::Value::string(s)).unwrap_or_else(|_| "\"\"".into())
}

/// `json.Marshal(*chart.Dependency)`: the struct's fields in order, `omitempty` ones left
/// out when empty.
fn dependency_json(d: &Dependency) -> String {
    let mut out = format!("{{\"name\":{}", json_string(&d.name));
    if !d.version.is_empty() {
        let _ = write!(out, ",\"version\":{}", json_string(&d.version));
    }
    let _ = write!(out, ",\"repository\":{}", json_string(&d.repository));
    if !d.condition.is_empty() {
        let _ = write!(out, ",\"condition\":{}", json_string(&d.condition));
    }
    if !d.tags.is_empty() {
        let tags: Vec<String> = d.tags.iter().map(|t| json_string(t)).collect();
        let _ = write!(out, ",\"tags\":[{}]", tags.join(","));
    }
    if d.enabled {
        out.push_str(",\"enabled\":true");
    }
    if !d.import_values.is_empty() {
        let list = rudder_value::Value::list(d.import_values.clone());
        let text = rudder_yaml::json::marshal(&list).unwrap_or_else(|_| "null".into());
        let _ = write!(out, ",\"import-values\":{text}");
    }
    if !d.alias.is_empty() {
        let _ = write!(out, ",\"alias\":{}", json_string(&d.alias));
    }
    out.push('}');
    out
}

fn deps_json(deps: Option<&[Dependency]>) -> String {
    match deps {
        None => "null".to_owned(),
        Some(d) => format!(
            "[{}]",
            d.iter().map(dependency_json).collect::<Vec<_>>().join(",")
        ),
    }
}

fn sha256_digest(data: &[u8]) -> String {
    let sum = sha2::Sha256::digest(data);
    let hex = sum.iter().fold(String::new(), |mut h, b| {
        let _ = write!(h, "{b:02x}");
        h
    });
    format!("sha256:{hex}")
}

/// `resolver.HashReq`: `sha256:` and the SHA-256 of `json.Marshal([req, lock])`. `None`
/// stands for Go's nil slice (`null`).
///
/// ```
/// let d = rudder_chart::chart::Dependency { name: "a".into(), ..Default::default() };
/// let digest = rudder_chart::lock::hash_req(Some(&[d.clone()]), Some(&[d]));
/// assert!(digest.starts_with("sha256:"));
/// ```
pub fn hash_req(req: Option<&[Dependency]>, lock: Option<&[Dependency]>) -> String {
    let data = format!("[{},{}]", deps_json(req), deps_json(lock));
    sha256_digest(data.as_bytes())
}

/// `resolver.HashV2Req`: the digest Helm 2 wrote in `requirements.lock`.
pub fn hash_v2_req(req: Option<&[Dependency]>) -> String {
    let data = format!("{{\"dependencies\":{}}}", deps_json(req));
    sha256_digest(data.as_bytes())
}

/// `resolver.GetLocalPath`: the directory a `file://` repository points at, relative to
/// the chart unless absolute.
///
/// # Errors
/// `directory <path> not found`, or the `stat` error.
pub fn local_path(repository: &str, chart_path: &str) -> Result<String, String> {
    let p = repository.strip_prefix("file://").unwrap_or(repository);
    let dep = if p.starts_with('/') {
        crate::gopath::clean(p)
    } else {
        crate::gopath::join(chart_path, p)
    };
    match std::fs::metadata(&dep) {
        Ok(_) => Ok(dep),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(format!("directory {dep} not found"))
        }
        Err(e) => Err(crate::PathError::new("stat", &dep, &e).to_string()),
    }
}

/// `writeLock`: `Chart.lock` (or `requirements.lock` for apiVersion v1 charts) in
/// `chart_path`, refusing to write through a symbolic link.
///
/// # Errors
/// `the Chart.lock file is a symlink to "<target>"`, marshal and write errors.
pub fn write_lock(chart_path: &Path, lock: &Lock, legacy: bool) -> Result<PathBuf, String> {
    let data = crate::save::lock_yaml(lock).map_err(|e| e.to_string())?;
    let name = if legacy {
        "requirements.lock"
    } else {
        "Chart.lock"
    };
    let dest = chart_path.join(name);
    match std::fs::symlink_metadata(&dest) {
        Ok(m) if m.file_type().is_symlink() => {
            let link = std::fs::read_link(&dest).map_err(|e| {
                format!(
                    "error reading symlink for {}: {}",
                    rudder_value::strconv::quote(&dest.to_string_lossy()),
                    crate::PathError::new("readlink", &dest, &e)
                )
            })?;
            return Err(format!(
                "the {name} file is a symlink to {}",
                rudder_value::strconv::quote(&link.to_string_lossy())
            ));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(format!(
                "error getting info for {}: {}",
                rudder_value::strconv::quote(&dest.to_string_lossy()),
                crate::PathError::new("lstat", &dest, &e)
            ));
        }
    }
    std::fs::write(&dest, data)
        .map_err(|e| crate::PathError::new("open", &dest, &e).to_string())?;
    Ok(dest)
}
