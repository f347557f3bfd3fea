//! The Secret and `ConfigMap` drivers against a real API server (the local cluster of
//! `tools/cluster.sh`; `tools/test.sh` exports its kubeconfig as `RUDDER_TEST_KUBECONFIG`).
//! Without that variable every test says so loudly and passes without running.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Secret};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::Api;
use kube::api::{DeleteParams, PostParams};
use rudder_kube::{KubeClient, KubeDriver, KubeOptions, ObjectKind};
use rudder_release::gotime::Time;
use rudder_release::{Driver, Error, Info, Release, Status, Storage};

fn kubeconfig() -> Option<String> {
    match std::env::var("RUDDER_TEST_KUBECONFIG") {
        Ok(path) if !path.is_empty() => Some(path),
        _ => {
            eprintln!(
                "\n*** SKIPPED: RUDDER_TEST_KUBECONFIG is not set: this test needs a cluster \
                 (tools/cluster.sh up; tools/test.sh sets it) ***\n"
            );
            None
        }
    }
}

/// A fresh namespace.
struct TestNamespace {
    client: KubeClient,
    name: String,
}

impl TestNamespace {
    async fn new(prefix: &str) -> Option<Self> {
        let path = kubeconfig()?;
        let options = KubeOptions {
            kubeconfig: Some(path.into()),
            ..KubeOptions::default()
        };
        let name = format!(
            "{prefix}-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
                % 1_000_000_000
        );
        let options = KubeOptions {
            namespace: Some(name.clone()),
            ..options
        };
        let client = options.connect().await.expect("connect");
        let api: Api<Namespace> = Api::all(client.client().clone());
        let ns = Namespace {
            metadata: ObjectMeta {
                name: Some(name.clone()),
                ..ObjectMeta::default()
            },
            ..Namespace::default()
        };
        api.create(&PostParams::default(), &ns)
            .await
            .expect("create namespace");
        Some(Self { client, name })
    }

    fn driver(&self, kind: ObjectKind) -> KubeDriver {
        match kind {
            ObjectKind::Secret => KubeDriver::secrets(self.client.clone(), Some(self.name.clone())),
            ObjectKind::ConfigMap => {
                KubeDriver::config_maps(self.client.clone(), Some(self.name.clone()))
            }
        }
    }
}

impl TestNamespace {
    /// Deletes the namespace (left behind when a test fails, for a look at it).
    async fn delete(self) {
        let api: Api<Namespace> = Api::all(self.client.client().clone());
        let _ = api.delete(&self.name, &DeleteParams::default()).await;
    }
}

fn release(name: &str, namespace: &str, version: i64, status: Status) -> Release {
    Release {
        name: name.into(),
        namespace: namespace.into(),
        version,
        manifest: format!("---\n# Source: x/templates/cm.yaml\nkind: ConfigMap\n# v{version}\n"),
        info: Some(Info {
            status,
            description: format!("revision {version}"),
            first_deployed: Time::from_unix_utc(1_700_000_000, 0),
            last_deployed: Time::from_unix_utc(1_700_000_000 + version, 5),
            ..Info::default()
        }),
        ..Release::default()
    }
}

