//! The executor (Go's `exec.go`): walks a tree with a data value, writing output and
//! evaluating pipelines, with Go's semantics and error texts.
//!
//! * `mod.rs`: the walk over control structures (`if`, `with`, `range`, `template`).
//! * `eval.rs`: pipelines, commands, fields, variables, literals.
//! * `call.rs`: function calls and Go's argument conversion.
//! * `builtins.rs`: Go's builtin functions.
//! * `val.rs`: the executor's `reflect.Value`.

mod builtins;
mod call;
mod eval;
pub(crate) mod val;

use std::fmt;

use rudder_value::Value;

use crate::error::{Excerpt, ExecError, ExecErrorInner};
use crate::parse::grow;
use crate::parse::node::{Arg, Branch, Command, Node, Pipe, TemplateNode, Tree};
use crate::set::{MissingKey, Templates};
use val::{Val, is_true};

pub(crate) use builtins::{Builtin, builtin, is_builtin};
pub use call::Call;

thread_local! {
    /// Argument stacks of finished executions, reused by the next: `include` starts a new
    /// execution for every helper it renders.
    static ARG_STACKS: std::cell::RefCell<Vec<Vec<Value>>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Drop for State<'_, '_> {
    fn drop(&mut self) {
        let mut stack = std::mem::take(&mut self.arg_stack);
        if stack.capacity() > 0 && stack.capacity() <= 1024 {
            stack.clear();
            ARG_STACKS.with(|p| {
                let mut pool = p.borrow_mut();
                if pool.len() < 64 {
                    pool.push(stack);
                }
            });
        }
    }
}

/// A string operand for an error format.
pub(crate) fn s(text: &str) -> Value {
    Value::string(text)
}

/// A node being executed, for error messages.
#[derive(Clone, Copy)]
pub(crate) enum NodeRef<'t> {
    Node(&'t Node),
    Template(&'t TemplateNode),
    Pipe(&'t Pipe),
    Command(&'t Command),
    Arg(&'t Arg),
}

impl NodeRef<'_> {
    fn pos(&self) -> u32 {
        match self {
            Self::Node(n) => n.pos(),
            Self::Template(t) => t.pos,
            Self::Pipe(p) => p.pos,
            Self::Command(c) => c.pos,
            Self::Arg(a) => a.pos(),
        }
    }
}

impl fmt::Display for NodeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Node(n) => n.fmt(f),
            Self::Template(t) => t.fmt(f),
            Self::Pipe(p) => p.fmt(f),
            Self::Command(c) => c.fmt(f),
            Self::Arg(a) => a.fmt(f),
        }
    }
}

/// How a walk ended: normally, or by `{{break}}`/`{{continue}}` inside a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

type Res<T> = Result<T, ExecError>;

/// The state of one execution (Go's `state`).
pub(crate) struct State<'t, 'o> {
    pub(crate) set: &'t Templates,
    tree: &'t Tree,
    name: &'t str,
    out: &'o mut Vec<u8>,
    node: Option<NodeRef<'t>>,
    vars: Vec<(&'t str, Val)>,
    /// Where the variables of the running template start (`{{template}}` hides its caller's).
    var_base: usize,
    depth: usize,
    steps: u64,
    /// Bytes of the strings function calls returned, counted against `Limits::max_output`
    /// with the output: a loop such as `{{$x = printf "%s%s" $x $x}}` doubles a value per
    /// step without writing anything.
    produced: usize,
    /// Arguments of the user function calls in progress (see `eval_call`).
    arg_stack: Vec<Value>,
}

impl<'t, 'o> State<'t, 'o> {
    pub(crate) fn new(
        set: &'t Templates,
        name: &'t str,
        tree: &'t Tree,
        out: &'o mut Vec<u8>,
    ) -> Self {
        Self {
            set,
            tree,
            name,
            out,
            node: None,
            vars: Vec::with_capacity(8),
            var_base: 0,
            depth: 0,
            steps: 0,
            produced: 0,
            arg_stack: ARG_STACKS
                .with(|p| p.borrow_mut().pop())
                .unwrap_or_default(),
        }
    }

    /// Go's `Execute`: runs the tree with `data` as `.` and `$`.
    pub(crate) fn execute(&mut self, data: &Value) -> Res<()> {
        let dot = Val::of(data.clone());
        self.vars.push(("$", dot.clone()));
        let Some(root) = &self.tree.root else {
            return Err(self.errorf("%q is an incomplete or empty template", &[s(self.name)]));
        };
        self.walk_list(&dot, &root.nodes).map(|_| ())
    }

    fn at(&mut self, node: NodeRef<'t>) {
        self.node = Some(node);
    }

    /// Go's `errorf`: an error located at the current node, from a Go format and its operands
    /// (formatted by `rudder_value::fmt`, so the text is Go's).
    pub(crate) fn errorf(&self, format: &str, args: &[Value]) -> ExecError {
        self.errorf_with_cause(format, args, None)
    }

    fn errorf_with_cause(
        &self,
        format: &str,
        args: &[Value],
        cause: Option<std::sync::Arc<dyn std::error::Error + Send + Sync>>,
    ) -> ExecError {
        // `%w` is `Errorf`'s; the operand here is the cause's text.
        let format = format.replace("%w", "%v");
        let message = rudder_value::fmt::sprintf(&format, args);
        let (location, context, excerpt) = match self.node {
            None => (None, None, None),
            Some(n) => {
                let pos = n.pos() as usize;
                let text = &self.tree.text;
                let pos = pos.min(text.len());
                let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
                let excerpt = Excerpt {
                    line: text[line_start..line_end].to_owned(),
                    col: text[line_start..pos].chars().count(),
                };
                (
                    Some(self.tree.location(pos as u32)),
                    Some(n.to_string()),
                    Some(excerpt),
                )
            }
        };
        // Go splices the location into the format string unescaped: a `%` in a template's
        // parse name (a file name) acts as a verb and consumes operands. Reproduce that.
        let go_text = match (&location, &context) {
            (Some(loc), Some(ctx)) if loc.contains('%') => {
                let full = format!(
                    "template: {loc}: executing {} at <{}>: {format}",
                    rudder_value::strconv::quote(&self.name.replace('%', "%%")),
                    ctx.replace('%', "%%")
                );
                Some(rudder_value::fmt::sprintf(&full, args))
            }
            _ => None,
        };
        ExecError(Box::new(ExecErrorInner {
            template: self.name.to_owned(),
            location,
            context,
            message,
            go_text,
            cause,
            excerpt,
        }))
    }

    fn missing_key(&self) -> MissingKey {
        self.set.missing_key()
    }

    /// Counts work against the optional limits.
    fn step(&mut self) -> Res<()> {
        let limits = self.set.limits();
        if let Some(max) = limits.max_steps {
            self.steps += 1;
            if self.steps > max {
                return Err(self.errorf(
                    "rudder: execution exceeded %d steps",
                    &[Value::int(max as i64)],
                ));
            }
        }
        if let Some(max) = limits.max_output
            && self.out.len() > max
        {
            return Err(self.errorf(
                "rudder: output exceeded %d bytes",
                &[Value::int(max as i64)],
            ));
        }
        Ok(())
    }

    /// Counts a function's string result against `Limits::max_output`: the bytes values
    /// hold are work too, and bounding them bounds the time spent building and printing them.
    fn charge(&mut self, node: NodeRef<'t>, result: &Val) -> Res<()> {
        let Some(max) = self.set.limits().max_output else {
            return Ok(());
        };
        let len = match result.concrete() {
            Some(Value::String(s)) => s.len(),
            Some(Value::Bytes(b)) => b.len(),
            _ => return Ok(()),
        };
        self.produced = self.produced.saturating_add(len);
        if self.produced > max {
            self.at(node);
            return Err(self.errorf(
                "rudder: function results exceeded %d bytes",
                &[Value::int(max as i64)],
            ));
        }
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    // --- Variables ------------------------------------------------------------------------

    fn mark(&self) -> usize {
        self.vars.len()
    }

    fn pop(&mut self, mark: usize) {
        self.vars.truncate(mark);
    }

    fn push(&mut self, name: &'t str, value: Val) {
        self.vars.push((name, value));
    }

    fn set_var(&mut self, name: &str, value: Val) -> Res<()> {
        for (n, v) in self.vars[self.var_base..].iter_mut().rev() {
            if *n == name {
                *v = value;
                return Ok(());
            }
        }
        Err(self.errorf("undefined variable: %s", &[s(name)]))
    }

    fn set_top_var(&mut self, n: usize, value: Val) {
        let i = self.vars.len() - n;
        self.vars[i].1 = value;
    }

    fn var_value(&self, name: &str) -> Res<Val> {
        for (n, v) in self.vars[self.var_base..].iter().rev() {
            if *n == name {
                return Ok(v.clone());
            }
        }
        Err(self.errorf("undefined variable: %s", &[s(name)]))
    }

    // --- Walking ---------------------------------------------------------------------------

    fn walk_list(&mut self, dot: &Val, nodes: &'t [Node]) -> Res<Flow> {
        for node in nodes {
            let flow = self.walk(dot, node)?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Val, node: &'t Node) -> Res<Flow> {
        self.at(NodeRef::Node(node));
        self.step()?;
        match node {
            Node::Action(a) => {
                // Variables declared by an action persist until the next {{end}}; an action
                // that declares prints nothing.
                let val = self.eval_pipeline(dot, &a.pipe)?;
                if a.pipe.decl.is_empty() {
                    self.print_value(NodeRef::Node(node), &val)?;
                }
            }
            Node::Break(_) => return Ok(Flow::Break),
            Node::Continue(_) => return Ok(Flow::Continue),
            Node::Comment(..) => {}
            Node::If(b) => return grow(|| self.walk_if_or_with(false, dot, b)),
            Node::With(b) => return grow(|| self.walk_if_or_with(true, dot, b)),
            Node::Range(b) => return grow(|| self.walk_range(dot, node, b)),
            Node::Template(t) => self.walk_template(dot, t)?,
            Node::Text(t) => self.write(t.text.as_bytes()),
        }
        Ok(Flow::Normal)
    }

    fn walk_if_or_with(&mut self, with: bool, dot: &Val, b: &'t Branch) -> Res<Flow> {
        let mark = self.mark();
        let result = (|| {
            let val = self.eval_pipeline(dot, &b.pipe)?;
            if is_true(&val) {
                if with {
                    self.walk_list(&val, &b.list.nodes)
                } else {
                    self.walk_list(dot, &b.list.nodes)
                }
            } else if let Some(else_list) = &b.else_list {
                self.walk_list(dot, &else_list.nodes)
            } else {
                Ok(Flow::Normal)
            }
        })();
        self.pop(mark);
        result
    }

    fn walk_range(&mut self, dot: &Val, node: &'t Node, r: &'t Branch) -> Res<Flow> {
        self.at(NodeRef::Node(node));
        let mark = self.mark();
        let result = self.walk_range_inner(dot, r);
        self.pop(mark);
        // Go recovers `break` anywhere in the range, `{{else}}` list included; a `continue`
        // in the `{{else}}` list (walked outside the loop) reaches the enclosing range.
        result.map(|flow| match flow {
            Flow::Continue => Flow::Continue,
            Flow::Normal | Flow::Break => Flow::Normal,
        })
    }

    /// A `{{break}}` or `{{continue}}` in the body ends at this range; one in the `{{else}}`
    /// list is returned.
    fn walk_range_inner(&mut self, dot: &Val, r: &'t Branch) -> Res<Flow> {
        let val = self.eval_pipeline(dot, &r.pipe)?.unwrap_iface();
        let body_mark = self.mark();
        let decls = r.pipe.decl.len();
        let mut ran = false;
        match &val {
            Val::Direct(Value::Int(n, kind)) => {
                if decls > 1 {
                    return Err(self.range_value_error(
                        "can't use %v to iterate over more than one variable",
                        &val,
                    ));
                }
                let (n, kind) = (*n, *kind);
                let mut i = 0;
                while i < n {
                    ran = true;
                    if self.one_iteration(
                        r,
                        body_mark,
                        Val::Invalid,
                        &Val::Direct(Value::Int(i, kind)),
                    )? == Flow::Break
                    {
                        break;
                    }
                    i += 1;
                }
            }
            Val::Direct(Value::Uint(n, kind)) => {
                if decls > 1 {
                    return Err(self.range_value_error(
                        "can't use %v to iterate over more than one variable",
                        &val,
                    ));
                }
                let (n, kind) = (*n, *kind);
                let mut i = 0;
                while i < n {
                    ran = true;
                    if self.one_iteration(
                        r,
                        body_mark,
                        Val::Invalid,
                        &Val::Direct(Value::Uint(i, kind)),
                    )? == Flow::Break
                    {
                        break;
                    }
                    i += 1;
                }
            }
            Val::Direct(Value::List(l)) => {
                let iface = l.elem() == rudder_value::ElemType::Interface;
                let items = l.clone();
                for (i, item) in items.items().iter().enumerate() {
                    ran = true;
                    let elem = Val::slot(item.clone(), iface);
                    if self.one_iteration(r, body_mark, Val::Direct(Value::int(i as i64)), &elem)?
                        == Flow::Break
                    {
                        break;
                    }
                }
            }
            Val::Direct(Value::Bytes(b)) => {
                let bytes = b.clone();
                for (i, byte) in bytes.iter().enumerate() {
                    ran = true;
                    let elem =
                        Val::Direct(Value::Uint(u64::from(*byte), rudder_value::UintKind::Uint8));
                    if self.one_iteration(r, body_mark, Val::Direct(Value::int(i as i64)), &elem)?
                        == Flow::Break
                    {
                        break;
                    }
                }
            }
            Val::Direct(Value::Map(m)) => {
                let iface = m.map_type().elem == rudder_value::ElemType::Interface;
                // A snapshot in key order (Go's fmtsort): the body may modify the map.
                for (k, v) in m.entries() {
                    ran = true;
                    let elem = Val::slot(v, iface);
                    if self.one_iteration(r, body_mark, Val::Direct(Value::String(k)), &elem)?
                        == Flow::Break
                    {
                        break;
                    }
                }
            }
            Val::Invalid => {}
            _ => {
                // Reported at the last node the pipeline evaluated, as Go does.
                return Err(self.range_value_error("range can't iterate over %v", &val));
            }
        }
        if !ran && let Some(else_list) = &r.else_list {
            return self.walk_list(dot, &else_list.nodes);
        }
        Ok(Flow::Normal)
    }

    fn range_value_error(&self, format: &str, val: &Val) -> ExecError {
        self.errorf(format, &[val.clone().into_value()])
    }

    /// One pass of a range body with the index and element.
    fn one_iteration(&mut self, r: &'t Branch, mark: usize, index: Val, elem: &Val) -> Res<Flow> {
        // An iteration counts as a step even when the body is empty (`{{range 1e18}}{{end}}`).
        self.step()?;
        let decl = &r.pipe.decl;
        if !decl.is_empty() {
            if r.pipe.is_assign {
                if decl.len() > 1 {
                    self.set_var(&decl[0].ident[0], index.clone())?;
                } else {
                    self.set_var(&decl[0].ident[0], elem.clone())?;
                }
            } else {
                self.set_top_var(1, elem.clone());
            }
        }
        if decl.len() > 1 {
            if r.pipe.is_assign {
                self.set_var(&decl[1].ident[0], elem.clone())?;
            } else {
                self.set_top_var(2, index);
            }
        }
        let result = self.walk_list(elem, &r.list.nodes);
        self.pop(mark);
        match result? {
            Flow::Break => Ok(Flow::Break),
            Flow::Normal | Flow::Continue => Ok(Flow::Normal),
        }
    }

    fn walk_template(&mut self, dot: &Val, t: &'t TemplateNode) -> Res<()> {
        self.at(NodeRef::Template(t));
        let Some((name, tree)) = self.set.lookup_entry(&t.name) else {
            return Err(self.errorf("template %q not defined", &[s(&t.name)]));
        };
        let max = self.set.limits().max_exec_depth;
        if self.depth >= max {
            return Err(self.errorf(
                "exceeded maximum template depth (%v)",
                &[Value::int(max as i64)],
            ));
        }
        let dot = match &t.pipe {
            Some(p) => self.eval_pipeline(dot, p)?,
            None => Val::Invalid,
        };
        let Some(root) = &tree.root else {
            return Ok(());
        };
        // No dynamic scoping: the invoked template sees only `$`.
        let saved_base = std::mem::replace(&mut self.var_base, self.vars.len());
        self.vars.push(("$", dot.clone()));
        let saved_tree = std::mem::replace(&mut self.tree, tree);
        let saved_name = std::mem::replace(&mut self.name, name);
        self.depth += 1;
        // Each level of template recursion uses stack; grow it on the heap as needed.
        let result = grow(|| self.walk_list(&dot, &root.nodes));
        self.depth -= 1;
        self.name = saved_name;
        self.tree = saved_tree;
        self.vars.truncate(self.var_base);
        self.var_base = saved_base;
        result.map(|_| ())
    }

    /// Go's `printValue`: `{{ x }}`.
    fn print_value(&mut self, node: NodeRef<'t>, v: &Val) -> Res<()> {
        self.at(node);
        match v.concrete() {
            None => {
                if matches!(v, Val::Iface(_)) {
                    self.write(b"<nil>");
                } else {
                    self.write(b"<no value>");
                }
            }
            Some(value) => {
                if let Value::Object(o) = value
                    && matches!(o.kind(), rudder_value::Kind::Func)
                    && o.to_go_string().is_none()
                {
                    return Err(self.errorf(
                        "can't print %s of type %s",
                        &[s(&node.to_string()), s(&value.type_name())],
                    ));
                }
                rudder_value::fmt::write_value(self.out, value);
            }
        }
        Ok(())
    }
}
