//! The function table: every Sprig v3.3.0 function Helm v4.2.4 exposes, with its Go
//! signature (what the template executor converts arguments to and reports in its errors),
//! bound to the implementations in this crate. The order follows Sprig's `functions.go`.

use rudder_template::{Func, FuncMap, Type};
use rudder_value::{ElemType, Map, MapType, Value, path};

use crate::cast::{self, strval};
use crate::error::Result;
use crate::math::DecimalOp;
use crate::random::Alphabet;
use crate::{
    Options, case, dicts, encoding, hash, json, lists, math, network, random, reflect,
    strings as st, text,
};

// Go types, as the executor names them in `wrong type for value; expected …`.
const S: Type = Type::String;
const I: Type = Type::INT;
const A: Type = Type::Any;
const B: Type = Type::Bool;

fn m() -> Type {
    Type::map()
}
fn l() -> Type {
    Type::list()
}
fn strings_type() -> Type {
    Type::List(ElemType::String)
}
fn string_map_type() -> Type {
    Type::Map(MapType {
        name: None,
        elem: ElemType::String,
    })
}

// Argument accessors: the executor has already converted each argument to its parameter
// type, so these only unwrap.
fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}
fn i(v: &Value) -> i64 {
    match v {
        Value::Int(n, _) => *n,
        _ => 0,
    }
}
fn b(v: &Value) -> bool {
    v.as_bool().unwrap_or(false)
}
fn map(v: &Value) -> Map {
    v.as_map()
        .cloned()
        .unwrap_or_else(|| Map::nil(MapType::interface()))
}

fn string(v: impl Into<rudder_value::Str>) -> Value {
    Value::string(v)
}

/// A function of fixed arity.
fn f(
    params: Vec<Type>,
    result: Type,
    imp: impl Fn(&[Value]) -> Result<Value> + Send + Sync + 'static,
) -> Func {
    Func::new(params, result, move |_call, args| {
        imp(args).map_err(Into::into)
    })
}

/// A variadic function: `params`, then any number of `rest`.
fn fv(
    params: Vec<Type>,
    rest: Type,
    result: Type,
    imp: impl Fn(&[Value]) -> Result<Value> + Send + Sync + 'static,
) -> Func {
    Func::variadic(params, rest, result, move |_call, args| {
        imp(args).map_err(Into::into)
    })
}

/// `func(string) string`.
fn str_fn(imp: impl Fn(&str) -> String + Send + Sync + 'static) -> Func {
    f(vec![S], S, move |a| Ok(string(imp(s(&a[0])))))
}

/// `func(s string) string` over the Go bytes of `s` (`rudder_value::gobytes`: a binary file's
/// bytes read with `.Files.Get` reach `b64enc` or `sha256sum` as they are).
fn bytes_fn(imp: impl Fn(&[u8]) -> String + Send + Sync + 'static) -> Func {
    str_fn(move |x| rudder_value::gobytes::with_go_bytes(x, &imp))
}

/// `func(a, b string) string`.
fn str2_fn(imp: impl Fn(&str, &str) -> String + Send + Sync + 'static) -> Func {
    f(vec![S, S], S, move |a| Ok(string(imp(s(&a[0]), s(&a[1])))))
}

/// `func(a, b string) bool`.
fn pred2_fn(imp: impl Fn(&str, &str) -> bool + Send + Sync + 'static) -> Func {
    f(vec![S, S], B, move |a| {
        Ok(Value::Bool(imp(s(&a[0]), s(&a[1]))))
    })
}

/// `func(interface {}) []interface {}` that may fail (the list functions).
fn list_fn(imp: fn(&Value) -> Result<Value>) -> Func {
    f(vec![A], l(), move |a| imp(&a[0]))
}

