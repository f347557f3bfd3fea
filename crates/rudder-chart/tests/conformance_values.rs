//! `conformance/values`: coalescing, `MergeMaps` and schema validation through rudder-chart,
//! compared with the Go oracle's responses (Helm v4.2.4's `util.CoalesceValues`,
//! `loader.MergeMaps`, `util.ToRenderValuesWithSchemaValidation`).

mod support;

use std::path::Path;
use std::sync::Arc;

use rudder_chart::schema::{NoRemote, RemoteLoader};
use rudder_chart::values::{ReleaseOptions, coalesce_values, to_render_values};
use rudder_value::{Map, Value};
use serde_json::{Value as Json, json};
use support::typed;

fn map_of(j: &Json) -> Map {
    match typed::decode(j) {
        Value::Map(m) => m,
        Value::Nil => Map::new(),
        other => panic!("not a map: {other:?}"),
    }
}

fn answer(_file: &Path, req: &Json) -> Option<Json> {
    let mut log = Vec::new();
    match req["op"].as_str()? {
        "merge_maps" => {
            let out = rudder_yaml::values::merge_maps(&map_of(&req["a"]), &map_of(&req["b"]));
            Some(support::ok(typed::encode(&Value::Map(out))))
        }
        "coalesce_values" => {
            let chart = support::chart_from_spec(req, true);
            let user = req.get("user_values").map(map_of).unwrap_or_default();
            Some(match coalesce_values(&chart, &user, &mut log) {
                Ok(v) => support::ok(typed::encode(&Value::Map(v))),
                Err(e) => support::err(
                    "coalesce",
                    &e.to_string(),
                    &[("partial", typed::encode(&Value::Map(e.partial.clone())))],
                ),
            })
        }
        "to_render_values" => {
            let chart = support::chart_from_spec(req, true);
            let user = req.get("user_values").map(map_of).unwrap_or_default();
            let options = ReleaseOptions {
                name: "release-name".into(),
                namespace: "default".into(),
                revision: 1,
                is_upgrade: false,
                is_install: true,
            };
            let remote: Arc<dyn RemoteLoader> = Arc::new(NoRemote);
            let skip = req["skip_schema_validation"].as_bool().unwrap_or(false);
            Some(
                match to_render_values(&chart, &user, &options, Value::Nil, skip, &remote, &mut log)
                {
                    Ok(top) => {
                        top.remove("Capabilities");
                        support::ok(typed::encode(&Value::Map(top)))
                    }
                    Err(e) => support::err("values", &e.to_string(), &[]),
                },
            )
        }
        _ => None,
    }
}

/// The oracle's `to_render_values` output carries `.Capabilities` (a Go object this crate
/// does not build); it is left out of the comparison.
fn strip_capabilities(resp: &Json) -> Json {
    let mut r = resp.clone();
    if let Some(m) = r.pointer_mut("/out/map").and_then(Json::as_object_mut) {
        m.remove("Capabilities");
        if let Some(Json::String(t)) = r.pointer("/out/type").cloned().as_ref() {
            let _ = t;
        }
    }
    r
}

#[test]
fn values_vectors() {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            support::run_areas_with(&["values"], &answer, &strip_capabilities);
        })
        .unwrap()
        .join()
        .unwrap();
    let _ = json!({});
}
