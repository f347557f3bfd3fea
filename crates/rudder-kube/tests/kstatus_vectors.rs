//! kstatus' `status.Compute` and Helm's Job and Pod rules against the Go oracle's answers
//! (`conformance/kstatus`: fluxcd/cli-utils' own test objects, generated variations and
//! malformed shapes; and Helm's legacy `ReadyChecker` through `legacy_ready`; regenerate with `tools/conformance-regen.sh conformance/kstatus`).

use std::path::PathBuf;

use rudder_kube::kstatus::{self, Outcome};
use serde_json::{Value, json};

fn area() -> PathBuf {
    PathBuf::from(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../../conformance/kstatus")
}

fn lines(path: &PathBuf) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn outcome_json(o: &Outcome) -> Value {
    let conditions: Vec<Value> = o
        .conditions
        .iter()
        .map(|c| json!({"type": c.kind, "status": c.status, "reason": c.reason, "message": c.message}))
        .collect();
    json!({"status": o.status.as_str(), "message": o.message, "conditions": conditions})
}

#[test]
fn kstatus_vectors_match_the_go_library() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(area())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".in.jsonl"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let (mut total, mut failures) = (0, Vec::new());
    for input in files {
        let output = PathBuf::from(input.to_string_lossy().replace(".in.jsonl", ".out.jsonl"));
        let requests = lines(&input);
        let responses = lines(&output);
        assert_eq!(requests.len(), responses.len(), "{}", output.display());
        for (req, resp) in requests.iter().zip(&responses) {
            assert_eq!(req["id"], resp["id"]);
            total += 1;
            let object = &req["object"];
            if req["op"] == "legacy_ready" {
                let related = req["related"].as_array().cloned().unwrap_or_default();
                let check_jobs = req["check_jobs"].as_bool().unwrap_or(false);
                let got = kstatus::legacy_ready(object, &related, check_jobs);
                let ok = match (&got, resp["ok"].as_bool().unwrap()) {
                    (Ok(ready), true) => json!({"ready": ready}) == resp["out"],
                    (Err(e), false) => e.0 == resp["error"].as_str().unwrap(),
                    _ => false,
                };
                if !ok {
                    failures.push(format!("{}: got {got:?}\n  want {resp}", req["id"]));
                }
                continue;
            }
            let got = match req["reader"].as_str().unwrap_or("compute") {
                "compute" => kstatus::compute(object),
                "helm_job" => kstatus::helm_job_status(object),
                "helm_pod" => Ok(kstatus::helm_pod_status(object)),
                other => panic!("unknown reader {other}"),
            };
            let ok = match (&got, resp["ok"].as_bool().unwrap()) {
                (Ok(o), true) => outcome_json(o) == resp["out"],
                (Err(e), false) if resp.get("panic").is_some() => {
                    // Go panics on some malformed Pods; rudder reports the panic's text.
                    e.0 == resp["panic"].as_str().unwrap()
                }
                (Err(e), false) => e.0 == resp["error"].as_str().unwrap(),
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{}: got {:?}\n  want {}",
                    req["id"],
                    got.map(|o| outcome_json(&o)),
                    resp
                ));
            }
        }
    }
    assert!(total >= 500, "only {total} vectors");
    assert!(
        failures.is_empty(),
        "{} of {total} vectors differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{total} kstatus vectors match");
}
