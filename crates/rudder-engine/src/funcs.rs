//! Helm's functions (`pkg/engine/funcs.go` and the late-bound ones of `engine.go`
//! `initFunMap`): the YAML/JSON/TOML converters, `include`, `tpl`, `required`, `fail` and
//! `lookup`, registered over Sprig's map as Helm does.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use rudder_template::{Func, FuncError, FuncMap, MissingKey};
use rudder_value::{List, Map, Type, Value};
use rudder_yaml::Target;

use crate::lookup::Lookup;

/// Go's `recursionMaxNums`: how deep one name may be `include`d.
const RECURSION_MAX: usize = 1000;

pub(crate) const WARN_START: &str = "HELM_ERR_START";
pub(crate) const WARN_END: &str = "HELM_ERR_END";

fn warn_wrap(msg: &str) -> String {
    format!("{WARN_START}{msg}{WARN_END}")
}

fn trim_one_newline(mut s: String) -> String {
    if s.ends_with('\n') {
        s.pop();
    }
    s
}

/// `toYaml`: `sigs.k8s.io/yaml.Marshal`, one trailing newline trimmed, `""` on error.
pub(crate) fn to_yaml(v: &Value) -> String {
    rudder_yaml::sigs::marshal(v)
        .map(trim_one_newline)
        .unwrap_or_default()
}

fn string(s: impl Into<rudder_value::Str>) -> Value {
    Value::string(s)
}

