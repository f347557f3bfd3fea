//! `values.schema.json` checks (`pkg/chart/common/util/jsonschema.go`): every chart's and
//! subchart's schema against its part of the coalesced values, with Helm's error layout.
//!
//! Validation itself is `boon`, a port of the Go library Helm uses
//! (`santhosh-tekuri/jsonschema` v6) by the same author: drafts 4, 6, 7, 2019-09 and 2020-12,
//! 2020-12 by default, `format` asserted only before 2019-09. The messages are rebuilt here
//! as the Go library prints them through an English `x/text` printer (numbers grouped,
//! exponents as `×10⁰⁶`), in its tree layout:
//!
//! ```text
//! values don't meet the specifications of the schema(s) in the following chart(s):
//! mychart:
//! - at '/replicas': got string, want integer
//! ```
//!
//! `$ref`s load from `file:` URLs (the local file system, as Helm does), `http(s):` through
//! a [`RemoteLoader`] the caller supplies (this crate does no network I/O), and `urn:`
//! through the loader's resolver, falling back to an always-true schema with a warning.

mod formats;
mod gofmt;
mod json;
mod render;
mod valid;

pub(crate) use json::unmarshal_json;
pub use valid::json_valid;

use std::sync::{Arc, Mutex};

use rudder_value::{Map, Value};
use serde_json::Value as Json;

use crate::chart::Chart;
use crate::loader::Warnings;
use crate::values::coalesce::is_table;

/// Fetches `http(s)` schema references, and resolves `urn:` ones.
pub trait RemoteLoader: Send + Sync {
    /// The body at `url` (Helm: a GET with a 15 s timeout and Helm's user agent).
    ///
    /// # Errors
    /// Helm's texts: `HTTP request failed for <url>: ...`, `HTTP request to <url> returned
    /// status 404 (Not Found)`.
    fn load_http(&self, url: &str) -> Result<Vec<u8>, String>;

    /// A schema for a `urn:` reference (Helm's `URNResolver`); `None` falls back to an
    /// always-true schema with a warning.
    fn resolve_urn(&self, urn: &str) -> Option<Vec<u8>> {
        let _ = urn;
        None
    }
}

/// A [`RemoteLoader`] for builds without network access: every `http(s)` reference fails.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoRemote;

impl RemoteLoader for NoRemote {
    fn load_http(&self, url: &str) -> Result<Vec<u8>, String> {
        Err(format!(
            "HTTP request failed for {url}: remote schema references are not available"
        ))
    }
}

/// The schema's URL (Helm adds it under this name).
const SCHEMA_URL: &str = "file:///values.schema.json";

/// A Go value as the validator sees it (numbers that are whole stay integers).
pub(crate) fn to_json(v: &Value) -> Json {
    crate::deep(|| match v {
        Value::Nil | Value::Complex(_) | Value::Object(_) => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i, _) => Json::from(*i),
        Value::Uint(u, _) => Json::from(*u),
        Value::Float(f, _) => {
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                Json::from(*f as i64)
            } else {
                serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number)
            }
        }
        Value::String(s) => Json::String(s.to_string()),
        Value::Bytes(b) => Json::String(String::from_utf8_lossy(b).into_owned()),
        Value::List(l) => Json::Array(l.items().iter().map(to_json).collect()),
        Value::Map(m) => Json::Object(
            m.entries()
                .into_iter()
                .map(|(k, v)| (k.to_string(), to_json(&v)))
                .collect(),
        ),
    })
}

struct FileUrlLoader;

impl boon::UrlLoader for FileUrlLoader {
    fn load(&self, url: &str) -> Result<Json, Box<dyn std::error::Error>> {
        let path = url
            .strip_prefix("file://")
            .ok_or_else(|| format!("invalid file url: {url}"))?;
        let data = crate::goerr::read_file(path)?;
        Ok(unmarshal_json(&data)?)
    }
}

struct HttpUrlLoader(Arc<dyn RemoteLoader>);

impl boon::UrlLoader for HttpUrlLoader {
    fn load(&self, url: &str) -> Result<Json, Box<dyn std::error::Error>> {
        let body = self.0.load_http(url)?;
        Ok(unmarshal_json(&body)?)
    }
}

