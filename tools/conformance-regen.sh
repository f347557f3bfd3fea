#!/usr/bin/env bash
# Regenerates the conformance vectors: every conformance/<area>/<name>.out.jsonl from its
# <name>.in.jsonl, with the Go oracle (tools/oracle.sh), all files through one oracle process,
# run from the repository root (so relative chart paths in requests are relative to it).
#
#   tools/conformance-regen.sh                 # rewrite every .out.jsonl
#   tools/conformance-regen.sh --check         # regenerate into a temp dir; fail with a diff
#                                              # if anything differs from the checked-in files
#   tools/conformance-regen.sh [--check] conformance/oracle-smoke [path/to/x.in.jsonl ...]
#
# Request lines must carry an "id" unique within their file; blank lines and lines starting
# with '#' are comments (the oracle skips them too). See conformance/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check=false
paths=()
for arg in "$@"; do
  case $arg in
    --check) check=true ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $arg" ;;
    *) paths+=("$arg") ;;
  esac
done
[ ${#paths[@]} -gt 0 ] || paths=("$RUDDER_ROOT/conformance")

oracle=$("$RUDDER_ROOT/tools/oracle.sh")
cd "$RUDDER_ROOT"
python3 - "$oracle" "$check" "$RUDDER_ROOT" "${paths[@]}" <<'PY'
import difflib, json, os, subprocess, sys, tempfile, time

oracle, check, root, paths = sys.argv[1], sys.argv[2] == "true", sys.argv[3], sys.argv[4:]
conf = os.path.join(root, "conformance")

def rel(p):
    return os.path.relpath(p, root)

inputs, problems = [], []
for p in paths:
    p = os.path.abspath(p)
    if os.path.isdir(p):
        for d, _, files in os.walk(p):
            inputs += [os.path.join(d, f) for f in files if f.endswith(".in.jsonl")]
        # An .out.jsonl whose .in.jsonl is gone is stale.
        for d, _, files in os.walk(p):
            for f in files:
                if f.endswith(".out.jsonl") and not os.path.exists(os.path.join(d, f[:-len(".out.jsonl")] + ".in.jsonl")):
                    problems.append(f"{rel(os.path.join(d, f))}: no matching .in.jsonl (stale output)")
    elif p.endswith(".in.jsonl") and os.path.isfile(p):
        inputs.append(p)
    else:
        problems.append(f"{p}: not a directory or an existing .in.jsonl file")
inputs = sorted(set(inputs))

# Collect the request lines of every file, checking ids.
batch, spans = [], []
for path in inputs:
    start, seen = len(batch), {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            where = f"{rel(path)}:{n}"
            try:
                req = json.loads(s)
            except ValueError as e:
                problems.append(f"{where}: not JSON: {e}")
                continue
            if not isinstance(req, dict) or "id" not in req or req["id"] is None:
                problems.append(f"{where}: a request needs a non-null \"id\"")
                continue
            key = json.dumps(req["id"], sort_keys=True)
            if key in seen:
                problems.append(f"{where}: id {key} already used on line {seen[key]}")
            seen[key] = n
            batch.append((req["id"], s))
    spans.append((path, start, len(batch)))
if problems:
    for p in problems:
        print("conformance:", p, file=sys.stderr)
    sys.exit(1)

t0 = time.time()
proc = subprocess.run([oracle], input="".join(s + "\n" for _, s in batch).encode(), stdout=subprocess.PIPE, cwd=root)
if proc.returncode != 0:
    sys.exit(f"conformance: the oracle exited with status {proc.returncode}")
# Split on LF only: str.splitlines() also splits on U+0085 and other separators that
# encoding/json writes raw inside strings.
lines = [l + "\n" for l in proc.stdout.decode("utf-8").split("\n")[:-1]]
if len(lines) != len(batch):
    sys.exit(f"conformance: {len(lines)} responses for {len(batch)} requests")
for (want, _), line in zip(batch, lines):
    got = json.loads(line).get("id")
    if got != want:
        sys.exit(f"conformance: response id {got!r} where {want!r} was expected")
secs = time.time() - t0

changed, missing = [], []
for path, a, b in spans:
    out_path = path[: -len(".in.jsonl")] + ".out.jsonl"
    new = "".join(lines[a:b])
    try:
        with open(out_path, encoding="utf-8") as f:
            old = f.read()
    except FileNotFoundError:
        old = None
    if old == new:
        continue
    if check:
        if old is None:
            missing.append(rel(out_path))
            continue
        changed.append(rel(out_path))
        diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                    fromfile=f"{rel(out_path)} (checked in)", tofile=f"{rel(out_path)} (oracle)")
        sys.stdout.writelines(diff)
    else:
        with open(out_path + ".tmp", "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(out_path + ".tmp", out_path)
        changed.append(rel(out_path))

summary = f"{len(batch)} cases in {len(inputs)} files, oracle {secs:.2f}s"
if check:
    for m in missing:
        print(f"conformance: {m} is missing (run tools/conformance-regen.sh)", file=sys.stderr)
    if changed or missing:
        print(f"conformance: {len(changed)} files differ, {len(missing)} missing ({summary}); "
              "regenerate with tools/conformance-regen.sh and review the diff", file=sys.stderr)
        sys.exit(1)
    print(f"conformance vectors reproduce: {summary}")
else:
    for c in changed:
        print(f"wrote {c}", file=sys.stderr)
    print(f"regenerated: {summary}; {len(changed)} files changed")
PY
