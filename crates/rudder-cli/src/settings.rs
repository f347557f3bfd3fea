//! Helm's environment: the environment variables rudder honours (one registry, below), Helm's
//! directory layout (`helmpath`: `$HELM_*_HOME`, then `$XDG_*_HOME/helm`, then the OS
//! default), the global flags (`EnvSettings.AddFlags`) and the settings they produce
//! (`EnvSettings`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Go's `filepath.Clean` and `filepath.Join` (Unix).
pub(crate) use rudder::value::path::{clean as go_clean, join_all as go_join};

use rudder::value::strconv::{format_float, parse_float, parse_int};

use crate::args::goconv::parse_bool;
use crate::args::{Flag, FlagSet};

/// Every environment variable rudder reads, as Helm v4.2.4 reads it.
#[allow(
    dead_code,
    reason = "the registry lists variables whose commands are still being written"
)]
pub(crate) mod vars {
    /// Base directory for cached files (used as-is, no `/helm` suffix).
    pub(crate) const HELM_CACHE_HOME: &str = "HELM_CACHE_HOME";
    /// Base directory for configuration.
    pub(crate) const HELM_CONFIG_HOME: &str = "HELM_CONFIG_HOME";
    /// Base directory for data (plugins, starters).
    pub(crate) const HELM_DATA_HOME: &str = "HELM_DATA_HOME";
    /// `<dir>/helm` when `HELM_CACHE_HOME` is unset.
    pub(crate) const XDG_CACHE_HOME: &str = "XDG_CACHE_HOME";
    pub(crate) const XDG_CONFIG_HOME: &str = "XDG_CONFIG_HOME";
    pub(crate) const XDG_DATA_HOME: &str = "XDG_DATA_HOME";
    pub(crate) const HOME: &str = "HOME";
    /// Default of `--debug` (Go's `strconv.ParseBool`; anything else is false).
    pub(crate) const HELM_DEBUG: &str = "HELM_DEBUG";
    /// Storage driver: `secret(s)` (default), `configmap(s)`, `memory`, `sql`.
    pub(crate) const HELM_DRIVER: &str = "HELM_DRIVER";
    pub(crate) const HELM_DRIVER_SQL_CONNECTION_STRING: &str = "HELM_DRIVER_SQL_CONNECTION_STRING";
    pub(crate) const HELM_MEMORY_DRIVER_DATA: &str = "HELM_MEMORY_DRIVER_DATA";
    pub(crate) const HELM_MAX_HISTORY: &str = "HELM_MAX_HISTORY";
    pub(crate) const HELM_NAMESPACE: &str = "HELM_NAMESPACE";
    pub(crate) const HELM_NO_PLUGINS: &str = "HELM_NO_PLUGINS";
    pub(crate) const HELM_PLUGINS: &str = "HELM_PLUGINS";
    pub(crate) const HELM_REGISTRY_CONFIG: &str = "HELM_REGISTRY_CONFIG";
    pub(crate) const HELM_REPOSITORY_CACHE: &str = "HELM_REPOSITORY_CACHE";
    pub(crate) const HELM_REPOSITORY_CONFIG: &str = "HELM_REPOSITORY_CONFIG";
    pub(crate) const HELM_CONTENT_CACHE: &str = "HELM_CONTENT_CACHE";
    pub(crate) const KUBECONFIG: &str = "KUBECONFIG";
    pub(crate) const HELM_KUBEAPISERVER: &str = "HELM_KUBEAPISERVER";
    pub(crate) const HELM_KUBECAFILE: &str = "HELM_KUBECAFILE";
    /// Comma-separated, trimmed of `", "`.
    pub(crate) const HELM_KUBEASGROUPS: &str = "HELM_KUBEASGROUPS";
    pub(crate) const HELM_KUBEASUSER: &str = "HELM_KUBEASUSER";
    pub(crate) const HELM_KUBECONTEXT: &str = "HELM_KUBECONTEXT";
    pub(crate) const HELM_KUBETOKEN: &str = "HELM_KUBETOKEN";
    pub(crate) const HELM_KUBEINSECURE_SKIP_TLS_VERIFY: &str = "HELM_KUBEINSECURE_SKIP_TLS_VERIFY";
    pub(crate) const HELM_KUBETLS_SERVER_NAME: &str = "HELM_KUBETLS_SERVER_NAME";
    pub(crate) const HELM_BURST_LIMIT: &str = "HELM_BURST_LIMIT";
    pub(crate) const HELM_QPS: &str = "HELM_QPS";
    /// `never`, `auto` or `always` (case-insensitive); others are ignored.
    pub(crate) const HELM_COLOR: &str = "HELM_COLOR";
    /// Any non-empty value means `never` (before `HELM_COLOR`).
    pub(crate) const NO_COLOR: &str = "NO_COLOR";
    /// `dumb` turns the `--wait` live view off (rudder only).
    pub(crate) const TERM: &str = "TERM";
    /// The terminal's width for the `--wait` live view (rudder only; 80 when unset).
    pub(crate) const COLUMNS: &str = "COLUMNS";
    /// Default `--keyring` directory.
    pub(crate) const GNUPGHOME: &str = "GNUPGHOME";
    /// Any non-empty value un-hides `create --chart-api-version` (chart v3).
    pub(crate) const HELM_EXPERIMENTAL_CHART_V3: &str = "HELM_EXPERIMENTAL_CHART_V3";
}

