//! The release record (`pkg/release/v1`): `Release`, `Info`, `Hook`, `HookExecution` and the
//! release status, with the JSON Go's `encoding/json` reads and writes for them.

use std::collections::BTreeMap;
use std::fmt;

use rudder_value::Value;

use crate::chart::{Chart, write_strings};
use crate::gotime::Time;
use crate::json::{JsonError, Kind, Reader, key, write_str};
use crate::values::Values;

/// A release status (`pkg/release/common.Status`). Any string can be stored; these are the
/// ones Helm writes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Status {
    /// `unknown`
    Unknown,
    /// `deployed`
    Deployed,
    /// `uninstalled`
    Uninstalled,
    /// `superseded`
    Superseded,
    /// `failed`
    Failed,
    /// `uninstalling`
    Uninstalling,
    /// `pending-install`
    PendingInstall,
    /// `pending-upgrade`
    PendingUpgrade,
    /// `pending-rollback`
    PendingRollback,
    /// Any other string (the empty status of a zero `Info` included).
    #[default]
    Empty,
    /// A status Helm does not define.
    Other(String),
}

impl Status {
    /// The status from its stored name.
    pub fn parse(s: &str) -> Self {
        match s {
            "unknown" => Self::Unknown,
            "deployed" => Self::Deployed,
            "uninstalled" => Self::Uninstalled,
            "superseded" => Self::Superseded,
            "failed" => Self::Failed,
            "uninstalling" => Self::Uninstalling,
            "pending-install" => Self::PendingInstall,
            "pending-upgrade" => Self::PendingUpgrade,
            "pending-rollback" => Self::PendingRollback,
            "" => Self::Empty,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The stored name.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Unknown => "unknown",
            Self::Deployed => "deployed",
            Self::Uninstalled => "uninstalled",
            Self::Superseded => "superseded",
            Self::Failed => "failed",
            Self::Uninstalling => "uninstalling",
            Self::PendingInstall => "pending-install",
            Self::PendingUpgrade => "pending-upgrade",
            Self::PendingRollback => "pending-rollback",
            Self::Empty => "",
            Self::Other(s) => s,
        }
    }