fn arg(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

/// `fromYaml` / `fromJson`: the map decoded so far, with `Error` set on failure.
fn with_error(decoded: rudder_yaml::Decoded) -> Value {
    let map = match decoded.value {
        Value::Map(m) => m,
        _ => Map::new(),
    };
    if let Some(e) = decoded.error {
        map.insert("Error", string(e.to_string()));
    }
    Value::Map(map)
}

/// `fromYamlArray` / `fromJsonArray`: the list, or a list holding only the error text.
fn list_or_error(decoded: rudder_yaml::Decoded) -> Value {
    if let Some(e) = decoded.error {
        return Value::List(List::new(vec![string(e.to_string())]));
    }
    match decoded.value {
        Value::List(l) => Value::List(l),
        _ => Value::List(List::new(Vec::new())),
    }
}

/// The functions of `funcs.go` `funcMap()` that do not depend on the render (the converters).
pub(crate) fn add_converters(f: &mut FuncMap) {
    let a = || vec![Type::Any];
    let st = || vec![Type::String];
    f.insert(
        "toToml",
        Func::new(a(), Type::String, |_, v| {
            if matches!(v[0], Value::Nil) {
                // Go panics in `reflect` on a nil interface; the template fails.
                return Err("reflect: call of reflect.Value.Type on zero Value".into());
            }
            match rudder_yaml::toml::encode(&v[0]) {
                Ok(s) => Ok(string(s)),
                // Where the encoder panics in Go, the template fails.
                Err(e) if e.kind() == rudder_yaml::ErrorKind::Panic => Err(e.to_string().into()),
                Err(e) => Ok(string(e.to_string())),
            }
        }),
    );
    f.insert(
        "mustToToml",
        Func::new(a(), Type::String, |_, v| {
            rudder_yaml::toml::encode(&v[0])
                .map(string)
                .map_err(|e| e.to_string().into())
        }),
    );
    f.insert(
        "fromToml",
        Func::new(st(), Type::map(), |_, v| {
            rudder_yaml::toml::from_toml(arg(v, 0)).map_err(|e| e.to_string().into())
        }),
    );
    f.insert(
        "toYaml",
        Func::new(a(), Type::String, |_, v| Ok(string(to_yaml(&v[0])))),
    );
    f.insert(
        "mustToYaml",
        Func::new(a(), Type::String, |_, v| {
            rudder_yaml::sigs::marshal(&v[0])
                .map(|s| string(trim_one_newline(s)))
                .map_err(|e| e.to_string().into())
        }),
    );
    f.insert(
        "toYamlPretty",
        Func::new(a(), Type::String, |_, v| {
            Ok(string(
                rudder_yaml::v3::encode_pretty(&v[0]).unwrap_or_default(),
            ))
        }),
    );
    f.insert(
        "fromYaml",
        Func::new(st(), Type::map(), |_, v| {
            Ok(with_error(rudder_yaml::sigs::decode(
                arg(v, 0).as_bytes(),
                Target::Map,
            )))
        }),
    );
    f.insert(
        "fromYamlArray",
        Func::new(st(), Type::list(), |_, v| {
            Ok(list_or_error(rudder_yaml::sigs::decode(
                arg(v, 0).as_bytes(),
                Target::List,
            )))
        }),
    );
    f.insert(
        "toJson",
        Func::new(a(), Type::String, |_, v| {
            Ok(string(
                rudder_yaml::json::marshal(&v[0]).unwrap_or_default(),
            ))
        }),
    );
    f.insert(
        "mustToJson",
        Func::new(a(), Type::String, |_, v| {
            rudder_yaml::json::marshal(&v[0])
                .map(string)
                .map_err(|e| e.to_string().into())
        }),
    );
    f.insert(
        "fromJson",
        Func::new(st(), Type::map(), |_, v| {
            Ok(with_error(rudder_yaml::json::decode(
                arg(v, 0).as_bytes(),
                Target::Map,
            )))
        }),
    );
    f.insert(
        "fromJsonArray",
        Func::new(st(), Type::list(), |_, v| {
            Ok(list_or_error(rudder_yaml::json::decode(
                arg(v, 0).as_bytes(),
                Target::List,
            )))
        }),
    );
}

/// `tpl`'s errors, wrapping the template error as Go's `%w` does.
#[derive(Debug)]
pub(crate) struct TplError {
    text: String,
    source: rudder_template::Error,
}

impl fmt::Display for TplError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for TplError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// What the per-render functions close over.
pub(crate) struct RenderFuncs {
    pub(crate) strict: bool,
    pub(crate) lint_mode: bool,
    pub(crate) lookup: Option<Arc<dyn Lookup>>,
}

/// `initFunMap`'s late-bound functions: `include` and `tpl` sharing one recursion counter,
/// `required`, Helm's `fail`, and `lookup`.
pub(crate) fn add_render_functions(f: &mut FuncMap, opts: &RenderFuncs) {
    let included: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let counts = included.clone();
    f.insert(
        "include",
        Func::new(vec![Type::String, Type::Any], Type::String, move |call, args| {
            let name = arg(args, 0);
            {
                let mut counts = counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let n = counts.entry(name.to_owned()).or_insert(0);
                if *n > RECURSION_MAX {
                    return Err(format!(
                        "rendering template has a nested reference name: {name}: unable to execute template"
                    )
                    .into());
                }
                *n += 1;
            }
            let result = call.execute_template(name, &args[1]);
            if let Some(n) = counts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get_mut(name)
            {
                *n = n.saturating_sub(1);
            }
            result
                .map(string)
                .map_err(|e| Box::new(e) as FuncError)
        }),
    );
    let strict = opts.strict;
    f.insert(
        "tpl",
        Func::new(
            vec![Type::String, Type::Any],
            Type::String,
            move |call, args| {
                let text = arg(args, 0);
                let quoted = rudder_value::strconv::quote(text);
                let mut t = call.templates().clone();
                t.set_missing_key(if strict {
                    MissingKey::Error
                } else {
                    MissingKey::Zero
                });
                let name = t.name().to_owned();
                // Go parses into a fresh `t.New(name)` and executes that template's own tree:
                // a body that is empty (blank, or only `define`s) does not replace a template
                // of that name already in the set (an enclosing `tpl`'s text), yet it is what
                // runs. Detect "the old tree was kept" by identity.
                let before = t.lookup(&name).map(std::ptr::from_ref);
                if let Err(e) = t.parse(&name, text) {
                    return Err(Box::new(TplError {
                        text: format!("cannot parse template {quoted}: {e}"),
                        source: e,
                    }));
                }
                if before.is_some() && t.lookup(&name).map(std::ptr::from_ref) == before {
                    return Ok(string(""));
                }
                match t.execute_to_string(&name, &args[1]) {
                    Ok(out) => Ok(string(out.replace("<no value>", ""))),
                    Err(e) => Err(Box::new(TplError {
                        text: format!("error during tpl function execution for {quoted}: {e}"),
                        source: e,
                    })),
                }
            },
        ),
    );
    let lint = opts.lint_mode;
    f.insert(
        "required",
        Func::new(vec![Type::String, Type::Any], Type::Any, move |_, args| {
            let missing = match &args[1] {
                Value::Nil => true,
                Value::String(s) => s.is_empty(),
                _ => false,
            };
            if !missing {
                return Ok(args[1].clone());
            }
            if lint {
                return Ok(string(""));
            }
            Err(warn_wrap(arg(args, 0)).into())
        }),
    );
    f.insert(
        "fail",
        Func::new(vec![Type::String], Type::String, move |_, args| {
            if lint {
                return Ok(string(""));
            }
            Err(warn_wrap(arg(args, 0)).into())
        }),
    );
    let lookup = if opts.lint_mode {
        None
    } else {
        opts.lookup.clone()
    };
    f.insert(
        "lookup",
        Func::new(
            vec![Type::String, Type::String, Type::String, Type::String],
            Type::map(),
            move |_, args| match &lookup {
                None => Ok(Value::Map(Map::new())),
                Some(l) => l
                    .lookup(arg(args, 0), arg(args, 1), arg(args, 2), arg(args, 3))
                    .map(Value::Map),
            },
        ),
    );
}
