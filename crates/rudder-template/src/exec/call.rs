//! Function and method calls (Go's `evalCall`, `evalArg`, `validateType`): argument counting,
//! Go's conversion of each argument to its parameter type, and the call itself.

use std::sync::Arc;

use rudder_value::{FloatKind, IntKind, Type, UintKind, Value};

use super::eval::Final;
use super::val::{Val, is_true};
use super::{NodeRef, Res, State, s};
use crate::error::{Error, FuncError};
use crate::funcs::{Func, Imp};
use crate::parse::node::Arg;
use crate::set::Templates;

/// What a function sees of the execution that calls it.
pub struct Call<'c> {
    pub(crate) set: &'c Templates,
    pub(crate) name: &'c str,
}

impl std::fmt::Debug for Call<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Call<'_> {
    /// The template set that is executing (where `include` looks templates up).
    pub fn templates(&self) -> &Templates {
        self.set
    }

    /// The name the function was called by.
    pub fn function_name(&self) -> &str {
        self.name
    }

    /// Executes the template `name` of the executing set with `data` into a string, as Go's
    /// `ExecuteTemplate` does (a fresh execution: its own `$` and variables).
    ///
    /// # Errors
    /// The template's error, or `no template ... associated with ...`.
    pub fn execute_template(&self, name: &str, data: &Value) -> Result<String, Error> {
        // Functions such as Helm's `include` nest executions as deep as templates recurse
        // (Helm allows 1000 levels per name): grow the stack on the heap when nearly out.
        stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || {
            self.set.execute_to_string(name, data)
        })
    }
}

/// Go's `reflect.Value.String()`-based name for the callee of `call`.
fn callee_name(args: &[Arg], final_: &Final) -> String {
    match args.first() {
        Some(a) => a.to_string(),
        None => final_.as_ref().map(Val::reflect_string).unwrap_or_default(),
    }
}

