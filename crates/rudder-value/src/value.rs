//! [`Value`]: one Go value behind an `interface {}`.

use std::fmt;
use std::sync::{Arc, LazyLock};

use crate::{FloatKind, IntKind, Kind, List, Map, Object, UintKind};

/// A shared, immutable Go string. Go strings are byte strings; Helm's inputs are UTF-8 text
/// (YAML and JSON decoders replace invalid sequences), and the template functions that can
/// produce invalid UTF-8 (`substr`, `trunc`, `index` on a string) are handled by their
/// callers.
pub type Str = Arc<str>;

/// A Go value as a template sees it through `interface {}`.
///
/// The variant keeps the Go *type*, not only the shape: `Int(1, IntKind::Int)` is Go's `int`
/// and `Int(1, IntKind::Int64)` an `int64`, which compare unequal in `eq` and print as
/// different types.
#[derive(Clone)]
pub enum Value {
    /// The nil interface: `<nil>` when printed, `null` in JSON.
    Nil,
    /// `bool`
    Bool(bool),
    /// A signed integer of the given Go type.
    Int(i64, IntKind),
    /// An unsigned integer of the given Go type.
    Uint(u64, UintKind),
    /// A float of the given Go type (a `float32` holds the `f64` of its exact value).
    Float(f64, FloatKind),
    /// A complex number (`complex128`, or `complex64` when the flag is set): only template
    /// literals such as `1i` produce them.
    Complex(Arc<Complex>),
    /// `string`
    String(Str),
    /// `[]byte`
    Bytes(Arc<[u8]>),
    /// A slice.
    List(List),
    /// A map with string keys.
    Map(Map),
    /// A struct or pointer with fields and methods.
    Object(Arc<dyn Object>),
}

/// A Go complex number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Complex {
    /// Real part.
    pub re: f64,
    /// Imaginary part.
    pub im: f64,
    /// `complex64` when true, else `complex128`.
    pub is_64: bool,
}

/// The one allocation that stands for a nil `[]byte` (Go distinguishes it from an empty one
/// in `%#v` and JSON). Compared by pointer, so an empty slice is never mistaken for it.
static NIL_BYTES: LazyLock<Arc<[u8]>> = LazyLock::new(|| Arc::from(Vec::new()));

impl Value {
    /// A nil `[]byte`.
    pub fn nil_bytes() -> Self {
        Self::Bytes(NIL_BYTES.clone())
    }

    /// Whether these bytes are a nil `[]byte` (see [`Value::nil_bytes`]).
    pub fn is_nil_bytes(bytes: &Arc<[u8]>) -> bool {
        Arc::ptr_eq(bytes, &NIL_BYTES)
    }

    /// Go's `int`.
    pub fn int(v: i64) -> Self {
        Self::Int(v, IntKind::Int)
    }

    /// Go's `int64`.
    pub fn int64(v: i64) -> Self {
        Self::Int(v, IntKind::Int64)
    }

    /// Go's `float64`.
    pub fn float64(v: f64) -> Self {
        Self::Float(v, FloatKind::F64)
    }

    /// Go's `string`.
    pub fn string(v: impl Into<Str>) -> Self {
        Self::String(v.into())
    }

    /// A `[]interface {}` of `items`.
    pub fn list(items: impl Into<Arc<[Value]>>) -> Self {
        Self::List(List::new(items))
    }

    /// Go's `reflect.Kind` of the dynamic value (`invalid` for nil, as `kindOf nil` says).
    pub fn kind(&self) -> Kind {
        match self {
            Self::Nil => Kind::Invalid,
            Self::Bool(_) => Kind::Bool,
            Self::Int(_, k) => Kind::Int(*k),
            Self::Uint(_, k) => Kind::Uint(*k),
            Self::Float(_, k) => Kind::Float(*k),
            Self::Complex(c) if c.is_64 => Kind::Complex64,
            Self::Complex(_) => Kind::Complex128,
            Self::String(_) => Kind::String,
            Self::Bytes(_) | Self::List(_) => Kind::Slice,
            Self::Map(_) => Kind::Map,
            Self::Object(o) => o.kind(),
        }
    }

    /// Go's type name as `%T` prints it (`<nil>` for the nil interface).
    pub fn type_name(&self) -> String {
        match self {
            Self::Nil => "<nil>".to_owned(),
            Self::Bool(_) => "bool".to_owned(),
            Self::Int(_, k) => k.name().to_owned(),
            Self::Uint(_, k) => k.name().to_owned(),
            Self::Float(_, k) => k.name().to_owned(),
            Self::Complex(c) if c.is_64 => "complex64".to_owned(),
            Self::Complex(_) => "complex128".to_owned(),
            Self::String(_) => "string".to_owned(),
            Self::Bytes(_) => "[]uint8".to_owned(),
            Self::List(l) => l.type_name(),
            Self::Map(m) => m.type_name(),
            Self::Object(o) => o.type_name().to_owned(),
        }
    }

