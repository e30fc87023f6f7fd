#!/usr/bin/env bash
# The benchmark (README "Performance", bench/README.md; outside `mvn verify`): Gatehouse's check
# API against a bare Liberty floor and against Cerbos with JWT auxData, on embedded Derby and on
# PostgreSQL, all on loopback, all in one run, with the issue's targets checked at the end.
#
#   bench/run.sh                      # ~15-20 minutes with the defaults
#   DB=derby bench/run.sh             # without the PostgreSQL section (~4 minutes less)
#   DURATION=30s CONNECTIONS="8 16 64" bench/run.sh
#
# It builds the WAR if needed, the floor (bench/floor, a trivial JAX-RS WAR), installs wrk (apt)
# and Cerbos (npm, into bench/.cerbos) if missing, mints TOKENS distinct RS256 tokens with one
# RSA key (a local JWKS file stands for the IdP), and then, one server at a time:
#   - Gatehouse from the packaged WAR (server gatehouse-bench; the provider declared in
#     configuration; the seed's order_approval policy created through the admin API): fresh
#     tokens with the token cache off, then distinct tokens and one repeated token with it on
#     (and /demo/floor inside that server, one step);
#   - the floor: bench/floor's WAR in a bare Liberty (server floor-bench, restfulWS-3.1 and
#     jsonp-2.1 only) from the same runtime;
#   - Cerbos (an equivalent resource policy, the same JWKS);
#   - Gatehouse again on a throwaway PostgreSQL (src/test/postgres/pg.sh), at TARGET_C only.
# Each is checked first (manager allowed, member denied, forged token refused), warmed up, then
# driven by wrk at the CONNECTIONS steps (plus one paced run at ~80% of the peak). Beside wrk's
# figures it records the server's CPU per check (PostgreSQL's processes included), its GC
# pauses (jstat), and for Gatehouse its own gatehouse_check_duration_seconds and the audit
# writer's lag (queue depth every second, records written vs checks answered, drain time).
# Writes bench/results/<UTC date>.md (<date>-2.md, -3.md… for later runs of the same day).
# Every process it starts is stopped on exit.
#
# Knobs (environment):
#   DURATION (15s per step), CONNECTIONS ("16 64"), TARGET_C (16: the step the targets read;
#   added to CONNECTIONS if missing), THREADS (2), TOKENS (5000, as issue 17 measured),
#   WARMUP / WARMUP_MAX (60s / 120s: warm-ups run until the throughput is stable, within these
#   bounds; Cerbos' from 10 s), PACED (1: also the ~80%-of-peak runs; 0: skip them),
#   DB (both: Derby and PostgreSQL; derby; postgres: the Gatehouse scenarios on PostgreSQL only),
#   QUIET_WAIT (120: seconds, in all, to wait for other processes to leave the machine idle),
#   MAX_RETRIES (3: steps re-run when other processes disturbed them), DRAIN_MAX (300: seconds to
#   wait for the audit queue and journal to drain after a step), PORT (49080; https on +363),
#   FLOOR_PORT (PORT+1), PG_PORT (PORT+2), CERBOS_PORT (3592; gRPC on +1),
#   CERBOS_VERSION (0.55.0), OUT (results file).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-60s}
WARMUP_MAX=${WARMUP_MAX:-120s}
MAX_RETRIES=${MAX_RETRIES:-3}
CONNECTIONS=${CONNECTIONS:-16 64}
TARGET_C=${TARGET_C:-16}
THREADS=${THREADS:-2}
TOKENS=${TOKENS:-5000}
PACED=${PACED:-1}
DB=${DB:-both}
DRAIN_MAX=${DRAIN_MAX:-300}
PORT=${PORT:-49080}
FLOOR_PORT=${FLOOR_PORT:-$((PORT + 1))}
PG_PORT=${PG_PORT:-$((PORT + 2))}
CERBOS_PORT=${CERBOS_PORT:-3592}
CERBOS_VERSION=${CERBOS_VERSION:-0.55.0}
ISSUER=https://bench-idp.example.com
case $DB in both) RUN_DERBY=1 RUN_PG=1;; derby) RUN_DERBY=1 RUN_PG=0;; postgres) RUN_DERBY=0 RUN_PG=1;;
  *) echo "DB must be both, derby or postgres, not '$DB'" >&2; exit 2;; esac
[[ " $CONNECTIONS " == *" $TARGET_C "* ]] || CONNECTIONS="$TARGET_C $CONNECTIONS"
if [ -z "${OUT:-}" ]; then
  day=$(date -u +%Y-%m-%d)
  OUT=bench/results/$day.md
  n=2
  while [ -e "$OUT" ]; do OUT=bench/results/$day-$n.md; n=$((n + 1)); done
fi

