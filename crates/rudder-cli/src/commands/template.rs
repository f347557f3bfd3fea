//! `rudder template`: Helm's `pkg/cmd/template.go` over `rudder-action`'s client-only install
//! (or its server dry run with `--dry-run=server` and `--validate`, `rudder_action::template`):
//! every flag of Helm v4.2.4 (those of later issues are refused with a clear error), the
//! manifest, hooks, `--show-only`, `--output-dir`, and Helm's error texts.

use std::fmt::Write as _;
use std::path::Path;

use rudder::action::chart_path::locate_chart;
use rudder::action::install::{
    self, DryRun, Install, check_chart_dependencies, check_if_installable,
};
use rudder::chart::values::LocalSource;
use rudder::engine::manifest::{TemplateOptions, template_output};

use rudder::action::config::Configuration;

use super::flags::{install_flags, post_render_flags, read_values};
use super::release_common::storage_settings;
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::log;
use crate::settings::Env;

const TEMPLATE_DESC: &str = "
Render chart templates locally and display the output.

Any values that would normally be looked up or retrieved in-cluster will be
faked locally. Additionally, none of the server-side testing of chart validity
(e.g. whether an API is supported) is done.

To specify the Kubernetes API versions used for Capabilities.APIVersions, use
the '--api-versions' flag. This flag can be specified multiple times or as a
comma-separated list:

    $ helm template --api-versions networking.k8s.io/v1 --api-versions cert-manager.io/v1 mychart ./mychart

or

    $ helm template --api-versions networking.k8s.io/v1,cert-manager.io/v1 mychart ./mychart
";

pub(crate) fn command(env: &Env) -> Command {
    Command::new("template [NAME] [CHART]")
        .short("locally render templates")
        .long(TEMPLATE_DESC)
        .args(Args::Minimum(1))
        .flags(install_flags(env, true))
        .flag(Flag::string_array("show-only", "s", &[], "only show manifests rendered from the given templates"))
        .flag(Flag::string("output-dir", "", "", "writes the executed templates to files in output-dir instead of stdout"))
        .flag(Flag::bool("validate", "", false, "deprecated").deprecated("use '--dry-run=server' instead"))
        .flag(Flag::bool("include-crds", "", false, "include CRDs in the templated output"))
        .flag(Flag::bool("skip-tests", "", false, "skip tests from templated output"))
        .flag(Flag::bool("is-upgrade", "", false, "set .Release.IsUpgrade instead of .Release.IsInstall"))
        .flag(Flag::string("kube-version", "", "", "Kubernetes version used for Capabilities.KubeVersion"))
        .flag(Flag::string_slice("api-versions", "a", &[], "Kubernetes api versions used for Capabilities.APIVersions (multiple can be specified)"))
        .flag(Flag::bool("release-name", "", false, "use release name in the output-dir path."))
        .flag(
            Flag::string("dry-run", "", "client", "simulates the operation either client-side or server-side. Must be either: \"client\", or \"server\". '--dry-run=client simulates the operation client-side only and avoids cluster connections. '--dry-run=server' simulates/validates the operation on the server, requiring cluster connectivity.")
                .no_opt_default("unset"),
        )
        .flags(post_render_flags())
        .mutually_exclusive(&["force-replace", "force-conflicts"])
        .mutually_exclusive(&["force", "force-conflicts"])
        .mutually_exclusive(&["validate", "dry-run"])
        .run(run)
}

/// `cmdGetDryRunFlagStrategy(cmd, true)`.
fn dry_run_strategy(inv: &mut Invocation<'_>) -> Result<DryRun, CommandError> {
    let value = inv.flags.get_string("dry-run").to_owned();
    let quoted = rudder::value::strconv::quote(&value);
    match value.as_str() {
        "unset" => {
            log::warn(
                inv.err,
                "--dry-run is deprecated and should be replaced with '--dry-run=client'",
                &[],
            );
            Ok(DryRun::Client)
        }
        "client" => Ok(DryRun::Client),
        "server" => Ok(DryRun::Server),
        "none" => Err(CommandError::new(format!(
            "invalid dry-run value ({quoted}). Must be \"server\" or \"client\""
        ))),
        other => match crate::args::goconv::parse_bool(other) {
            Err(_) => Err(CommandError::new(format!(
                "invalid dry-run value ({quoted}). Must be \"none\", \"server\", or \"client\""
            ))),
            Ok(false) => Err(CommandError::new(format!(
                "invalid dry-run value ({quoted}). Must be \"server\" or \"client\""
            ))),
            Ok(true) => {
                log::warn(
                    inv.err,
                    &format!(
                        "boolean '--dry-run={other}' flag is deprecated and must be replaced with '--dry-run=client'"
                    ),
                    &[],
                );
                Ok(DryRun::Client)
            }
        },
    }
}

