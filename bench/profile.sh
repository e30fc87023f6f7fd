#!/usr/bin/env bash
# Where a check's time goes: starts a Gatehouse server of its own (packaged WAR, demo on) with Java
# Flight Recorder, drives the check API with wrk (one repeated token: cache hits; then with the
# token cache off: every check verifies its signature) and prints the hottest methods and the
# allocation sites of each run. Loopback only, bounded time. Needs `mvn package` done and wrk.
# Writes bench/results/profile-<date>-<scenario>[-c<CONNS>][-<TAG>].jfr and .txt.
# CONNS=16 (wrk connections), WAR=target/gatehouse.war (the WAR to profile), TAG (a name suffix:
# before/after), ONLY=floor|hits|verify (one scenario).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-49180}
DURATION=${DURATION:-30s}
CONNS=${CONNS:-16}
WAR=${WAR:-target/gatehouse.war}
WLP=target/liberty/wlp
SERVER=gatehouse-profile
DIR=$WLP/usr/servers/$SERVER
# `jfr view` needs JDK 21+; the recording itself is made by the server's JDK.
JFR=${JFR:-$(ls -d /usr/lib/jvm/temurin-2*/bin/jfr 2>/dev/null | tail -1)}
[ -f "$WAR" ] || mvn -q -B -DskipTests package liberty:create
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
trap '"$WLP/bin/server" stop $SERVER >/dev/null 2>&1 || true' EXIT
BASE=http://127.0.0.1:$PORT
LUA=$(mktemp)
mkdir -p bench/results
STAMP=$(date -u +%Y-%m-%d)
SUFFIX=$([ "$CONNS" = 16 ] || echo "-c$CONNS")${TAG:+-$TAG}

profile() { # profile NAME CACHE [PATH]
  local name=$1 out=bench/results/profile-$STAMP-$1${SUFFIX} path=${3:-/api/v1/workspaces/demo/authorization/check}
  "$WLP/bin/server" stop $SERVER >/dev/null 2>&1 || true
  rm -rf "$DIR" && mkdir -p "$DIR/dropins"
  cp server-config/server.xml server-config/server.env "$DIR/"
  { cat server-config/jvm.options; echo "-XX:+UnlockDiagnosticVMOptions"; echo "-XX:+DebugNonSafepoints"
    echo "-XX:FlightRecorderOptions=stackdepth=128"; } > "$DIR/jvm.options"
  printf 'http.port=%s\nhttps.port=%s\n' "$PORT" "$((PORT + 363))" > "$DIR/bootstrap.properties"
  cp "$WAR" "$DIR/dropins/gatehouse.war"
  GATEHOUSE_TOKEN_CACHE_ENABLED=$2 GATEHOUSE_DEMO_ENABLED=true GATEHOUSE_ADMIN_PASSWORD=bench-password \
    "$WLP/bin/server" start $SERVER >/dev/null
  for _ in $(seq 1 120); do curl -sf "$BASE/health/ready" >/dev/null && break; sleep 0.5; done
  TOKEN=$(curl -sf -X POST "$BASE/demo/idp/token" -H 'Accept: text/plain' \
    -H 'Content-Type: application/json' -d '{"sub":"user_manager","org_role":"manager"}')
  BODY="{\"token\":\"$TOKEN\",\"resource\":\"orders\",\"action\":\"approve\",\"context\":{\"orderId\":\"o-1\",\"orderAmount\":50000}}"
  # One check first: the demo issuer's keys are fetched from this same server, before any load.
  curl -sf "$BASE/api/v1/workspaces/demo/authorization/check" -H 'Content-Type: application/json' \
    -d "$BODY" | grep -q '"allowed":true'
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "'$BODY'" > "$LUA"
  wrk -t2 -c"$CONNS" -d20s -s "$LUA" "$BASE$path" >/dev/null # JIT warm-up
  local pid; pid=$(cat "$WLP/usr/servers/.pid/$SERVER.pid")
  "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name=p settings=profile >/dev/null
  # wrk itself prints "Non-2xx or 3xx responses: N" when any answer was not a success.
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s "$LUA" "$BASE$path" | tee "$out.txt"
  "$JAVA_HOME/bin/jcmd" "$pid" JFR.stop name=p filename="$PWD/$out.jfr" >/dev/null
  if [ -n "$JFR" ]; then
    { "$JFR" view --width 160 hot-methods "$out.jfr"; "$JFR" view --width 160 allocation-by-site "$out.jfr"
      # Each sample in one part of the path, allocation sites, GC pauses (a JFR consumer: printing
      # the recording as JSON takes gigabytes).
      "$(dirname "$JFR")/java" bench/tools/JfrBreakdown.java "$out.jfr"; } >> "$out.txt" 2>&1 || true
  fi
  echo "== $name: $out.txt"
}
# ONLY=floor|hits|verify runs one scenario.
for s in floor hits verify; do
  [ -n "${ONLY:-}" ] && [ "$ONLY" != "$s" ] && continue
  case $s in
    floor) profile floor true /demo/floor ;;
    hits) profile hits true ;;
    verify) profile verify false ;;
  esac
done
rm -f "$LUA"
