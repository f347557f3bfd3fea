//! `rudder template` against the reference Helm: flags, output assembly, `--output-dir`, and
//! bad input (missing chart, broken `Chart.yaml`, template errors, invalid YAML, bad flags).
//! Every case asserts rudder's bytes equal Helm's, then pins them in a snapshot.

mod support;

use support::Sandbox;

fn check(name: &str, args: &[&str]) {
    let sandbox = Sandbox::with_charts();
    let run = sandbox.same_as_helm(args);
    insta::assert_snapshot!(name, run.render());
}

#[test]
fn help() {
    check("template_help", &["template", "--help"]);
}

#[test]
fn requires_a_chart() {
    check("template_no_args", &["template"]);
}

#[test]
fn default_render() {
    check("template_basic", &["template", "charts/basic"]);
}

#[test]
fn name_namespace_and_values() {
    let sandbox = Sandbox::with_charts();
    sandbox.write(
        "extra.yaml",
        "replicaCount: 3\nextra:\n  - name: FROM_FILE\n    value: \"yes\"\n",
    );
    let run = sandbox.same_as_helm(&[
        "template",
        "myrel",
        "charts/basic",
        "-n",
        "team",
        "-f",
        "extra.yaml",
        "--set",
        "image.tag=2.0,service.port=8080",
        "--set-string",
        "service.type=NodePort",
    ]);
    insta::assert_snapshot!("template_values", run.render());
}

#[test]
fn show_only() {
    check(
        "template_show_only",
        &[
            "template",
            "charts/basic",
            "-s",
            "templates/service.yaml",
            "--show-only=templates/tests/*",
        ],
    );
}

#[test]
fn show_only_missing_template() {
    check(
        "template_show_only_missing",
        &["template", "charts/basic", "-s", "templates/nope.yaml"],
    );
}

#[test]
fn include_crds_skip_tests_no_hooks() {
    check(
        "template_include_crds",
        &["template", "charts/basic", "--include-crds", "--skip-tests"],
    );
    check(
        "template_no_hooks",
        &["template", "charts/basic", "--no-hooks"],
    );
}

#[test]
fn capabilities_and_upgrade() {
    check(
        "template_capabilities",
        &[
            "template",
            "charts/basic",
            "--is-upgrade",
            "--kube-version",
            "1.29.3-gke.1",
            "-a",
            "example.com/v1,other.io/v2",
        ],
    );
}

#[test]
fn bad_kube_version() {
    check(
        "template_bad_kube_version",
        &["template", "charts/basic", "--kube-version", "x1"],
    );
}

#[test]
fn name_template_and_name_conflicts() {
    check(
        "template_name_template",
        &[
            "template",
            "charts/basic",
            "--name-template",
            "{{ \"abc\" | upper | lower }}-x",
            "-s",
            "templates/service.yaml",
        ],
    );
    check(
        "template_generate_name_with_name",
        &["template", "n", "charts/basic", "-g"],
    );
    check(
        "template_too_many_args",
        &["template", "n", "charts/basic", "extra"],
    );
    check(
        "template_invalid_release_name",
        &["template", "Bad_Name", "charts/basic"],
    );
}

#[test]
fn dry_run_values() {
    check(
        "template_dry_run_none",
        &["template", "charts/basic", "--dry-run=none"],
    );
    check(
        "template_dry_run_bogus",
        &["template", "charts/basic", "--dry-run=bogus"],
    );
    check(
        "template_dry_run_false",
        &["template", "charts/basic", "--dry-run=false"],
    );
    check(
        "template_validate_and_dry_run",
        &["template", "charts/basic", "--validate", "--dry-run=client"],
    );
    check(
        "template_force_conflicts",
        &["template", "charts/basic", "--force", "--force-conflicts"],
    );
}

#[test]
fn bare_dry_run_warns() {
    check(
        "template_bare_dry_run",
        &[
            "template",
            "charts/basic",
            "--dry-run",
            "-s",
            "templates/service.yaml",
        ],
    );
}

#[test]
fn output_dir() {
    let sandbox = Sandbox::with_charts();
    let (run, files) = sandbox.same_as_helm_with_files(
        &[
            "template",
            "charts/basic",
            "--output-dir",
            "out",
            "--include-crds",
        ],
        "out",
    );
    insta::assert_snapshot!("template_output_dir", run.render());
    insta::assert_debug_snapshot!("template_output_dir_files", files);
    let (run, files) = sandbox.same_as_helm_with_files(
        &[
            "template",
            "rel",
            "charts/basic",
            "--output-dir=out",
            "--release-name",
            "--skip-tests",
        ],
        "out",
    );
    insta::assert_snapshot!("template_output_dir_release_name", run.render());
    insta::assert_debug_snapshot!("template_output_dir_release_name_files", files);
}

#[test]
fn missing_chart() {
    check("template_missing_chart", &["template", "./charts/nope"]);
    check("template_not_a_reference", &["template", "nope"]);
    check("template_unknown_repo", &["template", "repo/nope"]);
}

#[test]
fn broken_chart_yaml() {
    check(
        "template_broken_chart_yaml",
        &["template", "charts/broken-chart-yaml"],
    );
}

#[test]
fn template_error() {
    check(
        "template_render_error",
        &["template", "charts/template-error"],
    );
    check(
        "template_render_error_debug",
        &["template", "charts/template-error", "--debug"],
    );
}

