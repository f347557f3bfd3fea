//! What install, upgrade, rollback and uninstall share on a cluster: the options of a write
//! (`--create-namespace`, `--server-side`, `--force-conflicts`, `--wait`...), the connected
//! cluster (client, discovery, applier), `.Capabilities` from discovery, building a manifest
//! into objects, Helm's ownership checks, the refusals of what rudder does not do yet
//! (client-side apply), made before anything changes, and [`Cancel`], the context Helm's
//! `RunWithContext` watches (Ctrl-C or SIGTERM mark the release failed).

use std::time::Duration;

use rudder_engine::{Capabilities, KubeVersion};
use rudder_kube::resource::check_ownership;
use rudder_kube::wait::{ResourceRef, WaitOptions, WaitStrategy};
use rudder_kube::{Applier, Discovery, KubeClient, Resource};

use crate::ActionError;
use crate::config::Configuration;

/// The options of a real install or upgrade (what `template` never reads).
#[derive(Debug, Clone)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "Helm's install and upgrade options are independent command-line switches"
)]
pub struct DeployOptions {
    /// `--create-namespace`.
    pub create_namespace: bool,
    /// `--description`.
    pub description: String,
    /// `--no-hooks`.
    pub no_hooks: bool,
    /// `--take-ownership`.
    pub take_ownership: bool,
    /// `--server-side` (install: `true`; upgrade and rollback resolve `auto` first).
    pub server_side: bool,
    /// `--force-conflicts`.
    pub force_conflicts: bool,
    /// `--force-replace`.
    pub force_replace: bool,
    /// `--replace`.
    pub replace: bool,
    /// `--skip-crds`.
    pub skip_crds: bool,
    /// `--wait`: `hookOnly` (default), `watcher`, `legacy`.
    pub wait: String,
    /// `--wait-for-jobs`.
    pub wait_for_jobs: bool,
    /// `--rollback-on-failure`.
    pub rollback_on_failure: bool,
    /// `--timeout`.
    pub timeout: Duration,
    /// The revision being rendered (install: 1).
    pub revision: i64,
    /// Cancelled by the command line on SIGINT or SIGTERM (Helm's context).
    pub cancel: Cancel,
    /// Beyond Helm: told what is still pending and why while `--wait` waits for the release's
    /// resources (the command line's live view on a terminal).
    pub live_view: rudder_kube::wait::LiveView,
}

impl Default for DeployOptions {
    fn default() -> Self {
        Self {
            create_namespace: false,
            description: String::new(),
            no_hooks: false,
            take_ownership: false,
            server_side: true,
            force_conflicts: false,
            force_replace: false,
            replace: false,
            skip_crds: false,
            wait: "hookOnly".to_owned(),
            wait_for_jobs: false,
            rollback_on_failure: false,
            timeout: Duration::from_mins(5),
            revision: 1,
            cancel: Cancel::default(),
            live_view: rudder_kube::wait::LiveView::default(),
        }
    }
}

impl DeployOptions {
    /// The `--wait` strategy.
    pub fn wait_strategy(&self) -> WaitStrategy {
        wait_strategy(&self.wait)
    }

    /// What install and upgrade do first in `RunWithContext`: with `--rollback-on-failure`
    /// and no `--wait`, the strategy becomes `watcher`, so that a failure to become ready is
    /// noticed and rolled back (hooks and the rollback or uninstall use it too).
    pub fn promote_wait_for_rollback(&mut self) {
        if self.rollback_on_failure && self.wait_strategy() == WaitStrategy::HookOnly {
            "watcher".clone_into(&mut self.wait);
        }
    }

    /// Helm's `Wait`/`WaitWithJobs` on the release's resources after they were applied (a
    /// no-op without `--wait`).
    ///
    /// # Errors
    /// The waiter's error, with Helm's text.
    pub(crate) async fn wait_ready(
        &self,
        cluster: &Cluster,
        resources: &[Resource],
    ) -> Result<(), rudder_kube::wait::WaitError> {
        let refs: Vec<ResourceRef> = resources.iter().map(crate::hooks::resource_ref).collect();
        let mut options = WaitOptions::new(self.wait_strategy(), self.timeout);
        options.wait_for_jobs = self.wait_for_jobs;
        options.progress.clone_from(&self.live_view.0);
        rudder_kube::wait::wait_ready(cluster.client.client(), &refs, &options).await
    }
}

/// `--wait`'s value (`hookOnly`, `watcher`, `legacy`, as the flag normalised it).
pub(crate) fn wait_strategy(wait: &str) -> WaitStrategy {
    match wait {
        "watcher" => WaitStrategy::Watcher,
        "legacy" => WaitStrategy::Legacy,
        _ => WaitStrategy::HookOnly,
    }
}

/// Helm's `context.Context` of an install or upgrade, as far as rudder needs it: cancelled
/// once (by the command line's SIGINT/SIGTERM handler), never reset. The default is never
/// cancelled.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Option<tokio::sync::watch::Receiver<bool>>);

/// The sending side of a [`Cancel`].
#[derive(Debug)]
pub struct Canceller(tokio::sync::watch::Sender<bool>);

impl Cancel {
    /// A context and the handle that cancels it.
    pub fn new() -> (Canceller, Self) {
        let (tx, rx) = tokio::sync::watch::channel(false);
        (Canceller(tx), Self(Some(rx)))
    }

    /// Resolves once cancelled (at once if it already is); never for the default context.
    pub async fn cancelled(&self) {
        let Some(rx) = &self.0 else {
            return std::future::pending().await;
        };
        let mut rx = rx.clone();
        if rx.wait_for(|c| *c).await.is_err() {
            // The canceller is gone without cancelling: never.
            std::future::pending::<()>().await;
        }
    }
}

