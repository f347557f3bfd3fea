//! `sigs.k8s.io/yaml.Unmarshal` into Go structs (Chart.yaml's `chart.Metadata`, Chart.lock,
//! repository indexes, ...), described by a [`GoType`].
//!
//! Two Go steps make this differ from decoding into `interface{}`: `sigs.k8s.io/yaml`
//! stringifies numbers and booleans headed for a `string` field before the JSON round trip
//! (with `float32` formatting: `version: 1.10` is `"1.1"`, `12345678.9` is `"1.2345679e+07"`),
//! and `encoding/json` then type-checks every field, with errors such as `json: cannot
//! unmarshal string into Go struct field Metadata.maintainers of type []*v2.Maintainer`.
//! Object keys match a field's JSON name exactly or, failing that, case-insensitively; other
//! keys are ignored.
//!
//! The result is a [`Value`]: a struct is a map from Go field names to values (every field
//! present, zero values included), typed scalars keep their Go types.

use std::collections::BTreeMap;

use rudder_value::strconv::{format_float, parse_float, parse_int, parse_uint};
use rudder_value::{ElemType, FloatKind, IntKind, List, Map, MapType, Str, UintKind, Value};

use super::{CONVERTING, UNMARSHALING, decode_go, key_string, unsupported_float};
use crate::Decoded;
use crate::error::{Error, ErrorKind};
use crate::json::write_float;
use crate::yaml::decode::{GoMap, GoValue};
use rudder_value::gobytes::go_lossy;

/// A Go type to decode into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoType {
    /// `interface{}`.
    Any,
    /// `string`.
    String,
    /// `bool`.
    Bool,
    /// A signed integer type.
    Int(IntKind),
    /// An unsigned integer type.
    Uint(UintKind),
    /// `float32` or `float64`.
    Float(FloatKind),
    /// `[]T`.
    Slice(&'static GoType),
    /// `map[string]T`.
    Map(&'static GoType),
    /// `*T`.
    Ptr(&'static GoType),
    /// A struct.
    Struct(&'static StructType),
}

/// A struct type.
#[derive(Debug, PartialEq, Eq)]
pub struct StructType {
    /// The package-qualified name as `reflect.Type.String()` gives it, e.g. `v2.Metadata`.
    pub name: &'static str,
    /// The fields, in declaration order.
    pub fields: &'static [Field],
}

/// A struct field.
#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    /// The Go field name (`AppVersion`), the key in the decoded map.
    pub go_name: &'static str,
    /// The JSON name from its tag (`appVersion`).
    pub json_name: &'static str,
    /// Its type.
    pub ty: GoType,
}

impl GoType {
    /// Go's name of the type, as errors print it.
    pub fn type_name(&self) -> String {
        match self {
            Self::Any => "interface {}".to_owned(),
            Self::String => "string".to_owned(),
            Self::Bool => "bool".to_owned(),
            Self::Int(k) => k.name().to_owned(),
            Self::Uint(k) => k.name().to_owned(),
            Self::Float(k) => k.name().to_owned(),
            Self::Slice(t) => format!("[]{}", t.type_name()),
            Self::Map(t) => format!("map[string]{}", t.type_name()),
            Self::Ptr(t) => format!("*{}", t.type_name()),
            Self::Struct(s) => s.name.to_owned(),
        }
    }

    /// Through pointers to the type that decides (`indirect`).
    fn target(&self) -> &GoType {
        match self {
            Self::Ptr(t) => t.target(),
            other => other,
        }
    }

    /// Go's zero value of the type.
    pub fn zero(&self) -> Value {
        match self {
            Self::Any | Self::Ptr(_) => Value::Nil,
            Self::String => Value::string(""),
            Self::Bool => Value::Bool(false),
            Self::Int(k) => Value::Int(0, *k),
            Self::Uint(k) => Value::Uint(0, *k),
            Self::Float(k) => Value::Float(0.0, *k),
            Self::Slice(t) => Value::List(List::nil(elem_type(t))),
            Self::Map(t) => Value::Map(Map::nil(MapType {
                name: None,
                elem: elem_type(t),
            })),
            Self::Struct(s) => Value::Map(zero_struct(s)),
        }
    }
}

fn elem_type(t: &GoType) -> ElemType {
    match t {
        GoType::String => ElemType::String,
        GoType::Bool => ElemType::Bool,
        GoType::Int(IntKind::Int) => ElemType::Int,
        GoType::Int(IntKind::Int64) => ElemType::Int64,
        GoType::Float(FloatKind::F64) => ElemType::Float64,
        _ => ElemType::Interface,
    }
}

fn zero_struct(s: &StructType) -> Map {
    let entries: BTreeMap<Str, Value> = s
        .fields
        .iter()
        .map(|f| (Str::from(f.go_name), f.ty.zero()))
        .collect();
    Map::from_entries(MapType::named(s.name), entries)
}

/// The field a JSON key goes to: an exact match of the JSON name, else the first
/// case-insensitive one.
fn find_field<'s>(s: &'s StructType, key: &str) -> Option<&'s Field> {
    s.fields
        .iter()
        .find(|f| f.json_name == key)
        .or_else(|| s.fields.iter().find(|f| fold_eq(f.json_name, key)))
}

