//! The TOML parser: BurntSushi/toml v1.6.0's table building, duplicate-key rules (quirks
//! included: appending to a table defined earlier is allowed) and error texts.
//!
//! Like Go's, it keeps the whole document as one tree of tables, records which keys were
//! created implicitly (`a.b.c = 1`, `[a.b.c]`) and which hold arrays, and reports errors with
//! the line of the item at fault and the "last key" it was working on.

use std::collections::{HashMap, HashSet};

use rudder_value::strconv::{NumErrorKind, parse_float, parse_int, quote};

use super::datetime::Datetime;
use super::encode::key_string;
use super::gotime::parse_datetime;
use super::lex::{Item, ItemType, Lexer, is_hex};

/// A table: Go's `map[string]any`.
pub(super) type Table = HashMap<String, TVal>;

/// A parsed value with the Go type `BurntSushi` gives it.
#[derive(Debug, Clone)]
pub(super) enum TVal {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Datetime(Datetime),
    /// `[]any`
    Array(Vec<TVal>),
    /// `map[string]any`
    Table(Table),
    /// `[]map[string]any` (an array of tables, `[[x]]`).
    TableArray(Vec<Table>),
}

/// Why parsing stopped.
#[derive(Debug)]
pub(super) enum Failure {
    /// Go's `ParseError`.
    Parse {
        message: String,
        line: i64,
        last_key: String,
    },
    /// An internal consistency check that Go reports by panicking (`BUG: ...`).
    Bug(String),
}

impl Failure {
    /// `ParseError.Error()`.
    pub(super) fn message(&self) -> String {
        match self {
            Self::Parse {
                message,
                line,
                last_key,
            } => {
                if last_key.is_empty() {
                    format!("toml: line {line}: {message}")
                } else {
                    format!(
                        "toml: line {line} (last key {}): {message}",
                        quote(last_key)
                    )
                }
            }
            Self::Bug(text) => text.clone(),
        }
    }
}

type PResult<T> = Result<T, Failure>;

fn bug(text: &str) -> Failure {
    Failure::Bug(format!("BUG: {text}\n\n"))
}

/// Parses a document into its top-level table.
pub(super) fn parse(data: &[u8]) -> PResult<Table> {
    let data = if data.starts_with(b"\xff\xfe") || data.starts_with(b"\xfe\xff") {
        &data[2..]
    } else if data.starts_with(b"\xef\xbb\xbf") {
        &data[3..]
    } else {
        data
    };
    // NULs in the first bytes suggest UTF-16.
    if data[..data.len().min(6)].contains(&0) {
        return Err(Failure::Parse {
            message: "files cannot contain NULL bytes; probably using UTF-16; TOML files must be \
                      UTF-8"
                .to_owned(),
            line: 1,
            last_key: String::new(),
        });
    }
    let mut p = Parser {
        lx: Lexer::new(data),
        context: Vec::new(),
        current_key: String::new(),
        pos_line: 0,
        key_info: HashMap::new(),
        mapping: Table::new(),
        implicits: HashSet::new(),
    };
    loop {
        let item = p.next()?;
        if item.typ == ItemType::Eof {
            break;
        }
        p.top_level(&item)?;
    }
    Ok(p.mapping)
}

struct Parser<'a> {
    lx: Lexer<'a>,
    /// The full key of the table in scope.
    context: Vec<String>,
    /// The key being assigned (the last part of a dotted key).
    current_key: String,
    /// The line of the last key or table name started (Go's `p.pos`).
    pos_line: i64,
    /// Which keys (by `Key.String()`) hold arrays (`tomlArray`), or other types.
    key_info: HashMap<String, bool>,
    mapping: Table,
    implicits: HashSet<String>,
}

/// Go's `Key.String()`.
fn key_str(key: &[String]) -> String {
    key_string(key)
}

