//! Install and upgrade on the local cluster, rudder side by side with the reference Helm
//! (issue 8's benchmark).
//!
//! ```text
//! KUBECONFIG=$(RUDDER_CLUSTER_NAME=x tools/cluster.sh up) \
//!   cargo run --release -p rudder-bench --example deploy_bench -- \
//!   --rudder target/release/rudder --helm "$(tools/reference-helm.sh)" --runs 3 [--chart DIR]...
//! ```
//!
//! Charts: a generated one with 200 objects (100 `ConfigMap`s, 50 `Secret`s, 50 `Service`s) and any
//! `--chart` directories (their dependencies vendored). For each chart and run, each tool
//! installs a release of its own into a fresh namespace (created beforehand, outside the
//! measurement; the previous run's releases uninstalled), then
//! upgrades (the generated chart with a changed value; other charts with `--set
//! benchRevision=2`, which no template reads, so the upgrade re-applies everything).
//! Measured per step: wall time of the process, and API requests: the API server's
//! `apiserver_request_total` counters summed before and after the step (`kubectl get --raw
//! /metrics`), minus the one request that reading the counters makes. The cluster's own
//! components also make requests (leases, controllers reacting to the new objects), so the
//! count is an upper bound shared by both tools; the idle background is printed too.
//! After the last run the namespaces' objects (the kinds in `KINDS`, release records
//! excepted), normalised (server-set fields and the namespace removed, `managedFields`
//! reduced to manager and operation), must be identical between the tools.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::Value as Json;

struct Options {
    rudder: PathBuf,
    helm: PathBuf,
    runs: usize,
    charts: Vec<PathBuf>,
    kubectl: Vec<String>,
}

