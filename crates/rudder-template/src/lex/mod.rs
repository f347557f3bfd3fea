//! The lexer: template text to items, exactly as Go's `text/template/parse/lex.go` splits it
//! (delimiters, trim markers, comments, and the tokens inside actions), including its error
//! texts. Items borrow from the source; positions are byte offsets, lines are 1-based.

#[cfg(test)]
mod tests;

use std::borrow::Cow;

use rudder_value::unicode::{is_digit, is_letter};

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemKind {
    /// A lexing error; the value is the message.
    Error,
    Bool,
    /// A printable ASCII character not otherwise used (`,` for range declarations).
    Char,
    CharConstant,
    Comment,
    /// `1+2i`
    Complex,
    /// `=`
    Assign,
    /// `:=`
    Declare,
    Eof,
    /// `.Name`
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    /// `$`, `$x`
    Variable,
    // Keywords.
    Block,
    Break,
    Continue,
    /// `.`
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl ItemKind {
    fn is_keyword(self) -> bool {
        matches!(
            self,
            Self::Block
                | Self::Break
                | Self::Continue
                | Self::Dot
                | Self::Define
                | Self::Else
                | Self::End
                | Self::If
                | Self::Nil
                | Self::Range
                | Self::Template
                | Self::With
        )
    }
}

fn keyword(word: &str) -> Option<ItemKind> {
    Some(match word {
        "." => ItemKind::Dot,
        "block" => ItemKind::Block,
        "break" => ItemKind::Break,
        "continue" => ItemKind::Continue,
        "define" => ItemKind::Define,
        "else" => ItemKind::Else,
        "end" => ItemKind::End,
        "if" => ItemKind::If,
        "range" => ItemKind::Range,
        "nil" => ItemKind::Nil,
        "template" => ItemKind::Template,
        "with" => ItemKind::With,
        _ => return None,
    })
}

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item<'a> {
    pub(crate) kind: ItemKind,
    /// Byte offset of the item in the source.
    pub(crate) pos: u32,
    /// The item's text (the message, for errors).
    pub(crate) val: Cow<'a, str>,
    /// Line of the item's first byte.
    pub(crate) line: u32,
}

impl std::fmt::Display for Item<'_> {
    /// Go's `item.String()`, used in "unexpected ... in ..." errors.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            ItemKind::Eof => f.write_str("EOF"),
            ItemKind::Error => f.write_str(&self.val),
            k if k.is_keyword() => write!(f, "<{}>", self.val),
            _ => {
                if self.val.len() > 10 {
                    // `%.10q...`: the first ten characters, quoted.
                    let head: String = self.val.chars().take(10).collect();
                    write!(f, "{}...", rudder_value::strconv::quote(&head))
                } else {
                    f.write_str(&rudder_value::strconv::quote(&self.val))
                }
            }
        }
    }
}

/// Lexer options (Go's `lexOptions`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LexOptions {
    pub(crate) emit_comment: bool,
    pub(crate) break_ok: bool,
    pub(crate) continue_ok: bool,
}

const SPACE_CHARS: &[u8] = b" \t\r\n";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";

fn is_space(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t' | '\r' | '\n'))
}

fn is_alphanumeric(c: Option<char>) -> bool {
    match c {
        Some(c) => c == '_' || is_letter(c) || is_digit(c),
        None => false,
    }
}

fn has_left_trim_marker(s: &[u8]) -> bool {
    s.len() >= 2 && s[0] == b'-' && SPACE_CHARS.contains(&s[1])
}

fn has_right_trim_marker(s: &[u8]) -> bool {
    s.len() >= 2 && SPACE_CHARS.contains(&s[0]) && s[1] == b'-'
}

fn count_newlines(s: &str) -> u32 {
    s.bytes().filter(|&b| b == b'\n').count() as u32
}

/// The lexer. Call [`Lexer::next_item`] until it returns `Eof` or `Error`.
pub(crate) struct Lexer<'a> {
    input: &'a str,
    left: &'a str,
    right: &'a str,
    pos: usize,
    start: usize,
    /// Line at `pos`.
    line: u32,
    /// Line at `start`.
    start_line: u32,
    /// The last `next()` hit the end of input (so `backup` must not move).
    at_eof: bool,
    paren_depth: i32,
    inside_action: bool,
    /// Set after an error: the rest of the input is gone, as in Go.
    dead: bool,
    pub(crate) options: LexOptions,
}

enum State {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Identifier,
    Field,
    Variable,
    Char,
    Number,
    Quote,
    RawQuote,
}

