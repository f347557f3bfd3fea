//! `rudder list`: Helm's `pkg/cmd/list.go`.

use rudder::action::list::List;
use rudder::action::output::Format;
use rudder::release::list::StateFlags;

use super::flags::output_flag;
use super::release_common::{color, run};
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const LIST_HELP: &str = r"
This command lists all of the releases for a specified namespace (uses current namespace context if namespace not specified).

By default, it lists all releases in any status. Individual status filters like '--deployed', '--failed',
'--pending', '--uninstalled', '--superseded', and '--uninstalling' can be used
to show only releases in specific states. Such flags can be combined:
'--deployed --failed'.

By default, items are sorted alphabetically. Use the '-d' flag to sort by
release date.

If the --filter flag is provided, it will be treated as a filter. Filters are
regular expressions (Perl compatible) that are applied to the list of releases.
Only items that match the filter will be returned.

    $ helm list --filter 'ara[a-z]+'
    NAME                UPDATED                                  CHART
    maudlin-arachnid    2020-06-18 14:17:46.125134977 +0000 UTC  alpine-0.1.0

If no results are found, 'helm list' will exit 0, but with no output (or in
the case of no '-q' flag, only headers).

By default, up to 256 items may be returned. To limit this, use the '--max' flag.
Setting '--max' to 0 will not return all results. Rather, it will return the
server's default, which may be much higher than 256. Pairing the '--max'
flag with the '--offset' flag allows you to page through results.
";

pub(crate) fn command(_env: &Env) -> Command {
    Command::new("list")
        .short("list releases")
        .long(LIST_HELP)
        .aliases(&["ls"])
        .args(Args::None)
        .flag(Flag::bool("short", "q", false, "output short (quiet) listing format"))
        .flag(Flag::bool("no-headers", "", false, "don't print headers when using the default output format"))
        .flag(Flag::string("time-format", "", "", r#"format time using golang time formatter. Example: --time-format "2006-01-02 15:04:05Z0700""#))
        .flag(Flag::bool("date", "d", false, "sort by release date"))
        .flag(Flag::bool("reverse", "r", false, "reverse the sort order"))
        .flag(Flag::bool("uninstalled", "", false, "show uninstalled releases (if 'helm uninstall --keep-history' was used)"))
        .flag(Flag::bool("superseded", "", false, "show superseded releases"))
        .flag(Flag::bool("uninstalling", "", false, "show releases that are currently being uninstalled"))
        .flag(Flag::bool("deployed", "", false, "show deployed releases"))
        .flag(Flag::bool("failed", "", false, "show failed releases"))
        .flag(Flag::bool("pending", "", false, "show pending releases"))
        .flag(Flag::bool("all-namespaces", "A", false, "list releases across all namespaces"))
        .flag(Flag::int("max", "m", 256, "maximum number of releases to fetch"))
        .flag(Flag::int("offset", "", 0, "next release index in the list, used to offset from start value"))
        .flag(Flag::string("filter", "f", "", "a regular expression (Perl compatible). Any releases that match the expression will be included in the results"))
        .flag(Flag::string("selector", "l", "", "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Works only for secret(default) and configmap storage backends."))
        .flag(output_flag())
        .run(run_list)
}

fn run_list(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let f = &inv.flags;
    let list = List {
        short: f.get_bool("short"),
        no_headers: f.get_bool("no-headers"),
        time_format: f.get_string("time-format").to_owned(),
        by_date: f.get_bool("date"),
        reverse: f.get_bool("reverse"),
        states: StateFlags {
            deployed: f.get_bool("deployed"),
            uninstalled: f.get_bool("uninstalled"),
            uninstalling: f.get_bool("uninstalling"),
            pending: f.get_bool("pending"),
            failed: f.get_bool("failed"),
            superseded: f.get_bool("superseded"),
        },
        all_namespaces: f.get_bool("all-namespaces"),
        max: f.get_int("max"),
        offset: f.get_int("offset"),
        filter: f.get_string("filter").to_owned(),
        selector: f.get_string("selector").to_owned(),
        output: Format::parse(f.get_string("output"))
            .map_err(|e| CommandError::new(e.to_string()))?,
        color: color(inv),
    };
    let all = list.all_namespaces;
    run(
        inv,
        all,
        |cfg| async move { list.run_to_string(&cfg).await },
    )
}
