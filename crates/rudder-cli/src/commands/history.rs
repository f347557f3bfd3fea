//! `rudder history`: Helm's `pkg/cmd/history.go`.

use rudder::action::history::History;
use rudder::action::output::Format;

use super::flags::output_flag;
use super::release_common::run;
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const HISTORY_HELP: &str = "
History prints historical revisions for a given release.

A default maximum of 256 revisions will be returned. Setting '--max'
configures the maximum length of the revision list returned.

The historical release set is printed as a formatted table, e.g:

    $ helm history angry-bird
    REVISION    UPDATED                     STATUS          CHART             APP VERSION     DESCRIPTION
    1           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Initial install
    2           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Upgraded successfully
    3           Mon Oct 3 10:15:13 2016     superseded      alpine-0.1.0      1.0             Rolled back to 2
    4           Mon Oct 3 10:15:13 2016     deployed        alpine-0.1.0      1.0             Upgraded successfully
";

pub(crate) fn command(_env: &Env) -> Command {
    Command::new("history RELEASE_NAME")
        .short("fetch release history")
        .long(HISTORY_HELP)
        .aliases(&["hist"])
        .args(Args::Exact(1))
        .flag(Flag::int(
            "max",
            "",
            256,
            "maximum number of revision to include in history",
        ))
        .flag(output_flag())
        .run(run_history)
}

fn run_history(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let history = History {
        max: inv.flags.get_int("max"),
        output: Format::parse(inv.flags.get_string("output"))
            .map_err(|e| CommandError::new(e.to_string()))?,
    };
    let name = inv.args[0].clone();
    run(inv, false, |cfg| async move {
        history.run_to_string(&cfg, &name).await
    })
}