impl<'t> State<'t, '_> {
    /// Go's `evalCall`. `args` includes the function's own node first (as a command's
    /// arguments do), or is empty.
    pub(super) fn eval_call(
        &mut self,
        dot: &Val,
        func: &Func,
        node: NodeRef<'t>,
        name: &'t str,
        args: &'t [Arg],
        final_: Final,
    ) -> Res<Val> {
        let args = if args.is_empty() { args } else { &args[1..] };
        let f = &func.0;
        let num_in = args.len() + usize::from(final_.is_some());
        let num_fixed = if f.variadic.is_some() {
            f.params.len()
        } else {
            args.len()
        };
        if f.variadic.is_some() {
            if num_in < num_fixed {
                return Err(self.errorf(
                    "wrong number of args for %s: want at least %d got %d",
                    &[
                        s(name),
                        Value::int(f.params.len() as i64),
                        Value::int(args.len() as i64),
                    ],
                ));
            }
        } else if num_in != f.params.len() {
            return Err(self.errorf(
                "wrong number of args for %s: want %d got %d",
                &[
                    s(name),
                    Value::int(f.params.len() as i64),
                    Value::int(num_in as i64),
                ],
            ));
        }

        // The builtin and/or short-circuit.
        if let Imp::Builtin(b) = &f.imp
            && matches!(b, super::Builtin::And | super::Builtin::Or)
        {
            let is_or = matches!(b, super::Builtin::Or);
            let mut v = Val::Invalid;
            for arg in args {
                v = self.eval_arg(dot, Some(&Type::Value), arg)?;
                if is_true(&v) == is_or {
                    return Ok(v);
                }
            }
            if let Some(fin) = final_ {
                v = self.validate_type(fin, Some(&Type::Value))?;
            }
            return Ok(v);
        }

        let result = if let Imp::Builtin(b) = &f.imp {
            let mut operands: Vec<Val> = Vec::with_capacity(num_in);
            let callee = matches!(b, super::Builtin::Call).then(|| callee_name(args, &final_));
            self.eval_operands(dot, f, args, num_fixed, num_in, final_, Some(&mut operands))?;
            self.call_builtin(*b, name, operands, callee)
        } else {
            // Arguments go on a stack shared by every call of this execution: no allocation
            // per call once it has grown. Calls made while evaluating the arguments push and
            // pop above `base`.
            let base = self.arg_stack.len();
            if let Err(e) = self.eval_operands(dot, f, args, num_fixed, num_in, final_, None) {
                self.arg_stack.truncate(base);
                return Err(e);
            }
            let values = &self.arg_stack[base..];
            let result = match &f.imp {
                Imp::User(imp) => {
                    let mut call = Call {
                        set: self.set,
                        name,
                    };
                    imp(&mut call, values)
                }
                Imp::Method(m) => (m.call)(values),
                Imp::Builtin(_) => Ok(Value::Nil),
            }
            .map(|v| Val::slot(v, f.result == Type::Any));
            self.arg_stack.truncate(base);
            result
        };
        match result {
            Ok(v) => {
                self.charge(node, &v)?;
                Ok(v)
            }
            Err(e) => {
                self.at(node);
                let cause: Arc<dyn std::error::Error + Send + Sync> = Arc::from(e);
                let text = cause.to_string();
                Err(self.errorf_with_cause(
                    "error calling %s: %w",
                    &[s(name), s(&text)],
                    Some(cause),
                ))
            }
        }
    }

    /// Evaluates a call's arguments in Go's order (fixed, variadic, then the piped value),
    /// converting each to its parameter type, into `out` or else onto the argument stack.
    #[expect(
        clippy::too_many_arguments,
        reason = "the pieces of one call, kept apart to avoid allocating"
    )]
    fn eval_operands(
        &mut self,
        dot: &Val,
        f: &crate::funcs::FuncInner,
        args: &'t [Arg],
        num_fixed: usize,
        num_in: usize,
        final_: Final,
        mut out: Option<&mut Vec<Val>>,
    ) -> Res<()> {
        let mut push = |state: &mut Self, v: Val| match out.as_deref_mut() {
            Some(out) => out.push(v),
            None => state.arg_stack.push(v.into_value()),
        };
        let mut i = 0;
        while i < num_fixed && i < args.len() {
            let v = self.eval_arg(dot, Some(&f.params[i]), &args[i])?;
            push(self, v);
            i += 1;
        }
        if let Some(vt) = &f.variadic {
            while i < args.len() {
                let v = self.eval_arg(dot, Some(vt), &args[i])?;
                push(self, v);
                i += 1;
            }
        }
        if let Some(fin) = final_ {
            let t = match &f.variadic {
                Some(vt) if num_in > num_fixed => vt,
                _ => &f.params[num_in - 1],
            };
            let v = self.validate_type(fin, Some(t))?;
            push(self, v);
        }
        Ok(())
    }

    /// Go's `validateType`: a value evaluated from data must be assignable to the parameter.
    pub(super) fn validate_type(&mut self, value: Val, typ: Option<&Type>) -> Res<Val> {
        let Some(typ) = typ else {
            return Ok(value);
        };
        if !value.is_valid() {
            if typ.can_be_nil() {
                return Ok(match typ {
                    Type::Value => Val::Invalid,
                    Type::Any => Val::Iface(Value::Nil),
                    other => Val::Direct(other.zero()),
                });
            }
            return Err(self.errorf("invalid value; expected %s", &[s(&typ.to_string())]));
        }
        if *typ == Type::Value {
            return Ok(value);
        }
        match value {
            Val::Iface(v) => {
                if *typ == Type::Any {
                    return Ok(Val::Iface(v));
                }
                if v.is_nil() {
                    return Err(self.errorf(
                        "wrong type for value; expected %s; got %s",
                        &[s(&typ.to_string()), s("interface {}")],
                    ));
                }
                if typ.accepts(&v) {
                    return Ok(Val::Direct(v));
                }
                Err(self.errorf(
                    "wrong type for value; expected %s; got %s",
                    &[s(&typ.to_string()), s(&v.type_name())],
                ))
            }
            Val::Direct(v) => {
                if typ.accepts(&v) {
                    return Ok(Val::Direct(v));
                }
                Err(self.errorf(
                    "wrong type for value; expected %s; got %s",
                    &[s(&typ.to_string()), s(&v.type_name())],
                ))
            }
            Val::Invalid => Ok(Val::Invalid),
        }
    }

    /// Go's `evalArg`: evaluates an argument node for a parameter of type `typ`.
    pub(super) fn eval_arg(&mut self, dot: &Val, typ: Option<&Type>, n: &'t Arg) -> Res<Val> {
        self.at(NodeRef::Arg(n));
        match n {
            Arg::Dot(_) => return self.validate_type(dot.clone(), typ),
            Arg::Nil(_) => {
                let typ = typ.unwrap_or(&Type::Any);
                if typ.can_be_nil() {
                    return Ok(match typ {
                        Type::Value => Val::Invalid,
                        Type::Any => Val::Iface(Value::Nil),
                        other => Val::Direct(other.zero()),
                    });
                }
                return Err(self.errorf("cannot assign nil to %s", &[s(&typ.to_string())]));
            }
            Arg::Field(f) => {
                let v = self.eval_field_node(dot, n, f, std::slice::from_ref(n), None)?;
                return self.validate_type(v, typ);
            }
            Arg::Variable(v) => {
                let v = self.eval_variable_node(dot, n, v, &[], None)?;
                return self.validate_type(v, typ);
            }
            Arg::Pipe(p) => {
                let v = self.eval_pipeline_nested(dot, p)?;
                return self.validate_type(v, typ);
            }
            Arg::Identifier(id) => {
                let v = self.eval_function_arg(dot, n, id)?;
                return self.validate_type(v, typ);
            }
            Arg::Chain(c) => {
                let v = self.eval_chain_node(dot, n, c, &[], None)?;
                return self.validate_type(v, typ);
            }
            _ => {}
        }
        let typ = typ.unwrap_or(&Type::Any);
        match typ {
            Type::Bool => match n {
                Arg::Bool(_, b) => Ok(Val::Direct(Value::Bool(*b))),
                _ => Err(self.errorf("expected bool; found %s", &[s(&n.to_string())])),
            },
            Type::Complex(is_64) => match n {
                Arg::Number(num) if num.is_complex => {
                    let (mut re, mut im) = num.complex;
                    if *is_64 {
                        re = f64::from(re as f32);
                        im = f64::from(im as f32);
                    }
                    Ok(Val::Direct(Value::Complex(Arc::new(
                        rudder_value::Complex {
                            re,
                            im,
                            is_64: *is_64,
                        },
                    ))))
                }
                _ => Err(self.errorf("expected complex; found %s", &[s(&n.to_string())])),
            },
            Type::Float(k) => match n {
                Arg::Number(num) if num.is_float => {
                    let f = match k {
                        FloatKind::F32 => f64::from(num.float64 as f32),
                        FloatKind::F64 => num.float64,
                    };
                    Ok(Val::Direct(Value::Float(f, *k)))
                }
                _ => Err(self.errorf("expected float; found %s", &[s(&n.to_string())])),
            },
            Type::Int(k) => match n {
                Arg::Number(num) if num.is_int => {
                    Ok(Val::Direct(Value::Int(truncate_int(num.int64, *k), *k)))
                }
                _ => Err(self.errorf("expected integer; found %s", &[s(&n.to_string())])),
            },
            Type::Uint(k) => match n {
                Arg::Number(num) if num.is_uint => {
                    Ok(Val::Direct(Value::Uint(truncate_uint(num.uint64, *k), *k)))
                }
                _ => Err(self.errorf("expected unsigned integer; found %s", &[s(&n.to_string())])),
            },
            Type::String => match n {
                Arg::String(s) => Ok(Val::Direct(Value::String(s.text.clone()))),
                _ => Err(self.errorf("expected string; found %s", &[s(&n.to_string())])),
            },
            Type::Any | Type::Value => self.eval_empty_interface(dot, n),
            other => Err(self.errorf(
                "can't handle %s for arg of type %s",
                &[s(&n.to_string()), s(&other.to_string())],
            )),
        }
    }

    /// A function name used as an argument: called with no arguments.
    fn eval_function_arg(
        &mut self,
        dot: &Val,
        n: &'t Arg,
        id: &'t crate::parse::node::Identifier,
    ) -> Res<Val> {
        self.at(NodeRef::Arg(n));
        let name = &*id.name;
        let Some(func) = self.set.find_function(name) else {
            return Err(self.errorf("%q is not a defined function", &[s(name)]));
        };
        self.eval_call(dot, func, NodeRef::Arg(n), name, &[], None)
    }

    /// Go's `evalEmptyInterface`: a literal for an `interface {}` parameter.
    fn eval_empty_interface(&mut self, dot: &Val, n: &'t Arg) -> Res<Val> {
        self.at(NodeRef::Arg(n));
        match n {
            Arg::Bool(_, b) => Ok(Val::Direct(Value::Bool(*b))),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Number(num) => self.ideal_constant(n, num),
            Arg::String(s) => Ok(Val::Direct(Value::String(s.text.clone()))),
            Arg::Nil(_) => Err(self.errorf("evalEmptyInterface: nil (can't happen)", &[])),
            _ => Err(self.errorf(
                "can't handle assignment of %s to empty interface argument",
                &[s(&n.to_string())],
            )),
        }
    }

    /// Runs a builtin, turning its error into Go's `error calling` form by the caller.
    fn call_builtin(
        &mut self,
        b: super::Builtin,
        name: &str,
        operands: Vec<Val>,
        callee: Option<String>,
    ) -> Result<Val, FuncError> {
        let _ = name;
        super::builtins::call(self, b, operands, callee)
    }
}

/// `reflect.Value.SetInt` on a narrower type: the value is truncated.
fn truncate_int(v: i64, k: IntKind) -> i64 {
    match k {
        IntKind::Int8 => i64::from(v as i8),
        IntKind::Int16 => i64::from(v as i16),
        IntKind::Int32 => i64::from(v as i32),
        IntKind::Int | IntKind::Int64 => v,
    }
}

fn truncate_uint(v: u64, k: UintKind) -> u64 {
    match k {
        UintKind::Uint8 => u64::from(v as u8),
        UintKind::Uint16 => u64::from(v as u16),
        UintKind::Uint32 => u64::from(v as u32),
        _ => v,
    }
}
