#!/usr/bin/env python3
"""Writes conformance/strategicpatch/threeway.in.jsonl: Helm's createPatch with
threeWayMergeForUnstructured, what `install --take-ownership --server-side=false` uses for
objects adopted into the release (pkg/action/install.go): custom resources and v1beta1 CRDs get
apimachinery's jsonmergepatch.CreateThreeWayJSONMergePatch (json-patch v4, Helm's
preconditions on apiVersion, kind and metadata.name) against the live object; built-in kinds
are not affected.

Hand-written cases (Helm's own shape: the original is the target itself, the live object
differs: extra fields kept, changed values set, numbers of other types, lists replaced, nulls
inside lists pruned, empty maps; then originals that differ: deletions, the preconditions,
the object gone) and generated ones (a fixed seed: random documents and edits).

Run from the repository root: python3 conformance/strategicpatch/gen/threeway.py
then tools/conformance-regen.sh conformance/strategicpatch
"""
import copy
import json
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "threeway.in.jsonl")


def cr(spec, name="w", kind="Widget", api="example.com/v1", **meta):
    m = {"name": name, "namespace": "default"}
    m.update(meta)
    return {"apiVersion": api, "kind": kind, "metadata": m, "spec": spec}


cases = []


def case(name, original, modified, current):
    cases.append({"id": name, "op": "create_patch", "original": original, "modified": modified,
                  "current": current, "three_way_unstructured": True})


def adopt(name, target, live):
    """Helm's take-ownership shape: the original is the target."""
    case(name, target, target, live)


owned = {"app.kubernetes.io/managed-by": "Helm"}
helm_meta = {"labels": owned, "annotations": {"meta.helm.sh/release-name": "r", "meta.helm.sh/release-namespace": "default"}}
live_meta = {"resourceVersion": "12", "uid": "u-1", "generation": 3, "creationTimestamp": "2026-01-01T00:00:00Z",
             "managedFields": [{"manager": "kubectl", "operation": "Update", "apiVersion": "example.com/v1",
                                "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:size": {}}}}]}

adopt("adopt-identical", cr({"size": 1}), cr({"size": 1}))
adopt("adopt-set-changed-value", cr({"size": 2}), cr({"size": 1}))
adopt("adopt-keeps-live-extras", cr({"size": 2}), cr({"size": 1, "extra": "x", "nested": {"a": 1}}, **live_meta))
adopt("adopt-adds-ownership-metadata", cr({"size": 1}, **helm_meta), cr({"size": 1}, **live_meta))
adopt("adopt-live-has-status", cr({"size": 1}), dict(cr({"size": 1}), status={"ready": True}))
adopt("adopt-number-types", cr({"a": 1, "b": 1.5, "c": 2, "d": 10000000000000000000000}),
      cr({"a": 1.0, "b": 1.5, "c": 2.5, "d": 1e22}))
adopt("adopt-big-ints", cr({"a": 9007199254740993, "b": 12345678901234567890}),
      cr({"a": 9007199254740992, "b": 1}))
adopt("adopt-list-replaced", cr({"items": [1, 2, 3]}), cr({"items": [3, 2, 1]}))
adopt("adopt-list-same", cr({"items": [{"a": 1}, {"b": [1, 2]}]}), cr({"items": [{"a": 1}, {"b": [1, 2]}]}))
adopt("adopt-list-nulls-pruned", cr({"items": [{"a": 1, "b": None}, None, {"c": {"d": None, "e": 1}}]}),
      cr({"items": []}))
adopt("adopt-list-nulls-under-live-map", cr({"deep": {"items": [{"x": None, "y": 1}]}}),
      cr({"deep": {"other": 1}}))
adopt("adopt-null-values-dropped", cr({"a": None, "b": {"c": None, "d": 1}}), cr({"a": 1, "b": {"c": 2}}))
adopt("adopt-empty-map", cr({"a": {}, "b": {"c": {}}}), cr({"a": 5, "b": {}}))
adopt("adopt-empty-map-on-map", cr({"a": {}}), cr({"a": {"x": 1}}))
adopt("adopt-type-changes", cr({"a": "1", "b": [1], "c": {"x": 1}, "d": True}),
      cr({"a": 1, "b": {"x": 1}, "c": [1], "d": "true"}))
