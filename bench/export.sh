#!/bin/sh
# The export benchmark: bench/export.sh [rows (default 10000000)] [runs (default 1)] [--no-build]
# Ingests a taxi-like CSV in-process, then exports it to CSV and Parquet through the engine and, in the same
# run, copies the same rows with DuckDB's COPY ... TO. Work files go to target/bench-export/.
. "$(dirname "$0")/lib.sh"
bench_build
mkdir -p target/bench-export
exec java -Xmx${BENCH_HEAP:-1g} --add-opens=java.base/java.nio=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$BENCH_DEPS" org.dataexplorer.bench.ExportBenchmark target/bench-export $BENCH_ARGS
