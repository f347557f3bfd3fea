//! Helm's actions: install, upgrade, rollback, uninstall, test, template, lint, pull, push and the rest.
//!
//! Owns: The sequencing of each operation, and the adapters between peer crates below it.
//!
//! Does not own: Argument parsing and printing (`rudder-cli`).
//!
//! * [`install`]: `action.Install`'s client-only path, what `helm template` runs.
//!   [`install::Install::run`] is the real install on a cluster (and the client and server dry
//!   runs); [`upgrade`], [`rollback`] and [`uninstall`] are Helm's other write actions, all
//!   through [`deploy`] (the cluster, capabilities from discovery, ownership checks, and the
//!   refusals of what rudder does not do yet: `--rollback-on-failure`, client-side apply), [`hooks`]
//!   (Helm's hook phases) and
//!   [`record`] (the release record and its chart exactly as Helm writes them).
//! * [`show`]: `action.Show`, what `helm show` prints.
//! * [`chart_path`]: locating a chart given on the command line (`ChartPathOptions.LocateChart`).
//! * The storage commands [`list`], [`history`], [`status`] and [`get`] over any storage driver
//!   ([`config::Configuration`]: Secret, `ConfigMap`, memory, SQL), with Helm's printers
//!   ([`output`]: tables, JSON and YAML byte for byte). They are `async fn`s: the command line
//!   drives them on a tokio runtime (the Kubernetes and SQL drivers need one).

pub mod chart_path;
pub mod config;
pub mod deploy;
mod error;
pub mod get;
pub mod history;
pub mod hooks;
pub mod install;
pub mod lint;
pub mod list;
pub mod lookup;
pub mod output;
pub mod postrender;
pub mod record;
pub mod rollback;
pub mod schema_remote;
pub mod show;
pub mod status;
pub mod template;
pub mod test;
pub mod uninstall;
pub mod upgrade;

pub use config::{Configuration, Settings};
pub use error::ActionError;
/// Plugins (`rudder-plugin`): post-renderer plugins for [`install::Install::post_renderer`].
pub use rudder_plugin as plugin;
