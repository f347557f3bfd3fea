//! `pkg/chart/common/util/coalesce.go`: how a chart's default values, its subcharts'
//! defaults, `global` and the user's values combine into `.Values`.
//!
//! The algorithm works on shared maps exactly as Go's does (Go maps are references): a
//! subchart's globals are merged into shallow copies whose nested maps are the parent's, so
//! the effects Helm shows (a child's nested global keys appearing in the parent's
//! `.Values.global`) show here too.

use rudder_value::{Map, MapType, Value};

use super::copy::{deep_copy, deep_copy_map};
use crate::loader::Warnings;

/// What coalescing needs to know about a chart.
pub(crate) trait Charter: Sized {
    fn name(&self) -> String;
    fn values(&self) -> Map;
    fn dependencies(&self) -> Vec<Self>;
}

impl Charter for &crate::chart::Chart {
    fn name(&self) -> String {
        self.metadata.name.clone()
    }

    fn values(&self) -> Map {
        self.values.clone()
    }

    fn dependencies(&self) -> Vec<Self> {
        self.dependencies.iter().collect()
    }
}

/// A coalescing error, with the values as they were when it happened (Helm returns both).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CoalesceError {
    message: String,
    /// The values at the point of failure.
    pub partial: Map,
}

/// `istable`: a Go `map[string]interface{}` (a nil one included; named map types are not).
pub(crate) fn is_table(v: &Value) -> bool {
    matches!(v, Value::Map(m) if *m.map_type() == MapType::interface())
}

fn as_table(v: &Value) -> Option<Map> {
    match v {
        Value::Map(m) if *m.map_type() == MapType::interface() => Some(m.clone()),
        _ => None,
    }
}

fn concat_prefix(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a}.{b}")
    }
}

fn show(v: &Value) -> String {
    rudder_value::fmt::to_string(v)
}

/// `copyValues`: a deep copy of the user's values (a fresh map for nil).
fn copy_values(vals: &Map) -> Map {
    let copy = deep_copy_map(vals);
    if copy.is_nil() { Map::new() } else { copy }
}

/// `util.CoalesceValues`: the chart's values (and its subcharts') under the user's.
///
/// Rules: the user's scalars and lists replace defaults, maps merge; a user `null` deletes
/// the key; chart-default `null`s are dropped; each subchart's values are coalesced under
/// its name, with the parent's `global` copied into the child's (the parent wins).
///
/// # Errors
/// `type mismatch on <subchart>: %!t(string=x)` when the values for a subchart are not a map.
pub fn coalesce_values(
    chart: &crate::chart::Chart,
    vals: &Map,
    log: &mut Warnings,
) -> Result<Map, CoalesceError> {
    coalesce_root(&chart, vals, false, log)
}

/// `util.MergeValues`: as [`coalesce_values`], but `null`s are kept (used before a later
/// coalesce, by upgrades and import-values).
///
/// # Errors
/// As [`coalesce_values`].
pub fn merge_values(
    chart: &crate::chart::Chart,
    vals: &Map,
    log: &mut Warnings,
) -> Result<Map, CoalesceError> {
    coalesce_root(&chart, vals, true, log)
}

pub(crate) fn coalesce_root<C: Charter>(
    chart: &C,
    vals: &Map,
    merge: bool,
    log: &mut Warnings,
) -> Result<Map, CoalesceError> {
    let dest = copy_values(vals);
    let r = coalesce(chart, &dest, "", merge, log);
    // Go returns the map as `common.Values` (the same map, typed).
    let typed = Map::from_entries(
        MapType::named("common.Values"),
        dest.with_entries(Clone::clone),
    );
    match r {
        Ok(()) => Ok(typed),
        Err(message) => Err(CoalesceError {
            message,
            partial: typed,
        }),
    }
}

fn coalesce<C: Charter>(
    chart: &C,
    dest: &Map,
    prefix: &str,
    merge: bool,
    log: &mut Warnings,
) -> Result<(), String> {
    crate::deep(|| {
        coalesce_chart_values(chart, dest, prefix, merge, log);
        coalesce_deps(chart, dest, prefix, merge, log)
    })
}

fn coalesce_deps<C: Charter>(
    chart: &C,
    dest: &Map,
    prefix: &str,
    merge: bool,
    log: &mut Warnings,
) -> Result<(), String> {
    for sub in chart.dependencies() {
        let name = sub.name();
        match dest.get(&name) {
            None => {
                dest.insert(name.as_str(), Value::Map(Map::new()));
            }
            Some(c) if !is_table(&c) => {
                return Err(format!(
                    "type mismatch on {name}: {}",
                    rudder_value::fmt::sprintf("%t", &[c])
                ));
            }
            Some(_) => {}
        }
        let dv = dest
            .get(&name)
            .and_then(|v| as_table(&v))
            .unwrap_or_default();
        let sub_prefix = concat_prefix(prefix, &chart.name());
        coalesce_globals(&dv, dest, &sub_prefix, log);
        let r = coalesce(&sub, &dv, &sub_prefix, merge, log);
        dest.insert(name.as_str(), Value::Map(dv));
        r?;
    }
    Ok(())
}

