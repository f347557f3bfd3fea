//! Helm's Secret and `ConfigMap` storage drivers (`pkg/storage/driver/secrets.go`,
//! `cfgmaps.go`): one object per revision, named `sh.helm.release.v1.NAME.vN`, holding the
//! encoded release under `data.release`, labelled `name`, `owner=helm`, `status`, `version`,
//! `createdAt` or `modifiedAt`, plus the release's custom labels. Secrets have the type
//! `helm.sh/release.v1`.
//!
//! Beyond Helm: [`Driver::headers`] lists only the objects' metadata (the API server's
//! `PartialObjectMetadataList`), so `list`, `history` and `status` read labels first and then
//! fetch just the objects they print, several at a time.
//!
//! Writes are single API calls, so a record is never half-written; `create` is a POST, which
//! the API server refuses with `AlreadyExists` when another writer created the same revision
//! first ([`rudder_release::Error::Exists`]).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use futures::{StreamExt as _, TryStreamExt as _};
use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::{ConfigMap, Secret};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::Api;
use kube::api::{DeleteParams, ListParams, PostParams};
use rudder_release::labels::{Labels, filter_system_labels, label_value_errors, set_string};
use rudder_release::{Body, BoxFuture, Driver, Error, Header, LabelStyle, Operation, Record};
use rudder_release::{Release, Status, codec};

use crate::config::KubeClient;
use crate::error::Error as KubeError;

/// How many objects `fetch` reads at once.
const FETCH_CONCURRENCY: usize = 16;

/// Which kind of object holds the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    /// `Secret` (Helm's default driver).
    Secret,
    /// `ConfigMap`.
    ConfigMap,
}

impl ObjectKind {
    fn plural(self) -> &'static str {
        match self {
            Self::Secret => "secrets",
            Self::ConfigMap => "configmaps",
        }
    }
}

/// A storage object as the driver sees it.
#[derive(Debug)]
struct Object {
    name: String,
    namespace: String,
    labels: Labels,
    data: Option<Vec<u8>>,
}

impl From<Secret> for Object {
    fn from(s: Secret) -> Self {
        let (name, namespace, labels) = meta_parts(s.metadata);
        let data = s
            .data
            .and_then(|mut d| d.remove("release"))
            .map(|ByteString(b)| b);
        Self {
            name,
            namespace,
            labels,
            data,
        }
    }
}

impl From<ConfigMap> for Object {
    fn from(c: ConfigMap) -> Self {
        let (name, namespace, labels) = meta_parts(c.metadata);
        let data = c
            .data
            .and_then(|mut d| d.remove("release"))
            .map(String::into_bytes);
        Self {
            name,
            namespace,
            labels,
            data,
        }
    }
}

fn meta_parts(meta: ObjectMeta) -> (String, String, Labels) {
    (
        meta.name.unwrap_or_default(),
        meta.namespace.unwrap_or_default(),
        meta.labels.unwrap_or_default(),
    )
}

/// Helm's Secret or `ConfigMap` driver over one namespace, or over all (`list -A`).
#[derive(Debug, Clone)]
pub struct KubeDriver {
    client: KubeClient,
    kind: ObjectKind,
    /// `None`: every namespace.
    namespace: Option<String>,
}

impl KubeDriver {
    /// The Secret driver (`HELM_DRIVER=secret`, the default).
    pub fn secrets(client: KubeClient, namespace: Option<String>) -> Self {
        Self {
            client,
            kind: ObjectKind::Secret,
            namespace,
        }
    }

    /// The `ConfigMap` driver (`HELM_DRIVER=configmap`).
    pub fn config_maps(client: KubeClient, namespace: Option<String>) -> Self {
        Self {
            client,
            kind: ObjectKind::ConfigMap,
            namespace,
        }
    }

    /// Which kind of object it stores records in.
    pub fn kind(&self) -> ObjectKind {
        self.kind
    }

    fn path(&self, namespace: Option<&str>) -> String {
        let mut url = self.client.server().to_owned();
        url.push_str("/api/v1/");
        if let Some(ns) = namespace {
            url.push_str("namespaces/");
            url.push_str(ns);
            url.push('/');
        }
        url.push_str(self.kind.plural());
        url
    }

    /// The error text Helm gives a failed API call: the Secret driver wraps it
    /// (`list: failed to list: ...`), the `ConfigMap` driver returns it bare.
    fn wrap(&self, err: KubeError, prefix: &str) -> Error {
        let message = match self.kind {
            ObjectKind::Secret => format!("{prefix}: {err}"),
            ObjectKind::ConfigMap => err.to_string(),
        };
        Error::Backend {
            message,
            source: Some(Box::new(err)),
        }
    }

