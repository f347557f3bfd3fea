//! The SQL driver against a real PostgreSQL server (`tools/postgres.sh up`; `tools/test.sh`
//! exports its URL as `RUDDER_TEST_PG_URL`). Each test works in a database of its own. Without
//! the variable every test says so loudly and passes without running.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rudder_release::gotime::Time;
use rudder_release::{Driver, Error, Info, Release, Status, Storage};
use rudder_storage_sql::Sql;

fn server_url() -> Option<String> {
    match std::env::var("RUDDER_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!(
                "\n*** SKIPPED: RUDDER_TEST_PG_URL is not set: this test needs PostgreSQL \
                 (tools/postgres.sh up; tools/test.sh sets it) ***\n"
            );
            None
        }
    }
}

/// `url` with its database replaced by `db`.
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    format!("{base}/{db}?{query}")
}

/// A fresh database on the test server; its URL.
async fn fresh_database(prefix: &str) -> Option<String> {
    let url = server_url()?;
    let name = format!(
        "{prefix}_{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            % 1_000_000_000_000
    );
    let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("connect to the test server");
    tokio::spawn(conn);
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    Some(with_database(&url, &name))
}

fn release(name: &str, namespace: &str, version: i64, status: Status) -> Release {
    Release {
        name: name.into(),
        namespace: namespace.into(),
        version,
        manifest: format!("# v{version}\n"),
        info: Some(Info {
            status,
            description: format!("revision {version}"),
            last_deployed: Time::from_unix_utc(1_700_000_000 + version, 0),
            ..Info::default()
        }),
        ..Release::default()
    }
}

