//! Go `map[string]interface{}` fields of a record (`config`, a chart's `values`), decoded
//! lazily: a record keeps the JSON bytes it was read from and builds the value tree only when
//! a command prints or merges it.

use std::sync::{Arc, OnceLock};

use rudder_value::{Map, Value};

/// Untyped values as Helm keeps them (`map[string]interface{}`, numbers as `float64` after a
/// round trip through JSON).
#[derive(Clone)]
pub struct Values {
    raw: Option<Arc<[u8]>>,
    value: OnceLock<Value>,
}

impl std::fmt::Debug for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.raw {
            Some(raw) => write!(f, "Values({})", String::from_utf8_lossy(raw)),
            None => f
                .debug_tuple("Values")
                .field(self.value.get().unwrap_or(&Value::Nil))
                .finish(),
        }
    }
}

impl Values {
    /// Values from a Go value (a map, or `Nil` for a nil map).
    pub fn from_value(value: Value) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(value);
        Self {
            raw: None,
            value: cell,
        }
    }

    /// Values from JSON text, decoded when first used. The text must be a JSON object or
    /// `null` (the record decoder checks that).
    pub(crate) fn from_raw(raw: &[u8]) -> Self {
        Self {
            raw: Some(Arc::from(raw)),
            value: OnceLock::new(),
        }
    }

    /// The decoded value: a `Map`, or `Nil` for JSON `null`.
    ///
    /// # Errors
    /// Go's decoding error, should the stored text not decode (the record decoder has already
    /// checked its syntax, so this does not happen for values read from storage).
    pub fn value(&self) -> Result<&Value, rudder_yaml::Error> {
        if let Some(v) = self.value.get() {
            return Ok(v);
        }
        let raw = self.raw.as_deref().unwrap_or(b"null");
        let decoded = rudder_yaml::json::unmarshal(raw)?;
        Ok(self.value.get_or_init(|| decoded))
    }

    /// The values as a map (an empty map for `null`).
    ///
    /// # Errors
    /// As [`Values::value`].
    pub fn to_map(&self) -> Result<Map, rudder_yaml::Error> {
        Ok(match self.value()? {
            Value::Map(m) => m.clone(),
            _ => Map::new(),
        })
    }

    /// Whether Go would omit the field under `omitempty` (a nil or empty map).
    pub fn is_empty(&self) -> bool {
        if let Some(raw) = &self.raw {
            let trimmed: Vec<u8> = raw
                .iter()
                .copied()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            return trimmed == b"null" || trimmed == b"{}";
        }
        match self.value.get() {
            Some(Value::Map(m)) => m.is_nil() || m.is_empty(),
            _ => true,
        }
    }

    /// Whether the value is Go's nil map (JSON `null`).
    pub fn is_nil(&self) -> bool {
        if let Some(raw) = &self.raw {
            return raw
                .iter()
                .copied()
                .filter(|c| !c.is_ascii_whitespace())
                .eq(*b"null");
        }
        match self.value.get() {
            Some(Value::Map(m)) => m.is_nil(),
            _ => true,
        }
    }

    /// Appends the JSON Go's `json.Marshal` writes for these values (canonical: sorted keys,
    /// Go's float format and escaping, whatever the stored text looked like).
    ///
    /// # Errors
    /// Go's marshalling error (a NaN or an infinity, which JSON cannot hold).
    pub fn write_json(&self, out: &mut String) -> Result<(), rudder_yaml::Error> {
        match self.value()? {
            Value::Map(m) if m.is_nil() => out.push_str("null"),
            Value::Nil => out.push_str("null"),
            v => out.push_str(&rudder_yaml::json::marshal(v)?),
        }
        Ok(())
    }
}