impl Canceller {
    /// Cancels the context (Go's `cancel()`).
    pub fn cancel(&self) {
        self.0.send_replace(true);
    }
}

/// Go's `context.Canceled` text, what install and upgrade fail with when cancelled.
pub const CONTEXT_CANCELED: &str = "context canceled";

/// The cluster of one operation: client, discovery and applier.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// The client.
    pub client: KubeClient,
    /// What the server serves.
    pub discovery: Discovery,
    /// Writes objects.
    pub applier: Applier,
}

impl Cluster {
    /// Connects and reads discovery.
    ///
    /// # Errors
    /// No cluster configured, or the server's error.
    pub async fn connect(cfg: &Configuration) -> Result<Self, ActionError> {
        let client = cfg
            .kube
            .clone()
            .ok_or_else(|| ActionError::msg("kubernetes cluster unreachable"))?;
        let discovery = Discovery::run(&client).await?;
        Ok(Self {
            applier: Applier::new(client.clone()),
            client,
            discovery,
        })
    }

    /// Reads discovery again (after CRDs were installed).
    ///
    /// # Errors
    /// The server's error.
    pub async fn refresh(&mut self) -> Result<(), ActionError> {
        self.discovery = Discovery::run(&self.client).await?;
        Ok(())
    }

    /// Helm's `getCapabilities` from the server: its version and `GetVersionSet`.
    pub fn capabilities(&self) -> Capabilities {
        let d = &self.discovery;
        let mut kube_version = rudder_engine::parse_kube_version(&d.git_version)
            .unwrap_or_else(|_| KubeVersion::helm_default());
        kube_version.version.clone_from(&d.git_version);
        kube_version.major.clone_from(&d.major);
        kube_version.minor.clone_from(&d.minor);
        Capabilities {
            kube_version,
            api_versions: d.api_versions(),
            helm_version: Capabilities::default().helm_version,
        }
    }

    /// `KubeClient.Build(manifest)` in `namespace`.
    ///
    /// # Errors
    /// The builder's error (unknown kinds in cli-runtime's words).
    pub fn build(&self, manifest: &str, namespace: &str) -> Result<Vec<Resource>, ActionError> {
        Ok(rudder_kube::resource::build(
            manifest,
            &self.discovery,
            namespace,
        )?)
    }

    /// Helm's `existingResourceConflict` (or `requireAdoption` with `take_ownership`): the
    /// objects that exist already, after checking they belong to this release.
    ///
    /// # Errors
    /// `Kind "x" in namespace "ns" exists and cannot be imported into the current release:
    /// invalid ownership metadata; ...`, or a failed read.
    pub async fn existing(
        &self,
        resources: &[Resource],
        release: &str,
        namespace: &str,
        take_ownership: bool,
    ) -> Result<Vec<Resource>, ActionError> {
        // Helm visits the objects one by one; the reads run concurrently here, their answers
        // are checked in the same order, and the first failure ends the check as in Helm.
        let mut to_read = Vec::new();
        let mut both_names = false;
        for r in resources {
            let generate_name = !r.generate_name().is_empty();
            if r.name.is_empty() && generate_name {
                continue;
            }
            if generate_name {
                both_names = true;
                break;
            }
            to_read.push(r);
        }
        let mut existing = Vec::new();
        self.applier
            .get_until(&to_read, |r, live| {
                let live = live.map_err(|e| {
                    ActionError::msg(format!(
                        "could not get information about the resource {}: {e}",
                        r.describe()
                    ))
                })?;
                let Some(live) = live else { return Ok(()) };
                if !take_ownership && let Err(e) = check_ownership(&live, release, namespace) {
                    return Err(ActionError::msg(format!(
                        "{} exists and cannot be imported into the current release: {e}",
                        r.describe()
                    )));
                }
                existing.push(r.clone());
                Ok(())
            })
            .await?;
        if both_names {
            return Err(ActionError::msg(
                "metadata.name and metadata.generateName cannot both be set",
            ));
        }
        Ok(existing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollback_on_failure_promotes_only_hook_only() {
        for (wait, rollback, expected) in [
            ("hookOnly", true, "watcher"),
            ("hookOnly", false, "hookOnly"),
            ("legacy", true, "legacy"),
            ("watcher", true, "watcher"),
        ] {
            let mut options = DeployOptions {
                wait: wait.to_owned(),
                rollback_on_failure: rollback,
                ..DeployOptions::default()
            };
            options.promote_wait_for_rollback();
            assert_eq!(options.wait, expected, "{wait} {rollback}");
        }
    }

    #[test]
    fn a_context_resolves_once_cancelled_and_the_default_never() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let short = Duration::from_millis(20);
            let never = Cancel::default();
            assert!(
                tokio::time::timeout(short, never.cancelled())
                    .await
                    .is_err()
            );
            let (canceller, cancel) = Cancel::new();
            let copy = cancel.clone();
            assert!(
                tokio::time::timeout(short, cancel.cancelled())
                    .await
                    .is_err()
            );
            canceller.cancel();
            assert!(
                tokio::time::timeout(short, cancel.cancelled())
                    .await
                    .is_ok()
            );
            // Already cancelled: at once, for every copy, even after the canceller is gone.
            drop(canceller);
            assert!(tokio::time::timeout(short, copy.cancelled()).await.is_ok());
            // A canceller dropped without cancelling means never.
            let (canceller, cancel) = Cancel::new();
            drop(canceller);
            assert!(
                tokio::time::timeout(short, cancel.cancelled())
                    .await
                    .is_err()
            );
        });
    }
}
