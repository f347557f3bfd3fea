//! kubectl's `JSONPath` templates (`k8s.io/client-go/util/jsonpath`, v0.36) over chart values,
//! as `helm show values --jsonpath` runs them through cli-runtime's `JSONPathPrinter`.
//!
//! A template is text with actions in braces: `{.image.tag}`, `{.a['b.c']}`, `{.list[0:2]}`,
//! `{.list[*].name}`, `{..name}`, `{.list[?(@.enabled==true)].name}`, `{range .list[*]}…{end}`,
//! `{"quoted text"}`. [`JsonPath::parse`] gives client-go's parse errors word for word;
//! [`JsonPath::execute`] writes what client-go's `Execute` writes: each action's results joined
//! by a space, maps and lists as compact JSON (Go's `encoding/json`), other values as Go's
//! `fmt.Print` shows them. Helm ignores execution errors, so `execute` returns what was written
//! before the error along with it.
//!
//! Go's behaviour kept on purpose: the values of a map visited by `*` or `..` come in the map's
//! order (Go's is random); `[?(@.port==80)]` compares a float64 value with an int literal, which
//! Go's comparison refuses (values decoded from YAML are float64), so the whole template fails.

use std::fmt;

use rudder_value::strconv::{self, Unquoted};
use rudder_value::{FloatKind, IntKind, UintKind, Value};

/// A parse error, in client-go's words (`unclosed action`, `invalid array index x`...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

/// An execution error (Helm prints none of them; the text is client-go's where it matters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecError(String);

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ExecError {}

/// One slice bound of `[start:end:step]`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Param {
    value: i64,
    known: bool,
    derived: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Field(String),
    Identifier(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Array([Param; 3]),
    Filter {
        left: Vec<Node>,
        right: Vec<Node>,
        op: String,
    },
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
    List(Vec<Node>),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonPath {
    root: Vec<Node>,
}

/// The parser's state: client-go's lexer positions over the input's bytes.
struct Parser<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    width: usize,
    root: Vec<Node>,
}

fn err<T>(message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError(message.into()))
}

fn is_terminator(r: Option<char>) -> bool {
    matches!(
        r,
        None | Some(' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}')
    )
}

fn is_alphanumeric(r: Option<char>) -> bool {
    r.is_some_and(|r| {
        r == '_' || rudder_value::unicode::is_letter(r) || rudder_value::unicode::is_digit(r)
    })
}

/// Go's `%#U`: `U+0025 '%'`, without the quoted character when it does not print.
fn go_sharp_u(r: char) -> String {
    let code = format!("U+{:04X}", u32::from(r));
    if rudder_value::unicode::is_print(r) {
        format!("{code} '{r}'")
    } else {
        code
    }
}

impl<'a> Parser<'a> {
    fn new(input: &'a str) -> Self {
        Self {
            input,
            pos: 0,
            start: 0,
            width: 0,
            root: Vec::new(),
        }
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn next(&mut self) -> Option<char> {
        let Some(r) = self.rest().chars().next() else {
            self.width = 0;
            return None;
        };
        self.width = r.len_utf8();
        self.pos += self.width;
        Some(r)
    }

    fn backup(&mut self) {
        self.pos -= self.width;
    }

    fn peek(&mut self) -> Option<char> {
        let r = self.next();
        self.backup();
        r
    }

    fn consume(&mut self) -> &'a str {
        let text = &self.input[self.start..self.pos];
        self.start = self.pos;
        text
    }

    /// The byte two before the current position (client-go's check for an escaped quote).
    fn escaped(&self) -> bool {
        self.pos >= 2 && self.input.as_bytes()[self.pos - 2] == b'\\'
    }

    /// `parseText` and the actions it opens, to the end of the input.
    fn parse_text(&mut self) -> Result<(), ParseError> {
        loop {
            if self.rest().starts_with('{') {
                if self.pos > self.start {
                    let text = self.consume().to_owned();
                    self.root.push(Node::Text(text));
                }
                self.pos += 1;
                self.consume();
                let mut list = Vec::new();
                let closed = self.parse_inside_action(&mut list);
                self.root.push(Node::List(list));
                // `parseRightDelim` goes on with `parseText` on the root.
                closed?;
                continue;
            }
            if self.next().is_none() {
                break;
            }
        }
        if self.pos > self.start {
            let text = self.consume().to_owned();
            self.root.push(Node::Text(text));
        }
        Ok(())
    }