/// The Sprig map as Helm's engine starts from it: `sprig.TxtFuncMap()` without `env` and
/// `expandenv`.
pub(crate) fn functions(opts: &Options) -> FuncMap {
    let mut fm = FuncMap::new();
    let mut add = |name: &str, func: Func| {
        fm.insert(name, func);
    };

    add("hello", f(vec![], S, |_| Ok(string("Hello!"))));

    // Date functions.
    crate::date::register(&mut add, opts);

    // Strings.
    add(
        "abbrev",
        f(vec![I, S], S, |a| {
            Ok(string(st::abbrev(i(&a[0]), s(&a[1]))))
        }),
    );
    add(
        "abbrevboth",
        f(vec![I, I, S], S, |a| {
            Ok(string(st::abbrevboth(i(&a[0]), i(&a[1]), s(&a[2]))))
        }),
    );
    add(
        "trunc",
        f(vec![I, S], S, |a| Ok(string(st::trunc(i(&a[0]), s(&a[1]))))),
    );
    add("trim", str_fn(|x| st::trim_space(x).to_owned()));
    add("upper", str_fn(text::upper));
    add("lower", str_fn(text::lower));
    add("title", str_fn(text::title));
    add("untitle", str_fn(st::untitle));
    add(
        "substr",
        f(vec![I, I, S], S, |a| {
            st::substr(i(&a[0]), i(&a[1]), s(&a[2])).map(string)
        }),
    );
    add(
        "repeat",
        f(vec![I, S], S, |a| {
            st::repeat(i(&a[0]), s(&a[1])).map(string)
        }),
    );
    add("trimall", str2_fn(|a, b| st::trim_cutset(b, a).to_owned()));
    add("trimAll", str2_fn(|a, b| st::trim_cutset(b, a).to_owned()));
    add(
        "trimSuffix",
        str2_fn(|a, b| b.strip_suffix(a).unwrap_or(b).to_owned()),
    );
    add(
        "trimPrefix",
        str2_fn(|a, b| b.strip_prefix(a).unwrap_or(b).to_owned()),
    );
    add("nospace", str_fn(st::nospace));
    add("initials", str_fn(st::initials));
    for (name, alphabet) in [
        ("randAlphaNum", Alphabet::AlphaNum),
        ("randAlpha", Alphabet::Alpha),
        ("randAscii", Alphabet::Ascii),
        ("randNumeric", Alphabet::Numeric),
    ] {
        add(
            name,
            f(vec![I], S, move |a| {
                Ok(string(random::random_string(i(&a[0]), alphabet)))
            }),
        );
    }
    add("swapcase", str_fn(st::swapcase));
    add("shuffle", str_fn(random::shuffle));
    add("snakecase", str_fn(case::snakecase));
    add("camelcase", str_fn(case::camelcase));
    add("kebabcase", str_fn(case::kebabcase));
    add(
        "wrap",
        f(vec![I, S], S, |a| {
            Ok(string(st::wrap_custom(s(&a[1]), i(&a[0]), "", false)))
        }),
    );
    add(
        "wrapWith",
        f(vec![I, S, S], S, |a| {
            Ok(string(st::wrap_custom(s(&a[2]), i(&a[0]), s(&a[1]), true)))
        }),
    );
    add("contains", pred2_fn(|sub, x| x.contains(sub)));
    add("hasPrefix", pred2_fn(|p, x| x.starts_with(p)));
    add("hasSuffix", pred2_fn(|p, x| x.ends_with(p)));
    add("quote", fv(vec![], A, S, |a| Ok(string(st::quote(a)))));
    add("squote", fv(vec![], A, S, |a| Ok(string(st::squote(a)))));
    add("cat", fv(vec![], A, S, |a| Ok(string(st::cat(a)))));
    add(
        "indent",
        f(vec![I, S], S, |a| {
            st::indent(i(&a[0]), s(&a[1])).map(string)
        }),
    );
    add(
        "nindent",
        f(vec![I, S], S, |a| {
            st::indent(i(&a[0]), s(&a[1])).map(|x| string(format!("\n{x}")))
        }),
    );
    add(
        "replace",
        f(vec![S, S, S], S, |a| {
            Ok(string(s(&a[2]).replace(s(&a[0]), s(&a[1]))))
        }),
    );
    add(
        "plural",
        f(vec![S, S, I], S, |a| {
            Ok(string(st::plural(
                s(&a[0]).to_owned(),
                s(&a[1]).to_owned(),
                i(&a[2]),
            )))
        }),
    );
    add("sha1sum", bytes_fn(hash::sha1sum));
    add("sha256sum", bytes_fn(hash::sha256sum));
    add("sha512sum", bytes_fn(hash::sha512sum));
    add("adler32sum", bytes_fn(hash::adler32sum));
    add("toString", f(vec![A], S, |a| Ok(string(strval(&a[0])))));

    add(
        "atoi",
        f(vec![S], I, |a| Ok(Value::int(st::atoi(s(&a[0]))))),
    );
    add(
        "int64",
        f(vec![A], Type::INT64, |a| {
            Ok(Value::int64(cast::to_int64(&a[0])))
        }),
    );
    add(
        "int",
        f(vec![A], I, |a| Ok(Value::int(cast::to_int(&a[0])))),
    );
    add(
        "float64",
        f(vec![A], Type::FLOAT64, |a| {
            Ok(Value::float64(cast::to_float64(&a[0])))
        }),
    );
    add(
        "seq",
        fv(vec![], I, S, |a| {
            let params: Vec<i64> = a.iter().map(i).collect();
            Ok(string(math::seq(&params)))
        }),
    );
    add(
        "toDecimal",
        f(vec![A], Type::INT64, |a| {
            Ok(Value::int64(st::to_decimal(&a[0])))
        }),
    );

    add(
        "split",
        f(vec![S, S], string_map_type(), |a| {
            Ok(string_map(go_split(s(&a[1]), s(&a[0]), -1)))
        }),
    );
    add(
        "splitList",
        f(vec![S, S], strings_type(), |a| {
            Ok(lists::strings(go_split(s(&a[1]), s(&a[0]), -1)))
        }),
    );
    add(
        "splitn",
        f(vec![S, I, S], string_map_type(), |a| {
            let parts = go_split(s(&a[2]), s(&a[0]), i(&a[1]));
            Ok(string_map(parts))
        }),
    );
    add(
        "toStrings",
        f(vec![A], strings_type(), |a| {
            Ok(lists::strings(lists::strslice(&a[0])))
        }),
    );

    add(
        "until",
        f(vec![I], Type::List(ElemType::Int), |a| {
            Ok(math::ints(math::until(i(&a[0]))))
        }),
    );
    add(
        "untilStep",
        f(vec![I, I, I], Type::List(ElemType::Int), |a| {
            Ok(math::ints(math::until_step(i(&a[0]), i(&a[1]), i(&a[2]))))
        }),
    );

    // Integer math.
    let i64_result = Type::INT64;
    add(
        "add1",
        f(vec![A], i64_result.clone(), |a| {
            Ok(Value::int64(cast::to_int64(&a[0]).wrapping_add(1)))
        }),
    );
    add(
        "add",
        fv(vec![], A, i64_result.clone(), |a| {
            Ok(Value::int64(math::add(a)))
        }),
    );
    add(
        "sub",
        f(vec![A, A], i64_result.clone(), |a| {
            Ok(Value::int64(
                cast::to_int64(&a[0]).wrapping_sub(cast::to_int64(&a[1])),
            ))
        }),
    );
    add(
        "div",
        f(vec![A, A], i64_result.clone(), |a| {
            math::div(&a[0], &a[1]).map(Value::int64)
        }),
    );
    add(
        "mod",
        f(vec![A, A], i64_result.clone(), |a| {
            math::modulo(&a[0], &a[1]).map(Value::int64)
        }),
    );
    add(
        "mul",
        fv(vec![A], A, i64_result.clone(), |a| {
            Ok(Value::int64(math::mul(&a[0], &a[1..])))
        }),
    );
    add(
        "randInt",
        f(vec![I, I], I, |a| {
            random::rand_int(i(&a[0]), i(&a[1])).map(Value::int)
        }),
    );

    // Float math through decimals.
    let f64_result = Type::FLOAT64;
    add(
        "add1f",
        f(vec![A], f64_result.clone(), |a| {
            math::decimal_op(&a[0], &[Value::int(1)], DecimalOp::Add).map(Value::float64)
        }),
    );
    add(
        "addf",
        fv(vec![], A, f64_result.clone(), |a| {
            math::decimal_op(&Value::float64(0.0), a, DecimalOp::Add).map(Value::float64)
        }),
    );
    for (name, op) in [
        ("subf", DecimalOp::Sub),
        ("divf", DecimalOp::Div),
        ("mulf", DecimalOp::Mul),
    ] {
        add(
            name,
            fv(vec![A], A, f64_result.clone(), move |a| {
                math::decimal_op(&a[0], &a[1..], op).map(Value::float64)
            }),
        );
    }
    for name in ["biggest", "max"] {
        add(
            name,
            fv(vec![A], A, i64_result.clone(), |a| {
                Ok(Value::int64(math::max(&a[0], &a[1..])))
            }),
        );
    }
    add(
        "min",
        fv(vec![A], A, i64_result.clone(), |a| {
            Ok(Value::int64(math::min(&a[0], &a[1..])))
        }),
    );
    add(
        "maxf",
        fv(vec![A], A, f64_result.clone(), |a| {
            Ok(Value::float64(math::maxf(&a[0], &a[1..])))
        }),
    );
    add(
        "minf",
        fv(vec![A], A, f64_result.clone(), |a| {
            Ok(Value::float64(math::minf(&a[0], &a[1..])))
        }),
    );
    add(
        "ceil",
        f(vec![A], f64_result.clone(), |a| {
            Ok(Value::float64(cast::to_float64(&a[0]).ceil()))
        }),
    );
    add(
        "floor",
        f(vec![A], f64_result.clone(), |a| {
            Ok(Value::float64(cast::to_float64(&a[0]).floor()))
        }),
    );
    add(
        "round",
        fv(vec![A, I], Type::FLOAT64, f64_result, |a| {
            let opts: Vec<f64> = a[2..].iter().filter_map(Value::as_float).collect();
            Ok(Value::float64(math::round(&a[0], i(&a[1]), &opts)))
        }),
    );

    // String slices.
    add(
        "join",
        f(vec![S, A], S, |a| {
            Ok(string(lists::strslice(&a[1]).join(s(&a[0]))))
        }),
    );
    add(
        "sortAlpha",
        f(vec![A], strings_type(), |a| {
            Ok(lists::strings(lists::sort_alpha(&a[0])))
        }),
    );

    // Defaults.
    add(
        "default",
        fv(vec![A], A, A, |a| {
            let given = a.get(1);
            Ok(match given {
                Some(g) if !reflect::empty(g) => g.clone(),
                _ => a[0].clone(),
            })
        }),
    );
    add(
        "empty",
        f(vec![A], B, |a| Ok(Value::Bool(reflect::empty(&a[0])))),
    );
    add(
        "coalesce",
        fv(vec![], A, A, |a| {
            Ok(a.iter()
                .find(|v| !reflect::empty(v))
                .cloned()
                .unwrap_or(Value::Nil))
        }),
    );
    add(
        "all",
        fv(vec![], A, B, |a| {
            Ok(Value::Bool(a.iter().all(|v| !reflect::empty(v))))
        }),
    );
    add(
        "any",
        fv(vec![], A, B, |a| {
            Ok(Value::Bool(a.iter().any(|v| !reflect::empty(v))))
        }),
    );
    add("compact", list_fn(lists::compact));
    add("mustCompact", list_fn(lists::compact));
    add("fromJson", f(vec![S], A, |a| Ok(json::from_json(s(&a[0])))));
    add(
        "toJson",
        f(vec![A], S, |a| Ok(string(json::to_json(&a[0])))),
    );
    add(
        "toPrettyJson",
        f(vec![A], S, |a| Ok(string(json::to_pretty_json(&a[0])))),
    );
    add(
        "toRawJson",
        f(vec![A], S, |a| json::to_raw_json(&a[0]).map(string)),
    );
    add(
        "mustFromJson",
        f(vec![S], A, |a| json::must_from_json(s(&a[0]))),
    );
    add(
        "mustToJson",
        f(vec![A], S, |a| json::must_to_json(&a[0]).map(string)),
    );
    add(
        "mustToPrettyJson",
        f(vec![A], S, |a| json::must_to_pretty_json(&a[0]).map(string)),
    );
    add(
        "mustToRawJson",
        f(vec![A], S, |a| json::to_raw_json(&a[0]).map(string)),
    );
    add(
        "ternary",
        f(vec![A, A, B], A, |a| {
            Ok(if b(&a[2]) { a[0].clone() } else { a[1].clone() })
        }),
    );
    for name in ["deepCopy", "mustDeepCopy"] {
        add(
            name,
            f(vec![A], A, |a| {
                if a[0].is_nil() {
                    // copystructure reflects on the nil interface and panics.
                    return Err(crate::error::Error::msg(
                        "reflect: call of reflect.Value.Type on zero Value",
                    ));
                }
                Ok(dicts::deep_copy(&a[0]))
            }),
        );
    }

    // Reflection.
    add(
        "typeOf",
        f(vec![A], S, |a| Ok(string(reflect::type_of(&a[0])))),
    );
    add(
        "typeIs",
        f(vec![S, A], B, |a| {
            Ok(Value::Bool(s(&a[0]) == reflect::type_of(&a[1])))
        }),
    );
    add(
        "typeIsLike",
        f(vec![S, A], B, |a| {
            Ok(Value::Bool(reflect::type_is_like(s(&a[0]), &a[1])))
        }),
    );
    add(
        "kindOf",
        f(vec![A], S, |a| Ok(string(reflect::kind_of(&a[0])))),
    );
    add(
        "kindIs",
        f(vec![S, A], B, |a| {
            Ok(Value::Bool(s(&a[0]) == reflect::kind_of(&a[1])))
        }),
    );
    add(
        "deepEqual",
        f(vec![A, A], B, |a| {
            Ok(Value::Bool(reflect::deep_equal(&a[0], &a[1])))
        }),
    );

    // Network.
    let resolver = opts.resolver.clone();
    add(
        "getHostByName",
        f(vec![S], S, move |a| match &resolver {
            Some(r) => network::get_host_by_name(r.as_ref(), s(&a[0])).map(string),
            None => Ok(string("")),
        }),
    );

    // Paths (Go's path and, identically on Linux, path/filepath).
    for prefix in ["", "os"] {
        let name = |n: &str| {
            if prefix.is_empty() {
                n.to_owned()
            } else {
                let mut c = n.chars();
                let first = c.next().map(|x| x.to_ascii_uppercase()).unwrap_or_default();
                format!("{prefix}{first}{}", c.as_str())
            }
        };
        add(&name("base"), str_fn(path::base));
        add(&name("dir"), str_fn(path::dir));
        add(&name("clean"), str_fn(path::clean));
        add(&name("ext"), str_fn(|p| path::ext(p).to_owned()));
        add(
            &name("isAbs"),
            f(vec![S], B, |a| Ok(Value::Bool(path::is_abs(s(&a[0]))))),
        );
    }

    // Encoding.
    add("b64enc", bytes_fn(encoding::base64_encode));
    add(
        "b64dec",
        f(vec![S], S, |a| {
            Ok(Value::String(
                match encoding::base64_decode(s(&a[0]).as_bytes()) {
                    Ok(bytes) => rudder_value::gobytes::from_go_bytes(&bytes),
                    Err(e) => e.into(),
                },
            ))
        }),
    );
    add("b32enc", bytes_fn(encoding::base32_encode));
    add(
        "b32dec",
        f(vec![S], S, |a| {
            Ok(Value::String(
                match encoding::base32_decode(s(&a[0]).as_bytes()) {
                    Ok(bytes) => rudder_value::gobytes::from_go_bytes(&bytes),
                    Err(e) => e.into(),
                },
            ))
        }),
    );

    // Data structures.
    for name in ["tuple", "list"] {
        add(
            name,
            fv(vec![], A, l(), |a| {
                Ok(Value::List(rudder_value::List::new(a.to_vec())))
            }),
        );
    }
    add("dict", fv(vec![], A, m(), |a| Ok(dicts::dict(a))));
    add(
        "get",
        f(vec![m(), S], A, |a| Ok(dicts::get(&map(&a[0]), s(&a[1])))),
    );
    add(
        "set",
        f(vec![m(), S, A], m(), |a| {
            dicts::set(&map(&a[0]), s(&a[1]).into(), a[2].clone())
        }),
    );
    add(
        "unset",
        f(vec![m(), S], m(), |a| {
            Ok(dicts::unset(&map(&a[0]), s(&a[1])))
        }),
    );
    add(
        "hasKey",
        f(vec![m(), S], B, |a| {
            Ok(Value::Bool(map(&a[0]).contains_key(s(&a[1]))))
        }),
    );
    add(
        "pluck",
        fv(vec![S], m(), l(), |a| Ok(dicts::pluck(s(&a[0]), &a[1..]))),
    );
    add(
        "keys",
        fv(vec![], m(), strings_type(), |a| {
            Ok(lists::strings(dicts::keys(a)))
        }),
    );
    add(
        "pick",
        fv(vec![m()], S, m(), |a| Ok(dicts::pick(&map(&a[0]), &a[1..]))),
    );
    add(
        "omit",
        fv(vec![m()], S, m(), |a| Ok(dicts::omit(&map(&a[0]), &a[1..]))),
    );
    for (name, overwrite) in [
        ("merge", false),
        ("mergeOverwrite", true),
        ("mustMerge", false),
        ("mustMergeOverwrite", true),
    ] {
        add(
            name,
            fv(vec![m()], m(), A, move |a| {
                Ok(dicts::merge(&map(&a[0]), &a[1..], overwrite))
            }),
        );
    }
    add(
        "values",
        f(vec![m()], l(), |a| Ok(dicts::values(&map(&a[0])))),
    );

    for name in ["append", "push", "mustAppend", "mustPush"] {
        add(
            name,
            f(vec![A, A], l(), |a| lists::push(&a[0], a[1].clone())),
        );
    }
    for name in ["prepend", "mustPrepend"] {
        add(
            name,
            f(vec![A, A], l(), |a| lists::prepend(&a[0], a[1].clone())),
        );
    }
    for name in ["first", "mustFirst"] {
        add(name, f(vec![A], A, |a| lists::first(&a[0])));
    }
    for name in ["last", "mustLast"] {
        add(name, f(vec![A], A, |a| lists::last(&a[0])));
    }
    for name in ["rest", "mustRest"] {
        add(name, list_fn(lists::rest));
    }
    for name in ["initial", "mustInitial"] {
        add(name, list_fn(lists::initial));
    }
    for name in ["reverse", "mustReverse"] {
        add(name, list_fn(lists::reverse));
    }
    for name in ["uniq", "mustUniq"] {
        add(name, list_fn(lists::uniq));
    }
    for name in ["without", "mustWithout"] {
        add(
            name,
            fv(vec![A], A, l(), |a| lists::without(&a[0], &a[1..])),
        );
    }
    for name in ["has", "mustHas"] {
        add(
            name,
            f(vec![A, A], B, |a| lists::has(&a[0], &a[1]).map(Value::Bool)),
        );
    }
    for name in ["slice", "mustSlice"] {
        add(name, fv(vec![A], A, A, |a| lists::slice(&a[0], &a[1..])));
    }
    add("concat", fv(vec![], A, A, lists::concat));
    add("dig", fv(vec![], A, A, dicts::dig));
    for name in ["chunk", "mustChunk"] {
        add(name, f(vec![I, A], l(), |a| lists::chunk(i(&a[0]), &a[1])));
    }

    // Crypto, UUIDs, SemVer, regular expressions and URLs.
    crate::crypto::register(&mut add, opts);
    add("uuidv4", f(vec![], S, |_| Ok(string(random::uuid_v4()))));
    crate::semver::register(&mut add);
    add(
        "fail",
        f(vec![S], S, |a| Err(crate::error::Error::msg(s(&a[0])))),
    );
    crate::regexp::register(&mut add);
    crate::url::register(&mut add);

    fm
}

/// Go's `strings.SplitN(s, sep, n)`: an empty separator splits into runes.
pub(crate) fn go_split(s: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        // explode: one piece per rune, the last piece holding the rest when n is reached.
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let count = chars.len();
        let limit = if n < 0 || n as usize > count {
            count
        } else {
            n as usize
        };
        let mut out = Vec::with_capacity(limit);
        for (k, (start, c)) in chars.iter().enumerate().take(limit) {
            if k == limit - 1 {
                out.push(s[*start..].to_owned());
            } else {
                out.push(c.to_string());
            }
        }
        return out;
    }
    if n < 0 {
        return s.split(sep).map(str::to_owned).collect();
    }
    s.splitn(n as usize, sep).map(str::to_owned).collect()
}

/// `{"_0": …, "_1": …}` as a `map[string]string`.
fn string_map(parts: Vec<String>) -> Value {
    let out = Map::with_type(MapType {
        name: None,
        elem: ElemType::String,
    });
    for (n, p) in parts.into_iter().enumerate() {
        out.insert(format!("_{n}"), Value::string(p));
    }
    Value::Map(out)
}
