//! Helm's client-side apply patches (`createPatch`: apimachinery's three-way strategic merge
//! patch, json-patch's merge patch) against the Go oracle's answers
//! (`conformance/strategicpatch`: hand-written cases and generated edits of Deployments,
//! Services, `ConfigMaps` and custom resources, and the three-way JSON merge patches of
//! `install --take-ownership` client-side (`threeway.*`, `gen/threeway.py`), lists longer than
//! 12 with equal sort keys (`sortties.*`, `gen/sortties.py`, Go's pdqsort order); regenerate with
//! `python3 conformance/strategicpatch/gen/vectors.py && tools/conformance-regen.sh conformance/strategicpatch`).

use std::path::PathBuf;

use rudder_kube::patch::{create_patch_with, upgrade_managed_fields_patch};
use serde_json::Value;

fn area() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../conformance/strategicpatch")
}

fn lines(path: &PathBuf) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn patches_match_apimachinery() {
    let (mut total, mut failures) = (0, Vec::new());
    for name in ["cases", "generated", "threeway", "sortties"] {
        let requests = lines(&area().join(format!("{name}.in.jsonl")));
        let responses = lines(&area().join(format!("{name}.out.jsonl")));
        assert_eq!(requests.len(), responses.len(), "{name}");
        for (req, resp) in requests.iter().zip(&responses) {
            assert_eq!(req["id"], resp["id"]);
            total += 1;
            let current = (!req["current"].is_null()).then_some(&req["current"]);
            let three_way = req["three_way_unstructured"].as_bool().unwrap_or(false);
            let got = create_patch_with(&req["original"], &req["modified"], current, three_way);
            let ok = match (&got, resp["ok"].as_bool().unwrap()) {
                (Ok(p), true) => {
                    resp["out"]["patch"] == p.body.as_str()
                        && resp["out"]["type"] == p.patch_type.content_type()
                }
                (Err(e), false) => resp["error"] == e.to_string().as_str(),
                _ => false,
            };
            if !ok {
                failures.push(format!("{}: got {got:?}, want {resp}", req["id"]));
            }
        }
    }
    assert!(total > 500, "{total} vectors");
    assert!(
        failures.is_empty(),
        "{} of {total} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The managed-fields migration before a server-side apply to a client-side release
/// (`csaupgrade.UpgradeManagedFieldsPatch` as Helm's `upgradeClientSideFieldManager` calls it;
/// `conformance/strategicpatch/csaupgrade.*`, written by `gen/csaupgrade.py`): the same JSON
/// patch bytes, the same "nothing to upgrade", the same error texts.
#[test]
fn managed_fields_upgrade_matches_csaupgrade() {
    let requests = lines(&area().join("csaupgrade.in.jsonl"));
    let responses = lines(&area().join("csaupgrade.out.jsonl"));
    assert_eq!(requests.len(), responses.len());
    let mut failures = Vec::new();
    for (req, resp) in requests.iter().zip(&responses) {
        assert_eq!(req["id"], resp["id"]);
        let manager = req["manager"].as_str().unwrap_or("helm");
        let got = upgrade_managed_fields_patch(&req["object"], manager);
        let ok = match (&got, resp["ok"].as_bool().unwrap()) {
            (Ok(patch), true) => resp["out"]["patch"].as_str() == patch.as_deref(),
            (Err(e), false) => resp["error"] == e.to_string().as_str(),
            _ => false,
        };
        if !ok {
            failures.push(format!("{}: got {got:?}, want {resp}", req["id"]));
        }
    }
    assert!(requests.len() >= 90, "{} vectors", requests.len());
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        requests.len(),
        failures.join("\n")
    );
}
