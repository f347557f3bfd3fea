//! Helm's legacy readiness rules (`pkg/kube/ready.go`, `ReadyChecker.IsReady` with
//! `PausedAsReady(true)`), used by `--wait=legacy`: pure, over the object as the server
//! returns it and the related objects the checker lists (a Deployment's `ReplicaSets`, the
//! Pods of a `ReplicaSet` or `ReplicationController`).

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::access::parse_rfc3339;
use super::{ComputeError, group_kind};

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

/// `intstr.GetScaledValueFromIntOrPercent`: `Err` for a missing value or a string that is not
/// a percentage.
fn scaled(value: Option<&Value>, total: i64, round_up: bool) -> Result<i64, ()> {
    match value {
        Some(Value::Number(n)) => n.as_i64().ok_or(()),
        Some(Value::String(s)) => {
            let percent: i64 = s.strip_suffix('%').ok_or(())?.parse().map_err(|_| ())?;
            let product = percent * total;
            Ok(if round_up {
                (product + 99).div_euclid(100)
            } else {
                product.div_euclid(100)
            })
        }
        _ => Err(()),
    }
}

/// `deploymentutil.MaxUnavailable` (through `ResolveFenceposts`).
fn max_unavailable(dep: &Value, replicas: i64) -> i64 {
    if str_at(dep, "/spec/strategy/type") != "RollingUpdate" || replicas == 0 {
        return 0;
    }
    let rolling = dep.pointer("/spec/strategy/rollingUpdate");
    let or_zero = |v: Option<&Value>| match v {
        None | Some(Value::Null) => Some(Value::from(0)),
        Some(v) => Some(v.clone()),
    };
    let surge = scaled(
        or_zero(rolling.and_then(|r| r.get("maxSurge"))).as_ref(),
        replicas,
        true,
    );
    let unavailable = scaled(
        or_zero(rolling.and_then(|r| r.get("maxUnavailable"))).as_ref(),
        replicas,
        false,
    );
    let unavailable = match (surge, unavailable) {
        (Ok(0), Ok(0)) => 1,
        (Ok(_), Ok(u)) => u,
        _ => 0,
    };
    unavailable.min(replicas)
}

/// Whether `labels` satisfy a `metav1.LabelSelector` (a missing or empty one selects all,
/// as an empty label-selector query does).
pub(crate) fn selector_matches(
    selector: Option<&Value>,
    labels: Option<&Map<String, Value>>,
) -> bool {
    let Some(Value::Object(selector)) = selector else {
        return true;
    };
    let label = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
    if let Some(Value::Object(want)) = selector.get("matchLabels")
        && want.iter().any(|(k, v)| label(k) != v.as_str())
    {
        return false;
    }
    if let Some(Value::Array(exprs)) = selector.get("matchExpressions") {
        for e in exprs {
            let key = e["key"].as_str().unwrap_or_default();
            let values: Vec<&str> = e["values"]
                .as_array()
                .map(|vs| vs.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let ok = match e["operator"].as_str().unwrap_or_default() {
                "In" => label(key).is_some_and(|l| values.contains(&l)),
                "NotIn" => label(key).is_none_or(|l| !values.contains(&l)),
                "Exists" => label(key).is_some(),
                "DoesNotExist" => label(key).is_none(),
                _ => false,
            };
            if !ok {
                return false;
            }
        }
    }
    true
}

/// The objects of `related` with `kind` in `namespace` that `selector` selects.
fn select<'a>(
    related: &'a [Value],
    kind: &str,
    namespace: &str,
    selector: Option<&Value>,
) -> Vec<&'a Value> {
    related
        .iter()
        .filter(|o| o["kind"] == kind && str_at(o, "/metadata/namespace") == namespace)
        .filter(|o| {
            selector_matches(
                selector,
                o.pointer("/metadata/labels").and_then(Value::as_object),
            )
        })
        .collect()
}

/// A pod template for `EqualIgnoreHash`: without the `pod-template-hash` label and without
/// empty values (Go compares the typed templates, where absent and empty are the same).
fn normalized_template(template: Option<&Value>) -> Value {
    fn strip(v: &Value) -> Option<Value> {
        match v {
            Value::Null | Value::Bool(false) => None,
            Value::String(s) if s.is_empty() => None,
            Value::Array(items) => {
                let items: Vec<Value> = items
                    .iter()
                    .map(|i| strip(i).unwrap_or(Value::Null))
                    .collect();
                (!items.is_empty()).then_some(Value::Array(items))
            }
            Value::Object(map) => {
                let map: Map<String, Value> = map
                    .iter()
                    .filter_map(|(k, v)| strip(v).map(|v| (k.clone(), v)))
                    .collect();
                (!map.is_empty()).then_some(Value::Object(map))
            }
            other => Some(other.clone()),
        }
    }
    let mut template = template.cloned().unwrap_or(Value::Null);
    if let Some(Value::Object(labels)) = template.pointer_mut("/metadata/labels") {
        labels.remove("pod-template-hash");
    }
    strip(&template).unwrap_or(Value::Null)
}

