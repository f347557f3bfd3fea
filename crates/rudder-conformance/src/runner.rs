//! Running the cases: the reference Helm (through its cache), rudder, the comparison, in
//! parallel.

use std::fmt;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};

use crate::cache::Cache;
use crate::compare::charts::{self, ChartClass};
use crate::digest::{self, KeyBuilder};
use crate::exec::{Exit, Invocation, RunRecord, Tool};
use crate::golden::GoldenCase;
use crate::prepare::Prepared;
use crate::report::Report;

/// One comparison to make.
#[derive(Debug)]
pub(crate) struct Case {
    /// `charts/<chart id>/default`, `charts/<chart id>/ci/<file>` or `golden/<name>`.
    pub(crate) id: String,
    pub(crate) spec: Spec,
}

#[derive(Debug)]
pub(crate) enum Spec {
    /// A corpus chart with its default values or one `ci/` values file, judged by Helm run here.
    Chart {
        chart: Prepared,
        values: Option<PathBuf>,
    },
    /// A golden case, judged by the committed upstream output.
    Golden {
        case: Box<GoldenCase>,
        chart: Prepared,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Chart,
    Golden,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Chart => "chart",
            Self::Golden => "golden",
        })
    }
}

/// What rudder's run came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CaseResult {
    Identical,
    Different,
    /// rudder was killed at the time limit.
    Timeout,
    /// The reference Helm died of a Go panic and rudder refused the chart with an error (a
    /// deliberate divergence: COMPATIBILITY.md, rudder never crashes).
    HelmCrashes,
    /// The harness could not judge the case (see the message): not rudder's fault.
    HarnessError(String),
}

impl fmt::Display for CaseResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Identical => "identical",
            Self::Different => "different",
            Self::Timeout => "timeout",
            Self::HelmCrashes => "helm-crashes",
            Self::HarnessError(_) => "harness-error",
        })
    }
}

/// One case's line in the scoreboard.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub(crate) id: String,
    pub(crate) kind: Kind,
    /// `exact`, `masked`, `nondeterministic` (charts) or the golden class.
    pub(crate) class: String,
    pub(crate) result: CaseResult,
    /// Golden cases: whether the reference Helm itself matches the golden output.
    pub(crate) helm_matches_golden: Option<bool>,
    pub(crate) rudder_time: Duration,
    /// The reference Helm's wall time (first run), measured when it ran, cached or not.
    pub(crate) helm_time: Duration,
    pub(crate) helm_cached: bool,
}

/// What every case needs.
#[derive(Debug)]
pub(crate) struct Context<'a> {
    pub(crate) helm: &'a Tool,
    pub(crate) helm_version: &'a str,
    pub(crate) rudder: &'a Tool,
    pub(crate) cache: &'a Cache,
    pub(crate) report: &'a Report,
}

/// Runs `cases` on `jobs` threads; outcomes in case order. Progress goes to stderr.
pub(crate) fn run_all(context: &Context<'_>, cases: &[Case], jobs: usize) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; cases.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(cases.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(index) else { break };
                    let outcome = run_case(context, case).unwrap_or_else(|error| Outcome {
                        id: case.id.clone(),
                        kind: case.kind(),
                        class: "-".to_owned(),
                        result: CaseResult::HarnessError(format!("{error:#}")),
                        helm_matches_golden: None,
                        rudder_time: Duration::ZERO,
                        helm_time: Duration::ZERO,
                        helm_cached: false,
                    });
                    let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                    eprintln!(
                        "[{finished}/{}] {} {}{}",
                        cases.len(),
                        outcome.result,
                        case.id,
                        detail(&outcome)
                    );
                    outcomes.lock().expect("no thread panics holding the lock")[index] =
                        Some(outcome);
                }
            });
        }
    });
    outcomes
        .into_inner()
        .expect("no thread panics holding the lock")
        .into_iter()
        .flatten()
        .collect()
}

