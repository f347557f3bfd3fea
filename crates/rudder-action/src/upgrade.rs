//! `action.Upgrade` (`pkg/action/upgrade.go`): the last and current revisions, values reuse,
//! a render as revision N+1, the ownership checks of new objects, then `pending-upgrade`,
//! server-side apply of every object, deletion of the objects dropped since the current
//! revision, and the records: the current one `superseded`, the new one `deployed`.

use std::collections::BTreeMap;

use rudder_chart::chart::Chart;
use rudder_release::{Release, Status};
use rudder_value::Map;

use crate::ActionError;
use crate::config::Configuration;
use crate::deploy::Cluster;
use crate::hooks::Hooks;
use crate::install::{DryRun, Install, Record};
use crate::record;

/// `errPending`.
pub const ERR_PENDING: &str = "another operation (install/upgrade/rollback) is in progress";

/// The options of `helm upgrade` (the render and deploy ones live in [`Install`]).
#[derive(Debug, Clone)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "Helm's upgrade options are independent command-line switches"
)]
pub struct Upgrade {
    /// Rendering and deploy options (`is_upgrade` is set by [`Upgrade::run`]).
    pub install: Install,
    /// `--server-side`: `auto` (the last revision's method), `true` or `false`.
    pub server_side: String,
    /// `--reset-values`.
    pub reset_values: bool,
    /// `--reuse-values`.
    pub reuse_values: bool,
    /// `--reset-then-reuse-values`.
    pub reset_then_reuse_values: bool,
    /// `--history-max` (0: no limit).
    pub max_history: i64,
    /// `--cleanup-on-fail`.
    pub cleanup_on_fail: bool,
}

impl Default for Upgrade {
    fn default() -> Self {
        Self {
            install: Install {
                dry_run: DryRun::None,
                ..Install::default()
            },
            server_side: "auto".to_owned(),
            reset_values: false,
            reuse_values: false,
            reset_then_reuse_values: false,
            max_history: 10,
            cleanup_on_fail: false,
        }
    }
}

/// `getUpgradeServerSideValue`.
///
/// # Errors
/// `invalid/unknown release server-side apply method: X`.
pub fn server_side_value(option: &str, apply_method: &str) -> Result<bool, ActionError> {
    match option {
        "auto" => Ok(apply_method == "ssa"),
        "false" => Ok(false),
        "true" => Ok(true),
        other => Err(ActionError::msg(format!(
            "invalid/unknown release server-side apply method: {other}"
        ))),
    }
}

