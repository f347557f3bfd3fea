//! Schema documents as the Go library reads them (`jsonschema.UnmarshalJSON`: Go's decoder
//! with `UseNumber`): the syntax and its errors are Go's, numbers are kept whatever their
//! size (a `json.Number` is never parsed on reading), strings with invalid UTF-8 get U+FFFD.

use serde_json::{Map, Number, Value as Json};

/// `jsonschema.UnmarshalJSON`.
///
/// # Errors
/// Go's messages: `EOF`, `unexpected EOF`, `invalid character 'x' looking for beginning of
/// value`, `invalid character after top-level value`.
pub(crate) fn unmarshal_json(data: &[u8]) -> Result<Json, String> {
    let start = data
        .iter()
        .position(|&b| !is_space(b))
        .ok_or_else(|| "EOF".to_owned())?;
    let rest = &data[start..];
    let end = match crate::strvals::json_value_end(rest) {
        Ok(n) => n,
        Err(Some(at)) => {
            return Err(rudder_yaml::json::unmarshal(&rest[..=at])
                .err()
                .map_or_else(|| "unexpected EOF".to_owned(), |e| e.to_string()));
        }
        Err(None) => return Err("unexpected EOF".to_owned()),
    };
    if rest[end..].iter().any(|&b| !is_space(b)) {
        return Err("invalid character after top-level value".to_owned());
    }
    let mut p = Parser {
        s: &rest[..end],
        i: 0,
    };
    Ok(p.value())
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// A reader for text already validated by Go's scanner.
struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn skip(&mut self) {
        while self.i < self.s.len() && is_space(self.s[self.i]) {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Json {
        crate::deep(|| self.value_inner())
    }

    fn value_inner(&mut self) -> Json {
        self.skip();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut m = Map::new();
                loop {
                    self.skip();
                    if self.s.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        break;
                    }
                    let k = self.string();
                    self.skip();
                    self.i += 1; // ':'
                    let v = self.value();
                    m.insert(k, v);
                    self.skip();
                    if self.s.get(self.i) == Some(&b',') {
                        self.i += 1;
                    }
                }
                Json::Object(m)
            }
            Some(b'[') => {
                self.i += 1;
                let mut a = Vec::new();
                loop {
                    self.skip();
                    if self.s.get(self.i) == Some(&b']') {
                        self.i += 1;
                        break;
                    }
                    a.push(self.value());
                    self.skip();
                    if self.s.get(self.i) == Some(&b',') {
                        self.i += 1;
                    }
                }
                Json::Array(a)
            }
            Some(b'"') => Json::String(self.string()),
            Some(b't') => {
                self.i += 4;
                Json::Bool(true)
            }
            Some(b'f') => {
                self.i += 5;
                Json::Bool(false)
            }
            Some(b'n') => {
                self.i += 4;
                Json::Null
            }
            _ => self.number(),
        }
    }

    fn number(&mut self) -> Json {
        let start = self.i;
        while self.i < self.s.len()
            && matches!(
                self.s[self.i],
                b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
            )
        {
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("0");
        if let Ok(i) = text.parse::<i64>() {
            return Json::from(i);
        }
        if let Ok(u) = text.parse::<u64>() {
            return Json::from(u);
        }
        let f: f64 = text.parse().unwrap_or(0.0);
        let f = if f.is_finite() {
            f
        } else {
            f64::MAX.copysign(f)
        };
        Number::from_f64(f).map_or(Json::Null, Json::Number)
    }

    fn string(&mut self) -> String {
        // Go's decoder: escapes resolved, invalid UTF-8 and lone surrogates become U+FFFD.
        let start = self.i;
        self.i += 1;
        while self.i < self.s.len() {
            match self.s[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        match rudder_yaml::json::unmarshal(&self.s[start..self.i]) {
            Ok(rudder_value::Value::String(s)) => s.to_string(),
            _ => String::new(),
        }
    }
}