/// A snapshot of the process environment (tests pass their own).
#[derive(Debug, Clone, Default)]
pub(crate) struct Env {
    vars: BTreeMap<String, String>,
    /// `os.Args[0]`.
    pub(crate) bin: String,
}

impl Env {
    pub(crate) fn from_process() -> Self {
        let vars = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.to_string_lossy().into_owned())))
            .collect();
        Env {
            vars,
            bin: std::env::args().next().unwrap_or_default(),
        }
    }

    /// `os.Getenv`: unset and empty are both `""`.
    pub(crate) fn get(&self, name: &str) -> &str {
        self.vars.get(name).map_or("", String::as_str)
    }

    /// `EnvSettings.PluginsDirectory`: `$HELM_PLUGINS`, else `<data home>/plugins`.
    pub(crate) fn plugins_directory(&self) -> String {
        self.or(vars::HELM_PLUGINS, self.data_path("plugins"))
    }

    /// `os.LookupEnv`.
    pub(crate) fn lookup(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    fn or(&self, name: &str, default: String) -> String {
        self.lookup(name).map_or(default, str::to_owned)
    }

    fn int_or(&self, name: &str, default: i64) -> i64 {
        // strconv.Atoi: base 10, optional sign.
        self.lookup(name)
            .and_then(|v| parse_int(v, 10, 64).ok())
            .unwrap_or(default)
    }

    fn bool_or(&self, name: &str, default: bool) -> bool {
        self.lookup(name)
            .map_or(Ok(default), parse_bool)
            .unwrap_or(default)
    }

    fn float32_or(&self, name: &str, default: f32) -> f32 {
        self.lookup(name)
            .and_then(|v| parse_float(v, 32).ok())
            .map_or(default, |f| f as f32)
    }

    fn csv(&self, name: &str) -> Vec<String> {
        let trimmed = self.get(name).trim_matches([',', ' ']);
        if trimmed.is_empty() {
            Vec::new()
        } else {
            trimmed.split(',').map(str::to_owned).collect()
        }
    }

    fn color_mode(&self) -> String {
        if self.lookup(vars::NO_COLOR).is_some_and(|v| !v.is_empty()) {
            return "never".to_owned();
        }
        if let Some(v) = self.lookup(vars::HELM_COLOR) {
            let v = v.to_lowercase();
            if matches!(v.as_str(), "never" | "auto" | "always") {
                return v;
            }
        }
        "auto".to_owned()
    }

    /// helmpath's `CachePath(elem)`.
    pub(crate) fn cache_path(&self, elem: &str) -> String {
        self.helm_path(vars::HELM_CACHE_HOME, vars::XDG_CACHE_HOME, ".cache", elem)
    }

    /// helmpath's `ConfigPath(elem)`.
    pub(crate) fn config_path(&self, elem: &str) -> String {
        self.helm_path(
            vars::HELM_CONFIG_HOME,
            vars::XDG_CONFIG_HOME,
            ".config",
            elem,
        )
    }

    /// helmpath's `DataPath(elem)`.
    pub(crate) fn data_path(&self, elem: &str) -> String {
        self.helm_path(
            vars::HELM_DATA_HOME,
            vars::XDG_DATA_HOME,
            ".local/share",
            elem,
        )
    }

    /// `$HELM_X_HOME/<elem>`, else `$XDG_X_HOME/helm/<elem>`, else `$HOME/<default>/helm/<elem>`
    /// (Linux defaults; Go's `filepath.Join` cleaning).
    fn helm_path(&self, helm_var: &str, xdg_var: &str, default: &str, elem: &str) -> String {
        let base = self.get(helm_var);
        if !base.is_empty() {
            return go_join(&[base, elem]);
        }
        let xdg = self.get(xdg_var);
        let base = if xdg.is_empty() {
            go_join(&[self.get(vars::HOME), default])
        } else {
            xdg.to_owned()
        };
        go_join(&[&base, "helm", elem])
    }

    /// Helm's `defaultKeyring()`: `$GNUPGHOME/pubring.gpg`, else `~/.gnupg/pubring.gpg`.
    pub(crate) fn default_keyring(&self) -> String {
        let home = self.get(vars::GNUPGHOME);
        if home.is_empty() {
            go_join(&[self.get(vars::HOME), ".gnupg", "pubring.gpg"])
        } else {
            go_join(&[home, "pubring.gpg"])
        }
    }
}