/// Flags of later issues: accepted by the parser (so help and errors are Helm's), refused
/// here when they would change the outcome.
fn refuse_unsupported(inv: &Invocation<'_>) -> Result<(), CommandError> {
    for flag in ["verify", "repo"] {
        if inv.flags.changed(flag) {
            return Err(CommandError::unsupported(&format!("--{flag}")));
        }
    }
    Ok(())
}

fn run(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let debug = inv.settings.debug;
    let mut client = Install::default();
    let kube_version = inv.flags.get_string("kube-version").to_owned();
    if !kube_version.is_empty() {
        let parsed = rudder::engine::parse_kube_version(&kube_version).map_err(|e| {
            CommandError::new(format!("invalid kube version '{kube_version}': {e}"))
        })?;
        client.kube_version = Some(parsed);
    }
    let mut dry_run = dry_run_strategy(inv)?;
    if inv.flags.get_bool("validate") {
        dry_run = DryRun::Server;
    }
    refuse_unsupported(inv)?;
    client.dry_run = dry_run;
    client.api_versions = inv.flags.get_list("api-versions").to_vec();
    client.include_crds = inv.flags.get_bool("include-crds");
    client.subchart_notes = inv.flags.get_bool("render-subchart-notes");
    client.skip_schema_validation = inv.flags.get_bool("skip-schema-validation");
    client.enable_dns = inv.flags.get_bool("enable-dns");
    client.labels = inv.flags.get_map("labels").clone();
    client.is_upgrade = inv.flags.get_bool("is-upgrade");
    client.post_renderer = super::flags::read_post_renderer(&inv.flags)?;
    // Read by a server dry run only: CRDs warned about, objects adopted.
    client.deploy.skip_crds = inv.flags.get_bool("skip-crds");
    client.deploy.take_ownership = inv.flags.get_bool("take-ownership");

    let result = run_install(inv, &mut client);
    let output_dir = inv.flags.get_string("output-dir").to_owned();
    let (release, install_error) = match result {
        Ok(release) => (Some(release), None),
        Err(failure) => {
            let (release, error) = *failure;
            if !debug {
                if release.is_some() {
                    return Err(CommandError::new(format!(
                        "{error}\n\nUse --debug flag to render out invalid YAML"
                    )));
                }
                return Err(CommandError::new(error));
            }
            (release, Some(error))
        }
    };
    if let Some(mut release) = release {
        if !output_dir.is_empty() && install_error.is_none() {
            write_manifests(inv, &output_dir, &mut release)?;
        }
        let no_hooks = inv.flags.get_bool("no-hooks");
        let skip_tests = inv.flags.get_bool("skip-tests");
        let show_only = inv.flags.get_list("show-only").to_vec();
        let hooks = if output_dir.is_empty() {
            release.hooks.clone()
        } else {
            if !no_hooks {
                let dir = release_dir(
                    &output_dir,
                    &release.name,
                    inv.flags.get_bool("release-name"),
                );
                for hook in &release.hooks {
                    if skip_tests
                        && hook
                            .events
                            .contains(&rudder::engine::manifest::HookEvent::Test)
                    {
                        continue;
                    }
                    let exists = Path::new(&format!("{dir}/{}", hook.path)).exists();
                    write_to_file(inv, &dir, &hook.path, &hook.manifest, exists)?;
                }
            }
            Vec::new()
        };
        let options = TemplateOptions {
            no_hooks,
            skip_tests,
            show_only,
        };
        match template_output(&release.manifest, &hooks, &options) {
            Ok(text) => write!(inv.out, "{text}")?,
            Err(missing) => {
                if let Some(error) = install_error
                    && debug
                {
                    return Err(CommandError::new(error));
                }
                return Err(CommandError::new(missing.to_string()));
            }
        }
    }
    match install_error {
        Some(error) => Err(CommandError::new(error)),
        None => Ok(()),
    }
}

