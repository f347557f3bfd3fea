//! A Rust stand-in for the Go oracle's data ops (`tools/oracle/ops_data.go`): the same requests,
//! answered by `rudder-yaml`, in the same response format, so that responses can be compared
//! with the oracle's line by line.

#![allow(dead_code, unreachable_pub, clippy::missing_panics_doc)]

pub mod typed;

use rudder_value::{ElemType, IntKind};
use rudder_yaml::sigs::{Field, GoType, StructType};
use rudder_yaml::{Target, json, sigs, toml, v3, values};

const STRING: GoType = GoType::String;
const STRINGS: GoType = GoType::Slice(&STRING);
const ANY: GoType = GoType::Any;

/// `chart.Maintainer` (helm/pkg/chart/v2/metadata.go).
pub static MAINTAINER: StructType = StructType {
    name: "v2.Maintainer",
    fields: &[
        Field {
            go_name: "Name",
            json_name: "name",
            ty: STRING,
        },
        Field {
            go_name: "Email",
            json_name: "email",
            ty: STRING,
        },
        Field {
            go_name: "URL",
            json_name: "url",
            ty: STRING,
        },
    ],
};

/// `chart.Dependency` (helm/pkg/chart/v2/dependency.go).
pub static DEPENDENCY: StructType = StructType {
    name: "v2.Dependency",
    fields: &[
        Field {
            go_name: "Name",
            json_name: "name",
            ty: STRING,
        },
        Field {
            go_name: "Version",
            json_name: "version",
            ty: STRING,
        },
        Field {
            go_name: "Repository",
            json_name: "repository",
            ty: STRING,
        },
        Field {
            go_name: "Condition",
            json_name: "condition",
            ty: STRING,
        },
        Field {
            go_name: "Tags",
            json_name: "tags",
            ty: STRINGS,
        },
        Field {
            go_name: "Enabled",
            json_name: "enabled",
            ty: GoType::Bool,
        },
        Field {
            go_name: "ImportValues",
            json_name: "import-values",
            ty: GoType::Slice(&ANY),
        },
        Field {
            go_name: "Alias",
            json_name: "alias",
            ty: STRING,
        },
    ],
};

const MAINTAINER_PTR: GoType = GoType::Ptr(&GoType::Struct(&MAINTAINER));
const DEPENDENCY_PTR: GoType = GoType::Ptr(&GoType::Struct(&DEPENDENCY));

/// `chart.Metadata` (helm/pkg/chart/v2/metadata.go).
pub static METADATA: StructType = StructType {
    name: "v2.Metadata",
    fields: &[
        Field {
            go_name: "Name",
            json_name: "name",
            ty: STRING,
        },
        Field {
            go_name: "Home",
            json_name: "home",
            ty: STRING,
        },
        Field {
            go_name: "Sources",
            json_name: "sources",
            ty: STRINGS,
        },
        Field {
            go_name: "Version",
            json_name: "version",
            ty: STRING,
        },
        Field {
            go_name: "Description",
            json_name: "description",
            ty: STRING,
        },
        Field {
            go_name: "Keywords",
            json_name: "keywords",
            ty: STRINGS,
        },
        Field {
            go_name: "Maintainers",
            json_name: "maintainers",
            ty: GoType::Slice(&MAINTAINER_PTR),
        },
        Field {
            go_name: "Icon",
            json_name: "icon",
            ty: STRING,
        },
        Field {
            go_name: "APIVersion",
            json_name: "apiVersion",
            ty: STRING,
        },
        Field {
            go_name: "Condition",
            json_name: "condition",
            ty: STRING,
        },
        Field {
            go_name: "Tags",
            json_name: "tags",
            ty: STRING,
        },
        Field {
            go_name: "AppVersion",
            json_name: "appVersion",
            ty: STRING,
        },
        Field {
            go_name: "Deprecated",
            json_name: "deprecated",
            ty: GoType::Bool,
        },
        Field {
            go_name: "Annotations",
            json_name: "annotations",
            ty: GoType::Map(&STRING),
        },
        Field {
            go_name: "KubeVersion",
            json_name: "kubeVersion",
            ty: STRING,
        },
        Field {
            go_name: "Dependencies",
            json_name: "dependencies",
            ty: GoType::Slice(&DEPENDENCY_PTR),
        },
        Field {
            go_name: "Type",
            json_name: "type",
            ty: STRING,
        },
    ],
};

