//! Plugin metadata, installers, and the subprocess and WebAssembly runtimes.
//!
//! Owns: Helm 4's plugin system: CLI, getter and post-renderer plugins.
//!
//! Does not own: What the commands do with a plugin's output (`rudder-action`).
