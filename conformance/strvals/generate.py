#!/usr/bin/env python3
"""Writes the strvals request files (run from anywhere; deterministic).

  helm_tables.in.jsonl  every string literal of Helm v4.2.4's pkg/strvals tests, through
                        each parser (the expected results come from the oracle, not from
                        the test tables' own expectations)
  grammar.in.jsonl      hand-written cases: one or more per grammar rule, limit and error,
                        and merges into typed bases (the *_into funcs)
  generated.in.jsonl    random lines over the grammar's alphabet (seeded), every parser

Then: tools/conformance-regen.sh conformance/strvals
"""
import json, os, random, re, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
MIRROR = "/work/.mirror/helm+helm/repo"


def helm_literals():
    out = []
    for f in ["pkg/strvals/parser_test.go", "pkg/strvals/literal_parser_test.go"]:
        src = subprocess.run(["git", "-C", MIRROR, "show", "v4.2.4:" + f],
                             capture_output=True, text=True, check=True).stdout
        # Go interpreted strings "..." (with escapes) and raw strings `...`.
        for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"|`([^`]*)`', src):
            if m.group(1) is not None:
                s = json.loads('"' + m.group(1).replace("\\'", "'") + '"')
            else:
                s = m.group(2)
            out.append(s)
    seen, uniq = set(), []
    for s in out:
        if s not in seen:
            seen.add(s)
            uniq.append(s)
    return uniq


FRESH = ["parse", "parse_string", "parse_literal"]
INTO = ["parse_json"]


def write(name, reqs):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        for i, r in enumerate(reqs):
            r = dict(r)
            r["id"] = i
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")


def all_funcs(line, files=None):
    reqs = [{"op": "strvals", "func": fn, "data": line} for fn in FRESH + INTO]
    reqs.append({"op": "strvals", "func": "parse_file", "data": line, "files": files or {}})
    return reqs


def helm_tables():
    reqs = []
    for s in helm_literals():
        reqs += all_funcs(s)
    return reqs


I = lambda n: {"int64": str(n)}
F = lambda n: {"float64": str(n)}
M = lambda d, t=None: ({"map": d, "type": t} if t else {"map": d})
L = lambda *xs: {"list": list(xs)}

GRAMMAR_LINES = [
    # typing
    "a=1", "a=0", "a=-3", "a=+3", "a=+0", "a=-0", "a=00", "a=1.5", "a=1e3", "a=007",
    "a=9223372036854775807", "a=9223372036854775808", "a=-9223372036854775808",
    "a=-9223372036854775809", "a=0x10", "a=1_000", "a=TRUE", "a=tRuE", "a=false", "a=Null",
    "a=NULL", "a=nil", "a=yes", "a=on", "a=", "a= sp ", "a=\u017fomething", "a=fal\u017fe",
    "a=tru\u212a", "a=\u0131", "a=x=y", "a==", "a=1=", "a=\\,", "a=x\\,y", "a=\\", "a=x\\",
    "a\\.b=1", "a\\=b=1", "a\\[0]=1", "\\a=1", "a=\\{x}", "a=日本", "日本=語",
    # separators and empties
    "a", "a,", "a=1,", "a=1,,b=2", ",a=1", ",", "=", "=1", "=1,a=2", ".a=1", "a.=1", "a..b=1",
    "a.b", "a.b.", "a.b=", "a=1,b", "a=1,b.c", "a b=1", " a=1", "a=1 ,b=2",
    # lists
    "a={}", "a={,}", "a={a,b}", "a={1,b,true}", "a={null}", "a={a}b", "a={a},b=1", "a={a}x,b=1",
    "a={1,2", "a={", "a={a\\,b,c}", "a={a\\}b}", "a[0]=1", "a[2]=x", "a[0]=1,a[3]=4",
    "a[1]=1,a[0]=0", "a[0]", "a[0]=", "a[0]={x,y}", "a[0][1]=x", "a[1][0]=x,a[1][2]=y",
    "a[0].b=1,a[0].c=2", "a[1].b=1,a[0].c=2", "a[0].b[1].c=1", "a[0].b.c[2]=z",
    "a[1", "a[", "a[]=1", "a[x]=1", "a[-1]=1", "a[+1]=1", "a[ 1]=1", "a[1 ]=1", "a[01]=1",
    "a[1]]=1", "a[0]x=1", "a[0]xy.z=1", "a[0]].b=1", "a[65536]=1", "a[65537]=1",
    "a[99999999999999999999]=1", "a[0][65537]=1", "a[0][-1]=x", "a[0][x]=1",
    "a[0].=1", "a[0]..b=1", "a[0].b", "a[0][1]", "a[1\\]]=1",
    # type clashes (Go panics, recovered)
    "a=1,a.b=2", "a=1,a[0]=2", "a.b=1,a[0]=2", "a[0]=1,a.b=2", "a=null,a.b=1", "a=null,a[0]=1",
    "a[0]=1,a[0].b=2", "a[0]=1,a[0][0]=2", "a[0].b=1,a[0][0]=2", "a[0][0]=1,a[0].b=2",
    "a={x},a[1]=y", "a.b=x,a.b.c=y", "a.b[0]=1,a.b.c=2",
    # nesting limits
    ".".join("k%d" % i for i in range(31)) + "=1",
    ".".join("k%d" % i for i in range(32)) + "=1",
    ".".join("k%d" % i for i in range(32)),
    "a" + "[0]" * 40 + "=deep",
    "a" + "[0].b" * 29 + "=1", "a" + "[0].b" * 31 + "=1",
    # JSON values
    "a=1b=2", "a={\"x\":[1,2]},b=null", "a=\"s\", b = 2", "a=tru", "a=x", "a=[1,", "a=1.",
    "a=-", "a=1e999", "a={\"k\":1}}", "a= \t 5 ,b=6", "a=\u00a05", "a=\"\\u00e9\"", "a=\"\\ud800\"",
    "a=[]", "a={}", "a=\"\x01\"", "a[0]={\"b\":1}", "a[1]=2,a[0]=", "a=1,,b=2", "a=nul",
    "a=1 2", "a=[1 2]", "a={\"a\" 1}", "a=\"x", "a=0123", "a=-0", "a=1E+2", "a=.5",
    "a=\"\\q\"", "a=\"\\u12g4\"", "a=tRue", "a=[" * 3 + "]" * 3,
]

