//! Decoding a node tree into Go's `interface{}`, as yaml.v2 does (`decode.go`): mappings
//! become `map[interface{}]interface{}`, scalars are resolved, aliases are expanded (with
//! go-yaml's limit on the share of the work they may take) and `<<` merge keys are applied.

use std::collections::BTreeMap;

use rudder_value::{List, Map, MapType, Str, Value};

use super::compose::{Document, NodeId, NodeKind};
use super::resolve::{self, BINARY_TAG, Flavor, Resolved};
use crate::base64;
use crate::fasthash::FxHashMap;

/// A Go value held in an `interface{}` as yaml.v2 decodes it.
#[derive(Debug, Clone)]
pub(crate) enum GoValue {
    Nil,
    Bool(bool),
    /// Go's `int`.
    Int(i64),
    /// Go's `uint64`.
    Uint(u64),
    Float(f64),
    String(Str),
    /// A string that is not valid UTF-8 (only `!!binary` produces one).
    Bytes(Vec<u8>),
    Seq(Vec<GoValue>),
    Map(GoMap),
}

/// `map[interface{}]interface{}`: insertion order is kept (Go's is random), and equal keys
/// replace each other as in a Go map.
#[derive(Debug, Clone, Default)]
pub(crate) struct GoMap {
    pub entries: Vec<(GoValue, GoValue)>,
    /// Built once the map is large enough for linear search to be slow.
    index: FxHashMap<KeyRepr, usize>,
}

/// A hashable form of a key with Go's equality (`0.0 == -0.0`; NaN equals nothing).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyRepr {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(u64),
    String(Str),
    Bytes(Vec<u8>),
}

/// Go's `==` on two map keys (scalars of the same dynamic type).
fn go_eq(a: &GoValue, b: &GoValue) -> bool {
    match (a, b) {
        (GoValue::Nil, GoValue::Nil) => true,
        (GoValue::Bool(x), GoValue::Bool(y)) => x == y,
        (GoValue::Int(x), GoValue::Int(y)) => x == y,
        (GoValue::Uint(x), GoValue::Uint(y)) => x == y,
        (GoValue::Float(x), GoValue::Float(y)) => x == y,
        (GoValue::String(x), GoValue::String(y)) => x == y,
        (GoValue::Bytes(x), GoValue::Bytes(y)) => x == y,
        _ => false,
    }
}

/// Maps up to this size find keys by linear search.
const LINEAR: usize = 12;

fn key_repr(k: &GoValue) -> Option<KeyRepr> {
    Some(match k {
        GoValue::Nil => KeyRepr::Nil,
        GoValue::Bool(b) => KeyRepr::Bool(*b),
        GoValue::Int(i) => KeyRepr::Int(*i),
        GoValue::Uint(u) => KeyRepr::Uint(*u),
        GoValue::Float(f) if f.is_nan() => return None,
        GoValue::Float(f) => KeyRepr::Float(if *f == 0.0 { 0 } else { f.to_bits() }),
        GoValue::String(s) => KeyRepr::String(s.clone()),
        GoValue::Bytes(b) => KeyRepr::Bytes(b.clone()),
        GoValue::Seq(_) | GoValue::Map(_) => return None,
    })
}

impl GoMap {
    /// `m[k] = v`.
    pub(crate) fn insert(&mut self, k: GoValue, v: GoValue) {
        if self.index.is_empty() && self.entries.len() < LINEAR {
            if let Some(i) = self.entries.iter().position(|(e, _)| go_eq(e, &k)) {
                self.entries[i] = (k, v);
            } else {
                self.entries.push((k, v));
                if self.entries.len() == LINEAR {
                    for (i, (e, _)) in self.entries.iter().enumerate() {
                        if let Some(repr) = key_repr(e) {
                            self.index.insert(repr, i);
                        }
                    }
                }
            }
            return;
        }
        match key_repr(&k) {
            Some(repr) => {
                if let Some(&i) = self.index.get(&repr) {
                    self.entries[i] = (k, v);
                } else {
                    self.index.insert(repr, self.entries.len());
                    self.entries.push((k, v));
                }
            }
            None => self.entries.push((k, v)),
        }
    }
}

