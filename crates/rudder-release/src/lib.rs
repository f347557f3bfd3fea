//! The release record, its encoding, the storage Driver trait, and the memory and SQL drivers.
//!
//! Owns: Helm's release JSON, its gzip+base64 encoding and the storage semantics all drivers share.
//!
//! Does not own: The Secret and `ConfigMap` drivers, which need a Kubernetes client: they live in `rudder-kube`.
