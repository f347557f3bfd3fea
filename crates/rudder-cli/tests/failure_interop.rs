//! Failure paths on the local cluster (`RUDDER_TEST_KUBECONFIG`), rudder against the
//! reference Helm: a Deployment that never becomes ready (a `nodeSelector` no node has), a
//! failing hook Job, a conflict with another field manager, Ctrl-C and SIGTERM in the middle
//! of a wait, the pending records a killed run leaves, and the deprecated `--force` (alias of
//! `--force-replace`, refused with server-side apply); each with and without
//! `--rollback-on-failure` (and its deprecated `--atomic`), `--cleanup-on-fail`, install and
//! upgrade.
//!
//! Every test runs its steps in four namespaces at once: the reference Helm alone, rudder
//! alone, and the two mixes (the tools take turns, step by step, one starting with Helm, the
//! other with rudder). After each step the exit status and output (namespace and deploy times
//! masked), `history -o json` (update times removed), the chart's objects (what the tools
//! decide: data, spec, labels, annotations, the `helm` manager's operations) and the release
//! records (decoded, times masked) must be the same in all four.
//!
//! Without the variable each test says so loudly and passes without running.

mod cluster;

use std::fmt::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cluster::{Env, assert_same, mask_output, unique};
use serde_json::Value as Json;

const CHART: &[(&str, &str)] = &[
    (
        "Chart.yaml",
        "apiVersion: v2\nname: failing\nversion: 0.1.0\nappVersion: \"1.0\"\n",
    ),
    (
        "values.yaml",
        "stuck: false\nextra: false\nfailHook: false\nmessage: hello\n",
    ),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  message: {{ .Values.message | quote }}\n",
    ),
    (
        "templates/deploy.yaml",
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: 1
  progressDeadlineSeconds: 600
  selector:
    matchLabels:
      app: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app: {{ .Release.Name }}
    spec:
      {{- if .Values.stuck }}
      nodeSelector:
        no-such-node: "true"
      {{- end }}
      containers:
        - name: web
          image: nginx:1.27
"#,
    ),
    (
        "templates/extra.yaml",
        "{{- if .Values.extra }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra\ndata:\n  a: b\n{{- end }}\n",
    ),
    (
        "templates/hook.yaml",
        r#"{{- if .Values.failHook }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-failing
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
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
"#,
    ),
];

/// The objects the chart can make for release `r` (and `k`, `p` of the other tests).
fn objects(release: &str) -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("v1", "ConfigMap", format!("{release}-cm")),
        ("v1", "ConfigMap", format!("{release}-extra")),
        ("apps/v1", "Deployment", format!("{release}-web")),
        ("batch/v1", "Job", format!("{release}-failing")),
    ]
}

/// What a tool decides about an object: data, spec, labels, annotations, and the field
/// managers with their operations (server-set fields, status and times left out).
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
                .filter(|f| f["subresource"] != "status")
                .map(|f| serde_json::json!([f["manager"], f["operation"], f["fieldsV1"]]))
                .collect()
        })
        .unwrap_or_default();
    let mut spec = object["spec"].clone();
    if let Some(s) = spec.as_object_mut() {
        // The Job controller's selector and labels carry the Job's uid.
        s.remove("selector");
        if let Some(t) = s.get_mut("template").and_then(|t| t.get_mut("metadata")) {
            *t = Json::Null;
        }
    }
    serde_json::json!({
        "annotations": meta["annotations"],
        "labels": labels,
        "managers": managers,
        "data": object["data"],
        "spec": spec,
    })
}

/// How a step runs.
#[derive(Clone, Copy)]
enum How {
    /// To the end.
    Run,
    /// Sent `signal` (`INT`, `TERM`, `KILL`) once revision `revision` of the release is
    /// recorded, and two seconds later (in the middle of its wait).
    Signal(&'static str, u32),
}

/// One command of a scenario.
struct Step {
    name: &'static str,
    args: Vec<String>,
    how: How,
    /// Whether the reference Helm succeeds (checked, so that a test cannot pass by both tools
    /// failing the same way for an unrelated reason).
    succeeds: bool,
}

fn step(name: &'static str, args: &str, how: How, succeeds: bool) -> Step {
    Step {
        name,
        args: args.split(' ').map(str::to_owned).collect(),
        how,
        succeeds,
    }
}

/// The tool of a lane for step `i`.
fn tool(lane: usize, i: usize) -> &'static str {
    let helm = match lane {
        0 => true,
        1 => false,
        // The mixes: Helm at even steps, or at odd ones.
        2 => i.is_multiple_of(2),
        _ => !i.is_multiple_of(2),
    };
    if helm { "helm" } else { "rudder" }
}

