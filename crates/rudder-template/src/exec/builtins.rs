//! Go's builtin template functions (`funcs.go`): `and or not len index slice print printf
//! println html js urlquery call eq ne lt le gt ge`.

use std::sync::{Arc, LazyLock};

use rudder_value::{ElemType, Kind, List, Type, UintKind, Value};

use super::State;
use super::val::{Val, is_true};
use crate::error::FuncError;
use crate::funcs::Func;

/// Which builtin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    And,
    Or,
    Call,
    Html,
    Index,
    Slice,
    Js,
    Len,
    Not,
    Print,
    Printf,
    Println,
    UrlQuery,
    Eq,
    Ge,
    Gt,
    Le,
    Lt,
    Ne,
}

static BUILTINS: LazyLock<Vec<(&'static str, Func)>> = LazyLock::new(|| {
    use Builtin as B;
    let v = || Type::Value;
    let any = || Type::Any;
    vec![
        ("and", Func::builtin(vec![v()], Some(v()), v(), B::And)),
        ("call", Func::builtin(vec![v()], Some(v()), v(), B::Call)),
        (
            "html",
            Func::builtin(vec![], Some(any()), Type::String, B::Html),
        ),
        ("index", Func::builtin(vec![v()], Some(v()), v(), B::Index)),
        ("slice", Func::builtin(vec![v()], Some(v()), v(), B::Slice)),
        (
            "js",
            Func::builtin(vec![], Some(any()), Type::String, B::Js),
        ),
        ("len", Func::builtin(vec![v()], None, Type::INT, B::Len)),
        ("not", Func::builtin(vec![v()], None, Type::Bool, B::Not)),
        ("or", Func::builtin(vec![v()], Some(v()), v(), B::Or)),
        (
            "print",
            Func::builtin(vec![], Some(any()), Type::String, B::Print),
        ),
        (
            "printf",
            Func::builtin(vec![Type::String], Some(any()), Type::String, B::Printf),
        ),
        (
            "println",
            Func::builtin(vec![], Some(any()), Type::String, B::Println),
        ),
        (
            "urlquery",
            Func::builtin(vec![], Some(any()), Type::String, B::UrlQuery),
        ),
        ("eq", Func::builtin(vec![v()], Some(v()), Type::Bool, B::Eq)),
        ("ge", Func::builtin(vec![v(), v()], None, Type::Bool, B::Ge)),
        ("gt", Func::builtin(vec![v(), v()], None, Type::Bool, B::Gt)),
        ("le", Func::builtin(vec![v(), v()], None, Type::Bool, B::Le)),
        ("lt", Func::builtin(vec![v(), v()], None, Type::Bool, B::Lt)),
        ("ne", Func::builtin(vec![v(), v()], None, Type::Bool, B::Ne)),
    ]
});

/// The builtin called `name`.
pub(crate) fn builtin(name: &str) -> Option<&'static Func> {
    // Called for every builtin call: dispatch on the name, not a search.
    let i = match name {
        "and" => 0,
        "call" => 1,
        "html" => 2,
        "index" => 3,
        "slice" => 4,
        "js" => 5,
        "len" => 6,
        "not" => 7,
        "or" => 8,
        "print" => 9,
        "printf" => 10,
        "println" => 11,
        "urlquery" => 12,
        "eq" => 13,
        "ge" => 14,
        "gt" => 15,
        "le" => 16,
        "lt" => 17,
        "ne" => 18,
        _ => return None,
    };
    let (n, f) = &BUILTINS[i];
    debug_assert_eq!(*n, name);
    Some(f)
}

/// Whether `name` is a builtin.
pub(crate) fn is_builtin(name: &str) -> bool {
    builtin(name).is_some()
}

type Out = Result<Val, FuncError>;

