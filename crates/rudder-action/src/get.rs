//! `helm get all|values|manifest|notes|hooks|metadata` (`pkg/action/get*.go`,
//! `pkg/cmd/get_*.go`): the actions and their printers.

use std::fmt::Write as _;

use rudder_release::Release;
use rudder_release::labels::set_string;

use crate::ActionError;
use crate::config::Configuration;
use crate::output::coalesce_release_values_json;
use crate::output::{Format, encode_json, encode_yaml};
use crate::status::{StatusPrinter, release_content};

/// What `helm get` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GetWhat {
    /// `get all`
    All,
    /// `get values`
    Values,
    /// `get manifest`
    Manifest,
    /// `get notes`
    Notes,
    /// `get hooks`
    Hooks,
    /// `get metadata`
    Metadata,
}

/// `helm get`'s flags.
#[derive(Debug, Clone)]
pub struct Get {
    /// The subcommand.
    pub what: GetWhat,
    /// `--revision` (0: the newest).
    pub revision: i64,
    /// `get values -a/--all`.
    pub all_values: bool,
    /// `-o/--output` (`values`, `metadata`).
    pub output: Format,
    /// `get all --template`.
    pub template: String,
    /// Colours on.
    pub color: bool,
}

impl Get {
    /// A `get` of `what` with Helm's defaults.
    pub fn new(what: GetWhat) -> Self {
        Self {
            what,
            revision: 0,
            all_values: false,
            output: Format::Table,
            template: String::new(),
            color: false,
        }
    }

    /// The release asked for.
    ///
    /// # Errors
    /// An unreachable cluster, an unknown release or revision, or the backend's error.
    pub async fn run(&self, cfg: &Configuration, name: &str) -> Result<Release, ActionError> {
        cfg.is_reachable().await?;
        release_content(cfg, name, self.revision).await
    }

    /// Runs and prints.
    ///
    /// # Errors
    /// As [`Get::run`], and what printing the release fails with.
    pub async fn run_to_string(
        &self,
        cfg: &Configuration,
        name: &str,
    ) -> Result<String, ActionError> {
        let release = self.run(cfg, name).await?;
        self.print(&release)
    }

    /// The printer.
    ///
    /// # Errors
    /// Values that cannot be coalesced or encoded.
    pub fn print(&self, rel: &Release) -> Result<String, ActionError> {
        let mut out = String::new();
        match self.what {
            GetWhat::All => {
                if !self.template.is_empty() {
                    return Err(ActionError::msg(
                        "get all --template is not supported by rudder yet",
                    ));
                }
                let printer = StatusPrinter {
                    release: rel,
                    debug: true,
                    show_metadata: true,
                    hide_notes: false,
                    color: self.color,
                };
                return printer.write(Format::Table);
            }
            GetWhat::Values => {
                let json = if self.all_values {
                    coalesce_release_values_json(rel)?
                } else {
                    match &rel.config {
                        Some(config) => {
                            let mut s = String::new();
                            config
                                .write_json(&mut s)
                                .map_err(|e| ActionError::msg(e.to_string()))?;
                            s
                        }
                        None => "null".to_owned(),
                    }
                };
                match self.output {
                    Format::Table => {
                        out.push_str(if self.all_values {
                            "COMPUTED VALUES:\n"
                        } else {
                            "USER-SUPPLIED VALUES:\n"
                        });
                        encode_yaml(&json, &mut out)?;
                    }
                    Format::Json => encode_json(&json, &mut out),
                    Format::Yaml => encode_yaml(&json, &mut out)?,
                }
            }
            GetWhat::Manifest => {
                out.push_str(&rel.manifest);
                out.push('\n');
            }
            GetWhat::Notes => {
                let notes = rel.info.as_ref().map_or("", |i| i.notes.as_str());
                if !notes.is_empty() {
                    let _ = writeln!(out, "NOTES:\n{notes}");
                }
            }
            GetWhat::Hooks => {
                for h in &rel.hooks {
                    let _ = writeln!(out, "---\n# Source: {}\n{}", h.path, h.manifest);
                }
            }
            GetWhat::Metadata => self.metadata(rel, &mut out)?,
        }
        Ok(out)
    }

