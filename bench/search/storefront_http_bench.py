#!/usr/bin/env python3
"""Storefront search over HTTP against the real server (issue 6): wrk, 64 connections.

Starts BUILD_DIR/bin/emporion with the demo data (`--seed demo`: store `electronics-store`,
catalog `electronics`, price lists demo-usd / demo-wholesale / demo-sale, two fulfillment
centers), grows the catalog to PRODUCTS generated products through the import job
(bench/gen/catalog_gen; in parts of at most 256 MB, as the route takes at most 1 GiB), gives every product a USD price, 40% a wholesale price and 10% a sale
price through the price-list CSV import jobs (parts of 200,000 rows: a body holds at most 16 MiB),
stock in both centers through the ERP sync, waits
until the search index holds every product with nothing pending, then runs wrk with a Lua script
that sends a mix of storefront queries: keyword (sometimes a prefix or a typo) + 2 filters +
5 facets + a price range + sort by price. Also measures how long a restart takes until the
index answers again (snapshot load).

Usage: bench/search/storefront_http_bench.py [BUILD_DIR] [PRODUCTS] [DURATION] [CONNECTIONS]
Environment: BENCH_DB=postgresql://... to run on PostgreSQL; BENCH_KEEP=DIR keeps (and reuses)
the data directory, so a second run skips the loading; BENCH_WARMUP=10s (default) of unmeasured
wrk before the measured run (0 for none: the first seconds then include filling the query
cache).
"""
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else "build"
products_n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
duration = sys.argv[3] if len(sys.argv) > 3 else "20s"
connections = int(sys.argv[4]) if len(sys.argv) > 4 else 64
bindir = os.path.join(build if build.startswith("/") else os.path.join(ROOT, build), "bin")
PASSWORD = "Bench-Passw0rd!"
STORE = "electronics-store"
IMPORT_PART = 256 << 20
PRICE_PART = 200_000

keep = os.environ.get("BENCH_KEEP")
warmup = os.environ.get("BENCH_WARMUP", "10s")
data = keep or tempfile.mkdtemp(prefix="emporion-storefront-bench-")
os.makedirs(data, exist_ok=True)
loaded_marker = os.path.join(data, "bench-loaded-%d" % products_n)


def start():
    args = [os.path.join(bindir, "emporion"), "serve", "--listen", "127.0.0.1:0", "--data",
            os.path.join(data, "data"), "--seed", "demo"]
    if os.environ.get("BENCH_DB"):
        args += ["--db", os.environ["BENCH_DB"]]
    env = dict(os.environ, EMPORION_ADMIN_PASSWORD=PASSWORD)
    t0 = time.time()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                            stderr=open(os.path.join(data, "stderr.log"), "a"), env=env, text=True)
    line = proc.stdout.readline()
    if "listening on" not in line:
        raise SystemExit("server did not start; see " + os.path.join(data, "stderr.log"))
    return proc, int(line.strip().rsplit(":", 1)[1]), t0


class Api:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
        self.token = None
        self.token = self.call("POST", "/api/v1/auth/token",
                               "grant_type=password&username=admin&password=" + PASSWORD,
                               ctype="application/x-www-form-urlencoded")["access_token"]

    def call(self, method, path, body=None, ctype="application/json", ok=(200, 201, 202, 204)):
        h = {"Content-Type": ctype}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        payload = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
        self.conn.request(method, path, body=payload, headers=h)
        r = self.conn.getresponse()
        text = r.read()
        if r.status not in ok:
            raise SystemExit(f"{method} {path} -> {r.status}: {text[:300]!r}")
        return json.loads(text) if text else None

    def wait_job(self, job):
        while True:
            j = self.call("GET", "/api/v1/jobs/" + job["id"])
            if j["status"] in ("succeeded", "failed", "cancelled"):
                if j["status"] != "succeeded":
                    raise SystemExit("job failed: " + json.dumps(j)[:500])
                return j
            time.sleep(0.5)


def product_index(api):
    for item in api.call("GET", "/api/v1/search/indexes")["items"]:
        if item["type"] == "product":
            return item
    raise SystemExit("no product index")


