//! The parse tree (Go's `parse/node.go`): what each node holds, and `String()`, the
//! canonical re-serialisation that exec errors quote (`at <.Values.foo>`).
//!
//! Every node carries its byte position in the parsed text; line and column are computed only
//! when an error is reported. Text nodes point into the shared source instead of copying it.

use std::fmt::{self, Write};
use std::sync::Arc;

/// A byte offset in the parsed text.
pub type Pos = u32;

/// A parsed template: one `define`d name, or the top level of a parsed text.
#[derive(Debug, Clone)]
pub struct Tree {
    /// The template's name.
    pub name: Arc<str>,
    /// The name of the top-level template of the parse that produced this tree (the file name
    /// in Helm), used in error locations.
    pub parse_name: Arc<str>,
    /// The body; `None` for a tree that failed to parse.
    pub root: Option<List>,
    /// The whole text that was parsed (shared by every tree of one parse).
    pub text: Arc<str>,
}

impl Tree {
    /// Go's `ErrorContext`: `NAME:LINE:COL` (1-based line, 0-based byte column) of a position.
    pub fn location(&self, pos: Pos) -> String {
        let pos = (pos as usize).min(self.text.len());
        let before = &self.text.as_bytes()[..pos];
        let line = 1 + self.text[..pos].matches('\n').count();
        let col = match before.iter().rposition(|&b| b == b'\n') {
            Some(nl) => pos - nl - 1,
            None => pos,
        };
        format!("{}:{}:{}", self.parse_name, line, col)
    }
}

/// A sequence of nodes.
#[derive(Debug, Clone)]
pub struct List {
    pub pos: Pos,
    pub nodes: Vec<Node>,
}

/// A node of a list.
#[derive(Debug, Clone)]
pub enum Node {
    /// Plain text, `len` bytes of the source at `pos`... after trimming, so it is held here.
    Text(TextNode),
    /// `{{pipeline}}`
    Action(ActionNode),
    /// `{{if}}`
    If(Box<Branch>),
    /// `{{range}}`
    Range(Box<Branch>),
    /// `{{with}}`
    With(Box<Branch>),
    /// `{{template "name" pipeline}}`
    Template(Box<TemplateNode>),
    /// `{{break}}`
    Break(Pos),
    /// `{{continue}}`
    Continue(Pos),
    /// `{{/* comment */}}` (only when comments are kept).
    Comment(Pos, Box<str>),
}

/// Text between actions.
#[derive(Debug, Clone)]
pub struct TextNode {
    pub pos: Pos,
    pub text: Box<str>,
}

/// `{{pipeline}}`
#[derive(Debug, Clone)]
pub struct ActionNode {
    pub pos: Pos,
    pub line: u32,
    pub pipe: Pipe,
}

/// The body of `if`, `range` and `with`.
#[derive(Debug, Clone)]
pub struct Branch {
    pub pos: Pos,
    pub line: u32,
    pub pipe: Pipe,
    pub list: List,
    pub else_list: Option<List>,
}

/// `{{template "name" pipeline}}`
#[derive(Debug, Clone)]
pub struct TemplateNode {
    pub pos: Pos,
    pub line: u32,
    pub name: Arc<str>,
    pub pipe: Option<Pipe>,
}

/// `$x := cmd | cmd`
#[derive(Debug, Clone)]
pub struct Pipe {
    pub pos: Pos,
    pub line: u32,
    /// `=` rather than `:=`.
    pub is_assign: bool,
    pub decl: Vec<Variable>,
    pub cmds: Vec<Command>,
}

/// One stage of a pipeline: operands separated by spaces.
#[derive(Debug, Clone)]
pub struct Command {
    pub pos: Pos,
    pub args: Vec<Arg>,
}

/// An operand.
#[derive(Debug, Clone)]
pub enum Arg {
    /// `.a.b`
    Field(Field),
    /// `(pipeline).a.b`, `fn.a`
    Chain(Box<Chain>),
    /// A function name.
    Identifier(Identifier),
    /// `(pipeline)`
    Pipe(Box<Pipe>),
    /// `$x.a.b`
    Variable(Variable),
    Bool(Pos, bool),
    Dot(Pos),
    Nil(Pos),
    Number(Box<Number>),
    String(StringLit),
}

/// `.a.b`: the names without dots.
#[derive(Debug, Clone)]
pub struct Field {
    pub pos: Pos,
    pub ident: Box<[Box<str>]>,
}

/// `$x.a.b`: `ident[0]` is the variable with its `$`.
#[derive(Debug, Clone)]
pub struct Variable {
    pub pos: Pos,
    pub ident: Box<[Box<str>]>,
}

/// A term followed by fields.
#[derive(Debug, Clone)]
pub struct Chain {
    pub pos: Pos,
    pub node: Arg,
    pub field: Box<[Box<str>]>,
}

/// A function name.
#[derive(Debug, Clone)]
pub struct Identifier {
    pub pos: Pos,
    pub name: Box<str>,
}

/// A number literal, with every Go type that can hold it.
#[expect(
    clippy::struct_excessive_bools,
    reason = "Go's NumberNode: one flag per type"
)]
#[derive(Debug, Clone, Default)]
pub struct Number {
    pub pos: Pos,
    pub is_int: bool,
    pub is_uint: bool,
    pub is_float: bool,
    pub is_complex: bool,
    pub int64: i64,
    pub uint64: u64,
    pub float64: f64,
    pub complex: (f64, f64),
    pub text: Box<str>,
}