    /// `parseInsideAction`: the nodes of one action, up to its closing brace.
    fn parse_inside_action(&mut self, cur: &mut Vec<Node>) -> Result<(), ParseError> {
        loop {
            let rest = self.rest();
            if rest.starts_with('}') {
                self.pos += 1;
                self.consume();
                return Ok(());
            }
            if rest.starts_with("[?(") {
                self.parse_filter(cur)?;
                continue;
            }
            if rest.starts_with("..") {
                if matches!(cur.last(), Some(Node::Recursive)) {
                    return err("invalid multiple recursive descent");
                }
                self.pos += 2;
                self.consume();
                cur.push(Node::Recursive);
                if is_alphanumeric(self.peek()) {
                    self.parse_field(cur);
                }
                continue;
            }
            match self.next() {
                None | Some('\r' | '\n') => return err("unclosed action"),
                Some(' ' | '@' | '$') => {
                    self.consume();
                }
                Some('[') => self.parse_array(cur)?,
                Some(q @ ('"' | '\'')) => self.parse_quote(cur, q)?,
                Some('.') => self.parse_field(cur),
                Some(r) if r == '+' || r == '-' || rudder_value::unicode::is_digit(r) => {
                    self.backup();
                    self.parse_number(cur)?;
                }
                r if is_alphanumeric(r) => {
                    self.backup();
                    self.parse_identifier(cur);
                }
                Some(r) => {
                    return err(format!(
                        "unrecognized character in action: {}",
                        go_sharp_u(r)
                    ));
                }
            }
        }
    }

    fn parse_identifier(&mut self, cur: &mut Vec<Node>) {
        loop {
            let r = self.next();
            if is_terminator(r) {
                self.backup();
                break;
            }
        }
        let value = self.consume();
        cur.push(match value {
            "true" => Node::Bool(true),
            "false" => Node::Bool(false),
            _ => Node::Identifier(value.to_owned()),
        });
    }

    fn parse_number(&mut self, cur: &mut Vec<Node>) -> Result<(), ParseError> {
        if matches!(self.peek(), Some('+' | '-')) {
            self.next();
        }
        loop {
            match self.next() {
                Some(r) if r == '.' || rudder_value::unicode::is_digit(r) => {}
                _ => {
                    self.backup();
                    break;
                }
            }
        }
        let value = self.consume();
        if let Ok(i) = strconv::parse_int(value, 10, 0) {
            cur.push(Node::Int(i));
        } else if let Ok(f) = strconv::parse_float(value, 64) {
            cur.push(Node::Float(f));
        } else {
            return err(format!("cannot parse number {value}"));
        }
        Ok(())
    }

    fn parse_array(&mut self, cur: &mut Vec<Node>) -> Result<(), ParseError> {
        loop {
            match self.next() {
                None | Some('\n') => return err("unterminated array"),
                Some(']') => break,
                Some(_) => {}
            }
        }
        let text = self.consume();
        let mut text = &text[1..text.len() - 1];
        if text == "*" {
            text = ":";
        }
        if text.contains(',') {
            let mut union = Vec::new();
            for part in text.split(',') {
                union.push(parse_action(&format!("[{}]", part.trim_matches(' ')))?);
            }
            cur.push(Node::Union(union));
            return Ok(());
        }
        if let Some(key) = text
            .strip_prefix('\'')
            .and_then(|t| t.strip_suffix('\''))
            .filter(|k| text.len() >= 2 && !k.contains('\''))
        {
            cur.extend(parse_action(&format!(".{key}"))?);
            return Ok(());
        }
        let Some(parts) = slice_parts(text) else {
            return err(format!("invalid array index {text}"));
        };
        let mut params = [Param::default(); 3];
        for (i, part) in parts.iter().enumerate() {
            match part {
                Some(part) => {
                    let part = if i > 0 { &part[1..] } else { part };
                    if i > 0 && part.is_empty() {
                        params[i].known = false;
                    } else {
                        params[i].known = true;
                        params[i].value = strconv::parse_int(part, 10, 0).map_err(|_| {
                            ParseError(format!("array index {part} is not a number"))
                        })?;
                    }
                }
                None if i == 1 => {
                    params[1] = Param {
                        value: params[0].value.saturating_add(1),
                        known: true,
                        derived: true,
                    };
                }
                None => params[i] = Param::default(),
            }
        }
        cur.push(Node::Array(params));
        Ok(())
    }

