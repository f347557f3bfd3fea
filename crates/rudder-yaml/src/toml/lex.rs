//! The TOML lexer, with BurntSushi/toml v1.6.0's token boundaries and error texts.
//!
//! Its lexer is a state machine that reads one rune at a time and can step back over the last
//! four; error texts and line numbers depend on exactly where it stands, so this one keeps the
//! same primitives (`next`, `backup`, `accept`, `peek`, `ignore`) and the same states. Items are
//! produced into a queue that the parser drains; the first error ends the stream (Go's lexer
//! goes on after an error, but its parser never reads past one).

use std::collections::VecDeque;

use rudder_value::strconv::{quote, quote_rune};
use rudder_value::unicode::{is_letter, utf8_decode};

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ItemType {
    Eof,
    Text,
    String,
    StringEsc,
    RawString,
    MultilineString,
    RawMultilineString,
    Bool,
    Integer,
    Float,
    Datetime,
    Array,
    ArrayEnd,
    TableStart,
    TableEnd,
    ArrayTableStart,
    ArrayTableEnd,
    KeyStart,
    KeyEnd,
    CommentStart,
    InlineTableStart,
    InlineTableEnd,
}

/// A lexed item: its type, its text and the line it ends on.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub typ: ItemType,
    pub val: String,
    pub line: i64,
}

/// A lexer error: Go's message and the line it reports.
#[derive(Debug, Clone)]
pub(super) struct LexError {
    pub message: String,
    pub line: i64,
}

/// The lexer's states (Go's state functions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Top,
    TopEnd,
    TableStart,
    TableEnd,
    ArrayTableEnd,
    TableNameStart,
    TableNameEnd,
    BareName,
    QuotedName,
    KeyStart,
    KeyNameStart,
    KeyEnd,
    Value,
    ArrayValue,
    ArrayValueEnd,
    ArrayEnd,
    InlineTableValue,
    InlineTableValueEnd,
    InlineTableEnd,
    Str,
    MultilineStr,
    RawStr,
    MultilineRawStr,
    MultilineStrEscape,
    StrEscape,
    HexEscape(u8),
    NumberOrDateStart,
    NumberOrDate,
    Datetime,
    HexInteger,
    OctalInteger,
    BinaryInteger,
    DecimalNumber,
    DecimalNumberStart,
    BaseNumberOrDate,
    Float,
    Bool,
    CommentStart,
    Comment,
    /// Lexing ended (EOF emitted or an error raised).
    Done,
}

const EOF: char = '\0';
/// What `next` returns after an error (Go's `utf8.RuneError`); nothing after it is used.
const BAD: char = '\u{FFFD}';

