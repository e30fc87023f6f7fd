#!/usr/bin/env bash
# Impact analysis under load (issue 19, part 4; docs/api.md#impact-analysis), loopback only,
# every load bounded in time. Mints TOKENS RS256 tokens with one key (MintTokens, as bench/run.sh:
# org_role manager, every tenth member), starts a Gatehouse server of its own from the packaged
# WAR with that key's provider from configuration in workspace default (embedded Derby with the
# audit journal, the token cache on: the defaults) and the seed's order_approval policy, then:
#   1. records SEED_RECORDS decisions with wrk (bench/lua/check.lua, tokens round-robin;
#      orders/approve with orderAmount 50,000: a manager allowed, a member denied) and waits until
#      they are all in the database;
#   2. replays the newest 100,000 of them against a draft of order_approval that flips every
#      manager's decision, RUNS times, with nothing else running: records/s;
#   3. measures the live checks' latency (wrk's p50/p99/max) with and without a replay running back
#      to back beside them, closed loop (CONNECTIONS, as fast as the server answers) and paced
#      (RATE checks/s).
# Needs: target/gatehouse.war and target/liberty/wlp (mvn -P '!package' -DskipTests package
# liberty:create, or an IT run), wrk, curl, python3. Writes bench/results/impact-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-22180}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-4}
RATE=${RATE:-800}
RUNS=${RUNS:-5}
SEED_RECORDS=${SEED_RECORDS:-110000}
TOKENS=${TOKENS:-1000}
ISSUER=https://bench-idp.example.com
WLP=target/liberty/wlp
SERVER=gatehouse-bench-impact
DIR=$WLP/usr/servers/$SERVER
[ -f target/gatehouse.war ] && [ -x $WLP/bin/server ] || {
  echo "build first: mvn -P '!package' -DskipTests package liberty:create" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
trap '"$WLP/bin/server" stop $SERVER >/dev/null 2>&1 || true; kill $(jobs -p) 2>/dev/null || true' EXIT
BASE=http://127.0.0.1:$PORT
ADMIN=(-u admin:bench-password)
WORK=$(mktemp -d)
CHECK=$BASE/api/v1/workspaces/default/authorization/check
IMPACT=$BASE/api/v1/admin/workspaces/default/policies/impact

mvn -q -o -B dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test
timeout 300 java -cp "$(cat "$WORK/classpath.txt")" \
  src/test/java/dev/gatehouse/bench/MintTokens.java "$TOKENS" "$WORK/tokens" "$ISSUER" >&2

"$WLP/bin/server" stop $SERVER >/dev/null 2>&1 || true
rm -rf "$DIR" && mkdir -p "$DIR/dropins"
cp server-config/server.xml server-config/jvm.options server-config/server.env "$DIR/"
printf 'http.port=%s\nhttps.port=%s\n' "$PORT" "$((PORT + 363))" > "$DIR/bootstrap.properties"
cp target/gatehouse.war "$DIR/dropins/"
GATEHOUSE_ADMIN_PASSWORD=bench-password \
  MP_JWT_VERIFY_ISSUER=$ISSUER MP_JWT_VERIFY_PUBLICKEY_LOCATION=$WORK/tokens/jwks.json \
  GATEHOUSE_MP_JWT_TYPE=clerk GATEHOUSE_MP_JWT_CLAIM_MAPPINGS='[{"jwtPath":"org_role","attribute":"role"}]' \
  GATEHOUSE_IMPACT_MAX_RECORDS=1000000 GATEHOUSE_IMPACT_DEADLINE_MS=60000 \
  "$WLP/bin/server" start $SERVER >/dev/null
for _ in $(seq 1 240); do
  curl -sf "$BASE/health/ready" >/dev/null && break
  sleep 0.5
done
curl -sf "$BASE/health/ready" >/dev/null

# The seed's order_approval policy (docs/api.md#the-policy-object).
curl -sf -o /dev/null "${ADMIN[@]}" -H 'Content-Type: application/json' \
  "$BASE/api/v1/admin/workspaces/default/policies" -d '{
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
      "default": { "effect": "Deny" } } }'
load() { # load SECONDS CONNECTIONS RATE: wrk's output
  BENCH_TOKENS="$WORK/tokens/tokens.lua" BENCH_THREADS=2 BENCH_RATE=$3 \
    wrk -t2 -c"$2" -d"$1" --latency -s bench/lua/check.lua "$CHECK"
}
stored() { # records of workspace default in the database (a replay of them all, no policy)
  curl -sf "${ADMIN[@]}" -H 'Content-Type: application/json' "$IMPACT?limit=1000000" \
    -d '{"policies":[]}' | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]
print(d["replayed"] + d["notReplayable"]["total"])'
}