/// `renderResources` with an output directory: the CRDs (with `--include-crds`, in the
/// output directory itself) and the manifests (under `--release-name`, in a directory of the
/// release's name) go to files instead of the manifest.
fn write_manifests(
    inv: &mut Invocation<'_>,
    output_dir: &str,
    release: &mut install::Release,
) -> Result<(), CommandError> {
    let mut written = std::collections::BTreeSet::new();
    for (name, content) in &release.crds {
        let append = !written.insert(name.clone());
        write_to_file(inv, output_dir, name, content, append)?;
    }
    let dir = release_dir(
        output_dir,
        &release.name,
        inv.flags.get_bool("release-name"),
    );
    for manifest in &release.manifests {
        let append = !written.insert(manifest.name.clone());
        write_to_file(inv, &dir, &manifest.name, &manifest.content, append)?;
    }
    release.manifest.clear();
    Ok(())
}

/// `--output-dir`, joined with the release name under `--release-name`.
fn release_dir(output_dir: &str, release: &str, use_release_name: bool) -> String {
    if use_release_name {
        crate::settings::go_join(&[output_dir, release])
    } else {
        output_dir.to_owned()
    }
}

/// `runInstall` of `pkg/cmd/install.go` with `template`'s settings; on failure, the release
/// Helm returns with the error (if any) and the error text.
fn run_install(
    inv: &mut Invocation<'_>,
    client: &mut Install,
) -> Result<install::Release, Box<(Option<install::Release>, String)>> {
    let fail = |e: String| Box::new((None, e));
    let debug = inv.settings.debug;
    let version = inv.flags.get_string("version").to_owned();
    log::debug(
        inv.err,
        debug,
        "Original chart version",
        &[("version", &version)],
    );
    if version.is_empty() && inv.flags.get_bool("devel") {
        log::debug(inv.err, debug, "setting version to >0.0.0-0", &[]);
    }
    let (name, chart_ref) = name_and_chart(inv).map_err(fail)?;
    client.release_name = name;
    let chart_path = locate_chart(
        &chart_ref,
        inv.flags.get_string("repo"),
        &inv.settings.repository_config,
    )
    .map_err(|e| fail(e.to_string()))?;
    log::debug(inv.err, debug, "Chart path", &[("path", &chart_path)]);

    let values = read_values(&inv.flags)
        .merge_values(&mut LocalSource::default())
        .map_err(|e| fail(e.to_string()))?;
    let mut warnings = Vec::new();
    let chart = rudder::chart::loader::load(&chart_path, &mut warnings);
    print_warnings(inv, &mut warnings);
    let mut chart = chart.map_err(|e| fail(e.to_string()))?;
    check_if_installable(&chart).map_err(fail)?;
    if chart.metadata.deprecated {
        log::warn(inv.err, "this chart is deprecated", &[]);
    }
    let v3 = chart.api == rudder::chart::chart::ChartApi::V3;
    if v3 {
        // Helm's accessor for v3 charts lists one dependency per loaded subchart, filled from
        // Chart.yaml in order: the unfilled ones are unreadable for `CheckDependencies`, and
        // more entries in Chart.yaml than subcharts crash Helm (see COMPATIBILITY.md). Install
        // refuses v3 charts after that in any case.
        let listed = chart.metadata.dependencies().count();
        if listed != chart.dependencies.len() {
            return Err(fail("an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: unsupported chart dependency type".to_owned()));
        }
        check_chart_dependencies(&chart).map_err(fail)?;
        return Err(fail("invalid chart apiVersion".to_owned()));
    }
    if let Err(message) = check_chart_dependencies(&chart) {
        if !inv.flags.get_bool("dependency-update") {
            return Err(fail(message));
        }
        // downloader.Manager.Update for vendored and file:// dependencies (remote ones are
        // refused by the manager until repositories exist), then the chart is loaded again.
        let mut manager = rudder::chart::manager::Manager::new(chart_path.clone());
        manager.debug = debug;
        manager.update(inv.out).map_err(|e| fail(e.to_string()))?;
        let reloaded = rudder::chart::loader::load(&chart_path, &mut warnings);
        print_warnings(inv, &mut warnings);
        chart =
            reloaded.map_err(|e| fail(format!("failed reloading chart after repo update: {e}")))?;
    }
    client.namespace = inv.settings.namespace();
    client.debug = debug;
    let mut records = Vec::new();
    let result = if client.dry_run == DryRun::Server {
        let check_objects = inv.flags.get_string("output-dir").is_empty();
        server_render(inv, client, chart, &values, check_objects, &mut records)
    } else {
        client
            .run_client_only(chart, &values, &mut records)
            .map_err(|failure| Box::new((failure.release, failure.error.to_string())))
    };
    for record in &records {
        log::record(inv.err, debug, record);
    }
    result
}

