//! `toml.Unmarshal` into a `map[string]interface{}` (`fromToml`).

use std::collections::BTreeMap;

use rudder_value::{Map, MapType, Str, Value};

use super::parse::{Failure, TVal, Table, parse};
use crate::error::{Error, ErrorKind};

/// Decodes a TOML document as BurntSushi/toml v1.6.0 does into a `map[string]interface{}`:
/// integers are `int64`, floats `float64`, datetimes `time.Time` ([`super::Datetime`]
/// objects), arrays `[]interface {}`, tables `map[string]interface {}`.
///
/// An array of tables (`[[x]]`) is a `[]map[string]interface {}` in Go; rudder's lists have no
/// such element type, so it comes back as a `[]interface {}` of maps (only `typeOf`/`%T`
/// can tell).
///
/// # Errors
/// Go's `ParseError` text, e.g. ``toml: line 2 (last key "a"): Key 'a' has already been
/// defined.``. Where Go's parser panics on an internal check (`BUG: ...`), the error has kind
/// [`ErrorKind::Panic`] and the panic's text.
pub fn decode(data: &[u8]) -> Result<Value, Error> {
    match parse(data) {
        Ok(table) => Ok(Value::Map(table_value(table))),
        Err(f @ Failure::Bug(_)) => Err(Error::new(ErrorKind::Panic, f.message())),
        Err(f) => Err(Error::new(ErrorKind::Toml, f.message())),
    }
}

/// Helm's `fromToml`: the decoded map, or on error an empty map whose `Error` key holds the
/// message.
///
/// # Errors
/// Only where Go panics (see [`decode`]); Helm's template engine turns that panic into the
/// template's error.
pub fn from_toml(text: &str) -> Result<Value, Error> {
    match decode(text.as_bytes()) {
        Err(e) if e.kind() == ErrorKind::Panic => Err(e),
        Err(e) => {
            let mut entries = BTreeMap::new();
            entries.insert(Str::from("Error"), Value::string(e.message()));
            Ok(Value::Map(Map::from_entries(MapType::interface(), entries)))
        }
        ok => ok,
    }
}

fn table_value(table: Table) -> Map {
    let entries: BTreeMap<Str, Value> = table
        .into_iter()
        .map(|(k, v)| (Str::from(k), value(v)))
        .collect();
    Map::from_entries(MapType::interface(), entries)
}

fn value(v: TVal) -> Value {
    match v {
        TVal::Str(s) => Value::string(s),
        TVal::Int(i) => Value::int64(i),
        TVal::Float(f) => Value::float64(f),
        TVal::Bool(b) => Value::Bool(b),
        TVal::Datetime(t) => t.into_value(),
        TVal::Array(items) => Value::list(items.into_iter().map(value).collect::<Vec<_>>()),
        TVal::Table(t) => Value::Map(table_value(t)),
        TVal::TableArray(tables) => Value::list(
            tables
                .into_iter()
                .map(|t| Value::Map(table_value(t)))
                .collect::<Vec<_>>(),
        ),
    }
}
