//! Shared by the conformance and fuzz-regression tests: the oracle's typed-value encoding,
//! rudder's versions of the oracle's test functions, and running one `go_template` request.

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::collections::BTreeMap;
use std::sync::Arc;

use rudder_template::{Error, Func, FuncMap, Templates, Type};
use rudder_value::{ElemType, FloatKind, IntKind, List, Map, MapType, UintKind, Value};
use serde_json::Value as Json;

/// Decodes the oracle's typed encoding (tools/oracle/README.md, "Typed values").
pub(crate) fn decode(j: &Json) -> Result<Value, String> {
    match j {
        Json::Null => Ok(Value::Nil),
        Json::Bool(b) => Ok(Value::Bool(*b)),
        Json::String(s) => Ok(Value::string(s.as_str())),
        Json::Number(_) | Json::Array(_) => Err(format!("untagged {j}")),
        Json::Object(o) => {
            let ty = o.get("type").and_then(Json::as_str);
            let (tag, val) = o
                .iter()
                .find(|(k, _)| *k != "type")
                .ok_or_else(|| format!("no tag in {j}"))?;
            let num = || {
                val.as_str()
                    .ok_or_else(|| format!("number not a string: {j}"))
            };
            let int = |k: IntKind| -> Result<Value, String> {
                Ok(Value::Int(num()?.parse().map_err(|e| format!("{e}"))?, k))
            };
            let uint = |k: UintKind| -> Result<Value, String> {
                Ok(Value::Uint(num()?.parse().map_err(|e| format!("{e}"))?, k))
            };
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
                "float64" => Ok(Value::Float(parse_float(num()?)?, FloatKind::F64)),
                "float32" => Ok(Value::Float(
                    f64::from(parse_float(num()?)? as f32),
                    FloatKind::F32,
                )),
                "string_b64" => Ok(Value::string(
                    String::from_utf8_lossy(&base64(num()?)?).into_owned(),
                )),
                "bytes" => match val {
                    Json::Null => Ok(Value::nil_bytes()),
                    _ => Ok(Value::Bytes(Arc::from(base64(num()?)?))),
                },
                "strings" => typed_list(val, ElemType::String),
                "ints" => match val {
                    Json::Null => Ok(Value::List(List::nil(ElemType::Int))),
                    Json::Array(a) => {
                        let items: Result<Vec<Value>, String> = a
                            .iter()
                            .map(|e| {
                                let s = match e {
                                    Json::String(s) => s.clone(),
                                    other => other.to_string(),
                                };
                                s.parse::<i64>().map(Value::int).map_err(|e| e.to_string())
                            })
                            .collect();
                        Ok(Value::List(List::typed(ElemType::Int, items?)))
                    }
                    _ => Err(format!("bad ints {j}")),
                },
                "list" => {
                    let elem = match ty {
                        // `[]map[string]interface {}` has no element type of its own in
                        // rudder's model; its elements are maps either way.
                        None | Some("[]interface {}" | "[]map[string]interface {}") => {
                            ElemType::Interface
                        }
                        Some(other) => return Err(format!("list type {other}")),
                    };
                    match val {
                        Json::Null => Ok(Value::List(List::nil(elem))),
                        Json::Array(a) => {
                            let items: Result<Vec<Value>, String> = a.iter().map(decode).collect();
                            Ok(Value::List(List::typed(elem, items?)))
                        }
                        _ => Err(format!("bad list {j}")),
                    }
                }
                "map" => {
                    let mt = match ty {
                        None => MapType::interface(),
                        Some("map[string]string") => MapType {
                            name: None,
                            elem: ElemType::String,
                        },
                        Some("common.Values" | "chartutil.Values") => {
                            MapType::named("common.Values")
                        }
                        Some(other) => return Err(format!("map type {other}")),
                    };
                    match val {
                        Json::Null => Ok(Value::Map(Map::nil(mt))),
                        Json::Object(entries) => {
                            let mut m = BTreeMap::new();
                            for (k, v) in entries {
                                m.insert(Arc::from(k.as_str()), decode(v)?);
                            }
                            Ok(Value::Map(Map::from_entries(mt, m)))
                        }
                        _ => Err(format!("bad map {j}")),
                    }
                }
                other => Err(format!("unknown tag {other}")),
            }
        }
    }
}

