//! Helm's hooks (`pkg/action/hooks.go`): the hooks of one event run one by one, ordered by
//! weight then name (stable over the render's kind order); each is deleted first when its
//! delete policy says `before-hook-creation` (the default when it names none, which is then
//! recorded), created (server-side apply, no force), recorded as `Running`, and waited for as
//! Helm's `WatchUntilReady` does (Jobs until complete, Pods until they succeed, anything else at
//! once); then marked `Succeeded` or `Failed` with its start and completion times. Afterwards
//! the `hook-succeeded` (all, in reverse order) or `hook-failed` (the failed one, then the
//! earlier successful ones by `hook-succeeded`) policies delete, and the output-log policies
//! copy the Pods' logs to stderr through Go's `log` writer. Custom resource definitions are
//! never deleted.

use std::fmt::Write as _;
use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams, LogParams};
use rudder_kube::wait::{ResourceRef, WaitOptions, WaitStrategy};
use rudder_kube::{ApplyOptions, Propagation, Resource};
use rudder_release::gotime::Time;
use rudder_release::{Hook, HookExecution, Release, Storage};

use crate::ActionError;
use crate::deploy::Cluster;
use crate::install::Record;

/// `release.HookBeforeHookCreation`.
pub const BEFORE_HOOK_CREATION: &str = "before-hook-creation";
/// `release.HookSucceeded` (a delete policy and an output-log policy).
pub const HOOK_SUCCEEDED: &str = "hook-succeeded";
/// `release.HookFailed` (a delete policy and an output-log policy).
pub const HOOK_FAILED: &str = "hook-failed";

/// What running hooks needs: the cluster, where the release is recorded, and the operation's
/// options.
pub(crate) struct Hooks<'a> {
    /// The cluster.
    pub cluster: &'a Cluster,
    /// Where `recordRelease` writes.
    pub storage: &'a Storage,
    /// `--timeout`, for each hook's wait.
    pub timeout: Duration,
    /// `--wait`: which waiter's `WatchUntilReady` hooks get; hook deletions are waited for
    /// only with `watcher` and `legacy`.
    pub strategy: WaitStrategy,
    /// Whether hooks are applied server-side.
    pub server_side: bool,
}

/// What is left to do once a phase's hooks ran (`ExecuteShutdownFunc`).
#[derive(Debug)]
pub(crate) enum Shutdown {
    /// Nothing (`shutdownNoOp`).
    None,
    /// A hook failed: delete it by `hook-failed`, the ones before it by `hook-succeeded`.
    Failed {
        /// The hook that failed.
        failed: Box<Hook>,
        /// The hooks that succeeded before it, in run order.
        succeeded: Vec<Hook>,
        /// The hook's error.
        error: String,
    },
    /// Every hook succeeded: in reverse run order, output logs and delete by `hook-succeeded`.
    Succeeded(Vec<Hook>),
}

/// The object a built resource names, for the waiter.
pub(crate) fn resource_ref(r: &Resource) -> ResourceRef {
    let t = &r.resource_type;
    ResourceRef {
        group: t.group.clone(),
        version: t.version.clone(),
        kind: t.kind.clone(),
        plural: t.plural.clone(),
        namespaced: t.namespaced,
        namespace: t.namespaced.then(|| r.namespace.clone()),
        name: r.name.clone(),
    }
}

/// The indexes of `rel`'s hooks for `event`, sorted as `hookByWeight` (stable).
fn executing(rel: &Release, event: &str) -> Vec<usize> {
    let mut out: Vec<usize> = rel
        .hooks
        .iter()
        .enumerate()
        .filter(|(_, h)| h.events.iter().any(|e| e == event))
        .map(|(i, _)| i)
        .collect();
    out.sort_by(|&a, &b| {
        let (x, y) = (&rel.hooks[a], &rel.hooks[b]);
        x.weight.cmp(&y.weight).then_with(|| x.name.cmp(&y.name))
    });
    out
}

