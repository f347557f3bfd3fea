//! `action.Install` on its client-only path (`helm template`, `helm install --dry-run=client`):
//! name the release, check the chart, process its dependencies, build the render values with
//! Helm's default capabilities, render, and assemble manifests, hooks and notes. Nothing here
//! talks to a cluster.

use std::collections::BTreeMap;
use std::sync::Arc;

use rudder_chart::chart::Chart;
use rudder_chart::dependencies::{check_dependencies, process_dependencies};
use rudder_chart::schema::RemoteLoader;
use rudder_engine::manifest::{AssembleOptions, Hook, Manifest, assemble, check_kube_version};
use rudder_engine::{Capabilities, Engine, KubeVersion, ReleaseOptions, to_render_values_with};
use rudder_kube::ApplyOptions;
use rudder_release::Status;
use rudder_value::{Map, Value};

use crate::ActionError;
use crate::config::Configuration;
use crate::deploy::Cluster;
use crate::hooks::Hooks;
use crate::record;

/// The release name rules of `chartutil.ValidateReleaseName`.
const VALID_NAME: &str = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
const MAX_RELEASE_NAME_LEN: usize = 53;

/// Labels Helm reserves on its storage objects (`driver.GetSystemLabels`).
pub const SYSTEM_LABELS: [&str; 5] = ["name", "owner", "status", "version", "createdAt"];

/// Why an install (or a render for `template`) failed; `Display` is Helm's text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InstallError {
    /// `release name check failed: release name "X": invalid release name, ...`.
    #[error("release name check failed: release name {name:?}: {reason}")]
    ReleaseName {
        /// The name.
        name: String,
        /// `no name provided` or the regex rule.
        reason: String,
    },
    /// Dependency processing (conditions, tags, import-values) failed.
    #[error("chart dependencies processing failed: {0}")]
    Dependencies(#[source] rudder_chart::values::CoalesceError),
    /// The render values could not be built (coalescing, schema).
    #[error(transparent)]
    Values(#[from] rudder_engine::RenderValuesError),
    /// `user supplied labels contains system reserved label name. ...`.
    #[error(
        "user supplied labels contains system reserved label name. System labels: [name owner status version createdAt]"
    )]
    SystemLabels,
    /// `chart requires kubeVersion: ...`.
    #[error("{0}")]
    KubeVersion(String),
    /// A template failed to parse or execute.
    #[error(transparent)]
    Render(#[from] rudder_engine::RenderError),
    /// A rendered document is not YAML.
    #[error(transparent)]
    Assemble(#[from] rudder_engine::manifest::AssembleError),
    /// The post-renderer failed (`error while running post render on files: ...`).
    #[error(transparent)]
    PostRender(#[from] crate::postrender::PostRenderStepError),
    /// Something rudder does not support yet on this path.
    #[error("{0} is not supported by rudder yet")]
    Unsupported(String),
}

impl InstallError {
    /// Whether Helm has a (failed) release to return with this error, so `helm template`
    /// suggests `--debug` and, with it, prints what was rendered.
    pub fn has_release(&self) -> bool {
        matches!(
            self,
            Self::Render(_) | Self::Assemble(_) | Self::KubeVersion(_) | Self::PostRender(_)
        )
    }
}

/// How important a [`Record`] is (Helm's `slog` levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Level {
    /// Printed only with `--debug`.
    Debug,
    /// `level=WARN`.
    Warn,
    /// `level=ERROR`.
    Error,
}

/// Something Helm logs while it installs, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Record {
    /// A structured `slog` record: level, message, attributes.
    Slog {
        /// The level.
        level: Level,
        /// The message.
        message: String,
        /// `key=value` attributes, in order.
        attrs: Vec<(String, String)>,
    },
    /// A message of the chart library (`rudder-chart`'s warnings: Go `log` lines and a few
    /// `slog` warnings, told apart by the printer).
    Chart(String),
}

/// A `level=WARN` record.
pub(crate) fn warn_record(message: &str, attrs: &[(&str, String)]) -> Record {
    Record::slog(Level::Warn, message, attrs)
}