/// `coalesceGlobals`: copies `src`'s `global` into `dest`'s, `src` winning.
fn coalesce_globals(dest: &Map, src: &Map, prefix: &str, log: &mut Warnings) {
    let dg = match dest.get("global") {
        None => Map::new(),
        Some(v) => {
            let Some(m) = as_table(&v) else {
                log.push(
                    "warning: skipping globals because destination global is not a table."
                        .to_owned(),
                );
                return;
            };
            m
        }
    };
    let sg = match src.get("global") {
        None => Map::new(),
        Some(v) => {
            let Some(m) = as_table(&v) else {
                log.push(
                    "warning: skipping globals because source global is not a table.".to_owned(),
                );
                return;
            };
            m
        }
    };
    for (key, val) in sg.entries() {
        if let Some(table) = as_table(&val) {
            // copyMap: a shallow copy (nested maps stay shared).
            let vv = Map::from_entries(MapType::interface(), table.with_entries(Clone::clone));
            match dg.get(&key) {
                None => {
                    dg.insert(key, Value::Map(vv));
                }
                Some(destv) => match as_table(&destv) {
                    None => log.push(format!(
                        "Conflict: cannot merge map onto non-map for {}. Skipping.",
                        rudder_value::strconv::quote(&key)
                    )),
                    Some(destvmap) => {
                        let sub_prefix = concat_prefix(prefix, &key);
                        coalesce_tables_full_key(&vv, &destvmap, &sub_prefix, true, log);
                        dg.insert(key, Value::Map(vv));
                    }
                },
            }
        } else if dg.get(&key).is_some_and(|dv| is_table(&dv)) {
            log.push(format!("key {key} is table. Skipping"));
        } else {
            dg.insert(key, val);
        }
    }
    dest.insert("global", Value::Map(dg));
}

/// `coalesceValues`: the chart's own defaults into `v`.
fn coalesce_chart_values<C: Charter>(
    chart: &C,
    v: &Map,
    prefix: &str,
    merge: bool,
    log: &mut Warnings,
) {
    let name = chart.name();
    let sub_prefix = concat_prefix(prefix, &name);
    let vc = deep_copy_map(&chart.values());
    let dep_names: Vec<String> = chart.dependencies().iter().map(Charter::name).collect();
    for (key, val) in vc.entries() {
        if let Some(value) = v.get(&key) {
            if value.is_nil() && !merge {
                v.remove(&key);
            } else if let Some(dest) = as_table(&value) {
                match as_table(&val) {
                    None => {
                        if !val.is_nil() {
                            log.push(format!(
                                "warning: skipped value for {sub_prefix}.{key}: Not a table."
                            ));
                        }
                    }
                    Some(src) => {
                        let merge = merge || dep_names.iter().any(|d| **d == *key);
                        if !merge {
                            clean_nil_values(&src);
                        }
                        coalesce_tables_full_key(
                            &dest,
                            &src,
                            &concat_prefix(&sub_prefix, &key),
                            merge,
                            log,
                        );
                    }
                }
            }
        } else {
            if !merge {
                if val.is_nil() {
                    continue;
                }
                if let Some(sub) = as_table(&val) {
                    clean_nil_values(&sub);
                }
            }
            v.insert(key, val);
        }
    }
}

/// `cleanNilValues`: removes nil entries, recursively, in place.
fn clean_nil_values(m: &Map) {
    crate::deep(|| {
        for (key, val) in m.entries() {
            if val.is_nil() {
                m.remove(&key);
            } else if let Some(sub) = as_table(&val) {
                clean_nil_values(&sub);
            }
        }
    });
}

/// `util.CoalesceTables`: merges `src` into `dst` (which wins), deleting keys `dst` sets to
/// `null` where `src` has a value; returns `dst` (or `src` when `dst` is nil).
pub fn coalesce_tables(dst: &Map, src: &Map, log: &mut Warnings) -> Map {
    coalesce_tables_full_key(dst, src, "", false, log)
}

/// `util.MergeTables`: as [`coalesce_tables`], keeping `null`s.
pub fn merge_tables(dst: &Map, src: &Map, log: &mut Warnings) -> Map {
    coalesce_tables_full_key(dst, src, "", true, log)
}

pub(crate) fn coalesce_tables_full_key(
    dst: &Map,
    src: &Map,
    prefix: &str,
    merge: bool,
    log: &mut Warnings,
) -> Map {
    if src.is_nil() {
        return dst.clone();
    }
    if dst.is_nil() {
        return src.clone();
    }
    crate::deep(|| {
        let src_non_nil: Vec<rudder_value::Str> = src
            .entries()
            .into_iter()
            .filter(|(_, v)| !v.is_nil())
            .map(|(k, _)| k)
            .collect();
        for (key, val) in dst.entries() {
            if val.is_nil() {
                src.insert(key, Value::Nil);
            }
        }
        for (key, val) in src.entries() {
            let full_key = concat_prefix(prefix, &key);
            let dv = dst.get(&key);
            match dv {
                Some(Value::Nil) if !merge && src_non_nil.contains(&key) => {
                    dst.remove(&key);
                }
                None => {
                    dst.insert(key, val);
                }
                Some(dv) => {
                    if let Some(val_table) = as_table(&val) {
                        if let Some(dv_table) = as_table(&dv) {
                            coalesce_tables_full_key(&dv_table, &val_table, &full_key, merge, log);
                        } else {
                            log.push(format!(
                                "warning: cannot overwrite table with non table for {full_key} ({})",
                                show(&val)
                            ));
                        }
                    } else if is_table(&dv) && !val.is_nil() {
                        log.push(format!(
                            "warning: destination for {full_key} is a table. Ignoring non-table value ({})",
                            show(&val)
                        ));
                    }
                }
            }
        }
        dst.clone()
    })
}

/// A deep copy of a value (Helm's `copystructure.Copy`).
pub fn copy_value(v: &Value) -> Value {
    deep_copy(v)
}
