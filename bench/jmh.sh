#!/bin/sh
# JMH micro-benchmarks of the tokenizer and converters: bench/jmh.sh [JMH options, e.g. -f 1 -wi 2 -i 3 tokenize]
set -e
cd "$(dirname "$0")/.."
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  org.dataexplorer.bench.ParseBenchmark "$@"
