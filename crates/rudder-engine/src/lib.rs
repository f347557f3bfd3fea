//! Helm rendering: include/tpl/required/toYaml/lookup, Files, Capabilities, NOTES, manifest
//! splitting and kind ordering.
//!
//! Owns: turning a loaded chart and its values into Helm v4.2.4's rendered manifests, byte for
//! byte: the render itself ([`Engine`], Helm's `pkg/engine`), Helm's template functions over
//! Sprig's (`include`, `tpl`, `required`, `fail`, `toYaml`, `fromYaml`, `toJson`, `toToml`,
//! `lookup`, ...), `.Files`, `.Capabilities` ([`Capabilities`]), the render values
//! ([`to_render_values`], `pkg/chart/common/util`), and what Helm does with the rendered files
//! for `template` and `install` ([`manifest`]: `pkg/release/v1/util` and the manifest assembly
//! of `pkg/action`).
//!
//! Does not own: talking to a cluster (`lookup` reaches one only through the [`Lookup`]
//! trait, implemented in `rudder-kube`), loading charts and coalescing values
//! (`rudder-chart`), the template language (`rudder-template`) and Sprig (`rudder-sprig`).
//!
//! # Example
//! ```
//! use rudder_chart::chart::{Chart, File, Metadata};
//! use rudder_engine::{Capabilities, Engine, ReleaseOptions, to_render_values};
//! use rudder_value::{Map, Value};
//! use std::sync::Arc;
//!
//! let mut meta = Metadata::default();
//! meta.name = "web".into();
//! let mut chart = Chart::new(meta);
//! chart.templates.push(Arc::new(File::new(
//!     "templates/cm.yaml",
//!     b"replicas: {{ .Values.replicas }}\nkube: {{ .Capabilities.KubeVersion }}".to_vec(),
//! )));
//! let user = Map::new();
//! user.insert("replicas", Value::int64(3));
//! let release = ReleaseOptions { name: "rel".into(), namespace: "default".into(), revision: 1, is_install: true, is_upgrade: false };
//! let top = to_render_values(&chart, &user, &release, &Capabilities::default()).unwrap();
//! let out = Engine::new().render(&chart, &top).unwrap();
//! assert_eq!(out["web/templates/cm.yaml"], "replicas: 3\nkube: v1.36.0");
//! ```

mod capabilities;
mod engine;
mod error;
mod files;
mod funcs;
mod glob;
mod lookup;
pub mod manifest;

use std::sync::Arc;

pub use capabilities::{
    BuildInfo, Capabilities, DEFAULT_API_VERSIONS, KubeVersion, KubeVersionError,
    parse_kube_version,
};
pub use engine::{Engine, Rendered};
pub use error::{RenderError, RenderErrorKind};
pub use files::{FILES_TYPE, files_method, new_files};
pub use lookup::Lookup;
pub use rudder_chart::values::{ReleaseOptions, RenderValuesError};

use rudder_chart::chart::Chart;
use rudder_value::Map;

/// `util.ToRenderValues`: `{Chart, Capabilities, Release, Values}` with the chart's values
/// coalesced with `user_values` and checked against the charts' schemas. Remote `$ref`s in
/// schemas are refused; see [`to_render_values_with`] for the full set of options.
///
/// # Errors
/// Coalescing errors and schema violations, with Helm's texts.
pub fn to_render_values(
    chart: &Chart,
    user_values: &Map,
    release: &ReleaseOptions,
    capabilities: &Capabilities,
) -> Result<Map, RenderValuesError> {
    let mut warnings = Vec::new();
    to_render_values_with(
        chart,
        user_values,
        release,
        capabilities,
        false,
        &(Arc::new(rudder_chart::schema::NoRemote) as Arc<dyn rudder_chart::schema::RemoteLoader>),
        &mut warnings,
    )
}

/// `util.ToRenderValuesWithSchemaValidation`, with the schema loader for remote `$ref`s and
/// the coalescing warnings Helm logs.
///
/// # Errors
/// Coalescing errors and (unless `skip_schema_validation`) schema violations.
pub fn to_render_values_with(
    chart: &Chart,
    user_values: &Map,
    release: &ReleaseOptions,
    capabilities: &Capabilities,
    skip_schema_validation: bool,
    remote: &Arc<dyn rudder_chart::schema::RemoteLoader>,
    warnings: &mut Vec<String>,
) -> Result<Map, RenderValuesError> {
    rudder_chart::values::to_render_values(
        chart,
        user_values,
        release,
        capabilities.to_value(),
        skip_schema_validation,
        remote,
        warnings,
    )
}
