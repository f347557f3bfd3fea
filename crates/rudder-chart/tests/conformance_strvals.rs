//! `conformance/strvals`: every `--set`-family request through `rudder_chart::strvals`,
//! compared with the Go oracle's responses (`pkg/strvals` of Helm v4.2.4).

mod support;

use std::path::Path;

use rudder_chart::strvals;
use rudder_value::{Map, Value};
use serde_json::{Value as Json, json};
use support::typed;

fn answer(_file: &Path, req: &Json) -> Option<Json> {
    if req["op"] != "strvals" {
        return None;
    }
    let data = req["data"].as_str().expect("data");
    let func = req["func"].as_str().expect("func");
    let files = req.get("files").cloned().unwrap_or(json!({}));
    let mut reader = |p: &str| -> Result<Value, strvals::ReaderError> {
        match files.get(p).and_then(Json::as_str) {
            Some(s) => Ok(Value::string(s)),
            None => Err(format!("open {p}: no such file or directory").into()),
        }
    };
    if func == "to_yaml" {
        return Some(match strvals::to_yaml(data) {
            Ok(s) => support::ok(Json::String(s)),
            Err(e) => support::err("parse", &e.to_string(), &[]),
        });
    }
    let dest = match req.get("base") {
        Some(b) => match typed::decode(b) {
            Value::Map(m) => m,
            other => panic!("base {other:?}"),
        },
        None => Map::new(),
    };
    let result = match func {
        "parse" | "parse_into" => strvals::parse_into(data, &dest),
        "parse_string" | "parse_into_string" => strvals::parse_into_string(data, &dest),
        "parse_literal" | "parse_literal_into" => strvals::parse_literal_into(data, &dest),
        "parse_file" | "parse_into_file" => strvals::parse_into_file(data, &dest, &mut reader),
        "parse_json" => strvals::parse_json(data, &dest),
        other => panic!("func {other}"),
    };
    let out = typed::encode(&Value::Map(dest));
    Some(match result {
        Ok(()) => support::ok(out),
        Err(e) => support::err("parse", &e.to_string(), &[("partial", out)]),
    })
}

#[test]
fn strvals_vectors() {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| support::run_areas(&["strvals"], &answer))
        .unwrap()
        .join()
        .unwrap();
}
