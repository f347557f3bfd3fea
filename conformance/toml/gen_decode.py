#!/usr/bin/env python3
"""Writes conformance/toml/decode.in.jsonl: `fromToml` (BurntSushi/toml v1.6.0 `toml.Unmarshal`
into a map) on one or a few documents per rule of the TOML grammar and its errors, then on
documents built from those pieces and mutated (seeded, deterministic).

Then: tools/conformance-regen.sh conformance/toml
"""
import json, os, random

HERE = os.path.dirname(os.path.abspath(__file__))

RULES = [
    # keys
    'a = 1', 'bare_key-1 = 1', '"quoted key" = 1', "'literal key' = 1", '"" = 1', "'' = 1",
    'a.b.c = 1', 'a . b = 1', '"a.b" = 1', 'a."b.c".d = 1', '1234 = 1', '1.2 = 1', 'true = 1',
    'inf = 1', 'a.b = 1\na.c = 2', 'a = 1\na = 2', 'a.b = 1\na = 2', 'a = 1\na.b = 2',
    '= 1', 'a =', 'a', 'a b = 1', 'a = 1 b = 2', 'é = 1', '"é\\u00e9" = 1', '"\\x" = 1',
    # strings
    'a = "basic"', 'a = "tab\\tnl\\nq\\"bs\\\\"', 'a = "\\u00e9\\U0001F600"', 'a = "\\ud800"',
    'a = "\\q"', 'a = "open', "a = 'literal \\n'", "a = 'open", 'a = """\nmulti\nline"""',
    'a = """\\\n   folded \\\n   text"""', 'a = """a""""', 'a = """a"""""', 'a = """a""""""',
    "a = '''\nraw\\n'''", "a = '''a''''", "a = '''a'''''", 'a = "x\ny"', 'a = "\x01"',
    'a = "\x7f"', 'a = "tab\there"', 'a = """\r\n"""', 'a = ""', "a = ''",
    # integers
    'a = 0', 'a = +1', 'a = -1', 'a = 1_000', 'a = 1__0', 'a = _1', 'a = 1_', 'a = 01',
    'a = 0x1F', 'a = 0xdead_beef', 'a = 0o17', 'a = 0b101', 'a = 0X1', 'a = +0x1', 'a = 0x',
    'a = 9223372036854775807', 'a = 9223372036854775808', 'a = -9223372036854775808',
    'a = -9223372036854775809', 'a = 0xFFFFFFFFFFFFFFFF', 'a = -0', 'a = +0',
    # floats
    'a = 1.5', 'a = -0.0', 'a = 1e3', 'a = 1E-3', 'a = 1.5e+3', 'a = 6.626e-34', 'a = 1_0.5',
    'a = 1.', 'a = .5', 'a = 1.e3', 'a = 1e', 'a = inf', 'a = +inf', 'a = -inf', 'a = nan',
    'a = +nan', 'a = -nan', 'a = 1e400', 'a = 3.14159265358979323846', 'a = 0.1', 'a = 1e-400',
    'a = 00.5', 'a = 1.5_', 'a = Inf', 'a = NaN',
    # booleans and bad bare values
    'a = true', 'a = false', 'a = True', 'a = yes', 'a = null', 'a = bare',
    # dates and times
    'a = 1979-05-27T07:32:00Z', 'a = 1979-05-27T00:32:00-07:00', 'a = 1979-05-27T00:32:00.999999+07:00',
    'a = 1979-05-27 07:32:00Z', 'a = 1979-05-27t07:32:00z', 'a = 1979-05-27T07:32:00',
    'a = 1979-05-27T00:32:00.999999', 'a = 1979-05-27', 'a = 07:32:00', 'a = 00:32:00.999999',
    'a = 1979-05-27T07:32Z', 'a = 1979-13-27', 'a = 1979-02-30', 'a = 1979-05-27T25:00:00',
    'a = 1979-05-27T07:32:60Z', 'a = 2000-02-29', 'a = 2001-02-29', 'a = 1979-05-27T07:32:00.123456789123Z',
    'a = 07:32', 'a = 1979-05', 'a = 1979-05-27T07:32:00+24:00',
    # arrays
    'a = []', 'a = [1, 2, 3]', 'a = [1, "x", 1.5, true]', 'a = [[1, 2], ["a"]]', 'a = [\n  1,\n  2,\n]',
    'a = [1,,2]', 'a = [,]', 'a = [1 2]', 'a = [', 'a = [1, # c\n 2]', 'a = [{x = 1}, {y = 2}]',
    # inline tables
    'a = {}', 'a = {x = 1, y = "z"}', 'a = {x.y = 1}', 'a = {x = 1,}', 'a = {x = 1\n}',
    'a = {x = 1, x = 2}', 'a = {x = {y = 1}}', 'a = {x = 1}\na.y = 2', 'a = {x = 1}\n[a]\ny = 2',
    'a = {x = [1, {y = 2}]}', 'a = {', 'a = {x}',
    # tables
    '[t]\na = 1', '[t]\n[t]', '[t.u]\na = 1\n[t]\nb = 2', '[t]\n[t.u]\n[t.u]', '[ t . u ]\na = 1',
    '["q"]\na = 1', '[]\na = 1', '[t', '[t]]', '[t] x', '[t] # c\na = 1', 'a = 1\n[a]',
    '[a.b]\n[a]\nb = 1', '[a]\nb.c = 1\n[a.b]\nd = 2', '[a]\nb.c = 1\n[a.b.c]', '[a.b.c]\n[a]\nb.d = 1',
    # arrays of tables
    '[[t]]\na = 1\n[[t]]\na = 2', '[[t]]\n[t.u]\nx = 1', '[[t]]\n[[t.u]]\nx = 1\n[[t]]',
    '[t]\n[[t]]', '[[t]]\n[t]', 'a = []\n[[a]]', '[[t]', '[[ t ]]\na = 1', '[[t.u]]\n[t]\nv = 1',
    # whitespace, comments, line endings, encoding
    '# only a comment', '', '\n\n', 'a = 1 # c', 'a = 1\r\nb = 2\r\n', 'a = 1\rb = 2',
    '\ufeffa = 1', 'a = 1\n\ufeffb = 2', 'a = "x" # c "y"', '  a = 1', '\ta\t=\t1', 'a = 1\x00',
    '# c \x01', 'a = 1\n# c\n\n[t] # c\nb = 2 # c',
]

