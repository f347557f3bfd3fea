//! Go maps with string keys, with Go's reference semantics.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::list::ElemType;
use crate::{Str, Value};

/// The Go type of a map. Keys are always strings (every map Helm hands to a template has string
/// keys: sigs.k8s.io/yaml converts the others).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MapType {
    /// The defined type's name when the map has one, e.g. `common.Values` for `.Values`;
    /// `None` for the plain `map[string]<elem>`.
    pub name: Option<Str>,
    /// The element type.
    pub elem: ElemType,
}

impl MapType {
    /// `map[string]interface {}`, the type of every map decoded from YAML or JSON.
    pub fn interface() -> Self {
        Self {
            name: None,
            elem: ElemType::Interface,
        }
    }

    /// A defined map type with `interface {}` elements, such as `common.Values`.
    pub fn named(name: impl Into<Str>) -> Self {
        Self {
            name: Some(name.into()),
            elem: ElemType::Interface,
        }
    }

    /// Go's type name: the defined name, or `map[string]<elem>`.
    pub fn type_name(&self) -> String {
        match &self.name {
            Some(name) => name.to_string(),
            None => format!("map[string]{}", self.elem.name()),
        }
    }
}

struct Inner {
    ty: MapType,
    nil: bool,
    entries: RwLock<BTreeMap<Str, Value>>,
}

/// A Go map with string keys. Cloning a `Map` clones the *reference*: every clone sees every
/// insertion and removal, as every holder of a Go map does (`set`, `unset` and `merge` on
/// `.Values` are visible to later templates).
///
/// Entries are kept in byte order of their keys, the order in which Go's `fmt`, `range` and
/// `encoding/json` visit them.
#[derive(Clone)]
pub struct Map(Arc<Inner>);

impl Map {
    /// A new, empty `map[string]interface {}`.
    pub fn new() -> Self {
        Self::with_type(MapType::interface())
    }

    /// A new, empty map of the given type.
    pub fn with_type(ty: MapType) -> Self {
        Self::from_entries(ty, BTreeMap::new())
    }

    /// A map of the given type holding `entries`.
    pub fn from_entries(ty: MapType, entries: BTreeMap<Str, Value>) -> Self {
        Self(Arc::new(Inner {
            ty,
            nil: false,
            entries: RwLock::new(entries),
        }))
    }

    /// A nil map of the given type: it reads as empty, prints as `map[]` and encodes as JSON
    /// `null`.
    pub fn nil(ty: MapType) -> Self {
        Self(Arc::new(Inner {
            ty,
            nil: true,
            entries: RwLock::new(BTreeMap::new()),
        }))
    }

    /// The map's Go type.
    pub fn map_type(&self) -> &MapType {
        &self.0.ty
    }

    /// Go's type name, e.g. `map[string]interface {}` or `common.Values`.
    pub fn type_name(&self) -> String {
        self.0.ty.type_name()
    }

    /// Whether this is a nil map.
    pub fn is_nil(&self) -> bool {
        self.0.nil
    }

    fn read(&self) -> RwLockReadGuard<'_, BTreeMap<Str, Value>> {
        // A panic while the lock was held cannot leave the map half-modified (every write is
        // one BTreeMap call), so a poisoned lock is still consistent.
        self.0
            .entries
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, BTreeMap<Str, Value>> {
        self.0
            .entries
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The value stored under `key`.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.read().get(key).cloned()
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.read().contains_key(key)
    }

    /// Stores `value` under `key`, returning the previous value.
    pub fn insert(&self, key: impl Into<Str>, value: Value) -> Option<Value> {
        self.write().insert(key.into(), value)
    }

    /// Removes `key`, returning its value.
    pub fn remove(&self, key: &str) -> Option<Value> {
        self.write().remove(key)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }

    /// The keys, in byte order.
    pub fn keys(&self) -> Vec<Str> {
        self.read().keys().cloned().collect()
    }

    /// A snapshot of the entries, in byte order of the keys. Later changes to the map do not
    /// show in the snapshot (values that are maps are shared, as in Go).
    pub fn entries(&self) -> Vec<(Str, Value)> {
        self.read()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Runs `f` over the entries under one read lock. `f` must not modify this map (that
    /// would deadlock); use [`Map::entries`] when the loop body can run arbitrary code.
    pub fn with_entries<R>(&self, f: impl FnOnce(&BTreeMap<Str, Value>) -> R) -> R {
        f(&self.read())
    }

    /// Runs `f` with mutable access to the entries under one write lock.
    pub fn update<R>(&self, f: impl FnOnce(&mut BTreeMap<Str, Value>) -> R) -> R {
        f(&mut self.write())
    }

    /// The map's identity (its address), the same for every clone of the reference.
    pub fn id(&self) -> usize {
        Arc::as_ptr(&self.0).cast::<()>() as usize
    }

    /// Whether both are the same Go map (pointer identity).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// A new map of the same type with the same entries (one level deep, as Go's `maps.Clone`).
    #[must_use]
    pub fn shallow_clone(&self) -> Self {
        Self::from_entries(self.0.ty.clone(), self.read().clone())
    }
}

impl Default for Map {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_nil() {
            return write!(f, "{}(nil)", self.type_name());
        }
        // A map can contain itself (`set $m "self" $m`): print nested maps by identity only.
        f.debug_map()
            .entries(self.entries().iter().map(|(k, v)| {
                let shown: &dyn fmt::Debug = match v {
                    Value::Map(_) => &"<map>",
                    other => other,
                };
                (k.to_string(), format!("{shown:?}"))
            }))
            .finish()
    }
}

impl FromIterator<(Str, Value)> for Map {
    fn from_iter<T: IntoIterator<Item = (Str, Value)>>(iter: T) -> Self {
        Self::from_entries(MapType::interface(), iter.into_iter().collect())
    }
}
