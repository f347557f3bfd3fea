//! `action.Lint` and `lint.RunAll` (`pkg/action/lint.go`, `pkg/chart/v2/lint`): each chart
//! (directory or archive, expanded to a temporary directory) through Helm's rules in Helm's
//! order: `Chart.yaml`, `values.yaml`, templates (rendered by `rudder-engine` in lint mode),
//! dependencies, CRDs. The rules without rendering are `rudder-chart`'s (`lint` module).

use std::sync::{Arc, Mutex};

use rudder_chart::dependencies::process_dependencies;
use rudder_chart::lint::{
    self, Linter, Message, Severity, UrlParser, UrlParts, decode_objects, is_yaml_file_extension,
    no_deprecations, validate_allowed_extension, validate_list_annotations,
    validate_match_selector, validate_metadata_name, validate_top_indent_level,
};
use rudder_chart::schema::RemoteLoader;
use rudder_engine::{Capabilities, Engine, KubeVersion, ReleaseOptions, to_render_values_with};
use rudder_template::Func;
use rudder_value::{Map, Type, Value};

/// Something Helm logs while linting, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LintLog {
    /// A `slog` record (`DEBUG`, `INFO` or `WARN`); Helm's `lint` prints these only with
    /// `--debug`.
    Slog {
        /// `DEBUG`, `INFO`, `WARN`.
        level: &'static str,
        /// The message.
        message: String,
        /// `key=value` attributes, in order.
        attrs: Vec<(String, String)>,
    },
    /// A warning of the chart library (loader, coalescing).
    Chart(String),
}

