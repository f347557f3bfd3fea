//! The struct-level JSON of Helm's records: a pull reader with Go's `encoding/json` rules for
//! the typed fields (case-insensitive keys, `null` leaves a field alone, unknown keys skipped),
//! and Go's string escaping for the writer.
//!
//! Why a reader of our own: listing thousands of releases must not build a value tree for
//! every chart template. The reader walks the record once, copies out the few typed fields,
//! and keeps the untyped parts (`config`, chart `values`, the chart itself) as raw byte spans
//! that are decoded only when a command prints them, with `rudder-yaml`'s Go-exact decoder.

use std::fmt::Write as _;

/// A JSON text Go's `encoding/json` would refuse, with Go's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct JsonError(pub(crate) String);

impl JsonError {
    fn syntax(what: &str, c: Option<u8>) -> Self {
        match c {
            None => Self("unexpected end of JSON input".into()),
            Some(c) => Self(format!("invalid character {} {what}", quote_char(c))),
        }
    }

    /// Go's `UnmarshalTypeError` text for a value of the wrong JSON kind.
    pub(crate) fn mismatch(found: &str, strukt: &str, field: &str, ty: &str) -> Self {
        Self(format!(
            "json: cannot unmarshal {found} into Go struct field {strukt}.{field} of type {ty}"
        ))
    }
}

/// Go's `quoteChar` in `encoding/json`'s scanner errors.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".into(),
        b'"' => "'\"'".into(),
        0x20..=0x7e => format!("'{}'", char::from(c)),
        b'\n' => "'\\n'".into(),
        b'\t' => "'\\t'".into(),
        b'\r' => "'\\r'".into(),
        c if c < 0x80 => format!("'\\x{c:02x}'"),
        c => format!("'\\x{c:02x}'"),
    }
}

/// The kind of the next JSON value, for type errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

impl Kind {
    pub(crate) fn go_name(self) -> &'static str {
        match self {
            Kind::Object => "object",
            Kind::Array => "array",
            Kind::String => "string",
            Kind::Number => "number",
            Kind::Bool => "bool",
            Kind::Null => "null",
        }
    }
}

