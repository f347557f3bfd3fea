//! Reading fields of an object the way kstatus reads an `unstructured.Unstructured`.
//!
//! client-go decodes JSON into `map[string]interface{}` with integers as `int64` and every
//! other number as `float64`; kstatus then reads it through apimachinery's `unstructured`
//! helpers (`NestedFieldNoCopy`, `NestedString`, `NestedInt64`), its own lenient getters
//! (`GetStringField`, `GetIntField`) and, for conditions, the reflection-based
//! `DefaultUnstructuredConverter`. Each function here keeps the quirks of its Go counterpart,
//! including the error texts (which name Go types and print values with `%v`).

use serde_json::Value;

/// A JSON value as the Go value client-go would hold, for `%v` in error texts.
fn to_go(value: &Value) -> rudder_value::Value {
    use rudder_value::{FloatKind, IntKind, List, Map, Value as Go};
    match value {
        Value::Null => Go::Nil,
        Value::Bool(b) => Go::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Go::Int(i, IntKind::Int64),
            None => Go::Float(n.as_f64().unwrap_or(f64::NAN), FloatKind::F64),
        },
        Value::String(s) => Go::from(s.as_str()),
        Value::Array(items) => Go::from(List::new(items.iter().map(to_go).collect::<Vec<_>>())),
        Value::Object(map) => {
            let m = Map::new();
            for (k, v) in map {
                m.insert(k.as_str(), to_go(v));
            }
            Go::from(m)
        }
    }
}

/// Go's `%v` of the value client-go would hold.
pub(super) fn go_v(value: &Value) -> String {
    rudder_value::fmt::to_string(&to_go(value))
}

/// Go's `%T` of the value client-go would hold.
pub(super) fn go_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() => "int64",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// `reflect.Kind` of the value client-go would hold, as the converter prints it.
fn go_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "invalid",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() => "int64",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "slice",
        Value::Object(_) => "map",
    }
}

fn json_path(fields: &[&str]) -> String {
    format!(".{}", fields.join("."))
}

/// `unstructured.NestedFieldNoCopy`: `Ok(None)` when a field is missing or a parent is null;
/// an error when a parent is not a map. A null leaf is found (`Some(Null)`).
pub(super) fn nested<'a>(obj: &'a Value, fields: &[&str]) -> Result<Option<&'a Value>, String> {
    let mut value = obj;
    for (i, field) in fields.iter().enumerate() {
        match value {
            Value::Null => return Ok(None),
            Value::Object(map) => match map.get(*field) {
                Some(v) => value = v,
                None => return Ok(None),
            },
            other => {
                return Err(format!(
                    "{} accessor error: {} is of the type {}, expected map[string]interface{{}}",
                    json_path(&fields[..=i]),
                    go_v(other),
                    go_type(other)
                ));
            }
        }
    }
    Ok(Some(value))
}

/// `unstructured.NestedString`.
pub(super) fn nested_string<'a>(
    obj: &'a Value,
    fields: &[&str],
) -> Result<Option<&'a str>, String> {
    match nested(obj, fields)? {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!(
            "{} accessor error: {} is of the type {}, expected string",
            json_path(fields),
            go_v(other),
            go_type(other)
        )),
    }
}

/// `unstructured.NestedInt64`.
pub(super) fn nested_int64(obj: &Value, fields: &[&str]) -> Result<Option<i64>, String> {
    match nested(obj, fields)? {
        None => Ok(None),
        Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
        Some(other) => Err(format!(
            "{} accessor error: {} is of the type {}, expected int64",
            json_path(fields),
            go_v(other),
            go_type(other)
        )),
    }
}

/// `unstructured.NestedSlice`.
pub(super) fn nested_slice<'a>(
    obj: &'a Value,
    fields: &[&str],
) -> Result<Option<&'a [Value]>, String> {
    match nested(obj, fields)? {
        None => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(other) => Err(format!(
            "{} accessor error: {} is of the type {}, expected []interface{{}}",
            json_path(fields),
            go_v(other),
            go_type(other)
        )),
    }
}

