//! `csaupgrade.UpgradeManagedFieldsPatch` (client-go), as Helm's
//! `upgradeClientSideFieldManager` calls it with its field manager as both the client-side and
//! the server-side manager: when a release moves from client-side to server-side apply, the
//! `Update` entries of Helm's manager are folded into its `Apply` entry (or the first becomes
//! it), so that the next server-side apply owns, and can remove, what client-side apply set.
//! The result is a JSON patch replacing `metadata.managedFields` (guarded by the object's
//! `resourceVersion`), byte for byte as `json.Marshal` writes it.
//!
//! The entries go through what Go does to them: `Unstructured.GetManagedFields` (an entry that
//! does not convert to `ManagedFieldsEntry`, a time that is not RFC 3339, makes the object
//! have no managed fields: nothing to upgrade), `metav1.Time`'s UTC second-precision text,
//! unknown keys dropped, and the target entry's fields decoded into a `fieldpath.Set` and
//! encoded back ([`super::fieldset`]).

use rudder_release::gotime::Time;
use serde_json::{Map, Value as Json};

use super::PatchError;
use super::fieldset::Set;
use super::gojson;

/// A `metav1.ManagedFieldsEntry`.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    manager: String,
    operation: String,
    api_version: String,
    /// The time as `json.Marshal` writes it (`null` for the zero time); `None`: no time.
    time: Option<String>,
    fields_type: String,
    /// The raw `FieldsV1` bytes; `None` when the entry has none.
    fields: Option<String>,
    subresource: String,
}

/// `FromUnstructured` of one string field: absent or null is empty, anything but a string
/// fails the conversion.
fn string(m: &Map<String, Json>, key: &str) -> Option<String> {
    match m.get(key) {
        None | Some(Json::Null) => Some(String::new()),
        Some(Json::String(s)) => Some(s.clone()),
        Some(_) => None,
    }
}

fn entry(v: &Json) -> Option<Entry> {
    let m = v.as_object()?;
    let time = match m.get("time") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(utc_rfc3339(s)?),
        Some(_) => return None,
    };
    let fields = match m.get("fieldsV1") {
        None | Some(Json::Null) => None,
        Some(v) => Some(gojson::marshal(&gojson::canonical(v.clone()))),
    };
    Some(Entry {
        manager: string(m, "manager")?,
        operation: string(m, "operation")?,
        api_version: string(m, "apiVersion")?,
        time,
        fields_type: string(m, "fieldsType")?,
        fields,
        subresource: string(m, "subresource")?,
    })
}

/// `Unstructured.GetManagedFields`: `None` when the object has none or one does not convert.
fn managed_fields(live: &Json) -> Option<Vec<Entry>> {
    live.pointer("/metadata/managedFields")?
        .as_array()?
        .iter()
        .map(entry)
        .collect()
}

/// `time.Parse(time.RFC3339, s)` then `metav1.Time`'s `MarshalJSON`: the instant in UTC to
/// the second as JSON text (`null` for the zero time), `None` when Go refuses it.
fn utc_rfc3339(text: &str) -> Option<String> {
    let t = Time::parse_rfc3339(text).ok()?;
    if t.is_zero() {
        return Some("null".to_owned());
    }
    Some(format!(
        "\"{}\"",
        t.utc().format("2006-01-02T15:04:05Z07:00")
    ))
}

fn is(entry: &Entry, manager: &str, operation: &str) -> bool {
    entry.manager == manager && entry.operation == operation && entry.subresource.is_empty()
}

fn decode(entry: &Entry) -> Result<Set, PatchError> {
    Set::from_json(entry.fields.as_deref().unwrap_or_default())
        .map_err(|e| PatchError(format!("failed to convert fields to set: {e}")))
}

/// `upgradedManagedFields(entries, manager, manager)`.
fn upgraded(mut entries: Vec<Entry>, manager: &str) -> Result<Vec<Entry>, PatchError> {
    let index = if let Some(i) = entries.iter().position(|e| is(e, manager, "Apply")) {
        i
    } else {
        let Some(i) = entries.iter().position(|e| is(e, manager, "Update")) else {
            return Ok(entries);
        };
        "Apply".clone_into(&mut entries[i].operation);
        manager.clone_into(&mut entries[i].manager);
        i
    };
    // unionManagerIntoIndex: the target's set, united with the first Update entry of the
    // same API version, encoded back into the target (even when there is nothing to unite).
    let api_version = entries[index].api_version.clone();
    let mut set = decode(&entries[index])?;
    if let Some(csa) = entries
        .iter()
        .find(|e| is(e, manager, "Update") && e.api_version == api_version)
    {
        set.union(&decode(csa)?);
    }
    if entries[index].fields.is_some() {
        entries[index].fields = Some(set.to_json());
    }
    entries.retain(|e| !is(e, manager, "Update"));
    Ok(entries)
}

