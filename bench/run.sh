#!/usr/bin/env bash
# The benchmark (README "Performance"; outside `mvn verify`): Gatehouse's check API against
# Cerbos with JWT auxData and against Liberty's floor, all on loopback, all in one run.
#
#   bench/run.sh                      # ~8-9 minutes with the defaults
#   DURATION=30s CONNECTIONS="8 16 64" bench/run.sh
#
# It builds the WAR if needed, installs wrk (apt) and Cerbos (npm, into bench/.cerbos) if
# missing, mints TOKENS distinct RS256 tokens with one RSA key (a local JWKS file stands for the
# IdP), starts Gatehouse from the packaged WAR (server gatehouse-bench, demo on for the floor
# endpoint, the provider declared in configuration, the seed's order_approval policy created
# through the admin API) and Cerbos (an equivalent resource policy, the same JWKS), checks that
# both allow a manager, deny a member and refuse a forged token, then drives each with wrk at
# the CONNECTIONS steps, plus one paced run at ~80% of each scenario's peak for its p99.
# Writes bench/results/<UTC date>.md (<date>-2.md, -3.md… for later runs of the same day).
# Every process it starts is stopped on exit.
#
# Knobs (environment):
#   DURATION (15s per step), CONNECTIONS ("16 64"), THREADS (2), TOKENS (20000),
#   WARMUP / WARMUP_MAX (60s / 120s: Gatehouse's warm-ups run until the throughput is stable,
#   within these bounds; Cerbos' from 10 s),
#   PACED (1: also the ~80%-of-peak runs; 0: skip them),
#   QUIET_WAIT (120: seconds, in all, to wait for other processes to leave the machine idle),
#   MAX_RETRIES (3: steps re-run when other processes disturbed them),
#   PORT (49080), CERBOS_PORT (3592; gRPC on +1), CERBOS_VERSION (0.55.0), OUT (results file).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-60s}
WARMUP_MAX=${WARMUP_MAX:-120s}
MAX_RETRIES=${MAX_RETRIES:-3}
CONNECTIONS=${CONNECTIONS:-16 64}
THREADS=${THREADS:-2}
TOKENS=${TOKENS:-20000}
PACED=${PACED:-1}
PORT=${PORT:-49080}
CERBOS_PORT=${CERBOS_PORT:-3592}
CERBOS_VERSION=${CERBOS_VERSION:-0.55.0}
ISSUER=https://bench-idp.example.com
if [ -z "${OUT:-}" ]; then
  day=$(date -u +%Y-%m-%d)
  OUT=bench/results/$day.md
  n=2
  while [ -e "$OUT" ]; do OUT=bench/results/$day-$n.md; n=$((n + 1)); done
fi

WLP=target/liberty/wlp
SERVER=gatehouse-bench
DIR=$WLP/usr/servers/$SERVER
WORK=$ROOT/bench/.build          # generated files (git-ignored)
BASE=http://127.0.0.1:$PORT
CHECK_URL=$BASE/api/v1/workspaces/default/authorization/check
FLOOR_URL=$BASE/demo/floor
CERBOS_URL=http://127.0.0.1:$CERBOS_PORT/api/check/resources
HZ=$(getconf CLK_TCK)
NCPU=$(nproc)
QUIET_WAIT=${QUIET_WAIT:-120}
T_START=$(date +%s)

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
secs() { case $1 in *ms) echo "0.${1%ms}";; *s) echo "${1%s}";; *m) echo $(( ${1%m} * 60 ));; *) echo "$1";; esac; }

# ---------------------------------------------------------------- cleanup of what we start
LIBERTY_STARTED=0
CERBOS_PID=
cleanup() {
  local rc=$?
  if [ -n "$CERBOS_PID" ]; then
    kill "$CERBOS_PID" 2>/dev/null || true
    wait "$CERBOS_PID" 2>/dev/null || true
  fi
  if [ "$LIBERTY_STARTED" = 1 ]; then stop_gatehouse; fi
  [ $rc -eq 0 ] || log "failed (exit $rc); logs: $DIR/logs/messages.log, $WORK/cerbos.log"
}
trap cleanup EXIT
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- 1. prerequisites
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
if [ ! -f target/gatehouse.war ] || [ ! -d $WLP ]; then
  log "building: mvn -q -B -DskipTests package liberty:create"
  mvn -q -B -DskipTests package liberty:create
fi
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing wrk (apt-get)"
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  fi
  command -v wrk >/dev/null || die "wrk is needed: sudo apt-get install wrk (or build github.com/wg/wrk)"
