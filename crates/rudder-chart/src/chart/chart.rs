//! `chart.Chart`: a loaded chart and its subcharts.

use std::sync::Arc;

use rudder_value::{Map, MapType};

use super::{Lock, Metadata};

/// A point in time as Go's `time.Time` has it for a file: seconds and nanoseconds since the
/// Unix epoch. `None` where Go has the zero time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub secs: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
}

/// `common.File`: a file of a chart, by its `/`-separated path inside the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The path inside the chart, e.g. `templates/deployment.yaml`.
    pub name: String,
    /// The content (a UTF-8 BOM at the start removed by the loader).
    pub data: Arc<[u8]>,
    /// The modification time, if known.
    pub mod_time: Option<Timestamp>,
}

impl File {
    /// A file with no modification time.
    pub fn new(name: impl Into<String>, data: impl Into<Arc<[u8]>>) -> Self {
        Self {
            name: name.into(),
            data: data.into(),
            mod_time: None,
        }
    }
}

/// Which Go chart type a chart is: `*v2.Chart` (apiVersion `v1`, `v2`) or the experimental
/// `*v3.Chart` (apiVersion `v3`), which loads but which install, upgrade, template and
/// package refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartApi {
    /// `pkg/chart/v2`.
    #[default]
    V2,
    /// `internal/chart/v3`.
    V3,
}

/// `chart.Chart`: metadata, default values, templates, other files and subcharts.
///
/// The tree is owned: `dependencies` are the subcharts. Helm keeps parent pointers; here a
/// chart's full path is built while walking down ([`Chart::walk`]).
#[derive(Debug, Clone, Default)]
pub struct Chart {
    /// `Chart.yaml`.
    pub metadata: Metadata,
    /// `Chart.lock` (or `requirements.lock`).
    pub lock: Option<Lock>,
    /// Everything under `templates/`, in load order.
    pub templates: Vec<Arc<File>>,
    /// `values.yaml` (a nil map when the chart has none).
    pub values: Map,
    /// `values.schema.json`, if present (possibly empty).
    pub schema: Option<Arc<[u8]>>,
    /// The schema file's modification time.
    pub schema_mod_time: Option<Timestamp>,
    /// Other files (`.Files`): not templates, values, schema, `Chart.yaml`, locks or
    /// subcharts.
    pub files: Vec<Arc<File>>,
    /// Every file as loaded (Helm's `Raw`, used by `helm show values`).
    pub raw: Vec<Arc<File>>,
    /// `Chart.yaml`'s modification time.
    pub mod_time: Option<Timestamp>,
    /// The subcharts.
    pub dependencies: Vec<Chart>,
    /// `*v2.Chart` or `*v3.Chart`.
    pub api: ChartApi,
}

impl Chart {
    /// An empty chart with the given metadata (nil values).
    pub fn new(metadata: Metadata) -> Self {
        Self {
            metadata,
            values: Map::nil(MapType::interface()),
            ..Self::default()
        }
    }

    /// `Chart.Name()`.
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// Whether the chart is a library chart (`type: library`, any case, as Helm's
    /// `IsLibraryChart`).
    pub fn is_library(&self) -> bool {
        self.metadata.chart_type.eq_ignore_ascii_case("library")
    }

    /// Visits this chart and every subchart, depth first, with the chart's full path
    /// (Helm's `ChartFullPath`: `parent/charts/child`).
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&str, &'a Chart)) {
        fn go<'a>(c: &'a Chart, path: &str, f: &mut dyn FnMut(&str, &'a Chart)) {
            f(path, c);
            for d in &c.dependencies {
                go(d, &format!("{path}/charts/{}", d.name()), f);
            }
        }
        go(self, self.name(), f);
    }

    /// `CRDObjects`: the `crds/*.yaml|yml|json` files of this chart and every subchart, with
    /// their file names as Helm prints them (`parent/charts/child/crds/x.yaml`).
    pub fn crd_objects(&self) -> Vec<(String, Arc<File>)> {
        let mut out = Vec::new();
        self.walk(&mut |path, c| {
            for f in &c.files {
                let ext = crate::gopath::ext(&f.name).to_ascii_lowercase();
                if f.name.starts_with("crds/") && matches!(ext.as_str(), ".yaml" | ".yml" | ".json")
                {
                    out.push((crate::gopath::join(path, &f.name), f.clone()));
                }
            }
        });
        out
    }
}
