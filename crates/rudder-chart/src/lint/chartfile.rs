//! The `Chart.yaml` rule (`rules/chartfile.go`).

use rudder_value::{Map, Value};
use rudder_yaml::sigs::{GoType, StructType};

use super::validator::{UrlParser, is_email, is_request_url, is_url};
use super::{Linter, Severity};
use crate::chart::{Metadata, V2_TYPES};
use crate::semver::{Constraints, Version};

const CHART_FILE: &str = "Chart.yaml";

/// `rules.Chartfile`: the file is parsable (strictly, as a warning), and its name, apiVersion,
/// version, appVersion, maintainers, sources, icon, type and dependencies are valid.
pub fn chartfile(linter: &mut Linter, urls: &dyn UrlParser) {
    let path = linter.path_of(CHART_FILE);
    linter.run_rule(Severity::Error, CHART_FILE, not_directory(&path));
    let data = crate::goerr::read_file(&path).map_err(|e| e.to_string());
    let loaded = data.clone().and_then(|data| {
        let mut md = Metadata::default();
        md.decode_into(&data, &V2_TYPES)
            .map(|()| md)
            .map_err(|e| e.to_string())
    });
    let md = match loaded {
        Ok(md) => md,
        Err(e) => {
            linter.run_rule(
                Severity::Error,
                CHART_FILE,
                Err(format!("unable to parse YAML\n\t{e}")),
            );
            return;
        }
    };
    let data = data.unwrap_or_default();
    linter.run_rule(
        Severity::Warning,
        CHART_FILE,
        strict_check(&data)
            .map_err(|e| format!("failed to strictly parse chart metadata file\n\t{e}")),
    );
    let generic = rudder_yaml::sigs::unmarshal_map(&data).unwrap_or_default();
    let rules = [
        (Severity::Error, validate_name(&md)),
        (Severity::Error, validate_api_version(&md)),
        (Severity::Error, is_string_value(&generic, "version")),
        (Severity::Error, validate_version(&md)),
        (Severity::Error, is_string_value(&generic, "appVersion")),
        (Severity::Error, validate_maintainers(&md, &generic, urls)),
        (Severity::Error, validate_sources(&md, urls)),
        (Severity::Info, validate_icon_presence(&md)),
        (Severity::Error, validate_icon_url(&md, urls)),
        (Severity::Error, validate_type(&md)),
        (Severity::Error, validate_dependencies(&md)),
        (Severity::Warning, validate_strict_semver(&md)),
    ];
    for (severity, result) in rules {
        linter.run_rule(severity, CHART_FILE, result);
    }
}

fn not_directory(path: &str) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err("should be a file, not a directory".to_owned()),
        _ => Ok(()),
    }
}

/// `sigs.k8s.io/yaml.UnmarshalStrict` into `chart.Metadata`: the decode of the lenient load
/// (already known to succeed) plus `DisallowUnknownFields`. The JSON document is an object
/// with sorted keys, so the first unknown field is the first in that order, depth first.
fn strict_check(data: &[u8]) -> Result<(), String> {
    let Ok(Value::Map(m)) = rudder_yaml::sigs::unmarshal(data) else {
        return Ok(());
    };
    match unknown_field(&m, V2_TYPES.metadata) {
        Some(name) => Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: unknown field {}",
            rudder_value::strconv::quote(&name)
        )),
        None => Ok(()),
    }
}

fn unknown_field(m: &Map, ty: &StructType) -> Option<String> {
    let mut keys: Vec<(String, Value)> = m
        .entries()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    for (key, value) in keys {
        let field = ty.fields.iter().find(|f| f.json_name == key).or_else(|| {
            ty.fields
                .iter()
                .find(|f| f.json_name.eq_ignore_ascii_case(&key))
        });
        let Some(field) = field else {
            return Some(key);
        };
        let mut elem = &field.ty;
        while let GoType::Ptr(inner) | GoType::Slice(inner) = elem {
            elem = inner;
        }
        let GoType::Struct(inner) = elem else {
            continue;
        };
        let items: Vec<Value> = match &value {
            Value::List(l) => l.items().to_vec(),
            other => vec![other.clone()],
        };
        for item in items {
            if let Value::Map(im) = item
                && let Some(found) = unknown_field(&im, inner)
            {
                return Some(found);
            }
        }
    }
    None
}

/// `isStringValue`: the key, when present, holds a string (`%T` of the generic decode).
fn is_string_value(data: &Map, key: &str) -> Result<(), String> {
    let Some(value) = data.get(key) else {
        return Ok(());
    };
    let type_name = match value {
        Value::String(_) => return Ok(()),
        Value::Nil => "<nil>",
        Value::Bool(_) => "bool",
        Value::Map(_) => "map[string]interface {}",
        Value::List(_) => "[]interface {}",
        _ => "float64",
    };
    Err(format!(
        "{key} should be of type string but it's of type {type_name}"
    ))
}

