//! How Go sees the JSON values the patch code handles: their dynamic types (as
//! `k8s.io/apimachinery/pkg/util/json` decodes them: integers that fit as `int64`, every
//! other number as `float64`), `reflect.DeepEqual`, `fmt`'s `%v`, `reflect.TypeOf` names in
//! error texts, and `encoding/json`'s `Marshal` (sorted keys, HTML-safe escapes, Go's float
//! format), so patches come out byte for byte as Helm sends them.

use serde_json::{Map, Number, Value as Json};

/// The dynamic Go type of a decoded JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GoType {
    Nil,
    Bool,
    Int64,
    Float64,
    String,
    Map,
    Slice,
}

pub(crate) fn go_type(v: &Json) -> GoType {
    match v {
        Json::Null => GoType::Nil,
        Json::Bool(_) => GoType::Bool,
        Json::Number(n) if n.as_i64().is_some() => GoType::Int64,
        Json::Number(_) => GoType::Float64,
        Json::String(_) => GoType::String,
        Json::Object(_) => GoType::Map,
        Json::Array(_) => GoType::Slice,
    }
}

/// `reflect.TypeOf(v).String()` (`<nil>` for nil).
pub(crate) fn type_name(v: &Json) -> &'static str {
    match go_type(v) {
        GoType::Nil => "<nil>",
        GoType::Bool => "bool",
        GoType::Int64 => "int64",
        GoType::Float64 => "float64",
        GoType::String => "string",
        GoType::Map => "map[string]interface {}",
        GoType::Slice => "[]interface {}",
    }
}

fn float(n: &Number) -> f64 {
    n.as_f64().unwrap_or(0.0)
}

/// `reflect.DeepEqual` of two decoded values (`==` on scalars of the same dynamic type).
#[expect(
    clippy::float_cmp,
    reason = "Go's == on float64 values is exact comparison"
)]
#[expect(
    clippy::many_single_char_names,
    reason = "the two sides and their parts, as in reflect.DeepEqual"
)]
pub(crate) fn deep_equal(a: &Json, b: &Json) -> bool {
    if go_type(a) != go_type(b) {
        return false;
    }
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => float(x) == float(y),
        },
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| deep_equal(v, w))
        }
        _ => a == b,
    }
}

/// `fmt.Sprintf("%v", v)`.
pub(crate) fn sprint(v: &Json) -> String {
    let mut out = String::new();
    write_v(&mut out, v);
    out
}

fn write_v(out: &mut String, v: &Json) {
    match v {
        Json::Null => out.push_str("<nil>"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => match n.as_i64() {
            Some(i) => out.push_str(&i.to_string()),
            None => out.push_str(&rudder_value::strconv::format_float(float(n), b'g', -1, 64)),
        },
        Json::String(s) => out.push_str(s),
        Json::Object(m) => {
            out.push_str("map[");
            for (i, k) in sorted_keys(m).into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_v(out, &m[k]);
            }
            out.push(']');
        }
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_v(out, item);
            }
            out.push(']');
        }
    }
}

pub(crate) fn sorted_keys(m: &Map<String, Json>) -> Vec<&String> {
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort();
    keys
}

/// `json.Marshal(v)` of a decoded value.
pub(crate) fn marshal(v: &Json) -> String {
    let mut out = String::new();
    write_json(&mut out, v);
    out
}

fn write_json(out: &mut String, v: &Json) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => match n.as_i64() {
            Some(i) => out.push_str(&i.to_string()),
            None => out.push_str(&json_float(float(n))),
        },
        Json::String(s) => write_string(out, s),
        Json::Object(m) => {
            out.push('{');
            for (i, k) in sorted_keys(m).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_json(out, &m[k]);
            }
            out.push('}');
        }
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
    }
}

/// `encoding/json`'s float64 encoder: `'f'` format, `'e'` below 1e-6 or from 1e21 on, with
/// a one-digit negative exponent written without its leading zero.
fn json_float(f: f64) -> String {
    let abs = f.abs();
    let fmt = if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        b'e'
    } else {
        b'f'
    };
    let mut s = rudder_value::strconv::format_float(f, fmt, -1, 64);
    if fmt == b'e' {
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            s.remove(n - 2);
        }
    }
    s
}

/// A JSON string as `encoding/json` writes it with HTML escaping on.
fn write_string(out: &mut String, s: &str) {
    write_html_escaped(out, s, true);
}

/// A JSON string with HTML escaping on: `encoding/json`'s (`short_controls`: `\b` and `\f`
/// as such, since Go 1.22) or json-iterator's `WriteStringWithHTMLEscaped` (`\u0008`).
pub(super) fn write_html_escaped(out: &mut String, s: &str, short_controls: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' if short_controls => out.push_str("\\b"),
            '\u{c}' if short_controls => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{0}'..='\u{1f}' => {
                let b = c as u32;
                out.push_str("\\u00");
                out.push(char::from(HEX[(b >> 4) as usize]));
                out.push(char::from(HEX[(b & 0xf) as usize]));
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A value as Helm's patch code receives it: `json.Marshal` of the object, then
/// `util/json.Unmarshal`, which types a number as `int64` when its text is an integer that
/// fits and as `float64` otherwise (so a whole float such as `5.0` comes back an integer, an
/// integer beyond `int64` a float).
pub(crate) fn canonical(v: Json) -> Json {
    match v {
        Json::Number(n) if n.as_i64().is_none() => {
            let f = float(&n);
            match json_float(f).parse::<i64>() {
                Ok(i) => Json::Number(i.into()),
                Err(_) => Number::from_f64(f).map_or(Json::Null, Json::Number),
            }
        }
        Json::Object(m) => Json::Object(m.into_iter().map(|(k, v)| (k, canonical(v))).collect()),
        Json::Array(items) => Json::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn marshal_like_go() {
        assert_eq!(
            marshal(&json!({"b": [1, 1.5, 1e21, 1e-7, "<&>\u{2028}"], "a": null})),
            r#"{"a":null,"b":[1,1.5,1e+21,1e-7,"\u003c\u0026\u003e\u2028"]}"#
        );
    }

    #[test]
    fn sprint_like_go() {
        assert_eq!(
            sprint(&json!({"b": [1, 2.5e6, true, null], "a": "x"})),
            "map[a:x b:[1 2.5e+06 true <nil>]]"
        );
    }

    #[test]
    fn go_types() {
        assert_eq!(go_type(&json!(1)), GoType::Int64);
        assert_eq!(go_type(&json!(1.0)), GoType::Float64);
        let big = canonical(serde_json::from_str("18446744073709551615").unwrap());
        assert_eq!(go_type(&big), GoType::Float64);
        assert_eq!(go_type(&canonical(json!(5.0))), GoType::Int64);
        assert_eq!(go_type(&canonical(json!(1e21))), GoType::Float64);
        assert!(!deep_equal(&json!(1), &json!(1.0)));
        assert!(deep_equal(&json!({"a": [1]}), &json!({"a": [1]})));
    }
}
