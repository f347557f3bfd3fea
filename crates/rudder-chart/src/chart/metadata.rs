//! `Chart.yaml`: `chart.Metadata`, `chart.Maintainer`, `chart.Dependency` and `chart.Lock`
//! (`pkg/chart/v2/metadata.go`, `dependency.go`), decoded as `sigs.k8s.io/yaml` decodes them
//! into Go structs (so `version: 1.10` is the string `"1.1"`), validated and sanitised as
//! `Metadata.Validate` does.

use std::collections::BTreeMap;

use rudder_value::{ElemType, List, Map, MapType, Value};
use rudder_yaml::sigs::{Field, GoType, StructType};

use crate::semver;

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

/// `chart.Dependency`: an entry of `Chart.yaml`'s `dependencies` (or `requirements.yaml`,
/// `Chart.lock`).
#[derive(Debug, Clone, Default)]
pub struct Dependency {
    /// `name`: the subchart's chart name.
    pub name: String,
    /// `version`: a version or a semver range.
    pub version: String,
    /// `repository`
    pub repository: String,
    /// `condition`: comma-separated value paths that resolve to a bool.
    pub condition: String,
    /// `tags`
    pub tags: Vec<String>,
    /// `enabled`: set by dependency processing.
    pub enabled: bool,
    /// `import-values`: strings or `{child, parent}` maps (after processing, Go's
    /// `map[string]string`s).
    pub import_values: Vec<Value>,
    /// `alias`
    pub alias: String,
}

/// `chart.Metadata`: the contents of `Chart.yaml`.
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
    /// `maintainers`.
    pub maintainers: Vec<Maintainer>,
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
    /// `annotations` (`None` is Go's nil map, which `.Chart.Annotations` shows as `map[]`).
    pub annotations: Option<BTreeMap<String, String>>,
    /// `kubeVersion`
    pub kube_version: String,
    /// `dependencies`. `None` when `Chart.yaml` has none (Go's nil slice): dependency
    /// processing then leaves this chart's subcharts alone, where an empty list still
    /// processes them.
    pub dependencies: Option<Vec<Dependency>>,
    /// `type`: `application`, `library` or empty.
    pub chart_type: String,
    /// `null` entries seen in `maintainers` / `dependencies` (validation refuses them).
    pub(crate) null_nodes: NullNodes,
}

/// Which lists had `null` entries when decoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct NullNodes {
    pub(crate) maintainers: bool,
    pub(crate) dependencies: bool,
}

/// `chart.Lock`: `Chart.lock` (or `requirements.lock`).
#[derive(Debug, Clone, Default)]
pub struct Lock {
    /// `generated`, as written (an RFC 3339 time).
    pub generated: String,
    /// `digest`
    pub digest: String,
    /// `dependencies`
    pub dependencies: Vec<Dependency>,
}

/// The Go struct types, named after the package that loads them (`v2.Metadata` or
/// `v3.Metadata` in type errors).
pub(crate) struct GoTypes {
    pub(crate) metadata: &'static StructType,
    pub(crate) lock: &'static StructType,
}

const STRING: GoType = GoType::String;
const STRINGS: GoType = GoType::Slice(&STRING);
const ANY: GoType = GoType::Any;
const ANYS: GoType = GoType::Slice(&ANY);

