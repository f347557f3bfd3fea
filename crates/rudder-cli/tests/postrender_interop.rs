//! Post-renderer plugins on the local cluster (`RUDDER_TEST_KUBECONFIG`), rudder against the
//! reference Helm.
//!
//! A `postrenderer/v1` plugin in the test's Helm data directory adds the label
//! `post-rendered: <its argument>` to every document it is given; Helm 4's default
//! (`combined`) gives it the hooks too. Three namespaces run the same steps (install with the
//! plugin, upgrade with another argument, upgrade without the plugin, install --dry-run of a
//! second release): the reference Helm alone, Helm and rudder taking turns, rudder alone.
//! After every step the output, the objects (labels, annotations, data, the `helm` field
//! manager), the release records (manifest and hooks as post-rendered) and `helm history`
//! must be the same, and the hook object must carry the label.
//!
//! Without the variable the test says so loudly and passes without running.

mod cluster;

use cluster::{Env, unique};
use serde_json::Value as Json;

const CHART: &[(&str, &str)] = &[
    ("Chart.yaml", "apiVersion: v2\nname: pr\nversion: 0.1.0\n"),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n  labels:\n    app: pr\ndata:\n  # kept through the round trip\n  a: b\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-secret\nstringData:\n  k: v\n",
    ),
    (
        "templates/hook.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-hook\n  annotations:\n    \"helm.sh/hook\": pre-install,pre-upgrade\ndata:\n  x: \"z\"\n",
    ),
    (
        "templates/NOTES.txt",
        "Release {{ .Release.Name }} post-rendered.\n",
    ),
];

/// The plugin's program: the label's value is the first argument (`none` without one).
const LABELER: &str = r#"#!/bin/sh
value="${1:-none}"
exec awk -v value="$value" '
function add() { print "  labels:"; print "    post-rendered: \"" value "\"" }
/^metadata:$/ { print; inmeta = 1; done = 0; next }
inmeta && /^  labels:$/ { print; print "    post-rendered: \"" value "\""; done = 1; next }
inmeta && !/^  / { if (!done) add(); inmeta = 0 }
{ print }
END { if (inmeta && !done) add() }
'
"#;

const OBJECTS: &[(&str, &str, &str)] = &[
    ("v1", "ConfigMap", "web-cm"),
    ("v1", "ConfigMap", "web-hook"),
    ("v1", "Secret", "web-secret"),
];

fn normalize(object: &Json) -> Json {
    let meta = &object["metadata"];
    let managers: Vec<Json> = meta["managedFields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter(|f| f["manager"] == "helm")
                .map(|f| serde_json::json!([f["manager"], f["operation"], f["fieldsV1"]]))
                .collect()
        })
        .unwrap_or_default();
    serde_json::json!({
        "annotations": meta["annotations"],
        "labels": meta["labels"],
        "managers": managers,
        "data": object["data"],
    })
}

fn install_plugin(env: &Env) {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = env.home.path().join("data/plugins/labeler");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("plugin.yaml"),
        "name: labeler\nversion: 0.1.0\ntype: postrenderer/v1\napiVersion: v1\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n  - command: ${HELM_PLUGIN_DIR}/run.sh\n",
    )
    .unwrap();
    std::fs::write(dir.join("run.sh"), LABELER).unwrap();
    std::fs::set_permissions(dir.join("run.sh"), std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn post_rendered_release_as_helm() {
    let Some(env) = Env::new("pr", CHART) else {
        return;
    };
    install_plugin(&env);
    let id = unique();
    let chart = env.chart_arg();
    let lanes = [
        (format!("ph-{id}"), ["helm"; 4]),
        (format!("pm-{id}"), ["helm", "rudder", "helm", "rudder"]),
        (format!("pr-{id}"), ["rudder"; 4]),
    ];
    let steps: Vec<(&str, Vec<&str>)> = vec![
        (
            "install",
            vec![
                "install",
                "web",
                &chart,
                "--create-namespace",
                "--post-renderer",
                "labeler",
                "--post-renderer-args",
                "one",
            ],
        ),
        (
            "upgrade",
            vec![
                "upgrade",
                "web",
                &chart,
                "--post-renderer",
                "labeler",
                "--post-renderer-args",
                "two",
            ],
        ),
        ("upgrade without", vec!["upgrade", "web", &chart]),
        (
            "dry run",
            vec![
                "install",
                "other",
                &chart,
                "--dry-run=server",
                "--post-renderer",
                "labeler",
            ],
        ),
    ];
    for (i, (step, args)) in steps.iter().enumerate() {
        let mut results = Vec::new();
        for (ns, tools) in &lanes {
            let output = env.run(tools[i], ns, args);
            let history = env.history_table(ns, "web");
            results.push((
                output,
                history,
                env.snapshot(ns, OBJECTS, "web", 4, normalize),
            ));
        }
        cluster::assert_lanes_same(step, &results, |n| format!("{:?}", lanes[n].1[i]));
        assert!(
            results[0].0.starts_with("status Some(0)"),
            "{step}: {}",
            results[0].0
        );
        let hook_label = &results[0].2["ConfigMap/web-hook"]["labels"]["post-rendered"];
        let want = match *step {
            "install" => "one",
            "upgrade" => "two",
            _ => "",
        };
        if !want.is_empty() {
            assert_eq!(hook_label, want, "{step}: the hook went through the plugin");
        }
    }
}
