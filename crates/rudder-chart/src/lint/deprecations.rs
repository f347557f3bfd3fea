//! `validateNoDeprecations` (`rules/deprecations.go`): kinds of client-go's scheme that
//! Kubernetes marks deprecated (`APILifecycleDeprecated` and friends, k8s.io/api v0.36.1 as
//! Helm v4.2.4 links it). The table `deprecated_apis.tsv` is generated from that scheme by
//! `deprecated_apis_gen.go.txt` (see its header); columns: group/version, kind, deprecated
//! major, minor, removed major, minor, replacement ("group/version Kind" or empty).

use std::fmt::Write as _;

/// One deprecated kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeprecatedApi {
    /// `apps/v1beta1`, `v1`, ...
    pub group_version: &'static str,
    /// The kind.
    pub kind: &'static str,
    /// Deprecated in (major, minor).
    pub deprecated: (u32, u32),
    /// Removed in (major, minor); (0, 0) when not planned.
    pub removed: (u32, u32),
    /// The replacement (`group/version Kind`), if any.
    pub replacement: &'static str,
}

const TABLE: &str = include_str!("deprecated_apis.tsv");

/// The table entry of `api_version` and `kind`, if that kind is deprecated at some version.
pub fn deprecated_api(api_version: &str, kind: &str) -> Option<DeprecatedApi> {
    TABLE.lines().find_map(|line| {
        let cols: Vec<&'static str> = line.split('\t').collect();
        if cols.len() < 7 || cols[0] != api_version || cols[1] != kind {
            return None;
        }
        let n = |s: &str| s.parse::<u32>().unwrap_or(0);
        Some(DeprecatedApi {
            group_version: cols[0],
            kind: cols[1],
            deprecated: (n(cols[2]), n(cols[3])),
            removed: (n(cols[4]), n(cols[5])),
            replacement: cols[6],
        })
    })
}

/// `validateNoDeprecations` against Kubernetes `major.minor` (the `--kube-version`, or Helm's
/// default).
///
/// # Errors
/// apiserver's warning: `extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in
/// v1.22+; use networking.k8s.io/v1 Ingress`.
pub fn no_deprecations(
    api_version: &str,
    kind: &str,
    major: u32,
    minor: u32,
) -> Result<(), String> {
    if api_version.is_empty() || kind.is_empty() {
        return Ok(());
    }
    let Some(api) = deprecated_api(api_version, kind) else {
        return Ok(());
    };
    let (dmajor, dminor) = api.deprecated;
    if (dmajor, dminor) == (0, 0) {
        return Ok(());
    }
    let current_zero = major == 0 && minor == 0;
    if !current_zero && (dmajor > major || (dmajor == major && dminor > minor)) {
        return Ok(());
    }
    let mut text = format!("{api_version} {kind} is deprecated in v{dmajor}.{dminor}+");
    if api.removed != (0, 0) {
        let _ = write!(
            text,
            ", unavailable in v{}.{}+",
            api.removed.0, api.removed.1
        );
    }
    if !api.replacement.is_empty() {
        let _ = write!(text, "; use {}", api.replacement);
    }
    Err(text)
}
