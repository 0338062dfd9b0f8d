#!/bin/sh
# The HTTP page-latency benchmark: bench/http-pages.sh [--rows 10000000] [--duration 10] [--no-build]
#   [more PageLatencyBenchmark options: --warmup 3 --rate 1000 --clients 50 --xmx 1g --port 8099 --fixed-port 8098
#   --data-dir bench/data]
# Builds the WAR and test classes (unless --no-build), starts the WAR in a Jetty 12 process (BenchServer), uploads
# the taxi CSV (cached in --data-dir), then measures GET /data/data/{id}?offset=O&limit=100 at offsets 0, rows/2
# and rows - rows/100: paced at --rate requests/s and with --clients closed-loop clients, and the same closed loop
# against a fixed-page server (FixedPageServer, same Jetty and heap). Not part of `mvn verify`.
# BENCH_HEAP is the load generator's heap (default 1g).
. "$(dirname "$0")/lib.sh"
bench_build --war
# The servers get Jetty and the launchers, not the application classes: those come from the WAR.
exec java -Xmx${BENCH_HEAP:-1g} -cp "target/test-classes:target/classes:$BENCH_DEPS" \
  org.dataexplorer.bench.PageLatencyBenchmark --server-cp "target/test-classes:$BENCH_DEPS" $BENCH_ARGS
