//! Reading the conformance vectors (`conformance/engine`) and building in-memory charts as the
//! oracle's `helm_template` does (`tools/oracle/ops_template.go`, `chartSpec.build`).

#![allow(
    dead_code,
    unreachable_pub,
    clippy::missing_panics_doc,
    reason = "shared by several test binaries"
)]

pub mod typed;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rudder_chart::chart::{Chart, Dependency, File, Maintainer, Metadata};
use serde_json::Value as Json;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..")
}

/// Every `.in.jsonl` under `conformance/<area>`, sorted.
pub fn vector_files(area: &str) -> Vec<PathBuf> {
    let dir = root().join("conformance").join(area);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".in.jsonl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The JSON lines of a file, comments and blank lines skipped.
pub fn lines(path: &Path) -> Vec<Json> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| {
            let mut de = serde_json::Deserializer::from_str(l);
            de.disable_recursion_limit();
            serde::Deserialize::deserialize(&mut de).unwrap_or_else(|e| panic!("{e}: {l}"))
        })
        .collect()
}

fn strings(j: Option<&Json>) -> Vec<String> {
    j.and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A plain JSON value as Go's `encoding/json` decodes it into `interface{}`.
pub fn plain_json_value(j: &Json) -> rudder_value::Value {
    rudder_yaml::json::unmarshal(j.to_string().as_bytes()).expect("json")
}

/// The chart of a `helm_template` request: metadata from JSON (`chart`, Go's JSON names of
/// `chart.Metadata`), templates, files, values (typed or as YAML), schema, subcharts.
pub fn chart_from_spec(spec: &Json, root: bool) -> Chart {
    let md_json = spec.get("chart").cloned().unwrap_or(Json::Null);
    let s = |k: &str| md_json.get(k).and_then(Json::as_str).map(str::to_owned);
    let mut md = Metadata::default();
    md.name = s("name").unwrap_or_else(|| {
        if root {
            "mychart".into()
        } else {
            String::new()
        }
    });
    md.version = s("version").unwrap_or_else(|| "0.1.0".into());
    md.api_version = s("apiVersion").unwrap_or_else(|| "v2".into());
    md.app_version = s("appVersion").unwrap_or_default();
    md.chart_type = s("type").unwrap_or_default();
    md.description = s("description").unwrap_or_default();
    md.kube_version = s("kubeVersion").unwrap_or_default();
    md.condition = s("condition").unwrap_or_default();
    md.tags = s("tags").unwrap_or_default();
    md.home = s("home").unwrap_or_default();
    md.icon = s("icon").unwrap_or_default();
    md.deprecated = md_json
        .get("deprecated")
        .and_then(Json::as_bool)
        .unwrap_or(false);
    md.keywords = strings(md_json.get("keywords"));
    md.sources = strings(md_json.get("sources"));
    if let Some(a) = md_json.get("annotations").and_then(Json::as_object) {
        md.annotations = Some(
            a.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect(),
        );
    }
    if let Some(m) = md_json.get("maintainers").and_then(Json::as_array) {
        md.maintainers = m
            .iter()
            .map(|x| {
                let s = |k: &str| {
                    x.get(k)
                        .and_then(Json::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                Maintainer {
                    name: s("name"),
                    email: s("email"),
                    url: s("url"),
                }
            })
            .collect();
    }
    if let Some(deps) = md_json.get("dependencies").and_then(Json::as_array) {
        md.dependencies = Some(
            deps.iter()
                .map(|d| {
                    let s = |k: &str| {
                        d.get(k)
                            .and_then(Json::as_str)
                            .unwrap_or_default()
                            .to_owned()
                    };
                    Dependency {
                        name: s("name"),
                        version: s("version"),
                        repository: s("repository"),
                        condition: s("condition"),
                        alias: s("alias"),
                        tags: strings(d.get("tags")),
                        enabled: d.get("enabled").and_then(Json::as_bool).unwrap_or(false),
                        import_values: d
                            .get("import-values")
                            .and_then(Json::as_array)
                            .map(|l| l.iter().map(plain_json_value).collect())
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        );
    }
    let mut c = Chart::new(md);
    let files = |key: &str| -> Vec<Arc<File>> {
        spec.get(key)
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .map(|f| {
                        let name = f["name"].as_str().unwrap_or_default();
                        let data = match f.get("b64").and_then(Json::as_str) {
                            Some(b64) => typed::unb64(b64),
                            None => f["text"].as_str().unwrap_or_default().as_bytes().to_vec(),
                        };
                        Arc::new(File::new(name, data))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    c.templates = files("templates");
    c.files = files("files");
    if let Some(y) = spec.get("values_yaml").and_then(Json::as_str) {
        c.values = rudder_yaml::values::load_values(y.as_bytes()).expect("values_yaml");
    } else if let Some(v) = spec.get("values") {
        c.values = match typed::decode(v) {
            rudder_value::Value::Map(m) => m,
            _ => rudder_value::Map::nil(rudder_value::MapType::interface()),
        };
    }
    if let Some(sch) = spec.get("schema").and_then(Json::as_str) {
        c.schema = Some(Arc::from(sch.as_bytes()));
    }
    if let Some(subs) = spec.get("subcharts").and_then(Json::as_array) {
        c.dependencies = subs.iter().map(|s| chart_from_spec(s, false)).collect();
    }
    c
}

/// A scratch directory removed on drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// A fresh directory under the system's temporary directory.
    pub fn new() -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "rudder-engine-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `helm template` as the oracle's `render_chart` runs it (`pkg/cmd/template.go` and
/// `runInstall`), over rudder: `Ok(response fields)` or `Err(what helm template prints after
/// "Error: ")`.
pub fn template_command(
    chart_path: &str,
    user: &rudder_value::Map,
    release_name: &str,
    namespace: &str,
    caps: &rudder_engine::Capabilities,
    assemble: &rudder_engine::manifest::AssembleOptions,
    print: &rudder_engine::manifest::TemplateOptions,
) -> Result<serde_json::Value, String> {
    use rudder_engine::manifest;
    let mut warnings = Vec::new();
    let mut chart =
        rudder_chart::loader::load(chart_path, &mut warnings).map_err(|e| e.to_string())?;
    let ty = chart.metadata.chart_type.as_str();
    if !(ty.is_empty() || ty == "application") {
        return Err(format!("{ty} charts are not installable"));
    }
    if chart.metadata.dependencies.is_some() {
        rudder_chart::dependencies::check_dependencies(&chart).map_err(|e| {
            format!("an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: {e}")
        })?;
    }
    rudder_chart::dependencies::process_dependencies(&mut chart, user, &mut warnings)
        .map_err(|e| format!("chart dependencies processing failed: {e}"))?;
    let release = rudder_engine::ReleaseOptions {
        name: release_name.to_owned(),
        namespace: namespace.to_owned(),
        revision: 1,
        is_upgrade: false,
        is_install: true,
    };
    let remote: Arc<dyn rudder_chart::schema::RemoteLoader> =
        Arc::new(rudder_chart::schema::NoRemote);
    let top = rudder_engine::to_render_values_with(
        &chart,
        user,
        &release,
        caps,
        false,
        &remote,
        &mut warnings,
    )
    .map_err(|e| e.to_string())?;
    let debug = "\n\nUse --debug flag to render out invalid YAML";
    manifest::check_kube_version(&chart, caps).map_err(|e| format!("{e}{debug}"))?;
    let rendered = rudder_engine::Engine::new()
        .render(&chart, &top)
        .map_err(|e| format!("{e}{debug}"))?;
    let assembled =
        manifest::assemble(rendered, &chart, assemble).map_err(|e| format!("{e}{debug}"))?;
    let stdout = manifest::template_output(&assembled.manifest, &assembled.hooks, print)
        .map_err(|e| e.to_string())?;
    let hooks: Vec<serde_json::Value> = assembled
        .hooks
        .iter()
        .map(|h| {
            serde_json::json!({
                "name": h.name, "kind": h.kind, "path": h.path, "manifest": h.manifest,
                "events": h.events.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
                "weight": h.weight, "delete_policies": h.delete_policies,
            })
        })
        .collect();
    Ok(serde_json::json!({
        "manifest": assembled.manifest,
        "hooks": hooks,
        "notes": assembled.notes,
        "stdout": stdout,
    }))
}
