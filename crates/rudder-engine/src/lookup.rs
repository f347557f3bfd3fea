//! `lookup` (`pkg/engine/lookup_func.go`): reading live objects from a cluster while
//! rendering. The engine sees a cluster only through [`Lookup`]; `rudder-kube` implements it.
//! Without one (`helm template`, `--dry-run=client`, `lint`) `lookup` returns an empty map,
//! as Helm's placeholder does.

use rudder_value::Map;

/// The cluster behind `lookup apiVersion kind namespace name`.
pub trait Lookup: Send + Sync {
    /// The object (`name` non-empty) or the list (`name` empty) as Helm's
    /// `unstructured.Unstructured` content; an empty map when the object does not exist.
    ///
    /// # Errors
    /// Any other API error, with the text Helm's client prints; it fails the render.
    fn lookup(
        &self,
        api_version: &str,
        kind: &str,
        namespace: &str,
        name: &str,
    ) -> Result<Map, Box<dyn std::error::Error + Send + Sync>>;
}
