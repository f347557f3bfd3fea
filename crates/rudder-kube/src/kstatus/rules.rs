//! The per-kind rules of kstatus (`pkg/kstatus/status/core.go`) and Helm's own Job and Pod
//! rules (`internal/statusreaders`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::access::{
    self, BasicCondition, conditions, int_field, meta_string, nested_slice, string_field,
};
use super::{Outcome, Status};

/// kstatus' `ScheduleWindow`: how long a Pod may stay unscheduled before it is `Failed`.
pub(crate) const SCHEDULE_WINDOW: Duration = Duration::from_secs(15);

/// `progressDeadlineSeconds`' "no deadline" value (`math.MaxInt32`).
const NO_DEADLINE: i64 = 2_147_483_647;

/// The rule for a built-in group and kind (kstatus' `legacyTypes`), if there is one.
pub(super) fn builtin(
    group: &str,
    kind: &str,
    object: &Value,
    now: SystemTime,
) -> Result<Option<Outcome>, String> {
    let outcome = match (group, kind) {
        ("", "Service") => service(object),
        ("", "Pod") => pod(object, now)?,
        ("", "Secret" | "ConfigMap") | ("batch", "CronJob") => {
            Outcome::current("Resource is always ready")
        }
        ("", "PersistentVolumeClaim") => pvc(object),
        ("apps", "StatefulSet") => statefulset(object),
        ("apps" | "extensions", "DaemonSet") => daemonset(object)?,
        ("apps" | "extensions", "Deployment") => deployment(object)?,
        ("apps" | "extensions", "ReplicaSet") => replicaset(object)?,
        ("policy", "PodDisruptionBudget") => {
            Outcome::current("AllowedDisruptions has been computed.")
        }
        ("batch", "Job") => job(object)?,
        ("apiextensions.k8s.io", "CustomResourceDefinition") => crd(object)?,
        _ => return Ok(None),
    };
    Ok(Some(outcome))
}

fn int(object: &Value, path: &[&str], default: i64) -> i64 {
    int_field(object, path, default)
}

fn statefulset(o: &Value) -> Outcome {
    if string_field(o, &["spec", "updateStrategy", "type"], "") == "OnDelete" {
        return Outcome::current("StatefulSet is using the ondelete update strategy");
    }
    let spec = int(o, &["spec", "replicas"], 1);
    let ready = int(o, &["status", "readyReplicas"], 0);
    let current = int(o, &["status", "currentReplicas"], 0);
    let updated = int(o, &["status", "updatedReplicas"], 0);
    let replicas = int(o, &["status", "replicas"], 0);
    let partition = int(
        o,
        &["spec", "updateStrategy", "rollingUpdate", "partition"],
        -1,
    );
    if spec > replicas {
        return Outcome::in_progress("LessReplicas", format!("Replicas: {replicas}/{spec}"));
    }
    if spec > ready {
        return Outcome::in_progress("LessReady", format!("Ready: {ready}/{spec}"));
    }
    if replicas > spec {
        let extra = replicas - spec;
        return Outcome::in_progress("ExtraPods", format!("Pending termination: {extra}"));
    }
    if partition != -1 {
        let want = spec - partition;
        if updated < want {
            return Outcome::in_progress("PartitionRollout", format!("updated: {updated}/{want}"));
        }
        return Outcome::current(format!("Partition rollout complete. updated: {updated}"));
    }
    if spec > current {
        return Outcome::in_progress("LessCurrent", format!("current: {current}/{spec}"));
    }
    let current_revision = string_field(o, &["status", "currentRevision"], "");
    let update_revision = string_field(o, &["status", "updateRevision"], "");
    if current_revision != update_revision {
        return Outcome::in_progress(
            "RevisionMismatch",
            "Waiting for updated revision to match current",
        );
    }
    Outcome::current(format!(
        "All replicas scheduled as expected. Replicas: {replicas}"
    ))
}

