//! Post-renderers (`pkg/postrenderer`): the [`PostRenderer`] interface the render path calls,
//! and [`PostRendererPlugin`], a `postrenderer/v1` plugin found by name in the plugins
//! directories and run by its runtime.

use std::collections::BTreeMap;

use crate::loader::{Descriptor, FindError, LoadWarning, Plugin, find_plugin};
use crate::metadata::RuntimeConfig;
use crate::subprocess::{ExecError, prepare_commands, run_captured};

/// The plugin type of post-renderers.
pub const POSTRENDERER_V1: &str = "postrenderer/v1";

/// Why a post-renderer failed; `Display` is Helm's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PostRenderError {
    /// `failed to invoke post-renderer plugin "x": <cause>`.
    #[error(
        "failed to invoke post-renderer plugin {}: {source}",
        rudder_value::strconv::quote(plugin)
    )]
    Invoke {
        /// The plugin's name.
        plugin: String,
        /// What went wrong.
        #[source]
        source: ExecError,
    },
    /// `post-renderer "x" produced empty output`.
    #[error(
        "post-renderer {} produced empty output",
        rudder_value::strconv::quote(plugin)
    )]
    EmptyOutput {
        /// The plugin's name.
        plugin: String,
    },
    /// A runtime rudder does not have (`extism/v1`).
    #[error(
        "failed to invoke post-renderer plugin {}: the {runtime} runtime (WebAssembly plugins) is not supported by rudder",
        rudder_value::strconv::quote(plugin)
    )]
    UnsupportedRuntime {
        /// The plugin's name.
        plugin: String,
        /// The runtime.
        runtime: String,
    },
    /// Any other post-renderer's own failure.
    #[error("{0}")]
    Other(String),
}

/// Helm's `postrenderer.PostRenderer`: takes the rendered manifests (a YAML stream) and
/// returns the modified ones.
pub trait PostRenderer: Send + Sync + std::fmt::Debug {
    /// `Run`.
    ///
    /// # Errors
    /// The post-renderer failed or produced nothing.
    fn run(&self, rendered: &[u8]) -> Result<Vec<u8>, PostRenderError>;
}

/// A `postrenderer/v1` plugin with its extra arguments (`--post-renderer-args`).
#[derive(Debug, Clone)]
pub struct PostRendererPlugin {
    /// The plugin.
    pub plugin: Plugin,
    /// Arguments appended to the plugin's command.
    pub args: Vec<String>,
    /// The environment the plugin starts with (Helm: its own process environment), to which
    /// `HELM_PLUGIN_NAME` and `HELM_PLUGIN_DIR` are added.
    pub env: BTreeMap<String, String>,
}

impl PostRendererPlugin {
    /// `NewPostRendererPlugin`: looks the plugin up by name and type `postrenderer/v1` in
    /// `plugin_dirs` (`HELM_PLUGINS` split with `filepath.SplitList`). Plugins that do not
    /// load land in `warnings`. The environment is this process's.
    ///
    /// # Errors
    /// `plugin: {Name:x Type:postrenderer/v1} not found`, or two plugins with one name.
    pub fn find(
        plugin_dirs: &[String],
        name: &str,
        args: Vec<String>,
        warnings: &mut Vec<LoadWarning>,
    ) -> Result<Self, FindError> {
        let descriptor = Descriptor {
            name: name.to_owned(),
            plugin_type: POSTRENDERER_V1.to_owned(),
        };
        let plugin = find_plugin(plugin_dirs, &descriptor, warnings)?;
        let env = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        Ok(Self { plugin, args, env })
    }
}

impl PostRenderer for PostRendererPlugin {
    /// Runs the plugin (`runPostrenderer`): the manifests on stdin, the result from stdout;
    /// stderr is captured and not shown (as Helm does).
    fn run(&self, rendered: &[u8]) -> Result<Vec<u8>, PostRenderError> {
        let name = &self.plugin.metadata.name;
        let invoke = |source| PostRenderError::Invoke {
            plugin: name.clone(),
            source,
        };
        let platform_command = match &self.plugin.metadata.runtime_config {
            RuntimeConfig::Subprocess { platform_command } => platform_command,
            RuntimeConfig::ExtismV1 => {
                return Err(PostRenderError::UnsupportedRuntime {
                    plugin: name.clone(),
                    runtime: self.plugin.metadata.runtime.clone(),
                });
            }
        };
        let mut env = self.env.clone();
        env.insert("HELM_PLUGIN_NAME".to_owned(), name.clone());
        env.insert("HELM_PLUGIN_DIR".to_owned(), self.plugin.dir.clone());
        let (program, argv) = prepare_commands(platform_command, true, &self.args, &env)
            .map_err(|e| invoke(ExecError::Prepare(e)))?;
        let out = run_captured(name, &program, &argv, &env, rendered.to_vec()).map_err(invoke)?;
        if out.iter().all(|b| is_go_space(*b)) {
            return Err(PostRenderError::EmptyOutput {
                plugin: name.clone(),
            });
        }
        Ok(out)
    }
}

