//! Whatever the loader accepts, every emitter must write without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rudder_yaml::{json, sigs, toml, v3};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = sigs::unmarshal(data) else {
        return;
    };
    let _ = sigs::marshal(&value);
    let _ = v3::encode(&value, 2);
    let _ = json::marshal(&value);
    let _ = json::marshal_indent(&value, "", "  ");
    let _ = toml::encode(&value);
    if let Ok(text) = sigs::marshal(&value) {
        // toYaml's output reads back.
        assert!(sigs::unmarshal(text.as_bytes()).is_ok(), "{text}");
    }
});