fi
find_cerbos() { [ -d bench/.cerbos/node_modules ] || return 0; find bench/.cerbos/node_modules -type f -name 'cerbos-linux-x64' -perm -u+x 2>/dev/null | head -1 || true; }
CERBOS_BIN=$(find_cerbos)
if [ -z "$CERBOS_BIN" ] || ! "$CERBOS_BIN" --version 2>/dev/null | head -1 | grep -qx "$CERBOS_VERSION"; then
  command -v npm >/dev/null || die "npm is needed to install Cerbos (@cerbos/cerbos-linux-x64)"
  log "installing Cerbos $CERBOS_VERSION: npm install --prefix bench/.cerbos @cerbos/cerbos-linux-x64@$CERBOS_VERSION"
  npm install --prefix bench/.cerbos --no-audit --no-fund "@cerbos/cerbos-linux-x64@$CERBOS_VERSION" >/dev/null
  CERBOS_BIN=$(find_cerbos)
  [ -n "$CERBOS_BIN" ] || die "no cerbos-linux-x64 binary under bench/.cerbos/node_modules"
fi
CERBOS_BIN=$ROOT/$CERBOS_BIN
mkdir -p "$WORK" bench/results
if [ ! -s "$WORK/classpath.txt" ] || [ pom.xml -nt "$WORK/classpath.txt" ]; then
  log "resolving the test classpath (for the token minter)"
  mvn -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PORT" "$CERBOS_PORT" "$((CERBOS_PORT + 1))"; do
  ! port_busy "$p" || die "127.0.0.1:$p is in use (bench/check-load.sh or a leftover server? \
PORT / CERBOS_PORT choose other ports; a leftover Gatehouse stops with $WLP/bin/server stop $SERVER)"
done

# ---------------------------------------------------------------- 2. tokens
log "minting $TOKENS tokens (one RSA key, RS256, exp +1 h)"
rm -rf "$WORK/tokens"
timeout 300 java -cp "$(cat "$WORK/classpath.txt")" \
  src/test/java/dev/gatehouse/bench/MintTokens.java "$TOKENS" "$WORK/tokens" "$ISSUER" >&2
JWKS=$WORK/tokens/jwks.json
MANAGER=$(sed -n 1p "$WORK/tokens/tokens.txt")    # user_0, org_role manager
MEMBER=$(sed -n 10p "$WORK/tokens/tokens.txt")    # user_9, org_role member
FORGED=$(cat "$WORK/tokens/bad-token.txt")         # same kid, another key

# ---------------------------------------------------------------- 3. Gatehouse
gh_body() { printf '{"token":"%s","resource":"orders","action":"approve","context":{"orderId":"order-123","orderAmount":50000}}' "$1"; }
GATEHOUSE_PID=
stop_gatehouse() {
  timeout 60 "$WLP/bin/server" stop $SERVER >/dev/null 2>&1 || true
  if [ -n "$GATEHOUSE_PID" ] && kill -0 "$GATEHOUSE_PID" 2>/dev/null; then kill "$GATEHOUSE_PID" 2>/dev/null || true; fi
  LIBERTY_STARTED=0
  GATEHOUSE_PID=
}