fn detail(outcome: &Outcome) -> String {
    let mut text = format!(
        " (rudder {} ms, helm {} ms{})",
        outcome.rudder_time.as_millis(),
        outcome.helm_time.as_millis(),
        if outcome.helm_cached { " cached" } else { "" }
    );
    if outcome.helm_matches_golden == Some(false) {
        text.push_str(" [the reference Helm does not match this golden case]");
    }
    if let CaseResult::HarnessError(message) = &outcome.result {
        text.push_str(": ");
        text.push_str(message);
    }
    text
}

impl Case {
    pub(crate) fn kind(&self) -> Kind {
        match self.spec {
            Spec::Chart { .. } => Kind::Chart,
            Spec::Golden { .. } => Kind::Golden,
        }
    }
}

fn run_case(context: &Context<'_>, case: &Case) -> Result<Outcome> {
    match &case.spec {
        Spec::Chart { chart, values } => run_chart(context, &case.id, chart, values.as_ref()),
        Spec::Golden {
            case: golden,
            chart,
        } => run_golden(context, &case.id, golden, chart),
    }
}

/// `template <chart> [-f <values>]`: release name and namespace left at their defaults
/// (`release-name`, `default`: the clean environment has no kubeconfig).
pub(crate) fn chart_invocation(chart: &Prepared, values: Option<&PathBuf>) -> Invocation {
    let mut args = vec![
        "template".to_owned(),
        chart.path.to_string_lossy().into_owned(),
    ];
    if let Some(values) = values {
        args.extend(["-f".to_owned(), values.to_string_lossy().into_owned()]);
    }
    Invocation::single(args)
}

fn run_chart(
    context: &Context<'_>,
    id: &str,
    chart: &Prepared,
    values: Option<&PathBuf>,
) -> Result<Outcome> {
    let invocation = chart_invocation(chart, values);
    // Twice: the second run shows which lines are not deterministic (see compare::masked).
    let (helm, helm_cached) = helm_runs(context, id, &invocation, 2, &[&chart.content])?;
    let rudder = context.rudder.invoke(&invocation)?;
    let (class, verdict) = charts::compare(
        &helm[0].outputs[0],
        Some(&helm[1].outputs[0]),
        &rudder.outputs[0],
    );
    if !verdict.identical {
        context.report.write_case(
            id,
            &invocation,
            Some(&helm[0]),
            &rudder,
            &verdict.diff,
            None,
        )?;
    }
    Ok(Outcome {
        id: id.to_owned(),
        kind: Kind::Chart,
        class: class.to_string(),
        result: if helm_crashed(&helm[0]) && !rudder.exit().success() && !verdict.identical {
            CaseResult::HelmCrashes
        } else {
            rudder_result(
                &rudder,
                verdict.identical && class != ChartClass::Nondeterministic,
            )
        },
        helm_matches_golden: None,
        rudder_time: rudder.duration(),
        helm_time: helm[0].duration(),
        helm_cached,
    })
}

fn run_golden(
    context: &Context<'_>,
    id: &str,
    case: &GoldenCase,
    chart: &Prepared,
) -> Result<Outcome> {
    let invocation = case.invocation(&chart.path);
    let golden_content = digest::tree(&case.dir)?;
    let (helm, helm_cached) = helm_runs(
        context,
        id,
        &invocation,
        1,
        &[&chart.content, &golden_content],
    )?;
    let helm_verdict = case.judge(&helm[0])?;
    let rudder = context.rudder.invoke(&invocation)?;
    // The golden files come from a later Helm: where the reference Helm itself differs from
    // one, the reference Helm is the judge (byte for byte, as for a chart case).
    let verdict = if helm_verdict.identical {
        case.judge(&rudder)?
    } else {
        same_as_helm(&helm[0], &rudder)
    };
    if !verdict.identical || !helm_verdict.identical {
        let helm_diff = (!helm_verdict.identical).then_some(helm_verdict.diff.as_str());
        context.report.write_case(
            id,
            &invocation,
            Some(&helm[0]),
            &rudder,
            &verdict.diff,
            helm_diff,
        )?;
    }
    Ok(Outcome {
        id: id.to_owned(),
        kind: Kind::Golden,
        class: if helm_verdict.identical {
            case.class.name().to_owned()
        } else {
            format!("{}, judged by the reference Helm", case.class.name())
        },
        result: rudder_result(&rudder, verdict.identical),
        helm_matches_golden: Some(helm_verdict.identical),
        rudder_time: rudder.duration(),
        helm_time: helm[0].duration(),
        helm_cached,
    })
}

