//! Side-by-side timings with Go for the 30 Sprig functions the corpus charts call most
//! (ranked by `grep` over /work/shared/corpus/charts; Helm's own `include`, `toYaml`,
//! `required`, `fail` and `tpl` excluded):
//!
//! ```sh
//! cargo run --release -p rudder-sprig --example bench_vs_go [-- ITERATIONS]
//! ```
//!
//! Each function runs in a one-action template over chart-like data. Go's time comes from
//! the oracle's `sprig_bench` op (the template parsed once, executed N times), rudder's from
//! the same loop here; both sides' outputs are checked to be equal. Each side runs 5 rounds,
//! interleaved, and the fastest round counts (the figure least disturbed by other load).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

use rudder_template::Templates;
use rudder_value::{List, Map, Value};
use serde_json::json;

/// (function, template) in corpus-frequency order.
const CASES: &[(&str, &str)] = &[
    ("nindent", r"{{ nindent 4 .text }}"),
    (
        "dict",
        r#"{{ $d := dict "name" .name "labels" .labels "n" 3 }}{{ len $d }}"#,
    ),
    ("default", r#"{{ default "nginx" .empty }}"#),
    ("quote", r"{{ quote .name }}"),
    ("indent", r"{{ indent 8 .text }}"),
    ("hasKey", r#"{{ hasKey .labels "app" }}"#),
    ("dig", r#"{{ dig "a" "b" "c" "fallback" .nested }}"#),
    ("trimSuffix", r#"{{ trimSuffix "-" .name }}"#),
    ("list", r#"{{ len (list 1 "two" 3.0 .name) }}"#),
    ("trunc", r"{{ trunc 63 .long }}"),
    (
        "set",
        r#"{{ $d := dict }}{{ $_ := set $d "k" .name }}{{ len $d }}"#,
    ),
    ("semverCompare", r#"{{ semverCompare ">=1.19-0" .kube }}"#),
    ("empty", r"{{ empty .labels }}"),
    ("trim", r"{{ trim .padded }}"),
    (
        "mergeOverwrite",
        r#"{{ $d := mergeOverwrite (dict "app" "x") .labels }}{{ len $d }}"#,
    ),
    ("toString", r"{{ toString .port }}"),
    ("kindIs", r#"{{ kindIs "map" .labels }}"#),
    ("b64enc", r"{{ b64enc .long }}"),
    (
        "merge",
        r#"{{ $d := merge (dict "app" "x") .labels }}{{ len $d }}"#,
    ),
    ("has", r#"{{ has "b" .items }}"#),
    ("ternary", r#"{{ ternary "yes" "no" .flag }}"#),
    ("contains", r#"{{ contains "name" .long }}"#),
    ("int", r"{{ int .port }}"),
    ("append", r#"{{ len (append .items "z") }}"#),
    ("first", r"{{ first .items }}"),
    ("values", r"{{ len (values .labels) }}"),
    ("concat", r"{{ len (concat .items .items) }}"),
    ("get", r#"{{ get .labels "app" }}"#),
    ("deepCopy", r"{{ len (deepCopy .nested) }}"),
    ("omit", r#"{{ len (omit .labels "app") }}"#),
];

fn data() -> (Value, serde_json::Value) {
    let labels = Map::new();
    let mut labels_json = serde_json::Map::new();
    for (k, v) in [
        ("app", "web"),
        ("tier", "frontend"),
        ("release", "prod"),
        ("team", "core"),
    ] {
        labels.insert(k, Value::string(v));
        labels_json.insert(k.into(), json!(v));
    }
    let c = Map::new();
    c.insert("c", Value::string("deep"));
    let b = Map::new();
    b.insert("b", Value::Map(c));
    let nested = Map::new();
    nested.insert("a", Value::Map(b));
    let m = Map::new();
    let text = "line one\nline two\nline three";
    let long = "my-release-name-that-is-quite-long-and-exceeds-the-kubernetes-limit-of-63";
    m.insert("text", Value::string(text));
    m.insert("name", Value::string("my-release-"));
    m.insert("long", Value::string(long));
    m.insert("padded", Value::string("  spaced  "));
    m.insert("empty", Value::string(""));
    m.insert("kube", Value::string("v1.30.2-gke.100"));
    m.insert("port", Value::float64(8080.0));
    m.insert("flag", Value::Bool(true));
    m.insert("labels", Value::Map(labels));
    m.insert("nested", Value::Map(nested));
    m.insert(
        "items",
        Value::List(List::new(vec![
            Value::string("a"),
            Value::string("b"),
            Value::string("c"),
        ])),
    );
    let typed = json!({"map": {
        "text": text, "name": "my-release-", "long": long, "padded": "  spaced  ", "empty": "",
        "kube": "v1.30.2-gke.100", "port": {"float64": "8080"}, "flag": true,
        "labels": {"map": labels_json},
        "nested": {"map": {"a": {"map": {"b": {"map": {"c": "deep"}}}}}},
        "items": {"list": ["a", "b", "c"]},
    }});
    (Value::Map(m), typed)
}

fn oracle() -> Option<String> {
    if let Ok(p) = std::env::var("ORACLE") {
        return Some(p);
    }
    let root = &format!(
        "{}/../..",
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
    );
    let out = Command::new(format!("{root}/tools/oracle.sh"))
        .stderr(Stdio::null())
        .output()
        .ok()?;
    Some(String::from_utf8(out.stdout).ok()?.trim().to_owned())
}

fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let (value, typed) = data();
    let mut child = Command::new(oracle().expect("the Go oracle (tools/oracle.sh)"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("oracle");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let funcs = rudder_sprig::functions(&rudder_sprig::Options::default());
    println!("| function | Go ns/op | rudder ns/op | rudder/Go |");
    println!("|---|---:|---:|---:|");
    let mut ratios = Vec::new();
    for (name, template) in CASES {
        let mut t = Templates::new("t");
        t.funcs(funcs.clone());
        t.parse("t", template).expect("parse");
        let (mut go_best, mut rust_best) = (f64::MAX, f64::MAX);
        let mut outputs = (String::new(), String::new());
        for _ in 0..5 {
            let req = json!({"id": 1, "op": "sprig_bench", "template": template, "data": typed, "iterations": iterations});
            writeln!(stdin, "{req}").expect("write");
            stdin.flush().expect("flush");
            let mut line = String::new();
            stdout.read_line(&mut line).expect("read");
            let resp: serde_json::Value = serde_json::from_str(&line).expect("json");
            assert_eq!(resp["ok"], true, "{name}: {resp}");
            go_best = go_best.min(resp["out"]["ns_per_op"].as_f64().unwrap_or(f64::MAX));
            resp["out"]["output"]
                .as_str()
                .unwrap_or_default()
                .clone_into(&mut outputs.0);
            let mut out = Vec::with_capacity(256);
            let start = Instant::now();
            for _ in 0..iterations {
                out.clear();
                t.execute("t", &value, &mut out).expect("execute");
            }
            rust_best = rust_best.min(start.elapsed().as_nanos() as f64 / iterations as f64);
            outputs.1 = String::from_utf8_lossy(&out).into_owned();
        }
        assert_eq!(outputs.0, outputs.1, "{name}: outputs differ");
        let ratio = rust_best / go_best;
        ratios.push(ratio);
        println!("| `{name}` | {go_best:.0} | {rust_best:.0} | {ratio:.2} |");
    }
    drop(stdin);
    let _ = child.wait();
    let geo = (ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64).exp();
    println!("\ngeometric mean rudder/Go: {geo:.2} ({iterations} iterations, best of 5 rounds)");
}
