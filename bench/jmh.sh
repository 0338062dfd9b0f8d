#!/bin/sh
# JMH micro-benchmarks: bench/jmh.sh [JMH options] [benchmark regexps], e.g. bench/jmh.sh -f 1 -wi 2 -i 3 tokenize.
# Without a regexp it runs ParseBenchmark (the tokenizer and converters) and PageJsonBenchmark (a page of rows
# looked up and rendered as JSON, without HTTP).
. "$(dirname "$0")/lib.sh"
bench_build
INCLUDE='org\.dataexplorer\.bench\.(ParseBenchmark|PageJsonBenchmark)'
takes_value=0
for a in $BENCH_ARGS; do
  if [ "$takes_value" = 1 ]; then takes_value=0; continue; fi
  case "$a" in
    -h|-l|-lp|-lrf|-lprof|-v*) ;;
    -*) takes_value=1 ;;
    *) INCLUDE="" ;;
  esac
done
exec java -cp "target/test-classes:target/classes:$BENCH_DEPS" org.openjdk.jmh.Main $INCLUDE $BENCH_ARGS
