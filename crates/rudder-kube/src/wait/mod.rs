//! Waiting for resources to be ready or deleted, as Helm v4.2.4's waiters do
//! (`pkg/kube/statuswait.go`, `wait.go`, `ready.go`).
//!
//! - [`WaitStrategy::Watcher`] (`--wait`, `--wait=watcher`): every resource must reach the
//!   kstatus status `Current` ([`crate::kstatus`]). Resources are list-watched per kind and
//!   namespace, their status recomputed on every change. A `Failed` resource no longer holds
//!   the wait up (Helm 4.2): once every other resource is `Current` the wait ends with an error
//!   naming the failed ones. A timeout of zero means 30 seconds.
//! - [`WaitStrategy::HookOnly`] (no `--wait`, Helm 4's default): [`wait_ready`] and
//!   [`wait_deleted`] return at once; only hooks are waited for ([`watch_until_ready`]).
//! - [`WaitStrategy::Legacy`] (`--wait=legacy`, Helm 3's polling): every two seconds, Helm's
//!   `ReadyChecker` rules in resource order.
//!
//! The errors' `Display` is Helm's text (`resource Deployment/default/web not ready. status:
//! InProgress, message: Available: 0/1` and `context deadline exceeded`, joined by newlines as
//! `errors.Join` does). Beyond Helm, [`WaitOptions::progress`] receives what is still pending
//! and why whenever that changes, for a live view; Helm prints nothing while it waits.

mod legacy;
mod selector;
mod watcher;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::kstatus::Status;

/// One object to wait for: its API resource and its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourceRef {
    /// API group (`""` for the core group).
    pub group: String,
    /// API version (`v1`).
    pub version: String,
    /// Kind (`Deployment`).
    pub kind: String,
    /// Resource name in URLs (`deployments`).
    pub plural: String,
    /// Whether the resource lives in a namespace.
    pub namespaced: bool,
    /// Its namespace (namespaced resources; `None` means `default`).
    pub namespace: Option<String>,
    /// Its name.
    pub name: String,
}

impl ResourceRef {
    /// The namespace as Helm prints it in messages: empty for cluster-scoped resources.
    pub fn namespace_str(&self) -> &str {
        if self.namespaced {
            self.namespace.as_deref().unwrap_or("default")
        } else {
            ""
        }
    }

    fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    fn api_resource(&self) -> kube::api::ApiResource {
        kube::api::ApiResource {
            group: self.group.clone(),
            version: self.version.clone(),
            api_version: self.api_version(),
            kind: self.kind.clone(),
            plural: self.plural.clone(),
        }
    }
}

/// Helm's `--wait` values (`kube.WaitStrategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WaitStrategy {
    /// `hookOnly`: only hooks are waited for (the default without `--wait`).
    #[default]
    HookOnly,
    /// `watcher`: kstatus (a bare `--wait`).
    Watcher,
    /// `legacy`: Helm 3's polling readiness checks.
    Legacy,
}

/// A snapshot for a live view: what is still pending and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// How many resources are waited for.
    pub total: usize,
    /// The ones not there yet, in the order they were given.
    pub pending: Vec<Pending>,
    /// Time since the wait started.
    pub elapsed: Duration,
}

/// One resource that is not yet where the wait wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Kind (`Deployment`).
    pub kind: String,
    /// Namespace (empty for cluster-scoped resources).
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Its kstatus status (`Unknown` until first seen).
    pub status: Status,
    /// Why, in kstatus' words (may be empty).
    pub message: String,
}

/// The live-view callback: called with a fresh [`Progress`] whenever the pending set or a
/// pending resource's status or message changes.
pub type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// An optional [`ProgressFn`] for option structs that derive `Debug`.
#[derive(Clone, Default)]
pub struct LiveView(pub Option<ProgressFn>);

impl fmt::Debug for LiveView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "LiveView(callback)"
        } else {
            "LiveView(None)"
        })
    }
}

/// How to wait.
#[derive(Clone, Default)]
pub struct WaitOptions {
    /// The strategy (`--wait`).
    pub strategy: WaitStrategy,
    /// The limit for this wait (`--timeout`). Zero means 30 seconds for the watcher and no
    /// limit for the legacy strategy, as in Helm.
    pub timeout: Duration,
    /// `--wait-for-jobs`: Jobs must complete (watcher: Helm's Job rule; legacy: checked at all).
    pub wait_for_jobs: bool,
    /// The live-view callback, if any.
    pub progress: Option<ProgressFn>,
}

impl fmt::Debug for WaitOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitOptions")
            .field("strategy", &self.strategy)
            .field("timeout", &self.timeout)
            .field("wait_for_jobs", &self.wait_for_jobs)
            .field("progress", &self.progress.as_ref().map(|_| "callback"))
            .finish()
    }
}

