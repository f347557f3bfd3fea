"""The case tables, by area. Each case: id, template, and the shared typed data D."""

from typed import (F, F32, I32, I64, NILLIST, NILMAP, U8, Bytes, Ints, SMap, Strs,
                   Values, enc)

D = {
    "i": 3, "i0": 0, "ineg": -2, "i64": I64(3), "i32": I32(7), "u8": U8(7),
    "f": 3.0, "fh": 2.5, "fneg": -2.5, "f0": 0.0, "big": 1e6, "f32": F32(1.5),
    "nan": F("NaN"), "inf": F("+Inf"),
    "s": "hello world", "e": "", "n": None, "t": True, "fa": False,
    "num": "42", "oct": "0777", "hex": "0x1F", "flt": "1.50", "uni": "héllo wörld",
    "l": [1, "two", None, 3.5], "le": [], "ln": NILLIST, "lf": [1.0, 2.0, 3.0],
    "ls": Strs(["b", "a", "c"]), "li": Ints([3, 1, 2]), "bytes": Bytes(b"hi"),
    "m": {"a": 1, "b": {"c": "d"}, "z": None}, "me": {}, "mn": NILMAP,
    "v": Values({"a": {"b": "c"}, "x": 1.0, "list": [1.0, 2.0]}),
    "sm": SMap({"k": "v"}),
}
DATA = enc(D)

AREAS = {}
_ids = {}


def area(name):
    AREAS.setdefault(name, [])
    return name


def case(area_name, id_, tpl, local=None, data=None):
    c = {"id": id_, "op": "sprig_template", "template": tpl}
    if data is not None:
        c["data"] = enc(data)
    elif "." in tpl or "$" in tpl:
        c["data"] = DATA
    if local:
        c["local"] = local
    AREAS[area_name].append(c)


def cases(area_name, prefix, templates):
    """Numbered cases: prefix-1, prefix-2, ..."""
    for n, tpl in enumerate(templates, 1):
        case(area_name, f"{prefix}-{n}", tpl)


# Sample arguments of each Go parameter type, and a wrong-typed value for each.
GOOD = {"int": "2", "string": '"abc"', "bool": "true", "map": '(dict "a" 1)',
        "any": ".l", "list": '(list "a")', "float64": "1.5", "uint32": "1"}
WRONG = {"int": [".f", '"x"', "nil", ".i64"], "string": [".i", "1", "nil", ".n"],
         "bool": [".s", "1", "nil"], "map": [".sm", ".l", "nil", ".s"],
         "list": [".ls", ".s", ".m"], "float64": [".i", '"x"'], "uint32": [".i", "-1"]}


def signature_cases(area_name, name, params, variadic=None):
    """Arity and argument-type errors for a function of the given Go parameter types."""
    if variadic is None and params:
        case(area_name, f"{name}-arity-low", "{{ %s %s }}" % (name, " ".join(GOOD[p] for p in params[:-1])))
        case(area_name, f"{name}-arity-high", "{{ %s %s 1 }}" % (name, " ".join(GOOD[p] for p in params)))
    elif variadic is not None and params:
        case(area_name, f"{name}-arity-low", "{{ %s %s }}" % (name, " ".join(GOOD[p] for p in params[:-1])))
    if variadic is None and not params:
        case(area_name, f"{name}-arity-high", "{{ %s 1 }}" % name)
    for pos, p in enumerate(params):
        for k, bad in enumerate(WRONG.get(p, [])):
            args = [GOOD[q] for q in params]
            args[pos] = bad
            case(area_name, f"{name}-type-{pos}-{k}", "{{ %s %s }}" % (name, " ".join(args)))
    if variadic in WRONG:
        for k, bad in enumerate(WRONG[variadic][:2]):
            args = [GOOD[q] for q in params] + [GOOD[variadic], bad]
            case(area_name, f"{name}-type-rest-{k}", "{{ %s %s }}" % (name, " ".join(args)))


import cases_strings  # noqa: E402,F401
import cases_data  # noqa: E402,F401
import cases_regex  # noqa: E402,F401
import cases_semver  # noqa: E402,F401
import cases_math  # noqa: E402,F401
import cases_date  # noqa: E402,F401
import cases_misc  # noqa: E402,F401
import cases_crypto  # noqa: E402,F401
import cases_more  # noqa: E402,F401
