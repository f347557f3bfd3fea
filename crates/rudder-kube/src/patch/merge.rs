//! `jsonpatch.CreateMergePatch` (evanphx/json-patch v5) on two objects: RFC 7386 merge
//! patch, lists replaced whole, removed keys set to null. Numbers are compared by their JSON
//! text (the library decodes with `UseNumber`), which for the canonical values Helm marshals
//! is comparing their Go type and value as text.

use serde_json::{Map, Value as Json};

use super::gojson::marshal;

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
