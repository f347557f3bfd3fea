//! Helm's `legacyWaiter` (`--wait=legacy`, Helm 3's behaviour): poll every two seconds, check
//! the resources in order with `ReadyChecker` (`pkg/kube/ready.go`, paused Deployments count
//! as ready), stop at the first one not ready.
//!
//! The rules themselves are [`crate::kstatus::legacy_ready`] (pure, checked against Helm's
//! code through the oracle); this module fetches what they need and polls.

use std::time::Duration;

use kube::api::{Api, ApiResource, DynamicObject, ListParams};
use serde_json::{Value, json};

use super::{DEADLINE_EXCEEDED, ResourceRef, WaitError, WaitOptions, selector};
use crate::kstatus;

const INTERVAL: Duration = Duration::from_secs(2);
/// Helm's `waitRetries`: consecutive retryable errors allowed per resource.
const RETRIES: usize = 30;

fn api(client: &kube::Client, r: &ResourceRef) -> Api<DynamicObject> {
    let resource = r.api_resource();
    if r.namespaced {
        Api::namespaced_with(client.clone(), r.namespace_str(), &resource)
    } else {
        Api::all_with(client.clone(), &resource)
    }
}

fn core(kind: &str, plural: &str, group: &str, version: &str) -> ApiResource {
    ApiResource {
        group: group.to_owned(),
        version: version.to_owned(),
        api_version: if group.is_empty() {
            version.to_owned()
        } else {
            format!("{group}/{version}")
        },
        kind: kind.to_owned(),
        plural: plural.to_owned(),
    }
}

enum Check {
    Ready,
    NotReady,
    /// A failed request: retryable (transport, 429, 5xx but 501) or not.
    Error {
        message: String,
        retryable: bool,
    },
}

fn api_error(err: &kube::Error) -> Check {
    match err {
        kube::Error::Api(status) => Check::Error {
            message: status.message.clone(),
            retryable: status.code == 0
                || status.code == 429
                || (status.code >= 500 && status.code != 501),
        },
        other => Check::Error {
            message: other.to_string(),
            retryable: true,
        },
    }
}

async fn get(client: &kube::Client, r: &ResourceRef) -> Result<Value, Check> {
    let object = api(client, r)
        .get(&r.name)
        .await
        .map_err(|e| api_error(&e))?;
    serde_json::to_value(&object).map_err(|e| Check::Error {
        message: e.to_string(),
        retryable: false,
    })
}

/// A list of `kind` objects in `namespace` matching `selector` (a label-selector query).
async fn list(
    client: &kube::Client,
    namespace: &str,
    resource: &ApiResource,
    selector: &str,
) -> Result<Vec<Value>, Check> {
    let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), namespace, resource);
    let list = api
        .list(&ListParams::default().labels(selector))
        .await
        .map_err(|e| api_error(&e))?;
    Ok(list
        .items
        .iter()
        .filter_map(|o| serde_json::to_value(o).ok())
        .map(|mut o| {
            if let Value::Object(map) = &mut o {
                map.insert(
                    "apiVersion".to_owned(),
                    Value::from(resource.api_version.as_str()),
                );
                map.insert("kind".to_owned(), Value::from(resource.kind.as_str()));
            }
            o
        })
        .collect())
}