WLP=target/liberty/wlp
SERVER=gatehouse-bench
DIR=$WLP/usr/servers/$SERVER
FLOOR_SERVER=floor-bench
FLOOR_DIR=$WLP/usr/servers/$FLOOR_SERVER
WORK=$ROOT/bench/.build          # generated files (git-ignored)
PG_DIR=$WORK/postgres
BASE=http://127.0.0.1:$PORT
CHECK_URL=$BASE/api/v1/workspaces/default/authorization/check
METRICS_URL="$BASE/metrics?scope=application"
GH_FLOOR_URL=$BASE/demo/floor
FLOOR_URL=http://127.0.0.1:$FLOOR_PORT/floor/check
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
FLOOR_STARTED=0
PG_STARTED=0
CERBOS_PID=
SAMPLER_PID=
cleanup() {
  local rc=$?
  if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; fi
  if [ -n "$CERBOS_PID" ]; then
    kill "$CERBOS_PID" 2>/dev/null || true
    wait "$CERBOS_PID" 2>/dev/null || true
  fi
  if [ "$LIBERTY_STARTED" = 1 ]; then stop_gatehouse; fi
  if [ "$FLOOR_STARTED" = 1 ]; then stop_floor; fi
  if [ "$PG_STARTED" = 1 ]; then stop_pg; fi
  [ $rc -eq 0 ] || log "failed (exit $rc); logs: $DIR/logs/messages.log, $FLOOR_DIR/logs/messages.log, $WORK/cerbos.log"
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
FLOOR_WAR=bench/floor/target/floor.war
if [ ! -f $FLOOR_WAR ] || [ -n "$(find bench/floor/pom.xml bench/floor/src -newer $FLOOR_WAR -type f 2>/dev/null)" ]; then
  log "building the floor: mvn -q -B -f bench/floor/pom.xml package"
  mvn -q -B -f bench/floor/pom.xml package
fi
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing wrk (apt-get)"
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  fi
  command -v wrk >/dev/null || die "wrk is needed: sudo apt-get install wrk (or build github.com/wg/wrk)"
fi
command -v jstat >/dev/null || log "no jstat (a JDK's): GC pauses are not measured"
# Cerbos: when it cannot be installed or started, everything else still runs; its rows say why.
CERBOS_WHY=
find_cerbos() { [ -d bench/.cerbos/node_modules ] || return 0; find bench/.cerbos/node_modules -type f -name 'cerbos-linux-x64' -perm -u+x 2>/dev/null | head -1 || true; }
CERBOS_BIN=$(find_cerbos)
if [ -z "$CERBOS_BIN" ] || ! "$CERBOS_BIN" --version 2>/dev/null | head -1 | grep -qx "$CERBOS_VERSION"; then
  if ! command -v npm >/dev/null; then
    CERBOS_WHY="npm is not installed (Cerbos comes from npm @cerbos/cerbos-linux-x64)"
  else
    log "installing Cerbos $CERBOS_VERSION: npm install --prefix bench/.cerbos @cerbos/cerbos-linux-x64@$CERBOS_VERSION"
    if ! timeout 300 npm install --prefix bench/.cerbos --no-audit --no-fund "@cerbos/cerbos-linux-x64@$CERBOS_VERSION" >"$ROOT/bench/.cerbos-npm.log" 2>&1; then
      CERBOS_WHY="npm install @cerbos/cerbos-linux-x64@$CERBOS_VERSION failed: $(grep -i 'err' "$ROOT/bench/.cerbos-npm.log" | grep -v 'complete log' | head -2 | tr -d '`|' | tr '\n' ' ' | cut -c1-300 | sed 's/[ .]*$//')"
    fi
    rm -f "$ROOT/bench/.cerbos-npm.log"
    CERBOS_BIN=$(find_cerbos)
    [ -n "$CERBOS_BIN" ] || CERBOS_WHY=${CERBOS_WHY:-"no cerbos-linux-x64 binary under bench/.cerbos/node_modules after npm install"}
  fi
fi
if [ -n "$CERBOS_WHY" ]; then log "Cerbos will not run: $CERBOS_WHY"; else CERBOS_BIN=$ROOT/$CERBOS_BIN; fi
mkdir -p "$WORK" bench/results
if [ ! -s "$WORK/classpath.txt" ] || [ pom.xml -nt "$WORK/classpath.txt" ]; then
  log "resolving the test classpath (for the token minter)"
  mvn -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PORT" "$((PORT + 363))" "$FLOOR_PORT" "$PG_PORT" "$CERBOS_PORT" "$((CERBOS_PORT + 1))"; do
  ! port_busy "$p" || die "127.0.0.1:$p is in use (bench/check-load.sh or a leftover server? PORT / FLOOR_PORT / \
PG_PORT / CERBOS_PORT choose other ports; leftover servers stop with $WLP/bin/server stop $SERVER (or $FLOOR_SERVER))"
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

# ---------------------------------------------------------------- 3. PostgreSQL (DB=both|postgres)
# A throwaway cluster (src/test/postgres/pg.sh: fresh initdb, loopback only, fsync off), started
# afresh before each Gatehouse start on PostgreSQL. Its processes' CPU counts as server CPU.
start_pg() {
  PG_STARTED=1
  timeout 300 bash src/test/postgres/pg.sh start "$PG_PORT" "$PG_DIR" >&2 || die "PostgreSQL did not start (src/test/postgres/pg.sh)"
}
stop_pg() {
  timeout 120 bash src/test/postgres/pg.sh stop "$PG_PORT" "$PG_DIR" >&2 || true
  PG_STARTED=0
}
# pg_pid: the postmaster's pid (first line of postmaster.pid in the cluster's data directory).
pg_pid() {
  local c=$PG_DIR
  [ -f "$PG_DIR/cluster" ] && c=$(cat "$PG_DIR/cluster")
  head -1 "$c/data/postmaster.pid" 2>/dev/null || true
}
# pg_ticks: utime+stime of the postmaster, of its children that have exited (cutime+cstime) and
# of its live children (backends, writers), in clock ticks.
pg_ticks() {
  local pm kids; pm=$(pg_pid)
  [ -n "$pm" ] && [ -r "/proc/$pm/stat" ] || { echo 0; return; }
  kids=$(pgrep -P "$pm" | tr '\n' ' ' || true)
  # shellcheck disable=SC2046,SC2086
  cat $(printf '/proc/%s/stat ' $pm $kids) 2>/dev/null |
    awk -v pm="$pm" '{ s = $0; sub(/^.*\) /, "", s); split(s, a, " ")
      # after "pid (comm) ": a[1] state, a[2] ppid, a[12] utime, a[13] stime, a[14] cutime, a[15] cstime
      if ($1 == pm) n += a[12] + a[13] + a[14] + a[15]; else if (a[2] == pm) n += a[12] + a[13] }
      END { print n + 0 }'
}

# ---------------------------------------------------------------- 4. Gatehouse
gh_body() { printf '{"token":"%s","resource":"orders","action":"approve","context":{"orderId":"order-123","orderAmount":50000}}' "$1"; }
GATEHOUSE_PID=
stop_gatehouse() {
  timeout 60 "$WLP/bin/server" stop $SERVER >/dev/null 2>&1 || true
  if [ -n "$GATEHOUSE_PID" ] && kill -0 "$GATEHOUSE_PID" 2>/dev/null; then kill "$GATEHOUSE_PID" 2>/dev/null || true; fi
  LIBERTY_STARTED=0
  GATEHOUSE_PID=
}

# start_gatehouse CACHE DB: a fresh server (fresh database: Derby under the server directory, or a
# fresh PostgreSQL cluster) with the token cache on or off.
start_gatehouse() {
  local cache=$1 db=$2
  stop_gatehouse
  rm -rf "$DIR" && mkdir -p "$DIR/dropins"
  cp server-config/server.xml server-config/jvm.options server-config/server.env "$DIR/"
  printf 'http.port=%s\nhttps.port=%s\n' "$PORT" "$((PORT + 363))" > "$DIR/bootstrap.properties"
  cp target/gatehouse.war "$DIR/dropins/"
  local dburl=
  if [ "$db" = postgres ]; then
    start_pg
    dburl=jdbc:postgresql://127.0.0.1:$PG_PORT/gatehouse
  fi
  log "starting Gatehouse (token cache $cache, $db)"
  LIBERTY_STARTED=1
  # GATEHOUSE_DB_URL (docs/configuration.md): empty = the embedded Derby of server.xml's default.
  env ${dburl:+GATEHOUSE_DB_URL=$dburl GATEHOUSE_DB_USER=gatehouse GATEHOUSE_DB_PASSWORD=gatehouse} \
    GATEHOUSE_TOKEN_CACHE_ENABLED=$cache GATEHOUSE_DEMO_ENABLED=true GATEHOUSE_ADMIN_PASSWORD=bench-password \
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
  r=$(curl -s --max-time 10 "$GH_FLOOR_URL" -H 'Content-Type: application/json' -d "$(gh_body "$MANAGER")")
  grep -q '"reason":"floor"' <<<"$r" || die "the /demo/floor endpoint answered: $r"
  r=$(curl -s --max-time 10 "$METRICS_URL")
  grep -q '^gatehouse_audit_queue_depth' <<<"$r" || die "Gatehouse's /metrics has no gatehouse_audit_queue_depth"
  log "Gatehouse (pid $GATEHOUSE_PID) allows the manager, denies the member, refuses a forged token (401)"
}

