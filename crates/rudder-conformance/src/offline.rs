//! The `lint`, `show` and `create` suites: the same corpus charts (prepared as for
//! `template`) through `rudder` and the reference Helm, compared byte for byte (exit status,
//! stdout, stderr, and for `create` every file written).
//!
//! * `lint`: `lint <chart>`, `lint <chart> --strict --with-subcharts`.
//! * `show`: `show all <chart>`, `show crds <chart>`.
//! * `create`: `create $OUT/<chart name> --starter <chart>` (every chart directory as a
//!   starter), and the plain scaffold for a few names.
//!
//! The only masking: the per-run output directory (`$OUT`) is written as `$OUT` in both
//! outputs. Helm's own nondeterminism is reported as a difference, not hidden (the order of
//! subcharts in `lint`'s dependency messages comes from a Go map).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::exec::{Invocation, RunRecord, Tool};

/// One command line of a suite, with `$OUT` where a fresh directory goes.
#[derive(Debug)]
pub(crate) struct OfflineCase {
    pub(crate) id: String,
    pub(crate) args: Vec<String>,
}

/// The cases of `suite` for the prepared charts (`(corpus id, path)`).
pub(crate) fn cases(suite: &str, charts: &[(String, PathBuf)]) -> Vec<OfflineCase> {
    let mut out = Vec::new();
    let case = |id: String, args: &[&str]| OfflineCase {
        id,
        args: args.iter().map(|a| (*a).to_owned()).collect(),
    };
    for (id, path) in charts {
        let p = path.to_string_lossy();
        match suite {
            "lint" => {
                out.push(case(format!("{id}/lint"), &["lint", &p]));
                out.push(case(
                    format!("{id}/lint-strict-subcharts"),
                    &["lint", &p, "--strict", "--with-subcharts"],
                ));
            }
            "show" => {
                out.push(case(format!("{id}/show-all"), &["show", "all", &p]));
                out.push(case(format!("{id}/show-crds"), &["show", "crds", &p]));
            }
            "create" if path.is_dir() => {
                out.push(case(
                    format!("{id}/create-starter"),
                    &["create", "$OUT/fromstarter", "--starter", &p],
                ));
            }
            _ => {}
        }
    }
    if suite == "create" {
        for name in ["mychart", "a-b.c", "Upper_Case", "x"] {
            out.push(case(
                format!("scaffold/{name}"),
                &["create", &format!("$OUT/{name}")],
            ));
        }
    }
    out
}

/// `$OUT` directories (`<scratch>/out-XXXXXX`) replaced by `$OUT`.
fn mask_out(text: &[u8], scratch: &Path) -> String {
    let text = String::from_utf8_lossy(text).into_owned();
    let prefix = format!("{}/out-", scratch.display());
    let mut result = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(&prefix) {
        result.push_str(&rest[..at]);
        result.push_str("$OUT");
        let after = &rest[at + prefix.len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    result.push_str(rest);
    result
}

fn render(record: &RunRecord, scratch: &Path) -> String {
    let mut text = format!("exit: {}\n--- stdout\n", record.exit());
    text.push_str(&mask_out(&record.stdout(), scratch));
    text.push_str("\n--- stderr\n");
    text.push_str(&mask_out(&record.stderr(), scratch));
    for (name, data) in &record.files {
        // Archives are compared by their tar stream: DEFLATE output differs between Go's
        // compress/flate and flate2 (the decompressed bytes are what Helm reads).
        let shown = if crate::corpus::has_suffix(name, ".tgz") {
            gunzip(data).map_or_else(
                || String::from_utf8_lossy(data).into_owned(),
                |tar| format!("(decompressed)\n{}", String::from_utf8_lossy(&tar)),
            )
        } else {
            String::from_utf8_lossy(data).into_owned()
        };
        let _ = write!(text, "\n--- file {name}\n{shown}");
    }
    text
}

/// `gzip -dc` of `data` (none when gzip is missing or the data is not gzip).
fn gunzip(data: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write as _;
    let mut child = std::process::Command::new("gzip")
        .arg("-dc")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().ok()?;
    let _ = writer.join();
    output.status.success().then_some(output.stdout)
}

/// Runs every case with both tools; returns `(identical, total)` and writes
/// `<report>/summary.tsv` and one `<report>/diffs/<case>.diff` per difference.
pub(crate) fn run(
    cases: &[OfflineCase],
    helm: &Tool,
    rudder: &Tool,
    scratch: &Path,
    report: &Path,
) -> Result<(usize, usize)> {
    let diffs = report.join("diffs");
    if report.exists() {
        fs_err::remove_dir_all(report)?;
    }
    fs_err::create_dir_all(&diffs)?;
    let mut summary = String::from("case\tverdict\n");
    let mut identical = 0;
    for case in cases {
        let invocation = Invocation::single(case.args.clone());
        let theirs = render(&helm.invoke(&invocation)?, scratch);
        let ours = render(&rudder.invoke(&invocation)?, scratch);
        let verdict = if ours == theirs {
            identical += 1;
            "identical"
        } else {
            let diff = similar::TextDiff::from_lines(&theirs, &ours)
                .unified_diff()
                .header("helm", "rudder")
                .to_string();
            let name = case.id.replace('/', "__");
            fs_err::write(diffs.join(format!("{name}.diff")), diff)?;
            "different"
        };
        let _ = writeln!(summary, "{}\t{verdict}", case.id);
    }
    fs_err::write(report.join("summary.tsv"), &summary)?;
    Ok((identical, cases.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_directories_are_masked_and_nothing_else() {
        let scratch = Path::new("/s/tmp");
        assert_eq!(
            mask_out(b"Creating /s/tmp/out-Ab12_x/foo\n/s/tmp/other", scratch),
            "Creating $OUT/foo\n/s/tmp/other"
        );
    }

    #[test]
    fn cases_per_suite() {
        let charts = vec![("a".to_owned(), PathBuf::from("/nonexistent/a"))];
        assert_eq!(cases("lint", &charts).len(), 2);
        assert_eq!(
            cases("show", &charts)[1].args,
            ["show", "crds", "/nonexistent/a"]
        );
        // A missing directory is no starter; the plain scaffolds remain.
        assert_eq!(cases("create", &charts).len(), 4);
    }
}
