//! Golden class **exact after post-processing** (`otel-collector-*`).
//!
//! Upstream renders with `--output-dir`, moves the files up from
//! `<out>/<chart>/templates/`, and passes every file through
//! `perl -0777 -pe 's/[ \t\n]+(?=\n---\n)//g; s/[ \t\n]+\z/\n/'` (done here in Rust, see
//! [`normalise`]). Its CI ignores lines matching `checksum/config` or `helm\.sh/chart`
//! (`diff -I`), so those lines may be stale and are dropped on both sides. Every command must
//! succeed; stdout (`wrote ...` lines) and stderr are not compared. A file written by two runs
//! holds the later run's content, as in the upstream pipeline.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Verdict, check_exit, lossy, unified_diff};
use crate::exec::RunRecord;

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n')
}

/// The upstream perl normalisation: `s/[ \t\n]+(?=\n---\n)//g` then `s/[ \t\n]+\z/\n/`.
///
/// The first removes the run of blanks before every `\n---\n` (a run always ends at the `\n`
/// that starts the separator; runs before different separators never overlap, since `---`
/// lies between them). The second turns trailing blanks into one newline.
pub(crate) fn normalise(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"\n---\n") {
        let separator = at + found;
        let mut start = separator;
        while start > copied && is_blank(bytes[start - 1]) {
            start -= 1;
        }
        out.extend_from_slice(&bytes[copied..start]);
        copied = separator;
        at = separator + 1;
    }
    out.extend_from_slice(&bytes[copied..]);
    let end = out
        .iter()
        .rposition(|byte| !is_blank(*byte))
        .map_or(0, |last| last + 1);
    if end < out.len() {
        out.truncate(end);
        out.push(b'\n');
    }
    String::from_utf8(out).expect("only ASCII blanks were removed")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The lines upstream CI ignores (`diff -I 'checksum/config' -I 'helm\.sh/chart'`).
fn is_ignored(line: &str) -> bool {
    line.contains("checksum/config") || line.contains("helm.sh/chart")
}

fn comparable(content: &[u8]) -> String {
    normalise(&lossy(content))
        .split_inclusive('\n')
        .filter(|line| !is_ignored(line))
        .collect()
}

/// The rendered files as upstream keeps them: those under `<chart>/templates/`, moved up.
pub(crate) fn rendered_files(record: &RunRecord) -> BTreeMap<String, &[u8]> {
    record
        .files
        .iter()
        .filter_map(|(path, content)| {
            let (_chart, rest) = path.split_once('/')?;
            let name = rest.strip_prefix("templates/")?;
            Some((name.to_owned(), content.as_slice()))
        })
        .collect()
}

pub(crate) fn compare(expected: &BTreeMap<String, Vec<u8>>, record: &RunRecord) -> Verdict {
    let mut diff = String::new();
    check_exit(&mut diff, record, false);
    let actual = rendered_files(record);
    for name in expected.keys().filter(|name| !actual.contains_key(*name)) {
        let _ = writeln!(diff, "missing file: {name}");
    }
    for name in actual.keys().filter(|name| !expected.contains_key(*name)) {
        let _ = writeln!(diff, "unexpected file: {name}");
    }
    for (name, content) in expected {
        if let Some(rendered) = actual.get(name) {
            diff.push_str(&unified_diff(
                &format!("expected/{name}"),
                &comparable(content),
                &format!("rendered/{name}"),
                &comparable(rendered),
            ));
        }
    }
    Verdict::from_diff(diff)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::exec::{Exit, Output};

    #[test]
    fn perl_normalisation() {
        assert_eq!(normalise("a: 1\n\n---\nb: 2\n\n\n"), "a: 1\n---\nb: 2\n");
        assert_eq!(normalise("a: 1 \t\n \n---\n---\nb"), "a: 1\n---\n---\nb");
        // A separator at the very start has no blanks before it to remove.
        assert_eq!(normalise("\n---\na"), "\n---\na");
        assert_eq!(normalise("---\na\n"), "---\na\n");
        assert_eq!(normalise("a  "), "a\n");
        assert_eq!(normalise(""), "");
    }

    /// The Rust port against perl itself, on pseudo-random texts of blanks, dashes and letters
    /// (skipped where perl is not installed).
    #[test]
    fn perl_normalisation_matches_perl() {
        use std::io::Write as _;
        use std::process::{Command, Stdio};

        const PROGRAM: &str = r"s/[ \t\n]+(?=\n---\n)//g; s/[ \t\n]+\z/\n/";
        if Command::new("perl").arg("-e1").status().is_err() {
            return;
        }
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..100 {
            let mut text = String::new();
            for _ in 0..40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(["a", " ", "\t", "\n", "-", "---", "\n---\n"][(seed % 7) as usize]);
            }
            let mut perl = Command::new("perl")
                .args(["-0777", "-pe", PROGRAM])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            perl.stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
            let expected = String::from_utf8(perl.wait_with_output().unwrap().stdout).unwrap();
            assert_eq!(normalise(&text), expected, "input {text:?}");
        }
    }

    #[test]
    fn compares_moved_files_ignoring_stale_lines() {
        let mut expected = BTreeMap::new();
        expected.insert(
            "configmap.yaml".to_owned(),
            b"---\nkind: ConfigMap\n  checksum/config: old\n".to_vec(),
        );
        let mut record = RunRecord {
            outputs: vec![Output {
                exit: Exit::Code(0),
                stdout: b"wrote x\n".to_vec(),
                stderr: Vec::new(),
                duration: Duration::ZERO,
            }],
            ..RunRecord::default()
        };
        record.files.insert(
            "opentelemetry-collector/templates/configmap.yaml".to_owned(),
            b"---\nkind: ConfigMap\n  checksum/config: new\n\n".to_vec(),
        );
        assert!(compare(&expected, &record).identical);
        record.files.insert(
            "opentelemetry-collector/templates/extra.yaml".to_owned(),
            b"x".to_vec(),
        );
        let verdict = compare(&expected, &record);
        assert!(
            verdict.diff.contains("unexpected file: extra.yaml"),
            "{}",
            verdict.diff
        );
    }
}
