//! The checks the template and CRD rules apply to each rendered document
//! (`rules/template.go`): decoding into Helm's `k8sYamlStruct` stub through apimachinery's
//! `YAMLOrJSONDecoder`, names as Kubernetes validates them per kind, selectors, `List`
//! annotations, the top indentation and file extensions.

use rudder_value::{Map, Value};
use rudder_yaml::sigs::{Field, GoType, StructType};

/// Helm's `k8sYamlStruct`: the fields lint reads of a Kubernetes object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct K8sObject {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.namespace`.
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
}

const STRING: GoType = GoType::String;

static METADATA: StructType = StructType {
    name: "rules.k8sYamlMetadata",
    fields: &[
        Field {
            go_name: "Namespace",
            json_name: "Namespace",
            ty: STRING,
        },
        Field {
            go_name: "Name",
            json_name: "Name",
            ty: STRING,
        },
    ],
};

static OBJECT: StructType = StructType {
    name: "rules.k8sYamlStruct",
    fields: &[
        Field {
            go_name: "APIVersion",
            json_name: "apiVersion",
            ty: STRING,
        },
        Field {
            go_name: "Kind",
            json_name: "Kind",
            ty: STRING,
        },
        Field {
            go_name: "Metadata",
            json_name: "Metadata",
            ty: GoType::Struct(&METADATA),
        },
    ],
};

static OBJECT_PTR: GoType = GoType::Ptr(&GoType::Struct(&OBJECT));

fn string_field(m: &Map, name: &str) -> String {
    match m.get(name) {
        Some(Value::String(s)) => s.to_string(),
        _ => String::new(),
    }
}

/// One document into `*k8sYamlStruct` with `sigs.k8s.io/yaml`: `None` for a null document.
fn decode_one(doc: &[u8]) -> Result<Option<K8sObject>, String> {
    let value = rudder_yaml::sigs::unmarshal_typed(doc, &OBJECT_PTR).map_err(|e| e.to_string())?;
    let Value::Map(m) = value else {
        return Ok(None);
    };
    let mut object = K8sObject {
        api_version: string_field(&m, "APIVersion"),
        kind: string_field(&m, "Kind"),
        ..K8sObject::default()
    };
    if let Some(Value::Map(md)) = m.get("Metadata") {
        object.namespace = string_field(&md, "Namespace");
        object.name = string_field(&md, "Name");
    }
    Ok(Some(object))
}

/// The documents of `content` as apimachinery's `YAMLOrJSONDecoder` yields them to lint:
/// each decoded object (`None` for an empty or null document), in order, and at most one
/// error, last (the rule stops at the first error).
///
/// A stream that starts with `{` is read by Go as JSON first: broken JSON that YAML cannot
/// read either fails with the JSON error (`json: offset 2: invalid character ...`); valid JSON
/// is read here as YAML (the same objects).
pub fn decode_objects(content: &str) -> Vec<Result<Option<K8sObject>, String>> {
    let looks_json = content
        .trim_start_matches(rudder_value::unicode::is_space)
        .starts_with('{');
    if looks_json
        && let Err(e) = rudder_yaml::json::unmarshal(content.as_bytes())
        && let Some(offset) = e.hint().and_then(|h| h.strip_prefix("at byte offset "))
        && !e.message().contains("after top-level value")
    {
        // Go's `SyntaxError.Offset` counts the offending byte; the hint is its index.
        let offset = offset.parse::<usize>().unwrap_or(0) + 1;
        let out = decode_yaml(content);
        if matches!(out.first(), Some(Err(_))) {
            return vec![Err(format!("json: offset {offset}: {}", e.message()))];
        }
        return out;
    }
    decode_yaml(content)
}

fn decode_yaml(content: &str) -> Vec<Result<Option<K8sObject>, String>> {
    let mut out = Vec::new();
    let data = content.as_bytes();
    // A `---` line with anything but a comment after it is an error when the reader reaches
    // it; the documents before it are decoded first.
    let (good, bad) = match first_bad_separator(data) {
        Some((at, rest)) => (&data[..at], Some(rest)),
        None => (data, None),
    };
    let docs = rudder_yaml::values::split_documents(good).unwrap_or_default();
    for doc in docs {
        match decode_one(&doc) {
            Ok(object) => out.push(Ok(object)),
            Err(e) => {
                out.push(Err(e));
                return out;
            }
        }
    }
    if let Some(rest) = bad {
        out.push(Err(format!("invalid Yaml document separator: {rest}")));
    }
    out
}