# ---------------------------------------------------------------- 5. the floor (bare Liberty)
FLOOR_PID=
stop_floor() {
  timeout 60 "$WLP/bin/server" stop $FLOOR_SERVER >/dev/null 2>&1 || true
  if [ -n "$FLOOR_PID" ] && kill -0 "$FLOOR_PID" 2>/dev/null; then kill "$FLOOR_PID" 2>/dev/null || true; fi
  FLOOR_STARTED=0
  FLOOR_PID=
}
# start_floor: bench/floor's WAR in a server of its own from the same runtime (bench/floor/server:
# restfulWS-3.1 and jsonp-2.1 only, loopback only), the same jvm.options as Gatehouse.
start_floor() {
  stop_floor
  rm -rf "$FLOOR_DIR" && mkdir -p "$FLOOR_DIR/dropins"
  cp bench/floor/server/server.xml server-config/jvm.options "$FLOOR_DIR/"
  printf 'floor.port=%s\n' "$FLOOR_PORT" > "$FLOOR_DIR/bootstrap.properties"
  cp $FLOOR_WAR "$FLOOR_DIR/dropins/"
  log "starting the floor (a bare Liberty: restfulWS-3.1, jsonp-2.1)"
  FLOOR_STARTED=1
  timeout 120 "$WLP/bin/server" start $FLOOR_SERVER >/dev/null
  local r= code
  for _ in $(seq 1 240); do
    r=$(curl -s --max-time 2 "$FLOOR_URL" -H 'Content-Type: application/json' -d "$(gh_body "$MANAGER")" || true)
    [[ "$r" == *'"reason":"floor"'* ]] && break
    sleep 0.5
  done
  [[ "$r" == *'"reason":"floor"'* ]] || die "the floor did not answer within 120 s: $r"
  # It parses the body: malformed JSON is a 400, like Gatehouse's.
  code=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$FLOOR_URL" -H 'Content-Type: application/json' -d '{"token":')
  [ "$code" = 400 ] || die "the floor answered $code to malformed JSON, not 400"
  FLOOR_PID=$(cat "$WLP/usr/servers/.pid/$FLOOR_SERVER.pid" 2>/dev/null || true)
  [ -n "$FLOOR_PID" ] && kill -0 "$FLOOR_PID" || die "no pid for the floor server"
  FLOOR_FEATURES=$(grep -ho 'installed the following features: \[[^]]*\]' "$FLOOR_DIR"/logs/messages.log | head -1 | sed 's/.*\[//; s/\]//' || true)
  log "the floor (pid $FLOOR_PID) answers a check-shaped JSON and 400 to malformed JSON (features: $FLOOR_FEATURES)"
}

# ---------------------------------------------------------------- 6. Cerbos
cb_body() { printf '{"requestId":"check","principal":{"id":"%s","roles":["user"]},"resources":[{"actions":["approve"],"resource":{"kind":"orders","id":"order-123","attr":{"orderAmount":50000}}}],"auxData":{"jwt":{"token":"%s"}}}' "$1" "$2"; }
stop_cerbos() {
  if [ -n "$CERBOS_PID" ]; then
    kill "$CERBOS_PID" 2>/dev/null || true
    wait "$CERBOS_PID" 2>/dev/null || true
  fi
  CERBOS_PID=
}
# start_cerbos: starts and checks Cerbos; on failure stops it, sets CERBOS_WHY and returns 1.
start_cerbos() {
  rm -rf "$WORK/cerbos" && mkdir -p "$WORK/cerbos/policies"
  cat > "$WORK/cerbos/config.yaml" <<YAML
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
YAML
  # The seed's order_approval, in Cerbos' terms: the JWT's org_role instead of ext_role.
  cat > "$WORK/cerbos/policies/orders.yaml" <<'YAML'
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
YAML
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
  local r why=
  if [ -z "$up" ]; then
    why="Cerbos did not start (bench/.build/cerbos.log: $(tail -1 "$WORK/cerbos.log" | tr -d '`|' | cut -c1-200))"
  else
    r=$(curl -s --max-time 10 "$CERBOS_URL" -H 'Content-Type: application/json' -d "$(cb_body user_0 "$MANAGER")")
    grep -q '"approve":"EFFECT_ALLOW"' <<<"$r" || why="Cerbos did not allow the manager: $r"
    r=$(curl -s --max-time 10 "$CERBOS_URL" -H 'Content-Type: application/json' -d "$(cb_body user_9 "$MEMBER")")
    [ -n "$why" ] || grep -q '"approve":"EFFECT_DENY"' <<<"$r" || why="Cerbos did not deny the member: $r"
    r=$(curl -s --max-time 10 -w ' %{http_code}' "$CERBOS_URL" -H 'Content-Type: application/json' -d "$(cb_body user_0 "$FORGED")")
    [ -n "$why" ] || [[ "$r" == *' 400' ]] || why="Cerbos did not refuse a forged token: $r"
  fi
  if [ -n "$why" ]; then
    CERBOS_WHY=$(tr -d '`|\n' <<<"$why" | cut -c1-300)
    log "Cerbos will not run: $CERBOS_WHY"
    stop_cerbos
    return 1
  fi
  log "Cerbos (pid $CERBOS_PID) allows the manager, denies the member, refuses a forged token ($r)"
}

# ---------------------------------------------------------------- 7. load
# cpu_ticks PID: utime + stime of a process (all threads), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# server_ticks PID: "<the server's ticks> <PostgreSQL's ticks>" (0 unless Gatehouse runs on it: COUNT_PG=1).
COUNT_PG=0
server_ticks() {
  local p=0
  if [ "$COUNT_PG" = 1 ]; then p=$(pg_ticks); fi
  echo "$(cpu_ticks "$1") $p"
}
# busy_total: the machine's busy and total ticks.
busy_total() { awk '/^cpu / {t=0; for (i=2;i<=NF;i++) t+=$i; print t-$5-$6, t}' /proc/stat; }

# gc_snapshot PID: "<GC pause time in ms> <GC count>" of a JVM (jstat -gcutil: GCT, the total of the
# young, full and concurrent-cycle pauses; YGC+FGC+CGC), or "- -" without jstat.
gc_snapshot() {
  command -v jstat >/dev/null || { echo "- -"; return; }
  timeout 20 jstat -gcutil "$1" 2>/dev/null | awk 'NR == 1 {for (i = 1; i <= NF; i++) h[$i] = i; next}
    NR == 2 {printf "%.0f %d\n", $h["GCT"] * 1000, $h["YGC"] + $h["FGC"] + (h["CGC"] ? $h["CGC"] : 0); ok = 1}
    END {if (!ok) print "- -"}'
}

