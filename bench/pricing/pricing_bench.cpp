// Pricing benchmark (in process): generates a SQLite database with N prices (default 1,000,000)
// in 50 price lists with 50 assignments (user-group conditions), then
//   1. evaluates 100 random products for a shopper with 3 user groups, many times, and prints
//      the median and p99 latency of PricingManager::Evaluate;
//   2. imports a CSV of M rows (default 0 = skip) into a fresh list through the import path
//      (RFC 4180 reader, row parsing, SKU lookup, ImportRows in chunks of
//      api::kImportChunkRows) and prints the time.
// Every figure is printed as wall time and as CPU time of the benchmark thread (user + system):
// on a shared machine the wall figures include run-queue waits, the CPU figures do not.
// The database is kept, so the HTTP benchmark (bench/pricing/http_bench.sh) can serve it.
//   emporion_pricing_bench DB_PATH [PRICES] [IMPORT_ROWS] [ITERATIONS] [price-events]
// The import writes one event and change entry per chunk (PricingOptions'
// import_events_per_chunk, the server's default); `price-events` writes one per price instead.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "emporion/pricing/pricing_module.hpp"
#include "modules/pricing/api/price_io.hpp"
#include "modules/pricing/service/pricing_manager.hpp"
#include "platform/csv/csv.hpp"
#include "platform/db/migration.hpp"
#include "platform/db/sqlite/sqlite_database.hpp"

namespace emporion::platform {
const std::vector<emporion::db::Migration>& Migrations();
}

namespace {

using namespace emporion;
using Clock = std::chrono::steady_clock;

constexpr int kLists = 50;
constexpr int kPricesPerProduct = 5;
const char* kGroups[] = {"Retail", "Wholesale", "VIP", "Gold", "Silver", "Staff", "B2B", "Edu"};

/// The catalog as the bench sees it: product "p<i>" has SKU "SKU-<i>"; nothing else is asked.
class BenchCatalog : public catalog::CatalogService {
 public:
  Result<catalog::Product> FindProduct(const std::string& id, catalog::ProductView) override {
    catalog::Product p;
    p.meta.id = id;
    return p;
  }
  Result<std::vector<catalog::Product>> FindProducts(const std::vector<std::string>& ids,
                                                     catalog::ProductView) override {
    std::vector<catalog::Product> out;
    for (const auto& id : ids) {
      catalog::Product p;
      p.meta.id = id;
      p.code = "SKU-" + id.substr(1);
      out.push_back(p);
    }
    return out;
  }
  Result<catalog::Product> FindProductByCode(const std::string& code,
                                             catalog::ProductView) override {
    if (code.rfind("SKU-", 0) != 0) return Error::NotFound("unknown");
    catalog::Product p;
    p.meta.id = "p" + code.substr(4);
    p.code = code;
    return p;
  }
  Result<catalog::Page<catalog::Product>> QueryProducts(const catalog::ProductQuery&,
                                                        const catalog::Window&,
                                                        catalog::ProductView) override {
    return catalog::Page<catalog::Product>{};
  }
  Result<catalog::Category> FindCategory(const std::string&) override {
    return Error::NotFound("unknown");
  }
  Result<catalog::Catalog> FindCatalog(const std::string&) override {
    return Error::NotFound("unknown");
  }
};

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.error().detail().c_str());
    std::exit(1);
  }
}

std::int64_t CountPrices(db::Database& db) {
  auto tx = db.Begin(db::TxMode::kRead);
  auto row = (*tx)->QueryOne("SELECT COUNT(*) FROM pricing_prices", {});
  return row.ok() && *row ? (*row)->Int(0) : 0;
}

