#!/usr/bin/env python3
"""Writes conformance/strategicpatch/csaupgrade.in.jsonl: the managed-fields migration Helm
runs before server-side applies to a release that was applied client-side
(upgradeClientSideFieldManager in pkg/kube/client.go, i.e. client-go's
csaupgrade.UpgradeManagedFieldsPatch(obj, sets.New("helm"), "helm")), through the oracle's
`csa_upgrade_patch` op.

Hand-written cases (one idea each: Helm's Update entries alone, beside other managers, beside
an Apply entry of the same or another API version, subresources, already migrated objects,
objects without managed fields, entries Go refuses to convert, times in other zones, field
sets whose re-encoding changes their order, `.` members, keys, values and indexes, unknown
path element types, and the decoding errors) and generated ones (a fixed seed: random
managed fields lists of random field sets).

Run from the repository root: python3 conformance/strategicpatch/gen/csaupgrade.py
then tools/conformance-regen.sh conformance/strategicpatch
"""
import json
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "csaupgrade.in.jsonl")


def entry(manager, operation, fields, api="v1", time="2026-01-01T00:00:00Z", **extra):
    e = {"manager": manager, "operation": operation, "apiVersion": api}
    if time is not None:
        e["time"] = time
    e["fieldsType"] = "FieldsV1"
    if fields is not None:
        e["fieldsV1"] = fields
    e.update(extra)
    return e


def obj(entries, rv="42", kind="ConfigMap", api="v1"):
    meta = {"name": "x", "namespace": "default"}
    if rv is not None:
        meta["resourceVersion"] = rv
    if entries is not None:
        meta["managedFields"] = entries
    return {"apiVersion": api, "kind": kind, "metadata": meta}


def helm_csa_deployment():
    """What a client-side `helm install` leaves on a Deployment, beside the controller."""
    return [
        entry("helm", "Update", {
            "f:metadata": {"f:annotations": {".": {}, "f:meta.helm.sh/release-name": {},
                                             "f:meta.helm.sh/release-namespace": {}},
                           "f:labels": {".": {}, "f:app.kubernetes.io/managed-by": {}}},
            "f:spec": {"f:progressDeadlineSeconds": {}, "f:replicas": {}, "f:revisionHistoryLimit": {},
                       "f:selector": {}, "f:strategy": {"f:rollingUpdate": {".": {}, "f:maxSurge": {},
                                                                            "f:maxUnavailable": {}},
                                                        "f:type": {}},
                       "f:template": {"f:metadata": {"f:labels": {".": {}, "f:app": {}}},
                                      "f:spec": {"f:containers": {
                                          "k:{\"name\":\"app\"}": {".": {}, "f:image": {}, "f:name": {},
                                                                  "f:ports": {".": {},
                                                                              "k:{\"containerPort\":8080,\"protocol\":\"TCP\"}": {".": {}, "f:containerPort": {}, "f:protocol": {}},
                                                                              "k:{\"containerPort\":9,\"protocol\":\"UDP\"}": {".": {}, "f:containerPort": {}, "f:protocol": {}}}}},
                                          "f:dnsPolicy": {}, "f:restartPolicy": {}}}}},
            api="apps/v1"),
        entry("kube-controller-manager", "Update", {
            "f:metadata": {"f:annotations": {"f:deployment.kubernetes.io/revision": {}}},
            "f:status": {"f:availableReplicas": {}, "f:conditions": {".": {}, "k:{\"type\":\"Available\"}": {".": {}, "f:status": {}}}}},
            api="apps/v1", subresource="status"),
    ]


cases = []


def case(name, o, manager=None):
    req = {"id": name, "op": "csa_upgrade_patch", "object": o}
    if manager is not None:
        req["manager"] = manager
    cases.append(req)


A = {"f:data": {".": {}, "f:a": {}}}
B = {"f:data": {"f:b": {}}}
case("update-alone", obj([entry("helm", "Update", A)]))
case("update-beside-kubectl", obj([entry("kubectl", "Update", B), entry("helm", "Update", A)]))
case("update-beside-ssa-manager", obj([entry("helm", "Update", A), entry("argocd", "Apply", B)]))
case("apply-and-update-same-version", obj([entry("helm", "Apply", B), entry("helm", "Update", A)]))
case("update-before-apply", obj([entry("helm", "Update", A), entry("helm", "Apply", B)]))
case("apply-and-update-other-version", obj([entry("helm", "Apply", B, api="autoscaling/v2"),
                                              entry("helm", "Update", A, api="autoscaling/v1")]))
