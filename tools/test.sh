#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (.ci/run calls this and nothing else):
#
#   tools/test.sh
#
# Installs what is missing (tools/setup.sh), checks formatting, lints and layering, proves the
# local Kubernetes cluster, runs every Rust test (cargo nextest, with a live local cluster for
# the cluster tier), checks that the Go oracle reproduces the checked-in conformance vectors and
# answers a 10,000-case batch, prints the template conformance scoreboard, and runs the lint,
# show and create suites (identical to the reference Helm on every case but the deliberate
# divergences they name). The cluster is stopped whatever happens. Any failure fails the run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$RUDDER_ROOT"

export PATH=$RUDDER_CACHE/tools/bin:$PATH
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
summary=()
run_start=$SECONDS

step() {
  local name=$1; shift
  local start=$SECONDS
  log ""
  log "==> $name"
  "$@"
  summary+=("$(printf '%-28s %4ds' "$name" $((SECONDS - start)))")
}

cluster_up=false
postgres_up=false
finish() {
  local status=$?
  if $cluster_up; then tools/cluster.sh down >&2 || status=1; fi
  if $postgres_up; then tools/postgres.sh down >&2 || status=1; fi
  log ""
  log "==> summary"
  for line in "${summary[@]}"; do log "  $line"; done
  log "  $(printf '%-28s %4ds' total $((SECONDS - run_start)))"
  if [ "$status" -eq 0 ]; then log "PASS"; else log "FAIL (exit $status)"; fi
  exit "$status"
}
trap finish EXIT
# A signal fails the run (bash would otherwise reach the EXIT trap with the last status).
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

step "setup" tools/setup.sh
step "rustfmt" cargo fmt --all -- --check
step "layering" python3 tools/check-layers.py
step "clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
step "build tests" cargo nextest run --workspace --locked --no-run
step "cluster smoke test" tools/cluster-smoke.sh

start_cluster() {
  cluster_up=true
  RUDDER_TEST_KUBECONFIG=$(tools/cluster.sh up)
  export RUDDER_TEST_KUBECONFIG
}
step "cluster up" start_cluster
start_postgres() {
  postgres_up=true
  RUDDER_TEST_PG_URL=$(tools/postgres.sh up)
  export RUDDER_TEST_PG_URL
}
step "postgres up" start_postgres
step "rust tests" cargo nextest run --workspace --locked --no-fail-fast
step "doc tests" cargo test --workspace --locked --doc
step "cluster down" tools/cluster.sh down
cluster_up=false
step "postgres down" tools/postgres.sh down
postgres_up=false

# Same build settings as tools/oracle.sh, so the test build reuses its compiled packages.
oracle_go_tests() { (cd tools/oracle && CGO_ENABLED=0 go test -trimpath ./...); }
step "oracle go tests" oracle_go_tests
step "oracle vectors reproduce" tools/conformance-regen.sh --check
step "oracle 10k batch" tools/oracle-selftest.sh

# --min: a ratchet at the cases identical today (390 of 395: the 4 where Helm crashes are
# counted apart; .Files.Get of a binary file remains, COMPATIBILITY.md).
scoreboard() {
  cargo run --release --locked -p rudder-conformance -- template --min 391 | tee "$RUDDER_CACHE/last-scoreboard.txt"
}
step "template scoreboard" scoreboard

# lint, show and create over the same corpus charts, byte for byte against the reference Helm
# (written files included; only Helm's own Go-map orders are masked, see
# crates/rudder-conformance/src/offline.rs): every case must be identical, but the ones --known
# names (each a COMPATIBILITY.md row), which must still differ.
offline_suite() {
  cargo run --release --locked -p rudder-conformance -- "$@" --all | tee -a "$RUDDER_CACHE/last-scoreboard.txt"
}
step "lint suite" offline_suite lint
step "show suite" offline_suite show
step "create suite" offline_suite create
