//! `sigs.k8s.io/yaml.Marshal`: `json.Marshal`, then `JSONToYAML` (yaml.v2 reads the JSON text
//! back into `interface{}` and writes it out as YAML).
//!
//! The JSON text is not built on the common path: each value is turned directly into what
//! yaml.v2 would read back from its JSON form (a float's JSON text re-resolved as YAML, so
//! `1e20` comes out as `1e+20` and `1e19` as an integer). The few inputs where reading the
//! JSON text back has side effects of its own (characters yaml.v2's reader rejects, keys
//! beyond its 1024-character simple-key limit, nesting beyond its 10,000 levels) take the
//! literal path instead: Go's JSON text through our yaml.v2 parser.

use std::collections::HashSet;

use rudder_value::{FloatKind, Str, Value};

use crate::error::{Error, ErrorKind};
use crate::json;
use crate::yaml::decode::{GoMap, GoValue};
use crate::yaml::encode::marshal_v2;
use crate::yaml::resolve::{Flavor, Resolved, resolve};

const MARSHALING: &str = "error marshaling into JSON: ";

/// `encoding/json`'s cycle check starts after this many nested maps and slices.
const START_DETECTING_CYCLES_AFTER: usize = 1000;

/// Keys longer than this (in characters of their JSON form) may exceed yaml.v2's simple-key
/// limit; nesting deeper than this may exceed its flow-level limit.
const LONG_KEY: usize = 1000;
const DEEP: usize = 9_000;

struct Walk {
    hazard: bool,
    depth: usize,
    ptr_level: usize,
    ptr_seen: HashSet<(usize, usize)>,
}

/// Characters that `encoding/json` copies raw and that yaml.v2 does not read back as they
/// were: the ones its reader refuses, and NEL (U+0085), a line break in YAML, which folds
/// inside the quoted string (and breaks a key that contains it).
fn reread_differs(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'))
}

/// The length in characters of a key's JSON text (with `encoding/json`'s escapes).
fn json_key_len(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => 6,
            c if (c as u32) < 0x20 => 6,
            _ => 1,
        })
        .sum::<usize>()
        + 2
}

fn json_error(msg: String) -> Error {
    Error::new(ErrorKind::Json, msg).wrap(MARSHALING)
}

impl Walk {
    fn value(&mut self, v: &Value) -> Result<GoValue, Error> {
        crate::deep(|| self.value_inner(v))
    }

