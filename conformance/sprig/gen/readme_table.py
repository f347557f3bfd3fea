#!/usr/bin/env python3
"""Rewrites the function table in crates/rudder-sprig/README.md (between the
`<!-- functions -->` markers): every Sprig function Helm exposes, with the number of
conformance vectors that call it and the number that call it *without* a Go parse error,
counted from conformance/sprig/*.in.jsonl and *.out.jsonl.

    python3 conformance/sprig/gen/readme_table.py
"""

import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
VEC = os.path.join(ROOT, "conformance", "sprig")
README = os.path.join(ROOT, "crates", "rudder-sprig", "README.md")
COVERAGE = os.path.join(ROOT, "crates", "rudder-sprig", "tests", "coverage.rs")

names = re.findall(r'^    "([A-Za-z_0-9]+)",$', open(COVERAGE).read(), re.M)
counts = {n: 0 for n in names}
errors = {n: 0 for n in names}
ident = re.compile(r'(?<![\w.$"])([A-Za-z_][A-Za-z0-9_]*)\b')
strings = re.compile(r'"(?:\\.|[^"\\])*"|`[^`]*`')
areas = {}
for f in sorted(os.listdir(VEC)):
    if not f.endswith(".in.jsonl"):
        continue
    area = f[: -len(".in.jsonl")]
    outs = {}
    with open(os.path.join(VEC, area + ".out.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            outs[json.dumps(r["id"])] = r
    with open(os.path.join(VEC, f), encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            req = json.loads(line)
            areas[area] = areas.get(area, 0) + 1
            resp = outs[json.dumps(req["id"])]
            used = set()
            for action in re.findall(r"\{\{(.*?)\}\}", req.get("template", ""), re.S):
                used |= set(ident.findall(strings.sub("", action)))
            for n in used & counts.keys():
                counts[n] += 1
                if not resp["ok"]:
                    errors[n] += 1

total = sum(areas.values())
rows = ["| function | status | vectors | of which errors |", "|---|---|---:|---:|"]
for n in sorted(names, key=str.lower):
    rows.append(f"| `{n}` | done | {counts[n]} | {errors[n]} |")
table = "\n".join(rows)
summary = (f"{len(names)} functions, all implemented; {total} vectors in {len(areas)} areas "
           f"({', '.join(f'{a} {c}' for a, c in sorted(areas.items()))}); "
           f"{sum(counts.values()) / len(names):.1f} vectors per function on average "
           f"(a vector that calls several functions counts for each).")
text = open(README, encoding="utf-8").read()
start, end = "<!-- functions -->", "<!-- /functions -->"
new = f"{start}\n{summary}\n\n{table}\n{end}"
text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: new, text, flags=re.S)
open(README, "w", encoding="utf-8").write(text)
print(summary)