impl LintLog {
    fn slog(level: &'static str, message: &str, attrs: &[(&str, String)]) -> Self {
        Self::Slog {
            level,
            message: message.to_owned(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
    }
}

/// The options of `action.Lint`.
#[derive(Clone)]
pub struct Lint {
    /// `--strict`: warnings fail the chart too.
    pub strict: bool,
    /// `.Release.Namespace`.
    pub namespace: String,
    /// `--skip-schema-validation`.
    pub skip_schema_validation: bool,
    /// `--kube-version`.
    pub kube_version: Option<KubeVersion>,
    /// Where schemas' remote `$ref`s are fetched (none by default).
    pub remote: Arc<dyn RemoteLoader>,
}

impl std::fmt::Debug for Lint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lint")
            .field("strict", &self.strict)
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

impl Default for Lint {
    fn default() -> Self {
        Self {
            strict: false,
            namespace: "default".to_owned(),
            skip_schema_validation: false,
            kube_version: None,
            remote: Arc::new(crate::schema_remote::HttpSchemaLoader),
        }
    }
}

/// `action.LintResult`.
#[derive(Debug, Clone, Default)]
pub struct LintResult {
    /// Charts that could be linted.
    pub total_charts_linted: usize,
    /// Every message of every chart.
    pub messages: Vec<Message>,
    /// The failures: charts that could not be linted, and messages at or above the
    /// tolerance (errors; warnings too with `--strict`).
    pub errors: Vec<String>,
}

/// `action.HasWarningsOrErrors`.
pub fn has_warnings_or_errors(result: &LintResult) -> bool {
    result.messages.iter().any(|m| m.severity > Severity::Info) || !result.errors.is_empty()
}

/// Go's `net/url` through `rudder-sprig`.
struct GoUrls;

impl UrlParser for GoUrls {
    fn parse(&self, raw: &str) -> Option<UrlParts> {
        rudder_sprig::url::go_url_parse(raw).ok().map(parts)
    }
    fn parse_request_uri(&self, raw: &str) -> Option<UrlParts> {
        rudder_sprig::url::go_parse_request_uri(raw).ok().map(parts)
    }
}

fn parts(u: rudder_sprig::url::UrlParts) -> UrlParts {
    UrlParts {
        scheme: u.scheme,
        host: u.host,
        path: u.path,
    }
}

impl Lint {
    /// `Lint.Run`: lints each path with the user's values `vals`. `log` receives what Helm
    /// logs meanwhile (loader warnings, `required`/`fail` in lint mode).
    pub fn run(&self, paths: &[String], vals: &Map, log: &mut Vec<LintLog>) -> LintResult {
        let tolerance = if self.strict {
            Severity::Warning
        } else {
            Severity::Error
        };
        let mut result = LintResult::default();
        for path in paths {
            let linter = match self.lint_chart(path, vals, log) {
                Ok(l) => l,
                Err(e) => {
                    result.errors.push(e);
                    continue;
                }
            };
            result.total_charts_linted += 1;
            for m in &linter.messages {
                if m.severity >= tolerance {
                    result.errors.push(m.err.clone());
                }
            }
            result.messages.extend(linter.messages);
        }
        result
    }

    #[expect(
        clippy::case_sensitive_file_extension_comparisons,
        reason = "Helm's strings.HasSuffix is case-sensitive"
    )]
    fn lint_chart(&self, path: &str, vals: &Map, log: &mut Vec<LintLog>) -> Result<Linter, String> {
        let mut temp = None;
        let chart_path = if path.ends_with(".tgz") || path.ends_with(".tar.gz") {
            let dir = TempDir::new().map_err(|e| {
                format!(
                    "unable to create temp dir to extract tarball: {}",
                    go_io(&e)
                )
            })?;
            let raw = std::fs::read(path)
                .map_err(|e| format!("unable to open tarball: open {path}: {}", go_io(&e)))?;
            expand(&dir.path, &raw).map_err(|e| format!("unable to extract tarball: {e}"))?;
            let mut names: Vec<(String, bool)> = std::fs::read_dir(&dir.path)
                .map_err(|e| {
                    format!(
                        "unable to read temporary output directory {}: {}",
                        dir.path,
                        go_io(&e)
                    )
                })?
                .filter_map(Result::ok)
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        e.file_type().is_ok_and(|t| t.is_dir()),
                    )
                })
                .collect();
            names.sort();
            let (first, is_dir) = names.into_iter().next().unwrap_or_default();
            if !is_dir {
                return Err(format!(
                    "unexpected file {first} in temporary output directory {}",
                    dir.path
                ));
            }
            let chart_path = format!("{}/{first}", dir.path);
            temp = Some(dir);
            chart_path
        } else {
            path.to_owned()
        };
        let chart_yaml = rudder_value::path::join(&chart_path, "Chart.yaml");
        if let Err(e) = std::fs::metadata(&chart_yaml) {
            return Err(format!(
                "unable to check Chart.yaml file in chart: stat {chart_yaml}: {}",
                go_io(&e)
            ));
        }
        let linter = self.run_all(&chart_path, vals, log);
        drop(temp);
        Ok(linter)
    }

    /// `lint.RunAll` on a chart directory.
    pub fn run_all(&self, dir: &str, vals: &Map, log: &mut Vec<LintLog>) -> Linter {
        let mut linter = Linter::new(dir);
        let mut warnings = Vec::new();
        lint::chartfile(&mut linter, &GoUrls);
        lint::values_with_overrides(
            &mut linter,
            vals,
            self.skip_schema_validation,
            &self.remote,
            &mut warnings,
        );
        log.extend(warnings.drain(..).map(LintLog::Chart));
        self.templates(&mut linter, vals, log);
        lint::dependencies(&mut linter, &mut warnings);
        log.extend(warnings.drain(..).map(LintLog::Chart));
        lint::crds(&mut linter, &mut warnings);
        log.extend(warnings.drain(..).map(LintLog::Chart));
        linter
    }

    /// `rules.Templates`.
    fn templates(&self, linter: &mut Linter, vals: &Map, log: &mut Vec<LintLog>) {
        const TEMPLATES: &str = "templates/";
        let path = linter.path_of(TEMPLATES);
        let meta = std::fs::metadata(&path);
        if let Err(e) = &meta
            && e.kind() == std::io::ErrorKind::NotFound
        {
            linter.run_rule(
                Severity::Warning,
                TEMPLATES,
                Err("directory does not exist".to_owned()),
            );
            return;
        }
        let valid = match meta {
            Ok(m) if m.is_dir() => Ok(()),
            Ok(_) => Err("not a directory".to_owned()),
            Err(e) => Err(format!("stat {path}: {}", go_io(&e))),
        };
        if !linter.run_rule(Severity::Error, TEMPLATES, valid) {
            return;
        }
        let mut warnings = Vec::new();
        let loaded = rudder_chart::loader::load_v2(&linter.chart_dir, &mut warnings);
        log.extend(warnings.drain(..).map(LintLog::Chart));
        let mut chart = match loaded {
            Ok(c) => c,
            Err(e) => {
                linter.run_rule(Severity::Error, TEMPLATES, Err(e.to_string()));
                return;
            }
        };
        let options = ReleaseOptions {
            name: "test-release".to_owned(),
            namespace: self.namespace.clone(),
            revision: 0,
            is_upgrade: false,
            is_install: false,
        };
        let mut capabilities = Capabilities::default();
        if let Some(v) = &self.kube_version {
            capabilities.kube_version = v.clone();
        }
        // Helm ignores failures of these two steps here (lint ignores import-values).
        let processed = process_dependencies(&mut chart, vals, &mut warnings);
        log.extend(warnings.drain(..).map(LintLog::Chart));
        if processed.is_err() {
            return;
        }
        let coalesced = rudder_chart::values::coalesce_values(&chart, vals, &mut warnings);
        log.extend(warnings.drain(..).map(LintLog::Chart));
        let Ok(coalesced) = coalesced else {
            return;
        };
        let top = to_render_values_with(
            &chart,
            &coalesced,
            &options,
            &capabilities,
            self.skip_schema_validation,
            &self.remote,
            &mut warnings,
        );
        log.extend(warnings.drain(..).map(LintLog::Chart));
        if !self.skip_schema_validation {
            schema_trace(&chart, &coalesced, log);
        }
        let top = match top {
            Ok(t) => t,
            Err(e) => {
                linter.run_rule(Severity::Error, TEMPLATES, Err(e.to_string()));
                return;
            }
        };
        let mut engine = Engine::new();
        engine.lint_mode = true;
        let records = Arc::new(Mutex::new(Vec::new()));
        lint_mode_funcs(&mut engine, &records);
        let rendered = engine.render(&chart, &top);
        log.extend(
            records
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .drain(..),
        );
        let rendered = match rendered {
            Ok(r) => r,
            Err(e) => {
                linter.run_rule(Severity::Error, TEMPLATES, Err(e.to_string()));
                return;
            }
        };
        let kube = self
            .kube_version
            .clone()
            .unwrap_or_else(KubeVersion::helm_default);
        let major = kube.major.parse::<u32>().unwrap_or(0);
        let minor = kube.minor.parse::<u32>().unwrap_or(0);
        for template in &chart.templates {
            let name = template.name.clone();
            linter.run_rule(Severity::Error, &name, validate_allowed_extension(&name));
            if !is_yaml_file_extension(&name) {
                continue;
            }
            let key = format!("{}/{name}", chart.name());
            let content = rendered.get(&key).map_or("", String::as_str);
            if content
                .trim_matches(rudder_value::unicode::is_space)
                .is_empty()
            {
                continue;
            }
            linter.run_rule(Severity::Warning, &name, validate_top_indent_level(content));
            for object in decode_objects(content) {
                let object = match object {
                    Ok(o) => o,
                    Err(e) => {
                        linter.run_rule(
                            Severity::Error,
                            &name,
                            Err(format!("unable to parse YAML: {e}")),
                        );
                        return;
                    }
                };
                let Some(object) = object else {
                    continue;
                };
                linter.run_rule(Severity::Warning, &name, validate_metadata_name(&object));
                linter.run_rule(
                    Severity::Warning,
                    &name,
                    no_deprecations(&object.api_version, &object.kind, major, minor),
                );
                linter.run_rule(
                    Severity::Error,
                    &name,
                    validate_match_selector(&object, content),
                );
                linter.run_rule(
                    Severity::Error,
                    &name,
                    validate_list_annotations(&object, content),
                );
            }
        }
    }
}