fn parse() -> Result<Options> {
    let mut o = Options {
        rudder: PathBuf::from("target/release/rudder"),
        helm: PathBuf::from("helm"),
        runs: 3,
        charts: Vec::new(),
        kubectl: vec!["tools/cluster.sh".into(), "kubectl".into()],
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().context("missing value");
        match a.as_str() {
            "--rudder" => o.rudder = value()?.into(),
            "--helm" => o.helm = value()?.into(),
            "--runs" => o.runs = value()?.parse()?,
            "--chart" => o.charts.push(value()?.into()),
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(o)
}

fn kubectl(o: &Options, args: &[&str]) -> Result<String> {
    let out = Command::new(&o.kubectl[0])
        .args(&o.kubectl[1..])
        .args(args)
        .output()?;
    if !out.status.success() {
        bail!("kubectl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// The sum of `apiserver_request_total`.
fn requests(o: &Options) -> Result<f64> {
    let metrics = kubectl(o, &["get", "--raw", "/metrics"])?;
    Ok(metrics
        .lines()
        .filter(|l| l.starts_with("apiserver_request_total{"))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum())
}

/// Runs one step: wall time and requests (minus the counter read itself).
fn step(o: &Options, tool: &Path, args: &[&str]) -> Result<(Duration, f64)> {
    let before = requests(o)?;
    let start = Instant::now();
    let out = Command::new(tool).args(args).output()?;
    let elapsed = start.elapsed();
    let after = requests(o)?;
    if !out.status.success() {
        bail!(
            "{} {args:?} failed: {}",
            tool.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok((elapsed, after - before - 1.0))
}

fn generated_chart(dir: &Path) -> Result<PathBuf> {
    let chart = dir.join("objects200");
    std::fs::create_dir_all(chart.join("templates"))?;
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: objects200\nversion: 0.1.0\n",
    )?;
    std::fs::write(chart.join("values.yaml"), "benchRevision: 1\n")?;
    std::fs::write(
        chart.join("templates/objects.yaml"),
        r"{{- range $i := until 100 }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-{{ $i }}
  labels:
    app: bench
data:
  index: {{ $i | quote }}
  revision: {{ $.Values.benchRevision | quote }}
{{- end }}
{{- range $i := until 50 }}
---
apiVersion: v1
kind: Secret
metadata:
  name: secret-{{ $i }}
stringData:
  revision: {{ $.Values.benchRevision | quote }}
---
apiVersion: v1
kind: Service
metadata:
  name: svc-{{ $i }}
  labels:
    revision: {{ $.Values.benchRevision | quote }}
spec:
  selector:
    app: bench-{{ $i }}
  ports:
    - port: 80
{{- end }}
",
    )?;
    Ok(chart)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

const KINDS: &str = "configmaps,secrets,services,deployments,daemonsets,statefulsets,jobs,serviceaccounts,roles,rolebindings";

/// Uninstalls with the reference Helm (cluster-scoped objects go too), drops the namespace.
fn cleanup(o: &Options, release: &str, ns: &str) {
    let _ = Command::new(&o.helm)
        .args(["uninstall", release, "-n", ns])
        .output();
    let _ = kubectl(o, &["delete", "namespace", ns, "--wait=false"]);
}

fn normalized_objects(o: &Options, ns: &str, release: &str) -> Result<Json> {
    let list: Json = serde_json::from_str(&kubectl(o, &["get", KINDS, "-n", ns, "-o", "json"])?)?;
    let mut out = serde_json::Map::new();
    for item in list["items"].as_array().into_iter().flatten() {
        let kind = item["kind"].as_str().unwrap_or("").to_owned();
        let name = item["metadata"]["name"].as_str().unwrap_or("").to_owned();
        if kind == "Secret" && name.starts_with("sh.helm.release.") {
            continue;
        }
        if name == "kube-root-ca.crt" || name == "default" {
            continue;
        }
        let mut item = item.clone();
        if let Some(m) = item["metadata"].as_object_mut() {
            for k in [
                "uid",
                "resourceVersion",
                "creationTimestamp",
                "generation",
                "namespace",
            ] {
                m.remove(k);
            }
            if let Some(fields) = m.get_mut("managedFields").and_then(Json::as_array_mut) {
                let reduced: Vec<Json> = fields
                    .iter()
                    .map(|f| serde_json::json!([f["manager"], f["operation"]]))
                    .collect();
                *fields = reduced;
            }
        }
        if let Some(obj) = item.as_object_mut() {
            obj.remove("status");
        }
        if let Some(spec) = item["spec"].as_object_mut() {
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
        }
        out.insert(format!("{kind}/{name}"), item);
    }
    let text = serde_json::to_string(&Json::Object(out))?
        .replace(ns, "<ns>")
        .replace(release, "<release>");
    Ok(serde_json::from_str(&text)?)
}

fn main() -> Result<()> {
    let o = parse()?;
    let work = std::env::temp_dir().join(format!("deploy-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let mut charts = vec![generated_chart(&work)?];
    charts.extend(o.charts.iter().cloned());
    let idle_before = requests(&o)?;
    std::thread::sleep(Duration::from_secs(5));
    let idle = requests(&o)? - idle_before - 1.0;
    println!("idle background: {idle} requests in 5 s\n");
    println!(
        "| chart | step | helm time (s) | rudder time (s) | speed-up | helm requests | rudder requests |"
    );
    println!("|---|---|---|---|---|---|---|");
    let id = std::process::id();
    for (c, chart) in charts.iter().enumerate() {
        let chart_name = chart
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let chart_arg = chart.to_str().context("chart path")?;
        // [tool][step] -> samples
        let mut times = vec![vec![Vec::new(); 2]; 2];
        let mut counts = vec![vec![Vec::new(); 2]; 2];
        let mut last: Vec<(String, String)> = Vec::new();
        for run in 0..o.runs {
            for (rel, ns) in last.drain(..) {
                cleanup(&o, &rel, &ns);
            }
            for (t, tool) in [&o.helm, &o.rudder].into_iter().enumerate() {
                // Names per run and tool: charts make cluster-scoped objects named after the
                // release.
                let rel = format!("b{c}{run}{}", ["h", "r"][t]);
                let ns = format!("bench-{id}-{c}-{run}-{}", ["h", "r"][t]);
                kubectl(&o, &["create", "namespace", &ns])?;
                let steps: [Vec<&str>; 2] = [
                    vec!["install", &rel, chart_arg, "-n", &ns],
                    vec![
                        "upgrade",
                        &rel,
                        chart_arg,
                        "-n",
                        &ns,
                        "--set",
                        "benchRevision=2",
                    ],
                ];
                for (s, args) in steps.iter().enumerate() {
                    let (elapsed, n) = step(&o, tool, args)?;
                    times[t][s].push(elapsed.as_secs_f64());
                    counts[t][s].push(n);
                }
                last.push((rel, ns));
            }
        }
        for (s, name) in ["install", "upgrade"].iter().enumerate() {
            let (ht, rt) = (median(times[0][s].clone()), median(times[1][s].clone()));
            println!(
                "| {chart_name} | {name} | {ht:.2} | {rt:.2} | {:.1}x | {} | {} |",
                ht / rt,
                median(counts[0][s].clone()),
                median(counts[1][s].clone())
            );
        }
        let (h, r) = (
            normalized_objects(&o, &last[0].1, &last[0].0)?,
            normalized_objects(&o, &last[1].1, &last[1].0)?,
        );
        let objects = h.as_object().map_or(0, serde_json::Map::len);
        if h == r {
            println!("|  | objects | {objects} identical |  |  |  |  |");
        } else {
            println!("|  | objects | DIFFER |  |  |  |  |");
            eprintln!("helm: {h:#}\nrudder: {r:#}");
        }
        for (rel, ns) in last.drain(..) {
            cleanup(&o, &rel, &ns);
        }
    }
    Ok(())
}
