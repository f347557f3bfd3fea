//! Go structs and pointers that Helm hands to templates (`.Chart`, `.Capabilities`,
//! `.Release`, `.Files`, `*semver.Version`, `time.Time`, ...).

use std::any::Any;
use std::fmt;

use crate::{Kind, Value};

/// A Go value of struct or pointer kind, seen through its exported fields and methods.
///
/// Implementations live in the crates that own the Go type (the chart crate owns `.Chart`, the
/// engine owns `.Files`...). The executor resolves `.Name` on an object by asking for a method
/// first and a field second, as Go's text/template does.
pub trait Object: Send + Sync + fmt::Debug {
    /// Go's type name as `%T` prints it, e.g. `*chart.Metadata` or `common.Capabilities`.
    fn type_name(&self) -> &str;

    /// `Kind::Struct` or `Kind::Ptr`.
    fn kind(&self) -> Kind {
        Kind::Struct
    }

    /// Whether this is a nil pointer (only meaningful for `Kind::Ptr`).
    fn is_nil(&self) -> bool {
        false
    }

    /// The exported field `name`, if the type has one.
    fn field(&self, name: &str) -> Option<Value>;

    /// The exported field names in declaration order (for `%v` and `%+v` printing).
    fn field_names(&self) -> &[&'static str];

    /// The result of the type's `String()` method when it implements `fmt.Stringer`, which
    /// `fmt` prefers over printing the fields.
    fn to_go_string(&self) -> Option<String> {
        None
    }

    /// The concrete type, for downcasting by the crate that owns it.
    fn as_any(&self) -> &dyn Any;
}