impl<'a> Lexer<'a> {
    /// A lexer over `input` with the given delimiters (empty means the default `{{`/`}}`).
    pub(crate) fn new(input: &'a str, left: &'a str, right: &'a str) -> Self {
        Self {
            input,
            left: if left.is_empty() { "{{" } else { left },
            right: if right.is_empty() { "}}" } else { right },
            pos: 0,
            start: 0,
            line: 1,
            start_line: 1,
            at_eof: false,
            paren_depth: 0,
            inside_action: false,
            dead: false,
            options: LexOptions::default(),
        }
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn next(&mut self) -> Option<char> {
        let c = self.rest().chars().next();
        match c {
            None => {
                self.at_eof = true;
            }
            Some(c) => {
                self.pos += c.len_utf8();
                if c == '\n' {
                    self.line += 1;
                }
            }
        }
        c
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn backup(&mut self) {
        if !self.at_eof && self.pos > 0 {
            let c = self.input[..self.pos].chars().next_back();
            if let Some(c) = c {
                self.pos -= c.len_utf8();
                if c == '\n' {
                    self.line -= 1;
                }
            }
        }
    }

    /// Moves `pos` forward by `n` bytes, counting newlines.
    fn skip(&mut self, n: usize) {
        self.line += count_newlines(&self.input[self.pos..self.pos + n]);
        self.pos += n;
    }

    fn item(&mut self, kind: ItemKind) -> Item<'a> {
        let item = Item {
            kind,
            pos: self.start as u32,
            val: Cow::Borrowed(&self.input[self.start..self.pos]),
            line: self.start_line,
        };
        self.start = self.pos;
        self.start_line = self.line;
        item
    }

    /// Go's `ignore`: drop the pending text (newlines were counted by `skip`/`next`).
    fn ignore(&mut self) {
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.next() {
            Some(c) if valid.contains(c) => true,
            _ => {
                self.backup();
                false
            }
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while let Some(c) = self.next() {
            if !valid.contains(c) {
                break;
            }
        }
        self.backup();
    }

    fn error(&mut self, msg: String) -> Item<'a> {
        let item = Item {
            kind: ItemKind::Error,
            pos: self.start as u32,
            val: Cow::Owned(msg),
            line: self.start_line,
        };
        self.dead = true;
        item
    }

    /// The next item.
    pub(crate) fn next_item(&mut self) -> Item<'a> {
        if self.dead {
            return Item {
                kind: ItemKind::Eof,
                pos: 0,
                val: Cow::Borrowed(""),
                line: self.start_line,
            };
        }
        let mut state = if self.inside_action {
            State::InsideAction
        } else {
            State::Text
        };
        loop {
            let step = match state {
                State::Text => self.lex_text(),
                State::LeftDelim => self.lex_left_delim(),
                State::Comment => self.lex_comment(),
                State::RightDelim => self.lex_right_delim(),
                State::InsideAction => self.lex_inside_action(),
                State::Space => self.lex_space(),
                State::Identifier => self.lex_identifier(),
                State::Field => self.lex_field_or_variable(ItemKind::Field),
                State::Variable => self.lex_variable(),
                State::Char => self.lex_char(),
                State::Number => self.lex_number(),
                State::Quote => self.lex_quote(),
                State::RawQuote => self.lex_raw_quote(),
            };
            match step {
                Ok(item) => return item,
                Err(next) => state = next,
            }
        }
    }

