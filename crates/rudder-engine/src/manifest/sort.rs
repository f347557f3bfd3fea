//! `SortManifests` and the kind orders (`pkg/release/v1/util/manifest_sorter.go`,
//! `kind_sorter.go`), and hooks (`pkg/release/v1/hook.go`).

use std::collections::BTreeMap;
use std::fmt;

use super::head::{SimpleHead, parse_head};
use super::split::split_manifests;

/// `helm.sh/hook`.
pub const HOOK_ANNOTATION: &str = "helm.sh/hook";
/// `helm.sh/hook-weight`.
pub const HOOK_WEIGHT_ANNOTATION: &str = "helm.sh/hook-weight";
/// `helm.sh/hook-delete-policy`.
pub const HOOK_DELETE_ANNOTATION: &str = "helm.sh/hook-delete-policy";
/// `helm.sh/hook-output-log-policy`.
pub const HOOK_OUTPUT_LOG_ANNOTATION: &str = "helm.sh/hook-output-log-policy";

/// `InstallOrder`.
pub const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// `UninstallOrder`.
pub const UNINSTALL_ORDER: &[&str] = &[
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "APIService",
    "Ingress",
    "IngressClass",
    "Service",
    "CronJob",
    "Job",
    "StatefulSet",
    "HorizontalPodAutoscaler",
    "Deployment",
    "ReplicaSet",
    "ReplicationController",
    "Pod",
    "DaemonSet",
    "RoleBindingList",
    "RoleBinding",
    "RoleList",
    "Role",
    "ClusterRoleBindingList",
    "ClusterRoleBinding",
    "ClusterRoleList",
    "ClusterRole",
    "CustomResourceDefinition",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "StorageClass",
    "ConfigMap",
    "SecretList",
    "Secret",
    "ServiceAccount",
    "PodDisruptionBudget",
    "PodSecurityPolicy",
    "LimitRange",
    "ResourceQuota",
    "NetworkPolicy",
    "Namespace",
    "PriorityClass",
];

/// `release.HookEvent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HookEvent {
    /// `pre-install`
    PreInstall,
    /// `post-install`
    PostInstall,
    /// `pre-delete`
    PreDelete,
    /// `post-delete`
    PostDelete,
    /// `pre-upgrade`
    PreUpgrade,
    /// `post-upgrade`
    PostUpgrade,
    /// `pre-rollback`
    PreRollback,
    /// `post-rollback`
    PostRollback,
    /// `test` (also written `test-success`)
    Test,
}

impl HookEvent {
    /// The event an annotation value names (already trimmed and lower-cased), as Helm's
    /// `events` table maps it.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pre-install" => Self::PreInstall,
            "post-install" => Self::PostInstall,
            "pre-delete" => Self::PreDelete,
            "post-delete" => Self::PostDelete,
            "pre-upgrade" => Self::PreUpgrade,
            "post-upgrade" => Self::PostUpgrade,
            "pre-rollback" => Self::PreRollback,
            "post-rollback" => Self::PostRollback,
            "test" | "test-success" => Self::Test,
            _ => return None,
        })
    }

    /// The name Helm stores (`HookEvent.String()`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PreInstall => "pre-install",
            Self::PostInstall => "post-install",
            Self::PreDelete => "pre-delete",
            Self::PostDelete => "post-delete",
            Self::PreUpgrade => "pre-upgrade",
            Self::PostUpgrade => "post-upgrade",
            Self::PreRollback => "pre-rollback",
            Self::PostRollback => "post-rollback",
            Self::Test => "test",
        }
    }
}

impl fmt::Display for HookEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `release.Hook` as `SortManifests` builds it (no run state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hook {
    /// `metadata.name`.
    pub name: String,
    /// `kind`.
    pub kind: String,
    /// The template path (`chart/templates/x.yaml`).
    pub path: String,
    /// The document.
    pub manifest: String,
    /// The events, in annotation order.
    pub events: Vec<HookEvent>,
    /// `helm.sh/hook-weight` (`Atoi`, 0 when invalid).
    pub weight: i64,
    /// `helm.sh/hook-delete-policy` values, trimmed and lower-cased, unvalidated.
    pub delete_policies: Vec<String>,
    /// `helm.sh/hook-output-log-policy` values, trimmed and lower-cased, unvalidated.
    pub output_log_policies: Vec<String>,
}

/// `util.Manifest`: a document that is not a hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The template path.
    pub name: String,
    /// The document.
    pub content: String,
    /// Its head.
    pub head: SimpleHead,
}

