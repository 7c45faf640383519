// SQLite point reads by primary key: one read transaction per lookup (a request with one read),
// and many lookups in one read transaction (a request that reads several rows).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "platform/db/database.hpp"

namespace emporion::db {
namespace {

constexpr int kRows = 10'000;

class SqliteFixture {
 public:
  SqliteFixture() {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("emporion-bench-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    auto opened = Open("sqlite://" + (dir_ / "bench.db").string());
    if (!opened.ok()) throw std::runtime_error(opened.error().detail());
    db_ = std::move(opened).value();
    auto tx = db_->Begin(TxMode::kWrite);
    if (!tx.ok()) throw std::runtime_error(tx.error().detail());
    if (!(*tx)
             ->ExecScript("CREATE TABLE products (id TEXT PRIMARY KEY, version INTEGER, "
                          "doc TEXT NOT NULL)")
             .ok()) {
      throw std::runtime_error("create table failed");
    }
    const std::string doc(1500, 'x');
    for (int i = 0; i < kRows; ++i) {
      if (!(*tx)
               ->Exec("INSERT INTO products (id, version, doc) VALUES (?, ?, ?)",
                      {Param(Id(i)), Param(1), Param(doc)})
               .ok()) {
        throw std::runtime_error("insert failed");
      }
    }
    if (!(*tx)->Commit().ok()) throw std::runtime_error("commit failed");
  }
  ~SqliteFixture() {
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  SqliteFixture(const SqliteFixture&) = delete;
  SqliteFixture& operator=(const SqliteFixture&) = delete;

  static std::string Id(int i) { return "product-" + std::to_string(i); }
  Database& db() { return *db_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

void BM_SqlitePointReadOwnTransaction(benchmark::State& state) {
  SqliteFixture fixture;
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, kRows - 1);
  for (auto _ : state) {
    auto tx = fixture.db().Begin(TxMode::kRead);
    auto row = (*tx)->QueryOne("SELECT version, doc FROM products WHERE id = ?",
                               {Param(SqliteFixture::Id(pick(rng)))});
    benchmark::DoNotOptimize(row.ok());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SqlitePointReadOwnTransaction);

void BM_SqlitePointReadsInOneTransaction(benchmark::State& state) {
  SqliteFixture fixture;
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, kRows - 1);
  constexpr int kPerTransaction = 100;
  for (auto _ : state) {
    auto tx = fixture.db().Begin(TxMode::kRead);
    for (int i = 0; i < kPerTransaction; ++i) {
      auto row = (*tx)->QueryOne("SELECT version, doc FROM products WHERE id = ?",
                                 {Param(SqliteFixture::Id(pick(rng)))});
      benchmark::DoNotOptimize(row.ok());
    }
  }
  state.SetItemsProcessed(state.iterations() * kPerTransaction);
}
BENCHMARK(BM_SqlitePointReadsInOneTransaction);

}  // namespace
}  // namespace emporion::db
