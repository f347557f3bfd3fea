//! Bad input against the reference Helm, one table per family: charts that do not load
//! (missing, broken `Chart.yaml`, not a chart), templates that do not render, bad flags and
//! arguments of every command, commands that need a cluster run against an unreachable one,
//! and the commands rudder does not implement yet. Every case must give Helm's exit code,
//! stdout and stderr byte for byte (see `table`), except the listed known divergences.

mod support;
mod table;

use std::fmt::Write as _;

use support::{Run, Sandbox};
use table::{Case, Known, case, same_as_helm_table_masked};

/// A sandbox with the fixture charts under `charts/` and broken charts under `bad/`.
fn sandbox() -> Sandbox {
    let s = Sandbox::with_charts();
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";
    for (dir, chart_yaml) in [
        ("yaml", "apiVersion: v2\nname: yaml\nversion: [1.0\n"),
        ("tabs", "apiVersion: v2\n\tname: tabs\nversion: 1.0.0\n"),
        ("noname", "apiVersion: v2\nversion: 1.0.0\n"),
        ("noversion", "apiVersion: v2\nname: noversion\n"),
        (
            "badversion",
            "apiVersion: v2\nname: badversion\nversion: one\n",
        ),
        ("noapi", "name: noapi\nversion: 1.0.0\n"),
        ("badapi", "apiVersion: v9\nname: badapi\nversion: 1.0.0\n"),
        ("empty", ""),
        ("list", "- a\n- b\n"),
        (
            "badtype",
            "apiVersion: v2\nname: badtype\nversion: 1.0.0\ntype: plugin\n",
        ),
        (
            "baddeps",
            "apiVersion: v2\nname: baddeps\nversion: 1.0.0\ndependencies: 3\n",
        ),
    ] {
        s.write(&format!("bad/{dir}/Chart.yaml"), chart_yaml);
        s.write(&format!("bad/{dir}/templates/cm.yaml"), cm);
    }
    s.write("bad/nochartyaml/templates/cm.yaml", cm);
    s.write("bad/nochartyaml/values.yaml", "a: 1\n");
    s.write(
        "bad/valuesyaml/Chart.yaml",
        "apiVersion: v2\nname: valuesyaml\nversion: 1.0.0\n",
    );
    s.write("bad/valuesyaml/values.yaml", "a: [1\n");
    s.write("bad/valuesyaml/templates/cm.yaml", cm);
    s.write("bad/file.txt", "not a chart\n");
    s.write("bad/notgz.tgz", "not gzip\n");
    std::fs::create_dir_all(s.work().join("bad/emptydir")).expect("mkdir");

    for (name, template) in [
        ("unclosed", "a: {{ .Values.x\n"),
        ("badend", "{{ if .Values.x }}a: 1\n"),
        ("extraend", "a: 1\n{{ end }}\n"),
        ("fail", "{{ fail \"boom: the value is wrong\" }}\n"),
        (
            "required",
            "a: {{ required \"value a is required\" .Values.a }}\n",
        ),
        ("include", "a: {{ include \"nope\" . }}\n"),
        ("template", "a: {{ template \"nope\" . }}\n"),
        ("func", "a: {{ nosuchfunc 1 }}\n"),
        ("nil", "a: {{ .Values.a.b.c }}\n"),
        ("tpl", "a: {{ tpl \"{{ .x\" . }}\n"),
        ("index", "a: {{ index .Values.list 5 }}\n"),
        ("divide", "a: {{ div 1 0 }}\n"),
        ("fromyaml", "a: {{ (fromYaml \"a: [\").Error }}\n"),
        ("call", "a: {{ .Values.x.y }}\n"),
    ] {
        s.write(
            &format!("tpl/{name}/Chart.yaml"),
            &format!("apiVersion: v2\nname: {name}\nversion: 1.0.0\n"),
        );
        s.write(&format!("tpl/{name}/values.yaml"), "x: 1\nlist: [1]\n");
        s.write(
            &format!("tpl/{name}/templates/cm.yaml"),
            &format!("{cm}data:\n  {template}"),
        );
    }
    s
}