def load(api):
    gen = os.path.join(data, "products.jsonl")
    # The products of an interrupted earlier load are kept (at 1M their import takes minutes).
    imported_marker = os.path.join(data, "bench-imported-%d" % products_n)
    if not os.path.exists(imported_marker):
        with open(gen, "w") as out:
            subprocess.run([os.path.join(bindir, "catalog_gen"), "--products", str(products_n),
                            "--seed", "42", "--no-virtual"], stdout=out, check=True,
                           stderr=subprocess.DEVNULL)
    skus = []
    with open(gen) as f:
        for line in f:
            if '"type":"product"' in line:
                skus.append(json.loads(line)["code"])
    # Generating takes minutes: the server has closed the idle keep-alive connection meanwhile
    # (http.client opens a new one on the next request).
    api.conn.close()
    if not os.path.exists(imported_marker):
        import_products(api, gen, len(skus))
        open(imported_marker, "w").close()
    load_prices_and_stock(api, skus)
    open(loaded_marker, "w").close()
    return len(skus)


def import_products(api, gen, count):
    t0 = time.time()
    # In parts of at most IMPORT_PART bytes (whole lines, in order): the import route takes at
    # most 1 GiB per request, and 1,000,000 products are about 1.8 GB.
    with open(gen, "rb") as f:
        part = []
        size = 0
        for line in f:
            if size + len(line) > IMPORT_PART and part:
                api.wait_job(api.call("POST", "/api/v1/catalog/imports", b"".join(part),
                                      ctype="application/x-ndjson"))
                part, size = [], 0
            part.append(line)
            size += len(line)
        if part:
            api.wait_job(api.call("POST", "/api/v1/catalog/imports", b"".join(part),
                                  ctype="application/x-ndjson"))
    print(f"import of {count} products: {time.time() - t0:.1f} s", flush=True)


def load_prices_and_stock(api, skus):
    rnd = random.Random(7)
    t0 = time.time()
    for price_list, share, sale in (("demo-usd", 1.0, False), ("demo-wholesale", 0.4, False),
                                    ("demo-sale", 0.1, True)):
        rows = []
        for sku in skus:
            if rnd.random() < share:
                cents = rnd.randint(500, 250000)
                lst = f"{cents // 100}.{cents % 100:02d}"
                sale_price = f"{cents * 8 // 1000}.{cents * 8 // 10 % 100:02d}" if sale else ""
                rows.append(f"{sku},{lst},{sale_price},1")
        # In parts of PRICE_PART rows: a request body may hold at most 16 MiB (1M rows ~25 MB).
        for i in range(0, len(rows), PRICE_PART):
            body = "\n".join(["sku,list,sale,minQuantity"] + rows[i:i + PRICE_PART]) + "\n"
            api.wait_job(api.call("POST", f"/api/v1/price-lists/{price_list}/imports", body,
                                  ctype="text/csv"))
    print(f"price import: {time.time() - t0:.1f} s", flush=True)
    centers = [c["id"] for c in api.call("GET", "/api/v1/fulfillment-centers?limit=100")["items"]]
    t0 = time.time()
    for fc in centers[:2]:
        for i in range(0, len(skus), 50_000):
            items = [{"sku": s, "fulfillmentCenterId": fc,
                      "inStockQuantity": 0 if rnd.random() < 0.15 else rnd.randint(1, 500)}
                     for s in skus[i:i + 50_000]]
            api.call("POST", "/api/v1/inventories/sync", {"mode": "absolute", "items": items})
    print(f"stock sync: {time.time() - t0:.1f} s", flush=True)


def wait_indexed(api, at_least, limit_s=3600):
    t0 = time.time()
    while time.time() - t0 < limit_s:
        idx = product_index(api)
        if idx["documents"] >= at_least and idx.get("pending", 0) == 0 and not idx.get("rebuilding"):
            return time.time() - t0, idx
        time.sleep(0.5)
    raise SystemExit("index did not catch up: " + json.dumps(product_index(api)))


