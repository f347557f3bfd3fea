//! Storage errors, with the texts Helm prints (`pkg/storage/driver/driver.go`, `storage.go`).

/// A storage failure. `Display` is Helm's message.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `driver.ErrReleaseNotFound`.
    #[error("release: not found")]
    NotFound,
    /// `driver.ErrReleaseExists`: another writer created the same revision first.
    #[error("release: already exists")]
    Exists,
    /// `driver.ErrInvalidKey`.
    #[error("release: invalid key")]
    InvalidKey,
    /// `driver.NewErrNoDeployedReleases(name)`.
    #[error("{name:?} has no deployed releases")]
    NoDeployedReleases {
        /// The release name.
        name: String,
    },
    /// `Storage.Last` on a history whose records all failed to decode.
    #[error("no revision for release {name:?}")]
    NoRevision {
        /// The release name.
        name: String,
    },
    /// A record that does not decode, in the words of the driver that read it.
    #[error("{message}")]
    Decode {
        /// The full message (`get: failed to decode data "key": illegal base64 data ...`).
        message: String,
    },
    /// A backend failure (API server, database), with the text Helm shows for it.
    #[error("{message}")]
    Backend {
        /// The message.
        message: String,
        /// The underlying error, when there is one.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

impl Error {
    /// A backend error with Helm's text.
    pub fn backend(message: impl Into<String>) -> Self {
        Self::Backend {
            message: message.into(),
            source: None,
        }
    }

    /// Whether this is [`Error::NotFound`] (Go's `errors.Is(err, ErrReleaseNotFound)`).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound)
    }
}

/// `chartutil.ValidateReleaseName`'s rule: 1 to 53 characters, a DNS-1123 subdomain.
pub fn is_valid_release_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 53 {
        return false;
    }
    let ok = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    name.split('.').all(|part| {
        let b = part.as_bytes();
        !b.is_empty() && ok(b[0]) && ok(b[b.len() - 1]) && b.iter().all(|&c| ok(c) || c == b'-')
    })
}