impl WaitOptions {
    /// Options for `strategy` with `timeout`, not waiting for Jobs, with no live view.
    pub fn new(strategy: WaitStrategy, timeout: Duration) -> Self {
        WaitOptions {
            strategy,
            timeout,
            wait_for_jobs: false,
            progress: None,
        }
    }
}

/// Why a wait failed. `Display` is the text Helm's waiter returns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WaitError {
    /// Some resources did not get there: one line per resource, then `context deadline
    /// exceeded` when the time ran out (Go's `errors.Join`).
    #[error("{}", .lines.join("\n"))]
    NotReady {
        /// The joined errors' lines.
        lines: Vec<String>,
        /// Whether the limit was reached (the last line is `context deadline exceeded`).
        timed_out: bool,
    },
    /// The API server refused to list or watch, or a legacy check failed (client-go's text).
    #[error("{0}")]
    Api(String),
}

impl WaitError {
    /// Whether the wait ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            WaitError::NotReady {
                timed_out: true,
                ..
            }
        )
    }
}

const DEADLINE_EXCEEDED: &str = "context deadline exceeded";

/// The watcher's limit: Helm's `DefaultStatusWatcherTimeout` for zero.
fn watcher_timeout(timeout: Duration) -> Duration {
    if timeout.is_zero() {
        Duration::from_secs(30)
    } else {
        timeout
    }
}

/// Waits until every resource is ready (Helm's `Wait`, or `WaitWithJobs` with
/// [`WaitOptions::wait_for_jobs`]). A no-op for [`WaitStrategy::HookOnly`].
///
/// # Errors
/// [`WaitError::NotReady`] when a resource failed or the time ran out; [`WaitError::Api`] when
/// the API server refused to list or watch (watcher) or a check failed (legacy).
pub async fn wait_ready(
    client: &kube::Client,
    refs: &[ResourceRef],
    o: &WaitOptions,
) -> Result<(), WaitError> {
    match o.strategy {
        WaitStrategy::HookOnly => Ok(()),
        WaitStrategy::Watcher => {
            let mode = if o.wait_for_jobs {
                watcher::Mode::ReadyWithJobs
            } else {
                watcher::Mode::Ready
            };
            watcher::run(
                client,
                refs,
                mode,
                watcher_timeout(o.timeout),
                o.progress.clone(),
            )
            .await
        }
        WaitStrategy::Legacy => legacy::wait_ready(client, refs, o).await,
    }
}

/// Waits until every resource is gone (Helm's `WaitForDelete`, `uninstall --wait`). A no-op
/// for [`WaitStrategy::HookOnly`].
///
/// # Errors
/// As [`wait_ready`]; the lines say `still exists`.
pub async fn wait_deleted(
    client: &kube::Client,
    refs: &[ResourceRef],
    o: &WaitOptions,
) -> Result<(), WaitError> {
    match o.strategy {
        WaitStrategy::HookOnly => Ok(()),
        WaitStrategy::Watcher => {
            let timeout = watcher_timeout(o.timeout);
            watcher::run(
                client,
                refs,
                watcher::Mode::Deleted,
                timeout,
                o.progress.clone(),
            )
            .await
        }
        WaitStrategy::Legacy => legacy::wait_deleted(client, refs, o).await,
    }
}

/// Waits for hooks as Helm's `WatchUntilReady` does with the watcher and hook-only
/// strategies: Jobs until complete, Pods until they succeed (either failing ends the wait),
/// anything else is ready at once.
///
/// # Errors
/// As [`wait_ready`].
pub async fn watch_until_ready(
    client: &kube::Client,
    refs: &[ResourceRef],
    timeout: Duration,
    progress: Option<ProgressFn>,
) -> Result<(), WaitError> {
    watcher::run(
        client,
        refs,
        watcher::Mode::Hooks,
        watcher_timeout(timeout),
        progress,
    )
    .await
}

/// Waits for hooks with the strategy's `WatchUntilReady`: the watcher's ([`watch_until_ready`])
/// for [`WaitStrategy::Watcher`] and [`WaitStrategy::HookOnly`], the legacy waiter's for
/// [`WaitStrategy::Legacy`] (a watch per Job or Pod until it completes: `job NAME failed:
/// REASON`, `pod NAME failed`, `timed out waiting for the condition`; zero timeout: no limit).
///
/// # Errors
/// As [`watch_until_ready`], with the legacy waiter's texts for [`WaitStrategy::Legacy`].
pub async fn watch_hooks(
    client: &kube::Client,
    refs: &[ResourceRef],
    o: &WaitOptions,
) -> Result<(), WaitError> {
    match o.strategy {
        WaitStrategy::Legacy => legacy::watch_until_ready(client, refs, o.timeout).await,
        WaitStrategy::Watcher | WaitStrategy::HookOnly => {
            watch_until_ready(client, refs, o.timeout, o.progress.clone()).await
        }
    }
}
