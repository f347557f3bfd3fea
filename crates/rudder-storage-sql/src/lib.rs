//! Helm's SQL storage driver on PostgreSQL (`HELM_DRIVER=sql`,
//! `HELM_DRIVER_SQL_CONNECTION_STRING`; `pkg/storage/driver/sql.go`).
//!
//! Owns: the SQL backend of [`rudder_release::Driver`]: Helm's two tables (`releases_v1`,
//! `custom_labels_v1`), their columns, and the migration bookkeeping Helm's migrator
//! (rubenv/sql-migrate) keeps in `gorp_migrations`, so Helm and rudder share one database:
//! whichever tool connects first creates the tables and records the migrations `init` and
//! `custom_labels`, and the other finds them applied.
//!
//! Does not own: the record and its encoding (`rudder-release`); the body column holds the same
//! gzip+base64 text as a Secret's `data.release`.
//!
//! Helm's quirks kept here, because both tools read one database:
//! * identifiers are unquoted, so `createdAt` is the column `createdat`;
//! * a release's custom labels are looked up in the driver's namespace, not the record's, so
//!   with all namespaces (`list -A`) no record has custom labels;
//! * `List` presents the custom labels plus `name`, `owner`, `status`, `version`; `Query`
//!   presents the custom labels only, and accepts only the six system label names;
//! * `Get` reports any database failure as "release: not found";
//! * `Create` of an existing revision fails with PostgreSQL's unique-violation text (Helm's
//!   check for an existing row runs inside the aborted transaction, so its `release: already
//!   exists` is never reached on PostgreSQL). Either way, of two writers only one succeeds.
//!
//! Beyond Helm: [`Driver::headers`] reads every column but the body, so `list`, `history` and
//! `status` decode only the rows they print.
//!
//! TLS is not supported yet: `sslmode=require` and the `verify-*` modes are refused with an
//! error, and without `sslmode` the connection is made in clear text where Helm's driver (lib/pq,
//! whose default is `require`) insists on TLS (COMPATIBILITY.md).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use rudder_release::labels::{Labels, filter_system_labels, is_system_label};
use rudder_release::{
    Body, BoxFuture, Depth, Driver, Error, Header, LabelStyle, Operation, Record, Release, Status,
    codec,
};
use tokio::sync::Mutex;
use tokio_postgres::types::ToSql;

/// The migrations Helm's SQL driver applies, by id, in sql-migrate's order (ids sorted).
const MIGRATIONS: [(&str, &str); 2] = [
    (
        "custom_labels",
        "CREATE TABLE custom_labels_v1 (
            releaseKey VARCHAR(64),
            releaseNamespace VARCHAR(67),
            key VARCHAR(317),
            value VARCHAR(63)
        );
        CREATE INDEX ON custom_labels_v1 (releaseKey, releaseNamespace);

        GRANT ALL ON custom_labels_v1 TO PUBLIC;
        ALTER TABLE custom_labels_v1 ENABLE ROW LEVEL SECURITY;",
    ),
    (
        "init",
        "CREATE TABLE releases_v1 (
            key VARCHAR(90),
            type VARCHAR(64) NOT NULL,
            body TEXT NOT NULL,
            name VARCHAR(64) NOT NULL,
            namespace VARCHAR(64) NOT NULL,
            version INTEGER NOT NULL,
            status TEXT NOT NULL,
            owner TEXT NOT NULL,
            createdAt INTEGER NOT NULL,
            modifiedAt INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY(key, namespace)
        );
        CREATE INDEX ON releases_v1 (key, namespace);
        CREATE INDEX ON releases_v1 (version);
        CREATE INDEX ON releases_v1 (status);
        CREATE INDEX ON releases_v1 (owner);
        CREATE INDEX ON releases_v1 (createdAt);
        CREATE INDEX ON releases_v1 (modifiedAt);

        GRANT ALL ON releases_v1 TO PUBLIC;

        ALTER TABLE releases_v1 ENABLE ROW LEVEL SECURITY;",
    ),
];

/// sql-migrate's bookkeeping table, as gorp creates it for PostgreSQL.
const MIGRATION_TABLE: &str = r#"create table if not exists "gorp_migrations" ("id" text not null primary key, "applied_at" timestamp with time zone) ;"#;

/// The label names Helm's `Query` accepts (they are columns).
const COLUMNS: [&str; 6] = [
    "createdAt",
    "modifiedAt",
    "name",
    "owner",
    "status",
    "version",
];