pub(super) struct Lexer<'a> {
    input: &'a [u8],
    start: usize,
    pos: usize,
    line: i64,
    state: State,
    stack: Vec<State>,
    items: VecDeque<Result<Item, LexError>>,
    esc: bool,
    prev_widths: [usize; 4],
    nprev: usize,
    at_eof: bool,
    failed: bool,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(input: &'a [u8]) -> Self {
        Self {
            input,
            start: 0,
            pos: 0,
            line: 1,
            state: State::Top,
            stack: Vec::with_capacity(10),
            items: VecDeque::with_capacity(4),
            esc: false,
            prev_widths: [0; 4],
            nprev: 0,
            at_eof: false,
            failed: false,
        }
    }

    /// The next item, or the error that ends the stream.
    pub(super) fn next_item(&mut self) -> Result<Item, LexError> {
        loop {
            if let Some(item) = self.items.pop_front() {
                return item;
            }
            if self.state == State::Done {
                // Only reached if the parser reads past EOF, which it does not.
                return Err(LexError {
                    message: "unexpected EOF".to_owned(),
                    line: self.line,
                });
            }
            self.state = self.step(self.state);
            if self.failed {
                self.state = State::Done;
            }
        }
    }

    // --- Primitives ----------------------------------------------------------------------

    fn current(&self) -> String {
        let (a, b) = (self.start.min(self.pos), self.pos);
        String::from_utf8_lossy(&self.input[a..b]).into_owned()
    }

    fn push(&mut self, s: State) {
        self.stack.push(s);
    }

    fn pop(&mut self) -> State {
        // Go panics on an empty stack ("BUG in lexer"); the states never let it happen.
        self.stack.pop().unwrap_or(State::Done)
    }

    fn emit(&mut self, typ: ItemType) {
        if self.failed {
            return;
        }
        if self.start > self.pos {
            let b = self.input.get(self.pos).copied().unwrap_or(0);
            self.error(format!("invalid UTF-8 byte: 0x{b:02x}"));
            return;
        }
        let val = self.current();
        self.items.push_back(Ok(Item {
            typ,
            val,
            line: self.line,
        }));
        self.start = self.pos;
    }

    fn emit_trim(&mut self, typ: ItemType) {
        if self.failed {
            return;
        }
        let val = self.current().trim_matches(go_space).to_owned();
        self.items.push_back(Ok(Item {
            typ,
            val,
            line: self.line,
        }));
        self.start = self.pos;
    }

    fn next(&mut self) -> char {
        debug_assert!(!self.at_eof, "next called after EOF");
        if self.pos >= self.input.len() {
            self.at_eof = true;
            return EOF;
        }
        if self.input[self.pos] == b'\n' {
            self.line += 1;
        }
        self.prev_widths.copy_within(0..3, 1);
        if self.nprev < 4 {
            self.nprev += 1;
        }
        let Some((r, w)) = utf8_decode(&self.input[self.pos..]) else {
            let b = self.input[self.pos];
            self.error(format!("invalid UTF-8 byte: 0x{b:02x}"));
            return BAD;
        };
        let bare_cr = r == '\r' && self.input.get(self.pos + 1) != Some(&b'\n');
        if is_control(r) || bare_cr {
            self.raise(
                self.line,
                format!(
                    "TOML files cannot contain control characters: '0x{:02x}'",
                    u32::from(r)
                ),
            );
            return BAD;
        }
        self.prev_widths[0] = w;
        self.pos += w;
        r
    }

    fn ignore(&mut self) {
        self.start = self.pos;
    }

    fn backup(&mut self) {
        if self.at_eof {
            self.at_eof = false;
            return;
        }
        if self.nprev < 1 {
            debug_assert!(self.failed, "backed up too far");
            return;
        }
        let w = self.prev_widths[0];
        self.prev_widths.copy_within(1..4, 0);
        self.nprev -= 1;
        self.pos = self.pos.saturating_sub(w);
        if self.input.get(self.pos) == Some(&b'\n') {
            self.line -= 1;
        }
    }

    fn accept(&mut self, valid: char) -> bool {
        if self.next() == valid {
            return true;
        }
        self.backup();
        false
    }

    fn peek(&mut self) -> char {
        let r = self.next();
        self.backup();
        r
    }

    fn skip(&mut self, pred: fn(char) -> bool) {
        loop {
            let r = self.next();
            if self.failed {
                return;
            }
            if pred(r) {
                continue;
            }
            self.backup();
            self.ignore();
            return;
        }
    }

    // --- Errors --------------------------------------------------------------------------

    /// Queues the error that ends the stream (only the first one counts).
    fn raise(&mut self, line: i64, message: String) -> State {
        if !self.failed {
            self.failed = true;
            self.items.push_back(Err(LexError { message, line }));
        }
        State::Done
    }

    /// Go's `lx.error`.
    fn error(&mut self, message: String) -> State {
        if self.at_eof {
            return self.error_prev_line(message);
        }
        self.raise(self.line, message)
    }

    /// Go's `lx.errorPrevLine`: the line before the current one.
    fn error_prev_line(&mut self, message: String) -> State {
        self.raise(self.line - 1, message)
    }

    /// Go's `lx.errorf`.
    fn errorf(&mut self, message: String) -> State {
        let mut line = self.line;
        if self.at_eof && self.pos >= 1 && self.input[self.pos - 1] == b'\n' {
            line -= 1;
        }
        self.raise(line, message)
    }

    // --- States --------------------------------------------------------------------------

    fn step(&mut self, state: State) -> State {
        match state {
            State::Top => self.top(),
            State::TopEnd => self.top_end(),
            State::TableStart => self.table_start(),
            State::TableEnd => {
                self.emit(ItemType::TableEnd);
                State::TopEnd
            }
            State::ArrayTableEnd => {
                let r = self.next();
                if r != ']' {
                    return self.errorf(format!(
                        "expected end of table array name delimiter ']', but got {} instead",
                        q(r)
                    ));
                }
                self.emit(ItemType::ArrayTableEnd);
                State::TopEnd
            }
            State::TableNameStart => self.table_name_start(),
            State::TableNameEnd => self.table_name_end(),
            State::BareName => self.bare_name(),
            State::QuotedName => self.quoted_name(),
            State::KeyStart => self.key_start(),
            State::KeyNameStart => self.key_name_start(),
            State::KeyEnd => self.key_end(),
            State::Value => self.value(),
            State::ArrayValue => self.array_value(),
            State::ArrayValueEnd => self.array_value_end(),
            State::ArrayEnd => {
                self.ignore();
                self.emit(ItemType::ArrayEnd);
                self.pop()
            }
            State::InlineTableValue => self.inline_table_value(),
            State::InlineTableValueEnd => self.inline_table_value_end(),
            State::InlineTableEnd => {
                self.ignore();
                self.emit(ItemType::InlineTableEnd);
                self.pop()
            }
            State::Str => self.string(),
            State::MultilineStr => self.multiline_string(),
            State::RawStr => self.raw_string(),
            State::MultilineRawStr => self.multiline_raw_string(),
            State::MultilineStrEscape => {
                if is_nl(self.next()) {
                    return State::MultilineStr;
                }
                self.backup();
                self.push(State::MultilineStr);
                self.string_escape()
            }
            State::StrEscape => self.string_escape(),
            State::HexEscape(n) => self.hex_escape(n),
            State::NumberOrDateStart => {
                if self.next() == '0' {
                    State::BaseNumberOrDate
                } else {
                    State::NumberOrDate
                }
            }
            State::NumberOrDate => self.number_or_date(),
            State::Datetime => self.datetime(),
            State::HexInteger => self.based_integer(is_hex, State::HexInteger),
            State::OctalInteger => self.based_integer(is_octal, State::OctalInteger),
            State::BinaryInteger => self.based_integer(is_binary, State::BinaryInteger),
            State::DecimalNumber => self.decimal_number(),
            State::DecimalNumberStart => self.decimal_number_start(),
            State::BaseNumberOrDate => self.base_number_or_date(),
            State::Float => self.float(),
            State::Bool => self.bool(),
            State::CommentStart => {
                self.ignore();
                self.emit(ItemType::CommentStart);
                State::Comment
            }
            State::Comment => {
                let r = self.next();
                if is_nl(r) || r == EOF {
                    self.backup();
                    self.emit(ItemType::Text);
                    return self.pop();
                }
                State::Comment
            }
            State::Done => State::Done,
        }
    }

    fn top(&mut self) -> State {
        let r = self.next();
        if is_whitespace(r) || is_nl(r) {
            self.ignore();
            return State::Top;
        }
        match r {
            '#' => {
                self.push(State::Top);
                return State::CommentStart;
            }
            '[' => return State::TableStart,
            EOF => {
                if self.pos > self.start {
                    return self.errorf("unexpected EOF".to_owned());
                }
                self.emit(ItemType::Eof);
                return State::Done;
            }
            _ => {}
        }
        self.backup();
        self.push(State::TopEnd);
        State::KeyStart
    }

    fn top_end(&mut self) -> State {
        let r = self.next();
        match r {
            '#' => {
                self.push(State::Top);
                State::CommentStart
            }
            _ if is_whitespace(r) => State::TopEnd,
            _ if is_nl(r) => {
                self.ignore();
                State::Top
            }
            EOF => {
                self.emit(ItemType::Eof);
                State::Done
            }
            _ => self.errorf(format!(
                "expected a top-level item to end with a newline, comment, or EOF, but got {} instead",
                q(r)
            )),
        }
    }

    fn table_start(&mut self) -> State {
        if self.peek() == '[' {
            self.next();
            self.emit(ItemType::ArrayTableStart);
            self.push(State::ArrayTableEnd);
        } else {
            self.emit(ItemType::TableStart);
            self.push(State::TableEnd);
        }
        State::TableNameStart
    }

    fn table_name_start(&mut self) -> State {
        self.skip(is_whitespace);
        match self.peek() {
            ']' | EOF => {
                self.errorf("unexpected end of table name (table names cannot be empty)".to_owned())
            }
            '.' => {
                self.errorf("unexpected table separator (table names cannot be empty)".to_owned())
            }
            '"' | '\'' => {
                self.ignore();
                self.push(State::TableNameEnd);
                State::QuotedName
            }
            _ => {
                self.push(State::TableNameEnd);
                State::BareName
            }
        }
    }

    fn table_name_end(&mut self) -> State {
        self.skip(is_whitespace);
        match self.next() {
            '.' => {
                self.ignore();
                State::TableNameStart
            }
            ']' => self.pop(),
            r => self.errorf(format!(
                "expected '.' or ']' to end table name, but got {} instead",
                q(r)
            )),
        }
    }

    fn bare_name(&mut self) -> State {
        loop {
            let r = self.next();
            if self.failed {
                return State::Done;
            }
            if !is_bare_key_char(r) {
                break;
            }
        }
        self.backup();
        self.emit(ItemType::Text);
        self.pop()
    }

    fn quoted_name(&mut self) -> State {
        let r = self.next();
        match r {
            '"' => {
                self.ignore();
                State::Str
            }
            '\'' => {
                self.ignore();
                State::RawStr
            }
            _ if is_whitespace(r) => {
                self.ignore();
                State::Value
            }
            EOF => self.errorf("unexpected EOF; expected value".to_owned()),
            _ => self.errorf(format!("expected value but found {} instead", q(r))),
        }
    }

    fn key_start(&mut self) -> State {
        self.skip(is_whitespace);
        match self.peek() {
            '=' | EOF => self.errorf("unexpected '=': key name appears blank".to_owned()),
            '.' => self.errorf("unexpected '.': keys cannot start with a '.'".to_owned()),
            r => {
                if r == '"' || r == '\'' {
                    self.ignore();
                }
                self.emit(ItemType::KeyStart);
                State::KeyNameStart
            }
        }
    }

    fn key_name_start(&mut self) -> State {
        self.skip(is_whitespace);
        match self.peek() {
            '"' | '\'' => {
                self.ignore();
                self.push(State::KeyEnd);
                State::QuotedName
            }
            '=' | EOF => self.errorf("unexpected '='".to_owned()),
            '.' => self.errorf("unexpected '.'".to_owned()),
            _ => {
                self.push(State::KeyEnd);
                State::BareName
            }
        }
    }

    fn key_end(&mut self) -> State {
        self.skip(is_whitespace);
        let r = self.next();
        match r {
            _ if is_whitespace(r) => {
                self.ignore();
                State::KeyEnd
            }
            EOF => self.errorf("unexpected EOF; expected key separator '='".to_owned()),
            '.' => {
                self.ignore();
                State::KeyNameStart
            }
            '=' => {
                self.emit(ItemType::KeyEnd);
                self.ignore();
                State::Value
            }
            '\n' => self.error_prev_line(format!("expected '.' or '=', but got {} instead", q(r))),
            _ => self.errorf(format!("expected '.' or '=', but got {} instead", q(r))),
        }
    }

    fn value(&mut self) -> State {
        // Whitespace may precede a value, newlines may not (arrays skip their own).
        let r = self.next();
        if is_whitespace(r) {
            self.ignore();
            return State::Value;
        }
        if r.is_ascii_digit() {
            self.backup();
            return State::NumberOrDateStart;
        }
        match r {
            '[' => {
                self.ignore();
                self.emit(ItemType::Array);
                return State::ArrayValue;
            }
            '{' => {
                self.ignore();
                self.emit(ItemType::InlineTableStart);
                return State::InlineTableValue;
            }
            '"' => {
                if self.accept('"') {
                    if self.accept('"') {
                        self.ignore();
                        return State::MultilineStr;
                    }
                    self.backup();
                }
                self.ignore();
                return State::Str;
            }
            '\'' => {
                if self.accept('\'') {
                    if self.accept('\'') {
                        self.ignore();
                        return State::MultilineRawStr;
                    }
                    self.backup();
                }
                self.ignore();
                return State::RawStr;
            }
            '.' => return self.errorf("floats must start with a digit, not '.'".to_owned()),
            'i' | 'n'
                if ((self.accept('n') && self.accept('f'))
                    || (self.accept('a') && self.accept('n'))) =>
            {
                self.emit(ItemType::Float);
                return self.pop();
            }
            '-' | '+' => return State::DecimalNumberStart,
            _ => {}
        }
        if is_letter(r) {
            // Permissive: `bool` gives a nice error for word-like values.
            self.backup();
            return State::Bool;
        }
        match r {
            EOF => self.errorf("unexpected EOF; expected value".to_owned()),
            '\n' => self.error_prev_line(format!("expected value but found {} instead", q(r))),
            _ => self.errorf(format!("expected value but found {} instead", q(r))),
        }
    }

    fn array_value(&mut self) -> State {
        let r = self.next();
        match r {
            _ if is_whitespace(r) || is_nl(r) => {
                self.ignore();
                State::ArrayValue
            }
            '#' => {
                self.push(State::ArrayValue);
                State::CommentStart
            }
            ',' => self.errorf("unexpected comma".to_owned()),
            ']' => State::ArrayEnd,
            _ => {
                self.backup();
                self.push(State::ArrayValueEnd);
                State::Value
            }
        }
    }

    fn array_value_end(&mut self) -> State {
        let r = self.next();
        match r {
            _ if is_whitespace(r) || is_nl(r) => {
                self.ignore();
                State::ArrayValueEnd
            }
            '#' => {
                self.push(State::ArrayValueEnd);
                State::CommentStart
            }
            ',' => {
                self.ignore();
                State::ArrayValue
            }
            ']' => State::ArrayEnd,
            _ => self.errorf(format!(
                "expected a comma (',') or array terminator (']'), but got {}",
                rune_or_eof(r)
            )),
        }
    }

    fn inline_table_value(&mut self) -> State {
        let r = self.next();
        match r {
            _ if is_whitespace(r) || is_nl(r) => {
                self.ignore();
                State::InlineTableValue
            }
            '#' => {
                self.push(State::InlineTableValue);
                State::CommentStart
            }
            ',' => self.errorf("unexpected comma".to_owned()),
            '}' => State::InlineTableEnd,
            _ => {
                self.backup();
                self.push(State::InlineTableValueEnd);
                State::KeyStart
            }
        }
    }

    fn inline_table_value_end(&mut self) -> State {
        let r = self.next();
        match r {
            _ if is_whitespace(r) || is_nl(r) => {
                self.ignore();
                State::InlineTableValueEnd
            }
            '#' => {
                self.push(State::InlineTableValueEnd);
                State::CommentStart
            }
            ',' => {
                self.ignore();
                self.skip(is_whitespace);
                if self.peek() == '}' {
                    return State::InlineTableValueEnd;
                }
                State::InlineTableValue
            }
            '}' => State::InlineTableEnd,
            _ => self.errorf(format!(
                "expected a comma or an inline table terminator '}}', but got {} instead",
                rune_or_eof(r)
            )),
        }
    }

    fn string(&mut self) -> State {
        loop {
            let r = self.next();
            if self.failed {
                return State::Done;
            }
            match r {
                EOF => return self.errorf("unexpected EOF; expected '\"'".to_owned()),
                _ if is_nl(r) => {
                    return self.error_prev_line("strings cannot contain newlines".to_owned());
                }
                '\\' => {
                    self.push(State::Str);
                    return State::StrEscape;
                }
                '"' => {
                    self.backup();
                    if self.esc {
                        self.esc = false;
                        self.emit(ItemType::StringEsc);
                    } else {
                        self.emit(ItemType::String);
                    }
                    self.next();
                    self.ignore();
                    return self.pop();
                }
                _ => {}
            }
        }
    }

    fn multiline_string(&mut self) -> State {
        loop {
            let r = self.next();
            if self.failed {
                return State::Done;
            }
            match r {
                EOF => return self.errorf("unexpected EOF; expected '\"\"\"'".to_owned()),
                '\\' => return State::MultilineStrEscape,
                '"' => {
                    if !self.accept('"') {
                        continue;
                    }
                    if !self.accept('"') {
                        self.backup();
                        continue;
                    }
                    // `"""` read: the string may still end in one or two more quotes; six
                    // in a row (not counting an escaped one) is an error.
                    if self.peek() == '"' {
                        let cur = self.current();
                        if cur.ends_with("\"\"\"\"\"") && !cur.ends_with("\\\"\"\"\"\"") {
                            return self.errorf("unexpected '\"\"\"\"\"\"'".to_owned());
                        }
                        self.backup();
                        self.backup();
                        continue;
                    }
                    self.backup();
                    self.backup();
                    self.backup();
                    self.esc = false;
                    self.emit(ItemType::MultilineString);
                    self.next();
                    self.next();
                    self.next();
                    self.ignore();
                    return self.pop();
                }
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) -> State {
        loop {
            let r = self.next();
            if self.failed {
                return State::Done;
            }
            match r {
                EOF => return self.errorf("unexpected EOF; expected \"'\"".to_owned()),
                _ if is_nl(r) => {
                    return self.error_prev_line("strings cannot contain newlines".to_owned());
                }
                '\'' => {
                    self.backup();
                    self.emit(ItemType::RawString);
                    self.next();
                    self.ignore();
                    return self.pop();
                }
                _ => {}
            }
        }
    }

    fn multiline_raw_string(&mut self) -> State {
        loop {
            let r = self.next();
            if self.failed {
                return State::Done;
            }
            match r {
                EOF => return self.errorf("unexpected EOF; expected \"'''\"".to_owned()),
                '\'' => {
                    if !self.accept('\'') {
                        continue;
                    }
                    if !self.accept('\'') {
                        self.backup();
                        continue;
                    }
                    if self.peek() == '\'' {
                        if self.current().ends_with("'''''") {
                            return self.errorf("unexpected \"''''''\"".to_owned());
                        }
                        self.backup();
                        self.backup();
                        continue;
                    }
                    self.backup();
                    self.backup();
                    self.backup();
                    self.emit(ItemType::RawMultilineString);
                    self.next();
                    self.next();
                    self.next();
                    self.ignore();
                    return self.pop();
                }
                _ => {}
            }
        }
    }

    fn string_escape(&mut self) -> State {
        self.esc = true;
        let r = self.next();
        match r {
            'e' | 'b' | 't' | 'n' | 'f' | 'r' | '"' | ' ' | '\t' | '\\' => self.pop(),
            'x' => State::HexEscape(2),
            'u' => State::HexEscape(4),
            'U' => State::HexEscape(8),
            _ => self.error(format!("invalid escape in string '\\{}'", go_char(r))),
        }
    }

    fn hex_escape(&mut self, n: u8) -> State {
        for _ in 0..n {
            let r = self.next();
            if !is_hex(r) {
                let (what, esc) = match n {
                    2 => ("two", 'x'),
                    4 => ("four", 'u'),
                    _ => ("eight", 'U'),
                };
                return self.errorf(format!(
                    "expected {what} hexadecimal digits after '\\{esc}', but got {} instead",
                    quote(&self.current())
                ));
            }
        }
        self.pop()
    }

    fn number_or_date(&mut self) -> State {
        loop {
            let r = self.next();
            if r.is_ascii_digit() {
                continue;
            }
            return match r {
                '-' | ':' => State::Datetime,
                '_' => State::DecimalNumber,
                '.' | 'e' | 'E' => State::Float,
                _ => {
                    self.backup();
                    self.emit(ItemType::Integer);
                    self.pop()
                }
            };
        }
    }

    fn datetime(&mut self) -> State {
        loop {
            let r = self.next();
            if r.is_ascii_digit()
                || matches!(r, '-' | ':' | 'T' | 't' | ' ' | '.' | 'Z' | 'z' | '+')
            {
                continue;
            }
            self.backup();
            self.emit_trim(ItemType::Datetime);
            return self.pop();
        }
    }

    fn based_integer(&mut self, digit: fn(char) -> bool, _me: State) -> State {
        loop {
            let r = self.next();
            if digit(r) || r == '_' {
                continue;
            }
            self.backup();
            self.emit(ItemType::Integer);
            return self.pop();
        }
    }

    fn decimal_number(&mut self) -> State {
        loop {
            let r = self.next();
            if r.is_ascii_digit() || r == '_' {
                continue;
            }
            if matches!(r, '.' | 'e' | 'E') {
                return State::Float;
            }
            self.backup();
            self.emit(ItemType::Integer);
            return self.pop();
        }
    }

    fn decimal_number_start(&mut self) -> State {
        let r = self.next();
        match r {
            'i' => {
                if !self.accept('n') || !self.accept('f') {
                    return self.errorf(format!("invalid float: '{}'", self.current()));
                }
                self.emit(ItemType::Float);
                return self.pop();
            }
            'n' => {
                if !self.accept('a') || !self.accept('n') {
                    return self.errorf(format!("invalid float: '{}'", self.current()));
                }
                self.emit(ItemType::Float);
                return self.pop();
            }
            '0' => {
                let p = self.peek();
                if matches!(p, 'b' | 'o' | 'x') {
                    return self.errorf(format!(
                        "cannot use sign with non-decimal numbers: '{}{p}'",
                        self.current()
                    ));
                }
            }
            '.' => return self.errorf("floats must start with a digit, not '.'".to_owned()),
            _ => {}
        }
        if r.is_ascii_digit() {
            return State::DecimalNumber;
        }
        self.errorf(format!("expected a digit but got {}", q(r)))
    }

    fn base_number_or_date(&mut self) -> State {
        let r = self.next();
        // Datetimes start with at least two digits: no date characters here.
        if r.is_ascii_digit() {
            return State::NumberOrDate;
        }
        let (check, next, what): (fn(char) -> bool, State, &str) = match r {
            '_' => return State::DecimalNumber,
            '.' | 'e' | 'E' => return State::Float,
            'b' => (is_binary, State::BinaryInteger, "binary"),
            'o' => (is_octal, State::OctalInteger, "an octal"),
            'x' => (is_hex, State::HexInteger, "a hexadecimal"),
            _ => {
                self.backup();
                self.emit(ItemType::Integer);
                return self.pop();
            }
        };
        let p = self.peek();
        if !check(p) {
            // Go reports this and goes on lexing; the error comes first in the stream.
            let what = if what == "binary" { "a binary" } else { what };
            self.errorf(format!("not {what} number: '{}{p}'", self.current()));
        }
        next
    }

    fn float(&mut self) -> State {
        loop {
            let r = self.next();
            if r.is_ascii_digit() || matches!(r, '_' | '.' | '-' | '+' | 'e' | 'E') {
                continue;
            }
            self.backup();
            self.emit(ItemType::Float);
            return self.pop();
        }
    }

    fn bool(&mut self) -> State {
        let mut word = String::new();
        loop {
            let r = self.next();
            if !is_letter(r) || self.failed {
                self.backup();
                break;
            }
            word.push(r);
        }
        if word == "true" || word == "false" {
            self.emit(ItemType::Bool);
            return self.pop();
        }
        self.errorf(format!("expected value but found {} instead", quote(&word)))
    }
}

/// Go's `%q` of a rune.
fn q(r: char) -> String {
    quote_rune(i64::from(u32::from(r)))
}

/// Go's `%c` of a rune (the NUL of EOF included).
fn go_char(r: char) -> char {
    r
}

fn rune_or_eof(r: char) -> String {
    if r == EOF {
        "end of file".to_owned()
    } else {
        format!("'{r}'")
    }
}

/// `strings.TrimSpace`'s notion of space.
fn go_space(c: char) -> bool {
    rudder_value::unicode::is_space(c)
}

fn is_whitespace(r: char) -> bool {
    r == '\t' || r == ' '
}

fn is_nl(r: char) -> bool {
    r == '\n' || r == '\r'
}

fn is_control(r: char) -> bool {
    match r {
        '\t' | '\r' | '\n' => false,
        _ => u32::from(r) <= 0x1f || r == '\u{7f}',
    }
}

fn is_binary(r: char) -> bool {
    r == '0' || r == '1'
}

fn is_octal(r: char) -> bool {
    ('0'..='7').contains(&r)
}

pub(super) fn is_hex(r: char) -> bool {
    r.is_ascii_hexdigit()
}

fn is_bare_key_char(r: char) -> bool {
    r.is_ascii_alphanumeric() || r == '_' || r == '-'
}
