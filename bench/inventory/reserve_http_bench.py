#!/usr/bin/env python3
"""Reservation throughput over HTTP against the real server (SQLite, synchronous=FULL default).

Starts BUILD_DIR/bin/emporion, creates 100 products, two fulfillment centers with 10,000 units
each per product and a store, then runs wrk with 32 connections for DURATION seconds, each
request reserving 1 unit of a random product. Afterwards it checks there is no oversell: the
reserved sum over the store equals the 201 responses, and no record holds more reserved than
in stock. Prints wrk's rate and latency percentiles.

Usage: bench/inventory/reserve_http_bench.py [BUILD_DIR] [DURATION]
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else "build"
duration = int(sys.argv[2]) if len(sys.argv) > 2 else 10
binary = os.path.join(build if build.startswith("/") else os.path.join(ROOT, build), "bin",
                      "emporion")
data = tempfile.mkdtemp(prefix="emporion-reserve-bench-")
env = dict(os.environ, EMPORION_ADMIN_PASSWORD="Bench-Passw0rd!")
proc = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", "--data", data],
                        stdout=subprocess.PIPE, stderr=open(os.path.join(data, "err.log"), "w"),
                        env=env, text=True)
try:
    port = int(proc.stdout.readline().strip().rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def call(method, path, body=None, token=None):
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        conn.request(method, path, body=None if body is None else json.dumps(body), headers=h)
        r = conn.getresponse()
        text = r.read()
        if r.status >= 300:
            raise SystemExit(f"{method} {path} -> {r.status}: {text[:300]!r}")
        return json.loads(text) if text else None

    token = call("POST", "/api/v1/auth/token", {"grant_type": "password", "username": "admin",
                                                "password": "Bench-Passw0rd!"})["access_token"]
    call("POST", "/api/v1/catalogs", {"id": "bench", "name": "Bench", "defaultLanguage": "en-US"},
         token)
    products = [f"p{i}" for i in range(100)]
    call("POST", "/api/v1/products/bulk", {"items": [
        {"id": p, "code": "SKU-" + p, "name": p, "catalogId": "bench"} for p in products]}, token)
    call("POST", "/api/v1/fulfillment-centers/bulk",
         {"items": [{"id": "main", "name": "Main"}, {"id": "second", "name": "Second"}]}, token)
    call("POST", "/api/v1/stores", {"id": "bench", "name": "Bench", "catalogId": "bench",
                                    "defaultLanguage": "en-US", "defaultCurrency": "USD",
                                    "mainFulfillmentCenterId": "main",
                                    "additionalFulfillmentCenterIds": ["second"]}, token)
    call("POST", "/api/v1/inventories/sync", {"items": [
        {"productId": p, "fulfillmentCenterId": c, "inStockQuantity": 10_000}
        for p in products for c in ("main", "second")]}, token)

    lua = os.path.join(data, "reserve.lua")
    with open(lua, "w") as f:
        f.write(f"""
math.randomseed(42)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
request = function()
  local p = "p" .. math.random(0, 99)
  return wrk.format(nil, "/api/v1/inventories/reservations",
    nil, '{{"storeId":"bench","reference":"wrk","items":[{{"productId":"' .. p .. '","quantity":1}}]}}')
end
""")
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{duration}s", "--latency", "-s", lua,
                          f"http://127.0.0.1:{port}"], capture_output=True, text=True).stdout
    print(out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    ok = total - (int(non2xx.group(1)) if non2xx else 0)
    items = []
    for start in range(0, 100, 50):
        items += call("GET", "/api/v1/inventories/availability?storeId=bench&productIds=" +
                      ",".join(products[start:start + 50]), token=token)["items"]
    reserved = sum(i["reserved"] for i in items)
    # wrk stops counting at the deadline while up to 32 requests are still in flight, so compare
    # with what the server recorded: one change-history entry per reservation made.
    made = call("GET", "/api/v1/changes?entityType=inventory.reservation&limit=1",
                token=token)["total"]
    oversold = sum(1 for i in items for c in i["byFulfillmentCenter"] if c["reserved"] > c["inStock"])
    print(f"201 responses counted by wrk: {ok}; reservations made: {made}; reserved sum: "
          f"{reserved} ({'matches' if reserved == made else 'MISMATCH'}); oversold records: "
          f"{oversold}")
finally:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(data, ignore_errors=True)
