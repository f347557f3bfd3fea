//! Side-by-side timings with Go on the corpus's largest values files:
//!
//! ```sh
//! cargo run --release -p rudder-yaml --example bench_vs_go [-- N]
//! ```
//! For each file: `sigs.k8s.io/yaml.Unmarshal` into a map and `Marshal` of the result, timed
//! in Go by the oracle's `yaml_bench` op and here by the same loop. Each side runs ROUNDS
//! rounds of N iterations (default 10 x 10), interleaved, and the fastest round counts: the
//! minimum is the figure least disturbed by other load on the machine.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use rudder_value::Value;

fn oracle() -> String {
    if let Ok(p) = std::env::var("ORACLE") {
        return p;
    }
    let root = &format!(
        "{}/../..",
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
    );
    let out = Command::new(format!("{root}/tools/oracle.sh"))
        .output()
        .expect("tools/oracle.sh");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn files() -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from("/work/shared/corpus/charts");
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "values.yaml")
                && let Ok(data) = std::fs::read(&p)
            {
                files.push((
                    p.strip_prefix(&root).unwrap_or(&p).display().to_string(),
                    data,
                ));
            }
        }
    }
    files.sort_by_key(|(_, d)| std::cmp::Reverse(d.len()));
    files.truncate(5);
    files
}

fn go_times(data: &[u8], n: usize) -> (f64, f64) {
    let req = serde_json::json!({
        "id": 1, "op": "yaml_bench", "data": String::from_utf8_lossy(data), "iterations": n
    });
    let mut child = Command::new(oracle())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("oracle");
    writeln!(child.stdin.take().unwrap(), "{req}").unwrap();
    let out = child.wait_with_output().unwrap();
    let resp: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ns = |k: &str| resp["out"][k].as_str().unwrap().parse::<f64>().unwrap();
    (ns("unmarshal_ns"), ns("marshal_ns"))
}

const ROUNDS: usize = 10;

fn main() {
    let n: usize = std::env::args().nth(1).map_or(10, |s| s.parse().unwrap());
    println!(
        "{:<58} {:>9} {:>10} {:>10} {:>6} {:>10} {:>10} {:>6}",
        "file", "KiB", "parse Go", "parse Rust", "x", "emit Go", "emit Rust", "x"
    );
    for (name, data) in files() {
        let value = Value::Map(rudder_yaml::sigs::unmarshal_map(&data).unwrap());
        let (mut go_parse, mut go_emit) = (f64::MAX, f64::MAX);
        let (mut parse, mut emit) = (f64::MAX, f64::MAX);
        for _ in 0..ROUNDS {
            let (p, e) = go_times(&data, n);
            go_parse = go_parse.min(p);
            go_emit = go_emit.min(e);
            let start = Instant::now();
            for _ in 0..n {
                std::hint::black_box(
                    rudder_yaml::sigs::unmarshal_map(std::hint::black_box(&data)).unwrap(),
                );
            }
            parse = parse.min(start.elapsed().as_nanos() as f64 / n as f64);
            let start = Instant::now();
            for _ in 0..n {
                std::hint::black_box(
                    rudder_yaml::sigs::marshal(std::hint::black_box(&value)).unwrap(),
                );
            }
            emit = emit.min(start.elapsed().as_nanos() as f64 / n as f64);
        }
        println!(
            "{:<58} {:>9} {:>8.2}ms {:>8.2}ms {:>5.1}x {:>8.2}ms {:>8.2}ms {:>5.1}x",
            name,
            data.len() / 1024,
            go_parse / 1e6,
            parse / 1e6,
            go_parse / parse,
            go_emit / 1e6,
            emit / 1e6,
            go_emit / emit
        );
    }
}
