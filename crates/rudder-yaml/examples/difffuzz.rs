//! Differential fuzzer: random YAML documents, mutated corpus values files and random Go
//! values, each answered by rudder-yaml and by the Go oracle; every difference is printed and
//! saved.
//!
//! ```sh
//! cargo run --release -p rudder-yaml --example difffuzz -- --minutes 30 [--seed 1] [--out DIR]
//! ```
//! Parse cases go through `yaml_unmarshal` (all targets), `load_values` and `yaml_to_json`;
//! emit cases (values that parsed) through `yaml_marshal`, `yaml3_encode`, `json_marshal` and
//! `toml_encode`. Key sets on which go-yaml's key order is not total are skipped for the YAML
//! emitters (Go's own output varies from run to run there).
//!
//! A difference is asked of the oracle again (up to 16 times): when Go's own answer changes
//! from one call to the next and one of its answers is rudder's, the case is counted as "Go
//! nondeterministic" (saved as `nondet-ID.json`), not as a difference. That happens where Go
//! ranges over a map: `YAMLToJSON` of a document with several unsupported (null) keys names
//! whichever one Go's randomized map order meets first.

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

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
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) as f64 / 10_000.0 < p
    }
}

const ATOMS: &[&str] = &[
    "a",
    "key",
    "x y",
    "1",
    "0777",
    "0x1F",
    "1.5",
    "1e3",
    "yes",
    "no",
    "on",
    "~",
    "null",
    "true",
    "\"\"",
    "''",
    "\"q\\\"x\"",
    "'it''s'",
    "\"\\u00e9\"",
    "\"\\q\"",
    "-",
    "- x",
    "? x",
    ": x",
    "&a x",
    "*a",
    "!!str 1",
    "!!int x",
    "!!binary aGk=",
    "!foo bar",
    "[1, 2]",
    "{a: 1}",
    "[a, {b: c}]",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#c",
    "|",
    "|-",
    "|+",
    ">",
    ">-",
    "\"open",
    "'open",
    "@x",
    "`x",
    "%x",
    "--- x",
    "...",
    "2001-01-01",
    "1:20",
    ".inf",
    "-.inf",
    ".nan",
    "18446744073709551616",
    "0b101",
    "+1",
    ".5",
    "1.",
    "09",
    "1_000",
    "\t",
    "é",
    "😀",
    "a:b",
    "http://x:80/",
    "<<",
    "&a [*a]",
    "!!map x",
    "{a: 1, a: 2}",
    "[a: 1]",
    "{? a}",
    "! x",
    "\u{85}",
    "\u{2028}",
    "\u{feff}",
    "\r",
];
const KEYS: &[&str] = &[
    "a",
    "b",
    "key",
    "1",
    "1.5",
    "true",
    "on",
    "y",
    "~",
    "\"q\"",
    "'s'",
    "[1]",
    "{a: 1}",
    "<<",
    "? k",
    "*a",
    "&a k",
    "- x",
    "x y",
    "0x10",
    ".inf",
    "18446744073709551616",
    "é",
];

fn gen_block(r: &mut Rng, depth: usize, indent: usize, out: &mut Vec<String>) {
    let n = 1 + r.below(4);
    let mapping = r.chance(0.6);
    for _ in 0..n {
        let mut ind = " ".repeat(indent);
        if r.chance(0.05) {
            ind.pop();
        }
        if r.chance(0.03) {
            ind.push('\t');
        }
        if mapping {
            let k = r.pick(KEYS);
            if depth < 3 && r.chance(0.35) {
                out.push(format!("{ind}{k}:"));
                let step = *r.pick(&[0, 1, 2, 2, 2, 4]);
                gen_block(r, depth + 1, indent + step, out);
            } else {
                let sep = r.pick(&[": ", ": ", ":", " : ", ":  "]);
                out.push(format!("{ind}{k}{sep}{}", r.pick(ATOMS)));
            }
        } else if depth < 3 && r.chance(0.3) {
            out.push(format!("{ind}-"));
            let step = *r.pick(&[0, 2, 2, 4]);
            gen_block(r, depth + 1, indent + step, out);
        } else {
            out.push(format!("{ind}- {}", r.pick(ATOMS)));
        }
        if r.chance(0.1) {
            out.push(format!(
                "{ind}{}",
                r.pick(&["# c", "", "  ", "---", "...", "  x", "\t"])
            ));
        }
    }
}

fn gen_document(r: &mut Rng, corpus: &[String]) -> String {
    if !corpus.is_empty() && r.chance(0.3) {
        // A corpus file with a few lines dropped, duplicated, re-indented or garbled.
        let text = r.pick(corpus);
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        for _ in 0..=r.below(4) {
            if lines.is_empty() {
                break;
            }
            let i = r.below(lines.len());
            match r.below(5) {
                0 => {
                    lines.remove(i);
                }
                1 => {
                    let l = lines[i].clone();
                    lines.insert(i, l);
                }
                2 => lines[i].insert(0, ' '),
                3 => lines[i] = lines[i].trim_start().to_string(),
                _ => {
                    let a = r.pick(ATOMS).to_string();
                    let at = r.below(lines[i].len() + 1);
                    if lines[i].is_char_boundary(at) {
                        lines[i].insert_str(at, &a);
                    }
                }
            }
        }
        return lines.join("\n") + "\n";
    }
    if r.chance(0.15) {
        return (0..=r.below(4))
            .map(|_| *r.pick(ATOMS))
            .collect::<Vec<_>>()
            .join(" ");
    }
    let mut lines = Vec::new();
    gen_block(r, 0, 0, &mut lines);
    let sep = if r.chance(0.1) { "\r\n" } else { "\n" };
    lines.join(sep) + *r.pick(&["\n", "", "\n\n"])
}