adopt("adopt-object-gone", cr({"size": 1}), None)
adopt("adopt-v1beta1-crd", {"apiVersion": "apiextensions.k8s.io/v1beta1", "kind": "CustomResourceDefinition",
                            "metadata": {"name": "widgets.example.com"}, "spec": {"group": "example.com", "version": "v1"}},
      {"apiVersion": "apiextensions.k8s.io/v1beta1", "kind": "CustomResourceDefinition",
       "metadata": {"name": "widgets.example.com", "resourceVersion": "5"}, "spec": {"group": "example.com", "version": "v2", "scope": "Namespaced"}})
adopt("adopt-builtin-kind-unaffected", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "2"}},
      {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1", "b": "x"}})
adopt("adopt-html-and-unicode", cr({"s": "<&>\u2028é"}), cr({"s": "x"}))

case("delete-from-original", cr({"a": 1, "b": 2}), cr({"a": 1}), cr({"a": 1, "b": 2, "c": 3}))
case("delete-nested", cr({"m": {"x": 1, "y": 2}}), cr({"m": {"x": 1}}), cr({"m": {"x": 5, "y": 2, "z": 3}}))
case("delete-already-gone-live", cr({"a": 1, "b": 2}), cr({"a": 1}), cr({"a": 1}))
case("delete-and-add-same-map", cr({"m": {"x": 1}}), cr({"m": {"y": 2}}), cr({"m": {"x": 1, "q": 0}}))
case("delete-map-to-empty", cr({"m": {"x": 1}}), cr({"m": {}}), cr({"m": 7}))
case("modified-explicit-null", cr({"a": 1}), cr({"a": None}), cr({"a": 2}))
case("original-null-value", cr({"a": None}), cr({}), cr({"a": 3}))
case("precondition-kind", cr({"a": 1}), cr({"a": 1}), cr({"a": 1}, kind="Gadget"))
case("precondition-api-version", cr({"a": 1}), cr({"a": 1}), cr({"a": 1}, api="example.com/v2"))
case("precondition-name", cr({"a": 1}, name="old"), cr({"a": 2}, name="new"), cr({"a": 1}, name="old"))
case("precondition-metadata-not-a-map", cr({"a": 1}), cr({"a": 1}), dict(cr({"a": 1}), metadata="x"))
case("original-empty", {}, cr({"a": 1}), cr({"b": 1}))
case("current-empty-object", cr({"a": 1}), cr({"a": 1}), {})

rng = random.Random(3)
KEYS = ["a", "b", "c", "size", "mode", "items", "nested"]


def rand_value(depth):
    r = rng.random()
    if depth < 3 and r < 0.3:
        return {k: rand_value(depth + 1) for k in rng.sample(KEYS, rng.randint(0, 3))}
    if r < 0.4:
        return [rand_value(depth + 1) for _ in range(rng.randint(0, 3))] if depth < 3 else []
    return rng.choice([0, 1, 2, 1.5, "x", "y", "", True, False, None, 100, 3.0])


def edit(doc, depth=0):
    doc = copy.deepcopy(doc)
    for k in list(doc):
        r = rng.random()
        if r < 0.15:
            del doc[k]
        elif r < 0.3:
            doc[k] = rand_value(depth + 1)
        elif isinstance(doc[k], dict) and r < 0.6:
            doc[k] = edit(doc[k], depth + 1)
    if rng.random() < 0.3:
        doc[rng.choice(KEYS)] = rand_value(depth + 1)
    return doc


for n in range(60):
    spec = {k: rand_value(1) for k in rng.sample(KEYS, rng.randint(1, 5))}
    original = cr(spec)
    if n % 2 == 0:
        modified = original
    else:
        modified = cr(edit(spec))
    live = cr(edit(spec), **({"resourceVersion": "9"} if rng.random() < 0.5 else {}))
    case(f"gen-{n:02}", original, modified, live)

with open(OUT, "w", encoding="utf-8") as f:
    f.write("# Generated by conformance/strategicpatch/gen/threeway.py; do not edit.\n")
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False, separators=(",", ":")) + "\n")
print(f"{len(cases)} cases")
