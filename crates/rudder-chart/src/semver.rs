//! Masterminds/semver versions and constraints, as charts use them (Chart.yaml validation,
//! matching dependencies to subcharts): the `rudder-semver` crate, re-exported.

pub use rudder_semver::{ConstraintError, Constraints, Version, VersionError, is_compatible_range};