fn deployment(o: &Value) -> Result<Outcome, String> {
    // Without a deadline the controller never sets Progressing, so it counts as progressing.
    let mut progressing = int(o, &["spec", "progressDeadlineSeconds"], NO_DEADLINE) == NO_DEADLINE;
    let mut available = false;
    for c in conditions(o)? {
        match c.kind.as_str() {
            "Progressing" => {
                if c.reason == "ProgressDeadlineExceeded" {
                    return Ok(Outcome {
                        status: Status::Failed,
                        message: "Progress deadline exceeded".to_owned(),
                        conditions: vec![super::Condition {
                            kind: "Stalled".to_owned(),
                            status: "True".to_owned(),
                            reason: c.reason,
                            message: c.message,
                        }],
                    });
                }
                if c.status == "True" && c.reason == "NewReplicaSetAvailable" {
                    progressing = true;
                }
            }
            "Available" if c.status == "True" => available = true,
            _ => {}
        }
    }
    let spec = int(o, &["spec", "replicas"], 1);
    let replicas = int(o, &["status", "replicas"], 0);
    let updated = int(o, &["status", "updatedReplicas"], 0);
    let ready = int(o, &["status", "readyReplicas"], 0);
    let avail = int(o, &["status", "availableReplicas"], 0);
    let outcome = if spec > replicas {
        Outcome::in_progress("LessReplicas", format!("Replicas: {replicas}/{spec}"))
    } else if spec > updated {
        Outcome::in_progress("LessUpdated", format!("Updated: {updated}/{spec}"))
    } else if replicas > spec {
        Outcome::in_progress(
            "ExtraPods",
            format!("Pending termination: {}", replicas - spec),
        )
    } else if updated > avail {
        Outcome::in_progress("LessAvailable", format!("Available: {avail}/{updated}"))
    } else if spec > ready {
        Outcome::in_progress("LessReady", format!("Ready: {ready}/{spec}"))
    } else if !progressing {
        Outcome::in_progress("ReplicaSetNotAvailable", "ReplicaSet not Available")
    } else if !available {
        Outcome::in_progress("DeploymentNotAvailable", "Deployment not Available")
    } else {
        Outcome::current(format!("Deployment is available. Replicas: {replicas}"))
    };
    Ok(outcome)
}

fn replicaset(o: &Value) -> Result<Outcome, String> {
    if conditions(o)?
        .iter()
        .any(|c| c.kind == "ReplicaFailure" && c.status == "True")
    {
        return Ok(Outcome::in_progress(
            "ReplicaFailure",
            "Replica Failure condition. Check Pods",
        ));
    }
    let spec = int(o, &["spec", "replicas"], 1);
    let replicas = int(o, &["status", "replicas"], 0);
    let ready = int(o, &["status", "readyReplicas"], 0);
    let avail = int(o, &["status", "availableReplicas"], 0);
    let labelled = int(o, &["status", "fullyLabeledReplicas"], 0);
    Ok(if spec > labelled {
        Outcome::in_progress("LessLabelled", format!("Labelled: {labelled}/{spec}"))
    } else if spec > avail {
        Outcome::in_progress("LessAvailable", format!("Available: {avail}/{spec}"))
    } else if spec > ready {
        Outcome::in_progress("LessReady", format!("Ready: {ready}/{spec}"))
    } else if replicas > spec {
        Outcome::in_progress(
            "ExtraPods",
            format!("Pending termination: {}", replicas - spec),
        )
    } else {
        Outcome::current(format!("ReplicaSet is available. Replicas: {replicas}"))
    })
}

fn daemonset(o: &Value) -> Result<Outcome, String> {
    // checkGenerationSet: the controller always sets both, so their absence means "not yet".
    let kind = meta_string(o, &["kind"]);
    if access::nested_int64(o, &["metadata", "generation"])
        .map_err(|e| format!("looking up metadata.generation from resource: {e}"))?
        .is_none()
    {
        let message = format!("{kind} metadata.generation not found");
        return Ok(Outcome::in_progress("NoGeneration", message));
    }
    if access::nested_int64(o, &["status", "observedGeneration"])
        .map_err(|e| format!("looking up status.observedGeneration from resource: {e}"))?
        .is_none()
    {
        let message = format!("{kind} status.observedGeneration not found");
        return Ok(Outcome::in_progress("NoObservedGeneration", message));
    }
    let desired = int(o, &["status", "desiredNumberScheduled"], -1);
    let current = int(o, &["status", "currentNumberScheduled"], 0);
    let updated = int(o, &["status", "updatedNumberScheduled"], 0);
    let avail = int(o, &["status", "numberAvailable"], 0);
    let ready = int(o, &["status", "numberReady"], 0);
    Ok(if desired == -1 {
        Outcome::in_progress("NoDesiredNumber", "Missing .status.desiredNumberScheduled")
    } else if desired > current {
        Outcome::in_progress("LessCurrent", format!("Current: {current}/{desired}"))
    } else if desired > updated {
        Outcome::in_progress("LessUpdated", format!("Updated: {updated}/{desired}"))
    } else if desired > avail {
        Outcome::in_progress("LessAvailable", format!("Available: {avail}/{desired}"))
    } else if desired > ready {
        Outcome::in_progress("LessReady", format!("Ready: {ready}/{desired}"))
    } else {
        Outcome::current(format!(
            "All replicas scheduled as expected. Replicas: {desired}"
        ))
    })
}

