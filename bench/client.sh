#!/usr/bin/env bash
# What @ExternalAuthorize costs an application on its own server (the client library, issue 16):
# the orders sample (examples/orders-app) on a Liberty of its own asks a Gatehouse on another
# Liberty over loopback HTTP. wrk drives the sample's twin endpoints in the same run, alternating:
# GET /api/bench/annotated (@ExternalAuthorize: one check per request, one repeated token, so
# Gatehouse's cache of verified tokens hits; the client caches no decision) and GET
# /api/bench/plain (the same body, no annotation). A third scenario, "direct", sends the check the
# client sends (same token, include principal, source client) straight to Gatehouse's check API:
# what Gatehouse alone costs, so the rest is the client and the sample's server. Writes
# bench/results/client-<date>.md with req/s, p50 and p99 of each, the added latency and the
# throughput ratio.
# Targets (issue 16): p50 added <= 1 ms, throughput >= 0.5x the unannotated endpoint.
# Needs JDK 17+, Maven, curl, wrk (installed with apt-get when missing and root). ~6 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-49180}          # Gatehouse (https: PORT + 363, unused)
APP_PORT=${APP_PORT:-49190}  # the sample
DURATION=${DURATION:-15s}    # per measured run
CONNECTIONS=${CONNECTIONS:-"1 16"}
ROUNDS=${ROUNDS:-2}          # each endpoint is measured ROUNDS times per step, alternating
WARMUP=${WARMUP:-15s}        # per scenario, twice, not reported
OUT=${OUT:-bench/results/client-$(date -u +%Y-%m-%d).md}
WLP=target/liberty/wlp
GH=gatehouse-bench-client
APP=orders-bench-client

log() { echo "[client.sh] $*" >&2; }
die() { log "$*"; exit 1; }

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    log "installing wrk (apt-get)"
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  fi
  command -v wrk >/dev/null || die "wrk is needed: sudo apt-get install wrk"
fi
if [ ! -f target/gatehouse.war ] || [ ! -x $WLP/bin/server ]; then
  log "building Gatehouse (mvn -DskipTests package liberty:create)"
  mvn -q -B -ntp -P '!package' -DskipTests package liberty:create
fi
if [ ! -f examples/orders-app/target/orders-app.war ]; then
  log "building the client and the sample"
  mvn -q -B -ntp -DskipTests -f client/pom.xml install
  mvn -q -B -ntp -DskipTests -f examples/orders-app/pom.xml package
fi

export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
stop_all() {
  "$WLP/bin/server" stop $APP >/dev/null 2>&1 || true
  "$WLP/bin/server" stop $GH >/dev/null 2>&1 || true
}
trap stop_all EXIT
GH_BASE=http://127.0.0.1:$PORT
APP_BASE=http://127.0.0.1:$APP_PORT

# fresh_server NAME CONFIG_DIR WAR HTTP_PORT: a new server directory from CONFIG_DIR with WAR in dropins.
fresh_server() {
  local dir=$WLP/usr/servers/$1
  "$WLP/bin/server" stop "$1" >/dev/null 2>&1 || true
  rm -rf "$dir" && mkdir -p "$dir/dropins"
  for f in server.xml jvm.options server.env; do
    [ -f "$2/$f" ] && cp "$2/$f" "$dir/"
  done
  printf 'http.port=%s\nhttps.port=%s\n' "$4" "$(($4 + 363))" > "$dir/bootstrap.properties"
  cp "$3" "$dir/dropins/"
}

# wait_for URL: up to 120 s for a 200.
wait_for() {
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.5
  done
  die "no 200 from $1 within 120 s"
}

log "starting Gatehouse on $GH_BASE (demo on, cache of verified tokens on)"
fresh_server $GH server-config target/gatehouse.war "$PORT"
GATEHOUSE_DEMO_ENABLED=true GATEHOUSE_TOKEN_CACHE_ENABLED=true GATEHOUSE_ADMIN_PASSWORD=bench-password \
  "$WLP/bin/server" start $GH >/dev/null
wait_for "$GH_BASE/health/ready"

log "starting the orders sample on $APP_BASE"
fresh_server $APP examples/orders-app/src/main/liberty/config examples/orders-app/target/orders-app.war "$APP_PORT"
GATEHOUSE_CLIENT_URL=$GH_BASE "$WLP/bin/server" start $APP >/dev/null
wait_for "$APP_BASE/api/runs"

TOKEN=$(curl -sf -X POST "http://localhost:$PORT/demo/idp/token" -H 'Accept: text/plain' \
  -H 'Content-Type: application/json' -d '{"sub":"user_bench","org_role":"member"}')
