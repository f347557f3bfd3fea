//! `rudder lint`: Helm's `pkg/cmd/lint.go` over `rudder-action`'s lint: each chart's
//! messages, `--strict`, `--quiet`, `--with-subcharts`, values flags, the summary line and the
//! exit status.

use std::fmt::Write as _;

use rudder::action::lint::{Lint, LintLog, has_warnings_or_errors};
use rudder::chart::lint::Severity;
use rudder::chart::values::LocalSource;

use super::flags::{read_values, values_flags};
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::log;
use crate::settings::Env;

const LINT_DESC: &str = "
This command takes a path to a chart and runs a series of tests to verify that
the chart is well-formed.

If the linter encounters things that will cause the chart to fail installation,
it will emit [ERROR] messages. If it encounters issues that break with convention
or recommendation, it will emit [WARNING] messages.
";

pub(crate) fn command(_env: &Env) -> Command {
    Command::new("lint PATH")
        .short("examine a chart for possible issues")
        .long(LINT_DESC)
        .args(Args::Minimum(1))
        .flag(Flag::bool("strict", "", false, "fail on lint warnings"))
        .flag(Flag::bool(
            "with-subcharts",
            "",
            false,
            "lint dependent charts",
        ))
        .flag(Flag::bool(
            "quiet",
            "",
            false,
            "print only warnings and errors",
        ))
        .flag(Flag::bool(
            "skip-schema-validation",
            "",
            false,
            "if set, disables JSON schema validation",
        ))
        .flag(Flag::string(
            "kube-version",
            "",
            "",
            "Kubernetes version used for capabilities and deprecation checks",
        ))
        .flags(values_flags())
        .run(run)
}

/// `filepath.Walk(<path>/charts)` as `--with-subcharts` uses it: every directory holding a
/// `Chart.yaml` and every `.tgz`/`.tar.gz` file, depth first in lexical order (symbolic
/// links are not followed).
#[expect(
    clippy::case_sensitive_file_extension_comparisons,
    reason = "Helm's strings.HasSuffix is case-sensitive"
)]
fn subcharts(dir: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let path = format!("{dir}/{name}");
        if name == "Chart.yaml" {
            out.push(dir.to_owned());
        } else if path.ends_with(".tgz") || path.ends_with(".tar.gz") {
            out.push(path.clone());
        }
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            subcharts(&path, out);
        }
    }
}

fn run(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let debug = inv.settings.debug;
    let mut client = Lint::default();
    let kube_version = inv.flags.get_string("kube-version").to_owned();
    if !kube_version.is_empty() {
        let parsed = rudder::engine::parse_kube_version(&kube_version).map_err(|e| {
            CommandError::new(format!("invalid kube version '{kube_version}': {e}"))
        })?;
        client.kube_version = Some(parsed);
    }
    client.strict = inv.flags.get_bool("strict");
    client.skip_schema_validation = inv.flags.get_bool("skip-schema-validation");
    let quiet = inv.flags.get_bool("quiet");
    let mut paths = inv.args.clone();
    if inv.flags.get_bool("with-subcharts") {
        for path in inv.args.clone() {
            let charts = crate::settings::go_join(&[&path, "charts"]);
            if std::fs::symlink_metadata(&charts).is_ok_and(|m| m.is_dir()) {
                subcharts(&charts, &mut paths);
            }
        }
    }
    client.namespace = inv.settings.namespace();
    let vals = read_values(&inv.flags)
        .merge_values(&mut LocalSource::default())
        .map_err(|e| CommandError::new(e.to_string()))?;

    let mut message = String::new();
    let mut failed = 0;
    let mut errors_or_warnings = 0;
    for path in &paths {
        let mut records = Vec::new();
        let result = client.run(std::slice::from_ref(path), &vals, &mut records);
        for record in &records {
            match record {
                // Helm's logger shows DEBUG records only with --debug.
                LintLog::Slog {
                    level,
                    message,
                    attrs,
                } if debug || *level != "DEBUG" => {
                    let attrs: Vec<(&str, &str)> = attrs
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    log::line(inv.err, level, message, &attrs);
                }
                LintLog::Chart(text) => log::helm_warning(inv.err, text),
                _ => {}
            }
        }
        let has = has_warnings_or_errors(&result);
        if has {
            errors_or_warnings += 1;
        }
        if quiet && !has {
            continue;
        }
        let _ = writeln!(message, "==> Linting {path}");
        if result.messages.is_empty() {
            for err in &result.errors {
                let _ = writeln!(message, "Error {err}");
            }
        }
        for msg in &result.messages {
            if !quiet || msg.severity > Severity::Info {
                let _ = writeln!(message, "{msg}");
            }
        }
        if !result.errors.is_empty() {
            failed += 1;
        }
        message.push('\n');
    }
    write!(inv.out, "{message}")?;
    let summary = format!("{} chart(s) linted, {failed} chart(s) failed", paths.len());
    if failed > 0 {
        return Err(CommandError::new(summary));
    }
    if !quiet || errors_or_warnings > 0 {
        writeln!(inv.out, "{summary}")?;
    }
    Ok(())
}