/// The broken charts of [`sandbox`].
const BROKEN: &[&str] = &[
    "./nope",
    "nope",
    "bad/yaml",
    "bad/tabs",
    "bad/noname",
    "bad/noversion",
    "bad/badversion",
    "bad/noapi",
    "bad/badapi",
    "bad/empty",
    "bad/list",
    "bad/badtype",
    "bad/baddeps",
    "bad/nochartyaml",
    "bad/valuesyaml",
    "bad/file.txt",
    "bad/notgz.tgz",
    "bad/emptydir",
];

#[test]
fn chart_loading_errors_template_and_install() {
    let s = sandbox();
    let mut cases = Vec::new();
    for chart in BROKEN {
        cases.push(case(&["template", chart]));
        cases.push(case(&["install", "r", chart, "--dry-run=client"]));
    }
    insta::assert_snapshot!(
        "chart_loading_template_install",
        same_as_helm_table_masked(&s, &cases, &[], mask)
    );
}

#[test]
fn chart_loading_errors_lint_show_package_dependency() {
    let s = sandbox();
    let mut cases = Vec::new();
    for chart in BROKEN {
        cases.push(case(&["lint", chart]));
        cases.push(case(&["show", "chart", chart]));
        cases.push(case(&["show", "all", chart]));
        cases.push(case(&["package", chart, "-d", "out"]));
        cases.push(case(&["dependency", "list", chart]));
        cases.push(case(&["dependency", "build", chart]));
    }
    insta::assert_snapshot!(
        "chart_loading_lint_show_package_dependency",
        same_as_helm_table_masked(&s, &cases, &[], mask)
    );
}

#[test]
fn template_errors() {
    let s = sandbox();
    let mut cases = Vec::new();
    for name in [
        "unclosed", "badend", "extraend", "fail", "required", "include", "template", "func", "nil",
        "tpl", "index", "divide", "fromyaml", "call",
    ] {
        let chart = format!("tpl/{name}");
        cases.push(case(&["template", &chart]));
        cases.push(case(&["lint", &chart]));
        cases.push(case(&["install", "r", &chart, "--dry-run=client"]));
    }
    cases.extend([
        case(&["template", "tpl/required", "--set", "a=1"]),
        case(&["template", "tpl/nil", "--debug"]),
        case(&["template", "tpl/fail", "--debug"]),
        case(&["template", "tpl/call", "--set", "x=null"]),
        case(&["lint", "tpl/required", "--strict"]),
        case(&["lint", "tpl/required", "tpl/fail", "charts/basic"]),
        case(&["template", "charts/basic", "--set", "image.tag={{ .bad"]),
    ]);
    insta::assert_snapshot!(
        "template_errors",
        same_as_helm_table_masked(&s, &cases, &[], mask)
    );
}

#[test]
fn flag_errors_chart_commands() {
    let s = sandbox();
    let cases = vec![
        case(&["template", "--nope"]),
        case(&["template", "charts/basic", "--show-only"]),
        case(&["template", "charts/basic", "--output-dir"]),
        case(&["template", "charts/basic", "--skip-crds=maybe"]),
        case(&["template", "charts/basic", "--include-crds=2"]),
        case(&["template", "a", "b", "c"]),
        case(&["template", "charts/basic", "--api-versions"]),
        case(&["template", "charts/basic", "-f"]),
        case(&["template", "charts/basic", "--set-file", "a=nope.txt"]),
        case(&["template", "charts/basic", "--set-json", "a={"]),
        case(&["template", "charts/basic", "--set-string", "a"]),
        case(&["template", "charts/basic", "--set", "a[x]=1"]),
        case(&["template", "charts/basic", "--name-template", "{{ .bad"]),
        case(&[
            "template",
            "charts/basic",
            "--show-only",
            "templates/nope.yaml",
        ]),
        case(&[
            "template",
            "charts/basic",
            "--generate-name",
            "--name-template",
            "x",
        ]),
        case(&["template", "charts/basic", "--burst-limit", "x"]),
        case(&["template", "charts/basic", "--qps", "1e"]),
        case(&["template", "charts/basic", "--wait=bogus"]),
        case(&["template", "charts/basic", "--hide-secret"]),
        case(&["lint", "charts/basic", "--strict=2"]),
        case(&["lint", "charts/basic", "--set"]),
        case(&["lint", "charts/basic", "--skip-schema-validation=x"]),
        case(&["package", "charts/basic", "--version"]),
        case(&["package", "charts/basic", "--version", "x.y"]),
        case(&["package", "charts/basic", "--app-version"]),
        case(&["package", "charts/basic", "-d"]),
        case(&["package", "charts/basic", "--nope"]),
        case(&["package", "charts/basic", "-u=maybe"]),
        case(&["create"]),
        case(&["create", "x", "--starter"]),
        case(&["create", "x", "--nope"]),
        case(&["show", "values", "charts/basic", "--jsonpath", "{.bad"]),
        case(&["show", "values", "charts/basic", "--jsonpath", "{.nope}"]),
        case(&["show", "chart", "a", "b"]),
        case(&["show", "values", "--nope"]),
        case(&["show", "readme"]),
        case(&["show", "crds", "charts/basic", "--devel=x"]),
        case(&["show", "nope", "charts/basic"]),
        case(&["dependency", "update", "a", "b"]),
        case(&["dependency", "build", "--nope"]),
        case(&["dependency", "list", "charts/basic", "--max-col-width", "x"]),
        case(&["dependency", "nope"]),
        case(&["version", "--template", "{{ .bad"]),
        case(&["version", "--short=maybe"]),
        case(&["version", "--template"]),
        case(&["completion", "bash", "--no-descriptions=x"]),
        case(&["env", "--nope"]),
    ];
    insta::assert_snapshot!(
        "flag_errors_chart_commands",
        same_as_helm_table_masked(&s, &cases, &[], mask)
    );
}