# start_gatehouse CACHE: a fresh server (fresh database) with the token cache on or off.
start_gatehouse() {
  stop_gatehouse
  rm -rf "$DIR" && mkdir -p "$DIR/dropins"
  cp server-config/server.xml server-config/jvm.options server-config/server.env "$DIR/"
  printf 'http.port=%s\nhttps.port=%s\n' "$PORT" "$((PORT + 363))" > "$DIR/bootstrap.properties"
  cp target/gatehouse.war "$DIR/dropins/"
  log "starting Gatehouse (token cache $1)"
  LIBERTY_STARTED=1
  GATEHOUSE_TOKEN_CACHE_ENABLED=$1 GATEHOUSE_DEMO_ENABLED=true GATEHOUSE_ADMIN_PASSWORD=bench-password \
    MP_JWT_VERIFY_ISSUER=$ISSUER MP_JWT_VERIFY_PUBLICKEY_LOCATION=$JWKS GATEHOUSE_MP_JWT_TYPE=clerk \
    GATEHOUSE_MP_JWT_CLAIM_MAPPINGS='[{"jwtPath":"org_role","attribute":"role"}]' \
    timeout 120 "$WLP/bin/server" start $SERVER >/dev/null
  local ready=
  for _ in $(seq 1 240); do
    if curl -sf --max-time 2 "$BASE/health/ready" >/dev/null; then ready=1; break; fi
    sleep 0.5
  done
  [ -n "$ready" ] || { curl -s --max-time 2 "$BASE/health/ready" >&2 || true; die "Gatehouse not ready after 120 s"; }
  GATEHOUSE_PID=$(cat "$WLP/usr/servers/.pid/$SERVER.pid" 2>/dev/null || true)
  [ -n "$GATEHOUSE_PID" ] && kill -0 "$GATEHOUSE_PID" || die "no pid for the Gatehouse server"
  # The seed's order_approval policy (docs/api.md#the-policy-object), in workspace default, through the admin API.
  local code
  code=$(curl -s --max-time 30 -o "$WORK/policy.out" -w '%{http_code}' -u admin:bench-password \
    -H 'Content-Type: application/json' "$BASE/api/v1/admin/workspaces/default/policies" -d '{
      "name": "order_approval", "resources": ["orders"], "actions": ["approve"],
      "specification": {
        "rules": [
          { "rule_id": "manager-high-value", "effect": "Allow",
            "conditions": [
              { "function": "string_equal", "attribute": "ext_role", "value": "manager" },
              { "function": "integer_greater_than", "attribute": "request_metadata",
                "metadata_key": "orderAmount", "value": 10000 } ] },
          { "rule_id": "anyone-low-value", "effect": "Allow",
            "conditions": [
              { "function": "integer_less_equal", "attribute": "request_metadata",
                "metadata_key": "orderAmount", "value": 10000 } ] } ],
        "default": { "effect": "Deny" } } }')
  [ "${code:0:1}" = 2 ] || die "creating the policy answered $code: $(cat "$WORK/policy.out")"
  # One check of each kind before any load.
  local r
  r=$(curl -s --max-time 10 "$CHECK_URL" -H 'Content-Type: application/json' -d "$(gh_body "$MANAGER")")
  grep -q '"allowed":true' <<<"$r" || die "Gatehouse: the manager's check is not allowed: $r"
  r=$(curl -s --max-time 10 "$CHECK_URL" -H 'Content-Type: application/json' -d "$(gh_body "$MEMBER")")
  grep -q '"allowed":false' <<<"$r" || die "Gatehouse: the member's check is not denied: $r"
  r=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$CHECK_URL" -H 'Content-Type: application/json' -d "$(gh_body "$FORGED")")
  [ "$r" = 401 ] || die "Gatehouse: a forged token answered $r, not 401"
  r=$(curl -s --max-time 10 "$FLOOR_URL" -H 'Content-Type: application/json' -d "$(gh_body "$MANAGER")")
  grep -q '"reason":"floor"' <<<"$r" || die "the floor endpoint answered: $r"
  log "Gatehouse (pid $GATEHOUSE_PID) allows the manager, denies the member, refuses a forged token (401)"
}

audit_drops() {
  { grep -ho 'Audit queue full: [0-9]*' "$DIR"/logs/messages*.log 2>/dev/null || true; } | awk '{n=$4} END {print n+0}'
}

