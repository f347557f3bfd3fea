//! `LoadFiles`: a chart from its files (directory walk or archive entries), for both the
//! v2 loader (`pkg/chart/v2/loader`) and the v3 one (`internal/chart/v3/loader`).

use std::collections::BTreeMap;
use std::sync::Arc;

use rudder_value::{Map, MapType};

use super::{LoadError, Warnings};
use crate::chart::{Chart, ChartApi, File, Lock, Metadata, V2_TYPES, V3_TYPES};

fn decode_error(file: &'static str) -> impl Fn(rudder_yaml::Error) -> LoadError {
    move |e| LoadError::Decode {
        file,
        message: e.to_string(),
    }
}

fn lock(file: &'static str, data: &[u8], api: ChartApi) -> Result<Option<Lock>, LoadError> {
    let types = if api == ChartApi::V3 {
        &V3_TYPES
    } else {
        &V2_TYPES
    };
    Lock::decode(data, types).map_err(|message| LoadError::Decode { file, message })
}

/// `LoadFiles`: sorts the files into metadata, values, schema, templates, files and
/// subcharts, validates the metadata and loads the subcharts (in name order; Helm's order
/// is Go's random map order until dependency processing fixes it).
///
/// # Errors
/// Decode errors (`cannot load values.yaml: ...`), `Chart.yaml file is missing`,
/// validation errors, and subchart errors wrapped as `error unpacking subchart <name> in
/// <parent>: ...`.
pub fn load_files(
    files: Vec<File>,
    api: ChartApi,
    warnings: &mut Warnings,
) -> Result<Chart, LoadError> {
    let types = if api == ChartApi::V3 {
        &V3_TYPES
    } else {
        &V2_TYPES
    };
    let mut c = Chart::new(Metadata::default());
    c.api = api;
    let files: Vec<Arc<File>> = files.into_iter().map(Arc::new).collect();
    let mut have_metadata = false;
    for f in &files {
        c.raw.push(f.clone());
        if f.name == "Chart.yaml" {
            have_metadata = true;
            c.metadata
                .decode_into(&f.data, types)
                .map_err(decode_error("Chart.yaml"))?;
            if c.metadata.api_version.is_empty() {
                let default = match api {
                    ChartApi::V2 => "v1",
                    ChartApi::V3 => "v3",
                };
                default.clone_into(&mut c.metadata.api_version);
            }
            c.mod_time = f.mod_time;
        }
    }
    let mut subcharts: BTreeMap<String, Vec<File>> = BTreeMap::new();
    for f in &files {
        match f.name.as_str() {
            "Chart.yaml" => {}
            "Chart.lock" => c.lock = lock("Chart.lock", &f.data, api)?,
            "values.yaml" => {
                c.values = rudder_yaml::values::load_values(&f.data)
                    .map_err(decode_error("values.yaml"))?;
            }
            "values.schema.json" => {
                c.schema = Some(f.data.clone());
                c.schema_mod_time = f.mod_time;
            }
            "requirements.yaml" if api == ChartApi::V2 => {
                have_metadata = true;
                if c.metadata.api_version != "v1" {
                    warnings.push("Warning: Dependencies are handled in Chart.yaml since apiVersion \"v2\". We recommend migrating dependencies to Chart.yaml.".to_owned());
                }
                c.metadata
                    .decode_into(&f.data, types)
                    .map_err(decode_error("requirements.yaml"))?;
                if c.metadata.api_version == "v1" {
                    c.files.push(f.clone());
                }
            }
            "requirements.lock" if api == ChartApi::V2 => {
                c.lock = lock("requirements.lock", &f.data, api)?;
                have_metadata = true;
                if c.metadata.api_version != "v1" {
                    warnings.push("Warning: Dependency locking is handled in Chart.lock since apiVersion \"v2\". We recommend migrating to Chart.lock.".to_owned());
                }
                if c.metadata.api_version == "v1" {
                    c.files.push(f.clone());
                }
            }
            name if name.starts_with("templates/") => c.templates.push(f.clone()),
            name if name.starts_with("charts/") => {
                if crate::gopath::ext(name) == ".prov" {
                    c.files.push(f.clone());
                    continue;
                }
                let fname = &name["charts/".len()..];
                let cname = fname.split('/').next().unwrap_or_default();
                subcharts.entry(cname.to_owned()).or_default().push(File {
                    name: fname.to_owned(),
                    data: f.data.clone(),
                    mod_time: f.mod_time,
                });
            }
            _ => c.files.push(f.clone()),
        }
    }
    if !have_metadata {
        return Err(LoadError::ChartYamlMissing);
    }
    c.metadata.validate()?;
    for (n, files) in subcharts {
        if n.starts_with(['_', '.']) {
            continue;
        }
        let loaded = if crate::gopath::ext(&n) == ".tgz" {
            let file = &files[0];
            if file.name != n {
                return Err(LoadError::SubchartTar {
                    parent: c.name().to_owned(),
                    expected: n,
                    got: file.name.clone(),
                });
            }
            crate::archive::load_archive_files(&file.data)
                .map_err(LoadError::Archive)
                .and_then(|files| load_files(files, api, warnings))
        } else {
            let buff: Vec<File> = files
                .into_iter()
                .filter_map(|f| {
                    let (_, rest) = f.name.split_once('/')?;
                    Some(File {
                        name: rest.to_owned(),
                        ..f
                    })
                })
                .collect();
            load_files(buff, api, warnings)
        };
        match loaded {
            Ok(sc) => c.dependencies.push(sc),
            Err(e) => {
                return Err(LoadError::Subchart {
                    name: n,
                    parent: c.name().to_owned(),
                    source: Box::new(e),
                });
            }
        }
    }
    if c.values.is_nil() {
        c.values = Map::nil(MapType::interface());
    }
    Ok(c)
}
