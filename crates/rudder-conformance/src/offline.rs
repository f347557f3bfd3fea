//! The `lint`, `show` and `create` suites: the same corpus charts (prepared as for
//! `template`) through `rudder` and the reference Helm, compared byte for byte (exit status,
//! stdout, stderr, and for `create` every file written).
//!
//! * `lint`: `lint <chart>`, `lint <chart> --strict --with-subcharts`.
//! * `show`: `show all <chart>`, `show crds <chart>`.
//! * `create`: `create $OUT/<chart name> --starter <chart>` (every chart directory as a
//!   starter), and the plain scaffold for a few names.
//!
//! What is masked, in both outputs alike, and nothing else:
//!
//! * the per-run output directory, written as `$OUT`;
//! * the order of the names in lint's `chart metadata is missing these dependencies: a,b`,
//!   which are sorted: Helm lists `c.Dependencies()`, whose order comes from Go's map
//!   iteration in the loader (`for n, files := range subcharts`; one chart gave `mast1,mast2`
//!   7 times and `mast2,mast1` once in 8 runs of the reference Helm);
//! * the order of whole subchart blocks in the archives `create --starter` writes: Helm's
//!   `Save` writes the dependencies in the same random order (`mast2` before `mast1` in 2 of
//!   30 runs), so neighbouring `<chart>/charts/<name>/` blocks of a tar stream are put in name
//!   order, each block kept whole and in its own order, at every depth.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, Result};

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

/// The lint message whose list of names follows Go's map order.
const MISSING_IN_METADATA: &str = "chart metadata is missing these dependencies: ";

/// The names after [`MISSING_IN_METADATA`] sorted, in every line that has it.
fn sort_missing_dependencies(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let Some(at) = line.find(MISSING_IN_METADATA) else {
            out.push_str(line);
            continue;
        };
        let start = at + MISSING_IN_METADATA.len();
        let body = line[start..].trim_end_matches('\n');
        let mut names: Vec<&str> = body.split(',').collect();
        names.sort_unstable();
        out.push_str(&line[..start]);
        out.push_str(&names.join(","));
        out.push_str(&line[start + body.len()..]);
    }
    out
}

/// One entry of a tar stream: its header blocks (extended headers included) and data.
struct TarEntry<'a> {
    path: String,
    bytes: &'a [u8],
}

/// The entries of a tar stream and what follows the last one (the end blocks), or `None`
/// when it does not parse as ustar.
fn tar_entries(tar: &[u8]) -> Option<(Vec<TarEntry<'_>>, &[u8])> {
    let field = |block: &[u8], from: usize, to: usize| -> String {
        let raw = &block[from..to];
        let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
        String::from_utf8_lossy(&raw[..end]).into_owned()
    };
    let mut entries = Vec::new();
    let mut at = 0;
    let mut start = 0;
    let mut pax_path = None;
    while at + 512 <= tar.len() {
        let block = &tar[at..at + 512];
        if block.iter().all(|&b| b == 0) {
            return (start == at).then_some((entries, &tar[at..]));
        }
        let size = usize::from_str_radix(field(block, 124, 136).trim(), 8).ok()?;
        let data = at + 512;
        let next = data + size.div_ceil(512) * 512;
        if next > tar.len() {
            return None;
        }
        match block[156] {
            b'x' => {
                let records = String::from_utf8_lossy(&tar[data..data + size]).into_owned();
                pax_path = records
                    .lines()
                    .find_map(|r| r.split_once(" path=").map(|(_, p)| p.to_owned()));
                at = next;
            }
            b'g' | b'L' | b'K' => at = next,
            _ => {
                let name = field(block, 0, 100);
                let prefix = field(block, 345, 500);
                let path = pax_path.take().unwrap_or_else(|| {
                    if block[257..262] == *b"ustar" && !prefix.is_empty() {
                        format!("{prefix}/{name}")
                    } else {
                        name
                    }
                });
                entries.push(TarEntry {
                    path,
                    bytes: &tar[start..next],
                });
                at = next;
                start = next;
            }
        }
    }
    None
}

/// The subchart an entry belongs to at `depth` (`<chart>/charts/<a>/charts/<b>/...`: `a` at
/// depth 0, `b` at depth 1), if any.
fn subchart_at(path: &str, depth: usize) -> Option<&str> {
    let parts: Vec<&str> = path.split('/').collect();
    let at = 1 + 2 * depth;
    (parts.len() > at + 2 && parts[1..=at].iter().step_by(2).all(|p| *p == "charts"))
        .then(|| parts[at + 1])
}

