#!/usr/bin/env python3
"""Prints Go's time over rudder's for every template of the last `cargo bench --bench corpus`
run (criterion's median estimates), and their geometric mean.

  python3 crates/rudder-template/benches/ratios.py [CARGO_TARGET_DIR]
"""
import json, math, os, sys

target = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
    "CARGO_TARGET_DIR", os.path.join(os.path.dirname(__file__), "../../../target"))
crit = os.path.join(target, "criterion")
cases = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")

groups = []
for f in sorted(os.listdir(cases)):
    if f.endswith(".json"):
        with open(os.path.join(cases, f), encoding="utf-8") as fh:
            groups += [name.replace("/", "__") for name in json.load(fh).get("execute", [])]


def median(group, side):
    # criterion cuts directory names at 64 bytes.
    p = os.path.join(crit, group[:64], side, "new", "estimates.json")
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8") as fh:
        return json.load(fh)["median"]["point_estimate"]


ratios = []
print(f"{'template':<64} {'rudder':>10} {'go':>10} {'go/rudder':>9}")
for g in groups:
    r, go = median(g, "rudder"), median(g, "go")
    if r is None or go is None:
        print(f"{g:<64} {'missing':>10}")
        continue
    ratios.append(go / r)
    print(f"{g:<64} {r / 1000:>8.1f}µs {go / 1000:>8.1f}µs {go / r:>8.2f}x")
if ratios:
    gm = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
    print(f"{len(ratios)} templates: geometric mean {gm:.2f}x, min {min(ratios):.2f}x, max {max(ratios):.2f}x")
