//! The Kubernetes client (kube-rs): discovery, server-side and client-side apply, deletes,
//! kstatus readiness, Secret/ConfigMap drivers, lookup.
//!
//! Owns: every conversation with a Kubernetes API server. Today that is the client
//! configuration ([`KubeOptions`]: kubeconfig, context, namespace, Helm's `--kube-*`
//! overrides), the reachability check every storage command makes first
//! ([`KubeClient::is_reachable`]), and Helm's Secret and `ConfigMap` storage drivers
//! ([`KubeDriver`]), interoperable with Helm's records.
//!
//! Does not own: deciding what to apply and when (that is `rudder-action`); the release record
//! and its encoding (`rudder-release`).
//!
//! Errors carry client-go's texts (Helm prints them): the server's status message when it
//! answered, `Get "URL": dial tcp ADDR: connect: connection refused` when it could not be
//! reached.
//!
//! # Example
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use rudder_kube::{KubeDriver, KubeOptions};
//! use rudder_release::Storage;
//!
//! let client = KubeOptions::default().connect().await?;
//! let namespace = client.namespace().to_owned();
//! let storage = Storage::new(Arc::new(KubeDriver::secrets(client, Some(namespace))));
//! let last = storage.last("web").await?;
//! println!("{} is at revision {}", last.name, last.version);
//! # Ok(()) }
//! ```

pub mod apply;
mod config;
pub mod discovery;
mod error;
pub mod get;
pub mod kstatus;
pub mod patch;
pub mod resource;
mod storage;
pub mod wait;

pub use apply::{Applier, ApplyOptions, Propagation};
pub use config::{KubeClient, KubeOptions};
pub use discovery::{Discovery, ResourceType};
pub use error::Error;
pub use resource::Resource;
pub use storage::{KubeDriver, ObjectKind};
