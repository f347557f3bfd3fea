//! Helm's `pkg/kube/client.go` writes: `Create` and `Update` with server-side apply (field
//! manager `helm`, `fieldValidation=Strict`, optional force), `Delete` with a propagation
//! policy, and the reads they need (`Get`). Objects are processed as Helm's `batchPerform`
//! does: kinds one after another in list order, the objects of one kind concurrently.
//!
//! Client-side apply (plain create, three-way strategic merge, replace) is not here yet: the
//! actions refuse `--server-side=false` and releases recorded with `apply_method: csa`.

use futures::future::join_all;
use kube::api::{Api, DeleteParams, Patch, PatchParams, PropagationPolicy, ValidationDirective};
use kube::core::DynamicObject;
use serde_json::Value as Json;

use crate::config::KubeClient;
use crate::error::Error;
use crate::resource::{RESOURCE_POLICY_ANNOTATION, Resource, metadata_string};

/// The field manager the Helm command line sets (`kube.ManagedFieldsManager`).
pub const FIELD_MANAGER: &str = "helm";

/// `metav1.DeletionPropagation` (`--cascade`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Propagation {
    /// `background` (Helm's default).
    #[default]
    Background,
    /// `foreground`.
    Foreground,
    /// `orphan`.
    Orphan,
}

/// How objects are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Server-side apply (the only method implemented).
    pub server_side: bool,
    /// `--force-conflicts`.
    pub force_conflicts: bool,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        Self {
            server_side: true,
            force_conflicts: false,
        }
    }
}

/// What an update did.
#[derive(Debug, Default)]
pub struct UpdateResult {
    /// Objects that did not exist and were created.
    pub created: Vec<Resource>,
    /// Objects patched in place.
    pub updated: Vec<Resource>,
    /// Objects of the original list absent from the target, deleted.
    pub deleted: Vec<Resource>,
}

/// Writes objects to the cluster as Helm does.
#[derive(Debug, Clone)]
pub struct Applier {
    client: KubeClient,
    field_manager: String,
}

impl Applier {
    /// An applier with Helm's field manager `helm`.
    pub fn new(client: KubeClient) -> Self {
        Self {
            client,
            field_manager: FIELD_MANAGER.to_owned(),
        }
    }

    /// The same applier under another field manager (the SDK's `ManagedFieldsManager`).
    #[must_use]
    pub fn with_field_manager(mut self, manager: &str) -> Self {
        manager.clone_into(&mut self.field_manager);
        self
    }

    fn api(&self, r: &Resource) -> Api<DynamicObject> {
        let ar = r.resource_type.api_resource();
        if r.resource_type.namespaced {
            Api::namespaced_with(self.client.client().clone(), &r.namespace, &ar)
        } else {
            Api::all_with(self.client.client().clone(), &ar)
        }
    }

    fn url(&self, r: &Resource, with_name: bool) -> String {
        let t = &r.resource_type;
        let base = if t.group.is_empty() {
            format!("{}/api/{}", self.client.server(), t.version)
        } else {
            format!("{}/apis/{}/{}", self.client.server(), t.group, t.version)
        };
        let ns = if t.namespaced {
            format!("/namespaces/{}", r.namespace)
        } else {
            String::new()
        };
        if with_name {
            format!("{base}{ns}/{}/{}", t.plural, r.name)
        } else {
            format!("{base}{ns}/{}", t.plural)
        }
    }

    /// The live object, or `None` when it does not exist.
    ///
    /// # Errors
    /// Any other API error (client-go's text).
    pub async fn get(&self, r: &Resource) -> Result<Option<Json>, Error> {
        match self.api(r).get_opt(&r.name).await {
            Ok(Some(obj)) => serde_json::to_value(obj)
                .map(Some)
                .map_err(|e| Error::msg(e.to_string())),
            Ok(None) => Ok(None),
            Err(e) => Err(Error::from_kube(e, "GET", &self.url(r, true))),
        }
    }