macro_rules! go_types {
    ($pkg:literal, $name:ident) => {
        pub(crate) static $name: GoTypes = {
            const MAINTAINER: StructType = StructType {
                name: concat!($pkg, ".Maintainer"),
                fields: &[
                    Field {
                        go_name: "Name",
                        json_name: "name",
                        ty: STRING,
                    },
                    Field {
                        go_name: "Email",
                        json_name: "email",
                        ty: STRING,
                    },
                    Field {
                        go_name: "URL",
                        json_name: "url",
                        ty: STRING,
                    },
                ],
            };
            const DEPENDENCY: StructType = StructType {
                name: concat!($pkg, ".Dependency"),
                fields: &[
                    Field {
                        go_name: "Name",
                        json_name: "name",
                        ty: STRING,
                    },
                    Field {
                        go_name: "Version",
                        json_name: "version",
                        ty: STRING,
                    },
                    Field {
                        go_name: "Repository",
                        json_name: "repository",
                        ty: STRING,
                    },
                    Field {
                        go_name: "Condition",
                        json_name: "condition",
                        ty: STRING,
                    },
                    Field {
                        go_name: "Tags",
                        json_name: "tags",
                        ty: STRINGS,
                    },
                    Field {
                        go_name: "Enabled",
                        json_name: "enabled",
                        ty: GoType::Bool,
                    },
                    Field {
                        go_name: "ImportValues",
                        json_name: "import-values",
                        ty: ANYS,
                    },
                    Field {
                        go_name: "Alias",
                        json_name: "alias",
                        ty: STRING,
                    },
                ],
            };
            const MAINTAINER_PTR: GoType = GoType::Ptr(&GoType::Struct(&MAINTAINER));
            const DEPENDENCY_PTR: GoType = GoType::Ptr(&GoType::Struct(&DEPENDENCY));
            GoTypes {
                metadata: &StructType {
                    name: concat!($pkg, ".Metadata"),
                    fields: &[
                        Field {
                            go_name: "Name",
                            json_name: "name",
                            ty: STRING,
                        },
                        Field {
                            go_name: "Home",
                            json_name: "home",
                            ty: STRING,
                        },
                        Field {
                            go_name: "Sources",
                            json_name: "sources",
                            ty: STRINGS,
                        },
                        Field {
                            go_name: "Version",
                            json_name: "version",
                            ty: STRING,
                        },
                        Field {
                            go_name: "Description",
                            json_name: "description",
                            ty: STRING,
                        },
                        Field {
                            go_name: "Keywords",
                            json_name: "keywords",
                            ty: STRINGS,
                        },
                        Field {
                            go_name: "Maintainers",
                            json_name: "maintainers",
                            ty: GoType::Slice(&MAINTAINER_PTR),
                        },
                        Field {
                            go_name: "Icon",
                            json_name: "icon",
                            ty: STRING,
                        },
                        Field {
                            go_name: "APIVersion",
                            json_name: "apiVersion",
                            ty: STRING,
                        },
                        Field {
                            go_name: "Condition",
                            json_name: "condition",
                            ty: STRING,
                        },
                        Field {
                            go_name: "Tags",
                            json_name: "tags",
                            ty: STRING,
                        },
                        Field {
                            go_name: "AppVersion",
                            json_name: "appVersion",
                            ty: STRING,
                        },
                        Field {
                            go_name: "Deprecated",
                            json_name: "deprecated",
                            ty: GoType::Bool,
                        },
                        Field {
                            go_name: "Annotations",
                            json_name: "annotations",
                            ty: GoType::Map(&STRING),
                        },
                        Field {
                            go_name: "KubeVersion",
                            json_name: "kubeVersion",
                            ty: STRING,
                        },
                        Field {
                            go_name: "Dependencies",
                            json_name: "dependencies",
                            ty: GoType::Slice(&DEPENDENCY_PTR),
                        },
                        Field {
                            go_name: "Type",
                            json_name: "type",
                            ty: STRING,
                        },
                    ],
                },
                lock: &StructType {
                    name: concat!($pkg, ".Lock"),
                    fields: &[
                        // time.Time: checked by hand (see `Lock::decode`).
                        Field {
                            go_name: "Generated",
                            json_name: "generated",
                            ty: ANY,
                        },
                        Field {
                            go_name: "Digest",
                            json_name: "digest",
                            ty: STRING,
                        },
                        Field {
                            go_name: "Dependencies",
                            json_name: "dependencies",
                            ty: GoType::Slice(&DEPENDENCY_PTR),
                        },
                    ],
                },
            }
        };
    };
}

go_types!("v2", V2_TYPES);
go_types!("v3", V3_TYPES);

