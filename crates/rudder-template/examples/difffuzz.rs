//! The differential fuzzer: random templates and typed data run through rudder-template and
//! Go's text/template (the oracle, `tools/oracle.sh`); any difference in output or error text
//! is a failure, written as a request file under `conformance/template/fuzz-regressions/`
//! (regenerate its expected output with `tools/conformance-regen.sh`; the conformance test
//! then runs it forever after).
//!
//! ```sh
//! cargo run --release -p rudder-template --example difffuzz -- [--minutes N] [--seed S] [--batch B]
//! ```

#[path = "../tests/common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

/// A small, fast, seedable generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const KEYS: &[&str] = &[
    "a", "b", "c", "x", "n", "s", "f", "l", "m", "Values", "list", "name", "é", "_k", "K9",
];
const STRINGS: &[&str] = &[
    "",
    "a",
    "abc",
    "hello world",
    "é",
    "日本",
    "<no value>",
    "%d",
    "a\"b",
    "x\ny",
    "\t",
    "1",
    "true",
    "0x10",
    "-",
    "😀",
    "a%%b",
    "{{",
    "}}",
];

fn gen_scalar(r: &mut Rng) -> Json {
    match r.below(14) {
        0 => Json::Null,
        1 => Json::Bool(r.chance(50)),
        2 | 3 => json!(*r.pick(STRINGS)),
        4 => json!({"int": (r.below(21) as i64 - 5).to_string()}),
        5 => json!({"int64": (r.below(21) as i64 - 5).to_string()}),
        6 => {
            json!({"float64": r.pick(&["0", "1", "-1", "1.5", "3", "1e+06", "123456789", "0.0001", "1e-05", "-0", "2.5", "1e+21", "NaN", "+Inf"]).to_string()})
        }
        7 => json!({"uint8": r.below(256).to_string()}),
        8 => json!({"uint": r.below(10).to_string()}),
        9 => json!({"int32": (r.below(200) as i64 - 100).to_string()}),
        10 => json!({"float32": r.pick(&["0.1", "1.5", "16777217", "-2"]).to_string()}),
        11 => json!({"int8": (r.below(200) as i64 - 100).to_string()}),
        // Valid UTF-8 only (rudder's strings are UTF-8, see COMPATIBILITY.md), and whole
        // base64 groups: Go's decoder leaves spare capacity otherwise, which `slice` can see.
        12 => json!({"bytes": r.pick(&["", "aGkh", "AH9h", "w6lh"]).to_string()}),
        // Large magnitudes only below zero: `range` over a data value must stay short.
        _ => json!({"int": (-((r.next() >> 1) as i64 >> r.below(63))).to_string()}),
    }
}

fn gen_value(r: &mut Rng, depth: usize) -> Json {
    if depth > 3 || r.chance(55) {
        return gen_scalar(r);
    }
    match r.below(7) {
        0 | 1 => {
            let mut m = serde_json::Map::new();
            for _ in 0..r.below(5) {
                m.insert((*r.pick(KEYS)).to_owned(), gen_value(r, depth + 1));
            }
            match r.below(6) {
                0 => json!({"map": m, "type": "common.Values"}),
                1 => json!({"map": null}),
                _ => json!({"map": m}),
            }
        }
        2 => {
            let mut m = serde_json::Map::new();
            for _ in 0..r.below(4) {
                m.insert((*r.pick(KEYS)).to_owned(), json!(*r.pick(STRINGS)));
            }
            json!({"map": m, "type": "map[string]string"})
        }
        3 | 4 => {
            let items: Vec<Json> = (0..r.below(5)).map(|_| gen_value(r, depth + 1)).collect();
            if r.chance(10) {
                json!({"list": null})
            } else {
                json!({"list": items})
            }
        }
        5 => json!({"strings": (0..r.below(4)).map(|_| *r.pick(STRINGS)).collect::<Vec<_>>()}),
        _ => {
            json!({"ints": (0..r.below(4)).map(|_| (r.below(10) as i64 - 3).to_string()).collect::<Vec<_>>()})
        }
    }
}

