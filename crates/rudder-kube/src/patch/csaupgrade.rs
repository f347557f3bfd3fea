//! `csaupgrade.UpgradeManagedFieldsPatch` (client-go): when a release moves from client-side
//! to server-side apply, the `Update` entries of Helm's field manager are folded into its
//! `Apply` entry (or the first becomes it), so that the next server-side apply owns, and can
//! remove, what client-side apply set. The result is a JSON patch replacing
//! `metadata.managedFields` (guarded by the object's `resourceVersion`).

use serde_json::{Map, Value as Json, json};

fn is(entry: &Json, manager: &str, operation: &str) -> bool {
    entry.get("manager").and_then(Json::as_str) == Some(manager)
        && entry.get("operation").and_then(Json::as_str) == Some(operation)
        && entry
            .get("subresource")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .is_empty()
}

/// The union of two `FieldsV1` sets (their JSON tries merged).
fn union(a: &mut Map<String, Json>, b: &Map<String, Json>) {
    for (k, v) in b {
        match (a.get_mut(k), v) {
            (Some(Json::Object(x)), Json::Object(y)) => union(x, y),
            (Some(_), _) => {}
            (None, _) => {
                a.insert(k.clone(), v.clone());
            }
        }
    }
}

/// `upgradedManagedFields(entries, manager, manager)`: `None` when nothing changes.
fn upgraded(entries: &[Json], manager: &str) -> Vec<Json> {
    let mut entries = entries.to_vec();
    let index = if let Some(i) = entries.iter().position(|e| is(e, manager, "Apply")) {
        i
    } else {
        let Some(i) = entries.iter().position(|e| is(e, manager, "Update")) else {
            return entries;
        };
        if let Some(e) = entries[i].as_object_mut() {
            e.insert("operation".to_owned(), json!("Apply"));
            e.insert("manager".to_owned(), json!(manager));
        }
        i
    };
    let api_version = entries[index].get("apiVersion").cloned();
    let csa = entries
        .iter()
        .find(|e| is(e, manager, "Update") && e.get("apiVersion").cloned() == api_version)
        .and_then(|e| e.get("fieldsV1"))
        .and_then(Json::as_object)
        .cloned();
    if let Some(csa) = csa
        && let Some(target) = entries[index].as_object_mut()
    {
        let fields = target
            .entry("fieldsV1")
            .or_insert_with(|| Json::Object(Map::new()));
        if let Some(fields) = fields.as_object_mut() {
            union(fields, &csa);
        }
    }
    entries.retain(|e| !is(e, manager, "Update"));
    entries
}

/// The JSON patch that upgrades `live`'s managed fields, or `None` when there is nothing to
/// upgrade.
pub fn upgrade_managed_fields_patch(live: &Json, manager: &str) -> Option<String> {
    let entries = live
        .pointer("/metadata/managedFields")
        .and_then(Json::as_array)?;
    let new = upgraded(entries, manager);
    if &new == entries {
        return None;
    }
    let value = if new.is_empty() {
        Json::Null
    } else {
        Json::Array(new)
    };
    let version = live
        .pointer("/metadata/resourceVersion")
        .cloned()
        .unwrap_or_else(|| json!(""));
    Some(
        json!([
            {"op": "replace", "path": "/metadata/managedFields", "value": value},
            {"op": "replace", "path": "/metadata/resourceVersion", "value": version},
        ])
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_entries_fold_into_apply() {
        let live = json!({"metadata": {"resourceVersion": "7", "managedFields": [
            {"manager": "helm", "operation": "Update", "apiVersion": "v1",
             "fieldsV1": {"f:data": {"f:a": {}}}},
            {"manager": "kubectl", "operation": "Update", "apiVersion": "v1",
             "fieldsV1": {"f:data": {"f:b": {}}}},
        ]}});
        let patch: Json =
            serde_json::from_str(&upgrade_managed_fields_patch(&live, "helm").unwrap()).unwrap();
        assert_eq!(
            patch,
            json!([
                {"op": "replace", "path": "/metadata/managedFields", "value": [
                    {"manager": "helm", "operation": "Apply", "apiVersion": "v1",
                     "fieldsV1": {"f:data": {"f:a": {}}}},
                    {"manager": "kubectl", "operation": "Update", "apiVersion": "v1",
                     "fieldsV1": {"f:data": {"f:b": {}}}},
                ]},
                {"op": "replace", "path": "/metadata/resourceVersion", "value": "7"},
            ])
        );
        let both = json!({"metadata": {"resourceVersion": "8", "managedFields": [
            {"manager": "helm", "operation": "Apply", "apiVersion": "v1",
             "fieldsV1": {"f:data": {"f:a": {}}}},
            {"manager": "helm", "operation": "Update", "apiVersion": "v1",
             "fieldsV1": {"f:data": {"f:c": {}}, "f:metadata": {}}},
        ]}});
        let patch: Json =
            serde_json::from_str(&upgrade_managed_fields_patch(&both, "helm").unwrap()).unwrap();
        assert_eq!(
            patch[0]["value"],
            json!([{"manager": "helm", "operation": "Apply", "apiVersion": "v1",
                    "fieldsV1": {"f:data": {"f:a": {}, "f:c": {}}, "f:metadata": {}}}])
        );
        let ssa_only = json!({"metadata": {"managedFields": [
            {"manager": "helm", "operation": "Apply", "apiVersion": "v1", "fieldsV1": {}}]}});
        assert_eq!(upgrade_managed_fields_patch(&ssa_only, "helm"), None);
    }
}