/// `encoding/json`'s case-insensitive key match (Unicode simple folding).
fn fold_eq(a: &str, b: &str) -> bool {
    let fold = |c: char| c.to_lowercase().next().unwrap_or(c);
    a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).all(|(x, y)| fold(x) == fold(y))
}

// ---------------------------------------------------------------------------------------
// Step 2: `convertToJSONableObject` with a target (string keys; scalars for string fields
// stringified).

/// A value between the YAML decode and the JSON decode: the JSON tree, with each number's
/// JSON text.
#[derive(Debug, Clone)]
enum Json {
    Null,
    Bool(bool),
    /// A number's JSON text.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

fn stringify(v: &GoValue) -> Option<String> {
    Some(match v {
        GoValue::Int(i) => i.to_string(),
        GoValue::Float(f) => format_float(*f, b'g', -1, 32),
        GoValue::Uint(u) => u.to_string(),
        GoValue::Bool(b) => b.to_string(),
        _ => return None,
    })
}

fn convert(v: GoValue, target: Option<&GoType>) -> Result<GoValue, Error> {
    crate::deep(|| convert_inner(v, target))
}

fn convert_inner(v: GoValue, target: Option<&GoType>) -> Result<GoValue, Error> {
    let target = target.map(GoType::target);
    Ok(match v {
        GoValue::Map(map) => {
            let mut out = GoMap::default();
            for (k, v) in map.entries {
                let Some(key) = key_string(&k) else {
                    return Err(super::unsupported_key(&k, &v));
                };
                let field_target = match target {
                    Some(GoType::Struct(s)) => find_field(s, &key).map(|f| &f.ty),
                    Some(GoType::Map(elem)) => Some(*elem),
                    _ => None,
                };
                let v = convert(v, field_target)?;
                out.insert(GoValue::String(key), v);
            }
            GoValue::Map(out)
        }
        GoValue::Seq(items) => {
            let elem = match target {
                Some(GoType::Slice(t)) => Some(*t),
                _ => None,
            };
            GoValue::Seq(
                items
                    .into_iter()
                    .map(|i| convert(i, elem))
                    .collect::<Result<_, _>>()?,
            )
        }
        scalar => {
            if target == Some(&GoType::String)
                && let Some(s) = stringify(&scalar)
            {
                GoValue::String(Str::from(s))
            } else {
                scalar
            }
        }
    })
}

// ---------------------------------------------------------------------------------------
// Step 3: `json.Marshal` (to a JSON tree) and the decode into the target type.

fn to_json(v: &GoValue) -> Result<Json, Error> {
    crate::deep(|| {
        Ok(match v {
            GoValue::Nil => Json::Null,
            GoValue::Bool(b) => Json::Bool(*b),
            GoValue::Int(i) => Json::Number(i.to_string()),
            GoValue::Uint(u) => Json::Number(u.to_string()),
            GoValue::Float(f) => {
                if !f.is_finite() {
                    return Err(Error::new(ErrorKind::Json, unsupported_float(*f)));
                }
                let mut text = Vec::new();
                write_float(&mut text, *f, 64)?;
                Json::Number(String::from_utf8(text).unwrap_or_default())
            }
            GoValue::String(s) => Json::String(s.to_string()),
            GoValue::Bytes(b) => Json::String(go_lossy(b)),
            GoValue::Seq(items) => {
                Json::Array(items.iter().map(to_json).collect::<Result<_, _>>()?)
            }
            GoValue::Map(map) => {
                let mut entries: Vec<(String, Json)> = Vec::new();
                for (k, v) in &map.entries {
                    let GoValue::String(k) = k else { continue };
                    entries.push((k.to_string(), to_json(v)?));
                }
                // json.Marshal writes keys sorted; equal keys cannot occur.
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Json::Object(entries)
            }
        })
    })
}

struct JsonDecoder {
    /// The first type error.
    error: Option<Error>,
    /// The innermost struct entered and the JSON field names from the root.
    context: Option<&'static str>,
    fields: Vec<String>,
}

impl JsonDecoder {
    fn type_error(&mut self, what: &str, ty: &GoType) {
        if self.error.is_some() {
            return;
        }
        let msg = match self.context {
            Some(st) => format!(
                "json: cannot unmarshal {what} into Go struct field {}.{} of type {}",
                st.rsplit('.').next().unwrap_or(st),
                self.fields.join("."),
                ty.type_name()
            ),
            None => format!(
                "json: cannot unmarshal {what} into Go value of type {}",
                ty.type_name()
            ),
        };
        self.error = Some(Error::new(ErrorKind::Type, msg));
    }