/// The global flags (`EnvSettings.AddFlags` plus Helm's hidden klog flags), with their
/// defaults from the environment.
pub(crate) fn global_flags(env: &Env) -> Vec<Flag> {
    let color_mode = env.color_mode();
    let mut flags = vec![
        Flag::string(
            "namespace",
            "n",
            env.get(vars::HELM_NAMESPACE),
            "namespace scope for this request",
        ),
        Flag::string("kubeconfig", "", "", "path to the kubeconfig file"),
        Flag::string(
            "kube-context",
            "",
            env.get(vars::HELM_KUBECONTEXT),
            "name of the kubeconfig context to use",
        ),
        Flag::string(
            "kube-token",
            "",
            env.get(vars::HELM_KUBETOKEN),
            "bearer token used for authentication",
        ),
        Flag::string(
            "kube-as-user",
            "",
            env.get(vars::HELM_KUBEASUSER),
            "username to impersonate for the operation",
        ),
        {
            let groups = env.csv(vars::HELM_KUBEASGROUPS);
            let groups: Vec<&str> = groups.iter().map(String::as_str).collect();
            Flag::string_array(
                "kube-as-group",
                "",
                &groups,
                "group to impersonate for the operation, this flag can be repeated to specify multiple groups.",
            )
        },
        Flag::string(
            "kube-apiserver",
            "",
            env.get(vars::HELM_KUBEAPISERVER),
            "the address and the port for the Kubernetes API server",
        ),
        Flag::string(
            "kube-ca-file",
            "",
            env.get(vars::HELM_KUBECAFILE),
            "the certificate authority file for the Kubernetes API server connection",
        ),
        Flag::string(
            "kube-tls-server-name",
            "",
            env.get(vars::HELM_KUBETLS_SERVER_NAME),
            "server name to use for Kubernetes API server certificate validation. If it is not provided, the hostname used to contact the server is used",
        ),
        Flag::bool(
            "kube-insecure-skip-tls-verify",
            "",
            env.bool_or(vars::HELM_KUBEINSECURE_SKIP_TLS_VERIFY, false),
            "if true, the Kubernetes API server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
        ),
        Flag::bool(
            "debug",
            "",
            parse_bool(env.get(vars::HELM_DEBUG)).unwrap_or(false),
            "enable verbose output",
        ),
        Flag::string(
            "registry-config",
            "",
            &env.or(
                vars::HELM_REGISTRY_CONFIG,
                env.config_path("registry/config.json"),
            ),
            "path to the registry config file",
        ),
        Flag::string(
            "repository-config",
            "",
            &env.or(
                vars::HELM_REPOSITORY_CONFIG,
                env.config_path("repositories.yaml"),
            ),
            "path to the file containing repository names and URLs",
        ),
        Flag::string(
            "repository-cache",
            "",
            &env.or(vars::HELM_REPOSITORY_CACHE, env.cache_path("repository")),
            "path to the directory containing cached repository indexes",
        ),
        Flag::string(
            "content-cache",
            "",
            &env.or(vars::HELM_CONTENT_CACHE, env.cache_path("content")),
            "path to the directory containing cached content (e.g. charts)",
        ),
        Flag::int(
            "burst-limit",
            "",
            env.int_or(vars::HELM_BURST_LIMIT, 100),
            "client-side default throttling limit",
        ),
        Flag::float32(
            "qps",
            "",
            env.float32_or(vars::HELM_QPS, 0.0),
            "queries per second used when communicating with the Kubernetes API, not including bursting",
        ),
        Flag::string(
            "color",
            "",
            &color_mode,
            "use colored output (never, auto, always)",
        ),
        Flag::string(
            "colour",
            "",
            &color_mode,
            "use colored output (never, auto, always)",
        ),
    ];
    flags.extend(klog_flags());
    flags
}

