#!/bin/sh
# The query benchmark against DuckDB: bench/query.sh [--rows 10000000] [--runs 7] [--dir target/bench-query] [--no-build]
# Generates the taxi CSV once (kept in --dir), ingests it through the engine, loads it into an in-memory
# DuckDB and prints per query our time, DuckDB's and the ratio. Not part of `mvn verify`.
# BENCH_HEAP (default 2g); BENCH_OPTS e.g. -Ddecoded=134217728 for the decoded-chunk cache size (default 512 MB, as the
# service, capped at a quarter of the heap).
. "$(dirname "$0")/lib.sh"
bench_build
exec java -Xmx${BENCH_HEAP:-2g} ${BENCH_OPTS:-} -cp "target/test-classes:target/classes:$BENCH_DEPS" org.dataexplorer.bench.QueryBenchmark $BENCH_ARGS
