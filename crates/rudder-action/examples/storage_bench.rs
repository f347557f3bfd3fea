//! The storage benchmark of issue 7: many releases with many revisions each, stored as Helm
//! stores them (Secrets), read by `rudder` and by the reference Helm side by side.
//!
//! ```text
//! cargo build --release -p rudder-cli
//! cargo run --release -p rudder-action --example storage_bench -- \
//!     --kubeconfig "$(RUDDER_CLUSTER_NAME=storage tools/cluster.sh kubeconfig)" \
//!     --rudder target/release/rudder --helm "$(tools/reference-helm.sh)" \
//!     --release-json /tmp/release.json [--releases 1000] [--revisions 10] [--runs 3]
//!     [--skip-populate | --populate-only]
//! ```
//!
//! `--release-json` is a realistic record: the JSON `helm install NAME CHART --dry-run=client
//! -o json` prints (chart, values, manifest, notes). The benchmark stores `--releases` copies
//! of it with `--revisions` revisions each in the namespace `storage-bench` (the newest
//! revision deployed, the others superseded), then times `list`, `list -A`, `history` and
//! `status` of both tools (wall time and peak memory through `/usr/bin/time`, median of
//! `--runs`), and prints a table with the ratios.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use futures::StreamExt as _;
use rudder_kube::{KubeDriver, KubeOptions};
use rudder_release::{Depth, Release, Status, Storage};

const NAMESPACE: &str = "storage-bench";

struct Args {
    kubeconfig: String,
    rudder: String,
    helm: String,
    release_json: String,
    releases: usize,
    revisions: usize,
    runs: usize,
    populate: bool,
    populate_only: bool,
}

fn args() -> Args {
    let mut a = Args {
        kubeconfig: String::new(),
        rudder: String::new(),
        helm: String::new(),
        release_json: String::new(),
        releases: 1000,
        revisions: 10,
        runs: 3,
        populate: true,
        populate_only: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().expect("a value after the flag");
        match flag.as_str() {
            "--kubeconfig" => a.kubeconfig = value(),
            "--rudder" => a.rudder = value(),
            "--helm" => a.helm = value(),
            "--release-json" => a.release_json = value(),
            "--releases" => a.releases = value().parse().expect("a number"),
            "--revisions" => a.revisions = value().parse().expect("a number"),
            "--runs" => a.runs = value().parse().expect("a number"),
            "--skip-populate" => a.populate = false,
            "--populate-only" => a.populate_only = true,
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

async fn populate(a: &Args) {
    let data = std::fs::read(&a.release_json).expect("read --release-json");
    let template = Release::from_json(&data, Depth::Full).expect("a release record");
    let client = KubeOptions {
        kubeconfig: Some(PathBuf::from(&a.kubeconfig)),
        namespace: Some(NAMESPACE.to_owned()),
        ..KubeOptions::default()
    }
    .connect()
    .await
    .expect("connect");
    let ns_api: kube::Api<k8s_openapi::api::core::v1::Namespace> =
        kube::Api::all(client.client().clone());
    let ns = k8s_openapi::api::core::v1::Namespace {
        metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
            name: Some(NAMESPACE.to_owned()),
            ..Default::default()
        },
        ..Default::default()
    };
    let _ = ns_api.create(&kube::api::PostParams::default(), &ns).await;
    let storage = Arc::new(Storage::new(Arc::new(KubeDriver::secrets(
        client,
        Some(NAMESPACE.to_owned()),
    ))));
    let mut jobs = Vec::new();
    for r in 0..a.releases {
        for v in 1..=a.revisions {
            jobs.push((r, v));
        }
    }
    let started = std::time::Instant::now();
    let total = jobs.len();
    let done = futures::stream::iter(jobs)
        .map(|(r, v)| {
            let storage = storage.clone();
            let mut release = template.clone();
            async move {
                release.name = format!("rel-{r:04}");
                NAMESPACE.clone_into(&mut release.namespace);
                release.version = v as i64;
                if let Some(info) = release.info.as_mut() {
                    info.status = if v == a.revisions {
                        Status::Deployed
                    } else {
                        Status::Superseded
                    };
                    info.description = String::from(if v == 1 {
                        "Install complete"
                    } else {
                        "Upgrade complete"
                    });
                }
                match storage.create(&release).await {
                    Ok(()) | Err(rudder_release::Error::Exists) => 1,
                    Err(e) => panic!("create: {e}"),
                }
            }
        })
        .buffer_unordered(32)
        .fold(0usize, |n, k| async move {
            let n = n + k;
            if n % 1000 == 0 {
                eprintln!("  stored {n}/{total} records");
            }
            n
        })
        .await;
    eprintln!(
        "stored {done} records in {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

/// Wall seconds and peak resident kilobytes of one run.
fn measure(program: &str, args: &[&str], kubeconfig: &str) -> (f64, u64) {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M")
        .arg(program)
        .args(args)
        .env("KUBECONFIG", kubeconfig)
        .env("HELM_DRIVER", "secret")
        .output()
        .expect("/usr/bin/time");
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    let mut parts = last.split_whitespace();
    let wall: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
    let rss: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (wall, rss)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let opts = args();
    if opts.populate {
        populate(&opts).await;
    }
    if opts.populate_only {
        return;
    }
    let middle = format!("rel-{:04}", opts.releases / 2);
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("list", vec!["list", "-n", NAMESPACE]),
        ("list -A", vec!["list", "-A"]),
        ("history", vec!["history", &middle, "-n", NAMESPACE]),
        ("status", vec!["status", &middle, "-n", NAMESPACE]),
    ];
    println!(
        "{} releases x {} revisions (record: {})",
        opts.releases, opts.revisions, opts.release_json
    );
    println!(
        "| command | helm wall | rudder wall | speed-up | helm peak RSS | rudder peak RSS | memory ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (label, args) in cases {
        // Same output first: the comparison is meaningless otherwise.
        let helm_out = Command::new(&opts.helm)
            .args(&args)
            .env("KUBECONFIG", &opts.kubeconfig)
            .output()
            .unwrap();
        let rudder_out = Command::new(&opts.rudder)
            .args(&args)
            .env("KUBECONFIG", &opts.kubeconfig)
            .output()
            .unwrap();
        let same = helm_out.stdout == rudder_out.stdout;
        let mut hw = Vec::new();
        let mut rw = Vec::new();
        let (mut hm, mut rm) = (0, 0);
        for _ in 0..opts.runs {
            let (wall, rss) = measure(&opts.helm, &args, &opts.kubeconfig);
            hw.push(wall);
            hm = hm.max(rss);
            let (wall, rss) = measure(&opts.rudder, &args, &opts.kubeconfig);
            rw.push(wall);
            rm = rm.max(rss);
        }
        let (hw, rw) = (median(hw), median(rw));
        println!(
            "| `{label}`{} | {hw:.2} s | {rw:.2} s | {:.1}x | {} MB | {} MB | {:.1}x |",
            if same { "" } else { " (OUTPUT DIFFERS)" },
            hw / rw.max(0.001),
            hm / 1024,
            rm / 1024,
            hm as f64 / (rm.max(1) as f64)
        );
    }
}