BASES = [
    M({}),
    M({"a": I(1)}),
    M({"a": None}),
    M({"a": "s"}),
    M({"a": M({"b": I(1)})}),
    M({"a": M(None)}),
    M({"a": M({"x": "y"}, "map[string]string")}),
    M({"a": M({"x": "y"}, "common.Values")}),
    M({"a": L(I(1), I(2), I(3))}),
    M({"a": {"list": None}}),
    M({"a": {"strings": ["x"]}}),
    M({"a": L(L(I(1)), None, M({"b": F(1.5)}))}),
    M({"a": L(M(None))}),
    M({"a": F(2.5)}),
    M({"a": True}),
]

INTO_LINES = [
    "a=1", "a.b=2", "a[0]=x", "a[1]=x", "a[0].b=1", "a[1].c=1", "a[0][0]=z", "a[2][0]=z",
    "a[1][1]=z", "a.c=1", "a=null", "a[5]=x", "a[0]x=1", "a[1].b=1,a[0]x=1", "a[0][0]x=1",
    "a[2].b=1,bad", "a.b.c=1", "b=1",
]


def grammar():
    reqs = []
    for line in GRAMMAR_LINES:
        reqs += all_funcs(line)
    reqs.append({"op": "strvals", "func": "to_yaml", "data": "a.b=1,c={x,y},d[1]=true,e=1.5"})
    reqs.append({"op": "strvals", "func": "to_yaml", "data": "a="})
    reqs.append({"op": "strvals", "func": "to_yaml", "data": "a"})
    for base in BASES:
        for line in INTO_LINES:
            for fn in ["parse_into", "parse_into_string", "parse_literal_into", "parse_json"]:
                reqs.append({"op": "strvals", "func": fn, "data": line, "base": base})
    files = {"f1": "one", "f2": "two\nlines\n", "": "empty-name", "dir/f3": "3", "f,4": "comma"}
    for line in ["a=f1", "a=f1,b=f2", "a={f1,f2}", "a[1]=f2", "a=missing", "a=f1,b=missing,c=f2",
                 "a={f1,missing}", "a=", "a=dir/f3", "a=f\\,4", "a[0]=missing", "a.b=f1",
                 "a={}", "a={missing}x"]:
        reqs.append({"op": "strvals", "func": "parse_file", "data": line, "files": files})
        reqs.append({"op": "strvals", "func": "parse_into_file", "data": line, "files": files,
                     "base": M({"a": I(1)})})
    return reqs


def generated(n=3000, seed=4):
    rng = random.Random(seed)
    alphabet = list("ab=.,[]{}\\01-9 ") + ["\"", "x", "true", "null", "{\"k\":", "[1", "]", "é"]
    reqs = []
    for _ in range(n):
        k = rng.randint(1, 14)
        line = "".join(rng.choice(alphabet) for _ in range(k))
        reqs += all_funcs(line)
    return reqs


if __name__ == "__main__":
    write("helm_tables.in.jsonl", helm_tables())
    write("grammar.in.jsonl", grammar())
    write("generated.in.jsonl", generated())
