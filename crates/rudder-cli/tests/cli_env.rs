//! `rudder env` against the reference Helm: every variable, defaults from `HOME`, the
//! `HELM_*_HOME` and `XDG_*` overrides, flags, one variable by name.

mod support;

use support::Sandbox;

#[test]
fn env_defaults() {
    let sandbox = Sandbox::new();
    insta::assert_snapshot!(sandbox.same_as_helm(&["env"]).render());
}

#[test]
fn env_with_overrides() {
    let mut sandbox = Sandbox::new();
    sandbox
        .env("HELM_CACHE_HOME", "/tmp/cache//x")
        .env("XDG_CONFIG_HOME", "/xdg/config")
        .env("HELM_NAMESPACE", "from-env")
        .env("HELM_KUBEASGROUPS", " a,b, ")
        .env("HELM_QPS", "2.5")
        .env("HELM_MAX_HISTORY", "7")
        .env("HELM_DEBUG", "T")
        .env("KUBECONFIG", "/no/such/kubeconfig");
    insta::assert_snapshot!(sandbox.same_as_helm(&["env"]).render());
}

#[test]
fn env_flags_and_repeated_array() {
    let sandbox = Sandbox::new();
    // Helm parses the global flags twice (once before cobra): a repeated stringArray doubles.
    let run = sandbox.same_as_helm(&[
        "env",
        "--kube-as-group",
        "a",
        "--kube-as-group=b",
        "-n",
        "flagged",
        "--burst-limit=0x10",
        "--qps",
        "1e3",
        "--kube-context",
        "ctx",
    ]);
    insta::assert_snapshot!(run.render());
}

#[test]
fn env_one_variable() {
    let sandbox = Sandbox::new();
    insta::assert_snapshot!(sandbox.same_as_helm(&["env", "HELM_NAMESPACE"]).render(), @r"
    exit: 0
    --- stdout
    default
    --- stderr
    ");
    insta::assert_snapshot!(sandbox.same_as_helm(&["env", "NOPE"]).render(), @r"
    exit: 0
    --- stdout

    --- stderr
    ");
}

#[test]
fn namespace_from_the_kubeconfig_context() {
    let mut sandbox = Sandbox::new();
    sandbox.write(
        "kubeconfig",
        "apiVersion: v1\nkind: Config\ncurrent-context: one\ncontexts:\n- name: one\n  context:\n    cluster: c\n    namespace: from-kubeconfig\n- name: two\n  context:\n    cluster: c\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\n",
    );
    let path = sandbox.work().join("kubeconfig");
    sandbox.env("KUBECONFIG", &path.to_string_lossy());
    insta::assert_snapshot!(sandbox.same_as_helm(&["env", "HELM_NAMESPACE"]).render(), @r"
    exit: 0
    --- stdout
    from-kubeconfig
    --- stderr
    ");
    insta::assert_snapshot!(sandbox.same_as_helm(&["env", "HELM_NAMESPACE", "--kube-context", "two"]).render(), @r"
    exit: 0
    --- stdout
    default
    --- stderr
    ");
}
