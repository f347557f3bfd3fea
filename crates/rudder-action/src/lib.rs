//! Helm's actions: install, upgrade, rollback, uninstall, test, template, lint, pull, push and the rest.
//!
//! Owns: The sequencing of each operation, and the adapters between peer crates below it.
//!
//! Does not own: Argument parsing and printing (`rudder-cli`).
//!
//! * [`install`]: `action.Install`'s client-only path, what `helm template` runs.
//! * [`show`]: `action.Show`, what `helm show` prints.
//! * [`chart_path`]: locating a chart given on the command line (`ChartPathOptions.LocateChart`).

pub mod chart_path;
pub mod install;
pub mod show;
