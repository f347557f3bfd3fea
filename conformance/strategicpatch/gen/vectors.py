#!/usr/bin/env python3
"""Writes the client-side apply patch vectors (conformance/strategicpatch/*.in.jsonl).

Every request is the oracle's `create_patch` op: Helm's createPatch (pkg/kube/client.go) on an
original object (the previous release's), a modified one (the new release's) and the live one,
answered by apimachinery's strategicpatch.CreateThreeWayMergePatch or json-patch's
CreateMergePatch as Helm picks them.

- cases.in.jsonl: hand-written cases, one idea each: merge lists with merge keys (containers,
  env, ports, volumes), primitive merge lists (finalizers), replace lists, $retainKeys
  (Deployment strategy, volume sources), server-side additions (sidecars, HPA replicas,
  controller annotations) kept or dropped, deletions, nulls, type changes, $patch directives
  in the target, custom resources and v1beta1 CRDs (JSON merge patch), and apimachinery's
  errors (one error per case: Go walks maps in random order, so a case with two faults would
  not have one answer).
- generated.in.jsonl: random edits of Deployments, Services, ConfigMaps, StatefulSets and
  custom resources (a fixed seed): the original, the target edited from it, the live object
  edited from the original by "the cluster" (extra annotations, replicas, injected
  containers, reordered lists).

Run from the repository root: python3 conformance/strategicpatch/gen/vectors.py
then tools/conformance-regen.sh conformance/strategicpatch
"""
import copy
import json
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def deployment(name="web", containers=None, **spec):
    containers = containers if containers is not None else [container("app")]
    d = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": containers},
            },
        },
    }
    d["spec"].update(spec)
    return d


def container(name, image=None, **extra):
    c = {"name": name, "image": image or f"{name}:1"}
    c.update(extra)
    return c


def pod_spec(d):
    return d["spec"]["template"]["spec"]


def configmap(data, name="cm", **meta):
    m = {"name": name}
    m.update(meta)
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": m, "data": data}


def service(ports, name="svc"):
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name},
        "spec": {"selector": {"app": name}, "ports": ports},
    }


def custom(spec, kind="Widget", api="example.com/v1"):
    return {"apiVersion": api, "kind": kind, "metadata": {"name": "w"}, "spec": spec}


cases = []


def case(name, original, modified, current="same"):
    if current == "same":
        current = copy.deepcopy(original)
    cases.append({"id": name, "op": "create_patch", "original": original, "modified": modified, "current": current})


def edit(obj, fn):
    obj = copy.deepcopy(obj)
    fn(obj)
    return obj


base = deployment()
case("no-change", base, base)
case("image-change", base, edit(base, lambda d: pod_spec(d)["containers"][0].update(image="app:2")))
case("replicas-change", base, edit(base, lambda d: d["spec"].update(replicas=3)))
case("replicas-live-changed-by-hpa", base, base, edit(base, lambda d: d["spec"].update(replicas=5)))
case("replicas-removed-live-changed", edit(base, lambda d: d["spec"].update(replicas=2)), edit(base, lambda d: d["spec"].pop("replicas")), edit(base, lambda d: d["spec"].update(replicas=5)))
case("add-container", base, edit(base, lambda d: pod_spec(d)["containers"].append(container("side"))))
case("remove-container", edit(base, lambda d: pod_spec(d)["containers"].append(container("side"))), base)
case("remove-container-live-gone", edit(base, lambda d: pod_spec(d)["containers"].append(container("side"))), base, base)
case("reorder-containers", edit(base, lambda d: pod_spec(d)["containers"].append(container("b"))),
     edit(base, lambda d: pod_spec(d)["containers"].insert(0, container("b"))))
case("live-sidecar-kept", base, edit(base, lambda d: pod_spec(d)["containers"][0].update(image="app:2")),
     edit(base, lambda d: pod_spec(d)["containers"].append(container("istio-proxy"))))
case("live-sidecar-first", base, edit(base, lambda d: pod_spec(d)["containers"].append(container("z"))),
     edit(base, lambda d: pod_spec(d)["containers"].insert(0, container("istio-proxy"))))