/// `loader.chartBase`: only `apiVersion`, to pick the loader.
pub(crate) static CHART_BASE: StructType = StructType {
    name: "loader.chartBase",
    fields: &[Field {
        go_name: "APIVersion",
        json_name: "apiVersion",
        ty: STRING,
    }],
};

fn field<'m>(m: &'m BTreeMap<rudder_value::Str, Value>, name: &str) -> Option<&'m Value> {
    m.get(name)
}

fn string_of(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn strings_of(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_list)
        .map(|l| {
            l.items()
                .iter()
                .map(|s| s.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

impl Maintainer {
    fn from_go(v: &Value) -> Option<Self> {
        let m = v.as_map()?;
        m.with_entries(|e| {
            Some(Self {
                name: string_of(field(e, "Name")),
                email: string_of(field(e, "Email")),
                url: string_of(field(e, "URL")),
            })
        })
    }

    /// `Maintainer.Validate`'s sanitising.
    fn sanitize(&mut self) {
        self.name = sanitize_string(&self.name);
        self.email = sanitize_string(&self.email);
        self.url = sanitize_string(&self.url);
    }
}

impl Dependency {
    fn from_go(v: &Value) -> Option<Self> {
        let m = v.as_map()?;
        m.with_entries(|e| {
            Some(Self {
                name: string_of(field(e, "Name")),
                version: string_of(field(e, "Version")),
                repository: string_of(field(e, "Repository")),
                condition: string_of(field(e, "Condition")),
                tags: strings_of(field(e, "Tags")),
                enabled: field(e, "Enabled")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                import_values: field(e, "ImportValues")
                    .and_then(Value::as_list)
                    .map(|l| l.items().to_vec())
                    .unwrap_or_default(),
                alias: string_of(field(e, "Alias")),
            })
        })
    }

    /// `Dependency.Validate`: sanitises, and checks the alias.
    ///
    /// # Errors
    /// `dependency "x" has disallowed characters in the alias`.
    pub fn validate(&mut self) -> Result<(), ValidationError> {
        self.name = sanitize_string(&self.name);
        self.version = sanitize_string(&self.version);
        self.repository = sanitize_string(&self.repository);
        self.condition = sanitize_string(&self.condition);
        for t in &mut self.tags {
            *t = sanitize_string(t);
        }
        if !self.alias.is_empty()
            && !self
                .alias
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(ValidationError(format!(
                "dependency {} has disallowed characters in the alias",
                rudder_value::strconv::quote(&self.name)
            )));
        }
        Ok(())
    }

    /// What `.Chart.Dependencies` shows for this entry (`structToMap`).
    pub fn to_go_map(&self) -> Map {
        let m = Map::new();
        m.insert("Name", Value::string(self.name.as_str()));
        m.insert("Version", Value::string(self.version.as_str()));
        m.insert("Repository", Value::string(self.repository.as_str()));
        m.insert("Condition", Value::string(self.condition.as_str()));
        m.insert("Tags", strings_value(&self.tags));
        m.insert("Enabled", Value::Bool(self.enabled));
        m.insert("ImportValues", Value::list(self.import_values.clone()));
        m.insert("Alias", Value::string(self.alias.as_str()));
        m
    }
}

fn strings_value(items: &[String]) -> Value {
    Value::list(
        items
            .iter()
            .map(|s| Value::string(s.as_str()))
            .collect::<Vec<_>>(),
    )
}

/// A `Metadata.Validate` failure: `validation: <message>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("validation: {0}")]
pub struct ValidationError(pub String);

/// `sanitizeString`: Unicode spaces become `' '`, other non-printable runes are dropped.
pub fn sanitize_string(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if rudder_value::unicode::is_space(c) {
                Some(' ')
            } else if rudder_value::unicode::is_print(c) {
                Some(c)
            } else {
                None
            }
        })
        .collect()
}

/// Which top-level fields a YAML document sets, as `encoding/json` assigns object keys to
/// struct fields (exact JSON name, else case-insensitive), and whether the value is null.
fn present_fields(data: &[u8], ty: &StructType) -> BTreeMap<&'static str, bool> {
    let mut out = BTreeMap::new();
    let Ok(Value::Map(doc)) = rudder_yaml::sigs::unmarshal(data) else {
        return out;
    };
    for (k, v) in doc.entries() {
        let f = ty.fields.iter().find(|f| f.json_name == &*k).or_else(|| {
            ty.fields
                .iter()
                .find(|f| f.json_name.to_lowercase() == k.to_lowercase())
        });
        if let Some(f) = f {
            let null = v.is_nil();
            out.entry(f.go_name)
                .and_modify(|n: &mut bool| *n &= null)
                .or_insert(null);
        }
    }
    out
}

