//! `--wait` on the local cluster (`RUDDER_TEST_KUBECONFIG`), rudder against the reference Helm.
//!
//! Each tool runs the same steps in its own namespace: `install --wait` of a Deployment that
//! becomes Available, `upgrade --wait --timeout 5s` to a pod template no node can take (the
//! wait times out and the revision is recorded `failed`), `rollback --wait` to revision 1,
//! `upgrade --wait=legacy --wait-for-jobs`, and `uninstall --wait`. Every step's exit status,
//! output and error text (namespace and deploy times masked) and `history` afterwards must be
//! the same for both tools.
//!
//! Without the variable the test says so loudly and passes without running.

mod cluster;

use cluster::Env;

const CHART: &[(&str, &str)] = &[
    (
        "Chart.yaml",
        "apiVersion: v2\nname: waited\nversion: 0.1.0\nappVersion: \"1.0\"\n",
    ),
    ("values.yaml", "stuck: false\n"),
    (
        "templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  replicas: 1\n  progressDeadlineSeconds: 600\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n      {{- if .Values.stuck }}\n      nodeSelector:\n        no-such-node: \"true\"\n      {{- end }}\n      containers:\n        - name: web\n          image: nginx:1.27\n",
    ),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  stuck: {{ .Values.stuck | quote }}\n",
    ),
];

#[test]
fn wait_strategies_as_helm() {
    let Some(env) = Env::new("waited", CHART) else {
        return;
    };
    let chart = env.chart_arg();
    let suffix = std::process::id();
    let steps: Vec<Vec<&str>> = vec![
        vec![
            "install",
            "w",
            &chart,
            "--create-namespace",
            "--wait",
            "--timeout",
            "90s",
        ],
        vec![
            "upgrade",
            "w",
            &chart,
            "--set",
            "stuck=true",
            "--wait",
            "--timeout",
            "5s",
        ],
        vec!["rollback", "w", "1", "--wait", "--timeout", "90s"],
        vec![
            "upgrade",
            "w",
            &chart,
            "--wait=legacy",
            "--wait-for-jobs",
            "--timeout",
            "90s",
        ],
        vec!["uninstall", "w", "--wait", "--keep-history"],
    ];
    let mut transcripts = Vec::new();
    for tool in ["helm", "rudder"] {
        let ns = format!("wait-{tool}-{suffix}");
        let mut transcript = String::new();
        for step in &steps {
            transcript.push_str("$ ");
            transcript.push_str(&step.join(" ").replace(&chart, "CHART"));
            transcript.push('\n');
            transcript.push_str(&env.run(tool, &ns, step));
            transcript.push('\n');
            transcript.push_str(&env.history(tool, &ns, "w"));
            transcript.push('\n');
        }
        transcripts.push(transcript);
    }
    eprintln!("{}", transcripts[1]);
    assert!(
        transcripts[0].contains("context deadline exceeded"),
        "the stuck upgrade should time out:\n{}",
        transcripts[0]
    );
    assert_eq!(
        transcripts[0], transcripts[1],
        "left: the reference Helm, right: rudder"
    );
}
