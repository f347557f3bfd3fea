//! Interoperation with the reference Helm over every storage driver it shares with rudder:
//! Secret and `ConfigMap` on the local cluster (`RUDDER_TEST_KUBECONFIG`), SQL on PostgreSQL
//! (`RUDDER_TEST_PG_URL`).
//!
//! For each driver the reference Helm installs, upgrades and rolls back the example chart, and
//! keeps an uninstalled release; then `rudder` and `helm` run the same read commands (`list`
//! with its flags, `history`, `status`, every `get`) and must print the same bytes, errors
//! included. Then rudder writes releases through its driver API and Helm must read them with
//! the same output as rudder.
//!
//! Without the variables each test says so loudly and passes without running.

mod cluster;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rudder::action::Settings;
use rudder::kube::KubeOptions;
use rudder::release::Storage;

use cluster::{reference_helm, repo_root};

fn var(name: &str, what: &str) -> Option<String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            eprintln!(
                "\n*** SKIPPED: {name} is not set: this test needs {what} (tools/test.sh sets it) ***\n"
            );
            None
        }
    }
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", cluster::unique())
}

/// One driver's environment, shared by both tools.
struct Env {
    helm: PathBuf,
    home: tempdir::Dir,
    vars: Vec<(String, String)>,
    namespace: String,
}

