//! `helm status` (`pkg/action/status.go`, `pkg/cmd/status.go`) and the status printer that
//! `helm get all` shares.
//!
//! `status` reads every object of the release's manifest back from the cluster
//! (`rudder_kube::get`): as server-side tables printed under `RESOURCES:` for the table
//! output, as the objects themselves under `info.resources` for `-o json|yaml`.
//!
//! Helm prints the `RESOURCES:` kinds in the random order of a Go map; rudder prints them
//! sorted by `version/Kind` (COMPATIBILITY.md).

mod table;

use std::collections::BTreeMap;

use rudder_kube::Discovery;
use rudder_release::{Release, is_valid_release_name};
use rudder_value::Value;

use crate::ActionError;
use crate::config::Configuration;
use crate::output::{Color, Format, encode_json, encode_yaml, paint, status_color};
use crate::output::{coalesce_release_values, values_yaml};

/// `helm status`'s flags.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// `--revision` (0: the newest).
    pub revision: i64,
    /// `-o/--output`
    pub output: Format,
    /// Colours on.
    pub color: bool,
}

/// `releaseContent`: the revision asked for, or the newest one.
///
/// # Errors
/// An invalid name, `release: not found`, or a record that does not decode.
pub(crate) async fn release_content(
    cfg: &Configuration,
    name: &str,
    revision: i64,
) -> Result<Release, ActionError> {
    if !is_valid_release_name(name) {
        return Err(ActionError::msg(format!(
            "releaseContent: Release name is invalid: {name}"
        )));
    }
    if revision <= 0 {
        return Ok(cfg.storage.last(name).await?);
    }
    Ok(cfg.storage.get(name, revision).await?)
}

impl Status {
    /// `Status.Run`.
    ///
    /// # Errors
    /// An unreachable cluster, an unknown release or revision, or the backend's error.
    pub async fn run(&self, cfg: &Configuration, name: &str) -> Result<Release, ActionError> {
        cfg.is_reachable().await?;
        let mut release = release_content(cfg, name, self.revision).await?;
        // Without a client (the memory driver's preloaded releases) Helm's printing fake
        // client builds and reads nothing.
        if let Some(client) = &cfg.kube {
            let discovery = Discovery::run(client).await?;
            let resources =
                rudder_kube::resource::build(&release.manifest, &discovery, client.namespace())?;
            let live = rudder_kube::get::get_live(client, &resources, self.table()).await?;
            let converted: BTreeMap<String, Vec<Value>> = live
                .into_iter()
                .map(|(k, objects)| (k, objects.iter().map(crate::lookup::unstructured).collect()))
                .collect();
            release.info.get_or_insert_with(Default::default).resources = Some(converted);
        }
        Ok(release)
    }

    /// `ShowResourcesTable`: the table output reads server-side tables.
    fn table(&self) -> bool {
        self.output == Format::Table
    }

    /// Runs and prints, as `helm status` does.
    ///
    /// # Errors
    /// As [`Status::run`].
    pub async fn run_to_string(
        &self,
        cfg: &Configuration,
        name: &str,
    ) -> Result<String, ActionError> {
        let mut release = self.run(cfg, name).await?;
        // Helm strips the chart from the output.
        release.chart = None;
        let printer = StatusPrinter {
            release: &release,
            debug: false,
            show_metadata: false,
            hide_notes: false,
            color: self.color,
        };
        printer.write(self.output)
    }
}

/// `statusPrinter`.
#[derive(Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "the fields of Helm's statusPrinter"
)]
pub struct StatusPrinter<'a> {
    /// The release.
    pub release: &'a Release,
    /// Values, hooks and manifest too (`get all`).
    pub debug: bool,
    /// Chart name, version and app version (`get all`).
    pub show_metadata: bool,
    /// No `NOTES:`.
    pub hide_notes: bool,
    /// Colours on.
    pub color: bool,
}