/// Whether go-yaml's comparator orders every map's keys totally (see conformance vectors).
fn deterministic(v: &Json, v3: bool) -> bool {
    if let Some(m) = v.get("map").and_then(Json::as_object) {
        let keys: BTreeSet<&str> = m.keys().map(String::as_str).collect();
        if !support::total_order(&keys.into_iter().collect::<Vec<_>>(), v3) {
            return false;
        }
        return m.values().all(|x| deterministic(x, v3));
    }
    for k in ["list", "strings"] {
        if let Some(items) = v.get(k).and_then(Json::as_array) {
            return items.iter().all(|x| deterministic(x, v3));
        }
    }
    true
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let minutes: f64 = arg("--minutes").map_or(1.0, |s| s.parse().unwrap());
    let seed: u64 = arg("--seed").map_or(1, |s| s.parse().unwrap());
    let out_dir = arg("--out").unwrap_or_else(|| "/tmp/rudder-yaml-difffuzz".to_owned());
    std::fs::create_dir_all(&out_dir).unwrap();
    let corpus: Vec<String> = support::corpus_values_files()
        .into_iter()
        .filter(|t| t.len() < 40_000)
        .collect();

    let oracle = support::oracle_path();
    let mut child = Command::new(oracle)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("oracle");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut ask = |req: &Json| -> Json {
        writeln!(stdin, "{req}").unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        support::parse_line(&line)
    };

    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let deadline = Instant::now() + Duration::from_secs_f64(minutes * 60.0);
    let mut tally = Tally::default();
    let mut id = 0u64;
    while Instant::now() < deadline {
        let doc = gen_document(&mut r, &corpus);
        let mut reqs = vec![
            json!({"op": "yaml_unmarshal", "data": doc, "target": *r.pick(&["any", "map", "list"])}),
            json!({"op": *r.pick(&["load_values", "yaml_to_json"]), "data": doc}),
        ];
        for mut req in std::mem::take(&mut reqs) {
            id += 1;
            req["id"] = json!(id);
            let want = ask(&req);
            // Values that parsed become emit cases.
            if req["op"] == "yaml_unmarshal"
                && want["ok"] == json!(true)
                && let Some(value) = want.get("out")
            {
                let op = *r.pick(&[
                    "yaml_marshal",
                    "yaml3_encode",
                    "json_marshal",
                    "toml_encode",
                ]);
                let ok = match op {
                    "yaml_marshal" => deterministic(value, false),
                    "yaml3_encode" => deterministic(value, true),
                    _ => true,
                };
                if ok {
                    let mut emit = json!({"op": op, "value": value});
                    if op == "json_marshal" {
                        emit["mode"] = json!(*r.pick(&["plain", "indent", "raw"]));
                    }
                    reqs.push(emit);
                }
            }
            check(&req, &want, &mut tally, &out_dir, &mut ask);
        }
        for mut req in reqs {
            id += 1;
            req["id"] = json!(id);
            let want = ask(&req);
            check(&req, &want, &mut tally, &out_dir, &mut ask);
        }
    }
    drop(stdin);
    let _ = child.wait();
    println!(
        "{} cases compared, {} differ, {} Go nondeterministic, by op: {:?}",
        tally.compared, tally.differ, tally.nondeterministic, tally.by_op
    );
}

#[derive(Default)]
struct Tally {
    compared: u64,
    differ: u64,
    nondeterministic: u64,
    by_op: std::collections::BTreeMap<String, u64>,
}

fn check(
    req: &Json,
    want: &Json,
    tally: &mut Tally,
    out_dir: &str,
    ask: &mut dyn FnMut(&Json) -> Json,
) {
    let Some(got) = support::answer(req) else {
        return;
    };
    tally.compared += 1;
    *tally
        .by_op
        .entry(req["op"].as_str().unwrap_or("?").to_owned())
        .or_default() += 1;
    let want = support::adjust_expected(req, want);
    if got == want {
        return;
    }
    // Ask again: does Go itself answer this request in more than one way?
    let mut seen = vec![want.clone()];
    for _ in 0..16 {
        let again = support::adjust_expected(req, &ask(req));
        if !seen.contains(&again) {
            seen.push(again);
        }
        if seen.len() > 1 && seen.contains(&got) {
            break;
        }
    }
    let kind = if seen.len() > 1 && seen.contains(&got) {
        tally.nondeterministic += 1;
        "nondet"
    } else {
        tally.differ += 1;
        "diff"
    };
    let path = format!("{out_dir}/{kind}-{}.json", req["id"]);
    let record = json!({"request": req, "want": want, "got": got, "go_answers": seen});
    std::fs::write(&path, record.to_string()).unwrap();
    println!("{} {path}", kind.to_uppercase());
}
