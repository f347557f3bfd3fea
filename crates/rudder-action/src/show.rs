//! `action.Show`: a chart's `Chart.yaml`, `values.yaml`, README and CRDs, as `helm show`
//! prints them.

use rudder_chart::chart::Chart;

/// What to show (`helm show <format>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShowFormat {
    /// Everything, separated by `---`.
    All,
    /// `Chart.yaml` as Helm marshals the metadata.
    Chart,
    /// `values.yaml` as written.
    Values,
    /// The first `README.md`, `README.txt` or `README` (any case).
    Readme,
    /// The `crds/` files of the chart and its subcharts.
    Crds,
}

/// Why `show` failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShowError {
    /// The metadata could not be marshalled.
    #[error("{0}")]
    Marshal(String),
    /// `--jsonpath` does not parse.
    #[error("error parsing jsonpath {template}: {error}")]
    JsonPath {
        /// The template as given.
        template: String,
        /// client-go's parse error.
        error: rudder_chart::jsonpath::ParseError,
    },
}

const README_NAMES: [&str; 3] = ["readme.md", "readme.txt", "readme"];

/// `Show.Run` on a loaded chart; `jsonpath` is `--jsonpath` (`show values` only; empty for
/// none): the values through kubectl's `JSONPath` printer instead of `values.yaml`.
///
/// # Errors
/// The metadata marshaller's; a `JSONPath` template that does not parse. (Helm ignores errors
/// while the template runs: what it wrote until then is the output.)
pub fn show(chart: &Chart, format: ShowFormat, jsonpath: &str) -> Result<String, ShowError> {
    let all = format == ShowFormat::All;
    let mut out = String::new();
    if format == ShowFormat::Chart || all {
        let chart_yaml = rudder_chart::save::metadata_yaml(&chart.metadata)
            .map_err(|e| ShowError::Marshal(e.to_string()))?;
        out.push_str(&chart_yaml);
        out.push('\n');
    }
    if (format == ShowFormat::Values || all) && !chart.values.is_nil() {
        if all {
            out.push_str("---\n");
        }
        if jsonpath.is_empty() {
            for file in &chart.raw {
                if file.name == "values.yaml" {
                    out.push_str(&String::from_utf8_lossy(&file.data));
                    out.push('\n');
                }
            }
        } else {
            let path = rudder_chart::jsonpath::JsonPath::parse(jsonpath).map_err(|error| {
                ShowError::JsonPath {
                    template: jsonpath.to_owned(),
                    error,
                }
            })?;
            out.push_str(
                &path
                    .execute(&rudder_value::Value::Map(chart.values.clone()))
                    .0,
            );
        }
    }
    if format == ShowFormat::Readme || all {
        let readme = chart
            .files
            .iter()
            .find(|f| README_NAMES.iter().any(|n| f.name.eq_ignore_ascii_case(n)));
        if let Some(readme) = readme {
            if all {
                out.push_str("---\n");
            }
            out.push_str(&String::from_utf8_lossy(&readme.data));
            out.push('\n');
        }
    }
    if format == ShowFormat::Crds || all {
        for (_, file) in chart.crd_objects() {
            if !file.data.starts_with(b"---") {
                out.push_str("---\n");
            }
            out.push_str(&String::from_utf8_lossy(&file.data));
            out.push('\n');
        }
    }
    Ok(out)
}
