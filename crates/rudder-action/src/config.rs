//! `action.Configuration` for the storage commands: which driver holds the releases
//! (`HELM_DRIVER`), the Kubernetes client every command checks first, and the namespace.

use std::sync::Arc;

use rudder_kube::{KubeClient, KubeDriver, KubeOptions};
use rudder_release::{
    BoxFuture, Driver, Header, LabelStyle, Memory, Record, Release, Storage, labels::Labels,
};

use crate::ActionError;

/// What the storage commands need from the environment and the global flags.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The Kubernetes flags (`--kubeconfig`, `--kube-context`, `-n`...).
    pub kube: KubeOptions,
    /// `HELM_DRIVER`: `secret`/`secrets`/empty, `configmap`/`configmaps`, `memory`, `sql`.
    pub driver: String,
    /// `HELM_DRIVER_SQL_CONNECTION_STRING`.
    pub sql_connection_string: String,
    /// `HELM_MEMORY_DRIVER_DATA`: `:`-separated YAML files of releases preloaded into the
    /// memory driver.
    pub memory_driver_data: String,
}

/// The storage backend and cluster client of one command.
#[derive(Debug, Clone)]
pub struct Configuration {
    /// The releases.
    pub storage: Storage,
    /// The cluster; `None` for the memory driver with preloaded data, where Helm swaps in a
    /// client that reaches nothing and says it is reachable.
    pub kube: Option<KubeClient>,
    /// Why the cluster client could not be made (reported by [`Configuration::is_reachable`]).
    kube_error: Option<String>,
    /// The effective namespace (empty with `--all-namespaces`).
    pub namespace: String,
}

impl Configuration {
    /// `Configuration.Init`: builds the driver for the effective namespace, or for every
    /// namespace when `all_namespaces` is set.
    ///
    /// # Errors
    /// [`ActionError::Fatal`] with Helm's text for what Helm reports through `log.Fatal`
    /// (an unknown driver, an SQL database it cannot reach, memory data it cannot read).
    pub async fn init(settings: &Settings, all_namespaces: bool) -> Result<Self, ActionError> {
        let kube_client = settings.kube.connect().await;
        let (kube, effective, kube_error) = match kube_client {
            Ok(client) => {
                let ns = client.namespace().to_owned();
                (Some(client), ns, None)
            }
            Err(e) => (
                None,
                settings
                    .kube
                    .namespace
                    .clone()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| "default".to_owned()),
                Some(format!("kubernetes cluster unreachable: {e}")),
            ),
        };
        let namespace = if all_namespaces {
            String::new()
        } else {
            effective.clone()
        };
        let scope = (!all_namespaces).then(|| effective.clone());
        // Helm's Kubernetes drivers hold a lazy client: a configuration that cannot make one
        // fails only when the cluster is first used, so each command reports it in its own
        // words (install: `cluster reachability check failed: ...`).
        let unreachable = || {
            let message = kube_error.clone().unwrap_or_default();
            Storage::new(Arc::new(Unreachable { message }))
        };
        let (storage, kube) = match settings.driver.as_str() {
            "secret" | "secrets" | "" => match kube {
                Some(client) => {
                    let driver = KubeDriver::secrets(client.clone(), scope);
                    (Storage::new(Arc::new(driver)), Some(client))
                }
                None => (unreachable(), None),
            },
            "configmap" | "configmaps" => match kube {
                Some(client) => {
                    let driver = KubeDriver::config_maps(client.clone(), scope);
                    (Storage::new(Arc::new(driver)), Some(client))
                }
                None => (unreachable(), None),
            },
            "memory" => {
                let memory = Memory::new();
                load_memory(&memory, &settings.memory_driver_data)?;
                memory.set_namespace(&namespace);
                // Helm swaps in a printing fake client once releases are preloaded; but
                // `list -A` initialises the configuration again, which brings back the real
                // client: Helm's `list -A` on the memory driver needs a reachable cluster.
                return Ok(Self {
                    storage: Storage::new(Arc::new(memory)),
                    kube: if all_namespaces { kube } else { None },
                    kube_error: if all_namespaces { kube_error } else { None },
                    namespace,
                });
            }
            "sql" => {
                let driver =
                    rudder_storage_sql::Sql::connect(&settings.sql_connection_string, &namespace)
                        .await
                        .map_err(|e| {
                            ActionError::Fatal(format!("unable to instantiate SQL driver: {e}"))
                        })?;
                (Storage::new(Arc::new(driver)), kube)
            }
            other => {
                return Err(ActionError::Fatal(format!("unknown driver {other:?}")));
            }
        };
        Ok(Self {
            storage,
            kube,
            kube_error,
            namespace,
        })
    }

    /// A configuration over existing storage (tests, the SDK).
    pub fn with_storage(storage: Storage, kube: Option<KubeClient>, namespace: &str) -> Self {
        Self {
            storage,
            kube,
            kube_error: None,
            namespace: namespace.to_owned(),
        }
    }

    /// `KubeClient.IsReachable()`, which every storage command runs first.
    ///
    /// # Errors
    /// `kubernetes cluster unreachable: ...`.
    pub async fn is_reachable(&self) -> Result<(), ActionError> {
        if let Some(e) = &self.kube_error {
            return Err(ActionError::msg(e.clone()));
        }
        match &self.kube {
            Some(client) => client.is_reachable().await.map_err(ActionError::from),
            None => Ok(()),
        }
    }
}

