//! Plugin metadata, installers, and the subprocess and WebAssembly runtimes.
//!
//! Owns: Helm 4's plugin system as v4.2.4 has it: `plugin.yaml` in its two formats
//! ([`metadata`]), finding plugins in the plugins directories ([`loader`]), the subprocess
//! runtime ([`subprocess`]) and post-renderer plugins ([`postrenderer`]).
//!
//! Does not own: What the commands do with a plugin's output (`rudder-action`), nor the
//! `helm plugin` commands, installers and CLI/getter plugin dispatch (not written yet). The
//! Extism (WebAssembly) runtime is not implemented: such a plugin loads and is found, and
//! running it is an error naming the plugin and its runtime.
//!
//! ```
//! use rudder_plugin::postrenderer::{PostRenderer, PostRendererPlugin};
//! let dirs = vec![format!("{}/testdata/plugins", env!("CARGO_MANIFEST_DIR"))];
//! let mut warnings = Vec::new();
//! let plugin = PostRendererPlugin::find(&dirs, "postrenderer-v1", Vec::new(), &mut warnings)?;
//! assert_eq!(plugin.run(b"name: FOOTEST\n", &mut Vec::new())?, b"name: BARTEST\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod loader;
pub mod metadata;
pub mod postrenderer;
pub mod subprocess;

pub use loader::{Descriptor, FindError, LoadWarning, Plugin, find_plugin, find_plugins};
pub use metadata::{Metadata, PlatformCommand, RuntimeConfig};
pub use postrenderer::{DebugRecord, PostRenderError, PostRenderer, PostRendererPlugin};
