//! `rudder rollback`: Helm's `pkg/cmd/rollback.go` over `rudder-action`'s rollback.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rudder::action::rollback::Rollback;

use super::flags::wait_flag;
use super::install::{dry_run_flag, dry_run_strategy};
use super::release_common::run;
use super::upgrade::max_history;
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const ROLLBACK_DESC: &str = include_str!("rollback_help.txt");

pub(crate) fn command(env: &Env) -> Command {
    Command::new("rollback <RELEASE> [REVISION]")
        .short("roll back a release to a previous revision")
        .long(ROLLBACK_DESC)
        .args(Args::Minimum(1))
        .flag(Flag::bool("force-replace", "", false, "force resource updates by replacement"))
        .flag(Flag::bool("force", "", false, "deprecated").deprecated("use --force-replace instead"))
        .flag(Flag::bool("force-conflicts", "", false, "if set server-side apply will force changes against conflicts"))
        .flag(Flag::string("server-side", "", "auto", "must be \"true\", \"false\" or \"auto\". Object updates run in the server instead of the client (\"auto\" defaults the value from the previous chart release's method)"))
        .flag(Flag::bool("no-hooks", "", false, "prevent hooks from running during rollback"))
        .flag(Flag::duration("timeout", "", 300_000_000_000, "time to wait for any individual Kubernetes operation (like Jobs for hooks)"))
        .flag(Flag::bool("wait-for-jobs", "", false, "if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout"))
        .flag(Flag::bool("cleanup-on-fail", "", false, "allow deletion of new resources created in this rollback when rollback fails"))
        .flag(Flag::int("history-max", "", max_history(env), "limit the maximum number of revisions saved per release. Use 0 for no limit"))
        .flag(dry_run_flag())
        .flag(wait_flag())
        .mutually_exclusive(&["force-replace", "force-conflicts"])
        .mutually_exclusive(&["force", "force-conflicts"])
        .run(run_rollback)
}

fn run_rollback(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let mut client = Rollback::default();
    if inv.args.len() > 1 {
        client.version = inv.args[1].parse().map_err(|_| {
            CommandError::new(format!(
                "could not convert revision to a number: strconv.Atoi: parsing {}: invalid syntax",
                rudder::value::strconv::quote(&inv.args[1])
            ))
        })?;
    }
    let dry_run = dry_run_strategy(inv)?;
    client.dry_run = dry_run != rudder::action::install::DryRun::None;
    client.force_replace = inv.flags.get_bool("force-replace") || inv.flags.get_bool("force");
    client.deploy.force_conflicts = inv.flags.get_bool("force-conflicts");
    inv.flags
        .get_string("server-side")
        .clone_into(&mut client.server_side);
    client.deploy.no_hooks = inv.flags.get_bool("no-hooks");
    client.deploy.timeout =
        Duration::from_nanos(u64::try_from(inv.flags.get_duration("timeout")).unwrap_or(0));
    client.deploy.wait_for_jobs = inv.flags.get_bool("wait-for-jobs");
    inv.flags
        .get_string("wait")
        .clone_into(&mut client.deploy.wait);
    client.deploy.live_view = crate::live::live_view(&client.deploy.wait, false);
    client.cleanup_on_fail = inv.flags.get_bool("cleanup-on-fail");
    client.max_history = inv.flags.get_int("history-max");
    let name = inv.args[0].clone();
    let debug = inv.settings.debug;
    let records = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&records);
    let result = run(inv, false, |cfg| async move {
        let mut log = Vec::new();
        let res = client.run(&cfg, &name, &mut log).await;
        sink.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(log);
        res?;
        Ok("Rollback was a success! Happy Helming!\n".to_owned())
    });
    for record in records
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
    {
        crate::log::record(inv.err, debug, record);
    }
    result
}
