#!/usr/bin/env python3
"""Writes the kyaml vectors' requests (conformance/kyaml/*.in.jsonl):

- edge.in.jsonl: hand-picked cases (comments everywhere, flow styles, block scalars,
  anchors, multi-documents, compact and wide lists, no metadata, non-map documents, invalid
  YAML) through kyaml_postrender's three modes, and every input of go.yaml.in/yaml/v3's
  node_test.go (its comment and style cases) through `roundtrip`.
- values.in.jsonl: every values*.yaml of the corpus charts (comment-heavy) through `roundtrip`.
- generated.in.jsonl: random documents (nested maps and lists, flow collections, block
  scalars, anchors, head/line/foot comments at every indentation, blank lines; fixed seed):
  400 that kyaml round-trips and 50 it rejects (sorted with the oracle) through `roundtrip`,
  100 files sets through `merge` and 100 streams through `split`.
- split.in.jsonl: the merged output of ten corpus cases (recorded with the oracle when this
  script runs) through `split`, as an identity post-renderer hands it back.
- corpus.in.jsonl: every rendered template file of the corpus (the golden `helm template`
  outputs, split per `# Source:` file) all files of a case together through `merge`
  (one request per case; as Helm merges a release's files).

Run from the repository root: python3 conformance/kyaml/gen/vectors.py
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CORPUS = os.environ.get("RUDDER_CORPUS", "/work/shared/corpus")
V3 = os.path.expanduser("~/go/pkg/mod/go.yaml.in/yaml/v3@v3.0.4/node_test.go")


def go_string_tokens(expr):
    """The concatenation of the Go string literals in expr ("..." and `...`)."""
    out, i = [], 0
    while i < len(expr):
        c = expr[i]
        if c == '"':
            j = i + 1
            while expr[j] != '"':
                j += 2 if expr[j] == "\\" else 1
            out.append(json.loads(expr[i : j + 1].replace("\\x", "\\u00").replace("\\'", "'")))
            i = j + 1
        elif c == "`":
            j = expr.index("`", i + 1)
            out.append(expr[i + 1 : j])
            i = j + 1
        else:
            i += 1
    return "".join(out)


def v3_inputs():
    lines = open(V3).read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("var nodeTests"))
    inputs = []
    i = next(i for i in range(start, len(lines)) if lines[i] == "}{") + 1
    while i < len(lines) and not lines[i].startswith("}"):
        if lines[i] in ("\t{", "\t}, {"):
            expr = ""
            i += 1
            while True:
                expr += lines[i].strip() + "\n"
                if lines[i].rstrip().endswith(","):
                    break
                i += 1
            s = go_string_tokens(expr)
            if s.startswith("[encode]"):
                continue
            inputs.append(s.removeprefix("[decode]"))
        i += 1
    return inputs


EDGE = [
    "# head\nkind: A # line\nlist:\n    - 1\n    - 2\n# foot\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x # the name\n  # before annotations\n  annotations:\n    a: b # keep\ndata:\n  k: |\n    line1\n    line2\n",
    "a: [1, 2, {b: c}]\nd: {e: f, g: [h]}\n",
    "base: &b\n  x: 1\nuse: *b\nmerge:\n  <<: *b\n  y: 2\n",
    "kind: List\nitems:\n- kind: A\n- kind: B\n",
    "kind: List\nitems: []\n",
    "- a\n- b\n",
    "just a scalar\n",
    "~\n",
    "",
    "---\n---\n",
    "kind: A\n---\nkind: B\n--- # comment\nkind: C\n",
    "a: b\n--- x\nc: d\n",
    "a: [\n",
    "a: *missing\n",
    "key: 'single'\nother: \"double\"\nfold: >\n  folded\n  text\nkeep: |+\n  kept\n\n",
    "metadata:\n  annotations: {}\n",
    "metadata: {}\nkind: A\n",
    "metadata: null\n",
    "metadata: str\n",
    "metadata:\n  annotations: [a]\n",
    "metadata:\n  annotations:\n    postrenderer.helm.sh/postrender-filename: old\n",
    "spec:\n  containers:\n  - name: a\n    args:\n    - x\n    - y\n  - name: b\n",
    "spec:\n  containers:\n    - name: a\n      args:\n        - x\n",
    "metadata:\n  annotations:\n    internal.config.kubernetes.io/seqindent: wide\nl:\n- a\n",
    "a: 1\r\nb: 2\r\n",
    "!!map {a: !!str 1}\n",
    "n: 012\ns: \"012\"\nb: yes\nt: !custom x\n",
    "# only a comment\n",
    "a:\n  # head of b\n  b: 1\n  # foot of b\n\n# foot of a\nc: 2\n",
    "- # item comment\n  a: 1\n- b # line\n# trailing\n",
    "\ufeffkind: BOM\n",
    "%YAML 1.1\n---\nkind: Directive\n...\n",
    "kind: A\n...\n# after end\n",
    "kind: A\ndata:\n\tx: tab\n",
    "kind: A\nmetadata:\n  annotations:\n    config.kubernetes.io/index: '7'\n    config.k8s.io/id: '1'\n",
    "kind: A\nmetadata:\n  labels: {a: b}\n  annotations:\n    a: 'x' # c\n    b: |\n      multi\n      line\n",
    "kind: A\nmetadata:\n  annotations:\n    postrenderer.helm.sh/postrender-filename: 123\n",
    "kind: A\nmetadata:\n  annotations: ~\n",
    "kind: A\nmetadata:\n  name: n\n  annotations:\n    # only a comment\n",
    "apiVersion: v1\nkind: List\nmetadata: {}\nitems:\n- kind: A # c\n  metadata:\n    name: a\n- kind: B\n",
    "a: &x {b: 1}\nc: *x\n<<: {d: 2}\n",
    "key: \"line1\\nline2\"\nfolded: >\n  a\n\n  b\n",
    "---\n# doc head\n\n# key head\nkind: A\n---\n# only comments\n---\nkind: B # end\n",
    "kind: A\nlong: " + "x" * 200 + "\nunicode: \"é ü ☃\"\nemoji: 😀\n",
    "? complex key\n: value\n? [a, b]\n: c\n",
    "kind: A\nlist:\n- - nested\n  - seq\n- {flow: map}\n- ? k\n  : v\n",
]


def corpus_files():
    """{case: {file: content}} from the golden helm template outputs."""
    cases = {}
    for exp in sorted(glob.glob(os.path.join(CORPUS, "golden", "*", "expected.txt"))):
        case = os.path.basename(os.path.dirname(exp))
        text = open(exp, encoding="utf-8", errors="surrogateescape").read()
        files = {}
        for block in re.split(r"(?m)^---[ \t]*\n(?=# Source: )", text):
            m = re.match(r"# Source: (.*)\n", block)
            if not m:
                continue
            name, body = m.group(1), block[m.end():]
            files[name] = files[name] + "---\n" + body if name in files else body
        if files:
            cases[case] = files
    return cases


def gen_doc(rnd):
    """A random block document with comments everywhere."""
    out = []
    scalars = ["a", "b c", "'q'", '"dq"', "1", "true", "~", "x: y", "[1, 2]", "{k: v}", "&an v", "*an", "|\n  lit\n", ">-\n  fold\n  ed\n", "- z", ""]

    def comment():
        return "# " + rnd.choice(["c", "note", "x y", "", "#", "---"])

    def node(indent, depth, in_seq):
        pad = " " * indent
        kind = rnd.random()
        if depth > 3 or kind < 0.3:
            v = rnd.choice(scalars)
            if v.startswith("|") or v.startswith(">"):
                v = v.replace("\n  ", "\n" + pad + "  ")
            return " " + v + ((" " + comment()) if rnd.random() < 0.3 else "") + "\n"
        lines = ["" if rnd.random() < 0.5 else " " + comment()]
        n = rnd.randint(1, 4)
        seq = kind < 0.6
        sub = indent + rnd.choice([2, 4]) if not (seq and rnd.random() < 0.5 and not in_seq) else indent
        for i in range(n):
            r = rnd.random()
            if r < 0.25:
                lines.append("\n" + " " * rnd.choice([0, sub, sub + 2]) + comment())
            if r > 0.85:
                lines.append("\n")
            key = ("- " if seq else rnd.choice(["k", "key", "x-y", "'q k'"]) + str(i) + ":")
            lines.append("\n" + " " * sub + key + node(sub + 2, depth + 1, seq).rstrip("\n"))
        if rnd.random() < 0.3:
            lines.append("\n" + " " * rnd.choice([0, indent, sub]) + comment())
        return "".join(lines) + "\n"

    head = (comment() + "\n" + ("\n" if rnd.random() < 0.5 else "")) if rnd.random() < 0.5 else ""
    body = "anchor: &an v\n" + "".join(
        ((comment() + "\n") if rnd.random() < 0.2 else "")
        + rnd.choice(["kind", "apiVersion", "metadata", "spec", "data", "items"])
        + str(i) + ":" + node(2, 1, False)
        for i in range(rnd.randint(1, 4))
    )
    foot = ("\n" + comment() + "\n") if rnd.random() < 0.3 else ""
    return head + body + foot


def write(path, reqs):
    with open(path, "w") as f:
        for r in reqs:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")


def main():
    out = os.path.join(ROOT, "conformance", "kyaml")
    reqs = []
    for i, text in enumerate(EDGE):
        reqs.append({"id": f"edge-{i}-roundtrip", "op": "kyaml_postrender", "mode": "roundtrip", "data": text})
        reqs.append({"id": f"edge-{i}-merge", "op": "kyaml_postrender", "mode": "merge", "files": {"c/templates/x.yaml": text}})
        reqs.append({"id": f"edge-{i}-split", "op": "kyaml_postrender", "mode": "split", "data": text, "prefix": "pre" if i % 2 else ""})
    for i, text in enumerate(v3_inputs()):
        reqs.append({"id": f"v3-{i}", "op": "kyaml_postrender", "mode": "roundtrip", "data": text})
    write(os.path.join(out, "edge.in.jsonl"), reqs)

    reqs = []
    for case, files in corpus_files().items():
        reqs.append({"id": case, "op": "kyaml_postrender", "mode": "merge", "files": files})
    write(os.path.join(out, "corpus.in.jsonl"), reqs)

    reqs, seen = [], set()
    for f in sorted(glob.glob(os.path.join(CORPUS, "charts", "**", "values*.yaml"), recursive=True)):
        text = open(f, encoding="utf-8", errors="surrogateescape").read()
        if text in seen:
            continue
        seen.add(text)
        reqs.append({"id": os.path.relpath(f, os.path.join(CORPUS, "charts")), "op": "kyaml_postrender", "mode": "roundtrip", "data": text})
    write(os.path.join(out, "values.in.jsonl"), reqs)

    import random
    import subprocess
    oracle = subprocess.run([os.path.join(ROOT, "tools", "oracle.sh")], capture_output=True, text=True, check=True).stdout.strip()

    def parses(docs):
        """Which texts kio.ParseAll + StringAll accepts (asked to the oracle)."""
        reqs = [json.dumps({"id": i, "op": "kyaml_postrender", "mode": "roundtrip", "data": d}) for i, d in enumerate(docs)]
        res = subprocess.run([oracle], input="\n".join(reqs) + "\n", capture_output=True, text=True, check=True).stdout
        return [json.loads(l)["ok"] for l in res.splitlines()]

    # Most random documents are invalid YAML; keep 400 that round-trip and 50 that do not.
    rnd = random.Random(20261122)
    candidates = [gen_doc(rnd) for _ in range(3000)]
    ok = parses(candidates)
    good = [d for d, k in zip(candidates, ok) if k]
    bad = [d for d, k in zip(candidates, ok) if not k]
    reqs = []
    for i, text in enumerate(good[:400] + bad[:50]):
        reqs.append({"id": f"gen-{i}", "op": "kyaml_postrender", "mode": "roundtrip", "data": text})
    pool = good[400:]
    for i in range(100):
        pick = lambda: pool[rnd.randrange(len(pool))]
        files = {f"c/templates/t{j}.yaml": pick() + ("---\n" + pick() if rnd.random() < 0.3 else "") for j in range(rnd.randint(1, 3))}
        reqs.append({"id": f"gen-merge-{i}", "op": "kyaml_postrender", "mode": "merge", "files": files})
        reqs.append({"id": f"gen-split-{i}", "op": "kyaml_postrender", "mode": "split", "prefix": "p" if i % 2 else "", "data": "---\n".join(pick() for _ in range(rnd.randint(1, 3)))})
    write(os.path.join(out, "generated.in.jsonl"), reqs)

    # split: what the oracle merged, handed back by an identity post-renderer.
    cases = list(corpus_files().items())[::7][:10]
    merge_reqs = [json.dumps({"id": c, "op": "kyaml_postrender", "mode": "merge", "files": f}) for c, f in cases]
    res = subprocess.run([oracle], input="\n".join(merge_reqs) + "\n", capture_output=True, text=True, check=True).stdout
    reqs = []
    for line in res.splitlines():
        r = json.loads(line)
        if r["ok"]:
            reqs.append({"id": r["id"], "op": "kyaml_postrender", "mode": "split", "prefix": "", "data": r["out"]})
    write(os.path.join(out, "split.in.jsonl"), reqs)
    print(f"edge and corpus requests written", file=sys.stderr)


main()