env1 = edit(base, lambda d: pod_spec(d)["containers"][0].update(env=[{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]))
case("env-change", env1, edit(env1, lambda d: pod_spec(d)["containers"][0]["env"][1].update(value="3")))
case("env-remove", env1, edit(env1, lambda d: pod_spec(d)["containers"][0]["env"].pop(0)))
case("env-remove-all", env1, edit(env1, lambda d: pod_spec(d)["containers"][0].pop("env")))
case("env-valuefrom", env1, edit(env1, lambda d: pod_spec(d)["containers"][0]["env"][0].update(value=None, valueFrom={"secretKeyRef": {"name": "s", "key": "k"}})))
case("env-duplicate-names", env1, edit(env1, lambda d: pod_spec(d)["containers"][0]["env"].append({"name": "A", "value": "9"})))
case("env-reorder", env1, edit(env1, lambda d: pod_spec(d)["containers"][0]["env"].reverse()))
case("env-live-extra", env1, env1, edit(env1, lambda d: pod_spec(d)["containers"][0]["env"].append({"name": "INJECTED", "value": "x"})))
ports = edit(base, lambda d: pod_spec(d)["containers"][0].update(ports=[{"containerPort": 80, "name": "http"}, {"containerPort": 443, "name": "https"}]))
case("ports-change", ports, edit(ports, lambda d: pod_spec(d)["containers"][0]["ports"][0].update(containerPort=8080)))
case("ports-protocol", ports, edit(ports, lambda d: pod_spec(d)["containers"][0]["ports"][1].update(protocol="UDP")))
case("args-replace-list", edit(base, lambda d: pod_spec(d)["containers"][0].update(args=["a", "b"])),
     edit(base, lambda d: pod_spec(d)["containers"][0].update(args=["b", "c"])))
case("args-live-changed", edit(base, lambda d: pod_spec(d)["containers"][0].update(args=["a"])),
     edit(base, lambda d: pod_spec(d)["containers"][0].update(args=["a"])),
     edit(base, lambda d: pod_spec(d)["containers"][0].update(args=["a", "live"])))
case("strategy-recreate", edit(base, lambda d: d["spec"].update(strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}})),
     edit(base, lambda d: d["spec"].update(strategy={"type": "Recreate"})))
case("strategy-live-defaulted", base, edit(base, lambda d: d["spec"].update(strategy={"type": "Recreate"})),
     edit(base, lambda d: d["spec"].update(strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})))
case("strategy-rolling-params", edit(base, lambda d: d["spec"].update(strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}})),
     edit(base, lambda d: d["spec"].update(strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 2, "maxUnavailable": 0}})))
