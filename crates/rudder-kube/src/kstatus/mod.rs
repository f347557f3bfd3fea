//! kstatus: the status of one Kubernetes object, computed as Helm v4.2.4 computes it.
//!
//! Helm's `--wait=watcher` judges readiness with kstatus (`fluxcd/cli-utils` v1.2.1,
//! `pkg/kstatus/status`). [`compute`] is its `status.Compute`: the generic checks first
//! (deletion timestamp, `metadata.generation` against `status.observedGeneration`, the
//! `Reconciling` and `Stalled` conditions), then the rule of the built-in kind (Deployment,
//! `StatefulSet`, `DaemonSet`, `ReplicaSet`, Pod, Job, PVC, Service, `PodDisruptionBudget`, CRD;
//! `ConfigMap`, Secret and `CronJob` are always ready), then a `Ready` condition, and otherwise
//! `Current`. [`helm_job_status`] and [`helm_pod_status`] are Helm's own rules
//! (`internal/statusreaders`): Jobs under `--wait-for-jobs`, and Pods of hooks.
//!
//! Everything here is pure and synchronous over `serde_json::Value` (the object as the API
//! server returns it); the waiting is `crate::wait`. Every status, message and error text is
//! checked against the Go library through the oracle (`conformance/kstatus`).
//!
//! # Example
//! ```
//! use rudder_kube::kstatus::{compute, Status};
//! let deployment = serde_json::json!({
//!     "apiVersion": "apps/v1", "kind": "Deployment",
//!     "metadata": {"name": "web", "generation": 1},
//!     "spec": {"replicas": 2},
//!     "status": {"observedGeneration": 1, "replicas": 2, "updatedReplicas": 2,
//!                "readyReplicas": 1, "availableReplicas": 1},
//! });
//! let result = compute(&deployment).unwrap();
//! assert_eq!(result.status, Status::InProgress);
//! assert_eq!(result.message, "Available: 1/2");
//! ```

mod access;
mod legacy;
mod rules;

pub use legacy::legacy_ready;

use std::fmt;
use std::time::SystemTime;

use serde_json::Value;

/// A kstatus status (`status.Status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Not yet reconciled.
    InProgress,
    /// Reconciling failed and needs intervention.
    Failed,
    /// Reconciled: the object is ready.
    Current,
    /// Scheduled for deletion.
    Terminating,
    /// The object does not exist.
    NotFound,
    /// Not known (not observed yet, or its status could not be computed).
    Unknown,
}

impl Status {
    /// The name kstatus gives it (`InProgress`, `Current`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InProgress => "InProgress",
            Status::Failed => "Failed",
            Status::Current => "Current",
            Status::Terminating => "Terminating",
            Status::NotFound => "NotFound",
            Status::Unknown => "Unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A standard condition kstatus derives (`Reconciling` or `Stalled`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// `Reconciling` or `Stalled`.
    pub kind: String,
    /// `True`, `False` or `Unknown`.
    pub status: String,
    /// One CamelCase word.
    pub reason: String,
    /// Human-readable text.
    pub message: String,
}

/// What [`compute`] says about an object (`status.Result`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The status.
    pub status: Status,
    /// Why, in kstatus' words (e.g. `Available: 1/2`).
    pub message: String,
    /// The standard conditions that would belong on the object.
    pub conditions: Vec<Condition>,
}

impl Outcome {
    fn new(status: Status, message: impl Into<String>) -> Self {
        Outcome {
            status,
            message: message.into(),
            conditions: Vec::new(),
        }
    }

    fn current(message: impl Into<String>) -> Self {
        Outcome::new(Status::Current, message)
    }

    /// `newInProgressStatus`: `InProgress` with a `Reconciling` condition.
    fn in_progress(reason: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Outcome {
            status: Status::InProgress,
            conditions: vec![condition("Reconciling", reason, &message)],
            message,
        }
    }

    /// `newFailedStatus`: `Failed` with a `Stalled` condition.
    fn failed(reason: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Outcome {
            status: Status::Failed,
            conditions: vec![condition("Stalled", reason, &message)],
            message,
        }
    }
}

fn condition(kind: &str, reason: &str, message: &str) -> Condition {
    Condition {
        kind: kind.to_owned(),
        status: "True".to_owned(),
        reason: reason.to_owned(),
        message: message.to_owned(),
    }
}

/// Why a status could not be computed: the Go error's text (an object of an unexpected shape,
/// e.g. `.metadata.generation` that is not an integer). The waiter reports such an object as
/// `Unknown`, as kstatus does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ComputeError(pub String);