/// `mergeCustomLabels`: the new labels over the old; a value `null` removes the label.
pub fn merge_labels(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut out = old.clone();
    for (k, v) in new {
        if v == "null" {
            out.remove(k);
        } else {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

fn config_map(rel: &Release) -> Result<Map, ActionError> {
    match &rel.config {
        Some(c) => c.to_map().map_err(|e| ActionError::msg(e.to_string())),
        None => Ok(Map::new()),
    }
}

impl Upgrade {
    /// `reuseValues`: the values to render with (and, with `--reuse-values`, the chart's
    /// defaults replaced by the current revision's computed values).
    fn reuse_values(
        &self,
        chart: &mut Chart,
        current: &Release,
        new_vals: &Map,
    ) -> Result<Map, ActionError> {
        if self.reset_values {
            return Ok(new_vals.clone());
        }
        let current_config = config_map(current)?;
        let mut warnings = Vec::new();
        if self.reuse_values {
            let mut stored = Chart::new(rudder_chart::chart::Metadata::default());
            if let Some(c) = &current.chart {
                stored.values = c
                    .values
                    .to_map()
                    .map_err(|e| ActionError::msg(e.to_string()))?;
            }
            let old =
                rudder_chart::values::coalesce_values(&stored, &current_config, &mut warnings)
                    .map_err(|e| ActionError::msg(format!("failed to rebuild old values: {e}")))?;
            let merged =
                rudder_chart::values::coalesce_tables(new_vals, &current_config, &mut warnings);
            chart.values = old;
            return Ok(merged);
        }
        if self.reset_then_reuse_values {
            return Ok(rudder_chart::values::coalesce_tables(
                new_vals,
                &current_config,
                &mut warnings,
            ));
        }
        if new_vals.is_empty() && !current_config.is_empty() {
            return Ok(current_config);
        }
        Ok(new_vals.clone())
    }

    /// `Upgrade.RunWithContext`.
    ///
    /// # Errors
    /// Helm's texts (without the command line's `UPGRADE FAILED: `).
    #[expect(
        clippy::too_many_lines,
        reason = "one sequence, as Helm's prepare/perform pair"
    )]
    pub async fn run(
        &self,
        cfg: &Configuration,
        name: &str,
        mut chart: Chart,
        vals: &Map,
        log: &mut Vec<Record>,
    ) -> Result<Release, ActionError> {
        cfg.is_reachable().await?;
        let install = &self.install;
        let opts = &install.deploy;
        let dry_run = install.dry_run != DryRun::None;
        if crate::install::validate_release_name(name).is_err() {
            return Err(ActionError::msg(format!("release name is invalid: {name}")));
        }
        if !dry_run && install.hide_secret {
            return Err(ActionError::msg(
                "hiding Kubernetes secrets requires a dry-run mode",
            ));
        }
        let last = match cfg.storage.last(name).await {
            Ok(r) => r,
            Err(rudder_release::Error::NotFound) => {
                return Err(rudder_release::Error::NoDeployedReleases {
                    name: name.to_owned(),
                }
                .into());
            }
            Err(e) => return Err(e.into()),
        };
        if last.status().is_pending() {
            return Err(ActionError::msg(ERR_PENDING));
        }
        let current = if last.status() == Status::Deployed {
            last.clone()
        } else {
            match cfg.storage.deployed(name).await {
                Ok(r) => r,
                Err(rudder_release::Error::NoDeployedReleases { .. })
                    if matches!(last.status(), Status::Failed | Status::Superseded) =>
                {
                    last.clone()
                }
                Err(e) => return Err(e.into()),
            }
        };
        let vals = self.reuse_values(&mut chart, &current, vals)?;
        let revision = last.version + 1;
        let server_side = server_side_value(&self.server_side, &last.apply_method)?;
        let mut render = install.clone();
        render.release_name = name.to_owned();
        render.namespace.clone_from(&current.namespace);
        render.is_upgrade = true;
        render.deploy.revision = revision;
        render.deploy.server_side = server_side;
        render.deploy.promote_wait_for_rollback();
        let cluster = Cluster::connect(cfg).await?;
        let capabilities = cluster.capabilities();
        let rendered = render
            .render_with_lookup(
                (install.dry_run != DryRun::Client).then(|| cluster.client.client().clone()),
                chart,
                &vals,
                &capabilities,
                log,
            )
            .await
            .map_err(|f| ActionError::msg(f.error.to_string()))?;
        let hooks = record::hooks(&rendered.hooks);
        let chart = rendered
            .chart
            .as_ref()
            .ok_or_else(|| ActionError::msg("no chart"))?;
        let first_deployed = current
            .info
            .as_ref()
            .map(|i| i.first_deployed.clone())
            .unwrap_or_default();
        let mut upgraded = record::new_release(
            name,
            &current.namespace,
            chart,
            &vals,
            revision,
            &merge_labels(&last.labels, &install.labels),
            if server_side { "ssa" } else { "csa" },
            &rudder_release::gotime::Time::now(),
        )?;
        if let Some(info) = upgraded.info.as_mut() {
            info.first_deployed = first_deployed;
            info.notes.clone_from(&rendered.notes);
        }
        record::set_status(&mut upgraded, Status::PendingUpgrade, "Preparing upgrade");
        upgraded.manifest.clone_from(&rendered.manifest);
        upgraded.hooks = hooks;
        // validateManifest
        cluster.build(&upgraded.manifest, &upgraded.namespace)?;

        let mut originals = cluster.build(&current.manifest, &current.namespace).map_err(|e| {
            let text = e.to_string();
            if text.contains("no matches for kind") {
                ActionError::msg(format!("current release manifest contains removed kubernetes api(s) for this kubernetes version and it is therefore unable to build the kubernetes objects for performing the diff. error from kubernetes: {text}"))
            } else {
                ActionError::msg(format!(
                    "unable to build kubernetes objects from current release manifest: {text}"
                ))
            }
        })?;
        let mut targets = cluster
            .build(&upgraded.manifest, &upgraded.namespace)
            .map_err(|e| {
                ActionError::msg(format!(
                    "unable to build kubernetes objects from new release manifest: {e}"
                ))
            })?;
        for t in &mut targets {
            t.set_release_metadata(name, &upgraded.namespace);
        }
        let key = |r: &rudder_kube::Resource| {
            format!(
                "{}/{}/{}/{}",
                r.resource_type.api_version(),
                r.kind(),
                r.namespace,
                r.name
            )
        };
        let existing: std::collections::HashSet<String> = originals.iter().map(key).collect();
        let to_create: Vec<_> = targets
            .iter()
            .filter(|t| !existing.contains(&key(t)))
            .cloned()
            .collect();
        let adopted = cluster
            .existing(&to_create, name, &upgraded.namespace, opts.take_ownership)
            .await
            .map_err(|e| ActionError::msg(format!("unable to continue with update: {e}")))?;
        originals.extend(adopted);
        if dry_run {
            let description = if opts.description.is_empty() {
                "Dry run complete"
            } else {
                opts.description.as_str()
            };
            record::set_status(&mut upgraded, Status::PendingUpgrade, description);
            return Ok(upgraded);
        }
        let mut storage = cfg.storage.clone();
        storage.max_history = self.max_history;
        storage.create(&upgraded).await?;
        let options = rudder_kube::ApplyOptions {
            server_side,
            force_conflicts: opts.force_conflicts,
        };
        let hooks = Hooks {
            cluster: &cluster,
            storage: &storage,
            timeout: opts.timeout,
            strategy: render.deploy.wait_strategy(),
            server_side,
        };
        // releasingUpgrade: on failure, the objects it created (for --cleanup-on-fail) and the
        // error's text.
        let releasing = async {
            if opts.no_hooks {
                log.push(Record::slog(
                    crate::install::Level::Debug,
                    "upgrade hooks disabled",
                    &[("name", upgraded.name.clone())],
                ));
            } else if let Err(e) = hooks.exec(&mut upgraded, "pre-upgrade", log).await {
                return Err((Vec::new(), format!("pre-upgrade hooks failed: {e}")));
            }
            // Helm passes ClientUpdateOptionUpgradeClientSideFieldManager when the release
            // moves from client-side (recorded "csa" or nothing) to server-side apply.
            let extras = rudder_kube::apply::UpdateExtras {
                force_replace: opts.force_replace,
                upgrade_client_side_field_manager: server_side
                    && (last.apply_method.is_empty() || last.apply_method == "csa"),
                three_way_merge_for_unstructured: false,
            };
            let (result, applied) = cluster
                .applier
                .update_with(&originals, &targets, options, extras)
                .await;
            if let Err(e) = applied {
                let _ = storage.update(&current).await;
                return Err((result.created, e.to_string()));
            }
            if let Err(e) = render.deploy.wait_ready(&cluster, &targets).await {
                let _ = storage.update(&current).await;
                return Err((result.created, e.to_string()));
            }
            if !opts.no_hooks
                && let Err(e) = hooks.exec(&mut upgraded, "post-upgrade", log).await
            {
                return Err((result.created, format!("post-upgrade hooks failed: {e}")));
            }
            Ok(())
        };
        // handleContext: a cancelled context fails the upgrade at once (nothing created is
        // cleaned up); Helm leaves the work in flight running, rudder stops it.
        let released = tokio::select! {
            biased;
            () = opts.cancel.cancelled() => {
                Err((Vec::new(), crate::deploy::CONTEXT_CANCELED.to_owned()))
            }
            r = releasing => r,
        };
        if let Err((created, text)) = released {
            return Err(self
                .fail(cfg, &storage, &cluster, &mut upgraded, &created, &text, log)
                .await);
        }
        let mut superseded = current;
        if let Some(info) = superseded.info.as_mut() {
            info.status = Status::Superseded;
        }
        let _ = storage.update(&superseded).await;
        let description = if opts.description.is_empty() {
            "Upgrade complete"
        } else {
            opts.description.as_str()
        };
        record::set_status(&mut upgraded, Status::Deployed, description);
        storage.update(&upgraded).await?;
        Ok(upgraded)
    }

    /// `failRelease`: the new revision `failed`; with `--cleanup-on-fail` the objects this
    /// upgrade created are deleted; with `--rollback-on-failure` the release is rolled back to
    /// its newest `superseded` or `deployed` revision (same wait, hooks, timeout and apply
    /// options).
    #[expect(
        clippy::too_many_arguments,
        reason = "Helm's failRelease reads the whole upgrade; these are its parts"
    )]
    async fn fail(
        &self,
        cfg: &Configuration,
        storage: &rudder_release::Storage,
        cluster: &Cluster,
        upgraded: &mut Release,
        created: &[rudder_kube::Resource],
        error: &str,
        log: &mut Vec<Record>,
    ) -> ActionError {
        log.push(crate::install::warn_record(
            "upgrade failed",
            &[("name", upgraded.name.clone()), ("error", error.to_owned())],
        ));
        let message = format!("Upgrade {} failed: {error}", record::quote(&upgraded.name));
        record::set_status(upgraded, Status::Failed, &message);
        let _ = storage.update(upgraded).await;
        if self.cleanup_on_fail && !created.is_empty() {
            log.push(Record::slog(
                crate::install::Level::Debug,
                "cleanup on fail set",
                &[("cleaning_resources", created.len().to_string())],
            ));
            let (_, errors) = cluster
                .applier
                .delete(created, rudder_kube::Propagation::Background)
                .await;
            if !errors.is_empty() {
                let joined: Vec<String> = errors.iter().map(ToString::to_string).collect();
                return ActionError::msg(format!(
                    "an error occurred while cleaning up resources. original upgrade error: {error}: unable to cleanup resources: {}",
                    joined.join(", ")
                ));
            }
            log.push(Record::slog(
                crate::install::Level::Debug,
                "resource cleanup complete",
                &[],
            ));
        }
        let opts = &self.install.deploy;
        if !opts.rollback_on_failure {
            return ActionError::msg(error.to_owned());
        }
        log.push(Record::slog(
            crate::install::Level::Debug,
            "Upgrade failed and rollback-on-failure is set, rolling back to previous successful release",
            &[],
        ));
        let name = upgraded.name.clone();
        let history = match storage.history(&name).await {
            Ok(h) => h,
            Err(e) => {
                return ActionError::msg(format!(
                    "an error occurred while finding last successful release. original upgrade error: {error}: {e}"
                ));
            }
        };
        // "generally failed releases do not get superseded unless the next release is
        // successful" (upgrade.go): the newest superseded or deployed revision.
        let Some(version) = history
            .iter()
            .filter(|r| matches!(r.status(), Status::Superseded | Status::Deployed))
            .map(|r| r.version)
            .max()
        else {
            return ActionError::msg(format!(
                "unable to find a previously successful release when attempting to rollback. original upgrade error: {error}"
            ));
        };
        let mut deploy = opts.clone();
        deploy.promote_wait_for_rollback();
        // NewRollback: no --history-max (the shared storage's limit becomes 0), no
        // --cleanup-on-fail, the upgrade's --server-side value resolved against the target.
        let rollback = crate::rollback::Rollback {
            version,
            server_side: self.server_side.clone(),
            deploy,
            dry_run: false,
            cleanup_on_fail: false,
            max_history: 0,
            force_replace: opts.force_replace,
        };
        // Boxed: a rollback inside every upgrade future would make it very large.
        match Box::pin(rollback.run(cfg, &name, log)).await {
            Ok(_) => ActionError::msg(format!(
                "release {name} failed, and has been rolled back due to rollback-on-failure being set: {error}"
            )),
            Err(e) => ActionError::msg(format!(
                "an error occurred while rolling back the release. original upgrade error: {error}: {e}"
            )),
        }
    }
}
