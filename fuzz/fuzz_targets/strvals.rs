//! rudder-chart's `strvals` (`--set`, `--set-string`, `--set-literal`, `--set-json`,
//! `--set-file`): any line gives a map or Helm's error, never a panic, into a fresh map or
//! one that already holds values of every kind; list indices stay bounded (`MaxIndex`), so a
//! short line cannot allocate without limit; whatever parsed can be written as YAML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rudder_chart::strvals;
use rudder_value::{Map, Value};

/// A destination that already holds a scalar, a list, a nested map and a nil under the
/// names the fuzzer is likely to reuse.
fn populated() -> Map {
    let dest = Map::new();
    strvals::parse_into("a=1,b[1]=x,c.d=y,e=null,f={1,2}", &dest).expect("seed line");
    dest
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let line = String::from_utf8_lossy(rest);
    let dest = if mode & 0x80 == 0 {
        Map::new()
    } else {
        populated()
    };
    let result = match mode % 5 {
        0 => strvals::parse_into(&line, &dest),
        1 => strvals::parse_into_string(&line, &dest),
        2 => strvals::parse_literal_into(&line, &dest),
        3 => strvals::parse_json(&line, &dest),
        _ => strvals::parse_into_file(&line, &dest, &mut |path: &str| {
            if path.starts_with('!') {
                Err(format!("open {path}: no such file or directory").into())
            } else {
                Ok(Value::string(path))
            }
        }),
    };
    // Helm's indices are capped at 65536: no list may grow past it.
    fn bounded(v: &Value) -> bool {
        match v {
            Value::List(l) => {
                l.len() <= strvals::MAX_INDEX as usize + 1 && l.items().iter().all(bounded)
            }
            Value::Map(m) => m.entries().iter().all(|(_, v)| bounded(v)),
            _ => true,
        }
    }
    assert!(bounded(&Value::Map(dest.clone())), "list past MaxIndex");
    if result.is_ok() {
        let _ = rudder_yaml::sigs::marshal(&Value::Map(dest));
    }
    if mode % 5 == 0 {
        let _ = strvals::to_yaml(&line);
    }
});
