//! Comparison classes: how one tool's output is judged against its reference.
//!
//! - [`charts`]: corpus charts, rudder against the reference Helm run here, byte for byte
//!   (stdout, stderr, exit), with the lines that differ between two Helm runs masked ([`masked`]).
//! - Golden cases, against the committed upstream output, one module per class of
//!   `golden/README.md`: [`exact`], [`helm3`] (exact for Helm 3), [`postprocess`] (exact after
//!   post-processing) and [`semantic`] (semantic only).

pub(crate) mod charts;
pub(crate) mod exact;
pub(crate) mod helm3;
pub(crate) mod masked;
pub(crate) mod postprocess;
pub(crate) mod semantic;

use std::fmt::Write as _;
use std::time::Duration;

use crate::exec::{Exit, RunRecord};

/// The judgement on one output: identical or not, and if not, a readable explanation (mostly
/// unified diffs, reference side first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) identical: bool,
    pub(crate) diff: String,
}

impl Verdict {
    /// Identical when nothing was written to `diff`.
    pub(crate) fn from_diff(diff: String) -> Self {
        Self {
            identical: diff.is_empty(),
            diff,
        }
    }
}

const DIFF_DEADLINE: Duration = Duration::from_millis(200);

/// A unified diff of two texts (empty when they are equal).
pub(crate) fn unified_diff(old_name: &str, old: &str, new_name: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    // Myers is quadratic when nearly everything differs (a 13,000-line manifest against a
    // two-line error took 0.7 s); past the deadline `similar` gives a coarser but valid diff.
    let diff = similar::TextDiff::configure()
        .timeout(DIFF_DEADLINE)
        .diff_lines(old, new);
    let mut text = diff
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string();
    if text.is_empty() {
        // Only a difference the line diff cannot show (none is known, but never say "equal").
        text = format!("--- {old_name}\n+++ {new_name}\n(texts differ)\n");
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// Appends a note when the record's exit does not match what the case expects.
pub(crate) fn check_exit(diff: &mut String, record: &RunRecord, expect_error: bool) {
    let exit = record.exit();
    let failed = !exit.success();
    if failed != expect_error {
        let expected = if expect_error { "an error" } else { "success" };
        let _ = writeln!(diff, "exit: expected {expected}, got {exit}");
    }
    if exit == Exit::TimedOut {
        let _ = writeln!(diff, "(killed at the time limit)");
    }
}

pub(crate) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
