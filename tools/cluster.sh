#!/usr/bin/env bash
# A local Kubernetes cluster made of real components, with no container engine: an embedded
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler (all Kubernetes v1.36.3, one
# multi-call binary built from tools/cluster/) and kwok, which plays the kubelets of two fake
# Nodes (Pods are scheduled for real, then reported Running and Ready; run-once Pods complete).
# Everything listens on 127.0.0.1 only. See tools/cluster/README.md.
#
#   tools/cluster.sh build            build (once per change of tools/cluster/); prints the bin dir
#   tools/cluster.sh up               start the cluster; prints the kubeconfig path on stdout
#   tools/cluster.sh down             stop every process and remove the state directory
#   tools/cluster.sh status           up/down and per-component health (exit 0 up, 1 down, 2 unhealthy)
#   tools/cluster.sh kubeconfig       print the kubeconfig path (fails when down)
#   tools/cluster.sh kubectl ARGS...  the bundled kubectl, pointed at the running cluster
#
# `up` while the cluster is already up and healthy prints the same kubeconfig path and exits 0.
# One cluster per user: its state directory (a fresh temp dir) is found through the symlink
# ${TMPDIR:-/tmp}/rudder-cluster-UID, which `down` removes along with the directory. Set
# RUDDER_CLUSTER_NAME=NAME to run another one beside it (link rudder-cluster-UID-NAME).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KUBE_VERSION=v1.36.3
KUBE_BUILD_DATE=2026-07-22T18:07:38Z # the v1.36.3 tag's time, as the Go module proxy reports it
KWOK_VERSION=v0.8.0
SERVICE_CIDR=10.96.0.0/12
SERVICE_IP=10.96.0.1
# What the `kubernetes` Service's endpoints name. The API server listens on 127.0.0.1 only, but
# Endpoints may not hold a loopback address, so it advertises one from TEST-NET-2 (RFC 5737);
# the Nodes' addresses come from there too. Nothing connects to them (see the egress selector).
ADVERTISE_IP=198.51.100.1
NODE_IP_PREFIX=198.51.100.
NODES=(kwok-node-0 kwok-node-1)
UP_TIMEOUT=60        # seconds allowed for each wait of `up` (it normally takes ~10s in all)
STOP_GRACE=10        # seconds between SIGTERM and SIGKILL in `down`
# Start order (`down` stops the clients first, then the API server, then etcd).
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

src=$RUDDER_ROOT/tools/cluster
# RUDDER_CLUSTER_NAME (optional) selects another cluster, for runs that must not share one.
suffix=${RUDDER_CLUSTER_NAME:+-$RUDDER_CLUSTER_NAME}
[[ $suffix =~ ^[-A-Za-z0-9_.]*$ ]] || die "RUDDER_CLUSTER_NAME may hold only letters, digits, '-', '_' and '.'"
link=${TMPDIR:-/tmp}/rudder-cluster-$(id -u)$suffix
state_lock=$RUDDER_CACHE/cluster/state$suffix.lock

# ---------------------------------------------------------------------------------- build

# build_key: a hash of everything the binaries and the kwok stages are made from.
build_key() {
  local files
  files=$(cd "$src" && find . -maxdepth 2 -type f \
    \( -name go.mod -o -name go.sum -o -name '*.go' -o -name '*.yaml' \) | LC_ALL=C sort)
  {
    printf 'kwok %s\nkube %s\n' "$KWOK_VERSION" "$KUBE_VERSION"
    go env GOVERSION
    # shellcheck disable=SC2086 # the file names come from find above and have no spaces
    (cd "$src" && sha256sum $files)
  } | sha256sum | cut -c1-16
}

# with_heartbeat COMMAND...: runs COMMAND, saying every minute that it still runs (a cold build
# of Kubernetes is silent for many minutes).
with_heartbeat() {
  local start=$SECONDS next=$((SECONDS + 60)) pid
  "$@" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if [ $SECONDS -ge $next ] && kill -0 "$pid" 2>/dev/null; then
      log "  ... still building ($((SECONDS - start))s)"
      next=$((next + 60))
    fi
  done
  wait "$pid"
}

# build_into DIR: DIR/bin/{cluster,kwok} and DIR/etc/ (kwok stages, manifests), atomically.
build_into() {
  local dir=$1
  [ -x "$dir/bin/cluster" ] && [ -x "$dir/bin/kwok" ] && return 0
  local tmp=$dir.tmp start=$SECONDS
  rm -rf "$tmp"
  mkdir -p "$tmp/bin" "$tmp/etc"
  log "building the cluster binaries into $dir"
  log "  (the first build compiles Kubernetes and takes a long while; later ones reuse Go's cache)"
  local v=k8s.io/component-base/version cv=k8s.io/client-go/pkg/version ldflags="" pkg minor
  minor=${KUBE_VERSION#v1.}
  minor=${minor%%.*}
  for pkg in $v $cv; do
    ldflags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$KUBE_BUILD_DATE"
  done
  log "  go build tools/cluster (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl $KUBE_VERSION)"
  (cd "$src" && with_heartbeat go build -ldflags "$ldflags" -o "$tmp/bin/cluster" .) >&2
  log "  done in $((SECONDS - start))s; go install sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  # kwok has its own module graph (other k8s.io versions), so it is built on its own, by
  # `go install PKG@VERSION` run outside any module (as tools/reference-helm.sh does).
  (cd "$tmp" && GOBIN="$tmp/bin" with_heartbeat go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION") >&2
  cp "$src"/kwok/*.yaml "$tmp/etc/"
  rm -rf "$dir"
  mv "$tmp" "$dir"
  log "  built in $((SECONDS - start))s"
}

# ensure_built: builds if needed; sets bin_dir and etc_dir.
ensure_built() {
  command -v go >/dev/null || die "go is not installed; the cluster binaries are built from Go modules"
  local key
  key=$(build_key)
  local dir=$RUDDER_CACHE/cluster/$key
  with_lock "$dir.lock" build_into "$dir"
  touch "$dir"
  bin_dir=$dir/bin
  etc_dir=$dir/etc
  # Drop builds unused for a week (each is a few hundred MB).
  find "$RUDDER_CACHE/cluster" -mindepth 1 -maxdepth 1 -type d -mtime +7 ! -name "$key" \
    -exec rm -rf {} + 2>/dev/null || true
}

# ---------------------------------------------------------------------------------- state

# current_state: prints the running cluster's state dir; fails if there is none.
current_state() {
  [ -L "$link" ] || return 1
  local dir
  dir=$(readlink "$link")
  [ -f "$dir/cluster.env" ] || return 1
  printf '%s\n' "$dir"
}

# load_state DIR: sources DIR/cluster.env (bin_dir and the ports).
load_state() {
  state=$1
  # shellcheck source=/dev/null
  source "$state/cluster.env"
}

pid_of() { cat "$state/run/$1.pid" 2>/dev/null; }

# alive NAME: the component's process exists and is still ours (its command line names the
# state dir, so a recycled pid is not mistaken for it).
alive() {
  local pid
  pid=$(pid_of "$1") || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$state" || return 1
}

# api PATH...: curl against the API server as the cluster admin.
api() {
  curl -fsS --max-time 5 --cacert "$state/pki/ca.crt" --cert "$state/pki/admin.crt" \
    --key "$state/pki/admin.key" "https://127.0.0.1:$apiserver_port$1" "${@:2}"
}

# healthy NAME: the component answers its health endpoint.
healthy() {
  local tls=(--max-time 3 --cacert "$state/pki/ca.crt")
  case $1 in
    etcd) curl -fsS --max-time 3 "http://127.0.0.1:$etcd_port/health" 2>/dev/null | grep -q '"health":"true"' ;;
    kube-apiserver) [ "$(curl -fsS "${tls[@]}" "https://127.0.0.1:$apiserver_port/readyz" 2>/dev/null)" = ok ] ;;
    kube-controller-manager) [ "$(curl -fsS "${tls[@]}" "https://127.0.0.1:$controller_manager_port/healthz" 2>/dev/null)" = ok ] ;;
    kube-scheduler) [ "$(curl -fsS "${tls[@]}" "https://127.0.0.1:$scheduler_port/healthz" 2>/dev/null)" = ok ] ;;
    kwok) curl -fsS --max-time 3 "http://127.0.0.1:$kwok_port/healthz" >/dev/null 2>&1 ;;
  esac
}

all_healthy() {
  local name
  for name in "${COMPONENTS[@]}"; do alive "$name" && healthy "$name" || return 1; done
}

any_alive() {
  local name
  for name in "${COMPONENTS[@]}"; do alive "$name" && return 0; done
  return 1
}

# ready_nodes: how many kwok nodes are Ready and no longer tainted not-ready.
ready_nodes() {
  api "/api/v1/nodes?labelSelector=type%3Dkwok" 2>/dev/null | jq '[.items[]
    | select(any(.status.conditions[]?; .type == "Ready" and .status == "True"))
    | select(all(.spec.taints[]?; .key != "node.kubernetes.io/not-ready"))] | length' 2>/dev/null ||
    echo 0
}

# group_alive PGID: some process of the group is still running. Zombies do not count: the
# components are reparented to init once `up` returns, and init reaps them when it gets to it.
group_alive() {
  ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# stop NAME...: SIGTERM the components' process groups, then SIGKILL what is left of them after
# STOP_GRACE seconds.
stop() {
  local name pid groups=() deadline
  for name in "$@"; do
    alive "$name" || continue
    pid=$(pid_of "$name")
    groups+=("$pid")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  deadline=$((SECONDS + STOP_GRACE))
  while [ ${#groups[@]} -gt 0 ]; do
    local still=()
    for pid in "${groups[@]}"; do
      if group_alive "$pid"; then still+=("$pid"); fi
    done
    groups=("${still[@]}")
    [ ${#groups[@]} -gt 0 ] || break
    if [ $SECONDS -ge $deadline ]; then
      log "  process group(s) ${groups[*]} did not stop within ${STOP_GRACE}s; killing them"
      for pid in "${groups[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
      deadline=$((SECONDS + 5))
    fi
    sleep 0.1
  done
}

# stop_processes: stops the clients of the API server, then the API server, then etcd (each
# drains cleanly only while what it talks to still runs); then kills any straggler whose
# command line names the state dir.
stop_processes() {
  stop kwok kube-scheduler kube-controller-manager
  stop kube-apiserver
  stop etcd
  local i pid
  for i in $(seq 1 25); do
    pgrep -f "$state" >/dev/null 2>&1 || return 0
    if [ "$i" -gt 1 ]; then
      for pid in $(pgrep -f "$state"); do kill -KILL "$pid" 2>/dev/null || true; done
    fi
    sleep 0.2
  done
  die "processes of $state survive: $(pgrep -f "$state" | tr '\n' ' ')"
}

remove_state() {
  stop_processes
  rm -rf "$state"
  [ "$(readlink "$link" 2>/dev/null)" = "$state" ] && rm -f "$link"
  return 0
}

# ---------------------------------------------------------------------------------- up

# start NAME COMMAND...: runs COMMAND in its own session (so its process group can be
# signalled as one), logs to logs/NAME.log, pid in run/NAME.pid. Stdin, stdout and the lock's
# descriptor are not inherited: `$(tools/cluster.sh up)` returns once up is done.
start() {
  local name=$1; shift
  setsid "$@" </dev/null >"$state/logs/$name.log" 2>&1 9>&- &
  printf '%s\n' "$!" >"$state/run/$name.pid"
  started+=("$name")
}

# fail_startup MESSAGE: the tail of the log of every component that died (or of all of them if
# none did), then the message; the caller's trap cleans up.
fail_startup() {
  local name dead=()
  for name in "${started[@]}"; do alive "$name" || dead+=("$name"); done
  [ ${#dead[@]} -gt 0 ] || dead=("${started[@]}")
  for name in "${dead[@]}"; do
    log ""
    log "---- last lines of $state/logs/$name.log"
    tail -n 25 "$state/logs/$name.log" >&2 || true
  done
  log ""
  die "$*"
}

# wait_for WHAT COMMAND...: polls COMMAND until it succeeds; fails if a started component
# dies or after UP_TIMEOUT seconds.
wait_for() {
  local what=$1; shift
  local deadline=$((SECONDS + UP_TIMEOUT)) name
  until "$@"; do
    for name in "${started[@]}"; do
      alive "$name" || fail_startup "$name exited while waiting for $what"
    done
    [ $SECONDS -lt $deadline ] || fail_startup "timed out after ${UP_TIMEOUT}s waiting for $what"
    sleep 0.1
  done
}

# elapsed: seconds since t0 (an $EPOCHREALTIME), to a tenth.
elapsed() {
  local us=$((${EPOCHREALTIME/./} - ${t0/./}))
  printf '%d.%ds' $((us / 1000000)) $((us / 100000 % 10))
}

# node_manifest INDEX NAME: a Node as kwokctl creates them, managed by kwok through the
# kwok.x-k8s.io/node=fake annotation.
node_manifest() {
  local i=$1 name=$2
  cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/hostname: $name
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    beta.kubernetes.io/os: linux
    beta.kubernetes.io/arch: amd64
    node-role.kubernetes.io/agent: ""
spec:
  podCIDR: 10.244.$i.0/24
  podCIDRs: [10.244.$i.0/24]
status:
  addresses:
  - {type: InternalIP, address: $NODE_IP_PREFIX$((i + 10))}
  - {type: Hostname, address: $name}
  allocatable: {cpu: "16", memory: 64Gi, pods: "110", ephemeral-storage: 100Gi}
  capacity: {cpu: "16", memory: 64Gi, pods: "110", ephemeral-storage: 100Gi}
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
    osImage: kwok
    kernelVersion: kwok-$KWOK_VERSION
    kubeletVersion: $KUBE_VERSION
    kubeProxyVersion: $KUBE_VERSION
    containerRuntimeVersion: kwok://$KWOK_VERSION
    machineID: ""
    systemUUID: ""
    bootID: ""
EOF
}

cluster_objects() {
  local i
  for i in "${!NODES[@]}"; do node_manifest "$i" "${NODES[$i]}"; done
  cat <<'EOF'
---
# The default StorageClass; kwok's volume stages (tools/cluster/kwok/volumes.yaml) provision it.
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: rudder.dev/kwok-volume
reclaimPolicy: Delete
volumeBindingMode: Immediate
EOF
}

nodes_ready() { [ "$(ready_nodes)" -eq ${#NODES[@]} ]; }
default_service_account() { api /api/v1/namespaces/default/serviceaccounts/default >/dev/null 2>&1; }

# cleanup_failed_up: the EXIT trap while `up` starts things: on failure, undo it all.
cleanup_failed_up() {
  local status=$?
  [ "$status" -eq 0 ] && return 0
  log "cleaning up $state"
  remove_state
  exit "$status"
}

# up_locked: `up`, holding the state lock.
up_locked() {
  local existing
  if existing=$(current_state); then
    load_state "$existing"
    if all_healthy; then
      log "the cluster is already up (state $state; tools/cluster.sh status for details)"
      printf '%s\n' "$state/kubeconfig"
      return 0
    fi
    any_alive && die "a cluster is up at $state but not healthy (tools/cluster.sh status says how); stop it with tools/cluster.sh down"
    log "removing the state of a cluster that no longer runs ($state)"
    remove_state
  elif [ -e "$link" ] || [ -L "$link" ]; then
    log "removing the stale record $link"
    rm -rf "$link"
  fi

  ensure_built
  t0=$EPOCHREALTIME
  local bin=$bin_dir/cluster ports
  state=$(mktemp -d "${TMPDIR:-/tmp}/rudder-cluster.XXXXXXXX")
  ln -sfn "$state" "$link"
  started=()
  # From here, a failure stops what was started and removes the state.
  trap cleanup_failed_up EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM HUP
  mkdir -p "$state/logs" "$state/run" "$state/kwok" "$state/home"
  mapfile -t ports < <("$bin" ports 6)
  [ ${#ports[@]} -eq 6 ] || die "could not pick free ports on 127.0.0.1"
  etcd_port=${ports[0]} etcd_peer_port=${ports[1]} apiserver_port=${ports[2]}
  controller_manager_port=${ports[3]} scheduler_port=${ports[4]} kwok_port=${ports[5]}
  cat >"$state/cluster.env" <<EOF
bin_dir=$(printf '%q' "$bin_dir")
etcd_port=$etcd_port
etcd_peer_port=$etcd_peer_port
apiserver_port=$apiserver_port
controller_manager_port=$controller_manager_port
scheduler_port=$scheduler_port
kwok_port=$kwok_port
EOF
  "$bin" pki --dir "$state/pki" --server "https://127.0.0.1:$apiserver_port" --service-ip "$SERVICE_IP"
  cp "$state/pki/admin.kubeconfig" "$state/kubeconfig"
  cp "$etc_dir"/*.yaml "$state/kwok/"
  local pki=$state/pki
  # The API server's connections into the cluster network (to Pods, Services and Nodes: logs,
  # exec, proxy, admission webhooks, aggregated APIs, conversion webhooks) go through an HTTP
  # CONNECT proxy at a Unix socket that does not exist, so they fail at once, on this machine,
  # and say why in the socket's name: nothing runs behind those addresses, and without this they
  # would be sent to the default route.
  cat >"$state/egress-selector.yaml" <<EOF
apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: HTTPConnect
    transport:
      uds:
        udsName: $state/no-pod-network-in-this-cluster.sock
EOF

  start etcd "$bin" etcd --data-dir "$state/etcd" \
    --client-url "http://127.0.0.1:$etcd_port" --peer-url "http://127.0.0.1:$etcd_peer_port"
  wait_for "etcd to be healthy" healthy etcd

  start kube-apiserver "$bin" kube-apiserver \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --advertise-address="$ADVERTISE_IP" --secure-port="$apiserver_port" \
    --cert-dir="$pki" --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
    --allow-privileged=true \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --requestheader-client-ca-file="$pki/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$pki/front-proxy-client.crt" --proxy-client-key-file="$pki/front-proxy-client.key" \
    --enable-aggregator-routing=true --egress-selector-config-file="$state/egress-selector.yaml" \
    --profiling=false
  wait_for "kube-apiserver to be ready" healthy kube-apiserver
  log "kube-apiserver ready after $(elapsed)"

  # Both serve their health endpoints with the API server's certificate (it names 127.0.0.1),
  # and delegate authentication and authorization of other requests to the API server.
  local serving=(--bind-address=127.0.0.1 --cert-dir="$pki"
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key"
    --client-ca-file="$pki/ca.crt" --requestheader-client-ca-file="$pki/front-proxy-ca.crt"
    --leader-elect=false --profiling=false)
  start kube-controller-manager "$bin" kube-controller-manager "${serving[@]}" \
    --secure-port="$controller_manager_port" \
    --kubeconfig="$pki/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$pki/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$pki/controller-manager.kubeconfig" \
    --use-service-account-credentials=true \
    --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" --allocate-node-cidrs=false \
    --node-monitor-period=2s
  start kube-scheduler "$bin" kube-scheduler "${serving[@]}" \
    --secure-port="$scheduler_port" \
    --kubeconfig="$pki/scheduler.kubeconfig" \
    --authentication-kubeconfig="$pki/scheduler.kubeconfig" \
    --authorization-kubeconfig="$pki/scheduler.kubeconfig"
  # kwok's own HOME, so it neither reads nor writes ~/.kwok.
  local kwok_configs=() config
  for config in "$state"/kwok/*.yaml; do kwok_configs+=(--config="$config"); done
  start kwok env HOME="$state/home" "$bin_dir/kwok" \
    --kubeconfig="$pki/admin.kubeconfig" \
    "${kwok_configs[@]}" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --server-address="127.0.0.1:$kwok_port" --node-lease-duration-seconds=40

  cluster_objects | KUBECACHEDIR=$state/kube-cache "$bin" kubectl --kubeconfig "$state/kubeconfig" \
    apply -f - >"$state/logs/objects.log" 2>&1 ||
    fail_startup "could not create the nodes (see $state/logs/objects.log): $(cat "$state/logs/objects.log")"
  wait_for "kube-controller-manager to be healthy" healthy kube-controller-manager
  wait_for "kube-scheduler to be healthy" healthy kube-scheduler
  wait_for "kwok to be healthy" healthy kwok
  wait_for "${#NODES[@]} Ready nodes" nodes_ready
  wait_for "the default ServiceAccount" default_service_account

  trap - EXIT INT TERM HUP
  log "cluster up in $(elapsed): Kubernetes $KUBE_VERSION at https://127.0.0.1:$apiserver_port, ${#NODES[@]} kwok nodes Ready (state $state)"
  printf '%s\n' "$state/kubeconfig"
}

# ---------------------------------------------------------------------------------- commands

cmd_up() { with_lock "$state_lock" up_locked; }

down_locked() {
  local dir
  if ! dir=$(current_state); then
    if [ -L "$link" ] || [ -e "$link" ]; then
      dir=$(readlink "$link" || true)
      if [ -n "$dir" ] && [ -d "$dir" ]; then
        # A half-made state dir (no cluster.env yet): nothing can be running from it but strays.
        state=$dir
        remove_state
      fi
      rm -rf "$link"
    fi
    log "the cluster is down"
    return 0
  fi
  load_state "$dir"
  log "stopping the cluster ($state)"
  remove_state
  log "the cluster is down"
}

cmd_down() { with_lock "$state_lock" down_locked; }

cmd_status() {
  local dir
  if ! dir=$(current_state); then
    echo "down"
    return 1
  fi
  load_state "$dir"
  if ! any_alive; then
    echo "down (no process of $state runs; tools/cluster.sh down or up removes it)"
    return 1
  fi
  local name ok=true pid health
  echo "up: https://127.0.0.1:$apiserver_port (Kubernetes $KUBE_VERSION, kwok $KWOK_VERSION)"
  echo "  state:      $state"
  echo "  kubeconfig: $state/kubeconfig"
  for name in "${COMPONENTS[@]}"; do
    pid=$(pid_of "$name" || echo -)
    if ! alive "$name"; then
      health="not running"
      ok=false
    elif healthy "$name"; then
      health="healthy"
    else
      health="unhealthy"
      ok=false
    fi
    printf '  %-24s pid %-8s %s\n' "$name" "$pid" "$health"
  done
  if alive kube-apiserver && healthy kube-apiserver; then
    printf '  %-24s %s/%s Ready\n' nodes "$(ready_nodes)" "${#NODES[@]}"
  fi
  $ok || { echo "unhealthy: tools/cluster.sh down, then up, starts afresh"; return 2; }
}

cmd_kubeconfig() {
  local dir
  dir=$(current_state) || die "the cluster is down (start it with tools/cluster.sh up)"
  printf '%s\n' "$dir/kubeconfig"
}

cmd_kubectl() {
  local dir
  dir=$(current_state) || die "the cluster is down (start it with tools/cluster.sh up)"
  load_state "$dir"
  # Its discovery cache goes with the cluster, not into ~/.kube/cache (a new port every time).
  KUBECACHEDIR=${KUBECACHEDIR:-$state/kube-cache} exec "$bin_dir/cluster" kubectl --kubeconfig "$state/kubeconfig" "$@"
}

cmd_build() {
  ensure_built
  printf '%s\n' "$bin_dir"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 1 ] || usage
command=$1
shift
case $command in
  up | down | status | kubeconfig | build)
    [ $# -eq 0 ] || die "$command takes no arguments"
    "cmd_$command"
    ;;
  kubectl) cmd_kubectl "$@" ;;
  -h | --help | help) usage ;;
  *) log "unknown command: $command"; usage ;;
esac