    fn lex_text(&mut self) -> Result<Item<'a>, State> {
        if let Some(x) = self.rest().find(self.left) {
            if x > 0 {
                let delim_end = self.pos + x + self.left.len();
                let trim = if has_left_trim_marker(&self.input.as_bytes()[delim_end..]) {
                    let text = &self.input[self.start..self.pos + x];
                    text.len() - text.trim_end_matches([' ', '\t', '\r', '\n']).len()
                } else {
                    0
                };
                self.skip(x - trim);
                let item = self.item(ItemKind::Text);
                self.skip(trim);
                self.ignore();
                if !item.val.is_empty() {
                    return Ok(item);
                }
            }
            return Err(State::LeftDelim);
        }
        let n = self.input.len() - self.pos;
        self.skip(n);
        if self.pos > self.start {
            return Ok(self.item(ItemKind::Text));
        }
        Ok(self.item(ItemKind::Eof))
    }

    /// Whether `pos` is at a right delimiter, and whether it has a trim marker.
    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest().as_bytes();
        if has_right_trim_marker(rest) && self.input[self.pos + 2..].starts_with(self.right) {
            return (true, true);
        }
        if self.rest().starts_with(self.right) {
            return (true, false);
        }
        (false, false)
    }

    fn lex_left_delim(&mut self) -> Result<Item<'a>, State> {
        // As in Go, newlines inside a delimiter are not counted here.
        self.pos += self.left.len();
        let trim = has_left_trim_marker(self.rest().as_bytes());
        let after_marker = if trim { 2 } else { 0 };
        if self.input[self.pos + after_marker..].starts_with(LEFT_COMMENT) {
            self.skip(after_marker);
            self.ignore();
            return Err(State::Comment);
        }
        let item = self.item(ItemKind::LeftDelim);
        self.inside_action = true;
        self.skip(after_marker);
        self.ignore();
        self.paren_depth = 0;
        Ok(item)
    }

    fn lex_comment(&mut self) -> Result<Item<'a>, State> {
        self.pos += LEFT_COMMENT.len();
        let Some(x) = self.rest().find(RIGHT_COMMENT) else {
            return Ok(self.error("unclosed comment".into()));
        };
        self.pos += x + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return Ok(self.error("comment ends before closing delimiter".into()));
        }
        self.line += count_newlines(&self.input[self.start..self.pos]);
        let item = self.item(ItemKind::Comment);
        if trim {
            self.pos += 2;
        }
        self.pos += self.right.len();
        if trim {
            let rest = self.rest();
            let n = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
            self.pos += n;
        }
        self.line += count_newlines(&self.input[self.start..self.pos]);
        self.ignore();
        if self.options.emit_comment {
            return Ok(item);
        }
        Err(State::Text)
    }

    #[expect(
        clippy::unnecessary_wraps,
        reason = "every lexer state has the same signature"
    )]
    fn lex_right_delim(&mut self) -> Result<Item<'a>, State> {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.skip(2);
            self.ignore();
        }
        self.pos += self.right.len();
        let item = self.item(ItemKind::RightDelim);
        if trim {
            let rest = self.rest();
            let n = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
            self.skip(n);
            self.ignore();
        }
        self.inside_action = false;
        Ok(item)
    }

    fn lex_inside_action(&mut self) -> Result<Item<'a>, State> {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return Err(State::RightDelim);
            }
            return Ok(self.error("unclosed left paren".into()));
        }
        let c = self.next();
        match c {
            None => Ok(self.error("unclosed action".into())),
            Some(' ' | '\t' | '\r' | '\n') => {
                self.backup();
                Err(State::Space)
            }
            Some('=') => Ok(self.item(ItemKind::Assign)),
            Some(':') => {
                if self.next() != Some('=') {
                    return Ok(self.error("expected :=".into()));
                }
                Ok(self.item(ItemKind::Declare))
            }
            Some('|') => Ok(self.item(ItemKind::Pipe)),
            Some('"') => Err(State::Quote),
            Some('`') => Err(State::RawQuote),
            Some('$') => Err(State::Variable),
            Some('\'') => Err(State::Char),
            Some('.') => {
                // `.field`, or a number such as `.5`.
                if let Some(&b) = self.input.as_bytes().get(self.pos)
                    && !b.is_ascii_digit()
                {
                    return Err(State::Field);
                }
                self.backup();
                Err(State::Number)
            }
            Some('+' | '-' | '0'..='9') => {
                self.backup();
                Err(State::Number)
            }
            Some('(') => {
                self.paren_depth += 1;
                Ok(self.item(ItemKind::LeftParen))
            }
            Some(')') => {
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return Ok(self.error("unexpected right paren".into()));
                }
                Ok(self.item(ItemKind::RightParen))
            }
            c if is_alphanumeric(c) => {
                self.backup();
                Err(State::Identifier)
            }
            Some(c) if c.is_ascii() && (' '..='~').contains(&c) => Ok(self.item(ItemKind::Char)),
            Some(c) => Ok(self.error(format!("unrecognized character in action: {}", sharp_u(c)))),
        }
    }

    fn lex_space(&mut self) -> Result<Item<'a>, State> {
        let mut num_spaces = 0;
        while is_space(self.peek()) {
            self.next();
            num_spaces += 1;
        }
        // A trim-marked right delimiter starts with a space.
        let bytes = self.input.as_bytes();
        if has_right_trim_marker(&bytes[self.pos - 1..])
            && self.input[self.pos - 1 + 2..].starts_with(self.right)
        {
            self.backup();
            if num_spaces == 1 {
                return Err(State::RightDelim);
            }
        }
        Ok(self.item(ItemKind::Space))
    }

    fn lex_identifier(&mut self) -> Result<Item<'a>, State> {
        loop {
            let c = self.next();
            if is_alphanumeric(c) {
                continue;
            }
            self.backup();
            if !self.at_terminator() {
                return Ok(self.error(format!("bad character {}", sharp_u_opt(c))));
            }
            let word = &self.input[self.start..self.pos];
            if let Some(k) = keyword(word) {
                if (k == ItemKind::Break && !self.options.break_ok)
                    || (k == ItemKind::Continue && !self.options.continue_ok)
                {
                    return Ok(self.item(ItemKind::Identifier));
                }
                return Ok(self.item(k));
            }
            if word.starts_with('.') {
                return Ok(self.item(ItemKind::Field));
            }
            if word == "true" || word == "false" {
                return Ok(self.item(ItemKind::Bool));
            }
            return Ok(self.item(ItemKind::Identifier));
        }
    }

    fn lex_variable(&mut self) -> Result<Item<'a>, State> {
        if self.at_terminator() {
            return Ok(self.item(ItemKind::Variable));
        }
        self.lex_field_or_variable(ItemKind::Variable)
    }

    #[expect(
        clippy::unnecessary_wraps,
        reason = "every lexer state has the same signature"
    )]
    fn lex_field_or_variable(&mut self, kind: ItemKind) -> Result<Item<'a>, State> {
        if self.at_terminator() {
            if kind == ItemKind::Variable {
                return Ok(self.item(ItemKind::Variable));
            }
            return Ok(self.item(ItemKind::Dot));
        }
        let mut c;
        loop {
            c = self.next();
            if !is_alphanumeric(c) {
                self.backup();
                break;
            }
        }
        if !self.at_terminator() {
            return Ok(self.error(format!("bad character {}", sharp_u_opt(c))));
        }
        Ok(self.item(kind))
    }

    /// Whether the next character may follow an identifier.
    fn at_terminator(&self) -> bool {
        let c = self.peek();
        if is_space(c) {
            return true;
        }
        match c {
            None | Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(self.right),
        }
    }

    #[expect(
        clippy::unnecessary_wraps,
        reason = "every lexer state has the same signature"
    )]
    fn lex_char(&mut self) -> Result<Item<'a>, State> {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => {
                        return Ok(self.error("unterminated character constant".into()));
                    }
                    Some(_) => {}
                },
                None | Some('\n') => {
                    return Ok(self.error("unterminated character constant".into()));
                }
                Some('\'') => break,
                Some(_) => {}
            }
        }
        Ok(self.item(ItemKind::CharConstant))
    }

    #[expect(
        clippy::unnecessary_wraps,
        reason = "every lexer state has the same signature"
    )]
    fn lex_number(&mut self) -> Result<Item<'a>, State> {
        if !self.scan_number() {
            let text = rudder_value::strconv::quote(&self.input[self.start..self.pos]);
            return Ok(self.error(format!("bad number syntax: {text}")));
        }
        if let Some('+' | '-') = self.peek() {
            // Complex: 1+2i. No spaces, must end in 'i'.
            if !self.scan_number() || self.input.as_bytes()[self.pos - 1] != b'i' {
                let text = rudder_value::strconv::quote(&self.input[self.start..self.pos]);
                return Ok(self.error(format!("bad number syntax: {text}")));
            }
            return Ok(self.item(ItemKind::Complex));
        }
        Ok(self.item(ItemKind::Number))
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if is_alphanumeric(self.peek()) {
            self.next();
            return false;
        }
        true
    }

    #[expect(
        clippy::unnecessary_wraps,
        reason = "every lexer state has the same signature"
    )]
    fn lex_quote(&mut self) -> Result<Item<'a>, State> {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => {
                        return Ok(self.error("unterminated quoted string".into()));
                    }
                    Some(_) => {}
                },
                None | Some('\n') => return Ok(self.error("unterminated quoted string".into())),
                Some('"') => break,
                Some(_) => {}
            }
        }
        Ok(self.item(ItemKind::String))
    }

    #[expect(
        clippy::unnecessary_wraps,
        reason = "every lexer state has the same signature"
    )]
    fn lex_raw_quote(&mut self) -> Result<Item<'a>, State> {
        loop {
            match self.next() {
                None => return Ok(self.error("unterminated raw quoted string".into())),
                Some('`') => break,
                Some(_) => {}
            }
        }
        Ok(self.item(ItemKind::RawString))
    }
}

/// Go's `%#U`: `U+002D '-'`.
fn sharp_u(c: char) -> String {
    let mut s = format!("U+{:04X}", u32::from(c));
    if rudder_value::unicode::is_print(c) {
        s.push_str(" '");
        s.push(c);
        s.push('\'');
    }
    s
}

/// `%#U` of the character after an identifier, where end of input is Go's `eof` (-1).
fn sharp_u_opt(c: Option<char>) -> String {
    match c {
        Some(c) => sharp_u(c),
        None => "U+FFFFFFFFFFFFFFFF".into(),
    }
}
