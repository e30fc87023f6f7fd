#!/usr/bin/env bash
# Smoke test of the runnable jar (docs/operations.md): java -jar target/gatehouse.jar on free
# loopback ports with a temporary HOME (where the jar keeps its database) and extraction root,
# waits for /health/ready (UP), calls the admin API with the generated password, stops it with
# SIGTERM and checks that the server stopped gracefully and exited; then starts it a second
# time on the same data (the first password must still work, none is generated again) and stops it.
# Builds the jar first only when it is missing (mvn -DskipTests verify). Prints timings.
#
#   src/test/package/smoke.sh [path/to/gatehouse.jar]
set -euo pipefail
cd "$(dirname "$0")/../../.."
jar=${1:-target/gatehouse.jar}
t0=$(date +%s)

if [ ! -f "$jar" ]; then
  echo "smoke: $jar is missing; building it (mvn -DskipTests verify)"
  mvn -B -ntp -q -DskipTests verify
fi
t_built=$(date +%s)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-smoke.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # A server JVM left behind by a failed run: only the one started from this run's folder.
  for p in $(pgrep -f -- "$tmp/extract" || true); do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "smoke: FAILED: $*" >&2
  for f in "$tmp"/console-*.log; do
    [ -f "$f" ] && { echo "--- $f (last 60 lines)" >&2; tail -n 60 "$f" >&2; }
  done
  exit 1
}

# A loopback port nothing listens on (below the ephemeral range).
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  fail "no free port found"
}
http_port=$(free_port)
https_port=$(free_port)
[ "$http_port" != "$https_port" ] || https_port=$(free_port)
base="http://127.0.0.1:$http_port"
mkdir -p "$tmp/home" "$tmp/extract"

# Starts the jar in the background, console to $tmp/console-$1.log.
start() {
  HOME="$tmp/home" WLP_JAR_EXTRACT_ROOT="$tmp/extract" HTTP_PORT="$http_port" \
    HTTPS_PORT="$https_port" java -jar "$jar" >"$tmp/console-$1.log" 2>&1 &
  pid=$!
}

# Waits (up to 300 s) for /health/ready to answer 200 with status UP.
wait_ready() {
  local deadline=$(($(date +%s) + 300)) body
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || fail "java -jar exited before it was ready"
    body=$(curl -s -m 5 -w ' %{http_code}' "$base/health/ready" || true)
    if [[ "$body" == *' 200' && "$body" == *'"UP"'* ]]; then
      return
    fi
    sleep 1
  done
  fail "not ready within 300 s (last answer: $body)"
}

# SIGTERM, then waits (up to 120 s) for the launcher to exit and for no JVM of this run to remain.
stop() {
  kill -TERM "$pid"
  local deadline=$(($(date +%s) + 120))
  while kill -0 "$pid" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "java -jar still running 120 s after SIGTERM"
    sleep 0.5
  done
  wait "$pid" 2>/dev/null || true
  while pgrep -f -- "$tmp/extract" >/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "a server JVM is still running 120 s after SIGTERM"
    sleep 0.5
  done
  pid=
}

admin_get() { # user password path -> prints the HTTP status
  curl -s -m 30 -o "$tmp/admin.json" -w '%{http_code}' -u "$1:$2" "$base$3"
}

# 1. First start: a fresh database, a generated password.
s=$(date +%s)
start 1
wait_ready
t_ready1=$(($(date +%s) - s))
line=$(grep -ao "generated the admin password for user '[^']*': [^ ]*" "$tmp/console-1.log" | head -1 || true)
if [ -n "${GATEHOUSE_ADMIN_PASSWORD:-}" ]; then
  user=${GATEHOUSE_ADMIN_USER:-admin}
  password=$GATEHOUSE_ADMIN_PASSWORD
else
  [ -n "$line" ] || fail "no generated admin password in the console output"
  user=$(sed "s/.*user '\([^']*\)'.*/\1/" <<<"$line")
  password=${line##*: }
fi
[ "$(curl -s -m 30 -o /dev/null -w '%{http_code}' "$base/api/v1/admin/workspaces")" = 401 ] \
  || fail "the admin API answered without credentials"
code=$(admin_get "$user" "$password" /api/v1/admin/workspaces)
[ "$code" = 200 ] || fail "admin API: $code $(cat "$tmp/admin.json")"
s=$(date +%s)
stop
t_stop1=$(($(date +%s) - s))
grep -aq "CWWKE0036I" "$tmp/console-1.log" || fail "the server did not log its stop (CWWKE0036I)"
! grep -aq "could not be written before stopping" "$tmp/console-1.log" \
  || fail "the stop left audit records unwritten"
ls "$tmp/home/.gatehouse/gatehouse-db" >/dev/null 2>&1 \
  || fail "no database in \$HOME/.gatehouse/gatehouse-db"

# 2. Second start on the same data: the same account, no new password.
s=$(date +%s)
start 2
wait_ready
t_ready2=$(($(date +%s) - s))
! grep -aq "generated the admin password" "$tmp/console-2.log" \
  || fail "a new admin password was generated: the database did not survive the restart"
code=$(admin_get "$user" "$password" /api/v1/admin/workspaces)
[ "$code" = 200 ] || fail "admin API after the restart: $code $(cat "$tmp/admin.json")"
s=$(date +%s)
stop
t_stop2=$(($(date +%s) - s))

size=$(du -m "$jar" | cut -f1)
echo "smoke: OK ($jar, ${size} MB, ports $http_port/$https_port)"
echo "smoke: build $((t_built - t0)) s; first start to ready ${t_ready1} s, stop ${t_stop1} s;" \
  "second start ${t_ready2} s, stop ${t_stop2} s; total $(($(date +%s) - t0)) s"