vol = edit(base, lambda d: pod_spec(d).update(volumes=[{"name": "data", "emptyDir": {}}, {"name": "cfg", "configMap": {"name": "c"}}]))
case("volume-source-change", vol, edit(vol, lambda d: pod_spec(d)["volumes"][0].update(emptyDir=None) or pod_spec(d)["volumes"][0].pop("emptyDir") and None or pod_spec(d)["volumes"][0].update(persistentVolumeClaim={"claimName": "pvc"})))
case("volume-remove", vol, edit(vol, lambda d: pod_spec(d)["volumes"].pop(1)))
case("volume-add", vol, edit(vol, lambda d: pod_spec(d)["volumes"].append({"name": "new", "secret": {"secretName": "s"}})))
case("volume-configmap-items", vol, edit(vol, lambda d: pod_spec(d)["volumes"][1]["configMap"].update(items=[{"key": "a", "path": "a"}])))
fin = configmap({"a": "1"}, finalizers=["x/one", "x/two"])
case("finalizers-remove", fin, edit(fin, lambda c: c["metadata"]["finalizers"].pop(0)))
case("finalizers-add", fin, edit(fin, lambda c: c["metadata"]["finalizers"].append("x/three")))
case("finalizers-reorder", fin, edit(fin, lambda c: c["metadata"]["finalizers"].reverse()))
case("finalizers-live-extra", fin, fin, edit(fin, lambda c: c["metadata"]["finalizers"].append("kubernetes.io/live")))
case("finalizers-dup-remove", configmap({}, finalizers=["a", "a", "b"]), configmap({}, finalizers=["b"]))
case("finalizers-numbers-sorted-as-text", configmap({}, finalizers=["10", "9", "100"]), configmap({}, finalizers=["9"]))
case("cm-data-change", configmap({"a": "1", "b": "2"}), configmap({"a": "1", "b": "3"}))
case("cm-data-remove", configmap({"a": "1", "b": "2"}), configmap({"a": "1"}))
case("cm-data-remove-live-gone", configmap({"a": "1", "b": "2"}), configmap({"a": "1"}), configmap({"a": "1"}))
case("cm-data-all-removed", configmap({"a": "1"}), {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}})
case("cm-live-added-key", configmap({"a": "1"}), configmap({"a": "1"}), configmap({"a": "1", "live": "x"}))
case("cm-current-missing", configmap({"a": "1"}), configmap({"a": "2"}), None)
case("cm-html-escaping", configmap({"a": "1"}), configmap({"a": "<b>&amp;</b>\u2028"}))
case("labels-annotations", edit(base, lambda d: d["metadata"].update(annotations={"x": "1"})),
     edit(base, lambda d: d["metadata"].update(labels={"app": "web", "tier": "fe"})),
     edit(base, lambda d: d["metadata"].update(annotations={"x": "1", "deployment.kubernetes.io/revision": "3"})))
case("live-managed-fields-and-status", base, edit(base, lambda d: d["spec"].update(replicas=2)),
     edit(base, lambda d: d.update(status={"replicas": 1}, metadata=dict(d["metadata"], uid="u", resourceVersion="5", managedFields=[{"manager": "helm", "operation": "Update"}]))))
svc = service([{"name": "http", "port": 80, "targetPort": 8080}, {"name": "dns", "port": 53, "protocol": "UDP"}])
case("service-port-change", svc, edit(svc, lambda s: s["spec"]["ports"][0].update(targetPort="http")))
case("service-port-remove", svc, edit(svc, lambda s: s["spec"]["ports"].pop(1)))
case("service-port-same-number-two-protocols", svc, edit(svc, lambda s: s["spec"]["ports"].append({"name": "dns-tcp", "port": 53, "protocol": "TCP"})))
case("service-live-clusterip", svc, edit(svc, lambda s: s["spec"].update(type="NodePort")),
     edit(svc, lambda s: s["spec"].update(clusterIP="10.0.0.1", clusterIPs=["10.0.0.1"], type="ClusterIP")))
case("type-change-int-to-string", edit(base, lambda d: d["spec"].update(replicas=1)), edit(base, lambda d: d["spec"].update(replicas="1")))
case("type-change-map-to-list", configmap({"a": "1"}), edit(configmap({"a": "1"}), lambda c: c.update(data=["a"])))
case("float-vs-int", edit(base, lambda d: d["spec"].update(progressDeadlineSeconds=600)), edit(base, lambda d: d["spec"].update(progressDeadlineSeconds=600.5)))
case("whole-float-is-int", edit(base, lambda d: d["spec"].update(progressDeadlineSeconds=600)), edit(base, lambda d: d["spec"].update(progressDeadlineSeconds=600.0)))
case("null-in-modified", base, edit(base, lambda d: d["spec"].update(paused=None)))
case("null-in-modified-existing", edit(base, lambda d: d["spec"].update(paused=True)), edit(base, lambda d: d["spec"].update(paused=None)))
case("null-in-original", edit(base, lambda d: d["spec"].update(paused=None)), base)
case("empty-map-vs-missing", base, edit(base, lambda d: pod_spec(d).update(securityContext={})))
case("empty-list-added", base, edit(base, lambda d: pod_spec(d).update(volumes=[])))
case("empty-list-removed", edit(base, lambda d: pod_spec(d).update(volumes=[])), base)
case("directive-replace-map", edit(base, lambda d: pod_spec(d).update(nodeSelector={"a": "1"})),
     edit(base, lambda d: pod_spec(d).update(nodeSelector={"b": "2", "$patch": "replace"})))
