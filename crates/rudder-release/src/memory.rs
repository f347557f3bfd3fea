//! The memory driver (`HELM_DRIVER=memory`, and client dry runs): releases held in process,
//! by namespace and name, with Helm's quirks:
//!
//! * the driver has a current namespace; `create` and `update` switch it to the release's own
//!   (`default` when empty), and an empty namespace means "all" for `list` and `query`;
//! * `query` matches the four labels Helm's memory records carry (`name`, `owner`, `status`,
//!   `version`), while `get` and `list` return the release with the labels it was created
//!   with (custom labels only).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::driver::{Body, BoxFuture, Driver, Header, LabelStyle, Record, parse_key};
use crate::error::Error;
use crate::labels::Labels;
use crate::release::Release;

#[derive(Debug, Clone)]
struct MemRecord {
    key: String,
    /// `name`, `owner`, `status`, `version`, as `newRecord` sets them.
    labels: Labels,
    release: Arc<Release>,
}

#[derive(Debug, Default)]
struct State {
    namespace: String,
    /// namespace → release name → records by ascending version.
    cache: BTreeMap<String, BTreeMap<String, Vec<MemRecord>>>,
}

/// Helm's in-memory storage driver.
#[derive(Debug)]
pub struct Memory {
    state: Mutex<State>,
}

impl Default for Memory {
    fn default() -> Self {
        Self::new()
    }
}