impl Parser<'_> {
    // --- Items and errors ----------------------------------------------------------------

    /// Go's `p.current()`: the last key, for error messages.
    fn current(&self) -> String {
        if self.current_key.is_empty() {
            key_str(&self.context)
        } else if self.context.is_empty() {
            self.current_key.clone()
        } else {
            format!("{}.{}", key_str(&self.context), self.current_key)
        }
    }

    fn fail(&self, line: i64, message: String) -> Failure {
        Failure::Parse {
            message,
            line,
            last_key: self.current(),
        }
    }

    /// An error at the last key position (Go's `p.panicf`).
    fn failf(&self, message: String) -> Failure {
        self.fail(self.pos_line, message)
    }

    fn next(&mut self) -> PResult<Item> {
        match self.lx.next_item() {
            Ok(item) => Ok(item),
            Err(e) => Err(self.fail(e.line, e.message)),
        }
    }

    fn next_pos(&mut self) -> PResult<Item> {
        let item = self.next()?;
        self.pos_line = item.line;
        Ok(item)
    }

    fn expect(&mut self, typ: ItemType) -> PResult<Item> {
        let item = self.next()?;
        assert_equal(typ, item.typ)?;
        Ok(item)
    }

    // --- Structure -----------------------------------------------------------------------

    fn top_level(&mut self, item: &Item) -> PResult<()> {
        match item.typ {
            ItemType::CommentStart => {
                self.expect(ItemType::Text)?;
            }
            ItemType::TableStart | ItemType::ArrayTableStart => {
                let array = item.typ == ItemType::ArrayTableStart;
                let end = if array {
                    ItemType::ArrayTableEnd
                } else {
                    ItemType::TableEnd
                };
                let key = self.read_key(end, true)?;
                self.add_context(&key, array)?;
                self.set_type("", false);
            }
            ItemType::KeyStart => {
                let outer = self.context.clone();
                self.key_value()?;
                self.context = outer;
                self.current_key.clear();
            }
            other => return Err(bug(&format!("Unexpected type at top level: {other:?}"))),
        }
        Ok(())
    }

    /// Reads the parts of a key or table name up to `end`.
    fn read_key(&mut self, end: ItemType, _table: bool) -> PResult<Vec<String>> {
        let mut name = self.next_pos()?;
        let mut key = Vec::new();
        while name.typ != end && name.typ != ItemType::Eof {
            key.push(self.key_string(&name)?);
            name = self.next()?;
        }
        assert_equal(end, name.typ)?;
        Ok(key)
    }

    /// `key = value` after its `KeyStart` (at the top level or in an inline table); leaves
    /// `current_key` set and `context` extended by the dotted parents.
    fn key_value(&mut self) -> PResult<(Vec<String>, TVal)> {
        let key = self.read_key(ItemType::KeyEnd, false)?;
        let Some((last, parents)) = key.split_last() else {
            return Err(bug("empty key"));
        };
        self.current_key.clone_from(last);
        // Every dotted parent is an implicit table.
        for part in parents {
            let mut k = self.context.clone();
            k.push(part.clone());
            self.add_implicit_context(&k)?;
        }
        let v_item = self.next()?;
        let (val, is_array) = self.value(&v_item, false)?;
        let current = self.current_key.clone();
        self.set_value(&current, val.clone())?;
        self.set_type(&current, is_array);
        Ok((parents.to_vec(), val))
    }

    fn key_string(&mut self, item: &Item) -> PResult<String> {
        match item.typ {
            ItemType::Text => Ok(item.val.clone()),
            ItemType::String
            | ItemType::StringEsc
            | ItemType::MultilineString
            | ItemType::RawString
            | ItemType::RawMultilineString => match self.value(item, false)? {
                (TVal::Str(s), _) => Ok(s),
                _ => Err(bug("key is not a string")),
            },
            other => Err(bug(&format!("Unexpected key type: {other:?}"))),
        }
    }

    /// Go's `addContext`: makes `key` the table in scope, creating implicit parents, and a
    /// new table (or a new element of an array of tables).
    fn add_context(&mut self, key: &[String], array: bool) -> PResult<()> {
        let Some((last, parents)) = key.split_last() else {
            return Err(bug("empty table name"));
        };
        let mut key_context: Vec<String> = Vec::with_capacity(key.len());
        // Walk down, creating implicit tables, and remember where we stand by path.
        {
            let mut implicit_new = Vec::new();
            let mut hash = &mut self.mapping;
            for k in parents {
                key_context.push(k.clone());
                if !hash.contains_key(k) {
                    implicit_new.push(key_str(&key_context));
                    hash.insert(k.clone(), TVal::Table(Table::new()));
                }
                hash = match hash.get_mut(k) {
                    Some(TVal::TableArray(t)) => match t.last_mut() {
                        Some(last) => last,
                        None => return Err(bug("empty array of tables")),
                    },
                    Some(TVal::Table(t)) => t,
                    _ => {
                        self.implicits.extend(implicit_new);
                        let msg = format!(
                            "Key '{}' was already created as a hash.",
                            key_str(&key_context)
                        );
                        return Err(self.failf(msg));
                    }
                };
            }
            self.implicits.extend(implicit_new);
        }
        self.context.clone_from(&key_context);
        if array {
            let hash = self.table_at(&key_context)?;
            let entry = hash
                .entry(last.clone())
                .or_insert_with(|| TVal::TableArray(Vec::with_capacity(4)));
            if let TVal::TableArray(t) = entry {
                t.push(Table::new());
            } else {
                let msg = format!(
                    "Key '{}' was already created and cannot be used as an array.",
                    key_str(key)
                );
                return Err(self.failf(msg));
            }
        } else {
            self.set_value(last, TVal::Table(Table::new()))?;
        }
        self.context.push(last.clone());
        Ok(())
    }

    /// The table at `path` (the last element of arrays of tables on the way), which
    /// `add_context` has just established.
    fn table_at(&mut self, path: &[String]) -> PResult<&mut Table> {
        let mut hash = &mut self.mapping;
        for k in path {
            hash = match hash.get_mut(k) {
                Some(TVal::TableArray(t)) => {
                    t.last_mut().ok_or_else(|| bug("empty array of tables"))?
                }
                Some(TVal::Table(t)) => t,
                _ => return Err(bug("context vanished")),
            };
        }
        Ok(hash)
    }

    /// Go's `setValue`: sets `key` in the table in scope, applying the redefinition rules.
    fn set_value(&mut self, key: &str, value: TVal) -> PResult<()> {
        let mut key_context: Vec<String> = Vec::with_capacity(self.context.len() + 1);
        // Find the table in scope; a failure needs `self` for its message, so locate first.
        let mut failure = None;
        {
            let mut hash = &self.mapping;
            for k in &self.context {
                key_context.push(k.clone());
                match hash.get(k) {
                    None => {
                        return Err(bug(&format!(
                            "Context for key '{}' has not been established.",
                            key_str(&key_context)
                        )));
                    }
                    Some(TVal::TableArray(t)) => match t.last() {
                        Some(last) => hash = last,
                        None => return Err(bug("empty array of tables")),
                    },
                    Some(TVal::Table(t)) => hash = t,
                    Some(_) => {
                        failure = Some(format!(
                            "Key '{}' has already been defined.",
                            key_str(&key_context)
                        ));
                        break;
                    }
                }
            }
        }
        if let Some(msg) = failure {
            return Err(self.failf(msg));
        }
        key_context.push(key.to_owned());
        let name = key_str(&key_context);
        let context = self.context.clone();
        let exists = self.table_at(&context)?.contains_key(key);
        if exists {
            // Redefining is allowed for keys created implicitly (once), and for arrays whose
            // inline tables were set up while parsing them.
            if self.key_info.get(&name).copied().unwrap_or(false) {
                if !self.implicits.contains(&name) {
                    return Err(self.failf(format!("Key '{name}' has already been defined.")));
                }
                self.implicits.remove(&name);
                self.table_at(&context)?.insert(key.to_owned(), value);
                return Ok(());
            }
            if self.implicits.remove(&name) {
                return Ok(());
            }
            return Err(self.failf(format!("Key '{name}' has already been defined.")));
        }
        self.table_at(&context)?.insert(key.to_owned(), value);
        Ok(())
    }

    /// Go's `setType`, reduced to what the parser reads back: whether the key holds an array.
    fn set_type(&mut self, key: &str, is_array: bool) {
        let mut k = self.context.clone();
        if !key.is_empty() {
            k.push(key.to_owned());
        }
        if k.is_empty() {
            k.push(String::new());
        }
        self.key_info.insert(key_str(&k), is_array);
    }

    fn add_implicit(&mut self, key: &[String]) {
        self.implicits.insert(key_str(key));
    }

    fn add_implicit_context(&mut self, key: &[String]) -> PResult<()> {
        self.add_implicit(key);
        self.add_context(key, false)
    }

    // --- Values --------------------------------------------------------------------------

    /// A value item (and what follows it for arrays and inline tables), and whether it is an
    /// array.
    fn value(&mut self, it: &Item, parent_is_array: bool) -> PResult<(TVal, bool)> {
        let v = match it.typ {
            ItemType::String | ItemType::RawString => TVal::Str(it.val.clone()),
            ItemType::StringEsc => TVal::Str(self.replace_escapes(it, &it.val)?),
            ItemType::MultilineString => {
                let s = strip_escaped_newlines(strip_first_newline(&it.val));
                TVal::Str(self.replace_escapes(it, &s)?)
            }
            ItemType::RawMultilineString => TVal::Str(strip_first_newline(&it.val).to_owned()),
            ItemType::Integer => self.value_integer(it)?,
            ItemType::Float => self.value_float(it)?,
            ItemType::Bool => match it.val.as_str() {
                "true" => TVal::Bool(true),
                "false" => TVal::Bool(false),
                other => {
                    return Err(bug(&format!("Expected boolean value, but got '{other}'.")));
                }
            },
            ItemType::Datetime => {
                if let Some(t) = parse_datetime(&it.val) {
                    TVal::Datetime(t)
                } else {
                    let v = it.val.replace('z', "Z").replace(['t', ' '], "T");
                    return Err(self.fail(it.line, format!("invalid datetime: {}", quote(&v))));
                }
            }
            ItemType::Array => return self.value_array(),
            ItemType::InlineTableStart => return self.value_inline_table(parent_is_array),
            other => return Err(bug(&format!("Unexpected value type: {other:?}"))),
        };
        Ok((v, false))
    }

    fn value_integer(&self, it: &Item) -> PResult<TVal> {
        let s = &it.val;
        if !num_underscores_ok(s) {
            return Err(self.fail(
                it.line,
                format!(
                    "Invalid integer {}: underscores must be surrounded by digits",
                    quote(s)
                ),
            ));
        }
        if num_has_leading_zero(s) {
            return Err(self.fail(
                it.line,
                format!("Invalid integer {}: cannot have leading zeroes", quote(s)),
            ));
        }
        match parse_int(s, 0, 64) {
            Ok(n) => Ok(TVal::Int(n)),
            Err(e) if e.kind == NumErrorKind::Range => {
                Err(self.fail(it.line, format!("{s} is out of range for int64")))
            }
            Err(_) => Err(bug(&format!("Expected integer value, but got '{s}'."))),
        }
    }

    fn value_float(&self, it: &Item) -> PResult<TVal> {
        let s = &it.val;
        let parts: Vec<&str> = s.split(['.', 'e', 'E']).filter(|p| !p.is_empty()).collect();
        if parts.iter().any(|p| !num_underscores_ok(p)) {
            return Err(self.fail(
                it.line,
                format!(
                    "Invalid float {}: underscores must be surrounded by digits",
                    quote(s)
                ),
            ));
        }
        if parts.first().is_some_and(|p| num_has_leading_zero(p)) {
            return Err(self.fail(
                it.line,
                format!("Invalid float {}: cannot have leading zeroes", quote(s)),
            ));
        }
        if !num_periods_ok(s) {
            // `123.` and `1.e2` are Go floats but not TOML ones.
            return Err(self.fail(
                it.line,
                format!(
                    "Invalid float {}: '.' must be followed by one or more digits",
                    quote(s)
                ),
            ));
        }
        let mut val = s.replace('_', "");
        let negative_nan = val == "-nan";
        if val == "+nan" || negative_nan {
            "nan".clone_into(&mut val);
        }
        match parse_float(&val, 64) {
            Ok(f) => Ok(TVal::Float(if negative_nan { -f.abs() } else { f })),
            Err(e) if e.kind == NumErrorKind::Range => {
                Err(self.fail(it.line, format!("{s} is out of range for float64")))
            }
            Err(_) => Err(self.fail(it.line, format!("Invalid float value: {}", quote(s)))),
        }
    }

    fn value_array(&mut self) -> PResult<(TVal, bool)> {
        let current = self.current_key.clone();
        self.set_type(&current, true);
        let mut array = Vec::with_capacity(2);
        loop {
            let it = self.next()?;
            match it.typ {
                ItemType::ArrayEnd => break,
                ItemType::CommentStart => {
                    self.expect(ItemType::Text)?;
                }
                _ => {
                    let (v, _) = self.value(&it, true)?;
                    array.push(v);
                }
            }
        }
        Ok((TVal::Array(array), true))
    }

    fn value_inline_table(&mut self, parent_is_array: bool) -> PResult<(TVal, bool)> {
        let mut top = Table::new();
        let outer_context = self.context.clone();
        let outer_key = std::mem::take(&mut self.current_key);
        self.context.push(outer_key.clone());
        let prev_context = self.context.clone();
        let ctx = self.context.clone();
        self.add_implicit(&ctx);
        self.add_context(&ctx, parent_is_array)?;
        loop {
            let it = self.next()?;
            match it.typ {
                ItemType::InlineTableEnd => break,
                ItemType::CommentStart => {
                    self.expect(ItemType::Text)?;
                    continue;
                }
                _ => {}
            }
            let (parents, val) = self.key_value()?;
            let mut hash = &mut top;
            for c in &parents {
                let h = hash
                    .entry(c.clone())
                    .or_insert_with(|| TVal::Table(Table::new()));
                hash = if let TVal::Table(t) = h {
                    t
                } else {
                    let msg = format!("{} is not a table", quote(&key_str(&self.context)));
                    return Err(self.failf(msg));
                };
            }
            hash.insert(self.current_key.clone(), val);
            self.context.clone_from(&prev_context);
        }
        self.context = outer_context;
        self.current_key = outer_key;
        Ok((TVal::Table(top), false))
    }

    /// Go's `replaceEscapes` (the lexer has checked the escapes' shapes).
    fn replace_escapes(&self, it: &Item, s: &str) -> PResult<String> {
        let mut out = String::with_capacity(s.len());
        let bytes = s.as_bytes();
        let mut chars = s.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(&e) = bytes.get(i + 1) else {
                return Err(bug("Escape sequence at end of string."));
            };
            let (ch, skip) = match e {
                b' ' | b'\t' => {
                    return Err(
                        self.fail(it.line, format!("invalid escape: '\\{}'", char::from(e)))
                    );
                }
                b'b' => ('\u{8}', 1),
                b't' => ('\t', 1),
                b'n' => ('\n', 1),
                b'f' => ('\u{c}', 1),
                b'r' => ('\r', 1),
                b'e' => ('\u{1b}', 1),
                b'"' => ('"', 1),
                b'\\' => ('\\', 1),
                b'x' | b'u' | b'U' => {
                    let n = match e {
                        b'x' => 2,
                        b'u' => 4,
                        _ => 8,
                    };
                    let hex = s.get(i + 2..i + 2 + n).unwrap_or("");
                    (self.escaped_rune(it, hex)?, n + 1)
                }
                other => {
                    return Err(bug(&format!(
                        "Expected valid escape code after \\, but got {}.",
                        rudder_value::strconv::quote_rune(i64::from(other))
                    )));
                }
            };
            out.push(ch);
            for _ in 0..skip {
                chars.next();
            }
        }
        Ok(out)
    }

    fn escaped_rune(&self, it: &Item, hex: &str) -> PResult<char> {
        if hex.is_empty() || !hex.chars().all(is_hex) {
            return Err(bug(&format!(
                "Could not parse '{hex}' as a hexadecimal number, but the lexer claims it's OK"
            )));
        }
        let n = u32::from_str_radix(hex, 16).map_err(|e| bug(&e.to_string()))?;
        char::from_u32(n).ok_or_else(|| {
            self.fail(
                it.line,
                format!("Escaped character '\\u{hex}' is not valid UTF-8."),
            )
        })
    }
}

