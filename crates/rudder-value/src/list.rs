//! Go slices: `[]interface {}`, `[]string`, `[]int` and friends.

use std::fmt;
use std::sync::Arc;

use crate::Value;

/// The element type of a typed Go slice or map, as far as Helm's templates can tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElemType {
    /// `interface {}`: any value.
    Interface,
    /// `string`
    String,
    /// `int`
    Int,
    /// `int64`
    Int64,
    /// `float64`
    Float64,
    /// `bool`
    Bool,
    /// `[]uint8`, i.e. `[]byte` (the element type of `map[string][]byte`).
    Bytes,
}

impl ElemType {
    /// Go's spelling of the element type inside a composite type name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Interface => "interface {}",
            Self::String => "string",
            Self::Int => "int",
            Self::Int64 => "int64",
            Self::Float64 => "float64",
            Self::Bool => "bool",
            Self::Bytes => "[]uint8",
        }
    }
}

/// A Go slice. Elements are shared, not copied, when the list is cloned; the template language
/// has no way to assign a slice element, so a list is immutable once built and functions such
/// as `append` build a new one.
///
/// A Go slice can be `nil`, which prints like an empty slice but encodes as JSON `null`: the
/// difference is kept.
#[derive(Clone)]
pub struct List {
    elem: ElemType,
    items: Option<Arc<[Value]>>,
}

impl List {
    /// A `[]interface {}` holding `items`.
    pub fn new(items: impl Into<Arc<[Value]>>) -> Self {
        Self::typed(ElemType::Interface, items)
    }

    /// A slice of the given element type. The caller guarantees the items have that type.
    pub fn typed(elem: ElemType, items: impl Into<Arc<[Value]>>) -> Self {
        Self {
            elem,
            items: Some(items.into()),
        }
    }

    /// A nil slice of the given element type.
    pub fn nil(elem: ElemType) -> Self {
        Self { elem, items: None }
    }

    /// The element type.
    pub fn elem(&self) -> ElemType {
        self.elem
    }

    /// Whether this is a nil slice (as opposed to an empty one).
    pub fn is_nil(&self) -> bool {
        self.items.is_none()
    }

    /// The elements (empty for a nil slice).
    pub fn items(&self) -> &[Value] {
        self.items.as_deref().unwrap_or(&[])
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.items().len()
    }

    /// Whether the slice has no elements (nil or empty).
    pub fn is_empty(&self) -> bool {
        self.items().is_empty()
    }

    /// The element at `index`, if in range.
    pub fn get(&self, index: usize) -> Option<&Value> {
        self.items().get(index)
    }

    /// Go's type name, e.g. `[]interface {}` or `[]string`.
    pub fn type_name(&self) -> String {
        format!("[]{}", self.elem.name())
    }

    /// Whether two lists share the same backing elements (Go's pointer identity).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        match (&self.items, &other.items) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl fmt::Debug for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_nil() {
            return write!(f, "{}(nil)", self.type_name());
        }
        f.debug_list().entries(self.items()).finish()
    }
}

impl FromIterator<Value> for List {
    fn from_iter<T: IntoIterator<Item = Value>>(iter: T) -> Self {
        Self::new(iter.into_iter().collect::<Vec<_>>())
    }
}