/// kstatus' `status.Compute` for an object as the API server returns it.
///
/// # Errors
/// The Go library's error when a field it reads has an unexpected type.
pub fn compute(object: &Value) -> Result<Outcome, ComputeError> {
    compute_at(object, SystemTime::now())
}

/// [`compute`] at a given time: a Pod that cannot be scheduled is `InProgress` for its first 15
/// seconds (from `metadata.creationTimestamp`), then `Failed`.
///
/// # Errors
/// As [`compute`].
pub fn compute_at(object: &Value, now: SystemTime) -> Result<Outcome, ComputeError> {
    if let Some(outcome) = generic(object).map_err(ComputeError)? {
        return Ok(outcome);
    }
    let (group, kind) = group_kind(object);
    if let Some(outcome) = rules::builtin(&group, kind, object, now).map_err(ComputeError)? {
        return Ok(outcome);
    }
    if let Some(outcome) = ready_condition(object).map_err(ComputeError)? {
        return Ok(outcome);
    }
    Ok(Outcome::current("Resource is current"))
}

/// Helm's Job rule for `--wait-for-jobs` (`internal/statusreaders`, used instead of kstatus'
/// for Jobs): `Current` only once the `Complete` condition is true, `Failed` on `Failed`.
///
/// # Errors
/// As [`compute`] (a malformed `.status.conditions`).
pub fn helm_job_status(object: &Value) -> Result<Outcome, ComputeError> {
    rules::helm_job(object).map_err(ComputeError)
}

/// Helm's Pod rule for hooks (`internal/statusreaders`): `Current` when the Pod succeeded,
/// `Failed` when it failed, otherwise `InProgress`.
pub fn helm_pod_status(object: &Value) -> Outcome {
    rules::helm_pod(object)
}

/// The object's API group and kind as `Unstructured.GroupVersionKind()` reads them: an
/// `apiVersion` with more than one `/` gives neither.
pub(crate) fn group_kind(object: &Value) -> (String, &str) {
    let api_version = access::meta_string(object, &["apiVersion"]);
    let kind = access::meta_string(object, &["kind"]);
    if api_version.is_empty() || api_version == "/" {
        return (String::new(), kind);
    }
    match api_version.matches('/').count() {
        0 => (String::new(), kind),
        1 => (
            api_version.split('/').next().unwrap_or_default().to_owned(),
            kind,
        ),
        _ => (String::new(), ""),
    }
}

/// `checkGenericProperties`.
fn generic(object: &Value) -> Result<Option<Outcome>, String> {
    let deletion = access::nested_string(object, &["metadata", "deletionTimestamp"])
        .map_err(|e| format!("looking up metadata.deletionTimestamp from resource: {e}"))?;
    if deletion.is_some_and(|d| !d.is_empty()) {
        return Ok(Some(Outcome::new(
            Status::Terminating,
            "Resource scheduled for deletion",
        )));
    }
    if let Some(outcome) = check_generation(object)? {
        return Ok(Some(outcome));
    }
    for c in access::conditions(object)? {
        if c.kind == "Reconciling" && c.status == "True" {
            return Ok(Some(Outcome::in_progress(&c.reason, c.message)));
        }
        if c.kind == "Stalled" && c.status == "True" {
            return Ok(Some(Outcome::failed(&c.reason, c.message)));
        }
    }
    Ok(None)
}

/// `checkGeneration`: the generation must be observed when both fields are there.
fn check_generation(object: &Value) -> Result<Option<Outcome>, String> {
    let Some(generation) = access::nested_int64(object, &["metadata", "generation"])
        .map_err(|e| format!("looking up metadata.generation from resource: {e}"))?
    else {
        return Ok(None);
    };
    let observed = access::nested_int64(object, &["status", "observedGeneration"])
        .map_err(|e| format!("looking up status.observedGeneration from resource: {e}"))?;
    match observed {
        Some(observed) if observed != generation => {
            let kind = access::meta_string(object, &["kind"]);
            let message = format!(
                "{kind} generation is {generation}, but latest observed generation is {observed}"
            );
            Ok(Some(Outcome::in_progress(
                "LatestGenerationNotObserved",
                message,
            )))
        }
        _ => Ok(None),
    }
}

/// `checkReadyCondition`: the first `Ready` condition with a known status decides.
fn ready_condition(object: &Value) -> Result<Option<Outcome>, String> {
    for c in access::conditions(object)? {
        if c.kind != "Ready" {
            continue;
        }
        match c.status.as_str() {
            "True" => return Ok(Some(Outcome::current("Resource is Ready"))),
            "False" | "Unknown" => return Ok(Some(Outcome::in_progress(&c.reason, c.message))),
            _ => {}
        }
    }
    Ok(None)
}