LUA = r"""
math.randomseed(42)
local words = {"laptop", "headphones", "speaker", "monitor", "keyboard", "mouse", "camera",
  "smartphone", "tablet", "router", "charger", "drone", "wireless", "premium", "compact", "ultra",
  "smart", "pro", "lite", "turbo", "acme", "globex", "hooli", "stark", "wayne"}
local typos = {"laptpo", "hedphones", "speeker", "monitr", "keybaord", "camrea", "smartphnoe",
  "tablte", "ruoter", "chargre"}
local filters = {"brand:Acme,Globex", "material:Aluminium", "brand:Hooli", "waterproof:true",
  "material:Glass,Plastic", "brand:Stark,Wayne,Wonka"}
local ranges = {"price:[10 TO 500)", "price:[100 TO 1000)", "price:[0 TO 200)", "price:[50 TO *]"}
local function enc(s) return (s:gsub("[^%w%-%._~]", function(c)
  return string.format("%%%02X", string.byte(c)) end)) end
request = function()
  local r = math.random(100)
  local q
  if r <= 70 then q = words[math.random(#words)]
  elseif r <= 85 then local w = words[math.random(#words)]; q = w:sub(1, math.max(3, #w - 3))
  else q = typos[math.random(#typos)] end
  local filter = filters[math.random(#filters)] .. " " .. ranges[math.random(#ranges)]
  local path = "/api/v1/storefront/stores/@STORE@/products?q=" .. enc(q) ..
    "&filter=" .. enc(filter) .. "&facets=brand,material,color,waterproof,warranty_years,price" ..
    "&sort=price:asc&limit=20&currency=USD"
  return wrk.format("GET", path, {["Authorization"] = "Bearer @TOKEN@"})
end
"""


def server_cpu(pid):
    """The server's user + sys CPU seconds (fields 14 and 15 of /proc/PID/stat)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    proc, port, _ = start()
    try:
        api = Api(port)
        if not os.path.exists(loaded_marker):
            n = load(api)
        else:
            n = products_n
        waited, idx = wait_indexed(api, n)
        print(f"index caught up {waited:.1f} s after loading: {json.dumps(idx)}", flush=True)
        # Loading replaced every product several times (prices, stock): measure a compacted
        # index, as the server keeps it (it rebuilds when dead slots outnumber live documents).
        # A kept data directory whose index is compact already (no dead slots) is not rebuilt.
        t0 = time.time()
        while product_index(api).get("rebuilding"):
            time.sleep(0.5)
        if product_index(api).get("deleted", 0) > 0:
            job = api.call("POST", "/api/v1/search/indexes/product/rebuild", ok=(202, 409))
            if job and "id" in job:
                api.wait_job(job)
            waited, idx = wait_indexed(api, n)
            print(f"rebuild from the database: {time.time() - t0:.1f} s: {json.dumps(idx)}",
                  flush=True)
        else:
            print("index compact (no deleted documents): not rebuilt", flush=True)
        lua = os.path.join(data, "storefront.lua")
        with open(lua, "w") as f:
            f.write(LUA.replace("@STORE@", STORE).replace("@TOKEN@", api.token))
        sample = api.call("GET", f"/api/v1/storefront/stores/{STORE}/products?q=laptop"
                          "&filter=brand:Acme%20price:%5B10%20TO%20500)&facets=brand,price"
                          "&sort=price:asc&limit=2&currency=USD")
        print("sample: total", sample["total"], "facets", len(sample["facets"]), flush=True)
        # Unmeasured first (BENCH_WARMUP, default 10s; 0 for none): a running store's server has
        # its query cache filled (the mix's words, ranges, price column, sort thresholds).
        if warmup not in ("0", "0s"):
            warm = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{warmup}", "-s", lua,
                                   f"http://127.0.0.1:{port}"], capture_output=True, text=True,
                                  check=True).stdout
            rate = [ln for ln in warm.splitlines() if ln.startswith("Requests/sec")]
            print(f"warm-up {warmup}: {rate[0] if rate else '?'}", flush=True)
        cpu0 = server_cpu(proc.pid)
        load0 = open("/proc/loadavg").read().split()[0]
        out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency",
                              "-s", lua, f"http://127.0.0.1:{port}"], capture_output=True,
                             text=True, check=True).stdout
        cpu = server_cpu(proc.pid) - cpu0
        print(out, flush=True)
        requests = 0
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1] == "requests" and parts[0].isdigit():
                requests = int(parts[0])
        if requests:
            print(f"server CPU during wrk: {cpu:.1f} s = {cpu / requests * 1e6:.0f} us per request "
                  f"({requests} requests); load {load0} -> "
                  f"{open('/proc/loadavg').read().split()[0]}", flush=True)
        # Restart: time until the product index answers with every document again.
        proc.terminate()
        proc.wait(timeout=120)
        proc, port, t0 = start()
        api = Api(port)
        wait_indexed(api, n, limit_s=600)
        print(f"restart until the index answers with {n} products: {time.time() - t0:.1f} s "
              f"(load {open('/proc/loadavg').read().split()[0]})", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=120)
        if not keep:
            shutil.rmtree(data, ignore_errors=True)


main()