impl Record {
    pub(crate) fn slog(level: Level, message: &str, attrs: &[(&str, String)]) -> Self {
        Record::Slog {
            level,
            message: message.to_owned(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
    }
}

/// The dry-run mode (`--dry-run`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DryRun {
    /// A real install.
    None,
    /// No cluster contact at all (`helm template`'s default).
    #[default]
    Client,
    /// Talks to the cluster for capabilities and `lookup`, changes nothing.
    Server,
}

/// The options of `action.Install` that the client-only path reads.
#[derive(Clone)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "Helm's install options are independent command-line switches"
)]
pub struct Install {
    /// `.Release.Name`.
    pub release_name: String,
    /// What only a real install reads (cluster, storage, apply).
    pub deploy: crate::deploy::DeployOptions,
    /// `.Release.Namespace`.
    pub namespace: String,
    /// The dry-run mode; only [`DryRun::Client`] is implemented here.
    pub dry_run: DryRun,
    /// `--is-upgrade`: `.Release.IsUpgrade` instead of `.Release.IsInstall` (dry runs only).
    pub is_upgrade: bool,
    /// `--kube-version`.
    pub kube_version: Option<KubeVersion>,
    /// `--api-versions`, added to the default ones.
    pub api_versions: Vec<String>,
    /// `--include-crds`.
    pub include_crds: bool,
    /// `--render-subchart-notes`.
    pub subchart_notes: bool,
    /// `--hide-secret`.
    pub hide_secret: bool,
    /// `--skip-schema-validation`.
    pub skip_schema_validation: bool,
    /// `--enable-dns`: `getHostByName` resolves.
    pub enable_dns: bool,
    /// `--labels`.
    pub labels: BTreeMap<String, String>,
    /// Where schemas' remote `$ref`s are fetched (none by default).
    pub remote: Arc<dyn RemoteLoader>,
    /// Record Helm's `--debug` messages.
    pub debug: bool,
    /// The cluster behind `lookup` (`None`: Helm's placeholder, an empty map).
    pub lookup: Option<Arc<dyn rudder_engine::Lookup>>,
    /// `--post-renderer`: what the rendered files go through before they are sorted.
    pub post_renderer: Option<crate::postrender::PostRender>,
}

impl std::fmt::Debug for Install {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Install")
            .field("release_name", &self.release_name)
            .field("namespace", &self.namespace)
            .field("dry_run", &self.dry_run)
            .finish_non_exhaustive()
    }
}

impl Default for Install {
    fn default() -> Self {
        Self {
            release_name: String::new(),
            deploy: crate::deploy::DeployOptions::default(),
            namespace: "default".to_owned(),
            dry_run: DryRun::Client,
            is_upgrade: false,
            kube_version: None,
            api_versions: Vec::new(),
            include_crds: false,
            subchart_notes: false,
            hide_secret: false,
            skip_schema_validation: false,
            enable_dns: false,
            labels: BTreeMap::new(),
            remote: Arc::new(crate::schema_remote::HttpSchemaLoader),
            lookup: None,
            debug: false,
            post_renderer: None,
        }
    }
}

/// What the client-only install produced (the parts of Helm's release `template` prints).
#[derive(Debug, Clone, Default)]
pub struct Release {
    /// The release name.
    pub name: String,
    /// The namespace.
    pub namespace: String,
    /// The manifest: `---\n# Source: <path>\n<doc>\n` per document (CRDs first with
    /// `include_crds`). After a failed render, what Helm keeps (see [`InstallError`]).
    pub manifest: String,
    /// The hooks, sorted by kind.
    pub hooks: Vec<Hook>,
    /// The non-hook documents, sorted by kind.
    pub manifests: Vec<Manifest>,
    /// `include_crds`: the CRD files (Helm's name, content).
    pub crds: Vec<(String, String)>,
    /// The rendered `NOTES.txt`.
    pub notes: String,
    /// The user-supplied values.
    pub config: Map,
    /// The chart after dependency processing (what the release record stores).
    pub chart: Option<Chart>,
}

