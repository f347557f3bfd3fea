//! The install, upgrade and uninstall flags that shape values, records and output, on the local
//! cluster (`RUDDER_TEST_KUBECONFIG`), rudder against the reference Helm.
//!
//! Three namespaces run the same steps: the reference Helm alone, rudder alone, and the two
//! taking turns. The steps cover `--description`, `--labels`, `--reuse-values`,
//! `--reset-values`, `--reset-then-reuse-values`, `--history-max` (old records pruned),
//! `--hide-notes`, `-o json|yaml`, `--hide-secret`,
//! `--generate-name`, `--dry-run=client`, `upgrade --install`, `get values --all`, and
//! `uninstall --cascade orphan|foreground`. After every step the output (times, the namespace
//! and generated names masked), `history` and the objects and release records must be the same
//! in the three namespaces. `--render-subchart-notes` is left out: Helm joins the notes in Go's
//! random map order (CI saw both orders), so no tool can match it byte for byte.
//!
//! Without the variable the test says so loudly and passes without running.

mod cluster;

use cluster::{Env, unique};

const CHART: &[(&str, &str)] = &[
    (
        "Chart.yaml",
        "apiVersion: v2\nname: flags\nversion: 0.1.0\nappVersion: \"1.0\"\ndependencies:\n  - name: sub\n    version: 0.1.0\n",
    ),
    (
        "values.yaml",
        "message: hello\nreplicas: 1\npassword: s3cr3t\nsub:\n  greeting: hi\n",
    ),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  message: {{ .Values.message | quote }}\n  replicas: {{ .Values.replicas | quote }}\n  revision: {{ .Release.Revision | quote }}\n",
    ),
    (
        "templates/secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-secret\nstringData:\n  password: {{ .Values.password | quote }}\n",
    ),
    (
        "templates/NOTES.txt",
        "flags {{ .Release.Name }} says {{ .Values.message }} ({{ .Values.replicas }})\n",
    ),
    (
        "charts/sub/Chart.yaml",
        "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
    ),
    ("charts/sub/values.yaml", "greeting: hello\n"),
    (
        "charts/sub/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-sub\ndata:\n  greeting: {{ .Values.greeting | quote }}\n",
    ),
    (
        "charts/sub/templates/NOTES.txt",
        "sub says {{ .Values.greeting }}\n",
    ),
];

const OBJECTS: &[(&str, &str, &str)] = &[
    ("v1", "ConfigMap", "web-cm"),
    ("v1", "ConfigMap", "web-sub"),
    ("v1", "Secret", "web-secret"),
    ("v1", "ConfigMap", "up-cm"),
    ("v1", "Secret", "up-secret"),
];

/// Masks RFC 3339 times (`2026-11-22T03:04:05.123456789Z`, quoted or not) and the names
/// `--generate-name` makes (`flags-<unix seconds>`).
fn mask_text(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let digits = |from: usize, n: usize| {
        from + n <= b.len() && b[from..from + n].iter().all(u8::is_ascii_digit)
    };
    while i < b.len() {
        if digits(i, 4)
            && b.get(i + 4) == Some(&b'-')
            && digits(i + 5, 2)
            && b.get(i + 7) == Some(&b'-')
            && digits(i + 8, 2)
            && b.get(i + 10) == Some(&b'T')
        {
            let end = text[i..]
                .find(|c: char| c.is_whitespace() || c == '"' || c == ',')
                .map_or(text.len(), |n| i + n);
            out.push_str("<time>");
            i = end;
        } else if text[i..].starts_with("flags-") && digits(i + 6, 10) {
            out.push_str("flags-<generated>");
            i += 16;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

#[test]
fn value_record_and_output_flags_as_helm() {
    let Some(env) = Env::new("flags", CHART) else {
        return;
    };
    let id = unique();
    let chart = env.chart_arg();
    let lanes = [
        (format!("fh-{id}"), "hhhhhhhhhhhhh"),
        (format!("fr-{id}"), "rrrrrrrrrrrrr"),
        (format!("fm-{id}"), "hrhrhrhrhrhrh"),
    ];
    let steps: Vec<Vec<&str>> = vec![
        vec![
            "install",
            "web",
            &chart,
            "--create-namespace",
            "--description",
            "first install",
            "--labels",
            "team=a,tier=b",
            "--set",
            "message=one",
        ],
        vec![
            "upgrade",
            "web",
            &chart,
            "--reuse-values",
            "--set",
            "replicas=2",
        ],
        vec!["get", "values", "web", "--all", "-o", "yaml"],
        vec![
            "upgrade",
            "web",
            &chart,
            "--reset-values",
            "--set",
            "replicas=3",
        ],
        vec![
            "upgrade",
            "web",
            &chart,
            "--reset-then-reuse-values",
            "--set",
            "message=four",
        ],
        vec![
            "upgrade",
            "web",
            &chart,
            "--history-max",
            "2",
            "--hide-notes",
            "-o",
            "json",
            "--set",
            "sub.greeting=hey",
        ],
        vec!["history", "web", "-o", "yaml"],
        vec![
            "install",
            "dry",
            &chart,
            "--dry-run=client",
            "--hide-secret",
        ],
        vec!["install", &chart, "--generate-name", "--dry-run=client"],
        vec![
            "upgrade",
            "up",
            &chart,
            "--install",
            "--description",
            "installed by upgrade",
            "-o",
            "yaml",
        ],
        vec!["get", "values", "web", "--revision", "5"],
        vec!["uninstall", "web", "--cascade", "orphan"],
        vec!["uninstall", "up", "--cascade", "foreground", "--wait"],
    ];
    for (i, args) in steps.iter().enumerate() {
        let mut results = Vec::new();
        for (ns, tools) in &lanes {
            let tool = if tools.as_bytes()[i] == b'h' {
                "helm"
            } else {
                "rudder"
            };
            let output = mask_text(&env.run(tool, ns, args));
            let history = (
                env.history("helm", ns, "web"),
                env.history("helm", ns, "up"),
            );
            results.push((
                output,
                history,
                env.snapshot(ns, OBJECTS, "web", 6, cluster::without_server_fields),
            ));
        }
        let step = args.join(" ").replace(&chart, "<chart>");
        cluster::assert_lanes_same(&step, &results, |n| format!("lane {}", lanes[n].1));
        assert!(
            results[0].0.starts_with("status Some(0)"),
            "{step}: {}",
            results[0].0
        );
    }
}

#[test]
fn times_and_generated_names_are_masked() {
    assert_eq!(
        mask_text("a: \"2026-11-22T03:04:05.123Z\", b: 2026-11-22T03:04:05+01:00\n"),
        "a: \"<time>\", b: <time>\n"
    );
    assert_eq!(
        mask_text("NAME: flags-1763780000\n"),
        "NAME: flags-<generated>\n"
    );
    assert_eq!(mask_text("flags-12 2026-11"), "flags-12 2026-11");
}