fn write_entry(out: &mut String, e: &Entry) {
    let mut fields: Vec<(&str, String)> = Vec::new();
    let text = |s: &str| gojson::marshal(&Json::String(s.to_owned()));
    for (key, value) in [
        ("manager", &e.manager),
        ("operation", &e.operation),
        ("apiVersion", &e.api_version),
    ] {
        if !value.is_empty() {
            fields.push((key, text(value)));
        }
    }
    if let Some(time) = &e.time {
        fields.push(("time", time.clone()));
    }
    if !e.fields_type.is_empty() {
        fields.push(("fieldsType", text(&e.fields_type)));
    }
    if let Some(raw) = &e.fields {
        // Compact and HTML-escaped already (Go's marshal or fieldpath's writer), so what
        // json.Marshal does to a Marshaler's output leaves it as it is.
        fields.push(("fieldsV1", raw.clone()));
    }
    if !e.subresource.is_empty() {
        fields.push(("subresource", text(&e.subresource)));
    }
    out.push('{');
    for (i, (key, value)) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(key);
        out.push_str("\":");
        out.push_str(&value);
    }
    out.push('}');
}

/// The JSON patch that upgrades `live`'s managed fields for `manager`, or `None` when there
/// is nothing to upgrade.
///
/// # Errors
/// csaupgrade's `failed to convert fields to set: ...` when an entry's fields do not decode
/// (Helm reports it behind `failed to upgrade managed fields for object ...`).
pub fn upgrade_managed_fields_patch(
    live: &Json,
    manager: &str,
) -> Result<Option<String>, PatchError> {
    let Some(entries) = managed_fields(live) else {
        return Ok(None);
    };
    let new = upgraded(entries.clone(), manager)?;
    if new == entries {
        return Ok(None);
    }
    let mut value = String::new();
    if new.is_empty() {
        value.push_str("null");
    } else {
        value.push('[');
        for (i, e) in new.iter().enumerate() {
            if i > 0 {
                value.push(',');
            }
            write_entry(&mut value, e);
        }
        value.push(']');
    }
    let version = match live.pointer("/metadata/resourceVersion") {
        Some(Json::String(s)) => s.as_str(),
        _ => "",
    };
    Ok(Some(format!(
        r#"[{{"op":"replace","path":"/metadata/managedFields","value":{value}}},{{"op":"replace","path":"/metadata/resourceVersion","value":{}}}]"#,
        gojson::marshal(&Json::String(version.to_owned()))
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn update_entries_fold_into_apply() {
        let live = json!({"metadata": {"resourceVersion": "7", "managedFields": [
            {"manager": "helm", "operation": "Update", "apiVersion": "v1",
             "time": "2026-01-01T01:00:00.5+01:00", "fieldsV1": {"f:data": {"f:a": {}}}},
            {"manager": "kubectl", "operation": "Update", "apiVersion": "v1",
             "fieldsV1": {"f:data": {"f:b": {}}}},
        ]}});
        assert_eq!(
            upgrade_managed_fields_patch(&live, "helm")
                .unwrap()
                .unwrap(),
            r#"[{"op":"replace","path":"/metadata/managedFields","value":[{"manager":"helm","operation":"Apply","apiVersion":"v1","time":"2026-01-01T00:00:00Z","fieldsV1":{"f:data":{"f:a":{}}}},{"manager":"kubectl","operation":"Update","apiVersion":"v1","fieldsV1":{"f:data":{"f:b":{}}}}]},{"op":"replace","path":"/metadata/resourceVersion","value":"7"}]"#
        );
        let both = json!({"metadata": {"resourceVersion": "8", "managedFields": [
            {"manager": "helm", "operation": "Apply", "apiVersion": "v1",
             "fieldsV1": {"f:data": {"f:a": {}}}},
            {"manager": "helm", "operation": "Update", "apiVersion": "v1",
             "fieldsV1": {"f:data": {"f:c": {}}, "f:metadata": {}}},
        ]}});
        let patch: Json = serde_json::from_str(
            &upgrade_managed_fields_patch(&both, "helm")
                .unwrap()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            patch[0]["value"],
            json!([{"manager": "helm", "operation": "Apply", "apiVersion": "v1",
                    "fieldsV1": {"f:data": {"f:a": {}, "f:c": {}}, "f:metadata": {}}}])
        );
        let ssa_only = json!({"metadata": {"managedFields": [
            {"manager": "helm", "operation": "Apply", "apiVersion": "v1", "fieldsV1": {}}]}});
        assert_eq!(upgrade_managed_fields_patch(&ssa_only, "helm"), Ok(None));
    }

    #[test]
    fn times_like_go() {
        assert_eq!(
            utc_rfc3339("2026-03-01T00:30:00+01:00").as_deref(),
            Some(r#""2026-02-28T23:30:00Z""#)
        );
        assert_eq!(
            utc_rfc3339("0001-01-01T01:00:00+01:00").as_deref(),
            Some("null")
        );
        assert_eq!(utc_rfc3339("2026-02-29T00:00:00Z"), None);
        assert_eq!(utc_rfc3339("2026-01-01 00:00:00Z"), None);
    }
}
