#!/usr/bin/env bash
# What the audit writer sustains alone, in records per second (issue 17): JMH's
# AuditWriteBenchmark (JdbcDecisionStore.insertAll in batches of 100 / 500 / 2000 records) on an
# embedded Derby in a fresh directory, then on a throwaway PostgreSQL (src/test/postgres/pg.sh,
# 127.0.0.1:55433, stopped at the end). JSON results go to bench/results/ (via bench/jmh.sh);
# the two tables are printed. About 4 minutes. Usage: bench/audit-write.sh [derby|postgres|both]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
port=55433
pgdir=target/postgres-bench
if [[ $which == derby || $which == both ]]; then
  bash bench/jmh.sh 'AuditWriteBenchmark' -p db=derby
fi
if [[ $which == postgres || $which == both ]]; then
  bash src/test/postgres/pg.sh start "$port" "$pgdir"
  trap 'bash src/test/postgres/pg.sh stop "$port" "$pgdir"' EXIT
  bash bench/jmh.sh 'AuditWriteBenchmark' -p db=postgres -jvmArgsAppend \
    "-Dgatehouse.bench.pg.url=jdbc:postgresql://127.0.0.1:$port/gatehouse"
fi
