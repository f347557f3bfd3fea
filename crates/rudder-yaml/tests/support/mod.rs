//! A Rust stand-in for the Go oracle's data ops (`tools/oracle/ops_data.go`): the same requests,
//! answered by `rudder-yaml`, in the same response format, so that responses can be compared
//! with the oracle's line by line.

#![allow(dead_code, unreachable_pub, clippy::missing_panics_doc)]

pub mod typed;

use rudder_yaml::{Target, json, sigs, v3};
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
        _ => return None,
    })
}

/// Parses one JSON line without `serde_json`'s nesting limit (deeply nested vectors exist).
pub fn parse_line(line: &str) -> Json {
    let mut de = serde_json::Deserializer::from_str(line);
    de.disable_recursion_limit();
    serde::Deserialize::deserialize(&mut de).unwrap_or_else(|e| panic!("{e}: {line}"))
}
