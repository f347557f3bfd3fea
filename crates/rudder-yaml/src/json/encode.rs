//! `json.Marshal` and friends.

use std::collections::HashSet;

use rudder_value::strconv::append_float;
use rudder_value::{FloatKind, Value};

use crate::base64::encode_std;
use crate::error::{Error, ErrorKind};

/// How to write.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options<'a> {
    /// Escape `<`, `>` and `&` (the default of `json.Marshal`).
    pub escape_html: bool,
    /// `MarshalIndent`'s prefix and indent, if indenting.
    pub indent: Option<(&'a str, &'a str)>,
}

/// `encoding/json`'s cycle check starts after this many nested maps and slices.
const START_DETECTING_CYCLES_AFTER: usize = 1000;

struct Encoder<'a> {
    out: Vec<u8>,
    opts: Options<'a>,
    depth: usize,
    ptr_level: usize,
    ptr_seen: HashSet<(usize, usize)>,
}

fn unsupported_value(what: &str) -> Error {
    Error::new(ErrorKind::Json, format!("json: unsupported value: {what}"))
}

/// Writes `v` as JSON text (without a trailing newline).
///
/// # Errors
/// `json: unsupported value: NaN` (or `+Inf`, `-Inf`), `json: unsupported type: complex128`,
/// `json: unsupported value: encountered a cycle via map[string]interface {}`.
pub(crate) fn encode(v: &Value, opts: Options<'_>) -> Result<Vec<u8>, Error> {
    let mut e = Encoder {
        out: Vec::with_capacity(128),
        opts,
        depth: 0,
        ptr_level: 0,
        ptr_seen: HashSet::new(),
    };
    e.value(v)?;
    Ok(e.out)
}

fn into_string(b: Vec<u8>) -> String {
    // Everything written is valid UTF-8 (strings are replaced, not copied, where invalid).
    String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `json.Marshal(v)`.
///
/// # Errors
/// Go's `json: unsupported value: NaN` and the like.
///
/// ```
/// use rudder_value::Value;
/// let v = Value::list(vec![Value::float64(1e21), Value::float64(1e-7), Value::string("<&>")]);
/// assert_eq!(rudder_yaml::json::marshal(&v).unwrap(), r#"[1e+21,1e-7,"\u003c\u0026\u003e"]"#);
/// ```
pub fn marshal(v: &Value) -> Result<String, Error> {
    encode(
        v,
        Options {
            escape_html: true,
            indent: None,
        },
    )
    .map(into_string)
}

/// `json.MarshalIndent(v, prefix, indent)`.
///
/// # Errors
/// As [`marshal`].
pub fn marshal_indent(v: &Value, prefix: &str, indent: &str) -> Result<String, Error> {
    encode(
        v,
        Options {
            escape_html: true,
            indent: Some((prefix, indent)),
        },
    )
    .map(into_string)
}

/// What sprig's `toRawJson` returns: a `json.Encoder` with `SetEscapeHTML(false)`, its
/// trailing newline trimmed.
///
/// # Errors
/// As [`marshal`].
pub fn marshal_raw(v: &Value) -> Result<String, Error> {
    encode(
        v,
        Options {
            escape_html: false,
            indent: None,
        },
    )
    .map(into_string)
}

impl Encoder<'_> {
    fn newline(&mut self) {
        if let Some((prefix, indent)) = self.opts.indent {
            self.out.push(b'\n');
            self.out.extend_from_slice(prefix.as_bytes());
            for _ in 0..self.depth {
                self.out.extend_from_slice(indent.as_bytes());
            }
        }
    }

    fn value(&mut self, v: &Value) -> Result<(), Error> {
        crate::deep(|| self.value_inner(v))
    }

    fn value_inner(&mut self, v: &Value) -> Result<(), Error> {
        match v {
            Value::Nil => self.out.extend_from_slice(b"null"),
            Value::Bool(b) => self
                .out
                .extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Int(i, _) => self.out.extend_from_slice(i.to_string().as_bytes()),
            Value::Uint(u, _) => self.out.extend_from_slice(u.to_string().as_bytes()),
            Value::Float(f, kind) => {
                let bits = if *kind == FloatKind::F32 { 32 } else { 64 };
                write_float(&mut self.out, *f, bits)?;
            }
            Value::String(s) => {
                // A string made from bytes that are not UTF-8 is written from those bytes,
                // each invalid one as `\ufffd`, as Go writes it.
                let escape_html = self.opts.escape_html;
                rudder_value::gobytes::with_go_bytes(s, |b| {
                    write_string(&mut self.out, b, escape_html);
                });
            }
            Value::Bytes(b) => {
                self.out.push(b'"');
                self.out.extend_from_slice(encode_std(b).as_bytes());
                self.out.push(b'"');
            }
            Value::List(list) => {
                if list.is_nil() {
                    self.out.extend_from_slice(b"null");
                    return Ok(());
                }
                let key = (list.items().as_ptr() as usize, list.len());
                self.enter(key, || list.type_name())?;
                self.out.push(b'[');
                if !list.is_empty() {
                    self.depth += 1;
                    for (i, item) in list.items().iter().enumerate() {
                        if i > 0 {
                            self.out.push(b',');
                        }
                        self.newline();
                        self.value(item)?;
                    }
                    self.depth -= 1;
                    self.newline();
                }
                self.out.push(b']');
                self.leave(key);
            }
            Value::Map(map) => {
                if map.is_nil() {
                    self.out.extend_from_slice(b"null");
                    return Ok(());
                }
                let key = (std::ptr::from_ref(map.map_type()) as usize, 0);
                self.enter(key, || map.type_name())?;
                self.out.push(b'{');
                let entries = map.entries();
                if !entries.is_empty() {
                    self.depth += 1;
                    for (i, (k, v)) in entries.iter().enumerate() {
                        if i > 0 {
                            self.out.push(b',');
                        }
                        self.newline();
                        write_string(&mut self.out, k.as_bytes(), self.opts.escape_html);
                        self.out.push(b':');
                        if self.opts.indent.is_some() {
                            self.out.push(b' ');
                        }
                        self.value(v)?;
                    }
                    self.depth -= 1;
                    self.newline();
                }
                self.out.push(b'}');
                self.leave(key);
            }
            Value::Complex(_) => {
                return Err(Error::new(
                    ErrorKind::Json,
                    format!("json: unsupported type: {}", v.type_name()),
                ));
            }
            Value::Object(o) => match time_text(o.as_ref()).or_else(|| o.to_go_string()) {
                Some(text) => write_string(&mut self.out, text.as_bytes(), self.opts.escape_html),
                None => {
                    return Err(Error::new(
                        ErrorKind::Json,
                        format!("json: unsupported type: {}", o.type_name()),
                    ));
                }
            },
        }
        Ok(())
    }

    /// Go's cycle check: after 1000 nested maps and slices, a container seen again on the
    /// current path is a cycle.
    fn enter(
        &mut self,
        key: (usize, usize),
        type_name: impl FnOnce() -> String,
    ) -> Result<(), Error> {
        self.ptr_level += 1;
        if self.ptr_level > START_DETECTING_CYCLES_AFTER && !self.ptr_seen.insert(key) {
            return Err(unsupported_value(&format!(
                "encountered a cycle via {}",
                type_name()
            )));
        }
        Ok(())
    }

    fn leave(&mut self, key: (usize, usize)) {
        if self.ptr_level > START_DETECTING_CYCLES_AFTER {
            self.ptr_seen.remove(&key);
        }
        self.ptr_level -= 1;
    }
}

