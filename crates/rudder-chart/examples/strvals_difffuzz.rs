//! Differential fuzzer for the `--set` family: random set lines (assignments built from the
//! grammar's pieces — dotted and escaped names, list indices near and past the limits,
//! typed, list, JSON and file values — then mutated byte by byte), run through
//! `rudder_chart::strvals` and through Helm's `pkg/strvals` in the Go oracle (`strvals` op),
//! into fresh maps and into typed bases. Any difference in the map, the partial map after an
//! error or the error text is a failure: printed, and saved as a request line under `--out`
//! (default `/tmp/rudder-strvals-difffuzz/`) to be added to `conformance/strvals/`.
//!
//! ```sh
//! cargo run --release -p rudder-chart --example strvals_difffuzz -- --minutes 30 [--seed N]
//! ```

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rudder_chart::strvals;
use rudder_value::{Map, Value};
use serde_json::{Value as Json, json};
use support::typed;

/// xorshift64*: small, deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const SEGMENTS: &[&str] = &[
    "a", "a", "b", "b", "c", "x", "name", "k-1", "1", "true", "null", "日本", "a\\.b", "a\\=b",
    "a\\,b", "a\\[0]", "\\a", "a b", " a", "a ", "", "é", "a\\", "{x}", "\"q\"",
];
const INDICES: &[&str] = &[
    "0",
    "0",
    "1",
    "1",
    "2",
    "3",
    "5",
    "65536",
    "65537",
    "-1",
    "01",
    "+1",
    "x",
    " 1",
    "",
    "1 ",
    "99999999999999999999",
];
const VALUES: &[&str] = &[
    "1",
    "0",
    "-3",
    "+3",
    "007",
    "00",
    "1.5",
    "1e3",
    "0x10",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "true",
    "FALSE",
    "tRuE",
    "null",
    "Null",
    "nil",
    "yes",
    "x",
    "",
    "a\\,b",
    "a\\",
    "\\{x}",
    " sp ",
    "x=y",
    "日本",
    "f1",
    "f2",
    "missing",
    "{a,b}",
    "{1,true,null}",
    "{}",
    "{,}",
    "{a",
    "{a\\,b,c}",
    "{a}b",
    "{f1,missing}",
    "\"s\"",
    "\"\\u00e9\"",
    "\"\\ud800\"",
    "\"x",
    "[1,2]",
    "[]",
    "[1,",
    "[1 2]",
    "{\"k\":[1,{\"x\":null}]}",
    "{\"k\":1}}",
    "{\"a\" 1}",
    "tru",
    "1e999",
    " 5 ",
    "1.",
    "-",
    ".5",
    "[[[]]]",
    "\"\\q\"",
];
const NOISE: &[&str] = &[
    "a", "b", "=", "=", ".", ",", ",", "[", "]", "{", "}", "\\", "0", "1", "9", "-", " ", "\"",
    "x", "true", "null", "{\"k\":", "[1", "é", "\t", "\u{0}",
];

/// One `name=value` assignment (sometimes without `=` or value).
fn assignment(r: &mut Rng) -> String {
    let mut s = String::new();
    let most = if r.chance(5) { 33 } else { 4 };
    for i in 0..=r.below(most) {
        if i > 0 {
            s.push('.');
        }
        s.push_str(r.pick(SEGMENTS));
        while r.chance(25) {
            s.push('[');
            s.push_str(r.pick(INDICES));
            s.push(']');
        }
    }
    if r.chance(93) {
        s.push('=');
        if r.chance(95) {
            s.push_str(r.pick(VALUES));
        }
    }
    s
}

fn line(r: &mut Rng) -> String {
    if r.chance(10) {
        // Pure noise over the grammar's alphabet.
        return (0..r.below(16)).map(|_| r.pick(NOISE)).collect();
    }
    let mut s = String::new();
    for i in 0..=r.below(4) {
        if i > 0 {
            s.push_str(if r.chance(5) { ",," } else { "," });
        }
        s.push_str(&assignment(r));
    }
    if r.chance(5) {
        s.push(',');
    }
    // Byte-level mutations at char boundaries.
    let mutations = if r.chance(35) { 1 + r.below(2) } else { 0 };
    for _ in 0..mutations {
        if r.chance(50) || s.is_empty() {
            let at = r.below(s.len() + 1);
            if s.is_char_boundary(at) {
                s.insert_str(at, r.pick(NOISE));
            }
        } else {
            let at = r.below(s.len());
            if s.is_char_boundary(at)
                && let Some(c) = s[at..].chars().next()
            {
                s.replace_range(at..at + c.len_utf8(), "");
            }
        }
    }
    s
}

fn bases() -> Vec<Json> {
    let i = |n: i64| json!({"int64": n.to_string()});
    vec![
        json!({"map": {}}),
        json!({"map": {"a": i(1)}}),
        json!({"map": {"a": null}}),
        json!({"map": {"a": "s", "b": true}}),
        json!({"map": {"a": {"map": {"b": i(1), "x": {"float64": "1.5"}}}}}),
        json!({"map": {"a": {"map": null}}}),
        json!({"map": {"a": {"map": {"x": "y"}, "type": "map[string]string"}}}),
        json!({"map": {"a": {"map": {"x": "y"}, "type": "common.Values"}}}),
        json!({"map": {"a": {"list": [i(1), i(2), i(3)]}}}),
        json!({"map": {"a": {"list": null}}}),
        json!({"map": {"a": {"strings": ["x"]}}}),
        json!({"map": {"a": {"list": [{"list": [i(1)]}, null, {"map": {"b": {"float64": "2.5"}}}]}}}),
    ]
}

