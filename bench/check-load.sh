#!/usr/bin/env bash
# A quick HTTP load on the check API (loopback only, bounded time): starts a Gatehouse server of
# its own from the packaged WAR with the demo on (local issuer + seed policies), mints a token,
# and drives POST /api/v1/workspaces/demo/authorization/check with wrk at a few concurrencies.
# Needs: mvn package (or verify) done, wrk (apt-get install wrk). Writes bench/results/check-load-<date>.md
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-49080}
DURATION=${DURATION:-15s}
WLP=target/liberty/wlp
SERVER=gatehouse-bench
DIR=$WLP/usr/servers/$SERVER
[ -f target/gatehouse.war ] || mvn -q -B -DskipTests package liberty:create
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
trap '"$WLP/bin/server" stop $SERVER >/dev/null 2>&1 || true' EXIT
BASE=http://127.0.0.1:$PORT
LUA=$(mktemp)

# start_server CACHE: a fresh server (demo on) with the cache of verified tokens on or off.
start_server() {
  "$WLP/bin/server" stop $SERVER >/dev/null 2>&1 || true
  rm -rf "$DIR" && mkdir -p "$DIR/dropins"
  cp server-config/server.xml server-config/jvm.options server-config/server.env "$DIR/"
  printf 'http.port=%s\nhttps.port=%s\n' "$PORT" "$((PORT + 363))" > "$DIR/bootstrap.properties"
  cp target/gatehouse.war "$DIR/dropins/"
  GATEHOUSE_TOKEN_CACHE_ENABLED=$1 GATEHOUSE_DEMO_ENABLED=true GATEHOUSE_ADMIN_PASSWORD=bench-password \
    "$WLP/bin/server" start $SERVER >/dev/null
  for _ in $(seq 1 120); do
    curl -sf "$BASE/health/ready" >/dev/null && break
    sleep 0.5
  done
  TOKEN=$(curl -sf -X POST "http://localhost:$PORT/demo/idp/token" -H 'Accept: text/plain' \
    -H 'Content-Type: application/json' -d '{"sub":"user_manager","org_role":"manager"}')
  BODY="{\"token\":\"$TOKEN\",\"resource\":\"orders\",\"action\":\"approve\",\"context\":{\"orderAmount\":50000}}"
  curl -sf "$BASE/api/v1/workspaces/demo/authorization/check" -H 'Content-Type: application/json' \
    -d "$BODY" | grep -q '"allowed":true'
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "'$BODY'" > "$LUA"
  # Warm-up (JIT), not reported.
  wrk -t2 -c8 -d5s -s "$LUA" "$BASE/api/v1/workspaces/demo/authorization/check" >/dev/null
}

# table: one row per concurrency step.
table() {
  echo "| connections | checks/s | p50 | p99 | errors |"
  echo "|---|---|---|---|---|"
  for C in 1 4 16 64; do
    T=$(( C < 2 ? 1 : 2 ))
    R=$(wrk -t$T -c$C -d$DURATION --latency -s "$LUA" "$BASE/api/v1/workspaces/demo/authorization/check")
    RPS=$(echo "$R" | awk '/Requests\/sec/ {print $2}')
    P50=$(echo "$R" | awk '$1=="50%" {print $2}')
    P99=$(echo "$R" | awk '$1=="99%" {print $2}')
    ERR=$(echo "$R" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
    echo "| $C | $RPS | $P50 | $P99 | ${ERR:-0} |"
  done
}

mkdir -p bench/results
OUT=bench/results/check-load-$(date -u +%Y-%m-%d).md
{
  echo "# Check API load, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "POST /api/v1/workspaces/demo/authorization/check with one repeated RS256 token (demo issuer,"
  echo "order_approval allows); wrk on the same 2-core machine over loopback, $DURATION per step,"
  echo "after a 5 s warm-up. Each table is a fresh server."
  echo
  echo "## Cache of verified tokens off (every check verifies the signature)"
  echo
  start_server false
  table
  echo
  echo "## Cache of verified tokens on (the default)"
  echo
  start_server true
  table
} > "$OUT"
cat "$OUT"
rm -f "$LUA"
