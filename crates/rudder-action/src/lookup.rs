//! `lookup` against the cluster (`pkg/engine/lookup_func.go`): the engine's synchronous
//! [`Lookup`] over the kube client. Each call asks discovery for the group version's resources
//! (as Helm's `getAPIResourceForGVK` does, one request per call), then gets the named object
//! or lists them (in the namespace for namespaced kinds when one is given, else across the
//! cluster); a missing object or list is an empty map; the object is Go's unstructured content
//! (whole numbers as `int64`, others `float64`).
//!
//! The engine renders synchronously, so rendering runs on a blocking thread
//! ([`render_with_lookup`]) and each lookup blocks that thread on the runtime's handle while
//! the runtime's own thread does the I/O.

use std::sync::{Arc, Mutex};

use k8s_openapi::apimachinery::pkg::apis::meta::v1::APIResourceList;
use rudder_engine::Lookup;
use rudder_value::{List, Map, Value};
use serde_json::Value as Json;

use crate::install::{Level, Record};

/// The cluster behind `lookup`.
pub struct KubeLookup {
    client: kube::Client,
    handle: tokio::runtime::Handle,
    log: Arc<Mutex<Vec<Record>>>,
}

impl std::fmt::Debug for KubeLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KubeLookup").finish_non_exhaustive()
    }
}

impl KubeLookup {
    /// A lookup over `client` on the current runtime; Helm's `slog` errors go to `log`.
    ///
    /// # Panics
    /// Outside a tokio runtime.
    pub fn new(client: kube::Client, log: Arc<Mutex<Vec<Record>>>) -> Self {
        Self {
            client,
            handle: tokio::runtime::Handle::current(),
            log,
        }
    }

    fn record(&self, message: &str, attrs: &[(&str, String)]) {
        self.log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(Record::slog(Level::Error, message, attrs));
    }

    async fn get(&self, path: &str) -> Result<Option<Json>, rudder_kube::Error> {
        // A GET of `path` with no query (what `list` with default parameters builds).
        let request = kube::core::Request::new(path)
            .list(&kube::api::ListParams::default())
            .map_err(|e| rudder_kube::Error::msg(e.to_string()))?;
        match self.client.request::<Json>(request).await {
            Ok(v) => Ok(Some(v)),
            Err(kube::Error::Api(s)) if s.code == 404 => Ok(None),
            Err(e) => Err(rudder_kube::Error::from_kube(e, "GET", path)),
        }
    }

    async fn run(
        &self,
        api_version: &str,
        kind: &str,
        namespace: &str,
        name: &str,
    ) -> Result<Map, String> {
        let (group, version) = match api_version.rsplit_once('/') {
            Some((g, v)) => (g, v),
            None => ("", api_version),
        };
        let gvk = format!("{group}/{version}, Kind={kind}");
        let base = if group.is_empty() {
            format!("/api/{version}")
        } else {
            format!("/apis/{group}/{version}")
        };
        let resources = match self.get(&base).await {
            Ok(Some(list)) => serde_json::from_value::<APIResourceList>(list)
                .map_err(|e| rudder_kube::Error::msg(e.to_string())),
            Ok(None) => Err(rudder_kube::Error::msg(
                "the server could not find the requested resource",
            )),
            Err(e) => Err(e),
        };
        let resources = match resources {
            Ok(r) => r,
            Err(e) => {
                let group_version = if group.is_empty() {
                    version.to_owned()
                } else {
                    format!("{group}/{version}")
                };
                self.record(
                    "unable to retrieve resource list",
                    &[("GroupVersion", group_version), ("error", e.to_string())],
                );
                self.record(
                    "unable to get apiresource",
                    &[("groupVersionKind", gvk.clone()), ("error", e.to_string())],
                );
                return Err(format!(
                    "unable to get apiresource from unstructured: {gvk}: {e}"
                ));
            }
        };
        // A kind the server does not serve leaves Go's zero APIResource: no resource name,
        // not namespaced.
        let (plural, namespaced) = resources
            .resources
            .iter()
            .find(|r| r.kind == kind && !r.name.contains('/'))
            .map_or((String::new(), false), |r| (r.name.clone(), r.namespaced));
        let mut path = base;
        if namespaced && !namespace.is_empty() {
            path.push_str("/namespaces/");
            path.push_str(namespace);
        }
        for segment in [plural.as_str(), name] {
            if !segment.is_empty() {
                path.push('/');
                path.push_str(segment);
            }
        }
        match self.get(&path).await {
            Ok(Some(Json::Object(object))) => Ok(unstructured_map(&object)),
            Ok(_) => Ok(Map::new()),
            Err(e) => Err(e.to_string()),
        }
    }
}

impl Lookup for KubeLookup {
    fn lookup(
        &self,
        api_version: &str,
        kind: &str,
        namespace: &str,
        name: &str,
    ) -> Result<Map, Box<dyn std::error::Error + Send + Sync>> {
        self.handle
            .block_on(self.run(api_version, kind, namespace, name))
            .map_err(Into::into)
    }
}

/// Go's unstructured content of a JSON object.
fn unstructured_map(object: &serde_json::Map<String, Json>) -> Map {
    let map = Map::new();
    for (k, v) in object {
        map.insert(k.as_str(), unstructured(v));
    }
    map
}

pub(crate) fn unstructured(v: &Json) -> Value {
    match v {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::int64(i),
            None => Value::float64(n.as_f64().unwrap_or(0.0)),
        },
        Json::String(s) => Value::string(s.as_str()),
        Json::Array(items) => Value::List(List::new(
            items.iter().map(unstructured).collect::<Vec<Value>>(),
        )),
        Json::Object(o) => Value::Map(unstructured_map(o)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unstructured_numbers_as_go_decodes_them() {
        let json: Json =
            serde_json::from_str(r#"{"a":1,"b":1.5,"c":[true,null,"x"],"d":{"e":-2}}"#).unwrap();
        let Json::Object(o) = json else { panic!() };
        let m = unstructured_map(&o);
        assert!(matches!(
            m.get("a"),
            Some(Value::Int(1, rudder_value::IntKind::Int64))
        ));
        assert!(matches!(
            m.get("b"),
            Some(Value::Float(f, rudder_value::FloatKind::F64)) if (f - 1.5).abs() < f64::EPSILON
        ));
        let Some(Value::Map(d)) = m.get("d") else {
            panic!()
        };
        assert!(matches!(
            d.get("e"),
            Some(Value::Int(-2, rudder_value::IntKind::Int64))
        ));
        let Some(Value::List(c)) = m.get("c") else {
            panic!()
        };
        assert!(matches!(c.get(1), Some(Value::Nil)));
    }
}
