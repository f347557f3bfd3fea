//! Hooks on the local cluster (`RUDDER_TEST_KUBECONFIG`), rudder against the reference Helm.
//!
//! A chart with hooks of every kind of event (a pre-install/pre-upgrade Job with a negative
//! weight and the default delete policy, a `ConfigMap` on every install, upgrade, rollback and
//! delete event deleted on success, a post-install Pod with two delete policies and an
//! output-log policy, a test Pod) and, behind values, a failing Job (deleted on failure), a
//! hook the server refuses, and a Pod that is never scheduled (a timeout). Three namespaces
//! run the same steps (install, upgrade, the three failures, rollback, upgrade --no-hooks,
//! uninstall --keep-history): the reference Helm alone, Helm and rudder taking turns, rudder
//! alone. After every step the output, the hook and release objects (annotations, labels,
//! the `helm` field manager), the release records (hooks with their last runs, times
//! masked) and `helm history` must be the same.
//!
//! A second test runs `test` as Helm's `helm test` (filters, `--logs` on a cluster without logs,
//! a failing test Job, tool by tool; `status` lists the cluster's resources, which rudder does
//! not yet), with the same comparisons of outputs, objects and records.
//!
//! A third test renders `lookup` against the cluster (an object, a list, a missing object,
//! cluster-scoped kinds, Go's types of the results, an API group the server does not serve)
//! with `install`, `upgrade` and `install --dry-run=server`, tool by tool.
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
        "apiVersion: v2\nname: hooked\nversion: 0.1.0\n",
    ),
    (
        "values.yaml",
        "failJob: false\nbadHook: false\nstuck: false\nfailTest: false\n",
    ),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  a: b\n",
    ),
    (
        "templates/hooks.yaml",
        r#"apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-pre
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-weight": "-5"
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: x
          image: busybox
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-hookcm
  annotations:
    "helm.sh/hook": pre-install,post-install,pre-upgrade,post-upgrade,pre-rollback,post-rollback,pre-delete,post-delete
    "helm.sh/hook-delete-policy": hook-succeeded
data:
  x: "z"
---
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-post
  annotations:
    "helm.sh/hook": post-install,post-upgrade
    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
    "helm.sh/hook-output-log-policy": hook-succeeded
spec:
  restartPolicy: Never
  containers:
    - name: x
      image: busybox
---
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test
  annotations:
    "helm.sh/hook": test
spec:
  restartPolicy: Never
  containers:
    - name: x
      image: busybox
{{- if .Values.failJob }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-failing
  annotations:
    "helm.sh/hook": pre-upgrade
    "helm.sh/hook-weight": "5"
    "helm.sh/hook-delete-policy": hook-failed
spec:
  activeDeadlineSeconds: 1
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      nodeSelector:
        nope: nope
      containers:
        - name: x
          image: busybox
{{- end }}
{{- if .Values.badHook }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-bad
  annotations:
    "helm.sh/hook": pre-upgrade
data:
  x: y
{{- end }}
{{- if .Values.failTest }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-failing-test
  annotations:
    "helm.sh/hook": test
    "helm.sh/hook-weight": "-1"
    "helm.sh/hook-delete-policy": hook-succeeded
spec:
  activeDeadlineSeconds: 1
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      nodeSelector:
        nope: nope
      containers:
        - name: x
          image: busybox
{{- end }}
{{- if .Values.stuck }}
---
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-stuck
  annotations:
    "helm.sh/hook": pre-upgrade
spec:
  restartPolicy: Never
  nodeSelector:
    nope: nope
  containers:
    - name: x
      image: busybox
{{- end }}
"#,
    ),
];

/// The objects the chart can make (release and hook objects).
const OBJECTS: &[(&str, &str, &str)] = &[
    ("v1", "ConfigMap", "web-cm"),
    ("v1", "ConfigMap", "web-hookcm"),
    ("v1", "ConfigMap", "web-bad"),
    ("batch/v1", "Job", "web-pre"),
    ("batch/v1", "Job", "web-failing"),
    ("batch/v1", "Job", "web-failing-test"),
    ("v1", "Pod", "web-post"),
    ("v1", "Pod", "web-test"),
    ("v1", "Pod", "web-stuck"),
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
            // client-go's klog lines (`I1122 01:30:55.577537 ... watch ended with error`) come
            // and go with the timing of a cancelled watch: Helm's own noise, not a decision.
            .filter(|l| !is_klog_line(l))
            .map(|l| {
                if l.starts_with("LAST DEPLOYED: ") {
                    "LAST DEPLOYED: <time>".to_owned()
                } else {
                    mask_kwok_nodes(&l.replace(namespace, "<ns>"))
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
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
            for v in 1..=9 {
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
                    normalize(&live)
                };
                out.insert(format!("{kind}/{name}"), value);
            }
            let text = serde_json::to_string(&Json::Object(out)).unwrap();
            serde_json::from_str(&text.replace(namespace, "<ns>")).unwrap()
        })
    }
}

/// What a tool decides about an object: its annotations, its labels (without the ones the
/// Job controller adds) and the operations of the `helm` field manager.
fn normalize(object: &Json) -> Json {
    let meta = &object["metadata"];
    let mut labels = meta["labels"].clone();
    if let Some(l) = labels.as_object_mut() {
        l.retain(|k, _| !k.contains("controller-uid") && !k.contains("job-name"));
    }
    let managers: Vec<Json> = meta["managedFields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter(|f| f["manager"] == "helm")
                .map(|f| serde_json::json!([f["manager"], f["operation"], f["subresource"]]))
                .collect()
        })
        .unwrap_or_default();
    serde_json::json!({
        "annotations": meta["annotations"],
        "labels": labels,
        "managers": managers,
        "data": object["data"],
    })
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
fn hooks_run_as_helm_runs_them() {
    let Some(env) = Env::new() else { return };
    let id = unique();
    let chart = env.chart.to_str().unwrap().to_owned();
    let lanes = [
        (format!("hh-{id}"), ["helm"; 8]),
        (
            format!("hm-{id}"),
            [
                "helm", "rudder", "helm", "rudder", "helm", "rudder", "helm", "rudder",
            ],
        ),
        (format!("hr-{id}"), ["rudder"; 8]),
    ];
    let steps: Vec<(&str, Vec<&str>)> = vec![
        (
            "install",
            vec!["install", "web", &chart, "--create-namespace"],
        ),
        ("upgrade", vec!["upgrade", "web", &chart]),
        (
            "failing hook",
            vec!["upgrade", "web", &chart, "--set", "failJob=true"],
        ),
        (
            "refused hook",
            vec!["upgrade", "web", &chart, "--set", "badHook=true"],
        ),
        (
            "hook timeout",
            vec![
                "upgrade",
                "web",
                &chart,
                "--set",
                "stuck=true",
                "--timeout",
                "3s",
            ],
        ),
        ("rollback", vec!["rollback", "web", "2"]),
        ("no hooks", vec!["upgrade", "web", &chart, "--no-hooks"]),
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
            let lane = format!("{step} ({:?})", lanes[n].1[i]);
            assert_same(&lane, "output", &results[0].0, output);
            assert_same(&lane, "history", &results[0].1, history);
            assert_same(&lane, "objects and records", &results[0].2, snapshot);
        }
        if *step == "install" {
            // The output-log policy on kwok, which has no logs: Go's log line, then success.
            assert!(
                results[0]
                    .0
                    .contains("error outputting logs for hook failure: failed to stream pod logs"),
                "{}",
                results[0].0
            );
        }
        let expect_success = !matches!(*step, "failing hook" | "refused hook" | "hook timeout");
        assert_eq!(
            results[0].0.starts_with("status Some(0)"),
            expect_success,
            "{step}: {}",
            results[0].0
        );
    }
}

