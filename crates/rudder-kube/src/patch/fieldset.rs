//! structured-merge-diff's `fieldpath.Set` as `csaupgrade` uses it: decoded from a managed
//! fields entry's `FieldsV1` JSON (`Set.FromJSON`, json-iterator's reader and its error
//! texts), united with another set, and encoded back (`Set.ToJSON`: path elements sorted
//! fields < keys < values < indexes, a `"."` entry for a path that is both a member and a
//! parent, values written as json-iterator writes them).

use std::cmp::Ordering;

use serde_json::Value as Json;

/// A path element (`fieldpath.PathElement`).
#[derive(Debug, Clone)]
enum Pe {
    Field(String),
    /// A key's fields, sorted by name.
    Key(Vec<(String, Json)>),
    Value(Json),
    Index(i64),
}

/// `value.Compare` on values json-iterator decoded (every number a `float64`).
fn value_cmp(lhs: &Json, rhs: &Json) -> Ordering {
    fn rank(v: &Json) -> u8 {
        match v {
            Json::Number(_) => 0,
            Json::String(_) => 1,
            Json::Bool(_) => 2,
            Json::Array(_) => 3,
            Json::Object(_) => 4,
            Json::Null => 5,
        }
    }
    match (lhs, rhs) {
        (Json::Number(x), Json::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Json::String(x), Json::String(y)) => x.cmp(y),
        (Json::Bool(x), Json::Bool(y)) => x.cmp(y),
        (Json::Array(x), Json::Array(y)) => x
            .iter()
            .zip(y)
            .map(|(left, right)| value_cmp(left, right))
            .find(|order| order.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        (Json::Object(x), Json::Object(y)) => {
            // MapCompare: the keys of both in lexical order, a key only one side has makes
            // that side the greater one.
            if x.is_empty() && y.is_empty() {
                return Ordering::Equal;
            }
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for (i, key) in keys.into_iter().enumerate() {
                let order = if i == x.len() {
                    Ordering::Less
                } else if i == y.len() {
                    Ordering::Greater
                } else {
                    match (x.get(key), y.get(key)) {
                        (None, _) => Ordering::Greater,
                        (_, None) => Ordering::Less,
                        (Some(left), Some(right)) => value_cmp(left, right),
                    }
                };
                if order.is_ne() {
                    return order;
                }
            }
            Ordering::Equal
        }
        _ => rank(lhs).cmp(&rank(rhs)),
    }
}

impl Pe {
    fn cmp(&self, other: &Pe) -> Ordering {
        match (self, other) {
            (Pe::Field(a), Pe::Field(b)) => a.cmp(b),
            (Pe::Key(a), Pe::Key(b)) => {
                for ((n, v), (m, w)) in a.iter().zip(b) {
                    let c = n.cmp(m).then_with(|| value_cmp(v, w));
                    if c != Ordering::Equal {
                        return c;
                    }
                }
                a.len().cmp(&b.len())
            }
            (Pe::Value(a), Pe::Value(b)) => value_cmp(a, b),
            (Pe::Index(a), Pe::Index(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Pe::Field(_) => 0,
            Pe::Key(_) => 1,
            Pe::Value(_) => 2,
            Pe::Index(_) => 3,
        }
    }

    /// `SerializePathElement`.
    fn serialize(&self) -> String {
        match self {
            Pe::Field(name) => format!("f:{name}"),
            Pe::Key(fields) => {
                let mut out = String::from("k:{");
                for (i, (name, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(&mut out, name);
                    out.push(':');
                    write_value(&mut out, value);
                }
                out.push('}');
                out
            }
            Pe::Value(value) => {
                let mut out = String::from("v:");
                write_value(&mut out, value);
                out
            }
            Pe::Index(i) => format!("i:{i}"),
        }
    }
}

/// json-iterator's `WriteVal` of a decoded value (its standard-library-compatible config:
/// sorted map keys, HTML escaping, floats in `'f'` or, below 1e-6 and from 1e21, `'e'`
/// format with Go's two-digit exponent).
fn write_value(out: &mut String, v: &Json) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => {
            let f = n.as_f64().unwrap_or(0.0);
            let abs = f.abs();
            let fmt = if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
                b'e'
            } else {
                b'f'
            };
            out.push_str(&rudder_value::strconv::format_float(f, fmt, -1, 64));
        }
        Json::String(s) => write_string(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Json::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_value(out, &m[k]);
            }
            out.push('}');
        }
    }
}

