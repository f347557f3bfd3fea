//! The waiters against a real API server (the local cluster of `tools/cluster.sh`, whose kwok
//! nodes make Deployments Available and run-once Pods succeed; `tools/test.sh` exports its
//! kubeconfig as `RUDDER_TEST_KUBECONFIG`). Failure texts are compared with what the
//! reference Helm prints for the same objects on the same cluster. Without the variable every
//! test says so loudly and passes without running.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kube::Api;
use kube::api::{ApiResource, DeleteParams, DynamicObject, PostParams};
use rudder_kube::kstatus::Status;
use rudder_kube::wait::{self, Progress, ResourceRef, WaitError, WaitOptions, WaitStrategy};
use rudder_kube::{KubeClient, KubeOptions};
use serde_json::{Value, json};

fn kubeconfig() -> Option<String> {
    match std::env::var("RUDDER_TEST_KUBECONFIG") {
        Ok(path) if !path.is_empty() => Some(path),
        _ => {
            eprintln!(
                "\n*** SKIPPED: RUDDER_TEST_KUBECONFIG is not set: this test needs a cluster \
                 (tools/cluster.sh up; tools/test.sh sets it) ***\n"
            );
            None
        }
    }
}

fn repo_root() -> PathBuf {
    PathBuf::from(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..")
}

fn unique(prefix: &str) -> String {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{}", n % 1_000_000_000)
}

async fn connect(path: &str) -> KubeClient {
    KubeOptions {
        kubeconfig: Some(path.into()),
        ..KubeOptions::default()
    }
    .connect()
    .await
    .expect("connect")
}

fn resource(api_version: &str, kind: &str, plural: &str) -> ApiResource {
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    ApiResource {
        group: group.to_owned(),
        version: version.to_owned(),
        api_version: api_version.to_owned(),
        kind: kind.to_owned(),
        plural: plural.to_owned(),
    }
}

fn plural(kind: &str) -> &'static str {
    match kind {
        "Deployment" => "deployments",
        "Job" => "jobs",
        "ConfigMap" => "configmaps",
        "Namespace" => "namespaces",
        "Service" => "services",
        other => panic!("no plural for {other}"),
    }
}

/// Creates an object from its manifest and returns its reference.
async fn create(client: &kube::Client, namespace: &str, manifest: &Value) -> ResourceRef {
    let api_version = manifest["apiVersion"].as_str().unwrap();
    let kind = manifest["kind"].as_str().unwrap();
    let ar = resource(api_version, kind, plural(kind));
    let namespaced = kind != "Namespace";
    let api: Api<DynamicObject> = if namespaced {
        Api::namespaced_with(client.clone(), namespace, &ar)
    } else {
        Api::all_with(client.clone(), &ar)
    };
    let object: DynamicObject = serde_json::from_value(manifest.clone()).unwrap();
    api.create(&PostParams::default(), &object)
        .await
        .expect("create");
    ResourceRef {
        group: ar.group,
        version: ar.version,
        kind: kind.to_owned(),
        plural: ar.plural,
        namespaced,
        namespace: namespaced.then(|| namespace.to_owned()),
        name: manifest["metadata"]["name"].as_str().unwrap().to_owned(),
    }
}

async fn delete(client: &kube::Client, r: &ResourceRef) {
    let ar = resource(
        &if r.group.is_empty() {
            r.version.clone()
        } else {
            format!("{}/{}", r.group, r.version)
        },
        &r.kind,
        &r.plural,
    );
    let api: Api<DynamicObject> = match &r.namespace {
        Some(ns) => Api::namespaced_with(client.clone(), ns, &ar),
        None => Api::all_with(client.clone(), &ar),
    };
    api.delete(&r.name, &DeleteParams::foreground())
        .await
        .expect("delete");
}

fn namespace(name: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
}

fn deployment(name: &str, node_selector: Option<&str>) -> Value {
    let mut spec = json!({"containers": [{"name": "c", "image": "nginx"}]});
    if let Some(node) = node_selector {
        spec["nodeSelector"] = json!({"kubernetes.io/hostname": node});
    }
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
                 "template": {"metadata": {"labels": {"app": name}}, "spec": spec}}
    })
}