    /// `Status.IsPending()`.
    pub fn is_pending(&self) -> bool {
        matches!(
            self,
            Self::PendingInstall | Self::PendingUpgrade | Self::PendingRollback
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `release.Info`.
#[derive(Debug, Clone, Default)]
pub struct Info {
    /// `first_deployed`
    pub first_deployed: Time,
    /// `last_deployed`
    pub last_deployed: Time,
    /// `deleted`
    pub deleted: Time,
    /// `description`
    pub description: String,
    /// `status`
    pub status: Status,
    /// `notes`
    pub notes: String,
    /// `resources`: what `status` read from the cluster (never stored by Helm), by
    /// `version/Kind`, each object as decoded JSON.
    pub resources: Option<BTreeMap<String, Vec<Value>>>,
}

/// `release.HookExecution`.
#[derive(Debug, Clone, Default)]
pub struct HookExecution {
    /// `started_at`
    pub started_at: Time,
    /// `completed_at`
    pub completed_at: Time,
    /// `phase` (`Unknown`, `Running`, `Succeeded`, `Failed`)
    pub phase: String,
}

/// `release.Hook`.
#[derive(Debug, Clone, Default)]
pub struct Hook {
    /// `name`
    pub name: String,
    /// `kind`
    pub kind: String,
    /// `path`
    pub path: String,
    /// `manifest`
    pub manifest: String,
    /// `events`
    pub events: Vec<String>,
    /// `last_run`
    pub last_run: HookExecution,
    /// `weight`
    pub weight: i64,
    /// `delete_policies`
    pub delete_policies: Vec<String>,
    /// `output_log_policies`
    pub output_log_policies: Vec<String>,
}

/// `release.Release`: one revision of a release.
#[derive(Debug, Clone, Default)]
pub struct Release {
    /// `name`
    pub name: String,
    /// `info` (`None` is Go's nil pointer)
    pub info: Option<Info>,
    /// `chart`
    pub chart: Option<Chart>,
    /// `config`, the user-supplied values (`None` is a nil map).
    pub config: Option<Values>,
    /// `manifest`
    pub manifest: String,
    /// `hooks`
    pub hooks: Vec<Hook>,
    /// `version`: the revision.
    pub version: i64,
    /// `namespace`
    pub namespace: String,
    /// The release's labels: kept on the storage object, never in the JSON.
    pub labels: BTreeMap<String, String>,
    /// `apply_method`: `ssa`, `csa`, or empty (client-side, defaulted).
    pub apply_method: String,
}

/// How much of a record to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Everything.
    Full,
    /// What `list` and `history` print: name, namespace, version, info without notes, and the
    /// chart; the manifest, hooks and config are checked but not kept.
    Summary,
}

impl Release {
    /// The status (`unknown` when the record has no info... Helm would crash there).
    pub fn status(&self) -> Status {
        self.info
            .as_ref()
            .map(|i| i.status.clone())
            .unwrap_or_default()
    }

    /// `Info.LastDeployed` (zero without info).
    pub fn last_deployed(&self) -> Time {
        self.info
            .as_ref()
            .map(|i| i.last_deployed.clone())
            .unwrap_or_default()
    }

    /// Decodes Go's JSON for `*release.Release`.
    ///
    /// # Errors
    /// Go's `encoding/json` error text.
    pub fn from_json(data: &[u8], depth: Depth) -> Result<Self, JsonError> {
        let mut r = Reader::new(data);
        let mut rel = Release::default();
        match r.peek()? {
            Kind::Object | Kind::Null => {}
            kind => {
                r.skip()?;
                return Err(JsonError(format!(
                    "json: cannot unmarshal {} into Go value of type v1.Release",
                    kind.go_name()
                )));
            }
        }
        let mut first_error: Option<JsonError> = None;
        r.object(|r, k| {
            // Go keeps decoding after a type error and reports the first one at the end.
            let result = rel.read_field(r, k, depth);
            match result {
                Err(e) if e.0.starts_with("json: cannot unmarshal") => {
                    first_error.get_or_insert(e);
                    Ok(())
                }
                other => other,
            }
        })?;
        r.end()?;
        match first_error {
            Some(e) => Err(e),
            None => Ok(rel),
        }
    }

    fn read_field(&mut self, r: &mut Reader<'_>, k: &str, depth: Depth) -> Result<(), JsonError> {
        const S: &str = "Release";
        match k.to_ascii_lowercase().as_str() {
            "name" => self.name = r.str_field(S, "name", "string")?,
            "info" => self.info = read_info(r, depth)?,
            "chart" => self.chart = Chart::read(r)?,
            "config" => match r.peek()? {
                Kind::Null => {
                    r.null()?;
                    self.config = None;
                }
                Kind::Object if depth == Depth::Summary => {
                    r.skip()?;
                }
                Kind::Object => self.config = Some(Values::from_raw(r.raw()?)),
                kind => {
                    r.skip()?;
                    return Err(JsonError::mismatch(
                        kind.go_name(),
                        S,
                        "config",
                        "map[string]interface {}",
                    ));
                }
            },
            "manifest" if depth == Depth::Summary => {
                let kind = r.peek()?;
                r.skip()?;
                if !matches!(kind, Kind::String | Kind::Null) {
                    return Err(JsonError::mismatch(kind.go_name(), S, "manifest", "string"));
                }
            }
            "manifest" => self.manifest = r.str_field(S, "manifest", "string")?,
            "hooks" if depth == Depth::Summary => {
                let kind = r.peek()?;
                r.skip()?;
                if !matches!(kind, Kind::Array | Kind::Null) {
                    return Err(JsonError::mismatch(
                        kind.go_name(),
                        S,
                        "hooks",
                        "[]*v1.Hook",
                    ));
                }
            }
            "hooks" => {
                let mut hooks = Vec::new();
                match r.peek()? {
                    Kind::Array | Kind::Null => r.array(|r| {
                        if !r.null()? {
                            hooks.push(read_hook(r)?);
                        }
                        Ok(())
                    })?,
                    kind => {
                        r.skip()?;
                        return Err(JsonError::mismatch(
                            kind.go_name(),
                            S,
                            "hooks",
                            "[]*v1.Hook",
                        ));
                    }
                }
                self.hooks = hooks;
            }
            "version" => self.version = r.int(S, "version")?,
            "namespace" => self.namespace = r.str_field(S, "namespace", "string")?,
            "apply_method" => self.apply_method = r.str_field(S, "apply_method", "string")?,
            _ => r.skip()?,
        }
        Ok(())
    }

    /// Go's `json.Marshal(release)`.
    ///
    /// # Errors
    /// Go's marshalling error for values (a NaN or an infinity).
    pub fn to_json(&self) -> Result<String, rudder_yaml::Error> {
        let mut out = String::with_capacity(
            self.manifest.len() + self.chart.as_ref().map_or(0, |c| c.raw_json().len()) + 1024,
        );
        self.write_json(&mut out)?;
        Ok(out)
    }

    /// Appends Go's `json.Marshal(release)`.
    ///
    /// # Errors
    /// As [`Release::to_json`].
    pub fn write_json(&self, out: &mut String) -> Result<(), rudder_yaml::Error> {
        out.push('{');
        let mut first = true;
        if !self.name.is_empty() {
            key(out, &mut first, "name");
            write_str(out, &self.name);
        }
        if let Some(info) = &self.info {
            key(out, &mut first, "info");
            info.write_json(out)?;
        }
        if let Some(chart) = &self.chart {
            key(out, &mut first, "chart");
            // The stored bytes are Go's compact encoding already.
            out.push_str(&String::from_utf8_lossy(chart.raw_json()));
        }
        if let Some(config) = self.config.as_ref().filter(|c| !c.is_empty()) {
            key(out, &mut first, "config");
            config.write_json(out)?;
        }
        if !self.manifest.is_empty() {
            key(out, &mut first, "manifest");
            write_str(out, &self.manifest);
        }
        if !self.hooks.is_empty() {
            key(out, &mut first, "hooks");
            out.push('[');
            for (i, hook) in self.hooks.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                hook.write_json(out);
            }
            out.push(']');
        }
        if self.version != 0 {
            key(out, &mut first, "version");
            out.push_str(&self.version.to_string());
        }
        if !self.namespace.is_empty() {
            key(out, &mut first, "namespace");
            write_str(out, &self.namespace);
        }
        if !self.apply_method.is_empty() {
            key(out, &mut first, "apply_method");
            write_str(out, &self.apply_method);
        }
        out.push('}');
        Ok(())
    }
}

impl Info {
    /// Appends the JSON of `Info.MarshalJSON` (zero times omitted).
    ///
    /// # Errors
    /// Go's marshalling error for resources.
    pub fn write_json(&self, out: &mut String) -> Result<(), rudder_yaml::Error> {
        out.push('{');
        let mut first = true;
        for (name, time) in [
            ("first_deployed", &self.first_deployed),
            ("last_deployed", &self.last_deployed),
            ("deleted", &self.deleted),
        ] {
            if !time.is_zero() {
                key(out, &mut first, name);
                write_str(out, &time.to_rfc3339_nano());
            }
        }
        if !self.description.is_empty() {
            key(out, &mut first, "description");
            write_str(out, &self.description);
        }
        if self.status != Status::Empty {
            key(out, &mut first, "status");
            write_str(out, self.status.as_str());
        }
        if !self.notes.is_empty() {
            key(out, &mut first, "notes");
            write_str(out, &self.notes);
        }
        if let Some(resources) = self.resources.as_ref().filter(|r| !r.is_empty()) {
            key(out, &mut first, "resources");
            out.push('{');
            for (i, (kind, objects)) in resources.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, kind);
                out.push(':');
                out.push_str(&rudder_yaml::json::marshal(&Value::list(objects.clone()))?);
            }
            out.push('}');
        }
        out.push('}');
        Ok(())
    }
}