/// klog's flags (`addKlogFlags`): `_` turned into `-`, hidden, accepted and ignored.
fn klog_flags() -> Vec<Flag> {
    let mut flags = Vec::new();
    for name in [
        "add-dir-header",
        "alsologtostderr",
        "logtostderr",
        "one-output",
        "skip-headers",
        "skip-log-headers",
    ] {
        flags.push(Flag::bool(name, "", name == "logtostderr", "").hidden());
    }
    for name in [
        "log-backtrace-at",
        "log-dir",
        "log-file",
        "vmodule",
        "stderrthreshold",
    ] {
        flags.push(Flag::string(name, "", "", "").hidden());
    }
    flags.push(Flag::uint("log-file-max-size", "", 1800, "").hidden());
    flags.push(Flag::uint("v", "v", 0, "").hidden());
    flags
}

/// Helm's `EnvSettings` after the global flags were parsed.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    namespace: String,
    pub(crate) kube_config: String,
    pub(crate) kube_context: String,
    pub(crate) kube_token: String,
    pub(crate) kube_as_user: String,
    pub(crate) kube_as_groups: Vec<String>,
    pub(crate) kube_apiserver: String,
    pub(crate) kube_ca_file: String,
    pub(crate) kube_insecure_skip_tls_verify: bool,
    pub(crate) kube_tls_server_name: String,
    pub(crate) debug: bool,
    pub(crate) registry_config: String,
    pub(crate) repository_config: String,
    pub(crate) repository_cache: String,
    pub(crate) content_cache: String,
    pub(crate) plugins_directory: String,
    pub(crate) max_history: i64,
    pub(crate) burst_limit: i64,
    pub(crate) qps: f32,
    pub(crate) color_mode: String,
    /// The environment it was made from.
    pub(crate) env: Env,
}

impl Settings {
    /// Reads the global flags (their defaults came from `env`).
    pub(crate) fn from_flags(env: &Env, flags: &FlagSet) -> Self {
        // `--kubeconfig` defaults to "" (Helm's `AddFlags` resets the `$KUBECONFIG` it read):
        // `$KUBECONFIG` stays the loader's default, but `helm env` does not show it.
        let kube_config = flags.get_string("kubeconfig").to_owned();
        Settings {
            namespace: flags.get_string("namespace").to_owned(),
            kube_config,
            kube_context: flags.get_string("kube-context").to_owned(),
            kube_token: flags.get_string("kube-token").to_owned(),
            kube_as_user: flags.get_string("kube-as-user").to_owned(),
            kube_as_groups: flags.get_list("kube-as-group").to_vec(),
            kube_apiserver: flags.get_string("kube-apiserver").to_owned(),
            kube_ca_file: flags.get_string("kube-ca-file").to_owned(),
            kube_insecure_skip_tls_verify: flags.get_bool("kube-insecure-skip-tls-verify"),
            kube_tls_server_name: flags.get_string("kube-tls-server-name").to_owned(),
            debug: flags.get_bool("debug"),
            registry_config: flags.get_string("registry-config").to_owned(),
            repository_config: flags.get_string("repository-config").to_owned(),
            repository_cache: flags.get_string("repository-cache").to_owned(),
            content_cache: flags.get_string("content-cache").to_owned(),
            plugins_directory: env.or(vars::HELM_PLUGINS, env.data_path("plugins")),
            max_history: env.int_or(vars::HELM_MAX_HISTORY, 10),
            burst_limit: flags.get_int("burst-limit"),
            qps: flags.get_float32("qps"),
            // `--color` and `--colour` share one variable: the last one set wins.
            color_mode: last_color(flags),
            env: env.clone(),
        }
    }