fn job(name: &str, fail: bool) -> Value {
    let mut spec = json!({"backoffLimit": 0, "template": {"spec": {
        "restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}});
    if fail {
        // Never scheduled, then past its deadline: the Job controller marks it Failed.
        spec["activeDeadlineSeconds"] = json!(2);
        spec["template"]["spec"]["nodeSelector"] = json!({"kubernetes.io/hostname": "nowhere"});
    }
    json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name}, "spec": spec})
}

fn watcher(timeout: Duration) -> WaitOptions {
    WaitOptions::new(WaitStrategy::Watcher, timeout)
}

/// Installs a chart holding `manifests` with the reference Helm and returns what it printed
/// after `Error: INSTALLATION FAILED: `, with its namespace replaced by `NS`.
fn helm_install_error(kubeconfig: &str, manifests: &[Value], flags: &[&str]) -> String {
    let out = Command::new(repo_root().join("tools/reference-helm.sh"))
        .output()
        .expect("reference-helm.sh");
    let helm = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let work = std::env::temp_dir().join(unique("rudder-wait-helm"));
    let chart = work.join("chart");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: waits\nversion: 0.1.0\n",
    )
    .unwrap();
    for (i, m) in manifests.iter().enumerate() {
        std::fs::write(
            chart.join(format!("templates/m{i}.yaml")),
            serde_json::to_string(m).unwrap(),
        )
        .unwrap();
    }
    let ns = unique("helm-wait");
    let env = |c: &mut Command, dir: &Path| {
        c.env("KUBECONFIG", kubeconfig)
            .env("HELM_CACHE_HOME", dir.join("cache"))
            .env("HELM_CONFIG_HOME", dir.join("config"))
            .env("HELM_DATA_HOME", dir.join("data"));
    };
    let mut cmd = Command::new(&helm);
    cmd.args(["install", "waits"])
        .arg(&chart)
        .args(["-n", &ns, "--create-namespace"])
        .args(flags);
    env(&mut cmd, &work);
    let out = cmd.output().expect("helm install");
    assert!(!out.status.success(), "helm install succeeded");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let mut del = Command::new(&helm);
    del.args(["uninstall", "waits", "-n", &ns]);
    env(&mut del, &work);
    let _ = std::fs::remove_dir_all(&work);
    let _ = del.output();
    // Helm may log before its error line (a hook's output, warnings).
    let marker = "Error: INSTALLATION FAILED: ";
    let text = match stderr.find(marker) {
        Some(at) => stderr[at + marker.len()..].trim_end().to_owned(),
        None => panic!("no error from helm: {stderr}"),
    };
    text.replace(&ns, "NS")
}

struct Scratch {
    client: kube::Client,
    ns: String,
    ns_ref: ResourceRef,
}

impl Scratch {
    async fn new(path: &str, prefix: &str) -> Scratch {
        let client = connect(path).await.client().clone();
        let ns = unique(prefix);
        let ns_ref = create(&client, "", &namespace(&ns)).await;
        Scratch { client, ns, ns_ref }
    }

    async fn done(self) {
        delete(&self.client, &self.ns_ref).await;
    }
}

#[tokio::test]
async fn wait_deployment_becomes_available_with_a_live_view() {
    let Some(path) = kubeconfig() else { return };
    let s = Scratch::new(&path, "wait-ready").await;
    let dep = create(&s.client, &s.ns, &deployment("web", None)).await;
    let cm = create(
        &s.client,
        &s.ns,
        &json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}}),
    )
    .await;
    let views: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let seen = views.clone();
    let mut o = watcher(Duration::from_mins(1));
    o.progress = Some(Arc::new(move |p: &Progress| {
        seen.lock().unwrap().push(p.clone());
    }));
    let started = Instant::now();
    wait::wait_ready(&s.client, &[dep.clone(), cm], &o)
        .await
        .expect("ready");
    eprintln!("Deployment Available after {:?}", started.elapsed());
    let views = views.lock().unwrap().clone();
    // How many views come before the end depends on how fast kwok makes the Deployment
    // Available (sometimes before the first list): every view counts both resources, names
    // only them, and the last one has nothing pending.
    assert!(!views.is_empty());
    assert!(
        views
            .iter()
            .all(|p| p.total == 2 && p.pending.iter().all(|x| x.name == "web" || x.name == "cfg"))
    );
    assert!(views.last().is_some_and(|p| p.pending.is_empty()));
    // Helm's hook-only strategy waits for nothing.
    wait::wait_ready(
        &s.client,
        &[dep],
        &WaitOptions::new(WaitStrategy::HookOnly, Duration::ZERO),
    )
    .await
    .unwrap();
    s.done().await;
}