fn assert_equal(expected: ItemType, got: ItemType) -> PResult<()> {
    if expected == got {
        Ok(())
    } else {
        Err(bug(&format!("Expected '{expected:?}' but got '{got:?}'.")))
    }
}

/// Whether the number has leading zeroes (`0`, signs and base prefixes allowed).
fn num_has_leading_zero(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() > 1 && b[0] == b'0' && !matches!(b[1], b'b' | b'o' | b'x') {
        return true;
    }
    b.len() > 2 && matches!(b[0], b'-' | b'+') && b[1] == b'0'
}

/// Whether every underscore sits between two non-underscore (hex-digit) characters.
fn num_underscores_ok(s: &str) -> bool {
    if matches!(s, "nan" | "+nan" | "-nan" | "inf" | "-inf" | "+inf") {
        return true;
    }
    let mut accept = false;
    for r in s.chars() {
        if r == '_' && !accept {
            return false;
        }
        accept = is_hex(r);
    }
    accept
}

/// Whether every `.` is followed by a digit.
fn num_periods_ok(s: &str) -> bool {
    let mut period = false;
    for r in s.chars() {
        if period && !r.is_ascii_digit() {
            return false;
        }
        period = r == '.';
    }
    !period
}

fn strip_first_newline(s: &str) -> &str {
    s.strip_prefix('\n')
        .or_else(|| s.strip_prefix("\r\n"))
        .unwrap_or(s)
}

