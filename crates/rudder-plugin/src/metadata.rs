//! `plugin.yaml` as Helm v4.2.4 reads it (`internal/plugin`: `loader.go` `loadMetadata`,
//! `metadata.go`, `metadata_v1.go`, `metadata_legacy.go`, `config.go`): the `apiVersion` peek,
//! the strict v1 format and the lenient legacy one, their validation, and the conversion to
//! one in-memory [`Metadata`].
//!
//! The file is read with `sigs.k8s.io/yaml` semantics (Helm reads it with `yaml.v3`). The two
//! agree on every plugin.yaml layout of Helm's test data; the texts of YAML syntax errors and
//! the line numbers of unknown-field errors can differ. Those texts only reach the user inside
//! the `failed to load plugin (ignoring)` warning.

use rudder_value::{Map, Value};

/// The plugin's metadata file name.
pub const PLUGIN_FILE_NAME: &str = "plugin.yaml";

/// One command for an operating system and architecture (`PlatformCommand`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlatformCommand {
    /// `os`: empty matches every OS.
    pub os: String,
    /// `arch`: empty matches every architecture (but only with a matching or empty OS).
    pub arch: String,
    /// `command`: split on single spaces.
    pub command: String,
    /// `args`.
    pub args: Vec<String>,
}

/// The plugin's runtime and its configuration (`RuntimeConfig`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuntimeConfig {
    /// `subprocess`: the command to run.
    Subprocess {
        /// `runtimeConfig.platformCommand` (a legacy plugin's `command` becomes one entry).
        platform_command: Vec<PlatformCommand>,
    },
    /// `extism/v1`: a WebAssembly module (rudder does not run these).
    ExtismV1,
}

/// A plugin's metadata, from either file format (`plugin.Metadata`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// `v1`, or `legacy` for a file without `apiVersion`.
    pub api_version: String,
    /// The plugin's name.
    pub name: String,
    /// `cli/v1`, `getter/v1`, `postrenderer/v1` (a legacy plugin is `cli/v1` or `getter/v1`).
    pub plugin_type: String,
    /// `subprocess` or `extism/v1`.
    pub runtime: String,
    /// The plugin's version (`SemVer` 2).
    pub version: String,
    /// `sourceURL`.
    pub source_url: String,
    /// The runtime configuration.
    pub runtime_config: RuntimeConfig,
}

/// The plugin types Helm knows (`plugin_type_registry.go`) and the fields of their `config`.
const PLUGIN_TYPES: [(&str, &str, &[&str]); 4] = [
    ("test/v1", "schema.ConfigTestV1", &[]),
    (
        "cli/v1",
        "schema.ConfigCLIV1",
        &["usage", "shortHelp", "longHelp", "ignoreFlags"],
    ),
    ("getter/v1", "schema.ConfigGetterV1", &["protocols"]),
    ("postrenderer/v1", "schema.ConfigPostRendererV1", &[]),
];

const V1_FIELDS: [&str; 8] = [
    "apiVersion",
    "name",
    "type",
    "runtime",
    "version",
    "sourceURL",
    "config",
    "runtimeConfig",
];

/// `^[A-Za-z0-9_-]+$`.
fn valid_plugin_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn is_valid_semver(v: &str) -> bool {
    rudder_semver::Version::parse_strict(v).is_some()
}

/// A YAML scalar as a Go `string` field receives it.
fn string_field(map: &Map, key: &str) -> String {
    match map.get(key) {
        None | Some(Value::Nil) => String::new(),
        Some(v) => v.as_str().map_or_else(
            || rudder_value::fmt::sprint(std::slice::from_ref(&v)),
            str::to_owned,
        ),
    }
}