/// A failed install, with the release Helm returns alongside the error (if any).
#[derive(Debug)]
pub struct Failure {
    /// The error.
    pub error: InstallError,
    /// The failed release (render failures), whose manifest `template --debug` prints.
    pub release: Option<Release>,
}

impl From<InstallError> for Box<Failure> {
    fn from(error: InstallError) -> Self {
        Box::new(Failure {
            error,
            release: None,
        })
    }
}

/// `chartutil.ValidateReleaseName`.
///
/// # Errors
/// `no name provided`, or the rule.
pub fn validate_release_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("no name provided".to_owned());
    }
    if name.len() > MAX_RELEASE_NAME_LEN || !valid_name(name) {
        return Err(format!(
            "invalid release name, must match regex {VALID_NAME} and the length must not be longer than 53"
        ));
    }
    Ok(())
}

/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$` without a regex engine:
/// dot-separated labels of `[a-z0-9-]` that start and end alphanumeric.
fn valid_name(name: &str) -> bool {
    name.split('.').all(|label| {
        let bytes = label.as_bytes();
        let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        !bytes.is_empty()
            && alnum(&bytes[0])
            && alnum(&bytes[bytes.len() - 1])
            && bytes.iter().all(|c| alnum(c) || *c == b'-')
    })
}

/// `checkIfInstallable`: only application charts install.
///
/// # Errors
/// `library charts are not installable` (the chart's `type`, as written).
pub fn check_if_installable(chart: &Chart) -> Result<(), String> {
    match chart.metadata.chart_type.as_str() {
        "" | "application" => Ok(()),
        other => Err(format!("{other} charts are not installable")),
    }
}

/// `action.CheckDependencies` with the text `helm install` and `helm template` wrap it in.
///
/// # Errors
/// `an error occurred while checking for chart dependencies. ...: found in Chart.yaml, but
/// missing in charts/ directory: a, b`.
pub fn check_chart_dependencies(chart: &Chart) -> Result<(), String> {
    if chart.metadata.dependencies().next().is_none() {
        return Ok(());
    }
    check_dependencies(chart).map_err(|e| {
        format!(
            "an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: {e}"
        )
    })
}

/// `action.TemplateName`: the `--name-template` text executed with Sprig and no data.
///
/// # Errors
/// The template's parse or execution error, Go's text.
pub fn template_name(name_template: &str) -> Result<String, String> {
    if name_template.is_empty() {
        return Ok(String::new());
    }
    let mut templates = rudder_template::Templates::new("name-template");
    templates.funcs(rudder_sprig::functions(&rudder_sprig::Options::default()));
    templates
        .parse("name-template", name_template)
        .map_err(|e| e.to_string())?;
    templates
        .execute_to_string("name-template", &Value::Nil)
        .map_err(|e| e.to_string())
}

impl Install {
    /// `Install.RunWithContext` with a client-only dry run: renders `chart` with the user's
    /// values `vals`. `log` receives what Helm logs, in order.
    ///
    /// # Errors
    /// See [`InstallError`]; render failures come with the failed release.
    pub fn run_client_only(
        &self,
        chart: Chart,
        vals: &Map,
        log: &mut Vec<Record>,
    ) -> Result<Release, Box<Failure>> {
        if self.dry_run != DryRun::Client {
            return Err(InstallError::Unsupported("--dry-run=server".to_owned()).into());
        }
        let mut capabilities = Capabilities::default();
        if let Some(version) = &self.kube_version {
            capabilities.kube_version = version.clone();
        }
        capabilities
            .api_versions
            .extend(self.api_versions.iter().cloned());
        self.render(chart, vals, &capabilities, log)
    }

