#!/usr/bin/env bash
# What the audit writer sustains alone, in records per second (issue 17): JMH's
# AuditWriteBenchmark (JdbcDecisionStore.insertAll in batches of 500 / 2000 / 5000 records, one
# reused connection) on an embedded Derby in a fresh directory, then on a throwaway PostgreSQL
# (src/test/postgres/pg.sh on 127.0.0.1:$PORT, default 55433, stopped at the end). Besides
# records/s, each run prints an AUDIT-WRITE line: the writer thread's CPU per record and (PostgreSQL)
# the PostgreSQL server's CPU per record. JSON results go to bench/results/ (via bench/jmh.sh).
# About 3 minutes per database. Usage: [PORT=55533] bench/audit-write.sh [derby|postgres|both]
# [more JMH options, e.g. -p batch=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
shift || true
mkdir -p target
port=${PORT:-55433}
pgdir=target/postgres-bench-$port
if [[ $which == derby || $which == both ]]; then
  # JMH exits non-zero when Liquibase's optional parsers complain on the console; the scores stand.
  bash bench/jmh.sh 'AuditWriteBenchmark' -p db=derby "$@" | tee target/audit-write-derby.log || true
fi
if [[ $which == postgres || $which == both ]]; then
  bash src/test/postgres/pg.sh start "$port" "$pgdir"
  trap 'bash src/test/postgres/pg.sh stop "$port" "$pgdir"' EXIT
  cluster=$(cat "$pgdir/cluster" 2>/dev/null || echo "$pgdir")
  pid=$(head -1 "$cluster/data/postmaster.pid")
  bash bench/jmh.sh 'AuditWriteBenchmark' -p db=postgres "$@" -jvmArgsAppend \
    "-Dgatehouse.bench.pg.url=jdbc:postgresql://127.0.0.1:$port/gatehouse -Dgatehouse.bench.pg.pid=$pid" \
    | tee target/audit-write-postgres.log || true
fi
grep -h '^AUDIT-WRITE' target/audit-write-*.log 2>/dev/null || true
