//! `rudder lint` against the reference Helm: every rule family, the flags, several charts,
//! archives, the summary line and the exit status.

mod support;

use support::Sandbox;

fn check(sandbox: &Sandbox, name: &str, args: &[&str]) {
    let run = sandbox.same_as_helm(args);
    insta::assert_snapshot!(name, run.render());
}

/// A sandbox with the fixtures and charts that trip each rule.
fn sandbox() -> Sandbox {
    let s = Sandbox::with_charts();
    // Chart.yaml: types, unknown fields, maintainers, sources, icon, SemVer.
    s.write(
        "lint/badmeta/Chart.yaml",
        "apiVersion: v1\nname: badmeta\nversion: 1.0\nfoo: bar\nappVersion: 1.2\ntype: application\n\
         maintainers:\n- name: x\n  email: notanemail\n- name: y\n  url: \"::bad\"\nsources: [\"\", \"http://x\"]\n\
         icon: foo\ndependencies:\n- name: d\n  version: 1.0.0\n",
    );
    s.write(
        "lint/maint/Chart.yaml",
        "apiVersion: v2\nname: maint\nversion: 0.1.0\nicon: https://example.com/i.png\n\
         maintainers:\n- name: a\n  email: a@example.com\n  url: example.com/a\n- name: b\n  url: \"http//x\"\n",
    );
    s.write("lint/maint/templates/.keep", "");
    s.write(
        "lint/noname/Chart.yaml",
        "version: 0.0.0-0\nname: a/b\nmaintainers:\n- null\n",
    );
    s.write("lint/unparsable/Chart.yaml", "name: [\n");
    // Values and schema.
    s.write(
        "lint/schema/Chart.yaml",
        "apiVersion: v2\nname: schema\nversion: 0.1.0\n",
    );
    s.write("lint/schema/values.yaml", "replicas: two\n");
    s.write(
        "lint/schema/values.schema.json",
        r#"{"type":"object","properties":{"replicas":{"type":"integer"}},"required":["replicas","image"]}"#,
    );
    s.write(
        "lint/schema/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n",
    );
    s.write(
        "lint/badvalues/Chart.yaml",
        "apiVersion: v2\nname: badvalues\nversion: 0.1.0\n",
    );
    s.write("lint/badvalues/values.yaml", "a: [\n");
    s.write("lint/badvalues/templates/x.yaml", "");
    // Templates: names, selectors, deprecated APIs, lists, indentation, extensions, YAML.
    s.write(
        "lint/tpl/Chart.yaml",
        "apiVersion: v2\nname: tpl\nversion: 0.1.0\nicon: http://x/i.png\n",
    );
    s.write("lint/tpl/values.yaml", "name: Bad_Name\n");
    s.write(
        "lint/tpl/templates/objects.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n---\n\
         apiVersion: v1\nkind: Service\nmetadata:\n  name: 1svc\n---\n\
         apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: ing\n---\n\
         apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: psp\n---\n\
         apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a.b\n---\n\
         apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: a/b%\n---\n\
         apiVersion: v1\nkind: List\nitems:\n- metadata:\n    annotations:\n      helm.sh/resource-policy: keep\n",
    );
    s.write("lint/tpl/templates/indent.yaml", "\n   kind: ConfigMap\n");
    s.write("lint/tpl/templates/notes.json", "{}\n");
    s.write(
        "lint/tpl/templates/_helpers.tpl",
        "{{ define \"x\" }}{{ end }}\n",
    );
    s.write(
        "lint/tpl/templates/required.yaml",
        "{{ fail \"boom\" }}{{ required \"need y\" .Values.nope }}\n",
    );
    s.write(
        "lint/brokenyaml/Chart.yaml",
        "apiVersion: v2\nname: brokenyaml\nversion: 0.1.0\n",
    );
    s.write(
        "lint/brokenyaml/templates/a.yaml",
        "kind: ConfigMap\nmetadata:\n  name: a\n--- bad\nkind: X\n",
    );
    s.write("lint/brokenyaml/templates/b.yaml", "kind: [1]\n");
    s.write(
        "lint/renderfail/Chart.yaml",
        "apiVersion: v2\nname: renderfail\nversion: 0.1.0\n",
    );
    s.write("lint/renderfail/templates/a.yaml", "{{ .Values.x.y.z }}\n");
    s.write(
        "lint/parsefail/Chart.yaml",
        "apiVersion: v2\nname: parsefail\nversion: 0.1.0\n",
    );
    s.write("lint/parsefail/templates/a.yaml", "{{ if }}\n");
    s.write(
        "lint/notdir/Chart.yaml",
        "apiVersion: v2\nname: notdir\nversion: 0.1.0\n",
    );
    s.write("lint/notdir/templates", "x");
    s.write("lint/notdir/crds", "x");
    // Dependencies and CRDs.
    s.write(
        "lint/deps/Chart.yaml",
        "apiVersion: v2\nname: deps\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 0.1.0\n\
         - name: gone\n  version: 1.0.0\n- name: other\n  alias: sub\n  version: 1.0.0\n",
    );
    s.write("lint/deps/templates/.keep", "");
    s.write(
        "lint/deps/charts/sub/Chart.yaml",
        "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
    );
    s.write(
        "lint/deps/charts/sub/templates/cm.yaml",
        "kind: ConfigMap\nmetadata:\n  name: Sub\n",
    );
    s.write(
        "lint/deps/charts/extra/Chart.yaml",
        "apiVersion: v2\nname: extra\nversion: 0.1.0\n",
    );
    s.write(
        "lint/deps2/Chart.yaml",
        "apiVersion: v2\nname: deps2\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 0.1.0\n\
         - name: gone\n  version: 1.0.0\n- name: gone\n  alias: again\n  version: 1.0.0\n",
    );
    s.write("lint/deps2/templates/.keep", "");
    s.write(
        "lint/deps2/charts/sub/Chart.yaml",
        "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
    );
    s.write(
        "lint/deps2/charts/extra/Chart.yaml",
        "apiVersion: v2\nname: extra\nversion: 0.1.0\n",
    );
    s.write(
        "lint/crds/Chart.yaml",
        "apiVersion: v2\nname: crds\nversion: 0.1.0\n",
    );
    s.write("lint/crds/templates/.keep", "");
    s.write(
        "lint/crds/crds/a.yaml",
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: a\n---\n\
         apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n",
    );
    s.write("lint/crds/crds/b.yaml", "{{ template }}\n");
    s
}

