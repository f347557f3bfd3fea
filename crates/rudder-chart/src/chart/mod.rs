//! The chart model: `chart.Chart` and its metadata (`pkg/chart/v2`, and the field-identical
//! `internal/chart/v3`).

#[expect(
    clippy::module_inception,
    reason = "chart::chart mirrors Go's chart.Chart"
)]
mod chart;
mod metadata;

pub use chart::{Chart, ChartApi, File, Timestamp};
pub(crate) use metadata::{CHART_BASE, V2_TYPES, V3_TYPES};
pub use metadata::{Dependency, Lock, Maintainer, Metadata, ValidationError, sanitize_string};
