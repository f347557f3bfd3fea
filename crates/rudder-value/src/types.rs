//! Go types of function parameters and results: what the template executor converts
//! arguments to, and the names its errors print (`expected int; got float64`).

use std::fmt;
use std::sync::Arc;

use crate::{ElemType, FloatKind, IntKind, List, Map, MapType, UintKind, Value};

/// The Go type of a parameter or result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `interface {}`: any value; a missing value arrives as nil.
    Any,
    /// `bool`
    Bool,
    /// `string`
    String,
    /// A signed integer type (`int`, `int64`, ...).
    Int(IntKind),
    /// An unsigned integer type.
    Uint(UintKind),
    /// `float32` or `float64`.
    Float(FloatKind),
    /// `complex128` (or `complex64` when true).
    Complex(bool),
    /// `[]byte`
    Bytes,
    /// A slice type such as `[]interface {}` or `[]string`.
    List(ElemType),
    /// A map type such as `map[string]interface {}` or a named one.
    Map(MapType),
    /// A struct or pointer type, by the name `%T` prints (`*chart.Metadata`).
    Object(Arc<str>),
    /// `reflect.Value`: the raw value, including "no value" (used by the template builtins).
    Value,
}

impl Type {
    /// `int`
    pub const INT: Self = Self::Int(IntKind::Int);
    /// `int64`
    pub const INT64: Self = Self::Int(IntKind::Int64);
    /// `float64`
    pub const FLOAT64: Self = Self::Float(FloatKind::F64);

    /// `[]interface {}`
    pub fn list() -> Self {
        Self::List(ElemType::Interface)
    }

    /// `map[string]interface {}`
    pub fn map() -> Self {
        Self::Map(MapType::interface())
    }

    /// Whether an untyped nil can be assigned (Go's `canBeNil`).
    pub fn can_be_nil(&self) -> bool {
        match self {
            Self::Any | Self::Bytes | Self::List(_) | Self::Map(_) | Self::Value => true,
            Self::Object(name) => name.starts_with('*'),
            _ => false,
        }
    }

    /// The zero value of a nillable type.
    pub fn zero(&self) -> Value {
        match self {
            Self::List(e) => Value::List(List::nil(*e)),
            Self::Map(t) => Value::Map(Map::nil(t.clone())),
            Self::Bytes => Value::nil_bytes(),
            _ => Value::Nil,
        }
    }

    /// Whether a value of `v`'s dynamic type can be assigned to this type (Go's
    /// `AssignableTo`: identical types, or identical underlying types with one side unnamed).
    pub fn accepts(&self, v: &Value) -> bool {
        match (self, v) {
            (Self::Any, _)
            | (Self::Bool, Value::Bool(_))
            | (Self::String, Value::String(_))
            | (Self::Bytes, Value::Bytes(_)) => true,
            (Self::Int(k), Value::Int(_, vk)) => k == vk,
            (Self::Uint(k), Value::Uint(_, vk)) => k == vk,
            (Self::Float(k), Value::Float(_, vk)) => k == vk,
            (Self::Complex(is64), Value::Complex(c)) => c.is_64 == *is64,
            (Self::List(e), Value::List(l)) => l.elem() == *e,
            (Self::Map(t), Value::Map(m)) => {
                let mt = m.map_type();
                mt.elem == t.elem && (mt.name == t.name || mt.name.is_none() || t.name.is_none())
            }
            (Self::Object(name), Value::Object(o)) => o.type_name() == &**name,
            _ => false,
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Any => f.write_str("interface {}"),
            Self::Bool => f.write_str("bool"),
            Self::String => f.write_str("string"),
            Self::Int(k) => f.write_str(k.name()),
            Self::Uint(k) => f.write_str(k.name()),
            Self::Float(k) => f.write_str(k.name()),
            Self::Complex(true) => f.write_str("complex64"),
            Self::Complex(false) => f.write_str("complex128"),
            Self::Bytes => f.write_str("[]uint8"),
            Self::List(e) => write!(f, "[]{}", e.name()),
            Self::Map(t) => f.write_str(&t.type_name()),
            Self::Object(name) => f.write_str(name),
            Self::Value => f.write_str("reflect.Value"),
        }
    }
}
