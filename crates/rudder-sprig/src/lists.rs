//! Sprig's list functions (`list.go`). Inputs may be any slice kind (`[]interface {}`,
//! `[]string`, `[]int`, `[]byte`); results are new `[]interface {}` values, never views of the
//! input. On a value that is not a slice the plain functions panic and the `must` variants
//! return the error; both read `Cannot find first on type string` and friends. A nil list
//! dereferences nil inside Go's reflection and fails the same way in both.

use std::borrow::Cow;

use rudder_value::{ElemType, List, UintKind, Value};

use crate::cast::{strval, to_int};
use crate::error::{Error, Result};
use crate::reflect::{deep_equal, empty};

/// Go's runtime panic on a nil dereference (`reflect.TypeOf(nil).Kind()`).
pub(crate) fn nil_deref() -> Error {
    Error::runtime("invalid memory address or nil pointer dereference")
}

/// The elements of a slice value; `Err(kind name)` for any other value.
fn elements(v: &Value) -> Result<Cow<'_, [Value]>, Option<&'static str>> {
    match v {
        Value::Nil => Err(None),
        Value::List(l) => Ok(Cow::Borrowed(l.items())),
        Value::Bytes(b) => Ok(Cow::Owned(
            b.iter()
                .map(|&x| Value::Uint(u64::from(x), UintKind::Uint8))
                .collect(),
        )),
        other => Err(Some(other.kind().name())),
    }
}

/// The elements, or Sprig's error built from the kind with `message`.
fn items(v: &Value, message: impl FnOnce(&str) -> String) -> Result<Cow<'_, [Value]>> {
    elements(v).map_err(|kind| match kind {
        None => nil_deref(),
        Some(kind) => Error::Message(message(kind)),
    })
}

fn list(items: Vec<Value>) -> Value {
    Value::List(List::new(items))
}

/// A nil `[]interface {}` (what `rest`, `initial` and `concat` return for nothing).
fn nil_list() -> Value {
    Value::List(List::nil(ElemType::Interface))
}

/// `push`/`append`.
pub(crate) fn push(l: &Value, v: Value) -> Result<Value> {
    let items = items(l, |k| format!("Cannot push on type {k}"))?;
    let mut out = items.into_owned();
    out.push(v);
    Ok(list(out))
}

/// `prepend`.
pub(crate) fn prepend(l: &Value, v: Value) -> Result<Value> {
    let items = items(l, |k| format!("Cannot prepend on type {k}"))?;
    let mut out = Vec::with_capacity(items.len() + 1);
    out.push(v);
    out.extend(items.iter().cloned());
    Ok(list(out))
}

/// Go's `int(f)` on amd64 for the float arithmetic of `chunk`.
fn go_int(f: f64) -> i64 {
    crate::cast::float_to_i64(f)
}

/// `chunk size list`: Sprig computes the chunk count in float64, so a zero or negative size
/// reaches `make` with a bad length.
pub(crate) fn chunk(size: i64, l: &Value) -> Result<Value> {
    let items = items(l, |k| format!("Cannot chunk type {k}"))?;
    let len = items.len() as i64;
    let count = go_int(((len - 1) as f64 / size as f64).floor() + 1.0);
    let makeslice = || Error::runtime("makeslice: len out of range");
    if count < 0 {
        return Err(makeslice());
    }
    let mut out = Vec::with_capacity(count as usize);
    for i in 0..count {
        let mut clen = size;
        if i == count - 1 {
            clen = go_int((len as f64 % size as f64).floor());
            if clen == 0 {
                clen = size;
            }
        }
        if clen < 0 {
            return Err(makeslice());
        }
        let mut inner = Vec::with_capacity(clen as usize);
        for j in 0..clen {
            let ix = i * size + j;
            let item = usize::try_from(ix)
                .ok()
                .and_then(|ix| items.get(ix))
                .ok_or_else(|| Error::msg("reflect: slice index out of range"))?;
            inner.push(item.clone());
        }
        out.push(list(inner));
    }
    Ok(list(out))
}

/// `first`.
pub(crate) fn first(l: &Value) -> Result<Value> {
    let items = items(l, |k| format!("Cannot find first on type {k}"))?;
    Ok(items.first().cloned().unwrap_or(Value::Nil))
}

/// `last`.
pub(crate) fn last(l: &Value) -> Result<Value> {
    let items = items(l, |k| format!("Cannot find last on type {k}"))?;
    Ok(items.last().cloned().unwrap_or(Value::Nil))
}

/// `rest`.
pub(crate) fn rest(l: &Value) -> Result<Value> {
    let items = items(l, |k| format!("Cannot find rest on type {k}"))?;
    if items.is_empty() {
        return Ok(nil_list());
    }
    Ok(list(items[1..].to_vec()))
}

/// `initial`.
pub(crate) fn initial(l: &Value) -> Result<Value> {
    let items = items(l, |k| format!("Cannot find initial on type {k}"))?;
    if items.is_empty() {
        return Ok(nil_list());
    }
    Ok(list(items[..items.len() - 1].to_vec()))
}

/// `reverse`.
pub(crate) fn reverse(l: &Value) -> Result<Value> {
    let items = items(l, |k| format!("Cannot find reverse on type {k}"))?;
    Ok(list(items.iter().rev().cloned().collect()))
}

/// `compact`: the non-empty elements.
pub(crate) fn compact(l: &Value) -> Result<Value> {
    let items = items(l, |k| format!("Cannot compact on type {k}"))?;
    Ok(list(items.iter().filter(|v| !empty(v)).cloned().collect()))
}

