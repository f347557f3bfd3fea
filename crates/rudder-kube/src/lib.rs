//! The Kubernetes client (kube-rs): discovery, server-side and client-side apply, deletes, kstatus readiness, Secret/ConfigMap drivers, lookup.
//!
//! Owns: Every conversation with a Kubernetes API server.
//!
//! Does not own: Deciding what to apply and when (that is `rudder-action`).
