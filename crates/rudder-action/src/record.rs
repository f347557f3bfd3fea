//! The release record as Helm's install and upgrade build it: the chart as Go's
//! `json.Marshal(*chart.Chart)` writes it (struct order, `omitempty` rules, base64 bytes, Go
//! times), the hooks of a render, and the record itself.

use std::fmt::Write as _;

use rudder_chart::chart::{Chart, Dependency, File, Metadata, Timestamp};
use rudder_engine::manifest::Hook as RenderedHook;
use rudder_release::codec::base64_encode;
use rudder_release::gotime::Time;
use rudder_release::{Hook, Info, Release, Status, Values, write_json_string as write_str};
use rudder_value::{Map, Value};

use crate::ActionError;

fn key(out: &mut String, first: &mut bool, name: &str) {
    if !*first {
        out.push(',');
    }
    *first = false;
    write_str(out, name);
    out.push(':');
}

fn strings(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, s);
    }
    out.push(']');
}

/// A file time as Go marshals `time.Time` from `os.Stat` (local zone, RFC 3339 with
/// nanoseconds).
fn go_time(t: Timestamp) -> String {
    Time::from_unix_local(t.secs, t.nanos).to_rfc3339_nano()
}

fn write_dependency(out: &mut String, d: &Dependency) -> Result<(), ActionError> {
    out.push('{');
    let mut first = true;
    key(out, &mut first, "name");
    write_str(out, &d.name);
    if !d.version.is_empty() {
        key(out, &mut first, "version");
        write_str(out, &d.version);
    }
    key(out, &mut first, "repository");
    write_str(out, &d.repository);
    if !d.condition.is_empty() {
        key(out, &mut first, "condition");
        write_str(out, &d.condition);
    }
    if !d.tags.is_empty() {
        key(out, &mut first, "tags");
        strings(out, &d.tags);
    }
    if d.enabled {
        key(out, &mut first, "enabled");
        out.push_str("true");
    }
    if !d.import_values.is_empty() {
        key(out, &mut first, "import-values");
        let list = Value::list(d.import_values.clone());
        out.push_str(&json(&list)?);
    }
    if !d.alias.is_empty() {
        key(out, &mut first, "alias");
        write_str(out, &d.alias);
    }
    out.push('}');
    Ok(())
}

fn json(v: &Value) -> Result<String, ActionError> {
    rudder_yaml::json::marshal(v).map_err(|e| ActionError::msg(e.to_string()))
}

fn write_metadata(out: &mut String, m: &Metadata) -> Result<(), ActionError> {
    out.push('{');
    let mut first = true;
    let text = |out: &mut String, first: &mut bool, name: &str, v: &str| {
        if !v.is_empty() {
            key(out, first, name);
            write_str(out, v);
        }
    };
    text(out, &mut first, "name", &m.name);
    text(out, &mut first, "home", &m.home);
    if !m.sources.is_empty() {
        key(out, &mut first, "sources");
        strings(out, &m.sources);
    }
    text(out, &mut first, "version", &m.version);
    text(out, &mut first, "description", &m.description);
    if !m.keywords.is_empty() {
        key(out, &mut first, "keywords");
        strings(out, &m.keywords);
    }
    if !m.maintainers.is_empty() {
        key(out, &mut first, "maintainers");
        out.push('[');
        for (i, mt) in m.maintainers.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('{');
            let mut f = true;
            text(out, &mut f, "name", &mt.name);
            text(out, &mut f, "email", &mt.email);
            text(out, &mut f, "url", &mt.url);
            out.push('}');
        }
        out.push(']');
    }
    text(out, &mut first, "icon", &m.icon);
    text(out, &mut first, "apiVersion", &m.api_version);
    text(out, &mut first, "condition", &m.condition);
    text(out, &mut first, "tags", &m.tags);
    text(out, &mut first, "appVersion", &m.app_version);
    if m.deprecated {
        key(out, &mut first, "deprecated");
        out.push_str("true");
    }
    if let Some(annotations) = m.annotations.as_ref().filter(|a| !a.is_empty()) {
        key(out, &mut first, "annotations");
        out.push('{');
        for (i, (k, v)) in annotations.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, k);
            out.push(':');
            write_str(out, v);
        }
        out.push('}');
    }
    text(out, &mut first, "kubeVersion", &m.kube_version);
    if let Some(deps) = m.dependencies.as_ref().filter(|d| !d.is_empty()) {
        key(out, &mut first, "dependencies");
        out.push('[');
        for (i, d) in deps.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_dependency(out, d)?;
        }
        out.push(']');
    }
    text(out, &mut first, "type", &m.chart_type);
    out.push('}');
    Ok(())
}