#[test]
fn invalid_yaml() {
    check("template_invalid_yaml", &["template", "charts/bad-yaml"]);
    // With --debug Helm prints every rendered file in Go's map order, which changes from run
    // to run: the lines are compared as sets; rudder prints the files in path order.
    let sandbox = Sandbox::with_charts();
    let args = ["template", "charts/bad-yaml", "--debug"];
    let ours = sandbox.as_helm(&args);
    if let Some(theirs) = sandbox.reference(&args) {
        assert_eq!((ours.code, &ours.stderr), (theirs.code, &theirs.stderr));
        let mut ours_lines: Vec<&str> = ours.stdout.lines().collect();
        let mut their_lines: Vec<&str> = theirs.stdout.lines().collect();
        ours_lines.sort_unstable();
        their_lines.sort_unstable();
        assert_eq!(ours_lines, their_lines);
    }
    insta::assert_snapshot!("template_invalid_yaml_debug", ours.render());
}

#[test]
fn library_and_missing_dependencies() {
    check("template_library", &["template", "charts/library"]);
    check(
        "template_missing_deps",
        &["template", "charts/missing-deps"],
    );
}

#[test]
fn deprecated_chart_warns() {
    check("template_deprecated", &["template", "charts/deprecated"]);
}

#[test]
fn bad_values_flags() {
    check(
        "template_bad_set",
        &["template", "charts/basic", "--set", "a[=1"],
    );
    check(
        "template_missing_values_file",
        &["template", "charts/basic", "-f", "nope.yaml"],
    );
    check(
        "template_bad_timeout",
        &["template", "charts/basic", "--timeout", "1"],
    );
    check(
        "template_bad_labels",
        &["template", "charts/basic", "--labels", "novalue"],
    );
}

#[test]
fn dependency_update_for_local_dependencies() {
    // Each tool gets its own copy: the command writes charts/ and Chart.lock into the chart.
    let args = ["template", "charts/dep-parent", "--dependency-update"];
    let ours = Sandbox::with_charts();
    let run = ours.as_helm(&args);
    let vendored = ours
        .work()
        .join("charts/dep-parent/charts/dep-sub-0.1.0.tgz");
    assert!(vendored.is_file(), "{}", run.render());
    assert!(ours.work().join("charts/dep-parent/Chart.lock").is_file());
    let theirs = Sandbox::with_charts();
    if let Some(reference) = theirs.reference(&args) {
        assert_eq!(run.render(), reference.render());
    }
    insta::assert_snapshot!("template_dependency_update", run.render());
    // Without the flag, the missing dependency is an error (Helm's text).
    check(
        "template_dependency_missing",
        &["template", "charts/dep-parent"],
    );
}

#[test]
fn loader_warnings_are_info_records() {
    // Go's `log` output goes through Helm's slog handler.
    let sandbox = Sandbox::with_charts();
    sandbox.write(
        "v2reqs/Chart.yaml",
        "apiVersion: v2\nname: v2reqs\nversion: 0.1.0\n",
    );
    sandbox.write("v2reqs/requirements.yaml", "dependencies: []\n");
    sandbox.write(
        "v2reqs/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
    );
    let run = sandbox.same_as_helm(&["template", "v2reqs"]);
    insta::assert_snapshot!("template_loader_warning", run.render());
}

#[test]
fn chart_api_v3_is_refused_as_helm_refuses_it() {
    let sandbox = Sandbox::with_charts();
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";
    let sub = "apiVersion: v3\nname: sub\nversion: 0.1.0\n";
    sandbox.write(
        "v3/Chart.yaml",
        "apiVersion: v3\nname: v3\nversion: 0.1.0\n",
    );
    sandbox.write("v3/templates/cm.yaml", cm);
    let listed = "dependencies:\n  - name: sub\n    version: 0.1.0\n";
    sandbox.write(
        "v3deps/Chart.yaml",
        &format!("apiVersion: v3\nname: v3deps\nversion: 0.1.0\n{listed}"),
    );
    sandbox.write("v3deps/charts/sub/Chart.yaml", sub);
    // A subchart Chart.yaml does not list: Helm's accessor hands over an unreadable entry.
    sandbox.write(
        "v3extra/Chart.yaml",
        "apiVersion: v3\nname: v3extra\nversion: 0.1.0\n",
    );
    sandbox.write("v3extra/charts/sub/Chart.yaml", sub);
    for (name, chart) in [
        ("template_v3", "v3"),
        ("template_v3_deps", "v3deps"),
        ("template_v3_extra_subchart", "v3extra"),
    ] {
        insta::assert_snapshot!(name, sandbox.same_as_helm(&["template", chart]).render());
    }
}

/// Helm v4.2.4 crashes (`index out of range`, exit 2) on a v3 chart whose Chart.yaml lists
/// more dependencies than charts/ holds; rudder gives the error Helm gives otherwise. Listed
/// in COMPATIBILITY.md.
#[test]
fn chart_api_v3_with_missing_dependencies_does_not_crash() {
    let sandbox = Sandbox::with_charts();
    sandbox.write(
        "v3missing/Chart.yaml",
        "apiVersion: v3\nname: v3missing\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 0.1.0\n",
    );
    if let Some(helm) = sandbox.reference(&["template", "v3missing"]) {
        assert_eq!(helm.code, 2, "Helm still crashes here: {}", helm.stderr);
        assert!(
            helm.stderr
                .starts_with("panic: runtime error: index out of range [0] with length 0")
        );
    }
    insta::assert_snapshot!(sandbox.as_helm(&["template", "v3missing"]).render(), @r"
    exit: 1
    --- stdout
    --- stderr
    Error: an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: unsupported chart dependency type
    ");
}
