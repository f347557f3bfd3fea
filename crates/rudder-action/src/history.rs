//! `helm history` (`pkg/action/history.go`, `pkg/cmd/history.go`): the action and its printer.
//!
//! Helm decodes every revision and keeps the newest `--max`; this reads the revisions' labels
//! and decodes only those it prints.

use rudder_release::{Depth, Release, is_valid_release_name};

use crate::ActionError;
use crate::config::Configuration;
use crate::output::{Format, Table, encode_json, encode_yaml};
use crate::output::{format_app_version, format_chart_name};

/// `helm history`'s flags.
#[derive(Debug, Clone)]
pub struct History {
    /// `--max` (default 256).
    pub max: i64,
    /// `-o/--output`
    pub output: Format,
}

impl Default for History {
    fn default() -> Self {
        Self {
            max: 256,
            output: Format::Table,
        }
    }
}

impl History {
    /// The newest `--max` revisions of `name`, oldest first.
    ///
    /// # Errors
    /// An unreachable cluster, an invalid name, `release: not found`, or the backend's error.
    pub async fn run(&self, cfg: &Configuration, name: &str) -> Result<Vec<Release>, ActionError> {
        cfg.is_reachable().await?;
        if !is_valid_release_name(name) {
            return Err(ActionError::msg(format!("release name is invalid: {name}")));
        }
        let max = usize::try_from(self.max.max(0)).unwrap_or(usize::MAX);
        Ok(cfg
            .storage
            .history_newest(name, max, Depth::Summary)
            .await?)
    }

    /// Runs and prints, as `helm history` does.
    ///
    /// # Errors
    /// As [`History::run`].
    pub async fn run_to_string(
        &self,
        cfg: &Configuration,
        name: &str,
    ) -> Result<String, ActionError> {
        let revisions = self.run(cfg, name).await?;
        self.print(&revisions)
    }

    /// The printer (`releaseHistory`).
    ///
    /// # Errors
    /// A YAML conversion failure (not expected).
    pub fn print(&self, revisions: &[Release]) -> Result<String, ActionError> {
        let mut out = String::new();
        match self.output {
            Format::Table => {
                let mut table = Table::new();
                table.add_row([
                    "REVISION",
                    "UPDATED",
                    "STATUS",
                    "CHART",
                    "APP VERSION",
                    "DESCRIPTION",
                ]);
                for r in revisions {
                    table.add_row([
                        r.version.to_string(),
                        r.last_deployed().ansic(),
                        r.status().as_str().to_owned(),
                        format_chart_name(r),
                        format_app_version(r),
                        description(r).to_owned(),
                    ]);
                }
                table.encode(&mut out);
            }
            Format::Json | Format::Yaml => {
                let mut json = String::from("[");
                for (i, r) in revisions.iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    json.push_str("{\"revision\":");
                    json.push_str(&r.version.to_string());
                    let deployed = r.last_deployed();
                    if !deployed.is_zero() {
                        json.push_str(",\"updated\":");
                        rudder_release::write_json_string(&mut json, &deployed.to_rfc3339_nano());
                    }
                    for (k, v) in [
                        ("status", r.status().as_str().to_owned()),
                        ("chart", format_chart_name(r)),
                        ("app_version", format_app_version(r)),
                        ("description", description(r).to_owned()),
                    ] {
                        json.push_str(",\"");
                        json.push_str(k);
                        json.push_str("\":");
                        rudder_release::write_json_string(&mut json, &v);
                    }
                    json.push('}');
                }
                json.push(']');
                if self.output == Format::Json {
                    encode_json(&json, &mut out);
                } else {
                    encode_yaml(&json, &mut out)?;
                }
            }
        }
        Ok(out)
    }
}

fn description(r: &Release) -> &str {
    r.info.as_ref().map_or("", |i| i.description.as_str())
}
