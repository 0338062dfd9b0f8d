#!/bin/sh
# JMH micro-benchmarks of the tokenizer and converters: bench/jmh.sh [JMH options, e.g. -f 1 -wi 2 -i 3 tokenize]
. "$(dirname "$0")/lib.sh"
bench_build
exec java -cp "target/test-classes:target/classes:$BENCH_DEPS" org.openjdk.jmh.Main \
  org.dataexplorer.bench.ParseBenchmark $BENCH_ARGS