/// A `time.Time`'s `MarshalJSON`/`MarshalText` text (RFC 3339 with nanoseconds).
pub(crate) fn time_text(o: &dyn rudder_value::Object) -> Option<String> {
    o.as_any()
        .downcast_ref::<crate::toml::Datetime>()
        .map(crate::toml::Datetime::rfc3339_nano)
        .or_else(|| o.marshal_text())
}

/// A float as `encoding/json` writes it: `'f'` between 1e-6 and 1e21, else `'e'` with a
/// two-digit exponent trimmed (`1e-7`).
pub(crate) fn write_float(out: &mut Vec<u8>, f: f64, bits: u32) -> Result<(), Error> {
    if !f.is_finite() {
        return Err(unsupported_value(&rudder_value::strconv::format_float(
            f, b'g', -1, bits,
        )));
    }
    let abs = f.abs();
    let mut fmt = b'f';
    if abs != 0.0 {
        let out_of_range = if bits == 64 {
            !(1e-6..1e21).contains(&abs)
        } else {
            let a = abs as f32;
            !(1e-6_f32..1e21_f32).contains(&a)
        };
        if out_of_range {
            fmt = b'e';
        }
    }
    let start = out.len();
    append_float(out, f, fmt, -1, bits);
    if fmt == b'e' {
        let n = out.len() - start;
        let b = &out[start..];
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            let last = b[n - 1];
            out.truncate(out.len() - 2);
            out.push(last);
        }
    }
    Ok(())
}

/// A string as JSON text, with Go's escapes.
pub(crate) fn write_string(out: &mut Vec<u8>, s: &[u8], escape_html: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let mut i = 0;
    let mut start = 0;
    while i < s.len() {
        let b = s[i];
        if b < 0x80 {
            let safe = b >= 0x20
                && b != b'"'
                && b != b'\\'
                && !(escape_html && matches!(b, b'<' | b'>' | b'&'));
            if safe {
                i += 1;
                continue;
            }
            out.extend_from_slice(&s[start..i]);
            match b {
                b'\\' | b'"' => out.extend_from_slice(&[b'\\', b]),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0C => out.extend_from_slice(b"\\f"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                _ => out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xF)],
                ]),
            }
            i += 1;
            start = i;
            continue;
        }
        match rudder_value::unicode::utf8_decode(&s[i..]) {
            None => {
                out.extend_from_slice(&s[start..i]);
                out.extend_from_slice(b"\\ufffd");
                i += 1;
                start = i;
            }
            Some((c, width)) => {
                if c == '\u{2028}' || c == '\u{2029}' {
                    out.extend_from_slice(&s[start..i]);
                    out.extend_from_slice(if c == '\u{2028}' {
                        b"\\u2028"
                    } else {
                        b"\\u2029"
                    });
                    i += width;
                    start = i;
                } else {
                    i += width;
                }
            }
        }
    }
    out.extend_from_slice(&s[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64) -> String {
        let mut out = Vec::new();
        write_float(&mut out, x, 64).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn floats() {
        assert_eq!(f(1e21), "1e+21");
        assert_eq!(f(1e20), "100000000000000000000");
        assert_eq!(f(1e-7), "1e-7");
        assert_eq!(f(0.000_001), "0.000001");
        assert_eq!(f(-0.0), "-0");
        assert_eq!(f(1.5), "1.5");
        assert_eq!(f(1e-10), "1e-10");
    }

    #[test]
    fn strings() {
        let mut out = Vec::new();
        write_string(&mut out, "a<b>&\u{2028}\"\\\n\u{1}é".as_bytes(), true);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#""a\u003cb\u003e\u0026\u2028\"\\\n\u0001é""#
        );
    }
}
