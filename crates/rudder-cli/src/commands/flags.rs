//! Helm's shared flag groups (`pkg/cmd/flags.go`, `install.go`, `helpers.go`): values options,
//! chart path options, install flags, `--wait`, `--dry-run`, `--post-renderer`, `--output`.
//! Commands add them with `.flags(...)` and read them back with the `read_*` functions.

use rudder::chart::values::Options;

use crate::args::{Flag, FlagSet, Value};
use crate::settings::Env;

/// `addValueOptionsFlags`.
pub(crate) fn values_flags() -> Vec<Flag> {
    vec![
        Flag::string_slice(
            "values",
            "f",
            &[],
            "specify values in a YAML file or a URL (can specify multiple)",
        ),
        Flag::string_array(
            "set",
            "",
            &[],
            "set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)",
        ),
        Flag::string_array(
            "set-string",
            "",
            &[],
            "set STRING values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)",
        ),
        Flag::string_array(
            "set-file",
            "",
            &[],
            "set values from respective files specified via the command line (can specify multiple or separate values with commas: key1=path1,key2=path2)",
        ),
        Flag::string_array(
            "set-json",
            "",
            &[],
            "set JSON values on the command line (can specify multiple or separate values with commas: key1=jsonval1,key2=jsonval2 or using json format: {\"key1\": jsonval1, \"key2\": \"jsonval2\"})",
        ),
        Flag::string_array(
            "set-literal",
            "",
            &[],
            "set a literal STRING value on the command line",
        ),
    ]
}

/// The values options as `rudder-chart` takes them.
pub(crate) fn read_values(flags: &FlagSet) -> Options {
    Options {
        value_files: flags.get_list("values").to_vec(),
        string_values: flags.get_list("set-string").to_vec(),
        values: flags.get_list("set").to_vec(),
        file_values: flags.get_list("set-file").to_vec(),
        json_values: flags.get_list("set-json").to_vec(),
        literal_values: flags.get_list("set-literal").to_vec(),
    }
}

/// `addChartPathOptionsFlags`.
pub(crate) fn chart_path_flags(env: &Env) -> Vec<Flag> {
    let mut flags = vec![
        Flag::string(
            "version",
            "",
            "",
            "specify a version constraint for the chart version to use. This constraint can be a specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is not specified, the latest version is used",
        ),
        Flag::bool("verify", "", false, "verify the package before using it"),
        Flag::string(
            "keyring",
            "",
            &env.default_keyring(),
            "location of public keys used for verification",
        ),
        Flag::string(
            "repo",
            "",
            "",
            "chart repository url where to locate the requested chart",
        ),
    ];
    flags.extend(registry_flags());
    flags.push(Flag::bool(
        "pass-credentials",
        "",
        false,
        "pass credentials to all domains",
    ));
    flags
}

