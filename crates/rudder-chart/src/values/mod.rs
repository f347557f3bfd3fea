//! Values: what `-f` and `--set` produce (`pkg/cli/values`), how they combine with the
//! charts' defaults (`coalesce`), and `.Values` checks against `values.schema.json`
//! (`crate::schema`).
//!
//! ```
//! use rudder_chart::values::{Options, LocalSource};
//! let opts = Options {
//!     values: vec!["a.b=1".into()],
//!     string_values: vec!["c=2".into()],
//!     ..Options::default()
//! };
//! let vals = opts.merge_values(&mut LocalSource::default()).unwrap();
//! assert_eq!(vals.len(), 2);
//! ```

pub mod coalesce;
pub(crate) mod copy;
mod render;
pub mod table;
mod url;

use rudder_value::{Map, Value};

pub use coalesce::{CoalesceError, coalesce_tables, coalesce_values, merge_tables, merge_values};
pub use copy::{deep_copy, deep_copy_map};
pub use render::{ReleaseOptions, RenderValuesError, to_render_values};
pub use url::{UrlError, scheme};

use crate::strvals::{self, ReaderError};

/// `values.Options`: the values flags, each in command-line order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `-f/--values`: files, `-` for stdin, or URLs a getter handles.
    pub value_files: Vec<String>,
    /// `--set-string`.
    pub string_values: Vec<String>,
    /// `--set`.
    pub values: Vec<String>,
    /// `--set-file`.
    pub file_values: Vec<String>,
    /// `--set-json`.
    pub json_values: Vec<String>,
    /// `--set-literal`.
    pub literal_values: Vec<String>,
}

/// Where values files come from: stdin, local files, and URLs for schemes a getter
/// handles (`http`, `https`, `oci` and plugins in Helm; they live above this crate).
pub trait ValueSource {
    /// The whole of standard input (`-f -`).
    ///
    /// # Errors
    /// The read error.
    fn stdin(&mut self) -> Result<Vec<u8>, ReaderError>;

    /// `getter.Providers.ByScheme(scheme).Get(url)`: `None` when no getter handles the
    /// scheme (the path is then read as a local file).
    fn get_url(&mut self, scheme: &str, url: &str) -> Option<Result<Vec<u8>, ReaderError>>;

    /// `os.ReadFile`.
    ///
    /// # Errors
    /// Go's `open <path>: no such file or directory` and friends.
    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, ReaderError> {
        crate::goerr::read_file(path).map_err(|e| Box::new(e) as ReaderError)
    }
}

/// A [`ValueSource`] with the process's stdin, local files and no URL getters.
#[derive(Debug, Default)]
pub struct LocalSource {
    stdin: Option<Vec<u8>>,
}

impl LocalSource {
    /// A source whose stdin is `data` (for tests and embedding).
    pub fn with_stdin(data: Vec<u8>) -> Self {
        Self { stdin: Some(data) }
    }
}

impl ValueSource for LocalSource {
    fn stdin(&mut self) -> Result<Vec<u8>, ReaderError> {
        if let Some(d) = &self.stdin {
            return Ok(d.clone());
        }
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut out)?;
        Ok(out)
    }

    fn get_url(&mut self, _scheme: &str, _url: &str) -> Option<Result<Vec<u8>, ReaderError>> {
        None
    }
}

/// `readFile` in `pkg/cli/values/options.go`.
///
/// # Errors
/// The URL parse error, the getter's or the file system's.
pub fn read_file(path: &str, source: &mut dyn ValueSource) -> Result<Vec<u8>, ReaderError> {
    if path.trim_matches(rudder_value::unicode::is_space) == "-" {
        return source.stdin();
    }
    let scheme = scheme(path).map_err(|e| Box::new(e) as ReaderError)?;
    if !scheme.is_empty()
        && let Some(r) = source.get_url(&scheme, path)
    {
        return r;
    }
    source.read_file(path)
}

/// A `MergeValues` failure; `Display` is Helm's text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ValuesError {
    /// A values file could not be read (the reader's text, unwrapped, as in Helm).
    #[error("{0}")]
    Read(ReaderError),
    /// A values file does not parse.
    #[error("failed to parse {path}: {source}")]
    Parse {
        /// The path as given.
        path: String,
        /// The YAML error.
        source: rudder_yaml::Error,
    },
    /// A `--set-json` JSON object that does not parse.
    #[error("failed parsing --set-json data JSON: {0}")]
    JsonObject(String),
    /// A `--set-json key=value` line that does not parse (Helm drops the cause).
    #[error("failed parsing --set-json data {value}")]
    Json {
        /// The line.
        value: String,
        /// Why.
        #[source]
        source: strvals::Error,
    },
    /// A `--set`, `--set-string`, `--set-file` or `--set-literal` line that does not parse.
    #[error("failed parsing {flag} data: {source}")]
    Set {
        /// The flag.
        flag: &'static str,
        /// Why.
        source: strvals::Error,
    },
}

impl Options {
    /// `Options.MergeValues`: `-f` files (deep-merged in order), then `--set-json`, `--set`,
    /// `--set-string`, `--set-file`, `--set-literal` — always in that order, whatever the
    /// order on the command line.
    ///
    /// # Errors
    /// See [`ValuesError`].
    pub fn merge_values(&self, source: &mut dyn ValueSource) -> Result<Map, ValuesError> {
        let mut base = Map::new();
        for path in &self.value_files {
            let raw = read_file(path, source).map_err(ValuesError::Read)?;
            let current =
                rudder_yaml::values::load_values(&raw).map_err(|e| ValuesError::Parse {
                    path: path.clone(),
                    source: e,
                })?;
            base = rudder_yaml::values::merge_maps(&base, &current);
        }
        for value in &self.json_values {
            let trimmed = value.trim_matches(rudder_value::unicode::is_space);
            if trimmed.starts_with('{') {
                let m = rudder_yaml::json::unmarshal_map(trimmed.as_bytes())
                    .map_err(|_| ValuesError::JsonObject(value.clone()))?;
                base = rudder_yaml::values::merge_maps(&base, &m);
            } else {
                strvals::parse_json(value, &base).map_err(|source| ValuesError::Json {
                    value: value.clone(),
                    source,
                })?;
            }
        }
        let set = |flag: &'static str| move |source| ValuesError::Set { flag, source };
        for value in &self.values {
            strvals::parse_into(value, &base).map_err(set("--set"))?;
        }
        for value in &self.string_values {
            strvals::parse_into_string(value, &base).map_err(set("--set-string"))?;
        }
        for value in &self.file_values {
            let mut reader = |p: &str| -> Result<Value, ReaderError> {
                let bytes = read_file(p, source)?;
                Ok(Value::string(String::from_utf8_lossy(&bytes).into_owned()))
            };
            strvals::parse_into_file(value, &base, &mut reader).map_err(set("--set-file"))?;
        }
        for value in &self.literal_values {
            strvals::parse_literal_into(value, &base).map_err(set("--set-literal"))?;
        }
        Ok(base)
    }
}
