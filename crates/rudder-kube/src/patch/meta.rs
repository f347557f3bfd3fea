//! The patch metadata of the built-in kinds: what `strategicpatch.PatchMetaFromStruct` reads
//! from the Go structs of `k8s.io/api` (`patchStrategy` and `patchMergeKey` tags, field types).
//!
//! The table is generated, not written: the Go oracle's `strategic_patch_meta` op walks
//! every kind of Helm's native scheme (client-go's kinds plus apiextensions v1beta1 and v1)
//! and looks every field up with apimachinery's own `LookupPatchMetadataForStruct`;
//! `tools/conformance-regen.sh` writes it to `conformance/strategicpatch/meta.out.jsonl`,
//! which is compiled in here.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value as Json;

use super::PatchError;

const TABLE: &str = include_str!("../../../../conformance/strategicpatch/meta.out.jsonl");

/// A Go type: an entry of the table, or a scalar kind (`string`, `int32`, `interface`...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Entry(usize),
    Scalar(&'static str),
}

#[derive(Debug)]
struct Field {
    name: String,
    ty: Ty,
    strategies: String,
    merge_key: String,
}

#[derive(Debug)]
struct Entry {
    /// `reflect.Kind` name: `struct`, `slice`, `array`, `ptr`, `map`.
    kind: String,
    /// The struct's Go name (`reflect.Type.Name()`).
    name: String,
    elem: Option<Ty>,
    fields: Vec<Field>,
    /// Decodes itself (`json.Unmarshaler` or an unstructured converter).
    custom: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Table {
    kinds: HashMap<String, usize>,
    entries: Vec<Entry>,
}

fn scalar(id: &str) -> &'static str {
    const KINDS: &[&str] = &[
        "bool",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "float32",
        "float64",
        "complex64",
        "complex128",
        "chan",
        "func",
        "interface",
        "string",
        "unsafe.Pointer",
    ];
    KINDS
        .iter()
        .find(|k| **k == id)
        .copied()
        .unwrap_or("invalid")
}

impl Table {
    fn parse(text: &str) -> Option<Table> {
        let line: Json = serde_json::from_str(text.lines().next()?).ok()?;
        let out = line.get("out")?;
        let types = out.get("types")?.as_object()?;
        let mut index = HashMap::new();
        for (i, id) in types.keys().enumerate() {
            index.insert(id.as_str(), i);
        }
        let ty = |id: &str| match index.get(id) {
            Some(&i) => Ty::Entry(i),
            None => Ty::Scalar(scalar(id)),
        };
        let mut entries = Vec::with_capacity(types.len());
        for entry in types.values() {
            let str_of = |k: &str| entry.get(k).and_then(Json::as_str).unwrap_or_default();
            let mut fields = Vec::new();
            for f in entry
                .get("fields")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
            {
                let f = f.as_array()?;
                let s = |i: usize| f.get(i).and_then(Json::as_str).unwrap_or_default();
                fields.push(Field {
                    name: s(0).to_owned(),
                    ty: ty(s(1)),
                    strategies: s(2).to_owned(),
                    merge_key: s(3).to_owned(),
                });
            }
            entries.push(Entry {
                kind: str_of("kind").to_owned(),
                name: str_of("name").to_owned(),
                elem: entry.get("elem").and_then(Json::as_str).map(ty),
                fields,
                custom: entry.get("custom").and_then(Json::as_bool).unwrap_or(false),
            });
        }
        let mut kinds = HashMap::new();
        for (gvk, id) in out.get("kinds")?.as_object()? {
            if let Some(&i) = id.as_str().and_then(|id| index.get(id)) {
                kinds.insert(gvk.clone(), i);
            }
        }
        Some(Table { kinds, entries })
    }