/// json-iterator's `WriteStringWithHTMLEscaped`.
fn write_string(out: &mut String, s: &str) {
    super::gojson::write_html_escaped(out, s, false);
}

/// A decoded value as json-iterator's `Read` types it: every number a `float64`.
fn floats(v: Json) -> Json {
    match v {
        Json::Number(n) => {
            serde_json::Number::from_f64(n.as_f64().unwrap_or(0.0)).map_or(Json::Null, Json::Number)
        }
        Json::Array(items) => Json::Array(items.into_iter().map(floats).collect()),
        Json::Object(m) => Json::Object(m.into_iter().map(|(k, v)| (k, floats(v))).collect()),
        other => other,
    }
}

/// The first JSON value of `s` (json-iterator reads one and leaves the rest).
fn first_value(s: &str) -> Option<Json> {
    serde_json::Deserializer::from_str(s)
        .into_iter::<Json>()
        .next()
        .and_then(Result::ok)
        .map(floats)
}

/// Why `DeserializePathElement` refused a key: `None` for an unknown element type (skipped).
fn deserialize_pe(s: &str) -> Result<Pe, Option<String>> {
    let b = s.as_bytes();
    if b.len() < 2 {
        return Err(Some("key must be 2 characters long:".to_owned()));
    }
    if b[1] != b':' {
        return Err(Some(format!("missing colon: {s}")));
    }
    let rest = &s[2..];
    match b[0] {
        b'f' => Ok(Pe::Field(rest.to_owned())),
        b'v' => first_value(rest)
            .map(Pe::Value)
            .ok_or_else(|| Some(format!("Read: invalid value {rest}"))),
        b'k' => match first_value(rest) {
            Some(Json::Object(m)) => {
                let mut fields: Vec<(String, Json)> = m.into_iter().collect();
                fields.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(Pe::Key(fields))
            }
            Some(Json::Null) => Ok(Pe::Key(Vec::new())),
            _ => Err(Some(format!("ReadObjectCB: invalid key {rest}"))),
        },
        b'i' => {
            let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
            if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return Err(Some(format!(
                    "strconv.Atoi: parsing {}: invalid syntax",
                    crate::resource::go_quote(rest)
                )));
            }
            rest.parse::<i64>().map(Pe::Index).map_err(|_| {
                Some(format!(
                    "strconv.Atoi: parsing {}: value out of range",
                    crate::resource::go_quote(rest)
                ))
            })
        }
        _ => Err(None),
    }
}

/// A set of field paths.
#[derive(Debug, Clone, Default)]
pub(crate) struct Set {
    members: Vec<Pe>,
    children: Vec<(Pe, Set)>,
}

fn find(list: &[Pe], pe: &Pe) -> Result<usize, usize> {
    list.binary_search_by(|x| x.cmp(pe))
}

fn find_child(list: &[(Pe, Set)], pe: &Pe) -> Result<usize, usize> {
    list.binary_search_by(|x| x.0.cmp(pe))
}

impl Set {
    fn is_empty(&self) -> bool {
        self.members.is_empty() && self.children.is_empty()
    }

    /// `Set.Union`.
    pub(crate) fn union(&mut self, other: &Set) {
        for pe in &other.members {
            if let Err(i) = find(&self.members, pe) {
                self.members.insert(i, pe.clone());
            }
        }
        for (pe, set) in &other.children {
            match find_child(&self.children, pe) {
                Ok(i) => self.children[i].1.union(set),
                Err(i) => self.children.insert(i, (pe.clone(), set.clone())),
            }
        }
    }

