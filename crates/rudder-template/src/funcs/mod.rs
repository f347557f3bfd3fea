//! The function registry: Go's `FuncMap` with Go's calling convention.
//!
//! A [`Func`] has a Go signature (parameter [`Type`]s, an optional variadic element type, a
//! result type) and an implementation receiving arguments already converted to those types:
//! the executor does Go's argument evaluation and conversion (literal constants converted to
//! the parameter type, values required to be assignable, `nil` only for nillable types) and
//! produces Go's errors (`wrong type for value; expected int; got float64`, `wrong number of
//! args for indent: want 2 got 1`). An `Err` becomes `error calling NAME: <err>`.
//!
//! ```
//! use rudder_template::{Func, FuncMap, Templates};
//! use rudder_value::{Type, Value};
//!
//! let mut funcs = FuncMap::new();
//! // Typed: Go's `func(string) string`.
//! funcs.insert("upper", Func::typed(|s: String| s.to_uppercase()));
//! // Raw: Go's `func(int, string) (string, error)`, with access to the executing set.
//! funcs.insert(
//!     "repeat",
//!     Func::new(vec![Type::INT, Type::String], Type::String, |_call, args| {
//!         let (Value::Int(n, _), Value::String(s)) = (&args[0], &args[1]) else { unreachable!() };
//!         if *n < 0 {
//!             return Err("negative count".into());
//!         }
//!         Ok(Value::string(s.repeat(*n as usize)))
//!     }),
//! );
//! let mut t = Templates::new("t");
//! t.funcs(funcs);
//! t.parse("t", r#"{{ "ab" | upper }}{{ repeat 2 "x" }}"#).unwrap();
//! assert_eq!(t.execute_to_string("t", &Value::Nil).unwrap(), "ABxx");
//! ```

mod typed;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use rudder_value::{Method, Type, Value};

use crate::error::FuncError;
use crate::exec::Call;

pub use typed::{FromArg, Int64, IntoResult, Rest, TypedFn};

/// The implementation of a function.
pub type FuncImpl = dyn Fn(&mut Call<'_>, &[Value]) -> Result<Value, FuncError> + Send + Sync;

/// A template function: a Go signature and an implementation. Cheap to clone.
#[derive(Clone)]
pub struct Func(pub(crate) Arc<FuncInner>);

pub(crate) struct FuncInner {
    pub(crate) params: Vec<Type>,
    pub(crate) variadic: Option<Type>,
    pub(crate) result: Type,
    pub(crate) imp: Imp,
}

pub(crate) enum Imp {
    User(Box<FuncImpl>),
    Method(Method),
    Builtin(crate::exec::Builtin),
}

impl Func {
    /// A function with fixed parameters.
    pub fn new(
        params: Vec<Type>,
        result: Type,
        f: impl Fn(&mut Call<'_>, &[Value]) -> Result<Value, FuncError> + Send + Sync + 'static,
    ) -> Self {
        Self(Arc::new(FuncInner {
            params,
            variadic: None,
            result,
            imp: Imp::User(Box::new(f)),
        }))
    }

    /// A variadic function: `params` fixed parameters, then any number of `variadic` ones.
    pub fn variadic(
        params: Vec<Type>,
        variadic: Type,
        result: Type,
        f: impl Fn(&mut Call<'_>, &[Value]) -> Result<Value, FuncError> + Send + Sync + 'static,
    ) -> Self {
        Self(Arc::new(FuncInner {
            params,
            variadic: Some(variadic),
            result,
            imp: Imp::User(Box::new(f)),
        }))
    }

    /// A function from a typed Rust closure: parameter and result types come from the closure's
    /// types (see [`FromArg`] and [`IntoResult`]).
    pub fn typed<Args, F: TypedFn<Args>>(f: F) -> Self {
        f.into_func()
    }

    pub(crate) fn from_method(m: Method) -> Self {
        Self(Arc::new(FuncInner {
            params: m.params.clone(),
            variadic: m.variadic.clone(),
            result: m.result.clone(),
            imp: Imp::Method(m),
        }))
    }

    pub(crate) fn builtin(
        params: Vec<Type>,
        variadic: Option<Type>,
        result: Type,
        b: crate::exec::Builtin,
    ) -> Self {
        Self(Arc::new(FuncInner {
            params,
            variadic,
            result,
            imp: Imp::Builtin(b),
        }))
    }

    /// The fixed parameter types.
    pub fn params(&self) -> &[Type] {
        &self.0.params
    }

    /// The variadic element type, if the function is variadic.
    pub fn variadic_type(&self) -> Option<&Type> {
        self.0.variadic.as_ref()
    }

    /// The result type.
    pub fn result(&self) -> &Type {
        &self.0.result
    }
}

impl fmt::Debug for Func {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Func")
            .field("params", &self.0.params)
            .field("variadic", &self.0.variadic)
            .field("result", &self.0.result)
            .finish_non_exhaustive()
    }
}

/// Go's `FuncMap`: functions by name. Later insertions replace earlier ones.
#[derive(Debug, Clone, Default)]
pub struct FuncMap {
    pub(crate) map: HashMap<Box<str>, Func>,
}

impl FuncMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces `name`.
    ///
    /// # Panics
    /// If `name` is not a valid identifier (Go's `Funcs` panics the same way).
    pub fn insert(&mut self, name: &str, f: Func) -> &mut Self {
        assert!(
            good_name(name),
            "function name {name:?} is not a valid identifier"
        );
        self.map.insert(name.into(), f);
        self
    }

    /// Removes `name` (Helm removes Sprig's `env` and `expandenv`).
    pub fn remove(&mut self, name: &str) -> Option<Func> {
        self.map.remove(name)
    }

    /// The function `name`.
    pub fn get(&self, name: &str) -> Option<&Func> {
        self.map.get(name)
    }

    /// Whether `name` is defined.
    pub fn contains(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// The number of functions.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Adds every function of `other`, replacing those of the same name.
    pub fn extend(&mut self, other: FuncMap) {
        self.map.extend(other.map);
    }
}

/// Go's `goodName`: a letter or `_`, then letters, digits or `_`.
pub(crate) fn good_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().enumerate().all(|(i, c)| {
            c == '_'
                || rudder_value::unicode::is_letter(c)
                || (i > 0 && rudder_value::unicode::is_digit(c))
        })
}
