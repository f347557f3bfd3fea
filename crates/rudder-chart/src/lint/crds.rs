//! The CRD rule (`rules/crds.go`).

use super::k8s::decode_objects;
use super::{Linter, Severity};
use crate::loader::Warnings;

const CRDS: &str = "crds/";

/// `rules.Crds`: when `crds/` exists it is a directory, the chart loads, and every CRD file
/// of the chart and its subcharts is plain YAML of `apiextensions.k8s.io` kind
/// `CustomResourceDefinition`.
pub fn crds(linter: &mut Linter, log: &mut Warnings) {
    let path = linter.path_of(CRDS);
    let meta = match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        other => other,
    };
    let dir_ok = match meta {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err("not a directory".to_owned()),
        Err(_) => super::stat(&path).map(|_| ()).map_err(|e| e.to_string()),
    };
    if !linter.run_rule(Severity::Error, CRDS, dir_ok) {
        return;
    }
    let chart = match crate::loader::load_v2(&linter.chart_dir, log) {
        Ok(c) => c,
        Err(e) => {
            linter.run_rule(Severity::Error, CRDS, Err(e.to_string()));
            return;
        }
    };
    let mut files = Vec::new();
    crd_files(&chart, &mut files);
    for (name, file) in files {
        let content = String::from_utf8_lossy(&file.data);
        for object in decode_objects(&content) {
            let object = match object {
                Ok(o) => o,
                Err(e) => {
                    linter.run_rule(
                        Severity::Error,
                        &name,
                        Err(format!("unable to parse YAML: {e}")),
                    );
                    return;
                }
            };
            if let Some(o) = object {
                let api = if o.api_version.starts_with("apiextensions.k8s.io") {
                    Ok(())
                } else {
                    Err("apiVersion is not in 'apiextensions.k8s.io'".to_owned())
                };
                linter.run_rule(Severity::Error, &name, api);
                let kind = if o.kind == "CustomResourceDefinition" {
                    Ok(())
                } else {
                    Err("object kind is not 'CustomResourceDefinition'".to_owned())
                };
                linter.run_rule(Severity::Error, &name, kind);
            }
        }
    }
}

/// `CRDObjects`' `Name`s: each chart's `crds/*.yaml|yml|json` files by their name inside
/// that chart, the chart's own first, then its subcharts'.
fn crd_files(
    chart: &crate::chart::Chart,
    out: &mut Vec<(String, std::sync::Arc<crate::chart::File>)>,
) {
    for f in &chart.files {
        let ext = crate::gopath::ext(&f.name).to_ascii_lowercase();
        if f.name.starts_with("crds/") && matches!(ext.as_str(), ".yaml" | ".yml" | ".json") {
            out.push((f.name.clone(), f.clone()));
        }
    }
    for sub in &chart.dependencies {
        crd_files(sub, out);
    }
}
