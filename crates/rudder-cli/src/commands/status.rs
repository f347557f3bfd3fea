//! `rudder status`: Helm's `pkg/cmd/status.go` (see `rudder_action::status` for what is not
//! there yet: the resources table).

use rudder::action::output::Format;
use rudder::action::status::Status;

use super::flags::output_flag;
use super::release_common::{color, run};
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const STATUS_HELP: &str = "
This command shows the status of a named release.
The status consists of:
- last deployment time
- k8s namespace in which the release lives
- state of the release (can be: unknown, deployed, uninstalled, superseded, failed, uninstalling, pending-install, pending-upgrade or pending-rollback)
- revision of the release
- description of the release (can be completion message or error message)
- list of resources that this release consists of
- details on last test suite run, if applicable
- additional notes provided by the chart
";

pub(crate) fn command(_env: &Env) -> Command {
    Command::new("status RELEASE_NAME")
        .short("display the status of the named release")
        .long(STATUS_HELP)
        .args(Args::Exact(1))
        .flag(Flag::int(
            "revision",
            "",
            0,
            "if set, display the status of the named release with revision",
        ))
        .flag(output_flag())
        .run(run_status)
}

fn run_status(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let status = Status {
        revision: inv.flags.get_int("revision"),
        output: Format::parse(inv.flags.get_string("output"))
            .map_err(|e| CommandError::new(e.to_string()))?,
        color: color(inv),
    };
    let name = inv.args[0].clone();
    run(inv, false, |cfg| async move {
        status.run_to_string(&cfg, &name).await
    })
}
