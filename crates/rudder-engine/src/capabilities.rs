//! `.Capabilities` (`pkg/chart/common/capabilities.go`): the Kubernetes version, the API
//! versions and Helm's build information, as templates see them.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use rudder_value::{Kind, Method, Object, Type, Value};

/// Helm's `DefaultVersionSet` for v4.2.4: every group/version registered in client-go
/// v0.36.1's `kubernetes/scheme` (`PrioritizedVersionsAllGroups`, in that order), then
/// `apiextensions.k8s.io/v1beta1` and `v1` (read from the Go oracle).
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha2",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// `common.KubeVersion`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeVersion {
    /// The full version as given, with a `v` prefix (`v1.33.4-gke.1245000`).
    pub version: String,
    /// The normalized version used for constraint checks (`v1.33.4`).
    pub normalized: String,
    /// The major version, in decimal.
    pub major: String,
    /// The minor version, in decimal.
    pub minor: String,
}

impl KubeVersion {
    /// The default of a Helm v4.2.4 release binary: `v1.36.0` (client-go v0.36.1's major + 1
    /// and minor).
    pub fn helm_default() -> Self {
        Self::from_parts(1, 36)
    }

    /// `v<major>.<minor>.0`, as Helm's `newCapabilities` builds it (its test builds use 1.20).
    pub fn from_parts(major: u64, minor: u64) -> Self {
        let version = format!("v{major}.{minor}.0");
        Self {
            normalized: version.clone(),
            version,
            major: major.to_string(),
            minor: minor.to_string(),
        }
    }

    /// `String()`: the normalized version (or the full one when there is none).
    pub fn normalized(&self) -> &str {
        if self.normalized.is_empty() {
            &self.version
        } else {
            &self.normalized
        }
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.normalized())
    }
}

/// A `--kube-version` that `common.ParseKubeVersion` (Kubernetes' `ParseGeneric`) refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KubeVersionError(pub String);

fn is_go_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
}

/// `common.ParseKubeVersion`: Kubernetes' generic version syntax (`v?N.N[.N...]` and anything
/// after), keeping the text as `Version` (with a `v` prefix added) and normalizing the rest.
///
/// # Errors
/// Kubernetes' texts: `could not parse "x" as version`, `illegal version string "1"`,
/// `illegal zero-prefixed version component "01" in "01.2"`, ...
///
/// ```
/// let v = rudder_engine::parse_kube_version("1.33.4-gke.1").unwrap();
/// assert_eq!((v.version.as_str(), v.to_string().as_str()), ("v1.33.4-gke.1", "v1.33.4"));
/// ```
pub fn parse_kube_version(text: &str) -> Result<KubeVersion, KubeVersionError> {
    let quoted = rudder_value::strconv::quote(text);
    // ^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)*$
    let rest = text.trim_start_matches(is_go_space);
    let rest = rest.strip_prefix('v').unwrap_or(rest);
    let mut numbers_end = 0;
    let bytes = rest.as_bytes();
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            break;
        }
        numbers_end = i;
        if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            i += 1;
        } else {
            break;
        }
    }
    if numbers_end == 0 {
        return Err(KubeVersionError(format!(
            "could not parse {quoted} as version"
        )));
    }
    let components: Vec<&str> = rest[..numbers_end].split('.').collect();
    if components.len() < 2 {
        return Err(KubeVersionError(format!("illegal version string {quoted}")));
    }
    let mut numbers = Vec::with_capacity(components.len());
    for (i, comp) in components.iter().enumerate() {
        if i == 0 && comp.starts_with('0') && *comp != "0" {
            return Err(KubeVersionError(format!(
                "illegal zero-prefixed version component {} in {quoted}",
                rudder_value::strconv::quote(comp)
            )));
        }
        match comp.parse::<u64>() {
            Ok(n) => numbers.push(n),
            Err(_) => {
                return Err(KubeVersionError(format!(
                    "illegal non-numeric version component {} in {quoted}: strconv.ParseUint: parsing {}: value out of range",
                    rudder_value::strconv::quote(comp),
                    rudder_value::strconv::quote(comp)
                )));
            }
        }
    }
    let version = if text.starts_with('v') {
        text.to_owned()
    } else {
        format!("v{text}")
    };
    let normalized = format!(
        "v{}",
        numbers
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(".")
    );
    Ok(KubeVersion {
        version,
        normalized,
        major: numbers[0].to_string(),
        minor: numbers[1].to_string(),
    })
}

/// `version.BuildInfo`: what `.Capabilities.HelmVersion` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildInfo {
    /// `v4.2.4`.
    pub version: String,
    /// The release commit.
    pub git_commit: String,
    /// `clean`.
    pub git_tree_state: String,
    /// The Go toolchain the reference binary was built with.
    pub go_version: String,
    /// `v1.36` (client-go's version as a Kubernetes version).
    pub kube_client_version: String,
}

