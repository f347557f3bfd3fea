//! `Storage` (`pkg/storage/storage.go`): what every command does with releases, over any
//! [`Driver`]: get, create (with `--history-max` pruning), update, delete, history, last,
//! deployed. Decoding happens here, the same way for every backend.
//!
//! The read paths the CLI uses at scale (`last`, `history_newest`) read headers first and
//! decode only the revisions they return; they give Helm's results, including Helm's rule
//! that a record that does not decode is skipped as if it were not there.

use std::sync::Arc;

use crate::codec::decode_release;
use crate::driver::{Body, Driver, Header, LabelStyle, Operation, Record, make_key};
use crate::error::Error;
use crate::labels::Labels;
use crate::release::{Depth, Release, Status};

/// Receives Helm's debug-level messages (`--debug`), such as skipped records.
pub type DebugSink = Arc<dyn Fn(&str) + Send + Sync>;

/// Releases in a storage backend.
#[derive(Clone)]
pub struct Storage {
    driver: Arc<dyn Driver>,
    /// `MaxHistory`: how many revisions `create` keeps per release (0 or less: all).
    pub max_history: i64,
    debug: Option<DebugSink>,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage")
            .field("driver", &self.driver)
            .field("max_history", &self.max_history)
            .finish_non_exhaustive()
    }
}

fn owner_labels(name: Option<&str>) -> Labels {
    let mut labels = Labels::new();
    if let Some(name) = name {
        labels.insert("name".into(), name.into());
    }
    labels.insert("owner".into(), "helm".into());
    labels
}

impl Storage {
    /// Storage over `driver`, keeping every revision.
    pub fn new(driver: Arc<dyn Driver>) -> Self {
        Self {
            driver,
            max_history: 0,
            debug: None,
        }
    }

    /// Sends debug messages (skipped records and the like) to `sink`.
    #[must_use]
    pub fn with_debug(mut self, sink: DebugSink) -> Self {
        self.debug = Some(sink);
        self
    }

    /// The driver.
    pub fn driver(&self) -> &Arc<dyn Driver> {
        &self.driver
    }

    pub(crate) fn debug(&self, message: &str) {
        if let Some(sink) = &self.debug {
            sink(message);
        }
    }

    /// Decodes a record, with the driver's wording for a failure.
    ///
    /// # Errors
    /// The decode error as the driver reports it.
    pub fn decode(&self, record: Record, op: Operation, depth: Depth) -> Result<Release, Error> {
        match record.body {
            Body::Decoded(release) => {
                let mut release = Arc::unwrap_or_clone(release);
                release.labels = record.labels;
                Ok(release)
            }
            Body::Encoded(data) => match decode_release(&data, depth) {
                Ok(mut release) => {
                    release.labels = record.labels;
                    Ok(release)
                }
                Err(e) => Err(self.driver.decode_error(op, &record.key, &e.0)),
            },
        }
    }

    /// Decodes records as `List`/`Query` do: undecodable ones are skipped (and logged).
    pub(crate) fn decode_all(&self, records: Vec<Record>, depth: Depth) -> Vec<Release> {
        let mut out = Vec::with_capacity(records.len());
        for record in records {
            let key = record.key.clone();
            match self.decode(record, Operation::List, depth) {
                Ok(r) => out.push(r),
                Err(e) => self.debug(&format!("failed to decode release key={key} error={e}")),
            }
        }
        out
    }

    /// `Get(name, version)`.
    ///
    /// # Errors
    /// [`Error::NotFound`], a decode error, or the backend's.
    pub async fn get(&self, name: &str, version: i64) -> Result<Release, Error> {
        let key = make_key(name, version);
        let record = self.driver.get(&key).await?;
        self.decode(record, Operation::Get, Depth::Full)
    }