PIECES = [
    'a = 1', 'b = "s"', 'c = 1.5', 'd = true', 'e = 1979-05-27', 'f = [1, 2]', 'g = {x = 1}',
    '[t]', '[t.u]', '[[arr]]', 'x.y = 2', '"k" = 3', "'l' = 'v'", 'h = """m\nl"""', '# c',
    'n = -0x1', 'i = inf', 'z = 07:32:00', 'w = [[1], ["a"]]', '[u]', 'v = {a.b = 1, c = [1]}',
]
NOISE = list('=[]{}".\',#\n\\ 01aé_-+:') + ['"""', "'''", 'inf', '[[', ']]', '\t', '\r\n']


def generated(n, seed):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        lines = [rng.choice(PIECES) for _ in range(rng.randint(1, 6))]
        doc = '\n'.join(lines) + rng.choice(['\n', '', '\n\n'])
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            at = rng.randint(0, len(doc))
            if rng.random() < 0.6:
                doc = doc[:at] + rng.choice(NOISE) + doc[at:]
            else:
                doc = doc[:at] + doc[at + 1:]
        out.append(doc)
    return out


def main():
    docs = list(RULES) + generated(1500, 7)
    seen, reqs = set(), []
    for d in docs:
        if d in seen:
            continue
        seen.add(d)
        reqs.append({"id": "d%d" % len(reqs), "op": "toml_decode", "data": d})
    with open(os.path.join(HERE, "decode.in.jsonl"), "w", encoding="utf-8") as f:
        f.write("# fromToml (toml.Unmarshal into map[string]interface{}): one or a few documents per\n")
        f.write("# rule of the grammar and its errors, then generated and mutated documents (gen_decode.py).\n")
        for r in reqs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(len(reqs), "requests")


if __name__ == "__main__":
    main()