    /// The table compiled into rudder.
    pub(crate) fn builtin() -> &'static Table {
        static TABLE_CELL: OnceLock<Table> = OnceLock::new();
        TABLE_CELL.get_or_init(|| Table::parse(TABLE).unwrap_or_default())
    }

    /// The schema of a built-in kind (`group/version/Kind`, empty group for core), or `None`
    /// when the native scheme does not know it (custom resources, removed versions).
    pub(crate) fn kind(&self, api_version: &str, kind: &str) -> Option<Schema<'_>> {
        let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
        let i = *self.kinds.get(&format!("{group}/{version}/{kind}"))?;
        Some(Schema {
            table: self,
            ty: Ty::Entry(i),
        })
    }
}

/// `PatchMeta`: the strategies of a field (its `patchStrategy` tag split on commas) and its
/// merge key.
#[derive(Debug, Clone, Default)]
pub(crate) struct PatchMeta {
    pub(crate) strategies: Vec<String>,
    pub(crate) merge_key: String,
}

/// `PatchMetaFromStruct`: a position in the Go type tree.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Schema<'a> {
    table: &'a Table,
    ty: Ty,
}

impl<'a> Schema<'a> {
    fn entry(&self, ty: Ty) -> Option<&'a Entry> {
        match ty {
            Ty::Entry(i) => self.table.entries.get(i),
            Ty::Scalar(_) => None,
        }
    }

    fn kind_of(&self, ty: Ty) -> &'a str {
        match ty {
            Ty::Entry(i) => self
                .table
                .entries
                .get(i)
                .map_or("invalid", |e| e.kind.as_str()),
            Ty::Scalar(k) => k,
        }
    }

    /// `Name()`: the kind of the type (`struct`, `ptr`, `string`...).
    pub(crate) fn name(&self) -> &'a str {
        self.kind_of(self.ty)
    }

    fn at(&self, ty: Ty) -> Schema<'a> {
        Schema {
            table: self.table,
            ty,
        }
    }

    /// `LookupPatchMetadataForStruct(key)`: the field named `key` (exactly, else the first
    /// matching case-insensitively) of this struct (through a pointer).
    pub(crate) fn lookup_struct(&self, key: &str) -> Result<(Schema<'a>, PatchMeta), PatchError> {
        let mut ty = self.ty;
        if let Some(e) = self.entry(ty).filter(|e| e.kind == "ptr") {
            ty = e.elem.unwrap_or(Ty::Scalar("invalid"));
        }
        let Some(entry) = self.entry(ty).filter(|e| e.kind == "struct") else {
            return Err(PatchError(format!(
                "merging an object in json but data type is not struct, instead is: {}",
                self.kind_of(ty)
            )));
        };
        let field = entry
            .fields
            .iter()
            .find(|f| f.name == key)
            .or_else(|| entry.fields.iter().find(|f| equal_fold(&f.name, key)));
        match field {
            Some(f) => Ok((
                self.at(f.ty),
                PatchMeta {
                    strategies: f.strategies.split(',').map(str::to_owned).collect(),
                    merge_key: f.merge_key.clone(),
                },
            )),
            None => Err(PatchError(format!(
                "unable to find api field in struct {} for the json field {}",
                entry.name,
                rudder_value::strconv::quote(key)
            ))),
        }
    }

    /// `LookupPatchMetadataForSlice(key)`: the element type of the list field `key`.
    pub(crate) fn lookup_slice(&self, key: &str) -> Result<(Schema<'a>, PatchMeta), PatchError> {
        let (sub, meta) = self.lookup_struct(key)?;
        let entry = sub.entry(sub.ty);
        let elem = match entry.map(|e| (e.kind.as_str(), e.elem)) {
            Some(("slice" | "array", Some(elem))) => {
                if matches!(self.kind_of(elem), "slice" | "array") {
                    return Err(PatchError("unexpected slice of slice".to_owned()));
                }
                elem
            }
            Some(("ptr", Some(elem))) => match self.entry(elem) {
                Some(e) if e.kind == "slice" || e.kind == "array" => {
                    e.elem.unwrap_or(Ty::Scalar("invalid"))
                }
                _ => elem,
            },
            _ => {
                return Err(PatchError(format!(
                    "expected slice or array type, but got: {}",
                    self.name()
                )));
            }
        };
        Ok((self.at(elem), meta))
    }
}