/// Why decoding failed: go-yaml's `failf` messages, without the `yaml: ` prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError(pub String);

// go-yaml's alias budget (`allowedAliasRatio`).
const ALIAS_RATIO_RANGE_LOW: usize = 400_000;
const ALIAS_RATIO_RANGE_HIGH: usize = 4_000_000;

fn allowed_alias_ratio(decode_count: usize) -> f64 {
    if decode_count <= ALIAS_RATIO_RANGE_LOW {
        0.99
    } else if decode_count >= ALIAS_RATIO_RANGE_HIGH {
        0.10
    } else {
        let range = (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW) as f64;
        0.99 - 0.89 * ((decode_count - ALIAS_RATIO_RANGE_LOW) as f64 / range)
    }
}

/// The yaml.v2 decoder for `interface{}` targets.
pub(crate) struct Decoder<'d> {
    doc: &'d Document,
    flavor: Flavor,
    /// The alias nodes being expanded (go-yaml's `d.aliases`).
    expanding: Vec<NodeId>,
    /// The maps built by JSON-typed decoding that hold a key without a string form, with that
    /// key and the node of its value. (The maps are kept alive here, so that a map dropped
    /// later cannot have its address taken by another.)
    unsupported: Vec<(Map, GoValue, NodeId)>,
    decode_count: usize,
    alias_count: usize,
    alias_depth: usize,
}

type DResult<T> = Result<T, DecodeError>;

fn fail<T>(msg: impl Into<String>) -> DResult<T> {
    Err(DecodeError(msg.into()))
}

impl<'d> Decoder<'d> {
    pub(crate) fn new(doc: &'d Document, flavor: Flavor) -> Self {
        Self {
            doc,
            flavor,
            expanding: Vec::new(),
            unsupported: Vec::new(),
            decode_count: 0,
            alias_count: 0,
            alias_depth: 0,
        }
    }

    /// Decodes the document (node 0) into a value.
    pub(crate) fn decode_document(&mut self) -> DResult<GoValue> {
        match self.doc.root() {
            Some(root) => self.unmarshal(root),
            None => Ok(GoValue::Nil),
        }
    }

