//! `action.ReleaseTesting` (`pkg/action/release_testing.go`): the `test` hooks of a release's
//! newest revision run as other hooks (with the watcher strategy, so deletions are waited
//! for), filtered by name (`--filter name=x`, `--filter '!name=x'`), the record updated with
//! their last runs; deletions by policy come afterwards ([`TestRun::finish`]), after the
//! command has printed the status and, with `--logs`, the test Pods' logs ([`pod_logs`]).

use std::fmt::Write as _;
use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, LogParams};
use rudder_kube::wait::WaitStrategy;
use rudder_release::{Hook, Release};

use crate::ActionError;
use crate::config::Configuration;
use crate::deploy::Cluster;
use crate::hooks::{Hooks, Shutdown};
use crate::install::Record;

/// The options of `helm test`.
#[derive(Debug, Clone)]
pub struct ReleaseTesting {
    /// `--timeout`.
    pub timeout: Duration,
    /// `--filter name=X`: only these hooks.
    pub include: Vec<String>,
    /// `--filter '!name=X'`: not these hooks.
    pub exclude: Vec<String>,
}

impl Default for ReleaseTesting {
    fn default() -> Self {
        Self {
            timeout: Duration::from_mins(5),
            include: Vec::new(),
            exclude: Vec::new(),
        }
    }
}

/// A test run: the release as recorded after it (when there is one), the run's error, and
/// what is left to do.
#[derive(Debug)]
pub struct TestRun {
    /// The release (`None` when it could not be read: then only the error is printed).
    pub release: Option<Release>,
    /// The tests' error (Helm prints the status first, then returns it).
    pub error: Option<ActionError>,
    shutdown: Option<(Cluster, Shutdown)>,
}

