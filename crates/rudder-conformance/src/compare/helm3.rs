//! Golden class **exact for Helm 3** (`envoy-gateway-helm-*`, `calico-*`): stdout as Helm 3
//! printed it.
//!
//! Helm from v4.2.0 on keeps each document's trailing newlines (helm/helm#31952), so it prints a
//! blank line before each `---` where Helm 3 trimmed it. Both sides are compared after removing
//! the trailing whitespace at the end of every document (a document ends at a `---` line or at
//! the end of the text). The command must succeed; stderr is not part of the expected output.

use super::{Verdict, check_exit, lossy, unified_diff};
use crate::exec::RunRecord;

/// `text` with trailing whitespace removed from the end of every `---`-separated document.
pub(crate) fn trim_documents(text: &str) -> String {
    let mut documents = vec![String::new()];
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == "---" {
            documents.push(String::new());
        } else {
            documents.last_mut().expect("never empty").push_str(line);
        }
    }
    let mut out = String::new();
    for (i, document) in documents.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        let trimmed = document.trim_end();
        out.push_str(trimmed);
        if !trimmed.is_empty() {
            out.push('\n');
        }
    }
    out
}

pub(crate) fn compare(expected: &[u8], record: &RunRecord) -> Verdict {
    let mut diff = String::new();
    check_exit(&mut diff, record, false);
    let expected = trim_documents(&lossy(expected));
    let actual = trim_documents(&lossy(&record.stdout()));
    diff.push_str(&unified_diff(
        "expected.txt (documents trimmed)",
        &expected,
        "stdout (documents trimmed)",
        &actual,
    ));
    Verdict::from_diff(diff)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::exec::{Exit, Output};

    #[test]
    fn helm4_blank_lines_before_separators_are_ignored() {
        let helm3 = "---\n# Source: a.yaml\nkind: A\n---\n# Source: b.yaml\nkind: B\n";
        let helm4 = "---\n# Source: a.yaml\nkind: A\n\n---\n# Source: b.yaml\nkind: B\n  \n\n";
        assert_eq!(trim_documents(helm3), trim_documents(helm4));
        assert_eq!(trim_documents(helm4), helm3);
        let record = RunRecord {
            outputs: vec![Output {
                exit: Exit::Code(0),
                stdout: helm4.into(),
                stderr: b"WARNING: ignored\n".to_vec(),
                duration: Duration::ZERO,
            }],
            ..RunRecord::default()
        };
        assert!(compare(helm3.as_bytes(), &record).identical);
    }

    #[test]
    fn other_whitespace_still_counts() {
        let expected = "kind: A\ndata: |\n  x\n\n  y\n";
        let actual = "kind: A\ndata: |\n  x\n  y\n";
        assert_ne!(trim_documents(expected), trim_documents(actual));
    }
}