    fn parse_filter(&mut self, cur: &mut Vec<Node>) -> Result<(), ParseError> {
        self.pos += 3;
        self.consume();
        let (mut begin, mut end) = (false, false);
        let mut pair = '\0';
        loop {
            match self.next() {
                None | Some('\n') => return err("unterminated filter"),
                Some(r @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = r;
                        continue;
                    }
                    if !self.escaped() && r == pair {
                        end = true;
                    }
                }
                Some(')') if begin == end => break,
                Some(_) => {}
            }
        }
        if self.next() != Some(']') {
            return err("unclosed array expect ]");
        }
        let text = self.consume();
        let text = &text[..text.len() - 2];
        match split_comparison(text) {
            None => cur.push(Node::Filter {
                left: parse_action(text)?,
                right: Vec::new(),
                op: "exists".to_owned(),
            }),
            Some((left, op, right)) => cur.push(Node::Filter {
                left: parse_action(left)?,
                right: parse_action(right)?,
                op: op.to_owned(),
            }),
        }
        Ok(())
    }

    fn parse_quote(&mut self, cur: &mut Vec<Node>, quote: char) -> Result<(), ParseError> {
        loop {
            match self.next() {
                None | Some('\n') => return err("unterminated quoted string"),
                Some(r) if r == quote && !self.escaped() => break,
                Some(_) => {}
            }
        }
        let value = self.consume();
        let text = unquote_extend(value)
            .map_err(|e| ParseError(format!("unquote string {value} error {e}")))?;
        cur.push(Node::Text(text));
        Ok(())
    }

    fn parse_field(&mut self, cur: &mut Vec<Node>) {
        self.consume();
        loop {
            let r = self.next();
            if r == Some('\\') {
                self.next();
            } else if is_terminator(r) {
                self.backup();
                break;
            }
        }
        let value = self.consume();
        cur.push(if value == "*" {
            Node::Wildcard
        } else {
            Node::Field(value.replace('\\', ""))
        });
    }
}

/// `parseAction`: `{text}` parsed on its own, the nodes of its first action.
fn parse_action(text: &str) -> Result<Vec<Node>, ParseError> {
    let wrapped = format!("{{{text}}}");
    let mut parser = Parser::new(&wrapped);
    parser.parse_text()?;
    match parser.root.into_iter().next() {
        Some(Node::List(nodes)) => Ok(nodes),
        _ => Ok(Vec::new()),
    }
}

/// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$`: the three groups (the last two with their colon).
fn slice_parts(text: &str) -> Option<[Option<&str>; 3]> {
    fn number_end(b: &[u8], from: usize) -> usize {
        let mut i = from;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    }
    let b = text.as_bytes();
    let first = number_end(b, 0);
    let mut parts = [Some(&text[..first]), None, None];
    let mut at = first;
    for part in &mut parts[1..] {
        if b.get(at) == Some(&b':') {
            let end = number_end(b, at + 1);
            *part = Some(&text[at..end]);
            at = end;
        }
    }
    if parts[0] == Some("") {
        parts[0] = None;
    }
    (at == b.len()).then_some(parts)
}

/// `^([^!<>=]+)([!<>=]+)(.+?)$`: left operand, operator, right operand.
fn split_comparison(text: &str) -> Option<(&str, &str, &str)> {
    let is_op = |c: char| matches!(c, '!' | '<' | '>' | '=');
    let op_start = text.find(is_op)?;
    if op_start == 0 {
        return None;
    }
    let op_len = text[op_start..]
        .find(|c: char| !is_op(c))
        .unwrap_or(text.len() - op_start);
    let right = &text[op_start + op_len..];
    if right.is_empty() {
        // The operator gives its last character back so that the right side is not empty.
        if op_len < 2 {
            return None;
        }
        let split = op_start + op_len - 1;
        return Some((&text[..op_start], &text[op_start..split], &text[split..]));
    }
    Some((&text[..op_start], &text[op_start..op_start + op_len], right))
}

