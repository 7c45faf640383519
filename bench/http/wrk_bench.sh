#!/usr/bin/env bash
# HTTP load benchmark: wrk against (a) nginx `return 204` (the machine's ceiling), (b) emporion
# GET /health/live, (c) emporion GET /api/v1/me with a bearer token. Prints a table (requests/s,
# p50, p99, ratio to nginx) with the targets, and appends a dated section to docs/BENCHMARKS.md.
#   bench/http/wrk_bench.sh [BUILD_DIR]
# Environment: BENCH_DURATION (default 10s), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
#   BENCH_RECORD=0 to skip docs/BENCHMARKS.md, BENCH_ACCESS_LOG_OFF=1 to add a /health/live row
#   with the access log switched off.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${1:-build}
[[ $BUILD_DIR = /* ]] || BUILD_DIR=$ROOT/$BUILD_DIR
BIN=$BUILD_DIR/bin/emporion
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
RECORD=${BENCH_RECORD:-1}
PASSWORD='Bench-Passw0rd!'

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "wrk_bench: $tool is not installed (make deps)" >&2; exit 1; }
done
[[ -x $BIN ]] || { echo "wrk_bench: $BIN not found; build first" >&2; exit 1; }

WORK=$(mktemp -d /tmp/emporion-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# A port nobody listens on (connect refused). A race with other processes is possible but rare.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# Polls `cmd` until it succeeds or `seconds` pass.
wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
}

start_nginx() {
  local port=$1
  mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
  cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port reuseport;
    location / { return 204; }
  }
}
CONF
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/logs/stdout.log" 2>&1 &
  PIDS+=($!)
  NGINX_PID=$!
  wait_for 10 curl -fsS -o /dev/null "http://127.0.0.1:$port/"
}

# Starts emporion with the JSON config $2 (may be "{}"), sets EMPORION_PORT.
start_emporion() {
  local name=$1 config=$2
  mkdir -p "$WORK/$name"
  echo "$config" >"$WORK/$name/config.json"
  EMPORION_ADMIN_PASSWORD=$PASSWORD "$BIN" serve --listen 127.0.0.1:0 --data "$WORK/$name/data" \
    --config "$WORK/$name/config.json" >"$WORK/$name/stdout.log" 2>"$WORK/$name/stderr.log" &
  local pid=$!
  PIDS+=("$pid")
  if ! wait_for 60 grep -q "listening on" "$WORK/$name/stdout.log"; then
    echo "wrk_bench: emporion did not start:" >&2
    tail -20 "$WORK/$name/stderr.log" >&2
    return 1
  fi
  EMPORION_PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$WORK/$name/stdout.log" | head -1)
  EMPORION_PID=$pid
}

stop_pid() {
  kill "$1" 2>/dev/null
  wait "$1" 2>/dev/null
}

# wrk latency figures come as 812.00us, 1.20ms or 1.01s; prints milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
    printf "%.2f", n }'
}

# CPU clock ticks (user + system) used so far by process $1 and its children (nginx workers).
cpu_ticks() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1"); do
    [[ -r /proc/$p/stat ]] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}

# run_wrk LABEL URL PID [HEADER] -> appends "label|rps|p50|p99|cpu_us_per_request|load" to
# $WORK/results. Server CPU per request does not depend much on what else runs on the host.
run_wrk() {
  local label=$1 url=$2 pid=$3 header=${4:-}
  local out="$WORK/wrk-$(echo "$label" | tr -c 'a-zA-Z0-9' '_').txt"
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  local ticks_before
  ticks_before=$(cpu_ticks "$pid")
  if [[ -n $header ]]; then
    wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "$header" "$url" >"$out" 2>&1
  else
    wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url" >"$out" 2>&1
  fi
  local ticks_after
  ticks_after=$(cpu_ticks "$pid")
  local rps p50 p99 non2xx requests cpu
  requests=$(awk '/requests in/ {print $1}' "$out")
  cpu=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v n="${requests:-0}" \
    'BEGIN { if (n > 0) printf "%.1f", 1e6 * t / hz / n; else print "n/a" }')
  rps=$(awk '/^Requests\/sec:/ {printf "%d", $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  if [[ -n $non2xx ]]; then
    echo "wrk_bench: $label: $non2xx responses were not 2xx" >&2
  fi
  echo "$label|${rps:-0}|$p50|$p99|$cpu|$load" >>"$WORK/results"
}

echo "== emporion HTTP benchmark: wrk -t$THREADS -c$CONNS -d$DURATION --latency"
echo "   machine: $(nproc) cores, $(uname -r), load before start: $(cut -d' ' -f1-3 /proc/loadavg)"

NGINX_PORT=$(free_port) || { echo "wrk_bench: no free port" >&2; exit 1; }
if ! start_nginx "$NGINX_PORT"; then
  echo "wrk_bench: nginx did not start:" >&2
  cat "$WORK/nginx/logs/"*.log >&2
  exit 1
fi
run_wrk "nginx return 204" "http://127.0.0.1:$NGINX_PORT/" "$NGINX_PID"
stop_pid "$NGINX_PID"

start_emporion default '{}' || exit 1
run_wrk "emporion GET /health/live" "http://127.0.0.1:$EMPORION_PORT/health/live" "$EMPORION_PID"

TOKEN_JSON=$(curl -sS -X POST -H 'Content-Type: application/json' \
  -d "{\"grant_type\":\"password\",\"username\":\"admin\",\"password\":\"$PASSWORD\"}" \
  "http://127.0.0.1:$EMPORION_PORT/api/v1/auth/token" 2>/dev/null)
TOKEN=$(echo "$TOKEN_JSON" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
ME_SKIPPED=""
if [[ -z $TOKEN ]]; then
  ME_SKIPPED="skipped: no token from POST /api/v1/auth/token (${TOKEN_JSON:0:80})"
else
  ME_STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "http://127.0.0.1:$EMPORION_PORT/api/v1/me")
  if [[ $ME_STATUS != 200 ]]; then
    ME_SKIPPED="skipped: GET /api/v1/me answered $ME_STATUS"
  else
    run_wrk "emporion GET /api/v1/me" "http://127.0.0.1:$EMPORION_PORT/api/v1/me" "$EMPORION_PID" \
      "Authorization: Bearer $TOKEN"
  fi
fi
stop_pid "$EMPORION_PID"

if [[ ${BENCH_ACCESS_LOG_OFF:-0} == 1 ]]; then
  start_emporion nolog '{"accessLog": false}' || exit 1
  run_wrk "emporion GET /health/live, access log off" \
    "http://127.0.0.1:$EMPORION_PORT/health/live" "$EMPORION_PID"
  stop_pid "$EMPORION_PID"
fi

# Table and targets.
NGINX_RPS=$(head -1 "$WORK/results" | cut -d'|' -f2)
TABLE="| Scenario | Requests/s | p50 (ms) | p99 (ms) | Server CPU (us/request) | vs nginx | Target | Load avg (1 min) |
|---|---|---|---|---|---|---|---|"
while IFS='|' read -r label rps p50 p99 cpu load; do
  ratio=$(awk -v a="$rps" -v b="$NGINX_RPS" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }')
  target="ceiling"
  check() {  # check MIN_PERCENT
    awk -v a="$rps" -v b="$NGINX_RPS" -v min="$1" -v p99="$p99" 'BEGIN {
      ok_ratio = (b > 0 && 100 * a / b >= min); ok_p99 = (p99 + 0 < 5)
      printf "%s%% of nginx: %s; p99 < 5 ms: %s", min, ok_ratio ? "met" : "MISSED", ok_p99 ? "met" : "MISSED" }'
  }
  case $label in
    "emporion GET /health/live") target=$(check 80) ;;
    "emporion GET /api/v1/me") target=$(check 40) ;;
    "emporion GET /health/live, access log off") target=$(check 80) ;;
  esac
  TABLE+=$'\n'"| $label | $rps | $p50 | $p99 | $cpu | $ratio | $target | $load |"
done <"$WORK/results"
if [[ -n $ME_SKIPPED ]]; then
  TABLE+=$'\n'"| emporion GET /api/v1/me | - | - | - | - | - | $ME_SKIPPED | - |"
fi
echo
echo "$TABLE"

if [[ $RECORD == 1 ]]; then
  DOC=$ROOT/docs/BENCHMARKS.md
  if [[ ! -f $DOC ]]; then
    mkdir -p "$(dirname "$DOC")"
    cat >"$DOC" <<'HEAD'
# emporion benchmarks

Produced by `make bench` (`bench/run.sh BUILD_DIR`): Google Benchmark micro-benchmarks
(`bench/micro/`), then `bench/http/wrk_bench.sh`, which appends one dated section per run here.

Method: every server runs on 127.0.0.1 with keep-alive; wrk runs on the same 2-core machine, so
client and server share the CPUs and the kernel's loopback work counts against both. nginx
(nginx-light, `worker_processes 2`, `access_log off`, `return 204`) is the ceiling for a trivial
response on this box; emporion figures are read as a ratio to it. emporion runs with its default
configuration (SQLite in a temporary data directory, access log on, written to a file).
Targets: `GET /health/live` at >= 80 % of nginx, `GET /api/v1/me` (bearer token, permission
resolution) at >= 40 %, p99 < 5 ms. The host is shared with other work, so the 1-minute load
average is recorded with every row: read figures taken under load as lower bounds. The server's
CPU time per request (user + system, from /proc) varies much less with that load than requests/s.
HEAD
  fi
  {
    echo
    echo "## $(date -u +%Y-%m-%dT%H:%MZ): wrk -t$THREADS -c$CONNS -d$DURATION"
    echo
    echo "Machine: $(nproc) cores, kernel $(uname -r); build \`$(basename "$BUILD_DIR")\`."
    echo
    echo "$TABLE"
  } >>"$DOC"
  echo
  echo "appended to $DOC"
fi