# Before loading: the annotated twin allows the token and refuses no token; the plain one answers.
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$APP_BASE/api/bench/annotated")" = 200 ] \
  || die "the annotated endpoint did not allow the token"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$APP_BASE/api/bench/annotated")" = 401 ] \
  || die "the annotated endpoint did not refuse a call without a token"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$APP_BASE/api/bench/plain")" = 200 ] \
  || die "the plain endpoint did not answer"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d)
trap 'stop_all; rm -rf "$WORK"' EXIT
# The check the client's interceptor sends for GET /api/bench/annotated (ipAddress: the sample's
# caller, loopback).
CHECK="{\"token\":\"$TOKEN\",\"resource\":\"profile\",\"action\":\"read\",\"context\":{},\"ipAddress\":\"127.0.0.1\",\"include\":[\"principal\"],\"source\":\"client\"}"
curl -sf "$GH_BASE/api/v1/workspaces/demo/authorization/check" -H 'Content-Type: application/json' \
  -d "$CHECK" | grep -q '"allowed":true' || die "the direct check was not allowed"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "'$CHECK'" > "$WORK/check.lua"
HZ=$(getconf CLK_TCK)
GH_PID=$(cat "$WLP/usr/servers/.pid/$GH.pid")
APP_PID=$(cat "$WLP/usr/servers/.pid/$APP.pid")
# cpu_ticks PID: utime + stime of a process (all threads), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# wrk_run ENDPOINT CONNECTIONS DURATION: sets R_RPS, R_P50, R_P99 (ms), R_ERR, and R_APP_CPU,
# R_GH_CPU: the sample's and Gatehouse's CPU over the run (% of one core).
LAT_AWK='$1==p { v=$2; if (v ~ /us$/) x=v/1000; else if (v ~ /ms$/) x=v+0; else if (v ~ /m$/) x=v*60000; else x=v*1000; printf "%.3f", x }'
wrk_run() {
  local t=$(( $2 < 2 ? 1 : 2 )) out a0 g0 s0 a1 g1 s1
  a0=$(cpu_ticks "$APP_PID"); g0=$(cpu_ticks "$GH_PID"); s0=$(date +%s.%N)
  if [ "$1" = direct ]; then
    out=$(wrk -t"$t" -c"$2" -d"$3" --timeout 5s --latency -s "$WORK/check.lua" "$GH_BASE/api/v1/workspaces/demo/authorization/check")
  else
    out=$(wrk -t"$t" -c"$2" -d"$3" --timeout 5s --latency -H "Authorization: Bearer $TOKEN" "$APP_BASE/api/bench/$1")
  fi
  a1=$(cpu_ticks "$APP_PID"); g1=$(cpu_ticks "$GH_PID"); s1=$(date +%s.%N)
  R_APP_CPU=$(awk -v a="$a0" -v b="$a1" -v hz="$HZ" -v s="$s0" -v e="$s1" 'BEGIN {printf "%.0f", (b-a)/hz/(e-s)*100}')
  R_GH_CPU=$(awk -v a="$g0" -v b="$g1" -v hz="$HZ" -v s="$s0" -v e="$s1" 'BEGIN {printf "%.0f", (b-a)/hz/(e-s)*100}')
  echo "== $1 c=$2 d=$3" >> "$WORK/wrk.log"
  echo "$out" >> "$WORK/wrk.log"
  R_RPS=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  R_P50=$(echo "$out" | awk -v p=50% "$LAT_AWK")
  R_P99=$(echo "$out" | awk -v p=99% "$LAT_AWK")
  R_ERR=$(echo "$out" | awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}')
}

SCENARIOS="plain annotated direct"
log "warming up ($WARMUP per scenario, twice)"
for _ in 1 2; do
  for e in $SCENARIOS; do wrk_run "$e" 16 "$WARMUP"; done
done

declare -A SUM_RPS SUM_P50 SUM_P99 ERRS
ROWS=""
for c in $CONNECTIONS; do
  for r in $(seq 1 "$ROUNDS"); do
    for e in $SCENARIOS; do
      log "measuring $e, $c connection(s), round $r"
      wrk_run "$e" "$c" "$DURATION"
      US=$(awk -v r="$R_RPS" -v a="$R_APP_CPU" -v g="$R_GH_CPU" 'BEGIN {printf "%.0f", (r > 0 ? (a+g)/100*1e6/r : 0)}')
      ROWS+="| $c | $r | $e | $R_RPS | $R_P50 | $R_P99 | $R_APP_CPU% | $R_GH_CPU% | $US | ${R_ERR:-0} |"$'\n'
      k="$e,$c"
      SUM_RPS[$k]=$(awk -v a="${SUM_RPS[$k]:-0}" -v b="$R_RPS" 'BEGIN {print a + b}')
      SUM_P50[$k]=$(awk -v a="${SUM_P50[$k]:-0}" -v b="$R_P50" 'BEGIN {print a + b}')
      SUM_P99[$k]=$(awk -v a="${SUM_P99[$k]:-0}" -v b="$R_P99" 'BEGIN {print a + b}')
      [ -n "$R_ERR" ] && ERRS[$k]="${ERRS[$k]:-}$R_ERR"
    done
  done
