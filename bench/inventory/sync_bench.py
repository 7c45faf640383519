#!/usr/bin/env python3
"""ERP sync benchmark over HTTP against the real server (SQLite, default durable settings).

Starts BUILD_DIR/bin/emporion on 127.0.0.1:0 with a temporary data directory, creates a catalog
with 50,000 products (catalog bulk, 10,000 per request) and 20 fulfillment centers, then sends
20 sync requests of 50,000 records each (one center per request: 1,000,000 inventory records),
timing each request. A second round repeats the 20 requests as adjustments (every record
updated). Prints per-request median and p99 (with 20 samples p99 is the slowest), the totals, the
server's CPU time (user + sys from /proc/PID/stat) over the round and the 1-minute load average.

Usage: bench/inventory/sync_bench.py [BUILD_DIR] [PRODUCTS] [REQUESTS] [absolute,adjust]
Environment: EMPORION_BENCH_DB=postgresql://... runs the server on that (empty) PostgreSQL
database instead of SQLite (the server CPU then excludes PostgreSQL's own); EMPORION_BENCH_WRAP
prefixes the server command (e.g. "perf record -g -o FILE --").
"""
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else "build"
products_n = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
requests_n = int(sys.argv[3]) if len(sys.argv) > 3 else 20
rounds = (sys.argv[4] if len(sys.argv) > 4 else "absolute,adjust").split(",")
binary = build if build.startswith("/") else os.path.join(ROOT, build)
binary = os.path.join(binary, "bin", "emporion")

data = tempfile.mkdtemp(prefix="emporion-sync-bench-")
env = dict(os.environ, EMPORION_ADMIN_PASSWORD="Bench-Passw0rd!")
wrap = os.environ.get("EMPORION_BENCH_WRAP", "").split()  # e.g. "perf record -g -o FILE --"
db_url = os.environ.get("EMPORION_BENCH_DB")
db_args = ["--db", db_url] if db_url else []
proc = subprocess.Popen(wrap + [binary, "serve", "--listen", "127.0.0.1:0", "--data", data]
                        + db_args,
                        stdout=subprocess.PIPE, stderr=open(os.path.join(data, "stderr.log"), "w"),
                        env=env, text=True)
try:
    line = proc.stdout.readline()
    port = int(line.strip().rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def call(method, path, body=None, token=None, headers=None):
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        h.update(headers or {})
        payload = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
        conn.request(method, path, body=payload, headers=h)
        r = conn.getresponse()
        text = r.read()
        if r.status >= 300:
            raise SystemExit(f"{method} {path} -> {r.status}: {text[:300]!r}")
        return json.loads(text) if text else None

    token = call("POST", "/api/v1/auth/token",
                 {"grant_type": "password", "username": "admin",
                  "password": "Bench-Passw0rd!"})["access_token"]
    call("POST", "/api/v1/catalogs", {"id": "bench", "name": "Bench", "defaultLanguage": "en-US"},
         token)
    t0 = time.time()
    for start in range(0, products_n, 10_000):
        items = [{"id": f"p{i}", "code": f"SKU-{i}", "name": f"Product {i}", "catalogId": "bench"}
                 for i in range(start, min(products_n, start + 10_000))]
        call("POST", "/api/v1/products/bulk", {"items": items}, token)
    print(f"setup: {products_n} products in {time.time() - t0:.1f} s", flush=True)
    centers = [f"fc{j}" for j in range(requests_n)]
    call("POST", "/api/v1/fulfillment-centers/bulk",
         {"items": [{"id": c, "name": c} for c in centers]}, token)

    def server_cpu():
        # The server's user + sys time in seconds (fields 14 and 15 of /proc/PID/stat); with
        # EMPORION_BENCH_WRAP the wrapper's children are not counted until they exit.
        fields = open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def round_of(mode):
        cpu0 = server_cpu()
        times = []
        total = 0
        for j, c in enumerate(centers):
            if mode == "absolute":
                items = [{"productId": f"p{i}", "fulfillmentCenterId": c,
                          "inStockQuantity": (i * 7 + j) % 100, "reorderMinQuantity": 5}
                         for i in range(products_n)]
            else:
                items = [{"productId": f"p{i}", "fulfillmentCenterId": c, "delta": 1}
                         for i in range(products_n)]
            body = json.dumps({"mode": mode, "items": items})
            t = time.time()
            result = call("POST", "/api/v1/inventories/sync", body, token,
                          {"Idempotency-Key": f"{mode}-{c}"})
            times.append(time.time() - t)
            total += result["created"] + result["updated"]
        wall = sum(times)
        p99 = sorted(times)[min(len(times) - 1, int(0.99 * (len(times) - 1) + 0.5))]
        print(f"{mode}: {requests_n} requests x {products_n} records = {total} records written in "
              f"{wall:.1f} s ({total / wall:.0f} records/s); per request median "
              f"{statistics.median(times) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms; server CPU "
              f"{server_cpu() - cpu0:.1f} s; load {open('/proc/loadavg').read().split()[0]}",
              flush=True)

    for mode in rounds:
        round_of(mode)
finally:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(data, ignore_errors=True)
