#!/bin/sh
# Load and soak test: bench/soak.sh [--duration 300] [--clients 12] [--xmx 192m] [--upload-rows 60000]
#   [--sample 5] [--max-datasets 12] [--port P] [--no-build]
# Builds the WAR and test classes (unless --no-build), starts the WAR in a Jetty 12 process (BenchServer) with a
# small heap, and has --clients threads mix uploads, pages (sorted, filtered), group-by queries, statistics,
# facets, exports and deletes for --duration seconds on the loopback. Samples the server's RSS, heap (jstat) and
# open file descriptors every --sample seconds, deletes everything at the end and checks no file is left.
# Exits 1 on a 5xx answer, a descriptor/RSS/old-generation growth or a leftover file. Not part of `mvn verify`.
# BENCH_HEAP is the load generator's heap (default 512m).
. "$(dirname "$0")/lib.sh"
bench_build --war
exec java -Xmx${BENCH_HEAP:-512m} -cp "target/test-classes:target/classes:$BENCH_DEPS" \
  org.dataexplorer.bench.SoakBenchmark --server-cp "target/test-classes:$BENCH_DEPS" $BENCH_ARGS
