//! Helm rendering: include/tpl/required/toYaml/lookup, Files, Capabilities, NOTES, manifest splitting and kind ordering.
//!
//! Owns: Turning a loaded chart and its values into Helm's rendered manifests, byte for byte.
//!
//! Does not own: Talking to a cluster: `lookup` reaches one only through the `Lookup` trait, implemented in `rudder-kube`.