# ---------------------------------------------------------------- 4. Cerbos
cb_body() { printf '{"requestId":"check","principal":{"id":"%s","roles":["user"]},"resources":[{"actions":["approve"],"resource":{"kind":"orders","id":"order-123","attr":{"orderAmount":50000}}}],"auxData":{"jwt":{"token":"%s"}}}' "$1" "$2"; }
start_cerbos() {
  rm -rf "$WORK/cerbos" && mkdir -p "$WORK/cerbos/policies"
  cat > "$WORK/cerbos/config.yaml" <<EOF
server:
  httpListenAddr: "127.0.0.1:$CERBOS_PORT"
  grpcListenAddr: "127.0.0.1:$((CERBOS_PORT + 1))"
engine:
  defaultPolicyVersion: "default"
auxData:
  jwt:
    keySets:
      - id: bench
        local:
          file: "$JWKS"
storage:
  driver: "disk"
  disk:
    directory: "$WORK/cerbos/policies"
    watchForChanges: false
audit:
  enabled: false
telemetry:
  disabled: true
EOF
  # The seed's order_approval, in Cerbos' terms: the JWT's org_role instead of ext_role.
  cat > "$WORK/cerbos/policies/orders.yaml" <<'EOF'
apiVersion: api.cerbos.dev/v1
resourcePolicy:
  version: "default"
  resource: "orders"
  rules:
    - name: manager-high-value
      actions: ["approve"]
      effect: EFFECT_ALLOW
      roles: ["user"]
      condition:
        match:
          expr: request.aux_data.jwt.org_role == "manager" && request.resource.attr.orderAmount > 10000
    - name: anyone-low-value
      actions: ["approve"]
      effect: EFFECT_ALLOW
      roles: ["user"]
      condition:
        match:
          expr: request.resource.attr.orderAmount <= 10000
EOF
  # --log-level=warn: Cerbos logs every request at info level, Liberty keeps no access log.
  log "starting Cerbos ($("$CERBOS_BIN" --version | head -1))"
  CERBOS_NO_TELEMETRY=1 "$CERBOS_BIN" server --log-level=warn --config="$WORK/cerbos/config.yaml" >"$WORK/cerbos.log" 2>&1 &
  CERBOS_PID=$!
  local up=
  for _ in $(seq 1 60); do
    if curl -sf --max-time 2 "http://127.0.0.1:$CERBOS_PORT/_cerbos/health" >/dev/null; then up=1; break; fi
    kill -0 "$CERBOS_PID" 2>/dev/null || break
    sleep 0.5
  done
  [ -n "$up" ] || { tail -20 "$WORK/cerbos.log" >&2; die "Cerbos did not start"; }
  local r
  r=$(curl -s --max-time 10 "$CERBOS_URL" -H 'Content-Type: application/json' -d "$(cb_body user_0 "$MANAGER")")
  grep -q '"approve":"EFFECT_ALLOW"' <<<"$r" || die "Cerbos: the manager is not allowed: $r"
  r=$(curl -s --max-time 10 "$CERBOS_URL" -H 'Content-Type: application/json' -d "$(cb_body user_9 "$MEMBER")")
  grep -q '"approve":"EFFECT_DENY"' <<<"$r" || die "Cerbos: the member is not denied: $r"
  r=$(curl -s --max-time 10 -w ' %{http_code}' "$CERBOS_URL" -H 'Content-Type: application/json' -d "$(cb_body user_0 "$FORGED")")
  [[ "$r" == *' 400' ]] || die "Cerbos: a forged token was not refused: $r"
  log "Cerbos (pid $CERBOS_PID) allows the manager, denies the member, refuses a forged token ($r)"
}

# ---------------------------------------------------------------- 5. load
# cpu_ticks PID: utime + stime of a process (all threads), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# busy_idle: the machine's busy and total ticks.
busy_total() { awk '/^cpu / {t=0; for (i=2;i<=NF;i++) t+=$i; print t-$5-$6, t}' /proc/stat; }

# wrk_run PID URL MODE REPEAT CONNECTIONS DURATION [RATE]: one wrk run (paced at RATE checks/s
# when given); sets the R_* globals.
wrk_run() {
  local pid=$1 url=$2 mode=$3 repeat=$4 c=$5 d=$6 rate=${7:-0}
  local t=$THREADS; [ "$c" -lt "$t" ] && t=$c
  local c0 b0 b1 s0 s1 out
  c0=$(cpu_ticks "$pid"); read -r b0 s0 < <(busy_total)
  local w0 w1; w0=$(date +%s.%N)
  out=$(BENCH_TOKENS="$WORK/tokens/tokens.lua" BENCH_MODE=$mode BENCH_REPEAT=$repeat BENCH_THREADS=$t \
    BENCH_RATE=$rate timeout $(( $(secs "$d" | cut -d. -f1) + 60 )) \
    /usr/bin/time -f '%U %S' -o "$WORK/wrk.time" \
    wrk -t"$t" -c"$c" -d"$d" --timeout 5s --latency -s bench/lua/check.lua "$url")
  w1=$(date +%s.%N)
  local c1; c1=$(cpu_ticks "$pid"); read -r b1 s1 < <(busy_total)
  # wrk's own CPU, so that what is left of the machine's busy time is everyone else's.
  R_WRK=$(awk -v s="$w0" -v e="$w1" 'NF == 2 && $1 ~ /^[0-9.]+$/ {printf "%.0f", ($1+$2)/(e-s)*100}' "$WORK/wrk.time")
  R_RPS=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  R_REQS=$(awk '/requests in/ {print $1}' <<<"$out")
  R_P50=$(awk -v p=50% "$LAT_AWK" <<<"$out")
  R_P99=$(awk -v p=99% "$LAT_AWK" <<<"$out")
  R_ERR=$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(/,/,""); n+=$4+$6+$8+$10} END {print n+0}' <<<"$out")
  R_CPU=$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" -v s="$w0" -v e="$w1" 'BEGIN {printf "%.0f", (b-a)/hz/(e-s)*100}')
  R_MACHINE=$(awk -v a="$b0" -v b="$b1" -v x="$s0" -v y="$s1" 'BEGIN {printf "%.0f", (b-a)/(y-x)*100}')
  R_OTHER=$(awk -v m="$R_MACHINE" -v n="$NCPU" -v c="$R_CPU" -v w="$R_WRK" 'BEGIN {x = m*n - c - w; printf "%.0f", (x < 0 ? 0 : x)}')
  R_EFF=$(awk -v r="$R_RPS" -v c="$R_CPU" 'BEGIN {printf "%.0f", (c > 0 ? r/(c/100) : 0)}')
  echo "$out" >> "$WORK/wrk.log"
}
# Latency percentile in ms from wrk's --latency lines ("99%  16.00ms").
LAT_AWK='$1==p { v=$2; if (v ~ /us$/) x=v/1000; else if (v ~ /ms$/) x=v+0; else if (v ~ /m$/) x=v*60000; else x=v*1000; printf "%.2f", x }'