impl ReleaseTesting {
    /// Splits `--filter` values as Helm's command does: `name=X` includes, `!name=X` or
    /// `! name=X` excludes, anything else is ignored.
    pub fn add_filter(&mut self, filter: &str) {
        if let Some(name) = filter.strip_prefix("name=") {
            self.include.push(name.to_owned());
        } else if let Some(rest) = filter.strip_prefix('!') {
            // RE2's `\s`: ASCII space, tab, newline, form feed, carriage return.
            let rest = rest
                .strip_prefix(|c: char| matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r'))
                .unwrap_or(rest);
            if let Some(name) = rest.strip_prefix("name=") {
                self.exclude.push(name.to_owned());
            }
        }
    }

    /// `ReleaseTesting.Run`.
    ///
    /// # Errors
    /// Only what stops Helm before it has a release to print: the cluster unreachable, an
    /// invalid name, a release that cannot be read. The tests' own failure is in
    /// [`TestRun::error`].
    pub async fn run(
        &self,
        cfg: &Configuration,
        name: &str,
        log: &mut Vec<Record>,
    ) -> Result<TestRun, ActionError> {
        cfg.is_reachable().await?;
        if crate::install::validate_release_name(name).is_err() {
            return Err(ActionError::msg(format!(
                "releaseTest: Release name is invalid: {name}"
            )));
        }
        let mut rel = cfg.storage.last(name).await?;
        let cluster = Cluster::connect(cfg).await?;
        let mut skipped: Vec<Hook> = Vec::new();
        if !self.exclude.is_empty() {
            let (out, keep): (Vec<Hook>, Vec<Hook>) = std::mem::take(&mut rel.hooks)
                .into_iter()
                .partition(|h| self.exclude.contains(&h.name));
            skipped.extend(out);
            rel.hooks = keep;
        }
        if !self.include.is_empty() {
            let (keep, out): (Vec<Hook>, Vec<Hook>) = std::mem::take(&mut rel.hooks)
                .into_iter()
                .partition(|h| self.include.contains(&h.name));
            skipped.extend(out);
            rel.hooks = keep;
        }
        let hooks = Hooks {
            cluster: &cluster,
            storage: &cfg.storage,
            timeout: self.timeout,
            strategy: WaitStrategy::Watcher,
            server_side: rel.apply_method == "ssa",
        };
        let (shutdown, result) = hooks.exec_delayed(&mut rel, "test", log).await;
        skipped.append(&mut rel.hooks);
        rel.hooks = skipped;
        let updated = cfg.storage.update(&rel).await;
        let error = match result {
            Err(e) => Some(e),
            Ok(()) => updated.err().map(ActionError::from),
        };
        Ok(TestRun {
            release: Some(rel),
            error,
            shutdown: Some((cluster, shutdown)),
        })
    }
}

impl TestRun {
    /// Runs the deferred shutdown (deletions by policy).
    ///
    /// # Errors
    /// The shutdown's error.
    pub async fn finish(
        &mut self,
        cfg: &Configuration,
        timeout: Duration,
        log: &mut Vec<Record>,
    ) -> Result<(), ActionError> {
        let Some((cluster, shutdown)) = self.shutdown.take() else {
            return Ok(());
        };
        let namespace = self
            .release
            .as_ref()
            .map(|r| r.namespace.clone())
            .unwrap_or_default();
        let hooks = Hooks {
            cluster: &cluster,
            storage: &cfg.storage,
            timeout,
            strategy: WaitStrategy::Watcher,
            server_side: true,
        };
        hooks.shutdown(shutdown, &namespace, log).await
    }
}

/// `GetPodLogs`: for each `test` hook (by weight, filtered), every init and regular
/// container's log as `POD LOGS: pod (container)` then the log and a newline, appended to
/// `out`; a Pod that cannot be read stops it, a log that cannot be read is skipped and its
/// error joined with the others.
///
/// # Errors
/// `unable to get pod X: ...`, or the joined `unable to get logs for pod X, container Y: ...`.
pub async fn pod_logs(
    cfg: &Configuration,
    testing: &ReleaseTesting,
    rel: &Release,
    namespace: &str,
    out: &mut String,
) -> Result<(), ActionError> {
    let client = cfg
        .kube
        .as_ref()
        .ok_or_else(|| ActionError::msg("kubernetes cluster unreachable"))?;
    let api: Api<Pod> = Api::namespaced(client.client().clone(), namespace);
    let mut hooks: Vec<&Hook> = rel.hooks.iter().collect();
    hooks.sort_by(|x, y| x.weight.cmp(&y.weight).then_with(|| x.name.cmp(&y.name)));
    for h in hooks {
        for e in &h.events {
            if e != "test"
                || testing.exclude.contains(&h.name)
                || (!testing.include.is_empty() && !testing.include.contains(&h.name))
            {
                continue;
            }
            container_logs(&api, namespace, &h.name, out).await?;
        }
    }
    Ok(())
}

async fn container_logs(
    api: &Api<Pod>,
    namespace: &str,
    pod_name: &str,
    out: &mut String,
) -> Result<(), ActionError> {
    let url = format!("/api/v1/namespaces/{namespace}/pods/{pod_name}");
    let pod = api.get(pod_name).await.map_err(|e| {
        ActionError::msg(format!(
            "unable to get pod {pod_name}: {}",
            rudder_kube::Error::from_kube(e, "GET", &url)
        ))
    })?;
    let spec = pod.spec.unwrap_or_default();
    let containers = spec
        .init_containers
        .unwrap_or_default()
        .into_iter()
        .chain(spec.containers);
    let mut errors = Vec::new();
    for c in containers {
        let params = LogParams {
            container: Some(c.name.clone()),
            ..LogParams::default()
        };
        match api.logs(pod_name, &params).await {
            Ok(text) => {
                let _ = writeln!(out, "POD LOGS: {pod_name} ({})", c.name);
                out.push_str(&text);
                out.push('\n');
            }
            Err(e) => errors.push(format!(
                "unable to get logs for pod {pod_name}, container {}: {}",
                c.name,
                rudder_kube::Error::from_kube(e, "GET", &format!("{url}/log"))
            )),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ActionError::msg(errors.join("\n")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_as_helm_splits_them() {
        let mut t = ReleaseTesting::default();
        for f in [
            "name=a",
            "!name=b",
            "! name=c",
            "!  name=d",
            "label=x",
            "name=",
            "!x",
        ] {
            t.add_filter(f);
        }
        assert_eq!(t.include, ["a", ""]);
        assert_eq!(t.exclude, ["b", "c"]);
    }
}
