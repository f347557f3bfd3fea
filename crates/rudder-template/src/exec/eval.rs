//! Pipelines, commands, fields, variables and literals (Go's `evalPipeline`, `evalCommand`,
//! `evalField` and friends).

use rudder_value::{ElemType, Kind, Value};

use super::val::Val;
use super::{NodeRef, Res, State, s};
use crate::parse::node::{Arg, Chain, Command, Field, Identifier, Number, Pipe, Variable};
use crate::set::MissingKey;

/// The value piped into a command: Go's `missingVal` when there is none.
pub(super) type Final = Option<Val>;

impl<'t> State<'t, '_> {
    /// Go's `evalPipeline`: runs the commands, each result becoming the last argument of the
    /// next, and declares or assigns the pipeline's variables.
    pub(super) fn eval_pipeline(&mut self, dot: &Val, pipe: &'t Pipe) -> Res<Val> {
        self.at(NodeRef::Pipe(pipe));
        let mut value: Final = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, cmd, value.take())?;
            // A value of type interface{} is replaced by the value inside it.
            value = Some(v.unwrap_iface());
        }
        let value = value.unwrap_or(Val::Invalid);
        for var in &pipe.decl {
            if pipe.is_assign {
                self.set_var(&var.ident[0], value.clone())?;
            } else {
                self.push(&var.ident[0], value.clone());
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &'t [Arg], final_: &Final) -> Res<()> {
        if args.len() > 1 || final_.is_some() {
            return Err(self.errorf(
                "can't give argument to non-function %s",
                &[s(&args[0].to_string())],
            ));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Val, cmd: &'t Command, final_: Final) -> Res<Val> {
        let first = &cmd.args[0];
        match first {
            Arg::Field(f) => return self.eval_field_node(dot, first, f, &cmd.args, final_),
            Arg::Chain(c) => return self.eval_chain_node(dot, first, c, &cmd.args, final_),
            Arg::Identifier(id) => {
                return self.eval_function(dot, first, id, cmd, &cmd.args, final_);
            }
            Arg::Pipe(p) => {
                // A parenthesised pipeline: its arguments are inside.
                self.not_a_function(&cmd.args, &final_)?;
                return self.eval_pipeline_nested(dot, p);
            }
            Arg::Variable(v) => return self.eval_variable_node(dot, first, v, &cmd.args, final_),
            _ => {}
        }
        self.at(NodeRef::Arg(first));
        self.not_a_function(&cmd.args, &final_)?;
        match first {
            Arg::Bool(_, b) => Ok(Val::Direct(Value::Bool(*b))),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Err(self.errorf("nil is not a command", &[])),
            Arg::Number(n) => self.ideal_constant(first, n),
            Arg::String(s) => Ok(Val::Direct(Value::String(s.text.clone()))),
            _ => Err(self.errorf("can't evaluate command %q", &[s(&first.to_string())])),
        }
    }

    /// A parenthesised pipeline; deep nesting grows the stack on the heap.
    pub(super) fn eval_pipeline_nested(&mut self, dot: &Val, pipe: &'t Pipe) -> Res<Val> {
        crate::parse::grow(|| self.eval_pipeline(dot, pipe))
    }

    /// Go's `idealConstant`: a number with no type context takes its type from its syntax.
    pub(super) fn ideal_constant(&mut self, node: &'t Arg, n: &Number) -> Res<Val> {
        self.at(NodeRef::Arg(node));
        let text = &*n.text;
        let is_hex_int = text.len() > 2
            && text.as_bytes()[0] == b'0'
            && matches!(text.as_bytes()[1], b'x' | b'X')
            && !text.contains(['p', 'P']);
        let is_rune_int = text.starts_with('\'');
        if n.is_complex {
            return Ok(Val::Direct(Value::Complex(std::sync::Arc::new(
                rudder_value::Complex {
                    re: n.complex.0,
                    im: n.complex.1,
                    is_64: false,
                },
            ))));
        }
        if n.is_float && !is_hex_int && !is_rune_int && text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(Val::Direct(Value::float64(n.float64)));
        }
        if n.is_int {
            return Ok(Val::Direct(Value::int(n.int64)));
        }
        if n.is_uint {
            return Err(self.errorf("%s overflows int", &[s(text)]));
        }
        Ok(Val::Invalid)
    }

    pub(super) fn eval_field_node(
        &mut self,
        dot: &Val,
        node: &'t Arg,
        field: &'t Field,
        args: &'t [Arg],
        final_: Final,
    ) -> Res<Val> {
        self.at(NodeRef::Arg(node));
        self.eval_field_chain(dot, dot, node, &field.ident, args, final_)
    }

    pub(super) fn eval_chain_node(
        &mut self,
        dot: &Val,
        node: &'t Arg,
        chain: &'t Chain,
        args: &'t [Arg],
        final_: Final,
    ) -> Res<Val> {
        self.at(NodeRef::Arg(node));
        if chain.field.is_empty() {
            return Err(self.errorf("internal error: no fields in evalChainNode", &[]));
        }
        if let Arg::Nil(_) = chain.node {
            return Err(self.errorf(
                "indirection through explicit nil in %s",
                &[s(&node.to_string())],
            ));
        }
        let pipe = self.eval_arg(dot, None, &chain.node)?;
        self.eval_field_chain(dot, &pipe, node, &chain.field, args, final_)
    }

    pub(super) fn eval_variable_node(
        &mut self,
        dot: &Val,
        node: &'t Arg,
        var: &'t Variable,
        args: &'t [Arg],
        final_: Final,
    ) -> Res<Val> {
        self.at(NodeRef::Arg(node));
        let value = self.var_value(&var.ident[0])?;
        if var.ident.len() == 1 {
            self.not_a_function(args, &final_)?;
            return Ok(value);
        }
        self.eval_field_chain(dot, &value, node, &var.ident[1..], args, final_)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Val,
        receiver: &Val,
        node: &'t Arg,
        ident: &'t [Box<str>],
        args: &'t [Arg],
        final_: Final,
    ) -> Res<Val> {
        let n = ident.len();
        if n == 1 {
            return self.eval_field(dot, &ident[0], node, args, final_, receiver);
        }
        let mut owned = self.eval_field(dot, &ident[0], node, &[], None, receiver)?;
        for name in &ident[1..n - 1] {
            owned = self.eval_field(dot, name, node, &[], None, &owned)?;
        }
        self.eval_field(dot, &ident[n - 1], node, args, final_, &owned)
    }

    pub(super) fn eval_function(
        &mut self,
        dot: &Val,
        node: &'t Arg,
        id: &'t Identifier,
        cmd: &'t Command,
        args: &'t [Arg],
        final_: Final,
    ) -> Res<Val> {
        self.at(NodeRef::Arg(node));
        let name = &*id.name;
        let Some(func) = self.set.find_function(name) else {
            return Err(self.errorf("%q is not a defined function", &[s(name)]));
        };
        self.eval_call(dot, func, NodeRef::Command(cmd), name, args, final_)
    }

    /// Go's `evalField`: `.name` on `receiver`, a method call, struct field or map element.
    fn eval_field(
        &mut self,
        dot: &Val,
        name: &'t str,
        node: &'t Arg,
        args: &'t [Arg],
        final_: Final,
        receiver: &Val,
    ) -> Res<Val> {
        if !receiver.is_valid() {
            if self.missing_key() == MissingKey::Error {
                return Err(self.errorf("nil data; no entry for key %q", &[s(name)]));
            }
            return Ok(Val::Invalid);
        }
        // The receiver's static type, for errors only (computing it allocates).
        let was_iface = matches!(receiver, Val::Iface(_));
        let receiver = match receiver {
            Val::Iface(Value::Nil) => {
                return Err(self.errorf(
                    "nil pointer evaluating %s.%s",
                    &[s("interface {}"), s(name)],
                ));
            }
            Val::Iface(v) | Val::Direct(v) => v,
            Val::Invalid => return Ok(Val::Invalid),
        };
        let typ = || {
            if was_iface {
                "interface {}".to_owned()
            } else {
                receiver.type_name()
            }
        };
        if let Value::Object(o) = &receiver
            && let Some(method) = o.method(name)
        {
            let func = crate::funcs::Func::from_method(method);
            return self.eval_call(dot, &func, NodeRef::Arg(node), name, args, final_);
        }
        if let Value::Map(m) = &receiver
            && let Some(method) = self.set.map_method(m, name)
        {
            let func = crate::funcs::Func::from_method(method);
            return self.eval_call(dot, &func, NodeRef::Arg(node), name, args, final_);
        }
        let has_args = args.len() > 1 || final_.is_some();
        match &receiver {
            Value::Map(m) => {
                if has_args {
                    return Err(self.errorf("%s is not a method but has arguments", &[s(name)]));
                }
                let iface = m.map_type().elem == ElemType::Interface;
                if let Some(v) = m.get(name) {
                    return Ok(Val::slot(v, iface));
                }
                return match self.missing_key() {
                    MissingKey::Invalid => Ok(Val::Invalid),
                    MissingKey::Zero => Ok(zero_elem(m.map_type().elem)),
                    MissingKey::Error => {
                        Err(self.errorf("map has no entry for key %q", &[s(name)]))
                    }
                };
            }
            Value::Object(o) => {
                let has_field = o.field_names().contains(&name);
                if o.kind() == Kind::Ptr && o.is_nil() && has_field {
                    return Err(self.errorf("nil pointer evaluating %s.%s", &[s(&typ()), s(name)]));
                }
                if has_field && let Some(v) = o.field(name) {
                    if has_args {
                        return Err(self.errorf(
                            "%s has arguments but cannot be invoked as function",
                            &[s(name)],
                        ));
                    }
                    return Ok(Val::slot(v.clone(), v.is_nil()));
                }
            }
            _ => {}
        }
        Err(self.errorf("can't evaluate field %s in type %s", &[s(name), s(&typ())]))
    }
}

/// The zero value of a map's element type (`missingkey=zero`).
fn zero_elem(elem: ElemType) -> Val {
    match elem {
        ElemType::Interface => Val::Iface(Value::Nil),
        ElemType::String => Val::Direct(Value::string("")),
        ElemType::Int => Val::Direct(Value::int(0)),
        ElemType::Int64 => Val::Direct(Value::int64(0)),
        ElemType::Float64 => Val::Direct(Value::float64(0.0)),
        ElemType::Bool => Val::Direct(Value::Bool(false)),
        ElemType::Bytes => Val::Direct(Value::nil_bytes()),
    }
}
