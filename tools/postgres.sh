#!/usr/bin/env bash
# A throwaway PostgreSQL server for the SQL release driver's tests, from Debian's packages
# (/usr/lib/postgresql/*/bin: initdb, pg_ctl), listening on 127.0.0.1 only, with trust
# authentication for the superuser `rudder`. Nothing is installed system-wide and no system
# service is touched.
#
#   tools/postgres.sh up       start it (idempotent); prints the connection URL on stdout
#   tools/postgres.sh url      print the URL of the running server (fails when down)
#   tools/postgres.sh status   exit 0 when up, 1 when down
#   tools/postgres.sh down     stop it and remove its data directory
#
# The URL names the database `rudder`: postgres://rudder@127.0.0.1:PORT/rudder?sslmode=disable.
# The state (data directory, socket, log, port) lives in a fresh directory found through the
# link ${TMPDIR:-/tmp}/rudder-postgres-UID (not in the clone): PostgreSQL refuses to run as root,
# so under root the server runs as the `postgres` user, which cannot enter /root/.cache.
# RUDDER_POSTGRES_NAME=NAME runs another server beside it (link rudder-postgres-UID-NAME).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

suffix=${RUDDER_POSTGRES_NAME:+-$RUDDER_POSTGRES_NAME}
[[ $suffix =~ ^[-A-Za-z0-9_.]*$ ]] || die "RUDDER_POSTGRES_NAME may hold only letters, digits, '-', '_' and '.'"
link=${TMPDIR:-/tmp}/rudder-postgres-$(id -u)$suffix
lock=$RUDDER_CACHE/postgres/state$suffix.lock

bindir() {
  local dir
  dir=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql (tools/setup.sh installs the Debian package postgresql)"
  printf '%s\n' "$dir"
}

# as_owner COMMAND...: runs COMMAND as the user that owns the server (postgres under root).
# The lock's descriptor (9) is closed for it: the server must not inherit and hold the lock.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@" 9>&-
  else
    "$@" 9>&-
  fi
}

url_of() {
  printf 'postgres://rudder@127.0.0.1:%s/rudder?sslmode=disable\n' "$(cat "$1/port")"
}

running() {
  [ -L "$link" ] && [ -f "$link/port" ] || return 1
  as_owner "$(bindir)/pg_ctl" -D "$link/data" status >/dev/null 2>&1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

up() {
  if running; then
    url_of "$link"
    return 0
  fi
  down_now
  local bin dir port
  bin=$(bindir)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/rudder-postgres.XXXXXXXX")
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the user 'postgres' (created by the Debian package)"
    chown postgres: "$dir"
  fi
  port=$(free_port)
  log "starting PostgreSQL ($bin) on 127.0.0.1:$port in $dir"
  as_owner "$bin/initdb" -D "$dir/data" -U rudder --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  printf '%s\n' "$port" >"$dir/port"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null 2>&1 || { cat "$dir/server.log" >&2; die "PostgreSQL did not start"; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U rudder rudder
  ln -sfn "$dir" "$link"
  url_of "$dir"
}

down_now() {
  [ -L "$link" ] || return 0
  local dir
  dir=$(readlink "$link")
  if [ -d "$dir/data" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  case $dir in
    "${TMPDIR:-/tmp}"/rudder-postgres.*) rm -rf "$dir" ;;
  esac
  rm -f "$link"
}

case ${1:-} in
  up) with_lock "$lock" up ;;
  down) with_lock "$lock" down_now ;;
  url) running || die "PostgreSQL is not running (tools/postgres.sh up)"; url_of "$link" ;;
  status) running ;;
  -h|--help|"") sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command $1 (up, down, url, status)" ;;
esac
