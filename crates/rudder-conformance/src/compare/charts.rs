//! Corpus charts: rudder against the reference Helm run here. Stdout, stderr and the exit code
//! must all be identical, except for the lines [`masked`](super::masked) because they differ
//! between two Helm runs.

use std::fmt;
use std::fmt::Write as _;

use super::masked::{self, Mask};
use super::{Verdict, lossy, unified_diff};
use crate::exec::Output;

/// How a chart case was compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChartClass {
    /// Helm printed the same thing twice: byte for byte.
    Exact,
    /// Helm's two runs differed with equal line counts: differing lines masked.
    Masked,
    /// Helm's two runs differed in line count or exit code: no comparison possible.
    Nondeterministic,
}

impl fmt::Display for ChartClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Exact => "exact",
            Self::Masked => "masked",
            Self::Nondeterministic => "nondeterministic",
        })
    }
}

/// Compares rudder's output with Helm's first run, masking by Helm's second run (if any).
pub(crate) fn compare(
    helm: &Output,
    helm_again: Option<&Output>,
    rudder: &Output,
) -> (ChartClass, Verdict) {
    let mut class = ChartClass::Exact;
    let mut diff = String::new();
    if helm_again.is_some_and(|again| again.exit != helm.exit) {
        class = ChartClass::Nondeterministic;
        let _ = writeln!(
            diff,
            "the reference Helm exited differently on two runs: no comparison"
        );
    }
    if helm.exit != rudder.exit {
        let _ = writeln!(diff, "exit: helm {}, rudder {}", helm.exit, rudder.exit);
    }
    let streams = [
        (
            "stdout",
            &helm.stdout,
            helm_again.map(|again| &again.stdout),
            &rudder.stdout,
        ),
        (
            "stderr",
            &helm.stderr,
            helm_again.map(|again| &again.stderr),
            &rudder.stderr,
        ),
    ];
    for (name, reference, again, candidate) in streams {
        let mask = again.map_or(Mask::Stable, |again| masked::between(reference, again));
        let (same, shown) = match &mask {
            Mask::Stable => (reference == candidate, None),
            Mask::Lines(lines) => {
                if class == ChartClass::Exact {
                    class = ChartClass::Masked;
                }
                let same = masked::matches(reference, candidate, lines);
                let shown = masked::blank(reference, lines).zip(masked::blank(candidate, lines));
                (same, shown)
            }
            Mask::Unmaskable => {
                class = ChartClass::Nondeterministic;
                let _ = writeln!(
                    diff,
                    "{name}: the reference Helm printed different line counts on two runs: no comparison"
                );
                (false, None)
            }
        };
        if !same {
            let (old, new) = shown.unwrap_or_else(|| (lossy(reference), lossy(candidate)));
            diff.push_str(&unified_diff(
                &format!("helm.{name}"),
                &old,
                &format!("rudder.{name}"),
                &new,
            ));
        }
    }
    (class, Verdict::from_diff(diff))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::exec::Exit;

    fn output(code: i32, stdout: &str, stderr: &str) -> Output {
        Output {
            exit: Exit::Code(code),
            stdout: stdout.into(),
            stderr: stderr.into(),
            duration: Duration::ZERO,
        }
    }

    #[test]
    fn exact_needs_all_three_identical() {
        let helm = output(0, "a: 1\n", "");
        let (class, verdict) = compare(&helm, Some(&helm.clone()), &helm.clone());
        assert_eq!((class, verdict.identical), (ChartClass::Exact, true));
        let (_, verdict) = compare(&helm, None, &output(0, "a: 1\n", "warning\n"));
        assert!(!verdict.identical);
        assert!(verdict.diff.contains("+warning"), "{}", verdict.diff);
        let (_, verdict) = compare(&helm, None, &output(1, "a: 1\n", ""));
        assert!(
            verdict.diff.starts_with("exit: helm 0, rudder 1\n"),
            "{}",
            verdict.diff
        );
        let unknown = output(
            1,
            "",
            "Error: unknown command \"template\" for \"rudder\"\n",
        );
        let (_, verdict) = compare(&helm, None, &unknown);
        assert!(verdict.diff.contains("-a: 1"), "{}", verdict.diff);
    }

    #[test]
    fn masked_when_helm_runs_differ_line_for_line() {
        let helm = output(0, "token: abc\nname: x\n", "");
        let again = output(0, "token: def\nname: x\n", "");
        let (class, verdict) =
            compare(&helm, Some(&again), &output(0, "token: zzz\nname: x\n", ""));
        assert_eq!((class, verdict.identical), (ChartClass::Masked, true));
        let (class, verdict) =
            compare(&helm, Some(&again), &output(0, "token: zzz\nname: y\n", ""));
        assert_eq!((class, verdict.identical), (ChartClass::Masked, false));
        assert!(verdict.diff.contains(masked::MARKER), "{}", verdict.diff);
    }

    #[test]
    fn nondeterministic_when_line_counts_differ() {
        let helm = output(0, "a\nb\n", "");
        let again = output(0, "a\nb\nc\n", "");
        let (class, verdict) = compare(&helm, Some(&again), &helm.clone());
        assert_eq!(
            (class, verdict.identical),
            (ChartClass::Nondeterministic, false)
        );
    }
}
