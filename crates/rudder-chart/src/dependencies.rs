//! `chartutil.ProcessDependencies` (`pkg/chart/v2/util/dependencies.go`): which subcharts are
//! enabled (conditions, tags), aliases, and `import-values`; and `action.CheckDependencies`.
//!
//! Helm mutates a graph of pointers here: an aliased subchart is a shallow copy of the
//! loaded chart whose children are copies sharing their `Metadata` with the originals, so a
//! chart aliased twice processes its children's metadata twice (the second time already
//! renamed and filtered, and with `import-values` already converted). To reproduce exactly
//! that, processing runs on an arena that mirrors Go's pointer identities (a node per
//! `*Chart`, a slot per `*Metadata` and `*Dependency`), and the owned tree is rebuilt from it
//! at the end.

use std::collections::BTreeSet;

use rudder_value::{ElemType, Map, MapType, Value};

use crate::chart::{Chart, Dependency, Metadata};
use crate::loader::Warnings;
use crate::semver::is_compatible_range;
use crate::values::coalesce::{Charter, CoalesceError, coalesce_root, merge_tables};
use crate::values::copy::deep_copy_map;
use crate::values::table::{PathError, path_value, table};

/// A chart node: the chart without its metadata and subcharts.
#[derive(Debug)]
struct Node {
    payload: Chart,
    meta: usize,
    children: Vec<usize>,
}

/// A metadata slot: the metadata without its dependency list, and that list as slots.
#[derive(Debug, Clone)]
struct Meta {
    md: Metadata,
    deps: Option<Vec<usize>>,
}

#[derive(Debug, Default)]
struct Arena {
    nodes: Vec<Node>,
    metas: Vec<Meta>,
    deps: Vec<Dependency>,
}

#[derive(Clone, Copy)]
struct NodeRef<'a> {
    arena: &'a Arena,
    id: usize,
}

impl Charter for NodeRef<'_> {
    fn name(&self) -> String {
        self.arena.name(self.id).to_owned()
    }

    fn values(&self) -> Map {
        self.arena.nodes[self.id].payload.values.clone()
    }

    fn dependencies(&self) -> Vec<Self> {
        self.arena.nodes[self.id]
            .children
            .iter()
            .map(|&id| NodeRef {
                arena: self.arena,
                id,
            })
            .collect()
    }
}

impl Arena {
    fn add(&mut self, mut chart: Chart) -> usize {
        let children: Vec<Chart> = std::mem::take(&mut chart.dependencies);
        let mut md = std::mem::take(&mut chart.metadata);
        let deps = md.dependencies.take().map(|list| {
            list.into_iter()
                .map(|d| {
                    self.deps.push(d);
                    self.deps.len() - 1
                })
                .collect()
        });
        self.metas.push(Meta { md, deps });
        let meta = self.metas.len() - 1;
        let children = children.into_iter().map(|c| self.add(c)).collect();
        self.nodes.push(Node {
            payload: chart,
            meta,
            children,
        });
        self.nodes.len() - 1
    }

    fn build(&self, id: usize) -> Chart {
        let node = &self.nodes[id];
        let meta = &self.metas[node.meta];
        let mut c = node.payload.clone();
        c.metadata = meta.md.clone();
        c.metadata.dependencies = meta
            .deps
            .as_ref()
            .map(|ids| ids.iter().map(|&d| self.deps[d].clone()).collect());
        c.dependencies = node.children.iter().map(|&ch| self.build(ch)).collect();
        c
    }

    fn name(&self, id: usize) -> &str {
        &self.metas[self.nodes[id].meta].md.name
    }

    fn version(&self, id: usize) -> &str {
        &self.metas[self.nodes[id].meta].md.version
    }

