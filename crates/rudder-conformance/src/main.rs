//! The differential runner: rudder against the reference Helm and the Go oracle, over the chart
//! corpus.
//!
//! `rudder-conformance template` renders every corpus chart (default values and each
//! `ci/*.yaml`) and every golden case with `rudder template`, judges each against the
//! reference Helm or the committed upstream output, writes a report, and prints as its last
//! line `template: N/M identical`. See `report.rs` for the report's layout and the meaning of
//! each comparison class.
//!
//! Owns: corpus discovery ([`corpus`], [`golden`]), case preparation ([`prepare`]), running
//! tools ([`exec`]) and caching Helm's outputs ([`cache`]), the comparison classes
//! ([`compare`]), the report ([`report`]).
//!
//! Does not own: anything rudder itself does. It only runs the `rudder` binary, so it measures
//! exactly what users get.

mod cache;
mod cli;
mod compare;
mod corpus;
mod digest;
mod exec;
mod golden;
mod offline;
mod postrender;
mod prepare;
mod report;
mod runner;
mod semver;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};

use crate::cache::Cache;
use crate::cli::{Options, Parsed};
use crate::corpus::Corpus;
use crate::exec::Tool;
use crate::prepare::Preparer;
use crate::report::{Report, Scoreboard, Setup};
use crate::runner::{Case, Context, Spec};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match cli::parse(&args) {
        Ok(Parsed::Run(options)) => options,
        Ok(Parsed::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// The repository root: `$RUDDER_ROOT` (the tools set it), else the nearest ancestor of the
/// current directory that holds this crate, else where this binary was compiled from (a
/// build directory shared between clones may hold a binary compiled in another clone, so
/// the compile-time path comes last).
fn repo_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("RUDDER_ROOT").filter(|dir| !dir.is_empty()) {
        return dir.into();
    }
    if let Ok(cwd) = std::env::current_dir()
        && let Some(dir) = cwd
            .ancestors()
            .find(|dir| dir.join("crates/rudder-conformance/Cargo.toml").is_file())
    {
        return dir.to_path_buf();
    }
    let root = Path::new(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..");
    fs_err::canonicalize(&root).unwrap_or(root)
}

fn cache_root() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("RUDDER_CACHE").filter(|dir| !dir.is_empty()) {
        return Ok(dir.into());
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|dir| !dir.is_empty()) {
        return Ok(PathBuf::from(dir).join("rudder"));
    }
    let home = std::env::var_os("HOME").context("neither RUDDER_CACHE nor HOME is set")?;
    Ok(PathBuf::from(home).join(".cache/rudder"))
}

fn run(options: &Options) -> Result<ExitCode> {
    let started = Instant::now();
    let root = repo_root();
    let corpus_dir = match (&options.corpus, std::env::var_os("RUDDER_CORPUS")) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dir)) if !dir.is_empty() => dir.into(),
        _ => root.join("../shared/corpus"),
    };
    let corpus_dir = fs_err::canonicalize(&corpus_dir).context("the corpus directory")?;
    let corpus = Corpus::load(&corpus_dir)?;
    let work = cache_root()?.join("conformance");
    let home = work.join("home");
    fs_err::create_dir_all(&home)?;
    let helm_path = match &options.helm {
        Some(path) => path.clone(),
        None => reference_helm(&root)?,
    };
    let helm = Tool::new(
        absolute(&helm_path)?,
        home.clone(),
        work.join("tmp"),
        options.timeout,
    );
    let helm_version = tool_version(&helm).context("the reference Helm does not run")?;
    let rudder_path = match &options.rudder {
        Some(path) => path.clone(),
        None => build_rudder(&root)?,
    };
    let rudder = Tool::new(
        absolute(&rudder_path)?,
        home,
        work.join("tmp"),
        options.timeout,
    );

    let mut preparer = Preparer::new(&corpus, &helm, &helm_version, work.join("prepared"));
    if options.suite != "template" {
        return run_offline(
            options,
            &root,
            &corpus,
            &mut preparer,
            &helm,
            &rudder,
            &work,
        );
    }
    let cases = collect_cases(&corpus, &mut preparer, options.filter.as_deref())?;
    if cases.is_empty() {
        bail!("no case matches the filter");
    }
    for warning in &preparer.warnings {
        eprintln!("warning: {warning}");
    }
    let report_dir = options
        .report
        .clone()
        .unwrap_or_else(|| root.join("report/template"));
    let report = Report::create(report_dir)?;
    let cache = Cache::new(work.join("helm"), !options.no_cache);
    let context = Context {
        helm: &helm,
        helm_version: &helm_version,
        rudder: &rudder,
        cache: &cache,
        report: &report,
    };
    eprintln!("running {} cases on {} jobs", cases.len(), options.jobs);
    let outcomes = runner::run_all(&context, &cases, options.jobs);

    let board = Scoreboard::new(&outcomes);
    report.write_summary(&outcomes)?;
    let setup = Setup {
        rudder: rudder.program.clone(),
        helm: helm.program.clone(),
        helm_version: helm_version.clone(),
        corpus: corpus_dir,
        filter: options.filter.clone(),
        jobs: options.jobs,
        wall_time: started.elapsed(),
        warnings: preparer.warnings.clone(),
    };
    report.write_readme(&board, &setup, &outcomes)?;
    println!("report: {}", report.dir().display());
    println!("wall time: {:.1} s", started.elapsed().as_secs_f64());
    for line in board.lines() {
        println!("{line}");
    }
    if board.harness_errors > 0 {
        return Ok(ExitCode::from(2));
    }
    if options.min.is_some_and(|min| board.identical < min) {
        eprintln!(
            "fewer than {} cases identical",
            options.min.unwrap_or_default()
        );
        return Ok(ExitCode::FAILURE);
    }
    if options.all && !board.all_identical() {
        eprintln!("--all: not every case is identical (see the report)");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// The `lint`, `show` and `create` suites over the prepared corpus charts.
fn run_offline(
    options: &Options,
    root: &Path,
    corpus: &Corpus,
    preparer: &mut Preparer<'_>,
    helm: &Tool,
    rudder: &Tool,
    work: &Path,
) -> Result<ExitCode> {
    let started = Instant::now();
    let wanted = |id: &str| options.filter.as_deref().is_none_or(|f| id.contains(f));
    let mut charts = Vec::new();
    for target in corpus.chart_targets()? {
        if wanted(&target.id) {
            let chart = preparer.prepare(&target.id, &target.path)?;
            charts.push((target.id.clone(), chart.path));
        }
    }
    let cases = offline::cases(&options.suite, &charts);
    let report = options
        .report
        .clone()
        .unwrap_or_else(|| root.join("report").join(&options.suite));
    let (identical, total, different) = if options.suite == "postrender" {
        eprintln!(
            "running {} postrender cases",
            postrender::cases(&charts).len()
        );
        let (identical, total) =
            postrender::run(&charts, helm, rudder, work, &report, options.timeout)?;
        (identical, total, None)
    } else {
        eprintln!("running {} {} cases", cases.len(), options.suite);
        let different = offline::run_cases(
            &cases,
            helm,
            rudder,
            &work.join("tmp"),
            &report,
            options.jobs,
        )?;
        (cases.len() - different.len(), cases.len(), Some(different))
    };
    println!("report: {}", report.display());
    println!("wall time: {:.1} s", started.elapsed().as_secs_f64());
    let known = different.as_ref().map_or(0, |different| {
        different
            .iter()
            .filter(|id| options.known.contains(id))
            .count()
    });
    if known > 0 {
        println!(
            "{}: {identical}/{total} identical ({known} known differences, COMPATIBILITY.md)",
            options.suite
        );
    } else {
        println!("{}: {identical}/{total} identical", options.suite);
    }
    if options.min.is_some_and(|min| identical < min) {
        return Ok(ExitCode::FAILURE);
    }
    if options.all {
        let verdict = match &different {
            Some(different) => offline::check_all(&cases, different, &options.known),
            None if identical < total => Err("not every case is identical".to_owned()),
            None => Ok(()),
        };
        if let Err(reason) = verdict {
            eprintln!("--all: {reason} (see {})", report.display());
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every case, sorted by id within its kind, charts first; each chart prepared once.
fn collect_cases(
    corpus: &Corpus,
    preparer: &mut Preparer<'_>,
    filter: Option<&str>,
) -> Result<Vec<Case>> {
    let wanted = |id: &str| filter.is_none_or(|filter| id.contains(filter));
    let mut cases = Vec::new();
    for target in corpus.chart_targets()? {
        let mut values = vec![(format!("charts/{}/default", target.id), None)];
        if target.path.is_dir() {
            for file in corpus::ci_values_files(&target.path)? {
                let name = file
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                values.push((format!("charts/{}/ci/{name}", target.id), Some(file)));
            }
        }
        for (id, file) in values.into_iter().filter(|(id, _)| wanted(id)) {
            let chart = preparer.prepare(&target.id, &target.path)?;
            // A prepared copy holds the same ci/ files; the tools read them from there.
            let file = file.map(|file| {
                chart
                    .path
                    .join("ci")
                    .join(file.file_name().unwrap_or_default())
            });
            cases.push(Case {
                id,
                spec: Spec::Chart {
                    chart,
                    values: file,
                },
            });
        }
    }
    for case in golden::load_all(&corpus.root)? {
        let id = format!("golden/{}", case.name);
        if !wanted(&id) {
            continue;
        }
        let chart = preparer.prepare(&case.chart_id, &corpus.chart_dir(&case.chart_id))?;
        cases.push(Case {
            id,
            spec: Spec::Golden {
                case: Box::new(case),
                chart,
            },
        });
    }
    Ok(cases)
}

fn absolute(path: &Path) -> Result<PathBuf> {
    fs_err::canonicalize(path).with_context(|| format!("{} does not exist", path.display()))
}

/// The path `tools/reference-helm.sh` prints (it builds Helm the first time).
fn reference_helm(root: &Path) -> Result<PathBuf> {
    let script = root.join("tools/reference-helm.sh");
    let output = Command::new(&script)
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run {}", script.display()))?;
    if !output.status.success() {
        bail!("{} failed ({})", script.display(), output.status);
    }
    let text = String::from_utf8(output.stdout)?;
    let path = text
        .lines()
        .last()
        .context("reference-helm.sh printed nothing")?;
    Ok(PathBuf::from(path.trim()))
}

/// `helm version` (the whole line: version, commit, Go version), which keys the cache.
fn tool_version(tool: &Tool) -> Result<String> {
    let output = tool.run(&["version".to_owned()])?;
    if !output.exit.success() {
        bail!(
            "`{} version` failed: {}",
            tool.program.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Builds the rudder binary with `cargo build --release` and returns its path.
fn build_rudder(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("building rudder: cargo build --release -p rudder-cli --bin rudder");
    let status = Command::new(cargo)
        .args(["build", "--release", "-p", "rudder-cli", "--bin", "rudder"])
        .current_dir(root)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("building rudder failed ({status})");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map_or_else(|| root.join("target"), PathBuf::from);
    Ok(target.join("release/rudder"))
}
