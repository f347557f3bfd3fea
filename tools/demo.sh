#!/usr/bin/env bash
# The demo: sets everything up from nothing and runs the main job.
#
#   tools/demo.sh [--keep]
#
# 1. installs what is missing and builds the reference Helm, the Go oracle and the local
#    Kubernetes cluster (tools/setup.sh; cached outside the clone, so the second run is fast);
# 2. builds rudder (release profile);
# 3. starts the local cluster (real etcd, kube-apiserver, controller-manager, scheduler, and kwok
#    nodes) and installs, upgrades and rolls back the example chart examples/charts/hello on it,
#    then uninstalls it. Each step runs with rudder where rudder has the command, otherwise with
#    the reference Helm, and says which (see the README's status table);
# 4. stops the cluster (unless --keep: then it prints how to reach it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$RUDDER_ROOT"

keep=false
[ "${1:-}" = "--keep" ] && keep=true
start=$SECONDS
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }

say "[1/4] setting up (reference Helm, Go oracle, local cluster binaries, cargo-nextest)"
tools/setup.sh

say "[2/4] building rudder"
cargo build --release --locked -p rudder-cli --bin rudder
rudder=$CARGO_TARGET_DIR/release/rudder
helm=$(tools/reference-helm.sh)
"$rudder" version

say "[3/4] starting the local Kubernetes cluster"
kubeconfig=$(tools/cluster.sh up)
$keep || trap 'tools/cluster.sh down' EXIT
tools/cluster.sh kubectl get nodes -o wide

# tool COMMAND: rudder if it has COMMAND, else the reference Helm (until that capability lands).
tool() {
  if "$rudder" "$1" --help >/dev/null 2>&1; then
    printf '%s\n' "$rudder"
  else
    printf '%s\n' "$helm"
  fi
}
run() {
  local bin=$1; shift
  printf '$ %s %s\n' "$(basename "$bin")" "$*"
  "$bin" --kubeconfig "$kubeconfig" "$@"
}

say "[4/4] install, upgrade, rollback, uninstall of examples/charts/hello"
run "$(tool install)" install demo examples/charts/hello --wait --timeout 2m
tools/cluster.sh kubectl get deploy,pods,svc,cm -l app.kubernetes.io/instance=demo
run "$(tool upgrade)" upgrade demo examples/charts/hello --set message="Hello again" --set replicaCount=3 --wait --timeout 2m
run "$(tool history)" history demo
run "$(tool rollback)" rollback demo 1 --wait --timeout 2m
run "$(tool history)" history demo
run "$(tool list)" list
tools/cluster.sh kubectl get deploy -l app.kubernetes.io/instance=demo
run "$(tool uninstall)" uninstall demo --wait

say "demo finished in $((SECONDS - start))s"
if $keep; then
  echo "the cluster is still up: export KUBECONFIG=$kubeconfig   (stop it with tools/cluster.sh down)"
fi