/// client-go's `UnquoteExtend`: a Go string literal in single or double quotes.
fn unquote_extend(s: &str) -> Result<String, &'static str> {
    let b = s.as_bytes();
    let n = b.len();
    if n < 2 || b[0] != b[n - 1] || !matches!(b[0], b'"' | b'\'') {
        return Err("invalid syntax");
    }
    let quote = b[0];
    let mut rest = &s[1..n - 1];
    if !rest.bytes().any(|c| c == b'\\' || c == quote) {
        return Ok(rest.to_owned());
    }
    let mut out = Vec::with_capacity(rest.len());
    while !rest.is_empty() {
        let (c, tail) = strconv::unquote_char(rest, quote).map_err(|_| "invalid syntax")?;
        match c {
            Unquoted::Char(c) => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            Unquoted::Byte(byte) => out.push(byte),
        }
        rest = tail;
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// A `reflect.Value` as the evaluator sees it: `None` is the invalid value (`ValueOf(nil)`).
type Item = Option<Value>;

/// The evaluator's state: client-go's range counters.
struct Exec<'n> {
    nodes: &'n [Node],
    begin_range: usize,
    in_range: usize,
    end_range: usize,
    last_end: Option<usize>,
}

impl JsonPath {
    /// `JSONPath.Parse`.
    ///
    /// # Errors
    /// client-go's parse errors (`unclosed action`, `unterminated array`, ...).
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let mut parser = Parser::new(text);
        parser.parse_text()?;
        Ok(Self { root: parser.root })
    }

    /// `JSONPath.Execute(w, data)`: the text written, and the error that stopped it (after
    /// which client-go writes nothing more).
    pub fn execute(&self, data: &Value) -> (String, Option<ExecError>) {
        let mut exec = Exec {
            nodes: &self.root,
            begin_range: 0,
            in_range: 0,
            end_range: 0,
            last_end: None,
        };
        let groups = match exec.find_results(Some(data.clone()), 0) {
            Ok(groups) => groups,
            Err(e) => return (String::new(), Some(e)),
        };
        let mut out = String::new();
        for group in &groups {
            if let Err(e) = print_results(&mut out, group) {
                return (out, Some(e));
            }
        }
        (out, None)
    }
}

fn exec_err<T>(message: impl Into<String>) -> Result<T, ExecError> {
    Err(ExecError(message.into()))
}

/// `template.Indirect`: `(value, is_nil)`.
fn indirect(item: &Item) -> (Option<&Value>, bool) {
    match item {
        Some(Value::Nil) => (None, true),
        Some(v) => (Some(v), false),
        None => (None, false),
    }
}

/// The elements `*` and `..` visit: map values, list items, a string's bytes.
fn children(v: &Value) -> Vec<Item> {
    match v {
        Value::Map(m) => m.entries().into_iter().map(|(_, v)| Some(v)).collect(),
        Value::List(l) => l.items().iter().cloned().map(Some).collect(),
        Value::String(s) => s
            .as_bytes()
            .iter()
            .map(|b| Some(Value::Uint(u64::from(*b), UintKind::Uint8)))
            .collect(),
        _ => Vec::new(),
    }
}

