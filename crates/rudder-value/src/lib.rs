//! The Go value model (nil, bool, integer kinds, float64, string, maps, slices, typed values)
//! and Go's fmt printing.
//!
//! Owns: Go's dynamic typing as Helm's templates observe it. A chart's behaviour depends on Go
//! *types*, not only on JSON-like shapes: a YAML number is a `float64` and prints `1e+06`, a
//! `--set` number is an `int64`, `len` returns an `int`, `split` returns a `map[string]string`,
//! and `typeOf`, `%T` and the executor's type errors show those names. [`Value`] keeps that
//! identity, and maps keep Go's reference semantics: a `set` on a map is seen by every holder.
//!
//! Does not own: parsing any text format (`rudder-yaml`) or executing templates
//! (`rudder-template`). Both build on these values, so they live below both.
//!
//! # Sharing
//! Values are cheap to clone: strings, lists and maps are reference-counted, so rendering a
//! chart never deep-copies `.Values`. Values are `Send + Sync` so that SDK users can prepare
//! them on one thread and render on another; maps are guarded by a lock that is only ever held
//! for the duration of a single read or write, never across template execution.
//!
//! # Example
//! ```
//! use rudder_value::{Map, Value};
//!
//! let values = Map::new();
//! values.insert("replicas", Value::float64(3.0));
//! let top = Value::Map(values.clone());
//! // Another holder of the same map sees the change (Go's map semantics).
//! values.insert("image", Value::string("nginx"));
//! assert_eq!(top.as_map().unwrap().len(), 2);
//! assert_eq!(Value::float64(3.0).type_name(), "float64");
//! ```

pub mod base64;
pub mod civil;
pub mod duration;
pub mod fmt;
pub mod gobytes;
mod kind;
mod list;
mod map;
mod object;
pub mod path;
pub mod strconv;
mod types;
pub mod unicode;
mod value;

pub use kind::{FloatKind, IntKind, Kind, UintKind};
pub use list::{ElemType, List};
pub use map::{Map, MapType};
pub use object::{Method, MethodError, Object};
pub use types::Type;
pub use value::{Complex, Str, Value};