/// The `Secret` or `ConfigMap` driver of a configuration that could not make a cluster client:
/// every call fails with why.
#[derive(Debug)]
struct Unreachable {
    message: String,
}

impl Unreachable {
    fn fail<'a, T: Send + 'a>(&self) -> BoxFuture<'a, Result<T, rudder_release::Error>> {
        let error = rudder_release::Error::backend(self.message.clone());
        Box::pin(std::future::ready(Err(error)))
    }
}

impl Driver for Unreachable {
    fn name(&self) -> &'static str {
        "Secret"
    }
    fn get<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<Record, rudder_release::Error>> {
        self.fail()
    }
    fn list(&self) -> BoxFuture<'_, Result<Vec<Record>, rudder_release::Error>> {
        self.fail()
    }
    fn query<'a>(
        &'a self,
        _: &'a Labels,
    ) -> BoxFuture<'a, Result<Vec<Record>, rudder_release::Error>> {
        self.fail()
    }
    fn headers<'a>(
        &'a self,
        _: &'a Labels,
    ) -> BoxFuture<'a, Result<Vec<Header>, rudder_release::Error>> {
        self.fail()
    }
    fn fetch<'a>(
        &'a self,
        _: &'a [Header],
        _: LabelStyle,
    ) -> BoxFuture<'a, Result<Vec<Record>, rudder_release::Error>> {
        self.fail()
    }
    fn create<'a>(
        &'a self,
        _: &'a str,
        _: &'a Release,
    ) -> BoxFuture<'a, Result<(), rudder_release::Error>> {
        self.fail()
    }
    fn update<'a>(
        &'a self,
        _: &'a str,
        _: &'a Release,
    ) -> BoxFuture<'a, Result<(), rudder_release::Error>> {
        self.fail()
    }
    fn delete<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<Release, rudder_release::Error>> {
        self.fail()
    }
}

/// `loadReleasesInMemory`: every release of every file, created in the memory driver.
fn load_memory(memory: &Memory, paths: &str) -> Result<(), ActionError> {
    for path in paths.split(':') {
        let data = std::fs::read(path).map_err(|e| {
            ActionError::Fatal(format!(
                "Unable to read memory driver data{}",
                go_open_error(path, &e)
            ))
        })?;
        let releases = parse_release_list(&data).map_err(|e| {
            ActionError::Fatal(format!("Unable to unmarshal memory driver data: {e}"))
        })?;
        for release in releases {
            let key = rudder_release::make_key(&release.name, release.version);
            rudder_release::block_on(rudder_release::Driver::create(memory, &key, &release))
                .map_err(|e| ActionError::Fatal(e.to_string()))?;
        }
    }
    Ok(())
}

/// Go's `*PathError` text for a failed open.
fn go_open_error(path: &str, e: &std::io::Error) -> String {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => e.to_string(),
    };
    format!("open {path}: {what}")
}

/// A YAML (or JSON) list of releases, as `sigs.k8s.io/yaml.Unmarshal` into `[]*Release` reads it.
///
/// # Errors
/// The YAML or JSON error.
pub fn parse_release_list(data: &[u8]) -> Result<Vec<Release>, ActionError> {
    let json =
        rudder_yaml::sigs::yaml_to_json(data).map_err(|e| ActionError::msg(e.to_string()))?;
    let value = rudder_yaml::json::unmarshal(json.as_bytes())
        .map_err(|e| ActionError::msg(e.to_string()))?;
    let mut out = Vec::new();
    match &value {
        rudder_value::Value::List(items) => {
            for item in items.items() {
                let text = rudder_yaml::json::marshal(item)
                    .map_err(|e| ActionError::msg(e.to_string()))?;
                let release = Release::from_json(text.as_bytes(), rudder_release::Depth::Full)
                    .map_err(|e| ActionError::msg(e.to_string()))?;
                out.push(release);
            }
        }
        rudder_value::Value::Nil => {}
        _ => {
            return Err(ActionError::msg(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []*v1.Release",
            ));
        }
    }
    Ok(out)
}