fn validate_name(md: &Metadata) -> Result<(), String> {
    if md.name.is_empty() {
        return Err("name is required".to_owned());
    }
    if crate::gopath::base(&md.name) != md.name {
        return Err(format!(
            "chart name {} is invalid",
            rudder_value::strconv::quote(&md.name)
        ));
    }
    Ok(())
}

fn validate_api_version(md: &Metadata) -> Result<(), String> {
    if md.api_version.is_empty() {
        return Err("apiVersion is required. The value must be either \"v1\" or \"v2\"".to_owned());
    }
    if md.api_version != "v1" && md.api_version != "v2" {
        return Err(format!(
            "apiVersion '{}' is not valid. The value must be either \"v1\" or \"v2\"",
            md.api_version
        ));
    }
    Ok(())
}

fn validate_version(md: &Metadata) -> Result<(), String> {
    if md.version.is_empty() {
        return Err("version is required".to_owned());
    }
    let Ok(version) = Version::parse(&md.version) else {
        return Err(format!("version '{}' is not a valid SemVer", md.version));
    };
    let above_zero = Constraints::parse(">0.0.0-0").is_ok_and(|c| c.check(&version));
    if !above_zero {
        return Err(format!(
            "version {} is less than or equal to \"0.0.0-0\"",
            rudder_value::strconv::quote(&masterminds_string(&version))
        ));
    }
    Ok(())
}

/// Masterminds' `Version.String()` (without build metadata, which only `0.0.0-0+x` could
/// carry here).
fn masterminds_string(v: &Version) -> String {
    let mut s = format!("{}.{}.{}", v.major(), v.minor(), v.patch());
    if !v.prerelease().is_empty() {
        s.push('-');
        s.push_str(v.prerelease());
    }
    s
}

fn validate_strict_semver(md: &Metadata) -> Result<(), String> {
    if Version::parse_strict(&md.version).is_none() {
        return Err(format!("version '{}' is not a valid SemVerV2", md.version));
    }
    Ok(())
}

fn validate_maintainers(md: &Metadata, generic: &Map, urls: &dyn UrlParser) -> Result<(), String> {
    // The decoded list drops `null` entries (Go's nil pointers); the generic decode says
    // where they were, so the nil check happens at its place in the list.
    let entries: Vec<bool> = match generic.get("maintainers") {
        Some(Value::List(l)) => l.items().iter().map(|v| matches!(v, Value::Nil)).collect(),
        _ => vec![false; md.maintainers.len()],
    };
    let mut decoded = md.maintainers.iter();
    for is_nil in entries {
        if is_nil {
            return Err("a maintainer entry is empty".to_owned());
        }
        let Some(m) = decoded.next() else {
            break;
        };
        if m.name.is_empty() {
            return Err("each maintainer requires a name".to_owned());
        } else if !m.email.is_empty() && !is_email(&m.email) {
            return Err(format!(
                "invalid email '{}' for maintainer '{}'",
                m.email, m.name
            ));
        } else if !m.url.is_empty() && !is_url(&m.url, urls) {
            return Err(format!(
                "invalid url '{}' for maintainer '{}'",
                m.url, m.name
            ));
        }
    }
    Ok(())
}

fn validate_sources(md: &Metadata, urls: &dyn UrlParser) -> Result<(), String> {
    for source in &md.sources {
        if source.is_empty() || !is_request_url(source, urls) {
            return Err(format!("invalid source URL '{source}'"));
        }
    }
    Ok(())
}

fn validate_icon_presence(md: &Metadata) -> Result<(), String> {
    if md.icon.is_empty() {
        return Err("icon is recommended".to_owned());
    }
    Ok(())
}

fn validate_icon_url(md: &Metadata, urls: &dyn UrlParser) -> Result<(), String> {
    if !md.icon.is_empty() && !is_request_url(&md.icon, urls) {
        return Err(format!("invalid icon URL '{}'", md.icon));
    }
    Ok(())
}

fn validate_dependencies(md: &Metadata) -> Result<(), String> {
    let listed = md.dependencies.as_ref().is_some_and(|d| !d.is_empty());
    if listed && md.api_version != "v2" {
        return Err(format!(
            "dependencies are not valid in the Chart file with apiVersion '{}'. They are valid in apiVersion 'v2'",
            md.api_version
        ));
    }
    Ok(())
}

fn validate_type(md: &Metadata) -> Result<(), String> {
    if !md.chart_type.is_empty() && md.api_version != "v2" {
        return Err(format!(
            "chart type is not valid in apiVersion '{}'. It is valid in apiVersion 'v2'",
            md.api_version
        ));
    }
    Ok(())
}
