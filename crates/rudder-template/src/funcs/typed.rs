//! Typed closures as template functions: parameter types from [`FromArg`], the result type
//! from [`IntoResult`].

use std::sync::Arc;

use rudder_value::{List, Map, Str, Type, Value};

use super::Func;
use crate::error::FuncError;

/// A Rust type that receives a template argument of one Go type.
pub trait FromArg: Sized {
    /// The Go parameter type.
    fn go_type() -> Type;
    /// The argument, already converted to [`FromArg::go_type`] by the executor.
    fn from_arg(v: &Value) -> Self;
}

/// Go's `int64`, as a distinct parameter type from `int` (which is `i64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Int64(pub i64);

/// The remaining arguments of a variadic function (`...T`).
#[derive(Debug, Clone, PartialEq)]
pub struct Rest<T>(pub Vec<T>);

impl FromArg for String {
    fn go_type() -> Type {
        Type::String
    }
    fn from_arg(v: &Value) -> Self {
        v.as_str().unwrap_or_default().to_owned()
    }
}

impl FromArg for Str {
    fn go_type() -> Type {
        Type::String
    }
    fn from_arg(v: &Value) -> Self {
        match v {
            Value::String(s) => s.clone(),
            _ => Str::from(""),
        }
    }
}

impl FromArg for bool {
    fn go_type() -> Type {
        Type::Bool
    }
    fn from_arg(v: &Value) -> Self {
        v.as_bool().unwrap_or(false)
    }
}

/// Go's `int`.
impl FromArg for i64 {
    fn go_type() -> Type {
        Type::INT
    }
    fn from_arg(v: &Value) -> Self {
        match v {
            Value::Int(i, _) => *i,
            _ => 0,
        }
    }
}

impl FromArg for Int64 {
    fn go_type() -> Type {
        Type::INT64
    }
    fn from_arg(v: &Value) -> Self {
        Int64(i64::from_arg(v))
    }
}

impl FromArg for f64 {
    fn go_type() -> Type {
        Type::FLOAT64
    }
    fn from_arg(v: &Value) -> Self {
        v.as_float().unwrap_or(0.0)
    }
}

/// `interface {}`: any value, nil included.
impl FromArg for Value {
    fn go_type() -> Type {
        Type::Any
    }
    fn from_arg(v: &Value) -> Self {
        v.clone()
    }
}

/// `[]interface {}`
impl FromArg for List {
    fn go_type() -> Type {
        Type::list()
    }
    fn from_arg(v: &Value) -> Self {
        v.as_list()
            .cloned()
            .unwrap_or_else(|| List::nil(rudder_value::ElemType::Interface))
    }
}

/// `map[string]interface {}`
impl FromArg for Map {
    fn go_type() -> Type {
        Type::map()
    }
    fn from_arg(v: &Value) -> Self {
        v.as_map()
            .cloned()
            .unwrap_or_else(|| Map::nil(rudder_value::MapType::interface()))
    }
}

/// A Rust result that becomes a template value of one Go type.
pub trait IntoResult {
    /// The Go result type.
    fn go_type() -> Type;
    /// The value, or the error that becomes `error calling NAME: …`.
    ///
    /// # Errors
    /// The function's own error.
    fn into_result(self) -> Result<Value, FuncError>;
}

macro_rules! into_result {
    ($t:ty, $go:expr, |$v:ident| $conv:expr) => {
        impl IntoResult for $t {
            fn go_type() -> Type {
                $go
            }
            fn into_result(self) -> Result<Value, FuncError> {
                let $v = self;
                Ok($conv)
            }
        }
    };
}

into_result!(String, Type::String, |v| Value::string(v));
into_result!(Str, Type::String, |v| Value::String(v));
into_result!(bool, Type::Bool, |v| Value::Bool(v));
into_result!(i64, Type::INT, |v| Value::int(v));
into_result!(Int64, Type::INT64, |v| Value::int64(v.0));
into_result!(f64, Type::FLOAT64, |v| Value::float64(v));
into_result!(Value, Type::Any, |v| v);
into_result!(List, Type::list(), |v| Value::List(v));
into_result!(Map, Type::map(), |v| Value::Map(v));

impl<T: IntoResult, E: Into<FuncError>> IntoResult for Result<T, E> {
    fn go_type() -> Type {
        T::go_type()
    }
    fn into_result(self) -> Result<Value, FuncError> {
        self.map_err(Into::into)?.into_result()
    }
}

/// A closure usable as a template function; implemented for `Fn(A, B, ...) -> R` with up to
/// four [`FromArg`] parameters, optionally ending with a [`Rest`] for variadics.
pub trait TypedFn<Args>: Send + Sync + 'static {
    /// The function.
    fn into_func(self) -> Func;
}

macro_rules! typed_fn {
    ($($a:ident),*) => {
        impl<F, R, $($a,)*> TypedFn<($($a,)*)> for F
        where
            F: Fn($($a),*) -> R + Send + Sync + 'static,
            R: IntoResult,
            $($a: FromArg,)*
        {
            #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments)]
            fn into_func(self) -> Func {
                let f = Arc::new(self);
                Func::new(vec![$($a::go_type()),*], R::go_type(), move |_call, args| {
                    let mut i = 0;
                    $(let $a = $a::from_arg(&args[i]); i += 1;)*
                    f($($a),*).into_result()
                })
            }
        }

        impl<F, R, V, $($a,)*> TypedFn<($($a,)* Rest<V>,)> for F
        where
            F: Fn($($a,)* Rest<V>) -> R + Send + Sync + 'static,
            R: IntoResult,
            V: FromArg,
            $($a: FromArg,)*
        {
            #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments)]
            fn into_func(self) -> Func {
                let f = Arc::new(self);
                Func::variadic(vec![$($a::go_type()),*], V::go_type(), R::go_type(), move |_call, args| {
                    let mut i = 0;
                    $(let $a = $a::from_arg(&args[i]); i += 1;)*
                    let rest = Rest(args[i..].iter().map(V::from_arg).collect());
                    f($($a,)* rest).into_result()
                })
            }
        }
    };
}

typed_fn!();
typed_fn!(A);
typed_fn!(A, B);
typed_fn!(A, B, C);
typed_fn!(A, B, C, D);
