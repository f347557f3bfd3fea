//! A minimal `helm template` over rudder-engine, for measuring the engine on the corpus before
//! the real CLI exists: `template [NAME] CHART [-f VALUES]... [--set K=V]... [--show-only P]...
//! [--include-crds] [--skip-tests] [--no-hooks] [--kube-version V] [-a API]... [-n NS]
//! [--is-upgrade]`. Prints what `helm template` prints; errors as `Error: ...` with exit 1.
//!
//! ```sh
//! cargo build --release -p rudder-engine --example template
//! cargo run --release -p rudder-conformance -- template --rudder $CARGO_TARGET_DIR/release/examples/template
//! ```

use std::process::ExitCode;
use std::sync::Arc;

use rudder_chart::values::{LocalSource, Options as ValueOptions};
use rudder_engine::manifest::{
    AssembleOptions, TemplateOptions, assemble, check_kube_version, template_output,
};
use rudder_engine::{Capabilities, Engine, ReleaseOptions, parse_kube_version};

fn run(args: &[String]) -> Result<String, String> {
    let mut positional = Vec::new();
    let mut values = ValueOptions::default();
    let mut show_only = Vec::new();
    let mut include_crds = false;
    let mut skip_tests = false;
    let mut no_hooks = false;
    let mut is_upgrade = false;
    let mut namespace = "default".to_owned();
    let mut caps = Capabilities::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (a.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("flag needs an argument: {flag}"))
        };
        match flag {
            "template" if positional.is_empty() && flag == a => {}
            "-f" | "--values" => values
                .value_files
                .extend(value()?.split(',').map(str::to_owned)),
            "--set" => values.values.push(value()?),
            "--set-string" => values.string_values.push(value()?),
            "--set-file" => values.file_values.push(value()?),
            "--set-json" => values.json_values.push(value()?),
            "--set-literal" => values.literal_values.push(value()?),
            "-s" | "--show-only" => show_only.push(value()?),
            "--include-crds" => include_crds = true,
            "--skip-tests" => skip_tests = true,
            "--no-hooks" => no_hooks = true,
            "--is-upgrade" => is_upgrade = true,
            "-n" | "--namespace" => namespace = value()?,
            "--kube-version" => {
                let v = value()?;
                caps.kube_version = parse_kube_version(&v)
                    .map_err(|e| format!("invalid kube version '{v}': {e}"))?;
            }
            "-a" | "--api-versions" => caps
                .api_versions
                .extend(value()?.split(',').map(str::to_owned)),
            f if f.starts_with('-') => return Err(format!("unknown flag: {f}")),
            _ => positional.push(a.clone()),
        }
    }
    let (name, chart_path) = match positional.as_slice() {
        [chart] => ("release-name".to_owned(), chart.clone()),
        [name, chart] => (name.clone(), chart.clone()),
        _ => return Err("expected [NAME] CHART".to_owned()),
    };
    let user = values
        .merge_values(&mut LocalSource::default())
        .map_err(|e| e.to_string())?;
    let mut warnings = Vec::new();
    let mut chart =
        rudder_chart::loader::load(&chart_path, &mut warnings).map_err(|e| e.to_string())?;
    if !(chart.metadata.chart_type.is_empty() || chart.metadata.chart_type == "application") {
        return Err(format!(
            "{} charts are not installable",
            chart.metadata.chart_type
        ));
    }
    if chart.api == rudder_chart::chart::ChartApi::V3 {
        return Err("invalid chart apiVersion".to_owned());
    }
    if chart.metadata.dependencies.is_some() {
        rudder_chart::dependencies::check_dependencies(&chart)
        .map_err(|e| format!("an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: {e}"))?;
    }
    rudder_chart::dependencies::process_dependencies(&mut chart, &user, &mut warnings)
        .map_err(|e| format!("chart dependencies processing failed: {e}"))?;
    let release = ReleaseOptions {
        name,
        namespace,
        revision: 1,
        is_upgrade,
        is_install: !is_upgrade,
    };
    let remote: Arc<dyn rudder_chart::schema::RemoteLoader> =
        Arc::new(rudder_chart::schema::NoRemote);
    let top = rudder_engine::to_render_values_with(
        &chart,
        &user,
        &release,
        &caps,
        false,
        &remote,
        &mut warnings,
    )
    .map_err(|e| e.to_string())?;
    let suffix = "\n\nUse --debug flag to render out invalid YAML";
    check_kube_version(&chart, &caps).map_err(|e| format!("{e}{suffix}"))?;
    let rendered = Engine::new()
        .render(&chart, &top)
        .map_err(|e| format!("{e}{suffix}"))?;
    let opts = AssembleOptions {
        include_crds,
        ..AssembleOptions::default()
    };
    let assembled = assemble(rendered, &chart, &opts).map_err(|e| format!("{e}{suffix}"))?;
    template_output(
        &assembled.manifest,
        &assembled.hooks,
        &TemplateOptions {
            no_hooks,
            skip_tests,
            show_only,
        },
    )
    .map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Error: {e}");
            ExitCode::FAILURE
        }
    }
}