/// A pull reader over one JSON document.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Self {
        Self { b, pos: 0 }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The kind of the next value (after whitespace), or Go's syntax error.
    pub(crate) fn peek(&mut self) -> Result<Kind, JsonError> {
        self.ws();
        match self.b.get(self.pos) {
            Some(b'{') => Ok(Kind::Object),
            Some(b'[') => Ok(Kind::Array),
            Some(b'"') => Ok(Kind::String),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(b't' | b'f') => Ok(Kind::Bool),
            Some(b'n') => Ok(Kind::Null),
            c => Err(JsonError::syntax(
                "looking for beginning of value",
                c.copied(),
            )),
        }
    }

    /// Consumes a `null` if one comes next.
    pub(crate) fn null(&mut self) -> Result<bool, JsonError> {
        if self.peek()? == Kind::Null {
            self.literal(b"null")?;
            return Ok(true);
        }
        Ok(false)
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), JsonError> {
        for (i, &expected) in word.iter().enumerate() {
            match self.b.get(self.pos + i) {
                Some(&c) if c == expected => {}
                c => {
                    self.pos += i;
                    let what = match word[0] {
                        b't' => "in literal true (expecting ",
                        b'f' => "in literal false (expecting ",
                        _ => "in literal null (expecting ",
                    };
                    let what = format!("{what}{})", quote_char(expected));
                    return Err(JsonError::syntax(&what, c.copied()));
                }
            }
        }
        self.pos += word.len();
        Ok(())
    }

    /// Reads an object, calling `field` with each key; `field` must consume the value.
    /// A `null` is an empty object (Go leaves the target alone).
    pub(crate) fn object(
        &mut self,
        mut field: impl FnMut(&mut Self, &str) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        if self.null()? {
            return Ok(());
        }
        self.expect(b'{', "looking for beginning of value")?;
        self.ws();
        if self.b.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.b.get(self.pos) != Some(&b'"') {
                return Err(JsonError::syntax(
                    "looking for beginning of object key string",
                    self.b.get(self.pos).copied(),
                ));
            }
            let key = self.string()?;
            self.ws();
            self.expect(b':', "after object key")?;
            field(self, &key)?;
            self.ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                c => return Err(JsonError::syntax("after object key:value pair", c.copied())),
            }
        }
    }

    /// Reads an array, calling `item` for each element; `item` must consume it.
    pub(crate) fn array(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        if self.null()? {
            return Ok(());
        }
        self.expect(b'[', "looking for beginning of value")?;
        self.ws();
        if self.b.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            self.ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                c => return Err(JsonError::syntax("after array element", c.copied())),
            }
        }
    }

    fn expect(&mut self, c: u8, what: &str) -> Result<(), JsonError> {
        self.ws();
        match self.b.get(self.pos) {
            Some(&got) if got == c => {
                self.pos += 1;
                Ok(())
            }
            got => Err(JsonError::syntax(what, got.copied())),
        }
    }

    /// Reads a string with Go's decoding: escapes resolved, a lone surrogate or an invalid
    /// UTF-8 byte becomes U+FFFD.
    pub(crate) fn string(&mut self) -> Result<String, JsonError> {
        self.ws();
        self.expect(b'"', "looking for beginning of value")?;
        let start = self.pos;
        // Fast path: no escapes and valid UTF-8.
        let mut i = start;
        while let Some(&c) = self.b.get(i) {
            match c {
                b'"' => {
                    if let Ok(s) = std::str::from_utf8(&self.b[start..i]) {
                        self.pos = i + 1;
                        return Ok(s.to_owned());
                    }
                    break;
                }
                b'\\' => break,
                c if c < 0x20 => {
                    self.pos = i;
                    return Err(JsonError::syntax("in string literal", Some(c)));
                }
                _ => i += 1,
            }
        }
        let mut out: Vec<u8> = Vec::with_capacity(i - start + 16);
        self.pos = start;
        loop {
            let Some(&c) = self.b.get(self.pos) else {
                return Err(JsonError::syntax("", None));
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(String::from_utf8_lossy(&out).into_owned());
                }
                b'\\' => {
                    self.pos += 1;
                    let Some(&e) = self.b.get(self.pos) else {
                        return Err(JsonError::syntax("", None));
                    };
                    self.pos += 1;
                    let simple = match e {
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'/' => Some(b'/'),
                        b'b' => Some(8),
                        b'f' => Some(12),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        other => {
                            self.pos -= 1;
                            return Err(JsonError::syntax("in string escape code", Some(other)));
                        }
                    };
                    if let Some(s) = simple {
                        out.push(s);
                        continue;
                    }
                    let first = self.hex4()?;
                    let ch = if (0xD800..0xDC00).contains(&first) {
                        // A high surrogate needs a low one right after it.
                        let save = self.pos;
                        if self.b.get(self.pos) == Some(&b'\\')
                            && self.b.get(self.pos + 1) == Some(&b'u')
                        {
                            self.pos += 2;
                            let second = self.hex4()?;
                            if (0xDC00..0xE000).contains(&second) {
                                char::from_u32(
                                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00),
                                )
                            } else {
                                self.pos = save;
                                None
                            }
                        } else {
                            None
                        }
                    } else {
                        char::from_u32(first)
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(
                        ch.unwrap_or('\u{FFFD}').encode_utf8(&mut buf).as_bytes(),
                    );
                }
                c if c < 0x20 => return Err(JsonError::syntax("in string literal", Some(c))),
                c => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0;
        for _ in 0..4 {
            let c = self.b.get(self.pos).copied();
            let d = match c {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                c => return Err(JsonError::syntax("in \\u hexadecimal character escape", c)),
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }

    /// Reads a number literal and returns its text.
    pub(crate) fn number(&mut self) -> Result<&'a str, JsonError> {
        self.ws();
        let start = self.pos;
        let b = self.b;
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        if b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match b.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while digit(self.pos) {
                    self.pos += 1;
                }
            }
            c => return Err(JsonError::syntax("in numeric literal", c.copied())),
        }
        if b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digit(self.pos) {
                return Err(JsonError::syntax(
                    "after decimal point in numeric literal",
                    b.get(self.pos).copied(),
                ));
            }
            while digit(self.pos) {
                self.pos += 1;
            }
        }
        if let Some(b'e' | b'E') = b.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = b.get(self.pos) {
                self.pos += 1;
            }
            if !digit(self.pos) {
                return Err(JsonError::syntax(
                    "in exponent of numeric literal",
                    b.get(self.pos).copied(),
                ));
            }
            while digit(self.pos) {
                self.pos += 1;
            }
        }
        Ok(std::str::from_utf8(&b[start..self.pos]).unwrap_or_default())
    }

    /// Reads a `bool`.
    pub(crate) fn boolean(&mut self) -> Result<bool, JsonError> {
        match self.peek()? {
            Kind::Bool if self.b[self.pos] == b't' => self.literal(b"true").map(|()| true),
            _ => self.literal(b"false").map(|()| false),
        }
    }

    /// Skips one value (checking its syntax) and returns its exact bytes.
    pub(crate) fn raw(&mut self) -> Result<&'a [u8], JsonError> {
        self.ws();
        let start = self.pos;
        self.skip()?;
        Ok(&self.b[start..self.pos])
    }

    /// Skips one value, checking its syntax as Go's scanner does.
    pub(crate) fn skip(&mut self) -> Result<(), JsonError> {
        match self.peek()? {
            Kind::Object => self.object(|r, _| r.skip()),
            Kind::Array => self.array(Self::skip),
            Kind::String => self.skip_string(),
            Kind::Number => self.number().map(|_| ()),
            Kind::Bool => self.boolean().map(|_| ()),
            Kind::Null => self.literal(b"null"),
        }
    }

    fn skip_string(&mut self) -> Result<(), JsonError> {
        self.pos += 1; // the opening quote
        loop {
            let Some(&c) = self.b.get(self.pos) else {
                return Err(JsonError::syntax("", None));
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.pos += 1;
                    match self.b.get(self.pos) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1;
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            self.hex4()?;
                        }
                        c => return Err(JsonError::syntax("in string escape code", c.copied())),
                    }
                }
                c if c < 0x20 => return Err(JsonError::syntax("in string literal", Some(c))),
                _ => self.pos += 1,
            }
        }
    }

    /// Checks that only whitespace follows the value just read.
    pub(crate) fn end(&mut self) -> Result<(), JsonError> {
        self.ws();
        match self.b.get(self.pos) {
            None => Ok(()),
            c => Err(JsonError::syntax("after top-level value", c.copied())),
        }
    }

    /// Reads a Go `int` field: a number literal without fraction or exponent.
    pub(crate) fn int(&mut self, strukt: &str, field: &str) -> Result<i64, JsonError> {
        match self.peek()? {
            Kind::Null => {
                self.literal(b"null")?;
                Ok(0)
            }
            Kind::Number => {
                let text = self.number()?;
                text.parse::<i64>().map_err(|_| {
                    JsonError::mismatch(&format!("number {text}"), strukt, field, "int")
                })
            }
            kind => {
                self.skip()?;
                Err(JsonError::mismatch(kind.go_name(), strukt, field, "int"))
            }
        }
    }

    /// Reads a Go `string` field (`null` leaves it empty).
    pub(crate) fn str_field(
        &mut self,
        strukt: &str,
        field: &str,
        ty: &str,
    ) -> Result<String, JsonError> {
        match self.peek()? {
            Kind::String => self.string(),
            Kind::Null => self.literal(b"null").map(|()| String::new()),
            kind => {
                self.skip()?;
                Err(JsonError::mismatch(kind.go_name(), strukt, field, ty))
            }
        }
    }

    /// Reads a Go `bool` field.
    pub(crate) fn bool_field(&mut self, strukt: &str, field: &str) -> Result<bool, JsonError> {
        match self.peek()? {
            Kind::Bool => self.boolean(),
            Kind::Null => self.literal(b"null").map(|()| false),
            kind => {
                self.skip()?;
                Err(JsonError::mismatch(kind.go_name(), strukt, field, "bool"))
            }
        }
    }

    /// Reads a Go `[]string` field.
    pub(crate) fn strings_field(
        &mut self,
        strukt: &str,
        field: &str,
        elem: &str,
    ) -> Result<Vec<String>, JsonError> {
        let mut out = Vec::new();
        match self.peek()? {
            Kind::Array | Kind::Null => {
                self.array(|r| {
                    out.push(r.str_field(strukt, field, elem)?);
                    Ok(())
                })?;
                Ok(out)
            }
            kind => {
                self.skip()?;
                Err(JsonError::mismatch(
                    kind.go_name(),
                    strukt,
                    field,
                    &format!("[]{elem}"),
                ))
            }
        }
    }

    /// Reads a Go `map[string]string` field (`None` for `null`).
    pub(crate) fn string_map_field(
        &mut self,
        strukt: &str,
        field: &str,
    ) -> Result<Option<std::collections::BTreeMap<String, String>>, JsonError> {
        match self.peek()? {
            Kind::Null => self.literal(b"null").map(|()| None),
            Kind::Object => {
                let mut map = std::collections::BTreeMap::new();
                self.object(|r, key| {
                    let value = r.str_field(strukt, field, "string")?;
                    map.insert(key.to_owned(), value);
                    Ok(())
                })?;
                Ok(Some(map))
            }
            kind => {
                self.skip()?;
                Err(JsonError::mismatch(
                    kind.go_name(),
                    strukt,
                    field,
                    "map[string]string",
                ))
            }
        }
    }
}

