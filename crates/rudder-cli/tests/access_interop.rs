//! Cluster access flags end to end on the local cluster (`RUDDER_TEST_KUBECONFIG`), tool by
//! tool against the reference Helm: `--kube-context`, `--kubeconfig`, `KUBECONFIG` with several
//! files, `--kube-apiserver`, `--kube-token` (a `ServiceAccount`'s token), `--kube-as-user` and
//! `--kube-as-group` (impersonation), `--kube-ca-file`, `--kube-insecure-skip-tls-verify`,
//! `--kube-tls-server-name`, an exec credential plugin, `-n`, the `HELM_KUBE*` variables, and
//! in-cluster configuration (a Pod's service account files and `KUBERNETES_SERVICE_*`).
//!
//! Setup (as the cluster admin): two namespaces, a `ServiceAccount` with a long-lived token
//! Secret, a Role that reads Secrets in the first namespace only, bound to the
//! `ServiceAccount`, to the user `alice` and to the group `devs`; a release installed by the
//! reference Helm. Each case runs `list`, `status` or `install` with both tools; exit status,
//! stdout and stderr must be the same, allowed and denied calls alike (RBAC's error text), and
//! connection failures (wrong CA, wrong server name, bad token, missing files) in client-go's
//! words.
//!
//! Without the variable the test says so loudly and passes without running.

mod cluster;

use std::path::Path;

use cluster::{Env, mask_output};
use rudder::kube::{Applier, Discovery};
use serde_json::{Value as Json, json};

const CHART: &[(&str, &str)] = &[
    ("Chart.yaml", "apiVersion: v2\nname: acc\nversion: 0.1.0\n"),
    (
        "templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  a: \"1\"\n",
    ),
];

/// The admin kubeconfig as JSON.
fn kubeconfig_json(path: &str) -> Json {
    let text = std::fs::read(path).unwrap();
    let json = rudder::yaml::sigs::yaml_to_json(&text).unwrap();
    serde_json::from_str(&json).unwrap()
}

/// The admin kubeconfig, its first cluster's server URL and CA certificate (PEM).
fn admin_config(path: &str) -> (Json, String, Vec<u8>) {
    let config = kubeconfig_json(path);
    let cluster = &config["clusters"][0]["cluster"];
    let server = cluster["server"].as_str().unwrap().to_owned();
    let ca_data = cluster["certificate-authority-data"].as_str().unwrap();
    let ca = rudder::release::codec::base64_decode(ca_data.as_bytes()).unwrap();
    (config, server, ca)
}

fn write_json(path: &Path, v: &Json) {
    std::fs::write(path, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

/// Waits for the token controller to fill the Secret's token.
fn service_account_token(env: &Env, namespace: &str) -> String {
    env.runtime.block_on(async {
        let client = env.client(namespace).await;
        let discovery = Discovery::run(&client).await.unwrap();
        let doc = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: deployer-token\n";
        let secret = rudder::kube::resource::build(doc, &discovery, namespace)
            .unwrap()
            .remove(0);
        let applier = Applier::new(client);
        for _ in 0..300 {
            if let Some(live) = applier.get(&secret).await.unwrap()
                && let Some(token) = live.pointer("/data/token").and_then(Json::as_str)
            {
                let bytes = rudder::release::codec::base64_decode(token.as_bytes()).unwrap();
                return String::from_utf8(bytes).unwrap();
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the token controller did not fill deployer-token");
    })
}

/// A `ServiceAccount` `deployer` with a long-lived token Secret, and a Role that reads Secrets
/// in `namespace` bound to it, to the user `alice` and to the group `devs`.
fn rbac_objects(ns_a: &str) -> Vec<Json> {
    vec![
        json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "deployer"}}),
        json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
               "metadata": {"name": "deployer-token", "annotations": {"kubernetes.io/service-account.name": "deployer"}}}),
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "secrets-reader"},
               "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch"]}]}),
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "secrets-readers"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "secrets-reader"},
        "subjects": [
            {"kind": "ServiceAccount", "name": "deployer", "namespace": ns_a},
            {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice"},
            {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "devs"},
        ]}),
    ]
}

