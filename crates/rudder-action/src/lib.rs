//! Helm's actions: install, upgrade, rollback, uninstall, test, template, lint, pull, push and the rest.
//!
//! Owns: The sequencing of each operation, and the adapters between peer crates below it.
//!
//! Does not own: Argument parsing and printing (`rudder-cli`).
//!
//! * [`install`]: `action.Install`'s client-only path, what `helm template` runs.
//! * [`show`]: `action.Show`, what `helm show` prints.
//! * [`chart_path`]: locating a chart given on the command line (`ChartPathOptions.LocateChart`).
//! * The storage commands [`list`], [`history`], [`status`] and [`get`] over any storage driver
//!   ([`config::Configuration`]: Secret, `ConfigMap`, memory, SQL), with Helm's printers
//!   ([`output`]: tables, JSON and YAML byte for byte). They are `async fn`s: the command line
//!   drives them on a tokio runtime (the Kubernetes and SQL drivers need one).

pub mod chart_path;
pub mod config;
mod error;
pub mod get;
pub mod history;
pub mod install;
pub mod list;
pub mod output;
pub mod show;
pub mod status;

pub use config::{Configuration, Settings};
pub use error::ActionError;
