//! `rudder test`: Helm's `pkg/cmd/release_testing.go` over `rudder-action`'s test action:
//! the status (notes hidden) even when a test failed, then with `--logs` the test Pods' logs,
//! then the deletions the hooks' policies ask for; the tests' error last.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rudder::action::output::Format;
use rudder::action::status::StatusPrinter;
use rudder::action::test::{ReleaseTesting, pod_logs};

use super::release_common::{color, run};
use crate::args::{Args, Command, Flag, Invocation};
use crate::exit::CommandError;
use crate::settings::Env;

const TEST_HELP: &str = "
The test command runs the tests for a release.

The argument this command takes is the name of a deployed release.
The tests to be run are defined in the chart that was installed.
";

pub(crate) fn command(_env: &Env) -> Command {
    Command::new("test [RELEASE]")
        .short("run tests for a release")
        .long(TEST_HELP)
        .args(Args::Exact(1))
        .flag(Flag::duration("timeout", "", 300_000_000_000, "time to wait for any individual Kubernetes operation (like Jobs for hooks)"))
        .flag(Flag::bool("logs", "", false, "dump the logs from test pods (this runs after all tests are complete, but before any cleanup)"))
        .flag(Flag::string_slice("filter", "", &[], "specify tests by attribute (currently \"name\") using attribute=value syntax or '!attribute=value' to exclude a test (can specify multiple or separate values with commas: name=test1,name=test2)"))
        .run(run_test)
}

fn run_test(inv: &mut Invocation<'_>) -> Result<(), CommandError> {
    let mut client = ReleaseTesting {
        timeout: Duration::from_nanos(u64::try_from(inv.flags.get_duration("timeout")).unwrap_or(0)),
        ..ReleaseTesting::default()
    };
    for f in inv.flags.get_list("filter") {
        client.add_filter(f);
    }
    let logs = inv.flags.get_bool("logs");
    let debug = inv.settings.debug;
    let color = color(inv);
    let name = inv.args[0].clone();
    let records = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&records);
    let failure = Arc::new(Mutex::new(None));
    let failed = Arc::clone(&failure);
    let result = run(inv, false, move |cfg| async move {
        let mut log = Vec::new();
        let ran = client.run(&cfg, &name, &mut log).await;
        let mut test_run = match ran {
            Ok(r) => r,
            Err(e) => {
                sink.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(log);
                return Err(e);
            }
        };
        let mut out = String::new();
        let mut error = test_run.error.take().map(|e| e.to_string());
        if let Some(rel) = &test_run.release {
            out = StatusPrinter {
                release: rel,
                debug,
                show_metadata: false,
                hide_notes: true,
                color,
            }
            .write(Format::Table)?;
            if logs {
                out.push('\n');
                if let Err(e) = pod_logs(&cfg, &client, rel, &cfg.namespace, &mut out).await {
                    // errors.Join(runErr, err)
                    error = Some(match error {
                        Some(run_error) => format!("{run_error}\n{e}"),
                        None => e.to_string(),
                    });
                }
            }
        }
        let finished = test_run.finish(&cfg, client.timeout, &mut log).await;
        if error.is_none()
            && let Err(e) = finished
        {
            error = Some(e.to_string());
        }
        sink.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(log);
        *failed.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = error;
        Ok(out)
    });
    for record in records
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
    {
        crate::log::record(inv.err, debug, record);
    }
    result?;
    match failure
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take()
    {
        Some(e) => Err(CommandError::new(e)),
        None => Ok(()),
    }
}