/// Installs `release` with the reference Helm into `namespace`, creating it.
fn install(env: &Env, namespace: &str, release: &str) {
    let setup = env.run(
        "helm",
        namespace,
        &["install", release, &env.chart_arg(), "--create-namespace"],
    );
    assert!(setup.starts_with("status Some(0)"), "{setup}");
}

/// [`install`], then [`rbac_objects`] in `namespace`: the `ServiceAccount`'s token.
fn install_with_deployer(env: &Env, namespace: &str, release: &str) -> String {
    install(env, namespace, release);
    for object in &rbac_objects(namespace) {
        env.kubectl_apply(namespace, "access-test", object);
    }
    service_account_token(env, namespace)
}

/// One case: `KUBECONFIG`, extra environment, arguments.
struct Case<'a> {
    kubeconfig: &'a str,
    env: Vec<(&'a str, &'a str)>,
    args: Vec<&'a str>,
}

fn run(env: &Env, tool: &str, case: &Case<'_>, masks: &[(&str, &str)]) -> String {
    let mut command = env.command(tool);
    command.env("KUBECONFIG", case.kubeconfig);
    for (k, v) in &case.env {
        command.env(k, v);
    }
    let out = command.args(&case.args).output().unwrap();
    let mut text = format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for (from, to) in masks {
        text = text.replace(from, to);
    }
    cluster::mask_ages(&mask_output(&text, "\u{0}"))
}

