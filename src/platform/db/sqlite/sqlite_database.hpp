// SqliteDatabase: the embedded default. One file in WAL mode; one writer connection guarded by
// a mutex (SQLite allows one writer anyway, and waiting in-process is cheaper than busy-retry);
// a pool of reader connections, each read transaction a consistent snapshot.
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

struct sqlite3;

namespace emporion::db {

struct SqliteOptions {
  /// "FULL" (default: a committed write survives power loss) or "NORMAL".
  std::string synchronous = "FULL";
  std::int64_t mmap_size = 256LL << 20;
  int busy_timeout_ms = 10000;
};

class SqliteConnection;

class SqliteDatabase final : public Database {
 public:
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path,
                                                      const SqliteOptions& options);
  ~SqliteDatabase() override;

  Result<std::unique_ptr<Transaction>> Begin(TxMode mode) override;
  [[nodiscard]] Dialect dialect() const override { return Dialect::kSqlite; }
  [[nodiscard]] std::string Describe() const override { return "sqlite:" + path_; }
  Status Ping() override;

  // Used by transactions to hand connections back.
  void ReleaseReader(std::unique_ptr<SqliteConnection> conn);

 private:
  SqliteDatabase(std::string path, SqliteOptions options);
  Result<std::unique_ptr<SqliteConnection>> Connect();

  std::string path_;
  SqliteOptions options_;
  std::mutex write_mutex_;  // held by the one open write transaction
  std::unique_ptr<SqliteConnection> writer_;  // GUARDED_BY(write_mutex_)
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;  // GUARDED_BY(pool_mutex_)
};

}  // namespace emporion::db