declare -A RPS EFF PEAK PEAK_C P99_PACED
row() { printf '| %s | %s | %s | %s | %s | %s%% | %s%% | %s%% | %s%% | %s |\n' "$1" "$(fmt "$R_RPS")" "$R_P50" "$R_P99" "$R_ERR" "$R_CPU" "$R_WRK" "$R_OTHER" "$R_MACHINE" "$(fmt "$R_EFF")"; }
fmt() { awk -v n="$1" 'BEGIN { s=sprintf("%.0f", n); r=""; while (length(s) > 3) { r="," substr(s, length(s)-2) r; s=substr(s, 1, length(s)-3) } print s r }'; }
HEADER='| connections | checks/s | p50 ms | p99 ms | errors / non-2xx | server CPU | wrk CPU | other processes CPU | machine busy | checks per server core-second |
|---|---|---|---|---|---|---|---|---|---|'

# measure ARGS (as wrk_run): waits for a quiet machine, runs, and runs once more when other
# processes took more than 30% of a core meanwhile (at most MAX_RETRIES times in the run).
RETRIES=0
measure() {
  wait_quiet
  wrk_run "$@"
  if [ "$R_OTHER" -gt 30 ] && [ "$RETRIES" -lt "$MAX_RETRIES" ]; then
    RETRIES=$((RETRIES + 1))
    log "    disturbed (other processes used ${R_OTHER}% of a core): measuring again"
    wait_quiet
    wrk_run "$@"
  fi
  R_MARK=
  if [ "$R_OTHER" -gt 30 ]; then R_MARK=" †"; fi
}

# scenario KEY PID URL MODE REPEAT: the steps, then (PACED=1) one run at ~80% of the peak.
scenario() {
  local key=$1 pid=$2 url=$3 mode=$4 repeat=$5
  echo "$HEADER"
  PEAK[$key]=0
  for c in $CONNECTIONS; do
    log "  $key: $c connections, $DURATION"
    measure "$pid" "$url" "$mode" "$repeat" "$c" "$DURATION"
    RPS[$key,$c]=$R_RPS
    EFF[$key,$c]=$R_EFF
    if [ "$R_RPS" -gt "${PEAK[$key]}" ]; then PEAK[$key]=$R_RPS; PEAK_C[$key]=$c; fi
    row "$c$R_MARK"
  done
  [ "$PACED" = 1 ] || return 0
  # A fixed schedule at 80% of the peak (bench/lua/check.lua, BENCH_RATE), on the largest
  # connection count so that a slow answer rarely holds up the schedule.
  local peak=${PEAK[$key]} target cp
  target=$(awk -v p="$peak" 'BEGIN {printf "%.0f", 0.8 * p}')
  cp=$(tr ' ' '\n' <<<"$CONNECTIONS" | sort -n | tail -1)
  log "  $key: paced at $(fmt "$target") checks/s (80% of the peak), $cp connections, $DURATION"
  measure "$pid" "$url" "$mode" "$repeat" "$cp" "$DURATION" "$target"
  RPS[$key,paced]=$R_RPS
  P99_PACED[$key]=$R_P99
  row "$cp, paced to $(awk -v r="$R_RPS" -v p="$peak" 'BEGIN {printf "%.0f", 100*r/p}')% of peak$R_MARK"
}

