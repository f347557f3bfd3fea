//! The Sprig v3.3.0 function library with Go's exact results.
//!
//! Owns: every Sprig function Helm v4.2.4 exposes (`sprig.TxtFuncMap()` without `env` and
//! `expandenv`), with Go's signatures (so the template executor converts arguments and
//! reports `wrong type for value; expected int; got float64` as Go does), Go's results,
//! coercions (spf13/cast, shopspring/decimal, mergo, xstrings, goutils, Masterminds/semver),
//! quirks and error texts. [`functions`] builds the map.
//!
//! Does not own: Helm's own functions (`include`, `tpl`, `required`, Helm's `fail`,
//! `toYaml`, `fromYaml`, `toToml`, Helm's `toJson`/`fromJson`, `lookup`), which need the chart
//! engine and live in `rudder-engine`; it registers them over this map, as Helm does over
//! Sprig's.
//!
//! Layout: one module per area, each a set of plain Rust functions with unit tests —
//! `strings`, `case` (xstrings), `text` (Go's Unicode case tables), `lists`, `dicts` (mergo,
//! copystructure), `reflect`, `cast` (spf13/cast), `math` + `decimal` + `gomath`, `paths`,
//! `encoding`, `hash`, `json`, `random`, `network`, `date`, `semver`, `regexp`, `url`,
//! `crypto` — and `registry`, the flat table binding names and Go signatures to them.
//!
//! # Example
//! ```
//! use rudder_template::Templates;
//! use rudder_value::Value;
//!
//! let mut t = Templates::new("t");
//! t.funcs(rudder_sprig::functions(&rudder_sprig::Options::default()));
//! t.parse("t", r#"{{ "http_server" | camelcase }} {{ list 3 1 2 | sortAlpha | join "," }}"#).unwrap();
//! assert_eq!(t.execute_to_string("t", &Value::Nil).unwrap(), "HttpServer 1,2,3");
//! ```

mod case;
mod cast;
mod crypto;
mod date;
mod decimal;
mod dicts;
mod encoding;
mod error;
mod gomath;
mod hash;
mod json;
mod lists;
mod math;
mod network;
mod random;
mod reflect;
mod regexp;
mod registry;
mod semver;
mod strings;
mod text;
pub mod url;

use std::sync::Arc;

pub use date::{Clock, FixedClock, Location, SystemClock};
pub use error::Error;
pub use network::{Resolver, SystemResolver};
use rudder_template::FuncMap;

/// What the environment-dependent functions use.
#[derive(Debug, Clone)]
pub struct Options {
    /// The resolver behind `getHostByName`. `None` (the default, and Helm's behaviour without
    /// `--enable-dns`) makes `getHostByName` return `""`.
    pub resolver: Option<Arc<dyn Resolver>>,
    /// The clock behind `now` and the functions that default to now.
    pub clock: Arc<dyn Clock>,
    /// Go's `time.Local`: by default the zone `$TZ` names, else `/etc/localtime`, else UTC,
    /// exactly as Go initialises it.
    pub local: Arc<Location>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            resolver: None,
            clock: Arc::new(SystemClock),
            local: date::system_local(),
        }
    }
}

impl Options {
    /// The options with `time.Local` set to the IANA zone `name` (for reproducible renders
    /// and tests), read from the system's zoneinfo as Go's `LoadLocation` does.
    ///
    /// # Errors
    /// Go's `LoadLocation` text when the zone is unknown (`unknown time zone NAME`).
    pub fn with_local_zone(mut self, name: &str) -> Result<Self, Error> {
        self.local = date::local_named(name).map_err(Error::Message)?;
        Ok(self)
    }

    /// The options with a fixed clock.
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }
}

/// Sprig's function map as Helm's engine starts from it: every function of
/// `sprig.TxtFuncMap()` except `env` and `expandenv`.
///
/// # Example
/// ```
/// let funcs = rudder_sprig::functions(&rudder_sprig::Options::default());
/// assert!(funcs.contains("nindent") && !funcs.contains("env"));
/// ```
pub fn functions(options: &Options) -> FuncMap {
    registry::functions(options)
}
