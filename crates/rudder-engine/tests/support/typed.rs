//! The oracle's typed-value encoding (`tools/oracle/README.md`, "Typed values"), for
//! `rudder_value::Value` (as in rudder-yaml's tests).
use std::collections::BTreeMap;
use std::sync::Arc;

use rudder_value::strconv::format_float;
use rudder_value::{ElemType, FloatKind, IntKind, List, Map, MapType, Str, UintKind, Value};
use serde_json::{Value as Json, json};

fn b64(data: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(char::from(A[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn unb64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a' + 26),
            b'0'..=b'9' => u32::from(c - b'0' + 52),
            b'+' => 62,
            _ => 63,
        }
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::new();
    for c in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &b) in c.iter().enumerate() {
            n |= val(b) << (18 - 6 * i);
        }
        let got = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&got[..c.len() - 1]);
    }
    out
}

/// A string result: JSON text, or `{"string_b64"}` for invalid UTF-8.
pub fn text(s: &[u8]) -> Json {
    match std::str::from_utf8(s) {
        Ok(s) => Json::String(s.to_owned()),
        Err(_) => json!({"string_b64": b64(s)}),
    }
}

/// The oracle's depth cap (`maxDepth`): deeper values are written as `{"too_deep": true}`.
const MAX_DEPTH: usize = 2000;

pub fn encode(v: &Value) -> Json {
    encode_depth(v, 0)
}

fn encode_depth(v: &Value, depth: usize) -> Json {
    if depth > MAX_DEPTH {
        return json!({"too_deep": true, "type": v.type_name()});
    }
    let encode = |v: &Value| encode_depth(v, depth + 1);
    match v {
        Value::Nil => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::String(s) => Json::String(s.to_string()),
        Value::Int(i, k) => json!({ k.name(): i.to_string() }),
        Value::Uint(u, k) => json!({ k.name(): u.to_string() }),
        Value::Float(f, FloatKind::F64) => json!({"float64": format_float(*f, b'g', -1, 64)}),
        Value::Float(f, FloatKind::F32) => json!({"float32": format_float(*f, b'g', -1, 32)}),
        Value::Bytes(b) => json!({"bytes": b64(b)}),
        Value::List(l) => {
            let items: Option<Vec<Json>> =
                (!l.is_nil()).then(|| l.items().iter().map(encode).collect());
            match l.elem() {
                ElemType::Interface => json!({"list": items}),
                ElemType::String => json!({"strings": items}),
                _ => json!({"list": items, "type": l.type_name()}),
            }
        }
        Value::Map(m) => {
            let entries: Option<serde_json::Map<String, Json>> = (!m.is_nil()).then(|| {
                m.entries()
                    .iter()
                    .map(|(k, v)| (k.to_string(), encode(v)))
                    .collect()
            });
            if m.map_type() == &MapType::interface() {
                json!({"map": entries})
            } else {
                json!({"map": entries, "type": m.type_name()})
            }
        }
        Value::Object(o) => {
            if let Some(t) = o.as_any().downcast_ref::<rudder_yaml::toml::Datetime>() {
                return json!({"go": t.go_syntax(), "type": "time.Time", "v": t.go_string()});
            }
            let go = o.to_go_string().unwrap_or_default();
            json!({"go": go, "type": o.type_name(), "v": rudder_value::fmt::to_string(v)})
        }
        Value::Complex(_) => json!({"go": "", "type": v.type_name()}),
    }
}

pub fn decode(j: &Json) -> Value {
    match j {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::String(s) => Value::string(s.as_str()),
        Json::Number(_) | Json::Array(_) => panic!("untagged {j}"),
        Json::Object(o) => {
            let ty = o.get("type").and_then(Json::as_str);
            let (tag, val) = o
                .iter()
                .find(|(k, _)| k.as_str() != "type")
                .expect("a typed value has a tag");
            let s = || val.as_str().expect("number as string").to_owned();
            let int = |k: IntKind| Value::Int(s().parse().unwrap(), k);
            let uint = |k: UintKind| Value::Uint(s().parse().unwrap(), k);
            match tag.as_str() {
                "int" => int(IntKind::Int),
                "int8" => int(IntKind::Int8),
                "int16" => int(IntKind::Int16),
                "int32" => int(IntKind::Int32),
                "int64" => int(IntKind::Int64),
                "uint" => uint(UintKind::Uint),
                "uint8" => uint(UintKind::Uint8),
                "uint16" => uint(UintKind::Uint16),
                "uint32" => uint(UintKind::Uint32),
                "uint64" => uint(UintKind::Uint64),
                "uintptr" => uint(UintKind::Uintptr),
                "float64" => Value::Float(
                    rudder_value::strconv::parse_float(&s(), 64).unwrap(),
                    FloatKind::F64,
                ),
                "float32" => Value::Float(
                    rudder_value::strconv::parse_float(&s(), 32).unwrap(),
                    FloatKind::F32,
                ),
                "bytes" => match val {
                    Json::Null => Value::Bytes(Arc::from(&[][..])),
                    _ => Value::Bytes(Arc::from(unb64(&s()))),
                },
                "string_b64" => Value::String(rudder_value::gobytes::from_go_bytes(&unb64(&s()))),
                "strings" => match val {
                    Json::Null => Value::List(List::nil(ElemType::String)),
                    Json::Array(a) => Value::List(List::typed(
                        ElemType::String,
                        a.iter().map(decode).collect::<Vec<_>>(),
                    )),
                    _ => panic!("strings"),
                },
                "list" => match val {
                    Json::Null => Value::List(List::nil(ElemType::Interface)),
                    Json::Array(a) => {
                        Value::List(List::new(a.iter().map(decode).collect::<Vec<_>>()))
                    }
                    _ => panic!("list"),
                },
                "map" => {
                    let ty = match ty {
                        None | Some("map[string]interface {}") => MapType::interface(),
                        Some("map[string]string") => MapType {
                            name: None,
                            elem: ElemType::String,
                        },
                        Some(other) => MapType::named(other),
                    };
                    match val {
                        Json::Null => Value::Map(Map::nil(ty)),
                        Json::Object(entries) => {
                            let e: BTreeMap<Str, Value> = entries
                                .iter()
                                .map(|(k, v)| (Str::from(k.as_str()), decode(v)))
                                .collect();
                            Value::Map(Map::from_entries(ty, e))
                        }
                        _ => panic!("map"),
                    }
                }
                other => panic!("unsupported typed tag {other}"),
            }
        }
    }
}