fn contains(haystack: &[Value], needle: &Value) -> bool {
    haystack.iter().any(|h| deep_equal(needle, h))
}

/// `uniq`: first occurrences, compared with `reflect.DeepEqual`.
pub(crate) fn uniq(l: &Value) -> Result<Value> {
    let items = items(l, |k| format!("Cannot find uniq on type {k}"))?;
    let mut out: Vec<Value> = Vec::new();
    for v in items.iter() {
        if !contains(&out, v) {
            out.push(v.clone());
        }
    }
    Ok(list(out))
}

/// `without list v…`.
pub(crate) fn without(l: &Value, omit: &[Value]) -> Result<Value> {
    let items = items(l, |k| format!("Cannot find without on type {k}"))?;
    Ok(list(
        items
            .iter()
            .filter(|v| !contains(omit, v))
            .cloned()
            .collect(),
    ))
}

/// `has needle list` (false for a nil list).
pub(crate) fn has(needle: &Value, haystack: &Value) -> Result<bool> {
    if haystack.is_nil() {
        return Ok(false);
    }
    let items = items(haystack, |k| format!("Cannot find has on type {k}"))?;
    Ok(contains(&items, needle))
}

/// `slice list [start [end]]`: Go's `reflect.Value.Slice`, keeping the slice's type; an
/// empty list gives nil.
pub(crate) fn slice(l: &Value, indices: &[Value]) -> Result<Value> {
    let items = items(l, |k| {
        format!("list should be type of slice or array but {k}")
    })?;
    if items.is_empty() {
        return Ok(Value::Nil);
    }
    let start = indices.first().map_or(0, to_int);
    let end = if indices.len() < 2 {
        items.len() as i64
    } else {
        to_int(&indices[1])
    };
    if start < 0 || end < start || end > items.len() as i64 {
        return Err(Error::msg("reflect.Value.Slice: slice index out of bounds"));
    }
    let part = &items[start as usize..end as usize];
    Ok(match l {
        Value::Bytes(b) => Value::Bytes(b[start as usize..end as usize].into()),
        Value::List(src) => Value::List(List::typed(src.elem(), part.to_vec())),
        _ => list(part.to_vec()),
    })
}

/// `concat lists…`: a nil `[]interface {}` when there is nothing to concatenate.
pub(crate) fn concat(lists: &[Value]) -> Result<Value> {
    let mut out: Vec<Value> = Vec::new();
    for l in lists {
        let items = elements(l).map_err(|kind| match kind {
            None => nil_deref(),
            Some(kind) => Error::Message(format!("Cannot concat type {kind} as list")),
        })?;
        out.extend(items.iter().cloned());
    }
    if out.is_empty() {
        return Ok(nil_list());
    }
    Ok(list(out))
}

/// Sprig's `strslice` (`toStrings`, `join`, `sortAlpha`): `[]string` as is, other slices'
/// non-nil elements through `strval`, nil as no strings, any other value as one string.
pub(crate) fn strslice(v: &Value) -> Vec<String> {
    match elements(v) {
        Ok(items) => items.iter().filter(|x| !x.is_nil()).map(strval).collect(),
        Err(None) => Vec::new(),
        Err(Some(_)) => vec![strval(v)],
    }
}

/// `sortAlpha`: the strings of a slice sorted bytewise; any other value (nil included) as
/// one string.
pub(crate) fn sort_alpha(v: &Value) -> Vec<String> {
    match elements(v) {
        Ok(_) => {
            let mut s = strslice(v);
            s.sort_unstable();
            s
        }
        Err(_) => vec![strval(v)],
    }
}

/// A `[]string` value.
pub(crate) fn strings(items: Vec<String>) -> Value {
    Value::List(List::typed(
        ElemType::String,
        items.into_iter().map(Value::string).collect::<Vec<_>>(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(v: &[i64]) -> Value {
        list(v.iter().map(|&i| Value::int(i)).collect())
    }

    fn show(v: &Value) -> String {
        rudder_value::fmt::to_string(v)
    }

    #[test]
    fn chunks() {
        assert_eq!(show(&chunk(2, &ints(&[1, 2, 3])).unwrap()), "[[1 2] [3]]");
        assert_eq!(show(&chunk(3, &ints(&[])).unwrap()), "[]");
        assert_eq!(
            chunk(0, &ints(&[1])).unwrap_err().to_string(),
            "runtime error: makeslice: len out of range"
        );
        assert_eq!(show(&chunk(-2, &ints(&[1, 2, 3])).unwrap()), "[]");
    }

    #[test]
    fn wrong_kinds() {
        assert_eq!(
            first(&Value::string("x")).unwrap_err().to_string(),
            "Cannot find first on type string"
        );
        assert_eq!(
            first(&Value::Nil).unwrap_err().to_string(),
            "runtime error: invalid memory address or nil pointer dereference"
        );
        assert!(!has(&Value::int(1), &Value::Nil).unwrap());
    }

    #[test]
    fn slicing() {
        assert_eq!(
            show(&slice(&ints(&[1, 2, 3]), &[Value::int(1)]).unwrap()),
            "[2 3]"
        );
        assert!(slice(&ints(&[]), &[]).unwrap().is_nil());
        assert!(slice(&ints(&[1]), &[Value::int(2)]).is_err());
    }

    #[test]
    fn strslices() {
        assert_eq!(sort_alpha(&Value::Nil), ["<nil>"]);
        assert!(strslice(&Value::Nil).is_empty());
        assert_eq!(
            sort_alpha(&list(vec![
                Value::string("b"),
                Value::string("a"),
                Value::int(10),
                Value::int(2)
            ])),
            ["10", "2", "a", "b"]
        );
    }
}