    /// `EnvSettings.Namespace()`: `-n`/`$HELM_NAMESPACE`, else the kubeconfig context's
    /// namespace, else — in a Pod — the in-cluster one, else `default`.
    pub(crate) fn namespace(&self) -> String {
        if !self.namespace.is_empty() {
            return self.namespace.clone();
        }
        if !self.kube_config.is_empty() && !Path::new(&self.kube_config).exists() {
            return "default".to_owned();
        }
        match self.kubeconfig_namespace() {
            Some(namespace) if !namespace.is_empty() => namespace,
            _ => self
                .in_cluster_namespace()
                .unwrap_or_else(|| "default".to_owned()),
        }
    }

    /// client-go's `DeferredLoadingClientConfig.Namespace` when the kubeconfig names no
    /// namespace and in-cluster configuration is possible (`KUBERNETES_SERVICE_HOST` and
    /// `_PORT` set, a service account token file): `$POD_NAMESPACE`, else the service
    /// account's namespace file, else `default`.
    fn in_cluster_namespace(&self) -> Option<String> {
        const ACCOUNT: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
        let possible = !self.env.get("KUBERNETES_SERVICE_HOST").is_empty()
            && !self.env.get("KUBERNETES_SERVICE_PORT").is_empty()
            && Path::new(ACCOUNT).join("token").exists();
        if !possible {
            return None;
        }
        let pod = self.env.get("POD_NAMESPACE");
        if !pod.is_empty() {
            return Some(pod.to_owned());
        }
        let file = std::fs::read_to_string(Path::new(ACCOUNT).join("namespace")).ok();
        Some(
            file.map(|f| f.trim().to_owned())
                .filter(|f| !f.is_empty())
                .unwrap_or_else(|| "default".to_owned()),
        )
    }

