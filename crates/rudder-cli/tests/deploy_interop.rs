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

use std::path::{Path, PathBuf};
use std::process::Command;

use rudder::kube::{Applier, Discovery, KubeOptions};
use serde_json::Value as Json;

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

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
        % 1_000_000_000
}

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

struct Env {
    kubeconfig: String,
    helm: PathBuf,
    home: tempfile::TempDir,
    chart: PathBuf,
    runtime: tokio::runtime::Runtime,
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
        let chart = home.path().join("simple");
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
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
        })
    }

    /// Runs `tool` (`helm` or `rudder`) with `args` in `namespace`: exit status, stdout and
    /// stderr, the namespace and deploy times masked.
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

    fn kubectl_apply(&self, namespace: &str, manager: &str, object: &Json) {
        self.runtime.block_on(async {
            let client = self.client(namespace).await;
            let discovery = Discovery::run(&client).await.unwrap();
            let yaml = serde_json::to_string(object).unwrap();
            let mut resources =
                rudder::kube::resource::build(&yaml, &discovery, namespace).unwrap();
            let applier = Applier::new(client).with_field_manager(manager);
            applier.apply(&resources.remove(0), true).await.unwrap();
        });
    }

    async fn client(&self, namespace: &str) -> rudder::kube::KubeClient {
        KubeOptions {
            kubeconfig: Some(self.kubeconfig.clone().into()),
            namespace: Some(namespace.to_owned()),
            ..KubeOptions::default()
        }
        .connect()
        .await
        .unwrap()
    }

    /// The namespace's objects and release records, normalized for comparison.
    fn snapshot(&self, namespace: &str) -> Json {
        self.runtime.block_on(async {
            let client = self.client(namespace).await;
            let discovery = Discovery::run(&client).await.unwrap();
            let applier = Applier::new(client);
            let mut out = serde_json::Map::new();
            let mut wanted: Vec<(String, String, String)> = OBJECTS
                .iter()
                .map(|(a, k, n)| ((*a).to_owned(), (*k).to_owned(), (*n).to_owned()))
                .collect();
            for v in 1..=6 {
                wanted.push((
                    "v1".into(),
                    "Secret".into(),
                    format!("sh.helm.release.v1.web.v{v}"),
                ));
            }
            wanted.push(("v1".into(), "Namespace".into(), namespace.to_owned()));
            for (api_version, kind, name) in wanted {
                let doc =
                    format!("apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: {name}\n");
                let resource = rudder::kube::resource::build(&doc, &discovery, namespace)
                    .unwrap()
                    .remove(0);
                let Some(live) = applier.get(&resource).await.unwrap() else {
                    continue;
                };
                let value = if kind == "Secret" {
                    record(&live)
                } else {
                    normalize(live)
                };
                out.insert(format!("{kind}/{name}"), value);
            }
            let text = serde_json::to_string(&Json::Object(out)).unwrap();
            serde_json::from_str(&text.replace(namespace, "<ns>")).unwrap()
        })
    }
}

/// Removes what the server sets on its own (ids, versions, times, status and the field sets of
/// status writes, cluster IPs).
fn normalize(mut object: Json) -> Json {
    if let Some(m) = object.get_mut("metadata").and_then(Json::as_object_mut) {
        for k in ["uid", "resourceVersion", "creationTimestamp", "generation"] {
            m.remove(k);
        }
        if let Some(fields) = m.get_mut("managedFields").and_then(Json::as_array_mut) {
            for f in fields {
                if let Some(f) = f.as_object_mut() {
                    f.remove("time");
                    // The controllers' status writes: which status fields they own depends on
                    // when they last ran (the status itself is removed below).
                    if f.get("subresource").and_then(Json::as_str) == Some("status") {
                        f.remove("fieldsV1");
                    }
                }
            }
        }
    }
    if let Some(o) = object.as_object_mut() {
        o.remove("status");
    }
    if let Some(spec) = object.get_mut("spec").and_then(Json::as_object_mut) {
        spec.remove("clusterIP");
        spec.remove("clusterIPs");
    }
    object
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[..4].iter().all(u8::is_ascii_digit)
}

fn mask_times(v: &mut Json) {
    match v {
        Json::String(s) if is_timestamp(s) => "<time>".clone_into(s),
        Json::Array(items) => items.iter_mut().for_each(mask_times),
        Json::Object(map) => map.values_mut().for_each(mask_times),
        _ => {}
    }
}

/// A release Secret: its type, label keys and values (times masked), and the decoded record.
fn record(secret: &Json) -> Json {
    let data = secret["data"]["release"].as_str().unwrap();
    let helm_text = rudder::release::codec::base64_decode(data.as_bytes()).unwrap();
    let json = rudder::release::codec::decode_to_json(&helm_text).unwrap();
    let mut record: Json = serde_json::from_slice(&json).unwrap();
    mask_times(&mut record);
    let mut labels = secret["metadata"]["labels"].clone();
    for k in ["createdAt", "modifiedAt"] {
        if let Some(v) = labels.get_mut(k) {
            *v = Json::String("<time>".into());
        }
    }
    serde_json::json!({"type": secret["type"], "labels": labels, "record": record})
}

fn assert_same(
    step: &str,
    what: &str,
    expected: &impl std::fmt::Debug,
    actual: &impl std::fmt::Debug,
) {
    let (e, a) = (format!("{expected:#?}"), format!("{actual:#?}"));
    assert!(
        e == a,
        "{step}: {what} differs\n--- reference Helm\n{e}\n--- mixed\n{a}"
    );
}

#[test]
fn helm_and_rudder_take_turns_on_one_release() {
    let Some(env) = Env::new() else { return };
    let id = unique();
    let chart = env.chart.to_str().unwrap().to_owned();
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
            let history = env.run("helm", ns, &["history", "web"]);
            let history: Vec<String> = history
                .lines()
                .map(|l| {
                    l.split('\t')
                        .enumerate()
                        .filter(|(c, _)| *c != 1)
                        .map(|(_, s)| s.trim().to_owned())
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect();
            results.push((output, history, env.snapshot(ns)));
        }
        for (n, (output, history, snapshot)) in results.iter().enumerate().skip(1) {
            let lane = format!("{step} ({:?})", lanes[n].1);
            assert_same(&lane, "output", &results[0].0, output);
            assert_same(&lane, "history", &results[0].1, history);
            assert_same(&lane, "objects and records", &results[0].2, snapshot);
        }
        assert!(
            results[0].0.starts_with("status Some(0)"),
            "{step}: {}",
            results[0].0
        );
    }
}

#[test]
fn ownership_and_field_manager_conflicts_as_helm() {
    let Some(env) = Env::new() else { return };
    let id = unique();
    let chart = env.chart.to_str().unwrap().to_owned();
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
        lanes.push((outputs, env.snapshot(&ns)));
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
