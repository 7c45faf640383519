#!/usr/bin/env bash
# `make bench`: the micro-benchmarks (when Google Benchmark was found at configure time), the
# search engine against its SQLite FTS5 baseline, then the HTTP load benchmark, which appends its
# results to docs/BENCHMARKS.md.
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

SEARCH=$BUILD_DIR/bin/emporion_search_bench
if [[ -x $SEARCH ]]; then
  # The engine against the FTS5 baseline (bench/search/README.md); about 10 minutes at 1M. The
  # SQLite database is kept in the data directory and reused while N and the seed are the same.
  echo
  echo "== search: embedded engine vs SQLite FTS5 ($SEARCH)"
  "$SEARCH" --products "${SEARCH_BENCH_PRODUCTS:-1000000}" --queries "${SEARCH_BENCH_QUERIES:-2000}" \
    --fts-queries "${SEARCH_BENCH_FTS_QUERIES:-200}" \
    --data "${SEARCH_BENCH_DATA:-$BUILD_DIR/search-bench-data}" --reuse-db || failed=1
else
  echo "== search benchmark skipped: $SEARCH not built (no search engine sources?)"
fi

echo
echo "== storefront search over HTTP (bench/search/storefront_http_bench.py)"
python3 "$ROOT/bench/search/storefront_http_bench.py" "$BUILD_DIR" "${STOREFRONT_BENCH_PRODUCTS:-100000}" || failed=1

echo
echo "== back-office list pages in Chromium (bench/web/list_pages.mjs)"
node "$ROOT/bench/web/list_pages.mjs" "$BUILD_DIR" 10 || failed=1

echo
bash "$ROOT/bench/http/wrk_bench.sh" "$BUILD_DIR" || failed=1
exit $failed