impl Hook {
    /// Appends Go's JSON for `*release.Hook`.
    pub fn write_json(&self, out: &mut String) {
        out.push('{');
        let mut first = true;
        for (name, value) in [
            ("name", &self.name),
            ("kind", &self.kind),
            ("path", &self.path),
            ("manifest", &self.manifest),
        ] {
            if !value.is_empty() {
                key(out, &mut first, name);
                write_str(out, value);
            }
        }
        if !self.events.is_empty() {
            key(out, &mut first, "events");
            write_strings(out, &self.events);
        }
        key(out, &mut first, "last_run");
        out.push('{');
        let mut first_run = true;
        for (name, time) in [
            ("started_at", &self.last_run.started_at),
            ("completed_at", &self.last_run.completed_at),
        ] {
            if !time.is_zero() {
                key(out, &mut first_run, name);
                write_str(out, &time.to_rfc3339_nano());
            }
        }
        key(out, &mut first_run, "phase");
        write_str(out, &self.last_run.phase);
        out.push('}');
        if self.weight != 0 {
            key(out, &mut first, "weight");
            out.push_str(&self.weight.to_string());
        }
        if !self.delete_policies.is_empty() {
            key(out, &mut first, "delete_policies");
            write_strings(out, &self.delete_policies);
        }
        if !self.output_log_policies.is_empty() {
            key(out, &mut first, "output_log_policies");
            write_strings(out, &self.output_log_policies);
        }
        out.push('}');
    }
}

