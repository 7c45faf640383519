// In-process inventory benchmarks on SQLite (WAL, synchronous=FULL, the defaults), through the
// module's services as the HTTP handlers call them:
//   availability  - Availability(store, 100 product ids) over a store with two centers, N runs,
//                   median and p99 of single calls;
//   reserve       - 32 threads reserving 1 unit each of random products for a fixed time, one
//                   durable commit per reservation; throughput, median and p99, then a check
//                   that no record is oversold and the sums match the successes.
// Usage: emporion_inventory_bench [availability|reserve|all] [seconds-for-reserve]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "emporion/inventory/types.hpp"
#include "modules/catalog/service/catalog_manager.hpp"
#include "modules/inventory/service/inventory_manager.hpp"
#include "platform/core/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migration.hpp"
#include "platform/events/event_bus.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}
namespace emporion::catalog {
const std::vector<emporion::db::Migration>& Migrations();
}
namespace emporion::inventory {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace {

using namespace emporion;
using Clock = std::chrono::steady_clock;

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, r.error().detail().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

/// CPU time of the calling thread: what a call costs, without the run-queue waits of a shared,
/// loaded machine.
double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

struct World {
  std::filesystem::path dir;
  std::unique_ptr<db::Database> db;
  SystemClock clock;
  events::EventBus bus;
  std::unique_ptr<catalog::CatalogManager> catalog;
  std::unique_ptr<inventory::InventoryManager> inventory;
  std::vector<std::string> products;
  const std::string store = "bench-store";
};

void Setup(World& w, int products, std::int64_t stock) {
  std::random_device rd;
  w.dir = std::filesystem::temp_directory_path() / ("emporion-inv-bench-" + std::to_string(rd()));
  std::filesystem::create_directories(w.dir);
  w.db = Must(db::Open("sqlite://" + (w.dir / "bench.db").string()), "open");
  Must(db::Migrate(*w.db,
                   {&platform::Migrations(), &catalog::Migrations(), &inventory::Migrations()}),
       "migrate");
  w.catalog = std::make_unique<catalog::CatalogManager>(*w.db, w.clock, &w.bus);
  w.inventory = std::make_unique<inventory::InventoryManager>(*w.db, w.clock, &w.bus, *w.catalog);
  inventory::StoreLinks links;
  links.fulfillment_of =
      [](const std::string&) -> Result<std::optional<inventory::StoreFulfillment>> {
    return std::optional<inventory::StoreFulfillment>(
        inventory::StoreFulfillment{"main", {"second"}});
  };
  links.stores_using = [](const std::string&) -> Result<std::vector<std::string>> {
    return std::vector<std::string>{};
  };
  w.inventory->SetStoreLinks(links);
  catalog::Caller cc;
  catalog::Catalog cat;
  cat.meta.id = "bench";
  cat.name = "Bench";
  cat.default_language = "en-US";
  cat.languages = {"en-US"};
  Must(w.catalog->CreateCatalog(cc, cat), "catalog");
  std::vector<catalog::Product> items;
  for (int i = 0; i < products; ++i) {
    catalog::Product p;
    p.meta.id = "p" + std::to_string(i);
    p.code = "SKU-" + std::to_string(i);
    p.name = "Product " + std::to_string(i);
    p.catalog_id = "bench";
    items.push_back(p);
    w.products.push_back(p.meta.id);
  }
  Must(w.catalog->BulkProducts(cc, items), "products");
  inventory::Caller ic;
  std::vector<inventory::FulfillmentCenter> centers(2);
  centers[0].meta.id = "main";
  centers[0].name = "Main";
  centers[1].meta.id = "second";
  centers[1].name = "Second";
  Must(w.inventory->BulkCenters(ic, centers), "centers");
  inventory::codec::SyncRequest sync;
  for (const auto& id : w.products) {
    for (const char* c : {"main", "second"}) {
      inventory::SyncItem s;
      s.product_id = id;
      s.fulfillment_center_id = c;
      s.in_stock_quantity = stock;
      sync.items.push_back(s);
    }
  }
  Must(w.inventory->Sync(ic, sync), "stock");
}

void Teardown(World& w) {
  w.inventory.reset();
  w.catalog.reset();
  w.db.reset();
  std::error_code ec;
  std::filesystem::remove_all(w.dir, ec);
}

void BenchAvailability() {
  World w;
  Setup(w, 100, 50);
  for (int i = 0; i < 200; ++i) Must(w.inventory->Availability(w.store, w.products), "warm");
  std::vector<double> us;
  std::vector<double> cpu_us;
  const int runs = 5000;
  for (int i = 0; i < runs; ++i) {
    const double c0 = ThreadCpuMicros();
    const auto t0 = Clock::now();
    auto r = Must(w.inventory->Availability(w.store, w.products), "availability");
    const auto t1 = Clock::now();
    const double c1 = ThreadCpuMicros();
    if (r.size() != 100 || r[0].available != 100) std::exit(2);
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    cpu_us.push_back(c1 - c0);
  }
  std::printf(
      "availability(100 products, 2 centers): runs=%d wall median=%.0f us p99=%.0f us "
      "max=%.0f us; thread CPU median=%.0f us p99=%.0f us\n",
      runs, Percentile(us, 0.5), Percentile(us, 0.99), Percentile(us, 1.0), Percentile(cpu_us, 0.5),
      Percentile(cpu_us, 0.99));
  Teardown(w);
}

void BenchReserve(int seconds) {
  World w;
  const std::int64_t stock = 200;  // per product and center: 100 x 2 x 200 = 40,000 units
  Setup(w, 100, stock);
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> ok{0};
  std::atomic<std::int64_t> short_stock{0};
  std::atomic<std::int64_t> failed{0};
  std::vector<std::vector<double>> lat(32);
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t) * 7919U + 1U);
      std::uniform_int_distribution<int> pick(0, 99);
      while (!stop.load()) {
        inventory::ReservationRequest req;
        req.store_id = w.store;
        req.reference = "bench";
        req.items.push_back({w.products[static_cast<std::size_t>(pick(rng))], 1});
        const auto t0 = Clock::now();
        auto r = w.inventory->Reserve("bench", req);
        const auto t1 = Clock::now();
        lat[static_cast<std::size_t>(t)].push_back(
            std::chrono::duration<double, std::micro>(t1 - t0).count());
        if (r.ok()) {
          ++ok;
        } else if (r.error().code() == ErrorCode::kConflict) {
          ++short_stock;
        } else {
          ++failed;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& th : threads) th.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : lat) all.insert(all.end(), l.begin(), l.end());
  // No oversell: every record reserved <= in stock, and the reserved sum equals the successes.
  auto tx = Must(w.db->Begin(db::TxMode::kRead), "read");
  auto row = Must(tx->QueryOne("SELECT COALESCE(SUM(reserved), 0), COALESCE(SUM(CASE WHEN reserved "
                               "> in_stock THEN 1 ELSE 0 END), 0) FROM inventory_records",
                               {}),
                  "sums");
  const std::int64_t reserved = row ? row->Int(0) : -1;
  const std::int64_t oversold = row ? row->Int(1) : -1;
  std::printf(
      "reserve(32 threads, %ds, synchronous=FULL): ok=%lld short=%lld errors=%lld "
      "throughput=%.0f/s median=%.0f us p99=%.0f us; reserved sum=%lld (%s), oversold "
      "records=%lld\n",
      seconds, static_cast<long long>(ok.load()), static_cast<long long>(short_stock.load()),
      static_cast<long long>(failed.load()), static_cast<double>(ok.load()) / elapsed,
      Percentile(all, 0.5), Percentile(all, 0.99), static_cast<long long>(reserved),
      reserved == ok.load() ? "matches" : "MISMATCH", static_cast<long long>(oversold));
  tx.reset();
  Teardown(w);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "all";
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;
  if (what == "availability" || what == "all") BenchAvailability();
  if (what == "reserve" || what == "all") BenchReserve(seconds);
  return 0;
}
