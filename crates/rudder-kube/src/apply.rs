//! Helm's `pkg/kube/client.go` writes: `Create` and `Update` with server-side apply (field
//! manager `helm`, `fieldValidation=Strict`, optional force) or client-side apply (a plain
//! `POST`, then Helm's three-way patch from [`crate::patch`], or a `PUT` with
//! `--force-replace`), the migration of client-side managed fields to the server-side manager
//! (`csaupgrade`) when a release moves to server-side apply, `Delete` with a propagation
//! policy, and the reads they need (`Get`). Objects are processed as Helm's `batchPerform`
//! does: kinds one after another in list order, the objects of one kind concurrently.

use futures::StreamExt as _;
use kube::api::{
    Api, DeleteParams, Patch, PatchParams, PostParams, PropagationPolicy, ValidationDirective,
};
use kube::core::{DynamicObject, Request};
use serde_json::Value as Json;

use crate::config::KubeClient;
use crate::error::Error;
use crate::resource::{RESOURCE_POLICY_ANNOTATION, Resource, metadata_string};

/// How many objects of one kind batch are written at once (see `Applier::perform`).
const MAX_IN_FLIGHT: usize = 16;
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
    /// Server-side apply; client-side apply (create, three-way patch) when false.
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

/// Helm's other `ClientUpdateOption`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UpdateExtras {
    /// `--force-replace`: existing objects are replaced (`PUT`) instead of patched.
    pub force_replace: bool,
    /// `ClientUpdateOptionUpgradeClientSideFieldManager`: before server-side applying an
    /// existing object, its client-side `helm` (`Update`) managed fields become the `helm`
    /// `Apply` manager's.
    pub upgrade_client_side_field_manager: bool,
    /// `ClientUpdateOptionThreeWayMergeForUnstructured` (`install --take-ownership` with
    /// client-side apply): objects patched with a JSON merge patch (custom resources) get the
    /// three-way one, against the live object.
    pub three_way_merge_for_unstructured: bool,
}

