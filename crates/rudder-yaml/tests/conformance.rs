//! Runs every conformance vector of this crate's areas (`conformance/{yaml,json,toml}`):
//! each request through rudder-yaml, each response compared with the Go oracle's.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

fn root() -> PathBuf {
    Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..")
}

fn vector_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for area in ["yaml", "json", "toml"] {
        let dir = root().join("conformance").join(area);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.to_string_lossy().ends_with(".in.jsonl") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn lines(path: &Path) -> Vec<Json> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(support::parse_line)
        .collect()
}

#[test]
fn conformance_vectors() {
    // Deeply nested vectors: compare and drop them on a big stack.
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

fn run() {
    let mut total = 0;
    let mut failures = Vec::new();
    for input in vector_files() {
        let output = PathBuf::from(input.to_string_lossy().replace(".in.jsonl", ".out.jsonl"));
        let requests = lines(&input);
        let responses = lines(&output);
        assert_eq!(requests.len(), responses.len(), "{}", input.display());
        for (req, want) in requests.iter().zip(&responses) {
            let Some(got) = support::answer(req) else {
                continue;
            };
            total += 1;
            let want = &support::adjust_expected(req, want);
            if &got != want {
                failures.push(format!(
                    "{} {}\n  request: {req}\n  want: {want}\n  got:  {got}",
                    input.file_name().unwrap().to_string_lossy(),
                    req["id"]
                ));
            }
        }
    }
    let shown: Vec<&String> = failures.iter().take(30).collect();
    assert!(
        failures.is_empty(),
        "{} of {total} vectors differ:\n{}",
        failures.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!("{total} vectors passed");
}
