//! The root command: Helm's description, the global flags, and what Helm does around cobra
//! (the colour-mode check when the root is made, the storage driver check before a command
//! runs).

use crate::args::{Command, Hooks};
use crate::settings::{Env, Settings, global_flags, vars};

/// `globalUsage` of Helm's `pkg/cmd/root.go`.
const GLOBAL_USAGE: &str = r#"The Kubernetes package manager

Common actions for Helm:

- helm search:    search for charts
- helm pull:      download a chart to your local directory to view
- helm install:   upload the chart to Kubernetes
- helm list:      list releases of charts

Environment variables:

| Name                               | Description                                                                                                |
|------------------------------------|------------------------------------------------------------------------------------------------------------|
| $HELM_CACHE_HOME                   | set an alternative location for storing cached files.                                                      |
| $HELM_CONFIG_HOME                  | set an alternative location for storing Helm configuration.                                                |
| $HELM_DATA_HOME                    | set an alternative location for storing Helm data.                                                         |
| $HELM_DEBUG                        | indicate whether or not Helm is running in Debug mode                                                      |
| $HELM_DRIVER                       | set the backend storage driver. Values are: configmap, secret, memory, sql.                                |
| $HELM_DRIVER_SQL_CONNECTION_STRING | set the connection string the SQL storage driver should use.                                               |
| $HELM_MAX_HISTORY                  | set the maximum number of helm release history.                                                            |
| $HELM_NAMESPACE                    | set the namespace used for the helm operations.                                                            |
| $HELM_NO_PLUGINS                   | disable plugins. Set HELM_NO_PLUGINS=1 to disable plugins.                                                 |
| $HELM_PLUGINS                      | set the path to the plugins directory                                                                      |
| $HELM_REGISTRY_CONFIG              | set the path to the registry config file.                                                                  |
| $HELM_REPOSITORY_CACHE             | set the path to the repository cache directory                                                             |
| $HELM_REPOSITORY_CONFIG            | set the path to the repositories file.                                                                     |
| $KUBECONFIG                        | set an alternative Kubernetes configuration file (default "~/.kube/config")                                |
| $HELM_KUBEAPISERVER                | set the Kubernetes API Server Endpoint for authentication                                                  |
| $HELM_KUBECAFILE                   | set the Kubernetes certificate authority file.                                                             |
| $HELM_KUBEASGROUPS                 | set the Groups to use for impersonation using a comma-separated list.                                      |
| $HELM_KUBEASUSER                   | set the Username to impersonate for the operation.                                                         |
| $HELM_KUBECONTEXT                  | set the name of the kubeconfig context.                                                                    |
| $HELM_KUBETOKEN                    | set the Bearer KubeToken used for authentication.                                                          |
| $HELM_KUBEINSECURE_SKIP_TLS_VERIFY | indicate if the Kubernetes API server's certificate validation should be skipped (insecure)                |
| $HELM_KUBETLS_SERVER_NAME          | set the server name used to validate the Kubernetes API server certificate                                 |
| $HELM_BURST_LIMIT                  | set the default burst limit in the case the server contains many CRDs (default 100, -1 to disable)         |
| $HELM_QPS                          | set the Queries Per Second in cases where a high number of calls exceed the option for higher burst values |
| $HELM_COLOR                        | set color output mode. Allowed values: never, always, auto (default: never)                                |
| $NO_COLOR                          | set to any non-empty value to disable all colored output (overrides $HELM_COLOR)                           |

Helm stores cache, configuration, and data based on the following configuration order:

- If a HELM_*_HOME environment variable is set, it will be used
- Otherwise, on systems supporting the XDG base directory specification, the XDG variables will be used
- When no other location is set a default location will be used based on the operating system

By default, the default directories depend on the Operating System. The defaults are listed below:

| Operating System | Cache Path                | Configuration Path             | Data Path               |
|------------------|---------------------------|--------------------------------|-------------------------|
| Linux            | $HOME/.cache/helm         | $HOME/.config/helm             | $HOME/.local/share/helm |
| macOS            | $HOME/Library/Caches/helm | $HOME/Library/Preferences/helm | $HOME/Library/helm      |
| Windows          | %TEMP%\helm               | %APPDATA%\helm                 | %APPDATA%\helm          |
"#;

/// The root, named after the binary (`helm` when rudder is installed under that name).
pub(crate) fn command(env: &Env, name: &str) -> Command {
    Command::new(name)
        .short("The Helm package manager for Kubernetes.")
        .long(GLOBAL_USAGE)
        .persistent_flags(global_flags(env))
}

pub(crate) const HOOKS: Hooks = Hooks {
    after_pre_parse: check_color_mode,
    initialize: check_driver,
};

/// `newRootCmdWithConfig`: an invalid `--color` fails the root's creation.
fn check_color_mode(settings: &Settings) -> Result<(), String> {
    match settings.color_mode.as_str() {
        "never" | "auto" | "always" => Ok(()),
        other => Err(format!(
            "invalid color mode {}: must be one of: never, auto, always",
            crate::args::go_quote(other)
        )),
    }
}

/// `actionConfig.Init` in cobra's `OnInitialize`: an unknown `$HELM_DRIVER` is fatal.
fn check_driver(settings: &Settings) -> Result<(), String> {
    let driver = settings.env.get(vars::HELM_DRIVER);
    match driver {
        "secret" | "secrets" | "" | "configmap" | "configmaps" | "memory" | "sql" => Ok(()),
        other => Err(format!("unknown driver {}", crate::args::go_quote(other))),
    }
}