# wait_quiet: before each server start and each measured step, waits for the machine to be
# < 25% busy (other engineers' builds and tests share it), at most QUIET_WAIT seconds in all over
# the run; measures anyway after that, and the tables show the other processes' CPU per row.
QUIET_SPENT=0
wait_quiet() {
  local b0 t0 b1 t1 o0 o1 busy own waited=0
  while :; do
    o0=$(own_ticks); read -r b0 t0 < <(busy_total); sleep 1; read -r b1 t1 < <(busy_total); o1=$(own_ticks)
    busy=$(( 100 * (b1 - b0) / (t1 - t0 > 0 ? t1 - t0 : 1) ))
    own=$(( 100 * (o1 - o0) / HZ / NCPU ))
    [ "$busy" -lt 25 ] && break
    if [ "$QUIET_SPENT" -ge "$QUIET_WAIT" ]; then
      [ "$waited" = 0 ] && log "    machine ${busy}% busy (our servers: ${own}%); QUIET_WAIT spent, measuring anyway"
      break
    fi
    [ "$waited" = 0 ] && log "    machine ${busy}% busy (our servers: ${own}%); waiting for it to be idle"
    waited=$((waited + 1)); QUIET_SPENT=$((QUIET_SPENT + 1))
  done
}
# own_ticks: CPU ticks of the servers this script runs (Gatehouse and Cerbos).
own_ticks() {
  local n=0 p
  for p in $GATEHOUSE_PID $CERBOS_PID; do
    [ -r "/proc/$p/stat" ] && n=$(( n + $(cpu_ticks "$p") ))
  done
  echo "$n"
}

# warmup KEY MIN_SECONDS PID URL MODE REPEAT: 5 s slices at the largest connection count, at least
# MIN_SECONDS, until the last three slices are within 5% of their mean (at most WARMUP_MAX). A
# fresh Liberty's JIT takes about a minute on 2 busy cores to reach its plateau, and it stalls on
# the way (e.g. ~4,500 checks/s for 15 s before climbing to ~11,000), hence the long minimum. The slices are written to the results, not measured.
declare -A WARM
warmup() {
  local key=$1 min=$2 c t=0 max a= b= x
  shift 2
  c=$(tr ' ' '\n' <<<"$CONNECTIONS" | sort -n | tail -1)
  max=$(secs "$WARMUP_MAX" | cut -d. -f1)
  WARM[$key]=
  wait_quiet
  log "  warm-up: 5 s slices, $c connections, until stable ($min-$max s)"
  while :; do
    wrk_run "$@" "$c" 5s
    t=$((t + 5))
    WARM[$key]+="${WARM[$key]:+ → }$(fmt "$R_RPS")"
    x=$R_RPS
    if [ "$t" -ge "$min" ] && [ -n "$a" ] && awk -v a="$a" -v b="$b" -v c="$x" \
      'BEGIN {m = (a + b + c) / 3; exit !(a >= .95*m && a <= 1.05*m && b >= .95*m && b <= 1.05*m && c >= .95*m && c <= 1.05*m)}'; then
      break
    fi
    [ "$t" -ge "$max" ] && break
    a=$b b=$x
  done
  log "  warm-up ($t s): ${WARM[$key]} checks/s"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }

: > "$WORK/wrk.log"
wait_quiet
start_cerbos   # started (and checked) first so that a Cerbos problem fails fast; idle until its turn
mkdir -p "$WORK/sections"
S_FRESH=$WORK/sections/fresh.md S_DIST=$WORK/sections/distinct.md S_REP=$WORK/sections/repeated.md
S_FLOOR=$WORK/sections/floor.md S_CERBOS=$WORK/sections/cerbos.md

log "scenario 1/5: Gatehouse, distinct tokens, token cache off (every check verifies RS256)"
start_gatehouse false
warmup fresh "$(secs "$WARMUP" | cut -d. -f1)" "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 0
scenario fresh "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 0 > "$S_FRESH"
DROPS_FRESH=$(audit_drops)