#[test]
fn chart_yaml_rules() {
    let s = sandbox();
    check(&s, "lint_bad_metadata", &["lint", "lint/badmeta"]);
    check(&s, "lint_maintainer_urls", &["lint", "lint/maint"]);
    check(&s, "lint_no_name", &["lint", "lint/noname"]);
    check(
        &s,
        "lint_unparsable_chart_yaml",
        &["lint", "lint/unparsable"],
    );
    check(
        &s,
        "lint_broken_chart_yaml",
        &["lint", "charts/broken-chart-yaml"],
    );
}

#[test]
fn values_rules() {
    let s = sandbox();
    check(&s, "lint_schema", &["lint", "lint/schema"]);
    check(
        &s,
        "lint_schema_set",
        &["lint", "lint/schema", "--set", "replicas=2,image=x"],
    );
    check(
        &s,
        "lint_schema_skipped",
        &["lint", "lint/schema", "--skip-schema-validation"],
    );
    check(&s, "lint_bad_values", &["lint", "lint/badvalues"]);
}

#[test]
fn template_rules() {
    let s = sandbox();
    check(&s, "lint_templates", &["lint", "lint/tpl"]);
    check(
        &s,
        "lint_templates_old_kube",
        &["lint", "lint/tpl", "--kube-version", "1.20"],
    );
    check(
        &s,
        "lint_templates_debug",
        &["lint", "lint/tpl", "--debug", "--namespace", "ns1"],
    );
    check(&s, "lint_broken_yaml", &["lint", "lint/brokenyaml"]);
    check(&s, "lint_render_failure", &["lint", "lint/renderfail"]);
    check(&s, "lint_parse_failure", &["lint", "lint/parsefail"]);
    check(&s, "lint_not_directories", &["lint", "lint/notdir"]);
    check(
        &s,
        "lint_fixture_template_error",
        &["lint", "charts/template-error"],
    );
    check(&s, "lint_fixture_bad_yaml", &["lint", "charts/bad-yaml"]);
    check(
        &s,
        "lint_fixture_deprecated",
        &["lint", "charts/deprecated"],
    );
    check(&s, "lint_fixture_library", &["lint", "charts/library"]);
}

#[test]
fn dependency_and_crd_rules() {
    let s = sandbox();
    check(&s, "lint_dependencies", &["lint", "lint/deps"]);
    check(
        &s,
        "lint_with_subcharts",
        &["lint", "lint/deps", "--with-subcharts"],
    );
    check(&s, "lint_dependencies_missing", &["lint", "lint/deps2"]);
    check(
        &s,
        "lint_dependencies_missing_subcharts",
        &["lint", "lint/deps2", "--with-subcharts", "--quiet"],
    );
    check(&s, "lint_crds", &["lint", "lint/crds"]);
    check(
        &s,
        "lint_fixture_missing_deps",
        &["lint", "charts/missing-deps"],
    );
}

#[test]
fn flags_and_several_charts() {
    let s = sandbox();
    check(&s, "lint_basic", &["lint", "charts/basic"]);
    check(&s, "lint_basic_quiet", &["lint", "charts/basic", "--quiet"]);
    check(
        &s,
        "lint_several",
        &["lint", "charts/basic", "lint/maint", "lint/schema"],
    );
    check(
        &s,
        "lint_several_quiet",
        &["lint", "--quiet", "charts/basic", "lint/maint"],
    );
    check(&s, "lint_strict", &["lint", "--strict", "lint/maint"]);
    check(
        &s,
        "lint_strict_quiet",
        &["lint", "--strict", "--quiet", "charts/basic", "lint/crds"],
    );
    check(
        &s,
        "lint_bad_kube_version",
        &["lint", "charts/basic", "--kube-version", "x.y"],
    );
    check(
        &s,
        "lint_bad_set",
        &["lint", "charts/basic", "--set", "a[=1"],
    );
    check(&s, "lint_no_args", &["lint"]);
    check(&s, "lint_bad_flag", &["lint", "--nope", "charts/basic"]);
    check(&s, "lint_missing", &["lint", "nope"]);
    check(&s, "lint_help", &["lint", "--help"]);
}

#[test]
fn archives() {
    let s = sandbox();
    let packaged = s.reference(&["package", "charts/basic", "-d", "pkg"]);
    if packaged.is_none() {
        return;
    }
    check(&s, "lint_archive", &["lint", "pkg/basic-0.1.0.tgz"]);
    s.write("pkg/notgz.tgz", "not an archive");
    check(&s, "lint_bad_archive", &["lint", "pkg/notgz.tgz"]);
    check(&s, "lint_missing_archive", &["lint", "pkg/nope.tgz"]);
}
