#!/usr/bin/env python3
"""Writes the values-area request files (deterministic; run from anywhere).

  coalesce_helm.in.jsonl       Helm's coalesce_test.go charts and values (ported by hand)
  coalesce_generated.in.jsonl  random chart trees x random user values (nulls, globals,
                               type clashes, subchart keys), through util.CoalesceValues
  merge_maps.in.jsonl          loader.MergeMaps on random maps
  schema.in.jsonl              values.schema.json checks (to_render_values): every keyword
                               family, drafts 4/6/7/2019-09/2020-12, $ref forms, subcharts,
                               bad schemas, Helm's test schemas

Then: tools/conformance-regen.sh conformance/values
"""
import json, os, random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
FIX = os.path.join(ROOT, "conformance", "chart", "fixtures", "helm")


def write(name, reqs):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        for i, r in enumerate(reqs):
            r = dict(r)
            r["id"] = i
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")


def typed(v):
    """A Python value in the oracle's typed encoding (floats as float64, ints as int64)."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return {"int64": str(v)}
    if isinstance(v, float):
        return {"float64": repr(v) if v != int(v) else str(int(v))}
    if isinstance(v, list):
        return {"list": [typed(x) for x in v]}
    if isinstance(v, dict):
        return {"map": {k: typed(x) for k, x in v.items()}}
    raise TypeError(v)


def spec(name, values, subs=(), root=False, schema=None, deps=None):
    s = {"values": typed(values), "subcharts": list(subs)}
    md = {} if root and name is None else {"name": name}
    if deps is not None:
        md["dependencies"] = deps
    s["chart"] = md
    if schema is not None:
        s["schema"] = schema
    return s


def coalesce(chart, user):
    r = {"op": "coalesce_values", "user_values": typed(user)}
    r.update(chart)
    return r


# --- Helm's coalesce_test.go -------------------------------------------------------------

HELM_USER_YAML = """
top: yup
bottom: null
right: Null
left: NULL
front: ~
back: ""
nested:
  boat: null

global:
  name: Ishmael
  subject: Queequeg
  nested:
    boat: true

pequod:
  boat: null
  global:
    name: Stinky
    harpooner: Tashtego
    nested:
      boat: false
      sail: true
      foo2: null
  ahab:
    scope: whale
    boat: null
    nested:
      foo: true
      boat: null
    object: null