    /// `Set.ToJSON`.
    pub(crate) fn to_json(&self) -> String {
        let mut out = String::from("{");
        self.emit(false, &mut out);
        out.push('}');
        out
    }

    fn emit(&self, include_self: bool, out: &mut String) {
        let mut first = !include_self || self.is_empty();
        if !first {
            out.push_str("\".\":{}");
        }
        let mut field = |out: &mut String, pe: &Pe| {
            if !first {
                out.push(',');
            }
            first = false;
            write_string(out, &pe.serialize());
            out.push(':');
        };
        let (mut mi, mut ci) = (0, 0);
        while mi < self.members.len() || ci < self.children.len() {
            let order = match (self.members.get(mi), self.children.get(ci)) {
                (Some(m), Some((c, _))) => m.cmp(c),
                (Some(_), None) => Ordering::Less,
                _ => Ordering::Greater,
            };
            if order == Ordering::Less {
                field(out, &self.members[mi]);
                out.push_str("{}");
                mi += 1;
            } else {
                let (pe, set) = &self.children[ci];
                field(out, pe);
                out.push('{');
                set.emit(order == Ordering::Equal, out);
                out.push('}');
                if order == Ordering::Equal {
                    mi += 1;
                }
                ci += 1;
            }
        }
    }

    /// `Set.FromJSON` of `raw` (the entry's `FieldsV1` bytes; empty when it has none).
    pub(crate) fn from_json(raw: &str) -> Result<Set, String> {
        let mut reader = Reader {
            buf: raw.as_bytes(),
            head: 0,
        };
        match reader.read_set() {
            Ok((set, _)) => Ok(set.unwrap_or_default()),
            Err((head, operation, msg)) => Err(reader.error(head, operation, &msg)),
        }
    }
}

type ReadError = (usize, &'static str, String);

/// json-iterator's reader over a well-formed compact JSON text (Go's `json.Marshal` output),
/// tracking the position its error texts report.
struct Reader<'a> {
    buf: &'a [u8],
    head: usize,
}

/// json-iterator's reader buffer: `FromJSON` reads through an `io.Reader` 4096 bytes at a time.
const CHUNK: usize = 4096;