/// Go's `log.Printf` once Helm's slog handler is the default: an INFO record.
fn go_log(log: &mut Vec<Record>, message: String) {
    log.push(Record::Chart(message));
}

impl Hooks<'_> {
    /// `execHook`: runs the hooks of `event`, recording `rel` as each starts, then the
    /// deletions and log output their policies ask for.
    ///
    /// # Errors
    /// `warning: Hook EVENT PATH failed: ...` when an object cannot be created, the waiter's
    /// text when a hook fails or times out, a deletion's error.
    pub(crate) async fn exec(
        &self,
        rel: &mut Release,
        event: &str,
        log: &mut Vec<Record>,
    ) -> Result<(), ActionError> {
        let (shutdown, result) = self.exec_delayed(rel, event, log).await;
        let after = self.shutdown(shutdown, &rel.namespace, log).await;
        match result {
            // Helm returns what the shutdown says (a deletion's error, or the hook's).
            Err(e) => Err(after.err().unwrap_or(e)),
            Ok(()) => after,
        }
    }

    /// `execHookWithDelayedShutdown`: runs the hooks of `event`; what is left to do after them
    /// (deletions by policy, output logs on success) comes back for [`Hooks::shutdown`].
    pub(crate) async fn exec_delayed(
        &self,
        rel: &mut Release,
        event: &str,
        log: &mut Vec<Record>,
    ) -> (Shutdown, Result<(), ActionError>) {
        let order = executing(rel, event);
        for (n, &i) in order.iter().enumerate() {
            if rel.hooks[i].delete_policies.is_empty() {
                rel.hooks[i].delete_policies = vec![BEFORE_HOOK_CREATION.to_owned()];
            }
            if let Err(e) = self
                .delete_by_policy(&rel.hooks[i], &rel.namespace, BEFORE_HOOK_CREATION)
                .await
            {
                return (Shutdown::None, Err(e));
            }
            let resources = match self.cluster.build(&rel.hooks[i].manifest, &rel.namespace) {
                Ok(r) => r,
                Err(e) => {
                    let text = format!(
                        "unable to build kubernetes object for {event} hook {}: {e}",
                        rel.hooks[i].path
                    );
                    return (Shutdown::None, Err(ActionError::msg(text)));
                }
            };
            rel.hooks[i].last_run = HookExecution {
                started_at: Time::now(),
                completed_at: Time::ZERO,
                phase: "Running".to_owned(),
            };
            // recordRelease: a failure is only logged at debug level.
            let _ = self.storage.update(rel).await;
            "Unknown".clone_into(&mut rel.hooks[i].last_run.phase);
            let created = self
                .cluster
                .applier
                .create(
                    &resources,
                    ApplyOptions {
                        server_side: self.server_side,
                        force_conflicts: false,
                    },
                )
                .await;
            if let Err(e) = created {
                let h = &mut rel.hooks[i];
                h.last_run.completed_at = Time::now();
                "Failed".clone_into(&mut h.last_run.phase);
                let text = format!("warning: Hook {event} {} failed: {e}", h.path);
                return (Shutdown::None, Err(ActionError::msg(text)));
            }
            let refs: Vec<ResourceRef> = resources.iter().map(resource_ref).collect();
            let waited = rudder_kube::wait::watch_hooks(
                self.cluster.client.client(),
                &refs,
                &WaitOptions::new(self.strategy, self.timeout),
            )
            .await;
            rel.hooks[i].last_run.completed_at = Time::now();
            if let Err(e) = waited {
                "Failed".clone_into(&mut rel.hooks[i].last_run.phase);
                if let Err(e) = self
                    .output_logs(&rel.hooks[i], &rel.namespace, HOOK_FAILED, log)
                    .await
                {
                    go_log(log, format!("error outputting logs for hook failure: {e}"));
                }
                let shutdown = Shutdown::Failed {
                    failed: Box::new(rel.hooks[i].clone()),
                    succeeded: order[..n].iter().map(|&j| rel.hooks[j].clone()).collect(),
                    error: e.to_string(),
                };
                return (shutdown, Err(ActionError::msg(e.to_string())));
            }
            "Succeeded".clone_into(&mut rel.hooks[i].last_run.phase);
        }
        let hooks = order.iter().rev().map(|&i| rel.hooks[i].clone()).collect();
        (Shutdown::Succeeded(hooks), Ok(()))
    }

    /// The shutdown function of `execHookWithDelayedShutdown`.
    ///
    /// # Errors
    /// After a failure: a deletion's error or else the hook's error. After success: the first
    /// deletion that failed.
    pub(crate) async fn shutdown(
        &self,
        shutdown: Shutdown,
        namespace: &str,
        log: &mut Vec<Record>,
    ) -> Result<(), ActionError> {
        match shutdown {
            Shutdown::None => Ok(()),
            Shutdown::Failed {
                failed,
                succeeded,
                error,
            } => {
                if let Err(e) = self.delete_by_policy(&failed, namespace, HOOK_FAILED).await {
                    go_log(
                        log,
                        format!("error deleting the hook resource on hook failure: {e}"),
                    );
                }
                for h in &succeeded {
                    self.delete_by_policy(h, namespace, HOOK_SUCCEEDED).await?;
                }
                Err(ActionError::msg(error))
            }
            Shutdown::Succeeded(hooks) => {
                for h in &hooks {
                    if let Err(e) = self.output_logs(h, namespace, HOOK_SUCCEEDED, log).await {
                        go_log(log, format!("error outputting logs for hook failure: {e}"));
                    }
                    self.delete_by_policy(h, namespace, HOOK_SUCCEEDED).await?;
                }
                Ok(())
            }
        }
    }

    /// `deleteHookByPolicy`: deletes the hook's objects (background propagation) when it has
    /// `policy`, then waits for them to go with `--wait` strategies that wait.
    pub(crate) async fn delete_by_policy(
        &self,
        h: &Hook,
        namespace: &str,
        policy: &str,
    ) -> Result<(), ActionError> {
        if h.kind == "CustomResourceDefinition" || !h.delete_policies.iter().any(|p| p == policy) {
            return Ok(());
        }
        let resources = self.cluster.build(&h.manifest, namespace).map_err(|e| {
            ActionError::msg(format!(
                "unable to build kubernetes object for deleting hook {}: {e}",
                h.path
            ))
        })?;
        let (_, errors) = self
            .cluster
            .applier
            .delete(&resources, Propagation::Background)
            .await;
        if !errors.is_empty() {
            let texts: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Err(ActionError::msg(texts.join("; ")));
        }
        let refs: Vec<ResourceRef> = resources.iter().map(resource_ref).collect();
        rudder_kube::wait::wait_deleted(
            self.cluster.client.client(),
            &refs,
            &WaitOptions::new(self.strategy, self.timeout),
        )
        .await
        .map_err(|e| ActionError::msg(e.to_string()))
    }

    /// `outputLogsByPolicy`: with `policy` among the hook's output-log policies, the logs of
    /// its Pods (a Job's by `job-name`, a Pod itself) are written through Go's `log` writer.
    async fn output_logs(
        &self,
        h: &Hook,
        release_namespace: &str,
        policy: &str,
        log: &mut Vec<Record>,
    ) -> Result<(), ActionError> {
        if !h.output_log_policies.iter().any(|p| p == policy) {
            return Ok(());
        }
        let namespace = hook_namespace(h, release_namespace)?;
        let params = match h.kind.as_str() {
            "Job" => ListParams::default().labels(&format!("job-name={}", h.name)),
            "Pod" => ListParams::default().fields(&format!("metadata.name={}", h.name)),
            _ => return Ok(()),
        };
        output_pod_logs(self.cluster.client.client(), &namespace, &params, log).await
    }
}