const LANES: [&str; 4] = ["helm alone", "rudder alone", "helm first", "rudder first"];

/// Runs `step` with `tool` in `namespace`: its masked output.
fn run_step(env: &Env, tool: &str, namespace: &str, release: &str, step: &Step) -> String {
    let args: Vec<String> = step
        .args
        .iter()
        .map(|a| {
            if a == "CHART" {
                env.chart_arg()
            } else {
                a.clone()
            }
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let How::Signal(signal, revision) = step.how else {
        return env.run(tool, namespace, &args);
    };
    let child = env
        .command(tool)
        .args(&args)
        .args(["-n", namespace])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_mins(1);
    let wanted = format!("\"revision\":{revision},");
    loop {
        let history = env.run("helm", namespace, &["history", release, "-o", "json"]);
        if history.contains(&wanted) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{}: revision {revision} never recorded",
            step.name
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // Long enough for the objects to be applied on a loaded machine.
    std::thread::sleep(Duration::from_secs(2));
    let killed = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    mask_output(&text, namespace)
}

/// The release a step works on: its first argument after the command.
fn release_of(step: &Step) -> &str {
    step.args
        .iter()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map_or("", String::as_str)
}

/// Runs `steps` in the four lanes at once (namespaces `<prefix>{h,r,m,n}-<id>`), calling
/// `before(i, namespace)` in each lane before step `i` (another tool's writes), and compares
/// every step's output, history, objects and records with the reference Helm's. Returns the
/// reference Helm's transcript, and the objects (keyed `Kind/name`) after each step.
fn scenario(
    env: &Env,
    prefix: &str,
    steps: &[Step],
    before: &dyn Fn(usize, &str),
) -> (String, Vec<Json>) {
    let id = unique();
    let namespaces: Vec<String> = ["h", "r", "m", "n"]
        .iter()
        .map(|l| format!("{prefix}{l}-{id}"))
        .collect();
    let objects = [objects("f"), objects("k")].concat();
    let objects: Vec<(&str, &str, &str)> = objects
        .iter()
        .map(|(a, k, n)| (*a, *k, n.as_str()))
        .collect();
    let mut transcript = String::new();
    let mut objects_after = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        for ns in &namespaces {
            before(i, ns);
        }
        let release = release_of(step);
        let outputs: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = namespaces
                .iter()
                .enumerate()
                .map(|(lane, ns)| {
                    let tool = tool(lane, i);
                    s.spawn(move || run_step(env, tool, ns, release, step))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let results: Vec<(String, String, Json)> = outputs
            .into_iter()
            .zip(&namespaces)
            .map(|(output, ns)| {
                (
                    output,
                    env.history("helm", ns, release),
                    env.snapshot(ns, &objects, release, 8, normalize),
                )
            })
            .collect();
        let _ = writeln!(
            transcript,
            "$ {}\n{}\n{}",
            step.args.join(" "),
            results[0].0,
            results[0].1
        );
        for (lane, (output, history, snapshot)) in results.iter().enumerate().skip(1) {
            let label = format!("{} ({}, by {})", step.name, LANES[lane], tool(lane, i));
            assert_same(&label, "output", &results[0].0, output);
            assert_same(&label, "history", &results[0].1, history);
            assert_same(&label, "objects and records", &results[0].2, snapshot);
        }
        assert_eq!(
            results[0].0.starts_with("status Some(0)"),
            step.succeeds,
            "{}: the reference Helm's result is not what the test expects:\n{}",
            step.name,
            results[0].0
        );
        objects_after.push(results[0].2.clone());
    }
    eprintln!("{transcript}");
    (transcript, objects_after)
}

#[test]
fn a_deployment_that_never_becomes_ready() {
    let Some(env) = Env::new("failing", CHART) else {
        return;
    };
    let steps = [
        step(
            "install fails",
            "install f CHART --create-namespace --set stuck=true --wait --timeout 5s",
            How::Run,
            false,
        ),
        step(
            "rollback-on-failure without a successful revision",
            "upgrade f CHART --set stuck=true --rollback-on-failure --timeout 5s",
            How::Run,
            false,
        ),
        step(
            "upgrade after failures",
            "upgrade f CHART --set stuck=false --wait --timeout 90s",
            How::Run,
            true,
        ),
        step(
            "cleanup-on-fail",
            "upgrade f CHART --set stuck=true,extra=true --wait --timeout 5s --cleanup-on-fail",
            How::Run,
            false,
        ),
        step(
            "atomic rolls back to the last deployed",
            "upgrade f CHART --set stuck=true,extra=true,message=x --atomic --timeout 5s --cleanup-on-fail",
            How::Run,
            false,
        ),
        step(
            "rollback-on-failure with --wait=legacy",
            "upgrade f CHART --set stuck=true --rollback-on-failure --wait=legacy --timeout 5s",
            How::Run,
            false,
        ),
        step("uninstall", "uninstall f", How::Run, true),
        step(
            "install rolled back",
            "install f CHART --set stuck=true --rollback-on-failure --timeout 5s",
            How::Run,
            false,
        ),
        step(
            "upgrade --install rolled back",
            "upgrade --install f CHART --set stuck=true --atomic --timeout 5s",
            How::Run,
            false,
        ),
        step(
            "upgrade --install fails",
            "upgrade --install f CHART --set stuck=true --wait --timeout 5s",
            How::Run,
            false,
        ),
    ];
    let (transcript, objects) = scenario(&env, "fd", &steps, &|_, _| {});
    // --cleanup-on-fail deleted the ConfigMap the failed upgrade created; the rollbacks put
    // the message of revision 3 back; the rolled back install left nothing behind.
    assert!(
        objects[3].get("ConfigMap/f-extra").is_none(),
        "{}",
        objects[3]
    );
    assert_eq!(objects[4]["ConfigMap/f-cm"]["data"]["message"], "hello");
    assert!(
        objects[7].get("Deployment/f-web").is_none(),
        "{}",
        objects[7]
    );
    for text in [
        "has been rolled back due to rollback-on-failure being set",
        "has been uninstalled due to rollback-on-failure being set",
        "unable to find a previously successful release when attempting to rollback",
        "Flag --atomic has been deprecated, use --rollback-on-failure instead",
        "Release \"f\" does not exist. Installing it now.",
    ] {
        assert!(transcript.contains(text), "{text}:\n{transcript}");
    }
}

#[test]
fn a_failing_hook() {
    let Some(env) = Env::new("failing", CHART) else {
        return;
    };
    let steps = [
        step(
            "install with a failing hook rolled back",
            "install f CHART --create-namespace --set failHook=true --rollback-on-failure --timeout 30s",
            How::Run,
            false,
        ),
        step(
            "install with a failing hook",
            "install f CHART --set failHook=true --timeout 30s",
            How::Run,
            false,
        ),
        step(
            "upgrade",
            "upgrade f CHART --set failHook=false --wait --timeout 90s",
            How::Run,
            true,
        ),
        step(
            "upgrade with a failing hook",
            "upgrade f CHART --set failHook=true --timeout 30s",
            How::Run,
            false,
        ),
        step(
            "upgrade with a failing hook rolled back",
            "upgrade f CHART --set failHook=true,extra=true --rollback-on-failure --cleanup-on-fail --timeout 30s",
            How::Run,
            false,
        ),
        step(
            "upgrade with hooks disabled",
            "upgrade f CHART --set failHook=true --no-hooks --atomic --timeout 90s",
            How::Run,
            true,
        ),
    ];
    let (transcript, _) = scenario(&env, "fh", &steps, &|_, _| {});
    assert!(
        transcript.contains("pre-upgrade hooks failed"),
        "{transcript}"
    );
}

#[test]
fn a_conflict_with_another_field_manager() {
    let Some(env) = Env::new("failing", CHART) else {
        return;
    };
    let steps = [
        step(
            "install",
            "install f CHART --create-namespace --wait --timeout 90s",
            How::Run,
            true,
        ),
        step(
            "upgrade conflicts",
            "upgrade f CHART --set message=mine --timeout 30s",
            How::Run,
            false,
        ),
        step(
            "upgrade conflicts and so does its rollback",
            "upgrade f CHART --set message=mine --rollback-on-failure --timeout 30s",
            How::Run,
            false,
        ),
        step(
            "upgrade forcing conflicts",
            "upgrade f CHART --set message=mine --force-conflicts --rollback-on-failure --timeout 90s",
            How::Run,
            true,
        ),
        step(
            "install over another manager's object",
            "install k CHART --take-ownership --timeout 30s",
            How::Run,
            false,
        ),
        step(
            "install over another manager's object rolled back",
            "install k CHART --take-ownership --replace --rollback-on-failure --timeout 30s",
            How::Run,
            false,
        ),
    ];
    // Another manager takes `data.message` of f's ConfigMap after the install, and writes k's
    // before each install of k (the rolled back install deletes it).
    let other = |i: usize, ns: &str| {
        let name = match i {
            1 => "f-cm",
            4 | 5 => "k-cm",
            _ => return,
        };
        env.kubectl_apply(
            ns,
            "other",
            &serde_json::json!({
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": name, "namespace": ns},
                "data": {"message": "other"}
            }),
        );
    };
    let (transcript, objects) = scenario(&env, "fc", &steps, &other);
    // The rolled back install over k-cm deleted it, the other manager's object.
    assert!(objects[5].get("ConfigMap/k-cm").is_none(), "{}", objects[5]);
    assert!(
        transcript.contains("conflict occurred while applying object"),
        "{transcript}"
    );
}

#[test]
fn the_deprecated_force_flag() {
    let Some(env) = Env::new("failing", CHART) else {
        return;
    };
    let steps = [
        step(
            "install --force",
            "install f CHART --create-namespace --force",
            How::Run,
            true,
        ),
        step(
            "upgrade --force of a server-side release",
            "upgrade f CHART --force --set message=x",
            How::Run,
            false,
        ),
        step(
            "upgrade --force client-side",
            "upgrade f CHART --force --server-side=false --set message=y",
            How::Run,
            true,
        ),
        step(
            "rollback --force to a server-side revision",
            "rollback f 1 --force",
            How::Run,
            false,
        ),
        step(
            "--force with --force-conflicts",
            "upgrade f CHART --force --force-conflicts",
            How::Run,
            false,
        ),
    ];
    let (transcript, objects) = scenario(&env, "ff", &steps, &|_, _| {});
    assert!(
        transcript.contains("Flag --force has been deprecated, use --force-replace instead"),
        "{transcript}"
    );
    assert_eq!(objects[2]["ConfigMap/f-cm"]["data"]["message"], "y");
}

#[test]
fn interrupts_and_pending_releases() {
    let Some(env) = Env::new("failing", CHART) else {
        return;
    };
    let steps = [
        step(
            "Ctrl-C during install",
            "install f CHART --create-namespace --set stuck=true --wait --timeout 120s",
            How::Signal("INT", 1),
            false,
        ),
        step(
            "upgrade",
            "upgrade f CHART --set stuck=false --wait --timeout 90s",
            How::Run,
            true,
        ),
        step(
            "Ctrl-C during upgrade",
            "upgrade f CHART --set stuck=true,extra=true --cleanup-on-fail --wait --timeout 120s",
            How::Signal("INT", 3),
            false,
        ),
        step(
            "SIGTERM during upgrade with rollback-on-failure",
            "upgrade f CHART --set stuck=true --rollback-on-failure --timeout 120s",
            How::Signal("TERM", 4),
            false,
        ),
        step(
            "upgrade killed",
            "upgrade f CHART --set stuck=true --wait --timeout 120s",
            How::Signal("KILL", 6),
            false,
        ),
        step(
            "upgrade of a pending release",
            "upgrade f CHART --set stuck=false --wait --timeout 90s",
            How::Run,
            false,
        ),
        step(
            "upgrade --install of a pending release",
            "upgrade --install f CHART",
            How::Run,
            false,
        ),
        step(
            "rollback of a pending release",
            "rollback f 5 --wait --timeout 90s",
            How::Run,
            true,
        ),
        step("uninstall", "uninstall f --wait", How::Run, true),
        step(
            "Ctrl-C during install with rollback-on-failure",
            "install f CHART --set stuck=true --rollback-on-failure --timeout 120s",
            How::Signal("INT", 1),
            false,
        ),
        step(
            "install killed",
            "install f CHART --set stuck=true --wait --timeout 120s",
            How::Signal("KILL", 1),
            false,
        ),
        step(
            "install over a pending install",
            "install f CHART --replace",
            How::Run,
            false,
        ),
        step(
            "upgrade of a pending install",
            "upgrade f CHART",
            How::Run,
            false,
        ),
        step(
            "rollback of a pending install",
            "rollback f",
            How::Run,
            false,
        ),
    ];
    let (transcript, objects) = scenario(&env, "fi", &steps, &|_, _| {});
    // The Ctrl-C'd upgrade created f-extra and stopped before its wait ended: nothing
    // created is cleaned up on a cancel (Helm passes an empty list to failRelease).
    assert!(
        objects[2].get("ConfigMap/f-extra").is_some(),
        "{}",
        objects[2]
    );
    for text in [
        "Release f has been cancelled.",
        "context canceled",
        "another operation (install/upgrade/rollback) is in progress",
    ] {
        assert!(transcript.contains(text), "{text}:\n{transcript}");
    }
}