    /// The namespace of the kubeconfig context in use, empty when the context names none
    /// (client-go's loading rules: the explicit file, else the `$KUBECONFIG` list merged
    /// first-wins, else `~/.kube/config`).
    fn kubeconfig_namespace(&self) -> Option<String> {
        let from_env = self.env.get(vars::KUBECONFIG);
        let files: Vec<PathBuf> = if !self.kube_config.is_empty() {
            // An explicit `--kubeconfig` must exist (else the loader fails: no namespace).
            if !Path::new(&self.kube_config).exists() {
                return None;
            }
            vec![PathBuf::from(&self.kube_config)]
        } else if !from_env.is_empty() {
            // A `$KUBECONFIG` list: missing files are skipped, the first value set wins.
            from_env
                .split(':')
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
                .collect()
        } else {
            vec![Path::new(self.env.get(vars::HOME)).join(".kube/config")]
        };
        let mut current = String::new();
        let mut contexts: BTreeMap<String, String> = BTreeMap::new();
        for file in files {
            let Ok(data) = std::fs::read(&file) else {
                continue;
            };
            let doc = rudder::yaml::sigs::unmarshal(&data).ok()?;
            let map = doc.as_map()?;
            if current.is_empty()
                && let Some(name) = map.get("current-context")
                && let Some(name) = name.as_str()
            {
                name.clone_into(&mut current);
            }
            if let Some(list) = map.get("contexts")
                && let Some(list) = list.as_list()
            {
                for entry in list.items() {
                    let Some(entry) = entry.as_map() else {
                        continue;
                    };
                    let Some(name) = entry
                        .get("name")
                        .and_then(|n| n.as_str().map(str::to_owned))
                    else {
                        continue;
                    };
                    let namespace = entry
                        .get("context")
                        .and_then(|c| c.as_map().and_then(|m| m.get("namespace")))
                        .and_then(|n| n.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    contexts.entry(name).or_insert(namespace);
                }
            }
        }
        let name = if self.kube_context.is_empty() {
            current
        } else {
            self.kube_context.clone()
        };
        contexts.get(&name).cloned()
    }

    /// `EnvSettings.EnvVars()`: what `helm env` prints and plugins receive.
    pub(crate) fn env_vars(&self) -> BTreeMap<&'static str, String> {
        let mut vars = BTreeMap::from([
            ("HELM_BIN", self.env.bin.clone()),
            ("HELM_CACHE_HOME", self.env.cache_path("")),
            ("HELM_CONFIG_HOME", self.env.config_path("")),
            ("HELM_DATA_HOME", self.env.data_path("")),
            ("HELM_DEBUG", self.debug.to_string()),
            ("HELM_PLUGINS", self.plugins_directory.clone()),
            ("HELM_REGISTRY_CONFIG", self.registry_config.clone()),
            ("HELM_REPOSITORY_CACHE", self.repository_cache.clone()),
            ("HELM_CONTENT_CACHE", self.content_cache.clone()),
            ("HELM_REPOSITORY_CONFIG", self.repository_config.clone()),
            ("HELM_NAMESPACE", self.namespace()),
            ("HELM_MAX_HISTORY", self.max_history.to_string()),
            ("HELM_BURST_LIMIT", self.burst_limit.to_string()),
            ("HELM_QPS", format_float(f64::from(self.qps), b'f', 2, 32)),
            ("HELM_KUBECONTEXT", self.kube_context.clone()),
            ("HELM_KUBETOKEN", self.kube_token.clone()),
            ("HELM_KUBEASUSER", self.kube_as_user.clone()),
            ("HELM_KUBEASGROUPS", self.kube_as_groups.join(",")),
            ("HELM_KUBEAPISERVER", self.kube_apiserver.clone()),
            ("HELM_KUBECAFILE", self.kube_ca_file.clone()),
            (
                "HELM_KUBEINSECURE_SKIP_TLS_VERIFY",
                self.kube_insecure_skip_tls_verify.to_string(),
            ),
            (
                "HELM_KUBETLS_SERVER_NAME",
                self.kube_tls_server_name.clone(),
            ),
        ]);
        if !self.kube_config.is_empty() {
            vars.insert("KUBECONFIG", self.kube_config.clone());
        }
        vars
    }

    /// Colour is off (`--color never`, `NO_COLOR`).
    #[allow(dead_code, reason = "for the release commands' coloured status output")]
    pub(crate) fn should_disable_color(&self) -> bool {
        self.color_mode == "never"
    }
}

fn last_color(flags: &FlagSet) -> String {
    // Both flags write the same Go variable; with both given, the one parsed last wins. The
    // parse order is not kept, so `--colour` (given) wins over the default of `--color`.
    if flags.changed("colour") && !flags.changed("color") {
        flags.get_string("colour").to_owned()
    } else {
        flags.get_string("color").to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env {
            vars: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            bin: "helm".to_owned(),
        }
    }

    #[test]
    fn helm_paths_follow_helmpath() {
        let e = env(&[("HOME", "/home/u")]);
        assert_eq!(e.cache_path("repository"), "/home/u/.cache/helm/repository");
        assert_eq!(e.config_path(""), "/home/u/.config/helm");
        assert_eq!(e.data_path("plugins"), "/home/u/.local/share/helm/plugins");
        let e = env(&[
            ("HOME", "/home/u"),
            ("XDG_CACHE_HOME", "/x/"),
            ("HELM_DATA_HOME", "/d//"),
        ]);
        assert_eq!(e.cache_path("content"), "/x/helm/content");
        assert_eq!(e.data_path("plugins"), "/d/plugins");
        assert_eq!(e.data_path(""), "/d");
    }

    #[test]
    fn env_parsing_quirks() {
        let e = env(&[
            ("HELM_KUBEASGROUPS", " a,b, "),
            ("HELM_BURST_LIMIT", "x"),
            ("HELM_COLOR", "ALWAYS"),
        ]);
        assert_eq!(e.csv("HELM_KUBEASGROUPS"), ["a", "b"]);
        assert_eq!(e.int_or("HELM_BURST_LIMIT", 100), 100);
        assert_eq!(e.color_mode(), "always");
        let e = env(&[("HELM_COLOR", "always"), ("NO_COLOR", "1")]);
        assert_eq!(e.color_mode(), "never");
    }
}
