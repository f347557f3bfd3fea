//! encoding/json's decoder and the JSON→YAML conversion must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rudder_yaml::{Target, json, sigs};

fuzz_target!(|data: &[u8]| {
    for target in [Target::Any, Target::Map, Target::List] {
        let _ = json::decode(data, target);
    }
    let _ = sigs::json_to_yaml(data);
});
