#!/usr/bin/env bash
# Builds the Go oracle (tools/oracle: Helm v4.2.4's own Go code behind a JSON-lines protocol)
# into a cache outside the clone, keyed by a hash of its sources, and prints the binary's path.
# Idempotent: when the sources have not changed, a second call only prints.
#
#   "$(tools/oracle.sh)" < requests.jsonl > responses.jsonl
#
# The link flags are those of tools/reference-helm.sh (Helm's release Makefile), so that
# .Capabilities.HelmVersion in the oracle is what the reference `helm` binary reports.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HELM_VERSION=v4.2.4
HELM_COMMIT=3900f434fd3ef2b84065dc04508df48f288dba00
src=$RUDDER_ROOT/tools/oracle
pkg=helm.sh/helm/v4/internal/version
ldflags="-w -s -X $pkg.version=$HELM_VERSION -X $pkg.gitCommit=$HELM_COMMIT -X $pkg.gitTreeState=clean"

# The key covers everything that goes into the binary: module files, Go sources, link flags
# and the toolchain.
hash=$(
  cd "$src"
  {
    printf '%s\n' "$ldflags" "$(go env GOVERSION)"
    for f in go.mod go.sum $(LC_ALL=C ls ./*.go); do
      printf '%s\n' "$f"
      cat "$f"
    done
  } | sha256sum | cut -c1-16
)
dir=$RUDDER_CACHE/oracle/$hash
bin=$dir/oracle

build() {
  [ -x "$bin" ] && return 0
  command -v go >/dev/null || die "go is not installed; the oracle is built from Go modules"
  log "building the Go oracle into $dir (once per source change; a minute or two)"
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp"
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$dir.tmp/oracle" .) >&2
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
}

with_lock "$dir.lock" build
printf '%s\n' "$bin"