#[test]
fn flag_errors_release_commands() {
    let s = sandbox();
    let cases = vec![
        case(&["install"]),
        case(&["install", "a", "b", "c"]),
        case(&["install", "charts/basic"]),
        case(&["install", "--generate-name", "a", "b"]),
        case(&["install", "r", "charts/basic", "--timeout", "5"]),
        case(&["install", "r", "charts/basic", "--wait=bogus"]),
        case(&["install", "r", "charts/basic", "--dry-run=bogus"]),
        case(&["install", "r", "charts/basic", "--nope"]),
        case(&["install", "r", "charts/basic", "-f", "nope.yaml"]),
        case(&["install", "r", "charts/basic", "--set", "a"]),
        case(&["install", "r", "charts/basic", "--history-max", "3"]),
        case(&["install", "r", "charts/basic", "--create-namespace=x"]),
        case(&["install", "r", "charts/basic", "--labels", "a"]),
        case(&["install", "BAD_NAME", "charts/basic", "--dry-run=client"]),
        case(&["upgrade"]),
        case(&["upgrade", "r"]),
        case(&["upgrade", "r", "charts/basic", "c"]),
        case(&["upgrade", "r", "charts/basic", "--history-max", "x"]),
        case(&["upgrade", "r", "charts/basic", "--timeout", "1x"]),
        case(&["upgrade", "r", "charts/basic", "--install", "--nope"]),
        case(&["upgrade", "r", "charts/basic", "--reuse-values=maybe"]),
        case(&["upgrade", "r", "charts/basic", "--dry-run=bogus"]),
        case(&["rollback"]),
        case(&["rollback", "r", "notanumber"]),
        case(&["rollback", "r", "1", "2"]),
        case(&["rollback", "r", "--timeout", "x"]),
        case(&["rollback", "r", "--history-max", "x"]),
        case(&["rollback", "r", "--wait=bogus"]),
        case(&["uninstall"]),
        case(&["uninstall", "r", "--cascade", "bogus"]),
        case(&["uninstall", "r", "--timeout", "x"]),
        case(&["uninstall", "r", "--wait=bogus"]),
        case(&["uninstall", "r", "--keep-history=2"]),
        case(&["status"]),
        case(&["status", "a", "b"]),
        case(&["status", "r", "--revision", "x"]),
        case(&["status", "r", "-o", "bogus"]),
        case(&["status", "r", "-o"]),
        case(&["history"]),
        case(&["history", "r", "--max", "x"]),
        case(&["history", "r", "-o", "bogus"]),
        case(&["list", "x"]),
        case(&["list", "--max", "x"]),
        case(&["list", "--offset", "x"]),
        case(&["list", "-o", "bogus"]),
        case(&["list", "-a=maybe"]),
        case(&["list", "--filter"]),
        case(&["get", "all"]),
        case(&["get", "values", "a", "b"]),
        case(&["get", "values", "r", "--revision", "x"]),
        case(&["get", "values", "r", "-o", "bogus"]),
        case(&["get", "manifest", "r", "--nope"]),
        case(&["get", "notes"]),
        case(&["get", "hooks", "r", "--revision"]),
        case(&["get", "metadata", "r", "-o", "bogus"]),
        case(&["get", "nope"]),
        case(&["test"]),
        case(&["test", "r", "--timeout", "x"]),
        case(&["test", "r", "--logs=x"]),
        case(&["test", "a", "b"]),
    ];
    insta::assert_snapshot!(
        "flag_errors_release_commands",
        same_as_helm_table_masked(&s, &cases, &[], mask)
    );
}