fn repo_root() -> PathBuf {
    PathBuf::from(
        &std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .join("../..")
}

fn reference_helm() -> PathBuf {
    let out = std::process::Command::new(repo_root().join("tools/reference-helm.sh"))
        .output()
        .expect("tools/reference-helm.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

async fn schema(url: &str) -> Vec<String> {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let mut out = Vec::new();
    for row in client
        .query(
            "SELECT table_name, column_name, data_type, coalesce(character_maximum_length, 0), is_nullable, coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
            &[],
        )
        .await
        .unwrap()
    {
        let max: i32 = row.get(3);
        out.push(format!(
            "column {} {} {} {} {} {}",
            row.get::<_, String>(0),
            row.get::<_, String>(1),
            row.get::<_, String>(2),
            max,
            row.get::<_, String>(4),
            row.get::<_, String>(5)
        ));
    }
    for row in client
        .query(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
            &[],
        )
        .await
        .unwrap()
    {
        out.push(format!("index {}", row.get::<_, String>(0)));
    }
    for row in client
        .query(
            "SELECT relname, relrowsecurity FROM pg_class WHERE relname IN ('releases_v1', 'custom_labels_v1') ORDER BY relname",
            &[],
        )
        .await
        .unwrap()
    {
        out.push(format!(
            "rls {} {}",
            row.get::<_, String>(0),
            row.get::<_, bool>(1)
        ));
    }
    for row in client
        .query("SELECT id FROM gorp_migrations ORDER BY id", &[])
        .await
        .unwrap()
    {
        out.push(format!("migration {}", row.get::<_, String>(0)));
    }
    out
}

/// Helm's driver and ours create the same tables, indexes and migration records, and each
/// accepts a database the other set up.
#[tokio::test]
async fn migrations_match_helms() {
    let Some(ours) = fresh_database("rudder_mig").await else {
        return;
    };
    let theirs = fresh_database("helm_mig").await.unwrap();
    Sql::connect(&ours, "default").await.unwrap();
    // Helm sets up the database before it checks the cluster; the unreachable cluster only
    // makes its `list` fail afterwards.
    let out = std::process::Command::new(reference_helm())
        .args(["list", "--kube-apiserver", "https://127.0.0.1:1"])
        .env("HELM_DRIVER", "sql")
        .env("HELM_DRIVER_SQL_CONNECTION_STRING", &theirs)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("kubernetes cluster unreachable"),
        "helm got past the database: {stderr}"
    );
    let (a, b) = (schema(&ours).await, schema(&theirs).await);
    assert_eq!(a, b);
    assert!(a.iter().any(|l| l == "migration init"), "{a:?}");
    // Each tool accepts the other's database.
    Sql::connect(&theirs, "default").await.unwrap();
    let out = std::process::Command::new(reference_helm())
        .args(["list", "--kube-apiserver", "https://127.0.0.1:1"])
        .env("HELM_DRIVER", "sql")
        .env("HELM_DRIVER_SQL_CONNECTION_STRING", &ours)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("SQL"), "{stderr}");
    assert_eq!(schema(&ours).await, b);
}

#[tokio::test]
async fn round_trip() {
    let Some(url) = fresh_database("rudder_rt").await else {
        return;
    };
    let driver = Arc::new(Sql::connect(&url, "ns1").await.unwrap());
    let storage = Storage::new(driver.clone());
    let mut first = release("web", "ns1", 1, Status::Superseded);
    first.labels = BTreeMap::from([("team".to_owned(), "a".to_owned())]);
    storage.create(&first).await.unwrap();
    storage
        .create(&release("web", "ns1", 2, Status::Deployed))
        .await
        .unwrap();
    let got = storage.get("web", 1).await.unwrap();
    assert_eq!(got.labels, first.labels);
    assert_eq!(got.manifest, first.manifest);
    assert_eq!(storage.last("web").await.unwrap().version, 2);
    assert_eq!(storage.deployed("web").await.unwrap().version, 2);
    // List presents the system labels too; Query only the custom ones (Helm's SQL driver).
    let listed = driver.list().await.unwrap();
    let first_listed = listed
        .iter()
        .find(|r| r.key == "sh.helm.release.v1.web.v1")
        .unwrap();
    assert_eq!(first_listed.labels["owner"], "helm");
    assert_eq!(first_listed.labels["team"], "a");
    let queried = driver
        .query(&[("name".to_owned(), "web".to_owned())].into())
        .await
        .unwrap();
    let first_queried = queried
        .iter()
        .find(|r| r.key == "sh.helm.release.v1.web.v1")
        .unwrap();
    assert_eq!(
        first_queried.labels,
        BTreeMap::from([("team".to_owned(), "a".to_owned())])
    );
    assert_eq!(
        driver
            .query(&[("team".to_owned(), "a".to_owned())].into())
            .await
            .unwrap_err()
            .to_string(),
        "unknown label team"
    );
    storage
        .update(&release("web", "ns1", 2, Status::Superseded))
        .await
        .unwrap();
    assert!(matches!(
        storage.deployed("web").await.unwrap_err(),
        Error::NoDeployedReleases { .. }
    ));
    let mut pruned = storage.clone();
    pruned.max_history = 2;
    pruned
        .create(&release("web", "ns1", 3, Status::Deployed))
        .await
        .unwrap();
    let mut versions: Vec<i64> = storage
        .history("web")
        .await
        .unwrap()
        .iter()
        .map(|r| r.version)
        .collect();
    versions.sort_unstable();
    assert_eq!(versions, vec![2, 3]);
    assert_eq!(storage.delete("web", 2).await.unwrap().version, 2);
    assert!(storage.get("web", 2).await.unwrap_err().is_not_found());
    // Another namespace sees nothing.
    let other = Storage::new(Arc::new(Sql::connect(&url, "ns2").await.unwrap()));
    assert!(other.history("web").await.unwrap_err().is_not_found());
    // All namespaces.
    let all = Sql::connect(&url, "").await.unwrap();
    assert_eq!(all.list().await.unwrap().len(), 1);
}

#[tokio::test]
async fn two_writers_cannot_both_create() {
    let Some(url) = fresh_database("rudder_race").await else {
        return;
    };
    let a = Storage::new(Arc::new(Sql::connect(&url, "default").await.unwrap()));
    let b = Storage::new(Arc::new(Sql::connect(&url, "default").await.unwrap()));
    for round in 1..=5 {
        let ra = release("race", "default", round, Status::PendingInstall);
        let rb = release("race", "default", round, Status::PendingUpgrade);
        let (x, y) = tokio::join!(a.create(&ra), b.create(&rb));
        assert_eq!(
            usize::from(x.is_ok()) + usize::from(y.is_ok()),
            1,
            "round {round}: {x:?} {y:?}"
        );
        let loser = x.err().or(y.err()).unwrap();
        assert_eq!(
            loser.to_string(),
            "pq: duplicate key value violates unique constraint \"releases_v1_pkey\""
        );
    }
}

#[tokio::test]
async fn corrupt_record_is_reported_and_skipped() {
    let Some(url) = fresh_database("rudder_bad").await else {
        return;
    };
    let storage = Storage::new(Arc::new(Sql::connect(&url, "default").await.unwrap()));
    storage
        .create(&release("app", "default", 1, Status::Deployed))
        .await
        .unwrap();
    let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    client
        .execute(
            "INSERT INTO releases_v1 (key,type,body,name,namespace,version,status,owner,createdAt) VALUES ('sh.helm.release.v1.app.v2','helm.sh/release.v1','not base64!','app','default',2,'deployed','helm',0)",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        storage.get("app", 2).await.unwrap_err().to_string(),
        "illegal base64 data at input byte 3"
    );
    assert_eq!(storage.last("app").await.unwrap().version, 1);
    let listed =
        rudder_release::list::list(&storage, &rudder_release::list::ListOptions::default())
            .await
            .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].version, 1);
}

#[tokio::test]
async fn connection_failures_use_lib_pq_words() {
    if server_url().is_none() {
        return;
    }
    let err = Sql::connect("postgres://rudder@127.0.0.1:1/x?sslmode=disable", "default")
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "dial tcp 127.0.0.1:1: connect: connection refused"
    );
    let err = Sql::connect("mysql://x", "default").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing \"=\" after \"mysql://x\" in connection info string"
    );
    let err = Sql::connect("host=localhost foo", "default")
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing \"=\" after \"foo\" in connection info string"
    );
}