    async fn list_objects(&self, selector: &str) -> Result<Vec<Object>, KubeError> {
        let params = ListParams::default().labels(selector);
        let url = format!(
            "{}?labelSelector={}",
            self.path(self.namespace.as_deref()),
            query_escape(selector)
        );
        let client = self.client.client().clone();
        match self.kind {
            ObjectKind::Secret => {
                let api: Api<Secret> = match &self.namespace {
                    Some(ns) => Api::namespaced(client, ns),
                    None => Api::all(client),
                };
                let list = api
                    .list(&params)
                    .await
                    .map_err(|e| KubeError::from_kube(e, "GET", &url))?;
                Ok(list.items.into_iter().map(Object::from).collect())
            }
            ObjectKind::ConfigMap => {
                let api: Api<ConfigMap> = match &self.namespace {
                    Some(ns) => Api::namespaced(client, ns),
                    None => Api::all(client),
                };
                let list = api
                    .list(&params)
                    .await
                    .map_err(|e| KubeError::from_kube(e, "GET", &url))?;
                Ok(list.items.into_iter().map(Object::from).collect())
            }
        }
    }

    async fn list_meta(&self, selector: &str) -> Result<Vec<(String, String, Labels)>, KubeError> {
        let params = ListParams::default().labels(selector);
        let url = format!(
            "{}?labelSelector={}",
            self.path(self.namespace.as_deref()),
            query_escape(selector)
        );
        let client = self.client.client().clone();
        let metas: Vec<ObjectMeta> = match self.kind {
            ObjectKind::Secret => {
                let api: Api<Secret> = match &self.namespace {
                    Some(ns) => Api::namespaced(client, ns),
                    None => Api::all(client),
                };
                api.list_metadata(&params)
                    .await
                    .map_err(|e| KubeError::from_kube(e, "GET", &url))?
                    .items
                    .into_iter()
                    .map(|m| m.metadata)
                    .collect()
            }
            ObjectKind::ConfigMap => {
                let api: Api<ConfigMap> = match &self.namespace {
                    Some(ns) => Api::namespaced(client, ns),
                    None => Api::all(client),
                };
                api.list_metadata(&params)
                    .await
                    .map_err(|e| KubeError::from_kube(e, "GET", &url))?
                    .items
                    .into_iter()
                    .map(|m| m.metadata)
                    .collect()
            }
        };
        Ok(metas.into_iter().map(meta_parts).collect())
    }

    /// The namespace a single-object call acts in.
    fn scope(&self) -> &str {
        self.namespace
            .as_deref()
            .unwrap_or_else(|| self.client.namespace())
    }

    async fn get_object(&self, namespace: &str, key: &str) -> Result<Object, KubeError> {
        let url = format!("{}/{key}", self.path(Some(namespace)));
        let client = self.client.client().clone();
        match self.kind {
            ObjectKind::Secret => Api::<Secret>::namespaced(client, namespace)
                .get(key)
                .await
                .map(Object::from),
            ObjectKind::ConfigMap => Api::<ConfigMap>::namespaced(client, namespace)
                .get(key)
                .await
                .map(Object::from),
        }
        .map_err(|e| KubeError::from_kube(e, "GET", &url))
    }

    async fn get_record(&self, key: &str) -> Result<Record, Error> {
        let namespace = self.scope().to_owned();
        match self.get_object(&namespace, key).await {
            Ok(object) => {
                let labels = filter_system_labels(&object.labels);
                Ok(record(object, labels))
            }
            Err(e) if e.is_not_found() => Err(Error::NotFound),
            Err(e) => Err(match self.kind {
                ObjectKind::Secret => {
                    let message = format!("get: failed to get {key:?}: {e}");
                    Error::Backend {
                        message,
                        source: Some(Box::new(e)),
                    }
                }
                ObjectKind::ConfigMap => bare(e),
            }),
        }
    }

    /// Builds the object that stores `release` under `key`, with Helm's labels.
    fn object_labels(release: &Release, stamp: (&str, i64)) -> BTreeMap<String, String> {
        let mut labels: BTreeMap<String, String> = release.labels.clone();
        labels.insert(stamp.0.to_owned(), stamp.1.to_string());
        labels.insert("name".into(), release.name.clone());
        labels.insert("owner".into(), "helm".into());
        labels.insert("status".into(), release.status().as_str().to_owned());
        labels.insert("version".into(), release.version.to_string());
        labels
    }

