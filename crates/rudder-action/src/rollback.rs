//! `action.Rollback` (`pkg/action/rollback.go`): a new revision copying the target revision's
//! chart, values, manifest, hooks and labels, applied over the current revision's objects
//! (objects only in the current revision are deleted), then every deployed revision
//! `superseded` and the new one `deployed` ("Rollback to N"). No re-render.

use rudder_release::{Release, Status};

use crate::ActionError;
use crate::config::Configuration;
use crate::deploy::{Cluster, DeployOptions};
use crate::hooks::Hooks;
use crate::install::{Level, Record};
use crate::record;
use crate::upgrade::server_side_value;

/// The options of `helm rollback`.
#[derive(Debug, Clone)]
pub struct Rollback {
    /// The revision to roll back to (0: the previous one).
    pub version: i64,
    /// `--server-side`: `auto` (the target revision's method), `true` or `false`.
    pub server_side: String,
    /// `--no-hooks`, `--wait`, `--force-conflicts`... (`server_side` there is ignored).
    pub deploy: DeployOptions,
    /// `--dry-run`.
    pub dry_run: bool,
    /// `--cleanup-on-fail`.
    pub cleanup_on_fail: bool,
    /// `--history-max`.
    pub max_history: i64,
    /// `--force-replace`.
    pub force_replace: bool,
}

impl Default for Rollback {
    fn default() -> Self {
        Self {
            version: 0,
            server_side: "auto".to_owned(),
            deploy: DeployOptions::default(),
            dry_run: false,
            cleanup_on_fail: false,
            max_history: 10,
            force_replace: false,
        }
    }
}

impl Rollback {
    /// `Rollback.Run`.
    ///
    /// # Errors
    /// Helm's texts (without the command line's `ROLLBACK FAILED: `... Helm prints them bare).
    pub async fn run(
        &self,
        cfg: &Configuration,
        name: &str,
        log: &mut Vec<Record>,
    ) -> Result<Release, ActionError> {
        cfg.is_reachable().await?;
        let mut storage = cfg.storage.clone();
        storage.max_history = self.max_history;
        if crate::install::validate_release_name(name).is_err() {
            return Err(ActionError::msg(format!(
                "prepareRollback: Release name is invalid: {name}"
            )));
        }
        if self.version < 0 {
            return Err(ActionError::msg("invalid release revision number"));
        }
        let current = storage.last(name).await?;
        let previous_version = if self.version == 0 {
            current.version - 1
        } else {
            self.version
        };
        let history = storage.history(name).await?;
        if !history.iter().any(|r| r.version == previous_version) {
            return Err(ActionError::msg(format!(
                "release has no {previous_version} version"
            )));
        }
        let previous = storage.get(name, previous_version).await?;
        let server_side = server_side_value(&self.server_side, &previous.apply_method)?;
        let mut target = previous.clone();
        target.namespace.clone_from(&current.namespace);
        target.version = current.version + 1;
        if server_side { "ssa" } else { "csa" }.clone_into(&mut target.apply_method);
        let info = target.info.get_or_insert_with(Default::default);
        info.first_deployed = current
            .info
            .as_ref()
            .map(|i| i.first_deployed.clone())
            .unwrap_or_default();
        info.last_deployed = rudder_release::gotime::Time::now();
        info.deleted = rudder_release::gotime::Time::ZERO;
        info.status = Status::PendingRollback;
        info.description = format!("Rollback to {previous_version}");
        info.resources = None;
        if self.dry_run {
            return Ok(target);
        }
        let mut deploy = self.deploy.clone();
        deploy.server_side = server_side;
        let cluster = Cluster::connect(cfg).await?;
        storage.create(&target).await?;
        let originals = cluster
            .build(&current.manifest, &current.namespace)
            .map_err(|e| {
                ActionError::msg(format!(
                    "unable to build kubernetes objects from current release manifest: {e}"
                ))
            })?;
        let mut targets = cluster
            .build(&target.manifest, &target.namespace)
            .map_err(|e| {
                ActionError::msg(format!(
                    "unable to build kubernetes objects from new release manifest: {e}"
                ))
            })?;
        let hooks = Hooks {
            cluster: &cluster,
            storage: &storage,
            timeout: deploy.timeout,
            strategy: deploy.wait_strategy(),
            server_side,
        };
        if deploy.no_hooks {
            log.push(Record::slog(
                Level::Debug,
                "rollback hooks disabled",
                &[("name", target.name.clone())],
            ));
        } else {
            hooks.exec(&mut target, "pre-rollback", log).await?;
        }
        for t in &mut targets {
            t.set_release_metadata(name, &target.namespace);
        }
        let options = rudder_kube::ApplyOptions {
            server_side,
            force_conflicts: deploy.force_conflicts,
        };
        // Rollback always asks for the client-side field manager upgrade (a no-op unless
        // server-side and the objects carry helm's client-side entries).
        let extras = rudder_kube::apply::UpdateExtras {
            force_replace: self.force_replace,
            upgrade_client_side_field_manager: true,
            three_way_merge_for_unstructured: false,
        };
        let (result, applied) = cluster
            .applier
            .update_with(&originals, &targets, options, extras)
            .await;
        if let Err(e) = applied {
            let message = format!("Rollback {} failed: {e}", record::quote(name));
            log.push(crate::install::warn_record(&message, &[]));
            let mut current = current;
            if let Some(info) = current.info.as_mut() {
                info.status = Status::Superseded;
            }
            record::set_status(&mut target, Status::Failed, &message);
            let _ = storage.update(&current).await;
            let _ = storage.update(&target).await;
            if self.cleanup_on_fail && !result.created.is_empty() {
                let (_, errors) = cluster
                    .applier
                    .delete(&result.created, rudder_kube::Propagation::Background)
                    .await;
                if !errors.is_empty() {
                    let joined: Vec<String> = errors.iter().map(ToString::to_string).collect();
                    return Err(ActionError::msg(format!(
                        "an error occurred while cleaning up resources. original rollback error: unable to cleanup resources: {}",
                        joined.join(", ")
                    )));
                }
            }
            return Err(e.into());
        }
        if let Err(e) = deploy.wait_ready(&cluster, &targets).await {
            record::set_status(
                &mut target,
                Status::Failed,
                &format!("Release {} failed: {e}", record::quote(name)),
            );
            let _ = storage.update(&current).await;
            let _ = storage.update(&target).await;
            return Err(ActionError::msg(format!("release {name} failed: {e}")));
        }
        if !deploy.no_hooks {
            hooks.exec(&mut target, "post-rollback", log).await?;
        }
        match storage.deployed_all(name).await {
            Ok(deployed) => {
                for mut rel in deployed {
                    if let Some(info) = rel.info.as_mut() {
                        info.status = Status::Superseded;
                    }
                    let _ = storage.update(&rel).await;
                }
            }
            Err(rudder_release::Error::NoDeployedReleases { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        if let Some(info) = target.info.as_mut() {
            info.status = Status::Deployed;
        }
        storage.update(&target).await?;
        Ok(target)
    }
}