const _: (ElemType, IntKind) = (ElemType::Interface, IntKind::Int);
use serde_json::{Value as Json, json};

fn ok(id: &Json, out: &Json) -> Json {
    json!({"id": id, "ok": true, "out": out})
}

fn err(id: &Json, phase: &str, error: &rudder_yaml::Error) -> Json {
    json!({"id": id, "ok": false, "error": error.to_string(), "phase": phase})
}

fn target(req: &Json) -> Target {
    match req.get("target").and_then(Json::as_str) {
        Some("map") => Target::Map,
        Some("list") => Target::List,
        _ => Target::Any,
    }
}

/// Answers one request; `None` for ops this crate does not implement.
pub fn answer(req: &Json) -> Option<Json> {
    let id = req.get("id").cloned().unwrap_or(Json::Null);
    let op = req.get("op")?.as_str()?;
    let data = || {
        req.get("data")
            .and_then(Json::as_str)
            .unwrap_or("")
            .as_bytes()
            .to_vec()
    };
    Some(match op {
        "yaml_unmarshal" => {
            let d = sigs::decode(&data(), target(req));
            match d.error {
                None => ok(&id, &typed::encode(&d.value)),
                Some(e) => {
                    let mut r = err(&id, "unmarshal", &e);
                    r["partial"] = typed::encode(&d.value);
                    r
                }
            }
        }
        "json_unmarshal" => {
            let d = json::decode(&data(), target(req));
            match d.error {
                None => ok(&id, &typed::encode(&d.value)),
                Some(e) => {
                    let mut r = err(&id, "unmarshal", &e);
                    r["partial"] = typed::encode(&d.value);
                    r
                }
            }
        }
        "yaml_marshal" => {
            let v = typed::decode(req.get("value")?);
            match sigs::marshal(&v) {
                Ok(s) => ok(&id, &typed::text(s.as_bytes())),
                Err(e) => err(&id, "marshal", &e),
            }
        }
        "yaml3_encode" => {
            let v = typed::decode(req.get("value")?);
            match v3::encode(&v, 2) {
                Ok(s) => ok(&id, &typed::text(s.as_bytes())),
                Err(e) => err(&id, "marshal", &e),
            }
        }
        "yaml_to_json" => match sigs::yaml_to_json(&data()) {
            Ok(s) => ok(&id, &typed::text(s.as_bytes())),
            Err(e) => err(&id, "convert", &e),
        },
        "json_to_yaml" => match sigs::json_to_yaml(&data()) {
            Ok(s) => ok(&id, &typed::text(s.as_bytes())),
            Err(e) => err(&id, "convert", &e),
        },
        "json_marshal" => {
            let v = typed::decode(req.get("value")?);
            let r = match req.get("mode").and_then(Json::as_str).unwrap_or("plain") {
                "indent" => json::marshal_indent(&v, "", "  "),
                "raw" => json::marshal_raw(&v),
                _ => json::marshal(&v),
            };
            match r {
                Ok(s) => ok(&id, &typed::text(s.as_bytes())),
                Err(e) => err(&id, "marshal", &e),
            }
        }
        "toml_encode" => {
            let v = typed::decode(req.get("value")?);
            match toml::encode(&v) {
                Ok(s) => ok(&id, &typed::text(s.as_bytes())),
                Err(e) if e.message().starts_with("reflect:") => {
                    json!({"id": id, "ok": false, "panic": e.message()})
                }
                Err(e) => err(&id, "marshal", &e),
            }
        }
        "toml_decode" => match toml::decode(&data()) {
            Ok(v) => ok(&id, &typed::encode(&v)),
            Err(e) if e.kind() == rudder_yaml::ErrorKind::Panic => {
                json!({"id": id, "ok": false, "panic": e.message()})
            }
            Err(e) => {
                let mut r = err(&id, "unmarshal", &e);
                r["partial"] = json!({"map": {}});
                r
            }
        },
        "yaml_unmarshal_struct" => {
            let ty = match req.get("type").and_then(Json::as_str) {
                Some("chart.Metadata") => GoType::Struct(&METADATA),
                _ => return None,
            };
            let d = sigs::decode_typed(&data(), &ty);
            match d.error {
                None => ok(&id, &typed::encode(&d.value)),
                Some(e) => {
                    let mut r = err(&id, "unmarshal", &e);
                    r["partial"] = typed::encode(&d.value);
                    r
                }
            }
        }
        "load_values" => match values::load_values(&data()) {
            Ok(m) => ok(&id, &typed::encode(&rudder_value::Value::Map(m))),
            Err(e) => err(&id, "load", &e),
        },
        _ => return None,
    })
}

