//! Finding plugins as Helm v4.2.4 does (`internal/plugin/loader.go`): every
//! `<dir>/*/plugin.yaml` of each plugins directory, in Go's `filepath.Glob` order; a plugin
//! that does not load is skipped with a warning; two plugins of one directory with the same
//! name are an error; the first plugin matching a [`Descriptor`] wins.

use std::fmt;
use std::path::Path;

use crate::metadata::{Metadata, PLUGIN_FILE_NAME, load_metadata};

/// A loaded plugin: its directory and metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plugin {
    /// The plugin's directory as Helm names it (`filepath.Dir` of the matched
    /// `plugin.yaml`, so relative when the plugins directory is).
    pub dir: String,
    /// Its metadata.
    pub metadata: Metadata,
}

/// What to look for (`plugin.Descriptor`): an empty field matches every plugin.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Descriptor {
    /// The plugin's name.
    pub name: String,
    /// The plugin's type (`postrenderer/v1`, ...).
    pub plugin_type: String,
}

impl fmt::Display for Descriptor {
    /// Go's `%+v` of the struct: `{Name:x Type:postrenderer/v1}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{Name:{} Type:{}}}", self.name, self.plugin_type)
    }
}

/// A plugin that did not load (`LogIgnorePluginLoadErrorFilterFunc` logs it and goes on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadWarning {
    /// The `plugin.yaml` path.
    pub plugin_yaml: String,
    /// Helm's error text (`failed to load plugin "<dir>": ...`).
    pub error: String,
}

/// Why no plugin could be returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FindError {
    /// `plugin: {Name:x Type:y} not found`.
    #[error("plugin: {0} not found")]
    NotFound(Descriptor),
    /// `two plugins claim the name "x" at "a" and "b"`.
    #[error(
        "two plugins claim the name {} at {} and {}",
        rudder_value::strconv::quote(name),
        rudder_value::strconv::quote(first),
        rudder_value::strconv::quote(second)
    )]
    Duplicate {
        /// The name.
        name: String,
        /// The first plugin's directory.
        first: String,
        /// The second plugin's directory.
        second: String,
    },
}

/// `filepath.SplitList` (Unix): `""` is no directory at all; otherwise every `:`-separated
/// element, empty ones included.
#[must_use]
pub fn split_list(path: &str) -> Vec<String> {
    if path.is_empty() {
        return Vec::new();
    }
    path.split(':').map(str::to_owned).collect()
}

/// The `plugin.yaml` files of `filepath.Glob("<basedir>/*/plugin.yaml")`, sorted.
fn glob_plugin_files(basedir: &str) -> Vec<String> {
    let list_dir = |dir: &str| -> Option<Vec<String>> {
        let open = if dir.is_empty() { "." } else { dir };
        let meta = std::fs::metadata(open).ok()?;
        if !meta.is_dir() {
            return None;
        }
        let mut names: Vec<String> = std::fs::read_dir(open)
            .ok()?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        names.sort();
        Some(names)
    };
    let base = if basedir.is_empty() {
        String::new()
    } else {
        rudder_value::path::clean(basedir)
    };
    let mut out = Vec::new();
    for name in list_dir(&base).unwrap_or_default() {
        let dir = if base.is_empty() {
            name
        } else {
            rudder_value::path::join(&base, &name)
        };
        if list_dir(&dir).is_some_and(|names| names.iter().any(|n| n == PLUGIN_FILE_NAME)) {
            out.push(rudder_value::path::join(&dir, PLUGIN_FILE_NAME));
        }
    }
    out
}

/// `LoadDir`: the plugin in `dir`.
///
/// # Errors
/// `failed to read plugin at "<file>": ...` or `failed to load plugin "<dir>": ...`.
pub fn load_dir(dir: &str) -> Result<Plugin, String> {
    let file = rudder_value::path::join(dir, PLUGIN_FILE_NAME);
    let data = std::fs::read(Path::new(&file)).map_err(|e| {
        format!(
            "failed to read plugin at {}: {}",
            rudder_value::strconv::quote(&file),
            crate::subprocess::go_path_error("open", &file, &e)
        )
    })?;
    let metadata = load_metadata(&data).map_err(|e| {
        format!(
            "failed to load plugin {}: {e}",
            rudder_value::strconv::quote(dir)
        )
    })?;
    Ok(Plugin {
        dir: dir.to_owned(),
        metadata,
    })
}

/// `LoadAllDir` with the ignoring filter: every plugin of `basedir`, the others reported in
/// `warnings`.
///
/// # Errors
/// Two plugins with one name.
pub fn load_all_dir(
    basedir: &str,
    warnings: &mut Vec<LoadWarning>,
) -> Result<Vec<Plugin>, FindError> {
    let mut plugins = Vec::new();
    for yaml_file in glob_plugin_files(basedir) {
        let dir = rudder_value::path::dir(&yaml_file);
        match load_dir(&dir) {
            Ok(p) => plugins.push(p),
            Err(error) => warnings.push(LoadWarning {
                plugin_yaml: yaml_file,
                error,
            }),
        }
    }
    for (i, p) in plugins.iter().enumerate() {
        if let Some(first) = plugins[..i]
            .iter()
            .find(|q| q.metadata.name == p.metadata.name)
        {
            return Err(FindError::Duplicate {
                name: p.metadata.name.clone(),
                first: first.dir.clone(),
                second: p.dir.clone(),
            });
        }
    }
    Ok(plugins)
}

