//! Helm's `legacyWaiter` (`--wait=legacy`, Helm 3's behaviour): poll every two seconds, check
//! the resources in order with `ReadyChecker` (`pkg/kube/ready.go`, paused Deployments count
//! as ready), stop at the first one not ready.
//!
//! One approximation: Helm finds a Deployment's new `ReplicaSet` by comparing pod templates
//! (`deploymentutil.GetNewReplicaSet`); here it is the `ReplicaSet` the Deployment controls
//! whose `deployment.kubernetes.io/revision` annotation equals the Deployment's, which the
//! controller keeps equal to the same `ReplicaSet`.

use std::time::Duration;

use kube::api::{Api, ApiResource, DynamicObject, ListParams};
use serde_json::Value;

use super::{DEADLINE_EXCEEDED, ResourceRef, WaitError, WaitOptions, selector};

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

fn int(v: &Value, pointer: &str) -> i64 {
    v.pointer(pointer).and_then(Value::as_i64).unwrap_or(0)
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn has_condition(v: &Value, kind: &str, status: &str) -> bool {
    v.pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| {
            cs.iter()
                .any(|c| c["type"] == kind && c["status"] == status)
        })
}

fn generation_observed(v: &Value) -> bool {
    int(v, "/status/observedGeneration") == int(v, "/metadata/generation")
}

/// `intstr.GetScaledValueFromIntOrPercent`.
fn scaled(value: Option<&Value>, total: i64, round_up: bool) -> Option<i64> {
    match value {
        None | Some(Value::Null) => Some(0),
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => {
            let percent: i64 = s.strip_suffix('%')?.parse().ok()?;
            let product = percent * total;
            Some(if round_up {
                (product + 99).div_euclid(100)
            } else {
                product.div_euclid(100)
            })
        }
        Some(_) => None,
    }
}

/// `deploymentutil.MaxUnavailable`.
fn max_unavailable(dep: &Value, replicas: i64) -> i64 {
    if str_at(dep, "/spec/strategy/type") != "RollingUpdate" || replicas == 0 {
        return 0;
    }
    let rolling = dep.pointer("/spec/strategy/rollingUpdate");
    let surge = scaled(rolling.and_then(|r| r.get("maxSurge")), replicas, true).unwrap_or(0);
    let mut unavailable = scaled(
        rolling.and_then(|r| r.get("maxUnavailable")),
        replicas,
        false,
    )
    .unwrap_or(0);
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    unavailable.min(replicas)
}

async fn pods_ready(client: &kube::Client, namespace: &str, object: &Value) -> Check {
    let Some(selector) = selector::label_selector(object.pointer("/spec/selector")) else {
        return Check::Error {
            message: "invalid label selector".to_owned(),
            retryable: true,
        };
    };
    let pods: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), namespace, &core("Pod", "pods", "", "v1"));
    match pods.list(&ListParams::default().labels(&selector)).await {
        Ok(list) => {
            let all = list
                .items
                .iter()
                .all(|p| serde_json::to_value(p).is_ok_and(|p| has_condition(&p, "Ready", "True")));
            if all { Check::Ready } else { Check::NotReady }
        }
        Err(e) => match api_error(&e) {
            Check::Error { message, retryable } => Check::Error {
                message: format!("failed to list pods: {message}"),
                retryable,
            },
            other => other,
        },
    }
}

async fn new_replica_set(
    client: &kube::Client,
    namespace: &str,
    dep: &Value,
) -> Result<Option<Value>, Check> {
    let revision = str_at(
        dep,
        "/metadata/annotations/deployment.kubernetes.io~1revision",
    );
    let uid = str_at(dep, "/metadata/uid");
    let Some(selector) = selector::label_selector(dep.pointer("/spec/selector")) else {
        return Ok(None);
    };
    let sets: Api<DynamicObject> = Api::namespaced_with(
        client.clone(),
        namespace,
        &core("ReplicaSet", "replicasets", "apps", "v1"),
    );
    let list = sets
        .list(&ListParams::default().labels(&selector))
        .await
        .map_err(|e| api_error(&e))?;
    for rs in list.items {
        let owned = rs.metadata.owner_references.as_ref().is_some_and(|os| {
            os.iter()
                .any(|o| o.uid == uid && o.controller == Some(true))
        });
        let rs = serde_json::to_value(&rs).unwrap_or_default();
        if owned
            && str_at(
                &rs,
                "/metadata/annotations/deployment.kubernetes.io~1revision",
            ) == revision
        {
            return Ok(Some(rs));
        }
    }
    Ok(None)
}

