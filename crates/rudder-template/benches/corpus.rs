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
use rudder_value::{ElemType, List, Map, Str, Value};
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

/// Go's `pad + strings.ReplaceAll(s, "\n", "\n"+pad)`, with a leading newline for `nindent`.
fn indent(newline: bool, n: i64, s: &str) -> String {
    let n = usize::try_from(n).unwrap_or(0);
    let lines = s.bytes().filter(|&b| b == b'\n').count();
    let mut out = String::with_capacity(s.len() + (lines + 1) * (n + 1) + 1);
    if newline {
        out.push('\n');
    }
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.extend(std::iter::repeat_n(' ', n));
        out.push_str(line);
    }
    out
}

/// The same stand-ins as the oracle's `benchFuncs` and `stub` (strings taken as shared `Str`,
/// as Go passes strings, without copying).
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
        Func::typed(|n: i64, s: Str| {
            if n >= 0 && s.len() as i64 > n {
                Str::from(String::from_utf8_lossy(&s.as_bytes()[..n as usize]))
            } else {
                s
            }
        }),
    );
    f.insert(
        "trimSuffix",
        Func::typed(|suffix: Str, s: Str| match s.strip_suffix(&*suffix) {
            Some(t) => Str::from(t),
            None => s,
        }),
    );
    f.insert(
        "replace",
        Func::typed(|old: Str, new: Str, s: Str| s.replace(&*old, &new)),
    );
    f.insert(
        "contains",
        Func::typed(|sub: Str, s: Str| s.contains(&*sub)),
    );
    f.insert("indent", Func::typed(|n: i64, s: Str| indent(false, n, &s)));
    f.insert("nindent", Func::typed(|n: i64, s: Str| indent(true, n, &s)));
    f.insert("upper", Func::typed(|s: Str| s.to_uppercase()));
    f.insert("lower", Func::typed(|s: Str| s.to_lowercase()));
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
    f.insert("hasKey", Func::typed(|m: Map, k: Str| m.contains_key(&k)));
    f.insert("empty", Func::typed(|v: Value| !truth(&v)));
    f.insert(
        "toString",
        Func::typed(|v: Value| rudder_value::fmt::to_string(&v)),
    );
    f.insert(
        "trim",
        Func::typed(|s: Str| Str::from(s.trim_matches(rudder_value::unicode::is_space))),
    );
    f.insert("b64enc", Func::typed(|s: Str| base64(s.as_bytes())));
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
        let (wall, _, out) = self.bench_cpu(case, execute, iterations);
        (wall, out)
    }

    /// Go's mean wall time and mean process CPU time (all threads) per execution.
    fn bench_cpu(&mut self, case: &Case, execute: &str, iterations: u64) -> (f64, f64, Vec<u8>) {
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
            resp["out"]["cpu_ns_per_op"].as_f64().unwrap_or(f64::NAN),
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

/// CPU time of this thread so far, in nanoseconds (`CLOCK_THREAD_CPUTIME_ID`, exact to the
/// nanosecond; waiting for a core on a busy machine does not count).
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
#[allow(
    unsafe_code,
    reason = "clock_gettime has no safe std wrapper; bench-only"
)]
fn thread_cpu_ns() -> u64 {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &raw mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    u64::try_from(ts.sec).unwrap_or(0) * 1_000_000_000 + u64::try_from(ts.nsec).unwrap_or(0)
}

/// Elsewhere: wall time (the figures are then wall time twice).
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn thread_cpu_ns() -> u64 {
    static START: std::sync::LazyLock<std::time::Instant> =
        std::sync::LazyLock::new(std::time::Instant::now);
    START.elapsed().as_nanos() as u64
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        f64::midpoint(v[n / 2 - 1], v[n / 2])
    }
}