log "scenarios 2-4/5: Gatehouse, token cache on (the default)"
wait_quiet
start_gatehouse true
# Warm-up with the repeated token only, so that the distinct-token run starts with a cold cache.
warmup cached "$(secs "$WARMUP" | cut -d. -f1)" "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 1
scenario distinct "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 0 > "$S_DIST"
DIST_REQS=0
for c in $CONNECTIONS; do DIST_REQS=$(( DIST_REQS + ${RPS[distinct,$c]} * $(secs "$DURATION") )); done
scenario repeated "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 1 > "$S_REP"
scenario floor "$GATEHOUSE_PID" "$FLOOR_URL" gatehouse 1 > "$S_FLOOR"
DROPS_CACHED=$(audit_drops)
LIBERTY_VERSION=$(grep -ho 'Open Liberty [0-9.]*[0-9]' "$DIR"/logs/*.log 2>/dev/null | head -1 || true)
stop_gatehouse

log "scenario 5/5: Cerbos, distinct tokens (auxData.jwt, verified on every request)"
wait_quiet
warmup cerbos 10 "$CERBOS_PID" "$CERBOS_URL" cerbos 0
scenario cerbos "$CERBOS_PID" "$CERBOS_URL" cerbos 0 > "$S_CERBOS"
CERBOS_REFUSED=$(grep -c 'Failed to extract auxData' "$WORK/cerbos.log" || true)

# ---------------------------------------------------------------- 6. the results file
ratio_row() { # label A B
  local line="| $1 |" c
  for c in $CONNECTIONS; do line+=" $(ratio "${RPS[$2,$c]}" "${RPS[$3,$c]}") |"; done
  line+=" $(ratio "${PEAK[$2]}" "${PEAK[$3]}") |"
  line+=" $(ratio "${EFF[$2,${PEAK_C[$2]}]}" "${EFF[$3,${PEAK_C[$3]}]}") |"
  echo "$line"
}
ELAPSED=$(( $(date +%s) - T_START ))
{
  echo "# Gatehouse vs Cerbos vs Liberty's floor, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Produced by \`bench/run.sh\` in $((ELAPSED / 60)) min $((ELAPSED % 60)) s."
  echo "**Reproduce:** \`bench/run.sh\` (knobs: DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=\"$CONNECTIONS\" THREADS=$THREADS TOKENS=$TOKENS PACED=$PACED)."
  echo
  echo "## Machine and method"
  echo
  echo "- $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)."
  echo "  **wrk and the server under test share these cores** (loopback only): the numbers are a"
  echo "  comparison on one small machine, not capacity figures. CPU columns are % of one core"
  echo "  (at most $((NCPU * 100))%): the server process's own utime+stime over the run, wrk's, and what"
  echo "  is left of the machine's busy time (other processes: the machine is shared with other"
  echo "  builds, so a large value there marks a disturbed row); \"machine busy\" is % of all cores."
  echo "- Gatehouse: \`target/gatehouse.war\` in dropins of a fresh server \`$SERVER\` (${LIBERTY_VERSION:-Open Liberty}), $(java -version 2>&1 | head -1),"
  echo "  embedded Derby, durable audit log on (every decision queued and written in batches). The"
  echo "  provider is declared in configuration (\`mp.jwt.verify.issuer\`, a local JWKS file,"
  echo "  type clerk, \`org_role\` → \`ext_role\`); the seed's \`order_approval\` policy is created in"
  echo "  workspace \`default\` with the admin API. Request: \`POST /api/v1/workspaces/default/authorization/check\`"
  echo "  with \`{token, resource: orders, action: approve, context: {orderId, orderAmount: 50000}}\`."
  echo "- Liberty's floor: \`POST /demo/floor\` in the same server, same body: parses the JSON and"
  echo "  answers a check-shaped JSON without verifying or deciding anything."
  echo "- Cerbos $("$CERBOS_BIN" --version | head -1) (npm \`@cerbos/cerbos-linux-x64\`), HTTP on 127.0.0.1:$CERBOS_PORT, disk"
  echo "  store, audit off (Cerbos' default), \`--log-level=warn\` (at info it logs every request), the same JWKS file as a local \`auxData.jwt\` key set,"
  echo "  the equivalent resource policy (\`request.aux_data.jwt.org_role == \"manager\" &&"
  echo "  orderAmount > 10000\`, or \`orderAmount <= 10000\`). Request: \`POST /api/check/resources\`,"
  echo "  principal id = the token's sub, roles [user], one resource \`orders\` with orderAmount 50000,"
  echo "  the token in \`auxData.jwt.token\`. Cerbos verifies the signature and \`exp\` of every token"
  echo "  (since 0.53 it has no cache of verified tokens); unlike Gatehouse it does not match the"
  echo "  issuer, and keeps no audit log here."
  echo "- Tokens: $TOKENS distinct RS256 tokens (2048-bit key, one \`kid\`), sub user_0…, \`org_role\`"
  echo "  manager (every tenth member: allowed false / EFFECT_DENY, still a 200). wrk sends them"
  echo "  round-robin from a pre-formatted table (bench/lua/check.lua); each thread starts at a"
  echo "  different offset. Before any load each server was checked: the manager allowed, the member"
  echo "  denied, a token signed by another key with the same \`kid\` refused (Gatehouse 401, Cerbos 400)."
  echo "- wrk $({ wrk -v 2>&1 || true; } | awk 'NR == 1 {print $2}'), $THREADS threads, $DURATION per step, closed loop, after a warm-up (below)."
  echo "  Each server is warmed up first in 5 s slices until three slices in a row agree within 5%"
  echo "  (Gatehouse: between $WARMUP and $WARMUP_MAX, Cerbos from 10 s; the slices are listed under each table). \"Paced\" rows: requests sent on a"
  echo "  fixed schedule at 80% of that scenario's peak (wrk's \`delay()\` hands each connection the"
  echo "  next slot, as wrk2 does), so their p99 is the latency at ~80% load (measured by wrk from the"
  echo "  actual send: no coordinated-omission correction; the achieved rate is in the row). Before each step the script waits for the machine to be idle (shared with other"
  echo "  builds); a step during which other processes used > 30% of a core is run once more, and"
  echo "  marked † if it was disturbed again (re-runs this time: $RETRIES; waited for quiet: ${QUIET_SPENT} s)."
  echo
  echo "## Ratios (checks/s ÷ checks/s)"
  echo
  local_hdr="| comparison |"; local_sep="|---|"
  for c in $CONNECTIONS; do local_hdr+=" $c conn. |"; local_sep+="---|"; done
  echo "$local_hdr peak vs peak | per server core-second, at the peaks |"
  echo "$local_sep---|---|"
  ratio_row "Gatehouse (fresh tokens, cache off) / Cerbos (JWT)" fresh cerbos
  ratio_row "Gatehouse (distinct tokens, cache on) / Cerbos (JWT)" distinct cerbos
  ratio_row "Gatehouse (repeated token, cache hits) / Liberty floor" repeated floor
  ratio_row "Gatehouse (fresh tokens, cache off) / Liberty floor" fresh floor
  echo
  if [ "$PACED" = 1 ]; then
    echo "## p99 at ~80% of peak"
    echo
    echo "| scenario | peak checks/s | paced checks/s | % of peak | p99 ms |"
    echo "|---|---|---|---|---|"
    for k in fresh:"Gatehouse, fresh tokens, cache off" distinct:"Gatehouse, distinct tokens, cache on" \
      repeated:"Gatehouse, repeated token" floor:"Liberty floor" cerbos:"Cerbos, JWT auxData"; do
      key=${k%%:*}
      echo "| ${k#*:} | $(fmt "${PEAK[$key]}") | $(fmt "${RPS[$key,paced]}") | $(awk -v r="${RPS[$key,paced]}" -v p="${PEAK[$key]}" 'BEGIN {printf "%.0f%%", 100*r/p}') | ${P99_PACED[$key]} |"
    done
    echo
  fi
  echo "## Gatehouse check, $TOKENS distinct tokens, token cache off (every check verifies RS256)"
  echo
  cat "$S_FRESH"
  echo
  echo "Warm-up (distinct tokens, not measured): ${WARM[fresh]} checks/s."
  echo "Audit records dropped: ${DROPS_FRESH:-0}."
  echo
  echo "## Gatehouse check, $TOKENS distinct tokens, token cache on (the default)"
  echo
  cat "$S_DIST"
  echo
  echo "Warm-up (the repeated token only, not measured): ${WARM[cached]} checks/s."
  echo "So the cache was cold at the start of this table. The steps sent ~$(fmt "$DIST_REQS")"
  echo "checks over $TOKENS tokens, so about $(awk -v n="$TOKENS" -v r="$DIST_REQS" 'BEGIN {printf "%.0f", (r > 0 ? 100*(n < r ? n : r)/r : 0)}')% of them were cache misses (each token's first use); the rest were hits."
  echo
  echo "## Gatehouse check, one repeated token (cache hits)"
  echo
  cat "$S_REP"
  echo
  echo "## Liberty's floor (\`POST /demo/floor\`, same server)"
  echo
  cat "$S_FLOOR"
  echo
  echo "Audit records dropped on this server: ${DROPS_CACHED:-0}."
  echo
  echo "## Cerbos, $TOKENS distinct tokens in auxData.jwt"
  echo
  cat "$S_CERBOS"
  echo
  echo "Warm-up (not measured): ${WARM[cerbos]} checks/s."
  echo "Tokens Cerbos refused (\`Failed to extract auxData\` in its log; 1 is the forged token of the pre-check): ${CERBOS_REFUSED:-0}."
} > "$OUT"
log "done in ${ELAPSED} s: $OUT"
cat "$OUT"