/// `ReadyChecker.IsReady`: fetch the object (and what its rule lists), then
/// [`kstatus::legacy_ready`].
async fn is_ready(client: &kube::Client, r: &ResourceRef, jobs: bool) -> Check {
    let ns = r.namespace_str();
    let kind = (r.group.as_str(), r.version.as_str(), r.kind.as_str());
    let checked = matches!(
        kind,
        (
            "",
            "v1",
            "Pod" | "PersistentVolumeClaim" | "Service" | "ReplicationController"
        ) | (
            "apps",
            "v1",
            "Deployment" | "DaemonSet" | "StatefulSet" | "ReplicaSet"
        ) | (
            "apiextensions.k8s.io",
            "v1" | "v1beta1",
            "CustomResourceDefinition"
        )
    ) || (jobs && kind == ("batch", "v1", "Job"));
    if !checked {
        return Check::Ready;
    }
    let mut object = match get(client, r).await {
        Ok(v) => v,
        Err(check) => return check,
    };
    if let Value::Object(map) = &mut object {
        map.insert(
            "apiVersion".to_owned(),
            Value::from(r.api_resource().api_version),
        );
        map.insert("kind".to_owned(), Value::from(r.kind.as_str()));
    }
    let related = match kind {
        ("apps", "v1", "Deployment")
            if object.pointer("/spec/paused") != Some(&Value::Bool(true)) =>
        {
            let selector =
                selector::label_selector(object.pointer("/spec/selector")).unwrap_or_default();
            list(
                client,
                ns,
                &core("ReplicaSet", "replicasets", "apps", "v1"),
                &selector,
            )
            .await
        }
        ("apps", "v1", "ReplicaSet") | ("", "v1", "ReplicationController")
            if generation_observed(&object) =>
        {
            let selector = if kind.2 == "ReplicaSet" {
                selector::label_selector(object.pointer("/spec/selector")).unwrap_or_default()
            } else {
                let labels = json!({"matchLabels": object.pointer("/spec/selector").cloned().unwrap_or_default()});
                selector::label_selector(Some(&labels)).unwrap_or_default()
            };
            list(client, ns, &core("Pod", "pods", "", "v1"), &selector)
                .await
                .map_err(|check| match check {
                    Check::Error { message, retryable } => Check::Error {
                        message: format!("failed to list pods: {message}"),
                        retryable,
                    },
                    other => other,
                })
        }
        _ => Ok(Vec::new()),
    };
    let related = match related {
        Ok(related) => related,
        Err(check) => return check,
    };
    match kstatus::legacy_ready(&object, &related, jobs) {
        Ok(true) => Check::Ready,
        Ok(false) => Check::NotReady,
        // Helm retries errors that are not API status errors (a failed Job too), 30 times.
        Err(e) => Check::Error {
            message: e.0,
            retryable: true,
        },
    }
}

fn generation_observed(v: &Value) -> bool {
    let int = |p: &str| v.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    int("/status/observedGeneration") == int("/metadata/generation")
}

pub(super) async fn wait_ready(
    client: &kube::Client,
    refs: &[ResourceRef],
    o: &WaitOptions,
) -> Result<(), WaitError> {
    let errors = std::sync::Mutex::new(vec![0usize; refs.len()]);
    let errors = &errors;
    poll(o.timeout, || async move {
        for (i, r) in refs.iter().enumerate() {
            let check = is_ready(client, r, o.wait_for_jobs).await;
            let mut errors = errors
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match check {
                Check::Error {
                    retryable: true,
                    message,
                } => {
                    errors[i] += 1;
                    if errors[i] > RETRIES {
                        return Err(message);
                    }
                    return Ok(false);
                }
                Check::Error { message, .. } => return Err(message),
                Check::NotReady => {
                    errors[i] = 0;
                    return Ok(false);
                }
                Check::Ready => errors[i] = 0,
            }
        }
        Ok(true)
    })
    .await
}

pub(super) async fn wait_deleted(
    client: &kube::Client,
    refs: &[ResourceRef],
    o: &WaitOptions,
) -> Result<(), WaitError> {
    poll(o.timeout, || async {
        for r in refs {
            match api(client, r).get(&r.name).await {
                Err(kube::Error::Api(status)) if status.code == 404 => {}
                Ok(_) => return Ok(false),
                Err(e) => {
                    return match api_error(&e) {
                        Check::Error { message, .. } => Err(message),
                        _ => Ok(false),
                    };
                }
            }
        }
        Ok(true)
    })
    .await
}

/// `wait.PollUntilContextCancel` with an immediate first try, every two seconds, under
/// `--timeout` (zero: no limit).
async fn poll<F, Fut>(timeout: Duration, mut condition: F) -> Result<(), WaitError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<bool, String>>,
{
    let deadline = (!timeout.is_zero()).then(|| tokio::time::Instant::now() + timeout);
    loop {
        let attempt = async {
            match condition().await {
                Ok(true) => Some(Ok(())),
                Ok(false) => None,
                Err(message) => Some(Err(WaitError::Api(message))),
            }
        };
        let result = match deadline {
            Some(d) => match tokio::time::timeout_at(d, attempt).await {
                Ok(r) => r,
                Err(_) => Some(Err(deadline_error())),
            },
            None => attempt.await,
        };
        if let Some(result) = result {
            return result;
        }
        match deadline {
            Some(d) if tokio::time::Instant::now() + INTERVAL >= d => {
                tokio::time::sleep_until(d).await;
                return Err(deadline_error());
            }
            _ => tokio::time::sleep(INTERVAL).await,
        }
    }
}

