//! The release commands over the memory driver with preloaded data (`HELM_DRIVER=memory`,
//! `HELM_MEMORY_DRIVER_DATA`), byte for byte against the reference Helm: many releases in every
//! status, several namespaces, revisions, labels, odd records (no chart, zero times, notes with
//! spaces, hooks, test hooks). Needs neither a cluster nor a database.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    PathBuf::from(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..")
}

fn reference_helm() -> PathBuf {
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

const STATUSES: [&str; 9] = [
    "deployed",
    "failed",
    "superseded",
    "uninstalled",
    "uninstalling",
    "pending-install",
    "pending-upgrade",
    "pending-rollback",
    "unknown",
];

/// A YAML list of releases (what `helm get ... -o json` would show, in YAML).
fn data() -> String {
    let mut out = String::new();
    for i in 0..24 {
        let namespace = ["default", "team-a", "team-b"][i % 3];
        let revisions = 1 + i % 4;
        for v in 1..=revisions {
            let last = v == revisions;
            let status = if last {
                STATUSES[i % STATUSES.len()]
            } else {
                "superseded"
            };
            let minute = (i * 7 + v) % 60;
            let _ = write!(
                out,
                "- name: app-{i:02}
  namespace: {namespace}
  version: {v}
  info:
    first_deployed: \"2024-03-0{day}T10:00:00Z\"
    last_deployed: \"2024-03-0{day}T1{hour}:{minute:02}:0{sec}.{nanos}+01:00\"
    description: \"Upgrade {v} of app {i}\"
    status: {status}
    notes: \"  notes of app-{i:02}\\n\\n\"
  config:
    replicas: {v}
    nested: {{a: [1, 2], b: \"x<y>\"}}
  manifest: \"---\\n# Source: c/templates/cm.yaml\\nkind: ConfigMap\\nname: app-{i:02}\\n\"
  hooks:
  - name: app-{i:02}-test
    kind: Pod
    path: c/templates/tests/t.yaml
    manifest: \"kind: Pod\"
    events: [test]
    last_run:
      started_at: \"2024-03-01T10:00:00Z\"
      completed_at: \"2024-03-01T10:00:05Z\"
      phase: Succeeded
  chart:
    metadata:
      name: chart-{c}
      version: 1.{v}.0
      appVersion: \"{v}.0\"
      apiVersion: v2
      annotations: {{team: a, x.io/y: z}}
      dependencies:
      - name: sub-b
        version: 1.0.0
        repository: https://example.com
      - name: sub-a
        version: 2.0.0
    values:
      replicas: 1
      image: {{tag: latest}}
    templates: []
  apply_method: {method}
",
                day = 1 + i % 9,
                hour = i % 10,
                sec = v % 10,
                nanos = 123_456_789 + i,
                c = i % 5,
                method = ["ssa", "csa", "\"\""][i % 3],
            );
        }
    }
    // A record without chart and times.
    out.push_str(
        "- name: bare\n  namespace: default\n  version: 1\n  info:\n    status: deployed\n",
    );
    out
}

fn run(program: &std::path::Path, args: &[&str], data: &str, home: &str) -> Output {
    Command::new(program)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("TZ", "America/New_York")
        .env("HELM_DRIVER", "memory")
        .env("HELM_MEMORY_DRIVER_DATA", data)
        .output()
        .expect("run")
}

fn show(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn memory_driver_commands_match_helm() {
    let helm = reference_helm();
    let home = tempfile::tempdir().unwrap();
    let h = home.path().display().to_string();
    let rudder = home.path().join("helm");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_rudder"), &rudder).unwrap();
    let file = home.path().join("releases.yaml");
    std::fs::write(&file, data()).unwrap();
    let data = file.display().to_string();
    let mut cases: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "-A"],
        vec!["list", "-A", "-o", "json"],
        vec!["list", "-A", "-o", "yaml"],
        vec!["list", "-n", "team-a"],
        vec!["list", "-A", "-d"],
        vec!["list", "-A", "-d", "-r"],
        vec!["list", "-A", "-r"],
        vec!["list", "-A", "-m", "5", "--offset", "3"],
        vec!["list", "-A", "-m", "0"],
        vec!["list", "-A", "--offset", "100"],
        vec!["list", "-A", "--filter", "app-1[0-5]"],
        vec!["list", "-A", "--filter", "["],
        vec!["list", "-A", "--deployed"],
        vec!["list", "-A", "--failed", "--pending"],
        vec!["list", "-A", "--uninstalled", "--uninstalling"],
        // At most 12 rows: Go's sort.Slice is an insertion sort (stable) up to 12 elements
        // and unstable beyond (COMPATIBILITY.md).
        vec![
            "list",
            "-n",
            "team-b",
            "--superseded",
            "--filter",
            "app-(02|05|14)",
        ],
        vec!["list", "-A", "-q"],
        vec!["list", "-A", "-q", "-o", "yaml"],
        vec!["list", "-A", "--no-headers"],
        vec!["list", "-A", "--time-format", "Mon Jan 2 15:04:05 MST 2006"],
        vec!["list", "-A", "-l", "x=y"],
        vec!["list", "-A", "-l", "a b"],
        vec!["list", "--filter", "nothing-matches", "-l", "a b"],
    ];
    let names: Vec<String> = (0..24).map(|i| format!("app-{i:02}")).collect();
    for (i, name) in names.iter().enumerate() {
        let ns = ["default", "team-a", "team-b"][i % 3];
        cases.push(vec!["history", name, "-n", ns]);
        cases.push(vec!["status", name, "-n", ns]);
        if i % 4 == 0 {
            cases.push(vec!["history", name, "-n", ns, "-o", "json"]);
            cases.push(vec!["history", name, "-n", ns, "-o", "yaml", "--max", "2"]);
            cases.push(vec!["status", name, "-n", ns, "-o", "json"]);
            cases.push(vec![
                "status",
                name,
                "-n",
                ns,
                "-o",
                "yaml",
                "--revision",
                "1",
            ]);
            cases.push(vec!["get", "all", name, "-n", ns]);
            cases.push(vec!["get", "values", name, "-n", ns, "-a"]);
            cases.push(vec!["get", "values", name, "-n", ns, "-o", "json"]);
            cases.push(vec!["get", "metadata", name, "-n", ns]);
            cases.push(vec!["get", "metadata", name, "-n", ns, "-o", "yaml"]);
            cases.push(vec!["get", "hooks", name, "-n", ns]);
            cases.push(vec!["get", "notes", name, "-n", ns]);
            cases.push(vec!["get", "manifest", name, "-n", ns, "--revision", "1"]);
        }
    }
    cases.push(vec!["status", "bare"]);
    cases.push(vec!["history", "bare", "-o", "yaml"]);
    // Not `get all bare`: Helm dereferences the missing chart and panics (COMPATIBILITY.md).
    cases.push(vec!["get", "values", "bare"]);
    cases.push(vec!["status", "app-00", "--revision", "7"]);
    let mut failures = Vec::new();
    for args in &cases {
        let expected = show(&run(&helm, args, &data, &h));
        let actual = show(&run(&rudder, args, &data, &h));
        if expected != actual {
            failures.push(format!(
                "{args:?}\n--- helm\n{expected}\n--- rudder\n{actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
