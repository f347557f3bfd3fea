//! `rudder show` against the reference Helm.

mod support;

use support::Sandbox;

fn check(name: &str, args: &[&str]) {
    let sandbox = Sandbox::with_charts();
    let run = sandbox.same_as_helm(args);
    insta::assert_snapshot!(name, run.render());
}

#[test]
fn show_each_part() {
    for part in ["all", "chart", "values", "readme", "crds"] {
        check(&format!("show_{part}"), &["show", part, "charts/basic"]);
    }
}

#[test]
fn show_without_values_or_readme() {
    check("show_all_no_values", &["show", "all", "charts/no-values"]);
    check(
        "show_values_no_values",
        &["inspect", "values", "charts/no-values"],
    );
}

#[test]
fn show_help_and_errors() {
    check("show_help", &["show"]);
    check("show_values_help", &["show", "values", "--help"]);
    check("show_no_chart", &["show", "chart"]);
    check("show_missing_chart", &["show", "chart", "./nope"]);
    check(
        "show_broken_chart_yaml",
        &["show", "chart", "charts/broken-chart-yaml"],
    );
}
