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

/// A `level=DEBUG` record Helm logs while it runs a plugin (`slog.Debug`): message and
/// attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugRecord {
    /// The message.
    pub message: String,
    /// `key=value` attributes, in order.
    pub attrs: Vec<(String, String)>,
}

/// Helm's `postrenderer.PostRenderer`: takes the rendered manifests (a YAML stream) and
/// returns the modified ones.
pub trait PostRenderer: Send + Sync + std::fmt::Debug {
    /// `Run`: the modified manifests, and what Helm logs at debug level meanwhile.
    ///
    /// # Errors
    /// The post-renderer failed or produced nothing (with the debug records so far).
    fn run(&self, rendered: &[u8], log: &mut Vec<DebugRecord>) -> Result<Vec<u8>, PostRenderError>;
}

fn debug(log: &mut Vec<DebugRecord>, message: &str, attrs: &[(&str, String)]) {
    log.push(DebugRecord {
        message: message.to_owned(),
        attrs: attrs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    });
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
    fn run(&self, rendered: &[u8], log: &mut Vec<DebugRecord>) -> Result<Vec<u8>, PostRenderError> {
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
        // `cmd.String()`: the looked-up path (or the name given) and the arguments.
        let shown = crate::subprocess::look_path(&program).unwrap_or_else(|_| program.clone());
        let command = std::iter::once(shown)
            .chain(argv.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        debug(
            log,
            "executing plugin command",
            &[("pluginName", name.clone()), ("command", command)],
        );
        let out = match run_captured(name, &program, &argv, &env, rendered.to_vec()) {
            Ok(out) => out,
            Err(e) => {
                if let ExecError::Exit { code, status, .. } = &e {
                    // Helm's stderr buffer is the process's, so ExitError.Stderr is empty.
                    debug(
                        log,
                        "plugin execution failed",
                        &[
                            ("pluginName", name.clone()),
                            ("error", status.clone()),
                            ("exitCode", code.to_string()),
                            ("stderr", String::new()),
                        ],
                    );
                }
                return Err(invoke(e));
            }
        };
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
        let out = pr.run(b"FOOTEST\n", &mut Vec::new()).unwrap();
        assert_eq!(out, b"BARTEST\n");
        let pr = PostRendererPlugin::find(
            &dirs(),
            "postrenderer-v1",
            vec!["ARG1".to_owned(), "ARG2".to_owned()],
            &mut warnings,
        )
        .unwrap();
        assert_eq!(
            pr.run(b"FOOTEST\n", &mut Vec::new()).unwrap(),
            b"ARG1 ARG2\n"
        );
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
            pr.run(b"  \n", &mut Vec::new()).unwrap_err().to_string(),
            "post-renderer \"postrenderer-v1\" produced empty output"
        );
        pr.plugin.metadata.runtime_config = RuntimeConfig::Subprocess {
            platform_command: vec![crate::metadata::PlatformCommand {
                command: "false".to_owned(),
                ..Default::default()
            }],
        };
        assert_eq!(
            pr.run(b"x", &mut Vec::new()).unwrap_err().to_string(),
            "failed to invoke post-renderer plugin \"postrenderer-v1\": plugin \"postrenderer-v1\" exited with error"
        );
        pr.plugin.metadata.runtime_config = RuntimeConfig::Subprocess {
            platform_command: Vec::new(),
        };
        assert_eq!(
            pr.run(b"x", &mut Vec::new()).unwrap_err().to_string(),
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
        let out = String::from_utf8(pr.run(b"", &mut Vec::new()).unwrap()).unwrap();
        let mut lines = out.lines();
        assert_eq!(
            lines.next().unwrap(),
            format!("postrenderer-v1 {}/postrenderer-v1", dirs()[0])
        );
        // PATH, HELM_PLUGIN_NAME, HELM_PLUGIN_DIR and what sh adds itself (PWD, SHLVL, _).
        assert!(lines.next().unwrap().trim().parse::<u32>().unwrap() <= 6);
    }
}
