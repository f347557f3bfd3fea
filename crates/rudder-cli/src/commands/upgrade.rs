//! `rudder upgrade`: Helm's `pkg/cmd/upgrade.go` over `rudder-action`'s upgrade (and, with
//! `--install` on a missing or uninstalled release, its install): every flag of Helm v4.2.4,
//! those rudder cannot honour yet refused before anything changes.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use rudder::action::ActionError;
use rudder::action::chart_path::locate_chart;
use rudder::action::install::{Install, check_chart_dependencies};
use rudder::action::output::Format;
use rudder::action::status::StatusPrinter;
use rudder::action::upgrade::Upgrade;
use rudder::chart::values::LocalSource;

use super::flags::{
    chart_path_flags, output_flag, post_render_flags, read_values, values_flags, wait_flag,
};
use super::install::{
    Interrupts, Notices, deploy_options, dry_run_flag, dry_run_strategy, refuse_unsupported,
};
use super::release_common::{color, run};
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::log;
use crate::settings::{Env, vars};

const UPGRADE_DESC: &str = include_str!("upgrade_help.txt");

/// `settings.MaxHistory`: `$HELM_MAX_HISTORY`, else 10.
pub(crate) fn max_history(env: &Env) -> i64 {
    env.get(vars::HELM_MAX_HISTORY)
        .trim_start_matches('+')
        .parse()
        .unwrap_or(10)
}

fn server_side_flag() -> Flag {
    Flag::string(
        "server-side",
        "",
        "auto",
        "must be \"true\", \"false\" or \"auto\". Object updates run in the server instead of the client (\"auto\" defaults the value from the previous chart release's method)",
    )
}

