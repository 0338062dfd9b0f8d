#!/bin/sh
# The query benchmark against DuckDB: bench/query.sh [--rows 10000000] [--runs 7] [--dir target/bench-query] [--no-build]
# Generates the taxi CSV once (kept in --dir), ingests it through the engine, loads it into an in-memory
# DuckDB and prints per query our time, DuckDB's and the ratio. Not part of `mvn verify`.
# BENCH_HEAP (default 2g); BENCH_OPTS e.g. -Ddecoded=134217728 for the decoded-chunk cache size (default 1 GB).
set -e
cd "$(dirname "$0")/.."
BUILD=1
ARGS=""
for a in "$@"; do
  if [ "$a" = "--no-build" ]; then BUILD=0; else ARGS="$ARGS $a"; fi
done
if [ "$BUILD" = 1 ]; then
  mvn -o -q -DskipTests test-compile
fi
mvn -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
DEPS=$(cat target/bench-classpath.txt)
exec java -Xmx${BENCH_HEAP:-2g} ${BENCH_OPTS:-} -cp "target/test-classes:target/classes:$DEPS" org.dataexplorer.bench.QueryBenchmark $ARGS
