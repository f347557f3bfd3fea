//! The report directory and the scoreboard printed on stdout.
//!
//! ```text
//! <report>/README.md          what the classes mean, the totals, the reference Helm's own misses
//! <report>/summary.tsv        one line per case
//! <report>/cases/<case id>/   only for cases that are not identical (or that Helm misses):
//!     command                 the arguments both tools got
//!     helm.stdout helm.stderr rudder.stdout rudder.stderr   (all commands' output, in order)
//!     helm.files/ rudder.files/                             (what --output-dir cases wrote)
//!     diff                    rudder against its judge, after the class's normalisation
//!     helm-vs-golden.diff     golden cases the reference Helm itself does not match
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;

use crate::exec::{Invocation, RunRecord};
use crate::runner::{CaseResult, Kind, Outcome};

#[derive(Debug)]
pub(crate) struct Report {
    dir: PathBuf,
}

impl Report {
    /// Opens `dir`, removing what an earlier run wrote there (nothing else).
    ///
    /// # Errors
    ///
    /// The directory cannot be made or cleaned.
    pub(crate) fn create(dir: PathBuf) -> Result<Self> {
        fs_err::create_dir_all(&dir)?;
        if dir.join("cases").exists() {
            fs_err::remove_dir_all(dir.join("cases"))?;
        }
        for file in ["summary.tsv", "README.md"] {
            if dir.join(file).exists() {
                fs_err::remove_file(dir.join(file))?;
            }
        }
        Ok(Self { dir })
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Saves a non-identical case's outputs and diffs.
    ///
    /// # Errors
    ///
    /// The report directory is not writable.
    pub(crate) fn write_case(
        &self,
        id: &str,
        invocation: &Invocation,
        helm: Option<&RunRecord>,
        rudder: &RunRecord,
        diff: &str,
        helm_vs_golden: Option<&str>,
    ) -> Result<()> {
        let dir = self.dir.join("cases").join(id);
        fs_err::create_dir_all(&dir)?;
        let command: String = invocation
            .commands
            .iter()
            .map(|command| shell_words::join(command) + "\n")
            .collect();
        fs_err::write(dir.join("command"), command)?;
        let mut sides = vec![("rudder", rudder)];
        sides.extend(helm.map(|helm| ("helm", helm)));
        for (name, record) in sides {
            fs_err::write(dir.join(format!("{name}.stdout")), record.stdout())?;
            fs_err::write(dir.join(format!("{name}.stderr")), record.stderr())?;
            let exits: Vec<String> = record
                .outputs
                .iter()
                .map(|output| output.exit.to_string())
                .collect();
            fs_err::write(dir.join(format!("{name}.exit")), exits.join("\n") + "\n")?;
            for (path, content) in &record.files {
                let target = dir.join(format!("{name}.files")).join(path);
                if let Some(parent) = target.parent() {
                    fs_err::create_dir_all(parent)?;
                }
                fs_err::write(target, content)?;
            }
        }
        if !diff.is_empty() {
            fs_err::write(dir.join("diff"), diff)?;
        }
        if let Some(helm_diff) = helm_vs_golden {
            fs_err::write(dir.join("helm-vs-golden.diff"), helm_diff)?;
        }
        Ok(())
    }

    /// Writes `summary.tsv`.
    ///
    /// # Errors
    ///
    /// The report directory is not writable.
    pub(crate) fn write_summary(&self, outcomes: &[Outcome]) -> Result<()> {
        let mut text = String::from(
            "case\tkind\tclass\tresult\thelm_vs_golden\trudder_ms\thelm_ms\thelm_cached\n",
        );
        for outcome in outcomes {
            let helm_vs_golden = match outcome.helm_matches_golden {
                Some(true) => "pass",
                Some(false) => "fail",
                None => "-",
            };
            let _ = writeln!(
                text,
                "{}\t{}\t{}\t{}\t{helm_vs_golden}\t{:.1}\t{:.1}\t{}",
                outcome.id,
                outcome.kind,
                outcome.class,
                outcome.result,
                millis(outcome.rudder_time),
                millis(outcome.helm_time),
                outcome.helm_cached,
            );
        }
        fs_err::write(self.dir.join("summary.tsv"), text)?;
        Ok(())
    }

    /// Writes `README.md`.
    ///
    /// # Errors
    ///
    /// The report directory is not writable.
    pub(crate) fn write_readme(
        &self,
        board: &Scoreboard,
        setup: &Setup,
        outcomes: &[Outcome],
    ) -> Result<()> {
        let mut text = String::new();
        text.push_str(README_HEAD);
        let _ = writeln!(text, "## This run\n");
        let _ = writeln!(text, "- rudder: `{}`", setup.rudder.display());
        let _ = writeln!(
            text,
            "- reference Helm: `{}` ({})",
            setup.helm.display(),
            setup.helm_version
        );
        let _ = writeln!(text, "- corpus: `{}`", setup.corpus.display());
        if let Some(filter) = &setup.filter {
            let _ = writeln!(text, "- filter: `{filter}`");
        }
        let _ = writeln!(
            text,
            "- jobs: {}, wall time {:.1} s\n",
            setup.jobs,
            setup.wall_time.as_secs_f64()
        );
        let _ = writeln!(text, "```");
        for line in board.lines() {
            let _ = writeln!(text, "{line}");
        }
        let _ = writeln!(text, "```\n");
        if !setup.warnings.is_empty() {
            let _ = writeln!(text, "## Warnings\n");
            for warning in &setup.warnings {
                let _ = writeln!(text, "- {warning}");
            }
            let _ = writeln!(text);
        }
        let helm_misses: Vec<&Outcome> = outcomes
            .iter()
            .filter(|outcome| outcome.helm_matches_golden == Some(false))
            .collect();
        if !helm_misses.is_empty() {
            let _ = writeln!(
                text,
                "## Golden cases the reference Helm itself does not match\n"
            );
            let _ = writeln!(text, "See `cases/<case>/helm-vs-golden.diff`.\n");
            for outcome in helm_misses {
                let _ = writeln!(text, "- `{}` ({})", outcome.id, outcome.class);
            }
            let _ = writeln!(text);
        }
        let errors: Vec<&Outcome> = outcomes
            .iter()
            .filter(|outcome| matches!(outcome.result, CaseResult::HarnessError(_)))
            .collect();
        if !errors.is_empty() {
            let _ = writeln!(text, "## Harness errors\n");
            for outcome in errors {
                if let CaseResult::HarnessError(message) = &outcome.result {
                    let _ = writeln!(text, "- `{}`: {message}", outcome.id);
                }
            }
        }
        fs_err::write(self.dir.join("README.md"), text)?;
        Ok(())
    }
}

/// What the README says about how the run was made.
#[derive(Debug)]
pub(crate) struct Setup {
    pub(crate) rudder: PathBuf,
    pub(crate) helm: PathBuf,
    pub(crate) helm_version: String,
    pub(crate) corpus: PathBuf,
    pub(crate) filter: Option<String>,
    pub(crate) jobs: usize,
    pub(crate) wall_time: Duration,
    pub(crate) warnings: Vec<String>,
}

/// The totals.
#[derive(Debug, Default)]
pub(crate) struct Scoreboard {
    pub(crate) identical: usize,
    pub(crate) total: usize,
    chart_identical: usize,
    chart_total: usize,
    chart_masked: usize,
    chart_nondeterministic: usize,
    golden_identical: usize,
    golden_total: usize,
    /// Golden cases judged by the reference Helm because it differs from the golden file.
    golden_judged_by_helm: usize,
    /// Cases where the reference Helm panicked and rudder refused the chart.
    pub(crate) helm_crashes: usize,
    helm_golden_pass: usize,
    helm_golden_total: usize,
    timeouts: usize,
    pub(crate) harness_errors: usize,
    rudder_time: Duration,
    helm_time: Duration,
    helm_cached: usize,
}

impl Scoreboard {
    pub(crate) fn new(outcomes: &[Outcome]) -> Self {
        let mut board = Self::default();
        for outcome in outcomes {
            let identical = outcome.result == CaseResult::Identical;
            board.total += 1;
            board.identical += usize::from(identical);
            board.timeouts += usize::from(outcome.result == CaseResult::Timeout);
            board.helm_crashes += usize::from(outcome.result == CaseResult::HelmCrashes);
            board.harness_errors +=
                usize::from(matches!(outcome.result, CaseResult::HarnessError(_)));
            board.rudder_time += outcome.rudder_time;
            board.helm_time += outcome.helm_time;
            board.helm_cached += usize::from(outcome.helm_cached);
            match outcome.kind {
                Kind::Chart => {
                    board.chart_total += 1;
                    board.chart_identical += usize::from(identical);
                    board.chart_masked += usize::from(outcome.class == "masked");
                    board.chart_nondeterministic +=
                        usize::from(outcome.class == "nondeterministic");
                }
                Kind::Golden => {
                    board.golden_total += 1;
                    board.golden_identical += usize::from(identical);
                    if let Some(pass) = outcome.helm_matches_golden {
                        board.helm_golden_total += 1;
                        board.helm_golden_pass += usize::from(pass);
                        board.golden_judged_by_helm += usize::from(!pass);
                    }
                }
            }
        }
        board
    }

