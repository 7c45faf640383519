#!/usr/bin/env bash
# HTTP benchmark of POST /api/v1/pricing/evaluate: serves a database made by
# emporion_pricing_bench (N prices in 50 lists, 50 assignments) and runs wrk with a Lua script
# that asks for 100 random products of a shopper with 3 user groups per request.
#   bench/pricing/http_bench.sh BUILD_DIR DB_PATH PRODUCTS [DURATION] [CONNECTIONS]
# Prints wrk's latency distribution (p50, p99), the server's CPU time (user + system, from
# /proc) per request and the 1-minute load average: on a shared machine the latency includes
# run-queue waits of the server's threads, the CPU time per request does not.
# PERF_OUT=file records the server with `perf record --call-graph dwarf` while wrk runs.
# BENCH_SQLITE_MMAP_MB=N serves with the config setting sqliteMmapMb=N (default 2048).
# WARMUP (default 30s): an unmeasured wrk run first, so the figures are the steady state of a
# running server: the random products of the first seconds fault the price index's pages into
# each connection's mmap window (with 5 s of warm-up, p99 2.7-4.2 ms; with 30 s, 1.2-1.3 ms;
# 2026-11-28, docs/BENCHMARKS.md).
set -euo pipefail
BUILD_DIR=$1
DB=$2
PRODUCTS=$3
DURATION=${4:-10s}
CONNS=${5:-1}
PASSWORD='Bench-Passw0rd!'
WORK=$(mktemp -d /tmp/emporion-pricing-bench.XXXXXX)
PID=
cleanup() {
  [[ -n $PID ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
CONFIG=()
if [[ -n ${BENCH_SQLITE_MMAP_MB:-} ]]; then
  echo "{\"sqliteMmapMb\": $BENCH_SQLITE_MMAP_MB}" >"$WORK/config.json"
  CONFIG=(--config "$WORK/config.json")
fi
EMPORION_ADMIN_PASSWORD=$PASSWORD "$BUILD_DIR/bin/emporion" serve --listen 127.0.0.1:0 \
  --data "$WORK/data" --db "sqlite://$DB" "${CONFIG[@]}" >"$WORK/out" 2>"$WORK/err" &
PID=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$WORK/out" 2>/dev/null && break
  sleep 0.2
done
URL=$(grep -o 'http://[0-9.:]*' "$WORK/out" | head -1)
TOKEN=$(curl -s -X POST "$URL/api/v1/auth/token" -d "grant_type=password&username=admin&password=$PASSWORD" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
cat >"$WORK/eval.lua" <<LUA
math.randomseed(42)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
request = function()
  local ids = {}
  for i = 1, 100 do ids[i] = '"p' .. math.random(0, $PRODUCTS - 1) .. '"' end
  local body = '{"currency":"USD","userGroups":["Wholesale","VIP","Gold"],"country":"DE",' ..
               '"productIds":[' .. table.concat(ids, ",") .. ']}'
  return wrk.format(nil, "/api/v1/pricing/evaluate", nil, body)
end
LUA
curl -s -o /dev/null -w "warm-up: %{http_code}\n" -X POST "$URL/api/v1/pricing/evaluate" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"currency":"USD","userGroups":["Wholesale"],"productIds":["p1"]}'
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
[[ -n ${PERF_OUT:-} ]] && { perf record -F 499 --call-graph dwarf,8192 -o "$PERF_OUT" -p "$PID" >/dev/null 2>&1 & PERF_PID=$!; }
# Warm-up, not measured: the first pass over the database faults its pages into the server's
# mmap windows and the kernel's page cache (a cold start showed a p99 of 455 ms).
wrk -t1 -c"$CONNS" -d"${WARMUP:-30s}" -s "$WORK/eval.lua" "$URL" >/dev/null
BEFORE=$(cpu_ticks)
wrk -t1 -c"$CONNS" -d"$DURATION" --latency -s "$WORK/eval.lua" "$URL" >"$WORK/wrk.txt"
AFTER=$(cpu_ticks)
[[ -n ${PERF_PID:-} ]] && { kill -INT "$PERF_PID"; wait "$PERF_PID" || true; }
grep -E "Latency|50%|90%|99%|requests in|Requests/sec|Non-2xx" "$WORK/wrk.txt"
REQUESTS=$(grep -oE '^ *[0-9]+ requests in' "$WORK/wrk.txt" | grep -oE '[0-9]+')
awk -v t=$((AFTER - BEFORE)) -v hz="$(getconf CLK_TCK)" -v n="$REQUESTS" \
  'BEGIN { printf "server CPU (user+sys): %.2f ms/request (%d requests)\n", t * 1000 / hz / n, n }'
echo "load average (1 min): $(cut -d' ' -f1 /proc/loadavg)"
