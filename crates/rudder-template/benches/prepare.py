#!/usr/bin/env python3
"""Writes the benchmark cases (benches/cases/*.json) from charts of the shared corpus.

Each case is one chart's templates (and its dependencies' helpers) parsed into one set, the
template to execute, and the chart's values (loaded by Helm's own loader through the oracle)
in Helm's data map. Only templates that parse and execute with the benchmark's function
stand-ins (tools/oracle/template_bench.go, benches/corpus.rs) are kept, checked by running
them once through Go's text/template.

    python3 crates/rudder-template/benches/prepare.py [/work/shared/corpus/charts]
"""
import json, os, subprocess, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus/charts"
CHARTS = [
    "bitnami__charts/bitnami__nginx",
    "bitnami__charts/bitnami__redis",
    "bitnami__charts/bitnami__postgresql",
    "grafana-community__helm-charts/charts__grafana",
    "argoproj__argo-helm/charts__argo-cd",
    "cert-manager__cert-manager/deploy__charts__cert-manager",
    "DandyDeveloper__charts/charts__redis-ha--4.38.0",
    "elastic__helm-charts/elasticsearch",
    "grafana__helm-charts/charts__promtail",
    "hashicorp__vault-helm/root",
]

# Sprig and Helm functions the stand-ins do not cover: stubs returning their first argument,
# registered the same way on both sides.
STUBS = ["tpl", "mergeOverwrite", "merge", "int", "int64", "coalesce", "sha256sum", "has", "set", "unset", "pick", "omit", "lookup",
         "genCA", "fail", "append", "typeIs", "kindIs", "toJson", "toRawJson", "mustRegexReplaceAllLiteral", "regexReplaceAll",
         "regexFind", "concat", "until", "tuple", "randAlphaNum", "randAlpha", "join", "get", "dateInZone", "dig", "first", "last",
         "keys", "values", "sortAlpha", "uniq", "compact", "splitList", "split", "toStrings", "deepCopy", "fromYaml", "fromJson",
         "regexMatch", "hasPrefix", "hasSuffix", "kebabcase", "snakecase", "camelcase", "title", "squote", "cat", "max", "min",
         "add", "sub", "mul", "div", "mod", "add1", "float64", "atoi", "now", "date", "htpasswd", "derivePassword", "b64dec",
         "sha1sum", "adler32sum", "uuidv4", "toToml", "toYamlPretty", "mustToJson", "mustMerge", "mustMergeOverwrite", "isAbs",
         "base", "dir", "ext", "clean", "env", "expandenv", "getHostByName", "semver", "without", "slice", "substr", "wrap",
         "plural", "nospace", "repeat", "abbrev", "initials", "randNumeric", "shuffle", "regexSplit", "urlParse", "urlJoin",
         "dateModify", "toDate", "ago", "durationRound", "unixEpoch", "list", "typeOf", "genSignedCert", "floor", "trimAll",
         "genPrivateKey", "genSelfSignedCert", "buildCustomCert", "encryptAES", "decryptAES", "regexFindAll", "trimPrefix", "ceil",
         "round", "mustToYaml", "fromYamlArray", "toPrettyJson", "hasKeyAny", "required_", "mustHas", "mustAppend", "prepend", "rest",
         "initial", "reverse", "chunk", "sortAlphaNum", "bcrypt", "semverCompare_", "print_"]
STUBS = [s for s in STUBS if s not in ("list",)]