    /// Every case identical, but those where the reference Helm crashes.
    pub(crate) fn all_identical(&self) -> bool {
        self.identical + self.helm_crashes == self.total
    }

    /// The summary printed on stdout; the last line is `template: N/M identical`, followed by
    /// `(K where the reference Helm crashes)` when there are such cases.
    pub(crate) fn lines(&self) -> Vec<String> {
        let ratio = if self.helm_time.is_zero() {
            "n/a".to_owned()
        } else {
            format!(
                "{:.3}",
                self.rudder_time.as_secs_f64() / self.helm_time.as_secs_f64()
            )
        };
        let mut lines = vec![
            format!(
                "charts vs reference Helm: {}/{} identical ({} masked, {} nondeterministic)",
                self.chart_identical,
                self.chart_total,
                self.chart_masked,
                self.chart_nondeterministic
            ),
            format!(
                "golden (rudder vs upstream output): {}/{} identical ({} judged by the reference Helm, which differs from the golden file)",
                self.golden_identical, self.golden_total, self.golden_judged_by_helm
            ),
            format!(
                "reference Helm vs golden (harness check): {}/{} pass",
                self.helm_golden_pass, self.helm_golden_total
            ),
            format!(
                "time: rudder {:.2} s, reference Helm {:.2} s ({} of {} cases from cache), rudder/helm {ratio}",
                self.rudder_time.as_secs_f64(),
                self.helm_time.as_secs_f64(),
                self.helm_cached,
                self.total
            ),
        ];
        if self.timeouts > 0 {
            lines.push(format!("rudder timeouts: {}", self.timeouts));
        }
        if self.harness_errors > 0 {
            lines.push(format!(
                "harness errors: {} (see the report's README.md)",
                self.harness_errors
            ));
        }
        if self.helm_crashes > 0 {
            lines.push(format!(
                "Helm crashes (Go panic), rudder refuses: {}",
                self.helm_crashes
            ));
        }
        let mut last = format!("template: {}/{} identical", self.identical, self.total);
        if self.helm_crashes > 0 {
            let _ = write!(
                last,
                " ({} where the reference Helm crashes)",
                self.helm_crashes
            );
        }
        lines.push(last);
        lines
    }
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

const README_HEAD: &str = "\
# Conformance report: `template`

Written by `cargo run --release -p rudder-conformance -- template`. Every case renders with
`rudder template` and is compared with its judge; `summary.tsv` has one line per case
(`case kind class result helm_vs_golden rudder_ms helm_ms helm_cached`), and `cases/<case>/`
holds the outputs and the diff of each case that is not identical.

Both tools run with the same clean environment: only `PATH`, and `HOME` set to an empty
directory the runner owns (so no kubeconfig: namespace `default`; no Helm settings, plugins or
repositories), stdin closed, one per-process time limit.

## Cases

- **chart** (`charts/<chart id>/default`, `charts/<chart id>/ci/<file>`): every `primary` and
  `dependency` chart of `charts.tsv` and every directory and top-level chart archive inside the
  `suite` test-data directories (broken charts included: an error is a result too), once with
  the default values and once per `ci/*.yaml`/`ci/*.yml`. Command: `template <chart> [-f <values>]`
  (release name `release-name`, Helm's default). Judge: the reference Helm, run here.
  Dependencies that `deps.tsv` says another corpus chart provides are packaged into a copy of
  the chart (`helm package` into its `charts/`, as `helm dependency build` would); both tools
  render that copy.
- **golden** (`golden/<name>`): the command of `flags.txt` (`$CHART`, `$GOLDEN`, `$OUT`
  substituted; `;` separates commands) judged by the committed upstream output. The reference
  Helm goes through the same judgement, as a check of the harness (`helm_vs_golden`).

## Classes

Chart cases (rudder against the reference Helm; stdout, stderr and exit code all compared):

- `exact`: the reference Helm printed the same thing on two runs; compared byte for byte.
- `masked`: the two Helm runs differed (random values, generated certificates, time) but had
  the same line counts. The lines that differ between the two Helm runs are masked: rudder's
  output must have the same number of lines and equal Helm's first run on every other line.
  Diffs show masked lines as `<masked: differs between two reference Helm runs>`.
- `nondeterministic`: the two Helm runs differed in line count (or exit code): no line-wise
  mask exists, so the case cannot be judged and never counts as identical.

Golden cases (rudder against the upstream output, classes of `golden/README.md`):

- `golden-exact` (`helm-template-*`, Helm's CLI tests): stdout then stderr, as the tests' shared
  buffer holds them, byte for byte; log records (`level=DEBUG ...` lines on stderr) are left
  out, as `go test` does not capture them; `--kube-version v1.20.0` (the `go test` default) is
  added when the flags set none; the exit must fail exactly when the case expects an error.
- `golden-helm3` (`envoy-gateway-helm-*`, `calico-*`, made by Helm 3): stdout, after trimming
  trailing whitespace at the end of every `---` document on both sides (Helm 4.2 keeps each
  document's trailing newlines); the command must succeed. Helm 4.2.4 differs from Helm 3 in
  more than that whitespace for two cases (so neither it nor a faithful rudder passes them):
  `calico-calico-v3-crds` (Helm 3's install order has no webhook configurations, so it sorts the
  ValidatingWebhookConfiguration alphabetically among the unknown kinds, after the admission
  policies; Helm 4 lists it last of the known kinds, before them) and
  `envoy-gateway-helm-envoy-gateway-gateway-namespace-config-watch` (a template emits two
  consecutive `---` lines; Helm 3's splitter left the second inside the next document, printed
  after its `# Source:` line; Helm 4.2 drops the empty document between them).
- `golden-postprocessed` (`otel-collector-*`): `--output-dir` files moved up from
  `<out>/<chart>/templates/`, passed through the upstream perl normalisation
  (`s/[ \\t\\n]+(?=\\n---\\n)//g; s/[ \\t\\n]+\\z/\\n/`), lines matching `checksum/config` or
  `helm.sh/chart` ignored; same file set required; every command must succeed.
- `golden-semantic` (`ingress-nginx-*`, `datadog-csi-driver-*`): both sides parsed as YAML
  documents and compared as multisets of objects (key order, comments, quoting and object order
  ignored; empty documents dropped). ingress-nginx: the upstream `sed` (lines matching
  `app.kubernetes.io/managed-by: Helm` or `helm.sh`) is applied to the output, `spec.replicas`
  of `apps/v1` Deployments is removed, empty or null `metadata.annotations`/`metadata.labels`
  are dropped (kustomize drops the ones the `sed` emptied), and the Namespace object kustomize
  adds is ignored.
  DataDog: the `helm.sh/chart` label is ignored.

## Timing

`rudder_ms` and `helm_ms` are wall times of the processes (spawn to exit, output read). Helm's
are recorded when its output is first computed and then read from the cache with it, so on a
warm run the two sides were measured at different times, under whatever load there was; the
ratio is a first performance figure, not a benchmark.

## Caveats

- A chart whose `values.schema.json` references remote schemas makes Helm fetch them while it
  validates values (bjw-s `app-template` refers to `raw.githubusercontent.com`). Offline, the
  reference output is Helm's fetch error, which names the DNS resolver's address; that output
  is cached like any other (`--no-cache` refreshes it).
- Golden cases the reference Helm itself does not match (the golden files come from a Helm 4
  commit after v4.2.4, or from Helm 3) are judged by the reference Helm instead: rudder must
  print what it printed, byte for byte (every command's exit, stdout and stderr, every file
  written). Their class reads `<class>, judged by the reference Helm`.
- Chart cases where the reference Helm dies of a Go panic (`panic: ...`, a goroutine trace,
  exit 2; the apiVersion v3 test charts) and rudder refuses the chart with an error are
  `helm-crashes`: a deliberate divergence (COMPATIBILITY.md: rudder never crashes). They are
  not counted as identical; the scoreboard reports them on their own line and in its last.

## Results

`identical`, `different`, `timeout` (rudder killed at the time limit), `helm-crashes` (see
above), `harness-error` (the runner could not judge the case; the process exits 2). `template: N/M identical` counts chart
and golden cases together.

";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_line_is_the_scoreboard() {
        let outcome = |id: &str, kind, result| Outcome {
            id: id.to_owned(),
            kind,
            class: "exact".to_owned(),
            result,
            helm_matches_golden: (kind == Kind::Golden).then_some(true),
            rudder_time: Duration::from_millis(10),
            helm_time: Duration::from_millis(40),
            helm_cached: false,
        };
        let outcomes = [
            outcome("charts/a/default", Kind::Chart, CaseResult::Identical),
            outcome("charts/b/default", Kind::Chart, CaseResult::Different),
            outcome("golden/c", Kind::Golden, CaseResult::Identical),
        ];
        let lines = Scoreboard::new(&outcomes).lines();
        assert_eq!(lines.last().unwrap(), "template: 2/3 identical");
        assert!(
            lines[0].starts_with("charts vs reference Helm: 1/2 identical"),
            "{lines:?}"
        );
        assert!(
            lines[2].starts_with("reference Helm vs golden (harness check): 1/1 pass"),
            "{lines:?}"
        );
        assert!(lines[3].ends_with("rudder/helm 0.250"), "{lines:?}");
        assert_eq!(
            Scoreboard::new(&[]).lines().last().unwrap(),
            "template: 0/0 identical"
        );
        let crashed = [
            outcome("charts/a/default", Kind::Chart, CaseResult::Identical),
            outcome("charts/v3/default", Kind::Chart, CaseResult::HelmCrashes),
        ];
        let board = Scoreboard::new(&crashed);
        let lines = board.lines();
        assert_eq!(
            lines.last().unwrap(),
            "template: 1/2 identical (1 where the reference Helm crashes)"
        );
        assert!(lines.contains(&"Helm crashes (Go panic), rudder refuses: 1".to_owned()));
        assert!(board.all_identical());
        assert!(!Scoreboard::new(&outcomes).all_identical());
    }
}
