#!/bin/sh
# The ingest benchmark: bench/ingest.sh [--size 1GB] [--runs 3] [--no-build] [more IngestBenchmark options]
# Builds the WAR and test classes (unless --no-build), then runs org.dataexplorer.bench.IngestBenchmark.
. "$(dirname "$0")/lib.sh"
bench_build --war
# The server process gets Jetty and the launcher, not the application classes: those come from the WAR.
exec java -Xmx1g -cp "target/test-classes:target/classes:$BENCH_DEPS" org.dataexplorer.bench.IngestBenchmark \
  --server-cp "target/test-classes:$BENCH_DEPS" $BENCH_ARGS