    async fn write(&self, key: &str, release: &Release, create: bool) -> Result<(), Error> {
        let stamp = if create { "createdAt" } else { "modifiedAt" };
        let labels = Self::object_labels(release, (stamp, unix_now()));
        let op = if create { "create" } else { "update" };
        let encoded = codec::encode_release(release).map_err(|e| match self.kind {
            ObjectKind::Secret => Error::backend(format!(
                "{op}: failed to encode release {:?}: {e}",
                release.name
            )),
            ObjectKind::ConfigMap => Error::backend(e.to_string()),
        })?;
        let meta = ObjectMeta {
            name: Some(key.to_owned()),
            labels: Some(labels),
            ..ObjectMeta::default()
        };
        let namespace = self.scope().to_owned();
        let client = self.client.client().clone();
        let params = PostParams::default();
        let url = if create {
            self.path(Some(&namespace))
        } else {
            format!("{}/{key}", self.path(Some(&namespace)))
        };
        let result = match self.kind {
            ObjectKind::Secret => {
                let object = Secret {
                    metadata: meta,
                    type_: Some("helm.sh/release.v1".into()),
                    data: Some(BTreeMap::from([(
                        "release".to_owned(),
                        ByteString(encoded.into_bytes()),
                    )])),
                    ..Secret::default()
                };
                let api = Api::<Secret>::namespaced(client, &namespace);
                if create {
                    api.create(&params, &object).await.map(drop)
                } else {
                    api.replace(key, &params, &object).await.map(drop)
                }
            }
            ObjectKind::ConfigMap => {
                let object = ConfigMap {
                    metadata: meta,
                    data: Some(BTreeMap::from([("release".to_owned(), encoded)])),
                    ..ConfigMap::default()
                };
                let api = Api::<ConfigMap>::namespaced(client, &namespace);
                if create {
                    api.create(&params, &object).await.map(drop)
                } else {
                    api.replace(key, &params, &object).await.map(drop)
                }
            }
        };
        let method = if create { "POST" } else { "PUT" };
        match result.map_err(|e| KubeError::from_kube(e, method, &url)) {
            Ok(()) => Ok(()),
            Err(e) if create && e.is_already_exists() => Err(Error::Exists),
            Err(e) => Err(self.wrap(
                e,
                if create {
                    "create: failed to create"
                } else {
                    "update: failed to update"
                },
            )),
        }
    }

    async fn delete_record(&self, key: &str) -> Result<Release, Error> {
        let record = self.get_record(key).await?;
        let release = self.decode_get(record)?;
        let namespace = self.scope().to_owned();
        let url = format!("{}/{key}", self.path(Some(&namespace)));
        let client = self.client.client().clone();
        let params = DeleteParams::default();
        let result = match self.kind {
            ObjectKind::Secret => Api::<Secret>::namespaced(client, &namespace)
                .delete(key, &params)
                .await
                .map(drop),
            ObjectKind::ConfigMap => Api::<ConfigMap>::namespaced(client, &namespace)
                .delete(key, &params)
                .await
                .map(drop),
        };
        result
            .map_err(|e| bare(KubeError::from_kube(e, "DELETE", &url)))
            .map(|()| release)
    }

    /// One record of `fetch`: `None` when it is gone.
    async fn fetch_one(&self, h: &Header) -> Result<Option<Record>, Error> {
        match self.get_object(&h.namespace, &h.key).await {
            Ok(object) => {
                // List and Query both hand out the object's raw labels.
                let labels = object.labels.clone();
                Ok(Some(record(object, labels)))
            }
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(self.wrap(e, "query: failed to query with labels")),
        }
    }

    fn decode_get(&self, record: Record) -> Result<Release, Error> {
        let Body::Encoded(data) = record.body else {
            return Err(Error::backend("unexpected decoded record"));
        };
        match codec::decode_release(&data, rudder_release::Depth::Full) {
            Ok(mut release) => {
                release.labels = record.labels;
                Ok(release)
            }
            Err(e) => Err(self.decode_error(Operation::Get, &record.key, &e.0)),
        }
    }
}

/// An API failure as the storage error, with client-go's text and nothing added.
fn bare(err: KubeError) -> Error {
    Error::Backend {
        message: err.to_string(),
        source: Some(Box::new(err)),
    }
}