fn pvc(o: &Value) -> Outcome {
    let phase = string_field(o, &["status", "phase"], "unknown");
    if phase == "Bound" {
        Outcome::current("PVC is Bound")
    } else {
        Outcome::in_progress("NotBound", format!("PVC is not Bound. phase: {phase}"))
    }
}

fn find(conds: &[BasicCondition], kind: &str, status: &str) -> Option<usize> {
    conds
        .iter()
        .position(|c| c.kind == kind && c.status == status)
}

fn pod(o: &Value, now: SystemTime) -> Result<Outcome, String> {
    let conds = conditions(o)?;
    let phase = string_field(o, &["status", "phase"], "");
    Ok(match phase {
        "Succeeded" => Outcome::current("Pod has completed successfully"),
        "Failed" => Outcome::current("Pod has completed, but not successfully"),
        "Running" => {
            if find(&conds, "Ready", "True").is_some() {
                return Ok(Outcome::current("Pod is Ready"));
            }
            let crashing = crash_looping_containers(o)?;
            if crashing.is_empty() {
                Outcome::in_progress("PodRunningNotReady", "Pod is running but is not Ready")
            } else {
                let message = format!("Containers in CrashLoop state: {}", crashing.join(","));
                Outcome::failed("ContainerCrashLooping", message)
            }
        }
        "Pending" => match find(&conds, "PodScheduled", "False") {
            Some(i) if conds[i].reason == "Unschedulable" => {
                if within_schedule_window(o, now) {
                    Outcome::in_progress("PodNotScheduled", "Pod has not been scheduled")
                } else {
                    Outcome::failed("PodUnschedulable", "Pod could not be scheduled")
                }
            }
            _ => Outcome::in_progress("PodPending", "Pod is in the Pending phase"),
        },
        "" => Outcome::in_progress("PodNotObserved", "Pod phase not available"),
        other => return Err(format!("unknown phase {other}")),
    })
}

/// `time.Now().Add(-ScheduleWindow).Before(creationTimestamp)`; a missing or unparsable
/// timestamp is Go's zero time, long before.
fn within_schedule_window(o: &Value, now: SystemTime) -> bool {
    let created = meta_string(o, &["metadata", "creationTimestamp"]);
    let Some(created) = access::parse_rfc3339(created) else {
        return false;
    };
    let threshold = match (now - SCHEDULE_WINDOW).duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64(),
        Err(e) => -e.duration().as_secs_f64(),
    };
    threshold < created
}

/// `getCrashLoopingContainers`: names of containers waiting in `CrashLoopBackOff`. Where the
/// Go code's unchecked type assertions would panic, this returns an error instead.
fn crash_looping_containers(o: &Value) -> Result<Vec<String>, String> {
    let Some(statuses) = nested_slice(o, &["status", "containerStatuses"])? else {
        return Ok(Vec::new());
    };
    let mut names = Vec::new();
    for item in statuses {
        let Value::Object(cs) = item else {
            return Err(assertion(item, "map[string]interface {}"));
        };
        let Some(name) = cs.get("name") else { continue };
        let Value::String(name) = name else {
            return Err(assertion(name, "string"));
        };
        let Some(state) = cs.get("state") else {
            continue;
        };
        let Value::Object(state) = state else {
            return Err(assertion(state, "map[string]interface {}"));
        };
        let Some(waiting) = state.get("waiting") else {
            continue;
        };
        let Value::Object(waiting) = waiting else {
            return Err(assertion(waiting, "map[string]interface {}"));
        };
        let Some(reason) = waiting.get("reason") else {
            continue;
        };
        let Value::String(reason) = reason else {
            return Err(assertion(reason, "string"));
        };
        if reason == "CrashLoopBackOff" {
            names.push(name.clone());
        }
    }
    Ok(names)
}