/// `deriveNamespace`: the hook's `metadata.namespace`, or the release's.
fn hook_namespace(h: &Hook, release_namespace: &str) -> Result<String, ActionError> {
    let parsed = rudder_yaml::sigs::yaml_to_json(h.manifest.as_bytes())
        .map_err(|e| e.to_string())
        .and_then(|json| {
            serde_json::from_str::<serde_json::Value>(&json).map_err(|e| e.to_string())
        })
        .map_err(|e| {
            ActionError::msg(format!(
                "unable to parse metadata.namespace from kubernetes manifest for output logs hook {}: {e}",
                h.path
            ))
        })?;
    let ns = parsed
        .pointer("/metadata/namespace")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("");
    Ok(if ns.is_empty() {
        release_namespace.to_owned()
    } else {
        ns.to_owned()
    })
}

/// `GetPodList` then `OutputContainerLogsForPodList`: each container's log of each Pod, in
/// list order, as records of Go's `log` writer; the first failure ends it.
pub(crate) async fn output_pod_logs(
    client: &kube::Client,
    namespace: &str,
    params: &ListParams,
    log: &mut Vec<Record>,
) -> Result<(), ActionError> {
    let api: Api<Pod> = Api::namespaced(client.clone(), namespace);
    let pods = api.list(params).await.map_err(|e| {
        ActionError::msg(format!(
            "failed to get pod list with options: {} with error: {e}",
            list_options(params)
        ))
    })?;
    for pod in &pods.items {
        let name = pod.metadata.name.clone().unwrap_or_default();
        let containers = pod
            .spec
            .as_ref()
            .map(|s| s.containers.clone())
            .unwrap_or_default();
        for c in containers {
            let text = api
                .logs(
                    &name,
                    &LogParams {
                        container: Some(c.name.clone()),
                        ..LogParams::default()
                    },
                )
                .await
                .map_err(|_| {
                    ActionError::msg(format!(
                        "failed to stream pod logs for pod: {name}, container: {}",
                        c.name
                    ))
                })?;
            // log.Writer() under Helm's slog handler: one INFO record per write.
            if !text.is_empty() {
                go_log(log, text.trim_end_matches('\n').to_owned());
            }
        }
    }
    Ok(())
}