fn record(object: Object, labels: Labels) -> Record {
    Record {
        key: object.name,
        namespace: object.namespace,
        labels,
        body: Body::Encoded(Arc::from(object.data.unwrap_or_default())),
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Go's `url.QueryEscape`.
fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
    out
}

/// `labels.Set(m).AsSelector().String()`, after Helm's check of the values.
fn selector_for(labels: &Labels) -> Result<String, Error> {
    for value in labels.values() {
        let errors = label_value_errors(value);
        if !errors.is_empty() {
            return Err(Error::backend(format!(
                "invalid label value: {value:?}: {}",
                errors.join("; ")
            )));
        }
    }
    Ok(set_string(labels))
}

fn header(namespace: String, key: String, labels: Labels) -> Header {
    Header {
        key,
        namespace,
        name: labels.get("name").cloned().unwrap_or_default(),
        version: labels.get("version").and_then(|v| v.parse().ok()),
        status: Status::parse(labels.get("status").map_or("", String::as_str)),
        labels,
    }
}

impl Driver for KubeDriver {
    fn name(&self) -> &'static str {
        match self.kind {
            ObjectKind::Secret => "Secret",
            ObjectKind::ConfigMap => "ConfigMap",
        }
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Record, Error>> {
        Box::pin(self.get_record(key))
    }

    fn list(&self) -> BoxFuture<'_, Result<Vec<Record>, Error>> {
        Box::pin(async move {
            let objects = self
                .list_objects("owner=helm")
                .await
                .map_err(|e| self.wrap(e, "list: failed to list"))?;
            Ok(objects
                .into_iter()
                .map(|o| {
                    let labels = o.labels.clone();
                    record(o, labels)
                })
                .collect())
        })
    }

    fn query<'a>(&'a self, labels: &'a Labels) -> BoxFuture<'a, Result<Vec<Record>, Error>> {
        Box::pin(async move {
            let selector = selector_for(labels)?;
            let objects = self
                .list_objects(&selector)
                .await
                .map_err(|e| self.wrap(e, "query: failed to query with labels"))?;
            Ok(objects
                .into_iter()
                .map(|o| {
                    let labels = o.labels.clone();
                    record(o, labels)
                })
                .collect())
        })
    }

    fn headers<'a>(&'a self, labels: &'a Labels) -> BoxFuture<'a, Result<Vec<Header>, Error>> {
        Box::pin(async move {
            let selector = selector_for(labels)?;
            let prefix = if labels.contains_key("name") {
                "query: failed to query with labels"
            } else {
                "list: failed to list"
            };
            let metas = self
                .list_meta(&selector)
                .await
                .map_err(|e| self.wrap(e, prefix))?;
            Ok(metas
                .into_iter()
                .map(|(key, namespace, labels)| header(namespace, key, labels))
                .collect())
        })
    }

    fn fetch<'a>(
        &'a self,
        headers: &'a [Header],
        _style: LabelStyle,
    ) -> BoxFuture<'a, Result<Vec<Record>, Error>> {
        Box::pin(async move {
            // Boxed first: a closure returning the borrowing future trips the `Send` check.
            let reads: Vec<BoxFuture<'_, Result<Option<Record>, Error>>> = headers
                .iter()
                .map(|h| Box::pin(self.fetch_one(h)) as BoxFuture<'_, _>)
                .collect();
            let results: Vec<Option<Record>> = futures::stream::iter(reads)
                .buffer_unordered(FETCH_CONCURRENCY)
                .try_collect()
                .await?;
            Ok(results.into_iter().flatten().collect())
        })
    }

    fn create<'a>(
        &'a self,
        key: &'a str,
        release: &'a Release,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(self.write(key, release, true))
    }

    fn update<'a>(
        &'a self,
        key: &'a str,
        release: &'a Release,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(self.write(key, release, false))
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Release, Error>> {
        Box::pin(self.delete_record(key))
    }

    fn decode_error(&self, op: Operation, key: &str, message: &str) -> Error {
        let message = match (self.kind, op) {
            (ObjectKind::Secret, Operation::Get) => {
                format!("get: failed to decode data {key:?}: {message}")
            }
            _ => message.to_owned(),
        };
        Error::Decode { message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_and_escapes_like_go() {
        let labels: Labels = [("owner", "helm"), ("name", "web")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(selector_for(&labels).unwrap(), "name=web,owner=helm");
        assert_eq!(
            query_escape("name=web,owner=helm"),
            "name%3Dweb%2Cowner%3Dhelm"
        );
        let bad: Labels = [("name".to_owned(), "Not Valid!".to_owned())].into();
        assert!(
            selector_for(&bad)
                .unwrap_err()
                .to_string()
                .starts_with("invalid label value: \"Not Valid!\": ")
        );
    }
}
