//! `rudder install`: Helm's `pkg/cmd/install.go` over `rudder-action`'s install: every flag of
//! Helm v4.2.4 (those rudder cannot honour yet — `--verify`, `--repo` — are refused with a
//! clear error before anything changes; post-renderer plugins run as Helm runs them), the status output,
//! `INSTALLATION FAILED: ` errors, and Ctrl-C/SIGTERM failing the release as Helm's do.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rudder::action::ActionError;
use rudder::action::chart_path::locate_chart;
use rudder::action::deploy::Cancel;
use rudder::action::install::{
    self, DryRun, Install, check_chart_dependencies, check_if_installable,
};
use rudder::action::output::Format;
use rudder::action::status::StatusPrinter;
use rudder::chart::values::LocalSource;

use super::flags::{install_flags, output_flag, post_render_flags, read_values};
use super::release_common::{color, run};
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::log;
use crate::settings::Env;

const INSTALL_DESC: &str = include_str!("install_help.txt");

pub(crate) fn command(env: &Env) -> Command {
    Command::new("install [NAME] [CHART]")
        .short("install a chart")
        .long(INSTALL_DESC)
        .args(Args::Minimum(1))
        .flags(install_flags(env, false))
        .flag(Flag::bool(
            "hide-secret",
            "",
            false,
            "hide Kubernetes Secrets when also using the --dry-run flag",
        ))
        .flag(dry_run_flag())
        .flag(output_flag())
        .flags(post_render_flags())
        .mutually_exclusive(&["force-replace", "force-conflicts"])
        .mutually_exclusive(&["force", "force-conflicts"])
        .run(run_install)
}

/// `addDryRunFlag`.
pub(crate) fn dry_run_flag() -> Flag {
    Flag::string(
        "dry-run",
        "",
        "none",
        "simulates the operation without persisting changes. Must be one of: \"none\" (default), \"client\", or \"server\". '--dry-run=none' executes the operation normally and persists changes (no simulation). '--dry-run=client' simulates the operation client-side only and avoids cluster connections. '--dry-run=server' simulates the operation on the server, requiring cluster connectivity.",
    )
    .no_opt_default("unset")
}

/// `cmdGetDryRunFlagStrategy(cmd, false)`.
pub(crate) fn dry_run_strategy(inv: &mut Invocation<'_>) -> Result<DryRun, CommandError> {
    let value = inv.flags.get_string("dry-run").to_owned();
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
        "none" => Ok(DryRun::None),
        other => match crate::args::goconv::parse_bool(other) {
            Err(_) => Err(CommandError::new(format!(
                "invalid dry-run value ({}). Must be \"none\", \"server\", or \"client\"",
                rudder::value::strconv::quote(other)
            ))),
            Ok(b) => {
                let result = if b { "client" } else { "none" };
                log::warn(
                    inv.err,
                    &format!(
                        "boolean '--dry-run={other}' flag is deprecated and must be replaced with '--dry-run={result}'"
                    ),
                    &[],
                );
                Ok(if b { DryRun::Client } else { DryRun::None })
            }
        },
    }
}

/// What install and upgrade print on stdout before their result, even when they fail
/// (`Release "x" does not exist. Installing it now.`, `Release x has been cancelled.`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Notices(Arc<Mutex<String>>);

impl Notices {
    /// Adds a line.
    pub(crate) fn push(&self, text: &str) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push_str(text);
    }

    /// What was pushed so far, now printed by the caller.
    pub(crate) fn take(&self) -> String {
        std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    /// Prints what is left (after a failure: nothing else went to stdout).
    pub(crate) fn write_to(&self, out: &mut dyn std::io::Write) -> Result<(), CommandError> {
        out.write_all(self.take().as_bytes())?;
        Ok(())
    }
}

/// Helm's `signal.Notify(cSignal, os.Interrupt, syscall.SIGTERM)` around `RunWithContext`:
/// the first SIGINT or SIGTERM prints `Release <name> has been cancelled.` and cancels the
/// operation, which then fails (and rolls back with --rollback-on-failure); the process
/// keeps ignoring both signals until it exits, as Go's does. Dropping it stops listening
/// (the signals stay caught).
pub(crate) struct Interrupts {
    /// The context the operation watches.
    pub(crate) cancel: Cancel,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Interrupts {
    /// Starts listening (on the current tokio runtime).
    pub(crate) fn watch(name: &str, stdout: &Notices) -> Self {
        use tokio::signal::unix::{SignalKind, signal};
        let (canceller, cancel) = Cancel::new();
        let (Ok(mut interrupt), Ok(mut terminate)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) else {
            return Self { cancel, task: None };
        };
        let notice = format!("Release {name} has been cancelled.\n");
        let stdout = stdout.clone();
        let task = tokio::spawn(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            stdout.push(&notice);
            canceller.cancel();
            // Later signals are caught and ignored until the operation ends.
            std::future::pending::<()>().await;
        });
        Self {
            cancel,
            task: Some(task),
        }
    }
}