fn list_of_strings(v: Option<Value>) -> Vec<String> {
    v.and_then(|v| v.as_list().cloned())
        .map(|l| {
            l.items()
                .iter()
                .map(|i| {
                    i.as_str().map_or_else(
                        || rudder_value::fmt::sprint(std::slice::from_ref(i)),
                        str::to_owned,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn platform_commands(v: Option<Value>) -> Vec<PlatformCommand> {
    let Some(list) = v.and_then(|v| v.as_list().cloned()) else {
        return Vec::new();
    };
    list.items()
        .iter()
        .map(|item| {
            let Some(m) = item.as_map() else {
                return PlatformCommand::default();
            };
            PlatformCommand {
                os: string_field(m, "os"),
                arch: string_field(m, "arch"),
                command: string_field(m, "command"),
                args: list_of_strings(m.get("args")),
            }
        })
        .collect()
}

/// The 1-based line of a top-level `key:` in the file, for yaml.v3's unknown-field errors.
fn top_level_line(data: &str, key: &str) -> usize {
    for (i, line) in data.lines().enumerate() {
        let unquoted = line.strip_prefix(key).and_then(|r| r.strip_prefix(':'));
        let quoted = line
            .strip_prefix('"')
            .and_then(|r| r.strip_prefix(key))
            .and_then(|r| r.strip_prefix("\":"));
        if unquoted.or(quoted).is_some() {
            return i + 1;
        }
    }
    1
}

/// A mapping key repeated in one block mapping (yaml.v3 refuses it): the repeated key's line,
/// the key, the first line, and whether it is a top-level key. Block style only (what
/// plugin.yaml files use); keys of flow mappings are not checked.
fn duplicate_key(text: &str) -> Option<(usize, String, usize, bool)> {
    // (indent, keys seen with their lines)
    let mut stack: Vec<(usize, Vec<(String, usize)>)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---") {
            continue;
        }
        let mut indent = raw.len() - trimmed.len();
        let mut rest = trimmed;
        let mut new_item = false;
        while let Some(r) = rest.strip_prefix("- ") {
            new_item = true;
            indent += 2 + (r.len() - r.trim_start_matches(' ').len());
            rest = r.trim_start_matches(' ');
        }
        let key_end = rest
            .find(": ")
            .or_else(|| rest.strip_suffix(':').map(str::len));
        let Some(end) = key_end else { continue };
        let key = rest[..end].trim_matches('"').trim_matches('\'').to_owned();
        if key.is_empty() || key.contains(['{', '[', '\'', '"']) {
            continue;
        }
        while stack.last().is_some_and(|(n, _)| *n > indent) {
            stack.pop();
        }
        if new_item && stack.last().is_some_and(|(n, _)| *n == indent) {
            stack.pop();
        }
        if stack.last().is_none_or(|(n, _)| *n < indent) {
            stack.push((indent, Vec::new()));
        }
        let top = stack.len() == 1;
        if let Some((_, keys)) = stack.last_mut() {
            if let Some((_, first)) = keys.iter().find(|(k, _)| *k == key) {
                return Some((i + 1, key, *first, top));
            }
            keys.push((key, i + 1));
        }
    }
    None
}

fn duplicate_error(line: usize, key: &str, first: usize) -> String {
    format!(
        "yaml: unmarshal errors:\n  line {line}: mapping key {} already defined at line {first}",
        rudder_value::strconv::quote(key)
    )
}

/// Parses `plugin.yaml` into a map (`{}` for an empty document).
fn parse(data: &[u8]) -> Result<Map, String> {
    if data.iter().all(u8::is_ascii_whitespace) {
        // yaml.v3's Decoder returns io.EOF for a stream without documents.
        return Err("EOF".to_owned());
    }
    if let Some((line, key, first, true)) = duplicate_key(&String::from_utf8_lossy(data)) {
        return Err(duplicate_error(line, &key, first));
    }
    match rudder_yaml::sigs::unmarshal(data) {
        Ok(Value::Map(m)) => Ok(m),
        Ok(Value::Nil) => Ok(Map::new()),
        Ok(other) => Err(format!(
            "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!{} into plugin.MetadataV1",
            match other {
                Value::List(_) => "seq",
                _ => "str",
            }
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// `loadMetadata`: reads either format, validates it, and converts it.
///
/// # Errors
/// Helm's texts: `failed to peek plugin.yaml API version: ...`, `invalid plugin apiVersion:
/// "x"`, the validation errors of each format.
pub fn load_metadata(data: &[u8]) -> Result<Metadata, String> {
    let map =
        parse(data).map_err(|e| format!("failed to peek {PLUGIN_FILE_NAME} API version: {e}"))?;
    let api_version = string_field(&map, "apiVersion");
    if matches!(api_version.as_str(), "" | "v1")
        && let Some((line, key, first, false)) = duplicate_key(&String::from_utf8_lossy(data))
    {
        return Err(duplicate_error(line, &key, first));
    }
    match api_version.as_str() {
        "" => load_legacy(&map),
        "v1" => load_v1(&map, &String::from_utf8_lossy(data)),
        other => Err(format!(
            "invalid plugin apiVersion: {}",
            rudder_value::strconv::quote(other)
        )),
    }
}

fn load_legacy(map: &Map) -> Result<Metadata, String> {
    let name = string_field(map, "name");
    let version = string_field(map, "version");
    if !valid_plugin_name(&name) {
        return Err(format!(
            "invalid plugin name {}: must contain only a-z, A-Z, 0-9, _ and -",
            rudder_value::strconv::quote(&name)
        ));
    }
    if !version.is_empty() && !is_valid_semver(&version) {
        return Err(format!(
            "invalid plugin version {}: must be valid semver",
            rudder_value::strconv::quote(&version)
        ));
    }
    let mut platform_command = platform_commands(map.get("platformCommand"));
    let command = string_field(map, "command");
    if !platform_command.is_empty() && !command.is_empty() {
        return Err("both platformCommand and command are set".to_owned());
    }
    let has_platform_hooks = map
        .get("platformHooks")
        .and_then(|v| v.as_map().map(|m| !m.is_empty()))
        .unwrap_or(false);
    let has_hooks = map
        .get("hooks")
        .and_then(|v| v.as_map().map(|m| !m.is_empty()))
        .unwrap_or(false);
    if has_platform_hooks && has_hooks {
        return Err("both platformHooks and hooks are set".to_owned());
    }
    let downloaders = map
        .get("downloaders")
        .and_then(|v| v.as_list().cloned())
        .map(|l| l.items().to_vec())
        .unwrap_or_default();
    for (i, d) in downloaders.iter().enumerate() {
        let empty = Map::new();
        let d = d.as_map().unwrap_or(&empty);
        if string_field(d, "command").is_empty() {
            return Err(format!("downloader {i} has empty command"));
        }
        let protocols = list_of_strings(d.get("protocols"));
        if protocols.is_empty() {
            return Err(format!("downloader {i} has no protocols"));
        }
        if let Some(j) = protocols.iter().position(String::is_empty) {
            return Err(format!("downloader {i} has empty protocol at index {j}"));
        }
    }
    if platform_command.is_empty() && !command.is_empty() {
        platform_command.push(PlatformCommand {
            command,
            ..PlatformCommand::default()
        });
    }
    let plugin_type = if downloaders.is_empty() {
        "cli/v1"
    } else {
        "getter/v1"
    };
    Ok(Metadata {
        api_version: "legacy".to_owned(),
        name,
        plugin_type: plugin_type.to_owned(),
        runtime: "subprocess".to_owned(),
        version,
        source_url: String::new(),
        runtime_config: RuntimeConfig::Subprocess { platform_command },
    })
}

fn unknown_fields(map: &Map, known: &[&str], text: &str, type_name: &str) -> Result<(), String> {
    let mut lines: Vec<(usize, String)> = map
        .keys()
        .into_iter()
        .filter(|k| !known.contains(&k.as_ref()))
        .map(|k| {
            (
                top_level_line(text, k.as_ref()),
                format!(
                    "  line {}: field {} not found in type {type_name}",
                    top_level_line(text, k.as_ref()),
                    k.as_ref() as &str
                ),
            )
        })
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    lines.sort();
    let body: Vec<String> = lines.into_iter().map(|(_, l)| l).collect();
    Err(format!("yaml: unmarshal errors:\n{}", body.join("\n")))
}

fn load_v1(map: &Map, text: &str) -> Result<Metadata, String> {
    unknown_fields(map, &V1_FIELDS, text, "plugin.MetadataV1")?;
    let name = string_field(map, "name");
    let version = string_field(map, "version");
    let plugin_type = string_field(map, "type");
    let runtime = string_field(map, "runtime");
    // MetadataV1.Validate
    if !valid_plugin_name(&name) {
        return Err("invalid plugin `name`".to_owned());
    }
    if version.is_empty() {
        return Err("plugin `version` is required".to_owned());
    }
    if !is_valid_semver(&version) {
        return Err(format!(
            "invalid plugin `version` {}: must be valid semver",
            rudder_value::strconv::quote(&version)
        ));
    }
    if plugin_type.is_empty() {
        return Err("`type` missing".to_owned());
    }
    if runtime.is_empty() {
        return Err("`runtime` missing".to_owned());
    }
    // fromMetadataV1: the type's config (strict), then the runtime's config (lenient).
    let convert = |e: String| format!("failed to convert MetadataV1 to Metadata: {e}");
    let Some((_, config_type, config_fields)) =
        PLUGIN_TYPES.iter().find(|(t, _, _)| *t == plugin_type)
    else {
        return Err(convert(format!(
            "unknown plugin type {}",
            rudder_value::strconv::quote(&plugin_type)
        )));
    };
    if let Some(Value::Map(config)) = map.get("config") {
        let mut keys: Vec<String> = config.keys().iter().map(ToString::to_string).collect();
        keys.sort();
        let unknown: Vec<String> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| !config_fields.contains(&k.as_str()))
            .map(|(i, k)| {
                format!(
                    "  line {}: field {k} not found in type {config_type}",
                    i + 1
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(convert(format!(
                "yaml: unmarshal errors:\n{}",
                unknown.join("\n")
            )));
        }
    }
    let runtime_config = match runtime.as_str() {
        "subprocess" => {
            let rc = map
                .get("runtimeConfig")
                .and_then(|v| v.as_map().cloned())
                .unwrap_or_default();
            RuntimeConfig::Subprocess {
                platform_command: platform_commands(rc.get("platformCommand")),
            }
        }
        "extism/v1" => RuntimeConfig::ExtismV1,
        other => {
            return Err(convert(format!(
                "unsupported plugin runtime type: {}",
                rudder_value::strconv::quote(other)
            )));
        }
    };
    Ok(Metadata {
        api_version: "v1".to_owned(),
        name,
        plugin_type,
        runtime,
        version,
        source_url: string_field(map, "sourceURL"),
        runtime_config,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_postrenderer() {
        let m = load_metadata(include_bytes!(
            "../testdata/plugdir/good/postrenderer-v1/plugin.yaml"
        ))
        .unwrap();
        assert_eq!(m.name, "postrenderer-v1");
        assert_eq!(m.plugin_type, "postrenderer/v1");
        assert_eq!(m.version, "1.2.3");
        assert_eq!(
            m.runtime_config,
            RuntimeConfig::Subprocess {
                platform_command: vec![PlatformCommand {
                    command: "${HELM_PLUGIN_DIR}/sed-test.sh".to_owned(),
                    ..PlatformCommand::default()
                }]
            }
        );
    }

    #[test]
    fn legacy_types() {
        let echo = load_metadata(include_bytes!(
            "../testdata/plugdir/good/echo-legacy/plugin.yaml"
        ))
        .unwrap();
        assert_eq!(
            (echo.api_version.as_str(), echo.plugin_type.as_str()),
            ("legacy", "cli/v1")
        );
        let downloader = load_metadata(include_bytes!(
            "../testdata/plugdir/good/downloader/plugin.yaml"
        ))
        .unwrap();
        assert_eq!(downloader.plugin_type, "getter/v1");
        let hello = load_metadata(include_bytes!(
            "../testdata/plugdir/good/hello-legacy/plugin.yaml"
        ))
        .unwrap();
        let RuntimeConfig::Subprocess { platform_command } = hello.runtime_config else {
            panic!("subprocess");
        };
        assert_eq!(platform_command.len(), 2);
        assert_eq!(platform_command[0].os, "linux");
        assert_eq!(
            platform_command[0].args,
            ["-c", "${HELM_PLUGIN_DIR}/hello.sh"]
        );
    }

    #[test]
    fn v1_good_fixtures() {
        for (file, ty) in [
            (
                &include_bytes!("../testdata/plugdir/good/echo-v1/plugin.yaml")[..],
                "cli/v1",
            ),
            (
                &include_bytes!("../testdata/plugdir/good/getter/plugin.yaml")[..],
                "getter/v1",
            ),
            (
                &include_bytes!("../testdata/plugdir/good/hello-v1/plugin.yaml")[..],
                "cli/v1",
            ),
        ] {
            assert_eq!(load_metadata(file).unwrap().plugin_type, ty);
        }
    }

    #[test]
    fn v1_errors() {
        let cases: [(&str, &str); 9] = [
            (
                "apiVersion: v1\nname: a\nversion: 1.0.0\ntype: postrenderer/v1\nruntime: subprocess\nfoo: bar\n",
                "yaml: unmarshal errors:\n  line 6: field foo not found in type plugin.MetadataV1",
            ),
            (
                "apiVersion: v1\nname: a b\nversion: 1.0.0\n",
                "invalid plugin `name`",
            ),
            ("apiVersion: v1\nname: a\n", "plugin `version` is required"),
            (
                "apiVersion: v1\nname: a\nversion: v1.0\n",
                "invalid plugin `version` \"v1.0\": must be valid semver",
            ),
            (
                "apiVersion: v1\nname: a\nversion: 1.0.0\n",
                "`type` missing",
            ),
            (
                "apiVersion: v1\nname: a\nversion: 1.0.0\ntype: x/v1\n",
                "`runtime` missing",
            ),
            (
                "apiVersion: v1\nname: a\nversion: 1.0.0\ntype: x/v1\nruntime: subprocess\n",
                "failed to convert MetadataV1 to Metadata: unknown plugin type \"x/v1\"",
            ),
            (
                "apiVersion: v1\nname: a\nversion: 1.0.0\ntype: postrenderer/v1\nruntime: wasm\n",
                "failed to convert MetadataV1 to Metadata: unsupported plugin runtime type: \"wasm\"",
            ),
            (
                "apiVersion: v2\nname: a\n",
                "invalid plugin apiVersion: \"v2\"",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                load_metadata(input.as_bytes()).unwrap_err(),
                want,
                "{input}"
            );
        }
        assert_eq!(
            load_metadata(b"").unwrap_err(),
            "failed to peek plugin.yaml API version: EOF"
        );
    }

    #[test]
    fn duplicate_keys() {
        assert_eq!(
            load_metadata(include_bytes!(
                "../testdata/plugdir/bad/duplicate-entries-legacy/plugin.yaml"
            ))
            .unwrap_err(),
            "failed to peek plugin.yaml API version: yaml: unmarshal errors:\n  line 10: mapping key \"hooks\" already defined at line 8"
        );
        assert_eq!(
            load_metadata(include_bytes!(
                "../testdata/plugdir/bad/duplicate-entries-v1/plugin.yaml"
            ))
            .unwrap_err(),
            "yaml: unmarshal errors:\n  line 17: mapping key \"platformHooks\" already defined at line 14"
        );
        assert!(duplicate_key("a:\n- x: 1\n- x: 2\nb:\n  x: 1\n  y:\n    x: 2\n").is_none());
    }

    #[test]
    fn legacy_errors() {
        let cases: [(&str, &str); 5] = [
            (
                "name: a/b\n",
                "invalid plugin name \"a/b\": must contain only a-z, A-Z, 0-9, _ and -",
            ),
            (
                "name: a\nversion: \"1.0\"\n",
                "invalid plugin version \"1.0\": must be valid semver",
            ),
            (
                "name: a\ncommand: x\nplatformCommand:\n- command: y\n",
                "both platformCommand and command are set",
            ),
            (
                "name: a\ndownloaders:\n- protocols: [x]\n",
                "downloader 0 has empty command",
            ),
            (
                "name: a\ndownloaders:\n- command: c\n  protocols: [x, \"\"]\n",
                "downloader 0 has empty protocol at index 1",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                load_metadata(input.as_bytes()).unwrap_err(),
                want,
                "{input}"
            );
        }
    }
}