#[test]
#[expect(clippy::too_many_lines, reason = "one table of cases")]
fn access_flags_as_helm() {
    let Some(env) = Env::new("acc", CHART) else {
        return;
    };
    let pid = std::process::id();
    let ns_a = format!("acc-a-{pid}");
    let ns_b = format!("acc-b-{pid}");
    let home = env.home.path();
    let admin = env.kubeconfig.clone();

    // Namespaces, the release, RBAC.
    install(&env, &ns_b, "other");
    let token = install_with_deployer(&env, &ns_a, "acc");

    // Files: the CA, a kubeconfig without user or CA, two halves of a kubeconfig for
    // `KUBECONFIG`, an exec plugin and its kubeconfig.
    let (config, server, ca_pem) = admin_config(&admin);
    let ca = home.join("ca.crt");
    std::fs::write(&ca, ca_pem).unwrap();
    let ca = ca.to_str().unwrap().to_owned();
    let not_pem = home.join("not-pem.crt");
    std::fs::write(&not_pem, "not a certificate\n").unwrap();
    let not_pem = not_pem.to_str().unwrap().to_owned();

    let no_user = home.join("no-user.yaml");
    write_json(
        &no_user,
        &json!({"apiVersion": "v1", "kind": "Config",
            "clusters": [{"name": "plain", "cluster": {"server": server}}],
            "contexts": [{"name": "plain", "context": {"cluster": "plain"}}],
            "current-context": "plain"}),
    );
    let first = home.join("first.yaml");
    let mut clusters = config["clusters"].as_array().unwrap().clone();
    clusters.push(json!({"name": "dead", "cluster": {"server": "https://127.0.0.1:1", "insecure-skip-tls-verify": true}}));
    write_json(
        &first,
        &json!({"apiVersion": "v1", "kind": "Config", "clusters": clusters, "users": config["users"]}),
    );
    let cluster_name = config["clusters"][0]["name"].as_str().unwrap();
    let user_name = config["users"][0]["name"].as_str().unwrap();
    let second = home.join("second.yaml");
    write_json(
        &second,
        &json!({"apiVersion": "v1", "kind": "Config",
            "contexts": [
                {"name": "good", "context": {"cluster": cluster_name, "user": user_name, "namespace": ns_a}},
                {"name": "bad", "context": {"cluster": "dead", "user": user_name}},
            ],
            "current-context": "bad"}),
    );
    let split = format!("{}:{}", first.display(), second.display());
    let token_file = home.join("token");
    std::fs::write(&token_file, &token).unwrap();
    let plugin = home.join("credential.sh");
    std::fs::write(
        &plugin,
        format!(
            "#!/bin/sh\nprintf '{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"%s\"}}}}\\n' \"$(cat {})\"\n",
            token_file.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let exec = home.join("exec.yaml");
    write_json(
        &exec,
        &json!({"apiVersion": "v1", "kind": "Config",
            "clusters": [{"name": "plain", "cluster": {"server": server}}],
            "users": [{"name": "plugin", "user": {"exec": {
                "apiVersion": "client.authentication.k8s.io/v1",
                "command": plugin.to_str().unwrap(),
                "interactiveMode": "Never"}}}],
            "contexts": [{"name": "plugin", "context": {"cluster": "plain", "user": "plugin", "namespace": ns_a}}],
            "current-context": "plugin"}),
    );
    let no_user = no_user.to_str().unwrap().to_owned();
    let exec = exec.to_str().unwrap().to_owned();
    let missing = home.join("missing.yaml").to_str().unwrap().to_owned();
    let missing_ca = home.join("missing.crt").to_str().unwrap().to_owned();
    let port = server.rsplit_once(':').unwrap().1.to_owned();
    let localhost = format!("https://localhost:{port}");
    let chart = env.chart_arg();

    let a = ns_a.as_str();
    let b = ns_b.as_str();
    let t = token.as_str();
    let cases: Vec<Case<'_>> = vec![
        // -n, and the admin's own kubeconfig through --kubeconfig.
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec!["list", "-n", a],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec!["status", "acc", "-n", a],
        },
        Case {
            kubeconfig: &missing,
            env: vec![],
            args: vec!["list", "-n", a, "--kubeconfig", &admin],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec!["list", "--kubeconfig", &missing],
        },
        Case {
            kubeconfig: &admin,
            env: vec![("HELM_NAMESPACE", a)],
            args: vec!["list"],
        },
        // KUBECONFIG with two files: the current context's server is dead.
        Case {
            kubeconfig: &split,
            env: vec![],
            args: vec!["list"],
        },
        Case {
            kubeconfig: &split,
            env: vec![],
            args: vec!["list", "--kube-context", "good"],
        },
        Case {
            kubeconfig: &split,
            env: vec![("HELM_KUBECONTEXT", "good")],
            args: vec!["list"],
        },
        Case {
            kubeconfig: &split,
            env: vec![],
            args: vec!["list", "--kube-context", "nope"],
        },
        Case {
            kubeconfig: &split,
            env: vec![],
            args: vec!["list", "-n", a, "--kube-apiserver", &server],
        },
        Case {
            kubeconfig: &split,
            env: vec![("HELM_KUBEAPISERVER", &server)],
            args: vec!["list", "-n", b],
        },
        // A ServiceAccount's token: allowed in a, denied in b, denied to write.
        Case {
            kubeconfig: &no_user,
            env: vec![],
            args: vec!["list", "-n", a, "--kube-token", t, "--kube-ca-file", &ca],
        },
        Case {
            kubeconfig: &no_user,
            env: vec![],
            args: vec!["list", "-n", b, "--kube-token", t, "--kube-ca-file", &ca],
        },
        Case {
            kubeconfig: &no_user,
            env: vec![],
            args: vec![
                "status",
                "acc",
                "-n",
                a,
                "--kube-token",
                t,
                "--kube-ca-file",
                &ca,
            ],
        },
        Case {
            kubeconfig: &no_user,
            env: vec![],
            args: vec![
                "install",
                "denied",
                &chart,
                "-n",
                a,
                "--kube-token",
                t,
                "--kube-ca-file",
                &ca,
            ],
        },
        Case {
            kubeconfig: &no_user,
            env: vec![("HELM_KUBETOKEN", t), ("HELM_KUBECAFILE", &ca)],
            args: vec!["list", "-n", a],
        },
        Case {
            kubeconfig: &no_user,
            env: vec![],
            args: vec![
                "list",
                "-n",
                a,
                "--kube-token",
                "not-a-token",
                "--kube-ca-file",
                &ca,
            ],
        },
        // TLS: no CA, insecure, CA files that are missing or not PEM, server names.
        Case {
            kubeconfig: &no_user,
            env: vec![],
            args: vec!["list", "-n", a, "--kube-token", t],
        },
        Case {
            kubeconfig: &no_user,
            env: vec![],
            args: vec![
                "list",
                "-n",
                a,
                "--kube-token",
                t,
                "--kube-insecure-skip-tls-verify",
            ],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec!["list", "-n", a, "--kube-ca-file", &missing_ca],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec!["list", "-n", a, "--kube-ca-file", &not_pem],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec![
                "list",
                "-n",
                a,
                "--kube-tls-server-name",
                "kubernetes.default",
            ],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec!["list", "-n", a, "--kube-tls-server-name", "wrong.example"],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec!["list", "-n", a, "--kube-apiserver", &localhost],
        },
        // Impersonation. (`HELM_KUBEASGROUPS` items are not trimmed: Helm sends ` devs` for
        // `other, devs` over HTTP/2, a group nobody is bound to, where rudder's HTTP/1.1
        // header loses the space; COMPATIBILITY.md.)
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec!["list", "-n", a, "--kube-as-user", "alice"],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec!["list", "-n", b, "--kube-as-user", "alice"],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec![
                "list",
                "-n",
                a,
                "--kube-as-user",
                "bob",
                "--kube-as-group",
                "devs",
            ],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec![
                "list",
                "-n",
                b,
                "--kube-as-user",
                "bob",
                "--kube-as-group",
                "devs",
                "--kube-as-group",
                "other",
            ],
        },
        Case {
            kubeconfig: &admin,
            env: vec![
                ("HELM_KUBEASUSER", "bob"),
                ("HELM_KUBEASGROUPS", ", other,devs,"),
            ],
            args: vec!["list", "-n", a],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec!["status", "acc", "-n", a, "--kube-as-user", "alice"],
        },
        Case {
            kubeconfig: &admin,
            env: vec![],
            args: vec![
                "install",
                "denied",
                &chart,
                "-n",
                a,
                "--kube-as-user",
                "alice",
            ],
        },
        // An exec credential plugin.
        Case {
            kubeconfig: &exec,
            env: vec![],
            args: vec!["list", "--kube-ca-file", &ca],
        },
        Case {
            kubeconfig: &exec,
            env: vec![],
            args: vec!["list", "-n", b, "--kube-ca-file", &ca],
        },
    ];
    let home_text = home.to_str().unwrap().to_owned();
    let masks = [
        (token.as_str(), "<token>"),
        (home_text.as_str(), "HOME"),
        (ns_a.as_str(), "<ns-a>"),
        (ns_b.as_str(), "<ns-b>"),
        (port.as_str(), "<port>"),
    ];
    for case in &cases {
        let shown = format!(
            "KUBECONFIG={} {:?} {}",
            case.kubeconfig,
            case.env,
            case.args.join(" ")
        )
        .replace(&token, "<token>")
        .replace(&home_text, "HOME");
        let helm = run(&env, "helm", case, &masks);
        let rudder = run(&env, "rudder", case, &masks);
        cluster::assert_same(&shown, "output", &helm, &rudder);
    }

    let _ = env.run("helm", &ns_a, &["uninstall", "acc"]);
    let _ = env.run("helm", &ns_b, &["uninstall", "other"]);
}

