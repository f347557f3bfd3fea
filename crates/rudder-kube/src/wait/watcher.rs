//! Helm's `statusWaiter`: list-watch each (group, kind, namespace), recompute the kstatus
//! status of a waited-for object on every change, and stop when the aggregate status is the
//! one wanted.
//!
//! Like fluxcd's `DefaultStatusWatcher` (which Helm uses with `RESTScopeNamespace`), there is
//! one list-watch per group, kind and namespace; every resource starts `Unknown`, a deleted
//! one becomes `NotFound`. Unlike it, a list names the object (`fieldSelector=metadata.name=`)
//! when only one object of that kind and namespace is waited for, and a Deployment's status
//! does not list its `ReplicaSets` and their Pods (kstatus computes them but its Deployment
//! status never depends on them). `StatefulSets` and `ReplicaSets` do list their Pods while
//! `InProgress`, as kstatus does, to report crash-looping Pods as `Failed`.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

use futures::StreamExt;
use kube::api::{Api, ApiResource, DynamicObject, ListParams, WatchEvent, WatchParams};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::{DEADLINE_EXCEEDED, Pending, Progress, ProgressFn, ResourceRef, WaitError, selector};
use crate::kstatus::{self, Status};

/// What is waited for, and with which status rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// `Wait`: kstatus' default readers; every resource `Current`.
    Ready,
    /// `WaitWithJobs`: as `Ready`, with Helm's Job rule.
    ReadyWithJobs,
    /// `WatchUntilReady` (hooks): Helm's Job and Pod rules, anything else ready.
    Hooks,
    /// `WaitForDelete`: every resource `NotFound`.
    Deleted,
}

/// One list-watch: a group, kind and namespace, and the names waited for in it.
struct Target {
    api: ApiResource,
    namespace: Option<String>,
    names: Vec<String>,
}

enum Event {
    /// A (re)list of a target: the objects that exist now, by name.
    Listed(usize, Vec<Value>),
    /// An object was added or changed.
    Applied(usize, Value),
    /// An object was deleted.
    Deleted(usize, String),
    /// Listing or watching cannot go on (e.g. forbidden).
    Fatal(String),
}

struct Entry {
    target: usize,
    status: Status,
    message: String,
    /// The last object seen (for Pods, whose status changes with time alone).
    object: Option<Value>,
    /// A paused Deployment, which Helm does not wait for.
    skipped: bool,
}

