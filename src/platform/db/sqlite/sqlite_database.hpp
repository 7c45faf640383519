// SqliteDatabase: the embedded default. One file in WAL mode; one writer connection guarded by
// a mutex (SQLite allows one writer anyway, and waiting in-process is cheaper than busy-retry);
// a pool of reader connections, each read transaction a consistent snapshot. WAL checkpoints run
// on a background thread (see SqliteOptions::checkpoint_pages), not in the committing request.
// Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/db/database.hpp"

struct sqlite3;

namespace emporion::db {

struct SqliteOptions {
  /// "FULL" (default: a committed write survives power loss) or "NORMAL".
  std::string synchronous = "FULL";
  /// How much of the file each connection maps (SQLite caps it at 2 GB - 64 KB). Reads within it
  /// cost no system call: price evaluation over 10M prices reads ~100 index pages per request,
  /// which lay beyond a 256 MB window (preads: a third of its CPU). The windows are unmapped
  /// every idle_release_ms, so only recently read pages stay resident however large it is.
  std::int64_t mmap_size = 2048LL << 20;
  /// Page cache per connection, in KiB. The writer's is large (bulk imports rewrite index pages
  /// over and over); readers see most pages through the mmap window above and are many (one per
  /// concurrent read transaction), so each keeps a smaller one.
  int writer_cache_kib = 64 * 1024;
  int reader_cache_kib = 16 * 1024;
  int busy_timeout_ms = 10000;
  /// After a commit leaves at least this many pages in the WAL, a background thread copies them
  /// into the database file (a PASSIVE checkpoint, which blocks neither readers nor the writer).
  /// SQLite's own auto-checkpoint (same threshold) would run it inside the commit of whichever
  /// request crossed it, fsyncs included.
  int checkpoint_pages = 1000;
  /// A connection unused for this long (a pooled reader; the writer when no write transaction
  /// began) hands its page cache back to the allocator, from the same background thread: an
  /// import leaves the writer's full. The cache refills from the file on demand. With the same
  /// period every pooled connection, busy or not, unmaps its mmap window (whose file pages count
  /// as resident memory while mapped; a rebuild's walk of the file maps all of it); the next
  /// read maps it again, from the kernel's page cache. 0: never.
  int idle_release_ms = 5000;
  /// Under load, a busy connection keeps its window for busy_window_ms instead: the database
  /// counts as loaded when more than busy_reads_per_second read transactions per second began
  /// over the last period (the pollers of an idle server begin ~20). Unmapping a working set
  /// every 5 s made every request after it fault its pages back (price evaluation's p99).
  int busy_reads_per_second = 200;
  int busy_window_ms = 60000;
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

  /// Bytes held by the page caches of the writer and the pooled readers (connections in use by
  /// a transaction are not counted). For diagnostics and tests.
  std::int64_t IdleCacheBytes();

 private:
  SqliteDatabase(std::string path, SqliteOptions options);
  Result<std::unique_ptr<SqliteConnection>> Connect(int cache_kib, std::int64_t mmap_size);
  static int OnWalCommit(void* self, sqlite3* db, const char* name, int pages);
  void CheckpointLoop();
  void ReleaseIdleCaches();

  std::string path_;
  SqliteOptions options_;
  std::mutex write_mutex_;                    // held by the one open write transaction
  std::unique_ptr<SqliteConnection> writer_;  // GUARDED_BY(write_mutex_)
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;  // GUARDED_BY(pool_mutex_)
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wake_;
  bool checkpoint_due_ = false;  // GUARDED_BY(checkpoint_mutex_)
  bool stopping_ = false;        // GUARDED_BY(checkpoint_mutex_)
  std::thread checkpointer_;
  std::atomic<std::int64_t> last_write_ms_{0};  // steady clock, when a write transaction began
  std::int64_t writer_released_after_ = -1;     // last_write_ms_ at the last release (its thread)
  std::atomic<std::uint64_t> reads_begun_{0};   // read transactions begun, ever
  std::uint64_t reads_at_release_ = 0;          // reads_begun_ at the last release (its thread)
  std::int64_t last_release_ms_ = 0;            // steady clock, the last release (its thread)
};

}  // namespace emporion::db
