#!/bin/sh
# The ingest benchmark: bench/ingest.sh [--size 1GB] [--runs 3] [--no-build] [more IngestBenchmark options]
# Builds the WAR and test classes (unless --no-build), then runs org.dataexplorer.bench.IngestBenchmark.
set -e
cd "$(dirname "$0")/.."
BUILD=1
ARGS=""
for a in "$@"; do
  if [ "$a" = "--no-build" ]; then BUILD=0; else ARGS="$ARGS $a"; fi
done
if [ "$BUILD" = 1 ]; then
  mvn -o -q -DskipTests package
  mvn -o -q test-compile
fi
mvn -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
DEPS=$(cat target/bench-classpath.txt)
# The server process gets Jetty and the launcher, not the application classes: those come from the WAR.
exec java -Xmx1g -cp "target/test-classes:target/classes:$DEPS" org.dataexplorer.bench.IngestBenchmark \
  --server-cp "target/test-classes:$DEPS" $ARGS