pub(super) async fn run(
    client: &kube::Client,
    refs: &[ResourceRef],
    mode: Mode,
    timeout: Duration,
    progress: Option<ProgressFn>,
) -> Result<(), WaitError> {
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + timeout;

    // Targets, and each resource's entry.
    let mut targets: Vec<Target> = Vec::new();
    let mut index: HashMap<(String, String, String), usize> = HashMap::new();
    let mut entries: Vec<Entry> = Vec::with_capacity(refs.len());
    for r in refs {
        let namespace = r.namespaced.then(|| r.namespace_str().to_owned());
        let key = (
            r.group.clone(),
            r.kind.clone(),
            namespace.clone().unwrap_or_default(),
        );
        let t = *index.entry(key).or_insert_with(|| {
            targets.push(Target {
                api: r.api_resource(),
                namespace,
                names: Vec::new(),
            });
            targets.len() - 1
        });
        if !targets[t].names.contains(&r.name) {
            targets[t].names.push(r.name.clone());
        }
        entries.push(Entry {
            target: t,
            status: Status::Unknown,
            message: String::new(),
            object: None,
            skipped: false,
        });
    }

    let (tx, mut rx) = mpsc::channel::<Event>(64);
    let mut tasks = JoinSet::new();
    for (i, target) in targets.iter().enumerate() {
        let api: Api<DynamicObject> = match &target.namespace {
            Some(ns) => Api::namespaced_with(client.clone(), ns, &target.api),
            None => Api::all_with(client.clone(), &target.api),
        };
        let fields = match target.names.as_slice() {
            [one] => Some(format!("metadata.name={one}")),
            _ => None,
        };
        tasks.spawn(list_watch(i, api, target.api.clone(), fields, tx.clone()));
    }
    drop(tx);

    let mut synced = vec![false; targets.len()];
    let mut last_report: Option<Vec<Pending>> = None;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let desired = if mode == Mode::Deleted {
        Status::NotFound
    } else {
        Status::Current
    };

    let outcome = loop {
        let all_synced = synced.iter().all(|s| *s);
        if all_synced {
            if let Some(cb) = &progress {
                let pending = pending(refs, &entries, desired);
                if last_report.as_ref() != Some(&pending) {
                    cb(&Progress {
                        total: refs.len(),
                        pending: pending.clone(),
                        elapsed: started.elapsed(),
                    });
                    last_report = Some(pending);
                }
            }
            if done(&entries, desired) {
                break None;
            }
        }
        tokio::select! {
            event = rx.recv() => match event {
                Some(Event::Fatal(message)) => break Some(WaitError::Api(message)),
                Some(Event::Listed(t, objects)) => {
                    synced[t] = true;
                    for (i, r) in refs.iter().enumerate() {
                        if entries[i].target != t {
                            continue;
                        }
                        match objects.iter().find(|o| name_of(o) == r.name) {
                            Some(o) => observe(client, &mut entries[i], r, o.clone(), mode).await,
                            // Gone since the last list: the informer reports a deletion.
                            None if entries[i].object.is_some() => deleted(&mut entries[i]),
                            None => {}
                        }
                    }
                }
                Some(Event::Applied(t, object)) => {
                    let name = name_of(&object).to_owned();
                    for (i, r) in refs.iter().enumerate() {
                        if entries[i].target == t && r.name == name {
                            observe(client, &mut entries[i], r, object.clone(), mode).await;
                        }
                    }
                }
                Some(Event::Deleted(t, name)) => {
                    for (i, r) in refs.iter().enumerate() {
                        if entries[i].target == t && r.name == name {
                            deleted(&mut entries[i]);
                        }
                    }
                }
                None => break Some(WaitError::Api("watch ended".to_owned())),
            },
            _ = tick.tick() => {
                // A Pod waiting to be scheduled turns Failed after kstatus' schedule window
                // without any change to the object (kstatus re-reads it then).
                for (i, r) in refs.iter().enumerate() {
                    let e = &mut entries[i];
                    if e.status == Status::InProgress
                        && mode != Mode::Hooks
                        && r.group.is_empty()
                        && r.kind == "Pod"
                        && let Some(o) = e.object.take()
                    {
                        observe(client, e, r, o, mode).await;
                    }
                }
            }
            () = tokio::time::sleep_until(deadline) => break Some(timeout_error()),
        }
    };
    tasks.abort_all();

    match outcome {
        Some(WaitError::Api(message)) => Err(WaitError::Api(message)),
        Some(_) => Err(report(refs, &entries, mode, true)),
        None => {
            let err = report(refs, &entries, mode, false);
            match &err {
                WaitError::NotReady { lines, .. } if lines.is_empty() => Ok(()),
                _ => Err(err),
            }
        }
    }
}

fn timeout_error() -> WaitError {
    WaitError::NotReady {
        lines: Vec::new(),
        timed_out: true,
    }
}

/// Helm's error after the wait: a line per resource not in the wanted status, in the order
/// given, then the context's error when the time ran out.
fn report(refs: &[ResourceRef], entries: &[Entry], mode: Mode, timed_out: bool) -> WaitError {
    let mut lines = Vec::new();
    for (r, e) in refs.iter().zip(entries) {
        if e.skipped {
            continue;
        }
        let line = if mode == Mode::Deleted {
            if matches!(e.status, Status::NotFound | Status::Unknown) {
                continue;
            }
            "still exists"
        } else {
            if e.status == Status::Current {
                continue;
            }
            "not ready"
        };
        lines.push(format!(
            "resource {}/{}/{} {line}. status: {}, message: {}",
            r.kind,
            r.namespace_str(),
            r.name,
            e.status,
            e.message
        ));
    }
    if timed_out {
        lines.push(DEADLINE_EXCEEDED.to_owned());
    }
    WaitError::NotReady { lines, timed_out }
}

