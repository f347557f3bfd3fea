# Shared shell helpers for the tools/ scripts. Source it; do not run it.
#
# Every build cache lives outside the clone, under RUDDER_CACHE (default ~/.cache/rudder),
# so that CI and later runs on the same machine reuse it.

RUDDER_CACHE=${RUDDER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rudder}
export RUDDER_CACHE
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$RUDDER_CACHE/target}
export GOFLAGS=${GOFLAGS:--buildvcs=false}
# Go's module and build caches default to ~/go/pkg/mod and ~/.cache/go-build: already outside the clone.

RUDDER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export RUDDER_ROOT

# log MESSAGE...: a diagnostic line on stderr (stdout is kept for what a script prints as its result).
log() { printf '%s\n' "$*" >&2; }

# die MESSAGE...: the message on stderr, then exit 1.
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# with_lock FILE COMMAND...: runs COMMAND holding an exclusive lock on FILE, so that two
# concurrent runs (two test processes, say) do not build the same thing twice at once.
with_lock() {
  local file=$1; shift
  mkdir -p "$(dirname "$file")"
  (
    flock 9
    "$@"
  ) 9>"$file"
}
