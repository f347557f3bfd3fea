//! `SimpleHead`: the part of a document Helm reads to sort it (`apiVersion`, `kind`,
//! `metadata.name`, `metadata.annotations`), decoded with `sigs.k8s.io/yaml` into Go's struct
//! so that type errors read as Go's.

use std::collections::BTreeMap;

use rudder_value::Value;
use rudder_yaml::sigs::{Field, GoType, StructType, unmarshal_typed};

/// `util.SimpleHead`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimpleHead {
    /// `apiVersion`.
    pub version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata`, when the document has one.
    pub metadata: Option<HeadMetadata>,
}

/// `SimpleHead.Metadata`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeadMetadata {
    /// `metadata.name`.
    pub name: String,
    /// `metadata.annotations` (`None` when absent or null).
    pub annotations: Option<BTreeMap<String, String>>,
}

static STRING_MAP: GoType = GoType::Map(&GoType::String);

static METADATA: StructType = StructType {
    name: "",
    fields: &[
        Field {
            go_name: "Name",
            json_name: "name",
            ty: GoType::String,
        },
        Field {
            go_name: "Annotations",
            json_name: "annotations",
            ty: STRING_MAP,
        },
    ],
};

static METADATA_TYPE: GoType = GoType::Struct(&METADATA);

static HEAD: StructType = StructType {
    name: "util.SimpleHead",
    fields: &[
        Field {
            go_name: "Version",
            json_name: "apiVersion",
            ty: GoType::String,
        },
        Field {
            go_name: "Kind",
            json_name: "kind",
            ty: GoType::String,
        },
        Field {
            go_name: "Metadata",
            json_name: "metadata",
            ty: GoType::Ptr(&METADATA_TYPE),
        },
    ],
};

fn string_field(m: &rudder_value::Map, name: &str) -> String {
    m.get(name)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `yaml.Unmarshal(doc, &SimpleHead{})`.
///
/// # Errors
/// Go's text, e.g. `error converting YAML to JSON: yaml: line 2: mapping values are not
/// allowed in this context` or a type error for a non-string annotation.
pub fn parse_head(doc: &str) -> Result<SimpleHead, rudder_yaml::Error> {
    let v = unmarshal_typed(doc.as_bytes(), &GoType::Struct(&HEAD))?;
    let Some(m) = v.as_map() else {
        return Ok(SimpleHead::default());
    };
    let metadata = match m.get("Metadata") {
        Some(Value::Map(meta)) => Some(HeadMetadata {
            name: string_field(&meta, "Name"),
            annotations: match meta.get("Annotations") {
                Some(Value::Map(a)) if !a.is_nil() => Some(
                    a.entries()
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v.as_str().unwrap_or_default().to_owned()))
                        .collect(),
                ),
                _ => None,
            },
        }),
        _ => None,
    };
    Ok(SimpleHead {
        version: string_field(m, "Version"),
        kind: string_field(m, "Kind"),
        metadata,
    })
}
