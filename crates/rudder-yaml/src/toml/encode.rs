//! BurntSushi/toml's `Encoder` (v1.6.0), as `toToml` calls it.

use std::fmt::Write as _;

use rudder_value::strconv::format_float;
use rudder_value::{FloatKind, Value};

use super::datetime::Datetime;
use crate::error::{Error, ErrorKind};

const INDENT: &str = "  ";

fn encode_error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Toml, msg)
}

/// The TOML type of a value, as `tomlTypeOfGo` sees it (`None` for nil).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TomlType {
    Hash,
    ArrayHash,
    Other,
}

fn toml_type(v: &Value) -> Result<Option<TomlType>, Error> {
    Ok(Some(match v {
        Value::Nil => return Ok(None),
        Value::Map(m) if m.is_nil() => return Ok(None),
        Value::List(l) if l.is_nil() => return Ok(None),
        Value::Map(_) => TomlType::Hash,
        Value::List(l) => {
            if is_table_array(l.items())? {
                TomlType::ArrayHash
            } else {
                TomlType::Other
            }
        }
        _ => TomlType::Other,
    }))
}

/// Whether every element is a table (and there is at least one); a nil element is an error.
fn is_table_array(items: &[Value]) -> Result<bool, Error> {
    if items.is_empty() {
        return Ok(false);
    }
    let mut all = true;
    for item in items {
        match toml_type(item)? {
            None => return Err(encode_error("toml: cannot encode array with nil element")),
            Some(TomlType::Hash) => {}
            Some(_) => all = false,
        }
    }
    Ok(all)
}

fn is_table(v: &Value) -> Result<bool, Error> {
    Ok(matches!(
        toml_type(v)?,
        Some(TomlType::Hash | TomlType::ArrayHash)
    ))
}

fn is_nil(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Map(m) => m.is_nil(),
        Value::List(l) => l.is_nil(),
        _ => false,
    }
}

fn bare(k: &str) -> bool {
    k.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `BurntSushi`'s `dblQuotedReplacer`.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn maybe_quoted(k: &str) -> String {
    if k.is_empty() {
        "\"\"".to_owned()
    } else if bare(k) {
        k.to_owned()
    } else {
        quote(k)
    }
}

pub(super) fn key_string(key: &[String]) -> String {
    key.iter()
        .map(|k| maybe_quoted(k))
        .collect::<Vec<_>>()
        .join(".")
}

struct Encoder {
    out: String,
}