case("directive-delete-in-list", base, edit(base, lambda d: pod_spec(d)["containers"].append({"name": "gone", "$patch": "delete"})))
case("directive-replace-in-list", base, edit(base, lambda d: pod_spec(d)["containers"].append({"$patch": "replace"})))
case("tolerations-replace-strategy", edit(base, lambda d: pod_spec(d).update(tolerations=[{"key": "a", "operator": "Exists"}])),
     edit(base, lambda d: pod_spec(d).update(tolerations=[{"key": "b", "operator": "Exists"}])))
case("initcontainers", base, edit(base, lambda d: pod_spec(d).update(initContainers=[container("init")])))
case("volume-mounts-mountpath-key", edit(base, lambda d: pod_spec(d)["containers"][0].update(volumeMounts=[{"name": "a", "mountPath": "/a"}])),
     edit(base, lambda d: pod_spec(d)["containers"][0].update(volumeMounts=[{"name": "a", "mountPath": "/b"}])))
case("owner-references", configmap({}, ownerReferences=[{"apiVersion": "v1", "kind": "X", "name": "o", "uid": "1"}]),
     configmap({}, ownerReferences=[{"apiVersion": "v1", "kind": "X", "name": "o", "uid": "2"}]))
case("statefulset-vct", {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "s"}, "spec": {"serviceName": "s", "volumeClaimTemplates": [{"metadata": {"name": "d"}, "spec": {"resources": {"requests": {"storage": "1Gi"}}}}]}},
     {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "s"}, "spec": {"serviceName": "s", "volumeClaimTemplates": [{"metadata": {"name": "d"}, "spec": {"resources": {"requests": {"storage": "2Gi"}}}}]}})
case("crd-v1-strategic", {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "a.b"}, "spec": {"group": "b", "versions": [{"name": "v1", "served": True}]}},
     {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "a.b"}, "spec": {"group": "b", "versions": [{"name": "v1", "served": False}]}})
case("crd-v1beta1-merge", {"apiVersion": "apiextensions.k8s.io/v1beta1", "kind": "CustomResourceDefinition", "metadata": {"name": "a.b"}, "spec": {"group": "b", "versions": [{"name": "v1"}]}},
     {"apiVersion": "apiextensions.k8s.io/v1beta1", "kind": "CustomResourceDefinition", "metadata": {"name": "a.b"}, "spec": {"group": "b", "versions": [{"name": "v2"}]}})
case("custom-resource-merge", custom({"a": 1, "list": [1, 2], "nested": {"x": "1", "y": "2"}}), custom({"a": 2, "list": [1], "nested": {"x": "1"}}))
case("custom-resource-live-ignored", custom({"a": 1}), custom({"a": 1}), custom({"a": 5, "live": True}))
case("custom-resource-numbers-as-text", custom({"a": 1, "f": 1.5, "big": 1e21}), custom({"a": 1.0, "f": 1.5, "big": 1e21}))
case("custom-resource-null", custom({"a": 1}), custom({"a": None}))
case("removed-api-version", {"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": {"rules": [{"host": "a"}]}},
     {"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": {"rules": [{"host": "b"}]}})
case("hpa-v2-metrics", {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h"}, "spec": {"maxReplicas": 3, "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]}},
     {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h"}, "spec": {"maxReplicas": 5, "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]}})
case("rbac-rules", {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]},
     {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}]})
case("secret-stringdata", {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "stringData": {"a": "1"}, "type": "Opaque"},
     {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "stringData": {"a": "2"}, "type": "Opaque"},
     {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"a": "MQ=="}, "type": "Opaque"})
