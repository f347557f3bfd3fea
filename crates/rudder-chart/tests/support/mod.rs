//! Reading the conformance vectors and comparing responses.

#![allow(
    dead_code,
    unreachable_pub,
    clippy::missing_panics_doc,
    clippy::needless_pass_by_value
)]

pub mod typed;

use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..")
}

/// Every `.in.jsonl` of the given areas, sorted.
pub fn vector_files(areas: &[&str]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for area in areas {
        let dir = root().join("conformance").join(area);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.to_string_lossy().ends_with(".in.jsonl") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// The JSON lines of a file, comments and blank lines skipped.
pub fn lines(path: &Path) -> Vec<Json> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(parse_line)
        .collect()
}

/// One JSON line, without `serde_json`'s nesting limit (vectors nest deeply).
pub fn parse_line(line: &str) -> Json {
    let mut de = serde_json::Deserializer::from_str(line);
    de.disable_recursion_limit();
    serde::Deserialize::deserialize(&mut de).unwrap_or_else(|e| panic!("{e}: {line}"))
}

/// A success response.
pub fn ok(out: Json) -> Json {
    json!({"ok": true, "out": out})
}

/// An error response with the fields the oracle adds.
pub fn err(phase: &str, error: &str, extra: &[(&str, Json)]) -> Json {
    let mut m = serde_json::Map::new();
    m.insert("ok".into(), Json::Bool(false));
    m.insert("error".into(), Json::String(error.to_owned()));
    m.insert("phase".into(), Json::String(phase.to_owned()));
    for (k, v) in extra {
        m.insert((*k).to_owned(), v.clone());
    }
    Json::Object(m)
}

/// The response without its `id`.
pub fn strip_id(resp: &Json) -> Json {
    let mut r = resp.clone();
    if let Some(o) = r.as_object_mut() {
        o.remove("id");
    }
    r
}

/// Runs every vector of `areas` through `answer`, comparing with the oracle's responses.
/// `answer` returns `None` for requests it does not handle (counted as skipped).
pub fn run_areas(areas: &[&str], answer: &dyn Fn(&Path, &Json) -> Option<Json>) {
    run_areas_with(areas, answer, &|j: &Json| j.clone());
}

/// As [`run_areas`], with the oracle's responses passed through `adjust` first.
pub fn run_areas_with(
    areas: &[&str],
    answer: &dyn Fn(&Path, &Json) -> Option<Json>,
    adjust: &dyn Fn(&Json) -> Json,
) {
    let mut total = 0;
    let mut skipped = 0;
    let mut failures = Vec::new();
    for input in vector_files(areas) {
        let output = PathBuf::from(input.to_string_lossy().replace(".in.jsonl", ".out.jsonl"));
        let requests = lines(&input);
        let responses = lines(&output);
        assert_eq!(requests.len(), responses.len(), "{}", input.display());
        for (req, want) in requests.iter().zip(&responses) {
            total += 1;
            let Some(got) = answer(&input, req) else {
                skipped += 1;
                continue;
            };
            let want = adjust(&strip_id(want));
            if got != want {
                failures.push(format!(
                    "{} id {}\n  request: {req}\n  want:    {want}\n  got:     {got}",
                    input.file_name().unwrap().to_string_lossy(),
                    req["id"]
                ));
            }
        }
    }
    let shown: Vec<&String> = failures.iter().take(40).collect();
    assert!(
        failures.is_empty(),
        "{} of {total} vectors differ ({skipped} skipped):\n{}",
        failures.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!("{total} vectors, {skipped} skipped, all matching");
}

/// The chart of a `coalesce_values` / `to_render_values` / `helm_template` request (the
/// oracle's `chartSpec.build`): metadata from JSON (`chart`), values typed or as YAML,
/// schema, subcharts.
pub fn chart_from_spec(spec: &Json, root: bool) -> rudder_chart::chart::Chart {
    use rudder_chart::chart::{Chart, Dependency, Metadata};
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
                        tags: d
                            .get("tags")
                            .and_then(Json::as_array)
                            .map(|t| {
                                t.iter()
                                    .filter_map(|x| x.as_str().map(str::to_owned))
                                    .collect()
                            })
                            .unwrap_or_default(),
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
    if let Some(y) = spec.get("values_yaml").and_then(Json::as_str) {
        c.values = rudder_yaml::values::load_values(y.as_bytes()).expect("values_yaml");
    } else if let Some(v) = spec.get("values") {
        c.values = match typed::decode(v) {
            rudder_value::Value::Map(m) => m,
            _ => rudder_value::Map::nil(rudder_value::MapType::interface()),
        };
    }
    if let Some(sch) = spec.get("schema").and_then(Json::as_str) {
        c.schema = Some(std::sync::Arc::from(sch.as_bytes()));
    }
    if let Some(subs) = spec.get("subcharts").and_then(Json::as_array) {
        c.dependencies = subs.iter().map(|s| chart_from_spec(s, false)).collect();
    }
    c
}

/// A plain JSON value as Go's `encoding/json` decodes it into `interface{}`.
pub fn plain_json_value(j: &Json) -> rudder_value::Value {
    rudder_yaml::json::unmarshal(j.to_string().as_bytes()).expect("json")
}

/// The reference Helm v4.2.4 binary: `$RUDDER_HELM`, else where `tools/reference-helm.sh`
/// builds it (`$RUDDER_CACHE`, default `~/.cache/rudder`). Tests that compare with Helm
/// fail rather than skip when it is missing: run `tools/reference-helm.sh` first.
pub fn reference_helm() -> PathBuf {
    if let Some(p) = std::env::var_os("RUDDER_HELM").filter(|p| !p.is_empty()) {
        return p.into();
    }
    let cache = std::env::var_os("RUDDER_CACHE")
        .filter(|p| !p.is_empty())
        .map_or_else(
            || PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/rudder"),
            PathBuf::from,
        );
    let bin = cache.join("reference-helm/v4.2.4/bin/helm");
    assert!(
        bin.is_file(),
        "the reference Helm is missing at {}: run tools/reference-helm.sh",
        bin.display()
    );
    bin
}