/// `--dry-run=server` (or `--validate`): the install's server dry run against the cluster of
/// the global flags (`rudder_action::template`).
fn server_render(
    inv: &Invocation<'_>,
    client: &Install,
    chart: rudder::chart::chart::Chart,
    values: &rudder::value::Map,
    check_objects: bool,
    records: &mut Vec<install::Record>,
) -> Result<install::Release, Box<(Option<install::Release>, String)>> {
    let settings = storage_settings(inv);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Box::new((None, e.to_string())))?;
    runtime.block_on(async {
        let cfg = match Configuration::init(&settings, false).await {
            Ok(cfg) => cfg,
            Err(e) => {
                // No client could be made: Helm's reachability check reports it.
                let message = format!("cluster reachability check failed: {e}");
                records.push(install::Record::Slog {
                    level: install::Level::Error,
                    message: message.clone(),
                    attrs: Vec::new(),
                });
                return Err(Box::new((None, message)));
            }
        };
        client
            .run_server_render(&cfg, chart, values, check_objects, records)
            .await
            .map_err(|f| Box::new((f.release, f.message)))
    })
}

/// `Install.NameAndChart` with `template`'s default name `release-name`.
fn name_and_chart(inv: &Invocation<'_>) -> Result<(String, String), String> {
    let args = &inv.args;
    let generate_name = inv.flags.get_bool("generate-name");
    let name_template = inv.flags.get_string("name-template");
    if args.len() > 2 {
        return Err(format!(
            "expected at most two arguments, unexpected arguments: {}",
            args[2..].join(", ")
        ));
    }
    if args.len() == 2 {
        if generate_name {
            return Err("cannot set --generate-name and also specify a name".to_owned());
        }
        if !name_template.is_empty() {
            return Err("cannot set --name-template and also specify a name".to_owned());
        }
        return Ok((args[0].clone(), args[1].clone()));
    }
    if !name_template.is_empty() {
        let name = install::template_name(name_template)?;
        return Ok((name, args[0].clone()));
    }
    // `template` sets the release name before calling runInstall, so `--generate-name` never
    // applies here.
    Ok(("release-name".to_owned(), args[0].clone()))
}

/// Prints what Helm logs while loading and rendering: `slog` records as `level=WARN` lines,
/// Go `log` lines with their timestamp.
fn print_warnings(inv: &mut Invocation<'_>, warnings: &mut Vec<String>) {
    for warning in warnings.drain(..) {
        log::helm_warning(inv.err, &warning);
    }
}

/// `writeToFile` of `pkg/cmd/template.go` and `pkg/action`: one document appended to (or
/// starting) `<dir>/<name>`, and `wrote <file>` on stdout.
fn write_to_file(
    inv: &mut Invocation<'_>,
    dir: &str,
    name: &str,
    data: &str,
    append: bool,
) -> Result<(), CommandError> {
    let file = format!("{dir}/{name}");
    let path = Path::new(&file);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| CommandError::new(go_path_error("mkdir", parent, &e)))?;
    }
    let mut text = String::new();
    let _ = write!(text, "---\n# Source: {name}\n{data}\n");
    let result = if append {
        std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
    } else {
        std::fs::write(path, text.as_bytes())
    };
    result.map_err(|e| CommandError::new(go_path_error("open", path, &e)))?;
    writeln!(inv.out, "wrote {file}")?;
    Ok(())
}

/// Go's `*PathError` text: `open <path>: <reason>`.
fn go_path_error(op: &str, path: &Path, e: &std::io::Error) -> String {
    let reason = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    };
    format!("{op} {}: {reason}", path.display())
}
