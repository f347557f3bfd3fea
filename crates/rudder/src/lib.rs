//! The rudder SDK facade: re-exports, builders and feature flags for Rust programs that render
//! and deploy charts.
//!
//! Owns: the public Rust API and its documentation (the SDK tutorial).
//!
//! Does not own: any logic of its own beyond build information: it re-exports and assembles
//! the crates below it.

mod build_info;

pub use build_info::{BuildInfo, HELM_COMPATIBLE_VERSION, KUBE_CLIENT_VERSION};
