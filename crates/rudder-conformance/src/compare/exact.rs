//! Golden class **exact** (`helm-template-*`): Helm's own CLI test outputs, byte for byte.
//!
//! Those tests run the command inside `go test` with standard output and standard error going
//! to one buffer, so the tool's stdout followed by its stderr is compared with `expected.txt`
//! (error cases end in `Error: ...`). Helm's log records (`level=DEBUG msg=...` and the like,
//! printed by `--debug`) go to the process's real stderr under `go test`, not to that buffer,
//! so stderr lines starting with `level=` are left out. The exit must be an error exactly when
//! the case expects one. (The runner adds `--kube-version v1.20.0`, the `go test` default,
//! when the flags set none.)

use super::{Verdict, check_exit, lossy, unified_diff};
use crate::exec::RunRecord;

/// Whether a stderr line is a log record (Go's `log/slog` text handler), not CLI output.
fn is_log_record(line: &[u8]) -> bool {
    ["DEBUG", "INFO", "WARN", "ERROR"].iter().any(|level| {
        line.strip_prefix(b"level=")
            .and_then(|rest| rest.strip_prefix(level.as_bytes()))
            .is_some_and(|rest| rest.first() == Some(&b' '))
    })
}

/// The tool's output as Helm's test buffer would hold it.
pub(crate) fn shared_buffer(record: &RunRecord) -> Vec<u8> {
    let mut buffer = Vec::new();
    for output in &record.outputs {
        buffer.extend_from_slice(&output.stdout);
        for line in output.stderr.split_inclusive(|byte| *byte == b'\n') {
            if !is_log_record(line) {
                buffer.extend_from_slice(line);
            }
        }
    }
    buffer
}

pub(crate) fn compare(expected: &[u8], record: &RunRecord, expect_error: bool) -> Verdict {
    let mut diff = String::new();
    check_exit(&mut diff, record, expect_error);
    let actual = shared_buffer(record);
    if actual != expected {
        diff.push_str(&unified_diff(
            "expected.txt",
            &lossy(expected),
            "output",
            &lossy(&actual),
        ));
    }
    Verdict::from_diff(diff)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::exec::{Exit, Output};

    fn record(code: i32, stdout: &str, stderr: &str) -> RunRecord {
        RunRecord {
            outputs: vec![Output {
                exit: Exit::Code(code),
                stdout: stdout.into(),
                stderr: stderr.into(),
                duration: Duration::ZERO,
            }],
            ..RunRecord::default()
        }
    }

    #[test]
    fn stdout_then_stderr_without_log_records() {
        let expected = b"---\nkind: Pod\nError: YAML parse error\n";
        let run = record(
            1,
            "---\nkind: Pod\n",
            "level=DEBUG msg=\"Chart path\"\nError: YAML parse error\n",
        );
        assert!(compare(expected, &run, true).identical);
        // The exit must agree with the case.
        assert!(!compare(expected, &run, false).identical);
        let run = record(1, "---\nkind: Pod\n", "Error: other\n");
        let verdict = compare(expected, &run, true);
        assert!(
            verdict.diff.contains("-Error: YAML parse error"),
            "{}",
            verdict.diff
        );
        assert!(verdict.diff.contains("+Error: other"), "{}", verdict.diff);
    }

    #[test]
    fn only_log_levels_are_dropped() {
        assert!(is_log_record(b"level=WARN msg=x\n"));
        assert!(!is_log_record(b"level=high\n"));
        assert!(!is_log_record(b"Error: level=DEBUG\n"));
    }
}