    fn metadata(&self, rel: &Release, out: &mut String) -> Result<(), ActionError> {
        let Some(chart) = &rel.chart else {
            return Err(ActionError::msg("unsupported chart type: <nil>"));
        };
        let meta = chart.metadata.clone().unwrap_or_default();
        let info = rel.info.clone().unwrap_or_default();
        let deployed_at = info.last_deployed.format("2006-01-02T15:04:05Z07:00");
        let deps: Vec<&rudder_release::Dependency> = meta.dependencies.iter().flatten().collect();
        match self.output {
            Format::Table => {
                let method = match rel.apply_method.as_str() {
                    "" => "client-side apply (defaulted)".to_owned(),
                    "csa" => "client-side apply".to_owned(),
                    "ssa" => "server-side apply".to_owned(),
                    other => format!("unknown ({other:?})"),
                };
                let mut names: Vec<&str> = deps.iter().map(|d| d.name.as_str()).collect();
                names.sort_unstable();
                let annotations = meta.annotations.clone().unwrap_or_default();
                let _ = writeln!(out, "NAME: {}", rel.name);
                let _ = writeln!(out, "CHART: {}", meta.name);
                let _ = writeln!(out, "VERSION: {}", meta.version);
                let _ = writeln!(out, "APP_VERSION: {}", meta.app_version);
                let _ = writeln!(out, "ANNOTATIONS: {}", set_string(&annotations));
                let _ = writeln!(out, "LABELS: {}", set_string(&rel.labels));
                let _ = writeln!(out, "DEPENDENCIES: {}", names.join(","));
                let _ = writeln!(out, "NAMESPACE: {}", rel.namespace);
                let _ = writeln!(out, "REVISION: {}", rel.version);
                let _ = writeln!(out, "STATUS: {}", info.status);
                let _ = writeln!(out, "DEPLOYED_AT: {deployed_at}");
                let _ = writeln!(out, "APPLY_METHOD: {method}");
            }
            Format::Json | Format::Yaml => {
                let mut json = String::from("{");
                let field = |json: &mut String, k: &str, v: &str| {
                    if json.len() > 1 {
                        json.push(',');
                    }
                    json.push('"');
                    json.push_str(k);
                    json.push_str("\":");
                    rudder_release::write_json_string(json, v);
                };
                field(&mut json, "name", &rel.name);
                field(&mut json, "chart", &meta.name);
                field(&mut json, "version", &meta.version);
                field(&mut json, "appVersion", &meta.app_version);
                let map_field = |json: &mut String, k: &str, m: &rudder_release::labels::Labels| {
                    if m.is_empty() {
                        return;
                    }
                    json.push_str(",\"");
                    json.push_str(k);
                    json.push_str("\":{");
                    for (i, (mk, mv)) in m.iter().enumerate() {
                        if i > 0 {
                            json.push(',');
                        }
                        rudder_release::write_json_string(json, mk);
                        json.push(':');
                        rudder_release::write_json_string(json, mv);
                    }
                    json.push('}');
                };
                map_field(
                    &mut json,
                    "annotations",
                    &meta.annotations.clone().unwrap_or_default(),
                );
                map_field(&mut json, "labels", &rel.labels);
                if !meta.dependencies.is_empty() {
                    json.push_str(",\"dependencies\":[");
                    for (i, d) in meta.dependencies.iter().enumerate() {
                        if i > 0 {
                            json.push(',');
                        }
                        match d {
                            Some(d) => d
                                .write_json(&mut json)
                                .map_err(|e| ActionError::msg(e.to_string()))?,
                            None => json.push_str("null"),
                        }
                    }
                    json.push(']');
                }
                field(&mut json, "namespace", &rel.namespace);
                json.push_str(",\"revision\":");
                json.push_str(&rel.version.to_string());
                field(&mut json, "status", info.status.as_str());
                field(&mut json, "deployedAt", &deployed_at);
                if !rel.apply_method.is_empty() {
                    field(&mut json, "applyMethod", &rel.apply_method);
                }
                json.push('}');
                if self.output == Format::Json {
                    encode_json(&json, out);
                } else {
                    encode_yaml(&json, out)?;
                }
            }
        }
        Ok(())
    }
}
