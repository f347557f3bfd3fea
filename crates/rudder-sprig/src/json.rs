//! Sprig's JSON functions (`defaults.go`) over rudder-yaml's Go `encoding/json`: `toJson`,
//! `toPrettyJson` and `fromJson` swallow errors (`""` and nil), the `must` variants and
//! `toRawJson` fail the template with Go's error text.
//!
//! Helm replaces Sprig's `toJson`, `mustToJson` and `fromJson` with its own (its `fromJson`
//! returns a map with an `Error` key); the engine registers those over these.

use rudder_value::Value;
use rudder_yaml::json;

use crate::error::{Error, Result};

fn err(e: &rudder_yaml::Error) -> Error {
    Error::msg(e)
}

/// `toJson`.
pub(crate) fn to_json(v: &Value) -> String {
    json::marshal(v).unwrap_or_default()
}

/// `mustToJson`.
pub(crate) fn must_to_json(v: &Value) -> Result<String> {
    json::marshal(v).map_err(|e| err(&e))
}

/// `toPrettyJson`.
pub(crate) fn to_pretty_json(v: &Value) -> String {
    json::marshal_indent(v, "", "  ").unwrap_or_default()
}

/// `mustToPrettyJson`.
pub(crate) fn must_to_pretty_json(v: &Value) -> Result<String> {
    json::marshal_indent(v, "", "  ").map_err(|e| err(&e))
}

/// `toRawJson` and `mustToRawJson` (the first panics with the error, the second returns it).
pub(crate) fn to_raw_json(v: &Value) -> Result<String> {
    json::marshal_raw(v).map_err(|e| err(&e))
}

/// `fromJson`: the decoded value, whatever was decoded before an error.
pub(crate) fn from_json(s: &str) -> Value {
    json::decode(s.as_bytes(), rudder_yaml::Target::Any).value
}

/// `mustFromJson`.
pub(crate) fn must_from_json(s: &str) -> Result<Value> {
    json::unmarshal(s.as_bytes()).map_err(|e| err(&e))
}
