#!/usr/bin/env python3
"""Checks the workspace's layering (see crates/README.md).

1. Every workspace crate declares `[package.metadata.rudder] layer` (an integer, or "dev").
2. A crate depends (normal or build dependencies) only on workspace crates of a strictly lower
   layer: arrows point downward, and crates of one layer never depend on each other.
   Dev crates may depend on anything; nothing may depend on a dev crate.
3. The synchronous core (layers 0 to 3: value, yaml, template, sprig, chart, engine, release)
   does no network I/O: `tokio`, `reqwest`, `hyper` and `kube*` stay out of its dependency trees.

Exit status 0 when all hold; otherwise every violation is printed and the status is 1.
"""
import json
import subprocess
import sys

FORBIDDEN_IN_CORE = {"tokio", "reqwest", "hyper", "kube", "kube-client", "kube-core", "kube-runtime"}
CORE_MAX_LAYER = 3


def main() -> int:
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1", "--locked"], text=True))
    members = set(meta["workspace_members"])
    packages = {p["id"]: p for p in meta["packages"]}
    layer = {}
    errors = []
    for pid in members:
        p = packages[pid]
        value = ((p.get("metadata") or {}).get("rudder") or {}).get("layer")
        if value is None:
            errors.append(f"{p['name']}: no [package.metadata.rudder] layer")
        layer[p["name"]] = value
    for pid in members:
        p = packages[pid]
        mine = layer[p["name"]]
        for dep in p["dependencies"]:
            if dep["name"] not in layer or dep.get("kind") == "dev":
                continue
            theirs = layer[dep["name"]]
            if theirs == "dev":
                errors.append(f"{p['name']} depends on dev crate {dep['name']}")
            elif mine != "dev" and not (isinstance(theirs, int) and isinstance(mine, int) and theirs < mine):
                errors.append(f"{p['name']} (layer {mine}) depends on {dep['name']} (layer {theirs}): arrows must point down")

    # Normal dependency closure of each core crate, from the resolved graph.
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}

    def closure(pid):
        seen, stack = set(), [pid]
        while stack:
            cur = stack.pop()
            for d in nodes[cur]["deps"]:
                if any(k["kind"] in (None, "build") for k in d["dep_kinds"]) and d["pkg"] not in seen:
                    seen.add(d["pkg"])
                    stack.append(d["pkg"])
        return seen

    for pid in members:
        name = packages[pid]["name"]
        if isinstance(layer[name], int) and layer[name] <= CORE_MAX_LAYER:
            bad = sorted({packages[d]["name"] for d in closure(pid)} & FORBIDDEN_IN_CORE)
            if bad:
                errors.append(f"{name} (layer {layer[name]}) pulls in {', '.join(bad)}: the core does no network I/O")

    for e in sorted(errors):
        print(f"layering: {e}", file=sys.stderr)
    if not errors:
        print(f"layering: {len(members)} crates checked, arrows point down, core free of {', '.join(sorted(FORBIDDEN_IN_CORE))}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
