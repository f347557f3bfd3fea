//! Install, upgrade, rollback and uninstall on the local cluster (`RUDDER_TEST_KUBECONFIG`),
//! rudder against the reference Helm.
//!
//! Three namespaces run the same steps: in the first the reference Helm does everything; in
//! the second Helm installs, rudder upgrades, Helm rolls back and rudder uninstalls
//! (`--keep-history`); the third is the mirror image. After every step the command output
//! (deploy times masked), the cluster objects (spec, labels, annotations, `managedFields`
//! managers and operations; server-set fields removed), the release records (decoded JSON,
//! timestamps masked; the Secret's type and label keys) and `helm history` must be the same in
//! the three namespaces. A second test covers ownership checks, `--take-ownership` and a
//! conflict with another field manager (with and without `--force-conflicts`), tool by tool.
//!
//! Without the variable each test says so loudly and passes without running.

mod cluster;

use cluster::{Env, assert_same, unique};

const CHART: &[(&str, &str)] = &[
    (
        "Chart.yaml",
        "apiVersion: v2\nname: simple\nversion: 0.1.0\nappVersion: \"1.0\"\ndescription: deploy interop\n",
    ),
    (
        "values.yaml",
        "replicas: 1\nmessage: hello\nextra: false\nkeep: false\n",
    ),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  message: {{ .Values.message | quote }}\n",
    ),
    (
        "templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\n  labels:\n    app: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports:\n            - containerPort: 80\n",
    ),
    (
        "templates/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-svc\nspec:\n  selector:\n    app: {{ .Release.Name }}\n  ports:\n    - port: 80\n      targetPort: 80\n",
    ),
    (
        "templates/extra.yaml",
        "{{- if .Values.extra }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra\n{{- if .Values.keep }}\n  annotations:\n    helm.sh/resource-policy: keep\n{{- end }}\ndata:\n  a: b\n{{- end }}\n",
    ),
    (
        "templates/NOTES.txt",
        "Thank you for installing {{ .Chart.Name }} as {{ .Release.Name }}.\n",
    ),
];

/// The objects the chart can make, and the release's storage Secrets.
const OBJECTS: &[(&str, &str, &str)] = &[
    ("v1", "ConfigMap", "web-cm"),
    ("v1", "ConfigMap", "web-extra"),
    ("apps/v1", "Deployment", "web-web"),
    ("v1", "Service", "web-svc"),
];

#[test]
fn helm_and_rudder_take_turns_on_one_release() {
    let Some(env) = Env::new("simple", CHART) else {
        return;
    };
    let id = unique();
    let chart = env.chart_arg();
    let lanes = [
        (format!("dh-{id}"), ["helm", "helm", "helm", "helm"]),
        (format!("dm-{id}"), ["helm", "rudder", "helm", "rudder"]),
        (format!("dr-{id}"), ["rudder", "helm", "rudder", "helm"]),
    ];
    let steps: Vec<(&str, Vec<&str>)> = vec![
        (
            "install",
            vec!["install", "web", &chart, "--create-namespace"],
        ),
        (
            "upgrade",
            vec![
                "upgrade",
                "web",
                &chart,
                "--set",
                "extra=true",
                "--set",
                "replicas=2",
            ],
        ),
        ("rollback", vec!["rollback", "web", "1"]),
        ("uninstall", vec!["uninstall", "web", "--keep-history"]),
    ];
    for (i, (step, args)) in steps.iter().enumerate() {
        let mut results = Vec::new();
        for (ns, tools) in &lanes {
            let output = env.run(tools[i], ns, args);
            let history = env.history_table(ns, "web");
            results.push((
                output,
                history,
                env.snapshot(ns, OBJECTS, "web", 6, cluster::without_server_fields),
            ));
        }
        cluster::assert_lanes_same(step, &results, |n| format!("{:?}", lanes[n].1));
        assert!(
            results[0].0.starts_with("status Some(0)"),
            "{step}: {}",
            results[0].0
        );
    }
}

#[test]
fn ownership_and_field_manager_conflicts_as_helm() {
    let Some(env) = Env::new("simple", CHART) else {
        return;
    };
    let id = unique();
    let chart = env.chart_arg();
    let mut lanes = Vec::new();
    for tool in ["helm", "rudder"] {
        let ns = format!("dc{}-{id}", &tool[..1]);
        let mut outputs = Vec::new();
        outputs.push(env.run(
            tool,
            &ns,
            &[
                "install",
                "pre",
                &chart,
                "--create-namespace",
                "--set",
                "message=x",
            ],
        ));
        // An object the release did not create blocks the install...
        env.kubectl_apply(
            &ns,
            "kubectl-create",
            &serde_json::json!({
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": "web-cm", "namespace": ns}, "data": {"message": "mine"}
            }),
        );
        outputs.push(env.run(tool, &ns, &["install", "web", &chart]));
        // ...is adopted with --take-ownership, where a value owned by the other manager
        // conflicts (install passes no force), and the release is recorded failed...
        outputs.push(env.run(tool, &ns, &["install", "web", &chart, "--take-ownership"]));
        // ...and another manager owning .spec.replicas makes an upgrade conflict, until
        // --force-conflicts.
        env.kubectl_apply(
            &ns,
            "other",
            &serde_json::json!({
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "web-web", "namespace": ns}, "spec": {"replicas": 3}
            }),
        );
        outputs.push(env.run(
            tool,
            &ns,
            &["upgrade", "web", &chart, "--set", "replicas=2"],
        ));
        outputs.push(env.run(
            tool,
            &ns,
            &[
                "upgrade",
                "web",
                &chart,
                "--set",
                "replicas=2",
                "--force-conflicts",
            ],
        ));
        outputs.push(env.run(
            tool,
            &ns,
            &["upgrade", "web", &chart, "--set", "extra=true,keep=true"],
        ));
        outputs.push(env.run(tool, &ns, &["uninstall", "web"]));
        outputs.push(env.run(tool, &ns, &["uninstall", "web", "--ignore-not-found"]));
        outputs.push(env.run(tool, &ns, &["uninstall", "web"]));
        lanes.push((
            outputs,
            env.snapshot(&ns, OBJECTS, "web", 6, cluster::without_server_fields),
        ));
    }
    assert!(
        lanes[0].0[1].contains("exists and cannot be imported"),
        "{}",
        lanes[0].0[1]
    );
    assert!(
        lanes[0].0[3].contains("conflict occurred while applying object"),
        "{}",
        lanes[0].0[3]
    );
    for (i, (h, r)) in lanes[0].0.iter().zip(&lanes[1].0).enumerate() {
        assert_same(&format!("command {i}"), "output", h, r);
    }
    assert_same("end", "objects and records", &lanes[0].1, &lanes[1].1);
}
