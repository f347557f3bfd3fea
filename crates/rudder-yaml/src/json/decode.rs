//! `json.Unmarshal`: Go's syntax check (with its error texts), then the decode.

use std::collections::BTreeMap;

use rudder_value::strconv::parse_float;
use rudder_value::{List, Map, MapType, Str, Value};

use crate::error::{Error, ErrorKind};
use crate::{Decoded, Target};

/// `encoding/json`'s nesting limit.
const MAX_NESTING_DEPTH: usize = 10_000;

/// Go's `quoteChar`: how a byte is shown in a syntax error.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => r"'\''".to_owned(),
        b'"' => "'\"'".to_owned(),
        _ => {
            let q = rudder_value::strconv::quote(&char::from(c).to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

fn syntax(msg: impl Into<String>, offset: usize) -> Error {
    Error::new(ErrorKind::Json, msg).with_hint(format!("at byte offset {offset}"))
}

fn invalid(c: u8, context: &str, offset: usize) -> Error {
    syntax(
        format!("invalid character {} {context}", quote_char(c)),
        offset,
    )
}

fn eof(offset: usize) -> Error {
    syntax("unexpected end of JSON input", offset)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// A validating recursive-descent reader that reports the errors Go's state-machine scanner
/// reports, at the same byte.
struct Checker<'a> {
    s: &'a [u8],
    i: usize,
    depth: usize,
}

impl Checker<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(is_space) {
            self.i += 1;
        }
    }

    /// A value; `context` is the error text for a character that cannot start one.
    fn value(&mut self) -> Result<(), Error> {
        crate::deep(|| self.value_inner())
    }

    fn value_inner(&mut self) -> Result<(), Error> {
        self.skip_space();
        let Some(c) = self.peek() else {
            return Err(eof(self.i));
        };
        match c {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => self.string(),
            b'-' | b'0'..=b'9' => self.number(),
            b't' => self.literal(b"true", "true"),
            b'f' => self.literal(b"false", "false"),
            b'n' => self.literal(b"null", "null"),
            _ => Err(invalid(c, "looking for beginning of value", self.i)),
        }
    }

    fn push(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_NESTING_DEPTH {
            return Err(invalid(self.s[self.i], "exceeded max depth", self.i));
        }
        self.i += 1;
        Ok(())
    }

    fn object(&mut self) -> Result<(), Error> {
        self.push()?;
        self.skip_space();
        match self.peek() {
            None => return Err(eof(self.i)),
            Some(b'}') => {
                self.i += 1;
                self.depth -= 1;
                return Ok(());
            }
            _ => {}
        }
        loop {
            self.skip_space();
            match self.peek() {
                None => return Err(eof(self.i)),
                Some(b'"') => self.string()?,
                Some(c) => {
                    return Err(invalid(
                        c,
                        "looking for beginning of object key string",
                        self.i,
                    ));
                }
            }
            self.skip_space();
            match self.peek() {
                None => return Err(eof(self.i)),
                Some(b':') => self.i += 1,
                Some(c) => return Err(invalid(c, "after object key", self.i)),
            }
            self.value()?;
            self.skip_space();
            match self.peek() {
                None => return Err(eof(self.i)),
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                Some(c) => return Err(invalid(c, "after object key:value pair", self.i)),
            }
        }
    }

    fn array(&mut self) -> Result<(), Error> {
        self.push()?;
        self.skip_space();
        match self.peek() {
            None => return Err(eof(self.i)),
            Some(b']') => {
                self.i += 1;
                self.depth -= 1;
                return Ok(());
            }
            _ => {}
        }
        loop {
            self.value()?;
            self.skip_space();
            match self.peek() {
                None => return Err(eof(self.i)),
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                Some(c) => return Err(invalid(c, "after array element", self.i)),
            }
        }
    }

    fn string(&mut self) -> Result<(), Error> {
        self.i += 1;
        loop {
            let Some(c) = self.peek() else {
                return Err(eof(self.i));
            };
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.i += 1;
                    let Some(e) = self.peek() else {
                        return Err(invalid(b' ', "in string escape code", self.i));
                    };
                    match e {
                        b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => self.i += 1,
                        b'u' => {
                            self.i += 1;
                            for _ in 0..4 {
                                match self.peek() {
                                    None => {
                                        return Err(invalid(
                                            b' ',
                                            "in \\u hexadecimal character escape",
                                            self.i,
                                        ));
                                    }
                                    Some(h) if h.is_ascii_hexdigit() => self.i += 1,
                                    Some(h) => {
                                        return Err(invalid(
                                            h,
                                            "in \\u hexadecimal character escape",
                                            self.i,
                                        ));
                                    }
                                }
                            }
                        }
                        _ => return Err(invalid(e, "in string escape code", self.i)),
                    }
                }
                0..0x20 => return Err(invalid(c, "in string literal", self.i)),
                _ => self.i += 1,
            }
        }
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
    }

    fn number(&mut self) -> Result<(), Error> {
        if self.peek() == Some(b'-') {
            self.i += 1;
            match self.peek() {
                None => return Err(invalid(b' ', "in numeric literal", self.i)),
                Some(b'0'..=b'9') => {}
                Some(c) => return Err(invalid(c, "in numeric literal", self.i)),
            }
        }
        if self.peek() == Some(b'0') {
            self.i += 1;
        } else {
            self.digits();
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            match self.peek() {
                Some(b'0'..=b'9') => self.digits(),
                c => {
                    let c = c.unwrap_or(b' ');
                    return Err(invalid(c, "after decimal point in numeric literal", self.i));
                }
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            match self.peek() {
                Some(b'0'..=b'9') => self.digits(),
                c => {
                    let c = c.unwrap_or(b' ');
                    return Err(invalid(c, "in exponent of numeric literal", self.i));
                }
            }
        }
        Ok(())
    }

    fn literal(&mut self, word: &[u8], name: &str) -> Result<(), Error> {
        self.i += 1;
        for &want in &word[1..] {
            match self.peek() {
                Some(c) if c == want => self.i += 1,
                c => {
                    // At the end of the input Go's scanner is fed a space.
                    let c = c.unwrap_or(b' ');
                    return Err(invalid(
                        c,
                        &format!("in literal {name} (expecting {})", quote_char(want)),
                        self.i,
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Go's `checkValid`: the whole input must be one JSON value, surrounded by spaces.
fn check_valid(s: &[u8]) -> Result<(), Error> {
    let mut c = Checker { s, i: 0, depth: 0 };
    c.value()?;
    c.skip_space();
    if let Some(b) = c.peek() {
        return Err(invalid(b, "after top-level value", c.i));
    }
    Ok(())
}

/// The decoder proper, over input known to be valid.
struct Reader<'a> {
    s: &'a [u8],
    i: usize,
    /// The first type error (Go keeps decoding and reports the first).
    error: Option<Error>,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while self.s.get(self.i).copied().is_some_and(is_space) {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Value {
        crate::deep(|| self.value_inner())
    }

    fn value_inner(&mut self) -> Value {
        self.skip_space();
        match self.s[self.i] {
            b'{' => Value::Map(self.object()),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.s[self.i] == b']' {
                        self.i += 1;
                        break;
                    }
                    items.push(self.value());
                    self.skip_space();
                    if self.s[self.i] == b',' {
                        self.i += 1;
                    }
                }
                Value::List(List::new(items))
            }
            b'"' => Value::string(self.string()),
            b't' => {
                self.i += 4;
                Value::Bool(true)
            }
            b'f' => {
                self.i += 5;
                Value::Bool(false)
            }
            b'n' => {
                self.i += 4;
                Value::Nil
            }
            _ => self.number(),
        }
    }

    fn object(&mut self) -> Map {
        self.i += 1;
        let mut entries: BTreeMap<Str, Value> = BTreeMap::new();
        loop {
            self.skip_space();
            if self.s[self.i] == b'}' {
                self.i += 1;
                break;
            }
            let key = self.string();
            self.skip_space();
            self.i += 1; // ':'
            let v = self.value();
            entries.insert(Str::from(key), v);
            self.skip_space();
            if self.s[self.i] == b',' {
                self.i += 1;
            }
        }
        Map::from_entries(MapType::interface(), entries)
    }

    fn number(&mut self) -> Value {
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|&c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'))
        {
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("0");
        if let Ok(f) = parse_float(text, 64) {
            Value::float64(f)
        } else {
            if self.error.is_none() {
                self.error = Some(Error::new(
                    ErrorKind::Type,
                    format!("json: cannot unmarshal number {text} into Go value of type float64"),
                ));
            }
            Value::Nil
        }
    }

    /// A string literal, unquoted as Go does (invalid UTF-8 and lone surrogates become
    /// U+FFFD).
    fn string(&mut self) -> String {
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let c = self.s[self.i];
            match c {
                b'"' => {
                    self.i += 1;
                    break;
                }
                b'\\' => {
                    let e = self.s[self.i + 1];
                    self.i += 2;
                    match e {
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0C),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let r = self.hex4();
                            let c = if (0xD800..0xDC00).contains(&r)
                                && self.s.get(self.i) == Some(&b'\\')
                                && self.s.get(self.i + 1) == Some(&b'u')
                            {
                                let save = self.i;
                                self.i += 2;
                                let r2 = self.hex4();
                                if (0xDC00..0xE000).contains(&r2) {
                                    char::from_u32(0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00))
                                } else {
                                    self.i = save;
                                    None
                                }
                            } else {
                                char::from_u32(r)
                            };
                            let c = c.unwrap_or('\u{FFFD}');
                            let mut tmp = [0; 4];
                            out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                _ => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
        rudder_value::gobytes::go_lossy(&out)
    }

    fn hex4(&mut self) -> u32 {
        let mut r = 0;
        for _ in 0..4 {
            let h = self.s[self.i];
            let d = match h {
                b'0'..=b'9' => h - b'0',
                b'a'..=b'f' => h - b'a' + 10,
                _ => h - b'A' + 10,
            };
            r = (r << 4) | u32::from(d);
            self.i += 1;
        }
        r
    }
}

/// `json.Unmarshal` into a [`Target`], with Go's partial result on error: a syntax error leaves
/// the target untouched, a number out of range is stored as nil and reported.
pub fn decode(data: &[u8], target: Target) -> Decoded {
    let (empty, go_type) = match target {
        Target::Any => (Value::Nil, ""),
        Target::Map => (Value::Map(Map::new()), "map[string]interface {}"),
        Target::List => (Value::List(List::new(Vec::new())), "[]interface {}"),
    };
    if let Err(e) = check_valid(data) {
        return Decoded {
            value: empty,
            error: Some(e),
        };
    }
    let first = data.iter().copied().find(|&c| !is_space(c)).unwrap_or(b'n');
    let kind = match first {
        b'{' => "object",
        b'[' => "array",
        b'"' => "string",
        b't' | b'f' => "bool",
        b'n' => "null",
        _ => "number",
    };
    let fits = match target {
        Target::Any => true,
        Target::Map => matches!(kind, "object" | "null"),
        Target::List => matches!(kind, "array" | "null"),
    };
    if !fits {
        // The value is skipped without being converted: a number is not even parsed.
        return Decoded {
            value: empty,
            error: Some(Error::new(
                ErrorKind::Type,
                format!("json: cannot unmarshal {kind} into Go value of type {go_type}"),
            )),
        };
    }
    let mut r = Reader {
        s: data,
        i: 0,
        error: None,
    };
    let value = match (target, r.value()) {
        // null sets a map or slice target to nil.
        (Target::Map, Value::Nil) => Value::Map(Map::nil(MapType::interface())),
        (Target::List, Value::Nil) => Value::List(List::nil(rudder_value::ElemType::Interface)),
        (_, v) => v,
    };
    Decoded {
        value,
        error: r.error,
    }
}

/// `json.Unmarshal(data, &v)` with `var v interface{}`.
///
/// # Errors
/// Go's texts: `invalid character 'x' looking for beginning of value`, `unexpected end of JSON
/// input`, `json: cannot unmarshal number 1e400 into Go value of type float64`.
pub fn unmarshal(data: &[u8]) -> Result<Value, Error> {
    let d = decode(data, Target::Any);
    d.error.map_or(Ok(d.value), Err)
}

/// `json.Unmarshal` into a fresh `map[string]interface{}`.
///
/// # Errors
/// As [`unmarshal`], plus `json: cannot unmarshal array into Go value of type
/// map[string]interface {}`.
pub fn unmarshal_map(data: &[u8]) -> Result<Map, Error> {
    let d = decode(data, Target::Map);
    match (d.error, d.value) {
        (Some(e), _) => Err(e),
        (None, Value::Map(m)) => Ok(m),
        (None, _) => Ok(Map::new()),
    }
}

/// `json.Unmarshal` into a fresh `[]interface{}`.
///
/// # Errors
/// As [`unmarshal_map`].
pub fn unmarshal_list(data: &[u8]) -> Result<List, Error> {
    let d = decode(data, Target::List);
    match (d.error, d.value) {
        (Some(e), _) => Err(e),
        (None, Value::List(l)) => Ok(l),
        (None, _) => Ok(List::new(Vec::new())),
    }
}
