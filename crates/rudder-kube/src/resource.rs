//! Helm's `KubeClient.Build`: a release manifest (a YAML stream) turned into API objects, each
//! mapped to its resource type through [`Discovery`], namespaced objects defaulted to the
//! release namespace (cli-runtime's `NamespaceParam(ns).DefaultNamespace()`), and Helm's
//! ownership label and annotations (`setMetadataVisitor`).

use serde_json::{Map as JsonMap, Value as Json};

use crate::discovery::{Discovery, ResourceType};
use crate::error::Error;

/// `app.kubernetes.io/managed-by`.
pub const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
/// `meta.helm.sh/release-name`.
pub const RELEASE_NAME_ANNOTATION: &str = "meta.helm.sh/release-name";
/// `meta.helm.sh/release-namespace`.
pub const RELEASE_NAMESPACE_ANNOTATION: &str = "meta.helm.sh/release-namespace";
/// `helm.sh/resource-policy`.
pub const RESOURCE_POLICY_ANNOTATION: &str = "helm.sh/resource-policy";

/// One object of a manifest, with where it lives on the server.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Its resource type.
    pub resource_type: ResourceType,
    /// `metadata.name`.
    pub name: String,
    /// The namespace requests use (empty for cluster-scoped types).
    pub namespace: String,
    /// The object, as JSON.
    pub object: Json,
}

impl Resource {
    /// The kind.
    pub fn kind(&self) -> &str {
        &self.resource_type.kind
    }

    /// Helm's `isMatchingInfo`: same name, namespace, group and kind (the version may differ).
    pub fn same_object(&self, other: &Resource) -> bool {
        self.name == other.name
            && self.namespace == other.namespace
            && self.resource_type.group == other.resource_type.group
            && self.resource_type.kind == other.resource_type.kind
    }

    /// `schema.GroupVersionKind.String()`: `apps/v1, Kind=Deployment` (`/v1, Kind=...` for the
    /// core group).
    pub fn gvk_string(&self) -> String {
        let t = &self.resource_type;
        format!("{}/{}, Kind={}", t.group, t.version, t.kind)
    }

    /// Helm's `resourceString`: `Kind "name" in namespace "ns"`.
    pub fn describe(&self) -> String {
        format!(
            "{} {} in namespace {}",
            self.resource_type.kind,
            go_quote(&self.name),
            go_quote(&self.namespace)
        )
    }

    /// `metadata.generateName`.
    pub fn generate_name(&self) -> &str {
        self.object
            .pointer("/metadata/generateName")
            .and_then(Json::as_str)
            .unwrap_or("")
    }

    /// Merges `labels` into `metadata.labels` and `annotations` into `metadata.annotations`
    /// (Helm's `mergeLabels`/`mergeAnnotations`: the given ones win).
    pub fn merge_metadata(&mut self, labels: &[(&str, &str)], annotations: &[(&str, &str)]) {
        let Some(object) = self.object.as_object_mut() else {
            return;
        };
        let metadata = object
            .entry("metadata")
            .or_insert_with(|| Json::Object(JsonMap::new()));
        if !metadata.is_object() {
            *metadata = Json::Object(JsonMap::new());
        }
        let Some(metadata) = metadata.as_object_mut() else {
            return;
        };
        for (field, pairs) in [("labels", labels), ("annotations", annotations)] {
            let entry = metadata
                .entry(field)
                .or_insert_with(|| Json::Object(JsonMap::new()));
            if !entry.is_object() {
                *entry = Json::Object(JsonMap::new());
            }
            if let Some(map) = entry.as_object_mut() {
                for (k, v) in pairs {
                    map.insert((*k).to_owned(), Json::String((*v).to_owned()));
                }
            }
        }
    }

    /// Helm's `setMetadataVisitor(name, namespace, true)`: the managed-by label and the release
    /// annotations.
    pub fn set_release_metadata(&mut self, release: &str, release_namespace: &str) {
        self.merge_metadata(
            &[(MANAGED_BY_LABEL, "Helm")],
            &[
                (RELEASE_NAME_ANNOTATION, release),
                (RELEASE_NAMESPACE_ANNOTATION, release_namespace),
            ],
        );
    }
}

/// A string of an object's `metadata.labels` or `metadata.annotations`.
pub fn metadata_string<'a>(object: &'a Json, field: &str, key: &str) -> Option<&'a str> {
    object.get("metadata")?.get(field)?.get(key)?.as_str()
}