fn gen_data(r: &mut Rng) -> Json {
    let mut m = serde_json::Map::new();
    for k in KEYS {
        if r.chance(60) {
            m.insert((*k).to_owned(), gen_value(r, 0));
        }
    }
    if r.chance(5) {
        return gen_value(r, 0);
    }
    json!({"map": m})
}

/// Functions and their usual argument counts (-1: variadic).
const FUNCS: &[(&str, i32)] = &[
    ("print", -1),
    ("printf", -1),
    ("println", -1),
    ("len", 1),
    ("index", -1),
    ("slice", -1),
    ("not", 1),
    ("and", -1),
    ("or", -1),
    ("eq", 2),
    ("ne", 2),
    ("lt", 2),
    ("le", 2),
    ("gt", 2),
    ("ge", 2),
    ("html", -1),
    ("js", -1),
    ("urlquery", -1),
    ("call", 1),
    ("typeOf", 1),
    ("echo", 1),
    ("oneArg", 1),
    ("twoArgs", 2),
    ("add", -1),
    ("int64Arg", 1),
    ("int8Arg", 1),
    ("uintArg", 1),
    ("uint8Arg", 1),
    ("float64Arg", 1),
    ("float32Arg", 1),
    ("boolArg", 1),
    ("listArg", 1),
    ("mapArg", 1),
    ("anyArgs", -1),
    ("joinArgs", -1),
    ("errIf", 1),
    ("dddArg", -1),
    ("mapOfThree", 0),
    ("returnInt", 0),
    ("zeroArgs", 0),
    ("makemap", -1),
];

struct Gen<'r> {
    r: &'r mut Rng,
    vars: Vec<String>,
    in_range: bool,
    defines: Vec<String>,
}

