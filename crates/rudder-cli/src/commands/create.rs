//! `rudder create`: Helm's `pkg/cmd/create.go` over `rudder-chart`'s scaffold (`--starter`
//! from Helm's data directory or an absolute path; `--chart-api-version` v3 behind Helm's
//! experimental gate).

use std::path::Path;

use rudder::chart::create::{create, create_from, starter_metadata};

use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::{Env, go_join};

const CREATE_DESC: &str = "
This command creates a chart directory along with the common files and
directories used in a chart.

For example, 'helm create foo' will create a directory structure that looks
something like this:

    foo/
    ├── .helmignore   # Contains patterns to ignore when packaging Helm charts.
    ├── Chart.yaml    # Information about your chart
    ├── values.yaml   # The default values for your templates
    ├── charts/       # Charts that this chart depends on
    └── templates/    # The template files
        └── tests/    # The test files

'helm create' takes a path for an argument. If directories in the given path
do not exist, Helm will attempt to create them as it goes. If the given
destination exists and there are files in that directory, conflicting files
will be overwritten, but other files will be left alone.
";

const CHART_V3_GATE: &str = "HELM_EXPERIMENTAL_CHART_V3";

pub(crate) fn command(env: &Env) -> Command {
    let mut api_version = Flag::string(
        "chart-api-version",
        "",
        "v2",
        "chart API version to use (v2 or v3)",
    );
    if env.get(CHART_V3_GATE).is_empty() {
        api_version = api_version.hidden();
    }
    Command::new("create NAME")
        .short("create a new chart with the given name")
        .long(CREATE_DESC)
        .args(Args::Exact(1))
        .flag(Flag::string(
            "starter",
            "p",
            "",
            "the name or absolute path to Helm starter scaffold",
        ))
        .flag(api_version)
        .run(run)
}

/// `filepath.Dir`: everything up to the last separator, cleaned (`./a/` is `a`).
fn go_dir(path: &str) -> String {
    let head = path.rfind('/').map_or("", |i| &path[..=i]);
    crate::settings::go_clean(head)
}

/// `filepath.Base`.
fn go_base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_owned();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_owned()
}

fn run(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let name = inv.args[0].clone();
    writeln!(inv.out, "Creating {name}")?;
    match inv.flags.get_string("chart-api-version") {
        "v2" | "" => {}
        "v3" => {
            if inv.settings.env.get(CHART_V3_GATE).is_empty() {
                return Err(CommandError::new(format!(
                    "this feature has been marked as experimental and is not enabled by default. Please set {CHART_V3_GATE}=1 in your environment to use this feature"
                )));
            }
            return Err(CommandError::unsupported("--chart-api-version v3"));
        }
        other => {
            return Err(CommandError::new(format!(
                "unsupported chart API version: {other} (supported: v2, v3)"
            )));
        }
    }
    let chart_name = go_base(&name);
    let dir = go_dir(&name);
    let starter = inv.flags.get_string("starter").to_owned();
    if !starter.is_empty() {
        let source = if starter.starts_with('/') {
            starter
        } else {
            go_join(&[&inv.settings.env.data_path("starters"), &starter])
        };
        let mut warnings = Vec::new();
        let created = create_from(
            starter_metadata(&chart_name),
            Path::new(&dir),
            &source,
            &mut warnings,
        );
        for warning in warnings {
            crate::log::helm_warning(inv.err, &warning);
        }
        return created.map_err(|e| CommandError::new(e.to_string()));
    }
    create(&chart_name, Path::new(&dir), inv.out)
        .map(|_| ())
        .map_err(|e| CommandError::new(e.to_string()))
}