    fn chart(&self, id: usize) -> NodeRef<'_> {
        NodeRef { arena: self, id }
    }

    /// `copyMetadata`: the struct copied, its dependencies copied one level.
    fn copy_metadata(&mut self, meta: usize) -> usize {
        let mut m = self.metas[meta].clone();
        if let Some(ids) = &mut m.deps {
            for d in ids.iter_mut() {
                self.deps.push(self.deps[*d].clone());
                *d = self.deps.len() - 1;
            }
        }
        self.metas.push(m);
        self.metas.len() - 1
    }

    /// `cpy := *c`: a struct copy sharing metadata and children.
    fn shallow_copy(&mut self, id: usize) -> usize {
        let n = &self.nodes[id];
        let copy = Node {
            payload: n.payload.clone(),
            meta: n.meta,
            children: n.children.clone(),
        };
        self.nodes.push(copy);
        self.nodes.len() - 1
    }

    /// `getAliasDependency`.
    fn alias_dependency(&mut self, charts: &[usize], dep: usize) -> Option<usize> {
        for &c in charts {
            if self.name(c) != self.deps[dep].name {
                continue;
            }
            if !is_compatible_range(&self.deps[dep].version, self.version(c)) {
                continue;
            }
            let meta = self.copy_metadata(self.nodes[c].meta);
            let originals = self.nodes[c].children.clone();
            let children = originals.iter().map(|&g| self.shallow_copy(g)).collect();
            self.nodes.push(Node {
                payload: self.nodes[c].payload.clone(),
                meta,
                children,
            });
            let out = self.nodes.len() - 1;
            if !self.deps[dep].alias.is_empty() {
                let alias = self.deps[dep].alias.clone();
                self.metas[meta].md.name = alias;
            }
            return Some(out);
        }
        None
    }

    /// `processDependencyEnabled`.
    fn process_enabled(
        &mut self,
        id: usize,
        v: &Map,
        path: &str,
        log: &mut Warnings,
    ) -> Result<(), CoalesceError> {
        let meta = self.nodes[id].meta;
        let Some(reqs) = self.metas[meta].deps.clone() else {
            return Ok(());
        };
        let existing = self.nodes[id].children.clone();
        let mut chart_deps: Vec<usize> = existing
            .iter()
            .copied()
            .filter(|&ex| {
                !reqs.iter().any(|&r| {
                    self.name(ex) == self.deps[r].name
                        && is_compatible_range(&self.deps[r].version, self.version(ex))
                })
            })
            .collect();
        for &r in &reqs {
            if let Some(c) = self.alias_dependency(&existing, r) {
                chart_deps.push(c);
            }
            if !self.deps[r].alias.is_empty() {
                let alias = self.deps[r].alias.clone();
                self.deps[r].name = alias;
            }
        }
        self.nodes[id].children = chart_deps;
        for &r in &reqs {
            self.deps[r].enabled = true;
        }
        let cvals = coalesce_root(&self.chart(id), v, false, log)?;
        self.process_tags(&reqs, &cvals, log);
        self.process_conditions(&reqs, &cvals, path, log);
        let rm: BTreeSet<String> = reqs
            .iter()
            .filter(|&&r| !self.deps[r].enabled)
            .map(|&r| self.deps[r].name.clone())
            .collect();
        let cd: Vec<usize> = self.nodes[id]
            .children
            .iter()
            .copied()
            .filter(|&n| !rm.contains(self.name(n)))
            .collect();
        let cd_meta: Vec<usize> = reqs
            .iter()
            .copied()
            .filter(|&r| !rm.contains(&self.deps[r].name))
            .collect();
        for &t in &cd {
            let sub = format!("{path}{}.", self.name(t));
            crate::deep(|| self.process_enabled(t, &cvals, &sub, log))?;
        }
        self.metas[meta].deps = (!cd_meta.is_empty()).then_some(cd_meta);
        self.nodes[id].children = cd;
        Ok(())
    }

    /// `processDependencyTags`.
    fn process_tags(&mut self, reqs: &[usize], cvals: &Map, log: &mut Warnings) {
        let Ok(vt) = table(cvals, "tags") else {
            return;
        };
        for &r in reqs {
            let (mut has_true, mut has_false) = (false, false);
            for k in &self.deps[r].tags {
                match vt.get(k) {
                    Some(Value::Bool(true)) => has_true = true,
                    Some(Value::Bool(false)) => has_false = true,
                    Some(_) => log.push(format!(
                        "returned non-bool value tag={k} chart={}",
                        self.deps[r].name
                    )),
                    None => {}
                }
            }
            // Only false tags disable; any true tag, or none at all, enables.
            self.deps[r].enabled = has_true || !has_false;
        }
    }

    /// `processDependencyConditions`: the first condition path that holds a bool decides.
    fn process_conditions(&mut self, reqs: &[usize], cvals: &Map, path: &str, log: &mut Warnings) {
        for &r in reqs {
            let condition = self.deps[r]
                .condition
                .trim_matches(rudder_value::unicode::is_space)
                .to_owned();
            for c in condition.split(',') {
                if c.is_empty() {
                    continue;
                }
                match path_value(cvals, &format!("{path}{c}")) {
                    Ok(Value::Bool(b)) => {
                        self.deps[r].enabled = b;
                        break;
                    }
                    Ok(_) => log.push(format!(
                        "returned non-bool value path={c} chart={}",
                        self.deps[r].name
                    )),
                    Err(PathError::NoValue(_)) => {}
                    Err(e) => log.push(format!("the method PathValue returned error error={e}")),
                }
            }
        }
    }

    /// `processDependencyImportValues`: children first, then this chart.
    fn process_import_values_tree(
        &mut self,
        id: usize,
        log: &mut Warnings,
    ) -> Result<(), CoalesceError> {
        for d in self.nodes[id].children.clone() {
            crate::deep(|| self.process_import_values_tree(d, log))?;
        }
        self.process_import_values(id, log)
    }

    /// `processImportValues` (with `merge` true, as `ProcessDependencies` calls it).
    fn process_import_values(
        &mut self,
        id: usize,
        log: &mut Warnings,
    ) -> Result<(), CoalesceError> {
        let meta = self.nodes[id].meta;
        let Some(reqs) = self.metas[meta].deps.clone() else {
            return Ok(());
        };
        let cvals = coalesce_root(&self.chart(id), &Map::nil(MapType::interface()), true, log)?;
        let mut b = Map::new();
        let string_map = MapType {
            name: None,
            elem: ElemType::String,
        };
        for r in reqs {
            let mut outiv = Vec::new();
            let name = self.deps[r].name.clone();
            for riv in self.deps[r].import_values.clone() {
                match &riv {
                    Value::Map(iv) if *iv.map_type() == MapType::interface() => {
                        let child =
                            rudder_value::fmt::to_string(&iv.get("child").unwrap_or(Value::Nil));
                        let parent =
                            rudder_value::fmt::to_string(&iv.get("parent").unwrap_or(Value::Nil));
                        let entry = Map::with_type(string_map.clone());
                        entry.insert("child", Value::string(child.as_str()));
                        entry.insert("parent", Value::string(parent.as_str()));
                        outiv.push(Value::Map(entry));
                        match table(&cvals, &format!("{name}.{child}")) {
                            Err(e) => log.push(format!(
                                "ImportValues missing table from chart chart={name} error={e}"
                            )),
                            Ok(vv) => {
                                b = merge_tables(&b, &path_to_map(&parent, as_map(&vv)), log);
                            }
                        }
                    }
                    Value::String(iv) => {
                        let child = format!("exports.{iv}");
                        let entry = Map::with_type(string_map.clone());
                        entry.insert("child", Value::string(child.as_str()));
                        entry.insert("parent", Value::string("."));
                        outiv.push(Value::Map(entry));
                        match table(&cvals, &format!("{name}.{child}")) {
                            Err(e) => log.push(format!("ImportValues missing table error={e}")),
                            Ok(vm) => b = merge_tables(&b, &as_map(&vm), log),
                        }
                    }
                    _ => {}
                }
            }
            self.deps[r].import_values = outiv;
        }
        let cvals = deep_copy_map(&cvals);
        self.nodes[id].payload.values = merge_tables(&cvals, &b, log);
        Ok(())
    }
}