    /// go-yaml's per-node bookkeeping: the decode count and the excessive-aliasing check.
    fn count(&mut self) -> DResult<()> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            return fail("document contains excessive aliasing");
        }
        Ok(())
    }

    pub(crate) fn unmarshal(&mut self, id: NodeId) -> DResult<GoValue> {
        crate::deep(|| self.unmarshal_node(id))
    }

    fn unmarshal_node(&mut self, id: NodeId) -> DResult<GoValue> {
        self.count()?;
        let node = self.doc.node(id);
        match node.kind {
            NodeKind::Document => {
                if node.children.len() == 1 {
                    self.unmarshal(node.children[0])
                } else {
                    Ok(GoValue::Nil)
                }
            }
            NodeKind::Alias => self.alias(id, Self::unmarshal),
            NodeKind::Scalar => self.scalar(id),
            NodeKind::Sequence => {
                let mut items = Vec::with_capacity(node.children.len());
                for &child in &node.children {
                    items.push(self.unmarshal(child)?);
                }
                Ok(GoValue::Seq(items))
            }
            NodeKind::Mapping => {
                let mut map = GoMap::default();
                self.mapping_into(id, &mut map)?;
                Ok(GoValue::Map(map))
            }
        }
    }

    /// Expands an alias node with `f`, refusing an alias inside its own expansion.
    fn alias<T>(
        &mut self,
        id: NodeId,
        f: impl FnOnce(&mut Self, NodeId) -> DResult<T>,
    ) -> DResult<T> {
        let node = self.doc.node(id);
        if self.expanding.contains(&id) {
            return fail(format!("anchor '{}' value contains itself", node.value));
        }
        let Some(target) = node.alias else {
            return fail(format!("unknown anchor '{}' referenced", node.value));
        };
        self.expanding.push(id);
        self.alias_depth += 1;
        let result = f(self, target);
        self.alias_depth -= 1;
        self.expanding.pop();
        result
    }

    fn scalar(&mut self, id: NodeId) -> DResult<GoValue> {
        let node = self.doc.node(id);
        if node.tag.is_empty() && !node.implicit {
            // A quoted scalar without a tag is a string.
            return Ok(GoValue::String(node.value.clone()));
        }
        let (rtag, resolved) =
            resolve::resolve(self.flavor, &node.tag, &node.value).map_err(DecodeError)?;
        if rtag == BINARY_TAG {
            let Some(data) = base64::decode_std(node.value.as_bytes()) else {
                return fail("!!binary value contains invalid base64 data");
            };
            return Ok(match String::from_utf8(data) {
                Ok(s) => GoValue::String(Str::from(s)),
                Err(e) => GoValue::Bytes(e.into_bytes()),
            });
        }
        // Timestamps decode to their text in `interface{}` (`Resolved::Text`).
        Ok(match resolved {
            Resolved::Null => GoValue::Nil,
            Resolved::Bool(b) => GoValue::Bool(b),
            Resolved::Int(i) => GoValue::Int(i),
            Resolved::Uint(u) => GoValue::Uint(u),
            Resolved::Float(f) => GoValue::Float(f),
            Resolved::Text => GoValue::String(node.value.clone()),
        })
    }

    /// Whether `id` is a merge key (`<<` plain, or tagged `!!merge`).
    fn is_merge(&self, id: NodeId) -> bool {
        let n = self.doc.node(id);
        n.kind == NodeKind::Scalar
            && &*n.value == "<<"
            && (n.implicit || n.tag == resolve::MERGE_TAG)
    }

    /// Decodes the mapping `id` into `out` (a fresh map, or the map a merge key fills).
    fn mapping_into<M: MapTarget>(&mut self, id: NodeId, out: &mut M) -> DResult<()> {
        let children = &self.doc.node(id).children;
        for pair in children.chunks(2) {
            let (k, v) = (pair[0], pair.get(1).copied().unwrap_or(pair[0]));
            if self.is_merge(k) {
                self.merge(v, out)?;
                continue;
            }
            let key = self.unmarshal(k)?;
            if matches!(key, GoValue::Seq(_) | GoValue::Map(_)) {
                return fail(format!("invalid map key: {}", go_syntax(&key, true)));
            }
            M::entry(self, out, key, v)?;
        }
        Ok(())
    }

    /// Unmarshals a mapping node (possibly through an alias) into an existing map.
    fn unmarshal_into<M: MapTarget>(&mut self, id: NodeId, out: &mut M) -> DResult<()> {
        crate::deep(|| self.unmarshal_into_node(id, out))
    }

    fn unmarshal_into_node<M: MapTarget>(&mut self, id: NodeId, out: &mut M) -> DResult<()> {
        self.count()?;
        match self.doc.node(id).kind {
            NodeKind::Alias => self.alias(id, |d, target| d.unmarshal_into(target, out)),
            NodeKind::Mapping => self.mapping_into(id, out),
            // `merge` checks the kinds before calling.
            _ => fail("map merge requires map or sequence of maps as the value"),
        }
    }

    fn merge<M: MapTarget>(&mut self, id: NodeId, out: &mut M) -> DResult<()> {
        const WANT_MAP: &str = "map merge requires map or sequence of maps as the value";
        let node = self.doc.node(id);
        let aliases_map = |n: NodeId| {
            let a = self.doc.node(n).alias;
            a.is_none_or(|t| self.doc.node(t).kind == NodeKind::Mapping)
        };
        match node.kind {
            NodeKind::Mapping => self.unmarshal_into(id, out),
            NodeKind::Alias => {
                if !aliases_map(id) {
                    return fail(WANT_MAP);
                }
                self.unmarshal_into(id, out)
            }
            NodeKind::Sequence => {
                // Earlier maps take precedence: apply them last.
                let children = node.children.clone();
                for &child in children.iter().rev() {
                    match self.doc.node(child).kind {
                        NodeKind::Alias if aliases_map(child) => {}
                        NodeKind::Mapping => {}
                        _ => return fail(WANT_MAP),
                    }
                    self.unmarshal_into(child, out)?;
                }
                Ok(())
            }
            _ => fail(WANT_MAP),
        }
    }

    // -----------------------------------------------------------------------------------
    // Straight to JSON-typed values (what `sigs.k8s.io/yaml` hands back), without building
    // the `interface{}` tree first. The node visits and their counts are the same as above.

    /// Decodes the document into the value `sigs.k8s.io/yaml` produces: string keys, every
    /// number a `float64`. A key that has no string form is reported by
    /// [`take_unsupported_key`](Self::take_unsupported_key) after decoding, as Go reports it
    /// only after yaml.v2 is done.
    pub(crate) fn decode_document_json(&mut self) -> DResult<Value> {
        match self.doc.root() {
            Some(root) => self.unmarshal_json(root),
            None => Ok(Value::Nil),
        }
    }

    /// A key without a string form in a map of the final `value` (maps that were replaced by
    /// a later duplicate key do not count), with the node of its value. Go's conversion
    /// reports the first it meets in its random map order; here the shallowest one.
    pub(crate) fn take_unsupported_key(&mut self, value: &Value) -> Option<(GoValue, NodeId)> {
        if self.unsupported.is_empty() {
            return None;
        }
        let mut queue = std::collections::VecDeque::from([value.clone()]);
        while let Some(v) = queue.pop_front() {
            match v {
                Value::Map(m) => {
                    if let Some(i) = self.unsupported.iter().position(|(a, _, _)| a.ptr_eq(&m)) {
                        let (_, key, node) = self.unsupported.swap_remove(i);
                        return Some((key, node));
                    }
                    queue.extend(m.entries().into_iter().map(|(_, v)| v));
                }
                Value::List(l) => queue.extend(l.items().iter().cloned()),
                _ => {}
            }
        }
        None
    }

    fn unmarshal_json(&mut self, id: NodeId) -> DResult<Value> {
        crate::deep(|| self.unmarshal_json_node(id))
    }

    fn unmarshal_json_node(&mut self, id: NodeId) -> DResult<Value> {
        self.count()?;
        let node = self.doc.node(id);
        match node.kind {
            NodeKind::Document => {
                if node.children.len() == 1 {
                    self.unmarshal_json(node.children[0])
                } else {
                    Ok(Value::Nil)
                }
            }
            NodeKind::Alias => self.alias(id, Self::unmarshal_json),
            NodeKind::Scalar => Ok(json_scalar(self.scalar(id)?)),
            NodeKind::Sequence => {
                let mut items = Vec::with_capacity(node.children.len());
                for &child in &node.children {
                    items.push(self.unmarshal_json(child)?);
                }
                Ok(Value::List(List::new(items)))
            }
            NodeKind::Mapping => {
                let mut map = JsonMap::default();
                self.mapping_into(id, &mut map)?;
                let map_value = Map::from_entries(MapType::interface(), map.entries);
                if let Some((key, node)) = map.bad {
                    self.unsupported.push((map_value.clone(), key, node));
                }
                Ok(Value::Map(map_value))
            }
        }
    }
}

