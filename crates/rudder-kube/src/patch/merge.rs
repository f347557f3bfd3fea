//! `jsonpatch.CreateMergePatch` (evanphx/json-patch v5) on two objects: RFC 7386 merge
//! patch, lists replaced whole, removed keys set to null. Numbers are compared by their JSON
//! text (the library decodes with `UseNumber`), which for the canonical values Helm marshals
//! is comparing their Go type and value as text.

use serde_json::{Map, Value as Json};

use super::PatchError;
use super::gojson::{canonical, marshal};

type JsonMap = Map<String, Json>;

#[derive(PartialEq, Eq)]
enum Class {
    Nil,
    Bool,
    Number,
    String,
    Map,
    Slice,
}

fn class(v: &Json) -> Class {
    match v {
        Json::Null => Class::Nil,
        Json::Bool(_) => Class::Bool,
        Json::Number(_) => Class::Number,
        Json::String(_) => Class::String,
        Json::Object(_) => Class::Map,
        Json::Array(_) => Class::Slice,
    }
}

/// `matchesValue`.
fn matches(a: &Json, b: &Json) -> bool {
    if class(a) != class(b) {
        return false;
    }
    match (a, b) {
        (Json::Number(_), Json::Number(_)) => marshal(a) == marshal(b),
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && y.iter()
                    .all(|(k, w)| x.get(k).is_some_and(|v| matches(v, w)))
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| matches(v, w))
        }
        _ => a == b,
    }
}

/// `getDiff(a, b)`.
pub(crate) fn create_merge_patch(a: &JsonMap, b: &JsonMap) -> JsonMap {
    let mut into = JsonMap::new();
    for (key, bv) in b {
        let Some(av) = a.get(key) else {
            into.insert(key.clone(), bv.clone());
            continue;
        };
        if class(av) != class(bv) {
            into.insert(key.clone(), bv.clone());
            continue;
        }
        match (av, bv) {
            (Json::Object(x), Json::Object(y)) => {
                let diff = create_merge_patch(x, y);
                if !diff.is_empty() {
                    into.insert(key.clone(), Json::Object(diff));
                }
            }
            (Json::Null, Json::Null) => {}
            _ => {
                if !matches(av, bv) {
                    into.insert(key.clone(), bv.clone());
                }
            }
        }
    }
    for key in a.keys() {
        if !b.contains_key(key) {
            into.insert(key.clone(), Json::Null);
        }
    }
    into
}

/// A value as json-patch v4 decodes a document (`encoding/json` into `interface{}`): every
/// number a `float64`.
fn floats(v: &Json) -> Json {
    match v {
        Json::Number(n) => {
            serde_json::Number::from_f64(n.as_f64().unwrap_or(0.0)).map_or(Json::Null, Json::Number)
        }
        Json::Array(items) => Json::Array(items.iter().map(floats).collect()),
        Json::Object(m) => Json::Object(m.iter().map(|(k, v)| (k.clone(), floats(v))).collect()),
        other => other.clone(),
    }
}

/// json-patch v4's `getDiff` on float-typed documents (`matchesValue` compares numbers as
/// `float64`s).
fn diff_v4(a: &JsonMap, b: &JsonMap) -> JsonMap {
    let mut into = JsonMap::new();
    for (key, bv) in b {
        let Some(av) = a.get(key) else {
            into.insert(key.clone(), bv.clone());
            continue;
        };
        if class(av) != class(bv) {
            into.insert(key.clone(), bv.clone());
            continue;
        }
        match (av, bv) {
            (Json::Object(x), Json::Object(y)) => {
                let diff = diff_v4(x, y);
                if !diff.is_empty() {
                    into.insert(key.clone(), Json::Object(diff));
                }
            }
            (Json::Null, Json::Null) => {}
            _ => {
                if av != bv {
                    into.insert(key.clone(), bv.clone());
                }
            }
        }
    }
    for key in a.keys() {
        if !b.contains_key(key) {
            into.insert(key.clone(), Json::Null);
        }
    }
    into
}