/// The offset of the first separator line `---<something>` whose rest is neither blank nor a
/// comment, with that rest trimmed.
fn first_bad_separator(data: &[u8]) -> Option<(usize, String)> {
    let mut offset = 0;
    for line in data.split_inclusive(|&b| b == b'\n') {
        if let Some(after) = line.strip_prefix(b"---") {
            let text = String::from_utf8_lossy(after);
            let trimmed = text.trim_matches(rudder_value::unicode::is_space);
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Some((offset, trimmed.to_owned()));
            }
        }
        offset += line.len();
    }
    None
}

/// `validateTopIndentLevel`: the first non-blank line does not start with a space or a tab.
///
/// # Errors
/// `document starts with an illegal indent: "  x", which may cause parsing problems`.
pub fn validate_top_indent_level(content: &str) -> Result<(), String> {
    for line in content.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line
            .trim_matches(rudder_value::unicode::is_space)
            .is_empty()
        {
            continue;
        }
        if line.starts_with(' ') || line.starts_with('\t') {
            return Err(format!(
                "document starts with an illegal indent: {}, which may cause parsing problems",
                rudder_value::strconv::quote(line)
            ));
        }
        return Ok(());
    }
    Ok(())
}

/// `validateAllowedExtension`.
///
/// # Errors
/// `file extension '.x' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt`.
pub fn validate_allowed_extension(file_name: &str) -> Result<(), String> {
    let ext = crate::gopath::ext(file_name);
    if matches!(ext, ".yaml" | ".yml" | ".tpl" | ".txt") {
        return Ok(());
    }
    Err(format!(
        "file extension '{ext}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt"
    ))
}

/// `isYamlFileExtension`.
pub fn is_yaml_file_extension(file_name: &str) -> bool {
    let ext = crate::gopath::ext(file_name).to_ascii_lowercase();
    ext == ".yaml" || ext == ".yml"
}

const LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`, or with `first` as the first character's class.
fn is_label(s: &str, first_alpha: bool) -> bool {
    let b = s.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let Some((&first, _)) = b.split_first() else {
        return false;
    };
    let first_ok = if first_alpha {
        first.is_ascii_lowercase()
    } else {
        alnum(first)
    };
    first_ok && alnum(b[b.len() - 1]) && b.iter().all(|&c| alnum(c) || c == b'-')
}

fn is_subdomain(s: &str) -> bool {
    s.split('.').all(|l| is_label(l, false))
}

/// `RegexError` with examples.
fn regex_error(msg: &str, re: &str, examples: &[&str]) -> String {
    let quoted: Vec<String> = examples.iter().map(|e| format!("'{e}', ")).collect();
    format!(
        "{msg} (e.g. {}regex used for validation is '{re}')",
        quoted.join(" or ")
    )
}

fn dns1123_subdomain(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > 253 {
        errs.push("must be no more than 253 bytes".to_owned());
    }
    if !is_subdomain(name) {
        errs.push(regex_error(SUBDOMAIN_MSG, SUBDOMAIN_FMT, &["example.com"]));
    }
    errs
}

fn dns1123_label(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > 63 {
        errs.push("must be no more than 63 bytes".to_owned());
    }
    if !is_label(name, false) {
        if is_subdomain(name) {
            errs.push("must not contain dots".to_owned());
        } else {
            errs.push(regex_error(LABEL_MSG, LABEL_FMT, &["my-name", "123-abc"]));
        }
    }
    errs
}

fn dns1035_label(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > 63 {
        errs.push("must be no more than 63 bytes".to_owned());
    }
    if !is_label(name, true) {
        errs.push(regex_error(
            DNS1035_MSG,
            DNS1035_FMT,
            &["my-name", "abc-123"],
        ));
    }
    errs
}

fn path_segment_name(name: &str) -> Vec<String> {
    if name == "." || name == ".." {
        return vec![format!("may not be '{name}'")];
    }
    ["/", "%"]
        .iter()
        .filter(|bad| name.contains(*bad))
        .map(|bad| format!("may not contain '{bad}'"))
        .collect()
}

/// `validateMetadataName`: the name rule of the object's kind (Kubernetes' own per-kind
/// functions, as Helm maps them), as a `field.ErrorList` aggregate.
///
/// # Errors
/// `object name does not conform to Kubernetes naming requirements: "X": metadata.name:
/// Invalid value: "X": ...`.
pub fn validate_metadata_name(obj: &K8sObject) -> Result<(), String> {
    let name = obj.name.as_str();
    let messages = match obj.kind.to_lowercase().as_str() {
        "service" => dns1035_label(name),
        "namespace" => dns1123_label(name),
        "certificatesigningrequest" => Vec::new(),
        "role" | "clusterrole" | "rolebinding" | "clusterrolebinding" => path_segment_name(name),
        _ => dns1123_subdomain(name),
    };
    if messages.is_empty() {
        return Ok(());
    }
    let quoted = rudder_value::strconv::quote(name);
    let mut seen: Vec<String> = Vec::new();
    for m in messages {
        let text = format!("metadata.name: Invalid value: {quoted}: {m}");
        if !seen.contains(&text) {
            seen.push(text);
        }
    }
    let aggregate = if seen.len() == 1 {
        seen.remove(0)
    } else {
        format!("[{}]", seen.join(", "))
    };
    Err(format!(
        "object name does not conform to Kubernetes naming requirements: {quoted}: {aggregate}"
    ))
}

