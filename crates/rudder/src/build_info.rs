//! What `rudder version` reports, shaped like Helm's `internal/version.BuildInfo`.

/// The Helm release whose behaviour rudder reproduces.
pub const HELM_COMPATIBLE_VERSION: &str = "v4.2.4";

/// The Kubernetes client version Helm v4.2.4 was built with, as Helm prints it
/// (client-go v0.36.1 → `v1.36`).
pub const KUBE_CLIENT_VERSION: &str = "v1.36";

/// Build information, printed by `rudder version` in Helm's format.
///
/// # Example
/// ```
/// let info = rudder::BuildInfo::current();
/// assert!(info.go_syntax().starts_with("version.BuildInfo{Version:\"v4.2.4\""));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildInfo {
    /// The Helm version rudder is compatible with.
    pub version: &'static str,
    /// The rudder git commit this binary was built from (empty when unknown).
    pub git_commit: &'static str,
    /// `clean` or `dirty`.
    pub git_tree_state: &'static str,
    /// The compiler that built rudder (Helm reports its Go version here).
    pub compiler_version: &'static str,
    /// The Kubernetes client version, `v1.36`.
    pub kube_client_version: &'static str,
    /// rudder's own version.
    pub rudder_version: &'static str,
}

impl BuildInfo {
    /// The build information of the running binary. The git fields come from the environment
    /// variables this crate's build script sets from git; outside a git checkout they are empty.
    pub fn current() -> Self {
        Self {
            version: HELM_COMPATIBLE_VERSION,
            git_commit: option_env!("RUDDER_GIT_COMMIT").unwrap_or(""),
            git_tree_state: option_env!("RUDDER_GIT_TREE_STATE").unwrap_or(""),
            compiler_version: option_env!("RUDDER_RUSTC_VERSION").unwrap_or(""),
            kube_client_version: KUBE_CLIENT_VERSION,
            rudder_version: env!("CARGO_PKG_VERSION"),
        }
    }

    /// `helm version --short`: the version, then `+g` and seven digits of the commit.
    pub fn short(&self) -> String {
        if self.git_commit.len() >= 7 {
            format!("{}+g{}", self.version, &self.git_commit[..7])
        } else {
            self.version.to_owned()
        }
    }

    /// `helm version`: Go's `%#v` of the struct, with rudder's version appended as a last field.
    pub fn go_syntax(&self) -> String {
        format!(
            "version.BuildInfo{{Version:{:?}, GitCommit:{:?}, GitTreeState:{:?}, GoVersion:{:?}, KubeClientVersion:{:?}, RudderVersion:{:?}}}",
            self.version,
            self.git_commit,
            self.git_tree_state,
            self.compiler_version,
            self.kube_client_version,
            self.rudder_version,
        )
    }
}
