//! What the API server serves: its version and every resource type, read through aggregated
//! discovery (`/api` and `/apis`, two requests, as client-go's memory-cached discovery does on a
//! v1.30+ server). It maps a manifest's `apiVersion`/`kind` to the REST resource (plural name,
//! namespaced or not) and gives Helm's `.Capabilities` (`GetVersionSet`, `ServerVersion`).

use std::collections::BTreeSet;

use kube::core::discovery::v2::{APIGroupDiscoveryList, APIVersionDiscovery};

use crate::config::KubeClient;
use crate::error::Error;

/// One resource type the server serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceType {
    /// The API group (empty for the core group).
    pub group: String,
    /// The version (`v1`).
    pub version: String,
    /// The kind (`Deployment`).
    pub kind: String,
    /// The plural resource name (`deployments`).
    pub plural: String,
    /// Whether objects of this type live in a namespace.
    pub namespaced: bool,
}

impl ResourceType {
    /// `group/version`, or `version` for the core group.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// The kube-rs description of this type.
    pub fn api_resource(&self) -> kube::core::ApiResource {
        kube::core::ApiResource {
            group: self.group.clone(),
            version: self.version.clone(),
            api_version: self.api_version(),
            kind: self.kind.clone(),
            plural: self.plural.clone(),
        }
    }
}

/// The server's version and resource types.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    types: Vec<ResourceType>,
    /// Every `group/version` and `group/version/Kind` (subresources' kinds included), as
    /// Helm's `GetVersionSet` lists them; sorted (Helm's order comes from a Go map).
    version_set: BTreeSet<String>,
    /// `ServerVersion()`: git version, major, minor.
    pub git_version: String,
    /// The major version as the server reports it.
    pub major: String,
    /// The minor version as the server reports it.
    pub minor: String,
}

impl Discovery {
    /// Reads the server's version and its resource types.
    ///
    /// # Errors
    /// The API server's error (client-go's text).
    pub async fn run(client: &KubeClient) -> Result<Self, Error> {
        let kube = client.client();
        let server = client.server();
        let version = kube
            .apiserver_version()
            .await
            .map_err(|e| Error::from_kube(e, "GET", &format!("{server}/version")))?;
        let core = kube
            .list_core_api_versions_aggregated()
            .await
            .map_err(|e| Error::from_kube(e, "GET", &format!("{server}/api")))?;
        let groups = kube
            .list_api_groups_aggregated()
            .await
            .map_err(|e| Error::from_kube(e, "GET", &format!("{server}/apis")))?;
        let mut discovery = Discovery {
            git_version: version.git_version,
            major: version.major,
            minor: version.minor,
            ..Discovery::default()
        };
        discovery.add(&core);
        discovery.add(&groups);
        Ok(discovery)
    }

    fn add(&mut self, list: &APIGroupDiscoveryList) {
        for group in &list.items {
            let name = group
                .metadata
                .as_ref()
                .and_then(|m| m.name.clone())
                .unwrap_or_default();
            for version in &group.versions {
                self.add_version(&name, version);
            }
        }
    }

    fn add_version(&mut self, group: &str, version: &APIVersionDiscovery) {
        let Some(v) = version.version.clone() else {
            return;
        };
        let group_version = if group.is_empty() {
            v.clone()
        } else {
            format!("{group}/{v}")
        };
        self.version_set.insert(group_version.clone());
        for resource in &version.resources {
            let kind = resource.response_kind.as_ref().and_then(|k| k.kind.clone());
            let (Some(plural), Some(kind)) = (&resource.resource, kind) else {
                continue;
            };
            self.version_set.insert(format!("{group_version}/{kind}"));
            for sub in &resource.subresources {
                if let Some(k) = sub.response_kind.as_ref().and_then(|k| k.kind.as_ref()) {
                    self.version_set.insert(format!("{group_version}/{k}"));
                }
            }
            self.types.push(ResourceType {
                group: group.to_owned(),
                version: v.clone(),
                kind,
                plural: plural.clone(),
                namespaced: resource.scope.as_deref() == Some("Namespaced"),
            });
        }
    }

    /// The resource type of `kind` in `api_version` (`group/version` or `v1`), if served.
    pub fn resolve(&self, api_version: &str, kind: &str) -> Option<&ResourceType> {
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        self.types
            .iter()
            .find(|t| t.group == group && t.version == version && t.kind == kind)
    }

    /// Helm's `GetVersionSet`: every served `group/version` and `group/version/Kind`.
    pub fn api_versions(&self) -> Vec<String> {
        self.version_set.iter().cloned().collect()
    }
}
