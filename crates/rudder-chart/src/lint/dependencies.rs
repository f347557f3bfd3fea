//! The dependencies rule (`rules/dependencies.go`).

use super::{Linter, Severity};
use crate::chart::Chart;
use crate::loader::Warnings;

/// `rules.Dependencies`: the chart loads, every subchart in `charts/` is listed in
/// `Chart.yaml`, names and aliases are unique, and every listed dependency is present.
pub fn dependencies(linter: &mut Linter, log: &mut Warnings) {
    let chart = crate::loader::load_dir_v2(&linter.chart_dir, log);
    let chart = match chart {
        Ok(c) => c,
        Err(e) => {
            linter.run_rule(
                Severity::Error,
                "",
                Err(format!("unable to load chart\n\t{e}")),
            );
            return;
        }
    };
    let dir = linter.chart_dir.clone();
    linter.run_rule(Severity::Error, &dir, in_metadata(&chart));
    linter.run_rule(Severity::Error, &dir, unique(&chart));
    linter.run_rule(Severity::Warning, &dir, in_charts_dir(&chart));
}

fn in_charts_dir(chart: &Chart) -> Result<(), String> {
    let missing: Vec<&str> = chart
        .metadata
        .dependencies()
        .filter(|d| !chart.dependencies.iter().any(|c| c.name() == d.name))
        .map(|d| d.name.as_str())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "chart directory is missing these dependencies: {}",
        missing.join(",")
    ))
}

fn in_metadata(chart: &Chart) -> Result<(), String> {
    let missing: Vec<&str> = chart
        .dependencies
        .iter()
        .filter(|c| !chart.metadata.dependencies().any(|d| d.name == c.name()))
        .map(Chart::name)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "chart metadata is missing these dependencies: {}",
        missing.join(",")
    ))
}

fn unique(chart: &Chart) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut shadowing: Vec<&str> = Vec::new();
    for d in chart.metadata.dependencies() {
        let key = if d.alias.is_empty() {
            &d.name
        } else {
            &d.alias
        };
        if seen.contains(&key.as_str()) {
            shadowing.push(key);
        }
        seen.push(key);
    }
    if shadowing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "multiple dependencies with name or alias: {}",
        shadowing.join(",")
    ))
}