fn matches(descriptor: &Descriptor, p: &Plugin) -> bool {
    (descriptor.name.is_empty() || p.metadata.name == descriptor.name)
        && (descriptor.plugin_type.is_empty() || p.metadata.plugin_type == descriptor.plugin_type)
}

/// `FindPlugins`: every plugin matching `descriptor`, directory by directory.
///
/// # Errors
/// Two plugins with one name in a directory.
pub fn find_plugins(
    dirs: &[String],
    descriptor: &Descriptor,
    warnings: &mut Vec<LoadWarning>,
) -> Result<Vec<Plugin>, FindError> {
    let mut found = Vec::new();
    for dir in dirs {
        found.extend(
            load_all_dir(dir, warnings)?
                .into_iter()
                .filter(|p| matches(descriptor, p)),
        );
    }
    Ok(found)
}

/// `FindPlugin`: the first plugin matching `descriptor`.
///
/// # Errors
/// [`FindError::NotFound`], or a duplicate name.
pub fn find_plugin(
    dirs: &[String],
    descriptor: &Descriptor,
    warnings: &mut Vec<LoadWarning>,
) -> Result<Plugin, FindError> {
    find_plugins(dirs, descriptor, warnings)?
        .into_iter()
        .next()
        .ok_or_else(|| FindError::NotFound(descriptor.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn testdata(p: &str) -> String {
        format!("{}/testdata/{p}", env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn good_dir_in_glob_order() {
        let mut warnings = Vec::new();
        let plugins = load_all_dir(&testdata("plugdir/good"), &mut warnings).unwrap();
        let names: Vec<&str> = plugins.iter().map(|p| p.metadata.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "downloader",
                "echo-legacy",
                "echo-v1",
                "getter",
                "hello-legacy",
                "hello-v1",
                "postrenderer-v1"
            ]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(plugins[6].dir, testdata("plugdir/good/postrenderer-v1"));
    }

    #[test]
    fn find_by_name_and_type() {
        let dirs = vec![testdata("plugdir/good")];
        let mut warnings = Vec::new();
        let d = |name: &str, t: &str| Descriptor {
            name: name.to_owned(),
            plugin_type: t.to_owned(),
        };
        let p = find_plugin(
            &dirs,
            &d("postrenderer-v1", "postrenderer/v1"),
            &mut warnings,
        )
        .unwrap();
        assert_eq!(p.metadata.plugin_type, "postrenderer/v1");
        // A legacy plugin is never a post-renderer.
        let e =
            find_plugin(&dirs, &d("echo-legacy", "postrenderer/v1"), &mut warnings).unwrap_err();
        assert_eq!(
            e.to_string(),
            "plugin: {Name:echo-legacy Type:postrenderer/v1} not found"
        );
        let all = find_plugins(&dirs, &d("", "cli/v1"), &mut warnings).unwrap();
        assert_eq!(all.len(), 4);
        // Missing directories hold no plugins.
        let none = vec![testdata("nope"), String::new()];
        assert!(
            find_plugins(&none, &d("", ""), &mut warnings)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn duplicates_and_bad_plugins() {
        let mut warnings = Vec::new();
        // Both files of plugdir/bad repeat a mapping key: yaml.v3 refuses that, so Helm
        // skips both with a warning and never sees two plugins named "duplicate-entries".
        let plugins = load_all_dir(&testdata("plugdir/bad"), &mut warnings).unwrap();
        assert!(plugins.is_empty());
        let files: Vec<&str> = warnings.iter().map(|w| w.plugin_yaml.as_str()).collect();
        assert_eq!(
            files,
            [
                testdata("plugdir/bad/duplicate-entries-legacy/plugin.yaml"),
                testdata("plugdir/bad/duplicate-entries-v1/plugin.yaml")
            ]
        );
        // Two good plugins with one name are an error.
        let dir = tempfile::tempdir().unwrap();
        for sub in ["a", "b"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
            std::fs::write(dir.path().join(sub).join("plugin.yaml"), "name: same\n").unwrap();
        }
        let base = dir.path().to_str().unwrap().to_owned();
        assert_eq!(
            load_all_dir(&base, &mut warnings).unwrap_err().to_string(),
            format!("two plugins claim the name \"same\" at \"{base}/a\" and \"{base}/b\"")
        );
    }

    #[test]
    fn split_list_as_go() {
        assert!(split_list("").is_empty());
        assert_eq!(split_list("a::b"), ["a", "", "b"]);
    }
}
