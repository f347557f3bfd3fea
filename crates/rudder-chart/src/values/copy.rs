//! Helm's `internal/copystructure.Copy`: a deep copy that keeps Go types (named map types,
//! typed slices) and nil maps and slices.

use rudder_value::{List, Map, Value};

/// `copystructure.Copy` of a value.
pub fn deep_copy(v: &Value) -> Value {
    crate::deep(|| match v {
        Value::Map(m) => Value::Map(deep_copy_map(m)),
        Value::List(l) if l.is_nil() => Value::List(l.clone()),
        Value::List(l) => Value::List(List::typed(
            l.elem(),
            l.items().iter().map(deep_copy).collect::<Vec<_>>(),
        )),
        other => other.clone(),
    })
}

/// `copystructure.Copy` of a map (a nil map stays nil).
pub fn deep_copy_map(m: &Map) -> Map {
    if m.is_nil() {
        return Map::nil(m.map_type().clone());
    }
    Map::from_entries(
        m.map_type().clone(),
        m.entries()
            .into_iter()
            .map(|(k, v)| (k, deep_copy(&v)))
            .collect(),
    )
}