/// Appends `s` as a JSON string the way Go's `json.Marshal` writes it: `<`, `>`, `&`,
/// U+2028 and U+2029 escaped, control characters as `\u00XX` except `\b \f \n \r \t`.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escape: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => None,
            c if (c as u32) < 0x20 => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match escape {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Writes `"key":` with the separating comma when needed.
pub(crate) fn key(out: &mut String, first: &mut bool, name: &str) {
    if !*first {
        out.push(',');
    }
    *first = false;
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_strings_like_go() {
        let mut out = String::new();
        write_str(&mut out, "a<b>&\"\\\n\u{1}\u{2028}é\u{8}");
        assert_eq!(out, r#""a\u003cb\u003e\u0026\"\\\n\u0001\u2028é\b""#);
    }

    #[test]
    fn reads_strings_like_go() {
        let mut r = Reader::new(br#""a\u00e9\ud83d\ude00\ud800x\/""#);
        assert_eq!(r.string().unwrap(), "aé😀\u{FFFD}x/");
        let mut r = Reader::new(b"\"\xff\"");
        assert_eq!(r.string().unwrap(), "\u{FFFD}");
    }

    #[test]
    fn syntax_errors_use_go_text() {
        let err = Reader::new(b"x").skip().unwrap_err();
        assert_eq!(
            err.0,
            "invalid character 'x' looking for beginning of value"
        );
        let err = Reader::new(br#"{"a" 1}"#).skip().unwrap_err();
        assert_eq!(err.0, "invalid character '1' after object key");
        let err = Reader::new(br#"{"a":1"#).skip().unwrap_err();
        assert_eq!(err.0, "unexpected end of JSON input");
        let mut r = Reader::new(b"{} x");
        r.skip().unwrap();
        assert_eq!(
            r.end().unwrap_err().0,
            "invalid character 'x' after top-level value"
        );
    }

    #[test]
    fn raw_spans_and_ints() {
        let mut r = Reader::new(br#" {"a": [1, {"b": null}], "n": 12} "#);
        let mut raw = Vec::new();
        let mut n = 0;
        r.object(|r, key| {
            match key {
                "a" => raw = r.raw()?.to_vec(),
                _ => n = r.int("T", key)?,
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(raw, br#"[1, {"b": null}]"#);
        assert_eq!(n, 12);
        let err = Reader::new(b"1.5").int("Release", "version").unwrap_err();
        assert_eq!(
            err.0,
            "json: cannot unmarshal number 1.5 into Go struct field Release.version of type int"
        );
    }
}