/// `keepOrDeleteNullInObj`: with `keep_null`, only the nulls (and the maps holding some);
/// without, everything but the nulls (empty maps kept).
fn keep_or_delete_null(m: &JsonMap, keep_null: bool) -> JsonMap {
    let mut out = JsonMap::new();
    for (key, value) in m {
        match value {
            Json::Null => {
                if keep_null {
                    out.insert(key.clone(), Json::Null);
                }
            }
            Json::Object(sub) if sub.is_empty() => {
                if !keep_null {
                    out.insert(key.clone(), value.clone());
                }
            }
            Json::Object(sub) => {
                let filtered = keep_or_delete_null(sub, keep_null);
                if !filtered.is_empty() {
                    out.insert(key.clone(), Json::Object(filtered));
                }
            }
            _ => {
                if !keep_null {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
    }
    out
}

/// `mergepatch.HasConflicts`.
fn has_conflicts(left: &Json, right: &Json) -> bool {
    match (left, right) {
        (Json::Object(l), Json::Object(r)) => l
            .iter()
            .any(|(k, lv)| r.get(k).is_some_and(|rv| has_conflicts(lv, rv))),
        (Json::Object(_) | Json::Array(_), _) => !matches!(
            (left, right),
            (Json::Array(l), Json::Array(r))
                if l.len() == r.len() && !l.iter().zip(r).any(|(a, b)| has_conflicts(a, b))
        ),
        // reflect.DeepEqual on the decoded scalars (int64 and float64 differ).
        _ => !super::gojson::deep_equal(left, right),
    }
}

/// json-patch v4's `pruneNulls`: null keys removed from every object of the subtree.
fn prune_nulls(v: &mut Json) {
    match v {
        Json::Object(m) => {
            m.retain(|_, v| !v.is_null());
            m.values_mut().for_each(prune_nulls);
        }
        Json::Array(items) => items.iter_mut().for_each(prune_nulls),
        _ => {}
    }
}

/// json-patch v4's `mergeDocs(doc, patch, false)`.
fn merge_docs(doc: &mut JsonMap, patch: JsonMap) {
    for (key, mut value) in patch {
        if value.is_null() {
            doc.remove(&key);
            continue;
        }
        match doc.get_mut(&key) {
            Some(Json::Object(cur)) if value.is_object() => {
                if let Json::Object(sub) = value {
                    merge_docs(cur, sub);
                }
            }
            Some(cur) if !cur.is_null() => *cur = value,
            _ => {
                prune_nulls(&mut value);
                doc.insert(key, value);
            }
        }
    }
}

/// `jsonmergepatch.CreateThreeWayJSONMergePatch(original, modified, current)` with the
/// preconditions Helm passes (apiVersion, kind and metadata.name unchanged): the changes from
/// the live object to the target without deletions, plus the deletions from the original to
/// the target, refused when the two disagree.
pub(crate) fn create_three_way_merge_patch(
    original: &JsonMap,
    modified: &JsonMap,
    current: &JsonMap,
) -> Result<String, PatchError> {
    let as_doc = |m: &JsonMap| match floats(&Json::Object(m.clone())) {
        Json::Object(m) => m,
        _ => JsonMap::new(),
    };
    let (original, modified, current) = (as_doc(original), as_doc(modified), as_doc(current));
    // Each patch goes through json.Marshal and util/json.Unmarshal: whole floats become int64.
    let typed = |m: JsonMap| match canonical(Json::Object(m)) {
        Json::Object(m) => m,
        _ => JsonMap::new(),
    };
    let add_and_change = keep_or_delete_null(&typed(diff_v4(&current, &modified)), false);
    let delete = keep_or_delete_null(&typed(diff_v4(&original, &modified)), true);
    let (add_and_change, delete) = (Json::Object(add_and_change), Json::Object(delete));
    if has_conflicts(&add_and_change, &delete) {
        let yaml = |v: &Json| {
            rudder_yaml::sigs::json_to_yaml(marshal(v).as_bytes()).unwrap_or_else(|e| e.to_string())
        };
        return Err(PatchError(format!(
            "patch:\n{}\nconflicts with changes made from original to current:\n{}\n",
            yaml(&add_and_change),
            yaml(&delete)
        )));
    }
    let (Json::Object(mut patch), Json::Object(add_and_change)) = (delete, add_and_change) else {
        return Err(PatchError("Invalid JSON Document".to_owned()));
    };
    merge_docs(&mut patch, add_and_change);
    let unchanged = !patch.contains_key("apiVersion")
        && !patch.contains_key("kind")
        && !patch
            .get("metadata")
            .and_then(Json::as_object)
            .is_some_and(|m| m.contains_key("name"));
    if !unchanged {
        return Err(PatchError(format!(
            "precondition failed for: {}",
            super::gojson::sprint(&Json::Object(patch))
        )));
    }
    Ok(marshal(&Json::Object(patch)))
}
