//! Helm's commands rudder does not have yet: their names, short texts, aliases and argument
//! rules, so `--help`, suggestions and argument errors are Helm's, and running one says plainly
//! that it is not supported yet. Each is replaced by registering the real command in `mod.rs`.

use crate::args::{Args, Command, Invocation};
use crate::exit::CommandError;

fn unsupported(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    Err(CommandError::unsupported(&format!(
        "\"{}\"",
        inv.command_path()
    )))
}

fn leaf(use_line: &str, short: &str, args: Args) -> Command {
    Command::new(use_line)
        .short(short)
        .args(args)
        .run(unsupported)
}

fn group(use_line: &str, short: &str, args: Args) -> Command {
    Command::new(use_line).short(short).args(args)
}

/// Every command of Helm v4.2.4's root, as placeholders.
pub(crate) fn all() -> Vec<Command> {
    vec![
        leaf(
            "completion",
            "generate autocompletion scripts for the specified shell",
            Args::None,
        ),
        leaf(
            "create NAME",
            "create a new chart with the given name",
            Args::Exact(1),
        ),
        group(
            "dependency update|build|list",
            "manage a chart's dependencies",
            Args::None,
        )
        .aliases(&["dep", "dependencies"])
        .subcommand(leaf(
            "build CHART",
            "rebuild the charts/ directory based on the Chart.lock file",
            Args::Maximum(1),
        ))
        .subcommand(
            leaf(
                "list CHART",
                "list the dependencies for the given chart",
                Args::Maximum(1),
            )
            .aliases(&["ls"]),
        )
        .subcommand(
            leaf(
                "update CHART",
                "update charts/ based on the contents of Chart.yaml",
                Args::Maximum(1),
            )
            .aliases(&["up"]),
        ),
        leaf(
            "docs",
            "generate documentation as markdown or man pages",
            Args::None,
        )
        .hidden(),
        group(
            "get",
            "download extended information of a named release",
            Args::None,
        )
        .subcommand(leaf(
            "all RELEASE_NAME",
            "download all information for a named release",
            Args::Exact(1),
        ))
        .subcommand(leaf(
            "hooks RELEASE_NAME",
            "download all hooks for a named release",
            Args::Exact(1),
        ))
        .subcommand(leaf(
            "manifest RELEASE_NAME",
            "download the manifest for a named release",
            Args::Exact(1),
        ))
        .subcommand(leaf(
            "metadata RELEASE_NAME",
            "This command fetches metadata for a given release",
            Args::Exact(1),
        ))
        .subcommand(leaf(
            "notes RELEASE_NAME",
            "download the notes for a named release",
            Args::Exact(1),
        ))
        .subcommand(leaf(
            "values RELEASE_NAME",
            "download the values file for a named release",
            Args::Exact(1),
        )),
        leaf(
            "history RELEASE_NAME",
            "fetch release history",
            Args::Exact(1),
        )
        .aliases(&["hist"]),
        leaf(
            "install [NAME] [CHART]",
            "install a chart",
            Args::Minimum(1),
        ),
        leaf(
            "lint PATH",
            "examine a chart for possible issues",
            Args::Minimum(1),
        ),
        leaf("list", "list releases", Args::None).aliases(&["ls"]),
        leaf(
            "package [CHART_PATH] [...]",
            "package a chart directory into a chart archive",
            Args::Legacy,
        ),
        group(
            "plugin",
            "install, list, or uninstall Helm plugins",
            Args::Legacy,
        )
        .subcommand(
            leaf(
                "install [options] <path|url>",
                "install a Helm plugin",
                Args::Exact(1),
            )
            .aliases(&["add"]),
        )
        .subcommand(leaf("list", "list installed Helm plugins", Args::Legacy).aliases(&["ls"]))
        .subcommand(leaf(
            "package [PATH]",
            "package a plugin directory into a plugin archive",
            Args::Exact(1),
        ))
        .subcommand(
            leaf(
                "uninstall <plugin>...",
                "uninstall one or more Helm plugins",
                Args::Legacy,
            )
            .aliases(&["rm", "remove"]),
        )
        .subcommand(
            leaf(
                "update <plugin>...",
                "update one or more Helm plugins",
                Args::Legacy,
            )
            .aliases(&["up"]),
        )
        .subcommand(leaf(
            "verify [PATH]",
            "verify that a plugin at the given path has been signed and is valid",
            Args::Exact(1),
        )),
        leaf(
            "pull [chart URL | repo/chartname] [...]",
            "download a chart from a repository and (optionally) unpack it in local directory",
            Args::Minimum(1),
        )
        .aliases(&["fetch"]),
        leaf(
            "push [chart] [remote]",
            "push a chart to remote",
            Args::Minimum(2),
        ),
        group(
            "registry",
            "login to or logout from a registry",
            Args::Legacy,
        )
        .subcommand(leaf(
            "login [host]",
            "login to a registry",
            Args::Minimum(1),
        ))
        .subcommand(leaf(
            "logout [host]",
            "logout from a registry",
            Args::Minimum(1),
        )),
        group(
            "repo add|remove|list|index|update [ARGS]",
            "add, list, remove, update, and index chart repositories",
            Args::None,
        )
        .subcommand(leaf(
            "add [NAME] [URL]",
            "add a chart repository",
            Args::Exact(2),
        ))
        .subcommand(leaf(
            "index [DIR]",
            "generate an index file given a directory containing packaged charts",
            Args::Exact(1),
        ))
        .subcommand(leaf("list", "list chart repositories", Args::None).aliases(&["ls"]))
        .subcommand(
            leaf(
                "remove [REPO1 [REPO2 ...]]",
                "remove one or more chart repositories",
                Args::Minimum(1),
            )
            .aliases(&["rm"]),
        )
        .subcommand(
            leaf(
                "update [REPO1 [REPO2 ...]]",
                "update information of available charts locally from chart repositories",
                Args::Minimum(0),
            )
            .aliases(&["up"]),
        ),
        leaf(
            "rollback <RELEASE> [REVISION]",
            "roll back a release to a previous revision",
            Args::Minimum(1),
        ),
        group(
            "search [keyword]",
            "search for a keyword in charts",
            Args::Legacy,
        )
        .subcommand(leaf(
            "hub [KEYWORD]",
            "search for charts in the Artifact Hub or your own hub instance",
            Args::Legacy,
        ))
        .subcommand(leaf(
            "repo [keyword]",
            "search repositories for a keyword in charts",
            Args::Legacy,
        )),
        group("show", "show information of a chart", Args::None)
            .aliases(&["inspect"])
            .subcommand(leaf(
                "all [CHART]",
                "show all information of the chart",
                Args::Exact(1),
            ))
            .subcommand(leaf(
                "chart [CHART]",
                "show the chart's definition",
                Args::Exact(1),
            ))
            .subcommand(leaf(
                "crds [CHART]",
                "show the chart's CRDs",
                Args::Exact(1),
            ))
            .subcommand(leaf(
                "readme [CHART]",
                "show the chart's README",
                Args::Exact(1),
            ))
            .subcommand(leaf(
                "values [CHART]",
                "show the chart's values",
                Args::Exact(1),
            )),
        leaf(
            "status RELEASE_NAME",
            "display the status of the named release",
            Args::Exact(1),
        ),
        leaf(
            "template [NAME] [CHART]",
            "locally render templates",
            Args::Minimum(1),
        ),
        leaf("test [RELEASE]", "run tests for a release", Args::Exact(1)),
        leaf(
            "uninstall RELEASE_NAME [...]",
            "uninstall a release",
            Args::Minimum(1),
        )
        .aliases(&["del", "delete", "un"])
        .suggest_for(&["remove", "rm"]),
        leaf(
            "upgrade [RELEASE] [CHART]",
            "upgrade a release",
            Args::Exact(2),
        ),
        leaf(
            "verify PATH",
            "verify that a chart at the given path has been signed and is valid",
            Args::Exact(1),
        ),
    ]
}