mod tempdir {
    /// A temporary directory removed on drop.
    pub(crate) struct Dir(pub(crate) std::path::PathBuf);
    impl Dir {
        pub(crate) fn new(prefix: &str) -> Self {
            let path = std::env::temp_dir().join(super::unique(prefix));
            std::fs::create_dir_all(&path).unwrap();
            Self(path)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl Env {
    fn new(driver: &str, kubeconfig: &str, sql: Option<&str>) -> Self {
        let home = tempdir::Dir::new("rudder-interop-home");
        let h = home.0.display().to_string();
        let mut vars = vec![
            ("KUBECONFIG".to_owned(), kubeconfig.to_owned()),
            ("HELM_DRIVER".to_owned(), driver.to_owned()),
            ("HOME".to_owned(), h.clone()),
            ("HELM_CACHE_HOME".to_owned(), format!("{h}/cache")),
            ("HELM_CONFIG_HOME".to_owned(), format!("{h}/config")),
            ("HELM_DATA_HOME".to_owned(), format!("{h}/data")),
            ("TZ".to_owned(), "Europe/Berlin".to_owned()),
        ];
        if let Some(url) = sql {
            vars.push((
                "HELM_DRIVER_SQL_CONNECTION_STRING".to_owned(),
                url.to_owned(),
            ));
        }
        Self {
            helm: reference_helm(),
            home,
            vars,
            namespace: unique(&format!("interop-{driver}")),
        }
    }

    fn run(&self, program: &Path, args: &[&str]) -> Output {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        cmd.current_dir(&self.home.0);
        cmd.output().expect("run")
    }

    fn helm_ok(&self, args: &[&str]) {
        let out = self.run(&self.helm, args);
        assert!(
            out.status.success(),
            "helm {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Runs both tools with `args` and asserts the same exit status, stdout and stderr.
    fn same(&self, args: &[&str]) {
        let helm = self.run(&self.helm, args);
        let rudder = self.run(Path::new(env!("CARGO_BIN_EXE_rudder")), args);
        let show = |o: &Output| {
            format!(
                "status {:?}\n--- stdout\n{}--- stderr\n{}",
                o.status.code(),
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            )
        };
        assert_eq!(
            show(&rudder),
            show(&helm),
            "`{}` differs from the reference Helm",
            args.join(" ")
        );
    }

    fn settings(&self) -> Settings {
        let get = |k: &str| {
            self.vars
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        Settings {
            kube: KubeOptions {
                kubeconfig: Some(get("KUBECONFIG").into()),
                namespace: Some(self.namespace.clone()),
                ..KubeOptions::default()
            },
            driver: get("HELM_DRIVER"),
            sql_connection_string: get("HELM_DRIVER_SQL_CONNECTION_STRING"),
            memory_driver_data: String::new(),
        }
    }
}

fn chart() -> String {
    repo_root()
        .join("examples/charts/hello")
        .display()
        .to_string()
}

/// Every read command over the releases `hello` (three revisions, the last a rollback) and
/// `gone` (uninstalled, history kept), plus the errors.
fn compare_reads(env: &Env, hello: &str, gone: &str) {
    let ns = env.namespace.as_str();
    let filter = format!("^({hello}|{gone})$");
    let cases: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["ls", "-o", "json"],
        vec!["list", "-o", "yaml"],
        vec!["list", "-q"],
        vec!["list", "-q", "-o", "json"],
        vec!["list", "-q", "-o", "yaml"],
        vec!["list", "--no-headers"],
        vec!["list", "--superseded"],
        vec!["list", "--uninstalled", "--deployed"],
        vec!["list", "--failed"],
        vec!["list", "--pending"],
        vec!["list", "-d"],
        vec!["list", "-d", "-r"],
        vec!["list", "-r"],
        vec!["list", "-m", "1"],
        vec!["list", "-m", "1", "--offset", "1"],
        vec!["list", "--offset", "5"],
        vec!["list", "--filter", "^hel"],
        vec!["list", "--filter", "("],
        vec!["list", "-l", "team=blue"],
        vec!["list", "-l", "status=superseded", "--superseded"],
        vec!["list", "-l", "a b"],
        vec!["list", "--time-format", "2006-01-02T15:04:05.000Z07:00"],
        vec!["list", "-A", "--filter", &filter],
        vec!["history", hello],
        vec!["hist", hello, "-o", "json"],
        vec!["history", hello, "-o", "yaml"],
        vec!["history", hello, "--max", "2"],
        vec!["history", hello, "--max", "0"],
        vec!["history", "nope"],
        vec!["history", "Bad_Name"],
        vec!["status", gone],
        vec!["status", gone, "-o", "json"],
        vec!["status", gone, "-o", "yaml"],
        vec!["status", gone, "--revision", "1"],
        vec!["status", "nope"],
        vec!["status", hello, "--revision", "9"],
        vec!["get", "values", hello],
        vec!["get", "values", hello, "--revision", "2"],
        vec!["get", "values", hello, "-a"],
        vec!["get", "values", hello, "-a", "-o", "json"],
        vec!["get", "values", hello, "--revision", "2", "-o", "yaml"],
        vec!["get", "manifest", hello],
        vec!["get", "manifest", hello, "--revision", "2"],
        vec!["get", "notes", hello],
        vec!["get", "hooks", hello],
        vec!["get", "metadata", hello],
        vec!["get", "metadata", hello, "--revision", "2"],
        vec!["get", "metadata", hello, "-o", "json"],
        vec!["get", "metadata", hello, "-o", "yaml"],
        vec!["get", "all", hello],
        vec!["get", "all", hello, "--revision", "1"],
        vec!["get", "all", "nope"],
        vec!["get", "values", "Bad_Name"],
    ];
    for case in cases {
        let mut args = case.clone();
        args.extend(["-n", ns]);
        env.same(&args);
    }
}

fn install_with_helm(env: &Env, hello: &str, gone: &str) {
    let ns = env.namespace.as_str();
    let chart = chart();
    env.helm_ok(&[
        "install",
        hello,
        &chart,
        "-n",
        ns,
        "--create-namespace",
        "--labels",
        "team=blue",
    ]);
    env.helm_ok(&[
        "upgrade",
        hello,
        &chart,
        "-n",
        ns,
        "--set",
        "message=Bonjour",
        "--set",
        "replicaCount=3",
    ]);
    env.helm_ok(&["rollback", hello, "1", "-n", ns]);
    env.helm_ok(&[
        "install",
        gone,
        &chart,
        "-n",
        ns,
        "--set",
        "service.port=8080",
    ]);
    env.helm_ok(&["uninstall", gone, "-n", ns, "--keep-history"]);
}

/// Rudder writes a copy of `hello`'s history under another name through its driver API; Helm
/// must read it exactly as rudder does.
async fn rudder_writes_helm_reads(env: &Env, hello: &str, copy: &str) {
    let cfg = rudder::action::Configuration::init(&env.settings(), false)
        .await
        .expect("configuration");
    let storage: &Storage = &cfg.storage;
    let mut history = storage.history(hello).await.expect("history");
    history.sort_by_key(|r| r.version);
    for mut release in history {
        release.name = copy.to_owned();
        release.labels = [("copied".to_owned(), "yes".to_owned())].into();
        storage.create(&release).await.expect("create");
    }
    let ns = env.namespace.as_str();
    for case in [
        vec!["list", "--filter", copy],
        vec!["list", "--superseded", "-o", "json"],
        vec!["history", copy],
        vec!["history", copy, "-o", "yaml"],
        vec!["get", "all", copy],
        vec!["get", "values", copy, "-a", "-o", "json"],
        vec!["get", "metadata", copy, "-o", "json"],
        vec!["get", "manifest", copy, "--revision", "2"],
        // Not `status`: these copies name live objects, which Helm lists under RESOURCES and
        // rudder does not read yet (COMPATIBILITY.md).
    ] {
        let mut args = case.clone();
        args.extend(["-n", ns]);
        env.same(&args);
    }
}

async fn interop(driver: &str) {
    let Some(kubeconfig) = var("RUDDER_TEST_KUBECONFIG", "a cluster") else {
        return;
    };
    let sql = if driver == "sql" {
        let Some(url) = var("RUDDER_TEST_PG_URL", "PostgreSQL") else {
            return;
        };
        Some(fresh_database(&url).await)
    } else {
        None
    };
    let env = Env::new(driver, &kubeconfig, sql.as_deref());
    let hello = unique(&format!("hello-{driver}"));
    let gone = unique(&format!("gone-{driver}"));
    install_with_helm(&env, &hello, &gone);
    compare_reads(&env, &hello, &gone);
    rudder_writes_helm_reads(&env, &hello, &unique(&format!("copy-{driver}"))).await;
    let _ = env.run(&env.helm, &["uninstall", &hello, "-n", &env.namespace]);
}

async fn fresh_database(url: &str) -> String {
    let name = unique("interop").replace('-', "_");
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("connect to the test server");
    tokio::spawn(conn);
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    format!("{base}/{name}?{query}")
}

#[tokio::test(flavor = "multi_thread")]
async fn secret_driver_interoperates_with_helm() {
    interop("secret").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn configmap_driver_interoperates_with_helm() {
    interop("configmap").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sql_driver_interoperates_with_helm() {
    interop("sql").await;
}