    /// `Create`: stores a new revision, first pruning the history to `max_history - 1`
    /// revisions when a maximum is set.
    ///
    /// # Errors
    /// [`Error::Exists`] when another writer stored this revision first, or the backend's.
    pub async fn create(&self, release: &Release) -> Result<(), Error> {
        if self.max_history > 0 {
            match self
                .remove_least_recent(&release.name, self.max_history - 1)
                .await
            {
                Ok(()) | Err(Error::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        self.driver
            .create(&make_key(&release.name, release.version), release)
            .await
    }

    /// `Update`.
    ///
    /// # Errors
    /// The backend's.
    pub async fn update(&self, release: &Release) -> Result<(), Error> {
        self.driver
            .update(&make_key(&release.name, release.version), release)
            .await
    }

    /// `Delete(name, version)`.
    ///
    /// # Errors
    /// [`Error::NotFound`] or the backend's.
    pub async fn delete(&self, name: &str, version: i64) -> Result<Release, Error> {
        self.driver.delete(&make_key(name, version)).await
    }

    /// `ListReleases`: every decodable release in scope.
    ///
    /// # Errors
    /// The backend's.
    pub async fn list_releases(&self) -> Result<Vec<Release>, Error> {
        let records = self.driver.list().await?;
        Ok(self.decode_all(records, Depth::Full))
    }

    /// `Query(labels)`: [`Error::NotFound`] when no record matches; undecodable records are
    /// skipped (so the result may be empty).
    ///
    /// # Errors
    /// [`Error::NotFound`] or the backend's.
    pub async fn query(&self, labels: &Labels, depth: Depth) -> Result<Vec<Release>, Error> {
        let records = self.driver.query(labels).await?;
        if records.is_empty() {
            return Err(Error::NotFound);
        }
        Ok(self.decode_all(records, depth))
    }

    /// `History(name)`: every revision (Helm's order is unspecified; these come by driver).
    ///
    /// # Errors
    /// [`Error::NotFound`] when the release has no record.
    pub async fn history(&self, name: &str) -> Result<Vec<Release>, Error> {
        self.query(&owner_labels(Some(name)), Depth::Full).await
    }

    /// `DeployedAll(name)`.
    ///
    /// # Errors
    /// [`Error::NoDeployedReleases`] or the backend's.
    pub async fn deployed_all(&self, name: &str) -> Result<Vec<Release>, Error> {
        let mut labels = owner_labels(Some(name));
        labels.insert("status".into(), "deployed".into());
        match self.query(&labels, Depth::Full).await {
            Ok(list) => Ok(list),
            Err(e) if e.to_string().contains("not found") => {
                Err(Error::NoDeployedReleases { name: name.into() })
            }
            Err(e) => Err(e),
        }
    }

    /// `Deployed(name)`: the newest deployed revision.
    ///
    /// # Errors
    /// [`Error::NoDeployedReleases`] or the backend's.
    pub async fn deployed(&self, name: &str) -> Result<Release, Error> {
        let mut list = self.deployed_all(name).await?;
        list.sort_by_key(|r| std::cmp::Reverse(r.version));
        list.into_iter()
            .next()
            .ok_or_else(|| Error::NoDeployedReleases { name: name.into() })
    }

    /// The headers of a release's records, newest first (by the `version` label).
    async fn sorted_headers(&self, name: &str) -> Result<Vec<Header>, Error> {
        let mut headers = self.driver.headers(&owner_labels(Some(name))).await?;
        if headers.is_empty() {
            return Err(Error::NotFound);
        }
        headers.sort_by_key(|h| std::cmp::Reverse(h.version.unwrap_or(i64::MIN)));
        Ok(headers)
    }

    /// `Last(name)`: the newest decodable revision, reading one record (more only when the
    /// newest ones do not decode).
    ///
    /// # Errors
    /// [`Error::NotFound`] without records, [`Error::NoRevision`] when none decodes.
    pub async fn last(&self, name: &str) -> Result<Release, Error> {
        let headers = self.sorted_headers(name).await?;
        if headers.iter().any(|h| h.version.is_none()) {
            // A record without a usable version label: do exactly what Helm does.
            let mut all = self.history(name).await?;
            all.sort_by_key(|r| std::cmp::Reverse(r.version));
            return all
                .into_iter()
                .next()
                .ok_or_else(|| Error::NoRevision { name: name.into() });
        }
        for header in headers.chunks(1) {
            let records = self.driver.fetch(header, LabelStyle::Query).await?;
            if let Some(release) = self.decode_all(records, Depth::Full).into_iter().next() {
                return Ok(release);
            }
        }
        Err(Error::NoRevision { name: name.into() })
    }

    /// The newest `max` decodable revisions of a release, oldest first, decoded to `depth`:
    /// what `history --max` prints, reading only those records.
    ///
    /// # Errors
    /// [`Error::NotFound`] when the release has no record.
    pub async fn history_newest(
        &self,
        name: &str,
        max: usize,
        depth: Depth,
    ) -> Result<Vec<Release>, Error> {
        let headers = self.sorted_headers(name).await?;
        let mut out: Vec<Release> = Vec::new();
        if headers.iter().any(|h| h.version.is_none()) {
            let records = self.driver.query(&owner_labels(Some(name))).await?;
            out = self.decode_all(records, depth);
            out.sort_by_key(|r| std::cmp::Reverse(r.version));
            out.truncate(max);
        } else {
            let mut next = 0;
            while out.len() < max && next < headers.len() {
                let want = (max - out.len()).min(headers.len() - next);
                let batch = &headers[next..next + want];
                next += want;
                let records = self.driver.fetch(batch, LabelStyle::Query).await?;
                out.extend(self.decode_all(records, depth));
            }
            out.sort_by_key(|r| std::cmp::Reverse(r.version));
        }
        out.reverse();
        Ok(out)
    }

    /// `removeLeastRecent(name, maximum)`: deletes the oldest revisions until at most
    /// `maximum` remain, never the newest deployed one.
    async fn remove_least_recent(&self, name: &str, maximum: i64) -> Result<(), Error> {
        if maximum < 0 {
            return Ok(());
        }
        let mut history = self.history(name).await?;
        if history.len() as i64 <= maximum {
            return Ok(());
        }
        history.sort_by_key(|r| r.version);
        let last_deployed = match self.deployed(name).await {
            Ok(r) => Some(r.version),
            Err(Error::NoDeployedReleases { .. }) => None,
            Err(e) => return Err(e),
        };
        let mut to_delete = Vec::new();
        for release in &history {
            if (history.len() - to_delete.len()) as i64 == maximum {
                break;
            }
            if last_deployed != Some(release.version) {
                to_delete.push(release.version);
            }
        }
        let mut errors = Vec::new();
        for version in &to_delete {
            if let Err(e) = self.delete(name, *version).await {
                errors.push(e);
            }
        }
        self.debug(&format!(
            "pruned records count={} release={name} errors={}",
            to_delete.len(),
            errors.len()
        ));
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            n => Err(Error::backend(format!(
                "encountered {n} deletion errors. First is: {}",
                errors[0]
            ))),
        }
    }
}

#[allow(dead_code, reason = "used by the list command, which is not wired yet")]
/// A decoded status wins over the label's (they agree unless a record was edited by hand).
pub(crate) fn effective_status(header: &Header, decoded: Option<&Release>) -> Status {
    decoded.map_or_else(|| header.status.clone(), Release::status)
}
