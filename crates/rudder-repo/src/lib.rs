//! Chart repositories (index.yaml), OCI registries, downloads, the content cache and provenance.
//!
//! Owns: Getting charts from somewhere other than the local disk, and putting them there.
//!
//! Does not own: Chart contents (`rudder-chart`) and plugins' getters (`rudder-plugin` provides them through a trait).

pub mod http;
pub mod proxy;
