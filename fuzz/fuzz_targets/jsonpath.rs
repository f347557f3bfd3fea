//! rudder-chart: any `--jsonpath` template parses to a tree or client-go's parse error, and a
//! parsed template runs over a fixed values document without a panic (slices, filters, range).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rudder_chart::jsonpath::JsonPath;
use rudder_value::Value;

const VALUES: &str = "a: {b: [1, 2, {c: x}], d: null}\nl: [{n: p, v: 1.5}, {n: q, v: true}]\ns: text\n";

fn values() -> &'static Value {
    static VALUES_DOC: OnceLock<Value> = OnceLock::new();
    VALUES_DOC.get_or_init(|| rudder_yaml::sigs::unmarshal(VALUES.as_bytes()).unwrap_or(Value::Nil))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(path) = JsonPath::parse(&text) {
        let _ = path.execute(values());
    }
});
