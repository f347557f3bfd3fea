//! Helm's actions: install, upgrade, rollback, uninstall, test, template, lint, pull, push and the rest.
//!
//! Owns: The sequencing of each operation, and the adapters between peer crates below it.
//!
//! Does not own: Argument parsing and printing (`rudder-cli`).
