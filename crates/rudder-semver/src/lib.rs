//! Masterminds/semver v3.5.0, the version library Helm and Sprig share: [`Version`]
//! (`NewVersion`, which coerces `v1` and `1.2` into versions, and `StrictNewVersion`),
//! comparison, the `Inc*`/`Set*` methods, and [`Constraints`] (`NewConstraint`, `Check`), with
//! Masterminds' error texts.
//!
//! Charts use it to validate `version` in Chart.yaml and to match dependencies to subcharts
//! and repository entries; templates through Sprig's `semver` and `semverCompare`.
//!
//! ```
//! use rudder_semver::{Constraints, Version};
//!
//! let v = Version::parse("v1.2")?;
//! assert_eq!(v.to_string(), "1.2.0");
//! assert!(Constraints::parse("^1.1 || 3.x")?.check(&v));
//! assert_eq!(
//!     Constraints::parse("nope").unwrap_err().to_string(),
//!     "improper constraint: \"nope\""
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod constraints;
mod version;

pub use constraints::{ConstraintError, Constraints, is_compatible_range};
pub use version::{Version, VersionError, compare_prerelease};

/// Go's `\s` (ASCII whitespace without `\v`), for the patterns Masterminds writes with `\s`.
const S: &str = r"[\t\n\f\r ]";
