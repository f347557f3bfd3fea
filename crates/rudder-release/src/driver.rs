//! The storage `Driver` trait: how a backend stores, finds and removes release records.
//!
//! # Async without a runtime
//!
//! The Kubernetes and SQL backends are asynchronous (kube-rs, tokio-postgres) and live in
//! layer 4; this crate is layer 3 and stays free of tokio. The trait's methods therefore
//! return boxed `std::future::Future`s ([`BoxFuture`]): any executor can drive them, the
//! memory driver returns futures that are ready at once, and the trait stays object-safe so a
//! command can pick its driver at run time (`HELM_DRIVER`) behind `Arc<dyn Driver>`. The box
//! costs one allocation per call, nothing next to a network round trip.
//!
//! # Records, headers and bodies
//!
//! A driver moves *records*: the storage object's name (the key), namespace and labels, and
//! the encoded release (its body). Decoding is the storage layer's job ([`crate::Storage`]),
//! so every backend decodes the same way. Besides Helm's operations (get, list, query,
//! create, update, delete), a driver answers [`Driver::headers`]: the keys and labels of the
//! matching records *without their bodies* (a metadata-only list on Kubernetes, a query
//! without the `body` column in SQL). `list`, `history` and `status` read headers first and
//! then [`Driver::fetch`] only the bodies they print.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::error::Error;
use crate::labels::Labels;
use crate::release::{Release, Status};

/// A boxed, sendable future: what every [`Driver`] method returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The prefix of every storage object name (`storage.HelmStorageType`).
pub const KEY_PREFIX: &str = "sh.helm.release.v1";

/// `makeKey`: `sh.helm.release.v1.NAME.vVERSION`.
pub fn make_key(name: &str, version: i64) -> String {
    format!("{KEY_PREFIX}.{name}.v{version}")
}

/// The name and version a key stands for, split the way Helm's memory driver does
/// (`ErrInvalidKey` when it does not parse).
///
/// # Errors
/// [`Error::InvalidKey`].
pub fn parse_key(key: &str) -> Result<(&str, i64), Error> {
    let rest = key.strip_prefix("sh.helm.release.v1.").unwrap_or(key);
    let mut parts = rest.split(".v");
    match (parts.next(), parts.next(), parts.next()) {
        (Some(name), Some(version), None) => {
            let version = version.parse::<i64>().map_err(|_| Error::InvalidKey)?;
            Ok((name, version))
        }
        _ => Err(Error::InvalidKey),
    }
}

/// A record's body: encoded as stored, or already decoded (the memory driver keeps releases).
#[derive(Debug, Clone)]
pub enum Body {
    /// The base64 text of the storage encoding.
    Encoded(Arc<[u8]>),
    /// A release held in memory.
    Decoded(Arc<Release>),
}

/// One stored release record.
#[derive(Debug, Clone)]
pub struct Record {
    /// The storage object's name (`sh.helm.release.v1.NAME.vN`).
    pub key: String,
    /// The namespace it lives in.
    pub namespace: String,
    /// The labels Helm attaches to the decoded release for the operation that read it (each
    /// driver has its own rule, see the drivers' docs).
    pub labels: Labels,
    /// The release.
    pub body: Body,
}

/// What a driver knows of a record without its body.
#[derive(Debug, Clone)]
pub struct Header {
    /// The storage object's name.
    pub key: String,
    /// Its namespace.
    pub namespace: String,
    /// The `name` label.
    pub name: String,
    /// The `version` label, when it is an integer.
    pub version: Option<i64>,
    /// The `status` label.
    pub status: Status,
    /// The labels `list` filters on (`--selector`), as the driver's `List` presents them.
    pub labels: Labels,
}

/// Which of Helm's read operations a fetched record stands in for: drivers attach different
/// labels to what `List` and `Query` return (the SQL driver adds the system labels on `List`
/// only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelStyle {
    /// As `List` does.
    List,
    /// As `Query` does.
    Query,
}

/// Where a decode failure happened, for the driver's wording of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `Get` (and `Delete`, which gets first).
    Get,
    /// `List` and `Query`: Helm skips the record and logs at debug level.
    List,
}

/// A storage backend for release records (Helm's `driver.Driver`).
pub trait Driver: Send + Sync + fmt::Debug {
    /// `Secret`, `ConfigMap`, `Memory` or `SQL`.
    fn name(&self) -> &'static str;

    /// The record stored under `key`; [`Error::NotFound`] when there is none. Its labels are
    /// the release's custom labels (Helm filters out the system ones on `Get`).
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Record, Error>>;

    /// Every record of Helm's (`owner=helm`) in the driver's scope (Helm's `List` before its
    /// filter runs).
    fn list(&self) -> BoxFuture<'_, Result<Vec<Record>, Error>>;

    /// The records whose labels equal `labels` (Helm's `Query`, without the decoding; an
    /// empty result is not an error here).
    fn query<'a>(&'a self, labels: &'a Labels) -> BoxFuture<'a, Result<Vec<Record>, Error>>;

    /// The headers of the records whose labels equal `labels`.
    fn headers<'a>(&'a self, labels: &'a Labels) -> BoxFuture<'a, Result<Vec<Header>, Error>>;

    /// The records of `headers`, in any order; a record removed meanwhile is left out. Their
    /// labels are those [`Driver::list`] or [`Driver::query`] would give them (`style`).
    fn fetch<'a>(
        &'a self,
        headers: &'a [Header],
        style: LabelStyle,
    ) -> BoxFuture<'a, Result<Vec<Record>, Error>>;

    /// Stores a new record; [`Error::Exists`] when the key is taken.
    fn create<'a>(&'a self, key: &'a str, release: &'a Release)
    -> BoxFuture<'a, Result<(), Error>>;

    /// Replaces the record stored under `key`.
    fn update<'a>(&'a self, key: &'a str, release: &'a Release)
    -> BoxFuture<'a, Result<(), Error>>;

    /// Removes the record under `key` and returns the release it held.
    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Release, Error>>;

    /// The error Helm reports when the record under `key` does not decode during `op`.
    fn decode_error(&self, op: Operation, key: &str, message: &str) -> Error {
        let _ = (op, key);
        Error::Decode {
            message: message.to_owned(),
        }
    }
}