/// `ReadyChecker.IsReady` with `PausedAsReady(true)` and `CheckJobs(wait_for_jobs)`.
async fn is_ready(client: &kube::Client, r: &ResourceRef, jobs: bool) -> Check {
    let ns = r.namespace_str();
    let kind = (r.group.as_str(), r.kind.as_str());
    let checked = matches!(
        kind,
        (
            "",
            "Pod" | "PersistentVolumeClaim" | "Service" | "ReplicationController"
        ) | (
            "apps",
            "Deployment" | "DaemonSet" | "StatefulSet" | "ReplicaSet"
        ) | ("apiextensions.k8s.io", "CustomResourceDefinition")
    ) || (jobs && kind == ("batch", "Job"));
    if !checked {
        return Check::Ready;
    }
    let v = match get(client, r).await {
        Ok(v) => v,
        Err(check) => return check,
    };
    let ready = match kind {
        ("", "Pod") => has_condition(&v, "Ready", "True"),
        ("batch", "Job") => {
            let backoff = v
                .pointer("/spec/backoffLimit")
                .and_then(Value::as_i64)
                .unwrap_or(6);
            if int(&v, "/status/failed") > backoff {
                return Check::Error {
                    message: format!("job is failed: {ns}/{}", r.name),
                    retryable: false,
                };
            }
            match v.pointer("/spec/completions").and_then(Value::as_i64) {
                Some(c) => int(&v, "/status/succeeded") >= c,
                None => true,
            }
        }
        ("apps", "Deployment") => {
            if v.pointer("/spec/paused") == Some(&Value::Bool(true)) {
                return Check::Ready;
            }
            let rs = match new_replica_set(client, ns, &v).await {
                Ok(Some(rs)) => rs,
                Ok(None) => return Check::NotReady,
                Err(check) => return check,
            };
            let replicas = v
                .pointer("/spec/replicas")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            generation_observed(&rs)
                && generation_observed(&v)
                && int(&rs, "/status/readyReplicas") >= replicas - max_unavailable(&v, replicas)
        }
        ("", "PersistentVolumeClaim") => str_at(&v, "/status/phase") == "Bound",
        ("", "Service") => {
            let kind = str_at(&v, "/spec/type");
            kind == "ExternalName"
                || (!str_at(&v, "/spec/clusterIP").is_empty()
                    && (kind != "LoadBalancer"
                        || v.pointer("/spec/externalIPs")
                            .and_then(Value::as_array)
                            .is_some_and(|a| !a.is_empty())
                        || v.pointer("/status/loadBalancer/ingress")
                            .is_some_and(|i| !i.is_null())))
        }
        ("apps", "DaemonSet") => {
            if !generation_observed(&v) {
                false
            } else if str_at(&v, "/spec/updateStrategy/type") != "RollingUpdate" {
                true
            } else {
                let desired = int(&v, "/status/desiredNumberScheduled");
                let max = scaled(
                    v.pointer("/spec/updateStrategy/rollingUpdate/maxUnavailable"),
                    desired,
                    true,
                )
                .unwrap_or(desired);
                int(&v, "/status/updatedNumberScheduled") == desired
                    && int(&v, "/status/numberReady") >= desired - max
            }
        }
        ("apiextensions.k8s.io", _) => v
            .pointer("/status/conditions")
            .and_then(Value::as_array)
            .is_some_and(|cs| {
                cs.iter().any(|c| {
                    (c["type"] == "Established" && c["status"] == "True")
                        || (c["type"] == "NamesAccepted" && c["status"] == "False")
                })
            }),
        ("apps", "StatefulSet") => {
            if !generation_observed(&v) {
                false
            } else if str_at(&v, "/spec/updateStrategy/type") != "RollingUpdate" {
                true
            } else {
                let partition = int(&v, "/spec/updateStrategy/rollingUpdate/partition");
                let replicas = v
                    .pointer("/spec/replicas")
                    .and_then(Value::as_i64)
                    .unwrap_or(1);
                int(&v, "/status/updatedReplicas") >= replicas - partition
                    && int(&v, "/status/readyReplicas") == replicas
                    && (partition != 0
                        || str_at(&v, "/status/currentRevision")
                            == str_at(&v, "/status/updateRevision"))
            }
        }
        ("", "ReplicationController") | ("apps", "ReplicaSet") => {
            if !generation_observed(&v) {
                return Check::NotReady;
            }
            let object = if kind.1 == "ReplicationController" {
                // Its selector is a plain label map.
                serde_json::json!({"spec": {"selector": {"matchLabels": v.pointer("/spec/selector").cloned().unwrap_or_default()}}})
            } else {
                v.clone()
            };
            return pods_ready(client, ns, &object).await;
        }
        _ => true,
    };
    if ready { Check::Ready } else { Check::NotReady }
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