impl Exec<'_> {
    /// `FindResults` over the root nodes from index `from`.
    fn find_results(&mut self, data: Item, from: usize) -> Result<Vec<Vec<Item>>, ExecError> {
        let cur = vec![data];
        let mut full = Vec::new();
        let mut i = from;
        while i < self.nodes.len() {
            let results = self.walk(&cur, &self.nodes[i])?;
            if self.end_range > 0 && self.end_range <= self.in_range {
                self.end_range -= 1;
                self.last_end = Some(i);
                break;
            }
            if self.begin_range > 0 {
                self.begin_range -= 1;
                self.in_range += 1;
                if results.is_empty() {
                    self.find_results(None, i + 1)?;
                } else {
                    for value in results {
                        full.extend(self.find_results(value, i + 1)?);
                    }
                }
                self.in_range -= 1;
                if let Some(end) = self.last_end.filter(|&e| e > i) {
                    i = end;
                }
                i += 1;
                continue;
            }
            full.push(results);
            i += 1;
        }
        Ok(full)
    }

    fn walk(&mut self, input: &[Item], node: &Node) -> Result<Vec<Item>, ExecError> {
        match node {
            Node::List(nodes) => self.eval_list(input, nodes),
            Node::Text(text) => Ok(vec![Some(Value::string(text.as_str()))]),
            Node::Field(name) => eval_field(input, name),
            Node::Array(params) => eval_array(input, params),
            Node::Filter { left, right, op } => self.eval_filter(input, left, right, op),
            Node::Int(i) => Ok(vec![Some(Value::Int(*i, IntKind::Int)); input.len()]),
            Node::Float(f) => Ok(vec![Some(Value::Float(*f, FloatKind::F64)); input.len()]),
            Node::Bool(b) => Ok(vec![Some(Value::Bool(*b)); input.len()]),
            Node::Wildcard => Ok(input
                .iter()
                .filter_map(|item| indirect(item).0)
                .flat_map(children)
                .collect()),
            Node::Recursive => Ok(eval_recursive(input)),
            Node::Union(lists) => {
                let mut out = Vec::new();
                for list in lists {
                    out.extend(self.eval_list(input, list)?);
                }
                Ok(out)
            }
            Node::Identifier(name) => match name.as_str() {
                "range" => {
                    self.begin_range += 1;
                    Ok(input.to_vec())
                }
                "end" if self.in_range > 0 => {
                    self.end_range += 1;
                    Ok(Vec::new())
                }
                "end" => exec_err("not in range, nothing to end"),
                _ => exec_err(format!("unrecognized identifier {name}")),
            },
        }
    }

    fn eval_list(&mut self, input: &[Item], nodes: &[Node]) -> Result<Vec<Item>, ExecError> {
        let mut cur = input.to_vec();
        for node in nodes {
            cur = self.walk(&cur, node)?;
        }
        Ok(cur)
    }

    fn eval_filter(
        &mut self,
        input: &[Item],
        left: &[Node],
        right: &[Node],
        op: &str,
    ) -> Result<Vec<Item>, ExecError> {
        let mut results = Vec::new();
        for item in input {
            let Some(Value::List(list)) = indirect(item).0 else {
                return exec_err("value is not array or slice and cannot be filtered");
            };
            for element in list.items() {
                let temp = [Some(element.clone())];
                let lefts = self.eval_list(&temp, left);
                if op == "exists" {
                    if lefts.is_ok_and(|l| !l.is_empty()) {
                        results.push(Some(element.clone()));
                    }
                    continue;
                }
                let lefts = lefts?;
                let left = match lefts.as_slice() {
                    [] => continue,
                    [one] => one.clone(),
                    _ => return exec_err("can only compare one element at a time"),
                };
                let rights = self.eval_list(&temp, right)?;
                let right = match rights.as_slice() {
                    [] => continue,
                    [one] => one.clone(),
                    _ => return exec_err("can only compare one element at a time"),
                };
                let (l, r) = (left.unwrap_or(Value::Nil), right.unwrap_or(Value::Nil));
                let pass = match op {
                    "<" => less(&l, &r)?,
                    ">" => !(less(&l, &r)? || equal(&l, &r)?),
                    "==" => equal(&l, &r)?,
                    "!=" => !equal(&l, &r)?,
                    "<=" => less(&l, &r)? || equal(&l, &r)?,
                    ">=" => !less(&l, &r)?,
                    _ => return exec_err(format!("unrecognized filter operator {op}")),
                };
                if pass {
                    results.push(Some(element.clone()));
                }
            }
        }
        Ok(results)
    }
}

fn eval_field(input: &[Item], name: &str) -> Result<Vec<Item>, ExecError> {
    let mut results = Vec::new();
    if input.is_empty() {
        return Ok(results);
    }
    for item in input {
        if let (Some(Value::Map(m)), _) = indirect(item)
            && let Some(v) = m.get(name)
        {
            results.push(Some(v));
        }
    }
    if results.is_empty() {
        return exec_err(format!("{name} is not found"));
    }
    Ok(results)
}