/// Helm's SQL driver.
pub struct Sql {
    client: Mutex<tokio_postgres::Client>,
    /// Empty: every namespace.
    namespace: String,
}

impl std::fmt::Debug for Sql {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sql")
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

/// pq's wording of a database error: `pq: MESSAGE` for what the server said, Go's dialer text
/// for a connection failure.
fn pq_error(err: &tokio_postgres::Error, config: Option<&tokio_postgres::Config>) -> String {
    if let Some(db) = err.as_db_error() {
        return format!("pq: {}", db.message());
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cause {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            let addr = config.map_or_else(String::new, dial_address);
            return match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    format!("dial tcp {addr}: connect: connection refused")
                }
                std::io::ErrorKind::TimedOut => format!("dial tcp {addr}: i/o timeout"),
                _ => format!("dial tcp {addr}: {io}"),
            };
        }
        cause = e.source();
    }
    err.to_string()
}

fn dial_address(config: &tokio_postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(tokio_postgres::config::Host::Unix(p)) => return p.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    // Go's dialer reports the address it resolved.
    let host = if host == "localhost" {
        "127.0.0.1".to_owned()
    } else {
        host
    };
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

fn backend(err: &tokio_postgres::Error) -> Error {
    Error::backend(pq_error(err, None))
}

fn unix_now() -> i32 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i32)
}

/// Whether the DSN asks for TLS (`sslmode=require`, `verify-ca`, `verify-full`).
fn wants_tls(dsn: &str) -> Option<String> {
    let lower = dsn.to_ascii_lowercase();
    for mode in ["require", "verify-ca", "verify-full"] {
        if lower.contains(&format!("sslmode={mode}")) {
            return Some(mode.to_owned());
        }
    }
    None
}

impl Sql {
    /// `NewSQL`: connects, creates or checks Helm's tables, and scopes the driver to
    /// `namespace` (empty: every namespace). Must run inside a tokio runtime, which drives the
    /// connection.
    ///
    /// # Errors
    /// The connection or migration failure, in lib/pq's words (the CLI prefixes Helm's
    /// `unable to instantiate SQL driver: `).
    pub async fn connect(dsn: &str, namespace: &str) -> Result<Self, Error> {
        if let Some(mode) = wants_tls(dsn) {
            return Err(Error::backend(format!(
                "sslmode={mode} is not supported yet (rudder connects without TLS)"
            )));
        }
        let mut config: tokio_postgres::Config = if dsn.trim().is_empty() {
            tokio_postgres::Config::new()
        } else {
            dsn.parse()
                .map_err(|e: tokio_postgres::Error| Error::backend(parse_error(dsn, &e)))?
        };
        // lib/pq's defaults: localhost, and the user from PGUSER or the system.
        if config.get_hosts().is_empty() {
            config.host("localhost");
        }
        if config.get_user().is_none() {
            let user = std::env::var("PGUSER")
                .or_else(|_| std::env::var("USER"))
                .unwrap_or_else(|_| "postgres".to_owned());
            config.user(user);
        }
        let (client, connection) = config
            .connect(tokio_postgres::NoTls)
            .await
            .map_err(|e| Error::backend(pq_error(&e, Some(&config))))?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        let driver = Self {
            client: Mutex::new(client),
            namespace: namespace.to_owned(),
        };
        driver.ensure_db_setup().await?;
        Ok(driver)
    }

