//! The executor's view of a value: Go's `reflect.Value` as far as templates can observe it.
//!
//! Go distinguishes "no value" (the zero `reflect.Value`, printed `<no value>`) from a nil
//! `interface {}`, and a value read out of an `interface {}` slot (a `map[string]interface {}`
//! element, whose static type prints as `interface {}` in errors) from a concrete one. Those
//! differences decide between `<no value>` and `<nil>`, and between
//! `nil pointer evaluating interface {}.x`, `invalid value; expected string` and
//! `wrong type for value; expected string; got interface {}`.

use rudder_value::{Kind, Value};

/// A value as the executor holds it.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    /// No value (Go's invalid `reflect.Value`): a missing map key, a nil data.
    Invalid,
    /// A concrete value. Never `Value::Nil`.
    Direct(Value),
    /// A value in an `interface {}` slot; `Value::Nil` is the nil interface.
    Iface(Value),
}

impl Val {
    /// A concrete value, or no value for nil (Go's `reflect.ValueOf`).
    pub(crate) fn of(v: Value) -> Self {
        if v.is_nil() {
            Self::Invalid
        } else {
            Self::Direct(v)
        }
    }

    /// A value in an `interface {}` slot (or a concrete one, when `iface` is false).
    pub(crate) fn slot(v: Value, iface: bool) -> Self {
        if iface { Self::Iface(v) } else { Self::of(v) }
    }

    pub(crate) fn is_valid(&self) -> bool {
        !matches!(self, Self::Invalid)
    }

    /// Go's `indirectInterface`: the value inside an interface; nil becomes no value.
    pub(crate) fn unwrap_iface(self) -> Self {
        match self {
            Self::Iface(v) => Self::of(v),
            other => other,
        }
    }

    /// Borrowing form of [`Val::unwrap_iface`]: the concrete value, if any.
    pub(crate) fn concrete(&self) -> Option<&Value> {
        match self {
            Self::Invalid => None,
            Self::Direct(v) => Some(v),
            Self::Iface(v) => (!v.is_nil()).then_some(v),
        }
    }

    /// The value to hand to a Go function parameter of a non-`reflect.Value` type.
    pub(crate) fn into_value(self) -> Value {
        match self {
            Self::Invalid => Value::Nil,
            Self::Direct(v) | Self::Iface(v) => v,
        }
    }

    /// Go's `Type().String()` (panics in Go for no value; callers check first).
    pub(crate) fn type_name(&self) -> String {
        match self {
            Self::Invalid => "<nil>".into(),
            Self::Iface(_) => "interface {}".into(),
            Self::Direct(v) => v.type_name(),
        }
    }

    /// Go's `reflect.Value.String()`: the string for a string, `<T Value>` otherwise.
    pub(crate) fn reflect_string(&self) -> String {
        match self {
            Self::Invalid => "<invalid Value>".into(),
            Self::Direct(Value::String(s)) => s.to_string(),
            other => format!("<{} Value>", other.type_name()),
        }
    }
}

/// Go's `isTrue`: the truth of a value, and whether it has one.
pub(crate) fn is_true(v: &Val) -> bool {
    let Some(v) = v.concrete() else {
        return false;
    };
    match v {
        Value::Nil => false,
        Value::Bool(b) => *b,
        Value::Int(i, _) => *i != 0,
        Value::Uint(u, _) => *u != 0,
        Value::Float(f, _) => *f != 0.0,
        Value::Complex(c) => c.re != 0.0 || c.im != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Bytes(b) => !b.is_empty(),
        Value::List(l) => !l.is_empty(),
        Value::Map(m) => !m.is_empty(),
        Value::Object(o) => match o.kind() {
            Kind::Ptr => !o.is_nil(),
            _ => true,
        },
    }
}