impl Encoder {
    fn newline(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn indent(&mut self, key: &[String]) {
        for _ in 1..key.len() {
            self.out.push_str(INDENT);
        }
    }

    fn encode(&mut self, key: &[String], v: &Value) -> Result<(), Error> {
        crate::deep(|| self.encode_inner(key, v))
    }

    fn encode_inner(&mut self, key: &[String], v: &Value) -> Result<(), Error> {
        match v {
            Value::Nil => Ok(()),
            Value::Map(m) => {
                if m.is_nil() {
                    return Ok(());
                }
                self.table(key, v)
            }
            Value::List(l) => {
                if toml_type(v)? == Some(TomlType::ArrayHash) {
                    self.array_of_tables(key, l.items())
                } else {
                    self.key_value(key, v, false)
                }
            }
            Value::Object(o) if o.as_any().downcast_ref::<Datetime>().is_none() => {
                Err(encode_error(format!(
                    "toml: unsupported type for key '{}': struct",
                    key_string(key)
                )))
            }
            Value::Complex(_) => Err(encode_error(format!(
                "unsupported type for key '{}': {}",
                key_string(key),
                v.kind().name()
            ))),
            _ => self.key_value(key, v, false),
        }
    }

    fn table(&mut self, key: &[String], v: &Value) -> Result<(), Error> {
        if key.len() == 1 {
            self.newline();
        }
        if !key.is_empty() {
            self.indent(key);
            self.out.push('[');
            self.out.push_str(&key_string(key));
            self.out.push(']');
            self.newline();
        }
        self.map(key, v, false)
    }

    fn array_of_tables(&mut self, key: &[String], items: &[Value]) -> Result<(), Error> {
        if key.is_empty() {
            return Err(encode_error(
                "toml: top-level values must be Go maps or structs",
            ));
        }
        for item in items {
            if is_nil(item) {
                continue;
            }
            self.newline();
            self.indent(key);
            self.out.push_str("[[");
            self.out.push_str(&key_string(key));
            self.out.push_str("]]");
            self.newline();
            self.map(key, item, false)?;
        }
        Ok(())
    }

    fn map(&mut self, key: &[String], v: &Value, inline: bool) -> Result<(), Error> {
        let Value::Map(m) = v else {
            return Ok(());
        };
        let entries = m.entries();
        let mut direct = Vec::new();
        let mut sub = Vec::new();
        for (k, v) in &entries {
            if is_table(v)? {
                sub.push((k, v));
            } else {
                direct.push((k, v));
            }
        }
        if inline {
            self.out.push('{');
        }
        let has_sub = !sub.is_empty();
        for (group, trail) in [(direct, has_sub), (sub, false)] {
            let n = group.len();
            for (i, (k, v)) in group.into_iter().enumerate() {
                if is_nil(v) {
                    continue;
                }
                if inline {
                    self.key_value(&[k.to_string()], v, true)?;
                    if trail || i != n - 1 {
                        self.out.push_str(", ");
                    }
                } else {
                    let mut child = key.to_vec();
                    child.push(k.to_string());
                    self.encode(&child, v)?;
                }
            }
        }
        if inline {
            self.out.push('}');
        }
        Ok(())
    }

    fn key_value(&mut self, key: &[String], v: &Value, inline: bool) -> Result<(), Error> {
        if key.is_empty() {
            return self.element(v);
        }
        self.indent(key);
        self.out.push_str(&maybe_quoted(&key[key.len() - 1]));
        self.out.push_str(" = ");
        self.element(v)?;
        if !inline {
            self.newline();
        }
        Ok(())
    }

    fn element(&mut self, v: &Value) -> Result<(), Error> {
        crate::deep(|| self.element_inner(v))
    }

    fn element_inner(&mut self, v: &Value) -> Result<(), Error> {
        match v {
            Value::String(s) => self.out.push_str(&quote(s)),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i, _) => self.out.push_str(&i.to_string()),
            Value::Uint(u, _) => self.out.push_str(&u.to_string()),
            Value::Float(f, kind) => {
                if f.is_nan() {
                    if f.is_sign_negative() {
                        self.out.push('-');
                    }
                    self.out.push_str("nan");
                } else if f.is_infinite() {
                    if f.is_sign_negative() {
                        self.out.push('-');
                    }
                    self.out.push_str("inf");
                } else {
                    let bits = if *kind == FloatKind::F32 { 32 } else { 64 };
                    let s = format_float(*f, b'g', -1, bits);
                    self.out.push_str(&s);
                    if !s.contains(['e', '.']) {
                        self.out.push_str(".0");
                    }
                }
            }
            Value::Bytes(b) => {
                self.out.push('[');
                for (i, byte) in b.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(&byte.to_string());
                }
                self.out.push(']');
            }
            Value::List(l) => {
                self.out.push('[');
                let n = l.len();
                for (i, item) in l.items().iter().enumerate() {
                    self.element(item)?;
                    if i != n - 1 {
                        self.out.push_str(", ");
                    }
                }
                self.out.push(']');
            }
            Value::Map(_) => self.map(&[], v, true)?,
            Value::Object(o) => {
                if let Some(dt) = o.as_any().downcast_ref::<Datetime>() {
                    self.out.push_str(&dt.toml_text());
                } else if let Some(text) = o.to_go_string() {
                    self.out.push_str(&quote(&text));
                } else {
                    return Err(encode_error(format!(
                        "toml: unexpected type: {}",
                        o.type_name()
                    )));
                }
            }
            Value::Nil | Value::Complex(_) => {
                return Err(encode_error(format!(
                    "toml: unexpected type: {}",
                    v.type_name()
                )));
            }
        }
        Ok(())
    }
}

/// `toml.NewEncoder(w).Encode(v)`: the TOML text (`toToml` returns it as is, trailing
/// newline included).
///
/// # Errors
/// `toml: top-level values must be Go maps or structs` (a list of maps at the top),
/// `toml: cannot encode array with nil element`.
///
/// ```
/// use rudder_value::{Map, Value};
/// let t = Map::new();
/// t.insert("sail", Value::string("white"));
/// let m = Map::new();
/// m.insert("mast", Value::Map(t));
/// m.insert("n", Value::float64(1.0));
/// assert_eq!(rudder_yaml::toml::encode(&Value::Map(m)).unwrap(), "n = 1.0\n\n[mast]\n  sail = \"white\"\n");
/// ```
pub fn encode(v: &Value) -> Result<String, Error> {
    if v.is_nil() {
        // Go panics here (`reflect.Value.Type` on the zero Value).
        return Err(encode_error(
            "reflect: call of reflect.Value.Type on zero Value",
        ));
    }
    let mut e = Encoder { out: String::new() };
    e.encode(&[], v)?;
    Ok(e.out)
}
