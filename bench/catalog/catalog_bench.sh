#!/usr/bin/env bash
# Catalog benchmarks (issue 3), against the real server:
#  1. the JSON Lines import job of BENCH_PRODUCTS generated products (default 100,000, 10
#     property values each; bench/gen/catalog_gen --seed 42), timed by the job's own startedAt /
#     finishedAt, on SQLite and, when BENCH_PG_URL names a PostgreSQL server
#     (postgresql://user@host:port/db; a fresh database is created on it), on PostgreSQL too;
#     the server's resident memory (VmRSS) after the import;
#  2. wrk -t2 -c64 -d10s GET /api/v1/products/bench-var?view=merged: a variation whose merged
#     view has 20 properties, 5 images and 3 languages (bench/catalog/merged_variation.py),
#     on the server that just imported (SQLite), with a bearer token, once the search indexer
#     has caught up with the import.
# Appends a dated section to docs/BENCHMARKS.md unless BENCH_RECORD=0.
#   bench/catalog/catalog_bench.sh [BUILD_DIR]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${1:-build}
[[ $BUILD_DIR = /* ]] || BUILD_DIR=$ROOT/$BUILD_DIR
BIN=$BUILD_DIR/bin/emporion
GEN=$BUILD_DIR/bin/catalog_gen
PRODUCTS=${BENCH_PRODUCTS:-100000}
RECORD=${BENCH_RECORD:-1}
DURATION=${BENCH_DURATION:-10s}
PASSWORD='Bench-Passw0rd!'
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "catalog_bench: $tool is not installed" >&2; exit 1; }
done
[[ -x $BIN && -x $GEN ]] || { echo "catalog_bench: build emporion and catalog_gen first" >&2; exit 1; }

WORK=$(mktemp -d /tmp/emporion-catalog-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# start_server NAME [DB_URL]: sets PORT, PID.
start_server() {
  local name=$1 db=${2:-}
  mkdir -p "$WORK/$name"
  local args=(serve --listen 127.0.0.1:0 --data "$WORK/$name/data")
  [[ -n $db ]] && args+=(--db "$db")
  EMPORION_ADMIN_PASSWORD=$PASSWORD "$BIN" "${args[@]}" >"$WORK/$name/stdout.log" \
    2>"$WORK/$name/stderr.log" &
  PID=$!
  PIDS+=("$PID")
  wait_for 120 grep -q "listening on" "$WORK/$name/stdout.log" || {
    echo "catalog_bench: server did not start" >&2; tail "$WORK/$name/stderr.log" >&2; return 1; }
  PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$WORK/$name/stdout.log")
  TOKEN=$(curl -sS -X POST -d "grant_type=password&username=admin&password=$PASSWORD" \
    "http://127.0.0.1:$PORT/api/v1/auth/token" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
}

# import_file FILE: runs the import job, sets JOB_SECONDS, JOB_RESULT.
import_file() {
  local file=$1
  local job
  job=$(curl -sS -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/x-ndjson' \
    --data-binary "@$file" "http://127.0.0.1:$PORT/api/v1/catalog/imports" |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["id"])')
  local state
  while :; do
    state=$(curl -sS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/jobs/$job")
    case $(echo "$state" | python3 -c 'import sys,json; print(json.load(sys.stdin)["status"])') in
      succeeded|failed|cancelled) break ;;
    esac
    sleep 0.5
  done
  read -r JOB_SECONDS JOB_RESULT < <(echo "$state" | python3 -c '
import sys, json, datetime
j = json.load(sys.stdin)
def t(s): return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
print("%.1f" % (t(j["finishedAt"]) - t(j["startedAt"])).total_seconds(),
      j["status"] + ":" + json.dumps(j["result"], separators=(",", ":")))')
}

cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat"; }

# VmRSS in MB, with its anonymous part (heap: the real memory cost) and its file-backed part
# (pages of the SQLite file mapped with mmap_size, which the kernel can drop at any time).
rss_mb() {
  awk '/VmRSS/ {r = $2} /RssAnon/ {a = $2} /RssFile/ {f = $2}
       END {printf "%d (anonymous %d, file %d)", r / 1024, a / 1024, f / 1024}' "/proc/$1/status"
}

echo "== catalog benchmark: $PRODUCTS generated products; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$GEN" --products "$PRODUCTS" --seed 42 >"$WORK/catalog.jsonl" 2>/dev/null
LINES=$(wc -l <"$WORK/catalog.jsonl")
python3 "$ROOT/bench/catalog/merged_variation.py" >"$WORK/merged.jsonl"
ROWS=()

run_import() {
  local label=$1 target=$2 db=${3:-}
  start_server "$label" "$db" || return 1
  local load cpu_before cpu_after
  load=$(cut -d' ' -f1 /proc/loadavg)
  cpu_before=$(cpu_seconds "$PID")
  import_file "$WORK/catalog.jsonl"
  cpu_after=$(cpu_seconds "$PID")
  local cpu rss
  cpu=$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN {printf "%.1f", b - a}')
  rss=$(rss_mb "$PID")
  echo "$label import: ${JOB_SECONDS}s, server CPU ${cpu}s ($JOB_RESULT), RSS after import ${rss} MB, load $load"
  ROWS+=("| JSON Lines import job, $PRODUCTS products ($LINES lines), $label | ${JOB_SECONDS} s (job startedAt..finishedAt); server CPU ${cpu} s | $target | RSS ${rss} MB after the import (< 500 MB) | $JOB_RESULT | $load |")
}

# Waits (at most 180 s) until no search index still has work: wait_index_idle, until the indexer
# has caught up with the imports (no pending product changes), so wrk measures the GET route and
# not the indexing still running beside it; wait_compacted, also until no index still needs its
# compaction (the server's rule, NeedsCompaction in src/modules/search/indexing/indexer.hpp:
# 10,000 dead slots outnumbering the live documents; it starts 10 s after the last change).
wait_indexes() {
  local expression=$1 what=$2 deadline=$((SECONDS + 180)) left
  while ((SECONDS < deadline)); do
    left=$(curl -sS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/search/indexes" |
      python3 -c "import sys,json; print(sum($expression for i in json.load(sys.stdin)['items']))" 2>/dev/null)
    [[ $left == 0 ]] && return 0
    sleep 0.5
  done
  echo "catalog_bench: $what after 180 s" >&2
}
wait_index_idle() {
  wait_indexes 'i["pending"] + i["rebuilding"]' "the search index still had pending changes"
}
wait_compacted() {
  wait_indexes 'i["pending"] + i["rebuilding"] + (i["deleted"] >= 10000 and i["deleted"] > i["documents"])' \
    "the search index was not compacted"
}

run_import SQLite "< 20 s" "" || exit 1
import_file "$WORK/merged.jsonl"
wait_index_idle
# Memory once the server settled: the search index caught up; a compaction (which starts 10 s
# after the last change when enough dead slots are left) finished, if one was owed; 12 s later idle
# SQLite connections have handed their page caches and mmap windows back (every 5 s) and the
# allocator its pages (2 s).
wait_compacted
sleep 12
SETTLED=$(rss_mb "$PID")
echo "SQLite RSS settled after the import: $SETTLED MB"
ROWS+=("| server memory after the SQLite import, settled (index caught up, no compaction owed or running, then 12 s idle) | VmRSS $SETTLED MB | < 500 MB | | | $(cut -d' ' -f1 /proc/loadavg) |")
load=$(cut -d' ' -f1 /proc/loadavg)
wrk -t2 -c64 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$PORT/api/v1/products/bench-var?view=merged" >"$WORK/wrk.txt" 2>&1
RPS=$(awk '/^Requests\/sec:/ {printf "%d", $2}' "$WORK/wrk.txt")
P50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")
P99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
NON2XX=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.txt")
echo "GET merged variation: $RPS req/s, p50 $P50, p99 $P99 ${NON2XX:+($NON2XX non-2xx)}, load $load"
WRK_ROW="| GET /api/v1/products/{id}?view=merged (20 properties, 5 images, 3 languages), SQLite after the import | $RPS req/s, p50 $P50, p99 $P99 | >= 10,000 req/s, p99 < 10 ms | RSS $(rss_mb "$PID") MB after wrk | ${NON2XX:-0} non-2xx | $load |"
kill "$PID"; wait "$PID" 2>/dev/null

if [[ -n ${BENCH_PG_URL:-} ]]; then
  DBNAME="catalog_bench_$$"
  psql -q "$BENCH_PG_URL" -c "CREATE DATABASE $DBNAME" >/dev/null
  PG_DB_URL="${BENCH_PG_URL%/*}/$DBNAME"
  run_import PostgreSQL "< 40 s" "$PG_DB_URL"
  kill "$PID"; wait "$PID" 2>/dev/null
  psql -q "$BENCH_PG_URL" -c "DROP DATABASE $DBNAME" >/dev/null
fi

if [[ $RECORD == 1 ]]; then
  {
    echo
    echo "## $(date -u +%Y-%m-%dT%H:%MZ): catalog (bench/catalog/catalog_bench.sh)"
    echo
    echo "Machine: $(nproc) cores, shared with other builds and tests (load average per row)."
    echo
    echo "| Scenario | Measured | Target | Memory | Result | Load avg (1 min) |"
    echo "|---|---|---|---|---|---|"
    for r in "${ROWS[@]}"; do echo "$r"; done
    echo "$WRK_ROW"
  } >>"$ROOT/docs/BENCHMARKS.md"
fi