pub(super) fn call(
    _state: &mut State<'_, '_>,
    b: Builtin,
    operands: Vec<Val>,
    callee: Option<String>,
) -> Out {
    let mut operands = operands;
    match b {
        Builtin::And | Builtin::Or => unreachable_short_circuit(),
        Builtin::Call => call_value(&callee.unwrap_or_default(), &operands),
        Builtin::Html => Ok(str_val(html_escape(&eval_args(operands)))),
        Builtin::Js => Ok(str_val(js_escape(&eval_args(operands)))),
        Builtin::UrlQuery => Ok(str_val(url_query_escape(&eval_args(operands)))),
        Builtin::Index => {
            let item = operands.remove(0);
            index(item, operands)
        }
        Builtin::Slice => {
            let item = operands.remove(0);
            slice(item, &operands)
        }
        Builtin::Len => length(&operands[0]).map(|n| Val::Direct(Value::int(n))),
        Builtin::Not => Ok(Val::Direct(Value::Bool(!is_true(&operands[0])))),
        Builtin::Print => {
            let args = values(operands);
            let mut out = Vec::new();
            rudder_value::fmt::write_print(&mut out, &args);
            Ok(bytes_val(&out))
        }
        Builtin::Println => {
            let args = values(operands);
            let mut out = Vec::new();
            rudder_value::fmt::write_println(&mut out, &args);
            Ok(bytes_val(&out))
        }
        Builtin::Printf => {
            let mut args = values(operands);
            let format = args.remove(0);
            let mut out = Vec::new();
            let format = format.as_str().unwrap_or_default();
            rudder_value::fmt::write_printf(&mut out, format.as_bytes(), &args);
            Ok(bytes_val(&out))
        }
        Builtin::Eq => {
            let arg1 = operands.remove(0);
            eq(arg1, &operands).map(bool_val)
        }
        Builtin::Ne => eq(operands[0].clone(), &operands[1..]).map(|b| bool_val(!b)),
        Builtin::Lt => lt(&operands[0], &operands[1]).map(bool_val),
        Builtin::Le => le(&operands[0], &operands[1]).map(bool_val),
        Builtin::Gt => le(&operands[0], &operands[1]).map(|b| bool_val(!b)),
        Builtin::Ge => lt(&operands[0], &operands[1]).map(|b| bool_val(!b)),
    }
}

fn unreachable_short_circuit() -> Out {
    // `and` and `or` are evaluated by the caller, which short-circuits.
    Err("unreachable".into())
}

fn str_val(s: String) -> Val {
    Val::Direct(Value::string(s))
}

fn bytes_val(b: &[u8]) -> Val {
    Val::Direct(Value::String(rudder_value::gobytes::from_go_bytes(b)))
}

fn bool_val(b: bool) -> Val {
    Val::Direct(Value::Bool(b))
}

fn values(operands: Vec<Val>) -> Vec<Value> {
    operands.into_iter().map(Val::into_value).collect()
}

// --- call --------------------------------------------------------------------------------

/// `call`: rudder values hold no Go functions, so every callee is nil or a non-function.
fn call_value(name: &str, operands: &[Val]) -> Out {
    let fn_ = operands[0].clone().unwrap_iface();
    match fn_.concrete() {
        None => Err("call of nil".into()),
        Some(v) => Err(format!("non-function {name} of type {}", v.type_name()).into()),
    }
}

// --- html, js, urlquery ------------------------------------------------------------------

/// Go's `evalArgs`: one string as is, else `fmt.Sprint` of the printable values.
fn eval_args(operands: Vec<Val>) -> Vec<u8> {
    if operands.len() == 1
        && let Some(Value::String(s)) = operands[0].concrete()
    {
        return s.as_bytes().to_vec();
    }
    let args: Vec<Value> = operands
        .into_iter()
        .map(|a| match a.concrete() {
            // printableValue of a nil interface is invalid: "<no value>".
            None => Value::string("<no value>"),
            Some(v) => v.clone(),
        })
        .collect();
    let mut out = Vec::new();
    rudder_value::fmt::write_print(&mut out, &args);
    out
}

fn html_escape(b: &[u8]) -> String {
    let mut out = Vec::with_capacity(b.len());
    for &c in b {
        match c {
            0 => out.extend_from_slice("\u{FFFD}".as_bytes()),
            b'"' => out.extend_from_slice(b"&#34;"),
            b'\'' => out.extend_from_slice(b"&#39;"),
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            _ => out.push(c),
        }
    }
    rudder_value::unicode::lossy(out)
}

fn js_escape(b: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            match c {
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\'' => out.extend_from_slice(b"\\'"),
                b'"' => out.extend_from_slice(b"\\\""),
                b'<' => out.extend_from_slice(b"\\u003C"),
                b'>' => out.extend_from_slice(b"\\u003E"),
                b'&' => out.extend_from_slice(b"\\u0026"),
                b'=' => out.extend_from_slice(b"\\u003D"),
                c if c < b' ' => {
                    out.extend_from_slice(b"\\u00");
                    out.push(HEX[usize::from(c >> 4)]);
                    out.push(HEX[usize::from(c & 0xF)]);
                }
                c => out.push(c),
            }
            i += 1;
            continue;
        }
        let (r, size) = rudder_value::unicode::utf8_decode(&b[i..]).unwrap_or(('\u{FFFD}', 1));
        if rudder_value::unicode::is_print(r) {
            out.extend_from_slice(&b[i..i + size]);
        } else {
            out.extend_from_slice(format!("\\u{:04X}", u32::from(r)).as_bytes());
        }
        i += size;
    }
    rudder_value::unicode::lossy(out)
}

