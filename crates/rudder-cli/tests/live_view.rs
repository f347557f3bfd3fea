//! The `--wait` live view (beyond Helm, COMPATIBILITY.md) on the local cluster
//! (`RUDDER_TEST_KUBECONFIG`): under a pseudo-terminal (util-linux `script`), `install --wait`
//! of a Deployment no node can take shows what is pending and why, redraws it in place, and
//! erases it before the error; a successful `--wait` leaves nothing of it behind; without a
//! terminal not a byte of it is written.
//!
//! Without the variable (or without `script`) the test says so loudly and passes without
//! running.

mod cluster;

use std::process::Command;

use cluster::Env;

const CHART: &[(&str, &str)] = &[
    ("Chart.yaml", "apiVersion: v2\nname: live\nversion: 0.1.0\n"),
    ("values.yaml", "stuck: false\n"),
    (
        "templates/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n      {{- if .Values.stuck }}\n      nodeSelector:\n        no-such-node: \"true\"\n      {{- end }}\n      containers:\n        - name: web\n          image: nginx:1.27\n",
    ),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata: {}\n",
    ),
];

/// Single quotes for `sh -c`.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Runs rudder with `args` under a pseudo-terminal: everything it wrote to it (stdout and
/// stderr together, `\r\n` line ends).
fn run_in_pty(env: &Env, args: &[&str]) -> String {
    let mut line = sh_quote(env!("CARGO_BIN_EXE_rudder"));
    for a in args {
        line.push(' ');
        line.push_str(&sh_quote(a));
    }
    let h = env.home.path();
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", h)
        .env("TERM", "xterm")
        .env("KUBECONFIG", &env.kubeconfig)
        .env("HELM_CACHE_HOME", h.join("cache"))
        .env("HELM_CONFIG_HOME", h.join("config"))
        .env("HELM_DATA_HOME", h.join("data"))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

#[test]
fn live_view_on_a_terminal_only() {
    let Some(env) = Env::new("live", CHART) else {
        return;
    };
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("\n*** SKIPPED: util-linux `script` is not installed ***\n");
        return;
    }
    let chart = env.chart_arg();
    let ns = format!("live-{}", std::process::id());

    // A wait that times out: the view names the Deployment, is redrawn, and is gone before
    // the error.
    let stuck = [
        "install",
        "lv",
        &chart,
        "-n",
        &ns,
        "--create-namespace",
        "--wait",
        "--timeout",
        "4s",
        "--set",
        "stuck=true",
    ];
    let text = run_in_pty(&env, &stuck);
    let view = "waiting for 1 of 2 resources (";
    assert!(text.contains(view), "{text:?}");
    assert!(
        text.contains(&format!("  Deployment/{ns}/lv-web: InProgress")),
        "{text:?}"
    );
    let erase = "\x1b[2A\r\x1b[J";
    let last = text.rfind(erase).expect("the view is erased");
    let after = &text[last + erase.len()..];
    assert!(
        after.starts_with(&format!(
            "Error: INSTALLATION FAILED: resource Deployment/{ns}/lv-web not ready. status: InProgress, message: "
        )),
        "{text:?}"
    );
    assert!(!after.contains("waiting for"), "{text:?}");

    // The same without a terminal: Helm's bytes, no view.
    let plain = env.run(
        "rudder",
        &ns,
        &[
            "upgrade",
            "lv",
            &chart,
            "--wait",
            "--timeout",
            "4s",
            "--set",
            "stuck=true",
        ],
    );
    assert!(!plain.contains('\x1b'), "{plain}");
    assert!(!plain.contains("waiting for"), "{plain}");
    assert!(
        plain.contains("Error: UPGRADE FAILED: resource Deployment/<ns>/lv-web not ready."),
        "{plain}"
    );

    // A wait that succeeds: whatever was drawn is erased before the release is printed.
    // (`--set stuck=false`: without values, an upgrade reuses the last release's.)
    let text = run_in_pty(
        &env,
        &[
            "upgrade",
            "lv",
            &chart,
            "-n",
            &ns,
            "--wait",
            "--timeout",
            "60s",
            "--set",
            "stuck=false",
        ],
    );
    let status = text
        .find("Release \"lv\" has been upgraded. Happy Helming!")
        .expect("upgraded");
    let head = &text[..status];
    if let Some(drawn) = head.rfind("waiting for") {
        assert!(head[drawn..].contains("\x1b[J"), "{text:?}");
    }
    // (Colours are on for a terminal; the view's own sequences are not.)
    assert!(!text[status..].contains("\x1b[J"), "{text:?}");
    assert!(!text[status..].contains("waiting for"), "{text:?}");

    let _ = env.run("rudder", &ns, &["uninstall", "lv"]);
}