case("case-insensitive-field", configmap({"a": "1"}), edit(configmap({"a": "1"}), lambda c: c.update(Metadata={"labels": {"x": "1"}})))
# apimachinery's errors (one fault per case).
case("err-missing-merge-key-modified", base, edit(base, lambda d: pod_spec(d)["containers"].append({"image": "x"})))
case("err-missing-merge-key-live", base, edit(base, lambda d: pod_spec(d)["containers"][0].update(image="b")),
     edit(base, lambda d: pod_spec(d)["containers"].append({"image": "x"})))
case("err-unknown-field-map", edit(base, lambda d: d["spec"].update(bogus={"a": 1})), edit(base, lambda d: d["spec"].update(bogus={"a": 2})))
case("err-unknown-field-map-equal", edit(base, lambda d: d["spec"].update(bogus={"a": 1})), edit(base, lambda d: d["spec"].update(bogus={"a": 1})))
case("err-unknown-field-list", edit(base, lambda d: d["spec"].update(bogus=[1])), edit(base, lambda d: d["spec"].update(bogus=[2])))
case("err-unknown-field-scalar-ok", edit(base, lambda d: d["spec"].update(bogus=1)), edit(base, lambda d: d["spec"].update(bogus=2)))
case("err-map-in-string-map", configmap({"a": {"x": 1}}), configmap({"a": {"x": 2}}))
case("err-list-in-scalar-field", edit(base, lambda d: d["spec"].update(replicas=[1])), edit(base, lambda d: d["spec"].update(replicas=[2])))
case("err-map-in-scalar-field", edit(base, lambda d: d["spec"].update(replicas={"a": 1})), edit(base, lambda d: d["spec"].update(replicas={"a": 2})))
case("err-mixed-list-types", configmap({}, finalizers=["a", 1]), configmap({}, finalizers=["b", 1]))
case("err-list-of-lists", configmap({}, finalizers=[["a"]]), configmap({}, finalizers=[["b"]]))
case("err-containers-not-maps", edit(base, lambda d: pod_spec(d).update(containers=["a"])), edit(base, lambda d: pod_spec(d).update(containers=["b"])))
case("err-bad-directive-value", base, edit(base, lambda d: pod_spec(d).update(nodeSelector={"$patch": "bogus"})))


def write(name, items):
    with open(os.path.join(OUT, name), "w") as f:
        for c in items:
            f.write(json.dumps(c, sort_keys=True) + "\n")


write("cases.in.jsonl", cases)

# ---- generated ----
rng = random.Random(20261122)
NAMES = ["app", "side", "init", "proxy", "log", "db"]
ENV = ["A", "B", "C", "D", "PATH", "HOME"]
VALUES = ["1", "2", "x", "", "true", "10", "9"]


def rand_container(name):
    c = {"name": name, "image": f"{name}:{rng.randint(1, 3)}"}
    if rng.random() < 0.6:
        c["env"] = [{"name": n, "value": rng.choice(VALUES)} for n in rng.sample(ENV, rng.randint(0, 4))]
    if rng.random() < 0.4:
        c["ports"] = [{"containerPort": p, "protocol": rng.choice(["TCP", "UDP"])} for p in rng.sample([80, 443, 8080, 9090], rng.randint(1, 3))]
    if rng.random() < 0.3:
        c["args"] = rng.sample(["--a", "--b", "--c", "-v"], rng.randint(1, 3))
    if rng.random() < 0.3:
        c["resources"] = {"limits": {"cpu": rng.choice(["100m", "1", 2])}, "requests": {"memory": rng.choice(["64Mi", "1Gi"])}}
    if rng.random() < 0.2:
        c["volumeMounts"] = [{"name": v, "mountPath": "/" + v} for v in rng.sample(["data", "cfg", "tmp"], rng.randint(1, 2))]
    return c


