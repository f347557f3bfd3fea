//! `rudder uninstall`: Helm's `pkg/cmd/uninstall.go` over `rudder-action`'s uninstall.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rudder::action::uninstall::Uninstall;
use rudder::kube::Propagation;

use super::flags::wait_flag;
use super::release_common::run;
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const UNINSTALL_DESC: &str = include_str!("uninstall_help.txt");

pub(crate) fn command(_env: &Env) -> Command {
    Command::new("uninstall RELEASE_NAME [...]")
        .aliases(&["del", "delete", "un"])
        .suggest_for(&["remove", "rm"])
        .short("uninstall a release")
        .long(UNINSTALL_DESC)
        .args(Args::Minimum(1))
        .flag(Flag::bool("dry-run", "", false, "simulate a uninstall"))
        .flag(Flag::bool("no-hooks", "", false, "prevent hooks from running during uninstallation"))
        .flag(Flag::bool("ignore-not-found", "", false, "Treat \"release not found\" as a successful uninstall"))
        .flag(Flag::bool("keep-history", "", false, "remove all associated resources and mark the release as deleted, but retain the release history"))
        .flag(Flag::string("cascade", "", "background", "Must be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents. Defaults to background. Use \"foreground\" with --wait to ensure resources with finalizers are fully deleted before returning."))
        .flag(Flag::duration("timeout", "", 300_000_000_000, "time to wait for any individual Kubernetes operation (like Jobs for hooks)"))
        .flag(Flag::string("description", "", "", "add a custom description"))
        .flag(wait_flag())
        .run(run_uninstall)
}

fn run_uninstall(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let cascade = inv.flags.get_string("cascade").to_owned();
    let propagation = match cascade.as_str() {
        "background" => Propagation::Background,
        "foreground" => Propagation::Foreground,
        "orphan" => Propagation::Orphan,
        other => {
            return Err(CommandError::new(format!(
                "invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            )));
        }
    };
    let client = Uninstall {
        dry_run: inv.flags.get_bool("dry-run"),
        no_hooks: inv.flags.get_bool("no-hooks"),
        ignore_not_found: inv.flags.get_bool("ignore-not-found"),
        keep_history: inv.flags.get_bool("keep-history"),
        propagation,
        description: inv.flags.get_string("description").to_owned(),
        wait: inv.flags.get_string("wait").to_owned(),
        timeout: Duration::from_nanos(u64::try_from(inv.flags.get_duration("timeout")).unwrap_or(0)),
    };
    let names = inv.args.clone();
    let debug = inv.settings.debug;
    let records = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&records);
    let result = run(inv, false, |cfg| async move {
        // Helm prints each release's lines as it goes and stops at the first error; what was
        // printed before the error is lost here only if the process dies (it returns it).
        let mut out = String::new();
        for name in &names {
            let mut log = Vec::new();
            let res = client.run(&cfg, name, &mut log).await;
            sink.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .extend(log);
            let res = res?;
            if !res.info.is_empty() {
                let _ = writeln!(out, "{}", res.info);
            }
            let _ = writeln!(out, "release \"{name}\" uninstalled");
        }
        Ok(out)
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
