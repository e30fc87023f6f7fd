#!/usr/bin/env bash
# A throwaway PostgreSQL for the integration tests (the `postgres` Maven profile runs this).
#
#   pg.sh start [port] [dir]   a fresh cluster under dir (default target/postgres) listening on
#                              127.0.0.1:port only (default 55432; unix socket in dir/sock), with
#                              role gatehouse (password gatehouse, CREATEDB) owning database gatehouse
#   pg.sh stop  [port] [dir]   stops that cluster; does nothing when none runs
#
# Installs Debian's postgresql package when no server binaries are found (root only). PostgreSQL
# refuses to run as root, so as root the cluster runs as the 'postgres' user. No prompts, no stdin.
set -euo pipefail
exec </dev/null

action="${1:-}"
port="${2:-${GATEHOUSE_PG_PORT:-55432}}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
dir="${3:-$root/target/postgres}"

die() { echo "pg.sh: $*" >&2; exit 1; }
log() { echo "pg.sh: $*"; }

[[ "$port" =~ ^[0-9]+$ ]] || die "port must be a number, not '$port'"
if [[ "$action" == stop && ! -d "$dir" ]]; then
  exit 0
fi
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

as_root() { [[ "$(id -u)" == 0 ]]; }

# Runs a command as the cluster's owner: 'postgres' when we are root, else ourselves.
as_owner() {
  if as_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
      echo "$d"
      return
    fi
  done
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
      echo "$d"
      return
    fi
  fi
}

ensure_installed() {
  bin="$(find_bin)"
  if [[ -n "$bin" ]]; then
    return
  fi
  as_root || die "no PostgreSQL server binaries found; install Debian's 'postgresql' package"
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL server binaries and no apt-get"
  log "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q postgresql >/dev/null; then
    apt-get update -q >/dev/null
    apt-get install -y -q postgresql >/dev/null
  fi
  bin="$(find_bin)"
  [[ -n "$bin" ]] || die "installed postgresql but found no server binaries"
}

# Where the cluster lives: dir itself, unless the postgres user cannot reach it (a checkout under
# a private home directory); then a private directory under /tmp, remembered in dir/cluster.
cluster_dir() {
  if [[ -f "$dir/cluster" ]]; then
    cat "$dir/cluster"
  else
    echo "$dir"
  fi
}

stop_cluster() {
  local c bin_dir
  c="$(cluster_dir)"
  if [[ ! -f "$c/data/postmaster.pid" ]]; then
    return 0
  fi
  bin_dir="$(find_bin)"
  [[ -n "$bin_dir" ]] || return 0
  if ! as_owner "$bin_dir/pg_ctl" -D "$c/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
    as_owner "$bin_dir/pg_ctl" -D "$c/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  log "stopped PostgreSQL ($c)"
}

start_cluster() {
  ensure_installed
  stop_cluster
  local c="$dir"
  if [[ -f "$dir/cluster" ]]; then
    rm -rf "$(cat "$dir/cluster")" "$dir/cluster"
  fi
  if as_root; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent postgres
    chown postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      c="$(mktemp -d /tmp/gatehouse-pg.XXXXXX)"
      chown postgres "$c"
      echo "$c" >"$dir/cluster"
    fi
  fi
  rm -rf "$c/data" "$c/sock" "$c/postgres.log"
  mkdir -p "$c/sock"
  chmod 700 "$c/sock"
  if as_root; then
    chown postgres "$c/sock"
  fi
  as_owner "$bin/initdb" -D "$c/data" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1 \
    || die "initdb failed: $(cat "$dir/initdb.log")"
  # Listens on loopback only; durability is not wanted for a throwaway test database.
  if ! as_owner "$bin/pg_ctl" -D "$c/data" -l "$c/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $c/sock -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null; then
    die "PostgreSQL did not start on 127.0.0.1:$port: $(tail -20 "$c/postgres.log" 2>/dev/null)"
  fi
  as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$c/sock" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE gatehouse LOGIN PASSWORD 'gatehouse' CREATEDB" \
    -c "CREATE DATABASE gatehouse OWNER gatehouse" >/dev/null
  log "PostgreSQL $("$bin/postgres" --version | sed "s/^.*(PostgreSQL) //" | cut -d" " -f1) runs on 127.0.0.1:$port ($c); database gatehouse, user gatehouse"
}

case "$action" in
  start) start_cluster ;;
  stop) stop_cluster ;;
  *) die "usage: pg.sh start|stop [port] [dir]" ;;
esac