impl Gen<'_> {
    fn literal(&mut self) -> String {
        match self.r.below(16) {
            0 => "nil".into(),
            1 => "true".into(),
            2 => "false".into(),
            3 => (*self.r.pick(&[
                "0",
                "1",
                "-1",
                "3",
                "010",
                "0x1F",
                "0o7",
                "0b101",
                "1_000",
                "'a'",
                "'\\n'",
                "2.0",
                "2.5",
                "1e3",
                "-0.0",
                "1i",
                "1+2i",
                "0x1p-2",
                "9223372036854775807",
                "9223372036854775808",
                "-0x1e",
                ".5",
                "'é'",
            ]))
            .into(),
            4 | 5 => rudder_value::strconv::quote(self.r.pick::<&str>(STRINGS)),
            6 => format!("`{}`", self.r.pick(&["raw", "a\nb", "%s", ""])),
            _ => self.r.below(8).to_string(),
        }
    }

    fn field_chain(&mut self) -> String {
        let mut s = String::new();
        for _ in 0..=(if self.r.chance(70) {
            0
        } else {
            self.r.below(3)
        }) {
            s.push('.');
            s.push_str(self.r.pick::<&str>(KEYS));
        }
        s
    }

    fn operand(&mut self, depth: usize) -> String {
        match self.r.below(12) {
            0..=2 => self.field_chain(),
            3 => ".".into(),
            4 if !self.vars.is_empty() => {
                let v = self.r.pick(&self.vars).clone();
                if self.r.chance(30) {
                    format!("{v}{}", self.field_chain())
                } else {
                    v
                }
            }
            5 => "$".into(),
            6 if depth < 2 => format!("({})", self.pipeline(depth + 1)),
            7 if depth < 2 && self.r.chance(30) => {
                format!("({}){}", self.pipeline(depth + 1), self.field_chain())
            }
            _ => self.literal(),
        }
    }

    fn command(&mut self, depth: usize, first: bool) -> String {
        if first && self.r.chance(45) {
            return self.operand(depth);
        }
        let (f, arity) = *self.r.pick(FUNCS);
        let mut s = f.to_owned();
        if f == "printf" && self.r.chance(80) {
            let _ = write!(
                s,
                " {}",
                rudder_value::strconv::quote(self.r.pick::<&str>(&[
                    "%v",
                    "%d",
                    "%s %s",
                    "%q",
                    "%T",
                    "%5.2f",
                    "%x",
                    "%[2]v %[1]v",
                    "%-4v|",
                    "%!",
                    "%",
                    "%+v %#v",
                    "%v %v",
                    "%06.2f",
                    "%U",
                    "%c"
                ]))
            );
        }
        // Usually the right number of arguments (one fewer when a value is piped in).
        let n = if arity >= 0 && self.r.chance(75) {
            (arity as usize).saturating_sub(usize::from(!first && self.r.chance(80)))
        } else {
            self.r.below(4)
        };
        for _ in 0..n {
            s.push(' ');
            s.push_str(&self.operand(depth + 1));
        }
        s
    }

    fn pipeline(&mut self, depth: usize) -> String {
        let mut s = String::new();
        if depth == 0 && self.r.chance(15) {
            let v = format!("${}", self.r.pick(&["x", "y", "i", "v"]));
            let op = if self.vars.contains(&v) && self.r.chance(50) {
                "="
            } else {
                ":="
            };
            let _ = write!(s, "{v} {op} ");
            if !self.vars.contains(&v) {
                self.vars.push(v);
            }
        }
        s.push_str(&self.command(depth, true));
        for _ in 0..(if self.r.chance(70) {
            0
        } else {
            1 + self.r.below(2)
        }) {
            s.push_str(" | ");
            s.push_str(&self.command(depth, false));
        }
        s
    }

    fn action(&mut self, open: &str, close: &str) -> String {
        format!("{open}{}{close}", self.pipeline(0))
    }

    fn body(&mut self, depth: usize) -> String {
        let mut s = String::new();
        for _ in 0..self.r.below(4) {
            s.push_str(&self.node(depth));
        }
        s
    }

    fn node(&mut self, depth: usize) -> String {
        let (open, close) = (
            *self.r.pick(&["{{", "{{", "{{ ", "{{- ", "{{-\n"]),
            *self.r.pick(&["}}", "}}", " }}", " -}}", "\n-}}"]),
        );
        match self.r.below(if depth > 3 { 3 } else { 14 }) {
            0 => (*self
                .r
                .pick(&["text", " ", "\n", "a b\n  c", "é", "<no value>"]))
            .to_owned(),
            3 => format!("{open}/* c */{close}"),
            4 | 5 => {
                let kw = *self.r.pick(&["if", "with"]);
                let mark = self.vars.len();
                let mut s = format!(
                    "{open}{kw} {}{close}{}",
                    self.pipeline(0),
                    self.body(depth + 1)
                );
                if self.r.chance(40) {
                    if self.r.chance(50) {
                        let _ = write!(
                            s,
                            "{{{{else {kw} {}}}}}{}",
                            self.pipeline(0),
                            self.body(depth + 1)
                        );
                    }
                    let _ = write!(s, "{{{{else}}}}{}", self.body(depth + 1));
                }
                self.vars.truncate(mark);
                s + "{{end}}"
            }
            6 | 7 => {
                let mark = self.vars.len();
                let target = match self.r.below(4) {
                    0 => self.r.below(5).to_string(),
                    _ => self.field_chain(),
                };
                let decl = match self.r.below(3) {
                    0 => {
                        self.vars.push("$e".into());
                        "$e := ".to_owned()
                    }
                    1 => {
                        self.vars.push("$i".into());
                        self.vars.push("$e".into());
                        "$i, $e := ".to_owned()
                    }
                    _ => String::new(),
                };
                let was = self.in_range;
                self.in_range = true;
                let mut s = format!("{open}range {decl}{target}{close}{}", self.body(depth + 1));
                if self.r.chance(20) {
                    s.push_str(if self.r.chance(50) {
                        "{{break}}"
                    } else {
                        "{{continue}}"
                    });
                }
                self.in_range = was;
                if self.r.chance(30) {
                    let _ = write!(s, "{{{{else}}}}{}", self.body(depth + 1));
                }
                self.vars.truncate(mark);
                s + "{{end}}"
            }
            8 if !self.defines.is_empty() => {
                let name = self.r.pick(&self.defines).clone();
                format!(
                    "{open}template {} {}{close}",
                    rudder_value::strconv::quote(&name),
                    self.operand(1)
                )
            }
            9 if self.in_range => (*self.r.pick(&["{{break}}", "{{continue}}"])).to_owned(),
            _ => self.action(open, close),
        }
    }
}

