//! Execution speed on templates from the corpus charts, side by side with Go's text/template.
//!
//! Each case (`benches/cases/<chart>.json`, written by `benches/prepare.py`) is parsed once;
//! `rudder/<template>` times executing it, `go/<template>` asks the oracle's
//! `go_template_bench` op to time the same template set, data and functions in Go (skipped
//! when the oracle cannot be built). Both sides register the same function stand-ins (see
//! `stand_ins` and `tools/oracle/template_bench.go`), and the outputs are checked to be
//! identical before timing.
//!
//! ```sh
//! cargo bench -p rudder-template --bench corpus
//! ```

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, criterion_group};
use rudder_template::{Func, FuncMap, Rest, Templates, Type};
use rudder_value::{ElemType, List, Map, Value};
use serde_json::{Value as Json, json};

struct Case {
    chart: String,
    raw: Json,
    set: Templates,
    data: Value,
    execute: Vec<String>,
}

fn truth(v: &Value) -> bool {
    match v {
        Value::Nil => false,
        Value::Bool(b) => *b,
        Value::Int(i, _) => *i != 0,
        Value::Uint(u, _) => *u != 0,
        Value::Float(f, _) => *f != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Bytes(b) => !b.is_empty(),
        Value::List(l) => !l.is_empty(),
        Value::Map(m) => !m.is_empty(),
        _ => true,
    }
}

fn base64(b: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &c)| acc | (u32::from(c) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The same stand-ins as the oracle's `benchFuncs` and `stub`.
fn stand_ins(stubs: &[String]) -> FuncMap {
    let mut f = FuncMap::new();
    f.insert(
        "include",
        Func::new(vec![Type::String, Type::Any], Type::String, |call, args| {
            Ok(Value::string(call.execute_template(
                args[0].as_str().unwrap_or_default(),
                &args[1],
            )?))
        }),
    );
    f.insert(
        "default",
        Func::variadic(vec![Type::Any], Type::Any, Type::Any, |_, a| {
            Ok(match a.get(1) {
                None | Some(Value::Nil) => a[0].clone(),
                Some(Value::String(s)) if s.is_empty() => a[0].clone(),
                Some(v) => v.clone(),
            })
        }),
    );
    f.insert(
        "quote",
        Func::variadic(vec![], Type::Any, Type::String, |_, a| {
            let parts: Vec<String> = a
                .iter()
                .filter(|v| !v.is_nil())
                .map(|v| rudder_value::strconv::quote(&rudder_value::fmt::to_string(v)))
                .collect();
            Ok(Value::string(parts.join(" ")))
        }),
    );
    f.insert(
        "trunc",
        Func::typed(|n: i64, s: String| {
            if n >= 0 && s.len() as i64 > n {
                String::from_utf8_lossy(&s.as_bytes()[..n as usize]).into_owned()
            } else {
                s
            }
        }),
    );
    f.insert(
        "trimSuffix",
        Func::typed(|suffix: String, s: String| {
            s.strip_suffix(suffix.as_str())
                .map_or(s.clone(), str::to_owned)
        }),
    );
    f.insert(
        "replace",
        Func::typed(|old: String, new: String, s: String| s.replace(&old, &new)),
    );
    f.insert(
        "contains",
        Func::typed(|sub: String, s: String| s.contains(&sub)),
    );
    f.insert(
        "indent",
        Func::typed(|n: i64, s: String| {
            let pad = " ".repeat(usize::try_from(n).unwrap_or(0));
            format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
        }),
    );
    f.insert(
        "nindent",
        Func::typed(|n: i64, s: String| {
            let pad = " ".repeat(usize::try_from(n).unwrap_or(0));
            format!("\n{pad}{}", s.replace('\n', &format!("\n{pad}")))
        }),
    );
    f.insert("upper", Func::typed(|s: String| s.to_uppercase()));
    f.insert("lower", Func::typed(|s: String| s.to_lowercase()));
    f.insert(
        "toYaml",
        Func::typed(|v: Value| rudder_value::fmt::to_string(&v)),
    );
    f.insert(
        "dict",
        Func::variadic(vec![], Type::Any, Type::map(), |_, a| {
            let m = Map::new();
            for pair in a.chunks(2) {
                if let [k, v] = pair {
                    m.insert(rudder_value::fmt::to_string(k), v.clone());
                }
            }
            Ok(Value::Map(m))
        }),
    );
    f.insert(
        "list",
        Func::variadic(vec![], Type::Any, Type::list(), |_, a| {
            Ok(Value::List(List::typed(ElemType::Interface, a.to_vec())))
        }),
    );
    f.insert(
        "hasKey",
        Func::typed(|m: Map, k: String| m.contains_key(&k)),
    );
    f.insert("empty", Func::typed(|v: Value| !truth(&v)));
    f.insert(
        "toString",
        Func::typed(|v: Value| rudder_value::fmt::to_string(&v)),
    );
    f.insert(
        "trim",
        Func::typed(|s: String| s.trim_matches(rudder_value::unicode::is_space).to_owned()),
    );
    f.insert("b64enc", Func::typed(|s: String| base64(s.as_bytes())));
    f.insert(
        "ternary",
        Func::typed(|a: Value, b: Value, c: bool| if c { a } else { b }),
    );
    f.insert(
        "required",
        Func::new(vec![Type::String, Type::Any], Type::Any, |_, a| {
            if a[1].is_nil() {
                return Err(a[0].as_str().unwrap_or_default().to_owned().into());
            }
            Ok(a[1].clone())
        }),
    );
    f.insert("semverCompare", Func::typed(|_c: String, _v: String| true));
    for name in stubs {
        f.insert(
            name,
            Func::typed(|rest: Rest<Value>| {
                rest.0
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| Value::string(""))
            }),
        );
    }
    f
}

