//! `ToRenderValuesWithSchemaValidation` (`pkg/chart/common/util/values.go`): the top-level
//! object templates see (`.Chart`, `.Capabilities`, `.Release`, `.Values`).

use std::sync::Arc;

use rudder_value::{Map, MapType, Value};

use super::coalesce::{CoalesceError, coalesce_values};
use crate::chart::Chart;
use crate::loader::Warnings;
use crate::schema::{RemoteLoader, validate_against_schema};

/// `common.ReleaseOptions`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseOptions {
    /// `.Release.Name`.
    pub name: String,
    /// `.Release.Namespace`.
    pub namespace: String,
    /// `.Release.Revision`.
    pub revision: i64,
    /// `.Release.IsUpgrade`.
    pub is_upgrade: bool,
    /// `.Release.IsInstall`.
    pub is_install: bool,
}

/// Why the render values could not be built.
#[derive(Debug, thiserror::Error)]
pub enum RenderValuesError {
    /// Coalescing failed.
    #[error(transparent)]
    Coalesce(#[from] CoalesceError),
    /// The values do not match a chart's schema.
    #[error(
        "values don't meet the specifications of the schema(s) in the following chart(s):\n{0}"
    )]
    Schema(String),
}

/// `util.ToRenderValuesWithSchemaValidation`: `{Chart, Capabilities, Release, Values}` as a
/// `common.Values` map. `capabilities` is the engine's `.Capabilities` object.
///
/// # Errors
/// Coalescing errors, and schema violations (unless `skip_schema_validation`).
pub fn to_render_values(
    chart: &Chart,
    chart_values: &Map,
    options: &ReleaseOptions,
    capabilities: Value,
    skip_schema_validation: bool,
    remote: &Arc<dyn RemoteLoader>,
    log: &mut Warnings,
) -> Result<Map, RenderValuesError> {
    let top = Map::with_type(MapType::named("common.Values"));
    top.insert("Chart", Value::Map(chart.metadata.to_go_map()));
    top.insert("Capabilities", capabilities);
    let release = Map::new();
    release.insert("Name", Value::string(options.name.as_str()));
    release.insert("Namespace", Value::string(options.namespace.as_str()));
    release.insert("IsUpgrade", Value::Bool(options.is_upgrade));
    release.insert("IsInstall", Value::Bool(options.is_install));
    release.insert("Revision", Value::int(options.revision));
    release.insert("Service", Value::string("Helm"));
    top.insert("Release", Value::Map(release));
    let vals = coalesce_values(chart, chart_values, log)?;
    if !skip_schema_validation {
        validate_against_schema(chart, &vals, remote, log).map_err(RenderValuesError::Schema)?;
    }
    top.insert("Values", Value::Map(vals));
    Ok(top)
}