/// `validateMatchSelector`: workloads' manifests mention `matchLabels` or
/// `matchExpressions` (anywhere in the file, as Helm checks).
///
/// # Errors
/// `a Deployment must contain matchLabels or matchExpressions, and "x" does not`.
pub fn validate_match_selector(obj: &K8sObject, manifest: &str) -> Result<(), String> {
    if matches!(
        obj.kind.as_str(),
        "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet"
    ) && !manifest.contains("matchLabels")
        && !manifest.contains("matchExpressions")
    {
        return Err(format!(
            "a {} must contain matchLabels or matchExpressions, and {} does not",
            obj.kind,
            rudder_value::strconv::quote(&obj.name)
        ));
    }
    Ok(())
}

static ANNOTATIONS: GoType = GoType::Map(&STRING);
static ITEM_METADATA: StructType = StructType {
    name: "struct { Annotations map[string]string }",
    fields: &[Field {
        go_name: "Annotations",
        json_name: "Annotations",
        ty: ANNOTATIONS,
    }],
};
static ITEM: StructType = StructType {
    name: "struct { Metadata struct { Annotations map[string]string } }",
    fields: &[Field {
        go_name: "Metadata",
        json_name: "Metadata",
        ty: GoType::Struct(&ITEM_METADATA),
    }],
};
static ITEMS: GoType = GoType::Slice(&GoType::Struct(&ITEM));
static LIST: StructType = StructType {
    name: "struct { Items []struct { Metadata struct { Annotations map[string]string } } }",
    fields: &[Field {
        go_name: "Items",
        json_name: "Items",
        ty: ITEMS,
    }],
};

/// `validateListAnnotations`: items of a `List` do not carry `helm.sh/resource-policy`
/// (Helm reads the first document of the file for this).
///
/// # Errors
/// `annotation 'helm.sh/resource-policy' within List objects are ignored`, or the decode
/// error as `unable to parse YAML: ...`.
pub fn validate_list_annotations(obj: &K8sObject, manifest: &str) -> Result<(), String> {
    if obj.kind != "List" {
        return Ok(());
    }
    let value = rudder_yaml::sigs::unmarshal_typed(manifest.as_bytes(), &GoType::Struct(&LIST))
        .map_err(|e| format!("unable to parse YAML: {e}"))?;
    let items = match value.as_map().and_then(|m| m.get("Items")) {
        Some(Value::List(l)) => l.items().to_vec(),
        _ => Vec::new(),
    };
    for item in items {
        let annotations = item
            .as_map()
            .and_then(|m| m.get("Metadata"))
            .and_then(|md| md.as_map().and_then(|md| md.get("Annotations")));
        if let Some(Value::Map(a)) = annotations
            && a.get("helm.sh/resource-policy").is_some()
        {
            return Err(
                "annotation 'helm.sh/resource-policy' within List objects are ignored".to_owned(),
            );
        }
    }
    Ok(())
}