def rand_deployment():
    names = rng.sample(NAMES, rng.randint(1, 3))
    d = deployment(containers=[rand_container(n) for n in names])
    if rng.random() < 0.5:
        pod_spec(d)["volumes"] = [rand_volume(n) for n in rng.sample(["data", "cfg", "tmp"], rng.randint(1, 3))]
    if rng.random() < 0.4:
        d["spec"]["strategy"] = rng.choice([{"type": "Recreate"}, {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": rng.choice([1, "25%"])}}])
    if rng.random() < 0.4:
        d["metadata"]["annotations"] = {k: rng.choice(VALUES) for k in rng.sample(["a", "b", "c"], rng.randint(1, 3))}
    if rng.random() < 0.3:
        pod_spec(d)["tolerations"] = [{"key": k, "operator": "Exists"} for k in rng.sample(["t1", "t2"], rng.randint(1, 2))]
    if rng.random() < 0.3:
        d["metadata"]["finalizers"] = rng.sample(["f/a", "f/b", "f/c", "10", "9"], rng.randint(1, 3))
    return d


def rand_volume(name):
    src = rng.choice([{"emptyDir": {}}, {"configMap": {"name": "c"}}, {"secret": {"secretName": "s"}}, {"persistentVolumeClaim": {"claimName": "p"}}])
    v = {"name": name}
    v.update(src)
    return v


def mutate_list(lst, make, key):
    r = rng.random()
    if r < 0.25 and lst:
        lst.pop(rng.randrange(len(lst)))
    elif r < 0.5:
        existing = {x[key] for x in lst} if key else set(lst)
        item = make()
        if (item[key] if key else item) not in existing:
            lst.insert(rng.randint(0, len(lst)), item)
    elif r < 0.65:
        rng.shuffle(lst)
    elif lst:
        i = rng.randrange(len(lst))
        if key:
            lst[i] = edit_map(lst[i], key)


def edit_map(m, key):
    m = copy.deepcopy(m)
    if "value" in m:
        m["value"] = rng.choice(VALUES)
    elif "image" in m:
        m["image"] = m["name"] + ":" + str(rng.randint(4, 6))
    elif "protocol" in m:
        m["protocol"] = "UDP" if m["protocol"] == "TCP" else "TCP"
    elif "mountPath" in m:
        m["mountPath"] = "/m" + str(rng.randint(0, 3))
    elif "name" in m:
        v = rand_volume(m["name"])
        m = v
    return m


def mutate_deployment(d, live=False):
    d = copy.deepcopy(d)
    ps = pod_spec(d)
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        if live and r < 0.3:
            d["spec"]["replicas"] = rng.randint(2, 5)
            d["metadata"].setdefault("annotations", {})["deployment.kubernetes.io/revision"] = str(rng.randint(1, 9))
        elif live and r < 0.45:
            ps["containers"].insert(rng.randint(0, len(ps["containers"])), container("istio-proxy"))
        elif live and r < 0.55:
            d["status"] = {"replicas": 1, "conditions": [{"type": "Available", "status": "True"}]}
        elif r < 0.7:
            c = rng.choice(ps["containers"])
            field = rng.choice(["env", "ports", "args", "image", "resources", "volumeMounts"])
            if field == "env":
                c.setdefault("env", [])
                mutate_list(c["env"], lambda: {"name": rng.choice(ENV), "value": rng.choice(VALUES)}, "name")
            elif field == "ports":
                c.setdefault("ports", [])
                mutate_list(c["ports"], lambda: {"containerPort": rng.choice([80, 443, 8080, 9090, 7070]), "protocol": "TCP"}, "containerPort")
            elif field == "args":
                c["args"] = rng.sample(["--a", "--b", "--c", "-v"], rng.randint(0, 3))
                if not c["args"]:
                    del c["args"]
            elif field == "image":
                c["image"] = c["name"] + ":" + str(rng.randint(4, 6))
            elif field == "resources":
                if "resources" in c and rng.random() < 0.5:
                    del c["resources"]
                else:
                    c["resources"] = {"limits": {"cpu": rng.choice(["200m", "1", 4])}}
            else:
                c.setdefault("volumeMounts", [])
                mutate_list(c["volumeMounts"], lambda: {"name": rng.choice(["data", "cfg", "x"]), "mountPath": "/" + str(rng.randint(0, 9))}, "mountPath")
        elif r < 0.8:
            mutate_list(ps["containers"], lambda: rand_container(rng.choice(NAMES + ["extra"])), "name")
            if not ps["containers"]:
                ps["containers"].append(rand_container("app"))
        elif r < 0.87:
            ps.setdefault("volumes", [])
            mutate_list(ps["volumes"], lambda: rand_volume(rng.choice(["data", "cfg", "tmp", "new"])), "name")
        elif r < 0.92:
            d["spec"]["strategy"] = rng.choice([{"type": "Recreate"}, {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": rng.choice([0, 1, "50%"])}}])
        elif r < 0.96:
            d["metadata"].setdefault("finalizers", [])
            mutate_list(d["metadata"]["finalizers"], lambda: rng.choice(["f/a", "f/b", "f/c", "f/d", "10", "9"]), None)
            if not d["metadata"]["finalizers"] and rng.random() < 0.5:
                del d["metadata"]["finalizers"]
        else:
            ann = d["metadata"].setdefault("annotations", {})
            k = rng.choice(["a", "b", "c", "d"])
            if k in ann and rng.random() < 0.5:
                del ann[k]
            else:
                ann[k] = rng.choice(VALUES)
    return d


gen = []
for i in range(220):
    original = rand_deployment()
    modified = mutate_deployment(original)
    r = rng.random()
    if r < 0.2:
        current = copy.deepcopy(original)
    elif r < 0.9:
        current = mutate_deployment(original, live=True)
    elif r < 0.95:
        current = None
    else:
        current = copy.deepcopy(modified)
    gen.append({"id": f"deploy-{i}", "op": "create_patch", "original": original, "modified": modified, "current": current})

for i in range(40):
    def rand_ports():
        return [{"name": n, "port": p, "protocol": rng.choice(["TCP", "UDP"])} for n, p in zip(rng.sample(["a", "b", "c", "d"], 4), rng.sample([53, 80, 443, 8080], 4))][: rng.randint(1, 4)]
    original = service(rand_ports())
    modified = copy.deepcopy(original)
    mutate_list(modified["spec"]["ports"], lambda: {"name": "n" + str(rng.randint(0, 9)), "port": rng.choice([53, 80, 81, 9000])}, "port")
    current = copy.deepcopy(original)
    if rng.random() < 0.5:
        current["spec"]["clusterIP"] = "10.0.0.9"
        for p in current["spec"]["ports"]:
            p.setdefault("targetPort", p["port"])
    gen.append({"id": f"service-{i}", "op": "create_patch", "original": original, "modified": modified, "current": current})

for i in range(40):
    def rand_data():
        return {k: rng.choice(VALUES) for k in rng.sample(["a", "b", "c", "d", "e"], rng.randint(0, 5))}
    original = configmap(rand_data(), labels={"l": rng.choice(VALUES)})
    modified = configmap(rand_data(), labels={"l": rng.choice(VALUES)})
    current = configmap(dict(original["data"], **({"live": "1"} if rng.random() < 0.3 else {})), labels=original["metadata"]["labels"])
    gen.append({"id": f"configmap-{i}", "op": "create_patch", "original": original, "modified": modified, "current": current})

for i in range(40):
    def rand_spec():
        s = {}
        for k in rng.sample(["a", "b", "c", "list", "nested", "f"], rng.randint(0, 6)):
            s[k] = {"a": rng.choice([1, "x", None, True]), "list": rng.sample([1, 2, 3], rng.randint(0, 3)),
                    "nested": {"x": rng.choice(VALUES), "y": rng.choice([1, 2.5, None])}, "f": rng.choice([0.5, 1e-7, 3, 1e22])}.get(k, rng.choice(VALUES))
        return s
    original = custom(rand_spec())
    modified = custom(rand_spec())
    gen.append({"id": f"custom-{i}", "op": "create_patch", "original": original, "modified": modified, "current": custom(rand_spec())})

write("generated.in.jsonl", gen)
print(f"{len(cases)} hand-written cases, {len(gen)} generated")
