//! `helm lint`'s rules that need no template engine (`pkg/chart/v2/lint/rules` and
//! `support`): `Chart.yaml`, `values.yaml` (and its schema), dependencies, CRDs, and the
//! per-document checks the template rule applies to rendered manifests (names, selectors,
//! `List` annotations, deprecated APIs, indentation). Messages and severities are Helm's.
//!
//! The template rule itself renders the chart and lives in `rudder-action` (`lint.rs`), which
//! also sequences the rules as `lint.RunAll` does. The URL checks of the `Chart.yaml` rule
//! need Go's `net/url`; the caller passes it in as a [`UrlParser`].

mod chartfile;
mod crds;
mod dependencies;
mod deprecations;
mod k8s;
mod validator;
mod values;

pub use chartfile::chartfile;
pub use crds::crds;
pub use dependencies::dependencies;
pub use deprecations::{DeprecatedApi, deprecated_api, no_deprecations};
pub use k8s::{
    K8sObject, decode_objects, is_yaml_file_extension, validate_allowed_extension,
    validate_list_annotations, validate_match_selector, validate_metadata_name,
    validate_top_indent_level,
};
pub use validator::{UrlParser, UrlParts, is_email, is_request_url, is_url};
pub use values::values_with_overrides;

/// A message's severity (`support.InfoSev` ...), ordered as Helm orders them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// `UNKNOWN` (never produced by a rule).
    Unknown,
    /// `INFO`.
    Info,
    /// `WARNING`.
    Warning,
    /// `ERROR`.
    Error,
}

impl Severity {
    /// Helm's name: `INFO`, `WARNING`, ...
    pub fn name(self) -> &'static str {
        match self {
            Self::Unknown => "UNKNOWN",
            Self::Info => "INFO",
            Self::Warning => "WARNING",
            Self::Error => "ERROR",
        }
    }
}

/// One finding (`support.Message`); `Display` is Helm's `[SEVERITY] path: error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The severity.
    pub severity: Severity,
    /// The file (or directory) the message is about, as Helm names it.
    pub path: String,
    /// The error text.
    pub err: String,
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}: {}", self.severity.name(), self.path, self.err)
    }
}

/// `support.Linter`: the chart directory (absolute) and the messages so far.
#[derive(Debug, Clone)]
pub struct Linter {
    /// The messages, in rule order.
    pub messages: Vec<Message>,
    /// The highest severity seen.
    pub highest_severity: Severity,
    /// The chart directory, made absolute as `filepath.Abs` does.
    pub chart_dir: String,
}

impl Linter {
    /// A linter for the chart at `dir` (made absolute against the working directory).
    pub fn new(dir: &str) -> Self {
        Self {
            messages: Vec::new(),
            highest_severity: Severity::Unknown,
            chart_dir: abs(dir),
        }
    }

    /// `RunLinterRule`: records `result`'s error (if any) and says whether the rule passed.
    pub fn run_rule(&mut self, severity: Severity, path: &str, result: Result<(), String>) -> bool {
        match result {
            Ok(()) => true,
            Err(err) => {
                self.messages.push(Message {
                    severity,
                    path: path.to_owned(),
                    err,
                });
                if severity > self.highest_severity {
                    self.highest_severity = severity;
                }
                false
            }
        }
    }

    /// `filepath.Join(chartDir, name)`.
    pub fn path_of(&self, name: &str) -> String {
        crate::gopath::join(&self.chart_dir, name)
    }
}

/// `filepath.Abs`: joined with the working directory and cleaned.
fn abs(dir: &str) -> String {
    if dir.starts_with('/') {
        return crate::gopath::clean(dir);
    }
    let cwd = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::gopath::join(&cwd, dir)
}

/// `os.Stat`'s error as Go prints it (`stat <path>: no such file or directory`).
pub(crate) fn stat(path: &str) -> Result<std::fs::Metadata, crate::PathError> {
    crate::goerr::stat(path)
}

#[cfg(test)]
mod tests;
