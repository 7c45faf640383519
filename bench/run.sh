#!/usr/bin/env bash
# `make bench`: the micro-benchmarks (when Google Benchmark was found at configure time), then the
# HTTP load benchmark, which appends its results to docs/BENCHMARKS.md.
#   bench/run.sh [BUILD_DIR]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-build}
[[ $BUILD_DIR = /* ]] || BUILD_DIR=$ROOT/$BUILD_DIR
failed=0

MICRO=$BUILD_DIR/bin/emporion_micro_bench
if [[ -x $MICRO ]]; then
  echo "== micro-benchmarks ($MICRO)"
  "$MICRO" --benchmark_min_time="${BENCH_MIN_TIME:-0.5}" --benchmark_counters_tabular=true || failed=1
else
  echo "== micro-benchmarks skipped: $MICRO not built (libbenchmark-dev missing?)"
fi

echo
bash "$ROOT/bench/http/wrk_bench.sh" "$BUILD_DIR" || failed=1
exit $failed