/// `RUDDER_BENCH_RATIOS=<rounds>[:<batch ms>]`: for every template, `rounds` rounds, each
/// one batch of rudder executions and one batch of Go's (the order alternating), every batch
/// about `batch ms` of CPU time; prints the medians per execution of CPU time (rudder's thread,
/// Go's whole process with its garbage collector) and of wall time, Go's over rudder's, and
/// the geometric means. CPU time is the figure to quote on a shared machine: waiting for a
/// core does not count.
fn ratios() -> bool {
    let Ok(spec) = std::env::var("RUDDER_BENCH_RATIOS") else {
        return false;
    };
    let (rounds, batch_ms) = spec.split_once(':').unwrap_or((&spec, "50"));
    let rounds: usize = rounds.parse().unwrap_or(21).max(1);
    let target_ns: f64 = batch_ms.parse::<f64>().unwrap_or(50.0) * 1e6;
    let filter = std::env::var("RUDDER_BENCH_FILTER").unwrap_or_default();
    let cases = load_cases();
    let Some(mut oracle) = Oracle::start() else {
        eprintln!("the oracle did not start");
        return true;
    };
    println!(
        "{:<64} {:>10} {:>10} {:>7} {:>10} {:>10} {:>7}",
        "template", "rudder cpu", "go cpu", "ratio", "rudder", "go", "wall"
    );
    let (mut cpu_ratios, mut wall_ratios) = (Vec::new(), Vec::new());
    for case in &cases {
        for name in case.execute.iter().filter(|n| n.contains(&filter)) {
            let mut buf = Vec::new();
            case.set
                .execute(name, &case.data, &mut buf)
                .expect("execute");
            let (_, go_cpu, go_out) = oracle.bench_cpu(case, name, 20);
            assert!(go_out == buf, "{name}: rudder and Go differ");
            // Calibrate both batch sizes to about `target_ns` each.
            let run = |n: u64, buf: &mut Vec<u8>| {
                let (c0, t0) = (thread_cpu_ns(), std::time::Instant::now());
                for _ in 0..n {
                    buf.clear();
                    case.set.execute(name, &case.data, buf).expect("execute");
                }
                let cpu = (thread_cpu_ns() - c0) as f64 / n as f64;
                (t0.elapsed().as_nanos() as f64 / n as f64, cpu)
            };
            let (_, r_cpu) = run(20, &mut buf);
            let n_rudder = (target_ns / r_cpu.max(1.0)).clamp(1.0, 1e6) as u64;
            let n_go = (target_ns / go_cpu.max(1.0)).clamp(1.0, 1e6) as u64;
            let (mut rc, mut rw, mut gc, mut gw) = (vec![], vec![], vec![], vec![]);
            for round in 0..rounds {
                let mut go = |gc: &mut Vec<f64>, gw: &mut Vec<f64>| {
                    let (w, c, _) = oracle.bench_cpu(case, name, n_go);
                    gw.push(w);
                    gc.push(c);
                };
                if round % 2 == 1 {
                    go(&mut gc, &mut gw);
                }
                let (w, c) = run(n_rudder, &mut buf);
                rw.push(w);
                rc.push(c);
                if round % 2 == 0 {
                    go(&mut gc, &mut gw);
                }
            }
            let (rc, rw, gc, gw) = (
                median(&mut rc),
                median(&mut rw),
                median(&mut gc),
                median(&mut gw),
            );
            cpu_ratios.push(gc / rc);
            wall_ratios.push(gw / rw);
            println!(
                "{:<64} {:>8.1}µs {:>8.1}µs {:>6.2}x {:>8.1}µs {:>8.1}µs {:>6.2}x",
                name.replace('/', "__"),
                rc / 1e3,
                gc / 1e3,
                gc / rc,
                rw / 1e3,
                gw / 1e3,
                gw / rw
            );
        }
    }
    let geo = |v: &[f64]| (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp();
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    if !cpu_ratios.is_empty() {
        println!(
            "{} templates, {rounds} rounds: CPU geometric mean {:.2}x (min {:.2}x), wall geometric mean {:.2}x (min {:.2}x)",
            cpu_ratios.len(),
            geo(&cpu_ratios),
            min(&cpu_ratios),
            geo(&wall_ratios),
            min(&wall_ratios)
        );
    }
    true
}

criterion_group!(benches, corpus);

fn main() {
    if profile_loop() || ratios() {
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