"""


def helm_cases():
    moby = spec("moby", {
        "back": "exists", "bottom": "exists", "front": "exists", "left": "exists",
        "name": "moby", "nested": {"boat": True}, "override": "bad", "right": "exists",
        "scope": "moby", "top": "nope", "global": {"nested2": {"l0": "moby"}},
        "pequod": {"boat": "maybe", "ahab": {"boat": "maybe", "nested": {"boat": "maybe"}}},
    }, [
        spec("pequod", {
            "name": "pequod", "scope": "pequod", "global": {"nested2": {"l1": "pequod"}},
            "boat": False, "ahab": {"boat": False, "nested": {"boat": False}},
        }, [spec("ahab", {
            "global": {"nested": {"foo": "bar", "foo2": "bar2"}, "nested2": {"l2": "ahab"}},
            "scope": "ahab", "name": "ahab", "boat": True,
            "nested": {"foo": False, "boat": True}, "object": {"foo": "bar"},
        })]),
        spec("spouter", {"scope": "spouter", "global": {"nested2": {"l1": "spouter"}}}),
    ])
    import subprocess
    reqs = []
    # The test's user values come from YAML: load them as the oracle would (values_yaml is
    # only for charts), so they are given typed here, floats where YAML has numbers.
    user = yaml_like(HELM_USER_YAML)
    reqs.append(coalesce(moby, user))
    reqs.append(coalesce(moby, {}))
    reqs.append(coalesce(spec("test", {"data": {}}), {"data": {"foo": "bar", "baz": None}}))
    reqs.append(coalesce(spec("parent", {}, [spec("child", {"keyMapping": {"password": None}})]), {}))
    reqs.append(coalesce(spec("parent", {}, [spec("child", {"someKey": "default"})]), {"child": {"someKey": None}}))
    reqs.append(coalesce(spec("parent", {}, [spec("child", {"ingress": {"feature": None}})]),
                         {"global": {"ingress": {"feature": True}}}))
    reqs.append(coalesce(spec("parent", {}, [spec("child", {"keyMapping": {"password": None, "format": "bcrypt"}})]),
                         {"child": {"keyMapping": {"format": "sha256"}}}))
    # Type clashes and warnings (TestCoalesceValuesWarnings shapes).
    reqs.append(coalesce(spec("level1", {"name": "moby"}, [spec("level2", {"name": "pequod", "a": {"b": {"c": "d"}}}, [
        spec("level3", {"name": "ahab", "boat": True, "spear": {"tip": True, "sail": {"cotton": True}}})])]),
        {"level2": {"level3": {"boat": {"mast": True}, "spear": {"tip": {"sharp": True}, "sail": True}}, "a": {"b": {"c": {"e": 1}}}}}))
    # The subchart's values are not a map.
    reqs.append(coalesce(spec("top", {"sub": "scalar"}, [spec("sub", {"x": 1})]), {}))
    reqs.append(coalesce(spec("top", {}, [spec("sub", {"x": 1})]), {"sub": [1, 2]}))
    reqs.append(coalesce(spec("top", {}, [spec("sub", {"x": 1})]), {"sub": None}))
    reqs.append(coalesce(spec("top", {}, [spec("sub", {"x": 1})]), {"sub": True}))
    # globals: non-table on either side, tables merged, parent wins.
    reqs.append(coalesce(spec("top", {"global": "x"}, [spec("sub", {"global": {"a": 1}})]), {}))
    reqs.append(coalesce(spec("top", {"global": {"a": {"x": 1}}}, [spec("sub", {"global": "y"})]), {}))
    reqs.append(coalesce(spec("top", {"global": {"a": {"x": 1}, "b": 2}},
                              [spec("sub", {"global": {"a": {"y": 2}, "b": {"z": 1}, "c": 3}})]), {"global": {"a": {"w": 0}}}))
    reqs.append(coalesce(spec("top", {"global": {"a": 1}}, [spec("sub", {"global": {"a": {"t": 1}}})]), {}))
    return reqs


def yaml_like(text):
    """The tiny YAML subset of HELM_USER_YAML, as sigs.k8s.io/yaml decodes it."""
    root = {}
    stack = [(-1, root)]
    for line in text.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        key, _, val = line.strip().partition(":")
        val = val.strip()
        while stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1]
        if val == "":
            parent[key] = {}
            stack.append((indent, parent[key]))
        elif val in ("null", "Null", "NULL", "~"):
            parent[key] = None
        elif val == '""':
            parent[key] = ""
        elif val in ("true", "false"):
            parent[key] = val == "true"
        else:
            parent[key] = val
    return root


# --- generated ---------------------------------------------------------------------------

KEYS = ["a", "b", "c", "global", "name", "enabled", "x", "sub1", "sub2", "deep"]


def rand_scalar(rng):
    return rng.choice([None, True, False, "s", "", 0, 1, 7, -3, 2.5, 1e6, "text", [1, "x"], [], None])


def rand_value(rng, depth):
    if depth <= 0 or rng.random() < 0.45:
        return rand_scalar(rng)
    return rand_map(rng, depth - 1)


def rand_map(rng, depth, n=None):
    m = {}
    for _ in range(n if n is not None else rng.randint(0, 4)):
        m[rng.choice(KEYS)] = rand_value(rng, depth)
    return m


def rand_tree(rng, name, depth):
    subs = []
    if depth > 0:
        for sname in rng.sample(["sub1", "sub2", "sub3"], rng.randint(0, 2)):
            subs.append(rand_tree(rng, sname, depth - 1))
    vals = rand_map(rng, 3)
    if rng.random() < 0.5:
        vals["global"] = rand_map(rng, 2)
    for s in subs:
        if rng.random() < 0.4:
            vals[s["chart"]["name"]] = rand_value(rng, 2)
    return spec(name, vals, subs)


def generated(n=1500, seed=11):
    rng = random.Random(seed)
    reqs = []
    for _ in range(n):
        chart = rand_tree(rng, "top", rng.randint(0, 3))
        user = rand_map(rng, 3)
        if rng.random() < 0.5:
            user["global"] = rand_map(rng, 2)
        for s in chart["subcharts"]:
            if rng.random() < 0.5:
                user[s["chart"]["name"]] = rand_value(rng, 3)
        reqs.append(coalesce(chart, user))
    return reqs


def merge_maps(n=400, seed=3):
    rng = random.Random(seed)
    reqs = []
    for _ in range(n):
        a, b = rand_map(rng, 3), rand_map(rng, 3)
        reqs.append({"op": "merge_maps", "a": typed(a), "b": typed(b)})
    reqs.append({"op": "merge_maps", "a": {"map": {"k": {"map": {"x": "1"}, "type": "map[string]string"}}},
                 "b": {"map": {"k": {"map": {"y": "2"}}}}})
    reqs.append({"op": "merge_maps", "a": {"map": {"k": {"map": {"x": "1"}}}},
                 "b": {"map": {"k": {"map": {"y": "2"}, "type": "common.Values"}}}})
    return reqs


# --- schema ------------------------------------------------------------------------------

def render(schema, values, user, subs=(), skip=False, chart_values_yaml=None):
    r = {"op": "to_render_values", "chart": {"name": "mychart"}, "user_values": typed(user),
         "subcharts": list(subs), "skip_schema_validation": skip}
    if schema is not None:
        r["schema"] = schema
    if chart_values_yaml is not None:
        r["values_yaml"] = chart_values_yaml
    else:
        r["values"] = typed(values)
    return r


def S(d, draft=None):
    if draft:
        d = dict(d)
        d["$schema"] = draft
    return json.dumps(d)


DRAFTS = [None, "http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
          "http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema",
          "https://json-schema.org/draft/2020-12/schema"]

KEYWORD_CASES = [
    ({"type": "object", "properties": {"replicas": {"type": "integer"}}}, {"replicas": "3"}),
    ({"type": "object", "properties": {"replicas": {"type": "integer"}}}, {"replicas": 3}),
    ({"type": "object", "properties": {"replicas": {"type": "integer"}}}, {"replicas": 3.0}),
    ({"type": "object", "properties": {"replicas": {"type": "integer"}}}, {"replicas": 3.5}),
    ({"type": "object", "properties": {"r": {"type": ["string", "null"]}}}, {"r": 1}),
    ({"properties": {"r": {"type": "number", "minimum": 10}}}, {"r": 5}),
    ({"properties": {"r": {"type": "number", "maximum": 1000}}}, {"r": 1234567}),
    ({"properties": {"r": {"exclusiveMinimum": 1.5}}}, {"r": 1.5}),
    ({"properties": {"r": {"exclusiveMaximum": 0.00001}}}, {"r": 1.0}),
    ({"properties": {"r": {"multipleOf": 3}}}, {"r": 10}),
    ({"properties": {"r": {"multipleOf": 0.01}}}, {"r": 0.125}),
    ({"properties": {"s": {"minLength": 3}}}, {"s": "ab"}),
    ({"properties": {"s": {"maxLength": 2}}}, {"s": "héllo"}),
    ({"properties": {"s": {"pattern": "^[a-z]+$"}}}, {"s": "ABC"}),
    ({"properties": {"s": {"pattern": "^\\d+$"}}}, {"s": "١٢٣"}),
    ({"properties": {"s": {"enum": ["a", "b"]}}}, {"s": "c"}),
    ({"properties": {"s": {"enum": ["only"]}}}, {"s": "c"}),
    ({"properties": {"s": {"enum": [1, "x", None, True]}}}, {"s": "c"}),
    ({"properties": {"s": {"enum": [[1], {"a": 1}]}}}, {"s": "c"}),
    ({"properties": {"s": {"const": "k"}}}, {"s": "c"}),
    ({"properties": {"s": {"const": {"a": 1}}}}, {"s": "c"}),
    ({"required": ["a"]}, {}),
    ({"required": ["a", "b", "c"]}, {"b": 1}),
    # One extra property: with several, the Go library lists them in map order (random).
    ({"additionalProperties": False, "properties": {"a": {}}}, {"a": 1, "b": 2}),
    ({"additionalProperties": {"type": "string"}}, {"a": 1}),
    ({"minProperties": 2}, {"a": 1}),
    ({"maxProperties": 1}, {"a": 1, "b": 2}),
    ({"propertyNames": {"pattern": "^[a-z]$"}}, {"ab": 1}),
    ({"properties": {"l": {"minItems": 2}}}, {"l": [1]}),
    ({"properties": {"l": {"maxItems": 1}}}, {"l": [1, 2]}),
    ({"properties": {"l": {"uniqueItems": True}}}, {"l": [1, 2, 1]}),
    ({"properties": {"l": {"items": {"type": "string"}}}}, {"l": ["a", 1, "b", 2]}),
    ({"properties": {"l": {"contains": {"type": "string"}}}}, {"l": [1, 2]}),
    ({"properties": {"l": {"contains": {"type": "string"}, "minContains": 2}}}, {"l": ["a", 2]}),
    ({"properties": {"l": {"contains": {"type": "string"}, "maxContains": 1}}}, {"l": ["a", "b", "c"]}),
    ({"properties": {"l": {"items": [{"type": "string"}], "additionalItems": False}}}, {"l": ["a", 1, 2]}),
    ({"properties": {"l": {"prefixItems": [{"type": "string"}], "items": False}}}, {"l": ["a", 1, 2]}),
    ({"properties": {"o": {"not": {"type": "string"}}}}, {"o": "x"}),
    ({"properties": {"o": {"allOf": [{"type": "string"}, {"minLength": 5}]}}}, {"o": "x"}),
    ({"properties": {"o": {"anyOf": [{"type": "string"}, {"type": "boolean"}]}}}, {"o": 1}),
    ({"properties": {"o": {"oneOf": [{"type": "string"}, {"type": "boolean"}]}}}, {"o": 1}),
    ({"properties": {"o": {"oneOf": [{"type": "number"}, {"type": "integer"}]}}}, {"o": 1}),
    ({"properties": {"o": {"if": {"type": "string"}, "then": {"minLength": 3}, "else": {"type": "boolean"}}}}, {"o": 5}),
    ({"dependencies": {"a": ["b"]}}, {"a": 1}),
    ({"dependentRequired": {"a": ["b", "c"]}}, {"a": 1}),
    ({"dependentSchemas": {"a": {"required": ["z"]}}}, {"a": 1}),
    ({"properties": {"f": False}}, {"f": 1}),
    ({"properties": {"e": {"format": "email"}}}, {"e": "not-an-email"}),
    ({"properties": {"e": {"format": "ipv4"}}}, {"e": "999.1.1.1"}),
    ({"properties": {"e": {"format": "date-time"}}}, {"e": "yesterday"}),
    ({"properties": {"e": {"format": "hostname"}}}, {"e": "-bad-.example"}),
    ({"properties": {"e": {"format": "hostname"}}}, {"e": "a_b.example"}),
    ({"properties": {"e": {"format": "email"}}}, {"e": "a..b@x.io"}),
    ({"properties": {"e": {"format": "email"}}}, {"e": "a@[1.2.3.999]"}),
    ({"properties": {"e": {"format": "email"}}}, {"e": "a@b_c"}),
    ({"properties": {"e": {"format": "ipv4"}}}, {"e": "1.2.3"}),
    ({"properties": {"e": {"format": "ipv4"}}}, {"e": "01.2.3.4"}),
    ({"properties": {"e": {"format": "ipv4"}}}, {"e": "a.2.3.4"}),
    ({"properties": {"e": {"format": "uuid"}}}, {"e": "1234"}),
    ({"properties": {"e": {"format": "uuid"}}}, {"e": "12345678-1234-1234-1234-12345678901z"}),
    ({"properties": {"e": {"format": "json-pointer"}}}, {"e": "a/b"}),
    ({"properties": {"e": {"format": "json-pointer"}}}, {"e": "/a~2"}),
    ({"properties": {"e": {"format": "relative-json-pointer"}}}, {"e": "01/a"}),
    ({"properties": {"e": {"format": "semver"}}}, {"e": "1.02.3"}),
    ({"properties": {"e": {"format": "semver"}}}, {"e": "1.2.3-a..b"}),
    ({"properties": {"e": {"format": "idn-hostname"}}}, {"e": "-x-"}),
    ({"properties": {"e": {"format": "no-such-format"}}}, {"e": "x"}),
    ({"$defs": {"port": {"type": "integer", "maximum": 65535}}, "properties": {"p": {"$ref": "#/$defs/port"}}}, {"p": 70000}),
    ({"definitions": {"port": {"type": "integer"}}, "properties": {"p": {"$ref": "#/definitions/port"}}}, {"p": "x"}),
    ({"properties": {"p": {"$ref": "#/definitions/missing"}}}, {"p": 1}),
    ({"properties": {"p": {"$ref": "urn:example:port"}}}, {"p": 1}),
    ({"properties": {"p": {"$ref": "other.json"}}}, {"p": 1}),
    ({"properties": {"a": {"type": "object", "properties": {"b": {"type": "array", "items": {"type": "object", "required": ["c"]}}}}}},
     {"a": {"b": [{"c": 1}, {}, {"d/e~f": 2}]}}),
    ({"patternProperties": {"^x-": {"type": "string"}}}, {"x-a": 1, "x-b": "ok"}),
    ({"unevaluatedProperties": False, "properties": {"a": {}}}, {"a": 1, "zz": 2}),
    ({"type": "object", "properties": {"big": {"type": "integer", "minimum": 1e21}}}, {"big": 12}),
]

BAD_SCHEMAS = [
    "", "   ", "{", "{\"type\": \"object\",}", "{} {}", "[]", "true", "false", "null", "42",
    "{\"type\": \"strnig\"}", "{\"type\": 5}", "{\"minimum\": \"ten\"}", "{\"required\": \"a\"}",
    "{\"properties\": []}", "{\"$schema\": \"urn:unknown:draft\"}",
    "{\"$schema\": 5}", "{\"pattern\": \"(\"}", "{\"$ref\": \"#/nope\"}", "\ufeff{}",
    "{\"a\": 1e999}", "{\"$id\": \"http://x/y#frag\"}",
]


def schema_cases():
    reqs = []
    for draft in DRAFTS:
        for sch, user in KEYWORD_CASES:
            reqs.append(render(S(sch, draft), {}, user))
    for bad in BAD_SCHEMAS:
        reqs.append(render(bad, {}, {"a": 1}))
    # Defaults from values.yaml, user values from --set (int64) and -f (float64).
    sch = S({"properties": {"replicas": {"type": "integer", "minimum": 1}, "image": {"type": "string"}}, "required": ["image"]})
    reqs.append(render(sch, None, {}, chart_values_yaml="replicas: 0\n"))
    reqs.append(render(sch, None, {"replicas": 2}, chart_values_yaml="image: x\nreplicas: 0\n"))
    reqs.append(render(sch, None, {"image": None}, chart_values_yaml="image: x\n"))
    reqs.append(render(sch, None, {}, skip=True, chart_values_yaml="replicas: 0\n"))
    # Subcharts: each schema against its part; non-map values; nested reports.
    sub_schema = S({"properties": {"port": {"type": "integer"}}, "required": ["port"]})
    sub = {"chart": {"name": "sub"}, "values": typed({"port": "80"}), "schema": sub_schema, "subcharts": []}
    subsub = {"chart": {"name": "subsub"}, "values": typed({}), "schema": S({"required": ["x"]}), "subcharts": []}
    sub2 = {"chart": {"name": "sub2"}, "values": typed({}), "schema": S({"required": ["y"]}), "subcharts": [subsub]}
    reqs.append(render(sch, {"image": "x"}, {}, [sub]))
    reqs.append(render(sch, {}, {}, [sub, sub2]))
    reqs.append(render(None, {}, {"sub": "not-a-map"}, [sub]))
    reqs.append(render(None, {"sub": "not-a-map"}, {}, [sub]))
    reqs.append(render(None, {}, {"sub": None}, [sub]))
    reqs.append(render(None, {}, {"sub": {"port": 8080}}, [sub]))
    # Helm's own test schemas.
    base = os.path.join(FIX, "pkg_chart_common_util_testdata")
    good = open(os.path.join(base, "test-values.schema.json")).read()
    invalid = open(os.path.join(base, "test-values-invalid.schema.json")).read()
    vals = open(os.path.join(base, "test-values.yaml")).read()
    neg = open(os.path.join(base, "test-values-negative.yaml")).read()
    reqs.append(render(good, None, {}, chart_values_yaml=vals))
    reqs.append(render(good, None, {}, chart_values_yaml=neg))
    reqs.append(render(invalid, None, {}, chart_values_yaml=vals))
    return reqs


if __name__ == "__main__":
    write("coalesce_helm.in.jsonl", helm_cases())
    write("coalesce_generated.in.jsonl", generated())
    write("merge_maps.in.jsonl", merge_maps())
    write("schema.in.jsonl", schema_cases())
