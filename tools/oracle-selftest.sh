#!/usr/bin/env bash
# Proves the oracle's batch mode at scale: generates 10,000 varied go_template and helm_template
# cases (deterministic, seeded), pipes them all through ONE oracle process, and checks that
# exactly one response per case comes back, in order, with the matching id, and that none of
# them is a recovered panic. Prints the count and the time taken.
#
#   tools/oracle-selftest.sh [COUNT]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

count=${1:-10000}
oracle=$("$RUDDER_ROOT/tools/oracle.sh")
work=$(mktemp -d)
[ -n "${ORACLE_SELFTEST_KEEP:-}" ] && log "keeping $work" || trap 'rm -rf "$work"' EXIT

python3 - "$count" >"$work/in.jsonl" <<'PY'
import json, random, sys

count = int(sys.argv[1])
rng = random.Random(20240501)

def typed(v):
    """A Python value as the oracle's typed-value JSON."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return {rng.choice(["int", "int64", "int32"]): str(v)}
    if isinstance(v, float):
        return {"float64": repr(v)}
    if isinstance(v, list):
        return {"list": [typed(x) for x in v]}
    if isinstance(v, dict):
        return {"map": {k: typed(x) for k, x in v.items()}}
    raise TypeError(v)

words = ["alpha", "beta", "gamma", "on", "yes", "No", "007", "1e3", "<b>", "a b", "", "ü"]

def rand_scalar():
    return rng.choice([
        lambda: rng.randint(-10**6, 10**6),
        lambda: rng.choice([0.5, 1e6, 1e21, -2.25, 3.0]),
        lambda: rng.choice(words),
        lambda: rng.choice([True, False]),
        lambda: None,
    ])()

def rand_data(depth=0):
    d = {}
    for k in rng.sample(["a", "b", "c", "name", "list", "nested"], rng.randint(1, 5)):
        if k == "list":
            d[k] = [rand_scalar() for _ in range(rng.randint(0, 4))]
        elif k == "nested" and depth < 2:
            d[k] = rand_data(depth + 1)
        else:
            d[k] = rand_scalar()
    return d

go_snippets = [
    "{{ .a }}", "{{ .b }}-{{ .c }}", "{{ printf \"%v|%T\" .a .a }}", "{{ range .list }}[{{ . }}]{{ end }}",
    "{{ range $i, $v := .list }}{{ $i }}={{ $v }};{{ else }}empty{{ end }}", "{{ len .list }}",
    "{{ if .a }}T{{ else }}F{{ end }}", "{{ with .nested }}{{ .a }}{{ end }}", "{{ index . \"name\" }}",
    "{{ 1e6 }} {{ 0x10 }} {{ 'a' }} {{ 1.5 }}", "{{ print .a .b }}", "{{ println .a }}", "{{ html .name }}",
    "{{ js .name }}", "{{ urlquery .name }}", "{{ eq .a .b }}", "{{ lt 1 2 }}", "{{ and .a .b }}|{{ or .a .b }}",
    "{{ not .c }}", "{{ .missing.deeper }}", "{{ index .list 10 }}", "{{ slice \"abcdef\" 1 3 }}",
    "{{- \" trimmed \" -}}", "{{/* comment */}}x", "{{ $x := 1 }}{{ $x = 2 }}{{ $x }}", "{{ call .a }}",
    "{{ if }}", "{{ range }}", "{{ template \"missing\" }}", "{{ break }}", "{{ .a.b.c }}",
]

helm_snippets = [
    "{{ .Values.a | toYaml }}", "{{ toJson .Values }}", "{{ .Values | toYamlPretty }}", "{{ .Values | toToml }}",
    "{{ .Release.Name }}/{{ .Release.Namespace }}/{{ .Release.Revision }}", "{{ .Chart.Name }}-{{ .Chart.Version }}",
    "{{ default \"dflt\" .Values.missing }}", "{{ .Values.a | quote }}", "{{ upper (toString .Values.b) }}",
    "{{ include \"helper\" . }}", "{{ tpl \"{{ .Release.Name }}\" . }}", "{{ required \"a is required\" .Values.a }}",
    "{{ fail \"stop\" }}", "{{ .Values.list | join \",\" }}", "{{ dict \"k\" .Values.a | toJson }}",
    "{{ list 1 2 3 | last }}", "{{ .Values.nested | toYaml | nindent 2 }}", "{{ semverCompare \">=1.20\" .Capabilities.KubeVersion.Version }}",
    "{{ .Capabilities.APIVersions.Has \"apps/v1\" }}", "{{ trunc 3 \"abcdef\" }}", "{{ b64enc \"hello\" }}",
    "{{ sha256sum \"x\" }}", "{{ fromYaml \"a: [\" | toJson }}", "{{ fromJson \"{\\\"a\\\":1}\" | toJson }}",
    "{{ lookup \"v1\" \"Pod\" \"ns\" \"name\" | toJson }}", "{{ int64 .Values.a }}", "{{ typeOf .Values.a }}",
    "{{ kindOf .Values.list }}", "{{ .Values.a | toString | len }}", "{{ if }}", "{{ .Values.missing.deep }}",
]

helper = {"name": "templates/_helpers.tpl", "text": "{{ define \"helper\" }}helper:{{ .Chart.Name }}{{ end }}"}

def yaml_scalar(v):
    if v is None: return "null"
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, (int, float)): return repr(v)
    return json.dumps(v)

def yaml_of(d, indent=0):
    out = []
    pad = " " * indent
    for k, v in d.items():
        if isinstance(v, dict):
            out.append(f"{pad}{k}:")
            out.append(yaml_of(v, indent + 2) if v else f"{pad}  {{}}")
        elif isinstance(v, list):
            out.append(f"{pad}{k}: [{', '.join(yaml_scalar(x) for x in v)}]")
        else:
            out.append(f"{pad}{k}: {yaml_scalar(v)}")
    return "\n".join(out)

for i in range(count):
    case_id = f"selftest-{i}"
    if i % 2 == 0:
        text = "".join(rng.choice(go_snippets) for _ in range(rng.randint(1, 3)))
        req = {"id": case_id, "op": "go_template", "template": text, "data": typed(rand_data())}
        if rng.random() < 0.2:
            req["options"] = [rng.choice(["missingkey=zero", "missingkey=error", "missingkey=default"])]
    else:
        text = "\n".join(rng.choice(helm_snippets) for _ in range(rng.randint(1, 3)))
        req = {"id": case_id, "op": "helm_template",
               "templates": [{"name": "templates/cm.yaml", "text": text}, helper],
               "strict": rng.random() < 0.1, "lint_mode": rng.random() < 0.1,
               "release": {"name": rng.choice(["rel", "release-name", "x"]), "namespace": rng.choice(["default", "ns1"])}}
        vals = rand_data()
        if rng.random() < 0.5:
            req["values_yaml"] = yaml_of(vals) + "\n"
        else:
            req["values"] = typed(vals)
        if rng.random() < 0.2:
            req["kube_version"] = rng.choice(["1.19.0", "v1.30.2", "1.33.4-gke.1245000"])
    print(json.dumps(req))
PY

start=$(date +%s.%N)
"$oracle" <"$work/in.jsonl" >"$work/out.jsonl"
end=$(date +%s.%N)

python3 - "$work/in.jsonl" "$work/out.jsonl" "$count" "$start" "$end" <<'PY'
import json, sys
inp, outp, count, start, end = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
reqs = [json.loads(l) for l in open(inp, encoding="utf-8")]
resps = [json.loads(l) for l in open(outp, encoding="utf-8")]
problems = []
if len(reqs) != count:
    problems.append(f"generated {len(reqs)} cases, expected {count}")
if len(resps) != len(reqs):
    problems.append(f"{len(resps)} responses for {len(reqs)} requests")
stats = {"ok": 0, "error": 0, "panic": 0}
for n, (q, r) in enumerate(zip(reqs, resps)):
    if r.get("id") != q["id"]:
        problems.append(f"response {n}: id {r.get('id')!r}, expected {q['id']!r}")
        break
    if "panic" in r:
        stats["panic"] += 1
        problems.append(f"{q['id']}: panic: {r['panic']}")
    elif r.get("ok") is True:
        stats["ok"] += 1
    elif r.get("ok") is False and isinstance(r.get("error"), str) and r.get("phase") != "request":
        stats["error"] += 1
    else:
        problems.append(f"{q['id']}: malformed or request-level failure: {r}")
for p in problems[:20]:
    print("selftest:", p, file=sys.stderr)
secs = end - start
print(f"oracle selftest: {len(resps)}/{count} responses with matching ids in {secs:.2f}s "
      f"({len(resps)/secs:.0f} cases/s; {stats['ok']} ok, {stats['error']} Go errors, {stats['panic']} panics)")
sys.exit(1 if problems else 0)
PY
