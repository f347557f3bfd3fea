//! The harness of the tests that run rudder and the reference Helm against the local cluster
//! (`RUDDER_TEST_KUBECONFIG`, set by `tools/test.sh`).
//!
//! [`Env`] writes a chart into a temporary `HOME`, runs either tool with a clean environment
//! ([`Env::run`]: exit status and both streams, with exactly the nondeterminism masked that
//! is not a tool's decision), reads objects and release records back from the cluster
//! ([`Env::snapshot`]) and compares them ([`assert_same`]). Without the variable
//! [`Env::new`] says so loudly and returns `None`: the test passes without running.

#![allow(dead_code, reason = "each test binary uses a part of the helpers")]

use std::path::{Path, PathBuf};
use std::process::Command;

use rudder::kube::{Applier, Discovery, KubeOptions};
use serde_json::Value as Json;

/// The repository root, read at run time (a test binary can outlive the checkout it was built
/// in).
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..")
}

/// The reference Helm's binary (`tools/reference-helm.sh` builds it when missing).
pub(crate) fn reference_helm() -> PathBuf {
    let out = Command::new(repo_root().join("tools/reference-helm.sh"))
        .output()
        .expect("tools/reference-helm.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// A number for names that must not collide with an earlier run's.
pub(crate) fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
        % 1_000_000_000
}

/// `RUDDER_TEST_KUBECONFIG`, or `None` after a loud note.
pub(crate) fn kubeconfig() -> Option<String> {
    match std::env::var("RUDDER_TEST_KUBECONFIG") {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            eprintln!(
                "\n*** SKIPPED: RUDDER_TEST_KUBECONFIG is not set: this test needs the local cluster (tools/test.sh sets it) ***\n"
            );
            None
        }
    }
}

/// Writes `files` (path, content) under `dir`.
pub(crate) fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (path, content) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, content).unwrap();
    }
}

/// One test's cluster, tools and chart.
pub(crate) struct Env {
    pub(crate) kubeconfig: String,
    pub(crate) helm: PathBuf,
    pub(crate) home: tempfile::TempDir,
    /// The chart written by [`Env::new`].
    pub(crate) chart: PathBuf,
    pub(crate) runtime: tokio::runtime::Runtime,
}

impl Env {
    /// A temporary `HOME` with the chart `files` in `HOME/<name>`; `None` without a cluster.
    pub(crate) fn new(name: &str, files: &[(&str, &str)]) -> Option<Self> {
        let kubeconfig = kubeconfig()?;
        let home = tempfile::tempdir().unwrap();
        let chart = home.path().join(name);
        write_files(&chart, files);
        Some(Self {
            kubeconfig,
            helm: reference_helm(),
            home,
            chart,
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
        })
    }

    /// The chart's path as a string argument.
    pub(crate) fn chart_arg(&self) -> String {
        self.chart.to_str().unwrap().to_owned()
    }

    /// `tool` (`helm` or `rudder`) with the environment every run gets: `PATH`, the temporary
    /// `HOME` and Helm's directories under it, `KUBECONFIG`.
    pub(crate) fn command(&self, tool: &str) -> Command {
        let bin: &Path = if tool == "helm" {
            &self.helm
        } else {
            Path::new(env!("CARGO_BIN_EXE_rudder"))
        };
        let h = self.home.path();
        let mut command = Command::new(bin);
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", h)
            .env("KUBECONFIG", &self.kubeconfig)
            .env("HELM_CACHE_HOME", h.join("cache"))
            .env("HELM_CONFIG_HOME", h.join("config"))
            .env("HELM_DATA_HOME", h.join("data"));
        command
    }

