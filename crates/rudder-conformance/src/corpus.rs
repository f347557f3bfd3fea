//! Corpus discovery: `charts.tsv`, `deps.tsv`, and the renderable charts with their values files.
//!
//! See the corpus's own `README.md`: one chart (or one test-data directory) per row of
//! `charts.tsv`; `deps.tsv` says which corpus chart satisfies a declared dependency.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

/// One row of `charts.tsv` (the columns the runner uses).
#[derive(Debug, Clone)]
pub(crate) struct ChartRow {
    pub(crate) id: String,
    pub(crate) role: String,
    pub(crate) name: String,
    pub(crate) version: String,
}

/// Who satisfies a declared dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Provider {
    /// Already under the parent's `charts/` (directory or archive); nothing to do.
    Vendored,
    /// Another corpus chart, by id: packaged into the parent's `charts/` before rendering.
    Chart(String),
}

/// One row of `deps.tsv`.
#[derive(Debug, Clone)]
pub(crate) struct DepRow {
    pub(crate) parent: String,
    pub(crate) name: String,
    pub(crate) constraint: String,
    pub(crate) provider: Provider,
}

/// A chart to render: a directory, or an archive directly inside a suite directory.
#[derive(Debug, Clone)]
pub(crate) struct ChartTarget {
    /// The corpus id: a `charts.tsv` id, or `<suite id>/<entry name>` for a suite's entry.
    pub(crate) id: String,
    pub(crate) path: PathBuf,
}

/// The loaded corpus tables.
#[derive(Debug)]
pub(crate) struct Corpus {
    pub(crate) root: PathBuf,
    pub(crate) charts: BTreeMap<String, ChartRow>,
    pub(crate) deps: Vec<DepRow>,
}

impl Corpus {
    /// Reads `charts.tsv` and `deps.tsv` under `root`.
    ///
    /// # Errors
    ///
    /// A missing or malformed table.
    pub(crate) fn load(root: &Path) -> Result<Self> {
        if !root.join("charts.tsv").is_file() {
            bail!(
                "no corpus at {} (charts.tsv missing); pass --corpus DIR",
                root.display()
            );
        }
        let mut charts = BTreeMap::new();
        for row in Tsv::read(&root.join("charts.tsv"))?.rows() {
            let chart = ChartRow {
                id: row.get("id")?,
                role: row.get("role")?,
                name: row.get("chart_name")?,
                version: row.get("chart_version")?,
            };
            charts.insert(chart.id.clone(), chart);
        }
        let mut deps = Vec::new();
        for row in Tsv::read(&root.join("deps.tsv"))?.rows() {
            let provided_by = row.get("provided_by")?;
            let provider = if provided_by.starts_with("vendored") {
                Provider::Vendored
            } else {
                if !charts.contains_key(&provided_by) {
                    bail!("deps.tsv names {provided_by:?}, which is not in charts.tsv");
                }
                Provider::Chart(provided_by)
            };
            deps.push(DepRow {
                parent: row.get("parent_id")?,
                name: row.get("dependency")?,
                constraint: row.get("version_constraint")?,
                provider,
            });
        }
        Ok(Self {
            root: root.to_owned(),
            charts,
            deps,
        })
    }

    pub(crate) fn chart_dir(&self, id: &str) -> PathBuf {
        self.root.join("charts").join(id)
    }

    /// The dependencies of `parent` that another corpus chart provides.
    pub(crate) fn provided_deps(&self, parent: &str) -> impl Iterator<Item = (&DepRow, &str)> {
        self.deps
            .iter()
            .filter(move |dep| dep.parent == parent)
            .filter_map(|dep| match &dep.provider {
                Provider::Chart(id) => Some((dep, id.as_str())),
                Provider::Vendored => None,
            })
    }

    /// Every renderable chart: the `primary` and `dependency` rows, plus every directory and
    /// top-level chart archive directly inside a `suite` directory (broken ones included: their
    /// errors are cases too). Sorted by id, without duplicates.
    ///
    /// # Errors
    ///
    /// A listed chart directory that does not exist, or an unreadable suite directory.
    pub(crate) fn chart_targets(&self) -> Result<Vec<ChartTarget>> {
        let mut targets = BTreeMap::new();
        for row in self.charts.values() {
            let path = self.chart_dir(&row.id);
            match row.role.as_str() {
                "primary" | "dependency" => {
                    if !path.is_dir() {
                        bail!(
                            "charts.tsv lists {}, but {} is not a directory",
                            row.id,
                            path.display()
                        );
                    }
                    targets.insert(row.id.clone(), path);
                }
                "suite" => {
                    for entry in fs_err::read_dir(&path)? {
                        let entry = entry?;
                        let name = entry.file_name().to_string_lossy().into_owned();
                        let is_archive = [".tgz", ".tar.gz"]
                            .iter()
                            .any(|suffix| has_suffix(&name, suffix));
                        if entry.file_type()?.is_dir() || (is_archive && entry.path().is_file()) {
                            targets.insert(format!("{}/{name}", row.id), entry.path());
                        }
                    }
                }
                other => bail!("charts.tsv: unknown role {other:?} for {}", row.id),
            }
        }
        Ok(targets
            .into_iter()
            .map(|(id, path)| ChartTarget { id, path })
            .collect())
    }
}