async fn round_trip(kind: ObjectKind) {
    let Some(ns) = TestNamespace::new("rudder-drv").await else {
        return;
    };
    let driver = Arc::new(ns.driver(kind));
    let storage = Storage::new(driver.clone());
    let mut first = release("web", &ns.name, 1, Status::Superseded);
    first.labels = BTreeMap::from([("team".to_owned(), "a".to_owned())]);
    storage.create(&first).await.unwrap();
    storage
        .create(&release("web", &ns.name, 2, Status::Deployed))
        .await
        .unwrap();

    // The object is Helm's: name, type, labels.
    let key = "sh.helm.release.v1.web.v1";
    let client = ns.client.client().clone();
    let labels = match kind {
        ObjectKind::Secret => {
            let s = Api::<Secret>::namespaced(client, &ns.name)
                .get(key)
                .await
                .unwrap();
            assert_eq!(s.type_.as_deref(), Some("helm.sh/release.v1"));
            s.metadata.labels.unwrap()
        }
        ObjectKind::ConfigMap => Api::<ConfigMap>::namespaced(client, &ns.name)
            .get(key)
            .await
            .unwrap()
            .metadata
            .labels
            .unwrap(),
    };
    assert_eq!(labels["name"], "web");
    assert_eq!(labels["owner"], "helm");
    assert_eq!(labels["status"], "superseded");
    assert_eq!(labels["version"], "1");
    assert_eq!(labels["team"], "a");
    assert!(labels["createdAt"].parse::<i64>().unwrap() > 1_700_000_000);
    assert!(!labels.contains_key("modifiedAt"));

    // Get filters the system labels; Last (a query) hands out the raw ones, as in Helm.
    let got = storage.get("web", 1).await.unwrap();
    assert_eq!(got.version, 1);
    assert_eq!(got.labels, first.labels);
    assert_eq!(got.manifest, first.manifest);
    let last = storage.last("web").await.unwrap();
    assert_eq!(last.version, 2);
    assert_eq!(last.labels["owner"], "helm");
    assert_eq!(storage.deployed("web").await.unwrap().version, 2);

    // Update stamps modifiedAt and rewrites the status label.
    let mut second = release("web", &ns.name, 2, Status::Superseded);
    second.labels = BTreeMap::new();
    storage.update(&second).await.unwrap();
    let headers = driver
        .headers(&[("name".to_owned(), "web".to_owned())].into())
        .await
        .unwrap();
    let h2 = headers.iter().find(|h| h.version == Some(2)).unwrap();
    assert_eq!(h2.status, Status::Superseded);
    assert!(h2.labels.contains_key("modifiedAt"));
    assert!(matches!(
        storage.deployed("web").await.unwrap_err(),
        Error::NoDeployedReleases { .. }
    ));

    // History pruning keeps the newest revisions.
    let mut pruned = storage.clone();
    pruned.max_history = 2;
    pruned
        .create(&release("web", &ns.name, 3, Status::Deployed))
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

    // Delete returns the release, then it is gone.
    assert_eq!(storage.delete("web", 2).await.unwrap().version, 2);
    assert!(storage.get("web", 2).await.unwrap_err().is_not_found());
    assert!(storage.delete("web", 2).await.unwrap_err().is_not_found());
    assert!(storage.history("nope").await.unwrap_err().is_not_found());
    ns.delete().await;
}

#[tokio::test]
async fn secrets_round_trip() {
    round_trip(ObjectKind::Secret).await;
}

#[tokio::test]
async fn config_maps_round_trip() {
    round_trip(ObjectKind::ConfigMap).await;
}

async fn create_conflict(kind: ObjectKind) {
    let Some(ns) = TestNamespace::new("rudder-race").await else {
        return;
    };
    // Two independent writers (two drivers, as two processes would be) race for revision 1.
    let a = Storage::new(Arc::new(ns.driver(kind)));
    let b = Storage::new(Arc::new(ns.driver(kind)));
    for round in 1..=5 {
        let ra = release("race", &ns.name, round, Status::PendingInstall);
        let rb = release("race", &ns.name, round, Status::PendingUpgrade);
        let (x, y) = tokio::join!(a.create(&ra), b.create(&rb));
        let ok = usize::from(x.is_ok()) + usize::from(y.is_ok());
        assert_eq!(
            ok, 1,
            "round {round}: exactly one writer wins ({x:?}, {y:?})"
        );
        let loser = x.err().or(y.err()).unwrap();
        assert!(matches!(loser, Error::Exists), "{loser:?}");
        assert_eq!(loser.to_string(), "release: already exists");
    }
    ns.delete().await;
}

#[tokio::test]
async fn secrets_two_writers_cannot_both_create() {
    create_conflict(ObjectKind::Secret).await;
}

