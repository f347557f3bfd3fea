//! `helm template --dry-run=server` (and the deprecated `--validate`, which Helm turns into
//! it): `Install.RunWithContext` with `DryRunServer` as `pkg/cmd/template.go` sets it up
//! (`Replace`, so no release-name check against storage), stopping where a server dry run stops.
//!
//! Against the cluster, in Helm's order: the reachability check, the warning for a chart with
//! CRDs (they are not installed), the capabilities from discovery, `lookup` answered by the
//! cluster, then the rendered manifest mapped through discovery (unknown kinds fail) and, unless
//! `--is-upgrade`, the existing objects checked for this release's ownership
//! (`existingResourceConflict`; `requireAdoption` with `--take-ownership`). Nothing is written.
//!
//! Client-side OpenAPI validation is not done: Helm's validator (kubectl's
//! `ParamVerifyingSchema`) skips it on every API server that supports the `fieldValidation`
//! parameter (Kubernetes 1.27 and later), which is what a server dry run talks to.

use rudder_chart::chart::Chart;
use rudder_value::Map;

use crate::config::Configuration;
use crate::deploy::Cluster;
use crate::install::{Install, Level, Record, Release};

/// A failed server render: Helm's error text, and the release when the render itself failed
/// (what `template --debug` prints).
#[derive(Debug)]
pub struct ServerRenderFailure {
    /// The release of a failed render.
    pub release: Option<Release>,
    /// The error, without the command line's prefix.
    pub message: String,
}

impl ServerRenderFailure {
    fn msg(message: impl Into<String>) -> Box<Self> {
        Box::new(Self {
            release: None,
            message: message.into(),
        })
    }
}

impl Install {
    /// `helm template`'s install with a server dry run. `check_objects` is false with
    /// `--output-dir`, where Helm's manifest is written to files and what it maps and checks
    /// is empty.
    ///
    /// # Errors
    /// `cluster reachability check failed: ...`, render failures (with the release),
    /// `unable to build kubernetes objects from release manifest: ...`, `unable to continue
    /// with install: ...`.
    pub async fn run_server_render(
        &self,
        cfg: &Configuration,
        chart: Chart,
        vals: &Map,
        check_objects: bool,
        log: &mut Vec<Record>,
    ) -> Result<Release, Box<ServerRenderFailure>> {
        if let Err(e) = cfg.is_reachable().await {
            let message = format!("cluster reachability check failed: {e}");
            log.push(Record::slog(Level::Error, &message, &[]));
            return Err(ServerRenderFailure::msg(message));
        }
        let cluster = Cluster::connect(cfg)
            .await
            .map_err(|e| ServerRenderFailure::msg(e.to_string()))?;
        if !self.deploy.skip_crds && !chart.crd_objects().is_empty() {
            log.push(Record::slog(
                Level::Warn,
                "This chart or one of its subcharts contains CRDs. Rendering may fail or contain inaccuracies.",
                &[],
            ));
        }
        let capabilities = cluster.capabilities();
        let client = cluster.client.client().clone();
        let release = self
            .render_with_lookup(Some(client), chart, vals, &capabilities, log)
            .await
            .map_err(|f| {
                Box::new(ServerRenderFailure {
                    release: f.release,
                    message: f.error.to_string(),
                })
            })?;
        let manifest = if check_objects {
            release.manifest.as_str()
        } else {
            ""
        };
        let mut resources = cluster.build(manifest, &self.namespace).map_err(|e| {
            ServerRenderFailure::msg(format!(
                "unable to build kubernetes objects from release manifest: {e}"
            ))
        })?;
        for r in &mut resources {
            r.set_release_metadata(&self.release_name, &self.namespace);
        }
        if !self.is_upgrade && !resources.is_empty() {
            cluster
                .existing(
                    &resources,
                    &self.release_name,
                    &self.namespace,
                    self.deploy.take_ownership,
                )
                .await
                .map_err(|e| {
                    ServerRenderFailure::msg(format!("unable to continue with install: {e}"))
                })?;
        }
        Ok(release)
    }
}
