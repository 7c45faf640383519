// emporion_storefront_bench: the storefront product search's request path in process, without
// HTTP: the query of the storefront HTTP bench's wrk mix (storefront_http_bench.py: a keyword,
// 2 filters, a price range, 5 facets + the price facet, sort by price, 20 items) built by
// BuildProductQuery, answered by the engine loaded from a server's snapshot, and shaped by
// ProductsResponse. Prints the CPU time per phase (query, engine, response) and per request;
// deterministic, so it also serves callgrind (instruction counts) on a shared machine.
//
// Usage: emporion_storefront_bench SNAPSHOT_DIR [QUERIES] [PRICE_LISTS] [FULFILLMENT_CENTERS]
//   SNAPSHOT_DIR  <data>/search/engine of a server (e.g. the HTTP bench's BENCH_KEEP directory)
//   QUERIES       2000
//   PRICE_LISTS   the shopper's ranked lists, comma-separated (demo-sale,demo-usd: the admin)
//   FULFILLMENT_CENTERS  comma-separated; default: none (availability 0)
// Environment: BENCH_WARMUP=N unmeasured queries first (default 1000); BENCH_SLOWEST=N prints
// the N slowest requests (words, filter, total).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "emporion/search/engine.hpp"
#include "modules/search/api/storefront_query.hpp"
#include "modules/search/api/storefront_response.hpp"