/// `bytes.TrimSpace`'s ASCII spaces.
fn is_go_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> Vec<String> {
        vec![format!("{}/testdata/plugins", env!("CARGO_MANIFEST_DIR"))]
    }

    // pkg/postrenderer/postrenderer_test.go: the sed plugin with and without arguments.
    #[test]
    fn sed_plugin() {
        let mut warnings = Vec::new();
        let pr = PostRendererPlugin::find(&dirs(), "postrenderer-v1", Vec::new(), &mut warnings)
            .unwrap();
        let out = pr.run(b"FOOTEST\n").unwrap();
        assert_eq!(out, b"BARTEST\n");
        let pr = PostRendererPlugin::find(
            &dirs(),
            "postrenderer-v1",
            vec!["ARG1".to_owned(), "ARG2".to_owned()],
            &mut warnings,
        )
        .unwrap();
        assert_eq!(pr.run(b"FOOTEST\n").unwrap(), b"ARG1 ARG2\n");
        assert!(warnings.is_empty());
    }

    #[test]
    fn not_found() {
        let mut warnings = Vec::new();
        let e = PostRendererPlugin::find(&dirs(), "nope", Vec::new(), &mut warnings).unwrap_err();
        assert_eq!(
            e.to_string(),
            "plugin: {Name:nope Type:postrenderer/v1} not found"
        );
    }

    #[test]
    fn empty_output_and_exit() {
        let mut warnings = Vec::new();
        let mut pr =
            PostRendererPlugin::find(&dirs(), "postrenderer-v1", Vec::new(), &mut warnings)
                .unwrap();
        assert_eq!(
            pr.run(b"  \n").unwrap_err().to_string(),
            "post-renderer \"postrenderer-v1\" produced empty output"
        );
        pr.plugin.metadata.runtime_config = RuntimeConfig::Subprocess {
            platform_command: vec![crate::metadata::PlatformCommand {
                command: "false".to_owned(),
                ..Default::default()
            }],
        };
        assert_eq!(
            pr.run(b"x").unwrap_err().to_string(),
            "failed to invoke post-renderer plugin \"postrenderer-v1\": plugin \"postrenderer-v1\" exited with error"
        );
        pr.plugin.metadata.runtime_config = RuntimeConfig::Subprocess {
            platform_command: Vec::new(),
        };
        assert_eq!(
            pr.run(b"x").unwrap_err().to_string(),
            "failed to invoke post-renderer plugin \"postrenderer-v1\": failed to prepare plugin command: no plugin command is applicable"
        );
    }

    #[test]
    fn plugin_environment() {
        let mut warnings = Vec::new();
        let mut pr =
            PostRendererPlugin::find(&dirs(), "postrenderer-v1", Vec::new(), &mut warnings)
                .unwrap();
        pr.env = BTreeMap::from([("PATH".to_owned(), "/usr/bin:/bin".to_owned())]);
        pr.plugin.metadata.runtime_config = RuntimeConfig::Subprocess {
            platform_command: vec![crate::metadata::PlatformCommand {
                command: "sh".to_owned(),
                args: vec![
                    "-c".to_owned(),
                    "echo $HELM_PLUGIN_NAME $HELM_PLUGIN_DIR; env | wc -l".to_owned(),
                ],
                ..Default::default()
            }],
        };
        let out = String::from_utf8(pr.run(b"").unwrap()).unwrap();
        let mut lines = out.lines();
        assert_eq!(
            lines.next().unwrap(),
            format!("postrenderer-v1 {}/postrenderer-v1", dirs()[0])
        );
        // PATH, HELM_PLUGIN_NAME, HELM_PLUGIN_DIR and what sh adds itself (PWD, SHLVL, _).
        assert!(lines.next().unwrap().trim().parse::<u32>().unwrap() <= 6);
    }
}