impl Metadata {
    /// `yaml.Unmarshal(data, md)` into this (possibly already filled) struct: fields the
    /// document sets are replaced (a `null` clears lists and maps and leaves strings and
    /// bools alone), annotations are merged, the rest is kept.
    ///
    /// # Errors
    /// `sigs.k8s.io/yaml`'s errors (`error converting YAML to JSON: yaml: line 2: ...`,
    /// `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ...`).
    pub(crate) fn decode_into(
        &mut self,
        data: &[u8],
        types: &GoTypes,
    ) -> Result<(), rudder_yaml::Error> {
        let ty = GoType::Struct(types.metadata);
        let decoded = rudder_yaml::sigs::unmarshal_typed(data, &ty)?;
        let present = present_fields(data, types.metadata);
        let Some(m) = decoded.as_map() else {
            return Ok(());
        };
        let e = m.with_entries(Clone::clone);
        let set = |name: &str| present.get(name).copied();
        // Strings and bools: a null leaves them; lists and maps: a null clears them.
        macro_rules! scalar {
            ($go:literal, $field:ident, $conv:expr) => {
                if set($go) == Some(false) {
                    self.$field = $conv(field(&e, $go));
                }
            };
        }
        scalar!("Name", name, string_of);
        scalar!("Home", home, string_of);
        scalar!("Version", version, string_of);
        scalar!("Description", description, string_of);
        scalar!("Icon", icon, string_of);
        scalar!("APIVersion", api_version, string_of);
        scalar!("Condition", condition, string_of);
        scalar!("Tags", tags, string_of);
        scalar!("AppVersion", app_version, string_of);
        scalar!("KubeVersion", kube_version, string_of);
        scalar!("Type", chart_type, string_of);
        scalar!("Deprecated", deprecated, |v: Option<&Value>| v
            .and_then(Value::as_bool)
            .unwrap_or(false));
        if set("Sources").is_some() {
            self.sources = strings_of(field(&e, "Sources"));
        }
        if set("Keywords").is_some() {
            self.keywords = strings_of(field(&e, "Keywords"));
        }
        if set("Maintainers").is_some() {
            let list = list_of(field(&e, "Maintainers"), Maintainer::from_go);
            self.null_nodes.maintainers = list.iter().any(Option::is_none);
            self.maintainers = list.into_iter().flatten().collect();
        }
        if set("Dependencies").is_some() {
            let deps = field(&e, "Dependencies");
            if deps.and_then(Value::as_list).is_none_or(List::is_nil) {
                self.dependencies = None;
                self.null_nodes.dependencies = false;
            } else {
                let list = list_of(deps, Dependency::from_go);
                self.null_nodes.dependencies = list.iter().any(Option::is_none);
                self.dependencies = Some(list.into_iter().flatten().collect());
            }
        }
        match set("Annotations") {
            Some(true) => self.annotations = None,
            Some(false) => {
                let add = field(&e, "Annotations")
                    .and_then(Value::as_map)
                    .map(|m| {
                        m.entries()
                            .into_iter()
                            .map(|(k, v)| {
                                (k.to_string(), v.as_str().unwrap_or_default().to_owned())
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                self.annotations
                    .get_or_insert_with(BTreeMap::new)
                    .extend(add);
            }
            None => {}
        }
        Ok(())
    }

    /// `Metadata.Validate`: sanitises the free-text fields, then checks the required ones,
    /// the version, the type, the maintainers and the dependencies (aliases, duplicates).
    ///
    /// # Errors
    /// Helm's messages, e.g. `validation: chart.metadata.name is required`.
    pub fn validate(&mut self) -> Result<(), ValidationError> {
        let err = |m: String| Err(ValidationError(m));
        self.name = sanitize_string(&self.name);
        self.description = sanitize_string(&self.description);
        self.home = sanitize_string(&self.home);
        self.icon = sanitize_string(&self.icon);
        self.condition = sanitize_string(&self.condition);
        self.tags = sanitize_string(&self.tags);
        self.app_version = sanitize_string(&self.app_version);
        self.kube_version = sanitize_string(&self.kube_version);
        for s in &mut self.sources {
            *s = sanitize_string(s);
        }
        for k in &mut self.keywords {
            *k = sanitize_string(k);
        }
        if self.api_version.is_empty() {
            return err("chart.metadata.apiVersion is required".to_owned());
        }
        if self.name.is_empty() {
            return err("chart.metadata.name is required".to_owned());
        }
        let quoted = rudder_value::strconv::quote(&self.name);
        if self.name == "." || self.name == ".." {
            return err(format!("chart.metadata.name {quoted} is not allowed"));
        }
        if self.name != crate::gopath::base(&self.name) {
            return err(format!("chart.metadata.name {quoted} is invalid"));
        }
        if self.version.is_empty() {
            return err("chart.metadata.version is required".to_owned());
        }
        if semver::Version::parse(&self.version).is_err() {
            return err(format!(
                "chart.metadata.version {} is invalid",
                rudder_value::strconv::quote(&self.version)
            ));
        }
        if !matches!(self.chart_type.as_str(), "" | "application" | "library") {
            return err("chart.metadata.type must be application or library".to_owned());
        }
        if self.null_nodes.maintainers {
            return err("maintainers must not contain empty or null nodes".to_owned());
        }
        for m in &mut self.maintainers {
            m.sanitize();
        }
        if self.null_nodes.dependencies {
            return err("dependencies must not contain empty or null nodes".to_owned());
        }
        let mut seen = std::collections::BTreeSet::new();
        for d in self.dependencies.iter_mut().flatten() {
            d.validate()?;
            let key = if d.alias.is_empty() {
                &d.name
            } else {
                &d.alias
            };
            if !seen.insert(key.clone()) {
                return err(format!(
                    "more than one dependency with name or alias {}",
                    rudder_value::strconv::quote(key)
                ));
            }
        }
        Ok(())
    }

    /// The dependencies (none when `Chart.yaml` has no list).
    pub fn dependencies(&self) -> impl Iterator<Item = &Dependency> {
        self.dependencies.iter().flatten()
    }

    /// `.Chart` in templates (`MetadataAsMap`, Helm's `structToMap`): Go field names, every
    /// field present, lists as `[]interface {}` (empty, never nil), `Annotations` a
    /// `map[string]string` (nil when unset).
    pub fn to_go_map(&self) -> Map {
        let m = Map::new();
        let s = |v: &str| Value::string(v);
        m.insert("Name", s(&self.name));
        m.insert("Home", s(&self.home));
        m.insert("Sources", strings_value(&self.sources));
        m.insert("Version", s(&self.version));
        m.insert("Description", s(&self.description));
        m.insert("Keywords", strings_value(&self.keywords));
        m.insert(
            "Maintainers",
            Value::list(
                self.maintainers
                    .iter()
                    .map(|mt| {
                        let x = Map::new();
                        x.insert("Name", s(&mt.name));
                        x.insert("Email", s(&mt.email));
                        x.insert("URL", s(&mt.url));
                        Value::Map(x)
                    })
                    .collect::<Vec<_>>(),
            ),
        );
        m.insert("Icon", s(&self.icon));
        m.insert("APIVersion", s(&self.api_version));
        m.insert("Condition", s(&self.condition));
        m.insert("Tags", s(&self.tags));
        m.insert("AppVersion", s(&self.app_version));
        m.insert("Deprecated", Value::Bool(self.deprecated));
        let string_map = MapType {
            name: None,
            elem: ElemType::String,
        };
        m.insert(
            "Annotations",
            Value::Map(match &self.annotations {
                None => Map::nil(string_map),
                Some(a) => Map::from_entries(
                    string_map,
                    a.iter().map(|(k, v)| (k.as_str().into(), s(v))).collect(),
                ),
            }),
        );
        m.insert("KubeVersion", s(&self.kube_version));
        m.insert(
            "Dependencies",
            Value::list(
                self.dependencies()
                    .map(|d| Value::Map(d.to_go_map()))
                    .collect::<Vec<_>>(),
            ),
        );
        m.insert("Type", s(&self.chart_type));
        m
    }
}

fn list_of<T>(v: Option<&Value>, conv: fn(&Value) -> Option<T>) -> Vec<Option<T>> {
    v.and_then(Value::as_list)
        .map(|l| l.items().iter().map(conv).collect())
        .unwrap_or_default()
}

impl Lock {
    /// `yaml.Unmarshal(data, &c.Lock)`: `None` for a null document (Go sets the pointer to
    /// nil).
    ///
    /// # Errors
    /// `sigs.k8s.io/yaml`'s messages, and `Time.UnmarshalJSON: input is not a JSON string`
    /// or a time parse error for `generated`.
    pub(crate) fn decode(data: &[u8], types: &GoTypes) -> Result<Option<Self>, String> {
        if matches!(rudder_yaml::sigs::unmarshal(data), Ok(Value::Nil)) {
            return Ok(None);
        }
        let decoded = rudder_yaml::sigs::unmarshal_typed(data, &GoType::Struct(types.lock))
            .map_err(|e| e.to_string())?;
        let Some(m) = decoded.as_map() else {
            return Ok(None);
        };
        let e = m.with_entries(Clone::clone);
        let generated = match field(&e, "Generated") {
            None | Some(Value::Nil) => String::new(),
            Some(Value::String(s)) => {
                check_rfc3339(s)
                    .map_err(|m| format!("error unmarshaling JSON: while decoding JSON: {m}"))?;
                s.to_string()
            }
            Some(_) => {
                return Err("error unmarshaling JSON: while decoding JSON: Time.UnmarshalJSON: input is not a JSON string".to_owned());
            }
        };
        Ok(Some(Self {
            generated,
            digest: string_of(field(&e, "Digest")),
            dependencies: list_of(field(&e, "Dependencies"), Dependency::from_go)
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect(),
        }))
    }
}

/// Whether `s` is an RFC 3339 time as `time.Time.UnmarshalJSON` accepts it
/// (`2006-01-02T15:04:05[.frac](Z|±hh:mm)`). The error text names the layout as Go's does,
/// but not always the same failing element.
fn check_rfc3339(s: &str) -> Result<(), String> {
    const LAYOUT: &str = "2006-01-02T15:04:05Z07:00";
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let mut ok = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if ok {
        let mut i = 19;
        if b[i] == b'.' {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            ok = i > start;
        }
        let zone = &b[i.min(b.len())..];
        ok = ok
            && (zone == b"Z"
                || (zone.len() == 6
                    && matches!(zone[0], b'+' | b'-')
                    && zone[1..3].iter().all(u8::is_ascii_digit)
                    && zone[3] == b':'
                    && zone[4..6].iter().all(u8::is_ascii_digit)));
    }
    if ok {
        Ok(())
    } else {
        Err(format!(
            "parsing time {} as {}: cannot parse {} as \"2006\"",
            rudder_value::strconv::quote(s),
            rudder_value::strconv::quote(LAYOUT),
            rudder_value::strconv::quote(s)
        ))
    }
}