    /// The rendering half of `Install.RunWithContext` with the given capabilities: name check,
    /// dependencies, render values, labels, render and assembly. The processed chart comes back
    /// in [`Release::chart`].
    ///
    /// # Errors
    /// See [`InstallError`]; render failures come with the failed release.
    pub fn render(
        &self,
        mut chart: Chart,
        vals: &Map,
        capabilities: &Capabilities,
        log: &mut Vec<Record>,
    ) -> Result<Release, Box<Failure>> {
        if let Err(reason) = validate_release_name(&self.release_name) {
            let cause = format!("release name {:?}: {reason}", self.release_name);
            log.push(Record::slog(
                Level::Error,
                "release name check failed",
                &[("error", cause)],
            ));
            return Err(InstallError::ReleaseName {
                name: self.release_name.clone(),
                reason,
            }
            .into());
        }
        let mut warnings = Vec::new();
        let processed = process_dependencies(&mut chart, vals, &mut warnings);
        log.extend(warnings.drain(..).map(Record::Chart));
        if let Err(e) = processed {
            log.push(Record::slog(
                Level::Error,
                "chart dependencies processing failed",
                &[("error", e.to_string())],
            ));
            return Err(InstallError::Dependencies(e).into());
        }

        let is_upgrade = self.is_upgrade;
        let options = ReleaseOptions {
            name: self.release_name.clone(),
            namespace: self.namespace.clone(),
            revision: self.deploy.revision.max(1),
            is_install: !is_upgrade,
            is_upgrade,
        };
        let top = to_render_values_with(
            &chart,
            vals,
            &options,
            capabilities,
            self.skip_schema_validation,
            &self.remote,
            &mut warnings,
        );
        log.extend(warnings.drain(..).map(Record::Chart));
        if self.debug && !self.skip_schema_validation {
            // Helm logs its walk through the charts' schemas; the coalesced values say which
            // subcharts it enters.
            let mut ignored = Vec::new();
            if let Ok(coalesced) = rudder_chart::values::coalesce_values(&chart, vals, &mut ignored)
            {
                schema_trace(&chart, &coalesced, log);
            }
        }
        let top = top.map_err(InstallError::from)?;
        if self
            .labels
            .keys()
            .any(|k| SYSTEM_LABELS.contains(&k.as_str()))
        {
            return Err(InstallError::SystemLabels.into());
        }
        let mut release = Release {
            name: self.release_name.clone(),
            namespace: self.namespace.clone(),
            config: vals.clone(),
            ..Release::default()
        };
        if let Err(message) = check_kube_version(&chart, capabilities) {
            return Err(Box::new(Failure {
                error: InstallError::KubeVersion(message),
                release: Some(release),
            }));
        }
        let mut engine = Engine::new();
        engine.lookup.clone_from(&self.lookup);
        if self.enable_dns {
            engine.sprig.resolver = Some(Arc::new(rudder_sprig::SystemResolver));
        }
        let mut files = match engine.render(&chart, &top) {
            Ok(files) => files,
            Err(error) => {
                return Err(Box::new(Failure {
                    error: error.into(),
                    release: Some(release),
                }));
            }
        };
        let assemble_options = AssembleOptions {
            include_crds: self.include_crds,
            hide_secret: self.hide_secret,
            render_subchart_notes: self.subchart_notes,
        };
        // With a post-renderer, the notes come out first and the rest goes through it.
        let mut post_rendered_notes = None;
        if let Some(post_render) = &self.post_renderer {
            let notes = crate::postrender::take_notes(&mut files, &chart, self.subchart_notes);
            match crate::postrender::post_render(&files, post_render, log) {
                Ok(out) => files = out,
                Err(crate::postrender::PostRenderStepError::Sort(error)) => {
                    release.manifest.clone_from(&error.debug_output);
                    return Err(Box::new(Failure {
                        error: error.into(),
                        release: Some(release),
                    }));
                }
                Err(error) => {
                    release.notes = notes;
                    return Err(Box::new(Failure {
                        error: error.into(),
                        release: Some(release),
                    }));
                }
            }
            post_rendered_notes = Some(notes);
        }
        match assemble(files, &chart, &assemble_options) {
            Ok(assembled) => {
                release.manifest = assembled.manifest;
                release.hooks = assembled.hooks;
                release.manifests = assembled.manifests;
                release.crds = assembled.crds;
                release.notes = post_rendered_notes.unwrap_or(assembled.notes);
                release.chart = Some(chart);
                Ok(release)
            }
            Err(error) => {
                release.manifest.clone_from(&error.debug_output);
                Err(Box::new(Failure {
                    error: error.into(),
                    release: Some(release),
                }))
            }
        }
    }
}

