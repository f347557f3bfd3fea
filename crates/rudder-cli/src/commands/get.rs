//! `rudder get all|values|manifest|notes|hooks|metadata`: Helm's `pkg/cmd/get*.go`.

use rudder::action::get::{Get, GetWhat};
use rudder::action::output::Format;

use super::flags::output_flag;
use super::release_common::{color, run};
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const GET_HELP: &str = "
This command consists of multiple subcommands which can be used to
get extended information about the release, including:

- The values used to generate the release
- The generated manifest file
- The notes provided by the chart of the release
- The hooks associated with the release
- The metadata of the release
";

const GET_ALL_HELP: &str = "
This command prints a human readable collection of information about the
notes, hooks, supplied values, and generated manifest file of the given release.
";

const GET_VALUES_HELP: &str = "
This command downloads a values file for a given release.
";

const GET_MANIFEST_HELP: &str = "
This command fetches the generated manifest for a given release.

A manifest is a YAML-encoded representation of the Kubernetes resources that
were generated from this release's chart(s). If a chart is dependent on other
charts, those resources will also be included in the manifest.
";

const GET_HOOKS_HELP: &str = "
This command downloads hooks for a given release.

Hooks are formatted in YAML and separated by the YAML '---\\n' separator.
";

const GET_NOTES_HELP: &str = "
This command shows notes provided by the chart of a named release.
";

const REVISION: &str = "get the named release with revision";

pub(crate) fn command(_env: &Env) -> Command {
    Command::new("get")
        .short("download extended information of a named release")
        .long(GET_HELP)
        .args(Args::None)
        .subcommand(
            Command::new("all RELEASE_NAME")
                .short("download all information for a named release")
                .long(GET_ALL_HELP)
                .args(Args::Exact(1))
                .flag(Flag::int("revision", "", 0, REVISION))
                .flag(Flag::string(
                    "template",
                    "",
                    "",
                    "go template for formatting the output, eg: {{.Release.Name}}",
                ))
                .run(|inv| run_get(inv, GetWhat::All)),
        )
        .subcommand(
            Command::new("values RELEASE_NAME")
                .short("download the values file for a named release")
                .long(GET_VALUES_HELP)
                .args(Args::Exact(1))
                .flag(Flag::int("revision", "", 0, REVISION))
                .flag(Flag::bool("all", "a", false, "dump all (computed) values"))
                .flag(output_flag())
                .run(|inv| run_get(inv, GetWhat::Values)),
        )
        .subcommand(
            Command::new("manifest RELEASE_NAME")
                .short("download the manifest for a named release")
                .long(GET_MANIFEST_HELP)
                .args(Args::Exact(1))
                .flag(Flag::int("revision", "", 0, REVISION))
                .run(|inv| run_get(inv, GetWhat::Manifest)),
        )
        .subcommand(
            Command::new("hooks RELEASE_NAME")
                .short("download all hooks for a named release")
                .long(GET_HOOKS_HELP)
                .args(Args::Exact(1))
                .flag(Flag::int("revision", "", 0, REVISION))
                .run(|inv| run_get(inv, GetWhat::Hooks)),
        )
        .subcommand(
            Command::new("notes RELEASE_NAME")
                .short("download the notes for a named release")
                .long(GET_NOTES_HELP)
                .args(Args::Exact(1))
                .flag(Flag::int("revision", "", 0, REVISION))
                .run(|inv| run_get(inv, GetWhat::Notes)),
        )
        .subcommand(
            Command::new("metadata RELEASE_NAME")
                .short("This command fetches metadata for a given release")
                .args(Args::Exact(1))
                .flag(Flag::int("revision", "", 0, "specify release revision"))
                .flag(output_flag())
                .run(|inv| run_get(inv, GetWhat::Metadata)),
        )
}

fn run_get(inv: &mut Invocation<'_>, what: GetWhat) -> Result<(), CommandError> {
    let mut get = Get::new(what);
    get.revision = inv.flags.get_int("revision");
    if matches!(what, GetWhat::Values | GetWhat::Metadata) {
        get.output = Format::parse(inv.flags.get_string("output"))
            .map_err(|e| CommandError::new(e.to_string()))?;
    }
    if what == GetWhat::Values {
        get.all_values = inv.flags.get_bool("all");
    }
    if what == GetWhat::All && !inv.flags.get_string("template").is_empty() {
        return Err(CommandError::unsupported("get all --template"));
    }
    get.color = color(inv);
    let name = inv.args[0].clone();
    run(inv, false, |cfg| async move {
        get.run_to_string(&cfg, &name).await
    })
}
