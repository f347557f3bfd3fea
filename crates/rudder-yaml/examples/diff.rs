//! Compares rudder-yaml with the Go oracle on a file of oracle requests (JSON lines).
//!
//! ```sh
//! cargo run -p rudder-yaml --example diff -- requests.jsonl [--all]
//! ```
//! The oracle binary is `$ORACLE`, else `tools/oracle.sh`'s. Prints every request whose
//! responses differ, and a count.

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn oracle_path() -> String {
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

fn main() {
    // Deeply nested vectors: compare and drop them on a big stack.
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

fn run() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().expect("a requests file");
    let show_all = args.iter().any(|a| a == "--all");
    let text = std::fs::read_to_string(path).unwrap();
    let requests: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(support::parse_line)
        .collect();
    let mut child = Command::new(oracle_path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("oracle");
    let mut stdin = child.stdin.take().unwrap();
    let reqs = requests.clone();
    let writer = std::thread::spawn(move || {
        for r in &reqs {
            writeln!(stdin, "{r}").unwrap();
        }
    });
    let reader = BufReader::new(child.stdout.take().unwrap());
    let mut diffs = 0;
    let mut compared = 0;
    for (req, line) in requests.iter().zip(reader.lines()) {
        let want: serde_json::Value = support::parse_line(&line.unwrap());
        let Some(got) = support::answer(req) else {
            continue;
        };
        let want = support::adjust_expected(req, &want);
        compared += 1;
        if got != want || show_all {
            if got != want {
                diffs += 1;
            }
            println!("request: {req}\n  want: {want}\n  got:  {got}");
        }
    }
    writer.join().unwrap();
    let _ = child.wait();
    println!("{compared} compared, {diffs} differ");
}