fn record_labels(release: &Release) -> Labels {
    [
        ("name", release.name.clone()),
        ("owner", "helm".to_owned()),
        ("status", release.status().as_str().to_owned()),
        ("version", release.version.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

impl Memory {
    /// An empty driver whose namespace is `default`.
    pub fn new() -> Self {
        Self {
            state: Mutex::new(State {
                namespace: "default".to_owned(),
                cache: BTreeMap::new(),
            }),
        }
    }

    /// `SetNamespace`: the namespace later calls read (empty: every namespace, for list and
    /// query).
    pub fn set_namespace(&self, namespace: &str) {
        namespace.clone_into(&mut self.lock().namespace);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn scoped(state: &State) -> Vec<(&String, &Vec<MemRecord>, &String)> {
        let mut out = Vec::new();
        for (namespace, releases) in &state.cache {
            if !state.namespace.is_empty() && *namespace != state.namespace {
                continue;
            }
            for (name, records) in releases {
                out.push((name, records, namespace));
            }
        }
        out
    }

    fn to_record(namespace: &str, rec: &MemRecord) -> Record {
        Record {
            key: rec.key.clone(),
            namespace: namespace.to_owned(),
            labels: rec.release.labels.clone(),
            body: Body::Decoded(rec.release.clone()),
        }
    }

    fn create_now(&self, key: &str, release: &Release) -> Result<(), Error> {
        let mut state = self.lock();
        let namespace = if release.namespace.is_empty() {
            "default"
        } else {
            &release.namespace
        };
        namespace.clone_into(&mut state.namespace);
        let records = state
            .cache
            .entry(namespace.to_owned())
            .or_default()
            .entry(release.name.clone())
            .or_default();
        if records.iter().any(|r| r.key == key) {
            return Err(Error::Exists);
        }
        records.push(MemRecord {
            key: key.to_owned(),
            labels: record_labels(release),
            release: Arc::new(release.clone()),
        });
        records.sort_by_key(|r| r.release.version);
        Ok(())
    }

    fn update_now(&self, key: &str, release: &Release) -> Result<(), Error> {
        let mut state = self.lock();
        let namespace = if release.namespace.is_empty() {
            "default"
        } else {
            &release.namespace
        };
        namespace.clone_into(&mut state.namespace);
        let record = state
            .cache
            .get_mut(namespace)
            .and_then(|m| m.get_mut(&release.name))
            .and_then(|records| records.iter_mut().find(|r| r.key == key))
            .ok_or(Error::NotFound)?;
        *record = MemRecord {
            key: key.to_owned(),
            labels: record_labels(release),
            release: Arc::new(release.clone()),
        };
        Ok(())
    }

    fn delete_now(&self, key: &str) -> Result<Release, Error> {
        let (name, _) = parse_key(key)?;
        let mut state = self.lock();
        let namespace = state.namespace.clone();
        let records = state
            .cache
            .get_mut(&namespace)
            .and_then(|m| m.get_mut(name))
            .ok_or(Error::NotFound)?;
        let at = records
            .iter()
            .position(|r| r.key == key)
            .ok_or(Error::NotFound)?;
        let removed = records.remove(at);
        Ok(Arc::unwrap_or_clone(removed.release))
    }

    fn get_now(&self, key: &str) -> Result<Record, Error> {
        let (name, _) = parse_key(key)?;
        let state = self.lock();
        state
            .cache
            .get(&state.namespace)
            .and_then(|m| m.get(name))
            .and_then(|records| records.iter().find(|r| r.key == key))
            .map(|r| Self::to_record(&state.namespace, r))
            .ok_or(Error::NotFound)
    }

    fn matching(&self, labels: &Labels) -> Vec<(String, MemRecord)> {
        let state = self.lock();
        let mut out = Vec::new();
        for (_, records, namespace) in Self::scoped(&state) {
            for rec in records {
                if labels.iter().all(|(k, v)| rec.labels.get(k) == Some(v)) {
                    out.push((namespace.clone(), rec.clone()));
                }
            }
        }
        out
    }
}

impl Driver for Memory {
    fn name(&self) -> &'static str {
        "Memory"
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Record, Error>> {
        let result = self.get_now(key);
        Box::pin(async move { result })
    }

    fn list(&self) -> BoxFuture<'_, Result<Vec<Record>, Error>> {
        let state = self.lock();
        let records: Vec<Record> = Self::scoped(&state)
            .into_iter()
            .flat_map(|(_, records, namespace)| {
                records.iter().map(|r| Self::to_record(namespace, r))
            })
            .collect();
        drop(state);
        Box::pin(async move { Ok(records) })
    }

    fn query<'a>(&'a self, labels: &'a Labels) -> BoxFuture<'a, Result<Vec<Record>, Error>> {
        let records = self
            .matching(labels)
            .into_iter()
            .map(|(namespace, r)| Self::to_record(&namespace, &r))
            .collect();
        Box::pin(async move { Ok(records) })
    }

    fn headers<'a>(&'a self, labels: &'a Labels) -> BoxFuture<'a, Result<Vec<Header>, Error>> {
        let headers = self
            .matching(labels)
            .into_iter()
            .map(|(namespace, r)| Header {
                key: r.key.clone(),
                namespace,
                name: r.release.name.clone(),
                version: Some(r.release.version),
                status: r.release.status(),
                labels: r.release.labels.clone(),
            })
            .collect();
        Box::pin(async move { Ok(headers) })
    }

    fn fetch<'a>(
        &'a self,
        headers: &'a [Header],
        _style: LabelStyle,
    ) -> BoxFuture<'a, Result<Vec<Record>, Error>> {
        let state = self.lock();
        let mut out = Vec::with_capacity(headers.len());
        for h in headers {
            if let Some(rec) = state
                .cache
                .get(&h.namespace)
                .and_then(|m| m.get(&h.name))
                .and_then(|records| records.iter().find(|r| r.key == h.key))
            {
                out.push(Self::to_record(&h.namespace, rec));
            }
        }
        drop(state);
        Box::pin(async move { Ok(out) })
    }

    fn create<'a>(
        &'a self,
        key: &'a str,
        release: &'a Release,
    ) -> BoxFuture<'a, Result<(), Error>> {
        let result = self.create_now(key, release);
        Box::pin(async move { result })
    }

    fn update<'a>(
        &'a self,
        key: &'a str,
        release: &'a Release,
    ) -> BoxFuture<'a, Result<(), Error>> {
        let result = self.update_now(key, release);
        Box::pin(async move { result })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Release, Error>> {
        let result = self.delete_now(key);
        Box::pin(async move { result })
    }
}
