//! The chart model and loader, .helmignore, values (files, --set, coalescing, schema), lint
//! rules, package and create.
//!
//! Owns: everything about a chart that needs no template engine and no cluster, with Helm
//! v4.2.4's exact behaviour and error texts:
//!
//! * [`strvals`]: the `--set` family's grammar (`pkg/strvals`).
//! * [`ignore`]: `.helmignore` rules (`pkg/ignore`) and Go's `filepath.Match`.
//! * [`semver`]: Masterminds/semver versions and constraints, as charts use them.
//!
//! Does not own: rendering (`rudder-engine`), fetching charts from repositories
//! (`rudder-repo`), and YAML/JSON parsing itself (`rudder-yaml`, which this crate calls for
//! every document it reads).

pub mod archive;
pub mod chart;
pub mod create;
pub mod dependencies;
mod goerr;
mod gopath;
pub mod ignore;
pub mod jsonpath;
pub mod lint;
pub mod loader;
pub mod lock;
pub mod manager;
pub mod save;
pub mod schema;
pub mod semver;
pub mod strvals;
pub mod values;

pub use goerr::PathError;

/// Runs `f` with room for one more level of recursion. Inputs nest as deep as they are long
/// (`a[0][0]...`, directory trees through symbolic links); Go's stacks grow, ours grow on
/// the heap when nearly exhausted.
pub(crate) fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, f)
}
