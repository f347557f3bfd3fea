//! Every `conformance/kyaml/*.in.jsonl` request (oracle op `kyaml_postrender`: Helm's own
//! `annotateAndMerge` / `splitAndDeannotate`, and kyaml's `kio.ParseAll` + `kio.StringAll`)
//! through [`rudder_engine::manifest::annotate_and_merge`],
//! [`rudder_engine::manifest::split_and_deannotate`] and [`rudder_yaml::kyaml`], compared byte
//! for byte with the recorded responses.
//!
//! `RUDDER_VECTORS=<substring>` runs only the requests whose id contains it;
//! `KYAML_SHOW=<n>` prints the first `n` differences.
//!
//! Not every vector matches yet: the test prints the count per file and fails when fewer than
//! [`MIN_IDENTICAL`] are identical (a ratchet: raise it as the round trip improves).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rudder_engine::manifest::{annotate_and_merge, split_and_deannotate};
use serde_json::{Value as Json, json};

/// The number of vectors known to be identical (all files together).
const MIN_IDENTICAL: usize = 2655;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn lines(path: &Path) -> Vec<Json> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn error(text: &str) -> Json {
    json!({"ok": false, "error": text, "phase": "kyaml"})
}

/// Where Go panics (Helm would crash), rudder returns an error carrying the panic's text.
fn failure(e: &rudder_engine::manifest::PostRenderError) -> Json {
    match e.go_panic() {
        Some(p) => json!({"ok": false, "panic": p}),
        None => error(&e.to_string()),
    }
}

fn answer(req: &Json) -> Json {
    let data = req.get("data").and_then(Json::as_str).unwrap_or_default();
    match req.get("mode").and_then(Json::as_str) {
        Some("merge") => {
            let files: Vec<(String, String)> = req["files"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                        .collect()
                })
                .unwrap_or_default();
            match annotate_and_merge(&files) {
                Ok(s) => json!({"ok": true, "out": s}),
                Err(e) => failure(&e),
            }
        }
        Some("split") => {
            let prefix = req.get("prefix").and_then(Json::as_str).unwrap_or_default();
            match split_and_deannotate(data, prefix) {
                Ok(files) => {
                    let m: serde_json::Map<String, Json> = files
                        .into_iter()
                        .map(|(k, v)| (k, Json::String(v)))
                        .collect();
                    json!({"ok": true, "out": m})
                }
                Err(e) => failure(&e),
            }
        }
        Some("roundtrip") => match rudder_yaml::kyaml::parse_all(data)
            .and_then(|docs| rudder_yaml::kyaml::string_all(&docs))
        {
            Ok(s) => json!({"ok": true, "out": s}),
            Err(e) if e.kind() == rudder_yaml::ErrorKind::Panic => {
                json!({"ok": false, "panic": e.message()})
            }
            Err(e) => error(&e.to_string()),
        },
        other => panic!("unknown mode {other:?}"),
    }
}

#[test]
fn kyaml_vectors() {
    let dir = root().join("conformance/kyaml");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("conformance/kyaml")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".in.jsonl"))
        .collect();
    files.sort();
    let filter = std::env::var("RUDDER_VECTORS").unwrap_or_default();
    let mut show: usize = std::env::var("KYAML_SHOW")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (mut total, mut identical) = (0, 0);
    for input in files {
        let output = PathBuf::from(input.to_string_lossy().replace(".in.jsonl", ".out.jsonl"));
        let expected: HashMap<String, Json> = lines(&output)
            .into_iter()
            .map(|r| (r["id"].to_string(), r))
            .collect();
        let (mut t, mut ok) = (0, 0);
        for req in lines(&input) {
            let id = req["id"].to_string();
            if !id.contains(&filter) {
                continue;
            }
            let mut want = expected[&id].clone();
            if let Some(m) = want.as_object_mut() {
                m.remove("id");
            }
            let got = answer(&req);
            t += 1;
            if got == want {
                ok += 1;
            } else if show > 0 {
                show -= 1;
                eprintln!("--- {id}\nwant: {want}\ngot:  {got}");
            }
        }
        eprintln!(
            "{}: {ok}/{t} identical",
            input.file_name().unwrap_or_default().to_string_lossy()
        );
        total += t;
        identical += ok;
    }
    eprintln!("kyaml vectors: {identical}/{total} identical");
    if filter.is_empty() {
        assert!(
            identical >= MIN_IDENTICAL,
            "{identical} identical, fewer than the {MIN_IDENTICAL} known"
        );
    }
}