    fn enter(
        &mut self,
        key: (usize, usize),
        type_name: impl FnOnce() -> String,
    ) -> Result<(), Error> {
        self.ptr_level += 1;
        self.depth += 1;
        if self.depth > DEEP {
            self.hazard = true;
        }
        if self.ptr_level > START_DETECTING_CYCLES_AFTER && !self.ptr_seen.insert(key) {
            return Err(json_error(format!(
                "json: unsupported value: encountered a cycle via {}",
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
        self.depth -= 1;
    }

    fn string(&mut self, s: &Str) -> GoValue {
        if reread_differs(s) {
            self.hazard = true;
        }
        GoValue::String(s.clone())
    }

    fn value_inner(&mut self, v: &Value) -> Result<GoValue, Error> {
        Ok(match v {
            Value::Nil => GoValue::Nil,
            Value::Bool(b) => GoValue::Bool(*b),
            Value::Int(i, _) => GoValue::Int(*i),
            Value::Uint(u, _) => match i64::try_from(*u) {
                Ok(i) => GoValue::Int(i),
                Err(_) => GoValue::Uint(*u),
            },
            Value::Float(f, kind) => {
                let bits = if *kind == FloatKind::F32 { 32 } else { 64 };
                let mut text = Vec::new();
                json::write_float(&mut text, *f, bits).map_err(|e| e.wrap(MARSHALING))?;
                reread_number(std::str::from_utf8(&text).unwrap_or("0"))
            }
            Value::String(s) => self.string(s),
            Value::Bytes(b) => GoValue::String(Str::from(crate::base64::encode_std(b))),
            Value::List(list) => {
                if list.is_nil() {
                    return Ok(GoValue::Nil);
                }
                let key = (list.items().as_ptr() as usize, list.len());
                self.enter(key, || list.type_name())?;
                let mut items = Vec::with_capacity(list.len());
                for item in list.items() {
                    items.push(self.value(item)?);
                }
                self.leave(key);
                GoValue::Seq(items)
            }
            Value::Map(map) => {
                if map.is_nil() {
                    return Ok(GoValue::Nil);
                }
                let key = (std::ptr::from_ref(map.map_type()) as usize, 0);
                self.enter(key, || map.type_name())?;
                let mut out = GoMap::default();
                for (k, v) in map.entries() {
                    if json_key_len(&k) > LONG_KEY {
                        self.hazard = true;
                    }
                    let k = self.string(&k);
                    let v = self.value(&v)?;
                    out.insert(k, v);
                }
                self.leave(key);
                GoValue::Map(out)
            }
            Value::Complex(_) => {
                return Err(json_error(format!(
                    "json: unsupported type: {}",
                    v.type_name()
                )));
            }
            Value::Object(o) => match json::time_text(o.as_ref()).or_else(|| o.to_go_string()) {
                Some(text) => self.string(&Str::from(text)),
                None => {
                    return Err(json_error(format!(
                        "json: unsupported type: {}",
                        o.type_name()
                    )));
                }
            },
        })
    }
}

/// What yaml.v2 reads back from a JSON number's text.
fn reread_number(text: &str) -> GoValue {
    match resolve(Flavor::V2, "", text) {
        Ok((_, Resolved::Int(i))) => GoValue::Int(i),
        Ok((_, Resolved::Uint(u))) => GoValue::Uint(u),
        Ok((_, Resolved::Float(f))) => GoValue::Float(f),
        _ => GoValue::String(Str::from(text)),
    }
}

fn emit(go: &GoValue) -> Result<String, Error> {
    let out =
        marshal_v2(go).map_err(|e| Error::new(ErrorKind::Syntax, format!("yaml: {}", e.0)))?;
    Ok(String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// `sigs.k8s.io/yaml.Marshal(v)`: the YAML text (with its final newline; `toYaml` trims it).
///
/// # Errors
/// `error marshaling into JSON: json: unsupported value: NaN` and the other `encoding/json`
/// errors; the rare yaml.v2 errors of reading the JSON text back (`yaml: control characters
/// are not allowed` for a string with DEL or a C1 control character).
///
/// ```
/// use rudder_value::{Map, Value};
/// let m = Map::new();
/// m.insert("b", Value::string("yes"));
/// m.insert("a", Value::float64(1e6));
/// assert_eq!(rudder_yaml::sigs::marshal(&Value::Map(m)).unwrap(), "a: 1000000\nb: \"yes\"\n");
/// ```
pub fn marshal(v: &Value) -> Result<String, Error> {
    let mut walk = Walk {
        hazard: false,
        depth: 0,
        ptr_level: 0,
        ptr_seen: HashSet::new(),
    };
    let go = walk.value(v)?;
    if !walk.hazard {
        return emit(&go);
    }
    drop(go);
    let text = json::marshal(v).map_err(|e| e.wrap(MARSHALING))?;
    json_to_yaml(text.as_bytes())
}

/// `sigs.k8s.io/yaml.JSONToYAML`: the first document of `data` read by yaml.v2 (JSON is
/// YAML) and written out by yaml.v2.
///
/// # Errors
/// yaml.v2's parse errors, e.g. `yaml: line 1: did not find expected ',' or '}'`.
pub fn json_to_yaml(data: &[u8]) -> Result<String, Error> {
    let go = super::decode_go(data)?;
    emit(&go)
}