oracle = subprocess.run([os.path.join(ROOT, "tools/oracle.sh")], capture_output=True, text=True, check=True).stdout.strip()
proc = subprocess.Popen([oracle], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

def ask(req):
    proc.stdin.write(json.dumps(req) + "\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())

def chart_files(path, prefix):
    out = []
    tdir = os.path.join(path, "templates")
    for d, _, files in os.walk(tdir):
        if "crds" in os.path.relpath(d, tdir).split(os.sep):
            continue  # static CustomResourceDefinitions: megabytes of text, nothing to evaluate
        for f in sorted(files):
            p = os.path.join(d, f)
            rel = os.path.relpath(p, path)
            try:
                text = open(p, encoding="utf-8").read()
            except (UnicodeDecodeError, OSError):
                continue
            out.append((f"{prefix}/{rel}", text))
    cdir = os.path.join(path, "charts")
    if os.path.isdir(cdir):
        for sub in sorted(os.listdir(cdir)):
            sp = os.path.join(cdir, sub)
            if os.path.isdir(sp):
                # Dependencies contribute their helpers only.
                out += [(n, t) for n, t in chart_files(sp, f"{prefix}/charts/{sub}") if os.path.basename(n).startswith("_")]
    return out

def helm_order(files):
    # Helm parses deeper paths first, then in descending byte order.
    return sorted(files, key=lambda f: (-f[0].count("/"), [-b for b in f[0].encode()]))

cases = []
for rel in CHARTS:
    path = os.path.join(CORPUS, rel)
    if not os.path.isdir(path):
        continue
    name = os.path.basename(rel).split("__")[-1].split("--")[0]
    vals_text = open(os.path.join(path, "values.yaml"), encoding="utf-8").read() if os.path.exists(os.path.join(path, "values.yaml")) else ""
    vals = ask({"id": 1, "op": "load_values", "data": vals_text})
    if not vals.get("ok"):
        continue
    values = vals["out"]
    files = helm_order(chart_files(path, name))
    # Keep the files that parse on their own with the stand-in functions.
    usable = []
    for fname, text in files:
        r = ask({"id": 1, "op": "go_template_bench", "templates": [{"name": fname, "text": text}], "execute": fname,
                 "iterations": 1, "helm_funcs": True, "stub_funcs": STUBS, "options": ["missingkey=zero"], "data": None})
        if r.get("ok") or r.get("phase") == "exec":
            usable.append((fname, text))
        elif os.environ.get("WHY"):
            print("unparsable", fname, r.get("error", "")[:200], file=sys.stderr)
    for fname, text in usable:
        if os.path.basename(fname).startswith("_") or not fname.endswith((".yaml", ".yml", ".txt")):
            continue
        data = {"map": {
            "Values": values,
            "Release": {"map": {"Name": "release-name", "Namespace": "default", "Service": "Helm", "IsInstall": True, "IsUpgrade": False, "Revision": {"int": "1"}}},
            "Chart": {"map": {"Name": name, "Version": "1.0.0", "AppVersion": "1.0.0", "IsRoot": True}},
            "Capabilities": {"map": {"KubeVersion": {"map": {"Version": "v1.36.0", "GitVersion": "v1.36.0", "Major": "1", "Minor": "36"}}}},
            "Template": {"map": {"Name": fname, "BasePath": f"{name}/templates"}},
        }}
        templates = [{"name": n, "text": t} for n, t in usable]
        r = ask({"id": 1, "op": "go_template_bench", "templates": templates, "execute": fname, "iterations": 20,
                 "helm_funcs": True, "stub_funcs": STUBS, "options": ["missingkey=zero"], "data": data})
        if not r.get("ok"):
            if os.environ.get("WHY"):
                print("skip", fname, r.get("error", "")[:300], file=sys.stderr)
            continue
        out = r["out"]["output"]
        if isinstance(out, str) and len(out.strip()) > 200 and "CustomResourceDefinition" not in out:
            cases.append({"name": fname.replace("/", "__"), "templates": templates, "execute": fname, "data": data,
                          "size": len(out), "go_ns": r["out"]["ns_per_op"]})

# One file per chart: its templates, its data, and the templates to execute (at most four
# per chart, the largest outputs), with Go's time for each.
by_chart = {}
for c in sorted(cases, key=lambda c: -c["size"]):
    by_chart.setdefault(c["execute"].split("/")[0], []).append(c)
outdir = os.path.join(os.path.dirname(__file__), "cases")
for f in os.listdir(outdir):
    os.remove(os.path.join(outdir, f))
for chart, cs in sorted(by_chart.items()):
    cs = cs[:4]
    data = cs[0]["data"]
    data["map"]["Template"] = {"map": {"Name": f"{chart}/templates", "BasePath": f"{chart}/templates"}}
    keep = {c["execute"] for c in cs}
    templates = [t for t in cs[0]["templates"] if os.path.basename(t["name"]).startswith("_") or t["name"] in keep]
    with open(os.path.join(outdir, chart + ".json"), "w") as f:
                json.dump({"chart": chart, "stub_funcs": STUBS, "templates": templates, "execute": [c["execute"] for c in cs], "data": data}, f, ensure_ascii=False)
    for c in cs:
        print(f"{c['execute']}: {c['size']} bytes of output, Go {c['go_ns']/1000:.1f} µs")
