//! rudder-template: executing any template that parses, on a fixed data value with every Go
//! type, under step, output and depth limits, ends with output or an error, never a panic.
#![no_main]

use std::sync::{Arc, LazyLock};

use libfuzzer_sys::fuzz_target;
use rudder_template::{Limits, MissingKey, Templates};
use rudder_value::{ElemType, FloatKind, IntKind, List, Map, MapType, UintKind, Value};

static DATA: LazyLock<Value> = LazyLock::new(|| {
    let m = Map::new();
    m.insert("s", Value::string("héllo <b>"));
    m.insert("i", Value::int(3));
    m.insert("i64", Value::int64(-7));
    m.insert("u8", Value::Uint(200, UintKind::Uint8));
    m.insert("f", Value::float64(1.5e6));
    m.insert("f32", Value::Float(0.1, FloatKind::F32));
    m.insert("i8", Value::Int(-3, IntKind::Int8));
    m.insert("b", Value::Bool(true));
    m.insert("nil", Value::Nil);
    m.insert("bytes", Value::Bytes(Arc::from(&b"hi"[..])));
    m.insert("l", Value::list(vec![Value::int(1), Value::string("x"), Value::Nil, Value::float64(2.5)]));
    m.insert("strs", Value::List(List::typed(ElemType::String, vec![Value::string("a"), Value::string("b")])));
    m.insert("nilmap", Value::Map(Map::nil(MapType::interface())));
    let inner = Map::with_type(MapType::named("common.Values"));
    inner.insert("k", Value::string("v"));
    inner.insert("n", Value::int(0));
    m.insert("Values", Value::Map(inner));
    m.insert("self", Value::Map(m.clone()));
    Value::Map(m)
});

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut set = Templates::new("t");
    set.set_missing_key(match mode % 3 {
        0 => MissingKey::Invalid,
        1 => MissingKey::Zero,
        _ => MissingKey::Error,
    });
    set.set_limits(Limits {
        max_exec_depth: 200,
        max_steps: Some(20_000),
        max_output: Some(1 << 16),
    });
    if set.parse("t", &text).is_err() {
        return;
    }
    let mut out = Vec::new();
    for name in ["t", "a", "b"] {
        out.clear();
        let _ = set.execute(name, &DATA, &mut out);
    }
});