    /// A number for a numeric field, or the type error for one that does not fit.
    fn number(&mut self, parsed: Option<Value>, text: &str, ty: &GoType) -> Option<Value> {
        if parsed.is_none() {
            self.type_error(&format!("number {text}"), ty);
        }
        parsed
    }

    /// Decodes `j` into a value of type `ty`; `None` leaves the target as it was.
    fn decode(&mut self, j: &Json, ty: &GoType) -> Option<Value> {
        crate::deep(|| self.decode_inner(j, ty))
    }

    fn decode_inner(&mut self, j: &Json, ty: &GoType) -> Option<Value> {
        let kind = match j {
            Json::Null => "null",
            Json::Bool(_) => "bool",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        };
        if let Json::Null = j {
            // null sets interfaces, pointers, maps and slices to nil; others are untouched.
            return match ty {
                GoType::Any | GoType::Ptr(_) | GoType::Map(_) | GoType::Slice(_) => Some(ty.zero()),
                _ => None,
            };
        }
        match (ty, j) {
            (GoType::Ptr(inner), _) => self.decode(j, inner).or_else(|| Some(inner.zero())),
            (GoType::Any, _) => Some(any_value(j)),
            (GoType::String, Json::String(s)) => Some(Value::string(s.as_str())),
            (GoType::Bool, Json::Bool(b)) => Some(Value::Bool(*b)),
            (GoType::Int(k), Json::Number(n)) => {
                let parsed = parse_int(n, 10, k.bits()).ok().map(|i| Value::Int(i, *k));
                self.number(parsed, n, ty)
            }
            (GoType::Uint(k), Json::Number(n)) => {
                let parsed = parse_uint(n, 10, k.bits()).ok().map(|u| Value::Uint(u, *k));
                self.number(parsed, n, ty)
            }
            (GoType::Float(k), Json::Number(n)) => {
                let bits = if *k == FloatKind::F32 { 32 } else { 64 };
                let parsed = parse_float(n, bits).ok().map(|f| Value::Float(f, *k));
                self.number(parsed, n, ty)
            }
            (GoType::Slice(elem), Json::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.decode(item, elem).unwrap_or_else(|| elem.zero()));
                }
                Some(Value::List(List::typed(elem_type(elem), out)))
            }
            (GoType::Map(elem), Json::Object(entries)) => {
                let mut out: BTreeMap<Str, Value> = BTreeMap::new();
                for (k, v) in entries {
                    let value = self.decode(v, elem).unwrap_or_else(|| elem.zero());
                    out.insert(Str::from(k.as_str()), value);
                }
                Some(Value::Map(Map::from_entries(
                    MapType {
                        name: None,
                        elem: elem_type(elem),
                    },
                    out,
                )))
            }
            (GoType::Struct(st), Json::Object(entries)) => {
                let out = zero_struct(st);
                for (k, v) in entries {
                    let Some(field) = find_field(st, k) else {
                        continue;
                    };
                    let saved = (self.context, self.fields.len());
                    self.context = Some(st.name);
                    self.fields.push(field.json_name.to_owned());
                    if let Some(value) = self.decode(v, &field.ty) {
                        out.insert(field.go_name, value);
                    }
                    self.context = saved.0;
                    self.fields.truncate(saved.1);
                }
                Some(Value::Map(out))
            }
            _ => {
                self.type_error(kind, ty);
                None
            }
        }
    }
}

