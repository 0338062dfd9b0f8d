# Shared by the bench scripts (sourced, with the script's arguments): goes to the project root, takes
# --no-build out of the arguments (the rest are in BENCH_ARGS), and sets BENCH_DEPS to the test classpath.
set -e
cd "$(dirname "$0")/.."
BUILD=1
BENCH_ARGS=""
for a in "$@"; do
  if [ "$a" = "--no-build" ]; then BUILD=0; else BENCH_ARGS="$BENCH_ARGS $a"; fi
done

# bench_build [--war]: compiles the test classes, and packages target/data.war first with --war.
bench_build() {
  if [ "$BUILD" = 1 ]; then
    if [ "$1" = "--war" ]; then mvn -q -DskipTests package; fi
    mvn -q -DskipTests test-compile
  fi
  mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
  BENCH_DEPS=$(cat target/bench-classpath.txt)
}