/// Go's `url.QueryEscape`.
fn url_query_escape(b: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(b.len());
    for &c in b {
        if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(c));
        } else if c == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(c >> 4)]));
            out.push(char::from(HEX[usize::from(c & 0xF)]));
        }
    }
    out
}

// --- len, index, slice -------------------------------------------------------------------

/// Go's `indirect`: the concrete value, or whether it is a nil interface.
enum Indirect<'a> {
    Invalid,
    Nil,
    Value(&'a Value),
}

fn indirect(v: &Val) -> Indirect<'_> {
    match v {
        Val::Invalid => Indirect::Invalid,
        Val::Iface(Value::Nil) => Indirect::Nil,
        Val::Iface(v) | Val::Direct(v) => {
            if let Value::Object(o) = v
                && o.kind() == Kind::Ptr
                && o.is_nil()
            {
                return Indirect::Nil;
            }
            Indirect::Value(v)
        }
    }
}

/// The panic Go's reflection raises for a type query on no value.
const ZERO_VALUE_TYPE: &str = "reflect: call of reflect.Value.Type on zero Value";

fn length(item: &Val) -> Result<i64, FuncError> {
    match indirect(item) {
        Indirect::Nil => Err("len of nil pointer".into()),
        Indirect::Invalid => Err(ZERO_VALUE_TYPE.into()),
        Indirect::Value(v) => match v {
            Value::String(s) => Ok(rudder_value::gobytes::go_len(s) as i64),
            Value::Bytes(b) => Ok(b.len() as i64),
            Value::List(l) => Ok(l.len() as i64),
            Value::Map(m) => Ok(m.len() as i64),
            other => Err(format!("len of type {}", other.type_name()).into()),
        },
    }
}

/// Go's `indexArg`: an integer index within `0..=cap`.
fn index_arg(index: &Val, cap: usize) -> Result<usize, FuncError> {
    let x: i64 = match index {
        Val::Invalid => return Err("cannot index slice/array with nil".into()),
        Val::Direct(Value::Int(i, _)) => *i,
        Val::Direct(Value::Uint(u, _)) => *u as i64,
        other => {
            return Err(format!("cannot index slice/array with type {}", other.type_name()).into());
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}").into());
    }
    Ok(x as usize)
}

fn index(item: Val, indexes: Vec<Val>) -> Out {
    let mut item = item.unwrap_iface();
    if !item.is_valid() {
        return Err("index of untyped nil".into());
    }
    for index in indexes {
        let index = index.unwrap_iface();
        let current = match indirect(&item) {
            Indirect::Nil => return Err("index of nil pointer".into()),
            Indirect::Invalid => return Err("index of untyped nil".into()),
            Indirect::Value(v) => v.clone(),
        };
        item = match &current {
            Value::List(l) => {
                let x = index_arg(&index, l.len())?;
                let Some(elem) = l.get(x) else {
                    return Err("reflect: slice index out of range".into());
                };
                Val::slot(elem.clone(), l.elem() == ElemType::Interface)
            }
            Value::Bytes(b) => {
                let x = index_arg(&index, b.len())?;
                let Some(&byte) = b.get(x) else {
                    return Err("reflect: slice index out of range".into());
                };
                Val::Direct(Value::Uint(u64::from(byte), UintKind::Uint8))
            }
            Value::String(s) => {
                let x = index_arg(&index, s.len())?;
                let Some(&byte) = s.as_bytes().get(x) else {
                    return Err("reflect: string index out of range".into());
                };
                Val::Direct(Value::Uint(u64::from(byte), UintKind::Uint8))
            }
            Value::Map(m) => {
                let key = match &index {
                    Val::Invalid => return Err("value is nil; should be of type string".into()),
                    Val::Direct(Value::String(k)) => k.clone(),
                    other => {
                        return Err(format!(
                            "value has type {}; should be string",
                            other.type_name()
                        )
                        .into());
                    }
                };
                let iface = m.map_type().elem == ElemType::Interface;
                match m.get(&key) {
                    Some(v) => Val::slot(v, iface),
                    None => zero_of(m.map_type().elem),
                }
            }
            other => return Err(format!("can't index item of type {}", other.type_name()).into()),
        };
    }
    Ok(item)
}