/// Reads a Go `time.Time` field of `Info` or `HookExecution`, whose custom decoders turn `""`
/// into the zero time.
fn read_time(r: &mut Reader<'_>, strukt: &str, field: &str) -> Result<Time, JsonError> {
    match r.peek()? {
        Kind::String => {
            let text = r.string()?;
            if text.is_empty() {
                return Ok(Time::ZERO);
            }
            Time::parse_rfc3339(&text).map_err(|e| JsonError(e.to_string()))
        }
        Kind::Null => r.null().map(|_| Time::ZERO),
        kind => {
            r.skip()?;
            Err(JsonError::mismatch(
                kind.go_name(),
                strukt,
                field,
                "time.Time",
            ))
        }
    }
}

fn read_info(r: &mut Reader<'_>, depth: Depth) -> Result<Option<Info>, JsonError> {
    const S: &str = "infoJSON";
    match r.peek()? {
        Kind::Null => {
            r.null()?;
            return Ok(None);
        }
        Kind::Object => {}
        kind => {
            r.skip()?;
            return Err(JsonError::mismatch(
                kind.go_name(),
                "Release",
                "info",
                "v1.Info",
            ));
        }
    }
    let mut info = Info::default();
    r.object(|r, k| {
        match k.to_ascii_lowercase().as_str() {
            "first_deployed" => info.first_deployed = read_time(r, S, "first_deployed")?,
            "last_deployed" => info.last_deployed = read_time(r, S, "last_deployed")?,
            "deleted" => info.deleted = read_time(r, S, "deleted")?,
            "description" => info.description = r.str_field(S, "description", "string")?,
            "status" => info.status = Status::parse(&r.str_field(S, "status", "common.Status")?),
            "notes" if depth == Depth::Summary => r.skip()?,
            "notes" => info.notes = r.str_field(S, "notes", "string")?,
            "resources" => {
                // `[]runtime.Object` holds an interface Go cannot decode into: any stored
                // object makes the whole record undecodable, as in Helm.
                let mut objects = false;
                let kind = r.peek()?;
                match kind {
                    Kind::Object => r.object(|r, _| {
                        match r.peek()? {
                            Kind::Array => r.array(|r| {
                                if !r.null()? {
                                    objects = true;
                                    r.skip()?;
                                }
                                Ok(())
                            })?,
                            _ => r.skip()?,
                        }
                        Ok(())
                    })?,
                    _ => r.skip()?,
                }
                if objects {
                    return Err(JsonError::mismatch(
                        "object",
                        S,
                        "resources",
                        "runtime.Object",
                    ));
                }
            }
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(Some(info))
}

fn read_hook(r: &mut Reader<'_>) -> Result<Hook, JsonError> {
    const S: &str = "Hook";
    let mut hook = Hook::default();
    r.object(|r, k| {
        let f = |name: &str| format!("hooks.{name}");
        match k.to_ascii_lowercase().as_str() {
            "name" => hook.name = r.str_field(S, &f("name"), "string")?,
            "kind" => hook.kind = r.str_field(S, &f("kind"), "string")?,
            "path" => hook.path = r.str_field(S, &f("path"), "string")?,
            "manifest" => hook.manifest = r.str_field(S, &f("manifest"), "string")?,
            "events" => hook.events = r.strings_field(S, &f("events"), "v1.HookEvent")?,
            "last_run" => r.object(|r, k| {
                const E: &str = "hookExecutionJSON";
                match k.to_ascii_lowercase().as_str() {
                    "started_at" => hook.last_run.started_at = read_time(r, E, "started_at")?,
                    "completed_at" => hook.last_run.completed_at = read_time(r, E, "completed_at")?,
                    "phase" => hook.last_run.phase = r.str_field(E, "phase", "v1.HookPhase")?,
                    _ => r.skip()?,
                }
                Ok(())
            })?,
            "weight" => hook.weight = r.int(S, &f("weight"))?,
            "delete_policies" => {
                hook.delete_policies =
                    r.strings_field(S, &f("delete_policies"), "v1.HookDeletePolicy")?;
            }
            "output_log_policies" => {
                hook.output_log_policies =
                    r.strings_field(S, &f("output_log_policies"), "v1.HookOutputLogPolicy")?;
            }
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(hook)
}