/// Go's `%+v` of the `metav1.ListOptions` Helm builds.
fn list_options(params: &ListParams) -> String {
    let mut out = String::from("{TypeMeta:{Kind: APIVersion:} ");
    let _ = write!(
        out,
        "LabelSelector:{} FieldSelector:{} Watch:false AllowWatchBookmarks:false ResourceVersion: ResourceVersionMatch: TimeoutSeconds:<nil> Limit:0 Continue: SendInitialEvents:<nil>}}",
        params.label_selector.as_deref().unwrap_or(""),
        params.field_selector.as_deref().unwrap_or("")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(name: &str, weight: i64, events: &[&str]) -> Hook {
        Hook {
            name: name.to_owned(),
            weight,
            events: events.iter().map(|e| (*e).to_owned()).collect(),
            ..Hook::default()
        }
    }

    #[test]
    fn hooks_run_by_weight_then_name_stable_over_kind_order() {
        let rel = Release {
            hooks: vec![
                hook("b", 0, &["pre-install"]),
                hook("a", 0, &["post-install"]),
                hook("z", -5, &["pre-install", "pre-upgrade"]),
                hook("a", 0, &["pre-install"]),
                hook("c", 10, &["pre-install"]),
                hook("a", 0, &["pre-install"]),
            ],
            ..Release::default()
        };
        assert_eq!(executing(&rel, "pre-install"), vec![2, 3, 5, 0, 4]);
        assert_eq!(executing(&rel, "pre-upgrade"), vec![2]);
        assert!(executing(&rel, "test").is_empty());
    }

    #[test]
    fn output_log_namespace_from_the_manifest_or_the_release() {
        let mut h = hook("x", 0, &["test"]);
        h.manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  namespace: other\n".into();
        assert_eq!(hook_namespace(&h, "rel").unwrap(), "other");
        h.manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n".into();
        assert_eq!(hook_namespace(&h, "rel").unwrap(), "rel");
    }
}
