#!/usr/bin/env python3
"""Writes the kyaml vectors' requests (conformance/kyaml/*.in.jsonl):

- edge.in.jsonl: hand-picked cases (comments everywhere, flow styles, block scalars,
  anchors, multi-documents, compact and wide lists, no metadata, non-map documents, invalid
  YAML) through kyaml_postrender's three modes, and every input of go.yaml.in/yaml/v3's
  node_test.go (its comment and style cases) through `roundtrip`.
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
    print(f"edge and corpus requests written", file=sys.stderr)


main()
