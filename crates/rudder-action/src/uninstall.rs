//! `action.Uninstall` (`pkg/action/uninstall.go`): the newest revision marked `uninstalling`,
//! its objects deleted in Helm's uninstall kind order (those annotated
//! `helm.sh/resource-policy: keep` kept and listed), then the record `uninstalled` and kept
//! (`--keep-history`) or every revision purged.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rudder_engine::manifest::{UNINSTALL_ORDER, sort_manifests, split_manifests};
use rudder_kube::Propagation;
use rudder_release::{Release, Status};

use crate::ActionError;
use crate::config::Configuration;
use crate::deploy::Cluster;
use crate::hooks::Hooks;
use crate::install::Record;
use crate::record;
use rudder_kube::wait::{ResourceRef, WaitOptions};

/// The options of `helm uninstall`.
#[derive(Debug, Clone)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "Helm's uninstall options are independent command-line switches"
)]
pub struct Uninstall {
    /// `--dry-run`.
    pub dry_run: bool,
    /// `--no-hooks`.
    pub no_hooks: bool,
    /// `--ignore-not-found`.
    pub ignore_not_found: bool,
    /// `--keep-history`.
    pub keep_history: bool,
    /// `--cascade`.
    pub propagation: Propagation,
    /// `--description`.
    pub description: String,
    /// `--wait` (`hookOnly` waits for nothing).
    pub wait: String,
    /// `--timeout`, for each hook.
    pub timeout: std::time::Duration,
}

impl Default for Uninstall {
    fn default() -> Self {
        Self {
            dry_run: false,
            no_hooks: false,
            ignore_not_found: false,
            keep_history: false,
            propagation: Propagation::Background,
            description: String::new(),
            wait: "hookOnly".to_owned(),
            timeout: std::time::Duration::from_mins(5),
        }
    }
}

/// What an uninstall did.
#[derive(Debug, Default)]
pub struct Response {
    /// The release (`None` when not found and `--ignore-not-found`).
    pub release: Option<Release>,
    /// `These resources were kept due to the resource policy:\n[Kind] name\n...`, or empty.
    pub info: String,
}

