//! Go's reflection as Sprig uses it: `empty` (the zero-value test behind `default`,
//! `coalesce`, `compact`, `all`, `any`), `reflect.DeepEqual` (`deepEqual`, `has`, `uniq`,
//! `without`), and `typeOf`/`kindOf` and friends.

use rudder_value::{Kind, Value};

/// Sprig's `empty`: nil, `false`, zero numbers, empty strings, slices and maps, and nil
/// pointers are empty; structs never are.
pub(crate) fn empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Bool(b) => !b,
        Value::Int(i, _) => *i == 0,
        Value::Uint(u, _) => *u == 0,
        Value::Float(f, _) => *f == 0.0,
        Value::Complex(c) => c.re == 0.0 && c.im == 0.0,
        Value::String(s) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Object(o) => o.kind() != Kind::Struct && o.is_nil(),
    }
}

/// `reflect.DeepEqual`: identical Go types and deeply equal contents. A nil slice or map is
/// not equal to an empty one; `float64(1)` is not equal to `int(1)`; NaN is unequal to itself
/// (except through the same map).
#[expect(clippy::many_single_char_names, reason = "pairs of Go values")]
pub(crate) fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x, kx), Value::Int(y, ky)) => kx == ky && x == y,
        (Value::Uint(x, kx), Value::Uint(y, ky)) => kx == ky && x == y,
        #[expect(clippy::float_cmp, reason = "Go's == on floats")]
        (Value::Float(x, kx), Value::Float(y, ky)) => kx == ky && x == y,
        (Value::Complex(x), Value::Complex(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => {
            Value::is_nil_bytes(x) == Value::is_nil_bytes(y) && x == y
        }
        (Value::List(x), Value::List(y)) => {
            x.elem() == y.elem()
                && x.is_nil() == y.is_nil()
                && x.len() == y.len()
                && (x.ptr_eq(y)
                    || x.items()
                        .iter()
                        .zip(y.items())
                        .all(|(p, q)| deep_equal(p, q)))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.map_type() != y.map_type() || x.is_nil() != y.is_nil() {
                return false;
            }
            if x.ptr_eq(y) {
                return true;
            }
            let (ex, ey) = (x.entries(), y.entries());
            ex.len() == ey.len()
                && ex
                    .iter()
                    .zip(&ey)
                    .all(|((kx, vx), (ky, vy))| kx == ky && deep_equal(vx, vy))
        }
        (Value::Object(x), Value::Object(y)) => {
            if x.type_name() != y.type_name() {
                return false;
            }
            if std::ptr::addr_eq(std::sync::Arc::as_ptr(x), std::sync::Arc::as_ptr(y)) {
                return true;
            }
            if x.is_nil() || y.is_nil() {
                return x.is_nil() == y.is_nil();
            }
            x.to_go_string() == y.to_go_string()
                && x.field_names()
                    .iter()
                    .all(|f| match (x.field(f), y.field(f)) {
                        (Some(p), Some(q)) => deep_equal(&p, &q),
                        (None, None) => true,
                        _ => false,
                    })
        }
        _ => false,
    }
}

/// `typeOf`: `fmt.Sprintf("%T", v)`.
pub(crate) fn type_of(v: &Value) -> String {
    v.type_name()
}

/// `kindOf`: `reflect.ValueOf(v).Kind().String()` (`invalid` for nil).
pub(crate) fn kind_of(v: &Value) -> &'static str {
    v.kind().name()
}

/// `typeIsLike t v`: the type is `t` or `*t`.
pub(crate) fn type_is_like(target: &str, v: &Value) -> bool {
    let t = type_of(v);
    t == target || t.strip_prefix('*') == Some(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rudder_value::{ElemType, List, Map, MapType};

    #[test]
    fn deep_equal_is_type_sensitive() {
        assert!(!deep_equal(&Value::int(1), &Value::float64(1.0)));
        assert!(!deep_equal(&Value::int(1), &Value::int64(1)));
        assert!(deep_equal(&Value::int(1), &Value::int(1)));
        assert!(!deep_equal(
            &Value::float64(f64::NAN),
            &Value::float64(f64::NAN)
        ));
        let nil = Value::List(List::nil(ElemType::Interface));
        let empty = Value::list(vec![]);
        assert!(!deep_equal(&nil, &empty));
        let a = Map::new();
        a.insert("x", Value::list(vec![Value::int(1)]));
        let b = Map::new();
        b.insert("x", Value::list(vec![Value::int(1)]));
        assert!(deep_equal(&Value::Map(a.clone()), &Value::Map(b)));
        let named = Map::with_type(MapType::named("common.Values"));
        named.insert("x", Value::list(vec![Value::int(1)]));
        assert!(!deep_equal(&Value::Map(a), &Value::Map(named)));
    }

    #[test]
    fn emptiness() {
        assert!(empty(&Value::Nil));
        assert!(empty(&Value::float64(0.0)));
        assert!(!empty(&Value::string("0")));
        assert!(empty(&Value::Map(Map::new())));
    }
}