    /// Whether this is the nil interface.
    pub fn is_nil(&self) -> bool {
        matches!(self, Self::Nil)
    }

    /// The string, if this is a `string`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The map, if this is a map.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Self::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The list, if this is a slice other than `[]byte`.
    pub fn as_list(&self) -> Option<&List> {
        match self {
            Self::List(l) => Some(l),
            _ => None,
        }
    }

    /// The bool, if this is a `bool`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as an `f64`, if this is a `float32` or `float64`.
    pub fn as_float(&self) -> Option<f64> {
        match self {
            Self::Float(f, _) => Some(*f),
            _ => None,
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Nil => f.write_str("nil"),
            Self::Bool(b) => write!(f, "{b}"),
            Self::Int(v, k) => write!(f, "{}({v})", k.name()),
            Self::Uint(v, k) => write!(f, "{}({v})", k.name()),
            Self::Float(v, k) => write!(f, "{}({v:?})", k.name()),
            Self::Complex(c) => write!(f, "{c:?}"),
            Self::String(s) => write!(f, "{s:?}"),
            Self::Bytes(b) => write!(f, "[]byte({b:?})"),
            Self::List(l) => l.fmt(f),
            Self::Map(m) => m.fmt(f),
            Self::Object(o) => o.fmt(f),
        }
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Self::Bool(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Self::string(v)
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Self::string(v)
    }
}

impl From<Map> for Value {
    fn from(v: Map) -> Self {
        Self::Map(v)
    }
}

impl From<List> for Value {
    fn from(v: List) -> Self {
        Self::List(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ElemType, MapType};

    #[test]
    fn value_stays_three_words() {
        // Hot type: a size change is a reviewed change (STYLE.md rule 6).
        assert_eq!(std::mem::size_of::<Value>(), 24);
    }

    #[test]
    fn values_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Value>();
    }

    #[test]
    fn type_names_are_go_spellings() {
        assert_eq!(Value::Nil.type_name(), "<nil>");
        assert_eq!(Value::int(1).type_name(), "int");
        assert_eq!(Value::int64(1).type_name(), "int64");
        assert_eq!(Value::float64(1.0).type_name(), "float64");
        assert_eq!(Value::Uint(1, UintKind::Uint8).type_name(), "uint8");
        assert_eq!(Value::list(vec![]).type_name(), "[]interface {}");
        assert_eq!(
            Value::List(List::typed(ElemType::String, vec![])).type_name(),
            "[]string"
        );
        assert_eq!(
            Value::Map(Map::new()).type_name(),
            "map[string]interface {}"
        );
        assert_eq!(
            Value::Map(Map::with_type(MapType::named("common.Values"))).type_name(),
            "common.Values"
        );
        let strings = MapType {
            name: None,
            elem: ElemType::String,
        };
        assert_eq!(
            Value::Map(Map::with_type(strings)).type_name(),
            "map[string]string"
        );
        assert_eq!(Value::Bytes(Arc::from(&b"x"[..])).type_name(), "[]uint8");
    }

    #[test]
    fn kinds_are_reflect_kinds() {
        assert_eq!(Value::Nil.kind().name(), "invalid");
        assert_eq!(Value::float64(1.0).kind().name(), "float64");
        assert_eq!(Value::list(vec![]).kind().name(), "slice");
        assert_eq!(Value::Map(Map::new()).kind().name(), "map");
    }

    #[test]
    fn maps_are_shared_references() {
        let m = Map::new();
        let holder = Value::Map(m.clone());
        m.insert("a", Value::int(1));
        assert!(holder.as_map().unwrap().contains_key("a"));
        let copy = m.shallow_clone();
        copy.insert("b", Value::int(2));
        assert!(!m.contains_key("b"));
        assert!(m.ptr_eq(holder.as_map().unwrap()));
        assert!(!m.ptr_eq(&copy));
    }

    #[test]
    fn map_entries_are_in_byte_order() {
        let m = Map::new();
        for k in ["b", "B", "a10", "a9", "_x", "é", "1"] {
            m.insert(k, Value::Nil);
        }
        let keys: Vec<String> = m.keys().iter().map(ToString::to_string).collect();
        assert_eq!(keys, ["1", "B", "_x", "a10", "a9", "b", "é"]);
    }

    #[test]
    fn nil_and_empty_slices_differ() {
        let nil = List::nil(ElemType::Interface);
        let empty = List::new(vec![]);
        assert!(nil.is_nil() && nil.is_empty());
        assert!(!empty.is_nil() && empty.is_empty());
    }
}
