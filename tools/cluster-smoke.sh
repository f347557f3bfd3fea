#!/usr/bin/env bash
# Proves the local cluster (tools/cluster.sh) end to end, and stops it whatever happens:
#
#   tools/cluster-smoke.sh
#
# builds it (cached), starts it, checks that the kwok nodes are Ready; that a Deployment becomes
# Available, a Job completes, a StatefulSet (with a volume claim) and a DaemonSet roll out, a
# LoadBalancer Service gets an address, and that deleting them all leaves nothing; that
# the reference Helm installs, lists, reports and uninstalls a corpus chart (metrics-server),
# and installs another with --wait (kstatus watcher) and runs its test hook (alertmanager); then
# stops the cluster and checks that none of its processes and none of its files survive.
# Exits non-zero on any failure. Refuses to run while a cluster is already up, since it stops
# the cluster it used.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$RUDDER_ROOT"

CORPUS=${RUDDER_CORPUS:-/work/shared/corpus}/charts
METRICS_SERVER=$CORPUS/kubernetes-sigs__metrics-server/charts__metrics-server
ALERTMANAGER=$CORPUS/prometheus-community__helm-charts/charts__alertmanager
NS=smoke
TIMEOUT=60s

cluster=tools/cluster.sh
kubectl() { "$cluster" kubectl "$@"; }

timings=()
phase_start=$SECONDS
# lap NAME: records the time since the previous lap.
lap() {
  timings+=("$1 $((SECONDS - phase_start))s")
  phase_start=$SECONDS
}
fail() { die "smoke test: $*"; }

"$cluster" status >/dev/null 2>&1 &&
  fail "a cluster is already up; this test starts and stops its own (tools/cluster.sh down first)"
[ -d "$METRICS_SERVER" ] || fail "corpus chart not found: $METRICS_SERVER"
[ -d "$ALERTMANAGER" ] || fail "corpus chart not found: $ALERTMANAGER"

work=$(mktemp -d "${TMPDIR:-/tmp}/rudder-cluster-smoke.XXXXXX")
# Helm's caches and configuration, and the discovery caches, stay in the work dir.
export HELM_CACHE_HOME=$work/helm/cache HELM_CONFIG_HOME=$work/helm/config HELM_DATA_HOME=$work/helm/data
export KUBECACHEDIR=$work/kube-cache
cleanup() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    log ""
    log "smoke test FAILED (exit $status); cluster state before stopping it:"
    "$cluster" status >&2 || true
    "$cluster" kubectl get nodes,pods -A -o wide >&2 2>/dev/null || true
  fi
  "$cluster" down >&2 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

log "==> build"
"$cluster" build >/dev/null
lap build

log "==> up"
up_start=$EPOCHREALTIME
kubeconfig=$("$cluster" up)
up_us=$((${EPOCHREALTIME/./} - ${up_start/./}))
up_time=$(printf '%d.%ds' $((up_us / 1000000)) $((up_us / 100000 % 10)))
[ -f "$kubeconfig" ] || fail "up printed '$kubeconfig', which is not a file"
[ "$("$cluster" kubeconfig)" = "$kubeconfig" ] || fail "kubeconfig does not print what up printed"
[ "$("$cluster" up 2>/dev/null)" = "$kubeconfig" ] || fail "a second up did not report the running cluster"
state=$(dirname "$kubeconfig")
"$cluster" status >&2 || fail "status does not report a healthy cluster"
lap up

log "==> nodes"
kubectl get nodes -o wide >&2
ready=$(kubectl get nodes -l type=kwok \
  -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$' || true)
[ "$ready" -eq 2 ] || fail "expected 2 Ready kwok nodes, found $ready"

log "==> workloads"
kubectl create namespace "$NS" >&2
kubectl apply -n "$NS" -f - >&2 <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
        readinessProbe: {httpGet: {path: /, port: 80}}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: main, image: busybox:1.37, command: [sh, -c, 'echo done']}
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: postgres:17
        volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
      - {name: agent, image: busybox:1.37, command: [sleep, infinity]}
EOF
kubectl wait -n "$NS" --for=condition=Available deployment/web --timeout=$TIMEOUT >&2 ||
  fail "the Deployment did not become Available"
kubectl wait -n "$NS" --for=condition=complete job/once --timeout=$TIMEOUT >&2 ||
  fail "the Job did not complete"
kubectl rollout status -n "$NS" statefulset/db --timeout=$TIMEOUT >&2 ||
  fail "the StatefulSet did not roll out"
kubectl wait -n "$NS" --for=jsonpath='{.status.readyReplicas}'=2 statefulset/db --timeout=$TIMEOUT >&2 ||
  fail "the StatefulSet's replicas did not become ready"
kubectl rollout status -n "$NS" daemonset/agent --timeout=$TIMEOUT >&2 ||
  fail "the DaemonSet did not roll out"
