//! `helm list` (`pkg/action/list.go`, `pkg/cmd/list.go`): the action and its printer.
//!
//! The selection itself ([`rudder_release::list::list`]) reads the records' labels first and
//! decodes only the releases it returns; Helm decodes every revision of every release.

use rudder_release::Release;
use rudder_release::labels::Selector;
use rudder_release::list::{ListOptions, NameFilter, Sort, StateFlags};

use crate::ActionError;
use crate::config::Configuration;
use crate::output::{Color, Format, Table, encode_json, encode_yaml, paint, status_color};
use crate::output::{format_app_version, format_chart_name};

/// `helm list`'s flags.
#[derive(Debug, Clone)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "one field per CLI flag, as in Helm"
)]
pub struct List {
    /// `-q/--short`
    pub short: bool,
    /// `--no-headers`
    pub no_headers: bool,
    /// `--time-format`
    pub time_format: String,
    /// `-d/--date`
    pub by_date: bool,
    /// `-r/--reverse`
    pub reverse: bool,
    /// The state flags (`--deployed`...).
    pub states: StateFlags,
    /// `-A/--all-namespaces`
    pub all_namespaces: bool,
    /// `-m/--max` (default 256)
    pub max: i64,
    /// `--offset`
    pub offset: i64,
    /// `-f/--filter`
    pub filter: String,
    /// `-l/--selector`
    pub selector: String,
    /// `-o/--output`
    pub output: Format,
    /// Colours on (Helm: unless `--color never`, and fatih/color's terminal check).
    pub color: bool,
}

impl Default for List {
    fn default() -> Self {
        Self {
            short: false,
            no_headers: false,
            time_format: String::new(),
            by_date: false,
            reverse: false,
            states: StateFlags::default(),
            all_namespaces: false,
            max: 256,
            offset: 0,
            filter: String::new(),
            selector: String::new(),
            output: Format::Table,
            color: false,
        }
    }
}

impl List {
    /// `List.Run`: the releases to show, in order.
    ///
    /// # Errors
    /// An unreachable cluster, a bad `--filter` or `--selector`, or the backend's error.
    pub async fn run(&self, cfg: &Configuration) -> Result<Vec<Release>, ActionError> {
        cfg.is_reachable().await?;
        let filter = if self.filter.is_empty() {
            None
        } else {
            Some(NameFilter::new(&self.filter)?)
        };
        // Helm parses the selector only once it has read releases: a store with none that
        // pass the name filter never reports a bad selector.
        let selector = match Selector::parse(&self.selector) {
            Ok(selector) => selector,
            Err(e) => {
                let all = cfg.storage.list_releases().await?;
                if all
                    .iter()
                    .any(|r| filter.as_ref().is_none_or(|f| f.is_match(&r.name)))
                {
                    return Err(ActionError::msg(e.to_string()));
                }
                return Ok(Vec::new());
            }
        };
        if self.offset < 0 {
            // Helm slices with the negative offset and panics.
            return Err(ActionError::msg(format!(
                "invalid --offset {}: must not be negative",
                self.offset
            )));
        }
        let options = ListOptions {
            states: self.states.mask(),
            filter,
            selector,
            sort: Sort::from_flags(self.by_date, self.reverse),
            limit: self.max,
            offset: self.offset,
        };
        Ok(rudder_release::list::list(&cfg.storage, &options).await?)
    }

    /// Runs and prints, as `helm list` does.
    ///
    /// # Errors
    /// As [`List::run`].
    pub async fn run_to_string(&self, cfg: &Configuration) -> Result<String, ActionError> {
        let releases = self.run(cfg).await?;
        self.print(&releases)
    }

    /// The printer.
    ///
    /// # Errors
    /// A YAML conversion failure (not expected).
    pub fn print(&self, releases: &[Release]) -> Result<String, ActionError> {
        let mut out = String::new();
        if self.short {
            match self.output {
                Format::Json | Format::Yaml => {
                    let mut json = String::from("[");
                    for (i, r) in releases.iter().enumerate() {
                        if i > 0 {
                            json.push(',');
                        }
                        rudder_release::write_json_string(&mut json, &r.name);
                    }
                    json.push(']');
                    if self.output == Format::Json {
                        encode_json(&json, &mut out);
                    } else {
                        encode_yaml(&json, &mut out)?;
                    }
                }
                Format::Table => {
                    for r in releases {
                        out.push_str(&r.name);
                        out.push('\n');
                    }
                }
            }
            return Ok(out);
        }
        let elements: Vec<Element> = releases
            .iter()
            .map(|r| Element::new(r, &self.time_format))
            .collect();
        match self.output {
            Format::Table => {
                let mut table = Table::new();
                if !self.no_headers {
                    table.add_row(
                        [
                            "NAME",
                            "NAMESPACE",
                            "REVISION",
                            "UPDATED",
                            "STATUS",
                            "CHART",
                            "APP VERSION",
                        ]
                        .map(|h| paint(h, Color::Bold, self.color)),
                    );
                }
                for e in &elements {
                    table.add_row([
                        e.name.clone(),
                        paint(&e.namespace, Color::Cyan, self.color),
                        e.revision.clone(),
                        e.updated.clone(),
                        status_color(&e.status, self.color),
                        e.chart.clone(),
                        e.app_version.clone(),
                    ]);
                }
                table.encode(&mut out);
            }
            Format::Json | Format::Yaml => {
                let mut json = String::from("[");
                for (i, e) in elements.iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    e.write_json(&mut json);
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

/// `releaseElement`.
#[derive(Debug)]
struct Element {
    name: String,
    namespace: String,
    revision: String,
    updated: String,
    status: String,
    chart: String,
    app_version: String,
}

impl Element {
    fn new(r: &Release, time_format: &str) -> Self {
        let deployed = r.last_deployed();
        let updated = if deployed.is_zero() {
            "-".to_owned()
        } else if time_format.is_empty() {
            deployed.go_string()
        } else {
            deployed.format(time_format)
        };
        Self {
            name: r.name.clone(),
            namespace: r.namespace.clone(),
            revision: r.version.to_string(),
            updated,
            status: r.status().as_str().to_owned(),
            chart: format_chart_name(r),
            app_version: format_app_version(r),
        }
    }

    fn write_json(&self, out: &mut String) {
        let fields = [
            ("name", &self.name),
            ("namespace", &self.namespace),
            ("revision", &self.revision),
            ("updated", &self.updated),
            ("status", &self.status),
            ("chart", &self.chart),
            ("app_version", &self.app_version),
        ];
        out.push('{');
        for (i, (k, v)) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('"');
            out.push_str(k);
            out.push_str("\":");
            rudder_release::write_json_string(out, v);
        }
        out.push('}');
    }
}