/// The checks `Client.Update` makes on its options before touching anything.
///
/// # Errors
/// Helm's texts: `invalid operation: cannot use force conflicts and force replace together`,
/// `invalid operation: cannot use server-side apply and force replace together`,
/// `invalid operation: cannot use three-way merge for unstructured and server-side apply
/// together`, `invalid client update option(s): forceConflicts enabled when serverSideApply disabled`.
pub fn check_update_options(options: ApplyOptions, extras: UpdateExtras) -> Result<(), Error> {
    if !options.server_side && options.force_conflicts {
        return Err(Error::msg(
            "invalid client update option(s): forceConflicts enabled when serverSideApply disabled",
        ));
    }
    if extras.three_way_merge_for_unstructured && options.server_side {
        return Err(Error::msg(
            "invalid operation: cannot use three-way merge for unstructured and server-side apply together",
        ));
    }
    if options.force_conflicts && extras.force_replace {
        return Err(Error::msg(
            "invalid operation: cannot use force conflicts and force replace together",
        ));
    }
    if options.server_side && extras.force_replace {
        return Err(Error::msg(
            "invalid operation: cannot use server-side apply and force replace together",
        ));
    }
    Ok(())
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

    /// The collection path of `r`'s type (`/apis/apps/v1/namespaces/ns/deployments`).
    fn collection(r: &Resource) -> Request {
        let ar = r.resource_type.api_resource();
        let ns = r.resource_type.namespaced.then_some(r.namespace.as_str());
        Request::new(<DynamicObject as kube::Resource>::url_path(&ar, ns))
    }

    async fn send(
        &self,
        request: Result<http::Request<Vec<u8>>, kube::core::request::Error>,
        method: &str,
        url: &str,
    ) -> Result<Json, Error> {
        let request = request.map_err(|e| Error::msg(e.to_string()))?;
        self.client
            .client()
            .request::<Json>(request)
            .await
            .map_err(|e| Error::from_kube(e, method, url))
    }

    /// `createResource`: a plain `POST` under Helm's field manager (client-side apply).
    ///
    /// # Errors
    /// The server's text (`deployments.apps "x" already exists`).
    pub async fn create_client_side(&self, r: &Resource) -> Result<(), Error> {
        let params = PostParams {
            dry_run: false,
            field_manager: Some(self.field_manager.clone()),
        };
        let body = serde_json::to_vec(&r.object).map_err(|e| Error::msg(e.to_string()))?;
        let request = Self::collection(r).create(&params, body);
        self.send(request, "POST", &self.url(r, false))
            .await
            .map(drop)
    }

    /// `patchResourceClientSide`: Helm's three-way patch between `original` (the object of
    /// the previous release), the target and the live object, sent when not empty.
    ///
    /// # Errors
    /// `unable to get data for current object ns/name: ...`, `failed to create patch: ...`,
    /// `cannot patch "name" with kind Kind: ...`.
    pub async fn patch_client_side(
        &self,
        original: &Json,
        target: &Resource,
        three_way_unstructured: bool,
    ) -> Result<(), Error> {
        let current = self.get(target).await.map_err(|e| {
            e.context(&format!(
                "unable to get data for current object {}/{}",
                target.namespace, target.name
            ))
        })?;
        let patch = crate::patch::create_patch_with(
            original,
            &target.object,
            current.as_ref(),
            three_way_unstructured,
        )
        .map_err(|e| Error::msg(format!("failed to create patch: {e}")))?;
        if patch.is_empty() {
            // Helm refreshes its copy of the object instead (one GET).
            return self
                .get(target)
                .await
                .map(drop)
                .map_err(|e| e.context("failed to refresh resource information"));
        }
        let params = PatchParams {
            field_manager: Some(self.field_manager.clone()),
            ..PatchParams::default()
        };
        let request = Self::collection(target)
            .patch(&target.name, &params, &Patch::Merge(&Json::Null))
            .map(|mut request| {
                patch.body.as_bytes().clone_into(request.body_mut());
                request.headers_mut().insert(
                    http::header::CONTENT_TYPE,
                    http::HeaderValue::from_static(patch.patch_type.content_type()),
                );
                request
            });
        self.send(request, "PATCH", &self.url(target, true))
            .await
            .map(drop)
            .map_err(|e| {
                e.context(&format!(
                    "cannot patch {} with kind {}",
                    crate::resource::go_quote(&target.name),
                    target.kind()
                ))
            })
    }

    /// `replaceResource` (`--force-replace`): the object `PUT` over the live one, with the
    /// live `resourceVersion` (`Helper.Replace` with overwrite), `fieldValidation=Strict`.
    ///
    /// # Errors
    /// `failed to replace object: ...`.
    pub async fn replace(&self, r: &Resource) -> Result<(), Error> {
        let mut object = r.object.clone();
        if let Ok(Some(live)) = self.get(r).await
            && let Some(version) = live.pointer("/metadata/resourceVersion").cloned()
            && let Some(metadata) = object.get_mut("metadata").and_then(Json::as_object_mut)
        {
            metadata.insert("resourceVersion".to_owned(), version);
        }
        let params = PostParams {
            dry_run: false,
            field_manager: Some(self.field_manager.clone()),
        };
        let body = serde_json::to_vec(&object).map_err(|e| Error::msg(e.to_string()))?;
        let request = Self::collection(r)
            .replace(&r.name, &params, body)
            .map(|mut request| {
                let uri = format!("{}&fieldValidation=Strict", request.uri());
                if let Ok(uri) = uri.parse() {
                    *request.uri_mut() = uri;
                }
                request
            });
        self.send(request, "PUT", &self.url(r, true))
            .await
            .map(drop)
            .map_err(|e| e.context("failed to replace object"))
    }

    /// `upgradeClientSideFieldManager`: the live object's client-side `Update` entries of
    /// Helm's field manager merged into its `Apply` entry (`csaupgrade.UpgradeManagedFieldsPatch`),
    /// sent as a JSON patch; retried on conflicts. Returns whether a patch was sent.
    ///
    /// # Errors
    /// `failed to get object ns/name gvk: ...`, `failed to patch object to upgrade CSA field
    /// manager ns/name gvk: ...`.
    pub async fn upgrade_client_side_field_manager(&self, r: &Resource) -> Result<bool, Error> {
        let what = format!("{}/{} {}", r.namespace, r.name, r.gvk_string());
        let mut attempts = 0;
        loop {
            attempts += 1;
            let live = match self.get(r).await {
                Ok(Some(live)) => live,
                Ok(None) => {
                    let t = &r.resource_type;
                    let resource = if t.group.is_empty() {
                        t.plural.clone()
                    } else {
                        format!("{}.{}", t.plural, t.group)
                    };
                    return Err(Error::msg(format!(
                        "failed to get object {what}: {resource} {} not found",
                        crate::resource::go_quote(&r.name)
                    )));
                }
                Err(e) => return Err(e.context(&format!("failed to get object {what}"))),
            };
            let patch = crate::patch::upgrade_managed_fields_patch(&live, &self.field_manager)
                .map_err(|e| {
                    Error::msg(format!(
                        "failed to upgrade managed fields for object {what}: {e}"
                    ))
                })?;
            let Some(patch) = patch else {
                return Ok(false);
            };
            let params = PatchParams {
                field_manager: Some(self.field_manager.clone()),
                field_validation: Some(ValidationDirective::Strict),
                ..PatchParams::default()
            };
            let request = Self::collection(r)
                .patch(&r.name, &params, &Patch::Merge(&Json::Null))
                .map(|mut request| {
                    patch.as_bytes().clone_into(request.body_mut());
                    request.headers_mut().insert(
                        http::header::CONTENT_TYPE,
                        http::HeaderValue::from_static("application/json-patch+json"),
                    );
                    request
                });
            match self.send(request, "PATCH", &self.url(r, true)).await {
                Ok(_) => return Ok(true),
                Err(e) if e.reason() == Some("Conflict") && attempts < 5 => {}
                Err(e) => {
                    return Err(e.context(&format!(
                        "failed to patch object to upgrade CSA field manager {what}"
                    )));
                }
            }
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

    /// Reads `resources` (at most [`MAX_IN_FLIGHT`] at once) and hands each answer to `check`
    /// in the order given, stopping at the first error `check` returns (the reads still in
    /// flight are dropped): Helm's sequential visits with their result, in less time.
    ///
    /// # Errors
    /// The first error of `check`.
    pub async fn get_until<'a, E>(
        &self,
        resources: &[&'a Resource],
        mut check: impl FnMut(&'a Resource, Result<Option<Json>, Error>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut answers = futures::stream::iter(resources.iter().map(|r| async move {
            let live = self.get(r).await;
            (*r, live)
        }))
        .buffered(MAX_IN_FLIGHT);
        while let Some((r, live)) = answers.next().await {
            check(r, live)?;
        }
        Ok(())
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
            // At most MAX_IN_FLIGHT requests at once, results in input order: kube-rs speaks
            // HTTP/1.1, one connection (and TLS handshake) per concurrent request, so an
            // unbounded batch of 100 ConfigMaps opened 100 connections; Helm multiplexes them
            // over one HTTP/2 connection. Same requests, same order of batches.
            let results: Vec<Result<(), Error>> =
                futures::stream::iter(resources[start..end].iter().map(&f))
                    .buffered(MAX_IN_FLIGHT)
                    .collect()
                    .await;
            errors.extend(results.into_iter().filter_map(Result::err));
            start = end;
        }
        join(errors)
    }

    /// `Client.Create`: every object applied server-side (Helm's install passes no force
    /// here), or created with a `POST` when client-side.
    ///
    /// # Errors
    /// The joined errors of the objects that failed.
    pub async fn create(&self, resources: &[Resource], options: ApplyOptions) -> Result<(), Error> {
        if options.server_side {
            self.perform(resources, |r| self.apply(r, options.force_conflicts))
                .await
        } else if options.force_conflicts {
            Err(Error::msg(
                "invalid client create option(s): forceConflicts enabled when serverSideApply disabled",
            ))
        } else {
            self.perform(resources, |r| self.create_client_side(r))
                .await
        }
    }

    async fn create_one(&self, r: &Resource, options: ApplyOptions) -> Result<(), Error> {
        if options.server_side {
            self.apply(r, options.force_conflicts).await
        } else {
            self.create_client_side(r).await
        }
    }

    /// Helm's update function for an object that exists: replace, server-side apply (after
    /// the managed-fields upgrade when asked), or the client-side three-way patch against
    /// `original`.
    async fn update_one(
        &self,
        original: &Json,
        target: &Resource,
        options: ApplyOptions,
        extras: UpdateExtras,
    ) -> Result<(), Error> {
        if extras.force_replace {
            self.replace(target).await
        } else if options.server_side {
            if extras.upgrade_client_side_field_manager {
                self.upgrade_client_side_field_manager(target).await?;
            }
            self.apply(target, options.force_conflicts).await
        } else {
            self.patch_client_side(original, target, extras.three_way_merge_for_unstructured)
                .await
        }
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
        self.update_with(originals, targets, options, UpdateExtras::default())
            .await
    }

    /// [`Applier::update`] with Helm's other update options.
    ///
    /// # Errors
    /// As [`Applier::update`], and [`check_update_options`]' texts first.
    pub async fn update_with(
        &self,
        originals: &[Resource],
        targets: &[Resource],
        options: ApplyOptions,
        extras: UpdateExtras,
    ) -> (UpdateResult, Result<(), Error>) {
        let mut result = UpdateResult::default();
        if let Err(e) = check_update_options(options, extras) {
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
                    if let Err(e) = self.create_one(target, options).await {
                        return (result, Err(e.context("failed to create resource")));
                    }
                }
                Ok(Some(live)) => {
                    // An object the previous release did not have: the live object is the
                    // baseline (Helm logs a warning).
                    let original = originals
                        .iter()
                        .find(|o| o.same_object(target))
                        .map_or(&live, |o| &o.object);
                    if let Err(e) = self.update_one(original, target, options, extras).await {
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