/// Whether go-yaml's key comparator is a strict total order on `keys` (when it is not, Go's
/// output depends on its random map order).
#[cfg(feature = "unstable-internals")]
pub fn total_order(keys: &[&str], v3: bool) -> bool {
    use rudder_yaml::internals::key_less;
    let n = keys.len();
    if n > 60 {
        return true;
    }
    let lt: Vec<Vec<bool>> = keys
        .iter()
        .map(|a| keys.iter().map(|b| key_less(v3, a, b)).collect())
        .collect();
    for i in 0..n {
        for j in 0..n {
            if i != j && lt[i][j] == lt[j][i] {
                return false;
            }
            if lt[i][j] && (0..n).any(|k| lt[j][k] && !lt[i][k]) {
                return false;
            }
        }
    }
    true
}

/// The texts of the corpus values files (`values.yaml`, `ci/*.yaml`), when present.
pub fn corpus_values_files() -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![std::path::PathBuf::from("/work/shared/corpus/charts")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml")
                && (p.file_name().is_some_and(|n| n == "values.yaml")
                    || p.parent().is_some_and(|d| d.ends_with("ci")))
                && let Ok(text) = std::fs::read_to_string(&p)
            {
                out.push(text);
            }
        }
    }
    out.sort();
    out
}

/// The oracle binary: `$ORACLE`, else what `tools/oracle.sh` builds.
pub fn oracle_path() -> String {
    if let Ok(p) = std::env::var("ORACLE") {
        return p;
    }
    let root = &format!(
        "{}/../..",
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
    );
    let out = std::process::Command::new(format!("{root}/tools/oracle.sh"))
        .output()
        .expect("tools/oracle.sh");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Parses one JSON line without `serde_json`'s nesting limit (deeply nested vectors exist).
pub fn parse_line(line: &str) -> Json {
    let mut de = serde_json::Deserializer::from_str(line);
    de.disable_recursion_limit();
    serde::Deserialize::deserialize(&mut de).unwrap_or_else(|e| panic!("{e}: {line}"))
}

/// The oracle's answer with rudder's documented divergences (COMPATIBILITY.md) applied:
/// `BurntSushi`'s `[]map[string]interface {}` arrays of tables are `[]interface {}` lists here.
pub fn adjust_expected(req: &Json, want: &Json) -> Json {
    fn strip_table_array_type(v: &mut Json) {
        match v {
            Json::Object(o) => {
                if o.get("type").and_then(Json::as_str) == Some("[]map[string]interface {}")
                    && o.contains_key("list")
                {
                    o.remove("type");
                }
                for x in o.values_mut() {
                    strip_table_array_type(x);
                }
            }
            Json::Array(a) => a.iter_mut().for_each(strip_table_array_type),
            _ => {}
        }
    }
    let mut want = want.clone();
    if req.get("op").and_then(Json::as_str) == Some("toml_decode") {
        strip_table_array_type(&mut want);
    }
    want
}
