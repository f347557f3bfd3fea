//! Helm's `KubeClient.Get(resources, related)` (`pkg/kube/client.go`), which `helm status` uses
//! to show a release's live objects: every object of the manifest read back from the server,
//! keyed `version/Kind` (the group left out, as Helm does), and for Deployments, `ReplicaSets`,
//! `StatefulSets`, `DaemonSets`, Jobs and `ReplicationControllers` the Pods their selector picks,
//! under `v1/Pod(related)`.
//!
//! With `table` the objects are asked for as server-side tables (`Accept:
//! application/json;as=Table;v=v1;g=meta.k8s.io,...` and `includeObject=Object`, Helm's
//! `transformRequests`), which the status printer shows as kubectl does; without it they are
//! the objects themselves (and the related Pods a `PodList`), which `-o json|yaml` prints.
//!
//! As in Helm, an object that cannot be read (gone, forbidden) is left out without a word, and
//! a failing Pod listing only loses the related Pods.

use std::collections::BTreeMap;

use kube::core::Request;
use kube::core::params::{GetParams, ListParams};
use serde_json::Value as Json;

use crate::config::KubeClient;
use crate::error::Error;
use crate::resource::Resource;

/// The key Helm files related Pods under.
pub const RELATED_PODS: &str = "v1/Pod(related)";

/// The `Accept` header of Helm's `transformRequests`.
const TABLE_ACCEPT: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

/// The live objects of `resources`, by `version/Kind` in the order they were read (Helm's map
/// has no order; callers choose one).
///
/// # Errors
/// None today: every failure is swallowed as Helm swallows it. The `Result` keeps room for
/// the transport errors Helm would return from its visitor.
pub async fn get_live(
    client: &KubeClient,
    resources: &[Resource],
    table: bool,
) -> Result<BTreeMap<String, Vec<Json>>, Error> {
    let mut out: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    let mut selectors: Vec<BTreeMap<String, String>> = Vec::new();
    for r in resources {
        let t = &r.resource_type;
        let key = format!("{}/{}", t.version, t.kind);
        let Ok(object) = get_one(client, r, table).await else {
            continue;
        };
        out.entry(key).or_default().push(object);
        // getSelectRelationPod: the selector of the object as the manifest has it.
        let Some(selector) = pod_selector(&r.object) else {
            continue;
        };
        if selectors.contains(&selector) {
            continue;
        }
        selectors.push(selector.clone());
        let namespace = if r.namespace.is_empty() {
            client.namespace()
        } else {
            &r.namespace
        };
        if let Ok(pods) = list_pods(client, namespace, &selector, table).await {
            out.entry(RELATED_PODS.to_owned()).or_default().push(pods);
        }
    }
    Ok(out)
}

/// `getSelectorFromObject`: `spec.selector.matchLabels` of the workload kinds,
/// `spec.selector` of a `ReplicationController`; `None` when absent or not all strings.
fn pod_selector(object: &Json) -> Option<BTreeMap<String, String>> {
    let kind = object.get("kind").and_then(Json::as_str)?;
    let selector = match kind {
        "ReplicaSet" | "Deployment" | "StatefulSet" | "DaemonSet" | "Job" => {
            object.pointer("/spec/selector/matchLabels")?
        }
        "ReplicationController" => object.pointer("/spec/selector")?,
        _ => return None,
    };
    let map = selector.as_object()?;
    map.iter()
        .map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect()
}

/// The collection path of `r`'s type in `namespace`.
fn collection_path(r: &Resource) -> String {
    let t = &r.resource_type;
    let base = if t.group.is_empty() {
        format!("/api/{}", t.version)
    } else {
        format!("/apis/{}/{}", t.group, t.version)
    };
    if t.namespaced {
        format!("{base}/namespaces/{}/{}", r.namespace, t.plural)
    } else {
        format!("{base}/{}", t.plural)
    }
}

/// Turns `$request` (an `http::Request` built by kube-core) into Helm's table request, then
/// sends it and decodes the JSON answer. A macro, so the `http` types need not be named.
macro_rules! send {
    ($client:expr, $request:expr, $table:expr) => {{
        let client: &KubeClient = $client;
        let mut request = $request;
        let url = format!("{}{}", client.server(), request.uri());
        if $table {
            let uri = request.uri().to_string();
            let joined = if uri.contains('?') {
                format!("{uri}&includeObject=Object")
            } else {
                format!("{uri}?includeObject=Object")
            };
            *request.uri_mut() = joined
                .parse()
                .map_err(|e| Error::msg(format!("invalid request URL {joined:?}: {e}")))?;
            request.headers_mut().insert(
                "accept",
                TABLE_ACCEPT
                    .parse()
                    .map_err(|e| Error::msg(format!("invalid Accept header: {e}")))?,
            );
        }
        let text = client
            .client()
            .request_text(request)
            .await
            .map_err(|e| Error::from_kube(e, "GET", &url))?;
        serde_json::from_str::<Json>(&text).map_err(|e| Error::msg(format!("decoding {url}: {e}")))
    }};
}

async fn get_one(client: &KubeClient, r: &Resource, table: bool) -> Result<Json, Error> {
    let request = Request::new(collection_path(r))
        .get(&r.name, &GetParams::default())
        .map_err(|e| Error::msg(e.to_string()))?;
    send!(client, request, table)
}

/// The Pods of `selector` in `namespace`: a `Table`, or a `PodList` whose items carry their
/// `apiVersion` and `kind` (as client-go's unstructured list decoding gives them).
async fn list_pods(
    client: &KubeClient,
    namespace: &str,
    selector: &BTreeMap<String, String>,
    table: bool,
) -> Result<Json, Error> {
    // labels.Set(selector).AsSelector().String(): sorted `k=v`, comma-separated.
    let label_selector = selector
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",");
    let params = ListParams {
        label_selector: Some(label_selector),
        ..ListParams::default()
    };
    let request = Request::new(format!("/api/v1/namespaces/{namespace}/pods"))
        .list(&params)
        .map_err(|e| Error::msg(e.to_string()))?;
    let mut list = send!(client, request, table)?;
    if !table && let Some(items) = list.get_mut("items").and_then(Json::as_array_mut) {
        for item in items {
            if let Some(o) = item.as_object_mut() {
                o.entry("apiVersion")
                    .or_insert_with(|| Json::String("v1".to_owned()));
                o.entry("kind")
                    .or_insert_with(|| Json::String("Pod".to_owned()));
            }
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_of_the_workload_kinds_only() {
        let d = serde_json::json!({"kind": "Deployment", "spec": {"selector": {"matchLabels": {"b": "2", "a": "1"}}}});
        let s = pod_selector(&d).unwrap();
        assert_eq!(s.keys().collect::<Vec<_>>(), ["a", "b"]);
        let rc =
            serde_json::json!({"kind": "ReplicationController", "spec": {"selector": {"a": "1"}}});
        assert_eq!(pod_selector(&rc).unwrap().len(), 1);
        let svc = serde_json::json!({"kind": "Service", "spec": {"selector": {"a": "1"}}});
        assert!(pod_selector(&svc).is_none());
        let bad =
            serde_json::json!({"kind": "Job", "spec": {"selector": {"matchLabels": {"a": 1}}}});
        assert!(pod_selector(&bad).is_none());
    }
}