impl Drop for Interrupts {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Flags of later issues: refused when they would change the outcome.
pub(crate) fn refuse_unsupported(inv: &Invocation<'_>) -> Result<(), CommandError> {
    for flag in ["verify", "repo"] {
        if inv.flags.changed(flag) {
            return Err(CommandError::unsupported(&format!("--{flag}")));
        }
    }
    Ok(())
}

/// The deploy options every install-like command reads.
pub(crate) fn deploy_options(inv: &Invocation<'_>, client: &mut Install) {
    let d = &mut client.deploy;
    d.create_namespace = inv.flags.get_bool("create-namespace");
    inv.flags
        .get_string("description")
        .clone_into(&mut d.description);
    d.no_hooks = inv.flags.get_bool("no-hooks");
    d.take_ownership = inv.flags.get_bool("take-ownership");
    d.force_conflicts = inv.flags.get_bool("force-conflicts");
    // `--force` is the deprecated name of the same variable.
    d.force_replace = inv.flags.get_bool("force-replace") || inv.flags.get_bool("force");
    d.replace = inv.flags.lookup("replace").is_some() && inv.flags.get_bool("replace");
    d.skip_crds = inv.flags.get_bool("skip-crds");
    inv.flags.get_string("wait").clone_into(&mut d.wait);
    d.wait_for_jobs = inv.flags.get_bool("wait-for-jobs");
    d.rollback_on_failure =
        inv.flags.get_bool("rollback-on-failure") || inv.flags.get_bool("atomic");
    d.live_view = crate::live::live_view(&d.wait, d.rollback_on_failure);
    d.timeout = Duration::from_nanos(u64::try_from(inv.flags.get_duration("timeout")).unwrap_or(0));
    client.subchart_notes = inv.flags.get_bool("render-subchart-notes");
    client.skip_schema_validation = inv.flags.get_bool("skip-schema-validation");
    client.enable_dns = inv.flags.get_bool("enable-dns");
    client.labels = inv.flags.get_map("labels").clone();
    client.hide_secret = inv.flags.get_bool("hide-secret");
}

fn run_install(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let dry_run = dry_run_strategy(inv)?;
    refuse_unsupported(inv)?;
    let mut client = Install {
        dry_run,
        ..Install::default()
    };
    client.deploy.server_side = inv.flags.get_bool("server-side");
    deploy_options(inv, &mut client);
    client.post_renderer = super::flags::read_post_renderer(&inv.flags)?;
    let output = Format::parse(inv.flags.get_string("output"))
        .map_err(|e| CommandError::new(e.to_string()))?;
    let hide_notes = inv.flags.get_bool("hide-notes");
    let debug = inv.settings.debug;
    let color = color(inv);

    let loaded = load_chart(inv, &mut client)
        .map_err(|e| CommandError::new(format!("INSTALLATION FAILED: {e}")))?;
    let (chart, values) = loaded;
    let records = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&records);
    let notices = Notices::default();
    let stdout = notices.clone();
    // Helm names the first argument, the chart's with --generate-name.
    let cancelled_name = inv.args[0].clone();
    let result = run(inv, false, move |cfg| async move {
        let mut log = Vec::new();
        let interrupts = Interrupts::watch(&cancelled_name, &stdout);
        client.deploy.cancel = interrupts.cancel.clone();
        let result = client.run(&cfg, chart, &values, &mut log).await;
        drop(interrupts);
        sink.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(log);
        let release = result.map_err(|e| match e {
            ActionError::Fatal(m) => ActionError::Fatal(m),
            other => ActionError::msg(format!("INSTALLATION FAILED: {other}")),
        })?;
        let printed = StatusPrinter {
            release: &release,
            debug,
            show_metadata: false,
            hide_notes,
            color,
        }
        .write(output)?;
        Ok(stdout.take() + &printed)
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

/// `runInstall` up to `RunWithContext`: name, chart, values, the installable and dependency
/// checks.
fn load_chart(
    inv: &mut Invocation<'_>,
    client: &mut Install,
) -> Result<(rudder::chart::chart::Chart, rudder::value::Map), String> {
    let debug = inv.settings.debug;
    let version = inv.flags.get_string("version").to_owned();
    log::debug(
        inv.err,
        debug,
        "Original chart version",
        &[("version", &version)],
    );
    let (name, chart_ref) = name_and_chart(inv)?;
    client.release_name = name;
    let chart_path = locate_chart(
        &chart_ref,
        inv.flags.get_string("repo"),
        &inv.settings.repository_config,
    )
    .map_err(|e| e.to_string())?;
    log::debug(inv.err, debug, "Chart path", &[("path", &chart_path)]);
    let values = read_values(&inv.flags)
        .merge_values(&mut LocalSource::default())
        .map_err(|e| e.to_string())?;
    let mut warnings = Vec::new();
    let chart = rudder::chart::loader::load(&chart_path, &mut warnings);
    for warning in warnings.drain(..) {
        log::helm_warning(inv.err, &warning);
    }
    let mut chart = chart.map_err(|e| e.to_string())?;
    check_if_installable(&chart)?;
    if chart.metadata.deprecated {
        log::warn(inv.err, "this chart is deprecated", &[]);
    }
    if chart.api == rudder::chart::chart::ChartApi::V3 {
        return Err("invalid chart apiVersion".to_owned());
    }
    if let Err(message) = check_chart_dependencies(&chart) {
        if !inv.flags.get_bool("dependency-update") {
            return Err(message);
        }
        let mut manager = rudder::chart::manager::Manager::new(chart_path.clone());
        manager.debug = debug;
        manager.update(inv.out).map_err(|e| e.to_string())?;
        let reloaded = rudder::chart::loader::load(&chart_path, &mut warnings);
        for warning in warnings.drain(..) {
            log::helm_warning(inv.err, &warning);
        }
        chart = reloaded.map_err(|e| format!("failed reloading chart after repo update: {e}"))?;
    }
    client.namespace = inv.settings.namespace();
    client.debug = debug;
    Ok((chart, values))
}

/// `Install.NameAndChart`.
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
    if !generate_name {
        return Err("must either provide a name or specify --generate-name".to_owned());
    }
    let trimmed = args[0].trim_end_matches('/');
    let mut base = trimmed.rsplit('/').next().unwrap_or("").to_owned();
    if base.is_empty() || base == "." {
        "chart".clone_into(&mut base);
    }
    if let Some(idx) = base.find('.') {
        base.truncate(idx);
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Ok((format!("{base}-{now}"), args[0].clone()))
}