    /// Applies the migrations not yet recorded in `gorp_migrations`, each in its own
    /// transaction with its record, as sql-migrate does.
    async fn ensure_db_setup(&self) -> Result<(), Error> {
        let mut client = self.client.lock().await;
        let applied: Vec<String> = match client
            .query(r#"SELECT "id" FROM "gorp_migrations""#, &[])
            .await
        {
            Ok(rows) => rows.iter().map(|r| r.get::<_, String>(0)).collect(),
            Err(_) => Vec::new(),
        };
        if MIGRATIONS
            .iter()
            .all(|(id, _)| applied.iter().any(|a| a == id))
        {
            return Ok(());
        }
        client
            .batch_execute(MIGRATION_TABLE)
            .await
            .map_err(|e| backend(&e))?;
        // Read again: another process may have migrated meanwhile.
        let applied: Vec<String> = client
            .query(r#"SELECT "id" FROM "gorp_migrations""#, &[])
            .await
            .map_err(|e| backend(&e))?
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect();
        for (id, up) in MIGRATIONS {
            if applied.iter().any(|a| a == id) {
                continue;
            }
            let tx = client.transaction().await.map_err(|e| backend(&e))?;
            tx.batch_execute(up).await.map_err(|e| {
                Error::backend(format!(
                    "Error applying migration \"{id}\": {}",
                    pq_error(&e, None)
                ))
            })?;
            tx.execute(
                r#"insert into "gorp_migrations" ("id","applied_at") values ($1,now());"#,
                &[&id],
            )
            .await
            .map_err(|e| backend(&e))?;
            tx.commit().await.map_err(|e| backend(&e))?;
        }
        Ok(())
    }

    /// The custom labels of the records in the driver's namespace, by key.
    async fn custom_labels(&self, keys: Option<&str>) -> Result<HashMap<String, Labels>, Error> {
        let client = self.client.lock().await;
        let rows = match keys {
            Some(key) => client
                .query(
                    "SELECT releaseKey, key, value FROM custom_labels_v1 WHERE releaseKey = $1 AND releaseNamespace = $2",
                    &[&key, &self.namespace],
                )
                .await,
            None => client
                .query(
                    "SELECT releaseKey, key, value FROM custom_labels_v1 WHERE releaseNamespace = $1",
                    &[&self.namespace],
                )
                .await,
        }
        .map_err(|e| backend(&e))?;
        let mut out: HashMap<String, Labels> = HashMap::new();
        for row in rows {
            let (release_key, key, value): (Option<String>, Option<String>, Option<String>) =
                (row.get(0), row.get(1), row.get(2));
            let (Some(release_key), Some(key)) = (release_key, key) else {
                continue;
            };
            if is_system_label(&key) {
                continue;
            }
            out.entry(release_key)
                .or_default()
                .insert(key, value.unwrap_or_default());
        }
        Ok(out)
    }

    /// The `WHERE` clause and parameters for `labels` (Helm's `Query`), plus the namespace.
    fn where_clause(
        &self,
        labels: &Labels,
    ) -> Result<(String, Vec<Box<dyn ToSql + Sync + Send>>), Error> {
        let mut clauses = Vec::new();
        let mut params: Vec<Box<dyn ToSql + Sync + Send>> = Vec::new();
        for (key, value) in labels {
            if !COLUMNS.contains(&key.as_str()) {
                return Err(Error::backend(format!("unknown label {key}")));
            }
            params.push(match key.as_str() {
                // Integer columns: Helm's driver sends text that PostgreSQL converts.
                "version" | "createdAt" | "modifiedAt" => match value.parse::<i32>() {
                    Ok(n) => Box::new(n),
                    Err(_) => {
                        return Err(Error::backend(format!(
                            "pq: invalid input syntax for type integer: \"{value}\""
                        )));
                    }
                },
                _ => Box::new(value.clone()),
            });
            clauses.push(format!("{key} = ${}", params.len()));
        }
        if !self.namespace.is_empty() {
            params.push(Box::new(self.namespace.clone()));
            clauses.push(format!("namespace = ${}", params.len()));
        }
        let text = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        Ok((text, params))
    }

    async fn select(
        &self,
        columns: &str,
        labels: &Labels,
    ) -> Result<Vec<tokio_postgres::Row>, Error> {
        let (clause, params) = self.where_clause(labels)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params
            .iter()
            .map(|p| p.as_ref() as &(dyn ToSql + Sync))
            .collect();
        let sql = format!("SELECT {columns} FROM releases_v1{clause}");
        let client = self.client.lock().await;
        client.query(&sql, &refs).await.map_err(|e| backend(&e))
    }

    async fn get_now(&self, key: &str) -> Result<Record, Error> {
        let row = {
            let client = self.client.lock().await;
            client
                .query_opt(
                    "SELECT body FROM releases_v1 WHERE key = $1 AND namespace = $2",
                    &[&key, &self.namespace],
                )
                .await
        };
        // Helm reports every failure of this query as "not found".
        let Ok(Some(row)) = row else {
            return Err(Error::NotFound);
        };
        let body: String = row.get(0);
        let labels = self
            .custom_labels(Some(key))
            .await?
            .remove(key)
            .unwrap_or_default();
        Ok(Record {
            key: key.to_owned(),
            namespace: self.namespace.clone(),
            labels,
            body: Body::Encoded(Arc::from(body.into_bytes())),
        })
    }

    async fn records(&self, labels: &Labels, style: LabelStyle) -> Result<Vec<Record>, Error> {
        let rows = self
            .select("key, namespace, body, name, status, version", labels)
            .await?;
        let mut custom = self.custom_labels(None).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let key: String = row.get(0);
                let mut labels = custom.remove(&key).unwrap_or_default();
                if style == LabelStyle::List {
                    add_system_labels(&mut labels, row.get(3), row.get(4), row.get(5));
                }
                Record {
                    key,
                    namespace: row.get(1),
                    labels,
                    body: Body::Encoded(Arc::from(row.get::<_, String>(2).into_bytes())),
                }
            })
            .collect())
    }

    async fn headers_now(&self, labels: &Labels) -> Result<Vec<Header>, Error> {
        let rows = self
            .select("key, namespace, name, status, version", labels)
            .await?;
        let custom = self.custom_labels(None).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let key: String = row.get(0);
                let name: String = row.get(2);
                let status: String = row.get(3);
                let version: i32 = row.get(4);
                let mut labels = custom.get(&key).cloned().unwrap_or_default();
                add_system_labels(&mut labels, name.clone(), status.clone(), version);
                Header {
                    key,
                    namespace: row.get(1),
                    name,
                    version: Some(i64::from(version)),
                    status: Status::parse(&status),
                    labels,
                }
            })
            .collect())
    }

    async fn fetch_now(&self, headers: &[Header], style: LabelStyle) -> Result<Vec<Record>, Error> {
        if headers.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<&str> = headers.iter().map(|h| h.key.as_str()).collect();
        let rows = {
            let client = self.client.lock().await;
            client
                .query(
                    "SELECT key, namespace, body, name, status, version FROM releases_v1 WHERE key = ANY($1)",
                    &[&keys],
                )
                .await
                .map_err(|e| backend(&e))?
        };
        let wanted: std::collections::HashSet<(&str, &str)> = headers
            .iter()
            .map(|h| (h.key.as_str(), h.namespace.as_str()))
            .collect();
        let mut custom = self.custom_labels(None).await?;
        let mut out = Vec::with_capacity(headers.len());
        for row in rows {
            let key: String = row.get(0);
            let namespace: String = row.get(1);
            if !wanted.contains(&(key.as_str(), namespace.as_str())) {
                continue;
            }
            let mut labels = custom.remove(&key).unwrap_or_default();
            if style == LabelStyle::List {
                add_system_labels(&mut labels, row.get(3), row.get(4), row.get(5));
            }
            out.push(Record {
                key,
                namespace,
                labels,
                body: Body::Encoded(Arc::from(row.get::<_, String>(2).into_bytes())),
            });
        }
        Ok(out)
    }

    async fn create_now(&self, key: &str, release: &Release) -> Result<(), Error> {
        let namespace = if release.namespace.is_empty() {
            "default"
        } else {
            &release.namespace
        };
        let body = codec::encode_release(release).map_err(|e| Error::backend(e.to_string()))?;
        let mut client = self.client.lock().await;
        let tx = client.transaction().await.map_err(|e| {
            Error::backend(format!(
                "error beginning transaction: {}",
                pq_error(&e, None)
            ))
        })?;
        let version = release.version as i32;
        let status = release.status().as_str().to_owned();
        let created = unix_now();
        tx.execute(
            "INSERT INTO releases_v1 (key,type,body,name,namespace,version,status,owner,createdAt) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
            &[
                &key,
                &"helm.sh/release.v1",
                &body,
                &release.name,
                &namespace,
                &version,
                &status,
                &"helm",
                &created,
            ],
        )
        .await
        .map_err(|e| backend(&e))?;
        for (k, v) in filter_system_labels(&release.labels) {
            tx.execute(
                "INSERT INTO custom_labels_v1 (releaseKey,releaseNamespace,key,value) VALUES ($1,$2,$3,$4)",
                &[&key, &namespace, &k, &v],
            )
            .await
            .map_err(|e| backend(&e))?;
        }
        tx.commit().await.map_err(|e| backend(&e))
    }

    async fn update_now(&self, key: &str, release: &Release) -> Result<(), Error> {
        let namespace = if release.namespace.is_empty() {
            "default"
        } else {
            &release.namespace
        };
        let body = codec::encode_release(release).map_err(|e| Error::backend(e.to_string()))?;
        let version = release.version as i32;
        let status = release.status().as_str().to_owned();
        let client = self.client.lock().await;
        client
            .execute(
                "UPDATE releases_v1 SET body = $1, name = $2, version = $3, status = $4, owner = $5, modifiedAt = $6 WHERE key = $7 AND namespace = $8",
                &[&body, &release.name, &version, &status, &"helm", &unix_now(), &key, &namespace],
            )
            .await
            .map(drop)
            .map_err(|e| backend(&e))
    }

    async fn delete_now(&self, key: &str) -> Result<Release, Error> {
        let mut client = self.client.lock().await;
        let tx = client.transaction().await.map_err(|e| {
            Error::backend(format!(
                "error beginning transaction: {}",
                pq_error(&e, None)
            ))
        })?;
        let Ok(Some(row)) = tx
            .query_opt(
                "SELECT body FROM releases_v1 WHERE key = $1 AND namespace = $2",
                &[&key, &self.namespace],
            )
            .await
        else {
            return Err(Error::NotFound);
        };
        let body: String = row.get(0);
        let mut release = codec::decode_release(body.as_bytes(), Depth::Full)
            .map_err(|e| Error::Decode { message: e.0 })?;
        tx.execute(
            "DELETE FROM releases_v1 WHERE key = $1 AND namespace = $2",
            &[&key, &self.namespace],
        )
        .await
        .map_err(|e| backend(&e))?;
        let rows = tx
            .query(
                "SELECT key, value FROM custom_labels_v1 WHERE releaseKey = $1 AND releaseNamespace = $2",
                &[&key, &self.namespace],
            )
            .await
            .map_err(|e| backend(&e))?;
        let labels: BTreeMap<String, String> = rows
            .iter()
            .filter_map(|r| {
                let k: Option<String> = r.get(0);
                let v: Option<String> = r.get(1);
                k.map(|k| (k, v.unwrap_or_default()))
            })
            .collect();
        release.labels = filter_system_labels(&labels);
        tx.execute(
            "DELETE FROM custom_labels_v1 WHERE releaseKey = $1 AND releaseNamespace = $2",
            &[&key, &self.namespace],
        )
        .await
        .map_err(|e| backend(&e))?;
        tx.commit().await.map_err(|e| backend(&e))?;
        Ok(release)
    }
}

