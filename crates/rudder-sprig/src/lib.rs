//! The Sprig v3.3.0 function library with Go's exact results.
//!
//! Owns: Every Sprig function Helm exposes, registered into a `rudder-template` function map.
//!
//! Does not own: Helm's own functions (`include`, `tpl`, `toYaml`, `lookup`...), which need the chart engine: those are in `rudder-engine`.
