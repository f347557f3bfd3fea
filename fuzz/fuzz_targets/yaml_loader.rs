//! The YAML loader must never panic, and the alias-expansion cap must bound the work of a
//! billion-laughs document: a small input may not produce a huge value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rudder_yaml::{Target, sigs, values};

fn size(v: &rudder_value::Value) -> usize {
    match v {
        rudder_value::Value::List(l) => 1 + l.items().iter().map(size).sum::<usize>(),
        rudder_value::Value::Map(m) => 1 + m.entries().iter().map(|(_, v)| size(v)).sum::<usize>(),
        _ => 1,
    }
}

fuzz_target!(|data: &[u8]| {
    for target in [Target::Any, Target::Map, Target::List] {
        let d = sigs::decode(data, target);
        // go-yaml allows aliases to make at most 99% of a small document's decode work, so
        // a value is at most ~100 times larger than its input (plus a constant).
        assert!(size(&d.value) <= 100 * data.len() + 10_000, "alias expansion not capped");
    }
    let _ = values::load_values(data);
    let _ = sigs::yaml_to_json(data);
});