fn add_system_labels(labels: &mut Labels, name: String, status: String, version: i32) {
    labels.insert("name".into(), name);
    labels.insert("owner".into(), "helm".into());
    labels.insert("status".into(), status);
    labels.insert("version".into(), version.to_string());
}

/// lib/pq's texts for connection strings it cannot parse (anything that is not a
/// `postgres://` or `postgresql://` URL is read as `key=value` words).
fn parse_error(dsn: &str, err: &tokio_postgres::Error) -> String {
    if !dsn.starts_with("postgres://") && !dsn.starts_with("postgresql://") {
        for word in dsn.split_whitespace() {
            if !word.contains('=') {
                return format!("missing \"=\" after {word:?} in connection info string");
            }
        }
    }
    err.to_string()
}

impl Driver for Sql {
    fn name(&self) -> &'static str {
        "SQL"
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Record, Error>> {
        Box::pin(self.get_now(key))
    }

    fn list(&self) -> BoxFuture<'_, Result<Vec<Record>, Error>> {
        Box::pin(async move {
            let owner: Labels = [("owner".to_owned(), "helm".to_owned())].into();
            self.records(&owner, LabelStyle::List).await
        })
    }

    fn query<'a>(&'a self, labels: &'a Labels) -> BoxFuture<'a, Result<Vec<Record>, Error>> {
        Box::pin(self.records(labels, LabelStyle::Query))
    }

    fn headers<'a>(&'a self, labels: &'a Labels) -> BoxFuture<'a, Result<Vec<Header>, Error>> {
        Box::pin(self.headers_now(labels))
    }

    fn fetch<'a>(
        &'a self,
        headers: &'a [Header],
        style: LabelStyle,
    ) -> BoxFuture<'a, Result<Vec<Record>, Error>> {
        Box::pin(self.fetch_now(headers, style))
    }

    fn create<'a>(
        &'a self,
        key: &'a str,
        release: &'a Release,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(self.create_now(key, release))
    }

    fn update<'a>(
        &'a self,
        key: &'a str,
        release: &'a Release,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(self.update_now(key, release))
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Release, Error>> {
        Box::pin(self.delete_now(key))
    }

    fn decode_error(&self, _op: Operation, _key: &str, message: &str) -> Error {
        Error::Decode {
            message: message.to_owned(),
        }
    }
}