/// Helm's `statusObserver`: `Failed` resources do not hold up a wait for `Current`, `Unknown`
/// ones do not hold up a wait for deletion; then kstatus' `AggregateStatus`.
fn done(entries: &[Entry], desired: Status) -> bool {
    let mut any_unknown = false;
    let mut all_desired = true;
    for e in entries.iter().filter(|e| !e.skipped) {
        if e.status == Status::Failed && desired == Status::Current {
            continue;
        }
        if e.status == Status::Unknown && desired == Status::NotFound {
            continue;
        }
        if e.status == Status::Failed {
            return false;
        }
        any_unknown |= e.status == Status::Unknown;
        all_desired &= e.status == desired;
    }
    !any_unknown && all_desired
}

fn pending(refs: &[ResourceRef], entries: &[Entry], desired: Status) -> Vec<Pending> {
    refs.iter()
        .zip(entries)
        .filter(|(_, e)| !e.skipped && e.status != desired)
        .map(|(r, e)| Pending {
            kind: r.kind.clone(),
            namespace: r.namespace_str().to_owned(),
            name: r.name.clone(),
            status: e.status,
            message: e.message.clone(),
        })
        .collect()
}

fn name_of(object: &Value) -> &str {
    object
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn deleted(e: &mut Entry) {
    e.status = Status::NotFound;
    "Resource not found".clone_into(&mut e.message);
    e.object = None;
}

/// Computes the status of a fresh copy of a waited-for object with the mode's readers.
async fn observe(client: &kube::Client, e: &mut Entry, r: &ResourceRef, object: Value, mode: Mode) {
    if mode != Mode::Deleted
        && mode != Mode::Hooks
        && r.group == "apps"
        && r.kind == "Deployment"
        && object.pointer("/spec/paused") == Some(&Value::Bool(true))
    {
        // Helm leaves paused Deployments out of the wait.
        e.skipped = true;
    }
    let result = match (mode, r.group.as_str(), r.kind.as_str()) {
        (Mode::Hooks | Mode::ReadyWithJobs, "batch", "Job") => kstatus::helm_job_status(&object),
        (Mode::Hooks, "", "Pod") => Ok(kstatus::helm_pod_status(&object)),
        (Mode::Hooks, _, _) => Ok(kstatus::Outcome {
            status: Status::Current,
            message: "Resource is current".to_owned(),
            conditions: Vec::new(),
        }),
        _ => kstatus::compute_at(&object, SystemTime::now()),
    };
    if let Ok(outcome) = result {
        e.status = outcome.status;
        e.message = outcome.message;
        if e.status == Status::InProgress
            && mode != Mode::Hooks
            && r.group == "apps"
            && matches!(r.kind.as_str(), "StatefulSet" | "ReplicaSet")
        {
            match failed_pods(client, r, &object).await {
                Ok(0) => {}
                Ok(n) => {
                    e.status = Status::Failed;
                    e.message = format!("{n} pods have failed");
                }
                Err(()) => {
                    e.status = Status::Unknown;
                    e.message = String::new();
                }
            }
        }
    } else {
        // kstatus reports an object whose status cannot be computed as Unknown, no message.
        e.status = Status::Unknown;
        e.message = String::new();
    }
    e.object = Some(object);
}

/// kstatus' pod-controller reader: the Pods of a `StatefulSet` or `ReplicaSet` that failed for
/// good (not being deleted, not merely unschedulable).
async fn failed_pods(client: &kube::Client, r: &ResourceRef, object: &Value) -> Result<usize, ()> {
    let selector = selector::label_selector(object.pointer("/spec/selector")).ok_or(())?;
    let pods: Api<DynamicObject> = Api::namespaced_with(
        client.clone(),
        r.namespace_str(),
        &ApiResource {
            group: String::new(),
            version: "v1".to_owned(),
            api_version: "v1".to_owned(),
            kind: "Pod".to_owned(),
            plural: "pods".to_owned(),
        },
    );
    let list = pods
        .list(&ListParams::default().labels(&selector))
        .await
        .map_err(|_| ())?;
    let mut failed = 0;
    for pod in list.items {
        let mut pod = serde_json::to_value(&pod).map_err(|_| ())?;
        set_type(&mut pod, "v1", "Pod");
        let Ok(outcome) = kstatus::compute(&pod) else {
            continue;
        };
        let deleting = pod
            .pointer("/metadata/deletionTimestamp")
            .is_some_and(|v| !v.is_null());
        if outcome.status == Status::Failed && !deleting && !unschedulable(&pod) {
            failed += 1;
        }
    }
    Ok(failed)
}

fn unschedulable(pod: &Value) -> bool {
    pod.pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| {
            cs.iter().any(|c| {
                c["type"] == "PodScheduled"
                    && c["status"] == "False"
                    && c["reason"] == "Unschedulable"
            })
        })
}

