//! Benchmarks on the corpus charts, side by side with the reference Helm.
//!
//! `rudder-bench --rudder PATH [--helm PATH] [--runs N] [--filter S] [--corpus DIR]
//! [--prepared DIR]` runs `template release <chart>` with both tools on every renderable
//! corpus chart (charts whose dependencies the conformance runner packaged are taken from its
//! prepared copies, `$RUDDER_CACHE/conformance/prepared`), alternating the tools, `N` runs
//! each (default 5), and prints per chart the median wall time and the median peak resident
//! memory (`/usr/bin/time`'s `%M`) of each tool and their ratios, then the medians over the
//! charts. Charts Helm cannot render (missing dependencies) are skipped and counted.
//!
//! Run it under `nice -n 19` on a shared machine; the figures are as noisy as the machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};

struct Options {
    rudder: PathBuf,
    helm: PathBuf,
    runs: usize,
    filter: Option<String>,
    corpus: PathBuf,
    prepared: PathBuf,
}

fn parse() -> Result<Options> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cache = std::env::var_os("RUDDER_CACHE").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/rudder"),
        PathBuf::from,
    );
    let mut options = Options {
        rudder: PathBuf::new(),
        helm: PathBuf::new(),
        runs: 5,
        filter: None,
        corpus: root.join("../shared/corpus"),
        prepared: cache.join("conformance/prepared"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--rudder" => options.rudder = value()?.into(),
            "--helm" => options.helm = value()?.into(),
            "--runs" => options.runs = value()?.parse().context("--runs")?,
            "--filter" => options.filter = Some(value()?),
            "--corpus" => options.corpus = value()?.into(),
            "--prepared" => options.prepared = value()?.into(),
            other => bail!("unknown argument {other}"),
        }
    }
    if options.rudder.as_os_str().is_empty() {
        bail!("--rudder PATH is required (a release build: target/release/rudder)");
    }
    if options.helm.as_os_str().is_empty() {
        let out = Command::new(root.join("tools/reference-helm.sh"))
            .output()
            .context("tools/reference-helm.sh")?;
        options.helm = String::from_utf8_lossy(&out.stdout).trim().into();
    }
    if options.runs == 0 {
        bail!("--runs must be at least 1");
    }
    Ok(options)
}

/// Corpus charts (`charts/<repo>/<chart>/Chart.yaml`), a prepared copy (dependencies
/// packaged) replacing the chart of the same directory name.
fn charts(options: &Options) -> Result<Vec<PathBuf>> {
    let mut found = std::collections::BTreeMap::new();
    for repo in std::fs::read_dir(options.corpus.join("charts"))? {
        let repo = repo?.path();
        if !repo.is_dir() {
            continue;
        }
        for chart in std::fs::read_dir(&repo)? {
            let chart = chart?.path();
            if chart.join("Chart.yaml").is_file() {
                let key = format!(
                    "{}/{}",
                    repo.file_name().unwrap_or_default().to_string_lossy(),
                    chart.file_name().unwrap_or_default().to_string_lossy()
                );
                found.insert(key, chart);
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(&options.prepared) {
        for entry in entries.flatten() {
            for chart in std::fs::read_dir(entry.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let name = chart.file_name().to_string_lossy().into_owned();
                if let Some(key) = found
                    .keys()
                    .find(|k| k.ends_with(&format!("/{name}")))
                    .cloned()
                {
                    found.insert(key, chart.path());
                }
            }
        }
    }
    Ok(found
        .into_iter()
        .filter(|(key, _)| options.filter.as_deref().is_none_or(|f| key.contains(f)))
        .map(|(_, path)| path)
        .collect())
}

/// One `template` run: (success, wall seconds, peak RSS in KiB).
fn measure(program: &Path, chart: &Path) -> Result<(bool, f64, u64)> {
    let rss_file = std::env::temp_dir().join(format!("rudder-bench-{}.rss", std::process::id()));
    let start = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&rss_file)
        .arg(program)
        .args(["template", "release"])
        .arg(chart)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("/usr/bin/time")?;
    let wall = start.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&rss_file).unwrap_or_default();
    let rss = text
        .lines()
        .rev()
        .find_map(|l| l.trim().parse::<u64>().ok())
        .unwrap_or(0);
    Ok((status.success(), wall, rss))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        f64::midpoint(values[n / 2 - 1], values[n / 2])
    }
}

fn main() -> Result<()> {
    let options = parse()?;
    let charts = charts(&options)?;
    println!(
        "{:<60} {:>9} {:>9} {:>7} {:>9} {:>9} {:>7}",
        "chart", "helm ms", "rudder ms", "speedup", "helm MiB", "rudder MiB", "mem"
    );
    let mut speedups = Vec::new();
    let mut memory = Vec::new();
    let mut skipped = 0;
    for chart in &charts {
        let (ok, _, _) = measure(&options.helm, chart)?;
        if !ok {
            skipped += 1;
            continue;
        }
        let (mut hw, mut hm, mut rw, mut rm) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut rudder_ok = true;
        for _ in 0..options.runs {
            let (_, wall, rss) = measure(&options.helm, chart)?;
            hw.push(wall);
            hm.push(rss as f64);
            let (ok, wall, rss) = measure(&options.rudder, chart)?;
            rudder_ok &= ok;
            rw.push(wall);
            rm.push(rss as f64);
        }
        let (hw, hm, rw, rm) = (
            median(&mut hw),
            median(&mut hm),
            median(&mut rw),
            median(&mut rm),
        );
        let speedup = hw / rw.max(1e-9);
        let mem = rm / hm.max(1.0);
        speedups.push(speedup);
        memory.push(mem);
        let name = chart
            .components()
            .rev()
            .take(2)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("/");
        println!(
            "{:<60} {:>9.1} {:>9.1} {:>6.1}x {:>9.1} {:>9.1} {:>6.2}x{}",
            name,
            hw * 1000.0,
            rw * 1000.0,
            speedup,
            hm / 1024.0,
            rm / 1024.0,
            mem,
            if rudder_ok { "" } else { "  (rudder failed)" }
        );
    }
    println!(
        "charts: {} measured, {skipped} skipped (Helm cannot render them); median speedup {:.1}x, median memory ratio {:.2}x ({} runs each, median)",
        speedups.len(),
        median(&mut speedups),
        median(&mut memory),
        options.runs
    );
    Ok(())
}