/// kstatus' `GetStringField`: the string at `fields`, or `default` when it is missing, not a
/// string, or a parent is not a map.
pub(super) fn string_field<'a>(obj: &'a Value, fields: &[&str], default: &'a str) -> &'a str {
    match nested(obj, fields) {
        Ok(Some(Value::String(s))) => s,
        _ => default,
    }
}

/// kstatus' `GetIntField`: the integer at `fields` (Go `int`, `int32` or `int64`; from JSON
/// only integers that fit `int64`), or `default`.
pub(super) fn int_field(obj: &Value, fields: &[&str], default: i64) -> i64 {
    match nested(obj, fields) {
        Ok(Some(Value::Number(n))) => n.as_i64().unwrap_or(default),
        _ => default,
    }
}

/// Unstructured's `getNestedString` (used by `GetKind`, `GetName`, ...): "" unless a string.
pub(super) fn meta_string<'a>(obj: &'a Value, fields: &[&str]) -> &'a str {
    string_field(obj, fields, "")
}

/// One element of `.status.conditions` as kstatus' `BasicCondition` holds it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct BasicCondition {
    pub(super) kind: String,
    pub(super) status: String,
    pub(super) reason: String,
    pub(super) message: String,
}

/// kstatus' `GetObjectWithConditions`: `.status.conditions` through
/// `runtime.DefaultUnstructuredConverter.FromUnstructured` into
/// `struct{Status struct{Conditions []BasicCondition}}`, with the converter's errors.
pub(super) fn conditions(obj: &Value) -> Result<Vec<BasicCondition>, String> {
    let status = match obj.get("status") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Object(map)) => map,
        Some(other) => return Err(format!("cannot restore struct from: {}", go_kind(other))),
    };
    let items = match status.get("conditions") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => return Err(format!("cannot restore slice from {}", go_kind(other))),
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let map = match item {
            Value::Null => {
                out.push(BasicCondition::default());
                continue;
            }
            Value::Object(map) => map,
            other => return Err(format!("cannot restore struct from: {}", go_kind(other))),
        };
        // Struct fields in declaration order: the first bad one is the error.
        let field = |name: &str, go_type_name: &str| -> Result<String, String> {
            match map.get(name) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::String(s)) => Ok(s.clone()),
                // Integers are convertible to strings in Go's reflect (as runes), which the
                // converter refuses with its own message; the other kinds are not.
                Some(Value::Number(n)) if n.is_i64() => {
                    Err(format!("cannot convert int64 to {go_type_name}"))
                }
                Some(_) => Err("unrecognized type: string".to_owned()),
            }
        };
        out.push(BasicCondition {
            kind: field("type", "string")?,
            status: field("status", "v1.ConditionStatus")?,
            reason: field("reason", "string")?,
            message: field("message", "string")?,
        });
    }
    Ok(out)
}

/// Seconds since the Unix epoch of an RFC 3339 time as Go's `time.Parse(time.RFC3339, s)`
/// accepts it (fractional seconds allowed), or `None`.
#[expect(
    clippy::cast_precision_loss,
    reason = "only compared, as kstatus compares times"
)]
pub(super) fn parse_rfc3339(text: &str) -> Option<f64> {
    let t = rudder_release::gotime::Time::parse_rfc3339(text).ok()?;
    Some(t.unix() as f64 + f64::from(t.nanosecond()) / 1e9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_rfc3339("2000-03-01T00:00:00Z"), Some(951_868_800.0));
        assert_eq!(parse_rfc3339("1970-01-01T01:00:00+01:00"), Some(0.0));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:01.5Z"), Some(1.5));
        assert_eq!(parse_rfc3339("1970-02-30T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("not-a-time"), None);
        assert_eq!(parse_rfc3339(""), None);
    }
}