/// A document that is not YAML: `YAML parse error on <path>: <err>`.
#[derive(Debug, Clone, thiserror::Error)]
#[error("YAML parse error on {path}: {source}")]
pub struct SortError {
    /// The template path.
    pub path: String,
    /// The YAML error.
    #[source]
    pub source: rudder_yaml::Error,
}

fn rank(order: &[&str], kind: &str) -> Option<usize> {
    order.iter().position(|k| *k == kind)
}

fn less_by_kind(a: &str, b: &str, order: &[&str]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (rank(order, a), rank(order, b)) {
        (None, None) => a.cmp(b),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => x.cmp(&y),
    }
}

/// Stable sort by kind in `order`: unknown kinds last, in byte order of the kind.
pub fn sort_by_kind<T>(items: &mut [T], kind: impl Fn(&T) -> &str, order: &[&str]) {
    items.sort_by(|a, b| less_by_kind(kind(a), kind(b), order));
}

fn split_policies(annotations: &BTreeMap<String, String>, key: &str) -> Vec<String> {
    annotations.get(key).map_or_else(Vec::new, |v| {
        v.split(',')
            .map(|p| p.trim_matches(super::split::is_go_space).to_lowercase())
            .collect()
    })
}

/// `SortManifests(files, nil, order)`: the documents of every file (in path order, skipping
/// partials and blank files), hooks apart from the rest, each list stable-sorted by kind. A
/// hook with an unknown event is dropped (Helm logs it).
///
/// # Errors
/// The first document that is not YAML.
pub fn sort_manifests(
    files: &BTreeMap<String, String>,
    order: &[&str],
) -> Result<(Vec<Hook>, Vec<Manifest>), SortError> {
    let mut hooks = Vec::new();
    let mut generic = Vec::new();
    for (path, content) in files {
        let base = path.rsplit('/').next().unwrap_or(path);
        if base.starts_with('_') || content.trim_matches(super::split::is_go_space).is_empty() {
            continue;
        }
        for doc in split_manifests(content) {
            let head = parse_head(&doc).map_err(|source| SortError {
                path: path.clone(),
                source,
            })?;
            let annotations = head
                .metadata
                .as_ref()
                .and_then(|m| m.annotations.as_ref())
                .filter(|a| !a.is_empty());
            let Some(hook_types) = annotations.and_then(|a| a.get(HOOK_ANNOTATION)) else {
                generic.push(Manifest {
                    name: path.clone(),
                    content: doc,
                    head,
                });
                continue;
            };
            let annotations = annotations.cloned().unwrap_or_default();
            let mut events = Vec::new();
            let mut unknown = false;
            for t in hook_types.split(',') {
                let name = t.trim_matches(super::split::is_go_space).to_lowercase();
                let Some(e) = HookEvent::parse(&name) else {
                    unknown = true;
                    break;
                };
                events.push(e);
            }
            if unknown {
                continue;
            }
            let weight = annotations
                .get(HOOK_WEIGHT_ANNOTATION)
                .and_then(|w| w.parse::<i64>().ok())
                .unwrap_or(0);
            hooks.push(Hook {
                name: head
                    .metadata
                    .as_ref()
                    .map(|m| m.name.clone())
                    .unwrap_or_default(),
                kind: head.kind.clone(),
                path: path.clone(),
                manifest: doc,
                events,
                weight,
                delete_policies: split_policies(&annotations, HOOK_DELETE_ANNOTATION),
                output_log_policies: split_policies(&annotations, HOOK_OUTPUT_LOG_ANNOTATION),
            });
        }
    }
    sort_by_kind(&mut hooks, |h| h.kind.as_str(), order);
    sort_by_kind(&mut generic, |m| m.head.kind.as_str(), order);
    Ok((hooks, generic))
}