/// `addInstallFlags` (with the values, chart path and wait flags it adds). On `template`,
/// `--hide-notes` and `--render-subchart-notes` are deprecated and hidden.
pub(crate) fn install_flags(env: &Env, template: bool) -> Vec<Flag> {
    let mut flags = vec![
        Flag::bool(
            "create-namespace",
            "",
            false,
            "create the release namespace if not present",
        ),
        Flag::bool(
            "force-replace",
            "",
            false,
            "force resource updates by replacement",
        ),
        Flag::bool("force", "", false, "deprecated").deprecated("use --force-replace instead"),
        Flag::bool(
            "force-conflicts",
            "",
            false,
            "if set server-side apply will force changes against conflicts",
        ),
        Flag::bool(
            "server-side",
            "",
            true,
            "object updates run in the server instead of the client",
        ),
        Flag::bool(
            "no-hooks",
            "",
            false,
            "prevent hooks from running during install",
        ),
        Flag::bool(
            "replace",
            "",
            false,
            "reuse the given name, only if that name is a deleted release which remains in the history. This is unsafe in production",
        ),
        Flag::duration(
            "timeout",
            "",
            300_000_000_000,
            "time to wait for any individual Kubernetes operation (like Jobs for hooks)",
        ),
        Flag::bool(
            "wait-for-jobs",
            "",
            false,
            "if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout",
        ),
        Flag::bool(
            "generate-name",
            "g",
            false,
            "generate the name (and omit the NAME parameter)",
        ),
        Flag::string(
            "name-template",
            "",
            "",
            "specify template used to name the release",
        ),
        Flag::string("description", "", "", "add a custom description"),
        Flag::bool(
            "devel",
            "",
            false,
            "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored",
        ),
        Flag::bool(
            "dependency-update",
            "",
            false,
            "update dependencies if they are missing before installing the chart",
        ),
        Flag::bool(
            "disable-openapi-validation",
            "",
            false,
            "if set, the installation process will not validate rendered templates against the Kubernetes OpenAPI Schema",
        ),
        Flag::bool(
            "rollback-on-failure",
            "",
            false,
            "if set, Helm will rollback (uninstall) the installation upon failure. The --wait flag will be default to \"watcher\" if --rollback-on-failure is set",
        ),
        Flag::bool("atomic", "", false, "deprecated")
            .deprecated("use --rollback-on-failure instead"),
        Flag::bool(
            "skip-crds",
            "",
            false,
            "if set, no CRDs will be installed. By default, CRDs are installed if not already present",
        ),
        Flag::bool(
            "render-subchart-notes",
            "",
            false,
            "if set, render subchart notes along with the parent",
        ),
        Flag::bool(
            "skip-schema-validation",
            "",
            false,
            "if set, disables JSON schema validation",
        ),
        Flag::string_to_string(
            "labels",
            "l",
            "Labels that would be added to release metadata. Should be divided by comma.",
        ),
        Flag::bool(
            "enable-dns",
            "",
            false,
            "enable DNS lookups when rendering templates",
        ),
        Flag::bool(
            "hide-notes",
            "",
            false,
            "if set, do not show notes in install output. Does not affect presence in chart metadata",
        ),
        Flag::bool(
            "take-ownership",
            "",
            false,
            "if set, install will ignore the check for helm annotations and take ownership of the existing resources",
        ),
    ];
    if template {
        for flag in &mut flags {
            if flag.name == "hide-notes" || flag.name == "render-subchart-notes" {
                let message =
                    "this flag has no effect for 'helm template' and will be removed in Helm 5";
                *flag = flag.clone().deprecated(message);
            }
        }
    }
    flags.extend(values_flags());
    flags.extend(chart_path_flags(env));
    flags.push(wait_flag());
    flags
}

/// `AddWaitFlag`: a `WaitStrategy`, `hookOnly` when absent, `watcher` when bare.
pub(crate) fn wait_flag() -> Flag {
    Flag::custom(
        "wait",
        "",
        "WaitStrategy",
        Value::String("hookOnly".to_owned()),
        set_wait,
        "wait until resources are ready (up to --timeout). Use '--wait' alone for 'watcher' strategy, or specify one of: 'watcher', 'hookOnly', 'legacy'. Default when flag is omitted: 'hookOnly'.",
    )
    .no_opt_default("watcher")
}

fn set_wait(value: &mut Value, text: &str) -> Result<Option<String>, String> {
    let (strategy, warning) = match text {
        "watcher" | "legacy" | "hookOnly" => (text, None),
        "true" => (
            "watcher",
            Some(
                "--wait=true is deprecated (boolean value) and can be replaced with --wait=watcher",
            ),
        ),
        "false" => (
            "hookOnly",
            Some(
                "--wait=false is deprecated (boolean value) and can be replaced with --wait=hookOnly",
            ),
        ),
        _ => {
            return Err(format!(
                "invalid wait input {}. Valid inputs are watcher, hookOnly, and legacy",
                rudder::value::strconv::quote(text)
            ));
        }
    };
    *value = Value::String(strategy.to_owned());
    Ok(warning.map(str::to_owned))
}

/// `bindPostRenderFlag`: `--post-renderer` (a plugin name) and `--post-renderer-args`.
pub(crate) fn post_render_flags() -> Vec<Flag> {
    vec![
        Flag::custom(
            "post-renderer",
            "",
            "postRendererString",
            Value::String(String::new()),
            set_post_renderer,
            "the name of a postrenderer type plugin to be used for post rendering. If it exists, the plugin will be used",
        ),
        Flag::custom(
            "post-renderer-args",
            "",
            "postRendererArgsSlice",
            Value::List(Vec::new()),
            append_arg,
            "an argument to the post-renderer (can specify multiple)",
        ),
    ]
}

/// The `--post-renderer` name given so far: `--post-renderer-args` looks the plugin up again
/// once a name is set, as Helm's flag does (one lookup per flag, each with its warnings).
static POST_RENDERER_NAME: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

