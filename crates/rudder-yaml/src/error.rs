//! The crate's error type. Its `Display` is the exact text Go prints; the alternate form
//! (`{:#}`) adds a location hint.

use std::fmt;

/// What failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Malformed YAML (scanner, parser or reader error), or an alias problem.
    Syntax,
    /// Well-formed YAML that does not decode: an explicit tag that does not fit, excessive
    /// aliasing, an unusable map key, invalid `!!binary` data.
    Decode,
    /// The YAML→JSON conversion of `sigs.k8s.io/yaml` failed (unsupported key, NaN).
    Convert,
    /// `encoding/json` refused a value or a text.
    Json,
    /// The decoded data has the wrong shape for the target (`cannot unmarshal array into ...`).
    Type,
    /// BurntSushi/toml refused a value or a text.
    Toml,
    /// Splitting a multi-document values file failed.
    Values,
    /// Go panics here instead of returning an error (an internal check of the Go library,
    /// e.g. `BurntSushi`'s `BUG: ...`); the message is the panic's value.
    Panic,
}

/// An error with Go's exact message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    hint: Option<String>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Prefixes the message, as Go's `fmt.Errorf("...: %w", err)` does.
    #[must_use]
    pub(crate) fn wrap(mut self, prefix: &str) -> Self {
        self.message = format!("{prefix}{}", self.message);
        self
    }

    /// What failed.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Go's message (the same as `to_string()`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where the problem is, when known (also shown by `{:#}`).
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if f.alternate()
            && let Some(hint) = &self.hint
        {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