fn typed_list(val: &Json, elem: ElemType) -> Result<Value, String> {
    match val {
        Json::Null => Ok(Value::List(List::nil(elem))),
        Json::Array(a) => {
            let items: Result<Vec<Value>, String> = a.iter().map(decode).collect();
            Ok(Value::List(List::typed(elem, items?)))
        }
        other => Err(format!("bad list {other}")),
    }
}

fn parse_float(s: &str) -> Result<f64, String> {
    match s {
        "NaN" => Ok(f64::NAN),
        "+Inf" => Ok(f64::INFINITY),
        "-Inf" => Ok(f64::NEG_INFINITY),
        _ => s.parse().map_err(|e| format!("{s}: {e}")),
    }
}

/// Standard base64 (what the oracle writes for `[]byte` and non-UTF-8 strings).
pub(crate) fn base64(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => continue,
            _ => return Err(format!("bad base64 {s}")),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Ok(out)
}

/// A text field of a response: a JSON string, or `{"string_b64": ...}` for non-UTF-8 bytes.
pub(crate) fn text(j: &Json) -> Vec<u8> {
    match j {
        Json::String(s) => s.as_bytes().to_vec(),
        Json::Object(o) => o
            .get("string_b64")
            .and_then(Json::as_str)
            .and_then(|s| base64(s).ok())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// rudder's versions of the oracle's `go_template_funcs` functions (`tools/oracle/template_funcs.go`).
pub(crate) fn test_funcs() -> FuncMap {
    use rudder_template::Rest;
    let mut f = FuncMap::new();
    f.insert("typeOf", Func::typed(|v: Value| v.type_name()));
    f.insert(
        "add",
        Func::typed(|args: Rest<i64>| args.0.iter().sum::<i64>()),
    );
    f.insert(
        "dddArg",
        Func::variadic(vec![Type::INT], Type::String, Type::String, |_, args| {
            let mut parts = vec![args[0].clone()];
            parts.push(Value::List(List::typed(
                ElemType::String,
                args[1..].to_vec(),
            )));
            Ok(Value::string(rudder_value::fmt::sprintln(&parts)))
        }),
    );
    f.insert(
        "die",
        Func::new(vec![], Type::Bool, |_, _| Err("die".into())),
    );
    f.insert("echo", Func::typed(|v: Value| v));
    f.insert(
        "makemap",
        Func::variadic(
            vec![],
            Type::String,
            Type::Map(MapType {
                name: None,
                elem: ElemType::String,
            }),
            |_, args| {
                if args.len() % 2 != 0 {
                    return Err("bad makemap".into());
                }
                let m = Map::with_type(MapType {
                    name: None,
                    elem: ElemType::String,
                });
                for pair in args.chunks(2) {
                    m.insert(pair[0].as_str().unwrap_or_default(), pair[1].clone());
                }
                Ok(Value::Map(m))
            },
        ),
    );
    f.insert(
        "mapOfThree",
        Func::new(vec![], Type::Any, |_, _| {
            let m = Map::new();
            m.insert("three", Value::int(3));
            Ok(Value::Map(m))
        }),
    );
    f.insert("oneArg", Func::typed(|a: String| format!("oneArg={a}")));
    f.insert(
        "twoArgs",
        Func::typed(|a: String, b: String| format!("twoArgs={a}{b}")),
    );
    f.insert("returnInt", Func::typed(|| 7i64));
    f.insert(
        "valueString",
        Func::typed(|_v: String| "value is ignored".to_owned()),
    );
    f.insert("zeroArgs", Func::typed(|| "zeroArgs".to_owned()));
    f.insert(
        "contains",
        Func::typed(|s: String, sub: String| s.contains(&sub)),
    );
    let identity = |t: Type| Func::new(vec![t.clone()], t, |_, args| Ok(args[0].clone()));
    f.insert("int64Arg", identity(Type::INT64));
    f.insert("int8Arg", identity(Type::Int(IntKind::Int8)));
    f.insert("uintArg", identity(Type::Uint(UintKind::Uint)));
    f.insert("uint8Arg", identity(Type::Uint(UintKind::Uint8)));
    f.insert("float64Arg", identity(Type::FLOAT64));
    f.insert("float32Arg", identity(Type::Float(FloatKind::F32)));
    f.insert("boolArg", identity(Type::Bool));
    f.insert(
        "listArg",
        Func::new(vec![Type::list()], Type::INT, |_, a| {
            Ok(Value::int(a[0].as_list().map_or(0, List::len) as i64))
        }),
    );
    f.insert(
        "mapArg",
        Func::new(vec![Type::map()], Type::INT, |_, a| {
            Ok(Value::int(a[0].as_map().map_or(0, Map::len) as i64))
        }),
    );
    f.insert(
        "anyArgs",
        Func::variadic(vec![], Type::Any, Type::String, |_, a| {
            Ok(Value::string(rudder_value::fmt::sprint(a)))
        }),
    );
    f.insert(
        "joinArgs",
        Func::typed(|sep: String, rest: Rest<String>| rest.0.join(&sep)),
    );
    f.insert(
        "errIf",
        Func::new(vec![Type::Bool], Type::String, |_, a| {
            if a[0].as_bool() == Some(true) {
                Err("boom".into())
            } else {
                Ok(Value::string("fine"))
            }
        }),
    );
    f
}

/// What rudder produced for a request: output, or an error with its phase and partial output.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Ok(Vec<u8>),
    Err {
        phase: &'static str,
        error: String,
        partial: Option<Vec<u8>>,
    },
    Panic(String),
}

/// Runs a `go_template` / `go_template_funcs` request the way the oracle does.
pub(crate) fn run_request(req: &Json) -> Result<Outcome, String> {
    let op = req["op"].as_str().unwrap_or_default();
    let with_funcs = match op {
        "go_template" => false,
        "go_template_funcs" => true,
        other => return Err(format!("op {other} is not a template op")),
    };
    let mut templates: Vec<(String, String)> = Vec::new();
    if let Some(t) = req.get("template").and_then(Json::as_str) {
        templates.push(("t".into(), t.into()));
    }
    if let Some(list) = req.get("templates").and_then(Json::as_array) {
        for t in list {
            templates.push((
                t["name"].as_str().unwrap_or_default().into(),
                t["text"].as_str().unwrap_or_default().into(),
            ));
        }
    }
    let data = decode(req.get("data").unwrap_or(&Json::Null))?;
    let root_name = templates.first().map(|t| t.0.clone()).unwrap_or_default();
    let mut set = Templates::new(&root_name);
    if with_funcs {
        set.funcs(test_funcs());
    }
    if let Some(opts) = req.get("options").and_then(Json::as_array) {
        for o in opts {
            if let Err(e) = set.option(o.as_str().unwrap_or_default()) {
                return Ok(Outcome::Panic(e.to_string()));
            }
        }
    }
    if let Some(d) = req.get("delims").and_then(Json::as_array) {
        set.delims(
            d[0].as_str().unwrap_or_default(),
            d[1].as_str().unwrap_or_default(),
        );
    }
    for (name, text) in &templates {
        if let Err(e) = set.parse(name, text) {
            return Ok(Outcome::Err {
                phase: "parse",
                error: e.to_string(),
                partial: None,
            });
        }
    }
    let execute = req
        .get("execute")
        .and_then(Json::as_str)
        .unwrap_or(&root_name)
        .to_owned();
    let mut out = Vec::new();
    match set.execute(&execute, &data, &mut out) {
        Ok(()) => Ok(Outcome::Ok(out)),
        Err(e) => {
            let partial = if matches!(e, Error::NoTemplate { .. }) {
                Some(Vec::new())
            } else {
                Some(out)
            };
            Ok(Outcome::Err {
                phase: "exec",
                error: e.to_string(),
                partial,
            })
        }
    }
}

/// The oracle's response as an [`Outcome`].
pub(crate) fn expected(resp: &Json) -> Outcome {
    if let Some(p) = resp.get("panic") {
        return Outcome::Panic(String::from_utf8_lossy(&text(p)).into_owned());
    }
    if resp["ok"].as_bool() == Some(true) {
        return Outcome::Ok(text(&resp["out"]));
    }
    let phase = match resp["phase"].as_str() {
        Some("parse") => "parse",
        Some("exec") => "exec",
        _ => "other",
    };
    Outcome::Err {
        phase,
        error: String::from_utf8_lossy(&text(&resp["error"])).into_owned(),
        partial: resp.get("partial").map(text),
    }
}