impl Default for BuildInfo {
    /// The reference Helm v4.2.4 binary's (`helm version`).
    fn default() -> Self {
        Self {
            version: "v4.2.4".to_owned(),
            git_commit: "3900f434fd3ef2b84065dc04508df48f288dba00".to_owned(),
            git_tree_state: "clean".to_owned(),
            go_version: "go1.26.8".to_owned(),
            kube_client_version: "v1.36".to_owned(),
        }
    }
}

/// `common.Capabilities`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// `.Capabilities.KubeVersion`.
    pub kube_version: KubeVersion,
    /// `.Capabilities.APIVersions` (a `common.VersionSet`).
    pub api_versions: Vec<String>,
    /// `.Capabilities.HelmVersion`.
    pub helm_version: BuildInfo,
}

impl Default for Capabilities {
    /// `common.DefaultCapabilities` of the Helm v4.2.4 release binary.
    fn default() -> Self {
        Self {
            kube_version: KubeVersion::helm_default(),
            api_versions: DEFAULT_API_VERSIONS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            helm_version: BuildInfo::default(),
        }
    }
}

impl Capabilities {
    /// The template object (`*common.Capabilities`).
    pub fn to_value(&self) -> Value {
        Value::Object(Arc::new(CapabilitiesObject(Arc::new(self.clone()))))
    }
}

fn s(v: &str) -> Value {
    Value::string(v)
}

#[derive(Debug)]
struct CapabilitiesObject(Arc<Capabilities>);

impl Object for CapabilitiesObject {
    fn type_name(&self) -> &'static str {
        "*common.Capabilities"
    }
    fn kind(&self) -> Kind {
        Kind::Ptr
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "KubeVersion" => Some(Value::Object(Arc::new(KubeVersionObject(self.0.clone())))),
            "APIVersions" => Some(Value::Object(Arc::new(VersionSetObject(self.0.clone())))),
            "HelmVersion" => Some(Value::Object(Arc::new(BuildInfoObject(self.0.clone())))),
            _ => None,
        }
    }
    fn field_names(&self) -> &[&'static str] {
        &["KubeVersion", "APIVersions", "HelmVersion"]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `common.KubeVersion` reached through the pointer: its `String()` is the normalized version.
#[derive(Debug)]
struct KubeVersionObject(Arc<Capabilities>);

fn string_method(v: String) -> Method {
    Method {
        params: Vec::new(),
        variadic: None,
        result: Type::String,
        call: Arc::new(move |_| Ok(Value::string(v.as_str()))),
    }
}

impl Object for KubeVersionObject {
    fn type_name(&self) -> &'static str {
        "common.KubeVersion"
    }
    fn field(&self, name: &str) -> Option<Value> {
        let kv = &self.0.kube_version;
        match name {
            "Version" => Some(s(&kv.version)),
            "Major" => Some(s(&kv.major)),
            "Minor" => Some(s(&kv.minor)),
            _ => None,
        }
    }
    fn field_names(&self) -> &[&'static str] {
        &["Version", "Major", "Minor"]
    }
    fn to_go_string(&self) -> Option<String> {
        Some(self.0.kube_version.normalized().to_owned())
    }
    fn method(&self, name: &str) -> Option<Method> {
        let kv = &self.0.kube_version;
        match name {
            "String" => Some(string_method(kv.normalized().to_owned())),
            "GitVersion" => Some(string_method(kv.version.clone())),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `common.VersionSet` (a `[]string` with `Has`).
#[derive(Debug)]
struct VersionSetObject(Arc<Capabilities>);

impl Object for VersionSetObject {
    fn type_name(&self) -> &'static str {
        "common.VersionSet"
    }
    fn kind(&self) -> Kind {
        Kind::Struct
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn field_names(&self) -> &[&'static str] {
        &[]
    }
    fn to_go_string(&self) -> Option<String> {
        Some(format!("[{}]", self.0.api_versions.join(" ")))
    }
    fn method(&self, name: &str) -> Option<Method> {
        if name != "Has" {
            return None;
        }
        let caps = self.0.clone();
        Some(Method {
            params: vec![Type::String],
            variadic: None,
            result: Type::Bool,
            call: Arc::new(move |args| {
                let want = args.first().and_then(Value::as_str).unwrap_or_default();
                Ok(Value::Bool(caps.api_versions.iter().any(|v| v == want)))
            }),
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `version.BuildInfo`.
#[derive(Debug)]
struct BuildInfoObject(Arc<Capabilities>);

impl Object for BuildInfoObject {
    fn type_name(&self) -> &'static str {
        "version.BuildInfo"
    }
    fn field(&self, name: &str) -> Option<Value> {
        let b = &self.0.helm_version;
        match name {
            "Version" => Some(s(&b.version)),
            "GitCommit" => Some(s(&b.git_commit)),
            "GitTreeState" => Some(s(&b.git_tree_state)),
            "GoVersion" => Some(s(&b.go_version)),
            "KubeClientVersion" => Some(s(&b.kube_client_version)),
            _ => None,
        }
    }
    fn field_names(&self) -> &[&'static str] {
        &[
            "Version",
            "GitCommit",
            "GitTreeState",
            "GoVersion",
            "KubeClientVersion",
        ]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
