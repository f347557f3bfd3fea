//! Go 1.26 `text/template`: lexer, parser and executor over `rudder-value`.
//!
//! Owns: the template language, its builtins (`and or not len index slice print printf println
//! html js urlquery call eq ne lt le gt ge`), Go's exact error texts, template sets with Go's
//! redefinition rules, and the registry through which other crates add functions with Go's
//! calling convention ([`Func`], [`FuncMap`]).
//!
//! Does not own: Sprig's and Helm's functions (`rudder-sprig`, `rudder-engine`) nor value
//! printing (`rudder_value::fmt`): the engine knows only Go's builtins.
//!
//! Layout: `lex/` (items), `parse/` (trees, `String()` forms), `exec/` (the walk, evaluation,
//! calls, builtins), `funcs/` (the registry), `set.rs` (template sets).
//!
//! # Example
//! ```
//! use rudder_template::Templates;
//! use rudder_value::{Map, Value};
//!
//! let mut t = Templates::new("t");
//! t.option("missingkey=zero").unwrap();
//! t.parse("t", "{{ .name | printf \"%q\" }} {{ .missing }}").unwrap();
//! let data = Map::new();
//! data.insert("name", Value::string("web"));
//! assert_eq!(t.execute_to_string("t", &Value::Map(data)).unwrap(), "\"web\" <no value>");
//! ```
//!
//! # Divergences
//! Strings are UTF-8 (see `COMPATIBILITY.md`): where Go would produce invalid UTF-8 (a `\xff`
//! escape in a literal, `slice` through a multi-byte character) rudder substitutes U+FFFD, and
//! slices have no spare capacity to re-slice into.

mod error;
mod exec;
mod funcs;
mod hash;
mod lex;
pub mod parse;
mod set;

pub use error::{Error, ExecError, FuncError, ParseError};
pub use exec::Call;
pub use funcs::{FromArg, Func, FuncImpl, FuncMap, Int64, IntoResult, Rest, TypedFn};
pub use rudder_value::Type;
pub use set::{Limits, MapMethods, MissingKey, Templates};
