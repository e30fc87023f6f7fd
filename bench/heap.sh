#!/usr/bin/env bash
# Heap with many policies and providers (issue #7's target: heap ≤ 256 MiB with 10,000 policies
# and 1,000 providers), outside `mvn verify`, loopback only, bounded in time.
#
#   bench/heap.sh                        # ~10-15 minutes on 2 busy cores with the defaults
#   POLICIES=20000 PROVIDERS=2000 XMX=192m bench/heap.sh
#
# Runs Gatehouse from the packaged WAR (server gatehouse-heap, -Xmx$XMX, a GC log) three times,
# one server at a time:
#   1. empty: a fresh Derby, nothing created — the baseline;
#   2. loaded: a fresh Derby; through the admin API WORKSPACES workspaces, PROVIDERS providers
#      (distinct issuers, spread over the workspaces) and POLICIES policies (a few rules each, with
#      conditions; bench/tools/heap-load.py), measured once after the load, then again after
#      CHECKS checks with tokens of TOKEN_PROVIDERS of those providers (so that the key cache, the
#      token cache and the audit log fill);
#   3. restart: the same server and database started again, to time loading everything at start
#      (from messages.log) and to measure the live set with nothing but the loaded state.
# Each measurement forces a full GC (jcmd GC.run) and records the heap used after it (the live
# set, jcmd GC.heap_info), the peak heap used and committed so far (the GC log), metaspace, and
# the process's RSS and peak RSS (/proc). Any OutOfMemoryError in the logs is reported.
# Writes bench/results/heap-<UTC date>.md. Every process it starts is stopped on exit.
#
# Knobs (environment):
#   POLICIES (10000), PROVIDERS (1000), WORKSPACES (20), TOKEN_PROVIDERS (4), TOKENS (2500 per
#   token provider), CHECKS (20000), THREADS (4: concurrent admin/check requests), XMX (256m),
#   PORT (24080), HTTPS_PORT (24443), JWKS_PORT (24081), OUT (results file).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

POLICIES=${POLICIES:-10000}
PROVIDERS=${PROVIDERS:-1000}
WORKSPACES=${WORKSPACES:-20}
TOKEN_PROVIDERS=${TOKEN_PROVIDERS:-4}
TOKENS=${TOKENS:-2500}
CHECKS=${CHECKS:-20000}
THREADS=${THREADS:-4}
XMX=${XMX:-256m}
PORT=${PORT:-24080}
HTTPS_PORT=${HTTPS_PORT:-24443}
JWKS_PORT=${JWKS_PORT:-24081}
OUT=${OUT:-bench/results/heap-$(date -u +%Y-%m-%d).md}
PASSWORD=heap-bench-password

WLP=target/liberty/wlp
SERVER=gatehouse-heap
DIR=$WLP/usr/servers/$SERVER
WORK=$ROOT/bench/.build/heap     # generated files (git-ignored)
BASE=http://127.0.0.1:$PORT
LOAD=bench/tools/heap-load.py
T_START=$(date +%s)
[ "$TOKEN_PROVIDERS" -ge 1 ] && [ "$TOKEN_PROVIDERS" -le "$WORKSPACES" ] && [ "$TOKEN_PROVIDERS" -le "$PROVIDERS" ] \
  || { echo "TOKEN_PROVIDERS must be 1..min(WORKSPACES, PROVIDERS)" >&2; exit 2; }

