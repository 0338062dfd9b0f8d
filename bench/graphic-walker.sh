#!/bin/sh
# The Graphic Walker benchmark: bench/graphic-walker.sh [--rows 10000000] [--runs 7] [--dir target/bench-graphic-walker] [--no-build]
# Compares, in one run, Graphic Walker chart payloads (bar, month drill, binned histogram) with the equivalent
# POST /query group-by through the same engine. The taxi CSV and the dataset ingested from it are kept in --dir
# and reused by later runs of the same size. Not part of `mvn verify`. BENCH_HEAP (default 2g).
. "$(dirname "$0")/lib.sh"
bench_build
exec java -Xmx${BENCH_HEAP:-2g} ${BENCH_OPTS:-} -cp "target/test-classes:target/classes:$BENCH_DEPS" org.dataexplorer.bench.GraphicWalkerBenchmark $BENCH_ARGS