#[tokio::test]
async fn wait_deployment_that_never_becomes_ready_times_out_as_helm_does() {
    let Some(path) = kubeconfig() else { return };
    let s = Scratch::new(&path, "wait-never").await;
    let manifest = deployment("stuck", Some("nowhere"));
    let dep = create(&s.client, &s.ns, &manifest).await;
    let started = Instant::now();
    let err = wait::wait_ready(
        &s.client,
        std::slice::from_ref(&dep),
        &watcher(Duration::from_secs(5)),
    )
    .await
    .unwrap_err();
    let elapsed = started.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert!(
        elapsed >= Duration::from_secs(5) && elapsed < Duration::from_secs(8),
        "{elapsed:?}"
    );
    let ours = err.to_string().replace(&s.ns, "NS");
    let helm = helm_install_error(
        &path,
        std::slice::from_ref(&manifest),
        &["--wait", "--timeout", "5s"],
    );
    assert_eq!(ours, helm);
    assert_eq!(
        ours,
        "resource Deployment/NS/stuck not ready. status: InProgress, message: Available: 0/1\ncontext deadline exceeded"
    );

    // The legacy strategy polls and only says the time ran out.
    let o = WaitOptions::new(WaitStrategy::Legacy, Duration::from_secs(3));
    let err = wait::wait_ready(&s.client, &[dep], &o).await.unwrap_err();
    let helm = helm_install_error(&path, &[manifest], &["--wait=legacy", "--timeout", "3s"]);
    assert_eq!(err.to_string(), helm);
    s.done().await;
}

#[tokio::test]
async fn wait_for_jobs_completing_and_failing() {
    let Some(path) = kubeconfig() else { return };
    let s = Scratch::new(&path, "wait-jobs").await;
    let ok = create(&s.client, &s.ns, &job("done", false)).await;
    let mut o = watcher(Duration::from_mins(1));
    o.wait_for_jobs = true;
    wait::wait_ready(&s.client, std::slice::from_ref(&ok), &o)
        .await
        .expect("job completes");
    let o_legacy = WaitOptions {
        strategy: WaitStrategy::Legacy,
        ..o.clone()
    };
    wait::wait_ready(&s.client, &[ok], &o_legacy)
        .await
        .expect("job completes (legacy)");

    let manifest = job("fails", true);
    let bad = create(&s.client, &s.ns, &manifest).await;
    let started = Instant::now();
    let err = wait::wait_ready(&s.client, &[bad], &o).await.unwrap_err();
    // Failed ends the wait early, without the deadline's error.
    assert!(!err.is_timeout(), "{err}");
    assert!(started.elapsed() < Duration::from_secs(30));
    let helm = helm_install_error(
        &path,
        &[manifest],
        &["--wait", "--wait-for-jobs", "--timeout", "60s"],
    );
    assert_eq!(err.to_string().replace(&s.ns, "NS"), helm);
    assert!(
        helm.starts_with(
            "resource Job/NS/fails not ready. status: Failed, message: Job Failed. failed: "
        ),
        "{helm}"
    );
    // The legacy checker treats "job is failed" as a retryable error (not an API status
    // error): Helm polls on and reports the deadline when it comes first.
    let o = WaitOptions {
        strategy: WaitStrategy::Legacy,
        timeout: Duration::from_secs(5),
        wait_for_jobs: true,
        progress: None,
    };
    let manifest = job("fails-legacy", true);
    let bad = create(&s.client, &s.ns, &manifest).await;
    tokio::time::sleep(Duration::from_secs(4)).await; // past its deadline: Failed
    let err = wait::wait_ready(&s.client, &[bad], &o).await.unwrap_err();
    let helm = helm_install_error(
        &path,
        &[manifest],
        &["--wait=legacy", "--wait-for-jobs", "--timeout", "5s"],
    );
    assert_eq!(err.to_string(), helm);
    assert_eq!(helm, "context deadline exceeded");
    s.done().await;
}