impl Uninstall {
    /// `Uninstall.Run`.
    ///
    /// # Errors
    /// Helm's texts.
    pub async fn run(
        &self,
        cfg: &Configuration,
        name: &str,
        log: &mut Vec<Record>,
    ) -> Result<Response, ActionError> {
        cfg.is_reachable().await?;
        if self.dry_run {
            return match crate::status::release_content(cfg, name, 0).await {
                Ok(rel) => Ok(Response {
                    release: Some(rel),
                    info: String::new(),
                }),
                Err(ActionError::Storage(rudder_release::Error::NotFound))
                    if self.ignore_not_found =>
                {
                    Ok(Response::default())
                }
                Err(e) => Err(e),
            };
        }
        if crate::install::validate_release_name(name).is_err() {
            return Err(ActionError::msg(format!(
                "uninstall: Release name is invalid: {name}"
            )));
        }
        let mut releases = match cfg.storage.history(name).await {
            Ok(r) => r,
            Err(_) if self.ignore_not_found => return Ok(Response::default()),
            Err(e) => {
                return Err(ActionError::msg(format!(
                    "uninstall: Release not loaded: {name}: {e}"
                )));
            }
        };
        if releases.is_empty() {
            return Err(ActionError::msg("no release provided"));
        }
        releases.sort_by_key(|r| r.version);
        let mut rel = releases.last().cloned().unwrap_or_default();
        if rel.status() == Status::Uninstalled {
            if !self.keep_history {
                self.purge(cfg, &releases).await.map_err(|e| {
                    ActionError::msg(format!("uninstall: Failed to purge the release: {e}"))
                })?;
                return Ok(Response {
                    release: Some(rel),
                    info: String::new(),
                });
            }
            return Err(ActionError::msg(format!(
                "the release named {} is already deleted",
                record::quote(name)
            )));
        }
        let cluster = Cluster::connect(cfg).await?;
        {
            let info = rel.info.get_or_insert_with(Default::default);
            info.status = Status::Uninstalling;
            info.deleted = rudder_release::gotime::Time::now();
            "Deletion in progress (or silently failed)".clone_into(&mut info.description);
        }
        // Helm runs delete hooks with server-side apply whatever the release used.
        let hooks = Hooks {
            cluster: &cluster,
            storage: &cfg.storage,
            timeout: self.timeout,
            strategy: crate::deploy::wait_strategy(&self.wait),
            server_side: true,
        };
        if !self.no_hooks {
            hooks.exec(&mut rel, "pre-delete", log).await?;
        }
        let _ = cfg.storage.update(&rel).await;
        let (deleted, kept, errors) = delete_release(&cluster, &rel, self.propagation).await;
        if !errors.is_empty() {
            return Err(ActionError::msg(format!(
                "failed to delete release: {name}"
            )));
        }
        let mut errs = Vec::new();
        let refs: Vec<ResourceRef> = deleted.iter().map(crate::hooks::resource_ref).collect();
        let waiting = WaitOptions::new(crate::deploy::wait_strategy(&self.wait), self.timeout);
        if let Err(e) =
            rudder_kube::wait::wait_deleted(cluster.client.client(), &refs, &waiting).await
        {
            errs.push(e.to_string());
        }
        if !self.no_hooks
            && let Err(e) = hooks.exec(&mut rel, "post-delete", log).await
        {
            errs.push(e.to_string());
        }
        let info = if kept.is_empty() {
            String::new()
        } else {
            format!("These resources were kept due to the resource policy:\n{kept}")
        };
        let description = if self.description.is_empty() {
            "Uninstallation complete"
        } else {
            self.description.as_str()
        };
        record::set_status(&mut rel, Status::Uninstalled, description);
        if !self.keep_history {
            if let Err(e) = self.purge(cfg, &releases).await {
                errs.push(format!("uninstall: Failed to purge the release: {e}"));
            }
            if !errs.is_empty() {
                return Err(completed_with(&errs));
            }
            return Ok(Response {
                release: Some(rel),
                info,
            });
        }
        let _ = cfg.storage.update(&rel).await;
        match cfg.storage.deployed_all(name).await {
            Ok(deployed) => {
                for mut r in deployed {
                    if let Some(i) = r.info.as_mut() {
                        i.status = Status::Superseded;
                    }
                    let _ = cfg.storage.update(&r).await;
                }
            }
            Err(rudder_release::Error::NoDeployedReleases { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        if !errs.is_empty() {
            return Err(completed_with(&errs));
        }
        Ok(Response {
            release: Some(rel),
            info,
        })
    }

    async fn purge(&self, cfg: &Configuration, releases: &[Release]) -> Result<(), ActionError> {
        for r in releases {
            cfg.storage.delete(&r.name, r.version).await?;
        }
        Ok(())
    }
}

/// `uninstallation completed with N error(s): a; b`.
fn completed_with(errs: &[String]) -> ActionError {
    ActionError::msg(format!(
        "uninstallation completed with {} error(s): {}",
        errs.len(),
        errs.join("; ")
    ))
}

/// `deleteRelease`: the manifest split (`manifest-N` keys, sorted as strings) and sorted in
/// uninstall order; documents annotated `helm.sh/resource-policy: keep` listed as kept, those
/// with another policy value neither kept nor deleted (Helm's quirk), the rest deleted.
async fn delete_release(
    cluster: &Cluster,
    rel: &Release,
    propagation: Propagation,
) -> (Vec<rudder_kube::Resource>, String, Vec<ActionError>) {
    let files: BTreeMap<String, String> = split_manifests(&rel.manifest)
        .into_iter()
        .enumerate()
        .map(|(i, doc)| (format!("manifest-{i}"), doc))
        .collect();
    let manifests = match sort_manifests(&files, UNINSTALL_ORDER) {
        Ok((_, manifests)) => manifests,
        Err(e) => {
            return (
                Vec::new(),
                rel.manifest.clone(),
                vec![ActionError::msg(format!(
                    "corrupted release record. You must manually delete the resources: {e}"
                ))],
            );
        }
    };
    let mut kept = String::new();
    let mut delete = String::new();
    for m in &manifests {
        let policy = m
            .head
            .metadata
            .as_ref()
            .and_then(|md| md.annotations.as_ref())
            .and_then(|a| a.get(rudder_kube::resource::RESOURCE_POLICY_ANNOTATION));
        match policy {
            None => {
                delete.push_str("\n---\n");
                delete.push_str(&m.content);
            }
            Some(p) if p.trim().to_lowercase() == "keep" => {
                let name = m.head.metadata.as_ref().map_or("", |md| md.name.as_str());
                let _ = writeln!(kept, "[{}] {name}", m.head.kind);
            }
            Some(_) => {}
        }
    }
    let resources = match cluster.build(&delete, &rel.namespace) {
        Ok(r) => r,
        Err(e) => {
            return (
                Vec::new(),
                String::new(),
                vec![ActionError::msg(format!(
                    "unable to build kubernetes objects for delete: {e}"
                ))],
            );
        }
    };
    if resources.is_empty() {
        return (resources, kept, Vec::new());
    }
    let (_, errors) = cluster.applier.delete(&resources, propagation).await;
    (
        resources,
        kept,
        errors.into_iter().map(ActionError::from).collect(),
    )
}