/// A JSON value decoded into `interface{}`: numbers become `float64`.
fn any_value(j: &Json) -> Value {
    match j {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::float64(parse_float(n, 64).unwrap_or(f64::NAN)),
        Json::String(s) => Value::string(s.as_str()),
        Json::Array(items) => {
            Value::List(List::new(items.iter().map(any_value).collect::<Vec<_>>()))
        }
        Json::Object(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| (Str::from(k.as_str()), any_value(v)))
                .collect(),
        ),
    }
}

/// `sigs.k8s.io/yaml.Unmarshal` into a value of Go type `ty` (a pointer to a fresh value).
///
/// # Errors
/// Go's messages: `error converting YAML to JSON: yaml: line 2: ...` and `error unmarshaling
/// JSON: while decoding JSON: json: cannot unmarshal ... into Go struct field ...`.
///
/// ```
/// use rudder_yaml::sigs::{Field, GoType, StructType, unmarshal_typed};
/// static META: StructType = StructType {
///     name: "v2.Metadata",
///     fields: &[Field { go_name: "Version", json_name: "version", ty: GoType::String }],
/// };
/// let v = unmarshal_typed(b"version: 1.10\n", &GoType::Struct(&META)).unwrap();
/// assert_eq!(v.as_map().unwrap().get("Version").unwrap().as_str(), Some("1.1"));
/// ```
pub fn unmarshal_typed(data: &[u8], ty: &GoType) -> Result<Value, Error> {
    let d = decode_typed(data, ty);
    d.error.map_or(Ok(d.value), Err)
}

/// [`unmarshal_typed`] with Go's partial result on error: after a type error,
/// `encoding/json` keeps decoding, so every other field is set.
pub fn decode_typed(data: &[u8], ty: &GoType) -> Decoded {
    let json = decode_go(data)
        .and_then(|go| convert(go, Some(ty)))
        .and_then(|converted| to_json(&converted));
    let json = match json {
        Ok(j) => j,
        Err(e) => {
            return Decoded {
                value: ty.zero(),
                error: Some(e.wrap(CONVERTING)),
            };
        }
    };
    let mut d = JsonDecoder {
        error: None,
        context: None,
        fields: Vec::new(),
    };
    let value = d.decode(&json, ty).unwrap_or_else(|| ty.zero());
    Decoded {
        value,
        error: d.error.map(|e| e.wrap(UNMARSHALING)),
    }
}
