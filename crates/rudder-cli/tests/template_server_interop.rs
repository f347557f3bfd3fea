//! `template --dry-run=server` and the deprecated `template --validate` on the local cluster
//! (`RUDDER_TEST_KUBECONFIG`), rudder against the reference Helm, step by step in one
//! namespace: the cluster's capabilities and `lookup` in the output, the deprecation warning,
//! the ownership check of existing objects (and what skips it: `--is-upgrade`,
//! `--take-ownership`, `--output-dir`), an unknown kind, a chart with CRDs, an unreachable
//! server; `install --dry-run=server` and `upgrade --dry-run=server` beside them. Exit status,
//! stdout and stderr must be the same (the namespace and the temporary directory masked).
//!
//! Without the variable the test says so loudly and passes without running.

mod cluster;

use cluster::{Env, write_files};

const CHART: &[(&str, &str)] = &[
    ("Chart.yaml", "apiVersion: v2\nname: srv\nversion: 0.1.0\n"),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-cm\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n  minor: {{ .Capabilities.KubeVersion.Minor | quote }}\n  apps: {{ .Capabilities.APIVersions.Has \"apps/v1/Deployment\" | quote }}\n  batch: {{ .Capabilities.APIVersions.Has \"batch/v1\" | quote }}\n  lookup: {{ (lookup \"v1\" \"Namespace\" \"\" \"default\").metadata.name | quote }}\n",
    ),
    (
        "templates/hook.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: srv-hook\n  annotations:\n    helm.sh/hook: pre-install\ndata: {}\n",
    ),
];

const UNKNOWN_KIND: &[(&str, &str)] = &[
    (
        "Chart.yaml",
        "apiVersion: v2\nname: unknown\nversion: 0.1.0\n",
    ),
    (
        "templates/x.yaml",
        "apiVersion: nope.example.com/v1\nkind: Nope\nmetadata:\n  name: x\n",
    ),
];

const WITH_CRDS: &[(&str, &str)] = &[
    (
        "Chart.yaml",
        "apiVersion: v2\nname: withcrd\nversion: 0.1.0\n",
    ),
    (
        "crds/crd.yaml",
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.srv.example.com\nspec:\n  group: srv.example.com\n  names:\n    kind: Widget\n    plural: widgets\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n",
    ),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: withcrd\ndata: {}\n",
    ),
];

#[test]
fn template_server_dry_run_as_helm() {
    let Some(env) = Env::new("srv", CHART) else {
        return;
    };
    let home = env.home.path().to_str().unwrap().to_owned();
    let chart = env.chart_arg();
    write_files(&env.home.path().join("unknown"), UNKNOWN_KIND);
    write_files(&env.home.path().join("withcrd"), WITH_CRDS);
    let unknown = format!("{home}/unknown");
    let withcrd = format!("{home}/withcrd");
    let out_dir = format!("{home}/out");
    let ns = format!("tsrv-{}", std::process::id());

    // The namespace and an owner of `shared-cm` (release `owner`), made by the reference Helm.
    let setup = env.run(
        "helm",
        &ns,
        &["install", "owner", &chart, "--create-namespace"],
    );
    assert!(setup.starts_with("status Some(0)"), "{setup}");

    let steps: Vec<Vec<&str>> = vec![
        // Owned by this release: capabilities and lookup from the cluster.
        vec!["template", "owner", &chart, "--dry-run=server"],
        vec!["template", "owner", &chart, "--validate"],
        // Another release: the existing ConfigMap cannot be imported...
        vec!["template", "other", &chart, "--dry-run=server"],
        vec!["template", "other", &chart, "--validate"],
        // ...unless it is an upgrade, ownership is taken, or the output goes to files.
        vec![
            "template",
            "other",
            &chart,
            "--dry-run=server",
            "--is-upgrade",
        ],
        vec![
            "template",
            "other",
            &chart,
            "--dry-run=server",
            "--take-ownership",
        ],
        vec![
            "template",
            "other",
            &chart,
            "--dry-run=server",
            "--output-dir",
            &out_dir,
        ],
        // The default name, and the client dry run for contrast (no cluster involved).
        vec!["template", &chart, "--dry-run=server"],
        vec!["template", "other", &chart, "--dry-run=client"],
        vec!["template", "u", &unknown, "--dry-run=server"],
        vec!["template", "c", &withcrd, "--dry-run=server"],
        vec!["template", "c", &withcrd, "--dry-run=server", "--skip-crds"],
        vec![
            "template",
            "owner",
            &chart,
            "--dry-run=server",
            "--kube-apiserver",
            "https://127.0.0.1:1",
        ],
        vec!["install", "other", &chart, "--dry-run=server"],
        vec!["upgrade", "owner", &chart, "--dry-run=server"],
    ];
    for step in &steps {
        let shown = step.join(" ").replace(&home, "HOME");
        let _ = std::fs::remove_dir_all(&out_dir);
        let helm = env.run("helm", &ns, step).replace(&home, "HOME");
        let _ = std::fs::remove_dir_all(&out_dir);
        let rudder = env.run("rudder", &ns, step).replace(&home, "HOME");
        cluster::assert_same(&shown, "output", &helm, &rudder);
    }

    let _ = env.run("helm", &ns, &["uninstall", "owner"]);
}
