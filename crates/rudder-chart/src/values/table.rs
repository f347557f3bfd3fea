//! `common.Values`' path lookups: `Table("a.b")` and `PathValue("a.b.c")`
//! (`pkg/chart/common/values.go`), used by dependency conditions, tags and import-values.

use rudder_value::{Map, MapType, Value};

use super::coalesce::is_table;

/// `ErrNoTable` / `ErrNoValue`: `"x" is not a table`, `"x" is not a value`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// `ErrNoTable`.
    #[error("{} is not a table", rudder_value::strconv::quote(.0))]
    NoTable(String),
    /// `ErrNoValue`.
    #[error("{} is not a value", rudder_value::strconv::quote(.0))]
    NoValue(String),
    /// An empty path.
    #[error("YAML path cannot be empty")]
    Empty,
}

/// `tableLookup`: a `map[string]interface{}` or a `common.Values` under `key`.
fn table_lookup(v: &Map, key: &str) -> Result<Map, PathError> {
    match v.get(key) {
        Some(Value::Map(m))
            if *m.map_type() == MapType::interface()
                || m.map_type().name.as_deref() == Some("common.Values") =>
        {
            Ok(m)
        }
        _ => Err(PathError::NoTable(key.to_owned())),
    }
}

/// `Values.Table`: the map at a dotted path.
///
/// # Errors
/// `"x" is not a table` for the first element that is missing or not a map.
pub fn table(v: &Map, path: &str) -> Result<Map, PathError> {
    let mut t = v.clone();
    for n in path.split('.') {
        t = table_lookup(&t, n)?;
    }
    Ok(t)
}

/// `Values.PathValue`: the non-map value at a dotted path.
///
/// # Errors
/// `YAML path cannot be empty`, `"x" is not a value`.
pub fn path_value(v: &Map, path: &str) -> Result<Value, PathError> {
    if path.is_empty() {
        return Err(PathError::Empty);
    }
    let (parents, key) = match path.rsplit_once('.') {
        Some((p, k)) => (Some(p), k),
        None => (None, path),
    };
    let t = match parents {
        None => v.clone(),
        Some(p) => table(v, p).map_err(|_| PathError::NoValue(key.to_owned()))?,
    };
    match t.get(key) {
        Some(k) if !is_table(&k) => Ok(k),
        _ => Err(PathError::NoValue(key.to_owned())),
    }
}