/// `required` and `fail` as Helm's engine defines them in lint mode: they log (a `WARN`
/// record, an `INFO` one for `fail`) and render nothing.
fn lint_mode_funcs(engine: &mut Engine, records: &Arc<Mutex<Vec<LintLog>>>) {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let log = records.clone();
    engine.custom_funcs.insert(
        "required",
        Func::new(vec![Type::String, Type::Any], Type::Any, move |_, args| {
            let message = match &args[1] {
                Value::Nil => "missing required value",
                Value::String(s) if s.is_empty() => "missing required values",
                other => return Ok(other.clone()),
            };
            log.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(LintLog::slog(
                    "WARN",
                    message,
                    &[("message", text(&args[0]))],
                ));
            Ok(Value::String("".into()))
        }),
    );
    let log = records.clone();
    engine.custom_funcs.insert(
        "fail",
        Func::new(vec![Type::String], Type::String, move |_, args| {
            log.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(LintLog::slog(
                    "INFO",
                    "funcMap fail",
                    &[("message", text(&args[0]))],
                ));
            Ok(Value::String("".into()))
        }),
    );
}

/// The `DEBUG` records of `ValidateAgainstSchema`'s walk: each chart with a schema, its
/// number of subcharts, then the subcharts whose values are a map.
fn schema_trace(chart: &rudder_chart::chart::Chart, values: &Map, log: &mut Vec<LintLog>) {
    if chart.schema.is_some() {
        log.push(LintLog::slog(
            "DEBUG",
            "chart name",
            &[("chart-name", chart.name().to_owned())],
        ));
    }
    log.push(LintLog::slog(
        "DEBUG",
        "number of dependencies in the chart",
        &[
            ("chart", chart.name().to_owned()),
            ("dependencies", chart.dependencies.len().to_string()),
        ],
    ));
    for sub in &chart.dependencies {
        if let Some(Value::Map(sub_values)) = values.get(sub.name())
            && !sub_values.is_nil()
        {
            schema_trace(sub, &sub_values, log);
        }
    }
}