/// A klog line: `I1122 01:30:55.577537   32048 file.go:664] ...` (severity, date, time).
fn is_klog_line(l: &str) -> bool {
    let b = l.as_bytes();
    b.len() > 22
        && matches!(b[0], b'I' | b'W' | b'E')
        && b[1..5].iter().all(u8::is_ascii_digit)
        && b[5] == b' '
        && b[8] == b':'
}

/// The scheduler picks either kwok node: `kwok-node-0`, `kwok-node-1` become `kwok-node-N`.
fn mask_kwok_nodes(l: &str) -> String {
    let mut out = String::with_capacity(l.len());
    let mut rest = l;
    while let Some(i) = rest.find("kwok-node-") {
        out.push_str(&rest[..i + "kwok-node-".len()]);
        rest = rest[i + "kwok-node-".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push('N');
    }
    out.push_str(rest);
    out
}

/// `Last Started:` and `Last Completed:` lines carry the test's times.
fn mask_test_times(output: &str) -> String {
    output
        .lines()
        .map(|l| {
            if l.starts_with("Last Started:") || l.starts_with("Last Completed:") {
                "<test time>"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn test_command_as_helm() {
    let Some(env) = Env::new() else { return };
    let id = unique();
    let chart = env.chart.to_str().unwrap().to_owned();
    let lanes = [
        (format!("th-{id}"), "helm", "helm"),
        (format!("tm-{id}"), "helm", "rudder"),
        (format!("tr-{id}"), "rudder", "rudder"),
    ];
    let steps: Vec<(&str, Vec<&str>)> = vec![
        (
            "install",
            vec!["install", "web", &chart, "--create-namespace"],
        ),
        ("test", vec!["test", "web"]),
        ("logs", vec!["test", "web", "--logs"]),
        ("exclude", vec!["test", "web", "--filter", "!name=web-test"]),
        (
            "no match",
            vec!["test", "web", "--filter", "name=nope", "--logs"],
        ),
        (
            "add failing test",
            vec!["upgrade", "web", &chart, "--set", "failTest=true"],
        ),
        ("failing test", vec!["test", "web", "--timeout", "20s"]),
        (
            "include",
            vec!["test", "web", "--filter", "name=web-test,name=web-hookcm"],
        ),
        ("missing", vec!["test", "nope"]),
        ("hooks", vec!["get", "hooks", "web"]),
    ];
    for (step, args) in &steps {
        let mut results = Vec::new();
        for (ns, installer, tester) in &lanes {
            let tool = if matches!(*step, "install" | "add failing test") {
                installer
            } else {
                tester
            };
            let output = mask_test_times(&env.run(tool, ns, args));
            results.push((output, env.snapshot(ns)));
        }
        for (n, (output, snapshot)) in results.iter().enumerate().skip(1) {
            let lane = format!("{step} ({} then {})", lanes[n].1, lanes[n].2);
            assert_same(&lane, "output", &results[0].0, output);
            assert_same(&lane, "objects and records", &results[0].1, snapshot);
        }
    }
}

const LOOKUP_TEMPLATE: &str = r#"{{- $ns := lookup "v1" "Namespace" "" .Release.Namespace }}
{{- $cms := lookup "v1" "ConfigMap" .Release.Namespace "" }}
{{- $missing := lookup "v1" "ConfigMap" .Release.Namespace "nope" }}
{{- $root := lookup "v1" "ConfigMap" .Release.Namespace "kube-root-ca.crt" }}
{{- $nodes := lookup "v1" "Node" "" "" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-lookups
data:
  ns: {{ $ns.metadata.name | quote }}
  nsLabels: {{ $ns.metadata.labels | toJson | quote }}
  cmKinds: {{ $cms.kind | quote }}
  cmCount: {{ len $cms.items | quote }}
  missing: {{ $missing | toJson | quote }}
  rootKeys: {{ keys $root.data | sortAlpha | toJson | quote }}
  nodeCount: {{ len $nodes.items | quote }}
  nodeCap: {{ (index $nodes.items 0).status.capacity | toJson | quote }}
  types: {{ printf "%T %T %T" $root.metadata $nodes.apiVersion (index $nodes.items 0).metadata.generation | quote }}
  {{- if .Values.bad }}
  bad: {{ lookup "nope.example.com/v1" "Foo" "" "" | toJson | quote }}
  {{- end }}
"#;

#[test]
fn lookup_reads_the_cluster_as_helm() {
    let Some(env) = Env::new() else { return };
    let id = unique();
    let chart = env.home.path().join("lookups");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: lookups\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(chart.join("values.yaml"), "bad: false\n").unwrap();
    std::fs::write(chart.join("templates/cm.yaml"), LOOKUP_TEMPLATE).unwrap();
    let chart = chart.to_str().unwrap().to_owned();
    let base = env.chart.to_str().unwrap().to_owned();
    let steps: Vec<Vec<&str>> = vec![
        // The namespace and one more ConfigMap for the lookups to find.
        vec!["install", "base", &base, "--create-namespace", "--no-hooks"],
        vec!["install", "lk", &chart],
        vec!["upgrade", "lk", &chart, "--set", "bad=true"],
        vec!["install", "lk2", &chart, "--dry-run=server"],
        vec![
            "install",
            "lk2",
            &chart,
            "--dry-run=server",
            "--set",
            "bad=true",
        ],
    ];
    let mut lanes = Vec::new();
    for tool in ["helm", "rudder"] {
        let ns = format!("lk{}-{id}", &tool[..1]);
        let mut outputs = Vec::new();
        for args in &steps {
            outputs.push(env.run(tool, &ns, args));
        }
        let data = env.runtime.block_on(async {
            let client = env.client(&ns).await;
            let discovery = Discovery::run(&client).await.unwrap();
            let doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lk-lookups\n";
            let r = rudder::kube::resource::build(doc, &discovery, &ns)
                .unwrap()
                .remove(0);
            Applier::new(client)
                .get(&r)
                .await
                .unwrap()
                .map(|o| o["data"].clone())
        });
        let data = serde_json::to_string(&data).unwrap().replace(&ns, "<ns>");
        lanes.push((outputs, data));
    }
    assert!(lanes[0].1.contains("ConfigMapList"), "{}", lanes[0].1);
    for (i, (h, r)) in lanes[0].0.iter().zip(&lanes[1].0).enumerate() {
        assert_same(&format!("step {i}"), "output", h, r);
    }
    assert_same("end", "rendered lookups", &lanes[0].1, &lanes[1].1);
}