namespace {

using namespace emporion;
using namespace emporion::search_module;

double CpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    const size_t comma = std::min(s.find(',', start), s.size());
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

/// The mix of storefront_http_bench.py's Lua script.
ProductSearchParams MixQuery(std::mt19937_64& rnd) {
  static const std::vector<std::string> kWords = {
      "laptop",     "headphones", "speaker", "monitor", "keyboard", "mouse",    "camera",
      "smartphone", "tablet",     "router",  "charger", "drone",    "wireless", "premium",
      "compact",    "ultra",      "smart",   "pro",     "lite",     "turbo",    "acme",
      "globex",     "hooli",      "stark",   "wayne"};
  static const std::vector<std::string> kTypos = {"laptpo",   "hedphones", "speeker",    "monitr",
                                                  "keybaord", "camrea",    "smartphnoe", "tablte",
                                                  "ruoter",   "chargre"};
  static const std::vector<std::string> kFilters = {
      "brand:Acme,Globex", "material:Aluminium",     "brand:Hooli",
      "waterproof:true",   "material:Glass,Plastic", "brand:Stark,Wayne,Wonka"};
  static const std::vector<std::string> kRanges = {"price:[10 TO 500)", "price:[100 TO 1000)",
                                                   "price:[0 TO 200)", "price:[50 TO *]"};
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rnd)];
  };
  ProductSearchParams p;
  const int r = std::uniform_int_distribution<int>(1, 100)(rnd);
  if (r <= 70) {
    p.q = pick(kWords);
  } else if (r <= 85) {
    const std::string& w = pick(kWords);
    p.q = w.substr(0, std::max<size_t>(3, w.size() - 3));
  } else {
    p.q = pick(kTypos);
  }
  p.filter = pick(kFilters) + " " + pick(kRanges);
  p.facets = {"brand", "material", "color", "waterproof", "warranty_years", "price"};
  p.sort = {{"price", false}};
  p.price_ranges = DefaultPriceRanges();
  p.limit = 20;
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: emporion_storefront_bench SNAPSHOT_DIR [QUERIES] [PRICE_LISTS] "
                 "[FULFILLMENT_CENTERS]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const size_t queries = argc > 2 ? std::stoul(argv[2]) : 2000;
  StorefrontContext ctx;
  ctx.store_id = "electronics-store";
  ctx.catalog_id = "electronics";
  ctx.language = "en-US";
  ctx.currency = "USD";
  ctx.price_lists = Split(argc > 3 ? argv[3] : "demo-sale,demo-usd");
  ctx.fulfillment_centers = Split(argc > 4 ? argv[4] : "");
  ctx.now_millis = static_cast<std::int64_t>(std::time(nullptr)) * 1000;

  auto engine = search::MakeEmbeddedEngine();
  const double t0 = CpuNow();
  auto loaded = engine->LoadSnapshot(dir);
  if (!loaded.ok()) {
    std::fprintf(stderr, "cannot load %s: %s\n", dir.c_str(), loaded.error().detail().c_str());
    return 1;
  }
  std::printf("snapshot loaded: %.2f s CPU, %llu products\n", CpuNow() - t0,
              static_cast<unsigned long long>(engine->Stats("product").documents));
  {
    const search::IndexStats stats = engine->Stats("product");
    std::printf("index memory %.0f MB, mapped %.0f MB; largest parts:",
                static_cast<double>(stats.memory_bytes) / 1e6,
                static_cast<double>(stats.mapped_bytes) / 1e6);
    for (size_t i = 0; i < std::min<size_t>(8, stats.memory_parts.size()); ++i) {
      std::printf(" %s %.0f MB;", stats.memory_parts[i].name.c_str(),
                  static_cast<double>(stats.memory_parts[i].bytes) / 1e6);
    }
    std::printf("\n");
  }
  search::Engine* e = engine.get();
  const KindOfField kind_of = [e](std::string_view f) { return e->KindOf("product", f); };

  std::mt19937_64 rnd(42);
  // Unmeasured first queries (BENCH_WARMUP, default 1000) fill the query cache as a running
  // server's traffic has: the mix's words, ranges and the shopper's price column.
  const char* warmup_env = std::getenv("BENCH_WARMUP");
  const size_t warmup = warmup_env != nullptr ? std::stoul(warmup_env) : 1000;
  for (size_t i = 0; i < warmup; ++i) {
    auto query = BuildProductQuery(MixQuery(rnd), ctx, kind_of);
    if (!query.ok() || !e->Search("product", *query).ok()) {
      std::fprintf(stderr, "warm-up query failed\n");
      return 1;
    }
  }
  std::printf("warm-up: %zu queries\n", warmup);
  std::vector<double> per_request;
  double query_cpu = 0;
  double engine_cpu = 0;
  double response_cpu = 0;
  size_t bytes = 0;
  uint64_t totals = 0;
  struct Timed {
    double cpu;
    std::string what;
    uint64_t total;
  };
  std::vector<Timed> slowest;
  for (size_t i = 0; i < queries; ++i) {
    const ProductSearchParams params = MixQuery(rnd);
    const double a = CpuNow();
    auto query = BuildProductQuery(params, ctx, kind_of);
    if (!query.ok()) {
      std::fprintf(stderr, "query: %s\n", query.error().detail().c_str());
      return 1;
    }
    const double b = CpuNow();
    auto result = e->Search("product", *query);
    if (!result.ok()) {
      std::fprintf(stderr, "search: %s\n", result.error().detail().c_str());
      return 1;
    }
    const double c = CpuNow();
    const std::string body = ProductsResponse(*result, ctx);
    const double d = CpuNow();
    query_cpu += b - a;
    engine_cpu += c - b;
    response_cpu += d - c;
    per_request.push_back(d - a);
    slowest.push_back({d - a, params.q + " | " + params.filter, result->total});
    bytes += body.size();
    totals += result->total;
    if (i == 0) {
      std::printf("first response: %.300s...\n", body.c_str());
      if (!result->hits.empty()) {
        std::printf("first hit's stored document (%zu bytes): %s\n", result->hits[0].stored.size(),
                    result->hits[0].stored.c_str());
      }
    }
  }
  std::sort(per_request.begin(), per_request.end());
  if (const char* n_env = std::getenv("BENCH_SLOWEST")) {
    const size_t n = std::min<size_t>(std::stoul(n_env), slowest.size());
    std::partial_sort(slowest.begin(), slowest.begin() + static_cast<std::ptrdiff_t>(n),
                      slowest.end(), [](const Timed& x, const Timed& y) { return x.cpu > y.cpu; });
    for (size_t i = 0; i < n; ++i) {
      std::printf("slow: %6.0f us  total %7llu  %s\n", slowest[i].cpu * 1e6,
                  static_cast<unsigned long long>(slowest[i].total), slowest[i].what.c_str());
    }
  }
  auto pct = [&](double p) {
    return per_request[std::min(per_request.size() - 1,
                                static_cast<size_t>(p * static_cast<double>(per_request.size())))] *
           1e6;
  };
  const double n = static_cast<double>(queries);
  std::printf(
      "%zu requests: CPU per request mean %.0f us (query %.0f, engine %.0f, response %.0f), "
      "p50 %.0f us, p90 %.0f us, p99 %.0f us; mean total %.0f, mean body %.0f bytes\n",
      queries, (query_cpu + engine_cpu + response_cpu) / n * 1e6, query_cpu / n * 1e6,
      engine_cpu / n * 1e6, response_cpu / n * 1e6, pct(0.5), pct(0.9), pct(0.99),
      static_cast<double>(totals) / n, static_cast<double>(bytes) / n);
  return 0;
}
