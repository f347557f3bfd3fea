//! The chart inside a release record, kept as the JSON Helm stored.
//!
//! A stored release carries its chart (`pkg/chart/v2.Chart`: metadata, lock, templates,
//! values, schema, files). The typed chart model belongs to `rudder-chart`; until that crate
//! has it, a record keeps its chart as the exact JSON it was read from (so writing the record
//! back reproduces Helm's bytes) and parses only what the storage commands show: the metadata
//! and the default values.
//!
//! Known limit (COMPATIBILITY.md): Helm re-marshals a chart after decoding it, so numbers in a
//! chart's values that do not survive a `float64` round trip (integers above 2^53) are written
//! back rounded by Helm and verbatim by rudder.

use std::collections::BTreeMap;
use std::sync::Arc;

use rudder_value::Value;

use crate::json::{JsonError, Kind, Reader, key, write_str};
use crate::values::Values;

/// `chart.Maintainer`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Maintainer {
    /// `name`
    pub name: String,
    /// `email`
    pub email: String,
    /// `url`
    pub url: String,
}

/// `chart.Dependency`, as Chart.yaml and `get metadata` show it.
#[derive(Debug, Clone, Default)]
pub struct Dependency {
    /// `name`
    pub name: String,
    /// `version` (omitempty)
    pub version: String,
    /// `repository`
    pub repository: String,
    /// `condition` (omitempty)
    pub condition: String,
    /// `tags` (omitempty)
    pub tags: Vec<String>,
    /// `enabled` (omitempty)
    pub enabled: bool,
    /// `import-values` (omitempty): a `[]interface{}` as decoded JSON.
    pub import_values: Option<Value>,
    /// `alias` (omitempty)
    pub alias: String,
}

impl Dependency {
    /// Appends Go's JSON for `*chart.Dependency`.
    ///
    /// # Errors
    /// Go's marshalling error for `import-values` (a NaN or an infinity).
    pub fn write_json(&self, out: &mut String) -> Result<(), rudder_yaml::Error> {
        out.push('{');
        let mut first = true;
        key(out, &mut first, "name");
        write_str(out, &self.name);
        if !self.version.is_empty() {
            key(out, &mut first, "version");
            write_str(out, &self.version);
        }
        key(out, &mut first, "repository");
        write_str(out, &self.repository);
        if !self.condition.is_empty() {
            key(out, &mut first, "condition");
            write_str(out, &self.condition);
        }
        if !self.tags.is_empty() {
            key(out, &mut first, "tags");
            write_strings(out, &self.tags);
        }
        if self.enabled {
            key(out, &mut first, "enabled");
            out.push_str("true");
        }
        if let Some(v) = self
            .import_values
            .as_ref()
            .filter(|v| v.as_list().is_some_and(|l| !l.is_empty()))
        {
            key(out, &mut first, "import-values");
            out.push_str(&rudder_yaml::json::marshal(v)?);
        }
        if !self.alias.is_empty() {
            key(out, &mut first, "alias");
            write_str(out, &self.alias);
        }
        out.push('}');
        Ok(())
    }
}

pub(crate) fn write_strings(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, s);
    }
    out.push(']');
}

/// `chart.Metadata` (Chart.yaml).
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// `name`
    pub name: String,
    /// `home`
    pub home: String,
    /// `sources`
    pub sources: Vec<String>,
    /// `version`
    pub version: String,
    /// `description`
    pub description: String,
    /// `keywords`
    pub keywords: Vec<String>,
    /// `maintainers` (a `null` entry is kept as `None`)
    pub maintainers: Vec<Option<Maintainer>>,
    /// `icon`
    pub icon: String,
    /// `apiVersion`
    pub api_version: String,
    /// `condition`
    pub condition: String,
    /// `tags`
    pub tags: String,
    /// `appVersion`
    pub app_version: String,
    /// `deprecated`
    pub deprecated: bool,
    /// `annotations` (`None` for a nil map)
    pub annotations: Option<BTreeMap<String, String>>,
    /// `kubeVersion`
    pub kube_version: String,
    /// `dependencies` (a `null` entry is kept as `None`)
    pub dependencies: Vec<Option<Dependency>>,
    /// `type`
    pub chart_type: String,
}