case("two-updates-two-versions", obj([entry("helm", "Update", A, api="autoscaling/v1"),
                                        entry("helm", "Update", B, api="autoscaling/v2")]))
case("two-updates-same-version", obj([entry("helm", "Update", A), entry("helm", "Update", B)]))
case("update-on-status-subresource", obj([entry("helm", "Update", A, subresource="status")]))
case("status-update-and-main-update", obj([entry("helm", "Update", B, subresource="status"),
                                             entry("helm", "Update", A)]))
case("apply-on-status-and-main-update", obj([entry("helm", "Apply", B, subresource="status"),
                                               entry("helm", "Update", A)]))
case("already-migrated", obj([entry("helm", "Apply", A), entry("kubectl", "Update", B)]))
case("already-migrated-reencoded", obj([entry("helm", "Apply", {"i:1": {}, "k:{\"a\":1}": {}, "v:2": {}})]))
case("already-migrated-unknown-element", obj([entry("helm", "Apply", {"f:a": {}, "x:junk": {}})]))
case("other-managers-only", obj([entry("kubectl", "Update", A), entry("argocd", "Apply", B)]))
case("no-managed-fields", obj(None))
case("empty-managed-fields", obj([]))
case("managed-fields-not-a-list", obj({"helm": "Update"}))
case("entry-not-a-map", obj([entry("helm", "Update", A), "helm"]))
case("manager-not-a-string", obj([entry("helm", "Update", A), entry(5, "Update", B)]))
case("bad-time", obj([entry("helm", "Update", A, time="yesterday")]))
case("time-not-a-string", obj([entry("helm", "Update", A, time=1700000000)]))
case("time-offset-and-fraction", obj([entry("helm", "Update", A, time="2026-03-01T00:30:00.123456+01:00"),
                                        entry("kubectl", "Update", B, time="2025-12-31T23:59:59-08:00")]))
case("time-day-out-of-range", obj([entry("helm", "Update", A, time="2026-02-30T00:00:00Z")]))
case("time-leap-day", obj([entry("helm", "Update", A, time="2024-02-29T23:00:00-02:00")]))
case("zero-time", obj([entry("helm", "Update", A, time="0001-01-01T00:00:00Z")]))
case("zero-time-other-zone", obj([entry("helm", "Update", A, time="0001-01-01T02:00:00+02:00")]))
case("no-time", obj([entry("helm", "Update", A, time=None)]))
case("null-fields-type-and-extra-keys", obj([dict(entry("helm", "Update", A), fieldsType=None, extra={"x": 1})]))
case("no-resource-version", obj([entry("helm", "Update", A)], rv=None))
case("resource-version-not-a-string", obj([entry("helm", "Update", A)], rv=7))
case("realistic-deployment", obj(helm_csa_deployment(), kind="Deployment", api="apps/v1"))
case("custom-manager", obj([entry("my-tool", "Update", A), entry("helm", "Update", B)]), manager="my-tool")
case("member-and-children-union", obj([entry("helm", "Apply", {"f:spec": {}}),
                                         entry("helm", "Update", {"f:spec": {"f:replicas": {}}})]))
case("null-child-is-member", obj([entry("helm", "Update", {"f:a": None, "f:b": {"f:c": None}})]))
case("dot-with-value", obj([entry("helm", "Update", {"f:a": {".": {"junk": 1}, "f:b": {}}})]))
case("values-and-indexes", obj([entry("helm", "Update", {
    "f:finalizers": {".": {}, "v:\"b\"": {}, "v:\"a\"": {}, "v:10": {}, "v:9": {}, "v:1.5": {},
                     "v:true": {}, "v:null": {}, "v:[1,2]": {}, "v:[1]": {}, "v:{\"b\":1,\"a\":2}": {},
                     "v:1e21": {}, "v:0.0000001": {}, "v:-0.5": {}},
    "f:list": {"i:10": {}, "i:9": {}, "i:-1": {}, "i:+3": {}, "i:007": {}}})]))
case("equal-elements-after-decoding", obj([entry("helm", "Update", {
    "f:s": {"v:1": {}, "v:1.0": {"f:x": {}}, "i:3": {"f:y": {}}, "i:03": {"f:z": {}},
            "k:{\"a\":1,\"b\":2}": {"f:p": {}}, "k:{\"b\":2,\"a\":1}": {"f:q": {}}}})]))