/// An API server nothing listens on; port 1 refuses connections at once.
const UNREACHABLE: &str = "https://127.0.0.1:1";

#[test]
fn unreachable_cluster() {
    let s = sandbox();
    s.write("kubeconfig-garbage", "this: is: not: a kubeconfig\n");
    s.write(
        "kubeconfig-empty-context",
        "apiVersion: v1\nkind: Config\ncurrent-context: gone\n",
    );
    let mut cases = Vec::new();
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", "-A"],
        &["status", "r"],
        &["history", "r"],
        &["get", "all", "r"],
        &["get", "values", "r"],
        &["get", "manifest", "r"],
        &["get", "notes", "r"],
        &["get", "hooks", "r"],
        &["get", "metadata", "r"],
        &["install", "r", "charts/basic"],
        &["install", "r", "charts/basic", "--dry-run=server"],
        &["install", "r", "charts/basic", "--wait"],
        &["upgrade", "r", "charts/basic"],
        &["upgrade", "--install", "r", "charts/basic"],
        &["rollback", "r"],
        &["rollback", "r", "1"],
        &["uninstall", "r"],
        &["test", "r"],
        &["template", "charts/basic", "--validate"],
        &["template", "charts/basic", "--dry-run=server"],
    ];
    for args in commands {
        let mut with_server = args.to_vec();
        with_server.extend(["--kube-apiserver", UNREACHABLE]);
        cases.push(case(&with_server));
    }
    for args in [
        &["list"][..],
        &["status", "r"],
        &["install", "r", "charts/basic"],
    ] {
        let mut missing = args.to_vec();
        missing.extend(["--kubeconfig", "nope.yaml"]);
        cases.push(case(&missing));
        let mut garbage = args.to_vec();
        garbage.extend(["--kubeconfig", "kubeconfig-garbage"]);
        cases.push(case(&garbage));
        let mut context = args.to_vec();
        context.extend(["--kubeconfig", "kubeconfig-empty-context"]);
        cases.push(case(&context));
        let mut client_only = args.to_vec();
        client_only.extend(["--kubeconfig", "kubeconfig-garbage", "--dry-run=client"]);
        if args[0] == "install" {
            cases.push(case(&client_only));
        }
        let mut unknown_context = args.to_vec();
        unknown_context.extend(["--kube-apiserver", UNREACHABLE, "--kube-context", "nowhere"]);
        cases.push(case(&unknown_context));
    }
    // Offline commands do not contact the cluster even when one is configured.
    for args in [
        &["template", "charts/basic", "--kube-apiserver", UNREACHABLE][..],
        &[
            "install",
            "r",
            "charts/basic",
            "--dry-run=client",
            "--kube-apiserver",
            UNREACHABLE,
        ],
        &["lint", "charts/basic", "--kube-apiserver", UNREACHABLE],
    ] {
        cases.push(case(args));
    }
    insta::assert_snapshot!(
        "unreachable_cluster",
        same_as_helm_table_masked(&s, &cases, UNREACHABLE_KNOWN, mask)
    );
}

/// The release time a dry-run install prints (`LAST DEPLOYED: <now>`), the one line of these
/// outputs that depends on when the command ran.
fn mask(_: &Case, run: Run) -> Run {
    let mask_time = |text: String| -> String {
        text.split_inclusive('\n')
            .map(|line| {
                if line.starts_with("LAST DEPLOYED: ") {
                    "LAST DEPLOYED: [TIME]\n"
                } else {
                    line
                }
            })
            .collect()
    };
    Run {
        code: run.code,
        stdout: mask_time(run.stdout),
        stderr: mask_time(run.stderr),
    }
}