/// Removes a line-ending backslash and the whitespace after it, up to the next
/// non-whitespace character, in a multi-line basic string.
fn strip_escaped_newlines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut s = s;
    let mut i = 0;
    loop {
        let Some(ix) = s[i..].find('\\') else {
            out.push_str(s);
            return out;
        };
        i += ix;
        let b = s.as_bytes();
        if b.get(i + 1) == Some(&b'\\') {
            i += 2;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r' | b'\n') {
            j += 1;
        }
        if j == i + 1 || !s[i..j].contains('\n') {
            // Not a line-ending backslash (a bad escape is caught later).
            i += 1;
            continue;
        }
        out.push_str(&s[..i]);
        s = &s[j..];
        i = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert!(num_has_leading_zero("01"));
        assert!(!num_has_leading_zero("0x1"));
        assert!(num_has_leading_zero("+01"));
        assert!(!num_has_leading_zero("-0"));
        assert!(num_underscores_ok("1_000"));
        assert!(!num_underscores_ok("1__0"));
        assert!(!num_underscores_ok("_1"));
        assert!(!num_underscores_ok("inan"));
        assert!(num_periods_ok("1.5"));
        assert!(!num_periods_ok("1."));
        assert!(!num_periods_ok("1.e5"));
        assert_eq!(strip_escaped_newlines("a \\\n   b"), "a b");
        assert_eq!(strip_escaped_newlines("a \\\\\n b"), "a \\\\\n b");
        assert_eq!(strip_escaped_newlines("a\\ b"), "a\\ b");
    }
}