/// `deploymentutil.GetNewReplicaSet`: the oldest `ReplicaSet` the Deployment controls whose
/// pod template equals the Deployment's, ignoring the hash label.
fn new_replica_set<'a>(dep: &Value, related: &'a [Value]) -> Option<&'a Value> {
    let uid = str_at(dep, "/metadata/uid");
    let namespace = str_at(dep, "/metadata/namespace");
    let mut owned: Vec<&Value> = select(
        related,
        "ReplicaSet",
        namespace,
        dep.pointer("/spec/selector"),
    )
    .into_iter()
    .filter(|rs| {
        rs.pointer("/metadata/ownerReferences")
            .and_then(Value::as_array)
            .is_some_and(|refs| {
                refs.iter()
                    .find(|r| r["controller"] == true)
                    .is_some_and(|r| r["uid"] == uid)
            })
    })
    .collect();
    let created =
        |rs: &Value| parse_rfc3339(str_at(rs, "/metadata/creationTimestamp")).unwrap_or(f64::MIN);
    owned.sort_by(|a, b| {
        created(a)
            .partial_cmp(&created(b))
            .unwrap_or(Ordering::Equal)
            .then_with(|| str_at(a, "/metadata/name").cmp(str_at(b, "/metadata/name")))
    });
    let want = normalized_template(dep.pointer("/spec/template"));
    owned
        .into_iter()
        .find(|rs| normalized_template(rs.pointer("/spec/template")) == want)
}

fn pods_ready(related: &[Value], namespace: &str, selector: Option<&Value>) -> bool {
    select(related, "Pod", namespace, selector)
        .iter()
        .all(|p| has_condition(p, "Ready", "True"))
}

/// Helm's `ReadyChecker.IsReady` with `PausedAsReady(true)` and `CheckJobs(check_jobs)`, given
/// the object as the server returns it and the related objects the checker would list
/// (`ReplicaSets` for a Deployment, Pods for a `ReplicaSet` or `ReplicationController`). Kinds
/// without a rule are ready.
///
/// # Errors
/// `job is failed: NAMESPACE/NAME` for a Job past its backoff limit (with `check_jobs`).
pub fn legacy_ready(
    object: &Value,
    related: &[Value],
    check_jobs: bool,
) -> Result<bool, ComputeError> {
    let (group, kind) = group_kind(object);
    let version = str_at(object, "/apiVersion")
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let namespace = str_at(object, "/metadata/namespace");
    let v = object;
    let ready = match (group.as_str(), version, kind) {
        ("", "v1", "Pod") => has_condition(v, "Ready", "True"),
        ("batch", "v1", "Job") if check_jobs => {
            if int(v, "/status/failed") > int(v, "/spec/backoffLimit") {
                let name = str_at(v, "/metadata/name");
                return Err(ComputeError(format!("job is failed: {namespace}/{name}")));
            }
            match v.pointer("/spec/completions").and_then(Value::as_i64) {
                Some(c) => int(v, "/status/succeeded") >= c,
                None => true,
            }
        }
        ("apps", "v1", "Deployment") => {
            if v.pointer("/spec/paused") == Some(&Value::Bool(true)) {
                return Ok(true);
            }
            let Some(rs) = new_replica_set(v, related) else {
                return Ok(false);
            };
            let replicas = int(v, "/spec/replicas");
            generation_observed(rs)
                && generation_observed(v)
                && int(rs, "/status/readyReplicas") >= replicas - max_unavailable(v, replicas)
        }
        ("", "v1", "PersistentVolumeClaim") => str_at(v, "/status/phase") == "Bound",
        ("", "v1", "Service") => {
            let kind = str_at(v, "/spec/type");
            kind == "ExternalName"
                || (!str_at(v, "/spec/clusterIP").is_empty()
                    && (kind != "LoadBalancer"
                        || v.pointer("/spec/externalIPs")
                            .and_then(Value::as_array)
                            .is_some_and(|a| !a.is_empty())
                        || v.pointer("/status/loadBalancer/ingress")
                            .is_some_and(|i| !i.is_null())))
        }
        ("apps", "v1", "DaemonSet") => {
            if !generation_observed(v) {
                false
            } else if str_at(v, "/spec/updateStrategy/type") != "RollingUpdate" {
                true
            } else {
                let desired = int(v, "/status/desiredNumberScheduled");
                let max = scaled(
                    v.pointer("/spec/updateStrategy/rollingUpdate/maxUnavailable"),
                    desired,
                    true,
                )
                .unwrap_or(desired);
                int(v, "/status/updatedNumberScheduled") == desired
                    && int(v, "/status/numberReady") >= desired - max
            }
        }
        ("apiextensions.k8s.io", "v1" | "v1beta1", "CustomResourceDefinition") => v
            .pointer("/status/conditions")
            .and_then(Value::as_array)
            .is_some_and(|cs| {
                cs.iter().any(|c| {
                    (c["type"] == "Established" && c["status"] == "True")
                        || (c["type"] == "NamesAccepted" && c["status"] == "False")
                })
            }),
        ("apps", "v1", "StatefulSet") => {
            if !generation_observed(v) {
                false
            } else if str_at(v, "/spec/updateStrategy/type") != "RollingUpdate" {
                true
            } else {
                let partition = int(v, "/spec/updateStrategy/rollingUpdate/partition");
                let replicas = v
                    .pointer("/spec/replicas")
                    .and_then(Value::as_i64)
                    .unwrap_or(1);
                int(v, "/status/updatedReplicas") >= replicas - partition
                    && int(v, "/status/readyReplicas") == replicas
                    && (partition != 0
                        || str_at(v, "/status/currentRevision")
                            == str_at(v, "/status/updateRevision"))
            }
        }
        ("", "v1", "ReplicationController") => {
            let selector = serde_json::json!({"matchLabels": v.pointer("/spec/selector").cloned().unwrap_or_default()});
            generation_observed(v) && pods_ready(related, namespace, Some(&selector))
        }
        ("apps", "v1", "ReplicaSet") => {
            generation_observed(v) && pods_ready(related, namespace, v.pointer("/spec/selector"))
        }
        _ => true,
    };
    Ok(ready)
}