/// `Values.AsMap`: a fresh empty map for an empty one, else the same map.
fn as_map(v: &Map) -> Map {
    if v.is_empty() { Map::new() } else { v.clone() }
}

/// `pathToMap`: `data` nested under the keys of a dotted path (`.` is `data` itself).
fn path_to_map(path: &str, data: Map) -> Map {
    if path == "." {
        return data;
    }
    let mut cur = data;
    for key in path.split('.').rev() {
        let m = Map::new();
        m.insert(key, Value::Map(cur));
        cur = m;
    }
    cur
}

/// `chartutil.ProcessDependencies`: removes disabled subcharts (conditions, tags), applies
/// aliases (the copy is renamed; `.Chart.Dependencies` shows the alias as the name and
/// `Enabled: true`), and imports child values into parents (`import-values`, `exports`).
///
/// # Errors
/// Coalescing errors (`type mismatch on <subchart>: ...`).
pub fn process_dependencies(
    chart: &mut Chart,
    vals: &Map,
    log: &mut Warnings,
) -> Result<(), CoalesceError> {
    let mut arena = Arena::default();
    let root = arena.add(std::mem::take(chart));
    let result = arena
        .process_enabled(root, vals, "", log)
        .and_then(|()| arena.process_import_values_tree(root, log));
    *chart = arena.build(root);
    result
}

/// `action.CheckDependencies`: every dependency in `Chart.yaml` must have a subchart.
///
/// # Errors
/// `found in Chart.yaml, but missing in charts/ directory: a, b`.
pub fn check_dependencies(chart: &Chart) -> Result<(), String> {
    let missing: Vec<&str> = chart
        .metadata
        .dependencies()
        .filter(|r| !chart.dependencies.iter().any(|d| d.name() == r.name))
        .map(|r| r.name.as_str())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "found in Chart.yaml, but missing in charts/ directory: {}",
            missing.join(", ")
        ))
    }
}