fn eval_array(input: &[Item], params: &[Param; 3]) -> Result<Vec<Item>, ExecError> {
    let mut result = Vec::new();
    for item in input {
        let (value, is_nil) = indirect(item);
        if is_nil {
            continue;
        }
        let Some(Value::List(list)) = value else {
            return exec_err("value is not array or slice");
        };
        let items = list.items();
        let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let mut start = if params[0].known { params[0].value } else { 0 };
        if start < 0 {
            start += len;
        }
        let mut end = if params[1].known {
            params[1].value
        } else {
            len
        };
        if end < 0 || (end == 0 && params[1].derived) {
            end += len;
        }
        if end == start {
            return Ok(result);
        }
        if start >= len || start < 0 {
            return exec_err(format!(
                "array index out of bounds: index {start}, length {len}"
            ));
        }
        if end > len || end < 0 {
            return exec_err(format!(
                "array index out of bounds: index {}, length {len}",
                end - 1
            ));
        }
        if start > end {
            return exec_err(format!(
                "starting index {start} is greater than ending index {end}"
            ));
        }
        let step = if params[2].known {
            if params[2].value <= 0 {
                return exec_err("step must be > 0");
            }
            usize::try_from(params[2].value).unwrap_or(usize::MAX)
        } else {
            1
        };
        let (start, end) = (
            usize::try_from(start).unwrap_or_default(),
            usize::try_from(end).unwrap_or_default(),
        );
        result.extend(items[start..end].iter().step_by(step).cloned().map(Some));
    }
    Ok(result)
}

fn eval_recursive(input: &[Item]) -> Vec<Item> {
    let mut result = Vec::new();
    for item in input {
        let Some(value) = indirect(item).0 else {
            continue;
        };
        let kids = children(value);
        if !kids.is_empty() {
            result.push(Some(value.clone()));
            result.extend(eval_recursive(&kids));
        }
    }
    result
}

/// The forked `text/template` comparison kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Int,
    Uint,
    Float,
    Complex,
    String,
}

fn basic_kind(v: &Value) -> Result<Kind, ExecError> {
    Ok(match v {
        Value::Bool(_) => Kind::Bool,
        Value::Int(..) => Kind::Int,
        Value::Uint(..) => Kind::Uint,
        Value::Float(..) => Kind::Float,
        Value::Complex(_) => Kind::Complex,
        Value::String(_) => Kind::String,
        _ => return exec_err("invalid type for comparison"),
    })
}

fn equal(a: &Value, b: &Value) -> Result<bool, ExecError> {
    let (ka, kb) = (basic_kind(a)?, basic_kind(b)?);
    Ok(match (a, b) {
        (Value::Int(x, _), Value::Uint(y, _)) => u64::try_from(*x).is_ok_and(|x| x == *y),
        (Value::Uint(x, _), Value::Int(y, _)) => u64::try_from(*y).is_ok_and(|y| y == *x),
        _ if ka != kb => return exec_err("incompatible types for comparison"),
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x, _), Value::Int(y, _)) => x == y,
        (Value::Uint(x, _), Value::Uint(y, _)) => x == y,
        // Go's `==` on float64, as the template comparison does.
        #[expect(clippy::float_cmp, reason = "Go compares the floats exactly")]
        (Value::Float(x, _), Value::Float(y, _)) => x == y,
        (Value::Complex(x), Value::Complex(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        _ => false,
    })
}

fn less(a: &Value, b: &Value) -> Result<bool, ExecError> {
    let (ka, kb) = (basic_kind(a)?, basic_kind(b)?);
    Ok(match (a, b) {
        (Value::Int(x, _), Value::Uint(y, _)) => u64::try_from(*x).map_or(true, |x| x < *y),
        (Value::Uint(x, _), Value::Int(y, _)) => u64::try_from(*y).is_ok_and(|y| *x < y),
        _ if ka != kb => return exec_err("incompatible types for comparison"),
        (Value::Bool(_) | Value::Complex(_), _) => {
            return exec_err("invalid type for comparison");
        }
        (Value::Int(x, _), Value::Int(y, _)) => x < y,
        (Value::Uint(x, _), Value::Uint(y, _)) => x < y,
        (Value::Float(x, _), Value::Float(y, _)) => x < y,
        (Value::String(x), Value::String(y)) => x.as_bytes() < y.as_bytes(),
        _ => false,
    })
}

/// `PrintResults`: the results of one action, separated by spaces.
fn print_results(out: &mut String, results: &[Item]) -> Result<(), ExecError> {
    for (i, item) in results.iter().enumerate() {
        let text = match item {
            Some(v @ (Value::Map(_) | Value::List(_) | Value::Bytes(_))) => {
                rudder_yaml::json::marshal(v).map_err(|e| ExecError(e.to_string()))?
            }
            Some(Value::Nil) => "null".to_owned(),
            Some(v) => rudder_value::fmt::sprint(std::slice::from_ref(v)),
            None => "<no value>".to_owned(),
        };
        out.push_str(&text);
        if i + 1 != results.len() {
            out.push(' ');
        }
    }
    Ok(())
}