impl Install {
    /// [`Install::render`] with `lookup` answered by the cluster when there is one (Helm's
    /// `interactWithServer`): the render runs on a blocking thread so that each lookup can
    /// wait for the API server while the runtime does the I/O.
    ///
    /// # Errors
    /// As [`Install::render`].
    pub async fn render_with_lookup(
        &self,
        client: Option<kube::Client>,
        chart: Chart,
        vals: &Map,
        capabilities: &Capabilities,
        log: &mut Vec<Record>,
    ) -> Result<Release, Box<Failure>> {
        let Some(client) = client else {
            return self.render(chart, vals, capabilities, log);
        };
        let lookup_log = Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut install = self.clone();
        install.lookup = Some(Arc::new(crate::lookup::KubeLookup::new(
            client,
            Arc::clone(&lookup_log),
        )));
        let (vals, capabilities) = (vals.clone(), capabilities.clone());
        let joined = tokio::task::spawn_blocking(move || {
            let mut log = Vec::new();
            let result = install.render(chart, &vals, &capabilities, &mut log);
            (result, log)
        })
        .await;
        let (result, render_log) = joined.map_err(|e| {
            Box::new(Failure {
                error: InstallError::Unsupported(format!("rendering stopped: {e}")),
                release: None,
            })
        })?;
        // Helm logs lookup errors as they happen, before the render's own warnings end.
        log.extend(
            lookup_log
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .drain(..),
        );
        log.extend(render_log);
        result
    }
}

/// The Namespace `--create-namespace` applies, as Helm's `yaml.Marshal(v1.Namespace)` writes it.
pub fn namespace_manifest(name: &str) -> String {
    let name = rudder_value::strconv::quote(name);
    format!(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  labels:\n    name: {name}\n  name: {name}\nspec: {{}}\nstatus: {{}}\n"
    )
}

