//! `.Files` (`pkg/engine/files.go`): a chart's non-template files as Go's `engine.files`, a
//! `map[string][]byte` with the methods `Get`, `GetBytes`, `Glob`, `AsConfig`, `AsSecrets`
//! and `Lines`.

use std::collections::BTreeMap;
use std::sync::Arc;

use rudder_value::gobytes::{from_go_bytes, go_lossy};
use rudder_value::{ElemType, List, Map, MapType, Method, Str, Type, Value};

use crate::glob::Glob;

/// Go's type name of `.Files`.
pub const FILES_TYPE: &str = "engine.files";

fn files_type() -> MapType {
    MapType {
        name: Some(Str::from(FILES_TYPE)),
        elem: ElemType::Bytes,
    }
}

/// `newFiles`: the `.Files` map of a chart's files (paths relative to the chart).
pub fn new_files<'a>(files: impl IntoIterator<Item = (&'a str, Arc<[u8]>)>) -> Value {
    let entries: BTreeMap<Str, Value> = files
        .into_iter()
        .map(|(name, data)| (Str::from(name), Value::Bytes(data)))
        .collect();
    Value::Map(Map::from_entries(files_type(), entries))
}

fn bytes_of(v: &Value) -> Option<Arc<[u8]>> {
    match v {
        Value::Bytes(b) => Some(b.clone()),
        _ => None,
    }
}

fn arg_str(args: &[Value]) -> String {
    args.first()
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn method(
    params: Vec<Type>,
    result: Type,
    f: impl Fn(&[Value]) -> Result<Value, rudder_value::MethodError> + Send + Sync + 'static,
) -> Method {
    Method {
        params,
        variadic: None,
        result,
        call: Arc::new(f),
    }
}

fn get_bytes(m: &Map, name: &str) -> Arc<[u8]> {
    m.get(name)
        .and_then(|v| bytes_of(&v))
        .unwrap_or_else(|| Arc::from(&[][..]))
}

/// `toYAML(map[string]string)`, as `AsConfig` and `AsSecrets` end.
fn to_yaml_strings(entries: BTreeMap<Str, Value>) -> String {
    let m = Map::from_entries(
        MapType {
            name: None,
            elem: ElemType::String,
        },
        entries,
    );
    crate::funcs::to_yaml(&Value::Map(m))
}

/// The methods of `engine.files` (registered with
/// [`rudder_template::Templates::add_map_methods`]).
pub fn files_method(m: &Map, name: &str) -> Option<Method> {
    let m = m.clone();
    Some(match name {
        "GetBytes" => method(vec![Type::String], Type::Bytes, move |a| {
            Ok(Value::Bytes(get_bytes(&m, &arg_str(a))))
        }),
        "Get" => method(vec![Type::String], Type::String, move |a| {
            let b = get_bytes(&m, &arg_str(a));
            Ok(Value::String(from_go_bytes(&b)))
        }),
        "Glob" => method(vec![Type::String], Type::Map(files_type()), move |a| {
            let g = Glob::compile(&arg_str(a)).unwrap_or_else(Glob::everything);
            let entries: BTreeMap<Str, Value> = m.with_entries(|e| {
                e.iter()
                    .filter(|(k, _)| g.matches(k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            });
            Ok(Value::Map(Map::from_entries(files_type(), entries)))
        }),
        "AsConfig" => method(Vec::new(), Type::String, move |_| {
            let entries = m.with_entries(|e| {
                e.iter()
                    .map(|(k, v)| {
                        let data = bytes_of(v).unwrap_or_else(|| Arc::from(&[][..]));
                        (Str::from(base_name(k)), Value::string(go_lossy(&data)))
                    })
                    .collect()
            });
            Ok(Value::string(to_yaml_strings(entries)))
        }),
        "AsSecrets" => method(Vec::new(), Type::String, move |_| {
            let entries = m.with_entries(|e| {
                e.iter()
                    .map(|(k, v)| {
                        let data = bytes_of(v).unwrap_or_else(|| Arc::from(&[][..]));
                        (
                            Str::from(base_name(k)),
                            Value::string(rudder_value::base64::encode(&data)),
                        )
                    })
                    .collect()
            });
            Ok(Value::string(to_yaml_strings(entries)))
        }),
        "Lines" => method(vec![Type::String], Type::List(ElemType::String), move |a| {
            let Some(data) = m.get(&arg_str(a)).and_then(|v| bytes_of(&v)) else {
                return Ok(Value::List(List::typed(ElemType::String, Vec::new())));
            };
            if Value::is_nil_bytes(&data) {
                return Ok(Value::List(List::typed(ElemType::String, Vec::new())));
            }
            let mut s: &[u8] = &data;
            match s.last() {
                // Go indexes s[len(s)-1] of an empty file and panics.
                None => return Err("runtime error: index out of range [-1]".into()),
                Some(b'\n') => s = &s[..s.len() - 1],
                Some(_) => {}
            }
            let lines: Vec<Value> = s
                .split(|&b| b == b'\n')
                .map(|line| Value::String(from_go_bytes(line)))
                .collect();
            Ok(Value::List(List::typed(ElemType::String, lines)))
        }),
        _ => return None,
    })
}

/// Go's `path.Base`.
fn base_name(p: &str) -> String {
    if p.is_empty() {
        return ".".to_owned();
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_owned();
    }
    match trimmed.rfind('/') {
        Some(i) => trimmed[i + 1..].to_owned(),
        None => trimmed.to_owned(),
    }
}
