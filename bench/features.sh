#!/usr/bin/env bash
# What Liberty's features cost a trivial request (issue 17): bench/floor's WAR (one JAX-RS
# resource that parses the check body) in a server with only restfulWS-3.1 + jsonp-2.1, then
# with Gatehouse's whole feature list (server-config/server.xml), then that list without
# mpMetrics-5.1. wrk at 16 connections, 30 s warm-up and 15 s measured per server, loopback
# only, one server at a time; prints checks/s, p99 and server CPU per request (utime+stime of
# the server JVM ÷ requests). Needs target/liberty/wlp (mvn package liberty:create) and wrk.
#   bench/features.sh            # ~3 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
WLP=target/liberty/wlp
PORT=${PORT:-49690}
HZ=$(getconf CLK_TCK)
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -d "$WLP" ] || mvn -q -B -DskipTests package liberty:create
[ -f bench/floor/target/floor.war ] || mvn -q -B -f bench/floor/pom.xml package
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
BODY='{"token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzAifQ.c2ln","resource":"orders","action":"approve","context":{"orderId":"order-123","orderAmount":50000}}'
LUA=$(mktemp)
trap 'rm -f "$LUA"; [ -z "${S:-}" ] || "$WLP/bin/server" stop "$S" >/dev/null 2>&1 || true' EXIT
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "'$BODY'" > "$LUA"
ALL=$(sed -n 's:.*<feature>\(.*\)</feature>.*:\1:p' server-config/server.xml | tr '\n' ' ')
run() { # NAME FEATURE...
  local name=$1; shift
  S=features-$name
  local d=$WLP/usr/servers/$S
  rm -rf "$d"; mkdir -p "$d/dropins"
  { echo '<server><featureManager>'; for f in "$@"; do echo "<feature>$f</feature>"; done
    echo '</featureManager>'
    echo "<httpEndpoint id=\"defaultHttpEndpoint\" host=\"127.0.0.1\" httpPort=\"$PORT\" httpsPort=\"-1\"/>"
    echo '<monitor filter="JVM,ThreadPool,ConnectionPool"/></server>'; } > "$d/server.xml"
  cp server-config/jvm.options "$d/"
  cp bench/floor/target/floor.war "$d/dropins/"
  "$WLP/bin/server" start "$S" >/dev/null
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$BODY" "http://127.0.0.1:$PORT/floor/check" && break
    sleep 0.5
  done
  local pid c0 c1 out reqs
  pid=$(cat "$WLP/usr/servers/.pid/$S.pid")
  wrk -t2 -c16 -d30s -s "$LUA" "http://127.0.0.1:$PORT/floor/check" >/dev/null
  c0=$(awk '{print $14+$15}' "/proc/$pid/stat")
  out=$(wrk -t2 -c16 -d15s --latency -s "$LUA" "http://127.0.0.1:$PORT/floor/check")
  c1=$(awk '{print $14+$15}' "/proc/$pid/stat")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  printf '| %s | %s | %s | %.1f µs |\n' "$name" "$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")" \
    "$(awk '$1=="99%" {print $2}' <<<"$out")" "$(awk -v a="$c0" -v b="$c1" -v n="$reqs" -v hz="$HZ" 'BEGIN {print (b-a)/hz*1e6/n}')"
  "$WLP/bin/server" stop "$S" >/dev/null 2>&1 || true
  S=
}
echo "| features | checks/s | p99 | server CPU per request |"
echo "|---|---|---|---|"
run bare restfulWS-3.1 jsonp-2.1
# shellcheck disable=SC2086
run gatehouse-features $ALL
# shellcheck disable=SC2086
run without-mpMetrics $(tr ' ' '\n' <<<"$ALL" | grep -v '^mpMetrics' | tr '\n' ' ')