/// A map that decoded pairs go into.
trait MapTarget {
    /// Decodes the value node `v` and stores it under `key`.
    fn entry(d: &mut Decoder<'_>, out: &mut Self, key: GoValue, v: NodeId) -> DResult<()>;
}

impl MapTarget for GoMap {
    fn entry(d: &mut Decoder<'_>, out: &mut Self, key: GoValue, v: NodeId) -> DResult<()> {
        let value = d.unmarshal(v)?;
        out.insert(key, value);
        Ok(())
    }
}

/// `map[string]interface{}` after the key conversion.
#[derive(Default)]
struct JsonMap {
    entries: BTreeMap<Str, Value>,
    /// Its first key without a string form, with the node of its value.
    bad: Option<(GoValue, NodeId)>,
}

impl MapTarget for JsonMap {
    fn entry(d: &mut Decoder<'_>, out: &mut Self, key: GoValue, v: NodeId) -> DResult<()> {
        let value = d.unmarshal_json(v)?;
        // Two keys with the same string form: Go keeps whichever its random map order visits
        // last; here the later one in the document wins.
        if let Some(k) = crate::sigs::key_string(&key) {
            out.entries.insert(k, value);
        } else {
            // A repeated key replaces the value (the report names the last one); of two
            // different such keys Go reports whichever its map order visits first.
            let same = out.bad.as_ref().is_none_or(|(k, _)| go_eq(k, &key));
            if same {
                out.bad = Some((key, v));
            }
        }
        Ok(())
    }
}

/// A scalar after the JSON round trip: numbers are `float64`, strings are valid UTF-8.
fn json_scalar(v: GoValue) -> Value {
    match v {
        GoValue::Nil | GoValue::Seq(_) | GoValue::Map(_) => Value::Nil,
        GoValue::Bool(b) => Value::Bool(b),
        GoValue::Int(i) => Value::float64(i as f64),
        GoValue::Uint(u) => Value::float64(u as f64),
        GoValue::Float(f) => Value::float64(f),
        GoValue::String(s) => Value::String(s),
        GoValue::Bytes(b) => Value::string(rudder_value::gobytes::go_lossy(&b)),
    }
}

/// Go's `%#v` of a decoded value. `top` is whether it is the argument itself (a nil argument
/// prints `<nil>`) rather than an element of a container (`interface {}(nil)`).
pub(crate) fn go_syntax(v: &GoValue, top: bool) -> String {
    let mut out = String::new();
    write_go_syntax(&mut out, v, top);
    out
}

fn write_go_syntax(out: &mut String, v: &GoValue, top: bool) {
    crate::deep(|| write_go_syntax_inner(out, v, top));
}

fn write_go_syntax_inner(out: &mut String, v: &GoValue, top: bool) {
    use rudder_value::strconv::{format_float, quote};
    match v {
        GoValue::Nil if top => out.push_str("<nil>"),
        GoValue::Nil => out.push_str("interface {}(nil)"),
        GoValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        GoValue::Int(i) => out.push_str(&i.to_string()),
        GoValue::Uint(u) => {
            use std::fmt::Write as _;
            let _ = write!(out, "0x{u:x}");
        }
        GoValue::Float(f) => out.push_str(&format_float(*f, b'g', -1, 64)),
        GoValue::String(s) => out.push_str(&quote(s)),
        GoValue::Bytes(b) => {
            let mut q = Vec::new();
            rudder_value::strconv::append_quote(&mut q, b);
            out.push_str(&String::from_utf8_lossy(&q));
        }
        GoValue::Seq(items) => {
            out.push_str("[]interface {}{");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_go_syntax(out, item, false);
            }
            out.push('}');
        }
        GoValue::Map(map) => {
            out.push_str("map[interface {}]interface {}{");
            // fmt sorts map keys; keys of one type sort by value (mixed types sort by the
            // address of their type descriptor, which is not reproducible).
            let mut entries: Vec<&(GoValue, GoValue)> = map.entries.iter().collect();
            entries.sort_by(|a, b| fmt_key_cmp(&a.0, &b.0));
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_go_syntax(out, k, false);
                out.push(':');
                write_go_syntax(out, v, false);
            }
            out.push('}');
        }
    }
}

fn fmt_key_cmp(a: &GoValue, b: &GoValue) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    // Keys of different types sort by the address of their type descriptors in the binary;
    // in Helm's build that is nil, string, uint64, int, float64, bool.
    let rank = |v: &GoValue| match v {
        GoValue::Nil => 0,
        GoValue::String(_) | GoValue::Bytes(_) => 1,
        GoValue::Uint(_) => 2,
        GoValue::Int(_) => 3,
        GoValue::Float(_) => 4,
        GoValue::Bool(_) => 5,
        GoValue::Seq(_) | GoValue::Map(_) => 6,
    };
    match (a, b) {
        (GoValue::Bool(x), GoValue::Bool(y)) => x.cmp(y),
        (GoValue::Int(x), GoValue::Int(y)) => x.cmp(y),
        (GoValue::Uint(x), GoValue::Uint(y)) => x.cmp(y),
        (GoValue::Float(x), GoValue::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (GoValue::String(x), GoValue::String(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}
