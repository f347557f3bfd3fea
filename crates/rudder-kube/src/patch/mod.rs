//! The patches of Helm's client-side apply (`createPatch` in `pkg/kube/client.go`): a
//! three-way strategic merge patch for built-in kinds, a JSON merge patch for everything the
//! native scheme does not know (custom resources) and for apiextensions v1beta1 CRDs.
//!
//! Pure code: no cluster, no I/O. The Go structs' patch metadata comes from a generated table
//! ([`meta`]); the results are checked against apimachinery's own functions through the Go
//! oracle (`conformance/strategicpatch`).

mod csaupgrade;
mod fieldset;
mod gojson;
mod gosort;
mod merge;
mod meta;
mod strategic;

use serde_json::{Map, Value as Json};

pub use csaupgrade::upgrade_managed_fields_patch;

/// A patch computation error, with apimachinery's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PatchError(pub(crate) String);

/// The kind of patch `createPatch` chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchType {
    /// `types.StrategicMergePatchType`.
    StrategicMerge,
    /// `types.MergePatchType` (RFC 7386).
    Merge,
}

impl PatchType {
    /// The request's `Content-Type`.
    pub fn content_type(self) -> &'static str {
        match self {
            PatchType::StrategicMerge => "application/strategic-merge-patch+json",
            PatchType::Merge => "application/merge-patch+json",
        }
    }
}

/// A patch body and its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    /// The JSON text, byte for byte as Go's `json.Marshal` writes it.
    pub body: String,
    /// How the server is to apply it.
    pub patch_type: PatchType,
}

impl Patch {
    /// Helm skips the request when the patch is empty (`{}`).
    pub fn is_empty(&self) -> bool {
        self.body == "{}"
    }
}

fn object(v: Option<&Json>) -> Map<String, Json> {
    match v.cloned().map(gojson::canonical) {
        Some(Json::Object(m)) => m,
        _ => Map::new(),
    }
}

/// Whether `createPatch` uses a JSON merge patch for this target: its kind is not in Helm's
/// native scheme, the object does not convert to the kind's Go type (`AsVersioned` then
/// hands back the unstructured object), or it is an apiextensions v1beta1
/// `CustomResourceDefinition`.
pub fn uses_merge_patch(target: &Json) -> bool {
    let api_version = target
        .get("apiVersion")
        .and_then(Json::as_str)
        .unwrap_or_default();
    let kind = target
        .get("kind")
        .and_then(Json::as_str)
        .unwrap_or_default();
    match meta::Table::builtin().kind(api_version, kind) {
        None => true,
        Some(schema) => {
            !schema.convertible(target)
                || (api_version == "apiextensions.k8s.io/v1beta1"
                    && kind == "CustomResourceDefinition")
        }
    }
}

/// Helm's `createPatch(original, target, threeWayMergeForUnstructured=false)` given the live
/// object (`None` when it is gone): `original` is the object of the previous release's
/// manifest, `target` the new one.
///
/// # Errors
/// apimachinery's errors (`map: ... does not contain declared merge key: name`, `unable to
/// find api field in struct ...`), which Helm reports behind `failed to create patch: `.
///
/// # Example
/// ```
/// use rudder_kube::patch::{create_patch, PatchType};
/// let cm = |v: &str| serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap",
///     "metadata": {"name": "c"}, "data": {"k": v}});
/// let patch = create_patch(&cm("a"), &cm("b"), Some(&cm("a"))).unwrap();
/// assert_eq!(patch.body, r#"{"data":{"k":"b"}}"#);
/// assert_eq!(patch.patch_type, PatchType::StrategicMerge);
/// ```
pub fn create_patch(
    original: &Json,
    target: &Json,
    current: Option<&Json>,
) -> Result<Patch, PatchError> {
    create_patch_with(original, target, current, false)
}

/// Helm's `createPatch(original, target, threeWayMergeForUnstructured)`: with
/// `three_way_unstructured` (what `install --take-ownership` asks for client-side), objects
/// that get a JSON merge patch get apimachinery's three-way JSON merge patch against the live
/// object instead of the two-way one.
///
/// # Errors
/// As [`create_patch`], and for the three-way JSON merge patch its conflict
/// (`patch:\n...\nconflicts with changes made from original to current:\n...`) and
/// precondition (`precondition failed for: map[...]`) errors.
pub fn create_patch_with(
    original: &Json,
    target: &Json,
    current: Option<&Json>,
    three_way_unstructured: bool,
) -> Result<Patch, PatchError> {
    let original = object(Some(original));
    let modified = object(Some(target));
    if uses_merge_patch(target) {
        let body = if three_way_unstructured {
            merge::create_three_way_merge_patch(&original, &modified, &object(current))?
        } else {
            gojson::marshal(&Json::Object(merge::create_merge_patch(
                &original, &modified,
            )))
        };
        return Ok(Patch {
            body,
            patch_type: PatchType::Merge,
        });
    }
    let api_version = target
        .get("apiVersion")
        .and_then(Json::as_str)
        .unwrap_or_default();
    let kind = target
        .get("kind")
        .and_then(Json::as_str)
        .unwrap_or_default();
    let Some(schema) = meta::Table::builtin().kind(api_version, kind) else {
        return Err(PatchError(
            "unable to create patch metadata from object".to_owned(),
        ));
    };
    let current = object(current);
    let patch = strategic::three_way(&original, &modified, &current, schema)?;
    Ok(Patch {
        body: gojson::marshal(&Json::Object(patch)),
        patch_type: PatchType::StrategicMerge,
    })
}
