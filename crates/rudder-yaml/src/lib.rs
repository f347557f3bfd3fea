//! go-yaml v2/v3 and sigs.k8s.io/yaml exact parse and emit; Go's encoding/json; `BurntSushi` TOML.
//!
//! Owns: byte-exact reading and writing of YAML, JSON and TOML the way Helm's Go libraries do
//! it, into and out of [`rudder_value::Value`]:
//!
//! * [`sigs`]: `sigs.k8s.io/yaml` v1.6.0, the YAML ⇄ JSON bridge Helm uses for values files,
//!   `fromYaml`, `toYaml` and Chart.yaml (yaml.v2 underneath, with YAML 1.1 scalars).
//!
//! Does not own: Helm's values pipeline (`--set`, coalescing, schema validation): that is chart
//! logic and lives in `rudder-chart`, on top of this crate.
//!
//! Every error's `Display` is the text Go prints, byte for byte; `{:#}` adds a location hint.

mod base64;
mod error;
mod fasthash;
pub mod json;
pub mod kyaml;
pub mod sigs;
pub mod toml;
pub mod v3;
pub mod values;
pub(crate) mod yaml;

pub use error::{Error, ErrorKind};

/// Internals for this crate's tests, fuzzers and benchmarks (not a stable API).
#[cfg(feature = "unstable-internals")]
#[doc(hidden)]
pub mod internals {
    /// go-yaml's map key comparator (`keyList.Less`) on two strings, v2 or v3 flavour.
    pub fn key_less(v3: bool, a: &str, b: &str) -> bool {
        let flavor = if v3 {
            crate::yaml::resolve::Flavor::V3
        } else {
            crate::yaml::resolve::Flavor::V2
        };
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        crate::yaml::sorter::string_less(flavor, &a, &b)
    }
}

use rudder_value::Value;

/// What a decoder fills: Go's `Unmarshal` targets as Helm passes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// `interface{}`: any shape.
    #[default]
    Any,
    /// A fresh `map[string]interface{}{}` (values files, `fromYaml`, `fromJson`).
    Map,
    /// A fresh `[]interface{}{}` (`fromYamlArray`, `fromJsonArray`).
    List,
}

/// The result of a decode into a [`Target`], with Go's partial result on error: the target
/// as it is after the failed call (`fromYaml` and `fromJson` store the error next to whatever
/// was decoded).
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The target after the call: the decoded value, or on error the target's state.
    pub value: Value,
    /// The error, if any.
    pub error: Option<Error>,
}

/// Runs `f` with enough stack for one more level of a recursive walk. Documents nest up to
/// 10,000 levels (go-yaml's limit) and values built by templates can nest deeper; Go's
/// goroutine stacks grow, so ours grow too (on the heap, only when nearly exhausted).
#[inline]
pub(crate) fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, f)
}