fn zero_of(elem: ElemType) -> Val {
    match elem {
        ElemType::Interface => Val::Iface(Value::Nil),
        ElemType::String => Val::Direct(Value::string("")),
        ElemType::Int => Val::Direct(Value::int(0)),
        ElemType::Int64 => Val::Direct(Value::int64(0)),
        ElemType::Float64 => Val::Direct(Value::float64(0.0)),
        ElemType::Bool => Val::Direct(Value::Bool(false)),
        ElemType::Bytes => Val::Direct(Value::nil_bytes()),
    }
}

fn slice(item: Val, indexes: &[Val]) -> Out {
    let item = item.unwrap_iface();
    let v = match indirect(&item) {
        Indirect::Invalid => return Err("slice of untyped nil".into()),
        Indirect::Nil => return Err("slice of nil pointer".into()),
        Indirect::Value(v) => v.clone(),
    };
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()).into());
    }
    let (len, cap) = match &v {
        Value::String(s) => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            (s.len(), s.len())
        }
        Value::List(l) => (l.len(), l.len()),
        Value::Bytes(b) => (b.len(), b.len()),
        other => return Err(format!("can't slice item of type {}", other.type_name()).into()),
    };
    let mut idx = [0, len, 0];
    for (i, index) in indexes.iter().enumerate() {
        idx[i] = index_arg(index, cap)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]).into());
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]).into());
    }
    let (lo, hi) = (idx[0], idx[1]);
    Ok(Val::Direct(match &v {
        Value::String(s) => {
            // Go slices bytes; a cut through a UTF-8 sequence is not representable in a Rust
            // string and becomes U+FFFD (see COMPATIBILITY.md).
            Value::string(rudder_value::unicode::lossy(s.as_bytes()[lo..hi].to_vec()))
        }
        Value::List(l) => Value::List(List::typed(l.elem(), l.items()[lo..hi].to_vec())),
        Value::Bytes(b) => Value::Bytes(Arc::from(&b[lo..hi])),
        _ => Value::Nil,
    }))
}

// --- comparisons -------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BasicKind {
    Invalid,
    Bool,
    Complex,
    Int,
    Float,
    String,
    Uint,
}

fn basic_kind(v: &Val) -> BasicKind {
    match v.concrete() {
        Some(Value::Bool(_)) => BasicKind::Bool,
        Some(Value::Int(..)) => BasicKind::Int,
        Some(Value::Uint(..)) => BasicKind::Uint,
        Some(Value::Float(..)) => BasicKind::Float,
        Some(Value::Complex(_)) => BasicKind::Complex,
        Some(Value::String(_)) => BasicKind::String,
        _ => BasicKind::Invalid,
    }
}

const BAD_COMPARISON_TYPE: &str = "invalid type for comparison";

fn int_of(v: &Val) -> i64 {
    match v.concrete() {
        Some(Value::Int(i, _)) => *i,
        _ => 0,
    }
}

fn uint_of(v: &Val) -> u64 {
    match v.concrete() {
        Some(Value::Uint(u, _)) => *u,
        _ => 0,
    }
}

fn float_of(v: &Val) -> f64 {
    match v.concrete() {
        Some(Value::Float(f, _)) => *f,
        _ => 0.0,
    }
}

fn str_of(v: &Val) -> &str {
    match v.concrete() {
        Some(Value::String(s)) => s,
        _ => "",
    }
}

fn is_nil(v: &Val) -> bool {
    match v.concrete() {
        None => true,
        Some(Value::Map(m)) => m.is_nil(),
        Some(Value::List(l)) => l.is_nil(),
        Some(Value::Bytes(b)) => Value::is_nil_bytes(b),
        Some(Value::Object(o)) => o.kind() == Kind::Ptr && o.is_nil(),
        _ => false,
    }
}

/// `%s` and `%v` of a value, as Go's error messages format a `reflect.Value`.
fn show(v: &Val, verb: &str) -> String {
    let value = v.clone().into_value();
    rudder_value::fmt::sprintf(verb, &[value])
}

fn reflect_kind(v: &Val) -> Option<Kind> {
    v.concrete().map(Value::kind)
}

