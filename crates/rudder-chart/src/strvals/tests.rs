use rudder_value::{Map, Value};

use super::*;

fn show(m: &Map) -> String {
    format!("{:?}", Value::Map(m.clone()))
}

#[test]
fn typing() {
    let v = parse("a=1,b=0,c=-3,d=+3,e=1.5,f=007,g=TRUE,h=Null,i=yes,j=,k=falſe").unwrap();
    assert_eq!(format!("{:?}", v.get("a").unwrap()), "int64(1)");
    assert_eq!(format!("{:?}", v.get("b").unwrap()), "int64(0)");
    assert_eq!(format!("{:?}", v.get("c").unwrap()), "int64(-3)");
    assert_eq!(format!("{:?}", v.get("d").unwrap()), "int64(3)");
    assert_eq!(v.get("e").unwrap().as_str(), Some("1.5"));
    assert_eq!(v.get("f").unwrap().as_str(), Some("007"));
    assert_eq!(v.get("g").unwrap().as_bool(), Some(true));
    assert!(v.get("h").unwrap().is_nil());
    assert_eq!(v.get("i").unwrap().as_str(), Some("yes"));
    assert_eq!(v.get("j").unwrap().as_str(), Some(""));
    assert_eq!(v.get("k").unwrap().as_bool(), Some(false));
}

#[test]
fn errors_are_helms() {
    let e = |s: &str| parse(s).unwrap_err().to_string();
    assert_eq!(e("a"), "key \"a\" has no value");
    assert_eq!(e("a=1,,b=2"), "key \"\" has no value (cannot end with ,)");
    assert_eq!(
        e("a=1,a.b=2"),
        "unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}"
    );
    assert_eq!(
        e("a[65537]=1"),
        "index of 65537 is greater than maximum supported index of 65536"
    );
    assert_eq!(e("a[-1]=1"), "negative -1 index not allowed");
    assert_eq!(
        e("a[x]=1"),
        "error parsing index: strconv.Atoi: parsing \"x\": invalid syntax"
    );
    assert_eq!(
        e("a[0]xy=1"),
        "unexpected data at end of array index: ['x' 'y']"
    );
    assert_eq!(e("a={1,2"), "list must terminate with '}'");
    assert_eq!(e("a.=1"), "key map \"a\" has no value");
    let deep = (0..32)
        .map(|i| format!("k{i}"))
        .collect::<Vec<_>>()
        .join(".")
        + "=1";
    assert_eq!(
        e(&deep),
        "value name nested level is greater than maximum supported nested level of 30"
    );
}

#[test]
fn lists() {
    let v = parse("a[2]=x,b={},c[0].d=1,c[0].e=2").unwrap();
    assert_eq!(
        show(&v),
        r#"{"a": "[nil, nil, \"x\"]", "b": "[\"\"]", "c": "[{\"d\": \"int64(1)\", \"e\": \"int64(2)\"}]"}"#
    );
    // An unterminated index ends the line quietly (`error parsing index: EOF`).
    assert_eq!(parse("a[1").unwrap().len(), 0);
}

#[test]
fn literal_takes_the_rest() {
    let v = parse_literal("a.b=1,c=\\d").unwrap();
    let a = v.get("a").unwrap();
    assert_eq!(
        a.as_map().unwrap().get("b").unwrap().as_str(),
        Some("1,c=\\d")
    );
}

#[test]
fn json_values() {
    let m = Map::new();
    parse_json("a=1b=[1,2], c= ,d={\"x\":null}", &m).unwrap();
    assert_eq!(format!("{:?}", m.get("a").unwrap()), "float64(1.0)");
    assert_eq!(m.get("b").unwrap().as_list().unwrap().len(), 2);
    assert!(m.get(" c").unwrap().is_nil());
    let err = parse_json("a=tru", &Map::new()).unwrap_err();
    assert_eq!(err.to_string(), "unexpected EOF");
    let err = parse_json("a=x", &Map::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid character 'x' looking for beginning of value"
    );
}

#[test]
fn file_reader_errors_set_nil() {
    let m = Map::new();
    let mut reader = |p: &str| -> Result<Value, ReaderError> {
        if p == "ok" {
            Ok(Value::string("content"))
        } else {
            Err(format!("open {p}: no such file or directory").into())
        }
    };
    let err = parse_into_file("a=ok,b=missing", &m, &mut reader).unwrap_err();
    assert_eq!(err.to_string(), "open missing: no such file or directory");
    assert_eq!(m.get("a").unwrap().as_str(), Some("content"));
    assert!(m.get("b").unwrap().is_nil());
}

#[test]
fn deep_index_nesting_does_not_overflow() {
    let line = "a".to_owned() + &"[0]".repeat(5_000) + "=1";
    assert!(parse(&line).is_ok());
}
