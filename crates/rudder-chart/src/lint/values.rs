//! The `values.yaml` rule (`rules/values.go`).

use std::sync::Arc;

use rudder_value::Map;

use super::{Linter, Severity};
use crate::loader::Warnings;
use crate::schema::RemoteLoader;

const VALUES_FILE: &str = "values.yaml";

/// `rules.ValuesWithOverrides`: `values.yaml` exists (or an info message), parses, and with
/// the user's values coalesced over it (top level only, as Helm does) satisfies
/// `values.schema.json` when there is one.
pub fn values_with_overrides(
    linter: &mut Linter,
    overrides: &Map,
    skip_schema_validation: bool,
    remote: &Arc<dyn RemoteLoader>,
    log: &mut Warnings,
) {
    let path = linter.path_of(VALUES_FILE);
    let exists = linter.run_rule(
        Severity::Info,
        VALUES_FILE,
        super::stat(&path)
            .map(|_| ())
            .map_err(|_| "file does not exist".to_owned()),
    );
    if !exists {
        return;
    }
    let result = validate_values_file(&path, overrides, skip_schema_validation, remote, log);
    linter.run_rule(Severity::Error, VALUES_FILE, result);
}

fn validate_values_file(
    path: &str,
    overrides: &Map,
    skip_schema_validation: bool,
    remote: &Arc<dyn RemoteLoader>,
    log: &mut Warnings,
) -> Result<(), String> {
    let values = crate::goerr::read_file(path)
        .map_err(|e| e.to_string())
        .and_then(|data| {
            rudder_yaml::sigs::unmarshal_map(&data).map_err(|e| {
                e.to_string().replace(
                    "Go value of type map[string]interface {}",
                    "Go value of type common.Values",
                )
            })
        })
        .map_err(|e| format!("unable to parse YAML: {e}"))?;
    let coalesced = super::super::values::coalesce_tables(&Map::new(), overrides, log);
    let coalesced = super::super::values::coalesce_tables(&coalesced, &values, log);
    let schema_path = format!("{}.schema.json", path.strip_suffix(".yaml").unwrap_or(path));
    let schema = std::fs::read(&schema_path).unwrap_or_default();
    if schema.is_empty() || skip_schema_validation {
        return Ok(());
    }
    crate::schema::validate_single(&coalesced, &schema, remote, log)
}