/// A string literal: its source form and its value.
#[derive(Debug, Clone)]
pub struct StringLit {
    pub pos: Pos,
    pub quoted: Box<str>,
    pub text: Arc<str>,
}

impl Arg {
    /// The node's position.
    pub fn pos(&self) -> Pos {
        match self {
            Self::Field(f) => f.pos,
            Self::Chain(c) => c.pos,
            Self::Identifier(i) => i.pos,
            Self::Pipe(p) => p.pos,
            Self::Variable(v) => v.pos,
            Self::Bool(p, _) | Self::Dot(p) | Self::Nil(p) => *p,
            Self::Number(n) => n.pos,
            Self::String(s) => s.pos,
        }
    }
}

impl Node {
    /// The node's position.
    pub fn pos(&self) -> Pos {
        match self {
            Self::Text(t) => t.pos,
            Self::Action(a) => a.pos,
            Self::If(b) | Self::Range(b) | Self::With(b) => b.pos,
            Self::Template(t) => t.pos,
            Self::Break(p) | Self::Continue(p) | Self::Comment(p, _) => *p,
        }
    }
}

fn write_idents(f: &mut impl Write, ident: &[Box<str>], leading_dot: bool) -> fmt::Result {
    for (i, id) in ident.iter().enumerate() {
        if leading_dot || i > 0 {
            f.write_char('.')?;
        }
        f.write_str(id)?;
    }
    Ok(())
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Field(x) => write_idents(f, &x.ident, true),
            Self::Variable(x) => write_idents(f, &x.ident, false),
            Self::Chain(c) => {
                if let Self::Pipe(p) = &c.node {
                    write!(f, "({p})")?;
                } else {
                    write!(f, "{}", c.node)?;
                }
                write_idents(f, &c.field, true)
            }
            Self::Identifier(i) => f.write_str(&i.name),
            Self::Pipe(p) => write!(f, "{p}"),
            Self::Bool(_, b) => f.write_str(if *b { "true" } else { "false" }),
            Self::Dot(_) => f.write_str("."),
            Self::Nil(_) => f.write_str("nil"),
            Self::Number(n) => f.write_str(&n.text),
            Self::String(s) => f.write_str(&s.quoted),
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            if let Arg::Pipe(p) = arg {
                write!(f, "({p})")?;
            } else {
                write!(f, "{arg}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        super::grow(|| self.write(f))
    }
}

impl Pipe {
    fn write(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            for (i, v) in self.decl.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_idents(f, &v.ident, false)?;
            }
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl fmt::Display for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for n in &self.nodes {
            write!(f, "{n}")?;
        }
        Ok(())
    }
}

fn write_branch(f: &mut fmt::Formatter<'_>, name: &str, b: &Branch) -> fmt::Result {
    super::grow(|| write_branch_inner(f, name, b))
}

fn write_branch_inner(f: &mut fmt::Formatter<'_>, name: &str, b: &Branch) -> fmt::Result {
    write!(f, "{{{{{name} {}}}}}{}", b.pipe, b.list)?;
    if let Some(e) = &b.else_list {
        write!(f, "{{{{else}}}}{e}")?;
    }
    f.write_str("{{end}}")
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(t) => f.write_str(&t.text),
            Self::Action(a) => write!(f, "{{{{{}}}}}", a.pipe),
            Self::If(b) => write_branch(f, "if", b),
            Self::Range(b) => write_branch(f, "range", b),
            Self::With(b) => write_branch(f, "with", b),
            Self::Template(t) => write!(f, "{t}"),
            Self::Break(_) => f.write_str("{{break}}"),
            Self::Continue(_) => f.write_str("{{continue}}"),
            Self::Comment(_, text) => write!(f, "{{{{{text}}}}}"),
        }
    }
}

impl fmt::Display for TemplateNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{{{template {}",
            rudder_value::strconv::quote(&self.name)
        )?;
        if let Some(p) = &self.pipe {
            write!(f, " {p}")?;
        }
        f.write_str("}}")
    }
}

// Trees can nest arbitrarily deep (`{{if}}` inside `{{if}}`, parentheses): their destructors
// recurse, so each level makes sure there is stack for the next.
impl Drop for Branch {
    fn drop(&mut self) {
        let list = std::mem::take(&mut self.list.nodes);
        let else_list = self.else_list.take();
        super::grow(move || drop((list, else_list)));
    }
}

impl Drop for Command {
    fn drop(&mut self) {
        let args = std::mem::take(&mut self.args);
        super::grow(move || drop(args));
    }
}

/// Go's `IsEmptyTree`: only whitespace text and comments.
pub fn is_empty_list(list: Option<&List>) -> bool {
    match list {
        None => true,
        Some(l) => l.nodes.iter().all(|n| match n {
            Node::Comment(..) => true,
            Node::Text(t) => t.text.trim_matches(is_go_space).is_empty(),
            _ => false,
        }),
    }
}

/// The characters `bytes.TrimSpace` removes (ASCII space, `\t\n\v\f\r`, U+0085, U+00A0 and the
/// Unicode `White_Space` set).
fn is_go_space(c: char) -> bool {
    rudder_value::unicode::is_space(c)
}