void Generate(db::Database& db, pricing::PricingManager& m, std::int64_t prices) {
  const pricing::Caller c{"bench", "bench"};
  std::vector<pricing::PriceList> lists;
  std::vector<pricing::Assignment> assignments;
  for (int l = 0; l < kLists; ++l) {
    pricing::PriceList pl;
    pl.meta.id = "L" + std::to_string(l);
    pl.name = "List " + std::to_string(l);
    pl.currency = l % 10 == 9 ? "EUR" : "USD";
    lists.push_back(pl);
    pricing::Assignment a;
    a.meta.id = "A" + std::to_string(l);
    a.price_list_id = pl.meta.id;
    a.name = "Assignment " + std::to_string(l);
    a.priority = l;
    if (l % 5 != 0) {  // every fifth list is for everyone
      a.conditions = {
          {"or",
           "",
           {{"userGroup", kGroups[l % 8], {}},
            {"and", "", {{"country", "DE", {}}, {"userGroup", kGroups[(l + 3) % 8], {}}}}}}};
    }
    assignments.push_back(a);
  }
  Check(m.BulkPriceLists(c, lists).ok() ? Ok() : Status(Error::Internal("lists")), "lists");
  auto done = m.BulkAssignments(c, assignments);
  Check(done.ok() ? Ok() : Status(std::move(done).error()), "assignments");

  // Bulk load without the indexes, then build them (much faster than indexed inserts).
  {
    auto tx = db.Begin(db::TxMode::kWrite);
    Check((*tx)->ExecScript("DROP INDEX IF EXISTS pricing_prices_product; DROP INDEX IF EXISTS "
                            "pricing_prices_list;"),
          "drop indexes");
    Check((*tx)->Commit(), "commit");
  }
  const std::int64_t products = prices / kPricesPerProduct;
  constexpr int kRowsPerStatement = 100;
  std::string sql =
      "INSERT INTO pricing_prices (id, price_list_id, product_id, list_amount, sale_amount, "
      "min_quantity, start_date, end_date, version, created_at, created_by, modified_at, "
      "modified_by) VALUES ";
  for (int i = 0; i < kRowsPerStatement; ++i) {
    sql += i == 0 ? "" : ", ";
    sql += "(?, ?, ?, ?, NULL, 1, NULL, NULL, 1, 0, 'bench', 0, 'bench')";
  }
  const auto start = Clock::now();
  std::int64_t written = 0;
  db::Params params;
  std::unique_ptr<db::Transaction> tx;
  for (std::int64_t p = 0; p < products; ++p) {
    for (int k = 0; k < kPricesPerProduct; ++k) {
      const int list = static_cast<int>((p * 7 + k * 11) % kLists);
      params.push_back(db::Param("x" + std::to_string(p) + "-" + std::to_string(k)));
      params.push_back(db::Param("L" + std::to_string(list)));
      params.push_back(db::Param("p" + std::to_string(p)));
      params.push_back(db::Value{std::int64_t{10'000} * (1 + (p % 500))});
      if (params.size() == 4 * kRowsPerStatement) {
        if (!tx) tx = std::move(db.Begin(db::TxMode::kWrite)).value();
        auto r = tx->Exec(sql, params);
        Check(r.ok() ? Ok() : Status(std::move(r).error()), "insert");
        params.clear();
        written += kRowsPerStatement;
        if (written % 200'000 == 0) {
          Check(tx->Commit(), "commit");
          tx.reset();
          if (written % 2'000'000 == 0) {
            std::fprintf(stderr, "  %lld prices\n", static_cast<long long>(written));
          }
        }
      }
    }
  }
  if (tx) {
    Check(tx->Commit(), "commit");
    tx.reset();  // releases the writer
  }
  auto itx = db.Begin(db::TxMode::kWrite);
  Check((*itx)->ExecScript(
            "CREATE INDEX pricing_prices_product ON pricing_prices (product_id, price_list_id, "
            "min_quantity, start_date, end_date, list_amount, sale_amount); CREATE INDEX "
            "pricing_prices_list ON pricing_prices (price_list_id, "
            "product_id); ANALYZE;"),
        "indexes");
  Check((*itx)->Commit(), "commit");
  std::printf("generated %lld prices (%lld products, %d lists) in %.1f s\n",
              static_cast<long long>(written), static_cast<long long>(products), kLists,
              std::chrono::duration<double>(Clock::now() - start).count());
}

/// CPU time of the calling thread in microseconds (user + system).
double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

void BenchEvaluate(pricing::PricingManager& m, std::int64_t products, int iterations) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::int64_t> pick(0, products - 1);
  std::vector<double> micros;
  std::vector<double> cpu_micros;
  std::size_t priced = 0;
  // BENCH_WARMUP_CALLS (default 50) calls are not measured: the first load the assignment
  // snapshot and warm the caches; thousands also map the index pages (steady state of a server).
  const char* warmup_env = std::getenv("BENCH_WARMUP_CALLS");
  const int warmup = warmup_env != nullptr && *warmup_env ? std::stoi(warmup_env) : 50;
  for (int i = 0; i < iterations + warmup; ++i) {
    pricing::EvaluationRequest r;
    r.currency = "USD";
    r.user_groups = {"Wholesale", "VIP", "Gold"};
    r.country = "DE";
    for (int k = 0; k < 100; ++k) r.product_ids.push_back("p" + std::to_string(pick(rng)));
    const double c0 = ThreadCpuMicros();
    const auto t0 = Clock::now();
    auto out = m.Evaluate(r);
    const auto t1 = Clock::now();
    const double c1 = ThreadCpuMicros();
    Check(out.ok() ? Ok() : Status(std::move(out).error()), "evaluate");
    if (i >= warmup) {
      micros.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      cpu_micros.push_back(c1 - c0);
      priced += out->size();
    }
  }
  std::printf(
      "evaluate 100 products, 3 groups, 50 assignments: wall median %.0f us, p99 %.0f us; "
      "CPU median %.0f us, p99 %.0f us (%d runs, %.1f priced per call)\n",
      Percentile(micros, 0.5), Percentile(micros, 0.99), Percentile(cpu_micros, 0.5),
      Percentile(cpu_micros, 0.99), iterations, static_cast<double>(priced) / iterations);
}

void BenchImport(pricing::PricingManager& m, std::int64_t rows) {
  const pricing::Caller c{"bench", "bench"};
  pricing::PriceList pl;
  pl.meta.id = "import-" + std::to_string(rows);
  pl.name = "Import " + std::to_string(rows) + " " + std::to_string(std::random_device{}());
  pl.currency = "USD";
  auto created = m.CreatePriceList(c, pl);
  Check(created.ok() ? Ok() : Status(std::move(created).error()), "import list");
  std::string csv = "sku,list,sale,minQuantity,startDate,endDate\n";
  for (std::int64_t i = 0; i < rows; ++i) {
    csv += "SKU-" + std::to_string(i) + "," + std::to_string(10 + i % 90) + ".5,,1,,\n";
  }
  const auto start = Clock::now();
  const double cpu_start = ThreadCpuMicros();
  std::istringstream csv_in(csv);
  csv::Reader reader(csv_in);
  std::vector<std::string> fields;
  std::string csv_error;
  std::vector<pricing::ImportRow> chunk;
  std::int64_t imported = 0;
  std::int64_t bad = 0;
  auto row_error = [&](std::size_t, std::string) { ++bad; };
  auto flush = [&] {
    std::vector<std::string> skus;
    for (const auto& r : chunk) skus.push_back(r.sku);
    auto ids = m.ResolveSkus(skus);
    Check(ids.ok() ? Ok() : Status(std::move(ids).error()), "skus");
    for (auto& r : chunk) r.price.product_id = ids->at(r.sku);
    auto done = m.ImportRows(c, pl.meta.id, std::move(chunk), row_error);
    Check(done.ok() ? Ok() : Status(std::move(done).error()), "import");
    imported += done->created + done->updated;
    chunk.clear();
  };
  bool header = true;
  while (reader.Next(fields, csv_error)) {
    const auto* rec = &fields;
    if (header) {
      header = false;
      continue;
    }
    pricing::ImportRow row;
    row.row = reader.line();
    if (pricing::api::ParsePriceRow(*rec, row.price, row.sku)) {
      ++bad;
      continue;
    }
    chunk.push_back(std::move(row));
    if (chunk.size() >= pricing::api::kImportChunkRows) flush();
  }
  if (!chunk.empty()) flush();
  const double cpu = ThreadCpuMicros() - cpu_start;
  std::printf(
      "import %lld CSV rows (%s): wall %.1f s, CPU %.1f s (%.1f us/row) (%lld imported, %lld "
      "rejected)\n",
      static_cast<long long>(rows),
      m.options().import_events_per_chunk ? "events per chunk" : "events per price",
      std::chrono::duration<double>(Clock::now() - start).count(), cpu / 1e6,
      cpu / static_cast<double>(rows), static_cast<long long>(imported),
      static_cast<long long>(bad));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB_PATH [PRICES] [IMPORT_ROWS] [ITERATIONS] [price-events]\n",
                 argv[0]);
    return 2;
  }
  const std::string path = std::filesystem::absolute(argv[1]).string();
  const std::int64_t prices = argc > 2 ? std::stoll(argv[2]) : 1'000'000;
  const std::int64_t import_rows = argc > 3 ? std::stoll(argv[3]) : 0;
  const int iterations = argc > 4 ? std::stoi(argv[4]) : 2000;
  // The server's SQLite options, except that BENCH_SQLITE_MMAP_MB overrides mmap_size (an
  // experiment knob: the evaluation's index lies beyond the default 256 MB at 10M prices).
  db::SqliteOptions sqlite_options;
  if (const char* mmap_mb = std::getenv("BENCH_SQLITE_MMAP_MB"); mmap_mb && *mmap_mb) {
    sqlite_options.mmap_size = std::stoll(mmap_mb) << 20;
  }
  auto sqlite = db::SqliteDatabase::Open(path, sqlite_options);
  Check(sqlite.ok() ? Ok() : Status(std::move(sqlite).error()), "open");
  std::unique_ptr<db::Database> database = std::move(sqlite).value();
  auto migrated = db::Migrate(*database, {&platform::Migrations(), &pricing::Migrations()});
  Check(migrated.ok() ? Ok() : Status(std::move(migrated).error()), "migrate");
  emporion::FakeClock clock(1'795'000'000'000'000);
  BenchCatalog catalog;
  pricing::PricingOptions options;
  options.import_events_per_chunk = !(argc > 5 && std::string(argv[5]) == "price-events");
  pricing::PricingManager m(*database, clock, nullptr, catalog, options);
  if (CountPrices(*database) < prices) Generate(*database, m, prices);
  std::printf("database: %s, %lld prices; machine: 2 cores shared with other builds\n",
              path.c_str(), static_cast<long long>(CountPrices(*database)));
  BenchEvaluate(m, prices / kPricesPerProduct, iterations);
  if (import_rows > 0) BenchImport(m, import_rows);
  return 0;
}