impl Install {
    /// `Install.RunWithContext` against a cluster (`dry_run` none or server) or client-only
    /// (`dry_run` client): renders with the server's capabilities, records `pending-install`,
    /// applies every object with server-side apply, and records `deployed`. A failure after
    /// the record exists marks it `failed` (`Release "x" failed: ...`).
    ///
    /// # Errors
    /// Helm's texts (without the command line's `INSTALLATION FAILED: `).
    pub async fn run(
        &self,
        cfg: &Configuration,
        chart: Chart,
        vals: &Map,
        log: &mut Vec<Record>,
    ) -> Result<rudder_release::Release, ActionError> {
        let mut deploy = self.deploy.clone();
        deploy.promote_wait_for_rollback();
        let opts = &deploy;
        let server = self.dry_run != DryRun::Client;
        if server && let Err(e) = cfg.is_reachable().await {
            log.push(Record::slog(
                Level::Error,
                &format!("cluster reachability check failed: {e}"),
                &[],
            ));
            return Err(ActionError::msg(format!(
                "cluster reachability check failed: {e}"
            )));
        }
        if self.dry_run == DryRun::None && self.hide_secret {
            log.push(Record::slog(
                Level::Error,
                "hiding Kubernetes secrets requires a dry-run mode",
                &[],
            ));
            return Err(ActionError::msg(
                "hiding Kubernetes secrets requires a dry-run mode",
            ));
        }
        if self.dry_run == DryRun::None
            && let Err(cause) = self.available_name(cfg).await
        {
            log.push(Record::slog(
                Level::Error,
                "release name check failed",
                &[("error", cause.clone())],
            ));
            return Err(ActionError::msg(format!(
                "release name check failed: {cause}"
            )));
        }
        let mut cluster = if server {
            Some(Cluster::connect(cfg).await?)
        } else {
            None
        };
        let capabilities = if let Some(c) = &cluster {
            c.capabilities()
        } else {
            let mut caps = Capabilities::default();
            if let Some(version) = &self.kube_version {
                caps.kube_version = version.clone();
            }
            caps.api_versions.extend(self.api_versions.iter().cloned());
            caps
        };
        if server && !opts.skip_crds && !chart.crd_objects().is_empty() {
            if self.dry_run == DryRun::Server {
                log.push(Record::slog(
                    Level::Warn,
                    "This chart or one of its subcharts contains CRDs. Rendering may fail or contain inaccuracies.",
                    &[],
                ));
            } else if let Some(c) = cluster.as_mut() {
                install_crds(c, &chart, opts.force_conflicts).await?;
            }
        }
        let client = cluster.as_ref().map(|c| c.client.client().clone());
        let rendered = self
            .render_with_lookup(client, chart, vals, &capabilities, log)
            .await
            .map_err(|f| ActionError::msg(f.error.to_string()))?;
        let hooks = record::hooks(&rendered.hooks);
        let chart = rendered
            .chart
            .as_ref()
            .ok_or_else(|| ActionError::msg("no chart"))?;
        let apply_method = if opts.server_side { "ssa" } else { "csa" };
        let mut rel = record::new_release(
            &self.release_name,
            &self.namespace,
            chart,
            vals,
            1,
            &self.labels,
            apply_method,
            &rudder_release::gotime::Time::now(),
        )?;
        rel.manifest.clone_from(&rendered.manifest);
        rel.hooks = hooks;
        if let Some(info) = rel.info.as_mut() {
            info.notes.clone_from(&rendered.notes);
        }
        record::set_status(&mut rel, Status::PendingInstall, "Initial install underway");

        let Some(cluster) = cluster else {
            record::set_status(&mut rel, Status::PendingInstall, "Dry run complete");
            return Ok(rel);
        };
        let mut resources = cluster.build(&rel.manifest, &self.namespace).map_err(|e| {
            ActionError::msg(format!(
                "unable to build kubernetes objects from release manifest: {e}"
            ))
        })?;
        for r in &mut resources {
            r.set_release_metadata(&rel.name, &rel.namespace);
        }
        let to_adopt = if self.is_upgrade || resources.is_empty() {
            Vec::new()
        } else {
            cluster
                .existing(&resources, &rel.name, &rel.namespace, opts.take_ownership)
                .await
                .map_err(|e| ActionError::msg(format!("unable to continue with install: {e}")))?
        };
        if self.dry_run == DryRun::Server {
            record::set_status(&mut rel, Status::PendingInstall, "Dry run complete");
            return Ok(rel);
        }
        if opts.create_namespace {
            let namespace = cluster.build(&namespace_manifest(&self.namespace), "")?;
            // Client-side, an existing namespace is AlreadyExists, which Helm ignores.
            match cluster
                .applier
                .create(
                    &namespace,
                    ApplyOptions {
                        server_side: opts.server_side,
                        force_conflicts: false,
                    },
                )
                .await
            {
                Err(e) if !e.is_already_exists() => return Err(e.into()),
                _ => {}
            }
        }
        if opts.replace {
            self.replace_release(cfg, &mut rel).await?;
        }
        cfg.storage.create(&rel).await?;
        let hooks = Hooks {
            cluster: &cluster,
            storage: &cfg.storage,
            timeout: opts.timeout,
            strategy: opts.wait_strategy(),
            server_side: opts.server_side,
        };
        let perform = async {
            if !opts.no_hooks {
                hooks
                    .exec(&mut rel, "pre-install", log)
                    .await
                    .map_err(|e| format!("failed pre-install: {e}"))?;
            }
            let applied = if resources.is_empty() {
                Ok(())
            } else if to_adopt.is_empty() {
                cluster
                    .applier
                    .create(
                        &resources,
                        ApplyOptions {
                            server_side: opts.server_side,
                            force_conflicts: false,
                        },
                    )
                    .await
            } else {
                cluster
                    .applier
                    .update_with(
                        &to_adopt,
                        &resources,
                        ApplyOptions {
                            server_side: opts.server_side,
                            force_conflicts: opts.force_conflicts,
                        },
                        rudder_kube::apply::UpdateExtras {
                            force_replace: opts.force_replace,
                            upgrade_client_side_field_manager: true,
                            // Helm: three-way merge when taking ownership client-side.
                            three_way_merge_for_unstructured: opts.take_ownership
                                && !opts.server_side,
                        },
                    )
                    .await
                    .1
            };
            applied.map_err(|e| e.to_string())?;
            opts.wait_ready(&cluster, &resources)
                .await
                .map_err(|e| e.to_string())?;
            if !opts.no_hooks {
                hooks
                    .exec(&mut rel, "post-install", log)
                    .await
                    .map_err(|e| format!("failed post-install: {e}"))?;
            }
            Ok::<(), String>(())
        };
        // performInstallCtx: the context's cancellation wins over the work in flight, which
        // Helm leaves running in the background and rudder stops.
        let performed = tokio::select! {
            biased;
            () = opts.cancel.cancelled() => Err(crate::deploy::CONTEXT_CANCELED.to_owned()),
            r = perform => r,
        };
        if let Err(text) = performed {
            return Err(self.fail_release(cfg, opts, &mut rel, &text, log).await);
        }
        let description = if opts.description.is_empty() {
            "Install complete"
        } else {
            opts.description.as_str()
        };
        record::set_status(&mut rel, Status::Deployed, description);
        if let Err(e) = cfg.storage.update(&rel).await {
            log.push(Record::slog(
                Level::Error,
                "failed to record the release",
                &[("error", e.to_string())],
            ));
        }
        Ok(rel)
    }

