//! The parser (Go's `parse/parse.go`): items to trees, with Go's grammar, variable scoping,
//! `define`/`block` handling and error texts (`template: NAME:LINE: msg`).
//!
//! The token lookahead (three items, pushed back the way Go does) is reproduced exactly because
//! the line an error reports is the line of the last token read from the lexer.

pub mod node;
mod number;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use node::{
    ActionNode, Arg, Branch, Chain, Command, Field, Identifier, List, Node, Pipe, StringLit,
    TemplateNode, TextNode, Tree, Variable, is_empty_list,
};

use crate::error::ParseError;
use crate::lex::{Item, ItemKind, Lexer};

/// Parenthesised expressions nest at most this deep (Go's `maxStackDepth`).
pub const MAX_STACK_DEPTH: u32 = 10_000;

/// How to parse.
pub(crate) struct ParseConfig<'f> {
    pub(crate) left: &'f str,
    pub(crate) right: &'f str,
    /// Keep comments in the tree.
    pub(crate) parse_comments: bool,
    /// Do not check that functions exist.
    pub(crate) skip_func_check: bool,
    /// Whether a function of that name is defined (builtins included).
    pub(crate) has_function: &'f dyn Fn(&str) -> bool,
}

/// The trees of one parse, in the order they were completed (defines first, the top level
/// last), already merged by Go's rules within the parse.
pub(crate) type TreeSet = Vec<Tree>;

/// Go's `parse.Parse`: parses `text` as the template `name`, collecting `define`d templates.
pub(crate) fn parse(name: &str, text: &str, cfg: &ParseConfig<'_>) -> Result<TreeSet, ParseError> {
    let source: Arc<str> = Arc::from(text);
    let parse_name: Arc<str> = Arc::from(name);
    let mut lex = Lexer::new(text, cfg.left, cfg.right);
    lex.options.emit_comment = cfg.parse_comments;
    lex.options.break_ok = !(cfg.has_function)("break");
    lex.options.continue_ok = !(cfg.has_function)("continue");
    let mut p = Parser {
        lex,
        cfg,
        source,
        parse_name,
        trees: Vec::new(),
    };
    let mut top = TreeState::new(name);
    let root = p.parse_top(&mut top)?;
    p.add(&top, Some(root))?;
    Ok(p.trees)
}

struct Parser<'a, 'c> {
    lex: Lexer<'a>,
    cfg: &'c ParseConfig<'c>,
    source: Arc<str>,
    parse_name: Arc<str>,
    trees: TreeSet,
}

/// The per-tree parsing state (Go's `Tree` fields used while parsing).
struct TreeState<'a> {
    name: String,
    token: [Item<'a>; 3],
    peek_count: usize,
    vars: Vec<Box<str>>,
    action_line: u32,
    range_depth: u32,
    stack_depth: u32,
}

fn empty_item<'a>() -> Item<'a> {
    Item {
        kind: ItemKind::Eof,
        pos: 0,
        val: std::borrow::Cow::Borrowed(""),
        line: 0,
    }
}

impl TreeState<'_> {
    fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            token: [empty_item(), empty_item(), empty_item()],
            peek_count: 0,
            vars: vec!["$".into()],
            action_line: 0,
            range_depth: 0,
            stack_depth: 0,
        }
    }
}

type Res<T> = Result<T, ParseError>;

/// `{{end}}` or `{{else}}` closing an item list.
enum ListEnd {
    End,
    /// `{{else}}` at this position.
    Else(u32),
}

impl ListEnd {
    fn describe(&self) -> &'static str {
        match self {
            Self::End => "{{end}}",
            Self::Else(..) => "{{else}}",
        }
    }
}

/// What `textOrAction` produced.
enum Parsed {
    Node(Node),
    End,
    Else(u32),
}

