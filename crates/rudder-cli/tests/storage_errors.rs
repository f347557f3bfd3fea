//! The release commands' setup errors, byte for byte against the reference Helm: an
//! unreachable cluster, a kubeconfig or context that does not exist, SQL connection strings
//! that are wrong or point nowhere, an unknown driver, the memory driver without data, and
//! flag values Helm refuses. None needs a cluster or a database: each fails before reaching one.

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

fn run(program: &std::path::Path, args: &[&str], env: &[(&str, &str)], home: &str) -> Output {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("KUBECONFIG", format!("{home}/no-such-kubeconfig"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run")
}

/// A command line and the environment it runs with.
type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>);

fn show(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const UNREACHABLE: &str = "apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:1
    insecure-skip-tls-verify: true
contexts:
- name: c
  context:
    cluster: c
    user: u
current-context: c
users:
- name: u
  user:
    token: x
";

#[test]
fn setup_errors_match_helm() {
    let helm = reference_helm();
    let home = tempfile::tempdir().unwrap();
    let h = home.path().display().to_string();
    // rudder runs through a link named `helm`, so its texts name `helm` as Helm's do.
    let rudder = home.path().join("helm");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_rudder"), &rudder).unwrap();
    let kubeconfig = format!("{h}/unreachable.yaml");
    std::fs::write(&kubeconfig, UNREACHABLE).unwrap();
    let missing = format!("{h}/missing.yaml");
    let memory_data = format!("{h}/memory.yaml");
    std::fs::write(
        &memory_data,
        "- name: a\n  namespace: default\n  version: 1\n  info:\n    status: deployed\n",
    )
    .unwrap();
    let cases: Vec<Case<'_>> = vec![
        // Unreachable cluster, for every command and both Kubernetes drivers.
        (vec!["list", "--kubeconfig", &kubeconfig], vec![]),
        (vec!["list", "-A", "--kubeconfig", &kubeconfig], vec![]),
        (vec!["history", "x", "--kubeconfig", &kubeconfig], vec![]),
        (vec!["status", "x", "--kubeconfig", &kubeconfig], vec![]),
        (vec!["get", "all", "x", "--kubeconfig", &kubeconfig], vec![]),
        (
            vec!["get", "values", "x", "--kubeconfig", &kubeconfig],
            vec![("HELM_DRIVER", "configmap")],
        ),
        (
            vec!["list", "--kube-apiserver", "https://127.0.0.1:1"],
            vec![],
        ),
        (vec!["list", "--kubeconfig", &missing], vec![]),
        (
            vec![
                "list",
                "--kubeconfig",
                &kubeconfig,
                "--kube-context",
                "nope",
            ],
            vec![],
        ),
        // Bad database URLs: reported while setting up, before the cluster is asked.
        (
            vec!["list"],
            vec![
                ("HELM_DRIVER", "sql"),
                (
                    "HELM_DRIVER_SQL_CONNECTION_STRING",
                    "postgres://rudder@127.0.0.1:1/x?sslmode=disable",
                ),
            ],
        ),
        (
            vec!["history", "x"],
            vec![
                ("HELM_DRIVER", "sql"),
                ("HELM_DRIVER_SQL_CONNECTION_STRING", "mysql://x"),
            ],
        ),
        (
            vec!["status", "x"],
            vec![
                ("HELM_DRIVER", "sql"),
                ("HELM_DRIVER_SQL_CONNECTION_STRING", "host=127.0.0.1 port"),
            ],
        ),
        // Unknown driver; memory driver without data, and with data (no cluster needed).
        (vec!["list"], vec![("HELM_DRIVER", "bogus")]),
        (vec!["list"], vec![("HELM_DRIVER", "memory")]),
        (
            vec!["list"],
            vec![
                ("HELM_DRIVER", "memory"),
                ("HELM_MEMORY_DRIVER_DATA", &memory_data),
            ],
        ),
        (
            vec!["status", "a", "-o", "yaml"],
            vec![
                ("HELM_DRIVER", "memory"),
                ("HELM_MEMORY_DRIVER_DATA", &memory_data),
            ],
        ),
        (
            vec!["get", "all", "b"],
            vec![
                ("HELM_DRIVER", "memory"),
                ("HELM_MEMORY_DRIVER_DATA", &memory_data),
            ],
        ),
        // Flags Helm refuses.
        (vec!["list", "-o", "xml"], vec![]),
        (vec!["history"], vec![]),
        (vec!["status", "a", "b"], vec![]),
        (vec!["get", "values"], vec![]),
        (vec!["list", "--max", "x"], vec![]),
    ];
    let mut failures = Vec::new();
    for (args, env) in &cases {
        let expected = show(&run(&helm, args, env, &h));
        let actual = show(&run(&rudder, args, env, &h));
        if expected != actual {
            failures.push(format!(
                "{env:?} {args:?}\n--- helm\n{expected}\n--- rudder\n{actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