    /// `failRelease`: the release `failed` (`Release "x" failed: ...`); with
    /// `--rollback-on-failure` it is uninstalled instead of recorded (every revision purged,
    /// with the same hooks, timeout and wait), else the failed record is stored.
    async fn fail_release(
        &self,
        cfg: &Configuration,
        opts: &crate::deploy::DeployOptions,
        rel: &mut rudder_release::Release,
        error: &str,
        log: &mut Vec<Record>,
    ) -> ActionError {
        let name = &self.release_name;
        record::set_status(
            rel,
            Status::Failed,
            &format!("Release {} failed: {error}", record::quote(name)),
        );
        if !opts.rollback_on_failure {
            let _ = cfg.storage.update(rel).await;
            return ActionError::msg(error.to_owned());
        }
        log.push(Record::slog(
            Level::Debug,
            "install failed and rollback-on-failure is set, uninstalling release",
            &[("release", name.clone())],
        ));
        let uninstall = crate::uninstall::Uninstall {
            no_hooks: opts.no_hooks,
            keep_history: false,
            timeout: opts.timeout,
            wait: opts.wait.clone(),
            ..crate::uninstall::Uninstall::default()
        };
        match Box::pin(uninstall.run(cfg, name, log)).await {
            Ok(_) => ActionError::msg(format!(
                "release {name} failed, and has been uninstalled due to rollback-on-failure being set: {error}"
            )),
            Err(e) => ActionError::msg(format!(
                "an error occurred while uninstalling the release. original install error: {error}: {e}"
            )),
        }
    }

    /// `availableName`: a valid name not in use (or, with `--replace`, whose last revision
    /// is uninstalled or failed).
    ///
    /// # Errors
    /// The cause, without `release name check failed: `.
    async fn available_name(&self, cfg: &Configuration) -> Result<(), String> {
        if let Err(reason) = validate_release_name(&self.release_name) {
            return Err(format!(
                "release name {}: {reason}",
                record::quote(&self.release_name)
            ));
        }
        let Ok(history) = cfg.storage.history(&self.release_name).await else {
            return Ok(());
        };
        let Some(last) = history.iter().max_by_key(|r| r.version) else {
            return Ok(());
        };
        let status = last.status();
        if self.deploy.replace && matches!(status, Status::Uninstalled | Status::Failed) {
            return Ok(());
        }
        Err("cannot reuse a name that is still in use".to_owned())
    }