/// `$HELM_PLUGINS` split as `filepath.SplitList` (the settings' plugins directory).
pub(crate) fn plugin_dirs() -> Vec<String> {
    rudder::action::plugin::loader::split_list(&Env::from_process().plugins_directory())
}

/// `postrenderer.NewPostRendererPlugin` at flag time: the plugin must exist; plugins that do
/// not load are logged and skipped.
fn look_up_post_renderer(name: &str) -> Result<(), String> {
    let mut warnings = Vec::new();
    let found = rudder::action::plugin::PostRendererPlugin::find(
        &plugin_dirs(),
        name,
        Vec::new(),
        &mut warnings,
    );
    let mut stderr = std::io::stderr();
    for w in &warnings {
        crate::log::warn(
            &mut stderr,
            "failed to load plugin (ignoring)",
            &[("plugin_yaml", &w.plugin_yaml), ("error", &w.error)],
        );
    }
    found.map(|_| ()).map_err(|e| e.to_string())
}

fn set_post_renderer(value: &mut Value, text: &str) -> Result<Option<String>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    if matches!(value, Value::String(s) if !s.is_empty()) {
        return Err("cannot specify --post-renderer flag more than once".to_owned());
    }
    *value = Value::String(text.to_owned());
    text.clone_into(
        &mut POST_RENDERER_NAME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    look_up_post_renderer(text)?;
    Ok(None)
}

fn append_arg(value: &mut Value, text: &str) -> Result<Option<String>, String> {
    if let Value::List(items) = value {
        items.push(text.to_owned());
    }
    let name = POST_RENDERER_NAME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    if !name.is_empty() {
        look_up_post_renderer(&name)?;
    }
    Ok(None)
}

/// The post-renderer the flags name, if any, with its arguments (combined strategy: Helm's
/// command line has no other).
///
/// # Errors
/// The plugin is gone since the flags were read.
pub(crate) fn read_post_renderer(
    flags: &FlagSet,
) -> Result<Option<rudder::action::postrender::PostRender>, crate::exit::CommandError> {
    let name = flags.get_string("post-renderer");
    if name.is_empty() {
        return Ok(None);
    }
    let args = flags.get_list("post-renderer-args").to_vec();
    // Looked up again without its warnings: Helm looked it up once, when the flag was set.
    let plugin = rudder::action::plugin::PostRendererPlugin::find(
        &plugin_dirs(),
        name,
        args,
        &mut Vec::new(),
    )
    .map_err(|e| crate::exit::CommandError::new(e.to_string()))?;
    Ok(Some(rudder::action::postrender::PostRender {
        renderer: std::sync::Arc::new(plugin),
        strategy: rudder::action::postrender::PostRenderStrategy::Combined,
    }))
}

/// `bindOutputFlag`: `-o/--output` `table|json|yaml`.
#[allow(
    dead_code,
    reason = "for list, status, history and the other release commands"
)]
pub(crate) fn output_flag() -> Flag {
    Flag::custom(
        "output",
        "o",
        "format",
        Value::String("table".to_owned()),
        |value, text| match text {
            "table" | "json" | "yaml" => {
                *value = Value::String(text.to_owned());
                Ok(None)
            }
            _ => Err("invalid format type".to_owned()),
        },
        "prints the output in the specified format. Allowed values: table, json, yaml",
    )
}

/// The registry and TLS flags Helm's dependency-fetching commands share.
pub(crate) fn registry_flags() -> Vec<Flag> {
    vec![
        Flag::string(
            "username",
            "",
            "",
            "chart repository username where to locate the requested chart",
        ),
        Flag::string(
            "password",
            "",
            "",
            "chart repository password where to locate the requested chart",
        ),
        Flag::string(
            "cert-file",
            "",
            "",
            "identify HTTPS client using this SSL certificate file",
        ),
        Flag::string(
            "key-file",
            "",
            "",
            "identify HTTPS client using this SSL key file",
        ),
        Flag::bool(
            "insecure-skip-tls-verify",
            "",
            false,
            "skip tls certificate checks for the chart download",
        ),
        Flag::bool(
            "plain-http",
            "",
            false,
            "use insecure HTTP connections for the chart download",
        ),
        Flag::string(
            "ca-file",
            "",
            "",
            "verify certificates of HTTPS-enabled servers using this CA bundle",
        ),
    ]
}
