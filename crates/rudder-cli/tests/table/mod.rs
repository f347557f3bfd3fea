//! Table-driven comparisons with the reference Helm: many command lines per test, every one
//! run by rudder (as `helm`) and by Helm in the same sandbox, every difference collected (not
//! only the first), and rudder's outputs pinned together in one snapshot per table.
//!
//! A case Helm and rudder are known to answer differently is listed with the reason (and its
//! row in `COMPATIBILITY.md`); the table then asserts that it still differs, so the list cannot
//! go stale, and still pins rudder's output in the snapshot.

#![allow(dead_code, reason = "each test binary uses a part of the helpers")]

use std::fmt::Write as _;

use crate::support::{Run, Sandbox};

/// One command line of a table: a label for the snapshot and the arguments after `helm`.
pub(crate) struct Case {
    pub(crate) label: String,
    pub(crate) args: Vec<String>,
}

impl Case {
    pub(crate) fn new(label: impl Into<String>, args: &[&str]) -> Self {
        Case {
            label: label.into(),
            args: args.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

/// Shorthand: a case labelled with its own command line.
pub(crate) fn case(args: &[&str]) -> Case {
    Case::new(args.join(" "), args)
}

/// A case rudder answers differently from Helm on purpose (or not yet), with the reason.
pub(crate) struct Known {
    pub(crate) label: &'static str,
    pub(crate) reason: &'static str,
}

/// Runs every case in `sandbox` with rudder and the reference Helm, asserts each pair is
/// byte-identical (exit code, stdout, stderr) unless the case is in `known`, and returns
/// rudder's outputs, labelled, for the table's snapshot. Panics once, listing every case that
/// differs.
pub(crate) fn same_as_helm_table(sandbox: &Sandbox, cases: &[Case], known: &[Known]) -> String {
    same_as_helm_table_masked(sandbox, cases, known, |_, run| run)
}

/// Like [`same_as_helm_table`], with `mask` applied to both runs before the comparison (for
/// output that legitimately varies between runs, such as a temporary port).
pub(crate) fn same_as_helm_table_masked(
    sandbox: &Sandbox,
    cases: &[Case],
    known: &[Known],
    mask: impl Fn(&Case, Run) -> Run,
) -> String {
    let mut text = String::new();
    let mut differences = Vec::new();
    let mut stale = Vec::new();
    for case in cases {
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let ours = mask(case, sandbox.as_helm(&args));
        let expected_divergence = known.iter().find(|k| k.label == case.label);
        if let Some(theirs) = sandbox.reference(&args).map(|run| mask(case, run)) {
            let same = ours.render() == theirs.render();
            match (same, expected_divergence) {
                (false, None) => differences.push(format!(
                    "=== {} (helm {})\n--- rudder\n{}--- helm\n{}",
                    case.label,
                    case.args.join(" "),
                    ours.render(),
                    theirs.render()
                )),
                (true, Some(k)) => stale.push(format!("{} ({})", k.label, k.reason)),
                _ => {}
            }
        }
        let _ = writeln!(text, "=== {}: helm {}", case.label, case.args.join(" "));
        if let Some(k) = expected_divergence {
            let _ = writeln!(text, "[differs from Helm: {}]", k.reason);
        }
        text.push_str(&ours.render());
    }
    assert!(
        differences.is_empty(),
        "{} of {} cases differ from the reference Helm:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
    assert!(
        stale.is_empty(),
        "cases listed as known divergences now match Helm (remove them from the list and \
         from COMPATIBILITY.md): {stale:?}"
    );
    for k in known {
        assert!(
            cases.iter().any(|c| c.label == k.label),
            "known divergence {:?} names no case",
            k.label
        );
    }
    text
}