kubectl wait -n "$NS" --for=jsonpath='{.status.loadBalancer.ingress[0].ipMode}'=VIP service/web \
  --timeout=$TIMEOUT >&2 || fail "the LoadBalancer Service got no address"
kubectl get -n "$NS" deployments,statefulsets,daemonsets,jobs,pods,pvc,services -o wide >&2
# Deleting: the garbage collector removes the Pods (kwok finishes their deletion), the
# persistent-volume controller releases the claims' volumes and kwok reclaims them.
kubectl delete -n "$NS" deployment/web job/once statefulset/db daemonset/agent service/web service/db \
  --cascade=foreground --timeout=$TIMEOUT >&2 || fail "the workloads were not deleted"
kubectl delete -n "$NS" pvc --all --timeout=$TIMEOUT >&2 || fail "the volume claims were not deleted"
left=$(kubectl get pods -n "$NS" -o name)
[ -z "$left" ] || fail "pods survive their controllers' deletion: $left"
deadline=$((SECONDS + 30))
until [ -z "$(kubectl get pv -o name)" ]; do
  [ $SECONDS -lt $deadline ] || fail "volumes survive their claims: $(kubectl get pv -o name)"
  sleep 0.5
done
kubectl delete namespace "$NS" --wait=false >&2
lap workloads

log "==> helm"
helm=$(tools/reference-helm.sh)
h() { "$helm" --kubeconfig "$kubeconfig" "$@"; }

# A plain install of metrics-server: list, status, uninstall, and its objects are gone.
h install metrics-server "$METRICS_SERVER" -n metrics --create-namespace >&2 ||
  fail "helm install metrics-server failed"
release_status=$(h list -n metrics -o json | jq -r '.[] | select(.name == "metrics-server") | .status')
[ "$release_status" = deployed ] || fail "helm list shows metrics-server as '$release_status', not deployed"
h status metrics-server -n metrics >&2 || fail "helm status metrics-server failed"
kubectl wait -n metrics --for=condition=Available deployment/metrics-server --timeout=$TIMEOUT >&2 ||
  fail "the metrics-server Deployment did not become Available"
h uninstall metrics-server -n metrics --wait --timeout=$TIMEOUT >&2 || fail "helm uninstall metrics-server failed"
left=$(kubectl get deployments,services,serviceaccounts,rolebindings -n metrics \
  -l app.kubernetes.io/instance=metrics-server -o name)
left+=$(kubectl get clusterroles,clusterrolebindings,apiservices -l app.kubernetes.io/instance=metrics-server -o name)
[ -z "$left" ] || fail "objects of metrics-server survive its uninstall: $left"
[ -z "$(h list -n metrics -q)" ] || fail "helm list still shows a release in namespace metrics"

# An install with --wait (kstatus watcher: StatefulSet, PVC, Service...), then its test hook,
# a run-once Pod that kwok completes.
h install alertmanager "$ALERTMANAGER" -n monitoring --create-namespace \
  --set testFramework.enabled=true --wait --timeout=$TIMEOUT >&2 ||
  fail "helm install --wait alertmanager failed"
release_status=$(h status alertmanager -n monitoring -o json | jq -r .info.status)
[ "$release_status" = deployed ] || fail "alertmanager is '$release_status', not deployed"
h test alertmanager -n monitoring --timeout=$TIMEOUT >&2 || fail "helm test alertmanager failed"
h uninstall alertmanager -n monitoring --wait --timeout=$TIMEOUT >&2 || fail "helm uninstall alertmanager failed"
left=$(kubectl get statefulsets,services,configmaps -n monitoring -l app.kubernetes.io/instance=alertmanager -o name)
[ -z "$left" ] || fail "objects of alertmanager survive its uninstall: $left"
lap helm

log "==> down"
pids=$(cat "$state"/run/*.pid)
"$cluster" down >&2
for pid in $pids; do
  stat=$(ps -o stat= -p "$pid" 2>/dev/null || true)
  case $stat in
    "" | Z*) ;; # gone, or a zombie waiting for init to reap it
    *) fail "process $pid of the cluster survives down ($(ps -o args= -p "$pid"))" ;;
  esac
done
survivors=$(pgrep -f "$state" || true)
[ -z "$survivors" ] || fail "processes naming $state survive down: $survivors"
[ ! -e "$state" ] || fail "the state dir $state survives down"
record=${TMPDIR:-/tmp}/rudder-cluster-$(id -u)${RUDDER_CLUSTER_NAME:+-$RUDDER_CLUSTER_NAME}
if [ -e "$record" ] || [ -L "$record" ]; then fail "the state record $record survives down"; fi
if "$cluster" status >/dev/null 2>&1; then fail "status reports the cluster up after down"; fi
"$cluster" down >&2 || fail "down fails when the cluster is already down"
lap down

log ""
summary=$(printf '%s, ' "${timings[@]}")
echo "cluster smoke test passed in ${SECONDS}s: up ${up_time}; phases: ${summary%, }"