case("keys-shorter-first", obj([entry("helm", "Update", {
    "f:ports": {"k:{\"port\":80,\"protocol\":\"TCP\"}": {}, "k:{\"port\":80}": {}, "k:{\"name\":\"z\"}": {},
                "k:{\"port\":443,\"protocol\":\"TCP\"}": {}, "k:null": {}}})]))
case("html-and-unicode-names", obj([entry("helm", "Update", {
    "f:data": {"f:a<b>&c": {}, "f:\u2028": {}, "f:é": {}, "f:\"q\"": {}, "f:back\\slash": {}, "f:tab\t": {}}})]))
case("error-no-fields", obj([entry("helm", "Update", None)]))
case("error-csa-entry-no-fields", obj([entry("helm", "Apply", A), entry("helm", "Update", None)]))
case("error-target-fields-not-object", obj([entry("helm", "Update", "fields")]))
case("error-child-not-object", obj([entry("helm", "Update", {"f:data": {"f:a": {}, "f:b": 5}})]))
case("error-child-string", obj([entry("helm", "Update", {"f:data": {"f:a": "x"}})]))
case("error-child-list", obj([entry("helm", "Update", {"f:z": [1]})]))
case("error-short-key", obj([entry("helm", "Update", {"f:a": {}, "f": {}})]))
case("error-missing-colon", obj([entry("helm", "Update", {"fx:a": {}})]))
case("error-bad-index", obj([entry("helm", "Update", {"f:l": {"i:x": {}}})]))
case("error-empty-index", obj([entry("helm", "Update", {"i:": {}})]))
case("error-index-out-of-range", obj([entry("helm", "Update", {"i:99999999999999999999": {}})]))
case("error-second-error-ignored", obj([entry("helm", "Update", {"f:a": 1, "i:x": {}})]))
case("error-other-entry-ignored", obj([entry("helm", "Update", A), entry("kubectl", "Update", "junk")]))
long_name = "f:" + "n" * 5000
case("error-after-4096-bytes", obj([entry("helm", "Update", {long_name: {}, "f:z": 3})]))
case("error-near-4096-bytes", obj([entry("helm", "Update", {"f:" + "m" * 4080: {}, "f:z": 3})]))

# Generated: random managed fields lists.
rng = random.Random(8)
NAMES = ["a", "b", "data", "spec", "replicas", "metadata", "labels", "app", "z", "image"]


def rand_pe():
    r = rng.random()
    if r < 0.6:
        return "f:" + rng.choice(NAMES)
    if r < 0.75:
        keys = rng.sample(["name", "port", "protocol", "type"], rng.randint(1, 2))
        k = {n: (rng.choice(["x", "y", "TCP"]) if n != "port" else rng.choice([9, 80, 443, 8080])) for n in keys}
        return "k:" + json.dumps(k, separators=(",", ":"))
    if r < 0.9:
        return "v:" + json.dumps(rng.choice(["a", "b", 1, 2, 10, True, 1.5]))
    return "i:" + str(rng.randint(0, 12))


def rand_set(depth=0):
    s = {}
    for _ in range(rng.randint(1 if depth == 0 else 0, 4)):
        if depth < 3 and rng.random() < 0.5:
            child = rand_set(depth + 1)
            if rng.random() < 0.3:
                child["."] = {}
            s[rand_pe()] = child
        else:
            s[rand_pe()] = {}
    return s


MANAGERS = [("helm", "Update"), ("helm", "Update"), ("helm", "Apply"), ("kubectl", "Update"),
            ("kube-controller-manager", "Update"), ("argocd", "Apply")]
for n in range(40):
    entries = []
    for _ in range(rng.randint(1, 4)):
        manager, op = rng.choice(MANAGERS)
        extra = {}
        if rng.random() < 0.15:
            extra["subresource"] = "status"
        entries.append(entry(manager, op, rand_set(), api=rng.choice(["v1", "v1", "apps/v1"]), **extra))
    case(f"gen-{n:02}", obj(entries))

with open(OUT, "w", encoding="utf-8") as f:
    f.write("# Generated by conformance/strategicpatch/gen/csaupgrade.py; do not edit.\n")
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False, separators=(",", ":")) + "\n")
print(f"{len(cases)} cases")
