//! go-yaml v2/v3 and sigs.k8s.io/yaml exact parse and emit; Go's encoding/json; `BurntSushi` TOML.
//!
//! Owns: Byte-exact reading and writing of YAML, JSON and TOML the way Helm's Go libraries do it, into and out of `rudder-value` values.
//!
//! Does not own: Helm's values pipeline (`--set`, coalescing, schema): that is chart logic and lives in `rudder-chart`.