pub(crate) fn command(env: &Env) -> Command {
    let mut flags = vec![
        Flag::bool(
            "create-namespace",
            "",
            false,
            "if --install is set, create the release namespace if not present",
        ),
        Flag::bool(
            "install",
            "i",
            false,
            "if a release by this name doesn't already exist, run an install",
        ),
        Flag::bool(
            "devel",
            "",
            false,
            "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored",
        ),
        Flag::bool(
            "hide-secret",
            "",
            false,
            "hide Kubernetes Secrets when also using the --dry-run flag",
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
        server_side_flag(),
        Flag::bool("no-hooks", "", false, "disable pre/post upgrade hooks"),
        Flag::bool(
            "disable-openapi-validation",
            "",
            false,
            "if set, the upgrade process will not validate rendered templates against the Kubernetes OpenAPI Schema",
        ),
        Flag::bool(
            "skip-crds",
            "",
            false,
            "if set, no CRDs will be installed when an upgrade is performed with install flag enabled. By default, CRDs are installed if not already present, when an upgrade is performed with install flag enabled",
        ),
        Flag::duration(
            "timeout",
            "",
            300_000_000_000,
            "time to wait for any individual Kubernetes operation (like Jobs for hooks)",
        ),
        Flag::bool(
            "reset-values",
            "",
            false,
            "when upgrading, reset the values to the ones built into the chart",
        ),
        Flag::bool(
            "reuse-values",
            "",
            false,
            "when upgrading, reuse the last release's values and merge in any overrides from the command line via --set and -f. If '--reset-values' is specified, this is ignored",
        ),
        Flag::bool(
            "reset-then-reuse-values",
            "",
            false,
            "when upgrading, reset the values to the ones built into the chart, apply the last release's values and merge in any overrides from the command line via --set and -f. If '--reset-values' or '--reuse-values' is specified, this is ignored",
        ),
        Flag::bool(
            "wait-for-jobs",
            "",
            false,
            "if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout",
        ),
        Flag::bool(
            "rollback-on-failure",
            "",
            false,
            "if set, Helm will rollback the upgrade to previous success release upon failure. The --wait flag will be defaulted to \"watcher\" if --rollback-on-failure is set",
        ),
        Flag::bool("atomic", "", false, "deprecated")
            .deprecated("use --rollback-on-failure instead"),
        Flag::int(
            "history-max",
            "",
            max_history(env),
            "limit the maximum number of revisions saved per release. Use 0 for no limit",
        ),
        Flag::bool(
            "cleanup-on-fail",
            "",
            false,
            "allow deletion of new resources created in this upgrade when upgrade fails",
        ),
        Flag::bool(
            "render-subchart-notes",
            "",
            false,
            "if set, render subchart notes along with the parent",
        ),
        Flag::bool(
            "hide-notes",
            "",
            false,
            "if set, do not show notes in upgrade output. Does not affect presence in chart metadata",
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
            "Labels that would be added to release metadata. Should be separated by comma. Original release labels will be merged with upgrade labels. You can unset label using null.",
        ),
        Flag::string("description", "", "", "add a custom description"),
        Flag::bool(
            "dependency-update",
            "",
            false,
            "update dependencies if they are missing before installing the chart",
        ),
        Flag::bool(
            "enable-dns",
            "",
            false,
            "enable DNS lookups when rendering templates",
        ),
        Flag::bool(
            "take-ownership",
            "",
            false,
            "if set, upgrade will ignore the check for helm annotations and take ownership of the existing resources",
        ),
        dry_run_flag(),
    ];
    flags.extend(chart_path_flags(env));
    flags.extend(values_flags());
    flags.push(output_flag());
    flags.extend(post_render_flags());
    flags.push(wait_flag());
    Command::new("upgrade [RELEASE] [CHART]")
        .short("upgrade a release")
        .long(UPGRADE_DESC)
        .args(Args::Exact(2))
        .flags(flags)
        .mutually_exclusive(&["force-replace", "force-conflicts"])
        .mutually_exclusive(&["force", "force-conflicts"])
        .run(run_upgrade)
}

#[expect(clippy::too_many_lines, reason = "Helm's RunE, one sequence")]
fn run_upgrade(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let dry_run = dry_run_strategy(inv)?;
    refuse_unsupported(inv)?;
    let output = Format::parse(inv.flags.get_string("output"))
        .map_err(|e| CommandError::new(e.to_string()))?;
    let hide_notes = inv.flags.get_bool("hide-notes");
    let debug = inv.settings.debug;
    let color = color(inv);
    let name = inv.args[0].clone();
    let chart_ref = inv.args[1].clone();
    let server_side = inv.flags.get_string("server-side").to_owned();

    let mut install = Install {
        dry_run,
        ..Install::default()
    };
    deploy_options(inv, &mut install);
    install.post_renderer = super::flags::read_post_renderer(&inv.flags)?;
    install.release_name.clone_from(&name);
    install.namespace = inv.settings.namespace();
    install.debug = debug;
    let upgrade = Upgrade {
        install: install.clone(),
        server_side: server_side.clone(),
        reset_values: inv.flags.get_bool("reset-values"),
        reuse_values: inv.flags.get_bool("reuse-values"),
        reset_then_reuse_values: inv.flags.get_bool("reset-then-reuse-values"),
        max_history: inv.flags.get_int("history-max"),
        cleanup_on_fail: inv.flags.get_bool("cleanup-on-fail"),
    };
    let mut install = install;
    install.deploy.server_side = server_side != "false";

    let chart_path = locate_chart(
        &chart_ref,
        inv.flags.get_string("repo"),
        &inv.settings.repository_config,
    )
    .map_err(|e| CommandError::new(e.to_string()))?;
    let values = read_values(&inv.flags)
        .merge_values(&mut LocalSource::default())
        .map_err(|e| CommandError::new(e.to_string()))?;
    let mut warnings = Vec::new();
    let chart = rudder::chart::loader::load(&chart_path, &mut warnings);
    for warning in warnings.drain(..) {
        log::helm_warning(inv.err, &warning);
    }
    let chart = chart.map_err(|e| CommandError::new(e.to_string()))?;
    if chart.api == rudder::chart::chart::ChartApi::V3 {
        return Err(CommandError::new(
            "UPGRADE FAILED: invalid chart apiVersion",
        ));
    }
    if let Err(message) = check_chart_dependencies(&chart) {
        if !inv.flags.get_bool("dependency-update") {
            return Err(CommandError::new(message));
        }
        return Err(CommandError::unsupported("--dependency-update on upgrade"));
    }
    if chart.metadata.deprecated {
        log::warn(inv.err, "this chart is deprecated", &[]);
    }
    let install_missing = inv.flags.get_bool("install");
    let records = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&records);
    let notices = Notices::default();
    let stdout = notices.clone();
    let mut upgrade = upgrade;
    let result = run(inv, false, move |cfg| async move {
        let mut log = Vec::new();
        let mut installing = false;
        if install_missing {
            // `action.History.Run`: the reachability check and the name come first.
            cfg.is_reachable().await?;
            if !rudder::release::is_valid_release_name(&name) {
                return Err(ActionError::msg(format!(
                    "release name is invalid: {name}"
                )));
            }
            match cfg.storage.history(&name).await {
                Err(rudder::release::Error::NotFound) => installing = true,
                Ok(h)
                    if h.iter()
                        .max_by_key(|r| r.version)
                        .is_some_and(|r| r.status() == rudder::release::Status::Uninstalled) =>
                {
                    installing = true;
                    install.deploy.replace = true;
                }
                Ok(_) => {}
                Err(e) => return Err(e.into()),
            }
        }
        if installing && output == Format::Table {
            stdout.push(&format!(
                "Release {} does not exist. Installing it now.\n",
                rudder::value::strconv::quote(&name)
            ));
        }
        let interrupts = Interrupts::watch(&name, &stdout);
        let result = if installing {
            // runInstall's error as it is: `upgrade --install` adds no "INSTALLATION FAILED".
            install.deploy.cancel = interrupts.cancel.clone();
            install.run(&cfg, chart, &values, &mut log).await
        } else {
            upgrade.install.deploy.cancel = interrupts.cancel.clone();
            upgrade
                .run(&cfg, &name, chart, &values, &mut log)
                .await
                .map_err(|e| match e {
                    ActionError::Fatal(m) => ActionError::Fatal(m),
                    other => ActionError::msg(format!("UPGRADE FAILED: {other}")),
                })
        };
        drop(interrupts);
        sink.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(log);
        let release = result?;
        let mut prefix = stdout.take();
        if !installing && output == Format::Table {
            let _ = writeln!(
                prefix,
                "Release {} has been upgraded. Happy Helming!",
                rudder::value::strconv::quote(&name)
            );
        }
        let printed = StatusPrinter {
            release: &release,
            debug,
            show_metadata: false,
            hide_notes,
            color,
        }
        .write(output)?;
        Ok(prefix + &printed)
    });
    notices.write_to(inv.out)?;
    for record in records
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
    {
        log::record(inv.err, debug, record);
    }
    result
}