fn load_cases() -> Vec<Case> {
    let dir = Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("benches/cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let raw: Json = serde_json::from_str(&std::fs::read_to_string(&p).expect("case"))
                .expect("case json");
            let stubs: Vec<String> = raw["stub_funcs"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect();
            let templates = raw["templates"].as_array().expect("templates");
            let mut set = Templates::new(templates[0]["name"].as_str().unwrap_or("t"));
            set.funcs(stand_ins(&stubs));
            set.option("missingkey=zero").expect("option");
            for t in templates {
                set.parse(
                    t["name"].as_str().unwrap_or_default(),
                    t["text"].as_str().unwrap_or_default(),
                )
                .expect("parse");
            }
            let data = common::decode(&raw["data"]).expect("data");
            let execute = raw["execute"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect();
            Case {
                chart: raw["chart"].as_str().unwrap_or_default().to_owned(),
                raw,
                set,
                data,
                execute,
            }
        })
        .collect()
}

/// The oracle, for Go's timings.
struct Oracle {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Oracle {
    fn start() -> Option<Self> {
        let root = Path::new(
            &std::env::var("CARGO_MANIFEST_DIR")
                .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
        )
        .join("../..");
        let out = Command::new(root.join("tools/oracle.sh"))
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let mut child = Command::new(path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        let stdin = child.stdin.take()?;
        let stdout = BufReader::new(child.stdout.take()?);
        Some(Self {
            child,
            stdin,
            stdout,
        })
    }

    /// Go's mean time per execution over `iterations`, and its output.
    fn bench(&mut self, case: &Case, execute: &str, iterations: u64) -> (f64, Vec<u8>) {
        let req = json!({
            "id": 1, "op": "go_template_bench", "templates": case.raw["templates"], "execute": execute,
            "data": case.raw["data"], "options": ["missingkey=zero"], "iterations": iterations,
            "helm_funcs": true, "stub_funcs": case.raw["stub_funcs"],
        });
        writeln!(self.stdin, "{req}").expect("oracle stdin");
        self.stdin.flush().expect("flush");
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("oracle stdout");
        let resp: Json = serde_json::from_str(&line).expect("oracle json");
        assert_eq!(resp["ok"], json!(true), "go_template_bench failed: {resp}");
        (
            resp["out"]["ns_per_op"].as_f64().unwrap_or(0.0),
            common::text(&resp["out"]["output"]),
        )
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn corpus(c: &mut Criterion) {
    let cases = load_cases();
    let mut oracle = Oracle::start();
    for case in &cases {
        for name in &case.execute {
            let mut out = Vec::new();
            case.set
                .execute(name, &case.data, &mut out)
                .expect("execute");
            if let Some(o) = oracle.as_mut() {
                let (_, go_out) = o.bench(case, name, 1);
                assert!(go_out == out, "{name}: rudder and Go differ");
            }
            let mut group = c.benchmark_group(name.replace('/', "__"));
            group
                .measurement_time(Duration::from_secs(3))
                .warm_up_time(Duration::from_secs(1))
                .sample_size(30);
            group.bench_function("rudder", |b| {
                let mut buf = Vec::with_capacity(out.len());
                b.iter(|| {
                    buf.clear();
                    case.set
                        .execute(name, &case.data, &mut buf)
                        .expect("execute");
                    buf.len()
                });
            });
            if let Some(o) = oracle.as_mut() {
                group.bench_function("go", |b| {
                    b.iter_custom(|iters| {
                        let (ns, _) = o.bench(case, name, iters);
                        Duration::from_nanos((ns * iters as f64) as u64)
                    });
                });
            }
            group.finish();
        }
        let _ = &case.chart;
    }
}

/// `RUDDER_BENCH_LOOP=<template>:<n>` runs one template `n` times and exits, for profilers.
fn profile_loop() -> bool {
    let Ok(spec) = std::env::var("RUDDER_BENCH_LOOP") else {
        return false;
    };
    let (name, n) = spec.rsplit_once(':').unwrap_or((&spec, "1000"));
    let n: usize = n.parse().unwrap_or(1000);
    let cases = load_cases();
    let mut buf = Vec::new();
    for case in &cases {
        if case.execute.iter().any(|e| e == name) {
            for _ in 0..n {
                buf.clear();
                case.set
                    .execute(name, &case.data, &mut buf)
                    .expect("execute");
            }
        }
    }
    true
}

criterion_group!(benches, corpus);

fn main() {
    if profile_loop() {
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
