//! The remaining client-side apply flows on the local cluster (`RUDDER_TEST_KUBECONFIG`),
//! rudder against the reference Helm, tool by tool:
//!
//! - `install --take-ownership --server-side=false` of a custom resource another manager
//!   created: Helm's three-way JSON merge patch (the live object's extra fields kept, the
//!   chart's values set, the ownership metadata added), then client-side upgrades of it;
//! - the hooks of a client-side release (created client-side, replaced before each upgrade);
//! - a client-side upgrade beside an HPA-like manager that took `.spec.replicas` (Helm's
//!   three-way patch sets the chart's replicas again);
//! - `upgrade` and `install --dry-run=server --server-side=false`;
//! - `rollback --force-replace`;
//! - the move to server-side apply and `upgrade --server-side=auto` on the server-side release.
//!
//! Three namespaces run the same steps: the reference Helm alone, Helm and rudder taking turns
//! starting with Helm, and the mirror image. After every step the command output, the cluster
//! objects (spec, labels, annotations, `managedFields` managers, operations and field sets;
//! server-set fields removed), the release records and `helm history` must be the same.
//!
//! Without the variable the tests say so loudly and pass without running.

mod cluster;

use cluster::{Env, unique};
use serde_json::{Value as Json, json};

/// `(manager, operation)` of an object's `managedFields` (status writes left out).
fn managers(object: &Json) -> Vec<(String, String)> {
    object["metadata"]["managedFields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f.get("subresource").is_none())
        .map(|f| {
            (
                f["manager"].as_str().unwrap_or_default().to_owned(),
                f["operation"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn has(object: &Json, manager: &str, operation: &str) -> bool {
    managers(object).contains(&(manager.to_owned(), operation.to_owned()))
}

/// A step: its name, the arguments, and what another manager does to a lane's namespace
/// before it.
type Step<'a> = (&'a str, Vec<&'a str>, Option<fn(&Env, &str)>);

/// Runs `steps` in three lanes (Helm alone, Helm first, rudder first; the tools alternate
/// step by step) and compares each lane with the reference one; `check` says what the
/// reference Helm must have done at each step.
fn run_lanes(
    env: &Env,
    prefix: &str,
    objects: &[(&str, &str, &str)],
    release: &str,
    steps: &[Step<'_>],
    check: fn(&str, &str, &Json),
) {
    let id = unique();
    let lanes = [
        (format!("{prefix}h-{id}"), "helm", "helm"),
        (format!("{prefix}m-{id}"), "helm", "rudder"),
        (format!("{prefix}r-{id}"), "rudder", "helm"),
    ];
    for (i, (step, args, before)) in steps.iter().enumerate() {
        let mut results = Vec::new();
        for (ns, first, second) in &lanes {
            if let Some(before) = before {
                before(env, ns);
            }
            let tool = if i % 2 == 0 { first } else { second };
            let output = env.run(tool, ns, args);
            let history = env.history("helm", ns, release);
            results.push((
                output,
                history,
                env.snapshot(ns, objects, release, 8, cluster::without_server_fields),
            ));
        }
        check(step, &results[0].0, &results[0].2);
        cluster::assert_lanes_same(step, &results, |n| format!("{} first", lanes[n].1));
    }
}

fn ok(step: &str, output: &str) {
    assert!(output.starts_with("status Some(0)"), "{step}: {output}");
}

// --- install --take-ownership --server-side=false on a custom resource ---

const GROUP: &str = "csa2.rudder.test";

fn crd() -> Json {
    json!({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": format!("widgets.{GROUP}")},
        "spec": {
            "group": GROUP, "scope": "Namespaced",
            "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"},
            "versions": [{"name": "v1", "served": true, "storage": true,
                          "schema": {"openAPIV3Schema": {"type": "object",
                              "x-kubernetes-preserve-unknown-fields": true}}}]
        }
    })
}

const OWNERSHIP_CHART: &[(&str, &str)] = &[
    (
        "Chart.yaml",
        "apiVersion: v2\nname: owned\nversion: 0.1.0\ndescription: take-ownership of a custom resource\n",
    ),
    ("values.yaml", "size: 2\nmode: fast\nitems: [a, b]\n"),
    (
        "templates/widget.yaml",
        "apiVersion: csa2.rudder.test/v1\nkind: Widget\nmetadata:\n  name: gadget\n  labels:\n    tier: {{ .Values.mode }}\nspec:\n  size: {{ .Values.size }}\n  mode: {{ .Values.mode }}\n  items:\n{{- range .Values.items }}\n    - name: {{ . }}\n{{- end }}\n",
    ),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owned-cm\ndata:\n  mode: {{ .Values.mode | quote }}\n",
    ),
];

const OWNED_OBJECTS: &[(&str, &str, &str)] = &[
    ("csa2.rudder.test/v1", "Widget", "gadget"),
    ("v1", "ConfigMap", "owned-cm"),
];

/// Another tool created the Widget (and its namespace) before the release existed.
fn precreate_widget(env: &Env, ns: &str) {
    env.kubectl_apply(
        ns,
        "kubectl",
        &json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}),
    );
    env.kubectl_apply(
        ns,
        "kubectl",
        &json!({
            "apiVersion": format!("{GROUP}/v1"), "kind": "Widget",
            "metadata": {"name": "gadget", "namespace": ns, "labels": {"team": "other"}},
            "spec": {"size": 1, "extra": "kept", "items": [{"name": "z"}]}
        }),
    );
}

/// Another tool edits the Widget between releases.
fn edit_widget(env: &Env, ns: &str) {
    env.kubectl_apply(
        ns,
        "editor",
        &json!({
            "apiVersion": format!("{GROUP}/v1"), "kind": "Widget",
            "metadata": {"name": "gadget", "namespace": ns},
            "spec": {"note": "edited"}
        }),
    );
}

fn check_ownership(step: &str, output: &str, snapshot: &Json) {
    let widget = &snapshot["Widget/gadget"];
    match step {
        "install --take-ownership client-side" => {
            ok(step, output);
            // The three-way merge patch set the chart's fields and kept the live extras.
            assert_eq!(widget["spec"]["size"], 2, "{step}: {widget}");
            assert_eq!(widget["spec"]["mode"], "fast", "{step}: {widget}");
            assert_eq!(widget["spec"]["extra"], "kept", "{step}: {widget}");
            assert_eq!(
                widget["spec"]["items"],
                json!([{"name": "a"}, {"name": "b"}])
            );
            assert_eq!(
                widget["metadata"]["labels"]["team"], "other",
                "{step}: {widget}"
            );
            assert_eq!(
                widget["metadata"]["annotations"]["meta.helm.sh/release-name"], "owned",
                "{step}: {widget}"
            );
            assert!(has(widget, "helm", "Update"), "{step}: {widget}");
        }
        "upgrade client-side after an edit" => {
            ok(step, output);
            assert_eq!(widget["spec"]["size"], 3, "{step}: {widget}");
            assert_eq!(widget["spec"]["note"], "edited", "{step}: {widget}");
        }
        "uninstall" => {
            ok(step, output);
            assert!(widget.is_null(), "{step}: {widget}");
        }
        _ => {}
    }
}

#[test]
fn take_ownership_of_custom_resources_client_side() {
    let Some(env) = Env::new("owned", OWNERSHIP_CHART) else {
        return;
    };
    env.kubectl_apply("default", "csa2-test", &crd());
    // The CRD must be served before anything uses it.
    let mut served = false;
    for _ in 0..60 {
        let out = env.run(
            "helm",
            "default",
            &["template", "x", &env.chart_arg(), "--dry-run=server"],
        );
        if out.starts_with("status Some(0)") {
            served = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    assert!(served, "the Widget CRD is not served");
    let chart = env.chart_arg();
    let steps: Vec<Step<'_>> = vec![
        (
            "install --take-ownership client-side",
            vec![
                "install",
                "owned",
                &chart,
                "--take-ownership",
                "--server-side=false",
            ],
            Some(precreate_widget),
        ),
        (
            "upgrade client-side after an edit",
            vec![
                "upgrade",
                "owned",
                &chart,
                "--set",
                "size=3,mode=slow",
                "--set",
                "items={c}",
            ],
            Some(edit_widget),
        ),
        ("rollback client-side", vec!["rollback", "owned", "1"], None),
        ("uninstall", vec!["uninstall", "owned"], None),
    ];
    run_lanes(&env, "to", OWNED_OBJECTS, "owned", &steps, check_ownership);
}

// --- hooks, an HPA-like manager, server dry runs, rollback --force-replace, auto ---

const FLOWS_CHART: &[(&str, &str)] = &[
    (
        "Chart.yaml",
        "apiVersion: v2\nname: flows\nversion: 0.1.0\ndescription: client-side apply flows\n",
    ),
    ("values.yaml", "message: one\nreplicas: 1\n"),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  message: {{ .Values.message | quote }}\n",
    ),
    (
        "templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  replicas: {{ .Values.replicas }}\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n      annotations:\n        message: {{ .Values.message | quote }}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n",
    ),
    (
        "templates/hook.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-hook\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade,pre-rollback\n    helm.sh/hook-delete-policy: before-hook-creation\ndata:\n  message: {{ .Values.message | quote }}\n",
    ),
];

const FLOW_OBJECTS: &[(&str, &str, &str)] = &[
    ("v1", "ConfigMap", "web-cm"),
    ("v1", "ConfigMap", "web-hook"),
    ("apps/v1", "Deployment", "web-web"),
    ("v1", "ConfigMap", "dry-cm"),
];

/// An autoscaler takes `.spec.replicas` of the Deployment.
fn scale(env: &Env, ns: &str) {
    env.kubectl_apply(
        ns,
        "hpa-controller",
        &json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web-web", "namespace": ns},
            "spec": {"replicas": 3}
        }),
    );
}

fn check_flows(step: &str, output: &str, snapshot: &Json) {
    let deploy = &snapshot["Deployment/web-web"];
    let hook = &snapshot["ConfigMap/web-hook"];
    let message = |name: &str| snapshot[format!("ConfigMap/{name}")]["data"]["message"].clone();
    match step {
        "install client-side with hooks" => {
            ok(step, output);
            assert!(
                has(hook, "helm", "Update") && !has(hook, "helm", "Apply"),
                "{hook}"
            );
            assert!(has(deploy, "helm", "Update"), "{deploy}");
        }
        "upgrade client-side beside an autoscaler" => {
            ok(step, output);
            // The three-way strategic merge patch diffs the live object against the chart:
            // the chart's replicas come back, whoever scaled (kubectl apply does the same).
            assert_eq!(deploy["spec"]["replicas"], 1, "{step}: {deploy}");
            assert_eq!(message("web-hook"), "two", "{step}");
        }
        "upgrade --dry-run=server client-side" => {
            ok(step, output);
            assert!(output.contains("dry"), "{step}: {output}");
            assert_eq!(message("web-cm"), "two", "{step}");
        }
        "install --dry-run=server client-side" => {
            ok(step, output);
            assert!(snapshot["ConfigMap/dry-cm"].is_null(), "{step}");
        }
        "rollback --force-replace" => {
            ok(step, output);
            assert_eq!(message("web-cm"), "one", "{step}");
        }
        "upgrade to server-side" => {
            ok(step, output);
            assert!(
                has(deploy, "helm", "Apply") && !has(deploy, "helm", "Update"),
                "{deploy}"
            );
        }
        "upgrade --server-side=auto on the server-side release" => {
            ok(step, output);
            assert_eq!(message("web-cm"), "auto", "{step}");
            assert!(has(hook, "helm", "Apply"), "{hook}");
        }
        _ => {}
    }
}

#[test]
fn client_side_flows_match_helm() {
    let Some(env) = Env::new("flows", FLOWS_CHART) else {
        return;
    };
    let chart = env.chart_arg();
    let steps: Vec<Step<'_>> = vec![
        (
            "install client-side with hooks",
            vec![
                "install",
                "web",
                &chart,
                "--create-namespace",
                "--server-side=false",
            ],
            None,
        ),
        (
            "upgrade client-side beside an autoscaler",
            vec!["upgrade", "web", &chart, "--set", "message=two"],
            Some(scale),
        ),
        (
            "upgrade --dry-run=server client-side",
            vec![
                "upgrade",
                "web",
                &chart,
                "--dry-run=server",
                "--server-side=false",
                "--set",
                "message=dry",
            ],
            None,
        ),
        (
            "install --dry-run=server client-side",
            vec![
                "install",
                "dry",
                &chart,
                "--dry-run=server",
                "--server-side=false",
            ],
            None,
        ),
        (
            "rollback --force-replace",
            vec!["rollback", "web", "1", "--force-replace"],
            None,
        ),
        (
            "upgrade to server-side",
            vec![
                "upgrade",
                "web",
                &chart,
                "--server-side=true",
                "--set",
                "message=ssa",
            ],
            None,
        ),
        (
            "upgrade --server-side=auto on the server-side release",
            vec![
                "upgrade",
                "web",
                &chart,
                "--server-side=auto",
                "--set",
                "message=auto",
            ],
            None,
        ),
        ("uninstall", vec!["uninstall", "web"], None),
    ];
    run_lanes(&env, "fl", FLOW_OBJECTS, "web", &steps, check_flows);
}
