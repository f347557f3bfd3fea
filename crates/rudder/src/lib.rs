//! The rudder SDK facade: re-exports, builders and feature flags for Rust programs that render
//! and deploy charts.
//!
//! Owns: the public Rust API and its documentation (the SDK tutorial).
//!
//! Does not own: any logic of its own beyond build information: it re-exports and assembles
//! the crates below it.

mod build_info;

pub use build_info::{BuildInfo, HELM_COMPATIBLE_VERSION, KUBE_CLIENT_VERSION};

/// Helm's actions: install, template, show and the rest (`rudder-action`).
pub use rudder_action as action;
/// Charts: loading, values, dependencies (`rudder-chart`).
pub use rudder_chart as chart;
/// Helm's rendering (`rudder-engine`).
pub use rudder_engine as engine;
/// The Kubernetes client and the Secret and `ConfigMap` storage drivers (`rudder-kube`).
pub use rudder_kube as kube;
/// Release records and storage (`rudder-release`).
pub use rudder_release as release;
/// Helm's SQL storage driver on PostgreSQL (`rudder-storage-sql`).
pub use rudder_storage_sql as storage_sql;
/// Go's `text/template` (`rudder-template`).
pub use rudder_template as template;
/// The Go value model and Go's `fmt`/`strconv` (`rudder-value`).
pub use rudder_value as value;
/// YAML, JSON and TOML as Go's libraries read and write them (`rudder-yaml`).
pub use rudder_yaml as yaml;