/// Mutates a template text to exercise the lexer's and parser's error paths.
fn mutate(r: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..=r.below(3) {
        if chars.is_empty() {
            break;
        }
        let i = r.below(chars.len());
        match r.below(3) {
            0 => {
                chars.remove(i);
            }
            1 => chars.insert(
                i,
                *r.pick(&[
                    '{', '}', '(', ')', '|', '$', '.', '"', '`', '\'', '-', ' ', '\n', ':', '=',
                    ',', 'x', '0', '@', '\\',
                ]),
            ),
            _ => {
                let j = r.below(chars.len());
                chars.swap(i, j);
            }
        }
    }
    chars.into_iter().collect()
}

fn gen_request(r: &mut Rng, id: u64) -> Json {
    let mut templates = Vec::new();
    let mut defines = Vec::new();
    let n = 1 + usize::from(r.chance(30)) + usize::from(r.chance(10));
    for k in 0..n {
        // Define bodies never invoke templates: recursion (a body calling itself twice) could
        // run for ever in both engines.
        let mut g = Gen {
            r,
            vars: Vec::new(),
            in_range: false,
            defines: Vec::new(),
        };
        let mut text = String::new();
        if g.r.chance(30) {
            let name = (*g.r.pick(&["d", "e", "t0", "x"])).to_owned();
            let body = g.body(1);
            let kw = if g.r.chance(25) { "block" } else { "define" };
            if kw == "block" {
                let _ = write!(
                    text,
                    "{{{{block {} .}}}}{body}{{{{end}}}}",
                    rudder_value::strconv::quote(&name)
                );
            } else {
                let _ = write!(
                    text,
                    "{{{{define {}}}}}{body}{{{{end}}}}",
                    rudder_value::strconv::quote(&name)
                );
            }
            defines.push(name);
            g.defines.clone_from(&defines);
        }
        text.push_str(&g.body(0));
        if r.chance(12) {
            text = mutate(r, &text);
        }
        templates.push(json!({"name": format!("t{k}"), "text": text}));
    }
    let mut req = json!({
        "id": format!("fuzz-{id}"),
        "op": "go_template_funcs",
        "templates": templates,
        "data": gen_data(r),
    });
    if r.chance(30) {
        req["options"] =
            json!([*r.pick(&["missingkey=zero", "missingkey=error", "missingkey=default"])]);
    }
    if r.chance(10) {
        req["execute"] = json!(*r.pick(&["d", "e", "t1", "nope"]));
    }
    req
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let minutes = arg("--minutes").unwrap_or(1);
    let seed = arg("--seed").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1
    });
    let batch = arg("--batch").unwrap_or(500) as usize;
    let root = std::path::Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..");
    let oracle = Command::new(root.join("tools/oracle.sh"))
        .output()
        .expect("tools/oracle.sh");
    let oracle_path = String::from_utf8_lossy(&oracle.stdout).trim().to_owned();
    let mut oracle = Oracle::start(&oracle_path);
    let out_dir = root.join("conformance/template/fuzz-regressions");
    let mut r = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(minutes * 60);
    let (mut compared, mut failures, mut id, mut known) = (0u64, 0u64, 0u64, 0u64);
    // Outcomes seen: ok, parse error, exec error, other.
    let mut kinds = [0u64; 4];
    let dump = std::env::var("DIFFFUZZ_DUMP").is_ok();
    eprintln!("difffuzz: seed {seed}, {minutes} min, batches of {batch}");
    while Instant::now() < deadline {
        let reqs: Vec<Json> = (0..batch)
            .map(|_| {
                id += 1;
                gen_request(&mut r, id)
            })
            .collect();
        let mut buf = String::new();
        for q in &reqs {
            buf.push_str(&q.to_string());
            buf.push('\n');
        }
        oracle.send(buf);
        let mut slow: Vec<(Duration, String)> = Vec::new();
        let mut oracle_time = Duration::ZERO;
        let mut rudder_time = Duration::ZERO;
        for q in &reqs {
            let t0 = Instant::now();
            let Some(line) = oracle.recv(Duration::from_secs(20)) else {
                // Go is still running this one (or died): restart, drop the rest of the batch.
                eprintln!("difffuzz: the oracle did not answer in 20s, skipping: {q}");
                oracle = Oracle::start(&oracle_path);
                break;
            };
            oracle_time += t0.elapsed();
            let resp: Json = serde_json::from_str(&line).expect("oracle response");
            let want = common::expected(&resp);
            let t0 = Instant::now();
            let got = match common::run_request(q) {
                Ok(o) => o,
                Err(e) => panic!("{e}: {q}"),
            };
            let took = t0.elapsed();
            rudder_time += took;
            if took > Duration::from_millis(50) {
                slow.push((took, q.to_string()));
            }
            compared += 1;
            kinds[match &want {
                common::Outcome::Ok(_) => 0,
                common::Outcome::Err { phase: "parse", .. } => 1,
                common::Outcome::Err { phase: "exec", .. } => 2,
                _ => 3,
            }] += 1;
            if dump {
                eprintln!("{q}\n  => {want:?}");
            }
            if got != want && line.contains("string_b64") {
                // Go produced a string that is not UTF-8: a known divergence (COMPATIBILITY.md).
                known += 1;
                continue;
            }
            if got != want {
                failures += 1;
                let name = format!(
                    "{:016x}",
                    seed ^ id_hash(q["id"].as_str().unwrap_or_default())
                );
                let mut q = q.clone();
                q["id"] = json!(format!("fuzz/{name}"));
                std::fs::create_dir_all(&out_dir).ok();
                let path = out_dir.join(format!("{name}.in.jsonl"));
                std::fs::write(&path, format!("{q}\n")).expect("write reproducer");
                eprintln!(
                    "DIFF {}\n  want {want:?}\n  got  {got:?}\n  -> {}",
                    q,
                    path.display()
                );
            }
        }
        if dump {
            for (t, q) in &slow {
                eprintln!("slow {t:?}: {q}");
            }
        }
        eprintln!("  (oracle wait {oracle_time:?}, rudder {rudder_time:?})");
        eprintln!(
            "difffuzz: {compared} compared ({} ok, {} parse errors, {} exec errors, {} other), {failures} differences, {known} known (non-UTF-8)",
            kinds[0], kinds[1], kinds[2], kinds[3]
        );
    }
    drop(oracle);
    println!(
        "difffuzz: seed {seed}: {compared} cases compared, {failures} differences, {known} known divergences (non-UTF-8 strings)"
    );
    if failures > 0 {
        std::process::exit(1);
    }
}

/// The oracle process: requests written from their own thread (the oracle answers while it
/// reads; a full pipe in each direction would otherwise deadlock), responses read from another
/// so that a request Go never finishes can be given up on.
struct Oracle {
    child: std::process::Child,
    requests: Option<std::sync::mpsc::Sender<String>>,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Oracle {
    fn start(path: &str) -> Self {
        let mut child = Command::new(path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the oracle");
        let mut stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (requests, batches) = std::sync::mpsc::channel::<String>();
        std::thread::spawn(move || {
            for batch in batches {
                if stdin
                    .write_all(batch.as_bytes())
                    .and_then(|()| stdin.flush())
                    .is_err()
                {
                    break;
                }
            }
        });
        let (send_line, lines) = std::sync::mpsc::channel::<String>();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if send_line.send(line).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Self {
            child,
            requests: Some(requests),
            lines,
        }
    }

    fn send(&self, batch: String) {
        if let Some(tx) = &self.requests {
            let _ = tx.send(batch);
        }
    }

    fn recv(&self, timeout: Duration) -> Option<String> {
        self.lines.recv_timeout(timeout).ok()
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        self.requests.take();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn id_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