#[tokio::test]
async fn wait_deleted_and_still_there() {
    let Some(path) = kubeconfig() else { return };
    let s = Scratch::new(&path, "wait-gone").await;
    let dep = create(&s.client, &s.ns, &deployment("web", None)).await;
    let cm = create(
        &s.client,
        &s.ns,
        &json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}}),
    )
    .await;
    let kept = create(
        &s.client,
        &s.ns,
        &json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "kept"}}),
    )
    .await;
    let never = ResourceRef {
        name: "never-existed".to_owned(),
        ..cm.clone()
    };
    delete(&s.client, &dep).await;
    delete(&s.client, &cm).await;
    wait::wait_deleted(
        &s.client,
        &[dep.clone(), cm.clone(), never.clone()],
        &watcher(Duration::from_mins(1)),
    )
    .await
    .expect("deleted");
    let legacy = WaitOptions::new(WaitStrategy::Legacy, Duration::from_secs(30));
    wait::wait_deleted(&s.client, &[dep, cm, never], &legacy)
        .await
        .expect("deleted (legacy)");

    let err = wait::wait_deleted(
        &s.client,
        std::slice::from_ref(&kept),
        &watcher(Duration::from_secs(2)),
    )
    .await
    .unwrap_err();
    assert_eq!(
        err.to_string().replace(&s.ns, "NS"),
        "resource ConfigMap/NS/kept still exists. status: Current, message: Resource is always ready\ncontext deadline exceeded"
    );
    let err = wait::wait_deleted(
        &s.client,
        &[kept],
        &WaitOptions::new(WaitStrategy::Legacy, Duration::from_secs(2)),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        &err,
        WaitError::NotReady {
            timed_out: true,
            ..
        }
    ));
    assert_eq!(err.to_string(), "context deadline exceeded");
    s.done().await;
}

#[tokio::test]
async fn watch_until_ready_hooks() {
    let Some(path) = kubeconfig() else { return };
    let s = Scratch::new(&path, "wait-hooks").await;
    let ok = create(&s.client, &s.ns, &job("hook", false)).await;
    let cm = create(
        &s.client,
        &s.ns,
        &json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}}),
    )
    .await;
    wait::watch_until_ready(&s.client, &[ok, cm], Duration::from_mins(1), None)
        .await
        .expect("hook done");
    // A Job still running when the time runs out.
    let bad = create(&s.client, &s.ns, &job("slow", true)).await;
    let views: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let seen = views.clone();
    let err = wait::watch_until_ready(
        &s.client,
        &[bad],
        Duration::from_secs(1),
        Some(Arc::new(move |p: &Progress| {
            seen.lock().unwrap().push(p.clone());
        })),
    )
    .await
    .unwrap_err();
    assert_eq!(
        err.to_string().replace(&s.ns, "NS"),
        "resource Job/NS/slow not ready. status: InProgress, message: Job in progress\ncontext deadline exceeded"
    );
    let last = views.lock().unwrap().last().cloned().unwrap();
    assert_eq!(last.pending[0].status, Status::InProgress);
    assert_eq!(last.pending[0].message, "Job in progress");
    s.done().await;
}

#[tokio::test]
async fn legacy_hooks_as_helm_watches_them() {
    let Some(path) = kubeconfig() else { return };
    let s = Scratch::new(&path, "wait-legacy-hooks").await;
    let o = WaitOptions::new(WaitStrategy::Legacy, Duration::from_mins(1));
    let ok = create(&s.client, &s.ns, &job("hook", false)).await;
    let cm = create(
        &s.client,
        &s.ns,
        &json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}}),
    )
    .await;
    wait::watch_hooks(&s.client, &[cm, ok], &o)
        .await
        .expect("hook done");
    assert_eq!(
        wait::watch_hooks(&s.client, &[], &o)
            .await
            .unwrap_err()
            .to_string(),
        "no objects visited"
    );
    let mut manifest = job("fails", true);
    let bad = create(&s.client, &s.ns, &manifest).await;
    let err = wait::watch_hooks(&s.client, &[bad], &o).await.unwrap_err();
    assert_eq!(err.to_string(), "job fails failed: DeadlineExceeded");
    // The reference Helm running the same Job as a pre-install hook says the same at the end.
    manifest["metadata"]["annotations"] = json!({"helm.sh/hook": "pre-install"});
    let helm = helm_install_error(&path, &[manifest], &["--wait=legacy", "--timeout", "60s"]);
    assert!(helm.ends_with(&err.to_string()), "{helm}");
    s.done().await;
}