impl<'a> Parser<'a, '_> {
    // --- Tokens -------------------------------------------------------------------------

    fn next(&mut self, t: &mut TreeState<'a>) -> Item<'a> {
        if t.peek_count > 0 {
            t.peek_count -= 1;
        } else {
            t.token[0] = self.lex.next_item();
        }
        t.token[t.peek_count].clone()
    }

    fn backup(t: &mut TreeState<'a>) {
        t.peek_count += 1;
    }

    fn backup2(t: &mut TreeState<'a>, t1: Item<'a>) {
        t.token[1] = t1;
        t.peek_count = 2;
    }

    fn backup3(t: &mut TreeState<'a>, t2: Item<'a>, t1: Item<'a>) {
        t.token[1] = t1;
        t.token[2] = t2;
        t.peek_count = 3;
    }

    fn peek(&mut self, t: &mut TreeState<'a>) -> Item<'a> {
        if t.peek_count > 0 {
            return t.token[t.peek_count - 1].clone();
        }
        t.peek_count = 1;
        t.token[0] = self.lex.next_item();
        t.token[0].clone()
    }

    fn next_non_space(&mut self, t: &mut TreeState<'a>) -> Item<'a> {
        loop {
            let item = self.next(t);
            if item.kind != ItemKind::Space {
                return item;
            }
        }
    }

    fn peek_non_space(&mut self, t: &mut TreeState<'a>) -> Item<'a> {
        let item = self.next_non_space(t);
        Self::backup(t);
        item
    }

    // --- Errors -------------------------------------------------------------------------

    fn errorf(&self, t: &TreeState<'a>, msg: impl Into<String>) -> ParseError {
        ParseError::new(&self.parse_name, t.token[0].line, msg.into())
    }

    fn expect(
        &mut self,
        t: &mut TreeState<'a>,
        expected: ItemKind,
        context: &str,
    ) -> Res<Item<'a>> {
        let token = self.next_non_space(t);
        if token.kind != expected {
            return Err(self.unexpected(t, &token, context));
        }
        Ok(token)
    }

    fn expect_one_of(
        &mut self,
        t: &mut TreeState<'a>,
        e1: ItemKind,
        e2: ItemKind,
        context: &str,
    ) -> Res<Item<'a>> {
        let token = self.next_non_space(t);
        if token.kind != e1 && token.kind != e2 {
            return Err(self.unexpected(t, &token, context));
        }
        Ok(token)
    }

    fn unexpected(&self, t: &TreeState<'a>, token: &Item<'a>, context: &str) -> ParseError {
        if token.kind == ItemKind::Error {
            let mut extra = String::new();
            if t.action_line != 0 && t.action_line != token.line {
                extra = format!(
                    " in action started at {}:{}",
                    self.parse_name, t.action_line
                );
                if token.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_owned();
                }
            }
            return self.errorf(t, format!("{token}{extra}"));
        }
        self.errorf(t, format!("unexpected {token} in {context}"))
    }

    fn has_function(&self, name: &str) -> bool {
        (self.cfg.has_function)(name)
    }

    // --- Trees --------------------------------------------------------------------------

    fn tree(&self, name: &str, root: Option<List>) -> Tree {
        Tree {
            name: Arc::from(name),
            parse_name: self.parse_name.clone(),
            root,
            text: self.source.clone(),
        }
    }

    /// Go's `(*Tree).add`: install a tree in the set, unless a non-empty one exists.
    fn add(&mut self, t: &TreeState<'a>, root: Option<List>) -> Res<()> {
        if let Some(i) = self.trees.iter().position(|x| *x.name == *t.name) {
            if is_empty_list(self.trees[i].root.as_ref()) {
                self.trees[i] = self.tree(&t.name, root);
                return Ok(());
            }
            if !is_empty_list(root.as_ref()) {
                return Err(self.errorf(
                    t,
                    format!(
                        "template: multiple definition of template {}",
                        rudder_value::strconv::quote(&t.name)
                    ),
                ));
            }
            return Ok(());
        }
        let tree = self.tree(&t.name, root);
        self.trees.push(tree);
        Ok(())
    }

    // --- Grammar ------------------------------------------------------------------------

    /// Go's `parse`: the top level, where `{{define}}` is allowed.
    fn parse_top(&mut self, t: &mut TreeState<'a>) -> Res<List> {
        let pos = self.peek(t).pos;
        let mut root = List {
            pos,
            nodes: Vec::new(),
        };
        while self.peek(t).kind != ItemKind::Eof {
            if self.peek(t).kind == ItemKind::LeftDelim {
                let delim = self.next(t);
                if self.next_non_space(t).kind == ItemKind::Define {
                    let mut def = TreeState::new("definition");
                    self.parse_definition(&mut def)?;
                    continue;
                }
                Self::backup2(t, delim);
            }
            match self.text_or_action(t)? {
                Parsed::Node(n) => root.nodes.push(n),
                Parsed::End => return Err(self.errorf(t, "unexpected {{end}}")),
                Parsed::Else(_) => return Err(self.errorf(t, "unexpected {{else}}")),
            }
        }
        Ok(root)
    }

    /// `{{define "name"}} ... {{end}}`; the `define` keyword has been read.
    fn parse_definition(&mut self, t: &mut TreeState<'a>) -> Res<()> {
        const CONTEXT: &str = "define clause";
        let name = self.expect_one_of(t, ItemKind::String, ItemKind::RawString, CONTEXT)?;
        let unquoted =
            rudder_value::strconv::unquote(&name.val).map_err(|e| self.errorf(t, e.to_string()))?;
        t.name = rudder_value::unicode::lossy(unquoted);
        self.expect(t, ItemKind::RightDelim, CONTEXT)?;
        let (list, end) = self.item_list(t)?;
        if !matches!(end, ListEnd::End) {
            return Err(self.errorf(t, format!("unexpected {} in {CONTEXT}", end.describe())));
        }
        self.add(t, Some(list))
    }

    /// Nodes up to `{{end}}` or `{{else}}`.
    fn item_list(&mut self, t: &mut TreeState<'a>) -> Res<(List, ListEnd)> {
        let pos = self.peek_non_space(t).pos;
        let mut list = List {
            pos,
            nodes: Vec::new(),
        };
        while self.peek_non_space(t).kind != ItemKind::Eof {
            match self.text_or_action(t)? {
                Parsed::Node(n) => list.nodes.push(n),
                Parsed::End => {
                    list.nodes.shrink_to_fit();
                    return Ok((list, ListEnd::End));
                }
                Parsed::Else(p) => {
                    list.nodes.shrink_to_fit();
                    return Ok((list, ListEnd::Else(p)));
                }
            }
        }
        Err(self.errorf(t, "unexpected EOF"))
    }

    fn text_or_action(&mut self, t: &mut TreeState<'a>) -> Res<Parsed> {
        let token = self.next_non_space(t);
        match token.kind {
            ItemKind::Text => Ok(Parsed::Node(Node::Text(TextNode {
                pos: token.pos,
                text: token.val.into_owned().into_boxed_str(),
            }))),
            ItemKind::LeftDelim => {
                t.action_line = token.line;
                let result = self.action(t);
                t.action_line = 0;
                result
            }
            ItemKind::Comment => Ok(Parsed::Node(Node::Comment(
                token.pos,
                token.val.into_owned().into_boxed_str(),
            ))),
            _ => Err(self.unexpected(t, &token, "input")),
        }
    }

    fn action(&mut self, t: &mut TreeState<'a>) -> Res<Parsed> {
        let token = self.next_non_space(t);
        match token.kind {
            ItemKind::Block => return self.block_control(t).map(Parsed::Node),
            ItemKind::Break => {
                return self
                    .break_control(t, token.pos, "{{break}}")
                    .map(Parsed::Node);
            }
            ItemKind::Continue => {
                return self
                    .break_control(t, token.pos, "{{continue}}")
                    .map(Parsed::Node);
            }
            ItemKind::Else => return self.else_control(t),
            ItemKind::End => {
                self.expect(t, ItemKind::RightDelim, "end")?;
                return Ok(Parsed::End);
            }
            ItemKind::If => {
                return self
                    .branch(t, "if")
                    .map(|b| Parsed::Node(Node::If(Box::new(b))));
            }
            ItemKind::Range => {
                return self
                    .branch(t, "range")
                    .map(|b| Parsed::Node(Node::Range(Box::new(b))));
            }
            ItemKind::Template => return self.template_control(t).map(Parsed::Node),
            ItemKind::With => {
                return self
                    .branch(t, "with")
                    .map(|b| Parsed::Node(Node::With(Box::new(b))));
            }
            _ => {}
        }
        Self::backup(t);
        let token = self.peek(t);
        // Variables declared here persist until the enclosing {{end}}.
        let pipe = self.pipeline(t, "command", ItemKind::RightDelim)?;
        Ok(Parsed::Node(Node::Action(ActionNode {
            pos: token.pos,
            line: token.line,
            pipe,
        })))
    }

    /// `{{break}}` and `{{continue}}`.
    fn break_control(&mut self, t: &mut TreeState<'a>, pos: u32, what: &str) -> Res<Node> {
        let token = self.next_non_space(t);
        if token.kind != ItemKind::RightDelim {
            return Err(self.unexpected(t, &token, what));
        }
        if t.range_depth == 0 {
            return Err(self.errorf(t, format!("{what} outside {{{{range}}}}")));
        }
        Ok(if what == "{{break}}" {
            Node::Break(pos)
        } else {
            Node::Continue(pos)
        })
    }

    fn pipeline(&mut self, t: &mut TreeState<'a>, context: &str, end: ItemKind) -> Res<Pipe> {
        let token = self.peek_non_space(t);
        let mut pipe = Pipe {
            pos: token.pos,
            line: token.line,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        // Declarations or assignments.
        loop {
            let v = self.peek_non_space(t);
            if v.kind != ItemKind::Variable {
                break;
            }
            self.next(t);
            // "$x foo" needs three tokens of lookahead: the space after the variable is kept
            // so it can be pushed back.
            let token_after_variable = self.peek(t);
            let next = self.peek_non_space(t);
            if next.kind == ItemKind::Assign || next.kind == ItemKind::Declare {
                pipe.is_assign = next.kind == ItemKind::Assign;
                self.next_non_space(t);
                pipe.decl.push(new_variable(v.pos, &v.val));
                t.vars.push(v.val.as_ref().into());
                break;
            }
            if next.kind == ItemKind::Char && next.val == "," {
                self.next_non_space(t);
                pipe.decl.push(new_variable(v.pos, &v.val));
                t.vars.push(v.val.as_ref().into());
                if context == "range" && pipe.decl.len() < 2 {
                    match self.peek_non_space(t).kind {
                        ItemKind::Variable | ItemKind::RightDelim | ItemKind::RightParen => {
                            continue;
                        }
                        _ => return Err(self.errorf(t, "range can only initialize variables")),
                    }
                }
                return Err(self.errorf(t, format!("too many declarations in {context}")));
            }
            if token_after_variable.kind == ItemKind::Space {
                Self::backup3(t, v, token_after_variable);
            } else {
                Self::backup2(t, v);
            }
            break;
        }
        loop {
            let token = self.next_non_space(t);
            if token.kind == end {
                self.check_pipeline(t, &pipe, context)?;
                pipe.cmds.shrink_to_fit();
                return Ok(pipe);
            }
            match token.kind {
                ItemKind::Bool
                | ItemKind::CharConstant
                | ItemKind::Complex
                | ItemKind::Dot
                | ItemKind::Field
                | ItemKind::Identifier
                | ItemKind::Number
                | ItemKind::Nil
                | ItemKind::RawString
                | ItemKind::String
                | ItemKind::Variable
                | ItemKind::LeftParen => {
                    Self::backup(t);
                    let cmd = self.command(t)?;
                    pipe.cmds.push(cmd);
                }
                _ => return Err(self.unexpected(t, &token, context)),
            }
        }
    }

    fn check_pipeline(&self, t: &TreeState<'a>, pipe: &Pipe, context: &str) -> Res<()> {
        if pipe.cmds.is_empty() {
            return Err(self.errorf(t, format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args[0],
                Arg::Bool(..) | Arg::Dot(_) | Arg::Nil(_) | Arg::Number(_) | Arg::String(_)
            ) {
                return Err(self.errorf(
                    t,
                    format!("non executable command in pipeline stage {}", i + 1),
                ));
            }
        }
        Ok(())
    }

    /// `if`, `range` and `with`.
    fn branch(&mut self, t: &mut TreeState<'a>, context: &str) -> Res<Branch> {
        let mark = t.vars.len();
        // Control structures nest without limit (as in Go); grow the stack on the heap.
        let result = grow(|| self.branch_inner(t, context));
        t.vars.truncate(mark);
        result
    }

    fn branch_inner(&mut self, t: &mut TreeState<'a>, context: &str) -> Res<Branch> {
        let pipe = self.pipeline(t, context, ItemKind::RightDelim)?;
        if context == "range" {
            t.range_depth += 1;
        }
        let listed = self.item_list(t);
        if context == "range" {
            t.range_depth -= 1;
        }
        let (list, next) = listed?;
        let mut else_list = None;
        if let ListEnd::Else(else_pos) = next {
            // `{{else if}}` and `{{else with}}` are `{{else}}{{if ...}}{{end}}{{end}}`: the
            // inner construct consumes the one {{end}}.
            if context == "if" && self.peek(t).kind == ItemKind::If {
                self.next(t);
                let inner = self.branch(t, "if")?;
                else_list = Some(List {
                    pos: else_pos,
                    nodes: vec![Node::If(Box::new(inner))],
                });
            } else if context == "with" && self.peek(t).kind == ItemKind::With {
                self.next(t);
                let inner = self.branch(t, "with")?;
                else_list = Some(List {
                    pos: else_pos,
                    nodes: vec![Node::With(Box::new(inner))],
                });
            } else {
                let (list, next) = self.item_list(t)?;
                if !matches!(next, ListEnd::End) {
                    return Err(self.errorf(t, format!("expected end; found {}", next.describe())));
                }
                else_list = Some(list);
            }
        }
        Ok(Branch {
            pos: pipe.pos,
            line: pipe.line,
            pipe,
            list,
            else_list,
        })
    }

    fn else_control(&mut self, t: &mut TreeState<'a>) -> Res<Parsed> {
        let peek = self.peek_non_space(t);
        if peek.kind == ItemKind::If || peek.kind == ItemKind::With {
            return Ok(Parsed::Else(peek.pos));
        }
        let token = self.expect(t, ItemKind::RightDelim, "else")?;
        Ok(Parsed::Else(token.pos))
    }

    fn block_control(&mut self, t: &mut TreeState<'a>) -> Res<Node> {
        const CONTEXT: &str = "block clause";
        let token = self.next_non_space(t);
        let name = self.parse_template_name(t, &token, CONTEXT)?;
        let pipe = self.pipeline(t, CONTEXT, ItemKind::RightDelim)?;
        let mut block = TreeState::new(&name);
        let (list, end) = grow(|| self.item_list(&mut block))?;
        if !matches!(end, ListEnd::End) {
            return Err(self.errorf(t, format!("unexpected {} in {CONTEXT}", end.describe())));
        }
        self.add(&block, Some(list))?;
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos,
            line: token.line,
            name: Arc::from(name.as_str()),
            pipe: Some(pipe),
        })))
    }

    fn template_control(&mut self, t: &mut TreeState<'a>) -> Res<Node> {
        const CONTEXT: &str = "template clause";
        let token = self.next_non_space(t);
        let name = self.parse_template_name(t, &token, CONTEXT)?;
        let mut pipe = None;
        if self.next_non_space(t).kind != ItemKind::RightDelim {
            Self::backup(t);
            pipe = Some(self.pipeline(t, CONTEXT, ItemKind::RightDelim)?);
        }
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos,
            line: token.line,
            name: Arc::from(name.as_str()),
            pipe,
        })))
    }

    fn parse_template_name(
        &mut self,
        t: &TreeState<'a>,
        token: &Item<'a>,
        context: &str,
    ) -> Res<String> {
        match token.kind {
            ItemKind::String | ItemKind::RawString => {
                let s = rudder_value::strconv::unquote(&token.val)
                    .map_err(|e| self.errorf(t, e.to_string()))?;
                Ok(rudder_value::unicode::lossy(s))
            }
            _ => Err(self.unexpected(t, token, context)),
        }
    }

    fn command(&mut self, t: &mut TreeState<'a>) -> Res<Command> {
        let pos = self.peek_non_space(t).pos;
        let mut cmd = Command {
            pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space(t);
            if let Some(operand) = self.operand(t)? {
                cmd.args.push(operand);
            }
            let token = self.next(t);
            match token.kind {
                ItemKind::Space => continue,
                ItemKind::RightDelim | ItemKind::RightParen => Self::backup(t),
                ItemKind::Pipe => {}
                _ => return Err(self.unexpected(t, &token, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.errorf(t, "empty command"));
        }
        cmd.args.shrink_to_fit();
        Ok(cmd)
    }

    fn operand(&mut self, t: &mut TreeState<'a>) -> Res<Option<Arg>> {
        let Some(node) = self.term(t)? else {
            return Ok(None);
        };
        if self.peek(t).kind != ItemKind::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek(t).pos;
        let mut fields: Vec<Box<str>> = Vec::new();
        while self.peek(t).kind == ItemKind::Field {
            let f = self.next(t);
            fields.push(f.val[1..].into());
        }
        Ok(Some(match node {
            Arg::Field(f) => {
                let mut ident = f.ident.into_vec();
                ident.extend(fields);
                Arg::Field(Field {
                    pos: chain_pos,
                    ident: ident.into_boxed_slice(),
                })
            }
            Arg::Variable(v) => {
                let mut ident = v.ident.into_vec();
                ident.extend(fields);
                Arg::Variable(Variable {
                    pos: chain_pos,
                    ident: ident.into_boxed_slice(),
                })
            }
            Arg::Bool(..) | Arg::String(_) | Arg::Number(_) | Arg::Nil(_) | Arg::Dot(_) => {
                let q = rudder_value::strconv::quote(&node.to_string());
                return Err(self.errorf(t, format!("unexpected . after term {q}")));
            }
            other => Arg::Chain(Box::new(Chain {
                pos: chain_pos,
                node: other,
                field: fields.into_boxed_slice(),
            })),
        }))
    }

    fn term(&mut self, t: &mut TreeState<'a>) -> Res<Option<Arg>> {
        let token = self.next_non_space(t);
        Ok(Some(match token.kind {
            ItemKind::Identifier => {
                if !self.cfg.skip_func_check && !self.has_function(&token.val) {
                    let q = rudder_value::strconv::quote(&token.val);
                    return Err(self.errorf(t, format!("function {q} not defined")));
                }
                Arg::Identifier(Identifier {
                    pos: token.pos,
                    name: token.val.as_ref().into(),
                })
            }
            ItemKind::Dot => Arg::Dot(token.pos),
            ItemKind::Nil => Arg::Nil(token.pos),
            ItemKind::Variable => {
                let v = new_variable(token.pos, &token.val);
                if !t.vars.iter().any(|name| **name == *v.ident[0]) {
                    let q = rudder_value::strconv::quote(&v.ident[0]);
                    return Err(self.errorf(t, format!("undefined variable {q}")));
                }
                Arg::Variable(v)
            }
            ItemKind::Field => Arg::Field(Field {
                pos: token.pos,
                ident: token.val[1..].split('.').map(Into::into).collect(),
            }),
            ItemKind::Bool => Arg::Bool(token.pos, token.val == "true"),
            ItemKind::CharConstant | ItemKind::Complex | ItemKind::Number => {
                let n = number::new_number(token.pos, &token.val, token.kind)
                    .map_err(|e| self.errorf(t, e))?;
                Arg::Number(Box::new(n))
            }
            ItemKind::LeftParen => {
                if t.stack_depth >= MAX_STACK_DEPTH {
                    return Err(self.errorf(t, "max expression depth exceeded"));
                }
                t.stack_depth += 1;
                // Deeply nested parentheses recurse; grow the stack instead of overflowing it.
                let pipe =
                    grow(|| self.pipeline(t, "parenthesized pipeline", ItemKind::RightParen));
                t.stack_depth -= 1;
                Arg::Pipe(Box::new(pipe?))
            }
            ItemKind::String | ItemKind::RawString => {
                let s = rudder_value::strconv::unquote(&token.val)
                    .map_err(|e| self.errorf(t, e.to_string()))?;
                Arg::String(StringLit {
                    pos: token.pos,
                    quoted: token.val.as_ref().into(),
                    text: Arc::from(rudder_value::unicode::lossy(s)),
                })
            }
            _ => {
                Self::backup(t);
                return Ok(None);
            }
        }))
    }
}

/// Runs `f` with at least 256 KiB of stack left, switching to a fresh heap-allocated segment
/// when needed: every recursion of the parser, executor, printer and destructor goes through
/// here, so nesting depth is bounded by memory, not by the thread's stack.
pub(crate) fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, f)
}

fn new_variable(pos: u32, ident: &str) -> Variable {
    Variable {
        pos,
        ident: ident.split('.').map(Into::into).collect(),
    }
}