impl Reader<'_> {
    fn next(&mut self) -> u8 {
        let c = self.buf.get(self.head).copied().unwrap_or(0);
        if self.head < self.buf.len() {
            self.head += 1;
        }
        c
    }

    /// `Iterator.ReportError`'s text for an error found with the reader at `head`.
    fn error(&self, head: usize, operation: &str, msg: &str) -> String {
        let start = if head == 0 {
            0
        } else {
            (head - 1) / CHUNK * CHUNK
        };
        let chunk = &self.buf[start..self.buf.len().min(start + CHUNK)];
        let head = head - start;
        let text = |a: usize, b: usize| String::from_utf8_lossy(&chunk[a..b]).into_owned();
        let peek = head.saturating_sub(10);
        let parsing = text(peek, (head + 10).min(chunk.len()));
        let context = text(head.saturating_sub(50), (head + 50).min(chunk.len()));
        format!(
            "{operation}: {msg}, error found in #{} byte of ...|{parsing}|..., bigger context ...|{context}|...",
            head - peek
        )
    }

    /// A string starting at the head (its opening quote not yet read).
    fn string(&mut self) -> String {
        let start = self.head;
        self.head += 1;
        while self.head < self.buf.len() {
            match self.buf[self.head] {
                b'\\' => self.head += 2,
                b'"' => {
                    self.head += 1;
                    break;
                }
                _ => self.head += 1,
            }
        }
        let text = std::str::from_utf8(&self.buf[start..self.head.min(self.buf.len())])
            .unwrap_or_default();
        serde_json::from_str(text).unwrap_or_default()
    }

    /// Skips one value starting at the head.
    fn skip(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.buf.get(self.head) {
                None => return,
                Some(b'"') => {
                    self.string();
                }
                Some(b'{' | b'[') => {
                    depth += 1;
                    self.head += 1;
                }
                Some(b'}' | b']') => {
                    depth = depth.saturating_sub(1);
                    self.head += 1;
                }
                Some(_) => {
                    self.head += 1;
                    while let Some(c) = self.buf.get(self.head) {
                        if matches!(c, b',' | b'}' | b']' | b':') {
                            break;
                        }
                        self.head += 1;
                    }
                }
            }
            if depth == 0 {
                return;
            }
            if let Some(b',' | b':') = self.buf.get(self.head) {
                self.head += 1;
            }
        }
    }

    /// `readIterV1`: the children read and whether the node is a member.
    fn read_set(&mut self) -> Result<(Option<Set>, bool), ReadError> {
        let mut children: Option<Set> = None;
        let mut member = false;
        let c = self.next();
        match c {
            b'n' => {
                self.head = (self.head + 3).min(self.buf.len());
            }
            b'{' => {
                if self.buf.get(self.head) == Some(&b'}') {
                    self.head += 1;
                } else {
                    loop {
                        let key = self.string();
                        self.head += 1; // ':'
                        if key == "." {
                            member = true;
                            self.skip();
                        } else {
                            match deserialize_pe(&key) {
                                Err(None) => self.skip(),
                                Err(Some(msg)) => {
                                    return Err((self.head, "parsing key as path element", msg));
                                }
                                Ok(pe) => {
                                    let (grandchildren, is_member) = self.read_set()?;
                                    let set = children.get_or_insert_with(Set::default);
                                    if is_member && let Err(i) = find(&set.members, &pe) {
                                        set.members.insert(i, pe.clone());
                                    }
                                    if let Some(grandchildren) = grandchildren {
                                        match find_child(&set.children, &pe) {
                                            Ok(i) => set.children[i].1 = grandchildren,
                                            Err(i) => set.children.insert(i, (pe, grandchildren)),
                                        }
                                    }
                                }
                            }
                        }
                        match self.next() {
                            b',' => {}
                            _ => break,
                        }
                    }
                }
            }
            c => {
                return Err((
                    self.head,
                    "ReadMapCB",
                    format!("expect {{ or n, but found {}", char::from(c)),
                ));
            }
        }
        if children.is_none() {
            member = true;
        }
        Ok((children, member))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_sorts_like_fieldpath() {
        let set = Set::from_json(
            r#"{"f:a":{"x:q":{}},"i:3":{},"k:{\"b\":1,\"a\":\"x\"}":{},"v:10":{},"v:9":{},"f:b":{".":{},"f:c":{}}}"#,
        )
        .unwrap();
        assert_eq!(
            set.to_json(),
            r#"{"f:a":{},"f:b":{".":{},"f:c":{}},"k:{\"a\":\"x\",\"b\":1}":{},"v:9":{},"v:10":{},"i:3":{}}"#
        );
    }

    #[test]
    fn union_keeps_membership_beside_children() {
        let mut a = Set::from_json(r#"{"f:a":{}}"#).unwrap();
        a.union(&Set::from_json(r#"{"f:a":{"f:b":{}}}"#).unwrap());
        assert_eq!(a.to_json(), r#"{"f:a":{".":{},"f:b":{}}}"#);
    }

    #[test]
    fn errors_like_json_iterator() {
        assert_eq!(
            Set::from_json("").unwrap_err(),
            "ReadMapCB: expect { or n, but found \0, error found in #0 byte of ...||..., bigger context ...||..."
        );
        assert_eq!(
            Set::from_json(r#"{"f:a":5}"#).unwrap_err(),
            r#"ReadMapCB: expect { or n, but found 5, error found in #8 byte of ...|{"f:a":5}|..., bigger context ...|{"f:a":5}|..."#
        );
        assert_eq!(
            Set::from_json(r#"{"i:x":{}}"#).unwrap_err(),
            r#"parsing key as path element: strconv.Atoi: parsing "x": invalid syntax, error found in #7 byte of ...|{"i:x":{}}|..., bigger context ...|{"i:x":{}}|..."#
        );
    }
}