    /// Runs `tool` with `args` in `namespace`: exit status, stdout and stderr, masked by
    /// [`mask_output`].
    pub(crate) fn run(&self, tool: &str, namespace: &str, args: &[&str]) -> String {
        let out = self
            .command(tool)
            .args(args)
            .args(["-n", namespace])
            .output()
            .unwrap();
        let text = format!(
            "status {:?}\n--- stdout\n{}--- stderr\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        mask_output(&text, namespace)
    }

    /// `history <release>` of the reference Helm as a table: each row's cells trimmed and
    /// joined by `|`, without the UPDATED column.
    #[allow(dead_code, reason = "not every test binary reads the table")]
    pub(crate) fn history_table(&self, namespace: &str, release: &str) -> Vec<String> {
        self.run("helm", namespace, &["history", release])
            .lines()
            .map(|l| {
                l.split('\t')
                    .enumerate()
                    .filter(|(c, _)| *c != 1)
                    .map(|(_, s)| s.trim().to_owned())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    /// `history <release> -o json` of `tool`, without the update times.
    pub(crate) fn history(&self, tool: &str, namespace: &str, release: &str) -> String {
        let text = self.run(tool, namespace, &["history", release, "-o", "json"]);
        let json_start = text.find("--- stdout\n").unwrap() + "--- stdout\n".len();
        let json_end = text.find("--- stderr").unwrap();
        let mut v: Json = serde_json::from_str(&text[json_start..json_end]).unwrap_or_default();
        if let Some(list) = v.as_array_mut() {
            for entry in list {
                if let Some(o) = entry.as_object_mut() {
                    o.remove("updated");
                }
            }
        }
        serde_json::to_string_pretty(&v).unwrap()
    }

    /// A client of the cluster for `namespace`.
    pub(crate) async fn client(&self, namespace: &str) -> rudder::kube::KubeClient {
        KubeOptions {
            kubeconfig: Some(self.kubeconfig.clone().into()),
            namespace: Some(namespace.to_owned()),
            ..KubeOptions::default()
        }
        .connect()
        .await
        .unwrap()
    }

    /// Applies `object` server-side as field manager `manager` (another tool's write).
    pub(crate) fn kubectl_apply(&self, namespace: &str, manager: &str, object: &Json) {
        self.runtime.block_on(async {
            let client = self.client(namespace).await;
            let discovery = Discovery::run(&client).await.unwrap();
            let yaml = serde_json::to_string(object).unwrap();
            let mut resources =
                rudder::kube::resource::build(&yaml, &discovery, namespace).unwrap();
            let applier = Applier::new(client).with_field_manager(manager);
            applier.apply(&resources.remove(0), true).await.unwrap();
        });
    }

    /// The namespace's `objects` (apiVersion, kind, name) passed through `normalize`, the
    /// release Secrets `sh.helm.release.v1.<release>.v1..=revisions` as [`record`]s and the
    /// Namespace, keyed `Kind/name`, with the namespace's name masked. Missing objects are left
    /// out.
    pub(crate) fn snapshot(
        &self,
        namespace: &str,
        objects: &[(&str, &str, &str)],
        release: &str,
        revisions: u32,
        normalize: fn(&Json) -> Json,
    ) -> Json {
        self.runtime.block_on(async {
            let client = self.client(namespace).await;
            let discovery = Discovery::run(&client).await.unwrap();
            let applier = Applier::new(client);
            let mut out = serde_json::Map::new();
            let mut wanted: Vec<(String, String, String)> = objects
                .iter()
                .map(|(a, k, n)| ((*a).to_owned(), (*k).to_owned(), (*n).to_owned()))
                .collect();
            for v in 1..=revisions {
                wanted.push((
                    "v1".into(),
                    "Secret".into(),
                    format!("sh.helm.release.v1.{release}.v{v}"),
                ));
            }
            wanted.push(("v1".into(), "Namespace".into(), namespace.to_owned()));
            for (api_version, kind, name) in wanted {
                let doc =
                    format!("apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: {name}\n");
                let resource = rudder::kube::resource::build(&doc, &discovery, namespace)
                    .unwrap()
                    .remove(0);
                let Some(live) = applier.get(&resource).await.unwrap() else {
                    continue;
                };
                let value = if kind == "Secret" && name.starts_with("sh.helm.release.v1.") {
                    record(&live)
                } else {
                    normalize(&live)
                };
                out.insert(format!("{kind}/{name}"), value);
            }
            let text = serde_json::to_string(&Json::Object(out)).unwrap();
            serde_json::from_str(&text.replace(namespace, "<ns>")).unwrap()
        })
    }
}

/// An object without what the server and its controllers set on their own: ids, versions,
/// times, `status`, the field sets of status writes (which status fields a controller owns
/// depends on when it last ran), cluster IPs, and the Deployment controller's
/// `deployment.kubernetes.io/revision` annotation (whether it ran after a tool's write before
/// the snapshot is timing).
pub(crate) fn without_server_fields(object: &Json) -> Json {
    let mut object = object.clone();
    if let Some(m) = object.get_mut("metadata").and_then(Json::as_object_mut) {
        for k in ["uid", "resourceVersion", "creationTimestamp", "generation"] {
            m.remove(k);
        }
        if let Some(a) = m.get_mut("annotations").and_then(Json::as_object_mut) {
            a.remove("deployment.kubernetes.io/revision");
        }
        if let Some(fields) = m.get_mut("managedFields").and_then(Json::as_array_mut) {
            for f in fields.iter_mut().filter_map(Json::as_object_mut) {
                f.remove("time");
                if f.get("subresource").and_then(Json::as_str) == Some("status")
                    || f.get("manager").and_then(Json::as_str) == Some("kube-controller-manager")
                {
                    f.remove("fieldsV1");
                }
            }
            // The server keeps entries in the order of the writes, and a controller's status
            // write lands before or after a tool's: sorted by manager, operation, subresource.
            let key = |f: &Json| {
                ["manager", "operation", "subresource"]
                    .map(|k| f.get(k).and_then(Json::as_str).unwrap_or("").to_owned())
            };
            fields.sort_by_key(key);
        }
    }
    if let Some(o) = object.as_object_mut() {
        o.remove("status");
    }
    if let Some(spec) = object.get_mut("spec").and_then(Json::as_object_mut) {
        spec.remove("clusterIP");
        spec.remove("clusterIPs");
    }
    object
}

/// A run's output with what no tool decides masked: `LAST DEPLOYED:` times, the namespace's
/// name, client-go's klog lines (`I1122 01:30:55.577537 ... watch ended with error` come and go
/// with the timing of a cancelled watch) and which kwok node the scheduler picked.
pub(crate) fn mask_output(text: &str, namespace: &str) -> String {
    text.lines()
        .filter(|l| !is_klog_line(l))
        .map(|l| {
            if l.starts_with("LAST DEPLOYED: ") {
                "LAST DEPLOYED: <time>".to_owned()
            } else {
                mask_kwok_nodes(&l.replace(namespace, "<ns>"))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An `AGE` cell: `5s`, `2m3s`, `4h`, `3d1h`, `<unknown>`.
pub(crate) fn is_age(token: &str) -> bool {
    if token == "<unknown>" || token == "<invalid>" {
        return true;
    }
    let b = token.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_digit()
        && b.iter().all(|c| c.is_ascii_digit() || b"smhdy".contains(c))
        && b"smhdy".contains(&b[b.len() - 1])
}

/// Table output with every age cell masked as `<age>` (`AGE`, and a Job's `DURATION`: the
/// server computes them at the request, so two tools a second apart print `1s` and `2s`); the
/// padding after a masked cell is reduced to one space.
pub(crate) fn mask_ages(text: &str) -> String {
    text.lines()
        .map(|l| {
            let mut out = String::new();
            let mut rest = l;
            while !rest.is_empty() {
                let token_end = rest.find(' ').unwrap_or(rest.len());
                let (token, tail) = rest.split_at(token_end);
                let spaces = tail.len() - tail.trim_start_matches(' ').len();
                if is_age(token) {
                    out.push_str("<age>");
                    if spaces > 0 {
                        out.push(' ');
                    }
                } else {
                    out.push_str(token);
                    out.push_str(&tail[..spaces]);
                }
                rest = &tail[spaces..];
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A klog line: `I1122 01:30:55.577537   32048 file.go:664] ...` (severity, date, time).
pub(crate) fn is_klog_line(l: &str) -> bool {
    let b = l.as_bytes();
    b.len() > 22
        && matches!(b[0], b'I' | b'W' | b'E')
        && b[1..5].iter().all(u8::is_ascii_digit)
        && b[5] == b' '
        && b[8] == b':'
}

/// The scheduler picks either kwok node: `kwok-node-0`, `kwok-node-1` become `kwok-node-N`.
pub(crate) fn mask_kwok_nodes(l: &str) -> String {
    let mut out = String::with_capacity(l.len());
    let mut rest = l;
    while let Some(i) = rest.find("kwok-node-") {
        out.push_str(&rest[..i + "kwok-node-".len()]);
        rest = rest[i + "kwok-node-".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push('N');
    }
    out.push_str(rest);
    out
}

/// An RFC 3339 time (`2026-11-22T01:30:55Z`, with or without fractions and offset).
pub(crate) fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[..4].iter().all(u8::is_ascii_digit)
}

/// Replaces every time string in `v` by `<time>`.
pub(crate) fn mask_times(v: &mut Json) {
    match v {
        Json::String(s) if is_timestamp(s) => "<time>".clone_into(s),
        Json::Array(items) => items.iter_mut().for_each(mask_times),
        Json::Object(map) => map.values_mut().for_each(mask_times),
        _ => {}
    }
}

/// A release Secret: its type, label keys and values (times masked), and the decoded record.
pub(crate) fn record(secret: &Json) -> Json {
    let data = secret["data"]["release"].as_str().unwrap();
    let helm_text = rudder::release::codec::base64_decode(data.as_bytes()).unwrap();
    let json = rudder::release::codec::decode_to_json(&helm_text).unwrap();
    let mut record: Json = serde_json::from_slice(&json).unwrap();
    mask_times(&mut record);
    let mut labels = secret["metadata"]["labels"].clone();
    for k in ["createdAt", "modifiedAt"] {
        if let Some(v) = labels.get_mut(k) {
            *v = Json::String("<time>".into());
        }
    }
    serde_json::json!({"type": secret["type"], "labels": labels, "record": record})
}

/// Asserts that every lane after the first saw at `step` what the first (the reference Helm
/// alone) saw: the output, the history and the objects and records. `label(n)` names lane `n`.
#[allow(dead_code, reason = "not every test binary runs lanes")]
pub(crate) fn assert_lanes_same<H: std::fmt::Debug>(
    step: &str,
    results: &[(String, H, Json)],
    label: impl Fn(usize) -> String,
) {
    for (n, (output, history, snapshot)) in results.iter().enumerate().skip(1) {
        let lane = format!("{step} ({})", label(n));
        assert_same(&lane, "output", &results[0].0, output);
        assert_same(&lane, "history", &results[0].1, history);
        assert_same(&lane, "objects and records", &results[0].2, snapshot);
    }
}

/// Asserts that `actual` (a mixed or rudder-only run) prints as `expected` (the reference
/// Helm's).
pub(crate) fn assert_same(
    step: &str,
    what: &str,
    expected: &impl std::fmt::Debug,
    actual: &impl std::fmt::Debug,
) {
    let (e, a) = (format!("{expected:#?}"), format!("{actual:#?}"));
    assert!(
        e == a,
        "{step}: {what} differs\n--- reference Helm\n{e}\n--- mixed\n{a}"
    );
}
