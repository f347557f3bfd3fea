#!/usr/bin/env bash
# Builds the reference Helm (v4.2.4) from Go modules with this machine's Go toolchain, into a
# cache outside the clone, and prints the binary's path. Idempotent: a second call only prints.
#
#   "$(tools/reference-helm.sh)" version
#
# The link flags are those of Helm's release Makefile, so `helm version` reports what a
# release binary reports (version, commit and tree state of the v4.2.4 tag).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HELM_VERSION=v4.2.4
HELM_COMMIT=3900f434fd3ef2b84065dc04508df48f288dba00
dir=$RUDDER_CACHE/reference-helm/$HELM_VERSION
bin=$dir/bin/helm

build() {
  [ -x "$bin" ] && return 0
  command -v go >/dev/null || die "go is not installed; the reference Helm is built from Go modules"
  log "building the reference Helm $HELM_VERSION into $dir (once; a few minutes)"
  local pkg=helm.sh/helm/v4/internal/version
  local ldflags="-w -s -X $pkg.version=$HELM_VERSION -X $pkg.gitCommit=$HELM_COMMIT -X $pkg.gitTreeState=clean"
  rm -rf "$dir/bin.tmp"
  mkdir -p "$dir/bin.tmp"
  # go install refuses GOBIN with a module path outside a module; run it from a neutral directory.
  (cd "$dir" && CGO_ENABLED=0 GOBIN="$dir/bin.tmp" go install -trimpath -ldflags "$ldflags" \
    "helm.sh/helm/v4/cmd/helm@$HELM_VERSION") >&2
  rm -rf "$dir/bin"
  mv "$dir/bin.tmp" "$dir/bin"
}

with_lock "$dir.lock" build
printf '%s\n' "$bin"
