//! `rudder dependency list|build|update`: Helm's `pkg/cmd/dependency*.go` over
//! `rudder-chart`'s dependency manager, for vendored and `file://` dependencies (remote
//! repositories are refused by the manager until rudder has them).

use super::package::default_keyring;
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const DEPENDENCY_DESC: &str = "
Manage the dependencies of a chart.

Helm charts store their dependencies in 'charts/'. For chart developers, it is
often easier to manage dependencies in 'Chart.yaml' which declares all
dependencies.

The dependency commands operate on that file, making it easy to synchronize
between the desired dependencies and the actual dependencies stored in the
'charts/' directory.

For example, this Chart.yaml declares two dependencies:

    # Chart.yaml
    dependencies:
    - name: nginx
      version: \"1.2.3\"
      repository: \"https://example.com/charts\"
    - name: memcached
      version: \"3.2.1\"
      repository: \"https://another.example.com/charts\"


The 'name' should be the name of a chart, where that name must match the name
in that chart's 'Chart.yaml' file.

The 'version' field should contain a semantic version or version range.

The 'repository' URL should point to a Chart Repository. Helm expects that by
appending '/index.yaml' to the URL, it should be able to retrieve the chart
repository's index. Note: 'repository' can be an alias. The alias must start
with 'alias:' or '@'.

Starting from 2.2.0, repository can be defined as the path to the directory of
the dependency charts stored locally. The path should start with a prefix of
\"file://\". For example,

    # Chart.yaml
    dependencies:
    - name: nginx
      version: \"1.2.3\"
      repository: \"file://../dependency_chart/nginx\"

If the dependency chart is retrieved locally, it is not required to have the
repository added to helm by \"helm add repo\". Version matching is also supported
for this case.
";

const LIST_DESC: &str = "
List all of the dependencies declared in a chart.

This can take chart archives and chart directories as input. It will not alter
the contents of a chart.

This will produce an error if the chart cannot be loaded.
";

const UPDATE_DESC: &str = "
Update the on-disk dependencies to mirror Chart.yaml.

This command verifies that the required charts, as expressed in 'Chart.yaml',
are present in 'charts/' and are at an acceptable version. It will pull down
the latest charts that satisfy the dependencies, and clean up old dependencies.

On successful update, this will generate a lock file that can be used to
rebuild the dependencies to an exact version.

Dependencies are not required to be represented in 'Chart.yaml'. For that
reason, an update command will not remove charts unless they are (a) present
in the Chart.yaml file, but (b) at the wrong version.
";

const BUILD_DESC: &str = "
Build out the charts/ directory from the Chart.lock file.

Build is used to reconstruct a chart's dependencies to the state specified in
the lock file. This will not re-negotiate dependencies, as 'helm dependency update'
does.

If no lock file is found, 'helm dependency build' will mirror the behavior
of 'helm dependency update'.
";

fn subcommand_flags(env: &Env) -> Vec<Flag> {
    let mut flags = vec![
        Flag::bool(
            "verify",
            "",
            false,
            "verify the packages against signatures",
        ),
        Flag::string(
            "keyring",
            "",
            &default_keyring(env),
            "keyring containing public keys",
        ),
        Flag::bool(
            "skip-refresh",
            "",
            false,
            "do not refresh the local repository cache",
        ),
    ];
    flags.extend(super::flags::registry_flags());
    flags
}

pub(crate) fn command(env: &Env) -> Command {
    Command::new("dependency update|build|list")
        .aliases(&["dep", "dependencies"])
        .short("manage a chart's dependencies")
        .long(DEPENDENCY_DESC)
        .args(Args::None)
        .subcommand(
            Command::new("list CHART")
                .aliases(&["ls"])
                .short("list the dependencies for the given chart")
                .long(LIST_DESC)
                .args(Args::Maximum(1))
                .flag(Flag::uint(
                    "max-col-width",
                    "",
                    80,
                    "maximum column width for output table",
                ))
                .run(list),
        )
        .subcommand(
            Command::new("update CHART")
                .aliases(&["up"])
                .short("update charts/ based on the contents of Chart.yaml")
                .long(UPDATE_DESC)
                .args(Args::Maximum(1))
                .flags(subcommand_flags(env))
                .run(|inv| manage(inv, false)),
        )
        .subcommand(
            Command::new("build CHART")
                .short("rebuild the charts/ directory based on the Chart.lock file")
                .long(BUILD_DESC)
                .args(Args::Maximum(1))
                .flags(subcommand_flags(env))
                .run(|inv| manage(inv, true)),
        )
}

/// `filepath.Clean(args[0])`, or `.`.
fn chart_path(inv: &Invocation<'_>) -> String {
    inv.args
        .first()
        .map_or_else(|| ".".to_owned(), |a| crate::settings::go_clean(a))
}

fn list(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let path = chart_path(inv);
    let width = usize::try_from(inv.flags.get_uint("max-col-width")).unwrap_or(usize::MAX);
    rudder::chart::manager::list(&path, width, inv.out)
        .map_err(|e| CommandError::new(e.to_string()))
}

fn manage(inv: &mut Invocation<'_>, build: bool) -> Result<(), CommandError> {
    if inv.flags.get_bool("verify") {
        return Err(CommandError::unsupported("--verify"));
    }
    let mut manager = rudder::chart::manager::Manager::new(chart_path(inv));
    manager.debug = inv.settings.debug;
    let result = if build {
        manager.build(inv.out)
    } else {
        manager.update(inv.out)
    };
    result.map_err(|e| CommandError::new(e.to_string()))
}