    /// `replaceRelease`: the new record follows the last one, which becomes superseded
    /// unless it failed.
    async fn replace_release(
        &self,
        cfg: &Configuration,
        rel: &mut rudder_release::Release,
    ) -> Result<(), ActionError> {
        let Ok(history) = cfg.storage.history(&rel.name).await else {
            return Ok(());
        };
        let Some(mut last) = history.into_iter().max_by_key(|r| r.version) else {
            return Ok(());
        };
        rel.version = last.version + 1;
        if last.status() == Status::Failed {
            return Ok(());
        }
        record::set_status(&mut last, Status::Superseded, "superseded by new release");
        cfg.storage.update(&last).await?;
        Ok(())
    }
}

/// `installCRDs`: every CRD file of the chart and its subcharts applied (force with
/// `--force-conflicts`), then discovery read again. Waiting for them to be established is the
/// waiter's job, a no-op without `--wait`.
async fn install_crds(
    cluster: &mut Cluster,
    chart: &Chart,
    force: bool,
) -> Result<(), ActionError> {
    let mut all = Vec::new();
    for (name, file) in chart.crd_objects() {
        let text = String::from_utf8_lossy(&file.data);
        let resources = cluster
            .build(&text, "")
            .map_err(|e| ActionError::msg(format!("failed to install CRD {name}: {e}")))?;
        all.extend(resources);
    }
    if all.is_empty() {
        return Ok(());
    }
    cluster
        .applier
        .create(
            &all,
            ApplyOptions {
                server_side: true,
                force_conflicts: force,
            },
        )
        .await
        .map_err(|e| ActionError::msg(format!("failed to install CRD {e}")))?;
    // Helm then resets its discovery; its REST mapper discovers again on a kind it does not
    // know, by which time (the render in between) the new kinds are served. rudder renders
    // faster, so it reads discovery again until every served version of the new CRDs is
    // there, within the 60 seconds Helm gives CRDs.
    let wanted: Vec<(String, String)> = all
        .iter()
        .flat_map(|r| {
            let spec = &r.object["spec"];
            let group = spec["group"].as_str().unwrap_or_default().to_owned();
            let kind = spec["names"]["kind"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            spec["versions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|v| v["served"].as_bool().unwrap_or(true))
                .filter_map(move |v| {
                    let version = v["name"].as_str()?;
                    Some((format!("{group}/{version}"), kind.clone()))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
    loop {
        cluster.refresh().await?;
        let missing = wanted
            .iter()
            .any(|(api_version, kind)| cluster.discovery.resolve(api_version, kind).is_none());
        if !missing || std::time::Instant::now() >= deadline {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

/// The `--debug` records of `ValidateAgainstSchema`: each chart with a schema, its number of
/// subcharts, then the subcharts whose values are a map.
fn schema_trace(chart: &Chart, values: &Map, log: &mut Vec<Record>) {
    if chart.schema.is_some() {
        log.push(Record::slog(
            Level::Debug,
            "chart name",
            &[("chart-name", chart.name().to_owned())],
        ));
    }
    log.push(Record::slog(
        Level::Debug,
        "number of dependencies in the chart",
        &[
            ("chart", chart.name().to_owned()),
            ("dependencies", chart.dependencies.len().to_string()),
        ],
    ));
    for sub in &chart.dependencies {
        if let Some(Value::Map(sub_values)) = values.get(sub.name())
            && !sub_values.is_nil()
        {
            schema_trace(sub, &sub_values, log);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_as_helm_validates_them() {
        for good in ["a", "release-name", "a.b-c", "x1", "0"] {
            assert!(validate_release_name(good).is_ok(), "{good}");
        }
        for bad in ["A", "-a", "a-", "a..b", "a_b", ".a", &"a".repeat(54)] {
            assert!(validate_release_name(bad).is_err(), "{bad}");
        }
        assert_eq!(
            validate_release_name(""),
            Err("no name provided".to_owned())
        );
    }
}
