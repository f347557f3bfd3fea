//! Runs every `conformance/sprig/*.in.jsonl` request through rudder-template with
//! rudder-sprig's functions and compares with the Go oracle's recorded response: identical
//! output, or identical error text. `RUDDER_VECTORS=substring` runs only matching ids.

mod common;

use std::collections::HashMap;

use common::{Outcome, expected, lines, root, run};

/// Vectors where Go prints invalid UTF-8 (a byte-based function cut a character in two):
/// rudder's strings are UTF-8 and print U+FFFD there instead (COMPATIBILITY.md). They are
/// compared after replacing Go's invalid bytes with U+FFFD; every other vector byte for byte.
const INVALID_UTF8: &[&str] = &[
    "strings/trunc-9",
    "strings/substr-11",
    "strings/abbrev-7",
    "strings/wrap-12",
];

/// Vectors rudder does not match yet, each with the reason (and a line in COMPATIBILITY.md).
const KNOWN_DIVERGENT: &[(&str, &str)] = &[
    // A map passed to a `map[string]interface {}` parameter keeps its named type
    // (`common.Values`) in rudder; Go converts it, so functions returning the same map
    // (`set`, `unset`, `merge`, `mergeOverwrite`) return a plain map in Go.
    ("dicts/merge-into-values-type", "retyped map"),
    ("dicts/get-set-11", "retyped map"),
    // rudder-value has no element type for nested slices: `chunk`'s `[][]interface {}`
    // reports as `[]interface {}`.
    ("lists/chunk-edge-12", "nested slice type"),
    ("lists/mustChunk-edge-12", "nested slice type"),
];

#[test]
fn sprig_vectors_match_the_oracle() {
    let filter = std::env::var("RUDDER_VECTORS").unwrap_or_default();
    let dir = root().join("conformance/sprig");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("conformance/sprig")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".in.jsonl"))
        .collect();
    files.sort();
    let (mut total, mut failures) = (0, Vec::new());
    for input in files {
        let name = input
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".in.jsonl", "");
        let output = input.with_file_name(format!("{name}.out.jsonl"));
        let responses: HashMap<String, serde_json::Value> = lines(&output)
            .into_iter()
            .map(|r| (r["id"].to_string(), r))
            .collect();
        for req in lines(&input) {
            let id = req["id"].to_string();
            if !id.contains(&filter) || req["op"] != "sprig_template" {
                continue;
            }
            let key = format!("{name}/{}", id.trim_matches('"'));
            if KNOWN_DIVERGENT.iter().any(|(k, _)| *k == key) {
                continue;
            }
            total += 1;
            let response = &responses[&id];
            let invalid = response.to_string().contains("string_b64");
            assert_eq!(
                invalid,
                INVALID_UTF8.contains(&key.as_str()),
                "{key}: Go's output is{} valid UTF-8; update INVALID_UTF8",
                if invalid { " not" } else { "" }
            );
            let want = expected(response);
            let got = std::panic::catch_unwind(|| run(&req))
                .unwrap_or_else(|_| Outcome::Panic("rust panic".into()));
            if got != want {
                failures.push(format!(
                    "{key}: {}\n    want {want:?}\n    got  {got:?}",
                    req["template"]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} sprig vectors differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{total} sprig vectors match");
}