/// Every command's exit, stdout and stderr, and every file written, as the reference Helm's.
fn same_as_helm(helm: &RunRecord, rudder: &RunRecord) -> crate::compare::Verdict {
    let mut diff = String::new();
    if helm.outputs.len() != rudder.outputs.len() {
        diff.push_str("the tools ran a different number of commands\n");
    }
    for (theirs, ours) in helm.outputs.iter().zip(&rudder.outputs) {
        diff.push_str(&charts::compare(theirs, None, ours).1.diff);
    }
    let names: std::collections::BTreeSet<&String> =
        helm.files.keys().chain(rudder.files.keys()).collect();
    for name in names {
        let theirs = helm.files.get(name).map(|d| crate::compare::lossy(d));
        let ours = rudder.files.get(name).map(|d| crate::compare::lossy(d));
        diff.push_str(&crate::compare::unified_diff(
            &format!("helm/{name}"),
            theirs.as_deref().unwrap_or("(no file)\n"),
            &format!("rudder/{name}"),
            ours.as_deref().unwrap_or("(no file)\n"),
        ));
    }
    crate::compare::Verdict::from_diff(diff)
}

/// Helm died of a Go panic (`panic: ...` and a goroutine trace, exit 2).
pub(crate) fn helm_crashed(helm: &RunRecord) -> bool {
    helm.outputs.iter().any(|output| {
        output.exit == Exit::Code(2)
            && output.stderr.starts_with(b"panic: ")
            && output.stderr.windows(11).any(|w| w == b"\ngoroutine ")
    })
}

fn rudder_result(rudder: &RunRecord, identical: bool) -> CaseResult {
    if rudder
        .outputs
        .iter()
        .any(|output| output.exit == Exit::TimedOut)
    {
        CaseResult::Timeout
    } else if identical {
        CaseResult::Identical
    } else {
        CaseResult::Different
    }
}

/// The reference Helm's `runs` runs of `invocation`, from the cache when it has them.
///
/// The key covers the Helm version, the number of runs, the command lines (with `$OUT` still a
/// placeholder, so the temporary directory does not matter) and the content hashes of
/// everything the commands read (the prepared chart, the golden case directory with its values
/// files). Returns whether they came from the cache.
fn helm_runs(
    context: &Context<'_>,
    id: &str,
    invocation: &Invocation,
    runs: usize,
    contents: &[&str],
) -> Result<(Vec<RunRecord>, bool)> {
    let mut key = KeyBuilder::new("reference helm outputs v1");
    key.part("helm version", context.helm_version.as_bytes())
        .part("runs", runs.to_string().as_bytes());
    for command in &invocation.commands {
        key.part("command", command.join("\0").as_bytes());
    }
    for content in contents {
        key.part("content", content.as_bytes());
    }
    let key = key.finish();
    let complete = |records: &Vec<RunRecord>| {
        records.len() == runs
            && records
                .iter()
                .all(|record| record.outputs.len() == invocation.commands.len())
    };
    if let Some(records) = context.cache.load(&key)?.filter(complete) {
        return Ok((records, true));
    }
    let mut records = Vec::with_capacity(runs);
    for _ in 0..runs {
        let record = context.helm.invoke(invocation)?;
        if record
            .outputs
            .iter()
            .any(|output| output.exit == Exit::TimedOut)
        {
            bail!("the reference Helm was killed at the time limit");
        }
        records.push(record);
    }
    let description = format!(
        "case: {id}\nhelm: {}\ncommands:\n{}\n",
        context.helm_version,
        invocation
            .commands
            .iter()
            .map(|command| format!("  {}", shell_words::join(command)))
            .collect::<Vec<_>>()
            .join("\n")
    );
    context
        .cache
        .store(&key, &description, &records)
        .context("storing the reference Helm's outputs")?;
    Ok((records, false))
}