    /// `patchResourceServerSide`: the whole object as an apply patch.
    ///
    /// # Errors
    /// `conflict occurred while applying object ns/name gvk: ...` on a field-manager conflict,
    /// `server-side apply failed for object ...` otherwise.
    pub async fn apply(&self, r: &Resource, force: bool) -> Result<(), Error> {
        let params = PatchParams {
            dry_run: false,
            force,
            field_manager: Some(self.field_manager.clone()),
            field_validation: Some(ValidationDirective::Strict),
        };
        match self
            .api(r)
            .patch(&r.name, &params, &Patch::Apply(&r.object))
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let code = match &e {
                    kube::Error::Api(status) => status.code,
                    _ => 0,
                };
                let err = Error::from_kube(e, "PATCH", &self.url(r, true));
                let what = format!("{}/{} {}", r.namespace, r.name, r.gvk_string());
                Err(match code {
                    415 => Error::msg(format!(
                        "server-side apply not available on the server: {err}"
                    )),
                    409 => err.context(&format!("conflict occurred while applying object {what}")),
                    _ => err.context(&format!("server-side apply failed for object {what}")),
                })
            }
        }
    }

    /// Runs `f` over `resources` as Helm's `perform` does: kind by kind in order, one kind's
    /// objects concurrently; the errors joined with newlines (`errors.Join`).
    async fn perform<'a, F, Fut>(&self, resources: &'a [Resource], f: F) -> Result<(), Error>
    where
        F: Fn(&'a Resource) -> Fut,
        Fut: std::future::Future<Output = Result<(), Error>>,
    {
        let mut errors = Vec::new();
        let mut start = 0;
        while start < resources.len() {
            let kind = resources[start].kind();
            let end = resources[start..]
                .iter()
                .position(|r| r.kind() != kind)
                .map_or(resources.len(), |n| start + n);
            for result in join_all(resources[start..end].iter().map(&f)).await {
                if let Err(e) = result {
                    errors.push(e);
                }
            }
            start = end;
        }
        join(errors)
    }

    /// `Client.Create`: every object applied (Helm's install passes no force here).
    ///
    /// # Errors
    /// The joined errors of the objects that failed.
    pub async fn create(&self, resources: &[Resource], options: ApplyOptions) -> Result<(), Error> {
        check_server_side(options)?;
        self.perform(resources, |r| self.apply(r, options.force_conflicts))
            .await
    }

    /// `Client.Update(originals, targets)`: objects missing from the cluster are created, the
    /// others applied; then the originals absent from the targets are deleted (background
    /// propagation) unless the live object says `helm.sh/resource-policy: keep`. What was done
    /// comes back even when it failed part way (Helm's `--cleanup-on-fail` deletes the
    /// created objects).
    ///
    /// # Errors
    /// `could not get information about the resource: ...`, `failed to create resource: ...`,
    /// the apply errors joined with ` && `, `failed to delete resource namespace=..., ...`.
    pub async fn update(
        &self,
        originals: &[Resource],
        targets: &[Resource],
        options: ApplyOptions,
    ) -> (UpdateResult, Result<(), Error>) {
        let mut result = UpdateResult::default();
        if let Err(e) = check_server_side(options) {
            return (result, Err(e));
        }
        let mut update_errors = Vec::new();
        for target in targets {
            match self.get(target).await {
                Err(e) => {
                    return (
                        result,
                        Err(e.context("could not get information about the resource")),
                    );
                }
                Ok(None) => {
                    result.created.push(target.clone());
                    if let Err(e) = self.apply(target, options.force_conflicts).await {
                        return (result, Err(e.context("failed to create resource")));
                    }
                }
                Ok(Some(_)) => {
                    if let Err(e) = self.apply(target, options.force_conflicts).await {
                        update_errors.push(e);
                    }
                    result.updated.push(target.clone());
                }
            }
        }
        if !update_errors.is_empty() {
            return (result, Err(join_with(update_errors, " && ")));
        }
        for original in originals {
            if targets.iter().any(|t| t.same_object(original)) {
                continue;
            }
            let Ok(Some(live)) = self.get(original).await else {
                continue;
            };
            if metadata_string(&live, "annotations", RESOURCE_POLICY_ANNOTATION) == Some("keep") {
                continue;
            }
            match self.delete_one(original, Propagation::Background).await {
                Ok(()) => result.deleted.push(original.clone()),
                Err(e) if e.is_not_found() => {}
                Err(e) => update_errors.push(Error::msg(format!(
                    "failed to delete resource namespace={}, name={}, kind={}: {e}",
                    original.namespace,
                    original.name,
                    original.kind()
                ))),
            }
        }
        if update_errors.is_empty() {
            (result, Ok(()))
        } else {
            (result, Err(join_with(update_errors, " && ")))
        }
    }

    async fn delete_one(&self, r: &Resource, propagation: Propagation) -> Result<(), Error> {
        let params = DeleteParams {
            propagation_policy: Some(match propagation {
                Propagation::Background => PropagationPolicy::Background,
                Propagation::Foreground => PropagationPolicy::Foreground,
                Propagation::Orphan => PropagationPolicy::Orphan,
            }),
            ..DeleteParams::default()
        };
        self.api(r)
            .delete(&r.name, &params)
            .await
            .map(|_| ())
            .map_err(|e| Error::from_kube(e, "DELETE", &self.url(r, true)))
    }

    /// `Client.Delete`: every object deleted with `propagation`, kind by kind; objects already
    /// gone count as deleted. Returns the deleted objects and the other errors.
    pub async fn delete(
        &self,
        resources: &[Resource],
        propagation: Propagation,
    ) -> (Vec<Resource>, Vec<Error>) {
        let deleted = std::sync::Mutex::new(Vec::new());
        let errors = std::sync::Mutex::new(Vec::new());
        let _ = self
            .perform(resources, |r| {
                let deleted = &deleted;
                let errors = &errors;
                async move {
                    match self.delete_one(r, propagation).await {
                        Err(e) if !e.is_not_found() => {
                            errors
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner)
                                .push(e);
                        }
                        _ => deleted
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .push(r.clone()),
                    }
                    Ok(())
                }
            })
            .await;
        (
            deleted.into_inner().unwrap_or_default(),
            errors.into_inner().unwrap_or_default(),
        )
    }
}

fn check_server_side(options: ApplyOptions) -> Result<(), Error> {
    if options.server_side {
        Ok(())
    } else {
        Err(Error::msg(
            "client-side apply (--server-side=false) is not supported by rudder yet",
        ))
    }
}

/// `errors.Join`: the texts one per line; `Ok` when there are none.
fn join(errors: Vec<Error>) -> Result<(), Error> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(join_with(errors, "\n"))
    }
}

fn join_with(mut errors: Vec<Error>, separator: &str) -> Error {
    if errors.len() == 1 {
        return errors.remove(0);
    }
    Error::msg(
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(separator),
    )
}