fn write_files(out: &mut String, files: &[std::sync::Arc<File>]) {
    // The loader leaves Go's nil slice when there are none.
    if files.is_empty() {
        out.push_str("null");
        return;
    }
    out.push('[');
    for (i, f) in files.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"name\":");
        write_str(out, &f.name);
        out.push_str(",\"data\":");
        write_str(out, &base64_encode(&f.data));
        if let Some(t) = f.mod_time {
            out.push_str(",\"modtime\":");
            write_str(out, &go_time(t));
        }
        out.push('}');
    }
    out.push(']');
}

/// Go's `json.Marshal(*chart.Chart)`: metadata, lock, templates, values, schema,
/// schemamodtime, files, modtime (subcharts are not serialized).
///
/// # Errors
/// A value Go could not marshal (NaN).
pub fn chart_json(chart: &Chart) -> Result<String, ActionError> {
    let mut out = String::with_capacity(4096);
    out.push_str("{\"metadata\":");
    write_metadata(&mut out, &chart.metadata)?;
    out.push_str(",\"lock\":");
    match &chart.lock {
        None => out.push_str("null"),
        Some(lock) => {
            out.push_str("{\"generated\":");
            let generated = Time::parse_rfc3339(&lock.generated).map_or_else(
                |_| "0001-01-01T00:00:00Z".to_owned(),
                |t| t.to_rfc3339_nano(),
            );
            write_str(&mut out, &generated);
            out.push_str(",\"digest\":");
            write_str(&mut out, &lock.digest);
            out.push_str(",\"dependencies\":");
            if lock.dependencies.is_empty() {
                out.push_str("null");
            } else {
                out.push('[');
                for (i, d) in lock.dependencies.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_dependency(&mut out, d)?;
                }
                out.push(']');
            }
            out.push('}');
        }
    }
    out.push_str(",\"templates\":");
    write_files(&mut out, &chart.templates);
    out.push_str(",\"values\":");
    out.push_str(&json(&Value::Map(chart.values.clone()))?);
    out.push_str(",\"schema\":");
    match &chart.schema {
        Some(schema) => write_str(&mut out, &base64_encode(schema)),
        None => out.push_str("null"),
    }
    out.push_str(",\"schemamodtime\":");
    match chart.schema_mod_time {
        Some(t) => write_str(&mut out, &go_time(t)),
        None => out.push_str("\"0001-01-01T00:00:00Z\""),
    }
    out.push_str(",\"files\":");
    write_files(&mut out, &chart.files);
    if let Some(t) = chart.mod_time {
        out.push_str(",\"modtime\":");
        write_str(&mut out, &go_time(t));
    }
    out.push('}');
    Ok(out)
}

/// The stored hooks of a render.
pub fn hooks(rendered: &[RenderedHook]) -> Vec<Hook> {
    rendered
        .iter()
        .map(|h| Hook {
            name: h.name.clone(),
            kind: h.kind.clone(),
            path: h.path.clone(),
            manifest: h.manifest.clone(),
            events: h.events.iter().map(|e| e.as_str().to_owned()).collect(),
            weight: h.weight,
            delete_policies: h.delete_policies.clone(),
            output_log_policies: h.output_log_policies.clone(),
            ..Hook::default()
        })
        .collect()
}

/// A new record (`createRelease`): status `unknown`, both deploy times `now`.
///
/// # Errors
/// A chart that cannot be marshalled.
#[expect(
    clippy::too_many_arguments,
    reason = "the fields of Helm's createRelease"
)]
pub fn new_release(
    name: &str,
    namespace: &str,
    chart: &Chart,
    config: &Map,
    version: i64,
    labels: &std::collections::BTreeMap<String, String>,
    apply_method: &str,
    now: &Time,
) -> Result<Release, ActionError> {
    let chart_json = chart_json(chart)?;
    let chart = rudder_release::Chart::from_json(chart_json.as_bytes())
        .map_err(|e| ActionError::msg(e.to_string()))?;
    Ok(Release {
        name: name.to_owned(),
        info: Some(Info {
            first_deployed: now.clone(),
            last_deployed: now.clone(),
            status: Status::Unknown,
            ..Info::default()
        }),
        chart: Some(chart),
        config: Some(Values::from_value(Value::Map(config.clone()))),
        version,
        namespace: namespace.to_owned(),
        labels: labels.clone(),
        apply_method: apply_method.to_owned(),
        ..Release::default()
    })
}

/// `Release.SetStatus`.
pub fn set_status(release: &mut Release, status: Status, description: &str) {
    let info = release.info.get_or_insert_with(Info::default);
    info.status = status;
    description.clone_into(&mut info.description);
}

/// Go's `%q` (for the names Helm quotes in its messages).
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::new();
    let _ = write!(out, "{}", rudder_value::strconv::quote(s));
    out
}