/// Whether `name` ends with `suffix`, ignoring ASCII case.
pub(crate) fn has_suffix(name: &str, suffix: &str) -> bool {
    name.len() >= suffix.len()
        && name
            .get(name.len() - suffix.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
}

/// The values files in a chart's `ci/` directory (`*.yaml`, `*.yml`, not recursive), sorted.
///
/// # Errors
///
/// An unreadable `ci/` directory.
pub(crate) fn ci_values_files(chart: &Path) -> Result<Vec<PathBuf>> {
    let ci = chart.join("ci");
    if !ci.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = BTreeSet::new();
    for entry in fs_err::read_dir(&ci)? {
        let path = entry?.path();
        let is_yaml = path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        if is_yaml && path.is_file() {
            files.insert(path);
        }
    }
    Ok(files.into_iter().collect())
}

/// A TSV table: a header line, then one row per line; cells addressed by header name.
struct Tsv {
    file: PathBuf,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Tsv {
    fn read(file: &Path) -> Result<Self> {
        let text = fs_err::read_to_string(file)?;
        let mut lines = text.lines();
        let header = lines
            .next()
            .with_context(|| format!("{}: empty", file.display()))?
            .split('\t')
            .map(str::to_owned)
            .collect();
        let rows = lines
            .filter(|line| !line.trim().is_empty())
            .map(|line| line.split('\t').map(str::to_owned).collect())
            .collect();
        Ok(Self {
            file: file.to_owned(),
            header,
            rows,
        })
    }

    fn rows(&self) -> impl Iterator<Item = TsvRow<'_>> {
        self.rows.iter().map(|cells| TsvRow { table: self, cells })
    }
}

struct TsvRow<'a> {
    table: &'a Tsv,
    cells: &'a [String],
}

impl TsvRow<'_> {
    fn get(&self, column: &str) -> Result<String> {
        let index = self
            .table
            .header
            .iter()
            .position(|name| name == column)
            .with_context(|| format!("{}: no column {column:?}", self.table.file.display()))?;
        Ok(self.cells.get(index).cloned().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_tables_and_finds_targets() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs_err::write(
            root.join("charts.tsv"),
            "id\trole\tchart_name\tchart_version\n\
             a/one\tprimary\tone\t1.0.0\n\
             a/lib\tdependency\tlib\t2.3.4\n\
             a/suite\tsuite\t(test-data directory)\t\n\
             a/suite/x\tprimary\tx\t0.1.0\n",
        )
        .unwrap();
        fs_err::write(
            root.join("deps.tsv"),
            "parent_id\tdependency\talias\tversion_constraint\tdeclared_repository\tcondition\tprovided_by\n\
             a/one\tlib\t\t2.x.x\t\t\ta/lib\n\
             a/one\tcrds\t\t0.0.0\t\t\tvendored charts/crds\n",
        )
        .unwrap();
        for dir in [
            "charts/a/one/ci",
            "charts/a/lib",
            "charts/a/suite/x",
            "charts/a/suite/y",
        ] {
            fs_err::create_dir_all(root.join(dir)).unwrap();
        }
        fs_err::write(root.join("charts/a/suite/z-1.0.0.tgz"), "").unwrap();
        fs_err::write(root.join("charts/a/suite/notes.yaml"), "").unwrap();
        fs_err::write(root.join("charts/a/one/ci/b.yml"), "").unwrap();
        fs_err::write(root.join("charts/a/one/ci/a.yaml"), "").unwrap();
        fs_err::write(root.join("charts/a/one/ci/readme.md"), "").unwrap();

        let corpus = Corpus::load(root).unwrap();
        let ids: Vec<_> = corpus
            .chart_targets()
            .unwrap()
            .into_iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(
            ids,
            [
                "a/lib",
                "a/one",
                "a/suite/x",
                "a/suite/y",
                "a/suite/z-1.0.0.tgz"
            ]
        );
        let provided: Vec<_> = corpus
            .provided_deps("a/one")
            .map(|(dep, id)| (dep.name.clone(), id))
            .collect();
        assert_eq!(provided, [("lib".to_owned(), "a/lib")]);
        let ci: Vec<_> = ci_values_files(&corpus.chart_dir("a/one"))
            .unwrap()
            .into_iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(ci, ["a.yaml", "b.yml"]);
    }
}
