//! Runs every conformance vector of `conformance/template` and `conformance/fmt` (requests
//! and the Go oracle's responses) through rudder-template and asserts identical output or
//! error text. See `crates/rudder-template/README.md`.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{Outcome, expected, run_request};
use serde_json::Value as Json;

fn root() -> PathBuf {
    Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..")
}

/// Vector files of an area: `(requests, responses)` pairs.
fn files(area: &str) -> Vec<(PathBuf, PathBuf)> {
    let dir = root().join("conformance").join(area);
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Some(name) = p.file_name().and_then(|n| n.to_str())
                && let Some(stem) = name.strip_suffix(".in.jsonl")
            {
                out.push((p.clone(), p.with_file_name(format!("{stem}.out.jsonl"))));
            }
        }
    }
    out.sort();
    out
}

fn lines(path: &Path) -> Vec<Json> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}: {l}", path.display())))
        .collect()
}

fn show(o: &Outcome) -> String {
    match o {
        Outcome::Ok(b) => format!("ok {:?}", String::from_utf8_lossy(b)),
        Outcome::Err {
            phase,
            error,
            partial,
        } => format!(
            "{phase} error {error:?}{}",
            partial
                .as_ref()
                .map(|p| format!(" (partial {:?})", String::from_utf8_lossy(p)))
                .unwrap_or_default()
        ),
        Outcome::Panic(p) => format!("panic {p:?}"),
    }
}

/// Runs the vectors of `area`, returning (cases, failures).
fn run_area(area: &str) -> (usize, Vec<String>) {
    // RUDDER_VECTORS=substring runs only the vectors whose id contains it.
    let filter = std::env::var("RUDDER_VECTORS").unwrap_or_default();
    let mut cases = 0;
    let mut failures = Vec::new();
    for (input, output) in files(area) {
        // Vectors of accepted divergences (COMPATIBILITY.md) must still differ: a change that
        // makes one match should move it out of there.
        let known = input
            .components()
            .any(|c| c.as_os_str() == "known-divergences");
        let responses: HashMap<String, Json> = lines(&output)
            .into_iter()
            .map(|r| (r["id"].to_string(), r))
            .collect();
        for req in lines(&input) {
            let id = req["id"].to_string();
            if !id.contains(&filter) {
                continue;
            }
            let Some(resp) = responses.get(&id) else {
                failures.push(format!("{id}: no response in {}", output.display()));
                continue;
            };
            cases += 1;
            let want = expected(resp);
            let got = match run_request(&req) {
                Ok(o) => o,
                Err(e) => {
                    failures.push(format!("{id}: cannot run: {e}"));
                    continue;
                }
            };
            if known {
                if got == want {
                    failures.push(format!(
                        "{id}: a known divergence now matches Go; move it out of known-divergences"
                    ));
                }
                continue;
            }
            if got != want {
                failures.push(format!(
                    "{id}\n    template: {}\n    want: {}\n    got:  {}",
                    req.get("template")
                        .or(req.get("templates"))
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    show(&want),
                    show(&got)
                ));
            }
        }
    }
    (cases, failures)
}

fn check(area: &str) {
    let (cases, failures) = run_area(area);
    assert!(cases > 0, "no vectors in conformance/{area}");
    if !failures.is_empty() {
        let shown: Vec<&String> = failures.iter().take(60).collect();
        panic!(
            "{} of {cases} {area} vectors differ from Go:\n{}",
            failures.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    eprintln!("{area}: {cases} vectors match Go");
}

#[test]
fn template_vectors() {
    check("template");
}

#[test]
fn fmt_vectors() {
    check("fmt");
}