impl Schema<'_> {
    /// Whether `runtime.DefaultUnstructuredConverter.FromUnstructured` can turn `value` into
    /// this Go type: what decides, in Helm's `AsVersioned`, between the typed object (strategic
    /// merge patch) and the unstructured one (JSON merge patch) for a built-in kind. Scalars
    /// follow the converter's rules (no string/number/bool crossings; a float into an integer
    /// only when whole); unknown fields are ignored; types with their own decoding
    /// (`Quantity`, `IntOrString`, `Time`, `RawExtension`..., marked by the oracle) are taken
    /// as convertible (their own parse errors are not modelled).
    #[expect(
        clippy::float_cmp,
        reason = "the converter's own test: sv.Float() == math.Trunc(sv.Float())"
    )]
    pub(crate) fn convertible(&self, value: &Json) -> bool {
        if value.is_null() {
            return true;
        }
        let Some(entry) = self.entry(self.ty) else {
            let kind = self.kind_of(self.ty);
            return match value {
                Json::String(_) => kind == "string",
                Json::Bool(_) => kind == "bool",
                Json::Number(n) => {
                    let int_kind = kind.starts_with("int") || kind.starts_with("uint");
                    let float_kind = kind.starts_with("float");
                    if n.as_i64().is_some() {
                        int_kind || float_kind
                    } else {
                        float_kind || (int_kind && n.as_f64().is_some_and(|f| f == f.trunc()))
                    }
                }
                _ => kind == "interface",
            };
        };
        if entry.custom {
            return true;
        }
        match entry.kind.as_str() {
            "ptr" => entry.elem.is_none_or(|e| self.at(e).convertible(value)),
            "map" => match value {
                Json::Object(m) => entry
                    .elem
                    .is_none_or(|e| m.values().all(|v| self.at(e).convertible(v))),
                _ => false,
            },
            "slice" | "array" => match value {
                Json::Array(items) => entry
                    .elem
                    .is_none_or(|e| items.iter().all(|v| self.at(e).convertible(v))),
                Json::String(_) => entry.elem == Some(Ty::Scalar("uint8")),
                _ => false,
            },
            "struct" => match value {
                Json::Object(m) => entry
                    .fields
                    .iter()
                    .all(|f| m.get(&f.name).is_none_or(|v| self.at(f.ty).convertible(v))),
                _ => false,
            },
            _ => true,
        }
    }
}

/// Go's `bytes.EqualFold` on JSON names (simple Unicode case folding).
fn equal_fold(a: &str, b: &str) -> bool {
    let fold = |c: char| -> char {
        match c {
            '\u{212a}' => 'k',
            '\u{17f}' => 's',
            c => c.to_lowercase().next().unwrap_or(c),
        }
    };
    a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).all(|(x, y)| fold(x) == fold(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads_and_knows_pods() {
        let t = Table::builtin();
        assert!(t.kinds.len() > 500, "{} kinds", t.kinds.len());
        let pod = t.kind("v1", "Pod").expect("Pod");
        let (spec, _) = pod.lookup_struct("spec").unwrap();
        let (container, meta) = spec.lookup_slice("containers").unwrap();
        assert_eq!(meta.strategies, ["merge"]);
        assert_eq!(meta.merge_key, "name");
        assert_eq!(container.name(), "struct");
        // TypeMeta's fields are the object's own (embedded inline).
        assert!(pod.lookup_struct("apiVersion").is_ok());
        assert_eq!(
            pod.lookup_struct("nope").unwrap_err().0,
            r#"unable to find api field in struct Pod for the json field "nope""#
        );
        let (labels, _) = pod
            .lookup_struct("metadata")
            .unwrap()
            .0
            .lookup_struct("labels")
            .unwrap();
        assert_eq!(
            labels.lookup_struct("x").unwrap_err().0,
            "merging an object in json but data type is not struct, instead is: map"
        );
        assert!(t.kind("example.com/v1", "Thing").is_none());
    }
}