/// The chart of a release: its stored JSON, with the metadata and default values parsed.
#[derive(Debug, Clone)]
pub struct Chart {
    raw: Arc<[u8]>,
    /// `metadata` (`None` when the record has `null`, a case Helm prints as `MISSING`).
    pub metadata: Option<Metadata>,
    /// `values`, the chart's default values.
    pub values: Values,
}

impl Chart {
    /// A chart from the JSON Helm writes for `*chart.Chart`.
    ///
    /// # Errors
    /// Go's decoding error when the text is not a chart object.
    pub fn from_json(raw: &[u8]) -> Result<Self, JsonError> {
        let mut r = Reader::new(raw);
        let chart = Self::read(&mut r)?;
        r.end()?;
        chart.ok_or_else(|| JsonError("chart: null".into()))
    }

    /// Reads `*chart.Chart` (`None` for `null`).
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Option<Self>, JsonError> {
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
                    "chart",
                    "chart.Chart",
                ));
            }
        }
        let raw = r.raw()?;
        let mut inner = Reader::new(raw);
        let mut metadata = None;
        let mut values = Values::from_raw(b"null");
        inner.object(|r, k| {
            let k = k.to_ascii_lowercase();
            match k.as_str() {
                "metadata" => metadata = read_metadata(r)?,
                "values" => match r.peek()? {
                    Kind::Object | Kind::Null => values = Values::from_raw(r.raw()?),
                    kind => {
                        r.skip()?;
                        return Err(JsonError::mismatch(
                            kind.go_name(),
                            "Chart",
                            "chart.values",
                            "map[string]interface {}",
                        ));
                    }
                },
                "lock" => expect_kind(r, &[Kind::Object], "chart.lock", "chart.Lock")?,
                "templates" | "files" => {
                    expect_kind(r, &[Kind::Array], &format!("chart.{k}"), "[]*common.File")?;
                }
                "schema" => expect_kind(r, &[Kind::String], "chart.schema", "[]uint8")?,
                "schemamodtime" | "modtime" => {
                    let text = r.str_field("Chart", &format!("chart.{k}"), "time.Time")?;
                    if !text.is_empty() {
                        crate::gotime::Time::parse_rfc3339(&text)
                            .map_err(|e| JsonError(e.to_string()))?;
                    }
                }
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(Some(Self {
            raw: Arc::from(raw),
            metadata,
            values,
        }))
    }

    /// The chart's JSON, exactly as it was stored.
    pub fn raw_json(&self) -> &[u8] {
        &self.raw
    }

    /// `chart.Name()` (empty without metadata).
    pub fn name(&self) -> &str {
        self.metadata.as_ref().map_or("", |m| m.name.as_str())
    }

    /// `chart.Metadata.Version`.
    pub fn version(&self) -> &str {
        self.metadata.as_ref().map_or("", |m| m.version.as_str())
    }

    /// `chart.AppVersion()`.
    pub fn app_version(&self) -> &str {
        self.metadata
            .as_ref()
            .map_or("", |m| m.app_version.as_str())
    }
}

/// Checks that a field Helm decodes into a typed Go value has a JSON kind it accepts, and
/// skips it (the storage commands never show it).
fn expect_kind(r: &mut Reader<'_>, kinds: &[Kind], field: &str, ty: &str) -> Result<(), JsonError> {
    let kind = r.peek()?;
    r.skip()?;
    if kind == Kind::Null || kinds.contains(&kind) {
        Ok(())
    } else {
        Err(JsonError::mismatch(kind.go_name(), "Chart", field, ty))
    }
}

fn read_metadata(r: &mut Reader<'_>) -> Result<Option<Metadata>, JsonError> {
    const S: &str = "Metadata";
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
                "Chart",
                "chart.metadata",
                "chart.Metadata",
            ));
        }
    }
    let mut m = Metadata::default();
    r.object(|r, k| {
        let f = |name: &str| format!("chart.metadata.{name}");
        match k.to_ascii_lowercase().as_str() {
            "name" => m.name = r.str_field(S, &f("name"), "string")?,
            "home" => m.home = r.str_field(S, &f("home"), "string")?,
            "sources" => m.sources = r.strings_field(S, &f("sources"), "string")?,
            "version" => m.version = r.str_field(S, &f("version"), "string")?,
            "description" => m.description = r.str_field(S, &f("description"), "string")?,
            "keywords" => m.keywords = r.strings_field(S, &f("keywords"), "string")?,
            "maintainers" => {
                let mut list = Vec::new();
                r.array(|r| {
                    if r.null()? {
                        list.push(None);
                        return Ok(());
                    }
                    let mut mt = Maintainer::default();
                    r.object(|r, k| {
                        let f = |name: &str| format!("chart.metadata.maintainers.{name}");
                        match k.to_ascii_lowercase().as_str() {
                            "name" => mt.name = r.str_field("Maintainer", &f("name"), "string")?,
                            "email" => {
                                mt.email = r.str_field("Maintainer", &f("email"), "string")?;
                            }
                            "url" => mt.url = r.str_field("Maintainer", &f("url"), "string")?,
                            _ => r.skip()?,
                        }
                        Ok(())
                    })?;
                    list.push(Some(mt));
                    Ok(())
                })?;
                m.maintainers = list;
            }
            "icon" => m.icon = r.str_field(S, &f("icon"), "string")?,
            "apiversion" => m.api_version = r.str_field(S, &f("apiVersion"), "string")?,
            "condition" => m.condition = r.str_field(S, &f("condition"), "string")?,
            "tags" => m.tags = r.str_field(S, &f("tags"), "string")?,
            "appversion" => m.app_version = r.str_field(S, &f("appVersion"), "string")?,
            "deprecated" => m.deprecated = r.bool_field(S, &f("deprecated"))?,
            "annotations" => m.annotations = r.string_map_field(S, &f("annotations"))?,
            "kubeversion" => m.kube_version = r.str_field(S, &f("kubeVersion"), "string")?,
            "dependencies" => {
                let mut list = Vec::new();
                r.array(|r| {
                    if r.null()? {
                        list.push(None);
                    } else {
                        list.push(Some(read_dependency(r)?));
                    }
                    Ok(())
                })?;
                m.dependencies = list;
            }
            "type" => m.chart_type = r.str_field(S, &f("type"), "string")?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(Some(m))
}

fn read_dependency(r: &mut Reader<'_>) -> Result<Dependency, JsonError> {
    const S: &str = "Dependency";
    let mut d = Dependency::default();
    r.object(|r, k| {
        let f = |name: &str| format!("chart.metadata.dependencies.{name}");
        match k.to_ascii_lowercase().as_str() {
            "name" => d.name = r.str_field(S, &f("name"), "string")?,
            "version" => d.version = r.str_field(S, &f("version"), "string")?,
            "repository" => d.repository = r.str_field(S, &f("repository"), "string")?,
            "condition" => d.condition = r.str_field(S, &f("condition"), "string")?,
            "tags" => d.tags = r.strings_field(S, &f("tags"), "string")?,
            "enabled" => d.enabled = r.bool_field(S, &f("enabled"))?,
            "import-values" => match r.peek()? {
                Kind::Array | Kind::Null => {
                    let raw = r.raw()?;
                    let value =
                        rudder_yaml::json::unmarshal(raw).map_err(|e| JsonError(e.to_string()))?;
                    d.import_values = (!value.is_nil()).then_some(value);
                }
                kind => {
                    r.skip()?;
                    return Err(JsonError::mismatch(
                        kind.go_name(),
                        S,
                        &f("import-values"),
                        "[]interface {}",
                    ));
                }
            },
            "alias" => d.alias = r.str_field(S, &f("alias"), "string")?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(d)
}