fn deadline_error() -> WaitError {
    WaitError::NotReady {
        lines: vec![DEADLINE_EXCEEDED.to_owned()],
        timed_out: true,
    }
}

/// The legacy waiter's `WatchUntilReady` (hooks under `--wait=legacy`): Jobs until complete,
/// Pods until they succeed, anything else at once; consecutive resources of one kind in
/// parallel, each with the whole limit (Helm's `batchPerform`), errors joined.
pub(super) async fn watch_until_ready(
    client: &kube::Client,
    refs: &[ResourceRef],
    timeout: Duration,
) -> Result<(), WaitError> {
    use futures::StreamExt;
    if refs.is_empty() {
        return Err(WaitError::Api("no objects visited".to_owned()));
    }
    let mut errors: Vec<String> = Vec::new();
    let mut start = 0;
    while start < refs.len() {
        let kind = &refs[start].kind;
        let end = start + refs[start..].iter().take_while(|r| &r.kind == kind).count();
        let mut group: futures::stream::FuturesUnordered<_> = refs[start..end]
            .iter()
            .map(|r| watch_one(client, r, timeout))
            .collect();
        while let Some(result) = group.next().await {
            if let Err(message) = result {
                errors.push(message);
            }
        }
        start = end;
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(WaitError::Api(errors.join("\n")))
    }
}

/// `legacyWaiter.watchUntilReady` for one resource.
async fn watch_one(
    client: &kube::Client,
    r: &ResourceRef,
    timeout: Duration,
) -> Result<(), String> {
    use futures::StreamExt;
    use kube::api::{WatchEvent, WatchParams};
    let job = r.group == "batch" && r.kind == "Job";
    if !(job || (r.group.is_empty() && r.kind == "Pod")) {
        return Ok(());
    }
    // Some(result) once the object is where the hook wants it.
    let done = |object: &DynamicObject| -> Option<Result<(), String>> {
        let v = serde_json::to_value(object).ok()?;
        if job {
            for c in v.pointer("/status/conditions").and_then(Value::as_array)? {
                if c["type"] == "Complete" && c["status"] == "True" {
                    return Some(Ok(()));
                }
                if c["type"] == "Failed" && c["status"] == "True" {
                    let reason = c["reason"].as_str().unwrap_or_default();
                    return Some(Err(format!("job {} failed: {reason}", r.name)));
                }
            }
            None
        } else {
            match v.pointer("/status/phase").and_then(Value::as_str) {
                Some("Succeeded") => Some(Ok(())),
                Some("Failed") => Some(Err(format!("pod {} failed", r.name))),
                _ => None,
            }
        }
    };
    let api = api(client, r);
    let fields = format!("metadata.name={}", r.name);
    let until = async {
        loop {
            let Ok(list) = api.list(&ListParams::default().fields(&fields)).await else {
                tokio::time::sleep(INTERVAL).await;
                continue;
            };
            for o in &list.items {
                if let Some(result) = done(o) {
                    return result;
                }
            }
            let mut version = list.metadata.resource_version.clone().unwrap_or_default();
            loop {
                let wp = WatchParams::default().fields(&fields).timeout(290);
                let Ok(stream) = api.watch(&wp, &version).await else {
                    break;
                };
                let mut stream = std::pin::pin!(stream);
                let mut expired = false;
                while let Some(event) = stream.next().await {
                    match event {
                        Ok(WatchEvent::Added(o) | WatchEvent::Modified(o)) => {
                            if let Some(v) = o.metadata.resource_version.clone() {
                                version = v;
                            }
                            if let Some(result) = done(&o) {
                                return result;
                            }
                        }
                        Ok(WatchEvent::Deleted(_)) => return Ok(()),
                        Ok(WatchEvent::Bookmark(b)) => version = b.metadata.resource_version,
                        Ok(WatchEvent::Error(_)) | Err(_) => {
                            expired = true;
                            break;
                        }
                    }
                }
                if expired {
                    break;
                }
            }
        }
    };
    if timeout.is_zero() {
        return until.await;
    }
    match tokio::time::timeout(timeout, until).await {
        Ok(result) => result,
        Err(_) => Err("timed out waiting for the condition".to_owned()),
    }
}