done

mkdir -p "$(dirname "$OUT")"
{
  echo "# @ExternalAuthorize from another server: annotated vs unannotated, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "\`bench/client.sh\`: the orders sample (examples/orders-app, the client library inside) on its"
  echo "own Liberty (127.0.0.1:$APP_PORT) asks Gatehouse on another Liberty (127.0.0.1:$PORT, demo on,"
  echo "cache of verified tokens on, audit log on) over loopback HTTP. \`GET /api/bench/annotated\`"
  echo "(\`@ExternalAuthorize(resource = \"profile\", action = \"read\")\`: one check per request, the"
  echo "client caches no decision) vs \`GET /api/bench/plain\` (the same body, no annotation), with one"
  echo "repeated RS256 token (demo issuer) sent to both. **direct**: the check the client sends for"
  echo "the annotated endpoint (same token, \`include: [\"principal\"]\`, \`source: client\`) posted by"
  echo "wrk straight to Gatehouse's check API: Gatehouse's own share. wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'),"
  echo "$DURATION per run after a warm-up of 2 × $WARMUP per scenario, the scenarios alternating,"
  echo "$ROUNDS round(s) each; wrk and both servers share this machine's $(nproc) cores"
  echo "(load average before the run: $LOAD_BEFORE)."
  echo
  echo "## Summary (mean of the rounds)"
  echo
  echo "| connections | plain req/s | annotated req/s | throughput ratio | plain p50 ms | annotated p50 ms | added p50 ms | plain p99 ms | annotated p99 ms | added p99 ms |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for c in $CONNECTIONS; do
    awk -v n="$ROUNDS" -v c="$c" \
      -v pr="${SUM_RPS[plain,$c]}" -v ar="${SUM_RPS[annotated,$c]}" \
      -v p50="${SUM_P50[plain,$c]}" -v a50="${SUM_P50[annotated,$c]}" \
      -v p99="${SUM_P99[plain,$c]}" -v a99="${SUM_P99[annotated,$c]}" 'BEGIN {
        printf "| %s | %.0f | %.0f | %.2f× | %.3f | %.3f | %+.3f | %.3f | %.3f | %+.3f |\n",
          c, pr/n, ar/n, (pr > 0 ? ar/pr : 0), p50/n, a50/n, (a50-p50)/n, p99/n, a99/n, (a99-p99)/n }'
  done
  echo
  echo "Targets: p50 added ≤ 1 ms; throughput ≥ 0.5× the unannotated endpoint."
  echo
  echo "## Gatehouse's own share (direct check, mean of the rounds)"
  echo
  echo "| connections | direct checks/s | direct p50 ms | direct p99 ms | annotated p50 − plain p50 − direct p50 (ms): the client and the sample's server |"
  echo "|---|---|---|---|---|"
  for c in $CONNECTIONS; do
    awk -v n="$ROUNDS" -v c="$c" -v dr="${SUM_RPS[direct,$c]}" -v d50="${SUM_P50[direct,$c]}" \
      -v d99="${SUM_P99[direct,$c]}" -v p50="${SUM_P50[plain,$c]}" -v a50="${SUM_P50[annotated,$c]}" 'BEGIN {
        printf "| %s | %.0f | %.3f | %.3f | %+.3f |\n", c, dr/n, d50/n, d99/n, (a50-p50-d50)/n }'
  done
  echo
  echo "## Every run"
  echo
  echo "Server CPU: each JVM's utime + stime over the run, in % of one core (at most $(( $(nproc) * 100 ))%);"
  echo "µs per request: both servers' CPU divided by the requests served (wrk's own CPU not included)."
  echo
  echo "| connections | round | scenario | req/s | p50 ms | p99 ms | sample CPU | Gatehouse CPU | server µs CPU / request | errors / non-2xx |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s' "$ROWS"
} > "$OUT"
cp "$WORK/wrk.log" "${OUT%.md}.wrk.log"
cat "$OUT"