/// The text of the panic Go's failed type assertion raises.
fn assertion(value: &Value, want: &str) -> String {
    let got = access::go_type(value);
    if got == "<nil>" {
        format!("interface conversion: interface {{}} is nil, not {want}")
    } else {
        format!("interface conversion: interface {{}} is {got}, not {want}")
    }
}

fn job(o: &Value) -> Result<Outcome, String> {
    let parallelism = int(o, &["spec", "parallelism"], 1);
    let completions = int(o, &["spec", "completions"], parallelism);
    let succeeded = int(o, &["status", "succeeded"], 0);
    let active = int(o, &["status", "active"], 0);
    let failed = int(o, &["status", "failed"], 0);
    let start = string_field(o, &["status", "startTime"], "");
    for c in conditions(o)? {
        match c.kind.as_str() {
            "Complete" if c.status == "True" => {
                let message = format!("Job Completed. succeeded: {succeeded}/{completions}");
                return Ok(Outcome::current(message));
            }
            "Failed" if c.status == "True" => {
                let message = format!("Job Failed. failed: {failed}/{completions}");
                return Ok(Outcome::failed("JobFailed", message));
            }
            _ => {}
        }
    }
    if start.is_empty() {
        return Ok(Outcome::in_progress("JobNotStarted", "Job not started"));
    }
    Ok(Outcome::current(format!(
        "Job in progress. success:{succeeded}, active: {active}, failed: {failed}"
    )))
}

fn service(o: &Value) -> Outcome {
    let kind = string_field(o, &["spec", "type"], "ClusterIP");
    let cluster_ip = string_field(o, &["spec", "clusterIP"], "");
    if kind == "LoadBalancer" && cluster_ip.is_empty() {
        return Outcome::in_progress(
            "NoIPAssigned",
            "ClusterIP not set. Service type: LoadBalancer",
        );
    }
    Outcome::current("Service is ready")
}

fn crd(o: &Value) -> Result<Outcome, String> {
    for c in conditions(o)? {
        if c.kind == "NamesAccepted" && c.status == "False" {
            return Ok(Outcome::failed(&c.reason, c.message));
        }
        if c.kind == "Established" {
            if c.status == "False" && c.reason != "Installing" {
                return Ok(Outcome::failed(&c.reason, c.message));
            }
            if c.status == "True" {
                return Ok(Outcome::current("CRD is established"));
            }
        }
    }
    Ok(Outcome::in_progress("Installing", "Install in progress"))
}

/// Helm's `jobConditions` (`internal/statusreaders/job_status_reader.go`).
pub(super) fn helm_job(o: &Value) -> Result<Outcome, String> {
    let parallelism = int(o, &["spec", "parallelism"], 1);
    let completions = int(o, &["spec", "completions"], parallelism);
    let succeeded = int(o, &["status", "succeeded"], 0);
    let failed = int(o, &["status", "failed"], 0);
    for c in conditions(o)? {
        match c.kind.as_str() {
            "Complete" if c.status == "True" => {
                let message = format!("Job Completed. succeeded: {succeeded}/{completions}");
                return Ok(Outcome::current(message));
            }
            "Failed" if c.status == "True" => {
                let message = format!("Job Failed. failed: {failed}/{completions}");
                return Ok(Outcome::failed("JobFailed", message));
            }
            _ => {}
        }
    }
    Ok(Outcome::in_progress("JobInProgress", "Job in progress"))
}

/// Helm's `podConditions` (`internal/statusreaders/pod_status_reader.go`).
pub(super) fn helm_pod(o: &Value) -> Outcome {
    let name = meta_string(o, &["metadata", "name"]);
    match string_field(o, &["status", "phase"], "") {
        "Succeeded" => {
            let mut outcome = Outcome::failed("", format!("pod {name} succeeded"));
            outcome.status = Status::Current;
            outcome
        }
        "Failed" => Outcome::failed("PodFailed", format!("pod {name} failed")),
        _ => Outcome::in_progress("PodInProgress", "Pod in progress"),
    }
}