# The draft: order_approval with manager-high-value from 60,000 instead of 10,000.
POLICY_ID=$(curl -sf "${ADMIN[@]}" "$BASE/api/v1/admin/workspaces/default/policies" | python3 -c '
import json,sys
print([p["id"] for p in json.load(sys.stdin)["data"] if p["name"]=="order_approval"][0])')
curl -sf "${ADMIN[@]}" "$BASE/api/v1/admin/workspaces/default/policies/$POLICY_ID" | python3 -c '
import json,sys
p=json.load(sys.stdin)["data"]
for r in p["specification"]["rules"]:
    for c in r["conditions"]:
        if c.get("metadata_key")=="orderAmount" and c["function"]=="integer_greater_than":
            c["value"]=60000
print(json.dumps({"policy":{k:p[k] for k in ("id","name","resources","actions","specification")}}))' \
  > "$WORK/draft.json"

# 1. Seed.
load 5s 8 0 >/dev/null # warm-up
for _ in $(seq 1 30); do
  n=$(stored)
  [ "$n" -ge "$SEED_RECORDS" ] && break
  load 15s 16 0 >/dev/null
done
sleep 3
n=$(stored); sleep 2; n2=$(stored)
for _ in $(seq 1 60); do [ "$n" = "$n2" ] && break; sleep 2; n=$n2; n2=$(stored); done

replay() { # one replay of the newest 100,000 records: "elapsedMillis replayed allowToDeny complete"
  curl -sf "${ADMIN[@]}" -H 'Content-Type: application/json' "$IMPACT?limit=100000" \
    -d @"$WORK/draft.json" | python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]
print(d["elapsedMillis"], d["replayed"], d["flips"]["allowToDeny"], d["complete"])'
}
# 2. Replay speed, alone.
replay >/dev/null # warm-up (JIT)
replay >/dev/null
SPEED=()
for _ in $(seq 1 "$RUNS"); do SPEED+=("$(replay)"); done

# 3. Live checks with and without replays beside them.
row() { # row LABEL WRK_OUTPUT
  local rps p50 p99 max err
  rps=$(echo "$2" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$2" | awk '$1=="50%" {print $2}')
  p99=$(echo "$2" | awk '$1=="99%" {print $2}')
  max=$(echo "$2" | awk '$1=="Latency" {print $4}')
  err=$(echo "$2" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  echo "| $1 | $rps | $p50 | $p99 | $max | ${err:-0} |"
}
replaying() { # replays back to back until the file $1 exists; their figures to $2
  while [ ! -e "$1" ]; do replay >> "$2" || true; done
}
ROWS=()
for mode in "closed loop, $CONNECTIONS connections:$CONNECTIONS:0" "paced, $RATE checks/s, 8 connections:8:$RATE"; do
  label=${mode%%:*}; rest=${mode#*:}; c=${rest%%:*}; rate=${rest#*:}
  load 5s "$c" "$rate" >/dev/null
  ROWS+=("$(row "$label, no replay" "$(load "$DURATION" "$c" "$rate")")")
  rm -f "$WORK/stop" "$WORK/during"
  replaying "$WORK/stop" "$WORK/during" &
  sleep 1
  out=$(load "$DURATION" "$c" "$rate")
  touch "$WORK/stop"; wait
  ROWS+=("$(row "$label, replays running" "$out")")
  DURING+=("$label: $(awk '{printf "%s ms (%s records); ", $1, $2}' "$WORK/during")")
done

mkdir -p bench/results
OUT=bench/results/impact-$(date -u +%Y-%m-%d).md
{
  echo "# Impact analysis: replay speed and live checks, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "\`bench/impact.sh\` (PORT=$PORT DURATION=$DURATION CONNECTIONS=$CONNECTIONS RATE=$RATE RUNS=$RUNS):"
  echo "one Gatehouse server from the packaged WAR (embedded Derby, audit journal on, token cache on:"
  echo "the defaults), wrk and curl on the same shared 2-core machine over loopback. $n records of"
  echo "workspace default ($TOKENS distinct tokens round-robin, orders/approve with orderAmount 50,000:"
  echo "managers allowed, every tenth token a member, denied), then"
  echo "\`POST …/policies/impact?limit=100000\` with order_approval's manager-high-value threshold"
  echo "raised from 10,000 to 60,000 (every manager's record flips Allow → Deny)."
  echo
  echo "## Replay speed, nothing else running"
  echo
  echo "| run | elapsedMillis | replayed | allowToDeny | complete | records/s |"
  echo "|---|---|---|---|---|---|"
  i=0
  for s in "${SPEED[@]}"; do
    i=$((i + 1))
    read -r ms rec flips complete <<< "$s"
    echo "| $i | $ms | $rec | $flips | $complete | $(( rec * 1000 / (ms > 0 ? ms : 1) )) |"
  done
  echo
  echo "## Live checks (wrk, $DURATION per row), without and with replays of 100,000 records back to back"
  echo
  echo "| load | checks/s | p50 | p99 | max | errors |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Replays during the loaded rows (elapsedMillis, records):"
  echo
  printf -- '- %s\n' "${DURING[@]}"
} > "$OUT"
cat "$OUT"
rm -rf "$WORK"