struct UrnLoader {
    remote: Arc<dyn RemoteLoader>,
    warned: Arc<Mutex<Vec<String>>>,
}

impl boon::UrlLoader for UrnLoader {
    fn load(&self, url: &str) -> Result<Json, Box<dyn std::error::Error>> {
        if let Some(doc) = self.remote.resolve_urn(url)
            && let Ok(j) = unmarshal_json(&doc)
        {
            return Ok(j);
        }
        let mut warned = self
            .warned
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !warned.iter().any(|u| u == url) {
            warned.push(url.to_owned());
        }
        Ok(Json::Bool(true))
    }
}

/// `ValidateAgainstSingleSchema`: the Go error text, or `Ok`.
///
/// # Errors
/// A JSON syntax error in the schema (`invalid character '}' looking for beginning of object
/// key string`), a compile error (`"file:///values.schema.json#" is not valid against
/// metaschema: ...`), or the validation tree followed by a newline.
pub fn validate_single(
    values: &Map,
    schema: &[u8],
    remote: &Arc<dyn RemoteLoader>,
    log: &mut Warnings,
) -> Result<(), String> {
    let doc = unmarshal_json(schema)?;
    let original = doc.clone();
    let warned = Arc::new(Mutex::new(Vec::new()));
    let mut loader = boon::SchemeUrlLoader::new();
    loader.register("file", Box::new(FileUrlLoader));
    loader.register("http", Box::new(HttpUrlLoader(remote.clone())));
    loader.register("https", Box::new(HttpUrlLoader(remote.clone())));
    loader.register(
        "urn",
        Box::new(UrnLoader {
            remote: remote.clone(),
            warned: warned.clone(),
        }),
    );
    let mut compiler = boon::Compiler::new();
    compiler.use_loader(Box::new(loader));
    formats::register(&mut compiler);
    let mut schemas = boon::Schemas::new();
    let index = match compiler.add_resource(SCHEMA_URL, doc) {
        Ok(()) => compiler
            .compile(SCHEMA_URL, &mut schemas)
            .map_err(|e| render::compile_error(&e)),
        Err(e) => Err(render::compile_error(&e)),
    };
    for urn in warned
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
    {
        log.push(format!(
            "unresolved URN reference ignored; using permissive schema urn={urn}"
        ));
    }
    let index = index?;
    let instance = to_json(&Value::Map(values.clone()));
    match schemas.validate(&instance, index) {
        Ok(()) => Ok(()),
        Err(e) => {
            let text = render::validation_error(&e, &original);
            let prefix = format!("jsonschema validation failed with '{SCHEMA_URL}#'\n");
            let text = text.strip_prefix(&prefix).unwrap_or(&text);
            Err(format!("{text}\n"))
        }
    }
}

/// `ValidateAgainstSchema`: the chart's schema, then each subchart's against its values.
///
/// # Errors
/// The concatenated reports, each headed by the chart's name (`mychart:\n- at ...`).
pub fn validate_against_schema(
    chart: &Chart,
    values: &Map,
    remote: &Arc<dyn RemoteLoader>,
    log: &mut Warnings,
) -> Result<(), String> {
    let mut sb = String::new();
    if let Some(schema) = &chart.schema
        && let Err(e) = validate_single(values, schema, remote, log)
    {
        sb.push_str(chart.name());
        sb.push_str(":\n");
        sb.push_str(&e);
    }
    for sub in &chart.dependencies {
        let raw = match values.get(sub.name()) {
            None | Some(Value::Nil) => continue,
            Some(v) => v,
        };
        if !is_table(&raw) {
            sb.push_str(sub.name());
            sb.push_str(":\ninvalid type for values: expected object (map), got ");
            sb.push_str(&raw.type_name());
            sb.push('\n');
            continue;
        }
        let Value::Map(sub_values) = raw else {
            continue;
        };
        if let Err(e) = crate::deep(|| validate_against_schema(sub, &sub_values, remote, log)) {
            sb.push_str(&e);
        }
    }
    if sb.is_empty() { Ok(()) } else { Err(sb) }
}
