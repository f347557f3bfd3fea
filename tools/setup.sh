#!/usr/bin/env bash
# Installs what the test suite and the demo need on a fresh machine, idempotently:
# Debian packages, cargo-nextest, and the Go-built tools (reference Helm, Go oracle, local
# Kubernetes cluster), all cached outside the clone (see tools/lib.sh). Safe to run again:
# everything already present is skipped in well under a second.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

apt_packages=()
command -v flock >/dev/null || apt_packages+=(util-linux)
command -v git >/dev/null || apt_packages+=(git)
command -v python3 >/dev/null || apt_packages+=(python3)
command -v perl >/dev/null || apt_packages+=(perl)
command -v jq >/dev/null || apt_packages+=(jq)
command -v openssl >/dev/null || apt_packages+=(openssl)
# PostgreSQL for the SQL release driver's tests (server binaries under /usr/lib/postgresql).
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || apt_packages+=(postgresql)
if [ ${#apt_packages[@]} -gt 0 ]; then
  log "installing Debian packages: ${apt_packages[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >&2
fi

command -v go >/dev/null || die "Go is required (the reference Helm, the oracle and the cluster are built from Go modules)"
command -v cargo >/dev/null || die "Rust (cargo) is required"

# cargo-nextest runs the Rust tests; installed once into the cache.
tools_root=$RUDDER_CACHE/tools
if [ ! -x "$tools_root/bin/cargo-nextest" ]; then
  log "installing cargo-nextest into $tools_root (once)"
  # Without the self-update feature: no HTTP stack to compile, and updates come through setup.
  with_lock "$tools_root.lock" cargo install --quiet --locked cargo-nextest --version 0.9.151 \
    --no-default-features --features default-no-update --root "$tools_root" >&2
fi

"$RUDDER_ROOT/tools/reference-helm.sh" >/dev/null
[ -x "$RUDDER_ROOT/tools/oracle.sh" ] && "$RUDDER_ROOT/tools/oracle.sh" >/dev/null
[ -x "$RUDDER_ROOT/tools/cluster.sh" ] && "$RUDDER_ROOT/tools/cluster.sh" build >/dev/null
log "setup complete"
