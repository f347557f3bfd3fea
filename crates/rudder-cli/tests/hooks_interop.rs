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

mod cluster;

use cluster::{Env, assert_same, unique};
use rudder::kube::{Applier, Discovery};
use serde_json::Value as Json;

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

#[test]
fn hooks_run_as_helm_runs_them() {
    let Some(env) = Env::new("simple", CHART) else {
        return;
    };
    let id = unique();
    let chart = env.chart_arg();
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
            let history = env.history_table(ns, "web");
            results.push((
                output,
                history,
                env.snapshot(ns, OBJECTS, "web", 9, normalize),
            ));
        }
        cluster::assert_lanes_same(step, &results, |n| format!("{:?}", lanes[n].1[i]));
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
    let Some(env) = Env::new("simple", CHART) else {
        return;
    };
    let id = unique();
    let chart = env.chart_arg();
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
            results.push((output, env.snapshot(ns, OBJECTS, "web", 9, normalize)));
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
    let Some(env) = Env::new("simple", CHART) else {
        return;
    };
    let id = unique();
    let chart = env.home.path().join("lookups");
    cluster::write_files(
        &chart,
        &[
            (
                "Chart.yaml",
                "apiVersion: v2\nname: lookups\nversion: 0.1.0\n",
            ),
            ("values.yaml", "bad: false\n"),
            ("templates/cm.yaml", LOOKUP_TEMPLATE),
        ],
    );
    let chart = chart.to_str().unwrap().to_owned();
    let base = env.chart_arg();
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
        for (i, args) in steps.iter().enumerate() {
            outputs.push(env.run(tool, &ns, args));
            if i == 0 {
                // kube-controller-manager publishes kube-root-ca.crt in a new namespace a moment
                // after it exists; the lookups must find it in both lanes.
                wait_for_root_ca(&env, &ns);
            }
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

/// Waits (up to 60 s) until `kube-root-ca.crt` exists in `namespace`.
fn wait_for_root_ca(env: &Env, namespace: &str) {
    env.runtime.block_on(async {
        let client = env.client(namespace).await;
        let discovery = Discovery::run(&client).await.unwrap();
        let doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-root-ca.crt\n";
        let r = rudder::kube::resource::build(doc, &discovery, namespace)
            .unwrap()
            .remove(0);
        let applier = Applier::new(client);
        for _ in 0..120 {
            if applier.get(&r).await.unwrap().is_some() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        panic!("kube-root-ca.crt never appeared in {namespace}");
    });
}
