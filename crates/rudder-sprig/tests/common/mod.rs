//! The oracle's typed-value encoding (tools/oracle/README.md) and one `sprig_template`
//! request run through rudder-template with rudder-sprig's functions.

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rudder_template::{Error, Templates};
use rudder_value::{ElemType, FloatKind, IntKind, List, Map, MapType, UintKind, Value};
use serde_json::Value as Json;

pub(crate) fn root() -> PathBuf {
    Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..")
}

pub(crate) fn base64(s: &str) -> Vec<u8> {
    let table = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = table.iter().position(|&t| t == c).expect("base64") as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Decodes a typed JSON value.
pub(crate) fn decode(j: &Json) -> Value {
    match j {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::String(s) => Value::string(s.as_str()),
        Json::Object(o) => {
            let ty = o.get("type").and_then(Json::as_str);
            let (tag, val) = o.iter().find(|(k, _)| *k != "type").expect("tag");
            let text = || val.as_str().expect("number text");
            match tag.as_str() {
                "int" => Value::Int(text().parse().unwrap(), IntKind::Int),
                "int8" => Value::Int(text().parse().unwrap(), IntKind::Int8),
                "int16" => Value::Int(text().parse().unwrap(), IntKind::Int16),
                "int32" => Value::Int(text().parse().unwrap(), IntKind::Int32),
                "int64" => Value::Int(text().parse().unwrap(), IntKind::Int64),
                "uint" => Value::Uint(text().parse().unwrap(), UintKind::Uint),
                "uint8" => Value::Uint(text().parse().unwrap(), UintKind::Uint8),
                "uint32" => Value::Uint(text().parse().unwrap(), UintKind::Uint32),
                "uint64" => Value::Uint(text().parse().unwrap(), UintKind::Uint64),
                "float64" => Value::Float(parse_float(text()), FloatKind::F64),
                "float32" => Value::Float(f64::from(parse_float(text()) as f32), FloatKind::F32),
                "string_b64" => {
                    Value::string(String::from_utf8_lossy(&base64(text())).into_owned())
                }
                "bytes" => Value::Bytes(Arc::from(base64(text()))),
                "strings" => typed_list(val, ElemType::String),
                "ints" => match val {
                    Json::Null => Value::List(List::nil(ElemType::Int)),
                    Json::Array(a) => Value::List(List::typed(
                        ElemType::Int,
                        a.iter()
                            .map(|e| Value::int(e.as_str().unwrap().parse().unwrap()))
                            .collect::<Vec<_>>(),
                    )),
                    _ => panic!("ints"),
                },
                "list" => typed_list(val, ElemType::Interface),
                "map" => {
                    let mt = match ty {
                        None => MapType::interface(),
                        Some("map[string]string") => MapType {
                            name: None,
                            elem: ElemType::String,
                        },
                        Some(name) => MapType::named(name),
                    };
                    match val {
                        Json::Null => Value::Map(Map::nil(mt)),
                        Json::Object(entries) => {
                            let m = Map::with_type(mt);
                            for (k, v) in entries {
                                m.insert(k.as_str(), decode(v));
                            }
                            Value::Map(m)
                        }
                        _ => panic!("map"),
                    }
                }
                other => panic!("unknown tag {other}"),
            }
        }
        other => panic!("untagged {other}"),
    }
}

fn typed_list(val: &Json, elem: ElemType) -> Value {
    match val {
        Json::Null => Value::List(List::nil(elem)),
        Json::Array(a) => Value::List(List::typed(elem, a.iter().map(decode).collect::<Vec<_>>())),
        _ => panic!("list"),
    }
}

fn parse_float(s: &str) -> f64 {
    match s {
        "NaN" => f64::NAN,
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        _ => s.parse().expect("float"),
    }
}

/// A JSON string or `{"string_b64": ...}` as bytes.
pub(crate) fn text(j: &Json) -> Vec<u8> {
    match j {
        Json::String(s) => s.as_bytes().to_vec(),
        Json::Object(o) => base64(o["string_b64"].as_str().unwrap()),
        other => other.to_string().into_bytes(),
    }
}

/// An outcome, compared as text (rudder's strings are UTF-8: invalid Go bytes become U+FFFD).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Ok(String),
    Err { phase: String, error: String },
    Panic(String),
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The oracle's response as an [`Outcome`].
pub(crate) fn expected(resp: &Json) -> Outcome {
    if let Some(p) = resp.get("panic") {
        return Outcome::Panic(lossy(&text(p)));
    }
    if resp["ok"].as_bool() == Some(true) {
        return Outcome::Ok(lossy(&text(&resp["out"])));
    }
    Outcome::Err {
        phase: resp["phase"].as_str().unwrap_or_default().to_owned(),
        error: lossy(&text(&resp["error"])),
    }
}

/// Runs a `sprig_template` request.
pub(crate) fn run(req: &Json) -> Outcome {
    let template = req["template"].as_str().expect("template");
    let data = decode(req.get("data").unwrap_or(&Json::Null));
    let mut opts = rudder_sprig::Options::default();
    if let Some(zone) = req.get("local").and_then(Json::as_str) {
        opts = opts.with_local_zone(zone).expect("zone");
    }
    let mut set = Templates::new("t");
    set.funcs(rudder_sprig::functions(&opts));
    if let Err(e) = set.parse("t", template) {
        return Outcome::Err {
            phase: "parse".into(),
            error: e.to_string(),
        };
    }
    let mut out = Vec::new();
    match set.execute("t", &data, &mut out) {
        Ok(()) => Outcome::Ok(lossy(&out)),
        Err(e @ (Error::Exec(_) | Error::NoTemplate { .. } | Error::Limit(_))) => Outcome::Err {
            phase: "exec".into(),
            error: e.to_string(),
        },
        Err(e) => Outcome::Panic(e.to_string()),
    }
}

/// Request lines of a `.in.jsonl` (comments and blanks skipped).
pub(crate) fn lines(path: &Path) -> Vec<Json> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}
