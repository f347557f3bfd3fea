//! The set API: cloning (Helm's `tpl`), re-entrant execution from functions (Helm's
//! `include`), limits, and the error forms.

use rudder_template::{Error, Func, Limits, MissingKey, Templates, Type};
use rudder_value::{Map, Value};

#[test]
fn clone_then_overlay_leaves_the_original_alone() {
    // Go's TestBlock.
    let mut outer = Templates::new("outer");
    outer
        .parse("outer", r#"a({{block "inner" .}}bar({{.}})baz{{end}})b"#)
        .unwrap();
    let mut overlay = outer.clone();
    overlay
        .parse("overlay", r#"{{define "inner"}}foo({{.}})bar{{end}}"#)
        .unwrap();
    assert_eq!(
        outer
            .execute_to_string("outer", &Value::string("hello"))
            .unwrap(),
        "a(bar(hello)baz)b"
    );
    assert_eq!(
        overlay
            .execute_to_string("outer", &Value::string("goodbye"))
            .unwrap(),
        "a(foo(goodbye)bar)b"
    );
    assert!(outer.lookup("overlay").is_none());
}

#[test]
fn functions_can_execute_templates_of_the_running_set() {
    let mut t = Templates::new("root");
    t.add_func(
        "include",
        Func::new(vec![Type::String, Type::Any], Type::String, |call, args| {
            Ok(Value::string(call.execute_template(
                args[0].as_str().unwrap_or_default(),
                &args[1],
            )?))
        }),
    );
    t.parse(
        "helpers",
        r#"{{define "name"}}{{.}}-{{include "suffix" .}}{{end}}{{define "suffix"}}x{{end}}"#,
    )
    .unwrap();
    t.parse("main", r#"{{include "name" "a" | printf "%q"}}"#)
        .unwrap();
    assert_eq!(
        t.execute_to_string("main", &Value::Nil).unwrap(),
        r#""a-x""#
    );

    // A failing include is wrapped by `error calling include:` and keeps its cause.
    t.parse("bad", r#"{{include "nope" .}}"#).unwrap();
    let Err(Error::Exec(e)) = t.execute_to_string("bad", &Value::Nil) else {
        panic!("expected an exec error");
    };
    assert_eq!(
        e.to_string(),
        r#"template: bad:1:2: executing "bad" at <include "nope" .>: error calling include: template: no template "nope" associated with template "root""#
    );
    assert!(e.cause().is_some());
    assert_eq!(e.location(), Some("bad:1:2"));
    assert_eq!(e.context(), Some(r#"include "nope" ."#));
}

#[test]
fn missing_keys_follow_the_option() {
    let m = Map::new();
    m.insert("a", Value::int(1));
    let data = Value::Map(m);
    let mut t = Templates::new("t");
    t.parse("t", "{{.a}}{{.b}}").unwrap();
    assert_eq!(t.execute_to_string("t", &data).unwrap(), "1<no value>");
    t.set_missing_key(MissingKey::Zero);
    assert_eq!(t.execute_to_string("t", &data).unwrap(), "1<no value>");
    t.set_missing_key(MissingKey::Error);
    assert_eq!(
        t.execute_to_string("t", &data).unwrap_err().to_string(),
        r#"template: t:1:8: executing "t" at <.b>: map has no entry for key "b""#
    );
    assert!(matches!(t.option("missingkey=nope"), Err(Error::Option(_))));
}

#[test]
fn limits_stop_runaway_templates() {
    let mut t = Templates::new("t");
    t.set_limits(Limits {
        max_exec_depth: 10,
        max_steps: Some(1000),
        max_output: Some(100),
    });
    t.parse(
        "t",
        r#"{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}"#,
    )
    .unwrap();
    let e = t
        .execute_to_string("t", &Value::Nil)
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("exceeded maximum template depth (10)"), "{e}");
    t.parse("loop", "{{range 1000000000}}{{end}}").unwrap();
    let e = t
        .execute_to_string("loop", &Value::Nil)
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("rudder: execution exceeded 1000 steps"), "{e}");
    t.parse("big", "{{range 100}}0123456789{{end}}").unwrap();
    let e = t
        .execute_to_string("big", &Value::Nil)
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("rudder: output exceeded 100 bytes"), "{e}");
}

#[test]
fn limits_bound_values_built_without_output() {
    // Doubling a string per step prints nothing but would reach 2^60 bytes: the bytes of
    // function results count against `max_output` too.
    let mut t = Templates::new("t");
    t.set_limits(Limits {
        max_exec_depth: 10,
        max_steps: Some(1000),
        max_output: Some(1 << 16),
    });
    t.parse(
        "t",
        r#"{{$x := "ab"}}{{range 60}}{{$x = printf "%s%s" $x $x}}{{end}}{{len $x}}"#,
    )
    .unwrap();
    let e = t
        .execute_to_string("t", &Value::Nil)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        r#"template: t:1:33: executing "t" at <printf "%s%s" $x $x>: rudder: function results exceeded 65536 bytes"#
    );
}

#[test]
fn limits_bound_printing_a_self_containing_map() {
    // cargo-fuzz's slow unit: printing a 15-entry map that contains itself, 5002 times, with
    // a bad verb. It stops at the limit (the printf results count, then the output), well
    // before the loop ends.
    let m = Map::new();
    for (i, k) in ["a", "b", "c", "d", "e", "f", "g"].iter().enumerate() {
        m.insert(*k, Value::int(i as i64));
    }
    m.insert("self", Value::Map(m.clone()));
    let mut t = Templates::new("t");
    t.set_limits(Limits {
        max_exec_depth: 200,
        max_steps: Some(20_000),
        max_output: Some(1 << 16),
    });
    t.parse(
        "t",
        "{{range $v := 5002}}{{printf \"%c08\u{fffd}x\" $}}{{end}}",
    )
    .unwrap();
    let mut out = Vec::new();
    let e = t
        .execute("t", &Value::Map(m), &mut out)
        .unwrap_err()
        .to_string();
    assert!(
        e.ends_with("rudder: function results exceeded 65536 bytes"),
        "{e}"
    );
    assert!(out.len() < (1 << 16) + 1024, "{}", out.len());
    assert!(
        out.starts_with(b"map[%!c(string=a):\x00 "),
        "{:?}",
        &out[..40]
    );
}

#[test]
fn alternate_form_shows_the_line() {
    let mut t = Templates::new("t");
    t.set_missing_key(MissingKey::Zero);
    t.parse("t", "line one\n  {{ .a.b }}\n").unwrap();
    let e = t
        .execute_to_string("t", &Value::Map(Map::new()))
        .unwrap_err();
    let Error::Exec(e) = e else { panic!() };
    assert_eq!(
        e.to_string(),
        r#"template: t:2:7: executing "t" at <.a.b>: nil pointer evaluating interface {}.b"#
    );
    assert_eq!(
        format!("{e:#}"),
        "template: t:2:7: executing \"t\" at <.a.b>: nil pointer evaluating interface {}.b\n  |   {{ .a.b }}\n  |        ^"
    );
}

#[test]
fn parse_errors_add_nothing() {
    let mut t = Templates::new("t");
    t.parse("a", r#"{{define "x"}}1{{end}}"#).unwrap();
    let e = t
        .parse("b", r#"{{define "x"}}2{{end}}{{ .oops }"#)
        .unwrap_err();
    assert_eq!(e.to_string(), r#"template: b:1: unexpected "}" in operand"#);
    assert_eq!(t.execute_to_string("x", &Value::Nil).unwrap(), "1");
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    // Run on a small-stack thread: every recursion grows its stack on the heap.
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let mut t = Templates::new("t");
            let text = format!("{}x{}", "{{if 1}}".repeat(20_000), "{{end}}".repeat(20_000));
            t.parse("t", &text).unwrap();
            assert_eq!(t.execute_to_string("t", &Value::Nil).unwrap(), "x");
            let text = format!("{{{{{}1{}}}}}", "(".repeat(10_000), ")".repeat(10_000));
            t.parse("p", &text).unwrap();
            assert_eq!(t.execute_to_string("p", &Value::Nil).unwrap(), "1");
        })
        .unwrap()
        .join()
        .unwrap();
}
