// PostgresDatabase: libpq with a connection pool. Each transaction holds one pooled connection;
// statements are prepared once per connection (named by a hash of the SQL) with `?` rewritten
// to `$n`. Write transactions are serialized (a mutex in-process, an advisory lock across
// processes) as Database promises; reads are REPEATABLE READ snapshots. SQLSTATE 23505 maps to kAlreadyExists, 23503 to kConflict, 40001/40P01 to
// kUnavailable, connection loss to kUnavailable (the connection is dropped from the pool).
// Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace emporion::db {

struct PostgresOptions {
  int pool_size = 16;
  int connect_timeout_seconds = 10;
};

class PgConnection;

class PostgresDatabase final : public Database {
 public:
  static Result<std::unique_ptr<PostgresDatabase>> Open(const std::string& url,
                                                        const PostgresOptions& options);
  ~PostgresDatabase() override;

  Result<std::unique_ptr<Transaction>> Begin(TxMode mode) override;
  [[nodiscard]] Dialect dialect() const override { return Dialect::kPostgres; }
  [[nodiscard]] std::string Describe() const override;
  Status Ping() override;

  /// Returns a connection to the pool (or drops it when broken). Used by transactions.
  void Release(std::unique_ptr<PgConnection> conn);

 private:
  PostgresDatabase(std::string url, PostgresOptions options);
  Result<std::unique_ptr<PgConnection>> Acquire();

  std::string url_;
  PostgresOptions options_;
  std::mutex write_mutex_;  // held by the one open write transaction of this process
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // GUARDED_BY(mutex_)
  int open_ = 0;                                      // GUARDED_BY(mutex_)
};

/// Rewrites `?` placeholders (outside quotes and comments) to `$1..$n`.
std::string RewritePlaceholders(std::string_view sql);

}  // namespace emporion::db
