use super::*;
use crate::{ElemType, List, Map, MapType, UintKind};

fn s(v: &str) -> Value {
    Value::string(v)
}

#[test]
fn sprint_spacing() {
    assert_eq!(
        sprint(&[
            s("a"),
            Value::int(1),
            Value::int(2),
            s("b"),
            s("c"),
            Value::float64(3.5),
            Value::Nil
        ]),
        "a1 2bc3.5 <nil>"
    );
    assert_eq!(sprintln(&[Value::int(1), s("a")]), "1 a\n");
}

#[test]
fn verbs_and_errors() {
    let cases: Vec<(&str, Vec<Value>, &str)> = vec![
        ("%d", vec![Value::float64(8080.0)], "%!d(float64=8080)"),
        ("%s", vec![Value::float64(8080.0)], "%!s(float64=8080)"),
        ("%s", vec![Value::Nil], "%!s(<nil>)"),
        ("%v", vec![Value::Nil], "<nil>"),
        ("%s %s", vec![s("a")], "a %!s(MISSING)"),
        ("%s", vec![s("a"), Value::int(1)], "a%!(EXTRA int=1)"),
        ("%04x", vec![Value::int(127)], "007f"),
        ("%x", vec![Value::int(-255)], "-ff"),
        ("%#o", vec![Value::int(8)], "010"),
        ("%O", vec![Value::int(8)], "0o10"),
        ("%b", vec![Value::int(5)], "101"),
        ("%+d", vec![Value::int(5)], "+5"),
        ("% d", vec![Value::int(5)], " 5"),
        ("%-5d|", vec![Value::int(5)], "5    |"),
        ("%05d", vec![Value::int(-5)], "-0005"),
        ("%.3d", vec![Value::int(5)], "005"),
        ("%.0d", vec![Value::int(0)], ""),
        ("%c", vec![Value::int(0x30d1)], "パ"),
        ("%q", vec![Value::int(0x30d1)], "'パ'"),
        ("%+q", vec![Value::int(0x30d1)], "'\\u30d1'"),
        ("%U", vec![Value::int(0x30d1)], "U+30D1"),
        ("%#U", vec![Value::int(0x30d1)], "U+30D1 'パ'"),
        ("%t", vec![Value::Bool(true)], "true"),
        ("%d", vec![Value::Bool(true)], "%!d(bool=true)"),
        ("%g", vec![Value::float64(3.5)], "3.5"),
        ("%e", vec![Value::float64(1_000_000.0)], "1.000000e+06"),
        ("%.2f", vec![Value::float64(2.46913)], "2.47"),
        ("%8.3f|", vec![Value::float64(-2.46913)], "  -2.469|"),
        ("%08.3f", vec![Value::float64(-2.46913)], "-002.469"),
        ("%+.1e", vec![Value::float64(12345.0)], "+1.2e+04"),
        ("%#g", vec![Value::float64(1.0)], "1.00000"),
        ("%#.3x", vec![Value::float64(1.0)], "0x1.000p+00"),
        ("%v", vec![Value::float64(1e21)], "1e+21"),
        ("%x", vec![s("hi")], "6869"),
        ("% X", vec![s("hi")], "68 69"),
        ("%#x", vec![s("hi")], "0x6869"),
        ("%q", vec![s("a\"b")], "\"a\\\"b\""),
        ("%#q", vec![s("ab")], "`ab`"),
        ("%.2s", vec![s("héllo")], "hé"),
        ("%5s|%-5s|", vec![s("ab"), s("cd")], "   ab|cd   |"),
        ("%[2]d %[1]d", vec![Value::int(1), Value::int(2)], "2 1"),
        ("%[3]d", vec![Value::int(1)], "%!d(BADINDEX)"),
        ("%*d", vec![Value::int(4), Value::int(7)], "   7"),
        ("%-*d|", vec![Value::int(4), Value::int(7)], "7   |"),
        ("%.*f", vec![Value::int(2), Value::float64(1.0)], "1.00"),
        ("%*d", vec![s("x"), Value::int(7)], "%!(BADWIDTH)7"),
        ("%", vec![], "%!(NOVERB)"),
        ("%!", vec![], "%!!(MISSING)"),
        ("%.", vec![Value::int(1)], "%!.(int=1)"),
        ("100%%", vec![], "100%"),
        ("%z", vec![Value::int(1)], "%!z(int=1)"),
        ("%w", vec![Value::int(1)], "%!w(int=1)"),
        ("%T", vec![Value::Uint(1, UintKind::Uint8)], "uint8"),
        ("%v", vec![Value::Float(0.1, crate::FloatKind::F32)], "0.1"),
    ];
    for (format, args, want) in cases {
        assert_eq!(sprintf(format, &args), want, "{format}");
    }
}

#[test]
fn cyclic_map_prints_a_marker() {
    let m = Map::new();
    m.insert("a", Value::int(1));
    m.insert("self", Value::Map(m.clone()));
    assert_eq!(to_string(&Value::Map(m.clone())), "map[a:1 self:<cycle>]");
    // A map twice side by side is not a cycle.
    let outer = Map::new();
    let inner = Map::new();
    outer.insert("x", Value::Map(inner.clone()));
    outer.insert("y", Value::Map(inner));
    assert_eq!(to_string(&Value::Map(outer)), "map[x:map[] y:map[]]");
    m.remove("self");
}

#[test]
fn containers() {
    let m = Map::new();
    m.insert("z", Value::int(1));
    m.insert("a", Value::list(vec![Value::int(1), s("x"), Value::Nil]));
    let inner = Map::new();
    inner.insert("c", Value::Bool(true));
    m.insert("b", Value::Map(inner));
    let v = Value::Map(m);
    assert_eq!(to_string(&v), "map[a:[1 x <nil>] b:map[c:true] z:1]");
    assert_eq!(
        sprintf("%#v", std::slice::from_ref(&v)),
        "map[string]interface {}{\"a\":[]interface {}{1, \"x\", interface {}(nil)}, \"b\":map[string]interface {}{\"c\":true}, \"z\":1}"
    );
    assert_eq!(
        sprintf("%d", &[Value::list(vec![s("a"), Value::int(1)])]),
        "[%!d(string=a) 1]"
    );
    assert_eq!(
        to_string(&Value::List(List::typed(
            ElemType::String,
            vec![s("a"), s("b")]
        ))),
        "[a b]"
    );
    assert_eq!(
        to_string(&Value::Map(Map::nil(MapType::interface()))),
        "map[]"
    );
    let bytes = Value::Bytes(std::sync::Arc::from(&b"hi"[..]));
    assert_eq!(to_string(&bytes), "[104 105]");
    assert_eq!(
        sprintf("%s|%x|%#v", &[bytes.clone(), bytes.clone(), bytes]),
        "hi|6869|[]byte{0x68, 0x69}"
    );
}

#[test]
fn addresses_are_a_fixed_placeholder() {
    // Go prints the map's address; rudder's output must not depend on the allocator.
    let m = Value::Map(Map::new());
    assert_eq!(sprintf("%p", std::slice::from_ref(&m)), "0xc000010000");
    assert_eq!(
        sprintf("%p", &[Value::Map(Map::nil(MapType::interface()))]),
        "0x0"
    );
}
