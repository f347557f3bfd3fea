//! Go maps with string keys, with Go's reference semantics.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, LazyLock, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

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
    entries: RwLock<Entries>,
    /// Lookups so far, to decide when an index pays off.
    lookups: AtomicU32,
}

/// The entries in key order, and a hash index over them built once a map has been read often
/// enough (chart values are looked up by name thousands of times per render; a `BTreeMap`
/// search compares the key with a dozen others). Every write drops the index.
struct Entries {
    sorted: BTreeMap<Str, Value>,
    index: OnceLock<HashMap<Str, Value, BuildHasherDefault<KeyHasher>>>,
}

impl Entries {
    fn new(sorted: BTreeMap<Str, Value>) -> Self {
        Self {
            sorted,
            index: OnceLock::new(),
        }
    }
}

/// Maps smaller than this are searched directly.
const INDEX_MIN_LEN: usize = 8;
/// Lookups a map serves before it is indexed (maps built and read once, such as `dict`
/// results, are not worth an index).
const INDEX_AFTER_LOOKUPS: u32 = 16;

/// A word-at-a-time multiplicative hash (`FxHash`'s mixing) for short map keys, seeded per
/// process so that colliding key sets cannot be prepared in advance.
#[derive(Clone, Copy)]
struct KeyHasher(u64);

static SEED: LazyLock<u64> = LazyLock::new(|| {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64) | 1
});

impl Default for KeyHasher {
    fn default() -> Self {
        Self(*SEED)
    }
}

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        // A final avalanche: the table uses the top bits for its control bytes.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        // The length first: the last word is padded with zeros.
        self.0 = (self.0.rotate_left(5) ^ bytes.len() as u64).wrapping_mul(K);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
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
            entries: RwLock::new(Entries::new(entries)),
            lookups: AtomicU32::new(0),
        }))
    }

    /// A nil map of the given type: it reads as empty, prints as `map[]` and encodes as JSON
    /// `null`.
    pub fn nil(ty: MapType) -> Self {
        Self(Arc::new(Inner {
            ty,
            nil: true,
            entries: RwLock::new(Entries::new(BTreeMap::new())),
            lookups: AtomicU32::new(0),
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

    fn lock(&self) -> RwLockReadGuard<'_, Entries> {
        // A panic while the lock was held cannot leave the map half-modified (every write is
        // one BTreeMap call), so a poisoned lock is still consistent.
        self.0
            .entries
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn read(&self) -> impl std::ops::Deref<Target = BTreeMap<Str, Value>> + '_ {
        struct Sorted<'a>(RwLockReadGuard<'a, Entries>);
        impl std::ops::Deref for Sorted<'_> {
            type Target = BTreeMap<Str, Value>;
            fn deref(&self) -> &Self::Target {
                &self.0.sorted
            }
        }
        Sorted(self.lock())
    }

    /// The entries for writing; the index is dropped first.
    fn write(&self) -> impl std::ops::DerefMut<Target = BTreeMap<Str, Value>> + '_ {
        struct SortedMut<'a>(RwLockWriteGuard<'a, Entries>);
        impl std::ops::Deref for SortedMut<'_> {
            type Target = BTreeMap<Str, Value>;
            fn deref(&self) -> &Self::Target {
                &self.0.sorted
            }
        }
        impl std::ops::DerefMut for SortedMut<'_> {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.0.sorted
            }
        }
        let mut guard = self
            .0
            .entries
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if guard.index.get().is_some() {
            guard.index = OnceLock::new();
        }
        self.0.lookups.store(0, Ordering::Relaxed);
        SortedMut(guard)
    }

    /// The value stored under `key`.
    #[expect(
        clippy::redundant_closure_for_method_calls,
        reason = "`Option::cloned` as a path is not general over the borrow's lifetime"
    )]
    pub fn get(&self, key: &str) -> Option<Value> {
        self.find(key, |v| v.cloned())
    }

    /// Looks `key` up, through the index when there is one (or when building one pays off).
    fn find<R>(&self, key: &str, f: impl FnOnce(Option<&Value>) -> R) -> R {
        let entries = self.lock();
        if let Some(index) = entries.index.get() {
            return f(index.get(key));
        }
        let len = entries.sorted.len();
        // Indexed after as many lookups (since the last write) as it has entries: building
        // costs about that much, so a map written between reads is never re-indexed per read.
        if len >= INDEX_MIN_LEN
            && self.0.lookups.fetch_add(1, Ordering::Relaxed) as usize
                >= len.max(INDEX_AFTER_LOOKUPS as usize)
        {
            let index = entries.index.get_or_init(|| {
                entries
                    .sorted
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            });
            return f(index.get(key));
        }
        f(entries.sorted.get(key))
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key, |v| v.is_some())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_follows_every_write() {
        let m = Map::new();
        for i in 0..40 {
            m.insert(format!("k{i}"), Value::int(i));
        }
        let other = m.clone();
        // Enough reads to build the index.
        for _ in 0..5 {
            for i in 0..40 {
                assert!(matches!(m.get(&format!("k{i}")), Some(Value::Int(n, _)) if n == i));
            }
        }
        assert!(m.lock().index.get().is_some());
        assert!(m.get("nope").is_none() && !m.contains_key("nope"));
        // Writes through any holder and any entry point drop it.
        other.insert("new", Value::int(1));
        assert!(m.lock().index.get().is_none());
        assert!(m.contains_key("new"));
        for _ in 0..100 {
            assert!(m.get("k3").is_some());
        }
        assert!(m.lock().index.get().is_some());
        other.remove("k3");
        assert!(m.get("k3").is_none());
        for _ in 0..100 {
            assert!(m.get("k4").is_some());
        }
        other.update(|e| e.insert("k4".into(), Value::string("x")));
        assert_eq!(m.get("k4").unwrap().as_str(), Some("x"));
        assert_eq!(m.len(), 40);
        // Small maps are never indexed.
        let small = Map::new();
        small.insert("a", Value::int(1));
        for _ in 0..100 {
            assert!(small.contains_key("a"));
        }
        assert!(small.lock().index.get().is_none());
    }

    #[test]
    fn key_hasher_spreads_short_keys() {
        use std::hash::BuildHasher;
        let b = BuildHasherDefault::<KeyHasher>::default();
        let hashes: std::collections::HashSet<u64> = (0..1000)
            .map(|i| b.hash_one(format!("key{i}").as_str()))
            .collect();
        assert_eq!(hashes.len(), 1000);
        assert_ne!(b.hash_one(""), b.hash_one("\0"));
        assert_ne!(b.hash_one("key"), b.hash_one("key\0"));
    }
}