/// `entries` with every run of neighbouring subchart blocks at `depth` in name order (each
/// block whole), recursively.
fn order_subchart_blocks<'a>(entries: Vec<TarEntry<'a>>, depth: usize) -> Vec<TarEntry<'a>> {
    // Consecutive entries of one subchart (or of none) form a group.
    let mut groups: Vec<(Option<String>, Vec<TarEntry<'a>>)> = Vec::new();
    for entry in entries {
        let key = subchart_at(&entry.path, depth).map(str::to_owned);
        match groups.last_mut() {
            Some((last, group)) if *last == key => group.push(entry),
            _ => groups.push((key, vec![entry])),
        }
    }
    let mut out = Vec::new();
    let mut run: Vec<(String, Vec<TarEntry<'a>>)> = Vec::new();
    let flush = |run: &mut Vec<(String, Vec<TarEntry<'a>>)>, out: &mut Vec<TarEntry<'a>>| {
        run.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, group) in run.drain(..) {
            out.extend(order_subchart_blocks(group, depth + 1));
        }
    };
    for (key, group) in groups {
        if let Some(name) = key {
            run.push((name, group));
        } else {
            flush(&mut run, &mut out);
            out.extend(group);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// A tar stream with its subchart blocks in name order (unchanged when it does not parse).
fn canonical_tar(tar: &[u8]) -> Vec<u8> {
    let Some((entries, end)) = tar_entries(tar) else {
        return tar.to_vec();
    };
    let mut out = Vec::with_capacity(tar.len());
    for entry in order_subchart_blocks(entries, 0) {
        out.extend_from_slice(entry.bytes);
    }
    out.extend_from_slice(end);
    out
}

fn render(record: &RunRecord, scratch: &Path) -> String {
    let mut text = format!("exit: {}\n--- stdout\n", record.exit());
    text.push_str(&sort_missing_dependencies(&mask_out(
        &record.stdout(),
        scratch,
    )));
    text.push_str("\n--- stderr\n");
    text.push_str(&mask_out(&record.stderr(), scratch));
    for (name, data) in &record.files {
        // Archives are compared by their tar stream: DEFLATE output differs between Go's
        // compress/flate and flate2 (the decompressed bytes are what Helm reads).
        let shown = if crate::corpus::has_suffix(name, ".tgz") {
            gunzip(data).map_or_else(
                || String::from_utf8_lossy(data).into_owned(),
                |tar| {
                    format!(
                        "(decompressed, subchart blocks in name order)\n{}",
                        String::from_utf8_lossy(&canonical_tar(&tar))
                    )
                },
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

/// Runs every case with both tools, one at a time; returns `(identical, total)` and writes
/// `<report>/summary.tsv` and one `<report>/diffs/<case>.diff` per difference.
#[allow(
    dead_code,
    reason = "the counts alone, for suites without --known (the postrender suite in the works)"
)]
pub(crate) fn run(
    cases: &[OfflineCase],
    helm: &Tool,
    rudder: &Tool,
    scratch: &Path,
    report: &Path,
) -> Result<(usize, usize)> {
    let different = run_cases(cases, helm, rudder, scratch, report, 1)?;
    Ok((cases.len() - different.len(), cases.len()))
}

/// [`run`] on `jobs` threads, returning the ids of the cases that differ (in case order).
pub(crate) fn run_cases(
    cases: &[OfflineCase],
    helm: &Tool,
    rudder: &Tool,
    scratch: &Path,
    report: &Path,
    jobs: usize,
) -> Result<Vec<String>> {
    let diffs = report.join("diffs");
    if report.exists() {
        fs_err::remove_dir_all(report)?;
    }
    fs_err::create_dir_all(&diffs)?;
    let next = AtomicUsize::new(0);
    let verdicts: Mutex<Vec<Option<Result<bool>>>> =
        Mutex::new((0..cases.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, cases.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(index) else { break };
                    let verdict = run_one(case, helm, rudder, scratch, &diffs);
                    verdicts.lock().expect("no thread panics holding the lock")[index] =
                        Some(verdict);
                }
            });
        }
    });
    let verdicts = verdicts
        .into_inner()
        .expect("no thread panics holding the lock");
    let mut summary = String::from("case\tverdict\n");
    let mut different = Vec::new();
    for (case, verdict) in cases.iter().zip(verdicts) {
        let identical = verdict.context("a case was not run")??;
        if !identical {
            different.push(case.id.clone());
        }
        let verdict = if identical { "identical" } else { "different" };
        let _ = writeln!(summary, "{}\t{verdict}", case.id);
    }
    fs_err::write(report.join("summary.tsv"), &summary)?;
    Ok(different)
}

/// One case with both tools: whether the outputs are identical (a diff is written if not).
fn run_one(
    case: &OfflineCase,
    helm: &Tool,
    rudder: &Tool,
    scratch: &Path,
    diffs: &Path,
) -> Result<bool> {
    let invocation = Invocation::single(case.args.clone());
    let theirs = render(&helm.invoke(&invocation)?, scratch);
    let ours = render(&rudder.invoke(&invocation)?, scratch);
    if ours == theirs {
        return Ok(true);
    }
    let diff = similar::TextDiff::from_lines(&theirs, &ours)
        .unified_diff()
        .header("helm", "rudder")
        .to_string();
    let name = case.id.replace('/', "__");
    fs_err::write(diffs.join(format!("{name}.diff")), diff)?;
    Ok(false)
}

/// What `--all` makes of a run: `Err` with the reason when a case differs that `known` does
/// not list, or when a case `known` lists is identical now (the list must shrink with the
/// fixes). `known` holds case ids (each a deliberate divergence in COMPATIBILITY.md).
pub(crate) fn check_all(
    cases: &[OfflineCase],
    different: &[String],
    known: &[String],
) -> Result<(), String> {
    let unexpected: Vec<&String> = different.iter().filter(|id| !known.contains(id)).collect();
    if !unexpected.is_empty() {
        return Err(format!(
            "{} case(s) differ: {}",
            unexpected.len(),
            unexpected
                .iter()
                .map(|id| id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let stale: Vec<&String> = known
        .iter()
        .filter(|id| !different.contains(id) && cases.iter().any(|case| case.id == **id))
        .collect();
    if !stale.is_empty() {
        return Err(format!(
            "listed as known differences but identical now (drop them from --known): {}",
            stale
                .iter()
                .map(|id| id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(())
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
    fn missing_dependencies_are_sorted_and_nothing_else() {
        assert_eq!(
            sort_missing_dependencies(
                "[ERROR] x: chart metadata is missing these dependencies: mast2,mast1\n\
                 [ERROR] x: chart directory is missing these dependencies: b,a\n"
            ),
            "[ERROR] x: chart metadata is missing these dependencies: mast1,mast2\n\
             [ERROR] x: chart directory is missing these dependencies: b,a\n"
        );
    }

    /// A ustar entry: header (name, size, checksum unset) and data padded to 512.
    fn entry(path: &str, data: &[u8]) -> Vec<u8> {
        let mut header = vec![0u8; 512];
        header[..path.len()].copy_from_slice(path.as_bytes());
        let size = format!("{:011o}\0", data.len());
        header[124..136].copy_from_slice(size.as_bytes());
        header[156] = b'0';
        header[257..263].copy_from_slice(b"ustar\0");
        let mut out = header;
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
        out
    }

    fn tar(paths: &[&str]) -> Vec<u8> {
        let mut out: Vec<u8> = paths.iter().flat_map(|p| entry(p, p.as_bytes())).collect();
        out.extend_from_slice(&[0; 1024]);
        out
    }

    fn names(tar: &[u8]) -> Vec<String> {
        tar_entries(tar)
            .unwrap()
            .0
            .into_iter()
            .map(|e| e.path)
            .collect()
    }

    #[test]
    fn subchart_blocks_are_ordered_whole_and_nothing_else() {
        let helm = tar(&[
            "a/Chart.yaml",
            "a/values.yaml",
            "a/charts/m2/Chart.yaml",
            "a/charts/m2/values.yaml",
            "a/charts/m1/Chart.yaml",
            "a/charts/m1/charts/z/Chart.yaml",
            "a/charts/m1/charts/y/Chart.yaml",
            "a/charts/m1/values.yaml",
        ]);
        assert_eq!(
            names(&canonical_tar(&helm)),
            [
                "a/Chart.yaml",
                "a/values.yaml",
                "a/charts/m1/Chart.yaml",
                "a/charts/m1/charts/y/Chart.yaml",
                "a/charts/m1/charts/z/Chart.yaml",
                "a/charts/m1/values.yaml",
                "a/charts/m2/Chart.yaml",
                "a/charts/m2/values.yaml",
            ]
        );
        // The order of a chart's own files stays, and so does a file between two blocks.
        let own = tar(&[
            "a/values.yaml",
            "a/Chart.yaml",
            "a/charts/m2/x",
            "a/README",
            "a/charts/m1/x",
        ]);
        assert_eq!(canonical_tar(&own), own);
        // Not a tar stream: unchanged.
        assert_eq!(canonical_tar(b"not a tar"), b"not a tar");
    }

    #[test]
    fn all_means_nothing_differs_but_the_known_cases() {
        let charts = vec![("a".to_owned(), PathBuf::from("/nonexistent/a"))];
        let cases = cases("lint", &charts);
        let known = vec!["a/lint".to_owned()];
        assert!(check_all(&cases, &["a/lint".to_owned()], &known).is_ok());
        assert!(check_all(&cases, &[], &[]).is_ok());
        let err = check_all(&cases, &["a/lint-strict-subcharts".to_owned()], &known).unwrap_err();
        assert!(
            err.contains("1 case(s) differ: a/lint-strict-subcharts"),
            "{err}"
        );
        let err = check_all(&cases, &[], &known).unwrap_err();
        assert!(err.contains("identical now"), "{err}");
        // A known case the filter left out is no stale entry.
        assert!(check_all(&cases[1..], &[], &known).is_ok());
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
