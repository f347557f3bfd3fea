//! Client-side apply on the local cluster (`RUDDER_TEST_KUBECONFIG`), rudder against the
//! reference Helm: releases installed with `--server-side=false`, upgraded with Helm's
//! three-way strategic merge patch (a change made meanwhile by another field manager kept),
//! rolled back, moved to server-side apply (the `helm` client-side managed fields migrated),
//! replaced with `--force-replace`, and `--force-replace` refused on a server-side release.
//!
//! Three namespaces run the same steps: the reference Helm alone, Helm and rudder taking turns
//! starting with Helm, and the mirror image. After every step the command output, the cluster
//! objects (spec, labels, annotations, `managedFields` managers, operations and field sets;
//! server-set fields removed), the release records and `helm history` must be the same.
//!
//! Without the variable the test says so loudly and passes without running.

mod cluster;

use cluster::{Env, unique};
use serde_json::Value as Json;

const CHART: &[(&str, &str)] = &[
    (
        "Chart.yaml",
        "apiVersion: v2\nname: csa\nversion: 0.1.0\nappVersion: \"1.0\"\ndescription: client-side apply interop\n",
    ),
    (
        "values.yaml",
        "replicas: 1\nmessage: hello\nextra: false\nenv: [A, B]\nport: 80\n",
    ),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  message: {{ .Values.message | quote }}\n{{- if .Values.extra }}\n  extra: \"yes\"\n{{- end }}\n",
    ),
    (
        "templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\n  labels:\n    app: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          env:\n{{- range .Values.env }}\n            - name: {{ . }}\n              value: {{ . | lower | quote }}\n{{- end }}\n          ports:\n            - containerPort: {{ .Values.port }}\n{{- if .Values.extra }}\n        - name: side\n          image: busybox:1.36\n{{- end }}\n",
    ),
    (
        "templates/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-svc\nspec:\n  selector:\n    app: {{ .Release.Name }}\n  ports:\n    - name: http\n      port: 80\n      targetPort: {{ .Values.port }}\n",
    ),
    (
        "templates/extra.yaml",
        "{{- if .Values.extra }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra\ndata:\n  a: b\n{{- end }}\n",
    ),
];

const OBJECTS: &[(&str, &str, &str)] = &[
    ("v1", "ConfigMap", "web-cm"),
    ("v1", "ConfigMap", "web-extra"),
    ("apps/v1", "Deployment", "web-web"),
    ("v1", "Service", "web-svc"),
];

#[test]
fn client_side_releases_move_between_helm_and_rudder() {
    let Some(env) = Env::new("csa", CHART) else {
        return;
    };
    let id = unique();
    let chart = env.chart_arg();
    let lanes = [
        (format!("ch-{id}"), "helm", "helm"),
        (format!("cm-{id}"), "helm", "rudder"),
        (format!("cr-{id}"), "rudder", "helm"),
    ];
    // (step, arguments, a change by another field manager made before the step)
    let steps: Vec<(&str, Vec<&str>, bool)> = vec![
        (
            "install client-side",
            vec![
                "install",
                "web",
                &chart,
                "--create-namespace",
                "--server-side=false",
            ],
            false,
        ),
        (
            "upgrade three-way",
            vec![
                "upgrade",
                "web",
                &chart,
                "--set",
                "extra=true,replicas=2,port=8080",
                "--set",
                "env={B,C}",
            ],
            true,
        ),
        ("rollback client-side", vec!["rollback", "web", "1"], false),
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
            false,
        ),
        (
            "force-replace on server-side",
            vec!["upgrade", "web", &chart, "--force-replace"],
            false,
        ),
        (
            "force-replace client-side",
            vec![
                "upgrade",
                "web",
                &chart,
                "--server-side=false",
                "--force-replace",
                "--set",
                "message=replaced",
            ],
            false,
        ),
        ("uninstall", vec!["uninstall", "web"], false),
    ];
    for (i, (step, args, other_change)) in steps.iter().enumerate() {
        let mut results = Vec::new();
        for (ns, first, second) in &lanes {
            if *other_change {
                // Another manager labels the Deployment: the three-way patch leaves it alone.
                env.kubectl_apply(
                    ns,
                    "other",
                    &serde_json::json!({
                        "apiVersion": "apps/v1", "kind": "Deployment",
                        "metadata": {"name": "web-web", "namespace": ns,
                                     "annotations": {"other/owner": "yes"}}
                    }),
                );
            }
            let tool = if i % 2 == 0 { first } else { second };
            let output = env.run(tool, ns, args);
            let history = env.history("helm", ns, "web");
            results.push((
                output,
                history,
                env.snapshot(ns, OBJECTS, "web", 7, cluster::without_server_fields),
            ));
        }
        check_reference(step, &results[0].0, &results[0].2);
        cluster::assert_lanes_same(step, &results, |n| format!("{} first", lanes[n].1));
    }
}

/// `(manager, operation)` of the Deployment's `managedFields` without the controllers' status
/// writes.
fn deployment_managers(snapshot: &Json) -> Vec<(String, String)> {
    snapshot["Deployment/web-web"]["metadata"]["managedFields"]
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

/// What the reference Helm did at each step, so that agreeing with it means something.
fn check_reference(step: &str, output: &str, snapshot: &Json) {
    let managers = deployment_managers(snapshot);
    let helm = |op: &str| managers.contains(&("helm".to_owned(), op.to_owned()));
    match step {
        "install client-side" | "upgrade three-way" | "rollback client-side" => {
            assert!(output.starts_with("status Some(0)"), "{step}: {output}");
            assert!(helm("Update") && !helm("Apply"), "{step}: {managers:?}");
        }
        "upgrade to server-side" => {
            assert!(output.starts_with("status Some(0)"), "{step}: {output}");
            assert!(helm("Apply") && !helm("Update"), "{step}: {managers:?}");
        }
        "force-replace on server-side" => assert!(
            output.contains("cannot use server-side apply and force replace together"),
            "{step}: {output}"
        ),
        "force-replace client-side" => {
            assert!(output.starts_with("status Some(0)"), "{step}: {output}");
            let data = &snapshot["ConfigMap/web-cm"]["data"]["message"];
            assert_eq!(data, "replaced", "{step}");
        }
        _ => {}
    }
    if step == "upgrade three-way" {
        let annotations = &snapshot["Deployment/web-web"]["metadata"]["annotations"];
        assert_eq!(annotations["other/owner"], "yes", "{step}: {annotations}");
    }
}