/// The service account directory, extra environment and arguments of an in-cluster case.
type InClusterCase<'a> = (&'a Path, Vec<(&'a str, &'a str)>, Vec<&'a str>);

/// Runs `tool` as a Pod would: in a private mount namespace where a tmpfs over `/run` holds
/// `/var/run/secrets/kubernetes.io/serviceaccount/` (`token`, `ca.crt`, `namespace` copied
/// from `account`), with `KUBERNETES_SERVICE_HOST`/`_PORT` and no kubeconfig.
fn run_in_cluster(
    env: &Env,
    tool: &str,
    account: &Path,
    extra: &[(&str, &str)],
    args: &[&str],
) -> String {
    let base = env.command(tool);
    let mut command = std::process::Command::new("unshare");
    command.env_clear();
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            command.env(k, v);
        }
    }
    command.env_remove("KUBECONFIG");
    for (k, v) in extra {
        command.env(k, v);
    }
    let script = "mount -t tmpfs tmpfs /run && d=/run/secrets/kubernetes.io/serviceaccount && \
                  mkdir -p $d && cp -r \"$ACCOUNT\"/. $d/ && exec \"$@\"";
    command
        .env("ACCOUNT", account)
        .args([
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
        ])
        .arg(base.get_program())
        .args(args);
    let out = command.output().unwrap();
    cluster::mask_ages(&format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))
}

