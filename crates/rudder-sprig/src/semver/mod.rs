//! `semver` and `semverCompare` (Masterminds/semver v3.5.0), and the `*semver.Version`
//! object templates call methods on (`(semver "1.2.3").Major`).

use std::sync::Arc;

use rudder_template::{Func, Type};
use rudder_value::{Kind, Method, MethodError, Object, UintKind, Value};

use crate::error::{Error, Result};
use rudder_semver::{Constraints, Version};

/// Go's `*semver.Version` (or, from `IncMajor` and friends, a `semver.Version` value).
#[derive(Debug, Clone)]
pub(crate) struct VersionObject {
    version: Version,
    pointer: bool,
}

const POINTER_TYPE: &str = "*semver.Version";
const VALUE_TYPE: &str = "semver.Version";

impl VersionObject {
    /// What copystructure makes of a `*semver.Version`: a new version whose unexported
    /// fields were not copied (`0.0.0`).
    pub(crate) fn zeroed(v: &Value) -> Option<Value> {
        match v {
            Value::Object(o) => o
                .as_any()
                .downcast_ref::<Self>()
                .map(|s| Self::value(Version::default(), s.pointer)),
            _ => None,
        }
    }

    fn value(v: Version, pointer: bool) -> Value {
        Value::Object(Arc::new(Self {
            version: v,
            pointer,
        }))
    }
}

fn method(
    params: Vec<Type>,
    result: Type,
    call: impl Fn(&[Value]) -> std::result::Result<Value, MethodError> + Send + Sync + 'static,
) -> Method {
    Method {
        params,
        variadic: None,
        result,
        call: Arc::new(call),
    }
}

/// The `*semver.Version` argument of `Compare` and friends.
fn other(args: &[Value]) -> Option<Version> {
    match args.first() {
        Some(Value::Object(o)) => o
            .as_any()
            .downcast_ref::<VersionObject>()
            .map(|v| v.version.clone()),
        _ => None,
    }
}

impl Object for VersionObject {
    fn type_name(&self) -> &str {
        if self.pointer {
            POINTER_TYPE
        } else {
            VALUE_TYPE
        }
    }

    fn kind(&self) -> Kind {
        if self.pointer {
            Kind::Ptr
        } else {
            Kind::Struct
        }
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn field_names(&self) -> &[&'static str] {
        &[]
    }

    fn to_go_string(&self) -> Option<String> {
        Some(self.version.to_string())
    }

    fn method(&self, name: &str) -> Option<Method> {
        let v = self.version.clone();
        let u64_type = Type::Uint(UintKind::Uint64);
        let ptr = Type::Object(POINTER_TYPE.into());
        let s = |x: String| Value::string(x);
        Some(match name {
            "Major" => method(vec![], u64_type, move |_| {
                Ok(Value::Uint(v.major(), UintKind::Uint64))
            }),
            "Minor" => method(vec![], u64_type, move |_| {
                Ok(Value::Uint(v.minor(), UintKind::Uint64))
            }),
            "Patch" => method(vec![], u64_type, move |_| {
                Ok(Value::Uint(v.patch(), UintKind::Uint64))
            }),
            "Prerelease" => method(vec![], Type::String, move |_| {
                Ok(s(v.prerelease().to_owned()))
            }),
            "Metadata" => method(vec![], Type::String, move |_| {
                Ok(s(v.metadata().to_owned()))
            }),
            "String" => method(vec![], Type::String, move |_| Ok(s(v.to_string()))),
            "Original" if self.pointer => method(vec![], Type::String, move |_| {
                Ok(s(v.original().to_owned()))
            }),
            "IncMajor" | "IncMinor" | "IncPatch" => {
                let which = name.to_owned();
                method(vec![], Type::Object(VALUE_TYPE.into()), move |_| {
                    let n = match which.as_str() {
                        "IncMajor" => v.inc_major(),
                        "IncMinor" => v.inc_minor(),
                        _ => v.inc_patch(),
                    }?;
                    Ok(VersionObject::value(n, false))
                })
            }
            "SetPrerelease" | "SetMetadata" => {
                let metadata = name == "SetMetadata";
                method(
                    vec![Type::String],
                    Type::Object(VALUE_TYPE.into()),
                    move |a| {
                        let text = a.first().and_then(Value::as_str).unwrap_or_default();
                        let n = v.with(text, metadata).map_err(|e| e.to_string())?;
                        Ok(VersionObject::value(n, false))
                    },
                )
            }
            "Compare" if self.pointer => method(vec![ptr], Type::INT, move |a| {
                let o = other(a)
                    .ok_or("runtime error: invalid memory address or nil pointer dereference")?;
                Ok(Value::int(v.compare(&o) as i64))
            }),
            "LessThan" | "LessThanEqual" | "GreaterThan" | "GreaterThanEqual" | "Equal"
                if self.pointer =>
            {
                let which = name.to_owned();
                method(vec![ptr], Type::Bool, move |a| {
                    let o = other(a).ok_or(
                        "runtime error: invalid memory address or nil pointer dereference",
                    )?;
                    let ord = v.compare(&o);
                    Ok(Value::Bool(match which.as_str() {
                        "LessThan" => ord.is_lt(),
                        "LessThanEqual" => ord.is_le(),
                        "GreaterThan" => ord.is_gt(),
                        "GreaterThanEqual" => ord.is_ge(),
                        _ => ord.is_eq(),
                    }))
                })
            }
            _ => return None,
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `semver version`.
pub(crate) fn semver(v: &str) -> Result<Value> {
    Version::parse(v)
        .map(|v| VersionObject::value(v, true))
        .map_err(Error::msg)
}

/// `semverCompare constraint version`.
pub(crate) fn semver_compare(constraint: &str, version: &str) -> Result<bool> {
    let c = Constraints::parse(constraint).map_err(Error::msg)?;
    let v = Version::parse(version).map_err(Error::msg)?;
    Ok(c.check(&v))
}

pub(crate) fn register(add: &mut impl FnMut(&str, Func)) {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    add(
        "semver",
        Func::new(
            vec![Type::String],
            Type::Object(POINTER_TYPE.into()),
            move |_, a| semver(&text(&a[0])).map_err(Into::into),
        ),
    );
    add(
        "semverCompare",
        Func::new(vec![Type::String, Type::String], Type::Bool, move |_, a| {
            semver_compare(&text(&a[0]), &text(&a[1]))
                .map(Value::Bool)
                .map_err(Into::into)
        }),
    );
}