/// Groups of not implemented commands print their help without Helm's long text.
const PLACEHOLDER_KNOWN: &[Known] = &[
    Known {
        label: "plugin nope",
        reason: "placeholder command: no long text or flags yet",
    },
    Known {
        label: "search nope",
        reason: "placeholder command: no long text or flags yet",
    },
];

/// The cluster cases rudder does not answer as Helm yet: none.
const UNREACHABLE_KNOWN: &[Known] = &[];

/// The commands rudder does not implement yet: their argument rules are Helm's (same bytes),
/// and with valid arguments each says plainly that it is not supported, exit code 1.
#[test]
fn not_implemented_commands() {
    let s = sandbox();
    let argument_errors = vec![
        case(&["repo", "add"]),
        case(&["repo", "add", "a"]),
        case(&["repo", "remove"]),
        case(&["repo", "index"]),
        case(&["repo", "list", "x"]),
        case(&["registry", "login"]),
        case(&["registry", "logout"]),
        case(&["push"]),
        case(&["push", "a"]),
        case(&["pull"]),
        case(&["verify"]),
        case(&["plugin", "install"]),
        case(&["plugin", "package"]),
        case(&["plugin", "verify"]),
        case(&["plugin", "nope"]),
        case(&["search", "nope"]),
    ];
    let argument_text = same_as_helm_table_masked(&s, &argument_errors, PLACEHOLDER_KNOWN, mask);

    let mut text = String::new();
    for (command, args) in [
        (
            "repo add",
            &["repo", "add", "stable", "https://example.invalid"][..],
        ),
        ("repo list", &["repo", "list"]),
        ("repo update", &["repo", "update"]),
        ("repo index", &["repo", "index", "."]),
        ("repo remove", &["repo", "remove", "stable"]),
        ("search repo", &["search", "repo", "nginx"]),
        ("search hub", &["search", "hub", "nginx"]),
        ("pull", &["pull", "repo/chart"]),
        ("pull", &["fetch", "repo/chart"]),
        (
            "push",
            &["push", "chart.tgz", "oci://example.invalid/charts"],
        ),
        ("registry login", &["registry", "login", "example.invalid"]),
        (
            "registry logout",
            &["registry", "logout", "example.invalid"],
        ),
        ("plugin list", &["plugin", "list"]),
        ("plugin install", &["plugin", "install", "x"]),
        ("plugin uninstall", &["plugin", "uninstall", "x"]),
        ("plugin update", &["plugin", "update", "x"]),
        ("plugin package", &["plugin", "package", "x"]),
        ("plugin verify", &["plugin", "verify", "x"]),
        ("verify", &["verify", "chart.tgz"]),
    ] {
        let run = s.as_helm(args);
        assert_eq!(
            run,
            Run {
                code: 1,
                stdout: String::new(),
                stderr: format!("Error: \"helm {command}\" is not supported by rudder yet\n"),
            },
            "helm {}",
            args.join(" ")
        );
        let _ = write!(text, "=== helm {}\n{}", args.join(" "), run.render());
    }
    insta::assert_snapshot!("not_implemented_arguments", argument_text);
    insta::assert_snapshot!("not_implemented_runs", text);
}

/// Flags of implemented commands whose feature rudder does not have yet: a clear error, never
/// silently ignored (what Helm does instead needs a plugin, a repository or a signing key).
#[test]
fn unsupported_flags_are_refused() {
    let s = sandbox();
    let mut text = String::new();
    for args in [
        &["template", "charts/basic", "--verify"][..],
        &[
            "template",
            "charts/basic",
            "--repo",
            "https://example.invalid",
        ],
        &[
            "package",
            "charts/basic",
            "--sign",
            "--key",
            "k",
            "--keyring",
            "kr",
        ],
        &["show", "chart", "charts/basic", "--verify"],
    ] {
        let run = s.as_helm(args);
        assert_eq!(run.code, 1, "helm {}", args.join(" "));
        assert!(
            run.stderr.contains("not supported by rudder yet"),
            "helm {}: {}",
            args.join(" "),
            run.stderr
        );
        let _ = write!(text, "=== helm {}\n{}", args.join(" "), run.render());
    }
    insta::assert_snapshot!("unsupported_flags", text);
}