/// In-cluster configuration, as a Pod running Helm sees it: the `ServiceAccount`'s token, CA
/// and namespace files under `/var/run/secrets/kubernetes.io/serviceaccount/` and the
/// `KUBERNETES_SERVICE_*` variables (client-go's `rest.InClusterConfig`, kube-rs's
/// `Config::incluster`). The files are put there in a private mount namespace (`unshare`,
/// which needs root, as CI has), so the machine's own `/run` is never touched. The namespace
/// file is the default namespace; RBAC allows reading Secrets there only.
#[test]
fn in_cluster_configuration_as_helm() {
    let Some(env) = Env::new("incl", CHART) else {
        return;
    };
    let probe = std::process::Command::new("unshare")
        .args(["--mount", "--propagation", "private", "true"])
        .status();
    assert!(
        probe.is_ok_and(|s| s.success()),
        "this test needs `unshare --mount` (util-linux, run as root)"
    );
    let ns = format!("incl-{}", std::process::id());
    let token = install_with_deployer(&env, &ns, "incl");
    let (_, server, ca_pem) = admin_config(&env.kubeconfig);
    let (host, port) = server
        .trim_start_matches("https://")
        .rsplit_once(':')
        .map(|(h, p)| (h.to_owned(), p.to_owned()))
        .unwrap();

    let account = env.home.path().join("serviceaccount");
    std::fs::create_dir_all(&account).unwrap();
    std::fs::write(account.join("token"), &token).unwrap();
    std::fs::write(account.join("ca.crt"), ca_pem).unwrap();
    std::fs::write(account.join("namespace"), &ns).unwrap();
    let no_token = env.home.path().join("no-token");
    std::fs::create_dir_all(&no_token).unwrap();
    std::fs::write(no_token.join("namespace"), &ns).unwrap();

    let service = [
        ("KUBERNETES_SERVICE_HOST", host.as_str()),
        ("KUBERNETES_SERVICE_PORT", port.as_str()),
    ];
    let chart = env.chart_arg();
    let cases: Vec<InClusterCase<'_>> = vec![
        // The namespace file is the default namespace.
        (&account, service.to_vec(), vec!["list"]),
        (&account, service.to_vec(), vec!["status", "incl"]),
        (&account, service.to_vec(), vec!["list", "-n", "default"]),
        (
            &account,
            [&service[..], &[("POD_NAMESPACE", "default")]].concat(),
            vec!["list"],
        ),
        (
            &account,
            service.to_vec(),
            vec!["install", "denied", &chart],
        ),
        // `--kube-token` and `-n` override the Pod's own.
        (
            &account,
            service.to_vec(),
            vec!["list", "--kube-token", "not-a-token"],
        ),
        // No service variables: not in a cluster.
        (&account, vec![], vec!["list"]),
        // No token file.
        (&no_token, service.to_vec(), vec!["list"]),
    ];
    let masks = [(token.as_str(), "<token>"), (port.as_str(), "<port>")];
    for (dir, extra, args) in &cases {
        let shown = format!("{} {extra:?} {}", dir.display(), args.join(" "));
        let mut outputs = ["helm", "rudder"].map(|tool| {
            let mut text = run_in_cluster(&env, tool, dir, extra, args);
            for (from, to) in &masks {
                text = text.replace(from, to);
            }
            mask_output(&text, &ns)
        });
        let rudder = std::mem::take(&mut outputs[1]);
        cluster::assert_same(&shown, "output", &outputs[0], &rudder);
    }
    let _ = env.run("helm", &ns, &["uninstall", "incl"]);
}
