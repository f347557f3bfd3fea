//! `rudder show all|chart|values|readme|crds`: Helm's `pkg/cmd/show.go` for local charts.

use rudder::action::chart_path::locate_chart;
use rudder::action::show::{ShowFormat, show};

use super::flags::chart_path_flags;
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::log;
use crate::settings::Env;

const SHOW_DESC: &str = "
This command consists of multiple subcommands to display information about a chart
";

const SHOW_ALL_DESC: &str = "
This command inspects a chart (directory, file, or URL) and displays all its content
(values.yaml, Chart.yaml, README)
";

const SHOW_VALUES_DESC: &str = "
This command inspects a chart (directory, file, or URL) and displays the contents
of the values.yaml file
";

const SHOW_CHART_DESC: &str = "
This command inspects a chart (directory, file, or URL) and displays the contents
of the Chart.yaml file
";

const README_CHART_DESC: &str = "
This command inspects a chart (directory, file, or URL) and displays the contents
of the README file
";

const SHOW_CRDS_DESC: &str = "
This command inspects a chart (directory, file, or URL) and displays the contents
of the CustomResourceDefinition files
";

pub(crate) fn command(env: &Env) -> Command {
    let sub = |use_line: &str, short: &str, long: &str, run: crate::args::RunFn| {
        let mut command = Command::new(use_line)
            .short(short)
            .long(long)
            .args(Args::Exact(1))
            .flag(Flag::bool("devel", "", false, "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored"));
        if command.name() == "values" {
            command = command.flag(Flag::string("jsonpath", "", "", "supply a JSONPath expression to filter the output"));
        }
        command.flags(chart_path_flags(env)).run(run)
    };
    Command::new("show")
        .short("show information of a chart")
        .aliases(&["inspect"])
        .long(SHOW_DESC)
        .args(Args::None)
        .subcommand(sub("all [CHART]", "show all information of the chart", SHOW_ALL_DESC, |inv| run(inv, ShowFormat::All)))
        .subcommand(sub("readme [CHART]", "show the chart's README", README_CHART_DESC, |inv| run(inv, ShowFormat::Readme)))
        .subcommand(sub("values [CHART]", "show the chart's values", SHOW_VALUES_DESC, |inv| run(inv, ShowFormat::Values)))
        .subcommand(sub("chart [CHART]", "show the chart's definition", SHOW_CHART_DESC, |inv| run(inv, ShowFormat::Chart)))
        .subcommand(sub("crds [CHART]", "show the chart's CRDs", SHOW_CRDS_DESC, |inv| run(inv, ShowFormat::Crds)))
}

fn run(inv: &mut Invocation<'_>, format: ShowFormat) -> Result<(), CommandError> {
    let debug = inv.settings.debug;
    let version = inv.flags.get_string("version").to_owned();
    log::debug(inv.err, debug, "original chart version", &[("version", &version)]);
    if version.is_empty() && inv.flags.get_bool("devel") {
        log::debug(inv.err, debug, "setting version to >0.0.0-0", &[]);
    }
    if inv.flags.changed("verify") {
        return Err(CommandError::unsupported("--verify"));
    }
    let path = locate_chart(
        &inv.args[0],
        inv.flags.get_string("repo"),
        &inv.settings.repository_config,
    )
    .map_err(|e| CommandError::new(e.to_string()))?;
    let mut warnings = Vec::new();
    // Helm's show loads with the v2 loader: no apiVersion detection first (`apiVersion: v9`
    // shows), and `Chart.yaml file is missing` for a directory without one.
    let chart = rudder::chart::loader::load_v2(&path, &mut warnings);
    for warning in warnings {
        log::helm_warning(inv.err, &warning);
    }
    let chart = chart.map_err(|e| CommandError::new(e.to_string()))?;
    let jsonpath = if format == ShowFormat::Values {
        inv.flags.get_string("jsonpath")
    } else {
        ""
    };
    let text = show(&chart, format, jsonpath).map_err(|e| CommandError::new(e.to_string()))?;
    write!(inv.out, "{text}")?;
    Ok(())
}
