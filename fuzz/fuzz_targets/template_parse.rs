//! rudder-template: parsing any text (with default or input-chosen delimiters) returns a tree
//! or Go's parse error, never a panic; re-serialising a parsed tree never panics either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rudder_template::Templates;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut set = Templates::new("t");
    // One input in eight chooses its delimiters from its first bytes.
    if data.first().is_some_and(|b| b % 8 == 0) && data.len() > 4 {
        let left = String::from_utf8_lossy(&data[1..2]).into_owned();
        let right = String::from_utf8_lossy(&data[2..4]).into_owned();
        set.delims(&left, &right);
    }
    if set.parse("t", &text).is_ok() {
        for name in set.names() {
            if let Some(root) = set.lookup(name).and_then(|t| t.root.as_ref()) {
                let _ = root.to_string();
            }
        }
    }
});
