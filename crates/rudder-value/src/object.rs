//! Go structs and pointers that Helm hands to templates (`.Chart`, `.Capabilities`,
//! `.Release`, `.Files`, `*semver.Version`, `time.Time`, ...).

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use crate::{Kind, Type, Value};

/// The error a method returns: its `Display` text is what Go's `error calling NAME: …` shows.
pub type MethodError = Box<dyn std::error::Error + Send + Sync>;

/// A method of an [`Object`], bound to its receiver: Go's method value as a template calls it
/// (`.Files.Get "x"`, `.Capabilities.APIVersions.Has "v1"`).
#[derive(Clone)]
pub struct Method {
    /// The fixed parameters.
    pub params: Vec<Type>,
    /// The element type of a final variadic parameter.
    pub variadic: Option<Type>,
    /// The result type (`interface {}` results are unwrapped by the executor).
    pub result: Type,
    /// The call, with arguments already converted to the parameter types.
    #[expect(clippy::type_complexity, reason = "a plain boxed callback")]
    pub call: Arc<dyn Fn(&[Value]) -> Result<Value, MethodError> + Send + Sync>,
}

impl fmt::Debug for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Method")
            .field("params", &self.params)
            .field("variadic", &self.variadic)
            .field("result", &self.result)
            .finish_non_exhaustive()
    }
}

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

    /// The text the type's `MarshalJSON`/`MarshalText` produces when it implements
    /// `json.Marshaler` or `encoding.TextMarshaler` with a JSON string result (`time.Time`
    /// writes RFC 3339 with nanoseconds), which the JSON and YAML encoders prefer.
    fn marshal_text(&self) -> Option<String> {
        None
    }

    /// The method `name`, bound to this value, if the type (or its pointer) has one. The
    /// executor looks for a method before a field, as Go does.
    fn method(&self, name: &str) -> Option<Method> {
        let _ = name;
        None
    }

    /// The concrete type, for downcasting by the crate that owns it.
    fn as_any(&self) -> &dyn Any;
}