impl StatusPrinter<'_> {
    /// Prints in `format`.
    ///
    /// # Errors
    /// A value that cannot be encoded.
    pub fn write(&self, format: Format) -> Result<String, ActionError> {
        let mut out = String::new();
        match format {
            Format::Table => self.write_table(&mut out)?,
            Format::Json | Format::Yaml => {
                let json = self
                    .release
                    .to_json()
                    .map_err(|e| ActionError::msg(format!("unable to write JSON output: {e}")))?;
                if format == Format::Json {
                    encode_json(&json, &mut out);
                } else {
                    encode_yaml(&json, &mut out)?;
                }
            }
        }
        Ok(out)
    }

    fn write_table(&self, out: &mut String) -> Result<(), ActionError> {
        use std::fmt::Write as _;
        let rel = self.release;
        let info = rel.info.clone().unwrap_or_default();
        let _ = writeln!(out, "NAME: {}", rel.name);
        if !info.last_deployed.is_zero() {
            let _ = writeln!(out, "LAST DEPLOYED: {}", info.last_deployed.ansic());
        }
        let _ = writeln!(
            out,
            "NAMESPACE: {}",
            paint(&rel.namespace, Color::Cyan, self.color)
        );
        let _ = writeln!(
            out,
            "STATUS: {}",
            status_color(info.status.as_str(), self.color)
        );
        let _ = writeln!(out, "REVISION: {}", rel.version);
        if self.show_metadata {
            let meta = rel.chart.as_ref().and_then(|c| c.metadata.clone());
            let Some(meta) = meta else {
                // Helm dereferences a nil chart or metadata here and panics.
                return Err(ActionError::msg("the release has no chart metadata"));
            };
            let _ = writeln!(out, "CHART: {}", meta.name);
            let _ = writeln!(out, "VERSION: {}", meta.version);
            let _ = writeln!(out, "APP_VERSION: {}", meta.app_version);
        }
        let _ = writeln!(out, "DESCRIPTION: {}", info.description);

        if let Some(resources) = info.resources.as_ref().filter(|r| !r.is_empty()) {
            let mut printer = table::TablePrinter::default();
            let mut section = String::new();
            for (kind, objects) in resources {
                let _ = writeln!(section, "==> {kind}");
                for object in objects {
                    printer.print(object, &mut section);
                }
                section.push('\n');
            }
            let _ = writeln!(out, "RESOURCES:\n{section}");
        }

        let tests: Vec<_> = rel
            .hooks
            .iter()
            .filter(|h| h.events.iter().any(|e| e == "test"))
            .collect();
        if tests.is_empty() {
            out.push_str("TEST SUITE: None\n");
        } else {
            for h in tests {
                if h.last_run.started_at.is_zero() {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "TEST SUITE:     {}\nLast Started:   {}\nLast Completed: {}\nPhase:          {}",
                    h.name,
                    h.last_run.started_at.ansic(),
                    h.last_run.completed_at.ansic(),
                    h.last_run.phase
                );
            }
        }

        if self.debug {
            out.push_str("USER-SUPPLIED VALUES:\n");
            out.push_str(&values_yaml(rel.config.as_ref())?);
            out.push('\n');
            let computed = coalesce_release_values(rel)?;
            out.push_str("COMPUTED VALUES:\n");
            out.push_str(&computed);
            out.push('\n');
        }

        if info.description.eq_ignore_ascii_case("Dry run complete") || self.debug {
            out.push_str("HOOKS:\n");
            for h in &rel.hooks {
                let _ = writeln!(out, "---\n# Source: {}\n{}", h.path, h.manifest);
            }
            let _ = writeln!(out, "MANIFEST:\n{}", rel.manifest);
        }

        if !self.hide_notes && !info.notes.is_empty() {
            let _ = writeln!(out, "NOTES:\n{}", info.notes.trim());
        }
        Ok(())
    }
}