fn request(r: &mut Rng, bases: &[Json]) -> Json {
    let data = line(r);
    let func = r.pick(&[
        "parse",
        "parse_string",
        "parse_literal",
        "parse_json",
        "parse_file",
        "parse_into",
        "parse_into_string",
        "parse_literal_into",
        "parse_into_file",
        "to_yaml",
    ]);
    let mut req = json!({"op": "strvals", "func": func, "data": data});
    let into = func.ends_with("_into") || func.starts_with("parse_into");
    if into || (func == "parse_json" && r.chance(50)) {
        req["base"] = bases[r.below(bases.len())].clone();
    }
    if func.ends_with("file") {
        req["files"] = json!({"f1": "one", "f2": "two\nlines\n", "x": "3", "a": "", "1": "1"});
    }
    req
}

/// rudder's response to a `strvals` request (as `tests/conformance_strvals.rs` answers it).
fn answer(req: &Json) -> Json {
    let data = req["data"].as_str().unwrap_or_default();
    let func = req["func"].as_str().unwrap_or_default();
    let files = req.get("files").cloned().unwrap_or_else(|| json!({}));
    let mut reader = |p: &str| -> Result<Value, strvals::ReaderError> {
        match files.get(p).and_then(Json::as_str) {
            Some(s) => Ok(Value::string(s)),
            None => Err(format!("open {p}: no such file or directory").into()),
        }
    };
    if func == "to_yaml" {
        return match strvals::to_yaml(data) {
            Ok(s) => support::ok(Json::String(s)),
            Err(e) => support::err("parse", &e.to_string(), &[]),
        };
    }
    let dest = match req.get("base").map(typed::decode) {
        Some(Value::Map(m)) => m,
        _ => Map::new(),
    };
    let result = match func {
        "parse" | "parse_into" => strvals::parse_into(data, &dest),
        "parse_string" | "parse_into_string" => strvals::parse_into_string(data, &dest),
        "parse_literal" | "parse_literal_into" => strvals::parse_literal_into(data, &dest),
        "parse_json" => strvals::parse_json(data, &dest),
        _ => strvals::parse_into_file(data, &dest, &mut reader),
    };
    let out = typed::encode(&Value::Map(dest));
    match result {
        Ok(()) => support::ok(out),
        Err(e) => support::err("parse", &e.to_string(), &[("partial", out)]),
    }
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn oracle_path() -> String {
    if let Ok(p) = std::env::var("ORACLE") {
        return p;
    }
    let out = Command::new(support::root().join("tools/oracle.sh"))
        .output()
        .expect("tools/oracle.sh");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn run() {
    let minutes: f64 = arg("--minutes").map_or(1.0, |s| s.parse().expect("--minutes"));
    let seed: u64 = arg("--seed").map_or_else(
        || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs())
        },
        |s| s.parse().expect("--seed"),
    );
    let out_dir = arg("--out").unwrap_or_else(|| "/tmp/rudder-strvals-difffuzz".to_owned());
    std::fs::create_dir_all(&out_dir).expect("--out");
    let mut child = Command::new(oracle_path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the oracle");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));

    let bases = bases();
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(minutes * 60.0);
    let (mut compared, mut ok, mut errors, mut differ) = (0u64, 0u64, 0u64, 0u64);
    let mut last_report = Instant::now();
    eprintln!("strvals_difffuzz: seed {seed}, {minutes} min");
    while Instant::now() < deadline {
        let batch: Vec<Json> = (0..200)
            .map(|i| {
                let mut q = request(&mut r, &bases);
                q["id"] = json!(compared + i);
                q
            })
            .collect();
        let mut text = String::new();
        for q in &batch {
            text.push_str(&q.to_string());
            text.push('\n');
        }
        let answers: Vec<Json> = std::thread::scope(|s| {
            let stdin = &mut stdin;
            s.spawn(move || {
                stdin.write_all(text.as_bytes()).expect("oracle stdin");
                stdin.flush().expect("oracle stdin");
            });
            batch
                .iter()
                .map(|_| {
                    let mut l = String::new();
                    stdout.read_line(&mut l).expect("oracle stdout");
                    support::parse_line(&l)
                })
                .collect()
        });
        for (q, want) in batch.iter().zip(&answers) {
            assert_eq!(q["id"], want["id"], "oracle out of step");
            let want = support::strip_id(want);
            compared += 1;
            if want["ok"] == json!(true) {
                ok += 1;
            } else {
                errors += 1;
            }
            if want.get("panic").is_some() || want["phase"] == json!("request") {
                eprintln!("oracle refused {q}: {want}");
                continue;
            }
            let got = answer(q);
            if got != want {
                differ += 1;
                let mut req = q.clone();
                if let Some(o) = req.as_object_mut() {
                    o.remove("id");
                }
                let path = format!("{out_dir}/diff-{seed}-{}.in.jsonl", q["id"]);
                std::fs::write(&path, format!("{req}\n")).expect("write reproducer");
                println!("DIFF {path}\n  request: {req}\n  want:    {want}\n  got:     {got}");
            }
        }
        if last_report.elapsed() > Duration::from_mins(1) {
            last_report = Instant::now();
            eprintln!(
                "strvals_difffuzz: {compared} compared ({ok} ok, {errors} errors), {differ} differences, {:.1} min",
                start.elapsed().as_secs_f64() / 60.0
            );
        }
    }
    drop(stdin);
    let _ = child.wait();
    println!(
        "strvals_difffuzz: seed {seed}: {compared} cases compared ({ok} ok, {errors} errors) in {:.1} min, {differ} differences",
        start.elapsed().as_secs_f64() / 60.0
    );
}

fn main() {
    // Deeply nested values (`a[0][0]...`, JSON arrays) recurse in the typed encoding.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .expect("thread")
        .join()
        .expect("strvals_difffuzz");
}