/// Helm's `checkOwnership`: the live object must carry this release's label and annotations.
///
/// # Errors
/// `invalid ownership metadata; label validation error: ...; annotation validation error: ...`.
pub fn check_ownership(live: &Json, release: &str, namespace: &str) -> Result<(), String> {
    let mut errors = Vec::new();
    let checks = [
        ("labels", MANAGED_BY_LABEL, "Helm", "label"),
        (
            "annotations",
            RELEASE_NAME_ANNOTATION,
            release,
            "annotation",
        ),
        (
            "annotations",
            RELEASE_NAMESPACE_ANNOTATION,
            namespace,
            "annotation",
        ),
    ];
    for (field, key, want, what) in checks {
        match metadata_string(live, field, key) {
            None => errors.push(format!(
                "{what} validation error: missing key {}: must be set to {}",
                go_quote(key),
                go_quote(want)
            )),
            Some(actual) if actual != want => errors.push(format!(
                "{what} validation error: key {} must equal {}: current value is {}",
                go_quote(key),
                go_quote(want),
                go_quote(actual)
            )),
            Some(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("invalid ownership metadata; {}", errors.join("; ")))
    }
}

/// Splits a YAML stream as `k8s.io/apimachinery`'s `YAMLReader` does: on lines that start with
/// `---` followed by nothing but spaces or a comment.
fn split_documents(stream: &str) -> Vec<&str> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in stream.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("---") {
            let rest = rest.trim();
            if rest.is_empty() || rest.starts_with('#') {
                docs.push(&stream[start..offset]);
                start = offset + line.len();
            }
        }
        offset += line.len();
    }
    docs.push(&stream[start..]);
    docs
}

/// Helm's `KubeClient.Build(manifest)` with the mapping of every object through `discovery`:
/// documents that are empty (or only comments) are skipped; namespaced objects without a
/// namespace get `namespace`.
///
/// # Errors
/// A document that is not YAML, or a kind the server does not serve (cli-runtime's text:
/// `resource mapping not found for name: "x" namespace: "" from "": no matches for kind "K" in
/// version "g/v"` and `ensure CRDs are installed first`).
pub fn build(
    manifest: &str,
    discovery: &Discovery,
    namespace: &str,
) -> Result<Vec<Resource>, Error> {
    let mut out = Vec::new();
    for doc in split_documents(manifest) {
        let json = rudder_yaml::sigs::yaml_to_json(doc.as_bytes())
            .map_err(|e| Error::msg(format!("error converting YAML to JSON: {e}")))?;
        let mut object: Json = serde_json::from_str(&json)
            .map_err(|e| Error::msg(format!("error parsing JSON: {e}")))?;
        if object.is_null() {
            continue;
        }
        if !object.is_object() {
            return Err(Error::msg(format!(
                "error unmarshaling JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                json_kind(&object)
            )));
        }
        let api_version = object
            .get("apiVersion")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_owned();
        let kind = object
            .get("kind")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_owned();
        if kind.is_empty() {
            return Err(Error::msg(format!("Object 'Kind' is missing in '{json}'")));
        }
        if api_version.is_empty() {
            return Err(Error::msg(format!(
                "Object 'apiVersion' is missing in '{json}'"
            )));
        }
        let name = object
            .pointer("/metadata/name")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_owned();
        let doc_namespace = object
            .pointer("/metadata/namespace")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_owned();
        let Some(resource_type) = discovery.resolve(&api_version, &kind) else {
            return Err(Error::msg(format!(
                "resource mapping not found for name: {} namespace: {} from \"\": no matches for kind {} in version {}\nensure CRDs are installed first",
                go_quote(&name),
                go_quote(&doc_namespace),
                go_quote(&kind),
                go_quote(&api_version)
            )));
        };
        let namespace = if resource_type.namespaced {
            if doc_namespace.is_empty() {
                if let Some(metadata) = object
                    .as_object_mut()
                    .map(|o| {
                        o.entry("metadata")
                            .or_insert_with(|| Json::Object(JsonMap::new()))
                    })
                    .and_then(Json::as_object_mut)
                {
                    metadata.insert("namespace".to_owned(), Json::String(namespace.to_owned()));
                }
                namespace.to_owned()
            } else {
                doc_namespace
            }
        } else {
            String::new()
        };
        out.push(Resource {
            resource_type: resource_type.clone(),
            name,
            namespace,
            object,
        });
    }
    Ok(out)
}

fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "bool",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

/// Go's `%q` for the texts Helm quotes (names and keys: printable, so only `"` and `\` need
/// escaping in practice).
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                use std::fmt::Write as _;
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_split_like_the_yaml_reader() {
        let docs =
            split_documents("---\n# Source: a\nkind: A\n---\nkind: B\n--- # c\nkind: C\n---x\n");
        assert_eq!(
            docs,
            vec!["", "# Source: a\nkind: A\n", "kind: B\n", "kind: C\n---x\n"]
        );
    }

    #[test]
    fn ownership_errors_in_helms_words() {
        let live: Json = serde_json::json!({"metadata": {"labels": {MANAGED_BY_LABEL: "x"}}});
        assert_eq!(
            check_ownership(&live, "r", "ns").unwrap_err(),
            "invalid ownership metadata; label validation error: key \"app.kubernetes.io/managed-by\" must equal \"Helm\": current value is \"x\"; annotation validation error: missing key \"meta.helm.sh/release-name\": must be set to \"r\"; annotation validation error: missing key \"meta.helm.sh/release-namespace\": must be set to \"ns\""
        );
    }
}
