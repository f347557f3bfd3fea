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

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    PathBuf::from(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..")
}

fn reference_helm() -> PathBuf {
    let out = Command::new(repo_root().join("tools/reference-helm.sh"))
        .output()
        .expect("tools/reference-helm.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

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

struct Env {
    kubeconfig: String,
    helm: PathBuf,
    home: tempfile::TempDir,
    chart: PathBuf,
}

impl Env {
    fn new() -> Option<Self> {
        let kubeconfig = match std::env::var("RUDDER_TEST_KUBECONFIG") {
            Ok(v) if !v.is_empty() => v,
            _ => {
                eprintln!(
                    "\n*** SKIPPED: RUDDER_TEST_KUBECONFIG is not set: this test needs the local cluster (tools/test.sh sets it) ***\n"
                );
                return None;
            }
        };
        let home = tempfile::tempdir().unwrap();
        let chart = home.path().join("waited");
        for (path, content) in CHART {
            let file = chart.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, content).unwrap();
        }
        Some(Self {
            kubeconfig,
            helm: reference_helm(),
            home,
            chart,
        })
    }

    /// Runs `tool` with `args` in `namespace`: exit status, stdout and stderr, with the
    /// namespace and deploy times masked.
    fn run(&self, tool: &str, namespace: &str, args: &[&str]) -> String {
        let bin: &Path = if tool == "helm" {
            &self.helm
        } else {
            Path::new(env!("CARGO_BIN_EXE_rudder"))
        };
        let h = self.home.path();
        let out = Command::new(bin)
            .args(args)
            .args(["-n", namespace])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", h)
            .env("KUBECONFIG", &self.kubeconfig)
            .env("HELM_CACHE_HOME", h.join("cache"))
            .env("HELM_CONFIG_HOME", h.join("config"))
            .env("HELM_DATA_HOME", h.join("data"))
            .output()
            .unwrap();
        let text = format!(
            "status {:?}\n--- stdout\n{}--- stderr\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        text.lines()
            .map(|l| {
                if l.starts_with("LAST DEPLOYED: ") {
                    "LAST DEPLOYED: <time>".to_owned()
                } else {
                    l.replace(namespace, "<ns>")
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `history -o json` with the update times removed.
    fn history(&self, tool: &str, namespace: &str) -> String {
        let text = self.run(tool, namespace, &["history", "w", "-o", "json"]);
        let json_start = text.find("--- stdout\n").unwrap() + "--- stdout\n".len();
        let json_end = text.find("--- stderr").unwrap();
        let mut v: serde_json::Value =
            serde_json::from_str(&text[json_start..json_end]).unwrap_or_default();
        if let Some(list) = v.as_array_mut() {
            for entry in list {
                if let Some(o) = entry.as_object_mut() {
                    o.remove("updated");
                }
            }
        }
        serde_json::to_string_pretty(&v).unwrap()
    }
}

#[test]
fn wait_strategies_as_helm() {
    let Some(env) = Env::new() else { return };
    let chart = env.chart.to_string_lossy().into_owned();
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
            transcript.push_str(&env.history(tool, &ns));
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