fn eq(arg1: Val, rest: &[Val]) -> Result<bool, FuncError> {
    let arg1 = arg1.unwrap_iface();
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let k1 = basic_kind(&arg1);
    for arg in rest {
        let arg = arg.clone().unwrap_iface();
        let k2 = basic_kind(&arg);
        let truth = if k1 == k2 {
            match k1 {
                BasicKind::Bool => {
                    arg1.concrete().and_then(Value::as_bool)
                        == arg.concrete().and_then(Value::as_bool)
                }
                BasicKind::Complex => match (arg1.concrete(), arg.concrete()) {
                    (Some(Value::Complex(a)), Some(Value::Complex(b))) => {
                        a.re == b.re && a.im == b.im
                    }
                    _ => false,
                },
                BasicKind::Float => float_of(&arg1) == float_of(&arg),
                BasicKind::Int => int_of(&arg1) == int_of(&arg),
                BasicKind::String => str_of(&arg1) == str_of(&arg),
                BasicKind::Uint => uint_of(&arg1) == uint_of(&arg),
                BasicKind::Invalid => {
                    let (rk1, rk2) = (reflect_kind(&arg1), reflect_kind(&arg));
                    if !(rk1 == rk2 || rk1.is_none() || rk2.is_none()) {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            show(&arg1, "%s"),
                            arg1.type_name(),
                            arg.type_name(),
                            show(&arg, "%v")
                        )
                        .into());
                    }
                    if is_nil(&arg1) || is_nil(&arg) {
                        is_nil(&arg) == is_nil(&arg1)
                    } else {
                        match (arg1.concrete(), arg.concrete()) {
                            (_, Some(Value::Map(_) | Value::List(_) | Value::Bytes(_))) => {
                                return Err(format!(
                                    "non-comparable type {}: {}",
                                    show(&arg, "%s"),
                                    arg.type_name()
                                )
                                .into());
                            }
                            (Some(Value::Object(a)), Some(Value::Object(b))) => {
                                a.type_name() == b.type_name()
                                    && std::ptr::addr_eq(Arc::as_ptr(a), Arc::as_ptr(b))
                            }
                            _ => false,
                        }
                    }
                }
            }
        } else {
            match (k1, k2) {
                (BasicKind::Int, BasicKind::Uint) => {
                    let i = int_of(&arg1);
                    i >= 0 && i as u64 == uint_of(&arg)
                }
                (BasicKind::Uint, BasicKind::Int) => {
                    let i = int_of(&arg);
                    i >= 0 && uint_of(&arg1) == i as u64
                }
                _ => {
                    if arg1.is_valid() && arg.is_valid() {
                        return Err(format!(
                            "incompatible types for comparison: {} and {}",
                            arg1.type_name(),
                            arg.type_name()
                        )
                        .into());
                    }
                    false
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

fn lt(arg1: &Val, arg2: &Val) -> Result<bool, FuncError> {
    let arg1 = arg1.clone().unwrap_iface();
    let k1 = basic_kind(&arg1);
    if k1 == BasicKind::Invalid {
        return Err(BAD_COMPARISON_TYPE.into());
    }
    let arg2 = arg2.clone().unwrap_iface();
    let k2 = basic_kind(&arg2);
    if k2 == BasicKind::Invalid {
        return Err(BAD_COMPARISON_TYPE.into());
    }
    if k1 != k2 {
        return match (k1, k2) {
            (BasicKind::Int, BasicKind::Uint) => {
                let i = int_of(&arg1);
                Ok(i < 0 || (i as u64) < uint_of(&arg2))
            }
            (BasicKind::Uint, BasicKind::Int) => {
                let i = int_of(&arg2);
                Ok(i >= 0 && uint_of(&arg1) < i as u64)
            }
            _ => Err(format!(
                "incompatible types for comparison: {} and {}",
                arg1.type_name(),
                arg2.type_name()
            )
            .into()),
        };
    }
    match k1 {
        BasicKind::Bool | BasicKind::Complex | BasicKind::Invalid => {
            Err(BAD_COMPARISON_TYPE.into())
        }
        BasicKind::Float => Ok(float_of(&arg1) < float_of(&arg2)),
        BasicKind::Int => Ok(int_of(&arg1) < int_of(&arg2)),
        BasicKind::String => Ok(str_of(&arg1) < str_of(&arg2)),
        BasicKind::Uint => Ok(uint_of(&arg1) < uint_of(&arg2)),
    }
}

fn le(arg1: &Val, arg2: &Val) -> Result<bool, FuncError> {
    let less = lt(arg1, arg2)?;
    if less {
        return Ok(true);
    }
    eq(arg1.clone(), std::slice::from_ref(arg2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapers() {
        assert_eq!(
            html_escape(b"<a href=\"x\">&'\0"),
            "&lt;a href=&#34;x&#34;&gt;&amp;&#39;\u{FFFD}"
        );
        assert_eq!(
            js_escape("a'b<c>é\n=\u{FFFE}".as_bytes()),
            "a\\'b\\u003Cc\\u003Eé\\u000A\\u003D\\uFFFE"
        );
        assert_eq!(url_query_escape(b"a b&c/d~"), "a+b%26c%2Fd~");
    }
}
