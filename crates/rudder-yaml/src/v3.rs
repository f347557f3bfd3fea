//! `go.yaml.in/yaml/v3` (v3.0.4): the encoder behind Helm's `toYamlPretty`.
//!
//! Unlike `toYaml` there is no JSON round trip: values are written with their Go types
//! (`float64` as `'g'`, so `1e+06`), sequences are indented under their key, lines are never
//! folded, keys sort by v3's comparator, and strings that YAML 1.1 would read as booleans
//! (`yes`, `on`) are still quoted.

use rudder_value::Value;

use crate::error::{Error, ErrorKind};
use crate::yaml::encode::encode_v3;

/// `yaml.NewEncoder(w)` with `SetIndent(indent)`, then `Encode(v)`: the encoder's output,
/// ending in a newline (`toYamlPretty` trims one).
///
/// # Errors
/// `cannot marshal type: complex128` for values yaml.v3 cannot write.
///
/// ```
/// use rudder_value::{Map, Value};
/// let m = Map::new();
/// m.insert("list", Value::list(vec![Value::string("on"), Value::float64(1e6)]));
/// assert_eq!(rudder_yaml::v3::encode(&Value::Map(m), 2).unwrap(), "list:\n  - \"on\"\n  - 1e+06\n");
/// ```
pub fn encode(v: &Value, indent: usize) -> Result<String, Error> {
    let indent = i64::try_from(indent).unwrap_or(i64::MAX);
    let out = encode_v3(v, indent).map_err(|e| Error::new(ErrorKind::Decode, e.0))?;
    Ok(String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// What `toYamlPretty` returns: [`encode`] with an indent of 2, one trailing newline trimmed.
///
/// # Errors
/// As [`encode`] (`toYamlPretty` itself returns `""` on error).
pub fn encode_pretty(v: &Value) -> Result<String, Error> {
    let mut s = encode(v, 2)?;
    if s.ends_with('\n') {
        s.pop();
    }
    Ok(s)
}