/// List items come without `apiVersion` and `kind`; kstatus needs them.
fn set_type(object: &mut Value, api_version: &str, kind: &str) {
    if let Value::Object(map) = object {
        map.insert("apiVersion".to_owned(), Value::from(api_version));
        map.insert("kind".to_owned(), Value::from(kind));
    }
}

fn to_value(object: &DynamicObject, api: &ApiResource) -> Option<Value> {
    let mut value = serde_json::to_value(object).ok()?;
    set_type(&mut value, &api.api_version, &api.kind);
    Some(value)
}

/// One informer: list, then watch from the list's version; relist when the watch expires.
async fn list_watch(
    target: usize,
    api: Api<DynamicObject>,
    resource: ApiResource,
    fields: Option<String>,
    tx: mpsc::Sender<Event>,
) {
    let mut backoff = Duration::from_millis(800);
    loop {
        let mut lp = ListParams::default();
        if let Some(f) = &fields {
            lp = lp.fields(f);
        }
        let list = match api.list(&lp).await {
            Ok(list) => list,
            Err(kube::Error::Api(status)) if status.code == 403 => {
                let _ = tx.send(Event::Fatal(status.message.clone())).await;
                return;
            }
            Err(_) => {
                // Not served yet (a CRD being established), or a passing failure: retry.
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(30));
                continue;
            }
        };
        backoff = Duration::from_millis(800);
        let mut version = list.metadata.resource_version.clone().unwrap_or_default();
        let objects = list
            .items
            .iter()
            .filter_map(|o| to_value(o, &resource))
            .collect();
        if tx.send(Event::Listed(target, objects)).await.is_err() {
            return;
        }
        // Watch until the server ends the stream, then resume from the last version; relist
        // when the version is too old.
        'watch: loop {
            let mut wp = WatchParams::default().timeout(290);
            if let Some(f) = &fields {
                wp = wp.fields(f);
            }
            let Ok(stream) = api.watch(&wp, &version).await else {
                break 'watch;
            };
            let mut stream = std::pin::pin!(stream);
            while let Some(event) = stream.next().await {
                let Ok(event) = event else { break 'watch };
                let sent = match event {
                    WatchEvent::Added(o) | WatchEvent::Modified(o) => {
                        if let Some(v) = o.metadata.resource_version.clone() {
                            version = v;
                        }
                        match to_value(&o, &resource) {
                            Some(value) => tx.send(Event::Applied(target, value)).await,
                            None => Ok(()),
                        }
                    }
                    WatchEvent::Deleted(o) => {
                        if let Some(v) = o.metadata.resource_version.clone() {
                            version = v;
                        }
                        let name = o.metadata.name.clone().unwrap_or_default();
                        tx.send(Event::Deleted(target, name)).await
                    }
                    WatchEvent::Bookmark(b) => {
                        version = b.metadata.resource_version;
                        Ok(())
                    }
                    WatchEvent::Error(_) => break 'watch,
                };
                if sent.is_err() {
                    return;
                }
            }
        }
    }
}
