//! Sprig's dictionary functions (`dict.go`), with dario.cat/mergo v1.0.1's merge rules and
//! mitchellh/copystructure's deep copy.
//!
//! Maps are Go maps: `set`, `unset`, `merge` and `mergeOverwrite` change the map they are
//! given, and every holder of that map (`.Values` included) sees the change. `keys` and
//! `values` follow Go's map iteration order, which Go randomises; rudder visits keys in byte
//! order, one of the orders Go may produce.

use rudder_value::{List, Map, MapType, Str, Value};

use crate::cast::strval;
use crate::error::{Error, Result};

/// Whether `v` is exactly Go's `map[string]interface {}` (not a named map type such as
/// `common.Values`, not `map[string]string`): what a type assertion in Sprig accepts.
fn is_plain_map(m: &Map) -> bool {
    *m.map_type() == MapType::interface()
}

/// Go's text for a failed type assertion `x.(T)`.
fn assertion(v: &Value, want: &str) -> Error {
    let got = if v.is_nil() {
        "nil".to_owned()
    } else {
        v.type_name()
    };
    Error::msg(format!(
        "interface conversion: interface {{}} is {got}, not {want}"
    ))
}

/// `get d key`: the value, or `""` when absent.
pub(crate) fn get(d: &Map, key: &str) -> Value {
    d.get(key).unwrap_or_else(|| Value::string(""))
}

/// `set d key value`: stores and returns `d` (a nil map panics as in Go).
pub(crate) fn set(d: &Map, key: Str, value: Value) -> Result<Value> {
    if d.is_nil() {
        return Err(Error::msg("assignment to entry in nil map"));
    }
    d.insert(key, value);
    Ok(Value::Map(d.clone()))
}

/// `unset d key`: removes and returns `d`.
pub(crate) fn unset(d: &Map, key: &str) -> Value {
    d.remove(key);
    Value::Map(d.clone())
}

/// `pluck key d…`: the values of `key` in each dict that has it.
pub(crate) fn pluck(key: &str, dicts: &[Value]) -> Value {
    let out: Vec<Value> = dicts
        .iter()
        .filter_map(|d| d.as_map().and_then(|m| m.get(key)))
        .collect();
    Value::List(List::new(out))
}

/// `keys d…`: every key of every dict, dict by dict.
pub(crate) fn keys(dicts: &[Value]) -> Vec<String> {
    dicts
        .iter()
        .filter_map(Value::as_map)
        .flat_map(|m| m.keys().into_iter().map(|k| k.to_string()))
        .collect()
}

/// `values d`.
pub(crate) fn values(d: &Map) -> Value {
    let out: Vec<Value> = d.entries().into_iter().map(|(_, v)| v).collect();
    Value::List(List::new(out))
}

/// `pick d keys…`: a new map of the given keys that `d` has.
pub(crate) fn pick(d: &Map, keys: &[Value]) -> Value {
    let out = Map::new();
    for k in keys {
        let k = k.as_str().unwrap_or_default();
        if let Some(v) = d.get(k) {
            out.insert(k, v);
        }
    }
    Value::Map(out)
}

/// `omit d keys…`: a new map without the given keys.
pub(crate) fn omit(d: &Map, keys: &[Value]) -> Value {
    let out = Map::new();
    for (k, v) in d.entries() {
        if !keys.iter().any(|o| o.as_str() == Some(&*k)) {
            out.insert(k, v);
        }
    }
    Value::Map(out)
}

/// `dict k1 v1 …`: keys through `strval`; an odd trailing key gets `""`.
pub(crate) fn dict(args: &[Value]) -> Value {
    let out = Map::new();
    for pair in args.chunks(2) {
        let key = strval(&pair[0]);
        let value = pair.get(1).cloned().unwrap_or_else(|| Value::string(""));
        out.insert(key, value);
    }
    Value::Map(out)
}

/// `dig k1 k2 … default d`.
pub(crate) fn dig(args: &[Value]) -> Result<Value> {
    if args.len() < 3 {
        return Err(Error::msg("dig needs at least three arguments"));
    }
    let last = &args[args.len() - 1];
    let mut dict = match last {
        Value::Map(m) if is_plain_map(m) => m.clone(),
        other => return Err(assertion(other, "map[string]interface {}")),
    };
    let default = &args[args.len() - 2];
    let keys = &args[..args.len() - 2];
    let mut names = Vec::with_capacity(keys.len());
    for k in keys {
        match k {
            Value::String(s) => names.push(s.clone()),
            other => return Err(assertion(other, "string")),
        }
    }
    for (i, key) in names.iter().enumerate() {
        let Some(step) = dict.get(key) else {
            return Ok(default.clone());
        };
        if i == names.len() - 1 {
            return Ok(step);
        }
        dict = match &step {
            Value::Map(m) if is_plain_map(m) => m.clone(),
            other => return Err(assertion(other, "map[string]interface {}")),
        };
    }
    Ok(default.clone())
}

/// mergo's `isEmptyValue` (with pointer dereferencing): the zero values of Go's kinds.
fn merge_empty(v: &Value) -> bool {
    crate::reflect::empty(v)
}