# gh_metrics: one scrape of Gatehouse's /metrics (scope application), reduced to
# "count sum_s p50_s p99_s p999_s max_s written dropped checks depth journaled backlog_bytes" for
# source="check"
# (docs/metrics.md: gatehouse_check_duration_seconds, gatehouse_audit_*, gatehouse_checks_total).
gh_metrics() {
  curl -s --max-time 5 "$METRICS_URL" | awk '
    /^gatehouse_check_duration_seconds_count\{.*source="check"/ {cnt = $NF}
    /^gatehouse_check_duration_seconds_sum\{.*source="check"/ {sum = $NF}
    /^gatehouse_check_duration_seconds_max\{.*source="check"/ {mx = $NF}
    /^gatehouse_check_duration_seconds\{.*source="check".*quantile="0.5"/ {q50 = $NF}
    /^gatehouse_check_duration_seconds\{.*source="check".*quantile="0.99"/ {q99 = $NF}
    /^gatehouse_check_duration_seconds\{.*source="check".*quantile="0.999"/ {q999 = $NF}
    /^gatehouse_audit_written\{/ {w = $NF}
    /^gatehouse_audit_dropped\{/ {d = $NF}
    /^gatehouse_audit_queue_depth\{/ {qd = $NF}
    /^gatehouse_checks_total\{.*source="check"/ {ch += $NF}
    /^gatehouse_audit_journaled\{/ {j = $NF}
    /^gatehouse_audit_journal_backlog_bytes\{/ {jb = $NF}
    END {printf "%.0f %.9f %.9f %.9f %.9f %.9f %.0f %.0f %.0f %.0f %.0f %.0f\n", cnt, sum, q50, q99, q999, mx, w, d, ch, qd, j, jb}'
}

# wrk_run PID URL MODE REPEAT CONNECTIONS DURATION [RATE]: one wrk run (paced at RATE checks/s
# when given); sets the R_* globals. With GH=1 (a Gatehouse check scenario) it also samples the
# audit queue every second and reads Gatehouse's metrics before and after; with JVM=1 the GC.
GH=0 JVM=0
wrk_run() {
  local pid=$1 url=$2 mode=$3 repeat=$4 c=$5 d=$6 rate=${7:-0}
  local t=$THREADS; [ "$c" -lt "$t" ] && t=$c
  local c0 c1 p0 p1 b0 b1 s0 s1 out m0= m1= g0="- -" g1="- -" dsec
  R_US_DRAINED=
  dsec=$(secs "$d" | cut -d. -f1)
  if [ "$JVM" = 1 ]; then g0=$(gc_snapshot "$pid"); fi
  if [ "$GH" = 1 ]; then
    # Each step starts with an empty audit queue (what the warm-up or the last step left is written first).
    drain_wait "$(gh_metrics)" >/dev/null
    m0=$(gh_metrics)
    # The audit queue's depth and the journal's backlog (bytes not yet in the database), once a
    # second while wrk runs (bounded: it stops on its own).
    ( for _ in $(seq 1 $((dsec + 70))); do
        curl -s --max-time 1 "$METRICS_URL" | awk '/^gatehouse_audit_queue_depth\{/ {q = $NF}
          /^gatehouse_audit_journal_backlog_bytes\{/ {b = $NF} END {printf "%.0f %.0f\n", q, b}' || true
        sleep 1
      done ) > "$WORK/depth.txt" 2>/dev/null &
    SAMPLER_PID=$!
  fi
  read -r c0 p0 < <(server_ticks "$pid"); read -r b0 s0 < <(busy_total)
  local w0 w1; w0=$(date +%s.%N)
  out=$(BENCH_TOKENS="$WORK/tokens/tokens.lua" BENCH_MODE=$mode BENCH_REPEAT=$repeat BENCH_THREADS=$t \
    BENCH_RATE=$rate timeout $(( dsec + 60 )) \
    /usr/bin/time -f '%U %S' -o "$WORK/wrk.time" \
    wrk -t"$t" -c"$c" -d"$d" --timeout 5s --latency -s bench/lua/check.lua "$url")
  w1=$(date +%s.%N)
  read -r c1 p1 < <(server_ticks "$pid"); read -r b1 s1 < <(busy_total)
  # Server CPU = the server process's + PostgreSQL's (when counted).
  c0=$((c0 + p0)) c1=$((c1 + p1))
  if [ "$GH" = 1 ]; then
    kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=
    m1=$(gh_metrics)
  fi
  if [ "$JVM" = 1 ]; then g1=$(gc_snapshot "$pid"); fi
  # wrk's own CPU, so that what is left of the machine's busy time is everyone else's.
  R_WRK=$(awk -v s="$w0" -v e="$w1" 'NF == 2 && $1 ~ /^[0-9.]+$/ {printf "%.0f", ($1+$2)/(e-s)*100}' "$WORK/wrk.time")
  R_RPS=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  R_REQS=$(awk '/requests in/ {print $1}' <<<"$out")
  R_P50=$(awk -v p=50% "$LAT_AWK" <<<"$out")
  R_P99=$(awk -v p=99% "$LAT_AWK" <<<"$out")
  R_ERR=$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(/,/,""); n+=$4+$6+$8+$10} END {print n+0}' <<<"$out")
  R_CPU=$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" -v s="$w0" -v e="$w1" 'BEGIN {printf "%.0f", (b-a)/hz/(e-s)*100}')
  R_PGCPU=
  if [ "$COUNT_PG" = 1 ]; then
    R_PGCPU=$(awk -v a="$p0" -v b="$p1" -v hz="$HZ" -v s="$w0" -v e="$w1" 'BEGIN {printf " (PostgreSQL %.0f%%)", (b-a)/hz/(e-s)*100}')
  fi
  R_MACHINE=$(awk -v a="$b0" -v b="$b1" -v x="$s0" -v y="$s1" 'BEGIN {printf "%.0f", (b-a)/(y-x)*100}')
  R_OTHER=$(awk -v m="$R_MACHINE" -v n="$NCPU" -v c="$R_CPU" -v w="$R_WRK" 'BEGIN {x = m*n - c - w; printf "%.0f", (x < 0 ? 0 : x)}')
  # Server CPU per answered request, in µs (utime+stime over wrk's run ÷ requests).
  R_US=$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" -v n="${R_REQS:-0}" 'BEGIN {printf "%.0f", (n > 0 ? (b-a)/hz/n*1e6 : 0)}')
  R_GC=$(awk -v a="$g0" -v b="$g1" 'BEGIN {split(a, x, " "); split(b, y, " ");
    if (x[1] == "-" || y[1] == "-") print "–"; else printf "%d ms (%d)", y[1]-x[1], y[2]-x[2]}')
  R_GH=
  if [ "$GH" = 1 ]; then
    local qmax bmax
    qmax=$(awk '$1 > m {m = $1} END {print m + 0}' "$WORK/depth.txt")
    bmax=$(awk '$2 > m {m = $2} END {printf "%.1f", m / 1048576}' "$WORK/depth.txt")
    # Records written vs checks answered at the end of the step, then the wait for the queue to drain.
    local drain c2 p2; drain=$(drain_wait "$m0")
    # Server CPU per check from the step's start until the database caught up: what the deferred
    # audit writing (the journal's backlog) costs is counted too.
    read -r c2 p2 < <(server_ticks "$pid"); c2=$((c2 + p2))
    R_US_DRAINED=$(awk -v a="$c0" -v b="$c2" -v hz="$HZ" -v n="${R_REQS:-0}" 'BEGIN {printf "%.0f", (n > 0 ? (b-a)/hz/n*1e6 : 0)}')
    R_GH=$(awk -v a="$m0" -v b="$m1" -v q="$qmax" -v bm="$bmax" -v dr="$drain" -v usd="$R_US_DRAINED" 'BEGIN {
      split(a, x, " "); split(b, y, " ");
      n = y[1] - x[1]; mean = (n > 0 ? (y[2] - x[2]) / n * 1e6 : 0)
      ch = y[9] - x[9]; w = y[7] - x[7]; dropped = y[8] - x[8]; j = y[11] - x[11]
      printf "%.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s | %.0f / %.0f (%.0f%%) | %.0f / %.0f (%.0f%%) | %s | %s µs | %.0f",
        n, mean, y[3]*1e6, y[4]*1e6, y[5]*1e6, y[6]*1e6, q, (j > 0 ? bm " MiB" : "–"),
        j, ch, (ch > 0 ? 100*j/ch : 0), w, ch, (ch > 0 ? 100*w/ch : 0), dr, usd, dropped}')
    # the check-duration p99 (ms) and the queue's peak, for the targets
    R_DUR_P99=$(awk -v b="$m1" 'BEGIN {split(b, y, " "); printf "%.3f", y[4]*1000}')
  fi
  echo "$out" >> "$WORK/wrk.log"
}
# drain_wait M0: after a step, seconds until the audit queue is empty and every check answered since
# M0 is written (or dropped), polling every 0.2 s for at most DRAIN_MAX s (then "> DRAIN_MAX s").
drain_wait() {
  local m0=$1 t0 m n=0
  t0=$(date +%s.%N)
  while :; do
    m=$(gh_metrics)
    if awk -v a="$m0" -v b="$m" 'BEGIN {split(a, x, " "); split(b, y, " ");
         exit !(y[10] == 0 && y[12] == 0 && (y[7] - x[7]) + (y[8] - x[8]) >= (y[9] - x[9]))}'; then
      awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f s", e - s}'
      return
    fi
    n=$((n + 1))
    if [ "$n" -ge $((DRAIN_MAX * 5)) ]; then echo "> $DRAIN_MAX s"; return; fi
    sleep 0.2
  done
}
# Latency percentile in ms from wrk's --latency lines ("99%  16.00ms").
LAT_AWK='$1==p { v=$2; if (v ~ /us$/) x=v/1000; else if (v ~ /ms$/) x=v+0; else if (v ~ /m$/) x=v*60000; else x=v*1000; printf "%.2f", x }'

declare -A RPS US USD P99 DUR99 PEAK PEAK_C P99_PACED
row() { printf '| %s | %s | %s | %s | %s | %s%%%s | %s | %s%% | %s%% | %s%% | %s |\n' "$1" "$(fmt "$R_RPS")" "$R_P50" "$R_P99" "$R_ERR" "$R_CPU" "$R_PGCPU" "$R_US" "$R_WRK" "$R_OTHER" "$R_MACHINE" "$R_GC"; }
fmt() { awk -v n="$1" 'BEGIN { s=sprintf("%.0f", n); r=""; while (length(s) > 3) { r="," substr(s, length(s)-2) r; s=substr(s, 1, length(s)-3) } print s r }'; }
HEADER='| connections | checks/s | p50 ms | p99 ms | errors / non-2xx | server CPU | µs server CPU per check | wrk CPU | other processes CPU | machine busy | GC pauses (count) |
|---|---|---|---|---|---|---|---|---|---|---|'
GH_HEADER='| scenario | step | checks timed | mean µs | p50 µs | p99 µs | p99.9 µs | max µs | audit queue max depth | journal backlog max | records journaled / checks answered at the end | records in the database / checks answered at the end | drained after | server CPU per check, drain included | dropped |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|'
: > "$WORK/gh-rows.md"

# measure ARGS (as wrk_run): waits for a quiet machine, runs, and runs once more when other
# processes took more than 30% of a core meanwhile (at most MAX_RETRIES times in the run).
RETRIES=0
measure() {
  # Gatehouse catching up first (the audit journal's backlog of the warm-up or the last step):
  # its own CPU then is not another process's, and does not spend QUIET_WAIT.
  if [ "$GH" = 1 ]; then drain_wait "$(gh_metrics)" >/dev/null; fi
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

# scenario KEY LABEL PID URL MODE REPEAT STEPS PACED: the steps (connection counts), then (PACED=1)
# one run at ~80% of the peak. Writes its table to stdout and, for Gatehouse's checks (GH=1), one
# row per step of Gatehouse's own figures to $WORK/gh-rows.md.
scenario() {
  local key=$1 label=$2 pid=$3 url=$4 mode=$5 repeat=$6 steps=$7 paced=$8
  echo "$HEADER"
  PEAK[$key]=0
  for c in $steps; do
    log "  $key: $c connections, $DURATION"
    measure "$pid" "$url" "$mode" "$repeat" "$c" "$DURATION"
    RPS[$key,$c]=$R_RPS
    US[$key,$c]=$R_US
    USD[$key,$c]=${R_US_DRAINED:-$R_US}
    P99[$key,$c]=$R_P99
    if [ "$R_RPS" -gt "${PEAK[$key]}" ]; then PEAK[$key]=$R_RPS; PEAK_C[$key]=$c; fi
    row "$c$R_MARK"
    if [ "$GH" = 1 ]; then
      DUR99[$key,$c]=$R_DUR_P99
      echo "| $label | $c conn.$R_MARK | $R_GH |" >> "$WORK/gh-rows.md"
    fi
  done
  [ "$paced" = 1 ] || return 0
  # A fixed schedule at 80% of the peak (bench/lua/check.lua, BENCH_RATE), on the largest
  # connection count so that a slow answer rarely holds up the schedule.
  local peak=${PEAK[$key]} target cp
  target=$(awk -v p="$peak" 'BEGIN {printf "%.0f", 0.8 * p}')
  cp=$(tr ' ' '\n' <<<"$steps" | sort -n | tail -1)
  log "  $key: paced at $(fmt "$target") checks/s (80% of the peak), $cp connections, $DURATION"
  measure "$pid" "$url" "$mode" "$repeat" "$cp" "$DURATION" "$target"
  RPS[$key,paced]=$R_RPS
  P99_PACED[$key]=$R_P99
  row "$cp, paced to $(awk -v r="$R_RPS" -v p="$peak" 'BEGIN {printf "%.0f", 100*r/p}')% of peak$R_MARK"
  if [ "$GH" = 1 ]; then echo "| $label | paced, $cp conn.$R_MARK | $R_GH |" >> "$WORK/gh-rows.md"; fi
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
# own_ticks: CPU ticks of the servers this script runs (Gatehouse, the floor, Cerbos, PostgreSQL).
own_ticks() {
  local n=0 p
  for p in $GATEHOUSE_PID $FLOOR_PID $CERBOS_PID; do
    [ -r "/proc/$p/stat" ] && n=$(( n + $(cpu_ticks "$p") ))
  done
  if [ "$PG_STARTED" = 1 ]; then n=$(( n + $(pg_ticks) )); fi
  echo "$n"
}

# warmup KEY MIN_SECONDS PID URL MODE REPEAT: 5 s slices at the largest connection count, at least
# MIN_SECONDS, until the last three slices are within 5% of their mean (at most WARMUP_MAX). A
# fresh Liberty's JIT takes about a minute on 2 busy cores to reach its plateau, and it stalls on
# the way (e.g. ~4,500 checks/s for 15 s before climbing to ~11,000), hence the long minimum. The
# slices are written to the results, not measured (no Gatehouse metrics, no GC).
declare -A WARM
warmup() {
  local key=$1 min=$2 c t=0 max a= b= x gh=$GH jvm=$JVM
  shift 2
  c=$(tr ' ' '\n' <<<"$CONNECTIONS" | sort -n | tail -1)
  max=$(secs "$WARMUP_MAX" | cut -d. -f1)
  WARM[$key]=
  GH=0 JVM=0
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
  GH=$gh JVM=$jvm
  log "  warm-up ($t s): ${WARM[$key]} checks/s"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a/b; else print "n/a" }'; }

# ---------------------------------------------------------------- 8. the run
: > "$WORK/wrk.log"
mkdir -p "$WORK/sections"
SEC=$WORK/sections
rm -f "$SEC"/*.md
TC=$TARGET_C
WARMUP_S=$(secs "$WARMUP" | cut -d. -f1)
LIBERTY_VERSION=
DROPS_FRESH=- DROPS_CACHED=- DROPS_PG=0

if [ "$RUN_DERBY" = 1 ]; then
  log "Gatehouse on Derby, distinct tokens, token cache off (every check verifies RS256)"
  wait_quiet
  start_gatehouse false derby
  GH=1 JVM=1
  warmup fresh "$WARMUP_S" "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 0
  scenario fresh "Derby, fresh tokens (cache off)" "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 0 "$CONNECTIONS" "$PACED" > "$SEC/fresh.md"
  DROPS_FRESH=$(gh_metrics | awk '{print $8}')
  LIBERTY_VERSION=$(grep -ho 'Open Liberty [0-9.]*[0-9]' "$DIR"/logs/*.log 2>/dev/null | head -1 || true)

  log "Gatehouse on Derby, token cache on (the default)"
  wait_quiet
  start_gatehouse true derby
  # Warm-up and cache hits with the repeated token only, so that the distinct-token run starts
  # with a cold cache; the cache-hit steps first, so that the decaying window of Gatehouse's
  # quantiles read after them holds only cache hits (the warm-up's included).
  warmup cached "$WARMUP_S" "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 1
  scenario repeated "Derby, one repeated token (cache hits)" "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 1 "$CONNECTIONS" "$PACED" > "$SEC/repeated.md"
  scenario distinct "Derby, distinct tokens (cache on)" "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 0 "$CONNECTIONS" "$PACED" > "$SEC/distinct.md"
  DIST_REQS=0
  for c in $CONNECTIONS; do DIST_REQS=$(( DIST_REQS + ${RPS[distinct,$c]} * $(secs "$DURATION") )); done
  DROPS_CACHED=$(gh_metrics | awk '{print $8}')
  # /demo/floor inside Gatehouse's server: what Gatehouse's server costs without a check.
  GH=0
  scenario ghfloor "" "$GATEHOUSE_PID" "$GH_FLOOR_URL" gatehouse 1 "$TC" 0 > "$SEC/ghfloor.md"
  stop_gatehouse
fi

log "the floor: a bare Liberty"
wait_quiet
start_floor
GH=0 JVM=1
warmup floor "$WARMUP_S" "$FLOOR_PID" "$FLOOR_URL" gatehouse 1
scenario floor "" "$FLOOR_PID" "$FLOOR_URL" gatehouse 1 "$CONNECTIONS" "$PACED" > "$SEC/floor.md"
stop_floor

CERBOS_REFUSED=0 CERBOS_VERSION_RUN=
if [ -z "$CERBOS_WHY" ]; then
  log "Cerbos, distinct tokens (auxData.jwt, verified on every request)"
  wait_quiet
  if start_cerbos; then
    CERBOS_VERSION_RUN=$("$CERBOS_BIN" --version | head -1)
    GH=0 JVM=0
    warmup cerbos 10 "$CERBOS_PID" "$CERBOS_URL" cerbos 0
    scenario cerbos "" "$CERBOS_PID" "$CERBOS_URL" cerbos 0 "$CONNECTIONS" "$PACED" > "$SEC/cerbos.md"
    CERBOS_REFUSED=$(grep -c 'Failed to extract auxData' "$WORK/cerbos.log" || true)
    stop_cerbos
  fi
fi

PG_VERSION=
if [ "$RUN_PG" = 1 ]; then
  # Beside Derby, only the target step (the run stays ~15 min); alone, every step.
  if [ "$RUN_DERBY" = 1 ]; then PG_STEPS=$TC PG_PACED=0; else PG_STEPS=$CONNECTIONS PG_PACED=$PACED; fi
  log "Gatehouse on PostgreSQL, distinct tokens, token cache off"
  wait_quiet
  start_gatehouse false postgres
  PG_VERSION=$(grep -ho 'PostgreSQL [0-9.]*' "$PG_DIR/initdb.log" 2>/dev/null | head -1 || true)
  [ -n "$PG_VERSION" ] || PG_VERSION="PostgreSQL $(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)"
  COUNT_PG=1 GH=1 JVM=1
  warmup pg_fresh "$WARMUP_S" "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 0
  scenario pg_fresh "PostgreSQL, fresh tokens (cache off)" "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 0 "$PG_STEPS" "$PG_PACED" > "$SEC/pg_fresh.md"
  DROPS_PG=$(gh_metrics | awk '{print $8}')
  stop_gatehouse
  log "Gatehouse on PostgreSQL, one repeated token (cache hits)"
  wait_quiet
  start_gatehouse true postgres
  warmup pg_repeated "$WARMUP_S" "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 1
  scenario pg_repeated "PostgreSQL, one repeated token (cache hits)" "$GATEHOUSE_PID" "$CHECK_URL" gatehouse 1 "$PG_STEPS" "$PG_PACED" > "$SEC/pg_repeated.md"
  DROPS_PG=$(( DROPS_PG + $(gh_metrics | awk '{print $8}') ))
  stop_gatehouse
  stop_pg
  COUNT_PG=0
fi

# ---------------------------------------------------------------- 9. the results file
# target_row LABEL VALUE OP LIMIT [NOTE]: one line of the targets table, pass / fail / n/a.
target_row() {
  local verdict
  verdict=$(awk -v v="$2" -v op="$3" -v l="$4" 'BEGIN {
    if (v == "n/a" || v == "") { print "n/a"; exit }
    ok = (op == "≥" ? v + 0 >= l + 0 : v + 0 <= l + 0); print (ok ? "**pass**" : "**fail**") }')
  echo "| $1 | ${2:-n/a} | $3 $4 | $verdict | ${5:-} |"
}
targets() { # DB_LABEL FRESH_KEY HITS_KEY
  local d=$1 f=$2 h=$3 tc=$TC
  local cerbos_note=
  [ -z "$CERBOS_WHY" ] || cerbos_note="Cerbos not run: $CERBOS_WHY"
  target_row "$d: cache hits / floor, checks/s at $tc conn." "$(ratio "${RPS[$h,$tc]:-}" "${RPS[floor,$tc]:-}")" "≥" 0.6 \
    "$(fmt "${RPS[$h,$tc]:-0}") / $(fmt "${RPS[floor,$tc]:-0}")"
  target_row "$d: fresh tokens (cache off) / Cerbos, checks/s at $tc conn." "$(ratio "${RPS[$f,$tc]:-}" "${RPS[cerbos,$tc]:-}")" "≥" 5 \
    "${cerbos_note:-$(fmt "${RPS[$f,$tc]:-0}") / $(fmt "${RPS[cerbos,$tc]:-0}")}"
  target_row "$d: fresh tokens (cache off) / floor, checks/s at $tc conn." "$(ratio "${RPS[$f,$tc]:-}" "${RPS[floor,$tc]:-}")" "≥" 0.45 \
    "$(fmt "${RPS[$f,$tc]:-0}") / $(fmt "${RPS[floor,$tc]:-0}")"
  target_row "$d: p99 at $tc conn., cache hits / floor (wrk)" "$(ratio "${P99[$h,$tc]:-}" "${P99[floor,$tc]:-}")" "≤" 3 \
    "${P99[$h,$tc]:-?} ms / ${P99[floor,$tc]:-?} ms"
  # Gatehouse's CPU counted until the database caught up after the step (the audit journal's
  # deferred writing included), not only while wrk ran.
  target_row "$d: server CPU per check, cache hits / floor (audit writing included)" "$(ratio "${USD[$h,$tc]:-}" "${US[floor,$tc]:-}")" "≤" 2 \
    "${USD[$h,$tc]:-?} µs / ${US[floor,$tc]:-?} µs$([ "$h" = pg_repeated ] && echo ' (Liberty + PostgreSQL)') (during the step alone: ${US[$h,$tc]:-?} µs)"
  target_row "$d: \`gatehouse_check_duration_seconds\` p99, cache hits at $tc conn. (ms)" "${DUR99[$h,$tc]:-}" "≤" 1 \
    "fresh tokens: ${DUR99[$f,$tc]:-?} ms; window: see below"
}
ratio_row() { # label A B: checks/s A ÷ B at each step and peak vs peak; CPU per check A ÷ B at TARGET_C
  local line="| $1 |" c
  for c in $CONNECTIONS; do line+=" $(ratio "${RPS[$2,$c]:-}" "${RPS[$3,$c]:-}") |"; done
  line+=" $(ratio "${PEAK[$2]:-}" "${PEAK[$3]:-}") |"
  line+=" $(ratio "${US[$2,$TC]:-}" "${US[$3,$TC]:-}") |"
  echo "$line"
}
section() { # TITLE FILE
  echo "### $1"
  echo
  if [ -s "$2" ]; then cat "$2"; else echo "Not run."; fi
  echo
}
ELAPSED=$(( $(date +%s) - T_START ))
{
  echo "# Gatehouse vs a bare Liberty floor vs Cerbos, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Produced by \`bench/run.sh\` in $((ELAPSED / 60)) min $((ELAPSED % 60)) s."
  echo "**Reproduce:** \`DB=$DB bench/run.sh\` (knobs: DURATION=$DURATION WARMUP=$WARMUP WARMUP_MAX=$WARMUP_MAX CONNECTIONS=\"$CONNECTIONS\" TARGET_C=$TC THREADS=$THREADS TOKENS=$TOKENS PACED=$PACED)."
  echo
  echo "## Targets (issue 17)"
  echo
  echo "Every figure from this one run, at $TC connections (closed loop, wrk). \"floor\" is the bare Liberty below."
  echo
  echo "| target | value | wanted | result | figures |"
  echo "|---|---|---|---|---|"
  if [ "$RUN_DERBY" = 1 ]; then targets Derby fresh repeated; fi
  if [ "$RUN_PG" = 1 ]; then targets PostgreSQL pg_fresh pg_repeated; fi
  echo
  echo "## Machine and method"
  echo
  echo "- $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)."
  echo "  **wrk and the server under test share these cores** (loopback only): the numbers are a"
  echo "  comparison on one small machine, not capacity figures. One server runs at a time. CPU columns are % of one core"
  echo "  (at most $((NCPU * 100))%): the server's own utime+stime over wrk's run (for Gatehouse on PostgreSQL, plus the"
  echo "  cluster's postgres processes: the postmaster, its live children and those that exited), wrk's, and what"
  echo "  is left of the machine's busy time (other processes: the machine is shared with other"
  echo "  builds, so a large value there marks a disturbed row); \"machine busy\" is % of all cores."
  echo "  \"µs server CPU per check\" is that server CPU ÷ the requests wrk completed. GC pauses: \`jstat -gcutil\`'s GCT"
  echo "  (young, full and concurrent-cycle pauses) before and after the step, and how many."
  echo "- Gatehouse: \`target/gatehouse.war\` in dropins of a fresh server \`$SERVER\` (${LIBERTY_VERSION:-Open Liberty}), $(java -version 2>&1 | head -1),"
  echo "  a fresh database per server start (embedded Derby; or ${PG_VERSION:-PostgreSQL} from \`src/test/postgres/pg.sh\`:"
  echo "  a throwaway cluster on 127.0.0.1:$PG_PORT, fsync off, through \`GATEHOUSE_DB_URL\`), durable audit log on (every"
  echo "  decision queued and written in batches). The provider is declared in configuration (\`mp.jwt.verify.issuer\`, a local JWKS file,"
  echo "  type clerk, \`org_role\` → \`ext_role\`); the seed's \`order_approval\` policy is created in"
  echo "  workspace \`default\` with the admin API. Request: \`POST /api/v1/workspaces/default/authorization/check\`"
  echo "  with \`{token, resource: orders, action: approve, context: {orderId, orderAmount: 50000}}\`."
  echo "- The floor: \`bench/floor\` (one JAX-RS resource, \`POST /floor/check\`: the same body parsed into a JSON-P"
  echo "  object, a constant check-shaped JSON answered, nothing decided) in a bare Liberty server \`$FLOOR_SERVER\` from the"
  echo "  same runtime and jvm.options: features restfulWS-3.1 and jsonp-2.1 (installed: ${FLOOR_FEATURES:-?}), none of"
  echo "  Gatehouse's filters, metrics, health checks, CDI beans or database. The ratios use this floor."
  echo "  \`/demo/floor\` (the same resource inside Gatehouse's server, one step) shows what Gatehouse's server costs without a check."
  if [ -n "$CERBOS_VERSION_RUN" ]; then
    echo "- Cerbos $CERBOS_VERSION_RUN (npm \`@cerbos/cerbos-linux-x64\`), HTTP on 127.0.0.1:$CERBOS_PORT, disk"
    echo "  store, audit off (Cerbos' default), \`--log-level=warn\` (at info it logs every request), the same JWKS file as a local \`auxData.jwt\` key set,"
    echo "  the equivalent resource policy (\`request.aux_data.jwt.org_role == \"manager\" &&"
    echo "  orderAmount > 10000\`, or \`orderAmount <= 10000\`). Request: \`POST /api/check/resources\`,"
    echo "  principal id = the token's sub, roles [user], one resource \`orders\` with orderAmount 50000,"
    echo "  the token in \`auxData.jwt.token\`. Cerbos verifies the signature and \`exp\` of every token"
    echo "  (since 0.53 it has no cache of verified tokens); unlike Gatehouse it does not match the"
    echo "  issuer, and keeps no audit log here."
  else
    echo "- Cerbos: **not run**: $CERBOS_WHY. Its rows and the ratios to it are n/a."
  fi
  echo "- Tokens: $TOKENS distinct RS256 tokens (2048-bit key, one \`kid\`), sub user_0…, \`org_role\`"
  echo "  manager (every tenth member: allowed false / EFFECT_DENY, still a 200). wrk sends them"
  echo "  round-robin from a pre-formatted table (bench/lua/check.lua); each thread starts at a"
  echo "  different offset. Before any load each server was checked: the manager allowed, the member"
  echo "  denied, a token signed by another key with the same \`kid\` refused (Gatehouse 401, Cerbos 400; the floor: 400 to malformed JSON)."
  echo "- wrk $({ wrk -v 2>&1 || true; } | awk 'NR == 1 {print $2}'), $THREADS threads, $DURATION per step, closed loop, after a warm-up."
  echo "  Each server is warmed up first in 5 s slices until three slices in a row agree within 5%"
  echo "  (between $WARMUP and $WARMUP_MAX, Cerbos from 10 s; the slices are listed under each table). \"Paced\" rows: requests sent on a"
  echo "  fixed schedule at 80% of that scenario's peak (wrk's \`delay()\` hands each connection the"
  echo "  next slot, as wrk2 does), so their p99 is the latency at ~80% load (measured by wrk from the"
  echo "  actual send: no coordinated-omission correction; the achieved rate is in the row). Before each step the script waits for the machine to be idle (shared with other"
  echo "  builds); a step during which other processes used > 30% of a core is run once more, and"
  echo "  marked † if it was disturbed again (re-runs this time: $RETRIES; waited for quiet: ${QUIET_SPENT} s)."
  echo
  echo "## Ratios (checks/s ÷ checks/s; CPU per check ÷ CPU per check)"
  echo
  hdr="| comparison |"; sep="|---|"
  for c in $CONNECTIONS; do hdr+=" $c conn. |"; sep+="---|"; done
  echo "$hdr peak vs peak | server CPU per check at $TC conn. |"
  echo "$sep---|---|"
  if [ "$RUN_DERBY" = 1 ]; then
    ratio_row "Gatehouse (fresh tokens, cache off) / Cerbos (JWT)" fresh cerbos
    ratio_row "Gatehouse (distinct tokens, cache on) / Cerbos (JWT)" distinct cerbos
    ratio_row "Gatehouse (repeated token, cache hits) / floor" repeated floor
    ratio_row "Gatehouse (fresh tokens, cache off) / floor" fresh floor
    ratio_row "\`/demo/floor\` in Gatehouse's server / floor" ghfloor floor
  fi
  if [ "$RUN_PG" = 1 ]; then
    ratio_row "PostgreSQL: Gatehouse (fresh tokens, cache off) / Cerbos (JWT)" pg_fresh cerbos
    ratio_row "PostgreSQL: Gatehouse (repeated token, cache hits) / floor" pg_repeated floor
    ratio_row "PostgreSQL: Gatehouse (fresh tokens, cache off) / floor" pg_fresh floor
  fi
  echo
  echo "## Gatehouse's own figures, per step"
  echo
  echo "From Gatehouse's \`/metrics\` (docs/metrics.md), \`source=\"check\"\`, read just before and just after each step:"
  echo "\"checks timed\" and the mean are the step's own (differences of \`gatehouse_check_duration_seconds_count\` and \`_sum\`)."
  echo "The quantiles are a Prometheus summary's, computed by Micrometer over a **decaying window: the last 40–60 s**"
  echo "(Liberty's mpMetrics-5.1 keeps Micrometer's defaults: a 1-minute expiry, 3 buffers rotated every 20 s). Read right"
  echo "after a $DURATION step they cover that step and up to 45 s before it (the warm-up or the previous step, at their"
  echo "own load). \`_max\` is the largest in a longer decaying window (observed here: ~2–3 minutes), so it can"
  echo "come from an earlier step. The audit queue's depth (\`gatehouse_audit_queue_depth\`) and, with the audit journal"
  echo "on (embedded Derby's default), the journal's backlog (\`gatehouse_audit_journal_backlog_bytes\`: bytes journaled and"
  echo "not yet in the database) were read every second during the step. \"Records journaled\" and \"records in the database\""
  echo "compare the step's growth of \`gatehouse_audit_journaled\` and \`gatehouse_audit_written\` with that of"
  echo "\`gatehouse_checks_total\` when wrk stopped (journaled: durable on disk; in the database: queryable); \"drained after\":"
  echo "how long after the step the queue was empty and every answered check was in the database (polled every 0.2 s, at most"
  echo "$DRAIN_MAX s). Each step starts with an empty queue and journal: the database's catching up after a step is timed"
  echo "there, not in the next step."
  echo "The scrapes (one a second) add a little CPU to Gatehouse's rows."
  echo
  echo "$GH_HEADER"
  cat "$WORK/gh-rows.md"
  echo
  echo "Audit records dropped: Derby cache off ${DROPS_FRESH}, Derby cache on ${DROPS_CACHED}$([ "$RUN_PG" = 1 ] && echo ", PostgreSQL ${DROPS_PG}") (\`gatehouse_audit_dropped\`, whole server runs)."
  echo
  if [ "$PACED" = 1 ]; then
    echo "## p99 at ~80% of peak"
    echo
    echo "| scenario | peak checks/s | paced checks/s | % of peak | p99 ms |"
    echo "|---|---|---|---|---|"
    for k in fresh:"Gatehouse, fresh tokens, cache off" distinct:"Gatehouse, distinct tokens, cache on" \
      repeated:"Gatehouse, repeated token" floor:"Floor (bare Liberty)" cerbos:"Cerbos, JWT auxData" \
      pg_fresh:"PostgreSQL: Gatehouse, fresh tokens" pg_repeated:"PostgreSQL: Gatehouse, repeated token"; do
      key=${k%%:*}
      [ -n "${RPS[$key,paced]:-}" ] || continue
      echo "| ${k#*:} | $(fmt "${PEAK[$key]}") | $(fmt "${RPS[$key,paced]}") | $(awk -v r="${RPS[$key,paced]}" -v p="${PEAK[$key]}" 'BEGIN {printf "%.0f%%", 100*r/p}') | ${P99_PACED[$key]} |"
    done
    echo
  fi
  echo "## Every step"
  echo
  if [ "$RUN_DERBY" = 1 ]; then
    section "Gatehouse on Derby, $TOKENS distinct tokens, token cache off (every check verifies RS256)" "$SEC/fresh.md"
    echo "Warm-up (distinct tokens, not measured): ${WARM[fresh]} checks/s."
    echo
    section "Gatehouse on Derby, one repeated token (cache hits)" "$SEC/repeated.md"
    echo "Warm-up (the repeated token, not measured): ${WARM[cached]} checks/s."
    echo
    section "Gatehouse on Derby, $TOKENS distinct tokens, token cache on (the default; same server, after the cache hits)" "$SEC/distinct.md"
    echo "Only the repeated token had been used before, so the cache was cold for these tokens. The steps sent ~$(fmt "$DIST_REQS")"
    echo "checks over $TOKENS tokens, so about $(awk -v n="$TOKENS" -v r="$DIST_REQS" 'BEGIN {printf "%.0f", (r > 0 ? 100*(n < r ? n : r)/r : 0)}')% of them were cache misses (each token's first use); the rest were hits."
    echo
    section "\`/demo/floor\` inside Gatehouse's server (no check; same server as the two tables above)" "$SEC/ghfloor.md"
  fi
  section "The floor: a bare Liberty (\`bench/floor\`, restfulWS-3.1 + jsonp-2.1)" "$SEC/floor.md"
  echo "Warm-up (not measured): ${WARM[floor]} checks/s."
  echo
  echo "### Cerbos, $TOKENS distinct tokens in auxData.jwt"
  echo
  if [ -s "$SEC/cerbos.md" ]; then
    cat "$SEC/cerbos.md"
    echo
    echo "Warm-up (not measured): ${WARM[cerbos]} checks/s."
    echo "Tokens Cerbos refused (\`Failed to extract auxData\` in its log; 1 is the forged token of the pre-check): ${CERBOS_REFUSED:-0}."
  else
    echo "Not run: ${CERBOS_WHY:-?}."
  fi
  echo
  if [ "$RUN_PG" = 1 ]; then
    section "Gatehouse on PostgreSQL, $TOKENS distinct tokens, token cache off (server CPU: Liberty + PostgreSQL)" "$SEC/pg_fresh.md"
    echo "Warm-up (not measured): ${WARM[pg_fresh]} checks/s."
    echo
    section "Gatehouse on PostgreSQL, one repeated token (cache hits; server CPU: Liberty + PostgreSQL)" "$SEC/pg_repeated.md"
    echo "Warm-up (not measured): ${WARM[pg_repeated]} checks/s."
    echo
  fi
} > "$OUT"
log "done in ${ELAPSED} s: $OUT"
cat "$OUT"
