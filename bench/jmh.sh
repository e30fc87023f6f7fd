#!/usr/bin/env bash
# In-process JMH benchmarks (token verification). Not part of `mvn verify`.
# Usage: bench/jmh.sh [JMH options, e.g. a benchmark regex]; results go to bench/results/jmh-<date>T<time>.json
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
mkdir -p bench/results
out="bench/results/jmh-$(date -u +%Y-%m-%dT%H%M).json"
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.openjdk.jmh.Main -rf json -rff "$out" "$@"
echo "results: $out"