#[tokio::test]
async fn config_maps_two_writers_cannot_both_create() {
    create_conflict(ObjectKind::ConfigMap).await;
}

async fn corrupt_record(kind: ObjectKind) {
    let Some(ns) = TestNamespace::new("rudder-bad").await else {
        return;
    };
    let driver = Arc::new(ns.driver(kind));
    let storage = Storage::new(driver.clone());
    storage
        .create(&release("app", &ns.name, 1, Status::Deployed))
        .await
        .unwrap();
    // A foreign object that carries Helm's labels but no valid record.
    let key = "sh.helm.release.v1.app.v2";
    let labels = BTreeMap::from([
        ("name".to_owned(), "app".to_owned()),
        ("owner".to_owned(), "helm".to_owned()),
        ("status".to_owned(), "deployed".to_owned()),
        ("version".to_owned(), "2".to_owned()),
    ]);
    let meta = ObjectMeta {
        name: Some(key.to_owned()),
        labels: Some(labels),
        ..ObjectMeta::default()
    };
    let client = ns.client.client().clone();
    match kind {
        ObjectKind::Secret => {
            let s = Secret {
                metadata: meta,
                data: Some(BTreeMap::from([(
                    "release".to_owned(),
                    ByteString(b"not base64!".to_vec()),
                )])),
                ..Secret::default()
            };
            Api::<Secret>::namespaced(client, &ns.name)
                .create(&PostParams::default(), &s)
                .await
                .unwrap();
        }
        ObjectKind::ConfigMap => {
            let c = ConfigMap {
                metadata: meta,
                data: Some(BTreeMap::from([(
                    "release".to_owned(),
                    "not base64!".to_owned(),
                )])),
                ..ConfigMap::default()
            };
            Api::<ConfigMap>::namespaced(client, &ns.name)
                .create(&PostParams::default(), &c)
                .await
                .unwrap();
        }
    }
    // Get names the record (Secret driver) or gives the bare decoding error (ConfigMap), as Helm.
    let err = storage.get("app", 2).await.unwrap_err().to_string();
    match kind {
        ObjectKind::Secret => assert_eq!(
            err,
            "get: failed to decode data \"sh.helm.release.v1.app.v2\": illegal base64 data at input byte 3"
        ),
        ObjectKind::ConfigMap => assert_eq!(err, "illegal base64 data at input byte 3"),
    }
    // Reads that list skip it, and report it on the debug channel with its name.
    let seen = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let sink = seen.clone();
    let storage = storage.with_debug(Arc::new(move |m: &str| {
        sink.lock().unwrap().push(m.to_owned());
    }));
    assert_eq!(storage.last("app").await.unwrap().version, 1);
    let listed =
        rudder_release::list::list(&storage, &rudder_release::list::ListOptions::default())
            .await
            .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].version, 1);
    assert!(
        seen.lock().unwrap().iter().any(|m| m.contains(key)),
        "{:?}",
        seen.lock().unwrap()
    );
    ns.delete().await;
}

#[tokio::test]
async fn secrets_corrupt_record_is_named_and_skipped() {
    corrupt_record(ObjectKind::Secret).await;
}

#[tokio::test]
async fn config_maps_corrupt_record_is_named_and_skipped() {
    corrupt_record(ObjectKind::ConfigMap).await;
}

#[tokio::test]
async fn unreachable_cluster_is_reported_as_helm_does() {
    let dir = std::env::temp_dir().join(format!("rudder-kc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config");
    std::fs::write(
        &path,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: x\n",
    )
    .unwrap();
    let client = KubeOptions {
        kubeconfig: Some(path),
        ..KubeOptions::default()
    }
    .connect()
    .await
    .unwrap();
    assert_eq!(client.namespace(), "default");
    let err = client.is_reachable().await.unwrap_err().to_string();
    assert_eq!(
        err,
        "kubernetes cluster unreachable: Get \"https://127.0.0.1:1/version\": dial tcp 127.0.0.1:1: connect: connection refused"
    );
    let _ = std::fs::remove_dir_all(dir);
}
