#!/bin/sh
# The export benchmark: bench/export.sh [rows (default 10000000)] [runs (default 1)] [--no-build]
# Ingests a taxi-like CSV in-process, then exports it to CSV and Parquet through the engine and, in the same
# run, copies the same rows with DuckDB's COPY ... TO. Work files go to target/bench-export/.
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
mkdir -p target/bench-export
exec java -Xmx${BENCH_HEAP:-1g} --add-opens=java.base/java.nio=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$DEPS" org.dataexplorer.bench.ExportBenchmark target/bench-export $ARGS