log() { printf '[heap %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- cleanup of what we start
LIBERTY_STARTED=0
GATEHOUSE_PID=
JWKS_PID=
cleanup() {
  local rc=$?
  if [ "$LIBERTY_STARTED" = 1 ]; then stop_gatehouse; fi
  if [ -n "$JWKS_PID" ]; then
    kill "$JWKS_PID" 2>/dev/null || true
    wait "$JWKS_PID" 2>/dev/null || true
  fi
  [ $rc -eq 0 ] || log "failed (exit $rc); logs: $DIR/logs/messages.log, $WORK/"
}
trap cleanup EXIT
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- 1. prerequisites
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JCMD=$JAVA_HOME/bin/jcmd
JSTAT=$JAVA_HOME/bin/jstat
[ -x "$JCMD" ] && [ -x "$JSTAT" ] || die "no jcmd/jstat in JAVA_HOME=$JAVA_HOME (a JDK 17 is needed, not a JRE)"
command -v python3 >/dev/null || die "python3 is needed"
command -v curl >/dev/null || die "curl is needed"
if [ ! -f target/gatehouse.war ] || [ ! -d $WLP ]; then
  log "building: mvn -B -ntp -DskipTests package liberty:create"
  mvn -q -B -ntp -DskipTests package liberty:create
fi
mkdir -p "$WORK" bench/results
if [ ! -s bench/.build/classpath.txt ] || [ pom.xml -nt bench/.build/classpath.txt ]; then
  log "resolving the test classpath (for the token minter)"
  mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile="$ROOT/bench/.build/classpath.txt" -Dmdep.includeScope=test
fi
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PORT" "$HTTPS_PORT" "$JWKS_PORT"; do
  ! port_busy "$p" || die "127.0.0.1:$p is in use (a leftover server? PORT / HTTPS_PORT / JWKS_PORT \
choose others; a leftover Gatehouse stops with $WLP/bin/server stop $SERVER)"
done

# ---------------------------------------------------------------- 2. tokens and the JWKS server
# TOKEN_PROVIDERS identity providers with a key each; provider k (0-based) is the Gatehouse
# provider k, in workspace heap-0k. The others' JWKS URLs point at the same server but are never
# fetched (keys are fetched when a token needs them).
# Tokens of an earlier run younger than 20 minutes (they live one hour) are used again.
rm -rf "$WORK/jwks" && mkdir -p "$WORK/jwks"
ISSUERS= TOKEN_DIRS=
for k in $(seq 0 $((TOKEN_PROVIDERS - 1))); do
  iss=$(printf 'https://idp-%04d.heap.example' "$k")
  if [ -n "$(find "$WORK/tokens-$k/tokens.txt" -mmin -20 2>/dev/null)" ] \
    && [ "$(wc -l < "$WORK/tokens-$k/tokens.txt")" = "$TOKENS" ]; then
    log "using the $TOKENS tokens minted earlier for $iss"
  else
    log "minting $TOKENS tokens for $iss"
    rm -rf "$WORK/tokens-$k"
    timeout 300 "$JAVA_HOME/bin/java" -cp "$(cat bench/.build/classpath.txt)" \
      src/test/java/dev/gatehouse/bench/MintTokens.java "$TOKENS" "$WORK/tokens-$k" "$iss" >&2
  fi
  cp "$WORK/tokens-$k/jwks.json" "$(printf '%s/jwks/%04d.json' "$WORK" "$k")"
  ISSUERS+="${ISSUERS:+,}$iss"
  TOKEN_DIRS+="${TOKEN_DIRS:+,}$WORK/tokens-$k"
done
python3 $LOAD serve --port "$JWKS_PORT" --dir "$WORK/jwks" &
JWKS_PID=$!
for _ in $(seq 1 50); do port_busy "$JWKS_PORT" && break; sleep 0.1; done
port_busy "$JWKS_PORT" || die "the JWKS server did not start on 127.0.0.1:$JWKS_PORT"
curl -sf --max-time 5 "http://127.0.0.1:$JWKS_PORT/0000/jwks.json" | grep -q '"keys"' || die "the JWKS server answers no key set"

# ---------------------------------------------------------------- 3. Gatehouse
stop_gatehouse() {
  timeout 90 "$WLP/bin/server" stop $SERVER >/dev/null 2>&1 || true
  if [ -n "$GATEHOUSE_PID" ] && kill -0 "$GATEHOUSE_PID" 2>/dev/null; then
    kill "$GATEHOUSE_PID" 2>/dev/null || true
    sleep 2
  fi
  LIBERTY_STARTED=0
  GATEHOUSE_PID=
}

# start_gatehouse PHASE FRESH: starts the server (FRESH=1: a new server directory, so a new Derby
# database) with -Xmx$XMX and a GC log of its own for this phase; sets READY_MS (from the start
# command to /health/ready answering 200).
start_gatehouse() {
  local phase=$1 fresh=$2 t0 ready=
  stop_gatehouse
  if [ "$fresh" = 1 ]; then
    rm -rf "$DIR" && mkdir -p "$DIR/dropins"
    cp server-config/server.xml server-config/server.env "$DIR/"
    printf 'http.port=%s\nhttps.port=%s\n' "$PORT" "$HTTPS_PORT" > "$DIR/bootstrap.properties"
    cp target/gatehouse.war "$DIR/dropins/"
  fi
  mkdir -p "$DIR/logs"
  { cat server-config/jvm.options; echo "-Xmx$XMX"; echo "-Xlog:gc:file=$ROOT/$DIR/logs/gc-$phase.log:time,uptime"; } > "$DIR/jvm.options"
  log "starting Gatehouse ($phase, -Xmx$XMX)"
  LIBERTY_STARTED=1
  t0=$(date +%s%N)
  GATEHOUSE_ADMIN_PASSWORD=$PASSWORD GATEHOUSE_DEMO_ENABLED=false \
    timeout 180 "$WLP/bin/server" start $SERVER >/dev/null
  for _ in $(seq 1 360); do
    if curl -sf --max-time 2 "$BASE/health/ready" >/dev/null; then ready=1; break; fi
    sleep 0.5
  done
  [ -n "$ready" ] || { curl -s --max-time 2 "$BASE/health/ready" >&2 || true; die "Gatehouse not ready after 180 s"; }
  READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  GATEHOUSE_PID=$(cat "$WLP/usr/servers/.pid/$SERVER.pid" 2>/dev/null || true)
  [ -n "$GATEHOUSE_PID" ] && kill -0 "$GATEHOUSE_PID" || die "no pid for the Gatehouse server"
  log "ready in $READY_MS ms (pid $GATEHOUSE_PID)"
}

# measure KEY PHASE: forces a full GC and records, under KEY, the live set (used after the full
# GC), committed, metaspace, the peaks of this start so far (GC log), RSS and peak RSS.
declare -A M READY
measure() {
  local key=$1 phase=$2 info
  sleep 2
  "$JCMD" "$GATEHOUSE_PID" GC.run >/dev/null
  sleep 1
  info=$("$JCMD" "$GATEHOUSE_PID" GC.heap_info)
  echo "$info" > "$WORK/heap_info-$key.txt"
  "$JSTAT" -gc "$GATEHOUSE_PID" > "$WORK/jstat-$key.txt"
  # " garbage-first heap   total 262144K, used 61234K [0x...": used after the full GC.
  M[$key,live]=$(awk '/heap *total/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub(/K.*/, "", v); printf "%.1f", v/1024; exit}}' <<<"$info")
  M[$key,committed]=$(awk '/heap *total/ {for (i = 1; i <= NF; i++) if ($i == "total") {v = $(i+1); sub(/K.*/, "", v); printf "%.0f", v/1024; exit}}' <<<"$info")
  M[$key,meta]=$(awk '/Metaspace/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub(/K.*/, "", v); printf "%.0f", v/1024; exit}}' <<<"$info")
  py gclog "$DIR/logs/gc-$phase.log"
  M[$key,peak]=$GC_PEAK_USED_MB
  M[$key,peakc]=$GC_PEAK_COMMITTED_MB
  M[$key,gcs]="$GC_PAUSES ($GC_FULL full)"
  M[$key,rss]=$(awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$GATEHOUSE_PID/status")
  M[$key,hwm]=$(awk '/^VmHWM/ {printf "%.0f", $2/1024}' "/proc/$GATEHOUSE_PID/status")
  M[$key,threads]=$(awk '/^Threads/ {print $2}' "/proc/$GATEHOUSE_PID/status")
  log "  $key: live ${M[$key,live]} MiB after full GC, committed ${M[$key,committed]} MiB, peak used ${M[$key,peak]} MiB, RSS ${M[$key,rss]} MiB (peak ${M[$key,hwm]})"
}

# py ARGS: runs heap-load.py and takes in the KEY=value lines it prints; fails when it fails.
py() {
  local o
  o=$(GATEHOUSE_ADMIN_PASSWORD=$PASSWORD timeout 3600 python3 $LOAD "$@") || die "heap-load.py $1 failed"
  eval "$o"
}
fmt() { awk -v n="$1" 'BEGIN { s=sprintf("%.0f", n); r=""; while (length(s) > 3) { r="," substr(s, length(s)-2) r; s=substr(s, 1, length(s)-3) } print s r }'; }

oom_count() {
  { grep -rl 'OutOfMemoryError' "$DIR/logs" 2>/dev/null || true; } | wc -l
}
machine() { echo "load $(cut -d' ' -f1-3 /proc/loadavg)"; }

# ---------------------------------------------------------------- 4. the three phases
LOAD_AT_START=$(machine)
log "phase 1/3: empty server (baseline)"
start_gatehouse empty 1
READY[empty]=$READY_MS
curl -sf --max-time 10 -u admin:$PASSWORD "$BASE/api/v1/admin/workspaces" >/dev/null || die "the admin API does not answer"
LOAD_EMPTY=$(machine)
measure empty empty
py startlog "$DIR/logs/messages.log"
START_EMPTY="$START_PROVIDERS_MS $START_POLICIES_MS $START_LAUNCH_TO_APP_MS $START_LAUNCH_TO_READY_MS $APP_STARTED_S"
OOM_EMPTY=$(oom_count)
stop_gatehouse

log "phase 2/3: $WORKSPACES workspaces, $PROVIDERS providers, $POLICIES policies, then $CHECKS checks"
start_gatehouse loaded 1
py load --base "$BASE" --workspaces "$WORKSPACES" --providers "$PROVIDERS" \
  --policies "$POLICIES" --jwks-base "http://127.0.0.1:$JWKS_PORT" --token-issuers "$ISSUERS" --threads "$THREADS" --deadline 3000
log "created $COUNTED_PROVIDERS providers in $LOAD_PROVIDERS_S s, $COUNTED_POLICIES policies in $LOAD_POLICIES_S s"
[ "$COUNTED_PROVIDERS" = "$PROVIDERS" ] && [ "$COUNTED_POLICIES" = "$POLICIES" ] \
  || die "the admin API lists $COUNTED_PROVIDERS providers and $COUNTED_POLICIES policies"
LOAD_LOADED=$(machine)
measure loaded loaded
py check --base "$BASE" --tokens "$TOKEN_DIRS" --checks "$CHECKS" \
  --workspaces "$WORKSPACES" --policies "$POLICIES" --threads "$THREADS" --deadline 1100
log "$CHECKS checks in $CHECK_S s: $CHECK_ALLOWED allowed, $CHECK_DENIED denied, $CHECK_NO_POLICY without an applicable policy"
LOAD_CHECKED=$(machine)
measure checked loaded
"$JCMD" "$GATEHOUSE_PID" GC.class_histogram > "$WORK/histogram-checked.txt"

log "phase 3/3: restart with the same database"
start_gatehouse restart 0
READY[restart]=$READY_MS
py startlog "$DIR/logs/messages.log"
[ "${LOG_POLICIES:-}" = "$POLICIES" ] || die "the restarted server says it loaded ${LOG_POLICIES:-?} policies, not $POLICIES"
START_RESTART="$START_PROVIDERS_MS $START_POLICIES_MS $START_LAUNCH_TO_APP_MS $START_LAUNCH_TO_READY_MS $APP_STARTED_S"
RESTART_PROVIDERS_LOG=$LOG_PROVIDERS
LOAD_RESTART=$(machine)
measure restart restart
"$JCMD" "$GATEHOUSE_PID" GC.class_histogram > "$WORK/histogram-restart.txt"
OOM_LATER=$(oom_count)   # phases 2 and 3 share the server directory
COLLECTOR=$(grep -ho 'Using [A-Za-z0-9]*' "$DIR/logs/gc-restart.log" 2>/dev/null | head -1 | cut -c7- || true)
LIBERTY_VERSION=$(grep -ho 'Open Liberty [0-9.]*[0-9]' "$DIR"/logs/*.log 2>/dev/null | head -1 || true)
stop_gatehouse

# ---------------------------------------------------------------- 5. the results file
ELAPSED=$(( $(date +%s) - T_START ))
row() { # row KEY LABEL MACHINE-LOAD
  local k=$1
  echo "| $2 | **${M[$k,live]}** | ${M[$k,peak]} | ${M[$k,committed]} (peak ${M[$k,peakc]}) | ${M[$k,meta]} | ${M[$k,rss]} | ${M[$k,hwm]} | ${M[$k,threads]} | ${M[$k,gcs]} | $3 |"
}
start_row() { # start_row LABEL READY_MS "providers policies launch→app launch→ready app_s"
  local p q a r s
  read -r p q a r s <<<"$3"
  echo "| $1 | $p | $q | $s | $a | $r | $2 |"
}
histogram() { # the 15 largest classes of a histogram, in MiB
  awk 'NR > 3 && NF >= 4 && $1 ~ /^[0-9]+:$/ && n < 15 {printf "| %s | %s | %.1f |\n", $4, $2, $3/1048576; n++}' "$1"
}
{
  echo "# Heap with $(fmt "$POLICIES") policies and $(fmt "$PROVIDERS") providers, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Produced by \`bench/heap.sh\` in $((ELAPSED / 60)) min $((ELAPSED % 60)) s. Target (issue #7): heap ≤ 256 MiB with"
  echo "10,000 policies and 1,000 providers. The server ran with **-Xmx$XMX** throughout$( \
    [ "$((OOM_EMPTY + OOM_LATER))" = 0 ] && echo ' and **no OutOfMemoryError** appeared in its logs' \
    || echo ": **OutOfMemoryError in $((OOM_EMPTY + OOM_LATER)) log file(s)**")."
  echo
  echo "**Reproduce:** \`bench/heap.sh\` (knobs: POLICIES=$POLICIES PROVIDERS=$PROVIDERS WORKSPACES=$WORKSPACES"
  echo "TOKEN_PROVIDERS=$TOKEN_PROVIDERS TOKENS=$TOKENS CHECKS=$CHECKS THREADS=$THREADS XMX=$XMX)."
  echo
  echo "## Heap (MiB)"
  echo
  echo "| state | used after full GC (live set) | peak used | committed | metaspace used | RSS | peak RSS | threads | GC pauses so far | machine |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  row empty "empty server (fresh Derby, nothing created)" "$LOAD_EMPTY"
  row loaded "$(fmt "$POLICIES") policies, $(fmt "$PROVIDERS") providers in $WORKSPACES workspaces, no checks yet" "$LOAD_LOADED"
  row checked "… after $(fmt "$CHECKS") checks ($(fmt "$CHECK_TOKENS") distinct tokens of $TOKEN_PROVIDERS providers)" "$LOAD_CHECKED"
  row restart "restarted on the same database (loaded at start, no checks)" "$LOAD_RESTART"
  echo
  echo "- **used after full GC**: \`jcmd <pid> GC.run\`, then the \`used\` of \`jcmd <pid> GC.heap_info\` (G1)."
  echo "  The difference between rows is what the policies, providers and caches keep alive."
  echo "- **peak used / peak committed**: the largest heap occupancy before any GC pause, and the largest"
  echo "  committed size, in this server start's GC log (\`-Xlog:gc\`) so far; rows of one start share it."
  echo "- **RSS / peak RSS**: VmRSS / VmHWM of the server process (heap, metaspace, code cache, thread"
  echo "  stacks, Derby's page cache inside the heap, native buffers)."
  echo
  echo "## Start-up (ms, from messages.log timestamps)"
  echo
  echo "| server | providers loaded | policies loaded | \`Application started in\` (s) | launch → application started | launch → server ready | start command → /health/ready 200 |"
  echo "|---|---|---|---|---|---|---|"
  start_row "empty" "${READY[empty]}" "$START_EMPTY"
  start_row "$(fmt "$RESTART_PROVIDERS_LOG") providers, $(fmt "$POLICIES") policies (restart)" "${READY[restart]}" "$START_RESTART"
  echo
  echo "\"providers loaded\": from \`Gatehouse admin API: user …\` to \`Gatehouse trusts N provider(s)\` (reading"
  echo "every provider from the database into the registry); \"policies loaded\": from there to"
  echo "\`Gatehouse loaded N policies\` (reading and compiling every policy, building each workspace's index)."
  echo
  echo "## Loading through the admin API"
  echo
  echo "| what | count | seconds | per second ($THREADS concurrent requests) |"
  echo "|---|---|---|---|"
  echo "| providers | $(fmt "$PROVIDERS") | $LOAD_PROVIDERS_S | $LOAD_PROVIDERS_RATE |"
  echo "| policies | $(fmt "$POLICIES") | $LOAD_POLICIES_S | $LOAD_POLICIES_RATE |"
  echo "| checks | $(fmt "$CHECKS") | $CHECK_S | $CHECK_RATE |"
  echo
  echo "Checks: $CHECK_ALLOWED allowed, $CHECK_DENIED denied by a policy, $CHECK_NO_POLICY without an applicable policy;"
  echo "each names a resource and an action of one of its workspace's policies. Every check is written"
  echo "to the audit log. python3 clients on the same machine (not a throughput benchmark)."
  echo
  echo "## Machine and method"
  echo
  echo "- $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)."
  echo "  Shared with other builds: load average at the start $LOAD_AT_START; at each measurement in the table."
  echo "- Gatehouse: \`target/gatehouse.war\` in dropins of server \`$SERVER\` (${LIBERTY_VERSION:-Open Liberty}),"
  echo "  $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), JVM options of \`server-config/jvm.options\` plus \`-Xmx$XMX\`"
  echo "  and \`-Xlog:gc\` (collector: ${COLLECTOR:-the default}); embedded Derby (its page cache lives in the heap),"
  echo "  durable audit log on, token cache on (the defaults)."
  echo "- Data (\`bench/tools/heap-load.py\`, deterministic): $WORKSPACES workspaces; $(fmt "$PROVIDERS") providers,"
  echo "  round-robin over them (~$((PROVIDERS / WORKSPACES)) each), distinct issuers, the four provider types, an explicit"
  echo "  loopback JWKS URL each, 2–4 claim mappings, authorized parties or audiences; $(fmt "$POLICIES") policies,"
  echo "  round-robin (~$((POLICIES / WORKSPACES)) per workspace), each 1–3 resources of 500 names and 1–3 of 9 actions,"
  echo "  one of six shapes (order limits, role lists with a CIDR deny, ownership through \`value_attribute\`,"
  echo "  business hours, plan features, a baseline with four rules): 2–4 rules of 1–3 conditions, 17"
  echo "  functions in all."
  echo "- Checks: $TOKEN_PROVIDERS of the providers (clerk, one per workspace heap-00…) have a real RSA key; their"
  echo "  JWKS is served by a small python3 server on 127.0.0.1:$JWKS_PORT. $TOKENS distinct RS256 tokens each"
  echo "  (\`MintTokens\`), sent round-robin, so most tokens are verified once and then served from the"
  echo "  token cache."
  echo
  echo "## Largest classes after the checks (\`jcmd GC.class_histogram\`, live objects)"
  echo
  echo "| class | instances | MiB |"
  echo "|---|---|---|"
  histogram "$WORK/histogram-checked.txt"
  echo
  echo "## Largest classes after the restart"
  echo
  echo "| class | instances | MiB |"
  echo "|---|---|---|"
  histogram "$WORK/histogram-restart.txt"
} > "$OUT"
log "done in ${ELAPSED} s: $OUT"
cat "$OUT"