/// `chartutil.Expand`: the archive's files under `<dir>/<chart name>/`.
fn expand(dir: &str, raw: &[u8]) -> Result<(), String> {
    let files = rudder_chart::archive::load_archive_files(raw).map_err(|e| e.to_string())?;
    let mut name = String::new();
    for f in &files {
        if f.name == "Chart.yaml" {
            let md = rudder_yaml::sigs::unmarshal_map(&f.data)
                .map_err(|e| format!("cannot load Chart.yaml: {e}"))?;
            name = match md.get("name") {
                Some(Value::String(s)) => s.to_string(),
                _ => String::new(),
            };
        }
    }
    if name.is_empty() {
        return Err("chart name not specified".to_owned());
    }
    if name == "." || name == ".." {
        return Err(format!(
            "chart name {} is not allowed",
            rudder_value::strconv::quote(&name)
        ));
    }
    if name.contains('/') {
        return Err(format!(
            "chart name {} must not contain path separators",
            rudder_value::strconv::quote(&name)
        ));
    }
    let chart_dir = format!("{dir}/{name}");
    for f in &files {
        // The archive reader refuses names that leave the chart (`..`, absolute paths).
        let out = std::path::Path::new(&chart_dir).join(&f.name);
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|e| go_io(&e))?;
        }
        std::fs::write(&out, &f.data).map_err(|e| go_io(&e))?;
    }
    Ok(())
}

/// A temporary directory (`os.MkdirTemp("", "helm-lint")`), removed on drop.
struct TempDir {
    path: String,
}

impl TempDir {
    fn new() -> std::io::Result<Self> {
        let base = std::env::temp_dir();
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
            ^ std::process::id();
        for attempt in 0..10_000u32 {
            let n = seed.wrapping_mul(2_654_435_761).wrapping_add(attempt) % 1_000_000_000;
            let path = base.join(format!("helm-lint{n}"));
            match std::fs::create_dir(&path) {
                Ok(()) => {
                    return Ok(Self {
                        path: path.to_string_lossy().into_owned(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("too many temporary directories"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Go's text for an I/O error's errno (`no such file or directory`).
fn go_io(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match e.raw_os_error() {
        Some(n) => text
            .strip_suffix(&format!(" (os error {n})"))
            .unwrap_or(&text)
            .to_owned(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text,
    }
}