/// mergo's `deepMerge` of one map into another, the way Sprig calls it (`Merge(&dst, src)`
/// and `MergeWithOverwrite`) with `map[string]interface {}` values.
fn merge_maps(dst: &Map, src: &Map, overwrite: bool) {
    for (key, s) in src.entries() {
        if s.is_nil() {
            // A nil interface value: only an overwrite copies it.
            if overwrite {
                dst.insert(key, Value::Nil);
            }
            continue;
        }
        let d = dst.get(&key);
        // A source map is merged into an existing destination map in place (mergo recurses
        // into the map the destination holds, which other holders see too).
        if let (Value::Map(sm), Some(Value::Map(dm))) = (&s, &d)
            && !dm.is_nil()
        {
            merge_maps(dm, sm, overwrite);
        }
        if let Some(dv) = &d
            && !merge_empty(dv)
        {
            if matches!(s, Value::List(_) | Value::Bytes(_)) {
                // mergo's slice branch has already stored the source slice when overwriting.
                if overwrite {
                    dst.insert(key, s);
                }
                continue;
            }
            if matches!(s, Value::Map(_)) && matches!(dv, Value::Map(_)) {
                continue;
            }
        }
        // A slice or a non-empty map in the destination stays unless overwriting; otherwise
        // the source value replaces an absent or empty one. (mergo's slice branch writes a
        // placeholder first, but this final step always decides the outcome.)
        if overwrite || d.as_ref().is_none_or(merge_empty) {
            dst.insert(key, s);
        }
    }
}

/// `merge dst src…` and `mergeOverwrite dst src…`: merges each source into `dst` and
/// returns it. A nil `dst` is replaced by a new map (mergo sets Sprig's local variable).
pub(crate) fn merge(dst: &Map, srcs: &[Value], overwrite: bool) -> Value {
    let mut dst = dst.clone();
    for src in srcs {
        let Some(src) = src.as_map() else { continue };
        if dst.is_nil() && !src.is_nil() {
            dst = Map::new();
        }
        merge_maps(&dst, src, overwrite);
    }
    Value::Map(dst)
}

/// copystructure's `Copy`: maps and slices are copied recursively (nil stays nil, types are
/// kept); scalars, strings and objects are shared (they are immutable).
pub(crate) fn deep_copy(v: &Value) -> Value {
    match v {
        Value::Map(m) => {
            if m.is_nil() {
                return Value::Map(Map::nil(m.map_type().clone()));
            }
            let out = Map::with_type(m.map_type().clone());
            for (k, x) in m.entries() {
                out.insert(k, deep_copy(&x));
            }
            Value::Map(out)
        }
        Value::List(l) => {
            if l.is_nil() {
                return v.clone();
            }
            let items: Vec<Value> = l.items().iter().map(deep_copy).collect();
            Value::List(List::typed(l.elem(), items))
        }
        Value::Bytes(b) => Value::Bytes(b.to_vec().into()),
        Value::Object(_) => crate::semver::VersionObject::zeroed(v).unwrap_or_else(|| v.clone()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(v: &Value) -> String {
        rudder_value::fmt::to_string(v)
    }

    fn map(pairs: &[(&str, Value)]) -> Map {
        let m = Map::new();
        for (k, v) in pairs {
            m.insert(*k, v.clone());
        }
        m
    }

    #[test]
    fn merge_keeps_non_empty_destination_values() {
        let dst = map(&[
            ("a", Value::int(1)),
            ("b", Value::int(0)),
            ("f", Value::Bool(false)),
        ]);
        let src = map(&[
            ("a", Value::int(9)),
            ("b", Value::int(2)),
            ("c", Value::Nil),
            ("f", Value::Bool(true)),
        ]);
        let out = merge(&dst, &[Value::Map(src)], false);
        assert_eq!(show(&out), "map[a:1 b:2 f:true]");
        // The destination itself changed.
        assert_eq!(show(&Value::Map(dst)), "map[a:1 b:2 f:true]");
    }

    #[test]
    fn merge_overwrite_copies_nil() {
        let dst = map(&[("g", Value::string("v"))]);
        let src = map(&[("g", Value::Nil)]);
        assert_eq!(show(&merge(&dst, &[Value::Map(src)], true)), "map[g:<nil>]");
    }

    #[test]
    fn nested_maps_merge_in_place() {
        let inner = map(&[("x", Value::int(1))]);
        let dst = map(&[("m", Value::Map(inner.clone()))]);
        let src = map(&[("m", Value::Map(map(&[("y", Value::int(2))])))]);
        merge(&dst, &[Value::Map(src)], false);
        assert_eq!(show(&Value::Map(inner)), "map[x:1 y:2]");
    }

    #[test]
    fn dig_through_plain_maps() {
        let d = map(&[("a", Value::Map(map(&[("b", Value::string("c"))])))]);
        let args = [
            Value::string("a"),
            Value::string("b"),
            Value::string("def"),
            Value::Map(d.clone()),
        ];
        assert_eq!(show(&dig(&args).unwrap()), "c");
        let named = Map::with_type(MapType::named("common.Values"));
        let err = dig(&[Value::string("a"), Value::string("x"), Value::Map(named)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "interface conversion: interface {} is common.Values, not map[string]interface {}"
        );
    }
}
